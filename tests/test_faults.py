"""Load with faults, short: clients ask a real `sagebot serve` on 127.0.0.1 while another process rebuilds the
index again and again. The 30-second run is `benchmarks/faults.py`; its figures are in docs/reliability.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow  # subprocesses with the real model

sys.path.insert(0, str(ROOT / "benchmarks"))


def test_citation_check_catches_a_quote_from_another_index(tmp_path: Path) -> None:
    from faults import citation_problems

    chunk = {"source": "a.md", "text": "Queues buffer messages. Topics fan out.", "start": 10, "end": 49}
    (tmp_path / "gen-1.jsonl").write_text(json.dumps(chunk) + "\n", encoding="utf-8")
    good = {"n": 1, "source": "a.md", "text": chunk["text"], "quote": "Topics fan out.", "start": 34, "end": 49}
    assert citation_problems({"index_generation": "gen-1", "citations": [good]}, tmp_path, {}) == []
    moved = {**good, "start": 33, "end": 48}
    assert citation_problems({"index_generation": "gen-1", "citations": [moved]}, tmp_path, {})
    assert citation_problems({"index_generation": "gen-2", "citations": [good]}, tmp_path, {})


def test_answers_stay_right_while_the_index_is_rebuilt_and_swapped(tmp_path: Path) -> None:
    out = tmp_path / "faults.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "faults.py"),
            "--seconds",
            "8",
            "--clients",
            "3",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["server_errors"] == 0 and result["connection_failures"] == 0, result
    assert result["citation_problems"] == [], result
    assert result["requests"] >= 20 and result["builds"] >= 3 and result["generations_answering"] >= 2, result
    assert result["citations_checked"] > 0 and result["lab_answers"] > 0, result
