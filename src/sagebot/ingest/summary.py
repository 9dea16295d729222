"""What was read from each file, for the author: titles, passages, code passages, glossary terms and warnings.
`sagebot index` prints it as a table; the manifest keeps it so an up-to-date index can show it again."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sagebot.ingest.chunk import ChunkedSource
from sagebot.ingest.glossary import Glossary

TITLE_FROM_FILE = "document title taken from file name"
SKIPPED = "skipped: cannot be read"


@dataclass(frozen=True)
class DocumentSummary:
    source: str
    titles: tuple[str, ...]
    passages: int
    code_passages: int
    terms: int
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["titles"], data["warnings"] = list(self.titles), list(self.warnings)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> DocumentSummary | None:
        """A summary the manifest kept, or None when it is not one (an index written by an older version)."""
        try:
            return cls(
                str(data["source"]),
                tuple(str(t) for t in data["titles"]),
                int(data["passages"]),
                int(data["code_passages"]),
                int(data["terms"]),
                tuple(str(w) for w in data["warnings"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


def summarise(chunked: list[ChunkedSource], glossary: Glossary, skipped: list[str]) -> list[DocumentSummary]:
    """One summary per file read (in corpus order), then one per file skipped."""
    summaries = []
    for cs in chunked:
        titles = tuple(dict.fromkeys(c.document for c in cs.chunks))
        warnings = []
        if any(b.untitled for b in cs.blocks):
            warnings.append(TITLE_FROM_FILE)
        summaries.append(
            DocumentSummary(
                cs.source.path,
                titles,
                len(cs.chunks),
                len(cs.code_chunks),
                glossary.per_source.get(cs.source.path, 0),
                tuple(warnings),
            )
        )
    summaries.extend(DocumentSummary(path, (), 0, 0, 0, (SKIPPED,)) for path in skipped)
    return summaries
