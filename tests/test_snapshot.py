"""One frozen snapshot per index generation: after a hot reload every entry point (ask, the quiz API, the Quiz
tab) uses the new index, and a request that began on the old one finishes on it alone."""

from __future__ import annotations

import json
import random
import urllib.request
from pathlib import Path

from sagebot.assistant import Assistant
from sagebot.index.encoder import Encoder

from .conftest import NO_CLIENT_LIMITS, LiveServer, make_settings
from .test_quiz import GLOSSARY_ROWS, _write_course


def wait_until(condition, timeout: float) -> bool:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


NEW_TERM = ("Alarm", "A notice raised when a metric crosses a threshold.")


def _rebuilt(tmp_path: Path, assistant: Assistant) -> str:
    """Rebuild the course with one more glossary row, as `sagebot index` in another process would."""
    builder = Assistant(assistant.settings, encoder=assistant.encoder)
    _write_course(tmp_path / "corpus", [NEW_TERM, *GLOSSARY_ROWS])
    return builder.build_index().generation


def test_the_quiz_tab_and_the_quiz_api_use_the_new_index_after_a_hot_reload(tmp_path: Path, encoder: Encoder) -> None:
    import gradio as gr

    from sagebot.web.quiz_tab import build_quiz_tab

    _write_course(tmp_path / "corpus", GLOSSARY_ROWS)
    settings = make_settings(tmp_path, reload_check_seconds=0.05, **NO_CLIENT_LIMITS)
    assistant = Assistant(settings, encoder=encoder)
    assistant.build_index()
    with gr.Blocks():
        tab = build_quiz_tab(assistant)  # what the page does once, at start-up
    with LiveServer(assistant) as server:
        generation = _rebuilt(tmp_path, assistant)

        def api_scope() -> list[str]:
            body = json.dumps({"topic": None, "kind": "written"}).encode()
            request = urllib.request.Request(f"{server.url}/api/quiz/next", body, {"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())["scope"]

        assert wait_until(lambda: NEW_TERM[0] in api_scope(), timeout=30)
        assert assistant.snapshot().generation == generation
        shown = tab["ask_next"]("", "written", None, None)[0]
        assert NEW_TERM[0] in shown["scope"], shown["scope"]


def test_one_request_never_mixes_two_generations(tmp_path: Path, encoder: Encoder) -> None:
    _write_course(tmp_path / "corpus", GLOSSARY_ROWS)
    assistant = Assistant(make_settings(tmp_path, reload_check_seconds=0.05), encoder=encoder)
    assistant.build_index()
    before = assistant.snapshot()
    old_generation = before.generation
    _rebuilt(tmp_path, assistant)
    assert wait_until(lambda: assistant.snapshot().generation != old_generation, timeout=30)
    after = assistant.snapshot()
    # The request that took the old snapshot sees only the old index, its retriever and its quiz.
    assert (
        before.index.generation == before.retriever.index.generation == before.quiz.index.generation == old_generation
    )
    question = before.quiz.next(None, "written", rng=random.Random(0))
    assert NEW_TERM[0] not in question.scope
    assert after.index.generation == after.retriever.index.generation == after.quiz.index.generation != old_generation
    assert NEW_TERM[0] in after.quiz.next(None, "written").scope
    # An id made on the old generation still means the same term on the new one.
    term = before.quiz.subject(question.id)
    assert after.quiz.subject(question.id) == term
    answer = assistant.ask("What is a bucket?")
    assert answer.index_generation == after.generation
