"""Places named without a street address: known places after a cue, without a cue, and in a
letter's date line.

The gazetteer (``_places.py``: countries, US states, cities of 50,000+ people, generated from
GeoNames) knows the names; the text decides whether a word is one here:

* after a preposition or a possessive with "office"/"clinic" ("moved to Vienna", "our Lagos
  office", "w Poznaniu"), also in lower case after a firm cue ("from thessaloniki"), without its
  accents ("Bogota") or as a district ("Zwolle-Zuid");
* without a cue when it stands apart from other capitalised words and is no person's name
  ("citing Massachusetts law");
* as the place of a letter's date line ("Porto, 2 de maio de 2024");
* after a birth or residence word ("nato il 11/03/1961 a Partinico", "wohnhaft in Bad Tölz"), known
  or not;
* as a street named by its street-type ending or word ("aan de Herestraat kant", "from Coombe Lane");
* with a Turkish case ending ("Bursa'dan") or as a hyphenated saint's place ("Saint-Quentin-Fallavier");
* as a venue named by its kind: "Hotel Miradouro da Graça", "Bar La Tertulia", "The Brackenridge
  Hotel", "Café De Drie Uiltjes" — a place people meet, whatever the model calls it.

Gazetteer names that are as often words or given names (``AMBIGUOUS_PLACES``: "Reading", "Como",
"Sydney") count only where a cue makes them places.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..types import Finding
from ._common import COMMON_EN, COMMON_OTHER
from ._names import FIRST_NAMES, LAST_NAMES
from ._places import PLACES as _PLACES
from ._places import TOWNS as _TOWNS
from .words import AMBIGUOUS_PLACES as _AMBIGUOUS_PLACES
from .inflection import case_languages
from .names import title_case_line
from .words import (CLUB_SUFFIXES, TRAVEL_TO_RE, WEEKDAYS, FUNCTION_WORDS, GREETING_WORDS, IRISH_COUNTIES, MONTHS_DAYS, NOT_NAMES, TECH_PLATFORMS, after_capitalised_word,
                    fold_accents, line_at, starts_word)

__all__ = ["find_places", "find_bare_places", "find_dateline_places", "find_framed_places", "find_site_places",
           "find_venues", "find_home_places", "find_place_fields",
           "find_street_names", "find_inflected_places", "find_place_lists", "known_place_name",
           "find_comma_towns", "find_country_abbreviations", "find_attributive_places",
           "find_site_known_places", "find_natural_places"]

DETECTOR = "pattern"


_PLACE_PREP_RE = re.compile(
    r"(?<![\w])(?:(?:in|from|near|to|at|via|nach|aus|bei|von|à|en|em|w|we|v|ve|z|ze|do|de|da|di|a|naar|uit|till|från|il"
    # travel verbs name the place without a preposition: "land Haneda 06:40", "visiting Nara", "arrive Lisbon"
    r"|land|lands|landing|arrive|arrives|arriving|depart|departs|departing|visit|visits|visiting|visited|reach|reaching"
    r"|nel|nella|desde|hacia|hasta|vers|depuis|près de|dalla|dal|vicino a|perto de|i|til|fra|mot|på"
    # Icelandic, South Slavic, Albanian, Tagalog, Malay/Indonesian, Afrikaans, Swahili, Romanian, Baltic
    r"|í|á|frá|u|iz|kod|na|në|sa|ke|op|katika|în|ở|į|iš|pie|uz"
    r"|στη|στην|στο|στον|από|в|из|у)[ \t]+"  # Greek and Cyrillic: "στη Θεσσαλονίκη", "в Киеве"
    r"|d['’](?=[A-ZÀ-Þ]))"  # French elision: "la mairie d'Arras", "près d’Annecy"
    r"(?P<place>[^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*){0,2})"
)
# Cues after which a town that is also a given name is the town: one is in a person only in a
# figure of speech. ("to" alone is said to people: "to Fitzroy" is a town after a verb of travel.)
_STRONG_CUE_RE = re.compile(r"(?:in|near|nach|naar|w|we|v|ve|на|в|во|до|på|í|katika)[ \t]")
_PLACE_OFFICE_RE = re.compile(
    r"(?:(?<![\w])(?:our|the|your|their|unserer|unserem|unsere|notre|nuestra|nuestro|nostro|nostra|nosso|nossa)[ \t]+"
    r"|,[ \t]*)"
    r"(?P<place>[^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*){0,2})[ \t]+"
    r"(?:office|offices|clinic|branch|store|shop|site|warehouse|campus|hq|headquarters|plant|factory"
    r"|location|depot|hub|facility|team|agency|Büro|Filiale|Niederlassung|Standort|oficina|sucursal|şube|şubesi|şubeniz"
    r"|sede|filiale|ufficio|agence|bureau|kantoor|vestiging|escritório|loja)(?![\w])"
)


# Polish names places in the locative after "w"/"we" and the genitive after "z"/"do": "w Poznaniu"
# (Poznań), "w Warszawie" (Warszawa), "w Krakowie" (Kraków), "z Gdańska" (Gdańsk).
_PL_ENDINGS = (("niu", "ń"), ("owie", "ów"), ("owa", "ów"), ("iu", ""), ("ia", ""), ("ie", "a"), ("ie", ""), ("ach", "e"),
               ("em", "e"),  # adjectival names: "w Zakopanem" (Zakopane)
               ("u", ""), ("a", ""), ("y", "a"), ("i", "a"), ("ji", "ja"), ("ii", "ia"), ("y", ""),
               ("ě", "a"), ("ě", "o"), ("ích", "e"),  # Czech: "v Jihlavě" (Jihlava), "v Brně" (Brno)
               ("ce", "ka"), ("dze", "ga"), ("rze", "ra"),  # "w Wieliczce" (Wieliczka), "w Pradze" (Praga)
               ("u", "e"), ("u", "o"))  # Slovene and Croatian: "v Celju" (Celje), "u Sarajevu" (Sarajevo)
# Forms no ending rule reaches: "w Łodzi" (Łódź), "w Polsce" (Polska), "w Niemczech" (Niemcy).
_PL_IRREGULAR = frozenset("Łodzi Łodzią Polsce Niemczech Czechach Włoszech Węgrzech Zielonej Górze Opolu Praze".split())


_fold = fold_accents  # people type "Thessaloniki", "Bogota", "Malaga"


# Known places by their folded spelling, for names written without their accents.
_FOLDED_PLACES = frozenset(_fold(p) for p in _PLACES if p not in _AMBIGUOUS_PLACES)


def _place_form(cand: str) -> bool:
    """Whether ``cand`` names a known place as written, without its accents, in lower case
    (``toronto``) or as a Polish inflected form."""
    if cand in _PLACES:
        return cand[0].isupper() and cand not in _AMBIGUOUS_PLACES
    if "The " + cand in _PLACES:
        return True  # "in the Netherlands", "the Gambia": the gazetteer keeps the article
    if cand + "ς" in _PLACES:
        return True  # Greek accusative and genitive drop the final sigma: "στον Πειραιά" (Πειραιάς)
    if cand.islower():
        return False  # lower-case forms are judged by ``_lower_place`` with their cue
    if cand[:1].isupper() and cand.isascii() and _fold(cand) in _FOLDED_PLACES and cand not in _AMBIGUOUS_PLACES:
        return True
    head, sep, rest = cand.partition("-")
    if sep and rest[:1].isupper() and head in _PLACES and head not in _AMBIGUOUS_PLACES:
        return True  # a district: "Zwolle-Zuid", "Duisburg-Ruhrort", "Berlin-Mitte"
    if cand[:1].isupper() and " " not in cand:
        if cand in _PL_IRREGULAR:
            return True
        if any(cand.endswith(end) and cand[: len(cand) - len(end)] + base in _PLACES
               for end, base in _PL_ENDINGS if len(cand) - len(end) >= 3):
            return True
        hu = _HU_ENDING_RE.search(cand)
        return hu is not None and hu.start() >= 4 and any(
            cand[: len(cand) - len(end)] in _PLACES for end in _HU_ENDINGS if cand.endswith(end))
    return False


# Hungarian case endings on a well-known place: "Budapesten", "Debrecenben", "Győrből".
_HU_ENDINGS = ("ban", "ben", "ból", "ből", "ba", "be", "on", "en", "ön", "ra", "re", "ról", "ről", "hoz", "hez",
               "höz", "nál", "nél", "tól", "től", "ig")
_HU_ENDING_RE = re.compile("(?:" + "|".join(_HU_ENDINGS) + r")\Z")


# Cues firm enough for a place written in lower case ("flying in from thessaloniki"); "de",
# "a", "w" also join names ("xavier de sousa") and phrases ("registra a saída").
_ORG_AFTER_RE = re.compile(
    r"(?i)[ \t]*(?:&|\+|(?:public[ \t]+)?(?:library|university|hospital|clinic|analytics|gmbh|ltd|inc|bank|"
    r"consulting|partners|group|solutions|systems|labs|council|college|school|elementary|primary|academy"
    r"|kindergarten|preschool|airport|station)\b)"
)
_LOWER_PLACE_CUES = frozenset("in from to near at nach aus naar uit till från desde hacia vers depuis".split())


def _lower_place(cue: str, cand: str) -> bool:
    """A known place of five letters or more written in lower case, after a firm cue."""
    title = cand.title()
    if cue.lower() not in _LOWER_PLACE_CUES or len(cand) < 5 or title in _AMBIGUOUS_PLACES:
        return False
    if title in _PLACES or _fold(title) in _FOLDED_PLACES:
        return True
    # A smaller town or district ("in hackney", "out at bondi") when it is no word and no name.
    return (len(cand) >= 6 and title in _TOWNS and cand not in COMMON_EN and cand not in COMMON_OTHER
            and title not in FIRST_NAMES and title not in LAST_NAMES)


_LOWER_RUN_RE = re.compile(r"[a-zß-ÿ]+(?:-[a-zß-ÿ]+)*(?:[ \t]+[a-zß-ÿ]+(?:-[a-zß-ÿ]+)*){0,2}")


def _lower_place_span(text: str, start: int, cue: str) -> tuple[int, int] | None:
    """A place written in lower case at ``start`` after ``cue``: a known place of two or three
    words ("from santa rosa"), or one word that ``_lower_place`` accepts ("in coogee")."""
    run = _LOWER_RUN_RE.match(text, start)
    if run is None or cue.lower() not in _LOWER_PLACE_CUES:
        return None
    words = run.group(0).split()
    for n in range(min(len(words), 3), 0, -1):
        title = " ".join(words[:n]).title()
        if n == 1 and "-" not in title:
            break  # one plain word: ``_lower_place`` below judges it, with its cue
        if title in _PLACES and title not in _AMBIGUOUS_PLACES:
            return start, start + len(" ".join(words[:n]))
    return (start, start + len(words[0])) if _lower_place(cue, words[0]) else None


def _town_form(cand: str, *, names_ok: bool = False) -> bool:
    """A smaller town, as written or in a Polish/Czech case form, that is no word and (unless
    ``names_ok``, after a cue no person takes) no given name."""
    if cand in _TOWNS:
        return ((names_ok or cand not in FIRST_NAMES) and cand not in _AMBIGUOUS_PLACES and cand.lower() not in FUNCTION_WORDS
                and cand.lower() not in NOT_NAMES and cand.lower() not in MONTHS_DAYS)
    if cand[:1].isupper() and " " not in cand and not cand.isupper():
        return any(cand.endswith(end) and cand[: len(cand) - len(end)] + base in _TOWNS
                   for end, base in _PL_ENDINGS if len(cand) - len(end) >= 4)
    return False


def known_place_name(cand: str) -> bool:
    """Whether ``cand`` as a whole names a known place or a smaller town that is no word or given name."""
    return _place_form(cand) or _town_form(cand)


def _known_place(text: str, start: int, end: int, *, towns: bool = False,
                 names_ok: bool = False) -> tuple[int, int] | None:
    """The longest run of leading words of ``text[start:end]`` that names a known place (or, with
    ``towns``, a smaller town: after a place preposition or in a date line)."""
    words = list(re.finditer(r"\S+", text[start:end]))
    for n in range(len(words), 0, -1):
        cand = text[start + words[0].start() : start + words[n - 1].end()].rstrip(".,;:!?")
        if _place_form(cand) or (towns and _town_form(cand, names_ok=names_ok)):
            return start + words[0].start(), start + words[0].start() + len(cand)
    return None


# A road by its number, after a word of travelling on it: "on I-10", "near Route 9", "on the A702",
# "off the M25". ("A4" paper, "B12", an "I-9 form" have no such word before them.)
_ROAD_RE = re.compile(
    r"(?<![\w])(?:on|off|near|along|via|take|took|down|up|onto|exit|from|joined|crossed)[ \t]+"
    r"(?:(?:the[ \t]+)?(?P<road>I-\d{1,3}|(?:Route|State Highway|National Highway|Highway|Hwy|Interstate|State Route|SR|SH"
    r"|NH)[ \t]+\d{1,4}[A-Z]?)"
    r"|the[ \t]+(?P<uk>[AMN]\d{1,4}(?:\([AM]\))?))"  # a British road number takes "the": "on the A702", not "on A4 paper"
    r"(?![\w\-])"
)


def find_places(text: str) -> Iterator[Finding]:
    """Countries, US states and cities of 50k+ people after "in"/"from"/"nach"/"à"... or before
    "office"/"clinic"/"branch": "our Lagos office", "I'm in Ohio", "de Medellín"; roads by number."""
    if any(c.isdigit() for c in text):
        for m in _ROAD_RE.finditer(text):
            g = "road" if m.group("road") else "uk"
            yield Finding("LOCATION", m.start(g), m.end(g), 0.75, DETECTOR)
    for rx, score in ((_PLACE_PREP_RE, 0.7), (_PLACE_OFFICE_RE, 0.75)):
        # Matches may overlap: the words after one cue can hold the next cue ("to extend it to
        # Sheffield", "at Brookfield Primary in Leicester"), so each search resumes at the words.
        pos = 0
        while (m := rx.search(text, pos)) is not None:
            pos = m.start("place")
            if text[m.start()] != "," and (not starts_word(text, m.start()) or not text[m.start()].islower()):
                continue  # "In Reading …" at a sentence start is too often a title
            pstart = m.start("place")
            if text.startswith("the ", pstart):
                pstart += 4  # "in the Netherlands", "from the Philippines"
            span = _known_place(text, pstart, m.end("place"), towns=True)
            if span is None and (_STRONG_CUE_RE.match(text, m.start()) or (
                    text.startswith("to", m.start()) and TRAVEL_TO_RE.search(text, max(0, m.start() - 16), m.start() + 3))):
                # "in Fitzroy", "gets you to Fitzroy": a town named like a person, where no person stands
                span = _known_place(text, pstart, m.end("place"), towns=True, names_ok=True)
                if span is not None and span[1] - span[0] < 4:
                    span = None
            if span is None:
                span = _lower_place_span(text, m.start("place"), m.group(0).split()[0])
                if span is None:
                    continue
            a, b = span
            if text[a:b].lower() in TECH_PLATFORMS:
                continue  # "dbt models in Snowflake": a platform, though a town has its name
            if _ORG_AFTER_RE.match(text, b):
                continue  # "at uppsala public library", "from Palma & Asociados": an organisation
            if text[b : b + 1] in "._/:(" and text[b + 1 : b + 2].isalnum():
                continue  # "at Pool.acquire (node_modules/…)": code, not a place
            if re.match(r"[ \t]+[A-Z][\w'’\-]*", text[b : b + 30]) and not text[b:].startswith((" and ", " y ", " und ", " et ")):
                continue  # "from Harrow Partners", "from Santander Consumer": part of a longer name
            # "Porto, Portugal": a second known place after a comma belongs to the same mention.
            nxt = re.match(r",[ \t]+([^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*){0,2})", text[b : b + 40])
            if nxt:
                more = _known_place(text, b + nxt.start(1), b + nxt.end(1), towns=True)  # "Rosthern, Saskatchewan"
                if more:
                    b = more[1]
            yield Finding("LOCATION", a, b, score, DETECTOR)


# A capitalised run of one to three words (joined by spaces or hyphens) that may name a place.
_CAP_RUN_RE = re.compile(r"(?<![\w@#/\\.\-])(?![a-zß-ÿ])[^\W\d_][\w'’]*(?:[ \-](?![a-zß-ÿ])[^\W\d_][\w'’]*){0,2}")


# The place line of a letter: "Porto, 2 de maio de 2024", "Wien, 15.01.2024", "Lyon, le 3 mars 2024".
_DATELINE_RE = re.compile(
    r"(?m)^[ \t]*(?P<place>(?![a-zß-ÿ])[^\W\d_][\w'’\-]*(?:[ \t][^\W\d_][\w'’\-]*){0,2}),[ \t]+"
    r"(?:(?:den|le|il|el|am|d\.|dnia|the)[ \t]+)?\d{1,2}(?:[./\-]\d{1,2}[./\-]\d{2,4}|\.?[ \t]+[^\W\d_]+)"
)


def find_dateline_places(text: str) -> Iterator[Finding]:
    """The place of a letter's date line, when it is a known place."""
    for m in _DATELINE_RE.finditer(text) if "," in text else ():
        if _place_form(m.group("place")) or _town_form(m.group("place")):
            yield Finding("LOCATION", m.start("place"), m.end("place"), 0.75, DETECTOR)


