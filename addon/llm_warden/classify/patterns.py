"""Validated structured-data detectors: email, phone, card, IBAN, US SSN, IP, date of birth.

Every detector follows the same shape: a cheap, linear pre-compiled regex proposes candidates, and a
real validator (``phonenumbers``, ``stdnum``, ``ipaddress``, SSA rules, calendar checks) decides.
The regex is deliberately loose and the validator strict, because a policy engine that denies
requests on a false positive is as harmful as one that misses a leak: ordinary prompts full of
version numbers, hashes, timestamps and IDs must come out clean.

Offsets are Python string indices, i.e. code points into the text as given.
"""

from __future__ import annotations

import datetime as _dt
import ipaddress
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import phonenumbers
from stdnum import ean as _ean
from stdnum import iban as _iban
from stdnum import isbn
from stdnum import luhn as _luhn

from ..types import Finding

__all__ = [
    "MONTH_WORDS",
    "DATE_BOUND_RE",
    "DEFAULT_PHONE_REGIONS",
    "find_patterns",
    "table_columns",
    "find_emails",
    "find_phones",
    "find_credit_cards",
    "find_ibans",
    "find_us_ssns",
    "find_ips",
    "find_dates_of_birth",
    "card_brand",
    "is_valid_ssn",
]

DETECTOR = "pattern"

#: Regions tried, in order, for numbers written in national format (no leading ``+``). ``US``
#: first because a bare ``(415) 555-2671`` is overwhelmingly North American. The other regions are
#: tried for numbers that start with a trunk ``0`` (``030 1234567``, ``020 7946 0958``), and for
#: grouped numbers when a phone word is about (``llámame al 612 34 56 78``).
DEFAULT_PHONE_REGIONS: tuple[str, ...] = (
    "US", "GB", "DE", "FR", "ES", "IT", "NL", "CH", "AT", "BE", "PT", "PL", "IE", "SE", "NO", "DK",
    "FI", "BR", "MX", "IN", "AU", "CA",
)


def _window(text: str, start: int, end: int, before: int = 48, after: int = 16) -> str:
    """The lower-cased text around a span, for context-word checks, without a word cut at either
    edge: a window that cut "tell" to "tel" or "hotel" to "tel" would find a phone word there."""
    a, b = max(0, start - before), min(len(text), end + after)
    if a > 0 and text[a - 1].isalpha():
        while a < start and text[a].isalpha():
            a += 1
    if b < len(text) and text[b].isalpha():
        while b > end and text[b - 1].isalpha():
            b -= 1
    return text[a:b].lower()


# --------------------------------------------------------------------------------------------
# Email
# --------------------------------------------------------------------------------------------

# Local part and labels are bounded, labels cannot contain dots, so the scan is linear.
_EMAIL_RE = re.compile(
    r"(?<![\w.%+\-])"
    r"([\w%+\-](?:[\w.%+\-]{0,62}[\w%+\-])?)"
    r"@"
    r"((?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.){1,8}([^\W\d_]{2,24}))"
    r"(?![\w\-]|\.[^\W_])"
)

# File extensions that follow ``@`` in asset names (``icon@2x.png``) and module specs; real
# top-level domains with these names are too rare in e-mail addresses to be worth the noise.
_NOT_TLDS = frozenset(
    "png jpg jpeg gif svg webp ico bmp tif tiff css scss js mjs cjs ts tsx jsx json yaml yml txt "
    "pyc rb go java kt swift cpp hpp php bash lock toml ini cfg conf log "
    "html htm xml csv tsv pdf zip gz tar whl map vue svelte".split()
)


def _in_url_authority(text: str, pos: int) -> bool:
    """True inside ``scheme://user:pass@host``: that ``pass@host`` is a credential, not a mailbox."""
    ws = max(text.rfind(c, 0, pos) for c in " \t\n'\"<(")
    chunk = text[ws + 1 : pos]
    i = chunk.rfind("://")
    return i >= 0 and "/" not in chunk[i + 3 :]


def find_emails(text: str) -> Iterator[Finding]:
    """E-mail addresses; ``git@github.com:org/repo`` style SSH remotes are not people."""
    if "@" not in text:
        return
    for m in _EMAIL_RE.finditer(text):
        local, tld = m.group(1), m.group(3)
        if tld.lower() in _NOT_TLDS or not any(c.isalnum() for c in local):
            continue  # "%@example.com" in a SQL LIKE is a pattern, not an address
        if local == "git" and text.startswith(":", m.end()):
            continue
        if ".." in local or _in_url_authority(text, m.start()):
            continue
        if _MESSAGE_ID_RE.search(text, max(0, m.start() - 40), m.start()):
            continue  # "Message-ID: <20240915161358.3a9f@mail.example>": a message's id, nobody's address
        yield Finding("EMAIL_ADDRESS", m.start(), m.end(), 0.95, DETECTOR)


_MESSAGE_ID_RE = re.compile(r"(?im)^(?:message-id|in-reply-to|references|content-id|x-message-id)[ \t]*:[ \t]*(?:<[^>\n]*>[ \t]*)*<\Z")


# --------------------------------------------------------------------------------------------
# Phone numbers
# --------------------------------------------------------------------------------------------

# Candidate runs: an optional +, digits with the separators people use, ending on a digit. The
# body is bounded ({6,24}), so each start position costs O(1).
_PHONE_CAND_RE = re.compile(
    r"(?<![\w+\-./])"
    r"(\+|00)?\(?\d[\d ().\-/\u2011\u00a0]{5,24}\d"  # no tab: it parts a table's cells (a date, then a phone)
    r"(?:\s?(?:ext\.?|x|#)\s?\d{1,5})?"
    r"(?![\w\-]|[.:/]\d)"
)
# Stems of phone words in the languages the gateway sees most (English, German, French, Spanish,
# Italian, Portuguese, Dutch, Polish, Nordic): ``tel`` covers telefon/téléphone/teléfono/telefone.
_PHONE_CONTEXT = ("phone", "tel", "call", "mobile", "cell", "fax", "whatsapp", "sms", "text me",
                  "reach me", "contact", "kontakt", "handy", "ring", "dial", "llam", "móvil", "movil",
                  "chiam", "liga", "fone", "bizum", "portable", "appel", "bell", "mobiel", "numer", "nummer", "☎", "📞",
                  "sími", "síma", "hringi", "ċempel", "ċemplu", "tālr", "puhelin", "soita", "helista", "skambin", "pokliči",
                  "nazovi", "zovi", "hubungi", "nombor", "tawag", "skakel", "mob", "тел", "τηλ", "κινητό")
# Stems must start a word: "tel" in "definitely" or "ring" in "during" is no phone word, and
# "tell" is no telephone.
_PHONE_CONTEXT_RE = re.compile(
    r"(?i)(?<![^\W\d_])(?:" + "|".join(re.escape(w) + ("(?!l)" if w == "tel" else "") for w in _PHONE_CONTEXT) + ")"
)
# Whole words that make a document about phone numbers (a CSV with a "phone" column).
_PHONE_DOC_RE = re.compile(
    r"(?i)\b(?:phones?|tel|telephone|telefon\w*|tel[ée]fono|t[ée]l[ée]phone|telefone|mobile?|cell"
    r"|cellular|cellulare|celular|m[óo]vil|telem[óo]vel|fax|whatsapp|sms|handy|kontakt|contact)\b"
)
# Identifier words: a digit group right after these is an account, order or health number.
_NOT_PHONE_CONTEXT = re.compile(
    r"(?i)(?:\bnhs|\bacc(?:oun)?t|\border|invoice|\bref(?:erence)?|policy|\bid\b|isbn|ticket|tracking"
    r"|iban|sort code|routing|post ?code|zip|\bcep\b|\bplz\b|\bpo\b|case|serial|\bsku|aktenz|\brpt\b|report"
    r"|claim|docket|incident|\bfile\b|dossier|expediente|\bdni\b|\bnie\b"
    r"|\bpin\b|\bpuk\b|\botp\b|passcode|access code|verification code|security code|one-time code"
    r"|bestell|kunden|rechnung|vertrag|steuer|\bkonto(?:nr|nummer)?\b|pedido|factura|fattura|ordine|commande|facture"
    # national identity cards: Malaysian MyKad "No. K/P", "IC no."
    r"|\bk/p\b|\bmykad\b|kad pengenalan|\bic\b|\bsvnr\b|\bsv-nr|versicherungsn"
    r"|pasūtījum|užsakym|tellimus|tilaus|narudžb|naročil|\bcomanda|porosi|pesanan|sipariş|bestilling|beställning"
    r"|rendelés|objednávk|замовлення|заказ|поръчка|παραγγελία"
    r"|zamówien|\bnif\b|\bnie\b|\bdni\b|\bcpf\b|pesel|\bssn\b|social security|protocol|protokol|protokół"
    r"|\bčíslo jednací|\bsagsnr|\bsaksnr|\bärendenr|\bobj\.?[ \t]*[čc]\b|\bobjedn|\b[čc]\.[ \t]*obj|\bisbn"
    # company and tax registers: SIRET/SIREN, VAT, KvK, CIF, ABN, EIN...
    r"|\bsiret|\bsiren|\brcs\b|\bvat\b|\btva\b|\bust-?id|\bkvk\b|\bcif\b|\babn\b|\bacn\b|\bein\b|\bcrn\b"
    r"|\bp\.?\s?iva\b|partita iva|\bnip\b|\bregon\b|\bkrs\b|\bičo?\b|\bdič\b|\bcvr\b|\borg\.?\s?nr)[^\n\d]{0,12}$"
)
_IPV4_INSIDE_RE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
# Shapes that are something else: Brazilian CEP, US ZIP+4, a decimal, thousands in groups of 3.
_TWO_VALUES_RE = re.compile(r"\d{1,2}\.\d{1,2}\.(?:19|20)\d\d|[ ]{2}")
_BR_CEP_RE = re.compile(r"^\d{5}-?\d{3}$")
_CEP_RE = re.compile(r"^\d{5}-\d{3,4}$|^\d+\.\d+$|^\d{2}-\d{7}$|^\d{6}-\d{2}-\d{4}$|^(?:19|20)\d\d-\d{3,6}$")
# (CEP, ZIP+4, decimal, EIN, MyKad, a year-numbered reference "2024-0311")
_THOUSANDS_RE = re.compile(r"^\d{1,3}(?:[ ,.]\d{3})+$")
_SSN_SHAPE_RE = re.compile(r"^\d{3}([\- ])\d{2}\1\d{4}$")
# A text about part, serial, order or tracking numbers: a dashed digit group there is one of them.
_CODE_NUMBER_DOC_RE = re.compile(
    r"(?i)\b(?:part|serial|order|tracking|item|article|model|batch|lot|invoice|sku|product|reference|ticket)"
    r"[ \t\-_]?(?:numbers?|nos?\.?|ids?|codes?|#)(?![\w])|\bskus?\b|\bartikelnummer|\bbestellnummer|\bseriennummer"
)
_DATE_LIKE_RE = re.compile(
    r"^\(?\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\)?$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$|^\d{1,2}:\d{2}"
    r"|^(?:1[89]|20)\d\d\s?[-–—/]\s?(?:1[89]|20)\d\d$"  # a span of years: "2016–2019" in a CV
    r"|^(?:19|20)\d\d/\d{1,2}/\d+$|^(?:19|20)\d\d/\d{3,}$"  # a reference by year: "zamówienie 2024/05/11873"
    r"|^\d{1,2}\.[ ]?\d{1,2}\.[ ]?\d{4}$"  # "Plačal sem 12. 8. 2024"
    r"|^\d{2,6}/\d{1,2}/(?:19|20)\d\d$"  # a reference by month and year: "zamówienie nr 4471/06/2024"
)
_DOTTED_NUM_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){2,}$")
_ISBN_SHAPE_RE = re.compile(r"^(?:97[89]-)?\d{1,5}-\d{1,7}-\d{1,7}-[\dX]$")


