from __future__ import annotations

import errno
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
from sagebot.errors import (
    EmptyCorpusError,
    IndexBuildError,
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    ModelIntegrityError,
)
from sagebot.index.encoder import Encoder
from sagebot.index.store import current_generation, read_manifest
from sagebot.settings import Settings

from .conftest import ROOT, SHIPPED_FILE, make_settings, wait_until

TOPICS = {
    "storage.md": "# Storage\n\nBuckets hold objects. Objects have keys.\n\n## Encryption\n\nKeys from a key service encrypt buckets.\n",
    "compute.md": "# Compute\n\nInstances are virtual machines. They run in subnets.\n",
    "network.txt": "Networks\n\nA VPC is a private network. Security groups filter traffic.\n",
}


@pytest.fixture
def small(tmp_path: Path, encoder: Encoder) -> Assistant:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TOPICS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return Assistant(make_settings(tmp_path), encoder=encoder)


def test_manifest_records_what_built_the_index(small: Assistant) -> None:
    report = small.build_index()
    manifest = read_manifest(small.settings.index_dir)
    assert manifest is not None
    assert manifest["model"]["sha256"] == small.encoder.sha256
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

    before = small.encoder.texts_encoded
    (small.settings.corpus_dir / "compute.md").write_text(
        "# Compute\n\nInstances are virtual machines. They run in subnets. Spot instances are cheaper.\n",
        encoding="utf-8",
    )
    changed = small.build_index()
    # Only the new sentence is new text; everything else is reused by content hash.
    assert changed.embedded == 1 == small.encoder.texts_encoded - before
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
    fresh = Assistant(small.settings, encoder=small.encoder)
    with pytest.raises(IndexStaleError) as caught:
        fresh.load()
    message = str(caught.value)
    assert "changed: network.txt" in message and "new: extra.md" in message and "removed: storage.md" in message
    assert "Run `sagebot index`" in message


def test_other_chunk_size_makes_the_index_stale(small: Assistant) -> None:
    small.build_index()
    other = Assistant(small.settings.model_copy(update={"chunk_max_chars": 300}), encoder=small.encoder)
    with pytest.raises(IndexStaleError, match="another model, chunking setting"):
        other.load()


def test_damaged_index_is_reported(small: Assistant) -> None:
    small.build_index()
    generation = current_generation(small.settings.index_dir)
    (generation / "dense.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexCorruptError, match="sagebot index --rebuild"):
        Assistant(small.settings, encoder=small.encoder).load()
    report = small.build_index(force=True)
    assert not report.up_to_date
    Assistant(small.settings, encoder=small.encoder).load()


def test_model_hash_mismatch_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "model"
    fake.mkdir()
    (fake / "model.safetensors").write_bytes(b"not the weights")
    with pytest.raises(ModelIntegrityError, match="SHA-256"):
        Encoder(Settings(model_path=fake, model_sha256="0" * 64))


KILL_SCRIPT = textwrap.dedent("""
    import importlib, sys, time
    from pathlib import Path
    from sagebot.assistant import Assistant
    from sagebot.settings import Settings

    marker = Path(sys.argv[3])
    def stall(*args, **kwargs):
        marker.write_text("stalled")
        time.sleep(120)
    # Stall at the chosen point of the write (module.function under sagebot.index), then wait to be killed.
    module, name = sys.argv[4].split(".")
    setattr(importlib.import_module(f"sagebot.index.{module}"), name, stall)
    Assistant(Settings(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]))).build_index(force=True)
""")


@pytest.mark.parametrize(
    "stall_at", ["layout.write_generation", "layout.write_glossary", "store.fsync", "store.atomic_write_text"]
)
def test_build_killed_midway_leaves_previous_index_loadable(tmp_path: Path, encoder: Encoder, stall_at: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SHIPPED_FILE, corpus / SHIPPED_FILE.name)
    settings = make_settings(tmp_path)
    assistant = Assistant(settings, encoder=encoder)
    assistant.build_index()
    before = assistant.ask("Where does SageMaker keep its algorithm containers?").to_dict()
    generation = current_generation(settings.index_dir)

    marker = tmp_path / "stalled"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(corpus), str(settings.index_dir), str(marker), stall_at],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stderr=subprocess.PIPE,
    )
    assert wait_until(lambda: marker.exists() or proc.poll() is not None, timeout=120)
    assert proc.poll() is None, proc.stderr.read().decode()
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    assert current_generation(settings.index_dir) == generation
    kept = {"CURRENT", ".lock", "encoder", "quiz-secret"}  # the switch, the lock, the exported encoder, the quiz key
    leftovers = [p.name for p in settings.index_dir.iterdir() if p.name not in {*kept, generation.name}]
    assert leftovers, "the killed build should have left its partial work behind"
    reloaded = Assistant(settings, encoder=encoder)
    assert reloaded.ask("Where does SageMaker keep its algorithm containers?").to_dict() == before

    # The next build finishes and clears what the killed one left.
    reloaded.build_index(force=True)
    remaining = sorted(p.name for p in settings.index_dir.iterdir() if p.name not in kept - {"CURRENT", ".lock"})
    assert remaining == sorted(["CURRENT", ".lock", current_generation(settings.index_dir).name])
    json.loads((current_generation(settings.index_dir) / "manifest.json").read_text())


