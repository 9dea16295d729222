"""What an anonymous client may ask of the Gradio apps: a short list of routes, event payloads checked before
Gradio sees them, and a per-client share of the chat queue.

Gradio's own routes are part of the attack surface: left alone, an event payload holding file data makes
Gradio copy any server file into its cache, `/upload` takes any file from anyone, and one client can fill the
whole queue. sagebot's apps take no files, so each mounted Gradio app is wrapped by a `GradioGate` that lets
through only the routes a page and `gradio_client` use, and only payloads of text.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from sagebot.web.guard import client_of, relative_path, reply

SESSION_HASH = re.compile(r"[A-Za-z0-9_-]{1,64}")
STATIC_PREFIXES = ("/assets/", "/static/", "/svelte/")
PAGE_ROUTES = {
    "",
    "/",
    "/config",
    "/config/",
    "/theme.css",
    "/favicon.ico",
    "/robots.txt",
    "/gradio_api/info",
    "/gradio_api/info/",
}
STREAM_ROUTES = ("/gradio_api/queue/data", "/gradio_api/heartbeat/")
EVENT_ROUTES = {"/gradio_api/queue/join", "/gradio_api/run/predict", "/gradio_api/cancel"}
FILE_ROUTES = (
    "/gradio_api/upload",
    "/gradio_api/upload_progress",
    "/gradio_api/process_recording",
    "/gradio_api/stream/",
)


class PayloadError(ValueError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class ClientShare:
    """What each client holds across both pages (/ and /embed/): open event streams, and chat or quiz events
    joining, waiting or running. One object for both gates, so a client's share is the stated one."""

    def __init__(self) -> None:
        self.streams: Counter[str] = Counter()
        self.joining: Counter[str] = Counter()
        self.apps: list[Any] = []  # the Blocks whose queues hold events

    def waiting(self, client: str) -> int:
        """This client's events queued or running, plus those still being handed to a queue."""
        count = self.joining[client]
        for blocks in self.apps:
            queue = blocks._queue
            events = [e for q in queue.event_queue_per_concurrency_id.values() for e in q.queue]
            events += [e for job in queue.active_jobs if job for e in job]
            count += sum(1 for e in events if getattr(getattr(e.request, "client", None), "host", None) == client)
        return count


class GradioGate:
    """Wraps one mounted Gradio app (`blocks` is its Blocks)."""

    def __init__(
        self,
        app: Any,
        blocks: Any,
        *,
        max_event_bytes: int,
        max_history_messages: int,
        max_text_chars: int,
        max_waiting_per_client: int,
        max_streams_per_client: int,
        share: ClientShare,
    ) -> None:
        self.app = app
        self.blocks = blocks
        self.max_event_bytes = max_event_bytes
        self.max_history_messages = max_history_messages
        self.max_text_chars = max_text_chars
        self.max_waiting_per_client = max_waiting_per_client
        self.max_streams_per_client = max_streams_per_client
        self.share = share
        share.apps.append(blocks)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await reply(send, 404, "Not found.")  # no websockets: the pages use server-sent events
            return
        path = relative_path(scope)
        method = scope["method"]
        client = client_of(scope)
        if path.startswith(FILE_ROUTES):
            await reply(send, 405, "This assistant takes no files.", [(b"allow", b"")])
        elif method in ("GET", "HEAD") and (path in PAGE_ROUTES or path.startswith(STATIC_PREFIXES)):
            await self.app(scope, receive, _json_errors(send))
        elif method == "GET" and path.startswith(STREAM_ROUTES):
            await self._stream(scope, receive, send, client)
        elif method == "POST" and path.rstrip("/") in EVENT_ROUTES:
            await self._event(scope, receive, send, path.rstrip("/"), client)
        else:
            await reply(send, 404, "Not found.")

    async def _stream(self, scope: dict[str, Any], receive: Any, send: Any, client: str) -> None:
        streams = self.share.streams
        if streams[client] >= self.max_streams_per_client:
            await reply(
                send,
                429,
                "Too many open connections from your address; close some pages and retry.",
                [(b"retry-after", b"5")],
            )
            return
        streams[client] += 1
        try:
            await self.app(scope, receive, _json_errors(send))
        finally:
            streams[client] -= 1
            if not streams[client]:
                del streams[client]

    async def _event(self, scope: dict[str, Any], receive: Any, send: Any, route: str, client: str) -> None:
        try:
            body = await self._read_body(receive)
            payload = self.checked_payload(body, route)
        except PayloadError as exc:
            await reply(send, exc.status, str(exc))
            return
        data = json.dumps(payload).encode()
        headers = [(k, v) for k, v in scope.get("headers", []) if k not in (b"content-length", b"transfer-encoding")]
        headers.append((b"content-length", str(len(data)).encode()))
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": data, "more_body": False}

        joining = self.share.joining
        counted = False

        def uncount() -> None:
            nonlocal counted
            if counted:
                counted = False
                joining[client] -= 1
                if not joining[client]:
                    del joining[client]

        async def replying(message: dict[str, Any]) -> None:
            uncount()  # the event is in Gradio's queue by the time its reply starts, and counted there from then on
            await send(message)

        call = self.app({**scope, "headers": headers}, replay, _error_shape(replying))
        if route != "/gradio_api/queue/join":
            await call
            return
        waiting = self.share.waiting(client)  # checked and counted with no await between: concurrent joins see it
        if waiting >= self.max_waiting_per_client:
            call.close()
            await reply(
                send,
                429,
                f"You already have {waiting} questions waiting for an answer; wait for them before asking more.",
                [(b"retry-after", b"2")],
            )
            return
        joining[client] += 1
        counted = True
        try:
            await call
        finally:
            uncount()

    async def _read_body(self, receive: Any) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise PayloadError(400, "The request ended early.")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_event_bytes:
                raise PayloadError(
                    413, f"The request is larger than the {self.max_event_bytes // 1024:,} KB a chat event may be."
                )
            chunks.append(chunk)
            if not message.get("more_body"):
                return b"".join(chunks)

    def checked_payload(self, body: bytes, route: str) -> dict[str, Any]:
        """The event as Gradio will see it, or a PayloadError: only text, the known functions, histories cut to
        their last messages."""
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise PayloadError(400, "The request body is not JSON.") from None
        if not isinstance(payload, dict):
            raise PayloadError(400, "The request body must be a JSON object.")
        payload = self._only_text(payload)  # files refused first, whatever else is wrong
        session = payload.get("session_hash")
        if session is not None and not (isinstance(session, str) and SESSION_HASH.fullmatch(session)):
            raise PayloadError(400, "Invalid session_hash.")
        fn_index = payload.get("fn_index")
        needs_fn = route != "/gradio_api/cancel" or fn_index is not None
        if needs_fn and (type(fn_index) is not int or fn_index not in self.blocks.fns):
            raise PayloadError(400, "Unknown function: reload the page.")
        if route == "/gradio_api/run/predict" and self.blocks.fns[fn_index].queue:
            raise PayloadError(400, "This function answers through the queue (/gradio_api/queue/join).")
        if route != "/gradio_api/cancel":
            if session is None:
                raise PayloadError(400, "A session_hash is required.")
            data = payload.get("data")
            if not isinstance(data, list) or len(data) != len(self.blocks.fns[fn_index].inputs):
                raise PayloadError(400, "The event's data does not fit the function: reload the page.")
            trigger = payload.get("trigger_id")
            if trigger is not None and type(trigger) is not int:
                raise PayloadError(400, "Invalid trigger_id.")
        return payload

    def _only_text(self, value: Any, depth: int = 0) -> Any:
        if depth > 12:
            raise PayloadError(400, "The request is nested too deeply.")
        if isinstance(value, str):
            if len(value) > self.max_text_chars:
                raise PayloadError(413, f"A message in the request is over {self.max_text_chars:,} characters.")
            return value
        if isinstance(value, dict):
            meta = value.get("meta")
            if "path" in value or "url" in value or (isinstance(meta, dict) and "_type" in meta):
                raise PayloadError(400, "This assistant takes no files.")
            return {k: self._only_text(v, depth + 1) for k, v in value.items()}
        if isinstance(value, list):
            if value and all(isinstance(m, dict) and "role" in m for m in value):
                value = value[-self.max_history_messages :]  # a chat history: its last messages are enough
            return [self._only_text(v, depth + 1) for v in value]
        return value


