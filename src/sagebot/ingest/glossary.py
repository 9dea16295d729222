"""Glossary terms found in the course documents, with their definitions, aliases and exact spans.

Recognised forms:
- definition lists: pandoc and kramdown (`Term` then `:   definition`, `[term]{#id}` spans cleaned), HTML `<dl>`
  (in an HTML file, which the HTML reader writes in that shape, or in a Markdown file's HTML block);
- a table whose header reads Term/Definition (tab-separated, Markdown `| a | b |` or HTML);
- inside a section titled like a glossary ("Glossary", "Key Terms", "Definitions", "Vocabulary", "Reference"), or
  a document so titled: `Term: definition`, `**Term** — definition` and `- **Term**: definition` lines, and a
  heading under such a section with the paragraph that follows it.
The glossaries of several files are merged (the first definition of a term wins). A course with none gets one
derived from its definitional sentences (ingest/definitions.py), marked as derived.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from sagebot.ingest.chunk import MAX_REFERENCE_CHARS, ChunkedSource
from sagebot.ingest.definitions import definitional_sentences
from sagebot.ingest.markdown import read_blocks
from sagebot.ingest.read import SourceText
from sagebot.ingest.structure import Block
from sagebot.markup import pipe_cells, strip_markup
from sagebot.text import words

_TERM_HEADERS = {"term", "terms", "word", "concept", "name", "keyword", "key term"}
_DEFINITION_HEADERS = {"definition", "definitions", "meaning", "description", "explanation"}
_GLOSSARY_SECTION = re.compile(r"glossar|key terms|definitions|vocabulary|terminology|^reference$", re.I)
_GLOSSARY_TITLE = re.compile(r"^(?:glossary|key terms|terms|definitions|vocabulary|terminology)$", re.I)
_COLON_LINE = re.compile(r"^\s*(?:[*+\-•]\s+)?(?P<term>[^:\n]{2,60}?):\s+(?P<definition>\S.*)$")
_BOLD_LINE = re.compile(
    r"^\s*(?:[*+\-•]\s+)?(?:\*\*|__)(?P<term>[^*_\n]{2,60}?)(?P<colon>:)?(?:\*\*|__)(?(colon)\s*[—–:-]?|\s*[—–:-])\s*"
    r"(?P<definition>\S.*)$",
    re.S,
)
_VENDOR = re.compile(r"^(?:amazon|aws|google|microsoft|azure)\s+", re.I)


@dataclass(frozen=True)
class Term:
    name: str
    definition: str
    aliases: tuple[str, ...]
    source: str
    document: str
    section: str
    start: int  # span of the definition in the source text
    end: int

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["aliases"] = list(self.aliases)
        return data


@dataclass(frozen=True)
class StudyItem:
    """A numbered study question and its answer-key item."""

    number: int
    question: str
    answer: str
    source: str
    document: str
    section: str  # of the answer key
    start: int  # span of the answer in the source text
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def aliases_of(name: str) -> tuple[str, ...]:
    """Other names a learner may use: "Virtual Private Cloud (VPC)" -> "Virtual Private Cloud", "VPC";
    "Amazon EC2 (Elastic Compute Cloud)" -> "Amazon EC2", "EC2", "Elastic Compute Cloud"."""
    found: list[str] = []
    match = re.match(r"^(?P<outer>.+?)\s*\((?P<inner>[^()]+)\)\s*$", name)
    parts = [match.group("outer"), match.group("inner")] if match else [name]
    for part in parts:
        part = part.strip()
        for candidate in (part, _VENDOR.sub("", part)):
            if candidate and candidate != name and candidate not in found and len(candidate) > 1:
                found.append(candidate)
    return tuple(found)


def extract(source: SourceText, blocks: list[Block] | None = None) -> list[Term]:
    blocks = blocks if blocks is not None else read_blocks(source)
    text = source.text
    terms: list[Term] = []
    seen: set[str] = set()

    def add(name: str, start: int, end: int, block: Block) -> None:
        name = " ".join(strip_markup(name).split()).strip("*_ :")
        definition = " ".join(strip_markup(text[start:end]).split())
        if not name or not definition or name.lower() in seen or len(words(name)) > 8:
            return
        seen.add(name.lower())
        section = " › ".join(block.section)
        terms.append(Term(name, definition, aliases_of(name), source.path, block.document, section, start, end))

    headed: set[tuple[str, ...]] = set()  # the term headings under a glossary heading whose paragraph was read
    for block in blocks:
        line = text[block.start : block.end]
        if block.kind == "paragraph" and _names_a_term(block) and block.section not in headed:
            headed.add(block.section)  # "## Glossary", "### API", then what an API is
            if not (_BOLD_LINE.match(line) or _COLON_LINE.match(line)):  # "### A" over "API: …" lines
                add(block.section[-1], block.start, block.end, block)
                continue
        if block.kind == "definition" and block.term:
            add(block.term, block.body, block.end, block)
        elif block.kind == "table_row" and _is_glossary_header(block.table_header):
            cells = line.split("\t") if "\t" in line else (pipe_cells(line) or line.strip().strip("|").split("|"))
            if len(cells) >= 2 and (definition := cells[1].strip()):
                start = block.start + line.find(definition, line.find(cells[0].strip()) + len(cells[0].strip()))
                add(cells[0], start, start + len(definition), block)
        elif block.kind in ("paragraph", "list_item") and _in_glossary(block):
            match = _BOLD_LINE.match(line) or _COLON_LINE.match(line)
            if match:
                add(match.group("term"), block.start + match.start("definition"), block.end, block)
    return terms


def _in_glossary(block: Block) -> bool:
    """Under a heading titled like a glossary, or, before any heading, in a document titled so (a page whose
    front matter reads "title: Glossary"; not a file merely named so)."""
    if block.section:  # "## Glossary", or a letter's heading under it ("### A")
        return bool(_GLOSSARY_SECTION.search(block.section[-1])) or any(_GLOSSARY_TITLE.match(h) for h in block.section)
    return not block.untitled and bool(_GLOSSARY_SECTION.search(block.document))


def _names_a_term(block: Block) -> bool:
    """The block opens a section whose heading is a term: a heading (of two letters or more) right under one titled
    exactly as a glossary ("## Glossary" / "### API"), or the first heading of a document so titled."""
    parents = [block.document] if not block.untitled else []
    parents += list(block.section[:-1])
    term = block.section[-1] if block.section else ""
    return len(term) >= 2 and bool(parents) and bool(_GLOSSARY_TITLE.match(parents[-1].strip()))


def _is_glossary_header(header: tuple[str, ...]) -> bool:
    cells = [c.strip(" *|").lower() for c in header]
    return len(cells) >= 2 and cells[0] in _TERM_HEADERS and cells[1] in _DEFINITION_HEADERS


def name_pattern(term: Term) -> re.Pattern[str]:
    """Matches the term or an alias in text: case-insensitive, plurals tolerated ("instances", "VPCs")."""
    names = sorted({term.name, *term.aliases}, key=len, reverse=True)
    alternatives = "|".join(re.escape(n) + r"(?:s|es|'s)?" for n in names)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])", re.I)


def glossary_terms(chunked: ChunkedSource) -> list[Term]:
    """The glossary terms of a chunked source, read from the blocks it was cut from; a definition too long for
    the quiz to show whole is left out."""
    return [t for t in extract(chunked.source, chunked.blocks) if len(t.definition) <= MAX_REFERENCE_CHARS]


@dataclass(frozen=True)
class Glossary:
    terms: list[Term]
    derived: bool  # no glossary was found: the terms were taken from definitional sentences in the text
    per_source: dict[str, int]  # terms each source contributed


def course_glossary(chunked: list[ChunkedSource]) -> Glossary:
    """The glossaries of every source merged (a term defined twice keeps its first definition); when there is
    none, one derived from the text's definitional sentences ("X is a …", "X refers to …")."""
    terms: list[Term] = []
    seen: set[str] = set()
    for cs in chunked:
        for term in glossary_terms(cs):
            if term.name.lower() not in seen:
                seen.add(term.name.lower())
                terms.append(term)
    derived = not terms
    if derived:
        terms = derive_terms(chunked)
    per_source: dict[str, int] = {}
    for term in terms:
        per_source[term.source] = per_source.get(term.source, 0) + 1
    return Glossary(terms, derived and bool(terms), per_source)


def study_items(chunked: list[ChunkedSource]) -> list[StudyItem]:
    items = []
    for cs in chunked:
        for number, (question, answer) in enumerate(cs.study_pairs, start=1):
            home = next(c for c in cs.chunks if c.start <= answer[0] < c.end)
            text = cs.source.text
            items.append(
                StudyItem(
                    number,
                    text[question[0] : question[1]],
                    text[answer[0] : answer[1]],
                    cs.source.path,
                    home.document,
                    home.section,
                    answer[0],
                    answer[1],
                )
            )
    return items


def derive_terms(chunked: list[ChunkedSource]) -> list[Term]:
    """Glossary terms taken from definitional sentences: the term and the whole sentence as its definition."""
    terms = []
    for found in definitional_sentences(chunked):
        chunk = next(c for c in found.chunked.chunks if c.id == found.chunk)
        terms.append(
            Term(
                found.name,
                found.text,
                aliases_of(found.name),
                chunk.source,
                chunk.document,
                chunk.section,
                found.start,
                found.end,
            )
        )
    return terms
