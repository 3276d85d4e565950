"""Transformer NER: any Hugging Face token-classification directory, local files only.

Names, addresses and organisations have no checksum; a small local model finds them. This module
turns a model's sub-token BIO predictions into word-level entity spans in code-point offsets:

* **Local only.** ``local_files_only=True`` and ``HF_HUB_OFFLINE``: the gateway must never fetch
  weights at run time, and a prompt must never leave the machine to be classified.
* **Labels mapped to our types** (``PER``/``PERSON`` → ``PERSON``, ``LOC``/``GPE``/``ADDRESS``/``CITY``
  → ``LOCATION``, ``ORG`` → ``ORGANIZATION``, ``DOB`` → ``DATE_OF_BIRTH`` ...). Unknown labels are
  dropped (``MISC`` is not a data class a policy can act on). A ``label_map.json`` in the model
  directory overrides the built-in table: ``{"SOME_LABEL": "PERSON", "OTHER": null}``.
* **Windows with overlap.** Long texts are split by the fast tokenizer into ``max_length`` windows
  overlapping by ``stride`` tokens; a token seen in two windows takes the prediction from the
  window where it sits farthest from an edge, so no entity is cut at a boundary.
* **One forward pass for many texts.** All windows of all texts of a call are padded together and
  run in batches under ``torch.inference_mode``.
* **Word-level aggregation.** Sub-token probabilities are averaged per word ("average" strategy),
  then BIO tags are decoded leniently (an ``I-X`` without ``B-X`` starts an entity).
"""

from __future__ import annotations

import json
import re
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402
from transformers import AutoModelForTokenClassification, AutoTokenizer  # noqa: E402
from transformers.utils import logging as hf_logging  # noqa: E402

from ..types import ENTITY_TYPES, Finding  # noqa: E402
from ._names import FIRST_NAMES, LAST_NAMES, WORDLIKE_GIVEN_NAMES  # noqa: E402
from ._places import PLACES, TOWNS  # noqa: E402
from .names import AMBIGUOUS_GIVEN_NAMES, lower_case_listed_name  # noqa: E402
from .patterns import MONTH_WORDS  # noqa: E402
from .vietnamese import names_a_language  # noqa: E402
from .words import (CURRENCY_CODES, FUNCTION_WORDS, NAME_PARTICLES, SALUTATIONS, TECH_PLATFORMS,  # noqa: E402
                    TRAILING_PARTICLE_RE, WEEKDAYS, casual_blocks)

__all__ = ["NerModel", "map_label", "parse_tag", "LABEL_TYPES"]

log = logging.getLogger(__name__)
DETECTOR = "ner"

#: Entity names (upper-case, ``-``/space → ``_``) seen in public NER label sets → our types.
LABEL_TYPES: dict[str, str] = {
    **{t: t for t in ENTITY_TYPES},
    **dict.fromkeys(
        ("PER", "PERS", "PERSON", "NAME", "FULLNAME", "FULL_NAME", "FIRSTNAME", "FIRST_NAME",
         "LASTNAME", "LAST_NAME", "GIVENNAME", "GIVEN_NAME", "SURNAME", "MIDDLENAME", "USERNAME",
         "NAME_STUDENT", "PATIENT", "DOCTOR", "HUMAN"), "PERSON"),
    **dict.fromkeys(
        ("LOC", "LOCATION", "GPE", "ADDRESS", "STREET", "STREET_ADDRESS", "STREETADDRESS", "CITY",
         "STATE", "COUNTRY", "ZIP", "ZIPCODE", "ZIP_CODE", "POSTCODE", "POSTAL_CODE", "BUILDINGNUM",
         "BUILDING_NUMBER", "FAC", "FACILITY", "HOSPITAL", "SECONDARYADDRESS", "COUNTY", "REGION",
         "PLACE"), "LOCATION"),
    **dict.fromkeys(("ORG", "ORGANIZATION", "ORGANISATION", "COMPANY", "CORP", "CORPORATION",
                     "EMPLOYER", "INSTITUTION"), "ORGANIZATION"),
    **dict.fromkeys(("DOB", "DATE_OF_BIRTH", "DATEOFBIRTH", "BIRTHDATE", "BIRTH_DATE", "BIRTHDAY"),
                    "DATE_OF_BIRTH"),
    **dict.fromkeys(("EMAIL", "E_MAIL", "EMAILADDRESS", "EMAIL_ADDRESS"), "EMAIL_ADDRESS"),
    **dict.fromkeys(("PHONE", "PHONENUMBER", "PHONE_NUMBER", "TELEPHONENUM", "TELEPHONE", "FAX"),
                    "PHONE_NUMBER"),
    **dict.fromkeys(("SSN", "US_SSN", "SOCIALNUM", "SOCIAL_SECURITY_NUMBER"), "US_SSN"),
    **dict.fromkeys(("CREDITCARD", "CREDIT_CARD", "CREDITCARDNUMBER", "CARD_NUMBER"), "CREDIT_CARD"),
    **dict.fromkeys(("IBAN", "IBAN_CODE"), "IBAN_CODE"),
    **dict.fromkeys(("IP", "IP_ADDRESS", "IPADDRESS", "IPV4", "IPV6"), "IP_ADDRESS"),
    **dict.fromkeys(("PASSWORD", "API_KEY", "APIKEY", "SECRET", "TOKEN"), "SECRET"),
}

