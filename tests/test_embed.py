"""Embedding: the widget on a course page served from another origin, a refused origin, a path prefix."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sagebot.assistant import Assistant
from sagebot.web.widget import WIDGET_JS, snippet

from .conftest import ROOT, LiveServer, free_port
from .test_browser import CHROMIUM, SCREENSHOTS

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="needs Debian chromium; scripts/test.sh installs it"
)


class StaticSite:
    """A plain static web server on 127.0.0.1 (a course site on its own origin)."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
        handler.log_message = lambda *args: None  # type: ignore[method-assign]
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def course_page(folder: Path, assistant_url: str) -> Path:
    page = (ROOT / "examples" / "course-page" / "index.html").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(page.replace("http://127.0.0.1:7860", assistant_url), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, shipped_assistant: Assistant):
    """The course site (allowed), another site (not allowed), and the assistant allowing only the course."""
    base = tmp_path_factory.mktemp("sites")
    course_dir, other_dir = base / "course", base / "other"
    course_dir.mkdir()
    other_dir.mkdir()
    course, other = StaticSite(course_dir), StaticSite(other_dir)
    assistant = Assistant(
        shipped_assistant.settings.model_copy(update={"allowed_origins": course.origin, "local_origins": False}),
        encoder=shipped_assistant.encoder,
    )
    assistant.load()
    with LiveServer(assistant) as server:
        course_page(course_dir, server.url)
        (other_dir / "index.html").write_text(
            f'<h1>Not allowed</h1><iframe id="frame" src="{server.url}/embed/"></iframe><script>'
            f'fetch("{server.url}/api/ask", {{method: "POST", headers: {{"Content-Type": "application/json"}}, '
            'body: JSON.stringify({question: "What is ECR?"})}).then(r => r.json())'
            '.then(j => window.__result = "read: " + j.answer, e => window.__result = "blocked");</script>',
            encoding="utf-8",
        )
        (other_dir / "widget.html").write_text(
            f'<h1>Another site</h1><script src="{server.url}/widget.js" defer></script>', encoding="utf-8"
        )
        (course_dir / "copied" / "widget.js").parent.mkdir()  # the script copied to a host with no assistant
        (course_dir / "copied" / "widget.js").write_text(WIDGET_JS, encoding="utf-8")
        (course_dir / "copied" / "index.html").write_text('<script src="widget.js" defer></script>', encoding="utf-8")
        (course_dir / "moved.html").write_text(  # the widget's script at an address where nothing answers
            f"<h1>Lesson</h1>{snippet(f'http://127.0.0.1:{free_port()}').split(chr(10))[1]}", encoding="utf-8"
        )
        yield {"course": course.origin, "other": other.origin, "assistant": server.url}
    course.close()
    other.close()


def open_page(browser, url: str, width: int = 1280, height: int = 860):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(url)
    return context, page


def only_local(page) -> None:
    hosts = {urlparse(u).hostname for u in page.requests if urlparse(u).scheme in ("http", "https")}
    assert hosts == {"127.0.0.1"}, hosts


def test_widget_on_a_course_page_answers_with_citations(browser, sites) -> None:
    context, page = open_page(browser, sites["course"] + "/")
    page.get_by_role("button", name="Ask the course").click()
    frame = page.frame_locator(".sagebot-panel iframe")
    frame.locator("#question textarea").fill("Where does SageMaker keep its algorithm containers?")
    frame.locator("#question textarea").press("Enter")
    frame.locator("#chat .sb-sources").first.wait_for(timeout=30000)
    page.wait_for_timeout(300)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "course-page-widget.png"))  # the answer in view, sources under it
    frame.locator("#chat a.sb-cite").first.click()
    assert "ECR" in frame.locator("#chat .sb-sources mark").first.inner_text()
    assert "Study Guide" in frame.locator("#chat .sb-sources").first.inner_text()
    frame.get_by_role("tab", name="Quiz").click()
    frame.locator("#quiz-new").wait_for()
    only_local(page)
    context.close()


def test_allowed_origin_may_call_the_api(browser, sites) -> None:
    context, page = open_page(browser, sites["course"] + "/")
    result = page.evaluate(
        """url => fetch(url + "/api/ask", {method: "POST", headers: {"Content-Type": "application/json"},
           body: JSON.stringify({question: "What is ECR?"})}).then(r => r.json()).then(j => j.grounded)""",
        sites["assistant"],
    )
    assert result is True
    context.close()


def test_other_origin_can_neither_frame_nor_call(browser, sites) -> None:
    context, page = open_page(browser, sites["other"] + "/")
    page.wait_for_function("window.__result !== undefined", timeout=20000)
    assert page.evaluate("window.__result") == "blocked"
    page.wait_for_timeout(1500)
    framed = [f for f in page.frames if f != page.main_frame]
    assert framed and all(f.query_selector("#question") is None for f in framed)
    only_local(page)
    context.close()


