"""How an answer is shown in the chat: answer first, sources as collapsed cards, no scores or offsets."""

from __future__ import annotations

import pytest

from sagebot.answer.compose import Answer, Citation
from sagebot.answer.labels import BOLD_LABEL, bold_label, label_text
from sagebot.terminal import render_answer
from sagebot.web.quiz_tab import quiz_me_topic
from sagebot.web.render import answer_pieces, answered_question, conversation, message_html, refusal_html

PASSAGE = "Keys are managed. Data is encrypted with *KMS* keys <b>at rest</b>. More text follows."


def citation(n: int = 1) -> Citation:
    quote = "Data is encrypted with *KMS* keys <b>at rest</b>."
    start = PASSAGE.index(quote)
    return Citation(
        n, "Guide", "Security", PASSAGE, quote, 100 + start, 100 + start + len(quote), "g.txt", 1.26, 3, 100, quote
    )


def answer(**changes: object) -> Answer:
    fields: dict[str, object] = {
        "question": "and how is it encrypted?",
        "answer": "**KMS** — Data is encrypted with *KMS* keys <b>at rest</b>. [1]\n**IAM** — not covered",
        "grounded": True,
        "citations": [citation()],
        "resolved_question": "How is SageMaker data encrypted?",
    }
    fields.update(changes)
    return Answer(**fields)  # type: ignore[arg-type]


def test_answer_comes_first_with_its_sources_as_collapsed_cards() -> None:
    html = message_html(answer())
    assert html.index('class="sb-answer"') < html.index('class="sb-sources"')
    assert html.count("<details") == 1 and "<details open" not in html
    assert "<strong>KMS</strong> — Data is encrypted with *KMS* keys &lt;b&gt;at rest&lt;/b&gt;." in html
    assert '<a class="sb-cite" href="#">[1]</a>' in html
    assert "<mark>Data is encrypted with *KMS* keys &lt;b&gt;at rest&lt;/b&gt;.</mark>" in html
    assert "Guide › Security" in html
    assert "1.26" not in html and "score" not in html and "g.txt" not in html  # no scores, offsets or files
    assert "\n\n" not in html  # one HTML block: Markdown leaves it alone


def test_a_label_of_asterisks_is_one_label() -> None:
    text = f"{bold_label('**')} — Exponentiation is built in. [1]\n{bold_label('*')} — Multiplication. [1]"
    html = message_html(answer(answer=text))
    assert "<strong>**</strong> — Exponentiation" in html and "<strong>*</strong> — Multiplication" in html


@pytest.mark.parametrize("label", ["**", "*", "__init__", "NO_PROXY", "a\\b", "`ls`", "KMS"])
def test_a_label_reads_back_as_given(label: str) -> None:
    line = f"{bold_label(label)} — A quote. [1]"
    found = BOLD_LABEL.match(line)
    assert found and label_text(found.group(1)) == label
    assert ("\\" in line) == any(mark in label for mark in ("*", "__", "\\", "`"))  # "NO_PROXY" is left as it is
    assert f"{label} — A quote. [1]" in render_answer(answer(answer=line)).splitlines()  # the terminal: plain


def test_answering_line_only_when_the_question_was_rewritten() -> None:
    assert "Answering: How is SageMaker data encrypted?" in message_html(answer())
    plain = answer(question="How is SageMaker data encrypted?")
    assert "Answering:" not in message_html(plain)


def test_streamed_pieces_end_at_markers_and_show_no_cards() -> None:
    a = answer(answer="One. [1] Two. [1]")
    assert answer_pieces(a) == ["One. [1]", " Two. [1]"]
    assert "sb-sources" not in message_html(a, "One. [1]")


def test_marker_that_names_no_citation_stays_text() -> None:
    html = message_html(answer(answer="Version [7] is old. [1]"))
    assert "Version [7] is old." in html and html.count("sb-cite") == 1


def test_refusal_lists_its_suggestions() -> None:
    html = refusal_html(answer(grounded=False, citations=[], suggestions=["What is <ECR>?"]))
    assert "Questions the course does answer:" in html and "<li>What is &lt;ECR&gt;?</li>" in html


def test_quiz_me_uses_the_resolved_question_and_nothing_for_an_empty_chat() -> None:
    history = [
        {"role": "user", "content": [{"type": "text", "text": "and how is it encrypted?"}]},
        {"role": "assistant", "content": [{"type": "text", "text": message_html(answer())}]},
    ]
    assert answered_question(history[1]["content"]) == "How is SageMaker data encrypted?"
    assert quiz_me_topic(history) == "How is SageMaker data encrypted?"
    assert quiz_me_topic(history[:1]) == "and how is it encrypted?"
    assert quiz_me_topic([]) == ""


def test_the_conversation_reads_only_the_answer_text_of_a_rendered_message() -> None:
    history = [
        {"role": "user", "content": "How is SageMaker data encrypted?"},
        {"role": "assistant", "content": [{"type": "text", "text": message_html(answer())}]},
    ]
    read = conversation(history)
    assert read[0] == history[0]
    assert read[1]["content"] == "KMS — Data is encrypted with *KMS* keys <b>at rest</b>. [1]\nIAM — not covered"
    assert "Keys are managed" not in read[1]["content"] and "Answering" not in read[1]["content"]
