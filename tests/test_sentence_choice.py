"""Which sentence a part quotes, on the real model and index: the one saying what the thing is, never the layout's
own sentences."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from sagebot.answer.compose import Answer
from sagebot.answer.retrieve import Retriever
from sagebot.assistant import Assistant
from sagebot.index.encoder import Encoder
from sagebot.text import content_terms, display_unit

from .conftest import assistant_on, make_settings


@pytest.fixture(scope="module")
def lessons(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Assistant:
    base = tmp_path_factory.mktemp("lessons")
    (base / "corpus").mkdir()
    topics = {
        "praise": "Praising effort teaches learners that obstacles can be overcome with work. "
        "So praise the effort, never talent.",
        "pacing": "Learners who fall behind stop asking questions, so check in with them often. Go slowly.",
        "feedback": "Anonymous notes let learners say what they would not say aloud. Ask at every break.",
        "errors": "Learners remember a mistake they fixed themselves far longer. Make one on purpose.",
        "pairs": "Learners who explain to a partner find the gaps in what they know. Switch partners often.",
    }
    for minutes, (name, text) in enumerate(topics.items(), start=5):
        (base / "corpus" / f"{name}.md").write_text(
            f"# {name.title()}\n\n{text}\n\nThis exercise should take about {minutes} minutes.\n", encoding="utf-8"
        )
    (base / "corpus" / "auth.md").write_text(
        "# Authentication\n\n"
        "To send basic authentication credentials, pass a tuple as the auth argument to the request.\n\n"
        "## Basic\n\n"
        "HTTP basic authentication is an unencrypted scheme that sends the username and password in a header.\n",
        encoding="utf-8",
    )
    (base / "corpus" / "timer.md").write_text(
        "# Timer\n\nThe default limit of the kitchen timer is five minutes, after which it rings.\n\n"
        "The timer limit can be set to 10 or 20 minutes for a roast, or 3 for an egg.\n\n"
        "## Turning it off\n\nThe timer can be turned off completely for slow recipes:\n\n"
        "```python\nTimer(None)\n```\n",
        encoding="utf-8",
    )
    (base / "corpus" / "drinks.md").write_text(
        "# Drinks\n\n## Tea\n\nTea is made by steeping dried leaves in hot water. Green tea is not fermented.\n\n"
        "## Coffee\n\nCoffee is brewed from roasted beans. Espresso is pressed through fine grounds.\n\n"
        "## Caffeine\n\nA cup of tea holds less caffeine than a cup of coffee.\n",
        encoding="utf-8",
    )
    (base / "corpus" / "packing.md").write_text(
        "# Packing\n\nBefore the hike, each walker packs the following:\n\n- a water bottle,\n- a warm hat,\n"
        "- a paper map,\n- a whistle,\n- a head torch,\n- and a small first-aid kit for blisters.\n",
        encoding="utf-8",
    )
    (base / "corpus" / "ships.md").write_text(
        "# Ships\n\n## The crew\n\nBehind every tall ship is an invisible crew of riggers and sailmakers. "
        "They work day and night in all weathers.\n\n"
        "This invisible crew mends torn sails, splices worn ropes and tars the rigging against rot.\n",
        encoding="utf-8",
    )
    (base / "corpus" / "networks.md").write_text(
        "# Networks\n\nIn 1997, LSTM was used in speech systems by many labs around the world. "
        "Long short-term memory (LSTM) is a kind of recurrent network with gates. "
        "LSTM was later used in translation.\n",
        encoding="utf-8",
    )
    (base / "corpus" / "loops.md").write_text(
        "# Loops\n\nA for loop repeats its body once for each item of a collection.\n\n"
        "::: challenge\n\n## Summing a list\n\nWrite a loop that adds up the numbers of a list and prints the total.\n\n"
        "::: solution\n\n## Solution\n\nA loop adding each number to a running total leaves the sum in it.\n\n:::\n\n:::\n",
        encoding="utf-8",
    )
    (base / "corpus" / "kitchen-terms.md").write_text(
        "# Kitchen terms\n\nbraise\n:   To cook meat slowly in a little liquid in a covered pot.\n\n"
        "brine\n:   Salted water that meat soaks in before it is cooked.\n\n"
        "broth\n:   A liquid in which meat or vegetables have simmered.\n",
        encoding="utf-8",
    )
    (base / "corpus" / "garden.html").write_text(
        "<html><body><h1>Garden terms</h1><dl><dt>mulch</dt><dd><p>A layer of material spread over soil to keep "
        "it moist.</p><p>Mulch also keeps weeds down.</p></dd><dt>loam</dt><dd><p>Soil made of sand, silt and clay "
        "in fair shares.</p></dd><dt>humus</dt><dd><p>The dark matter in soil made by decaying plants.</p></dd>"
        "</dl></body></html>",
        encoding="utf-8",
    )
    (base / "corpus" / "kites.md").write_text(
        "# Kites\n\nA box kite is a kite built from two open boxes joined by struts. "
        "For more information, see the Kite Builders Handbook.\n",
        encoding="utf-8",
    )
    assistant = Assistant(make_settings(base), encoder=encoder)
    assistant.build_index()
    return assistant


def test_an_exercise_task_is_not_quoted_as_the_answer_but_its_solution_is(lessons: Assistant) -> None:
    answer = lessons.ask("how do i add up the numbers of a list with a loop?")
    assert answer.grounded, answer.answer
    assert not any(c.quote.startswith("Write a loop") for c in answer.citations), answer.answer
    assert any("running total" in c.quote for c in answer.citations), answer.answer
    solution = next(c for c in answer.citations if "running total" in c.quote)
    assert "Challenge: Summing a list" in solution.section  # the exercise it belongs to, by name


def test_a_definition_list_entry_does_not_read_on_to_the_next_term(lessons: Assistant) -> None:
    answer = lessons.ask("what does braise mean?")
    assert answer.grounded and "cook meat slowly" in answer.citations[0].quote, answer.answer
    assert not any("Salted water" in c.quote or "simmered" in c.quote for c in answer.citations), answer.answer


def test_a_sentence_the_documents_say_over_and_over_is_never_quoted(lessons: Assistant) -> None:
    answer = lessons.ask("why should i praise effort?")
    assert answer.grounded, answer.answer
    assert not any("should take about" in c.quote for c in answer.citations), answer.answer


def test_a_short_form_finds_the_sentence_defining_the_thing_in_full(lessons: Assistant) -> None:
    answer = lessons.ask("what is basic auth?")
    assert answer.grounded, answer.answer
    assert answer.citations[0].quote.startswith("HTTP basic authentication is an unencrypted scheme"), answer.answer


def test_a_follow_up_is_answered_for_what_it_asks_with_the_code_its_sentence_leads_into(lessons: Assistant) -> None:
    first = lessons.ask("what's the default limit of the kitchen timer?")
    history = [
        {"role": "user", "content": "what's the default limit of the kitchen timer?"},
        {"role": "assistant", "content": first.answer},
    ]
    answer = lessons.ask("can I turn it off completely?", history)
    quotes = [c.quote for c in answer.citations]
    assert answer.grounded, answer.answer
    at = quotes.index("The timer can be turned off completely for slow recipes:")
    assert "Timer(None)" in quotes[at + 1]


def test_a_sentence_setting_the_sides_against_each_other_is_quoted_first(lessons: Assistant) -> None:
    answer = lessons.ask("tea vs coffee, which has more caffeine?")
    assert answer.grounded, answer.answer
    assert answer.citations[0].quote == "A cup of tea holds less caffeine than a cup of coffee.", answer.answer
    assert all(1 in facet.citations for facet in answer.facets)


def test_a_list_item_deep_in_its_list_still_comes_with_the_sentence_opening_it(lessons: Assistant) -> None:
    answer = lessons.ask("do walkers pack a first-aid kit for blisters?")
    quotes = [c.quote for c in answer.citations]
    assert answer.grounded, answer.answer
    at = quotes.index("and a small first-aid kit for blisters.")
    assert quotes[at - 1] == "Before the hike, each walker packs the following:", answer.answer


def test_a_part_may_quote_a_sentence_leaning_on_the_one_quoted_just_before_it(lessons: Assistant) -> None:
    two_each = Assistant(lessons.settings.model_copy(update={"max_citations": 2}), encoder=lessons.encoder)
    answer = two_each.ask("who is the invisible crew behind a tall ship and what do they actually do?")
    quotes = [c.quote for c in answer.citations]
    assert answer.grounded, answer.answer
    assert quotes[-1].startswith("This invisible crew mends torn sails"), answer.answer
    assert quotes[-2] == "They work day and night in all weathers.", answer.answer


def test_a_sentence_opening_with_a_name_and_its_short_form_defines_the_short_form(lessons: Assistant) -> None:
    answer = lessons.ask("what is an LSTM?")
    assert answer.grounded, answer.answer
    assert answer.citations[0].quote.startswith("Long short-term memory (LSTM) is a kind of"), answer.answer


def test_a_sentence_leaning_on_the_part_before_may_only_open_its_part(lessons: Assistant) -> None:
    from sagebot.answer.selection import Selection
    from sagebot.answer.sentences import ScoredUnit

    retriever = lessons.snapshot().retriever
    units = {retriever.unit_text(u): u for u in range(len(retriever.index.unit_kinds))}
    chunk_of = retriever.index.unit_chunk

    def scored(text: str, score: float) -> ScoredUnit:
        return ScoredUnit(units[text], int(chunk_of[units[text]]), score, 0.7)

    shown = scored("They work day and night in all weathers.", 1.0)
    leaning = scored("This invisible crew mends torn sails, splices worn ropes and tars the rigging against rot.", 0.79)
    other = scored("Praising effort teaches learners that obstacles can be overcome with work.", 0.8)

    def after_shown() -> Selection:
        selection = Selection(retriever)
        selection.chosen.append(shown)
        selection.last_shown = shown.unit
        return selection

    assert after_shown().pick([leaning, other], 3)[0] == leaning  # first in its part: right after what it leans on
    assert leaning not in after_shown().pick([other, leaning], 3)  # second: it would follow a sentence about praise


def test_an_articles_reference_list_answers_nothing(tmp_path: Path, encoder: Encoder) -> None:
    town = (
        "Yesler Way won the nickname Skid Road, after the logs skidded down the hill to the sawmill.\n\n"
        "== References ==\n\nSkid Road: an Informal Portrait of the Town (revised ed.).\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"town.txt": town})
    answer = assistant.ask("what is skid road?")
    assert answer.grounded, answer.answer
    assert answer.citations[0].quote.startswith("Yesler Way won the nickname Skid Road"), answer.answer


def test_what_is_the_courses_own_subject_finds_its_glossary_definition(tmp_path: Path, encoder: Encoder) -> None:
    sections = "".join(
        f"## {topic}\n\nTo get help with Quill {topic.lower()}, ask on the Quill forum. "
        f"Quill {topic.lower()} settings live in quill.toml.\n\n"
        for topic in ("Themes", "Plugins", "Builds", "Servers", "Search", "Pages")
    )
    glossary = (
        "# Glossary\n\n| Term | Definition |\n|---|---|\n"
        "| Quill | A static site generator that turns Markdown notes into a website. |\n"
    )
    files = {"guide.md": f"# Quill guide\n\n{sections}", "glossary.md": glossary}
    assistant = assistant_on(tmp_path, encoder, files)
    answer = assistant.ask("what is quill?")
    assert answer.grounded, answer.answer
    assert "static site generator" in answer.citations[0].quote, answer.answer


def test_what_is_an_x_file_is_answered_by_the_sentence_saying_what_x_is(tmp_path: Path, encoder: Encoder) -> None:
    lesson = (
        "# Reads\n\n"
        "We are interested in looking at the ZORB files in this directory. "
        "Our output file will be a ZORB file too, and it makes sense to name it with a .zorb extension. "
        "After all, it holds ZORB data that we extract from our ZORB files. "
        "ZORB is a format for storing sequencing reads and their quality scores. "
        "Let's copy one of our ZORB files before we change it.\n"
    )
    files = "".join(
        f"## {verb.title()}\n\nTo {verb} a file, use the file menu. Every file has a name.\n\n"
        for verb in (
            "open",
            "save",
            "rename",
            "delete",
            "copy",
            "move",
            "print",
            "share",
            "lock",
            "sort",
            "zip",
            "hide",
        )
    )
    assistant = assistant_on(tmp_path, encoder, {"reads.md": lesson, "files.md": f"# Files\n\n{files}"})
    answer = assistant.ask("whats a zorb file")
    assert answer.citations[0].quote.startswith("ZORB is a format"), answer.answer


def test_a_short_list_item_does_not_bring_the_next_item_but_a_long_item_keeps_its_own_sentences(
    tmp_path: Path, encoder: Encoder
) -> None:
    why = (
        "# Why Quill\n\nNo other tool ticks all of these boxes:\n\n"
        "- Supports prompting for custom colours.\n- Is fully nestable and composable.\n- Ships with a spell checker.\n"
        "- Renders tables quickly.\n\n"
        "## Installing\n\n"
        "- Use `quill install` to install the themes listed in `quill.lock`.\n"
        "  This is what you run after cloning a site.\n"
        "- Use `quill refresh` to move every theme to its newest release.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"why.md": why})
    prompting = assistant.ask("how do i prompt users for a custom colour in quill")
    assert prompting.citations[0].quote.startswith("Supports prompting"), prompting.answer
    assert "nestable" not in prompting.answer, prompting.answer
    install = assistant.ask("what does quill install do?")
    assert install.citations[0].quote.startswith("Use `quill install`"), install.answer
    assert install.citations[1].quote == "This is what you run after cloning a site.", install.answer


def test_a_reference_pages_entry_is_defined_by_the_first_sentence_under_its_heading(
    tmp_path: Path, encoder: Encoder
) -> None:
    reference = (
        "# Settings\n\n"
        "### repo_url\n\nWhen set, provides a link to your repository on each page.\n\n"
        "If `repo_url` is not set, the edit link is ignored. The `repo_url` may point to any host.\n\n"
        "### edit_uri\n\nThe path from the `repo_url` to the source folder when viewing a page.\n\n"
        "To use another branch, set the `edit_uri` to your own path. An `edit_uri` can also be a full URL.\n\n"
        "### site_url\n\nThe canonical address of the built site, used in the sitemap.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"settings.md": reference})
    answer = assistant.ask("what do repo_url and edit_uri do?")
    assert [f.label for f in answer.facets] == ["repo_url", "edit_uri"], answer.answer
    assert all(f.covered and f.citations for f in answer.facets), answer.answer
    # the sentence under "### repo_url" names nothing, yet says what it is, ahead of one opening with "The repo_url…"
    assert answer.citations[answer.facets[0].citations[0] - 1].quote.startswith("When set, provides a link")


def test_the_sentence_closest_in_meaning_is_quotable_however_few_words_it_shares(
    tmp_path: Path, encoder: Encoder
) -> None:
    # every other section says "made" and "git", the words of the question; the answer says "created"
    things = [
        "recipes",
        "notes",
        "drafts",
        "figures",
        "tables",
        "scripts",
        "results",
        "plots",
        "papers",
        "slides",
        "charts",
        "maps",
        "logs",
        "images",
        "songs",
        "poems",
        "essays",
        "letters",
        "lists",
        "menus",
        "budgets",
        "reports",
        "diagrams",
        "sketches",
        "models",
        "photos",
        "videos",
        "forms",
        "labels",
        "quizzes",
    ]
    sections = "".join(
        f"## Tracking {thing}\n\nThe {thing} you made are tracked by git once you have made a commit of them.\n\n"
        for thing in things
    )
    history = "## History\n\nGit was created by Linus Torvalds in 2005 as an alternative to BitKeeper.\n\n"
    assistant = assistant_on(tmp_path, encoder, {"lesson.md": f"# Lesson\n\n{sections}{history}"})
    answer = assistant.ask("who made git?")
    assert any("Torvalds" in c.quote for c in answer.citations), answer.answer


def test_a_sentence_pointing_back_past_a_programs_output_is_not_quoted_after_it(
    tmp_path: Path, encoder: Encoder
) -> None:
    lesson = (
        "# Defaults\n\nTo give a parameter a default value, write name=value in the parameter list when defining "
        "the function.\n\n```python\nprint(centre(data))\n```\n\n```output\n[[ 0.  0.]\n [ 0.  0.]]\n```\n\n"
        "This is handy: if we usually want a function to work one way, but occasionally need it to do something "
        "else, we can allow people to pass a parameter and provide a default value for the normal case.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"defaults.md": lesson})
    answer = assistant.ask("how do you give a function parameter a default value?")
    assert answer.grounded, answer.answer
    assert not any(c.quote.startswith("This is handy") for c in answer.citations), answer.answer


def test_a_sentence_saying_what_the_command_before_it_does_is_quoted_after_it(tmp_path: Path, encoder: Encoder) -> None:
    from sagebot import scorecard

    lesson = (
        "# Branches\n\nBranches let you work on a feature apart from the main line of history.\n\n"
        "To create a branch and switch to it in one step:\n\n```bash\ngit checkout -b feature\n```\n\n"
        "This creates a new branch called feature and switches to it, so your next commits go there.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"branches.md": lesson})
    answer = assistant.ask("how do I create a new branch and switch to it?")
    at = _position(answer, "This creates a new branch")
    assert at > 0 and scorecard.follows(answer.citations[at - 1], answer.citations[at]), answer.answer


def test_a_first_sentence_that_moves_the_lesson_on_does_not_define_its_heading(
    tmp_path: Path, encoder: Encoder
) -> None:
    lesson = (
        "# Data types\n\n## Lists\n\nA list holds values in order, and each has an index.\n\n"
        "## Dictionaries\n\nNow let us move on to the next data type.\n\n"
        "A dictionary maps keys to values, so you can look a value up by its key.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"types.md": lesson})
    answer = assistant.ask("what are dictionaries?")
    assert answer.citations[0].quote.startswith("A dictionary maps keys to values"), answer.answer


def test_a_measure_stated_in_the_article_about_the_thing_is_said_of_it(tmp_path: Path, encoder: Encoder) -> None:
    moon = (
        "Moon\n\nThe Moon is Earth's only natural satellite.\n\n== Surface ==\n\n"
        "The lunar surface is exposed to temperature differences ranging from 120 °C to −171 °C.\n"
    )
    mars = "Mars\n\nMars is the fourth planet from the Sun. Its surface is red because of iron oxide.\n"
    assistant = assistant_on(tmp_path, encoder, {"moon.txt": moon, "mars.txt": mars})
    answer = assistant.ask("how cold does it get on the moon")
    assert answer.grounded and "−171 °C" in answer.citations[0].quote, answer.answer
    assert not assistant.ask("how cold does it get on mars").grounded  # no temperature is said of Mars


def test_a_sentence_introducing_code_is_quoted_with_it_however_alike_they_read(
    tmp_path: Path, encoder: Encoder
) -> None:
    page = (
        "# Extensions\n\n## markdown_extensions\n\nExtensions add features to the Markdown parser.\n\n"
        "For example, to enable permalinks in the toc extension, use:\n\n"
        "```yaml\nmarkdown_extensions:\n  - toc:\n      permalink: true\n```\n\n"
        "Add an item to the list for each extension you want.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"extensions.md": page})
    answer = assistant.ask("how do i get permalinks on my headings")
    at = _position(answer, "For example, to enable permalinks")
    assert at + 1 < len(answer.citations) and "permalink: true" in answer.citations[at + 1].quote, answer.answer


def _quotes_by_part(answer: Answer) -> dict[str, list[str]]:
    """Each part's quotes, as read (code's backticks dropped)."""
    return {f.label: [answer.citations[n - 1].quote.replace("`", "") for n in f.citations] for f in answer.facets}


def _position(answer: Answer, opening: str) -> int:
    """Where in the answer the quote opening with these words stands (the test fails when none does)."""
    at = next((i for i, c in enumerate(answer.citations) if c.quote.startswith(opening)), None)
    assert at is not None, answer.answer
    return at


def test_a_sides_sentence_setting_it_against_the_other_side_ranks_higher_for_it(
    tmp_path: Path, encoder: Encoder
) -> None:
    from sagebot.answer.contrast import CONTRAST_BONUS, contrasts_first
    from sagebot.answer.question import analyse_question
    from sagebot.answer.sentences import score_units

    config = (
        "# Configuration\n\n## hooks\n\nA list of paths to Python scripts to load as hooks. "
        "Hooks run in the order they are listed. "
        "Such scripts give no new abilities compared to plugins, but they need no installing.\n\n"
        "## plugins\n\nA list of plugins to use when building the site.\n"
    )
    retriever = assistant_on(tmp_path, encoder, {"config.md": config}).snapshot().retriever
    shape = analyse_question("hooks vs plugins, whats the difference")
    hooks = shape.facets[0]
    scored = score_units(retriever.search(hooks.query, encoder.encode_query), retriever, hooks.kind, hooks.subject)
    before = {retriever.unit_text(s.unit): s.score for s in scored}
    after = {retriever.unit_text(s.unit): s.score for s in contrasts_first(scored, hooks, shape, retriever)}
    raised = [text for text in after if after[text] > before[text]]
    assert raised == ["Such scripts give no new abilities compared to plugins, but they need no installing."]
    assert after[raised[0]] == pytest.approx(before[raised[0]] + CONTRAST_BONUS)


def test_a_follow_up_asking_no_figure_is_not_held_to_the_figure_the_question_before_asked(
    tmp_path: Path, encoder: Encoder
) -> None:
    files = {
        "aggregation.md": "# Aggregation\n\nAn aggregation function such as sum returns at most 1 row for each group.\n",
        "nulls.md": "# Missing data\n\nA null value stands for a missing measurement. Aggregation functions ignore "
        "null values and only combine those that are non-null. Comparing a null value with anything gives null. "
        "Null values need care in every query.\n",
    }
    assistant = assistant_on(tmp_path, encoder, files)
    asked = "whats the maximum number of rows an aggregation function returns"
    first = assistant.ask(asked)
    assert first.grounded, first.answer
    answer = assistant.ask(
        "what do they do with null values",
        [{"role": "user", "content": asked}, {"role": "assistant", "content": first.answer}],
    )
    assert answer.grounded, answer.answer
    assert any(c.quote.startswith("Aggregation functions ignore null values") for c in answer.citations)


def test_a_how_to_quotes_a_procedures_title_with_its_steps_however_short(tmp_path: Path, encoder: Encoder) -> None:
    from sagebot import scorecard

    steps = "1. Open the Functions page of the console\\.\n\n1. Choose a function\\.\n\n1. Choose **Edit**\\.\n\n"
    guide = (
        "# Queues\n\nA dead\\-letter queue keeps the events that failed\\.\n\n"
        f"**To configure a dead\\-letter queue**\n\n{steps}1. Set **DLQ resource** to a queue\\.\n\n"
        "# Variables\n\nYour function reads its settings from environment variables\\.\n\n"
        f"**To set environment variables**\n\n{steps}1. Enter a key and value\\.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"queues.md": guide})
    answer = assistant.ask("how do i configure a dead letter queue")
    quotes = [display_unit(c.quote) for c in answer.citations]
    at = quotes.index("To configure a dead-letter queue")
    assert quotes[at + 1 : at + 5] == [
        "Open the Functions page of the console.",
        "Choose a function.",  # a step may be short
        "Choose Edit.",
        "Set DLQ resource to a queue.",
    ], answer.answer
    assert all(scorecard.follows(a, b) for a, b in itertools.pairwise(answer.citations[at:]))
    asked_what = assistant.ask("what is a dead letter queue")
    assert not any("To configure" in c.quote for c in asked_what.citations), asked_what.answer


def test_what_is_the_guides_own_subject_is_answered_by_the_page_titled_with_it(
    tmp_path: Path, encoder: Encoder
) -> None:
    pages = {
        "welcome.md": "# What is Acme Relay?\n\nRelay is a message service that carries events between programs "
        "without a server of your own. Relay is a highly available service.\n",
        "tools.md": "# Tools for Acme Relay\n\nThe Acme command line tool sends events to Relay from a terminal. "
        "The Acme console shows every Relay queue.\n",
        "queues.md": "# Acme Relay queues\n\nAn Acme queue keeps Relay events until a program reads them. "
        "Acme deletes a queue after a week without events.\n",
        "limits.md": "# Acme Relay limits\n\nAcme Relay accepts events of up to 256 KB. Acme counts every event.\n",
    }
    answer = assistant_on(tmp_path, encoder, pages).ask("what is acme relay")
    assert answer.citations[0].quote.startswith("Relay is a message service"), answer.answer


def test_each_side_of_a_comparison_quotes_its_own_sentences_when_one_side_extends_the_other(
    tmp_path: Path, encoder: Encoder
) -> None:
    lesson = (
        "# Deleting files\n\n"
        "The `rm` command removes a file for good: there is no trash bin to restore it from. "
        "By default, `rm` will not delete directories.\n\n"
        "`rm -r` will delete a directory and every file inside it. "
        "`rm -i` will ask you to confirm each file before it deletes it.\n\n"
        "# Storing data\n\n"
        "A database is a way to store and organise information. "
        "A database manager is a program that reads and changes the information stored in a database.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"lesson.md": lesson})

    answer = assistant.ask("rm vs rm -r vs rm -i")
    parts = _quotes_by_part(answer)
    assert parts["rm -r"] and parts["rm -r"][0].startswith("rm -r will delete"), answer.answer
    # two sentences alike in all but the option they are about are no repeat of each other
    assert parts["rm -i"] and parts["rm -i"][0].startswith("rm -i will ask"), answer.answer
    assert not any(q.startswith(("rm -r", "rm -i")) for q in parts["rm"]), answer.answer

    answer = assistant.ask("whats the difference between a database and a database manager")
    parts = _quotes_by_part(answer)
    assert parts["database manager"][0].startswith("A database manager is a program"), answer.answer
    assert not any(q.startswith("A database manager") for q in parts["database"]), answer.answer


def test_a_question_naming_an_option_is_answered_by_the_sentence_naming_that_option(
    tmp_path: Path, encoder: Encoder
) -> None:
    lesson = (
        "# Listing files\n\n"
        "`ls` lists the contents of the working directory. "
        "We can make the `ls` output easier to read by using the flag `-F`, "
        "which tells `ls` to add a trailing `/` to the names of directories.\n\n"
        "`ls` has lots of other options. "
        "The `-R` option for `ls` stands for recursive: it lists every subdirectory too. "
        "The `-a` option shows hidden files as well.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"listing.md": lesson})
    answer = assistant.ask("what does ls -F do")
    assert answer.grounded and "flag -F" in answer.citations[0].quote.replace("`", ""), answer.answer
    answer = assistant.ask("what does ls -R do")
    assert answer.grounded and "-R option" in answer.citations[0].quote.replace("`", ""), answer.answer


def test_a_how_to_sentence_brings_the_instruction_after_it(tmp_path: Path, encoder: Encoder) -> None:
    lesson = (
        "# Viewing files\n\n"
        "The `less` command opens a file one screen at a time. "
        "`less` also gives you a way of searching through files. "
        'Use the "/" key to begin a search. '
        "The screen will jump to the next place where the word is found.\n\n"
        "# Copying files\n\nThe `cp` command copies a file to a new name.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"viewing.md": lesson})
    answer = assistant.ask("how do i search for a word inside less")
    quotes = [c.quote for c in answer.citations]
    at = next(i for i, q in enumerate(quotes) if "a way of searching" in q)
    assert at + 1 < len(quotes) and quotes[at + 1].startswith('Use the "/" key'), answer.answer


def test_a_sentence_naming_only_the_other_side_of_a_comparison_is_left_to_that_side(
    tmp_path: Path, encoder: Encoder
) -> None:
    from sagebot.answer.contrast import contrasts_first
    from sagebot.answer.question import analyse_question
    from sagebot.answer.sentences import score_units

    page = (
        "# Transformer models\n\n"
        "An encoder-only model maps a text to vectors that represent it. "
        "BERT, the best known of these models, is encoder-only and reads the whole text at once. "
        "A decoder-only model generates text one token at a time. "
        "GPT, the best known of these models, is decoder-only and writes one token after another.\n"
    )
    retriever = assistant_on(tmp_path, encoder, {"models.md": page}).snapshot().retriever
    shape = analyse_question("encoder-only vs decoder-only models")
    decoder = shape.facets[1]
    scored = score_units(
        retriever.search(decoder.query, encoder.encode_query), retriever, decoder.kind, decoder.subject
    )
    before = [retriever.unit_text(s.unit) for s in scored]
    after = [retriever.unit_text(s.unit) for s in contrasts_first(scored, decoder, shape, retriever)]
    assert any(text.startswith("BERT") for text in before)
    # "BERT … is encoder-only" and "An encoder-only model…" name the other side only: the encoder side's
    assert set(after) == {text for text in before if "encoder" not in text}
    assert any(text.startswith("GPT") for text in after)


def test_a_commands_option_is_searched_with_the_sentence_showing_it_beside_that_command(
    tmp_path: Path, encoder: Encoder
) -> None:
    from sagebot.answer.as_code import said_of_options

    files = {
        "listing.md": "# Listing\n\n```bash\n$ ls -l\n```\n\nThe `-l` flag of `ls` shows permissions and sizes.\n",
        "counting.md": "# Counting\n\n```bash\n$ wc notes.txt\n```\n\n"
        "This tells us the number of lines, words and characters. "
        "If we want only the number of lines, we can use the `-l` flag.\n",
    }
    retriever = assistant_on(tmp_path, encoder, files).snapshot().retriever
    assert said_of_options(retriever, "what does wc -l do?") == [
        "If we want only the number of lines, we can use the -l flag."
    ]
    assert said_of_options(retriever, "what does ls -l show") == ["The -l flag of ls shows permissions and sizes."]
    assert said_of_options(retriever, "how do i count the words and lines of a file") == []


def test_a_follow_up_quotes_code_that_differs_from_code_quoted_before_by_what_it_asks_about(
    tmp_path: Path, encoder: Encoder
) -> None:
    page = (
        "# Progress bars\n\n## Showing progress\n\n"
        "Click can draw a progress bar for a long loop. "
        "To hook a loop up to an automatically updating progress bar, change the code to this:\n\n"
        "```python\nwith click.progressbar(users) as bar:\n    for user in bar:\n        update(user)\n```\n\n"
        "## Labels\n\n"
        "Another useful feature is to associate a label with the progress bar, shown before the bar:\n\n"
        "```python\nwith click.progressbar(users,\n                       label='Updating users') as bar:\n"
        "    for user in bar:\n        update(user)\n```\n\n"
        "# Colours\n\nClick can print text in colour with the style function.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"progress.md": page})
    history = [{"role": "user", "content": "how do i hook a loop up to a progress bar"}]
    answer = assistant.ask("can i put a label next to it?", history)
    quotes = [c.quote for c in answer.citations]
    assert any(q.startswith("Another useful feature") for q in quotes), answer.answer
    assert any("label='Updating users'" in q for q in quotes), answer.answer


def test_a_follow_ups_sentence_saying_what_it_asks_is_no_repeat_of_the_answer_before(
    tmp_path: Path, encoder: Encoder
) -> None:
    from sagebot.answer.selection import Selection
    from sagebot.answer.sentences import ScoredUnit

    said = "The runtime uploads the log output of your function to the log service."
    page = f"# Logs\n\n{said} The runtime uploads the log output of your function to the log service after a delay.\n"
    retriever = assistant_on(tmp_path, encoder, {"logs.md": page}).snapshot().retriever
    units = {retriever.unit_text(u): u for u in range(len(retriever.index.unit_kinds))}
    later = units["The runtime uploads the log output of your function to the log service after a delay."]
    selection = Selection(retriever, frozenset([said]))
    selection.said_units = [ScoredUnit(units[said], 0, 1.0, 1.0)]
    assert selection.repeats(later)  # alike: the answer before said it
    selection.asked_terms = frozenset(["delay"])
    assert not selection.repeats(later)  # it says the delay asked about, which the answer before did not


def test_a_why_question_about_a_symbol_ranks_the_sentence_showing_it_in_code_higher(
    tmp_path: Path, encoder: Encoder
) -> None:
    from sagebot.answer.question import analyse_question
    from sagebot.answer.sentences import SYMBOL_BONUS, score_units

    page = (
        "# Scripts\n\n"
        "We had to type bash because we needed to tell the computer what program runs the script. "
        "We'll need to put `./` at the beginning so the computer knows to look in this directory for the program.\n"
    )
    retriever = assistant_on(tmp_path, encoder, {"scripts.md": page}).snapshot().retriever
    question = "why do i have to type ./ before my script name"
    facet = analyse_question(question).facets[0]
    scored = {
        retriever.unit_text(s.unit)[:9]: s.score
        for s in score_units(retriever.search(facet.query, encoder.encode_query), retriever, facet.kind, facet.subject)
    }
    without = {
        retriever.unit_text(s.unit)[:9]: s.score
        for s in score_units(retriever.search(facet.query, encoder.encode_query), retriever, "fact", facet.subject)
    }
    assert facet.kind == "why"
    shown = "We'll nee"
    assert scored[shown] - scored["We had to"] > without[shown] - without["We had to"] + SYMBOL_BONUS / 2


def test_two_sentences_that_read_the_same_are_one_whatever_their_context(tmp_path: Path, encoder: Encoder) -> None:
    from sagebot.answer.selection import Selection

    files = {
        "01-makefiles.md": (
            "# Makefiles\n\n## Rules\n\nA rule names a target, its dependencies and the actions that build it. "
            "Actions are indented using a single TAB character, not 8 spaces. This is a legacy of Make's origins.\n"
        ),
        "02-errors.md": (
            "# Common errors\n\n## Editors on Windows and Mac\n\nIf Make reports a missing separator, the actions are "
            "to blame. Check that all the actions are indented by TAB characters and not spaces. Editors may turn "
            "tabs into spaces when saving.\n"
        ),
    }
    assistant = assistant_on(tmp_path, encoder, files)
    retriever = assistant.snapshot().retriever
    one, other = (_unit_with(retriever, marker) for marker in ("single TAB", "by TAB"))
    assert Selection(retriever, encode=encoder.encode_query).same(one, other)
    assert not Selection(retriever).same(one, other)  # their index vectors, read with their sections, stand apart
    assert not Selection(retriever, encode=encoder.encode_query).same(one, _unit_with(retriever, "Editors"))


def test_a_how_answer_goes_on_to_the_sentence_that_says_how_of_what_the_first_set_up(
    tmp_path: Path, encoder: Encoder
) -> None:
    guide = (
        "# Configuration\n\n## Using environment variables\n\n"
        "Sometimes, in particular when running the tool in CI, it is easier to use environment variables and not "
        "have to run configuration commands. "
        "The tool supports this and any setting can be set by using an environment variable with the TOOL_ prefix.\n\n"
        "## Listing settings\n\nThe config command lists every setting with its value.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"configuration.md": guide})
    answer = assistant.ask("how can i set the tool's config through env vars in ci")
    assert any(c.quote.startswith("The tool supports this") for c in answer.citations), answer.answer


def test_a_sentence_going_on_about_the_one_before_is_no_repeat_of_it(
    tmp_path: Path, encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sagebot.answer import alike
    from sagebot.answer.selection import Selection

    lesson = (
        "# Sharing a project\n\n## Large files\n\n"
        "Large data or image files can be tracked within a hosted repository using the Large File Storage "
        "extension tool. This tool automatically uploads large file contents to a remote server and replaces the "
        "file with a text pointer within the repository.\n\n"
        "## Licences\n\nA licence says what others may do with the project.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"sharing.md": lesson})
    retriever = assistant.snapshot().retriever
    one, then = (_unit_with(retriever, marker) for marker in ("can be tracked", "This tool"))
    assert not Selection(retriever, encode=encoder.encode_query).same(one, then)

    # as the index reads two sentences of one short passage: nearly the same
    monkeypatch.setattr(alike, "closeness", lambda retriever, one, other: 0.95)
    read_alike = Selection(retriever, encode=encoder.encode_query)
    assert not read_alike.same(one, then) and not read_alike.same(then, one)
    licence = _unit_with(retriever, "A licence says")
    assert read_alike.same(one, licence)  # no sentence going on from the other: their closeness decides
    monkeypatch.undo()
    answer = assistant.ask("how can i keep big image or data files in a repository?")
    assert any(c.quote.startswith("This tool automatically") for c in answer.citations), answer.answer


def test_an_answer_reads_on_to_the_sentence_after_one_that_only_announces_what_it_says(
    tmp_path: Path, encoder: Encoder
) -> None:
    article = (
        "# Kingdom of Varn\n\n## Decline\n\n"
        "Historians have offered numerous accounts of the several factors involved in the rapid collapse of the "
        "Kingdom of Varn between 1707 and 1720. "
        "A succession of short-lived and weak rulers, and civil wars over the succession, left the centre unstable. "
        "The harbour towns kept trading through the whole period.\n\n"
        "## Coinage\n\nThe kingdom struck silver coins at two mints.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"varn.md": article})
    answer = assistant.ask("why did the kingdom of varn collapse so quickly after 1707")
    assert any(c.quote.startswith("A succession of short-lived") for c in answer.citations), answer.answer


def test_a_list_items_answer_does_not_read_on_to_the_next_item(tmp_path: Path, encoder: Encoder) -> None:
    guide = (
        "# Running your own servers\n\n"
        "When you run your own servers, you take on every duty yourself:\n\n"
        "- Failover: you must build and manage the failover between machines or data centres.\n"
        "- Patching: you must patch the operating system and every application for known flaws.\n"
        "- Backups: you must schedule backups and test that they can be restored.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"servers.md": guide})
    answer = assistant.ask("who manages failover when i run my own servers?")
    assert any("failover between machines" in c.quote for c in answer.citations), answer.answer
    assert not any(c.quote.startswith("Patching") for c in answer.citations), answer.answer


def _unit_with(retriever: Retriever, marker: str) -> int:
    """The index's sentence holding `marker`."""
    return next(u for u in range(retriever.index.unit_count()) if marker in retriever.unit_text(u))


