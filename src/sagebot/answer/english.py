"""How common a word is in English at large (wordfreq): an everyday word, a name or term of art, a clipped form
("repo"), a comparative ("nicer"), a noun. The gate reads a question's words the documents lack with these."""

from __future__ import annotations

import bisect
import functools

from sagebot.text import stem

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
    from wordfreq import zipf_frequency

    bare = word.split("'")[0]
    if any(c.isdigit() for c in bare):  # "p3", "g5", "oauth2": a model or version name
        return True
    if len(bare) <= 2:  # "vm", "ml", "os": too short to tell a name from an abbreviation
        return False
    if clips_common_word(bare):  # "intro", "algo", "repo": a short form of an everyday word
        return False
    if any(zipf_frequency(base, "en") >= SPECIFIC_ZIPF for base in _compared_bases(bare)):
        return False  # "nicer", "simplest", "bigger": an everyday word compared
    return zipf_frequency(bare, "en") < SPECIFIC_ZIPF and zipf_frequency(stem(bare), "en") < SPECIFIC_ZIPF


def _compared_bases(word: str) -> list[str]:
    """The adjective a comparative or superlative may be formed from, where the form shows it: a final e
    ("nicer" -> "nice"), a y ("easier" -> "easy") or a doubled consonant ("bigger" -> "big"). A plain "-er"
    ("docker" -> "dock") is no sign of one."""
    for ending in ("er", "est"):
        if not word.endswith(ending) or len(word) < len(ending) + 3:
            continue
        root = word[: -len(ending)]
        if root.endswith("i"):
            return [root[:-1] + "y"]
        if len(root) >= 3 and root[-1] == root[-2] and root[-1] not in "aeiouls":
            return [root[:-1]]
        return [root + "e"]
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


@functools.lru_cache(maxsize=4096)
def misspells_common_word(word: str) -> bool:
    """One letter off an everyday word (one added, dropped, changed, or two swapped) and far rarer than it."""
    if len(word) < 6 or not word.isalpha():
        return False
    rarity = zipf(word) + MISSPELLING_GAP
    by_length = _common_by_length()
    return any(
        frequency >= rarity and _one_slip(word, other)
        for size in (len(word) - 1, len(word), len(word) + 1)
        for other, frequency in by_length.get(size, ())
    )


def _one_slip(a: str, b: str) -> bool:
    """One letter off, past the first: a slip keeps the first letter ("gevent" is no slip on "event")."""
    if a[0] != b[0]:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        swapped = len(differ) == 2 and differ[1] == differ[0] + 1 and a[differ[0]] == b[differ[1]]
        return len(differ) == 1 or (swapped and a[differ[1]] == b[differ[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@functools.lru_cache(maxsize=1)
def _common_by_length() -> dict[int, list[tuple[str, float]]]:
    from wordfreq import top_n_list, zipf_frequency

    by_length: dict[int, list[tuple[str, float]]] = {}
    for word in top_n_list("en", 25000):
        if word.isalpha():
            by_length.setdefault(len(word), []).append((word, zipf_frequency(word, "en")))
    return by_length
