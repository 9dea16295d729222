"""A learner's quiz progress: score, streak and one FSRS card per term, kept as plain JSON (in the browser).

Missed terms are rated Again and come back within minutes; known ones are pushed days away.

One verdict, one score change: handing out a question notes its id as `pending` (and its subject among the
`recent` ones, so the next question is another); a check counts only for the pending question, and clears it.
Checking again, or in another tab with the same progress, changes nothing.

The browser holds the progress, so the server seals what it hands out (`seal`: an HMAC-SHA256 under the
server's quiz key over a canonical JSON of the rest) and trusts only what carries its seal (`verified`): a
value that is unsealed, wrongly sealed or altered counts as fresh progress, never as a score to add to.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
from datetime import UTC, datetime
from typing import Any

VERSION = 1
SEAL = "seal"
COUNTERS = ("answered", "correct", "streak", "best_streak")
RECENT = 8  # subjects handed out last, newest first
MAX_KEY = 200


def empty() -> dict[str, Any]:
    return {"version": VERSION, "answered": 0, "correct": 0, "streak": 0, "best_streak": 0, "cards": {}}


def valid(progress: Any) -> dict[str, Any]:
    """The stored progress (without its seal), or a fresh one when it is missing, malformed or from another
    version. It checks the shape only; `verified` checks that the server wrote it."""
    if (
        not isinstance(progress, dict)
        or progress.get("version") != VERSION
        or not isinstance(progress.get("cards"), dict)
    ):
        return empty()
    if not all(type(progress.get(name)) is int and progress[name] >= 0 for name in COUNTERS):
        return empty()
    if progress["correct"] > progress["answered"] or progress["streak"] > progress["best_streak"]:
        return empty()
    if not all(isinstance(key, str) and isinstance(card, dict) for key, card in progress["cards"].items()):
        return empty()
    pending, recent = progress.get("pending"), progress.get("recent", [])
    if pending is not None and not (isinstance(pending, str) and len(pending) <= MAX_KEY):
        return empty()
    if not (isinstance(recent, list) and len(recent) <= RECENT and all(isinstance(k, str) for k in recent)):
        return empty()
    return {k: v for k, v in progress.items() if k != SEAL}


def canonical(progress: dict[str, Any]) -> bytes:
    """The progress (without its seal) as the JSON the seal covers. Numbers are normalised the way a browser's
    JSON round trip leaves them (10.0 comes back as 10), so a value survives localStorage with its seal intact."""

    def plain(value: Any) -> Any:
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return int(value)
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    rest = {k: v for k, v in progress.items() if k != SEAL}
    return json.dumps(plain(rest), sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode(
        "ascii"
    )


def _seal_of(progress: dict[str, Any], key: bytes) -> str:
    digest = hmac.new(key, b"progress\x1f" + canonical(progress), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def seal(progress: dict[str, Any], key: bytes) -> dict[str, Any]:
    """The progress as handed to the browser: with a seal only the server (holding `key`) can make."""
    rest = valid(progress)
    return {**rest, SEAL: _seal_of(rest, key)}


def verified(progress: Any, key: bytes) -> dict[str, Any]:
    """The progress a browser sent, when it carries a correct seal; otherwise fresh progress."""
    if not isinstance(progress, dict) or not isinstance(progress.get(SEAL), str):
        return empty()
    try:
        expected = _seal_of(progress, key)
    except (TypeError, ValueError, RecursionError):  # not JSON-like, NaN, or nested beyond reason
        return empty()
    if not hmac.compare_digest(progress[SEAL].encode("utf-8", "replace"), expected.encode("ascii")):
        return empty()
    return valid(progress)


def handed_out(progress: dict[str, Any], question_id: str, key: str) -> dict[str, Any]:
    """The progress once question `question_id` (on subject `key`) is shown: it is the one a check may count."""
    progress = valid(progress)
    recent = [key, *(k for k in progress.get("recent", []) if k != key)][:RECENT]
    return {**progress, "pending": question_id[:MAX_KEY], "recent": recent}


def counts(progress: dict[str, Any], question_id: str) -> bool:
    """Whether checking `question_id` may change this progress: only the question handed out, only once."""
    return valid(progress).get("pending") == question_id[:MAX_KEY]


def record(
    progress: dict[str, Any], key: str, verdict: str, now: datetime | None = None, question_id: str | None = None
) -> dict[str, Any]:
    """A new progress with this answer counted and the term's card rescheduled. With `question_id`, only when
    that is the pending question (see counts); otherwise the progress comes back unchanged."""
    from fsrs import Card, Rating, Scheduler

    now = now or datetime.now(UTC)
    progress = valid(progress)
    if question_id is not None and not counts(progress, question_id):
        return progress
    progress = {k: v for k, v in progress.items() if k != "pending"}
    cards = dict(progress["cards"])
    card = Card.from_dict(cards[key]) if key in cards else Card()
    rating = {"correct": Rating.Good, "partly": Rating.Hard}.get(verdict, Rating.Again)
    card, _ = Scheduler(enable_fuzzing=False).review_card(card, rating, now)
    cards[key] = card.to_dict()
    right = verdict == "correct"
    streak = progress["streak"] + 1 if right else 0
    return {
        **progress,
        "answered": progress["answered"] + 1,
        "correct": progress["correct"] + right,
        "streak": streak,
        "best_streak": max(progress["best_streak"], streak),
        "cards": cards,
    }


def order_by_need(keys: list[str], progress: dict[str, Any], now: datetime | None = None, rest: int = 0) -> list[str]:
    """Due (missed) cards first, earliest due first; then never-seen keys in their given order; then the rest.
    The `rest` subjects handed out last wait at the end, the longest-rested first: never the same two in turn."""
    now = now or datetime.now(UTC)
    progress = valid(progress)
    cards = progress["cards"]
    recent = progress.get("recent", [])
    resting = recent[: max(0, rest)]

    def need(position_key: tuple[int, str]) -> tuple[int, float, int]:
        position, key = position_key
        if key in resting:
            return (3, -resting.index(key), position)
        card = cards.get(key)
        if card is None:  # never shown first; shown but not answered after them, the longest ago first
            return (1, -recent.index(key) if key in recent else -99.0, position)
        due = datetime.fromisoformat(card["due"]).timestamp() if card.get("due") else 0.0
        return (0 if due <= now.timestamp() else 2, due, position)

    return [key for _, key in sorted(enumerate(keys), key=need)]


def summary(progress: dict[str, Any]) -> str:
    p = valid(progress)
    if not p["answered"]:
        return "No answers yet."
    return (
        f"Score {p['correct']}/{p['answered']} · streak {p['streak']} (best {p['best_streak']}) · "
        f"{len(p['cards'])} item(s) practised"
    )
