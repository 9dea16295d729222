"""What a comparison sets side by side: "X vs Y", "difference between X and Y", "X compared to Y", "X or Y, which
…" (the sides, and what they are compared on). Pure text work, as question analysis is; the question words and
the lead a learner puts before a question ("ok so what is…") are in answer/lead.py."""

from __future__ import annotations

import re

from sagebot.answer.lead import AS_SIDE, ASKING, AUX, FILLER, FILLER_WORDS, WH, remark_at, strip_lead
from sagebot.text import STOPWORDS, words

COMPARING_TERMS = frozenset(["difference", "different", "differ", "compar", "compare", "comparison", "versus", "vs"])

ARTICLE = re.compile(r"^(?:the|a|an|my|your|our|their|its|his|her)\s+", re.I)
MAX_SIDES = 4
SYMBOL = re.compile(r"[^\w\s]{1,3}$")  # a side that is an operator or a mark: ">>", "[[", "$@", "="

# A "?" ends a question, unless it is a side: "* and ?", "between ? and *", "* vs ?"
_END_MARK = rf"(?:[:;!]|{AS_SIDE}\?)"
_SIDE_END = re.compile(
    rf"\s*(?:{_END_MARK}|,|\s-\s|\s—\s|\s–\s|\s(?=(?:what|what's|whats|which|who|how|why)\b)|"
    # "lists vs tuples can i change them…": a question goes on after the last side
    r"\s(?=(?:did|do|does|can|could|is|are|was|were|will|would|should)\s+(?:i|you|we|they|he|she|it|either|both|"
    r"each|any|one|them|those|these)\b))",
    re.I,
)
LIST_END = re.compile(rf"\s*(?:{_END_MARK}|\s-\s|\s—\s|\s–\s|,?\s(?=(?:what|what's|whats|which|who|how|why)\b))", re.I)
VERSUS = re.compile(r"\s+(?:vs\.?|versus|v\.)\s+", re.I)
BETWEEN = re.compile(
    r"\b(?:difference|differences|different|differ|diff|compare|comparison|choose|similarity|similarities|"
    r"distinguish|distinction|contrast)\s+between\s+",
    re.I,
)
COMPARED = re.compile(
    r"\s+(?:compared\s+(?:to|with)|as\s+opposed\s+to|different\s+(?:from|than|to)|better\s+than|worse\s+than)\s+",
    re.I,
)
_HOW_COMPARE = re.compile(  # "how does X compare to Y", "how does X differ from Y"; not "… compare to decide…"
    r"^\s*how\s+(?:does|do|did)\s+(?:an?\s+|the\s+)?(.+?)\s+(?:compare\s+(?:to|with|against)|differ\s+from)\s+"
    r"(?:an?\s+|the\s+)?(?!(?:decide|see|check|find|make|get|know|tell)\b)(.+)$",
    re.I,
)
_COMPARE_VERB = re.compile(r"^\s*(?:compare|contrast)\s+", re.I)
EITHER = re.compile(r"\s+or\s+", re.I)
# "X vs Y for web apps": a phrase after the last side is the aspect, unless it goes on a participle ("the one used
# in LLMs", "written in C") or joins a name ("Ruby on Rails")
_ON_ASPECT = re.compile(r"\s+(?=(?:as|for|in|on|at|when|while|during|regarding)\s)", re.I)
_PARTICIPLE = re.compile(
    r"used|written|built|made|based|done|run|shown|given|known|seen|found|called|named|designed|developed|released|"
    r"published|introduced|created|defined|trained|hosted"
)
_COMPARATIVES = (
    r"(?:better|faster|slower|bigger|smaller|larger|cheaper|easier|harder|older|newer|longer|shorter|higher|lower|"
    r"safer|simpler|heavier|lighter|taller|hotter|colder|closer|deeper|wider)"
)
_WHICH_FIRST = re.compile(  # "which is bigger, A or B", "what should I use, A or B"
    rf"^\s*(?:which\b|what(?:'s|s| is| are)?\s+(?:the\s+)?(?:{_COMPARATIVES}|best|more|less|preferred)\b|"
    r"what\s+(?:should|would|do|can)\s+(?:i|you|we)\s+(?:use|pick|choose|recommend|learn)\b)",
    re.I,
)
_CHOOSE = re.compile(
    rf"^\s*{FILLER}*(?:(?:should|would|do)\s+(?:i|we|you)\s+(?:use|pick|choose|learn|prefer|go\s+with|start\s+with)\s+)?"
    rf"(?!(?:{WH}|{AUX}|i|you|we)\b)((?:[\w.+#/-]+\s+){{0,2}}?[\w.+#/-]+)\s+or\s+((?:[\w.+#/-]+\s+){{0,2}}?[\w.+#/-]+)"
    r"(?:\s+(?:for|in|on|when|with|to|as)\s+[^?]{1,40})?\s*\??$",  # "… for fixed data": what they are compared on
    re.I,
)
_WHICH_TAIL = re.compile(r"^\s*[,-]?\s*(?:which|what's|whats|what)\b", re.I)
# "which moon of mars is bigger phobos or deimos": the sides follow the comparative without a comma
_WHICH_THEN_SIDES = re.compile(
    rf"^\s*which\b(?:\s+[\w'-]+){{0,4}}?\s+(?:is|are|was|were)\s+(?:the\s+)?{_COMPARATIVES}\s+"
    r"(?!(?:or|for|to|in|on|at|with|when|if|than|because)\b)(\S.*?)\s+or\s+(\S.*)$",
    re.I,
)


