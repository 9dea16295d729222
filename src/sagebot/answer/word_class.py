"""Which parts of speech English dictionaries give a word (lemminflect's lexicon, offline)."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=4096)
def never_a_noun(word: str) -> bool:
    """A word English knows only as a verb, an adjective or an adverb ("protect", "flaky", "skipped"): how a learner
    says what they ask, not a thing the documents may lack. A noun, or a word no dictionary has (a name, a term of
    art: "graphql", "hyperparameters"), is one."""
    from lemminflect import getAllLemmas

    classes = getAllLemmas(word.lower())
    return bool(classes) and not {"NOUN", "PROPN"} & set(classes)
