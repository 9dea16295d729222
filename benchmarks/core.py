"""Core benchmark: warm `ask` against the bare cost of one query encode + one FAISS search, and a full index
build against bare encoding of the same texts. Both measured in this run, on this machine.

    .venv/bin/python benchmarks/core.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the question set")
    args = parser.parse_args()

    from sagebot import evaluate
    from sagebot.assistant import Assistant
    from sagebot.index.build import corpus_texts
    from sagebot.index.encoder import Encoder
    from sagebot.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="sagebot-bench-"))
    try:
        shutil.copytree(ROOT / "corpus", work / "corpus")
        settings = Settings(corpus_dir=work / "corpus", index_dir=work / "index", answer_cache_size=0)
        encoder = Encoder(settings)
        encoder.encode(["warm up the model"])

        # Build: bare encoding of exactly the texts the index embeds (sentences, glossary definitions, answer-key
        # items), then the full build (read, parse, chunk, embed, write).
        texts = corpus_texts(settings)
        bare_build, full_build = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            encoder.encode(texts)
            bare_build.append(time.perf_counter() - start)
            assistant = Assistant(settings, encoder=encoder)
            start = time.perf_counter()
            assistant.build_index(force=True)
            full_build.append(time.perf_counter() - start)

        questions = [c.question for c in evaluate.load_cases(ROOT / "eval" / "dev.jsonl")]
        assistant = Assistant(settings, encoder=encoder)
        assistant.load()
        index = assistant.index
        for q in questions[:5]:
            assistant.ask(q)
        bare, warm = [], []
        for _ in range(args.repeat):
            for q in questions:
                start = time.perf_counter()
                vector = encoder.encode_query(q)
                index.dense.search(vector.reshape(1, -1), settings.dense_candidates)
                bare.append(time.perf_counter() - start)
                start = time.perf_counter()
                assistant.ask(q)
                warm.append(time.perf_counter() - start)

        cached = Assistant(settings.model_copy(update={"answer_cache_size": 256}), encoder=encoder)
        cached.load()
        cached.ask(questions[0])
        repeat = []
        for _ in range(200):
            start = time.perf_counter()
            cached.ask(questions[0])
            repeat.append(time.perf_counter() - start)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ms = 1000.0
    print(
        f"corpus: {len(texts)} texts embedded (sentences, definitions, answer-key items); "
        f"{len(questions)} questions x {args.repeat} passes"
    )
    print(
        f"bare encode + FAISS search  p50 {percentile(bare, 0.5) * ms:7.2f} ms   p95 {percentile(bare, 0.95) * ms:7.2f} ms"
    )
    print(
        f"warm ask (no cache)         p50 {percentile(warm, 0.5) * ms:7.2f} ms   p95 {percentile(warm, 0.95) * ms:7.2f} ms"
    )
    print(f"  ratio warm/bare p50: {percentile(warm, 0.5) / percentile(bare, 0.5):.2f}x   (target <= 1.5x)")
    print(f"repeated question (cache)   p50 {percentile(repeat, 0.5) * ms:7.3f} ms")
    print(f"bare encode of same texts   median {statistics.median(bare_build):6.2f} s")
    print(f"full index build            median {statistics.median(full_build):6.2f} s")
    print(
        f"  ratio build/bare: {statistics.median(full_build) / statistics.median(bare_build):.2f}x   (target <= 1.3x)"
    )


if __name__ == "__main__":
    main()
