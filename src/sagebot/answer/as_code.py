"""What a learner writes as code. A name written as code ("row_number") is one identifier, which the documents
write as it is or not at all. A symbol typed as a word ("> vs >>", "what does * do", "cd ..") is said in the
sentences that show it as code ("`command >> file` redirects a command's output…"): those sentences stand in for
it when searching, as a spelled-out acronym does."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

import numpy as np

from sagebot.answer.lead import AUX, WH
from sagebot.answer.sides import COMPARING_TERMS, SYMBOL
from sagebot.ingest.chunk import UNIT_KINDS
from sagebot.text import STOPWORDS, content_terms, display_unit, options_in, without_markup

if TYPE_CHECKING:
    from sagebot.index.store import LoadedIndex


class Documents(Protocol):
    """What these checks read of a Retriever (which imports this module)."""

    index: LoadedIndex
    vocabulary: dict[str, int]
    symbol_sentences: dict[str, list[int]]
    section_titles: str | None

    def unit_text(self, unit: int) -> str: ...


_OWN_NAME = re.compile(r"(?:my|your|our|the|this|new|old|test|some)_", re.I)
_CODE_NAME = re.compile(r"(?<![\w.-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w-])")


def code_names(question: str) -> list[str]:
    """Names written the way code writes them ("row_number", "auto_envvar_prefix"); not the learner's own ("my_list",
    "my_reads.fastq"), nor a file's ("sample_01.csv")."""
    text = without_markup(question)
    return [
        m.group(0)
        for m in _CODE_NAME.finditer(text)
        if not _OWN_NAME.match(m.group(0)) and not re.match(r"\.[A-Za-z]", text[m.end() :])
    ]


def writes(retriever: Documents, identifier: str) -> bool:
    """Whether some passage or heading writes the identifier as it is, case aside ("ROW_NUMBER()" writes
    "row_number", "### remote_name" too)."""
    wanted = identifier.casefold()
    if retriever.section_titles is None:
        retriever.section_titles = "\n".join(dict.fromkeys(c.section.casefold() for c in retriever.index.chunks))
    if wanted in retriever.section_titles:
        return True
    scores = retriever.index.keyword.get_scores([t for t in content_terms(identifier) if t in retriever.vocabulary])
    return any(wanted in retriever.index.chunks[int(c)].text.casefold() for c in np.flatnonzero(scores > 0))


# A run of operator characters standing alone between spaces: ">", ">>", "|", "*", "~", "..", "==", "&&"
_SYMBOL = re.compile(r"(?<!\S)[<>|*?~!=&$.;:+/\\#%^-]{1,3}(?!\S)")
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_PROSE = (UNIT_KINDS.index("sentence"), UNIT_KINDS.index("item"))
# how a question about a symbol is put: "what does * mean", "the difference between > and >>"
_FRAME = frozenset(["mean", "do", "use", "work"]) | COMPARING_TERMS
SYMBOL_SENTENCES = 2  # sentences naming a symbol in code that stand in for it
SYMBOL_SENTENCE_WORDS = 25  # longer ones say more than what the symbol does


def symbols_in(question: str) -> list[str]:
    """The symbols a question names, each once; a question's own closing "?" or "." is none."""
    text = re.sub(r"\s*[?!]+$", "", question.strip())  # "…between > and >>?": the question's own mark
    text = re.sub(r"(?<=\w)\.$", "", text)  # "cd .." keeps its ".."
    return list(dict.fromkeys(m.group(0) for m in _SYMBOL.finditer(text)))


# An operator a learner types ("?=", ":=", "2>", "&&", "$@"): the documents write it, or do not explain it
_OPERATOR = re.compile(r"(?<!\S)(?=[\d.*+/\\-]*[<>|=&:?!~^%$#@])[<>|=&:?!~^%$#@*+.\d/\\-]{2,4}(?!\S)")


