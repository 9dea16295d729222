"""The chat page in a real Chromium (Debian's, driven by Playwright), at phone and desktop widths."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import CHROMIUM, ROOT, LiveServer

SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"  # ignored; --update-screenshots copies them to docs/
VIEWPORTS = {"phone": (375, 800), "desktop": (1280, 800)}

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="needs Debian chromium; scripts/test.sh installs it"
)


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser, live_server: LiveServer):
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))
    page.blocked = []  # type: ignore[attr-defined]  # refused by the page's own policy: they never leave the browser
    page.on("requestfailed", lambda r: page.blocked.append(r.url) if r.failure == "csp" else None)
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.viewport_name = request.param  # type: ignore[attr-defined]
    page.goto(live_server.url + "/")
    page.wait_for_selector("#question textarea")
    yield page
    sent = [u for u in page.requests if u not in page.blocked]
    hosts = {urlparse(u).hostname for u in sent if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {"127.0.0.1"}, hosts
    context.close()


def ask(page, question: str) -> None:
    before = page.locator('[data-testid="bot"]').count()
    page.fill("#question textarea", question)
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('[data-testid=\"bot\"]').length > {before}")
    page.wait_for_function("!document.querySelector('.generating, .pending')", timeout=30000)
    page.wait_for_timeout(300)


def test_cited_answer_with_highlighted_quote(page) -> None:
    assert page.get_by_label("Your question").count() >= 1  # a labelled input
    ask(page, "Where does SageMaker keep its algorithm containers?")
    bots = page.locator('[data-testid="bot"]')
    answer = bots.nth(0).inner_text()
    assert "ECR" in answer and re.search(r"\[1\]", answer)
    sources = page.locator("#chat .sb-sources")
    sources.first.wait_for()
    assert "Study Guide" in sources.first.inner_text() or "Briefing" in sources.first.inner_text()
    highlighted = page.locator("#chat .sb-sources mark").first.inner_text()
    assert "ECR" in highlighted
    # Nothing is wider than the screen: readable on a phone without sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"chat-{page.viewport_name}.png"))


def test_refusal_offers_questions_that_can_be_clicked(page) -> None:
    ask(page, "What is the capital of France?")
    refusal = page.locator("#chat .sb-refusal").first
    refusal.wait_for()
    assert "Not in the course documents" in refusal.inner_text()
    assert page.locator("#chat .sb-sources").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"refusal-{page.viewport_name}.png"))
    option = page.get_by_role("button", name=re.compile(r"\?$")).first
    suggestion = option.inner_text().strip()
    bots_before = page.locator('[data-testid="bot"]').count()
    option.click()
    page.wait_for_function(f"document.querySelectorAll('[data-testid=\"bot\"]').length > {bots_before}")
    page.locator("#chat .sb-sources mark").first.wait_for(timeout=30000)
    assert suggestion in page.locator('[data-testid="user"]').last.inner_text()


def test_follow_up_is_answered_in_context(page) -> None:
    ask(page, "Can SageMaker use data stored in S3 buckets?")
    ask(page, "and how is it encrypted?")
    page.locator("#chat .sb-sources").nth(1).wait_for()
    last_answer = page.locator('[data-testid="bot"]').nth(-2).inner_text()
    assert "KMS" in last_answer or "encrypt" in last_answer


def test_html_and_script_in_a_question_execute_nothing(page) -> None:
    payload = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2</script> what is ECR?'
    ask(page, payload)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []
    # The chat sanitises: whatever markup survives carries no handlers and no scripts.
    assert page.locator("#chat [onerror], #chat script").count() == 0


def test_an_image_in_a_question_is_neither_shown_nor_fetched(page) -> None:
    """A learner's own Markdown image is not shown, and the page's policy stops the browser from fetching it
    (the page fixture checks that no request left for another host)."""
    ask(page, "![x](http://198.51.100.7/track.png) what is a VPC?")
    assert page.locator('[data-testid="user"]').last.is_visible()
    assert not page.locator('[data-testid="user"] img').first.is_visible()
    assert page.blocked == ["http://198.51.100.7/track.png"]


def test_new_chat_clears_the_conversation(page) -> None:
    ask(page, "What is a subnet?")
    page.get_by_role("button", name=re.compile("clear", re.I)).first.click()
    page.wait_for_function("document.querySelectorAll('[data-testid=\"bot\"]').length === 0")


def test_quiz_from_a_chat_answer_with_progress_kept_across_reload(page) -> None:
    ask(page, "How is data encrypted in SageMaker?")
    page.click("#quiz-me")
    page.locator("#quiz-choices label").first.wait_for()
    assert page.input_value("#quiz-topic textarea, #quiz-topic input") == "How is data encrypted in SageMaker?"
    page.locator("#quiz-choices label").first.click()
    page.click("#quiz-check")
    feedback = page.locator("#quiz-feedback")
    feedback.get_by_text("Reference:").wait_for()
    text = feedback.inner_text()
    assert ("Correct." in text or "Not quite." in text) and "Glossary of Key Terms" in text
    assert "Why each option" in text

    page.get_by_label("Explain the term").check()
    page.click("#quiz-new")
    page.locator("#quiz-answer textarea").wait_for()
    page.fill("#quiz-answer textarea", "it is not a service and does not do anything")
    page.click("#quiz-check")
    page.wait_for_function("document.querySelector('#quiz-progress').innerText.includes('/2')")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"quiz-{page.viewport_name}.png"), full_page=True)
    score = page.locator("#quiz-progress").inner_text()

    page.reload()
    page.wait_for_selector("#question textarea")
    page.get_by_role("tab", name="Quiz").click()
    page.wait_for_function("document.querySelector('#quiz-progress').innerText.includes('/2')")
    assert page.locator("#quiz-progress").inner_text() == score
    page.click("#quiz-reset")
    page.wait_for_function("document.querySelector('#quiz-progress').innerText.includes('No answers yet')")
