from __future__ import annotations

import pytest

from sagebot.ingest.read import SourceText, html_to_text
from sagebot.ingest.structure import document_titles, looks_like_heading, parse

from .conftest import SHIPPED_FILE


def source(text: str, kind: str = "text", path: str = "notes.txt") -> SourceText:
    return SourceText(path, kind, text, "0" * 64)


def sections(blocks) -> list[str]:
    seen: list[str] = []
    for b in blocks:
        label = " › ".join((b.document, *b.section))
        if label not in seen:
            seen.append(label)
    return seen


def test_shipped_file_documents_and_sections() -> None:
    text = SHIPPED_FILE.read_text(encoding="utf-8")
    found = sections(parse(source(text, path=SHIPPED_FILE.name)))
    assert [s for s in found if s.startswith("Blog Post")][:3] == [
        "Blog Post › Stop Building, Start Winning: 5 Unintuitive Truths About AWS Managed Services",
        "Blog Post › 1. They're Not Just for Succeeding Faster—They're for Failing Faster",
        "Blog Post › 2. They Keep Your Experts Focused on Expertise",
    ]
    for expected in (
        "Blog Post › Conclusion: What Will You Build Now?",
        "Briefing › Executive Summary",
        "Briefing › Unmanaged Services: The EC2 Example › Key Characteristics",
        "Briefing › Managed Services: The AWS Abstraction Model › Core Principles",
        "Briefing › The Control vs. Convenience Trade-off",
        "Study Guide › Short-Answer Quiz",
        "Study Guide › Answer Key",
        "Study Guide › Glossary of Key Terms",
    ):
        assert expected in found
    assert {s.split(" › ")[0] for s in found} == {"Blog Post", "Briefing", "Study Guide"}
    # Quiz questions, answer-key items, quotes and lead-in sentences are content, not headings.
    assert not any("What is the fundamental difference" in s for s in found)
    assert not any("I would much rather" in s for s in found)
    assert not any("The following table summarizes" in s for s in found)


def test_every_block_span_is_trimmed_text_of_the_file() -> None:
    text = SHIPPED_FILE.read_text(encoding="utf-8")
    for block in parse(source(text)):
        piece = text[block.start : block.end]
        assert piece and piece == piece.strip()
        assert "\n\n" not in piece


def test_glossary_rows_are_whole_blocks_with_their_header() -> None:
    text = SHIPPED_FILE.read_text(encoding="utf-8")
    rows = [b for b in parse(source(text)) if b.kind == "table_row" and b.section == ("Glossary of Key Terms",)]
    assert len(rows) == 22
    assert all(b.table_header == ("Term", "Definition") for b in rows)
    assert text[rows[0].start : rows[0].end].startswith("AWS Managed Service\tA service where AWS abstracts")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Executive Summary", True),
        ("Key Characteristics:", True),
        ("1. They're Not Just for Succeeding Faster—They're for Failing Faster", True),
        ("Conclusion: What Will You Build Now?", True),
        ("The following table summarizes the key distinctions:", False),
        ('"I would much rather they did that rather than me."', False),
        ("This is a plain sentence that ends with a full stop.", False),
        ("This is it", False),
    ],
)
def test_plain_heading_heuristic(line: str, expected: bool) -> None:
    assert looks_like_heading(line) is expected


def test_markdown_levels_and_document_split() -> None:
    text = (
        "# Intro to Clouds\n\nClouds are computers elsewhere.\n\n## Storage\n\nData lives in buckets.\n\n"
        "### Encryption\n\nKeys protect buckets.\n\n## Compute\n\n* Machines run code.\n* They cost money.\n\n"
        "# Second Handout\n\nAnother document starts here.\n"
    )
    blocks = parse(source(text, kind="markdown", path="cloud.md"))
    assert sections(blocks) == [
        "Intro to Clouds",
        "Intro to Clouds › Storage",
        "Intro to Clouds › Storage › Encryption",
        "Intro to Clouds › Compute",
        "Second Handout",
    ]
    assert [b.kind for b in blocks if b.section == ("Compute",)] == ["list_item", "list_item"]


def test_plain_text_without_markdown_uses_file_name_as_title() -> None:
    text = "Overview\n\nThe course covers two topics.\n\nKey Ideas:\n\nFirst idea here. Second idea here.\n"
    blocks = parse(source(text, path="week-1_notes.txt"))
    assert sections(blocks) == ["Week 1 Notes › Overview", "Week 1 Notes › Overview › Key Ideas"]


def test_markdown_file_does_not_guess_plain_headings() -> None:
    blocks = parse(source("# Notes\n\nShort Line Here\n\nBody text.\n", kind="markdown", path="n.md"))
    assert sections(blocks) == ["Notes"]
    assert len(blocks) == 2


