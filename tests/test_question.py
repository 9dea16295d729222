"""Question analysis, follow-up reading and the gate's word evidence: pure text work, no model."""

from __future__ import annotations

import pytest

from sagebot.answer.anaphora import opens_with_anaphor, subject_points_back
from sagebot.answer.conversation import asks_for_more, depends_on_context, resolve
from sagebot.answer.english import is_specific
from sagebot.answer.gate import analyse, asks_for_answer, asks_for_kind, expects_kind, holds_answer
from sagebot.answer.lexicon import Lexicon
from sagebot.answer.question import analyse_question, kind_of
from sagebot.text import content_terms, fold_accents, stem


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("why do glaciers move downhill?", "why"),
        ("how come the tide rises twice a day", "why"),
        ("how do I reset my password?", "how"),
        ("what is photosynthesis", "definition"),
        ("whats a stack frame?", "definition"),
        ("what does HTTP stand for?", "definition"),
        ("which kinds of rock are there?", "list"),
        ("is the moon bigger than pluto?", "yes/no"),
        ("when did the war end", "fact"),
        ("what was the toronto purchase", "definition"),
        ("who was ada lovelace?", "definition"),
        ("what does git status tell me?", "definition"),  # what it tells is what it is for
        ("what does the heat map show us", "definition"),
        ("can you explain what a flag is", "definition"),  # asked politely, it is still a question of its kind
        ("could you tell me how to list hidden files", "how"),
        ("can you explain pipes", "definition"),
        ("please explain what a variable is", "definition"),
        ("tell me about wildcards", "definition"),
        ("can i delete a directory with rm", "yes/no"),
        ("can you list files with ls", "yes/no"),
        ("i'm confused about branches. what is a branch?", "definition"),  # what is said before the question
        ("I keep getting merge conflicts. how do i fix them?", "how"),
        ("quick question - what does git pull do?", "definition"),
        ("hi! what is a commit", "definition"),
        ("in git, what is HEAD", "definition"),
        ("for python lists, how do i add an item", "how"),
        ("Hello! Can you explain what a flag is?", "definition"),
        ("hey, could you explain what recursion is?", "definition"),
        ("what exactly is an execution in step functions", "definition"),  # stress changes nothing of the kind
        ("so what is a branch", "definition"),
        ("what is a remote, exactly?", "definition"),
        ("ok so what actually does git add do", "definition"),
        ("how exactly did fleming find penicillin", "how"),
        ("what do we mean by a remote", "definition"),
        ("what is meant by staging", "definition"),
        ("i dont get what a pointer is", "definition"),  # the question after the learner's doubt
        ("im not sure what a branch is", "definition"),
        ("can someone explain closures", "definition"),
        ("btw what is a list", "definition"),
        ("i still don't understand how rebase works", "how"),
        ("ways to speed up a query", "how"),
        ("best way to learn python", "how"),
        ("give me the steps to make a branch", "how"),
        ("what's the syntax for a for loop in bash", "how"),
        ("is there any way to undo it?", "yes/no"),  # "no, but…" is an answer too: not read as steps
        ("how many works did vivaldi compose?", "fact"),
        ("how many people work there?", "fact"),
        ("I don’t understand what a branch is", "definition"),  # a phone's apostrophe
    ],
)
def test_kind_of_a_question(question: str, kind: str) -> None:
    assert kind_of(question) == kind


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("what is a mutex and what is a semaphore?", ["mutex", "semaphore"]),
        ("whats the difference between a list and a tuple", ["list", "tuple"]),
        ("tcp vs udp: which one retransmits lost packets?", ["tcp", "udp"]),
        ("how is a virus different from a bacterium", ["virus", "bacterium"]),
        ("how does olympus mons compare to everest", ["olympus mons", "everest"]),
        ("what do ls() and rm() do?", ["ls()", "rm()"]),  # two functions, named as code
        ("what is a list and how do i add to it", ["list", "How do I add to it?"]),  # "I", as written
        ("how does an lstm differ from a gru?", ["lstm", "gru"]),
        ("compare mitosis and meiosis", ["mitosis", "meiosis"]),
        ("what do the nucleus, ribosomes and mitochondria each do?", ["nucleus", "ribosomes", "mitochondria"]),
        ("what are red, green and blue channels?", ["red channels", "green channels", "blue channels"]),
        ("what's the difference between soft and hard links", ["soft links", "hard links"]),
        ("python or rust, which is faster to learn?", ["python", "rust"]),
        ("which moon of saturn is bigger titan or rhea", ["titan", "rhea"]),  # no comma before the sides
        ("alaric vs attila did either of them capture rome", ["alaric", "attila"]),
        ("use_directory_urls true vs false", ["use_directory_urls true", "use_directory_urls false"]),
        ("python 2 or 3, which should i learn", ["python 2", "python 3"]),
        (
            "hosting on my lab's server or on github, which is better?",
            ["hosting on my lab's server", "hosting on github"],
        ),
        ("when does the File type open the file, reading vs writing", ["reading", "writing"]),
        ("lists vs tuples can i change them after making them", ["lists", "tuples"]),
        ("whats the difference between how tarrou and cottard react to the plague", ["tarrou", "cottard"]),
        ("how is the first vaccine different from the one used today?", ["first vaccine", "vaccine used today"]),
        ("how is the old tax different from the one used in cities?", ["old tax", "tax used in cities"]),
        ("what do repo_url and edit_uri do?", ["repo_url", "edit_uri"]),
        ("what do --no-root and --no-directory do", ["--no-root", "--no-directory"]),
        ("which is faster, tcp or udp?", ["tcp", "udp"]),
        ("what is better: vim or emacs?", ["vim", "emacs"]),
        ("speed of light vs speed of sound", ["speed of light", "speed of sound"]),
        ("Django vs Ruby on Rails", ["Django", "Ruby on Rails"]),  # the rest of a name is no shared head
        ("Game of Thrones vs The Witcher", ["Game of Thrones", "Witcher"]),
        ("what should I use, a list or a tuple?", ["list", "tuple"]),
        ("what is a Series and a DataFrame?", ["Series", "DataFrame"]),
        ("what is the price of EC2 vs Lambda?", ["EC2", "Lambda"]),
        ("what are global events and page events?", ["global events", "page events"]),
        ("what is a commit and a branch?", ["commit", "branch"]),
        ("what do git add and git commit do", ["git add", "git commit"]),
        ("what is zipfs law and do the books actually follow it", ["zipfs law", "Do the books actually follow it?"]),
        ("up to date vs nothing to be done, what do they mean", ["up to date", "nothing to be done"]),
        ("the price of EC2 vs Lambda", ["EC2", "Lambda"]),
        ("northern andes vs southern andes weather", ["northern andes", "southern andes"]),
        ("should i use merge or rebase", ["merge", "rebase"]),  # a choice between two named things
        ("merge or rebase?", ["merge", "rebase"]),
        ("should i use lists or tuples for fixed data", ["lists", "tuples"]),
        ("what is git or mercurial", ["git or mercurial"]),  # one question, not a side "what is git"
        ("where and when was he born", ["Where and when was he born?"]),  # one question, one sentence may say both
        ("who made git and when", ["Who made git and when?"]),  # one sentence often says both
        ("how, when and where was Vivaldi born", ["How, when and where was Vivaldi born?"]),
        ("merge or rebase or cherry-pick?", ["Merge or rebase or cherry-pick?"]),  # no side "rebase or cherry-pick"
        ("should we start with the shell or with git", ["Should we start with the shell or with git?"]),
        ("can you use lists or dicts as keys?", ["Can you use lists or dicts as keys?"]),  # whether, not which
        ("yes or no?", ["Yes or no?"]),
        ("I got a merge conflict. what is it?", ["What is it?"]),  # "it" names nothing: no subject
    ],
)
def test_facets_of_several_part_questions(question: str, labels: list[str]) -> None:
    shape = analyse_question(question)
    assert [f.label for f in shape.facets] == labels


@pytest.mark.parametrize(
    "question",
    ["why does my output differ from the lesson", "what files does make compare to decide what to rebuild"],
)
def test_differ_from_or_compare_to_outside_how_does_x_compares_nothing(question: str) -> None:
    assert len(analyse_question(question).facets) == 1


def test_only_the_learners_own_i_is_written_I() -> None:
    from sagebot.answer.labels import sentence_case

    assert sentence_case("so what should i use instead") == "So what should I use instead?"
    assert sentence_case("why does for i in range(5) stop at 4") == "Why does for i in range(5) stop at 4?"


