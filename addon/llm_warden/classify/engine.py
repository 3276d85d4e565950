"""The classification engine: detectors, span merging, a segment cache and batched NER.

Why it is shaped like this:

* **Cache by segment hash.** A chat client resends the whole history every turn, so the same
  segments arrive again and again; a bounded LRU keyed by a digest of the text makes turn N cost
  only its new text, with memory bounded by ``cache_size`` entries.
* **One worker thread.** Regexes and the transformer are CPU-bound and must never run on
  mitmproxy's event loop. ``aclassify_many`` hands work to a single worker thread; callers that
  arrive while it is busy are drained together into the next batch, so concurrent requests share
  one model forward pass instead of contending for the CPU.
* **Rules in worker processes.** With ``processes`` the regex and gazetteer detectors, most of
  the CPU time, run in a pool of processes while the model reads the same batch on the worker
  thread: every core is used and the GIL stays free for the proxy.
* **Merge by specificity.** Detectors overlap (a JWT is also a bearer token, an e-mail's local part
  may look like a name to NER). The most specific type wins: ``SECRET`` over the validated
  structured types over NER types; among structured types the stronger validator (a card over a
  phone number); ties go to the higher score, then the longer span.
"""

from __future__ import annotations

import asyncio
import bisect
import hashlib
import logging
import queue
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..types import Finding
from . import normalize
from .context import find_context_entities
from .coordination import find_coordinated_names
from .mentions import find_repeated_mentions
from ._common import COMMON_EN, COMMON_OTHER
from ._names import FIRST_NAMES, LAST_NAMES
from ._places import PLACES, TOWNS
from .names import (AMBIGUOUS_GIVEN_NAMES, COMPANY_WORDS, capitalises_nouns, retype, title_case_document,
                    title_case_line, unlisted,
                    unsure_capitalised_word)
from .patterns import DATE_BOUND_RE, find_patterns, tabular_fields
from .places import known_place_name
from .pool import RulePool
from .secrets import find_secrets
from .statements import statement_payees
from .words import SENTENCE_START_RE as _SENTENCE_START_RE
from .words import TRAILING_PARTICLE_RE, casual_blocks, in_blocks, line_at

if TYPE_CHECKING:
    from .ner import NerModel

__all__ = ["Engine", "merge_findings", "default_model_dir", "TYPE_PRIORITY"]

log = logging.getLogger(__name__)

#: Higher wins when spans overlap.
TYPE_PRIORITY: dict[str, int] = {
    "SECRET": 3,
    "EMAIL_ADDRESS": 2,
    "PHONE_NUMBER": 2,
    "CREDIT_CARD": 2,
    "IBAN_CODE": 2,
    "US_SSN": 2,
    "IP_ADDRESS": 2,
    "DATE_OF_BIRTH": 2,
    "PERSON": 1,
    "LOCATION": 1,
    "ORGANIZATION": 1,
}


def default_model_dir() -> Path:
    """``<repo>/models/warden-ner``, resolved relative to this package (not the working dir)."""
    return Path(__file__).resolve().parents[3] / "models" / "warden-ner"


#: Within the structured tier, how much a validator proves: a Luhn-checked card in a known IIN
#: range says more than a digit string that some numbering plan accepts as a phone number.
SPECIFICITY: dict[str, int] = {
    "CREDIT_CARD": 7, "IBAN_CODE": 7, "US_SSN": 6, "EMAIL_ADDRESS": 6, "IP_ADDRESS": 5,
    "DATE_OF_BIRTH": 4, "PHONE_NUMBER": 3,
}


def _rank(f: Finding) -> tuple[int, int, int, float, int, int, int, str, str]:
    # A structured type the model also emits (a birth date) is the rule's where both saw it: the rule
    # reads the whole date, the model may mark "03" of "DOB 03.11.1942", however sure it is.
    # The last keys only break ties, so that the result never depends on set or hash order
    # (a PERSON and a LOCATION rule of one score on the same words came out either way per run).
    model_structured = int(f.detector == "ner" and f.type not in SOFT_TYPES)
    return (-TYPE_PRIORITY.get(f.type, 0), -SPECIFICITY.get(f.type, 0), model_structured, -f.score,
            -(f.end - f.start), f.start, _TIE_ORDER.get(f.type, 9), f.detector or "", f.kind or "")


#: Equal in everything else, a person's reading wins over a place's, a place's over an organisation's.
_TIE_ORDER = {"PERSON": 0, "LOCATION": 1, "ORGANIZATION": 2}


