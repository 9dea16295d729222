"""Web benchmark: `sagebot serve` start-to-ready time, and /api/ask p50 over 50 questions against the
in-process Assistant on the same questions, in the same run. Only 127.0.0.1 is contacted.

    .venv/bin/python benchmarks/web.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from _server import running_server

ROOT = Path(__file__).resolve().parent.parent


def post(url: str, body: dict) -> dict:
    req = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as response:
        return json.loads(response.read())


def main() -> None:
    from sagebot import evaluate
    from sagebot.assistant import Assistant
    from sagebot.settings import Settings

    questions = [c.question for c in evaluate.load_cases(ROOT / "eval" / "dev.jsonl")][:50]
    env = {**os.environ, "SAGEBOT_ANSWER_CACHE_SIZE": "0", "GRADIO_ANALYTICS_ENABLED": "False"}
    subprocess.run([sys.executable, "-m", "sagebot", "index"], cwd=ROOT, env=env, check=True, capture_output=True)

    with running_server(env) as (base, ready):
        url = f"{base}/api/ask"
        post(url, {"question": "warm up"})
        http = []
        for q in questions:
            t = time.perf_counter()
            post(url, {"question": q})
            http.append(time.perf_counter() - t)

    assistant = Assistant(Settings(corpus_dir=ROOT / "corpus", index_dir=ROOT / "index", answer_cache_size=0))
    assistant.ask("warm up")
    local = []
    for q in questions:
        t = time.perf_counter()
        assistant.ask(q)
        local.append(time.perf_counter() - t)

    print(f"`sagebot serve` process start to ready (index present): {ready:.2f} s")
    print(
        f"/api/ask over HTTP   p50 {statistics.median(http) * 1000:7.2f} ms  ({len(questions)} questions, sequential)"
    )
    print(f"in-process ask       p50 {statistics.median(local) * 1000:7.2f} ms")
    print(f"  ratio HTTP/in-process: {statistics.median(http) / statistics.median(local):.2f}x")


if __name__ == "__main__":
    main()