def test_what_a_thing_tells_or_shows_is_asked_of_the_thing() -> None:
    assert analyse_question("what does git status tell me?").facets[0].subject == "git status"
    assert analyse_question("what does ls -l show and what does rw- mean").facets[0].label == "ls -l"


def test_second_clause_that_points_back_is_searched_with_the_first() -> None:
    shape = analyse_question("what is a hash table and why is it fast?")
    assert [f.kind for f in shape.facets] == ["definition", "why"]
    assert "hash table" in shape.facets[1].query


@pytest.mark.parametrize(
    "question",
    [
        "what is the relationship between supply and demand",  # one thing asked about two
        "in the first chapter, what does the author say about rivers?",  # a lead-in, not a question
        "why would I use a queue instead of a stack?",  # one reason, not two subjects
        "what is research and development",
        "what is trial and error?",  # two bare words: one thing
        "how do i create a branch and switch to it?",  # steps of one task
        "what is a VPC and its purpose?",
        "what is recursion and a base case?",  # one bare word and one with an article: not two names
        "what is the Tortoise and the Hare?",  # a title
        "what kinds of loops and conditionals are there?",
        "what should I do, if my code fails or hangs?",  # "what …, A or B" is no "which is better, A or B"
    ],
)
def test_one_part_questions_stay_whole(question: str) -> None:
    assert not analyse_question(question).several


@pytest.mark.parametrize(
    ("question", "depends"),
    [
        ("and how is it stored?", True),
        ("which big companies have their headquarters in seattle?", False),  # the companies' headquarters
        ("what are their limits?", True),
        ("why does that matter?", True),
        ("and for the second law?", True),
        ("what about rivers?", True),
        ("why?", True),
        ("what is a glacier?", False),
        ("how do volcanoes form", False),
        ("whats a changeset?", False),
        ("can you give me an example of one", True),
        ("ok so what should i say instead", True),
        ("which one is faster?", True),
        ("what is one commit", False),
        ("is it ok to mix ammonia cleaner with bleach", False),  # "it" stands for what follows it
        ("is it worth using git lfs for big files", False),
        ("is it safe?", True),
        ("which is faster?", True),  # a choice between things it does not name
        ("which should i use", True),
        ("which regions support sagemaker", False),
        ("is it ok to use it in production", True),
        ("how do i make poetry use python 3.11 for this project", False),  # the learner's own project
        ("what does this function return when the list is empty", True),  # the function just named
        ("why does that file keep disappearing after i deploy", True),  # the file just named
        ("what does this command do", True),
        ("give me an example", True),  # more of what was just answered
        ("tell me more", True),
        ("what else?", True),
        ("give me an example of a pipe", False),
        ("The prompt says permission denied. What does that mean?", False),  # "that" is what was just said
        ("I keep getting merge conflicts. how do i fix them?", False),
        ("thanks! and why does that matter?", True),
    ],
)
def test_a_question_depends_on_the_conversation_only_when_it_points_back(question: str, depends: bool) -> None:
    assert depends_on_context(question) is depends


def _turns(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [m for q, a in pairs for m in ({"role": "user", "content": q}, {"role": "assistant", "content": a})]


ANSWERED = "A glacier is a body of ice. [1]"
REFUSED = "The course documents don't cover this question, so I can't answer it from them."


def test_a_closing_one_is_read_as_the_subject() -> None:
    turn = resolve("can you give me an example of one", _turns(("what's a moraine?", ANSWERED)))
    assert turn.resolved == "Can you give me an example of moraine"


def test_a_pronoun_is_read_as_the_subject_of_the_last_answered_question() -> None:
    turn = resolve("and how fast does it move?", _turns(("what is a glacier?", ANSWERED)))
    assert turn.resolved == "How fast does glacier move?"
    assert turn.search == turn.resolved


def test_an_article_before_the_thing_acted_on_is_no_subject() -> None:
    for asked in ("how do i write a for loop", "how do i fix my for loop", "how do i write this  for loop"):
        turn = resolve("does it need an end keyword?", _turns((asked, ANSWERED)))
        assert turn.resolved == "Does for loop need an end keyword?"


def test_the_first_pointer_is_the_one_read_as_the_subject() -> None:
    turn = resolve("can it move on its own?", _turns(("what is a glacier?", ANSWERED)))
    assert turn.resolved == "Can glacier move on its own?"


def test_subjects_carry_through_a_chain_of_follow_ups() -> None:
    history = _turns(("what is a glacier?", ANSWERED), ("how does it form?", ANSWERED))
    assert resolve("and its speed?", history).resolved == "Glacier's speed?"


def test_a_refused_turn_is_never_carried_forward() -> None:
    history = _turns(("what is a glacier?", ANSWERED), ("best pizza in rome?", REFUSED))
    assert resolve("how do volcanoes form?", history).resolved == "how do volcanoes form?"
    # a follow-up right after a refused turn is answered as it is, not read with the refused question
    assert resolve("how big can it get?", history).resolved == "how big can it get?"


def test_a_question_with_its_own_subject_stands_alone() -> None:
    turn = resolve("what is a moraine?", _turns(("what is a glacier?", ANSWERED)))
    assert turn.resolved == turn.search == turn.question == "what is a moraine?"


def test_without_a_short_subject_the_follow_up_is_shown_with_what_it_follows() -> None:
    turn = resolve("does it happen in winter too?", _turns(("when do rivers flood after heavy rain?", ANSWERED)))
    assert "following: when do rivers flood" in turn.resolved
    assert turn.search.startswith("when do rivers flood")


@pytest.mark.parametrize(
    ("sentence", "leans"),
    [
        ("That control is gone.", True),
        ("It appoints the Commissioners.", True),
        ("- These are stored in a registry.", True),
        ("Such tools are rare.", True),
        ("Therefore, MkDocs lets you name the page README.md.", True),  # it rests on the reason before it
        ("As a result, the build fails.", True),
        ("After all, it will hold FASTQ data.", True),  # "after all" gives a reason for the sentence before it
        ("After all tests pass, merge the branch.", False),
        ("In this case study, we follow one team.", False),
        ("Otherwise, the merge stops.", True),
        ("In this case, Git refuses.", True),
        ("Instead of a tuple, pass a list.", False),  # "instead of X" brings its own X
        ("Thesis statements come first.", False),
        ("Itinerant workers moved west.", False),
        ("The registry stores images.", False),
        ("Thatcher was elected in 1979.", False),
        ("In the above example, the output is a vocabulary.", True),  # it rests on the example before it
        ("In the above-ground parts, water moves up.", False),
        ("**Default:** *8000*.", True),  # the value of the option the sentence before describes
        ("Defaults to 5 seconds.", True),
        ("Default is `dist`.", True),
        ("Default values are stored in the config.", False),
    ],
)
def test_sentences_that_open_by_pointing_back(sentence: str, leans: bool) -> None:
    assert opens_with_anaphor(sentence) is leans


@pytest.mark.parametrize(
    ("sentence", "points"),
    [
        ("After all, it holds FASTQ data from our FASTQ files.", True),
        ("They store FASTQ reads.", True),
        ("This is called defensive programming.", False),  # it names what was just described
        ("This is also known as stereotype threat.", False),
        ("It's called defensive programming.", False),
        ("Therefore, MkDocs lets you name the page README.md.", False),
        ("FASTQ is a format for storing reads.", False),
    ],
)
def test_sentences_whose_subject_is_what_came_before(sentence: str, points: bool) -> None:
    assert subject_points_back(sentence) is points


def test_accents_are_folded_so_unaccented_spellings_meet() -> None:
    assert fold_accents("Céloron de Blainville") == "Celoron de Blainville"
    assert content_terms("Céloron's expedition") == content_terms("Celoron's expedition")


def test_possessives_accents_and_typos_map_onto_the_corpus_vocabulary() -> None:
    lexicon = Lexicon({t: 1 for t in content_terms("Céloron led the expedition; hallucinations and algorithms")})
    analysis = analyse("what did Celeron's expedition find? why do models hallucinate? which algos?", lexicon, {})
    assert analysis.unknown == []
    assert {"celoron", "expedition", "algorithm"} <= set(analysis.known_terms)
    swapped = Lexicon({t: 1 for t in content_terms("Phobos and Deimos orbit Mars")})
    assert "deimo" in analyse("how big is diemos", swapped, {}).known_terms  # two letters swapped
    causes = Lexicon({t: 1 for t in content_terms("a casual walk along the trial route")})
    assert causes.known_form("causal") is None and causes.known_form("trail") is None  # words of their own


def test_another_form_of_a_word_differs_only_in_its_ending() -> None:
    lexicon = Lexicon({t: 1 for t in content_terms("Calculate the division of the function; a Lambda handler")})
    assert "division" in analyse("why isnt 802 divisible by 4", lexicon, {}).known_terms
    assert "calculus" in analyse("whats the lambda calculus", lexicon, {}).unknown
    told = Lexicon({t: 1 for t in content_terms("The novel is told by a narrator, and illustrated by its author")})
    assert analyse("who narrates the novel and who illustrates it", told, {}).unknown == []  # "narrator"
    assert told.known_form(stem("narrates")) == stem("narrator")


def test_an_everyday_word_is_no_typo_nor_short_form_of_another_only_another_form_of_itself() -> None:
    lexicon = Lexicon(
        {t: 1 for t in content_terms("parse the output; Visaji attacked; the branches merged; color; license")}
    )
    analysis = analyse("whats the mean temperature in paris? how do i get a visa?", lexicon, {})
    assert "pars" not in analysis.known_terms and "visaji" not in analysis.known_terms
    assert {"paris", "visa"} <= set(analysis.absent)
    assert "merg" in analyse("when did the two teams merge", lexicon, {}).known_terms
    assert "color" in analyse("how do i change the colour", lexicon, {}).known_terms
    assert "license" in analyse("what licence should i choose", lexicon, {}).known_terms
    assert (
        "environment"
        in analyse("set the enviroment", Lexicon({t: 1 for t in content_terms("the environment")}), {}).known_terms
    )


def test_a_phrasal_verb_is_searched_with_the_word_documentation_uses_when_the_corpus_has_it() -> None:
    lexicon = Lexicon({t: 1 for t in content_terms("When you are done reading, hit q to quit the manual page.")})
    analysis = analyse("how do i get out of the manual page", lexicon, {})
    assert "quit" in analysis.expansions and "quit" in analysis.known_terms
    assert "exit" not in analysis.expansions  # the documents never say it
    assert analyse("how do i get the manual page", lexicon, {}).expansions == []
    served = Lexicon({t: 1 for t in content_terms("StaticFiles serves the files of a directory.")})
    assert not analyse("how do i serve a folder of static files", served, {}).unknown  # a folder is a directory
    assert "directory" in analyse("how do i serve a folder of static files", served, {}).expansions


@pytest.mark.parametrize(
    ("word", "specific"),
    [
        ("stash", True),
        ("graphql", True),
        ("oauth2", True),
        ("p3", True),
        ("good", False),
        ("turn", False),
        ("underneath", False),
        ("intro", False),  # short for "introduction"
        ("repo", False),
        ("vm", False),  # too short to tell
    ],
)
def test_specific_words_are_rare_in_english_at_large(word: str, specific: bool) -> None:
    assert is_specific(word) is specific


def test_numbers_in_a_question_are_not_taken_for_a_price() -> None:
    from sagebot.answer.gate import judge

    lexicon = Lexicon({t: 1 for t in content_terms("a ball falls and speeds up by 9.8 meters per second")})
    question = "if a ball speeds up by 9.8 meters per second every second, how fast is it after 3 seconds?"
    verdict = judge(question, analyse(question, lexicon, {}), 0.8, ["It speeds up by 9.8 meters per second."], 0.3)
    assert verdict.covered


def test_the_object_of_a_how_to_question_is_a_subject_for_the_next_turn() -> None:
    history = _turns(("how do i enable compression in nginx", ANSWERED))
    assert resolve("how can I check that it works?", history).resolved == "How can I check that compression works?"


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What is SageMaker Ground Truth used for?", ["SageMaker Ground Truth"]),
        ("How does Azure Machine Learning compare to SageMaker?", ["Azure Machine Learning"]),
        ("what is Amazon SageMaker Studio, and SageMaker Canvas?", ["Amazon SageMaker Studio", "SageMaker Canvas"]),
        ("How Does Amazon SageMaker Work?", []),  # Title Case: capitals say nothing
        ("Ground Truth: what is it?", []),  # the first word of a sentence
        ("what is amazon rds", []),
        ("Which antiquarian founded London's Toxophilite Society?", ["Toxophilite Society"]),  # an owner ends one
        ("When did Lavoisier's Elementary Treatise come out?", ["Elementary Treatise"]),
    ],
)
def test_names_of_several_capitalised_words(question: str, names: list[str]) -> None:
    from sagebot.answer.gate import name_runs

    assert name_runs(question) == names


