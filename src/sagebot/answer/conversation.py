"""Follow-up questions: a question that leans on the conversation ("and how is it encrypted?", "and for RDS?") is
read with the last question the documents answered; a question with its own subject stands alone, and a refused
or off-topic turn is never carried forward."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sagebot.answer.acted_on import named_thing
from sagebot.answer.english import is_specific, zipf
from sagebot.answer.lead import FILLER_WORDS
from sagebot.answer.question import ASKS, EVERYDAY_ZIPF, FILLER, POINTING, analyse_question, asked_part
from sagebot.text import STOPWORDS, words

REFUSAL_OPENING = "The course documents don't cover this question"
_PERSONAL = frozenset(["he", "she", "his", "her", "him", "former", "latter", "same", "such"])
_ELLIPSIS = re.compile(
    rf"^\s*{FILLER}*(?:and|but|or|also|what about|how about|same for|"
    r"and for|and in|and on|and with|what if|and if|why|how come)\b",
    re.I,
)
_LEAD_FILLER = re.compile(rf"^\s*{FILLER}+", re.I)
_PRONOUN = re.compile(r"\b(it|they|them)\b", re.I)
# "what happened to him in the end?" after "who was bairam khan?": a person asked about by name
_NOT_A_NOUN = r"(?:a|an|the|to|in|on|at|for|from|with|and|or|after|before|when|during|then|later|again|about)\b"
_PERSON = re.compile(rf"\b(he|she|him)\b|\bher\b(?!\s+(?!{_NOT_A_NOUN})[a-z]{{3,}})", re.I)
_PERSONS = re.compile(rf"\b(his|her)\b(?=\s+(?!{_NOT_A_NOUN})[a-z]{{3,}})", re.I)  # "his army", "her father"
# "why does that matter?"; "is that taken into account…?", "is this enabled by default?": "that" is the subject of
# a participle ending the question or followed by a preposition; "this generated file" names another thing
_DEMONSTRATIVE = re.compile(
    r"\b(this|that|these|those)\b(?=\s*(?:[?.!,]|$|matter|help|work|mean|do|happen|"
    r"(?:[a-z]+ed|taken|given|written|known|shown|seen|done|made|set|kept|built|run|sent|held|paid|read)"
    r"(?=\s*(?:[?.!,]|$)|\s+(?:into|by|in|on|at|to|for|from|with|when|if|as|again|automatically|too|also)\b)))",
    re.I,
)
_POSSESSIVE = re.compile(r"\b(its|their)\b", re.I)
# "give me an example", "can you say more?", "what else?": a request for more of what was just said, in words that
# name nothing of their own (one of them asking for more: "why shouldn't i say 'just'…" asks about "just")
_ASKS_MORE = re.compile(r"more|else|another|elaborate|expand|details?|further|clarify|examples?")
_MORE_OF_IT = re.compile(
    rf"{_ASKS_MORE.pattern}|give|show|say|tell|anything|something|continue|go|on|explain|again|simply"
)
# "and a VPC?", "what about IAM?": the question before, of another thing
_ANOTHER = re.compile(
    r"(?:(?:what about|how about|same for|same with)\s+)?((?:(?:the|a|an)\s+)?([\w./+-]+(?:\s+[\w./+-]+){0,2}?))\s*\??",
    re.I,
)
_PREPOSITION = re.compile(
    r"(?:for|in|on|with|to|from|at|by|if|when|then|using|via|through|without|after|before|during|into|under|over)\b",
    re.I,
)
_GO_ON = re.compile(r"and|go on|keep going|such as|like what|for instance|e\.?g", re.I)
_ASKS_ABOUT = re.compile(r"(?:which|who|whom|whose|when|where|why|how)\b|what\b(?!\s+(?:else|more)\b)", re.I)
_ENDS_POINTING = re.compile(r"\b(?:one|instead)\s*[?.!]*\s*$", re.I)
# "is it ok to mix ammonia with bleach?": an "it" that stands for what follows it, not for anything said before
_EXPLETIVE_IT = re.compile(
    r"\b(?:is|was|would|will|isn't|wasn't)\s+it\s+(?:\w+\s+)?(?:ok|okay|alright|possible|safe|true|bad|good|better|"
    r"best|worth|necessary|normal|wise|smart|fine|legal|hard|easy|common|important|required|allowed|a good idea|"
    r"a bad idea)\s+(?:that|if|when|(?:to\s+\w+|\w+ing))\s+(?!(?:it|this|that|them|they)\b)[a-z]",
    re.I,
)  # "is it ok to mix ammonia…": the verb has an object of its own; "is it safe to use?" asks about what came before
_WHICH = re.compile(r"^\s*(?:so |ok |and )?which (?:one |of them |is |are |should |would |do )", re.I)
# "this project" is the learner's own; "this function", "that file" the one just named
_OWN_THINGS = frozenset(
    ["project", "projects", "repo", "repository", "app", "application", "machine", "computer", "laptop"]
)
_NAMED_FIRST = 2  # key words before the "it" of a lead-in that may say what it is ("so i committed a file…")
_OWN_SUBJECT = 3  # key words besides it that make a question about something of its own
# "ok thanks, and how do I undo it?", "got it. what's a remote?": said before a question, about nothing
_COURTESY_WORDS = ["thanks", "thank", "thx", "ty", "great", "cool", "nice", "perfect", "awesome", "understood"]
_COURTESY_WORDS += ["sense", "makes", "yes", "yeah", "yep", "sure", "alright", "interesting", "wow", "ah", "gotcha"]
_COURTESY = frozenset(FILLER_WORDS) | frozenset(_COURTESY_WORDS)
_COURTESY_LEAD = re.compile(
    rf"^\s*(?:(?:{'|'.join([*_COURTESY_WORDS, *FILLER_WORDS, 'you', 'got it', 'i see'])})\b[\s,]*)*?"
    rf"(?:{'|'.join([*_COURTESY_WORDS, 'you', 'got it', 'i see'])})\s*[,.!]+\s*(?=\S)",
    re.I,
)
_ONE = re.compile(r"\bone(?=\s*[?.!]*\s*$)", re.I)


@dataclass(frozen=True)
class Turn:
    question: str  # what the learner typed
    resolved: str  # what is answered: the question, or it read with the conversation
    search: str  # what to search with
    subject: str = ""  # what the turn is about, when that is a short name ("KMS"), for the next turn's pronouns
    follows: Turn | None = None  # the earlier turn it was read with, when it leans on the conversation
    unclear: bool = False  # it leans on the conversation, which has nothing answered to lean on
    person: bool = False  # the subject is someone asked about by name ("who was Bairam Khan?"): "he", "his" are them
    more: int = 0  # a request for more ("tell me more"): how many in a row, each past what the ones before quoted


def history_text(content: Any) -> str:
    """A history message's content as text (Gradio sends a list of parts; the HTTP API sends a str)."""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        return str(content.get("text", ""))
    if isinstance(content, Iterable):
        return " ".join(history_text(part) for part in content)
    return ""


