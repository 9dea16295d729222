"""Compose the web app (Gradio chat at /, JSON API at /api) and serve it."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from .assistant import Assistant

def create_app(assistant: "Assistant") -> "FastAPI":
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr
    from fastapi import FastAPI

    from .api import add_api
    from .web import CSS, build_ui

    app = FastAPI(title="sagebot", docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(Exception)
    async def unexpected(request: Any, exc: Exception) -> Any:  # never a traceback to a client
        from fastapi.responses import JSONResponse

        return JSONResponse({"error": "Internal error; the server log has the details."}, status_code=500)

    add_api(app, assistant)
    demo = build_ui(assistant, browser_secret(assistant.settings))
    # Beyond queue_size waiting chats Gradio refuses new ones ("queue is full") instead of queueing forever.
    demo.queue(default_concurrency_limit=assistant.settings.concurrent_chats, max_size=assistant.settings.queue_size)
    return gr.mount_gradio_app(app, demo, path="/", footer_links=[], css=CSS, show_error=False)


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

    app = create_app(assistant)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_keep_alive=5)
    server = uvicorn.Server(config)
    if on_ready is not None:
        original = server.startup

        async def startup(sockets: Any = None) -> None:
            await original(sockets=sockets)
            if server.started:
                on_ready()

        server.startup = startup  # type: ignore[method-assign]
    server.run()
