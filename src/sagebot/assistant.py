"""The Assistant: the one seam the CLI, the web app, the HTTP API and the tests all call."""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sagebot.answer.compose import Answer
from sagebot.answer.conversation import Turn, resolve
from sagebot.errors import InvalidQuestionError, SagebotError
from sagebot.index.build import BuildReport, build
from sagebot.index.encoder import Encoder
from sagebot.index.store import LoadedIndex, current_generation, load
from sagebot.settings import Settings, load_settings

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sagebot.answer.retrieve import Retriever
    from sagebot.quiz.engine import Quiz


TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
DROPPED_CATEGORIES = ("Cc", "Cs", "Cf", "Co", "Cn")
KEPT_FORMAT_CHARACTERS = "\n\t\u200c\u200d"  # newline, tab, zero-width non-joiner and joiner
GLOSSARY_NOTES = {
    "derived": "No glossary found; these terms were taken from definitions in the text.",
    "none": "No glossary found, and no definitions in the text to take terms from.",
}


def clean_question(text: Any, limit: int) -> str:
    """The question in compatibility form (full-width letters read as letters), without control or invisible
    formatting characters (bidi overrides, zero-width spaces; the joiners that scripts and emoji need stay);
    raises when it is empty or too long."""
    if not isinstance(text, str):
        raise InvalidQuestionError("The question must be text.")
    text = TERMINAL_ESCAPE.sub("", text)  # colour codes pasted from a terminal
    text = "".join(
        ch for ch in text if ch in KEPT_FORMAT_CHARACTERS or unicodedata.category(ch) not in DROPPED_CATEGORIES
    )
    text = unicodedata.normalize("NFKC", text)
    text = " ".join(text.split())
    if not text:
        raise InvalidQuestionError("The question is empty: type a question about the course.")
    if len(text) > limit:
        raise InvalidQuestionError(
            f"The question is {len(text):,} characters long; the limit is {limit:,}. Ask something shorter."
        )
    return text


def clean_history(history: Iterable[Mapping[str, Any]] | None, limit: int, keep: int) -> list[dict[str, str]]:
    """The last `keep` turns as plain text, each cleaned like a question and cut at `limit` characters: a
    history comes from the client too."""
    from sagebot.answer.conversation import history_text

    turns = []
    for message in list(history or [])[-keep:]:
        role = message.get("role") if isinstance(message, Mapping) else None
        if role not in ("user", "assistant"):
            continue
        try:
            text = clean_question(history_text(message.get("content", ""))[: 4 * limit], 4 * limit)[:limit]
        except InvalidQuestionError:
            continue
        turns.append({"role": role, "content": text})
    return turns


@dataclass(frozen=True)
class Snapshot:
    """One index generation and everything made from it. A request takes one snapshot and uses only it, so a
    rebuild swapped in meanwhile never mixes two generations in one answer or one quiz check."""

    index: LoadedIndex
    retriever: Retriever
    quiz: Quiz

    @property
    def generation(self) -> str:
        return self.index.generation


