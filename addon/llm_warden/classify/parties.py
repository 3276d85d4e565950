"""Organisations named by what they are to the writer: an employer, a competitor, a supplier, a client.

"I work for Halvorsen Marine", "arbeite bei Klarwerk", "competitor Medivise", "le client Maison
Berthier": the cue word says a party follows, whatever its name looks like. The name is the run of
capitalised words after the cue, unless it is a title, a family, a person, a place or a weekday.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..types import Finding
from ._names import FIRST_NAMES, LAST_NAMES
from ._places import PLACES, TOWNS
from .names import title_case_document
from .words import FUNCTION_WORDS, MONTHS_DAYS, NOT_NAMES, TITLES

__all__ = ["find_parties", "matches_at_hints"]

DETECTOR = "pattern"


# An employer after a word of working: "building payment systems at Payoneer and Riskified", "I work for
# Halvorsen Marine", "arbeite bei Klarwerk", "travaille chez Bongard", "werkt bij Klaverblad Techniek".
_EMPLOYER_RE = re.compile(
    r"(?<![\w])(?i:(?:work|works|worked|working|employed|employment|job|internship|interned|joined|joining|hired"
    r"|engineer|developer|analyst|manager|consultant|designer|intern|systems|career|years)[ \t]+(?:at|for|by)"
    r"|(?:arbeite\w*|tätig|beschäftigt|angestellt|praktikum)[ \t]+(?:bei|für)|travaill\w*[ \t]+(?:chez|pour)|chez"
    r"|(?:trabaj\w+|trabalh\w+)[ \t]+(?:en|para|na|no)|lavor\w+[ \t]+(?:presso|per|da)|presso"
    r"|werk\w*[ \t]+(?:bij|voor)|pracuj\w*[ \t]+(?:w|dla)|jobb\w*[ \t]+(?:på|hos|för)|arbeid\w*[ \t]+(?:på|hos|for))"
    r"[ \t]+(?P<org>(?![a-zß-ÿ])[^\W\d_][\w'’\-]*(?:[ \t]+(?:&[ \t]+)?(?![a-zß-ÿ])[^\W\d_][\w'’\-]*){0,3})"
    r"(?:[ \t]+(?:and|und|et|y|e|en|og|och|i)[ \t]+(?P<org2>(?![a-zß-ÿ])[^\W\d_][\w'’\-]*))?"
)


_FAMILY_WORDS = frozenset("familie family famille familia famiglia família rodzina rodina".split())
_EMPLOYER_HINTS = ("work", "employ", "job", "intern", "joined", "joining", "hired", "engineer", "developer",
                   "analyst", "manager", "consultant", "designer", "systems", "career", "years", "arbeit", "tätig",
                   "beschäftigt", "angestellt", "praktikum", "travaill", "chez", "trabaj", "trabalh", "lavor",
                   "presso", "werk", "pracuj", "jobb", "arbeid")


# A party named by its business role: "competitor Medivise", "le client Maison Berthier", "A transportadora
# Rápido Sul", "Kuljetusliike Pohjolan Kuljetus", "Competidor: Dentaliq".
_ROLE_PARTY_RE = re.compile(
    r"(?<![\w])(?i:competitors?|competidor(?:es)?|concorrente|konkurrent|konkurencja|konkurence|rakip"
    r"|supplier|vendor|contractor|subcontractor|courier|carrier|transportadora|transporteur|transportista|corriere"
    r"|spedizioniere|spedytor|kurier|przewoźnik|dopravce|kuljetusliike|insurer|assureur|aseguradora|assicurazione"
    r"|versicherer|provider|proveedor|fournisseur|fornitore|lieferant|leverandør|leverantör|dostawca|dodavatel"
    r"|client|cliente|klant|kunde|klient|customer|le client|la société|die firma|firma|empresa|l'entreprise)"
    r"[ \t]*:?[ \t]+(?P<org>(?![a-zß-ÿ])[^\W\d_][\w'’\-]*(?:[ \t]+(?:&[ \t]+)?(?![a-zß-ÿ])[^\W\d_][\w'’\-]*){0,3})"
)
_ROLE_PARTY_HINTS = ("compet", "concorr", "konkur", "rakip", "supplier", "vendor", "contractor", "courier",
                     "carrier", "transport", "corriere", "spedi", "kurier", "przewo", "dopravce", "kuljetus", "insurer",
                     "assur", "asegur", "assicur", "versicher", "provider", "proveedor", "fourniss", "fornitore",
                     "lieferant", "leverand", "leverant", "dostawc", "dodavatel", "client", "klant", "kunde",
                     "klient", "customer", "société", "firma", "empresa", "entreprise")


# English role words, which English capitalises only in a Title Case phrase (German capitalises every
# noun: "der Firma Bauwerk Nord" still names a firm).
_ENGLISH_ROLES = frozenset("customer client vendor supplier provider contractor subcontractor carrier courier "
                           "competitor competitors insurer".split())
# The start of a sentence or a line, where an English role word is capitalised as the sentence's first
# word ("Competitor Medivise launched …"); anywhere else its capital makes it part of a Title Case phrase.
_SENTENCE_START_RE = re.compile(r"(?:\A|[.!?][ \t]+|\n[ \t\-*•]*)\Z")
_ARTICLE_BEFORE_RE = re.compile(r"(?<![\w])(?:l['’]|(?:la|le|die)[ \t]+)\Z")


def matches_at_hints(text: str, low: str, hints: tuple[str, ...], rx: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """``rx`` matched only where one of its words starts (found by plain substring search): a
    case-insensitive alternation scanned over every position of every text was most of the rule
    path's cost."""
    starts: set[int] = set()
    for hint in hints:
        i = low.find(hint)
        while i >= 0:
            j = i
            while j > 0 and low[j - 1].isalpha():
                j -= 1  # the hint may sit inside its word ("beschäftigt")
            starts.add(j)
            article = _ARTICLE_BEFORE_RE.search(low, max(0, j - 4), j)
            if article is not None:
                starts.add(article.start())  # cues written with their article: "l'entreprise", "la société"
            i = low.find(hint, i + 1)
    for j in sorted(starts):
        m = rx.match(text, j)
        if m is not None:
            yield m


