"""Re-create the third-party documents of eval/corpora/ from local copies of their repositories.

Each `eval/corpora/<name>/SOURCE.md` names its repository (a github.com address) and lists every file with the git
blob id it was copied from. Given a folder holding a clone (or bare mirror) of each repository, this writes every
listed file from its blob, so the copy is byte for byte the one the sets were written on:

    python eval/restore_corpora.py --repos ~/clones            # ~/clones/<owner>+<name>, <owner>/<name> or <name>
    python eval/restore_corpora.py --repos ~/clones wiki-sci   # one corpus

A file already present is rewritten. A blob none of the repositories holds is reported, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

CORPORA = Path(__file__).resolve().parent / "corpora"
_REPOSITORY = re.compile(r"github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)")
_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|.*`([0-9a-f]{40})`", re.M)


def repositories(source: str, repos: Path) -> list[Path]:
    """The local copies of the repositories a SOURCE.md names."""
    found: list[Path] = []
    for owner, name in dict.fromkeys(_REPOSITORY.findall(source)):
        name = name.removesuffix(".git")
        for candidate in (
            repos / f"{owner}+{name}" / "repo",
            repos / f"{owner}+{name}",
            repos / owner / name,
            repos / name,
        ):
            if candidate.is_dir():
                found.append(candidate)
                break
    return found


def blob(copies: list[Path], blob_id: str) -> bytes | None:
    for copy in copies:
        result = subprocess.run(["git", "-C", str(copy), "cat-file", "blob", blob_id], capture_output=True)
        if result.returncode == 0:
            return result.stdout
    return None


def restore(folder: Path, repos: Path) -> list[str]:
    """Writes the folder's listed files; returns the ones it could not find."""
    source = (folder / "SOURCE.md").read_text(encoding="utf-8")
    copies = repositories(source, repos)
    missing = []
    for path, blob_id in _ROW.findall(source):
        data = blob(copies, blob_id)
        if data is None:
            missing.append(path)
            continue
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repos", type=Path, required=True, help="folder holding a copy of each repository")
    parser.add_argument("names", nargs="*", help="corpora to restore (default: all)")
    args = parser.parse_args()
    folders = [CORPORA / n for n in args.names] if args.names else sorted(p.parent for p in CORPORA.glob("*/SOURCE.md"))
    failed = False
    for folder in folders:
        if not (folder / "SOURCE.md").is_file():
            print(
                f"{folder.name}: no SOURCE.md (the corpora are: {', '.join(sorted(p.parent.name for p in CORPORA.glob('*/SOURCE.md')))})"
            )
            failed = True
            continue
        missing = restore(folder, args.repos)
        print(
            f"{folder.name}: " + (f"{len(missing)} file(s) not found: {', '.join(missing)}" if missing else "restored")
        )
        failed = failed or bool(missing)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
