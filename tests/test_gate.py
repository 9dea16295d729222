"""The coverage gate's pure text rules: names the documents must mention, words they must have."""

from __future__ import annotations

import pytest

from sagebot.answer.gate import Lexicon, analyse, judge, named_phrases

# A small corpus vocabulary (stemmed, as the index keeps it) about searching and decoding.
WORDS = "search decod transformer model optimize learn rate idea differ quick commit branch pick iam learner setting name give"
LEXICON = Lexicon(dict.fromkeys(WORDS.split(" "), 1))


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        ("how do I cherry-pick a commit?", ["cherry-pick"]),
        ("is an httpx Client thread-safe, can i share one?", ["thread-safe"]),
        ("does httpx support HTTP/3 over QUIC?", ["HTTP/3"]),
        ("how much did it cost to train gpt-4?", ["gpt-4"]),
        ("when is httpx 1.0 coming out?", ["httpx 1.0"]),
        ("example of quicker time-to-value?", []),  # a small word inside: left to its words
        ("is httpx non-blocking?", []),  # an affix, not a word of its own
        ("post-LN or pre-LN?", []),
        ("what is 1.5 times 2?", []),  # a figure, not a version of something
        ("which is the fourth-largest gold mine?", []),  # a rank
    ],
)
def test_phrases_a_question_names(question: str, phrases: list[str]) -> None:
    assert named_phrases(question) == phrases


def test_the_thing_a_question_asks_for_must_be_named_in_the_documents() -> None:
    assert analyse("what temperature should I use when decoding?", LEXICON, {}).unknown == ["temperature"]
    assert analyse("which IAM policy do I attach?", LEXICON, {}).unknown == ["IAM policy"]
    assert analyse("which model should I pick?", LEXICON, {}).unknown == []  # named: "model"
    assert analyse("what exactly is a commit?", LEXICON, {}).unknown == []  # asks for no thing
    assert analyse("in what year did the search go down?", LEXICON, {}).unknown == []  # "In 1749, …"


def test_an_uncommon_word_before_a_known_one_names_a_kind_the_documents_lack() -> None:
    assert analyse("how does beam search decoding work", LEXICON, {}).unknown == ["beam search"]
    assert analyse("how does the adam optimizer adapt the learning rate", LEXICON, {}).unknown == ["adam optimizer"]


@pytest.mark.parametrize(
    "question",
    [
        "why is that a bad idea?",  # everyday words the corpus lacks say nothing
        "what's the basic difference?",
        "how does search work underneath?",  # not before a word the corpus has
        "example of quicker commits?",  # "quicker" is "quick"
        "what's a sensible search?",  # a quality ("sensibly"), not a kind of search
        "why are shy learners quiet?",
        "why would i bother setting a learning rate?",  # a verb after its subject: no kind of setting
        "how do i give a branch a nicer name?",  # an everyday word compared: "nice"
    ],
)
def test_everyday_words_the_corpus_lacks_do_not_count(question: str) -> None:
    assert analyse(question, LEXICON, {}).unknown == []


def test_a_comparative_of_an_everyday_word_is_no_term_of_art() -> None:
    from sagebot.answer.english import is_specific

    assert not any(is_specific(w) for w in ["nicer", "simplest", "bigger", "easier", "safer"])
    assert is_specific("docker")  # a plain "-er" is no sign of a comparative
    assert is_specific("mapper")  # no "mappest": a noun, not "map" compared


@pytest.mark.parametrize("slip", ["acident", "enviroment", "comand", "directroy", "wildcrad"])
def test_a_slip_on_an_everyday_word_is_no_name_the_documents_lack(slip: str) -> None:
    assert analyse(f"can a branch break by {slip}", LEXICON, {}).unknown == []


@pytest.mark.parametrize(
    "name", ["jupyter", "gevent", "kubectl", "gitignore", "trimmomatic", "uvicorn", "fluentd", "containerd", "gradle"]
)
def test_a_name_near_an_everyday_word_is_still_a_name(name: str) -> None:
    from sagebot.answer.english import misspells_common_word

    assert not misspells_common_word(name)
    assert analyse(f"can a branch use {name}", LEXICON, {}).unknown == [name]


def test_a_particle_after_a_short_object_makes_a_phrasal_verb() -> None:
    lexicon = Lexicon(dict.fromkeys(["file", "loop", "filenam", "fastq", "commit", "key", "git"], 1))
    assert analyse("how do i strip the .fastq off a filename in a loop", lexicon, {}).unknown == []
    assert analyse("how do i sign my commits in git", lexicon, {}).unknown == ["sign"]


