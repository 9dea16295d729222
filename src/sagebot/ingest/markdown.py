"""Markdown as authors write it, read with a real parser (markdown-it-py and its plugins) into blocks with exact
source spans.

- YAML front matter: its `title` names the document; nothing of it becomes a passage.
- Fenced and indented code blocks become one `code` block each (a `# comment` inside is never a heading).
- Headings are cleaned of HTML anchors (`<a name="x"></a>`) and attribute blocks (`{#id .class}`).
- Pandoc/kramdown fenced divs (`::: callout`) and call-out quotes (`> **Note**`, `> ## Title` … `{: .callout}`)
  are unwrapped: their label (heading, bold lead, or class) is added to the section of what they hold. A MkDocs
  note's `!!! note` line is left out of the note, and the text indented under it is prose even where a blank line
  makes the parser read it as code.
- Liquid/Jekyll tags, kramdown attribute lines and HTML blocks (comments included) are dropped.
- Tables give a header and one row per line; definition lists give `definition` blocks carrying their term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from sagebot.ingest.html_text import definition_spans
from sagebot.ingest.myst import ADMONITION, admonition_paragraphs, directives_as_divs
from sagebot.ingest.read import SourceText
from sagebot.ingest.structure import Block, clean_heading, file_title, front_matter_title, parse
from sagebot.markup import strip_markup

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_NEWLINE = re.compile(r"\r\n?|\n")
_LEAD = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")  # indentation and block-quote markers at a line's start
_ATTRIBUTE_LINE = re.compile(r"^[ \t>]*\{:[^}]*\}[ \t]*$")  # kramdown `{: .callout}` after a quote
_DEF_MARKER = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*[:~][ \t]+")
# a tag holds no braces, so "{{% note %}} Since version 1.2, … {{% /note %}}" is text between two tags
_ONLY_TEMPLATE = re.compile(r"^(?:\s*(?:\{%[^{}]*?%\}|\{\{[^{}]*?\}\}|\{:[^}]*\}|<!--.*?-->))+\s*$", re.S)
_CALLOUT_LEAD = re.compile(r"^\s*(?:\*\*|__)([^*_\n]{1,40}?)[:.]?(?:\*\*|__)|^\s*\[!(\w+)\]")
_DIV_NAMES = {"keypoints": "Key Points", "prereq": "Prerequisite", "testimonial": "Testimonial"}
_EXERCISES = frozenset(["Challenge", "Exercise"])


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(deflist_plugin)
    md.use(container_plugin, name="div", validate=lambda params, *_: _opens_div(params))
    return md


_API_PATH = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+")


def _opens_div(params: str) -> bool:
    """A fenced div ("::: callout", "::: {.challenge}"), not a documentation generator's directive naming code
    ("::: mkdocs.structure.nav.Navigation", mkdocstrings), which has no closing fence and would swallow the page."""
    label = params.strip()
    return bool(label) and not _API_PATH.fullmatch(label)


@dataclass
class _Scope:
    """A fenced div or block quote being read: its label joins the section of the blocks inside."""

    label: str
    blocks_before: int
    headings: list[tuple[int, str]] = field(default_factory=list)
    last_line: int = -1  # a block quote's: a kramdown class line ("{: .challenge}") may end it or follow it


def parse_markdown(source: SourceText) -> list[Block]:
    """The blocks of a Markdown source (or of the Markdown text extracted from a notebook or office file)."""
    text = source.text
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    ends = [m.start() for m in _NEWLINE.finditer(text)] + [len(text)]
    reader = _Reader(text, starts, ends)
    tokens = _parser().parse(directives_as_divs(text))  # the same length, line for line: spans stay the source's
    reader.walk(tokens)
    fallback = reader.title or file_title(source.path)
    blocks: list[Block] = []
    for title, pieces in reader.documents:
        name = (clean_heading(strip_markup(title)) or fallback) if title is not None else fallback
        blocks.extend(
            Block(kind, start, end, name, section, header, term, body, title is None and not reader.title)
            for kind, start, end, section, header, term, body in pieces
        )
    return blocks


_Piece = tuple[str, int, int, tuple[str, ...], tuple[str, ...], str, int]


class _Reader:
    def __init__(self, text: str, starts: list[int], ends: list[int]) -> None:
        self.text, self.starts, self.ends = text, starts, ends
        self.lines = [text[start:end] for start, end in zip(starts, ends)]
        self.title = ""
        self.documents: list[tuple[str | None, list[_Piece]]] = [(None, [])]
        self.headings: list[tuple[int, str]] = []
        self.scopes: list[_Scope] = []
        self.item_start: int | None = None
        self.header: tuple[str, ...] = ()
        self.term, self.dd_first = "", False  # a definition list's term, and whether its definition is yet to come
        self.term_line: int | None = None

    # -- spans ---------------------------------------------------------------------------------------------
    def span(self, first: int, last: int, lead: re.Pattern[str] = _LEAD) -> tuple[int, int] | None:
        """The trimmed span of lines first..last-1, the first line's markers (indent, `>`) left out."""
        while first < last and not self.text[self.starts[first] : self.ends[first]].strip(" \t>"):
            first += 1
        while last > first and (
            not self.text[self.starts[last - 1] : self.ends[last - 1]].strip(" \t>")
            or _ATTRIBUTE_LINE.match(self.text[self.starts[last - 1] : self.ends[last - 1]])
        ):
            last -= 1
        if first >= last:
            return None
        match = lead.match(self.text, self.starts[first], self.ends[first])
        start = match.end() if match else self.starts[first]
        end = self.ends[last - 1]
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def section(self) -> tuple[str, ...]:
        parts = [h for _, h in self.headings]
        for scope in self.scopes:
            if scope.label:
                parts.append(scope.label)
            parts.extend(h for _, h in scope.headings)
        return tuple(parts)

    def add(
        self, kind: str, span: tuple[int, int] | None, header: tuple[str, ...] = (), term: str = "", body: int = 0
    ) -> None:
        self.item_start = None
        if span is not None:
            self.documents[-1][1].append((kind, span[0], span[1], self.section(), header, term, body or span[0]))

    # -- the walk ------------------------------------------------------------------------------------------
    def walk(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            i = self.visit(tokens, i)

    def visit(self, tokens: list[Token], i: int) -> int:
        token = tokens[i]
        kind = token.type
        if kind == "front_matter":
            self.title = front_matter_title(token.content)
        elif kind == "heading_open":
            self.heading(int(token.tag[1]), tokens[i + 1].content)
            return i + 3
        elif (kind.startswith("container_") and kind.endswith("_open")) or kind == "blockquote_open":
            name = (
                token.info.strip().split()[0].strip("{}.") if kind != "blockquote_open" and token.info.strip() else ""
            )
            label = _DIV_NAMES.get(name.lower(), name.replace("-", " ").replace("_", " ").capitalize())
            last = token.map[1] - 1 if kind == "blockquote_open" and token.map else -1
            self.scopes.append(_Scope(label, len(self.documents[-1][1]), last_line=last))
        elif (kind.startswith("container_") and kind.endswith("_close")) or kind == "blockquote_close":
            if self.scopes:
                self.exercise_after(self.scopes.pop())
        elif kind == "list_item_open" and token.map:
            span = self.span(token.map[0], token.map[0] + 1)
            self.item_start = span[0] if span else None
        elif kind == "paragraph_open" and token.map:
            self.paragraph(token, tokens[i + 1].content)
            return i + 3
        elif kind in ("fence", "code_block") and token.map:
            first, last = token.map
            if kind == "code_block" and (note := admonition_paragraphs(self.lines, first, last)):
                for start, end in note:  # an admonition's text indented under its "!!! note" line, after a blank line
                    self.add("paragraph", self.span(start, end))
                return i + 1
            if kind == "fence":
                first += 1
                closing = self.text[self.starts[last - 1] : self.ends[last - 1]].strip()
                if last - 1 >= first and closing.startswith(token.markup[:3]) and not closing.strip("`~"):
                    last -= 1
            self.add("code", self.span(first, last, re.compile(r"[ \t]*(?:>[ \t]?)*")))
        elif kind == "thead_open":
            self.header = ()
        elif kind == "tr_open" and token.map:
            return self.row(tokens, i)
        elif kind == "dt_open":
            self.term = clean_heading(strip_markup(tokens[i + 1].content))
            self.term_line = token.map[0] if token.map else None
            return i + 3
        elif kind == "dd_open":
            self.dd_first = True
        elif kind == "html_block" and token.map and "<dl" in token.content.lower():
            base = self.starts[token.map[0]]
            fragment = self.text[base : self.ends[token.map[1] - 1]]
            for term, term_start, start, end in definition_spans(fragment):
                body = fragment[start:end]
                lead, trail = len(body) - len(body.lstrip()), len(body.rstrip())
                if trail > lead:
                    span = (base + term_start, base + start + trail)
                    self.add("definition", span, term=clean_heading(strip_markup(term)), body=base + start + lead)
        return i + 1

    def exercise_after(self, scope: _Scope) -> None:
        """A kramdown call-out ("> ## Summing a list" … "{: .challenge}") names its kind after its blocks."""
        lines = range(max(scope.last_line - 2, 0), min(scope.last_line + 2, len(self.starts)))
        near = "\n".join(self.text[self.starts[n] : self.ends[n]] for n in lines)
        depth = sum(1 for outer in self.scopes if outer.last_line >= 0)  # "> {: .solution}" is a nested quote's
        found = re.search(rf"(?m)^[ \t]*(?:>[ \t]*){{{depth}}}\{{:\s*\.([\w-]+)", near)
        if scope.last_line >= 0 and found is not None and (kind := found.group(1)) in ("challenge", "exercise"):
            label = scope.label if scope.label.lower().startswith(kind) else f"{kind.title()}: {scope.label}"
            pieces = self.documents[-1][1]
            for at in range(scope.blocks_before, len(pieces)):
                sections = tuple(label if part == scope.label else part for part in pieces[at][3])
                pieces[at] = (*pieces[at][:3], sections, *pieces[at][4:])

    def heading(self, level: int, raw: str) -> None:
        title = clean_heading(strip_markup(raw))
        if not title:
            return
        if self.scopes:
            scope = self.scopes[-1]
            if not scope.label or (len(self.documents[-1][1]) == scope.blocks_before and not scope.headings):
                # the call-out's own title; an exercise stays one ("Challenge: Summing a list"), its task never quoted
                exercise = scope.label in _EXERCISES and not title.lower().startswith(scope.label.lower())
                scope.label = f"{scope.label}: {title}" if exercise else title  # not "Challenge: Challenge 1: Sum"
            else:
                while scope.headings and scope.headings[-1][0] >= level:
                    scope.headings.pop()
                scope.headings.append((level, title))
            return
        if level == 1 and not self.title:
            self.documents.append((raw, []))
            self.headings = []
            return
        if level == 1 and title.lower() == self.title.lower():
            return
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        self.headings.append((level, title))

    def paragraph(self, token: Token, content: str) -> None:
        assert token.map is not None
        if _ONLY_TEMPLATE.match(content) or not strip_markup(content).strip():
            return
        scope = self.scopes[-1] if self.scopes else None
        if scope is not None and not scope.label and len(self.documents[-1][1]) == scope.blocks_before:
            lead = _CALLOUT_LEAD.match(content)
            if lead:
                scope.label = clean_heading(lead.group(1) or lead.group(2).capitalize())
        first = token.map[0] + bool(ADMONITION.match(self.text, self.starts[token.map[0]], self.ends[token.map[0]]))
        span = self.span(first, token.map[1])  # a note starts under its "!!! note" line
        if self.dd_first:
            self.dd_first = False
            marker = _DEF_MARKER.match(self.text, self.starts[token.map[0]])
            if self.term and span and marker and self.term_line is not None:
                term_span = self.span(self.term_line, self.term_line + 1)
                start = term_span[0] if term_span else span[0]
                self.add("definition", (start, span[1]), term=self.term, body=marker.end())
                return
        if self.item_start is not None and span:
            self.add("list_item", (self.item_start, span[1]))
            self.item_start = None
            return
        if span and self.inline_definition(token.map[0], token.map[1], span[1]):
            return
        self.add("paragraph", span)

    def inline_definition(self, first: int, last: int, end: int) -> bool:
        """A definition the parser left inside a paragraph (its term line follows a kramdown `{:auto_ids}`):
        `Term` then `: definition` on the next line."""
        for line in range(first + 1, last):
            marker = _DEF_MARKER.match(self.text, self.starts[line], self.ends[line])
            term = self.text[self.starts[line - 1] : self.ends[line - 1]]
            if marker and term.strip() and len(term) <= 80:
                before = self.text[self.starts[first] : self.ends[line - 2]] if line - 1 > first else ""
                if before.strip() and not _ONLY_TEMPLATE.match(before):
                    self.add("paragraph", self.span(first, line - 1))
                name = clean_heading(strip_markup(term))
                self.add("definition", self.span(line - 1, line), term=name, body=marker.end())
                self.documents[-1][1][-1] = (*self.documents[-1][1][-1][:2], end, *self.documents[-1][1][-1][3:])
                return True
        return False

    def row(self, tokens: list[Token], i: int) -> int:
        token = tokens[i]
        assert token.map is not None
        cells: list[str] = []
        j = i + 1
        while tokens[j].type != "tr_close":
            if tokens[j].type == "inline":
                cells.append(strip_markup(tokens[j].content).strip())
            j += 1
        span = self.span(token.map[0], token.map[1])
        if not self.header:
            self.header = tuple(cells)
            self.add("table_header", span, self.header)
        else:
            self.add("table_row", span, self.header)
        return j + 1


MARKDOWN_KINDS = frozenset({"markdown", "notebook", "docx", "pptx"})


def read_blocks(source: SourceText) -> list[Block]:
    """The blocks of any source: Markdown (and the Markdown-shaped text of notebooks and office files) through
    the Markdown parser, plain text, HTML and PDF text through the line reader."""
    if source.kind in MARKDOWN_KINDS:
        return parse_markdown(source)
    return parse(source)
