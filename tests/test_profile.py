"""What a sentence is, for scoring: prose or code, and whether it opens with what a part asks about. No model."""

from __future__ import annotations

import dataclasses

import pytest

from sagebot.answer.exercises import TASK, sets_a_task
from sagebot.answer.profile import _lead, is_prose, is_signpost, opens_with
from sagebot.answer.subjects import states_subject
from sagebot.text import content_terms


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("`git push` copies changes from a local repository to a remote repository.", True),
        ("Use `httpx.Client()` to reuse connections across many requests.", True),
        ("r.raise_for_status()", False),
        ("git revert [commit ID]", False),
        ("$ git pull origin main", False),
        ("![](fig/diagram.png){alt='The first step in creating a repository'}", False),
        ("## Key Points", False),
        ("[`h11`](https://github.com/python-hyper/h11) — Pure Python sans-io HTTP/1.1 implementation.", True),
        ("Contents: [Installing](install.md) · [Configuring the logging](settings.md) · [Deploying](deploy.md)", False),
    ],
)
def test_prose_or_not(text: str, prose: bool) -> None:
    assert is_prose(text) is prose


def lead(text: str) -> tuple[str, ...]:
    return tuple(content_terms(text)[:6])


def test_a_sentence_opening_with_the_subject_counts_more_than_a_passing_mention() -> None:
    subject = {"push": 2.0}
    assert opens_with(subject, lead("`git push` copies changes to a remote.")) > 0
    assert opens_with(subject, lead("In this episode, we introduced the git push command.")) == 0


def test_the_rarer_subject_word_decides_and_the_first_position_counts_most() -> None:
    subject = {"sycophancy": 4.0, "llm": 1.0}
    first = opens_with(subject, lead("Sycophancy is a model's tendency to agree with the user."))
    second = opens_with(subject, lead("Continued sycophancy has led to the observation of..."))
    assert first > second > 0
    assert opens_with(subject, lead("LLMs are large language models.")) == 0  # only the common word


@pytest.mark.parametrize(
    ("text", "signpost"),
    [
        ('In this episode, we introduced the "git push" command.', True),
        ("This section explains how it works, why we use it, and gives general tips.", True),
        ("For more details, see the Timeouts page.", True),
        ("Next, we will see how to undo a change.", True),
        ("If you encounter issues when setting up proxies, please refer to our Troubleshooting guide.", True),
        ("`git push` copies changes from a local repository to a remote repository.", False),
        ("See-saws balance two children of equal weight.", False),
        ("In this section of the river, the water runs fastest.", False),
        ("Those who remember less may be in overload (as we will learn shortly).", False),
        ("see connections between two topics that no one else can see", False),
        ("This module will raise an error when the file is missing.", False),
        ("See [Timeouts](advanced/timeouts.md) for the details.", True),
        ("We discussed in a previous episode how to search within a file using `less`.", True),
        ("We will be learning more about FASTQ files in a later lesson.", True),
        ("The next lesson's data set is larger.", False),
        ("**Note**  \nIn the AWS Lambda Developer Guide, we assume that you have experience with coding.", True),
        ("In the Roman empire, we know that roads were paved.", False),
        ("In the Billing page, you can change the card on file.", False),  # how to use the product, not the guide
        ("See the documentation for your server of choice for more information.", True),
        ("For more flexibility, see [edit_uri_template](#edit_uri_template) below.", True),
        ("For an introduction to using a `Map` state, see the [Map State Tutorial](map.md).", True),
        ("See also  Alaric II  Gaiseric  Odoacer", True),
        ("[Configuring error handling for asynchronous invocation](#invocation-async-errors)", True),  # a link alone
        ("[Map](map-state.md) states run a set of steps for each item.", False),
        ("To see how close you are to the limit, view these metrics.", False),
        ("For example, see how the second line is rewrapped.", False),
        ("For instance, see Figure 2, which shows the flow of data.", False),
    ],
)
def test_a_sentence_about_the_document_itself(text: str, signpost: bool) -> None:
    assert is_signpost(text) is signpost


@pytest.mark.parametrize(
    ("text", "opens"),
    [
        ("Long short-term memory (LSTM) is a kind of recurrent network.", "lstm"),
        ("The gated recurrent units (GRUs) are simpler.", "grus"),
        ("Gedit (Linux) is an editor.", "gedit"),
        ("Archived (PDF) from the original on 2020-01-01.", "archiv"),
        ("Also, LSTM combined with convolutional neural networks (CNNs) improved captions.", "lstm"),
    ],
)
def test_a_sentence_opening_with_a_name_and_its_short_form_opens_with_the_short_form(text: str, opens: str) -> None:
    assert _lead(text, content_terms(text))[0] == opens