# Two firm frames for a known place or town, also one that is as often a word or a name: the town
# after an employer and before the years of a CV line ("Thames Valley Water, Reading (2018–2021)"),
# and the ends of a journey around an arrow ("Porto→Funchal", "Nynäshamn 07:35 → Visby 10:50").
# One to three capitalised words: a place's name in a frame, an item of a list of names.
_CAP_NAME = r"(?![a-zß-ÿ])[^\W\d_][\w'’\-]*(?:[ \t](?![a-zß-ÿ])[^\W\d_][\w'’\-]*){0,2}"
_LETTERS_NAME = r"(?![a-zß-ÿ])[^\W\d_](?:[^\W\d_]|['’\-])*(?:[ \t](?![a-zß-ÿ])[^\W\d_](?:[^\W\d_]|['’\-])*){0,2}"
_CV_PLACE_RE = re.compile(rf"(?<=\w),[ \t]+(?P<place>{_CAP_NAME})[ \t]*\((?:19|20)\d{{2}}[ \t]*[–\-/]")
_ROUTE_RE = re.compile(
    rf"(?<![\w\-])(?P<a>{_LETTERS_NAME})(?:[ \t]+T\d)?(?:[ \t]+\d{{1,2}}[:.h]\d{{2}})?[ \t]*(?:→|->|⟶|⇒|➝)[ \t]*"
    rf"(?P<b>{_LETTERS_NAME})(?![\w\-])"
)


# A leg of a journey written with a dash and no spaces: "fly Oslo–Bodø" (a spaced dash separates).
_DASH_ROUTE_RE = re.compile(rf"(?<![\w\-])(?P<a>{_LETTERS_NAME})[–—](?P<b>{_LETTERS_NAME})(?![\w\-])")
# A day of an itinerary and where it is spent: "Søndag: Svolvær, så …", "Day 4 – Glencoe village".
_DAY_WORDS = frozenset("day dag tag jour día dia giorno dzień den päivä ngày hari gün день ημέρα".split())
_ITINERARY_RE = re.compile(
    rf"(?m)^[ \t\-•*]*(?P<label>[^\W\d_]+(?:[ \t]+\d{{1,2}})?)[ \t]*(?::|[–—]|[ \t]-)[ \t]+(?P<place>{_LETTERS_NAME})"
)
# A move or a journey in words: "verhuisd van Haren naar Groningen", "from Kerry to Dublin", "von Hanau nach Köln".
_FROM_TO_RE = re.compile(
    rf"(?<![\w])(?:from|van|von|desde|da|z|ze|från|fra)[ \t]+(?P<a>{_LETTERS_NAME})[ \t]+"
    rf"(?:to|naar|nach|hasta|até|para|do|till|til)[ \t]+(?P<b>{_LETTERS_NAME})(?![\w\-])"
)
_TOWN_BEFORE_COMMA_RE = re.compile(r"(?<![\w])([A-Z][\w'’\-]+(?:[ \t][A-Z][\w'’\-]+)?),[ \t]*\Z")
_IRISH_COUNTY_PLACE_RE = re.compile(rf"(?<![\w])Co\.?[ \t]+(?:{IRISH_COUNTIES})(?![\w])")


_BASED_RE = re.compile(r"(?<![\w\-])(?P<place>[A-Z][\w'’]+(?:[ \t][A-Z][\w'’]+)?)-based(?![\w])")
# A county or province by name, unless it names the county's council, court or club.
_COUNTY_RE = re.compile(
    r"(?<![\w\-])(?P<name>[A-Z][\w'’\-]+(?:[ \t][A-Z][\w'’\-]+)?)[ \t]+(?P<kind>County|Province)(?![\w])"
    r"(?![ \t]+(?:Council|Court|Hospital|Club|FC|Cricket|Football|Hurling|Board|Library|Sheriff|Police|Fire|Schools?"
    r"|Government|Assembly|Commission|Department|Health|Clerk)\b)"
)


def find_framed_places(text: str) -> Iterator[Finding]:
    """Known places and towns in a CV line's "employer, town (years)" and at both ends of a journey's arrow;
    an Irish county with its "Co." ("Ballyvourney, Co. Cork"), and the town before it."""
    for m in _IRISH_COUNTY_PLACE_RE.finditer(text) if "Co" in text else ():
        yield Finding("LOCATION", m.start(), m.end(), 0.8, DETECTOR)
        town = _TOWN_BEFORE_COMMA_RE.search(text, max(0, m.start() - 40), m.start())
        if town and town.group(1).split()[0] not in FIRST_NAMES and town.group(1).lower() not in COMMON_EN:
            yield Finding("LOCATION", town.start(1), town.end(1), 0.7, DETECTOR)
    for m in _CV_PLACE_RE.finditer(text) if "(" in text else ():
        a, b = m.span("place")
        if (found := _known_place(text, a, b, towns=True)) is not None or _framed_town(text[a:b]):
            yield Finding("LOCATION", *(found or (a, b)), 0.7, DETECTOR)
    routes = list(_FROM_TO_RE.finditer(text))
    if "→" in text or "->" in text or "⟶" in text or "⇒" in text or "➝" in text:
        routes += _ROUTE_RE.finditer(text)
    if routes:
        for m in routes:  # both ends, or it is a pipeline ("Reading -> Writing")
            ends = [_known_place(text, *m.span(g), towns=True) for g in ("a", "b")]
            if any(ends):  # one end a known place: the other may be one that is also a word ("→ Split")
                ends = [end or (m.span(g) if _framed_town(m.group(g)) else None) for end, g in zip(ends, ("a", "b"))]
            if all(ends):
                yield from (Finding("LOCATION", *end, 0.7, DETECTOR) for end in ends if end)
    if "–" in text or "—" in text:
        for m in _DASH_ROUTE_RE.finditer(text):  # "fly Oslo–Bodø": both ends must be known places
            ends = [_known_place(text, *m.span(g), towns=True) for g in ("a", "b")]
            if all(ends):
                yield from (Finding("LOCATION", *end, 0.7, DETECTOR) for end in ends if end)
    for m in _ITINERARY_RE.finditer(text) if ":" in text or "–" in text or " - " in text else ():
        label = m.group("label").split()[0].lower()
        if label in _DAY_WORDS or label in WEEKDAYS:
            span = _known_place(text, m.start("place"), m.end("place"), towns=True)
            if span is not None:
                yield Finding("LOCATION", *span, 0.7, DETECTOR)  # "Søndag: Svolvær", "Ngày 3: Ninh Bình"
    for m in _BASED_RE.finditer(text) if "-based" in text else ():
        if _known_place(text, m.start("place"), m.end("place"), towns=True) is not None:
            yield Finding("LOCATION", m.start("place"), m.end("place"), 0.7, DETECTOR)  # "a Pune-based client"
    for m in _COUNTY_RE.finditer(text) if "County" in text or "Province" in text else ():
        if m.group("name").split()[0].lower() not in FUNCTION_WORDS:
            yield Finding("LOCATION", m.start(), m.end("kind"), 0.75, DETECTOR)  # "Machakos County"


# A town after a name and a comma, closing its clause: "Harbour Lights B&B, Portree", "Swan River
# Physiotherapy, Subiaco – practice manager …", "Vasconcelos & Filhos, Lda., Maia", "Rosie Penhaligon, Truro".
_COMMA_TOWN_RE = re.compile(
    rf"(?<=[\w.'’&]),[ \t]+(?P<place>{_CAP_NAME})(?=[ \t]*(?:$|[,;)]|[–—]|-[ \t]|\.(?:[ \t]|$)|\())", re.M)
