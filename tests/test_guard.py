"""The server's defences, against a real server on 127.0.0.1: body cap, rate limit, turn timeout, no traces or
folder names to clients, no file outside the app's own assets through any route."""

from __future__ import annotations

import http.client
import json
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from sagebot.assistant import Assistant
from sagebot.web.guard import RateLimiter

from .conftest import LiveServer
from .test_api import GatedAssistant, request


def variant(shipped: Assistant, **settings: Any) -> Assistant:
    assistant = Assistant(shipped.settings.model_copy(update=settings), encoder=shipped.encoder)
    assistant.load()
    return assistant


def raw(
    server: LiveServer,
    method: str,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    chunked: bool = False,
) -> tuple[int, dict[str, str], bytes]:
    """One request exactly as written: http.client neither normalises `..` nor re-encodes the path."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_rate_limiter_refills_at_the_set_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert [limiter.wait_needed("a") for _ in range(2)] == [0.0, 0.0]
    assert limiter.wait_needed("a") == pytest.approx(1.0)
    assert limiter.wait_needed("b") == 0.0  # another client has its own allowance
    now[0] = 1.0
    assert limiter.wait_needed("a") == 0.0


def test_oversized_body_is_refused_with_413(live_server: LiveServer) -> None:
    big = json.dumps({"question": "x" * (600 * 1024)}).encode()
    status, _, body = raw(live_server, "POST", "/api/ask", big, {"Content-Type": "application/json"})
    assert status == 413 and "512 KB" in json.loads(body)["error"]

    def pieces():  # no Content-Length: the cap counts the bytes as they arrive
        yield b'{"question": "'
        for _ in range(700):
            yield b"y" * 1024
        yield b'"}'

    status, _, body = raw(live_server, "POST", "/api/ask", pieces(), {"Content-Type": "application/json"}, chunked=True)
    assert status == 413 and "larger than" in json.loads(body)["error"]
    status, _, _ = raw(live_server, "POST", "/gradio_api/queue/join", big, {"Content-Type": "application/json"})
    assert status == 413
    assert request(f"{live_server.url}/api/ask", {"question": "What is a subnet?"})[0] == 200  # still serving


def test_rate_limit_per_client_on_the_api_only(shipped_assistant: Assistant) -> None:
    with LiveServer(variant(shipped_assistant, rate_limit_per_minute=6, rate_limit_burst=3)) as server:
        assert [request(f"{server.url}/api/health")[0] for _ in range(3)] == [200, 200, 200]
        status, headers, body = raw(server, "GET", "/api/health", headers={"Origin": "http://localhost:8000"})
        assert status == 429 and 1 <= int(headers["retry-after"]) <= 10
        assert "wait" in json.loads(body)["error"]
        assert headers["access-control-allow-origin"] == "http://localhost:8000"  # a course page can read why
        status, _, _ = raw(
            server, "POST", "/api/ask", json.dumps({"question": "hi"}), {"Content-Type": "application/json"}
        )
        assert status == 429
        assert raw(server, "GET", "/")[0] == 200  # the chat page is not the API


def test_a_request_that_waits_too_long_for_its_turn_gets_503(shipped_assistant: Assistant) -> None:
    gated = GatedAssistant(variant(shipped_assistant, request_timeout_seconds=1.0))
    with LiveServer(gated) as server:
        first: list[Any] = []
        holder = threading.Thread(
            target=lambda: first.append(request(f"{server.url}/api/ask", {"question": "What is a VPC?"}))
        )
        holder.start()
        assert gated.entered.wait(timeout=30)
        status, headers, body = raw(
            server, "POST", "/api/ask", json.dumps({"question": "What is KMS?"}), {"Content-Type": "application/json"}
        )
        assert status == 503 and headers["retry-after"] == "5" and "busy" in json.loads(body)["error"]
        gated.release.set()
        holder.join(timeout=60)
        assert first[0][0] == 200


class FailingAssistant(GatedAssistant):
    """The real Assistant, except that asking (and health, glossary) fails with the given error."""

    def __init__(self, real: Assistant, error: Exception) -> None:
        super().__init__(real)
        self.error = error

    def ask(self, question: str, history: Any = None) -> Any:
        raise self.error

    def health(self) -> Any:
        raise self.error

    def glossary(self) -> Any:
        raise self.error


def test_no_stack_trace_or_folder_reaches_a_client(shipped_assistant: Assistant) -> None:
    from gradio_client import Client

    from sagebot.errors import IndexCorruptError

    folder = str(shipped_assistant.settings.index_dir)
    crash = RuntimeError(f"disk error reading {folder}/gen-x/dense.faiss")
    with LiveServer(FailingAssistant(shipped_assistant, crash)) as server:
        status, body = request(f"{server.url}/api/ask", {"question": "What is a VPC?"})
        assert status == 500 and "log" in body["error"]
        assert folder not in json.dumps(body) and "Traceback" not in json.dumps(body)
        with pytest.raises(Exception) as raised:  # the chat says it failed, and nothing more
            Client(server.url, verbose=False).predict("What is a VPC?", api_name="/chat")
        assert folder not in str(raised.value) and "Traceback" not in str(raised.value)

    # An error meant for the operator names folders: clients get a 503 that points at the server log.
    unavailable = IndexCorruptError(folder, "dense.faiss: truncated")
    assert folder in str(unavailable)
    with LiveServer(FailingAssistant(shipped_assistant, unavailable)) as server:
        for path, payload in (
            ("/api/ask", {"question": "What is a VPC?"}),
            ("/api/health", None),
            ("/api/glossary", None),
        ):
            status, body = request(f"{server.url}{path}", payload)
            assert status == 503 and "server log" in body["error"], path
            assert folder not in json.dumps(body)


def file_route_attempts(settings: Any) -> list[str]:
    secret = str(settings.index_dir.resolve() / "quiz-secret")
    corpus_file = str(next(settings.corpus_dir.resolve().glob("*.txt")))
    targets = ["/etc/passwd", secret, corpus_file, str(Path(__file__).resolve().parent.parent / "pyproject.toml")]
    attempts = []
    for target in targets:
        for prefix in ("/gradio_api/file=", "/file=", "/embed/gradio_api/file=", "/gradio_api/file/"):
            attempts += [prefix + target, prefix + quote(target, safe=""), prefix + "../../../../../.." + target]
    attempts += [
        "/gradio_api/file=..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/../../../../etc/passwd",
        "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/gradio_api/static/..%2F..%2F..%2Fpyproject.toml",
        "/favicon.ico/../../../etc/passwd",
        "/gradio_api/file=/proc/self/environ",
        "/widget.js/../../etc/passwd",
        "/gradio_api/proxy=file:///etc/passwd",
        "/embed/../../../../../etc/passwd",
    ]
    return attempts


def test_no_file_outside_the_apps_assets_can_be_read(live_server: LiveServer, shipped_assistant: Assistant) -> None:
    settings = shipped_assistant.settings
    secret = shipped_assistant.quiz.key.decode()
    corpus_text = next(settings.corpus_dir.glob("*.txt")).read_text(encoding="utf-8")
    # The deck route works for what the app itself offers, and from there `..` gets nowhere.
    deck = "/deck/sagebot-glossary.csv"
    status, _, body = raw(live_server, "GET", deck)
    assert status == 200 and body.startswith(b"term,definition")
    own_folder = deck.rsplit("/", 1)[0]
    leaks = []
    attempts = file_route_attempts(settings) + [
        f"{own_folder}/../../../../etc/passwd",
        f"{own_folder}/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ]
    for path in attempts:
        status, _, body = raw(live_server, "GET", path)
        text = body.decode("utf-8", "replace")
        if status == 200 and (
            "root:x:0:0" in text
            or secret in text
            or corpus_text[:200] in text
            or "[project]" in text
            or "SAGEBOT" in text
            or "PATH=" in text
        ):
            leaks.append(path)
    assert len(attempts) > 50 and not leaks
