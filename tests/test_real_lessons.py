"""Reading real public lessons: the evaluation documents in eval/corpora/ (see eval/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

from sagebot.ingest.chunk import ChunkedSource, chunk_source
from sagebot.ingest.glossary import course_glossary
from sagebot.ingest.read import read_corpus
from sagebot.markup import strip_markup
from sagebot.text import display_unit

from .conftest import ROOT

CORPORA = ROOT / "eval" / "corpora"
MARKUP_LEFT = re.compile(r":::|\\[\\`*_{}\[\]()#+\-.!|>]|\]\(|\{#|\{%|<!--")


def lesson(name: str) -> list[ChunkedSource]:
    return [chunk_source(s, 1400) for s in read_corpus(CORPORA / name, exclude=("SOURCE.md",))]


def front_matter_title(path: Path) -> str:
    match = re.search(
        r"^---\n.*?^title:\s*['\"]?(.+?)['\"]?\s*$.*?^---$", path.read_text(encoding="utf-8"), re.M | re.S
    )
    return match.group(1) if match else ""


def test_git_novice_titles_come_from_front_matter_and_nothing_raw_reaches_a_learner() -> None:
    chunked = lesson("git-novice")
    for cs in chunked:
        if not cs.source.path.startswith(("episodes/", "learners/")):
            continue
        assert {c.document for c in cs.chunks} == {front_matter_title(CORPORA / "git-novice" / cs.source.path)}
        for chunk in cs.chunks:
            assert ":::" not in chunk.text and not chunk.text.startswith("---")
        for unit in cs.units:
            if unit.kind != "code":
                assert not MARKUP_LEFT.search(display_unit(cs.source.text[unit.start : unit.end])), unit


def test_git_novice_definition_list_glossary() -> None:
    chunked = lesson("git-novice")
    source = (CORPORA / "git-novice" / "learners" / "reference.md").read_text(encoding="utf-8")
    expected = {
        m.group(1): " ".join(strip_markup(m.group(2)).split())
        for m in re.finditer(r"^\[([^\]]+)\]\{#[^}]+\}\n:\s+(.+?)(?=\n\n|\Z)", source, re.M | re.S)
    }
    found = {t.name: t.definition for t in course_glossary(chunked).terms}
    assert len(expected) >= 14
    assert len(set(found) & set(expected)) >= len(expected) - 1  # all but at most one
    assert {name: found[name] for name in found} == {name: expected[name] for name in found}  # none wrong


def test_httpx_docs_titles_never_come_from_code_comments() -> None:
    chunked = lesson("httpx-docs")
    titles = {c.document for cs in chunked for c in cs.chunks}
    comments = {
        line.lstrip("# ").strip()
        for cs in chunked
        for u in cs.units
        if u.kind == "code"
        for line in cs.source.text[u.start : u.end].splitlines()
        if line.lstrip().startswith("#")
    }
    assert not titles & comments
    assert {"QuickStart", "Async Support", "HTTP/2", "Environment Variables"} <= titles
