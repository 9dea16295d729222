"""The sentence model as an ONNX graph run by onnxruntime, with the model's own tokenizer (`tokenizers`).

The graph is exported once on this machine from the bundled, hash-checked weights (torch is imported only then)
into a cache folder (default index/encoder/): `model.onnx` and `export.json`, which records the SHA-256 of the
weights it was made from and of the graph itself. A load checks the graph against that hash before use.
Pooling is done here: the mean of the token vectors under the attention mask, then L2 normalisation, exactly as
sentence-transformers' Pooling(mean) + Normalize modules do. Nothing here imports torch or sentence-transformers
except export().
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sagebot.errors import ModelError

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

EXPORT_VERSION = 1  # bump when export() changes what it writes
OPSET = 17
GRAPH_FILE = "model.onnx"
RECORD_FILE = "export.json"


def _sha256(path: Path) -> str:
    import hashlib

    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# Graphs this process exported or checked, by weights hash: a second cache folder gets a copy, not an export.
_KNOWN: dict[str, tuple[Path, str]] = {}


def read_record(cache_dir: Path) -> dict[str, Any] | None:
    """The export record of a cache folder, or None when there is none (or it is unreadable, or of another
    export version): the graph is then made again."""
    try:
        record = json.loads((cache_dir / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("export_version") != EXPORT_VERSION:
        return None
    if not all(isinstance(record.get(k), str) for k in ("weights_sha256", "onnx_sha256")):
        return None
    return record


def recorded_export(cache_dir: Path, weights_sha256: str) -> bool:
    """Whether cache_dir records a graph exported from weights with this hash (its own hash not yet checked)."""
    record = read_record(cache_dir)
    return record is not None and record["weights_sha256"] == weights_sha256 and (cache_dir / GRAPH_FILE).is_file()


def verified_graph(cache_dir: Path, weights_sha256: str) -> Path | None:
    """The cached graph when it was exported from these weights and still has the hash recorded at export."""
    record = read_record(cache_dir)
    graph = cache_dir / GRAPH_FILE
    if record is None or record["weights_sha256"] != weights_sha256:
        return None
    try:
        actual = _sha256(graph)
    except OSError:
        return None
    if actual != record["onnx_sha256"]:
        log.warning(
            "The encoder graph %s does not match its recorded SHA-256; it is made again from the model weights.", graph
        )
        return None
    _KNOWN.setdefault(weights_sha256, (graph, actual))
    return graph


@contextmanager
def _cache_lock(cache_dir: Path) -> Iterator[None]:
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_graph(cache_dir: Path, model_dir: Path, weights_sha256: str, verify_weights: Callable[[], str]) -> Path:
    """The verified ONNX graph of the model in cache_dir, exported (or copied from another cache folder this
    process made) when missing or damaged. `verify_weights` hashes the weights and raises unless they are the
    expected ones; it is called before any export."""
    graph = verified_graph(cache_dir, weights_sha256)
    if graph is not None:
        return graph
    with _cache_lock(cache_dir):
        graph = verified_graph(cache_dir, weights_sha256)  # another process may have made it meanwhile
        if graph is not None:
            return graph
        tmp = cache_dir / f".{GRAPH_FILE}.{os.getpid()}.tmp"
        try:
            known = _KNOWN.get(weights_sha256)
            if known is not None and known[0].is_file() and _sha256(known[0]) == known[1]:
                shutil.copyfile(known[0], tmp)
                extra = {"copied_from": str(known[0])}
            else:
                if verify_weights() != weights_sha256:
                    raise ModelError(f"The weights in {model_dir} changed while the encoder graph was made.")
                log.warning(
                    "Preparing the encoder (a one-time ONNX export of %s into %s)...", model_dir.name, cache_dir
                )
                extra = export(model_dir, tmp)
            onnx_sha = _sha256(tmp)
            os.replace(tmp, cache_dir / GRAPH_FILE)
        finally:
            tmp.unlink(missing_ok=True)
        record = {
            "export_version": EXPORT_VERSION,
            "weights_sha256": weights_sha256,
            "onnx_sha256": onnx_sha,
            "opset": OPSET,
            "model_dir": str(model_dir),
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            **extra,
        }
        tmp_record = cache_dir / f".{RECORD_FILE}.{os.getpid()}.tmp"
        tmp_record.write_text(json.dumps(record, indent=2), encoding="utf-8")
        os.replace(tmp_record, cache_dir / RECORD_FILE)
    _KNOWN[weights_sha256] = (cache_dir / GRAPH_FILE, onnx_sha)
    return cache_dir / GRAPH_FILE


def export(model_dir: Path, out: Path) -> dict[str, Any]:
    """Export the transformer of a sentence-transformers folder (weights already verified) to ONNX: inputs
    input_ids, attention_mask (and token_type_ids when the model takes them), output the token vectors."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import inspect

        import torch
        import transformers
        from transformers import AutoModel
    except ImportError as exc:
        raise ModelError(
            f"Making the encoder graph needs torch, transformers and onnx ({exc}); install them "
            "(scripts/setup.sh does), or use SAGEBOT_ENCODER=sentence-transformers."
        ) from exc
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    try:
        model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
    except Exception as exc:  # many failure types from transformers
        raise ModelError(f"Could not load the model in {model_dir} for export: {exc}") from exc
    names = ["input_ids", "attention_mask"]
    if "token_type_ids" in inspect.signature(model.forward).parameters:
        names.append("token_type_ids")

    class TokenVectors(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *inputs: Any) -> Any:
            return self.model(**dict(zip(names, inputs, strict=True))).last_hidden_state

    dummy = tuple(
        torch.ones((2, 8), dtype=torch.int64) if n == "attention_mask" else torch.zeros((2, 8), dtype=torch.int64)
        for n in names
    )
    dynamic = {n: {0: "batch", 1: "tokens"} for n in names} | {"token_vectors": {0: "batch", 1: "tokens"}}
    try:
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer notes about constant shapes: the batch and length stay dynamic
            torch.onnx.export(
                TokenVectors(),
                dummy,
                str(out),
                input_names=names,
                output_names=["token_vectors"],
                dynamic_axes=dynamic,
                opset_version=OPSET,
                do_constant_folding=True,
                dynamo=False,
            )
    except Exception as exc:
        raise ModelError(f"Could not export the model in {model_dir} to ONNX: {exc}") from exc
    return {"torch": torch.__version__, "transformers": transformers.__version__}


