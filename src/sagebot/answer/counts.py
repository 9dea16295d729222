"""What a "how many" question counts, and whether the quotes count it."""

from __future__ import annotations

import re

from sagebot.answer.asked import COUNTED_BY_OTHER_NAMES
from sagebot.text import fold_accents, stem

# "how many stanley cups have…": the thing counted is the last word before the verb ("cups"), or the first word
_COUNTED_WORD = r"(?!(?:per|each|every)\b)[A-Za-z]{3,}"  # "how many calories per day": calories, not day
_HOW_MANY = re.compile(
    rf"\bhow many ((?:{_COUNTED_WORD} ){{0,2}}?{_COUNTED_WORD})(?= (?:have|has|had|do|does|did|are|is|were|was|can|"
    r"could|will|would|should)\b)|\bhow many ([A-Za-z]{3,})\b",
    re.I,
)
COUNT_BEFORE = 4  # words between a number and what it counts
# Nouns that stand for whatever is counted ("how many things can short-term memory hold?" — "seven items").
_COUNT = re.compile(
    r"\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|"
    r"millions?|billions?|single|no)\b",
    re.I,
)


def _counted(noun: str, quotes: list[str]) -> bool:
    """Whether the quotes count the noun they name: a number (a figure, or a word: "two", "a single") within
    four words before it or just after it ("GPUs: 8"). "How many GPUs?" is not answered by "a 24-CPU instance
    with multiple GPUs". Quotes that never name the noun are left to the other checks (a synonym may count it)."""
    named = False
    for text in quotes:
        tokens = re.findall(r"[A-Za-z]+|\d[\d,.]*", fold_accents(text))
        for at, token in enumerate(tokens):
            if stem(token.lower()) == noun:
                named = True
                before = tokens[max(0, at - COUNT_BEFORE) : at]  # "the 10 most frequently occurring words"
                if any(_COUNT.fullmatch(t) for t in [*before, *tokens[at + 1 : at + 2]]):
                    return True
    return not named


def missing_count(question: str, quotes: list[str]) -> str:
    """Why the quotes give no count of what "how many" asks for, or "" when they do (or it asks for none)."""
    counted = _HOW_MANY.search(question)
    if not counted:
        return ""
    named = (counted.group(1) or counted.group(2)).split()[-1]
    noun = stem(named.lower())
    if noun not in COUNTED_BY_OTHER_NAMES and not _counted(noun, quotes):
        return f"the passages found give no count of {named}"
    return ""
