"""What a how-to, yes/no or "what does X do" question acts on or asks about, when that is a short phrase: the
subject a follow-up's "it" stands for, and what the next part of a question goes on about."""

from __future__ import annotations

import re


def named_thing(clause: str) -> str:
    """What a how-to or yes/no question acts on, or what a "what does X do" question asks about, when that is a short
    phrase: "how do i enable http/2 in httpx" -> "http/2"; "does httpx follow redirects?" -> "redirects"."""
    clause = " ".join(clause.split())
    for pattern in (_WHAT_DOES_DO, _HOW_DO_I, _DOES_IT):
        found = pattern.match(clause)
        if found:
            phrase = _LEADING_DETERMINER.sub("", found.group(1).strip())
            return phrase if 1 <= len(phrase.split()) <= 4 else ""
    return ""


_DETERMINERS = ("a", "an", "the", "my", "your", "our", "their", "his", "her", "its", "this", "that", "these", "those")
_LEADING_DETERMINER = re.compile(rf"^(?:{'|'.join([*_DETERMINERS, 'one', 'some', 'any'])})\s+", re.I)
_HOW_DO_I = re.compile(
    # "how do i write a for loop", "how do i fix my for loop": the thing is "for loop", not "a", "my"
    r"^\s*how (?:do|can|should|would) (?:i|you|we|one) \w+(?: (?:up|out|off|down|back|away|rid of))? (.+?)"
    + "".join(rf"(?<!\b{word})" for word in _DETERMINERS)
    + r"(?:\s+(?:in|with|on|for|from|using|to|into|inside|when|if|without)\b.*)?\s*\??$",
    re.I,
)
_DOES_IT = re.compile(
    r"^\s*(?:does|do|can|is|are) [\w./-]+ \w+ (.+?)(?:\s+(?:in|with|on|for|from|by|to|when|if)\b.*)?\s*\??$", re.I
)
_WHAT_DOES_DO = re.compile(
    r"^\s*what (?:does|do) (?:the |a |an )?(.+?) (?:do|mean|stand for|tell (?:me|us|you)|show(?: me| us)?)\s*\??$", re.I
)
