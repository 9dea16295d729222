"""Notebooks, Word and PowerPoint files, generated here with the libraries that read them (nothing binary is
committed): their text, structure, code passages, glossary, and offsets into the extracted text."""

from __future__ import annotations

from pathlib import Path

import pytest

from sagebot.ingest.chunk import chunk_source
from sagebot.ingest.glossary import course_glossary
from sagebot.ingest.read import discover, read_corpus, read_source
from sagebot.text import display_unit


def make_notebook(path: Path) -> None:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    notebook.cells = [
        nbformat.v4.new_markdown_cell(
            "# Loops in Python\n\nA **loop** repeats a block of code. The `for` loop walks over a sequence."
        ),
        nbformat.v4.new_code_cell(
            "# print each number\nfor n in range(3):\n    print(n)",
            outputs=[nbformat.v4.new_output("stream", text="SECRET OUTPUT\n")],
        ),
        nbformat.v4.new_markdown_cell("## While loops\n\nA `while` loop runs as long as its condition holds."),
    ]
    nbformat.write(notebook, str(path))


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Cell Biology Basics", style="Title")
    document.add_paragraph("Organelles", style="Heading 1")
    document.add_paragraph("The mitochondrion produces most of the cell's energy. It has its own DNA.")
    document.add_paragraph("Ribosomes build proteins.", style="List Bullet")
    document.add_paragraph("Glossary", style="Heading 1")
    table = document.add_table(rows=3, cols=2)
    rows = [
        ("Term", "Definition"),
        ("Nucleus", "The organelle that holds the chromosomes."),
        ("Cytoplasm", "The fluid that fills the cell."),
    ]
    for r, (term, definition) in enumerate(rows):
        table.cell(r, 0).text, table.cell(r, 1).text = term, definition
    document.save(str(path))


def make_pptx(path: Path) -> None:
    import pptx

    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = "Intro to Statistics"
    slide.placeholders[1].text = "Week 1"
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "The mean"
    slide.placeholders[1].text_frame.text = "The mean is the sum of the values divided by their count."
    slide.placeholders[1].text_frame.add_paragraph().text = "It is sensitive to outliers."
    slide.notes_slide.notes_text_frame.text = "Remind students that the median resists outliers."
    deck.save(str(path))


@pytest.fixture
def course(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_notebook(corpus / "loops.ipynb")
    make_docx(corpus / "cells.docx")
    make_pptx(corpus / "stats.pptx")
    return corpus


def test_notebooks_word_and_powerpoint_are_read(course: Path) -> None:
    chunked = {cs.source.path: cs for cs in (chunk_source(s, 1400) for s in read_corpus(course))}
    assert sorted(chunked) == ["cells.docx", "loops.ipynb", "stats.pptx"]
    for cs in chunked.values():
        assert cs.source.derived  # offsets point into the extracted text, which the index keeps under texts/
        for unit in cs.units:
            assert 0 <= unit.start < unit.end <= len(cs.source.text)

    def shown(path: str) -> list[tuple[str, str, str]]:
        cs = chunked[path]
        where = {c.id: (c.document, c.section) for c in cs.chunks}
        return [(*where[u.chunk], display_unit(cs.source.text[u.start : u.end])) for u in cs.units]

    notebook = chunked["loops.ipynb"]
    assert "SECRET OUTPUT" not in notebook.source.text  # outputs are left out
    assert shown("loops.ipynb") == [
        ("Loops in Python", "", "A loop repeats a block of code."),
        ("Loops in Python", "", "The for loop walks over a sequence."),
        ("Loops in Python", "", "# print each number for n in range(3): print(n)"),
        ("Loops in Python", "While loops", "A while loop runs as long as its condition holds."),
    ]
    assert [u.kind for u in notebook.units].count("code") == 1 and len(notebook.code_chunks) == 1
    assert shown("stats.pptx") == [
        ("Intro to Statistics", "Intro to Statistics", "Week 1"),
        ("Intro to Statistics", "The mean", "The mean is the sum of the values divided by their count."),
        ("Intro to Statistics", "The mean", "It is sensitive to outliers."),
        ("Intro to Statistics", "The mean", "Remind students that the median resists outliers."),  # the notes
    ]
    assert shown("cells.docx")[:3] == [
        ("Cell Biology Basics", "Organelles", "The mitochondrion produces most of the cell's energy."),
        ("Cell Biology Basics", "Organelles", "It has its own DNA."),
        ("Cell Biology Basics", "Organelles", "Ribosomes build proteins."),
    ]
    glossary = course_glossary(list(chunked.values()))
    assert [(t.name, t.source) for t in glossary.terms] == [("Nucleus", "cells.docx"), ("Cytoplasm", "cells.docx")]
    text = chunked["cells.docx"].source.text
    assert all(text[t.start : t.end] == t.definition for t in glossary.terms)


def test_damaged_office_files_and_notebooks_are_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for name, data in (("bad.ipynb", b"{not json"), ("bad.docx", b"PK\x03\x04 not a zip"), ("bad.pptx", b"")):
        (tmp_path / name).write_bytes(data)
    assert [read_source(f) for f in discover(tmp_path)] == [None, None, None]
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "cannot read it as a Jupyter notebook" in messages and "cannot read it as a Word document" in messages
    assert "bad.pptx" in messages
