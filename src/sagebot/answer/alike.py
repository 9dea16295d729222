"""Whether two sentences of the index say the same thing: their index vectors (each sentence read with its
heading), made comparable across passages and table rows, and their bare vectors when those cannot tell them
apart."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sagebot.answer.anaphora import opens_with_anaphor
from sagebot.answer.profile import ROW, SHARED_WORDS, profile, says_the_same

if TYPE_CHECKING:
    from sagebot.answer.retrieve import Retriever

INDEX_SLACK = 0.05  # index vectors hold a sentence's place: two of different passages read further apart
BARE_CHECK_COSINE = 0.6  # index vectors this close, of sentences sharing most key words: compare them bare
ROW_SLACK = 0.06  # more for a table or glossary row, whose vector also holds its column names or its term


def say_the_same(retriever: Retriever, one: int, other: int, encode: Callable[[str], Any] | None = None) -> bool:
    """Whether two sentences say the same thing. Their index vectors hold their context too, which keeps two
    sentences sharing most key words apart ("Actions are indented using a single TAB character" / "check
    that all the actions are indented by TAB characters"): those are compared bare, as a reader sees them."""
    terms, others = profile(retriever, one).terms, profile(retriever, other).terms
    cosine = closeness(retriever, one, other)
    shared = len(terms & others) / (min(len(terms), len(others)) or 1)
    if says_the_same(cosine, terms, others):
        # a sentence that goes on about the one right before it says more of it, unless in the same words
        # ("… tracked using the Git LFS tool." / "This tool uploads large file contents to a remote server…")
        return shared >= SHARED_WORDS or not _goes_on(retriever, one, other)
    if encode is None or cosine < BARE_CHECK_COSINE or shared < SHARED_WORDS:
        return False
    return says_the_same(float(_bare(retriever, one, encode) @ _bare(retriever, other, encode)), terms, others)


def _goes_on(retriever: Retriever, one: int, other: int) -> bool:
    first, then = min(one, other), max(one, other)
    index = retriever.index
    same_passage = then == first + 1 and index.unit_chunk[first] == index.unit_chunk[then]
    return same_passage and opens_with_anaphor(profile(retriever, then).text)


def _bare(retriever: Retriever, unit: int, encode: Callable[[str], Any] | None) -> Any:
    vectors = retriever.bare_vectors
    if unit not in vectors:
        assert encode is not None
        vectors[unit] = encode(profile(retriever, unit).text)
    return vectors[unit]


def closeness(retriever: Retriever, one: int, other: int) -> float:
    """Cosine of two sentences' index vectors, made comparable with that of the bare sentences."""
    index = retriever.index
    rows = index.unit_kinds[one] == ROW or index.unit_kinds[other] == ROW
    apart = INDEX_SLACK if index.unit_chunk[one] != index.unit_chunk[other] else 0.0  # one passage: one place
    return float(index.vectors[one] @ index.vectors[other]) + apart + (ROW_SLACK if rows else 0.0)
