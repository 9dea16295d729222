"""The Quiz tab: questions on the terms of a topic, graded with cited feedback, progress kept in the browser."""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING, Any

from sagebot.answer.conversation import last_user_question
from sagebot.errors import SagebotError
from sagebot.quiz import progress as learner
from sagebot.web.render import NO_API, answered_question, escape

log = logging.getLogger(__name__)

# gr.BrowserState's own encryption key is published in the page's /config, so it protects nothing and is no
# secret: a fixed one keeps a learner's stored progress readable across restarts. What keeps progress honest is
# the server's seal (progress.seal / progress.verified) under the quiz key, which never leaves the server.
STORAGE_KEY = "sagebot-progress-v2"
STORAGE_OBFUSCATION = "sagebot-progress-not-a-secret"

if TYPE_CHECKING:
    from sagebot.assistant import Assistant
    from sagebot.quiz.engine import Feedback

KIND_LABELS = [("Pick the term", "choice"), ("Explain the term", "written"), ("Study-guide question", "study")]
VERDICT_TITLES = {"correct": "Correct", "partly": "Partly right", "wrong": "Not quite"}


def feedback_markdown(feedback: Feedback) -> str:
    c = feedback.citation
    lines = [
        f'<div class="sb-verdict sb-{feedback.verdict}">\n\n**{VERDICT_TITLES[feedback.verdict]}.** '
        f"{escape(feedback.explanation)}\n\n</div>",
        f"**Reference:** {escape(feedback.expected)}",
        f"Source: {escape(c['document'])} › {escape(c['section'])}",  # offsets stay in the API
    ]
    if feedback.options:
        lines.append("**Why each option is or is not the answer:**")
        lines.extend(f"- **{escape(o['term'])}** — {escape(o['why'])}" for o in feedback.options)
    if feedback.context:
        x = feedback.context
        lines.append(f"**In context** ({escape(x['document'])} › {escape(x['section'])}):\n\n> {escape(x['quote'])}")
    return "\n\n".join(lines)


def revealed(feedback: Feedback, kind: str) -> Feedback:
    """The answer shown to a learner who said they don't know: a miss, with everything a verdict shows."""
    import dataclasses

    answer = f"the answer is {feedback.expected}" if kind == "choice" else "the reference is below"
    return dataclasses.replace(
        feedback, verdict="wrong", explanation=f"You didn't know it: {answer}. It comes back soon."
    )


def marked(name: str, expected: str, given: str | None, dont_know: bool) -> str:
    """An option once checked: the answer ✓, a wrong pick ✗."""
    if name == expected:
        return f"✓ {name} — the answer"
    if name == given and not dont_know:
        return f"✗ {name} — your pick"
    return name


def _message(exc: SagebotError) -> str:
    """A learner's mistake is shown as is; the operator's problem (it may name folders) goes to the log."""
    from sagebot.quiz.engine import QuizError

    if isinstance(exc, QuizError):
        return str(exc)
    log.error("Quiz unavailable: %s", exc)
    return "The quiz is not available right now; the server log says why."


