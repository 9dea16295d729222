"""Answers as HTML for the chat: the answer first, its sources as compact cards under it.

A chat message is one HTML block (no blank line inside, so the Markdown renderer passes it through untouched
and the sanitiser keeps `<details>` and `<mark>`): every piece of document or user text is
HTML-escaped, so a passage reads exactly as in the file. Scores and character offsets stay in the API.
The sanitiser drops `data-*` and `aria-*`: the page's script (page_js) finds cards by their `[n]` and builds
the plain text the copy buttons give from what is shown. `data-question` stays in the message's own text,
which the server reads back from the history ("Quiz me on this").
"""

from __future__ import annotations

import html
import re
from typing import Any

from sagebot.answer.compose import Answer, Citation
from sagebot.answer.conversation import history_text
from sagebot.answer.labels import BOLD_LABEL, label_text
from sagebot.text import display_unit

# An event the page triggers that gets no API route. Gradio 6 takes False here, though its hints say str | None.
NO_API: Any = False

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_MARKER = re.compile(r"\[(\d{1,3})\]")
_PIECE = re.compile(r".*?\[\d{1,3}\]|.+$", re.S)  # streamed pieces: up to and including each [n]


def escape(text: str) -> str:
    """Text for a Markdown context (the quiz tab): HTML and Markdown characters made literal."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def h(text: str) -> str:
    """Text for an HTML context: no line break (a blank line would end the HTML block), `$` kept literal."""
    return html.escape(text, quote=True).replace("\n", "&#10;").replace("$", "&#36;")


def display(citation: Citation) -> str:
    return citation.display or display_unit(citation.quote)


def answer_text(answer: Answer) -> str:
    """The answer as the learner reads it: its labelled lines, each quote followed by [n]."""
    if answer.answer.strip():
        return answer.answer.strip()
    return " ".join(f"{display(c)} [{c.n}]" for c in answer.citations)


def answer_pieces(answer: Answer) -> list[str]:
    """The answer text cut after each citation marker, to stream it a quote at a time."""
    text = answer_text(answer)
    return [m.group(0) for m in _PIECE.finditer(text) if m.group(0).strip()]


def _line_html(line: str, numbers: set[int]) -> str:
    """One line of answer text: `**label**` bold (plain text inside), `[n]` a link to source card n."""
    out = []
    pos = 0
    for m in _MARKER.finditer(line):
        n = int(m.group(1))
        if n not in numbers:
            continue
        out.append(_bold(line[pos : m.start()]))
        out.append(f'<a class="sb-cite" href="#">[{n}]</a>')
        pos = m.end()
    out.append(_bold(line[pos:]))
    return "".join(out)


def _bold(text: str) -> str:
    parts = BOLD_LABEL.split(text)  # odd items are the labels, written with their marks escaped
    labels = (label_text(p) for p in parts[1::2])
    return "".join(f"<strong>{h(next(labels))}</strong>" if i % 2 else h(p) for i, p in enumerate(parts))


def answer_html(answer: Answer, text: str | None = None) -> str:
    """The answer part of the message (all of it, or the first `text` of it while streaming)."""
    numbers = {c.n for c in answer.citations}
    body = answer_text(answer) if text is None else text
    lines = "".join(f"<p>{_line_html(line, numbers)}</p>" for line in body.splitlines() if line.strip())
    resolved = (
        f'<p class="sb-resolved">Answering: {h(answer.resolved_question)}</p>'
        if answer.rewritten and answer.resolved_question
        else ""
    )
    question = h(answer.resolved_question or answer.question)
    return f'<div class="sb-answer" data-question="{question}">{resolved}{lines}</div>'


def passage_html(citation: Citation, context: int = 280) -> str:
    """The passage around the quoted sentence, the quote (at its offsets) highlighted."""
    offset = citation.start - citation.passage_start
    before = citation.text[:offset]
    after = citation.text[offset + len(citation.quote) :]
    if len(before) > context:
        before = "…" + before[-context:].split(" ", 1)[-1]
    if len(after) > context:
        after = after[:context].rsplit(" ", 1)[0] + "…"

    def lines(text: str) -> str:
        return "<br>".join(h(" ".join(p.replace("\t", " — ").split())) for p in text.split("\n"))

    return f"{lines(before)}<mark>{lines(citation.quote)}</mark>{lines(after)}"


def place(citation: Citation) -> str:
    return " › ".join(p for p in (citation.document, citation.section) if p)


def card_html(citation: Citation) -> str:
    """One source: collapsed, where it is and the quoted sentence; open, the passage with the quote marked."""
    return (
        f'<details class="sb-card"><summary>'
        f'<span class="sb-n">[{citation.n}]</span> <span class="sb-where">{h(place(citation))}</span>'
        f'<span class="sb-quote">“{h(display(citation))}”</span></summary>'
        f'<blockquote class="sb-passage">{passage_html(citation)}</blockquote></details>'
    )


def message_html(answer: Answer, text: str | None = None) -> str:
    """The whole chat message: the answer, then (once complete) its sources, collapsed."""
    sources = ""
    if text is None and answer.citations:
        count = len(answer.citations)
        cards = "".join(card_html(c) for c in answer.citations)
        sources = f'<div class="sb-sources"><p class="sb-sources-title">Sources ({count})</p>{cards}</div>'
    return f'<div class="sb-message">{answer_html(answer, text)}{sources}</div>'


def refusal_html(answer: Answer) -> str:
    """A refusal with its reason and the suggested questions (listed, so they stay readable in old messages;
    the newest refusal also offers them as buttons)."""
    reason = f" ({h(answer.refusal_reason)})" if answer.refusal_reason else ""
    suggestions = ""
    if answer.suggestions:
        items = "".join(f"<li>{h(s)}</li>" for s in answer.suggestions)
        suggestions = f'<p>Questions the course does answer:</p><ul class="sb-suggestions">{items}</ul>'
    return (
        '<div class="sb-message sb-refusal">'
        f"<p><strong>Not in the course documents</strong></p>"
        f"<p>I can't answer this from them{reason}, and I won't guess.</p>{suggestions}</div>"
    )


def notice_html(message: str) -> str:
    return f'<div class="sb-message sb-notice"><p><strong>Please rephrase.</strong> {h(message)}</p></div>'


_QUESTION_ATTR = re.compile(r'class="sb-answer" data-question="([^"]*)"')


def answered_question(content: Any) -> str | None:
    """The question a rendered answer answered (its resolved form), read back from a chat message."""
    m = _QUESTION_ATTR.search(history_text(content))
    return html.unescape(m.group(1)).strip() or None if m else None


_ANSWER_PART = re.compile(r'<div class="sb-answer"[^>]*>(.*?)</div>', re.S)
_RESOLVED_LINE = re.compile(r'<p class="sb-resolved">.*?</p>', re.S)
_SOURCES_PART = re.compile(r'<div class="sb-sources">.*', re.S)
_TAG = re.compile(r"<[^>]+>")


def message_text(content: Any) -> str:
    """A chat message as the conversation reads it: of a rendered answer, only its answer text (not the
    "Answering:" line, not the source cards); other messages as they are."""
    text = history_text(content)
    if 'class="sb-message' not in text:
        return text
    part = _ANSWER_PART.search(text)
    body = _RESOLVED_LINE.sub("", part.group(1)) if part else _SOURCES_PART.sub("", text)
    body = re.sub(r"</p>|<br>|</li>", "\n", body)
    return "\n".join(line.strip() for line in html.unescape(_TAG.sub("", body)).splitlines() if line.strip())


def conversation(history: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The chat's history as the Assistant reads it (role and plain text)."""
    return [{"role": str(m.get("role", "")), "content": message_text(m.get("content", ""))} for m in history or []]
