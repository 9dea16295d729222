"""A Markdown lesson, a notebook, a Word file and a slide deck indexed with the real model: answers quote the
exact source slice and show it clean; the build summary and the glossary's origin are what an author expects."""

from __future__ import annotations

import shutil
from pathlib import Path

from sagebot.assistant import Assistant
from sagebot.index.encoder import Encoder
from sagebot.ingest.summary import TITLE_FROM_FILE
from sagebot.settings import Settings

from .conftest import ROOT
from .test_formats import make_docx, make_notebook, make_pptx

FIXTURES = ROOT / "tests" / "fixtures"


def assistant_over(tmp_path: Path, encoder: Encoder, *folders: str) -> Assistant:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for folder in folders:
        shutil.copytree(FIXTURES / folder, corpus / folder)
    return Assistant(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), encoder=encoder)


def test_lesson_answers_quote_the_source_and_display_it_clean(tmp_path: Path, encoder: Encoder) -> None:
    assistant = assistant_over(tmp_path, encoder, "lesson", "kramdown")
    make_notebook(tmp_path / "corpus" / "loops.ipynb")
    make_docx(tmp_path / "corpus" / "cells.docx")
    make_pptx(tmp_path / "corpus" / "stats.pptx")
    report = assistant.build_index()
    summary = {d.source: d for d in report.documents}
    assert summary["lesson/episodes/01-storage.md"].titles == ("Storing Research Data",)
    assert summary["lesson/learners/reference.md"].terms == 40 and report.terms == 40 + 3 + 2
    assert summary["loops.ipynb"].code_passages == 1
    # kramdown/reference.md has front matter without a title and no level-1 heading
    assert {d.source: d.warnings for d in report.documents if d.warnings} == {
        "kramdown/reference.md": (TITLE_FROM_FILE,)
    }
    assert assistant.glossary_source() == "glossary" and assistant.glossary_note() == ""

    answer = assistant.ask("How large can a file on the shared volume be?")
    assert answer.grounded
    shown = {c.display for c in answer.citations}
    assert "A shared volume holds at most 6144 MB." in shown
    for question in ("What does the mean measure?", "What does a for loop do?", "What does the nucleus hold?"):
        assert assistant.ask(question).grounded, question
    generation = assistant.index.directory
    for question in ("How large can a file on the shared volume be?", "What does the mean measure?"):
        for c in assistant.ask(question).citations:
            path = tmp_path / "corpus" / c.source
            if path.suffix == ".md":
                source = path.read_bytes().decode("utf-8")
            else:  # no text source: the offsets point into the extracted text the index keeps
                sha = assistant.index.manifest["sources"][c.source]["sha256"]
                source = (generation / "texts" / f"{sha}.txt").read_text(encoding="utf-8")
            assert source[c.start : c.end] == c.quote
            assert "\\" not in c.display and "**" not in c.display and ":::" not in c.display


def test_a_course_without_a_glossary_gets_a_derived_one_and_says_so(tmp_path: Path, encoder: Encoder) -> None:
    assistant = assistant_over(tmp_path, encoder, "derived")
    (tmp_path / "corpus" / "scratch.md").write_text("Some notes without a heading.\n", encoding="utf-8")
    report = assistant.build_index()
    assert report.glossary_derived and report.terms == 3
    assert {d.source: d.warnings for d in report.documents}["scratch.md"] == (TITLE_FROM_FILE,)
    assert assistant.glossary_source() == "derived"
    assert "No glossary found; these terms were taken from definitions in the text." in assistant.glossary_note()
    assert [t["name"] for t in assistant.glossary()] == ["Humus", "Loam", "Leaching"]