def test_which_one_with_its_own_subject_stands_alone() -> None:
    assert not depends_on_context("EC2 vs SageMaker — which one needs more setup?")
    assert depends_on_context("which one is faster?")


@pytest.mark.parametrize(
    ("question", "subjects"),
    [
        ("whats the difference between git push and git pull", ["push", "pull"]),
        ("masked vs autoregressive language modelling, how do they differ?", ["masked", "autoregressive"]),
        ("what are connect, read and write timeouts?", ["connect", "read", "write"]),
        ("whats sycophancy in llms", ["sycophancy in llms"]),
        ("what does raise_for_status do?", ["raise_for_status"]),
        ("why is the sky blue", [""]),  # a reason asked for, not a thing named
    ],
)
def test_a_part_names_what_it_is_about_by_what_tells_it_apart(question: str, subjects: list[str]) -> None:
    assert [f.subject for f in analyse_question(question).facets] == subjects


def test_a_comparison_keeps_the_aspect_it_compares_on() -> None:
    shape = analyse_question("how does time to value compare between EC2 and sagemaker")
    assert shape.kind == "comparison" and shape.aspect == "time value"
    assert {f.kind for f in shape.facets} == {"fact"}  # "how does X compare" is no how-to
    assert analyse_question("git revert vs git restore?").aspect == ""
    assert analyse_question("invocation errors vs function errors, whats the diff").aspect == ""  # chat shorthand
    assert [f.label for f in analyse_question("what is the diff between lists and tuples").facets] == [
        "lists",
        "tuples",
    ]
    assert analyse_question("git add -p vs git add, which shows the diff").aspect == "shows diff"  # git's diff
    assert [f.label for f in analyse_question("how is git show different from git diff").facets] == [
        "git show",
        "git diff",
    ]


@pytest.mark.parametrize(
    ("question", "queries"),
    [
        ("with sagemaker what control do I lose and what do I keep?", 2),  # the setting said first
        ("what is a VPC and what is a subnet", ["what is a VPC", "what is a subnet"]),  # each names its own
        ("what is a local variable, and can my function read globals?", 2),  # "can my…" asks a question of its own
    ],
)
def test_two_questions_after_a_setting_or_each_naming_its_own_subject(question: str, queries: object) -> None:
    facets = analyse_question(question).facets
    if isinstance(queries, int):
        assert len(facets) == queries
    else:
        assert [f.query for f in facets] == queries


def test_a_negated_auxiliary_is_not_left_in_the_label() -> None:
    facet = analyse_question("why shouldn't I nest one repository inside another?").facets[0]
    assert not facet.label.startswith(("n't", "'t"))


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("whats the default timeout", "The default timeout for network inactivity is five seconds.", True),
        ("whats the default timeout", "Timeouts are enforced everywhere.", False),
        ("which python version does it need", "It requires Python 3.9+.", True),
        ("who made git and when", "Git was created by Linus Torvalds in 2005.", True),
        ("who made git and when", "Git is a version control system.", False),
        ("when was the treaty signed", "The treaty was signed in 1648.", True),
        ("how long should the first line be?", "Messages start with a brief (<50 characters) statement.", True),
        ("how long should the first line be?", "The first line is a summary.", False),
        ("how long does the workshop take?", "The workshop handout is 12 pages.", False),
    ],
)
def test_the_kind_of_fact_a_question_asks_for(question: str, sentence: str, expected: bool) -> None:
    assert asks_for_kind(question)
    assert expects_kind(question, sentence) is expected


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("By what nickname was the bowler known?", "Nicknamed The Coastal Storm, he played for the county.", True),
        ("By what nickname was the bowler known?", "He was a fast bowler and a hard hitting batsman.", False),
        ("what did the engineers call the device?", 'Engineers referred to the device as "the mailbox".', True),
        ("what is the configuration file called?", "The configuration file is called `mkdocs.yml`.", True),
        ("what is the configuration file called?", "This method is called by MkDocs during the build.", False),
        ("what is the file called that stores the scripts?", "This is called to format each item.", False),
        ("what is the town called?", "The town was named after its founder.", False),
        ("Which company built the pump?", "It was supplied by Halden Pumps Ltd in 1961.", True),
        ("Which company built the pump?", "The pump was manufactured by the Beech Aircraft Company of Leeds.", True),
        ("Which company developed the parser?", "The parser is a library produced by Hugging Face.", False),
        ("Which company built the pump?", "The pump failed after a test in the laboratory.", False),
    ],
)
def test_a_name_asked_for_ranks_sentences_that_give_one(question: str, sentence: str, expected: bool) -> None:
    assert asks_for_answer(question)
    assert not asks_for_kind(question)  # no figure: a passage without a name is no reason to refuse
    assert holds_answer(question, sentence) is expected


