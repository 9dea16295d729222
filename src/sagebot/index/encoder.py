"""The sentence embedding model: located, verified by hash, loaded lazily, offline.

Two ways to run the same model (Settings.encoder): "onnx" (default) runs it in onnxruntime from an ONNX graph
exported once from the verified weights (index/onnx_model.py); answering a question then imports neither torch nor
sentence-transformers. "sentence-transformers" is the reference the ONNX path is tested against.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sagebot.errors import ModelError, ModelIntegrityError
from sagebot.index import onnx_model

if TYPE_CHECKING:
    import numpy as np

    from sagebot.settings import Settings

log = logging.getLogger(__name__)

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


def weights_file(model_dir: Path) -> Path:
    for name in WEIGHT_FILES:
        if (model_dir / name).is_file():
            return model_dir / name
    raise ModelError(
        f"No model weights ({' or '.join(WEIGHT_FILES)}) in {model_dir}. "
        "Point SAGEBOT_MODEL_PATH at a sentence-transformers model folder."
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_model(model_dir: Path, expected: str | None) -> str:
    """The weights' SHA-256; raises when it differs from the expected one."""
    if not model_dir.is_dir():
        raise ModelError(f"Model folder {model_dir} does not exist. Check SAGEBOT_MODEL_PATH.")
    weights = weights_file(model_dir)
    actual = file_sha256(weights)
    if expected is None:
        log.warning("Model %s is used without a known hash to check (set SAGEBOT_MODEL_SHA256).", model_dir)
    elif actual != expected:
        raise ModelIntegrityError(weights, expected, actual)
    return actual


# One onnxruntime session per graph and thread count in a process, however many Encoders use it.
_SESSIONS: dict[tuple[str, str, int], onnx_model.OnnxModel] = {}
_SESSIONS_LOCK = threading.Lock()


def encoder_threads(settings: Settings) -> int:
    """onnxruntime intra-op threads for one encode. Default 1: a question is ~15 tokens, too small to split
    across cores with profit, and a server answers several at once (each chat worker runs its own encode on
    the shared session); batch encoding (index build) spreads whole batches over the cores instead."""
    return settings.encoder_threads or 1


TOKENIZE_SLICE = 4096  # texts tokenised at a time while encoding many


def batch_workers() -> int:
    """Batches encoded at the same time while building: one per core (at most 4)."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


class Encoder:
    """Encodes texts into L2-normalised float32 vectors. The model loads on first use; many threads may encode
    at once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model_dir = settings.resolved_model_path()
        self.backend = settings.encoder
        self.cache_dir = settings.encoder_cache_dir or settings.index_dir / "encoder"
        expected = settings.expected_model_sha256()
        self._recorded = (
            self.backend == "onnx"
            and expected is not None
            and self.model_dir.is_dir()
            and onnx_model.recorded_export(self.cache_dir, expected)
        )
        self.sha256: str
        if self._recorded and expected is not None:
            # A graph was exported here from weights with the expected hash: the weights themselves are not read
            # (nor hashed) on this path; the graph is checked against its own recorded hash when it is opened.
            self.sha256 = expected
        else:
            self.sha256 = verify_model(self.model_dir, expected)
        self._model: Any = None
        self._load_lock = threading.Lock()
        self._count_lock = threading.Lock()
        self._encode_lock = threading.Lock()  # sentence-transformers only
        self.texts_encoded = 0  # counted so tests and benchmarks can see what was (re-)embedded

    @property
    def model(self):
        if self._model is None:
            with self._load_lock:
                if self._model is None:
                    self._model = self._load_onnx() if self.backend == "onnx" else self._load_reference()
        return self._model

    def _load_onnx(self) -> onnx_model.OnnxModel:
        # The recorded graph if it still has its recorded hash; else made again (from the weights, verified first).
        graph = onnx_model.verified_graph(self.cache_dir, self.sha256) if self._recorded else None
        if graph is None:
            graph = onnx_model.ensure_graph(
                self.cache_dir,
                self.model_dir,
                self.sha256,
                lambda: verify_model(self.model_dir, self.settings.expected_model_sha256()),
            )
        return self._session(graph)

    def _session(self, graph: Path) -> onnx_model.OnnxModel:
        threads = encoder_threads(self.settings)
        key = (str(graph.resolve()), str(self.model_dir.resolve()), threads)
        with _SESSIONS_LOCK:
            if key not in _SESSIONS:
                _SESSIONS[key] = onnx_model.OnnxModel(graph, self.model_dir, threads)
            return _SESSIONS[key]

    def _load_reference(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        transformers_logging.set_verbosity_error()
        try:
            return SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)
        except Exception as exc:  # many failure types from transformers; the user needs one message
            raise ModelError(f"Could not load the model in {self.model_dir}: {exc}") from exc

    @property
    def dimension(self) -> int:
        if self.backend == "onnx":
            return self.model.dimension
        return int(self.model.get_embedding_dimension())

    def _counted(self, n: int) -> None:
        with self._count_lock:
            self.texts_encoded += n

    def encode(self, texts: Sequence[str], on_step: Callable[[int], None] | None = None) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self.backend != "onnx":
            return self._encode_reference(texts, on_step)
        model = self.model
        out = np.zeros((len(texts), model.dimension), dtype=np.float32)
        workers = batch_workers() if len(texts) > self.settings.encode_batch_size else 1
        pool = None
        if workers > 1:
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(workers, thread_name_prefix="sagebot-encode")
        try:
            # Tokenised a slice at a time (a tokenizer's Encoding is heavy: 100k of them take ~0.5 GB); inside a
            # slice, texts of like length are batched together and whole batches run on the cores side by side.
            for lo in range(0, len(texts), TOKENIZE_SLICE):
                encodings = model.tokenize(texts[lo : lo + TOKENIZE_SLICE])

                def run(idx: list[int], encodings: list = encodings, lo: int = lo) -> list[int]:
                    out[[lo + i for i in idx]] = model.embed([encodings[i] for i in idx])
                    return idx

                groups = onnx_model.batches([len(e.ids) for e in encodings], self.settings.encode_batch_size)
                done: Iterable[list[int]] = pool.map(run, groups) if pool else map(run, groups)
                for idx in done:
                    self._counted(len(idx))
                    if on_step:
                        on_step(len(idx))
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)
        return out

    def _encode_reference(self, texts: Sequence[str], on_step: Callable[[int], None] | None) -> np.ndarray:
        import numpy as np

        batch = self.settings.encode_batch_size
        # Sorting by length keeps padding small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for lo in range(0, len(order), batch):
            idx = order[lo : lo + batch]
            vectors = self.model.encode(
                [texts[i] for i in idx], batch_size=batch, normalize_embeddings=True, convert_to_numpy=True
            )
            out[idx] = vectors
            self._counted(len(idx))
            if on_step:
                on_step(len(idx))
        return out

    def encode_query(self, text: str) -> np.ndarray:
        model = self.model
        self._counted(1)
        if self.backend == "onnx":
            return model.embed(model.tokenize([text]))[0]
        # One encode at a time: torch already spreads one over every core, and parallel ones only thrash.
        with self._encode_lock:
            return model.encode([text], normalize_embeddings=True, convert_to_numpy=True)[0].astype("float32")
