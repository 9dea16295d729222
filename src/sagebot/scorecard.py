"""Score whole answers on a categorised evaluation set (eval/README.md): every part answered, refusals where the
documents are silent, no repeated or dangling quotes. Figures per category, so one corpus can be read at a glance."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sagebot.errors import SagebotError
from sagebot.ingest.myst import ADMONITION

ANSWERABLE_CATEGORIES = ("definition", "fact", "list", "why", "how", "multi-part", "comparison", "follow-up")
REFUSED_CATEGORIES = ("not-in-documents", "off-topic")
CATEGORIES = ANSWERABLE_CATEGORIES + REFUSED_CATEGORIES


@dataclass(frozen=True)
class FacetCase:
    label: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class SetCase:
    question: str
    category: str
    facets: tuple[FacetCase, ...] = ()
    history: tuple[dict[str, Any], ...] = ()
    missing: str = ""

    @property
    def answerable(self) -> bool:
        return bool(self.facets)


@dataclass
class Result:
    case: SetCase
    grounded: bool
    facets_answered: int
    repeated: bool  # two quoted sentences that say the same thing
    dangling: bool  # a quote opening with "This/It/That…" whose antecedent is not quoted just before it
    named_missing: bool  # an uncovered facet was named
    answer: str = ""
    quotes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        if self.case.answerable:
            return self.grounded and self.facets_answered == len(self.case.facets)
        return not self.grounded or self.named_missing


def load_set(path: Path) -> list[SetCase]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SagebotError(f"Cannot read evaluation file {path}: {exc.strerror or exc}") from exc
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            category = data["category"]
            if category not in CATEGORIES:
                raise ValueError(f"unknown category {category!r}")
            facets = tuple(FacetCase(f["label"], tuple(f["evidence"])) for f in data.get("facets") or ())
            if (category in REFUSED_CATEGORIES) == bool(facets):
                raise ValueError("answerable cases need 'facets'; refused ones have none")
            case = SetCase(data["q"], category, facets, tuple(data.get("history") or ()), data.get("missing", ""))
        except (ValueError, KeyError, TypeError) as exc:
            raise SagebotError(f"{path}:{number}: not an evaluation case ({exc}).") from exc
        cases.append(case)
    return cases


def is_categorised(path: Path) -> bool:
    """Whether a set is in this format (its first line has a category), not the older one-list format."""
    try:
        with path.open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
        return "category" in json.loads(first or "{}")
    except (OSError, ValueError):
        return False


def _answers(citation: Any, evidence: tuple[str, ...]) -> bool:
    """The quoted sentence holds, or overlaps, one of the evidence strings (as written, or as the learner reads it:
    markup and line breaks aside)."""
    shown = _plain(citation.display or citation.quote)
    for text in evidence:
        if text in citation.quote or _plain(text) in shown:
            return True
        at = citation.text.find(text)
        while at >= 0:
            start = citation.passage_start + at
            if start < citation.end and citation.start < start + len(text):
                return True
            at = citation.text.find(text, at + 1)
    return False


def _plain(text: str) -> str:
    from sagebot.text import display_unit

    return " ".join(display_unit(text).split()).casefold()


def names(label: str, missing: str) -> bool:
    """Whether the label of a part said to be uncovered names what the documents lack: holds it, or one of its
    key words ("stash" for "git stash", "which regions" for "the regions SageMaker runs in")."""
    from sagebot.text import content_terms

    return missing.casefold() in label.casefold() or bool(set(content_terms(label)) & set(content_terms(missing)))


def run(assistant: Any, cases: list[SetCase], on_case: Callable[[int], None] | None = None) -> list[Result]:
    from sagebot.answer.anaphora import opens_with_anaphor

    results = []
    for number, case in enumerate(cases):
        answer = assistant.ask(case.question, list(case.history))
        cited = answer.citations if answer.grounded else []
        answered = sum(1 for f in case.facets if any(_answers(c, f.evidence) for c in cited))
        apart = [
            c for i, c in enumerate(cited) if not (i and follows(cited[i - 1], c))
        ]  # a sentence's next is no repeat
        repeated = repeats_a_quote(assistant, [c.quote for c in apart], [_said_of(answer, c.n) for c in apart])
        dangling = any(
            opens_with_anaphor(c.quote) and not (i and follows(cited[i - 1], c)) for i, c in enumerate(cited)
        )
        named = bool(case.missing) and any(not f.covered and names(f.label, case.missing) for f in answer.facets)
        results.append(
            Result(case, answer.grounded, answered, repeated, dangling, named, answer.answer, [c.quote for c in cited])
        )
        if on_case:
            on_case(number)
    return results


def repeats_a_quote(assistant: Any, quotes: list[str], said_of: list[frozenset[str]] | None = None) -> bool:
    """Two quotes of one answer that say the same thing (the answer layer's own test for it, on fresh vectors).
    `said_of`: for each quote, the words naming the parts it answers; two quotes each naming the part it answers
    and not the other's ("git push copies…" / "git pull copies…") say it of different things."""
    from sagebot.answer.profile import says_the_same
    from sagebot.text import content_terms, options_in

    if len(quotes) < 2:
        return False
    vectors = assistant.encoder.encode(quotes)
    terms = [frozenset(content_terms(q)) for q in quotes]
    naming = [terms[i] | options_in(q) for i, q in enumerate(quotes)]
    named = said_of or [frozenset()] * len(quotes)

    def of_different_things(i: int, j: int) -> bool:
        own_i, own_j = named[i] - named[j], named[j] - named[i]
        return bool(own_i & naming[i] - naming[j]) and bool(own_j & naming[j] - naming[i])

    return any(
        says_the_same(float(vectors[i] @ vectors[j]), terms[i], terms[j]) and not of_different_things(i, j)
        for i in range(len(quotes))
        for j in range(i + 1, len(quotes))
    )


def _said_of(answer: Any, n: int) -> frozenset[str]:
    from sagebot.text import content_terms, options_in

    labels = [f.label for f in answer.facets if n in f.citations]
    return frozenset(t for label in labels for t in content_terms(label)).union(*map(options_in, labels))


_NUMBER_MARK = re.compile(r"(?m)^\s*\d+[.)](?=\s)")
_ADMONITION_LINE = re.compile(f"(?m)^{ADMONITION.pattern}")
_FENCE_LINE = re.compile(r"(?m)^[ \t]*(?:`{3,}|~{3,})[\w-]*[ \t]*$")


def follows(previous: Any, citation: Any) -> bool:
    """The citation's sentence comes straight after the previous one's in the same source (only white space or
    list and quote markers between)."""
    if previous.source != citation.source or citation.start < previous.end:
        return False
    if citation.chunk == previous.chunk:
        gap = citation.text[previous.end - citation.passage_start : citation.start - citation.passage_start]
        gap = _NUMBER_MARK.sub("", _FENCE_LINE.sub("", gap))  # a code block's closing fence, "2." of a numbered list
        gap = _ADMONITION_LINE.sub("", gap)  # a MkDocs note's "!!! note" line
        return not re.sub(r"[\s>*+•-]", "", gap)  # "\s": a no-break space between sentences is white space too
    return citation.start - previous.end <= 3


def by_category(results: list[Result]) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    for category in CATEGORIES:
        rows = [r for r in results if r.case.category == category]
        if not rows:
            continue
        table[category] = {
            "questions": len(rows),
            "passed": sum(r.passed for r in rows) / len(rows),
            "refused": sum(not r.grounded for r in rows) / len(rows),
        }
    answerable = [r for r in results if r.case.answerable]
    multi = [r for r in results if r.case.category in ("multi-part", "comparison", "why")]
    facets = sum(len(r.case.facets) for r in answerable)
    table["all"] = {
        "questions": len(results),
        "multi_part_comparison_why": sum(r.passed for r in multi) / len(multi) if multi else 0.0,
        "facets_answered": sum(r.facets_answered for r in answerable if r.grounded) / facets if facets else 0.0,
        "false_refusals": sum(not r.grounded for r in answerable) / len(answerable) if answerable else 0.0,
        "repeated_quotes": sum(r.repeated for r in results),
        "dangling_openers": sum(r.dangling for r in results),
    }
    return table


def table_markdown(name: str, table: dict[str, dict[str, float]]) -> str:
    lines = [f"| {name} | questions | passed | refused |", "|---|---|---|---|"]
    for category, row in table.items():
        if category != "all":
            lines.append(f"| {category} | {int(row['questions'])} | {row['passed']:.0%} | {row['refused']:.0%} |")
    total = table["all"]
    lines.append("")
    lines.append(
        f"{int(total['questions'])} questions; multi-part/comparison/why answered in every part "
        f"{total['multi_part_comparison_why']:.0%}; facets answered {total['facets_answered']:.0%}; "
        f"answerable refused {total['false_refusals']:.1%}; answers repeating a quote {int(total['repeated_quotes'])}; "
        f"dangling openers {int(total['dangling_openers'])}."
    )
    return "\n".join(lines)
