"""Deciding whether the course documents cover a question, or one part of it.

The dense score alone lets near-misses through: "what does git stash do?" is close in meaning to every sentence
about git. Evidence that holds on any corpus catches what it misses, each piece a reason a learner can be shown:
- the question's focus holds a specific word that the documents never use ("stash", "GraphQL", "HIPAA"); a word
  is specific when it is rare in English at large (wordfreq's Zipf scale), so everyday words a learner adds
  ("good", "turn", "underneath") never count against a question;
- it asks for a figure, a date or code that the quoted sentences do not hold;
- nothing quotable is close enough in meaning: the best cosine, weighted by how much of the question's own
  vocabulary the documents have, is under `gate_threshold`, the one setting a course author moves.

A word the documents never use is as often the learner's own word for what they say in other words ("how do i
protect my code from it?" of SQL injection, which a lesson answers with escaping) as a thing they lack: of the
words named on questions written after these rules, about half were of each kind. A word English knows only as a
verb, an adjective or an adverb is the likelier to be the learner's way of asking; when the question asks about
more than that word and the rest of it is clearly covered, the word is named as a gap (`Verdict.gap`) above the
closest sentences rather than refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sagebot.answer.asked import (
    ASKING_NOUNS,
    GENERAL_VERBS,
    PLACEHOLDER_NOUNS,
    missing_maker,
    named_phrases,
    unknown_actions,
    unknown_asked_things,
    unknown_objects,
)
from sagebot.answer.english import (
    EVERYDAY_ZIPF,
    MODIFIER_ZIPF,
    SPECIFIC_ZIPF,
    clips_common_word,
    documentation_verbs,
    is_specific,
    misspells_common_word,
    noun_like,
    stood_for,
    unsaid_phrasal_verb,
    zipf,
)
from sagebot.answer.figures import asks_for_answer, asks_for_kind, expects_kind, holds_answer, missing_figure
from sagebot.answer.lead import unstretched
from sagebot.answer.lexicon import Lexicon
from sagebot.answer.sides import FILLER_WORDS
from sagebot.answer.word_class import how_asked, made_up_name, never_a_noun
from sagebot.text import STOPWORDS, fold_accents, stem, without_markup

__all__ = [
    "asks_for_answer",
    "asks_for_kind",
    "expects_kind",
    "holds_answer",
    "named_phrases",
]  # others take them from here

_ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th)")
_CENTURY = re.compile(r"\s+centur", re.I)  # "the 14th century" is a time the documents may never mention
_DECADE = re.compile(r"(\d{2,3})0s")


def _said_in_decade(word: str, lexicon: Lexicon) -> bool:
    """A decade ("1920s") or a century ("1800s") the documents give a year of."""
    decade = _DECADE.fullmatch(word)
    if not decade:
        return False
    start, span = (int(decade.group(1)) * 10, 100 if word.endswith("00s") else 10)
    return any(str(year) in lexicon for year in range(start, start + span))


_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][a-z]+)?|\d+[A-Za-z]+[A-Za-z0-9]*")


@dataclass(frozen=True)
class QueryAnalysis:
    terms: list[str]  # content terms of the question, stemmed
    known_terms: list[str]  # those the corpus has (typos and short forms mapped onto corpus words)
    expansions: list[str]  # spelled-out acronyms found in the corpus ("EDA" -> "Exploratory Data Analysis")
    unknown: list[str]  # specific words of the question that the corpus never uses
    # what a figure asked for must be said of: the specific words the corpus has ("claude", "gpus"), stemmed,
    # and the named phrases it mentions ("gpt-4"); the corpus's own subject (a word in most passages) aside
    subjects: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()  # everyday words of the question the corpus never uses ("garden", "fence")


@dataclass(frozen=True)
class Verdict:
    covered: bool
    score: float
    reason: str  # why not covered
    # covered, but with a word of the learner's the documents never use: named above the closest sentences
    gap: tuple[str, ...] = ()  # the words: "babysit"


def analyse(question: str, lexicon: Lexicon, acronyms: dict[str, str]) -> QueryAnalysis:
    terms: list[str] = []
    known: list[str] = []
    expansions: list[str] = []
    unknown: list[str] = []
    subjects: list[str] = []
    text = fold_accents(without_markup(question))
    tokens = list(_TOKEN.finditer(text))
    absent: list[int] = []  # positions of words the corpus lacks that are not specific on their own
    phrasal = stood_for(text, lexicon.exact_form)  # "get rid of", "ww2": the documents' "remove", "World War II"
    for position, found in enumerate(tokens):
        token = found.group(0)
        lower = unstretched(token).lower().replace("’", "'")  # "soooo slow"
        if lower in STOPWORDS or len(lower) < 2:
            continue
        term = stem(lower)
        terms.append(term)
        # An acronym ("QUIC", "GAN") is spelled exactly or not at all: it is no short form of a longer word.
        everyday = zipf(lower) >= EVERYDAY_ZIPF and not clips_common_word(lower)
        called = text.startswith("(", found.end())  # "dir()" is a name, no shorthand nor typo of another word
        exact = _is_acronym(token) or called
        match = lexicon.exact_form(term) if exact else lexicon.known_form(term, everyday, lower)
        if match:
            known.append(match)
            if is_specific(lower) and not misspells_common_word(lower):  # "originaly" names no subject
                subjects.append(match)
            if match != term and not (match.startswith(term) and len(match) - len(term) <= 3):
                expansions.append(match)  # "algos" -> "algorithm", "availabilty" -> "availability": for the encoder too
            elif match == term and len(term) <= 6 and clips_common_word(term):
                fuller = lexicon.fuller_form(term)  # "repo" -> "repository", when the corpus says it in full
                if fuller:
                    known.append(fuller)
                    expansions.append(fuller)
            continue
        if token.isupper() and token.upper() in acronyms:
            expansions.append(acronyms[token.upper()])
            continue
        if any(start <= found.start() < end for start, end in phrasal):
            continue
        if _ORDINAL.fullmatch(lower) and not _CENTURY.match(text, found.end()):  # "every 3rd element": a number
            continue
        if _said_in_decade(lower, lexicon):  # "the 1920s" of documents that say 1928
            continue
        if made_up_name(lower, lambda rest: bool(lexicon.exact_form(stem(rest)))):
            continue
        if lower in ASKING_NOUNS and re.search(rf"\b{lower}\s+(?:for|of|to|in|on)\b", text, re.I):
            continue  # "what's the syntax for…", "the gist of…"; not "what is syntax?"
        if (is_specific(lower) and not misspells_common_word(lower) and not _general_verb(lower)) or (
            _is_acronym(token) and zipf(lower) < SPECIFIC_ZIPF
        ):  # "acident", "enviroment": a slip on an everyday word, not a name the documents lack
            unknown.append(token)
        else:
            absent.append(position)
    for word in documentation_verbs(text):  # "get out of" -> "quit": the word the documents would use
        match = lexicon.exact_form(stem(word))
        if match and match not in known:
            known.append(match)
            expansions.append(word)
    unknown += _unknown_modifiers(text, tokens, absent, lexicon)
    unknown += unknown_asked_things(text, [tokens[at] for at in absent])
    unknown += unknown_actions(text, [tokens[at] for at in absent])
    unknown += unknown_objects(text, [tokens[at] for at in absent], lambda w: zipf(w) < MODIFIER_ZIPF)
    missing = tuple(dict.fromkeys(tokens[at].group(0).lower() for at in absent))
    return QueryAnalysis(
        terms, known, list(dict.fromkeys(expansions)), list(dict.fromkeys(unknown)), tuple(subjects), missing
    )


def _general_verb(word: str) -> bool:
    """ "grabbed", "swapping", "nuked": a form of a verb too general to name a subject (`GENERAL_VERBS`)."""
    base = stem(word)
    undoubled = base[:-1] if len(base) > 3 and base[-1] == base[-2] else base
    return bool({word, base, undoubled, f"{base}e"} & GENERAL_VERBS)


def _is_acronym(token: str) -> bool:
    return len(token) >= 3 and token.isupper() and token.isalpha()


def _unknown_modifiers(text: str, tokens: list[re.Match[str]], absent: list[int], lexicon: Lexicon) -> list[str]:
    """A word the corpus lacks that names the kind of a thing the corpus has ("beam search", "adam optimizer")
    asks about that kind: the phrase is one thing the documents never mention. The word is an uncommon one
    (under MODIFIER_ZIPF) that names a thing, set right before the other (one space or a hyphen between)."""
    found: list[str] = []
    for position in absent:
        if position + 1 >= len(tokens):
            continue
        word, head = tokens[position], tokens[position + 1]
        if text[word.end() : head.start()] not in (" ", "-") or not word.group(0).isalpha():
            continue
        after_subject = position and tokens[position - 1].group(0).lower() in _SUBJECT_PRONOUNS
        if after_subject and head.group(0).lower().endswith("ing"):
            continue  # "why would I bother setting…": a verb after its subject, no kind of setting
        head_word = head.group(0).lower()
        if len(word.group(0)) < 3 or len(head_word) < 3 or head_word in STOPWORDS or head_word in _PLACE_WORDS:
            continue
        if not lexicon.known_form(stem(head_word), spelled=head_word) or clips_common_word(word.group(0).lower()):
            continue
        if zipf(word.group(0).lower()) < MODIFIER_ZIPF and noun_like(word.group(0).lower()):
            found.append(text[word.start() : head.end()])
    return found


_SUBJECT_PRONOUNS = frozenset(["i", "you", "we", "they", "he", "she", "it"])
# "…startup empty inside my handlers": a place word after the other names no kind of thing
_PLACE_WORDS = frozenset(["inside", "outside", "within", "behind", "around", "across", "near", "along", "beside"])


_NAME_WORD = re.compile(r"[A-Z][A-Za-z0-9]*(?:['’]s)?|[a-z]+[A-Z][A-Za-z0-9]*")


def name_runs(question: str) -> list[str]:
    """Names of two or more capitalised words in a question typed in ordinary case ("SageMaker Ground Truth"):
    each word may be common, but the name is one thing, which the documents either mention or not. A Question
    Typed In Title Case says nothing this way, and neither does its first word."""
    tokens = re.findall(r"\S+", fold_accents(without_markup(question)))
    bare = [t.strip("?!.,;:()\"'“”‘’") for t in tokens]
    longer = [b for b in bare[1:] if len(b) >= 2 and b.isalpha()]  # Title Case capitalises (nearly) all of these
    if len(longer) >= 3 and sum(1 for b in longer if b[0].isupper()) >= 0.85 * len(longer):
        return []
    runs: list[str] = []
    run: list[str] = []
    for position, (token, word) in enumerate(zip(tokens, bare)):
        if position > 0 and word and _NAME_WORD.fullmatch(word) and not word.isupper():
            owner = word != re.sub(r"['’]s$", "", word)
            run.append(re.sub(r"['’]s$", "", word))
            if token == word and not owner:
                continue  # a word followed by punctuation ends the name, as an owner's does ("London's Royal Society")
        if len(run) >= 2:
            runs.append(" ".join(run))
        run = []
    if len(run) >= 2:
        runs.append(" ".join(run))
    return runs


# "how do i survey my garden before putting up a new fence": two everyday words the corpus never uses, and no
# sentence close in meaning, is a question on another subject that shares a word with this one ("survey").
FAR_AFIELD_WORDS = 2
FAR_AFIELD_COSINE = 0.52
# "ok and which service handles the encryption side?", "can i put a label next to it?": words of the asking, not
# of its subject (the commonest English words, adverbs, general verbs)
_PHRASING = frozenset(FILLER_WORDS) | PLACEHOLDER_NOUNS | frozenset(["side", "part", "end", "aspect", "stuff", "lot"])
TOPIC_WORD_ZIPF = 5.3


def _names_a_topic(word: str) -> bool:
    return (
        word not in _PHRASING and word not in GENERAL_VERBS and not word.endswith("ly") and zipf(word) < TOPIC_WORD_ZIPF
    )


# what the rest of a question with a word the documents never use must score, over the threshold, to be answered
# with the word named rather than refused: under it, "how do i make a sourdough starter" of HTTPX's "starting"
NAMED_GAP_MARGIN = 0.1
NAMED_GAP_TERMS = 2  # ...and ask about two things of its own, not only of the corpus's subject
TOGETHER_SHARE = 0.45  # under about half the key words of the question in any one passage found...
APART_MARGIN = 0.12  # ...and a score this little above the threshold: a question on another subject


def load_english() -> None:
    """Load what the gate reads a word with: English word frequencies, everyday words by length, parts of speech."""
    is_specific("qzxv")
    misspells_common_word("qzxvqzxv")
    never_a_noun("qzxv")


def judge(
    question: str,
    analysis: QueryAnalysis,
    best_cosine: float,
    quotes: list[str],
    threshold: float,
    says_every_word: bool = False,
    titles: list[str] | None = None,
    said_with: list[tuple[str, str]] | None = None,
    together: float = 1.0,
    common_terms: frozenset[str] = frozenset(),
) -> Verdict:
    """`says_every_word`: one of the best sentences holds every word of the question the corpus knows (two or
    more), which is evidence enough however low the cosine of a long or odd sentence runs. `titles`: each quote's
    document title, which may name what a measure is of ("Moon" for "the lunar surface…"). `said_with`: pairs of
    sentences where a figure in the second is said of what the first names (see `missing_figure`). `together`: the
    share of the question's key words one passage found holds (see `sentences.held_together`). `common_terms`: the
    question's words that are the corpus's own, in a good share of its passages ("git" in a lesson on git)."""
    if analysis.unknown:
        # "flaky", or their own example ("a 2 letter thing like 'QA'"): how they ask, not what they ask about
        learners_words = all(how_asked(w, question) for w in analysis.unknown)
        # "is aspirin addictive?", "can git encrypt my repo?": the word is all the question asks of its subject
        asks_more = len(set(analysis.known_terms) - common_terms) >= NAMED_GAP_TERMS
        if learners_words and asks_more:
            unknown_terms = {stem(w.lower()) for phrase in analysis.unknown for w in phrase.split()}
            rest = replace(analysis, unknown=[], terms=[t for t in analysis.terms if t not in unknown_terms])
            otherwise = judge(
                question, rest, best_cosine, quotes, threshold, says_every_word, titles, said_with, together
            )
            if otherwise.covered and otherwise.score >= threshold + NAMED_GAP_MARGIN:
                return replace(otherwise, gap=tuple(analysis.unknown))
        return Verdict(False, best_cosine, f"the documents never mention {', '.join(analysis.unknown)}")
    missing = missing_figure(question, quotes, analysis.subjects, titles, said_with) or missing_maker(question, quotes)
    if missing:
        return Verdict(False, best_cosine, missing)
    # not how the learner says it ("the bill is climbing") nor their example ("like 'QA'"), but what they ask about,
    # as the quality a "how" question asks for is ("how tall is aconcagua")
    afield = [w for w in analysis.absent if _names_a_topic(w) and not how_asked(w, question)]
    # "how do i get rid of ants in my kitchen": an action no passage found speaks of is far afield too
    far = len(afield) + unsaid_phrasal_verb(question, " ".join(quotes))
    if afield and far >= FAR_AFIELD_WORDS and best_cosine < FAR_AFIELD_COSINE:
        return Verdict(False, best_cosine, f"the documents never mention {', '.join(afield)}")
    coverage = len(analysis.known_terms) / len(analysis.terms) if analysis.terms else 1.0
    score = best_cosine * (0.7 + 0.3 * coverage)
    # "whats the capital of australia" in articles on Mars: its words are there, but in passages of their own
    apart = together < TOGETHER_SHARE and score < threshold + APART_MARGIN
    if (score < threshold or apart) and not says_every_word:
        return Verdict(False, score, "no passage is close enough in meaning")
    return Verdict(True, score, "")
