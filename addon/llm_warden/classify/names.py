"""People's names from lists of given names and surnames: typing model spans, finding names.

A small model often knows that a word is an entity but not which kind: "Sharon Reyes" or
"Deirdre" come out as places. A place is cheap to mistake for a person in a policy sense (both
are redacted), but the audit record and the evaluation both want the right type, and a later
mention of the name is spread by type (``mentions``). So a model LOCATION that begins with a
given name and a surname, or a lone given name not after "in"/"via"..., and is not itself a
known place or street, is a PERSON, as is a model place right after listed names ("Ciarán ⟦Mac
Giolla Phádraig⟧"); a model PERSON that is a known place and no listed name is a LOCATION, one
that ends in a company word ("Marcus Obi Photography") an ORGANIZATION. The lists (``_names.py``) hold tens of thousands of names in Latin script from many
locales; names that are also places ("Sydney") stay on them, and each rule below decides.

The same lists find names that no model or cue did, where the list alone is strong evidence:

* a known given name followed by a known surname, both capitalised ("Brian Walsh", "Emre
  Demir"), outside Title Case headings and not followed by a place or company word;
* a known given name right after a word that is said to or of people ("call Becca", "ping
  Hamish", "escalated to Derek", "con Maite", "reviewed by Ines") or before a verb of speech or
  intent ("Youssef says", "Anders will pick you up"), or joined by "and" to another given name
  ("Fatou and Oluwaseun"); in Portuguese and Italian also after the article people put before a
  given name ("falei com o Rodrigo", "l'ha detto il Marco");
* a known given name alone in brackets ("(Stefan)") or on a message's last line ("Reggie");
* a known given name alone in running prose ("On Friday Marek (night shift)"), when it is no word,
  place or language, does not open a sentence, stands apart from other capitalised words and is
  not in a heading, in German text or in a line of code.

Given names that are as often ordinary words or products ("Will", "Ruby", "Claude", "Summer",
and the generated ``WORDLIKE_GIVEN_NAMES``: "True", "Server") never count on the list alone.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..types import Finding
from ._common import COMMON_EN
from ._names import FIRST_NAMES, LAST_NAMES, WORDLIKE_GIVEN_NAMES
from ._places import PLACES, TOWNS
from .words import (AMBIGUOUS_PLACES, CLUB_SUFFIXES, FUNCTION_WORDS, GREETING_WORDS, STREET_HEADS, TITLES, TRAVEL_TO_RE, WEEKDAYS, after_capitalised_word,
                    line_at)

__all__ = ["retype", "find_listed_names", "AMBIGUOUS_GIVEN_NAMES", "COMPANY_WORDS", "unsure_capitalised_word",
           "title_case_document", "unlisted",
           "capitalises_nouns", "lower_case_listed_name"]

DETECTOR = "pattern"

#: Given names on the lists that are as often an English word, a product or a language.
AMBIGUOUS_GIVEN_NAMES = frozenset(
    """Ada Alexa Alpha Amber Angel Apollo April Arch Art Atlas August Autumn Baker Baron Basil Berry
    Bill Bishop Brown Candy Case Cash Chase Cherry Christian Claude Crystal Daisy Dawn Deacon Dell
    Destiny Don Dove Duke Earl Echo Ember Faith Flora Ford Genesis Ginger Grace Green Guy Harmony
    Haskell Hazel Heather Hill Holly Hope Hugo Hunter Iris Ivy Jade Jasmine Jay Joy Julia June
    Justice Karma King Lane Laurel Liberty Lily Long Lucky Luna Major Mark Mars Mason Max May Melody
    Mercedes Min Nim Nova Olive Orion Page Parker Pascal Pat Pearl Pepper Poppy Porsche Price Prince
    Rich River Robin Rose Ruby Safari Sage Saint Serenity Sierra Siri Sky Sol Spring Star Stone Storm
    Summer Sunday Sunny Terra Trinity Venus Violet Will Willow Winter Wolf Wood Young Gemini Llama
    Mistral Bard Grok Copilot Cortana Jenkins Swift Rust Kotlin Scala Elixir Dart Go Maven Gradle
    Rosemary Fern Myrtle Juniper Clover Saffron Blossom Primrose Marigold Magnolia Dahlia Camellia Azalea
    Lavender Ace Queen Joker Jack Mercy Charity Patience Prudence Constance Honor Honour Verity Felicity Bliss
    Ansible Chef Puppet Salt Vagrant Electron Mocha Chai Jest Pytest Django Flask Rails Sinatra
    Sterling Laravel Symfony Hibernate Kafka Spark Flink Hive Pig Presto Trino Druid Pinot Superset Grafana
    Kibana Logstash Beats Vector Victor Oscar Charlie Romeo Juliet Mike Tango Hotel India Kilo Lima
    Yankee Zulu Bravo Delta Foxtrot Golf Papa Quebec Uniform Whiskey Xray Dusty Rusty Buddy Sandy
    Misty Cookie Lady Man Baby Honey Darling Sweetie Bud Mate Boss Chief Doc Gent Lord Sonny""".split()
)

#: The given names among them that are words before they are names ("Hope", "Will", "Summer"): with a
#: listed surname after them they name a person ("Hope Mbeki", "Will Ostrowski").
_WORDLIKE_PERSONAL = frozenset(
    """Amber April Autumn Bill Candy Cash Chase Christian Crystal Daisy Dawn Destiny Don Faith Flora Ginger Grace
    Hazel Heather Holly Hope Hunter Iris Ivy Jade Jasmine Jay Joy Julia June Justice Lily Mark Mason May Melody
    Olive Paris Pat Pearl Poppy Robin Rose Ruby Sage Sky Summer Sunny Violet Will Willow Jordan Florence
    Victor Oscar Charlie Mike Dusty Rusty Sandy""".split()
)

#: Listed given name + listed surname pairs that are foods.
_FOOD_PAIRS = frozenset({"pak choi", "pak choy", "bok choy", "bok choi", "chai latte"})

_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
#: Words that make a place of whatever name they follow or precede ("Florence Road", "North
#: Desiree", "San Giovanni", "Shona Ville").
_PLACE_WORDS = frozenset(
    """street st road rd lane avenue ave way drive close court square place park hill gardens row
    terrace crescent grove walk bridge station church hall house tower centre center market village
    town city county district valley lake river bay beach island port airport hospital school college
    university primary academy estate estates farm manor castle abbey north south east west upper
    infirmary surgery practice clinic
    lower saint st. san santa santo são sankt new old great little mount fort villa ville case""".split()
)
_STREET_ABBREVIATIONS = frozenset("rd st ave av blvd ln dr ct pl sq hwy pkwy".split())
#: A single word right after one of these is a place, whatever list it is on ("in Venice",
#: "via Roma", "nach Essen").
_PLACE_CUE_RE = re.compile(
    r"(?i)(?:^|[^\w])(?:in|at|near|to|from|nach|aus|bei|à|a|en|em|w|naar|uit|till|från|nel|nella|da|de|di"
    r"|via|viale|piazza|corso|rue|calle|avenida|rua|ul|ulica)[ \t]+\Z"
)


def retype(text: str, f: Finding) -> Finding:
    """``f`` retyped when the lists settle its kind, else ``f``.

    A model LOCATION becomes a PERSON when it is a given name followed by a surname, a lone
    given name that does not follow a place cue, or the rest of a name whose first words are
    listed names (then the PERSON takes them in); a lone surname is left alone (too many surnames
    are also towns: Clifton, Essex).
    A model PERSON becomes a LOCATION when it is a known place and no listed name ("ins Lager
    Krefeld"), and an ORGANIZATION when it ends in a company word ("Marcus Obi Photography").
    """
    if f.type == "PERSON":
        return _person_to_place(text, f)
    if f.type == "ORGANIZATION":
        site = _SITE_AFTER_RE.match(text, f.end)
        if site and " " not in text[f.start : f.end].strip() and text[f.start : f.end][:1].isupper() \
                and text[f.start : f.end].lower() not in COMPANY_WORDS and text[f.start : f.end] not in FIRST_NAMES:
            return Finding("LOCATION", f.start, f.end, f.score, f.detector, f.kind)  # "the Tampines warehouse"
        m = _COUPLE_RE.fullmatch(text, f.start, f.end)
        if m and m.group(1) != m.group(2) and not all(w in LAST_NAMES for w in m.groups()) and all(
                w in FIRST_NAMES and w not in AMBIGUOUS_GIVEN_NAMES and w not in PLACES
                for w in m.groups()):  # surnames make firms: "Johnson & Johnson", "Marks & Spencer"
            return Finding("PERSON", f.start, f.start + len(m.group(1)), f.score, f.detector, f.kind)  # "Floor & Joris"
        return f
    if f.type != "LOCATION":
        return f
    span = text[f.start : f.end]
    words = _WORD_RE.findall(span)
    if len(words) == 1 == len(span.split()) and span in LAST_NAMES and (
            (lead := _given_before(text, f.start)) is not None or (lead := _names_before(text, f.start)) is not None):
        return Finding("PERSON", lead, f.end, f.score, f.detector, f.kind)  # "Davide ⟦Colombo⟧", "Cláudia Ferreira ⟦Lima⟧"
    if (particle := _PARTICLE_SURNAME_RE.fullmatch(span)) and not particle.group(1) in PLACES \
            and (lead := _given_before(text, f.start)) is not None:
        return Finding("PERSON", lead, f.end, f.score, f.detector, f.kind)  # "Fenna ⟦de Graaf⟧"
    if not words or len(words) > 3 or len(words) != len(span.split()) or span in PLACES:
        return f
    if any(w in PLACES or w.lower() in _PLACE_WORDS or not w[0].isupper() for w in words):
        return f
    if (lead := _names_before(text, f.start)) is not None:
        return Finding("PERSON", lead, f.end, f.score, f.detector, f.kind)  # "Ciarán ⟦Mac Giolla Phádraig⟧"
    if words[0] not in FIRST_NAMES:
        return f
    if len(words) == 1:
        if _PLACE_CUE_RE.search(text, max(0, f.start - 12), f.start):
            return f
    elif not any(part in LAST_NAMES for part in words[-1].split("-")) and not (
            len(words) == 2 and words[0] not in AMBIGUOUS_GIVEN_NAMES and words[1].lower() not in COMMON_EN
            and words[1] not in TOWNS and not _PLACE_CUE_RE.search(text, max(0, f.start - 12), f.start)):
        return f  # (a given name and an unlisted word that is no word, no town, after no place cue: "Graham Pettigrew")
    return Finding("PERSON", f.start, f.end, f.score, f.detector, f.kind)


# Words after which a name is a place, not a person: "drive to", "based in", "w"/"we" (Polish), "på"
# (Nordic), "nach" (German), "naar" (Dutch), "à" (French). Not "to"/"from"/"with" alone, which people follow.
_ONLY_PLACES_BEFORE_RE = re.compile(
    r"(?<![\w])(?:(?:drive|drove|driving|fly|flew|flying|move|moved|moving|travel|travelled|traveling|relocate|relocated"
    r"|commute|commuting|trip|road trip|day trip)[ \t]+to|based in|located in|lives in|living in|born in|nach|naar|w|we"
    r"|på|à|vers|em|kota|desde|hacia)[ \t]+\Z"
)
# A lower-case word of a site after a name, which makes the name a place's: "Manukau station", "Kondele social
# hall", "Glen Nevis campsite", "Ikeja Division" of the police.
_PLACE_KIND_AFTER_RE = re.compile(
    r"[ \t]+(?:station|social hall|community hall|hall|campsite|campground|market|bus stop|bus park|stage|terminal"
    r"|junction|roundabout|interchange|suburb|township|village|estate|district|area|neighbourhood|neighborhood"
    r"|Division|division|municipality|county|parish|ward)(?![\w])"
)
# A place, then its county: "burial at Kathiani, Machakos County".
_COUNTY_AFTER_RE = re.compile(r",[ \t]+[A-Z][\w'’\-]+(?:[ \t][A-Z][\w'’\-]+)?[ \t]+(?:County|District|Province|Region)(?![\w])")
# Prepositions that take places where the text's language says so: Nordic "i", Czech and Slovak "v", "ve",
# "na", "do", Polish "na", "do" (in other languages "i" and "na" mean "and").
_GATED_PREPOSITIONS = {"nordic": ("i",), "cs": ("v", "ve", "na", "do"), "pl": ("na", "do")}
_PREPOSITION_BEFORE_RE = re.compile(r"(?<![\w])([a-z]{1,2})[ \t]+\Z")


def _gated_place_preposition(text: str, start: int) -> bool:
    m = _PREPOSITION_BEFORE_RE.search(text, max(0, start - 6), start)
    if m is None or text.isascii():
        return False
    from .inflection import case_languages

    langs = case_languages(text)
    return any(m.group(1) in _GATED_PREPOSITIONS.get(lang, ()) for lang in langs)


# A site named by where it is: "the Tampines warehouse", "our Mysuru campus", "Liberty Market branch".
_SITE_AFTER_RE = re.compile(r"[ \t\-]+(?:warehouse|branch|campus|depot|site|office|kontoret|plant|yard|store)\b")
# Two given names joined: a couple or two friends, not a firm ("bruiloft Floor & Joris").
_COUPLE_RE = re.compile(r"([^\W\d_][\w'’\-]+)[ \t]+(?:&|and|und|en|et|y|e|och|og|i)[ \t]+([^\W\d_][\w'’\-]+)")
_NAMES_BEFORE_RE = re.compile(r"(?:(?<![\w'’\-])(?![a-zß-ÿ])[^\W\d_][\w'’\-]*[ ]){1,3}\Z")


# A given name right before a word, maybe with a quoted nickname between: "Catherine "Kate" ⟦McGinley⟧".
_GIVEN_BEFORE_RE = re.compile(r"(?<![\w\-])([A-ZÀ-Þ][\w'’\-]+)[ \t]+(?:[\"“'‘(][A-ZÀ-Þ][\w\-]+[\"”'’)][ \t]+)?\Z")


# A surname with its particle, as the model may take it for a place: "de Graaf", "van der Berg", "da Silva".
_PARTICLE_SURNAME_RE = re.compile(r"(?:van der|van den|van de|van|von|de la|de|da|do|dos|del|di|le|la|ter|ten)[ \t]+([A-Z][\w'’\-]+)")


def _given_before(text: str, start: int) -> int | None:
    """The start of a listed given name (also one that is a word: "Faith", "Grace") right before a
    listed surname the model took for a place."""
    m = _GIVEN_BEFORE_RE.search(text, max(0, start - 40), start)
    if m is None or m.group(1) not in FIRST_NAMES or m.group(1).lower() in FUNCTION_WORDS or m.group(1) in PLACES:
        return None
    return m.start(1)


def _names_before(text: str, start: int) -> int | None:
    """The start of the listed names right before ``start`` ("Ciarán " before a model place
    "Mac Giolla Phádraig", "João Pedro Carvalho " before "Antunes"): one to three capitalised
    words, all given names or surnames, one a given name, none an ordinary or place word (the
    span itself has been checked to be no known place)."""
    m = _NAMES_BEFORE_RE.search(text, max(0, start - 60), start)
    if m is None:
        return None
    words = m.group(0).split()
    if not any(w in FIRST_NAMES and w not in AMBIGUOUS_GIVEN_NAMES for w in words):
        return None
    if not all((w in FIRST_NAMES or w in LAST_NAMES) and not w.isupper() and w.lower() not in FUNCTION_WORDS
               and w.lower() not in _PLACE_WORDS and w not in AMBIGUOUS_GIVEN_NAMES for w in words):
        return None
    return m.start()


def _person_to_place(text: str, f: Finding) -> Finding:
    """A model PERSON that is a known place and no listed name ("ins Lager Krefeld"), or that follows
    a word only places follow and starts with no given name ("drive to Dharamshala", "w Wrześni",
    "på Østerbro"), is a place; one that ends in a company word ("Marcus Obi Photography") is a company."""
    span = text[f.start : f.end]
    words = span.split()
    if words and words[-1][0].isupper() and words[-1].lower().strip(".,") in COMPANY_WORDS and words[-1] not in FIRST_NAMES:
        return Finding("ORGANIZATION", f.start, f.end, f.score, f.detector, f.kind)
    if words and words[0][:1].isupper() and not any(w in FIRST_NAMES and w not in AMBIGUOUS_GIVEN_NAMES for w in words) \
            and words[-1] not in CLUB_SUFFIXES \
            and (_ONLY_PLACES_BEFORE_RE.search(text, max(0, f.start - 24), f.start)
                 or _PLACE_KIND_AFTER_RE.match(text, f.end) or _COUNTY_AFTER_RE.match(text, f.end)
                 or _gated_place_preposition(text, f.start)):
        # "drive to Dharamshala"; "Manukau station", "Kondele social hall", "Glen Nevis campsite";
        # "burial at Kathiani, Machakos County"; "i Reine" in Norwegian, "v Kutné Hoře" in Czech
        return Finding("LOCATION", f.start, f.end, f.score, f.detector, f.kind)
    if not (span in PLACES or span in TOWNS) or span in AMBIGUOUS_PLACES:
        return f  # a smaller town too: "drive to Dharamshala", "Fort Lee", "Dee Why"
    if any(w in FIRST_NAMES or w in LAST_NAMES for w in _WORD_RE.findall(span)):
        return f
    return Finding("LOCATION", f.start, f.end, f.score, f.detector, f.kind)


# A word starting with a capital (lower-case ASCII and Latin-1 starts are skipped by the regex;
# the rest by ``str.isupper``), not glued to an address, handle, path or identifier.
_CAP_WORD_RE = re.compile(r"(?<![\w@#/\\.\-])(?![a-zß-ÿ])[^\W\d_][\w'’\-]*")
_NEXT_WORD_RE = re.compile(r"[ \t]+([^\W\d_][\w'’\-]*)")
# Words said to or of people, before a bare given name.
_CUE_BEFORE_RE = re.compile(
    r"(?i)(?:^|[^\w])(?:call|ring|ping|ask|asked|tell|told|email|e-mail|text|message|dm|contact|cc|hey|hi|hiya"
    r"|thanks|thank you|with|w/|talk to|speak to|spoke to|spoke with|spoke w/|escalated to|assigned to"
    r"|handed to|forwarded to|reach out to|meet|met|via|con|mit|avec|com|med|från|och|and|&|pour|para"
    r"|für|per|chiedi a|chiama|llama a|appelle|ruf|anrufen bei|bel|préviens|prévenir|contacte|demande à|dis à"
    r"|voir avec|pregunta a|avisa a|dile a|habla con|frag|sag|schreib|vraag|zeg tegen|spreek|fråga|säg till"
    r"|by|door|par|por|av|przez|cu|til|till|și|ve|és|à|happy birthday|love from|congrats|congratulations|welcome"
    r"|(?<=[a-zß-ÿ] )(?:o|il)|com o|com a|con il|con la|con el|con lo)[ \t]+\Z"
)
# Verbs of speech and intent after a bare given name.
_CUE_AFTER_RE = re.compile(
    r"[ \t]+(?:says|said|asks|asked|mentioned|thinks|wants|will|would|can|could|should|agreed|confirmed"
    r"|called|emailed|replied|wrote|reported|noticed|flagged|raised|suggested|needs|is out|is off|is on leave"
    r"|to check|to confirm|to send|to review|to follow up|hosting|sagt|meint|dit|a dit|dice|ha detto|disse"
    r"|from (?:their|the|our|your|his|her) [A-Za-z]+|peut|kann|puede|può|pode|kan|moet|will pick|on leave"
    r"|zegt|säger|mówi|set it up|set up|built|created|owns|maintains|dijo|llamó|mandó|le mandó|envió|escribió"
    r"|comentó|a dit|a appelé|sagte|rief an|zei|sa|sade|powiedział|powiedziała"
    r"|came|arrived|left early|went|joined|started|finished|signed|booked|paid|owes|lives|works|stayed|phoned"
    r"|texted|messaged|already|found|fixed|approved|rejected|submitted|sent|shared|forgot|missed|cancelled"
    r"|complained|refused|promised|explained|and I|& I|and me|and myself)\b"
)
# English verbs of speech after a given name that is also a function word of another language ("Dan said":
# Dutch "dan" is "then").
_EN_SPEECH_AFTER_RE = re.compile(r"[ \t]+(?:says|said|asked|told|wrote|replied|arrived|came|will|wants|thinks)\b")
# A second given name joined by "and": "Fatou and Oluwaseun join us" names two people.
_AND_GIVEN_RE = re.compile(r"[ \t]+(?:and|und|et|y|e|en|och|og|i|ve|și|és|&)[ \t]+([^\W\d_][\w'’\-]*)(?![\w'’\-])")
_HEADING_MIN_WORDS = 4


def _given_name(word: str) -> bool:
    """A listed given name, or a double one of two ("Gunn-Marit", "Aino-Kaisa", "Ole-Martin")."""
    if word in FIRST_NAMES:
        return True
    parts = word.split("-")
    return len(parts) == 2 and all(p in FIRST_NAMES and p not in AMBIGUOUS_GIVEN_NAMES and p not in WORDLIKE_GIVEN_NAMES
                                   for p in parts)


def _listed(word: str, names: frozenset[str]) -> bool:
    return word in names or (
        "-" in word and all(p in names for p in word.split("-")))


def _given_as_surname(word: str) -> bool:
    """A given name in a surname's place: many surnames are given names ("Zeynep Aydın", "Elton
    John", "Ana Paula"), and a given name after a given name names a person either way. Only names
    that are no word, product, place or language."""
    return (word in FIRST_NAMES and word not in AMBIGUOUS_GIVEN_NAMES and word not in WORDLIKE_GIVEN_NAMES
            and word not in AMBIGUOUS_PLACES and word not in PLACES and word not in _NOT_LONE
            and word.lower() not in TITLES)


_WORD_BEFORE_RE = re.compile(r"([^\W\d_]+)\.?[ \t]+\Z")


def _free_standing_pair(text: str, a: int, b: int) -> bool:
    """Two given names at ``text[a:b]`` standing as a name of their own: not the tail of a longer
    capitalised name ("Grand Canal Dock"), not after a place cue, a greeting or a street word ("w Willi
    Orla", "Str. Avram Iancu"), not before "of" ("Diana Princess of Wales Hospital"), and at the start
    of a sentence only when nothing follows in its field ("To: Olumide Adebayo <…>")."""
    if after_capitalised_word(text, a) or _PLACE_CUE_RE.search(text, max(0, a - 12), a):
        return False
    if text[a : text.find(" ", a)].lower() in GREETING_WORDS:
        return False  # "Beste Sanne en Joris": a greeting ("Beste" is also a given name), then a name
    if _SENTENCE_START_RE.search(text, max(0, a - 8), a) and not _PAIR_ALONE_RE.match(text, b):
        return False  # "Eşim Zeynep ile …" ("my wife Zeynep"): a sentence's first word may be a word
    before = _WORD_BEFORE_RE.search(text, max(0, a - 16), a)
    if before and before.group(1).lower() in STREET_HEADS:
        return False
    return not text.startswith(" of ", b)


# What ends a name standing alone in its field, maybe after two more name words: "To: Olumide Adebayo
# <…>", "Pt: Margaret Ellen Fairweather, DOB …", "Pt: Fatima Zahra El Idrissi   56F".
_PAIR_ALONE_RE = re.compile(r"(?:[ \t]+[A-Z][\w'’\-]+){0,2}(?:[ \t]*(?:[,;(<|\n]|\Z)|[ \t]{2,})")


def _ok_word(word: str) -> bool:
    return (word[0].isupper() and not word.isupper() and (word not in PLACES or word in AMBIGUOUS_PLACES)
            and word.lower() not in FUNCTION_WORDS and word.lower() not in _PLACE_WORDS)


class _LineFacts:
    """Per-line facts for the name rules, each line judged once, so a long line of names costs
    linear time: whether it is a heading in Title Case ("Young King Productions Annual Report"),
    where capitalised pairs prove nothing (prose punctuation, "Hi, I am Emre Demir.", says it is a
    sentence), and whether it is a line of code."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self._heading: dict[int, bool] = {}
        self._code: dict[int, bool] = {}
        self._title: dict[int, bool] = {}

    def _line(self, pos: int) -> tuple[int, str]:
        i = bisect.bisect_left(self.breaks, pos)
        a = self.breaks[i - 1] + 1 if i > 0 else 0
        return a, self.text[a : self.breaks[i] if i < len(self.breaks) else len(self.text)]

    def heading(self, pos: int) -> bool:
        a, line = self._line(pos)
        if a not in self._heading:
            words = [w for w in line.split() if w[:1].isalpha() and len(w) > 3]
            self._heading[a] = not (", " in line or ". " in line or line.rstrip().endswith(".")) \
                and len(words) >= _HEADING_MIN_WORDS and all(w[0].isupper() for w in words)  # a sentence ends in ".
        return self._heading[a]

    def title_case(self, pos: int) -> bool:
        """A Title Case line of six words or more ("2. Beat The Butter And Sugar Until Pale"), where a
        cue word proves nothing; short lines in Title Case are too often names ("Bas en Lotte")."""
        a, line = self._line(pos)
        if a not in self._title:
            words = [w for w in line.split() if w[:1].isalpha()]
            self._title[a] = len(words) >= 6 and sum(w[0].isupper() for w in words) >= 0.85 * len(words)
        return self._title[a]

    def cell(self, a: int, b: int) -> bool:
        """Whether ``text[a:b]`` starts a cell of a delimited table row (three or more delimiters on
        its line): the record rules read such cells by their column."""
        start, line = self._line(a)
        delims = max(line.count(","), line.count(";"), line.count("\t"), line.count("|"))
        before = self.text[a - 1] if a > start else "\n"
        return delims >= 3 and before in ",;\t|\n"

    def code(self, pos: int) -> bool:
        a, line = self._line(pos)
        if a not in self._code:
            self._code[a] = _CODE_LINE_RE.search(line) is not None
        return self._code[a]


# A given name alone in brackets, as an attribution ("Note interne (Karim) :", "NICHT committen!! (Stefan)"),
# or alone on the last line of a message, as its signature ("Reggie", "- Jen").
_ALONE_RE = re.compile(r"\((?P<p>[A-Z][\w'’\-]{1,20})\)|\n[ \t]*(?:[-–—~][ \t]*)?(?P<last>[A-Z][\w'’\-]{1,20})[ \t.!]*\Z")
# Letters and words only Hungarian text has.
_HUNGARIAN_RE = re.compile(r"[őűŐŰ]|(?<![\w])(?:és|vagyok|kérem|Tisztelt|köszönöm|szerint|hogy|nem|Üdvözlettel)(?![\w])")
# A lower-case given name before a verb of speech ("hey so dario said you'd sort it").
_LOWER_SPEAKER_RE = re.compile(
    r"(?<![\w@#/.\-])([a-zß-ÿ][a-zß-ÿ'’\-]{2,30})[ \t]+(?:says|said|asks|asked|wants|wanted|mentioned|thinks"
    r"|thought|told|texted|called|emailed|replied|wrote|reckons)\b"
)


#: Words that end a company name ("Kellerman Freight", "Moretti SRL").
COMPANY_WORDS = frozenset(
    """ltd limited inc corp llc plc gmbh ag sa srl spa bv nv ab oy as co company group holdings partners
    associates solicitors freight logistics consulting systems solutions services bank insurance
    foods motors labs studio studios media press mutual photography productions ventures consultants plumbing
    electrical roofing landscaping removals recruitment lettings lets catering advocats abogados avocats
    avvocati advogados""".split()
)
_NAME_ENDERS = _PLACE_WORDS | COMPANY_WORDS  # "Florence Nightingale Hospital", "Brian Walsh Ltd"
_STREET_AFTER = _PLACE_WORDS | _STREET_ABBREVIATIONS


def _ends_in_institution(text: str, end: int) -> bool:
    """Whether the capitalised words after ``end`` reach a place or company word within two words:
    "Florence Nightingale ⟦Hospital⟧", "Royal Albert Edward ⟦Infirmary⟧", "Brian Walsh ⟦Ltd⟧"."""
    for _ in range(2):
        after = _NEXT_WORD_RE.match(text, end)
        if not (after and after.group(1)[0].isupper()):
            return False
        if after.group(1).lower() in _NAME_ENDERS:
            return True
        end = after.end(1)
    return False


def find_listed_names(text: str) -> list[Finding]:
    """PERSON findings for listed given names in the shapes described in the module docstring."""
    out: list[Finding] = []
    last_end = -1
    n = len(text)
    lines = _LineFacts(text)
    hungarian: bool | None = None
    for m in _CAP_WORD_RE.finditer(text):
        first = m.group(0)
        a, b = m.span()
        if a < last_end:
            continue
        if not _given_name(first):
            # Surname first, as Hungarian names are written: "Kovács Péter" (elsewhere a surname before a
            # given name is as often a firm and its trade: "Halvorsen Marine", "Škoda Octavia").
            if hungarian is None:
                hungarian = _HUNGARIAN_RE.search(text) is not None
            nxt = _NEXT_WORD_RE.match(text, b) if hungarian and first in LAST_NAMES and _ok_word(first) else None
            if nxt and _given_as_surname(nxt.group(1)) and nxt.group(1) not in LAST_NAMES \
                    and _free_standing_pair(text, a, nxt.end(1)) and not lines.heading(a) \
                    and not _ends_in_institution(text, nxt.end(1)):
                out.append(Finding("PERSON", a, nxt.end(1), 0.75, DETECTOR))
                last_end = nxt.end(1)
            continue
        if first in AMBIGUOUS_GIVEN_NAMES or first in AMBIGUOUS_PLACES:
            nxt = _NEXT_WORD_RE.match(text, b) if first in _WORDLIKE_PERSONAL else None
            if nxt and _ok_word(nxt.group(1)) and nxt.group(1) in LAST_NAMES and nxt.group(1) not in FIRST_NAMES \
                    and nxt.group(1) not in AMBIGUOUS_GIVEN_NAMES and not _ends_in_institution(text, nxt.end(1)) \
                    and not lines.heading(a) and not lines.title_case(a) and (a == 0 or text[a - 1] != "#"):
                out.append(Finding("PERSON", a, nxt.end(1), 0.75, DETECTOR))  # "Hope Mbeki", "Paris Whitaker"
                last_end = nxt.end(1)
            continue
        if not _ok_word(first):
            if first.lower() in FUNCTION_WORDS and not first.isupper() and _EN_SPEECH_AFTER_RE.match(text, b) \
                    and not lines.heading(a):
                out.append(Finding("PERSON", a, b, 0.7, DETECTOR))  # "Dan said"
                last_end = b
            continue
        if b < n and text[b] in "@_/\\(":
            continue
        nxt = _NEXT_WORD_RE.match(text, b)
        if nxt and f"{first} {nxt.group(1)}".lower() in _FOOD_PAIRS:
            continue  # "Pak Choi": a vegetable, not Mr Choi
        if nxt and _ok_word(nxt.group(1)) and (_listed(nxt.group(1), LAST_NAMES) or (
                _given_as_surname(nxt.group(1)) and _free_standing_pair(text, a, nxt.end(1)))):
            end = nxt.end(1)
            if not _ends_in_institution(text, end) \
                    and (end == n or text[end] not in "@_/\\(") and not lines.heading(a):
                out.append(Finding("PERSON", a, end, 0.8, DETECTOR))  # "Brian Walsh"
                last_end = end
                continue
        after = _NEXT_WORD_RE.match(text, b)
        if after and after.group(1).lower().rstrip(".") in _STREET_AFTER:
            continue  # "Oracle Rd & Ina Rd": a street
        pair = _AND_GIVEN_RE.match(text, b)
        paired = pair is not None and pair.group(1) in FIRST_NAMES and pair.group(1) not in AMBIGUOUS_GIVEN_NAMES \
            and _ok_word(pair.group(1)) and first not in PLACES and pair.group(1) not in PLACES
        if (_CUE_BEFORE_RE.search(text, max(0, a - 24), a) or _CUE_AFTER_RE.match(text, b) or paired) and \
                not lines.heading(a) and not lines.title_case(a):  # "Preheat Oven And Line The Tin"
            out.append(Finding("PERSON", a, b, 0.75, DETECTOR))  # "call Becca", "Youssef says"
            last_end = b
    for m in _ALONE_RE.finditer(text) if "(" in text or "\n" in text else ():
        word = m.group("p") or m.group("last")
        if word in FIRST_NAMES and word not in AMBIGUOUS_GIVEN_NAMES and _ok_word(word) and word not in PLACES:
            g = "p" if m.group("p") else "last"
            out.append(Finding("PERSON", m.start(g), m.end(g), 0.75, DETECTOR))  # "(Stefan)", a closing "Reggie"
    if not capitalises_nouns(text):  # in German every noun is capitalised ("Tage", "Oma")
        out += _lone_given_names(text, out, lines)
    for m in _LOWER_SPEAKER_RE.finditer(text):
        word = m.group(1)
        cap = word.capitalize()
        if cap in FIRST_NAMES and cap not in AMBIGUOUS_GIVEN_NAMES and word not in FUNCTION_WORDS:
            out.append(Finding("PERSON", m.start(1), m.end(1), 0.7, DETECTOR))  # "so dario said"
    return out


# Words that are capitalised without being names: languages, month names and abbreviations, and what
# people call their grandparents and parents.
_NOT_LONE = frozenset(
    """English French German Spanish Italian Dutch Polish Portuguese Swedish Danish Norwegian Finnish Czech
    Turkish Romanian Greek Russian Chinese Japanese Korean Arabic Hindi Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec Januar Februar März Juni Juli Oktober Dezember Mai Juin Juillet Août Enero Junio Julio
    Maggio Giugno Luglio Oma Opa Mama Papa Mutti Vati Nonna Nonno Babcia Dziadek Tata Mamma Pappa Mormor Farmor""".split()
)
_CODE_LINE_RE = re.compile(r"[{}=<>\[\]]|;\s*$|\w\(|^\s*(?:def|class|while|if|for|return|import|const|let|var|fn|impl)\b")


def _lone_given_names(text: str, found: list[Finding], lines: _LineFacts) -> list[Finding]:
    """A listed given name standing alone in running prose ("On Friday Marek (night shift)", "the
    gerente, Héctor, me dijo"): no name that is also a word, a place or a language, not opening a
    sentence, not next to another capitalised word, not in a heading and not in a line of code."""
    out: list[Finding] = []
    taken = bytearray(len(text))  # the characters other findings cover: one look-up per word, not per finding
    for f in found:
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
    for m in _CAP_WORD_RE.finditer(text):
        w = m.group(0)
        a, b = m.span()
        if not _given_name(w) or w in AMBIGUOUS_GIVEN_NAMES or w in WORDLIKE_GIVEN_NAMES or w in _NOT_LONE \
                or w in PLACES or w.lower() in FUNCTION_WORDS or w.lower() in WEEKDAYS or w.isupper() or len(w) < 3:
            continue
        if any(taken[a:b]) or (b < len(text) and text[b] in "@_/\\(.-" and
                                                         text[b + 1 : b + 2].isalnum()) or (a > 0 and text[a - 1] in "'’"):
            continue  # taken, glued to code, or the end of "Coeur d'Alene"
        if _SENTENCE_START_RE.search(text, max(0, a - 8), a) or lines.heading(a):
            continue
        det = _DETERMINER_BEFORE_RE.search(text, max(0, a - 10), a)
        if det and (det.group(1).lower() != "a" or " the " in text):
            continue  # "when you build a Dock", "block another Raid": a thing (Romance "a Javi" is "to Javi")
        nxt = _NEXT_WORD_RE.match(text, b)
        if after_capitalised_word(text, a) or (
                nxt and nxt.group(1)[0].isupper() and nxt.group(1).lower() not in FUNCTION_WORDS):
            continue  # part of a longer capitalised run: a name pair, a company, a product
        if lines.code(a) or lines.cell(a, b):
            continue  # code, or a table's cell: there its column says what it is ("Sage,Herb,Grey-green")
        if _PLACE_BEFORE_LONE_RE.search(text, max(0, a - 8), a) or TRAVEL_TO_RE.search(text, max(0, a - 24), a) or (
                nxt and nxt.group(1).lower() in _PLACE_KIND_AFTER):
            continue  # "a rorbu i Reine", "over to Skye", "a Margit híd": a place named like a person
        out.append(Finding("PERSON", a, b, 0.6, DETECTOR))
    return out


# Words before a lone capitalised word that make it a place: one is in, at or near a place, and
# travels to it (``TRAVEL_TO_RE``), while one talks to a person. ("i" is "in" in Norwegian and
# "and" in Polish, "на" and "у" take people too: they are left out.)
_PLACE_BEFORE_LONE_RE = re.compile(r"(?i)(?<![\w])(?:in|at|near|w|v|ve|во|в|до|från|naar|nach)[ \t]+\Z")
# Lower-case kind words after a place's name: "Margit híd", "Wolfson street".
_PLACE_KIND_AFTER = frozenset(
    """híd utca út tér körút street road bridge square station airport ulica ulice náměstí straße strasse gasse
    platz allee weg vej gata gatan gade vei veien gate""".split()
)
_DETERMINER_BEFORE_RE = re.compile(r"(?i)(?<![\w])(a|an|the|one|another|each|every|any)[ \t]+\Z")
#: Below this score, a lone capitalised word the model calls a person or place needs support.
SURE_SCORE = 0.85
_GERMAN_SURE_SCORE = 0.95
_NOUN_CAPS_WORDS = frozenset("der die das den dem des und ist nicht mit für auf ein eine einen zu von im "
                             "het een en van de niet met voor op is zijn".split())
_SENTENCE_START_RE = re.compile(r"(?:\A|[.!?:\n])[\s\"'„“«(\-–•*>]*\Z|(?m:^)[ \t]*[a-z0-9]{1,2}[.)][ \t]+\Z")


def lower_case_listed_name(span: str) -> bool:
    """Whether ``span`` is a name written in lower case whose every word the lists know, at least
    one as a given name ("nurşan kowalczyk", "jean-luc picard"): lower case is no reason to drop
    what the model found there."""
    words = _WORD_RE.findall(span)
    if not words or len(words) > 4 or not span.islower() or len(words) != len(span.split()):
        return False
    caps = ["-".join(p.capitalize() for p in w.split("-")) for w in words]  # "jean-luc" → "Jean-Luc"
    if any(w in FUNCTION_WORDS or c in AMBIGUOUS_GIVEN_NAMES for w, c in zip(words, caps)):
        return False

    def listed(c: str, names: frozenset[str]) -> bool:
        return c in names or all(p in names for p in c.split("-"))

    return any(listed(c, FIRST_NAMES) for c in caps) and all(
        listed(c, FIRST_NAMES) or listed(c, LAST_NAMES) for c in caps)


def capitalises_nouns(text: str) -> bool:
    """German (and, for this purpose, Dutch) text, where a capital marks every noun, not a name."""
    words = text.lower().split()
    return len(words) >= 8 and sum(w in _NOUN_CAPS_WORDS for w in words) >= 0.08 * len(words)


@lru_cache(maxsize=64)
def title_case_document(text: str) -> bool:
    """A text written in Title Case throughout (a recipe card, an essay outline, a menu): three
    quarters of its words of three letters or more capitalised, over a dozen of them. There capitals
    prove nothing, whatever the model's score."""
    words = [w for w in _WORD_RE.findall(text) if len(w) >= 3 and not w.isupper()]  # shouting is not Title Case
    return len(words) >= 12 and sum(w[0].isupper() for w in words) >= 0.75 * len(words) \
        and not capitalises_nouns(text)  # German capitalises its nouns, not its headings


# Small words a headline capitalises and a sentence does not.
_HEADLINE_SMALL_WORDS = frozenset("And Are In To Of For With Not From What Why How Is Your The At On Or By Into Up Out".split())
# (not "A", which is also an initial: "To: Mr A. Haworth, 9 Cross Lee Road")


def title_case_line(line: str) -> bool:
    """A headline in Title Case: five words or more, three quarters of those of three letters or more
    capitalised, and a small word capitalised after the first ("Seedlings Are Leggy", "And Next Steps")."""
    line = _LIST_NUMBER_RE.sub("", line, count=1)  # "3. Light, Water And …": the number of an outline's item
    words = _WORD_RE.findall(line)
    if len(words) < 5 or _SENTENCE_BREAK_RE.search(line):
        return False  # two sentences make prose, whose sentence starts capitalise "In", "The"
    long = [w for w in words if len(w) >= 3 and not w.isupper()]
    return bool(long) and sum(w[0].isupper() for w in long) >= 0.75 * len(long) \
        and any(w in _HEADLINE_SMALL_WORDS for w in words[1:])


_SENTENCE_BREAK_RE = re.compile(r"[a-z0-9)][.!?][ \t]+[A-Z]")
_LIST_NUMBER_RE = re.compile(r"^[ \t]*(?:\d{1,3}[.)]|[-*•])[ \t]+")


def unlisted(span: str) -> bool:
    """Whether no word of ``span`` is a given name, surname or place the lists know."""
    return not any(w in FIRST_NAMES or w in LAST_NAMES or w in PLACES for w in _WORD_RE.findall(span))


def unsure_capitalised_word(text: str, f: Finding, nouns_capitalised: bool | None = None) -> bool:
    """Whether ``f`` is a model PERSON/LOCATION, scored below ``SURE_SCORE``, whose capitals prove
    nothing: one unlisted word at the start of a sentence ("Verwezen naar", "Merhaba,"), unlisted
    words in a Title Case line ("- 4 Chicken Thighs"), or in German ("Praxis", "Senf, Zwiebeln und
    Öl"), where every noun is capitalised.
    Such words are more often ordinary words than names; names and places on the lists, spans
    with digits (addresses) and confident predictions stay."""
    if f.detector != "ner" or f.type not in ("PERSON", "LOCATION") or f.score >= _GERMAN_SURE_SCORE:
        return False
    span = text[f.start : f.end]
    if f.score >= SURE_SCORE:
        # In German text the model is sure of ordinary nouns too ("Brühe, Essig, Senf"): one unlisted
        # word needs more than a sure score there.
        if " " not in span.strip() and span in AMBIGUOUS_GIVEN_NAMES and _title_case_sentence(text, f.start, 4):
            return True  # "Resource cards: Timber, Stone, Wool, Grain": a word among capitalised nouns
        if " " in span.strip() or not unlisted(span):
            return False
        if nouns_capitalised is None:
            nouns_capitalised = capitalises_nouns(text)
        return nouns_capitalised
    words = _WORD_RE.findall(span)
    shouted = span.isupper()
    if shouted:
        words = [w.title() for w in words]  # "KEVIN" is looked up as "Kevin"
    if not words or any(c.isdigit() for c in span):
        return False
    listed = [w for w in words if w in FIRST_NAMES or (_listed(w, LAST_NAMES) and not shouted) or w in PLACES]
    if listed:  # shouted surnames are too often words ("BACK", "LONG")
        # In a sentence of capitalised nouns, names that are words ("Fresh Ginger, Garlic") are words.
        if len(words) == 1 and words[0] in AMBIGUOUS_GIVEN_NAMES and _SENTENCE_START_RE.search(
                text, max(0, f.start - 8), f.start):
            return True  # "Rosemary has gone woody": a name that is a word, opening a sentence
        return all(w in AMBIGUOUS_GIVEN_NAMES or w in WORDLIKE_GIVEN_NAMES for w in listed) and (
            _title_case_sentence(text, f.start, 4)
            or (len(line_at(text, f.start).split()) <= 6 and _title_case_item(text, f.start)))  # "Lemon Drizzle Loaf"
    if shouted and _shouted_line(text, f.start):
        return True  # "CALL ME BACK ON THE NUMBER": in shouting, capitals say nothing
    if len(words) == 1 and _SENTENCE_START_RE.search(text, max(0, f.start - 8), f.start):
        return True
    if _title_case_item(text, f.start) or _title_case_sentence(text, f.start):
        return True  # "- 4 Chicken Thighs", "Smoked Paprika": every word of the line is capitalised
    if nouns_capitalised is None:
        nouns_capitalised = capitalises_nouns(text)
    return nouns_capitalised


@lru_cache(maxsize=64)
def _line_case(line: str) -> tuple[bool, bool]:
    """(shouted, title case) of one line, judged once however many findings stand on it: a long
    one-line prompt with a thousand model findings would otherwise be read a thousand times."""
    letters = [c for c in line if c.isalpha()]
    shouted = len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.6 * len(letters)
    words = [w for w in _WORD_RE.findall(line) if w.lower() not in FUNCTION_WORDS]
    title = len(words) >= 3 and 3 * sum(w[0].isupper() for w in words) >= 2 * len(words)
    return shouted, title


_SENTENCE_END_RE = re.compile(r"[.!?](?=\s)|\n")


def _title_case_sentence(text: str, pos: int, min_words: int = 8) -> bool:
    """Whether the sentence (or line) around ``pos`` capitalises its nouns ("I have Sweet Potatoes, a
    tin of Coconut Milk, Red Lentils and Coriander", "Sage Green Side Plate,Kitchen"): there an unlisted
    capitalised word, or a name that is a word, is a noun. ``min_words``: words of three letters or
    more it needs (after its first) to judge."""
    a = max((m.end() for m in _SENTENCE_END_RE.finditer(text, max(0, pos - 400), pos)), default=max(0, pos - 400))
    m = _SENTENCE_END_RE.search(text, pos)
    return _sentence_case(text[a : m.start() if m else min(len(text), pos + 400)], min_words)


@lru_cache(maxsize=64)
def _sentence_case(sentence: str, min_words: int) -> bool:
    """Most of the sentence's words capitalised though no name or place on the lists: a sentence full
    of people ("I met Grace Okafor, Tomasz Nowak and …") is not one that capitalises its nouns."""
    words = [w for w in _WORD_RE.findall(sentence)[1:] if len(w) >= 3 and w.lower() not in FUNCTION_WORDS
             and not w.isupper()]
    nouns = sum(w[0].isupper() and (w in AMBIGUOUS_GIVEN_NAMES or not (w in FIRST_NAMES or w in LAST_NAMES
                                                                        or w in PLACES)) for w in words)
    return len(words) >= min_words and nouns >= 0.6 * len(words)


def _shouted_line(text: str, pos: int) -> bool:
    """Whether most letters of the line around ``pos`` are capitals."""
    return _line_case(line_at(text, pos))[0]


def _title_case_item(text: str, pos: int) -> bool:
    """Whether the line around ``pos`` is written in Title Case (a heading, a list of products or
    ingredients): at least three words, at least two thirds of them capitalised."""
    return _line_case(line_at(text, pos))[1]
