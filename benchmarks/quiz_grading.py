"""Grade the labelled written answers (eval/quiz_answers.jsonl) and print the confusion matrix as Markdown.

.venv/bin/python benchmarks/quiz_grading.py > docs/quiz-grading.md
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    from sagebot import evaluate
    from sagebot.assistant import Assistant
    from sagebot.settings import Settings

    assistant = Assistant(Settings(corpus_dir=ROOT / "corpus", index_dir=ROOT / "index"))
    assistant.build_index()
    outcomes = evaluate.grade_labelled(assistant, ROOT / "eval" / "quiz_answers.jsonl")
    print("# Grading written quiz answers\n")
    print(
        "`eval/quiz_answers.jsonl` holds 220 written answers to the 22 glossary terms and the 10 study "
        "questions, phrased as learners would and labelled correct / partly / wrong with a category when the set "
        "was written. The grader's thresholds (`sagebot.quiz.grade.Thresholds`) were calibrated on this same set, so "
        "these figures are in-sample: expect somewhat lower accuracy on answers it has not seen. Regenerate "
        "this page with `.venv/bin/python benchmarks/quiz_grading.py > docs/quiz-grading.md`.\n"
    )
    print(
        "How it grades: empty or too short → wrong; nearly the reference → correct; key words with no "
        "statement → wrong; otherwise the answer is compared with every reference and its own must rank first "
        "(correct) or be close behind (partly); a negation the reference lacks makes a close answer wrong.\n"
    )
    print(evaluate.grading_report(outcomes))
    print("\n## By category\n")
    print("| category | correct | partly | wrong |\n|---|---|---|---|")
    by = Counter((r["category"], v) for r, v in outcomes)
    for category in sorted({r["category"] for r, _ in outcomes}):
        print(f"| {category} | " + " | ".join(str(by[(category, v)]) for v in ("correct", "partly", "wrong")) + " |")


if __name__ == "__main__":
    main()