_CODE_DIGITS_RE = re.compile(r"\d{3}")


def _party(text: str, start: int, end: int, bare: bool) -> Finding | None:
    """The organisation an employer or role cue names, unless the words are a title, a family, a
    person, a place, a weekday or a function word; ``bare``: a lone surname after the cue is someone's home."""
    name = text[start:end]
    first = name.split()[0]
    if _CODE_DIGITS_RE.search(name):
        return None  # "Client: ES-2024-118734": an order number, not a client's name
    if first.lower().rstrip(".") in TITLES or first.lower() in _FAMILY_WORDS or (
            bare and " " not in name and name in LAST_NAMES):
        return None  # "chez Mme Caron", "chez Dupont": at someone's
    if (first.lower() in FUNCTION_WORDS or first.lower() in NOT_NAMES or first in PLACES or first in TOWNS
            or first in FIRST_NAMES or name.isupper() and len(name) <= 3 or first.lower() in MONTHS_DAYS):
        return None  # "work at home", "at Lagos", "work for Maria", "for UK"
    # Sure enough (ORG_RULE_SCORE) to hold a model's person or place inside the name ("Rápido Sul").
    return Finding("ORGANIZATION", start, end, 0.75, DETECTOR)


# A CV's experience line: a job title, a dash (or "at"), the employer, then its town or the years:
# "Senior Credit Analyst — Ubuntu Capital Partners, Sandton (2021–present)", "Data Engineer at Quillstack (2019–2022)".
_JOB_WORDS = (
    r"Analyst|Engineer|Developer|Manager|Consultant|Director|Associate|Intern|Lead|Officer|Specialist|Coordinator"
    r"|Assistant|Designer|Accountant|Nurse|Teacher|Lecturer|Scientist|Architect|Administrator|Advisor|Adviser|Executive"
    r"|Representative|Technician|Supervisor|Researcher|Partner|Controller|Auditor|Recruiter|Programmer|Editor|Writer"
    r"|Pharmacist|Physician|Therapist|Paralegal|Solicitor|Clerk|Cashier|Trainee|Apprentice|Head of [A-Z][a-z]+"
)
_CV_LINE_RE = re.compile(
    rf"(?m)^[ \t]*(?:[-•*][ \t]+)?(?:[A-Z][\w&/\-]*[ \t]+){{0,3}}(?:{_JOB_WORDS})[ \t]*(?:—|–|-|@|,|at)[ \t]+"
    r"(?P<org>(?![a-z])[^\W\d_][\w'’&.\-]*(?:[ \t]+(?:&[ \t]+)?(?![a-z])[^\W\d_][\w'’&.\-]*){0,4}?)"
    r"(?=[ \t]*(?:,[ \t]*[^\W\d_][^\n(]{0,40})?[ \t]*[(|·][ \t]*(?:\d{4}|[A-Z][a-z]{2,8}\.?[ \t]+\d{4}))"
)


# What a job line names after the dash when it is a skill, not an employer ("Software Engineer - Python, Django").
_SKILLS = frozenset(
    """python java javascript typescript go golang rust ruby php kotlin swift scala c# c++ django flask react angular
    vue node node.js spring kubernetes docker aws azure gcp sql excel sap salesforce tableau power bi remote hybrid
    contract freelance part-time full-time""".split()
)


def find_parties(text: str) -> Iterator[Finding]:
    """Role parties ("competitor X"), employers ("work at X and Y") and the employers of a CV's experience
    lines; the same span once."""
    low = text.lower()
    seen: set[tuple[int, int]] = set()
    for m in matches_at_hints(text, low, _ROLE_PARTY_HINTS, _ROLE_PARTY_RE):
        cue = text[m.start() : m.start("org")]
        if cue[0].isupper() and ":" not in cue and cue.split()[0].lower() in _ENGLISH_ROLES and (
                not _SENTENCE_START_RE.search(text, max(0, m.start() - 4), m.start()) or title_case_document(text)):
            continue  # "the Customer Impact", "(Customer Success", "401 Client Error": a Title Case phrase
        if (f := _party(text, m.start("org"), m.end("org"), True)) is not None and (f.start, f.end) not in seen:
            seen.add((f.start, f.end))
            yield f
    if "\n" in text or "(" in text:
        for m in _CV_LINE_RE.finditer(text):
            a, b = m.span("org")
            if (a, b) not in seen and text[a:b].split()[0] not in FIRST_NAMES and text[a:b].lower() not in _SKILLS:
                seen.add((a, b))
                yield Finding("ORGANIZATION", a, b, 0.75, DETECTOR)
    for m in matches_at_hints(text, low, _EMPLOYER_HINTS, _EMPLOYER_RE):
        bare = m.group(0).lower().startswith(("chez", "presso"))
        for g in ("org", "org2"):
            if m.group(g) is not None and (f := _party(text, m.start(g), m.end(g), bare)) is not None \
                    and (f.start, f.end) not in seen:
                seen.add((f.start, f.end))
                yield f
