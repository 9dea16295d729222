"""Prose or not: words a learner reads as a sentence, rather than code, a command line, a heading or a row of
links. Pure text work."""

from __future__ import annotations

import re

from sagebot.markup import LINK
from sagebot.text import display_unit

_PLAIN_WORD = re.compile(r"[\"'“‘(`*_]*[A-Za-z][A-Za-z'’-]*[\"'”’),.;:!?`*_]*")


def is_prose(text: str) -> bool:
    """Words rather than code, a command line or a heading."""
    stripped = text.strip()
    if "```" in stripped or stripped.startswith(("$ ", ">>> ", "==", "#", "|", "{", "<", "![")):
        return False
    if len(LINK.findall(stripped)) >= 2 and len(LINK.sub(" ", stripped).split()) < 4:
        return False  # "Contents: [Installing](install.md) · [Settings](settings.md)": a list of links
    shown = display_unit(stripped) if "](" in stripped else stripped  # a link's address is not read
    letters = sum(c.isalpha() or c.isspace() for c in shown)
    tokens = [t for t in shown.split() if any(c.isalnum() for c in t)]  # a dash is no word
    plain = sum(1 for t in tokens if _PLAIN_WORD.fullmatch(t))  # not `r.raise_for_status()`, `[commit ID]`
    return letters >= 0.8 * len(shown) and plain >= 4 and plain >= 0.6 * len(tokens)