def pooling_settings(model_dir: Path) -> int:
    """The longest input (tokens) of a sentence-transformers folder; raises unless it pools by the mean, which
    is the only pooling done here."""
    max_tokens = 512
    try:
        config = json.loads((model_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
        max_tokens = int(config.get("max_seq_length") or max_tokens)
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:
        raise ModelError(f"Cannot read {model_dir / 'sentence_bert_config.json'}: {exc}") from exc
    pooling = model_dir / "1_Pooling" / "config.json"
    if pooling.is_file():
        modes = {
            k
            for k, v in json.loads(pooling.read_text(encoding="utf-8")).items()
            if k.startswith("pooling_mode") and v is True
        }
        if modes != {"pooling_mode_mean_tokens"}:
            raise ModelError(
                f"The model in {model_dir} pools by {', '.join(sorted(modes)) or 'nothing'}; the "
                "ONNX encoder pools by the mean only. Use SAGEBOT_ENCODER=sentence-transformers."
            )
    return max_tokens


TOKENS_PER_BATCH = 512  # measured: smaller matrices run faster per token on CPU, and hold far less memory


def batches(lengths: Sequence[int], max_texts: int, max_tokens: int = TOKENS_PER_BATCH) -> list[list[int]]:
    """Positions of texts grouped into batches of like length (little padding): at most max_texts a batch, and
    at most max_tokens once padded to its longest (a text longer than that goes alone)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    out: list[list[int]] = []
    current: list[int] = []
    for i in order:  # ascending: the text being added is the batch's longest
        if current and (len(current) >= max_texts or (len(current) + 1) * lengths[i] > max_tokens):
            out.append(current)
            current = []
        current.append(i)
    if current:
        out.append(current)
    return out


class OnnxModel:
    """One onnxruntime session and tokenizer, shared by every thread: onnxruntime's InferenceSession.run is
    thread-safe and the tokenizer is only read."""

    def __init__(self, graph: Path, model_dir: Path, threads: int) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.max_tokens = pooling_settings(model_dir)
        try:
            tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        except Exception as exc:
            raise ModelError(f"Cannot read the tokenizer {model_dir / 'tokenizer.json'}: {exc}") from exc
        # The bundled tokenizer.json pads every text to 128 tokens (a short question would cost 4x) and cuts at
        # 128: texts are tokenised unpadded and each batch is padded here to its longest text; the cut is where
        # sentence-transformers cuts (max_seq_length, 256 for MiniLM).
        self.pad_id = int((tokenizer.padding or {}).get("pad_id", 0))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=self.max_tokens)
        self.tokenizer = tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # Idle pool threads sleep instead of spinning: on a small box they would take CPU from the web server.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        except Exception as exc:
            raise ModelError(f"Cannot open the encoder graph {graph}: {exc}") from exc
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def tokenize(self, texts: Sequence[str]) -> list[Any]:
        """Each text's tokens (unpadded, cut at max_tokens)."""
        return self.tokenizer.encode_batch(list(texts))

    def embed(self, encodings: Sequence[Any]) -> np.ndarray:
        """L2-normalised vectors of tokenised texts: the mean of the token vectors under the attention mask.
        The batch is padded to its longest text."""
        import numpy as np

        width = max(len(e.ids) for e in encodings)
        ids = np.full((len(encodings), width), self.pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        types = np.zeros((len(encodings), width), dtype=np.int64)
        for row, e in enumerate(encodings):
            n = len(e.ids)
            ids[row, :n] = e.ids
            mask[row, :n] = 1
            types[row, :n] = e.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        tokens = self.session.run(None, {k: v for k, v in feeds.items() if k in self.input_names})[0]
        weights = mask.astype(np.float32)[:, :, None]
        pooled = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)
