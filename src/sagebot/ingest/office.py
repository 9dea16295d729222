"""Jupyter notebooks, Word and PowerPoint files as Markdown-shaped text, which the Markdown reader then reads.

These formats have no text source a citation could point into, so the text made here is the source: the index
keeps it under `texts/` (like the text extracted from HTML and PDF) and every `start`/`end` is an offset into it.

- `.ipynb` (nbformat): markdown cells as they are, code cells as fenced code blocks, outputs left out.
- `.docx` (python-docx): the Title style as `# `, Heading n as `#`×(n+1) (or ×n without a title), list
  paragraphs as `- ` items, other paragraphs as they are, tables as `| a | b |` rows under their header.
- `.pptx` (python-pptx): the file's title (or the first slide's) as `# `; each slide a `## ` section named by
  its title (or "Slide n"), its other text as `- ` items, its tables as rows, its speaker notes as a paragraph.
"""

from __future__ import annotations

import io
import logging
from typing import Any

log = logging.getLogger(__name__)


def notebook_text(name: str, data: bytes) -> str | None:
    try:
        import nbformat

        notebook = nbformat.reads(data.decode("utf-8-sig"), as_version=4)
    except Exception as exc:  # not JSON, not a notebook, an unknown nbformat version
        log.warning("Skipping %s: cannot read it as a Jupyter notebook (%s).", name, exc)
        return None
    parts = []
    for cell in notebook.cells:
        source = str(cell.get("source", "")).strip("\n")
        if not source.strip():
            continue
        if cell.cell_type == "markdown":
            parts.append(source)
        elif cell.cell_type == "code":
            fence = "````" if "```" in source else "```"
            language = str(notebook.metadata.get("kernelspec", {}).get("language", "") or "")
            parts.append(f"{fence}{language}\n{source}\n{fence}")
    return "\n\n".join(parts) + "\n"


def _rows(table: Any) -> list[str]:
    """A table as Markdown rows: header, rule, body (line breaks inside a cell become spaces, pipes escaped)."""
    rows = []
    for row in table.rows:
        cells = [" ".join(cell.text.split()).replace("|", "\\|") for cell in row.cells]
        rows.append("| " + " | ".join(cells) + " |")
    if rows:
        width = rows[0].count(" | ") + 1
        rows.insert(1, "|" + "---|" * width)
    return rows


def docx_text(name: str, data: bytes) -> str | None:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        items = list(document.iter_inner_content())
    except Exception as exc:  # a damaged or password-protected file, not a Word file
        log.warning("Skipping %s: cannot read it as a Word document (%s).", name, exc)
        return None
    has_title = any(isinstance(i, Paragraph) and _style(i) == "title" for i in items)
    parts = []
    for item in items:
        if isinstance(item, Table):
            parts.append("\n".join(_rows(item)))
            continue
        assert isinstance(item, Paragraph)
        text = " ".join(item.text.split())
        style = _style(item)
        if not text:
            continue
        if style == "title":
            parts.append(f"# {text}")
        elif style.startswith("heading") and style[7:].strip().isdigit():
            level = min(6, int(style[7:]) + (1 if has_title else 0))
            parts.append(f"{'#' * level} {text}")
        elif style.startswith("list") or (item._p.pPr is not None and item._p.pPr.numPr is not None):
            parts.append(f"- {text}")
        else:
            parts.append(text)
    return "\n\n".join(parts) + "\n"


def _style(paragraph: Any) -> str:
    return str(paragraph.style.name if paragraph.style is not None else "").lower()


def pptx_text(name: str, data: bytes) -> str | None:
    try:
        from pptx import Presentation

        deck = Presentation(io.BytesIO(data))
        slides = list(deck.slides)
    except Exception as exc:  # a damaged file, not a PowerPoint file
        log.warning("Skipping %s: cannot read it as a PowerPoint file (%s).", name, exc)
        return None
    titles = [" ".join((s.shapes.title.text if s.shapes.title is not None else "").split()) for s in slides]
    title = " ".join((deck.core_properties.title or "").split()) or next((t for t in titles if t), "")
    parts = [f"# {title}"] if title else []
    for number, (slide, heading) in enumerate(zip(slides, titles, strict=True), start=1):
        parts.append(f"## {heading or f'Slide {number}'}")
        for shape in slide.shapes:
            if shape == slide.shapes.title:
                continue
            if getattr(shape, "has_table", False):
                parts.append("\n".join(_rows(shape.table)))
            elif getattr(shape, "has_text_frame", False):
                lines = [" ".join(p.text.split()) for p in shape.text_frame.paragraphs]
                parts.extend(f"- {line}" for line in lines if line)
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            notes = " ".join(slide.notes_slide.notes_text_frame.text.split())
            if notes:
                parts.append(notes)
    return "\n\n".join(parts) + "\n"