def test_an_acronym_is_no_short_form_of_a_longer_word() -> None:
    lexicon = Lexicon({"quickstart": 3, "http": 5})
    assert analyse("does httpx support QUIC?", lexicon, {}).unknown == ["QUIC"]
    assert analyse("what is quic?", lexicon, {}).known_terms == ["quickstart"]  # lower case: a short form


def test_key_words_no_passage_holds_together_are_another_subject_unless_a_sentence_is_close() -> None:
    from sagebot.answer.gate import QueryAnalysis, judge

    analysis = QueryAnalysis(["capital", "australia"], ["capital", "australia"], [], [])
    quotes = ["The southern cap is called Planum Australe."]
    assert not judge("whats the capital of australia", analysis, 0.42, quotes, 0.32, together=0.4).covered
    assert judge("whats the capital of australia", analysis, 0.42, quotes, 0.32, together=0.8).covered
    assert judge("whats the capital of australia", analysis, 0.6, quotes, 0.32, together=0.4).covered


def test_when_something_comes_out_asks_for_a_date() -> None:
    from sagebot.answer.gate import QueryAnalysis, judge

    analysis = QueryAnalysis(["httpx", "come"], ["httpx", "come"], [], [])
    evidence = ["HTTPX 1.0 will drop the deprecated arguments."]
    assert not judge("when is httpx 1.0 coming out?", analysis, 0.6, evidence, 0.32).covered
    assert judge("when is httpx 1.0 coming out?", analysis, 0.6, ["It is due in March 2026."], 0.32).covered
    assert judge("when is it better to use a Client?", analysis, 0.6, evidence, 0.32).covered
    may = ["It is possible that a future version of httpx may enable HTTP/2 support by default."]
    assert not judge("when was the first version released?", analysis, 0.6, may, 0.32).covered  # "may" is no month
    assert judge("when was the first version released?", analysis, 0.6, ["It came out on 3 May."], 0.32).covered
    assert judge("when is version 2 due?", analysis, 0.6, ["Version 2 is due by May."], 0.32).covered


def test_min_or_max_named_together_are_functions_not_a_figure_asked_for() -> None:
    from sagebot.answer.figures import asks_figure

    assert not asks_figure("whats an aggregation function like min or max")
    assert not asks_figure("can i use the min and max functions on text?")
    assert asks_figure("what is the max timeout?") and asks_figure("min size of a volume?")
    assert asks_figure("what is the min and max memory for a function")


def test_a_figure_is_said_of_what_the_question_asks_about() -> None:
    from sagebot.answer.gate import QueryAnalysis, judge

    asked = QueryAnalysis(["cost", "train", "gpt"], ["cost", "train", "gpt"], [], [], ("gpt 4",))
    other = ["The training of GPT-2 in 2019 cost $50,000, and PaLM cost $8 million."]
    said = ["Training GPT-4 reportedly cost over $100 million."]
    assert not judge("how much did it cost to train gpt-4?", asked, 0.6, other, 0.32).covered
    assert judge("how much did it cost to train gpt-4?", asked, 0.6, said, 0.32).covered
    window = QueryAnalysis(["big", "claude", "context", "window"], ["claude", "context", "window"], [], [], ("claude",))
    gemini = ["Gemini 1.5 can have a context window of up to 1 million tokens."]
    assert not judge("how big is claude 3's context window", window, 0.6, gemini, 0.32).covered
    assert judge("what is claude?", window, 0.6, gemini, 0.32).covered  # no figure asked


@pytest.mark.parametrize(
    ("quotes", "missing"),
    [
        (["A large 24-CPU instance with half a terabyte of RAM and multiple NVIDIA GPUs."], True),
        (["The largest instance has 8 GPUs."], False),
        (["GPUs: 16 per instance."], False),
        (["Each instance has two graphics cards."], False),  # the noun never named: a synonym may count it
    ],
)
def test_how_many_asks_for_the_noun_counted(quotes: list[str], missing: bool) -> None:
    from sagebot.answer.figures import missing_figure

    assert bool(missing_figure("how many GPUs can one training instance have?", quotes)) == missing


def test_a_how_to_whose_action_the_documents_never_name() -> None:
    assert analyse("how do i sign my commits?", LEXICON, {}).unknown == ["sign"]
    assert analyse("how can I turn off the search?", LEXICON, {}).unknown == []  # "disable", say
    assert analyse("how do i throw away my commits", LEXICON, {}).unknown == []
    assert analyse("how do I turn it on?", LEXICON, {}).unknown == []


def test_how_many_of_a_placeholder_is_left_to_the_other_checks() -> None:
    from sagebot.answer.figures import missing_figure

    quotes = ["Short-term memory holds seven plus or minus two items; most things are forgotten."]
    assert not missing_figure("how many things can short term memory hold", quotes)


