"""How common a word is in English at large (wordfreq): an everyday word, a name or term of art, a clipped form
("repo"), a comparative ("nicer"), a noun. The gate reads a question's words the documents lack with these."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable

from sagebot.text import STOPWORDS, stem

# Words rarer than this in general English (Zipf 3.5 is about 3 per million words) name something specific.
SPECIFIC_ZIPF = 3.9
# A word the corpus lacks, set before a word it has, names a kind of that thing when it is rarer than this
# (Zipf 4.6 is about 40 per million words): "beam search", "adam optimizer"; everyday words ("bad idea",
# "basic difference", "spread resources") are commoner.
MODIFIER_ZIPF = 4.6
# A clipped word ("repo", "param", "info") is rarer in English than this (Zipf 4.7 is about 50 per million words);
# "stand", "act", "port" are words of their own, not "standard", "action", "portion".
CLIPPED_ZIPF = 4.7


def noun_like(word: str) -> bool:
    """English has its plural ("beams", "cherries") and no adverb made of it ("shyly", "sensibly"): a thing, not
    a quality ("a shy learner", "a sensible timeout" ask about learners and timeouts)."""
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        plural, adverb = word[:-1] + "ies", word[:-1] + "ily"
    else:
        plural = word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")
        adverb = word[:-1] + "y" if word.endswith("le") else word + ("ally" if word.endswith("ic") else "ly")
    return zipf(plural) >= 2.5 and zipf(adverb) < 2.0


@functools.lru_cache(maxsize=4096)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


@functools.lru_cache(maxsize=4096)
def is_specific(word: str) -> bool:
    """Rare in English at large: a name, a term of art ("stash", "oauth2"), not an everyday word."""
    bare = word.split("'")[0]
    if any(c.isdigit() for c in bare):  # "p3", "g5", "oauth2": a model or version name
        return True
    if len(bare) <= 2:  # "vm", "ml", "os": too short to tell a name from an abbreviation
        return False
    if clips_common_word(bare):  # "intro", "algo", "repo": a short form of an everyday word
        return False
    if _compares_everyday_word(bare):
        return False  # "nicer", "simplest", "bigger": an everyday word compared
    return zipf(bare) < SPECIFIC_ZIPF and zipf(stem(bare)) < SPECIFIC_ZIPF


def _compares_everyday_word(word: str) -> bool:
    """A comparative or superlative of an everyday adjective that English uses both ways ("nicer" and "nicest");
    "broker" and "wrapper" have no "brokest" or "wrappest"."""
    for base in _compared_bases(word):
        stem_form = word[:-3] if word.endswith("est") else word[:-2]
        other = stem_form + ("er" if word.endswith("est") else "est")
        if zipf(base) >= SPECIFIC_ZIPF and zipf(other) >= 1.0:
            return True
    return False


def _compared_bases(word: str) -> list[str]:
    """The adjective a comparative or superlative may be formed from, where the form shows it: a final e
    ("nicer" -> "nice"), a y ("easier" -> "easy") or a doubled consonant ("bigger" -> "big"), or a plain "-est"
    ("fewest" -> "few"). A plain "-er" ("docker" -> "dock") is no sign of one."""
    for ending in ("er", "est"):
        if not word.endswith(ending) or len(word) < len(ending) + 3:
            continue
        root = word[: -len(ending)]
        if root.endswith("i"):
            return [root[:-1] + "y"]
        if len(root) >= 3 and root[-1] == root[-2] and root[-1] not in "aeiouls":
            return [root[:-1]]
        return [root, root + "e"] if ending == "est" else [root + "e"]  # "fewest" -> "few"; "docker" is no "dock"
    return []


def clips_common_word(word: str) -> bool:
    common = _common_words()
    at = bisect.bisect_left(common, word)
    return any(w.startswith(word) and clips(word, w) for w in common[at : at + 20])


def clips(short: str, word: str) -> bool:
    """ "repo" of "repository", "param" of "parameter", "exec" of "execute": a short form rarer in English than a word
    of its own is ("stand", "act", "port" are words, not clippings); or a noun made by a suffix ("retirement")."""
    if len(short) >= 5 and word[len(short) :] in _NOUN_SUFFIXES:
        return True
    return len(word) >= len(short) + 3 and zipf(short) < CLIPPED_ZIPF


_NOUN_SUFFIXES = frozenset(["ment", "ments", "ation", "ations", "ition", "ion", "ions", "ness", "ity", "ance", "ence"])


@functools.lru_cache(maxsize=1)
def _common_words() -> list[str]:
    from wordfreq import top_n_list

    return sorted(w for w in top_n_list("en", 25000)[:12000] if w.isalpha())


# A slip is far rarer than the word it misses (Zipf 2.5 apart is over 300 times rarer): "acident" / "accident";
# "jupyter" / "jupiter" (2 apart) are two names.
MISSPELLING_GAP = 2.5
_KEYS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
# Keys next to each other on a keyboard, where a finger slips: "s" / "a", "d", "w", "e", "x", "z"…
_NEXT_KEYS = {
    key: {
        other
        for near in range(max(0, row - 1), min(len(_KEYS), row + 2))
        for other in _KEYS[near][max(0, column - 1) : column + 2]
    }
    - {key}
    for row, keys in enumerate(_KEYS)
    for column, key in enumerate(keys)
}


@functools.lru_cache(maxsize=4096)
def misspells_common_word(word: str) -> bool:
    """A slip of the hand on an everyday word, far rarer than it: a letter dropped ("acident"), two swapped
    ("directroy"), a neighbouring key struck instead or as well ("comnand", "commabd"). A name made from a word
    keeps the word whole and adds to its end ("fluentd", "scrapy") or changes a letter far from the key
    ("uvicorn" is no slip on "unicorn")."""
    word = word.lower()
    if len(word) < 6 or not word.isalpha():
        return False
    rarity = zipf(word) + MISSPELLING_GAP
    by_start = _common_by_start()
    return any(
        _slips_to(word, other) and zipf(other) >= rarity
        for size in (len(word) - 1, len(word), len(word) + 1)
        for other in by_start.get((word[0], size), ())
    )


def _slips_to(typed: str, meant: str) -> bool:
    """Whether `typed` is `meant` with one slip, past the first letter and before the last."""
    if typed == meant or typed[-1] != meant[-1]:
        return False
    if len(typed) == len(meant):
        differ = [i for i in range(len(typed)) if typed[i] != meant[i]]
        if len(differ) == 1:
            return typed[differ[0]] in _NEXT_KEYS.get(meant[differ[0]], set())
        first = differ[0] if len(differ) == 2 else 0
        return (
            len(differ) == 2
            and differ[1] == first + 1
            and typed[first : first + 2] == meant[first + 1 : first - 1 : -1]
        )
    if len(typed) + 1 == len(meant):  # a letter dropped
        return any(meant[:i] + meant[i + 1 :] == typed for i in range(1, len(meant) - 1))
    if len(typed) == len(meant) + 1:  # a letter struck as well: the same again, or a key next to a neighbour,
        for i in range(1, len(typed) - 2):  # not just before the end ("containerd" is no slip on "contained")
            extra, around = typed[i], {typed[i - 1], typed[i + 1]}
            if typed[:i] + typed[i + 1 :] == meant and (extra in around or around & _NEXT_KEYS.get(extra, set())):
                return True
    return False


@functools.lru_cache(maxsize=1)
def _common_by_start() -> dict[tuple[str, int], list[str]]:
    """The 25,000 commonest English words by first letter and length (a slip keeps both, or nearly)."""
    from wordfreq import top_n_list

    by_start: dict[tuple[str, int], list[str]] = {}
    for word in top_n_list("en", 25000):
        if word.isalpha():
            by_start.setdefault((word[0], len(word)), []).append(word)
    return by_start


# A learner's phrasal verb and the words documentation uses for it ("how do I get out of man?" / "hit q to quit")
_PLAIN_VERBS = {
    r"get(?:ting)? out of": "quit exit",
    r"get(?:ting)? rid of": "remove delete",
    r"throw(?:ing)? away": "discard",
    r"(?:turn|switch)(?:ing)? off": "disable",
    r"(?:turn|switch)(?:ing)? on": "enable",
    r"go(?:ing)? back to": "revert restore",
    r"put(?:ting)? back": "restore",
    r"set(?:ting)? up": "configure install",
    r"log(?:ging)? (?:in|into|on)": "login",
    r"shut(?:ting)? down": "stop",
    r"folders?": "directory",  # a desktop's word for what documentation of a shell or a tool calls a directory
    r"ww ?2|wwii": "world war ii second",  # what learners type for what documents spell out
    r"ww ?1|wwi": "world war i first",
}
_PLAIN_VERB = re.compile(r"\b(?:" + "|".join(f"({p})" for p in _PLAIN_VERBS) + r")\b", re.I)


def stood_for(text: str, knows: Callable[[str], object]) -> list[tuple[int, int]]:
    """Where the question says a phrasal verb ("get rid of") or a shorthand ("ww2") whose documentation words
    ("remove", "World War II") the corpus uses: those words stand for it."""
    return [
        m.span() for m in _PLAIN_VERB.finditer(text) if any(knows(stem(w)) for w in documentation_verbs(m.group(0)))
    ]


def unsaid_phrasal_verb(question: str, text: str) -> bool:
    """The question's phrasal verb ("get rid of") is said in the text neither in its words nor the documentation's
    ("remove", "delete")."""
    asked = _PLAIN_VERB.search(question)
    if not asked or _PLAIN_VERB.search(text):
        return False
    said = {stem(w) for w in re.findall(r"[A-Za-z]+", text.lower())}
    return not any(stem(w) in said for w in documentation_verbs(asked.group(0)))


def documentation_verbs(text: str) -> list[str]:
    """The words documentation uses for the phrasal verbs of a question: "get out of" -> "quit", "exit"."""
    found: list[str] = []
    meanings = list(_PLAIN_VERBS.values())
    for match in _PLAIN_VERB.finditer(text):
        at = next(i for i, group in enumerate(match.groups()) if group)
        found += meanings[at].split()
    return found


# fmt: off
_WORD_ENDINGS = sorted(
    ("e", "ion", "ation", "ition", "ate", "ator", "ing", "ed", "er", "or", "ive", "ity", "ism", "ist", "ize", "ise",
     "ization", "isation", "al", "ally", "ly", "ic", "ical", "ment", "able", "ible", "ability", "ibility", "ance",
     "ence", "ant", "ent", "ancy", "ency", "y", "ness", "ure", "ory", "ial"),
    key=len,
    reverse=True,
)
# fmt: on


def same_word(term: str, other: str) -> bool:
    """Two forms of one word differ only in their endings ("hallucinate", "hallucination"; "divisible",
    "division"); "calculus" and "calculate" share a beginning and no more."""
    return _base(term) == _base(other)


def word_base(word: str) -> str:
    """What the forms of one word share ("narr" of "narrate", "narrator" and "narration")."""
    return _base(word)


def stems_one_word(term: str, stemmed: str) -> bool:
    """Whether a stem the corpus holds is another form of the word: "narrator", or "illustrat" (the stemmer's cut of
    "illustrated") for "illustrate"."""
    base = _base(term)
    rest = stemmed[len(base) :]  # "at" of "illustrat", not the "n" of "environ" ("environment" is another word)
    cut = len(rest) != 1 and any(ending.startswith(rest) for ending in _WORD_ENDINGS)
    return same_word(term, stemmed) or (stemmed.startswith(base) and cut)


def _base(word: str) -> str:
    for ending in _WORD_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


EVERYDAY_ZIPF = 3.5  # "paris" (4.8), "visa" (4.1) are words of their own; "recieve" (2.8), "enviroment" (2.1) slips
_BRITISH = (
    (r"our$", "or"),
    (r"(?<=[^aeiou])re$", "er"),
    (r"is(e|ed|es|ing|ation)$", r"iz\1"),
    (r"ys(e|ed|es|ing)$", r"yz\1"),
    (r"^(lic|def|off|pret)ence(s?)$", r"\1ense\2"),  # "licence" -> "license"; not "sequence"
)


def american_spelling(word: str) -> str:
    """ "colour" -> "color", "centre" -> "center", "optimise" -> "optimize", "licence" -> "license": the other
    spelling of one word."""
    for pattern, replacement in _BRITISH:
        word = re.sub(pattern, replacement, word)
    return word


# A sentence telling the reader what to do: the step a how-to's sentence leads into
INSTRUCTION = re.compile(
    r"(?:(?:first|then|next|now|finally),?\s+)?"
    r"(?:use|turn|enter|type|press|hit|run|click|choose|select|open|add|set|go|navigate|copy|create|install|call|pass|"
    r"save|edit|change|replace|start|stop|specify|configure|include)\s",
    re.I,
)
POINTS_BACK_EARLY = re.compile(r"^(?:\S+\s+){0,3}?(?:this|these)\b", re.I)  # "Poetry supports this…"


VERB_FORM_ZIPF = 2.8  # "selected", "guaranteed", "occurred", "abstracted" (2.84); not "settinged", "errored" (1.2)


def verb_like(word: str) -> bool:
    """ "guarantees", "selects", "occur": a word with a verb's past or -ing form (nouns mostly have neither:
    "settings")."""
    if word in STOPWORDS or not word.isalpha():
        return False
    bases = {word}
    if word.endswith("s") and not word.endswith("ss"):
        bases |= {word[:-1], word[:-2] if word.endswith("es") else word[:-1]}
        if word.endswith("ies"):
            bases.add(word[:-3] + "y")
    forms = set()
    for base in bases:
        forms |= {base + "ed", base + "d", base + "ing", base + base[-1:] + "ed", base + base[-1:] + "ing"}
        if base.endswith("e"):
            forms.add(base[:-1] + "ing")
        if base.endswith("y"):
            forms.add(base[:-1] + "ied")
    return max(zipf(form) for form in forms) >= VERB_FORM_ZIPF
