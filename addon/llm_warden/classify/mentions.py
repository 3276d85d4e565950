"""Repeated mentions: a name found once in a text is the same name wherever else it stands.

People are introduced once and then named again the short way: "Callum O'Rourke (employee)" and
later "Callum raised that…"; "Hi Marta," and "Marta's manager". A detector that read the first
mention in a clear context (a title, a greeting, a table column, the model at high confidence)
has told us what the word is; the other mentions, in contexts too weak for any detector on their
own ("- Femi demoed the planner"), are the same entity. Redaction that masks the first mention
and leaves the others would leak the name anyway, so this step finds them.

Precision comes from reusing only what was already found, whole-word and case-sensitive:

* a PERSON spreads its full form and each of its name words ("Jo-Ann Whitcombe" → "Jo-Ann",
  "Whitcombe"), but not particles ("van", "de"), titles or function words;
* a LOCATION or ORGANIZATION spreads only its full form ("Fernleaf Dental", "Harrogate"), and the
  defined term a contract gives a party ('Kestrel Biologics Inc. ("Kestrel")');
* a capitalised word that also occurs in lower case in the same text is an ordinary word there
  ("Will Hunt" and "will be"), so it does not spread;
* a repeat inside code-like context (``user.name``, ``@handle``, ``--flag``) is skipped, and a repeat
  never overrides or overlaps another finding;
* a listed given name that is no ordinary word ("Ravi", not "Will"), found capitalised, is the same
  name in lower case too: "call w/ ravi", "janet pushing for 36mo". In a casual note, written in
  lower case, always; elsewhere when it has four letters or more and no article stands before it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..types import Finding
from ._names import FIRST_NAMES, WORDLIKE_GIVEN_NAMES
from .inflection import case_languages, inflected_forms, lemmas
from .names import AMBIGUOUS_GIVEN_NAMES
from .words import FUNCTION_WORDS, TITLES, casual_blocks, in_blocks

__all__ = ["find_repeated_mentions", "DETECTOR"]

DETECTOR = "mention"
#: A finding this unsure is not repeated: spreading a guess multiplies its false positives.
MIN_SOURCE_SCORE = 0.55

_SOFT = ("PERSON", "LOCATION", "ORGANIZATION")
# A contract's defined term for a party: 'Kestrel Biologics Inc., Cambridge, MA ("Kestrel")'.
_DEFINED_TERM_RE = re.compile(r"\([ \t]*(?:the[ \t]+|hereinafter[ \t]+)?[\"“](?P<term>[A-Z][\w&'’\-]{2,30})[\"”][ \t]*\)")
_ACRONYM_AFTER_RE = re.compile(r"[ \t]*\([ \t]*(?P<acronym>[A-Z]{2,8})[ \t]*\)")
_INITIAL_SKIP = frozenset("of and the for de du des la le del di da do das dos van von für und et y e & in on at".split())


def _initials(name: str, *, small: bool = False) -> str:
    """The capital initials of a name's words, its small words left out unless ``small``: "University of
    Science and Technology" → "UST" ("UOSAT" with them); a word in capitals gives all its letters ("NHS Trust" →
    "NHST")."""
    out = []
    for w in re.findall(r"[^\W\d_][\w'’]*", name):
        if w.lower() in _INITIAL_SKIP and not small:
            continue
        out.append(w if w.isupper() and len(w) <= 5 else w[0].upper())
    return "".join(out)


_NAME_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))+")
_PARTICLES = frozenset(
    "van von de da di del della der den du la le dos das bin ibn al el ter zu y e et und and of".split()
)
#: Characters that glue a word into an identifier, a handle, a path or a flag.
_GLUE_BEFORE = "_@./\\-#$=:"
_GLUE_AFTER = "_@/\\=("


def _spreadable_words(surface: str) -> list[str]:
    words = []
    for m in _NAME_WORD_RE.finditer(surface):
        w = m.group(0)
        for suffix in ("'s", "’s"):
            if w.endswith(suffix):
                w = w[: -len(suffix)]
        low = w.lower()
        if len(w) < 3 or low in _PARTICLES or low in TITLES or low in FUNCTION_WORDS:
            continue
        words.append(w)
    return words


def _glued(text: str, a: int, b: int) -> bool:
    if text[b : b + 2] == " &" or text[max(0, a - 2) : a] == "& ":
        return True  # "Ekström & Dahl Advokatbyrå": a firm named after people, not the people
    before = text[a - 1] if a > 0 else " "
    after = text[b] if b < len(text) else " "
    if before in _GLUE_BEFORE and not (before in ".:-" and (a < 2 or text[a - 2] in " \t\n")):
        return True
    return after in _GLUE_AFTER or (after in ".-" and text[b + 1 : b + 2].isalnum())


def find_repeated_mentions(text: str, found: Sequence[Finding]) -> list[Finding]:
    """New findings for other occurrences of the PERSON/LOCATION/ORGANIZATION values in ``found``.

    ``found`` are the merged, kept findings of ``text`` (they never overlap each other). The result
    overlaps neither them nor itself, with one exception: when a textual cue typed a value ("Frau
    Nakamura") and the model typed another occurrence of exactly that value differently
    ("Verwendungszweck: Nakamura" as a place), the repeat covers the same words and is meant to
    replace the model's finding. Each new finding has the type and score of its source.
    """
    sources: dict[str, tuple[str, float, bool]] = {}  # form → (type, score, typed by a cue)
    langs: frozenset[str] | None = None
    for f in found:
        if f.type not in _SOFT or f.detector == DETECTOR or f.score < MIN_SOURCE_SCORE:
            continue
        cue = f.detector != "ner"
        surface = text[f.start : f.end]
        forms = [surface]
        if f.type == "PERSON":
            forms += _spreadable_words(surface)
            if langs is None:
                langs = case_languages(text)
            if langs:  # case forms: "Agnieszka" → "Agnieszko, prześlij…", "Johanna" → "Johannan"
                words = _spreadable_words(surface)
                bases = [lemma for w in words for lemma, _ in lemmas(w, langs)]  # "Agnieszką" → "Agnieszka"
                forms += bases + [v for w in [*words, *bases] if len(w) >= 3 for v in sorted(inflected_forms(w, langs))]
        for form in forms:
            if len(form) < 3 or not any(c.isalpha() for c in form) or form.lower() in FUNCTION_WORDS:
                continue
            prev = sources.get(form)
            if prev is None or (prev[0] == f.type and (prev[1], prev[2]) < (f.score, cue)) or (
                    prev[0] != f.type and cue and not prev[2]):
                sources[form] = (f.type, f.score, cue or (prev is not None and prev[0] == f.type and prev[2]))
            elif prev[0] != f.type and not (prev[2] and not cue):
                sources[form] = ("", 0.0, False)  # the text itself disagrees on what this is
    for m in _DEFINED_TERM_RE.finditer(text) if '("' in text or "(“" in text else ():
        term = m.group("term")
        for f in found:  # the party the term abbreviates, named before it
            if f.type in ("PERSON", "ORGANIZATION") and 0 <= m.start() - f.end <= 300 and f.score >= MIN_SOURCE_SCORE \
                    and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text[f.start : f.end]) and term not in sources:
                sources[term] = (f.type, f.score, f.detector != "ner")
                break
    for f in found if "(" in text else ():  # an organisation's acronym in brackets after it: "… Technology (KNUST)"
        if f.type == "ORGANIZATION" and f.score >= MIN_SOURCE_SCORE and (m := _ACRONYM_AFTER_RE.match(text, f.end)) \
                and m.group("acronym") in (_initials(text[f.start : f.end]), _initials(text[f.start : f.end], small=True)) \
                and m.group("acronym") not in sources:
            sources[m.group("acronym")] = ("ORGANIZATION", f.score, f.detector != "ner")
    sources = {k: v for k, v in sources.items() if v[0]}
    if not sources:
        return []
    # Lower-case prose words; a name inside an address or identifier ("marta.ruiz@") is not one.
    lower_words = {m.group(0) for m in _NAME_WORD_RE.finditer(text)
                   if m.group(0)[0].islower() and not _glued(text, m.start(), m.end())}
    casual_names = {k.lower(): k for k, v in sources.items() if v[0] == "PERSON" and _lower_case_ok(k)
                    and k.lower() in lower_words}
    blocks: list[tuple[int, int]] = []
    if casual_names:
        blocks = casual_blocks(text)
        lower_at = [m for m in re.finditer(
            r"(?<!\w)(?:" + "|".join(re.escape(k) for k in casual_names) + r")(?!\w)", text)]
        # Outside the casual notes only names of four letters or more count, and a lower-case form
        # after an article ("la luz", "the mark") is an ordinary word after all.
        formal = {m.group(0) for m in lower_at if not in_blocks(blocks, m.start()) and (
            len(m.group(0)) < 4 or m.group(0) in _COMMON_WORDS
            or _ARTICLE_BEFORE_RE.search(text, max(0, m.start() - 8), m.start()))}
        casual_names = {k: v for k, v in casual_names.items() if k not in formal}
        for low, k in casual_names.items():
            sources[low] = sources[k]
    sources = {k: v for k, v in sources.items()
               if not (k[0].isupper() and k.lower() in lower_words and k.lower() not in casual_names)}
    if not sources:
        return []
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(k) for k in sorted(sources, key=len, reverse=True)) + r")(?!\w)"
    )
    taken = sorted((f.start, f.end) for f in found)
    model_typed = {(f.start, f.end): f.type for f in found if f.detector == "ner" and f.type in _SOFT}
    out: list[Finding] = []
    for m in pattern.finditer(text):
        a, b = m.span()
        typ, score, cue = sources[m.group(0)]
        if _glued(text, a, b):
            continue
        if _overlaps(taken, a, b) and not (cue and model_typed.get((a, b), typ) != typ):
            continue
        out.append(Finding(typ, a, b, score, DETECTOR))
    return out


# Given names that are everyday words in the gateway's languages, beyond the generated lists.
_COMMON_WORDS = frozenset(
    """ella sana luz paz mar per jan ana eva ida dora vera linda clara rosa alba blanca pilar cruz angel nina bella
    gloria aurora flora rosario mercedes dolores consuelo soledad roma maya hana noel felix victor justin mark august
    amor esperanza fe estrella paloma neve maria lara sara vita dana lisa tina anna maja""".split()
)
_ARTICLE_BEFORE_RE = re.compile(r"(?i)(?<![\w])(?:the|a|an|el|la|las|los|un|una|le|les|der|die|das|de|het|il|lo|o|os|as)[ \t]+\Z")
_WORDLIKE = frozenset(n.lower() for n in WORDLIKE_GIVEN_NAMES | AMBIGUOUS_GIVEN_NAMES)


def _lower_case_ok(name: str) -> bool:
    """A listed given name that is not also a word ("Ravi", "Janet"; not "Will", "Grace", "Sol")."""
    low = name.lower()
    return (name in FIRST_NAMES and len(name) >= 3 and low not in _WORDLIKE and low not in FUNCTION_WORDS
            and low not in TITLES)


def _overlaps(taken: list[tuple[int, int]], a: int, b: int) -> bool:
    i = bisect.bisect_left(taken, (a, a))
    return (i > 0 and taken[i - 1][1] > a) or (i < len(taken) and taken[i][0] < b)
