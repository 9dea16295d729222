"""The learner's chat page: a Gradio app over the Assistant. It only routes what the Assistant returns."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sagebot.errors import InvalidQuestionError
from sagebot.web.quiz_tab import build_quiz_tab, quiz_me_topic
from sagebot.web.render import NO_API, answer_sentences, escape, refusal_markdown, sources_markdown

if TYPE_CHECKING:
    import gradio as gr

    from sagebot.assistant import Assistant

CSS = """
.gradio-container { max-width: 980px !important; margin: 0 auto; }
#chat mark { background: #fde68a; color: #111; padding: 0 2px; border-radius: 3px; }
.dark #chat mark { background: #facc15; color: #111; }
#chat .sb-sources { font-size: 0.92em; }
#chat [data-testid="user"] img { display: none; }
#chat .sb-sources blockquote { margin: 0.4em 0; }
#chat .sb-refusal, #chat .sb-notice { border-left: 4px solid #d97706; padding-left: 0.75em; }
.sb-verdict { border-left: 4px solid; padding-left: 0.75em; }
#quiz-decks .sb-deck { display: inline-block; margin: 0 0.5em 0.5em 0; padding: 4px 10px; border-radius: 6px;
  border: 1px solid var(--border-color-primary); font-size: 0.9em; text-decoration: none; color: inherit; }
.sb-correct { border-color: #16a34a; } .sb-partly { border-color: #d97706; } .sb-wrong { border-color: #dc2626; }
@media (max-width: 480px) { .gradio-container { padding: 4px !important; } h1 { font-size: 1.3rem; } }
footer { display: none !important; }
"""


def chat_function(assistant: Assistant):
    import gradio as gr

    def chat(message: str, history: list[dict[str, Any]]) -> Iterator[Any]:
        try:
            answer = assistant.ask(message, history)
        except InvalidQuestionError as exc:
            yield gr.ChatMessage(
                content=f'<div class="sb-notice">\n\n**Please rephrase.** {escape(str(exc))}\n\n</div>'
            )
            return
        if not answer.grounded:
            yield gr.ChatMessage(
                content=refusal_markdown(answer),
                options=[{"value": s, "label": s} for s in answer.suggestions],
            )
            return
        shown = ""
        for sentence in answer_sentences(answer):  # stream the answer a sentence at a time
            shown = f"{shown} {sentence}".strip()
            yield shown
        yield [
            gr.ChatMessage(content=shown),
            gr.ChatMessage(content=sources_markdown(answer)),
        ]

    return chat


def build_ui(assistant: Assistant, compact: bool = False) -> gr.Blocks:
    """The full page, or (compact) the embed view: no header, a chat sized for a 400×600 box."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    settings = assistant.settings
    with gr.Blocks(title="sagebot — ask the course", analytics_enabled=False) as demo:
        if not compact:
            gr.Markdown(
                "# Ask the course\nAnswers are quoted from the course documents, each sentence with its source. "
                "If the documents don't cover a question, sagebot says so."
            )
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat-tab"):
                chatbot = gr.Chatbot(
                    elem_id="chat",
                    label="Course chat",
                    buttons=["copy", "copy_all"],
                    height="calc(100vh - 190px)" if compact else "min(68vh, 640px)",
                    placeholder="Ask a question about the course, or pick an example below.",
                    group_consecutive_messages=False,
                )
                textbox = gr.Textbox(
                    elem_id="question",
                    label="Your question",
                    placeholder="e.g. Where does SageMaker keep its algorithm containers?",
                    max_length=settings.max_question_chars,
                    lines=1,
                    max_lines=6,
                    submit_btn="Ask",
                    autofocus=True,
                )
                gr.ChatInterface(
                    chat_function(assistant),
                    chatbot=chatbot,
                    textbox=textbox,
                    examples=assistant.example_questions(4),
                    examples_label="Try asking",
                    api_name="chat",
                    fill_height=False,
                    autofocus=True,
                )
                quiz_me = gr.Button("Quiz me on this", size="sm", elem_id="quiz-me")
            with gr.Tab("Quiz", id="quiz-tab") as quiz_tab:
                quiz = build_quiz_tab(assistant)

        def quiz_me_on_this(history: list[dict[str, Any]], kind: str, saved: Any, shown: Any) -> tuple[Any, ...]:
            topic = quiz_me_topic(history)
            return (topic, gr.Tabs(selected="quiz-tab"), *quiz["ask_next"](topic, kind, saved, shown))

        quiz_me.click(
            quiz_me_on_this,
            [chatbot, quiz["kind"], quiz["saved"], quiz["current"]],
            [quiz["topic"], tabs, *quiz["outputs"]],
            api_name=NO_API,
        )
        # The stored progress is restored in the browser after page load; show it when the tab opens.
        quiz_tab.select(quiz["summary"], quiz["saved"], quiz["score"], api_name=NO_API)
    return demo
