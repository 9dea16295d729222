"""Check the evaluation sets in eval/: every line parses, has the fields its category needs, and every
evidence string occurs verbatim in its corpus.

    python3 eval/check_evidence.py            # every eval/<name>.jsonl that has a corpus
    python3 eval/check_evidence.py git-novice # one set
    python3 eval/check_evidence.py probes20/git-novice  # a set in a folder, on the same documents
    python3 eval/check_evidence.py --flat git-novice > /tmp/git-novice.flat.jsonl
        # the set in the older {"q", "evidence": [...]} / {"q", "answerable": false} form that
        # `sagebot eval` reads today (evidence = every facet's evidence, in order; history kept)

Corpus of a set: eval/course.jsonl -> corpus/ (the bundled course); eval/<name>.jsonl -> eval/corpora/<name>/.
Exit status 1 when anything is wrong. Standard library only.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

EVAL = Path(__file__).resolve().parent
ROOT = EVAL.parent
ANSWERABLE = {"definition", "fact", "why", "how", "multi-part", "comparison", "list", "follow-up"}
UNANSWERABLE = {"not-in-documents", "off-topic"}
TEXT_SUFFIXES = {".txt", ".md", ".html", ".htm"}


def corpus_dir(name: str) -> Path:
    corpus = name.rsplit("/", 1)[-1]  # "probes20/git-novice": a set in a folder, on the git-novice documents
    return ROOT / "corpus" if corpus == "course" else EVAL / "corpora" / corpus


def load_corpus(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): p.read_text(encoding="utf-8")
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.suffix in TEXT_SUFFIXES and p.name != "SOURCE.md"
    }


def check(name: str) -> tuple[list[str], Counter]:
    errors: list[str] = []
    counts: Counter = Counter()
    texts = load_corpus(corpus_dir(name))
    if not texts:
        return [f"{name}: no corpus files in {corpus_dir(name)}"], counts
    seen_q: set[str] = set()
    path = EVAL / f"{name}.jsonl"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{n}"
        if not line.strip():
            errors.append(f"{where}: empty line")
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not JSON ({exc})")
            continue
        q, category = case.get("q"), case.get("category")
        if not isinstance(q, str) or not q.strip():
            errors.append(f"{where}: no question")
            continue
        if q in seen_q:
            errors.append(f"{where}: duplicate question {q!r}")
        seen_q.add(q)
        counts[category] += 1
        if category in UNANSWERABLE:
            if case.get("answerable") is not False:
                errors.append(f"{where}: {category} needs \"answerable\": false")
            if "facets" in case:
                errors.append(f"{where}: {category} must not have facets")
            if category == "not-in-documents" and not str(case.get("missing", "")).strip():
                errors.append(f"{where}: not-in-documents needs \"missing\"")
        elif category in ANSWERABLE:
            if case.get("answerable", True) is not True:
                errors.append(f"{where}: {category} is answerable")
            facets = case.get("facets")
            if not isinstance(facets, list) or not facets:
                errors.append(f"{where}: no facets")
                continue
            if category in ("multi-part", "comparison") and len(facets) < 2:
                errors.append(f"{where}: {category} needs two or more facets")
            for facet in facets:
                label, evidence = facet.get("label"), facet.get("evidence")
                if not isinstance(label, str) or not label.strip():
                    errors.append(f"{where}: a facet without a label")
                if not isinstance(evidence, list) or not evidence:
                    errors.append(f"{where}: facet {label!r} has no evidence")
                    continue
                for e in evidence:
                    if not isinstance(e, str) or not 10 <= len(e) <= 120:  # within one sentence
                        errors.append(f"{where}: evidence not 10-120 characters: {e!r}")
                        continue
                    if e != e.strip() or "\n" in e:
                        errors.append(f"{where}: evidence with surrounding blanks or a line break: {e!r}")
                    if not any(e in t for t in texts.values()):
                        errors.append(f"{where}: evidence not found verbatim: {e!r}")
        else:
            errors.append(f"{where}: unknown category {category!r}")
        history = case.get("history")
        if category == "follow-up":
            if not isinstance(history, list) or not history:
                errors.append(f"{where}: follow-up needs a history")
        if history is not None:
            if not isinstance(history, list) or not all(
                isinstance(t, dict) and t.get("role") in ("user", "assistant") and isinstance(t.get("content"), str)
                for t in history
            ):
                errors.append(f"{where}: history must be a list of {{role, content}}")
    return errors, counts


def flatten(name: str) -> None:
    for line in (EVAL / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        flat: dict = {"q": case["q"]}
        if case.get("history"):
            flat["history"] = case["history"]
        if case.get("answerable") is False:
            flat["answerable"] = False
        else:
            flat["evidence"] = [e for facet in case["facets"] for e in facet["evidence"]]
        print(json.dumps(flat, ensure_ascii=False))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--flat"]:
        for name in argv[1:]:
            flatten(name)
        return 0
    names = argv or sorted(
        p.stem for p in EVAL.glob("*.jsonl") if p.stem == "course" or (EVAL / "corpora" / p.stem).is_dir()
    )
    failed = False
    for name in names:
        errors, counts = check(name)
        total = sum(counts.values())
        print(f"{name}: {total} lines  " + "  ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        for e in errors:
            print("  " + e)
        failed = failed or bool(errors)
    print("FAILED" if failed else "all evidence found")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
