"""What a question asks: its kind (definition, why, how, comparison, list, yes/no, fact) and its facets, the parts
a complete answer has ("What does KMS encrypt, and what does IAM control?" has two; "EC2 vs SageMaker" has one per
side). Pure text work: no model, no index."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from sagebot.answer.acted_on import named_thing
from sagebot.answer.english import zipf
from sagebot.answer.labels import part_label, sentence_case
from sagebot.answer.lead import ASKING, FILLER, REQUEST, strip_lead, without_aside, without_emphasis
from sagebot.answer.lead import AUX as _AUX
from sagebot.answer.lead import WH as _WH
from sagebot.answer.mend import mended
from sagebot.answer.sides import ARTICLE as _ARTICLE
from sagebot.answer.sides import (
    BETWEEN,
    COMPARED,
    EITHER,
    SYMBOL,
    VERSUS,
    compared_aspect,
    comparison_sides,
    distinct_words,
    until_side_end,
)
from sagebot.text import STOPWORDS, without_markup, words

MAX_FACETS = 4

# A second question joined to the first: "…, and what does IAM control?", "… and in what year?"
_CLAUSE_BREAK = re.compile(
    rf"\s*(?:[,;]\s*(?:and|but|or|also)?|\s(?:and|but|also|plus|\+|&)|\?)\s+(?:(?:then|also|after\s+that),?\s+)?"
    rf"(?=(?:{_WH}|(?:in|at|on|for|from|by|since|until|to)\s+(?:what|which)|{_AUX}\s+(?:it|they|there|that|this|these|those|the|i|you|we|my|your|our))\b)",
    re.I,
)
_WHY_NOT = re.compile(r"^(?:(?:and|or)\s+)?why not\b", re.I)
_COMPARISON_TAIL = re.compile(
    r"^(?:which\b|(?:what's|whats|what is) (?:the )?(?:difference|better|best)|how do (?:they|the two) (?:differ|compare))",
    re.I,
)
# "with sagemaker, what…", "in git what…": where the question is set, said before it ("for ec2 how do i…": not "how")
_SETTING = rf"(?:(?:with|in|for|on|about|using|regarding)\s+(?!{_WH}\b)[\w./+-]+(?:\s+[\w./+-]+){{0,2}}?,?\s+)"
ASKS = re.compile(  # words that open a question of its own
    rf"^\s*{FILLER}*{_SETTING}?(?:(?:in|at|on|for|from|by|to)\s+(?=what|which))?"  # "in what order does…"
    rf"(?:{_WH}|{_AUX}|tell|explain|describe|define|list|give|show|compare|name|why|how)\b",
    re.I,
)
_EACH = re.compile(r"\b(?:each(?! other)|both|respectively|all three|the two)\b", re.I)  # not "hate each other"
_WHY = re.compile(
    r"^\s*(?:why|how come|what(?:'s|s| is| are)? the (?:point|reason|reasons|benefit|benefits|advantage|advantages|"
    r"disadvantages?|drawbacks?|downsides?|pros and cons|purpose|use|motivation) (?:of|for|behind)|"
    r"what(?:'s|s| is| are)? the reasons? (?:that|why)?|is there (?:a|any) (?:good )?reason|what(?:'s| is) so (?:good|bad)|"
    r"what good is|what makes .{1,60} (?:useful|helpful|important|better|special)|"
    r"how (?:is|are) .{1,60} (?:useful|helpful|important))\b|\bwhy\b",
    re.I,
)
_HOW = re.compile(
    r"^\s*(?:how\s+(?:do|does|can|could|should|would|to|is|are|did)\b|what are the steps|steps (?:to|for)\b|"
    r"walk me through|show me how|(?:(?:best|easiest|quickest|simplest|right|other) )?ways? to\b|how (?!(?:many|much|his|her|their|its|my|your|our)\b)[\w.-]+(?: [\w.-]+)? works?\W*$|"
    r"(?:give|show|tell) me the steps|what(?:'s|s| is) the syntax (?:for|of|to)\b|"
    r"what(?:'s|s| is)? the (?:\w+\s+)?(?:way|command|commands) (?:to|for)\b|what commands? (?:do|should|can) i use)|"
    r",\s*how\W*$",
    re.I,
)
_HOW_COMPARE = re.compile(r"^\s*how\s+(?:does|do|is|are)\b.*\b(?:compare|differ|different|stack up)", re.I)
_DEFINITION = re.compile(
    r"^\s*(?:(?:what(?:'s|s|’s)|what\s+(?:is|are|was|were)|who(?:'s|s|’s|\s+(?:is|are|was|were))"
    r"(?!\s+(?:on|in|at|with|for|from|by|behind|responsible|involved|there|here)\b))\s+(?:a|an|the)?\s*"  # "who was on board"
    r"[\w./'’+-]+(?:\s+[\w./'’+-]+){0,4}\s*\??$|"
    r"define\b|meaning of\b|what does .+ (?:mean|stand for)\b|what (?:does|do) [\w./'’+-]+(?:\s+[\w./'’+-]+){0,3} (?:do|tell (?:me|us|you)|show(?: me| us)?)\s*\??$|"
    r"what (?:do|does) (?:you|we|they|people|it) mean by\b|what is meant by\b|explain\b|tell me about\b|describe\b|"
    r"what\s+(?:a|an|the)?\s*[\w./'’+-]+(?:\s+[\w./'’+-]+){0,3}\s+(?:is|are|means?)\s*\??$)",  # "…what a flag is"
    re.I,
)
# "what is KMS for?", "what is ammonia mostly used for?": what it serves, a reason to have it
_FOR = r"(?:(?:mostly|mainly|usually|really)\s+)?(?:(?:used|good|meant|needed)\s+)?for"  # "… mostly used for"
_PURPOSE = re.compile(
    r"^\s*what(?:'s|s|’s|\s+is|\s+are|\s+was|\s+were)\s+"
    rf"(?!.*\b(?:i|you|we|they|i'm|im|that|which|who|to|should|can|will)\b)\S.*?\s{_FOR}\s*\??$",
    re.I,
)
_LIST = re.compile(r"^\s*(?:which|what)\s+(?:are|kinds?|types?|examples?|\w+s\s+(?:are|do|does|can))\b", re.I)
_YES_NO = re.compile(rf"^\s*{_AUX}\b", re.I)


@dataclass(frozen=True)
class Facet:
    label: str  # a short name for the part, shown before its quotes
    query: str  # what to search with for this part
    kind: str
    subject: str = ""  # what the part is about, when it names one thing ("git push"): its answer opens with it


@dataclass(frozen=True)
class QuestionShape:
    text: str
    kind: str
    facets: tuple[Facet, ...]
    aspect: str = ""  # what a comparison compares the sides on ("time to value"), when it says

    @property
    def several(self) -> bool:
        return len(self.facets) > 1


# "what's the default timeout?", "what is the max size of a layer?": a value, not what the thing is
_ASKS_VALUE = re.compile(
    r"^\s*what(?:'s|s|’s|\s+is|\s+are)\s+the\s+(?:default|max|maximum|min|minimum|limit|size|number|price|cost)\b", re.I
)


def asked_part(text: str) -> str:
    """The question itself, past what a learner says before it: "hi!", "quick question -", "in git,", "I keep
    getting merge conflicts." (which stays in what is searched)."""
    text = re.sub(rf"^\s*{FILLER}*{_SETTING}(?=(?:{_WH}|{_AUX})\b)", "", text, flags=re.I)  # "in git, what is HEAD"
    if not ASKS.match(text) and not _is_comparing(text):  # "X vs Y, who was better" asks of both
        for lead_in in itertools.islice(_LEAD_IN_END.finditer(text), LEAD_INS):
            rest = text[lead_in.end() :]
            if ASKS.match(rest) and len(words(rest)) > 1:  # not "need to rename a branch, how"
                return rest
    return text


