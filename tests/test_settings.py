"""The one settings object: an invalid value is a one-line ConfigError naming the setting and its variable."""

from __future__ import annotations

import pytest

from sagebot.errors import ConfigError, SagebotError
from sagebot.settings import Settings, load_settings, parse_origins


def test_an_invalid_setting_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings(chunk_max_chars=5)
    message = str(raised.value)
    assert message.startswith("Invalid setting chunk_max_chars (SAGEBOT_CHUNK_MAX_CHARS):") and "\n" not in message
    monkeypatch.setenv("SAGEBOT_RATE_LIMIT_PER_MINUTE", "lots")
    with pytest.raises(SagebotError, match="SAGEBOT_RATE_LIMIT_PER_MINUTE"):
        load_settings()
    monkeypatch.delenv("SAGEBOT_RATE_LIMIT_PER_MINUTE")
    with pytest.raises(ConfigError, match="not an origin"):
        load_settings(allowed_origins="ftp://course.example.org")
    with pytest.raises(ConfigError, match="Extra inputs"):
        load_settings(no_such_setting=1)


def test_defaults_and_origins() -> None:
    settings = load_settings()
    assert isinstance(settings, Settings) and settings.trusted_proxies == "" and settings.max_sessions == 300
    assert parse_origins(" https://a.example.org/ , http://localhost:* ") == [
        "https://a.example.org",
        "http://localhost:*",
    ]
