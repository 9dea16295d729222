"""Which glossary terms a topic is about: the terms the passages retrieved for it use, ranked by relevance and
cut where relevance falls away, so "security" quizzes the handful of security terms, not the whole glossary."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

from sagebot.answer.compose import compose, score_units
from sagebot.errors import QuizError
from sagebot.quiz.questions import Scope, listed_under

if TYPE_CHECKING:
    import numpy as np

    from sagebot.answer.retrieve import Retriever
    from sagebot.index.encoder import Encoder
    from sagebot.index.store import LoadedIndex
    from sagebot.settings import Settings


class Quiz(Protocol):
    """What the scope reads of a quiz (quiz.engine.Quiz)."""

    index: LoadedIndex
    retriever: Retriever
    encoder: Encoder
    settings: Settings

    def patterns(self) -> list[re.Pattern[str]]: ...
    def definition_vectors(self) -> np.ndarray: ...
    def name_vectors(self) -> np.ndarray: ...


MIN_SCOPE = 4  # fewer terms than this make no quiz: the whole glossary is used
MAX_SCOPE = 8
GROUPED_BONUS = 0.5
RELEVANCE_DROP = 0.75  # a term in scope is at most this far below the most relevant one


def topic_scope(quiz: Quiz, topic: str | None) -> Scope:
    terms = quiz.index.terms
    if not terms:
        raise QuizError("The course documents have no glossary to quiz on (add a Term/Definition table).")
    everything = list(range(len(terms)))
    if not topic or not topic.strip():
        return Scope(everything, "")
    topic = " ".join(topic.split())[: quiz.settings.max_question_chars]
    retriever = quiz.retriever
    retrieval = retriever.search(topic, quiz.encoder.encode_query, limit=2 * quiz.settings.passages)
    patterns = quiz.patterns()
    named = [i for i, p in enumerate(patterns) if p.search(topic)]
    if not named and not compose(topic, retrieval, retriever, quiz.settings).grounded:
        return Scope(everything, f"The course documents don't cover “{topic}”, so the quiz uses the whole glossary.")
    # A term's relevance: how well the sentences naming it answer the topic, and how close its own
    # definition is to the topic. Only terms the retrieved passages mention are candidates.
    best_sentence: dict[int, float] = {}
    for scored in score_units(retrieval, retriever):
        text = retriever.unit_text(scored.unit)
        for i, p in enumerate(patterns):
            if i not in best_sentence and p.search(text):
                best_sentence[i] = scored.score
    for chunk in (p.chunk for p in retrieval.passages):
        for i, chunks in enumerate(quiz.index.term_chunks):
            if chunk in chunks:
                best_sentence.setdefault(i, 0.0)
    closeness = quiz.definition_vectors() @ retrieval.vector + quiz.name_vectors() @ retrieval.vector
    grouped = listed_under(topic, [quiz.index.chunks[p.chunk].text for p in retrieval.passages], patterns)
    relevance = {
        i: 0.5 * score + float(closeness[i]) + (GROUPED_BONUS if i in grouped else 0.0)
        for i, score in best_sentence.items()
    }
    ranked = named + sorted((i for i in relevance if i not in named), key=lambda i: -relevance[i])
    if len(ranked) < MIN_SCOPE:
        found = f"only {len(ranked)} glossary term(s)" if ranked else "no glossary terms"
        return Scope(
            ranked + [i for i in everything if i not in ranked],
            f"The passages about “{topic}” mention {found}, so the quiz uses the whole glossary.",
        )
    kept = cut(ranked, relevance, set(named))
    return Scope(kept, f"{describe(len(kept), topic)}.")


def cut(ranked: list[int], relevance: dict[int, float], named: set[int]) -> list[int]:
    """The terms that matter: every named one, then those within RELEVANCE_DROP of the most relevant,
    at least MIN_SCOPE and at most MAX_SCOPE."""
    scores = [relevance[i] for i in ranked if i in relevance]
    top = max(scores, default=0.0)
    kept = [i for i in ranked if i in named or relevance.get(i, 0.0) >= top - RELEVANCE_DROP]
    kept = kept[: max(MAX_SCOPE, len([i for i in kept if i in named]))]
    return kept if len(kept) >= MIN_SCOPE else ranked[:MIN_SCOPE]


def describe(count: int, topic: str) -> str:
    """The scope as the learner sees it: "6 terms about security"."""
    topic = " ".join(topic.split())
    shown = topic if len(topic) <= 60 else topic[:57].rstrip() + "…"
    return f"{count} term{'s' if count != 1 else ''} about “{shown}”"