#: A rule finding at least this sure types the same words for the model too.
CUE_TYPE_SCORE = 0.7
#: A venue or address a rule found at least this sure holds the model's people inside it.
SITE_RULE_SCORE = 0.85
#: An organisation a rule found at least this sure holds the model's places and people inside it.
ORG_RULE_SCORE = 0.75


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of ``spans`` and is not all of it (a text names few)."""
    return any(a <= start and end <= b and (a, b) != (start, end) for a, b in spans)


_SPAN_WORDS_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _only_common_words(span: str, *, english: bool = True, place_forms: bool = True) -> bool:
    """Whether every word of ``span`` is a frequent word of another language (or, with ``english``,
    of English) that no name or place list knows: "Spørsmål om leirskolen", "Hogyan tudom", "sabah
    uçuşu" are words, while "Rosa", "Paz", "Frankfurt" and, with ``place_forms``, "Brna" (Brno)
    and "Saigon" (Sài Gòn) are on the lists."""
    words = _SPAN_WORDS_RE.findall(span)
    return bool(words) and all(
        ((english and w.lower() in COMMON_EN) or w.lower() in COMMON_OTHER)
        and not any(v in FIRST_NAMES or v in LAST_NAMES or v in PLACES or v in TOWNS for v in (w, w.capitalize()))
        and not (place_forms and known_place_name(w.capitalize()))
        for w in words)


def _sure_given_name(text: str, f: Finding) -> bool:
    """A model sure that one listed given name is a person: a place cue before it does not make it the
    place of that name ("talk to Mary", "from Sydney" in a thank-you; Mary and Sydney are towns too)."""
    return f.type == "PERSON" and f.score >= 0.95 and text[f.start : f.end] in FIRST_NAMES


def _within(spans: list[tuple[int, int]], f: Finding) -> bool:
    """Whether ``f`` lies wholly inside one of ``spans`` (a table cell, a line of a menu or a log)."""
    return any(a <= f.start and f.end <= b for a, b in spans)


#: Types without a validator: two detectors' overlapping spans of one of these are the same
#: entity seen partly ("Garcia" by the model, "Maria Garcia" from "Dear Maria Garcia,"), so
#: they are united rather than one dropped: redaction then covers the whole name.
SOFT_TYPES = frozenset({"PERSON", "LOCATION", "ORGANIZATION"})


def _union_soft(findings: set[Finding]) -> list[Finding]:
    out = [f for f in findings if f.type not in SOFT_TYPES]
    for typ in SOFT_TYPES:
        group = sorted((f for f in findings if f.type == typ),
                       key=lambda f: (f.start, f.end, -f.score, f.detector or "", f.kind or ""))
        cur: Finding | None = None
        for f in group:
            if cur is not None and f.start < cur.end:
                best = cur if cur.score >= f.score else f
                # A rule's part vouches for the union: the model's judge, which runs again on
                # model findings after the merge, must not drop an address a rule found whole
                # because the model saw only its tail ("Unit 2, Long Beach, CA 90807").
                rule = cur if cur.detector != "ner" else f if f.detector != "ner" else None
                detector = rule.detector if rule is not None else best.detector
                cur = Finding(typ, cur.start, max(cur.end, f.end), max(cur.score, f.score), detector, None)
                continue
            if cur is not None:
                out.append(cur)
            cur = f
        if cur is not None:
            out.append(cur)
    return out


def merge_findings(findings: Iterable[Finding], text: str | None = None) -> list[Finding]:
    """Resolve overlaps: keep the best finding for every contested stretch of text.

    Overlapping findings of one soft type (PERSON, LOCATION, ORGANIZATION) are first united.
    Then greedy in rank order (type priority, validator strength, score, length): a validated
    finding is kept only if it overlaps nothing already kept; a soft finding keeps the parts that
    nothing kept covers ("John Smith (john.smith@x.io)": the name stays, the address is e-mail).
    With ``text``, those parts are trimmed of spaces and punctuation and dropped when nothing is
    left. Exact duplicates collapse. The result is sorted by position.
    """
    kept_starts: list[int] = []
    kept: list[Finding] = []

    def add(f: Finding) -> None:
        i = bisect.bisect_left(kept_starts, f.start)
        kept_starts.insert(i, f.start)
        kept.insert(i, f)

    for f in sorted(_union_soft(set(findings)), key=_rank):
        if f.end <= f.start:
            continue
        i = bisect.bisect_left(kept_starts, f.start)
        # Kept spans never overlap each other, so only the neighbours can overlap ``f``.
        clash = (i > 0 and kept[i - 1].end > f.start) or (i < len(kept) and kept[i].start < f.end)
        if not clash:
            add(f)
            continue
        if f.type not in SOFT_TYPES:
            continue
        for a, b in _uncovered(f.start, f.end, kept, i):
            if text is not None:
                while a < b and not text[a].isalnum():
                    a += 1
                while b > a and not text[b - 1].isalnum():
                    b -= 1
                if (tail := TRAILING_PARTICLE_RE.search(text, a, b)) is not None and tail.start() > a:
                    b = tail.start()  # "João da ⟦Casa Bairro Imobiliária⟧": the person is "João"
            if b > a:
                add(Finding(f.type, a, b, f.score, f.detector, f.kind))
    return kept


def _uncovered(start: int, end: int, kept: list[Finding], i: int) -> list[tuple[int, int]]:
    """The parts of [start, end) that no kept finding covers (``i``: bisect position of start)."""
    j = i - 1 if i > 0 and kept[i - 1].end > start else i
    parts = []
    pos = start
    while j < len(kept) and kept[j].start < end:
        if kept[j].start > pos:
            parts.append((pos, kept[j].start))
        pos = max(pos, kept[j].end)
        j += 1
    if pos < end:
        parts.append((pos, end))
    return parts


def _rule_findings(text: str) -> list[Finding]:
    """Pattern and secret detectors on the text and on its de-obfuscated view, in text offsets."""
    out = find_patterns(text) + find_secrets(text) + find_context_entities(text)
    for view in normalize.views(text):
        for f in find_patterns(view.text) + find_secrets(view.text):
            start, end = view.map_span(f.start, f.end)
            out.append(Finding(f.type, start, end, f.score, f.detector, f.kind))
    return out


_WARM_UP_TEXT = (
    "Call +1 415 555 2671, 020 7946 0958, 030 1234567 or 06 12 34 56 78; mail zoë@example.com; "
    "DOB 1990-01-02; card 4111 1111 1111 1111; IBAN DE89 3704 0044 0532 0130 00; ip 10.0.0.1 "
    "fe80::1; password=hunter22; j\u200bohn [at] example [dot] com; "
)
_warmed = False


def _warm_up() -> None:
    """Load phone metadata, fill the fold caches and touch every detector once per process, so
    the first real request does not pay for it."""
    global _warmed
    if not _warmed:
        _rule_findings(_WARM_UP_TEXT)
        _warmed = True


_BIRTH_WORD_RE = re.compile(
    r"(?i)born|birth|\bdob\b|d\.o\.b|geb\.|geboren|geburt|naiss|\bnée?\b|nacimiento|naci[óo]|nacid[oa]|"
    r"nascimento|nascid[oa]|nascita|\bnat[oa]\b|urodz|geboorte|födelse|fødsel|doğum|\baged?\b|\bage:"
)


def _birth_context(text: str, f: Finding) -> bool:
    """A model's date of birth is kept when it holds a digit (a date, not the word "geboren" after
    it) and a birth word stands near it."""
    if DATE_BOUND_RE.search(text[max(0, f.start - 30) : f.start]):
        return False  # "CHECK (dob > DATE '1900-01-01')": a bound in a schema
    return any(c.isdigit() for c in text[f.start : f.end]) and _BIRTH_WORD_RE.search(
        text, max(0, f.start - 80), min(len(text), f.end + 40)) is not None



_MONTH_WORD_RE = re.compile(
    r"(?<![\w])(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July"
    r"|August|September|October|November|December)(?![\w])")


class _ModelJudge:
    """Whether a model finding in one text can stand: it looks like a name or place where it is
    (``ner.plausible``, lower case forgiven in casual paragraphs), its capitals are evidence
    (``names.unsure_capitalised_word``), and a date is a birth date only near a birth word ("Date:
    May 26, 1985" under a signature is not one). The per-text facts are computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks = casual_blocks(text)
        self.nouns = capitalises_nouns(text)
        self.title_case = title_case_document(text)
        # Names that are words, used as words somewhere in this text: "the Ivy", "my Amber".
        self.as_nouns = {m.group(1) for m in _DETERMINER_NAME_RE.finditer(text)
                         if m.group(1) in AMBIGUOUS_GIVEN_NAMES}
        # Cells of a table under a column of things ("Item", "Product", "Category"): what the column
        # holds is no person or place, whatever its words look like ("Heather (winter flowering)").
        self.thing_cells = list(tabular_fields(text, _THING_COLUMN_RE)) if "\n" in text else []
        # Lines of a menu or a price list, with dot leaders before a price: "Black Tea / Peppermint .. 2.80".
        self.price_lines = [m.span() for m in _PRICE_LINE_RE.finditer(text)] if "\n" in text else []
        # Lines of a recipe: quantities with units ("- 3 Cloves Garlic", "- 2 Tbsp Curry Paste") and the
        # title that says how many it serves. Two such lines make a recipe, whose words name food.
        recipe = [m.span() for m in _RECIPE_LINE_RE.finditer(text)] if "\n" in text else []
        # Or ingredients run on in a line: "Hefeteig: 250 g Mehl, 125 ml Milch, 40 g Butter, 1 TL Salz".
        recipe += [m.span() for m in _LINE_RE.finditer(text) if len(_QUANTITY_RE.findall(m.group(0))) >= 3]
        self.recipe_lines = recipe if len(recipe) >= 2 else []
        # A menu, by its course headings ("STARTERS", "MAINS", "DESSERTS"): its dishes are no parties.
        self.menu = len(_MENU_HEADING_RE.findall(text)) >= 2 if "\n" in text else False
        # The rules of a board or card game ("Players: 2–5. Each turn you draw a Tile"): its named cards,
        # tiles and events ("Royal Surveyor", "Market Day") are no parties, unless the model is sure.
        low = text.lower()
        self.game_rules = (("player" in low or " turn" in low)  # "tokens", "setup", "points" alone are an API's words
                           and len(set(_GAME_WORD_RE.findall(low))) >= 4)
        # A git log: "e3b0c44 Merge branch 'main'": its subjects' words are no places or people.
        self.git_lines = [m.span() for m in _GIT_LOG_LINE_RE.finditer(text)] if "\n" in text else []
        # The cards of a card game: "A King makes the next player draw 2", "Queen reverses direction".
        self.card_game = len({w.lower().rstrip("s") for w in _CARD_WORD_RE.findall(text)}) >= 3
        # Headlines in Title Case, their small words capitalised too ("Why Your Tomato Seedlings Are Leggy",
        # "Light, Water And The Nutrient Film Technique"): capitals there prove nothing.
        self.headlines = [m.span() for m in _LINE_RE.finditer(text) if title_case_line(m.group(0))]
        # A label's list of things: "Colours: Amber, Olive, Rose, Slate", "Flavours: …".
        self.thing_lists = [m.span("list") for m in _THING_LIST_RE.finditer(text)] if ":" in text else []
        # A list of months ("Jan", "Feb", "Mar", …): "Jan" there is January, not a Dutch given name.
        self.months = len({w.lower()[:3] for w in _MONTH_WORD_RE.findall(text)}) >= 3
        # Words spoken of as words: "use the words Frost, Hope, Bloom and Grace", "„Erika", „Rose" oder
        # „Schloss"": a list of words a writer or a learner asks about names nobody.
        self.word_lists = _word_lists(text)
        # Lists of lower-case single words ("- lind\n- rönn\n- hassel"): trees, tags, ingredients.
        self.lower_items = [m.span(1) for m in _LOWER_ITEM_RE.finditer(text)] if "\n" in text else []
        if len(self.lower_items) < 3:
            self.lower_items = []

    def keep(self, f: Finding) -> bool:
        from .ner import plausible

        return (plausible(self.text, f, in_blocks(self.blocks, f.start))
                and not (self.as_nouns and f.detector == "ner" and self._words_used_as_nouns(f))
                and not (f.detector in ("ner", "mention") and _within(self.thing_cells, f))
                and not (f.detector == "ner" and _within(self.price_lines, f))
                and not (f.detector in ("ner", "mention") and _within(self.recipe_lines, f))
                and not (self.word_lists and f.detector in ("ner", "mention") and _within(self.word_lists, f))
                and not (self.headlines and f.detector in ("ner", "mention") and _within(self.headlines, f)
                         and unlisted(self.text[f.start : f.end]))
                and not (self.thing_lists and f.detector in ("ner", "mention") and _within(self.thing_lists, f))
                and not (f.detector == "ner" and self.text[f.start - 1 : f.start] == "#")  # "#NV", "#general"
                and not (self.lower_items and f.detector == "ner" and self._lower_list_word(f))
                and not (self.months and f.detector in ("ner", "mention") and f.type == "PERSON"
                         and _MONTH_WORD_RE.fullmatch(self.text, f.start, f.end) is not None)
                and not (self.card_game and f.detector in ("ner", "mention") and f.type == "PERSON"
                         and _CARD_WORD_RE.fullmatch(self.text, f.start, f.end) is not None)
                and not unsure_capitalised_word(self.text, f, self.nouns)
                and not (self.title_case and f.type in ("PERSON", "LOCATION") and f.detector == "ner"
                         and unlisted(self.text[f.start : f.end]))  # "Lemon Drizzle Loaf", "Zest And Milk"
                and not (f.detector == "ner" and self._common_words(f))
                and not (f.detector in ("ner", "mention") and self._frequent_word_as_thing(f))
                and not (self.nouns and f.detector in ("ner", "mention") and _german_noun(self.text[f.start : f.end]))
                and not (self.menu and f.detector in ("ner", "mention") and f.type in ("PERSON", "ORGANIZATION"))
                and not (self.game_rules and f.detector in ("ner", "mention") and f.score < 0.9)
                and not (f.detector == "ner" and " " not in self.text[f.start : f.end].strip()
                         and _within(self.git_lines, f))
                and not (f.detector == "ner" and f.type == "LOCATION" and _place_heads_a_name(self.text, f))
                and not (f.detector == "ner" and f.type == "LOCATION" and _begins_a_firms_name(self.text, f))
                and (f.type != "DATE_OF_BIRTH" or _birth_context(self.text, f)))


    def _lower_list_word(self, f: Finding) -> bool:
        """A model party that is one whole item of a list of lower-case single words, and no listed
        name: "- hassel" between "- lind" and "- lönn" is a tree (a lower-case "- anna" stays a name)."""
        span = self.text[f.start : f.end]
        return (f.start, f.end) in self.lower_items and span.capitalize() not in FIRST_NAMES \
            and span.capitalize() not in PLACES  # a surname alone is no list item: "hassel" (Hassel) is hazel

    def _frequent_word_as_thing(self, f: Finding) -> bool:
        """One frequent word the model calls an organisation in German-style text, where every noun
        is capitalised ("Ich sitze auf der Bank"), or a party in a quoted value of an SQL or code
        line ("'Algoritmos'", "'Introdução à Estatística'"): a word, not a party."""
        span = self.text[f.start : f.end].strip()
        if " " in span or not (span.lower() in COMMON_EN or span.lower() in COMMON_OTHER) or span in PLACES \
                or span in FIRST_NAMES or span in LAST_NAMES:
            return False
        if f.type == "ORGANIZATION" and self.nouns:
            before = self.text[max(0, f.start - 20) : f.start].split()
            after = self.text[f.end : f.end + 20].split()
            return bool(before) and before[-1].islower() and not (after and after[0][:1].isupper())
        line_start = self.text.rfind("\n", 0, f.start) + 1
        return self.text.count("'", line_start, f.start) % 2 == 1 \
            and _SQL_VALUES_RE.search(line_at(self.text, f.start)) is not None  # inside a quoted value

    def _common_words(self, f: Finding) -> bool:
        """A model person or place made of frequent words that no list knows: a person of words of
        any language ("Spørsmål", "sabah"); a place of one English word ("completing Mathematics
        practice", "in the State of") or of another language's words where only the sentence start
        capitalised them ("Hogyan tudom …"). Venues are named with common words ("Crown Towers"), and
        mid-sentence another language's word may be a place's case form ("z Brna")."""
        span = self.text[f.start : f.end]
        if f.type == "PERSON":  # a person is no place's case form either ("Little Saigon Kitchen")
            return _only_common_words(span, place_forms=False)
        if f.type != "LOCATION":
            return False
        if " " not in span.strip() and span.strip(" .,:;!?").lower() in COMMON_EN:
            return _only_common_words(span)
        return (_SENTENCE_START_RE.search(self.text, max(0, f.start - 8), f.start) is not None
                and _only_common_words(span, english=False))

    def _words_used_as_nouns(self, f: Finding) -> bool:
        """A model span made of names the text also uses as words ("Will the Ivy smother the Rose"
        makes "Rose, Holly, Ivy" plants): the text itself says what they are."""
        words = [w for w in _SPAN_WORD_RE.findall(self.text, f.start, f.end) if w.lower() not in ("and", "or")]
        return bool(words) and any(w in self.as_nouns for w in words) and all(
            w in self.as_nouns or w in AMBIGUOUS_GIVEN_NAMES for w in words)


# A place at the head of a longer name: "the Dublin Dynamos U10", "a Cardiff City away shirt", "Edinburgh
# Sheriff Court", "Round Rock PD". The words after it that still make a place: streets, stations, parts.
_NAME_AFTER_PLACE_RE = re.compile(r"[ \t]+(?P<word>[A-Z][\w'’\-]*)")
_PLACE_CONTINUATIONS = frozenset(
    """Street St Road Rd Avenue Ave Lane Way Drive Square Place Park Airport Station Central Island Islands City Town
    North South East West Upper Lower Old New Bay Beach Harbour Harbor Heights Hill Hills Valley County Province
    District Region Centre Center Mitte Nord Süd Ost Bridge Cross Junction Terminal International Village""".split()
)


def _place_heads_a_name(text: str, f: Finding) -> bool:
    """Whether a model place is the first words of a capitalised name that goes on (a club, a court, a bus
    company): the place alone is then no finding; the name is the rules' or nobody's."""
    if text[f.start : f.end] not in PLACES:
        return False  # only a known place: the model's own span of an unknown name may be the name's head
    m = _NAME_AFTER_PLACE_RE.match(text, f.end)
    if m is None:
        return False
    word = m.group("word")
    return not (word in _PLACE_CONTINUATIONS or word in PLACES or word in TOWNS or word.isdigit()
                or (len(word) <= 3 and word.isupper() and word not in ("PD", "FC", "AFC", "CC", "FD", "SC")))


# Endings of German abstract and compound nouns, which no given name, surname or place ends in at this
# length: "Anzahlung", "Herzinsuffizienz", "Wohngemeinschaft" (not "Jung", "Leung", "Lorenz").
_GERMAN_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "ismus", "ität", "tion", "sion", "nahme", "insuffizienz",
                        "ierung", "erei", "gebühr", "versicherung", "rechnung")


