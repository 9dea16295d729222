"""Who may embed the assistant, and the snippet an author pastes (no server, no browser)."""

from __future__ import annotations

from click.testing import CliRunner

from sagebot.cli import main
from sagebot.web.widget import FALLBACK_JS, LOCAL_ORIGINS, allowed_origins, snippet


def test_allowed_origins_add_to_the_local_defaults() -> None:
    origins = allowed_origins(["https://course.example.org"], "http://127.0.0.1:7860")
    assert origins[0] == "http://127.0.0.1:7860" and set(LOCAL_ORIGINS) <= set(origins)
    assert "https://course.example.org" in origins
    only = allowed_origins(["https://course.example.org"], None, local=False)
    assert only == ["https://course.example.org"]


def test_snippet_names_the_allowed_origins_setting_and_falls_back_when_the_script_fails() -> None:
    text = snippet("https://tutor.example.org/", "https://lms.example.edu")
    assert '<script src="https://tutor.example.org/widget.js" defer onerror="' in text
    assert "sagebot serve --allowed-origins https://lms.example.edu" in text
    assert "SAGEBOT_ALLOWED_ORIGINS=https://lms.example.edu" in text
    assert '"' not in FALLBACK_JS  # it sits inside a double-quoted attribute


def test_embed_snippet_command() -> None:
    result = CliRunner().invoke(
        main, ["embed-snippet", "--url", "https://tutor.example.org", "--course-origin", "https://c.example.org"]
    )
    assert result.exit_code == 0 and "--allowed-origins https://c.example.org" in result.output
    bad = CliRunner().invoke(main, ["embed-snippet", "--course-origin", "ftp://x"])
    assert bad.exit_code == 2
