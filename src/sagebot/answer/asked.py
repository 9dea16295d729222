"""What a question names or asks for, read from its words alone: the compounds and versioned names it names,
the thing ("which policy…") and the action ("how do I sign…") it asks about."""

from __future__ import annotations

import re
from collections.abc import Callable

from sagebot.answer.english import is_specific, same_word
from sagebot.answer.subjects import KIND_NOUNS
from sagebot.text import STOPWORDS, content_terms, fold_accents, without_markup

_COMPOUND = re.compile(r"(?<![\w/.-])[A-Za-z]+(?:-[A-Za-z]+)+(?![\w/-])")
_VERSIONED = re.compile(r"(?<![\w/.-])[A-Za-z][A-Za-z0-9]*(?:[/-]\d+(?:\.\d+)*|\s+v?\d+\.\d+(?:\.\d+)*)(?![\w/.-]*\w)")
_BOUND_PREFIXES = frozenset(["non", "pre", "sub", "semi", "anti", "post", "multi", "mid", "co", "re", "un"])
# "the fourth-largest gold mine", "second-most populous": a rank, no name of a thing
_RANK = re.compile(r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)-(?:[a-z]+est|most|least)")


def named_phrases(question: str) -> list[str]:
    """Hyphenated compounds ("cherry-pick", "thread-safe") and names with a version ("HTTP/3", "httpx 1.0"):
    each names one thing, which the documents either mention as a phrase or not. Compounds of an affix
    ("non-blocking") or with a small word ("time-to-value", "e-mail") are left to the words they are made of, and
    a rank ("fourth-largest") names nothing."""
    text = fold_accents(without_markup(question))
    found: list[str] = []
    for match in _COMPOUND.finditer(text):
        parts = match.group(0).lower().split("-")
        if (
            parts[0] in _BOUND_PREFIXES
            or any(len(p) < 3 or p in STOPWORDS for p in parts)
            or _RANK.fullmatch("-".join(parts))
        ):
            continue
        found.append(match.group(0))
    for match in _VERSIONED.finditer(text):
        name = match.group(0)
        if name.split()[0].lower() not in STOPWORDS:
            found.append(re.sub(r"\s+", " ", name))
    return found


# "which IAM policy do I…", "what temperature should I…": the thing asked for, just before the verb or subject.
_ASKED_THING = re.compile(
    r"\b(?:what|which)(?:['’]s)?\s+((?:[A-Za-z0-9-]+\s+){0,2}?([A-Za-z][A-Za-z-]*))\s+(?:should|shall|do|does|did|is|"
    r"are|was|were|can|could|would|will|must|might|i|you|we|they)\b",
    re.I,
)


# Things answered by a figure, which a document gives without naming them ("In 1749, …" for "what year…").
_FIGURE_NOUNS = frozenset(
    ["year", "years", "date", "day", "month", "time", "age", "number", "percentage", "percent", "amount", "size"]
    + ["version", "versions"]
)


# Nouns that stand for anything ("how many things…"): the documents count or name them in other words.
PLACEHOLDER_NOUNS = frozenset(["thing", "item", "one", "time", "way", "kind", "type", "sort", "piece", "bit", "stuff"])
# "how many people were killed?" is answered by "100,000 soldiers and civilians were killed"
COUNTED_BY_OTHER_NAMES = PLACEHOLDER_NOUNS | frozenset(["people", "person", "individual"])  # stems
# The form an answer is asked in ("what's the syntax for…", "the gist of…"), rarer in English than a subject's
# words often are: never what the question is about.
ASKING_NOUNS = ["syntax", "snippet", "gist", "recap", "rundown", "tldr", "eli5"]
# What a learner asks for in general ("what tips…", "which steps…"): the documents answer it in other words.
_REQUEST_NOUNS = PLACEHOLDER_NOUNS | frozenset(
    [
        "else",  # "what else is it used for?" asks for more, not for a thing called "else"
        "tip",
        "advice",
        "step",
        "option",
        "method",
        "idea",
        "suggestion",
        "reason",
        "benefit",
        "advantage",
        "disadvantage",
        "drawback",
        "example",
        "strategy",
        "technique",
        "problem",
        "issue",
        "mistake",
        "rule",
        "resource",
        "practice",
        "alternative",
        "difference",
        "limitation",
        "requirement",
        "prerequisite",
        "feature",
        "part",
        "stage",
        "phase",
        "detail",
        "point",
        "fact",
        "lesson",
        "takeaway",
    ]
    + ASKING_NOUNS
)