@pytest.mark.parametrize(
    "question", ["what does an alias point at?", "which version of make do I need?", "who wrote git"]
)
def test_not_every_question_with_a_name_in_it_asks_for_one(question: str) -> None:
    assert not asks_for_answer(question) or asks_for_kind(question)


def _said(*quotes: str):
    from sagebot.answer.compose import Answer, Citation

    citations = [Citation(n, "doc", "", q, q, 0, len(q), "doc.md", 1.0, 0, 0) for n, q in enumerate(quotes, 1)]
    return Answer("q", " ".join(quotes), True, citations)


def test_a_follow_up_does_not_quote_again_what_just_answered_something_else() -> None:
    from sagebot.answer.turn import not_to_repeat

    before = _said(
        "Faded Example: A series of examples in which key steps are blanked out.",
        "Faded examples are useful because they lower cognitive load.",
    )
    turn = resolve("and why are they useful?", _turns(("what is a faded example", ANSWERED)))
    assert turn.follows is not None and turn.follows.question == "what is a faded example"
    assert not_to_repeat(turn, before) == {before.citations[0].quote}  # the definition, not the one on usefulness
    alone = resolve("what is a moraine?", _turns(("what is a faded example", ANSWERED)))
    assert alone.follows is None and not_to_repeat(alone, before) == frozenset()


@pytest.mark.parametrize("more", ["tell me more", "can you say more?", "what else?", "give me an example"])
def test_asking_for_more_asks_the_question_before_again_past_what_its_answer_quoted(more: str) -> None:
    from sagebot.answer.turn import not_to_repeat

    before = _said("A glacier is a body of ice.", "Glaciers form where snow outlasts the summer.")
    turn = resolve(more, _turns(("what is a glacier?", ANSWERED)))
    assert turn.follows is not None and turn.resolved == turn.search == "what is a glacier?"
    assert not_to_repeat(turn, before) == {c.quote for c in before.citations}
    assert resolve(more, None).unclear  # with nothing answered before, there is nothing to say more of
    assert not resolve("why shouldn't i say 'just' when i explain something", None).unclear


@pytest.mark.parametrize(
    "question", ["what does else do?", "what about more?", "which is used more?", "how do i use else?"]
)
def test_a_question_about_a_word_for_more_is_no_request_for_more(question: str) -> None:
    assert not asks_for_more(question)


def test_asking_for_more_again_goes_on_past_every_answer_before() -> None:
    history = _turns(("what is a glacier?", ANSWERED), ("tell me more", ANSWERED))
    turn = resolve("what else?", history)
    assert turn.more == 2 and turn.follows is not None and turn.follows.question == "what is a glacier?"


def test_a_follow_up_that_only_hedges_asks_the_same_again() -> None:
    from sagebot.answer.turn import not_to_repeat

    before = _said("The operations team patches systems and manages fault tolerance.")
    turn = resolve("what do they actually do?", _turns(("what is the operations team?", ANSWERED)))
    assert turn.follows is not None and not_to_repeat(turn, before) == frozenset()
    # "made" is a light verb: "who was it made with?" asks again what the answer just quoted may say
    before = _said("In 1787 the Crown arranged the Toronto Purchase with the Mississaugas.")
    turn = resolve("who was it made with?", _turns(("what was the toronto purchase?", ANSWERED)))
    assert turn.follows is not None and not_to_repeat(turn, before) == frozenset()


def test_a_follow_up_asking_for_a_figure_may_quote_again_the_sentence_holding_one() -> None:
    from sagebot.answer.turn import not_to_repeat

    before = _said(
        "The Incas were defeated in 1532 by a small army of 180 Spaniards led by Francisco Pizarro.",
        "The Incas formed this civilization through imperialistic militarism.",
    )
    turn = resolve("how many soldiers did he bring", _turns(("who beat the incas", ANSWERED)))
    assert turn.follows is not None
    assert not_to_repeat(turn, before) == {before.citations[1].quote}
    born = _said("Pizarro was born in 1478 in Trujillo.", "He sailed for Peru with his brothers.")  # a year is no count
    assert not_to_repeat(turn, born) == {c.quote for c in born.citations}


def test_a_later_clause_pointing_back_is_labelled_in_its_own_words_and_about_the_first_subject() -> None:
    _, second = analyse_question("who is the operations team and what do they actually do?").facets
    assert second.label == "What do they actually do?"
    assert second.subject == "operations team" and second.query.startswith("operations team")


def test_why_and_why_not_are_one_question() -> None:
    shape = analyse_question("why bother with a .gitignore, why not just commit everything")
    assert not shape.several and shape.kind == "why"


def test_a_question_that_only_points_back_with_nothing_before_it_is_unclear() -> None:
    refused = "The course documents don't cover this question, so I can't answer it from them."
    assert resolve("what does it do?", _turns(("what is a flux capacitor?", refused))).unclear
    assert resolve("why?", None).unclear
    assert not resolve("and for RDS?", None).unclear
    assert not resolve("what does it do?", _turns(("what is a glacier?", ANSWERED))).unclear


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("EC2 vs SageMaker vs RDS", ["EC2", "SageMaker", "RDS"]),
        ("difference between EC2, SageMaker and RDS", ["EC2", "SageMaker", "RDS"]),
        ("what do EC2, ;; and RDS each do?", ["EC2", "RDS"]),  # a side with no word in it is no side
    ],
)
def test_three_sides_and_empty_sides(question: str, labels: list[str]) -> None:
    assert [f.label for f in analyse_question(question).facets] == labels


def test_a_date_is_found_in_any_year_or_course_calendar_words() -> None:
    from sagebot.answer.figures import _DATE_GIVEN

    assert _DATE_GIVEN.search("The charter was sealed in 1215.")
    assert _DATE_GIVEN.search("The first assignment is due on Friday of week three.")
    assert not _DATE_GIVEN.search("The charter limited the king's power.")
    assert _DATE_GIVEN.search("Alaric sacked Rome in 410.")
    assert not _DATE_GIVEN.search("The speed of sound there is about 240 m/s below 240 Hz.")  # measures, no years


def test_asking_for_tips_or_steps_is_not_asking_for_a_thing_the_documents_never_name() -> None:
    lexicon = Lexicon({"late": 2, "work": 5, "manag": 3})
    assert analyse("what tips do you have for late work?", lexicon, {}).unknown == []


def test_a_phrase_after_the_last_side_is_what_the_sides_are_compared_on() -> None:
    shape = analyse_question("pele vs maradona as a captain, who was better?")
    assert [f.label for f in shape.facets] == ["pele", "maradona"]
    assert shape.aspect == "captain"
    assert all("captain" in f.query for f in shape.facets)


def test_two_things_named_in_a_setting_are_each_defined_in_it() -> None:
    shape = analyse_question("what are red cells and white cells in the blood?")
    assert [f.label for f in shape.facets] == ["red cells", "white cells"]
    assert [f.kind for f in shape.facets] == ["definition", "definition"]
    assert all("blood" in f.query for f in shape.facets)


def test_a_light_verb_asks_nothing_new_unless_the_follow_up_asks_how() -> None:
    from sagebot.answer.turn import not_to_repeat

    before = _said("A branch is a movable pointer to a commit.")
    turn = resolve("how do I make it?", _turns(("what is a branch?", ANSWERED)))
    assert turn.follows is not None and not_to_repeat(turn, before) == frozenset(
        ["A branch is a movable pointer to a commit."]
    )


def test_who_was_on_board_asks_a_fact_about_the_first_parts_subject() -> None:
    facets = analyse_question("when did apollo 8 fly and who was on board").facets
    assert [f.kind for f in facets] == ["fact", "fact"] and "apollo 8" in facets[1].query
    assert analyse_question("who was sachin tendulkar").kind == "definition"


def test_a_phrase_after_the_last_side_is_its_aspect_unless_a_participle_or_a_name_goes_on() -> None:
    assert analyse_question("Redis vs Memcached for caching").aspect == "caching"
    assert [f.label for f in analyse_question("python vs the language written in Japan").facets][1] == (
        "language written in Japan"
    )
    assert kind_of("what is for loop?") == "definition"  # "who was on board" asks a fact; "what is for loop" does not


