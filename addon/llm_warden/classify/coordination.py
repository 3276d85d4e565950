"""Names coordinated with a name: "Rowan + Grace", "Alun, Sian, Rev. Jeffreys", "Bas en Lotte".

A list or a pair joins words of one kind. When one member is a person the engine found, a
neighbour that is a given name the lists know is a person too — also a name that is an everyday
word elsewhere ("Grace", "Faith", "Amber"), which no detector dares to take on its own. The step
runs after the merge, so it only adds names beside findings that survived it, and it spreads along
a chain ("mon am - Grace + Rowan, pm - Dev": Rowan → Grace).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..types import Finding
from ._names import FIRST_NAMES
from ._places import PLACES
from .words import FUNCTION_WORDS, MONTHS_DAYS, NOT_NAMES, TITLES

__all__ = ["DETECTOR", "find_coordinated_names"]

DETECTOR = "pattern"  # a rule read it from the list; ``mentions`` may spread it further

# "+", "&", "/", a comma, or "and" in the gateway's languages, between two members.
_JOIN = r"(?:[ \t]*[+&/,][ \t]*|[ \t]+(?:and|en|og|och|y|e|et|und|i|a|és|ve|oder|or)[ \t]+)"
_AFTER_RE = re.compile(rf"{_JOIN}(?:(?P<title>[^\W\d_]{{2,5}})\.?[ \t]+)?(?P<name>[^\W\d_][\w'’\-]*)(?![\w@])")
_BEFORE_RE = re.compile(rf"(?<![\w@.])(?P<name>[^\W\d_][\w'’\-]*){_JOIN}\Z")
_MAX_ROUNDS = 8


def _name_word(word: str) -> bool:
    low = word.lower()
    return (word[0].isupper() and not word.isupper() and word in FIRST_NAMES and low not in FUNCTION_WORDS
            and low not in NOT_NAMES and low not in MONTHS_DAYS and word not in PLACES)


def find_coordinated_names(text: str, found: Sequence[Finding]) -> list[Finding]:
    """PERSON findings for given names joined to a found PERSON by a list or a conjunction."""
    taken = sorted((f.start, f.end) for f in found)
    frontier = [f for f in found if f.type == "PERSON"]
    out: list[Finding] = []
    for _ in range(_MAX_ROUNDS):
        new: list[Finding] = []
        for f in frontier:
            m = _AFTER_RE.match(text, f.end)
            if m is not None and (m.group("title") is None or _title(m.group("title"))):
                new.append(Finding("PERSON", m.start("name"), m.end("name"), f.score, DETECTOR))
            b = _BEFORE_RE.search(text, max(0, f.start - 40), f.start)
            if b is not None:
                new.append(Finding("PERSON", b.start("name"), b.end("name"), f.score, DETECTOR))
        frontier = []
        for g in new:
            if not _name_word(text[g.start : g.end]) and not (
                    g.end - g.start > 1 and text[g.start : g.end][0].isupper()
                    and _after_title(text, g.start)):
                continue
            i = bisect.bisect_left(taken, (g.start, g.start))
            if (i > 0 and taken[i - 1][1] > g.start) or (i < len(taken) and taken[i][0] < g.end):
                continue
            taken.insert(i, (g.start, g.end))
            out.append(g)
            frontier.append(g)
        if not frontier:
            break
    return sorted(out, key=lambda f: f.start)


_TITLE_BEFORE_RE = re.compile(r"(?<![\w])(?P<title>[^\W\d_]{2,5})\.?[ \t]+\Z")


def _after_title(text: str, start: int) -> bool:
    """A capitalised word right after a title in the list ("Alun, Sian, Rev. Jeffreys")."""
    m = _TITLE_BEFORE_RE.search(text, max(0, start - 8), start)
    return m is not None and _title(m.group("title"))


def _title(word: str) -> bool:
    """A title as written before a name: "Rev.", "Dr", "Mrs" — not "HR" ("Katrin Vogt, HR Director")."""
    return word.lower() in TITLES and not word.isupper()