def unknown_asked_things(text: str, absent: list[re.Match[str]]) -> list[str]:
    """A question asking which thing ("which IAM policy", "what temperature") about a thing the documents never
    name cannot be answered from them, however common the word. "What exactly is…" asks for no thing, and a
    figure ("what year…") is left to the figure checks."""
    starts = {word.start() for word in absent}
    found = []
    for match in _ASKED_THING.finditer(text):
        head = match.group(2).lower()
        generic = head in _REQUEST_NOUNS or head.rstrip("s") in _REQUEST_NOUNS
        if match.start(2) in starts and not head.endswith("ly") and head not in _FIGURE_NOUNS and not generic:
            found.append(match.group(1))
    return found


_HEDGES = frozenset(["even", "exactly", "actually", "really", "ever", "again", "else", "still", "now", "then"])


def unsaid_asked_thing(question: str, evidence: list[str], rare: Callable[[str], bool]) -> str:
    """The thing a question asks for that the best sentences and passage cannot say ("which regions"): "what
    regions does sagemaker run in?" answered from passages that never name a region (the course names one elsewhere,
    once).
    Only for a thing the documents rarely name (`rare`, of its stem) and that is no kind of named thing: "what
    class do i use for async requests?" is answered by "AsyncClient", never called a class there."""
    said: set[str] | None = None
    for match in _ASKED_THING.finditer(without_markup(question)):
        head = match.group(2).lower()
        generic = head in _REQUEST_NOUNS or head.rstrip("s") in _REQUEST_NOUNS or head in STOPWORDS
        if generic or head in _HEDGES or head.endswith("ly") or head.rstrip("s") in _FIGURE_NOUNS or len(head) < 3:
            continue  # "what even is…" asks for no thing; "which version…" for a figure, left to the figure checks
        terms = set(content_terms(head))
        if {head, head[:-1]} & KIND_NOUNS or not all(rare(t) for t in terms):
            continue
        said = {term for text in evidence for term in content_terms(text)} if said is None else said
        if not any(same_word(term, other) for term in terms for other in said):  # "volcano", "volcanoes"
            return f"which {match.group(1).lower()}"
    return ""


# "who is the executive director of…": a role of two words, which the documents name as one or not at all
_ASKED_ROLE = re.compile(
    r"\bwho (?:is|was|are|were) (?:the |a |an )?([a-z]{3,} [a-z]{3,})(?= (?:of|on|in|for|at|to|behind)\b)", re.I
)
_RANKS = frozenset(["first", "second", "third", "last", "next", "only", "main", "current", "new", "former", "late"])


def asked_roles(question: str) -> list[str]:
    """The two-word role a "who is the … of X" question asks for ("executive director"); not a rank ("the first
    person to…", "the youngest player to…")."""
    found = []
    for match in _ASKED_ROLE.finditer(fold_accents(question)):
        first, second = match.group(1).lower().split()
        if first in _RANKS or first.endswith("est") or {first, second} & STOPWORDS:
            continue
        found.append(match.group(1))
    return found


# "how do I sign my commits…": the action asked about. A verb with a particle ("turn it off", "throw away") is
# left alone: the documents may say it another way ("disable", "discard").
_ASKED_ACTION = re.compile(r"\bhow (?:do|can|should|would|could|to)(?: (?:i|you|we|one))? ([A-Za-z]+)\b", re.I)
# The particle may stand after a short object ("strip the .fastq off", "turn the light off"); "in", "on", "over",
# "around" and "about" there mostly start a place ("sign my commits in git").
_PARTICLE = re.compile(
    r"^(?:(?:\s+[A-Za-z]+)?\s+(?:off|on|up|down|out|away|back|over|in|around|about)|"
    r"(?:\s+[\w.-]+){1,3}?\s+(?:off|up|down|out|away|back))\b",
    re.I,
)


def unknown_actions(text: str, absent: list[re.Match[str]]) -> list[str]:
    """A how-to question whose action the documents never name ("how do I sign my commits?") is not one they
    describe."""
    starts = {word.start() for word in absent}
    return [
        match.group(1)
        for match in _ASKED_ACTION.finditer(text)
        if match.start(1) in starts
        and not _PARTICLE.match(text[match.end(1) :])
        and match.group(1).lower() not in GENERAL_VERBS
    ]