def test_security_headers(sites) -> None:
    with urllib.request.urlopen(sites["assistant"] + "/embed/") as response:
        policy = response.headers["Content-Security-Policy"]
    assert policy.split("; ")[0] == f"frame-ancestors 'self' {sites['course']}"
    assert "img-src 'self' data: blob:" in policy and "connect-src 'self'" in policy
    with urllib.request.urlopen(sites["assistant"] + "/widget.js") as response:
        assert response.headers["Content-Type"].startswith("application/javascript")
        body = response.read().decode()
    # Small, no dependencies, nothing fetched from elsewhere: it finds the server from its own src.
    assert len(body) < 8000 and "import " not in body and "://" not in body


def test_served_under_a_path_prefix(browser, shipped_assistant: Assistant) -> None:
    assistant = Assistant(
        shipped_assistant.settings.model_copy(update={"root_path": "/assistant"}), encoder=shipped_assistant.encoder
    )
    assistant.load()
    with LiveServer(assistant) as server:
        for url in (f"{server.url}/assistant/embed/", f"{server.url}/embed/"):  # proxy keeps or strips the prefix
            context, page = open_page(browser, url, 400, 600)
            page.locator("#question textarea").fill("What is a subnet?")
            page.locator("#question textarea").press("Enter")
            page.locator("#chat .sb-sources mark").first.wait_for(state="attached", timeout=30000)
            only_local(page)
            context.close()


def open_widget(page):
    page.get_by_role("button", name="Ask the course").click()
    return page.locator(".sagebot-panel")


def test_widget_closes_with_its_button_and_with_escape_inside(browser, sites) -> None:
    context, page = open_page(browser, sites["course"] + "/")
    panel = open_widget(page)
    frame = page.frame_locator(".sagebot-panel iframe")
    frame.locator("#question textarea").click()
    page.keyboard.press("Escape")  # inside the assistant's frame
    panel.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.className") == "sagebot-button"  # focus back on the page
    open_widget(page)
    page.get_by_role("button", name="Close").click()
    panel.wait_for(state="hidden")
    open_widget(page).wait_for()
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    context.close()


def test_widget_is_full_screen_on_a_phone_and_keeps_the_conversation(browser, sites) -> None:
    context, page = open_page(browser, sites["course"] + "/", 375, 800)
    panel = open_widget(page)
    frame = page.frame_locator(".sagebot-panel iframe")
    frame.locator("#question textarea").fill("What is a subnet?")
    frame.locator("#question textarea").press("Enter")
    frame.locator("#chat .sb-sources").first.wait_for(timeout=30000)
    assert panel.bounding_box() == {"x": 0, "y": 0, "width": 375, "height": 800}
    page.wait_for_timeout(500)
    page.goto(sites["course"] + "/")  # the next lesson page on the same site
    open_widget(page)
    page.frame_locator(".sagebot-panel iframe").locator("#chat .sb-sources").first.wait_for(timeout=30000)
    context.close()


def test_widget_on_a_site_not_allowed_says_what_to_set(browser, sites) -> None:
    context, page = open_page(browser, sites["other"] + "/widget.html")
    panel = open_widget(page)
    message = panel.get_by_role("alert")
    message.wait_for(timeout=20000)  # after "Connecting…" (a status, not an alert)
    text = message.inner_text()
    assert "not set up to be shown on this site" in text and f"--allowed-origins {sites['other']}" in text
    assert panel.locator("iframe").count() == 0
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    context.close()


def test_widget_whose_script_cannot_be_loaded_still_shows_a_button_that_says_why(browser, sites) -> None:
    context, page = open_page(browser, sites["course"] + "/moved.html")
    page.get_by_role("button", name="Ask the course").click()
    message = page.get_by_role("alert")
    message.wait_for()
    assert "could not be loaded from http://127.0.0.1:" in message.inner_text()
    context.close()


def test_widget_whose_server_does_not_answer_says_so(browser, sites) -> None:
    context, page = open_page(browser, sites["course"] + "/copied/")
    panel = open_widget(page)
    message = panel.get_by_role("alert")
    message.wait_for(timeout=20000)
    assert "can't be reached right now (HTTP 404)" in message.inner_text()
    assert "check that sagebot is running at" in message.inner_text() and panel.locator("iframe").count() == 0
    context.close()


def test_widget_works_when_the_browser_blocks_storage_in_the_frame(browser, sites) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    context.add_init_script(
        "if (window !== window.top) Object.defineProperty(window, 'localStorage', {configurable: true, "
        "get() { throw new DOMException('The operation is insecure.', 'SecurityError'); }});"
    )
    page = context.new_page()
    page.goto(sites["course"] + "/")
    open_widget(page)
    frame = page.frame_locator(".sagebot-panel iframe")
    frame.locator("#question textarea").fill("What is a subnet?", timeout=30000)
    frame.locator("#question textarea").press("Enter")
    frame.locator("#chat .sb-sources").first.wait_for(timeout=30000)
    embedded = next(f for f in page.frames if "/embed/" in f.url)
    assert embedded.evaluate("window.__sagebotStorage") == "memory"
    context.close()


def test_embed_without_the_slash_redirects(sites) -> None:
    with urllib.request.urlopen(sites["assistant"] + "/embed?theme=dark") as response:
        assert urlparse(response.url).path == "/embed/"
    with urllib.request.urlopen(sites["assistant"] + "/embed") as response:
        assert urlparse(response.url).path == "/embed/" and response.status == 200
