"""Load with faults: for --seconds, concurrent clients ask over `/api/ask` of a `sagebot serve` on 127.0.0.1
while another process rebuilds the index again and again (a lab-notes file added, changed and removed between
builds) and the server swaps each new index in. Every answer names the index generation it came from; every
citation is checked against that generation's chunk store, kept aside by the builder. Traffic goes to
127.0.0.1 only, and every loop is bounded in time and count.

    .venv/bin/python benchmarks/faults.py [--seconds 30] [--clients 6] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from _server import running_server

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS_PER_CLIENT = 5000
MAX_BUILDS = 500
LAB_QUESTIONS = ["Which region does the lab cluster run in?", "How many GPUs does the lab cluster have?"]


def lab_notes(version: int) -> str:
    regions = ["eu-west-1", "us-east-2", "ap-south-1"]
    return (
        f"# Lab notes\n\n## Lab cluster\n\nThe lab cluster runs in the {regions[version % 3]} region. "
        f"The lab cluster has {4 + version} GPUs for student training jobs.\n"
    )


def build_loop(work: Path, seconds: float) -> None:
    """Rebuild the index for `seconds`, changing the corpus before each build; after each build keep a copy
    of the new generation's chunk store (the next build deletes the generation itself). The clock starts
    once the model is loaded, and the deadline is written to work/deadline for the clients."""
    from sagebot.index.build import build
    from sagebot.index.encoder import Encoder
    from sagebot.settings import Settings

    corpus, index, snapshots = work / "corpus", work / "index", work / "snapshots"
    settings = Settings(corpus_dir=corpus, index_dir=index)
    encoder = Encoder(settings)
    encoder.model  # noqa: B018 -- load it before the clock starts
    until = time.time() + seconds
    (work / "deadline").write_text(str(until), encoding="utf-8")
    extra = corpus / "lab-notes.md"
    builds = []
    for n in range(MAX_BUILDS):
        if time.time() >= until:
            break
        if n % 3 == 2:
            extra.unlink(missing_ok=True)
        else:
            extra.write_text(lab_notes(n), encoding="utf-8")
        started = time.perf_counter()
        report = build(settings, encoder)
        shutil.copy(index / report.generation / "chunks.jsonl", snapshots / f"{report.generation}.jsonl")
        builds.append(
            {
                "generation": report.generation,
                "seconds": time.perf_counter() - started,
                "embedded": report.embedded,
                "chunks": report.chunks,
            }
        )
    (snapshots / "builds.json").write_text(json.dumps(builds), encoding="utf-8")


def citation_problems(body: dict, snapshots: Path, cache: dict[str, list[dict] | None]) -> list[str]:
    generation = body.get("index_generation", "")
    if generation not in cache:
        path = snapshots / f"{generation}.jsonl"
        cache[generation] = [json.loads(line) for line in path.open(encoding="utf-8")] if path.exists() else None
    chunks = cache[generation]
    if chunks is None:
        return [f"answer names index {generation!r}, which no build made"] if body["citations"] else []
    problems = []
    for c in body["citations"]:
        if not any(
            ch["source"] == c["source"]
            and ch["text"] == c["text"]
            and ch["start"] <= c["start"]
            and c["end"] <= ch["end"]
            and ch["text"][c["start"] - ch["start"] : c["end"] - ch["start"]] == c["quote"]
            for ch in chunks
        ):
            problems.append(f"[{c['n']}] {c['quote'][:60]!r} is not in {generation}")
    return problems


def run(seconds: float, clients: int) -> dict:
    from sagebot import evaluate

    questions = [c.question for c in evaluate.load_cases(ROOT / "eval" / "dev.jsonl")] + LAB_QUESTIONS * 10
    work = Path(tempfile.mkdtemp(prefix="sagebot-faults-"))
    try:
        corpus, index, snapshots = work / "corpus", work / "index", work / "snapshots"
        shutil.copytree(ROOT / "corpus", corpus)
        snapshots.mkdir()
        env = {
            **os.environ,
            "SAGEBOT_CORPUS_DIR": str(corpus),
            "SAGEBOT_INDEX_DIR": str(index),
            "SAGEBOT_ANSWER_CACHE_SIZE": "0",
            "SAGEBOT_RELOAD_CHECK_SECONDS": "0.5",
            "GRADIO_ANALYTICS_ENABLED": "False",
            "HF_HUB_OFFLINE": "1",
        }
        with running_server(env) as (base, _):
            # The generation serve built at start is kept aside too, before the builder replaces it.
            first = (index / "CURRENT").read_text(encoding="utf-8").strip()
            shutil.copy(index / first / "chunks.jsonl", snapshots / f"{first}.jsonl")
            builder = subprocess.Popen(
                [sys.executable, __file__, "--build-loop", str(work), "--seconds", str(seconds)],
                cwd=ROOT,
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(1200):  # the builder loads the model, then starts the clock
                if (work / "deadline").exists() or builder.poll() is not None:
                    break
                time.sleep(0.1)
            if builder.poll() is not None or not (work / "deadline").exists():
                raise SystemExit(f"the builder did not start:\n{builder.communicate()[1][-2000:]}")
            until = float((work / "deadline").read_text(encoding="utf-8"))
            statuses: Counter[int] = Counter()
            generations: Counter[str] = Counter()
            bodies: list[dict] = []
            failures: list[str] = []
            latencies: list[float] = []
            lock = threading.Lock()

            def client(offset: int) -> None:
                for n in range(MAX_REQUESTS_PER_CLIENT):
                    if time.time() >= until:
                        return
                    question = questions[(offset + n * 7) % len(questions)]
                    request = urllib.request.Request(
                        f"{base}/api/ask",
                        json.dumps({"question": question}).encode(),
                        {"Content-Type": "application/json"},
                    )
                    started = time.perf_counter()
                    try:
                        with urllib.request.urlopen(request, timeout=60) as response:
                            status, body = response.status, json.loads(response.read())
                    except urllib.error.HTTPError as exc:
                        status, body = exc.code, None
                    except (urllib.error.URLError, OSError) as exc:
                        with lock:
                            failures.append(type(exc).__name__)
                        continue
                    with lock:
                        statuses[status] += 1
                        latencies.append(time.perf_counter() - started)
                        if body is not None:
                            generations[body["index_generation"]] += 1
                            bodies.append(body)

            threads = [threading.Thread(target=client, args=(i * 11,)) for i in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            _, errors = builder.communicate(timeout=120)
            if builder.returncode != 0:
                raise SystemExit(f"the builder failed:\n{errors[-2000:]}")
        builds = json.loads((snapshots / "builds.json").read_text(encoding="utf-8"))
        cache: dict[str, list[dict] | None] = {}
        problems = [p for body in bodies for p in citation_problems(body, snapshots, cache)]
        latencies.sort()
        return {
            "seconds": seconds,
            "clients": clients,
            "requests": sum(statuses.values()),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "server_errors": sum(v for k, v in statuses.items() if k >= 500),
            "connection_failures": len(failures),
            "builds": len(builds),
            "generations_answering": len(generations),
            "citations_checked": sum(len(b["citations"]) for b in bodies),
            "citation_problems": problems[:20],
            "lab_answers": sum(1 for b in bodies if any(c["source"] == "lab-notes.md" for c in b["citations"])),
            "p50_ms": latencies[len(latencies) // 2] * 1000 if latencies else None,
            "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000 if latencies else None,
            "build_seconds_median": sorted(b["seconds"] for b in builds)[len(builds) // 2] if builds else None,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--build-loop", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_loop:
        build_loop(args.build_loop, args.seconds)
        return

    result = run(args.seconds, args.clients)
    print(
        f"load with faults: {result['clients']} clients for {result['seconds']:.0f} s on 127.0.0.1 while the "
        f"index was rebuilt {result['builds']} times (median build {result['build_seconds_median']:.2f} s)"
    )
    print(
        f"requests {result['requests']}, statuses {result['statuses']}, 5xx {result['server_errors']}, "
        f"connection failures {result['connection_failures']}"
    )
    print(
        f"answers came from {result['generations_answering']} index generations; "
        f"{result['citations_checked']} citations checked against their generation, "
        f"{len(result['citation_problems'])} problems; {result['lab_answers']} answers cited the changing file"
    )
    print(f"latency p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms")
    for problem in result["citation_problems"]:
        print("  problem:", problem)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
