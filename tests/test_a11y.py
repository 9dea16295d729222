"""An axe-core audit (bundled by axe-playwright-python; nothing fetched) of the chat, the Quiz tab and the embed
view, at phone and desktop widths: no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import CHROMIUM, LiveServer
from .test_browser import VIEWPORTS, ask

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="needs Debian chromium; scripts/test.sh installs it"
)


def serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("path", ["/", "/embed/", "/embed/?theme=dark"])
def test_chat_and_quiz_have_no_serious_violations(browser, live_server: LiveServer, path: str, viewport: str) -> None:
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(live_server.url + path)
    page.wait_for_selector("#question textarea")
    ask(page, "What is a subnet?")
    page.locator('[data-testid="bot"]').last.locator("a.sb-cite").first.click()
    found = serious(page)
    page.get_by_role("tab", name="Quiz").click()
    page.click("#quiz-new")
    page.locator("#quiz-choices label").first.wait_for()
    page.locator("#quiz-choices label").first.click()
    page.click("#quiz-check")
    page.locator("#quiz-feedback").get_by_text("Reference:").wait_for()
    page.wait_for_function("!document.querySelector('.pending, .generating, .translucent:not(.hide)')")
    page.wait_for_timeout(500)  # outputs fade in after an event
    found += serious(page)
    context.close()
    assert found == [], "\n".join(found)