def _german_noun(span: str) -> bool:
    """One long capitalised word with a German noun's ending, on no list of names or places."""
    return (" " not in span and len(span) >= 8 and span.endswith(_GERMAN_NOUN_ENDINGS) and span not in FIRST_NAMES
            and span not in LAST_NAMES and span not in PLACES and span not in TOWNS)


# The last word of a firm's or an institution's name: "Lackawanna Valley Animal Rescue", "Ohio Valley Glass
# Company" (venues such as hotels, kitchens and outdoor centres are places, and not here).
_FIRM_ENDS = COMPANY_WORDS | frozenset(
    """rescue roasters senter deli pizzeria bakery clinic hospital school society trust
    association club pd council practice surgery pharmacy academy college university foundation charity sistemi
    gayrimenkul""".split())
_FIRM_RUN_RE = re.compile(r"(?:[ \t]+(?:&[ \t]+)?[A-Z][\w'’\-]*){1,3}")


def _begins_a_firms_name(text: str, f: Finding) -> bool:
    """Whether a model place is the first words of a firm's or an institution's name that goes on after it
    on the same line and ends in the word of its kind ("⟦Lackawanna Valley⟧ Animal Rescue")."""
    m = _FIRM_RUN_RE.match(text, f.end)
    return m is not None and m.group(0).split()[-1].lower().strip("'’") in _FIRM_ENDS


