"""HTML to the plain shape the line reader understands: '#' headings, '* ' items, tab-separated rows and
definition lists as `Term` then `:   definition`."""

from __future__ import annotations

from html.parser import HTMLParser


class _HtmlToText(HTMLParser):
    """Turns HTML into the same plain shape the text reader understands: '#' headings, '* ' items, tab rows."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "nav", "footer", "svg", "head"})
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "section",
            "article",
            "main",
            "blockquote",
            "pre",
            "br",
            "ul",
            "ol",
            "table",
            "dl",
            "hr",
            "header",
            "aside",
            "figure",
            "figcaption",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.prefix = ""
        self.skip_depth = 0
        self.title: list[str] = []
        self.in_title = False
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.has_h1 = False
        self.dt: str | None = None
        self.in_definition = False  # inside the <dd> of a <dt>

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.lines.append(self.prefix + text)
            self.lines.append("")
        self.current = []
        self.prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in self._SKIP:
            self.skip_depth += 1
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()
            self.has_h1 |= tag == "h1"
            self.prefix = "#" * int(tag[1]) + " "
        elif self.in_definition and (tag == "li" or tag in self._BLOCK):
            self.current.append(" ")  # a definition's paragraphs and items are read as one, after its term
        elif tag == "li":
            self._flush()
            self.prefix = "* "
        elif tag in ("dt", "dd"):
            self._flush()
            self.in_definition = tag == "dd" and self.dt is not None
        elif tag == "tr":
            self._flush()
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in self._BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self._SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                self.lines.append("\t".join(c or "-" for c in self.row))
            self.row = None
        elif tag == "table":
            self.lines.append("")
        elif tag == "dt":
            self.dt = " ".join("".join(self.current).split())
            self.current = []
        elif tag == "dd":
            text = " ".join("".join(self.current).split())
            if self.dt and text:
                self.lines.append(f"{self.dt}\n:   {text}")  # a definition list's shape: the glossary reads it
                self.lines.append("")
            self.dt = None
            self.current = []
            self.in_definition = False
        elif self.in_definition and (tag == "li" or tag in self._BLOCK):
            self.current.append(" ")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "li") or tag in self._BLOCK:
            self._flush()
            self.dt = None if tag == "dl" else self.dt  # a term left without its definition names nothing after

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip_depth:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.current.append(data)


def html_to_text(html: str) -> str:
    parser = _HtmlToText()
    parser.feed(html)
    parser.close()
    parser._flush()
    lines = parser.lines
    title = " ".join("".join(parser.title).split())
    if title and not parser.has_h1:
        lines = [f"# {title}", ""] + lines
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


class _DefinitionSpans(HTMLParser):
    """The `<dt>`/`<dd>` pairs of an HTML fragment, as offsets into it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0]
        for i, char in enumerate(html):
            if char == "\n":
                self.line_starts.append(i + 1)
        self.pairs: list[tuple[str, int, int, int]] = []  # (term, term start, definition start, definition end)
        self.open: dict[str, int] = {}
        self.term: tuple[str, int] | None = None
        self.text: list[str] = []

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("dt", "dd"):
            self.open[tag] = self.position() + len(self.get_starttag_text() or "")
            self.text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "dt" and "dt" in self.open:
            self.term = (" ".join("".join(self.text).split()), self.open.pop("dt"))
        elif tag == "dd" and "dd" in self.open and self.term and self.term[0]:
            self.pairs.append((self.term[0], self.term[1], self.open.pop("dd"), self.position()))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def definition_spans(html: str) -> list[tuple[str, int, int, int]]:
    """(term, term start, definition start, definition end) of each `<dt>`…`<dd>` pair in `html`, with offsets
    into it (a `<dd>` left open is not counted)."""
    parser = _DefinitionSpans(html)
    parser.feed(html)
    parser.close()
    return parser.pairs