def _json_errors(send: Any) -> Any:
    """Gradio answers some failures with a plain-text 500; a client gets the JSON error shape instead, with
    nothing of the server in it."""
    replaced = False

    async def guarded(message: dict[str, Any]) -> None:
        nonlocal replaced
        if message["type"] == "http.response.start" and message["status"] >= 500:
            content_type = dict(message.get("headers") or []).get(b"content-type", b"")
            if not content_type.startswith(b"application/json"):
                replaced = True
                await reply(send, message["status"], "Internal error; the server log has the details.")
                return
        if replaced:
            return
        await send(message)

    return guarded


def _error_shape(send: Any) -> Any:
    """An event refused by Gradio reaches the client in the JSON error shape: {"error": …}. A 500 there comes from
    a value the page would never send (validated shapes, wrong values), so it is the client's 400."""
    held: dict[str, Any] | None = None
    body = b""

    async def shaped(message: dict[str, Any]) -> None:
        nonlocal held, body
        if message["type"] == "http.response.start" and message["status"] >= 400:
            held = message
            return
        if held is None:
            await send(message)
            return
        body += message.get("body", b"")
        if message.get("more_body"):
            return
        try:
            parsed = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            parsed = None
        detail = parsed.get("error") or parsed.get("detail") if isinstance(parsed, dict) else None
        status = held["status"]
        if status == 500:
            status, detail = 400, "The event could not be processed: reload the page."
        retry = [(k, v) for k, v in held.get("headers", []) if k.lower() == b"retry-after"]
        await reply(send, status, detail if isinstance(detail, str) else "The request was refused.", retry)

    return shaped


def gate_gradio_apps(app: Any, mounted: dict[str, Any], settings: Any) -> None:
    """Wrap every Gradio app mounted on `app` (path → Blocks) in a GradioGate."""
    from starlette.routing import Mount

    share = ClientShare()
    for route in app.routes:
        if isinstance(route, Mount) and (route.path or "/") in mounted:
            route.app = GradioGate(  # type: ignore[assignment]  # an ASGI app, as Mount.app is
                route.app,
                mounted[route.path or "/"],
                max_event_bytes=settings.max_chat_event_kb * 1024,
                max_history_messages=settings.max_chat_history_messages,
                max_text_chars=settings.max_chat_message_chars,
                max_waiting_per_client=settings.max_waiting_chats_per_client,
                max_streams_per_client=settings.max_streams_per_client,
                share=share,
            )