@pytest.mark.parametrize(
    ("question", "quotes", "missing"),
    [
        ("how tall is the space needle", ["Though only 5ft 5in tall, he still bowled fast."], True),
        ("how tall is the space needle", ["The Space Needle, built in 1962, was the city's icon."], True),
        ("how tall is the space needle", ["The Space Needle is 605 feet (184 m) tall."], False),
        ("how heavy was his bat", ["He used a bat of 1.47 kg, heavier than most."], False),
        ("how heavy was his bat", ["His bats tend to be heavier than most."], True),
        ("how hot is the sun", ["The surface of the Sun is about 5,772 K."], False),
        # figurative or no measure at all: never refused for want of a unit
        ("how far back does git history go?", ["Git keeps every commit since the first."], False),
        ("how does tf-idf weigh terms?", ["Rare terms get a higher weight."], False),
        ("what is the height of a binary tree?", ["The height is the longest path from the root to a leaf."], False),
        ("what's the average time complexity of quicksort", ["Quicksort runs in O(n log n) on average."], False),
        ("how do I compute the average of a list in python?", ["Use statistics.mean on the list."], False),
        ("how high should the learning rate be", ["A high learning rate makes training unstable."], False),
    ],
)
def test_a_measure_asked_for_is_stated_of_what_the_question_names(
    question: str, quotes: list[str], missing: bool
) -> None:
    from sagebot.answer.measures import missing_measure

    assert missing_measure(question, quotes) is missing


def test_how_many_counts_the_last_word_before_the_verb() -> None:
    from sagebot.answer.figures import missing_figure

    reason = missing_figure("how many stanley cups have the kraken won?", ["The Stanley Cup was first won in 1917."])
    assert reason.endswith("no count of cups")
    assert not missing_figure("how many test wickets did he take?", ["He took 434 Test wickets."])
    eats = ["Each day, an adult needs about 2,000 calories."]
    assert not missing_figure("how many calories per day should an adult eat?", eats)


def test_a_figure_is_said_of_its_subject_in_its_sentence_or_one_pointing_back_not_further_off() -> None:
    from sagebot.answer.figures import missing_figure

    question = "how many runs did kapil dev score in odis"
    best = "Kapil Dev is a former Indian cricketer."
    passage = (
        "Kapil Dev is a former Indian cricketer. He is a fast bowler. He scored 5,248 runs in Tests. ODIs came later."
    )
    assert not missing_figure(question, [best, passage], ("odis",))  # the whole passage holds both
    assert missing_figure(question, [best, passage], ("odis",), said_with=[(best, best)])
    pointing_back = ("Kapil Dev played ODIs for India.", "He scored 3,783 runs in them.")
    assert not missing_figure(question, [best, passage], ("odis",), said_with=[(best, best), pointing_back])
    question = "when was the university of houston founded"
    other = ("West of the University of Houston is TSU.", "TSU was founded in 1927.")
    assert missing_figure(question, [other[1]], ("university of houston",), said_with=[(other[1], other[1])])


def test_a_year_is_no_count() -> None:
    from sagebot.answer.figures import missing_figure

    question = "how many titles have the kraken won"
    began = ["The team was named the Seattle Kraken and began play in 2021."]
    assert missing_figure(question, began, ("kraken",))
    assert not missing_figure(question, ["By 2024 the Kraken had won 2 titles."], ("kraken",))


@pytest.mark.parametrize(
    ("question", "evidence", "unstated"),
    [
        (
            "if a ball is bowled at 140 km per hour how long does it take to travel 20 metres",
            "He took 434 wickets.",
            "140",
        ),
        ("what did he do in the 83 world cup against the 1979 side", "the 1983 World Cup; the 1979 tour", ""),
        ("why was he dropped for the 1979 england tour", "He was dropped after the tour.", ""),  # one number: context
        ("what are the 3 places and 2 areas", "three places", ""),  # small numbers are written in words
        ("is 1,000 more than 10.5", "1000 and 10.5", ""),
    ],
)
def test_a_question_setting_out_its_own_figures(question: str, evidence: str, unstated: str) -> None:
    from sagebot.answer.figures import unstated_numbers

    assert unstated_numbers(question, evidence) == unstated


def test_a_short_form_is_spelled_out_only_when_it_clips_the_longer_word() -> None:
    lexicon = Lexicon({"repository": 40, "repo": 1, "standard": 30, "stand": 1, "retirement": 9, "retire": 1})
    assert analyse("where is my repo?", lexicon, {}).expansions == ["repository"]
    assert analyse("when did he retire?", lexicon, {}).expansions == ["retirement"]
    assert analyse("what does numpy stand for?", lexicon, {}).expansions == []  # "stand" is no clipped "standard"


