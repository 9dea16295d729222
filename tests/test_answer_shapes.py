"""Answers that answer, on the real model and index: one labelled part per facet, uncovered parts named, no repeated
or dangling quotes, follow-ups read only when they lean on the conversation."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from sagebot import scorecard
from sagebot.answer.anaphora import opens_with_anaphor
from sagebot.assistant import Assistant
from sagebot.index.encoder import Encoder

from .conftest import ROOT, assistant_on, make_settings

REFUSAL = "The course documents don't cover this question, so I can't answer it from them."


def test_a_two_part_question_gets_one_labelled_part_each(shipped_assistant: Assistant) -> None:
    answer = shipped_assistant.ask("What does KMS encrypt, and what does IAM control?")
    assert answer.grounded and len(answer.facets) == 2 and all(f.covered for f in answer.facets)
    lines = answer.answer.split("\n")
    assert len(lines) == 2 and all(line.startswith("**") for line in lines)
    kms, iam = answer.facets
    assert any("encrypt" in answer.citations[n - 1].quote for n in kms.citations)
    assert any("IAM" in answer.citations[n - 1].text for n in iam.citations)
    numbers = [n for f in answer.facets for n in f.citations]
    assert sorted(set(numbers)) == [c.n for c in answer.citations]


def test_a_comparison_answers_each_side(shipped_assistant: Assistant) -> None:
    answer = shipped_assistant.ask("whats the difference between a subnet and a VPC?")
    assert [f.label for f in answer.facets] == ["subnet", "VPC"]
    assert all(f.covered and f.citations for f in answer.facets)
    data = answer.to_dict()
    assert data["facets"][0] == {"label": "subnet", "covered": True, "citations": answer.facets[0].citations}


def test_a_comparison_on_one_aspect_quotes_the_table_row_that_compares_the_sides(
    shipped_assistant: Assistant,
) -> None:
    answer = shipped_assistant.ask("how does time to value compare between EC2 and sagemaker")
    first_line = answer.answer.split("\n")[0]
    assert first_line.startswith("Time to Value | Slower") and first_line.endswith("[1]")
    assert answer.citations[0].quote.startswith("Time to Value\t")
    assert all(f.covered and f.citations[0] == 1 for f in answer.facets)


def test_a_table_row_naming_the_aspect_is_found_however_far_down_the_ranking(shipped_assistant: Assistant) -> None:
    answer = shipped_assistant.ask("what expertise do you need for unmanaged compared to managed services?")
    assert answer.citations[0].quote.startswith("Expertise Required\t"), answer.answer
    assert all(f.covered and f.citations[0] == 1 for f in answer.facets)


def test_a_glossary_entry_for_a_longer_name_does_not_define_the_shorter(shipped_assistant: Assistant) -> None:
    answer = shipped_assistant.ask("what is sagemaker and what does it do")
    assert answer.grounded, answer.answer
    # "SageMaker Endpoint — A managed compute platform…" defines an endpoint, not SageMaker
    assert not any(c.quote.startswith("SageMaker Endpoint") for c in answer.citations), answer.answer


def test_a_follow_up_comparison_quotes_for_each_side_what_names_it(shipped_assistant: Assistant) -> None:
    first = shipped_assistant.ask("what is KMS?")
    history = [{"role": "user", "content": "what is KMS?"}, {"role": "assistant", "content": first.answer}]
    answer = shipped_assistant.ask("and how is it different from IAM?", history)
    kms, iam = answer.facets
    # KMS's own definition was quoted just before; the part says it again rather than quote whatever ranks next
    assert kms.citations and all("KMS" in answer.citations[n - 1].quote for n in kms.citations), answer.answer
    assert iam.citations and "IAM" in answer.citations[iam.citations[0] - 1].quote, answer.answer


def test_which_thing_the_passages_never_name_is_refused_saying_so(shipped_assistant: Assistant) -> None:
    # the course names a region once, in a glossary line on availability zones; nothing says where SageMaker runs
    answer = shipped_assistant.ask("what regions does sagemaker run in?")
    assert not answer.grounded and "never say which regions" in answer.answer, answer.answer
    assert shipped_assistant.ask("what instance types can I use for training?").grounded


def test_which_thing_asked_of_one_article_among_several_may_be_an_instance_never_named_by_kind(
    tmp_path: Path, encoder: Encoder
) -> None:
    # "title" is rare here (one passage in thirty): the answer gives a title, "Boris I", and never says the word
    files = {f"town{n}.txt": f"Town {n}\n\nTown {n} lies on river {n}. Its market sells fish.\n" for n in range(28)}
    files["town3.txt"] += "Its mayor keeps the title for life.\n"
    files["andorra.txt"] = (
        "Andorra\n\nAndorra is a small country in the Pyrenees.\n\nSkossyreff\n\nIn 1934 Boris Skossyreff issued a "
        "proclamation in Urgell, declaring himself Boris I, King of Andorra. Skossyreff then declared war on the Bishop "
        "of Urgell. He was arrested soon after.\n"
    )
    answer = assistant_on(tmp_path, encoder, files).ask("What title did Boris Skossyreff claim for himself in 1934?")
    assert answer.grounded and any("Boris I," in c.quote for c in answer.citations), answer.answer


def test_a_definition_part_quotes_the_sentence_that_opens_with_its_subject(shipped_assistant: Assistant) -> None:
    answer = shipped_assistant.ask("what is a security group and what is a subnet?")
    group, subnet = answer.facets
    assert answer.citations[group.citations[0] - 1].display.startswith("Security Group")
    assert answer.citations[subnet.citations[0] - 1].display.startswith("Subnet")


def test_a_comparison_row_never_answers_sides_the_documents_do_not_name(shipped_assistant: Assistant) -> None:
    answer = shipped_assistant.ask("how does time to value compare between Lambda and Fargate?")
    assert not answer.grounded and not answer.citations


def test_a_follow_up_on_a_one_sentence_corpus_is_answered_or_refused_never_an_error(
    tmp_path: Path, encoder: Encoder
) -> None:
    plants = {"plants.md": "Photosynthesis turns light into chemical energy in plants.\n"}
    assistant = assistant_on(tmp_path, encoder, plants)
    first = assistant.ask("what is photosynthesis?")
    history = [{"role": "user", "content": "what is photosynthesis?"}, {"role": "assistant", "content": first.answer}]
    follow_up = assistant.ask("why does it matter?", history)
    assert follow_up.answer


def test_a_sentence_pointing_back_never_leans_on_another_document(tmp_path: Path, encoder: Encoder) -> None:
    files = {
        "a.md": "# Yeast\n\nYeast makes bread dough rise in a warm kitchen.\n",
        "b.md": "# Sugar\n\nThis also makes the dough rise a little faster.\n",
    }
    assistant = assistant_on(tmp_path, encoder, files)
    answer = assistant.ask("what makes bread dough rise in a warm kitchen?")
    assert answer.grounded
    assert not any(c.quote.startswith("This also") for c in answer.citations)


def test_a_part_the_documents_do_not_cover_is_named_without_a_citation(shipped_assistant: Assistant) -> None:
    answer = shipped_assistant.ask("What is a VPC and what does SageMaker Clarify do?")
    assert answer.grounded
    vpc, clarify = answer.facets
    assert vpc.covered and vpc.citations
    assert not clarify.covered and clarify.citations == []
    assert "don't cover this part (the documents never mention SageMaker Clarify)" in answer.answer.split("\n")[1]


def test_a_comparison_with_one_side_missing_is_refused_naming_it(shipped_assistant: Assistant) -> None:
    answer = shipped_assistant.ask("whats the difference between DynamoDB and RDS?")
    assert not answer.grounded and "never mention DynamoDB" in answer.answer
    assert [f.covered for f in answer.facets] == [False, False]


def test_a_name_the_documents_never_mention_is_refused_though_each_word_is_common(
    shipped_assistant: Assistant,
) -> None:
    answer = shipped_assistant.ask("What is SageMaker Ground Truth used for?")
    assert not answer.grounded and "never mention SageMaker Ground Truth" in answer.answer


def test_a_comparison_after_another_question_is_its_own_question(shipped_assistant: Assistant) -> None:
    history = [{"role": "user", "content": "what does ECR store?"}, {"role": "assistant", "content": "ECR … [1]"}]
    answer = shipped_assistant.ask("EC2 vs SageMaker — which one needs more setup?", history)
    assert not answer.rewritten and [f.label for f in answer.facets] == ["EC2", "SageMaker"]


def test_a_follow_up_is_rewritten_and_says_so(shipped_assistant: Assistant) -> None:
    history = [{"role": "user", "content": "what's KMS"}, {"role": "assistant", "content": "KMS ... [1]"}]
    answer = shipped_assistant.ask("ok what can it encrypt?", history)
    assert answer.rewritten and answer.resolved_question == "What can KMS encrypt?"
    assert answer.grounded and any("encrypt" in c.quote for c in answer.citations)
    assert answer.to_dict()["resolved_question"] == "What can KMS encrypt?"


def test_a_refused_turn_is_not_carried_into_the_next(shipped_assistant: Assistant) -> None:
    history = [
        {"role": "user", "content": "what's the best pizza place in new york?"},
        {"role": "assistant", "content": REFUSAL},
    ]
    answer = shipped_assistant.ask("whats an availability zone in aws?", history)
    assert not answer.rewritten and answer.grounded
    assert "Availability Zone" in answer.citations[0].text


@pytest.mark.parametrize(
    "asked",
    [
        "can someone explain what a VPC is",
        "i dont get what a VPC is",
        "what exactly is a VPC?",
        "so whats a VPC, exactly?",
    ],
)
def test_a_definition_asked_with_doubt_stress_or_a_request_is_answered_as_one(
    shipped_assistant: Assistant, asked: str
) -> None:
    plain = shipped_assistant.ask("what is a VPC?")
    answer = shipped_assistant.ask(asked)
    assert answer.grounded and [f.label for f in answer.facets] == ["VPC"]
    assert answer.citations[0].quote == plain.citations[0].quote


def test_a_glossary_row_stands_in_for_a_sentence_saying_the_same_only_when_defining(
    shipped_assistant: Assistant,
) -> None:
    assert "\t" in shipped_assistant.ask("what is ECR?").citations[0].quote  # the glossary's row defines it
    history = [{"role": "user", "content": "what is ECR?"}, {"role": "assistant", "content": "ECR — … [1]"}]
    listed = shipped_assistant.ask("and which algorithms does it store?", history)
    assert "XGBoost" in listed.citations[0].quote  # the row names no algorithm; the sentence that does stays


def test_and_another_thing_asks_the_question_before_of_it(shipped_assistant: Assistant) -> None:
    first = shipped_assistant.ask("what is a subnet?")
    history = [{"role": "user", "content": "what is a subnet?"}, {"role": "assistant", "content": first.answer}]
    answer = shipped_assistant.ask("great, and a VPC?", history)
    assert answer.resolved_question == "what is a VPC?"
    assert answer.citations[0].quote.startswith("Virtual Private Cloud (VPC)")


def test_a_question_with_its_own_subject_is_not_rewritten(shipped_assistant: Assistant) -> None:
    history = [{"role": "user", "content": "how does sagemaker use ECR?"}, {"role": "assistant", "content": "ECR [1]"}]
    answer = shipped_assistant.ask("what is a security group?", history)
    assert not answer.rewritten and answer.resolved_question == "what is a security group?"
    assert any("security group" in c.quote.lower() for c in answer.citations)


def test_a_follow_up_asking_something_new_does_not_repeat_the_answer_before(shipped_assistant: Assistant) -> None:
    first = shipped_assistant.ask("what is a subnet?")
    history = [{"role": "user", "content": "what is a subnet?"}, {"role": "assistant", "content": first.answer}]
    follow_up = shipped_assistant.ask("and why does it matter?", history)
    assert follow_up.grounded and follow_up.rewritten
    assert not {c.quote for c in first.citations} & {c.quote for c in follow_up.citations}
    assert not any("subject matter" in c.quote for c in follow_up.citations)  # "matter" is how it is asked


def test_no_answer_repeats_a_quote_or_leaves_one_dangling(shipped_assistant: Assistant) -> None:
    cases = scorecard.load_set(ROOT / "eval" / "course.jsonl") + _dev_questions()
    for case in cases:
        answer = shipped_assistant.ask(case.question, list(case.history))
        quotes = [c.quote for c in answer.citations]
        apart = [
            c.quote for i, c in enumerate(answer.citations) if not (i and scorecard.follows(answer.citations[i - 1], c))
        ]
        assert not scorecard.repeats_a_quote(shipped_assistant, apart), (case.question, quotes)
        vectors = shipped_assistant.encoder.encode(quotes) if quotes else None
        for i, j in itertools.combinations(range(len(quotes)), 2):
            assert vectors is not None and float(vectors[i] @ vectors[j]) < 0.9, (case.question, quotes[i], quotes[j])
        for previous, citation in zip([None, *answer.citations], answer.citations):
            if opens_with_anaphor(citation.quote):
                assert previous is not None and scorecard.follows(previous, citation), citation.quote


def _dev_questions() -> list[scorecard.SetCase]:
    import json

    lines = (ROOT / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [scorecard.SetCase(json.loads(line)["q"], "fact") for line in lines if line.strip()]


def test_the_course_set_per_category(shipped_assistant: Assistant) -> None:
    """The bundled course's categorised set: figures measured when this was written, less a small margin."""
    results = scorecard.run(shipped_assistant, scorecard.load_set(ROOT / "eval" / "course.jsonl"))
    table = scorecard.by_category(results)
    print(scorecard.table_markdown("course", table))
    assert table["off-topic"]["passed"] == 1.0
    assert table["all"]["false_refusals"] == 0.0
    assert table["all"]["repeated_quotes"] == 0 and table["all"]["dangling_openers"] == 0
    assert table["not-in-documents"]["passed"] >= 0.5
    assert table["all"]["facets_answered"] >= 0.65