def _phone_candidates(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _PHONE_CAND_RE.finditer(text):
        raw = m.group(0).rstrip()
        start = m.start()
        # A run of separators may have swallowed two numbers (``call 555-1234 or 555-9876``):
        # the validator decides per candidate, so keep it whole here.
        yield start, start + len(raw), raw


def find_phones(text: str, regions: Iterable[str] = DEFAULT_PHONE_REGIONS) -> Iterator[Finding]:
    """Phone numbers in international (``+44 20 7946 0958``) and national formats.

    ``phonenumbers`` decides validity (number plan, length, region). Bare digit runs without any
    separator or ``+`` are only accepted with a phone word nearby, because ten plain digits are
    far more often an order number or a timestamp than a phone number.
    """
    regions = tuple(regions)
    doc_ctx: bool | None = None
    code_doc: bool | None = None
    local: tuple[str, ...] | None = None
    phone_cells: list[tuple[int, int]] | None = None
    for start, end, raw in _phone_candidates(text):
        digits = sum(c.isdigit() for c in raw)
        if digits < 7 or digits > 17:
            continue
        if _DATE_LIKE_RE.match(raw) or _DOTTED_NUM_RE.match(raw) or _CEP_RE.match(raw):
            continue
        if _TWO_VALUES_RE.search(raw):
            continue  # "nr. 312/15.03.2021" holds a date; "8841/05          -213" two values apart
        if re.fullmatch(r"\d(?:[ \-.]\d)+", raw):
            continue  # "3 2 1 5 4 ...": spaced-out digits, left to the normaliser's view
        if _SSN_SHAPE_RE.match(raw) or ("." in raw and "-" in raw):
            continue  # 3-2-4 is the SSN layout; dots mixed with dashes are file references
        if _IPV4_INSIDE_RE.search(raw):
            continue
        if "." in raw and _VERSION_CONTEXT_RE.search(text, max(0, start - 20), start):
            continue  # "Build 16.0.17928.20114", "version 10.0.19045.4291": a version's parts
        if _ISBN_SHAPE_RE.match(raw) and isbn.is_valid(raw):
            continue  # "an older edition with 0-306-40615-2": a book number
        if "/" in raw and "(" in raw:
            continue  # "22 (682/1000": a share, not a dialled number
        international = raw.startswith("+") or raw.startswith("00")
        has_sep = any(c in " -.()/\u2011\u00a0" for c in raw)
        has_ctx = _PHONE_CONTEXT_RE.search(_window(text, start, end, before=40, after=24)) is not None
        if not international and not has_sep and not has_ctx:
            if doc_ctx is None:
                doc_ctx = _PHONE_DOC_RE.search(text) is not None
            if not doc_ctx:
                continue
        if not international and not has_ctx and "." in raw and (" " in raw or "\t" in raw):
            continue  # "0.75  0.1909"
        not_ctx = _NOT_PHONE_CONTEXT.search(text, max(0, start - 30), start)
        if not_ctx and not_ctx.group(0).lower().startswith("cep") and not _BR_CEP_RE.match(raw):
            not_ctx = None  # Turkish "Cep: 0532 418 22 67" is a mobile; a Brazilian CEP is five and three digits
        if (not_ctx and not _PHONE_CONTEXT_RE.search(text, not_ctx.start(), start)
                and not (raw.startswith("+") and has_ctx)):
            continue  # "CEP 05406150" is a post code, "CEP …<fone>1130842297" a phone; a "+1 (312)…"
            # after "Phone on account:" is dialled, not an account number
        if not has_ctx and not has_sep and not international:
            if phone_cells is None:
                phone_cells = _phone_column_cells(text)
            has_ctx = any(a <= start and end <= b for a, b in phone_cells)
            if not has_ctx:
                continue  # a bare digit run needs a phone word, or a phone column above it
        if not international and has_sep and not has_ctx and doc_ctx is None:
            doc_ctx = _PHONE_DOC_RE.search(text) is not None
        if not international and not has_ctx and not doc_ctx and "-" in raw and " " not in raw:
            if code_doc is None:
                code_doc = _CODE_NUMBER_DOC_RE.search(text) is not None
            if code_doc:
                continue  # "our part numbers look like 0412-883-156": dashed codes in a text about codes
        if local is None and (has_sep or has_ctx) and not international:
            local = _text_regions(text)
        thousands = not international and not has_ctx and not doc_ctx and _THOUSANDS_RE.match(raw)
        if thousands and not (local and not raw.endswith("000")):
            continue  # "256 000 000 bytes"; a CSV with a phone column keeps "601 234 567"
        foreign_ok = has_ctx or (has_sep and bool(doc_ctx))
        num = _parse_phone(raw, international, regions, foreign_ok, (local or ()) if has_sep or has_ctx else (),
                           phone_word=has_ctx)
        if num is None:
            continue
        if thousands and phonenumbers.number_type(num) not in (  # type: ignore[arg-type]
                phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE) and not (
                local and phonenumbers.region_code_for_number(num) in _THREES_LANDLINE_REGIONS
                and phonenumbers.region_code_for_number(num) in local
                and not _AMOUNT_AROUND_RE.search(text, max(0, start - 4), min(len(text), end + 14))):
            continue  # grouped in threes, it must be a mobile of the text's country to count, or a
            # landline of a country that writes them so ("218 864 302" in Portuguese text)
        score = 0.9 if (international or has_sep) else 0.75
        if has_ctx:
            score = min(0.99, round(score + 0.05, 2))
        yield Finding("PHONE_NUMBER", start, end, score, DETECTOR)


# Countries whose landlines are written in groups of three: Portugal's nine digits ("218 864 302"),
# unless a currency or a unit makes the groups an amount ("218 864 300 euros", "€ 218 864 300").
_THREES_LANDLINE_REGIONS = frozenset({"PT"})
_AMOUNT_AROUND_RE = re.compile(
    r"(?i)(?:[€$£]|R\$|EUR)[ \t]*\d|\d[ \t]*(?:€|euros?|eur\b|reais|d[oó]lares|bytes|kb|mb|gb|pessoas|habitantes"
    r"|unidades|km|kg|toneladas|litros|m²|m2)"
)


# The language of a text says which country's national numbers it holds: "W razie pytań: 601 998 877"
# is a Polish mobile, "Dúvidas: 912 384 670" a Portuguese one. Letters only some languages use, or
# their commonest words, decide; each language names its countries' regions.
_LANGUAGE_REGIONS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"[ąęłńśźżĄĘŁŃŚŹŻ]|(?i:\b(?:się|jest|nie|dla|proszę|dzień)\b)"), ("PL",)),
    (re.compile(r"[ãõÃÕ]|(?i:\b(?:não|você|obrigad[oa]|olá|dúvidas|então)\b)"), ("PT", "BR")),
    (re.compile(r"[ñ¿¡]|(?i:\b(?:usted|gracias|hola|por favor|llamar|llame|número|teléfono|contacte|contactar"
                r"|calle|dirección|también|está|los)\b)"),
     ("ES", "MX")),
    (re.compile(r"(?i:\b(?:grazie|della|sono|perché|buongiorno|chiamare)\b)"), ("IT",)),
    (re.compile(r"(?i:\b(?:bonjour|merci|vous|nous|appeler|numéro)\b)"), ("FR", "BE", "CH")),
    (re.compile(r"[ßẞ]|(?i:\b(?:und|bitte|danke|nicht|anrufen)\b)"), ("DE", "AT", "CH")),
    (re.compile(r"(?i:\b(?:het|niet|bedankt|alstublieft|bellen)\b)"), ("NL", "BE")),
    (re.compile(r"(?i:\b(?:och|inte|tack|hej|ringa)\b)"), ("SE",)),
    (re.compile(r"[æøÆØ]|(?i:\b(?:ikke|jeg|meg|mig|takk|tak|hilsen|ring)\b)"), ("DK", "NO")),
    (re.compile(r"[α-ωΑ-Ω]"), ("GR", "CY")),
    (re.compile(r"[āēīķļņģĀĒĪĶĻŅĢ]"), ("LV",)),
    (re.compile(r"[ėįųĖĮŲ]"), ("LT",)),
    (re.compile(r"[ðþÐÞ]|(?i:\bsím[ia]\b)"), ("IS",)),
    (re.compile(r"[ħĦċĊġĠ]"), ("MT",)),
    (re.compile(r"(?i:\b(?:tere|aitäh|palun|lugupidamisega)\b)"), ("EE",)),
    (re.compile(r"(?i:\b(?:kiitos|terveisin|soita|puhelin|kiitoksia)\b)"), ("FI",)),
    (re.compile(r"[ășțşţĂȘȚ]"), ("RO",)),  # not î: French writes it too
    (re.compile(r"[őűŐŰ]"), ("HU",)),
    (re.compile(r"[řůěŘŮĚ]"), ("CZ",)),
    (re.compile(r"[ľĺŕĽĹŔ]"), ("SK",)),
    (re.compile(r"[ıİ]|(?i:\b(?:merhaba|teşekkürler|lütfen)\b)"), ("TR",)),
    (re.compile(r"(?i:\b(?:hvala|pozdrav|lep pozdrav|lijep pozdrav|poštovani|spoštovani)\b)"), ("SI", "HR", "RS", "BA")),
    (re.compile(r"(?i:\b(?:faleminderit|përshëndetje|ju lutem)\b)"), ("AL",)),
    (re.compile(r"(?i:\b(?:terima kasih|hubungi|sila|nombor)\b)"), ("MY", "ID")),
    (re.compile(r"(?i:\b(?:salamat|tawagan|naman)\b)"), ("PH",)),
    (re.compile(r"(?i:\b(?:baie dankie|asseblief|skakel)\b)"), ("ZA",)),
    (re.compile(r"[їєґЇЄҐ]"), ("UA",)),
    (re.compile(r"[ыэЫЭ]"), ("RU",)),
    (re.compile(r"[ъЪ]"), ("BG",)),
    # Scripts of one country or a few: "电话 138 1723 4590", "010-4821-3367", "052-718-4326".
    (re.compile(r"[\u3040-\u30ff]"), ("JP",)),
    (re.compile(r"[가-힣]"), ("KR",)),
    (re.compile(r"(?s)\A(?!.*[\u3040-\u30ff]).*[\u4e00-\u9fff]"), ("CN", "TW", "HK")),  # Han without kana
    (re.compile(r"[\u05d0-\u05ea]"), ("IL",)),
    (re.compile(r"[\u0621-\u064a]"), ("EG", "SA", "AE", "MA", "JO")),
    (re.compile(r"[\u0900-\u097f]"), ("IN",)),
)


