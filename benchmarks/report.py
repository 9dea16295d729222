"""Run every benchmark and write docs/benchmarks.md with the plot docs/benchmarks-scale.png.

.venv/bin/python benchmarks/report.py            # the full run (the 100k-passage corpus takes a while)
.venv/bin/python benchmarks/report.py --quick    # small sizes and short loads: a smoke run (CI)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent


def run(script: str, *args: str) -> str:
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, str(HERE / script), *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def scale_table(path: Path) -> str:
    rows = json.loads(path.read_text(encoding="utf-8"))
    lines = [
        "| passages | sentences | index | build s | query p50 ms | peak RSS MB | recall@10 vs exact |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        recall = f"{r['recall_at_10']:.3f}" if r["recall_at_10"] is not None else "— (exact)"
        lines.append(
            f"| {r['passages']:,} | {r['sentences']:,} | {r['index']} | {r['build_s']:.1f} | "
            f"{r['query_p50_ms']:.1f} | {r['peak_rss_mb']:.0f} | {recall} |"
        )
    return "\n".join(lines)


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["passages"] for r in rows]
    fig, left = plt.subplots(figsize=(7, 4))
    left.plot(sizes, [r["query_p50_ms"] for r in rows], "o-", color="#ea580c", label="query p50 (ms)")
    left.set_xscale("log")
    left.set_xlabel("passages in the corpus")
    left.set_ylabel("query p50 (ms)", color="#ea580c")
    right = left.twinx()
    right.plot(sizes, [r["peak_rss_mb"] for r in rows], "s--", color="#1d4ed8", label="peak RSS (MB)")
    right.set_ylabel("peak RSS (MB)", color="#1d4ed8")
    left.set_title("sagebot: query latency and memory against corpus size")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--scale-from", type=Path, help="reuse the figures of an earlier scale.py --json run")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    scale_json = args.out / "benchmarks-scale.json"
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())

    sections = []
    quick = ["--repeat", "1"] if args.quick else []
    subprocess.run([sys.executable, "-m", "sagebot", "index"], cwd=ROOT, capture_output=True, check=True)
    sections.append(
        (
            "Evaluation: sagebot against baselines (`sagebot eval`)",
            subprocess.run(
                [sys.executable, "-m", "sagebot", "eval"], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.strip(),
        )
    )
    sections.append(
        (
            "Answers per category and corpus (`benchmarks/answers.py`)",
            run("answers.py", *(["--sets", "course"] if args.quick else [])),
        )
    )
    sections.append(("Latency and build (`benchmarks/core.py`)", run("core.py", *quick)))
    sections.append(
        ("Encoders: ONNX Runtime against sentence-transformers (`benchmarks/encoders.py`)", run("encoders.py", *quick))
    )
    sections.append(
        (
            "Cold start and server memory (`benchmarks/cold_start.py`)",
            run(
                "cold_start.py",
                *quick,
                *(["--no-imports", "--no-reference", "--questions", "100"] if args.quick else []),
            ),
        )
    )
    sizes = ["200"] if args.quick else ["1000", "10000", "100000"]
    if args.scale_from:
        scale_json.write_text(args.scale_from.read_text(encoding="utf-8"), encoding="utf-8")
        sections.append(("Scale (`benchmarks/scale.py`, figures from an earlier run of it)", scale_table(scale_json)))
    else:
        run("scale.py", "--sizes", *sizes, "--json", str(scale_json))
        sections.append(("Scale (`benchmarks/scale.py`)", scale_table(scale_json)))
    if not args.quick:
        sections.append(("Web: `/api/ask` against the in-process Assistant (`benchmarks/web.py`)", run("web.py")))
    load = ["--clients", "5", "--seconds", "3"] if args.quick else ["--clients", "10", "50", "--seconds", "20"]
    sections.append(("Load (`benchmarks/load.py`)", run("load.py", *load)))
    rows = json.loads(scale_json.read_text())
    plot(rows, args.out / "benchmarks-scale.png")

    lines = [
        "# Benchmarks",
        "",
        f"Measured {started} on {machine()}. Every figure is printed next to its baseline measured in the same "
        "run on the same machine; times on a shared machine are noisy, so compare the ratios.",
        "Regenerate everything (this page and the plot) with `.venv/bin/python benchmarks/report.py`"
        + (" — this page is from a `--quick` run." if args.quick else "."),
        "",
        "Targets: warm ask ≤ 1.5× bare encode + search; repeated question ≤ 2 ms; build ≥ 0.8× bare encode "
        "throughput (build time ≤ 1.25× bare encoding); 100k passages: query p50 ≤ 50 ms and peak RSS ≤ 2 GB; "
        "load: zero errors and throughput ≥ 0.7× the in-process rate. ONNX encoder (issue 14): cold `ask` ≤ 2× a bare "
        "ONNX encode + FAISS search process (wall and peak memory); warm ask ≤ 1.3× bare ONNX encode + search and "
        "≥ 2.5× faster than through sentence-transformers; `serve` ready in ≤ 4 s; server RSS ≤ 450 MB after 1,000 "
        "questions.",
        "",
        "![query latency and memory against corpus size](benchmarks-scale.png)",
    ]
    for title, body in sections:
        lines += ["", f"## {title}", "", body if body.lstrip().startswith("|") else _as_markdown(body)]
    (args.out / "benchmarks.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out / 'benchmarks.md'} and {args.out / 'benchmarks-scale.png'}")


def _as_markdown(text: str) -> str:
    """Plain lines as a list; Markdown tables kept as they are."""
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("|"):
            if out and out[-1].strip() and not out[-1].startswith("|"):
                out.append("")  # a table needs a blank line before it
            out.append(line)
        elif line.strip():
            out.append(f"- {line}")
        else:
            out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    main()