_PREFIXES = ("B", "I", "E", "S", "L", "U")


def parse_tag(label: str) -> tuple[str, str]:
    """``"B-PER"`` → ``("B", "PER")``; ``"PER"`` → ``("I", "PER")``; ``"O"`` → ``("O", "")``.

    BIOES/BILOU prefixes are folded to B (begin: ``B``, ``S``, ``U``) or I (inside: ``I``, ``E``,
    ``L``); a bare label (IO scheme) is an inside tag, so runs of it merge.
    """
    lab = label.strip()
    if lab.upper() in ("O", "OUTSIDE", ""):
        return "O", ""
    for sep in ("-", "_"):
        head, _, rest = lab.partition(sep)
        if rest and head.upper() in _PREFIXES:
            return ("B" if head.upper() in ("B", "S", "U") else "I"), rest
    return "I", lab


def _norm_name(name: str) -> str:
    return name.strip().upper().replace("-", "_").replace(" ", "_")


def _label_overrides(doc: Any, path: Path) -> dict[str, str | None]:
    """``label_map.json`` as a flat ``{label: type}`` or as ``scripts/fetch_model.py`` writes it
    (``{"labels": {full label: type}, "types": {entity name: type}, ...}``)."""
    if not isinstance(doc, dict):
        raise ValueError(f"{path}: expected a JSON object mapping labels to entity types")
    if isinstance(doc.get("labels"), dict) or isinstance(doc.get("types"), dict):
        flat: dict[str, str | None] = {}
        flat.update(doc.get("types") or {})
        flat.update(doc.get("labels") or {})
        doc = flat
    bad = [k for k, v in doc.items() if v is not None and not isinstance(v, str)]
    if bad:
        raise ValueError(f"{path}: values must be entity type names or null (see {bad[:3]})")
    return doc


def map_label(label: str, overrides: dict[str, str | None] | None = None) -> tuple[str, str | None]:
    """A model label → (``B``/``I``/``O``, our entity type or None when we do not report it)."""
    if overrides and label in overrides:
        ov = overrides[label]
        prefix, _ = parse_tag(label)
        return (prefix, ov) if ov else ("O", None)
    prefix, name = parse_tag(label)
    if prefix == "O":
        return "O", None
    key = _norm_name(name)
    if overrides:
        for k in (name, key):
            if k in overrides:
                ov = overrides[k]
                return (prefix, ov) if ov else ("O", None)
    typ = LABEL_TYPES.get(key)
    return (prefix, typ) if typ else ("O", None)


def _quantize(ner: NerModel) -> bool:
    """Dynamic int8 weights for every Linear layer: about 1.4x faster on CPU for a small BERT at a
    small accuracy cost, hence opt-in (``quantize=True`` or ``WARDEN_NER_QUANTIZE=1``)."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ner.model = torch.ao.quantization.quantize_dynamic(ner.model, {torch.nn.Linear}, dtype=torch.qint8)
    except (RuntimeError, AttributeError, ImportError) as exc:  # no quantized engine on this CPU
        log.warning("int8 quantization unavailable, running float32: %s", exc)
        return False
    return True


# Feasts and holidays, capitalised like names in most languages.
_HOLIDAYS = frozenset(
    """toussaint noël noel pâques paques pentecôte ascension carnaval ostern pfingsten weihnachten fasching silvester
    navidad nochebuena nochevieja semana santa reyes natale pasqua ferragosto epifania befana kerst kerstmis pasen
    pinksteren sinterklaas koningsdag wielkanoc wigilia jul midsommar påsk påske pinse bayram ramazan kurban
    christmas easter thanksgiving halloween hanukkah diwali eid ramadan""".split()
    + ["semana santa", "boże narodzenie", "boxing day", "new year", "all saints"]
)
# Labels of contact and record fields that a small model sometimes takes for a name or a place.
_FIELD_LABELS = frozenset(
    "tel tél tlf tlm tfn fax mob mobil cel cell email e-mail mail web iban bic swift siret siren vat tva nif cif "
    "ust attn ref fwd cc bcc dob".split()
)
# Street words in English and as endings of one-word streets ("Elswoutslaan", "Goethestraße").
_STREET_ENDING_RE = re.compile(
    r"(?i)(?:street|st|road|rd|lane|ln|avenue|ave|drive|dr|way|close|court|ct|place|pl|square|sq|terrace|crescent"
    r"|grove|gardens|hill|park|row|walk|mews|parade|boulevard|blvd|highway|hwy|straße|strasse|str|weg|platz|allee"
    r"|gasse|ring|damm|straat|laan|plein|gracht|kade|vej|gade|gatan|vägen|veien|gata|katu|tie|utca|út)\.?$"
)
# Lower-case words allowed inside a place only: street types ("14 rue des Lilas", "calle mayor 23").
_STREET_TYPES = frozenset(
    "rue avenue av boulevard bd chemin allée impasse place quai route cours calle avenida paseo plaza carrer "
    "camino via viale piazza corso vicolo largo rua travessa praça ul ulica al aleja plac os osiedle "
    "street road lane im bei an des dei degli delle dels".split()
)
_GERMAN_PRONOUNS = frozenset("Sie Ihnen Ihr Ihre Ihren Ihrem Ihrer Ihres".split())
_SQL_WORDS = frozenset(
    """SELECT FROM WHERE JOIN LEFT RIGHT INNER OUTER ON AS AND OR NOT NULL PRIMARY KEY FOREIGN REFERENCES DEFAULT
    UNIQUE INDEX TABLE CREATE ALTER DROP INSERT INTO VALUES UPDATE SET DELETE GROUP BY ORDER HAVING LIMIT OFFSET
    ALWAYS GENERATED STORED CHECK CONSTRAINT CASCADE RETURNING WITH UNION ALL DISTINCT CASE WHEN THEN ELSE END
    TEXT INTEGER BIGINT VARCHAR BOOLEAN TIMESTAMP TIMESTAMPTZ DATE NUMERIC UUID SERIAL IF EXISTS""".split()
)
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
    eighteen nineteen twenty thirty forty fifty hundred thousand first second third fourth fifth""".split()
)
# Words of an address that no person's name holds (English "Lane" and "Road" are surnames too).
_ADDRESS_WORDS = frozenset("mah mahallesi sok sokak sokağı cad caddesi bulvarı ulica ul straße strasse gasse "
                           "calle rua avenida".split())
