#!/usr/bin/env bash
# Set up, ingest data/ and answer the Haidian question (the chat page will open here once it lands).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/newsbot ingest
.venv/bin/newsbot ask "谁在海淀区工会第十七次代表大会上讲话？"