def test_what_a_sentence_loses_for_what_it_is() -> None:
    from sagebot.answer.profile import UnitProfile, standing_penalty

    def made(aside: bool = False, fits: frozenset[str] = frozenset()) -> UnitProfile:
        return UnitProfile("x", frozenset(), (), frozenset(), True, aside, fits, False)

    assert standing_penalty(made(), "why") == 0
    assert standing_penalty(made(fits=frozenset({"fragment"})), "how") > 0
    assert standing_penalty(made(fits=frozenset({"code lead"})), "how") == 0  # a command shows how
    assert standing_penalty(made(fits=frozenset({"code lead"})), "why") > 0
    assert standing_penalty(made(aside=True), "fact") > standing_penalty(made(fits=frozenset({"fragment"})), "fact")


@pytest.mark.parametrize(
    ("sentence", "opens"),
    [
        ("The defaults include:", True),
        ("Showing a progress bar could be done like this…", True),
        ("The steps are as follows...", True),
        ("And so it goes on...", False),  # trailing off is no lead into code
        ("Done.", False),
        ("**To configure a dead\\-letter queue**", True),  # a procedure's title, over its steps
        ("To create a function (console)", True),
        ("To install MkDocs, run this.", False),  # a sentence, with its stop
        ("To see how it works, let us start", False),
    ],
)
def test_a_sentence_that_says_nothing_without_what_follows(sentence: str, opens: bool) -> None:
    from sagebot.answer.profile import opens_more

    assert opens_more(sentence) == opens


@pytest.mark.parametrize(
    "text",
    [
        'The settlement was named "Seattle" in honor of Chief Si\'ahl.',
        "The town was named after its first mayor.",
        "The launch slipped owing to a fault in the engine.",
        "We use the -F flag so that directories stand out.",
    ],
)
def test_a_sentence_giving_a_reason_outright(text: str) -> None:
    from sagebot.answer.profile import sentence_fits

    assert sentence_fits("reason", text)


def test_a_sentence_stating_a_plain_fact_gives_no_reason() -> None:
    from sagebot.answer.profile import sentence_fits

    assert not sentence_fits("reason", "Seattle is a seaport city on the West Coast of the United States.")


@pytest.mark.parametrize(
    ("text", "why", "reason"),
    [
        ("Let's add and commit `.gitignore`:", False, False),  # the lesson moving on, not a reason
        ("Let us look at the output of `git status`.", False, False),
        ("Git lets you undo a commit.", True, True),
        ("Using `.gitignore` helps us avoid adding files we don't want to track:", True, True),
        ("Branches will let us work on two features at once.", True, True),  # not at the start: a reason
        ("We will help Alfredo with his new project.", True, False),  # helping someone is no reason outright
        ("Click is a Python package for writing command line tools.", False, False),
    ],
)
def test_a_sentence_that_moves_the_lesson_on_is_no_reason(text: str, why: bool, reason: bool) -> None:
    from sagebot.answer.profile import sentence_fits

    assert (sentence_fits("why", text), sentence_fits("reason", text)) == (why, reason)


def test_a_code_lead_that_gives_a_reason_answers_why() -> None:
    from sagebot.answer.profile import UnitProfile, standing_penalty

    lead = UnitProfile("Let's commit it:", frozenset(), (), frozenset(), True, False, frozenset({"code lead"}), False)
    reason = dataclasses.replace(lead, fits=frozenset({"code lead", "why", "reason"}))
    assert standing_penalty(lead, "why") > 0
    assert standing_penalty(reason, "why") == 0
    assert standing_penalty(reason, "definition") > 0


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("or the memory cell", True),
        (") also considering the activation of the memory cell", True),
        ("The cell remembers values over arbitrary time intervals.", False),
        ("`ls` has lots of other options.", False),
        ("oracle databases store rows in blocks.", False),
    ],
)
def test_the_tail_of_a_sentence_whose_formula_was_lost(text: str, broken: bool) -> None:
    from sagebot.answer.profile import _BROKEN_OFF

    assert bool(_BROKEN_OFF.match(text)) is broken


