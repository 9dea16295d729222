"""The Quiz tab: questions on the terms of a topic, graded with cited feedback, progress kept in the browser."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from . import progress as learner
from .conversation import last_user_question
from .errors import SagebotError
from .render import escape

if TYPE_CHECKING:

    from .assistant import Assistant
    from .quiz import Feedback

KIND_LABELS = [("Pick the term", "choice"), ("Explain the term", "written"), ("Study-guide question", "study")]
VERDICT_TITLES = {"correct": "Correct", "partly": "Partly right", "wrong": "Not quite"}


def feedback_markdown(feedback: "Feedback") -> str:
    c = feedback.citation
    lines = [
        f'<div class="sb-verdict sb-{feedback.verdict}">\n\n**{VERDICT_TITLES[feedback.verdict]}.** '
        f"{escape(feedback.explanation)}\n\n</div>",
        f"**Reference:** {escape(feedback.expected)}",
        f"Source: {escape(c['document'])} › {escape(c['section'])} ({escape(c['source'])}:{c['start']}–{c['end']})",
    ]
    if feedback.options:
        lines.append("**Why each option is or is not the answer:**")
        lines.extend(f"- **{escape(o['term'])}** — {escape(o['why'])}" for o in feedback.options)
    if feedback.context:
        x = feedback.context
        lines.append(f"**In context** ({escape(x['document'])} › {escape(x['section'])}):\n\n> {escape(x['quote'])}")
    return "\n\n".join(lines)


def build_quiz_tab(assistant: "Assistant", secret: str) -> dict[str, Any]:
    """Lay out the Quiz tab inside the current Blocks context; returns the components other tabs need."""
    import gradio as gr

    quiz = assistant.quiz
    saved = gr.BrowserState(learner.empty(), storage_key="sagebot-progress", secret=secret)
    current = gr.State(None)  # the question on screen, as a dict
    last = gr.State(None)  # the last check, so "I was right" can count it

    gr.Markdown("Practise the course's glossary terms. Give a topic — or press **Quiz me on this** under a chat "
                "answer — to be asked about the terms of what you just read.")
    with gr.Row():
        topic = gr.Textbox(label="Topic (optional)", placeholder="e.g. security", elem_id="quiz-topic", scale=3,
                           max_length=assistant.settings.max_question_chars)
        kind = gr.Radio(KIND_LABELS, value="choice", label="Question kind", elem_id="quiz-kind", scale=3)
    new = gr.Button("New question", variant="primary", elem_id="quiz-new")
    question = gr.Markdown(elem_id="quiz-question")
    choices = gr.Radio([], label="Your answer", visible=False, elem_id="quiz-choices")
    answer = gr.Textbox(label="Your answer", lines=3, visible=False, elem_id="quiz-answer", max_length=5000)
    check = gr.Button("Check", elem_id="quiz-check", visible=False)
    feedback = gr.Markdown(elem_id="quiz-feedback")
    right = gr.Button("I was right — count it", visible=False, elem_id="quiz-right", size="sm")
    score = gr.Markdown(elem_id="quiz-progress")
    with gr.Row():
        reset = gr.Button("Reset progress", size="sm", elem_id="quiz-reset")
        gr.DownloadButton("Download deck (CSV)", value=_deck_file(assistant, "csv"), size="sm")
        gr.DownloadButton("Download deck (Anki .apkg)", value=_deck_file(assistant, "apkg"), size="sm")

    def ask_next(topic_text: str, kind_value: str, progress: Any, shown: Any) -> tuple[Any, ...]:
        progress = learner.valid(progress)
        exclude = [shown["id"]] if shown else []
        try:
            q = quiz.next(topic_text or None, kind_value, exclude, random.Random(), progress)
        except SagebotError as exc:
            return (None, f"**{escape(str(exc))}**", gr.update(visible=False), gr.update(visible=False),
                    gr.update(visible=False), "", gr.update(visible=False))
        note = f"\n\n_{escape(q.note)}_" if q.note else ""
        return (
            q.to_dict(),
            escape(q.prompt).replace("\n\n", "\n\n> ", 1) if q.kind == "choice" else f"**{escape(q.prompt)}**" + note,
            gr.update(choices=q.choices or [], value=None, visible=q.kind == "choice"),
            gr.update(value="", visible=q.kind != "choice"),
            gr.update(visible=True),
            note.strip() if q.kind == "choice" else "",
            gr.update(visible=False),
        )

    def check_answer(shown: Any, picked: str | None, written: str, progress: Any) -> tuple[Any, ...]:
        if not shown:
            return "Press **New question** first.", progress, learner.summary(progress), gr.update(visible=False), None
        given = picked if shown["kind"] == "choice" else written
        if not (given or "").strip() and shown["kind"] == "choice":
            return "Pick one of the options.", progress, learner.summary(progress), gr.update(visible=False), None
        try:
            result = quiz.check(shown["id"], shown["kind"], given or "")
        except SagebotError as exc:
            return escape(str(exc)), progress, learner.summary(progress), gr.update(visible=False), None
        key = quiz.subject(shown["id"])
        progress = learner.record(progress, key, result.verdict)
        return (feedback_markdown(result), progress, learner.summary(progress),
                gr.update(visible=result.verdict == "partly"), {"key": key})

    def count_as_right(checked: Any, progress: Any) -> tuple[Any, ...]:
        if checked:
            progress = learner.record(progress, checked["key"], "correct")
            progress = {**progress, "answered": progress["answered"] - 1}  # the same answer, counted once
        return progress, learner.summary(progress), gr.update(visible=False)

    def reset_progress() -> tuple[Any, ...]:
        fresh = learner.empty()
        return fresh, learner.summary(fresh)

    outputs = [current, question, choices, answer, check, feedback, right]
    new.click(ask_next, [topic, kind, saved, current], outputs, api_name="quiz_next")
    topic.submit(ask_next, [topic, kind, saved, current], outputs, api_name=False)
    check.click(check_answer, [current, choices, answer, saved], [feedback, saved, score, right, last],
                api_name="quiz_check")
    answer.submit(check_answer, [current, choices, answer, saved], [feedback, saved, score, right, last],
                  api_name=False)
    right.click(count_as_right, [last, saved], [saved, score, right], api_name=False)
    reset.click(reset_progress, None, [saved, score], api_name=False)
    return {"topic": topic, "kind": kind, "saved": saved, "current": current, "score": score,
            "ask_next": ask_next, "outputs": outputs}


def quiz_me_topic(history: list[dict[str, Any]]) -> str:
    return last_user_question(history) or ""


def _deck_file(assistant: "Assistant", suffix: str) -> str:
    import tempfile
    from pathlib import Path

    from . import export

    folder = Path(tempfile.mkdtemp(prefix="sagebot-deck-"))
    path = folder / f"sagebot-glossary.{suffix}"
    if suffix == "csv":
        path.write_text(export.to_csv(assistant.index.terms), encoding="utf-8")
    else:
        export.to_apkg(assistant.index.terms, path)
    return str(path)
