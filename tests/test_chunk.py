from __future__ import annotations

from hypothesis import given, settings, strategies as st

from sagebot.chunk import chunk_source
from sagebot.ingest import SourceText

from .conftest import SHIPPED_FILE


def shipped(max_chars: int = 900):
    text = SHIPPED_FILE.read_text(encoding="utf-8")
    return text, chunk_source(SourceText(SHIPPED_FILE.name, "text", text, "0" * 64), max_chars)


def test_every_chunk_and_unit_span_reproduces_the_file() -> None:
    text, result = shipped()
    assert len(result.chunks) > 20
    for chunk in result.chunks:
        assert text[chunk.start : chunk.end] == chunk.text
    for unit in result.units:
        chunk = result.chunks[unit.chunk]
        assert chunk.start <= unit.start < unit.end <= chunk.end
        quote = text[unit.start : unit.end]
        assert quote == quote.strip() and "\n" not in quote


def test_chunks_stay_in_one_section_and_under_the_size() -> None:
    text, result = shipped(400)
    for chunk in result.chunks:
        assert chunk.section, chunk
        units = [u for u in result.units if u.chunk == chunk.id]
        # Longer than the limit only when a single unit (a long sentence or table row) is.
        assert len(chunk.text) <= 400 or len(units) == 1 or chunk.text.count("\t") > 0


def test_table_rows_stay_whole_and_are_quoted_whole() -> None:
    text, result = shipped(300)
    rows = [u for u in result.units if u.kind == "row"]
    glossary = [u for u in rows if result.chunks[u.chunk].section == "Glossary of Key Terms"]
    assert len(glossary) == 22
    for unit in glossary:
        line_start = text.rfind("\n", 0, unit.start) + 1
        line_end = text.find("\n", unit.end)
        assert (unit.start, unit.end) == (line_start, line_end)


def test_quiz_items_are_questions_not_answers() -> None:
    text, result = shipped()
    questions = [text[u.start : u.end] for u in result.units if u.kind == "question"]
    assert "What is the role of the Elastic Container Registry (ECR) in the SageMaker ecosystem?" in questions
    assert any(q.startswith("Compare and contrast the responsibilities") for q in questions)  # essay task
    answers = [text[u.start : u.end] for u in result.units if u.kind != "question"]
    assert any(a.startswith("The Elastic Container Registry (ECR) serves as a repository") for a in answers)


def test_units_carry_their_section_as_context_for_embedding() -> None:
    _, result = shipped()
    row = next(u for u in result.units if u.kind == "row" and "ECR (Elastic" in u.embed_text)
    assert row.embed_text.startswith("Glossary of Key Terms: ECR (Elastic Container Registry) — ")


paragraph = st.text(alphabet=st.sampled_from(list("abc XYZ.?!\t*-#1:\"")), min_size=1, max_size=120)


@settings(max_examples=150, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=12), st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n"]),
       st.integers(200, 600))
def test_spans_reproduce_any_text(paragraphs: list[str], separator: str, max_chars: int) -> None:
    text = separator.join(paragraphs)
    result = chunk_source(SourceText("x.txt", "text", text, "0" * 64), max_chars)
    for chunk in result.chunks:
        assert text[chunk.start : chunk.end] == chunk.text
    for unit in result.units:
        assert text[unit.start : unit.end].strip() == text[unit.start : unit.end] != ""
