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
    from .answer import Answer, Citation
    from .assistant import Assistant
    from .errors import SagebotError
    from .settings import Settings


def __getattr__(name: str):  # lazy: importing sagebot must stay cheap
    if name in ("Answer", "Citation"):
        from . import answer

        return getattr(answer, name)
    if name == "Assistant":
        from .assistant import Assistant

        return Assistant
    if name == "SagebotError":
        from .errors import SagebotError

        return SagebotError
    if name == "Settings":
        from .settings import Settings

        return Settings
    raise AttributeError(name)