@pytest.mark.parametrize(
    "question",
    [
        "whats the diffrence between lists and tuples",
        "whats the differnce betwen lists and tuples",
        "lists vesus tuples",
    ],
)
def test_a_misspelt_comparing_word_still_makes_a_comparison(question: str) -> None:
    shape = analyse_question(question)
    assert shape.kind == "comparison" and [f.label for f in shape.facets] == ["lists", "tuples"]


def test_a_word_of_english_close_to_a_comparing_word_is_left_as_it_is() -> None:
    assert analyse_question("what is inference").facets[0].label == "inference"
    # a part naming no one thing is labelled as asked
    assert analyse_question("how do i cancel a command").facets[0].label == "How do I cancel a command?"
    assert (
        analyse_question("what is differencing in time series").facets[0].query.endswith("differencing in time series")
    )
    assert "compareTo" in analyse_question("how does compareTo work in java").facets[0].query


def test_a_command_and_the_same_command_with_an_option_are_two_sides() -> None:
    shape = analyse_question("whats the difference between rm and rm -r")
    assert [f.label for f in shape.facets] == ["rm", "rm -r"]


def test_symbols_a_learner_types_are_named_and_kept_in_sides() -> None:
    from sagebot.answer.as_code import symbols_in

    assert symbols_in("whats the difference between > and >>") == [">", ">>"] == symbols_in("> vs >>?")
    assert symbols_in("what is grep ?") == []  # the question's own mark
    assert symbols_in("what does * mean?") == ["*"] and symbols_in("is it ok?") == []
    assert [f.label for f in analyse_question("cd .. vs cd ~").facets] == ["cd ..", "cd ~"]


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("= vs == in python", ["=", "=="]),
        ("whats the difference between > and >>", [">", ">>"]),
        ("[ vs [[ on a list?", ["[", "[["]),
        ("$@ vs $< in a rule", ["$@", "$<"]),
        (":= vs =", [":=", "="]),  # not "=" and "="
        ("* vs ?", ["*", "?"]),  # "?" is a side, not the question's mark
        ("* vs ? in the shell", ["*", "?"]),
        ("whats the difference between * and ?", ["*", "?"]),
        ("difference between * and ? in the shell", ["*", "?"]),
        ("difference between ? and * in bash", ["?", "*"]),
        ("whats the difference between [ and [[ in R", ["[", "[["]),  # "in R" is what they are compared on
        ("... vs ..", ["...", ".."]),  # a label of marks alone keeps them
    ],
)
def test_symbols_compared_are_the_sides(question: str, labels: list[str]) -> None:
    assert [f.label for f in analyse_question(question).facets] == labels


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("whats the difference between lists and tuples?", ["lists", "tuples"]),  # a "?" that ends the question
        ("difference between git add and git commit ? i am confused", ["git add", "git commit"]),
        ("lists vs tuples? which is faster", ["lists", "tuples"]),
    ],
)
def test_a_question_mark_after_the_last_side_ends_it(question: str, labels: list[str]) -> None:
    assert [f.label for f in analyse_question(question).facets] == labels


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("what is the difference between git add . and git add -A", ["git add .", "git add -A"]),
        ("git add -A vs git add .", ["git add -A", "git add ."]),  # not "git add" and "git add"
        ("lists vs tuples .", ["lists", "tuples"]),  # the sentence's own full stop
        ("northern andes vs southern andes weather", ["northern andes", "southern andes"]),
    ],
)
def test_a_command_keeps_its_dot_and_its_option_as_a_side(question: str, labels: list[str]) -> None:
    assert [f.label for f in analyse_question(question).facets] == labels


def test_two_sides_alike_are_no_comparison() -> None:
    assert len(analyse_question("> vs >!").facets) == 1  # "!" read as the question's end leaves ">" twice


def test_a_symbol_is_no_item_of_an_enumeration() -> None:
    labels = [f.label for f in analyse_question("what is the -v and the ^ and why the quotes").facets]
    assert "^" not in labels


@pytest.mark.parametrize(
    ("text", "symbol", "written"),
    [
        ("We can avoid overwriting a file by using `>>`.", ">>", True),
        ("We can avoid overwriting a file by using `>>`.", ">", False),  # within the longer symbol
        ("if (x >= 10) {", "=", False),
        ("2>&1 sends errors along", ">", False),
        ("using the equals sign =.", "=", True),
        ("the double-square bracket function: `[[`.", "[", False),
        ("written escaped, \\>\\>, in Markdown", ">>", True),
        ("You may sometimes see `&&` and `||` instead of `&` and `|`.", "&", True),
        ("the | character is Shift+<kbd>\\</kbd>", "<", False),  # markup, not the text's
        ("We *could* just run it again", "*", False),
        ("This isn't necessary", "'", False),
        ("quote it in single quotes (')", "'", True),
        ("*.txt matches every file ending in .txt", "*", True),
    ],
)
def test_a_symbol_is_written_only_where_no_longer_symbol_holds_it(text: str, symbol: str, written: bool) -> None:
    from sagebot.answer.as_code import writes_symbol

    assert writes_symbol(text, symbol) is written


def test_a_later_part_of_everyday_words_after_the_is_about_what_was_just_named() -> None:
    shape = analyse_question("what are the rules for env var names and whats the max size")
    assert shape.facets[1].query == "rules for env var names whats the max size"
    assert analyse_question("whats a vpc and whats a subnet?").facets[1].query == "whats a subnet?"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("whats the default timeout for a lambda", "fact"),  # a value, not what a timeout is
        ("what is the max size of a layer?", "fact"),
        ("what is the defaultdict", "definition"),
        ("what is a default argument", "definition"),
    ],
)
def test_what_is_the_default_or_the_max_asks_for_a_value(question: str, kind: str) -> None:
    assert kind_of(question) == kind


def test_a_later_part_asking_what_a_thing_does_names_its_own_subject() -> None:
    shape = analyse_question("what are the gates of an lstm and what does the cell do?")
    assert [f.query for f in shape.facets] == ["what are the gates of an lstm", "what does the cell do?"]
    # a symbol means something only where it is used: the part is read with the one before it
    shape = analyse_question("how does a for loop work in bash and what does the $ in $filename do")
    assert shape.facets[1].query.startswith("for loop")
    # "the max size" is the size of what was just named
    shape = analyse_question("what is a lambda layer and whats the max size?")
    assert "lambda layer" in shape.facets[1].query


def test_asking_for_something_is_no_action_the_documents_must_name() -> None:
    lexicon = Lexicon({t: 1 for t in content_terms("To request a quota increase, open the Support Center.")})
    assert analyse("how do i ask for a higher quota", lexicon, {}).unknown == []
    assert analyse("how do i sign a quota", lexicon, {}).unknown == ["sign"]


def test_a_why_or_how_question_about_limits_asks_for_no_figure() -> None:
    from sagebot.answer.figures import missing_figure

    quotes = ["Quotas prevent a misconfigured state machine from consuming all the resources."]
    assert missing_figure("why does step functions even have quotas", quotes) == ""
    assert missing_figure("how do i raise the limit on executions", quotes) == ""
    assert missing_figure("whats the limit on open executions", quotes) != ""


def test_a_pronoun_after_a_long_how_to_question_is_read_as_its_object() -> None:
    turn = resolve("can i put a label next to it?", _turns(("how do i show a progress bar with click", ANSWERED)))
    assert turn.resolved == "Can i put a label next to progress bar?"


def test_how_many_people_is_answered_by_a_count_of_soldiers_and_civilians() -> None:
    from sagebot.answer.figures import missing_figure

    quotes = ["An estimated 100,000 soldiers and civilians were killed, and many more people died later."]
    assert missing_figure("how many people were killed in the war", quotes) == ""
    assert missing_figure("how many elephants were killed in the war", quotes) == ""  # never named: other checks
    assert missing_figure("how many people lived in the city", ["Many people lived in the city."]) != ""


def test_a_verb_too_general_for_documents_to_use_names_no_missing_action() -> None:
    lexicon = Lexicon({t: 1 for t in content_terms("To view the logs, open the Functions page.")})
    assert analyse("how do i see my functions logs", lexicon, {}).unknown == []


