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


ANSWER_TOP = """() => {
  const bots = document.querySelectorAll('#chat [data-testid="bot"]');
  const answer = bots[bots.length - 1].querySelector('.sb-answer').getBoundingClientRect();
  const log = document.querySelector('#chat [role="log"]').getBoundingClientRect();
  return {top: answer.top, logTop: log.top, logBottom: log.bottom, height: window.innerHeight};
}"""


def answer_top_in_view(page) -> bool:
    box = page.evaluate(ANSWER_TOP)
    return box["logTop"] - 1 <= box["top"] <= min(box["logBottom"], box["height"]) - 40 and box["top"] >= 0


def test_cited_answer_with_highlighted_quote(page) -> None:
    assert page.get_by_label("Your question").count() >= 1  # a labelled input
    ask(page, "Where does SageMaker keep its algorithm containers?")
    bot = page.locator('[data-testid="bot"]').last
    answer = bot.locator(".sb-answer").inner_text()
    assert "ECR" in answer and re.search(r"\[1\]", answer)
    assert answer_top_in_view(page)
    card = bot.locator("details.sb-card").first
    assert card.get_attribute("open") is None  # sources start collapsed, under the answer
    assert "Study Guide" in card.locator("summary").inner_text() or "Briefing" in card.locator("summary").inner_text()
    assert not re.search(r"score|\d+–\d+|\.txt", bot.inner_text())  # scores and offsets stay in the API
    bot.locator("a.sb-cite").first.click()
    assert card.get_attribute("open") is not None
    assert "ECR" in card.locator("mark").inner_text() and card.locator("mark").is_visible()
    # Nothing is wider than the screen: readable on a phone without sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_answer_first_and_in_view_with_sources_collapsed(page) -> None:
    """After each answer its top is in view (also when the learner had scrolled up), focus is back in the
    question box, and the collapsed sources are smaller than the answer."""
    for question in ("What does SageMaker do for me?", "How is data encrypted in SageMaker?", "What is a subnet?"):
        page.evaluate("document.querySelector('#chat [role=\"log\"]').scrollTop = 0")
        ask(page, question)
        assert answer_top_in_view(page), (question, page.evaluate(ANSWER_TOP))
        page.wait_for_function("document.activeElement === document.querySelector('#question textarea')", timeout=5000)
    bot = page.locator('[data-testid="bot"]').last
    heights = bot.evaluate(
        "b => [b.querySelector('.sb-answer').offsetHeight, (b.querySelector('.sb-sources') || {offsetHeight: 0}).offsetHeight]"
    )
    assert heights[1] < 2 * heights[0] + 200, heights
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"chat-{page.viewport_name}.png"))


def test_citation_marker_opens_and_shows_its_card(page) -> None:
    ask(page, "What is a security group?")
    bot = page.locator('[data-testid="bot"]').last
    markers = bot.locator("a.sb-cite")
    assert markers.count() >= 2
    markers.nth(1).click()
    card = bot.locator("details.sb-card").nth(1)
    assert card.get_attribute("open") is not None and bot.locator("details.sb-card").first.get_attribute("open") is None
    assert card.locator("summary").inner_text().startswith("[2]")
    box = card.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    assert card.locator("mark").is_visible()