@pytest.mark.parametrize(
    ("question", "quote", "missing"),
    [
        ("how long do tortoises live?", "Tortoises live in dry grassland and eat leaves.", True),
        ("how long do tortoises live?", "Tortoises often live for more than 80 years.", False),
        ("how long does the drug take to work?", "The drug takes 3 weeks to take effect.", False),
        ("how much time do i have to finish?", "Finish the checkout within ninety days.", False),
        ("how long is a commit id?", "Each commit has a unique identifier.", False),  # a length: not a time
        ("how long does a message have to be?", "Keep it under 50 characters.", False),
        ("how long did the empire last?", "It lasted from 27 BC until AD 476.", False),
        ("how long does the build take?", "It takes about an hour.", False),
        ("how long will the exam last?", "The exam is in the main hall.", True),
    ],
)
def test_how_long_something_lasts_needs_a_length_of_time(question: str, quote: str, missing: bool) -> None:
    from sagebot.answer.figures import missing_figure

    assert bool(missing_figure(question, [quote])) == missing


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("how do i add a legend to my plot?", ["legend"]),
        ("how do i use a dictionary to look up a patient?", ["dictionary"]),
        ("how do i download a huge file?", []),  # an everyday word: the question is about files
        ("how do i add a title to my plot?", []),  # the documents name titles
        ("how do i make a transparent background?", []),  # a kind of background: the documents name backgrounds
    ],
)
def test_a_how_to_question_about_a_thing_the_documents_never_name(question: str, unknown: list[str]) -> None:
    words = ["add", "plot", "titl", "use", "look", "patient", "download", "file", "make", "background"]
    lexicon = Lexicon(dict.fromkeys(words, 2))
    assert analyse(question, lexicon, {}).unknown == unknown


@pytest.mark.parametrize(
    ("short", "word", "clipped"),
    [("repo", "repository", True), ("exec", "execute", True), ("retire", "retirement", True), ("act", "action", False)],
)
def test_a_clipped_word_is_rare_in_english_or_takes_a_nouns_suffix(short: str, word: str, clipped: bool) -> None:
    from sagebot.answer.english import clips

    assert clips(short, word) == clipped


@pytest.mark.parametrize(
    ("question", "quotes", "missing"),
    [
        ("whats the escape velocity of mars", ["The Moon has an escape velocity of 2.38 km/s."], True),
        ("whats the escape velocity of mars", ["Mars\nPhysical\nIts escape velocity is 5.0 km/s."], False),
        ("what is the temperature at the moons core", ["The temperature of the core is 2000–2400 K."], True),
        ("what is the population of houston", ["Houston\nDemographics\nThe city had 2,304,580 residents."], False),
        ("what is the length of a list?", ["len() gives the number of items."], False),  # figurative in docs
        ("what is the radius of a circle?", ["The radius is half the diameter."], False),  # "a circle": any circle
        ("what is velocity in scrum?", ["Velocity is the work a team completes."], False),
        ("WHAT İS THE POPULATİON OF ROME?", ["Rome is a city."], False),  # no crash on a dotted capital I
        ("what was the population of ancient rome", ["Ancient Rome had about one million people."], False),
    ],
)
def test_a_physical_measure_of_a_named_thing_is_given_of_that_thing(
    question: str, quotes: list[str], missing: bool
) -> None:
    from sagebot.answer.figures import missing_figure

    assert bool(missing_figure(question, quotes)) == missing


def test_a_first_sentence_opening_with_its_headings_name_is_no_lesson_moving_on() -> None:
    from sagebot.answer.profile import title_names

    assert title_names(["go"], "go", "Go is a programming language made at Google.")
    assert not title_names(["dictionari"], "dictionaries", "Now let us move on to the next data type.")
    assert not title_names(
        ["byte", "level", "bpe"], "byte-level BPE", "In the above example, the output is a vocabulary."
    )


def test_names_written_as_code_are_one_identifier() -> None:
    from sagebot.answer.as_code import code_names

    assert code_names("how do i number rows with row_number?") == ["row_number"]
    assert code_names("what do `auto_envvar_prefix` and the prefix do") == ["auto_envvar_prefix"]
    assert code_names("how do i number the rows") == []
    # the learner's own names and files' names are theirs, not the documents'
    assert code_names("how do i add an item to my_list") == [] and code_names("count lines in my_reads.fastq") == []


def test_an_x_of_y_name_is_one_the_documents_write_with_capitals() -> None:
    from types import SimpleNamespace

    import numpy as np

    from sagebot.answer.names import titled_names

    texts = ["The University of Houston is a research university.", "The number of instances can grow."]
    chunks = [SimpleNamespace(text=t) for t in texts]
    keyword = SimpleNamespace(get_scores=lambda terms: np.array([1.0, 1.0]))
    documents = SimpleNamespace(
        index=SimpleNamespace(chunks=chunks, keyword=keyword),
        vocabulary=dict.fromkeys(["university", "houston", "number", "instance"], 1),
    )
    assert titled_names("when was the university of houston founded", documents) == ["university of houston"]
    assert titled_names("what is the max number of instances", documents) == []


