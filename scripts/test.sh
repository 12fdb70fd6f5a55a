#!/usr/bin/env bash
# Set up, then run every check: ruff, mypy and the whole pytest suite, the real-model (llm) tests
# included: scripts/get_test_llm.sh builds llama-cpp-python once (~6 min) and fetches the test GGUF
# (1.1 GB) once; NEWSBOT_TEST_LLM_REQUIRED=1 makes a missing model a failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/install_browser.sh
bash scripts/get_test_llm.sh >/dev/null
export NEWSBOT_TEST_LLM_REQUIRED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False GRADIO_ANALYTICS_ENABLED=False
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy bot vectorstore
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "newsbot: pytest collected no tests — that is a failure" >&2
    exit 1
fi
exit "$status"
