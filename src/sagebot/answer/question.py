"""What a question asks: its kind (definition, why, how, comparison, list, yes/no, fact) and its facets, the parts
a complete answer has ("What does KMS encrypt, and what does IAM control?" has two; "EC2 vs SageMaker" has one per
side). Pure text work: no model, no index."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from sagebot.text import STOPWORDS, without_markup, words

KINDS = ("definition", "why", "how", "comparison", "list", "yes/no", "fact")
MAX_FACETS = 4

_WH = r"(?:what|what's|whats|who|whom|whose|which|when|where|why|how)"
_AUX = r"(?:is|are|was|were|can|could|does|do|did|should|would|will|has|have|must)"
# A second question joined to the first: "…, and what does IAM control?", "… and in what year?"
# Words a learner puts in front of a question ("ok so what…", "and how…"), with what follows them.
FILLER_WORDS = ("ok", "okay", "so", "and", "but", "also", "then", "well", "right", "hmm", "hey", "hi", "please", "um")
FILLER = rf"(?:(?:{'|'.join(FILLER_WORDS)})[,\s]+)"
_CLAUSE_BREAK = re.compile(
    rf"\s*(?:[,;]\s*(?:and|but|or|also)?|\s(?:and|but|also|plus)|\?)\s+(?:(?:then|also)\s+)?"
    rf"(?=(?:{_WH}|(?:in|at|on|for|from|by|since|until|to)\s+(?:what|which)|{_AUX}\s+(?:it|they|there|that|this|i|you|we))\b)",
    re.I,
)
_SIDE_END = re.compile(r"\s*(?:[?:;!]|,|\s-\s|\s—\s|\s–\s|\s(?=(?:what|what's|whats|which|who|how|why)\b))", re.I)
_LIST_END = re.compile(r"\s*(?:[?:;!]|\s-\s|\s—\s|\s–\s|,?\s(?=(?:what|what's|whats|which|who|how|why)\b))", re.I)
_VERSUS = re.compile(r"\s+(?:vs\.?|versus|v\.)\s+", re.I)
_BETWEEN = re.compile(r"\b(?:difference|differences|different|differ|compare|comparison|choose)\s+between\s+", re.I)
_COMPARED = re.compile(
    r"\s+(?:compared\s+(?:to|with)|as\s+opposed\s+to|different\s+(?:from|than|to)|better\s+than|worse\s+than)\s+",
    re.I,
)
_COMPARE_VERB = re.compile(r"^\s*compare\s+", re.I)
_EITHER = re.compile(r"\s+or\s+", re.I)
_WHICH_TAIL = re.compile(r"^\s*[,-]?\s*(?:which|what's|whats|what)\b", re.I)
_WHY_NOT = re.compile(r"^(?:(?:and|or)\s+)?why not\b", re.I)
_COMPARISON_TAIL = re.compile(
    r"^(?:which\b|(?:what's|whats|what is) (?:the )?(?:difference|better|best)|how do (?:they|the two) (?:differ|compare))",
    re.I,
)
# "with sagemaker, what…", "in git what…": where the question is set, said before it
_SETTING = r"(?:(?:with|in|for|on|about|using|regarding)\s+[\w./+-]+(?:\s+[\w./+-]+){0,2},?\s+)"
ASKS = re.compile(  # words that open a question of its own
    rf"^\s*{FILLER}*{_SETTING}?(?:{_WH}|{_AUX}|tell|explain|describe|define|list|give|show|compare|name|why|how)\b",
    re.I,
)
_EACH = re.compile(r"\b(?:each|both|respectively|all three|the two)\b", re.I)
_LEAD = re.compile(rf"^{FILLER}*(?:{_WH}\s+(?:(?:{_AUX}(?:n?['’]t)?|'s|s)\b\s*)?)?", re.I)
_ARTICLE = re.compile(r"^(?:the|a|an|my|your|our|their|its|his|her)\s+", re.I)
_WHY = re.compile(
    r"^\s*(?:why|how come|what(?:'s|s| is| are)? the (?:point|reason|reasons|benefit|benefits|advantage|advantages|"
    r"purpose|use) of|what(?:'s| is) so (?:good|bad))\b|\bwhy\b",
    re.I,
)
_HOW = re.compile(r"^\s*(?:how\s+(?:do|does|can|could|should|would|to|is|are|did)\b|what are the steps|steps to)", re.I)
_HOW_COMPARE = re.compile(r"^\s*how\s+(?:does|do|is|are)\b.*\b(?:compare|differ|different|stack up)", re.I)
_DEFINITION = re.compile(
    r"^\s*(?:(?:what(?:'s|s|’s)|what\s+(?:is|are|was|were)|who(?:'s|s|’s|\s+(?:is|are|was|were)))\s+(?:a|an|the)?\s*"
    r"[\w./'’+-]+(?:\s+[\w./'’+-]+){0,4}\s*\??$|"
    r"define\b|meaning of\b|what does .+ (?:mean|stand for)\b|what (?:does|do) [\w./'’+-]+(?:\s+[\w./'’+-]+){0,3} do\s*\??$|"
    r"what do you mean by\b|explain\b)",
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


def kind_of(text: str) -> str:
    if _WHY.search(text):
        return "why"
    if _HOW.search(text):
        return "how"
    if _DEFINITION.search(text):
        return "definition"
    if _LIST.search(text):
        return "list"
    if _YES_NO.search(text):
        return "yes/no"
    return "fact"


@functools.lru_cache(maxsize=1024)  # a turn's question is read by the conversation and by the answer
def analyse_question(text: str) -> QuestionShape:
    text = re.sub(r"\s+", " ", without_markup(text)).strip() or text
    clauses = split_clauses(text)
    facets: list[Facet] = []
    context = ""
    compared_on = ""
    for clause in clauses:
        sides = [side for side in comparison_sides(clause) or enumeration(clause) if re.search(r"\w", side)]
        sides = sides if len(sides) > 1 else []
        if sides:
            aspect = _aspect(clause, sides)
            compared_on = compared_on or aspect
            side_kind = kind_of(clause) if aspect else "definition"  # "X vs Y" alone: what each one is
            if side_kind == "how" and _HOW_COMPARE.search(clause):
                side_kind = "fact"  # "how does X compare to Y" asks what each is like, not how to do something
            for side, distinct in zip(sides, _distinct_words(sides)):
                facets.append(Facet(_label(side), f"{side} {aspect}".strip(), side_kind, distinct))
        else:
            alone = not context or _stands_alone(clause)
            query = clause if alone else f"{context} {clause}"
            kind = kind_of(clause)
            names = kind == "definition" and alone  # "what do they actually do?" names nothing: it points back
            label = _subject(clause) if names else _sentence_case(clause)
            subject = _subject(clause) if names else "" if alone else context
            facets.append(Facet(_label(label) or _label(clause), query, kind, subject))
        context = context or _subject(clause)
    kind = "comparison" if any(comparison_sides(clause) for clause in clauses) else kind_of(text)
    if len(facets) <= 1 or len(facets) > MAX_FACETS:
        return QuestionShape(text, kind, (single_facet(text, kind),))
    return QuestionShape(text, kind, tuple(facets), compared_on if kind == "comparison" else "")


def single_facet(text: str, kind: str | None = None) -> Facet:
    """The whole question as its one part."""
    kind = kind or kind_of(text)
    subject = _subject(text)
    return Facet(_label(subject) or _label(text), text, kind, subject if kind == "definition" else "")


def split_clauses(text: str) -> list[str]:
    """Two questions in one: "what's a VPC and whats a subnet?" -> ["what's a VPC", "whats a subnet?"]."""
    parts = [p.strip(" ,;") for p in _CLAUSE_BREAK.split(text)]
    clauses: list[str] = []
    for part in parts:
        if clauses and not ASKS.match(clauses[-1]):
            clauses[-1] = f"{clauses[-1]}, {part}"  # "in the blog intro, what setup…" is one question
        elif clauses and _COMPARISON_TAIL.match(part) and _is_comparing(clauses[-1]):
            clauses[-1] = f"{clauses[-1]}, {part}"  # "X or Y, which is better?" is one question
        elif clauses and _WHY_NOT.match(part) and _WHY.search(clauses[-1]):
            clauses[-1] = f"{clauses[-1]}, {part}"  # "why bother with X, why not just Y" asks one reason
        elif len(words(part)) >= 2 or not clauses:
            clauses.append(part)
    return clauses


def _is_comparing(clause: str) -> bool:
    return bool(_VERSUS.search(clause) or _EITHER.search(clause) or _BETWEEN.search(clause) or _COMPARED.search(clause))


def comparison_sides(clause: str) -> list[str]:
    """The things compared: "X vs Y", "difference between X and Y", "X compared to Y", "X or Y, which …"."""
    between = _BETWEEN.search(clause)
    if between:
        rest = _LIST_END.split(clause[between.end() :], maxsplit=1)[0].strip(" ,.?")  # a list of sides keeps commas
        sides = re.split(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&|vs\.?|versus)\s+", rest, flags=re.I)
        return _shared_head(sides) if 2 <= len(sides) <= MAX_FACETS else []
    for marker in (_VERSUS, _COMPARED):
        match = marker.search(clause)
        if match:
            left = _trailing_phrase(clause[: match.start()])
            right = _until_side_end(clause[match.end() :])
            more = _VERSUS.split(right) if marker is _VERSUS else [right]  # "EC2 vs SageMaker vs RDS"
            return _shared_head([left, *more]) if left and all(more) and len(more) < MAX_FACETS else []
    if _COMPARE_VERB.match(clause):
        rest = _until_side_end(_COMPARE_VERB.sub("", clause))
        sides = re.split(r"\s+(?:and|with|to|vs\.?)\s+", rest, maxsplit=1, flags=re.I)
        return _shared_head(sides) if len(sides) == 2 else []
    head, _, tail = clause.partition(",")
    if tail and _WHICH_TAIL.match(tail):
        sides = _EITHER.split(head, maxsplit=1)
        if len(sides) == 2:
            return _shared_head([_strip_lead(sides[0]), sides[1]])
    return []


def enumeration(clause: str) -> list[str]:
    """Several short items asked about together: "what do IAM, VPC and KMS each do", "what are connect, read and
    write timeouts", "what is X and Y"."""
    body = _strip_lead(clause)
    match = re.match(r"^(.+?)((?:\s*,\s*[^,]+?)*)(?:,)?\s+(?:and|&)\s+(.+)$", body)
    if not match:
        return []
    first = match.group(1)
    middle = [m.strip() for m in match.group(2).split(",") if m.strip()]
    last = _until_side_end(match.group(3))
    listed = len(middle) > 0
    if _BETWEEN.search(clause) or not (listed or _EACH.search(clause) or _two_names(clause, first, last)):
        return []
    items = [first, *middle, last]
    tail_words = last.split()
    if len(tail_words) > 1 and all(len(i.split()) == 1 for i in items[:-1]):
        # "connect, read and write timeouts": the shared head noun follows the last item
        items = [*(f"{i} {' '.join(tail_words[1:])}" for i in items[:-1]), last]
        items[-1] = last
    items = [_ARTICLE.sub("", _EACH.sub("", i).strip()) for i in items]
    items = [re.split(r"\s+(?:do|does|mean|for)\b", i, maxsplit=1, flags=re.I)[0].strip() for i in items]
    if any(not i or len(i.split()) > 4 for i in items):
        return []
    return items


