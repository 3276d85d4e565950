"""Merchants, payees and branch towns on the lines of a pasted bank statement.

A statement line is a date, the payee and an amount; the payee of a card or direct-debit line is
a merchant (an organisation the labelling guide counts), the payee of a transfer a person, and a
town at the end of a merchant's name the branch's place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..types import Finding
from ._names import FIRST_NAMES, LAST_NAMES
from ._places import PLACES, TOWNS
from .words import AMBIGUOUS_PLACES, CURRENCY_CODES, NOT_NAMES, TITLES, fold_accents

__all__ = ["find_statement_entities", "statement_payees"]

DETECTOR = "pattern"


# A bank statement line: a date, the payee, an amount ("03/05  CITYWAY TRAVEL  £2.80", "03-06 BEA
# Versmarkt De Pijp AMSTERDAM -42,18", "2024-06-01,AMAZON MKTPLACE,-89.99,…"). The payee of a card or
# direct-debit line is a merchant, a party the guide labels; a town at its end is a place.
_CURRENCY = "|".join(sorted(CURRENCY_CODES))  # "HUF 148,900", "-84,21 PLN"
_STATEMENT_LINE_RE = re.compile(
    r"(?m)^[ \t]*(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?"
    r"|\d{1,2}[ \t](?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)(?:[ \t]\d{2,4})?)[ \t]*[ \t,;][ \t]*"
    r"(?P<body>[^\n,;]{3,80}?)[ \t]*[ \t,;][ \t]*(?P<amount>(?:(?:" + _CURRENCY + r")[ \t]+)?[-+]?(?:[£$€]|R(?=[ \t]*\d))?[ \t]*[-+]?"
    r"(?:\d{1,3}(?:[ ,.]\d{3})*[.,]\d{2}|\d{1,3}(?:[,.]\d{3})+))"  # "HUF 148,900": a currency without cents
    r"(?:[ \t]*(?:CR|DR|€|" + _CURRENCY + r"))?[ \t]*(?=[,;\n]|$)"
)
_PAYMENT_KIND_RE = re.compile(
    r"(?i)^(?:(?:bea|ideal|pos|card payment(?:[ \t]+to)?|card|contactless|direct debit|dd|so|vis|visa|tfr|fpo|fpi|bgc|chq|incasso|"
    r"betaalautomaat|lastschrift|kartenzahlung|tpv|compra|pago|cb|prlv|debit|purchase)[ \t]+)+"
)
_TRANSFER_RE = re.compile(r"(?i)^(?:transfer|faster payment|payment to|payment from|standing order|overboeking|überweisung|virement|transferencia|bonifico|przelew|cash|atm|"
                          r"interest|fee|refund|salary|salaris|gehalt|loon)\b")
# "TRANSFER TO A OKAFOR", "FASTER PAYMENT TO A. DOUGLAS", "Overboeking van K.W.J. Verhoeven": the payee.
_PAYEE_RE = re.compile(
    r"(?i:transfer|faster payment|payment|standing order|overboeking|überweisung|virement|transferencia|bonifico|przelew)"
    r"[ \t]+(?i:to|from|van|naar|an|von|à|de|a|para|do|od)[ \t]+"
    r"(?P<name>(?:[A-ZÀ-Þ]\.?[ \t]?){0,3}[A-ZÀ-Þ][\w'’\-]+(?:[ \t]+[A-ZÀ-Þ][\w'’\-]+)?)"
)
# Transfers written with a scheme's code: "FPS FROM A ADEBAYO REF RENT", "STO KEMI BAKARE REF POCKET MONEY",
# "PIX RECEBIDO MARIANA COSTA LIMA", "BIZUM DE LAURA GIL": the words up to a reference are the other person.
_CODED_TRANSFER_RE = re.compile(
    r"^(?:FPS(?:[ \t]+(?:FROM|TO))?|STO|BGC|TFR(?:[ \t]+(?:FROM|TO))?|FPI(?:[ \t]+FROM)?|FPO(?:[ \t]+TO)?|SO"
    r"|FASTER[ \t]+PAYMENTS?(?:[ \t]+(?:FROM|TO))?|STANDING[ \t]+ORDER(?:[ \t]+(?:FROM|TO))?|PIX[ \t]+(?:RECEBIDO|ENVIADO|RECEBIDA|ENVIADA)(?:[ \t]+(?:DE|PARA))?"
    r"|TED[ \t]+(?:RECEBIDA|ENVIADA)|BIZUM[ \t]+(?:DE|A)|TRANSF(?:[ \t]+(?:DE|A|PARA))?)[ \t]+"
    r"(?P<name>[A-ZÀ-Þ][A-ZÀ-Þ'’\-]*\.?(?:[ \t]+[A-ZÀ-Þ][A-ZÀ-Þ'’\-]*\.?){0,3}?)(?=[ \t]+(?:REF|REFERENCE|MEMO)\b|[ \t]*\Z)",
    re.IGNORECASE,
)
_LEGAL_FORMS = frozenset("ltd limited plc llp llc inc gmbh ag bv nv sa sarl srl spa sl lda ab as aps oy".split())
# A cash machine's place: "ATM WITHDRAWAL PECKHAM RYE", "CASH WDL LEEDS".
_ATM_RE = re.compile(r"(?i)^(?:atm|cash)(?:[ \t]+(?:withdrawal|wdl|wd|machine))?[ \t]+(?P<place>[A-Za-zÀ-ÿ'’\-]+(?:[ \t]+[A-Za-zÀ-ÿ'’\-]+){0,2})\Z")
_COUNTRY_CODE_RE = re.compile(r"(?<=[A-Za-zÀ-ÿ])[ \t]+[A-Z]{2}\Z")
_TRAILING_CODE_RE = re.compile(r"(?:[ \t]+(?:#?\d[\w\-]*|DD|SO|CR|DR|[A-Z]{2}))+\Z")


@lru_cache(maxsize=16)
def _statement_lines(text: str) -> tuple[re.Match[str], ...]:
    """The lines of a pasted statement in ``text``; computed once per text for the rules and the model judge."""
    lines = tuple(_STATEMENT_LINE_RE.finditer(text)) if "\n" in text else ()
    return lines if len(lines) >= 2 else ()  # one dated line with a sum is a note, not a statement


def statement_payees(text: str) -> list[tuple[int, int]]:
    """Spans of the payee text of each line of a pasted bank statement (none if it is no statement):
    what stands there this module reads whole, a model's guess at part of it aside."""
    return [m.span("body") for m in _statement_lines(text)]