def test_an_answer_does_not_read_on_to_a_pointer_elsewhere(lessons: Assistant) -> None:
    answer = lessons.ask("what is a box kite?")
    assert answer.grounded and "two open boxes" in answer.citations[0].quote, answer.answer
    assert not any("For more information" in c.quote for c in answer.citations), answer.answer


def test_an_html_glossary_term_is_found_and_defined_alone(lessons: Assistant) -> None:
    answer = lessons.ask("what is loam?")
    assert answer.grounded and "sand, silt and clay" in answer.citations[0].quote, answer.answer
    assert not any("decaying plants" in c.quote or "spread over soil" in c.quote for c in answer.citations)


def test_a_sentence_naming_both_sides_in_passing_does_not_say_what_one_side_is(
    tmp_path: Path, encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sagebot.answer.profile import subject_weights
    from sagebot.answer.selection import Selection
    from sagebot.answer.sentences import ScoredUnit

    page = (
        "# Publishing your site\n\n## Pages hosting\n\n"
        "There are two basic types of Pages sites: Project Pages sites, and User and Organization Pages sites.\n\n"
        "### User and Organization Pages\n\n"
        "User and Organization Pages sites are not tied to a specific project, and the site files are published to "
        "the main branch of a dedicated repository named after the account.\n"
    )
    retriever = assistant_on(tmp_path, encoder, {"publishing.md": page}).snapshot().retriever
    both, own = _unit_with(retriever, "There are two basic"), _unit_with(retriever, "sites are not tied")
    subject = subject_weights("user or organization pages", retriever)
    selection = Selection(retriever)
    selection.chosen.append(ScoredUnit(both, int(retriever.index.unit_chunk[both]), 1.0, 1.0))
    # On the MkDocs guide the two read alike; here they are taken to, to see what makes one a repeat of the other.
    monkeypatch.setattr(selection, "same", lambda one, other: True)
    assert selection.repeats(own, subject)  # asked only about these sites, the first names them too
    selection.other_subjects = frozenset(content_terms("project pages"))
    assert not selection.repeats(own, subject)  # asked about both, it names them side by side, in passing
    selection.chosen[0] = ScoredUnit(own, int(retriever.index.unit_chunk[own]), 1.0, 1.0)
    assert selection.repeats(both, subject)  # the other way round: it does not open with the subject, so it may not


def test_a_part_leaves_a_sentence_opening_with_another_parts_subject_to_that_part(
    tmp_path: Path, encoder: Encoder
) -> None:
    from sagebot.answer.selection import Selection
    from sagebot.answer.sentences import ScoredUnit

    page = (
        "# What the messages mean\n\n"
        "`Nothing to do` means that the target file exists but the recipe for it has no steps to run.\n\n"
        "`fresh` means that the recipe has steps to run and the target file is newer than every input.\n\n"
        "While `fresh` is printed for a target that was built, `Nothing to do` is printed for one with no steps.\n"
    )
    retriever = assistant_on(tmp_path, encoder, {"messages.md": page}).snapshot().retriever
    other, own, both = (_unit_with(retriever, m) for m in ("Nothing to do` means", "fresh` means", "While"))
    scored = [
        ScoredUnit(u, int(retriever.index.unit_chunk[u]), 1.0 - n / 10, 0.5) for n, u in enumerate((other, both, own))
    ]

    def first_picked(others: str, subject: str = "fresh") -> int:
        selection = Selection(retriever)
        selection.other_subjects = frozenset(content_terms(others))
        return selection.pick(scored, 1, "fact", subject)[0].unit

    assert first_picked("") == other  # on its score alone
    # asked beside "nothing to do", it is that part's; the sentence setting the two against each other is this one's too
    assert first_picked("nothing to do") == both
    assert first_picked("nothing to do", subject="") == other  # a part without a subject may be about the other's


def test_a_sentence_opening_a_list_of_ways_says_how(tmp_path: Path, encoder: Encoder) -> None:
    from sagebot.answer.profile import profile

    lesson = (
        "# Conflicts\n\n"
        "To finish merging, we add the file to the changes being made by the merge and then commit:\n\n"
        "```\n$ git add notes.md\n$ git commit\n```\n\n"
        "If you find yourself resolving a lot of conflicts in a project, consider these approaches to reducing them:\n\n"
        "- Pull from upstream more frequently, especially before starting new work\n"
        "- Make smaller more atomic commits\n\n"
        "Conflicts are rare in small teams. There are many reasons to use branches:\n\n"
        "- Work on two features at once\n"
        "- Keep the main line working\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"conflicts.md": lesson})
    retriever = assistant.snapshot().retriever
    fits = {retriever.unit_text(u)[:20]: profile(retriever, u).fits for u in range(retriever.index.unit_count())}
    assert "how" in fits["If you find yourself"]  # the ways it lists
    assert "code lead" in fits["To finish merging, w"] and "how" not in fits["Conflicts are rare i"]
    assert {"why", "reason"} <= fits["There are many reaso"]  # the reasons it lists
    assert "why" not in fits["If you find yourself"]


def test_a_question_whose_words_stand_in_separate_passages_is_on_another_subject(
    tmp_path: Path, encoder: Encoder
) -> None:
    article = (
        "# Mars\n\n"
        "Mars is the fourth planet from the Sun. Its polar caps grow and shrink with the seasons. "
        "The southern cap is called Planum Australe.\n\n"
        "## Exploration\n\n"
        "Signals from the rovers are received by antennas in California, Spain and Australia. "
        "The landers carry seismometers to listen for marsquakes.\n\n"
        "## Names\n\n"
        "Early maps gave the dark regions the names of seas, and the capital letters of Latin names are kept today.\n\n"
        "## Craters\n\n"
        "One crater is named after the city of Flagstaff, where an observatory studied the planet.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"mars.md": article})
    assert not assistant.ask("whats the capital city of australia").grounded
    answered = assistant.ask("where are the signals from the rovers received?")
    assert answered.grounded and "Australia" in answered.answer


def test_a_word_only_in_a_heading_counts_as_said_in_its_passage(tmp_path: Path, encoder: Encoder) -> None:
    lesson = "# Collaborating\n\n## Remotes\n\nCopies of the project on a server let a team share work.\n"
    assistant = assistant_on(tmp_path, encoder, {"remotes.md": lesson})
    assert assistant.ask("why have remotes").grounded


def test_a_sentence_pointing_back_counts_the_words_of_what_it_points_to(
    tmp_path: Path, encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sagebot.answer import sentences

    lesson = (
        "# Selene\n\n"
        "Selene is the only natural satellite of Gaia. It orbits at an average distance of 384,399 kilometres. "
        "It completes an orbit every 29.5 days.\n\n"
        "## Seen from Selene\n\n"
        "Gaia appears in the sky of Selene three to four times as wide as the Sun appears.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"lesson.md": lesson})
    retriever = assistant.snapshot().retriever
    found = retriever.search("how far is selene from gaia", encoder.encode_query)

    def scores() -> dict[str, float]:
        return {retriever.unit_text(s.unit)[:12]: s.score for s in sentences.score_units(found, retriever)}

    borrowing = scores()
    monkeypatch.setattr(sentences, "BORROWED_SHARE", 0.0)
    alone = scores()
    # "It orbits…" is about Selene and Gaia, named in the sentence it points back to
    assert borrowing["It orbits at"] > alone["It orbits at"] + 0.1
    assert borrowing["Gaia appears"] == alone["Gaia appears"]


def test_a_sentence_is_a_repeat_whatever_word_of_the_subject_neither_says(tmp_path: Path, encoder: Encoder) -> None:
    from sagebot.answer.profile import subject_weights
    from sagebot.answer.selection import Selection
    from sagebot.answer.sentences import ScoredUnit

    files = {
        "farming.md": "# Farming\n\nFarming of abalone began in the late 1950s and early 1960s in Japan and China.\n",
        "industry.md": (
            "# Industry\n\nOverfishing has reduced wild populations. "
            "Abalone farming began in the late 1950s and early 1960s in Japan and China.\n"
        ),
        "season.md": "# Season\n\nThe fishing season will start in May.\n",
        "divers.md": "# Divers\n\nDivers start at dawn when the sea is calm.\n",
        "cooking.md": "# Cooking\n\nThe meat is sliced thin and fried quickly.\n",
    }
    retriever = assistant_on(tmp_path, encoder, files).snapshot().retriever
    first, again = (_unit_with(retriever, marker) for marker in ("Farming of abalone", "Abalone farming began"))
    selection = Selection(retriever, encode=encoder.encode_query)
    selection.chosen.append(ScoredUnit(first, int(retriever.index.unit_chunk[first]), 1.0, 1.0))
    # "when did abalone farming start": neither says "start", which tells nothing of one apart from the other
    assert selection.repeats(again, subject_weights("abalone farming start", retriever))


def test_a_site_generators_placeholder_is_never_quoted(tmp_path: Path, encoder: Encoder) -> None:
    guide = (
        "# Deployment\n\n## Options\n\nThe server takes many options on the command line. "
        "To see the complete set of available options, use `server --help`:\n\n"
        "```bash\n{{ server_help }}\n```\n\n"
        "## Workers\n\nThe --workers option runs several worker processes.\n"
    )
    answer = assistant_on(tmp_path, encoder, {"deployment.md": guide}).ask("how do i see all the server's options?")
    assert answer.grounded and not any("{{" in c.quote for c in answer.citations), answer.answer


def test_two_sentences_of_one_passage_are_not_brought_closer_by_sharing_it(tmp_path: Path, encoder: Encoder) -> None:
    from sagebot.answer.selection import Selection

    lesson = (
        "# Data frames\n\n## Reading files\n\n"
        "Tabs and commas are the most common punctuation characters used to separate data points in csv files. "
        "For convenience R provides two other versions of read.table. "
        "These are: read.csv for files where the data are separated with commas and read.delim for files where "
        "the data are separated with tabs.\n\n## Writing files\n\nUse write.csv to save a data frame.\n"
    )
    retriever = assistant_on(tmp_path, encoder, {"frames.md": lesson}).snapshot().retriever
    common, these = (_unit_with(retriever, marker) for marker in ("Tabs and commas", "These are:"))
    assert not Selection(retriever).same(common, these)


def test_a_sentence_answering_another_part_better_is_left_to_it() -> None:
    from sagebot.answer.selection import ELSEWHERE_MARGIN, better_elsewhere
    from sagebot.answer.sentences import ScoredUnit

    def scored(*pairs: tuple[int, float]) -> list[ScoredUnit]:
        return [ScoredUnit(unit, 0, score, score) for unit, score in pairs]

    who = scored((1, 1.0), (2, 0.9), (3, 0.85))  # "who narrates…": 3 is close behind its best
    when = scored((3, 0.7), (4, 0.6))  # "when do you find out": 3 is its best
    assert better_elsewhere([who, when], 0) == frozenset({3})
    assert better_elsewhere([who, when], 1) == frozenset()  # never to a part before, which had its pick
    assert better_elsewhere([when, who], 1) == frozenset()
    near = scored((4, 0.7), (3, 0.7 - 0.15 + ELSEWHERE_MARGIN / 2))  # 3 stands about as far behind in both
    assert better_elsewhere([who, near], 0) == frozenset()
