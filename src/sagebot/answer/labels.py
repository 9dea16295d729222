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
    text = re.sub(r"\b(\w+)-and-\1\b", r"\1 and \1", text)  # as the learner wrote it (`mend.mended` joined it)
    if len(text) > 60:
        text = text[:57].rsplit(" ", 1)[0] + "…"
    return text


# marks that would end the bold or start emphasis; "_" only at a word's edge ("NO_PROXY" keeps its own)
_LABEL_SPECIAL = re.compile(r"([\\`*]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")


def bold_label(label: str) -> str:
    r"""A part's label in bold Markdown, its own marks escaped: the label "**" is written `**\*\***`, which any
    Markdown renderer shows as a bold "**" ("__init__" stays a name, not a bold "init")."""
    escaped = _LABEL_SPECIAL.sub(r"\\\1", label)
    return f"**{escaped}**"


# a part's label in an answer line, as `bold_label` writes it before " — "
BOLD_LABEL = re.compile(r"\*\*((?:\\.|[^*\\])+)\*\*(?= — )")
_ESCAPED = re.compile(r"\\(.)")


def label_text(written: str) -> str:
    """The label as `bold_label` was given it, from what it wrote between the "**"."""
    return _ESCAPED.sub(r"\1", written)