def damage(generation: Path, how: str) -> None:
    if how == "truncated faiss":
        path = generation / "dense.faiss"
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif how == "chunk store out of step":
        lines = (generation / "chunks.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
        (generation / "chunks.jsonl").write_text("".join(lines[:-1]), encoding="utf-8")
    elif how == "vectors out of step":
        import numpy as np

        vectors = np.load(generation / "vectors.npy")
        np.save(generation / "vectors.npy", vectors[:-2])
    elif how == "manifest from another model":
        manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
        manifest["fingerprint"]["model_sha256"] = "f" * 64
        (generation / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    elif how == "manifest not JSON":
        (generation / "manifest.json").write_text("{truncated", encoding="utf-8")
    elif how == "manifest counts out of step":
        manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
        manifest["counts"]["units"] += 1
        (generation / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize(
    ("how", "error", "fix"),
    [
        ("truncated faiss", IndexCorruptError, "sagebot index --rebuild"),
        ("chunk store out of step", IndexCorruptError, "chunks.jsonl does not match its checksum"),
        ("vectors out of step", IndexCorruptError, "vectors.npy does not match its checksum"),
        ("manifest counts out of step", IndexCorruptError, "out of step"),
        ("manifest from another model", IndexStaleError, "another model"),
        ("manifest not JSON", IndexCorruptError, "manifest unreadable"),
    ],
)
def test_damaged_index_names_the_fix_and_serve_rebuilds_it(small: Assistant, how: str, error: type, fix: str) -> None:
    small.build_index()
    damage(current_generation(small.settings.index_dir), how)
    with pytest.raises(error, match=fix) as caught:
        Assistant(small.settings, encoder=small.encoder).load()
    assert "Run `sagebot index" in str(caught.value)
    serving = Assistant(small.settings, encoder=small.encoder)
    report = serving.load_or_rebuild()  # what `sagebot serve` does at start
    assert report is not None and report.chunks > 0
    assert serving.ask("What filters traffic?").grounded


def test_two_index_runs_at_once_are_serialised(small: Assistant, tmp_path: Path) -> None:
    from sagebot.index.store import build_lock

    small.build_index()
    (small.settings.corpus_dir / "extra.md").write_text("# Extra\n\nQueues buffer messages.\n", encoding="utf-8")
    env = {
        **os.environ,
        "SAGEBOT_CORPUS_DIR": str(small.settings.corpus_dir),
        "SAGEBOT_INDEX_DIR": str(small.settings.index_dir),
    }

    def index_run(name: str) -> tuple[subprocess.Popen, Path, Path]:
        out, err = tmp_path / f"{name}.out", tmp_path / f"{name}.err"
        with out.open("w") as o, err.open("w") as e:
            return subprocess.Popen([sys.executable, "-m", "sagebot", "index"], env=env, stdout=o, stderr=e), out, err

    # While another run holds the lock, `sagebot index` says so and waits; then it builds.
    generation = current_generation(small.settings.index_dir)
    with build_lock(small.settings.index_dir):
        waiting, out, err = index_run("waiting")
        assert wait_until(lambda: "Another build" in err.read_text() or waiting.poll() is not None, timeout=120)
        assert waiting.poll() is None, err.read_text()
        assert current_generation(small.settings.index_dir) == generation
    assert waiting.wait(timeout=120) == 0, err.read_text()
    assert current_generation(small.settings.index_dir) != generation and "Indexed" in out.read_text()

    # Two runs started together: one builds, the other waits for it and finds the index up to date.
    (small.settings.corpus_dir / "extra.md").write_text(
        "# Extra\n\nQueues buffer messages. Topics fan out.\n", encoding="utf-8"
    )
    runs = [index_run("a"), index_run("b")]
    for proc, _, err in runs:
        assert proc.wait(timeout=180) == 0, err.read_text()
    outputs = [out.read_text() for _, out, _ in runs]
    assert sorted("up to date" in o for o in outputs) == [False, True], outputs
    assert Assistant(small.settings, encoder=small.encoder).ask("What fans out?").grounded


def test_running_assistant_swaps_in_an_index_built_meanwhile(
    small: Assistant, caplog: pytest.LogCaptureFixture
) -> None:
    settings = small.settings.model_copy(update={"reload_check_seconds": 0.05})
    serving = Assistant(settings, encoder=small.encoder)
    serving.build_index()
    first = serving.index.generation
    assert not serving.ask("What do message queues buffer?").grounded

    (settings.corpus_dir / "extra.md").write_text("# Queues\n\nMessage queues buffer messages.\n", encoding="utf-8")
    Assistant(settings, encoder=small.encoder).build_index()  # `sagebot index` in another process
    # A request after the next reload check is answered from the new index.
    assert wait_until(lambda: serving.ask("What do message queues buffer?").index_generation != first, timeout=30)
    answer = serving.ask("What do message queues buffer?")
    assert answer.grounded and answer.citations[0].source == "extra.md"
    assert answer.index_generation == serving.index.generation != first

    # A newer index that cannot be opened is not swapped in: the working one keeps answering.
    working = serving.index.generation
    (settings.corpus_dir / "extra.md").write_text(
        "# Queues\n\nMessage queues buffer messages. Topics fan out.\n", encoding="utf-8"
    )
    Assistant(settings, encoder=small.encoder).build_index()
    damage(current_generation(settings.index_dir), "truncated faiss")
    with caplog.at_level("WARNING", logger="sagebot"):
        # Requests go on until the next reload check has met the damaged index (or, wrongly, swapped it in).
        assert wait_until(
            lambda: (
                serving.ask("What do message queues buffer?").index_generation != working
                or "not swapped in" in caplog.text
            ),
            timeout=30,
        )
        answer = serving.ask("What do message queues buffer?")
    assert answer.grounded and answer.index_generation == working
    assert "not swapped in" in caplog.text and "damaged" in caplog.text


def test_load_follows_a_build_that_removes_the_generation_being_read(
    small: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sagebot.index import store
    from sagebot.index.build import build

    small.build_index()
    first = current_generation(small.settings.index_dir)
    original = store._load_keyword
    builds = []

    def build_meanwhile(path: Path) -> object:
        if not builds:  # halfway through reading the first generation, another build replaces it
            (small.settings.corpus_dir / "extra.md").write_text("# Extra\n\nQueues buffer.\n", encoding="utf-8")
            builds.append(build(small.settings, small.encoder))
            assert not first.exists()
        return original(path)

    monkeypatch.setattr(store, "_load_keyword", build_meanwhile)
    loaded = Assistant(small.settings, encoder=small.encoder).load()
    assert builds and loaded.generation == builds[0].generation


# ---------------------------------------------------------------- any damage, a full disk, long lines


def flip_bit(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


HARM = {
    "empty units.npy": lambda g: (g / "units.npy").write_bytes(b""),
    "empty vectors.npy": lambda g: (g / "vectors.npy").write_bytes(b""),
    "empty glossary_vectors.npy": lambda g: (g / "glossary_vectors.npy").write_bytes(b""),
    "bit flip in the header of units.npy": lambda g: flip_bit(g / "units.npy", 20),
    "bit flip in the data of units.npy": lambda g: flip_bit(g / "units.npy", -1),
    "bit flip in dense.faiss": lambda g: flip_bit(g / "dense.faiss", (g / "dense.faiss").stat().st_size // 2),
    "bit flip in vectors.npy": lambda g: flip_bit(g / "vectors.npy", -1),
    "bit flip in chunks.jsonl": lambda g: flip_bit(
        g / "chunks.jsonl", (g / "chunks.jsonl").read_bytes().index(b"Buckets")
    ),
    "bit flip in a keyword file": lambda g: flip_bit(g / "keyword" / "data.csc.index.npy", -1),
    "terms.json removed": lambda g: (g / "terms.json").unlink(),
    "non-UTF-8 CURRENT": lambda g: (g.parent / "CURRENT").write_bytes(b"gen-\xff\xfe\n"),
    "NUL in CURRENT": lambda g: (g.parent / "CURRENT").write_bytes(b"gen-\x00\n"),
}


@pytest.mark.slow
@pytest.mark.parametrize("how", list(HARM))
def test_any_damage_to_the_index_is_reported_as_damage_and_serve_rebuilds(small: Assistant, how: str) -> None:
    small.build_index()
    HARM[how](current_generation(small.settings.index_dir))
    with pytest.raises(IndexCorruptError, match="Run `sagebot index --rebuild`"):
        Assistant(small.settings, encoder=small.encoder).load()
    serving = Assistant(small.settings, encoder=small.encoder)
    report = serving.load_or_rebuild()  # what `sagebot serve` does at start
    assert report is not None and not report.up_to_date
    assert serving.ask("What filters traffic?").grounded
    # `sagebot index` finds the damage too, rather than calling the index up to date.
    HARM[how](current_generation(small.settings.index_dir))
    assert not small.build_index().up_to_date
    Assistant(small.settings, encoder=small.encoder).load()


@pytest.mark.slow
def test_manifest_records_a_checksum_of_every_data_file(small: Assistant) -> None:
    import hashlib

    from sagebot.index.layout import DATA_FILES

    small.build_index()
    generation = current_generation(small.settings.index_dir)
    files = read_manifest(small.settings.index_dir)["files"]
    on_disk = {p.relative_to(generation).as_posix() for p in generation.rglob("*") if p.is_file()}
    assert set(DATA_FILES) <= set(files) and any(name.startswith("keyword/") for name in files)
    assert set(files) == {n for n in on_disk if n != "manifest.json" and not n.startswith("texts/")}
    for name, sha in files.items():
        assert hashlib.sha256((generation / name).read_bytes()).hexdigest() == sha


@pytest.mark.slow
def test_an_index_without_checksums_is_rebuilt(small: Assistant) -> None:
    small.build_index()
    generation = current_generation(small.settings.index_dir)
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    del manifest["files"]
    manifest["fingerprint"]["format"] = 1  # what an index of the previous format looks like
    (generation / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexStaleError, match="sagebot index format"):
        Assistant(small.settings, encoder=small.encoder).load()
    report = small.build_index()
    assert not report.up_to_date and report.reused == 0  # vectors that cannot be verified are not reused
    Assistant(small.settings, encoder=small.encoder).load()


@pytest.mark.slow
def test_running_assistant_keeps_its_index_when_a_new_one_cannot_be_loaded(
    small: Assistant, caplog: pytest.LogCaptureFixture
) -> None:
    import functools

    settings = small.settings.model_copy(update={"reload_check_seconds": 0.01})
    serving = Assistant(settings, encoder=small.encoder)
    serving.build_index()
    working = serving.index.generation

    def answered_from_working(how: str, warned_at: list[float]) -> bool:
        """One request (a reload check, when one is due), answered from the working index; true once a check has
        met the damaged index and said so, and two more reload intervals have passed with requests."""
        answer = serving.ask("What filters traffic?")
        assert answer.grounded and answer.index_generation == working, how
        if "not swapped in" in caplog.text:
            warned_at.append(time.monotonic())
        return len(warned_at) >= 3 and warned_at[-1] - warned_at[0] > 2 * settings.reload_check_seconds

    (settings.corpus_dir / "extra.md").write_text("# Queues\n\nMessage queues buffer messages.\n", encoding="utf-8")
    for how in ("empty units.npy", "bit flip in dense.faiss", "non-UTF-8 CURRENT"):
        Assistant(settings, encoder=small.encoder).build_index(force=True)  # `sagebot index` elsewhere
        HARM[how](current_generation(settings.index_dir))
        caplog.clear()
        with caplog.at_level("WARNING", logger="sagebot"):  # three reload checks or more meet the damaged index
            assert wait_until(functools.partial(answered_from_working, how, []), timeout=30), how
        warnings = [r.getMessage() for r in caplog.records if "not swapped in" in r.getMessage()]
        assert len(warnings) == 1 and "damaged" in warnings[0] and working in warnings[0], (how, warnings)
    # Once a good index is built again, it is swapped in.
    Assistant(settings, encoder=small.encoder).build_index(force=True)
    assert wait_until(lambda: serving.ask("What do message queues buffer?").index_generation != working, timeout=30)
    answer = serving.ask("What do message queues buffer?")
    assert answer.grounded and answer.index_generation != working and answer.citations[0].source == "extra.md"


def disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.slow
@pytest.mark.parametrize(
    "fails", ["numpy.save", "layout.write_glossary", "store.write_manifest", "store.fsync", "store.atomic_write_text"]
)
def test_disk_full_during_a_build_keeps_the_previous_index_and_leaves_nothing_behind(
    small: Assistant, monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    import importlib

    import numpy as np

    small.build_index()
    index_dir = small.settings.index_dir
    generation = current_generation(index_dir)
    before = small.ask("What filters traffic?").to_dict()
    killed = index_dir / ".tmp-gen-killed-build"  # what a build killed midway left, holding disk space
    (killed / "keyword").mkdir(parents=True)
    (killed / "vectors.npy").write_bytes(b"\0" * 100_000)
    (small.settings.corpus_dir / "extra.md").write_text("# Extra\n\nQueues buffer messages.\n", encoding="utf-8")

    module, name = fails.split(".")  # numpy.save, or a function of sagebot.index.layout or .store
    target = np if module == "numpy" else importlib.import_module(f"sagebot.index.{module}")
    monkeypatch.setattr(target, name, disk_full)
    with pytest.raises(IndexBuildError) as caught:
        small.build_index()
    message = str(caught.value)
    assert "\n" not in message and "No space left on device" in message
    assert "The previous index is still in use" in message and "run `sagebot index` again" in message
    assert sorted(p.name for p in index_dir.iterdir()) == sorted(["CURRENT", ".lock", generation.name])
    monkeypatch.undo()
    assert Assistant(small.settings, encoder=small.encoder).load(check_corpus=False).generation == generation.name
    assert small.ask("What filters traffic?").to_dict() == before
    assert not small.build_index().up_to_date  # with space again, the next build goes through


@pytest.mark.slow
def test_serve_falls_back_to_the_last_complete_index_when_the_rebuild_fails(
    small: Assistant, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import numpy as np

    small.build_index()
    generation = current_generation(small.settings.index_dir).name
    (small.settings.corpus_dir / "extra.md").write_text("# Extra\n\nQueues buffer messages.\n", encoding="utf-8")
    monkeypatch.setattr(np, "save", disk_full)
    serving = Assistant(small.settings, encoder=small.encoder)
    with caplog.at_level("WARNING", logger="sagebot"):
        assert serving.load_or_rebuild() is None  # what `sagebot serve` does at start
    answer = serving.ask("What filters traffic?")
    assert answer.grounded and answer.index_generation == generation
    assert "No space left on device" in caplog.text and "out of date (new: extra.md)" in caplog.text

    # With no previous index there is nothing to fall back on: the build's error says so.
    shutil.rmtree(small.settings.index_dir)
    with pytest.raises(IndexBuildError, match="There is no previous index"):
        Assistant(small.settings, encoder=small.encoder).load_or_rebuild()
    assert sorted(p.name for p in small.settings.index_dir.iterdir()) == [".lock"]


@pytest.mark.slow
def test_a_long_line_without_sentence_ends_gives_short_quotes(small: Assistant) -> None:
    words = " ".join(f"token{i % 97} lorem ipsum dolor" for i in range(5000))  # ~120 KB, no full stop
    (small.settings.corpus_dir / "dump.txt").write_text(
        f"Dump\n\n{words} zebras graze quietly {words}\n", encoding="utf-8"
    )
    small.build_index()
    answer = small.ask("Where do zebras graze quietly?")
    source = (small.settings.corpus_dir / "dump.txt").read_text(encoding="utf-8")
    assert answer.grounded and len(json.dumps(answer.to_dict())) < 20_000
    for c in answer.citations:
        assert source[c.start : c.end] == c.quote and len(c.quote) <= 600


def test_a_corpus_of_headings_alone_is_refused_with_what_to_do(tmp_path: Path, encoder: Encoder) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "outline.md").write_text("# Week 1\n\n## Week 2\n", encoding="utf-8")
    with pytest.raises(EmptyCorpusError, match="Add course documents"):
        Assistant(make_settings(tmp_path), encoder=encoder).build_index()
    assert current_generation(tmp_path / "index") is None


def test_an_excluded_file_is_never_quoted_and_leaving_it_in_again_makes_the_index_stale(
    tmp_path: Path, encoder: Encoder
) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "lesson.md").write_text("# Git\n\nGit is a version control system.\n", encoding="utf-8")
    (tmp_path / "corpus" / "SOURCE.md").write_text(
        "# Source\n\nKumquats are copied from elsewhere.\n", encoding="utf-8"
    )
    assistant = Assistant(make_settings(tmp_path, exclude=("SOURCE.md",)), encoder=encoder)
    assistant.build_index()
    assert not assistant.ask("where are kumquats copied from?").grounded
    with pytest.raises(IndexStaleError, match=r"built leaving out SOURCE\.md; the exclude setting now leaves out none"):
        Assistant(make_settings(tmp_path), encoder=encoder).ask("what is git?")
    with pytest.raises(EmptyCorpusError, match=r"leaves out all 2 documents"):
        Assistant(make_settings(tmp_path, exclude=("*.md",)), encoder=encoder).build_index()