def test_a_who_question_asks_for_a_two_word_role_but_not_a_rank() -> None:
    from sagebot.answer.asked import asked_roles

    assert asked_roles("who is the executive director of the carpentries") == ["executive director"]
    assert asked_roles("who was the first person to walk on the moon") == []
    assert asked_roles("who is the youngest player to score a century") == []
    assert asked_roles("who is the lead maintainer") == []  # no "of …": left to the words


def test_two_everyday_words_the_corpus_lacks_and_nothing_close_make_a_question_on_another_subject() -> None:
    from sagebot.answer.gate import QueryAnalysis, judge

    def analysis(absent: tuple[str, ...]) -> QueryAnalysis:
        return QueryAnalysis(["survey", "garden", "fence"], ["survey"], [], [], (), absent)

    verdict = judge(
        "how do i survey my garden before putting up a new fence", analysis(("garden", "fence")), 0.45, [], 0.32
    )
    assert not verdict.covered and verdict.reason == "the documents never mention garden, fence"
    assert judge("…", analysis(("garden", "fence")), 0.6, [], 0.32).covered  # a sentence close in meaning
    assert judge("ok and which service handles the encryption side?", analysis(("ok", "side")), 0.45, [], 0.32).covered
    assert judge("can i put a label next to it?", analysis(("put", "next")), 0.45, [], 0.32).covered


def test_an_operator_the_documents_never_write_is_named_as_missing() -> None:
    from types import SimpleNamespace

    from sagebot.answer.as_code import unwritten_symbols

    chunks = [SimpleNamespace(text="Use `VAR = value` to set it; `$@` is the target. Run `a && b`, or `cmd 2\\>err`.")]
    documents = SimpleNamespace(index=SimpleNamespace(chunks=chunks))
    assert unwritten_symbols(documents, "how do i set a variable only if unset with ?=") == ["?="]  # type: ignore[arg-type]
    assert unwritten_symbols(documents, "what do $@ and && do, and 2> too?") == []  # type: ignore[arg-type]
    assert unwritten_symbols(documents, "can i send 10% of traffic... at 10:30?") == []  # type: ignore[arg-type]


def test_an_option_the_documents_never_write_is_named_with_its_command() -> None:
    from types import SimpleNamespace

    from sagebot.answer.as_code import unwritten_code

    text = "Run `git add -p` to pick hunks, `ls -l` for sizes and `ls -h` for readable ones; `rm -r` removes folders."
    documents = SimpleNamespace(index=SimpleNamespace(chunks=[SimpleNamespace(text=text)]))
    assert unwritten_code(documents, "git add . vs git add -A") == ["git add -A"]  # type: ignore[arg-type]
    assert unwritten_code(documents, "what does ls -R do") == ["ls -R"]  # type: ignore[arg-type]  # "-r" is not "-R"
    assert unwritten_code(documents, "what does ls -lh show") == []  # type: ignore[arg-type]  # "-l" and "-h" apart
    assert unwritten_code(documents, "how do i add an optional --verbose flag") == ["--verbose"]  # type: ignore[arg-type]
    assert unwritten_code(documents, "what does git add -p do") == []  # type: ignore[arg-type]
    assert unwritten_code(documents, "what does ls -l4 do") == []  # type: ignore[arg-type]  # "-l 4"
    assert unwritten_code(documents, "quick question -what does ls do?") == []  # type: ignore[arg-type]  # a dash


def test_a_version_asked_for_is_a_version_number() -> None:
    from sagebot.answer.figures import missing_figure

    gnu = ["GNU Make is a free-libre, fast, well-documented, and very popular Make implementation."]
    assert missing_figure("whats the latest version of gnu make", gnu) == "the passages found give no version number"
    assert not missing_figure("which python version does httpx need", ["HTTPX requires Python 3.9+."])
    assert not missing_figure("what's the httpx version of requests.Session", ["The equivalent is httpx.Client."])


def test_known_for_discovering_names_a_maker_and_what_else_asks_for_no_thing() -> None:
    from sagebot.answer.asked import missing_maker

    fleming = "Sir Alexander Fleming was a physician, best known for discovering the antibiotic he named penicillin."
    assert not missing_maker("who discovered penicillin", [fleming])
    assert missing_maker("who discovered penicillin", ["Penicillin saved millions of lives."])
    lexicon = Lexicon({t: 1 for t in ("ammonia", "use", "fertilizer")})
    assert analyse("what is ammonia mostly used for and what else is it used for", lexicon, {}).unknown == []


