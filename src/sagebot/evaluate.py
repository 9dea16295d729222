"""Score answers against an evaluation set: {"q", "evidence": [...]} or {"q", "answerable": false} lines."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sagebot.errors import SagebotError


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
        outcomes.append(
            Outcome(case, answer.grounded, rank, passage_rank, answer.relevance, [c.quote for c in answer.citations])
        )
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
    """Grade every labelled written answer ({"kind": "term"|"study", "target", "answer", "label", "category"},
    and "split": "heldout" for answers kept out of the grader's calibration)."""
    names = [t.name for t in assistant.index.terms]
    outcomes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row["kind"] == "term":
            question_id, kind = assistant.quiz.question_id("written", names.index(row["target"])), "written"
        else:
            question_id, kind = assistant.quiz.question_id("study", int(row["target"]) - 1), "study"
        outcomes.append((row, assistant.quiz.check(question_id, kind, row["answer"]).verdict))
    return outcomes


def grading_report(outcomes: list[tuple[dict[str, Any], str]]) -> str:
    """A Markdown confusion matrix (labels down, verdicts across) and the accuracy on correct-vs-wrong cases."""
    verdicts = ("correct", "partly", "wrong")
    lines = ["| label \\ verdict | " + " | ".join(verdicts) + " | total |", "|---|---|---|---|---|"]
    for label in verdicts:
        counts = [sum(1 for r, v in outcomes if r["label"] == label and v == verdict) for verdict in verdicts]
        lines.append(f"| {label} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    flipped = sum(
        1 for r, v in outcomes if r["category"] in ("negated", "term_list", "vague", "no_answer") and v == "correct"
    )
    lines.append("")
    for split, label in (("calibration", "in-sample (the grader was tuned on these)"), ("heldout", "held out")):
        accuracy, count = grading_accuracy([(r, v) for r, v in outcomes if r.get("split", "calibration") == split])
        if count:
            lines.append(
                f"Accuracy on the answers labelled correct or wrong, {label}: {accuracy:.1%} ({count} answers)."
            )
    lines.append(f"Negated, term-list, vague or non-answers graded correct: {flipped}.")
    return "\n".join(lines)


def grading_accuracy(outcomes: list[tuple[dict[str, Any], str]]) -> tuple[float, int]:
    """The share of answers labelled correct or wrong that got that verdict, and how many there were."""
    decided = [(r, v) for r, v in outcomes if r["label"] in ("correct", "wrong")]
    return (sum(1 for r, v in decided if v == r["label"]) / len(decided) if decided else 0.0), len(decided)


# ---------------------------------------------------------------- comparing with baselines

FIXED_CHUNK, FIXED_OVERLAP = 1000, 200


def passage_metrics(cases: list[Case], results: list[tuple[bool, list[str]]]) -> dict[str, float]:
    """Passage-level figures, the same for every system: a hit when an evidence string occurs in a returned
    passage; refusals count only for a system that can refuse."""
    ranks: list[int | None] = []
    sizes: list[int] = []
    for case, (grounded, passages) in zip(cases, results):
        if case.answerable:
            rank = next(
                (i + 1 for i, p in enumerate(passages) if grounded and any(e in p for e in case.evidence)), None
            )
            ranks.append(rank)
            sizes.extend(len(p) for p in passages[:3])
    answerable = [c for c in cases if c.answerable]
    refused = [(c, g) for c, (g, _) in zip(cases, results) if not g]
    unanswerable = [c for c in cases if not c.answerable]
    hit = lambda k: sum(1 for r in ranks if r and r <= k) / len(ranks) if ranks else 0.0  # noqa: E731
    return {
        "hit@1": hit(1),
        "hit@3": hit(3),
        "hit@5": hit(5),
        "mrr": sum(1 / r for r in ranks if r) / len(ranks) if ranks else 0.0,
        "mean_chars_top3": sum(sizes) / len(sizes) if sizes else 0.0,
        "refusal_precision": (sum(1 for c, _ in refused if not c.answerable) / len(refused)) if refused else 0.0,
        "refusal_recall": (sum(1 for c, _ in refused if not c.answerable) / len(unanswerable)) if unanswerable else 0.0,
        "false_refusals": float(sum(1 for c, _ in refused if c.answerable)),
        "answerable": float(len(answerable)),
        "unanswerable": float(len(unanswerable)),
    }


def compare(assistant: Any, cases: list[Case], k: int = 5) -> dict[str, dict[str, float]]:
    """sagebot and three baselines on the same corpus in the same run: BM25 only, dense only, and the common
    default pipeline (fixed 1000-character chunks with 200 overlap, dense search)."""
    import numpy as np

    from sagebot.answer.conversation import contextual_query
    from sagebot.text import content_terms

    index = assistant.index
    retriever = assistant.retriever
    encode = assistant.encoder.encode_query
    queries = [contextual_query(c.question, list(c.history)) for c in cases]

    systems: dict[str, list[tuple[bool, list[str]]]] = {"sagebot": []}
    for case in cases:
        answer = assistant.ask(case.question, list(case.history))
        systems["sagebot"].append((answer.grounded, [c.text for c in answer.citations]))

    def top_chunks(scores: np.ndarray) -> list[str]:
        return [index.chunks[int(i)].text for i in np.argsort(-scores)[:k]]

    bm25, dense = [], []
    for query in queries:
        terms = [t for t in content_terms(query) if t in retriever.vocabulary]
        bm25.append((True, top_chunks(index.keyword.get_scores(terms)) if terms else []))
        sims = index.vectors @ encode(query)
        best = np.full(len(index.chunks), -1.0)
        np.maximum.at(best, index.unit_chunk, sims)
        dense.append((True, top_chunks(best)))
    systems["bm25 only"], systems["dense only"] = bm25, dense

    fixed_texts: list[str] = []
    for source in sorted({c.source for c in index.chunks}):
        text = _source_text(assistant, source)
        fixed_texts.extend(
            text[i : i + FIXED_CHUNK] for i in range(0, max(len(text) - FIXED_OVERLAP, 1), FIXED_CHUNK - FIXED_OVERLAP)
        )
    fixed_vectors = assistant.encoder.encode(fixed_texts)
    systems["fixed 1000/200 + dense"] = [
        (True, [fixed_texts[int(i)] for i in np.argsort(-(fixed_vectors @ encode(q)))[:k]]) for q in queries
    ]
    return {name: passage_metrics(cases, results) for name, results in systems.items()}


def _source_text(assistant: Any, source: str) -> str:
    meta = assistant.index.manifest["sources"][source]
    if meta["derived"]:
        return (assistant.index.directory / "texts" / f"{meta['sha256']}.txt").read_text(encoding="utf-8")
    data = (assistant.settings.corpus_dir / source).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def comparison_table(figures: dict[str, dict[str, float]]) -> str:
    columns = [
        "hit@1",
        "hit@3",
        "hit@5",
        "mrr",
        "mean_chars_top3",
        "refusal_precision",
        "refusal_recall",
        "false_refusals",
    ]
    lines = ["| system | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name, f in figures.items():
        cells = [f"{f[c]:.0f}" if c in ("mean_chars_top3", "false_refusals") else f"{f[c]:.3f}" for c in columns]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
