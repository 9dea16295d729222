"""Hybrid retrieval: dense search over sentences plus BM25 over passages, fused by reciprocal rank."""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from sagebot.answer.as_code import code_names, said_of_options, said_of_symbols, unwritten_code, writes
from sagebot.answer.asked import asked_roles
from sagebot.answer.gate import QueryAnalysis, analyse, name_runs, named_phrases
from sagebot.answer.lexicon import Lexicon, acronyms_in
from sagebot.answer.names import titled_names
from sagebot.ingest.chunk import UNIT_KINDS
from sagebot.text import LIST_MARKER, content_terms, stem, words

if TYPE_CHECKING:
    from sagebot.index.store import LoadedIndex
    from sagebot.settings import Settings


@dataclasses.dataclass(frozen=True)
class Passage:
    chunk: int
    fused: float  # reciprocal-rank-fusion score
    dense: float  # best cosine of any of its sentences with the question
    keyword: float  # BM25 score of the passage


@dataclasses.dataclass(frozen=True)
class Retrieval:
    query: str
    vector: np.ndarray
    analysis: QueryAnalysis
    focus_terms: list[str]
    passages: list[Passage]
    # answer-key units whose study-guide question matched the query, with that question's cosine
    pointed: dict[int, float]
    asked: str = ""  # a follow-up's own question, when the query was rewritten from the one before it


SUBJECT_SHARE = 0.1  # a word in more passages is what the corpus is about ("sagemaker"): figures need not name it
COMMON_SHARE = 0.3  # a word in this share of the passages is the corpus's own ("AWS" in an AWS guide)
_LIST_MARKER_AT_END = re.compile(rf"(?:^|\n)[ \t]*{LIST_MARKER}[ \t]+$")


# A sentence said this often, figures aside, is the layout's, not the subject's (a lesson's "This exercise should
# take about 5 minutes." 33 times; an answer said in four episodes, "The host key is in the email…", is no template).
BOILERPLATE_COPIES = 5


def _template(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.casefold().split()))


