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
    held_out = sum(1 for r, _ in outcomes if r.get("split") == "heldout")
    print(
        f"`eval/quiz_answers.jsonl` holds {len(outcomes)} written answers to the 22 glossary terms and the 10 study "
        "questions, phrased as learners would and labelled correct / partly / wrong with a category when the set "
        "was written. The grader's thresholds and rules (`sagebot.quiz.grade`) were calibrated on "
        f"{len(outcomes) - held_out} of them, so their figures are in-sample; the other {held_out} "
        '(`"split": "heldout"`: vague, hedged and over-general answers, non-answers, fresh paraphrases and wrong '
        "terms, written together and never used to tune the grader) are reported apart. Regenerate "
        "this page with `.venv/bin/python benchmarks/quiz_grading.py > docs/quiz-grading.md`.\n"
    )
    print(
        'How it grades: empty or too short → wrong; "I don\'t know" → wrong (the answer is revealed); nearly the '
        "reference → correct; key words with no statement → wrong; an answer that only names the area (no word "
        "beyond the term's own name and the course's everyday vocabulary, or a hedge with fewer than three) → "
        "wrong; otherwise the answer is compared with every reference and its own must rank first "
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