_LAST_WORD_RE = re.compile(r"[^\W\d_][\w'’&\-]*\.?\Z")
_CAPITALISED_WORD_RE = re.compile(r"(?<![\w'’])(?![a-zß-ÿ])[^\W\d_][\w'’&\-]*")


def find_comma_towns(text: str) -> Iterator[Finding]:
    """A known town after a name of two or more capitalised words (a business, a venue, a person)
    and a comma, where the town ends the clause."""
    if "," not in text:
        return
    for m in _COMMA_TOWN_RE.finditer(text):
        if not known_place_name(m.group("place")):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        head = text[max(line_start, m.start() - 60) : m.start()]
        last = _LAST_WORD_RE.search(head)
        if last is None or not last.group(0)[:1].isupper():
            continue
        head = re.split(r"[:;(\[|•]|[–—]|,[ \t]", head)[-1]  # the name right before the comma
        if len(_CAPITALISED_WORD_RE.findall(head)) < 2:
            continue  # "Thanks, Truro" or a list of single words
        yield Finding("LOCATION", m.start("place"), m.end("place"), 0.7, DETECTOR)


# A country by its abbreviation in prose, after a lower-case word: "our US partners", "applying for
# UK graduate schemes", "moved to the UAE". Not a data field ("country": "US"), not a language's
# variety ("UK English"), not a code ("en-US", "US-ASCII", "US$").
_COUNTRY_ABBREV_RE = re.compile(
    r"(?<=[a-z,] )(?P<c>US|UK|USA|UAE|U\.S\.|U\.K\.)(?![\w\-/$&]|\.[A-Za-z])"
    r"(?![ \t]+(?:English|Spanish|spelling|dollars?|cents?|format|keyboard|layout|locale|plugs?|sizes?|sizing)\b)"
)


def find_country_abbreviations(text: str) -> Iterator[Finding]:
    """US, UK, USA, UAE written in a sentence, where they name the country."""
    if not ("US" in text or "UK" in text or "UAE" in text or "U." in text):
        return
    for m in _COUNTRY_ABBREV_RE.finditer(text):
        line = line_at(text, m.start())
        if line.isupper() or line.count("|") >= 2 or line.count("\t") >= 2 or '": "' in line:
            continue  # a line in capitals, a table row, a JSON record
        yield Finding("LOCATION", m.start("c"), m.end("c"), 0.7, DETECTOR)


# A known town used as an adjective after a determiner: "the Hexham foodbank", "the Parramatta clinic
# booking app", "the Hilliard away game", "our Mysuru campus".
_ATTRIBUTIVE_PLACE_RE = re.compile(
    r"(?<![\w])(?:the|our|their|your|his|her|my)[ \t]+(?P<place>[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*)?)"
    r"[ \t]+(?P<next>[a-z][a-z\-]{2,})"
)


def find_attributive_places(text: str) -> Iterator[Finding]:
    """A known place or town, no word and no given name, naming what the lower-case noun after it belongs to."""
    for m in _ATTRIBUTIVE_PLACE_RE.finditer(text):
        if m.group("next") in FUNCTION_WORDS or not known_place_name(m.group("place")):
            continue
        yield Finding("LOCATION", m.start("place"), m.end("place"), 0.7, DETECTOR)


# A known place right before a site noun, whatever precedes it ("Sahyadri Infotech Mysuru campus",
# "HDFC Pune branch"), and a branch named after its noun ("la sucursal Guadalajara", "filiale Bergamo").
_SITE_NOUN_RE = re.compile(
    r"(?<=[^\W\d_])[ \t]+(?:office|branch|campus|plant|depot|warehouse|factory|clinic|hub|site)(?![\w])")
_PLACE_BEFORE_RE = re.compile(r"(?:(?<![\w])(?![a-zß-ÿ])[^\W\d_][\w'’\-]*[ \t]+)?(?![a-zß-ÿ])[^\W\d_][\w'’\-]*\Z")
_BRANCH_NAMED_RE = re.compile(
    r"(?<![\w])(?i:sucursal|filial|succursale|filiale|agencia|agência|oddział|pobočka|pobočky|şube|standort"
    r"|niederlassung)[ \t]+(?:(?i:de|di|w|v)[ \t]+)?"
    r"(?P<place>(?![a-zß-ÿ])[^\W\d_][\w'’\-]*(?:[ \t](?![a-zß-ÿ])[^\W\d_][\w'’\-]*)?)"
)


# An airport by its short name after a word of flying: "arrive Norman Manley International 14:25",
# "depart Sangster International" ("Amnesty International" has no such word before it).
_AIRPORT_SHORT_RE = re.compile(
    r"(?<![\w])(?:arrive|arrives|arriving|arrival at|depart|departs|departing|departure from|land|lands|landing at"
    r"|fly from|fly into|flying into|flying from|flight from|flight to)[ \t]+"
    r"(?P<place>(?:(?![a-zß-ÿ])[^\W\d_][\w'’\-]*[ \t]+){1,3}International)(?![\w])"
)


def find_site_known_places(text: str) -> Iterator[Finding]:
    """Known places naming a site: before its noun, or after a branch word; an airport by its short name."""
    for m in _SITE_NOUN_RE.finditer(text):
        before = _PLACE_BEFORE_RE.search(text, max(0, m.start() - 50), m.start())
        if before is None:
            continue
        words = before.group(0).split()
        for n in (2, 1):
            if len(words) >= n and known_place_name(" ".join(words[-n:])):
                a = m.start() - len(" ".join(words[-n:]))
                yield Finding("LOCATION", a, m.start(), 0.7, DETECTOR)
                break
    for m in _BRANCH_NAMED_RE.finditer(text):
        span = _known_place(text, *m.span("place"), towns=True)
        if span is not None:
            yield Finding("LOCATION", *span, 0.7, DETECTOR)
    for m in _AIRPORT_SHORT_RE.finditer(text) if "International" in text else ():
        yield Finding("LOCATION", m.start("place"), m.end("place"), 0.8, DETECTOR)


def _framed_town(cand: str) -> bool:
    """A gazetteer name the frame makes a place, though it is also a word or a name ("Reading", "Lima")."""
    return (cand in _PLACES or cand in _TOWNS) and cand.lower() not in FUNCTION_WORDS and cand.lower() not in MONTHS_DAYS


# An organisation's site named by a place the gazetteer does not know: "the Flatiron office", "HDFC
# Bank, Bhosari branch", "Site: Brackmills distribution centre", "Branch: Westlands", "han sitter på
# Lindholmen-kontoret". The name must be no common word ("the Marketing office") and no person's.
_SITE_NOUNS = (r"office|offices|branch|campus|warehouse|depot|plant|factory|showroom|clinic|yard|DC"  # not "site", "store": web and app
               r"|(?:data|distribution|sorting|fulfil?ment|call|service|contact)[ \t]+cent(?:re|er)")
_SITE_NAME = r"(?P<place>(?![a-zß-ÿ])[^\W\d_][^\W\d_'’]+(?:[ \t](?![a-zß-ÿ])[^\W\d_][^\W\d_'’]+)?)"
_SITE_RES = (
    re.compile(rf"(?:(?<![\w])(?:the|our|your|their|its|at)[ \t]+|,[ \t]*|(?m:^)[ \t]*(?:Site|Depot|Campus):[ \t]*)"
               rf"{_SITE_NAME}[ \t]+(?:{_SITE_NOUNS})(?![\w])"),
    re.compile(rf"(?m)(?:^[ \t]*|[,;|][ \t]*)(?:Branch|Site|Depot|Campus|Filiale|Standort|Sucursal|Agence):[ \t]*{_SITE_NAME}"
               rf"[ \t]*(?=$|[,;|])"),
    re.compile(rf"(?<![\w\-]){_SITE_NAME}-(?:kontoret|kontorets|lageret|lagret|fabrikken|fabriken)(?![\w])"),
)


def find_site_places(text: str) -> Iterator[Finding]:
    """A branch, office or plant named by its place, where the place is not in the gazetteer."""
    for rx in _SITE_RES:
        for m in rx.finditer(text):
            name = m.group("place")
            if all(_unknown_word(w) for w in name.split()):
                yield Finding("LOCATION", m.start("place"), m.end("place"), 0.65, DETECTOR)


def _unknown_word(word: str) -> bool:
    """A capitalised word that is neither common English nor anyone's name nor an acronym."""
    return (not word.isupper() and word.lower() not in COMMON_EN and word.lower() not in NOT_NAMES
            and word not in FIRST_NAMES and word not in LAST_NAMES and word.lower() not in MONTHS_DAYS)


# A list of capitalised names: "3 clinics: Winchester, Alresford, Romsey", "Leeds, York and Hull".
_NAME_LIST_RE = re.compile(
    rf"(?<![\w\-])(?:{_CAP_NAME})(?:,[ \t]+(?:{_CAP_NAME})){{1,9}}"
    rf"(?:,?[ \t]+(?:and|or|und|oder|et|ou|y|o|e|en|of|i|och|og|eller|és|ve|a)[ \t]+(?:{_CAP_NAME}))?"
)
_LIST_JOIN_RE = re.compile(r", (?=[A-ZÀ-Þ])|\), (?=[A-ZÀ-Þ])")
# A short bracketed note right after a list's name, with the comma after it: " (14/9),". It is blanked
# (offsets kept) and its comma moved next to the name, so the list reads as names and commas.
_ITEM_NOTE_RE = re.compile(r"(?<=[^\W\d_])[ \t]*\([^()\n]{1,24}\),?")
_ITEM_SPLIT_RE = re.compile(r",[ \t]+|,?[ \t]+(?:and|or|und|oder|et|ou|y|o|e|en|of|i|och|og|eller|és|ve|a)[ \t]+")


def find_place_lists(text: str) -> Iterator[Finding]:
    """Every name of a list whose names are all places: towns the gazetteer's smaller tier knows
    count only beside others, three or more in all or one of them a well-known place."""
    if _LIST_JOIN_RE.search(text) is None:
        return  # no ", Capital" anywhere: no list of names to read
    # "Lokeren (14/9), Eeklo (28/9)": a short note after each name is blanked (same offsets)
    masked = _ITEM_NOTE_RE.sub(lambda n: "," + " " * (len(n.group(0)) - 1) if n.group(0).endswith(",")
                               else " " * len(n.group(0)), text) if "(" in text else text
    for m in _NAME_LIST_RE.finditer(masked):
        items = []
        pos = m.start()
        for part in _ITEM_SPLIT_RE.split(m.group(0)):
            part = part.strip()
            a = masked.index(part, pos)
            items.append((a, a + len(part)))
            pos = a + len(part)
        known = [_place_form(text[a:b]) for a, b in items]
        towns = [k or _town_form(text[a:b]) for (a, b), k in zip(items, known, strict=True)]
        if all(towns) and (len(items) >= 3 or any(known)):
            for a, b in items:
                yield Finding("LOCATION", a, b, 0.7, DETECTOR)


_WORD_BEFORE_RE = re.compile(r"([^\W\d_][\w'’\-]*)[ \t]+\Z")
_CLAUSE_START_RE = re.compile(r"(?:\A|[.!?:;\n])[ \t\-–•*>]*\Z")


# Words before a place used as an adjective at the start of a sentence: "My Quebec landlord".
_POSSESSIVES = frozenset("my our your their his her unser unsere mein meine notre nuestro nuestra nostro nostra".split())


# Acronyms that make a place's name an organisation's: "Boston PD", "Ajax FC", "Leeds CC".
_ORG_ACRONYMS = frozenset("PD FC AFC CF SC CC FD AG SA SE NV BV LLC LTD PLC INC GMBH AB AS OY SPA SRL UNI".split())


