"""What scoring needs to know of one sentence, worked out once per index: its key words, what it opens with, and
what kind of sentence it is (a reason, a step, a definition; prose or code; a lesson's objective)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sagebot.answer.anaphora import EARLIER_PART, opens_with_anaphor
from sagebot.answer.exercises import sets_a_task
from sagebot.answer.prose import is_prose
from sagebot.ingest.chunk import UNIT_KINDS
from sagebot.text import content_terms, display_unit, words

if TYPE_CHECKING:
    from sagebot.answer.retrieve import Retriever

ROW, ITEM, QUESTION, CODE = (UNIT_KINDS.index(kind) for kind in ("row", "item", "question", "code"))
LEAD_TERMS = 6
DEFINED_WITHIN = 6  # words before "is a", "means", "refers to" in a sentence that defines what it opens with
SECOND_WORD_SHARE = 0.7  # "Continued sycophancy has…" opens less with "sycophancy" than "Sycophancy is…"
REPEAT_COSINE = 0.9  # two sentences this close in meaning say the same thing
CLOSE_COSINE, SHARED_WORDS = 0.8, 0.6  # or this close, sharing this share of the shorter one's key words
SHORT_FORM = 6  # letters of a short form ("auth", "config"); "timeout" is no short form of "timeoutexception"

_REASON = re.compile(
    r"\b(because|since|so that|so|therefore|thus|hence|which means|meaning|in order to|to avoid|avoids?|prevents?|"
    r"allows?|lets|(?<=\w )let(?!['’]s\b)|enables?|helps?|reduces?|saves?|benefits?|advantages?|otherwise|as a result|"
    r"the reason|due to|causes?|caused|leads? to|without|instead|rather than|can't|cannot|risk|problem|owing to|thanks to|"
    r"in hono(?:u)?r of|named (?:after|for))\b",
    re.I,
)
_STRONG_REASON = re.compile(
    r"\b(because|since|due to|so that|in order to|the reason|as a result|which is why|this is why|that is why|"
    r"therefore|thus|hence|caus(?:e|es|ed|ing)|leads? to|results? in|otherwise|owing to|on account of|thanks to|"
    r"in hono(?:u)?r of|named (?:after|for)|(?:allows?|enables?|helps?) (?:\w+ ){1,2}to \w+|"
    r"(?:helps?|lets) (?:us|you|them|one|people) \w+|(?<=\w )let (?:us|you|them|one|people) \w+)\b",
    re.I,
)
_REASONS_LISTED = re.compile(r"\breasons\b", re.I)  # "There are many reasons to learn about the shell:", a list
_STEP = re.compile(
    r"\b(by|using|use|run|runs|call|calls|set|sets|add|adds|pass|passes|create|configure|enable|first|then|next|"
    r"finally|step|steps|specify|provides?|handles?|automatically|works? by)\b",
    re.I,
)
_DEFINES = re.compile(r"\b(is|are)\s+(a|an|the)\b|\brefers? to\b|\bmeans?\b|\bstands? for\b|\bcalled\b|\bknown as\b")


@dataclass(frozen=True)
class UnitProfile:
    """What scoring needs of a sentence, worked out once per index: its key words and what kind of sentence it is."""

    text: str
    terms: frozenset[str]
    lead: tuple[str, ...]  # its first key words, in order: what the sentence is about
    pairs: frozenset[tuple[str, str]]
    prose: bool
    aside: bool  # a lesson's objective or a signpost: what the learner will do or read, not what is so
    fits: frozenset[str]  # the kinds it suits ("why", "how", "definition"…); "code lead", "fragment", "points back"
    template: bool  # said over and over ("This exercise should take about 5 minutes."), a reference, an exercise's task


def profile(retriever: Retriever, unit: int) -> UnitProfile:
    known = retriever.unit_profiles.get(unit)
    if isinstance(known, UnitProfile):
        return known
    text = retriever.unit_text(unit)
    terms = content_terms(text)
    kind = int(retriever.index.unit_kinds[unit])
    section = (sections := retriever.index.chunks[int(retriever.index.unit_chunk[unit])].section).split(" › ")[-1]
    made = UnitProfile(
        text,
        frozenset(terms),
        _lead(text, terms),
        frozenset(zip(terms, terms[1:])),
        kind == ROW or (kind != CODE and is_prose(text)),
        bool(_ASIDE_SECTION.match(section) or is_signpost(text)),
        frozenset(kind for kind in ("why", "how", "definition", "reason", "defines") if sentence_fits(kind, text))
        | ({"code lead"} if _leads_into(retriever, unit, text, CODE) else set())
        | ({"how"} if (lists := _leads_into(retriever, unit, text, ITEM)) else set())  # the ways or steps it lists
        | ({"why", "reason"} if lists and _REASONS_LISTED.search(text) else set())
        | ({"fragment"} if kind == ITEM and text[:1].islower() and not text.rstrip().endswith(".") else set())
        | ({"points back"} if opens_with_anaphor(text) else set()),  # "This has been used in…"
        retriever.is_boilerplate(unit)
        or bool(_REFERENCE_SECTION.match(section) or sets_a_task(sections, text))
        or (kind != ITEM and bool(_BROKEN_OFF.match(text)))
        or bool(_PLACEHOLDER.fullmatch(text.strip())),
    )
    retriever.unit_profiles[unit] = made
    return made


# The tail of a sentence whose formula was lost ("or the memory cell", ") also considering the activation…"): it
# says nothing on its own, however close its words come (a list's items may open so: "and a first-aid kit.")
_BROKEN_OFF = re.compile(r"^\s*(?:[)\]},;]|(?:or|and|whereas|which|where)\s)")
# "{{ uvicorn_help }}": a site generator's macro fills it in, so the documents hold no text there (a template's
# "{{ config.site_name }}" or "{% block content %}" is an example of the template language, and is quoted)
_PLACEHOLDER = re.compile(r"\{\{\s*[a-z0-9]+(?:_[a-z0-9]+)+\s*\}\}")
_NAMED_THEN_SHORT = re.compile(r"^[^()]{3,80}?\(([A-Z][A-Za-z0-9-]{1,10})\)")


def _lead(text: str, terms: list[str]) -> tuple[str, ...]:
    """A sentence's first key words; one opening with a name and its short form ("Long short-term memory (LSTM) is
    …") opens with the short form too."""
    named = _NAMED_THEN_SHORT.match(text)
    if named and len(named.group(0).split()) <= LEAD_TERMS + 2 and _abbreviates(named.group(1), named.group(0)):
        return tuple([*content_terms(named.group(1)), *terms][:LEAD_TERMS])
    return tuple(terms[:LEAD_TERMS])


