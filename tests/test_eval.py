"""The evaluation set: learners' questions with the sentences that must be cited, and questions to refuse."""

from __future__ import annotations

from sagebot import evaluate
from sagebot.assistant import Assistant

from .conftest import ROOT

DEV_SET = ROOT / "eval" / "dev.jsonl"


def test_dev_set_is_well_formed_and_large_enough() -> None:
    cases = evaluate.load_cases(DEV_SET)
    source = (ROOT / "corpus" / "sagemaker-managed-service.txt").read_text(encoding="utf-8")
    answerable = [c for c in cases if c.answerable]
    assert len(answerable) >= 40 and len(cases) - len(answerable) >= 10
    for case in answerable:
        assert all(e in source for e in case.evidence), case.question


def test_quality_on_the_dev_set(shipped_assistant: Assistant) -> None:
    outcomes = evaluate.run(shipped_assistant, evaluate.load_cases(DEV_SET))
    summary = evaluate.summarise(outcomes)
    misses = [o.case.question for o in outcomes if o.case.answerable and not (o.rank and o.rank <= 3)]
    leaked = [o.case.question for o in outcomes if not o.case.answerable and o.grounded]
    print(summary)
    assert summary["hit@3"] >= 0.90, misses
    assert summary["refusal_recall"] >= 0.80, leaked
    assert summary["false_refusals"] == 0, [o.case.question for o in outcomes if o.case.answerable and not o.grounded]


def test_sagebot_beats_every_baseline(shipped_assistant: Assistant) -> None:
    figures = evaluate.compare(shipped_assistant, evaluate.load_cases(DEV_SET))
    print(evaluate.comparison_table(figures))
    ours = figures.pop("sagebot")
    assert set(figures) == {"bm25 only", "dense only", "fixed 1000/200 + dense"}
    for name, theirs in figures.items():
        assert ours["hit@3"] > theirs["hit@3"], name
        assert theirs["refusal_recall"] == 0.0
    assert ours["refusal_recall"] >= 0.8 and ours["false_refusals"] == 0