def find_bare_places(text: str) -> Iterator[Finding]:
    """Well-known places without a cue: "citing Massachusetts law", "– Campinas (2018–2021)".

    Only a known place that is no listed name ("Sydney" and "Regina" are also people), stands
    apart from other capitalised words (not "Boston Dynamics", not "Bank Leumi Jerusalem
    branch"), is not glued to code ("Europe/Berlin") and is not shouted in capitals."""
    langs: frozenset[str] | None = None  # a case form of a place counts in an inflecting language only
    for m in _CAP_RUN_RE.finditer(text):
        run, start = m.group(0), m.start()
        first = re.match(r"[^\W\d_][\w'’]*[ ]", run)
        if first and _CLAUSE_START_RE.search(text, max(0, start - 8), start) and (
                run[: first.end() - 1].lower() in _POSSESSIVES  # "My Quebec landlord", "Our Leeds office"
                or (run[first.end() :] in _PLACES and run[: first.end() - 1] not in _PLACES
                    and run[: first.end() - 1].lower() not in FUNCTION_WORDS)):
            run, start = run[first.end() :], start + first.end()  # "12 Oct: Arrive Lisbon": a verb starts the clause
        words = re.split(r"[ \-]", run)
        for n in range(len(words), 0, -1):
            cand = run[: sum(len(w) + 1 for w in words[:n]) - 1]
            if cand in _PLACES and cand not in _AMBIGUOUS_PLACES:
                break
        else:
            if len(words) == 1:
                if langs is None:
                    langs = case_languages(text)
                if langs and run not in FIRST_NAMES and run not in LAST_NAMES and _place_form(run) \
                        and not after_capitalised_word(text, start):
                    yield Finding("LOCATION", start, start + len(run), 0.6, DETECTOR)  # "Budapesten vagyok"
            continue
        a, b = start, start + len(cand)
        if n < len(words) and "-" in run and " " not in run and _place_form(run) and not after_capitalised_word(text, a):
            yield Finding("LOCATION", a, a + len(run), 0.6, DETECTOR)  # "FILIALE=Karlsruhe-Durlach": a district
            continue
        rest = words[n:]
        if rest and all(2 <= len(w) <= 5 and w.isupper() and w.isalpha() and w not in _ORG_ACRONYMS
                        for w in (rest[:-1] if len(rest) > 1 and rest[-1] == "I" else rest)):
            rest = []  # "the Chicago RLTO (I believe…)", "Las Cruces DC", "our Leeds HQ": the place, then an acronym
        if rest or (n == 1 and (cand in FIRST_NAMES or cand in LAST_NAMES)) or cand.isupper():
            continue  # followed by another capitalised word, or also a person's name
        if b < len(text) and (text[b] in "/_@(" or (text[b] in ".-" and text[b + 1 : b + 2].isalnum())):
            continue
        if _ORG_AFTER_RE.match(text, b):
            continue
        if start == m.start() and after_capitalised_word(text, a):
            continue  # "Bank of Ireland", "Hotel of Berlin": the end of a longer name
        if (thing := _NEXT_LOWER_WORD_RE.match(text, b)) and thing.group(1) in _THINGS_NAMED_AFTER_PLACES:
            continue  # "Brussels sprouts", "Swiss roll", "a French press": a thing named after a place
        yield Finding("LOCATION", a, b, 0.6, DETECTOR)


_NEXT_LOWER_WORD_RE = re.compile(r"[ \t]+([a-zß-ÿ]+)")
# Foods and things named after a place: the place word before them names no place.
_THINGS_NAMED_AFTER_PLACES = frozenset(
    """sprouts sprout roll rolls pastry pastries delight toast press oven fries cheese chocolate chocolates sauce
    dressing bun buns muffin muffins cake cakes salad mustard knife knives army cut cuts style blue tea coffee
    ham sausage sausages waffle waffles omelette stew beer lager ale wine vinegar rug rugs bond bonds franc
    francs crown fabric lace jersey twill terrier shepherd setter bulldog""".split()
)


# Venues are places (the labelling guide's "venue"), though the model often takes a hotel for a
# company. The kind word before the name in most languages, after it in English.
_VENUE_HEADS = (
    r"Hotel|Hotell|Hôtel|Hostal|Hostel|Pension|Pensión|Gasthof|Gasthaus|Café|Cafe|Caffè|Kafé|Bar|Pub|Brasserie"
    r"|Bistro|Bistrot|Restaurant|Restaurante|Ristorante|Trattoria|Osteria|Taverna|Ryokan|Camping|Château|Castello"
    r"|Castillo|Palazzo|Palacio|Parque|Parco|Teatro|Théâtre|Theater|Museo|Musée|Museum|Kerk|Kirche|Iglesia|Chiesa"
    r"|Église|Stadion|Estadio|Stadio"
    # estates, farms and inns named with their kind word: "Quinta da Pacheca", "Landgoed Elswout"
    r"|Quinta|Landgoed|Domaine|Masseria|Mesón|Agriturismo|Cortijo|Finca|Schloss|Kasteel|Tenuta|Herdade|Pousada"
    r"|Palais|Palazzo|Musée|Museu|Muzeum|Galleria|Galería"
    # community centres: "Buurthuis De Pijl", "Dorpshuis Oosterend"
    r"|Buurthuis|Dorpshuis|Wijkcentrum|Gemeenschapshuis|Bürgerhaus|Gemeindehaus|Salle|Sala"
    r"|Asador|Residenza|Residencia|Résidence|Kanisa|Otel|Pansiyon|Hostería|Posada|Albergo|Locanda|Rifugio"
    # stations, airports and sports grounds named after their kind word: "Bahnhof Hallein", "Sportpark De Eendracht"
    r"|Bahnhof|Hauptbahnhof|Flughafen|Aeropuerto|Aeroporto|Aéroport|Lotnisko|Sportpark|Sportplatz|Sportanlage"
    r"|Stazione|Gare|Estação|Stacja|Dworzec|Parc|Plac"
    # markets, churches, bridges and beaches of the Romance and Slavic languages: "Mercado de Triana", "Pont Neuf"
    r"|Mercado|Mercato|Marché|Igreja|Capela|Basílica|Basilica|Catedral|Cattedrale|Cathédrale|Duomo|Santuario"
    r"|Monasterio|Mosteiro|Convento|Castelo|Kościół|Ponte|Puente|Pont|Lungomare|Playa"
    # Romanian squares, monasteries, churches and parks: "Piața Mihai Viteazul", "Mănăstirea Nicula"
    r"|Piața|Piata|Mănăstirea|Manastirea|Biserica|Bisericii|Catedrala|Parcul|Gara"
    # Indonesian and Malay, Tagalog, Swahili: "Taman Suropati", "Stasiun Gambir", "Barangay Malanday", "Soko la Kongowea"
    r"|Taman|Stasiun|Pasar|Bandara|Pantai|Gunung|Danau|Pulau|Masjid|Gereja|Barangay|Simbahan|Soko|Uwanja"
)
_VENUE_TAILS = (
    r"Hotel|Inn|Lodge|Pub|Tavern|Arms|Bar|Café|Cafe|Bistro|Brasserie|Guesthouse|Guest House|B&B|Community Centre"
    r"|Community Center|Leisure Centre|Sports Centre|Village Hall|Town Hall|Church Hall|Memorial Hall|Library"
    r"|Museum|Gallery|Palace|Castle|Cathedral|Abbey|Stadium|Arena|Theatre|Theater|Zoo|Aquarium|Pier|Marina|Lido"
    r"|Recreation Ground|Playing Fields|Pavilion|Botanic Gardens|Botanical Garden"
    r"|Rec Centre|Recreation Centre|Aquatic Centre|Events Centre|Conference Centre|Convention Centre|Convention Center"
    r"|Exhibition Centre|Shopping Centre|Shopping Center|Trading Estate|Industrial Estate|Business Park|Retail Park"
    r"|Courts|Ice Rink|Sports Hall|Showgrounds|Showground|Racecourse|Golf Course|Cricket Ground|Velodrome|Rec"
    r"|Community Hall|Parish Hall|Scout Hall|Church|Chapel|Mosque|Masjid|Temple|Gurdwara|Synagogue|Mandir"
    r"|Otel|Kirke|Kirkja|Camii|Resort|Lodge|Centrum|Storcenter|Köpcentrum"
    r"|Barn|Gardens|Falls|Stadion|stadion"  # "Oak Hollow Barn", "Fitzroy Gardens", "Marienlyst stadion"
    r"|International Airport|Airport|Havalimanı"  # "Kansai International Airport", "Adnan Menderes Havalimanı"
    # Turkish kinds after the name: "Maçka Parkı", "Galata Köprüsü", "Ihlara Vadisi", "Rumeli Kalesi"
    r"|Parkı|Köprüsü|Vadisi|Gölü|Dağı|Kalesi|Sarayı|Çarşısı|Meydanı|Adası|Plajı|Limanı|İstasyonu|Garı|Müzesi"
    r"|Kulesi|Şelalesi|Kilisesi"
    # Hungarian, in lower case after the name: "Margit híd", "Nyugati pályaudvar", "Mátyás templom"
    r"|híd|pályaudvar|templom|liget|sziget|strand|múzeum|palota|színház|csarnok|állomás|rakpart|sétány|park"
    r"|székesegyház|bazilika"
    r"|Cemetery|Crematorium|Coliseum|Colosseum|Parkway|Promenade|Food Centre|Hawker Centre|Market"
    r"|Park"  # "Coffman Park", "Rocky Mountain National Park"; not "Jimin Park" (see _park_is_a_surname)
)  # longer kinds first: "Rec Centre" before "Rec"
_VENUE_NAME_WORD = r"(?:(?![a-zß-ÿ])[^\W\d_][\w'’\-]*|&)"
_VENUE_JOIN = (r"(?:de|da|do|das|dos|del|della|dei|degli|delle|dello|di|du|des|la|le|el|los|las|no|na|of|the|am|an|im"
               r"|zum|zur|y|e|et|ng|ya|wa)")
_VENUE_HEAD_RE = re.compile(
    rf"(?:{_VENUE_HEADS})[ \t]+(?:{_VENUE_NAME_WORD}|{_VENUE_JOIN}[ \t]+{_VENUE_NAME_WORD})"
    rf"(?:[ \t]+(?:{_VENUE_JOIN}[ \t]+)?{_VENUE_NAME_WORD}){{0,3}}"
)
_VENUE_TAIL_FIND_RE = re.compile(rf"(?:{_VENUE_TAILS})(?![\w])")  # a literal scan; the space before is checked after
_VENUE_BODY_RE = re.compile(r"(?:(?<![\w])The[ \t]+)?(?:(?![a-zß-ÿ])[^\W\d_][\w'’\-]*[ \t]+){1,3}\Z")
# Words that make a capitalised "Hotel X" a sentence ("Hotel Booking", "Bar Chart"), and employer
# cues, after which a restaurant is the company someone works for.
_VENUE_NOT_NAMES = frozenset(
    """booking bookings reservation reservations chart charts code codes menu manager staff review reviews
    rooms room rates rate management software system group chain list lists app api and or the for with
    from to in on at by is was are were has have will libre pago""".split()
)
# The body named after a venue: an association, committee or trust that is an organisation.
_BODY_AFTER_RE = re.compile(
    r"[ \t]+(?:Derneği|Vakfı|Association|Committee|Trust|Society|Foundation|Council|Club|Ltd|Limited|Inc|LLC|GmbH"
    r"|e\.V\.|Verein|Förderverein|Stichting|Vereniging|Asociación|Associazione|Associação)(?![\w])"
)
# Words before "Bar" that make it a thing of a screen or a shop shelf, not a bar people meet in.
_BAR_NOT_VENUES = frozenset(
    """navigation nav status menu tool task search address progress title scroll action tab app side top bottom
    command formula bookmarks bookmark toolbar sidebar footer header info notification notifications utility
    button input filter location url snack candy protein chocolate granola cereal energy breakfast soap
    salad sushi juice oxygen sand towel grab crow pry space""".split()
)
# A legal form after a venue's name: "Brasserie Van Hove SA", "Hotel Adler GmbH".
_LEGAL_FORM_AFTER_RE = re.compile(
    r"[ \t]+(?:SA|S\.A\.|SAS|SARL|SRL|S\.r\.l\.|SpA|S\.p\.A\.|GmbH|AG|KG|BV|B\.V\.|NV|N\.V\.|Ltd|Ltd\.|Limited|LLC|Inc"
    r"|Inc\.|PLC|plc|SL|S\.L\.|Lda|AB|AS|ApS|Oy|sp\. z o\.o\.|s\.r\.o\.|a\.s\.|Kft\.?|Zrt\.?)(?![\w])"
)
# A place named before a lower-case "station" or "airport": "as far as Raynes Park station".
_STATION_RE = re.compile(
    r"(?<![\w])(?P<name>(?![a-zß-ÿ])[^\W\d_][\w'’\-]*(?:[ \t]+(?![a-zß-ÿ])[^\W\d_][\w'’\-]*){0,2})[ \t]+(?:station|airport)\b"
)
_EMPLOYER_BEFORE_RE = re.compile(r"(?i)(?:join|joins|joining|joined|works? (?:at|for)|working (?:at|for)"
                                 r"|employed (?:at|by)|hired by)[ \t]+\Z")


