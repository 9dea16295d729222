"""Score answers against an evaluation set: {"q", "evidence": [...]} or {"q", "answerable": false} lines."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SagebotError


@dataclass(frozen=True)
class Case:
    question: str
    evidence: tuple[str, ...] = ()
    history: tuple[dict[str, Any], ...] = ()

    @property
    def answerable(self) -> bool:
        return bool(self.evidence)


@dataclass
class Outcome:
    case: Case
    grounded: bool
    rank: int | None  # 1-based position of the first citation quoting the evidence
    passage_rank: int | None  # 1-based position of the first citation whose passage holds the evidence
    relevance: float
    quotes: list[str] = field(default_factory=list)


def load_cases(path: Path) -> list[Case]:
    cases = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SagebotError(f"Cannot read evaluation file {path}: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            question = data["q"]
            evidence = tuple(data.get("evidence") or ())
            if data.get("answerable", True) and not evidence:
                raise ValueError("an answerable case needs 'evidence'")
        except (ValueError, KeyError, TypeError) as exc:
            raise SagebotError(f"{path}:{number}: not an evaluation case ({exc}).") from exc
        cases.append(Case(question, evidence, tuple(data.get("history") or ())))
    return cases


def _quote_hit(citation: Any, evidence: tuple[str, ...]) -> bool:
    """The citation quotes (part of) an evidence sentence: their spans in the passage overlap."""
    for text in evidence:
        at = citation.text.find(text)
        while at >= 0:
            e_start = citation.passage_start + at
            if e_start < citation.end and citation.start < e_start + len(text):
                return True
            at = citation.text.find(text, at + 1)
    return False


def run(assistant: Any, cases: list[Case]) -> list[Outcome]:
    outcomes = []
    for case in cases:
        answer = assistant.ask(case.question, list(case.history))
        rank = next((c.n for c in answer.citations if _quote_hit(c, case.evidence)), None)
        passage_rank = next((c.n for c in answer.citations if any(e in c.text for e in case.evidence)), None)
        outcomes.append(Outcome(case, answer.grounded, rank, passage_rank, answer.relevance,
                                [c.quote for c in answer.citations]))
    return outcomes


def summarise(outcomes: list[Outcome]) -> dict[str, float]:
    answerable = [o for o in outcomes if o.case.answerable]
    unanswerable = [o for o in outcomes if not o.case.answerable]
    refused = [o for o in outcomes if not o.grounded]

    def share(items: list[Outcome], test: Any) -> float:
        return sum(1 for o in items if test(o)) / len(items) if items else 0.0

    return {
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "hit@1": share(answerable, lambda o: o.rank is not None and o.rank <= 1),
        "hit@3": share(answerable, lambda o: o.rank is not None and o.rank <= 3),
        "passage_hit@3": share(answerable, lambda o: o.passage_rank is not None and o.passage_rank <= 3),
        "mrr": sum(1 / o.rank for o in answerable if o.rank) / len(answerable) if answerable else 0.0,
        "refusal_recall": share(unanswerable, lambda o: not o.grounded),
        "refusal_precision": share(refused, lambda o: not o.case.answerable) if refused else 1.0,
        "false_refusals": sum(1 for o in answerable if not o.grounded),
    }


def grade_labelled(assistant: Any, path: Path) -> list[tuple[dict[str, Any], str]]:
    """Grade every labelled written answer ({"kind": "term"|"study", "target", "answer", "label", "category"})."""
    names = [t.name for t in assistant.index.terms]
    outcomes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row["kind"] == "term":
            question_id, kind = f"written:{names.index(row['target'])}", "written"
        else:
            question_id, kind = f"study:{int(row['target']) - 1}", "study"
        outcomes.append((row, assistant.quiz.check(question_id, kind, row["answer"]).verdict))
    return outcomes


def grading_report(outcomes: list[tuple[dict[str, Any], str]]) -> str:
    """A Markdown confusion matrix (labels down, verdicts across) and the accuracy on correct-vs-wrong cases."""
    verdicts = ("correct", "partly", "wrong")
    lines = ["| label \\ verdict | " + " | ".join(verdicts) + " | total |", "|---|---|---|---|---|"]
    for label in verdicts:
        counts = [sum(1 for r, v in outcomes if r["label"] == label and v == verdict) for verdict in verdicts]
        lines.append(f"| {label} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    decided = [(r, v) for r, v in outcomes if r["label"] in ("correct", "wrong")]
    accuracy = sum(1 for r, v in decided if v == r["label"]) / len(decided) if decided else 0.0
    flipped = sum(1 for r, v in outcomes if r["category"] in ("negated", "term_list") and v == "correct")
    lines.append("")
    lines.append(f"Accuracy on the answers labelled correct or wrong: {accuracy:.1%} ({len(decided)} answers); "
                 f"negated or term-list answers graded correct: {flipped}.")
    return "\n".join(lines)