# The end of "from openai import", "import", "using": the next word is a module or class.
_IMPORT_BEFORE = re.compile(
    r"(?:^|[\s;])(?:import|from|require|using|package|include)[ \t]+(?:[\w.]+[ \t]+import[ \t]+)?\Z"
)
_CAMEL_WORD = re.compile(r"[a-z]{2}[A-Z][a-z]+[A-Z]|[a-z]{4}[A-Z]")
_CODEISH = re.compile(r"[=_/\\@{}<>|;\"\[\]`]|-{2,}|\w\.\w+\(|://")
_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")
_TIGHT_SEPARATOR = re.compile(r"[,;]\S")
_MIXED_TOKEN = re.compile(r"(?=\w*\d)(?=\w*[^\W\d_])\w{6,}")


_CAP_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")


def candidate_regions(text: str, casual: Sequence[tuple[int, int]] | bool) -> list[tuple[int, int]]:
    """Stretches of ``text`` that can hold an entity ``plausible`` would keep: runs of sentences
    with a capitalised word that is not a function word. In text with capitals, a sentence
    without one cannot yield a kept entity, so the model need not read it; on ordinary prose
    that skips most sentences. Lower-case ("casual") paragraphs (``casual``: their spans, or
    True for the whole text) are read whole."""
    if casual is True:
        return [(0, len(text))]
    blocks = list(casual) if casual else []
    regions: list[tuple[int, int]] = []

    def add(a: int, b: int) -> None:
        if regions and regions[-1][1] >= a:
            regions[-1] = (regions[-1][0], max(b, regions[-1][1]))  # neighbours share context
        else:
            regions.append((a, b))

    for m in _SENTENCE.finditer(text):
        a, b = m.span()
        if a == b:
            continue
        while blocks and blocks[0][1] <= a:
            add(*blocks.pop(0))
        if blocks and blocks[0][0] <= a:
            continue  # inside a casual paragraph, which is read whole
        if any(w.group(0)[0].isupper() and w.group(0).lower() not in FUNCTION_WORDS
               for w in _CAP_WORD.finditer(text, a, b)):
            add(a, b)
    for blk in blocks:
        add(*blk)
    return regions




_ORDINAL = re.compile(r"\d{1,4}(?:st|nd|rd|th|er|e|ème|º|ª|\.)?", re.I)


_MONTH_BESIDE_RE = re.compile(r"[ \t]*(?:,|–|-|y|and|et|und|e|i|och|og|en|ve|și|és)[ \t]+([^\W\d_]+)")
_DAY_BEFORE_RE = re.compile(r"(?<![\d.,:/])(?:[1-9]|[12]\d|3[01])\.?[ \t]+\Z")
_MONTH_BEFORE_RE = re.compile(r"([^\W\d_]+)[ \t]*(?:,|–|-|y|and|et|und|e|i|och|og|en|ve|și|és)[ \t]+\Z")


def _beside_a_month(text: str, start: int, end: int) -> bool:
    """A month that is also a given name ("Julio", "June") read as a month: joined to another month
    ("Julio y Agosto", "May–June")."""
    if text[start:end].lower() not in MONTH_WORDS:
        return False
    after = _MONTH_BESIDE_RE.match(text, end)
    before = _MONTH_BEFORE_RE.search(text, max(0, start - 20), start)
    if _DAY_BEFORE_RE.search(text, max(0, start - 6), start):
        return True  # "op 27 Julie in die kerksaal": a day of the month
    return any(m is not None and m.group(1).lower() in MONTH_WORDS for m in (after, before))


def _calendar_word(word: str) -> bool:
    """A month (in any language the date rules read, any case form they know) or a weekday, and no
    given name that stands as one ("June", "April" and "May" are names as often as months)."""
    low = word.lower()
    return (low in MONTH_WORDS or low in WEEKDAYS) and (word not in FIRST_NAMES or word in AMBIGUOUS_GIVEN_NAMES)


_DIRECTIONS = frozenset("north south east west nord süd sud ost noord zuid oost west norte sur este oeste".split())
# A log line: a timestamp or a bracketed stamp first ("2024-05-01T10:00:03Z INFO", "[10:14:09.877+0000][gc]").
_LOG_LINE_RE = re.compile(r"[ \t]*(?:\[?\d{4}-\d{2}-\d{2}[T ]\d|\[\d{1,2}:\d{2}:\d{2}[.,]\d)")  # not a chat's "[18:14]"


