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
    # torch, the other wheels and pip's unpacking need ~4 GB; say so plainly instead of pip's OSError
    free_mb=$(df -Pm . | awk 'NR == 2 {print $4}')
    if [ "$free_mb" -lt 4096 ]; then
        echo "newsbot: only ${free_mb} MB free on $(df -P . | awk 'NR == 2 {print $6}'); installing needs about 4 GB — free some space and run again" >&2
        exit 1
    fi
    echo "newsbot: installing into .venv (first run: a few minutes) …" >&2
    .venv/bin/python -m pip install -q --upgrade pip
    # the CPU build of torch first: an unpinned torch would pull gigabytes of CUDA
    .venv/bin/python -m pip install -q torch==2.13.0
    .venv/bin/python -m pip install -q -e '.[dev]'
    rm -f .venv/.newsbot-setup-*
    touch "$stamp"
fi
