"""Quizzes on the glossary terms of what a learner just asked about, and on the study guide's questions.

Questions are stateless: an id carries everything needed to check the answer (see quiz.ids), so the web app,
the HTTP API and the terminal can all check any question.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sagebot.errors import QuizError
from sagebot.ingest.glossary import name_pattern
from sagebot.quiz.grade import CORRECT, WRONG, Grade, grade
from sagebot.quiz.ids import KINDS, MAX_ID_CHARS, STALE, QuestionIds, quiz_key
from sagebot.quiz.progress import order_by_need
from sagebot.quiz.questions import (
    MASK,
    Feedback,
    Question,
    Scope,
    choose_options,
    citation_of,
    explain,
    mask,
    pick,
)
from sagebot.quiz.scope import topic_scope

__all__ = ["KINDS", "MASK", "MAX_ID_CHARS", "STALE", "Feedback", "Question", "Quiz", "QuizError", "mask", "quiz_key"]

if TYPE_CHECKING:
    import numpy as np

    from sagebot.answer.retrieve import Retriever
    from sagebot.index.encoder import Encoder
    from sagebot.index.store import LoadedIndex
    from sagebot.settings import Settings


def resting(count: int) -> int:
    """How many of the subjects handed out last wait before coming back: a few, fewer in a small scope."""
    return max(0, min(4, count - 2))


class Quiz:
    """The quiz over one index generation (see assistant.Snapshot): everything it reads is that generation's."""

    def __init__(
        self,
        index: LoadedIndex,
        retriever: Retriever,
        encoder: Encoder,
        settings: Settings,
        key_source: Callable[[], bytes],
    ) -> None:
        self.index = index
        self.retriever = retriever
        self.encoder = encoder
        self.settings = settings
        self._key_source = key_source
        self._patterns: list[re.Pattern[str]] | None = None
        self._name_vectors: np.ndarray | None = None
        self._study_vectors: np.ndarray | None = None
        self.ids = QuestionIds(index.generation, index.terms, index.study, key_source)

    @property
    def key(self) -> bytes:
        """The server-side key (see quiz_key); it also seals learners' progress (progress.seal)."""
        return self._key_source()

    # -- scope
    def scope(self, topic: str | None) -> Scope:
        """The glossary terms that matter to a topic, most relevant first (see quiz.scope)."""
        return topic_scope(self, topic)

    # -- questions
    def next(
        self,
        topic: str | None = None,
        kind: str = "choice",
        exclude: list[str] | None = None,
        rng: random.Random | None = None,
        progress: dict[str, Any] | None = None,
    ) -> Question:
        """The next question in scope not in `exclude`; with a learner's `progress`, the scheduler's order:
        due (missed) terms first, then unseen ones, and never one of the last few handed out (no ping-pong)."""
        if kind not in KINDS:
            raise QuizError(f"Unknown quiz kind {kind!r}: use one of {', '.join(KINDS)}.")
        rng = rng or random.Random()
        excluded = self._asked(exclude, ("study",) if kind == "study" else ("choice", "written"))
        if kind == "study":
            return self._next_study(topic, excluded, progress)
        scope = self.scope(topic)
        names = [self.index.terms[i].name for i in scope.terms]
        _, ids, first = self.ids.digests_of("term")
        order = [i for i in scope.terms if first[ids[i]] == i]  # a name defined twice is asked once
        if progress is not None:
            by_name = {self.index.terms[i].name: i for i in order}
            order = [by_name[name] for name in order_by_need(list(by_name), progress, rest=resting(len(order)))]
        target = next((i for i in order if i not in excluded), None)
        if target is None:
            raise QuizError("Every term in scope has been asked; start again or pick another topic.")
        term = self.index.terms[target]
        if kind == "written":
            prompt = f"What does “{term.name}” mean?"
            return Question(self.ids.sign("written", [target], target), kind, prompt, None, names, scope.note)
        _, ids, first = self.ids.digests_of("term")
        every_name = [t.name for t in self.index.terms]
        options = choose_options(target, scope.terms, self.definition_vectors(), ids, first, every_name, rng)
        if len(options) < 2:  # a glossary of one term: nothing to choose between
            raise QuizError("A choice question needs two glossary terms or more; ask for a written question instead.")
        prompt = f"Which term matches this definition?\n\n{mask(term)}"
        return Question(
            self.ids.sign("choice", options, target),
            kind,
            prompt,
            [self.index.terms[i].name for i in options],
            names,
            scope.note,
        )

    def _asked(self, exclude: Any, kinds: tuple[str, ...]) -> set[int]:
        """The answers of the given ids of these kinds; ids that are not genuine, or no longer fit, are ignored."""
        asked: set[int] = set()
        for question_id in exclude if isinstance(exclude, (list, tuple, set)) else ():
            if isinstance(question_id, str) and question_id.split(":", 1)[0] in kinds:
                try:
                    asked.add(self.ids.resolve(question_id).target)
                except QuizError:
                    continue
        return asked

    def _next_study(self, topic: str | None, done: set[int], progress: dict[str, Any] | None = None) -> Question:
        study = self.index.study
        if not study:
            raise QuizError("The course documents have no numbered study questions with an answer key.")
        order = list(range(len(study)))
        if topic and topic.strip():
            vector = self.encoder.encode_query(topic)
            questions = self.study_vectors()
            order.sort(key=lambda i: -float(questions[i] @ vector))
        if progress is not None:
            by_key = {f"Question {study[i].number}": i for i in order}
            order = [by_key[k] for k in order_by_need(list(by_key), progress, rest=resting(len(order)))]
        target = next((i for i in order if i not in done), None)
        if target is None:
            raise QuizError("Every study question has been asked; start again.")
        item = study[target]
        return Question(
            self.ids.sign("study", [target], target),
            "study",
            item.question,
            None,
            [f"Question {item.number}" for item in study],
        )

    def patterns(self) -> list[re.Pattern[str]]:
        if self._patterns is None:
            self._patterns = [name_pattern(t) for t in self.index.terms]
        return self._patterns

    def name_vectors(self) -> np.ndarray:
        if self._name_vectors is None:
            self._name_vectors = self.encoder.encode([t.name for t in self.index.terms])
        return self._name_vectors

    def study_vectors(self) -> np.ndarray:
        """The study questions' vectors, encoded once for this generation."""
        if self._study_vectors is None:
            self._study_vectors = self.encoder.encode([s.question for s in self.index.study])
        return self._study_vectors

    def definition_vectors(self) -> np.ndarray:
        return self.index.glossary_vectors[: len(self.index.terms)]

    # -- checking
    def check(self, question_id: str, kind: str, answer: str) -> Feedback:
        parsed_kind, target, options = self._parse(question_id)
        if kind != parsed_kind:
            raise QuizError(f"This is a {parsed_kind} question, not {kind}.")
        if not isinstance(answer, str):
            raise QuizError("The answer must be text.")
        if kind == "study":
            return self._check_study(target, answer)
        term = self.index.terms[target]
        citation = citation_of(term)
        context = self.context(target)
        if kind == "choice":
            return self._check_choice(target, options, answer, citation, context)
        result = self.grade_written(target, answer)
        return Feedback(result.verdict, term.definition, explain(result, term.name), citation, context)

    def grade_written(self, target: int, answer: str) -> Grade:
        terms = self.index.terms
        term = terms[target]
        return grade(
            answer,
            target,
            [t.definition for t in terms],
            self.definition_vectors(),
            self.encoder.encode_query,
            (term.name, *term.aliases),
        )

    def _check_choice(
        self, target: int, options: list[int], answer: str, citation: dict[str, Any], context: dict[str, Any] | None
    ) -> Feedback:
        terms = self.index.terms
        picked = pick(answer.strip(), [terms[i].name for i in options])
        if picked is None:
            raise QuizError(f"Answer with one of the choices: {', '.join(terms[i].name for i in options)}.")
        chosen = options[picked]
        verdict = CORRECT if chosen == target else WRONG
        notes = []
        for i in options:
            is_answer = i == target
            why = (
                f"Yes: this is the definition of {terms[i].name}."
                if is_answer
                else f"No: {terms[i].name} is “{terms[i].definition}”"
            )
            notes.append({"term": terms[i].name, "correct": is_answer, "why": why, "citation": citation_of(terms[i])})
        said = f"The definition is of {terms[target].name}."
        if verdict != CORRECT:
            said = f"You picked {terms[chosen].name}; the definition is of {terms[target].name}."
        return Feedback(verdict, terms[target].name, said, citation, context, notes)

    def _check_study(self, target: int, answer: str) -> Feedback:
        study = self.index.study
        item = study[target]
        vectors = self.index.glossary_vectors[len(self.index.terms) :]
        result = grade(answer, target, [s.answer for s in study], vectors, self.encoder.encode_query)
        citation = {
            "document": item.document,
            "section": item.section,
            "source": item.source,
            "start": item.start,
            "end": item.end,
            "quote": item.answer,
        }
        return Feedback(result.verdict, item.answer, explain(result, f"question {item.number}"), citation)

    def context(self, target: int) -> dict[str, Any] | None:
        """A sentence outside the glossary that uses the term, with where it is."""
        term = self.index.terms[target]
        pattern = name_pattern(term)
        retriever = self.retriever
        for chunk_id in self.index.term_chunks[target]:
            chunk = self.index.chunks[chunk_id]
            if chunk.source == term.source and chunk.start <= term.start < chunk.end:
                continue  # the glossary row itself
            for unit in retriever.units_of(chunk_id).tolist():
                text = retriever.unit_text(unit)
                if pattern.search(text):
                    start, end = (int(x) for x in self.index.unit_spans[unit])
                    return {
                        "document": chunk.document,
                        "section": chunk.section,
                        "source": chunk.source,
                        "start": start,
                        "end": end,
                        "quote": text,
                    }
        return None

    def subject(self, question_id: str) -> str:
        """What a question practises, as a stable key for spaced repetition: the term's name, or "Question n"."""
        kind, target, _ = self._parse(question_id)
        return f"Question {self.index.study[target].number}" if kind == "study" else self.index.terms[target].name

    def question_id(self, kind: str, target: int, options: list[int] | None = None) -> str:
        """The signed id of a question about term (or study question) `target`; for the server's own use."""
        return self.ids.question_id(kind, target, options)

    def _parse(self, question_id: Any) -> tuple[str, int, list[int]]:
        resolved = self.ids.resolve(question_id)
        return resolved.kind, resolved.target, resolved.options
