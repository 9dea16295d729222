from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sagebot.text import content_terms, display_unit, sentence_spans


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_sentences_respect_abbreviations_and_quotes() -> None:
    text = (
        "Tools (e.g., Terraform) help. Compare managed vs. unmanaged services. "
        'Teams answer "is this viable?" in half a day. It says "ticking a box." Then more.'
    )
    assert split(text) == [
        "Tools (e.g., Terraform) help.",
        "Compare managed vs. unmanaged services.",
        'Teams answer "is this viable?" in half a day.',
        'It says "ticking a box."',
        "Then more.",
    ]


def test_plain_text_sentences_run_together_without_a_space_are_two_but_a_dotted_name_is_not() -> None:
    def run_together(text: str) -> list[str]:
        return [text[s:e] for s, e in sentence_spans(text, run_together=True)]

    glued = "It anchors the Texas Triangle.Comprising a land area of 640 miles, it is big."
    assert run_together(glued) == ["It anchors the Texas Triangle.", "Comprising a land area of 640 miles, it is big."]
    assert run_together("Houston (Texas).In the 1660s it grew.") == ["Houston (Texas).", "In the 1660s it grew."]
    for text in ("Pass `click.Context to it.", "Sepal.Length Sepal.Width", "the structure.nav.Navigation class"):
        assert run_together(text) == [text]
    assert split("Extend React.Component in your class.") == ["Extend React.Component in your class."]  # Markdown
    assert split(glued) == [glued]


def test_sentence_without_final_stop_is_kept() -> None:
    assert split("First one. And a trailing fragment") == ["First one.", "And a trailing fragment"]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300), st.integers(0, 50))
def test_sentence_spans_always_reproduce_the_text(text: str, offset: int) -> None:
    padded = "x" * offset + text
    last = offset
    for start, end in sentence_spans(text, offset):
        assert offset <= last <= start < end <= offset + len(text)
        piece = padded[start:end]
        assert piece == piece.strip() and piece
        last = end


def test_content_terms_stem_and_drop_stopwords() -> None:
    assert content_terms("Where are the containers stored?") == ["container", "stor"]
    assert content_terms("What's ECR used for") == ["ecr"]


def test_display_unit_reads_rows_and_items() -> None:
    assert display_unit("* Compute Size: the CPU") == "Compute Size: the CPU"
    assert display_unit("Subnet\tA network within a VPC.") == "Subnet — A network within a VPC."
    assert display_unit("a\tb\tc") == "a | b | c"


def test_a_long_paragraph_splits_into_every_sentence() -> None:
    text = "This is one sentence. " * 20_000 + "And e.g. this one continues."
    spans = sentence_spans(text)
    assert len(spans) == 20_001
    assert text[spans[-1][0] : spans[-1][1]] == "And e.g. this one continues."
