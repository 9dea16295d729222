"""How a part of an answer is labelled: its words, or the question as asked ("How do I cancel it?")."""

from __future__ import annotations

import re

_LEARNER_I = re.compile(r"(^|\b(?:do|can|should|would|did|if|when|how|why|what|and|so|then)\s+)i\b(?![.+=-])", re.I)


def sentence_case(text: str) -> str:
    """A question as a label: capitalised, "i" made "I", ending in "?"."""
    text = _LEARNER_I.sub(lambda m: m.group(1) + "I", text.strip(" ,.?!:;"))  # "how do i…"; not "for i in range"
    return text[:1].upper() + text[1:] + "?" if text else text


def part_label(text: str) -> str:
    """A part's name as shown before its quotes: without closing marks, cut short past 60 characters."""
    text = re.sub(r"(?<![.\s])[.!:;]+$", "", text.strip(" ,")).strip(" ,") or text  # "cd .." keeps its "..", "..." too
    if len(text) > 60:
        text = text[:57].rsplit(" ", 1)[0] + "…"
    return text
