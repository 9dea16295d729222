"""The sentence embedding model: located, verified by hash, loaded lazily, offline."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sagebot.settings import bundled_model_path
from sagebot.errors import ModelError, ModelIntegrityError

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


class Encoder:
    """Encodes texts into L2-normalised float32 vectors. The model loads on first use."""

    def __init__(self, settings: "Settings") -> None:
        self.settings = settings
        self.model_dir = settings.resolved_model_path()
        self.sha256 = verify_model(self.model_dir, settings.expected_model_sha256())
        self._model = None
        self._encode_lock = threading.Lock()
        self.texts_encoded = 0  # counted so tests and benchmarks can see what was (re-)embedded

    @property
    def model(self):  # noqa: ANN201 - SentenceTransformer, imported lazily
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()
            transformers_logging.set_verbosity_error()

            try:
                self._model = SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)
            except Exception as exc:  # many failure types from transformers; the user needs one message
                raise ModelError(f"Could not load the model in {self.model_dir}: {exc}") from exc
        return self._model

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(
        self, texts: Sequence[str], on_step: Callable[[int], None] | None = None
    ) -> "np.ndarray":
        import numpy as np

        batch = self.settings.embed_batch_size
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Sorting by length keeps padding small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for lo in range(0, len(order), batch):
            idx = order[lo : lo + batch]
            vectors = self.model.encode(
                [texts[i] for i in idx], batch_size=batch, normalize_embeddings=True, convert_to_numpy=True
            )
            out[idx] = vectors
            self.texts_encoded += len(idx)
            if on_step:
                on_step(len(idx))
        return out

    def encode_query(self, text: str) -> "np.ndarray":
        model = self.model
        # One encode at a time: torch already spreads one over every core, and parallel ones only thrash.
        with self._encode_lock:
            self.texts_encoded += 1
            return model.encode([text], normalize_embeddings=True, convert_to_numpy=True)[0].astype("float32")