def test_who_made_a_thing_is_answered_only_where_a_sentence_names_a_maker_and_the_thing() -> None:
    from sagebot.answer.asked import missing_maker

    towers = ["Philip Johnson and John Burgee designed the Williams Tower. The CN Tower is 553 m tall."]
    assert missing_maker("who designed the cn tower", towers) != ""  # a maker, but of another tower
    assert missing_maker("who made git and when", ["Git was created by Linus Torvalds in 2005."]) == ""
    assert missing_maker("who started the maratha state", ["The Maratha Empire was founded by Shivaji."]) == ""
    assert missing_maker("who originally wrote click", ["Click was written by Armin Ronacher."]) == ""
    assert missing_maker("what does git make", ["Git makes commits."]) == ""  # no "who made" question


def test_chat_shorthand_and_a_slip_on_an_everyday_word_name_nothing() -> None:
    lexicon = Lexicon({t: 1 for t in content_terms("call the makefile any file ending; the original author")})
    analysis = analyse("what file ending do ppl usually give a makefile", lexicon, {})
    assert analysis.unknown == []
    assert "original" not in analyse("who wrote the makefile originaly", lexicon, {}).subjects


def test_a_side_in_general_is_searched_as_the_thing_itself_unless_the_documents_name_it() -> None:
    from types import SimpleNamespace

    from sagebot.answer.question import analyse_question
    from sagebot.answer.turn import _in_general

    side = analyse_question("phony target vs a normal target").facets[1]
    named: set[str] = set()
    retriever = SimpleNamespace(mentions=lambda phrase: phrase in named)
    assert "normal" not in _in_general(side, retriever).query.split()  # type: ignore[arg-type]
    named.add(side.label)
    assert _in_general(side, retriever) == side  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "resolved"),
    [
        ("what happened to him in the end", "What happened to bairam khan in the end"),
        ("and how big was his army when he died", "How big was bairam khan's army when he died"),
        ("when did he die", "When did bairam khan die"),
        ("what happened to her after the war", "What happened to bairam khan after the war"),
    ],
)
def test_he_his_him_after_who_was_name_that_person(question: str, resolved: str) -> None:
    assert resolve(question, _turns(("who was bairam khan", ANSWERED))).resolved == resolved


def test_he_after_a_question_about_a_thing_names_nothing() -> None:
    turn = resolve("what did he find", _turns(("what is a moraine?", ANSWERED)))
    assert turn.resolved == "what did he find (following: what is a moraine?)"


def test_a_later_part_pointing_back_is_read_with_what_the_first_acts_on() -> None:
    facets = analyse_question("how do i delete one venv, and can i delete all of them at once").facets
    assert facets[1].subject == "venv" and facets[1].query.startswith("venv ")


def test_is_it_ok_to_with_nothing_of_its_own_still_points_back() -> None:
    turn = resolve("is it safe to use?", _turns(("what is a moraine?", ANSWERED)))
    assert turn.resolved == "Is moraine safe to use?"


def test_who_is_a_role_is_no_person_and_a_person_carries_on() -> None:
    turns = _turns(("who is responsible for backups", ANSWERED))
    assert resolve("how do i contact them?", turns).resolved.endswith("(following: who is responsible for backups)")
    turns = _turns(("who was bairam khan", ANSWERED), ("when did he die", ANSWERED))
    assert resolve("what happened to his army", turns).resolved == "What happened to bairam khan's army"


@pytest.mark.parametrize(
    ("asked", "named"),
    [
        ("who is cottard in the plague", "cottard"),
        ("who was joan of arc", "joan of arc"),
        ("who was the best player in the team", ""),  # a role
        ("who is in charge of backups", ""),
        ("who is on call this week", ""),
        ("who was the man in the iron mask", ""),  # a description: "man" names no one
    ],
)
def test_who_is_x_in_a_work_names_x_but_a_role_or_description_names_no_one(asked: str, named: str) -> None:
    turn = resolve("and what happened to him", _turns((asked, ANSWERED)))
    assert turn.resolved == (f"What happened to {named}" if named else f"what happened to him (following: {asked})")


@pytest.mark.parametrize(
    ("question", "resolved"),
    [
        (
            "is that taken into account when the lock file is made?",
            "Is KMS taken into account when the lock file is made?",
        ),
        ("is that enabled by default?", "Is KMS enabled by default?"),
        ("is that file large?", "is that file large? (following: what is KMS)"),  # "that file" names another thing
        ("where is this generated file stored?", "where is this generated file stored? (following: what is KMS)"),
        ("is that needed?", "Is KMS needed?"),
    ],
)
def test_that_before_a_participle_points_back(question: str, resolved: str) -> None:
    assert resolve(question, _turns(("what is KMS", ANSWERED))).resolved == resolved


def test_who_was_x_and_something_more_still_names_x() -> None:
    turns = _turns(("who was anna giro and what did she have to do with vivaldi", ANSWERED))
    assert resolve("was she his girlfriend or not", turns).resolved == "Was anna giro his girlfriend or not"


def test_what_is_x_and_more_is_about_x_for_the_turn_after_it() -> None:
    turns = _turns(("what is a faded example and how do i write one", ANSWERED))
    assert resolve("why is it useful", turns).resolved == "Why is faded example useful"
    assert "(following:" in resolve("which one is faster", _turns(("list vs tuple", ANSWERED))).resolved


@pytest.mark.parametrize(
    "question",
    ["which is better for beginners or experts", "which is bigger or smaller", "which is faster when i run it or not"],
)
def test_a_comparative_without_two_named_sides_sets_nothing_side_by_side(question: str) -> None:
    assert analyse_question(question).kind != "comparison"


def test_what_is_said_before_a_question_stays_in_what_is_searched() -> None:
    shape = analyse_question("I keep getting merge conflicts. how do i fix them?")
    assert shape.facets[0].query == "I keep getting merge conflicts. how do i fix them?"
    assert shape.facets[0].label == "How do I fix them?"
    assert analyse_question("hi! what is a commit").facets[0].label == "commit"


@pytest.mark.parametrize(
    ("question", "label"),
    [
        ("can you explain what a flag is", "flag"),
        ("could you tell me what a pipe is?", "pipe"),
        ("can you describe the staging area", "staging area"),
        ("tell me about wildcards", "wildcards"),
        ("explain git stash", "git stash"),
        ("what exactly is an execution in step functions", "execution in step functions"),
        ("whats a lambda layer exactly", "lambda layer"),
        ("so what is a branch?", "branch"),
        ("what is meant by staging", "staging"),
        ("what do we mean by a remote", "remote"),
        ("i dont get what a pointer is", "pointer"),
        ("could anyone tell me what HEAD is", "HEAD"),
    ],
)
def test_a_question_is_labelled_by_what_it_asks_about_past_politeness_and_stress(question: str, label: str) -> None:
    assert [f.label for f in analyse_question(question).facets] == [label]


def test_a_kind_word_after_a_rare_name_is_left_out_of_what_a_definition_opens_with() -> None:
    from sagebot.answer.sentences import _without_kind_noun

    assert _without_kind_noun("fastq file") == "fastq"
    assert _without_kind_noun("python module") == "python module"  # "Python is a language" says no module
    assert _without_kind_noun("environment variable") == "environment variable"


@pytest.mark.parametrize(
    ("question", "sides", "aspect"),
    [
        ("did the mauryas and the guptas have the same capital", ["mauryas", "guptas"], "capital"),
        ("do fish and amphibians get rid of ammonia the same way", ["fish", "amphibians"], "rid ammonia"),
        ("are lists and tuples the same?", ["lists", "tuples"], ""),
        ("does git add and git commit do the same thing", ["git add", "git commit"], ""),
        ("what do lists and tuples have in common", ["lists", "tuples"], ""),
        ("in what ways are lists and tuples different", ["lists", "tuples"], ""),
        ("how are lists and tuples alike", ["lists", "tuples"], ""),
        ("what are the similarities between lists and tuples", ["lists", "tuples"], ""),
        ("how do cp and mv differ", ["cp", "mv"], ""),
        ("in what ways do lists and tuples differ", ["lists", "tuples"], ""),
        ("how do lists and tuples compare for speed", ["lists", "tuples"], "speed"),
    ],
)
def test_asking_whether_two_things_are_alike_or_which_to_use_compares_them(
    question: str, sides: list[str], aspect: str
) -> None:
    shape = analyse_question(question)
    assert shape.kind == "comparison"
    assert [f.label for f in shape.facets] == sides
    assert shape.aspect == aspect


@pytest.mark.parametrize(
    "question",
    [
        "can i use the same key for dev and prod",
        "is it the same as a list",
        "do i need to run add and commit at the same time",
        "why are some requests way slower than others right after i deploy",  # one reason asked, not two sides
        "should i use it or not",
        "are they the same",
        "is it ok to commit more often than once a day",
        "does git store more data than svn",
        "can a lambda run longer than 15 minutes?",
        "how do i upload files larger than 5 gb to s3?",
        "can a user and a role have the same name?",
        "are these and those the same?",
        "can i use git or do i need github?",
        "my code differs from the example, why?",
    ],
)
def test_the_same_said_of_one_thing_compares_nothing(question: str) -> None:
    assert analyse_question(question).kind != "comparison"


