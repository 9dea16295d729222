"""Group blocks into passages (chunks) along paragraph and sentence boundaries, and split them into
quotable units: sentences, list-item sentences and whole table rows."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from sagebot.ingest.markdown import read_blocks
from sagebot.ingest.read import SourceText
from sagebot.ingest.structure import Block
from sagebot.text import LIST_MARKER, display_unit, sentence_spans

_ITEM_MARKER = re.compile(rf"^\s*{LIST_MARKER}\s+")
# Longest quotable unit. A "sentence" with no end in sight (one 10 MB line without a full stop) is cut here, at
# the last space in the second half of the limit, or hard when there is none; passages are cut at those pieces.
CHUNKER_VERSION = 26  # 26: a paragraph between Hugo shortcodes ("{{% note %}} … {{% /note %}}") is text; 25: an admonition's text indented under "??? tip" after a blank line, or its second paragraph, is prose, not code; 24: plain text's sentences run together ("city.The") are two; a MkDocs note's "!!! note" line is no text; 23: a lead-in is carried with long code too; 22: only a "**" that closes after a stop and a space, or opens a unit, is a stray mark; 21: "`${name}`" is code, no MyST role; 20: a "**" left unpaired ("necessities\\. ** This…") is no text; 19: a lead-in ("… like this:") starts the passage of the code or list it introduces; 18: MyST roles ({func}`name`, {ref}`title <target>`) read as their text, and MyST prose directives ({note}, {warning}…) as divs; 17: an image's Pandoc attribute block ({alt='…' width="40%"}) is no text; 16: "::: package.Name" (mkdocstrings) is no fenced div; 15: an address inside a wrapped sentence stays in it; 14: plain text's bare address lines and opening "Key: value" lines are not read; 13: "== Heading ==" lines of plain text are headings; 12: Markdown read by a parser (front matter, code blocks, divs); notebooks, docx, pptx
UNIT_KINDS = ("sentence", "item", "row", "question", "code")
MAX_UNIT_CHARS = 600
CODE_PASSAGE_FACTOR = 3  # a code block stays one passage up to this many times the passage size
# Longest glossary definition or study answer kept (the quiz shows them whole); longer ones are left out.
MAX_REFERENCE_CHARS = 2 * MAX_UNIT_CHARS
_LAST_SPACE = re.compile(r".*\s", re.S)


@dataclass(frozen=True)
class Unit:
    """The smallest quotable piece: one sentence (or one table row). Spans index into the source text."""

    chunk: int
    start: int
    end: int
    kind: str  # "sentence" | "item" | "row" | "question" | "code" (a code block, or a piece of a long one)
    encode_text: str


@dataclass(frozen=True)
class Chunk:
    id: int
    source: str
    document: str
    section: str
    start: int
    end: int
    text: str

    @property
    def title(self) -> str:
        return " › ".join(p for p in (self.document, self.section) if p)


@dataclass(frozen=True)
class ChunkedSource:
    source: SourceText
    chunks: list[Chunk]
    units: list[Unit]
    # (question span, answer span) of a study guide's numbered questions and its answer key
    study_pairs: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # the structure cut into passages; the glossary reads it too
    code_chunks: frozenset[int] = frozenset()  # ids of the passages that hold a code block


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def chunk_source(source: SourceText, max_chars: int, first_id: int = 0) -> ChunkedSource:
    """Chunks never cross a section; a block is split only when it alone exceeds max_chars, at sentences."""
    blocks = read_blocks(source)
    quiz_sections = _quiz_sections(source.text, blocks)
    together = source.kind == "text"  # an exported article may run two sentences together ("city.The")
    pieces = [piece for block in blocks for piece in _split_block(source.text, block, max_chars, together)]
    chunks: list[Chunk] = []
    units: list[Unit] = []
    group: list[tuple[Block, int, int]] = []

    def flush() -> None:
        if not group or all(b.kind == "table_header" for b, _, _ in group):
            group.clear()
            return
        block = group[0][0]
        start, end = group[0][1], group[-1][2]
        chunk_id = first_id + len(chunks)
        section = " › ".join(block.section)
        chunks.append(Chunk(chunk_id, source.path, block.document, section, start, end, source.text[start:end]))
        leaf = block.section[-1] if block.section else block.document
        for b, s, e in group:
            in_quiz = (b.document, b.section) in quiz_sections
            units.extend(_units(source.text, b, s, e, chunk_id, leaf, in_quiz, together))
        group.clear()

    code: set[int] = set()
    for block, start, end in pieces:
        if group:
            first = group[0][0]
            too_long = end - group[0][1] > max_chars
            if too_long or (first.document, first.section) != (block.document, block.section):
                # Keep a table header with the row that follows it, and a lead-in ("… like this:") with its code or list.
                last = group[-1]
                leads_in = (
                    too_long
                    and len(group) > 1
                    and block.kind in ("code", "list_item")
                    and last[0].kind == "paragraph"
                    and source.text[last[1] : last[2]].rstrip().endswith(":")
                    and end - last[1] <= (CODE_PASSAGE_FACTOR if block.kind == "code" else 1) * max_chars
                )
                carry = [group.pop()] if (last[0].kind == "table_header" and not too_long) or leads_in else []
                flush()
                group.extend(carry)
        group.append((block, start, end))
        if block.kind == "code":  # whole in this passage: a passage is cut before a code block, never inside
            code.add(first_id + len(chunks))
    flush()
    pairs = [
        (q, a)
        for q, a in study_pairs(source.text, blocks, quiz_sections)
        if max(q[1] - q[0], a[1] - a[0]) <= MAX_REFERENCE_CHARS
    ]
    return ChunkedSource(source, chunks, units, pairs, blocks, frozenset(code))


def _split_block(text: str, block: Block, max_chars: int, together: bool = False) -> list[tuple[Block, int, int]]:
    if block.kind == "code":
        return [(block, s, e) for s, e in code_pieces(text, block.start, block.end, CODE_PASSAGE_FACTOR * max_chars)]
    if block.end - block.start <= max_chars or (
        block.kind in ("table_row", "table_header") and block.end - block.start <= MAX_UNIT_CHARS
    ):
        return [(block, block.start, block.end)]
    pieces: list[tuple[Block, int, int]] = []
    start = block.start
    last_end = block.start
    for _, end in bounded_sentence_spans(text, block.start, block.end, together):
        if end - start > max_chars and last_end > start:
            pieces.append((block, start, last_end))
            start = _skip_space(text, last_end)
        last_end = end
    pieces.append((block, start, block.end))
    return pieces


def bounded_sentence_spans(text: str, start: int, end: int, together: bool = False) -> list[tuple[int, int]]:
    """The sentence spans of text[start:end] (absolute, trimmed), each sentence longer than MAX_UNIT_CHARS cut
    into pieces of at most that length, so that no quote (and no passage) can grow with its source line."""
    spans: list[tuple[int, int]] = []
    for s, e in sentence_spans(text[start:end], start, together):
        while e - s > MAX_UNIT_CHARS:
            limit = s + MAX_UNIT_CHARS
            space = _LAST_SPACE.match(text, s + MAX_UNIT_CHARS // 2, limit + 1)  # the last space up to the limit
            cut = space.end() - 1 if space else limit
            piece_end = cut
            while text[piece_end - 1].isspace():
                piece_end -= 1
            spans.append((s, piece_end))
            s = _skip_space(text, cut)
        spans.append((s, e))
    return spans


def code_pieces(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """A code block whole when it is at most `limit` characters, else cut at line ends into pieces of at most
    `limit` (a single longer line is cut hard): code is never cut inside a line."""
    pieces: list[tuple[int, int]] = []
    while end - start > limit:
        cut = text.rfind("\n", start, start + limit)
        cut = cut if cut > start else start + limit
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            pieces.append((start, piece_end))
        start = _skip_space(text, cut)
    if end > start:
        pieces.append((start, end))
    return pieces


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _quiz_sections(text: str, blocks: list[Block]) -> set[tuple[str, tuple[str, ...]]]:
    """Sections whose list items are mostly questions or tasks ("Explain ...", "Compare ...")."""
    items: dict[tuple[str, tuple[str, ...]], list[bool]] = {}
    for block in blocks:
        if block.kind == "list_item":
            body = _ITEM_MARKER.sub("", text[block.start : block.end])
            items.setdefault((block.document, block.section), []).append(_is_question(body) or _is_task(body))
    return {key for key, flags in items.items() if len(flags) >= 2 and sum(flags) / len(flags) >= 0.6}


_ANSWER_SECTION = re.compile(r"\banswers?\b", re.I)
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+")


def study_pairs(
    text: str, blocks: list[Block], quiz_sections: set[tuple[str, tuple[str, ...]]]
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pair a numbered question list with the numbered "Answer Key" that follows it in the same document."""
    numbered: dict[tuple[str, tuple[str, ...]], dict[int, tuple[int, int]]] = {}
    order: list[tuple[str, tuple[str, ...]]] = []
    for block in blocks:
        number = _NUMBERED.match(text[block.start : block.end])
        if block.kind != "list_item" or not number:
            continue
        key = (block.document, block.section)
        if key not in numbered:
            numbered[key] = {}
            order.append(key)
        numbered[key].setdefault(int(number.group(1)), (block.start + number.end(), block.end))
    pairs: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for i, key in enumerate(order):
        if key in quiz_sections or not key[1] or not _ANSWER_SECTION.search(key[1][-1]):
            continue
        answers = numbered[key]
        questions = next(
            (
                numbered[q]
                for q in reversed(order[:i])
                if q in quiz_sections and q[0] == key[0] and set(numbered[q]) == set(answers)
            ),
            None,
        )
        if questions:
            pairs.extend((questions[n], answers[n]) for n in sorted(answers))
    return pairs


