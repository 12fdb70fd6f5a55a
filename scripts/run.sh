#!/usr/bin/env bash
# Set up, ingest data/ and open the chat page on http://127.0.0.1:7860 (NEWSBOT_HOST/NEWSBOT_PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/newsbot ingest
.venv/bin/newsbot serve
