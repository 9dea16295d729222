"""What a learner sees of a quoted sentence: Markdown, HTML and template markup taken out, plain text untouched.

A citation's `quote` stays the exact slice of the source file; `display` (through `text.display_unit`) is the
same words without the markup around them: `\\.` → `.`, `**x**` → x, `` `code` `` → code, `[text](url)` → text,
images dropped (their alt text kept when it says something), pandoc `:::` fences, `{#id .class}` attribute
blocks, Liquid `{% … %}` / `{{ … }}` tags, HTML comments, tags and entities removed.
"""

from __future__ import annotations

import html
import re

_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation (CommonMark escapes)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_IMAGE = re.compile(  # with a Pandoc attribute block after it: ![](fig/a.svg){alt='A diagram of…' width="40%"}
    r"!\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)(?:\{[^{}]{0,2000}\})?|!\[([^\]\n]*)\]\[[^\]\n]*\]"
)
LINK = re.compile(r"\[([^\]]{1,500})\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)|\[([^\]\n]+)\]\[[^\]\n]*\]")
_SPAN_ATTRS = re.compile(r"\[([^\]\n]+)\]\{[^}\n]*\}")  # pandoc [term]{#id}
_ATTRS = re.compile(r"\s*\{:?\s*[#.][^}\n]*\}|\s*\{:[^}\n]*\}")  # {#id .class}, kramdown {: .callout}
_FENCE = re.compile(r"(?m)^\s*:{3,}.*$|:{3,}\s*[\w-]*")
_DEF_MARK = re.compile(r"[ \t]*\n[ \t>]*[:~][ \t]+")  # a definition list's `:   ` on the line after the term
_QUOTE_MARK = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s+[^<>]*?)?/?>")
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "table",
        "ul",
        "ol",
        "dl",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
    ]
)
_TERM_THEN_DEFINITION = re.compile(r"</dt>\s*<dd(?:\s[^<>]*)?>", re.I)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A MyST/Sphinx role: {func}`click.echo`, {ref}`the testing guide <testing>`, {attr}`~Context.params`
_ROLE = re.compile(r"(?<![`\w$])\{[a-z][\w:.-]*\}`([^`\n]+)`")
_TITLED = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)  # "the testing guide <testing>"
_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_STRONG = re.compile(r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])|(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])", re.S)
# "**Minimize the package\\. ** This will…" (the AWS guides): a closing mark after a sentence's stop and a space
# closes the bold; cut at the stop, the unit after it opens with the mark, the one before with an unclosed one.
_SPACED_CLOSE = re.compile(r"(?<=\.) +\*\*(?=\s|$)")
_STRAY_STRONG = re.compile(r"^\*\*\s+|^\*\*(?=\w)(?!.*\*\*)", re.S)
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])", re.S
)
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~", re.S)
_MEANINGLESS_ALT = re.compile(r"^(?:image|img|picture|photo|figure|fig\.?|screenshot|logo|icon|diagram)?\s*\d*$", re.I)
_MARKUP_HINT = re.compile(r"[\\`*_~\[\]<>&{}:]")


def strip_markup(text: str) -> str:
    """The words of `text` without Markdown, HTML or template markup. Text without markup is returned as is."""
    if not _MARKUP_HINT.search(text):
        return text
    codes: list[str] = []

    def keep_code(match: re.Match[str]) -> str:  # code spans are literal: nothing inside them is markup
        codes.append(match.group(2).strip())
        return f"\x00{len(codes) - 1}\x00"

    text = _ROLE.sub(_role_text, text)
    text = _CODE.sub(keep_code, text)
    text = _COMMENT.sub("", text)
    text = _LIQUID.sub("", text)
    text = _IMAGE.sub(lambda m: _alt(m.group(1) or m.group(2) or ""), text)
    text = _SPAN_ATTRS.sub(r"\1", text)
    for _ in range(2):  # a link inside emphasis, or emphasis inside a link text
        text = LINK.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _ATTRS.sub("", text)
    text = _FENCE.sub("", text)
    text = _DEF_MARK.sub(": ", text)
    text = _QUOTE_MARK.sub("", text)
    text = _TERM_THEN_DEFINITION.sub(": ", text)
    text = _TAG.sub(lambda m: " " if m.group(1).lower() in _BLOCK_TAGS else "", text)
    text = _SPACED_CLOSE.sub("**", text)
    for _ in range(2):
        text = _STRONG.sub(lambda m: m.group(1) or m.group(2) or "", text)
        text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _STRAY_STRONG.sub("", text)
    text = _STRIKE.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    if _ENTITY.search(text):
        text = html.unescape(text)
    return re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], text)


def _role_text(match: re.Match[str]) -> str:
    """What a role shows: its title ("the testing guide"), or its target as code (`Context.params`)."""
    inner = match.group(1).strip()
    titled = _TITLED.match(inner)
    if titled and titled.group(1).strip():
        return titled.group(1).strip()
    name = (titled.group(2) if titled else inner).strip().lstrip("!")
    return f"`{name.lstrip('~').rsplit('.', 1)[-1] if name.startswith('~') else name}`"


def _alt(alt: str) -> str:
    alt = alt.strip()
    return "" if _MEANINGLESS_ALT.match(alt) else alt


_PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")


def pipe_cells(line: str) -> list[str] | None:
    """The cells of a Markdown table row `| a | b |` (escaped pipes kept inside a cell), or None."""
    match = _PIPE_ROW.match(line)
    if not match:
        return None
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", match.group(1))]


PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")  # "|---|:---:|" under a header


def _cells(line: str) -> list[str]:
    cells = pipe_cells(line)
    return cells if cells is not None else [c.strip() for c in line.split("\t")] if "\t" in line else []


def row_with_header(passage: str, row_start: int, row_end: int, first_line_is_header: bool = False) -> str | None:
    """A table row of three or more cells as a learner can read it on its own: its first cell, then each other cell
    under its column's name, from the table's header row ("Time to Value — Unmanaged Services (e.g., EC2): Slower…;
    Managed Services (e.g., SageMaker, RDS): Faster…"). None when the header is not in the passage or a cell or a
    column's name is empty. `first_line_is_header`: the passage opens on the table's header row (a Markdown header
    is known by the rule under it; a tab-separated one only by the caller)."""
    cells = [" ".join(strip_markup(c).split()) for c in _cells(passage[row_start:row_end].strip())]
    if len(cells) < 3 or not cells[0]:
        return None
    line_start = passage.rfind("\n", 0, row_start) + 1  # an indented row starts after its indentation
    above = passage[:line_start].split("\n")[:-1]
    header: list[str] = []
    for at in range(len(above) - 1, -1, -1):  # the table's first line: the topmost of the lines with as many cells
        ruled = bool(PIPE_RULE.match(above[at]))
        if at == 0 and ruled:
            return None  # the passage starts inside the table
        if ruled:
            continue
        found = _cells(above[at].strip())
        if len(found) != len(cells):
            break
        if at == 0 and not (first_line_is_header or (len(above) > 1 and PIPE_RULE.match(above[1]))):
            return None  # the passage starts inside the table: its first line here may be any row
        header = [" ".join(strip_markup(c).split()) for c in found]
    if not header or not all(header[1:]):
        return None
    named = "; ".join(f"{name}: {cell}" for name, cell in zip(header[1:], cells[1:]) if cell)
    return f"{cells[0]} — {named}" if named else None
