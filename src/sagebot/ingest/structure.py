"""Find documents, section headings and blocks (paragraphs, list items, table rows) in a source text."""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from sagebot.ingest.read import SourceText
from sagebot.markup import PIPE_RULE, strip_markup
from sagebot.text import iter_lines

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_WIKI_HEADING = re.compile(r"^[ \t]*(={2,6})[ \t]*([^=\n]+?)[ \t]*\1[ \t]*$")  # "== History ==" (wiki text exports)
_LIST_ITEM = re.compile(r"^([ \t]*)([*+\-•]|\d{1,3}[.)])[ \t]+\S")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# Plain text: a line that is only an address, and a file's opening "Key: value" lines (Title, Source, URL…) are
# the file's own particulars, never part of a sentence.
_BARE_URL = re.compile(r"^\s*<?(?:https?|ftp)://\S+>?\s*$", re.I)
_NAMING_FIELD = re.compile(r"^(?:title|source|url)[ \t]*:", re.I)  # one of them marks the fields as the file's own
_HEADER_FIELD = re.compile(
    r"^(?:title|source|url|link|author|authors|by|license|licence|date|published|updated|created|fetched|"
    r"fetched-at|retrieved|retrieved-at|language|lang|tags|keywords|id|version)[ \t]*:[ \t]+\S",
    re.I,
)  # the particulars a text export opens with; not "API: …" lines of a glossary
_DEFINITION_MARKER = re.compile(r"^[ \t]*[:~][ \t]+(?=\S)")
_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "nor",
    "for",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "with",
    "vs",
    "vs.",
    "via",
    "as",
    "from",
    "into",
    "not",
    "per",
    "is",
    "it",
    "its",
    "than",
    "so",
}
# Document kinds, to turn a file-derived heading such as "...Studyguide" into "Study Guide".
_DOCUMENT_KINDS = {
    "blogpost": "Blog Post",
    "blog": "Blog",
    "post": "Post",
    "article": "Article",
    "briefing": "Briefing",
    "brief": "Brief",
    "studyguide": "Study Guide",
    "guide": "Guide",
    "study": "Study",
    "faq": "FAQ",
    "transcript": "Transcript",
    "notes": "Notes",
    "summary": "Summary",
    "lecture": "Lecture",
    "handout": "Handout",
    "glossary": "Glossary",
    "quiz": "Quiz",
    "slides": "Slides",
    "tutorial": "Tutorial",
    "lesson": "Lesson",
    "reading": "Reading",
    "syllabus": "Syllabus",
    "overview": "Overview",
    "introduction": "Introduction",
    "chapter": "Chapter",
    "exercise": "Exercise",
    "exercises": "Exercises",
    "workbook": "Workbook",
    "cheatsheet": "Cheat Sheet",
    "manual": "Manual",
    "report": "Report",
    "whitepaper": "White Paper",
    "podcast": "Podcast",
    "video": "Video",
    "timeline": "Timeline",
}


@dataclass(frozen=True)
class Block:
    """A paragraph, list item, table row or table header, with its exact span in the source text."""

    kind: str  # "paragraph" | "list_item" | "table_row" | "table_header" | "code" | "definition"
    start: int
    end: int
    document: str
    section: tuple[str, ...]
    table_header: tuple[str, ...] = ()
    term: str = ""  # of a "definition" block (a definition list's entry): the term it defines
    body: int = 0  # of a "definition" block: where the definition itself starts (after the term and marker)
    untitled: bool = False  # its document has no title of its own (front matter or heading): named by the file


def looks_like_heading(line: str) -> bool:
    """A plain-text line that reads as a section heading: short, title-cased, no sentence ending."""
    text = line.strip()
    if not text or len(text) > 100 or text[0] in "\"'“‘(" or "\t" in text:
        return False
    body = re.sub(r"^\d{1,3}[.)]\s+", "", text)
    tokens = body.split()
    if not tokens or len(tokens) > 15 or not (body[0].isupper() or body[0].isdigit()):
        return False
    if text[-1] in ".,;!" or text.endswith(('."', ".”")):
        return False
    scored = [t for t in tokens[1:] if len(t.strip("—–-:,()")) >= 3 and t.lower().strip(":,()") not in _SMALL_WORDS]
    if not scored:
        return len(tokens) <= 3 and (text.endswith(":") or len(tokens) == 1 or text.isupper())
    capitalised = sum(1 for t in scored if t.lstrip("(\"'“")[:1].isupper() or t[:1].isdigit())
    return capitalised / len(scored) >= 0.6