def answered_questions(history: Iterable[Mapping[str, Any]] | None) -> list[tuple[str, bool]]:
    """(question, answered) for each user turn: answered unless the assistant's reply to it was a refusal."""
    turns: list[tuple[str, bool]] = []
    for message in history or []:
        text = history_text(message.get("content", "")).strip()
        if message.get("role") == "user" and text:
            turns.append((text, True))
        elif message.get("role") == "assistant" and turns and text.startswith(REFUSAL_OPENING):
            turns[-1] = (turns[-1][0], False)
    return turns


def depends_on_context(question: str) -> bool:
    """A pronoun or an ellipsis with nothing in the question itself to refer to."""
    said_first = question[: len(question) - len(asked_part(question))]  # "I got a merge conflict. what is it?"
    said = words(said_first)
    stated = [t for t in said if t not in STOPWORDS and t not in _PERSONAL and t not in _COURTESY]
    # "and if i ask for it to be distributed, what changes?": what is said first goes on from the turn before; not
    # "ok so i have a table that has duplicates", "so i committed a file with my password in it" (what "it" is)
    pronoun = next((at for at, t in enumerate(said) if t in ("it", "they", "them")), None)
    named_first = pronoun is not None and len([t for t in said[:pronoun] if t not in STOPWORDS]) > _NAMED_FIRST
    goes_on = bool(_LEAD_FILLER.match(said_first)) and pronoun is not None and not named_first
    if len(stated) >= 2 and not goes_on:
        return False  # it points to what the learner said just before it
    if said_first and not stated:  # "ok thanks, and how do I undo it?", "got it. what's a remote?"
        question = question[len(said_first) :]
    question = _COURTESY_LEAD.sub("", question)  # "great, and for RDS?"
    first = analyse_question(question).facets[0].query
    tokens = words(_EXPLETIVE_IT.sub(lambda m: m.group(0).replace(" it ", " ", 1), first))
    own = [t for t in tokens if t not in STOPWORDS and t not in POINTING and t not in _PERSONAL]
    pointers = [
        t
        for at, t in enumerate(tokens)
        if (t in POINTING or t in _PERSONAL)
        # "one commit" names a thing; "which one is…", "an example of one" point back
        and not (t in ("one", "ones") and at + 1 < len(tokens) and tokens[at + 1] not in STOPWORDS)
        # "which big companies have their headquarters…": "their" is the companies', said just before it
        and not (t in ("its", "their") and len([w for w in tokens[:at] if w in own]) >= 2)
        # "… use python 3.11 for this project": the learner's own project, in a question with a subject of its own
        and not (
            t in ("this", "these")
            and at + 1 < len(tokens)
            and tokens[at + 1] in _OWN_THINGS
            and len(set(own) - {tokens[at + 1]}) >= _OWN_SUBJECT
        )
    ]
    if pointers and not (
        len(own) >= 2 and set(pointers) <= {"one", "ones"}
    ):  # "which one…" with its own subject stands
        return True
    if _ELLIPSIS.match(question) and len(own) <= 3:
        return True
    if asks_for_more(question):
        return True
    if _ENDS_POINTING.search(question):  # "can you give me an example of one?", "what should I say instead?"
        return True
    # "which is faster?", "which should i use?": a choice between things it does not name
    return not own or (bool(_WHICH.match(question)) and all(zipf(t) >= EVERYDAY_ZIPF for t in own))