# A table column of phone numbers ("phone", "mobile_no", "Telefon", "tel_privat"): its bare
# digit runs ("07412558093") are numbers even without a phone word beside them.
_PHONE_COLUMN_RE = re.compile(
    r"(?i)^(?:\w*_)?(?:phone|tel|telephone|telefon\w*|tel[ée]fono|t[ée]l[ée]phone|telefone|mobile?|cell"
    r"|cellular|cellulare|celular|m[óo]vil|telem[óo]vel|handy|gsm|whatsapp|fax|contact_?(?:no|number))"
    r"(?:_\w*)?$"
)


def _phone_column_cells(text: str) -> list[tuple[int, int]]:
    return list(tabular_fields(text, _PHONE_COLUMN_RE))


def _text_regions(text: str) -> tuple[str, ...]:
    return tuple(r for rx, regions in _LANGUAGE_REGIONS if rx.search(text) for r in regions)


_IN_MOBILE_RE = re.compile(r"[6-9]\d{4}[ \-]\d{5}")


def _parse_phone(raw: str, international: bool, regions: tuple[str, ...],
                 foreign_ok: bool, local: tuple[str, ...] = (), phone_word: bool = False) -> object | None:
    candidates: tuple[str | None, ...]
    if international:
        raw = "+" + raw[2:] if raw.startswith("00") else raw
        candidates = (None,)
    else:
        lead = raw.lstrip("( ")
        # Trunk-prefix numbers are national formats of most of the world; others are NANP unless
        # a phone word says a foreign mobile (``612 34 56 78``) is meant.
        n_digits = sum(c.isdigit() for c in raw)
        if lead.startswith("0") or (foreign_ok and n_digits >= 9):
            candidates = (*local, *regions)
        elif local and (n_digits >= 8 or (phone_word and n_digits == 7)):
            # grouped like a number of the text's language (Nordic, Baltic, Maltese: 8 digits; Iceland: 7
            # after a phone word)
            candidates = (*local, *regions[:1])
        elif _IN_MOBILE_RE.fullmatch(raw):
            candidates = ("IN", *regions[:1])  # "99001 27834": how Indian mobiles are written
        else:
            candidates = regions[:1]
    for region in candidates:
        try:
            num = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            return num
    return None


# --------------------------------------------------------------------------------------------
# Payment cards
# --------------------------------------------------------------------------------------------

# 13–19 digits, optionally grouped by single spaces or dashes. Each repetition consumes a digit,
# so backtracking is bounded by the group length.
_CARD_RE = re.compile(r"(?<![\d\-./])\d(?:[ \-]?\d){12,18}(?![\d]|[\-.,/]\d)")

# (prefix range low, high, prefix length, allowed lengths, brand)
_IIN_RANGES: tuple[tuple[int, int, int, frozenset[int], str], ...] = (
    (4, 4, 1, frozenset({13, 16, 19}), "visa"),
    (51, 55, 2, frozenset({16}), "mastercard"),
    (2221, 2720, 4, frozenset({16}), "mastercard"),
    (34, 34, 2, frozenset({15}), "amex"),
    (37, 37, 2, frozenset({15}), "amex"),
    (6011, 6011, 4, frozenset(range(16, 20)), "discover"),
    (644, 649, 3, frozenset(range(16, 20)), "discover"),
    (65, 65, 2, frozenset(range(16, 20)), "discover"),
    (3528, 3589, 4, frozenset(range(16, 20)), "jcb"),
    (300, 305, 3, frozenset(range(14, 20)), "diners"),
    (36, 36, 2, frozenset(range(14, 20)), "diners"),
    (38, 39, 2, frozenset(range(16, 20)), "diners"),
    (62, 62, 2, frozenset(range(16, 20)), "unionpay"),
    (50, 50, 2, frozenset(range(12, 20)), "maestro"),
    (56, 58, 2, frozenset(range(12, 20)), "maestro"),
    (6304, 6304, 4, frozenset(range(12, 20)), "maestro"),
    (6759, 6759, 4, frozenset(range(12, 20)), "maestro"),
    (2200, 2204, 4, frozenset(range(16, 20)), "mir"),
    (60, 60, 2, frozenset({16}), "rupay"),
    (9792, 9792, 4, frozenset({16}), "troy"),  # Turkey's domestic scheme
)


def card_brand(digits: str) -> str | None:
    """The card scheme whose IIN range and length fit ``digits``, or None."""
    n = len(digits)
    for low, high, plen, lengths, brand in _IIN_RANGES:
        if n in lengths and low <= int(digits[:plen]) <= high:
            return brand
    return None


_CARD_WORD_RE = re.compile(r"(?i)card|karte|carte|tarjeta|cartão|carta|kaart|karta|kort|visa|pan\b")
# The label of a bank account number (one in ten passes the Luhn check as a card would).
_ACCOUNT_BEFORE_RE = re.compile(
    r"(?i)(?<![a-z])(?:a/c|acct|account|acc|konto|kontonummer|rekening|rekeningnummer|conta|cuenta|compte"
    r"|numer konta|nr konta|c/c|savings|current)(?:[ \t]*(?:no\.?|number|num|nr\.?|#|nº|n°))?[ \t]*[:.#]?[ \t]*\Z"
)


