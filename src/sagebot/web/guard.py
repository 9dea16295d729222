"""What stands between the network and the app: a request body cap and per-client rate limits on every route.

Routes fall into groups with an allowance each (the JSON API, the chat's events, pages and assets), so a page
load's dozens of asset requests do not eat into a client's questions. Plain ASGI, so the chat's streamed
events pass through untouched.
"""

from __future__ import annotations

import json
import math
import threading
import time
from typing import Any

MAX_TRACKED_CLIENTS = 10_000


class RateLimiter:
    """A token bucket per client: `burst` requests at once, refilled at `per_minute` a minute."""

    def __init__(self, per_minute: int, burst: int, clock: Any = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)
        self._lock = threading.Lock()

    def wait_needed(self, client: str) -> float:
        """0 when the request may go ahead (and is counted), else the seconds until it may."""
        now = self.clock()
        with self._lock:
            tokens, when = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                if len(self._buckets) > MAX_TRACKED_CLIENTS:
                    self._forget_rested(now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1 - tokens) / self.rate

    def _forget_rested(self, now: float) -> None:
        full = [c for c, (t, w) in self._buckets.items() if t + (now - w) * self.rate >= self.burst]
        for client in full:
            del self._buckets[client]


def relative_path(scope: dict[str, Any]) -> str:
    """The request's path below the root path (a proxy's prefix)."""
    path: str = scope["path"]
    root = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def client_of(scope: dict[str, Any]) -> str:
    """The client's address: the connection's, or X-Forwarded-For's when uvicorn was told to trust the proxy."""
    return str((scope.get("client") or ("unknown", 0))[0])


def route_group(path: str) -> str:
    """Which allowance a request draws on: "api", "events" (the chat's Gradio events) or "pages"."""
    if path.startswith("/api/"):
        return "api"
    if path.rstrip("/").endswith(("/gradio_api/queue/join", "/gradio_api/run/predict", "/gradio_api/cancel")):
        return "events"
    return "pages"


class RequestGuard:
    def __init__(self, app: Any, max_body_bytes: int, limiters: dict[str, RateLimiter]) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.limiters = limiters

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = relative_path(scope)
        limiter = self.limiters.get(route_group(path))
        if limiter is not None and scope["method"] != "OPTIONS":
            wait = limiter.wait_needed(client_of(scope))
            if wait > 0:
                seconds = max(1, math.ceil(wait))
                await reply(
                    send,
                    429,
                    f"Too many requests from your address; wait {seconds} s and retry.",
                    [(b"retry-after", str(seconds).encode())],
                )
                return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body_bytes
            except ValueError:
                await reply(send, 400, "The Content-Length header is not a number.")
                return
            if too_big:
                await reply(send, 413, self._too_big_message())
                return
        await self._capped(scope, receive, send)

    async def _capped(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Counts the body as it streams in (chunked uploads declare no length); past the cap the app is told
        the client left, its reply is dropped, and the client gets a 413."""
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> dict[str, Any]:
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            nonlocal started
            if exceeded and not started:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await reply(send, 413, self._too_big_message())

    def _too_big_message(self) -> str:
        return f"The request is larger than the {self.max_body_bytes // 1024:,} KB this server accepts."


async def reply(send: Any, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