def _two_names(clause: str, first: str, last: str) -> bool:
    """ "what do repo_url and edit_uri do", "what are global events and page events", "what is a commit and a branch";
    not one thing ("research and development") nor steps ("create a branch and switch to it")."""
    if kind_of(clause) not in ("definition", "list") and not _WHAT_DO.match(clause):
        return False
    named = [_ARTICLE.sub("", item.strip()) for item in (first, last)]
    return bool(_A_OR_THE.match(last)) or all(len(i.split()) >= 2 or _IDENTIFIER.search(i) for i in named)


_IDENTIFIER = re.compile(r"\w[_./]\w|\b[A-Z]{2,}\b|\b[a-z]+[A-Z]\w*")
_WHAT_DO = re.compile(r"^\s*what\s+(?:do|does)\s.+\sdo\s*\??$", re.I)
_A_OR_THE = re.compile(r"\s*(?:a|an|the)\s", re.I)


def _distinct_words(sides: list[str]) -> list[str]:
    """What tells each side from the others: "git push" / "git pull" -> "push" / "pull"."""
    tokens = [words(side) for side in sides]
    common = set.intersection(*(set(t) for t in tokens)) if tokens else set()
    return [" ".join(t for t in side if t not in common) or " ".join(side) for side in tokens]


def _shared_head(sides: list[str]) -> list[str]:
    """ "soft and hard attention weights" -> ["soft attention weights", "hard attention weights"]."""
    sides = [_ARTICLE.sub("", s.strip(" ,.?")).strip() for s in sides]
    if any(not s for s in sides):
        return []
    head = sides[0].split()[-1]
    # "the original BPE or the one used in LLMs": "one" stands for the first side's noun
    sides = [re.sub(r"^ones?\b", head, s, flags=re.I) if at else s for at, s in enumerate(sides)]
    first, last = sides[0].split(), sides[-1].split()
    if len(first) == 1 and len(last) > 1 and first[0].lower() != last[-1].lower():
        sides[0] = " ".join([first[0], *last[1:]])
    return sides