def find_credit_cards(text: str) -> Iterator[Finding]:
    """Card numbers: a known IIN range for the length, a valid Luhn check, consistent grouping."""
    for m in _CARD_RE.finditer(text):
        raw = m.group(0)
        seps = {c for c in raw if not c.isdigit()}
        if len(seps) > 1:
            continue
        digits = "".join(c for c in raw if c.isdigit())
        if len(set(digits)) < 2:
            continue
        if card_brand(digits) is None or not _luhn.is_valid(digits):
            continue
        if len(digits) == 13 and not seps and _ean.is_valid(digits) and not _CARD_WORD_RE.search(
                text, max(0, m.start() - 40), m.start()):
            continue  # "5012345678924" in a catalogue: an EAN-13 barcode, not a thirteen-digit card
        if not seps and len(digits) not in (15, 16) and _ACCOUNT_BEFORE_RE.search(text, max(0, m.start() - 24), m.start()):
            continue  # "A/c 50200031887412": a bank account number, Luhn-valid by chance (not a card's 15 or 16)
        score = 0.95 if seps or len(digits) in (15, 16) else 0.85
        yield Finding("CREDIT_CARD", m.start(), m.end(), score, DETECTOR)


# --------------------------------------------------------------------------------------------
# IBAN
# --------------------------------------------------------------------------------------------

_IBAN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ \-]?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])")


def find_ibans(text: str) -> Iterator[Finding]:
    """IBANs, compact or grouped, checked with ``stdnum.iban`` (country length + mod-97).

    The grouped form may run into a following all-caps word (``... 3000 BIC``), so the longest
    prefix that validates wins.
    """
    for m in _IBAN_RE.finditer(text):
        raw = m.group(0)
        # Map each alphanumeric character of the compact form to its end offset in ``raw``.
        ends = [i + 1 for i, c in enumerate(raw) if c.isalnum()]
        compact = "".join(c for c in raw if c.isalnum()).upper()
        for n in range(len(compact), 14, -1):
            if _iban.is_valid(compact[:n]):
                yield Finding("IBAN_CODE", m.start(), m.start() + ends[n - 1], 0.95, DETECTOR)
                break


# --------------------------------------------------------------------------------------------
# US SSN
# --------------------------------------------------------------------------------------------

_SSN_RE = re.compile(r"(?<![\d\-.])(\d{3})([\- ]?)(\d{2})\2(\d{4})(?![\d]|[\-.]\d)")
_SSN_CONTEXT = ("ssn", "social security", "social-security", "soc sec", "ss#", "ss #", "ssa",
                "tax id", "taxpayer")
# Numbers the SSA has publicly voided (advertising specimens, the Woolworth card).
_SSN_VOID = frozenset({"078051120", "219099999", "457555462"})


def is_valid_ssn(digits: str) -> bool:
    """SSA rules: no 000/666/9xx area, no 00 group, no 0000 serial, not a voided specimen."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    if digits in _SSN_VOID or len(set(digits)) == 1:
        return False
    return True


_SSN_COLUMN_RE = re.compile(r"(?i)^(?:ssn|ss_?no|ssn_?(?:no|number)|social_?security(?:_?(?:no|number|num))?|soc_?sec(?:_?no)?)$")
_SSN_HINT_RE = re.compile(r"(?i)ssn|ss_?no|social|soc_?sec")


def _tabular_ssns(text: str) -> Iterator[Finding]:
    for a, b in tabular_fields(text, _SSN_COLUMN_RE):
        a, b = _strip_cell(text, a, b)
        cell = text[a:b]
        digits = "".join(c for c in cell if c.isdigit())
        if all(c.isdigit() or c in " -." for c in cell) and is_valid_ssn(digits):
            yield Finding("US_SSN", a, b, 0.9, DETECTOR)


def find_us_ssns(text: str) -> Iterator[Finding]:
    """US social security numbers. Dashed form stands on its own; spaced or bare needs context
    (a nearby "SSN" or a table column named like one)."""
    if _SSN_HINT_RE.search(text):
        yield from _tabular_ssns(text)
    for m in _SSN_RE.finditer(text):
        digits = m.group(1) + m.group(3) + m.group(4)
        if not is_valid_ssn(digits):
            continue
        sep = m.group(2)
        has_ctx = any(w in _window(text, m.start(), m.end(), before=50, after=8) for w in _SSN_CONTEXT)
        if sep == "-":
            score = 0.95 if has_ctx else 0.8
        elif has_ctx:
            score = 0.9
        else:
            continue
        yield Finding("US_SSN", m.start(), m.end(), score, DETECTOR)


# --------------------------------------------------------------------------------------------
# IP addresses
# --------------------------------------------------------------------------------------------

_IPV4_RE = re.compile(r"(?<![\w.\-])(?:\d{1,3}\.){3}\d{1,3}(?![\w\-]|\.\d)")
_IPV6_RE = re.compile(
    r"(?:(?<=IPv6:)|(?<![\w:.]))"  # also "[IPv6:2001:db8::1]" in a Received header
    r"(?:[0-9A-Fa-f]{1,4}|:)(?::[0-9A-Fa-f]{0,4}){2,7}"
    r"(?:(?<=:)(?:\d{1,3}\.){3}\d{1,3})?"
    r"(?:%[\w.]{1,16})?"
    r"(?![\w:]|\.\d)"
)
_VERSION_CONTEXT_RE = re.compile(
    r"(?i)(?:(?:(?<![a-z])v(?:ersions?(?:_[a-z]{1,12})?)?|(?<![a-z])ver\.?|(?<![a-z])releases?|(?<![a-z])builds?)[\"']?(?:\s+(?:is|as|of|to|was|now|number|no\.?|like|such as|e\.g\.))?[:=]?[ \t]*[\"']?"
    r"|==|~=|>=|<=|!=|\^|~)\s*$"
)


# "Loaded plugin ImageResizer 2.10.4.1": a CamelCase product name, then its four-part version;
# "our client library 2.10.4.1", "SDK 4.2.0.1": a software word right before it.
# "We're on 2.10.4.1 of our internal build tool": what follows says it is a version.
_VERSION_AFTER_RE = re.compile(
    r"(?i)[ \t]+of[ \t]+(?:the|our|your|their|this|that)?[ \t]*(?:[\w\-]+[ \t]+){0,3}"
    r"(?:tool|tools|app|application|build|release|library|package|sdk|software|product|firmware|client|plugin|cli)\b"
)
_PRODUCT_BEFORE_RE = re.compile(
    r"(?i:plugin|package|module|library|extension|add-?on|driver|component|firmware)[ \t]+[A-Z][a-z]+[A-Z][A-Za-z]*[ \t]+v?\Z"
    r"|(?i:\b(?:plugin|package|module|library|lib|sdk|extension|add-?on|driver|firmware|runtime"
    r"|toolkit|toolchain|toolset|compiler|interpreter|framework|binary|installer|update|patch|upgrade(?:d)?\s+to"
    r"|bump(?:ed)?\s+to)"
    r"(?:[ \t]+(?:is|was|at|on|version|ver\.?))?)[ \t:=]+v?\Z"
)


# Words of a text about software versions on the same line before a public-looking four-part number:
# "upgrading the agent from 2.10.4.1 to 3.0.0.12", "the changelog for 3.0.0.0". Private and
# documentation ranges stay addresses whatever the line says ("upgrade the router at 192.168.1.1").
_VERSION_LINE_RE = re.compile(
    r"(?i)(?<![a-z])(?:upgrad\w*|downgrad\w*|changelog|release notes?|released|versions?|patch(?:ed)?|bump(?:ed)?"
    r"|hotfix|firmware|rollback|rolled back)(?![a-z])[^\n]{0,100}\Z"
)
# What names an address as one, whatever the line says of firmware: "shows WAN IP 24.48.117.203".
_IP_CUE_BEFORE_RE = re.compile(r"(?i)(?<![a-z])(?:ip|ipv4|wan|lan|address|addr|host|gateway|server|src|dst|client|peer"
                               r"|remote)[ \t]*[:=]?[ \t]*\Z")
_CHANGELOG_HEADING_RE = re.compile(r"(?m)^#{1,6}[ \t]*\[?v?\d+\.\d+\.\d+\.\d+")
# An image or package reference's tag: "registry.local/thumbnailer:1.22.0.4", "acme/api:2.10.4.1".
_IMAGE_TAG_BEFORE_RE = re.compile(r"[\w.\-]*/[\w.\-/]*[\w\-]:\Z")


def _ip_is_public_interest(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback and unspecified addresses identify nobody; every other address may."""
    return not (ip.is_loopback or ip.is_unspecified)


_VERSION_COLUMN_RE = re.compile(
    r"(?i)^(?:fw|firmware|fw_?ver(?:sion)?|firmware_?version|version|ver|sw_?version|software_?version|build"
    r"|release|app_?version|os_?version|model_?version|revision|rev)$"
)
_VERSION_HINT_RE = re.compile(r"(?i)firmware|\bfw|version|\bver\b|build|release|revision|\brev\b")


