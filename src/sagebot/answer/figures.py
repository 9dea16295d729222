"""Figures a question asks for (a price, a date, a count, a duration, a size, code) and whether the passages
found give them, said of what the question asks about."""

from __future__ import annotations

import re

from sagebot.answer.counts import missing_count
from sagebot.answer.measures import MEASURES, missing_measure, missing_measure_of
from sagebot.text import fold_accents, stem, words

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][a-z]+)?|\d+[A-Za-z]+[A-Za-z0-9]*")
_FUNCTIONS_NAMED = r"(?:\s*\(|\s+functions?\b|\s*[?.!]?\s*$)"  # "min or max(", "… functions", "… max?"
_NUMBER_ASKED = re.compile(
    r"\b(how many|how much (?:does|do|is|are|will|would|did|was|were)|per (?:hour|minute|second|day|month|year|gb|tb|mb|"
    r"request|user|seat)|maximum|minimum|"
    # "the max timeout" asks for a figure; "a function like min or max" names two functions
    rf"(?<!min or )(?<!min and )max(?! (?:or|and) min{_FUNCTIONS_NAMED})|"
    rf"(?<!max or )(?<!max and )min(?! (?:or|and) max{_FUNCTIONS_NAMED})|"
    r"what year|which year|release date|when (was|were|is|did|will|does)|how long ago|what date)\b",
    re.I,
)
_PRICE_ASKED = re.compile(
    r"\bhow much (?:does|do|is|are|was|were|will|would|did)\b.*\b(?:cost|charge|pay|paid|priced?)\b|"
    r"\bwhat (?:does|do|will|would) .+ cost\b|\b(?:prices?|pricing|free tier)\b|\bhow much (?:[a-z]+ )?money\b",
    re.I,
)
_PRICE_GIVEN = re.compile(
    r"[$€£¥₹]\s?\d|\b\d[\d,.]*\s?(?:dollars|usd|cents|euros?|eur|gbp|pounds|rupees|yen|yuan|francs|florins|ducats|"
    r"guilders|crowns|shillings|pesos|lire|thalers|gulden|kreuzer|denarii|solidi)\b|\b(?:free tier|free of charge|"
    r"no charge|at no cost|no cost)\b",
    re.I,
)
# "what's the limit on…" asks for a figure; "why are there quotas?", "how do I raise a limit?" do not
_LIMIT_ASKED = re.compile(r"\b(?:limits?|quotas?)\b", re.I)
_REASON_OR_STEPS = re.compile(r"^\W*(?:(?:ok|so|and|but)\W+)*(?:why|how (?:do|can|could|should|would|to)\b)", re.I)


def _asks_number(question: str) -> bool:
    limit = _LIMIT_ASKED.search(question) is not None and not _REASON_OR_STEPS.match(question)
    return bool(_NUMBER_ASKED.search(question)) or limit


_DATE_ASKED = re.compile(
    r"\b(?:what year|which year|release date|when (?:was|were|did|will)|what date)\b|"
    r"\bwhen (?:is|are)\b.{0,60}\b(?:coming out|released?|launch(?:ed|ing)?|due)\b",
    re.I,
)
_DATE_GIVEN = re.compile(
    # a year, not a measure ("240 m/s", "500 Hz", "100%")
    r"\b[1-9]\d{3}s?\b|\b[1-9]\d{2}s?\b(?!\s*(?:%|°|(?:m|km|cm|mm|kg|g|mg|hz|khz|mhz|ghz|kb|mb|gb|tb|mph|ft|mi|lbs?|kw|mw|px)\b))|"
    # "may" is a month only beside a day or a year, or after "in", "by", "last"…: not "a version may enable…"
    r"\b\d+\s*(?:BC|BCE|AD|CE)\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?may\b|\bmay\s+\d{1,4}|"
    r"\b(?:in|by|last|every|each|during|until|since|early|late|mid)[- ]may\b|"
    r"\b(?:january|february|march|april|june|july|august|"
    r"september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|"
    r"week \w+|semester|term|midnight|noon)\b",
    re.I,
)
_NUMBER_GIVEN = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion|half|free)\b",
    re.I,
)
# "whats the latest version of gnu make", "which python version does it need": a version number ("3.9", "v2")
# not "which version actually handled a request?": which of the running versions did something
_VERSION_ASKED = re.compile(
    r"\b(?:latest|current|newest|which|what)\s+(?:stable\s+)?(?:version|release)\b"
    r"(?!\s+(?:\w+ly\s+)?(?:handled|served|processed|ran|executed|invoked|received|answered)\b)",
    re.I,
)
_VERSION_GIVEN = re.compile(r"\d+\.\d+|\bv\d+\b|\b(?:version|release)\s+\d+", re.I)
_CODE_ASKED = re.compile(r"\b(code|snippet|script|syntax|sdk|boto3|cli command)\b", re.I)
_CODE_REQUEST = re.compile(r"\b(show|write|give|example|sample|paste)\b", re.I)
_WHY = re.compile(r"\s*(?:why|how come)\b", re.I)
_CODE_GIVEN = re.compile(r"`|\bimport\b|\w\(|=\s*\w|\{|\}")