MAX_HEADING_CHARS = 200  # a heading names every passage under it: a runaway "# ..." line must not


def clean_heading(title: str) -> str:
    title = re.sub(r"\s+", " ", title).strip().rstrip(":").strip()
    return title if len(title) <= MAX_HEADING_CHARS else title[:MAX_HEADING_CHARS].rsplit(" ", 1)[0] + " …"


def file_title(path: str) -> str:
    stem = PurePosixPath(path).stem
    words = re.sub(r"[_\-.]+", " ", stem).split()
    return " ".join(w if any(c.isupper() for c in w) else w.capitalize() for w in words) or path


def _strip_heading_noise(title: str) -> str:
    """'.\\03 01 sageMaker What X' -> 'sageMaker What X': drop path parts, extensions and leading numbering."""
    title = re.split(r"[\\/]", title)[-1]
    title = re.sub(r"\.(txt|md|markdown|html?|pdf|docx?)$", "", title, flags=re.I)
    title = re.sub(r"^(?:\d+[\s._\-]+)+", "", title.replace("_", " "))
    return re.sub(r"\s+", " ", title).strip()


def _humanise_word(word: str) -> str:
    match = difflib.get_close_matches(word.lower(), _DOCUMENT_KINDS, n=1, cutoff=0.8)
    if match:
        return _DOCUMENT_KINDS[match[0]]
    return word if any(c.isupper() for c in word[1:]) else word[:1].upper() + word[1:]


def document_titles(headings: list[str]) -> list[str]:
    """Readable titles for the documents of one file: a shared prefix is dropped, document kinds spelled out."""
    cleaned = [_strip_heading_noise(h) or h.strip() for h in headings]
    if len(cleaned) < 2:
        return cleaned
    split = [c.split() for c in cleaned]
    prefix = 0
    while all(len(s) > prefix + 1 for s in split) and len({s[prefix].lower() for s in split}) == 1:
        prefix += 1
    if prefix == 0:
        return cleaned
    titles = [" ".join(_humanise_word(w) for w in s[prefix:]) for s in split]
    return titles if len(set(titles)) == len(titles) else cleaned


def parse(source: SourceText) -> list[Block]:
    """All blocks of a source, each knowing its document title and section path."""
    plain_headings = source.kind in ("text", "pdf")
    lines = list(iter_lines(source.text))
    # Pass 1: split into documents at level-1 markdown headings.
    doc_starts: list[tuple[int, str]] = []  # (line index, raw title)
    for i, (_, _, line) in enumerate(lines):
        m = _MD_HEADING.match(line)
        if m and len(m.group(1)) == 1:
            doc_starts.append((i, m.group(2)))
    segments: list[tuple[str | None, int, int]] = []  # (raw title, first line, end line)
    first = doc_starts[0][0] if doc_starts else len(lines)
    if any(line.strip() for _, _, line in lines[:first]):
        segments.append((None, 0, first))
    for n, (i, title) in enumerate(doc_starts):
        end = doc_starts[n + 1][0] if n + 1 < len(doc_starts) else len(lines)
        if any(line.strip() for _, _, line in lines[i + 1 : end]):
            segments.append((title, i + 1, end))
    raw_titles = [t for t, _, _ in segments if t is not None]
    readable = iter(clean_heading(t) for t in document_titles(raw_titles))
    blocks: list[Block] = []
    for raw, lo, hi in segments:
        title = next(readable) if raw is not None else file_title(source.path)
        parsed = _parse_document(lines[lo:hi], title, plain_headings, file_start=lo == 0 and source.kind == "text")
        blocks.extend(parsed if raw is not None else (dataclasses.replace(b, untitled=True) for b in parsed))
    return blocks