_PRODUCT_AFTER_RE = re.compile(
    r"[ \t]+(?:365|Office|Word|Excel|Teams|Windows|Outlook|Acrobat|Photoshop|Reader|Edge|Copilot|Dynamics|SharePoint"
    r"|Drive|Docs|Sheets|Workspace|Chrome|Maps)(?![\w])")
_HARDWARE_TERMS = frozenset(
    """nvme ssd hdd tb gb mb kb usb usb-c hdmi ram cpu gpu npu oled amoled lcd led ips ddr4 ddr5 lpddr4x lpddr5
    lpddr5x pcie sata wi-fi wifi bluetooth thunderbolt displayport ethernet lte 5g""".split()
)


def plausible(text: str, f: Finding, casual: bool = False) -> bool:
    """Whether a model's PERSON/LOCATION/ORGANIZATION span can be one at all.

    A small model labels keys, hashes, code and ordinary lower-case words now and then; none of
    those is a name whatever the score: letters are required, code characters and long
    letter-digit tokens are not allowed, names are capitalised (unless the whole text is written
    in lower case), a person has no digits and spans one line, and a lone all-capitals word is an
    acronym, not a person or a place.
    """
    if f.type not in ("PERSON", "LOCATION", "ORGANIZATION"):
        return True
    span = text[f.start : f.end]
    if not casual and f.type == "PERSON" and " " in span.strip() and lower_case_listed_name(span):
        casual = True  # "nurşan kowalczyk" in a capitalised note: the name lists know it
    words = span.split()
    if len(span) < 2 or not _TWO_LETTERS.search(span) or not words or "\n" in span:
        return False  # "21 °C", "4 x": a name or place has a word of two letters or more
    if _ORDINAL.fullmatch(span):
        return False  # "on 20th", "le 3e": a day, not a place
    if len(words) == 1 and span.lower().strip(",.!") in SALUTATIONS:
        return False  # "Saygılarımla,": a sign-off, not a person
    if len(words) >= 2 and words[0].endswith(",") and words[0].rstrip(",").lower() in SALUTATIONS:
        return False  # "Gracias, Nuria": the sign-off and its writer in one span (the rules find the writer)
    if _CODEISH.search(span) or _MIXED_TOKEN.search(span):
        return False
    if "\t" in span:
        return False  # "CSH-VLV-RST\tVelvet Cushion": two cells of a table, not one name
    if f.type == "PERSON" and span.count("(") != span.count(")"):
        return False  # "PRIMARY KEY (sku": half of a bracket (a place may run into its post code's bracket)
    if any(w in _GERMAN_PRONOUNS for w in words):
        return False  # "Schalten Sie das Gerät aus", "Füllen Sie den Wassertank": an instruction
    if all(w.strip(",.;") in _SQL_WORDS for w in words):
        return False  # "PRIMARY KEY", "ALWAYS AS", "NOT NULL": SQL
    if len(words) == 1 and span.lower().strip(".,") in _NUMBER_WORDS:
        return False  # "1. Ten Small Habits": a number
    if _TIGHT_SEPARATOR.search(span):
        return False  # "Luca,De Santis", "E1002,Sofía": fields of a record run together
    if _IMPORT_BEFORE.search(text[max(0, f.start - 60) : f.start]):
        return False  # "from openai import OpenAI", "import Foundation": a module or class, not a party
    if f.type == "ORGANIZATION" and span.lower() in TECH_PLATFORMS:
        return False  # "The GitHub Action fails", "my Mastercard 2221 …": technology and card brands
    if all(w.strip(",.;()").lower() in _HARDWARE_TERMS for w in words):
        return False  # "1 TB NVMe", "OLED", "LPDDR5X": a computer's parts, not a party
    if f.type == "ORGANIZATION" and _PRODUCT_AFTER_RE.match(text, f.end):
        return False  # "J'ai Microsoft 365", "Adobe Acrobat": the product, not the company
    if span.lower() in _LANGUAGES or ("tiếng" in text and names_a_language(text, f.start)):
        return False  # "spricht kaum Englisch", "sang tiếng Anh": a language, not a party or a place
    if span in CURRENCY_CODES:
        return False  # "currency": "GBP": money, not a party or a place
    if len(words) == 1 and f.type in ("PERSON", "LOCATION") and (
            _calendar_word(span.strip(".,")) or _beside_a_month(text, f.start, f.end)):
        return False  # "15 Haziran", "(12–13 Οκτωβρίου)", "Thu 6/13", "Julio y Agosto": a month or a day
    if f.type == "PERSON" and any(w.strip(".,").lower() in _ADDRESS_WORDS for w in words[1:]):
        return False  # "Aydınlı Mah. Yavuz Sok.", "Çınarlı Mah. Gül Sok": an address's parts, not a person
    if f.type == "PERSON" and len(words) >= 2 and words[0] in ("A", "An", "The") and len(words[1].strip(".")) > 1:
        return False  # "Ten Quick Wins For A Tidier Inbox": an article opens a phrase, not a name
    if span.lower() in _DIRECTIONS:
        return False  # "| West | Afgerond |": a region of a report, not a person or a place
    if f.type == "PERSON" and _LOG_LINE_RE.match(text, text.rfind("\n", 0, f.start) + 1) and not any(
            w in FIRST_NAMES and w not in AMBIGUOUS_GIVEN_NAMES for w in words) and not re.search(
            r"[=\"':][ \t]*(?:[A-Z][\w'’\-]*[ \t]+){0,2}\Z", text[max(0, f.start - 30) : f.start]):
        return False  # "[gc] GC(412) Pause Young (Normal)": a log line's words; user="Jess Whitcombe" is a value
    if span.isupper() and _ASSIGNED_AFTER_RE.match(text, f.end):
        return False  # "TOKEN = …": a constant in code
    before = text[f.start - 1] if f.start > 0 else " "
    after = text[f.end] if f.end < len(text) else " "
    if before in "{$" or after == "}":
        return False  # "{TOKEN}", "${NAME}": a template slot
    if after == "(" and f.type != "LOCATION":
        return False  # "new Anthropic({", "Foo(": a call in code
    if before in "-_./=\\" or after in "_/=\\" or (after in "-." and text[f.end + 1 : f.end + 2].isalnum()) or (
            text[f.end : f.end + 2] == "--"):
        return False  # glued to code: "-----BEGIN PUBLIC KEY", "config.Name", "Foo_bar"
    hexish = sum(bool(re.fullmatch(r"[0-9A-Fa-f]{1,4}", w)) for w in words)
    if hexish >= 4 and hexish * 5 >= len(words) * 3:
        return False  # "50 4E 47 0D 0A …": a hex dump, not an address
    cased = [w for w in words if w[:1].isalpha() and w[0].lower() != w[0].upper()]
    if cased and not casual and not any(w[0].isupper() and w.lower() not in FUNCTION_WORDS for w in cased):
        return False  # "seasons", "une", "portfolio", "The"
    if len(words) == 2 and words[0] in ("der", "die", "das", "dem", "den", "des", "einen", "einem", "einer"):
        return False  # "an der Wand", "auf die Straße": a German article and a noun, not a place
    allowed = NAME_PARTICLES | _STREET_TYPES if f.type == "LOCATION" else NAME_PARTICLES
    if not casual and any(w[0].islower() and w.strip(".,'’").lower() not in allowed for w in cased):
        return False  # "antworte dem Kunden höflich", "the CRM": a phrase, not a name
    if any(_CAMEL_WORD.search(w) for w in words):
        return False  # "HttpClientFactory"
    if f.type != "ORGANIZATION" and span.lower() in _HOLIDAYS:
        return False  # "depuis la Toussaint", "vor Ostern": a feast, not a person or a place
    if len(words) == 1 and span.lower().rstrip(".:") in _FIELD_LABELS:
        return False  # "Tél.", "Fax", "IBAN": the label of a field, not a name or place
    if f.type == "LOCATION" and words[0][0].isdigit() and not any(
            w.strip(".,").lower() in _STREET_TYPES or _STREET_ENDING_RE.search(w) or w.strip(".,") in PLACES
            for w in words[1:]):
        return False  # "401 Forbidden", "2 EL Butter": a number and words, no street or known place
    if casual and f.type != "PERSON" and not any(c.isupper() for c in span) and not (
            span.title() in PLACES or any(w.lower() in _STREET_TYPES for w in words)):
        return False  # lower-case text forgives lower-case names, not "en lugar de 0, 1"
    if f.type == "PERSON":
        if any(c.isdigit() for c in span) or "\n" in span:
            return False
        if _EPONYM_BEFORE_RE.search(text, max(0, f.start - 24), f.start) or _EPONYM_AFTER_RE.match(text, f.end):
            return False  # "wzór Herona", "Heron's formula", "théorème de Pythagore": a formula's name
        named = [w for w in cased if w.strip(".,").lower() not in NAME_PARTICLES]
        if casual and not any((w[0].isupper() and len(w.strip(".,")) > 1) or _listed_word(w) for w in named):
            return False  # lower case forgives names the lists know ("call w/ ravi"), not "cebolla morada"
        head = next((w for w in named if len(w.strip(".,")) > 1), None)  # past an initial: "j. morales"
        if casual and span.islower() and len(named) >= 2 and head is not None and not _listed_word(head):
            return False  # all in lower case, a name starts with a listed name ("natasha evans", "ben o."), not
            # "widzę kota" or "aceite de oliva"

        if len(words) == 1 and (span.isupper() or len(span) < 2):
            return False  # "ENGINE", "OR", "I"
    elif f.type == "LOCATION":
        if len(words) == 1 and span.isupper() and len(span) > 3:
            return False
        if span.strip(".") in _CURRENCIES or (_POSTCODE_ONLY_RE.fullmatch(span) and re.search(
                r"[\"':=,\t][ \t\"']*\Z", text[max(0, f.start - 4) : f.start])):
            return False  # "2 400 Kč"; a bare postcode in its own field ("postcode": "BL1 3AA")
        if any(c.isdigit() for c in span) and not _addressish(words):
            return False  # "P.IVA 02841190354", "Typ 2", "FH 218": numbers, no street, place or post code
    elif len(words) == 1 and span.isupper() and len(span) > 6:
        return False  # "WBKPPLPP" is a BIC code; "NHS", "DHL" stay
    return True


