"""Glossary, grading, quiz questions, progress and export — on the shipped course with the real model."""

from __future__ import annotations

import csv
import io
import random
import sqlite3
import zipfile
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sagebot import evaluate, export, progress
from sagebot.assistant import Assistant
from sagebot.glossary import aliases_of, extract
from sagebot.ingest import SourceText
from sagebot.quiz import MASK, QuizError

from .conftest import ROOT, SHIPPED_FILE

LABELLED = ROOT / "eval" / "quiz_answers.jsonl"


def test_glossary_has_the_study_guides_22_terms_with_exact_spans(shipped_assistant: Assistant) -> None:
    terms = shipped_assistant.index.terms
    text = SHIPPED_FILE.read_text(encoding="utf-8")
    assert len(terms) == 22
    assert terms[0].name == "AWS Managed Service" and terms[-1].name == "Fail Fast"
    for term in terms:
        assert text[term.start : term.end] == term.definition
        assert term.section == "Glossary of Key Terms" and term.document == "Study Guide"
    vpc = next(t for t in terms if t.name.startswith("Virtual Private Cloud"))
    assert "VPC" in vpc.aliases and "Virtual Private Cloud" in vpc.aliases


def test_aliases_and_other_glossary_forms() -> None:
    assert aliases_of("Amazon EC2 (Elastic Compute Cloud)") == ("Amazon EC2", "EC2", "Elastic Compute Cloud")
    text = ("# Notes\n\n## Glossary\n\n**Bucket** — A container for objects.\n\nKey: A secret used to encrypt.\n\n"
            "## Other\n\nPlain: not a glossary line here.\n\n| Term | Meaning |\n|---|---|\n| Region | A geographic area. |\n")
    names = {t.name: t.definition for t in extract(SourceText("n.md", "markdown", text, "0"))}
    assert names == {"Bucket": "A container for objects.", "Key": "A secret used to encrypt.",
                     "Region": "A geographic area."}


def test_grading_accuracy_on_the_labelled_answers(shipped_assistant: Assistant) -> None:
    outcomes = evaluate.grade_labelled(shipped_assistant, LABELLED)
    assert len(outcomes) >= 150
    decided = [(r, v) for r, v in outcomes if r["label"] in ("correct", "wrong")]
    accuracy = sum(1 for r, v in decided if v == r["label"]) / len(decided)
    print(evaluate.grading_report(outcomes))
    assert accuracy >= 0.85, evaluate.grading_report(outcomes)
    flipped = [r["answer"] for r, v in outcomes if r["category"] in ("negated", "term_list") and v == "correct"]
    assert flipped == []


def test_security_topic_quizzes_security_terms_first(shipped_assistant: Assistant) -> None:
    scope = shipped_assistant.quiz.scope("security")
    first = {shipped_assistant.index.terms[i].name for i in scope.terms[:4]}
    assert first == {"AWS IAM (Identity and Access Management)", "AWS KMS (Key Management Service)",
                     "Virtual Private Cloud (VPC)", "Security Group"}
    assert scope.note == ""


def test_unrelated_topic_falls_back_to_the_whole_glossary_and_says_so(shipped_assistant: Assistant) -> None:
    scope = shipped_assistant.quiz.scope("banana bread recipes")
    assert len(scope.terms) == 22 and "whole glossary" in scope.note


def test_choice_question_masks_the_name_and_offers_fair_options(shipped_assistant: Assistant) -> None:
    quiz = shipped_assistant.quiz
    terms = shipped_assistant.index.terms
    for seed in range(10):
        q = quiz.next("containers", "choice", rng=random.Random(seed), exclude=[f"choice:{i}" for i in range(seed)])
        target = int(q.id.split(":")[1])
        term = terms[target]
        assert len(q.choices) == 4 == len(set(q.choices)) and term.name in q.choices
        for name in (term.name, *term.aliases):
            assert name.lower() not in q.prompt.lower().replace(MASK, "")
        assert max(len(c) for c in q.choices) >= len(term.name) - 12  # the answer is not a giveaway by length
    positions = Counter(
        quiz.next(None, "choice", rng=random.Random(s)).choices.index(terms[0].name) for s in range(40))
    assert len(positions) >= 3  # shuffled


