"""The index on disk: plain files in a generation folder, a manifest, and an atomic switch.

Layout of index/:
  CURRENT              name of the live generation (replaced atomically, last step of a build)
  gen-<stamp>/         manifest.json, chunks.jsonl, units.npy, keys.npy, vectors.npy, dense.faiss, glossary.json,
                       glossary_vectors.npy, study_pairs.json, terms.json,
                       keyword/ (bm25s), texts/ (extracted text of .html/.pdf sources)
  .lock                held while a build runs, so two builds never interleave
A build killed at any point leaves CURRENT naming the previous, complete generation. The manifest records the
SHA-256 of every data file, checked on load: any damage reads as IndexCorruptError, never as other answers.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sagebot import __version__
from sagebot.ingest.chunk import CHUNKER_VERSION, UNIT_KINDS, Chunk, ChunkedSource, Unit, chunk_source, embed_key
from sagebot.ingest.glossary import StudyItem, Term, glossary_terms, name_pattern, study_items
from sagebot.errors import (
    IndexBuildError, IndexBusyError, IndexCorruptError, IndexMissingError, IndexStaleError, SagebotError,
)
from sagebot.ingest.read import SourceText, discover, read_source
from sagebot.text import content_terms

if TYPE_CHECKING:
    import numpy as np

    from sagebot.index.encoder import Encoder
    from sagebot.settings import Settings

log = logging.getLogger(__name__)

INDEX_FORMAT = 2  # 2: the manifest records a SHA-256 of every data file
# The files a load reads, each checked against the checksum the manifest records (and every keyword/ file).
DATA_FILES = ("chunks.jsonl", "units.npy", "keys.npy", "vectors.npy", "dense.faiss", "terms.json", "glossary.json",
              "glossary_vectors.npy", "study_pairs.json")
KEYWORD_DIR = "keyword"


@dataclass(frozen=True)
class BuildReport:
    generation: str
    sources: int
    chunks: int
    units: int
    embedded: int
    reused: int
    skipped: list[str] = field(default_factory=list)
    up_to_date: bool = False


@dataclass
class LoadedIndex:
    directory: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    unit_chunk: "np.ndarray"  # int32, chunk id of each unit
    unit_spans: "np.ndarray"  # int64 (n, 2)
    unit_kinds: "np.ndarray"  # int8 index into UNIT_KINDS
    vectors: "np.ndarray"
    dense: Any  # faiss.Index over unit vectors
    keyword: Any  # bm25s.BM25 over chunks
    document_frequency: dict[str, int]  # keyword term -> number of passages holding it
    study_answers: dict[int, list[int]]  # unit of a study-guide question -> units of its answer-key item
    terms: list[Term]  # the glossary
    term_chunks: list[list[int]]  # passages that mention each term
    study: list[StudyItem]  # numbered study questions with their answer-key items
    glossary_vectors: "np.ndarray"  # each term's definition, then each study answer

    @property
    def generation(self) -> str:
        return self.directory.name

    def unit_count(self) -> int:
        return int(self.unit_chunk.shape[0])


def settings_fingerprint(settings: "Settings", model_sha256: str) -> dict[str, Any]:
    return {
        "format": INDEX_FORMAT,
        "model_sha256": model_sha256,
        "chunker_version": CHUNKER_VERSION,
        "chunk_max_chars": settings.chunk_max_chars,
        "hnsw_threshold": settings.hnsw_threshold,
    }


# ---------------------------------------------------------------- reading

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
    if not (isinstance(sources, dict) and all(isinstance(m, dict) and isinstance(m.get("sha256"), str)
                                              for m in sources.values())):
        raise ValueError("its list of sources is malformed")
    if not (isinstance(skipped, dict) and all(isinstance(sha, str) for sha in skipped.values())):
        raise ValueError("its list of skipped files is malformed")
    if not (isinstance(counts, dict) and all(type(counts.get(k)) is int for k in ("chunks", "units"))):
        raise ValueError("its counts are malformed")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks (never whole into memory)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _data_checksums(generation: Path) -> dict[str, str]:
    """Checksums of the data files of a generation being written, by path relative to it."""
    names = list(DATA_FILES) + sorted(f"{KEYWORD_DIR}/{p.name}" for p in (generation / KEYWORD_DIR).iterdir()
                                      if p.is_file())
    return {name: file_sha256(generation / name) for name in names}


def _verify_checksums(generation: Path, manifest: dict[str, Any], names: Iterable[str] | None = None) -> None:
    """Raise IndexCorruptError unless every data file (or the ones named) has the checksum the manifest records."""
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise IndexCorruptError(generation.parent, "the manifest records no checksums")
    expected_names = set(DATA_FILES) if names is None else set(names)
    if not expected_names <= files.keys() or (names is None and not any(
            isinstance(n, str) and n.startswith(f"{KEYWORD_DIR}/") for n in files)):
        raise IndexCorruptError(generation.parent, "the manifest lacks the checksum of a data file")
    for name, expected in files.items():
        if names is not None and name not in expected_names:
            continue
        if not (name in DATA_FILES or re.fullmatch(rf"{KEYWORD_DIR}/[\w.-]+", name)):
            raise IndexCorruptError(generation.parent, f"the manifest names an unexpected file {name!r}")
        try:
            actual = file_sha256(generation / name)
        except OSError as exc:
            raise IndexCorruptError(generation.parent, f"cannot read {name}: {exc.strerror or exc}") from exc
        if actual != expected:
            raise IndexCorruptError(generation.parent, f"{name} does not match its checksum")


FINGERPRINT_CHANGED = "it was built with another model, chunking setting or sagebot index format"


def staleness(settings: "Settings", manifest: dict[str, Any], model_sha256: str) -> str | None:
    """Why the index no longer matches the corpus and settings, or None when it does."""
    if manifest.get("fingerprint") != settings_fingerprint(settings, model_sha256):
        return FINGERPRINT_CHANGED
    built = {path: meta["sha256"] for path, meta in manifest["sources"].items()}
    built.update({path: sha for path, sha in manifest.get("skipped", {}).items()})
    now = {f.path: f.sha256 for f in discover(settings.corpus_dir, settings.max_file_bytes)}
    changed = sorted(p for p in now if p in built and built[p] != now[p])
    added = sorted(set(now) - set(built))
    removed = sorted(set(built) - set(now))
    parts = []
    for label, paths in (("changed", changed), ("new", added), ("removed", removed)):
        if paths:
            shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
            parts.append(f"{label}: {shown}")
    return "; ".join(parts) or None


def load(settings: "Settings", model_sha256: str, check_corpus: bool = True) -> LoadedIndex:
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


def _load_generation(settings: "Settings", generation: Path, model_sha256: str, check_corpus: bool) -> LoadedIndex:
    index_dir = settings.index_dir
    manifest = _manifest_of(generation, index_dir)
    if manifest.get("fingerprint") != settings_fingerprint(settings, model_sha256):
        raise IndexStaleError(FINGERPRINT_CHANGED)
    if check_corpus and (reason := staleness(settings, manifest, model_sha256)):
        raise IndexStaleError(reason)
    try:
        # Checked before anything is parsed: a flipped bit must not change an answer, nor feed a parser.
        _verify_checksums(generation, manifest)
        return _read_generation(settings, generation, manifest)
    except SagebotError:
        raise
    except Exception as exc:  # whatever reading a generation raises (EOFError, SyntaxError, MemoryError...) is damage
        raise IndexCorruptError(index_dir, f"{type(exc).__name__}: {exc}") from exc


def _read_generation(settings: "Settings", generation: Path, manifest: dict[str, Any]) -> LoadedIndex:
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
        generation, manifest, chunks, units[:, 0].astype(np.int32), units[:, 1:3], units[:, 3].astype(np.int8),
        vectors, dense, keyword, document_frequency, study_answers,
        [Term(**{**t, "aliases": tuple(t["aliases"])}) for t in glossary["terms"]], glossary["term_chunks"],
        [StudyItem(**s) for s in glossary["study"]], glossary_vectors,
    )


def _load_keyword(path: Path) -> Any:
    import bm25s

    return bm25s.BM25.load(str(path), show_progress=False)


# ---------------------------------------------------------------- building

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


def build(
    settings: "Settings",
    encoder: "Encoder",
    force: bool = False,
    on_step: Callable[[str, int, int], None] | None = None,
) -> BuildReport:
    """Build (or bring up to date) the index. Unchanged text is not embedded again.

    A write that fails (disk full, no permission) removes what it wrote and raises IndexBuildError; the
    previous index stays in use."""
    try:
        with build_lock(settings.index_dir):
            return _build_locked(settings, encoder, force, on_step)
    except OSError as exc:  # the index folder or its lock file cannot be created or written
        raise _build_error(settings.index_dir, exc) from exc


def _build_error(index_dir: Path, exc: OSError) -> IndexBuildError:
    detail = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename:
        detail += f": {Path(str(exc.filename)).name}"
    try:
        previous_kept = current_generation(index_dir) is not None
    except IndexCorruptError:
        previous_kept = False
    return IndexBuildError(index_dir, " ".join(detail.split()), previous_kept)


def _build_locked(
    settings: "Settings",
    encoder: "Encoder",
    force: bool,
    on_step: Callable[[str, int, int], None] | None,
) -> BuildReport:
    import numpy as np

    index_dir = settings.index_dir
    fingerprint = settings_fingerprint(settings, encoder.sha256)
    _remove_leftovers(index_dir)
    try:
        previous = read_manifest(index_dir)
    except IndexCorruptError as exc:
        log.warning("%s Building a fresh one.", exc)
        previous = None
    files = discover(settings.corpus_dir, settings.max_file_bytes)
    if (previous and not force and staleness(settings, previous, encoder.sha256) is None
            and _intact(index_dir, previous)):
        counts = previous["counts"]
        return BuildReport(current_generation(index_dir).name, len(previous["sources"]), counts["chunks"],
                           counts["units"], 0, 0, sorted(previous.get("skipped", {})), up_to_date=True)

    sources: list[SourceText] = []
    skipped: dict[str, str] = {}
    for f in files:
        source = read_source(f)
        if source is None:
            skipped[f.path] = f.sha256
        else:
            sources.append(source)
    if not sources:
        from sagebot.errors import EmptyCorpusError

        raise EmptyCorpusError(settings.corpus_dir)

    chunked: list[ChunkedSource] = []
    for source in sources:
        first_id = sum(len(c.chunks) for c in chunked)
        chunked.append(chunk_source(source, settings.chunk_max_chars, first_id))
    chunks = [c for cs in chunked for c in cs.chunks]
    units = [u for cs in chunked for u in cs.units]
    terms = [t for cs in chunked for t in glossary_terms(cs)]
    study = study_items(chunked)

    # Sentences, then glossary definitions and answer-key items (compared with learners' quiz answers).
    texts = [u.embed_text for u in units] + [t.definition for t in terms] + [s.answer for s in study]
    reusable = {} if force else _previous_vectors(index_dir, previous, fingerprint)
    keys = [embed_key(text) for text in texts]
    missing = [i for i, k in enumerate(keys) if k not in reusable]
    if on_step:
        on_step("embed", 0, len(missing))
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if on_step:
            on_step("embed", done, len(missing))

    fresh = encoder.encode([texts[i] for i in missing], on_step=step)
    dim = fresh.shape[1] if len(missing) else next(iter(reusable.values())).shape[0]
    vectors = np.zeros((len(texts), dim), dtype=np.float32)
    for row, i in enumerate(missing):
        vectors[i] = fresh[row]
    for i, k in enumerate(keys):
        if k in reusable:
            vectors[i] = reusable[k]

    if on_step:
        on_step("write", 0, 1)
    stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    name = f"gen-{stamp}"
    tmp = index_dir / f".tmp-{name}"
    final = index_dir / name
    try:
        tmp.mkdir(parents=True)
        manifest = _write_generation(tmp, settings, fingerprint, encoder, chunked, chunks, units, keys, vectors,
                                     skipped)
        _write_glossary(tmp, chunks, terms, study, vectors[len(units) :])
        _write_manifest(tmp, manifest)
        os.replace(tmp, final)
        _fsync(index_dir)
        _atomic_write_text(index_dir / "CURRENT", name + "\n")
    except OSError as exc:  # disk full, I/O error: leave no partial generation behind to keep the disk full
        error = _build_error(index_dir, exc)
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            switched = current_generation(index_dir) == final
        except IndexCorruptError:
            switched = False
        if not switched:
            shutil.rmtree(final, ignore_errors=True)
            raise error from exc
        # Only syncing the folder after the switch failed: the new index is in place and complete.
        log.warning("The new index is in use, but syncing %s failed (%s).", index_dir, exc.strerror or exc)
    _remove_old_generations(index_dir, keep=name)
    if on_step:
        on_step("write", 1, 1)
    return BuildReport(name, len(sources), len(chunks), len(units), len(missing), len(texts) - len(missing),
                       sorted(skipped))


def _intact(index_dir: Path, manifest: dict[str, Any]) -> bool:
    try:
        _verify_checksums(current_generation(index_dir), manifest)
    except IndexCorruptError as exc:
        log.warning("%s Building a fresh one.", str(exc).split(" Run ")[0])
        return False
    return True


def _previous_vectors(index_dir: Path, previous: dict[str, Any] | None, fingerprint: dict[str, Any]) -> dict[str, "np.ndarray"]:
    import numpy as np

    if not previous or previous.get("fingerprint", {}).get("model_sha256") != fingerprint["model_sha256"]:
        return {}
    names = ("keys.npy", "vectors.npy", "glossary_vectors.npy")
    try:
        generation = current_generation(index_dir)
        _verify_checksums(generation, previous, names)  # a damaged vector must not be carried into the new index
        keys = np.load(generation / "keys.npy", allow_pickle=False)
        vectors = np.concatenate([np.load(generation / name, allow_pickle=False) for name in names[1:]])
        if len(keys) != len(vectors):
            return {}
    except Exception as exc:  # nothing to reuse: everything is embedded again
        log.info("Not reusing the previous index's vectors: %s", exc)
        return {}
    return {k.decode("ascii"): vectors[i] for i, k in enumerate(keys)}


def _write_generation(
    out: Path,
    settings: "Settings",
    fingerprint: dict[str, Any],
    encoder: "Encoder",
    chunked: list[ChunkedSource],
    chunks: list[Chunk],
    units: list[Unit],
    keys: list[str],
    vectors: "np.ndarray",
    skipped: dict[str, str],
) -> dict[str, Any]:
    """Write the data files of a generation; returns its manifest, which _write_manifest writes last."""
    import bm25s
    import faiss
    import numpy as np

    with (out / "chunks.jsonl").open("w", encoding="utf-8") as handle:
        for chunk in chunks:
            handle.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
    table = np.array([(u.chunk, u.start, u.end, UNIT_KINDS.index(u.kind)) for u in units], dtype=np.int64).reshape(-1, 4)
    np.save(out / "units.npy", table, allow_pickle=False)
    np.save(out / "keys.npy", np.array(keys, dtype="S32"), allow_pickle=False)
    vectors = vectors[: len(units)]
    np.save(out / "vectors.npy", vectors, allow_pickle=False)
    # Written by Python rather than by faiss, so a full disk raises OSError like every other write.
    with (out / "dense.faiss").open("wb") as handle:
        handle.write(memoryview(faiss.serialize_index(dense_index(vectors, settings))))
    chunk_terms = [keyword_terms(c) for c in chunks]
    keyword = bm25s.BM25()
    keyword.index(chunk_terms, show_progress=False)
    document_frequency: dict[str, int] = {}
    for terms in chunk_terms:
        for term in set(terms):
            document_frequency[term] = document_frequency.get(term, 0) + 1
    (out / "terms.json").write_text(json.dumps(document_frequency, ensure_ascii=False), encoding="utf-8")
    keyword.save(str(out / "keyword"), show_progress=False)
    pairs = []
    offset = 0
    for cs in chunked:
        spans = [(u.start, u.end) for u in cs.units]
        for question, answer in cs.study_pairs:
            inside = [[offset + i for i, (a, b) in enumerate(spans) if span[0] <= a and b <= span[1]] for span in (question, answer)]
            if all(inside):
                pairs.append(inside)
        offset += len(cs.units)
    (out / "study_pairs.json").write_text(json.dumps(pairs), encoding="utf-8")
    (out / "texts").mkdir()
    for cs in chunked:
        if cs.source.derived:
            (out / "texts" / f"{cs.source.sha256}.txt").write_text(cs.source.text, encoding="utf-8")
    manifest = {
        "sagebot_version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "model": {"name": settings.model_name(), "sha256": encoder.sha256, "dimension": int(vectors.shape[1])},
        "chunking": {"max_chars": settings.chunk_max_chars, "chunker_version": CHUNKER_VERSION},
        "fingerprint": fingerprint,
        "sources": {
            cs.source.path: {
                "sha256": cs.source.sha256, "kind": cs.source.kind, "derived": cs.source.derived,
                "chunks": len(cs.chunks), "units": len(cs.units),
            }
            for cs in chunked
        },
        "skipped": skipped,
        "counts": {"chunks": len(chunks), "units": len(units)},
    }
    return manifest


def _write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Record the checksum of every data file, write the manifest, and sync everything to disk."""
    manifest = {**manifest, "files": _data_checksums(out)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    for path in out.rglob("*"):
        if path.is_file():
            _fsync(path)


def dense_index(vectors: "np.ndarray", settings: "Settings") -> Any:
    """Exact inner-product search; above `hnsw_threshold` sentences an HNSW graph, which answers in about
    constant time at the cost of a little recall (benchmarks/scale.py measures it against exact search)."""
    import faiss

    if len(vectors) < settings.hnsw_threshold:
        index = faiss.IndexFlatIP(vectors.shape[1])
    else:
        index = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
    index.add(vectors)
    return index


def _write_glossary(out: Path, chunks: list[Chunk], terms: list[Term], study: list[StudyItem],
                    vectors: "np.ndarray") -> None:
    import numpy as np

    term_chunks = []
    for term in terms:
        pattern = name_pattern(term)
        term_chunks.append([c.id for c in chunks if pattern.search(c.text)])
    data = {"terms": [t.to_dict() for t in terms], "term_chunks": term_chunks, "study": [s.to_dict() for s in study]}
    (out / "glossary.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    np.save(out / "glossary_vectors.npy", vectors, allow_pickle=False)


def keyword_terms(chunk: Chunk) -> list[str]:
    """What the keyword index sees of a passage: its section path and its text."""
    return content_terms(f"{chunk.document} {chunk.section} {chunk.text}")


def _atomic_write_text(path: Path, text: str) -> None:
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
    _fsync(path.parent)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_leftovers(index_dir: Path) -> None:
    """Remove what a killed or failed build left (called under the build lock, before building): temporary
    generations, temporary CURRENT files, and complete generations CURRENT does not name. They could hold the
    very disk space the new build needs."""
    try:
        current = current_generation(index_dir)
    except IndexCorruptError:
        current = None  # keep every generation: none can be told to be the last good one
    for entry in index_dir.iterdir():
        if entry.is_symlink():
            continue
        if entry.name.startswith(".tmp-gen-") and entry.is_dir():
            log.info("Removing %s, left by an interrupted build.", entry.name)
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(".CURRENT.") and entry.name.endswith(".tmp"):
            entry.unlink(missing_ok=True)
        elif (current is not None and current.is_dir() and entry.name.startswith("gen-") and entry.is_dir()
              and entry != current):
            shutil.rmtree(entry, ignore_errors=True)


def _remove_old_generations(index_dir: Path, keep: str) -> None:
    for entry in index_dir.iterdir():
        if entry.is_dir() and entry.name != keep and (entry.name.startswith("gen-") or entry.name.startswith(".tmp-gen-")):
            shutil.rmtree(entry, ignore_errors=True)
