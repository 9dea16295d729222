"""The `sagebot` command as a user runs it: a real process, the real model, a real index."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHIPPED_FILE, free_port


def sagebot(*args: str, cwd: Path, stdin: str | None = None, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAGEBOT_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    env.update({f"SAGEBOT_{name.upper()}": value for name, value in settings.items()})
    return subprocess.run([sys.executable, "-m", "sagebot", *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "corpus").mkdir()
    shutil.copy(SHIPPED_FILE, root / "corpus" / SHIPPED_FILE.name)
    done = sagebot("index", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "Indexed 1 file(s)" in done.stdout
    return root


def test_ask_prints_answer_then_numbered_sources(project: Path) -> None:
    done = sagebot("ask", "Where does SageMaker keep its algorithm containers?", cwd=project)
    assert done.returncode == 0, done.stderr
    answer, sources = done.stdout.split("\nSources:\n")
    assert "ECR" in answer and "[1]" in answer
    assert sources.lstrip().startswith("[1] ")
    assert "sagemaker-managed-service.txt:" in sources


def test_ask_json_stdin_answers_one_line_per_question(project: Path) -> None:
    lines = "\n".join([
        "What is the capital of France?",
        json.dumps({"question": "and how is it encrypted?",
                    "history": [{"role": "user", "content": "Can SageMaker use S3 buckets?"}]}),
        "",
        "   ",
        "What is a security group?",
    ])
    done = sagebot("ask", "--json", "-", cwd=project, stdin=lines + "\n")
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["grounded"] for r in results] == [False, True, True]
    assert results[0]["citations"] == [] and len(results[0]["suggestions"]) >= 2
    assert any("KMS" in c["quote"] for c in results[1]["citations"])
    source = SHIPPED_FILE.read_text(encoding="utf-8")
    for result in results[1:]:
        for c in result["citations"]:
            assert source[c["start"] : c["end"]] == c["quote"]


def test_up_to_date_index_is_not_rebuilt(project: Path) -> None:
    done = sagebot("index", cwd=project)
    assert done.returncode == 0 and "up to date" in done.stdout


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("none", ["index"], "Corpus folder corpus does not exist"),
        ("empty", ["index"], "holds no readable"),
        ("unindexed", ["ask", "hello"], "No index in index. Run `sagebot index`"),
        ("stale", ["ask", "hello"], "out of date (changed: notes.txt). Run `sagebot index`"),
    ],
)
def test_user_errors_are_one_clear_line(tmp_path: Path, setup: str, args: list[str], message: str) -> None:
    if setup != "none":
        (tmp_path / "corpus").mkdir()
    if setup in ("unindexed", "stale"):
        (tmp_path / "corpus" / "notes.txt").write_text("Notes\n\nSubnets live in a VPC.\n", encoding="utf-8")
    if setup == "stale":
        assert sagebot("index", cwd=tmp_path).returncode == 0
        (tmp_path / "corpus" / "notes.txt").write_text("Notes\n\nChanged.\n", encoding="utf-8")
    done = sagebot(*args, cwd=tmp_path)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0], done.stderr


def test_serve_refuses_a_model_whose_hash_is_not_the_expected_one(project: Path) -> None:
    done = sagebot("serve", "--port", str(free_port()), cwd=project, model_sha256="0" * 64)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "have SHA-256 53aa5117" in done.stderr and "expected 0000" in done.stderr
    assert "sagebot is ready" not in done.stderr


def test_unreadable_file_is_skipped_and_the_rest_indexed(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "good.md").write_text("# Good\n\nSubnets live in a VPC.\n", encoding="utf-8")
    (tmp_path / "corpus" / "bad.txt").write_bytes(b"\x00\xff\x00binary")
    done = sagebot("index", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "warning: Skipping bad.txt: it looks like a binary file" in done.stderr
    assert "Indexed 1 file(s)" in done.stdout and "Skipped 1 file(s): bad.txt" in done.stderr


def test_glossary_json_and_exports(project: Path) -> None:
    done = sagebot("glossary", "--json", cwd=project)
    assert done.returncode == 0, done.stderr
    terms = json.loads(done.stdout)
    assert len(terms) == 22 and terms[4]["name"] == "Virtual Private Cloud (VPC)" and "VPC" in terms[4]["aliases"]
    done = sagebot("glossary", "--export", "deck.apkg", cwd=project)
    assert done.returncode == 0 and (project / "deck.apkg").stat().st_size > 1000


def test_quiz_in_the_terminal(project: Path) -> None:
    answers = "a service used to encrypt data in S3 buckets and the disks of instances\n"
    done = sagebot("quiz", "--topic", "encryption", "--kind", "written", "--count", "1", cwd=project, stdin=answers)
    assert done.returncode == 0, done.stderr
    assert "What does “AWS KMS (Key Management Service)” mean?" in done.stdout
    assert "CORRECT" in done.stdout and "Source: Study Guide › Glossary of Key Terms" in done.stdout
    assert "Score: 1/1" in done.stdout
