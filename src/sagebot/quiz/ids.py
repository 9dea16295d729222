"""Question ids: opaque, signed, and stable across rebuilds.

An id is signed with a key only the server holds (HMAC-SHA256, `quiz_key`):
"choice:<generation>:<option>.<option>.<option>.<option>:<tag>", where the generation and each option are short
keyed digests of the index build and of a term's casefolded name (not its position, so a rebuild that moves the
glossary's rows does not change what an id means), and the tag is an HMAC over all of that and the answer's
identity. The answer is in no field: the server finds it by matching the tag against each option, and a client
without the key can neither read it nor forge an id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sagebot.errors import ConfigError, QuizError

if TYPE_CHECKING:
    from pathlib import Path

    from sagebot.ingest.glossary import StudyItem, Term
    from sagebot.settings import Settings

log = logging.getLogger(__name__)

KINDS = ("choice", "written", "study")
KEY_FILE = "quiz-secret"  # in the index folder, mode 0600; never sent to a browser
DIGEST = r"[A-Za-z0-9_-]{8}"  # a generation's or a term's identity: 6 bytes of HMAC, base64url
QUESTION_ID = re.compile(rf"(choice|written|study):({DIGEST}):({DIGEST}(?:\.{DIGEST}){{0,9}}):([A-Za-z0-9_-]{{22}})")
MAX_ID_CHARS = 200
STALE = "This question is from an earlier version of the course; ask for a new one."


def quiz_key(settings: Settings) -> bytes:
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
        raise ConfigError(
            f"Cannot create the quiz key {path}: {exc.strerror or exc}. Make the index folder "
            "writable or set SAGEBOT_QUIZ_SECRET."
        ) from exc


def _read_key(path: Path) -> bytes:
    if path.stat().st_mode & 0o077:
        try:
            path.chmod(0o600)
        except OSError:
            log.warning("The quiz key %s can be read by other users; make it mode 0600.", path)
    key = path.read_bytes().strip()
    if len(key) < 32:
        raise ConfigError(
            f"The quiz key {path} is damaged (too short): delete it and a new one is made "
            "(questions and progress sealed with the old one start afresh)."
        )
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


class QuestionIds:
    """Makes and reads the ids of one index generation's questions."""

    def __init__(
        self, generation: str, terms: Sequence[Term], study: Sequence[StudyItem], key_source: Callable[[], bytes]
    ) -> None:
        self._generation = generation
        self._terms = terms
        self._study = study
        self._key_source = key_source
        self._digests: tuple[str, dict[str, tuple[list[str], dict[str, int]]]] | None = None

    def _digest(self, *parts: str, size: int = 6) -> str:
        message = "\x1f".join(parts).encode("utf-8")
        tag = hmac.new(self._key_source(), message, hashlib.sha256).digest()[:size]
        return base64.urlsafe_b64encode(tag).decode("ascii").rstrip("=")

    def digests_of(self, table: str) -> tuple[str, list[str], dict[str, int]]:
        """For "term" or "study": the current generation's digest, each item's identity digest, and the first
        item of each identity."""
        if self._digests is None:
            tables = {}
            for name, names in (("term", [t.name for t in self._terms]), ("study", [s.question for s in self._study])):
                ids = [self._digest(name, _identity(n)) for n in names]
                first: dict[str, int] = {}
                for i, digest in enumerate(ids):
                    first.setdefault(digest, i)
                tables[name] = (ids, first)
            self._digests = (self._digest("generation", self._generation), tables)
        generation, tables = self._digests
        return (generation, *tables[table])

    def question_id(self, kind: str, target: int, options: list[int] | None = None) -> str:
        """The signed id of a question about glossary term (or study question) `target` of the current index;
        for a choice question, with these options in this order. For the server's own use (evaluation, tests)."""
        if kind not in KINDS:
            raise QuizError(f"Unknown quiz kind {kind!r}: use one of {', '.join(KINDS)}.")
        items = options if kind == "choice" else [target]
        size = len(self._study if kind == "study" else self._terms)
        if not items or target not in items or not all(0 <= i < size for i in items):
            raise QuizError("No such question in this course.")
        return self.sign(kind, items, target)

    def sign(self, kind: str, items: list[int], answer: int) -> str:
        generation, ids, _ = self.digests_of("study" if kind == "study" else "term")
        body = f"{kind}:{generation}:{'.'.join(ids[i] for i in items)}"
        return f"{body}:{self._tag(body, ids[answer])}"

    def _tag(self, body: str, answer: str) -> str:
        return self._digest("question", body, answer, size=16)

    def resolve(self, question_id: Any) -> Resolved:
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
        if not fits or answer is None:
            raise QuizError("This question id was not issued by this server, or was altered: ask for a new question.")
        _, _, first = self.digests_of("study" if kind == "study" else "term")
        # Ids name terms by identity, not position: one from an earlier build (another generation) still means
        # the same terms while they remain in the glossary.
        if any(d not in first for d in items_):
            raise QuizError(STALE)
        return Resolved(kind, first[answer], [first[d] for d in items_] if kind == "choice" else [])
