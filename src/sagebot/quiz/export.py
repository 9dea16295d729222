"""The glossary as a deck: a two-column term/definition CSV (Quizlet, Anki Basic), the full CSV with sources,
and an Anki .apkg (genanki) with stable ids so re-imports update."""

from __future__ import annotations

import csv
import io
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sagebot.ingest.glossary import Term

MODEL_ID = 1607392319  # fixed: Anki matches note types by id
DECK_NAME = "sagebot glossary"


def deck_id(title: str) -> int:
    return 1_000_000_000 + zlib.crc32(title.encode("utf-8")) % 1_000_000_000


def to_csv(terms: list[Term]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["term", "definition", "aliases", "document", "section", "source", "start", "end"])
    for t in terms:
        writer.writerow([t.name, t.definition, "; ".join(t.aliases), t.document, t.section, t.source, t.start, t.end])
    return out.getvalue()


def to_basic_csv(terms: list[Term]) -> str:
    """Two columns, term and definition, no header: what Quizlet's import and Anki's Basic note type take."""
    out = io.StringIO()
    writer = csv.writer(out)
    for t in terms:
        writer.writerow([t.name, " ".join(t.definition.split())])
    return out.getvalue()


def to_apkg(terms: list[Term], path: Path, title: str = DECK_NAME) -> Path:
    import html

    import genanki

    model = genanki.Model(
        MODEL_ID,
        "sagebot term",
        fields=[{"name": "Term"}, {"name": "Definition"}, {"name": "Source"}],
        templates=[
            {
                "name": "Term → definition",
                "qfmt": "<div class=term>{{Term}}</div>",
                "afmt": "{{FrontSide}}<hr id=answer><div>{{Definition}}</div><div class=source>{{Source}}</div>",
            }
        ],
        css=".term{font-size:1.4em;font-weight:bold}.source{margin-top:1em;color:#666;font-size:.8em}",
    )
    deck = genanki.Deck(deck_id(title), title)
    for t in terms:
        source = f"{t.document} › {t.section} ({t.source})"
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[html.escape(t.name), html.escape(t.definition), html.escape(source)],
                guid=genanki.guid_for(t.source, t.name),  # stable: editing a definition updates the same note
            )
        )
    genanki.Package(deck).write_to_file(str(path))
    return path
