"""Sentences that lean on the one before them ("That control is gone.", "It appoints the Commissioners…")."""

from __future__ import annotations

import re

from sagebot.text import display_unit

# "In the above example, …", "From the previous section, …": a part of the document read before
EARLIER_PART = r"(?:in|from) the (?:above|previous|preceding|earlier) \w+"
_ANAPHOR_OPENER = re.compile(
    r"^[\"'“‘(\[]*(this|that|these|those|it|its|it's|they|their|them|such|he|she|his|her|hers|"
    r"the former|the latter|both of (?:them|these)|therefore|thus|hence|consequently|as a result|after all,|"
    r"in (?:this|that|such a) case,|for (?:this|that) reason|because of (?:this|that)|in other words|"
    rf"{EARLIER_PART},|"
    r"(?:otherwise|instead),|defaults?(?=\s+(?:is|to)\b|\s*:))(?:\b|(?<=,))(?!-)",
    re.I,
)
# "Therefore, MkDocs allows…" rests on the reason said before it, as "This…" rests on its antecedent, and "In the
# above example, …" on the example.
# "Default: 8000." and "Defaults to 5 seconds." give the value of the option the sentence before describes.
# "That is why…" and "This is because…" still point back; "It is possible to…" does not, but telling the two
# apart needs a parser, and quoting the sentence before costs little, so every such opener counts.


def opens_with_anaphor(sentence: str) -> bool:
    return bool(_ANAPHOR_OPENER.match(display_unit(sentence)))


_CONNECTIVE = re.compile(
    r"^\W*(?:therefore|thus|hence|consequently|as a result|after all|in (?:this|that|such a) case|"
    r"for (?:this|that) reason|because of (?:this|that)|in other words|otherwise|instead|so|but|and|however)\b,?\s*",
    re.I,
)
# "This is called defensive programming." names what the sentence before it described: it is about that name
_POINTER_SUBJECT = re.compile(
    r"^\W*(?:it|they|this|that|these|those|he|she|such)\b(?!-)"
    r"(?!(?:'s|’s|\s+(?:is|are|was|were))\s+(?:also\s+|often\s+|sometimes\s+|usually\s+)?(?:called|known|named|referred|termed)\b)",
    re.I,
)


def subject_points_back(sentence: str) -> bool:
    """The sentence's subject is a pronoun ("After all, it holds FASTQ data…"): whatever it names further on, it
    is about what was said before it."""
    return bool(_POINTER_SUBJECT.match(_CONNECTIVE.sub("", display_unit(sentence), count=1)))
