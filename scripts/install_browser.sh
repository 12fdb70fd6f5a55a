#!/usr/bin/env bash
# Install Debian's chromium and CJK fonts for the browser tests, only when chromium is missing.
# (`playwright install` downloads its own browser, which fails offline; the tests use this one.)
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "newsbot: chromium is missing; as root run: apt-get install -y chromium fonts-noto-cjk" >&2
    exit 1
fi
echo "newsbot: installing chromium and CJK fonts for the browser tests …" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
