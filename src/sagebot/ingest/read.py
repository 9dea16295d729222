"""Find and read the course documents, recursively: .txt, .md, .html, .pdf, .ipynb, .docx and .pptx."""

from __future__ import annotations

import fnmatch
import hashlib
import io
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from sagebot.errors import CorpusNotFoundError, EmptyCorpusError
from sagebot.ingest.html_text import html_to_text
from sagebot.ingest.office import docx_text, notebook_text, pptx_text

__all__ = ["SUPPORTED_SUFFIXES", "CorpusFile", "SourceText", "discover", "html_to_text", "read_corpus", "read_source"]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".ipynb": "notebook",
    ".docx": "docx",
    ".pptx": "pptx",
}
# Formats whose text sagebot makes (no text source to quote from): the index keeps that text under texts/.
DERIVED_KINDS = frozenset({"html", "pdf", "notebook", "docx", "pptx"})


@dataclass(frozen=True)
class SourceText:
    """One file's text as sagebot reads it. Offsets in citations index into `text`.

    For .txt and .md `text` is the decoded file itself; for .html, .pdf, .ipynb, .docx and .pptx it is the
    extracted text, which the index stores beside the chunks so every quote can be checked against it.
    """

    path: str  # relative to the corpus folder, with forward slashes
    kind: str
    text: str
    sha256: str

    @property
    def derived(self) -> bool:
        return self.kind in DERIVED_KINDS


@dataclass(frozen=True)
class CorpusFile:
    path: str
    absolute: Path
    sha256: str
    root: str = ""  # the corpus folder's real path; read_source checks again that the file is inside it


DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def discover(corpus_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES, exclude: tuple[str, ...] = ()) -> list[CorpusFile]:
    """Every supported file under corpus_dir, sorted, with its content hash, but those `exclude` names (glob
    patterns matched from the end of the path: "SOURCE.md", "drafts/*"). Symlinked folders are not followed;
    files over max_bytes are skipped with a warning (a video renamed .txt must not fill the memory). Only regular
    files inside the corpus folder are read: a link leading out of it (to /etc/passwd), a named pipe, a socket
    or a device (a link to /dev/zero) is skipped with a warning, and never opened."""
    if not corpus_dir.is_dir():
        raise CorpusNotFoundError(corpus_dir)
    root_real = os.path.realpath(corpus_dir)
    found: list[CorpusFile] = []
    for root, dirs, files in os.walk(corpus_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            absolute = Path(root) / name
            rel = absolute.relative_to(corpus_dir).as_posix()
            if excluded(rel, exclude):
                continue
            try:
                real, info = regular_file_inside(absolute, root_real)
                if info.st_size > max_bytes:
                    log.warning(
                        "Skipping %s: it is %.1f MB, over the %.1f MB limit (SAGEBOT_MAX_FILE_MB). "
                        "Split it, or raise the limit.",
                        rel,
                        info.st_size / 2**20,
                        max_bytes / 2**20,
                    )
                    continue
                with _open_regular(real, info) as handle:
                    digest = hashlib.file_digest(handle, "sha256").hexdigest()
            except UnusableFile as exc:
                log.warning("Skipping %s: %s.", rel, exc)
                continue
            except OSError as exc:
                log.warning("Skipping %s: cannot read it (%s).", rel, exc.strerror or exc)
                continue
            found.append(CorpusFile(rel, absolute, digest, root_real))
    return found


def excluded(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether a corpus file is left out. A pattern is matched against the end of the path, folder by folder:
    "SOURCE.md" in any folder, "drafts/*" a file right inside a drafts folder, "drafts/" or "drafts/**" anything
    under one; "*" never crosses a "/", "**" stands for any number of folders."""
    parts = path.split("/")
    return any(_matches_end(parts, p.rstrip("/").split("/") + (["**"] if p.endswith("/") else [])) for p in patterns)


def _matches_end(parts: list[str], pattern: list[str]) -> bool:
    return any(_matches(parts[start:], pattern) for start in range(len(parts)))


def _matches(parts: list[str], pattern: list[str]) -> bool:
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(_matches(parts[skip:], pattern[1:]) for skip in range(len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], pattern[0]) and _matches(parts[1:], pattern[1:])


class UnusableFile(Exception):
    """A corpus entry that is not a regular file inside the corpus folder; the message says what it is."""


_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISDIR, "a folder"),
)


def regular_file_inside(path: Path, root_real: str) -> tuple[str, os.stat_result]:
    """The real path and status of `path`, a regular file whose real path lies inside root_real; otherwise
    UnusableFile (or OSError when it cannot be examined). Only looks at the file (stat), never opens it: opening
    a named pipe waits forever for a writer, and a device such as /dev/zero never ends."""
    real = os.path.realpath(path)
    info = os.stat(real)
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _FILE_KINDS if test(info.st_mode)), "a special file")
        raise UnusableFile(f"it is {kind}, not a regular file")
    if real != root_real and not real.startswith(root_real.rstrip(os.sep) + os.sep):
        raise UnusableFile("it is a link to a file outside the corpus folder")
    return real, info


def _open_regular(real: str, expected: os.stat_result) -> io.BufferedReader:
    """Open a file regular_file_inside approved, refusing anything swapped in since: no link is followed, a
    pipe would not block (O_NONBLOCK), and the file opened must be the very one examined."""
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (expected.st_dev, expected.st_ino):
            raise UnusableFile("it was replaced while being read")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_source(file: CorpusFile) -> SourceText | None:
    """The file's text, or None (with a warning saying why) when it cannot be used."""
    kind = SUPPORTED_SUFFIXES[file.absolute.suffix.lower()]
    try:
        real, info = regular_file_inside(file.absolute, file.root or os.path.realpath(file.absolute.parent))
        with _open_regular(real, info) as handle:
            data = handle.read()
    except UnusableFile as exc:
        log.warning("Skipping %s: %s.", file.path, exc)
        return None
    except OSError as exc:
        log.warning("Skipping %s: cannot read it (%s).", file.path, exc.strerror or exc)
        return None
    extract = {"pdf": _pdf_text, "notebook": notebook_text, "docx": docx_text, "pptx": pptx_text}.get(kind)
    if extract is not None:
        text = extract(file.path, data)
    else:
        text = _decode(file.path, data)
        if text is not None and kind == "html":
            text = html_to_text(text)
    if text is None:
        return None
    if not text.strip():
        log.warning("Skipping %s: it holds no text.", file.path)
        return None
    return SourceText(file.path, kind, text, hashlib.sha256(data).hexdigest())


def read_corpus(
    corpus_dir: Path, max_bytes: int = DEFAULT_MAX_BYTES, exclude: tuple[str, ...] = ()
) -> list[SourceText]:
    sources = [s for f in discover(corpus_dir, max_bytes, exclude) if (s := read_source(f)) is not None]
    if not sources:
        raise EmptyCorpusError(corpus_dir)
    return sources


def _decode(name: str, data: bytes) -> str | None:
    if b"\x00" in data[:8192]:
        log.warning("Skipping %s: it looks like a binary file, not text.", name)
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        log.warning("%s is not UTF-8; reading it as Windows-1252. Save it as UTF-8 to silence this.", name)
        return data.decode("cp1252", errors="replace")


def _pdf_text(name: str, data: bytes) -> str | None:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))  # the bytes already read: the file is not opened again
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
    except Exception as exc:  # pypdf raises many unrelated types for damaged files
        log.warning("Skipping %s: cannot read it as a PDF (%s).", name, exc)
        return None
    return "\n\n".join(p for p in pages if p) + "\n"
