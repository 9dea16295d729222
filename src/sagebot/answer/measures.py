"""Physical measures a question asks for ("how tall is the space needle?", "the escape velocity of mars") and
whether a quote states one, with its unit, of what the question names."""

from __future__ import annotations

import re

from sagebot.text import STOPWORDS, content_terms

# Physical measures a question asks for ("how tall is the space needle?"), each with what states one: a number with
# its unit. "How deep" only as "how deep is…", and not "how far", "how high", "height of", "weigh", "the average": in
# documentation they are as often figurative ("how far back does history go", "a high learning rate", "the height of
# a tree", "how does tf-idf weigh terms", "the average of a list").
MEASURES = (
    (
        re.compile(r"\bhow tall\b", re.I),
        re.compile(
            r"\d[\d,.]*\s*(?:-\s*)?(?:m|km|cm|mm|ft|feet|foot|metres?|meters?|inches|storeys?|stories|floors)\b", re.I
        ),
    ),
    (
        re.compile(r"\bhow heavy\b|\bhow much (?:does|do|did) .{1,40}\bweigh\b", re.I),
        re.compile(r"\d[\d,.]*\s*(?:kg|g|grams?|kilograms?|pounds?|lbs?|ounces?|oz|tons?|tonnes?)\b", re.I),
    ),
    (  # "how deep is lake titicaca" wants a number ("the recursion limit is 1000" answers "how deep is it" too);
        # "how deep does the nesting go" is left out, and so are "how high" and "how far", as often figurative
        re.compile(r"\bhow deep (?:is|are|was|were)\b", re.I),
        re.compile(r"\d"),
    ),
    (
        re.compile(r"\b(?:what|how much) pressure\b", re.I),
        re.compile(r"\d[\d,.]*\s*(?:bar|atm|atmospheres?|pa|kpa|mpa|gpa|psi|mmhg|torr|pascals?)\b", re.I),
    ),
    (
        re.compile(r"\bhow (?:hot|cold|warm)\b", re.I),
        re.compile(r"\d\s*°|\b\d[\d,.]*\s*(?:degrees?|kelvin|K)\b", re.I),
    ),
)


# "what is the escape velocity of mars?", "the temperature at the moon's core": a physical measure of a named thing,
# in words documentation does not use figuratively ("the length of a list", "the height of a tree" are left out).
_PHYSICAL_UNITS = {
    "temperature": r"\d\s*°|\b\d[\d,.]*\s*(?:degrees?|kelvin|K)\b",
    "velocity": r"\b\d[\d,.]*\s*(?:km/s|m/s|km/h|mph|miles per hour|kilometres per hour|knots)\b",
    "population": r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|a few|several)\s*"
    r"(?:million|billion|thousand|people|inhabitants|residents)\b|\b\d{1,3}(?:,\d{3})+\b",
    "diameter": r"\b\d[\d,.]*\s*(?:km|m|cm|mm|mi|miles|kilometres?|kilometers?|metres?|meters?|ft|feet|inches)\b",
    "radius": r"\b\d[\d,.]*\s*(?:km|m|cm|mm|mi|miles|kilometres?|kilometers?|metres?|meters?|ft|feet|inches)\b",
    "density": r"\b\d[\d,.]*\s*(?:g/cm|kg/m|g per|people per|per (?:km|sq|square))",
    "gravity": r"\b\d[\d,.]*\s*(?:g\b|m/s)",
    "altitude": r"\b\d[\d,.]*\s*(?:km|m|mi|miles|ft|feet|kilometres?|kilometers?|metres?|meters?)\b",
    "elevation": r"\b\d[\d,.]*\s*(?:km|m|mi|ft|feet|metres?|meters?)\b",
}
# "the escape velocity of mars", "the population of ancient Rome": "the" measure "of" a named thing (not "a circle")
_MEASURE_OF = re.compile(
    rf"\bthe\s+(?:[a-z]+\s+)?({'|'.join(_PHYSICAL_UNITS)})\s+(?:of|at)\s+(?!an?\s)(?:the\s+)?([A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*)?)",
    re.I,
)


def missing_measure_of(question: str, quotes: list[str], titles: list[str] | None = None) -> str:
    """ "whats the escape velocity of mars?" wants a velocity, with its unit, in a quote that names Mars (by its
    words or its document's title); a velocity said of the Moon is no answer."""
    found = _MEASURE_OF.search(question)
    units = _PHYSICAL_UNITS.get(found.group(1).casefold(), "") if found else ""
    if not found or not units:
        return ""
    named = set(content_terms(" ".join(w for w in found.group(2).split() if w.lower() not in STOPWORDS)))
    given = re.compile(units, re.I)
    titles = titles or [""] * len(quotes)
    if named and not any(given.search(q) and named <= set(content_terms(f"{t} {q}")) for q, t in zip(quotes, titles)):
        return f"the passages found give no {found.group(1).lower()} of {found.group(2).strip(' ?.')}"
    return ""


def missing_measure(question: str, quotes: list[str], titles: list[str] | None = None) -> bool:
    """The question asks for a measure ("how tall is the space needle?") and no quote states one of its kind of
    something the question names (in its words or its document's title): "only 5ft 5in tall, he…" is no height of
    the Space Needle; "the lunar surface… −171 °C" in the article "Moon" is how cold the Moon gets."""
    titles = titles or [""] * len(quotes)
    for asked, given in MEASURES:
        found = asked.search(question)
        if not found:
            continue
        about = set(content_terms(question[: found.start()] + " " + question[found.end() :]))
        named = (set(content_terms(f"{t} {q}")) for q, t in zip(quotes, titles))
        if not any(given.search(q) and (not about or about & n) for q, n in zip(quotes, named)):
            return True
    return False
