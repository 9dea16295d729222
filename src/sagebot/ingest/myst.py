"""MyST (Sphinx's Markdown) directives that hold prose: ```{note} … ```, ```{warning}``, ```{versionadded} 2.0```.

A parser reads them as code fences, so what they say would be quoted as raw code. They are rewritten as fenced divs
(`::: note`) of the same length, line for line, so every span read from the rewritten text is the same span of the
original. Directives that hold code or configuration ({eval-rst}, {code-block}, {toctree}…) stay fences."""

from __future__ import annotations

import bisect
import re

PROSE_DIRECTIVES = (
    "note|warning|tip|hint|important|caution|attention|danger|error|seealso|admonition|versionadded|"
    "versionchanged|deprecated|todo|aside|sidebar|topic"
)
_OPENING = re.compile(rf"^([ \t]*)(`{{3,}}|~{{3,}})\{{({PROSE_DIRECTIVES})\}}([^\n]*)$", re.M)
# Python-Markdown / MkDocs admonitions: "!!! note" or '??? tip "Title"' over the indented lines they hold
ADMONITION = re.compile(r"[ \t]*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+\"[^\"\n]*\")?[ \t]*$")
_OPTION = re.compile(r"^[ \t]*:[\w-]+:")
_BARE_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*$")  # a fence with no info string: a closing one


def directives_as_divs(text: str) -> str:
    """The text with each prose directive's fences rewritten as `:::` div fences of the same length, and the
    `:option: value` lines right after its opening blanked."""
    if "{" not in text:
        return text
    lines = text.split("\n")
    fences = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _BARE_FENCE.match(line))]
    at = 0
    while at < len(lines):
        opening = _OPENING.match(lines[at])
        if not opening:
            at += 1
            continue
        indent, fence, name, argument = opening.groups()
        colons = ":" * max(3, len(fence))
        after = bisect.bisect_right(fences, (at, "\uffff"))
        end = next(
            (
                i
                for i, bare in (fences[j] for j in range(after, len(fences)))
                if bare[0] == fence[0] and len(bare) >= len(fence)
            ),
            None,
        )
        if end is None:
            at += 1
            continue
        label = argument.strip() if name == "admonition" and argument.strip() else f"{name} {argument.strip()}"
        lines[at] = _padded(f"{indent}{colons} {label.strip()}", lines[at])
        option = at + 1
        if option < end and lines[option].strip() == "---":  # options as a YAML block between "---" lines
            closing_options = next((i for i in range(option + 1, end) if lines[i].strip() == "---"), None)
            for i in range(option, (closing_options if closing_options is not None else option - 1) + 1):
                lines[i] = " " * len(lines[i])
        while option < end and _OPTION.match(lines[option]):
            lines[option] = " " * len(lines[option])
            option += 1
        lines[end] = _padded(f"{indent}{colons}", lines[end])
        at += 1  # what it holds is read in turn: a directive may hold another
    return "\n".join(lines)


def _padded(new: str, old: str) -> str:
    return new + " " * (len(old) - len(new)) if len(new) <= len(old) else old


_NOT_PROSE_LINE = re.compile(r"[ \t]*(?:```|~~~|[-*+] |\d+[.)] |>>> |\$ |\||#)")


def admonition_paragraphs(lines: list[str], first: int, last: int) -> list[tuple[int, int]]:
    """The paragraphs (line ranges) of an indented block a parser read as code that is the text of an admonition
    ('??? tip "What is uv.lock?"', a blank line, then the tip indented under it; or a note's second paragraph), or
    none when the block is not one or holds code, a list or a table, which stay as the parser read them."""
    above = first - 1
    while above >= 0 and (not lines[above].strip() or lines[above].startswith(("    ", "\t"))):
        if ADMONITION.fullmatch(lines[above]):
            break
        above -= 1
    if (
        above < 0
        or not ADMONITION.fullmatch(lines[above])
        or any(_NOT_PROSE_LINE.match(line) for line in lines[first:last])
    ):
        return []
    paragraphs: list[tuple[int, int]] = []
    start = None
    for at in range(first, last + 1):
        blank = at == last or not lines[at].strip()
        if not blank and start is None:
            start = at
        elif blank and start is not None:
            paragraphs.append((start, at))
            start = None
    return paragraphs
