"""Whether a sentence's grammatical subject is what a "what is X" part names ("Function errors occur when…"), or
only a word of an opening clause ("While managed services provide…, they…")."""

from __future__ import annotations

import re

from sagebot.answer.english import verb_like
from sagebot.text import STOPWORDS, display_unit, fold_accents, stem

# Words naming only the kind of thing a name is: "FASTQ file" is FASTQ, "The HTTPException class provides…" says
# what HTTPException does
KIND_NOUNS = frozenset(
    [
        "file",
        "files",
        "format",
        "command",
        "commands",
        "tool",
        "program",
        "function",
        "method",
        "option",
        "setting",
        "parameter",
        "variable",
        "type",
        "class",
        "module",
        "package",
        "library",
        "service",
        "feature",
        "keyword",
        "statement",
        "operator",
        "language",
        "system",
    ]
)
# "poetry-install hook" is one word, no "poetry install"
_SENTENCE_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*|[–—:]|(?<=\s)-(?=\s)")
_ARTICLES = frozenset(["a", "an", "the"])
# "Reserving concurrency has the following effects." says it further on
_POINTS_AHEAD = re.compile(r"\b(?:the following|as follows)\b[^.!?]{0,30}[.:]?\W*$", re.I)
_AUXILIARIES = frozenset(
    ["is", "are", "was", "were", "can", "cannot", "will", "may", "must", "should", "does", "do", "has", "have"]
)


def states_subject(text: str, named: frozenset[str]) -> bool:
    """A sentence whose grammatical subject is all of what a "what is X" part names, saying what it is or does:
    "Reserved concurrency guarantees…", "Function errors occur when…", "A managed service abstracts…", a
    glossary's "Reserved concurrency – …"; not "While managed services provide…", nor "Invocations aren't…" asked
    about invocation errors, nor "Reserving concurrency has the following effects.", which says it further on."""
    if not named:
        return False
    tokens = _SENTENCE_TOKEN.findall(fold_accents(re.sub(r"\([^()]{0,60}\)", " ", display_unit(text)[:200])))
    tokens = [t.lower() for t in tokens]
    start = 1 if tokens[:1] and tokens[0] in _ARTICLES else 0
    seen: set[str] = set()
    at = start
    while at < len(tokens) and at - start <= len(named) + 1:
        term = stem(tokens[at])
        if term in named:
            seen.add(term)
        elif at > start or tokens[at] in STOPWORDS:  # one word may come first: "A relational database is…"
            break
        at += 1
    if seen != named or _POINTS_AHEAD.search(text):
        return False
    at += at < len(tokens) and tokens[at] in KIND_NOUNS  # "The HTTPException class provides…"
    if at >= len(tokens):
        return False
    after = tokens[at]
    return after in "–—:-" or after in _AUXILIARIES or verb_like(after)
