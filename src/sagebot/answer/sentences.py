"""Scoring the sentences of the passages found against the question: meaning, shared key words, the kind of
sentence the question wants, the subject it opens with. answer/selection.py chooses among them."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sagebot.answer.anaphora import subject_points_back
from sagebot.answer.as_code import shows_in_code, symbols_in
from sagebot.answer.english import zipf
from sagebot.answer.gate import asks_for_answer, holds_answer
from sagebot.answer.profile import (
    CODE,
    ITEM,
    QUESTION,
    ROW,
    UnitProfile,
    opens_more,
    opens_with,
    profile,
    read_with_title,
    short_forms,
    standing_penalty,
    subject_weights,
    title_names,
)
from sagebot.answer.sides import COMPARING_TERMS
from sagebot.answer.subjects import KIND_NOUNS, states_subject, subject_label
from sagebot.text import LIST_MARKER, content_terms, options_in, stem

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
OPTION_BONUS = 0.2  # naming the option asked about ("ls -F"), or taken off for naming only others ("-R", "-a")
SYMBOL_BONUS = 0.1  # showing the symbol asked about in code ("`./`")
DEFINES_SUBJECT_BONUS = 0.1  # and on top, for saying what it is ("X is a…", "X means…") for a "what is X" part
BORROWED_SHARE = 0.5  # a key word of the sentence pointed back to, for the sentence pointing back
STATES_SUBJECT_BONUS = 0.05  # or for having it as the subject of its verb ("Function errors occur when…")
_CALLED = re.compile(r"\b([A-Za-z_]\w*)\(")  # a name written as a call: "instr()"
# How the question is put, not what about: "why does X matter?", "what's the difference between > and >>"
_FRAMES = {"why": frozenset(["matter", "care", "bother", "point"]), "comparison": COMPARING_TERMS}
# "what is a FASTQ file?" is answered by "FASTQ is a format for…": the last word names only the kind of thing it is
RARE_NAME_ZIPF = 3.0  # "fastq" (1.0), "yaml" (1.8), "json" (2.8); not "python" (3.8), "environment" (4.9)


@dataclass(frozen=True)
class ScoredUnit:
    unit: int
    chunk: int
    score: float
    cosine: float
    opening: float = 0.0  # the part of the score for opening with the subject: ranks, but sets no margin


_ITEM_MARKER = re.compile(rf"(?m)^[ \t]*{LIST_MARKER}[ \t]+")


_DEFINITION_ENTRY = re.compile(r"(?m)^[ \t]*:[ \t]+\S")  # "term\n:   what it is", a definition list's entry


def reads_on_to(retriever: Retriever, unit: int, after: int, first: bool, asked: frozenset[str]) -> bool:
    """What a sentence sets out is often said in the next one, in words the question does not use ("Historians
    have offered accounts of the several factors involved…" / "A succession of weak rulers…"): a part reads on
    once. From its best sentence (`first`) to whatever prose follows; from a later one only to a sentence going
    on in its words or the question's (`asked`). Never to one leading further (":"), nor from or to a glossary's or
    a table's row or a list's item: the next one is about another term or point; nor to a pointer elsewhere."""
    kinds = {retriever.index.unit_kinds[unit], retriever.index.unit_kinds[after]}
    then = profile(retriever, after)
    # a glossary's next entry defines another term
    glossary = after in retriever.defined_units().values() or _DEFINITION_ENTRY.search(then.text)
    if not then.prose or then.aside or kinds & {ROW, ITEM} or glossary or opens_more(then.text):
        return False
    return first or bool(then.terms & (profile(retriever, unit).terms | asked))


def another_item(retriever: Retriever, unit: int, after: int) -> bool:
    """The sentence after a list item's sentence opens the list's next item, another point, not the same item's next
    sentence ("- Use `poetry install` to… This is what you run after cloning a project.")."""
    index = retriever.index
    if (
        index.unit_kinds[unit] != ITEM
        or index.unit_kinds[after] != ITEM
        or index.unit_chunk[unit] != index.unit_chunk[after]
    ):
        return False
    chunk = index.chunks[int(index.unit_chunk[unit])]
    gap = chunk.text[int(index.unit_spans[unit][1]) - chunk.start : int(index.unit_spans[after][0]) - chunk.start]
    return bool(_ITEM_MARKER.search(gap))


NEW_WORDS = 2  # key words a sentence must add to the question's to say something about what is asked
_SAYS_WHAT = frozenset(["definition", "how", "why", "list"])  # the kinds of question that must be told something
SAYS_NOTHING_NEW_PENALTY = 0.25


def with_introductions(retrieval: Retrieval, retriever: Retriever) -> list[tuple[int, int]]:
    """(rank, passage) for the passages found, each passage that opens on code led by the one before it in its
    section, which says what the code is for ("Plugins can also listen to specific events…" before the event
    handler's code)."""
    index = retriever.index
    found = {passage.chunk for passage in retrieval.passages}
    ranked: list[tuple[int, int]] = []
    for rank, passage in enumerate(retrieval.passages):
        chunk, before = passage.chunk, passage.chunk - 1
        ids = retriever.units_of(chunk)
        opens_on_code = len(ids) > 0 and index.unit_kinds[int(ids[0])] == CODE
        if opens_on_code and before >= 0 and before not in found:
            same = index.chunks[before].document == index.chunks[chunk].document
            if same and index.chunks[before].section == index.chunks[chunk].section:
                ranked.append((rank + 1, before))  # not found itself: ranked below the passage it leads
        ranked.append((rank, chunk))
    return ranked


def says_nothing_new(known: UnitProfile, kind: str, asked: set[str]) -> bool:
    """A sentence that only repeats the question's words ("There can be more than one explicit package source."),
    when asked what something is, how or why (a yes/no question may be answered by its own words: "Indexes only
    the title of each page."; a figure is news); "These are known as entry points" names what the sentence before
    it describes, and "We can get rid of one of our tables using:" says it in what it leads into."""
    if not known.prose or kind not in _SAYS_WHAT or len(known.terms - asked) >= NEW_WORDS:
        return False
    if any(c.isdigit() for c in known.text):  # "The default port is 8080." gives the figure asked for
        return False
    return not ({"definition", "defines"} & known.fits or opens_more(known.text))


def _without_kind_noun(subject: str) -> str:
    """ "fastq file" -> "fastq": a rare name before a word naming its kind ("Python module" stays whole)."""
    head, _, last = subject.strip().rpartition(" ")
    rare = bool(head) and all(zipf(word) < RARE_NAME_ZIPF for word in head.split())
    return head if rare and last.casefold() in KIND_NOUNS else subject


def held_together(retrieval: Retrieval, retriever: Retriever) -> float:
    """The largest share of the learner's own key words (weighted by rarity) that one passage found holds:
    "the capital of australia" in articles on Mars has "capital" in one passage, "Australia" in another."""
    weights = {t: retriever.idf(t) for t in retrieval.focus_terms}
    total = sum(weights.values())
    if not total:
        return 1.0
    held = (_facts(retriever, p.chunk).terms for p in retrieval.passages)
    return max((sum(w for t, w in weights.items() if t in terms) for terms in held), default=0.0) / total


@dataclass(frozen=True)
class _PassageFacts:
    centroid: Any  # the mean of its sentence vectors, normalised: how close the passage as a whole is to a question
    terms: frozenset[str]  # the key words of all its sentences and of its headings


def _facts(retriever: Retriever, chunk: int) -> _PassageFacts:
    known = retriever.passage_facts.get(chunk)
    if isinstance(known, _PassageFacts):
        return known
    import numpy as np

    ids = retriever.units_of(chunk)
    mean = retriever.index.vectors[ids].mean(axis=0) if len(ids) else np.zeros(retriever.index.vectors.shape[1])
    chunk_of = retriever.index.chunks[chunk]  # "## Remotes" over "Copies of the project on a server…" is on remotes
    headings = content_terms(f"{chunk_of.document} {chunk_of.section}")
    terms = frozenset(headings).union(*(profile(retriever, u).terms for u in ids.tolist()))
    made = _PassageFacts(mean / (np.linalg.norm(mean) or 1.0), terms)
    retriever.passage_facts[chunk] = made
    return made


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
    asks_kind = asks_for_answer(asked)
    asked_options = options_in(asked, fold=False)
    called = {stem(name.lower()) for name in _CALLED.findall(asked)}  # "instr()" is no short form of "instructs"
    # why or how to use a symbol ("why type ./ before…"), not what a thing written with one is ("the $ thing")
    asked_symbols = symbols_in(asked) if kind in ("why", "how") else []
    subject_terms = subject_weights(_without_kind_noun(subject) if kind == "definition" else subject, retriever)
    subject_bonus = SUBJECT_BONUS if kind == "definition" else SUBJECT_BONUS / 2
    asked_or_subject = query_terms | subject_terms.keys()
    defined = subject_label(retrieval.query, subject) if kind == "definition" else ""
    # a glossary the documents keep (not one taken from "X is a…" sentences, whose names are often longer forms)
    kept = not retriever.index.glossary_derived
    entries = _entries(retriever) if kind == "definition" and subject_terms and kept else {}
    side_terms = tuple(content_terms(defined))  # the whole side: "formative assessment", not only "formative"
    short_code = NOT_PROSE_PENALTY if kind == "how" else NOT_PROSE_PENALTY_UNLESS_HOW
    for rank, chunk in with_introductions(retrieval, retriever):
        ids = retriever.units_of(chunk)
        if not len(ids):
            continue
        cosines = index.vectors[ids] @ retrieval.vector
        context = float(_facts(retriever, chunk).centroid @ retrieval.vector)
        closeness = settings.context_weight * context + settings.passage_weight * (1 - rank / n)
        before: float | None = None  # the score, on meaning and words alone, of the sentence just before
        carried: frozenset[str] = frozenset()  # what the sentence before is about, for one that points back to it
        title = retriever.title_opened(chunk)  # "### repo_url" / "When set, provides a link…": read with it
        for unit, cosine in zip(ids.tolist(), np.asarray(cosines).tolist()):
            if index.unit_kinds[unit] == QUESTION:
                before, carried = None, frozenset()
                continue
            cosine = max(cosine, retrieval.pointed.get(unit, -1.0))
            known = profile(retriever, unit)
            if known.template:  # the layout's ("This exercise should take about 5 minutes.") or a reference list's
                before, carried = None, frozenset()
                continue
            heads = title if unit == ids[0] else []
            terms, pairs = read_with_title(known, heads)
            shorts = short_forms(terms)
            # "The byte-level BPE is another approach. … This has been used in BERT-like models…": the words of
            # what a sentence points back to count for it, at a discount
            borrowed = carried - terms if "points back" in known.fits else frozenset()
            carried = terms | borrowed
            said = sum(weight for t, weight in weights.items() if t in terms or (t in shorts and t not in called))
            lent = sum(weight for t, weight in weights.items() if t in borrowed and t not in shorts)
            overlap = (said + BORROWED_SHARE * lent) / total
            phrases = len(query_pairs.intersection(pairs)) / len(query_pairs) if query_pairs else 0.0
            score = cosine + settings.lexical_weight * overlap + settings.phrase_weight * phrases
            previous, before = before, score
            if asks_kind and holds_answer(asked, known.text):
                # Among sentences holding the asked-for kind of fact, those in the passages closest to the question.
                score += ANSWER_KIND_BONUS + closeness
            if kind in known.fits:
                score += SENTENCE_KIND_BONUS
                if kind == "why" and "reason" in known.fits:
                    score += STRONG_REASON_BONUS
                    if previous is not None:  # "… git commit -a. However, add explicitly, because you might…"
                        score = max(score, previous - REASON_AFTER_DISCOUNT + SENTENCE_KIND_BONUS + STRONG_REASON_BONUS)
            score -= standing_penalty(known, kind)
            if says_nothing_new(known, kind, asked_or_subject):
                score -= SAYS_NOTHING_NEW_PENALTY
            named = options_in(known.text, fold=False) if asked_options else frozenset()
            names_option = bool(asked_options & named)
            if asked_options:
                score += OPTION_BONUS if names_option else -OPTION_BONUS if named else 0.0
            if asked_symbols and shows_in_code(known.text, asked_symbols):
                score += SYMBOL_BONUS  # "why type ./ before…": "We'll need to put `./` at the beginning so…"
            if not known.prose:
                # A command shows how; a transcript of what a command printed does not.
                score -= short_code if known.text.count("\n") < LONG_CODE_LINES else NOT_PROSE_PENALTY_UNLESS_HOW
            opening = subject_bonus * opens_with(subject_terms, known.lead) if known.prose and subject_terms else 0.0
            if opening and unit in entries and another_term(entries[unit], side_terms):
                opening = 0.0  # "SageMaker Endpoint — A managed compute platform…" defines no SageMaker
            if (asked_options and not names_option) or (opening and subject_points_back(known.text)):
                opening = 0.0  # "`ls` has lots of other options." opens with "ls", but not with "ls -F"
            if opening and kind == "definition" and "defines" in known.fits:
                opening += DEFINES_SUBJECT_BONUS
            elif heads and kind == "definition" and known.prose and title_names(heads, subject, known.text):
                opening = SUBJECT_BONUS + DEFINES_SUBJECT_BONUS  # the first sentence under its heading says what it is
            elif opening and kind == "definition" and (states := states_subject(known.text, defined)):
                opening += DEFINES_SUBJECT_BONUS if states == "entry" else STATES_SUBJECT_BONUS
            scored.append(ScoredUnit(unit, chunk, score + opening, cosine, opening))
    scored.sort(key=lambda s: -s.score)
    return scored


@functools.lru_cache(maxsize=2)  # once per index generation, not per question
def _entries(retriever: Retriever) -> dict[int, list[tuple[str, ...]]]:
    """The glossary's entries: each defining unit with the key words of the terms it defines."""
    entries: dict[int, list[tuple[str, ...]]] = {}
    for key, unit in retriever.defined_units().items():
        entries.setdefault(unit, []).append(key)
    return entries


def another_term(keys: list[tuple[str, ...]], subject: tuple[str, ...]) -> bool:
    """A glossary entry that defines a term going on past what is asked about: "SageMaker Endpoint" or "function
    call" for "what is SageMaker", "what is a function"; not "Amazon SageMaker", which is SageMaker, nor an entry
    naming it by another of its names."""
    asked = set(subject)
    keys = [key[:-1] if len(key) > 1 and key[-1] in _KIND_STEMS else key for key in keys]  # "return statement"
    ends_with_it = any(asked <= set(key) and key[-1] in asked for key in keys)
    return not ends_with_it and any(asked <= set(key) for key in keys)


# words naming what kind of thing a name is ("return statement" is return), not a thing of its own ("loop variable")
_KIND_STEMS = frozenset(
    stem(word)
    for word in ["statement", "class", "command", "function", "method", "keyword", "operator", "program", "service"]
    + ["tool", "module", "package", "library"]
)
