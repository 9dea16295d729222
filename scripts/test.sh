#!/usr/bin/env bash
# Set up and run the whole test suite (real model, real index, real server, real Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -x /usr/bin/chromium ]; then
  # The browser tests drive Debian's Chromium through Playwright (never `playwright install`).
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
export GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1
# Lint, format and types first: a minute at most, and they fail fast.
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