def _abbreviates(short: str, before: str) -> bool:
    """ "LSTM" is the initials of the words that open the sentence ("Long short-term memory (LSTM) is…", "The
    Gated Recurrent Units (GRUs)…"); not "Linux" in "Gedit (Linux)", "PDF" after "Archived", nor "CNNs" in "Also,
    LSTM combined with convolutional neural networks (CNNs)…", which opens with something else."""
    letters = re.sub(r"s$", "", re.sub(r"[^A-Za-z]", "", short)).lower()
    names = re.findall(r"[A-Za-z0-9]+", before[: before.rfind("(")])
    opening = len(names) <= len(letters) + 1  # an article may come first
    return len(letters) >= 2 and opening and "".join(w[0] for w in names[-len(letters) :]).lower() == letters


def _leads_into(retriever: Retriever, unit: int, text: str, kind: int) -> bool:
    """ "Let's add and commit .gitignore:" right before a command sets up code; "… consider these approaches to
    reducing them:" right before a list's items sets up the list."""
    index = retriever.index
    if not opens_more(text) or unit + 1 >= len(index.unit_kinds) or index.unit_kinds[unit + 1] != kind:
        return False
    here, after = (index.chunks[int(index.unit_chunk[u])] for u in (unit, unit + 1))
    return (here.source, here.document) == (after.source, after.document)


def subject_weights(subject: str, retriever: Retriever) -> dict[str, float]:
    """The key words of what a part is about, each weighted by its rarity in the corpus."""
    return {term: retriever.idf(term) for term in content_terms(subject)}


ASIDE_PENALTY = 0.25  # a learning objective ("Distinguish desirable from undesirable load.") or a signpost
FRAGMENT_PENALTY = 0.05  # "our name and email address," says something only with its list's opening sentence
CODE_LEAD_PENALTY = 0.15  # "Let's commit .gitignore:" sets up a command: it gives no reason and no meaning


