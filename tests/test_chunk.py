from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sagebot.ingest.chunk import chunk_source
from sagebot.ingest.read import SourceText

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
    _, result = shipped(400)
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
    row = next(u for u in result.units if u.kind == "row" and "ECR (Elastic" in u.encode_text)
    assert row.encode_text.startswith("Glossary of Key Terms: ECR (Elastic Container Registry) — ")


paragraph = st.text(alphabet=st.sampled_from(list('abc XYZ.?!\t*-#1:"')), min_size=1, max_size=120)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(paragraph, min_size=1, max_size=12),
    st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n"]),
    st.integers(200, 600),
)
def test_spans_reproduce_any_text(paragraphs: list[str], separator: str, max_chars: int) -> None:
    text = separator.join(paragraphs)
    result = chunk_source(SourceText("x.txt", "text", text, "0" * 64), max_chars)
    for chunk in result.chunks:
        assert text[chunk.start : chunk.end] == chunk.text
    for unit in result.units:
        assert text[unit.start : unit.end].strip() == text[unit.start : unit.end] != ""


def check_bounded(text: str, max_chars: int):
    from sagebot.ingest.chunk import MAX_UNIT_CHARS

    result = chunk_source(SourceText("x.txt", "text", text, "0" * 64), max_chars)
    for chunk in result.chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= max(max_chars, MAX_UNIT_CHARS)
    for unit in result.units:
        quote = text[unit.start : unit.end]
        assert quote.strip() == quote != "" and len(quote) <= MAX_UNIT_CHARS
        chunk = result.chunks[unit.chunk]
        assert chunk.start <= unit.start < unit.end <= chunk.end
    return result


def test_a_huge_line_without_sentence_ends_is_cut_into_bounded_sentences_and_passages() -> None:
    words = " ".join(f"word{i % 1000}" for i in range(150_000))  # ~1 MB on one line, no full stop
    row = "Term\tMeaning\nLong\t" + "cell " * 400 + "\n"
    text = f"{words}\n\n{'x' * 20_000}\n\n{row}\nA normal sentence. Another one follows it.\n"
    result = check_bounded(text, 1400)
    quotes = [text[u.start : u.end] for u in result.units]
    assert quotes[-2:] == ["A normal sentence.", "Another one follows it."]  # real sentences are left as they were
    pieces = [u for u in result.units if text[u.start : u.end].startswith("word")]
    assert " ".join(text[u.start : u.end] for u in pieces).split() == words.split()  # every word, none cut
    assert 1700 < len(pieces) < 2200 and "x" * 600 in quotes  # cut near the limit; hard where there is no space


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "word ",
                "lengthy" * 120,
                "  ",
                "\n",
                "\n\n",
                "\t",
                "End. ",
                "Why? ",
                "# H\n",
                "* ",
                "1. ",
                "a" * 650,
                " " * 300,
            ]
        ),
        min_size=1,
        max_size=60,
    ),
    st.integers(200, 1400),
)
def test_spans_stay_bounded_and_reproduce_any_long_text(parts: list[str], max_chars: int) -> None:
    text = "".join(parts)
    if text.strip():
        check_bounded(text, max_chars)


def test_a_lead_in_sentence_starts_the_passage_of_the_code_it_introduces() -> None:
    filler = " ".join(f"Sentence number {i} says something about lists." for i in range(7))
    text = (
        f"# Lists\n\n{filler}\n\nIf all we want is a copy of a list, we can use the `list` function:\n\n"
        "```python\nprimes = list(odds)\nprimes.append(2)\n```\n\nAnd a closing remark.\n"
    )
    result = chunk_source(SourceText("lists.md", "markdown", text, "0" * 64), 420)
    lead = next(u for u in result.units if text[u.start : u.end].startswith("If all we want"))
    code = next(u for u in result.units if u.kind == "code")
    assert lead.chunk == code.chunk and len(result.chunks) == 2


def test_a_lead_in_comes_with_code_longer_than_a_passage() -> None:
    filler = " ".join(f"Sentence number {i} says something about lists." for i in range(7))
    program = "\n".join(f"total = total + {i}" for i in range(40))  # about twice the passage size
    text = f"# Sums\n\n{filler}\n\nThe whole program reads:\n\n```python\n{program}\n```\n"
    result = chunk_source(SourceText("sums.md", "markdown", text, "0" * 64), 420)
    lead = next(u for u in result.units if text[u.start : u.end] == "The whole program reads:")
    assert lead.chunk == next(u for u in result.units if u.kind == "code").chunk
