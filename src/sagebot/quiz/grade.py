"""Grading a learner's written answer against a reference, offline.

Embedding similarity alone is a poor grader (it scores "X is not Y" like "X is Y", and rewards lists of
key words), so the answer is judged in steps:
1. empty or too short -> wrong;
2. (nearly) the reference itself -> correct;
3. only a list of course terms, no statement -> wrong;
4. compared with EVERY reference (all glossary definitions, or all answer-key items): its own must come
   first, by a margin, to be correct; close behind -> partly (the learner sees the reference and decides);
5. a negation the reference does not have ("is not", "never") caps the verdict at partly.
Before the comparison: "I don't know" is a miss, not an attempt; and an answer that only names the area
("something to do with security in AWS") is wrong however close it sits, because it says nothing the
term's own name and the course's everyday words (AWS, service, manage ...) do not already say.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sagebot.text import STOPWORDS, stem, words

if TYPE_CHECKING:
    import numpy as np

CORRECT, PARTLY, WRONG = "correct", "partly", "wrong"

_NEGATION = re.compile(r"\b(not|never|no longer|nothing|neither|nor|cannot|can't|\w+n't)\b", re.I)
# Words that make a statement of a list of terms ("a service that ...", "used for ...").
_STATEMENT_WORDS = {
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "a",
    "an",
    "the",
    "that",
    "which",
    "who",
    "to",
    "for",
    "of",
    "with",
    "by",
    "in",
    "on",
    "at",
    "from",
    "into",
    "as",
    "it",
    "its",
    "you",
    "your",
    "they",
    "their",
    "them",
    "we",
    "so",
    "lets",
    "let",
    "allows",
    "used",
    "uses",
    "where",
    "when",
    "if",
    "because",
    "can",
    "will",
    "does",
    "do",
    "has",
    "have",
    "means",
    "instead",
    "without",
    "like",
}


_NON_ANSWER = re.compile(
    r"^\W*(i\s+(really\s+)?(do\s*n[o']?t|dunno)\s+know|i\s+dunno|dunno|no\s+idea|not\s+sure|idk|no\s+clue|"
    r"i\s+forgot|i\s+can'?t\s+remember|pass|skip|\?+)(?=\W|$)[\W\w]{0,20}$",
    re.I,
)
_HEDGES = re.compile(
    r"\b(something|some\s+(kind|sort|type)\s+of|kind\s+of|sort\s+of|a\s+thing|things?|stuff|"
    r"(has|have|had)\s+to\s+do\s+with|to\s+do\s+with|related\s+to|i\s+think|maybe|probably|whatever|etc)\b",
    re.I,
)
# Words that say nothing about which term is meant: the course's everyday vocabulary and filler.
_GENERIC = {
    "aws", "amazon", "service", "services", "cloud", "thing", "things", "stuff", "something", "system", "tool",
    "feature", "manage", "manages", "managed", "managing", "management", "use", "uses", "used", "using", "help",
    "helps", "work", "works", "way", "handle", "handles", "provide", "provides", "provided", "customer",
    "customers", "user", "users", "people", "kind", "sort", "type", "related", "basically", "just", "really",
    "think", "maybe", "probably", "whatever", "etc", "important", "part", "good", "make", "makes", "lot", "lots",
    "general", "generally", "sagemaker", "infrastructure", "thing's", "it's", "its", "deal", "deals",
}  # fmt: skip


@dataclass(frozen=True)
class Thresholds:
    correct_similarity: float = 0.45  # cosine with its own reference (calibrated on eval/quiz_answers.jsonl)
    correct_margin: float = 0.0  # its own reference must rank first
    partly_similarity: float = 0.35
    partly_margin: float = -0.06  # or be this close behind the first
    min_words: int = 3
    exact_ratio: float = 0.85
    hedged_specific_words: int = 3  # a hedged answer ("something to do with") needs this many telling words


@dataclass(frozen=True)
class Grade:
    verdict: str
    reason: str
    similarity: float = 0.0
    margin: float = 0.0


def _normalise(text: str) -> str:
    return " ".join(words(text))


def negations(text: str) -> int:
    """Words that flip a statement ("is not", "never", "doesn't")."""
    return len(_NEGATION.findall(text.replace("’", "'")))


def is_term_list(answer: str) -> bool:
    """Key words strung together with no statement: no article, preposition, pronoun or auxiliary at all."""
    tokens = words(answer)
    return len(tokens) >= 2 and not any(t in _STATEMENT_WORDS for t in tokens)


def is_non_answer(answer: str) -> bool:
    """ "I don't know", "no idea", "?": the learner says they do not know."""
    return bool(_NON_ANSWER.match(answer.replace("’", "'").strip()))


def telling_words(answer: str, own_names: Sequence[str]) -> set[str]:
    """The answer's words that could tell one term from another: not stop words, not the course's everyday
    vocabulary, not a word of the term's own name."""
    named = {stem(w) for name in own_names for w in words(name)}
    return {stem(w) for w in words(answer) if w not in STOPWORDS and w not in _GENERIC and stem(w) not in named}


