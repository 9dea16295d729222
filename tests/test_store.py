from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sagebot.assistant import Assistant
from sagebot.embed import Embedder
from sagebot.errors import IndexCorruptError, IndexMissingError, IndexStaleError, ModelIntegrityError
from sagebot.settings import Settings
from sagebot.store import current_generation, read_manifest

from .conftest import ROOT, SHIPPED_FILE, make_settings

TOPICS = {
    "storage.md": "# Storage\n\nBuckets hold objects. Objects have keys.\n\n## Encryption\n\nKeys from a key service encrypt buckets.\n",
    "compute.md": "# Compute\n\nInstances are virtual machines. They run in subnets.\n",
    "network.txt": "Networks\n\nA VPC is a private network. Security groups filter traffic.\n",
}


@pytest.fixture
def small(tmp_path: Path, embedder: Embedder) -> Assistant:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TOPICS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return Assistant(make_settings(tmp_path), embedder=embedder)


def test_manifest_records_what_built_the_index(small: Assistant) -> None:
    report = small.build_index()
    manifest = read_manifest(small.settings.index_dir)
    assert manifest is not None
    assert manifest["model"]["sha256"] == small.embedder.sha256
    assert manifest["model"]["name"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert manifest["chunking"]["max_chars"] == small.settings.chunk_max_chars
    assert manifest["sagebot_version"]
    assert set(manifest["sources"]) == set(TOPICS)
    for name, meta in manifest["sources"].items():
        import hashlib

        assert meta["sha256"] == hashlib.sha256((small.settings.corpus_dir / name).read_bytes()).hexdigest()
    assert manifest["counts"] == {"chunks": report.chunks, "units": report.units}


def test_only_changed_files_are_embedded_again(small: Assistant) -> None:
    first = small.build_index()
    assert first.embedded == first.units and first.reused == 0
    again = small.build_index()
    assert again.up_to_date and again.embedded == 0

    before = small.embedder.texts_encoded
    (small.settings.corpus_dir / "compute.md").write_text(
        "# Compute\n\nInstances are virtual machines. They run in subnets. Spot instances are cheaper.\n",
        encoding="utf-8")
    changed = small.build_index()
    # Only the new sentence is new text; everything else is reused by content hash.
    assert changed.embedded == 1 == small.embedder.texts_encoded - before
    assert changed.reused == changed.units - 1
    answer = small.ask("Which instances are cheaper?")
    assert answer.grounded and "Spot instances are cheaper." in [c.quote for c in answer.citations]


def test_missing_and_stale_index_say_what_to_run(small: Assistant) -> None:
    with pytest.raises(IndexMissingError, match="Run `sagebot index`"):
        small.load()
    small.build_index()
    (small.settings.corpus_dir / "network.txt").write_text("Networks\n\nChanged.\n", encoding="utf-8")
    (small.settings.corpus_dir / "extra.md").write_text("# Extra\n\nNew file.\n", encoding="utf-8")
    (small.settings.corpus_dir / "storage.md").unlink()
    fresh = Assistant(small.settings, embedder=small.embedder)
    with pytest.raises(IndexStaleError) as caught:
        fresh.load()
    message = str(caught.value)
    assert "changed: network.txt" in message and "new: extra.md" in message and "removed: storage.md" in message
    assert "Run `sagebot index`" in message


def test_other_chunk_size_makes_the_index_stale(small: Assistant) -> None:
    small.build_index()
    other = Assistant(small.settings.model_copy(update={"chunk_max_chars": 300}), embedder=small.embedder)
    with pytest.raises(IndexStaleError, match="another model, chunking setting"):
        other.load()


def test_damaged_index_is_reported(small: Assistant) -> None:
    small.build_index()
    generation = current_generation(small.settings.index_dir)
    (generation / "dense.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexCorruptError, match="sagebot index --rebuild"):
        Assistant(small.settings, embedder=small.embedder).load()
    report = small.build_index(force=True)
    assert not report.up_to_date
    Assistant(small.settings, embedder=small.embedder).load()


def test_model_hash_mismatch_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "model"
    fake.mkdir()
    (fake / "model.safetensors").write_bytes(b"not the weights")
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        Embedder(Settings(model_path=fake, model_sha256="0" * 64))


KILL_SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from sagebot import store
    from sagebot.assistant import Assistant
    from sagebot.settings import Settings

    marker = Path(sys.argv[3])
    def stall(*args, **kwargs):
        marker.write_text("stalled")
        time.sleep(120)
    # Stall at the chosen point of the write, then wait to be killed.
    setattr(store, sys.argv[4], stall)
    Assistant(Settings(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]))).build_index(force=True)
""")


@pytest.mark.parametrize("stall_at", ["_fsync", "_atomic_write_text"])
def test_build_killed_midway_leaves_previous_index_loadable(
    tmp_path: Path, embedder: Embedder, stall_at: str
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SHIPPED_FILE, corpus / SHIPPED_FILE.name)
    settings = make_settings(tmp_path)
    assistant = Assistant(settings, embedder=embedder)
    assistant.build_index()
    before = assistant.ask("Where does SageMaker keep its algorithm containers?").to_dict()
    generation = current_generation(settings.index_dir)

    marker = tmp_path / "stalled"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(corpus), str(settings.index_dir), str(marker), stall_at],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    assert current_generation(settings.index_dir) == generation
    leftovers = [p.name for p in settings.index_dir.iterdir() if p.name not in ("CURRENT", ".lock", generation.name)]
    assert leftovers, "the killed build should have left its partial work behind"
    reloaded = Assistant(settings, embedder=embedder)
    assert reloaded.ask("Where does SageMaker keep its algorithm containers?").to_dict() == before

    # The next build finishes and clears what the killed one left.
    reloaded.build_index(force=True)
    remaining = sorted(p.name for p in settings.index_dir.iterdir())
    assert remaining == sorted(["CURRENT", ".lock", current_generation(settings.index_dir).name])
    json.loads((current_generation(settings.index_dir) / "manifest.json").read_text())
