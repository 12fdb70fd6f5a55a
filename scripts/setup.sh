#!/usr/bin/env bash
# Create .venv and install newsbot with its pinned dependencies (idempotent: a stamp per pyproject).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
stamp=".venv/.newsbot-setup-$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    echo "newsbot: installing into .venv (first run: a few minutes) …" >&2
    .venv/bin/python -m pip install -q --upgrade pip
    # the CPU build of torch first: an unpinned torch would pull gigabytes of CUDA
    .venv/bin/python -m pip install -q torch==2.13.0
    .venv/bin/python -m pip install -q -e '.[dev]'
    rm -f .venv/.newsbot-setup-*
    touch "$stamp"
fi