def last_user_question(history: Iterable[Mapping[str, Any]] | None) -> str | None:
    turns = answered_questions(history)
    return turns[-1][0] if turns else None


def resolve(question: str, history: Iterable[Mapping[str, Any]] | None) -> Turn:
    """The question as it is answered. Earlier turns are resolved in order, so "and its limits?" after "how is it
    encrypted?" after "what is KMS?" still reaches KMS."""
    topic: Turn | None = None
    for text, answered in answered_questions(history):
        turn = _read(text, topic)
        if turn.follows is not None and turn.follows.follows is not None:  # two turns back are enough
            turn = dataclasses.replace(turn, follows=dataclasses.replace(turn.follows, follows=None))
        topic = turn if answered and not turn.unclear else None
    return _read(question, topic)


def _read(question: str, topic: Turn | None) -> Turn:
    plain = _COURTESY_LEAD.sub("", question)  # "thanks! can you give an example?"
    if topic is None or not depends_on_context(question):
        person = _WHO_IS.match(question)
        subject = _short(person.group(1)) if person else _subject_of(question)
        unclear = topic is None and _names_nothing(plain)
        return Turn(question, question, question, subject, unclear=unclear, person=bool(person and subject))
    subject = topic.subject
    body = _LEAD_FILLER.sub("", plain).strip()
    found = [
        (m.start(), at, p)
        for at, p in enumerate(
            (_POSSESSIVE, _PRONOUN, _DEMONSTRATIVE, _ONE, *((_PERSONS, _PERSON) if topic.person else ()))
        )
        if (m := p.search(body))
    ]
    pointer = min(found)[2] if found else _DEMONSTRATIVE  # the first: "can it scale … on its own?" points with "it"
    if subject and pointer.search(body):
        resolved = pointer.sub(f"{subject}'s" if pointer in (_POSSESSIVE, _PERSONS) else subject, body, count=1)
        resolved = resolved[:1].upper() + resolved[1:]
        return Turn(question, resolved, resolved, subject, topic, person=topic.person)
    if asks_for_more(plain):  # "tell me more": the question before, asked again past what its answer quoted
        asked = topic.follows if topic.more and topic.follows is not None else topic  # "tell me more" again
        return Turn(question, asked.resolved, asked.search, subject, asked, person=topic.person, more=topic.more + 1)
    resolved, other = _asked_of_another(body, topic)
    if resolved:
        return Turn(question, resolved, resolved, other, topic, person=topic.person)
    following = f"{body} (following: {topic.resolved})"
    return Turn(question, following, f"{topic.search} {plain}", subject, topic, person=topic.person)


