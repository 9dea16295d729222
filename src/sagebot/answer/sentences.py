"""Choosing the sentences to quote: scored against the question (meaning, shared key words, the kind of sentence
the question wants), never two that say the same thing, never one that leans on a sentence left out."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sagebot.answer.anaphora import opens_with_anaphor
from sagebot.answer.gate import asks_for_kind, expects_kind
from sagebot.answer.profile import (
    CODE,
    ITEM,
    QUESTION,
    ROW,
    list_opening,
    opens_more,
    opens_with,
    profile,
    read_with_title,
    says_the_same,
    sets_up_next,
    shares_words,
    spelled_out,
    standing_penalty,
    subject_weights,
    title_names,
)
from sagebot.answer.sides import COMPARING_TERMS
from sagebot.text import words

if TYPE_CHECKING:
    from sagebot.answer.retrieve import Retrieval, Retriever

ANSWER_KIND_BONUS = 0.1  # a sentence holding a duration when asked "how long", a size when asked "how big"
SENTENCE_KIND_BONUS = 0.05  # a reason for "why", a step for "how", a definition for "what is"
STRONG_REASON_BONUS = 0.05  # on top, for a sentence that gives its reason outright ("because", "so that")
REASON_AFTER_DISCOUNT = 0.05  # a reason given just after the sentence on the asked topic scores nearly as well as it
NOT_PROSE_PENALTY = 0.15  # mostly code, a command line or a heading: quoted only when nothing says it in words
NOT_PROSE_PENALTY_UNLESS_HOW = 0.5  # a command shows how to do something; it never says what a thing is or why
LONG_CODE_LINES = 4  # code this long is a program or a transcript: ranked like code for any question but "how"
SUBJECT_BONUS = 0.15  # a sentence that opens with what a "what is X" part asks about: "`git push` copies changes…"
DEFINES_SUBJECT_BONUS = 0.1  # and on top, for saying what it is ("X is a…", "X means…") for a "what is X" part
FALLBACK_CANDIDATES = 5
ANTECEDENT_CHAIN = 2  # sentences a "This/It…" sentence may bring from before it, back to the one it points to
# How the question is put, not what about: "why does X matter?", "what's the difference between > and >>"
_FRAMES = {"why": frozenset(["matter", "care", "bother", "point"]), "comparison": COMPARING_TERMS}
LIST_ITEMS = 4  # items a list's opening sentence ("There are two event hooks:") may bring beyond the usual limit
# Index vectors hold a sentence's place (document, section), so two sentences read further apart: repeats get slack
INDEX_SLACK = 0.05
ROW_SLACK = 0.06  # more for a table or glossary row, whose vector also holds its column names or its term


@dataclass(frozen=True)
class ScoredUnit:
    unit: int
    chunk: int
    score: float
    cosine: float
    opening: float = 0.0  # the part of the score for opening with the subject: ranks, but sets no margin


def score_units(retrieval: Retrieval, retriever: Retriever, kind: str = "fact", subject: str = "") -> list[ScoredUnit]:
    """Every quotable sentence of the retrieved passages, scored: cosine with the question plus shared key words,
    plus small bonuses for the kind of sentence asked for, for opening with the part's subject and for closeness
    to the best passages."""
    import numpy as np

    index = retriever.index
    settings = retriever.settings
    query_terms = set(retrieval.focus_terms) - _FRAMES.get(kind, frozenset())
    weights = {t: retriever.idf(t) for t in query_terms}
    sequence = [t for t in retrieval.focus_terms if t in query_terms]
    query_pairs = set(zip(sequence, sequence[1:]))
    total = sum(weights.values()) or 1.0
    scored: list[ScoredUnit] = []
    n = max(len(retrieval.passages), 1)
    asked = retrieval.asked or retrieval.query  # "can I switch it off?" after "the default timeout?" asks no value
    asks_kind = asks_for_kind(asked)
    subject_terms = subject_weights(subject, retriever)
    subject_bonus = SUBJECT_BONUS if kind == "definition" else SUBJECT_BONUS / 2
    short_code = NOT_PROSE_PENALTY if kind == "how" else NOT_PROSE_PENALTY_UNLESS_HOW
    for rank, passage in enumerate(retrieval.passages):
        ids = retriever.units_of(passage.chunk)
        if not len(ids):
            continue
        cosines = index.vectors[ids] @ retrieval.vector
        centroid = index.vectors[ids].mean(axis=0)
        context = float(centroid @ retrieval.vector / (np.linalg.norm(centroid) or 1.0))
        closeness = settings.context_weight * context + settings.passage_weight * (1 - rank / n)
        before: float | None = None  # the score, on meaning and words alone, of the sentence just before
        title = retriever.title_opened(passage.chunk)  # "### repo_url" / "When set, provides a link…": read with it
        for unit, cosine in zip(ids.tolist(), np.asarray(cosines).tolist()):
            if index.unit_kinds[unit] == QUESTION:
                before = None
                continue
            cosine = max(cosine, retrieval.pointed.get(unit, -1.0))
            known = profile(retriever, unit)
            if known.template:  # the layout's ("This exercise should take about 5 minutes.") or a reference list's
                before = None
                continue
            heads = title if unit == ids[0] else []
            terms, pairs = read_with_title(known, heads)
            overlap = sum(weights[t] for t in query_terms if t in terms or spelled_out(t, terms)) / total
            phrases = len(query_pairs.intersection(pairs)) / len(query_pairs) if query_pairs else 0.0
            score = cosine + settings.lexical_weight * overlap + settings.phrase_weight * phrases
            previous, before = before, score
            if asks_kind and expects_kind(asked, known.text):
                # Among sentences holding the asked-for kind of fact, those in the passages closest to the question.
                score += ANSWER_KIND_BONUS + closeness
            if kind in known.fits:
                score += SENTENCE_KIND_BONUS
                if kind == "why" and "reason" in known.fits:
                    score += STRONG_REASON_BONUS
                    if previous is not None:  # "… git commit -a. However, add explicitly, because you might…"
                        score = max(score, previous - REASON_AFTER_DISCOUNT + SENTENCE_KIND_BONUS + STRONG_REASON_BONUS)
            score -= standing_penalty(known, kind)
            if not known.prose:
                # A command shows how; a transcript of what a command printed does not.
                score -= short_code if known.text.count("\n") < LONG_CODE_LINES else NOT_PROSE_PENALTY_UNLESS_HOW
            opening = subject_bonus * opens_with(subject_terms, known.lead) if known.prose and subject_terms else 0.0
            if opening and kind == "definition" and "defines" in known.fits:
                opening += DEFINES_SUBJECT_BONUS
            elif kind == "definition" and known.prose and title_names(heads, subject, known.text):
                opening = SUBJECT_BONUS + DEFINES_SUBJECT_BONUS  # the first sentence under its heading says what it is
            scored.append(ScoredUnit(unit, passage.chunk, score + opening, cosine, opening))
    scored.sort(key=lambda s: -s.score)
    return scored


class Selection:
    """The sentences chosen across one answer, so no facet repeats what another already quoted."""

    def __init__(self, retriever: Retriever, said: frozenset[str] = frozenset()) -> None:
        self.retriever = retriever
        self.chosen: list[ScoredUnit] = []
        self.said = said  # quoted by the answer just before, which a follow-up should not repeat
        self.said_units: list[ScoredUnit] = []  # those sentences, once met, so nothing like them is quoted either
        self.last_shown: int | None = None  # the sentence shown right before the part being chosen for

    def closeness(self, one: int, other: int) -> float:
        """Cosine of two sentences' index vectors, made comparable with that of the bare sentences."""
        index = self.retriever.index
        rows = index.unit_kinds[one] == ROW or index.unit_kinds[other] == ROW
        return float(index.vectors[one] @ index.vectors[other]) + INDEX_SLACK + (ROW_SLACK if rows else 0.0)

    def repeats(self, unit: int, subject: dict[str, float] | None = None, lead: ScoredUnit | None = None) -> bool:
        """Whether the unit says what a chosen one says (the code a ':' sentence, `lead`, introduces repeats nothing)."""
        mine = profile(self.retriever, unit)
        subject = subject or {}
        about_subject = bool(subject) and opens_with(subject, mine.lead) > 0
        if mine.text in self.said:
            return True
        return any(
            c.unit == unit
            or (
                # "The write timeout specifies…" is no repeat of "The read timeout specifies…" when asked about writes
                not (about_subject and not subject.keys() <= profile(self.retriever, c.unit).terms)
                and says_the_same(
                    self.closeness(c.unit, unit),
                    mine.terms,
                    profile(self.retriever, c.unit).terms,
                )
            )
            for c in [*self.chosen, *self.said_units]
            if c is not lead
        )

    def pick(self, scored: list[ScoredUnit], limit: int, kind: str = "fact", subject: str = "") -> list[ScoredUnit]:
        """The best sentences for one question or facet, without near-repeats; a sentence that only sets up its
        answer ("Consider X.", "... include:") brings the one that follows (a list, its items); one that opens by
        pointing back ("That control…") comes after the sentence it points to, or is left out."""
        retriever = self.retriever
        index = retriever.index
        by_unit = {s.unit: s for s in scored}
        picked: list[ScoredUnit] = []
        about = subject_weights(subject, retriever)
        if self.said:
            known = {c.unit for c in self.said_units}
            self.said_units += [
                s for s in scored if s.unit not in known and profile(retriever, s.unit).text in self.said
            ]
        best: float | None = None  # the best sentence not already quoted for another part, that can be quoted
        for candidate in scored:
            if len(picked) >= limit or (
                best is not None and candidate.score < best - retriever.settings.selection_margin
            ):
                break
            text = retriever.unit_text(candidate.unit)
            if len(words(text)) < 4 and index.unit_kinds[candidate.unit] != ROW:
                continue
            if self.repeats(candidate.unit, about):
                self._prefer_row(candidate, picked)
                continue
            group = [candidate]
            opening_unit = list_opening(retriever, candidate.unit, text)
            lead = (
                None
                if opening_unit is None
                else ScoredUnit(opening_unit, candidate.chunk, candidate.score, candidate.cosine)
            )
            if lead is not None and not (picked and picked[-1].unit == lead.unit):
                # "They may:" leans on the sentence before it in turn
                leans = opens_with_anaphor(retriever.unit_text(lead.unit))
                before = self._antecedents(lead, first=not picked) if leans else []
                if before is None or self.repeats(lead.unit) or len(picked) + len(before) + 2 > limit:
                    continue
                group = [*before, lead, candidate]
            elif opens_with_anaphor(text) and not (
                picked and picked[-1].unit == candidate.unit - 1 and picked[-1].chunk == candidate.chunk
            ):
                before = self._antecedents(candidate, first=not picked)
                if before is None or len(picked) + len(before) + 1 > limit:
                    continue
                group = [*before, candidate]
            # the sentence that opens with the subject comes first, and the others are weighed against it as if
            # it did not ("Subnet: a network within a VPC." then "At least one subnet (a network within the VPC).")
            best = candidate.score - candidate.opening if best is None else best
            for unit in group:
                picked.append(unit)
                self.chosen.append(unit)
            current, current_text = candidate, text
            listing = opens_more(text)
            while True:  # the sentences it leads into, while they continue its point
                follower = by_unit.get(current.unit + 1)
                if follower is None or int(index.unit_chunk[follower.unit]) != current.chunk:
                    break
                an_item = listing and index.unit_kinds[follower.unit] == ITEM
                follower_text = retriever.unit_text(follower.unit)
                # "… set the timeout parameter to None:" shows how in the short code after it
                its_code = (
                    opens_more(current_text)
                    and index.unit_kinds[follower.unit] == CODE
                    and follower_text.count("\n") < LONG_CODE_LINES
                )
                room = limit + LIST_ITEMS if an_item else limit + 1 if its_code else limit
                if len(picked) >= room:
                    break
                if (
                    self.repeats(follower.unit, lead=current if its_code else None)
                    or (len(words(follower_text)) < 4 and not its_code)
                    or profile(retriever, follower.unit).template
                ):
                    break
                gives_reason = kind == "why" and "reason" in profile(retriever, follower.unit).fits
                if not (an_item or its_code or sets_up_next(current_text, follower_text) or gives_reason):
                    break
                picked.append(follower)
                self.chosen.append(follower)
                current, current_text = follower, follower_text
                if its_code:
                    break
        for at, unit in reversed(list(enumerate(picked))):  # "… along two axes:" says nothing without what follows
            after = picked[at + 1] if at + 1 < len(picked) else None
            leads_on = (  # right before what follows it, or before the list items up to the one quoted next
                after is not None
                and after.chunk == unit.chunk
                and after.unit > unit.unit
                and all(index.unit_kinds[between] == ITEM for between in range(unit.unit + 1, after.unit))
            )
            if opens_more(retriever.unit_text(unit.unit)) and not leads_on:
                del picked[at]
                self.chosen.remove(unit)
        if not picked:  # the best sentence that stands on its own, however short, rather than no answer at all
            fresh = (s for s in scored if not self.repeats(s.unit, about))
            alone = next(
                (
                    s
                    for s in itertools.islice(fresh, FALLBACK_CANDIDATES)
                    if not opens_with_anaphor(retriever.unit_text(s.unit))
                    and not opens_more(retriever.unit_text(s.unit))
                ),
                None,
            )
            if alone is not None:
                picked.append(alone)
                self.chosen.append(alone)
        return picked

    def _prefer_row(self, candidate: ScoredUnit, picked: list[ScoredUnit]) -> None:
        """Of two sentences that say the same thing, quote the glossary or table row: it is the definition."""
        index = self.retriever.index
        if index.unit_kinds[candidate.unit] != ROW:
            return
        mine = profile(self.retriever, candidate.unit)
        for at, other in enumerate(picked):
            leans = opens_with_anaphor(profile(self.retriever, other.unit).text)
            leaned_on = at + 1 < len(picked) and opens_with_anaphor(profile(self.retriever, picked[at + 1].unit).text)
            if index.unit_kinds[other.unit] == ROW or leans or leaned_on:
                continue
            if says_the_same(
                self.closeness(other.unit, candidate.unit), mine.terms, profile(self.retriever, other.unit).terms
            ):
                picked[at] = candidate
                self.chosen[self.chosen.index(other)] = candidate
                return

    def _antecedents(self, candidate: ScoredUnit, first: bool = False) -> list[ScoredUnit] | None:
        """The sentences just before, in the same passage, back to one that does not itself point further back
        ("Our second layer is short-term. This is the memory you think with. It is much smaller: …"). `first`: nothing
        is quoted for the part yet, so the sentence shown last, for the part before, stands right before it."""
        index = self.retriever.index
        chain: list[ScoredUnit] = []
        unit = candidate.unit - 1
        while len(chain) < ANTECEDENT_CHAIN:
            if unit < 0 or int(index.unit_chunk[unit]) != candidate.chunk or index.unit_kinds[unit] == QUESTION:
                return None
            if index.unit_kinds[unit] == CODE and not shares_words(self.retriever, unit, candidate.unit):
                return None  # "This is handy…" after a program's output points past it, to what it showed
            if first and self.last_shown == unit:
                return chain  # it was quoted last for the part shown before, so it stands right before
            text = self.retriever.unit_text(unit)
            if self.repeats(unit) or not text.strip():
                return None
            chain.insert(0, ScoredUnit(unit, candidate.chunk, candidate.score, candidate.cosine))
            if not opens_with_anaphor(text):
                return chain
            unit -= 1
        return None
