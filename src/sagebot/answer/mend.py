"""A question as the learner meant it: comparing words misspelt ("diffrence", "betwen", "vesus") put right when that
makes a comparison, "what" typed as in chat ("wat's a retrier"), a word said twice ("over and over") joined, as it
joins no two things, and a second thing asked of after the question ("explain minute cards? and also the one-up
thing") joined to it."""

from __future__ import annotations

import re

from sagebot.answer.lead import YOU
from sagebot.answer.sides import comparison_sides

# Words that make a question a comparison, which learners often misspell ("diffrence", "betwen", "vesus")
_COMPARING_WORDS = ["difference", "differences", "different", "between", "compared", "comparison", "versus"]
_COMPARING_INITIALS = frozenset(w[0] for w in _COMPARING_WORDS)  # a slip keeps the first letter
_DOUBLED = re.compile(
    r"\b(over|again|through|better|worse|faster|slower|bigger|smaller) and \1\b",
    re.I,  # not "less and less -S"
)
_CHAT_WHAT = re.compile(r"\b(?:wat|wut)(?=(?:['’]?s)?\s+(?:is|are|was|a|an|the|does|do|did|r)\b)")  # not "Angkor Wat"
# "can someone explain minute cards? and also the one-up one-down thing": one request for two things
_AND_THE_OTHER = re.compile(
    rf"^(\s*(?:(?:can|could|would)\s+{YOU}\s+)?(?:explain|describe|define|tell\s+me\s+about)\s[^?]+)"
    r"\?\s+and\s+also\s+(?=(?:the|a|an)\s[^?]*\??\s*$)",
    re.I,
)
_SHORT_BETWEEN = re.compile(r"\b(diff|differences?)\s+(?:btw|btwn|b/w|bw|betw)\s+", re.I)


def mended(text: str) -> str:
    """The question as the learner meant it (see the module's docstring). Of comparing words, a word of English
    ("inference", "deference") is left as it is: only a rare form (Zipf under 2.5, about 3 per billion words) is
    taken for a slip."""
    import difflib

    from wordfreq import zipf_frequency

    text = _DOUBLED.sub(r"\1-and-\1", text)  # "calling get over and over vs using a Client": two sides
    text = _AND_THE_OTHER.sub(r"\1 and ", _CHAT_WHAT.sub("what", text))

    def mend(found: re.Match[str]) -> str:
        word = found.group(0)
        if len(word) < 5 or word in _COMPARING_WORDS or word[:1] not in _COMPARING_INITIALS:
            return word
        if zipf_frequency(word, "en") >= 2.5:
            return word
        close = difflib.get_close_matches(word, _COMPARING_WORDS, n=1, cutoff=0.8)
        return close[0] if close else word

    mended = re.sub(r"\b[a-z]+\b", mend, text)  # "compareTo" is a name, no slip
    mended = _SHORT_BETWEEN.sub(r"\1 between ", mended)  # "difference btw a list and a tuple"
    return mended if mended != text and comparison_sides(mended) else text  # "differencing" compares nothing