# Verbs too general for documents to use when they describe the action ("how do I ask for a higher limit?" /
# "request a quota increase"; "how do I see my logs?" / "view logs"; "how do I make a key?" / "create a key")
GENERAL_VERBS = frozenset(
    ["ask", "get", "request", "obtain", "want", "need", "try", "go", "let", "have", "see", "look", "find", "check"]
    + ["make", "do", "use", "show", "know", "tell", "put", "take", "keep", "give"]
    # the chat word for one ("how do i grab all the csv files", "peek at the top of a file", "swap the favicon")
    + ["grab", "peek", "tweak", "swap", "ditch", "nuke", "track"]
)


# "how do I add a legend…": what the action is done to, right after it
_ACTED_ON = re.compile(
    r"\bhow (?:do|can|should|would|could|to)(?: (?:i|you|we|one))? [A-Za-z]+ "
    r"(?:(?:a|an|the|my|your|our|their|this|that|some) )?([A-Za-z]+)\b",
    re.I,
)


def unknown_objects(text: str, absent: list[re.Match[str]], uncommon: Callable[[str], bool]) -> list[str]:
    """A how-to question about doing something to a thing the documents never name ("how do I add a legend…",
    "how do I use a dictionary…"), when the word is no everyday one ("how do I download a huge file" asks
    about files)."""
    starts = {word.start() for word in absent}
    found = []
    for match in _ACTED_ON.finditer(text):
        thing = match.group(1).lower()
        after = re.match(r"\s+([A-Za-z]+)", text[match.end(1) :])
        if after and after.group(1).lower() not in STOPWORDS:
            continue  # "a transparent background", "an empty list": it says what kind of thing, named next
        if match.start(1) in starts and thing not in _REQUEST_NOUNS and not thing.endswith("ly") and uncommon(thing):
            found.append(match.group(1))
    return found


# "who designed the CN Tower?" is answered only where someone is said to have made it
_MAKER_ASKED = re.compile(
    r"\bwho (?:\w+ )?(?:made|created|wrote|designed|invented|founded|developed|built|authored|painted|composed|"
    r"discovered|started|translated|directed|produced|sculpted|illustrated)\b",
    re.I,
)
_MAKER_GIVEN = re.compile(
    r"\b(?:by|from) (?:[A-Z][\w'’.-]+|the [A-Z]\w+)|"
    r"\b[A-Z][\w'’.-]+,? (?:(?:[A-Z][\w'’.-]+|and|&),? ){0,6}(?:\w+ly )?(?:made|created|wrote|designed|invented|founded|"
    r"developed|built|authored|painted|composed|discovered|started|proposed|introduced|translated|directed|produced|"
    r"sculpted|illustrated)\b|"
    r"\b(?:creators?|authors?|designers?|inventors?|founders?|architects?|developers?|composers?|painters?|"
    r"translators?|directors?|producers?|sculptors?|illustrators?)\b|\b(?:translation|adaptation) by\b|"
    r"['’]s (?:translation|adaptation)\b|"
    # "Sir Alexander Fleming … best known for discovering … penicillin"
    r"\b(?:known|famous|remembered|credited|celebrated) (?:\w+ )?for (?:making|creating|writing|designing|inventing|"
    r"founding|developing|building|discovering|composing|painting|starting)\b",
)


def missing_maker(question: str, quotes: list[str]) -> str:
    """Why the quotes (the best sentences and the passage of the very best) do not say who made what a "who made
    X?" question asks about, or "" when one of their sentences names a maker and X ("Git was created by Linus
    Torvalds…"; "designed by Philip Johnson" said of another tower is no answer)."""
    asked = _MAKER_ASKED.search(question)
    if not asked:
        return ""
    rest = [w for w in re.findall(r"[\w'’.-]+", question[asked.end() :]) if not w.lower().endswith("ly")]
    # the specific words of what was made ("cn" of "the cn tower", "maratha" of "the maratha state"), else all
    specific = [w for w in rest if is_specific(w.lower())]
    named = set(content_terms(" ".join(specific or rest)))
    for quote in quotes:
        for sentence in re.split(r"(?<=[.!?])\s+", quote):
            if _MAKER_GIVEN.search(sentence) and named <= set(content_terms(sentence)):
                return ""
    return "the passages found never say who made it"