def _until_side_end(text: str) -> str:
    match = _SIDE_END.search(text)
    return (text[: match.start()] if match else text).strip(" ,.?")


def _trailing_phrase(text: str) -> str:
    """The noun phrase just before a comparison marker: "how are timeouts different in httpx" -> "httpx"."""
    tokens = text.strip(" ,:").split()
    phrase: list[str] = []
    for token in reversed(tokens):
        bare = token.lower().strip(",:?")
        if re.fullmatch(_WH, bare) or re.fullmatch(_AUX, bare) or (bare in STOPWORDS and phrase):
            break
        if bare not in STOPWORDS:
            phrase.insert(0, token)
        if token.endswith((",", ":")) and len(phrase) > 1:
            break
    return " ".join(phrase).strip(" ,:")


def _aspect(clause: str, sides: list[str]) -> str:
    """What the comparison is about, without the sides: "ec2 vs rds: who takes care of failover" -> "who takes care of
    failover"."""
    rest = clause
    for side in sides:
        for token in side.split():
            rest = re.sub(rf"(?<!\w){re.escape(token)}(?!\w)", " ", rest, count=1, flags=re.I)
    kept = [w for w in words(rest) if w not in STOPWORDS and w not in _COMPARISON_WORDS]
    return " ".join(kept)


