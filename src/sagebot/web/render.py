"""Answers as Markdown for the chat: every piece of document or user text escaped, quotes highlighted.

The chat renders Markdown through a sanitiser; escaping here keeps the documents' own characters
(`*`, `#`, `<`, `|` ...) from being read as formatting, so a passage reads exactly as in the file.
"""

from __future__ import annotations

import html
import re
from typing import Any

from sagebot.answer.compose import Answer, Citation
from sagebot.text import display_unit

# An event the page triggers that gets no API route. Gradio 6 takes False here, though its hints say str | None.
NO_API: Any = False

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def answer_sentences(answer: Answer) -> list[str]:
    """The answer's sentences as Markdown, each followed by its citation marker."""
    return [f"{escape(display_unit(c.quote))} **\\[{c.n}\\]**" for c in answer.citations]


def _passage_lines(text: str) -> str:
    paragraphs = [" ".join(p.replace("\t", " — ").split()) for p in re.split(r"\n\s*\n|\n", text)]
    return "\n>\n".join(f"> {p}" for p in paragraphs if p)


def citation_markdown(citation: Citation, context: int = 280) -> str:
    """One source: where it is, its score, and the passage around the quoted sentence, the quote highlighted."""
    offset = citation.start - citation.passage_start
    before = citation.text[:offset]
    after = citation.text[offset + len(citation.quote) :]
    if len(before) > context:
        before = "…" + before[-context:].split(" ", 1)[-1]
    if len(after) > context:
        after = after[:context].rsplit(" ", 1)[0] + "…"
    marked = f"{escape(before)}<mark>{escape(citation.quote)}</mark>{escape(after)}"
    place = " › ".join(escape(p) for p in (citation.document, citation.section) if p)
    where = f"{escape(citation.source)}:{citation.start}–{citation.end}"
    return f"**\\[{citation.n}\\] {place}**  \nscore {citation.score:.2f} · {where}\n\n{_passage_lines(marked)}"


def sources_markdown(answer: Answer) -> str:
    body = "\n\n---\n\n".join(citation_markdown(c) for c in answer.citations)
    return f'<div class="sb-sources">\n\n**Sources**\n\n{body}\n\n</div>'


def refusal_markdown(answer: Answer) -> str:
    reason = f" ({escape(answer.refusal_reason)})" if answer.refusal_reason else ""
    lines = [
        '<div class="sb-refusal">\n',
        "**Not in the course documents**",
        f"I can't answer this from them{reason}, and I won't guess.",
    ]
    if answer.suggestions:
        lines.append("Questions the course does answer:")
    lines.append("\n</div>")
    return "\n\n".join(lines)
