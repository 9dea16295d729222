"""The learner's chat page: a Gradio app over the Assistant. It only routes what the Assistant returns."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sagebot.answer.conversation import history_text
from sagebot.errors import InvalidQuestionError
from sagebot.web.quiz_tab import build_quiz_tab, quiz_me_topic
from sagebot.web.render import NO_API, answer_pieces, conversation, message_html, notice_html, refusal_html

if TYPE_CHECKING:
    import gradio as gr

    from sagebot.assistant import Assistant

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
CSS = """
.gradio-container { max-width: 980px !important; margin: 0 auto; }
#chat .bubble-wrap { padding-top: 44px; }
#chat mark { background: #fde68a; color: #111; padding: 0 2px; border-radius: 3px; }
.dark #chat mark { background: #facc15; color: #111; }
#chat [data-testid="user"] img { display: none; }
#chat .sb-answer p { margin: 0 0 0.5em; }
#chat .sb-resolved { font-size: 0.85em; opacity: 0.8; font-style: italic; }
#chat a.sb-cite { font-weight: 600; color: inherit; text-decoration: underline dotted; text-underline-offset: 3px;
  padding: 0 1px; border-radius: 3px; }
#chat a.sb-cite:hover, #chat a.sb-cite:focus-visible { text-decoration: underline solid; }
#chat .sb-sources { margin-top: 0.6em; font-size: 0.88em; }
#chat .sb-sources-title { margin: 0 0 0.3em; font-weight: 600; }
#chat details.sb-card { border: 1px solid var(--border-color-primary); border-radius: 6px; margin: 0 0 0.35em; }
#chat details.sb-card > summary { cursor: pointer; padding: 0.3em 0.5em; list-style-position: inside; }
#chat details.sb-card:not([open]) .sb-quote { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical;
  overflow: hidden; }
#chat .sb-quote { display: block; margin-top: 0.1em; }
#chat details.sb-card[open] .sb-quote { display: none; }
#chat .sb-n { font-weight: 600; }
#chat .sb-where { font-weight: 600; }
#chat .sb-passage { margin: 0 0.5em 0.5em; padding-left: 0.6em; border-left: 3px solid var(--border-color-primary); }
#chat .sb-refusal, #chat .sb-notice { border-left: 4px solid #d97706; padding-left: 0.75em; }
.sb-verdict { border-left: 4px solid; padding-left: 0.75em; }
#quiz-decks .sb-deck { display: inline-block; margin: 0 0.5em 0.5em 0; padding: 4px 10px; border-radius: 6px;
  border: 1px solid var(--border-color-primary); font-size: 0.9em; text-decoration: none; color: inherit; }