def test_choice_feedback_explains_every_option_and_cites(shipped_assistant: Assistant) -> None:
    quiz = shipped_assistant.quiz
    q = quiz.next("encryption", "choice", rng=random.Random(3))
    target = shipped_assistant.index.terms[int(q.id.split(":")[1])]
    right = quiz.check(q.id, "choice", target.name)
    assert right.verdict == "correct" and right.expected == target.name
    assert len(right.options) == 4 and sum(o["correct"] for o in right.options) == 1
    assert right.citation["quote"] == target.definition and right.citation["section"] == "Glossary of Key Terms"
    assert right.context and right.context["section"] != "Glossary of Key Terms"
    wrong = quiz.check(q.id, "choice", next(c for c in q.choices if c != target.name))
    assert wrong.verdict == "wrong" and "Not quite" in wrong.explanation
    assert quiz.check(q.id, "choice", str(q.choices.index(target.name) + 1)).verdict == "correct"


def test_written_and_study_questions(shipped_assistant: Assistant) -> None:
    quiz = shipped_assistant.quiz
    q = quiz.next("encryption", "written")
    assert q.id == "written:17" and "AWS KMS" in q.prompt
    assert quiz.check(q.id, "written", "a service that encrypts data in S3 buckets and on instance disks").verdict == "correct"
    assert quiz.check(q.id, "written", "it does not encrypt data in S3 buckets or instance disks").verdict == "wrong"
    assert quiz.check(q.id, "written", "KMS S3 encryption disks").verdict == "wrong"
    study = quiz.next("container registry", "study")
    assert study.prompt.startswith("What is the role of the Elastic Container Registry")
    feedback = quiz.check(study.id, "study", "ECR is where the container images with the algorithms and tools live")
    assert feedback.verdict == "correct" and feedback.citation["section"] == "Answer Key"
    assert len(shipped_assistant.index.study) == 10


@pytest.mark.parametrize(
    ("question_id", "kind", "answer", "message"),
    [
        ("nonsense", "written", "x", "Unknown question id"),
        ("written:999", "written", "x", "does not fit"),
        ("choice:1:2.3.4.5", "choice", "x", "does not fit"),
        ("written:1", "choice", "x", "is a written question"),
    ],
)
def test_bad_quiz_requests_raise_clear_errors(shipped_assistant: Assistant, question_id: str, kind: str,
                                              answer: str, message: str) -> None:
    with pytest.raises(QuizError, match=message):
        shipped_assistant.quiz.check(question_id, kind, answer)


def test_missed_terms_come_back_sooner() -> None:
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    state = progress.record(progress.empty(), "Subnet", "wrong", now)
    state = progress.record(state, "Instance", "correct", now)
    assert state["answered"] == 2 and state["correct"] == 1 and state["streak"] == 1
    later = now + timedelta(minutes=15)
    order = progress.order_by_need(["Instance", "Fresh", "Subnet"], state, later)
    assert order[0] == "Subnet"  # missed and due again
    subnet_due = datetime.fromisoformat(state["cards"]["Subnet"]["due"])
    instance_due = datetime.fromisoformat(state["cards"]["Instance"]["due"])
    assert subnet_due < instance_due
    assert progress.valid({"version": 0}) == progress.empty()


def test_exports_open(shipped_assistant: Assistant, tmp_path: Path) -> None:
    terms = shipped_assistant.index.terms
    rows = list(csv.DictReader(io.StringIO(export.to_csv(terms))))
    assert len(rows) == 22 and rows[0]["term"] == "AWS Managed Service"
    path = export.to_apkg(terms, tmp_path / "deck.apkg")
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        archive.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        notes = db.execute("select guid, flds from notes").fetchall()
    assert len(notes) == 22 and any(f.startswith("Subnet\x1f") for _, f in notes)
    again = export.to_apkg(terms, tmp_path / "again.apkg")
    with zipfile.ZipFile(again) as archive:
        archive.extract("collection.anki2", tmp_path / "b")
    with sqlite3.connect(tmp_path / "b" / "collection.anki2") as db:
        assert sorted(g for g, _ in notes) == sorted(g for (g,) in db.execute("select guid from notes"))
