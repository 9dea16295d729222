"""Whole answers, per category and per corpus: the categorised sets of eval/ on the documents they were written for.

.venv/bin/python benchmarks/answers.py            # every set whose documents are on this machine
.venv/bin/python benchmarks/answers.py --sets course

The bundled course is in corpus/, the other sets' documents in eval/corpora/ (eval/README.md says where each comes
from); a set whose folder is missing or empty is reported as skipped.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sagebot import scorecard
from sagebot.assistant import Assistant
from sagebot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "course": ROOT / "corpus",
    "git-novice": ROOT / "eval" / "corpora" / "git-novice",
    "httpx-docs": ROOT / "eval" / "corpora" / "httpx-docs",
    "wiki-ml": ROOT / "eval" / "corpora" / "wiki-ml",
    "instructor-training": ROOT / "eval" / "corpora" / "instructor-training",
    "wiki-mixed": ROOT / "eval" / "corpora" / "wiki-mixed",
    "mkdocs-docs": ROOT / "eval" / "corpora" / "mkdocs-docs",
    "python-novice": ROOT / "eval" / "corpora" / "python-novice",
    "click-docs": ROOT / "eval" / "corpora" / "click-docs",
    "wiki-more": ROOT / "eval" / "corpora" / "wiki-more",
    "sql-novice": ROOT / "eval" / "corpora" / "sql-novice",
    "aws-lambda": ROOT / "eval" / "corpora" / "aws-lambda",
    "shell-genomics": ROOT / "eval" / "corpora" / "shell-genomics",
    "aws-stepfunctions": ROOT / "eval" / "corpora" / "aws-stepfunctions",
    "wiki-extra": ROOT / "eval" / "corpora" / "wiki-extra",
    "lesson-extra": ROOT / "eval" / "corpora" / "lesson-extra",
    "wiki-sci": ROOT / "eval" / "corpora" / "wiki-sci",
    "docs-extra": ROOT / "eval" / "corpora" / "docs-extra",
    "wiki-arts": ROOT / "eval" / "corpora" / "wiki-arts",
    "lesson-holdout": ROOT / "eval" / "corpora" / "lesson-holdout",
    "docs-holdout": ROOT / "eval" / "corpora" / "docs-holdout",
    "wiki-holdout": ROOT / "eval" / "corpora" / "wiki-holdout",
    "lesson-r": ROOT / "eval" / "corpora" / "lesson-r",
    "docs-uvicorn": ROOT / "eval" / "corpora" / "docs-uvicorn",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", nargs="*", default=list(SETS), choices=list(SETS))
    args = parser.parse_args()
    encoder = None
    totals = []
    with tempfile.TemporaryDirectory(prefix="sagebot-answers-") as tmp:
        for name in args.sets:
            folder = SETS[name]
            if not any(p.is_file() and p.name != "SOURCE.md" for p in folder.glob("**/*")):
                print(f"{name}: skipped (its documents are not in {folder}; see eval/README.md)\n")
                continue
            settings = Settings(  # SOURCE.md (where the documents come from) must not be quotable
                corpus_dir=folder, index_dir=Path(tmp) / name / "index", answer_cache_size=0, exclude=("SOURCE.md",)
            )
            assistant = Assistant(settings, encoder=encoder)
            assistant.build_index()
            encoder = assistant.encoder
            cases = scorecard.load_set(ROOT / "eval" / f"{name}.jsonl")
            started = time.perf_counter()
            table = scorecard.by_category(scorecard.run(assistant, cases))
            per_question = (time.perf_counter() - started) / len(cases) * 1000
            print(scorecard.table_markdown(name, table))
            print(f"({per_question:.1f} ms per question, all turns included)\n")
            totals.append((name, table["all"]))
    if totals:
        print("| set | multi-part/comparison/why | facets answered | answerable refused | repeats | dangling |")
        print("|---|---|---|---|---|---|")
        for name, row in totals:
            print(
                f"| {name} | {row['multi_part_comparison_why']:.0%} | {row['facets_answered']:.0%} | "
                f"{row['false_refusals']:.1%} | {int(row['repeated_quotes'])} | {int(row['dangling_openers'])} |"
            )


if __name__ == "__main__":
    main()