class Assistant:
    """Answers questions from an index of the course documents.

    `Assistant(settings)` verifies the model; `load()` (or the first `ask`) opens the index and raises
    a SagebotError that says what to run when it is missing or stale.
    """

    def __init__(self, settings: Settings | None = None, encoder: Encoder | None = None) -> None:
        self.settings = settings or load_settings()
        self.encoder = encoder or Encoder(self.settings)
        self._snapshot: Snapshot | None = None
        self._cache: OrderedDict[tuple[str, str, str, str, frozenset[str], int], Answer] = OrderedDict()
        self._lock = threading.Lock()
        self._reloading = threading.Lock()
        self._next_reload_check = 0.0
        self._unloadable: str | None = None  # the newer index (or CURRENT error) that could not be swapped in
        self._quiz_key: bytes | None = None

    # -- index
    def build_index(self, force: bool = False, on_step: Callable[[str, int, int], None] | None = None) -> BuildReport:
        report = build(self.settings, self.encoder, force=force, on_step=on_step)
        if not report.up_to_date or self._snapshot is None or self._snapshot.generation != report.generation:
            self.load(check_corpus=False)
        return report

    def load(self, check_corpus: bool = True) -> LoadedIndex:
        from sagebot.answer.retrieve import Retriever
        from sagebot.quiz.engine import Quiz

        index = load(self.settings, self.encoder.sha256, check_corpus=check_corpus)
        retriever = Retriever(index, self.settings)
        snapshot = Snapshot(index, retriever, Quiz(index, retriever, self.encoder, self.settings, self.quiz_key))
        with self._lock:  # in-flight requests keep the snapshot they took
            self._snapshot = snapshot
            self._cache.clear()
        return index

    def snapshot(self) -> Snapshot:
        """The index generation a request should use: opened on first use, a rebuilt one swapped in first."""
        if self._snapshot is None:
            self.load()
        else:
            self.reload_if_rebuilt()
        assert self._snapshot is not None
        return self._snapshot

    def quiz_key(self) -> bytes:
        """The server-side key of quiz ids and sealed progress (made on first use; see quiz.engine.quiz_key)."""
        if self._quiz_key is None:
            from sagebot.quiz.ids import quiz_key

            self._quiz_key = quiz_key(self.settings)
        return self._quiz_key

    def load_or_rebuild(self, on_step: Callable[[str, int, int], None] | None = None) -> BuildReport | None:
        """Open the index; when it is missing, out of date or damaged, build a new one instead (safe: the
        new generation only replaces the old one once complete). Returns the build's report, if one ran.

        When that build fails (disk full, corpus gone), an index that is only out of date is served as it is,
        with a warning; the build's error is raised only when there is nothing to serve."""
        from sagebot.errors import IndexCorruptError, IndexMissingError, IndexStaleError

        try:
            self.load()
            return None
        except (IndexMissingError, IndexStaleError, IndexCorruptError) as exc:
            log.warning("%s Building it now.", str(exc).split(" Run ")[0])
            try:
                return self.build_index(force=isinstance(exc, IndexCorruptError), on_step=on_step)
            except SagebotError as failed:
                if not isinstance(exc, IndexStaleError):
                    raise
                try:
                    index = self.load(check_corpus=False)  # the last complete generation, if model and format fit
                except SagebotError:
                    raise failed from None
                log.warning(
                    "%s Serving the last complete index (%s) meanwhile; it is out of date (%s).",
                    failed,
                    index.generation,
                    exc.reason,
                )
                return None

    def reload_if_rebuilt(self) -> bool:
        """Swap in a newer index that `sagebot index` built meanwhile; True when one was swapped in.

        Checked at most every reload_check_seconds, by one thread at a time; the others keep answering from
        the index they have. A newer index that cannot be opened is logged and the current one kept.
        """
        interval = self.settings.reload_check_seconds
        if not interval or self._snapshot is None or time.monotonic() < self._next_reload_check:
            return False
        if not self._reloading.acquire(blocking=False):
            return False
        try:
            self._next_reload_check = time.monotonic() + interval
            newest = None
            try:
                newest = current_generation(self.settings.index_dir)
                if newest is None or newest.name in (self._snapshot.generation, self._unloadable):
                    return False
                self.load(check_corpus=False)
            except Exception as exc:  # whatever a damaged index raises, the service goes on with the one it has
                failure = newest.name if newest is not None else str(exc)
                if failure != self._unloadable:  # said once, not at every check
                    log.warning(
                        "A newer index was found but not swapped in; still answering from %s: %s",
                        self._snapshot.generation,
                        exc,
                    )
                self._unloadable = failure
                return False
            log.info("Swapped in index %s.", self._snapshot.generation)
            return True
        finally:
            self._reloading.release()

    @property
    def retriever(self) -> Retriever:
        return self.snapshot().retriever

    @property
    def quiz(self) -> Quiz:
        """The quiz of the current snapshot: take it once per request."""
        return self.snapshot().quiz

    def glossary(self) -> list[dict[str, Any]]:
        return [t.to_dict() for t in self.snapshot().index.terms]

    def glossary_source(self) -> str:
        """ "glossary" (found in the documents), "derived" (taken from definitional sentences) or "none"."""
        index = self.snapshot().index
        return "none" if not index.terms else "derived" if index.glossary_derived else "glossary"

    def glossary_note(self) -> str:
        """What the Quiz tab says about where its terms come from (nothing when the course has a glossary)."""
        try:
            source = self.glossary_source()
        except SagebotError:
            return ""
        return f" {GLOSSARY_NOTES[source]}" if source in GLOSSARY_NOTES else ""

    @property
    def index(self) -> LoadedIndex:
        return self.snapshot().index

    # -- questions
    def ask(self, question: str, history: Iterable[Mapping[str, Any]] | None = None) -> Answer:
        question = clean_question(question, self.settings.max_question_chars)
        history = clean_history(history, self.settings.max_question_chars, self.settings.max_chat_history_messages)
        return dataclasses.replace(self._answer(resolve(question, history)), question=question)

    def _answer(self, turn: Turn) -> Answer:
        """The answer to one turn. A follow-up does not quote again what the answer it follows quoted ("and why are
        they useful?" after "what is a faded example?"), and stands alone when that answer was a refusal."""
        from sagebot.answer.turn import not_to_repeat

        retriever = self.snapshot().retriever
        before = self._answer(turn.follows) if turn.follows else None
        if before is not None and not before.grounded:  # an API client may send the learner's turns alone: a
            turn, before = resolve(turn.question, None), None  # question never leans on one that was refused
        said = not_to_repeat(turn, before) if before is not None else frozenset()
        for page in range(1, turn.more):  # "tell me more" again: nor what the "more" answers before it quoted
            said |= {c.quote for c in self._answered(dataclasses.replace(turn, more=page), said, retriever).citations}
        return self._answered(turn, said, retriever)

    def _answered(self, turn: Turn, said: frozenset[str], retriever: Retriever) -> Answer:  # not quoting `said`
        from sagebot.answer.turn import answer_turn

        follows = turn.follows.resolved.casefold() if turn.follows else ""
        key = (retriever.index.generation, turn.search.casefold(), turn.resolved.casefold(), follows, said, turn.more)
        with self._lock:
            if (cached := self._cache.get(key)) is not None:
                self._cache.move_to_end(key)
                return dataclasses.replace(cached, resolved_question=turn.resolved)
        answer = answer_turn(turn, retriever, self.encoder.encode_query, self.settings, said)
        if self.settings.answer_cache_size:
            with self._lock:
                self._cache[key] = answer
                while len(self._cache) > self.settings.answer_cache_size:
                    self._cache.popitem(last=False)
        return answer

    def warm_up(self) -> None:
        """Load the model and answer one question, so the first learner does not wait for either."""
        from sagebot.answer.gate import load_english

        questions = self.example_questions(1)
        self.ask(questions[0] if questions else "What is this course about?")
        self.snapshot().retriever.defined_units()  # where each glossary term is defined, read once per index
        load_english()
        self._cache.clear()

    def example_questions(self, count: int = 4) -> list[str]:
        """Questions to offer on an empty chat: the course's own study questions, else its section titles."""
        from sagebot.text import display_unit

        snapshot = self.snapshot()
        retriever = snapshot.retriever
        picks = [display_unit(retriever.unit_text(u)) for u in retriever.course_questions()]
        if len(picks) < count:
            seen = set()
            for chunk in snapshot.index.chunks:
                topic = chunk.section.split(" › ")[-1].lstrip("0123456789. ").strip()
                if topic and topic not in seen:
                    seen.add(topic)
                    picks.append(f"What does the course say about {topic}?")
        step = max(1, len(picks) // count)  # spread over the course rather than its first questions
        return picks[::step][:count]

    def health(self) -> dict[str, Any]:
        from sagebot import __version__

        index = self.index
        return {
            "status": "ok",
            "version": __version__,
            "model": self.settings.model_name(),
            "model_sha256": self.encoder.sha256,
            "index": {
                "generation": index.generation,
                "chunks": len(index.chunks),
                "sentences": index.unit_count(),
                "sources": len(index.manifest["sources"]),
            },
        }