@pytest.mark.parametrize(
    ("sentence", "kind", "nothing_new"),
    [
        ("There can be more than one explicit package source.", "definition", True),
        ("Explicit sources are only searched when a package asks for them by name.", "definition", False),
        ("Indexes only the title of each page.", "yes/no", False),  # a yes/no question's own words answer it
        ("We can get rid of one of our package sources using:", "how", False),  # says it in the code it leads into
    ],
)
def test_a_sentence_that_only_repeats_the_question(sentence: str, kind: str, nothing_new: bool) -> None:
    from sagebot.answer.profile import UnitProfile, sentence_fits
    from sagebot.answer.sentences import says_nothing_new

    terms = content_terms(sentence)
    fits = frozenset(k for k in ("why", "how", "definition", "reason", "defines") if sentence_fits(k, sentence))
    known = UnitProfile(sentence, frozenset(terms), (), frozenset(), True, False, fits, False)
    asked = set(content_terms("explicit package source index only page titles"))
    assert says_nothing_new(known, kind, asked) is nothing_new


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("Write a loop that adds up the numbers of a list.", True),
        ("Explain in words what the assertions in this function check.", True),
        ("Now try it on the second file.", True),
        ("Next, run the script again.", True),
        ("Note that the array of differences is shorter by one element.", False),
        ("sort -n sorts the lines numerically.", False),  # a command's name, not a verb telling the learner
        ("print is a Python function that prints data to the screen.", False),
        ("Writes are buffered until the file is closed.", False),
        ("A for loop repeats its body once for each item.", False),
        ("Open-source projects often struggle to pay their maintainers.", False),  # nouns opening a statement
        ("Make is a build tool.", False),
        ("Share is a verb as much as a noun.", False),
        ("Then, multiply the vector by 2.", True),
        ("Generate a vector called letter_no.", True),
        ("SELECT * FROM Person;", False),  # code's keyword, not a task
        ("Sort the data frame by weight.", True),
        ("List comprehensions are handy.", False),  # a noun a verb can be too, with no object after it
        ("Type coercion happens when types are mixed.", False),
        ("Commit messages should be short.", False),
    ],
)
def test_a_task_an_exercise_sets_the_learner(text: str, task: bool) -> None:
    assert bool(TASK.match(text)) is task


@pytest.mark.parametrize(
    ("section", "task"),
    [
        ("Loops › Challenge: Summing a list", True),
        ("Loops › Challenge: Summing a list › Part 2", True),  # a heading of its own inside the exercise
        ("Loops › Exercise 3", True),
        ("Loops › Challenge: Summing a list › Solution", False),  # its solution answers it
        ("Loops › Summing a list", False),
        ("Open source › Challenges", False),  # an article's heading about difficulties
    ],
)
def test_a_task_is_set_only_inside_an_exercise(section: str, task: bool) -> None:
    assert sets_a_task(section, "Write a loop that adds up the numbers of a list.") is task


@pytest.mark.parametrize(
    ("text", "asked", "states"),
    [
        ("Function errors occur when your code returns an error.", "function errors", True),
        ("Reserved concurrency guarantees the most instances a function can have.", "reserved concurrency", True),
        ("A managed service abstracts this complexity away.", "managed service", True),
        ("Reserved concurrency – the most instances a function can have.", "reserved concurrency", True),  # an entry
        ("The HTTPException class provides a base class for handled exceptions.", "HTTPException", True),
        # the subject of another clause, a thing named only in part, a noun after the name, a sentence that says it later
        ("While managed services provide speed, they offer less control.", "managed service", False),
        ("Unlike branches, tags never move.", "branch", False),
        ("A relational database is a way to store information.", "database", False),  # a kind of database
        ("Concurrency limits apply to every function.", "concurrency", False),
        ("The staging area holds changes before you commit them.", "staging area", True),
        ("For loops repeat a block of code.", "for loop", True),
        ("The use_directory_urls option changes how pages link.", "use_directory_urls setting", True),
        ("Invocations aren't recorded if the request is throttled.", "invocation errors", False),
        ("Provisioned concurrency settings are on the configuration page.", "provisioned concurrency", False),
        ("The poetry-install hook calls the install command.", "poetry install", False),
        ("Reserving concurrency has the following effects.", "reserved concurrency", False),
    ],
)
def test_a_sentence_states_what_its_subject_is_or_does_when_that_subject_is_its_own(
    text: str, asked: str, states: bool
) -> None:
    assert bool(states_subject(text, asked)) is states