def test_how_much_prize_money_asks_for_a_sum() -> None:
    from sagebot.answer.figures import missing_figure

    nobel = ["For this discovery, he shared the Nobel Prize in 1945 with Howard Florey."]
    assert missing_figure("how much prize money did fleming get for the nobel", nobel) == "the documents give no prices"
    assert not missing_figure("how much prize money did he get", ["The prize was worth $40,000."])


def test_how_much_someone_was_paid_asks_for_a_sum_in_any_currency() -> None:
    from sagebot.answer.figures import missing_figure

    post = ["As the imperial Kapellmeister from 1788 to 1824, he was responsible for music at the court chapel."]
    assert missing_figure("how much was salieri paid as kapellmeister", post) == "the documents give no prices"
    assert not missing_figure("how much was salieri paid", ["His salary was 1,200 florins a year."])


def test_who_translated_or_directed_it_is_answered_only_by_a_translator_or_director() -> None:
    from sagebot.answer.asked import missing_maker

    titles = ["The Stranger (L'Étranger, often translated as The Outsider) was published in 1942."]
    assert missing_maker("who translated the stranger into english", titles)
    assert not missing_maker("who translated the stranger", ["The Stranger was translated by Stuart Gilbert."])
    assert not missing_maker("who directed amadeus", ["Amadeus, directed by Miloš Forman, won eight Oscars."])


def test_get_rid_of_is_remove_whether_or_not_the_documents_say_rid() -> None:
    lexicon = Lexicon({t: 1 for t in ("line", "ending", "csv", "remove", "excel")})
    found = analyse("how do i get rid of the weird line endings in csvs from excel", lexicon, {})
    assert found.unknown == [] and "remove" in found.known_terms
    assert "rid" in found.terms  # still searched for, where the documents do say it ("get rid of one of our tables")


def test_ww2_is_the_second_world_war() -> None:
    lexicon = Lexicon({t: 1 for t in ("camus", "allow", "join", "army", "world", "war", "second")})
    found = analyse("why wasnt camus allowed to join the army in ww2", lexicon, {})
    assert found.unknown == [] and {"world", "war", "second"} <= set(found.known_terms)


def test_a_setting_named_with_a_measure_word_asks_for_no_measure() -> None:
    from sagebot.answer.figures import asks_figure, missing_figure

    assert not asks_figure("whats the point of solver.min-release-age")
    quotes = ["This option is useful to protect against supply chain attacks."]
    assert not missing_figure("whats the point of solver.min-release-age", quotes)
    assert asks_figure("whats the max age of an event")  # the word itself still asks for one


def test_how_deep_a_place_is_and_what_pressure_a_process_runs_at_want_a_number_with_its_unit() -> None:
    from sagebot.answer.figures import missing_figure

    lake = ["Lake Titicaca hosts several endemics, among them the Titicaca water frog."]
    assert missing_figure("how deep is lake titicaca", lake)
    assert not missing_figure("how deep is lake titicaca", ["Lake Titicaca is 281 m deep at its deepest point."])
    process = ["The Haber–Bosch process runs at a moderately elevated temperature (450 °C)."]
    assert missing_figure("what pressure does the haber bosch process run at", process)
    assert not missing_figure("what pressure does it run at", ["It runs at about 200 bar and 450 °C."])
    assert not missing_figure("how deep does the nesting go", ["Groups can be nested as deep as you like."])


def test_a_stand_in_for_words_the_documents_lack_is_itself_lacking() -> None:
    assert analyse("what happened in ww2", Lexicon({"happen": 1}), {}).unknown == ["ww2"]


def test_a_decimal_is_no_setting_name_and_how_high_is_left_figurative() -> None:
    from sagebot.answer.figures import missing_figure, unstated_numbers

    assert unstated_numbers("bowled at 142.5 km per hour from 20.12 metres", "It is 20.12 metres long.") == "142.5"
    question = "a ball bowled at 142.5 km per hour crosses 20.12 metres, what is that in mph"
    assert missing_figure(question, ["It is 20.12 metres long."]) == "the passages found never give 142.5"
    assert not missing_figure("how high is the default learning rate", ["The default learning rate is 0.001."])
    assert not missing_figure("how deep is the default recursion limit", ["The default recursion limit is 1000."])
    assert not missing_figure("when was the treaty signed", ["It was signed in 1919/20."])


def test_an_action_no_passage_speaks_of_counts_as_far_afield() -> None:
    lexicon = Lexicon({t: 1 for t in ("ant", "remove", "plant", "rodent")})
    analysis = analyse("how do i get rid of ants in my kitchen", lexicon, {})
    quotes = ["This project studies the effects of rodents and ants on the plant community."]
    verdict = judge("how do i get rid of ants in my kitchen", analysis, 0.46, quotes, 0.3)
    assert not verdict.covered and "kitchen" in verdict.reason
    removal = ["To remove ants, seal the entry points."]  # a passage that says how: no longer far afield
    assert judge("how do i get rid of ants in my kitchen", analysis, 0.46, removal, 0.3).covered


