"""The grader's rules that need no model: non-answers and answers that only name the area."""

from __future__ import annotations

import pytest

from sagebot.quiz.grade import Thresholds, is_non_answer, is_vague


@pytest.mark.parametrize("answer", ["I don't know", "i dont know", "no idea, sorry", "idk", "?", "dunno"])
def test_non_answers(answer: str) -> None:
    assert is_non_answer(answer)


@pytest.mark.parametrize("answer", ["I know it controls traffic", "Not sure why, but it stores keys for encryption"])
def test_attempts_are_not_non_answers(answer: str) -> None:
    assert not is_non_answer(answer)


@pytest.mark.parametrize(
    ("names", "answer"),
    [
        (["Security Group"], "it's something to do with security in AWS"),
        (["Amazon EC2", "EC2"], "a thing AWS uses to manage stuff for you"),
        (["AWS Managed Service"], "a service that AWS manages"),
    ],
)
def test_vague_answers(names: list[str], answer: str) -> None:
    assert is_vague(answer, names, Thresholds())


@pytest.mark.parametrize(
    ("names", "answer"),
    [
        (["Security Group"], "rules that control inbound and outbound traffic to an instance"),
        (["Subnet"], "Part of the network."),
        (["Amazon EC2", "EC2"], "virtual servers you configure yourself"),
    ],
)
def test_specific_answers_are_not_vague(names: list[str], answer: str) -> None:
    assert not is_vague(answer, names, Thresholds())