# Where someone lived, in an obituary or a family note: "Margaret Doolan, 82, of Dunmore, passed away".
_AGE_OF_PLACE_RE = re.compile(
    r"(?<![\w])(?![a-zß-ÿ])[^\W\d_][\w'’\-]+\"?,[ \t]*\d{1,3},[ \t]+of[ \t]+(?P<place>(?![a-zß-ÿ])[^\W\d_][\w'’\-]*(?:[ \t]+(?![a-zß-ÿ])[^\W\d_][\w'’\-]*){0,2})(?=[,.;)\n])"
)


def find_venues(text: str) -> Iterator[Finding]:
    """Hotels, bars, restaurants, theatres and churches named with their kind word; where someone of an
    obituary lived ("…, 82, of Dunmore")."""
    if ", of " in text:
        for m in _AGE_OF_PLACE_RE.finditer(text):
            yield Finding("LOCATION", m.start("place"), m.end("place"), 0.7, DETECTOR)
    for m in _VENUE_HEAD_RE.finditer(text):
        if not starts_word(text, m.start()):
            continue  # "Crowbar Chart"
        words = list(re.finditer(r"\S+", m.group(0)))
        while len(words) > 1 and (words[-1].group(0).lower() in _VENUE_NOT_NAMES or words[-1].group(0) == "&"
                                  or re.fullmatch(_VENUE_JOIN, words[-1].group(0))):
            words.pop()  # "Hotel Kronan i …", "Bar Chart": the name ends before
        if len(words) < 2 or words[1].group(0).lower() in _VENUE_NOT_NAMES:
            continue
        if _EMPLOYER_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()):
            continue
        if any(_LEGAL_FORM_AFTER_RE.match(text, m.start() + w.start() - 1) for w in words[1:]) \
                or _LEGAL_FORM_AFTER_RE.match(text, m.start() + words[-1].end()):
            continue  # "Brasserie Van Hove SA": the company that runs it, an organisation
        before = _WORD_BEFORE_RE.search(text, max(0, m.start() - 30), m.start())
        if after_capitalised_word(text, m.start()) and not (before and before.group(1).lower() in GREETING_WORDS):
            continue  # "Escola Básica Quinta das Flores": the end of a longer name (not "Gentile Hotel …")
        yield Finding("LOCATION", m.start(), m.start() + words[-1].end(), 0.85, DETECTOR)
    for m in _STATION_RE.finditer(text) if "station" in text or "airport" in text else ():
        words = m.group("name").split()
        if not (words[0] in ("The", "A") or words[0].lower() in FUNCTION_WORDS):
            yield Finding("LOCATION", m.start("name"), m.end("name"), 0.8, DETECTOR)  # "Raynes Park station"
    for t in _VENUE_TAIL_FIND_RE.finditer(text):
        if t.start() == 0 or text[t.start() - 1] not in " \t":
            continue
        m = _VENUE_BODY_RE.search(text, max(0, t.start() - 80), t.start())
        if m is None:
            continue
        body = m.group(0).split()
        start = m.start()
        if len(body) > 1 and body[0].lower() in COMMON_OTHER and body[0] not in _PLACES \
                and _CLAUSE_START_RE.search(text, max(0, start - 4), start):
            start = text.index(body[1], start + len(body[0]))  # "Yarın Maçka Parkı'nda": "tomorrow" opens the sentence
            body = body[1:]
        if all(w == "The" for w in body) or any(
                w.lower() in FUNCTION_WORDS or w.lower() in _VENUE_NOT_NAMES for w in body if w != "The"):
            continue  # "The Airport Express": no name before the kind word
        if t.group(0) == "Bar" and body[-1].lower() in _BAR_NOT_VENUES:
            continue  # "the Navigation Bar", "a Protein Bar": a thing, not a place to meet
        if t.group(0) == "Park" and _park_is_a_surname(text, m.start(), body):
            continue
        if all(w.lower() in COMMON_EN for w in body if w != "The") and title_case_line(line_at(text, t.start())):
            continue  # "Growing Up, Not Out: Vertical Gardens In Small Spaces": a headline's topic
        if t.group(0) == "Market" and (all(w.lower() in COMMON_EN for w in body if w != "The")
                                       or any("'" in w or "’" in w for w in body)):
            continue  # "the Stock Market": a kind of market; "Stanley's Market": a shop, the party of a sale
        if body[0].lower() in GREETING_WORDS:
            continue  # "Gentile Hotel Villa Ortensia,": a letter's greeting, the name after it
        if _EMPLOYER_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()):
            continue
        if _BODY_AFTER_RE.match(text, t.end()):
            continue  # "Yeşilvadi Camii Derneği", "St Mary's Church Committee": the body that runs it
        yield Finding("LOCATION", start, t.end(), 0.85, DETECTOR)


_PLACE_WORD_BEFORE_RE = re.compile(
    r"(?i)(?:at|to|in|into|round|around|near|from|through|behind|opposite|outside|past|by|beside|along|across|via"
    r"|next to)[ \t]+(?:the[ \t]+)?\Z")


_KINDS_OF_PARK = frozenset(
    "car theme skate water trailer caravan business retail industrial science technology amusement dog ball safari"
    " holiday country national".split())


def _park_is_a_surname(text: str, start: int, body: list[str]) -> bool:
    """Whether "… Park" is a person ("Jimin Park", "Grace Park": a given name before the Korean
    surname) or a kind of park ("Car Park", "Theme Park") rather than a park's name. After a place
    word ("at Coffman Park", "drive to Estes Park") it is a park; without one it takes two words of
    a name, neither a given name nor a verb opening the sentence ("Rocky Mountain National Park")."""
    words = body[1:] if body[0] == "The" and len(body) > 1 else body
    if known_place_name(" ".join(words) + " Park"):
        return False  # "Kings Park", "Raynes Park": the gazetteer knows the place
    if len(words) == 1 and words[0].lower() in _KINDS_OF_PARK:
        return True  # "the Car Park", "a Theme Park"
    if _PLACE_WORD_BEFORE_RE.search(text, max(0, start - 16), start):
        return False  # "at Avery Park", "by Bellahouston Park"
    if len(words) == 1 and words[0].lower() in COMMON_EN and words[0] not in _PLACES and words[0] not in _TOWNS:
        return True
    return (len(words) < 2 or (len(words) == 2 and any(w in FIRST_NAMES for w in words))
            or (_CLAUSE_START_RE.search(text, max(0, start - 8), start) is not None and words[0].lower() in COMMON_EN))


# Rivers, lakes, hills, bridges and squares by their kind word: "the River Severn", "Merri Creek",
# "Loch Ness", "Barkly Square", "Bewdley Bridge". Places, though no gazetteer lists them.
_FEATURE_TAILS = (
    r"River|Creek|Brook|Burn|Beck|Canal|Reservoir|Estuary|Lake|Loch|Bay|Cove|Beach|Sands|Island|Islands|Isle"
    r"|Valley|Gorge|Glen|Falls|Waterfall|Hill|Hills|Mountain|Mountains|Peak|Fell|Moor|Heath|Common|Forest"
    r"|Woods|Wood|Fields|Bridge|Viaduct|Square|Plaza|Quay|Wharf|Harbour|Harbor|Docks|Gate|Cross"
)
_FEATURE_TAIL_FIND_RE = re.compile(rf"(?<=[ \t])(?:{_FEATURE_TAILS})(?![\w\-'’])")
# Tails that are also surnames: "Damon Hill", "Rebecca Wood", "Joan Rivers".
_TITLE_WORD_RE = re.compile(r"[A-ZÁÉÍÓÚ][a-zí]+")
_FEATURE_TAIL_WORDS = frozenset(_FEATURE_TAILS.split("|"))
_FEATURE_HEAD_WORDS = frozenset("River Lake Loch Lough Mount Mt Isle Lac Lago Río Monte Mont Cape Fiume".split())
_SURNAME_TAILS = frozenset("Brook Hill Hills Wood Woods Fields Forest Lake Bridge Cross Gate Glen Moor Beck Burn".split())
_FEATURE_HEAD_RE = re.compile(
    r"(?<![\w\-])(?:River|Lake|Loch|Lough|Mount|Mt\.?|Isle of|Lac|lac|Lago|lago|Río|río|Monte|Mont|Cape|Fiume"
    r"|fiume)[ \t]+(?P<name>(?![a-zß-ÿ])[^\W\d_][\w'’\-]*(?:[ \t]+(?![a-zß-ÿ])[^\W\d_][\w'’\-]*)?)"
)
_NAME_GOES_ON_RE = re.compile(r"[ \t]+(?![a-zß-ÿ])[^\W\d_]")
_FEATURE_CUE_RE = re.compile(
    r"(?i)(?:at|to|in|into|on|along|down|up|over|across|near|from|through|behind|beside|opposite|outside|past"
    r"|around|under|via|of)[ \t]+(?:the[ \t]+)?\Z")
# A thing of an office, a program or a card game, not a place: "Data Bridge", "Chi Square", "Stack Overflow".
_FEATURE_NOT_NAMES = frozenset(
    """data network ethernet contract chi mean least magic root golden rule control command power crystal
    silicon cloud stack pay app game dev code test source open free""".split()
)


# The same in lower case, as chats write them: "near dolores park", "walk up bernal hill", "the co-op
# on wilmslow road". The name's first word must be no word of any language ("the car park", "main road").
_LOWER_SITE_RE = re.compile(
    r"(?<![\w])(?:on|near|up|at|behind|outside|in|from|past|along|by|down|round|around|off)[ \t]+(?:the[ \t]+)?"
    r"(?P<name>[a-zß-ÿ][a-zß-ÿ'’\-]{2,}(?:[ \t]+[a-zß-ÿ][a-zß-ÿ'’\-]{2,})?)[ \t]+"
    r"(?P<kind>park|hill|road|street|lane|avenue|beach|square|bridge|creek|river)(?![\w\-])"
)


_LOWER_SITE_KINDS = ("park", "hill", "road", "street", "lane", "avenue", "beach", "square", "bridge", "creek", "river")


def _lower_sites(text: str) -> Iterator[Finding]:
    if not any(k in text for k in _LOWER_SITE_KINDS):
        return  # the kind word is the rarest part: look for it before trying every preposition
    for m in _LOWER_SITE_RE.finditer(text):
        first = m.group("name").split()[0]
        if first in COMMON_EN or first in COMMON_OTHER or first in FUNCTION_WORDS or first in NOT_NAMES:
            continue
        yield Finding("LOCATION", m.start("name"), m.end("kind"), 0.7, DETECTOR)


def find_natural_places(text: str) -> Iterator[Finding]:
    """Rivers, lakes, hills, bridges, squares and markets named with their kind word."""
    yield from _lower_sites(text)
    heads: list[re.Match[str]] = []
    tails: list[re.Match[str]] = []
    for w in _TITLE_WORD_RE.finditer(text):  # one cheap scan; the kind words are checked by set look-up
        if w.group(0) in _FEATURE_HEAD_WORDS and (m := _FEATURE_HEAD_RE.match(text, w.start())):
            heads.append(m)
        elif w.group(0) in _FEATURE_TAIL_WORDS and (t := _FEATURE_TAIL_FIND_RE.match(text, w.start())):
            tails.append(t)
    if "lac " in text or "lago " in text or "río " in text or "fiume " in text:
        # The lower-case heads of Romance languages; the capitalised ones the scan above found.
        heads += (m for m in _FEATURE_HEAD_RE.finditer(text) if m.group(0)[0].islower())
    for m in heads:
        if after_capitalised_word(text, m.start()):
            continue  # "Kumarakom Lake Cruises": part of a longer name
        words = m.group("name").split()
        if words[-1].lower() in FUNCTION_WORDS or words[-1].lower() in _VENUE_NOT_NAMES:
            words = words[:-1]
        end = m.start("name") + len(" ".join(words))
        if not words or _NAME_GOES_ON_RE.match(text, end) or any(_ORG_AFTER_RE.match(text, m.start("name") + w.start())
                            for w in re.finditer(r"(?<= )\S", text[m.start("name") : end + 1])) \
                or _ORG_AFTER_RE.match(text, end) or _BODY_AFTER_RE.match(text, end):
            continue  # "Mount Sinai Hospital": the hospital, an organisation
        yield Finding("LOCATION", m.start(), m.start("name") + len(" ".join(words)), 0.8, DETECTOR)
    for t in tails:
        m = _VENUE_BODY_RE.search(text, max(0, t.start() - 60), t.start())
        if m is None:
            continue
        body = m.group(0).split()
        named = [w for w in body if w != "The"]
        if not named or any(w.lower() in FUNCTION_WORDS or w.lower() in _VENUE_NOT_NAMES
                            or any(c.isdigit() for c in w) for w in named):
            continue
        if _NAME_GOES_ON_RE.match(text, t.end()):
            continue  # "Wyre Forest District Council", "Merri Creek Harriers": part of a longer name
        if named[-1].lower() in _FEATURE_NOT_NAMES or _BODY_AFTER_RE.match(text, t.end()) \
                or _ORG_AFTER_RE.match(text, t.end()) or _LEGAL_FORM_AFTER_RE.match(text, t.end()):
            continue  # "Harbour Bridge Trust", "Riverside Market Ltd": the body, an organisation
        cued = body[0] == "The" or _FEATURE_CUE_RE.search(text, max(0, m.start() - 16), m.start()) is not None
        cued = cued or text.endswith(("the ", "the\t"), max(0, m.start() - 4), m.start())  # "by the Skye Bridge"
        if not cued and all(w.lower() in COMMON_EN for w in named):
            continue  # "Data Bridge", "Fresh Market": ordinary words in a title
        if t.group(0) in _SURNAME_TAILS and not cued and any(w in FIRST_NAMES for w in named) \
                and not known_place_name(" ".join(named)):
            continue  # "Damon Hill", "Rebecca Wood": a person
        if body[0].lower() in GREETING_WORDS or _EMPLOYER_BEFORE_RE.search(text, max(0, m.start() - 20), m.start()):
            continue
        if after_capitalised_word(text, m.start()):
            continue  # "Cedar Falls Hill Road": part of a longer name
        yield Finding("LOCATION", m.start(), t.end(), 0.8, DETECTOR)


