"""sagebot: an offline course companion that answers from the course's own documents, with citations."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "SagebotError",
    "Settings",
    "__version__",
]

if TYPE_CHECKING:
    from sagebot.answer.compose import Answer, Citation
    from sagebot.assistant import Assistant
    from sagebot.errors import SagebotError
    from sagebot.settings import Settings


def __getattr__(name: str):  # lazy: importing sagebot must stay cheap
    if name in ("Answer", "Citation"):
        from sagebot.answer import compose as answer

        return getattr(answer, name)
    if name == "Assistant":
        from sagebot.assistant import Assistant

        return Assistant
    if name == "SagebotError":
        from sagebot.errors import SagebotError

        return SagebotError
    if name == "Settings":
        from sagebot.settings import Settings

        return Settings
    raise AttributeError(name)