_PRICE_LINE_RE = re.compile(
    r"(?m)^(?![ \t]*\d{1,4}[/.\-]\d)[^\n]*?(?:[ \t]?\.{2,}[ \t]*|[ \t]{2,})[£$€]?\d+[.,]\d{1,2}[ \t]*$"
)  # (not a statement's line, which starts with its date and names a payee)
_RECIPE_UNITS = (
    "g|kg|mg|ml|l|dl|cl|oz|lb|lbs|tbsp|tbs|tsp|cups?|cloves?|tins?|cans?|jars?|thumbs?|pinch(?:es)?|handfuls?|bunch(?:es)?"
    "|slices?|sprigs?|sticks?|heads?|pieces?|stalks?|leaves|knobs?|dash(?:es)?|drops?|packs?|packets?|sachets?|large|small"
    "|medium|el|tl|msk|tsk|ss|ts|cucharadas?|cucharaditas?|cuill[eè]res?|dientes?|gousses?|spicchi|teaspoons?|tablespoons?"
)
_RECIPE_LINE_RE = re.compile(
    rf"(?im)^[ \t]*(?:[-*•][ \t]*)?(?:\d+(?:[.,/]\d+)?|[½¼¾⅓⅔])[ \t]*(?:x[ \t]*)?(?:{_RECIPE_UNITS})\.?[ \t]+[^\n]+$"
    r"|^[^\n]*\((?:serves|makes|for)[ \t]+\d+[^\n]*\)[ \t]*$"
)
_SQL_VALUES_RE = re.compile(r"(?i)\bvalues\b|^\s*\(\s*'|insert\s+into")
_QUANTITY_RE = re.compile(rf"(?i)(?<![\w.])\d+(?:[.,/]\d+)?[ \t]*(?:{_RECIPE_UNITS})\.?(?![\w])")
_LINE_RE = re.compile(r"[^\n]+")
_MENU_HEADING_RE = re.compile(
    r"(?im)^[ \t#*_]*(?:starters|mains|main courses|desserts|sides|drinks|appetizers|appetisers|entrées|entrees"
    r"|antipasti|primi|secondi|dolci|vorspeisen|hauptgerichte|nachspeisen|entrantes|postres|principales"
    r"|voorgerechten|hoofdgerechten|nagerechten|plats|entrées chaudes|förrätter|varmrätter|efterrätter)[ \t:*_]*$"
)
_GAME_WORD_RE = re.compile(
    r"\b(?:players?|each turn|your turn|draw|deck|discard|tiles?|dice|die roll|score|points|round|hand size|board game"
    r"|card game|winner|wins the game|victory points|spaces?|tokens?|meeples?|setup|game ends)\b"
)
_GIT_LOG_LINE_RE = re.compile(r"(?m)^[ \t*|]*(?=[0-9a-f]{0,39}\d)(?=[0-9a-f]{0,39}[a-f])[0-9a-f]{7,40}[ \t]+\S[^\n]*$")
_CARD_WORD_RE = re.compile(r"\b(?:King|Queen|Jack|Ace|Joker)s?\b")
# Table columns of things, not people or places.
_THING_COLUMN_RE = re.compile(
    r"(?i)^(?:item|items|item_?name|product|products|product_?name|sku|category|categories|type|kind|description"
    r"|colou?r|flavou?r|variety|varieties|plant|plants|species|material|model|genre|dish|ingredient|food|breed"
    r"|artikel|produkt|produit|producto|prodotto|categorie|categoría|categoria|kategorie|kategoria|descripción"
    r"|descripcion|descrição|descricao|beschreibung|omschrijving|descrizione|articolo|artículo|articulo|bezeichnung)$"
)
# A capitalised word after a lower-case determiner: "the Ivy", "my Amber".
_DETERMINER_NAME_RE = re.compile(r"(?<![\w])(?:the|a|an|my|your|our|this|that|these|those|another|each|every|any)[ \t]+([A-Z][a-z]+)\b")
_SPAN_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")


