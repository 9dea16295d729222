"""Choosing the sentences of an answer from the scored ones: the best for each part, no two saying the same thing,
a sentence that sets up its answer with what follows it (a list's items, a procedure's steps, short code), one that
points back ("That control…") after what it points to."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sagebot.answer.alike import say_the_same
from sagebot.answer.anaphora import opens_with_anaphor
from sagebot.answer.as_code import about_other_code
from sagebot.answer.contrast import opens_other_part, other_side, speaks_of
from sagebot.answer.english import INSTRUCTION, POINTS_BACK_EARLY
from sagebot.answer.profile import (
    CODE,
    ITEM,
    QUESTION,
    ROW,
    list_opening,
    names_procedure,
    opens_more,
    opens_with,
    profile,
    sets_up_next,
    subject_weights,
)
from sagebot.answer.sentences import LONG_CODE_LINES, ScoredUnit, another_item, reads_on_to
from sagebot.text import words

if TYPE_CHECKING:
    from sagebot.answer.retrieve import Retriever

FALLBACK_CANDIDATES = 5
ANTECEDENT_CHAIN = 2  # sentences a "This/It…" sentence may bring from before it, back to the one it points to
MORE_MARGIN = 2  # "tell me more": what stands within twice the usual margin of the best, which was just quoted
LIST_ITEMS = 4  # items a list's opening sentence ("There are two event hooks:") may bring beyond the usual limit


class Selection:
    """The sentences chosen across one answer, so no facet repeats what another already quoted."""

    def __init__(
        self, retriever: Retriever, said: frozenset[str] = frozenset(), encode: Callable[[str], Any] | None = None
    ) -> None:
        self.retriever = retriever
        self.encode = encode  # for the bare vectors of two sentences their index vectors cannot tell apart
        self.chosen: list[ScoredUnit] = []
        self.said = said  # quoted by the answer just before, which a follow-up should not repeat
        self.said_units: list[ScoredUnit] = []  # those sentences, once met, so nothing like them is quoted either
        self.last_shown: int | None = None  # the sentence shown right before the part being chosen for
        self.asked_options: frozenset[str] = frozenset()  # the options the part asks about: "-r" of "rm -r"
        self.asked_terms: frozenset[str] = frozenset()  # the key words of the part ("long", "show" of "how long…")
        self.other_subjects: frozenset[str] = frozenset()  # the key words naming the answer's other parts
        self.elsewhere: frozenset[int] = frozenset()  # sentences answering another part better: left to it
        self.near_best_only = False  # "tell me more": only what stands near the best, said before or not

    def same(self, one: int, other: int) -> bool:
        """Whether two sentences say the same thing (`alike.say_the_same`)."""
        return say_the_same(self.retriever, one, other, self.encode)

    def repeats(
        self,
        unit: int,
        subject: dict[str, float] | None = None,
        beside: list[ScoredUnit] | None = None,
        exact: bool = False,
    ) -> bool:
        """Whether the unit says what a chosen one says, other than what it follows on from, `beside` (the code a ':'
        sentence introduces, a procedure's step after its title or the step before). `exact`: only the very same text
        repeats (code a new sentence introduces may differ from code quoted before by the one argument it shows)."""
        mine = profile(self.retriever, unit)
        subject = subject or {}
        about_subject = bool(subject) and opens_with(subject, mine.lead) > 0
        said = {term: weight for term, weight in subject.items() if term in mine.terms}  # not "start" of "…start?"
        if mine.text in self.said:
            return True
        if exact:
            chosen = [*self.chosen, *self.said_units]
            return any(c.unit == unit or profile(self.retriever, c.unit).text == mine.text for c in chosen)
        said_before = {id(c) for c in self.said_units}
        return any(
            c.unit == unit
            or (
                # "The write timeout specifies…" is no repeat of "The read timeout specifies…" when asked about writes
                not (about_subject and not speaks_of(profile(self.retriever, c.unit), said, self.other_subjects))
                and not other_side(mine, profile(self.retriever, c.unit), subject, self.other_subjects)
                and self.same(c.unit, unit)
                and not about_other_code(mine.text, profile(self.retriever, c.unit).text, self.asked_options)
            )
            for c in [*self.chosen, *self.said_units]
            if not any(c is other for other in beside or ())
            # a follow-up's answer is no repeat of the answer before when it says what that one did not of what is
            # asked ("… take 5 to 10 minutes for logs to show up" after "The runtime uploads your logs…")
            and not (id(c) in said_before and (mine.terms & self.asked_terms) - profile(self.retriever, c.unit).terms)
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
        read_on = False
        # the best sentence not already quoted for another part, that can be quoted; asked for more, the best of all
        best = scored[0].score - scored[0].opening if self.near_best_only and scored else None
        margin = retriever.settings.selection_margin * (MORE_MARGIN if self.near_best_only else 1)
        for candidate in scored:
            if len(picked) >= limit or (best is not None and candidate.score < best - margin):
                break
            text = retriever.unit_text(candidate.unit)
            if len(words(text)) < 4 and index.unit_kinds[candidate.unit] != ROW:
                continue
            elsewhere = candidate.unit in self.elsewhere and candidate is not scored[0]
            if elsewhere or opens_other_part(profile(retriever, candidate.unit), about, self.other_subjects):
                continue
            if self.repeats(candidate.unit, about):
                if kind == "definition":  # a row may define; it need not hold the list or reason asked for
                    self._prefer_row(candidate, picked)
                continue
            following = candidate.unit + 1  # a procedure's title stands over its numbered steps
            procedure = names_procedure(text) and following < len(index.unit_kinds)
            procedure = procedure and index.unit_kinds[following] == ITEM
            if procedure and kind != "how":
                continue  # its steps answer how to do it, not what it is or why
            group = [candidate]
            opening_unit = list_opening(retriever, candidate.unit, text)
            lead = None if opening_unit is None else replace(candidate, unit=opening_unit, opening=0.0)
            if lead is not None and not (picked and picked[-1].unit == lead.unit):
                # "They may:" leans on the sentence before it in turn
                leans = opens_with_anaphor(retriever.unit_text(lead.unit))
                before = self._antecedents(lead, first=not picked) if leans else []
                other = opens_other_part(profile(retriever, lead.unit), about, self.other_subjects)
                if before is None or self.repeats(lead.unit) or other or len(picked) + len(before) + 2 > limit:
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
            opened = len(picked)  # where this candidate's own group starts: what its followers follow on from
            for unit in group:
                picked.append(unit)
                self.chosen.append(unit)
            current, current_text = candidate, text
            listing = opens_more(text)
            while True:  # the sentences it leads into, while they continue its point
                follower = by_unit.get(current.unit + 1) or self._step_after(current, listing)
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
                beside = [current] if its_code else picked[opened:] if an_item else None
                # a fragment ends the run; a procedure's step may be short ("Choose a function.")
                short = len(words(follower_text)) < 4 and not (its_code or (an_item and procedure))
                introduced = opens_more(current_text) and index.unit_kinds[follower.unit] == CODE
                repeated = self.repeats(follower.unit, beside=beside, exact=introduced)
                if (
                    repeated
                    or short
                    or profile(retriever, follower.unit).template
                    or opens_other_part(profile(retriever, follower.unit), about, self.other_subjects)
                ):
                    break
                fits = profile(retriever, follower.unit).fits
                gives_reason = kind == "why" and "reason" in fits
                # "… gives you a way of searching through files." / "Use the "/" key to begin a search."
                gives_step = kind == "how" and not opens_more(follower_text)
                # or it goes on about the sentence before and says how: "… it's easier to use environment variables." /
                # "Poetry supports this and any setting can be set…"
                goes_on = bool(POINTS_BACK_EARLY.match(follower_text)) and "how" in fits
                gives_step = gives_step and (bool(INSTRUCTION.match(follower_text)) or goes_on)
                reads_on = False
                sets_up = sets_up_next(current_text, follower_text) and not (  # a short item sets up no other item
                    another_item(retriever, current.unit, follower.unit) and not opens_more(current_text)
                )
                if not (an_item or its_code or sets_up or gives_reason or gives_step):
                    reads_on = not read_on and reads_on_to(
                        retriever, current.unit, follower.unit, len(picked) == 1, self.asked_terms
                    )
                    if not reads_on:
                        break
                    limit += 1  # the two stand for one answer
                    read_on = True
                picked.append(follower)
                self.chosen.append(follower)
                current, current_text = follower, follower_text
                if its_code or reads_on:
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
        if not picked and not self.near_best_only:  # the best sentence that stands on its own, however short
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

    def _step_after(self, current: ScoredUnit, listing: bool) -> ScoredUnit | None:
        """The next item of the list a sentence opens, even one said on every page, never scored alone ("Choose…")."""
        index, after = self.retriever.index, current.unit + 1
        if not listing or after >= len(index.unit_kinds) or index.unit_kinds[after] != ITEM:
            return None
        return ScoredUnit(after, current.chunk, current.score, current.cosine)

    def _prefer_row(self, candidate: ScoredUnit, picked: list[ScoredUnit]) -> None:
        """Of two sentences that say the same thing, quote the glossary or table row: it is the definition."""
        index = self.retriever.index
        if index.unit_kinds[candidate.unit] != ROW:
            return
        for at, other in enumerate(picked):
            leans = opens_with_anaphor(profile(self.retriever, other.unit).text)
            leaned_on = at + 1 < len(picked) and opens_with_anaphor(profile(self.retriever, picked[at + 1].unit).text)
            if index.unit_kinds[other.unit] == ROW or leans or leaned_on:
                continue
            if self.same(other.unit, candidate.unit):
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
            if index.unit_kinds[unit] == CODE and not _shares_words(self.retriever, unit, candidate.unit):
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


def _shares_words(retriever: Retriever, code: int, sentence: int) -> bool:
    """ "git checkout -b feature" / "This creates a branch called feature…": the sentence says what the code does."""
    return bool(profile(retriever, code).terms & profile(retriever, sentence).terms)


# how much nearer another part's best a sentence must stand than this part's, to be left to it
ELSEWHERE_MARGIN = 0.1


def better_elsewhere(every_scored: list[list[ScoredUnit]], at: int) -> frozenset[int]:
    """The sentences that answer a later part of the question better than this one, each part's scores read
    against its own best: "The narrator remains unknown until the last chapter" answers "when do you find out",
    not "who narrates the plague". (An earlier part had its pick: what it left, this one may take.)"""
    if at + 1 >= len(every_scored):  # the last part, or the only one: nothing after it
        return frozenset()
    behind = [{s.unit: s.score - scored[0].score for s in scored} if scored else {} for scored in every_scored[at:]]
    mine, later = behind[0], behind[1:]
    return frozenset(
        unit
        for unit, gap in mine.items()
        if any(unit in other and other[unit] > gap + ELSEWHERE_MARGIN for other in later)
    )