def find_ips(text: str) -> Iterator[Finding]:
    """IPv4 and IPv6 addresses that ``ipaddress`` accepts, skipping version strings."""
    v6_spans: list[tuple[int, int]] = []
    if ":" in text:
        for m in _IPV6_RE.finditer(text):
            cand = m.group(0)
            groups = [g for g in re.split(r"[:%]", cand.split("%")[0]) if g]
            # ``a[1::2]`` slices and ``Foo::Bar`` are not addresses: ask for three groups, or two
            # when the first is a real prefix (``fe80::1``).
            if len(groups) < 3 and not (len(groups) == 2 and len(groups[0]) >= 3):
                continue
            try:
                ip6 = ipaddress.IPv6Address(cand)
            except ValueError:
                continue
            if not _ip_is_public_interest(ip6):
                continue
            v6_spans.append(m.span())
            yield Finding("IP_ADDRESS", m.start(), m.end(), 0.9, DETECTOR)
    candidates = list(_IPV4_RE.finditer(text)) if "." in text else []
    if candidates:
        # A changelog ("## 4.12.0.3 (2024-09-17)") numbers its releases in four parts: every public-looking
        # four-part number in it is a version.
        changelog = _CHANGELOG_HEADING_RE.search(text) is not None
        # Cells under a version column of a table ("firmware", "fw_version") hold versions.
        versions = list(tabular_fields(text, _VERSION_COLUMN_RE)) if _VERSION_HINT_RE.search(text) else []
        for m in candidates:
            if any(a <= m.start() < b for a, b in v6_spans):
                continue  # the tail of ``::ffff:192.0.2.1``
            if any(a <= m.start() < b for a, b in versions):
                continue
            try:
                ip4 = ipaddress.IPv4Address(m.group(0))
            except ValueError:
                continue
            if not _ip_is_public_interest(ip4):
                continue
            if _VERSION_CONTEXT_RE.search(text, max(0, m.start() - 20), m.start()) or \
                    _PRODUCT_BEFORE_RE.search(text, max(0, m.start() - 40), m.start()) or \
                    _IMAGE_TAG_BEFORE_RE.search(text, max(0, m.start() - 80), m.start()) or \
                    (ip4.is_global and (changelog or _VERSION_LINE_RE.search(text, max(0, m.start() - 110), m.start()))
                     and not _IP_CUE_BEFORE_RE.search(text, max(0, m.start() - 20), m.start())) or \
                    _VERSION_AFTER_RE.match(text, m.end()) or _among_versions(text, m.start(), m.end()) or \
                    _versioned_elsewhere(text, m.start()):
                continue
            yield Finding("IP_ADDRESS", m.start(), m.end(), 0.9, DETECTOR)


_WORD_BEFORE_NUMBER_RE = re.compile(r"(?<![\w.\-])([A-Za-z][\w\-]{1,30})[ \t]+\Z")


def _versioned_elsewhere(text: str, start: int) -> bool:
    """Whether the word before a four-part number carries a three-part version elsewhere in the
    text: in release notes "cli 2.10.4.1" is a version when "cli 2.11.0" is one."""
    word = _WORD_BEFORE_NUMBER_RE.search(text, max(0, start - 32), start)
    if word is None or word.group(1).lower() in _IP_WORDS:
        return False
    return re.search(rf"(?<![\w\-]){re.escape(word.group(1))}[ \t]+v?\d{{1,4}}\.\d{{1,4}}\.\d{{1,4}}(?![\d.])",
                     text) is not None


# Words after which a number is an address whatever else the text holds.
_IP_WORDS = frozenset("ip ipv4 address addr host server client from to src dst source destination gateway".split())


# A version in three parts or with a pre-release tag: "1.2.3", "10.0.0-rc.1".
_THREE_PART_VERSION_RE = re.compile(r"(?<![\w.])v?\d{1,4}\.\d{1,4}\.\d{1,4}(?:-[A-Za-z][\w.]*)?(?![\w.])")


_VERSION_ALONE_RE = re.compile(r"v?\d{1,4}\.\d{1,4}(?:\.\d{1,4})?(?:[-+][0-9A-Za-z][\w.]*)?")