_THING_LIST_RE = re.compile(
    r"(?im)^[ \t\-*•]*(?:colou?rs?|colou?r ?ways?|flavou?rs?|sizes?|materials?|finish(?:es)?|scents?|varieties|tags"
    r"|categories|farben|couleurs|colores|colori|kleuren|färger|farver|farger)[ \t]*:[ \t]*(?P<list>[^\n]+)$"
)
# "the words Frost, Hope, Bloom and Grace", "die Wörter „Rose" und „Strauß"": the list after a word for words.
_WORD_LIST_RE = re.compile(
    r"(?i:\b(?:words?|terms?|nouns?|adjectives?|verbs?|wörter|wort|begriffe?|mots?|palabras?|parole|parola|woorden"
    r"|woord|orden|ordene|orden|słowa|słowo|termos?|palavras?))[ \t]*:?[ \t]+"
    r"(?P<list>(?:[\"“„«‘']?[^\W\d_][\w\-]*[\"”“»’']?)(?:(?:,[ \t]*|[ \t]+(?:and|or|und|oder|et|ou|y|o|e|en|of)[ \t]+)"
    r"[\"“„«‘']?[^\W\d_][\w\-]*[\"”“»’']?){2,})"
)
# Three or more typographically quoted single words in a row: „Erika", „Rose", „Strauß" oder „Schloss".
_QUOTED_WORDS_RE = re.compile(
    r"[„“«‘][^\W\d_][\w\-]*[\"”“»’](?:(?:,[ \t]*|[ \t]+(?:and|or|und|oder|et|ou|y|o|e|en|of)[ \t]+|,[ \t]*"
    r"(?:and|or|und|oder|et|ou|y|o|e|en|of)[ \t]+)[„“«‘][^\W\d_][\w\-]*[\"”“»’]){2,}"
)
# One lower-case word alone on a list item: "- hassel".
_LOWER_ITEM_RE = re.compile(r"(?m)^[ \t]*[-*•][ \t]+([a-zß-ÿåäöæøœ][a-zß-ÿåäöæøœ'’\-]*)[ \t]*$")


