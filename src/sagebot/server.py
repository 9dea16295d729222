"""Compose the web app (Gradio chat at /, JSON API at /api) and serve it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:

    from .assistant import Assistant

def create_app(assistant: "Assistant", own_origin: str | None = None) -> Any:
    """One FastAPI app: the full chat at /, the embed view at /embed/, /widget.js and the JSON API at /api."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr
    from fastapi import FastAPI

    from .api import add_api
    from .guard import RateLimiter, RequestGuard
    from .web import CSS, build_ui
    from .widget import allowed_origins, parse_origins, protect

    settings = assistant.settings
    app = FastAPI(title="sagebot", docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(Exception)
    async def unexpected(request: Any, exc: Exception) -> Any:  # never a traceback to a client
        from fastapi.responses import JSONResponse

        return JSONResponse({"error": "Internal error; the server log has the details."}, status_code=500)

    limiter = (RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
               if settings.rate_limit_per_minute else None)
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_request_kb * 1024, limiter=limiter)
    protect(app, allowed_origins(parse_origins(settings.allowed_origins), own_origin))  # outside: refusals carry CORS
    add_api(app, assistant)
    secret = browser_secret(settings)
    for path, compact in (("/embed", True), ("/", False)):
        demo = build_ui(assistant, secret, compact=compact)
        # Beyond queue_size waiting chats Gradio refuses new ones ("queue is full") instead of queueing forever.
        demo.queue(default_concurrency_limit=settings.concurrent_chats, max_size=settings.queue_size)
        app = gr.mount_gradio_app(app, demo, path=path, footer_links=[], css=CSS, show_error=False)
    return PathPrefix(app, settings.root_path) if settings.root_path else app


class PathPrefix:
    """Serve under a path prefix (/assistant) whether or not the proxy in front strips it: pages and assets
    are addressed with the prefix, and requests work with or without it."""

    def __init__(self, app: Any, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            path = scope["path"]
            if not (path == self.prefix or path.startswith(self.prefix + "/")):
                path = self.prefix + path  # the proxy stripped the prefix; routing expects it (ASGI root_path)
            scope = {**scope, "path": path, "raw_path": path.encode(), "root_path": self.prefix}
        await self.app(scope, receive, send)


def browser_secret(settings: Any) -> str:
    """The key that seals learners' progress in their browsers; kept beside the index so it survives restarts."""
    import secrets

    if settings.browser_secret:
        return settings.browser_secret
    path = settings.index_dir / "browser-secret"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        value = secrets.token_hex(32)
        path.write_text(value, encoding="utf-8")
        path.chmod(0o600)
        return value


def serve(assistant: "Assistant", host: str = "127.0.0.1", port: int = 7860, on_ready: Any = None) -> None:
    import uvicorn

    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    app = create_app(assistant, own_origin=f"http://{shown}:{port}")
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_keep_alive=5, proxy_headers=True)
    server = uvicorn.Server(config)
    if on_ready is not None:
        original = server.startup

        async def startup(sockets: Any = None) -> None:
            await original(sockets=sockets)
            if server.started:
                on_ready()

        server.startup = startup  # type: ignore[method-assign]
    server.run()
