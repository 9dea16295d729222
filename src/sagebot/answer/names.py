"""Names of the form "X of Y" that the documents write as a name ("the University of Houston"): what a figure is
asked of, as one thing. "the number of instances", written in lower case, is no name."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

import numpy as np

from sagebot.text import STOPWORDS, content_terms, fold_accents, without_markup

if TYPE_CHECKING:
    from sagebot.index.store import LoadedIndex


class Documents(Protocol):
    """What this reads of a Retriever (which imports this module)."""

    index: LoadedIndex
    vocabulary: dict[str, int]


_OF_PHRASE = re.compile(r"\b([A-Za-z]{3,})\s+of\s+(the\s+)?([A-Za-z]{3,})\b")
SEARCHED_PASSAGES = 50


def titled_names(question: str, documents: Documents) -> list[str]:
    """The "X of Y" phrases of a question that the documents write with capitals, lower-cased as words."""
    found: list[str] = []
    for match in _OF_PHRASE.finditer(fold_accents(without_markup(question))):
        head, the, tail = match.group(1), match.group(2) or "", match.group(3)
        if head.lower() in STOPWORDS or tail.lower() in STOPWORDS:
            continue
        terms = [t for t in content_terms(f"{head} {tail}") if t in documents.vocabulary]
        if len(terms) < 2:
            continue
        written = re.compile(rf"\b{head.capitalize()}\s+of\s+(?:the\s+)?{tail.capitalize()}\b")
        scores = documents.index.keyword.get_scores(terms)
        for chunk in np.argsort(-scores)[:SEARCHED_PASSAGES]:
            if scores[chunk] <= 0:
                break
            if written.search(fold_accents(documents.index.chunks[int(chunk)].text)):
                found.append(f"{head} of {the}{tail}".lower())
                break
    return found