@pytest.mark.parametrize(
    ("question", "label"),
    [
        ("what is KMS for?", "KMS"),
        ("what is ammonia mostly used for", "ammonia"),
        ("What is Amazon Bedrock used for?", "Amazon Bedrock"),
        ("what are pass states good for", "pass states"),
    ],
)
def test_what_a_thing_is_for_asks_its_purpose_and_names_it(question: str, label: str) -> None:
    facet = analyse_question(question).facets[0]
    assert (facet.kind, facet.label, facet.subject) == ("why", label, label)


def test_a_question_merely_ending_in_for_asks_no_purpose() -> None:
    assert analyse_question("what is the for loop").facets[0].kind == "definition"
    assert analyse_question("what is the word i'm looking for?").facets[0].kind != "why"
    assert analyse_question("what is the error that i should check for?").facets[0].kind != "why"
    assert analyse_question("which instance type should i use for training").facets[0].kind != "why"


def test_a_bare_why_after_a_question_asks_why_of_it() -> None:
    shape = analyse_question("when did ashoka convert to buddhism, and why?")
    assert [(f.label, f.kind) for f in shape.facets] == [
        ("When did ashoka convert to buddhism?", "fact"),
        ("Why?", "why"),
    ]
    assert "ashoka convert to buddhism" in shape.facets[1].query


@pytest.mark.parametrize(
    "question",
    [
        "whats the reason git needs a staging area",
        "is there a reason to use a staging area",
        "what makes the staging area useful",
        "how is a venv useful",
        "what good is the staging area",
        "what are the downsides of branches",
        "what is the motivation behind git",
    ],
)
def test_asking_for_a_reason_in_other_words_is_a_why_question(question: str) -> None:
    assert kind_of(question) == "why"


@pytest.mark.parametrize(
    "question",
    [
        "how do i get help",
        "how does help work in click",
        "what makes a good commit message",
        "how does git help me undo a commit?",
        "what problems did the romans face?",
    ],
)
def test_help_and_good_in_a_question_ask_no_reason(question: str) -> None:
    assert kind_of(question) != "why"


@pytest.mark.parametrize(
    "question",
    [
        "walk me through setting up a branch",
        "whats the command to undo a commit",
        "what command do i use to undo a commit",
        "what is the easiest way to rename a branch",
        "steps for renaming a branch",
        "show me how to rename a branch",
        "need to rename a branch, how",
    ],
)
def test_asking_for_steps_in_other_words_is_a_how_question(question: str) -> None:
    assert kind_of(question) == "how"


@pytest.mark.parametrize(
    "question",
    [
        "i want to know what a branch is",
        "is there any way to undo it?",
        "what is the way of the samurai",
        "i need to pay for s3?",
    ],
)
def test_wanting_to_know_or_asking_whether_is_no_how_question(question: str) -> None:
    assert kind_of(question) != "how"


def test_a_long_list_in_a_question_is_read_in_one_pass() -> None:
    # the enumeration pattern once backtracked for minutes on "a, a, … and why?"; a question may be 2,000 characters
    assert analyse_question("a, " * 600 + "and why?").kind == "why"
    assert len(analyse_question("what do iam, vpc and kms each do?").facets) == 3


@pytest.mark.parametrize(
    "question",
    ["difference btw list and tuple", "whats the diff b/w list and tuple", "differences btwn list and tuple"],
)
def test_between_written_short_still_sets_two_sides(question: str) -> None:
    assert [f.label for f in analyse_question(question).facets] == ["list", "tuple"]


def test_a_word_naming_the_form_of_the_answer_is_never_what_the_documents_lack() -> None:
    lexicon = Lexicon({"loop": 3, "bash": 2})
    assert analyse("what's the syntax for a for loop in bash", lexicon, {}).unknown == []
    assert analyse("what's the gist of a loop", lexicon, {}).unknown == []
    assert analyse("what's the syntax for a haskell loop", lexicon, {}).unknown == ["haskell"]
    assert analyse("what is syntax?", lexicon, {}).unknown == ["syntax"]  # asked about, it is the subject


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("whats a branch + how do i make one", ["branch", "How do I make one?"]),  # "+" and "&" join two questions
        ("how does KMS encrypt data & who manages the keys", ["How does KMS encrypt data?", "Who manages the keys?"]),
        ("explain KMS and IAM", ["KMS", "IAM"]),  # the request is no part of the first item
        ("define commit, branch and merge", ["commit", "branch", "merge"]),
    ],
)
def test_parts_joined_by_a_sign_or_asked_for_by_a_request(question: str, labels: list[str]) -> None:
    shape = analyse_question(question)
    assert [f.label for f in shape.facets] == labels
    assert all("define" not in f.query for f in shape.facets)