def test_chat_words_for_general_actions_and_feelings_name_no_subject() -> None:
    lexicon = Lexicon(
        dict.fromkeys(["csv", "filenam", "folder", "top", "file", "cold", "kept", "webb", "slow", "commit", "build"], 1)
    )
    for question in [
        "how do i grab all the csv filenames in a folder",  # "grab": get
        "how do i peek at just the top of a huge file",  # "peek": look
        "why does webb have to be kept so insanely cold?",  # how strongly the learner feels it
        "the file is soooo slow",  # a letter held down
        "can i click thru the file",  # chat shorthand
        "why was the file swapped",  # "swapped": a form of a chat verb ("swap")
        "and the fewest files?",  # a superlative of an everyday word ("few")
        "my build is borked lol",  # chat words
        "oops, my commit",
        "lemme see the build",
    ]:
        assert analyse(question, lexicon, {}).unknown == [], question
    assert analyse("how do i sign my commits", lexicon, {}).unknown == ["sign"]  # an action of its own still counts
    assert analyse("what does AAAS stand for", lexicon, {}).unknown == ["AAAS"]  # an acronym is no held-down letter


def test_initials_of_a_name_with_an_apostrophe() -> None:
    from sagebot.answer.lexicon import acronyms_in

    found = acronyms_in(['known as the "Don\'t Repeat Yourself" principle, or Exploratory Data Analysis'])
    assert found["DRY"] == "Don't Repeat Yourself"
    assert found["EDA"] == "Exploratory Data Analysis"
    found = acronyms_in(["the European Space Agency's Automated probe crossed the South Atlantic Anomaly"])
    assert found["SAA"] == "South Atlantic Anomaly"  # a possessive is no part of a name's initials


@pytest.mark.parametrize(
    ("word", "never"),
    [("protect", True), ("flaky", True), ("skipped", True), ("mutually", True)]
    + [("squished", True), ("hardcoded", True), ("uninstall", True)]  # no dictionary's, but a past or an undoing
    + [("rust", False), ("emblem", False), ("hyperparameters", False), ("graphql", False)],  # a noun, or no word
)
def test_a_word_english_knows_only_as_a_verb_or_a_quality(word: str, never: bool) -> None:
    from sagebot.answer.word_class import never_a_noun

    assert never_a_noun(word) is never


def test_a_learners_own_verb_the_documents_never_use_is_named_not_refused_when_the_rest_is_covered() -> None:
    from sagebot.answer.gate import NAMED_GAP_MARGIN, QueryAnalysis, judge

    quotes = ["Always commit to a branch before you merge."]

    def verdict(unknown: str, cosine: float):  # type: ignore[no-untyped-def]
        analysis = QueryAnalysis(["commit", "branch", unknown.lower()], ["commit", "branch"], [], [unknown])
        return judge(f"how do i {unknown} a commit on a branch?", analysis, cosine, quotes, 0.32)

    named = verdict("protect", 0.7)
    assert named.covered and named.gap == ("protect",) and named.reason == ""
    assert not verdict("protect", 0.32 + NAMED_GAP_MARGIN - 0.05).covered  # the rest too far off: refused
    # "can git protect my commit?": the word is all it asks of the corpus's own subject
    analysis = QueryAnalysis(["commit", "branch", "protect"], ["commit", "branch"], [], ["protect"])
    alone = judge(
        "can git protect a commit on a branch?", analysis, 0.7, quotes, 0.32, common_terms=frozenset(["branch"])
    )
    assert not alone.covered and alone.reason == "the documents never mention protect"
    for thing in ("squash", "GraphQL", "graphql"):  # a thing the documents may lack (a noun too), or a name
        refused = verdict(thing, 0.7)
        assert not refused.covered and refused.reason == f"the documents never mention {thing}" and not refused.gap


def test_a_name_a_learner_gives_their_own_thing_is_no_name_the_documents_lack() -> None:
    assert analyse("how do i make mytool print its version?", LEXICON, {}).unknown == []
    assert analyse("can i read from mysql?", LEXICON, {}).unknown == ["mysql"]


def test_my_and_a_word_of_the_documents_is_the_learners_own_name() -> None:
    lexicon = Lexicon(dict.fromkeys(["cli", "completion", "run", "sql"], 1))
    assert analyse("why does completion fail when i run mycli", lexicon, {}).unknown == []
    assert analyse("can i run mysql", lexicon, {}).unknown == ["mysql"]  # a word of English of its own


