#!/usr/bin/env bash
# The main job: set up, build (or update) the index of ./corpus, then serve the chat at http://127.0.0.1:7860
# Extra arguments go to `sagebot serve` (e.g. --port 8000, --host 0.0.0.0).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1
.venv/bin/sagebot index
exec .venv/bin/sagebot serve "$@"