def comparison_sides(clause: str) -> list[str]:
    """The things compared: "X vs Y", "difference between X and Y", "X compared to Y", "X or Y, which …"."""
    between = BETWEEN.search(clause)
    if between:
        end = LIST_END.search(clause, between.end())  # "between ? and *": the "?" after "between" is a side
        rest = _trimmed(clause[between.end() : end.start() if end else None])  # a list of sides keeps commas
        # "between how tarrou and cottard react to it"; not "between when to use lists and when to use tuples"
        asks_how = (
            re.match(r"how\s+", rest, re.I) if not re.search(r"\b(?:and|vs\.?|versus)\s+how\b", rest, re.I) else None
        )
        rest = rest[asks_how.end() :] if asks_how else rest
        sides = re.split(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&|vs\.?|versus)\s+", rest, flags=re.I)
        if asks_how and len(sides) >= 2:  # the last side is as long as the first; what they do follows it
            sides[-1] = " ".join(sides[-1].split()[: len(sides[0].split())])
        elif len(sides) >= 2 and SYMBOL.match(sides[0].strip()):  # "… between [ and [[ in R"
            sides[-1] = _without_aspect(sides[-1])
        return _shared_head(sides) if 2 <= len(sides) <= MAX_SIDES else []
    if how := _HOW_COMPARE.match(clause):  # not "why does my output differ from the lesson"
        return _shared_head([how.group(1), _without_aspect(until_side_end(how.group(2)))])
    for marker in (VERSUS, COMPARED):
        match = marker.search(clause)
        if match:
            before = clause[: match.start()].strip(" ,")
            before = before.strip(" ,:") if re.search(r"\w", before) else before  # ":= vs =" keeps its ":"
            # "up to date vs nothing to be done": a side that opens the clause is all of it, small words too
            whole = before and not any(re.fullmatch(rf"{WH}|{AUX}", w.lower()) for w in before.split())
            left = (
                re.sub(rf"^{FILLER}*(?:(?:the|a|an)\s+)?", "", before, flags=re.I)
                if whole
                else _trailing_phrase(before)
            )
            after = clause[match.end() :]  # "git add -A vs git add .": a "." standing alone is the command's
            keep_dot = bool(left) and after.split()[:1] == left.split()[:1]
            right = _without_aspect(until_side_end(after, keep_dot))  # "…gavaskar as captain"
            attribute = re.match(r"([a-z]+) of\s+(.+)$", left)  # "the price of EC2 vs Lambda"; not "Bank of America"
            if attribute and " of " not in f" {right.lower()} ":
                left = attribute.group(2)
            more = VERSUS.split(right) if marker is VERSUS else [right]  # "EC2 vs SageMaker vs RDS"
            return _shared_head([left, *more]) if left and all(more) and len(more) < MAX_SIDES else []
    if _COMPARE_VERB.match(clause):
        rest = until_side_end(_COMPARE_VERB.sub("", clause))
        sides = re.split(r"\s+(?:and|with|to|vs\.?)\s+", rest, maxsplit=1, flags=re.I)
        return _shared_head(sides) if len(sides) == 2 else []
    head, _, tail = (re.split(r"([,:])", clause, maxsplit=1) + ["", ""])[:3]
    if tail and _WHICH_TAIL.match(tail):
        sides = EITHER.split(head, maxsplit=1)
        if len(sides) == 2:
            return _shared_head([strip_lead(sides[0]), sides[1]])
    if tail and _WHICH_FIRST.match(head):  # "which is bigger, houston or toronto?"
        sides = EITHER.split(until_side_end(tail), maxsplit=1)
        return _shared_head(sides) if len(sides) == 2 else []
    chosen = _CHOOSE.match(clause)  # "should i use merge or rebase?", "merge or rebase?"
    named = set(words(chosen.group(1)) + words(chosen.group(2))) if chosen else set()
    if (
        chosen
        and not named & _NO_CHOICE
        and not re.match(rf"(?:{AUX}|{'|'.join(_PREPOSITIONS)})\b", chosen.group(2), re.I)
    ):
        return _shared_head([chosen.group(1), chosen.group(2)])
    then_sides = _WHICH_THEN_SIDES.match(clause)
    if then_sides and not tail:
        return _shared_head([then_sides.group(1), until_side_end(then_sides.group(2))])
    same = _THE_SAME.match(clause)  # "did the mauryas and the guptas have the same capital?"
    sides = [same.group(1), same.group(2)] if same else []
    return _shared_head(sides) if sides and not set(words(" ".join(sides))) & _NO_SIDE else []


