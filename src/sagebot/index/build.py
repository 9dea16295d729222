"""The build pipeline: corpus files -> passages, sentence units and glossary -> vectors -> a new generation.

Under the build lock: remove what killed builds left, list (and hash) the corpus once, stop when the current
generation is intact and up to date, read and chunk the files, reuse the previous generation's vectors by
content hash and encode the rest, write `.tmp-gen-<stamp>/` (manifest last), rename it, switch CURRENT, and
remove older generations. index/layout.py writes the data files; index/store.py the manifest, syncs and CURRENT.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sagebot.errors import EmptyCorpusError, IndexBuildError, IndexCorruptError
from sagebot.index import layout, store
from sagebot.index.layout import verify_checksums
from sagebot.ingest.chunk import ChunkedSource, Unit, chunk_source, text_key
from sagebot.ingest.glossary import StudyItem, Term, course_glossary, study_items
from sagebot.ingest.read import SourceText, discover, read_corpus, read_source
from sagebot.ingest.summary import DocumentSummary, summarise

if TYPE_CHECKING:
    import numpy as np

    from sagebot.index.encoder import Encoder
    from sagebot.settings import Settings

log = logging.getLogger(__name__)


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
    documents: list[DocumentSummary] = field(default_factory=list)  # what was read from each file
    terms: int = 0  # glossary terms
    glossary_derived: bool = False  # no glossary found: terms taken from definitional sentences


def build(
    settings: Settings,
    encoder: Encoder,
    force: bool = False,
    on_step: Callable[[str, int, int], None] | None = None,
) -> BuildReport:
    """Build (or bring up to date) the index. Unchanged text is not embedded again.

    A write that fails (disk full, no permission) removes what it wrote and raises IndexBuildError; the
    previous index stays in use."""
    try:
        with store.build_lock(settings.index_dir):
            return _build_locked(settings, encoder, force, on_step)
    except OSError as exc:  # the index folder or its lock file cannot be created or written
        raise _build_error(settings.index_dir, exc) from exc


def _build_error(index_dir: Path, exc: OSError) -> IndexBuildError:
    detail = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename:
        detail += f": {Path(str(exc.filename)).name}"
    try:
        previous_kept = store.current_generation(index_dir) is not None
    except IndexCorruptError:
        previous_kept = False
    return IndexBuildError(index_dir, " ".join(detail.split()), previous_kept)


def _build_locked(
    settings: Settings,
    encoder: Encoder,
    force: bool,
    on_step: Callable[[str, int, int], None] | None,
) -> BuildReport:
    import numpy as np

    index_dir = settings.index_dir
    fingerprint = store.settings_fingerprint(settings, encoder.sha256)
    _remove_leftovers(index_dir)
    try:
        previous = store.read_manifest(index_dir)
    except IndexCorruptError as exc:
        log.warning("%s Building a fresh one.", exc)
        previous = None
    files = discover(
        settings.corpus_dir, settings.max_file_bytes, settings.exclude
    )  # hashed once: staleness is given the list
    if (
        previous
        and not force
        and store.staleness(settings, previous, encoder.sha256, files) is None
        and (previous_generation := store.current_generation(index_dir)) is not None
        and _intact(previous_generation, previous)
    ):
        counts = previous["counts"]
        kept = previous.get("documents")
        documents = [s for d in kept if (s := DocumentSummary.from_dict(d))] if isinstance(kept, list) else []
        kept_glossary = previous.get("glossary")
        glossary_info: dict[str, Any] = kept_glossary if isinstance(kept_glossary, dict) else {}
        return BuildReport(
            previous_generation.name,
            len(previous["sources"]),
            counts["chunks"],
            counts["units"],
            0,
            0,
            sorted(previous.get("skipped", {})),
            up_to_date=True,
            documents=documents,
            terms=int(glossary_info.get("terms", 0)),
            glossary_derived=bool(glossary_info.get("derived", False)),
        )

    sources: list[SourceText] = []
    skipped: dict[str, str] = {}
    for f in files:
        source = read_source(f)
        if source is None:
            skipped[f.path] = f.sha256
        else:
            sources.append(source)
    if not sources:
        left_out = len(discover(settings.corpus_dir, settings.max_file_bytes)) if settings.exclude else 0
        raise EmptyCorpusError(settings.corpus_dir, left_out, settings.exclude)

    chunked: list[ChunkedSource] = []
    for source in sources:
        first_id = sum(len(c.chunks) for c in chunked)
        chunked.append(chunk_source(source, settings.chunk_max_chars, first_id))
    chunks = [c for cs in chunked for c in cs.chunks]
    units = [u for cs in chunked for u in cs.units]
    if not units:  # headings alone, or only what is never quoted: nothing to search or answer with
        raise EmptyCorpusError(settings.corpus_dir)
    glossary = course_glossary(chunked)
    terms = glossary.terms
    study = study_items(chunked)
    documents = summarise(chunked, glossary, sorted(skipped))

    texts = texts_to_encode(units, terms, study)
    reusable = {} if force else _previous_vectors(index_dir, previous, fingerprint)
    keys = [text_key(text) for text in texts]
    missing = [i for i, k in enumerate(keys) if k not in reusable]
    if on_step:
        on_step("encode", 0, len(missing))
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if on_step:
            on_step("encode", done, len(missing))

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
        manifest = layout.write_generation(
            tmp, settings, fingerprint, encoder, chunked, chunks, units, keys, vectors, skipped
        )
        layout.write_glossary(tmp, chunks, terms, study, vectors[len(units) :], glossary.derived)
        manifest["documents"] = [d.to_dict() for d in documents]
        manifest["glossary"] = {"terms": len(terms), "derived": glossary.derived}
        manifest["exclude"] = list(settings.exclude)
        store.write_manifest(tmp, manifest)
        os.replace(tmp, final)
        store.fsync(index_dir)
        store.atomic_write_text(index_dir / "CURRENT", name + "\n")
    except OSError as exc:  # disk full, I/O error: leave no partial generation behind to keep the disk full
        error = _build_error(index_dir, exc)
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            switched = store.current_generation(index_dir) == final
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
    return BuildReport(
        name,
        len(sources),
        len(chunks),
        len(units),
        len(missing),
        len(texts) - len(missing),
        sorted(skipped),
        documents=documents,
        terms=len(terms),
        glossary_derived=glossary.derived,
    )


def texts_to_encode(units: list[Unit], terms: list[Term], study: list[StudyItem]) -> list[str]:
    """What a build encodes, in the order the vectors are stored: sentences, then glossary definitions and
    answer-key items (compared with learners' quiz answers)."""
    return [u.encode_text for u in units] + [t.definition for t in terms] + [s.answer for s in study]


def corpus_texts(settings: Settings) -> list[str]:
    """The texts a build of the corpus folder encodes, without building (for benchmarks and tests)."""
    chunked = [
        chunk_source(s, settings.chunk_max_chars)
        for s in read_corpus(settings.corpus_dir, settings.max_file_bytes, settings.exclude)
    ]
    units = [u for cs in chunked for u in cs.units]
    return texts_to_encode(units, course_glossary(chunked).terms, study_items(chunked))


def _intact(generation: Path, manifest: dict[str, Any]) -> bool:
    try:
        verify_checksums(generation, manifest)
    except IndexCorruptError as exc:
        log.warning("%s Building a fresh one.", str(exc).split(" Run ")[0])
        return False
    return True


def _previous_vectors(
    index_dir: Path, previous: dict[str, Any] | None, fingerprint: dict[str, Any]
) -> dict[str, np.ndarray]:
    import numpy as np

    built_with = previous.get("fingerprint") if previous else None
    if (
        previous is None
        or not isinstance(built_with, dict)
        or any(built_with.get(k) != fingerprint.get(k) for k in ("model_sha256", "encoder"))
    ):
        return {}
    names = ("keys.npy", "vectors.npy", "glossary_vectors.npy")
    try:
        generation = store.current_generation(index_dir)
        if generation is None:
            return {}
        verify_checksums(generation, previous, names)  # a damaged vector must not be carried into the new index
        keys = np.load(generation / "keys.npy", allow_pickle=False)
        vectors = np.concatenate([np.load(generation / name, allow_pickle=False) for name in names[1:]])
        if len(keys) != len(vectors):
            return {}
    except Exception as exc:  # nothing to reuse: everything is embedded again
        log.info("Not reusing the previous index's vectors: %s", exc)
        return {}
    return {k.decode("ascii"): vectors[i] for i, k in enumerate(keys)}


def _remove_leftovers(index_dir: Path) -> None:
    """Remove what a killed or failed build left (called under the build lock, before building): temporary
    generations, temporary CURRENT files, and complete generations CURRENT does not name. They could hold the
    very disk space the new build needs."""
    try:
        current = store.current_generation(index_dir)
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
        elif (
            current is not None
            and current.is_dir()
            and entry.name.startswith("gen-")
            and entry.is_dir()
            and entry != current
        ):
            shutil.rmtree(entry, ignore_errors=True)


def _remove_old_generations(index_dir: Path, keep: str) -> None:
    for entry in index_dir.iterdir():
        if (
            entry.is_dir()
            and entry.name != keep
            and (entry.name.startswith("gen-") or entry.name.startswith(".tmp-gen-"))
        ):
            shutil.rmtree(entry, ignore_errors=True)
