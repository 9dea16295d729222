"""Whether a sentence's grammatical subject is what a "what is X" part names ("Function errors occur when…"), or
only a word of an opening clause ("While managed services provide…, they…")."""

from __future__ import annotations

import re

from sagebot.answer.english import verb_like
from sagebot.text import STOPWORDS, content_terms, display_unit, fold_accents, stem

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
        "configuration",
        "config",
        "field",
        "attribute",
        "property",
        "flag",
        "argument",
        "object",
        "directory",
        "folder",
    ]
)
# words, identifiers ("use_directory_urls", "node.js", "http/2") and hyphenated names ("dead-letter") as one token
_SENTENCE_TOKEN = re.compile(r"[A-Za-z0-9_]+(?:[.'’/+#-][A-Za-z0-9_]+)*|[–—:]|(?<=\s)-(?=\s)")
_ARTICLES = frozenset(["a", "an", "the"])
# "Reserving concurrency has the following effects." says it further on
_POINTS_AHEAD = re.compile(r"\b(?:the following|as follows)\b[^.!?]{0,30}[.:]?\W*$", re.I)
_AUXILIARIES = frozenset(
    ["is", "are", "was", "were", "can", "cannot", "will", "may", "must", "should", "does", "do", "has", "have"]
    + ["means", "mean", "refers", "stands"]
)
_SETTING = re.compile(r"\s+(?:in|on|for|with|within|inside|under|when|from)\s.*$", re.I)  # "list in python": list
_GLOSSARY_MARK = frozenset(["–", "—", ":", "-"])
# verbs English uses so often they are stop words: "Forward proxy requests use…"
_PLAIN_VERBS = frozenset(["use", "need", "make", "get", "run", "take", "give", "keep", "let", "help", "show", "set"])


def subject_label(query: str, subject: str) -> str:
    """What a sentence must open with to have a part's subject as its own: the side of a comparison ("reserved
    concurrency", searched for a part whose subject is its distinct word, "reserved"), else the subject, without
    the setting it is asked in ("list in python": list)."""
    side = set(content_terms(subject)) < set(content_terms(query))
    return _SETTING.sub("", query if side else subject)


def states_subject(text: str, label: str) -> str:
    """How a sentence's grammatical subject is all of what a "what is X" part names: "entry" for a list's or
    glossary's "Reserved concurrency – …" (it defines it), "states" for a sentence saying what it is or does,
    "Reserved concurrency guarantees…", "Function errors occur when…", "A managed service abstracts…"; "" for
    "While managed services provide…", "Unlike branches, tags…", "Invocations aren't…" asked about invocation
    errors, "Concurrency limits apply…" (a noun before the verb) and "Reserving concurrency has the following
    effects.", which says it further on."""
    named = _tokens(label)
    # its key words must all open the sentence; its small words ("for loop") and a last word naming its kind ("the
    # use_directory_urls setting", said "option" in the documents) may
    kind = named[-1:] if len(named) > 1 and _root(named[-1]) in _KIND_ROOTS else []
    allowed = {_root(t) for t in named}
    wanted = {_root(t) for t in named if t not in STOPWORDS and t not in kind} or allowed
    if not wanted or _POINTS_AHEAD.search(text):
        return ""
    tokens = _tokens(re.sub(r"\([^()]{0,60}\)", " ", display_unit(text)[:200]))
    at = 1 if tokens[:1] and tokens[0] in _ARTICLES else 0
    seen: set[str] = set()
    while at < len(tokens) and _names(tokens[at], allowed):
        seen |= {_root(part) for part in tokens[at].split("-")} | {_root(tokens[at])}
        at += 1
    if not wanted <= seen or at >= len(tokens):
        return ""
    if tokens[at] in _GLOSSARY_MARK:
        return "entry"
    one_of_a_kind = tokens[at] in KIND_NOUNS and not _plural(tokens[at])  # not "settings", "functions"
    if one_of_a_kind and at + 1 < len(tokens) and _verb_at(tokens, at + 1):
        at += 1  # "The HTTPException class provides…"
    return "states" if _verb_at(tokens, at) else ""


def _verb_at(tokens: list[str], at: int) -> bool:
    """A verb, not a noun going on with the subject: "limits" in "Reserved concurrency limits the number", "holds"
    in "The staging area holds changes"; not "limits" in "Concurrency limits apply…", where a verb's plain form
    follows it, nor "hook" in "The poetry-install hook calls…", where a verb's -s form does."""
    word = tokens[at]
    if word in _AUXILIARIES:
        return True
    following = tokens[at + 1] if at + 1 < len(tokens) else ""
    plain_verb = following in _PLAIN_VERBS or (not _plural(following) and verb_like(following))
    plural_noun = _plural(word) and (following in _AUXILIARIES or plain_verb)
    singular_noun = not _plural(word) and _plural(following) and verb_like(following)  # "hook calls", "queue stores"
    return verb_like(word) and not plural_noun and not singular_noun


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _SENTENCE_TOKEN.findall(fold_accents(text))]


def _root(word: str) -> str:
    """ "mappings" and "mapping" alike (the light stemmer takes one ending at a time)."""
    return stem(stem(word))


def _names(token: str, wanted: set[str]) -> bool:
    return _root(token) in wanted or all(_root(part) in wanted for part in token.split("-"))


_KIND_ROOTS = frozenset(_root(word) for word in KIND_NOUNS)
