"""A lesson's exercises: what one sets the learner to do ("Write a loop that…") says nothing is so, and is never
quoted as an answer; what it says before the task may teach, and its solution answers it."""

from __future__ import annotations

import re

# A call-out's label ("Challenge: Summing a list", from `::: challenge`) or a heading ("Exercise", "Exercise 3");
# not "Challenges", an article's heading about difficulties
_EXERCISE = re.compile(r"^(?:challenge|exercise)(?::|$|\s+\d)", re.I)
_ANSWERED = re.compile(r"^(?:solutions?|answers?|hints?)\b", re.I)
_TASK_VERBS = (
    r"(?i:write|explain|modify|create|use|change|rewrite|try|run|fill|add|find|compare|predict|think|discuss|consider|"
    r"draw|describe|implement|extend|make|suppose|imagine|look|open|edit|check|read|identify|complete|give|show|design|"
    r"choose|pick|convert|calculate|plot|fix|correct|update|remove|delete|replace|reorder|rearrange|combine|do|go|"
    r"start|save|explore|ask|provide|share|reflect|review|answer|observe|repeat|rerun|experiment|investigate|estimate|"
    r"sketch|classify|determine|guess|prepare|summari[sz]e|translate|multiply|divide|subtract|generate|define|assign|"
    r"install|rename|download|"
    # verbs that are nouns too ("List comprehensions are…", "Type coercion happens…") tell the learner to do
    # something only with what they act on after them: "Sort the data frame…", "Print each value…"
    r"(?:sum|count|print|load|type|enter|list|sort|filter|select|test|apply|call|build|split|merge|join|copy|move|"
    r"import|export|store|insert|append|fetch|clone|commit|push|pull)(?=\s+(?:a|an|the|this|that|these|those|it|them|"
    r"each|every|all|both|some|your|its|their|one|two|three|\d|`)\b))"
)
# A verb telling the learner what to do, opening the sentence with a capital ("Now try…"): not a name or a noun that
# opens a statement ("sort -n sorts…", "Make is a build tool", "Open-source projects…")
TASK = re.compile(
    rf"^(?:(?:Now|Next|Then|First|Finally|Also),?\s+|(?=[A-Z][a-z])){_TASK_VERBS}\b(?![-'’])"  # not code's "SELECT"
    r"(?!\s+(?:is|are|was|were|has|have)\b)"
)


def sets_a_task(section: str, text: str) -> bool:
    """The sentence sets the learner a task: it tells them what to do, inside an exercise (under any heading of its
    own, "Challenge: Summing a list › Part 2") and not in its solution."""
    parts = section.split(" › ")
    at = max((i for i, part in enumerate(parts) if _EXERCISE.match(part)), default=None)
    return at is not None and not any(_ANSWERED.match(part) for part in parts[at + 1 :]) and bool(TASK.match(text))
