"""The quick subset of the benchmarks: every script runs end to end and prints its figures (no speed asserts;
speed targets are reported in docs/benchmarks.md, not tested on shared machines)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow  # subprocesses with the real model


def test_quick_benchmark_report(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "report.py"), "--quick", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = (tmp_path / "benchmarks.md").read_text(encoding="utf-8")
    for expected in (
        "| sagebot |",
        "| bm25 only |",
        "| course | questions | passed | refused |",
        "| multi-part |",
        "ratio warm/bare p50",
        "ratio build/bare",
        "`sagebot ask` process start to answer",
        "| 200 |",
        "answers/s",
        "| 5 |",
    ):
        assert expected in report, expected
    assert (tmp_path / "benchmarks-scale.png").stat().st_size > 5000
