"""Scale: deterministic synthetic corpora of N passages (generated at run time, not committed): index build
time, peak memory (RSS), and query p50; above the HNSW threshold, recall@10 of the graph against exact search.
Each size runs in its own process so its peak memory is its own.

    .venv/bin/python benchmarks/scale.py [--sizes 1000 10000 100000] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [
    "model",
    "training",
    "data",
    "endpoint",
    "instance",
    "container",
    "image",
    "registry",
    "network",
    "subnet",
    "policy",
    "role",
    "key",
    "encryption",
    "bucket",
    "storage",
    "compute",
    "memory",
    "cluster",
    "job",
    "pipeline",
    "feature",
    "notebook",
    "metric",
    "latency",
    "throughput",
    "region",
    "zone",
    "replica",
    "backup",
    "snapshot",
    "queue",
    "stream",
    "batch",
    "schedule",
    "deploy",
    "monitor",
]
VERBS = [
    "stores",
    "runs",
    "encrypts",
    "scales",
    "protects",
    "routes",
    "trains",
    "serves",
    "tracks",
    "balances",
    "replicates",
    "schedules",
]


def synthetic_corpus(folder: Path, passages: int, seed: int = 7) -> None:
    """`passages` sections of one short paragraph each, in files of 5,000 sections."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    per_file = 5000
    for f in range(0, passages, per_file):
        lines = [f"# Synthetic handbook part {f // per_file + 1}\n"]
        for i in range(f, min(f + per_file, passages)):
            a, b, c, d = rng.sample(WORDS, 4)
            lines.append(
                f"## Topic {i}\n\nThe {a} {rng.choice(VERBS)} the {b} {c} for unit {i} so the {d} stays ready.\n"
            )
        (folder / f"part-{f // per_file:03d}.md").write_text("\n".join(lines), encoding="utf-8")


def worker(passages: int) -> dict:
    import numpy as np

    from sagebot.assistant import Assistant
    from sagebot.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="sagebot-scale-"))
    try:
        synthetic_corpus(work / "corpus", passages)
        settings = Settings(corpus_dir=work / "corpus", index_dir=work / "index", answer_cache_size=0)
        assistant = Assistant(settings)
        assistant.encoder.encode_query("warm up")  # load the model outside the timing
        start = time.perf_counter()
        report = assistant.build_index()
        build = time.perf_counter() - start
        rng = random.Random(11)
        questions = [
            f"which {rng.choice(WORDS)} {rng.choice(VERBS)} the {rng.choice(WORDS)} {rng.choice(WORDS)}?"
            for _ in range(60)
        ]
        assistant.ask(questions[0])  # first question builds lazy tables
        times = []
        for q in questions[1:]:
            t = time.perf_counter()
            assistant.ask(q)
            times.append(time.perf_counter() - t)
        index = assistant.index
        kind = type(index.dense).__name__
        recall = None
        if hasattr(index.dense, "hnsw"):
            vectors = np.stack([assistant.encoder.encode_query(q) for q in questions])
            _, approx = index.dense.search(vectors, 10)
            exact = np.argsort(-(vectors @ index.vectors.T), axis=1)[:, :10]
            recall = float(np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact)]))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {
            "passages": report.chunks,
            "sentences": report.units,
            "build_s": build,
            "query_p50_ms": statistics.median(times) * 1000,
            "peak_rss_mb": peak_mb,
            "index": kind,
            "recall_at_10": recall,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return
    rows = []
    print("| passages | sentences | index | build s | query p50 ms | peak RSS MB | recall@10 vs exact |")
    print("|---|---|---|---|---|---|---|")
    for size in args.sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--worker", str(size)], capture_output=True, text=True, check=True
        )
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        recall = f"{row['recall_at_10']:.3f}" if row["recall_at_10"] is not None else "— (exact)"
        print(
            f"| {row['passages']:,} | {row['sentences']:,} | {row['index']} | {row['build_s']:.1f} | "
            f"{row['query_p50_ms']:.1f} | {row['peak_rss_mb']:.0f} | {recall} |",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