# Where someone was born or lives is a place whether or not the gazetteer knows it: "nato il
# 11/03/1961 a Partinico", "née le 2 mai 1990 à Saint-Flour", "born in Kinsale", "wohnhaft in Bad Tölz".
_HOME_PLACE_RE = re.compile(
    r"(?i:born|geboren|geb\.|nato|nata|né|née|nacido|nacida|nascido|nascida|urodzon[ya]|född|født|narozen[aá]?|doğdu"
    r"|wohnhaft|wohnt|wonend|woont|residente|domiciliad[oa]|zamieszkał[ya]?|bosatt|habite|abita)"
    r"(?:[ \t]+(?i:on|am|il|le|el|em|the|den|dnia))?(?:[ \t]+[\d./\-]{6,10}|[ \t]+\d{1,2}\.?[ \t]+[^\W\d_]{3,10}\.?[ \t]+\d{4})?,?"
    r"[ \t]+(?i:in|a|à|en|em|w|we|i|v|ve|at)[ \t]+"
    r"(?P<place>(?![a-zß-ÿ])[^\W\d_][\w'’\-]*(?:[ \t]+(?:(?:de|di|del|da|do|im|am|an der|sur|upon|on)[ \t]+)?"
    r"(?![a-zß-ÿ])[^\W\d_][\w'’\-]*){0,2})"
)


_HOME_HINTS = ("born", "gebor", "geb.", "nat", "né", "nac", "nasc", "urodz", "född", "født", "naroz", "doğdu",
               "wohn", "woon", "resid", "domicil", "zamieszk", "bosatt", "habite", "abita")


# A form's place field: "Location: Paihia", "Branch: Westlands" is a place only when the gazetteer knows
# it ("Location: Remote", "Branch: Main" are not).
_PLACE_FIELD_RE = re.compile(
    r"(?<![\w])(?:Location|Branch|Site|Town|City|Suburb|Ort|Wohnort|Stadt|Ville|Ciudad|Città|Cidade|Miasto|Standort"
    r"|Filiale|Sucursal|Localidad|Località|Plaats|Woonplaats|Ort/Stadt)[ \t]*:[ \t]*"
    r"(?P<place>(?![a-zß-ÿ])[^\W\d_][\w'’\-]*(?:[ \t](?![a-zß-ÿ])[^\W\d_][\w'’\-]*){0,2})"
)


def find_place_fields(text: str) -> Iterator[Finding]:
    """The value of a place field of a form, when it is a known place or town."""
    for m in _PLACE_FIELD_RE.finditer(text) if ":" in text else ():
        span = _known_place(text, m.start("place"), m.end("place"), towns=True)
        if span is not None:
            yield Finding("LOCATION", span[0], span[1], 0.8, DETECTOR)


def find_home_places(text: str) -> Iterator[Finding]:
    """The place after a birth or residence word and a locative preposition, known or not."""
    low = text.lower()
    if not any(h in low for h in _HOME_HINTS):
        return  # a substring test is far cheaper than the case-insensitive alternation
    for m in _HOME_PLACE_RE.finditer(text):
        place = m.group("place")
        words = place.split()
        while words and (words[-1].lower() in FUNCTION_WORDS or words[-1] in FIRST_NAMES and len(words) > 1):
            words.pop()
        if not words or words[0].lower() in FUNCTION_WORDS or words[0].isupper() and len(words[0]) > 3:
            continue
        yield Finding("LOCATION", m.start("place"), m.start("place") + len(" ".join(words)), 0.8, DETECTOR)


# One-word street names by their ending ("Herestraat", "Kastanjelaan", "Storgatan", "Goethestraße"),
# without a house number. German compounds that are nouns, not streets, are left out.
_STREET_ENDINGS = ("straße", "strasse", "straat", "laan", "gracht", "gasse", "gatan", "vägen", "gade", "vej", "veien",
                   "gata", "steeg", "singel", "parken", "torget", "torvet", "plads", "pladsen", "vejen", "gränd",
                   "katu", "kuja", "väylä", "raitti", "puistikko")
_STREET_NAME_RE = re.compile(
    r"(?<![\w@/\\.\-])(?![a-zß-ÿ])[^\W\d_][\w\-]{3,30}(?:" + "|".join(_STREET_ENDINGS) + r")(?![\w\-@/])"
)
# Czech squares and embankments after their adjective ("u Kapucínského náměstí"); English streets
# named without a house number ("leaving from Coombe Lane"). Found from the street word backwards.
_STREET_WORD_RE = re.compile(
    r"(?:náměstí|nábřeží|třída|Street|Road|Lane|Avenue|Boulevard|Crescent|Terrace|Mews|Grove|St|Ave|Rd|Blvd"
    r"|Roundabout|Junction|Expressway|Flyover|Bypass)(?![\w])(?!\.\w)"
)
# An optional compass point before the name: "N Clark St", "W. Belmont Ave".
_STREET_BODY_RE = re.compile(
    r"(?<![\w@/\\.\-])(?:[NSEW]\.?[ \t]+)?(?![a-zß-ÿ])[^\W\d_][\w'’]{2,30}(?:[ \t](?![a-zß-ÿ])[^\W\d_][\w'’]{2,30})?[ \t]+\Z"
)
# The street type words that come before the name ("calle Zamora", "Rua Augusta"): literals for the
# cheap test below, and the alternation of the regex. "rua " and "rue " keep their space.
_STREET_HEADS = ("calle", "carrer", "avenida", "avda.", "rua ", "travessa", "praça", "alameda", "paseo", "viale",
                 "piazza", "rue ", "boulevard", "calea", "strada", "bulevardul", "aleea", "ulica", "ul.", "aleja",
                 "ulicy", "ulicę", "ulicą", "alei", "placu", "náměstí ", "ulice ", "ulici ", "quartier ", "barrio ",
                 "bairro ", "stadsdeel ", "dzielnicy ", "jl.", "jln.", "jalan ")
# A street type word first, the name after, no house number: "en la calle Zamora", "na Rua Augusta",
# "<xLgr>Avenida Brigadeiro Faria Lima</xLgr>", "rue de la Paix". Only type words that are not also
# ordinary words ("via", "place", "corso" are left to the numbered address rule).
_DISTRICT_HEADS = frozenset("quartier barrio bairro stadsdeel dzielnicy".split())
_STREET_HEAD_RE = re.compile(
    r"(?<![\w\-])(?i:" + "|".join(re.escape(h.strip()) for h in _STREET_HEADS) + r")[ \t]+"
    r"(?:(?:de|del|della|di|da|do|das|dos|la|le|les|des|du|dei|degli|l'|d')[ \t]*)*"
    r"(?![a-zß-ÿ])[^\W\d_][\w'’\-]+(?:[ \t]+(?:(?:de|da|do|dos|das|di|del|y|e)[ \t]+)?(?![a-zß-ÿ])[^\W\d_][\w'’\-]+){0,3}"
    r"(?:,?[ \t]+(?:n\.?º[ \t]*)?\d{1,4}[A-Za-z]?(?:[/\-]\d{1,4})?(?![\w.,/:]\d)(?:,[ \t]*\d{1,2}[º°ª][ \t]*(?:[A-Za-z]{1,4}\.?)?)?)?"
)
_NOT_STREETS = frozenset(
    """Landstraße Bundesstraße Einbahnstraße Seitenstraße Nebenstraße Querstraße Durchgangsstraße Hauptverkehrsstraße
    Sackgasse Zijstraat Winkelstraat Hoofdstraat Landstrasse Bundesstrasse Einbahnstrasse Seitenstrasse
    Nebenstrasse Querstrasse Autostrada Zufahrtsstraße Zufahrtsstrasse Ringstrasse""".split()
)


def _street_spans(text: str) -> Iterator[tuple[int, int]]:
    if any(e in text for e in _STREET_ENDINGS):
        yield from (m.span() for m in _STREET_NAME_RE.finditer(text))
    for w in _STREET_WORD_RE.finditer(text):
        if w.start() == 0 or text[w.start() - 1] not in " \t":
            continue
        body = _STREET_BODY_RE.search(text, max(0, w.start() - 70), w.start())
        if body is not None and (w.group(0) not in _CZ_STREET_WORDS or " " not in body.group(0).strip()):
            yield body.start(), w.end()


_CZ_STREET_WORDS = ("náměstí", "nábřeží", "třída")




# Hungarian puts the type after the name: "Dob utca 27.", "Andrássy út 12", "Kossuth Lajos tér";
# and Budapest's districts are numbered: "VII. kerület".
_HU_STREET_RE = re.compile(
    r"(?<![\w\-])(?:[A-ZÁÉÍÓÖŐÚÜŰ][\wáéíóöőúüű\-]+[ \t]+){1,3}"
    r"(?:utca|út|útja|tér|tere|körút|köz|sor|sétány|rakpart|fasor|u\.|krt\.)(?![\w])(?:[ \t]+\d{1,4}(?:/[A-Za-z0-9]+)?\.?)?"
    r"|(?<![\w])[IVX]{1,6}\.[ \t]*kerület(?![\w])"
)


# German streets named by an adjective of a place: "in der Venloer Straße", "Frankfurter Allee".
_DE_STREET_KINDS = ("Landstraße", "Straße", "Strasse", "Str.", "Allee", "Platz", "Weg", "Ring", "Damm", "Chaussee", "Gasse", "Tor",
                    "Brücke", "Markt", "Ufer", "Steig", "Zeile")
_DE_ADJ_STREET_RE = re.compile(
    r"(?<![\w\-])(?P<adj>[A-ZÄÖÜ][a-zäöüß]{2,24}er)[ \t]+(?:"
    + "|".join(re.escape(k) for k in _DE_STREET_KINDS) + r")(?![\w])"
)
# Nordic places are one word in the definite form: "Slottsskogen", "Masthuggskyrkan", "Aker brygge" aside.
_NORDIC_PLACE_ENDINGS = ("skogen", "kyrkan", "kirken", "kirka", "stranden", "hamnen", "havnen", "berget", "sjön",
                         "viken", "holmen", "dalen", "backen", "bryggan", "slottet", "lunden", "kullen")
_NORDIC_PLACE_RE = re.compile(
    r"(?<![\w@/\\.\-])[A-ZÅÄÖÆØ][a-zåäöæøé]{3,24}(?:" + "|".join(_NORDIC_PLACE_ENDINGS) + r")(?![\w\-@/])"
)


_NORDIC_CLUB_AFTER_RE = re.compile(r"[ \t]+(?:" + "|".join(sorted(CLUB_SUFFIXES)) + r"|Idrettslag|Idrottsförening)(?![\w])")


