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

WIDGET_JS = r"""/* sagebot widget: an "Ask the course" button that opens the assistant in a panel. No dependencies. */
(function () {
  var script = document.currentScript;
  if (!script || window.__sagebotWidget) return;
  window.__sagebotWidget = true;
  var base = script.src.replace(/\/widget\.js(\?.*)?$/, "");
  var label = script.getAttribute("data-label") || "Ask the course";
  var theme = script.getAttribute("data-theme") ||
    (window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";
  var dark = theme === "dark";
  var css = document.createElement("style");
  css.textContent =
    ".sagebot-button{position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;border:0;border-radius:24px;" +
    "padding:12px 18px;font:600 15px system-ui,sans-serif;background:#c2410c;color:#fff;cursor:pointer;" +
    "box-shadow:0 4px 14px rgba(0,0,0,.25)}.sagebot-button:focus-visible,.sagebot-close:focus-visible" +
    "{outline:3px solid #1d4ed8;outline-offset:2px}" +
    ".sagebot-panel{position:fixed;bottom:76px;" + side + ":20px;z-index:2147483001;width:400px;height:600px;" +
    "max-width:calc(100vw - 24px);max-height:calc(100vh - 96px);border:1px solid #d4d4d8;border-radius:12px;" +
    "overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.3);background:" + (dark ? "#18181b;color:#f4f4f5" : "#fff;color:#18181b") +
    ";display:none;flex-direction:column;font:15px/1.5 system-ui,sans-serif}.sagebot-panel.open{display:flex}" +
    ".sagebot-bar{display:flex;align-items:center;justify-content:space-between;padding:0 4px 0 14px;" +
    "border-bottom:1px solid #d4d4d8;font-weight:600;min-height:44px}" +
    ".sagebot-close{border:0;background:transparent;color:inherit;font:400 26px/1 system-ui,sans-serif;" +
    "width:44px;height:44px;cursor:pointer;border-radius:8px}" +
    ".sagebot-panel iframe{flex:1;width:100%;border:0}.sagebot-note{padding:16px 18px;overflow:auto}" +
    ".sagebot-note code{font-size:.9em;word-break:break-all}" +
    "@media (max-width:480px){.sagebot-panel{top:0;left:0;right:0;bottom:0;width:100%;height:100%;" +
    "max-width:none;max-height:none;border:0;border-radius:0}}";
  document.head.appendChild(css);
  var panel = document.createElement("div");
  panel.className = "sagebot-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", label);
  var bar = document.createElement("div");
  bar.className = "sagebot-bar";
  var title = document.createElement("span");
  title.textContent = label;
  var close = document.createElement("button");
  close.type = "button";
  close.className = "sagebot-close";
  close.setAttribute("aria-label", "Close");
  close.textContent = "\u00d7";
  bar.appendChild(title);
  bar.appendChild(close);
  panel.appendChild(bar);
  var button = document.createElement("button");
  button.type = "button";
  button.className = "sagebot-button";
  button.textContent = label;
  button.setAttribute("aria-expanded", "false");
  var frame = null, body = null, state = "";
  function show(node) { if (body) panel.removeChild(body); body = node; panel.appendChild(node); }
  function note(lines, role) {
    var box = document.createElement("div");
    box.className = "sagebot-note";
    box.setAttribute("role", role || "alert");
    lines.forEach(function (line) {
      var p = document.createElement("p");
      line.forEach(function (part) {
        var el = document.createElement(part[0] === "`" ? "code" : "span");
        el.textContent = part.replace(/^`|`$/g, "");
        p.appendChild(el);
      });
      box.appendChild(p);
    });
    show(box);
  }
  function unreachable(detail) {
    state = "";
    note([["The assistant can't be reached right now", detail ? " (" + detail + ")" : "", ". Try again later."],
          ["For the course's author: check that sagebot is running at ", "`" + base + "`",
           " and that this address is right in the page's script tag."]]);
  }
  function refused() {
    state = "";
    var origin = location.origin;
    note([["The assistant is not set up to be shown on this site (" + origin + ")."],
          ["For the course's author: start sagebot with ", "`--allowed-origins " + origin + "`",
           " (or set ", "`SAGEBOT_ALLOWED_ORIGINS=" + origin + "`", ")."]]);
  }
  function load() {
    frame = document.createElement("iframe");
    frame.title = label;
    frame.src = base + "/embed/?theme=" + encodeURIComponent(theme);
    frame.setAttribute("allow", "clipboard-write");
    show(frame);
    state = "ready";
  }
  function connect() {
    state = "checking";
    note([["Connecting to the assistant\u2026"]], "status");
    var timer = setTimeout(function () { if (state === "checking") unreachable("no answer"); }, 10000);
    fetch(base + "/api/health", {mode: "cors", credentials: "omit"}).then(function (response) {
      clearTimeout(timer);
      if (response.ok) load(); else unreachable("HTTP " + response.status);
    }, function () {  // no answer, or an answer this page may not read: the origin is not allowed
      fetch(base + "/api/health", {mode: "no-cors", credentials: "omit"}).then(function () {
        clearTimeout(timer); refused();
      }, function () { clearTimeout(timer); unreachable(""); });
    });
  }
  function setOpen(open) {
    panel.classList.toggle("open", open);
    button.setAttribute("aria-expanded", String(open));
    if (open) {
      if (!state) connect();
      (frame && state === "ready" ? frame : close).focus();
    } else {
      button.focus();
    }
  }
  button.addEventListener("click", function () { setOpen(!panel.classList.contains("open")); });
  close.addEventListener("click", function () { setOpen(false); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel.classList.contains("open")) setOpen(false);
  });
  window.addEventListener("message", function (event) {  // Escape pressed inside the assistant
    if (frame && event.source === frame.contentWindow && event.data && event.data.type === "sagebot:close") {
      setOpen(false);
    }
  });
  document.body.appendChild(panel);
  document.body.appendChild(button);
})();
"""

