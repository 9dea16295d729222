"""The two encoders side by side in one process: warm `ask` with the ONNX encoder (the default) against the bare
ONNX encode + FAISS search of the same questions, and against `ask` through the sentence-transformers reference;
and the index build of the bundled course with each, against bare encoding of the same texts.

    .venv/bin/python benchmarks/encoders.py [--repeat 3]
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


def thread_choices(settings, questions: list[str], repeat: int) -> list[str]:
    """onnxruntime intra-op threads 1 and 2: one question alone (p50), and 8 threads asking at once."""
    from concurrent.futures import ThreadPoolExecutor

    from sagebot.index.encoder import Encoder

    lines = []
    for threads in (1, 2):
        encoder = Encoder(settings.model_copy(update={"encoder_threads": threads}))
        encoder.encode_query("warm up")
        alone = []
        for _ in range(repeat):
            for q in questions:
                start = time.perf_counter()
                encoder.encode_query(q)
                alone.append(time.perf_counter() - start)
        with ThreadPoolExecutor(8) as pool:
            start = time.perf_counter()
            list(pool.map(encoder.encode_query, questions * repeat))
            rate = len(questions) * repeat / (time.perf_counter() - start)
        lines.append(f"| {threads} | {percentile(alone, 0.5) * 1000:.2f} | {rate:.0f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the question set")
    args = parser.parse_args()

    from sagebot import evaluate
    from sagebot.assistant import Assistant
    from sagebot.index.build import corpus_texts
    from sagebot.index.encoder import Encoder
    from sagebot.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="sagebot-encoders-"))
    questions = [c.question for c in evaluate.load_cases(ROOT / "eval" / "dev.jsonl")]
    kinds = ("onnx", "sentence-transformers")
    bare: dict[str, list[float]] = {k: [] for k in kinds}
    warm: dict[str, list[float]] = {k: [] for k in kinds}
    bare_build: dict[str, list[float]] = {k: [] for k in kinds}
    full_build: dict[str, list[float]] = {k: [] for k in kinds}
    try:
        shutil.copytree(ROOT / "corpus", work / "corpus")
        # One encoder after the other, ONNX first: torch's worker threads, once started, spin after each of its
        # encodes and would slow whatever runs next to them in the process.
        for kind in kinds:
            settings = Settings(
                corpus_dir=work / "corpus",
                index_dir=work / kind,
                encoder=kind,
                answer_cache_size=0,
                encoder_cache_dir=ROOT / "index" / "encoder",
            )
            encoder = Encoder(settings)
            encoder.encode(["warm up the model"])
            texts = corpus_texts(settings)
            for _ in range(args.repeat):
                start = time.perf_counter()
                encoder.encode(texts)
                bare_build[kind].append(time.perf_counter() - start)
                assistant = Assistant(settings, encoder=encoder)
                start = time.perf_counter()
                assistant.build_index(force=True)
                full_build[kind].append(time.perf_counter() - start)
            assistant = Assistant(settings, encoder=encoder)
            assistant.load()
            index = assistant.index
            for q in questions[:5]:
                assistant.ask(q)
            for _ in range(args.repeat):
                for q in questions:
                    start = time.perf_counter()
                    vector = encoder.encode_query(q)
                    index.dense.search(vector.reshape(1, -1), settings.dense_candidates)
                    bare[kind].append(time.perf_counter() - start)
                    start = time.perf_counter()
                    assistant.ask(q)
                    warm[kind].append(time.perf_counter() - start)
            if kind == "onnx":
                threads = thread_choices(settings, questions, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ms = 1000.0
    onnx, reference = "onnx", "sentence-transformers"
    print(f"{len(questions)} questions x {args.repeat} passes; {len(texts)} texts embedded by an index build")
    for kind in kinds:
        print(
            f"{kind:22s} bare encode + FAISS search p50 {percentile(bare[kind], 0.5) * ms:6.2f} ms;  "
            f"warm ask p50 {percentile(warm[kind], 0.5) * ms:6.2f} ms  p95 {percentile(warm[kind], 0.95) * ms:6.2f} ms"
        )
    print(
        f"  ratio warm ask (ONNX) / bare ONNX encode + search p50: "
        f"{percentile(warm[onnx], 0.5) / percentile(bare[onnx], 0.5):.2f}x   (target <= 1.3x)"
    )
    print(
        f"  warm ask, sentence-transformers / ONNX p50: "
        f"{percentile(warm[reference], 0.5) / percentile(warm[onnx], 0.5):.2f}x faster with ONNX   (target >= 2.5x)"
    )
    print("\n| onnxruntime intra-op threads | one question alone, encode p50 ms | 8 threads at once, encodes/s |")
    print("|---|---|---|")
    print("\n".join(threads))
    print()
    for kind in kinds:
        b, f = statistics.median(bare_build[kind]), statistics.median(full_build[kind])
        print(
            f"{kind:22s} index build of the course {f:5.2f} s; bare encoding of its texts {b:5.2f} s "
            f"(ratio {f / b:.2f}x)"
        )
    print(
        f"  index build, sentence-transformers / ONNX: "
        f"{statistics.median(full_build[reference]) / statistics.median(full_build[onnx]):.2f}x faster with ONNX"
    )


if __name__ == "__main__":
    main()