# "how long do pythons live?", "how long does it take?"; not a length ("how long does a message have to be?")
_DURATION_ASKED = re.compile(
    r"\bhow long (?:do|does|did)\b(?!.*\b(?:have|has|needs?|ought) to be\b)|\bhow much time\b|"
    r"\bhow long (?:will|would|has|have|had|can|could)\b.*\b(?:take|takes|last|lasts|been|live|stay|run|wait)\b",
    re.I,
)
# A length of time: ranks a sentence for "how long / how quickly" (narrow, so ranking stays as it was)...
_TIME_SPAN_TEXT = (
    r"\b(\d+|one|two|few|half)\b.{0,20}\b(seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b|"
    r"\b(seconds|minutes|hours|days|weeks|months|years)\b"
)
# ...and, for refusing, any way a passage gives one ("about an hour", "5s", "from 27 BC until AD 476").
_DURATION_GIVEN = re.compile(
    _TIME_SPAN_TEXT + r"|\b(\d+|one|two|few|half|an?)\b.{0,20}\b(decades?|centur(?:y|ies)|ms|secs?|mins?|hrs?)\b|"
    r"\ban?\b.{0,20}\b(seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b|\b\d+\s?(?:ms|s|h|min)\b|"
    r"\b(decades|centuries|immediately|instantly|overnight)\b|"
    r"\b(?:from|between|since|until)\b.{0,40}\b(?:1\d{3}|20\d\d)\b|\b\d+\s*(?:BC|BCE)\b",
    re.I,
)

