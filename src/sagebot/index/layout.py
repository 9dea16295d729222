"""The data files of one generation: how each is written from passages, units and vectors, and their SHA-256
checksums, which the manifest records and a load checks before anything is parsed. index/store.py reads them."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sagebot import __version__
from sagebot.errors import IndexCorruptError
from sagebot.ingest.chunk import CHUNKER_VERSION, UNIT_KINDS, Chunk, ChunkedSource, Unit
from sagebot.ingest.glossary import StudyItem, Term, name_pattern
from sagebot.text import content_terms

if TYPE_CHECKING:
    import numpy as np

    from sagebot.index.encoder import Encoder
    from sagebot.settings import Settings

# The files a load reads, each checked against the checksum the manifest records (and every keyword/ file).
DATA_FILES = (
    "chunks.jsonl",
    "units.npy",
    "keys.npy",
    "vectors.npy",
    "dense.faiss",
    "terms.json",
    "glossary.json",
    "glossary_vectors.npy",
    "study_pairs.json",
)
KEYWORD_DIR = "keyword"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks (never whole into memory)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def data_checksums(generation: Path) -> dict[str, str]:
    """Checksums of the data files of a generation being written, by path relative to it."""
    names = list(DATA_FILES) + sorted(
        f"{KEYWORD_DIR}/{p.name}" for p in (generation / KEYWORD_DIR).iterdir() if p.is_file()
    )
    return {name: file_sha256(generation / name) for name in names}


def verify_checksums(generation: Path, manifest: dict[str, Any], names: Iterable[str] | None = None) -> None:
    """Raise IndexCorruptError unless every data file (or the ones named) has the checksum the manifest records."""
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise IndexCorruptError(generation.parent, "the manifest records no checksums")
    expected_names = set(DATA_FILES) if names is None else set(names)
    if not expected_names <= files.keys() or (
        names is None and not any(isinstance(n, str) and n.startswith(f"{KEYWORD_DIR}/") for n in files)
    ):
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


def write_generation(
    out: Path,
    settings: Settings,
    fingerprint: dict[str, Any],
    encoder: Encoder,
    chunked: list[ChunkedSource],
    chunks: list[Chunk],
    units: list[Unit],
    keys: list[str],
    vectors: np.ndarray,
    skipped: dict[str, str],
) -> dict[str, Any]:
    """Write the data files of a generation; returns its manifest, which store.write_manifest writes last."""
    import bm25s
    import faiss
    import numpy as np

    with (out / "chunks.jsonl").open("w", encoding="utf-8") as handle:
        for chunk in chunks:
            handle.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
    table = np.array([(u.chunk, u.start, u.end, UNIT_KINDS.index(u.kind)) for u in units], dtype=np.int64).reshape(
        -1, 4
    )
    np.save(out / "units.npy", table, allow_pickle=False)
    np.save(out / "keys.npy", np.array(keys, dtype="S32"), allow_pickle=False)
    vectors = vectors[: len(units)]
    np.save(out / "vectors.npy", vectors, allow_pickle=False)
    # Written by Python rather than by faiss, so a full disk raises OSError like every other write.
    with (out / "dense.faiss").open("wb") as handle:
        handle.write(faiss.serialize_index(dense_index(vectors, settings)).data)
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
            inside = [
                [offset + i for i, (a, b) in enumerate(spans) if span[0] <= a and b <= span[1]]
                for span in (question, answer)
            ]
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
                "sha256": cs.source.sha256,
                "kind": cs.source.kind,
                "derived": cs.source.derived,
                "chunks": len(cs.chunks),
                "units": len(cs.units),
            }
            for cs in chunked
        },
        "skipped": skipped,
        "counts": {"chunks": len(chunks), "units": len(units)},
    }
    return manifest


def dense_index(vectors: np.ndarray, settings: Settings) -> Any:
    """Exact inner-product search; above `hnsw_threshold` sentences an HNSW graph, which answers in about
    constant time at the cost of a little recall (benchmarks/scale.py measures it against exact search)."""
    import faiss

    index: Any
    if len(vectors) < settings.hnsw_threshold:
        index = faiss.IndexFlatIP(vectors.shape[1])
    else:
        index = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
    index.add(vectors)
    return index


def write_glossary(
    out: Path,
    chunks: list[Chunk],
    terms: list[Term],
    study: list[StudyItem],
    vectors: np.ndarray,
    derived: bool = False,
) -> None:
    import numpy as np

    term_chunks = []
    for term in terms:
        pattern = name_pattern(term)
        term_chunks.append([c.id for c in chunks if pattern.search(c.text)])
    data = {
        "terms": [t.to_dict() for t in terms],
        "term_chunks": term_chunks,
        "study": [s.to_dict() for s in study],
        "derived": derived,  # no glossary was found: the terms come from definitional sentences
    }
    (out / "glossary.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    np.save(out / "glossary_vectors.npy", vectors, allow_pickle=False)


def keyword_terms(chunk: Chunk) -> list[str]:
    """What the keyword index sees of a passage: its section path and its text."""
    return content_terms(f"{chunk.document} {chunk.section} {chunk.text}")