# A named formula, theorem or law is no mention of a person in a prompt ("wzór Herona", "Bayes'
# theorem", "le théorème de Pythagore", "Satz des Pythagoras", "la ley de Ohm").
_EPONYM_BEFORE_RE = re.compile(
    r"(?i)(?<![\w])(?:wz[oó]r\w*|twierdzeni\w*|prawo|prawa|prawie|satz|formel|gesetz|théorème|formule|loi|teorema"
    r"|fórmula|formula|ley|legge|stelling|sats|regel|lemma|lemat\w*|algorytm\w*|theorem|law)"
    r"(?:[ \t]+(?:de|des|der|di|del|della|van|von|du|of|d'))?[ \t]*\Z"
)
_EPONYM_AFTER_RE = re.compile(
    r"(?i)(?:'s|’s|'|’)?[ \t]+(?:formula|theorem|law|lemma|principle|equation|constant|conjecture|algorithm"
    r"|inequality|identity|paradox|transform|distribution|theorie|theory|method)s?(?![\w])"
)


# Platforms, tools and card brands a prompt names as technology: the labelling guide keeps them out of
# ORGANIZATION, and a model that learnt company names takes them for firms.
# Languages in the gateway's languages: "kein Englisch", "en anglais", "in het Engels".
_LANGUAGES = frozenset(
    """english englisch anglais inglés ingles inglese engels engelska engelsk angielski angličtina ingilizce
    german deutsch allemand alemán aleman tedesco duits tyska tysk niemiecki němčina almanca french
    französisch francés frances francese frans franska fransk francuski francouzština fransızca spanish
    spanisch espagnol español espanol spagnolo spaans spanska spansk hiszpański italian italienisch
    italien italiano italiaans italienska italiensk włoski dutch niederländisch néerlandais neerlandés
    nederlands polish polnisch polonais polaco polski portuguese portugiesisch portugais português
    portugues swedish schwedisch suédois svenska finnish finnisch suomi turkish türkisch türkçe""".split()
)
_ASSIGNED_AFTER_RE = re.compile(r"[ \t]*(?::[ \t]*\w+[ \t]*)?=(?!=)")