def _among_versions(text: str, start: int, end: int) -> bool:
    """Whether a four-part number stands in a list of versions ("Test strings: 1.2.3, 2.10.4.1,
    10.0.0-rc.1"): a three-part version next to it on its line, only commas and spaces between."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if _IP_CUE_BEFORE_RE.search(text, max(line_start, start - 20), start):
        return False
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        # Alone on its line, between lines that each hold one version ("1.0.0", "10.0.0-rc.2").
        before = text[:max(0, line_start - 1)].rsplit("\n", 1)[-1].strip()
        after = text[line_end + 1 :].split("\n", 1)[0].strip()
        if any(_VERSION_ALONE_RE.fullmatch(x) for x in (before, after)):
            return True
    for v in _THREE_PART_VERSION_RE.finditer(text, max(line_start, start - 40), min(line_end, end + 40)):
        between = text[v.end() : start] if v.end() <= start else text[end : v.start()]
        if re.fullmatch(r"[\-+]?[ \t]*[,;][ \t]*", between):  # "1.2.3-, 2.10.4.1": a malformed one too
            return True
    return False


# --------------------------------------------------------------------------------------------
# Date of birth (only in context)
# --------------------------------------------------------------------------------------------

_MONTHS = {
    # English
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "decembre": 12,
    # Spanish / Italian
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12,
    # Portuguese, Dutch, Romanian
    "janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9,
    "outubro": 10, "dezembro": 12, "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
    "ianuarie": 1, "februarie": 2, "martie": 3, "aprilie": 4, "iunie": 6, "iulie": 7, "septembrie": 9,
    "octombrie": 10, "noiembrie": 11, "decembrie": 12,
    # Swedish, Danish, Norwegian (mars, juni, oktober as in French and German)
    "maj": 5, "augusti": 8, "desember": 12, "marts": 3,
    # Polish (genitive, as dates write them), Czech
    "stycznia": 1, "lutego": 2, "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6, "lipca": 7, "sierpnia": 8,
    "września": 9, "października": 10, "listopada": 11, "grudnia": 12, "ledna": 1, "února": 2, "března": 3,
    "dubna": 4, "května": 5, "června": 6, "července": 7, "srpna": 8, "září": 9, "října": 10, "listopadu": 11,
    "prosince": 12,
    # Turkish, Finnish (partitive), Hungarian
    "ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7, "ağustos": 8,
    "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12, "tammikuuta": 1, "helmikuuta": 2, "maaliskuuta": 3,
    "huhtikuuta": 4, "toukokuuta": 5, "kesäkuuta": 6, "heinäkuuta": 7, "elokuuta": 8, "syyskuuta": 9,
    "lokakuuta": 10, "marraskuuta": 11, "joulukuuta": 12, "január": 1, "február": 2, "március": 3,
    "április": 4, "május": 5, "június": 6, "július": 7, "augusztus": 8, "szeptember": 9, "október": 10,
    # Icelandic, Afrikaans, Estonian, Slovene, Albanian, Malay/Indonesian, Tagalog, Maltese
    "janúar": 1, "febrúar": 2, "apríl": 4, "maí": 5, "júní": 6, "júlí": 7, "ágúst": 8, "nóvember": 11,
    "januarie": 1, "februarie": 2, "junie": 6, "julie": 7, "jaanuar": 1, "veebruar": 2, "märts": 3,
    "aprill": 4, "juuni": 6, "juuli": 7, "oktoober": 10, "detsember": 12, "marec": 3, "junij": 6, "julij": 7,
    "avgust": 8, "janar": 1, "shkurt": 2, "prill": 4, "qershor": 6, "korrik": 7, "gusht": 8, "shtator": 9,
    "tetor": 10, "nëntor": 11, "dhjetor": 12, "mac": 3, "maret": 3, "julai": 7, "ogos": 8, "agustus": 8,
    "disember": 12, "pebrero": 2, "marso": 3, "hunyo": 6, "hulyo": 7, "setyembre": 9, "oktubre": 10,
    "nobyembre": 11, "disyembre": 12, "jannar": 1, "frar": 2, "marzu": 3, "mejju": 5, "ġunju": 6, "lulju": 7,
    "awwissu": 8, "settembru": 9, "ottubru": 10, "novembru": 11, "diċembru": 12,
    # Lithuanian and Latvian (genitive and locative, as dates write them), Croatian
    "sausio": 1, "vasario": 2, "kovo": 3, "balandžio": 4, "gegužės": 5, "birželio": 6, "liepos": 7,
    "rugpjūčio": 8, "rugsėjo": 9, "spalio": 10, "lapkričio": 11, "gruodžio": 12, "janvārī": 1, "februārī": 2,
    "martā": 3, "aprīlī": 4, "maijā": 5, "jūnijā": 6, "jūlijā": 7, "augustā": 8, "septembrī": 9, "oktobrī": 10,
    "novembrī": 11, "decembrī": 12, "siječnja": 1, "veljače": 2, "ožujka": 3, "travnja": 4, "svibnja": 5,
    "lipnja": 6, "srpnja": 7, "kolovoza": 8, "rujna": 9, "studenoga": 11, "prosinca": 12,
    # Greek, Ukrainian, Russian, Bulgarian (genitive, as dates write them)
    "ιανουαρίου": 1, "φεβρουαρίου": 2, "μαρτίου": 3, "απριλίου": 4, "μαΐου": 5, "ιουνίου": 6, "ιουλίου": 7,
    "αυγούστου": 8, "σεπτεμβρίου": 9, "οκτωβρίου": 10, "νοεμβρίου": 11, "δεκεμβρίου": 12, "січня": 1,
    "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7, "серпня": 8, "вересня": 9,
    "жовтня": 10, "листопада": 11, "грудня": 12, "января": 1, "февраля": 2, "марта": 3, "апреля": 4,
    "мая": 5, "июня": 6, "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "януари": 1, "февруари": 2, "март": 3, "април": 4, "май": 5, "юни": 6, "юли": 7, "август": 8,
    "септември": 9, "октомври": 10, "ноември": 11, "декември": 12,
}
#: Month names and their case forms in every language the birth-date rules read ("Haziran", "Οκτωβρίου").
MONTH_WORDS = frozenset(_MONTHS)
# Days spelled out, as said on the phone: "the ninth of March 1968".
_ORDINALS = {w: i for i, w in enumerate((
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split(), 1)}
_ORDINALS.update({f"twenty{sep}{w}": 20 + i for sep in ("-", " ", "") for w, i in list(_ORDINALS.items())[:9]})
_ORDINALS.update({"thirtieth": 30, "thirty-first": 31, "thirty first": 31, "thirtyfirst": 31})
_ORDINAL_ALT = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s") for k in _ORDINALS), key=len, reverse=True))
_MONTH_ALT = "|".join(sorted((re.escape(k) for k in _MONTHS), key=len, reverse=True))

_DOB_KEYWORDS = (
    r"d\.?o\.?b\.?|date[\s_]*of[\s_]*birth|birth[\s_]*date|birthday|born(?:\s+on)?|b\.(?=\s*\d)"
    r"|geb\.|geboren(?:\s+am)?|geburtsdatum|geburtstag"
    r"|n[ée]e?\s+le|date\s+de\s+naissance"
    r"|fecha[\s_]+de[\s_]+nacimiento|fecha_nac|naci(?:d[oa]|ó|o)\s+el|data[\s_]+di[\s_]+nascita|nat[oa]\s+il"
    r"|data[\s_]+de[\s_]+nascimento|nascid[oa]\s+em|data[\s_]+urodzenia|urodzon[ya]|geboortedatum|f[öo]delsedatum"
    r"|f\.\s*(?:de\s+)?nac\.?|fecha\s+nac\.?|fec\.\s*nac\.?|f[øö]dt|f[øö]dd|f[øö]dselsdato|født\s+den|datum\s+narození"
    r"|narozen[aý]?|nar\.(?=\s*\d)|do[ğg]um\s+tarihi|d\.\s*n\."
    r"|nascid[oa]\s+a(?=\s+\d)"
    r"|n[ăa]scut[ăa]?(?:\s+(?:la|în|pe))?|data\s+na[sșş]terii|sz[üu]let[ée]si\s+(?:d[áa]tum|id[őo])|sz[üu]l\.|sz[üu]letett"
    r"|syntym[äa]aika|syntynyt|synt\.(?=\s?\d)|sz\.(?=\s?\d{4}\.)|s\.(?=\s?\d{1,2}\.\d{1,2}\.\d{4})|data\s+de\s+naixement"
    r"|d[áa]tum\s+narodenia|datum\s+ro[đd]enja|ro[đd]en[a]?|ng[àa]y\s+sinh|tanggal\s+lahir|tgl\.?\s+lahir"
    r"|do[ğg]um\s+tarih\w*|ημερομηνία\s+γέννησης|γεννήθηκε|γενν\.|f[øö]dselsdag"
    # born in a place, then on a date: "nata a Palermo il 22/11/1982", "née à Lyon le 3 mars 1980"
    r"|(?:born\s+in|nat[oa]\s+(?:a|ad|in)|n[ée]e?\s+(?:à|a)|nacid[oa]\s+en|nascid[oa]\s+(?:em|no|na)|geboren\s+in"
    r"|urodzon[ya]\s+w)\s+[^\W\d_][\w'’\-]*(?:\s+[^\W\d_][\w'’\-]*){0,2}?,?\s+(?:on|il|le|el|em|am|dnia)(?=\s+\d)"
    r"|ur\.(?=\s*\d)|ημ\.\s*γέννησης|gim\.|gimęs|gimusi|gimimo\s+data|dzim\.|dzimis|dzimusi|dzimšanas\s+datums|roj\.|rojen[a]?"
    r"|datum\s+rojstva|f\.(?=\s*\d)|fædd(?:ur)?|fæðingardagur|gebore(?:\s+op)?|sündinud|sünniaeg|sünnikuupäev"
    r"|lindur|e\s+lindur|datëlindja|data\s+e\s+lindjes|twieled|twieldet|data\s+tat-twelid|ipinanganak"
    r"|petsa\s+ng\s+kapanganakan|kapanganakan|tarikh\s+lahir|dilahirkan|дата\s+народження|народи(?:вся|лася)"
    r"|нар\.|дата\s+рождения|роди(?:лся|лась)|г\.\s*р\.|роден[аи]?|дата\s+на\s+раждане"
    # Portuguese abbreviated and bare, Korean, Japanese and Chinese: "nasc. 17/05/1988", "생년월일: 1994년 3월 8일"
    r"|nasc\.|nascimento|생년월일|생일|生年月日|誕生日|出生日期|出生年月日|出生于|生日"
)
_DATE_FORMS = (
    r"(?P<iso>(?P<iy>\d{4})(?:[-/]|\.\s?)(?P<im>\d{1,2})(?:[-/]|\.\s?)(?P<id>\d{1,2})(?:(?<=\.\s\d)\.|(?<=\.\s\d\d)\.)?)"
    r"|(?P<num>(?P<na>\d{1,2})(?:[-/]|\.[ \t]?)(?P<nb>\d{1,2})(?:[-/]|\.[ \t]?)(?P<ny>\d{4}|\d{2}))"
    rf"|(?P<ymd>(?P<yy>\d{{4}})\.[ \t]+(?P<ym>{_MONTH_ALT})[ \t]+(?P<yd>\d{{1,2}})\.?)"
    # also run together as tickets and passports print it: "DOB 14MAR2016"
    rf"|(?P<dmy>(?:the\s+)?(?P<dd>\d{{1,2}}|{_ORDINAL_ALT})(?:st|nd|rd|th|\.|er|º)?(?:\s+|-|(?<=\d)(?=[^\W\d_]))(?:of\s+|de\s+)?"
    rf"(?P<dm>{_MONTH_ALT})\.?,?(?:\s+|-|(?<=[^\W\d_])(?=\d))(?:de\s+)?(?P<dy>\d{{4}}))"
    rf"|(?P<mdy>(?P<mm>{_MONTH_ALT})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}}))"
    # Korean, Japanese and Chinese: "1994년 3월 8일", "1988年5月17日"
    r"|(?P<cjk>(?P<cy>\d{4})[ \t]?[年년][ \t]?(?P<cm>\d{1,2})[ \t]?[月월][ \t]?(?P<cd>\d{1,2})[ \t]?[日일])"
)
# The keyword after the date: "ist am 05.05.1938 geboren", "il 3 marzo 1950 nato" is rarer but
# German puts the participle last.
_DOB_AFTER_RE = re.compile(
    rf"(?i)(?<![\w.])(?:{_DATE_FORMS})(?![\w])[\s,]{{1,3}}(?:geboren|geb\.|born|nato|nata|nacid[oa]|urodzon[ya]"
    r"|р\.\s?н\.|г\.\s?р\.)"  # Ukrainian and Russian "17.02.2014 р.н." (year of birth)
)
# Keyword, then at most a few filler words (``is``, ``on the``, ``:``), then the date.
_DOB_RE = re.compile(
    rf"(?i)(?<![\w])(?:{_DOB_KEYWORDS})(?![\w])[\s:：=\-–—,()\"']{{0,5}}"
    rf"(?:(?:is|was|on|the|am|le|el|il|op|den|em|la|pe|de|:)[\s:,]{{1,3}}){{0,3}}"
    # "date of birth on the death certificate is 4 March 1939": a few words, then a verb of stating
    rf"(?:(?:[^\W\d_'’]+[ \t]+){{1,5}}?(?:is|was|reads|says|shows)[ \t]+)?"
    rf"(?:(?:[^\W\d_]+[ \t]+){{0,2}}[^\W\d_]+[ \t]*:[ \t]*)?"
    # a question and its answer on the next line: "date of birth Mr Egbuna?\nCALLER: ninth of March 1968"
    # (a transcript's timestamp before the speaker: "[00:16] Caller: fourteenth of August 1979")
    rf"(?:[^\n?]{{0,40}}\?[ \t]*\n[ \t]*(?:[\[(]?\d{{1,2}}:\d{{2}}(?::\d{{2}})?[\])]?[ \t]*)?(?:[\w .'-]{{1,24}}:[ \t]*)?)?"
    # the birthplace first: "Született: Szeged, 1951. március 5.", "szül. Debrecen, 1999. 11. 03."
    rf"(?:[A-ZÀ-Þ][^\W\d_]+(?:[ \t\-][A-ZÀ-Þ][^\W\d_]+)?,[ \t]*)?"
    rf"(?:{_DATE_FORMS})(?![\w])"
)


# A record key naming the field, then its value: "fecha_nacimiento": "1990-01-28", dateOfBirth=…,
# patient_dob: …. The key's end is found by its keyword; what precedes it is any identifier.
_DOB_KEY_RE = re.compile(
    rf"(?i)(?:dob|birth_?date|date_?of_?birth|birthday|nacimiento|nascimento|nascita|geburtsdatum|naissance"
    rf"|urodzenia|geboortedatum|narozeni)(?:[_\-][A-Za-z]{{1,12}})?(?:[\"']?[ \t]*[:=][ \t]*[\"']?|>)(?:{_DATE_FORMS})(?![\w])"
)


# A birth year alone after the marks of a family tree or a short biography: "(b. 1874, Kilmuir)",
# "Guðrún, f. 1928", "born 1899". Only the abbreviations and "born" itself: "in 1990" after a
# longer phrase is as often a move or a graduation.
_DOB_YEAR_RE = re.compile(
    r"(?i)(?<![\w])(?:b\.|born|f\.|fædd(?:ur)?|geb\.|gim\.|roj\.|dzim\.|нар\.)[ \t]*"
    r"(?:(?:abt\.?|about|c\.|ca\.|circa|~)[ \t]*)?(?P<year>1[89]\d\d|20\d\d)"  # "b. abt 1887" in a family tree
    r"(?![\w\-/]|[.,][ \t]?\d)"
)


# Code that compares or sets a birth date: 'assert_eq!(m.dob.to_string(), "1988-04-27")',
# "expect(user.dateOfBirth).toBe('1990-02-14')": the identifier, then a quoted ISO date on its line.
_DOB_CODE_RE = re.compile(
    r"(?i)(?<![a-z])(?:dob|birth_?date|date_?of_?birth|birthday)(?![a-z])[^\n\"']{0,40}[\"'](?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))[\"']"
)


# A second reading of the same birth date in its sentence: "date of birth … is 4 March 1939 but the
# hospital letter says 14 March 1939", "DOB 02/03/1990 (or 03/02/1990?)".
_DOB_ALT_RE = re.compile(
    rf"(?i)[^.\n]{{0,60}}?(?<![\w])(?:but|or|not|vs\.?|versus|rather than|instead of)(?![\w])[^.\n\d]{{0,40}}?"
    rf"(?:{_DATE_FORMS})(?![\w])"
)


_DOB_KEY_LITERALS = ("dob", "birth", "nacimiento", "nascimento", "nascita", "geburtsdatum", "naissance",
                     "urodzenia", "geboortedatum", "narozeni")


def _plausible_dob(year: int, month: int, day: int) -> bool:
    if year < 100:
        year += 1900 if year > (_dt.date.today().year % 100) else 2000
    try:
        d = _dt.date(year, month, day)
    except ValueError:
        return False
    return 1800 <= d.year and d <= _dt.date.today()  # genealogy notes name great-grandparents


def _date_ok(g: dict[str, str | None]) -> tuple[bool, str]:
    """Whether the matched date form is a plausible birth date, and which group holds it."""
    if g["iso"]:
        return _plausible_dob(int(g["iy"] or 0), int(g["im"] or 0), int(g["id"] or 0)), "iso"
    if g["num"]:
        a, b, y = int(g["na"] or 0), int(g["nb"] or 0), int(g["ny"] or 0)
        return _plausible_dob(y, b, a) or _plausible_dob(y, a, b), "num"  # D/M/Y or M/D/Y
    if g["dmy"]:
        dd = (g["dd"] or "0").lower()
        day = int(dd) if dd.isdigit() else _ORDINALS.get(re.sub(r"\s+", " ", dd), 0)
        return _plausible_dob(int(g["dy"] or 0), _MONTHS[(g["dm"] or "").lower()], day), "dmy"
    if g.get("cjk"):
        return _plausible_dob(int(g["cy"] or 0), int(g["cm"] or 0), int(g["cd"] or 0)), "cjk"
    if g.get("ymd"):  # Hungarian: "1985. április 17."
        return _plausible_dob(int(g["yy"] or 0), _MONTHS[(g["ym"] or "").lower()], int(g["yd"] or 0)), "ymd"
    return _plausible_dob(int(g["my"] or 0), _MONTHS[(g["mm"] or "").lower()], int(g["md"] or 0)), "mdy"


_DATE_FIELD_RE = re.compile(rf"(?i)(?:{_DATE_FORMS})")
_DOB_COLUMN_RE = re.compile(
    r"(?i)^(?:dob|d\.o\.b\.?|date_?of_?birth|birth_?date|birthdate|birthday|born|geburtsdatum|geb\."
    r"|fecha_?(?:de_?)?nacimiento|data_?(?:d[ei]_?)?nasc(?:imento|ita)|data_?urodzenia|date_?de_?naissance"
    # Estonian, Finnish, Hungarian, Nordic, Dutch, Czech, Romanian, Turkish, Greek
    r"|sünniaeg|sünnikuupäev|syntymäaika|syntymaaika|születési_?dátum|szuletesi_?datum|fødselsdato|födelsedatum"
    r"|geboortedatum|datum_?narození|data_?na[sșş]terii|doğum_?tarihi|dogum_?tarihi|ημερομηνία_?γέννησης)$"
)
# Lower-case literals one of which every DOB keyword contains (``dob``, ``b.`` via ``b.``...).
_DOB_LITERALS = ("dob", "d.o.b", "birth", "born", "b.", "geb", "naiss", "né", "nee le", "ne le", "nacim", "fecha",
                 "naci", "nasc", "nato", "nata", "urodz", "geboorte", "födelse", "fodelse", "nac", "født", "fødd",
                 "född", "fødsel", "narozen", "doğum", "dogum", "d. n.", "d.n.", "născut", "nascut",
                 "naşter", "naster", "nașter", "szület", "szul", "szül", "sz. 1", "sz. 2", "syntym", "syntyn", "synt.", "naixement",
                 "narodenia", "rođen", "roden", "sinh", "lahir", "γέννησ", "γεννήθ", "γενν.",
                 "s. 0", "s. 1", "s. 2", "s. 3", "s.0", "s.1", "s.2", "s.3", "gim", "dzim", "roj", "rojstv",
                 *(f"f.{sp}{d}" for sp in ("", " ") for d in "0123456789"), "fædd", "fæðing", "gebore", "sünd", "sünni",
                 "lind", "twiel", "twel", "panganak", "народ", "нар.", "рожд", "родил", "г. р", "г.р", "р.н", "р. н", "роден",
                 "раждане", "ημ. γένν", "생년월일", "생일", "生年月日", "誕生日", "出生", "生日", *(f"{w}.{sp}{d}" for w in ("ur", "nar") for sp in ("", " ") for d in "0123456789"))  # "ur. 7 września"
#: A bound on dates in a schema or a query, not a birth date: "CHECK (dob > DATE '1900-01-01')".
DATE_BOUND_RE = re.compile(r"(?i)[ \t][<>]=?[ \t]|\bbetween\b|\bDATE[ \t]+'")
# Every date form has a four-digit year or a d/m/yy shape.
_YEARISH_RE = re.compile(r"\d{4}|\d{1,2}[./\-]\d{1,2}[./\-]\d{2}")
_DOB_HINT_RE = re.compile(r"(?i)dob|d\.o\.b|birth|geb|naiss|nacim|nasc|urodz|sünni|syntym|szület|fødsel|födelse|geboorte"
                          r"|naroz|na[sșş]ter|doğum|dogum|γέννησ")
_SQL_INSERT_RE = re.compile(r"(?i)\(([^()\n]{1,500})\)\s*VALUES\s*")
# A tuple's values may hold parentheses inside quotes: "(1003, 'Bakare', '(713) 555-0108')".
_SQL_TUPLE_RE = re.compile(r"\s*,?\s*\(((?:'(?:[^'\n]|''){0,500}'|\([^()'\n]{0,200}\)|[^()'\n]){0,2000})\)")  # now() inside
_SQL_VALUE_RE = re.compile(r"\s*('(?:[^']|'')*'|[^,]*?)\s*(?:,|$)")


def _column_name(field: str) -> str:
    return re.sub(r"[\s\-]+", "_", field.strip().strip("\"'`[]").strip())


_COMPACT_DATE_RE = re.compile(r"((?:18|19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")


def _dob_field(text: str, start: int, end: int) -> Finding | None:
    """A DOB finding for ``text[start:end]`` when that field (quotes stripped) is a birth date."""
    start, end = _strip_cell(text, start, end)
    m = _DATE_FIELD_RE.fullmatch(text, start, end)
    if m is None:
        c = _COMPACT_DATE_RE.fullmatch(text, start, end)  # "19840312" under a dob column
        if c is None:
            return None
        ok = _plausible_dob(int(c.group(1)), int(c.group(2)), int(c.group(3)))
        return Finding("DATE_OF_BIRTH", start, end, 0.85, DETECTOR) if ok else None
    ok, _ = _date_ok(m.groupdict())
    return Finding("DATE_OF_BIRTH", start, end, 0.85, DETECTOR) if ok else None


_HEADER_FIELD_RE = re.compile(r"[\"'`\[]?[^\W\d][\w .\-/()#]{0,38}[\"'`\]]?")


_RULE_LINE_RE = re.compile(r"[-=+|: ]{3,}")


def _split_row(line: str, delim: str) -> list[str]:
    """``line`` split at ``delim`` outside double quotes (RFC 4180: ``"Alvarez, Marisol"`` is one
    cell). The pieces are the raw text, quotes kept, so their lengths still add up to offsets."""
    if '"' not in line:
        return line.split(delim)
    cells: list[str] = []
    start = 0
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted  # a doubled quote inside a cell toggles twice
        elif ch == delim and not quoted:
            cells.append(line[start:i])
            start = i + 1
    cells.append(line[start:])
    return cells


@lru_cache(maxsize=16)
def _tables(text: str) -> tuple[tuple[str, tuple[str, ...], tuple[tuple[int, tuple[str, ...]], ...]], ...]:
    """Delimited tables in ``text``: (delimiter, normalised column names, rows as (line offset,
    fields)). Computed once per text and shared by every column-based detector.

    A header is a line that is not indented, splits into two or more short name-like fields with
    no empty column (a Markdown table's outer pipes aside); rows follow with the same field count.
    Prose ("Hi, I'm writing about my account") and code lists (indented, trailing comma) are not
    headers.
    """
    tables = []
    lines = text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        line = lines[i]
        header = None
        # Indented lines are code, except psql-style tables (" id | name | dob").
        if line and (line[0] not in " \t" or "|" in line) and len(line) < 400:
            for delim in (",", ";", "\t", "|"):
                if delim not in line:
                    continue
                fields = line.split(delim)
                inner = fields[1:-1] if delim == "|" and line.strip().startswith("|") else fields
                if len(fields) >= 2 and inner and all(_HEADER_FIELD_RE.fullmatch(f.strip()) for f in inner):
                    header = (delim, fields)
                    break
        if header is None:
            i += 1
            continue
        delim, fields = header
        rows = []
        j = i + 1
        while j < len(lines) and lines[j].strip():
            if _RULE_LINE_RE.fullmatch(lines[j].strip()):
                j += 1  # "----+------" / "|---|---|" under a header
                continue
            cells = _split_row(lines[j], delim)
            if len(cells) != len(fields):
                break
            rows.append((starts[j], tuple(cells)))
            j += 1
        if rows:
            tables.append((delim, tuple(_column_name(f) for f in fields), tuple(rows)))
        i = j if rows else i + 1
    return tuple(tables)


def _column_spans(rows: tuple[tuple[int, tuple[str, ...]], ...], idx: int) -> list[tuple[int, int]]:
    """The text spans of column ``idx`` in a table's rows (line offset, fields)."""
    spans = []
    for off, row in rows:
        a = off + sum(len(c) + 1 for c in row[:idx])
        spans.append((a, a + len(row[idx])))
    return spans


def table_columns(text: str) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """Every column of every delimited table in ``text``: its normalised name and its cells' spans
    (for detectors that judge a column by what its cells hold, not by its name)."""
    for _delim, names, rows in _tables(text):
        for idx, name in enumerate(names):
            yield name, _column_spans(rows, idx)


def tabular_fields(text: str, column: re.Pattern[str], *,
                   beside: re.Pattern[str] | None = None) -> Iterator[tuple[int, int]]:
    """Spans of the cells under a column whose name matches ``column``, in CSV/TSV/``;``/``|``
    tables and SQL ``INSERT`` statements; with ``beside``, only in tables that also have a column
    matching it (a bare "name" column lists people next to "email", products next to "sku").

    A value alone ("1985-06-30", "321 54 9876") is ambiguous; the column name says what it is.
    """
    for _delim, names, rows in _tables(text):
        if beside is not None and not any(beside.search(n) for n in names):
            continue
        # Every matching column: "first_name,last_name" are both name columns.
        for idx in [k for k, n in enumerate(names) if column.match(n)]:
            yield from _column_spans(rows, idx)
    if "values" not in text.lower():
        return
    for pos, cols in _sql_inserts(text):
        if beside is not None and not any(beside.search(c) for c in cols):
            continue
        for idx in [i for i, c in enumerate(cols) if column.match(c)]:
            yield from _sql_column(text, pos, idx)


# "INSERT INTO customers VALUES (…)" takes its columns from "CREATE TABLE customers (id serial, …)".
_SQL_BARE_INSERT_RE = re.compile(r"(?i)\bINSERT[ \t]+INTO[ \t]+[`\"\[]?([\w.]+)[`\"\]]?[ \t]+VALUES\s*")
_SQL_CREATE_RE = re.compile(r"(?i)\bCREATE[ \t]+TABLE[ \t]+(?:IF[ \t]+NOT[ \t]+EXISTS[ \t]+)?[`\"\[]?([\w.]+)[`\"\]]?\s*\(")
_SQL_CONSTRAINT_RE = re.compile(r"(?i)(?:PRIMARY|FOREIGN|UNIQUE|CHECK|CONSTRAINT|INDEX|KEY|EXCLUDE)\b")


def _sql_inserts(text: str) -> Iterator[tuple[int, list[str]]]:
    """(position of the first tuple, column names) of every SQL ``INSERT``: the columns it lists, or
    for a bare ``INSERT INTO t VALUES`` the columns of ``CREATE TABLE t`` in the same text."""
    for m in _SQL_INSERT_RE.finditer(text):
        yield m.end(), [_column_name(c) for c in m.group(1).split(",")]
    if "create" not in text.lower():
        return
    tables: dict[str, list[str]] = {}
    for c in _SQL_CREATE_RE.finditer(text):
        cols: list[str] = []
        depth, item, i = 0, [], c.end()
        while i < len(text) and i < c.end() + 20_000:
            ch = text[i]
            if ch == "(":
                depth += 1
            elif ch == ")" and depth == 0 or ch == "," and depth == 0:
                words = "".join(item).split()
                if words and not _SQL_CONSTRAINT_RE.match(words[0]):
                    cols.append(_column_name(words[0]))
                item = []
                if ch == ")":
                    break
                i += 1
                continue
            elif ch == ")":
                depth -= 1
            item.append(ch)
            i += 1
        tables[c.group(1).lower()] = cols
    for m in _SQL_BARE_INSERT_RE.finditer(text):
        cols = tables.get(m.group(1).lower())
        if cols:
            yield m.end(), cols


def _sql_column(text: str, pos: int, idx: int) -> Iterator[tuple[int, int]]:
    """Spans of the ``idx``-th value of every tuple of an SQL ``INSERT`` whose tuples start at ``pos``."""
    while True:
        t = _SQL_TUPLE_RE.match(text, pos + 1 if text[pos:pos + 1] == ")" else pos)
        if t is None:
            break
        values: list[tuple[int, int]] = []
        vpos = t.start(1)
        while vpos <= t.end(1) and len(values) <= idx:
            v = _SQL_VALUE_RE.match(text, vpos, t.end(1))
            if v is None or v.end() == vpos:
                break
            values.append(v.span(1))
            vpos = v.end()
        if len(values) > idx:
            yield values[idx]
        pos = t.end(1)


def _strip_cell(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\"'":
        start += 1
    while end > start and text[end - 1] in " \t\"'\r":
        end -= 1
    return start, end


def find_dates_of_birth(text: str) -> Iterator[Finding]:
    """Dates introduced by a birth keyword (``DOB``, ``born on``, ``geb.``, ``né le``...).

    A date alone is not personal data; a birth date is. The span covers the date only. Dates
    under a DOB column of a CSV/TSV table or SQL ``INSERT`` count as well.
    """
    low = text.lower()
    if not any(k in low for k in _DOB_LITERALS) or _YEARISH_RE.search(text) is None:
        return  # literal tests are far cheaper than the case-insensitive keyword regex
    if _DOB_HINT_RE.search(text):
        for a, b in tabular_fields(text, _DOB_COLUMN_RE):
            found = _dob_field(text, a, b)
            if found:
                yield found
    seen: set[int] = set()
    keyed = any(k in low for k in _DOB_KEY_LITERALS)
    for rx in (_DOB_RE, _DOB_AFTER_RE, *((_DOB_KEY_RE, _DOB_CODE_RE) if keyed else ())):
        for m in rx.finditer(text):
            if DATE_BOUND_RE.search(m.group(0)):
                continue  # "CHECK (dob > DATE '1900-01-01')": a bound in a schema, nobody's birthday
            ok, group = _date_ok(m.groupdict())
            if ok and m.start(group) not in seen:
                seen.add(m.start(group))
                yield Finding("DATE_OF_BIRTH", m.start(group), m.end(group), 0.9, DETECTOR)
                alt = _DOB_ALT_RE.match(text, m.end(group))
                if alt is not None:
                    ok, g2 = _date_ok(alt.groupdict())
                    if ok and alt.start(g2) not in seen:
                        seen.add(alt.start(g2))
                        yield Finding("DATE_OF_BIRTH", alt.start(g2), alt.end(g2), 0.8, DETECTOR)
    for m in _DOB_YEAR_RE.finditer(text):
        if int(m.group("year")) <= _dt.date.today().year and m.start("year") not in seen:
            yield Finding("DATE_OF_BIRTH", m.start("year"), m.end("year"), 0.8, DETECTOR)


# --------------------------------------------------------------------------------------------

_DETECTORS: tuple[Callable[[str], Iterable[Finding]], ...] = (
    find_emails,
    find_phones,
    find_credit_cards,
    find_ibans,
    find_us_ssns,
    find_ips,
    find_dates_of_birth,
)


def find_patterns(text: str) -> list[Finding]:
    """All structured findings in ``text``, unmerged (the engine resolves overlaps)."""
    out: list[Finding] = []
    for detect in _DETECTORS:
        out.extend(detect(text))
    return out