def test_html_is_read_into_the_same_structure() -> None:
    html = """<html><head><title>Ignored</title><style>p{}</style></head><body>
    <h1>Networking &amp; You</h1><p>A <b>VPC</b> is a private network.</p>
    <h2>Glossary</h2><table><tr><th>Term</th><th>Definition</th></tr>
    <tr><td>Subnet</td><td>A network inside a VPC.</td></tr></table>
    <ul><li>First item.</li><li>Second item.</li></ul>
    <dl><dt>Security Group</dt><dd>Rules for traffic.</dd></dl>
    <script>alert(1)</script></body></html>"""
    text = html_to_text(html)
    assert "alert" not in text and "p{}" not in text
    blocks = parse(source(text, kind="html", path="page.html"))
    assert sections(blocks) == ["Networking & You", "Networking & You › Glossary"]
    kinds = [(b.kind, text[b.start : b.end]) for b in blocks]
    assert ("table_row", "Subnet\tA network inside a VPC.") in kinds
    assert ("list_item", "* First item.") in kinds
    assert (
        "definition",
        "Security Group\n:   Rules for traffic.",
    ) in kinds  # a definition list, as the glossary reads it


def test_an_html_definition_in_paragraphs_keeps_its_term() -> None:
    html = (
        "<h1>Garden terms</h1><dl><dt>mulch</dt><dd><p>A layer spread over soil.</p><p>It keeps weeds down.</p></dd>"
        "<dt>loam</dt><dd><p>Soil of sand, silt and clay.</p></dd><dt>stray</dt></dl><p>After the list.</p>"
    )
    text = html_to_text(html)
    assert "mulch\n:   A layer spread over soil. It keeps weeds down." in text
    assert "loam\n:   Soil of sand, silt and clay." in text
    assert "\n\nAfter the list.\n" in text  # a term without its definition names nothing after its list


def test_document_titles_drop_shared_prefix_and_spell_out_kinds() -> None:
    assert document_titles(
        [
            "03 01 Sagemaker What Makesitamanaged Service Blogpost",
            "03 01 Sagemaker What Makesitamanaged Service Breifing",
            "03 01 Sagemaker What Makesitamanaged Service Studyguide",
        ]
    ) == ["Blog Post", "Briefing", "Study Guide"]
    assert document_titles(["Lecture 3: Storage"]) == ["Lecture 3: Storage"]


def test_a_runaway_heading_is_cut_so_it_cannot_swell_every_passage() -> None:
    huge = "word " * 200_000
    text = f"# {huge}\n\nThe first passage.\n\n## {huge}\n\nThe second passage.\n"
    blocks = parse(source(text, kind="markdown", path="long.md"))
    assert blocks and all(len(b.document) <= 202 and all(len(s) <= 202 for s in b.section) for b in blocks)
    assert blocks[-1].section[-1].endswith("…")


def test_wiki_headings_in_plain_text_name_their_sections() -> None:
    text = "Intro line of the article.\n\n== History ==\nIt began in 1990.\n=== Early years ===\nSmall at first.\n"
    blocks = parse(source(text))
    by_text = {text[b.start : b.end]: b.section for b in blocks}
    assert by_text["It began in 1990."] == ("History",)
    assert by_text["Small at first."] == ("History", "Early years")


def test_a_text_files_opening_fields_and_bare_addresses_are_not_read_as_sentences() -> None:
    text = (
        "Title: Long short-term memory\nSource: Wikipedia\nURL: https://example.org/wiki/LSTM\n\n"
        "https://example.org/wiki/LSTM\nLong short-term memory is a kind of recurrent network.\n"
        "Note: the gates were added later.\nThey help.\n"
    )
    blocks = parse(source(text))
    assert [text[b.start : b.end] for b in blocks] == [
        "Long short-term memory is a kind of recurrent network.\nNote: the gates were added later.\nThey help."
    ]


def test_a_key_value_line_inside_the_text_is_read() -> None:
    text = "Intro: the first thing to know.\nIt is short.\n"  # one field, then prose: no header
    assert [text[b.start : b.end] for b in parse(source(text))] == [text.strip()]


def test_a_glossary_of_term_lines_at_the_top_of_a_text_file_is_read() -> None:
    text = "API: a way for programs to talk.\nSDK: a kit for building software.\n"
    assert [text[b.start : b.end] for b in parse(source(text))] == [text.strip()]


def test_an_address_inside_a_wrapped_sentence_stays_in_it() -> None:
    text = "The guide is available at\nhttps://example.org/guide\nand is updated every release.\n"
    assert [text[b.start : b.end] for b in parse(source(text))] == [text.strip()]


def test_fields_after_a_heading_or_without_a_title_are_read() -> None:
    text = "# Release 2.1\nDate: 2024-01-01\nVersion: 2.1\n\nIt adds encryption.\n"
    assert "Date: 2024-01-01\nVersion: 2.1" in [text[b.start : b.end] for b in parse(source(text))]
    text = "Version: 2 of the protocol adds encryption.\nDate: fields are stored in UTC.\n\nMore.\n"
    assert text.split("\n\n")[0] in [text[b.start : b.end] for b in parse(source(text))]
