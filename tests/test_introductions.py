"""A passage that opens on code is read with the passage before it in its section, which says what the code is for."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np

from sagebot.answer.retrieve import Passage
from sagebot.answer.sentences import CODE, with_introductions
from sagebot.ingest.chunk import UNIT_KINDS

PROSE = UNIT_KINDS.index("sentence")


def _retriever(sections: list[tuple[str, str]], first_kinds: list[int]) -> Any:
    chunks = [SimpleNamespace(document=doc, section=section) for doc, section in sections]
    index = SimpleNamespace(chunks=chunks, unit_kinds=np.array(first_kinds))
    return SimpleNamespace(index=index, units_of=lambda chunk: np.array([chunk]))  # one unit a chunk, same id


def _found(*chunks: int) -> Any:
    return SimpleNamespace(passages=[Passage(c, 0.0, 0.0, 0.0) for c in chunks])


def test_code_found_brings_the_prose_before_it_in_its_section() -> None:
    sections = [("plugins.md", "Plugins › Generic")] + [("plugins.md", "Plugins › Event handler")] * 2
    retriever = _retriever(sections, [PROSE, PROSE, CODE])
    assert with_introductions(_found(2, 0), retriever) == [(1, 1), (0, 2), (1, 0)]  # ranked below the code


def test_prose_found_or_code_after_another_section_brings_nothing() -> None:
    sections = [("a.md", "Install"), ("a.md", "Usage"), ("b.md", "Usage")]
    retriever = _retriever(sections, [PROSE, CODE, CODE])
    assert with_introductions(_found(1, 2), retriever) == [(0, 1), (1, 2)]  # another section, another document
    retriever = _retriever([("a.md", "Usage"), ("a.md", "Usage")], [PROSE, PROSE])
    assert with_introductions(_found(1), retriever) == [(0, 1)]  # prose says what it is about itself
    retriever = _retriever([("a.md", "Usage"), ("a.md", "Usage")], [PROSE, CODE])
    assert with_introductions(_found(1, 0), retriever) == [(0, 1), (1, 0)]  # found already: not twice