def standing_penalty(known: UnitProfile, kind: str) -> float:
    """What a sentence loses for what it is, whatever it says: an aside, a list item's fragment, a sentence that
    only sets up code when the question asks why or what ("… helps us avoid adding files…:" gives a reason)."""
    penalty = ASIDE_PENALTY if known.aside else 0.0
    if "fragment" in known.fits:
        penalty += FRAGMENT_PENALTY
    if kind in ("why", "definition") and "code lead" in known.fits and not (kind == "why" and "reason" in known.fits):
        penalty += CODE_LEAD_PENALTY
    return penalty


def is_signpost(text: str) -> bool:
    """About the document itself, not its subject: "In this episode, we…", "For details, see [Timeouts](…)"."""
    return bool(_SIGNPOST.search(text) or _SEE.match(text))


def sentence_fits(kind: str, text: str) -> bool:
    if kind == "reason":
        return bool(_STRONG_REASON.search(text))
    if kind == "why":
        return bool(_REASON.search(text))
    if kind == "how":
        return bool(_STEP.search(text))
    if kind == "definition":
        return bool(_DEFINES.search(text))
    if kind == "defines":  # says what its opening words are: "HTTP basic authentication is an unencrypted scheme…"
        found = _DEFINES.search(text)
        return found is not None and len(text[: found.start()].split()) <= DEFINED_WITHIN
    return False


_ASIDE_SECTION = re.compile(r"^(?:learning )?objectives?$|^learning (?:outcomes?|goals)$", re.I)
# An article's lists of sources: titles of other works, which answer nothing here
_REFERENCE_SECTION = re.compile(
    r"^(?:references|bibliography|further reading|external links|see also|notes|citations|sources|works cited)$", re.I
)
# A sentence about the document itself, not its subject: "In this episode, we introduced…", "This section explains
# how it works…", "For more details, see…", "We discussed in a previous episode how…".
_DOC_PART = r"(?:section|episode|chapter|lesson|page|tutorial|guide|module|article|part)"
_SIGNPOST = re.compile(
    rf"^(?:[*_]*note[*_:]*\s+)?(?:in|by the end of) (?:(?:this|the (?:next|previous|last)) {_DOC_PART}|the (?:[\w-]+ ){{0,4}}?"
    r"(?:guide|tutorial|lesson|chapter|documentation)),? (?:we|you)\b|"
    rf"^(?:this|the (?:next|previous|following)) {_DOC_PART} (?:explains|covers|describes|introduces|shows|will "
    r"(?:show|explain|cover|teach|introduce|look))\b|"
    r"^(?:(?:next|later|first|now),? )?we(?: will|'ll) (?:see|learn|look at|cover)\b|"
    r"^(?:read more|for (?:more|further) (?:details|information))\b|^\[[^\]]+\]\([^)\s]*\)\W*$|"
    rf"^(?:we|you)\b[^.]*\b(?:in|during) (?:a|an|the) (?:previous|earlier|later|next|future|upcoming) {_DOC_PART}\b|"
    rf"\b(?:refer to|check out) (?:our|the) (?:[\w-]+ ){{0,3}}(?:{_DOC_PART}|guide|documentation|docs)\b",
    re.I,
)
_SEE = re.compile(
    r"^See (?:also\b|the |our |\[|[A-Z`{])|^(?:For|To)\b(?! (?:example|instance))[^.;:]{0,80}?, (?:please )?(?:see|refer to) (?:the |our )?[\[A-Z`{]"
)


def opens_with(subject: dict[str, float], lead: tuple[str, ...]) -> float:
    """How far a sentence opens with the subject (its key words, each with its weight): its first key words are
    the subject's (a glossary row, "X is…", "X copies…"), not a passing mention further on. 0 to 1; the rarer
    subject words count more, and a sentence whose very first key word is the subject's more than one whose
    second is."""
    if not subject:
        return 0.0
    window = tuple(_as_subject_word(term, subject) for term in lead[: len(subject) + 1])
    if not window or not set(window[:2]) & subject.keys():
        return 0.0
    share = sum(subject[t] for t in set(window) & subject.keys()) / (sum(subject.values()) or 1.0)
    if share < 0.5:
        return 0.0
    return share if window[0] in subject else share * SECOND_WORD_SHARE


def _as_subject_word(term: str, subject: dict[str, float]) -> str:
    """A sentence's word that spells out a subject word the learner shortened: "authentication" for "auth"."""
    if term in subject:
        return term
    forms = _forms_of(term)
    return next((word for word in subject if word in forms), term)


@functools.lru_cache(maxsize=4096)
def _forms_of(term: str) -> frozenset[str]:
    return short_forms(frozenset([term]))