@pytest.mark.parametrize(
    ("word", "question", "example"),
    [
        ("QA", "search finds nothing when i type a 2 letter thing like 'QA', is that right?", True),
        ("3ish", "someone typed the weight like 'about 3ish' and now the column is text", True),
        ("--no-color", "want a flag pair like --color and --no-color that flips one setting", True),
        ("-notes", "a file literally called -notes.txt is taken for an option", True),
        ("graphql", "how do i send a graphql query with httpx", False),
        ("right", "search finds nothing when i type a 2 letter thing like 'QA', is that right?", False),
        ("throttle", "can httpx throttle me to like 10 requests per second", False),
        ("fastapis", "does starlette have dependency injection like fastapis Depends", False),  # another thing
        ("p3", "Which EC2 instance type names (like p3 or g5) should I choose?", False),  # what is asked
    ],
)
def test_an_instance_the_learner_gives_is_their_example(word: str, question: str, example: bool) -> None:
    from sagebot.answer.word_class import given_as_example

    assert given_as_example(word, question) is example


def test_a_word_the_documents_lack_in_the_learners_own_example_is_named_not_refused() -> None:
    from sagebot.answer.gate import QueryAnalysis, judge

    quotes = ["Search ignores terms shorter than the minimum length of three letters."]
    question = "search finds nothing when i type a short term like 'QA', why?"
    analysis = QueryAnalysis(["search", "short", "term", "qa"], ["search", "short", "term"], [], ["QA"])
    named = judge(question, analysis, 0.7, quotes, 0.32)
    assert named.covered and named.gap == ("QA",)
    asked = judge("what does QA mean for search terms?", analysis, 0.7, quotes, 0.32)
    assert not asked.covered and asked.reason == "the documents never mention QA"  # asked about, not given


def test_a_figure_is_said_of_what_the_sentence_pointing_back_to_it_names() -> None:
    from types import SimpleNamespace

    import numpy as np

    from sagebot.answer.compose import _pointed_back
    from sagebot.answer.figures import missing_figure

    texts = [
        "Lavoisier used the new names in his Elementary Treatise on Chemistry, published in 1789.",
        "This work can be considered the first modern textbook on the subject.",
        "Lavoisier was also a tax collector.",
    ]
    index = SimpleNamespace(unit_chunk=np.zeros(3, dtype=int), chunks=[SimpleNamespace(section="")])
    retriever = SimpleNamespace(index=index, units_of=lambda chunk: np.arange(3), unit_text=lambda unit: texts[unit])
    said_with = [(t, t) for t in texts[:2]] + _pointed_back(0, retriever)  # type: ignore[arg-type]
    question = "In what year did the first modern chemistry textbook come out?"
    assert not missing_figure(question, texts[:2], ("textbook",), said_with=said_with)
    assert missing_figure(question, texts[:2], ("textbook",), said_with=[(t, t) for t in texts[:2]])


def test_a_sentence_telling_of_its_own_event_does_not_take_the_figure_before_it() -> None:
    from types import SimpleNamespace

    import numpy as np

    from sagebot.answer.compose import _pointed_back
    from sagebot.answer.figures import missing_figure

    texts = ["The city hosted the games in 2015.", "It beat two rival cities to win the rights."]
    index = SimpleNamespace(unit_chunk=np.zeros(2, dtype=int), chunks=[SimpleNamespace(section="")])
    retriever = SimpleNamespace(index=index, units_of=lambda chunk: np.arange(2), unit_text=lambda unit: texts[unit])
    said_with = [(t, t) for t in texts] + _pointed_back(0, retriever)  # type: ignore[arg-type]
    assert missing_figure("In what year did the city win the rights?", texts, ("rights",), said_with=said_with)


@pytest.mark.parametrize(
    ("word", "question", "how"),
    [
        ("climbing", "my function calls itself and the bill is climbing, how do i stop it", True),
        ("qa", "search finds nothing for a 2 letter thing like 'QA', is that on purpose?", True),
        ("tall", "how tall is aconcagua in meters", False),  # the quality asked for
        ("kitchen", "how do i get rid of ants in my kitchen", False),
    ],
)
def test_how_a_learner_asks_is_no_topic_far_afield(word: str, question: str, how: bool) -> None:
    from sagebot.answer.word_class import how_asked

    assert how_asked(word, question) is how


@pytest.mark.parametrize(
    ("sentence", "describes"),
    [
        ("This work represents the synthesis and can be considered the first modern textbook.", True),
        ("It is the largest city in Texas.", True),
        ("It was carried from Earth along with other small life.", False),  # an event of its own
        ("It beat two rival cities to win the rights.", False),
    ],
)
def test_a_sentence_that_says_again_what_the_one_before_names(sentence: str, describes: bool) -> None:
    from sagebot.answer.compose import _DESCRIBES_BACK

    assert bool(_DESCRIBES_BACK.match(sentence)) is describes