_CURRENCIES = frozenset("Kč zł Ft kr Kr lei Lei лв EUR USD GBP CHF PLN CZK HUF SEK NOK DKK RON TRY".split())
_POSTCODE_ONLY_RE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|\d{4,5}(?:-\d{3,4})?|\d{2}-\d{3}|\d{3}[ \t]\d{2}")
_POSTCODE_IN_RE = re.compile(
    r"(?<![\w])(?:[A-Z]{1,2}\d[A-Z\d]?(?:[ \t]?\d[A-Z]{2})?|\d{4,5}|\d{2}-\d{3}|\d{3}[ \t]\d{2})(?![\w])")


# Street-type endings long enough not to end ordinary words ("Zwiebeln" does not end in "Ln").
_COMPOUND_STREET_RE = re.compile(
    r"(?i)\w{3}(?:straße|strasse|platz|allee|gasse|straat|laan|plein|gracht|gatan|vägen|veien|katu|utca)$")


def _addressish(words: list[str]) -> bool:
    """Whether a span with digits reads as an address: a street word, a known place or a post code."""
    for w in words:
        core = w.strip(".,;:()")
        if core.lower() in _STREET_TYPES or _COMPOUND_STREET_RE.search(core) or core in PLACES or core in TOWNS:
            return True
    return _POSTCODE_IN_RE.search(" ".join(words)) is not None


# Where a person's name cannot go on: a comma, or a full stop after a word of two letters or more
# ("J. Smith" keeps its initial).
_PERSON_BREAK_RE = re.compile(r",[ \t]|(?<=[^\W\d_]{2})\.(?:[ \t]|$)")


def _sure_name_word(word: str) -> bool:
    """A given name or surname the lists know that is no particle and no everyday word ("tom", "Pilar";
    not "den", "Baby")."""
    w = word.strip(".,;:!?()'’\"")
    cap = w[:1].upper() + w[1:].lower() if w.islower() else w
    if w.lower() in NAME_PARTICLES or w.lower() in FUNCTION_WORDS or cap in AMBIGUOUS_GIVEN_NAMES \
            or cap in WORDLIKE_GIVEN_NAMES:
        return False
    return cap in FIRST_NAMES or cap in LAST_NAMES


def _listed_word(word: str) -> bool:
    """A lower-case word of a casual note that may be part of a name: a particle, or a given name
    or surname the lists know ("ravi", "kowalczyk", "jean-luc")."""
    w = word.strip(".,;:!?()'’\"")
    if w.lower() in NAME_PARTICLES:
        return True
    cap = "-".join(p.capitalize() for p in w.split("-"))
    return cap in FIRST_NAMES or cap in LAST_NAMES or all(p in FIRST_NAMES or p in LAST_NAMES for p in cap.split("-"))


def _default_threads() -> int:
    return max(1, min(4, (os.cpu_count() or 2) - 1))


