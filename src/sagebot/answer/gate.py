"""Deciding whether the course documents cover a question.

The dense score alone lets near-misses through (a question about SageMaker prices is "about SageMaker").
Three checks catch what it misses, each one a reason a learner can be shown:
- the question names something the documents never mention (a product, a place: "Azure", "Lambda", "p3");
- it asks for a kind of fact the quoted sentences do not hold (a price, a number or date, code);
- nothing quotable is close enough in meaning.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sagebot.text import STOPWORDS, stem

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][a-z]+)?|\d+[A-Za-z]+[A-Za-z0-9]*")
_PRICE_ASKED = re.compile(
    r"\b(how much (does|do|is|are|will|would|did)\b|prices?\b|pricing|priced|dollars?\b|usd\b|euros?\b|"
    r"free tier|billing|billed|per (hour|month|gb|minute|second|request|year))|\$",
    re.I,
)
_PRICE_GIVEN = re.compile(r"[$€£]\s?\d|\b\d+(\.\d+)?\s?(dollars|usd|cents|euros?)\b|\bfree tier\b", re.I)
_NUMBER_ASKED = re.compile(
    r"\b(how many|maximum|minimum|max|min|limits?|quotas?|what year|which year|release date|"
    r"when (was|were|is|did|will|does)|how long ago|what date)\b",
    re.I,
)
_NUMBER_GIVEN = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|half)\b", re.I
)
_CODE_ASKED = re.compile(r"\b(code|snippet|script|syntax|sdk|boto3|cli command)\b", re.I)
_CODE_REQUEST = re.compile(r"\b(show|write|give|example|sample|paste)\b", re.I)
_CODE_GIVEN = re.compile(r"`|\bimport\b|\w\(|=\s*\w|\{|\}")


_EXPECTED_KINDS = (
    # (what the question asks for, what an answer of that kind contains)
    (
        re.compile(r"\bhow (fast|quickly|soon|long)\b|\bhow much time\b", re.I),
        re.compile(
            r"\b(\d+|one|two|few|half)\b.{0,20}\b(seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b|"
            r"\b(seconds|minutes|hours|days|weeks|months|years)\b",
            re.I,
        ),
    ),
    (
        re.compile(r"\bhow (large|big|small|many|much)\b", re.I),
        re.compile(r"\d|\b(terabytes?|gigabytes?|megabytes?|half|dozens?|hundreds?|thousands?)\b", re.I),
    ),
)


def expects_kind(question: str, sentence: str) -> bool:
    """Whether the sentence holds the kind of fact the question asks for (a duration, a size, a count)."""
    return any(asked.search(question) and given.search(sentence) for asked, given in _EXPECTED_KINDS)


@dataclass(frozen=True)
class QueryAnalysis:
    terms: list[str]  # content terms of the question, stemmed
    known_terms: list[str]  # those the corpus has (typos and short forms mapped onto corpus words)
    expansions: list[str]  # spelled-out acronyms found in the corpus ("EDA" -> "Exploratory Data Analysis")
    unknown_names: list[str]  # names in the question that the corpus never mentions


@dataclass(frozen=True)
class Verdict:
    covered: bool
    score: float
    reason: str


def analyse(question: str, lexicon: Lexicon, acronyms: dict[str, str]) -> QueryAnalysis:
    terms: list[str] = []
    known: list[str] = []
    expansions: list[str] = []
    unknown_names: list[str] = []
    tokens = _TOKEN.findall(question)
    rest = [t for t in tokens[1:] if t.lower() not in STOPWORDS]
    # A Question Typed In Title Case capitalises everything, so capitals then say nothing about names.
    title_cased = len(rest) >= 4 and sum(1 for t in rest if t[0].isupper()) >= 0.85 * len(rest)
    for position, token in enumerate(tokens):
        lower = token.lower().replace("’", "'")
        if lower in STOPWORDS or len(lower) < 2:
            continue
        term = stem(lower)
        terms.append(term)
        match = lexicon.known_form(term)
        if match:
            known.append(match)
            continue
        if token.isupper() and token.upper() in acronyms:
            expansions.append(acronyms[token.upper()])
            continue
        if _is_name(token, position, title_cased):
            unknown_names.append(token)
    return QueryAnalysis(terms, known, expansions, unknown_names)


class Lexicon:
    """The corpus vocabulary, arranged to map a learner's word onto it quickly: exact, a short form of a
    longer word ("algo" -> "algorithm"), or a typo ("availabilty" -> "availability")."""

    def __init__(self, vocabulary: Mapping[str, int]) -> None:
        self.vocabulary = vocabulary
        self.sorted = sorted(vocabulary)
        self.buckets: dict[tuple[str, int], list[str]] = {}
        for word in vocabulary:
            if word[:1].isalpha():
                self.buckets.setdefault((word[0], len(word)), []).append(word)

    def __contains__(self, term: str) -> bool:
        return term in self.vocabulary

    def known_form(self, term: str) -> str | None:
        if term in self.vocabulary:
            return term
        if len(term) >= 4:
            at = bisect.bisect_left(self.sorted, term)
            longer = []
            for word in self.sorted[at : at + 50]:
                if not word.startswith(term):
                    break
                if len(word) <= len(term) + 6:
                    longer.append(word)
            if longer:
                return min(longer, key=len)
        if len(term) >= 5 and term[0].isalpha():
            nearby = [w for size in range(len(term) - 2, len(term) + 3) for w in self.buckets.get((term[0], size), ())]
            close = difflib.get_close_matches(term, nearby, n=1, cutoff=0.85)
            if close:
                return close[0]
        return None


def _is_name(token: str, position: int, title_cased: bool) -> bool:
    """Capitalised mid-sentence, CamelCase, an acronym, or letters with digits ("p3", "g5")."""
    if any(c.isdigit() for c in token) and any(c.isalpha() for c in token):
        return True
    if token.isupper() and len(token) >= 2:
        return True
    if any(c.isupper() for c in token[1:]):
        return True
    return position > 0 and token[0].isupper() and not title_cased


def acronyms_in(texts: list[str]) -> dict[str, str]:
    """Initials of capitalised word runs in the corpus ("Exploratory Data Analysis" -> "EDA")."""
    found: dict[str, str] = {}
    run = re.compile(r"\b(?:[A-Z][a-z]+(?:[ -](?:of|and|for|the|as|a)?\s?)?){2,5}")
    for text in texts:
        for match in run.finditer(text):
            words = [w for w in re.split(r"[ -]+", match.group(0).strip()) if w and w[0].isupper()]
            for size in range(len(words), 1, -1):
                for lo in range(0, len(words) - size + 1):
                    phrase = words[lo : lo + size]
                    found.setdefault("".join(w[0] for w in phrase), " ".join(phrase))
    return found


def judge(question: str, analysis: QueryAnalysis, best_cosine: float, quotes: list[str], threshold: float) -> Verdict:
    if analysis.unknown_names:
        return Verdict(False, best_cosine, f"the documents never mention {', '.join(analysis.unknown_names)}")
    evidence = " ".join(quotes)
    if _PRICE_ASKED.search(question) and not _PRICE_GIVEN.search(evidence):
        return Verdict(False, best_cosine, "the documents give no prices")
    if _NUMBER_ASKED.search(question) and not _NUMBER_GIVEN.search(evidence):
        return Verdict(False, best_cosine, "the passages found hold no such figure or date")
    if _CODE_ASKED.search(question) and _CODE_REQUEST.search(question) and not _CODE_GIVEN.search(evidence):
        return Verdict(False, best_cosine, "the documents hold no code")
    coverage = len(analysis.known_terms) / len(analysis.terms) if analysis.terms else 1.0
    score = best_cosine * (0.7 + 0.3 * coverage)
    if score < threshold:
        return Verdict(False, score, "no passage is close enough in meaning")
    return Verdict(True, score, "")
