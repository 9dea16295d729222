"""A learner's quiz progress: score, streak and one FSRS card per term, kept as plain JSON (in the browser).

Missed terms are rated Again and come back within minutes; known ones are pushed days away.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

VERSION = 1


def empty() -> dict[str, Any]:
    return {"version": VERSION, "answered": 0, "correct": 0, "streak": 0, "best_streak": 0, "cards": {}}


def valid(progress: Any) -> dict[str, Any]:
    """The stored progress, or a fresh one when it is missing or from another version."""
    if not isinstance(progress, dict) or progress.get("version") != VERSION or not isinstance(progress.get("cards"), dict):
        return empty()
    return progress


def record(progress: dict[str, Any], key: str, verdict: str, now: datetime | None = None) -> dict[str, Any]:
    """A new progress with this answer counted and the term's card rescheduled."""
    from fsrs import Card, Rating, Scheduler

    now = now or datetime.now(timezone.utc)
    progress = valid(progress)
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


def not_due(progress: dict[str, Any], now: datetime | None = None) -> set[str]:
    """Keys of cards reviewed and not yet due again."""
    now = now or datetime.now(timezone.utc)
    out = set()
    for key, card in valid(progress)["cards"].items():
        due = card.get("due")
        if due and datetime.fromisoformat(due) > now:
            out.add(key)
    return out


def order_by_need(keys: list[str], progress: dict[str, Any], now: datetime | None = None) -> list[str]:
    """Due (missed) cards first, earliest due first; then never-seen keys in their given order; then the rest."""
    now = now or datetime.now(timezone.utc)
    cards = valid(progress)["cards"]

    def need(position_key: tuple[int, str]) -> tuple[int, float, int]:
        position, key = position_key
        card = cards.get(key)
        if card is None:
            return (1, 0.0, position)
        due = datetime.fromisoformat(card["due"]).timestamp() if card.get("due") else 0.0
        return (0 if due <= now.timestamp() else 2, due, position)

    return [key for _, key in sorted(enumerate(keys), key=need)]


def summary(progress: dict[str, Any]) -> str:
    p = valid(progress)
    if not p["answered"]:
        return "No answers yet."
    return (f"Score {p['correct']}/{p['answered']} · streak {p['streak']} (best {p['best_streak']}) · "
            f"{len(p['cards'])} item(s) practised")
