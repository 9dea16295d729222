"""Load: N concurrent clients ask over `/api/ask` of a `sagebot serve` on 127.0.0.1 for a bounded time;
throughput, p50/p95 and errors, against the in-process rate measured in the same run. Traffic goes to
127.0.0.1 only, and every loop is bounded in time and count.

    .venv/bin/python benchmarks/load.py [--clients 10 50] [--seconds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from _server import running_server

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS_PER_CLIENT = 5000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def run_clients(url: str, questions: list[str], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        for n in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= stop:
                return
            body = json.dumps({"question": questions[(offset + n) % len(questions)]}).encode()
            request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                with lock:
                    latencies.append(time.perf_counter() - start)
            except (urllib.error.URLError, OSError) as exc:
                with lock:
                    errors.append(type(exc).__name__)

    threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": len(errors),
        "throughput": len(latencies) / elapsed,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from sagebot import evaluate
    from sagebot.assistant import Assistant
    from sagebot.settings import Settings

    questions = [c.question for c in evaluate.load_cases(ROOT / "eval" / "dev.jsonl")]
    env = {**os.environ, "SAGEBOT_ANSWER_CACHE_SIZE": "0", "GRADIO_ANALYTICS_ENABLED": "False"}
    subprocess.run([sys.executable, "-m", "sagebot", "index"], cwd=ROOT, env=env, check=True, capture_output=True)

    assistant = Assistant(Settings(corpus_dir=ROOT / "corpus", index_dir=ROOT / "index", answer_cache_size=0))
    assistant.ask(questions[0])
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < min(args.seconds, 10) and count < 2000:
        assistant.ask(questions[count % len(questions)])
        count += 1
    in_process = count / (time.perf_counter() - start)

    with running_server(env) as (base, _):
        rows = [run_clients(f"{base}/api/ask", questions, clients, args.seconds) for clients in args.clients]

    print(f"in-process ask (one thread, no cache): {in_process:.1f} answers/s")
    print("| clients | requests | errors | answers/s | vs in-process | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['clients']} | {r['requests']} | {r['errors']} | {r['throughput']:.1f} | "
            f"{r['throughput'] / in_process:.2f}x | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} |"
        )
    if args.json:
        args.json.write_text(json.dumps({"in_process": in_process, "rows": rows}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
