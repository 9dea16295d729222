"""Cold start: process start to first answer for `sagebot ask`, and to a ready `sagebot serve`; and where the
time goes (the import of each heavy library, each in a fresh process).

    .venv/bin/python benchmarks/cold_start.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = ["numpy", "faiss", "bm25s", "torch", "transformers", "sentence_transformers", "gradio", "sagebot.cli"]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def serve_ready(env: dict[str, str]) -> float:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "sagebot", "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1)
                return time.perf_counter() - start
            except OSError:
                if server.poll() is not None or time.perf_counter() - start > 120:
                    raise SystemExit("server did not start") from None
                time.sleep(0.05)
    finally:
        server.terminate()
        server.wait(timeout=30)


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