def unwritten_symbols(retriever: Documents, question: str) -> list[str]:
    """The operators of two or more characters a question names that no passage writes."""
    text = re.sub(r"[?!.,]+$", "", without_markup(question).strip())
    found = [m.group(0) for m in _OPERATOR.finditer(text) if not re.fullmatch(r"[?!.]+|[\d.,:]+%?", m.group(0))]
    if not found:  # most questions: no pass over the corpus
        return []
    texts = [chunk.text.replace("\\", "") for chunk in retriever.index.chunks]  # escaped in Markdown: "2\>"
    return [symbol for symbol in dict.fromkeys(found) if not any(symbol in text for text in texts)]


def unwritten_code(retriever: Documents, question: str) -> list[str]:
    """The operators and the commands' options a question names that no passage writes."""
    return [*unwritten_symbols(retriever, question), *_unwritten_options(retriever, question)]


def _unwritten_options(retriever: Documents, question: str) -> list[str]:
    """A command's option ("git add -A", "ls -F") that no passage writes, named with its command: the documents
    never say what it does, however much they say of the command. Case counts: "-r" and "-R" differ. Letters
    run together ("-rf") are written when each is ("-r", "-f")."""
    text = without_markup(question)
    asked = list(_OPTION_AFTER.finditer(text))
    if not asked:
        return []
    passages = [chunk.text.replace("\\", "") for chunk in retriever.index.chunks]
    unwritten = []
    for found in asked:
        if found.group(1).lower() in ("like", "eg", "say"):  # "a shortened option like --verb": the learner's example
            continue
        option = re.sub(r"^(-[A-Za-z])\d+$", r"\1", found.group(2))  # "head -n4" is "-n 4" in the documents
        word = option.lstrip("-").lower()
        if len(word) > 1 and (word in STOPWORDS or re.fullmatch(rf"{WH}|{AUX}", word)):  # "question -what does…"
            continue
        each = [f"-{letter}" for letter in option[1:]] if re.fullmatch(r"-[A-Za-z]{2,4}", option) else [option]
        if _written(option, passages) or all(_written(one, passages) for one in each):
            continue
        unwritten.append(" ".join([*_command_before(text[: found.start(2)], passages), option]))
    return unwritten


def _command_before(text: str, passages: list[str]) -> list[str]:
    """The command an option is given to ("git add" of "git add -A"): the words before it, when the documents
    write them before some option; not "optional" of "an optional --verbose flag"."""
    before = re.findall(r"[A-Za-z][\w.]*", text)[-2:]
    for start in range(len(before)):
        command = before[start:]
        given = re.compile(rf"(?<![\w-]){re.escape(' '.join(command))}\s+--?[A-Za-z]")
        if any(given.search(passage) for passage in passages):
            return command
    return []


def _written(option: str, passages: list[str]) -> bool:
    pattern = re.compile(rf"(?<![\w-]){re.escape(option)}(?![\w-])")
    return any(pattern.search(passage) for passage in passages)


def said_of_symbols(retriever: Documents, question: str) -> list[str]:
    """For each symbol of the question, the first short prose sentences that show it in code, when the symbols
    are what the question is about: "what is the prompt, the $ thing…" says in words what it asks."""
    if len(set(content_terms(question)) - _FRAME) > 1:
        return []
    said: list[str] = []
    for symbol in symbols_in(question):
        said.extend(_short(retriever, _units_showing(retriever, symbol))[:SYMBOL_SENTENCES])
    return list(dict.fromkeys(said))


def said_of_options(retriever: Documents, question: str) -> list[str]:
    """For a command's option the question is about ("what does wc -l do?"), the first short prose sentences that
    show the option in code in a passage naming the command ("… we can use the `-l` flag for `lines`." after
    `wc bad_reads.txt`): the encoder alone hears "-l" as little more than noise."""
    asked = list(_OPTION_AFTER.finditer(without_markup(question)))
    if not asked or len(set(content_terms(question)) - _FRAME - {m.group(1).lower() for m in asked}) > 1:
        return []
    said: list[str] = []
    for found in asked:
        command = re.compile(rf"(?<![\w-]){re.escape(found.group(1))}(?![\w-])", re.I)
        chunks = retriever.index.chunks
        units = [
            unit
            for unit in _units_showing(retriever, found.group(2))
            if command.search(chunks[int(retriever.index.unit_chunk[unit])].text)
        ]
        said.extend(_short(retriever, units)[:SYMBOL_SENTENCES])
    return list(dict.fromkeys(said))