# words that name no thing of their own to set beside another ("are these and those the same?")
_NO_SIDE = frozenset(
    ["it", "this", "that", "these", "those", "them", "he", "she"]
    + ["his", "hers", "her", "him", "not", "and", "one", "two"]
)
_NO_CHOICE = _NO_SIDE | frozenset(["or", "either", "neither", "yes", "true", "false"])  # "yes or no?" asks nothing
_SAME_VERB = (
    r"(?:have|has|had|use|uses|used|get|gets|got|do|does|did|work|works|worked|mean|means|meant|share|behave|need|"
    r"store|handle|cost|come|go|run|look|sound|taste|produce|produces|produced|give|gives|gave|return|returns|end|"
    r"ends|lead|leads|take|takes|make|makes|follow|follows|support|supports|show|shows|print|prints|create|creates|"
    r"contain|contains|hold|holds|keep|keeps|require|requires|cause|causes|matter|point)"
)
# "did the mauryas and the guptas have the same capital?", "are lists and tuples the same?", "how do cp and mv
# differ?": two things compared
_THE_SAME = re.compile(
    rf"^\s*{FILLER}*(?:(?:in\s+)?what\s+(?:ways?\s+)?|how\s+)?(?:is|are|was|were|do|does|did)\s+(?!(?:i|you|we|it|they)\b)(\S+(?:\s+\S+){{0,3}}?)\s+and\s+"
    rf"((?:(?:the|a|an)\s+)?(?:(?!{_SAME_VERB}\b)\S+\s+)?(?!(?:{_SAME_VERB}|the)\b)\S+)\s+"
    rf"(?:(?:{_SAME_VERB}\b(?:\s+\w+){{0,4}}?\s+)?(?:the\s+)?same\b(?!\s+(?:time|as)\b)|"
    r"(?:alike|similar|different|differ|compare|(?:have|has|had)\s+in\s+common)\b)",
    re.I,
)


def _without_aspect(side: str) -> str:
    """The last side without what it is compared on: "gavaskar as captain" -> "gavaskar"."""
    for match in _ON_ASPECT.finditer(side):
        before, after = side[: match.start()].split(), side[match.end() :].split()
        if not before or _PARTICIPLE.fullmatch(before[-1].lower()):
            continue
        if after[1:2] and before[-1][:1].isupper() and after[1][:1].isupper() and after[0].lower() in ("on", "of"):
            continue  # "Ruby on Rails"
        return side[: match.start()]
    return side


def distinct_words(sides: list[str]) -> list[str]:
    """What tells each side from the others: "git push" / "git pull" -> "push" / "pull"."""
    tokens = [words(side) for side in sides]
    common = set.intersection(*(set(t) for t in tokens)) if tokens else set()
    return [" ".join(t for t in side if t not in common) or " ".join(side) for side in tokens]


def _shared_head(sides: list[str]) -> list[str]:
    """ "soft and hard attention weights" -> ["soft attention weights", "hard attention weights"]."""
    one_command = len({s.split()[0].lower() for s in sides if s.split()}) == 1  # "git add ." beside "git add -A"
    sides = [ARTICLE.sub("", _trimmed(s, keep_dot=one_command)).strip() for s in sides]
    if any(not s for s in sides):
        return []
    head = sides[0].split()[-1]
    # "the original BPE or the one used in LLMs": "one" stands for the first side's noun
    sides = [re.sub(r"^ones?\b", head, s, flags=re.I) if at else s for at, s in enumerate(sides)]
    first, last = sides[0].split(), sides[-1].split()
    if len(first) > 1 and len(last) == 1 and all(_VALUE.fullmatch(w) for w in (first[-1], last[0])):
        return [*sides[:-1], " ".join([*first[:-1], last[0]])]  # "use_directory_urls true vs false", "python 2 or 3"
    opening = last[0].lower()
    at = next((i for i, w in enumerate(first) if i and w.lower() == opening), 0) if opening in _PREPOSITIONS else 0
    if len(last) > 1 and at:  # "hosting on my university's server or on github": hosting on github
        return [*sides[:-1], " ".join([*first[:at], *last])]
    named_on = all(w[:1].isalpha() for w in last[len(first) :])  # not "git add -A" beside "git add"
    if 1 < len(first) < len(last) and first[-1].lower() == last[len(first) - 1].lower() and named_on:
        # "northern andes vs southern andes weather": what follows the shared head is what they are compared on
        sides[-1] = " ".join(last[: len(first)])
        return sides
    shared = last[1:]  # a head of plain words ("attention weights"), not the rest of a name ("Ruby on Rails")
    plain = all(re.fullmatch(r"[a-z][a-z-]*", w) and w not in STOPWORDS for w in shared)  # not "-r"
    plain = plain and re.fullmatch(r"[a-z][\w-]*", first[0], re.I) is not None  # not "uvicorn.run()"
    variant = first[0].lower() == last[0].lower()  # "rm and rm -r": the last side is the first with more
    if len(first) == 1 and shared and plain and not variant and first[0].lower() != last[-1].lower():
        sides[0] = " ".join([first[0], *shared])
    return sides