@pytest.fixture(scope="module")
def accented(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Assistant:
    base = tmp_path_factory.mktemp("accented")
    (base / "corpus").mkdir()
    (base / "corpus" / "expedition.md").write_text(
        "# The expedition of 1749\n\n"
        "Pierre-Joseph Céloron de Blainville led an expedition down the Ohio River in 1749. "
        "Céloron buried lead plates along the river to claim the valley for France. "
        "The expedition met traders from Pennsylvania and told them to leave. "
        "On his return he founded a non-profit society for river pilots.\n\n"
        "## Gravity\n\nA falling ball speeds up by 9.8 meters per second every second. "
        "Air resistance slows light objects such as feathers.\n\n"
        "## Memory\n\nLong-term memory is large but slow. Then there is a second layer. "
        "This is the memory you use to think about things right now. "
        "It is much faster, but also much smaller: in 1956 George Miller found it holds 7 items for a few seconds.\n\n"
        "## Setup\n\nBefore the first expedition, the crew agreed on a few settings:\n\n"
        "- their names and ranks,\n- which boat each one would row,\n- and the signal for danger.\n",
        encoding="utf-8",
    )
    assistant = Assistant(make_settings(base), encoder=encoder)
    assistant.build_index()
    return assistant


@pytest.mark.parametrize(
    "question",
    [
        "who was Celeron?",
        "what did Celeron's expedition bury along the river?",
        "how much does a falling ball speed up every second?",
        "in what year did the expedition go down the Ohio?",
        "what nonprofit did Celeron found?",  # written "non-profit" in the documents
    ],
)
def test_rules_hold_on_documents_nobody_here_wrote(accented: Assistant, question: str) -> None:
    answer = accented.ask(question)
    assert answer.grounded, answer.answer


def test_a_sentence_pointing_back_twice_comes_with_both_sentences_before_it(accented: Assistant) -> None:
    answer = accented.ask("how many items can the second layer of memory hold?")
    quotes = [c.quote for c in answer.citations]
    assert answer.grounded, answer.answer
    at = next(i for i, q in enumerate(quotes) if q.startswith("It is much faster"))
    assert quotes[at - 2 : at] == [
        "Then there is a second layer.",
        "This is the memory you use to think about things right now.",
    ]


def test_a_list_item_that_is_a_fragment_comes_with_the_sentence_opening_its_list(accented: Assistant) -> None:
    answer = accented.ask("which boat did each crew member row?")
    quotes = [c.quote for c in answer.citations]
    assert answer.grounded, answer.answer
    at = quotes.index("which boat each one would row,")
    assert quotes[at - 1] == "Before the first expedition, the crew agreed on a few settings:"


def test_a_specific_word_the_documents_never_use_is_refused_by_name(accented: Assistant) -> None:
    answer = accented.ask("what did the expedition's quartermaster log in his ledger?")
    assert not answer.grounded and "never mention quartermaster" in answer.answer


def test_a_code_name_is_one_identifier_the_documents_write_or_not(tmp_path: Path, encoder: Encoder) -> None:
    lesson = (
        "# Grouping\n\nUse GROUP BY to combine the rows of each group, and count the rows in each group.\n\n"
        "## ORDER_BY_CLAUSE\n\nThe number of each row is not kept; sort the rows with ORDER BY.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"grouping.md": lesson})
    answer = assistant.ask("how do i number the rows within each group with row_number")
    assert not answer.grounded and "never mention row_number" in answer.answer
    assert assistant.ask("what is order_by_clause about?").grounded  # a heading writes it


def test_eval_command_reports_each_category(tmp_path: Path) -> None:
    cases = scorecard.load_set(ROOT / "eval" / "git-novice.jsonl")
    assert {c.category for c in cases} >= {"multi-part", "comparison", "why", "follow-up", "off-topic"}


def test_two_sides_said_alike_are_no_repeat(shipped_assistant: Assistant) -> None:
    push = "git push copies changes from a local repository to a remote repository."
    pull = "git pull copies changes from a remote repository to a local repository."
    assert scorecard.repeats_a_quote(shipped_assistant, [push, pull])  # alike, to anyone not told the sides
    sides = [frozenset({"git", "push"}), frozenset({"git", "pull"})]
    assert not scorecard.repeats_a_quote(shipped_assistant, [push, pull], sides)
    assert scorecard.repeats_a_quote(shipped_assistant, [push, push], [sides[0], sides[0]])


def test_symbols_compared_are_found_through_the_sentences_showing_them(tmp_path: Path, encoder: Encoder) -> None:
    lesson = (
        "# Redirection\n\nThe command for redirecting output to a file is `>`. Each time we use `>` on a file, the "
        "new output will replace what was already in the file.\n\nWe can avoid overwriting a file by using `>>`. "
        "`>>` will append new output to the end of a file, rather than overwriting it.\n\n"
        "# Listing\n\nThe `ls` command lists the files in a directory. It has many options.\n"
    )
    assistant = assistant_on(tmp_path, encoder, {"shell.md": lesson})
    answer = assistant.ask("whats the difference between > and >>")
    assert answer.grounded, answer.answer
    assert any("append new output" in c.quote for c in answer.citations), answer.answer
    # each symbol is a side of its own, answered by the sentences that write it and not only the longer one
    overwrite, append = answer.facets
    assert (overwrite.label, append.label) == (">", ">>") and overwrite.covered and append.covered, answer.answer
    assert all("`>`" in answer.citations[n - 1].quote for n in overwrite.citations), answer.answer
    assert all("`>>`" in answer.citations[n - 1].quote for n in append.citations), answer.answer
    unwritten = assistant.ask("< vs >>")  # "<" is written nowhere: no sentence answers for it
    assert not unwritten.grounded and "never write <" in unwritten.answer, unwritten.answer


def test_a_sentence_follows_the_one_before_it_across_a_no_break_space() -> None:
    from sagebot.answer.compose import Citation

    text = "Antibiotic resistance is a subset.\xa0This more specified resistance is linked to bacteria."
    first, second = text.split("\xa0")
    cite = dict(document="d", section="", text=text, source="a.txt", score=1.0, chunk=0, passage_start=0)
    before = Citation(n=1, quote=first, start=0, end=len(first), **cite)  # type: ignore[arg-type]
    after = Citation(n=2, quote=second, start=len(first) + 1, end=len(text), **cite)  # type: ignore[arg-type]
    assert scorecard.follows(before, after)
    elsewhere = Citation(n=2, quote="x", start=len(first) + 5, end=len(text), **cite)  # type: ignore[arg-type]
    assert not scorecard.follows(before, elsewhere)
