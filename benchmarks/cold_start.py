"""Cold start: process start to first answer for `sagebot ask`, and to a ready `sagebot serve`; and where the
time goes (the import of each heavy library, each in a fresh process).

    .venv/bin/python benchmarks/cold_start.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _server import running_server

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = ["numpy", "faiss", "bm25s", "torch", "transformers", "sentence_transformers", "gradio", "sagebot.cli"]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def serve_ready(env: dict[str, str]) -> float:
    with running_server(env) as (_, seconds):
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-imports", action="store_true", help="skip the per-library import timings")
    args = parser.parse_args()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    subprocess.run([sys.executable, "-m", "sagebot", "index"], cwd=ROOT, env=env, check=True, capture_output=True)
    python = timed([sys.executable, "-c", "pass"], env)
    ask = statistics.median(timed([sys.executable, "-m", "sagebot", "ask", "What is a subnet?"], env)
                            for _ in range(args.repeat))
    serve = statistics.median(serve_ready(env) for _ in range(args.repeat))
    print(f"bare python start: {python:.2f} s")
    print(f"`sagebot ask` process start to answer printed (median of {args.repeat}): {ask:.2f} s")
    print(f"`sagebot serve` process start to ready (median of {args.repeat}): {serve:.2f} s")
    if args.no_imports:
        return
    print("| import (fresh process, includes what it imports) | seconds |\n|---|---|")
    for module in IMPORTS:
        seconds = statistics.median(
            timed([sys.executable, "-c", f"import {module}"], env) - python for _ in range(args.repeat))
        print(f"| {module} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
