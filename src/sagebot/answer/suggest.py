"""In-scope questions to ask instead of one the documents do not answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sagebot.text import display_unit

if TYPE_CHECKING:
    from sagebot.answer.retrieve import Retrieval, Retriever


def suggest(retrieval: Retrieval, retriever: Retriever, count: int = 3) -> list[str]:
    """In-scope questions near the asked one: the course's own questions first, then its nearby sections."""
    index = retriever.index
    questions = retriever.course_questions()
    picks: list[str] = []
    if len(questions):
        ranked = sorted(questions, key=lambda u: -float(index.vectors[u] @ retrieval.vector))
        for unit in ranked:
            text = display_unit(retriever.unit_text(unit))
            if text not in picks:
                picks.append(text)
            if len(picks) >= count:
                return picks
    for passage in retrieval.passages:
        section = index.chunks[passage.chunk].section.split(" › ")[-1]
        topic = section.lstrip("0123456789. ").strip()
        text = f"What does the course say about {topic}?"
        if topic and text not in picks:
            picks.append(text)
        if len(picks) >= count:
            break
    return picks