def is_vague(answer: str, own_names: Sequence[str], thresholds: Thresholds) -> bool:
    """Names the area, not the thing: no telling word at all, or a hedge with too few of them."""
    telling = len(telling_words(answer, own_names))
    return telling == 0 or (bool(_HEDGES.search(answer)) and telling < thresholds.hedged_specific_words)


def overlap(answer: str, reference: str) -> float:
    mine = {stem(w) for w in words(answer) if w not in STOPWORDS}
    theirs = {stem(w) for w in words(reference) if w not in STOPWORDS}
    return len(mine & theirs) / len(mine) if mine else 0.0


def strip_names(answer: str, names: Sequence[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        answer = re.sub(rf"(?<![A-Za-z0-9]){re.escape(name)}(?:s|es)?(?![A-Za-z0-9])", " ", answer, flags=re.I)
    return " ".join(answer.split())


def grade(
    answer: str,
    target: int,
    references: Sequence[str],
    reference_vectors: np.ndarray,
    encode: Callable[[str], np.ndarray],
    own_names: Sequence[str] = (),
    thresholds: Thresholds = Thresholds(),
) -> Grade:
    """Grade `answer` as an answer whose reference is references[target]."""
    reference = references[target]
    text = " ".join(str(answer or "").split())
    if not text:
        return Grade(WRONG, "The answer is empty.")
    if is_non_answer(text):
        return Grade(WRONG, "No answer given: here is what it means, so it comes back soon.")
    body = strip_names(text, own_names)
    if len(words(body)) < thresholds.min_words:
        return Grade(WRONG, "The answer is too short to show what the term means.")
    if difflib.SequenceMatcher(None, _normalise(body), _normalise(reference)).ratio() >= thresholds.exact_ratio:
        return Grade(CORRECT, "This matches the reference.", 1.0, 1.0)
    if is_term_list(body):
        return Grade(WRONG, "The answer lists terms but does not say what it means.")
    if is_vague(body, own_names, thresholds):
        return Grade(WRONG, "Too vague: it names the area, not what this term is or does.")
    similarities = reference_vectors @ encode(body)
    own = float(similarities[target])
    others = [float(s) for i, s in enumerate(similarities) if i != target]
    margin = own - max(others, default=-1.0)
    if own >= thresholds.correct_similarity and margin >= thresholds.correct_margin:
        verdict, reason = CORRECT, "This says what the reference says."
    elif own >= thresholds.partly_similarity and margin >= thresholds.partly_margin:
        verdict, reason = PARTLY, "Part of the idea is there; compare with the reference."
    else:
        verdict, reason = WRONG, "This does not match the reference."
    if verdict != WRONG and negations(body) > negations(reference):
        if overlap(body, reference) >= 0.5:
            verdict, reason = WRONG, "The answer negates what the reference states."
        else:
            verdict, reason = PARTLY, "Careful: the answer says something is not so; compare with the reference."
    return Grade(verdict, reason, own, margin)
