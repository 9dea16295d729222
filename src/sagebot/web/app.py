"""Compose the web app (Gradio chat at /, JSON API at /api) and serve it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sagebot.assistant import Assistant


def create_app(assistant: Assistant, own_origin: str | None = None) -> Any:
    """One FastAPI app: the full chat at /, the embed view at /embed/, /widget.js, the decks and the JSON API."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr
    from fastapi import FastAPI

    from sagebot.settings import parse_origins
    from sagebot.web.api import add_api
    from sagebot.web.chat import CSS, build_ui, theme
    from sagebot.web.gradio_gate import gate_gradio_apps
    from sagebot.web.guard import RateLimiter, RequestGuard
    from sagebot.web.page_js import PAGE_JS
    from sagebot.web.widget import allowed_origins, protect

    settings = assistant.settings
    app = FastAPI(title="sagebot", docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(Exception)
    async def unexpected(request: Any, exc: Exception) -> Any:  # never a traceback to a client
        from fastapi.responses import JSONResponse

        return JSONResponse({"error": "Internal error; the server log has the details."}, status_code=500)

    limits = {
        "api": (settings.rate_limit_per_minute, settings.rate_limit_burst),
        "events": (settings.chat_events_per_minute, settings.chat_events_burst),
        "pages": (settings.page_requests_per_minute, settings.page_requests_burst),
    }
    limiters = {group: RateLimiter(rate, burst) for group, (rate, burst) in limits.items() if rate}
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_request_kb * 1024, limiters=limiters)
    origins = allowed_origins(parse_origins(settings.allowed_origins), own_origin, settings.local_origins)
    protect(app, origins)  # outside the guard: refusals carry CORS
    add_api(app, assistant)
    add_deck_routes(app, assistant)
    cache = Path(tempfile.mkdtemp(prefix="sagebot-web-"))  # Gradio's cache: ours, and nothing is ever put in it
    app.router.on_shutdown.append(lambda: shutil.rmtree(cache, ignore_errors=True))
    mounted = {}
    for path, compact in (("/embed", True), ("/", False)):
        demo = build_ui(assistant, compact=compact)
        demo.GRADIO_CACHE = str(cache)
        demo.delete_cache = (3600, 3600)
        demo.state_session_capacity = settings.max_sessions
        # Beyond queue_size waiting chats Gradio refuses new ones ("queue is full") instead of queueing forever.
        demo.queue(default_concurrency_limit=settings.concurrent_chats, max_size=settings.queue_size)
        app = gr.mount_gradio_app(
            app, demo, path=path, footer_links=[], css=CSS, head=PAGE_JS, theme=theme(), show_error=False
        )
        mounted[path] = demo
    gate_gradio_apps(app, mounted, settings)
    return PathPrefix(app, settings.root_path) if settings.root_path else app


DECKS = {
    "sagebot-glossary-basic.csv": "text/csv",  # term, definition: Quizlet, Anki Basic
    "sagebot-glossary.csv": "text/csv",  # with aliases and sources
    "sagebot-glossary.apkg": "application/octet-stream",
}


def add_deck_routes(app: Any, assistant: Assistant) -> None:
    """The glossary decks, made from the index in use (links on the Quiz tab: relative, so /embed/ has them too)."""
    from fastapi.responses import JSONResponse, Response
    from starlette.concurrency import run_in_threadpool

    from sagebot.quiz import export

    def make(name: str) -> bytes:
        terms = assistant.index.terms
        if name.endswith("-basic.csv"):
            return export.to_basic_csv(terms).encode("utf-8")
        if name.endswith(".csv"):
            return export.to_csv(terms).encode("utf-8")
        with tempfile.TemporaryDirectory(prefix="sagebot-deck-") as folder:
            return export.to_apkg(terms, Path(folder) / name).read_bytes()

    async def deck(name: str) -> Any:
        if name not in DECKS:
            return JSONResponse({"error": "No such deck."}, status_code=404)
        body = await run_in_threadpool(make, name)
        return Response(body, media_type=DECKS[name], headers={"Content-Disposition": f'attachment; filename="{name}"'})

    for prefix in ("", "/embed"):
        app.add_api_route(prefix + "/deck/{name}", deck, methods=["GET"], include_in_schema=False)


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


def uvicorn_config(app: Any, settings: Any, host: str, port: int) -> Any:
    import uvicorn

    proxies = settings.trusted_proxies.strip()
    # X-Forwarded-For is believed only from proxies the operator names: anyone else could pick their own address.
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        timeout_keep_alive=5,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
    )


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, on_ready: Any = None) -> None:
    import uvicorn

    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    app = create_app(assistant, own_origin=f"http://{shown}:{port}")
    config = uvicorn_config(app, assistant.settings, host, port)
    server = uvicorn.Server(config)
    if on_ready is not None:
        original = server.startup

        async def startup(sockets: Any = None) -> None:
            await original(sockets=sockets)
            if server.started:
                on_ready()

        server.startup = startup  # type: ignore[method-assign]
    server.run()