def find_statement_entities(text: str) -> Iterator[Finding]:
    """Merchants (and the town after one) on the lines of a pasted bank statement."""
    for m in _statement_lines(text):
        a, b = m.span("body")
        body = text[a:b]
        coded = _CODED_TRANSFER_RE.match(body)
        if coded:
            name = coded.group("name")
            if (person := _person_in(text, a + coded.start("name"), a + coded.end("name"))) is not None:
                yield Finding("PERSON", *person, 0.7, DETECTOR)
            elif name.split()[-1].lower().strip(".") in _LEGAL_FORMS:
                yield Finding("ORGANIZATION", a + coded.start("name"), a + coded.end("name"), 0.75, DETECTOR)
            continue  # a transfer names a person, a firm by its legal form, or nobody we can tell
        code = _COUNTRY_CODE_RE.search(body)  # "CASH WDL LAGOS NG": the town, then its country's code
        core = body[: code.start()] if code else body
        if (atm := _ATM_RE.match(core)) and atm.group("place")[:1].isupper() and not _TRAILING_CODE_RE.search(core):
            yield Finding("LOCATION", a + atm.start("place"), a + atm.end("place"), 0.7, DETECTOR)
            continue
        if _TRANSFER_RE.match(body):
            payee = _PAYEE_RE.match(body)
            if payee and payee.group("name")[:1].isupper() and payee.group("name").lower() not in NOT_NAMES:
                yield Finding("PERSON", a + payee.start("name"), a + payee.end("name"), 0.7, DETECTOR)
            continue  # a transfer names a person or nobody
        kind = _PAYMENT_KIND_RE.match(body)
        if kind:
            a += kind.end()
        tail = _TRAILING_CODE_RE.search(text, a, b)
        if tail:
            b = tail.start()
        words = text[a:b].split()
        if not words or re.search(r"\.\w|://|/[a-z]", text[a:b]):
            continue  # "APPLE.COM/BILL": a web address, not a written name ("S/MKT" is an abbreviation)
        for n in (2, 1):  # "… AMSTERDAM", "… ST ALBANS": the branch's town
            if len(words) > n and _is_town(" ".join(words[-n:])):
                town_start = a + text[a:b].rindex(words[-n])
                yield Finding("LOCATION", town_start, b, 0.75, DETECTOR)
                b = a + len(text[a:town_start].rstrip())
                tail = _TRAILING_CODE_RE.search(text, a, b)
                if tail:
                    b = tail.start()
                break
        name = text[a:b]
        if len(name) >= 3 and name[0].isalpha() and name[0].isupper() and name.lower() not in NOT_NAMES \
                and len(name.split()) <= 5:
            yield Finding("ORGANIZATION", a, b, 0.75, DETECTOR)


def _person_in(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The person a transfer's payee words name, after a title and before what the money was for:
    "MRS A KOWALCZYK CLEANING" → "A KOWALCZYK"."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and words[0].group(0).lower().strip(".") in TITLES:
        words.pop(0)
    for n in range(len(words), 0, -1):
        a, b = start + words[0].start(), start + words[n - 1].end()
        if _names_a_person(text[a:b]):
            return a, b
    return None


def _names_a_person(name: str) -> bool:
    """Initials and words the name lists know, one of them a given name or a surname: "A ADEBAYO",
    "KEMI BAKARE", "JOAO PEDRO SOUZA" (accents are often dropped on statements)."""
    words = [w.strip(".") for w in name.split() if len(w.strip(".")) > 1]  # initials say nothing either way
    return bool(words) and all(w.lower() not in NOT_NAMES and all(fold_accents(p.title()) in _FOLDED_NAMES for p in w.split("-"))
                               for w in words)


_FOLDED_NAMES = frozenset(fold_accents(n) for n in (*FIRST_NAMES, *LAST_NAMES))


def _is_town(words: str) -> bool:
    cand = words.title() if words.isupper() else words
    return (cand in PLACES or cand in TOWNS) and cand not in AMBIGUOUS_PLACES