def test_copy_gives_plain_text_with_numbered_sources(page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    ask(page, "What is a security group?")
    page.locator('#chat button[aria-label="Copy message"]').last.click()
    page.wait_for_timeout(200)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert (
        copied.startswith("Security Group") and "[1]" in copied and "\nSources:\n[1] " in copied and "\n[2] " in copied
    )
    assert not re.search(r"[<>*\\]|sb-|&[a-z]+;", copied), copied  # no markup, no escapes
    page.locator('#chat button[aria-label="Copy conversation"]').click()
    page.wait_for_timeout(200)
    everything = page.evaluate("navigator.clipboard.readText()")
    assert everything.startswith("You: What is a security group?") and "Assistant: Security Group" in everything
    assert "<div" not in everything


def test_refusal_offers_questions_that_can_be_clicked(page) -> None:
    ask(page, "What is the capital of France?")
    refusal = page.locator("#chat .sb-refusal").first
    refusal.wait_for()
    assert "Not in the course documents" in refusal.inner_text()
    assert refusal.locator("li").count() >= 1  # the suggestions stay readable in the message itself
    assert page.locator("#chat .sb-sources").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"refusal-{page.viewport_name}.png"))
    option = page.get_by_role("button", name=re.compile(r"\?$")).first
    suggestion = option.inner_text().strip()
    bots_before = page.locator('[data-testid="bot"]').count()
    option.click()
    page.wait_for_function(f"document.querySelectorAll('[data-testid=\"bot\"]').length > {bots_before}")
    page.locator("#chat .sb-sources mark").first.wait_for(state="attached", timeout=30000)
    assert suggestion in page.locator('[data-testid="user"]').last.inner_text()


def test_follow_up_is_answered_in_context(page) -> None:
    ask(page, "Can SageMaker use data stored in S3 buckets?")
    ask(page, "and how is it encrypted?")
    page.locator("#chat .sb-sources").nth(1).wait_for()
    last_answer = page.locator('[data-testid="bot"]').last.locator(".sb-answer").inner_text()
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


def test_conversation_survives_a_reload_and_new_chat_clears_it(page) -> None:
    ask(page, "What is a subnet?")
    page.reload()
    page.locator("#chat .sb-sources").first.wait_for(state="attached")  # kept in the browser
    page.get_by_role("button", name=re.compile("clear", re.I)).first.click()
    page.wait_for_function("document.querySelectorAll('[data-testid=\"bot\"]').length === 0")
    page.wait_for_timeout(300)
    page.reload()
    page.wait_for_selector("#question textarea")
    page.wait_for_timeout(1000)
    assert page.locator('[data-testid="bot"]').count() == 0


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


def quiz_score(page) -> str:
    return page.locator("#quiz-progress").inner_text()


def test_a_checked_question_is_locked_and_counted_once(page) -> None:
    page.get_by_role("tab", name="Quiz").click()
    page.fill("#quiz-topic textarea, #quiz-topic input", "security")
    page.click("#quiz-new")
    page.locator("#quiz-choices label").first.wait_for()
    assert "terms about “security”" in page.locator("#quiz-question, #quiz-feedback").all_inner_texts()[0] + (
        page.locator("#quiz-feedback").inner_text()
    )
    page.locator("#quiz-choices label").first.click()
    page.click("#quiz-check")
    page.wait_for_function("document.querySelector('#quiz-progress').innerText.includes('/1')")
    assert page.locator("#quiz-feedback").get_attribute("aria-live") == "polite"  # the verdict is announced
    page.locator("#quiz-check").wait_for(state="hidden")  # locked: no second Check
    labels = page.locator("#quiz-choices label").all_inner_texts()
    assert sum("✓" in label for label in labels) == 1, labels  # the answer is marked
    assert page.locator("#quiz-choices input:not([disabled])").count() == 0
    feedback = page.locator("#quiz-feedback").inner_text()
    assert feedback.count("Not quite") + feedback.count("Correct") == 1  # one message
    assert "/1" in quiz_score(page)  # the server refuses a second count too: test_quiz.py

    page.click("#quiz-new")
    page.locator("#quiz-dont-know").wait_for()
    page.click("#quiz-dont-know")
    page.wait_for_function("document.querySelector('#quiz-progress').innerText.includes('/2')")
    assert "You didn't know it: the answer is" in page.locator("#quiz-feedback").inner_text()
    assert "✓" in " ".join(page.locator("#quiz-choices label").all_inner_texts())


def test_quiz_me_on_an_empty_chat_says_so(page) -> None:
    page.click("#quiz-me")
    page.locator("#quiz-me-note").get_by_text("Ask a question in the chat first").wait_for()
    assert page.get_by_role("tab", name="Chat").get_attribute("aria-selected") == "true"
