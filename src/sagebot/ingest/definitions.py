"""Definitional sentences ("Git is a version control system.", "A commit refers to …", "HTTP means …"): where a
course has no glossary, its terms are taken from them (and the glossary is marked as derived)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sagebot.ingest.chunk import MAX_REFERENCE_CHARS, ChunkedSource
from sagebot.text import STOPWORDS, display_unit, words

_DEFINITION = re.compile(
    r"^(?:(?:an?|the)\s+)?(?P<term>[A-Za-z][\w+#.\-/]*(?:\s+[\w+#.\-/]+){0,3}?)\s*"
    r"(?:\([^()]{1,40}\)\s*)?\s+"
    r"(?:(?:is|are)\s+(?:an?|the)\s|(?:is|are)\s+(?:defined|known)\s+as\s|refers\s+to\s|means\s|stands\s+for\s)",
    re.I,
)
_NOT_A_TERM = frozenset(
    [
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "there",
        "here",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "which",
        "what",
        "who",
        "one",
        "each",
        "every",
        "such",
        "another",
        "other",
        "both",
        "all",
        "some",
        "many",
        "most",
        "any",
        "our",
        "your",
        "his",
        "her",
        "their",
        "my",
        "first",
        "next",
        "last",
        "result",
        "answer",
        "reason",
        "goal",
        "idea",
        "problem",
        "example",
        "way",
        "thing",
        "step",
        "key",
        "point",
        "purpose",
        "aim",
    ]
)
MAX_DERIVED_TERMS = 60


@dataclass(frozen=True)
class Definition:
    name: str
    chunked: ChunkedSource
    chunk: int  # the passage it was found in
    start: int
    end: int
    text: str  # the sentence as a learner reads it


def definitional_sentences(chunked: list[ChunkedSource]) -> list[Definition]:
    """The first definitional sentence of each term the text defines, in reading order, for terms that the
    course mentions at least twice."""
    found: dict[str, Definition] = {}
    mentions = " ".join(" ".join(words(c.text)) for cs in chunked for c in cs.chunks)
    for cs in chunked:
        text = cs.source.text
        for unit in cs.units:
            if unit.kind not in ("sentence", "item") or unit.end - unit.start > MAX_REFERENCE_CHARS:
                continue
            sentence = display_unit(text[unit.start : unit.end])
            match = _DEFINITION.match(sentence)
            if not match or not sentence.endswith("."):  # a whole sentence, not one running into a formula
                continue
            name = match.group("term").strip(" ,.")
            tokens = words(name)
            if (
                not tokens
                or tokens[0] in _NOT_A_TERM
                or tokens[0] in STOPWORDS
                or all(t in STOPWORDS for t in tokens)
                or tokens[-1] in STOPWORDS
                or name.lower() in found
                or mentions.count(" ".join(tokens)) < 2
            ):
                continue
            found[name.lower()] = Definition(name, cs, unit.chunk, unit.start, unit.end, sentence)
            if len(found) >= MAX_DERIVED_TERMS:
                return list(found.values())
    return list(found.values())
