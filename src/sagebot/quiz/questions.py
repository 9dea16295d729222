"""What the quiz hands out and hands back: questions, scopes and feedback, and the small rules they share."""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sagebot.ingest.glossary import Term, name_pattern
from sagebot.quiz.grade import CORRECT, Grade
from sagebot.text import content_terms

if TYPE_CHECKING:
    import numpy as np

MASK = "_____"
ALIAS_CEILING = 0.92  # a distractor whose definition is this close to the answer's would be a second right answer


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
    return {
        "document": term.document,
        "section": term.section,
        "source": term.source,
        "start": term.start,
        "end": term.end,
        "quote": term.definition,
    }


def explain(result: Grade, subject: str) -> str:
    return (
        f"{result.reason} The reference for {subject} is shown with its source."
        if result.verdict != CORRECT
        else result.reason
    )


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


def choose_options(
    target: int,
    scope: list[int],
    vectors: np.ndarray,
    ids: list[str],
    first: dict[str, int],
    names: list[str],
    rng: random.Random,
) -> list[int]:
    """The answer and three distractors: terms whose definitions (`vectors`) are closest, in-scope ones first,
    never a near-alias or a second definition of the same name (`ids`, `first`), spread out, not giveaways by
    length (`names`); shuffled."""
    sims = vectors @ vectors[target]
    in_scope = set(scope)
    candidates = [
        i
        for i in range(len(sims))
        if i != target and float(sims[i]) < ALIAS_CEILING and first[ids[i]] == i and ids[i] != ids[target]
    ]
    candidates.sort(key=lambda i: -(float(sims[i]) + (0.1 if i in in_scope else 0.0)))
    chosen: list[int] = []
    for i in candidates:  # MMR: close to the answer, not to each other
        if len(chosen) == 3:
            break
        if all(float(vectors[i] @ vectors[j]) < ALIAS_CEILING for j in chosen):
            chosen.append(i)
    longest = max(chosen, key=lambda i: len(names[i]), default=None)
    if longest is not None and len(names[target]) > len(names[longest]) + 12:
        longer = [i for i in candidates if i not in chosen and len(names[i]) >= len(names[target])]
        if longer:
            chosen[-1] = longer[0]
    options = [target, *chosen]
    rng.shuffle(options)
    return options
