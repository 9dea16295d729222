from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sagebot.errors import CorpusNotFoundError, EmptyCorpusError
from sagebot.ingest.read import discover, read_corpus


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with one line of Helvetica text, built by hand (no PDF writer needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_reads_all_supported_kinds_recursively(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "week1").mkdir(parents=True)
    (corpus / "a.txt").write_text("Plain text notes.\n", encoding="utf-8")
    (corpus / "week1" / "b.md").write_text("# B\n\nMarkdown body.\n", encoding="utf-8")
    (corpus / "week1" / "c.html").write_text("<h1>C</h1><p>Html body.</p>", encoding="utf-8")
    (corpus / "d.pdf").write_bytes(minimal_pdf("Portable document text."))
    (corpus / "ignored.docx").write_bytes(b"PK")
    (corpus / ".hidden.txt").write_text("secret", encoding="utf-8")
    sources = {s.path: s for s in read_corpus(corpus)}
    assert sorted(sources) == ["a.txt", "d.pdf", "week1/b.md", "week1/c.html"]
    assert "Portable document text." in sources["d.pdf"].text
    assert sources["week1/c.html"].text.startswith("# C\n")
    assert sources["d.pdf"].derived and not sources["a.txt"].derived


def test_bad_files_are_skipped_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Good text.\n", encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (corpus / "latin.txt").write_bytes("Caf\xe9 na\xefve r\xe9sum\xe9.".encode("latin-1"))
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    with caplog.at_level(logging.WARNING, logger="sagebot"):
        sources = {s.path: s for s in read_corpus(corpus)}
    assert sorted(sources) == ["good.txt", "latin.txt"]
    assert sources["latin.txt"].text == "Café naïve résumé."
    messages = " ".join(r.getMessage() for r in caplog.records)
    for expected in (
        "empty.txt: it holds no text",
        "binary.txt: it looks like a binary",
        "broken.pdf",
        "latin.txt is not UTF-8",
    ):
        assert expected in messages


def test_missing_and_empty_corpus_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusNotFoundError, match="does not exist"):
        discover(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(EmptyCorpusError, match="no readable"):
        read_corpus(tmp_path / "empty")


def test_very_large_file_is_skipped_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.md").write_text("# Notes\n\nSubnets live in a VPC.\n", encoding="utf-8")
    with (corpus / "lecture-video.txt").open("wb") as handle:  # sparse: 3 MB on paper, nothing on disk
        handle.truncate(3 * 1024 * 1024)
    with caplog.at_level(logging.WARNING, logger="sagebot"):
        sources = read_corpus(corpus, max_bytes=2 * 1024 * 1024)
    assert [s.path for s in sources] == ["notes.md"]
    assert "Skipping lecture-video.txt: it is 3.0 MB, over the 2.0 MB limit (SAGEBOT_MAX_FILE_MB)" in caplog.text


def test_file_removed_between_listing_and_reading_is_skipped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from sagebot.ingest.read import read_source

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.md", "b.md"):
        (corpus / name).write_text(f"# {name}\n\nText of {name}.\n", encoding="utf-8")
    files = discover(corpus)
    (corpus / "a.md").unlink()
    with caplog.at_level(logging.WARNING, logger="sagebot"):
        sources = [s for f in files if (s := read_source(f)) is not None]
    assert [s.path for s in sources] == ["b.md"] and "Skipping a.md: cannot read it" in caplog.text


def test_links_leaving_the_corpus_are_skipped_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "notes.md").write_text("# Notes\n\nSubnets live in a VPC.\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("The admin password is hunter2.\n", encoding="utf-8")
    (corpus / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (corpus / "sub" / "leak-relative.md").symlink_to(Path("..") / ".." / "secret.txt")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "alias.md").symlink_to("notes.md")  # inside the corpus: kept
    (corpus / "sub" / "up.md").symlink_to(Path("..") / "notes.md")
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    with caplog.at_level(logging.WARNING, logger="sagebot"):
        files = discover(corpus)
        sources = read_corpus(corpus)
    assert [f.path for f in files] == ["alias.md", "notes.md", "sub/up.md"]
    assert all("hunter2" not in s.text and "root:" not in s.text for s in sources)
    for name in ("leak.txt", "sub/leak-relative.md", "passwd.txt"):
        assert f"Skipping {name}: it is a link to a file outside the corpus folder" in caplog.text
    assert "Skipping dangling.txt: cannot read it" in caplog.text
    # A corpus folder reached through a link of its own is still inside itself.
    (tmp_path / "course").symlink_to(corpus, target_is_directory=True)
    assert [f.path for f in discover(tmp_path / "course")] == ["alias.md", "notes.md", "sub/up.md"]


def test_a_file_swapped_for_a_link_after_listing_is_not_read(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from sagebot.ingest.read import read_source

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.md").write_text("# Notes\n\nSubnets live in a VPC.\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("The admin password is hunter2.\n", encoding="utf-8")
    [listed] = discover(corpus)
    (corpus / "notes.md").unlink()
    (corpus / "notes.md").symlink_to(tmp_path / "secret.txt")
    with caplog.at_level(logging.WARNING, logger="sagebot"):
        assert read_source(listed) is None
    assert "Skipping notes.md: it is a link to a file outside the corpus folder" in caplog.text


SPECIAL_FILES_SCRIPT = """
import json, logging, os, socket, sys
from pathlib import Path
from sagebot.ingest.read import discover, read_corpus

corpus = Path(sys.argv[1])
os.mkfifo(corpus / "pipe.txt")
(corpus / "zero.txt").symlink_to("/dev/zero")
(corpus / "null.md").symlink_to("/dev/null")
server = socket.socket(socket.AF_UNIX)
server.bind(str(corpus / "sock.md"))
messages = []
handler = logging.Handler()
handler.emit = lambda record: messages.append(record.getMessage())
logging.getLogger("sagebot").addHandler(handler)
logging.getLogger("sagebot").setLevel(logging.WARNING)
paths = [f.path for f in discover(corpus)]
texts = [s.path for s in read_corpus(corpus)]
print(json.dumps({"paths": paths, "texts": texts, "messages": messages}))
"""


@pytest.mark.slow
def test_pipes_sockets_and_devices_are_skipped_without_being_opened(tmp_path: Path) -> None:
    import json
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    corpus = tmp_path / "c"  # short: a socket's path has a length limit
    corpus.mkdir()
    (corpus / "notes.md").write_text("# Notes\n\nSubnets live in a VPC.\n", encoding="utf-8")
    # In a child process: were a pipe or /dev/zero opened, it would wait (or read) forever.
    done = subprocess.run(
        [sys.executable, "-c", SPECIAL_FILES_SCRIPT, str(corpus)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["paths"] == result["texts"] == ["notes.md"]
    messages = " ".join(result["messages"])
    for name, kind in (
        ("pipe.txt", "a named pipe (FIFO)"),
        ("zero.txt", "a device"),
        ("null.md", "a device"),
        ("sock.md", "a socket"),
    ):
        assert f"Skipping {name}: it is {kind}, not a regular file" in messages


def test_files_the_course_author_excludes_are_left_out(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for path in [
        "lesson.md",
        "lessons/01-intro.md",
        "SOURCE.md",
        "week1/SOURCE.md",
        "drafts/next.md",
        "drafts/old/older.md",
        "week1/drafts/old.md",
        "notes/a/b.md",
    ]:
        (corpus / path).parent.mkdir(parents=True, exist_ok=True)
        (corpus / path).write_text("Some text.\n", encoding="utf-8")

    def kept(*patterns: str) -> list[str]:
        return [f.path for f in discover(corpus, exclude=patterns)]

    assert len(kept()) == 8
    assert kept("SOURCE.md", "drafts/", "notes/**") == ["lesson.md", "lessons/01-intro.md"]
    # "*" stays inside one name: "lesson*.md" is no folder of lessons, "drafts/*" not what is further down
    assert "lessons/01-intro.md" in kept("lesson*.md")
    assert kept("drafts/*") == [p for p in kept() if p not in ("drafts/next.md", "week1/drafts/old.md")]
    assert "SOURCE.md" not in kept("**/SOURCE.md")


def test_exclude_patterns_come_from_the_environment_or_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from sagebot.errors import ConfigError
    from sagebot.settings import load_settings

    monkeypatch.setenv("SAGEBOT_EXCLUDE", "SOURCE.md, drafts/*")
    assert load_settings().exclude == ("SOURCE.md", "drafts/*")
    monkeypatch.setenv("SAGEBOT_EXCLUDE", '["SOURCE.md", "drafts/"]')
    assert load_settings().exclude == ("SOURCE.md", "drafts/")
    assert load_settings(exclude=(" LICENSE*", "", "a.md,b.md", "./notes/")).exclude == (
        "LICENSE*",
        "a.md",
        "b.md",
        "notes/",
    )
    for outside in (".", "./", "/etc/passwd", "../other/x.md"):
        with pytest.raises(ConfigError, match="inside the corpus folder"):
            load_settings(exclude=(outside,))