# In the snippet's onerror: when widget.js itself cannot be loaded (a wrong address, the server down), a button
# still appears and says so. Single quotes only: it sits in a double-quoted attribute.
FALLBACK_JS = (
    "var s=this.src,b=document.createElement('button'),m=document.createElement('div');b.type='button';"
    "b.textContent='Ask the course';b.style.cssText='position:fixed;bottom:20px;right:20px;z-index:2147483000;"
    "border:0;border-radius:24px;padding:12px 18px;font:600 15px system-ui,sans-serif;background:#c2410c;color:#fff';"
    "m.setAttribute('role','alert');m.style.cssText='position:fixed;bottom:76px;right:20px;z-index:2147483000;"
    "max-width:320px;padding:12px 16px;background:#fff;color:#18181b;border:1px solid #d4d4d8;border-radius:12px;"
    "font:14px/1.4 system-ui,sans-serif;display:none';m.textContent='The assistant could not be loaded from '+s+"
    "'. For the course author: check this address and that sagebot is running.';b.onclick=function(){"
    "m.style.display=m.style.display=='none'?'block':'none'};document.body.appendChild(m);document.body.appendChild(b)"
)


def allowed_origins(configured: list[str], own_origin: str | None, local: bool = True) -> list[str]:
    """What may frame the embed view and call the API: this server, localhost on any port (unless `local` is
    off: SAGEBOT_LOCAL_ORIGINS=false), and the configured origins, which add to those."""
    origins = [*(LOCAL_ORIGINS if local else ()), *(o for o in configured if o not in LOCAL_ORIGINS)]
    if own_origin and own_origin not in origins:
        origins.insert(0, own_origin)
    return origins


def origin_regex(origins: list[str]) -> str:
    return "^(" + "|".join(re.escape(o).replace(r":\*", r":\d+") for o in origins) + ")$"


def snippet(url: str, course_origin: str = "https://course.example.org") -> str:
    base = url.rstrip("/")
    return (
        "<!-- sagebot: a floating 'Ask the course' button (recommended) -->\n"
        f'<script src="{base}/widget.js" defer onerror="{FALLBACK_JS}"></script>\n\n'
        "<!-- or: the assistant inline in the page -->\n"
        f'<iframe src="{base}/embed/" title="Ask the course" style="width:400px;height:600px;max-width:100%;'
        'border:1px solid #d4d4d8;border-radius:12px" allow="clipboard-write"></iframe>\n\n'
        "<!-- and on the sagebot server, allow the course site to embed it (localhost is always allowed):\n"
        f"     sagebot serve --allowed-origins {course_origin}\n"
        f"     or SAGEBOT_ALLOWED_ORIGINS={course_origin} -->\n"
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
        root = request.scope.get("root_path", "")
        path = request.url.path
        if path.rstrip("/").endswith("/embed") and "theme" in query and "__theme" not in query:
            theme = query["theme"] if query["theme"] in ("light", "dark", "system") else "system"
            return RedirectResponse(f"{root}/embed/?__theme={theme}", status_code=307)
        if path in ("/embed", f"{root}/embed"):  # the view lives at /embed/
            rest = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(f"{root}/embed/{rest}", status_code=307)
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
