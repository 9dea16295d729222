"""What kind of word a learner wrote: the parts of speech English gives it (lemminflect's lexicon, offline), a name
of their own making."""

from __future__ import annotations

import functools
import re

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


def made_up_name(word: str) -> bool:
    """The name a learner gives their own thing ("mytool", "myscript"): "my" and an everyday word ("mysql" is no
    such name: "sql" is no everyday word)."""
    return word.startswith("my") and len(word) > 5 and zipf(word[2:]) >= EVERYDAY_NAME_ZIPF and zipf(word) < 2.0
