#!/usr/bin/env bash
# The main job: set up, build the index of ./corpus, and answer a sample question.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1
.venv/bin/sagebot index
.venv/bin/sagebot ask "Where does SageMaker keep its algorithm containers?"