_COMPARISON_WORDS = frozenset(["vs", "versus", "difference", "differences", "different", "differ", "compare"])
_COMPARISON_WORDS |= frozenset(["compared", "comparison", "better", "worse", "between", "one", "ones"])
_COMPARISON_WORDS |= frozenset(["which", "whats", "what's", "what"])


def _strip_lead(text: str) -> str:
    return _LEAD.sub("", text.strip()).strip()


def _subject(clause: str) -> str:
    """The words a clause is about: its text without the question words in front."""
    body = _strip_lead(clause).rstrip("?!. ")
    body = re.sub(r"\s+(?:do|does|mean|means|work|works)$", "", body, flags=re.I)
    return _ARTICLE.sub("", body)


def _stands_alone(clause: str) -> bool:
    """A later clause that names its own subject instead of pointing back ("it", "they", "that")."""
    tokens = words(clause)
    own = [t for t in tokens if t not in STOPWORDS and not re.fullmatch(_WH, t)]
    names_one = len(own) == 1 and bool(_DEFINITION.search(clause))  # "…, and what is a subnet?"
    return (len(own) >= 2 or names_one) and not any(t in POINTING for t in tokens)


POINTING = frozenset(
    ["it", "its", "it's", "they", "them", "their", "theirs", "that", "this", "these", "those", "one", "ones", "there"]
)


def _sentence_case(text: str) -> str:
    text = text.strip(" ,.?!:;")
    return text[:1].upper() + text[1:] + "?" if text else text


def _label(text: str) -> str:
    text = text.strip(" ,.!:;")
    if len(text) > 60:
        text = text[:57].rsplit(" ", 1)[0] + "…"
    return text