def _after(question: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": "… [1]"}]


@pytest.mark.parametrize(
    ("before", "asked", "resolved"),
    [
        ("what is a subnet?", "and a VPC?", "what is a VPC?"),  # the same question, of another thing
        ("what is a subnet?", "what about a VPC?", "what is a VPC?"),
        ("who was bairam khan", "and akbar?", "who was akbar"),
        ("what is http/2?", "and http/3?", "what is http/3?"),
        ("what is KMS?", "ok thanks, and what can it encrypt?", "What can KMS encrypt?"),  # thanks said first
        ("what is KMS?", "great, and is it free?", "Is KMS free?"),
    ],
)
def test_an_ellipsis_naming_another_thing_asks_the_question_before_of_it(
    before: str, asked: str, resolved: str
) -> None:
    assert resolve(asked, _after(before)).resolved == resolved


@pytest.mark.parametrize(
    ("before", "asked"),
    [
        ("what is a subnet?", "and why?"),
        ("what is KMS?", "and for RDS?"),
        ("what is KMS?", "and then?"),
        ("how do I create a VPC?", "and using the CLI?"),  # a way of doing it, not another thing to create
        ("how do I create a VPC?", "what about cost?"),
        ("what is a VPC?", "what about cost?"),  # an everyday word asks about the VPC's cost
        ("what is a list?", "really?"),
        ("what is a list?", "any other?"),
        ("how do I create a branch?", "and delete a branch?"),
    ],
)
def test_an_ellipsis_asking_something_else_is_read_with_the_question_before(before: str, asked: str) -> None:
    turn = resolve(asked, _after(before))
    assert turn.follows is not None and before in turn.resolved


@pytest.mark.parametrize("asked", ["got it. what's a remote?", "thanks! what is a tag", "ok cool, what is a VPC?"])
def test_thanks_before_a_question_of_its_own_leans_on_nothing(asked: str) -> None:
    assert not depends_on_context(asked)


@pytest.mark.parametrize("asked", ["go on", "such as?", "like what?", "and?", "thanks! tell me more", "for instance?"])
def test_a_nudge_to_go_on_asks_for_more(asked: str) -> None:
    assert asks_for_more(asked)
    assert resolve(asked, _after("what is KMS?")).more == 1


@pytest.mark.parametrize(
    "asked", ["continue the loop", "go on vacation", "and then what?", "and continue?", "continue"]
)
def test_words_of_going_on_in_a_question_of_its_own_ask_for_no_more(asked: str) -> None:
    assert not asks_for_more(asked)


def test_a_short_plural_the_stemmer_leaves_is_the_corpus_word() -> None:
    lexicon = Lexicon({"id": 3, "specy": 2, "note": 1, "wrong": 1, "o": 1})
    assert analyse("how do i note that some species ids might be wrong", lexicon, {}).unknown == []
    assert lexicon.exact_form("ids") == "id"
    assert lexicon.exact_form("os") is None  # too short to be a plural


def test_a_remark_after_a_comparison_is_not_what_it_compares_on() -> None:
    remark = analyse_question("argument vs parameter, whats the diff? people seem to use them for the same thing")
    assert remark.aspect == "" and [f.query for f in remark.facets] == ["argument", "parameter"]
    assert analyse_question("KMS vs IAM? which one handles encryption").aspect == "handles encryption"


def test_ordinals_and_place_words_are_no_words_the_documents_lack() -> None:
    lexicon = Lexicon({"element": 3, "list": 5, "contextvar": 2, "lifespan": 2, "startup": 2, "request": 4})
    assert analyse("how do i grab every 3rd element out of a list", lexicon, {}).unknown == []
    lexicon = Lexicon({"music": 3, "century": 2, "fleming": 2, "discov": 2, "1928": 1})
    assert analyse("what happened in music in the 14th century", lexicon, {}).unknown == ["14th"]  # a time
    assert analyse("what did fleming discover in the 1920s", lexicon, {}).unknown == []  # a year of it is given
    assert analyse("what did fleming discover in the 1850s", lexicon, {}).unknown == ["1850s"]
    asked = "why is the contextvar i set during lifespan startup empty inside my request handlers"
    assert "empty inside" not in analyse(asked, lexicon, {}).unknown


def test_numbers_a_why_question_states_are_context_not_figures_asked_for() -> None:
    from sagebot.answer.figures import missing_figure

    quote = "Using --env-file is intended for configuring the ASGI application that uvicorn runs."
    assert missing_figure("i put UVICORN_PORT=9000 in my .env but its still on 8000?? why", [quote]) == ""
    assert missing_figure("why shouldnt i copy paste code when live coding?", [quote]) == ""
    assert missing_figure("why does it fail? give me the boto3 code to deploy one", [quote]) != ""
    asked = "how long does a ball bowled at 140 km per hour take to travel 20 metres"
    assert missing_figure(asked, ["The ball was bowled at 140 km per hour."]) != ""


def test_shorthand_is_the_word_the_documents_write_in_full() -> None:
    lexicon = Lexicon({stem(w): 5 for w in ["message", "control", "package", "command", "resources", "filetype"]})
    assert [lexicon.known_form(w) for w in ["msg", "ctrl", "pkg", "cmd"]] == [
        "message",
        "control",
        "package",
        "command",
    ]
    assert lexicon.known_form("rss") is None  # an acronym the documents lack is no "resources"
    assert lexicon.known_form("ftp") is None
    assert Lexicon({"directori": 3}).known_form("dir") is None  # often a name in code: not in the table


def test_which_version_did_something_asks_for_no_version_number() -> None:
    from sagebot.answer.figures import missing_figure

    quote = "For alias invocations, Lambda uses the Executed Version dimension to filter the metric data."
    assert missing_figure("how can i tell which version actually handled a given request?", [quote]) == ""
    assert missing_figure("what version of python do i need?", [quote]) != ""
    assert missing_figure("what release added the --reload flag", [quote]) != ""


def test_a_remark_after_the_question_is_not_searched_for() -> None:
    from sagebot.answer.lead import without_remark

    asked = "why am i supposed to commit the .gitignore file itself? seems pointless to track it"
    assert without_remark(asked) == "why am i supposed to commit the .gitignore file itself?"
    for kept in [
        "what is the default timeout? for aiohttp",  # the remark names what is asked
        "when did the composer die? i mean salieri",
        "KMS vs IAM? which one handles encryption",  # a question after the "?"
        "quick question? i need to undo my last commit",  # no question before it: what follows is the question
        "what is it? the stash command",  # the question before it names nothing of its own
    ]:
        assert without_remark(kept) == kept


def test_each_other_is_no_enumeration_and_a_yes_no_verb_is_no_item() -> None:
    assert not analyse_question("did mozart and salieri actually hate each other").several
    labels = [f.label for f in analyse_question("did mozart and salieri each write operas").facets]
    assert labels == ["mozart write operas", "salieri write operas"]


def test_what_two_things_do_somewhere_asks_what_each_does_there() -> None:
    shape = analyse_question("what do instr() and substr() do in sqlite")
    assert [(f.label, f.query) for f in shape.facets] == [("instr()", "instr()"), ("substr()", "substr()")]
    assert analyse_question("httpx vs requests in compatibility").aspect == "compatibility"


def test_a_count_may_stand_four_words_before_what_it_counts() -> None:
    from sagebot.answer.counts import missing_count

    quote = "The script plotcounts.py reads in a data file and plots the 10 most frequently occurring words."
    assert missing_count("how many words does plotcounts.py show in its bar chart", [quote]) == ""
    assert missing_count("how many GPUs does it have?", ["a 24-CPU instance with multiple GPUs"]) != ""


def test_an_aside_before_the_question_is_not_part_of_it() -> None:
    from sagebot.answer.lead import without_aside

    assert without_aside("unrelated, but how does mkdocs order the nav?") == "how does mkdocs order the nav?"
    assert without_aside("unrelated but in httpx must uploads be binary?") == "in httpx must uploads be binary?"
    assert without_aside("quick q - whats the default timeout") == "whats the default timeout"
    assert without_aside("im a bit lost on X vs Y, whats the difference") == "X vs Y, whats the difference"
    assert without_aside("ok real question: when is artemis due?") == "when is artemis due?"
    for kept in ["random forest vs decision tree", "side effects of aspirin?", "basic syntax of sql?", "unrelated"]:
        assert without_aside(kept) == kept
    assert analyse_question("off topic but what is a VPC?").facets[0].label == "VPC"


def test_two_questions_after_a_lead_in_are_two_parts() -> None:
    shape = analyse_question(
        "two things: what does assert do if the condition is false, and is it true firefox uses it?"
    )
    assert [f.label for f in shape.facets] == [
        "What does assert do if the condition is false?",
        "Is it true firefox uses it?",
    ]
    assert shape.facets[0].query.startswith("two things:")  # what the learner said first is still searched
    shape = analyse_question("mars has moons right? whats their names and who discovered em")
    assert [f.label for f in shape.facets] == ["Whats their names?", "Who discovered em?"]  # not what names are
    assert len(analyse_question("in what order does Config look for a value, and what if it finds none").facets) == 2
    assert analyse_question("for ec2 how do i set up a vpc, and do i patch the os?").facets[0].label.startswith("How")


def test_a_lead_in_that_goes_on_from_the_turn_before_points_back() -> None:
    assert depends_on_context("and if i ask for it to be distributed, what changes?")
    assert not depends_on_context("I got a merge conflict. what is it?")  # what "it" is was said first


def test_a_word_said_twice_joins_no_two_sides_and_the_size_of_a_difference_is_no_aspect() -> None:
    shape = analyse_question("whats the actual difference between calling httpx.get over and over vs using a Client?")
    assert [f.label for f in shape.facets] == ["calling httpx.get over and over", "using a Client"]
    assert shape.aspect == ""
    assert [f.label for f in analyse_question("what is the difference between KMS and KMS keys").facets] == [
        "KMS",
        "KMS keys",
    ]


def test_what_typed_as_in_chat_is_read_as_what() -> None:
    assert analyse_question("wat's a retrier in step functions").facets[0].kind == "definition"
    assert analyse_question("wut is a VPC").facets[0].label == "VPC"
    assert analyse_question("what is Wat Arun").facets[0].label == "Wat Arun"  # a name, not "what"


def test_more_ways_of_asking_two_things_at_once() -> None:
    def labels(question: str) -> list[str]:
        return [f.label for f in analyse_question(question).facets]

    assert labels("can someone explain minute cards? and also the one-up one-down thing") == [
        "minute cards",
        "one-up one-down thing",
    ]
    # what a second review found misfiring: steps listed in a request, "? and an example", a name with "Wat"
    assert len(analyse_question("can you show me how to add, commit and push").facets) == 1
    assert len(analyse_question("what's a commit? and an example?").facets) == 1
    assert labels("Angkor Wat is a temple, who built it?") == ["Who built it?"]
    assert labels("how big can the first burst be, and after that how fast does it scale?") == [
        "How big can the first burst be?",
        "How fast does it scale?",
    ]


def test_what_the_new_rules_leave_alone() -> None:
    """Misfires a review found: each word or lead-in here names or says what the question is about."""
    from sagebot.answer.lead import unstretched, without_aside

    for kept in [
        "REAL - how precise is it?",
        "real is a data type in sqlite, how precise is it?",
        "random - how does it work?",
    ]:
        assert without_aside(kept) == kept
    assert without_aside("dumb question but what is a repo") == "what is a repo"
    for own in [
        "ok so i have a table that has duplicate rows, how do i remove them?",
        "so i committed a file that has my password in it, how do i remove it from history?",
        "and if I have a file that is too big, how do I ignore it?",
        "what is an em dash?",
    ]:
        assert not depends_on_context(own), own
    assert unstretched("III") == "III" and unstretched("AAA") == "AAA"  # George III; a battery
    assert len(analyse_question("whats the difference between round and round with 2 decimals?").facets) == 2
    assert [f.label for f in analyse_question("what is one-hot encoding and what is byte pair encoding?").facets] == [
        "one-hot encoding",
        "byte pair encoding",
    ]
