"""The scorecard's reading of which quote follows which: markup between two sentences keeps them next to each other."""

from __future__ import annotations

from types import SimpleNamespace

from sagebot import scorecard


def _cited(text: str, sentence: str) -> SimpleNamespace:
    start = text.index(sentence)
    return SimpleNamespace(source="a.md", chunk=0, text=text, passage_start=0, start=start, end=start + len(sentence))


def test_a_note_following_the_sentence_it_speaks_of_follows_it_across_its_marker_line() -> None:
    text = "Fields are limited to 1000.\n\n!!! info\n    These limits are for security reasons.\n\nOther."
    before, note = _cited(text, "Fields are limited to 1000."), _cited(text, "These limits are for security reasons.")
    assert scorecard.follows(before, note)
    assert not scorecard.follows(before, _cited(text, "Other."))


def test_a_part_said_to_be_uncovered_names_what_the_documents_lack_by_it_or_its_key_words() -> None:
    from sagebot.scorecard import names

    assert names("stash", "git stash")
    assert names("which regions", "the regions SageMaker runs in")
    assert names("Is there a price list for git stash?", "git stash")
    assert not names("babysit", "the price of an endpoint")