_VALUE = re.compile(r"(?i:true|false|yes|no|on|off|enabled|disabled|none|null)|v?\d+(?:\.\d+)*")
_PREPOSITIONS = frozenset(["on", "in", "at", "with", "for", "by", "from", "to", "via", "using", "into", "over"])


def until_side_end(text: str, keep_dot: bool = False) -> str:
    match = _SIDE_END.search(text)  # "* vs ?": a side of marks alone is no end
    return _trimmed(text[: match.start()] if match and match.start() else text, keep_dot)


def _trimmed(text: str, keep_dot: bool = False) -> str:
    """Without the spaces, commas and closing "?" or "." around it; "cd .." keeps its "..", `keep_dot` a "."
    standing alone ("git add ."), and a side of marks alone its marks ("* vs ?")."""
    bare = re.sub(rf"\s*{AS_SIDE}\?+$", "", text.strip(" ,")) or text.strip(" ,")
    text = bare if keep_dot else re.sub(r"\s+\.$", "", bare)  # "tuples ." ends there
    return re.sub(r"(?<![.\s])\.$", "", text).strip(" ,") or text


def _trailing_phrase(text: str) -> str:
    """The noun phrase just before a comparison marker: "how are timeouts different in httpx" -> "httpx"."""
    tokens = text.strip(" ,:").split()
    phrase: list[str] = []
    for token in reversed(tokens):
        bare = token.lower().strip(",:?")
        if re.fullmatch(WH, bare) or re.fullmatch(AUX, bare) or (bare in STOPWORDS and bare != "of" and phrase):
            break
        if token.endswith((",", ":")) and phrase:  # "…open the file, reading vs writing": the side is "reading"
            break
        if bare not in STOPWORDS or bare == "of":  # "speed of light"
            phrase.insert(0, token)
    return re.sub(r"^of\s+", "", " ".join(phrase), flags=re.I).strip(" ,:")


def compared_aspect(clause: str, sides: list[str]) -> str:
    """What the comparison is about, without the sides: "ec2 vs rds: who takes care of failover" -> "who takes care of
    failover"."""
    clause = ASKING.sub("", clause, count=1)  # "can someone explain X and Y": no aspect in the request
    at = remark_at(clause)  # "X vs Y, whats the diff? people seem to use them alike": no aspect in the remark
    if at is not None and all(
        re.search(rf"(?<!\w){re.escape(s.split()[0])}(?!\w)", clause[:at], re.I) for s in sides if s
    ):
        clause = clause[: at + 1]
    rest = _THE_DIFF.sub(" ", clause)  # "whats the diff": shorthand for the difference
    for side in sides:
        for token in side.split():
            rest = re.sub(rf"(?<!\w){re.escape(token)}(?!\w)", " ", rest, count=1, flags=re.I)
    kept = [w for w in words(rest) if w not in STOPWORDS and w not in _COMPARISON_WORDS and w not in FILLER_WORDS]
    return " ".join(kept)


_THE_DIFF = re.compile(r"\bwhat(?:'s|s|\s+is)?\s+the\s+diff\b(?:\s+between\b)?", re.I)
_COMPARISON_WORDS = frozenset(
    [
        "vs",
        "versus",
        "difference",
        "differences",
        "different",
        "differ",
        "compare",
        "compared",
        "comparison",
        "better",
        "worse",
        "between",
        "one",
        "ones",
        "either",
        "neither",
        "both",
        "which",
        "whats",
        "what's",
        "what",
    ]
) | frozenset(["common", "similar", "similarity", "similarities", "alike", "contrast", "distinction", "distinguish"])
_COMPARISON_WORDS |= frozenset(["same", "ways", "define"])  # "define commit, branch and merge" compares on nothing
# "whats the actual difference", "the main difference": how big the difference is, not what it is in
_COMPARISON_WORDS |= frozenset(
    ["actual", "real", "main", "key", "big", "biggest", "major", "exact", "practical", "core"]
)
