"""Follow-up questions: read a short or referring question in the light of the previous one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sagebot.text import words

_REFERRING = {
    "it",
    "its",
    "it's",
    "they",
    "them",
    "their",
    "theirs",
    "this",
    "that",
    "these",
    "those",
    "there",
    "he",
    "she",
    "his",
    "her",
    "one",
    "ones",
    "former",
    "latter",
    "same",
    "such",
}
_CONTINUING = re.compile(r"^\s*(and|but|so|also|then|what about|how about|and what|why|how come|or)\b", re.I)


def history_text(content: Any) -> str:
    """A history message's content as text (Gradio sends a list of parts; the HTTP API sends a str)."""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        return str(content.get("text", ""))
    if isinstance(content, Iterable):
        return " ".join(history_text(part) for part in content)
    return ""


def last_user_question(history: Iterable[Mapping[str, Any]] | None) -> str | None:
    for message in reversed(list(history or [])):
        if message.get("role") == "user":
            text = history_text(message.get("content", "")).strip()
            if text:
                return text
    return None


def is_follow_up(question: str) -> bool:
    tokens = words(question)
    return bool(_CONTINUING.match(question)) or len(tokens) <= 4 or any(t in _REFERRING for t in tokens)


def contextual_query(question: str, history: Iterable[Mapping[str, Any]] | None) -> str:
    """The text to search with: the question, preceded by the previous question when this one follows on."""
    previous = last_user_question(history)
    if previous and is_follow_up(question):
        return f"{previous} {question}"
    return question
