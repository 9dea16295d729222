"""Which sentence a part quotes, on the real model and index: the one saying what the thing is, never the layout's
own sentences."""

from __future__ import annotations

import pytest

from sagebot.assistant import Assistant
from sagebot.index.encoder import Encoder

from .conftest import make_settings


@pytest.fixture(scope="module")
def lessons(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Assistant:
    base = tmp_path_factory.mktemp("lessons")
    (base / "corpus").mkdir()
    topics = {
        "praise": "Praising effort teaches learners that obstacles can be overcome with work. "
        "So praise the effort, never talent.",
        "pacing": "Learners who fall behind stop asking questions, so check in with them often. Go slowly.",
        "feedback": "Anonymous notes let learners say what they would not say aloud. Ask at every break.",
    }
    for minutes, (name, text) in enumerate(topics.items(), start=5):
        (base / "corpus" / f"{name}.md").write_text(
            f"# {name.title()}\n\n{text}\n\nThis exercise should take about {minutes} minutes.\n", encoding="utf-8"
        )
    (base / "corpus" / "auth.md").write_text(
        "# Authentication\n\n"
        "To send basic authentication credentials, pass a tuple as the auth argument to the request.\n\n"
        "## Basic\n\n"
        "HTTP basic authentication is an unencrypted scheme that sends the username and password in a header.\n",
        encoding="utf-8",
    )
    assistant = Assistant(make_settings(base), encoder=encoder)
    assistant.build_index()
    return assistant


def test_a_sentence_the_documents_say_over_and_over_is_never_quoted(lessons: Assistant) -> None:
    answer = lessons.ask("why should i praise effort?")
    assert answer.grounded, answer.answer
    assert not any("should take about" in c.quote for c in answer.citations), answer.answer


def test_a_short_form_finds_the_sentence_defining_the_thing_in_full(lessons: Assistant) -> None:
    answer = lessons.ask("what is basic auth?")
    assert answer.grounded, answer.answer
    assert answer.citations[0].quote.startswith("HTTP basic authentication is an unencrypted scheme"), answer.answer
