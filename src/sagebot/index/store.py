"""The index on disk: plain files in a generation folder, a manifest, and an atomic switch.

Layout of index/:
  CURRENT              name of the live generation (replaced atomically, last step of a build)
  gen-<stamp>/         manifest.json, chunks.jsonl, units.npy, keys.npy, vectors.npy, dense.faiss, glossary.json,
                       glossary_vectors.npy, study_pairs.json, terms.json,
                       keyword/ (bm25s), texts/ (extracted text of html/pdf/ipynb/docx/pptx)
  .lock                held while a build runs, so two builds never interleave
A build killed at any point leaves CURRENT naming the previous, complete generation. The manifest records the
SHA-256 of every data file, checked on load: any damage reads as IndexCorruptError, never as other answers.
This module is the format (read, load, staleness, the lock and durable writes); index/build.py writes generations.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sagebot.errors import IndexBusyError, IndexCorruptError, IndexMissingError, IndexStaleError, SagebotError
from sagebot.index.layout import data_checksums, verify_checksums
from sagebot.ingest.chunk import CHUNKER_VERSION, Chunk
from sagebot.ingest.glossary import StudyItem, Term
from sagebot.ingest.read import CorpusFile, discover

if TYPE_CHECKING:
    import numpy as np

    from sagebot.settings import Settings

log = logging.getLogger(__name__)

INDEX_FORMAT = 2  # 2: the manifest records a SHA-256 of every data file


@dataclass
class LoadedIndex:
    directory: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    unit_chunk: np.ndarray  # int32, chunk id of each unit
    unit_spans: np.ndarray  # int64 (n, 2)
    unit_kinds: np.ndarray  # int8 index into UNIT_KINDS
    vectors: np.ndarray
    dense: Any  # faiss.Index over unit vectors
    keyword: Any  # bm25s.BM25 over chunks
    document_frequency: dict[str, int]  # keyword term -> number of passages holding it
    study_answers: dict[int, list[int]]  # unit of a study-guide question -> units of its answer-key item
    terms: list[Term]  # the glossary
    term_chunks: list[list[int]]  # passages that mention each term
    study: list[StudyItem]  # numbered study questions with their answer-key items
    glossary_vectors: np.ndarray  # each term's definition, then each study answer
    glossary_derived: bool = False  # no glossary was found: the terms were taken from definitional sentences

    @property
    def generation(self) -> str:
        return self.directory.name

    def unit_count(self) -> int:
        return int(self.unit_chunk.shape[0])


def settings_fingerprint(settings: Settings, model_sha256: str) -> dict[str, Any]:
    return {
        "format": INDEX_FORMAT,
        "model_sha256": model_sha256,
        "encoder": settings.encoder,  # onnx or sentence-transformers: a change of encoder makes the index stale
        "chunker_version": CHUNKER_VERSION,
        "chunk_max_chars": settings.chunk_max_chars,
        "hnsw_threshold": settings.hnsw_threshold,
    }


def current_generation(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    try:
        with pointer.open("rb") as handle:
            name = handle.read(256).decode("ascii").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except Exception as exc:  # unreadable, or not text: damage, never a crash
        detail = f"cannot read CURRENT: {exc.strerror or exc}" if isinstance(exc, OSError) else "CURRENT is not text"
        raise IndexCorruptError(index_dir, detail) from exc
    if not _GENERATION_NAME.fullmatch(name):
        raise IndexCorruptError(index_dir, "CURRENT does not name a generation")
    return index_dir / name


_GENERATION_NAME = re.compile(r"gen-[A-Za-z0-9_.-]+")


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    generation = current_generation(index_dir)
    return None if generation is None else _manifest_of(generation, index_dir)


def _manifest_of(generation: Path, index_dir: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
        _check_manifest_shape(manifest)
    except Exception as exc:  # every way of failing to read it is damage
        raise IndexCorruptError(index_dir, f"manifest unreadable: {exc}") from exc
    return manifest


def _check_manifest_shape(manifest: Any) -> None:
    """The parts read before the checksums are checked (staleness, counts) have the types they must have."""
    if not isinstance(manifest, dict):
        raise ValueError("not a JSON object")
    sources, skipped, counts = manifest.get("sources"), manifest.get("skipped", {}), manifest.get("counts")
    if not (
        isinstance(sources, dict)
        and all(isinstance(m, dict) and isinstance(m.get("sha256"), str) for m in sources.values())
    ):
        raise ValueError("its list of sources is malformed")
    if not (isinstance(skipped, dict) and all(isinstance(sha, str) for sha in skipped.values())):
        raise ValueError("its list of skipped files is malformed")
    if not (isinstance(counts, dict) and all(type(counts.get(k)) is int for k in ("chunks", "units"))):
        raise ValueError("its counts are malformed")


FINGERPRINT_CHANGED = "it was built with another model, chunking setting or sagebot index format"


def staleness(
    settings: Settings, manifest: dict[str, Any], model_sha256: str, files: list[CorpusFile] | None = None
) -> str | None:
    """Why the index no longer matches the corpus and settings, or None when it does. `files`: the corpus as
    discover() lists it, when the caller has listed (and hashed) it already."""
    if manifest.get("fingerprint") != settings_fingerprint(settings, model_sha256):
        return FINGERPRINT_CHANGED
    built_without = list(manifest.get("exclude", []))
    if built_without != list(settings.exclude):
        return (
            f"it was built leaving out {', '.join(built_without) or 'no files'}; the exclude setting now leaves out "
            f"{', '.join(settings.exclude) or 'none'}"
        )
    built = {path: meta["sha256"] for path, meta in manifest["sources"].items()}
    built.update({path: sha for path, sha in manifest.get("skipped", {}).items()})
    if files is None:
        files = discover(settings.corpus_dir, settings.max_file_bytes, settings.exclude)
    now = {f.path: f.sha256 for f in files}
    changed = sorted(p for p in now if p in built and built[p] != now[p])
    added = sorted(set(now) - set(built))
    removed = sorted(set(built) - set(now))
    parts = []
    for label, paths in (("changed", changed), ("new", added), ("removed", removed)):
        if paths:
            shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
            parts.append(f"{label}: {shown}")
    return "; ".join(parts) or None


def load(settings: Settings, model_sha256: str, check_corpus: bool = True) -> LoadedIndex:
    """Open the current generation. The model and settings must match; with check_corpus, the corpus too."""
    index_dir = settings.index_dir
    for _attempt in range(5):
        generation = current_generation(index_dir)
        if generation is None:
            raise IndexMissingError(index_dir)
        try:
            return _load_generation(settings, generation, model_sha256, check_corpus)
        except IndexCorruptError:
            # A build that finished meanwhile removes the generation being read: read the new one instead.
            if current_generation(index_dir) == generation:
                raise
    raise IndexCorruptError(index_dir, "the index kept changing while being read; retry when builds are done")


def _load_generation(settings: Settings, generation: Path, model_sha256: str, check_corpus: bool) -> LoadedIndex:
    index_dir = settings.index_dir
    manifest = _manifest_of(generation, index_dir)
    if manifest.get("fingerprint") != settings_fingerprint(settings, model_sha256):
        raise IndexStaleError(FINGERPRINT_CHANGED)
    if check_corpus and (reason := staleness(settings, manifest, model_sha256)):
        raise IndexStaleError(reason)
    try:
        # Checked before anything is parsed: a flipped bit must not change an answer, nor feed a parser.
        verify_checksums(generation, manifest)
        return _read_generation(settings, generation, manifest)
    except SagebotError:
        raise
    except Exception as exc:  # whatever reading a generation raises (EOFError, SyntaxError, MemoryError...) is damage
        raise IndexCorruptError(index_dir, f"{type(exc).__name__}: {exc}") from exc


def _read_generation(settings: Settings, generation: Path, manifest: dict[str, Any]) -> LoadedIndex:
    import faiss
    import numpy as np

    index_dir = settings.index_dir
    with (generation / "chunks.jsonl").open(encoding="utf-8") as handle:
        chunks = [Chunk(**json.loads(line)) for line in handle]
    units = np.load(generation / "units.npy", allow_pickle=False)
    vectors = np.load(generation / "vectors.npy", allow_pickle=False)
    dense = faiss.read_index(str(generation / "dense.faiss"))
    if hasattr(dense, "hnsw"):
        dense.hnsw.efSearch = settings.hnsw_ef_search
    keyword = _load_keyword(generation / "keyword")
    document_frequency = json.loads((generation / "terms.json").read_text(encoding="utf-8"))
    glossary = json.loads((generation / "glossary.json").read_text(encoding="utf-8"))
    glossary_vectors = np.load(generation / "glossary_vectors.npy", allow_pickle=False)
    study_answers = {
        q: answers
        for questions, answers in json.loads((generation / "study_pairs.json").read_text(encoding="utf-8"))
        for q in questions
    }
    counts = manifest["counts"]
    if not (
        len(chunks) == counts["chunks"]
        and units.shape == (counts["units"], 4)
        and vectors.shape[0] == counts["units"] == dense.ntotal
        and all(c.id == i for i, c in enumerate(chunks))
    ):
        raise IndexCorruptError(index_dir, "chunk store and vectors are out of step")
    return LoadedIndex(
        generation,
        manifest,
        chunks,
        units[:, 0].astype(np.int32),
        units[:, 1:3],
        units[:, 3].astype(np.int8),
        vectors,
        dense,
        keyword,
        document_frequency,
        study_answers,
        [Term(**{**t, "aliases": tuple(t["aliases"])}) for t in glossary["terms"]],
        glossary["term_chunks"],
        [StudyItem(**s) for s in glossary["study"]],
        glossary_vectors,
        bool(glossary.get("derived", False)),
    )


def _load_keyword(path: Path) -> Any:
    import bm25s

    return bm25s.BM25.load(str(path), show_progress=False)


# ---------------------------------------------------------------- writing (used by index/build.py)


@contextmanager
def build_lock(index_dir: Path, wait: bool = True) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise IndexBusyError(index_dir) from None
            log.warning("Another build of %s is running; waiting for it to finish.", index_dir)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Record the checksum of every data file, write the manifest, and sync everything to disk."""
    manifest = {**manifest, "files": data_checksums(out)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    for path in out.rglob("*"):
        if path.is_file():
            fsync(path)


def atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync(path.parent)


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