def _word_lists(text: str) -> list[tuple[int, int]]:
    """Spans of lists of words spoken of as words (see ``_WORD_LIST_RE``, ``_QUOTED_WORDS_RE``)."""
    spans = [m.span("list") for m in _WORD_LIST_RE.finditer(text)]
    if "„" in text or "“" in text or "«" in text or "‘" in text:
        spans += [m.span() for m in _QUOTED_WORDS_RE.finditer(text)]
    return spans


def _with_repeats(text: str, merged: list[Finding]) -> list[Finding]:
    """``merged`` with the other mentions of its names (``mentions``); a repeat on exactly the
    words of a model finding replaces it."""
    repeats = find_repeated_mentions(text, merged)
    if not repeats:
        return merged
    spans = {(r.start, r.end) for r in repeats}
    return sorted([*(f for f in merged if (f.start, f.end) not in spans), *repeats], key=lambda f: (f.start, f.end))


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class _LRU:
    """A thread-safe bounded mapping, least recently used out first."""

    def __init__(self, size: int) -> None:
        self._size = max(0, size)
        self._data: OrderedDict[bytes, tuple[Finding, ...]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: bytes) -> tuple[Finding, ...] | None:
        with self._lock:
            v = self._data.get(key)
            if v is not None:
                self._data.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
            return v

    def put(self, key: bytes, value: tuple[Finding, ...]) -> None:
        if self._size == 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._size:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)

    @property
    def hit_rate(self) -> float:
        looked = self.hits + self.misses
        return self.hits / looked if looked else 0.0


