"""Compose an extractive answer: the sentences of the retrieved passages that best answer the question."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sagebot.answer.gate import expects_kind, judge
from sagebot.ingest.chunk import UNIT_KINDS
from sagebot.text import content_terms, display_unit, words

ROW = UNIT_KINDS.index("row")
QUESTION = UNIT_KINDS.index("question")
ANSWER_KIND_BONUS = 0.1  # a sentence holding a duration when asked "how long", a size when asked "how big"

if TYPE_CHECKING:
    from sagebot.answer.retrieve import Retrieval, Retriever
    from sagebot.settings import Settings

NOT_COVERED = "The course documents don't cover this question, so I can't answer it from them"


@dataclass(frozen=True)
class Citation:
    n: int
    document: str
    section: str
    text: str  # the whole passage
    quote: str  # the quoted sentence, exactly source_text[start:end]
    start: int
    end: int
    source: str
    score: float
    chunk: int  # passage id in the index, and where the passage starts in the source
    passage_start: int
    display: str = ""  # the quote as the learner reads it: no markup, no escapes

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["chunk"], data["passage_start"]
        return data


@dataclass(frozen=True)
class Facet:
    """One part of the question and whether the documents answer it."""

    label: str
    covered: bool
    citations: list[int] = field(default_factory=list)  # the numbers `n` of the citations answering it

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "covered": self.covered, "citations": list(self.citations)}


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    grounded: bool
    citations: list[Citation] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    relevance: float = 0.0
    refusal_reason: str = ""
    index_generation: str = ""  # the index build the citations point into
    resolved_question: str = ""  # what was answered: the question, or it rewritten from the conversation
    facets: list[Facet] = field(default_factory=list)

    @property
    def rewritten(self) -> bool:
        return bool(self.resolved_question) and self.resolved_question != self.question

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "grounded": self.grounded,
            "citations": [c.to_dict() for c in self.citations],
            "suggestions": list(self.suggestions),
            "index_generation": self.index_generation,
            "resolved_question": self.resolved_question or self.question,
            "facets": [f.to_dict() for f in self.facets],
        }


@dataclass(frozen=True)
class ScoredUnit:
    unit: int
    chunk: int
    score: float
    cosine: float


def score_units(retrieval: Retrieval, retriever: Retriever) -> list[ScoredUnit]:
    """Every quotable sentence of the retrieved passages, scored: cosine with the question plus shared key words."""
    import numpy as np

    index = retriever.index
    query_terms = set(retrieval.focus_terms)
    weights = {t: retriever.idf(t) for t in query_terms}
    sequence = [t for t in retrieval.focus_terms if t in query_terms]
    query_pairs = set(zip(sequence, sequence[1:]))
    total = sum(weights.values()) or 1.0
    lexical_weight = retriever.settings.lexical_weight
    scored: list[ScoredUnit] = []
    n = max(len(retrieval.passages), 1)
    for rank, passage in enumerate(retrieval.passages):
        ids = retriever.units_of(passage.chunk)
        if not len(ids):
            continue
        cosines = index.vectors[ids] @ retrieval.vector
        centroid = index.vectors[ids].mean(axis=0)
        context = float(centroid @ retrieval.vector / (np.linalg.norm(centroid) or 1.0))
        for unit, cosine in zip(ids.tolist(), np.asarray(cosines).tolist()):
            if index.unit_kinds[unit] == QUESTION:
                continue
            cosine = max(cosine, retrieval.pointed.get(unit, -1.0))
            text = retriever.unit_text(unit)
            terms = content_terms(text)
            overlap = sum(weights[t] for t in query_terms.intersection(terms)) / total
            phrases = len(query_pairs.intersection(zip(terms, terms[1:]))) / len(query_pairs) if query_pairs else 0.0
            score = cosine + lexical_weight * overlap + retriever.settings.phrase_weight * phrases
            if expects_kind(retrieval.query, text):
                score += (
                    ANSWER_KIND_BONUS
                    + retriever.settings.context_weight * context
                    + retriever.settings.passage_weight * (1 - rank / n)
                )
            scored.append(ScoredUnit(unit, passage.chunk, score, cosine))
    scored.sort(key=lambda s: -s.score)
    return scored


def select(scored: list[ScoredUnit], retriever: Retriever, limit: int) -> list[ScoredUnit]:
    """The best sentences, without near-repeats; a sentence that only sets up its answer ("Consider X.",
    "... include:") brings the sentence that follows it."""
    index = retriever.index
    by_unit = {s.unit: s for s in scored}
    chosen: list[ScoredUnit] = []
    if not scored:
        return chosen
    best = scored[0].score

    def repeats(unit: int) -> bool:
        vector = index.vectors[unit]
        return any(c.unit == unit or float(index.vectors[c.unit] @ vector) > 0.9 for c in chosen)

    for candidate in scored:
        if len(chosen) >= limit or candidate.score < best - retriever.settings.selection_margin:
            break
        text = retriever.unit_text(candidate.unit)
        if (len(words(text)) < 4 and index.unit_kinds[candidate.unit] != ROW) or repeats(candidate.unit):
            continue
        chosen.append(candidate)
        # Bring the sentences the chosen one leads into, while they continue its point.
        current, current_text = candidate, text
        while len(chosen) < limit:
            follower = by_unit.get(current.unit + 1)
            if follower is None or int(index.unit_chunk[follower.unit]) != current.chunk or repeats(follower.unit):
                break
            follower_text = retriever.unit_text(follower.unit)
            if len(words(follower_text)) < 4 or not _sets_up_next(current_text, follower_text):
                break
            chosen.append(follower)
            current, current_text = follower, follower_text
    return chosen or scored[:1]


_CONTINUATION = re.compile(
    r"^(this|these|that|those|it|its|they|their|them|such|here|in its place|instead|however|but|the truth|"
    r"the reality|the answer|in short|for example|for instance)\b",
    re.I,
)


def _sets_up_next(sentence: str, following: str) -> bool:
    return sentence.rstrip().endswith(":") or len(words(sentence)) <= 8 or bool(_CONTINUATION.match(following))


def compose(question: str, retrieval: Retrieval, retriever: Retriever, settings: Settings) -> Answer:
    scored = score_units(retrieval, retriever)
    chosen = select(scored, retriever, settings.max_citations)
    quotes = [retriever.unit_text(s.unit) for s in chosen]
    best_cosine = max((s.cosine for s in scored[:5]), default=0.0)
    verdict = judge(question, retrieval.analysis, best_cosine, quotes, settings.gate_threshold)
    if not verdict.covered:
        text = f"{NOT_COVERED} ({verdict.reason})." if verdict.reason else f"{NOT_COVERED}."
        return Answer(question, text, False, [], suggest(retrieval, retriever), verdict.score, verdict.reason)
    index = retriever.index
    citations = []
    parts = []
    for n, (s, quote) in enumerate(zip(chosen, quotes), start=1):
        chunk = index.chunks[s.chunk]
        start, end = (int(x) for x in index.unit_spans[s.unit])
        citations.append(
            Citation(
                n,
                chunk.document,
                chunk.section,
                chunk.text,
                quote,
                start,
                end,
                chunk.source,
                round(s.score, 4),
                s.chunk,
                chunk.start,
                display_unit(quote),
            )
        )
        parts.append(f"{display_unit(quote)} [{n}]")
    return Answer(question, " ".join(parts), True, citations, [], verdict.score)


def suggest(retrieval: Retrieval, retriever: Retriever, count: int = 3) -> list[str]:
    """In-scope questions near the asked one: the course's own questions first, then its nearby sections."""
    index = retriever.index
    questions = retriever.course_questions()
    picks: list[str] = []
    if len(questions):
        ranked = sorted(questions, key=lambda u: -float(index.vectors[u] @ retrieval.vector))
        for unit in ranked:
            text = display_unit(retriever.unit_text(unit))
            if text not in picks:
                picks.append(text)
            if len(picks) >= count:
                return picks
    for passage in retrieval.passages:
        section = index.chunks[passage.chunk].section.split(" › ")[-1]
        topic = section.lstrip("0123456789. ").strip()
        text = f"What does the course say about {topic}?"
        if topic and text not in picks:
            picks.append(text)
        if len(picks) >= count:
            break
    return picks
