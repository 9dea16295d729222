"""What sets the sides of a comparison against each other: a table row naming the compared aspect, a sentence
naming every side with a word of contrast, and each side's sentences that set it against another."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from sagebot.answer.anaphora import opens_with_anaphor
from sagebot.answer.as_code import writes_symbol
from sagebot.answer.profile import UnitProfile, opens_with, profile
from sagebot.answer.retrieve import COMMON_SHARE
from sagebot.answer.sentences import ScoredUnit, score_units
from sagebot.answer.sides import SYMBOL
from sagebot.ingest.chunk import UNIT_KINDS
from sagebot.markup import pipe_cells
from sagebot.text import content_terms

if TYPE_CHECKING:
    from sagebot.answer.question import Facet, QuestionShape
    from sagebot.answer.retrieve import Retrieval, Retriever
    from sagebot.settings import Settings

ROW = UNIT_KINDS.index("row")
CODE = UNIT_KINDS.index("code")
ROW_CANDIDATES = 5  # best sentences of a whole comparison searched for a row that compares its sides
COMMON_MIN_PASSAGES = 20  # in fewer passages than this, no word is common to most of them by more than chance
CONTRAST_BONUS = 0.2  # for a side's sentence that sets it against another side


def comparison_row(
    whole: Retrieval, shape: QuestionShape | None, retriever: Retriever, settings: Settings
) -> ScoredUnit | None:
    """What sets the sides side by side, quoted first: a table row naming the compared aspect in its first cell
    ("Time to Value | Slower… | Faster…"), or a sentence naming every side that contrasts them ("Unlike basic
    authentication it provides encryption", "… less granular control than unmanaged services"). It answers the
    comparison better than any sentence about one side."""
    if shape is None or shape.kind != "comparison":
        return None
    aspect = set(content_terms(shape.aspect))
    scored = score_units(whole, retriever, "fact")
    best_cosine = max((s.cosine for s in scored[:5]), default=0.0)
    if best_cosine < settings.gate_threshold:
        return None
    sides = [set(content_terms(f.subject or f.label)) for f in shape.facets]
    for candidate in scored[:ROW_CANDIDATES]:
        text = retriever.unit_text(candidate.unit)
        if retriever.index.unit_kinds[candidate.unit] != ROW:
            known = profile(retriever, candidate.unit)
            names_all = all(side and side <= known.terms for side in [*sides, aspect])
            if names_all and known.prose and _CONTRAST.search(text) and not opens_with_anaphor(text):
                return candidate
            continue
        if _names_aspect(text, aspect, len(shape.facets)):
            return candidate
    # a table setting the sides side by side answers on any of its rows, however far down the ranking
    kinds = retriever.index.unit_kinds
    for unit in _rows(retriever) if aspect else []:
        if _names_aspect(retriever.unit_text(unit), aspect, len(shape.facets)):
            first = unit
            while first > 0 and kinds[first - 1] == ROW:
                first -= 1
            header = set(content_terms(_column_names(retriever, first)))
            if all(side and side <= header for side in sides):
                return ScoredUnit(unit, int(retriever.index.unit_chunk[unit]), scored[0].score, scored[0].cosine)
    return None


def _column_names(retriever: Retriever, first_row: int) -> str:
    """The line above a table's first row in its passage: the names of its columns (kept in no row)."""
    passage = retriever.index.chunks[int(retriever.index.unit_chunk[first_row])].text
    at = passage.find(retriever.unit_text(first_row)[:40])
    return passage[:at].rstrip().rsplit("\n", 1)[-1] if at > 0 else ""


def _names_aspect(text: str, aspect: set[str], sides: int) -> bool:
    """A table row whose first cell names the compared aspect ("Expertise Required" for "what expertise…")."""
    cells = [c.strip() for c in (pipe_cells(text) or text.split("\t")) if c.strip()]
    named = set(content_terms(cells[0])) if len(cells) >= sides + 1 else set()
    return bool(aspect and named and 2 * len(named & aspect) >= len(named))


def _rows(retriever: Retriever) -> list[int]:
    import numpy as np

    return np.flatnonzero(retriever.index.unit_kinds == ROW).tolist()


def _mentions(known: UnitProfile, extra: list[str]) -> bool:
    """Whether a sentence names every one of a side's words: its options ("-r", "--force") and key words ("manager");
    words with no key word in them ("all" of "union all") are looked for as they are written."""
    return all(_names(known, word) for word in extra)


def _mentions_any(known: UnitProfile, extra: list[str]) -> bool:
    return any(_names(known, word) for word in extra)


def _common(word: str, retriever: Retriever) -> bool:
    """A word most passages use ("click" in Click's documentation) tells no side from another."""
    terms = content_terms(word)
    if len(retriever.index.chunks) < COMMON_MIN_PASSAGES:
        return False
    return bool(terms) and all(
        retriever.vocabulary.get(t, 0) >= COMMON_SHARE * len(retriever.index.chunks) for t in terms
    )


def _names(known: UnitProfile, word: str) -> bool:
    if word.startswith("-") or not content_terms(word):
        return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", known.text.casefold()) is not None
    return set(content_terms(word)) <= known.terms


# Words that set two things against each other ("the difference between X and Y" only names them)
_CONTRAST = re.compile(r"\b(?:than|unlike|whereas|while|compared|instead of|rather than|differs? from|but)\b", re.I)


def contrasts_first(
    scored: list[ScoredUnit], facet: Facet, shape: QuestionShape, retriever: Retriever
) -> list[ScoredUnit]:
    """A side's sentences that set it against another side ("This does not enable any new abilities compared to
    plugins…", said of hooks) rank higher for it: they answer the comparison, not only the side. A sentence naming
    another side by its own words and none of this side's is that side's, and left out of this one's ("BERT is
    encoder-only." beside "decoder-only"); of variants of one thing ("database manager" beside "database", "rm -r"
    beside "rm -i"), it must name all the words that side adds."""
    others = [set(content_terms(f.subject or f.label)) for f in shape.facets if f is not facet]
    own = facet.label.casefold().split()
    sides = []  # each other side's own words (those not in this one's), this side's own words beside it
    for other in (f.label.casefold().split() for f in shape.facets if f is not facet):
        theirs = [w for w in other if w not in own and not _common(w, retriever)]
        mine = [w for w in own if w not in other]  # however common, a word of its own names this side
        sides.append((theirs, mine, other[:1] == own[:1]))  # variants of one thing: "rm", "rm -r" and "rm -i"
    ranked = []
    for candidate in scored:
        known = profile(retriever, candidate.unit)
        if known.prose and any(o and o <= known.terms for o in others) and _CONTRAST.search(known.text):
            candidate = dataclasses.replace(candidate, score=candidate.score + CONTRAST_BONUS)
        elif any(
            theirs and (_mentions if variant else _mentions_any)(known, theirs) and not _mentions_any(known, mine)
            for theirs, mine, variant in sides
        ):
            continue  # "A database manager is a program…", "BERT is encoder-only.": the other side's, not this one's
        ranked.append(candidate)
    return sorted(ranked, key=lambda s: -s.score)


def speaks_of(known: UnitProfile, subject: dict[str, float], other_subjects: frozenset[str]) -> bool:
    """Whether a sentence says something of a part's subject: it names it, and not only beside another part's
    subject without opening with it ("There are two types: Project Pages sites, and User and Organization Pages
    sites." says nothing of what User and Organization Pages sites are)."""
    if not subject.keys() <= known.terms:
        return False
    return bool(opens_with(subject, known.lead)) or not (other_subjects - subject.keys()) & known.terms


def other_side(
    mine: UnitProfile, chosen: UnitProfile, subject: dict[str, float], other_subjects: frozenset[str]
) -> bool:
    """Sentences on two sides of a comparison say different things however alike they read ("… to update the lock
    file, use the update command" / "Use poetry install to install dependencies as specified in poetry.lock"): this
    one names its part's subject and not the other's, that one the other's and not this."""
    others = other_subjects - subject.keys()
    return (
        bool(subject and others)
        and speaks_of(mine, subject, other_subjects)
        and not subject.keys() & chosen.terms
        and bool(others & chosen.terms)
    )


def opens_other_part(known: UnitProfile, subject: dict[str, float], other_subjects: frozenset[str]) -> bool:
    """ "`Nothing to be done` means…", asked about "up to date" beside it: the other part's sentence. "While the
    Parallel state executes…, a Map state…" sets the two against each other: the part's as much. A part without a
    subject of its own ("how do i upload files?" after "what is an S3 bucket") may well be about the other's."""
    return (
        bool(subject)
        and bool(known.lead)
        and known.lead[0] in other_subjects - subject.keys()
        and not subject.keys() & known.terms
    )


def naming_side(scored: list[ScoredUnit], subject: str, retriever: Retriever, said: frozenset[str]) -> list[ScoredUnit]:
    """A comparison side's sentences that name it ("AWS KMS … is used for encryption" for "KMS vs IAM"), or that
    point back to one that does: for a follow-up ("and how is it different from IAM?" after "what is KMS?"), whose
    side's own sentences were quoted in the answer before, "Faster time to value means…" ranks next and says nothing
    of KMS."""
    side = set(content_terms(subject))
    if not side or not any(side & set(content_terms(text)) for text in said):  # only a side said before
        return scored
    index = retriever.index

    def names_it(unit: int, back: int = 2) -> bool:
        known = profile(retriever, unit)
        if side & known.terms:
            return True
        before = unit - 1  # "It encrypts…" right after a sentence naming it
        same_passage = before >= 0 and index.unit_chunk[before] == index.unit_chunk[unit]
        return "points back" in known.fits and back > 0 and same_passage and names_it(before, back - 1)

    return [candidate for candidate in scored if names_it(candidate.unit)]


def showing_symbol(
    scored: list[ScoredUnit], facet: Facet, shape: QuestionShape, retriever: Retriever
) -> list[ScoredUnit]:
    """A side that is a symbol ("> vs >>", "= vs ==") is answered by the sentences that write it, when there are
    any: they rank a whole score above the rest (beyond any margin between two quoted sentences), which only follow
    on from them ("These two-character operators…"); a sentence writing another side's symbol and not this one is
    left out, and one writing a longer side too ("`&&` … instead of `&`") is that side's first."""
    if not SYMBOL.fullmatch(facet.label) or not writes_side_symbol(scored, facet, retriever):
        return scored
    others = [f.label for f in shape.facets if f is not facet]
    longer = [other for other in others if facet.label in other]
    ranked = []
    for s in scored:
        text = retriever.unit_text(s.unit)
        if writes_symbol(text, facet.label):
            tier = 0 if not _written_in(retriever, s.unit, facet.label) else 1 if _writes_any(text, longer) else 2
        elif not _writes_any(text, others):
            tier = -2
        else:
            continue
        ranked.append(dataclasses.replace(s, score=s.score + tier))
    return sorted(ranked, key=lambda s: -s.score)


def _writes_any(text: str, symbols: list[str]) -> bool:
    return any(writes_symbol(text, symbol) for symbol in symbols)


def writes_side_symbol(scored: list[ScoredUnit], facet: Facet, retriever: Retriever) -> bool:
    """Whether a part that is a symbol has a sentence among these that writes it (code aside)."""
    return bool(SYMBOL.fullmatch(facet.label)) and any(_written_in(retriever, s.unit, facet.label) for s in scored)


def _written_in(retriever: Retriever, unit: int, symbol: str) -> bool:
    return retriever.index.unit_kinds[unit] != CODE and writes_symbol(retriever.unit_text(unit), symbol)
