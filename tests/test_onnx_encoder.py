"""The ONNX encoder: the same vectors as the sentence-transformers reference, a graph made once from the verified
weights and checked by its SHA-256, a question path without torch, and the encoder recorded in the index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from sagebot.errors import ModelIntegrityError
from sagebot.index import onnx_model
from sagebot.index.encoder import Encoder
from sagebot.index.store import FINGERPRINT_CHANGED, read_manifest, staleness
from sagebot.settings import BUNDLED_MODEL_SHA256, Settings

from .conftest import ROOT, SHIPPED_CORPUS

# ------------------------------------------------------------------ pure logic (fast)


def test_batches_group_like_lengths_under_a_token_budget() -> None:
    lengths = [5, 300, 7, 6, 40, 41, 256, 3]
    groups = onnx_model.batches(lengths, max_texts=3, max_tokens=128)
    assert sorted(i for g in groups for i in g) == list(range(len(lengths)))
    for group in groups:
        assert len(group) <= 3
        assert len(group) == 1 or len(group) * max(lengths[i] for i in group) <= 128
    assert [lengths[g[0]] for g in groups] == sorted(lengths[g[0]] for g in groups)  # shortest first


def test_encoder_setting_is_checked() -> None:
    assert Settings().encoder == "onnx"
    with pytest.raises(ValueError):
        Settings(encoder="tensorflow")


def test_record_of_another_export_version_is_not_trusted(tmp_path: Path) -> None:
    (tmp_path / onnx_model.RECORD_FILE).write_text(
        json.dumps({"export_version": onnx_model.EXPORT_VERSION + 1, "weights_sha256": "a", "onnx_sha256": "b"})
    )
    assert onnx_model.read_record(tmp_path) is None
    (tmp_path / onnx_model.RECORD_FILE).write_text("{not json")
    assert onnx_model.read_record(tmp_path) is None


# ------------------------------------------------------------------ with the real model (slow)


def bundled_texts() -> list[str]:
    """Everything an index of the bundled course embeds (sentences, glossary definitions, answer-key items), its
    passages whole (the long texts, cut at 256 tokens), and the dev set's questions."""
    from sagebot.index.build import corpus_texts
    from sagebot.ingest.chunk import chunk_source
    from sagebot.ingest.read import read_corpus

    settings = Settings(corpus_dir=SHIPPED_CORPUS)
    chunked = [chunk_source(s, settings.chunk_max_chars) for s in read_corpus(SHIPPED_CORPUS)]
    texts = corpus_texts(settings)
    texts += [c.text for cs in chunked for c in cs.chunks]
    texts += [json.loads(line)["q"] for line in (ROOT / "eval" / "dev.jsonl").read_text().splitlines() if line]
    return texts


@pytest.mark.slow
def test_onnx_vectors_equal_the_sentence_transformers_reference(encoder: Encoder) -> None:
    assert encoder.backend == "onnx"
    texts = bundled_texts()
    reference = Encoder(Settings(encoder="sentence-transformers"))
    expected = reference.encode(texts)
    actual = encoder.encode(texts)
    assert actual.shape == expected.shape and actual.dtype == np.float32
    cosine = (actual * expected).sum(axis=1)
    worst = int(cosine.argmin())
    assert cosine.min() >= 0.9999, (cosine.min(), texts[worst][:200])
    assert np.allclose(np.linalg.norm(actual, axis=1), 1.0, atol=1e-5)
    # One question at a time (the answering path) gives the same vectors as a batch.
    for i in range(0, len(texts), 25):
        assert float(encoder.encode_query(texts[i]) @ expected[i]) >= 0.9999


@pytest.mark.slow
def test_batches_pad_to_their_longest_text_not_to_128(encoder: Encoder) -> None:
    model = encoder.model
    short, long = model.tokenize(["What is ECR?", "word " * 600])
    assert len(short.ids) < 10  # the bundled tokenizer.json would pad it to 128
    assert len(long.ids) == model.max_tokens == 256  # cut where sentence-transformers cuts


@pytest.mark.slow
def test_many_threads_share_one_session(encoder: Encoder) -> None:
    questions = [f"What does step {i} of a training job do?" for i in range(16)]
    alone = [encoder.encode_query(q) for q in questions]
    results: dict[int, np.ndarray] = {}

    def ask(i: int) -> None:
        for _ in range(5):
            results[i] = encoder.encode_query(questions[i])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(questions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, vector in enumerate(alone):
        assert np.array_equal(results[i], vector)
    assert Encoder(Settings()).model is encoder.model  # one session per graph in a process


@pytest.mark.slow
def test_graph_is_recorded_checked_and_made_again_when_damaged(
    tmp_path: Path, encoder: Encoder, caplog: pytest.LogCaptureFixture
) -> None:
    source = encoder.cache_dir
    record = onnx_model.read_record(source)
    assert record is not None and record["weights_sha256"] == BUNDLED_MODEL_SHA256
    assert record["onnx_sha256"] == onnx_model._sha256(source / onnx_model.GRAPH_FILE)

    cache = tmp_path / "cache"
    settings = Settings(index_dir=tmp_path / "index", encoder_cache_dir=cache)
    first = Encoder(settings)
    first.encode_query("warm")  # made in this folder (copied from the graph this process already checked)
    assert onnx_model.read_record(cache)["onnx_sha256"] == record["onnx_sha256"]
    assert Encoder(settings)._recorded  # a later Encoder opens it without reading the weights

    with (cache / onnx_model.GRAPH_FILE).open("r+b") as handle:  # one flipped byte
        handle.seek(1000)
        byte = handle.read(1)
        handle.seek(1000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    damaged = Encoder(settings)
    vector = damaged.encode_query("What is ECR?")  # checked before use, found damaged, made again
    assert "does not match its recorded SHA-256" in caplog.text
    assert onnx_model._sha256(cache / onnx_model.GRAPH_FILE) == record["onnx_sha256"]
    assert np.array_equal(vector, encoder.encode_query("What is ECR?"))

    with pytest.raises(ModelIntegrityError):  # a graph never stands in for weights of another hash
        Encoder(settings.model_copy(update={"model_sha256": "0" * 64}))


@pytest.mark.slow
def test_index_records_its_encoder_and_a_change_of_encoder_makes_it_stale(shipped_assistant) -> None:
    settings = shipped_assistant.settings
    manifest = read_manifest(settings.index_dir)
    assert manifest["fingerprint"]["encoder"] == "onnx"
    sha = shipped_assistant.encoder.sha256
    assert staleness(settings, manifest, sha) is None
    other = settings.model_copy(update={"encoder": "sentence-transformers"})
    assert staleness(other, manifest, sha) == FINGERPRINT_CHANGED


@pytest.mark.slow
def test_question_path_imports_neither_torch_nor_sentence_transformers(shipped_assistant) -> None:
    settings = shipped_assistant.settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAGEBOT_")}
    env.update(
        {
            "PYTHONPATH": str(ROOT / "src"),
            "SAGEBOT_CORPUS_DIR": str(settings.corpus_dir),
            "SAGEBOT_INDEX_DIR": str(settings.index_dir),
            "HF_HUB_OFFLINE": "1",
            "SAGEBOT_ENCODER_CACHE_DIR": str(shipped_assistant.encoder.cache_dir),
        }
    )
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "sagebot",
            "ask",
            "--json",
            "Where does SageMaker keep its algorithm containers?",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["grounded"] is True
    imported = {
        line.split("|")[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "onnxruntime" in imported
    assert not imported & {"torch", "sentence_transformers", "transformers", "gradio"}, imported
