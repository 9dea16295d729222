"""Compose an extractive answer: the sentences of the retrieved passages that best answer the question."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sagebot.answer import contrast
from sagebot.answer.asked import unsaid_asked_thing
from sagebot.answer.citation import Citation, citation
from sagebot.answer.conversation import REFUSAL_OPENING, asks_for_more
from sagebot.answer.gate import Verdict, judge
from sagebot.answer.labels import bold_label
from sagebot.answer.profile import opens_more, profile
from sagebot.answer.question import QuestionShape, single_facet
from sagebot.answer.retrieve import COMMON_SHARE
from sagebot.answer.selection import Selection, better_elsewhere
from sagebot.answer.sentences import ScoredUnit, held_together, score_units
from sagebot.answer.sides import SYMBOL
from sagebot.answer.suggest import suggest
from sagebot.ingest.chunk import UNIT_KINDS, Chunk
from sagebot.text import content_terms, options_in

if TYPE_CHECKING:
    from sagebot.answer.retrieve import Retrieval, Retriever
    from sagebot.settings import Settings

ROW = UNIT_KINDS.index("row")
NOT_COVERED = f"{REFUSAL_OPENING}, so I can't answer it from them"
NOT_COVERED_PART = "The course documents don't cover this part"
CLOSEST = "The closest they come"  # after what a question asks that the documents were not found to say
# a word the documents use in about one passage in twenty, or fewer: "regions", said once in a course
RARE_ASKED_IDF = 3.0
FACET_SENTENCES = 3  # most sentences quoted for one part of a question with several, as for a question


@dataclass(frozen=True)
class Facet:
    """One part of the question and whether the documents answer it."""

    label: str
    covered: bool
    citations: list[int] = field(default_factory=list)  # the numbers `n` of the citations answering it

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "covered": self.covered, "citations": list(self.citations)}


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    grounded: bool
    citations: list[Citation] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    relevance: float = 0.0
    refusal_reason: str = ""
    index_generation: str = ""  # the index build the citations point into
    resolved_question: str = ""  # what was answered: the question, or it rewritten from the conversation
    facets: list[Facet] = field(default_factory=list)

    @property
    def rewritten(self) -> bool:
        return bool(self.resolved_question) and self.resolved_question != self.question

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "grounded": self.grounded,
            "citations": [c.to_dict() for c in self.citations],
            "suggestions": list(self.suggestions),
            "index_generation": self.index_generation,
            "resolved_question": self.resolved_question or self.question,
            "facets": [f.to_dict() for f in self.facets],
        }


@dataclass(frozen=True)
class FacetAnswer:
    label: str
    verdict: Verdict
    units: list[ScoredUnit]


def compose(
    question: str,
    retrieval: Retrieval | list[Retrieval],
    retriever: Retriever,
    settings: Settings,
    shape: QuestionShape | None = None,
    whole: Retrieval | None = None,
    said: frozenset[str] = frozenset(),
    encode: Callable[[str], Any] | None = None,
    follows: bool = False,
) -> Answer:
    """One short part per facet of the question, each quoting the sentences that answer it; a facet the documents
    don't cover is said to be uncovered, by name; a question none of whose facets is covered is refused.
    Without a shape, the question is answered as one facet from one retrieval. `whole`, the retrieval of a whole
    comparison, may find the table row that sets its sides side by side: it comes first and answers every side.
    `said`: the quotes of the answer a follow-up follows, not quoted again while others answer it. `follows`: the
    question goes on from the one before it, whose subject its words need not share a passage with."""
    retrievals = retrieval if isinstance(retrieval, list) else [retrieval]
    if shape is None or len(shape.facets) != len(retrievals):
        only = single_facet(question)
        shape = QuestionShape(question, only.kind, (dataclasses.replace(only, query=retrievals[0].query),))
    selection = Selection(retriever, said, encode)
    selection.near_best_only = bool(said) and asks_for_more(question)
    row = contrast.comparison_row(whole, shape, retriever, settings) if whole is not None else None
    if row is not None:
        selection.chosen.append(row)
    parts: list[FacetAnswer] = []
    limit = settings.max_citations if len(retrievals) == 1 else min(FACET_SENTENCES, settings.max_citations)
    contrasting = row is not None and retriever.index.unit_kinds[row.unit] != ROW  # a sentence, not a table row
    every_scored = []
    for facet, retrieval in zip(shape.facets, retrievals):
        scored = score_units(retrieval, retriever, facet.kind, facet.subject)
        if shape.kind == "comparison":
            scored = contrast.contrasts_first(scored, facet, shape, retriever)
        every_scored.append(contrast.showing_symbol(scored, facet, shape, retriever))
    for at, (facet, retrieval) in enumerate(zip(shape.facets, retrievals)):
        scored = every_scored[at]
        # the sides of a comparison may each quote the sentence that sets them side by side
        selection.elsewhere = better_elsewhere(every_scored, at) if shape.kind != "comparison" else frozenset()
        best_cosine = max((s.cosine for s in scored[:5]), default=0.0)
        # The best sentences, and the passage around the very best (a figure is often in the sentence after it),
        # with their documents' titles (in the article "Moon", "the lunar surface…" is the Moon's).
        evidence = [retriever.unit_text(s.unit) for s in scored[:limit]]
        said_with = [(q, q) for q in evidence] + [p for s in scored[:1] for p in _pointed_back(s.unit, retriever)]
        evidence += [_with_section(retriever.index.chunks[s.chunk]) for s in scored[:1]]
        titles = [retriever.index.chunks[s.chunk].document for s in [*scored[:limit], *scored[:1]]]
        asked = set(retrieval.analysis.known_terms)
        every_word = len(asked) >= 2 and any(asked <= profile(retriever, s.unit).terms for s in scored[:limit])
        # "^" of "what is the -v and the ^": the encoder hears little in a symbol, which a sentence writes or not
        every_word = every_word or contrast.writes_side_symbol(scored[:1], facet, retriever)
        own_words = retrieval.asked or facet.query  # a follow-up asks for a figure in its own words, or none
        together = 1.0 if follows else held_together(retrieval, retriever)
        share = COMMON_SHARE * len(retriever.index.chunks)
        common = frozenset(t for t in retrieval.analysis.known_terms if retriever.vocabulary.get(t, 0) >= share)
        verdict = judge(
            own_words,
            retrieval.analysis,
            best_cosine,
            evidence,
            settings.gate_threshold,
            every_word,
            titles,
            said_with,
            together,
            common,
        )
        if len(shape.facets) > 1 and not all(word.casefold() in facet.label.casefold() for word in verdict.gap):
            verdict = dataclasses.replace(verdict, gap=())  # the word is another part's
        rare = lambda t: t in retriever.vocabulary and retriever.idf(t) >= RARE_ASKED_IDF  # noqa: E731
        unsaid = unsaid_asked_thing(own_words, evidence, rare)
        # asked of the corpus's own subject ("what regions does sagemaker run in?"), which the documents would name
        # the kind of; of one thing among many in articles, the answer is often an instance ("Boris I" is a title)
        if verdict.covered and unsaid and common:
            verdict = Verdict(False, verdict.score, f"the passages found never say {unsaid}")
        # a side whose best sentence is the one contrasting the sides says nothing more than it
        said_by_contrast = contrasting and bool(scored) and selection.repeats(scored[0].unit)
        # what is shown right before this part's line; with a comparison row on top, other lines may come between
        shown_before = parts[-1].units if parts and row is None else []
        selection.last_shown = shown_before[-1].unit if shown_before else None
        options = options_in(facet.query if facet.label.endswith("…") else facet.label)  # cut short
        selection.asked_options = options | frozenset([facet.label] if SYMBOL.match(facet.label) else [])  # "[[" too
        selection.asked_terms = frozenset(retrieval.focus_terms)
        # what the other parts are about ("git commit" beside "git add"), not what this part is ("when did it end?")
        others = (t for other in shape.facets if other is not facet for t in content_terms(other.subject))
        selection.other_subjects = frozenset(others) - frozenset(content_terms(facet.query))
        if shape.kind == "comparison" and said:  # once the side's own sentences were said, not just anything
            scored = contrast.naming_side(scored, facet.subject, retriever, said)
        units = selection.pick(scored, limit, facet.kind, facet.subject) if verdict.covered else []
        if verdict.covered and SYMBOL.match(facet.label) and not contrast.writes_side_symbol(units, facet, retriever):
            # "> vs >>": the sentence writing ">>" quoted for ">" already answers; with none writing it, none does
            written = contrast.writes_side_symbol(scored[:1], facet, retriever)
            units = _already_quoted(scored, selection) if written else []
            verdict = (
                verdict if units else Verdict(False, verdict.score, f"the passages found never write {facet.label}")
            )
        elif verdict.covered and not units and selection.near_best_only:
            verdict = Verdict(False, verdict.score, "the passages found say nothing more about it")
        elif verdict.covered and not units:  # a follow-up's side said before ("and how is it different from IAM?")
            units = _already_quoted(scored, selection) or [s for s in scored if s in selection.said_units][:1]
        if row is not None and verdict.covered:  # a table row stands for one of the part's sentences
            units = (
                [row] if said_by_contrast else [row, *_whole(units[: limit if contrasting else limit - 1], retriever)]
            )
        parts.append(
            FacetAnswer(
                facet.label, verdict if units or not verdict.covered else Verdict(False, verdict.score, ""), units
            )
        )
    covered = [p for p in parts if p.verdict.covered]
    if shape.kind == "comparison" and len(covered) < len(parts):
        covered = []  # one side alone is no comparison
    relevance = max((p.verdict.score for p in parts), default=0.0)
    if not covered:
        reason = next((p.verdict.reason for p in parts if p.verdict.reason), "")
        text = f"{NOT_COVERED} ({reason})." if reason else f"{NOT_COVERED}."
        uncovered = [Facet(p.label, False) for p in parts]
        suggestions = suggest(retrievals[0], retriever)
        return Answer(question, text, False, [], suggestions, relevance, reason, facets=uncovered)
    citations: list[Citation] = []
    numbers: dict[int, int] = {}
    lines: list[str] = []
    facets: list[Facet] = []
    if row is not None:
        numbers[row.unit] = 1
        citations.append(citation(1, row, retriever))
        lines.append(f"{citations[0].display} [1]")
    for part in parts:
        cited = []
        for s in part.units:
            if s.unit not in numbers:
                numbers[s.unit] = len(citations) + 1
                citations.append(citation(numbers[s.unit], s, retriever))
            cited.append(numbers[s.unit])
        facets.append(Facet(part.label, part.verdict.covered, cited))
        shown = [n for n in dict.fromkeys(cited) if row is None or n != 1]  # the row is shown once, above
        quotes = " ".join(f"{citations[n - 1].display} [{n}]" for n in shown)
        if part.verdict.covered and part.verdict.gap:
            missing = Facet(", ".join(part.verdict.gap), False)
            if missing not in facets:
                facets.append(missing)
            plural = "s" if len(part.verdict.gap) > 1 else ""
            gap = f"The documents never use the word{plural} " + " or ".join(f'"{w}"' for w in part.verdict.gap)
            quotes = f"{gap}. {CLOSEST}: {quotes}" if quotes else f"{gap}."
        if len(parts) == 1:
            lines.append(quotes)
        elif part.verdict.covered and quotes:
            lines.append(f"{bold_label(part.label)} — {quotes}")
        elif part.verdict.covered:
            pass  # the comparison row above is all the documents say about this side
        else:
            why = f" ({part.verdict.reason})" if part.verdict.reason else ""
            lines.append(f"{bold_label(part.label)} — {NOT_COVERED_PART}{why}.")
    return Answer(question, "\n".join(lines), True, citations, [], relevance, facets=facets)


def _whole(units: list[ScoredUnit], retriever: Retriever) -> list[ScoredUnit]:
    """Units cut short of what their last sentence introduces ("… set the timeout to None:") end before it."""
    while units and opens_more(retriever.unit_text(units[-1].unit)):
        units = units[:-1]
    return units


def _already_quoted(scored: list[ScoredUnit], selection: Selection) -> list[ScoredUnit]:
    """A facet whose best sentences another facet already quotes ("Unlike EC2, SageMaker…") cites those."""
    if scored and selection.chosen and selection.repeats(scored[0].unit):
        vectors = selection.retriever.index.vectors
        return [max(selection.chosen, key=lambda c: float(vectors[c.unit] @ vectors[scored[0].unit]))]
    return []


def _with_section(chunk: Chunk) -> str:
    """A passage under its heading: a figure given under "Short-Answer Quiz" is said of the quiz."""
    section = chunk.section.split(" › ")[-1] if chunk.section else ""
    return f"{section}\n{chunk.text}" if section else chunk.text


# "It was founded in 1927.", "The default value for this setting is 3 seconds": said of the sentence before
_POINTS_BACK = re.compile(r"\b(?:this|these|those|it|its|they|their|them|such|he|his|she|her)\b", re.I)


# "This work represents… and can be considered the first modern textbook": what the sentence before names, said
# again; not a sentence telling of an event of its own ("It beat Lima to win the rights…", "It was carried from…")
_DESCRIBES_BACK = re.compile(
    r"\W*(?:this|these|that|it|they|such)\b(?:\s+[\w'-]+){0,2}?\s+(?:represents|(?:is|was|are|were|remains|became|"
    r"becomes|has been|have been|can be|could be|may be)\s+(?:considered|regarded|known|seen|described|(?!\w+ed\b)\w+)\b)",
    re.I,
)


def _pointed_back(unit: int, retriever: Retriever) -> list[tuple[str, str]]:
    """The sentence with the one after it when that one points back to it, the one before it when it points back,
    and its heading with it: the pairs in which a figure in the second sentence is said of what the first names;
    either way round ("… Elementary Treatise on Chemistry, published in 1789. This work … the first modern
    textbook": 1789 is the textbook's). A figure said further off in the passage is said of something else."""
    chunk = int(retriever.index.unit_chunk[unit])
    ids = retriever.units_of(chunk).tolist()
    at = ids.index(unit)
    texts = [retriever.unit_text(u) for u in ids[max(0, at - 1) : at + 2]]
    pairs = [(first, then) for first, then in zip(texts, texts[1:]) if _POINTS_BACK.search(then)]
    pairs += [(then, first) for first, then in pairs if _DESCRIBES_BACK.match(then)]
    section = retriever.index.chunks[chunk].section
    return [(section.split(" › ")[-1], retriever.unit_text(unit)), *pairs] if section else pairs
