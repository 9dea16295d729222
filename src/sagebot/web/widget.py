"""Embedding the assistant in a course page: the snippet, the widget script, and who may embed and call.

- `/embed/` is the compact view for an iframe (chat with sources, and the quiz tab);
- `/widget.js` adds a floating "Ask the course" button that opens `/embed/` in a panel;
- every response carries `Content-Security-Policy: frame-ancestors` with the allowed origins, and `/api/*`
  answers CORS only for them (Gradio alone would echo any origin).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

LOCAL_ORIGINS = ("http://localhost:*", "http://127.0.0.1:*", "https://localhost:*", "https://127.0.0.1:*")

WIDGET_JS = r"""/* sagebot widget: adds an "Ask the course" button that opens the assistant in a panel. No dependencies. */
(function () {
  var script = document.currentScript;
  if (!script || window.__sagebotWidget) return;
  window.__sagebotWidget = true;
  var base = script.src.replace(/\/widget\.js(\?.*)?$/, "");
  var label = script.getAttribute("data-label") || "Ask the course";
  var theme = script.getAttribute("data-theme") ||
    (window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";
  var css = document.createElement("style");
  css.textContent =
    ".sagebot-button{position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;border:0;border-radius:24px;" +
    "padding:12px 18px;font:600 15px system-ui,sans-serif;background:#ea580c;color:#fff;cursor:pointer;" +
    "box-shadow:0 4px 14px rgba(0,0,0,.25)}.sagebot-button:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}" +
    ".sagebot-panel{position:fixed;bottom:76px;" + side + ":20px;z-index:2147483000;width:400px;height:600px;" +
    "max-width:calc(100vw - 24px);max-height:calc(100vh - 96px);border:1px solid #d4d4d8;border-radius:12px;" +
    "overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.3);background:#fff;display:none}" +
    ".sagebot-panel.open{display:block}.sagebot-panel iframe{width:100%;height:100%;border:0}" +
    "@media (max-width:480px){.sagebot-panel{" + side + ":12px;bottom:72px}}";
  document.head.appendChild(css);
  var panel = document.createElement("div");
  panel.className = "sagebot-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", label);
  var button = document.createElement("button");
  button.type = "button";
  button.className = "sagebot-button";
  button.textContent = label;
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("click", function () {
    var open = !panel.classList.contains("open");
    if (open && !panel.firstChild) {
      var frame = document.createElement("iframe");
      frame.title = label;
      frame.src = base + "/embed/?theme=" + encodeURIComponent(theme);
      frame.setAttribute("allow", "clipboard-write");
      panel.appendChild(frame);
    }
    panel.classList.toggle("open", open);
    button.setAttribute("aria-expanded", String(open));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel.classList.contains("open")) { panel.classList.remove("open"); button.focus(); }
  });
  document.body.appendChild(panel);
  document.body.appendChild(button);
})();
"""


def allowed_origins(configured: list[str], own_origin: str | None) -> list[str]:
    """What may frame the embed view and call the API: the configured list, else this server and localhost."""
    origins = list(configured) if configured else list(LOCAL_ORIGINS)
    if own_origin and own_origin not in origins:
        origins.insert(0, own_origin)
    return origins


def origin_regex(origins: list[str]) -> str:
    return "^(" + "|".join(re.escape(o).replace(r":\*", r":\d+") for o in origins) + ")$"


def snippet(url: str) -> str:
    base = url.rstrip("/")
    return (
        "<!-- sagebot: a floating 'Ask the course' button (recommended) -->\n"
        f'<script src="{base}/widget.js" defer></script>\n\n'
        "<!-- or: the assistant inline in the page -->\n"
        f'<iframe src="{base}/embed/" title="Ask the course" style="width:400px;height:600px;max-width:100%;'
        'border:1px solid #d4d4d8;border-radius:12px" allow="clipboard-write"></iframe>\n'
    )


def protect(app: FastAPI, origins: list[str]) -> None:
    """Frame-ancestors on every page, CORS for the allowed origins only, `?theme=` for the embed view."""
    from fastapi.responses import RedirectResponse, Response
    from starlette.middleware.cors import CORSMiddleware

    # Who may frame us; and nothing on a page loads or calls another host (an image in a learner's own question
    # would otherwise be fetched from wherever it points).
    policy = (
        "frame-ancestors 'self' " + " ".join(origins) + "; img-src 'self' data: blob:; media-src 'self' data: "
        "blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
    )

    @app.middleware("http")
    async def headers(request: Any, call_next: Any) -> Any:
        query = request.query_params
        if request.url.path.rstrip("/").endswith("/embed") and "theme" in query and "__theme" not in query:
            theme = query["theme"] if query["theme"] in ("light", "dark", "system") else "system"
            return RedirectResponse(f"{request.scope.get('root_path', '')}/embed/?__theme={theme}", status_code=307)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    app.add_middleware(
        CORSMiddleware,
        allow_origin_regex=origin_regex(origins),
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        allow_credentials=False,
        max_age=600,
    )

    @app.get("/widget.js", include_in_schema=False)
    async def widget() -> Response:
        return Response(
            WIDGET_JS, media_type="application/javascript", headers={"Cache-Control": "public, max-age=300"}
        )