def build_quiz_tab(assistant: Assistant) -> dict[str, Any]:
    """Lay out the Quiz tab inside the current Blocks context; returns the components other tabs need. Every
    event takes the quiz of the current index snapshot once, so a rebuilt index is used at once."""
    import gradio as gr

    saved = gr.BrowserState(learner.empty(), storage_key=STORAGE_KEY, secret=STORAGE_OBFUSCATION)

    def trusted(progress: Any) -> dict[str, Any]:
        """The browser's progress if this server sealed it, else fresh progress."""
        return learner.verified(progress, assistant.quiz_key())

    def sealed(progress: dict[str, Any]) -> dict[str, Any]:
        return learner.seal(progress, assistant.quiz_key())

    def summary(progress: Any) -> str:
        try:
            return learner.summary(trusted(progress))
        except SagebotError as exc:
            return _message(exc)

    current = gr.State(None)  # the question on screen, as a dict
    last = gr.State(None)  # the last check, so "I was right" can count it

    gr.Markdown(
        "Practise the course's glossary terms. Give a topic — or press **Quiz me on this** under a chat "
        "answer — to be asked about the terms of what you just read." + assistant.glossary_note()
    )
    with gr.Row():
        topic = gr.Textbox(
            label="Topic (optional)",
            placeholder="e.g. security",
            elem_id="quiz-topic",
            scale=3,
            max_length=assistant.settings.max_question_chars,
        )
        kind = gr.Radio(KIND_LABELS, value="choice", label="Question kind", elem_id="quiz-kind", scale=3)
    new = gr.Button("New question", variant="primary", elem_id="quiz-new")
    question = gr.Markdown(elem_id="quiz-question")
    choices = gr.Radio([], label="Your answer", visible=False, elem_id="quiz-choices")
    answer = gr.Textbox(label="Your answer", lines=3, visible=False, elem_id="quiz-answer", max_length=5000)
    with gr.Row():
        check = gr.Button("Check", elem_id="quiz-check", visible=False)
        dont_know = gr.Button("I don't know", elem_id="quiz-dont-know", visible=False)
    feedback = gr.Markdown(elem_id="quiz-feedback")
    right = gr.Button("I was right — count it", visible=False, elem_id="quiz-right", size="sm")
    score = gr.Markdown(elem_id="quiz-progress")
    with gr.Row():
        reset = gr.Button("Reset progress", size="sm", elem_id="quiz-reset")
        # Plain links to the server's deck route (relative, so they work under /embed/ and a path prefix):
        # Gradio's file route stays closed, and the deck is made from the index in use.
        gr.HTML(
            '<a class="sb-deck" href="deck/sagebot-glossary-basic.csv" download>Download deck (term, definition CSV:'
            " Quizlet, Anki)</a> "
            '<a class="sb-deck" href="deck/sagebot-glossary.apkg" download>Download deck (Anki .apkg)</a> '
            '<a class="sb-deck" href="deck/sagebot-glossary.csv" download>Full CSV (with sources)</a>',
            elem_id="quiz-decks",
        )

    def ask_next(topic_text: str, kind_value: str, progress: Any, shown: Any) -> tuple[Any, ...]:
        """The scheduler's next question; the progress notes it as the one a check may count."""
        exclude = [shown["id"]] if isinstance(shown, dict) and isinstance(shown.get("id"), str) else []
        try:
            quiz = assistant.quiz
            mine = trusted(progress)
            q = quiz.next(topic_text or None, kind_value, exclude, random.Random(), mine)
            stored = sealed(learner.handed_out(mine, q.id, quiz.subject(q.id)))
        except SagebotError as exc:
            hidden = gr.update(visible=False)
            return (None, f"**{escape(_message(exc))}**", hidden, hidden, hidden, "", hidden, progress, hidden)
        note = f"\n\n_{escape(q.note)}_" if q.note else ""
        return (
            {**q.to_dict(), "checked": False},
            escape(q.prompt).replace("\n\n", "\n\n> ", 1) if q.kind == "choice" else f"**{escape(q.prompt)}**" + note,
            gr.update(choices=q.choices or [], value=None, visible=q.kind == "choice", interactive=True),
            gr.update(value="", visible=q.kind != "choice", interactive=True),
            gr.update(visible=True),
            note.strip() if q.kind == "choice" else "",
            gr.update(visible=False),
            stored,
            gr.update(visible=True),
        )

    def check_answer(
        shown: Any, picked: str | None, written: str, stored: Any, dont_know: bool = False
    ) -> tuple[Any, ...]:
        """Grade once: a checked question is locked (one verdict, one score change; the progress counts only
        the question it was handed, see progress.counts). "I don't know" reveals the answer as a miss."""
        keep = gr.update()
        try:
            progress = trusted(stored)
        except SagebotError as exc:
            return escape(_message(exc)), stored, "", gr.update(visible=False), None, shown, keep, keep, keep, keep
        if not shown:
            return ("Press **New question** first.", stored, learner.summary(progress), keep, None, shown) + (keep,) * 4
        if shown.get("checked"):  # locked: the same verdict, nothing counted again
            return (shown.get("feedback", ""), stored, learner.summary(progress), keep, keep, shown) + (keep,) * 4
        kind = shown["kind"]
        given = picked if kind == "choice" else written
        if not dont_know and not (given or "").strip() and kind == "choice":
            return ("Pick one of the options.", stored, learner.summary(progress), keep, None, shown) + (keep,) * 4
        try:
            quiz = assistant.quiz  # one snapshot for the check and the subject
            key = quiz.subject(shown["id"])
            if dont_know:
                result = revealed(quiz.check(shown["id"], kind, key if kind == "choice" else "I don't know"), kind)
            else:
                result = quiz.check(shown["id"], kind, given or "")
        except SagebotError as exc:
            return (escape(_message(exc)), stored, learner.summary(progress), keep, None, shown) + (keep,) * 4
        counted = learner.counts(progress, shown["id"])
        after = learner.record(progress, key, result.verdict, question_id=shown["id"])
        text = feedback_markdown(result) + ("" if counted else "\n\n_Already answered: not counted again._")
        # Kept in server-side state: "I was right" may turn this one partly-right answer into a right one.
        checked = (
            {"key": key, "id": shown["id"], "before": progress} if result.verdict == "partly" and counted else None
        )
        options = [(marked(name, result.expected, given, dont_know), name) for name in shown.get("choices") or []]
        hidden = gr.update(visible=False)
        return (
            text,
            sealed(after) if counted else stored,
            learner.summary(after),
            gr.update(visible=checked is not None),
            checked,
            {**shown, "checked": True, "feedback": text},
            gr.update(
                choices=options, value=given if given in (shown.get("choices") or []) else None, interactive=False
            )
            if kind == "choice"
            else keep,
            gr.update(interactive=False) if kind != "choice" else keep,
            hidden,
            hidden,
        )

    def count_as_right(checked: Any, stored: Any) -> tuple[Any, ...]:
        """Recount the last partly-right answer as right, from the progress before it was checked (held on the
        server), once; whatever the browser sends is not counted on."""
        if not checked:
            return stored, gr.update(), gr.update(visible=False), None
        progress = learner.record(checked["before"], checked["key"], "correct", question_id=checked["id"])
        try:
            return sealed(progress), learner.summary(progress), gr.update(visible=False), None
        except SagebotError as exc:
            return stored, _message(exc), gr.update(visible=False), None

    def reset_progress() -> tuple[Any, ...]:
        fresh = learner.empty()
        try:
            return sealed(fresh), learner.summary(fresh)
        except SagebotError as exc:
            return fresh, _message(exc)

    outputs = [current, question, choices, answer, check, feedback, right, saved, dont_know]
    new.click(ask_next, [topic, kind, saved, current], outputs, api_name="quiz_next")
    topic.submit(ask_next, [topic, kind, saved, current], outputs, api_name=NO_API)
    checked_outputs = [feedback, saved, score, right, last, current, choices, answer, check, dont_know]
    check.click(check_answer, [current, choices, answer, saved], checked_outputs, api_name="quiz_check")
    answer.submit(check_answer, [current, choices, answer, saved], checked_outputs, api_name=NO_API)
    dont_know.click(
        lambda shown, stored: check_answer(shown, None, "", stored, dont_know=True),
        [current, saved],
        checked_outputs,
        api_name=NO_API,
    )
    right.click(count_as_right, [last, saved], [saved, score, right, last], api_name=NO_API)  # counted once
    reset.click(reset_progress, None, [saved, score], api_name=NO_API)
    # "summary": the score of the stored progress, shown only when this server sealed it (for the tab's select).
    return {
        "topic": topic,
        "kind": kind,
        "saved": saved,
        "current": current,
        "score": score,
        "ask_next": ask_next,
        "outputs": outputs,
        "summary": summary,
        "check_answer": check_answer,
        "count_as_right": count_as_right,
    }


def quiz_me_topic(history: list[dict[str, Any]]) -> str:
    """What "Quiz me on this" quizzes on: the question the last answer answered (as resolved from the
    conversation), else the last question asked; "" for an empty chat."""
    for message in reversed(history or []):
        if message.get("role") == "assistant":
            resolved = answered_question(message.get("content", ""))
            if resolved:
                return resolved
            break
    return last_user_question(history) or ""
