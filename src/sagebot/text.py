"""Small text helpers: sentence spans, word tokens for keyword search, display forms."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from sagebot.markup import pipe_cells, strip_markup

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = {
    "e.g",
    "i.e",
    "etc",
    "vs",
    "cf",
    "approx",
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "inc",
    "ltd",
    "co",
    "no",
    "fig",
    "eq",
    "sec",
    "vol",
    "al",
    "jr",
    "sr",
    "st",
    "u.s",
    "u.k",
    "a.m",
    "p.m",
    "ca",
}
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)")
# In plain text exported from articles, a full stop with no space after it between two words of prose also ends
# one ("the Texas Triangle.Comprising a land area"), where the export ran two paragraphs together. Not in Markdown or
# HTML, where "React.Component in your class" names code.
_RUN_TOGETHER_END = re.compile(_SENTENCE_END.pattern + r"|(?<=[a-z)])\.(?=[A-Z][a-z]*\s[a-z(])")
LIST_MARKER = r"(?:[*+\-•]|\d{1,3}[.)])"  # "- ", "* ", "1." or "2)" opening a list item
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


def sentence_spans(text: str, offset: int = 0, run_together: bool = False) -> list[tuple[int, int]]:
    """Split text into sentence spans (start, end) relative to offset, trimmed of whitespace. `run_together`: the
    text may run sentences together without a space (plain text exported from articles)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in (_RUN_TOGETHER_END if run_together else _SENTENCE_END).finditer(text):
        end = match.end()
        if not _ends_sentence(text, match.start(), end):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        s, e = _trim(text, s, e)
        if e > s:
            trimmed.append((s + offset, e + offset))
    return trimmed


def _ends_sentence(text: str, punct_start: int, end: int) -> bool:
    if text[punct_start] == ".":
        word_start = punct_start
        while word_start > max(0, punct_start - 40) and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
            word_start -= 1
        word = text[word_start:punct_start].lower()
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            return False
        if word.isdigit() and word_start == 0:  # "1." at the start of a numbered item
            return False
        glued = end < len(text) and not text[end].isspace()
        if glued and not ((word.isalpha() and len(word) >= 3) or text[punct_start - 1] == ")"):
            return False
        if glued and word and word_start > 0 and not text[word_start - 1].isspace():  # "`os.Path` is…"
            return False
    following = _NEXT_CHARACTER.search(text, end)  # not text[end:]: a copy per sentence is quadratic in a long text
    if following is None:
        return True
    # A sentence starts with a capital, a digit, a quote or a bracket; "e.g. the" style lowercase continues.
    return not following.group(0).islower()


_NEXT_CHARACTER = re.compile(r"\S")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_STOPWORD_TEXT = """
    a about above after again against all also am an and any are aren't as at be because been before being below
    between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
    few for from further had hadn't has hasn't have haven't having he her here hers herself him himself his how
    i if in into is isn't it it's its itself just let's me more most mustn't my myself no nor not of off on once
    only or other ought our ours ourselves out over own same shan't she should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they this those through to too under until
    up very was wasn't we were weren't what what's when where where's which while who who's whom why why's will
    with won't would wouldn't you your yours yourself yourselves tell explain describe mean means meant please
    per whats hows wheres whos thing things way ways really actually kind sort like get gets got use used using
    uses exactly basically precisely
"""
_CONTRACTIONS_WITHOUT_APOSTROPHE = """
    isnt arent wasnt werent dont doesnt didnt cant wont shouldnt wouldnt couldnt hasnt havent im ive youre thats
    whats hows whos wheres theres
"""
# "what do ppl usually…", "my build is borked lol": how a learner chats, no subject of the question
_CHAT_SHORTHAND = """
    ppl pls plz thx thanx thnx tyvm btw idk imo imho tbh afaik smth sth ur cuz coz tho altho thru aswell ngl tbf fyi
    iirc lol jk ikr fwiw smh idc nvm ofc obv obvs rn irl asap tmrw prob probs kk okie meh oops whoops yikes dang darn
    sorta dunno lemme gimme yall tryna hafta somethin nothin noob newb borked janky wonky glitchy hacky
"""
# "why does webb have to be kept so insanely cold?": how strongly a learner feels, no subject of the question
_INTENSIFIERS = "insanely ridiculously awfully hella"  # rare ones: "extremely randomized trees" names a method
STOPWORDS = frozenset(
    _STOPWORD_TEXT.split() + _CONTRACTIONS_WITHOUT_APOSTROPHE.split() + _CHAT_SHORTHAND.split() + _INTENSIFIERS.split()
)


def words(text: str) -> list[str]:
    # the same sentences are read for every question that finds them; a long text is read afresh
    return list(_words(text)) if len(text) <= _CACHED_TEXT else list(_words.__wrapped__(text))


_CACHED_TEXT = 2000


@functools.lru_cache(maxsize=1 << 14)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower().replace("’", "'") for w in _WORD.findall(fold_accents(text)))


_MARKUP = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|</?[A-Za-z][^<>]{0,300}>", re.I | re.S)


def without_markup(text: str) -> str:
    """A question as words: HTML tags and scripts pasted around it are not what it asks about."""
    return _MARKUP.sub(" ", text) if "<" in text else text


def fold_accents(text: str) -> str:
    """ "Céloron" -> "Celoron", so a learner's unaccented spelling meets the document's."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A deliberately light stemmer: plural and common verb endings, so 'containers' meets 'container'."""
    # the same few thousand words, stemmed for every question and sentence; a word too long to be one is not kept
    return _stem(word) if len(word) <= _CACHED_WORD else _stem.__wrapped__(word)


_CACHED_WORD = 40


@functools.lru_cache(maxsize=1 << 15)
def _stem(word: str) -> str:
    for suffix, replacement in (
        ("ies", "y"),
        ("ied", "y"),
        ("sses", "ss"),
        ("'s", ""),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "sses", "zes")):
                return word[:-1]
            return word[: len(word) - len(suffix)] + replacement
    return word


def content_terms(text: str) -> list[str]:
    """Stemmed words that carry meaning (no stopwords), in order, for keyword search."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and not (len(w) == 1 and not w.isdigit())]


_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")


def options_in(text: str, fold: bool = True) -> frozenset[str]:
    """A command's options named in a text ("-r", "--force"): what tells "rm -r" from "rm -i", which key words alone
    do not. Unfolded, "-R" and "-r" are two options, as they are to most commands."""
    return frozenset(_OPTION.findall(text.casefold() if fold else text))


@functools.lru_cache(maxsize=1 << 12)
def display_unit(text: str) -> str:
    """How a quoted unit reads inline: bullets dropped, table cells joined, Markdown and HTML markup removed."""
    text = re.sub(r"^\s*(?:[*+\-•]|\d+[.)])\s+", "", strip_markup(text))
    cells = [c.strip() for c in (pipe_cells(text) or text.split("\t")) if c.strip()]
    if len(cells) > 1:
        text = " — ".join(cells) if len(cells) == 2 else " | ".join(cells)
    return re.sub(r"\s+", " ", text).strip()


def iter_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) for every line, end excluding the newline."""
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        yield pos, pos + len(stripped), stripped
        pos += len(line)