_EXPECTED_KINDS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    # (what the question asks for, what an answer of that kind contains)
    (
        re.compile(r"\bhow (fast|quickly|soon|long)\b|\bhow much time\b", re.I),
        re.compile(_TIME_SPAN_TEXT, re.I),
    ),
    (  # "how long should the first line be?": a length, not a time ("how long does it take?")
        re.compile(
            r"\bhow long (?:is|are|was|were|should|must|can|could|will|would)\b(?!.*\b(?:take|takes|last|lasts)\b)",
            re.I,
        ),
        re.compile(r"\d+\)?\s*(?:characters?|chars|words|lines|letters|pages|bytes)\b", re.I),
    ),
    (
        re.compile(r"\bhow (large|big|small|many|much)\b", re.I),
        re.compile(r"\d|\b(terabytes?|gigabytes?|megabytes?|half|dozens?|hundreds?|thousands?)\b", re.I),
    ),
    (  # "what's the default timeout": a value
        re.compile(r"\bdefaults?\b", re.I),
        re.compile(
            r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|none|true|false|disabled|enabled)\b|`", re.I
        ),
    ),
    (
        re.compile(r"\b(which|what) (\w+ )?versions?\b|\bversion of\b", re.I),
        re.compile(r"\b\d+\.\d+|\bversion \d", re.I),
    ),
    (
        _DATE_ASKED,
        _DATE_GIVEN,
    ),
    (  # "who made git": a name, not the first word of the sentence
        re.compile(
            r"\bwho (?:\w+ )?(made|created|invented|wrote|founded|developed|designed|discovered|built|started|"
            r"proposed|introduced|coined|named)\b",
            re.I,
        ),
        re.compile(r"\s[A-Z][a-z]+(?:\s[A-Z]\.)?\s[A-Z][a-z]+"),
    ),
)


_EXPECTED_KINDS = _EXPECTED_KINDS + MEASURES


# Kinds of answer that rank a sentence but are no figure a passage could lack (so never a reason to refuse).
_NAMING_KINDS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (  # "by what nickname was Kapil Dev known?", "what did the Han call their neighbours?": what a thing is called
        re.compile(
            r"\b(?:nick ?names?|pseudonyms?|monikers?)\b|\bby what name\b|"
            r"\bwhat (?:\w+ ){0,4}(?:called|known as|nicknamed|dubbed)\b|\bwhat did (?:\w+ ){1,5}call\b",
            re.I,
        ),
        # a name given: quoted or capitalised ("nicknamed The Haryana Hurricane", "referred to … as "the mailbox"");
        # not "This is called to format…", "named after…"
        re.compile(
            r"\b(?:[Nn]ick ?named|[Nn]ick ?names?)\b|"
            r"\b(?:known as|dubbed|called|named|referred to (?:[\w'-]+ ){0,4}?as)\s+(?:the\s+)?[\"'“‘`A-Z]"
        ),
    ),
    (  # "which company built the tank?": a firm named as one ("the Beech Aircraft Company")
        re.compile(
            r"\b(?:which|what) (?:\w+ )?(?:company|companies|firm|manufacturer|contractor|corporation|maker)\b|"
            r"\bwho (?:\w+ )?(?:manufactured|produced|supplied)\b",
            re.I,
        ),
        re.compile(r"\b(?:Company|Corporation|Corp|Inc|Ltd|LLC|GmbH)\b"),
    ),
)


def asks_for_answer(question: str) -> bool:
    """Whether the question asks for a kind of answer a sentence can be seen to hold (`holds_answer`)."""
    return asks_for_kind(question) or any(asked.search(question) for asked, _ in _NAMING_KINDS)


def holds_answer(question: str, sentence: str) -> bool:
    """Whether the sentence holds the kind of answer the question asks for: a duration, a size, a count, a name."""
    return expects_kind(question, sentence) or any(
        asked.search(question) and given.search(sentence) for asked, given in _NAMING_KINDS
    )


def asks_for_kind(question: str) -> bool:
    """Whether the question asks for a duration, a size or a count at all."""
    return any(asked.search(question) for asked, _ in _EXPECTED_KINDS)


def expects_kind(question: str, sentence: str) -> bool:
    """Whether the sentence holds the kind of fact the question asks for (a duration, a size, a count)."""
    return any(asked.search(question) and given.search(sentence) for asked, given in _EXPECTED_KINDS)


# a setting's or a file's name ("solver.min-release-age", "max_content_width"), not a number ("142.5")
_IDENTIFIER = re.compile(r"(?<![\w./-])(?=[\w./-]*[A-Za-z])(?:[\w-]+(?:[._/][\w-]+)+|\w+(?:-\w+){2,})")


def asks_figure(question: str) -> bool:
    question = _IDENTIFIER.sub(" ", question)
    return bool(
        _PRICE_ASKED.search(question)
        or _DATE_ASKED.search(question)
        or _asks_number(question)
        or asks_for_kind(question)
    )


def holds_figure(question: str, text: str) -> bool:
    if _PRICE_ASKED.search(question):
        return bool(_PRICE_GIVEN.search(text))
    if _DATE_ASKED.search(question):
        return bool(_DATE_GIVEN.search(text))
    if _COUNT_ASKED.search(question):  # "began play in 2021" counts no Stanley Cups
        text = _YEAR.sub(" ", text)
    return bool(_NUMBER_GIVEN.search(text)) or expects_kind(question, text)


_COUNT_ASKED = re.compile(r"\bhow many\b", re.I)
_YEAR = re.compile(
    r"\b(?:in|since|by|from|to|until|till|after|before|during|of|january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\s+(?:1[0-9]\d\d|20\d\d)s?\b",
    re.I,
)


