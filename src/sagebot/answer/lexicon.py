"""The corpus vocabulary, arranged to map a learner's word onto it: exact, a short form ("algo" -> "algorithm"),
a typo ("availabilty", "diemos"); and the initials the corpus's capitalised names stand for ("EDA")."""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Mapping

from sagebot.answer.english import american_spelling, clips, same_word, stems_one_word, word_base, zipf
from sagebot.text import stem

NO_WORD_ZIPF = 1.0  # under about one use in 100 million words of English
SHORT_PLURAL = 4  # "ids", "urls", "vms": plurals the stemmer does not reduce
FULLER_FORM_RATIO = 3  # "repository" in 40 passages, "repo" in 5: a learner's "repo" means it
# Shorthand learners write in prose for words documents spell out, that is no clipping of the word's start ("repo"
# is one). Not forms that are often names in code ("dir", "str", "lib", "db", "src", "tmp").
SHORTHAND = {
    "msg": "message", "msgs": "messages", "ctrl": "control", "pkg": "package", "pkgs": "packages", "cmd": "command",
    "cmds": "commands", "cfg": "configuration", "btn": "button", "img": "image", "imgs": "images",
}  # fmt: skip


class Lexicon:
    """The corpus vocabulary, arranged to map a learner's word onto it quickly: exact, a short form of a
    longer word ("algo" -> "algorithm"), or a typo ("availabilty" -> "availability")."""

    def __init__(self, vocabulary: Mapping[str, int]) -> None:
        self.vocabulary = vocabulary
        self.sorted = sorted(vocabulary)
        self.buckets: dict[tuple[str, int], list[str]] = {}
        for word in vocabulary:
            if word[:1].isalpha():
                self.buckets.setdefault((word[0], len(word)), []).append(word)

    def __contains__(self, term: str) -> bool:
        return term in self.vocabulary

    def fuller_form(self, term: str) -> str | None:
        """The word a short form clips, when the corpus uses it far more often than the short form itself."""
        at = bisect.bisect_left(self.sorted, term)
        longer = [w for w in self.sorted[at : at + 50] if w.startswith(term) and clips(term, w)]
        best = max(longer, key=lambda w: self.vocabulary[w], default=None)
        if best and self.vocabulary[best] >= FULLER_FORM_RATIO * self.vocabulary.get(term, 0):
            return best
        return None

    def exact_form(self, term: str) -> str | None:
        if term in self.vocabulary:
            return term
        if term + "e" in self.vocabulary:  # the stemmer's "coding" -> "cod" meets "code"
            return term + "e"
        if 3 <= len(term) <= SHORT_PLURAL and term.endswith("s") and term[:-1] in self.vocabulary:
            return term[:-1]  # "ids", "urls": the stemmer leaves a short word's plural as it is
        return None

    def _family(self, term: str) -> str | None:
        """The shortest corpus word that is another form of this one ("narrates" asked of documents that say
        "narrator")."""
        base = word_base(term)
        if base == term or len(base) < 4:
            return None
        at = bisect.bisect_left(self.sorted, base)
        family = [w for w in self.sorted[at : at + 50] if w.startswith(base) and stems_one_word(term, w)]
        return min(family, key=len) if family else None

    def known_form(self, term: str, everyday: bool = False, spelled: str = "") -> str | None:
        """`everyday`: the learner's word is a common English word ("paris", "visa"), which is no typo of another
        nor a short form of a longer one ("pars", "visaji"), only another form of the same word ("runn" -> "running").
        `spelled`: the word as the learner wrote it, when `term` is its stem: whether it is an English word at all
        is a question about the word, not its stem."""
        exact = self.exact_form(term)
        if exact:
            return exact
        full = SHORTHAND.get(spelled or term)  # "error msg", "ctrl+c": the word the documents write in full
        if full and (written := self.exact_form(stem(full))):
            return written
        if len(term) >= 4:
            at = bisect.bisect_left(self.sorted, term)
            longer = []
            for word in self.sorted[at : at + 50]:
                if not word.startswith(term):
                    break
                if len(word) <= len(term) + 8 and (not everyday or same_word(term, word)):
                    longer.append(word)
            if longer:
                return min(longer, key=len)
            family = self._family(term)  # "narrates" asked of documents that say "narrator", not "narrative"
            if family:
                return family
        if everyday and self.exact_form(stem(american_spelling(term))):  # "colour" -> "color"
            return self.exact_form(stem(american_spelling(term)))
        # two letters swapped, in a word English never uses ("diemos" -> "deimos"; "causal" is no "casual")
        if len(term) >= 5 and zipf(spelled or term) < NO_WORD_ZIPF:
            swapped = (term[:k] + term[k + 1] + term[k] + term[k + 2 :] for k in range(len(term) - 1))
            found = next((self.exact_form(w) for w in swapped if self.exact_form(w)), None)
            if found:
                return found
        if len(term) >= 5 and term[0].isalpha():
            nearby = [w for size in range(len(term) - 2, len(term) + 3) for w in self.buckets.get((term[0], size), ())]
            close = difflib.get_close_matches(term, nearby, n=1, cutoff=0.85)
            if close and (not everyday or same_word(term, close[0])):  # "merge" -> "merg"; "paris" is no "pars"
                return close[0]
        for ending, base in (("ier", "y"), ("iest", "y"), ("er", ""), ("est", "")):  # "quicker" -> "quick"
            if (
                term.endswith(ending)
                and len(term) - len(ending) >= 4
                and term[: -len(ending)] + base in self.vocabulary
            ):
                return term[: -len(ending)] + base
        return None


def acronyms_in(texts: list[str]) -> dict[str, str]:
    """Initials of capitalised word runs in the corpus ("Exploratory Data Analysis" -> "EDA", "Don't Repeat
    Yourself" -> "DRY")."""
    found: dict[str, str] = {}
    run = re.compile(r"\b(?:[A-Z][a-z]+(?:['’](?:t|re|ve|ll|d))?(?:[ -](?:of|and|for|the|as|a)?\s?)?){2,5}")
    for text in texts:
        for match in run.finditer(text):
            words = [w for w in re.split(r"[ -]+", match.group(0).strip()) if w and w[0].isupper()]
            for size in range(len(words), 1, -1):
                for lo in range(0, len(words) - size + 1):
                    phrase = words[lo : lo + size]
                    found.setdefault("".join(w[0] for w in phrase), " ".join(phrase))
    return found
