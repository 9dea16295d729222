"""What a learner says around a question: the question words, the lead put before it ("ok so", "hi!"), a polite
request ("can you explain…"), a doubt ("i don't get what…") and stress ("what exactly is…"), and a word
typed with a letter held down ("soooo"). Pure text work, shared by question analysis and comparisons."""

from __future__ import annotations

import re

from sagebot.answer.english import EVERYDAY_ZIPF, zipf
from sagebot.text import STOPWORDS, words

WH = r"(?:what|what's|whats|who|whom|whose|which|when|where|why|how)"
AUX = r"(?:is|are|was|were|can|could|does|do|did|should|would|will|has|have|must)"

# Words a learner puts in front of a question ("ok so what…", "and how…"), with what follows them.
FILLER_WORDS = (
    "ok",
    "okay",
    "so",
    "and",
    "but",
    "also",
    "then",
    "well",
    "right",
    "hmm",
    "hey",
    "hi",
    "please",
    "um",
    "btw",
    "oh",
)
FILLER = rf"(?:(?:{'|'.join(FILLER_WORDS)})[,\s]+)"
# "can you explain what a flag is", "could you tell me how to…": the question asked, politely
YOU = r"(?:you|u|someone|anyone|somebody|anybody)"
# "i don't get what a pointer is", "i'm not sure how rebase works": the question after the learner's doubt
_UNSURE = r"(?:i\s+(?:don['’]?t|do\s+not|still\s+don['’]?t)\s+(?:get|understand|know)|i['’]?m\s+not\s+sure|i\s+am\s+not\s+sure)\s+"
ASKING = re.compile(
    rf"^\s*{FILLER}*(?:please\s+)?(?:(?:can|could|would|will)\s+{YOU}\s+(?:please\s+)?)?(?:(?:tell|show)\s+me|explain|"
    rf"describe|{_UNSURE})\s*(?=(?:what|how|why|when|where|who|which)\b)|"
    rf"^\s*{FILLER}*(?:please\s+)?(?:can|could|would|will)\s+{YOU}\s+(?:please\s+)?"
    r"(?=(?:explain|describe|tell\s+me|show\s+me|walk\s+me)\b)",
    re.I,
)
# "can someone explain minute cards and the one-up thing": the things themselves; not "…explain how to add, commit…"
REQUEST = re.compile(
    rf"^\s*(?:can|could|would|will)\s+{YOU}\s+"
    r"(?=(?:explain|describe|define)\s+(?!(?:how|what|why|when|where|which|who)\b))",
    re.I,
)
LEAD = re.compile(rf"^{FILLER}*(?:{WH}\s+(?:(?:{AUX}(?:n?['’]t)?|'s|s)\b\s*)?)?", re.I)


def strip_lead(text: str) -> str:
    return LEAD.sub("", ASKING.sub("", text.strip(), count=1)).strip()


_EMPHASIS = r"(?:exactly|actually|really|basically|precisely)"
_EMPHASISED = re.compile(
    rf"^(\s*{WH}(?:['’]s|\s+{AUX})?)\s+{_EMPHASIS}\b|(?<![\s,]),?\s+{_EMPHASIS}\s*(?=\??\s*$)", re.I
)
_LEADING_FILLER = re.compile(rf"^\s*{FILLER}+(?={WH}\b)", re.I)


# "unrelated, but how does…", "quick q - whats…", "ok real question: when is…", "im a bit lost on X vs Y…": an
# aside on the question itself
_ASIDE = re.compile(
    rf"^\s*{FILLER}*(?:(?:totally|completely|slightly|somewhat|kinda|a\s+bit)\s+)?(?:(?:unrelated|off[-\s]?topic)|"
    r"(?:unrelated|random|different|separate|side|quick|real|new|another|other|last|one\s+more|dumb|stupid|silly|"
    r"noob|newbie|basic|general)\s+(?:question|q|qn|thought|thing|note)(?:\s+(?=(?:what|how|why|when|where|who|which|"
    r"is|are|can|do|does)\s))?|(?:i['’]?m|i\s+am)\s+(?:(?:a\s+bit|a\s+little|so|really|kinda|totally)\s+)?"
    r"(?:lost|confused)\s+(?:on|about|with|by|over)\s)(?:\s*[,:;!.?\-–—]+\s*(?:but\s+)?|\s+but\s+|(?<=\s))",
    re.I,
)


def without_aside(text: str) -> str:
    """The question without what the learner says of it first: "unrelated, but how does mkdocs order the nav?" ->
    "how does mkdocs order the nav?"; "quick q - whats the default timeout" -> "whats the default timeout"."""
    rest = _ASIDE.sub("", text, count=1)
    return rest if rest.strip() else text


def without_emphasis(text: str) -> str:
    """The question without a learner's stress and lead: "so what exactly is a VPC?", "what is a VPC, exactly?"
    -> "what is a VPC?"."""
    return _EMPHASISED.sub(lambda m: m.group(1) or "", _LEADING_FILLER.sub("", text))


# A "?" ends a question, unless it is a side: "* and ?", "between ? and *", "* vs ?"
AS_SIDE = r"(?<!\sand\s)(?<!\svs\s)(?<!\sor\s)(?<!\s&\s)(?<!between\s)"
# not a question ("isnt practice just doing it a lot"), nor an example of what is asked ("like CASE WHEN to…")
_REMARK = re.compile(
    rf"{AS_SIDE}\?\s+(?!(?:{WH}|{AUX}(?:n['’]?t)?|can['’]?t|won['’]?t|like|such|e\.?g|i\.?e|for (?:example|instance))\b)\S.*$",
    re.I | re.S,
)
_ASKED = re.compile(rf"^\s*{FILLER}*(?:{WH}|{AUX})\b", re.I)
# a remark of four words or more, not one that names what is asked: "for aiohttp", "in pandas", "i mean salieri"
_STATEMENT = re.compile(
    r"\s*(?!(?:for|in|with|using|on|about|of|from|at|not|i mean|or|and)\b)\S+(?:\s+\S+){3,}\s*$", re.I | re.S
)


def remark_at(text: str) -> int | None:
    """Where the "?" stands that a statement follows ("… whats the diff? people seem to use them alike")."""
    remark = _REMARK.search(text)
    return remark.start() if remark else None


def without_remark(text: str) -> str:
    """The question without what the learner says after it: "why commit .gitignore? seems pointless to track" ->
    "why commit .gitignore?"; not "quick question? how do i…", "stuck here? git push keeps failing", "what is it?
    the stash command" (the question before the "?" names nothing of its own), "what's the default port? for
    flask" (the remark names what is asked)."""
    at = remark_at(text)
    if at is None or not _ASKED.match(text[:at]) or not _STATEMENT.match(text[at + 1 :]):
        return text
    named = [w for w in words(text[:at]) if w not in STOPWORDS]
    return text[: at + 1] if len(named) >= 2 else text


_STRETCHED = re.compile(r"([a-z])\1{2,}", re.I)


def unstretched(word: str) -> str:
    """A word typed with a letter held down ("soooo", "pleeease") as it is spelled, when that is an everyday word.
    Not an acronym ("AAAS"), unless it is one letter over and over ("NNNNN")."""
    if not _STRETCHED.search(word) or (word.isupper() and (len(set(word)) > 1 or len(word) < 4)):  # "III", "AAA"
        return word
    forms = [_STRETCHED.sub(r"\1", word), _STRETCHED.sub(r"\1\1", word)]
    best = max(forms, key=zipf)
    return best if zipf(best) >= EVERYDAY_ZIPF else word
