#!/usr/bin/env python3
"""Compile the hand-written evaluation sources (eval/src/*.txt) into eval/*.jsonl.

Hand-labelling code-point offsets is error-prone, so the sources are written in a small inline
markup and this script computes the offsets, fills in check digits and refuses anything that
does not validate. The format is described in eval/README.md; in short::

    @@@ id=real-support-01 genre=support_ticket lang=en
    Hi, I'm [[Jane Doe|PERSON]], my card [[4111 1111 1111 111?|CREDIT_CARD]] was charged twice.

    @@@ id=ev-zw-01 of=real-support-01 transform=zw target=CREDIT_CARD

* ``[[value|TYPE]]`` marks an entity. ``\\[[`` is a literal ``[[``. Spans may not nest.
* In a ``CREDIT_CARD`` value one ``?`` is replaced by the Luhn check digit; in an ``IBAN_CODE``
  value ``??`` in the check-digit position is replaced by the mod-97 check digits.
* Evasion records either name a ``transform`` applied to ``target`` entities of the original
  (``TYPE`` or ``#index``, comma-separated; transforms chain with ``+``), or are written by hand
  with evaded spans marked ``[[value|TYPE|~N]]`` (N = index of the entity in the original).
* Lines starting with ``@@#`` are comments.

Validation: known types, non-empty spans without surrounding whitespace, Luhn for cards,
mod-97 (python-stdnum) for IBANs, SSA rules for SSNs, phonenumbers validity for phones,
``ipaddress`` for IPs, a syntax check for emails, known key formats for secrets, unique ids,
``of`` pointing to an existing realistic record.

Usage: ``python scripts/build_eval.py`` (writes eval/*.jsonl), ``--check`` (exit 1 if the committed
JSONL differs from what the sources compile to).
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import hashlib
import ipaddress
import json
import random
import re
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "eval" / "src"
OUT = ROOT / "eval"

from llm_warden.types import ENTITY_TYPES  # noqa: E402  (one list for the whole project)
CATEGORIES = ("realistic", "ordinary", "evasion", "synthetic")

# Which source files feed which output file (category is implied by the output file).
OUTPUTS = {
    "realistic": ("realistic.jsonl", "realistic_*.txt"),
    "ordinary": ("ordinary.jsonl", "ordinary*.txt"),
    "evasion": ("evasion.jsonl", "evasion*.txt"),
}

LANG_REGIONS = {
    "en": ["US", "GB", "IE", "AU", "CA", "IN", "NZ", "ZA", "SG"],
    "de": ["DE", "AT", "CH"],
    "fr": ["FR", "BE", "CH", "CA"],
    "es": ["ES", "MX", "AR", "CO"],
    "it": ["IT", "CH"],
    "nl": ["NL", "BE"],
    "pt": ["PT", "BR"],
    "pl": ["PL"],
    "sv": ["SE"],
    "tr": ["TR"],
    "ja": ["JP"],
    "cs": ["CZ"],
    "da": ["DK"], "nb": ["NO"], "no": ["NO"], "fi": ["FI"], "et": ["EE"], "lt": ["LT"], "lv": ["LV"],
    "is": ["IS"], "mt": ["MT"], "ro": ["RO"], "hu": ["HU"], "sk": ["SK"], "sl": ["SI"], "hr": ["HR"],
    "sr": ["RS"], "sq": ["AL", "XK"], "el": ["GR", "CY"], "uk": ["UA"], "bg": ["BG"], "ru": ["RU"],
    "ms": ["MY"], "id": ["ID"], "tl": ["PH"], "af": ["ZA"], "vi": ["VN"], "sw": ["KE", "TZ"],
    "ca": ["ES", "AD"], "yo": ["NG"], "ha": ["NG"], "hi": ["IN"],
}


class EvalSourceError(ValueError):
    """A source record that does not compile or validate; the message names file:line."""


# --------------------------------------------------------------------------- validators


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_fill(value: str) -> str:
    """Replace the one ``?`` in a card number by the digit that makes it Luhn-valid."""
    if value.count("?") != 1:
        return value
    for d in "0123456789":
        cand = value.replace("?", d)
        if luhn_ok(re.sub(r"\D", "", cand)):
            return cand
    raise AssertionError("unreachable")


def iban_fill(value: str) -> str:
    """Replace ``??`` in the check-digit position of an IBAN by the mod-97 check digits."""
    compact = re.sub(r"\s", "", value)
    if compact[2:4] != "??":
        return value
    rearranged = compact[4:] + compact[:2] + "00"
    num = int("".join(str(int(c, 36)) for c in rearranged.upper()))
    check = f"{98 - num % 97:02d}"
    return value.replace("??", check, 1)


def _ssn_ok(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area == "000" or area == "666" or area >= "900":
        return False
    if group == "00" or serial == "0000":
        return False
    # Numbers the SSA or advertising made famous; never issued to anyone.
    if digits in {"078051120", "219099999", "123456789"}:
        return False
    return True


EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")

# Secret formats we check when a value starts with a known prefix (a typo in a hand-written key
# would otherwise silently make the set easier or harder than intended).
SECRET_FORMATS: list[tuple[str, re.Pattern[str]]] = [
    ("sk-proj-", re.compile(r"^sk-proj-[A-Za-z0-9_-]{58,74}T3BlbkFJ[A-Za-z0-9_-]{58,74}$")),
    ("sk-ant-", re.compile(r"^sk-ant-(api03|admin01)-[A-Za-z0-9_-]{93}AA$")),
    ("AKIA", re.compile(r"^AKIA[A-Z2-7]{16}$")),
    ("ASIA", re.compile(r"^ASIA[A-Z2-7]{16}$")),
    ("ghp_", re.compile(r"^ghp_[A-Za-z0-9]{36}$")),
    ("gho_", re.compile(r"^gho_[A-Za-z0-9]{36}$")),
    ("ghs_", re.compile(r"^ghs_[A-Za-z0-9]{36}$")),
    ("github_pat_", re.compile(r"^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$")),
    ("glpat-", re.compile(r"^glpat-[A-Za-z0-9_-]{20}$")),
    ("sk_live_", re.compile(r"^sk_live_[A-Za-z0-9]{24,99}$")),
    ("rk_live_", re.compile(r"^rk_live_[A-Za-z0-9]{24,99}$")),
    ("xoxb-", re.compile(r"^xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}$")),
    ("xoxp-", re.compile(r"^xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}$")),
    ("hf_", re.compile(r"^hf_[A-Za-z]{34}$")),
    ("npm_", re.compile(r"^npm_[A-Za-z0-9]{36}$")),
    ("pypi-", re.compile(r"^pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}$")),
    ("shpat_", re.compile(r"^shpat_[a-fA-F0-9]{32}$")),
    ("SG.", re.compile(r"^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$")),
    ("AIza", re.compile(r"^AIza[A-Za-z0-9_-]{35}$")),
    # PEM keys, with real line breaks or JSON-escaped ones ("\\n") as in service-account files.
    ("-----BEGIN", re.compile(r"^-----BEGIN ([A-Z ]*)PRIVATE KEY-----(\n|\\n)[\s\S]+(\n|\\n)-----END \1PRIVATE KEY-----$")),
    ("eyJ", re.compile(r"^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")),
    ("https://hooks.slack.com/", re.compile(r"^https://hooks\.slack\.com/services/T[A-Z0-9]{8,10}/B[A-Z0-9]{8,10}/[A-Za-z0-9]{24}$")),
]


def _phone_ok(value: str, lang: str) -> bool:
    import phonenumbers

    regions: list[str | None] = [None] if value.lstrip().startswith("+") or value.startswith("00") else []
    parts = re.split(r"[+-]", lang)
    for part in parts:
        regions += LANG_REGIONS.get(part, [])
    if not all(part in LANG_REGIONS for part in parts):
        # a language without regions here: valid somewhere will do
        regions += [r for rs in LANG_REGIONS.values() for r in rs] + sorted(phonenumbers.SUPPORTED_REGIONS)
    v = value
    if v.startswith("00"):
        v = "+" + v[2:]
    for region in regions:
        try:
            num = phonenumbers.parse(v, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(num):
            return True
    return False


def validate_value(etype: str, value: str, lang: str) -> str | None:
    """Return None if ``value`` is a plausible, valid ``etype``; else the reason it is not."""
    if etype not in ENTITY_TYPES:
        return f"unknown entity type {etype!r}"
    if not value or value != value.strip():
        return "empty span or span with leading/trailing whitespace"
    if etype == "CREDIT_CARD":
        digits = re.sub(r"[ -]", "", value)
        if not digits.isdigit() or not 13 <= len(digits) <= 19:
            return "card number must be 13-19 digits (spaces/dashes allowed)"
        if not luhn_ok(digits):
            return "card number fails Luhn"
    elif etype == "IBAN_CODE":
        from stdnum import iban
        from stdnum.exceptions import ValidationError

        try:
            iban.validate(value)
        except ValidationError as exc:
            return f"IBAN does not validate ({type(exc).__name__}: {exc})"
    elif etype == "US_SSN":
        if not re.fullmatch(r"\d{3}[- ]?\d{2}[- ]?\d{4}", value) or not _ssn_ok(value):
            return "SSN breaks SSA rules (area 000/666/9xx, group 00, serial 0000, or known-void)"
    elif etype == "EMAIL_ADDRESS":
        if not EMAIL_RE.match(value):
            return "not an email address"
    elif etype == "IP_ADDRESS":
        try:
            ipaddress.ip_address(value)
        except ValueError:
            return "not an IPv4/IPv6 address"
    elif etype == "PHONE_NUMBER":
        if not _phone_ok(value, lang):
            return "phonenumbers says this is not a valid number (for the record's language regions)"
    elif etype == "SECRET":
        for prefix, pattern in SECRET_FORMATS:
            if value.startswith(prefix) and not pattern.match(value):
                return f"value starts with {prefix!r} but does not match that key format"
    return None


# --------------------------------------------------------------------------- markup


@dataclasses.dataclass
class Span:
    type: str
    start: int
    end: int
    evaded_from: int | None = None  # index of the entity in the original (evasion records)


@dataclasses.dataclass
class Record:
    id: str
    text: str
    entities: list[Span]
    category: str
    genre: str
    lang: str
    of: str | None = None
    where: str = ""

    def to_json(self) -> dict:
        ents = []
        for s in self.entities:
            e = {"type": s.type, "start": s.start, "end": s.end}
            if s.evaded_from is not None:
                e["evaded"] = True
                e["of_entity"] = s.evaded_from
            ents.append(e)
        out = {
            "id": self.id,
            "text": self.text,
            "entities": ents,
            "category": self.category,
            "genre": self.genre,
            "lang": self.lang,
        }
        if self.of is not None:
            out["of"] = self.of
        return out


SPAN_RE = re.compile(r"\[\[(.*?)\]\]", re.S)


def parse_markup(body: str, where: str, lang: str) -> tuple[str, list[Span]]:
    """Turn ``[[value|TYPE]]`` markup into (text, spans). Fills check digits and validates."""
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0  # code points emitted so far
    while pos < len(body):
        esc = body.find("\\[[", pos)
        opn = body.find("[[", pos)
        if esc != -1 and (opn == -1 or esc < opn):
            chunk = body[pos:esc] + "[["
            out.append(chunk)
            length += len(chunk)
            pos = esc + 3
            continue
        if opn == -1:
            chunk = body[pos:]
            out.append(chunk)
            length += len(chunk)
            break
        chunk = body[pos:opn]
        out.append(chunk)
        length += len(chunk)
        close = body.find("]]", opn + 2)
        if close == -1:
            raise EvalSourceError(f"{where}: unclosed [[ at offset {opn}")
        inner = body[opn + 2 : close]
        if "[[" in inner:
            raise EvalSourceError(f"{where}: nested or unclosed span near {inner[:40]!r}")
        parts = inner.rsplit("|", 2)
        evaded_from = None
        if len(parts) == 3 and parts[2].startswith("~"):
            value, etype, idx = parts
            try:
                evaded_from = int(idx[1:])
            except ValueError:
                raise EvalSourceError(f"{where}: bad evasion marker {idx!r}") from None
        else:
            parts = inner.rsplit("|", 1)
            if len(parts) != 2:
                raise EvalSourceError(f"{where}: span without |TYPE: {inner[:40]!r}")
            value, etype = parts
        if etype == "CREDIT_CARD":
            value = luhn_fill(value)
        elif etype == "IBAN_CODE":
            value = iban_fill(value)
        if evaded_from is None:
            reason = validate_value(etype, value, lang)
            if reason:
                raise EvalSourceError(f"{where}: [[{value[:60]}|{etype}]]: {reason}")
        elif etype not in ENTITY_TYPES:
            raise EvalSourceError(f"{where}: unknown entity type {etype!r}")
        spans.append(Span(etype, length, length + len(value), evaded_from))
        out.append(value)
        length += len(value)
        pos = close + 2
    text = "".join(out)
    return text, spans


HEADER_RE = re.compile(r"^@@@\s+(.*)$")


def _rel(path: Path) -> Path:
    try:
        return path.resolve().relative_to(ROOT)
    except ValueError:
        return path


def read_source(path: Path) -> list[tuple[dict[str, str], str, int]]:
    """Split a source file into (header fields, body, line number of the header)."""
    records: list[tuple[dict[str, str], str, int]] = []
    header: dict[str, str] | None = None
    body: list[str] = []
    hline = 0
    lines = path.read_text(encoding="utf-8").split("\n")

    def flush() -> None:
        if header is None:
            return
        while body and not body[-1].strip():
            body.pop()
        while body and not body[0].strip():
            body.pop(0)
        records.append((header, "\n".join(body), hline))

    for n, line in enumerate(lines, 1):
        if line.startswith("@@#"):
            continue
        m = HEADER_RE.match(line)
        if m:
            flush()
            header, body, hline = {}, [], n
            for field in m.group(1).split():
                if "=" not in field:
                    raise EvalSourceError(f"{_rel(path)}:{n}: header field without '=': {field!r}")
                k, v = field.split("=", 1)
                header[k] = v
            continue
        if header is None:
            if line.strip():
                raise EvalSourceError(f"{_rel(path)}:{n}: text before the first @@@ header")
            continue
        body.append(line)
    flush()
    return records


# --------------------------------------------------------------------------- evasion transforms

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
HOMOGLYPHS = {
    "a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "p": "\u0440", "x": "\u0445",
    "y": "\u0443", "i": "\u0456", "j": "\u0458", "s": "\u0455",
    "A": "\u0410", "B": "\u0412", "E": "\u0415", "K": "\u041a", "M": "\u041c", "H": "\u041d",
    "O": "\u041e", "P": "\u0420", "C": "\u0421", "T": "\u0422", "X": "\u0425",
}


def _insert_inside(value: str, rng: random.Random, pool: list[str], count: int) -> str:
    """Insert ``count`` characters from ``pool`` at distinct interior positions of ``value``."""
    positions = sorted(rng.sample(range(1, len(value)), min(count, len(value) - 1)))
    out, last = [], 0
    for p in positions:
        out.append(value[last:p])
        out.append(rng.choice(pool))
        last = p
    out.append(value[last:])
    return "".join(out)


def _spaced(value: str, sep: str) -> str:
    chars = [c for c in value if c not in " -./()"]
    head = ""
    if chars and chars[0] == "+":
        head, chars = "+", chars[1:]
    return head + sep.join(chars)


def _spelled(value: str, at: str, dot: str) -> str:
    out = []
    for ch in value:
        if ch == "@":
            out.append(f" {at} ")
        elif ch == ".":
            out.append(f" {dot} ")
        elif ch == "_":
            out.append(" underscore ")
        elif ch == "-":
            out.append(" dash ")
        else:
            out.append(ch)
    return "".join(out)


def _homoglyph(value: str, rng: random.Random) -> str:
    idx = [i for i, c in enumerate(value) if c in HOMOGLYPHS]
    if not idx:
        raise ValueError("no character with a Cyrillic look-alike")
    pick = set(rng.sample(idx, max(1, (len(idx) + 1) // 2)))
    return "".join(HOMOGLYPHS[c] if i in pick else c for i, c in enumerate(value))


def _fullwidth(value: str, digits_only: bool) -> str:
    out = []
    for c in value:
        if digits_only and not c.isdigit():
            out.append(c)
        elif "!" <= c <= "~":
            out.append(chr(ord(c) - 0x21 + 0xFF01))
        else:
            out.append(c)
    return "".join(out)


TRANSFORMS = {
    "zw": lambda v, r: _insert_inside(v, r, ZERO_WIDTH, max(2, len(v) // 6)),
    "shy": lambda v, r: _insert_inside(v, r, ["\u00ad"], max(2, len(v) // 6)),
    "bidi": lambda v, r: _insert_inside(v, r, BIDI, max(2, len(v) // 8)),
    "fullwidth": lambda v, r: _fullwidth(v, False),
    "fullwidth_digits": lambda v, r: _fullwidth(v, True),
    "homoglyph": _homoglyph,
    "spaced": lambda v, r: _spaced(v, " "),
    "dashed": lambda v, r: _spaced(v, "-"),
    "spelled": lambda v, r: _spelled(v, "at", "dot"),
    "spelled_brackets": lambda v, r: _spelled(v, "[at]", "[dot]"),
    "b64": lambda v, r: base64.b64encode(v.encode()).decode(),
    "b64url": lambda v, r: base64.urlsafe_b64encode(v.encode()).decode().rstrip("="),
    "b64x2": lambda v, r: base64.b64encode(base64.b64encode(v.encode())).decode(),
    "hex": lambda v, r: v.encode().hex(),
    "pct": lambda v, r: "".join(f"%{b:02X}" for b in v.encode()),
    "pct_min": lambda v, r: urllib.parse.quote(v, safe=""),
}


def apply_transform(orig: Record, rec_id: str, spec: str, target: str, where: str) -> tuple[str, list[Span]]:
    """Apply a chain of transforms to the target entities of ``orig``; return (text, spans)."""
    rng = random.Random(int.from_bytes(hashlib.sha256(rec_id.encode()).digest()[:8], "big"))
    names = spec.split("+")
    for name in names:
        if name not in TRANSFORMS:
            raise EvalSourceError(f"{where}: unknown transform {name!r} (known: {', '.join(TRANSFORMS)})")
    chosen: set[int] = set()
    for t in target.split(","):
        if t.startswith("#"):
            i = int(t[1:])
            if not 0 <= i < len(orig.entities):
                raise EvalSourceError(f"{where}: target {t} out of range for {orig.id}")
            chosen.add(i)
        else:
            hits = {i for i, s in enumerate(orig.entities) if s.type == t}
            if not hits:
                raise EvalSourceError(f"{where}: {orig.id} has no {t} entity")
            chosen |= hits
    text = orig.text
    pieces: list[str] = []
    spans: list[Span] = []
    last = 0
    length = 0
    for i, s in enumerate(orig.entities):
        between = text[last : s.start]
        pieces.append(between)
        length += len(between)
        value = text[s.start : s.end]
        if i in chosen:
            for name in names:
                try:
                    value = TRANSFORMS[name](value, rng)
                except ValueError as exc:
                    raise EvalSourceError(f"{where}: {name} on entity #{i}: {exc}") from None
            if value == text[s.start : s.end]:
                raise EvalSourceError(f"{where}: transform {spec} left entity #{i} unchanged")
        spans.append(Span(s.type, length, length + len(value), i if i in chosen else None))
        pieces.append(value)
        length += len(value)
        last = s.end
    pieces.append(text[last:])
    return "".join(pieces), spans


# --------------------------------------------------------------------------- build


ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def build(src: Path = SRC) -> dict[str, list[Record]]:
    """Compile every source file in ``src``; raise EvalSourceError on the first problem."""
    result: dict[str, list[Record]] = {}
    seen: dict[str, str] = {}
    realistic_by_id: dict[str, Record] = {}
    for category in ("realistic", "ordinary", "evasion"):
        _, pattern = OUTPUTS[category]
        recs: list[Record] = []
        for path in sorted(src.glob(pattern)):
            rel = _rel(path)
            for header, body, line in read_source(path):
                where = f"{rel}:{line}"
                rid = header.get("id")
                if not rid or not ID_RE.match(rid):
                    raise EvalSourceError(f"{where}: missing or malformed id {rid!r}")
                if rid in seen:
                    raise EvalSourceError(f"{where}: duplicate id {rid!r} (first at {seen[rid]})")
                seen[rid] = where
                unknown = set(header) - {"id", "genre", "lang", "of", "transform", "target"}
                if unknown:
                    raise EvalSourceError(f"{where}: unknown header fields {sorted(unknown)}")
                if category == "evasion":
                    rec = _build_evasion(header, body, where, realistic_by_id)
                else:
                    if "of" in header or "transform" in header:
                        raise EvalSourceError(f"{where}: 'of'/'transform' only in evasion sources")
                    for k in ("genre", "lang"):
                        if k not in header:
                            raise EvalSourceError(f"{where}: header needs {k}=")
                    text, spans = parse_markup(body, where, header["lang"])
                    if any(s.evaded_from is not None for s in spans):
                        raise EvalSourceError(f"{where}: ~N evasion markers only in evasion sources")
                    if not text.strip():
                        raise EvalSourceError(f"{where}: empty text")
                    rec = Record(rid, text, spans, category, header["genre"], header["lang"], where=where)
                    if category == "ordinary" and spans:
                        raise EvalSourceError(f"{where}: ordinary prompts carry no entities")
                    if category == "realistic":
                        realistic_by_id[rid] = rec
                recs.append(rec)
        result[category] = recs
    return result


def _build_evasion(header: dict[str, str], body: str, where: str, originals: dict[str, Record]) -> Record:
    rid = header["id"]
    of = header.get("of")
    if of not in originals:
        raise EvalSourceError(f"{where}: of={of!r} is not a realistic record id")
    orig = originals[of]
    lang = header.get("lang", orig.lang)
    if "transform" in header:
        if body.strip():
            raise EvalSourceError(f"{where}: a transform record has no body")
        if "target" not in header:
            raise EvalSourceError(f"{where}: transform needs target=TYPE|#index[,...]")
        text, spans = apply_transform(orig, rid, header["transform"], header["target"], where)
        genre = header.get("genre", header["transform"])
    else:
        if "genre" not in header:
            raise EvalSourceError(f"{where}: a hand-written evasion record needs genre= (the technique)")
        text, spans = parse_markup(body, where, lang)
        genre = header["genre"]
        for s in spans:
            if s.evaded_from is not None:
                if not 0 <= s.evaded_from < len(orig.entities):
                    raise EvalSourceError(f"{where}: ~{s.evaded_from} out of range for {of}")
                if orig.entities[s.evaded_from].type != s.type:
                    raise EvalSourceError(f"{where}: ~{s.evaded_from} in {of} is not a {s.type}")
    if not any(s.evaded_from is not None for s in spans):
        raise EvalSourceError(f"{where}: an evasion record must evade at least one entity")
    return Record(rid, text, spans, "evasion", genre, lang, of=of, where=where)


def check_record_json(obj: dict) -> str | None:
    """Sanity check on a compiled record (offsets in range, no overlap); None if fine."""
    text = obj["text"]
    prev_end = -1
    for e in obj["entities"]:
        if not 0 <= e["start"] < e["end"] <= len(text):
            return f"offsets {e['start']}:{e['end']} out of range"
        if e["start"] < prev_end:
            return "overlapping or unsorted entities"
        prev_end = e["end"]
    return None


def render(records: list[Record]) -> str:
    lines = []
    for r in records:
        obj = r.to_json()
        err = check_record_json(obj)
        if err:
            raise EvalSourceError(f"{r.where}: {err}")
        lines.append(json.dumps(obj, ensure_ascii=False))
    return "\n".join(lines) + "\n" if lines else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if eval/*.jsonl is not what the sources compile to")
    ap.add_argument("--show", metavar="ID", help="print one compiled record with its labelled spans")
    ap.add_argument("--src", type=Path, default=SRC, help="source directory (default eval/src)")
    ap.add_argument("--out", type=Path, default=OUT, help="output directory (default eval)")
    args = ap.parse_args(argv)
    try:
        built = build(args.src)
    except EvalSourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.show:
        for recs in built.values():
            for r in recs:
                if r.id == args.show:
                    print(json.dumps(r.to_json(), ensure_ascii=False, indent=1))
                    for s in r.entities:
                        mark = f" (evaded from #{s.evaded_from})" if s.evaded_from is not None else ""
                        print(f"  {s.type:14} {r.text[s.start:s.end]!r}{mark}")
                    return 0
        print(f"no record {args.show!r}", file=sys.stderr)
        return 1
    stale = []
    for category, recs in built.items():
        fname, _ = OUTPUTS[category]
        path = args.out / fname
        content = render(recs)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                stale.append(str(_rel(path)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)  # "--out /tmp/new_dir" is a directory to make
            path.write_text(content, encoding="utf-8")
            print(f"{_rel(path)}: {len(recs)} records")
    if stale:
        print("out of date (run scripts/build_eval.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
