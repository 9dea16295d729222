"""Sentences that lean on the one before them ("That control is gone.", "It appoints the Commissioners…")."""

from __future__ import annotations

import re

from sagebot.text import display_unit

_ANAPHOR_OPENER = re.compile(
    r"^[\"'“‘(\[]*(this|that|these|those|it|its|it's|they|their|them|such|he|she|his|her|hers|"
    r"the former|the latter|both of (?:them|these)|therefore|thus|hence|consequently|as a result)\b(?!-)",
    re.I,
)
# "Therefore, MkDocs allows…" rests on the reason said before it, as "This…" rests on its antecedent.
# "That is why…" and "This is because…" still point back; "It is possible to…" does not, but telling the two
# apart needs a parser, and quoting the sentence before costs little, so every such opener counts.


def opens_with_anaphor(sentence: str) -> bool:
    return bool(_ANAPHOR_OPENER.match(display_unit(sentence)))
