"""Glossary terms found in the course documents, with their definitions, aliases and exact spans.

Recognised forms:
- a table whose header reads Term/Definition (tab-separated or markdown `| a | b |`; HTML tables and
  definition lists arrive as such rows);
- inside a section titled like a glossary ("Glossary", "Key Terms", "Definitions", "Vocabulary"):
  `Term: definition` and `**Term** — definition` lines.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from sagebot.ingest.chunk import MAX_REFERENCE_CHARS, ChunkedSource
from sagebot.ingest.read import SourceText
from sagebot.ingest.structure import Block, parse
from sagebot.text import words

_TERM_HEADERS = {"term", "terms", "word", "concept", "name", "keyword", "key term"}
_DEFINITION_HEADERS = {"definition", "definitions", "meaning", "description", "explanation"}
_GLOSSARY_SECTION = re.compile(r"glossar|key terms|definitions|vocabulary|terminology", re.I)
_COLON_LINE = re.compile(r"^\s*(?:[*+\-•]\s+)?(?P<term>[^:\n]{2,60}?):\s+(?P<definition>\S.*)$")
_BOLD_LINE = re.compile(r"^\s*(?:[*+\-•]\s+)?\*\*(?P<term>[^*\n]{2,60})\*\*\s*[—–:-]\s*(?P<definition>\S.*)$")
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
    blocks = blocks if blocks is not None else parse(source)
    text = source.text
    terms: list[Term] = []
    seen: set[str] = set()

    def add(name: str, definition: str, start: int, block: Block) -> None:
        name = " ".join(name.split()).strip("*_ ")
        if not name or not definition or name.lower() in seen:
            return
        seen.add(name.lower())
        section = " › ".join(block.section)
        terms.append(
            Term(
                name, definition, aliases_of(name), source.path, block.document, section, start, start + len(definition)
            )
        )

    for block in blocks:
        line = text[block.start : block.end]
        if block.kind == "table_row" and _is_glossary_header(block.table_header):
            cells = line.split("\t") if "\t" in line else line.strip().strip("|").split("|")
            if len(cells) >= 2:
                definition = cells[1].strip()
                start = block.start + line.find(definition, len(cells[0]))
                add(cells[0], definition, start, block)
        elif block.kind in ("paragraph", "list_item") and block.section and _GLOSSARY_SECTION.search(block.section[-1]):
            match = _BOLD_LINE.match(line) or _COLON_LINE.match(line)
            if match and len(words(match.group("term"))) <= 8:
                add(
                    match.group("term"),
                    match.group("definition").rstrip(),
                    block.start + match.start("definition"),
                    block,
                )
    return terms


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
