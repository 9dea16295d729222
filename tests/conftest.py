"""Shared fixtures. The real bundled model is loaded once per session; every test gets its own folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sagebot.assistant import Assistant
from sagebot.index.encoder import Encoder
from sagebot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CORPUS = ROOT / "corpus"
SHIPPED_FILE = SHIPPED_CORPUS / "sagemaker-managed-service.txt"


CHROMIUM = "/usr/bin/chromium"  # Debian's, driven by Playwright (never `playwright install`)
SLOW_FIXTURES = {"encoder", "shipped_assistant", "live_server", "browser", "page", "sites"}
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-screenshots",
        action="store_true",
        help="after the run, copy the browser tests' screenshots into docs/screenshots/",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the real model, a server or a browser is slow, whether or not it says so."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_sessionfinish(session: pytest.Session) -> None:
    if session.config.getoption("--update-screenshots"):
        from .test_browser import SCREENSHOTS

        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for shot in sorted(SCREENSHOTS.glob("*.png")):
            shutil.copy2(shot, DOCS_SCREENSHOTS / shot.name)


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """No SAGEBOT_* setting from the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("SAGEBOT_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The real bundled model, verified and loaded once."""
    encoder = Encoder(Settings())
    encoder.encode_query("warm up")  # load now, so tests measure their own work
    return encoder


NO_CLIENT_LIMITS = {
    "rate_limit_per_minute": 0,
    "chat_events_per_minute": 0,
    "page_requests_per_minute": 0,
    "max_waiting_chats_per_client": 64,
}


@pytest.fixture(scope="session")
def shipped_assistant(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Assistant:
    """An Assistant over a copy of the shipped corpus with a freshly built index. Its server (live_server)
    has no per-client limits, so tests may ask as fast as they like; tests of the limits serve their own."""
    base = tmp_path_factory.mktemp("shipped")
    shutil.copytree(SHIPPED_CORPUS, base / "corpus")
    assistant = Assistant(
        Settings(corpus_dir=base / "corpus", index_dir=base / "index", **NO_CLIENT_LIMITS), encoder=encoder
    )
    assistant.build_index()
    return assistant


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", **overrides)


def assistant_on(tmp_path: Path, encoder: Encoder, files: dict[str, str]) -> Assistant:
    """An assistant with its index built on a small corpus: file name → text."""
    (tmp_path / "corpus").mkdir()
    for name, text in files.items():
        (tmp_path / "corpus" / name).write_text(text, encoding="utf-8")
    assistant = Assistant(make_settings(tmp_path), encoder=encoder)
    assistant.build_index()
    return assistant


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """sagebot's web app (chat + JSON API) served by uvicorn on 127.0.0.1 in a background thread."""

    def __init__(self, assistant: object) -> None:
        import threading

        import uvicorn

        from sagebot.web.app import create_app, uvicorn_config

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        app = create_app(assistant)
        self.server = uvicorn.Server(uvicorn_config(app, assistant.settings, "127.0.0.1", self.port))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        import time

        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture(scope="session")
def live_server(shipped_assistant: Assistant):
    with LiveServer(shipped_assistant) as server:
        yield server


def wait_until(predicate, timeout: float = 60.0, interval: float = 0.02) -> bool:
    """Poll predicate until it returns something true (True), or until timeout seconds have passed (False)."""
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
    return True


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, once per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
