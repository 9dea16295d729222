"""A quoted sentence as the learner sees it: its words as displayed, its passage, document and place."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sagebot.ingest.chunk import UNIT_KINDS
from sagebot.markup import row_with_header
from sagebot.text import display_unit

if TYPE_CHECKING:
    from sagebot.answer.retrieve import Retriever
    from sagebot.answer.sentences import ScoredUnit

CODE = UNIT_KINDS.index("code")
ROW = UNIT_KINDS.index("row")


@dataclass(frozen=True)
class Citation:
    n: int
    document: str
    section: str
    text: str  # the whole passage
    quote: str  # the quoted sentence, exactly source_text[start:end]
    start: int
    end: int
    source: str
    score: float
    chunk: int  # passage id in the index, and where the passage starts in the source
    passage_start: int
    display: str = ""  # the quote as the learner reads it: no markup, no escapes

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["chunk"], data["passage_start"]
        return data


def citation(n: int, scored: ScoredUnit, retriever: Retriever) -> Citation:
    index = retriever.index
    chunk = index.chunks[scored.chunk]
    start, end = (int(x) for x in index.unit_spans[scored.unit])
    quote = retriever.unit_text(scored.unit)
    kind = index.unit_kinds[scored.unit]
    shown = quote if kind == CODE else display_unit(quote)  # code keeps its lines
    if kind == ROW:  # a row of a table comes with its columns' names
        header_first = opens_on_header(scored, retriever)
        shown = row_with_header(chunk.text, start - chunk.start, end - chunk.start, header_first) or shown
    return Citation(
        n,
        chunk.document,
        chunk.section,
        chunk.text,
        quote,
        start,
        end,
        chunk.source,
        round(scored.score, 4),
        scored.chunk,
        chunk.start,
        shown,
    )


def opens_on_header(scored: ScoredUnit, retriever: Retriever) -> bool:
    """Whether the passage's first line is a table's header: a line of cells that is no row of the index."""
    index = retriever.index
    chunk = index.chunks[scored.chunk]
    first = chunk.text.split("\n", 1)[0]
    at = chunk.start + len(first) - len(first.lstrip())
    rows = (u for u in retriever.units_of(scored.chunk).tolist() if index.unit_kinds[u] == ROW)
    return all(int(index.unit_spans[u][0]) != at for u in rows)