def _is_task(sentence: str) -> bool:
    first = sentence.split(maxsplit=1)[0].lower().strip(",:") if sentence.split() else ""
    return first in _TASK_VERBS


_TASK_VERBS = {
    "explain",
    "describe",
    "compare",
    "discuss",
    "analyze",
    "analyse",
    "define",
    "list",
    "outline",
    "summarize",
    "summarise",
    "evaluate",
    "identify",
    "contrast",
    "elaborate",
    "justify",
    "name",
    "state",
    "illustrate",
}


def _units(
    text: str,
    block: Block,
    start: int,
    end: int,
    chunk_id: int,
    leaf: str,
    in_quiz: bool = False,
    together: bool = False,
) -> list[Unit]:
    if block.kind == "table_header":
        return []
    if block.kind == "code":
        return [
            Unit(chunk_id, s, e, "code", f"{leaf}: {' '.join(text[s:e].split())}")
            for s, e in code_pieces(text, start, end, MAX_UNIT_CHARS)
        ]
    if block.kind == "table_row" and end - start <= MAX_UNIT_CHARS:
        cells = [c.strip() for c in text[start:end].split("\t")]
        header = block.table_header
        if len(cells) > 2 and len(header) == len(cells):
            body = "; ".join(f"{h}: {c}" for h, c in zip(header, cells) if c)
        else:
            body = display_unit(text[start:end])
        return [Unit(chunk_id, start, end, "row", f"{leaf}: {body}")]
    body_start = start
    if block.kind == "list_item" and start == block.start:
        marker = _ITEM_MARKER.match(text[start:end])
        if marker:
            body_start = start + marker.end()
    kind = "item" if block.kind == "list_item" else "sentence"
    return [
        Unit(
            chunk_id,
            s,
            e,
            "question" if (in_quiz and kind == "item") or _is_question(text[s:e]) else kind,
            f"{leaf}: {display_unit(text[s:e])}",
        )
        for s, e in bounded_sentence_spans(text, body_start, end, together)
    ]


def _is_question(sentence: str) -> bool:
    """A question the text asks (a quiz item, a rhetorical question): never quoted as an answer."""
    return sentence.rstrip("\"'”’) ").endswith("?")