def _asked_of_another(body: str, topic: Turn) -> tuple[str, str]:
    """ "and a VPC?" after "what is a subnet?": "what is a VPC?", and the VPC. Only after a question asking what one
    thing is, and only for a name ("IAM", "akbar", "http/3"): "what about cost?", "and using the CLI?", "really?"
    ask about the thing before."""
    other = _ANOTHER.fullmatch(body)
    if not other or not topic.subject or analyse_question(topic.resolved).kind != "definition":
        return "", ""
    named, thing = other.group(1), other.group(2)
    if _PREPOSITION.match(thing) or ASKS.match(thing):  # "and for RDS?", "and using the CLI?"
        return "", ""
    if not any(is_specific(w) or any(c.isdigit() for c in w) for w in words(thing)):
        return "", ""
    said = re.compile(rf"(?:\b(?:the|a|an)\s+)?(?<![\w/.-]){re.escape(topic.subject)}(?![\w/-])", re.I)
    if not said.search(topic.resolved):
        return "", ""
    return said.sub(lambda _: named, topic.resolved, count=1), thing


# "who was anna giro", "who was anna giro, and what did she have to do with vivaldi"
_WHO_IS = re.compile(r"^\s*who (?:is|was|were|are) (.+?)\s*(?:[?,;]|\band (?:what|who|why|how|when|where)\b|$)", re.I)


def _short(name: str) -> str:
    """A name of one to four words, without what it is in ("cottard in the plague"); "responsible for backups",
    "the best player in…", "in charge of…", "the man in the iron mask" name a role or a description, not someone."""
    bare = re.sub(r"^(?:the|a|an)\s+", "", name.strip(), flags=re.I)
    role = re.search(r"\b(?:responsible|best|first|last|my|your|our)\b", bare, re.I)
    head, *place = re.split(r"\s+(?=(?:for|in|on|at|to|with|by|from|about)\b)", f" {bare}", maxsplit=1, flags=re.I)
    head = head.strip()
    described = bool(place) and (not head or all(zipf(w) >= EVERYDAY_ZIPF for w in head.split()))
    return head if 1 <= len(head.split()) <= 4 and not role and not described else ""


def _names_nothing(question: str) -> bool:
    """Only pointers and question words ("what does it do?", "why?"), or a request for more ("tell me more"):
    nothing of its own to answer about."""
    tokens = words(question)
    points = _ELLIPSIS.match(question) or any(t in POINTING or t in _PERSONAL for t in tokens)
    own = [t for t in tokens if t not in STOPWORDS and t not in POINTING and t not in _PERSONAL]
    return (bool(points) and not own) or asks_for_more(question)


def asks_for_more(question: str) -> bool:
    """ "can you say more?", "what else?", "give me an example": more of what was just answered; not "what does
    else do?", "what about more?", "which is used more?", which ask about something."""
    question = _COURTESY_LEAD.sub("", question)  # "thanks! such as?"
    if _GO_ON.fullmatch(_LEAD_FILLER.sub("", question).strip(" ?.!…")):
        return True
    if _ASKS_ABOUT.match(_LEAD_FILLER.sub("", question)):
        return False
    tokens = words(question)
    asks = any(_ASKS_MORE.fullmatch(t) for t in tokens)
    return asks and all(_MORE_OF_IT.fullmatch(t) or t in STOPWORDS or t in POINTING for t in tokens)


def _subject_of(question: str) -> str:
    """The short subject of a definition question ("what is KMS?" -> "KMS") or what a how-to question acts on
    ("how do i enable http/2 in httpx" -> "http/2"), or nothing."""
    shape = analyse_question(question)
    facet = shape.facets[0]
    if shape.several and (shape.kind == "comparison" or facet.kind != "definition"):
        return ""  # "what is X and how does it work?" is about X; "X vs Y" about neither alone
    if facet.kind == "definition":
        return facet.label if len(facet.label.split()) <= 6 else ""
    return named_thing(question)


def contextual_query(question: str, history: Iterable[Mapping[str, Any]] | None) -> str:
    """The text to search with (kept for the baselines in `sagebot eval`)."""
    return resolve(question, history).search
