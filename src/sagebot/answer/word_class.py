"""What kind of word a learner wrote: the parts of speech English gives it (lemminflect's lexicon, offline), a name
of their own making."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from sagebot.answer.english import zipf


@functools.lru_cache(maxsize=4096)
def never_a_noun(word: str) -> bool:
    """A word English knows only as a verb, an adjective or an adverb ("protect", "flaky", "skipped"): how a learner
    says what they ask, not a thing the documents may lack. A noun, or a word no dictionary has (a name, a term of
    art: "graphql", "hyperparameters"), is one; unless its form says it acts: a past ("squished", "hardcoded") or
    the undoing of a verb ("uninstall")."""
    from lemminflect import getAllLemmas

    word = word.lower()
    classes = getAllLemmas(word)
    if not classes:
        return (word.endswith("ed") and len(word) > 4) or (word.startswith("un") and "VERB" in getAllLemmas(word[2:]))
    return not {"NOUN", "PROPN"} & set(classes)


# a word in lower case, as a learner types their own ("protect", "skipped", "doable"); not a name the documents
# never write ("SageMaker Clarify", "Azure"), a phrase, an option or a version ("--no-color", "v2")
_PLAIN_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def learners_word(word: str) -> bool:
    """A verb, an adjective or an adverb in lower case: the learner's way of asking, not a thing they ask about."""
    return bool(_PLAIN_WORD.fullmatch(word)) and never_a_noun(word)


EVERYDAY_NAME_ZIPF = 4.0


def made_up_name(word: str, corpus_word: Callable[[str], bool] = lambda _: False) -> bool:
    """The name a learner gives their own thing ("mytool", "myscript", "mycli" in documents on CLIs): "my" and an
    everyday word or one of the documents' own, and no word of English itself ("mysql" is one)."""
    rest = word[2:]
    return (
        word.startswith("my")
        and len(word) >= 5  # "my" and three letters at least: "mycli"
        and zipf(word) < 2.0
        and (zipf(rest) >= EVERYDAY_NAME_ZIPF or corpus_word(rest))
    )


# what introduces an instance the learner gives of what they ask about: "a 2 letter thing like 'QA'", "a file
# literally called -notes.txt", "a flag pair like --color and --no-color"
_EXAMPLE_CUE = re.compile(r"\b(?:like|such as|e\.g\.|eg|for example|for instance|called|named)\s+", re.I)
_ASKS_WHICH = re.compile(r"\s*(?:which|what)\b", re.I)
EXAMPLE_WORDS = 4  # words after the cue the instance may take, up to the end of its clause
_QUOTES = "'\"`“”‘’()"


def given_as_example(word: str, question: str) -> bool:
    """Whether the word stands in a value the learner gives as an instance ("typed the weight like 'about 3ish'"):
    quoted, or no plain word (an option, a file name); their example, not a thing they ask the documents about. A
    plain word there names another thing ("dependency injection like fastapi's Depends"), which the documents may
    lack."""
    word = word.lower()
    for cue in _EXAMPLE_CUE.finditer(question):
        if _ASKS_WHICH.match(re.split(r"[.?!,;]", question[: cue.start()])[-1]):
            continue  # "which instance types (like p3 or g5) should I choose?": what is asked, by example
        quoted = False
        for token in question[cue.end() :].split()[:EXAMPLE_WORDS]:
            quoted = quoted or token[0] in _QUOTES
            bare = token.strip(_QUOTES + ".,;:?!").lower()
            value = quoted or not _PLAIN_WORD.fullmatch(bare)
            if value and (bare == word or (bare.startswith(word) and not bare[len(word)].isalnum())):  # "-notes.txt"
                return True
            if token[-1] in ",;:?!" or (quoted and token[-1] in _QUOTES):
                quoted = False
                if token[-1] in ",;:?!":
                    break
    return False


def how_asked(word: str, question: str) -> bool:
    """A word that is how the learner asks, not what about: a verb or a quality ("the bill is climbing"), unless it
    is the quality a "how" question asks for ("how tall"); or their own example ("like 'QA'")."""
    asked_quality = re.search(rf"\bhow {re.escape(word)}\b", question, re.I)
    return (learners_word(word) and not asked_quality) or given_as_example(word, question)
