"""The `sagebot` command as a user runs it: a real process, the real model, a real index."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHIPPED_FILE, free_port

pytestmark = pytest.mark.slow  # subprocesses with the real model


def sagebot(*args: str, cwd: Path, stdin: str | None = None, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAGEBOT_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    env.update({f"SAGEBOT_{name.upper()}": value for name, value in settings.items()})
    return subprocess.run(
        [sys.executable, "-m", "sagebot", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "corpus").mkdir()
    shutil.copy(SHIPPED_FILE, root / "corpus" / SHIPPED_FILE.name)
    done = sagebot("index", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "Indexed 1 file(s)" in done.stdout
    # The per-document summary: the file, its document titles, passages, code passages, terms, warnings.
    row = next(line for line in done.stdout.splitlines() if SHIPPED_FILE.name in line)
    assert "Blog Post; Briefing; Study Guide" in row and [c.strip() for c in row.split("│")[3:6]] == ["32", "0", "22"]
    assert "22 glossary terms. Glossary terms come from the documents." in done.stdout
    return root


def test_ask_prints_answer_then_numbered_sources(project: Path) -> None:
    done = sagebot("ask", "Where does SageMaker keep its algorithm containers?", cwd=project)
    assert done.returncode == 0, done.stderr
    answer, sources = done.stdout.split("\nSources:\n")
    assert "ECR" in answer and "[1]" in answer
    assert sources.lstrip().startswith("[1] ")
    assert "sagemaker-managed-service.txt:" in sources


def test_ask_json_stdin_answers_one_line_per_question(project: Path) -> None:
    lines = "\n".join(
        [
            "What is the capital of France?",
            json.dumps(
                {
                    "question": "and how is it encrypted?",
                    "history": [{"role": "user", "content": "Can SageMaker use S3 buckets?"}],
                }
            ),
            "",
            "   ",
            "What is a security group?",
        ]
    )
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
    assert "What was read" in done.stdout and "Blog Post; Briefing; Study Guide" in done.stdout  # kept in the manifest


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
    assert "skipped: cannot be read" in next(line for line in done.stdout.splitlines() if "bad.txt" in line)
    assert "No glossary found" in done.stdout  # "Subnets live in a VPC." defines nothing either


def test_glossary_json_and_exports(project: Path) -> None:
    done = sagebot("glossary", "--json", cwd=project)
    assert done.returncode == 0, done.stderr
    terms = json.loads(done.stdout)
    assert len(terms) == 22 and terms[4]["name"] == "Virtual Private Cloud (VPC)" and "VPC" in terms[4]["aliases"]
    done = sagebot("glossary", "--export", "deck.apkg", cwd=project)
    assert done.returncode == 0 and (project / "deck.apkg").stat().st_size > 1000
    done = sagebot("glossary", "--export", "basic.csv", "--basic", cwd=project)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader((project / "basic.csv").read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 22 and all(len(r) == 2 for r in rows)  # no header: what Quizlet and Anki Basic take


def test_quiz_in_the_terminal(project: Path) -> None:
    answers = "a service used to encrypt data in S3 buckets and the disks of instances\n"
    done = sagebot("quiz", "--topic", "encryption", "--kind", "written", "--count", "1", cwd=project, stdin=answers)
    assert done.returncode == 0, done.stderr
    assert "What does “AWS KMS (Key Management Service)” mean?" in done.stdout
    assert "CORRECT" in done.stdout and "Source: Study Guide › Glossary of Key Terms" in done.stdout
    assert "Score: 1/1" in done.stdout


def small_project(root: Path) -> Path:
    (root / "corpus").mkdir()
    (root / "corpus" / "notes.md").write_text(
        "# Notes\n\nSubnets live in a VPC. Security groups filter traffic.\n", encoding="utf-8"
    )
    done = sagebot("index", cwd=root)
    assert done.returncode == 0, done.stderr
    return root


@pytest.mark.slow
@pytest.mark.parametrize("how", ["empty units.npy", "non-UTF-8 CURRENT", "bit flip in the header of units.npy"])
def test_a_damaged_index_is_one_clear_line_and_index_rebuilds_it(tmp_path: Path, how: str) -> None:
    from sagebot.index.store import current_generation

    from .test_store import HARM

    small_project(tmp_path)
    HARM[how](current_generation(tmp_path / "index"))
    done = sagebot("ask", "What filters traffic?", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "Aborted" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "is damaged" in errors[0] and "Run `sagebot index --rebuild`" in errors[0], done.stderr
    done = sagebot("index", cwd=tmp_path)
    assert done.returncode == 0 and "Indexed 1 file(s)" in done.stdout, done.stderr
    done = sagebot("ask", "What filters traffic?", cwd=tmp_path)
    assert done.returncode == 0 and "Security groups filter traffic." in done.stdout, done.stderr


DISK_FULL_SCRIPT = """
import errno, os, sys
import numpy

def full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

numpy.save = full  # the first data file the build writes meets a full disk
from sagebot.cli import main
main(["index", "--rebuild"])
"""


@pytest.mark.slow
def test_disk_full_during_index_is_one_clear_line_and_leaves_nothing_behind(tmp_path: Path) -> None:
    small_project(tmp_path)
    before = sorted(p.name for p in (tmp_path / "index").iterdir())
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAGEBOT_")}
    done = subprocess.run(
        [sys.executable, "-c", DISK_FULL_SCRIPT],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, done.stderr
    assert "No space left on device" in errors[0] and "The previous index is still in use" in errors[0]
    assert "Free some disk space" in errors[0] and "run `sagebot index` again" in errors[0]
    assert sorted(p.name for p in (tmp_path / "index").iterdir()) == before
    done = sagebot("ask", "What filters traffic?", cwd=tmp_path)
    assert done.returncode == 0 and "Security groups filter traffic." in done.stdout, done.stderr


@pytest.mark.slow
def test_index_skips_pipes_devices_and_links_out_of_the_corpus(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "notes.md").write_text("# Notes\n\nSubnets live in a VPC.\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("Passwords\n\nThe admin password is hunter2.\n", encoding="utf-8")
    (tmp_path / "corpus" / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "corpus" / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "corpus" / "pipe.md")
    done = sagebot("index", cwd=tmp_path)  # would wait forever on the pipe, or read /dev/zero forever
    assert done.returncode == 0 and "Indexed 1 file(s)" in done.stdout, done.stderr
    assert "warning: Skipping leak.txt: it is a link to a file outside the corpus folder" in done.stderr
    assert "warning: Skipping pipe.md: it is a named pipe (FIFO), not a regular file" in done.stderr
    assert "warning: Skipping zero.txt: it is a device, not a regular file" in done.stderr
    done = sagebot("ask", "--json", "What is the admin password?", cwd=tmp_path)
    assert done.returncode == 0 and "hunter2" not in done.stdout and not json.loads(done.stdout)["grounded"]
