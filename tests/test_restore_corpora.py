"""eval/restore_corpora.py: the evaluation documents re-created from their repositories, blob by blob."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path
from types import ModuleType

from .conftest import ROOT


def _restore_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("restore_corpora", ROOT / "eval" / "restore_corpora.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def test_every_listed_file_is_written_from_its_blob_and_a_missing_one_is_named(tmp_path: Path) -> None:
    clone = tmp_path / "repos" / "acme+lessons"
    (clone / "episodes").mkdir(parents=True)
    (clone / "episodes" / "01-intro.md").write_text("# Intro\n\nA lesson.\n", encoding="utf-8")
    _git("init", "-q", cwd=clone)
    _git("add", ".", cwd=clone)
    _git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "lesson", cwd=clone)
    blob = _git("hash-object", "episodes/01-intro.md", cwd=clone)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "SOURCE.md").write_text(
        "# Source\n\n- Repository: https://github.com/acme/lessons\n\n| file here | path | git blob |\n|---|---|---|\n"
        f"| `episodes/01-intro.md` | `episodes/01-intro.md` | `{blob}` |\n"
        f"| `episodes/02-gone.md` | `episodes/02-gone.md` | `{'0' * 40}` |\n",
        encoding="utf-8",
    )
    missing = _restore_module().restore(corpus, tmp_path / "repos")
    assert (corpus / "episodes" / "01-intro.md").read_text(encoding="utf-8") == "# Intro\n\nA lesson.\n"
    assert missing == ["episodes/02-gone.md"]