LEAD_INS = 4  # sentences or phrases said before the question that are looked past
_LEAD_IN_END = re.compile(r"[.!?:;,]\s+|\s+[-–—]+\s+")


def kind_of(text: str) -> str:
    text = without_emphasis(ASKING.sub("", asked_part(text), count=1))  # "hello! can you explain what a flag is?"
    if _WHY.search(text) or _PURPOSE.match(text):
        return "why"
    if _HOW.search(text):
        return "how"
    if _DEFINITION.search(text):
        return "fact" if _ASKS_VALUE.search(text) else "definition"
    if _LIST.search(text):
        return "list"
    if _YES_NO.search(text):
        return "yes/no"
    return "fact"


@functools.lru_cache(maxsize=1024)  # a turn's question is read by the conversation and by the answer
def analyse_question(text: str) -> QuestionShape:
    text = mended(re.sub(r"\s+", " ", without_aside(without_markup(text))).strip() or text)
    clauses = split_clauses(text)
    facets: list[Facet] = []
    context = ""
    compared_on = ""
    for clause in clauses:
        compared = comparison_sides(clause)  # a symbol is a side ("> vs >>"), never an item of an enumeration
        sides = [s for s in compared or enumeration(clause) if re.search(r"\w", s) or (compared and SYMBOL.match(s))]
        sides = sides if len(set(sides)) > 1 else []  # "> vs >!" compares nothing once "!" is read as the end
        if sides:
            aspect = compared_aspect(_DO_IN.sub(" do", clause), sides)  # "what do X and Y do in sqlite": where
            compared_on = compared_on or aspect
            side_kind = kind_of(clause) if aspect else "definition"  # "X vs Y" alone: what each one is
            if side_kind == "list" and not comparison_sides(clause):
                side_kind = "definition"  # "what are global events and page events in plugins?": what each one is
            if side_kind == "how" and _HOW_COMPARE.search(clause):
                side_kind = "fact"  # "how does X compare to Y" asks what each is like, not how to do something
            for side, distinct in zip(sides, distinct_words(sides)):
                # "~" alone finds little; every side, the sentences showing them (without "difference" and the like)
                query = f"{' '.join(sides) if SYMBOL.match(side) else side} {aspect}".strip()
                facets.append(Facet(part_label(side), query, side_kind, distinct))
        else:
            alone = not context or _stands_alone(clause)
            query = clause if alone else f"{context} {clause}"
            kind = kind_of(clause)
            asked = asked_part(clause)  # "two things: what does assert do…" is labelled "What does assert do…?"
            # "what do they actually do?" names nothing: it points back; "what is KMS for?" names KMS
            points = any(t in POINTING - {"one", "ones"} for t in words(asked))  # "whats their names"
            names = (kind == "definition" or bool(_PURPOSE.match(asked))) and alone and not points
            label = _subject(asked) if names else sentence_case(asked)
            subject = _subject(asked) if names else "" if alone else context
            facets.append(Facet(part_label(label) or part_label(asked), query, kind, subject))
        context = context or named_thing(clause) or _subject(clause)
    kind = "comparison" if any(comparison_sides(clause) for clause in clauses) else kind_of(text)
    if len(facets) <= 1 or len(facets) > MAX_FACETS:
        return QuestionShape(text, kind, (single_facet(text, kind),))
    return QuestionShape(text, kind, tuple(facets), compared_on if kind == "comparison" else "")