.sb-correct { border-color: #16a34a; } .sb-partly { border-color: #d97706; } .sb-wrong { border-color: #dc2626; }
@media (max-width: 480px) { .gradio-container { padding: 4px !important; } h1 { font-size: 1.3rem; }
  #chat .message-row.bot-row { max-width: 100%; margin-left: 4px; margin-right: 4px; }
  #chat .message-row.user-row { margin-right: 4px; } }
footer { display: none !important; }
.dark .gradio-container { --color-accent: var(--primary-400); }  /* the accent as text on dark: 4.5:1 */
#sb-heading { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
"""


CHAT_KEY = "sagebot-chat-v1"
CHAT_OBFUSCATION = "sagebot-chat-not-a-secret"  # gr.BrowserState publishes its key; nothing here is secret
EMPTY_CHAT = "Ask a question in the chat first: **Quiz me on this** quizzes you on what the last answer was about."


def theme() -> Any:
    """Gradio's default look with one font family that has all its weights: the system's own."""
    import gradio as gr

    base = gr.themes.Default(font=[FONT], font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"])
    return base.set(  # text on the accent colour and the accent as text both reach 4.5:1 (axe: color-contrast)
        color_accent="*primary_700",
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
        button_primary_background_fill_dark="*primary_700",
        button_primary_background_fill_hover_dark="*primary_800",
        button_primary_text_color_dark="white",
    )


def chat_function(assistant: Assistant):
    """The chat: yields (reply, conversation to keep in the browser) — the conversation rides along with the
    reply, so keeping it costs no extra event."""
    import gradio as gr

    limit = assistant.settings.max_chat_history_messages

    def kept(history: list[dict[str, Any]], message: str, reply: str) -> list[dict[str, str]]:
        turns = [{"role": m.get("role", ""), "content": history_text(m.get("content", ""))} for m in history]
        turns += [{"role": "user", "content": message}, {"role": "assistant", "content": reply}]
        return [t for t in turns if t["role"] in ("user", "assistant")][-limit:]

    def chat(message: str, history: list[dict[str, Any]]) -> Iterator[Any]:
        try:
            answer = assistant.ask(message, conversation(history))
        except InvalidQuestionError as exc:
            notice = notice_html(str(exc))
            yield gr.ChatMessage(content=notice), kept(history, message, notice)
            return
        if not answer.grounded:
            refusal = refusal_html(answer)
            options: list[Any] = [{"value": s, "label": s} for s in answer.suggestions]
            yield gr.ChatMessage(content=refusal, options=options), kept(history, message, refusal)
            return
        shown = ""
        for piece in answer_pieces(answer):  # stream the answer a quote at a time, then add its sources
            shown += piece
            yield message_html(answer, shown), gr.update()
        final = message_html(answer)
        yield final, kept(history, message, final)

    return chat


def build_ui(assistant: Assistant, compact: bool = False) -> gr.Blocks:
    """The full page, or (compact) the embed view: no header, a chat sized for a 400×600 box."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr

    settings = assistant.settings
    with gr.Blocks(title="sagebot — ask the course", analytics_enabled=False) as demo:
        if compact:  # a heading for screen readers; the panel around it already says what this is
            gr.HTML("<h1>Ask the course</h1>", padding=False, elem_id="sb-heading")
        else:
            gr.Markdown(
                "# Ask the course\nAnswers are quoted from the course documents, each sentence with its source. "
                "If the documents don't cover a question, sagebot says so."
            )
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat-tab"):
                chatbot = gr.Chatbot(
                    elem_id="chat",
                    label="Course chat",
                    show_label=False,  # a floating label would sit over the first message
                    autoscroll=False,  # the page scrolls to the start of each new answer (page_js)
                    latex_delimiters=[],
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
                # The conversation survives a reload and the next lesson page where the browser keeps storage
                # (in a frame with storage blocked it lives only as long as the page: page_js).
                kept = gr.BrowserState([], storage_key=CHAT_KEY, secret=CHAT_OBFUSCATION)
                gr.ChatInterface(
                    chat_function(assistant),
                    chatbot=chatbot,
                    textbox=textbox,
                    examples=assistant.example_questions(4),
                    examples_label="Try asking",
                    api_name="chat",
                    additional_outputs=[kept],
                    fill_height=False,
                    autofocus=True,
                )
                quiz_me = gr.Button("Quiz me on this", size="sm", elem_id="quiz-me")
                quiz_me_note = gr.Markdown(elem_id="quiz-me-note")
            with gr.Tab("Quiz", id="quiz-tab") as quiz_tab:
                quiz = build_quiz_tab(assistant)

        def quiz_me_on_this(history: list[dict[str, Any]], kind: str, saved: Any, shown: Any) -> tuple[Any, ...]:
            topic = quiz_me_topic(history)
            if not topic:  # never the whole glossary by surprise
                unchanged = [gr.update() for _ in quiz["outputs"]]
                return (gr.update(), gr.update(), EMPTY_CHAT, *unchanged)
            return (topic, gr.Tabs(selected="quiz-tab"), "", *quiz["ask_next"](topic, kind, saved, shown))

        quiz_me.click(
            quiz_me_on_this,
            [chatbot, quiz["kind"], quiz["saved"], quiz["current"]],
            [quiz["topic"], tabs, quiz_me_note, *quiz["outputs"]],
            api_name=NO_API,
        )
        limit = settings.max_chat_history_messages
        demo.load(lambda stored: stored[-limit:] if isinstance(stored, list) else [], kept, chatbot, api_name=NO_API)
        chatbot.clear(lambda: [], None, kept, api_name=NO_API)
        # The stored progress is restored in the browser after page load; show it when the tab opens.
        quiz_tab.select(quiz["summary"], quiz["saved"], quiz["score"], api_name=NO_API)
    return demo