# English towns joined by a preposition: "Stow-on-the-Wold", "Stratford-upon-Avon", "Moreton-in-Marsh",
# "Newcastle-under-Lyme", "Southend-on-Sea", "Ashby-de-la-Zouch".
_HYPHENATED_TOWN_JOINS = ("-on-", "-upon-", "-under-", "-in-", "-by-", "-le-", "-de-la-", "-cum-")
_HYPHENATED_TOWN_RE = re.compile(
    r"(?<![\w\-])[A-Z][a-z]+(?:-[A-Z][a-z]+)?-(?:on|upon|under|in|by|le|de-la|on-the|in-the|by-the|under-the|cum)"
    r"-[A-Z][a-z]+(?![\w\-])"
)


def find_street_names(text: str) -> Iterator[Finding]:
    """Streets named by a street-type ending or word, with or without a house number."""
    low = text.lower()
    if any(j in text for j in _HYPHENATED_TOWN_JOINS):
        for m in _HYPHENATED_TOWN_RE.finditer(text):
            yield Finding("LOCATION", m.start(), m.end(), 0.75, DETECTOR)
    if any(k in text for k in _DE_STREET_KINDS):
        for m in _DE_ADJ_STREET_RE.finditer(text):
            adj = m.group("adj")
            if adj.lower() not in COMMON_OTHER or adj[:-2] in _PLACES or adj[:-2] in _TOWNS:
                yield Finding("LOCATION", m.start(), m.end(), 0.8, DETECTOR)  # not "Unser Weg", "Neuer Markt"
    if any(e in low for e in _NORDIC_PLACE_ENDINGS):
        for m in _NORDIC_PLACE_RE.finditer(text):
            if m.group(0) in FIRST_NAMES or m.group(0) in LAST_NAMES or _NORDIC_CLUB_AFTER_RE.match(text, m.end()) \
                    or _LEGAL_FORM_AFTER_RE.match(text, m.end()) or after_capitalised_word(text, m.start()):
                continue  # "Fyllingsdalen IL", "Fastighets AB Norrbacken": a club's or a firm's name
            yield Finding("LOCATION", m.start(), m.end(), 0.75, DETECTOR)
    if "utca" in low or "út" in low or "tér" in low or "kerület" in low or "köz" in low or "sor" in low:
        for m in _HU_STREET_RE.finditer(text):
            end = m.end() - 1 if m.group(0).endswith(".") and not m.group(0).endswith(("u.", "krt.")) else m.end()
            yield Finding("LOCATION", m.start(), end, 0.8, DETECTOR)
    for m in _STREET_HEAD_RE.finditer(text) if any(h in low for h in _STREET_HEADS) else ():
        if m.group(0)[0].isupper() and _CLAUSE_START_RE.search(text, max(0, m.start() - 8), m.start()) \
                and m.group(0).split()[0].lower() in ("boulevard", "strada", "piazza"):
            continue  # "Boulevard Nights" as a title
        if m.group(0)[0].isupper() and m.group(0).split()[0].lower() in _DISTRICT_HEADS \
                and after_capitalised_word(text, m.start()):
            continue  # "Casa Bairro Imobiliária": the word inside a company's name
        yield Finding("LOCATION", m.start(), m.end(), 0.85, DETECTOR)
    for a, b in _street_spans(text):
        name = text[a:b]
        first = name.split()[0]
        if name in _NOT_STREETS or name.isupper() or first.lower() in FUNCTION_WORDS or first in ("The", "A", "An"):
            continue  # "The Road", "On Avenue"
        if name.endswith(_EN_STREET_WORDS) and (_CLAUSE_START_RE.search(text, max(0, a - 8), a)
                                                or re.match(r"[ \t]+[A-Z]", text[b : b + 2])):
            continue  # "Memory Lane" opening a sentence proves little; "Hackney Road County Court" is longer
        # A street word is firmer than the model's reading of the same words as a company.
        if name.endswith(" St") and re.match(r"\.?[ \t]+[A-Z]", text[b : b + 3]):
            continue  # "John St. Clair", "Mary St John": a saint's name, not a street
        yield Finding("LOCATION", a, b, 0.85, DETECTOR)


_EN_STREET_WORDS = ("Street", "Road", "Lane", "Avenue", "Boulevard", "Crescent", "Terrace", "Mews", "Grove", "St", "Ave", "Rd",
                    "Blvd")


# Turkish writes case endings after an apostrophe: "Bursa'dan", "Leicester'daki", "İzmir'de".
_TR_LOCATIVE_RE = re.compile(
    r"(?<![\w])(?P<place>(?![a-zß-ÿçğışü])[^\W\d_][\w]{2,30})['’](?P<suffix>n?da|n?de|n?ta|n?te|n?dan|n?den|tan|ten"
    r"|n?daki|n?deki|taki|teki|ya|ye|yı|yi|na|ne|dayım|deyim|dayız|deyiz|dayken|deyken|a|e)(?![\w])"
)
# The locative and ablative say where: "Moda'da oturuyorum", "Kadıköy'den geliyorum".
_TR_WHERE_SUFFIXES = frozenset("da de ta te dan den tan ten daki deki taki teki".split())
_TR_HINT_RE = re.compile(r"(?i)[ğışİ]|\b(?:ve|bir|bu|için|ile|merhaba|teşekkürler)\b")
_TR_TIME_WORDS = frozenset("""ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık pazartesi salı
                            çarşamba perşembe cuma cumartesi pazar""".split())
_TR_STREET_WORDS = frozenset("Caddesi Sokağı Sokak Mahallesi Bulvarı Meydanı Parkı Köprüsü Çarşısı İskelesi".split())
_TR_NAME_BEFORE_RE = re.compile(r"((?![a-zçğışöü])[^\W\d_][\w]+)[ \t]+\Z")
# French and other compound place names: "Saint-Quentin-Fallavier", "Sainte-Foy-lès-Lyon", "Sankt-Augustin".
_SAINT_PLACE_RE = re.compile(r"(?<![\w\-])(?:Saint|Sainte|Sankt|São|San)-(?![a-z])\w+(?:-\w+){0,3}(?![\w\-])")


# In Polish, Czech and Slovak a place after a locative or directional preposition is declined
# ("w Wieliczce", "v Kutné Hoře", "na Czyżynach", "popri Dunaji"), so no gazetteer spelling matches
# it. A capitalised word there that is no case form of a listed name or surname, no frequent word
# and no product is taken as a place. "do", "od", "z", "u", "k" are said of people too ("do Anny",
# "k Novákovi"): they count only for a word no name list could have declined.
_WEST_SLAVIC_PLACE_RE = re.compile(
    r"(?<![\w])(?P<prep>w|we|v|ve|na|przy|pri|při|popri|pod|nad|koło|obok|spod|przez|za|do|z|ze|od|u|k|ke)[ \t]+"
    r"(?P<place>(?![a-zß-ÿ])[^\W\d_][^\W\d_\-]{2,30}(?:-[^\W\d_]+)?(?:[ \t]+(?![a-zß-ÿ])[^\W\d_][^\W\d_\-]{2,30})?)"
    r"(?![\w\-@]|\.\w)"
)
_PERSON_PREPS = frozenset("do z ze od u k ke przez za".split())
# Endings of declined surnames and of people in the dative: "Kowalskiego", "Wiśniewskiej", "Novákovi".
_PERSON_ENDINGS = ("ski", "ska", "skiego", "skiej", "skim", "ską", "cki", "cka", "ckiego", "ckiej", "ckim", "cką",
                   "owi", "ovi", "ová", "ové", "ovou", "ového", "ovej")


def _west_slavic_places(text: str, langs: frozenset[str]) -> Iterator[Finding]:
    from .inflection import lemmas

    for m in _WEST_SLAVIC_PLACE_RE.finditer(text):
        words = m.group("place").split()
        first = words[0]
        if len(words) == 2 and not words[1][0].isupper():
            words = words[:1]
        if not first[0].isupper() or first.isupper() or first in FIRST_NAMES or first in LAST_NAMES or first.lower() in COMMON_OTHER \
                or first.lower() in COMMON_EN or first.lower() in MONTHS_DAYS or first.lower() in TECH_PLATFORMS:
            continue
        if first.endswith(_PERSON_ENDINGS) or any(True for _ in lemmas(first, langs)):
            continue  # a person in a case form: "do Kowalskiego", "z Tomkiem"
        if any(n.lower() in TECH_PLATFORMS or n.lower() in COMMON_EN for n in _nominative_guesses(first)):
            continue  # "w Javie", "v Excelu": a product in a case form
        if len(words) == 1 and first.endswith(_ADJECTIVE_ENDINGS) and (
                nxt := re.match(r"[ \t]+([^\W\d_]{4,})", text[m.end("place") :])) and nxt.group(1).islower():
            continue  # "na Obvodní ředitelství": an adjective before a common noun, the start of a body's name
        if m.group("prep") in _PERSON_PREPS and (known_place_name(first) is False and first[:3] in _NAME_STEMS):
            continue
        end = m.end("place") if len(words) == 2 else m.start("place") + len(first)
        if len(words) == 2 and (words[1] in FIRST_NAMES or words[1] in LAST_NAMES):
            end = m.start("place") + len(first)
        yield Finding("LOCATION", m.start("place"), end, 0.6, DETECTOR)


_NAME_STEMS = frozenset(n[:3] for n in FIRST_NAMES if len(n) >= 4)
_SLOVAK_LETTERS_RE = re.compile(r"[ľĺŕĽĹŔ]|(?i:\b(?:alebo|ktorý|ktorá|ktoré|sme|ďakujem|pôjdeme|ideme|môžete)\b)")
_GREEK_RE = re.compile(r"[α-ωά-ώ]")
_CYRILLIC_RE = re.compile(r"[а-яіїє]")

# Greek names a place after "in/to/from" and its article: "στην Άνω Πόλη", "από τη Δράμα". The
# same words take people ("στον Γιώργο", to George): a word that is a listed name, or one without
# its final sigma (the accusative of "Γιώργος"), is a person.
_GREEK_PLACE_RE = re.compile(
    r"(?<![\w])(?:στη|στην|στο|στον|στα|στις|στους|(?:από|για|προς|κοντά σ)[ \t]*(?:τη|την|το|τον|τα|τις|τους))[ \t]+"
    r"(?P<place>[Α-ΩΆ-Ώ][α-ωά-ώϊϋΐΰ]{2,25}(?:[ \t]+[Α-ΩΆ-Ώ][α-ωά-ώϊϋΐΰ]{2,25})?)(?![\w])"
)


# Months, weekdays, demonyms and bodies after the same words: "από τον Ιανουάριο", "για τους
# Γερμανούς πελάτες", "στην Τράπεζα Πειραιώς".
_GREEK_NOT_PLACES = frozenset(
    """Ιανουάριο Φεβρουάριο Μάρτιο Απρίλιο Μάιο Ιούνιο Ιούλιο Αύγουστο Σεπτέμβριο Οκτώβριο Νοέμβριο Δεκέμβριο
    Δευτέρα Τρίτη Τετάρτη Πέμπτη Παρασκευή Σάββατο Κυριακή Τράπεζα Εταιρεία Σύλλογο Σύλλογος Ένωση Δήμο Δήμος
    Υπουργείο Πανεπιστήμιο Σχολή Σχολείο Νοσοκομείο Εθνική Εθνικό""".split()
)


def _greek_places(text: str) -> Iterator[Finding]:
    for m in _GREEK_PLACE_RE.finditer(text):
        words = m.group("place").split()
        if any(w in FIRST_NAMES or w + "ς" in FIRST_NAMES or w in LAST_NAMES or w + "ς" in LAST_NAMES for w in words):
            continue
        if words[0] in _GREEK_NOT_PLACES or words[-1].endswith(("ούς", "ους")):
            continue
        if words[0].lower() in COMMON_OTHER and len(words) == 1:
            continue
        yield Finding("LOCATION", m.start("place"), m.end("place"), 0.6, DETECTOR)


# Russian and Ukrainian name a place after "in/at/near/to" in a case form: "в Купчине", "у Приморской",
# "біля Стрийського парку", "на вулиці Личаківській". People stand there too ("у Ивана", at Ivan's):
# a word whose stem is a listed name's, in any of its case endings, is a person.
_EAST_SLAVIC_PLACE_RE = re.compile(
    r"(?<![\w])(?P<prep>в|во|на|у|біля|возле|около|під|под|над|до|из|із|з|через|по)[ \t]+"
    r"(?:(?P<street>улиц[аеуы]|ул\.|проспект[ае]?|пр\.|переулк[еау]|площад[иь]|набережн(?:ой|ая)|бульвар[ае]?|шоссе"
    r"|вулиц[іяю]|вул\.|площ[іаю]|провулк[уа]|метро|станци[ии]|станції|район[еі]?)[ \t]+)?"
    r"(?P<place>[А-ЯЁІЇЄҐ][а-яёіїєґ'’\-]{2,25}(?:[ \t]+(?:[А-ЯЁІЇЄҐ][а-яёіїєґ'’\-]{2,25}|парку|парк|острове|острів|ріки|реки))?)"
    r"(?![\w])"
)
_EAST_SLAVIC_ENDINGS = ("ами", "ями", "ого", "ому", "ой", "ою", "ей", "ем", "ом", "ам", "ям", "ах", "ях", "ов", "ев",
                        "ів", "а", "я", "у", "ю", "е", "і", "и", "ы")