def single_facet(text: str, kind: str | None = None) -> Facet:
    """The whole question as its one part."""
    kind = kind or kind_of(text)
    asked = asked_part(text)
    subject = _subject(asked)
    named = kind == "definition" or bool(_PURPOSE.match(asked))  # "what is KMS for?" is about KMS
    named = named and bool(set(words(subject)) - POINTING - STOPWORDS)  # "I got a merge conflict. what is it?"
    label = part_label(subject) if named else ""  # "how do i cancel…" is labelled as asked, not "i cancel…"
    return Facet(label or part_label(sentence_case(asked)), text, kind, subject if named else "")


def split_clauses(text: str) -> list[str]:
    """Two questions in one: "what's a VPC and whats a subnet?" -> ["what's a VPC", "whats a subnet?"]."""
    parts = [p.strip(" ,;") for p in _CLAUSE_BREAK.split(text)]
    clauses: list[str] = []
    asked_with: list[str] = []  # "where and when was he born": one question, whose one sentence may say both
    for at, part in enumerate(parts):
        if _BARE_WH.match(part) and at + 1 < len(parts):
            asked_with.append(part.strip(" ,?"))
            continue
        part, asked_with = (f"{', '.join(asked_with)} and {part}" if asked_with else part), []
        if clauses and not ASKS.match(asked_part(clauses[-1])):
            clauses[-1] = f"{clauses[-1]}, {part}"  # "in the blog intro, what setup…" is one question
        elif clauses and _COMPARISON_TAIL.match(part) and _is_comparing(clauses[-1]):
            clauses[-1] = f"{clauses[-1]}, {part}"  # "X or Y, which is better?" is one question
        elif clauses and _WHY_NOT.match(part) and _WHY.search(clauses[-1]):
            clauses[-1] = f"{clauses[-1]}, {part}"  # "why bother with X, why not just Y" asks one reason
        elif len(words(part)) >= 2 or not clauses or _BARE_ASK.match(part):  # "who made git, and why?"
            clauses.append(part)
    return clauses


