#!/usr/bin/env bash
# Set up and run the whole test suite (real model, real index, real processes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1
.venv/bin/python -m pytest "$@"