class NerModel:
    """A token-classification model loaded from a local directory, ready for ``predict``.

    ``max_length``: tokens per window (default: what the model and tokenizer allow, at most 512).
    ``stride``: tokens shared by consecutive windows (default a quarter of the window).
    ``batch_size``: windows per forward pass. ``min_score``: entities scoring lower are dropped.
    ``num_threads``: torch intra-op threads; ``None`` leaves a configured ``OMP_NUM_THREADS`` /
    earlier ``set_num_threads`` alone and otherwise uses cores - 1 (at most 4), leaving a core
    for the proxy's event loop. ``quantize``: int8 dynamic quantization of the Linear layers
    (default from ``WARDEN_NER_QUANTIZE``, off).
    """

    def __init__(self, model_dir: str | Path, *, max_length: int | None = None,
                 stride: int | None = None, batch_size: int = 16, min_score: float = 0.5,
                 num_threads: int | None = None, quantize: bool | None = None) -> None:
        self.model_dir = Path(model_dir)
        if not (self.model_dir / "config.json").is_file():
            raise FileNotFoundError(f"{self.model_dir} is not a model directory (no config.json)")
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        if num_threads is not None:
            torch.set_num_threads(num_threads)
        elif "OMP_NUM_THREADS" not in os.environ:
            torch.set_num_threads(_default_threads())
        self.tokenizer: Any = AutoTokenizer.from_pretrained(self.model_dir, local_files_only=True)
        if not getattr(self.tokenizer, "is_fast", False):
            raise ValueError(f"{self.model_dir}: a fast tokenizer (tokenizer.json) is required for offsets")
        self.model: Any = AutoModelForTokenClassification.from_pretrained(self.model_dir, local_files_only=True)
        self.model.eval()
        if quantize is None:
            quantize = os.environ.get("WARDEN_NER_QUANTIZE", "") not in ("", "0", "false", "no")
        self.quantized = bool(quantize) and _quantize(self)

        limits = [512, getattr(self.model.config, "max_position_embeddings", 512) or 512]
        tml = getattr(self.tokenizer, "model_max_length", None)
        if isinstance(tml, int) and 0 < tml < 100_000:
            limits.append(tml)
        self.max_length = max_length or min(limits)
        self.stride = self.max_length // 4 if stride is None else stride
        if not 0 <= self.stride < self.max_length - 2:
            raise ValueError("stride must be smaller than the window")
        self.batch_size = max(1, batch_size)
        # A private copy of the fast tokenizer's backend, configured to cut long texts into
        # overlapping windows (truncation with stride yields the rest as ``overflowing``).
        self._backend = Tokenizer.from_str(self.tokenizer.backend_tokenizer.to_str())
        self._backend.no_padding()
        self._backend.enable_truncation(self.max_length, stride=self.stride)
        self._pad_id = self.tokenizer.pad_token_id or 0
        self.min_score = min_score

        overrides: dict[str, str | None] = {}
        lm = self.model_dir / "label_map.json"
        if lm.is_file():
            overrides = _label_overrides(json.loads(lm.read_text("utf-8")), lm)
            bad = {v for v in overrides.values() if v is not None and v not in ENTITY_TYPES}
            if bad:
                raise ValueError(f"{lm}: unknown entity types {sorted(bad)}")
        id2label = {int(k): v for k, v in self.model.config.id2label.items()}
        self.tags: list[tuple[str, str | None]] = [
            map_label(id2label.get(i, "O"), overrides) for i in range(len(id2label))
        ]
        unmapped = sorted({id2label[i] for i, (_, t) in enumerate(self.tags)
                           if t is None and parse_tag(id2label[i])[0] != "O"})
        if unmapped:
            log.info("NER labels not reported: %s", ", ".join(unmapped))

    # --- public -------------------------------------------------------------------------------

    @property
    def entity_types(self) -> set[str]:
        return {t for _, t in self.tags if t}

    def predict(self, texts: Sequence[str]) -> list[list[Finding]]:
        """Entity findings for each text, in one padded, windowed, batched model run."""
        out: list[list[Finding]] = [[] for _ in texts]
        # Only the stretches that can hold a name go to the model (see ``candidate_regions``).
        pieces: list[tuple[int, int, str, bool]] = []  # (text index, offset, piece, casual)
        for i, t in enumerate(texts):
            if not t.strip():
                continue
            blocks = casual_blocks(t)
            for a, b in candidate_regions(t, blocks):
                pieces.append((i, a, t[a:b], bool(blocks) and any(
                    a < y and x < b for x, y in blocks)))
        if not pieces:
            return out
        # The tokenizers backend directly: the transformers wrapper's overflow bookkeeping cost
        # as much as a small model's forward pass.
        windows: list[tuple[int, Any]] = []
        for k, enc in enumerate(self._backend.encode_batch([p[2] for p in pieces])):
            windows.append((k, enc))
            windows.extend((k, o) for o in enc.overflowing)
        width = max(len(w.ids) for _, w in windows)
        ids = np.full((len(windows), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(windows), width), dtype=np.int64)
        for r, (_, w) in enumerate(windows):
            ids[r, : len(w.ids)] = w.ids
            mask[r, : len(w.ids)] = 1
        probs = self._probabilities(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()

        by_text: dict[int, list[tuple[int, Any]]] = {}
        for r, (k, w) in enumerate(windows):
            by_text.setdefault(k, []).append((r, w))
        for k, wins in by_text.items():
            i, off, piece, casual = pieces[k]
            rows, starts, ends = self._kept_tokens(wins)
            if rows:
                found = self._entities(piece, np.asarray(starts), np.asarray(ends),
                                       probs[np.asarray(rows)[:, 0], np.asarray(rows)[:, 1]], casual)
                out[i].extend(Finding(f.type, f.start + off, f.end + off, f.score, f.detector, f.kind)
                              for f in found)
        return out

    @staticmethod
    def _kept_tokens(wins: list[tuple[int, Any]]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
        """(window row, position) and char span of every token, each taken once.

        Consecutive windows share ``stride`` tokens; each shared token is taken from the window in
        which it sits farther from the edge (first half of the overlap from the earlier window,
        second half from the later one), so every token had context on both sides.
        """
        per_win: list[list[tuple[int, int, int, int]]] = []
        for r, w in wins:
            toks = [(r, j, s, e) for j, ((s, e), sp) in enumerate(zip(w.offsets, w.special_tokens_mask))
                    if not sp and e > s]
            per_win.append(toks)
        rows: list[tuple[int, int]] = []
        starts: list[int] = []
        ends: list[int] = []
        trim_next = 0
        for n, toks in enumerate(per_win):
            keep = toks[trim_next:]
            trim_next = 0
            if n + 1 < len(per_win) and toks:
                last_end = toks[-1][3]
                ov = sum(1 for t in per_win[n + 1] if t[2] < last_end)
                if ov:
                    keep = keep[: len(keep) - ov // 2]
                    trim_next = ov - ov // 2
            for r, j, s, e in keep:
                rows.append((r, j))
                starts.append(s)
                ends.append(e)
        return rows, starts, ends

    # --- internals ----------------------------------------------------------------------------

    def _probabilities(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Per-token label probabilities for every window, ``batch_size`` windows at a time."""
        n, full = input_ids.shape
        out = torch.zeros((n, full, len(self.tags)))
        # Windows of similar length share a slice, and each slice is cut to its longest window:
        # one long text must not make every short one pay for padding.
        order = torch.argsort(attention_mask.sum(dim=1), descending=True)
        with torch.inference_mode():
            for i in range(0, n, self.batch_size):
                idx = order[i : i + self.batch_size]
                mask = attention_mask[idx]
                width = int(mask.sum(dim=1).max().item())
                logits = self.model(input_ids=input_ids[idx, :width], attention_mask=mask[:, :width]).logits
                out[idx, :width] = torch.softmax(logits.float(), dim=-1)
        return out

    def _entities(self, text: str, starts: np.ndarray, ends: np.ndarray, probs: np.ndarray,
                  casual: bool = False) -> list[Finding]:
        """BIO-decode word-level labels into entity findings (arrays are per kept token)."""
        # Sub-tokens that touch (no gap) form one word: "Schmidt" = "sch" "##mid" "##t". A word's
        # label distribution is the mean over its sub-tokens that hold a letter or digit (a
        # trailing comma's "O" must not dilute "Berlin").
        new_word = np.ones(len(starts), dtype=bool)
        new_word[1:] = starts[1:] > ends[:-1]
        word_starts = np.flatnonzero(new_word)
        weight = np.fromiter((text[a].isalnum() for a in starts.tolist()), dtype=np.float32,
                             count=len(starts)) + 1e-4
        sums = np.add.reduceat(probs * weight[:, None], word_starts, axis=0)
        word_probs = sums / np.add.reduceat(weight, word_starts)[:, None]
        labels = word_probs.argmax(axis=1)
        scores = word_probs.max(axis=1)
        word_ends = np.append(word_starts[1:], len(starts)) - 1
        w_start = starts[word_starts].tolist()
        w_end = ends[word_ends].tolist()

        findings: list[Finding] = []
        ent: tuple[str, int, int, list[float]] | None = None
        for i, (lab, sc) in enumerate(zip(labels.tolist(), scores.tolist())):
            prefix, typ = self.tags[lab]
            if typ is None or prefix == "O":
                if ent:
                    findings.append(self._finding(text, ent))
                ent = None
                continue
            if ent is not None and ent[0] == typ and prefix == "I":
                ent = (typ, ent[1], w_end[i], ent[3] + [sc])
                continue
            if ent:
                findings.append(self._finding(text, ent))
            ent = (typ, w_start[i], w_end[i], [sc])
        if ent:
            findings.append(self._finding(text, ent))
        return [f for f in findings
                if f.score >= self.min_score and f.end > f.start and plausible(text, f, casual)]

    @staticmethod
    def _finding(text: str, ent: tuple[str, int, int, list[float]]) -> Finding:
        typ, s, e, scores = ent
        # Punctuation at the edges ("Berlin,", "(Concurrent", "Pause)") is not part of the entity,
        # unless it closes a bracket opened inside it ("Acme (UK)").
        while True:
            if e - s > 2 and text[s] + text[e - 1] == "()" and text.count("(", s, e) == 1:
                s, e = s + 1, e - 1  # "(Reeshof)", "(Szabó Laci)": the bracket around a name is not part of it
            elif e > s and not text[e - 1].isalnum() and not (
                    text[e - 1] in ")]" and text.count("(" if text[e - 1] == ")" else "[", s, e) > 0):
                e -= 1
            elif s < e and not text[s].isalnum() and not (
                    text[s] in "([" and text.count(")" if text[s] == "(" else "]", s, e) > 0) and text[s] != "+":
                s += 1
            elif (m := TRAILING_PARTICLE_RE.search(text, s, e)) is not None and m.start() > s:
                e = m.start()  # "João da", "Grundschullehrerin an der": a name does not end on a particle
            else:
                break
        if typ == "PERSON" and (cut := _PERSON_BREAK_RE.search(text, s, e)) is not None and cut.start() > s \
                and any(_sure_name_word(w) for w in text[s : cut.start()].split()):
            e = cut.start()  # "tom, aisha, raj present": a list or a sentence; the name before it is the person
        return Finding(typ, s, e, sum(scores) / len(scores), DETECTOR)