_BARE_ASK = re.compile(r"^why\W*$", re.I)
_BARE_WH = re.compile(r"^(?:why|when|where|how|who)\W*$", re.I)


def _is_comparing(clause: str) -> bool:
    return bool(VERSUS.search(clause) or EITHER.search(clause) or BETWEEN.search(clause) or COMPARED.search(clause))


def enumeration(clause: str) -> list[str]:
    """Several short items asked about together: "what do IAM, VPC and KMS each do", "what are connect, read and
    write timeouts", "what is X and Y"."""
    body = _ABOUT.sub("", strip_lead(re.sub(rf"^\s*{_AUX}\s+", "", REQUEST.sub("", clause, count=1), flags=re.I)))
    joined = _JOINED.search(body)  # the first "and": what comes before it is the list's other items, by commas
    head = body[: joined.start()].rstrip(", ") if joined else ""
    if not head:
        return []
    first, *middle = (item.strip() for item in head.split(","))
    middle = [m for m in middle if m]
    if any(re.fullmatch(_WH, item, re.I) for item in [first, *middle]):  # "how, when and where was he born"
        return []
    last = until_side_end(body[joined.end() :]) if joined else ""
    if not first or not last:
        return []
    listed = len(middle) > 0
    if BETWEEN.search(clause) or not (listed or _EACH.search(clause) or _two_names(clause, first, last)):
        return []
    items = [first, *middle, last]
    tail_words = last.split()
    if len(tail_words) > 1 and all(len(i.split()) == 1 for i in items[:-1]) and not _A_OR_THE.match(last):
        # "connect, read and write timeouts": the shared head noun follows the last item
        items = [*(f"{i} {' '.join(tail_words[1:])}" for i in items[:-1]), last]
        items[-1] = last
    items = [_ARTICLE.sub("", " ".join(_EACH.sub("", i).split())) for i in items]
    items = [_ITEM_END.split(i, maxsplit=1)[0].strip() for i in items]
    if any(not i or len(i.split()) > 4 for i in items):
        return []
    return items


_JOINED = re.compile(r"\s+(?:and|&)\s+(?=\S)", re.I)