_STOP = object()
_PRELOAD = object()


class Engine:
    """Classifies text segments; see ``docs/internals.md`` for the contract.

    ``model_dir``: a Hugging Face token-classification directory. ``None`` means the bundled
    ``models/warden-ner`` when it exists, otherwise no NER (rules only). An explicit directory
    that does not exist is an error, because silently classifying without NER would let names and
    addresses through under a policy that expects them to be caught. ``preload`` starts loading
    the model on the worker thread at once (otherwise on first use); a model that fails to load
    makes every classification raise, so the gateway fails closed. ``processes`` runs the rule
    detectors in that many worker processes (see ``pool.py``); 0 runs them on the calling thread.
    """

    def __init__(self, model_dir: str | Path | None = None, *, use_ner: bool = True,
                 cache_size: int = 8192, preload: bool = True, processes: int = 0) -> None:
        if processes < 0:
            raise ValueError("processes must be 0 (rules in this process) or more")
        self._cache = _LRU(cache_size)
        self._pool = RulePool(processes) if processes else None
        self._ner: NerModel | None = None
        self._ner_dir: Path | None = None
        self._ner_lock = threading.Lock()
        if use_ner:
            if model_dir is not None:
                path = Path(model_dir)
                if not (path / "config.json").is_file():
                    raise FileNotFoundError(f"NER model directory {path} has no config.json")
                self._ner_dir = path
            else:
                default = default_model_dir()
                if (default / "config.json").is_file():
                    self._ner_dir = default
                else:
                    log.info("no NER model at %s: classifying with rules only", default)
        _warm_up()
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._worker_lock = threading.Lock()
        self._closed = False
        if self._pool is not None and preload:
            self._pool.start()
        if self._ner_dir is not None and preload:
            # Load the model on the worker thread now, so the first request does not wait for it
            # and the caller (mitmproxy's configure hook) is not blocked while it loads.
            self._ensure_worker()
            self._queue.put(_PRELOAD)

    # --- public API ---------------------------------------------------------------------------

    @property
    def ner_enabled(self) -> bool:
        return self._ner_dir is not None

    @property
    def cache_hit_rate(self) -> float:
        """Share of segments answered from the cache (a resent chat history is mostly hits)."""
        return self._cache.hit_rate

    @property
    def model_dir(self) -> Path | None:
        return self._ner_dir

    def classify(self, text: str) -> list[Finding]:
        """Findings in one text, code-point offsets into ``text`` as given."""
        return self.classify_many([text])[0]

    def classify_many(self, texts: Sequence[str]) -> list[list[Finding]]:
        """Findings for each text; texts not in the cache share one batched model call."""
        results: list[tuple[Finding, ...] | None] = []
        missing: dict[bytes, list[int]] = {}
        for i, text in enumerate(texts):
            k = _key(text)
            hit = self._cache.get(k)
            results.append(hit)
            if hit is None:
                missing.setdefault(k, []).append(i)
        if missing:
            todo = [texts[idx[0]] for idx in missing.values()]
            fresh = self._classify_uncached(todo)
            for (k, idx), found in zip(missing.items(), fresh, strict=True):
                self._cache.put(k, found)
                for i in idx:
                    results[i] = found
        return [list(r) if r is not None else [] for r in results]

    async def aclassify_many(self, texts: Sequence[str]) -> list[list[Finding]]:
        """``classify_many`` off the event loop; concurrent callers are batched together."""
        if self._closed:
            raise RuntimeError("engine is closed")
        texts = list(texts)
        if not texts:
            return []
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[list[list[Finding]]] = loop.create_future()
        self._ensure_worker()
        self._queue.put((texts, loop, fut))
        return await fut

    def close(self) -> None:
        """Stop the worker thread and release the model. Idempotent."""
        if self._closed:
            return
        self._closed = True
        with self._worker_lock:
            worker = self._worker
            self._worker = None
        if worker is not None:
            self._queue.put(_STOP)
            worker.join(timeout=30)
        with self._ner_lock:
            self._ner = None
        if self._pool is not None:
            self._pool.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals ----------------------------------------------------------------------------

    def _classify_uncached(self, texts: list[str]) -> list[tuple[Finding, ...]]:
        # With a pool the rules run in its processes while the model reads the texts here.
        rules = self._pool.submit(texts) if self._pool is not None else None
        ner = self._get_ner()
        if ner is not None:
            # The model reads the lightly cleaned view (zero-width and homoglyph tricks undone)
            # in place of the text, so it runs once per text, and its spans map back.
            nviews = [normalize.ner_view(t) for t in texts]
            inputs = [v.text if v is not None else t for v, t in zip(nviews, texts, strict=True)]
            with self._ner_lock:
                ner_results = ner.predict(inputs)
        per_text = rules() if rules is not None else [_rule_findings(t) for t in texts]
        judges: list[_ModelJudge | None] = [None] * len(texts)
        if ner is not None:
            for i, (found, text, v, extra) in enumerate(zip(per_text, texts, nviews, ner_results, strict=True)):
                judge = judges[i] = _ModelJudge(text)
                # What a cue typed ("atendente Wellington", "Herr Paris") the model may not retype.
                cue_types = {(g.start, g.end): g.type for g in found
                             if g.type in SOFT_TYPES and g.detector == "pattern" and g.score >= CUE_TYPE_SCORE}
                # A place or person inside an organisation a rule named ("Colegio de Abogados de
                # ⟦Sevilla⟧", "⟦Bergen⟧ Parkering") is part of that name, not an entity of its own.
                orgs = [(g.start, g.end) for g in found if g.type == "ORGANIZATION" and g.detector == "pattern"
                        and g.score >= ORG_RULE_SCORE]
                # Likewise a person inside a venue or an address a rule named ("Residenza ⟦Le Magnolie⟧",
                # "Via ⟦Carlo Farini⟧ 27"): the street or the house is named after someone.
                sites = [(g.start, g.end) for g in found if g.type == "LOCATION" and g.detector == "pattern"
                         and g.score >= SITE_RULE_SCORE]
                # The payee of a bank statement's line that the statement rules read: "BLUEWAVE ELECTRONICS
                # RENO NV" is a merchant and its branch's town, not the model's "RENO NV" company.
                payees = [(a, b) for a, b in statement_payees(text)
                          if any(g.start < b and a < g.end for g in found)]
                for f in extra:
                    if v is not None:
                        a, b = v.map_span(f.start, f.end)
                        f = Finding(f.type, a, b, f.score, f.detector, f.kind)
                    # Judged before the merge too: a span the filters drop must not first push
                    # a rule's finding of the same words out of the merge.
                    if orgs and f.type in ("LOCATION", "PERSON") and _inside(orgs, f.start, f.end):
                        continue
                    if sites and f.type == "PERSON" and _inside(sites, f.start, f.end):
                        continue
                    if payees and _within(payees, f):
                        continue
                    if judge.keep(f):
                        f = retype(text, f)
                        if (cue := cue_types.get((f.start, f.end))) is not None and cue != f.type \
                                and not _sure_given_name(text, f):
                            f = Finding(cue, f.start, f.end, f.score, f.detector, f.kind)
                        found.append(f)
        out = []
        for found, text, judge in zip(per_text, texts, judges, strict=True):
            merged = merge_findings(found, text)
            if judge is not None:
                # A model span trimmed around a card or an IBAN ("PAN 5425 …" → "PAN") must
                # still look like a name on its own, and is typed again: "Chloe 0401 552 846"
                # → "Chloe" may only now look like a name.
                merged = [retype(text, f) if f.detector == "ner" else f
                          for f in merged if f.detector != "ner" or judge.keep(f)]
            merged = _with_repeats(text, merged)
            for _ in range(3):  # names beside names ("Rowan + Grace"), their other mentions, their neighbours
                coordinated = find_coordinated_names(text, merged)
                if not coordinated:
                    break
                merged = _with_repeats(text, sorted([*merged, *coordinated], key=lambda f: (f.start, f.end)))
            out.append(tuple(merged))
        return out

    def _get_ner(self) -> NerModel | None:
        if self._ner_dir is None:
            return None
        with self._ner_lock:
            if self._ner is None:
                from .ner import NerModel  # transformers/torch load only when a model is used

                self._ner = NerModel(self._ner_dir)
            return self._ner

    def _ensure_worker(self) -> None:
        with self._worker_lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run_worker, name="warden-classify",
                                                daemon=True)
                self._worker.start()

    def _run_worker(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if item is _PRELOAD:
                try:
                    self._get_ner()
                except Exception:  # noqa: BLE001 - raised again, to the caller, on first use
                    log.exception("loading the NER model from %s failed", self._ner_dir)
                continue
            batch = [item]
            stop = False
            # Everything that queued up while the previous batch ran goes into this one.
            while True:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is _STOP:
                    stop = True
                    break
                if nxt is _PRELOAD:
                    continue
                batch.append(nxt)
            self._serve(batch)
            if stop:
                return

    def _serve(self, batch: list[tuple[list[str], asyncio.AbstractEventLoop, asyncio.Future[Any]]]) -> None:
        all_texts = [t for texts, _, _ in batch for t in texts]
        try:
            results = self.classify_many(all_texts)
        except BaseException as exc:  # noqa: BLE001 - handed to every waiting caller
            for _, loop, fut in batch:
                _deliver(loop, _set_exception, fut, exc)
            return
        pos = 0
        for texts, loop, fut in batch:
            part = results[pos : pos + len(texts)]
            pos += len(texts)
            _deliver(loop, _set_result, fut, part)


def _set_result(fut: asyncio.Future[Any], value: Any) -> None:
    if not fut.done():
        fut.set_result(value)


def _set_exception(fut: asyncio.Future[Any], exc: BaseException) -> None:
    if not fut.done():
        fut.set_exception(exc)


def _deliver(loop: asyncio.AbstractEventLoop, fn: Any, fut: asyncio.Future[Any], value: Any) -> None:
    """Resolve a caller's future on its own loop; a loop that has gone away has nobody waiting."""
    try:
        loop.call_soon_threadsafe(fn, fut, value)
    except RuntimeError:
        pass