@functools.lru_cache(maxsize=4096)
def short_forms(terms: frozenset[str]) -> frozenset[str]:
    """Every short form the words spell out in full: "auth" of "authentication", "config" of "configuration"."""
    return frozenset(other[:size] for other in terms for size in range(4, min(SHORT_FORM, len(other) - 3) + 1))


def says_the_same(cosine: float, terms: frozenset[str], other: frozenset[str]) -> bool:
    """Two sentences that say the same thing: the KMS definition from the briefing and from the glossary; not two
    giving different figures ("… has an index of 0." / "In R, the first element is 1.")."""
    figures, others = ({t for t in words if t.isdigit()} for words in (terms, other))
    if figures and others and not figures & others and terms - figures != other - others:
        return False  # but "… for example --workers 4." / "… --workers 2." is one sentence with another example
    shared = len(terms & other) / (min(len(terms), len(other)) or 1)
    return cosine > REPEAT_COSINE or terms == other or (cosine > CLOSE_COSINE and shared >= SHARED_WORDS)


_CONTINUATION = re.compile(
    r"^(this|these|that|those|it|its|they|their|them|such|here|in its place|instead|however|but|the truth|"
    r"the reality|the answer|in short|for example|for instance)\b",
    re.I,
)


def opens_more(sentence: str) -> bool:
    """ "… include:", "… could be done like this…", or a procedure's title ("To configure a dead-letter queue",
    over its numbered steps): it says nothing without what follows it."""
    return bool(_OPENS_MORE.search(sentence)) or names_procedure(sentence)


def names_procedure(sentence: str) -> bool:
    """A procedure's title: "To configure a dead-letter queue", with no closing stop, over its numbered steps."""
    return sentence.lstrip("*_ ").startswith("To ") and bool(_PROCEDURE_TITLE.match(display_unit(sentence)))


# no comma and no closing stop ("To install Python 3.12 on Windows"): a title, not a sentence
_PROCEDURE_TITLE = re.compile(r"^To [a-z]+(?:\s+[^\s,!?:;]+){0,12}(?<![.!?:;,])\s*$")
_OPENS_MORE = re.compile(r"(?::|\b(?:this|so|follows)\s*(?:\.\.\.|…))\s*$")


def sets_up_next(sentence: str, following: str) -> bool:
    return opens_more(sentence) or len(words(sentence)) <= 8 or bool(_CONTINUATION.match(following))


def list_opening(retriever: Retriever, unit: int, text: str) -> int | None:
    """For a list item that is only a fragment ("our name and email address,"), the sentence that opens its
    list ("… we will set as we get started with Git:")."""
    index = retriever.index
    chunk = int(index.unit_chunk[unit])
    if index.unit_kinds[unit] != ITEM or not text[:1].islower():
        return None
    unit -= 1
    while unit >= 0 and int(index.unit_chunk[unit]) == chunk and index.unit_kinds[unit] == ITEM:
        unit -= 1
    if unit < 0 or int(index.unit_chunk[unit]) != chunk or not opens_more(retriever.unit_text(unit)):
        return None
    return unit


def read_with_title(known: UnitProfile, title: list[str]) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The key words and pairs of a sentence read with the heading it opens a section under: "### repo_url" /
    "When set, provides a link…" is about repo_url."""
    if not title:
        return known.terms, known.pairs
    return known.terms | set(title), known.pairs | set(zip(title, title[1:]))


def title_names(title: list[str], subject: str, sentence: str) -> bool:
    """A heading naming the subject ("ground truth" by "Amazon SageMaker Ground Truth"; "url" only by "URL"), over
    a first sentence that says what it is, not one that moves the lesson on ("Now let us…", "In the above…")."""
    if not title:
        return False
    named = content_terms(subject)
    opens_with_title = content_terms(sentence)[: len(title)] == title  # "## Go" / "Go is…", "## Click" / "Click is…"
    if not named or (_MOVES_ON.match(sentence) and not opens_with_title) or is_signpost(sentence):
        return False
    return title == named or (len(named) >= 2 and title[-len(named) :] == named)


_MOVES_ON = re.compile(
    r"^\W*(?:now|next|first|then|so|ok|okay|here|let's|let us|we|you|i|in this|open|click|run|type|start|go|try|"
    rf"make sure|remember|note that|{EARLIER_PART}|(?:in|from) the last \w+|as (?:shown )?above)\b",
    re.I,
)
