"""Quizzes on the glossary terms of what a learner just asked about, and on the study guide's questions.

Questions are stateless: an id encodes everything needed to check the answer ("choice:3:3.7.12.5" = term 3,
options shown in that order), so the web app, the HTTP API and the terminal can all check any question.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .answer import compose, score_units
from .errors import SagebotError
from .glossary import Term, name_pattern
from .grade import CORRECT, WRONG, Grade, grade
from .progress import order_by_need
from .text import content_terms

if TYPE_CHECKING:
    import numpy as np

    from .assistant import Assistant

KINDS = ("choice", "written", "study")
MIN_SCOPE = 4
ALIAS_CEILING = 0.92  # a distractor whose definition is this close to the answer's would be a second right answer
MASK = "_____"
GROUPED_BONUS = 0.5


class QuizError(SagebotError):
    """A quiz request that cannot be served as given."""

    exit_code = 2


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    choices: list[str] | None
    scope: list[str]
    note: str = ""  # e.g. why the whole glossary is used

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.choices is None:
            del data["choices"]
        return data


@dataclass(frozen=True)
class Feedback:
    verdict: str
    expected: str
    explanation: str
    citation: dict[str, Any]
    context: dict[str, Any] | None = None  # a passage where the term is used
    options: list[dict[str, Any]] = field(default_factory=list)  # choice questions: why each option is or is not

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Scope:
    terms: list[int]  # glossary indexes, most relevant first
    note: str


class Quiz:
    def __init__(self, assistant: "Assistant") -> None:
        self.assistant = assistant
        self._patterns: list[re.Pattern[str]] | None = None
        self._name_vectors: "np.ndarray | None" = None

    @property
    def index(self):  # noqa: ANN201
        return self.assistant.index

    # -- scope
    def scope(self, topic: str | None) -> Scope:
        terms = self.index.terms
        if not terms:
            raise QuizError("The course documents have no glossary to quiz on (add a Term/Definition table).")
        everything = list(range(len(terms)))
        if not topic or not topic.strip():
            return Scope(everything, "")
        topic = " ".join(topic.split())[: self.assistant.settings.max_question_chars]
        retriever = self.assistant.retriever
        retrieval = retriever.search(topic, self.assistant.embedder.encode_query,
                                     limit=2 * self.assistant.settings.passages)
        patterns = self.patterns()
        named = [i for i, p in enumerate(patterns) if p.search(topic)]
        if not named and not compose(topic, retrieval, retriever, self.assistant.settings).grounded:
            return Scope(everything, f"The course documents don't cover “{topic}”, so the quiz uses the whole glossary.")
        # A term's relevance: how well the sentences naming it answer the topic, and how close its own
        # definition is to the topic. Only terms the retrieved passages mention are in scope.
        best_sentence: dict[int, float] = {}
        for scored in score_units(retrieval, retriever):
            text = retriever.unit_text(scored.unit)
            for i, p in enumerate(patterns):
                if i not in best_sentence and p.search(text):
                    best_sentence[i] = scored.score
        for chunk in (p.chunk for p in retrieval.passages):
            for i, chunks in enumerate(self.index.term_chunks):
                if chunk in chunks:
                    best_sentence.setdefault(i, 0.0)
        closeness = self.definition_vectors() @ retrieval.vector + self.name_vectors() @ retrieval.vector
        grouped = self._listed_under(topic, [p.chunk for p in retrieval.passages])
        relevance = {i: 0.5 * score + float(closeness[i]) + (GROUPED_BONUS if i in grouped else 0.0)
                     for i, score in best_sentence.items()}
        ranked = named + sorted((i for i in relevance if i not in named), key=lambda i: -relevance[i])
        if len(ranked) < MIN_SCOPE:
            found = f"only {len(ranked)} glossary term(s)" if ranked else "no glossary terms"
            return Scope(ranked + [i for i in everything if i not in ranked],
                         f"The passages about “{topic}” mention {found}, so the quiz uses the whole glossary.")
        return Scope(ranked, "")

    # -- questions
    def next(self, topic: str | None = None, kind: str = "choice", exclude: list[str] | None = None,
             rng: random.Random | None = None, progress: dict[str, Any] | None = None) -> Question:
        """The next question in scope not in `exclude`; with a learner's `progress`, missed and unseen terms
        come first (spaced repetition)."""
        if kind not in KINDS:
            raise QuizError(f"Unknown quiz kind {kind!r}: use one of {', '.join(KINDS)}.")
        rng = rng or random.Random()
        excluded = set(exclude or ())
        if kind == "study":
            return self._next_study(topic, excluded)
        scope = self.scope(topic)
        names = [self.index.terms[i].name for i in scope.terms]
        order = scope.terms
        if progress is not None:
            by_name = {self.index.terms[i].name: i for i in scope.terms}
            order = [by_name[name] for name in order_by_need(names, progress)]
        done = {_target(q) for q in excluded if q.split(":", 1)[0] in ("choice", "written")}
        target = next((i for i in order if i not in done), None)
        if target is None:
            raise QuizError("Every term in scope has been asked; start again or pick another topic.")
        term = self.index.terms[target]
        if kind == "written":
            prompt = f"What does “{term.name}” mean?"
            return Question(f"written:{target}", kind, prompt, None, names, scope.note)
        options = self._choices(target, scope.terms, rng)
        prompt = f"Which term matches this definition?\n\n{mask(term)}"
        ident = f"choice:{target}:{'.'.join(map(str, options))}"
        return Question(ident, kind, prompt, [self.index.terms[i].name for i in options], names, scope.note)

    def _next_study(self, topic: str | None, excluded: set[str]) -> Question:
        study = self.index.study
        if not study:
            raise QuizError("The course documents have no numbered study questions with an answer key.")
        order = list(range(len(study)))
        if topic and topic.strip():
            vector = self.assistant.embedder.encode_query(topic)
            questions = self.assistant.embedder.encode([s.question for s in study])
            order.sort(key=lambda i: -float(questions[i] @ vector))
        done = {_target(q) for q in excluded if q.startswith("study:")}
        target = next((i for i in order if i not in done), None)
        if target is None:
            raise QuizError("Every study question has been asked; start again.")
        item = study[target]
        return Question(f"study:{target}", "study", item.question, None, [f"Question {item.number}" for item in study])

    def _choices(self, target: int, scope: list[int], rng: random.Random) -> list[int]:
        """The answer and three distractors: terms whose definitions are closest (in-scope ones first), never a
        near-alias, spread out, not giveaways by length; shuffled."""
        vectors = self.definition_vectors()
        sims = vectors @ vectors[target]
        in_scope = set(scope)
        candidates = [i for i in range(len(sims)) if i != target and float(sims[i]) < ALIAS_CEILING]
        candidates.sort(key=lambda i: -(float(sims[i]) + (0.1 if i in in_scope else 0.0)))
        chosen: list[int] = []
        for i in candidates:  # MMR: close to the answer, not to each other
            if len(chosen) == 3:
                break
            if all(float(vectors[i] @ vectors[j]) < ALIAS_CEILING for j in chosen):
                chosen.append(i)
        terms = self.index.terms
        longest = max(chosen, key=lambda i: len(terms[i].name), default=None)
        if longest is not None and len(terms[target].name) > len(terms[longest].name) + 12:
            longer = [i for i in candidates if i not in chosen and len(terms[i].name) >= len(terms[target].name)]
            if longer:
                chosen[-1] = longer[0]
        options = [target, *chosen]
        rng.shuffle(options)
        return options

    def _listed_under(self, topic: str, chunk_ids: list[int]) -> set[int]:
        """Terms in a list whose label names the topic ("Permissions & Security:" over IAM, VPC, KMS)."""
        wanted = set(content_terms(topic))
        found: set[int] = set()
        patterns = self.patterns()
        for chunk_id in chunk_ids:
            label_indent = None
            for line in self.index.chunks[chunk_id].text.splitlines():
                indent = len(line) - len(line.lstrip())
                if label_indent is not None and indent > label_indent and line.strip():
                    item = re.sub(r"^\s*(?:[*+\-•]|\d{1,3}[.)])\s+", "", line)
                    head = item.split(":", 1)[0] if ":" in item else item  # the item's own subject
                    found.update(i for i, p in enumerate(patterns) if p.search(head))
                    continue
                label_indent = None
                label = re.sub(r"^\s*(?:[*+\-•]|\d{1,3}[.)])\s+", "", line).split(":", 1)
                if len(label) == 2 and not label[1].strip() and wanted & set(content_terms(label[0])):
                    label_indent = indent
        return found

    def patterns(self) -> list[re.Pattern[str]]:
        if self._patterns is None or len(self._patterns) != len(self.index.terms):
            self._patterns = [name_pattern(t) for t in self.index.terms]
        return self._patterns

    def name_vectors(self) -> "np.ndarray":
        if self._name_vectors is None or len(self._name_vectors) != len(self.index.terms):
            self._name_vectors = self.assistant.embedder.encode([t.name for t in self.index.terms])
        return self._name_vectors

    def definition_vectors(self) -> "np.ndarray":
        return self.index.glossary_vectors[: len(self.index.terms)]

    # -- checking
    def check(self, question_id: str, kind: str, answer: str) -> Feedback:
        parsed_kind, target, options = self._parse(question_id)
        if kind != parsed_kind:
            raise QuizError(f"Question {question_id!r} is a {parsed_kind} question, not {kind}.")
        if not isinstance(answer, str):
            raise QuizError("The answer must be text.")
        if kind == "study":
            return self._check_study(target, answer)
        term = self.index.terms[target]
        citation = _citation(term)
        context = self.context(target)
        if kind == "choice":
            return self._check_choice(target, options, answer, citation, context)
        result = self.grade_written(target, answer)
        return Feedback(result.verdict, term.definition, _explain(result, term.name), citation, context)

    def grade_written(self, target: int, answer: str) -> Grade:
        terms = self.index.terms
        term = terms[target]
        return grade(answer, target, [t.definition for t in terms], self.definition_vectors(),
                     self.assistant.embedder.encode_query, (term.name, *term.aliases))

    def _check_choice(self, target: int, options: list[int], answer: str, citation: dict[str, Any],
                      context: dict[str, Any] | None) -> Feedback:
        terms = self.index.terms
        picked = _pick(answer.strip(), [terms[i].name for i in options])
        if picked is None:
            raise QuizError(f"Answer with one of the choices: {', '.join(terms[i].name for i in options)}.")
        chosen = options[picked]
        verdict = CORRECT if chosen == target else WRONG
        notes = []
        for i in options:
            is_answer = i == target
            why = (f"Yes: this is the definition of {terms[i].name}." if is_answer
                   else f"No: {terms[i].name} is “{terms[i].definition}”")
            notes.append({"term": terms[i].name, "correct": is_answer, "why": why, "citation": _citation(terms[i])})
        lead = "Right." if verdict == CORRECT else f"Not quite: you picked {terms[chosen].name}."
        return Feedback(verdict, terms[target].name, f"{lead} The definition is of {terms[target].name}.",
                        citation, context, notes)

    def _check_study(self, target: int, answer: str) -> Feedback:
        study = self.index.study
        item = study[target]
        vectors = self.index.glossary_vectors[len(self.index.terms) :]
        result = grade(answer, target, [s.answer for s in study], vectors, self.assistant.embedder.encode_query)
        citation = {"document": item.document, "section": item.section, "source": item.source,
                    "start": item.start, "end": item.end, "quote": item.answer}
        return Feedback(result.verdict, item.answer, _explain(result, f"question {item.number}"), citation)

    def context(self, target: int) -> dict[str, Any] | None:
        """A sentence outside the glossary that uses the term, with where it is."""
        term = self.index.terms[target]
        pattern = name_pattern(term)
        retriever = self.assistant.retriever
        for chunk_id in self.index.term_chunks[target]:
            chunk = self.index.chunks[chunk_id]
            if chunk.source == term.source and chunk.start <= term.start < chunk.end:
                continue  # the glossary row itself
            for unit in retriever.units_of(chunk_id).tolist():
                text = retriever.unit_text(unit)
                if pattern.search(text):
                    start, end = (int(x) for x in self.index.unit_spans[unit])
                    return {"document": chunk.document, "section": chunk.section, "source": chunk.source,
                            "start": start, "end": end, "quote": text}
        return None

    def subject(self, question_id: str) -> str:
        """What a question practises, as a stable key for spaced repetition: the term's name, or "Question n"."""
        kind, target, _ = self._parse(question_id)
        return f"Question {self.index.study[target].number}" if kind == "study" else self.index.terms[target].name

    def _parse(self, question_id: Any) -> tuple[str, int, list[int]]:
        match = re.fullmatch(r"(choice|written|study):(\d{1,6})(?::(\d{1,6}(?:\.\d{1,6}){1,9}))?", str(question_id))
        if not match:
            raise QuizError(f"Unknown question id {str(question_id)[:80]!r}: ask for a new question.")
        kind, target = match.group(1), int(match.group(2))
        options = [int(x) for x in match.group(3).split(".")] if match.group(3) else []
        size = len(self.index.study) if kind == "study" else len(self.index.terms)
        valid = target < size and (kind != "choice" or (target in options and all(i < size for i in options)))
        if not valid or (kind == "choice") != bool(options):
            raise QuizError(f"Question id {question_id!r} does not fit this course's glossary: ask for a new question.")
        return kind, target, options


def mask(term: Term) -> str:
    """The definition with the term's own names hidden."""
    return name_pattern(term).sub(MASK, term.definition)


def _target(question_id: str) -> int | None:
    parts = question_id.split(":")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def _pick(answer: str, names: list[str]) -> int | None:
    if answer.isdigit() and 1 <= int(answer) <= len(names):
        return int(answer) - 1
    folded = answer.casefold()
    return next((i for i, name in enumerate(names) if name.casefold() == folded), None)


def _citation(term: Term) -> dict[str, Any]:
    return {"document": term.document, "section": term.section, "source": term.source,
            "start": term.start, "end": term.end, "quote": term.definition}


def _explain(result: Grade, subject: str) -> str:
    return f"{result.reason} The reference for {subject} is shown with its source." if result.verdict != CORRECT else result.reason
