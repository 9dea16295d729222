"""One turn of the conversation answered: its shape, a search per facet (and one for the whole of a comparison
on an aspect), then the quoted parts."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from sagebot.answer.compose import NOT_COVERED, Answer, compose
from sagebot.answer.conversation import asks_for_more
from sagebot.answer.figures import asks_figure, holds_figure
from sagebot.answer.lead import ASKING, FILLER_WORDS, without_aside, without_remark
from sagebot.answer.question import ASKS, analyse_question
from sagebot.answer.suggest import suggest
from sagebot.text import content_terms

if TYPE_CHECKING:
    import numpy as np

    from sagebot.answer.conversation import Turn
    from sagebot.answer.question import Facet
    from sagebot.answer.retrieve import Retrieval, Retriever
    from sagebot.settings import Settings

FACET_EXTRA_PASSAGES = 3
# "who was it made with?" asks again about what was just answered; "how do I make it?" asks something new
_LIGHT_VERBS = frozenset(["make", "made", "get", "got", "take", "took", "give", "gave", "put", "go", "went"])
_HOW = re.compile(r"^\W*(?:\w+\W+){0,2}?how\b", re.I)
UNCLEAR = "the question points back, but nothing answered before it says to what; name it and ask again"
# Words that ask nothing new of a follow-up ("what do they actually do?")
_HEDGES = frozenset(FILLER_WORDS) | frozenset(
    [
        "actually",
        "really",
        "exactly",
        "basically",
        "anyway",
        "again",
        "just",
        "even",
        "still",
        "else",
        "uh",
        "oh",
        "yeah",
    ]
)  # light verbs


def answer_turn(
    turn: Turn,
    retriever: Retriever,
    encode: Callable[[str], np.ndarray],
    settings: Settings,
    said: frozenset[str] = frozenset(),
) -> Answer:
    if turn.unclear:  # "what does it do?" with nothing answered before it to point to
        return Answer(
            turn.question,
            f"{NOT_COVERED} ({UNCLEAR}).",
            False,
            suggestions=suggest(retriever.search(turn.search, encode), retriever),
            refusal_reason=UNCLEAR,
            index_generation=retriever.index.generation,
            resolved_question=turn.resolved,
        )
    shape = analyse_question(turn.resolved) if turn.search == turn.resolved else None
    if shape is not None and shape.several:
        # A part's query is short ("git pull"): its answer is often a little further down the ranking.
        wider = settings.passages + FACET_EXTRA_PASSAGES
        facets = [_in_general(f, retriever) if shape.kind == "comparison" else f for f in shape.facets]
        retrievals = [_defining(retriever.search(f.query, encode, limit=wider), f, retriever) for f in facets]
        whole = retriever.search(turn.resolved, encode) if shape.kind == "comparison" else None
    else:  # one facet; a follow-up without a short subject searches with the question before it
        focus = turn.question if turn.search != turn.resolved else None
        # A reason or a step is often said a little away from the words of the question: look a little deeper.
        deeper = shape is not None and shape.facets[0].kind in ("why", "how")
        limit = settings.passages + FACET_EXTRA_PASSAGES if deeper else None
        # "can someone explain what HEAD is", "why…? seems pointless": the request, the remark are not searched for
        searched = (
            without_remark(ASKING.sub("", without_aside(turn.search), count=1)) if shape is not None else turn.search
        )
        found = retriever.search(searched or turn.search, encode, focus=focus, limit=limit)
        # "can I switch it off?" after "what's the default timeout?" asks for no value, whatever it was rewritten to;
        # "and the columbia center?" after "when was the space needle built?" asks what the question before it did
        own = turn.follows is not None and ASKS.match(turn.question)
        found = _defining(found, shape.facets[0], retriever) if shape is not None else found
        retrievals = [dataclasses.replace(found, asked=turn.question) if own else found]
        whole = None
    return dataclasses.replace(
        compose(turn.question, retrievals, retriever, settings, shape, whole, said, encode, turn.follows is not None),
        index_generation=retriever.index.generation,
        resolved_question=turn.resolved,
    )


_IN_GENERAL = re.compile(r"^(?:an? |the )?(?:normal|regular|ordinary|plain|usual|conventional|traditional) ", re.I)


def _in_general(facet: Facet, retriever: Retriever) -> Facet:
    """The side "a normal target" of "phony target vs a normal target" is a target in general, unless the
    documents name "normal target" as a thing of its own."""
    if not _IN_GENERAL.match(facet.label) or retriever.mentions(facet.label):
        return facet
    return dataclasses.replace(facet, query=_IN_GENERAL.sub("", facet.query))


def _defining(retrieval: Retrieval, facet: Facet, retriever: Retriever) -> Retrieval:
    """A "what is X" part searched with the definition of X the index holds, when it holds one."""
    named = facet.kind == "definition" and facet.subject  # by the whole label: "seattle weather", not "seattle"
    return retriever.with_definition(retrieval, facet.label) if named else retrieval


def not_to_repeat(turn: Turn, before: Answer) -> frozenset[str]:
    """The quotes of the answer a follow-up follows that do not touch what the follow-up newly asks: "and why are they useful?" wants more than the definition just given; "how does
    LSTM fix it?" may be answered by the sentence on LSTM already quoted."""
    if turn.follows is not None and asks_for_more(turn.question):  # "tell me more": none of what was just quoted
        return frozenset(c.quote for c in before.citations)
    if turn.follows is None or turn.resolved.casefold() == turn.follows.resolved.casefold():
        return frozenset()
    hedges = _HEDGES if _HOW.match(turn.question) else _HEDGES | _LIGHT_VERBS  # "how do I make it?" asks a new thing
    new = set(content_terms(turn.question)) - set(content_terms(turn.follows.resolved)) - hedges
    if not new:  # "what does that team actually do?" after "what's the operations team?" asks the same again
        return frozenset()
    # "how many soldiers did he bring?" may be answered by the figure the answer before quoted ("180 Spaniards")
    figure = asks_figure(turn.question)
    return frozenset(
        c.quote
        for c in before.citations
        if not new & set(content_terms(c.quote)) and not (figure and holds_figure(turn.question, c.quote))
    )