class Retriever:
    def __init__(self, index: LoadedIndex, settings: Settings) -> None:
        self.index = index
        self.settings = settings
        self.vocabulary = index.document_frequency
        self.lexicon = Lexicon(self.vocabulary)
        self._questions: list[int] | None = None
        self._acronyms: dict[str, str] | None = None
        self._headings: str | None = None
        self._boilerplate: frozenset[str] | None = None
        self._defined: dict[tuple[str, ...], int] | None = None
        self._titles: dict[int, list[str]] = {}
        self._units: dict[int, np.ndarray] = {}
        self.unit_profiles: dict[int, object] = {}  # what answer/sentences.py works out once per sentence
        self.bare_vectors: dict[int, np.ndarray] = {}  # answer/selection.py: sentences encoded alone, when needed
        self.passage_facts: dict[int, object] = {}  # answer/sentences.py: each passage's mean vector and key words
        self.symbol_sentences: dict[str, list[int]] = {}  # answer/as_code.py: the sentences showing ">>" as code
        self.section_titles: str | None = None  # answer/as_code.py: every section title as written, lower case

    def search(
        self, query: str, encode: Callable[[str], np.ndarray], focus: str | None = None, limit: int | None = None
    ) -> Retrieval:
        """Search with the query (a follow-up joined to the question before it); `focus`, the learner's own
        latest words, decides which key words a quoted sentence should share."""
        analysis = self._joined_compounds(analyse(query, self.lexicon, self.acronyms()))
        own = analyse(focus, self.lexicon, self.acronyms()) if focus else analysis  # the learner's latest words
        said = focus or query
        # A compound of words the corpus has ("real-world", "thread-safe") may be put another way there; one with a
        # word it lacks ("cherry-pick") or with a version ("HTTP/3") is one thing the documents name or not.
        phrases = [p for p in named_phrases(said) if any(c.isdigit() for c in p) or not all(map(self._knows, words(p)))]
        unmentioned = [name for name in [*name_runs(said), *phrases, *asked_roles(said)] if not self.mentions(name)]
        unmentioned += [name for name in code_names(said) if not writes(self, name)] + unwritten_code(self, said)
        # A figure asked for is said of the most specific thing named: "gpt-4" before "gpt", "gemini" before "llm".
        subjects = [" ".join(words(p)) for p in phrases if p not in unmentioned] + titled_names(said, self)
        subjects += sorted(
            (t for t in own.subjects if self.vocabulary.get(t, 0) <= SUBJECT_SHARE * len(self.index.chunks)),
            key=lambda t: self.vocabulary.get(t, 0),
        )
        analysis = dataclasses.replace(analysis, subjects=tuple(subjects[:1]))
        if unmentioned:  # "SageMaker Clarify" names the thing better than "Clarify" alone
            named = {w.casefold() for name in unmentioned for w in words(name)}
            alone = [w for w in analysis.unknown if w.casefold() not in named]
            analysis = dataclasses.replace(analysis, unknown=[*alone, *unmentioned])
        focus_terms = own.known_terms
        # "> vs >>": what the documents say the symbols do stands in for them, as a spelled-out acronym does
        shown = [*said_of_symbols(self, said), *said_of_options(self, said)]
        analysis = dataclasses.replace(analysis, expansions=[*analysis.expansions, *shown])
        vector = encode(" ".join([query, *analysis.expansions]))
        s = self.settings
        index = self.index
        k = min(s.dense_candidates, index.unit_count())
        scores, ids = index.dense.search(vector.reshape(1, -1), k)
        dense_best: dict[int, float] = {}
        question = UNIT_KINDS.index("question")
        pointed: dict[int, float] = {}
        for unit, score in zip(ids[0].tolist(), scores[0].tolist()):
            if unit < 0:
                continue
            if index.unit_kinds[unit] == question:
                # A study-guide question like the learner's points at its answer-key item.
                for answer in index.study_answers.get(unit, ()):
                    pointed[answer] = max(pointed.get(answer, -1.0), float(score))
                continue
            chunk = int(index.unit_chunk[unit])
            dense_best[chunk] = max(dense_best.get(chunk, -1.0), float(score))
        for answer, score in pointed.items():
            chunk = int(index.unit_chunk[answer])
            dense_best[chunk] = max(dense_best.get(chunk, -1.0), score)
        known = [*analysis.known_terms, *(t for e in analysis.expansions for t in content_terms(e))]
        keyword_scores: dict[int, float] = {}
        if known:
            all_scores = index.keyword.get_scores(known)
            top = min(s.keyword_candidates, len(all_scores))
            best = np.argpartition(-all_scores, top - 1)[:top]
            keyword_scores = {int(c): float(all_scores[c]) for c in best if all_scores[c] > 0}
            # A dense find is ranked by its keywords too, so one sentence that says it in other words still counts.
            keyword_scores.update({c: float(all_scores[c]) for c in dense_best if all_scores[c] > 0})
        keyword_rank = sorted(keyword_scores, key=lambda c: -keyword_scores[c])
        for chunk in keyword_rank:  # rank keyword finds by their true closeness too, not only dense finds
            if chunk not in dense_best:
                dense_best[chunk] = self._dense_score(chunk, vector)
        dense_rank = sorted(dense_best, key=lambda c: -dense_best[c])
        fused: dict[int, float] = {}
        for ranking in (dense_rank, keyword_rank):
            for rank, chunk in enumerate(ranking):
                fused[chunk] = fused.get(chunk, 0.0) + 1.0 / (s.rrf_k + rank + 1)
        order = sorted(fused, key=lambda c: -fused[c])
        chosen = self._diverse(order, limit or s.passages)
        # the passage of the sentence closest in meaning is always among them, however few key words it shares
        closest = dense_rank[0] if dense_rank else None
        if closest is not None and index.chunks[closest].text not in {index.chunks[c].text for c in chosen}:
            chosen = [*chosen[: (limit or s.passages) - 1], closest]
        passages = [Passage(c, fused[c], dense_best[c], keyword_scores.get(c, 0.0)) for c in chosen]
        return Retrieval(query, vector, analysis, focus_terms, passages, pointed, focus or "")

    def _joined_compounds(self, analysis: QueryAnalysis) -> QueryAnalysis:
        """A word the corpus writes with a hyphen or a space ("nonprofit" for "non-profit", "pretrained" for
        "pre-trained") is known, as its parts."""
        unknown, known, expansions = [], list(analysis.known_terms), list(analysis.expansions)
        for word in analysis.unknown:
            parts = self._compound_parts(word.casefold()) if " " not in word else None
            if parts is None:
                unknown.append(word)
                continue
            known.extend(content_terms(" ".join(parts)))
            expansions.append(" ".join(parts))
        if len(unknown) == len(analysis.unknown):
            return analysis
        return dataclasses.replace(analysis, known_terms=known, expansions=expansions, unknown=unknown)

    def _compound_parts(self, word: str) -> tuple[str, str] | None:
        for at in range(2, len(word) - 2):
            head, tail = word[:at], word[at:]
            if (head in self.vocabulary or tail in self.vocabulary) and self.mentions(f"{head} {tail}"):
                return head, tail
        return None

    def mentions(self, name: str) -> bool:
        """Whether some passage has the name as a phrase (case, accents and spacing aside)."""
        if "-" in name and stem("".join(words(name))) in self.vocabulary:  # "auto-scaling" written "autoscaling"
            return True
        terms = [t for t in content_terms(name) if t in self.vocabulary]
        if not terms:
            return False
        wanted = " ".join(words(name))
        if f" {wanted}" in self.headings():  # "Short-Answer Quiz" may be only a heading
            return True
        scores = self.index.keyword.get_scores(terms)
        for chunk in np.argsort(-scores)[:50]:
            if scores[chunk] <= 0:
                break
            if wanted in " ".join(words(self.index.chunks[int(chunk)].text)):
                return True
        return False

    def _knows(self, word: str) -> bool:
        return self.lexicon.known_form(stem(word), spelled=word.lower()) is not None

    def headings(self) -> str:
        """Every section title, as words, once: " title one | title two | …"."""
        if self._headings is None:
            titles = dict.fromkeys(" ".join(words(c.section)) for c in self.index.chunks)
            self._headings = " " + " | ".join(titles) + " "
        return self._headings

    def _dense_score(self, chunk: int, vector: np.ndarray) -> float:
        units = self.units_of(chunk)
        return float((self.index.vectors[units] @ vector).max()) if len(units) else 0.0

    def units_of(self, chunk: int) -> np.ndarray:
        """Unit ids of a passage. Units are stored in passage order, so this is a binary search, once a passage."""
        if chunk not in self._units:
            self._units[chunk] = np.arange(*np.searchsorted(self.index.unit_chunk, [chunk, chunk + 1]))
        return self._units[chunk]

    def idf(self, term: str) -> float:
        return math.log(1 + (len(self.index.chunks) + 1) / (self.vocabulary.get(term, 0) + 0.5))

    def acronyms(self) -> dict[str, str]:
        if self._acronyms is None:
            self._acronyms = acronyms_in([c.text for c in self.index.chunks])
        return self._acronyms

    def unit_text(self, unit: int) -> str:
        chunk = self.index.chunks[int(self.index.unit_chunk[unit])]
        start, end = (int(x) for x in self.index.unit_spans[unit])
        return chunk.text[start - chunk.start : end - chunk.start]

    def with_definition(self, retrieval: Retrieval, subject: str) -> Retrieval:
        """For "what is X", the glossary's definition of X (or, with no glossary, the sentence the index took as its
        definition) among the passages, as close in meaning as the best sentence found: a word in every passage
        ("what is mkdocs?") leaves the search nothing to find it by."""
        terms = tuple(content_terms(subject))
        # "AWS Lambda" is defined as "Lambda" where "AWS" is in most passages: the vendor's name, not a kind
        common = len(terms) > 1 and self.vocabulary.get(terms[0], 0) >= COMMON_SHARE * len(self.index.chunks)
        unit = self.defined_units().get(terms)
        unit = self.defined_units().get(terms[1:]) if unit is None and common else unit
        if unit is None or not retrieval.passages:
            return retrieval
        chunk = int(self.index.unit_chunk[unit])
        best = max(p.dense for p in retrieval.passages)
        passages = list(retrieval.passages)
        if chunk not in {p.chunk for p in passages}:  # one more: the last may be the closest in meaning, kept
            passages = [*passages, Passage(chunk, passages[-1].fused, best, 0.0)]
        return dataclasses.replace(retrieval, passages=passages, pointed={**retrieval.pointed, unit: best})

    def defined_units(self) -> dict[tuple[str, ...], int]:
        """Each glossary term's key words (its name, each alias) → the unit holding its definition."""
        if self._defined is None:
            self._defined = {}
            index = self.index
            by_source: dict[str, list[tuple[int, int, int]]] = {}
            for u in range(len(index.unit_kinds)):
                start, end = (int(x) for x in index.unit_spans[u])
                by_source.setdefault(index.chunks[int(index.unit_chunk[u])].source, []).append((start, end, u))
            for spans in by_source.values():
                spans.sort()
            for term in index.terms:
                spans = by_source.get(term.source, [])
                at = bisect.bisect_right(spans, (term.start, float("inf"), 0)) - 1
                if at < 0 or not spans[at][0] <= term.start < spans[at][1]:
                    continue
                for name in (term.name, *term.aliases):
                    key = tuple(content_terms(re.sub(r"\s*\(.*?\)", "", name) or name))
                    if key:
                        self._defined.setdefault(key, spans[at][2])
        return self._defined

    def title_opened(self, chunk: int) -> list[str]:
        """The key words of the heading a passage opens its section under ([] when it continues a section): in
        reference pages ("### repo_url", "## Amazon SageMaker Ground Truth") its first sentence is about the title."""
        if chunk not in self._titles:
            here, before = self.index.chunks[chunk], self.index.chunks[chunk - 1] if chunk else None
            opens = not (before and (before.source, before.section) == (here.source, here.section))
            heading = here.section.split(" › ")[-1] if here.section else here.document  # "# What is AWS Lambda?"
            self._titles[chunk] = content_terms(heading) if opens else []
        return self._titles[chunk]

    def is_boilerplate(self, unit: int) -> bool:
        """A sentence of prose the documents say over and over, figures aside ("This exercise should take about 5
        minutes."): a template of the course's layout, which answers nothing. Code, list items and table rows
        repeat for good reasons ("$ git status") and never count."""
        if self._boilerplate is None:
            sentence = UNIT_KINDS.index("sentence")
            prose = np.flatnonzero(self.index.unit_kinds == sentence).tolist()
            copies = Counter(_template(self.unit_text(u)) for u in prose)
            self._boilerplate = frozenset(t for t, n in copies.items() if n >= BOILERPLATE_COPIES)
        text = self.unit_text(unit)
        return self.index.unit_kinds[unit] == UNIT_KINDS.index("sentence") and _template(text) in self._boilerplate

    def course_questions(self) -> list[int]:
        """Questions the course asks in a list (a study guide's quiz, say): offered when a question is refused."""
        if self._questions is None:
            question = UNIT_KINDS.index("question")
            self._questions = []
            for u in np.flatnonzero(self.index.unit_kinds == question).tolist():
                chunk = self.index.chunks[int(self.index.unit_chunk[u])]
                before = chunk.text[: int(self.index.unit_spans[u][0]) - chunk.start]
                text = self.unit_text(u)
                if _LIST_MARKER_AT_END.search(before) and text.endswith("?") and 4 <= len(text.split()) <= 30:
                    self._questions.append(u)
        return self._questions

    def _diverse(self, order: list[int], limit: int) -> list[int]:
        """Best passages first, without duplicate texts and with at most two from one section."""
        chosen: list[int] = []
        seen_text: set[str] = set()
        per_section: dict[tuple[str, str, str], int] = {}
        for c in order:
            chunk = self.index.chunks[c]
            key = (chunk.source, chunk.document, chunk.section)
            if chunk.text in seen_text or per_section.get(key, 0) >= 2:
                continue
            seen_text.add(chunk.text)
            per_section[key] = per_section.get(key, 0) + 1
            chosen.append(c)
            if len(chosen) >= limit:
                break
        return chosen