_OPTION_AFTER = re.compile(r"\b([A-Za-z][\w.]*)\s+(--?[A-Za-z][\w-]*)(?![\w-])")  # "wc -l": the command, its option


def _short(retriever: Documents, units: list[int]) -> list[str]:
    texts = (display_unit(retriever.unit_text(unit)) for unit in units)
    return [text for text in texts if len(text.split()) <= SYMBOL_SENTENCE_WORDS]


def shows_in_code(text: str, symbols: list[str]) -> bool:
    """Whether a sentence shows one of the symbols in its code ("`./`", "`command >> file`")."""
    return "`" in text and any(symbol in span.split() for span in _CODE_SPAN.findall(text) for symbol in symbols)


def _units_showing(retriever: Documents, symbol: str) -> list[int]:
    """The prose sentences showing the symbol in code, in the documents' order."""
    cache = retriever.symbol_sentences
    if symbol not in cache:
        kinds = retriever.index.unit_kinds
        cache[symbol] = [
            unit
            for unit in range(len(kinds))
            if kinds[unit] in _PROSE and shows_in_code(retriever.unit_text(unit), [symbol])
        ]
    return cache[symbol]


_OPENING_CODE_SPAN = re.compile(r"^`([^`\n]+)`")


def opening_code(text: str) -> set[str]:
    """The code a sentence opens with, as written in either form ("`httpx.Client()`", "`httpx.Client`")."""
    return {
        span.casefold().removeprefix("$ ").removesuffix("()").strip()
        for span in _OPENING_CODE_SPAN.findall(text.lstrip())
    } - {""}


def about_other_code(one: str, other: str, asked_options: frozenset[str]) -> bool:
    """ "`rm -i` will prompt you…" and "`rm -r` will delete…" are about different commands, however alike: each
    opens with the code it is about ("`httpx.Client`" and "`httpx.Client()`" name the same), or one names the
    option or symbol asked about and the other does not ("rm -r will delete…" beside "rm will not delete
    directories.", "… use the double-square bracket function: `[[`." beside "… you will likely use `[`.")."""
    if asked_options and _names_asked(one, asked_options) != _names_asked(other, asked_options):
        return True
    mine, theirs = opening_code(one), opening_code(other)
    return bool(mine and theirs) and not any(a in b or b in a for a in mine for b in theirs)


def _names_asked(text: str, asked: frozenset[str]) -> bool:
    return bool(options_in(text) & asked) or any(writes_symbol(text, a) for a in asked if SYMBOL.fullmatch(a))


_OPERATOR_MARKS = "<>=!&|~^%$#@*+-/:"  # ">=" writes no "=", "2>&1" no ">"


def writes_symbol(text: str, symbol: str) -> bool:
    """Whether a text writes the symbol itself, not as part of a longer one (">" of ">>" or ">="), nor as markup
    ("<kbd>", "*could*") or inside a word ("isn't")."""
    marks = re.escape("".join(set(symbol + _OPERATOR_MARKS)))
    glued = r"\w" if symbol[0] in _WORD_MARKS else ""  # "*could*", "isn't", "snake_case": no "*", "'" nor "_"
    pattern = rf"(?<![{marks}{glued}]){re.escape(symbol)}(?![{marks}{glued}])"
    return re.search(pattern, _TAG.sub(" ", text.replace("\\", ""))) is not None


_TAG = re.compile(r"</?[A-Za-z][^<>]*>")  # "<kbd>Shift</kbd>" writes no "<"
_WORD_MARKS = "*_'\"`"