def _parse_document(
    lines: list[tuple[int, int, str]], title: str, plain_headings: bool, file_start: bool = False
) -> list[Block]:
    """`file_start`: the lines open a plain text file, which may begin with its metadata fields."""
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []  # (level, heading)
    table_header: tuple[str, ...] = ()
    in_table = False
    i = 0

    def section() -> tuple[str, ...]:
        return tuple(h for _, h in stack)

    def push(level: int, heading: str) -> None:
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, clean_heading(heading)))

    if file_start:
        header = 0
        while header < len(lines) and _HEADER_FIELD.match(lines[header][2]):
            header += 1
        named = any(_NAMING_FIELD.match(line) for _, _, line in lines[:header])
        if header >= 2 and named and (header == len(lines) or not lines[header][2].strip()):
            i = header  # "Title: …", "Source: …", "URL: …" at the top of a text file
    while i < len(lines):
        start, end, line = lines[i]
        stripped = line.strip()
        if not stripped or (plain_headings and _apart_address(lines, i)):
            in_table = False
            i += 1
            continue
        m = _MD_HEADING.match(line) or (_WIKI_HEADING.match(line) if plain_headings else None)
        if m:
            push(len(m.group(1)), m.group(2))
            in_table = False
            i += 1
            continue
        if "\t" in stripped or _PIPE_ROW.match(line):
            if PIPE_RULE.match(line):
                i += 1
                continue
            cells = tuple(
                c.strip() for c in (stripped.strip("|").split("|") if "\t" not in stripped else stripped.split("\t"))
            )
            if len([c for c in cells if c]) >= 2:
                lead = len(line) - len(line.lstrip())
                if not in_table:
                    in_table = True
                    table_header = cells
                    blocks.append(Block("table_header", start + lead, end, title, section(), cells))
                else:
                    blocks.append(
                        Block("table_row", start + lead, _rstrip_end(line, start, end), title, section(), table_header)
                    )
                i += 1
                continue
        in_table = False
        standalone = (i == 0 or not lines[i - 1][2].strip()) and (i + 1 >= len(lines) or not lines[i + 1][2].strip())
        if plain_headings and standalone and looks_like_heading(stripped) and i + 1 < len(lines):
            level = 3 if stripped.endswith(":") else 2
            push(level, stripped)
            i += 1
            continue
        item = _LIST_ITEM.match(line)
        kind = "list_item" if item else "paragraph"
        # A block runs on over continuation lines (not blank, not a new item, heading or table row).
        j = i + 1
        while j < len(lines):
            nxt = lines[j][2]
            if (
                not nxt.strip()
                or _MD_HEADING.match(nxt)
                or (plain_headings and (_WIKI_HEADING.match(nxt) or _apart_address(lines, j)))
                or _LIST_ITEM.match(nxt)
                or "\t" in nxt.strip()
                or _PIPE_ROW.match(nxt)
            ):
                break
            j += 1
        lead = len(line) - len(line.lstrip())
        block_end = _rstrip_end(lines[j - 1][2], lines[j - 1][0], lines[j - 1][1])
        marker = _DEFINITION_MARKER.match(lines[i + 1][2]) if j > i + 1 and not item else None
        if marker and len(stripped) <= 80:  # "Term" then ":   definition": a definition list's entry
            body = lines[i + 1][0] + marker.end()
            blocks.append(Block("definition", start + lead, block_end, title, section(), (), stripped, body))
        else:
            blocks.append(Block(kind, start + lead, block_end, title, section()))
        i = j
    return blocks


def _apart_address(lines: list[tuple[int, int, str]], at: int) -> bool:
    """A line that is only an address, standing apart from any sentence: after a blank line or a finished sentence
    ("…is available at\nhttps://…\nand is updated…" keeps its address, which is part of the sentence)."""
    if not _BARE_URL.match(lines[at][2]):
        return False
    before = lines[at - 1][2].rstrip() if at > 0 else ""
    return not before or before.endswith((".", "!", "?", ":", ")"))


def _rstrip_end(line: str, start: int, end: int) -> int:
    return start + len(line.rstrip())


def front_matter_title(content: str) -> str:
    try:
        import yaml

        data: Any = yaml.safe_load(content)
    except Exception:  # a malformed header: read the title line by itself
        match = re.search(r"(?m)^title:\s*(.+?)\s*$", content)
        data = {"title": match.group(1).strip("'\"")} if match else None
    title = data.get("title") if isinstance(data, dict) else None
    return clean_heading(strip_markup(str(title))) if title else ""