_EAST_SLAVIC_ADJECTIVE_ENDINGS = ("ській", "ська", "ський", "ського", "ському", "ская", "ской", "ский", "ского", "скому",
                                  "ска", "ски", "цкой", "цкий", "цька", "цькій", "ная", "ной", "ний", "ній", "ного")


def _east_slavic_name(word: str) -> bool:
    if word in FIRST_NAMES or word in LAST_NAMES:
        return True
    for end in _EAST_SLAVIC_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 2:
            stem = word[: len(word) - len(end)]
            if any(stem + e in FIRST_NAMES or stem + e in LAST_NAMES for e in ("", "а", "я", "ий", "ій", "й", "о", "ь")):
                return True
    return False


def _east_slavic_places(text: str) -> Iterator[Finding]:
    for m in _EAST_SLAVIC_PLACE_RE.finditer(text):
        words = m.group("place").split()
        if m.group("street") is None and (
                _east_slavic_name(words[0]) or words[0].lower() in COMMON_OTHER or m.group("prep") in ("до", "по", "з")):
            continue  # "у Ивана": at a person's; "до", "по", "з" are said of people and things alike
        if m.group("street") is None and len(words) == 1 and words[0].endswith(_EAST_SLAVIC_ADJECTIVE_ENDINGS) and (
                re.match(r"[ \t]+[а-яёіїєґ]{3,}", text[m.end("place") :])):
            continue  # "в Львівській міській лікарні", "в Тракийска търговска банка": an adjective of a body's name
        start = m.start("street") if m.group("street") else m.start("place")
        yield Finding("LOCATION", start, m.end("place"), 0.6, DETECTOR)
_ADJECTIVE_ENDINGS = ("ní", "ný", "ná", "né", "ské", "ská", "ský", "cké", "cká", "cký", "owy", "owa", "owe", "owej",
                      "owym", "nej", "nym", "ním", "ného", "ské", "ském")


def _nominative_guesses(word: str) -> set[str]:
    """Rough nominatives of a declined noun: "Javie" → "Java", "Excelu" → "Excel"."""
    out = {word}
    for end, base in (("ie", "a"), ("ie", ""), ("ě", "a"), ("e", "a"), ("u", ""), ("i", ""), ("y", "a"), ("a", ""), ("em", ""),
                      ("ou", "a"), ("ą", "a"), ("ę", "a")):
        if word.endswith(end) and len(word) - len(end) >= 3:
            out.add(word[: len(word) - len(end)] + base)
    return out


def find_inflected_places(text: str) -> Iterator[Finding]:
    """Known places with a Turkish case ending, and hyphenated saint-named places."""
    if "'" in text or "’" in text:
        turkish: bool | None = None
        for m in _TR_LOCATIVE_RE.finditer(text):
            place = m.group("place")
            if (place in _PLACES and place not in _AMBIGUOUS_PLACES) or place in _TR_COUNTRIES or (
                    place in _TOWNS and _town_form(place)):
                yield Finding("LOCATION", m.start("place"), m.end("place"), 0.75, DETECTOR)
                continue
            if turkish is None:
                turkish = _TR_HINT_RE.search(text) is not None
            if not turkish or m.group("suffix").lower().lstrip("n") not in _TR_WHERE_SUFFIXES:
                continue  # a dative ("Ahmet'e") is said of people too
            start = m.start("place")
            if place in _TR_STREET_WORDS and (before := _TR_NAME_BEFORE_RE.search(text, max(0, start - 30), start)):
                start = before.start(1)  # "Bağdat Caddesi'ndeki": the street with its name
            elif place in FIRST_NAMES or place in LAST_NAMES or place.isupper() or after_capitalised_word(text, start) \
                    or place.lower() in _TR_TIME_WORDS or place.lower() in MONTHS_DAYS or place.lower() in COMMON_EN \
                    or place.lower() in TECH_PLATFORMS:  # "Windows'ta", "Excel'de"
                continue  # "Ahmet'te", "ABD'de" (an acronym is read elsewhere), "Elif Karataş'tan"
            yield Finding("LOCATION", start, m.end("place"), 0.65, DETECTOR)  # "Kadıköy'de, Moda'da oturuyorum"
    if ("ä" in text or "ö" in text) and _FI_HINT_RE.search(text):
        for m in _FI_INFLECTED_RE.finditer(text):
            word = m.group(0)
            if word in _PLACES or word in FIRST_NAMES or word in LAST_NAMES or word.endswith(("ian", "ean")):
                continue  # the nominative is found as it is; "Helena" is no "Hele" + "na", "Italian" no place
            for end in _FI_ENDINGS:
                stem = word[: -len(end)]
                if word.endswith(end) and len(stem) >= 3 and any(
                        c in _PLACES and c not in _AMBIGUOUS_PLACES for c in (stem, stem[:-1], stem + "i")):
                    yield Finding("LOCATION", m.start(), m.end(), 0.7, DETECTOR)
                    break
    yield from _case_form_places(text)
    if not text.isascii():
        langs = case_languages(text) & {"pl", "cs"}
        if not langs and _SLOVAK_LETTERS_RE.search(text):
            langs = frozenset({"cs"})  # Slovak declines its places as Czech does: "v Starom Meste"
        if langs:
            yield from _west_slavic_places(text, langs)
        if _GREEK_RE.search(text):
            yield from _greek_places(text)
        if _CYRILLIC_RE.search(text):
            yield from _east_slavic_places(text)
    if "-" in text:
        for m in _SAINT_PLACE_RE.finditer(text):
            if not after_capitalised_word(text, m.start()):  # "Clinique Saint-Roch": an institution's name
                yield Finding("LOCATION", m.start(), m.end(), 0.7, DETECTOR)



# Case forms of places in languages that inflect them without a preposition, each (ending, base):
# Lithuanian "Vilniuje" (Vilnius), "Kaune" (Kaunas), "Klaipėdoje" (Klaipėda), "į Šiaulius" (Šiauliai);
# Latvian "Jelgavā" (Jelgava), "Purvciemā" (Purvciems), "Olaines" (Olaine), "Ventspilī" (Ventspils);
# Serbian, Croatian, Slovene "u Zagrebu" (Zagreb), "u Ljubljani" (Ljubljana), "u Novom Sadu" (Novi Sad);
# Ukrainian "у Броварах" (Бровари), "у Львові" (Львів: і/о alternate); Icelandic "í Vestmannaeyjum"
# (Vestmannaeyjar), "frá Reykjavík". A form counts only when its base is a known place.
_CASE_FORMS: dict[str, tuple[re.Pattern[str], tuple[tuple[str, str], ...]]] = {
    "lt": (re.compile(r"[ėįųĖĮŲ]"), (("iuose", "iai"), ("uje", "us"), ("oje", "a"), ("yje", "is"), ("ius", "iai"),
                                      ("ių", "iai"), ("aus", "us"), ("os", "a"), ("o", "as"), ("e", "as"), ("ą", "a"),
                                      ("ą", "as"), ("ėje", "ė"), ("ės", "ė"))),
    "lv": (re.compile(r"[āēīūķļņģĀĒĪŪĶĻŅĢ]"), (("ā", "a"), ("ā", "s"), ("ā", "is"), ("ē", "e"), ("ī", "s"), ("es", "e"),
                                               ("as", "a"), ("u", "a"), ("ai", "a"), ("os", "i"), ("iem", "i"))),
    "sh": (re.compile(r"[čćđšžČĆĐŠŽ]"), (("u", ""), ("i", "a"), ("om", ""), ("a", ""), ("e", "a"), ("em", ""),
                                          ("ju", ""), ("iju", "ija"), ("ji", "ja"))),
    "uk": (re.compile(r"[а-яіїєґА-ЯІЇЄҐ]"), (("ах", "и"), ("ах", "а"), ("і", "а"), ("і", ""), ("ові", ""),
                                               ("у", ""), ("а", ""), ("ові", "ів"), ("ові", "ов"), ("еві", "ів"),
                                               ("і", "ь"), ("ю", "ь"), ("ї", "я"), ("ської", "ська"), ("ську", "ська"))),
    "is": (re.compile(r"[ðþÐÞ]"), (("um", "ar"), ("um", "ir"), ("i", "ur"), ("ar", "ur"), ("i", ""), ("ar", ""))),
}
_CASE_WORD_RE = re.compile(r"(?<![\w\-])(?![a-zß-ÿ])[^\W\d_][^\W\d_\-]{2,30}(?:-[^\W\d_]+)?(?![\w])")
# Serbo-Croatian two-word names decline both words: "Novom Sadu" (Novi Sad), "Slavonskom Brodu" (Slavonski Brod).
_SH_ADJ_ENDINGS = (("om", "i"), ("oj", "a"), ("em", "i"), ("og", "i"))


def _case_base_known(word: str, endings: tuple[tuple[str, str], ...]) -> bool:
    for end, base in endings:
        if word.endswith(end) and len(word) - len(end) >= 3:
            cand = word[: len(word) - len(end)] + base
            if (cand in _PLACES and cand not in _AMBIGUOUS_PLACES) or cand in _TOWNS:
                return True
    return False


def _case_form_places(text: str) -> Iterator[Finding]:
    """Known places in the case forms of Baltic, South Slavic, Ukrainian and Icelandic text."""
    if text.isascii():
        return
    for lang, (letters, endings) in _CASE_FORMS.items():
        if not letters.search(text):
            continue
        for m in _CASE_WORD_RE.finditer(text):
            word = m.group(0)
            if word in _PLACES or word in FIRST_NAMES or word in LAST_NAMES or word.lower() in FUNCTION_WORDS:
                continue  # a nominative is found as it is; "Jonas" is no "Jon" + "as"
            if lang == "sh":
                nxt = re.match(r"[ \t]+((?![a-zß-ÿ])[^\W\d_]{3,30})(?![\w])", text[m.end() : m.end() + 32])
                noun = nxt.group(1).removesuffix("u") if nxt else ""
                if nxt and any(word.endswith(a) and f"{word[: -len(a)]}{b} {noun}" in _PLACES for a, b in _SH_ADJ_ENDINGS):
                    yield Finding("LOCATION", m.start(), m.end() + nxt.end(1), 0.7, DETECTOR)
                    continue
            if _case_base_known(word, endings):
                yield Finding("LOCATION", m.start(), m.end(), 0.7, DETECTOR)


# Finnish inflects place names: "Tampereella" (Tampere), "Turussa" (Turku is left: consonant
# gradation), "Oulusta", "Espooseen". Only in Finnish text, and only when the stem is a known place.
_FI_HINT_RE = re.compile(
    r"(?i)\b(?:että|mutta|kanssa|tämä|olen|oli|asuva|asuu|asun|asui|kiitos|sanoo|tulee|myös|minä|sinä|osoite|puhelin)\b")
_FI_INFLECTED_RE = re.compile(r"(?<![\w\-])(?![a-zß-ÿ])[^\W\d_][a-zäöå]{3,20}(?:ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|seen|hin|an|en|in|n)(?![\w])")
_FI_ENDINGS = ("ella", "essa", "esta", "elle", "ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "seen",
               "hin", "an", "en", "in", "n")

#: Countries in Turkish, which the gazetteer (English and native names) does not hold.
_TR_COUNTRIES = frozenset(
    """Almanya İngiltere Fransa İtalya İspanya Hollanda Belçika Avusturya İsviçre Yunanistan Rusya Amerika
    Kanada Japonya Çin Hindistan Mısır Irak İran Suriye Gürcistan Azerbaycan Bulgaristan Romanya Polonya
    Ukrayna İsveç Norveç Danimarka Finlandiya Portekiz Macaristan Çekya Hırvatistan Sırbistan Arnavutluk
    Kıbrıs Lübnan Ürdün Fas Cezayir Tunus Libya Brezilya Meksika Arjantin Avustralya""".split()
)
