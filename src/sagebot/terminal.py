"""What the terminal shows: answers with their numbered sources, quiz feedback; and how a stdin line is read."""

from __future__ import annotations

import json
from typing import Any

from sagebot.answer.labels import BOLD_LABEL, label_text


def render_feedback(feedback: Any) -> str:
    c = feedback.citation
    lines = [
        f"  {feedback.verdict.upper()}: {feedback.explanation}",
        f"  Reference: {feedback.expected}",
        f"  Source: {c['document']} › {c['section']} ({c['source']}:{c['start']}-{c['end']})",
    ]
    for option in feedback.options:
        if not option["correct"]:
            lines.append(f"    - {option['why']}")
    if feedback.context:
        lines.append(
            f"  In context ({feedback.context['document']} › {feedback.context['section']}): "
            f"“{feedback.context['quote']}”"
        )
    return "\n".join(lines)


def parse_line(line: str) -> tuple[str, list[dict[str, Any]] | None]:
    stripped = line.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError:
            return stripped, None
        if isinstance(data, dict) and isinstance(data.get("question"), str):
            history = data.get("history")
            return data["question"], history if isinstance(history, list) else None
    return stripped, None


def _unbolded(line: str) -> str:
    """An answer line with its part's label, if any, in plain text."""
    label = BOLD_LABEL.match(line)
    return label_text(label.group(1)) + line[label.end() :] if label else line


def render_answer(answer: Any) -> str:
    import textwrap

    lines = [f"Answering: {answer.resolved_question}", ""] if getattr(answer, "rewritten", False) else []
    parts = [_unbolded(part) for part in answer.answer.split("\n")]
    lines += [textwrap.fill(part, width=100, subsequent_indent="  ") for part in parts]
    if answer.grounded:
        lines.append("")
        lines.append("Sources:")
        for c in answer.citations:
            place = " › ".join(p for p in (c.document, c.section) if p)
            lines.append(f"  [{c.n}] {place}  ({c.source}:{c.start}-{c.end}, score {c.score:.2f})")
            lines.append(
                textwrap.fill(
                    f"“{' '.join((c.display or c.quote).split())}”",
                    width=100,
                    initial_indent="      ",
                    subsequent_indent="      ",
                )
            )
    elif answer.suggestions:
        lines.append("")
        lines.append("Questions the course does answer:")
        lines.extend(f"  - {s}" for s in answer.suggestions)
    return "\n".join(lines)


def build_summary(report: Any) -> Any:
    """What a build read, one row per file: its document titles, passages, code passages, glossary terms and
    warnings; the glossary's origin under it. A rich Table (the caller prints it)."""
    from rich.table import Table

    glossary = (
        "No glossary found; these terms were taken from definitions in the text."
        if report.glossary_derived
        else "No glossary found."
        if not report.terms
        else "Glossary terms come from the documents."
    )
    table = Table(title="What was read", caption=f"{report.terms} glossary terms. {glossary}", title_justify="left")
    for name, justify in (("file", "left"), ("title", "left"), ("passages", "right"), ("code", "right"),
                          ("terms", "right"), ("warnings", "left")):  # fmt: skip
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for doc in report.documents:
        table.add_row(
            doc.source,
            "; ".join(doc.titles),
            str(doc.passages),
            str(doc.code_passages),
            str(doc.terms),
            "; ".join(doc.warnings),
        )
    return table
