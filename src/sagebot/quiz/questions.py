"""What the quiz hands out and hands back: questions, scopes and feedback, and the small rules they share."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from sagebot.ingest.glossary import Term, name_pattern
from sagebot.quiz.grade import CORRECT, Grade
from sagebot.text import content_terms

MASK = "_____"


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    choices: list[str] | None
    scope: list[str]
    note: str = ""  # e.g. why the whole glossary is used

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.choices is None:
            del data["choices"]
        return data


@dataclass(frozen=True)
class Feedback:
    verdict: str
    expected: str
    explanation: str
    citation: dict[str, Any]
    context: dict[str, Any] | None = None  # a passage where the term is used
    options: list[dict[str, Any]] = field(default_factory=list)  # choice questions: why each option is or is not

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Scope:
    terms: list[int]  # glossary indexes, most relevant first
    note: str


def mask(term: Term) -> str:
    """The definition with the term's own names hidden."""
    return name_pattern(term).sub(MASK, term.definition)


def pick(answer: str, names: list[str]) -> int | None:
    if re.fullmatch(r"[0-9]{1,3}", answer) and 1 <= int(answer) <= len(names):  # ASCII digits: "²".isdigit()
        return int(answer) - 1
    folded = answer.casefold()
    return next((i for i, name in enumerate(names) if name.casefold() == folded), None)


def citation_of(term: Term) -> dict[str, Any]:
    return {"document": term.document, "section": term.section, "source": term.source,
            "start": term.start, "end": term.end, "quote": term.definition}


def explain(result: Grade, subject: str) -> str:
    return f"{result.reason} The reference for {subject} is shown with its source." if result.verdict != CORRECT else result.reason


def listed_under(topic: str, passages: list[str], patterns: list[re.Pattern[str]]) -> set[int]:
    """Terms in a list whose label names the topic ("Permissions & Security:" over IAM, VPC, KMS)."""
    wanted = set(content_terms(topic))
    found: set[int] = set()
    for text in passages:
        label_indent = None
        for line in text.splitlines():
            indent = len(line) - len(line.lstrip())
            if label_indent is not None and indent > label_indent and line.strip():
                item = re.sub(r"^\s*(?:[*+\-•]|\d{1,3}[.)])\s+", "", line)
                head = item.split(":", 1)[0] if ":" in item else item  # the item's own subject
                found.update(i for i, p in enumerate(patterns) if p.search(head))
                continue
            label_indent = None
            label = re.sub(r"^\s*(?:[*+\-•]|\d{1,3}[.)])\s+", "", line).split(":", 1)
            if len(label) == 2 and not label[1].strip() and wanted & set(content_terms(label[0])):
                label_indent = indent
    return found
