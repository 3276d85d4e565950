"""A de-obfuscated view of a text, with an offset map back to the original.

People (and prompt-injection payloads) hide data from pattern matchers: ``j​ohn@exаmple.com``
with a zero-width space and a Cyrillic ``а``, full-width digits, ``4 1 1 1 - 1 1 1 1 ...``,
``john dot smith at example dot com``, or the whole value in base64. The detectors stay simple
and run a second time on a normalised *view*; every finding in the view maps back to a span of
the original text, so redaction and the audit log always point at what the client really sent.

The view is built in stages, each a list of pieces ``(output text, source span)``:

* identity pieces copy a run of the source; a character maps to exactly its source character;
* replacement pieces stand for a whole source span (a decoded base64 run, ``" dot "`` → ``"."``);
  every character of the replacement maps to that whole span, which is how a finding inside a
  decoded run maps to the span of the encoded run.

Stages compose through ``parent`` links, so a span maps back through every stage. Nothing is
materialised per character: lookups are a bisect over the pieces.

Stages, in order: fold (format characters removed, NFKD compatibility folding, combining marks
dropped, confusables folded to ASCII, any decimal digit to ASCII), HTML/percent escapes, embedded
base64/hex runs (decoded to depth 2), digits split by separators, spelled-out e-mail addresses.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from ._confusables import CONFUSABLES

__all__ = ["View", "views", "normalize", "ner_view", "fold_char", "decode_text", "MAX_DECODE_DEPTH"]

MAX_DECODE_DEPTH = 2

# Invisible characters that are letters or marks by category but are used as blanks.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180e\u3164\uffa0")


@dataclass(slots=True)
class View:
    """One transformation stage: ``text`` plus where each piece of it came from.

    ``map_span(start, end)`` turns a span of ``text`` into a span of the *original* text (the
    text before the first stage), following ``parent`` links.
    """

    text: str
    parent: View | None = None
    _out: list[int] = field(default_factory=list)  # output start of each piece
    _src_start: list[int] = field(default_factory=list)
    _src_end: list[int] = field(default_factory=list)
    _ident: list[bool] = field(default_factory=list)

    def char_source(self, i: int) -> tuple[int, int]:
        """The span of this stage's *input* that produced output character ``i``."""
        k = bisect.bisect_right(self._out, i) - 1
        if self._ident[k]:
            a = self._src_start[k] + (i - self._out[k])
            return a, a + 1
        return self._src_start[k], self._src_end[k]

    def map_span(self, start: int, end: int) -> tuple[int, int]:
        """Original-text span for ``text[start:end]`` (``0 <= start < end <= len(text)``)."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside view of length {len(self.text)}")
        a = self.char_source(start)[0]
        b = self.char_source(end - 1)[1]
        if self.parent is not None:
            return self.parent.map_span(a, b)
        return a, b


class _Builder:
    """Accumulates pieces for one stage over ``src`` (the previous stage's text)."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.parts: list[str] = []
        self.out: list[int] = []
        self.s0: list[int] = []
        self.s1: list[int] = []
        self.ident: list[bool] = []
        self.n = 0
        self.changed = False

    def keep(self, a: int, b: int) -> None:
        """Copy ``src[a:b]`` unchanged."""
        if a >= b:
            return
        if self.ident and self.ident[-1] and self.s1[-1] == a:
            self.s1[-1] = b  # extend the previous identity piece
        else:
            self._add(a, b, True)
        self.parts.append(self.src[a:b])
        self.n += b - a

    def put(self, s: str, a: int, b: int) -> None:
        """Emit ``s`` in place of ``src[a:b]`` (``a < b``); an empty ``s`` deletes the span."""
        self.changed = True
        if not s:
            return
        self._add(a, b, False)
        self.parts.append(s)
        self.n += len(s)

    def _add(self, a: int, b: int, ident: bool) -> None:
        self.out.append(self.n)
        self.s0.append(a)
        self.s1.append(b)
        self.ident.append(ident)

    def view(self, parent: View | None) -> View | None:
        if not self.changed:
            return None
        return View("".join(self.parts), parent, self.out, self.s0, self.s1, self.ident)


def _substitute(src: str, pattern: re.Pattern[str], repl: Callable[[re.Match[str], _Builder], bool],
                parent: View | None) -> View | None:
    """Run ``pattern`` over ``src``; ``repl`` emits pieces for a match and says if it handled it."""
    b = _Builder(src)
    pos = 0
    for m in pattern.finditer(src):
        b.keep(pos, m.start())
        if not repl(m, b):
            b.keep(m.start(), m.end())
        pos = m.end()
    b.keep(pos, len(src))
    return b.view(parent)


# --- stage 1: fold ------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def fold_char(c: str) -> str:
    """What a single non-ASCII character becomes in the view ('' to drop it).

    Format characters (zero-width, bidi controls, soft hyphen, tags) vanish; spaces become a
    plain space; any decimal digit becomes its ASCII digit; otherwise NFKD (full-width and
    mathematical letters to ASCII, ligatures split), combining marks dropped, and UTS #39
    confusables folded to the ASCII character they imitate.
    """
    cat = unicodedata.category(c)
    if cat == "Cf" or c in _INVISIBLE:
        return ""
    if cat in ("Zl", "Zp"):
        return "\n"
    if cat == "Zs":
        return " "
    if c.isdecimal():
        return str(unicodedata.decimal(c))
    out = []
    for d in unicodedata.normalize("NFKD", c):
        if unicodedata.category(d) in ("Mn", "Me"):
            continue
        if ord(d) > 127:
            d = CONFUSABLES.get(d, d)
        out.append(d)
    return "".join(out)


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def _fold(src: str, parent: View | None) -> View | None:
    if src.isascii():
        return None

    def repl(m: re.Match[str], b: _Builder) -> bool:
        c = m.group(0)
        f = fold_char(c)
        if f == c:
            return False
        b.put(f, m.start(), m.end())
        return True

    return _substitute(src, _NON_ASCII_RE, repl, parent)


# --- stage 2: escapes ---------------------------------------------------------------------------

_ESCAPE_RE = re.compile(r"(?:%[0-9A-Fa-f]{2})+|&#[0-9]{2,7};|&#[xX][0-9A-Fa-f]{2,6};|&(?:commat|period|amp|lt|gt|quot|apos|num|colon|plus|lowbar|hyphen|dash|sol);")


def _printable(s: str) -> bool:
    return bool(s) and all(c.isprintable() or c in "\n\r\t" for c in s)


def _escapes(src: str, parent: View | None) -> View | None:
    if "%" not in src and "&" not in src:
        return None

    def repl(m: re.Match[str], b: _Builder) -> bool:
        tok = m.group(0)
        if tok[0] == "%":
            try:
                dec = bytes.fromhex(tok.replace("%", "")).decode("utf-8")
            except (UnicodeDecodeError, ValueError):
                return False
        else:
            dec = html.unescape(tok)
            if dec == tok:
                return False
        if not _printable(dec):
            return False
        b.put(dec, m.start(), m.end())
        return True

    return _substitute(src, _ESCAPE_RE, repl, parent)


# --- stage 3: embedded base64 / hex -------------------------------------------------------------

_B64_RE = re.compile(r"(?<![A-Za-z0-9+/_\-])[A-Za-z0-9+/_\-]{12,16384}={0,2}(?![A-Za-z0-9+/=_\-])")
_HEX_SEP_RE = re.compile(r"(?<![0-9A-Fa-f\\])(?:\\x[0-9A-Fa-f]{2}){6,}|(?<![0-9A-Fa-f:])[0-9A-Fa-f]{2}(?: [0-9A-Fa-f]{2}){5,}(?![0-9A-Fa-f])")
_RUN_RE = re.compile(_B64_RE.pattern + "|" + _HEX_SEP_RE.pattern)
_HEX_ONLY_RE = re.compile(r"[0-9A-Fa-f]+")
# What every match of ``_RUN_RE`` contains: twelve base64 characters, or three spaced hex bytes.
_RUN_HINT_RE = re.compile(r"[A-Za-z0-9+/_\-]{12}|[0-9A-Fa-f]{2} [0-9A-Fa-f]{2} [0-9A-Fa-f]{2} [0-9A-Fa-f]{2} [0-9A-Fa-f]{2} [0-9A-Fa-f]{2}")


def _texty(s: str) -> bool:
    """Decoded bytes that read as text: printable, and mostly letters, digits and spaces."""
    if len(s) < 4 or not _printable(s):
        return False
    good = sum(c.isalnum() or c in " .,:;@_-+/=!?'\"()[]{}<>#$%&*\n\t" for c in s)
    return good >= 0.85 * len(s)


def _decode_run(run: str) -> str | None:
    """Decode one candidate run (hex or base64); None unless it yields readable text."""
    raw: bytes | None = None
    if run.startswith("\\x") or " " in run:
        raw = bytes.fromhex(run.replace("\\x", "").replace(" ", ""))
    elif _HEX_ONLY_RE.fullmatch(run) and len(run) % 2 == 0:
        raw = bytes.fromhex(run)
    else:
        core = run.rstrip("=")
        if len(core) % 4 == 1:
            return None
        urlsafe = "-" in core or "_" in core
        if urlsafe and ("+" in core or "/" in core):
            return None
        padded = core + "=" * (-len(core) % 4)
        try:
            raw = (base64.urlsafe_b64decode if urlsafe else base64.b64decode)(padded)
        except (binascii.Error, ValueError):
            return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if _texty(text) else None


def decode_text(text: str, depth: int = MAX_DECODE_DEPTH) -> str:
    """``text`` with every embedded base64/hex run replaced by its decoding, ``depth`` levels deep."""
    if depth <= 0:
        return text
    v = _decode_stage(text, None, depth)
    return v.text if v is not None else text


def _decode_stage(src: str, parent: View | None, depth: int = MAX_DECODE_DEPTH) -> View | None:
    if _RUN_HINT_RE.search(src) is None and "\\x" not in src:
        return None  # no run of 12 base64 characters and no hex byte sequence: cheaper scans than _RUN_RE

    def repl(m: re.Match[str], b: _Builder) -> bool:
        dec = _decode_run(m.group(0))
        if dec is None:
            return False
        inner = decode_text(dec, depth - 1)
        # Spaces keep the decoded text from gluing onto its neighbours (``key:<b64>``). Both
        # levels are kept: "4242…" decoded from hex is a card number, not more hex to undo.
        both = dec if inner == dec else dec + "  " + inner
        b.put(" " + both + " ", m.start(), m.end())
        return True

    return _substitute(src, _RUN_RE, repl, parent)


# --- stage 4: digits split by separators --------------------------------------------------------

_SPLIT_DIGITS_RE = re.compile(r"(?<![\w.])\d{1,4}(?:[ .\-_/]{1,3}\d{1,4}){2,}(?![\w]|\.\d)")  # a tab parts cells
_DOTTED_QUAD_RE = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")


def _split_digits(src: str, parent: View | None) -> View | None:
    """``4 1 1 1 1 1 ...`` or ``4111-1111 1111.1111`` → digits only, each mapped to itself.

    Only evasive layouts are collapsed: every group one or two digits long, or three or more
    kinds of separator in one number. Ordinary layouts (``415 555 2671``, ``2024-01-15``, IP
    addresses) are left to the detectors, which know them.
    """
    if not any(c.isdigit() for c in src):
        return None

    def repl(m: re.Match[str], b: _Builder) -> bool:
        run = m.group(0)
        groups = re.findall(r"\d+", run)
        n = sum(len(g) for g in groups)
        if n < 7 or _DOTTED_QUAD_RE.search(run):
            return False
        seps = {c for c in run if not c.isdigit()}
        evasive = all(len(g) <= 2 for g in groups) or (len(seps) >= 2 and n >= 13)
        if not evasive:
            return False
        b.changed = True
        for i, c in enumerate(run):
            if c.isdigit():
                b.keep(m.start() + i, m.start() + i + 1)
        return True

    return _substitute(src, _SPLIT_DIGITS_RE, repl, parent)


# A letter O written for a zero inside a number: "D.O.B: 11/O3/1972", "O7911 123456" — a typo or an
# evasion, read as the digit only between digits or a digit and a date separator.
_LETTER_O_HINT_RE = re.compile(r"[Oo][/.\-]?\d")
_LETTER_O_RE = re.compile(r"(?<=\d)[Oo](?=\d)|(?<=\d[/.\-])[Oo](?=\d)|(?<=\d)[Oo](?=[/.\-]\d)|(?<![\w])[Oo](?=\d{3})")


def _letter_o_digits(src: str, parent: View | None) -> View | None:
    """``11/O3/1972`` → ``11/03/1972``, each zero mapped to its letter."""
    if "O" not in src and "o" not in src:
        return None
    if _LETTER_O_HINT_RE.search(src) is None:
        return None  # every reading has an O before a digit (maybe after one separator): a cheap scan

    def repl(m: re.Match[str], b: _Builder) -> bool:
        b.put("0", m.start(), m.end())
        return True

    return _substitute(src, _LETTER_O_RE, repl, parent)


_SPACED_CHARS_RE = re.compile(r"(?<![\w])[A-Za-z0-9](?:[ \-][A-Za-z0-9]){11,}(?![\w])")


def _spaced_chars(src: str, parent: View | None) -> View | None:
    """``G B 6 0 B A R C 2 0 0 ...``: single letters and digits one space apart, collapsed, when
    the run holds enough digits to be a code (IBAN, card, key) rather than a spelled word."""
    if " " not in src:
        return None

    def repl(m: re.Match[str], b: _Builder) -> bool:
        run = m.group(0)
        if sum(c.isdigit() for c in run) < 6 or all(c.isdigit() or not c.isalnum() for c in run):
            return False  # all-digit runs are the digit stage's business
        b.changed = True
        for i, c in enumerate(run):
            if c.isalnum():
                b.keep(m.start() + i, m.start() + i + 1)
        return True

    return _substitute(src, _SPACED_CHARS_RE, repl, parent)


# --- stage 5: spelled-out e-mail ----------------------------------------------------------------

_AT = r"(?:\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+|\s*@\s*)"
_DOT = r"(?:\s*[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*|\s+dot\s+|\.)"
_DASH = r"(?:\s*[\[({<]\s*(?:dash|hyphen|minus)\s*[\])}>]\s*|\s+(?:dash|hyphen)\s+)"
_UNDERSCORE = r"(?:\s*[\[({<]\s*underscore\s*[\])}>]\s*|\s+underscore\s+)"
_SEP = rf"(?:{_DOT}|{_DASH}|{_UNDERSCORE})"
_WORD = r"[A-Za-z0-9_%+\-]{1,64}"
_SPELLED_RE = re.compile(
    rf"(?i)(?<![\w.])(?P<local>{_WORD}(?:{_SEP}{_WORD}){{0,5}})(?P<at>{_AT})"
    rf"(?P<domain>{_WORD}(?:{_SEP}{_WORD}){{1,7}})(?![\w])"
)
_OBFUSCATION_RE = re.compile(r"(?i)\bdot\b|[\[({<]\s*(?:at|dot|\.)\s*[\])}>]")
_MARKER_RE = re.compile(rf"(?i)(?P<at>{_AT})|(?P<dot>{_DOT})|(?P<dash>{_DASH})|(?P<us>{_UNDERSCORE})")
_MARKER_SYMBOL = {"at": "@", "dot": ".", "dash": "-", "us": "_"}
# Words that stand before a plain " at " in sentences far more often than as a mailbox name.
_PROSE_WORDS = frozenset(
    "look looking looked work works worked working arrive arrived arrives meet meeting met stay "
    "staying stayed live lives lived living be is are was were am it this that these those here "
    "there now then me us him her them you we they i he she available reach found find online "
    "office shop shopping buy bought sell sold sale price prices home school college university "
    "job jobs post posted news info details everyone anyone someone people".split()
)
_TLDS = frozenset(
    "com org net edu gov mil int io co ai app dev info biz me us uk de fr es it nl pl ru eu ch at "
    "be se no dk fi pt br in jp cn au ca mx ie nz za tv ly gg sh cz sk hu ro gr tr ua il kr sg hk "
    "tw ar cl pe is lu li mobi name pro xyz online site tech email".split()
)


def _spelled_emails(src: str, parent: View | None) -> View | None:
    low = src.lower()
    if "dot" not in low and " at " not in low and "at]" not in low and "at)" not in low:
        return None  # cheap literal test before the case-insensitive regex
    if not _OBFUSCATION_RE.search(src):
        return None

    def repl(m: re.Match[str], b: _Builder) -> bool:
        whole = m.group(0)
        if not _OBFUSCATION_RE.search(whole):
            return False  # an ordinary address: nothing to undo
        tld = re.split(_SEP, m.group("domain"), flags=re.I)[-1].lower()
        if tld not in _TLDS and not (len(tld) == 2 and tld.isalpha()):
            return False
        if m.group("at").strip().lower() == "at" and m.group("local").lower() in _PROSE_WORDS:
            return False  # "look at this dot com": a sentence, not an address
        base = m.start()
        pos = 0
        for mk in _MARKER_RE.finditer(whole):
            b.keep(base + pos, base + mk.start())
            b.put(_MARKER_SYMBOL[mk.lastgroup or "dot"], base + mk.start(), base + mk.end())
            pos = mk.end()
        b.keep(base + pos, m.end())
        return True

    return _substitute(src, _SPELLED_RE, repl, parent)


# --------------------------------------------------------------------------------------------

_STAGES: tuple[Callable[[str, View | None], View | None], ...] = (
    _fold,
    _escapes,
    _decode_stage,
    _spaced_chars,
    _split_digits,
    _letter_o_digits,
    _spelled_emails,
)


def normalize(text: str) -> View | None:
    """The fully normalised view of ``text``, or None when normalisation changes nothing."""
    view: View | None = None
    cur = text
    for stage in _STAGES:
        nxt = stage(cur, view)
        if nxt is not None:
            view, cur = nxt, nxt.text
    if view is None or view.text == text:
        return None
    return view


# --- the lighter view the NER model reads ---------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]{2,}")


def _is_latin(c: str) -> bool:
    return c.isascii() or "LATIN" in unicodedata.name(c, "")


@lru_cache(maxsize=65536)
def _nfkc_char(c: str) -> str:
    if unicodedata.category(c) == "Cf" or c in _INVISIBLE:
        return ""
    return unicodedata.normalize("NFKC", c)


def _ner_clean(src: str, parent: View | None) -> View | None:
    if src.isascii():
        return None

    def repl(m: re.Match[str], b: _Builder) -> bool:
        f = _nfkc_char(m.group(0))
        if f == m.group(0):
            return False
        b.put(f, m.start(), m.end())
        return True

    return _substitute(src, _NON_ASCII_RE, repl, parent)


def _ner_homoglyphs(src: str, parent: View | None) -> View | None:
    """Fold look-alike letters only inside words that mix Latin with another script (``Jоhn``
    with a Cyrillic ``о``); a genuinely Russian or Greek word is left as it is."""
    if src.isascii():
        return None

    def repl(m: re.Match[str], b: _Builder) -> bool:
        w = m.group(0)
        if w.isascii() or all(_is_latin(c) for c in w) or not any(c.isascii() for c in w):
            return False
        folded = "".join(CONFUSABLES.get(c, c) if not _is_latin(c) else c for c in w)
        if folded == w:
            return False
        for i, (a, c) in enumerate(zip(w, folded)):
            if a == c:
                b.keep(m.start() + i, m.start() + i + 1)
            else:
                b.put(c, m.start() + i, m.start() + i + 1)
        return True

    return _substitute(src, _WORD_RE, repl, parent)


_BLOB_RE = re.compile(r"\S{200,}")


def _ner_blobs(src: str, parent: View | None) -> View | None:
    """Long unbroken runs (base64 blobs, minified code, hashes glued together) hold no names but
    would cost the model hundreds of sub-tokens each: they become a single space."""
    if len(src) < 200:
        return None

    def repl(m: re.Match[str], b: _Builder) -> bool:
        b.put(" ", m.start(), m.end())
        return True

    return _substitute(src, _BLOB_RE, repl, parent)


def ner_view(text: str) -> View | None:
    """What the NER model should read: format characters removed, NFKC (full-width letters to
    ASCII, diacritics kept), homoglyphs folded in mixed-script words, blobs of 200+ non-space
    characters blanked. None when that is the text itself, which is the case for nearly all
    honest prose, so NER runs once either way."""
    view: View | None = None
    cur = text
    for stage in (_ner_clean, _ner_homoglyphs, _ner_blobs):
        nxt = stage(cur, view)
        if nxt is not None:
            view, cur = nxt, nxt.text
    if view is None or view.text == text:
        return None
    return view


def views(text: str) -> list[View]:
    """The views the detectors should also see (empty for text with nothing to undo)."""
    v = normalize(text)
    return [v] if v is not None else []