def _two_names(clause: str, first: str, last: str) -> bool:
    """ "what do repo_url and edit_uri do", "what are global events and page events", "what is a commit and a branch";
    not one thing ("research and development") nor steps ("create a branch and switch to it")."""
    if kind_of(clause) not in ("definition", "list") and not _WHAT_DO.match(clause):
        return False
    named = [_ITEM_END.split(_ARTICLE.sub("", item.strip()), maxsplit=1)[0] for item in (first, last)]
    if all(_A_OR_THE.match(item) for item in (first, last)):  # "a commit and a branch"; not "the Tortoise and the Hare"
        titled = all(re.match(r"\s*the\s", item, re.I) for item in (first, last))
        return not (titled and all(w[:1].isupper() and not _IDENTIFIER.search(w) for w in named))
    return all(len(i.split()) >= 2 or _IDENTIFIER.search(i) for i in named)


# "--no-root", "-r", "ls()"
_IDENTIFIER = re.compile(r"\w[_./]\w|\b[A-Z]{2,}\b|\b[a-z]+[A-Z]\w*|(?<![\w-])--?[A-Za-z]|\w\(\)")
_DO_IN = re.compile(r"\sdo\s+(?:in|for|with|on)\s+[\w./+-]+\s*\??$", re.I)
_WHAT_DO = re.compile(r"^\s*what\s+(?:do|does)\s.+\sdo(?:\s+(?:in|for|with|on)\s+[\w./+-]+)?\s*\??$", re.I)
_A_OR_THE = re.compile(r"\s*(?:a|an|the)\s", re.I)
_ITEM_END = re.compile(r"\s+(?:do|does|mean|for|in|when|are|is)\b", re.I)  # "…and conditionals are there"


_ABOUT = re.compile(
    r"^(?:explain|describe|define|tell\s+me\s+about|(?:the\s+)?meaning\s+of|(?:(?:you|we)\s+)?meant?\s+by)\s+", re.I
)


def _subject(clause: str) -> str:
    """The words a clause is about: its text without the question words in front."""
    body = strip_lead(without_emphasis(clause)).rstrip("?!. ")
    body = _ABOUT.sub("", body)
    body = re.sub(
        r"\s+(?:do|does|mean|means|work|works|is|are|tells? (?:me|us|you)|shows?(?: me| us)?)$", "", body, flags=re.I
    )
    # "what is KMS for", "what is ammonia mostly used for": what it is for is asked of KMS, of ammonia
    body = re.sub(rf"\s+{_FOR}$", "", body, flags=re.I)
    return _ARTICLE.sub("", body)


def _stands_alone(clause: str) -> bool:
    """A later clause that names its own subject instead of pointing back ("it", "they", "that")."""
    from sagebot.answer.as_code import symbols_in  # as_code loads numpy: importing question analysis stays light

    tokens = words(clause)
    own = [t for t in tokens if t not in STOPWORDS and not re.fullmatch(_WH, t)]
    # what a thing does ("the cell"), not a symbol, which means something only where it is used ("the $ in $name")
    does = bool(_WHAT_DO.match(re.sub(r"^\s*(?:and|but|also|so|then)\s+", "", clause, flags=re.I)))
    does = does and not symbols_in(clause)
    # "…, and what is a subnet?", "…, and what does the cell do?"
    names_one = len(own) == 1 and (bool(_DEFINITION.search(clause)) or does)
    # "…, and whats the max size?": "the" and everyday words only, so the size of what was just named; what a thing
    # does is no size of another
    of_the_last = "the" in tokens and not does and all(zipf(t) >= EVERYDAY_ZIPF for t in own)
    return (len(own) >= 2 or names_one) and not of_the_last and not any(t in POINTING for t in tokens)


EVERYDAY_ZIPF = 4.5  # "max", "size", "default", "limit" (about 30 per million words and more)
POINTING = frozenset(
    ["it", "its", "it's", "they", "them", "their", "theirs", "that", "this", "these", "those", "one", "ones", "there"]
)