def _says_all(text: str, subjects: tuple[str, ...]) -> bool:
    said = " " + " ".join(stem(w) for w in _TOKEN.findall(fold_accents(text.lower()))) + " "
    spaced = " " + " ".join(words(text)) + " "
    for subject in subjects:
        if " " in subject or any(c.isdigit() for c in subject):  # a named phrase: "gpt 4"
            if f" {subject} " not in spaced:
                return False
        elif f" {subject}" not in said:  # a stem: "gpu" in "gpus"
            return False
    return True


_STATED_NUMBER = re.compile(r"(?<![\w.,/-])(\d[\d,]*(?:\.\d+)?)(?![\w/-]|[.,]\d)")


def unstated_numbers(question: str, evidence: str) -> str:
    """A number the question states that the passages found never give, when it states two or more ("bowled at
    140 km per hour… to travel 20 metres"): a question that sets out its own figures asks for a sum, or is about
    something else. One number ("the 1979 tour") is context the answer may leave out; numbers under 10 are left
    out too, as documents write them in words ("three")."""
    given = " ".join(re.sub(r"(?<=\d),(?=\d)", "", n) for n in re.findall(r"\d[\d,.]*", evidence))
    stated = [m.group(1).replace(",", "") for m in _STATED_NUMBER.finditer(question)]
    stated = [n for n in stated if len(n) >= 2 or "." in n]
    return next((n for n in stated if n not in given), "") if len(stated) >= 2 else ""


def missing_figure(
    question: str,
    quotes: list[str],
    subjects: tuple[str, ...] = (),
    titles: list[str] | None = None,
    said_with: list[tuple[str, str]] | None = None,
) -> str:
    """Why the quotes (the best sentences, then the passage of the very best) lack the figure the question asks
    for, or "" when they hold it. `subjects`: what the figure must be said of (QueryAnalysis.subjects): in one
    quote, or, given `said_with` pairs of sentences, in the second of a pair whose first names it."""
    said = said_with or [(q, q) for q in quotes]
    evidence = " ".join(quotes)
    asked, question = question, _IDENTIFIER.sub(" ", question)  # "solver.min-release-age" asks for no age
    if _PRICE_ASKED.search(question) and not _PRICE_GIVEN.search(evidence):
        return "the documents give no prices"
    if _DATE_ASKED.search(question) and not _DATE_GIVEN.search(evidence):
        return "the passages found hold no such date"
    if _asks_number(question) and not _NUMBER_GIVEN.search(evidence):
        return "the passages found hold no such figure or date"
    if _DURATION_ASKED.search(question) and not _DURATION_GIVEN.search(evidence):
        return "the passages found give no such length of time"
    if _VERSION_ASKED.search(question) and not _VERSION_GIVEN.search(evidence):
        return "the passages found give no version number"
    requests = {r.lower() for r in _CODE_REQUEST.findall(question)}
    code_asked = _CODE_ASKED.search(question) and requests and not (_WHY.match(question) and requests == {"paste"})
    if code_asked and not _CODE_GIVEN.search(evidence):  # not "why shouldn't i copy paste code…"
        return "the documents hold no code"
    unstated = unstated_numbers(asked, evidence) if asks_figure(asked) else ""  # "why is it still on 8000, not 9000?"
    if unstated:
        return f"the passages found never give {unstated}"
    measure_of = missing_measure_of(question, quotes, titles)
    if measure_of:
        return measure_of
    best = (quotes[:-1], (titles or [])[:-1] or None) if len(quotes) > 1 else (quotes, titles)
    if missing_measure(question, *best):  # a measure stands in a best sentence, not anywhere near
        return "the passages found give no such measure"
    uncounted = missing_count(question, quotes)
    if uncounted:
        return uncounted
    # "how much did it cost to train gpt-4?": a figure said of GPT-2 is no answer. The figure and what it is
    # asked of stand in one quoted sentence, or in one that points back to the sentence naming it.
    if (
        subjects
        and asks_figure(question)
        and not any(_says_all(first, subjects) and holds_figure(question, then) for first, then in said)
    ):
        return "the passages found give no such figure for what is asked about"
    return ""
