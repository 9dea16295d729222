#!/usr/bin/env bash
# Set up sagebot in ./.venv: CPU-only PyTorch first (so nothing pulls a multi-GB CUDA build), then the project.
# Safe to re-run. Set TORCH_INDEX_URL to PyTorch's CPU wheel index on machines whose pip is not set up for it.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check --quiet)
"${PIP[@]}" install --upgrade pip
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  if [ -n "${TORCH_INDEX_URL:-}" ]; then
    "${PIP[@]}" install "torch==2.13.0" --index-url "$TORCH_INDEX_URL"
  else
    "${PIP[@]}" install "torch==2.13.0"
  fi
fi
"${PIP[@]}" install -c constraints.txt -e ".[${SAGEBOT_EXTRAS:-test}]"  # the versions CI tested
