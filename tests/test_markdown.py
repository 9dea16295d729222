"""Markdown as course authors write it (front matter, pandoc and kramdown call-outs, code blocks, anchored
headings, escapes, Liquid tags), read from small lessons written in the shapes of real ones (tests/fixtures/)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sagebot.ingest.chunk import ChunkedSource, chunk_source
from sagebot.ingest.glossary import course_glossary
from sagebot.ingest.markdown import parse_markdown
from sagebot.ingest.read import SourceText, read_corpus
from sagebot.ingest.summary import TITLE_FROM_FILE, summarise
from sagebot.markup import strip_markup
from sagebot.text import display_unit

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
# What must never reach a learner: raw front matter, pandoc fences, Markdown escapes, link or attribute syntax.
MARKUP_LEFT = re.compile(r":::|\\[\\`*_{}\[\]()#+\-.!|>]|\]\(|\{[#:.]|\{%|\{\{|<!--|</?[a-z]+[ >]|&nbsp;")


def chunked(folder: Path) -> list[ChunkedSource]:
    return [chunk_source(s, 1400) for s in read_corpus(folder)]


def md(text: str, path: str = "notes.md") -> SourceText:
    return SourceText(path, "markdown", text, "0" * 64)


def test_titles_come_from_front_matter_or_the_first_heading_never_from_code() -> None:
    sources = {cs.source.path: cs for cs in chunked(FIXTURES / "lesson")}
    titles = {path: {c.document for c in cs.chunks} for path, cs in sources.items()}
    assert titles == {
        "episodes/01-storage.md": {"Storing Research Data"},
        "episodes/02-backups.md": {"Making Backups"},
        "learners/reference.md": {"Reference"},
    }
    sections = {c.section for cs in sources.values() for c in cs.chunks}
    assert "Keeping raw data safe" in sections  # the <a name="raw"></a> anchor is gone
    assert "Naming files" in sections  # so is {#naming .unnumbered}
    assert not any("make the project folders" in s or "copy the folder" in s for s in sections)


def test_no_passage_holds_front_matter_fences_or_template_tags() -> None:
    for cs in chunked(FIXTURES / "lesson") + chunked(FIXTURES / "kramdown"):
        for chunk in cs.chunks:
            assert chunk.text == cs.source.text[chunk.start : chunk.end]
            assert not chunk.text.startswith("---") and "teaching:" not in chunk.text
            assert ":::" not in chunk.text and "{%" not in chunk.text and "<!--" not in chunk.text


def test_what_a_learner_reads_is_clean_and_every_quote_is_its_source_slice() -> None:
    for cs in chunked(FIXTURES / "lesson") + chunked(FIXTURES / "kramdown"):
        for unit in cs.units:
            quote = cs.source.text[unit.start : unit.end]
            if unit.kind != "code":
                assert not MARKUP_LEFT.search(display_unit(quote)), (cs.source.path, quote)
    units = [display_unit(cs.source.text[u.start : u.end]) for cs in chunked(FIXTURES / "lesson") for u in cs.units]
    assert "A shared volume holds at most 6144 MB." in units
    assert "Larger files go to the archive (up to 1GB) instead." in units
    assert "Raw data is kept read-only, so that no analysis can change it by accident." in units
    assert "Read the storage policy before you upload anything." in units
    assert "The archive keeps every version of a file for ten years at least." in units  # &nbsp;
    assert "Keep three copies on two kinds of storage, with one copy off site." in units


def test_code_blocks_are_kept_whole_as_code_never_headings() -> None:
    cs = next(c for c in chunked(FIXTURES / "lesson") if c.source.path == "episodes/01-storage.md")
    code = [cs.source.text[u.start : u.end] for u in cs.units if u.kind == "code"]
    assert code == [
        "# make the project folders\nmkdir -p project/data project/results\n# protect the raw data\n"
        "chmod -R a-w project/data",
        "# an indented code block\n    ls -l project/data",
    ]
    assert len(cs.code_chunks) == 2
    assert all(any((c.id == i and "mkdir" in c.text) or "ls -l" in c.text for c in cs.chunks) for i in cs.code_chunks)


def test_callouts_and_divs_are_unwrapped_with_their_label_as_section() -> None:
    blocks = {
        strip_markup(b.document + " › " + " › ".join(b.section)): b
        for cs in chunked(FIXTURES / "lesson") + chunked(FIXTURES / "kramdown")
        for b in cs.blocks
    }
    assert "Storing Research Data › Keeping raw data safe › Why read-only?" in blocks
    assert "Storing Research Data › Naming files › Challenge: Rename the files › Solution" in blocks
    assert "Storing Research Data › Objectives" in blocks
    assert "Storing Research Data › Naming files › Key Points" in blocks
    assert "Repeating Actions with Loops › Variables in loops" in blocks  # kramdown > ## … {: .callout}
    assert "Repeating Actions with Loops › Note" in blocks  # > **Note**: …


def test_tables_are_rows_under_their_header() -> None:
    cs = next(c for c in chunked(FIXTURES / "lesson") if c.source.path == "episodes/01-storage.md")
    rows = [b for b in cs.blocks if b.kind == "table_row"]
    assert [display_unit(cs.source.text[b.start : b.end]) for b in rows] == [
        "final data (2).csv — 2024-03-01_survey.csv",
        "Copy of results.xlsx — 2024-03-02_results.xlsx",
    ]
    assert rows[0].table_header == ("Bad name", "Good name")


def test_a_definition_list_glossary_of_40_terms_gives_all_40_with_their_definitions() -> None:
    source = (FIXTURES / "lesson" / "learners" / "reference.md").read_text(encoding="utf-8")
    expected = {
        m.group(1): " ".join(strip_markup(m.group(2)).split())
        for m in re.finditer(r"^\[([^\]]+)\]\{#[^}]+\}\n:\s+(.+?)(?=\n\n|\Z)", source, re.M | re.S)
    }
    assert len(expected) == 40
    glossary = course_glossary(chunked(FIXTURES / "lesson"))
    found = {t.name: t.definition for t in glossary.terms}
    assert found == expected and not glossary.derived
    for term in glossary.terms:
        assert " ".join(strip_markup(source[term.start : term.end]).split()) == term.definition


def test_every_common_glossary_form_is_read_and_glossaries_merge() -> None:
    glossary = course_glossary(chunked(FIXTURES / "forms"))
    found = {t.name: (t.definition, t.source) for t in glossary.terms}
    assert sorted(found) == ["Firewall", "Gateway", "Packet", "Port", "Router", "Socket", "Switch", "TCP", "UDP"]
    assert found["Packet"] == ("A unit of data sent over a network, with a header that says where it goes.", "terms.md")
    assert found["Router"] == ("A device that forwards packets between networks.", "terms.md")  # first wins
    assert found["TCP"][1] == "web-protocols.html"  # an HTML <dl>, in an HTML file and (Packet) in Markdown
    assert glossary.per_source == {"terms.md": 7, "web-protocols.html": 2}
    kramdown = course_glossary(chunked(FIXTURES / "kramdown"))
    assert [t.name for t in kramdown.terms] == ["loop", "wildcard", "pipe"]
    assert kramdown.terms[1].definition == "A character such as * that stands for any run of characters in a file name."


def test_without_a_glossary_terms_are_derived_from_definitions_and_marked() -> None:
    glossary = course_glossary(chunked(FIXTURES / "derived"))
    assert glossary.derived
    assert [t.name for t in glossary.terms] == ["Humus", "Loam", "Leaching"]
    assert glossary.terms[1].definition == "Loam refers to a soil with roughly equal parts of sand, silt and clay."


def test_the_summary_says_what_was_read(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "lesson", tmp_path / "corpus")
    (tmp_path / "corpus" / "untitled-notes.md").write_text("Just a line of notes.\n", encoding="utf-8")
    read = chunked(tmp_path / "corpus")
    summary = {s.source: s for s in summarise(read, course_glossary(read), ["broken.pdf"])}
    assert summary["episodes/01-storage.md"].titles == ("Storing Research Data",)
    assert summary["episodes/01-storage.md"].code_passages == 2
    assert summary["learners/reference.md"].terms == 40
    assert summary["untitled-notes.md"].warnings == (TITLE_FROM_FILE,)
    assert summary["untitled-notes.md"].titles == ("Untitled Notes",)
    assert summary["broken.pdf"].passages == 0 and summary["broken.pdf"].warnings


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("---\ntitle: 'From: the header'\n---\n\n# Other\n\nText.\n", "From: the header"),
        ("---\ntitle: Loops: the basics\nteaching: [10\n---\n\nText.\n", "Loops: the basics"),  # not YAML
        ("# Title {#top}\n\nText.\n", "Title"),
        ('# Title <a name="top"></a>\n\nText.\n', "Title"),
        ("Text first.\n\n```bash\n# not a title\n```\n", "Notes"),
        ("---\nlayout: page\n---\n\n# <a name='x'></a>\n\nText.\n", "Notes"),  # a heading that is only an anchor
    ],
)
def test_document_title_forms(text: str, title: str) -> None:
    blocks = parse_markdown(md(text))
    assert {b.document for b in blocks} == {title}
    assert all(b.untitled for b in blocks) == (title == "Notes")


def test_plain_text_is_left_untouched_by_display() -> None:
    for plain in (
        "A subnet is a network within a VPC.",
        "Costs rose 5 * 3 times; a_b and snake_case_names stay.",
        "x < y and y > z",
        "Use C++ or C# (not F#) for 2 * 2 = 4.",
        "Price: $5 (or €4).",
    ):
        assert strip_markup(plain) == plain and display_unit(plain) == plain


def test_display_strips_markdown_markup_and_escapes() -> None:
    cases = {
        "6144 MB\\.": "6144 MB.",
        "\\(up to 1GB\\)": "(up to 1GB)",
        "**bold** and *em* and __strong__ and _em_": "bold and em and strong and em",
        'run `git commit -m "*x*"` now': 'run git commit -m "*x*" now',
        "[the guide](https://example.org/a_(b)) says": "the guide says",
        "see [ref][1] and ![a cat](cat.png) ![](x.png)": "see ref and a cat",
        "::: callout\nText": "Text",
        "<b>Bold</b> &amp; <em>em</em>": "Bold & em",
        "{{ site.name }} rocks {% raw %}": "rocks",
        "| a | b |": "a — b",
        "> quoted line\n> second": "quoted line second",
        "[commit]{#commit}\n:   To record": "commit: To record",
        "Heading text {#id .class}": "Heading text",
        "**Keep it small\\. ** This will reduce": "Keep it small. This will reduce",  # a mark that closes nothing
        "** This will reduce": "This will reduce",
        "Pass **kwargs to it, and 2**10 is 1024.": "Pass **kwargs to it, and 2**10 is 1024.",  # no marks
        "in this case `${filename}`, and `.fastq` goes": "in this case ${filename}, and .fastq goes",  # no role
    }
    for raw, shown in cases.items():
        assert display_unit(raw) == shown, raw


def test_a_table_row_is_shown_under_its_columns_names() -> None:
    from sagebot.markup import row_with_header

    passage = "The table:\n\nFeature\tEC2\tSageMaker\nSetup\tManual\tAutomatic\nSpeed\tSlower\tFaster\n"
    row = "Speed\tSlower\tFaster"
    at = passage.index(row)
    assert row_with_header(passage, at, at + len(row)) == "Speed — EC2: Slower; SageMaker: Faster"
    pipes = "| Feature | EC2 | SageMaker |\n|---|---|---|\n| Setup | Manual | **Automatic** |\n"
    row = "| Setup | Manual | **Automatic** |"
    at = pipes.index(row)
    assert row_with_header("Intro.\n" + pipes, at + 7, at + 7 + len(row)) == "Setup — EC2: Manual; SageMaker: Automatic"


def test_a_row_whose_header_is_not_in_the_passage_is_shown_as_it_is() -> None:
    from sagebot.markup import row_with_header

    passage = "Setup\tManual\tAutomatic\nSpeed\tSlower\tFaster\n"  # the passage starts inside the table
    row = "Speed\tSlower\tFaster"
    assert row_with_header(passage, passage.index(row), passage.index(row) + len(row)) is None
    assert row_with_header("A\tB\n", 0, 3) is None  # two cells: a term and its definition, read as it is


@pytest.mark.parametrize(
    ("passage", "row", "header_first", "shown"),
    [
        # a Markdown table right under a heading: its header is the passage's first line, known by the rule under it
        ("| a | b | c |\n|---|---|---|\n| x | y | z |\n", "| x | y | z |", False, "x — b: y; c: z"),
        # a tab-separated header as the first line, known only to the caller
        ("a\tb\tc\nx\ty\tz\n", "x\ty\tz", True, "x — b: y; c: z"),
        ("  a\tb\tc\n  x\ty\tz\n", "x\ty\tz", True, "x — b: y; c: z"),  # an indented table
        ("Intro.\n\na\tb\tc\nx\t\t\n", "x\t\t", False, None),  # no other cell: nothing to name
        ("Intro.\n\na\tb\tc\n\ty\tz\n", "\ty\tz", False, None),  # no first cell
        ("Intro.\n\na\t\tc\nx\ty\tz\n", "x\ty\tz", False, None),  # a column with no name
        ("|---|---|---|\n| p | q | r |\n| x | y | z |\n", "| x | y | z |", False, None),  # starts at the rule
        ("Intro.\n\na\tb\tc\nx\t  many   spaces \tz\n", "x\t  many   spaces \tz", False, "x — b: many spaces; c: z"),
    ],
)
def test_row_with_header_edge_cases(passage: str, row: str, header_first: bool, shown: str | None) -> None:
    from sagebot.markup import row_with_header

    at = passage.index(row)
    assert row_with_header(passage, at, at + len(row), header_first) == shown


def test_a_documentation_generators_directive_is_no_div_that_swallows_the_page() -> None:
    text = (
        "# Theme\n\n## nav\n\n::: mkdocs.structure.nav.Navigation\n    options:\n        heading_level: 4\n\n"
        "The nav object holds the pages.\n\n::: mkdocs.structure.nav.Navigation.pages\n\n## base_url\n\n"
        "The base URL of the site.\n\n::: challenge\n\nTry it.\n\n:::\n"
    )
    sections = sections_of(text)
    assert sections["The nav object holds the pages."] == ("nav",)
    assert sections["The base URL of the site."] == ("base_url",)
    assert sections["Try it."] == ("base_url", "Challenge")  # a fenced div still labels its blocks


def test_an_images_attribute_block_is_no_text_to_quote() -> None:
    text = (
        "# Axes\n\nThe mean is taken down each column.\n\n"
        "![](fig/axes.svg){alt='Per-day average is computed column-wise across all rows' width=\"40%\"}\n\n"
        "An array has rows and columns.\n"
    )
    read = [text[b.start : b.end] for b in parse_markdown(md(text))]
    assert not any("alt=" in block or "column-wise" in block for block in read), read
    assert strip_markup("See ![a plot](fig/a.svg){alt='A plot' width=\"40%\"} above.") == "See a plot above."


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Use the {ref}`testing helpers <testing>` module.", "Use the testing helpers module."),
        ("Call {func}`click.echo` instead of print.", "Call click.echo instead of print."),
        ("It is stored in {attr}`~Context.params`.", "It is stored in params."),
        ("Use `{name}` or `{age}` as placeholders.", "Use {name} or {age} as placeholders."),  # code, no roles
    ],
)
def test_a_myst_role_reads_as_its_title_or_target(text: str, shown: str) -> None:
    assert display_unit(text) == shown


def test_a_myst_directive_that_holds_prose_is_read_as_prose_and_one_holding_code_is_not() -> None:
    text = (
        "# Testing\n\nThe runner invokes commands.\n\n```{warning}\n:class: dropdown\n"
        "These tools change the interpreter state.\n```\n\n```{eval-rst}\n.. autoclass:: CliRunner\n```\n\n"
        "```{note}\n---\nclass: dropdown\n---\nThe runner is not thread-safe.\n```\n\n"
        "```{versionadded} 8.0\nThe catch_exceptions flag.\n```\n"
    )
    blocks = {text[b.start : b.end]: b for b in parse_markdown(md(text))}
    warning = blocks["These tools change the interpreter state."]
    assert warning.kind == "paragraph" and warning.section == ("Warning",)
    assert not any("dropdown" in read for read in blocks)
    assert blocks[".. autoclass:: CliRunner"].kind == "code"
    assert blocks["The runner is not thread-safe."].section == ("Note",)  # its options block read as nothing
    assert blocks["The catch_exceptions flag."].kind == "paragraph"


def test_a_mkdocs_note_is_read_without_its_marker_line() -> None:
    text = (
        "# Clients\n\nA client pools connections.\n\n!!! hint\n    Use one client per application.\n\n"
        '!!! tip "Gotcha"\n    The proxy URL uses http.\n    That is no typo.\n\n??? note\n    Folded away.\n'
    )
    read = [text[b.start : b.end] for b in parse_markdown(md(text))]
    assert read[1] == "Use one client per application."
    assert read[2].startswith("The proxy URL uses http.") and read[3] == "Folded away."
    assert not any("!!!" in r or "???" in r for r in read)


def test_a_notes_text_indented_after_a_blank_line_is_prose_and_indented_code_elsewhere_stays_code() -> None:
    text = (
        '# Docker\n\n??? tip "What is `uv.lock`?"\n\n    `uv.lock` is a lockfile.\n    It pins versions.\n\n'
        "    It makes builds repeatable.\n\n!!! note\n    First paragraph.\n\n    Second paragraph.\n\n"
        "Run it:\n\n    $ uvicorn main:app\n\nOr in Python:\n\n    x = 1\n"
    )
    read = {text[b.start : b.end]: b.kind for b in parse_markdown(md(text))}
    assert read["`uv.lock` is a lockfile.\n    It pins versions."] == "paragraph"
    assert read["It makes builds repeatable."] == read["Second paragraph."] == "paragraph"
    assert read["$ uvicorn main:app"] == read["x = 1"] == "code"  # not under a note


def test_a_page_titled_glossary_in_its_front_matter_is_read_as_one(tmp_path: Path) -> None:
    (tmp_path / "reference.md").write_text(
        "---\ntitle: Glossary\n---\n\n"
        "- **Formative Assessment**:\n  Assessment that takes place during a lesson to give feedback.\n\n"
        "- **Summative Assessment**:\n  Assessment at the end of a lesson.\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.md").write_text("# Notes\n\n- **Tip**: check in with learners often.\n", encoding="utf-8")
    glossary = course_glossary(chunked(tmp_path))
    assert [t.name for t in glossary.terms] == ["Formative Assessment", "Summative Assessment"]  # not the tip
    assert glossary.terms[0].definition == "Assessment that takes place during a lesson to give feedback."


def test_a_heading_for_each_term_under_a_glossary_heading_is_a_term(tmp_path: Path) -> None:
    (tmp_path / "terms.md").write_text(
        "# Reference\n\n## Glossary\n\nThe words of this course.\n\n### API\n\nA set of functions one program offers another.\n\nMore about APIs.\n\n"
        "### Endpoint\n\nA URL that answers requests.\n\n## Other\n\n### Setup\n\nInstall it first.\n",
        encoding="utf-8",
    )
    glossary = course_glossary(chunked(tmp_path))
    found = {t.name: t.definition for t in glossary.terms}
    assert found == {
        "API": "A set of functions one program offers another.",
        "Endpoint": "A URL that answers requests.",
    }


@pytest.mark.parametrize(
    ("files", "terms"),
    [
        (  # a letter's heading over "Term: definition" lines
            {"terms.md": "# Reference\n\n## Glossary\n\n### A\n\nAPI: functions one program offers another.\n\n"},
            ["API"],
        ),
        (  # the document's title is the glossary heading
            {"glossary.md": "# Glossary\n\n## API\n\nFunctions one program offers another.\n\n## Endpoint\n\nA URL.\n"},
            ["API", "Endpoint"],
        ),
        ({"reference.md": "Note: this page is short.\n\nTip: read it twice.\n"}, []),  # only named so, by its file
        (  # "definitions" in a heading that is no glossary's
            {"python.md": "# Python\n\n## Function definitions\n\n### Default arguments\n\nA default is used.\n"},
            [],
        ),
    ],
)
def test_glossary_headings_are_read_only_under_a_glossary(
    tmp_path: Path, files: dict[str, str], terms: list[str]
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    glossary = course_glossary(chunked(tmp_path))
    assert [t.name for t in glossary.terms if not glossary.derived] == terms


def test_an_exercise_call_out_keeps_its_kind_beside_its_title() -> None:
    text = (
        "# Loops\n\n::: challenge\n\n## Summing a list\n\nWrite a loop.\n\n::: solution\n\nA running total.\n\n:::\n\n"
        ":::\n\n::: challenge\n\n## Challenge 2: Products\n\nMultiply them.\n\n:::\n\n::: callout\n\n## Tip\n\nNote it.\n\n:::\n"
    )
    sections = sections_of(text)
    assert sections["Write a loop."] == ("Challenge: Summing a list",)
    assert sections["A running total."] == ("Challenge: Summing a list", "Solution")
    assert sections["Multiply them."] == ("Challenge 2: Products",)  # its title says so already
    assert sections["Note it."] == ("Tip",)  # other call-outs are named by their title alone


def test_a_kramdown_exercise_is_named_by_the_class_line_after_it() -> None:
    text = (
        "# Loops\n\n> ## Summing a list\n>\n> Write a loop.\n>\n> > ## Solution\n> >\n> > A running total.\n"
        "> {: .solution}\n{: .challenge}\n\n> ## Variables in loops\n>\n> The variable holds the name.\n{: .callout}\n\n"
        "> A plain quote.\n\n> ## Next\n>\n> Try it.\n{: .challenge}\n"
    )
    sections = sections_of(text)
    assert sections["Write a loop."] == ("Challenge: Summing a list",)
    assert sections["A running total."] == ("Challenge: Summing a list", "Solution")  # its own class: a solution
    assert sections["The variable holds the name."] == ("Variables in loops",)
    assert sections["A plain quote."] == ()  # the class line of the call-out after it is not its own
    assert sections["Try it."] == ("Challenge: Next",)


def sections_of(text: str) -> dict[str, tuple[str, ...]]:
    """Each block's text → its section, for a Markdown source."""
    return {text[b.start : b.end]: b.section for b in parse_markdown(md(text))}


def test_text_between_two_shortcodes_is_read_and_shown_without_them() -> None:
    source = md(
        "# Environments\n\n{{% note %}}\nSince version 1.2, Poetry no longer supports Python 2.7.\n{{% /note %}}\n"
    )
    units = [source.text[u.start : u.end] for u in chunk_source(source, 1400).units]
    said = [u for u in units if "Since version 1.2" in u]
    assert said and "{{%" not in strip_markup(said[0])
    assert [b for b in parse_markdown(md("{{% note %}}\n\n{{< figure src=x >}}\n")) if b.kind == "paragraph"] == []
