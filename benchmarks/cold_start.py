"""Cold start: process start to first answer for `sagebot ask` (wall and peak memory) against a bare process that
loads the same ONNX graph with onnxruntime + tokenizers, encodes the question and searches the same FAISS file;
the same `ask` through the sentence-transformers reference encoder; `sagebot serve` start to ready; the server's
memory after 1,000 questions; and where the time goes (the import of each heavy library, each in a fresh process).

    .venv/bin/python benchmarks/cold_start.py [--repeat 3] [--questions 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from _server import running_server

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
IMPORTS = [
    "numpy",
    "faiss",
    "bm25s",
    "onnxruntime",
    "tokenizers",
    "torch",
    "transformers",
    "sentence_transformers",
    "gradio",
    "sagebot.cli",
]
QUESTION = "What is a subnet?"


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of one process, from its own rusage."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            raise SystemExit(f"{command} failed: {errors.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def median_of(command: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    runs = [measured(command, env) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def bare_command(env: dict[str, str]) -> list[str]:
    from sagebot.settings import load_settings

    settings = load_settings()
    index_dir = ROOT / settings.index_dir
    generation = index_dir / (index_dir / "CURRENT").read_text().strip()
    graph = (settings.encoder_cache_dir or index_dir / "encoder") / "model.onnx"
    tokenizer = settings.resolved_model_path() / "tokenizer.json"
    return [
        sys.executable,
        str(HERE / "_bare_onnx.py"),
        str(graph),
        str(tokenizer),
        str(generation / "dense.faiss"),
        QUESTION,
    ]


def serve_ready(env: dict[str, str]) -> float:
    with running_server(env) as (_, seconds):
        return seconds


def rss_mib(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process, MiB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def server_memory(env: dict[str, str], questions: int, clients: int = 8) -> dict[str, float]:
    """Memory of `sagebot serve` when ready and after `questions` /api/ask requests from `clients` threads (the
    dev set's questions, numbered so that most are new to the answer cache)."""
    from sagebot import evaluate

    base_questions = [c.question for c in evaluate.load_cases(ROOT / "eval" / "dev.jsonl")]
    asked = [
        base_questions[i % len(base_questions)] + ("" if i < len(base_questions) else f" ({i})")
        for i in range(questions)
    ]
    process: list[subprocess.Popen] = []
    errors: list[str] = []
    with running_server(env, on_start=process.append) as (base, _):
        pid = process[0].pid
        ready = rss_mib(pid)[0]

        def client(k: int) -> None:
            for question in asked[k::clients]:
                body = json.dumps({"question": question}).encode()
                request = urllib.request.Request(f"{base}/api/ask", body, {"Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        response.read()
                except OSError as exc:
                    errors.append(type(exc).__name__)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        after, peak = rss_mib(pid)
    return {"ready": ready, "after": after, "peak": peak, "errors": len(errors), "seconds": elapsed}


def reference_ask(ask_command: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """The same question through the sentence-transformers reference (its own index: the encoder is recorded)."""
    work = Path(tempfile.mkdtemp(prefix="sagebot-cold-"))
    try:
        reference_env = {**env, "SAGEBOT_ENCODER": "sentence-transformers", "SAGEBOT_INDEX_DIR": str(work / "index")}
        subprocess.run(
            [sys.executable, "-m", "sagebot", "index"], cwd=ROOT, env=reference_env, check=True, capture_output=True
        )
        return median_of(ask_command, reference_env, repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--questions", type=int, default=1000, help="questions asked before the server's RSS")
    parser.add_argument("--no-imports", action="store_true", help="skip the per-library import timings")
    parser.add_argument(
        "--no-reference", action="store_true", help="skip the ask through sentence-transformers (builds its own index)"
    )
    args = parser.parse_args()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    subprocess.run([sys.executable, "-m", "sagebot", "index"], cwd=ROOT, env=env, check=True, capture_output=True)
    python = measured([sys.executable, "-c", "pass"], env)[0]
    ask_command = [sys.executable, "-m", "sagebot", "ask", QUESTION]
    bare = median_of(bare_command(env), env, args.repeat)
    ask = median_of(ask_command, env, args.repeat)

    reference = None if args.no_reference else reference_ask(ask_command, env, args.repeat)
    serve = statistics.median(serve_ready(env) for _ in range(args.repeat))
    memory = server_memory(env, args.questions)

    print(f"bare python start: {python:.2f} s")
    print(
        f"bare ONNX process (onnxruntime + tokenizers load the graph, encode, FAISS search; median of "
        f"{args.repeat}): {bare[0]:.2f} s, peak {bare[1]:.0f} MiB"
    )
    print(
        f"`sagebot ask` process start to answer printed (median of {args.repeat}): {ask[0]:.2f} s, "
        f"peak {ask[1]:.0f} MiB"
    )
    print(f"  ratio ask/bare: wall {ask[0] / bare[0]:.2f}x, peak memory {ask[1] / bare[1]:.2f}x   (target <= 2x)")
    if reference:
        print(
            f"`sagebot ask` with the sentence-transformers encoder (SAGEBOT_ENCODER=sentence-transformers): "
            f"{reference[0]:.2f} s, peak {reference[1]:.0f} MiB  ({reference[0] / ask[0]:.1f}x the ONNX ask's wall)"
        )
    print(f"`sagebot serve` process start to ready (median of {args.repeat}): {serve:.2f} s   (target <= 4 s)")
    print(
        f"`sagebot serve` RSS: {memory['ready']:.0f} MiB when ready, {memory['after']:.0f} MiB after "
        f"{args.questions:,} /api/ask questions from 8 clients (peak {memory['peak']:.0f} MiB; "
        f"{memory['errors']} errors, {args.questions / memory['seconds']:.0f} answers/s)   (target <= 450 MB)"
    )
    if args.no_imports:
        return
    print("| import (fresh process, includes what it imports) | seconds |\n|---|---|")
    for module in IMPORTS:
        seconds = statistics.median(
            measured([sys.executable, "-c", f"import {module}"], env)[0] - python for _ in range(args.repeat)
        )
        print(f"| {module} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
