"""Shared fixtures. The real bundled model is loaded once per session; every test gets its own folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sagebot.assistant import Assistant
from sagebot.embed import Embedder
from sagebot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CORPUS = ROOT / "corpus"
SHIPPED_FILE = SHIPPED_CORPUS / "sagemaker-managed-service.txt"


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No SAGEBOT_* setting from the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("SAGEBOT_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real bundled model, verified and loaded once."""
    embedder = Embedder(Settings())
    embedder.model  # load now, so tests measure their own work
    return embedder


@pytest.fixture(scope="session")
def shipped_assistant(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Assistant:
    """An Assistant over a copy of the shipped corpus with a freshly built index."""
    base = tmp_path_factory.mktemp("shipped")
    shutil.copytree(SHIPPED_CORPUS, base / "corpus")
    assistant = Assistant(Settings(corpus_dir=base / "corpus", index_dir=base / "index"), embedder=embedder)
    assistant.build_index()
    return assistant


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", **overrides)
