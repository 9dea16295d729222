"""Quizzes on the glossary terms of what a learner just asked about, and on the study guide's questions.

Questions are stateless: an id carries everything needed to check the answer, so the web app, the HTTP API and
the terminal can all check any question. An id is opaque and signed with a key only the server holds
(HMAC-SHA256, `quiz_key`): "choice:<generation>:<option>.<option>.<option>.<option>:<tag>", where the generation
and each option are short keyed digests of the index build and of a term's casefolded name (not its position,
so a rebuild that moves the glossary's rows does not change what an id means), and the tag is an HMAC over all
of that and the answer's identity. The answer is in no field: the server finds it by matching the tag against
each option, and a client without the key can neither read it nor forge an id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import random
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sagebot.answer.compose import compose, score_units
from sagebot.errors import ConfigError, SagebotError
from sagebot.ingest.glossary import Term, name_pattern
from sagebot.quiz.grade import CORRECT, WRONG, Grade, grade
from sagebot.quiz.progress import order_by_need
from sagebot.text import content_terms

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np

    from sagebot.answer.retrieve import Retriever
    from sagebot.index.encoder import Encoder
    from sagebot.index.store import LoadedIndex
    from sagebot.settings import Settings

KINDS = ("choice", "written", "study")
MIN_SCOPE = 4
ALIAS_CEILING = 0.92  # a distractor whose definition is this close to the answer's would be a second right answer
MASK = "_____"
GROUPED_BONUS = 0.5
KEY_FILE = "quiz-secret"  # in the index folder, mode 0600; never sent to a browser
DIGEST = r"[A-Za-z0-9_-]{8}"  # a generation's or a term's identity: 6 bytes of HMAC, base64url
QUESTION_ID = re.compile(rf"(choice|written|study):({DIGEST}):({DIGEST}(?:\.{DIGEST}){{0,9}}):([A-Za-z0-9_-]{{22}})")
MAX_ID_CHARS = 200
STALE = "This question is from an earlier version of the course; ask for a new one."


class QuizError(SagebotError):
    """A quiz request that cannot be served as given."""

    exit_code = 2


def quiz_key(settings: "Settings") -> bytes:
    """The server's key for quiz ids and learners' sealed progress: SAGEBOT_QUIZ_SECRET, else a random key kept
    in index/quiz-secret (mode 0600; created once, shared by every process that serves this index)."""
    configured = getattr(settings, "quiz_secret", None)
    if configured:
        return configured.encode("utf-8")
    path = settings.index_dir / KEY_FILE
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise ConfigError(f"Cannot read the quiz key {path}: {exc.strerror or exc}.") from exc
    try:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{KEY_FILE}-{os.getpid()}-{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, secrets.token_hex(32).encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(draft, path)  # atomic and never overwrites: two processes starting at once agree on one key
        except FileExistsError:
            pass
        finally:
            draft.unlink(missing_ok=True)
        return _read_key(path)
    except OSError as exc:
        raise ConfigError(f"Cannot create the quiz key {path}: {exc.strerror or exc}. Make the index folder "
                          "writable or set SAGEBOT_QUIZ_SECRET.") from exc


def _read_key(path: "Path") -> bytes:
    if path.stat().st_mode & 0o077:
        try:
            path.chmod(0o600)
        except OSError:
            log.warning("The quiz key %s can be read by other users; make it mode 0600.", path)
    key = path.read_bytes().strip()
    if len(key) < 32:
        raise ConfigError(f"The quiz key {path} is damaged (too short): delete it and a new one is made "
                          "(questions and progress sealed with the old one start afresh).")
    return key


def _identity(text: str) -> str:
    """A name's stable identity: what stays the same across rebuilds (case and spacing aside)."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Resolved:
    """A verified question id, resolved in the current index."""

    kind: str
    target: int  # glossary (or study-guide) index of the answer
    options: list[int]  # choice questions: the options in the order shown


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
    """The quiz over one index generation (see assistant.Snapshot): everything it reads is that generation's."""

    def __init__(self, index: "LoadedIndex", retriever: "Retriever", encoder: "Encoder", settings: "Settings",
                 key_source: Callable[[], bytes]) -> None:
        self.index = index
        self.retriever = retriever
        self.encoder = encoder
        self.settings = settings
        self._key_source = key_source
        self._patterns: list[re.Pattern[str]] | None = None
        self._name_vectors: "np.ndarray | None" = None
        self._study_vectors: "np.ndarray | None" = None
        self._digests: tuple[str, dict[str, tuple[list[str], dict[str, int]]]] | None = None

    @property
    def key(self) -> bytes:
        """The server-side key (see quiz_key); it also seals learners' progress (progress.seal)."""
        return self._key_source()

    # -- scope
    def scope(self, topic: str | None) -> Scope:
        terms = self.index.terms
        if not terms:
            raise QuizError("The course documents have no glossary to quiz on (add a Term/Definition table).")
        everything = list(range(len(terms)))
        if not topic or not topic.strip():
            return Scope(everything, "")
        topic = " ".join(topic.split())[: self.settings.max_question_chars]
        retriever = self.retriever
        retrieval = retriever.search(topic, self.encoder.encode_query,
                                     limit=2 * self.settings.passages)
        patterns = self.patterns()
        named = [i for i, p in enumerate(patterns) if p.search(topic)]
        if not named and not compose(topic, retrieval, retriever, self.settings).grounded:
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
        excluded = self._asked(exclude, ("study",) if kind == "study" else ("choice", "written"))
        if kind == "study":
            return self._next_study(topic, excluded)
        scope = self.scope(topic)
        names = [self.index.terms[i].name for i in scope.terms]
        _, ids, first = self._digests_of("term")
        order = [i for i in scope.terms if first[ids[i]] == i]  # a name defined twice is asked once
        if progress is not None:
            by_name = {self.index.terms[i].name: i for i in order}
            order = [by_name[name] for name in order_by_need(list(by_name), progress)]
        target = next((i for i in order if i not in excluded), None)
        if target is None:
            raise QuizError("Every term in scope has been asked; start again or pick another topic.")
        term = self.index.terms[target]
        if kind == "written":
            prompt = f"What does “{term.name}” mean?"
            return Question(self._sign("written", [target], target), kind, prompt, None, names, scope.note)
        options = self._choices(target, scope.terms, rng)
        prompt = f"Which term matches this definition?\n\n{mask(term)}"
        return Question(self._sign("choice", options, target), kind, prompt,
                        [self.index.terms[i].name for i in options], names, scope.note)

    def _asked(self, exclude: Any, kinds: tuple[str, ...]) -> set[int]:
        """The answers of the given ids of these kinds; ids that are not genuine, or no longer fit, are ignored."""
        asked: set[int] = set()
        for question_id in exclude if isinstance(exclude, (list, tuple, set)) else ():
            if isinstance(question_id, str) and question_id.split(":", 1)[0] in kinds:
                try:
                    asked.add(self._resolve(question_id).target)
                except QuizError:
                    continue
        return asked

    def _next_study(self, topic: str | None, done: set[int]) -> Question:
        study = self.index.study
        if not study:
            raise QuizError("The course documents have no numbered study questions with an answer key.")
        order = list(range(len(study)))
        if topic and topic.strip():
            vector = self.encoder.encode_query(topic)
            questions = self.study_vectors()
            order.sort(key=lambda i: -float(questions[i] @ vector))
        target = next((i for i in order if i not in done), None)
        if target is None:
            raise QuizError("Every study question has been asked; start again.")
        item = study[target]
        return Question(self._sign("study", [target], target), "study", item.question, None,
                        [f"Question {item.number}" for item in study])

    def _choices(self, target: int, scope: list[int], rng: random.Random) -> list[int]:
        """The answer and three distractors: terms whose definitions are closest (in-scope ones first), never a
        near-alias, spread out, not giveaways by length; shuffled."""
        vectors = self.definition_vectors()
        sims = vectors @ vectors[target]
        in_scope = set(scope)
        _, ids, first = self._digests_of("term")
        # one option per name: a name the course defines twice is one option, never a second right answer
        candidates = [i for i in range(len(sims)) if i != target and float(sims[i]) < ALIAS_CEILING
                      and first[ids[i]] == i and ids[i] != ids[target]]
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
        if self._patterns is None:
            self._patterns = [name_pattern(t) for t in self.index.terms]
        return self._patterns

    def name_vectors(self) -> "np.ndarray":
        if self._name_vectors is None:
            self._name_vectors = self.encoder.encode([t.name for t in self.index.terms])
        return self._name_vectors

    def study_vectors(self) -> "np.ndarray":
        """The study questions' vectors, encoded once for this generation."""
        if self._study_vectors is None:
            self._study_vectors = self.encoder.encode([s.question for s in self.index.study])
        return self._study_vectors

    def definition_vectors(self) -> "np.ndarray":
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
                     self.encoder.encode_query, (term.name, *term.aliases))

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
        result = grade(answer, target, [s.answer for s in study], vectors, self.encoder.encode_query)
        citation = {"document": item.document, "section": item.section, "source": item.source,
                    "start": item.start, "end": item.end, "quote": item.answer}
        return Feedback(result.verdict, item.answer, _explain(result, f"question {item.number}"), citation)

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
                    return {"document": chunk.document, "section": chunk.section, "source": chunk.source,
                            "start": start, "end": end, "quote": text}
        return None

    def subject(self, question_id: str) -> str:
        """What a question practises, as a stable key for spaced repetition: the term's name, or "Question n"."""
        kind, target, _ = self._parse(question_id)
        return f"Question {self.index.study[target].number}" if kind == "study" else self.index.terms[target].name

    def _parse(self, question_id: Any) -> tuple[str, int, list[int]]:
        resolved = self._resolve(question_id)
        return resolved.kind, resolved.target, resolved.options

    # -- ids
    def _digest(self, *parts: str, size: int = 6) -> str:
        message = "\x1f".join(parts).encode("utf-8")
        tag = hmac.new(self.key, message, hashlib.sha256).digest()[:size]
        return base64.urlsafe_b64encode(tag).decode("ascii").rstrip("=")

    def _digests_of(self, table: str) -> tuple[str, list[str], dict[str, int]]:
        """For "term" or "study": the current generation's digest, each item's identity digest, and the first
        item of each identity."""
        index = self.index
        if self._digests is None:
            tables = {}
            for name, names in (("term", [t.name for t in index.terms]),
                                ("study", [s.question for s in index.study])):
                ids = [self._digest(name, _identity(n)) for n in names]
                first: dict[str, int] = {}
                for i, digest in enumerate(ids):
                    first.setdefault(digest, i)
                tables[name] = (ids, first)
            self._digests = (self._digest("generation", index.generation), tables)
        generation, tables = self._digests
        return (generation, *tables[table])

    def question_id(self, kind: str, target: int, options: list[int] | None = None) -> str:
        """The signed id of a question about glossary term (or study question) `target` of the current index;
        for a choice question, with these options in this order. For the server's own use (evaluation, tests)."""
        if kind not in KINDS:
            raise QuizError(f"Unknown quiz kind {kind!r}: use one of {', '.join(KINDS)}.")
        items = options if kind == "choice" else [target]
        size = len(self.index.study if kind == "study" else self.index.terms)
        if not items or target not in items or not all(0 <= i < size for i in items):
            raise QuizError("No such question in this course.")
        return self._sign(kind, items, target)

    def _sign(self, kind: str, items: list[int], answer: int) -> str:
        generation, ids, _ = self._digests_of("study" if kind == "study" else "term")
        body = f"{kind}:{generation}:{'.'.join(ids[i] for i in items)}"
        return f"{body}:{self._tag(body, ids[answer])}"

    def _tag(self, body: str, answer: str) -> str:
        return self._digest("question", body, answer, size=16)

    def _resolve(self, question_id: Any) -> Resolved:
        """The question an id stands for, in the current index. Raises QuizError for an id this server did not
        issue (or that was altered) and for one whose terms a rebuild removed."""
        text = question_id if isinstance(question_id, str) else ""
        match = QUESTION_ID.fullmatch(text) if len(text) <= MAX_ID_CHARS else None
        if not match:
            shown = str(question_id)[:80] if isinstance(question_id, (str, int)) else type(question_id).__name__
            raise QuizError(f"Unknown question id {shown!r}: ask for a new question.")
        kind, _generation, items, tag = match.groups()
        body = text.rsplit(":", 1)[0]
        items_ = items.split(".")
        if kind == "choice":
            matches = [d for d in items_ if hmac.compare_digest(tag, self._tag(body, d))]  # all: even timing
            answer = matches[0] if len(matches) == 1 else None
            fits = answer is not None and 2 <= len(items_) == len(set(items_))
        else:
            answer = items_[0]
            fits = len(items_) == 1 and hmac.compare_digest(tag, self._tag(body, answer))
        if not fits:
            raise QuizError("This question id was not issued by this server, or was altered: ask for a new question.")
        _, _, first = self._digests_of("study" if kind == "study" else "term")
        # Ids name terms by identity, not position: one from an earlier build (another generation) still means
        # the same terms while they remain in the glossary.
        if any(d not in first for d in items_):
            raise QuizError(STALE)
        return Resolved(kind, first[answer], [first[d] for d in items_] if kind == "choice" else [])


def mask(term: Term) -> str:
    """The definition with the term's own names hidden."""
    return name_pattern(term).sub(MASK, term.definition)


def _pick(answer: str, names: list[str]) -> int | None:
    if re.fullmatch(r"[0-9]{1,3}", answer) and 1 <= int(answer) <= len(names):  # ASCII digits: "²".isdigit()
        return int(answer) - 1
    folded = answer.casefold()
    return next((i for i, name in enumerate(names) if name.casefold() == folded), None)


def _citation(term: Term) -> dict[str, Any]:
    return {"document": term.document, "section": term.section, "source": term.source,
            "start": term.start, "end": term.end, "quote": term.definition}


def _explain(result: Grade, subject: str) -> str:
    return f"{result.reason} The reference for {subject} is shown with its source." if result.verdict != CORRECT else result.reason