def test_a_list_or_glossary_entry_for_the_subject_defines_it() -> None:
    assert states_subject("Reserved concurrency – Reserved concurrency guarantees…", "reserved concurrency") == "entry"
    assert states_subject("Reserved concurrency guarantees the most instances.", "reserved concurrency") == "states"


def test_a_glossary_entry_for_a_longer_term_defines_another_thing() -> None:
    from sagebot.answer.sentences import another_term

    assert another_term([("sagemak", "endpoint")], ("sagemak",))  # "SageMaker Endpoint" is no SageMaker
    assert another_term([("function", "call")], ("function",))
    assert not another_term([("amazon", "sagemak")], ("sagemak",))  # "Amazon SageMaker" is
    assert not another_term([("return", "statement")], ("return",))  # so is "return statement"
    assert not another_term([("sagemak", "endpoint"), ("endpoint",)], ("endpoint",))


def test_a_question_asking_which_thing_is_not_answered_by_passages_that_never_name_one() -> None:
    from sagebot.answer.asked import unsaid_asked_thing

    rare = {"region", "licens"}.__contains__
    passages = ["While SageMaker runs in a default network environment, users can specify a VPC."]
    assert unsaid_asked_thing("what regions does sagemaker run in?", passages, rare) == "which regions"
    assert not unsaid_asked_thing("what regions does sagemaker run in?", ["It runs in every AWS region."], rare)
    volcanoes = ["Mars hosts many enormous volcanoes (the tallest is Olympus Mons)."]  # stemmed "volcanoe"
    assert not unsaid_asked_thing("which volcano is the largest on mars", volcanoes, lambda t: True)
    # a kind of named thing ("AsyncClient" is never called a class), a word used often, a hedge, a figure
    assert not unsaid_asked_thing("what class do i use for async requests?", ["Use an AsyncClient."], lambda t: True)
    assert not unsaid_asked_thing("what network does sagemaker run in?", passages[:0], rare)
    assert not unsaid_asked_thing("what even is a region?", passages, lambda t: True)
    assert not unsaid_asked_thing("which version did it come in?", passages, lambda t: True)


def test_sentences_each_naming_only_their_own_side_of_a_comparison_are_about_different_things() -> None:
    from sagebot.answer.contrast import other_side
    from sagebot.answer.profile import UnitProfile

    def known(text: str) -> UnitProfile:
        terms = content_terms(text)
        return UnitProfile(text, frozenset(terms), _lead(text, terms), frozenset(), True, False, frozenset(), False)

    update = known("To get the latest versions of the dependencies and refresh the lock file, use the update command.")
    install = known("Use the install command to install the dependencies as specified in the lock file.")
    both = known("The install command reads the lock file; the update command rewrites it.")
    asked = {term: 1.0 for term in content_terms("update")}
    other = frozenset(content_terms("install"))
    assert other_side(update, install, asked, other)
    assert not other_side(update, both, asked, other)  # that one speaks of this side too
    assert not other_side(update, install, asked, frozenset())  # one part alone has no other side
    assert not other_side(install, update, asked, other)  # it does not name the side asked about


def test_two_sentences_giving_different_figures_say_different_things() -> None:
    from sagebot.answer.profile import says_the_same

    zero = frozenset(content_terms("In many programming languages the first element of a vector has an index of 0."))
    one = frozenset(content_terms("In R, the first element of a vector has an index of 1."))
    assert not says_the_same(0.95, zero, one)
    assert says_the_same(0.95, zero, zero | {"language"})  # the same figure, nearly the same words
    assert says_the_same(0.95, frozenset(content_terms("The first element comes first.")), one)  # no figure to differ
    four, two = (frozenset(content_terms(f"Use --workers to run several processes, for example {n}.")) for n in "42")
    assert says_the_same(0.95, four, two)  # one sentence with another example in it


def test_only_a_site_generators_macro_is_a_placeholder() -> None:
    from sagebot.answer.profile import _PLACEHOLDER

    assert _PLACEHOLDER.fullmatch("{{ uvicorn_help }}")
    assert not _PLACEHOLDER.fullmatch("{{ config.site_name }}")  # a template's example, which a learner may ask about
    assert not _PLACEHOLDER.fullmatch("{% block content %}{% endblock %}")
