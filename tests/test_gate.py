"""The coverage gate's pure text rules: names the documents must mention, words they must have."""

from __future__ import annotations

import pytest

from sagebot.answer.gate import Lexicon, analyse, named_phrases

# A small corpus vocabulary (stemmed, as the index keeps it) about searching and decoding.
WORDS = "search decod transformer model optimize learn rate idea differ quick commit branch pick iam learner"
LEXICON = Lexicon(dict.fromkeys(WORDS.split(" "), 1))


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        ("how do I cherry-pick a commit?", ["cherry-pick"]),
        ("is an httpx Client thread-safe, can i share one?", ["thread-safe"]),
        ("does httpx support HTTP/3 over QUIC?", ["HTTP/3"]),
        ("how much did it cost to train gpt-4?", ["gpt-4"]),
        ("when is httpx 1.0 coming out?", ["httpx 1.0"]),
        ("example of quicker time-to-value?", []),  # a small word inside: left to its words
        ("is httpx non-blocking?", []),  # an affix, not a word of its own
        ("post-LN or pre-LN?", []),
        ("what is 1.5 times 2?", []),  # a figure, not a version of something
    ],
)
def test_phrases_a_question_names(question: str, phrases: list[str]) -> None:
    assert named_phrases(question) == phrases


def test_the_thing_a_question_asks_for_must_be_named_in_the_documents() -> None:
    assert analyse("what temperature should I use when decoding?", LEXICON, {}).unknown == ["temperature"]
    assert analyse("which IAM policy do I attach?", LEXICON, {}).unknown == ["IAM policy"]
    assert analyse("which model should I pick?", LEXICON, {}).unknown == []  # named: "model"
    assert analyse("what exactly is a commit?", LEXICON, {}).unknown == []  # asks for no thing
    assert analyse("in what year did the search go down?", LEXICON, {}).unknown == []  # "In 1749, …"


def test_an_uncommon_word_before_a_known_one_names_a_kind_the_documents_lack() -> None:
    assert analyse("how does beam search decoding work", LEXICON, {}).unknown == ["beam search"]
    assert analyse("how does the adam optimizer adapt the learning rate", LEXICON, {}).unknown == ["adam optimizer"]


@pytest.mark.parametrize(
    "question",
    [
        "why is that a bad idea?",  # everyday words the corpus lacks say nothing
        "what's the basic difference?",
        "how does search work underneath?",  # not before a word the corpus has
        "example of quicker commits?",  # "quicker" is "quick"
        "what's a sensible search?",  # a quality ("sensibly"), not a kind of search
        "why are shy learners quiet?",
    ],
)
def test_everyday_words_the_corpus_lacks_do_not_count(question: str) -> None:
    assert analyse(question, LEXICON, {}).unknown == []


def test_an_acronym_is_no_short_form_of_a_longer_word() -> None:
    lexicon = Lexicon({"quickstart": 3, "http": 5})
    assert analyse("does httpx support QUIC?", lexicon, {}).unknown == ["QUIC"]
    assert analyse("what is quic?", lexicon, {}).known_terms == ["quickstart"]  # lower case: a short form


def test_a_how_to_whose_action_the_documents_never_name() -> None:
    assert analyse("how do i sign my commits?", LEXICON, {}).unknown == ["sign"]
    assert analyse("how can I turn off the search?", LEXICON, {}).unknown == []  # "disable", say
    assert analyse("how do i throw away my commits", LEXICON, {}).unknown == []
    assert analyse("how do I turn it on?", LEXICON, {}).unknown == []
