"""Given names in the case forms of inflecting languages: Polish, Czech, Finnish, Hungarian and Lithuanian,
and the genitive of Danish, Norwegian and Swedish ("Asgers far").

These languages rarely write a name as the name lists spell it once it is the object of a
sentence: "odpisać Kasi" (Kasia), "z córką Agnieszką", "s dcerou Terezkou", "Sannan kanssa"
(Sanna), "Villen mukaan" (Ville), "Eszternek" (Eszter). Two things follow:

* a capitalised word whose ending, taken off (and the nominative's put back), leaves a given
  name the lists know is that person (``find_inflected_names``), in a text of that language only;
* a name found in one form is the same person in its other forms (``inflected_forms``, used by
  ``mentions`` to spread a name to its case forms).

Hypocoristics carry a name through half of all chats in these languages ("Kasia", "Tomek",
"Laci"), and Faker's lists hold few of them, so the commonest stand in ``DIMINUTIVES``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..types import Finding
from ._names import FIRST_NAMES, LAST_NAMES
from ._places import PLACES
from .names import AMBIGUOUS_GIVEN_NAMES
from .words import FUNCTION_WORDS, NOT_NAMES

__all__ = ["DIMINUTIVES", "case_languages", "find_inflected_names", "inflected_forms"]

DETECTOR = "pattern"

#: Everyday short forms of given names, by language.
DIMINUTIVES: dict[str, frozenset[str]] = {
    "pl": frozenset("""Kasia Basia Gosia Zosia Asia Ania Ola Magda Marysia Ewka Jola Ula Iza Kinga Monia Agata
        Tomek Kuba Bartek Wojtek Franek Antek Janek Maciek Piotrek Krzysiek Grzesiek Jacek Staszek Wiesiek
        Zbyszek Józek Kazik Heniek Romek Mirek Darek Arek Łukasz Michał Paweł""".split()),
    "cs": frozenset("""Terezka Honza Pepa Jirka Péťa Verča Lucka Katka Míša Kuba Tonda Standa Vašek Jarda Mirek
        Zdeněk Pavlínka Janička Anička Maruška Hanka Bára Jana Kačka Vojta Ondra Fanda Franta Lojza""".split()),
    "hu": frozenset("""Laci Eszti Zsuzsi Kati Pisti Feri Jancsi Gabi Ildi Bea Zsófi Dani Peti Misi Andi Niki
        Tomi Gyuri Józsi Marci Bence Gergő Kriszti Évi Erzsi Juci Panni Réka Dóri Orsi Anikó Csaba""".split()),
    "fi": frozenset("""Jussi Pekka Ville Sanna Kalle Masa Pete Jukka Tiina Minna Jonna Heikki Mikko Liisa
        Maija Pirkko Ritva Tuula Kaisa Riikka Janne Lasse""".split()),
    "lt": frozenset(),
    "nordic": frozenset(),
}

# A language's own letters, or two of its commonest words ("nie" alone is German too).
_LETTERS: dict[str, re.Pattern[str]] = {
    "pl": re.compile(r"[ąęłńśźżĄĘŁŃŚŹŻ]"),
    "cs": re.compile(r"[ěřůĚŘŮ]"),
    "fi": re.compile(r"[äöÄÖ]"),
    "hu": re.compile(r"[őűŐŰ]"),
    "lt": re.compile(r"[ėįųĖĮŲ]"),
    "nordic": re.compile(r"[æøåÆØÅ]"),
}
_WORDS: dict[str, frozenset[str]] = {
    "pl": frozenset("się jest nie że już jak dla przez który która proszę dzięki".split()),
    "cs": frozenset("jsem jsme který která také prosím děkuji protože není jsou".split()),
    "fi": frozenset("että mutta kanssa tämä olen oli kiitos sanoo tulee myös minä sinä hän joka".split()),
    "hu": frozenset("és hogy nem vagy egy köszi köszönöm mert ezt azt szia sziasztok vagyok leszek nagyon kell lesz "
                    "volt igen".split()),
    "lt": frozenset("ir yra kad bet su dėl buvo labai ačiū prašau".split()),
    "nordic": frozenset("og ikke jeg er har det til med som och inte jag är att hun han".split()),
}
_TOKEN_RE = re.compile(r"[^\W\d_]+")
# Finnish shares ä/ö with German and Swedish: its words must stand there too.
_LETTERS_ENOUGH = frozenset({"pl", "cs", "hu", "lt"})

# Ending taken off → what the nominative ends in, per language, longest first.
_REVERSE: dict[str, tuple[tuple[str, str], ...]] = {
    "pl": (("kiem", "ek"), ("kowi", "ek"), ("owi", ""), ("iem", ""), ("ku", "ek"), ("ka", "ek"), ("ce", "ka"),
           ("ie", "a"), ("em", ""), ("ą", "a"), ("ę", "a"), ("y", "a"), ("i", "a"), ("i", "ia"), ("o", "a"),
           ("u", "a"), ("u", ""), ("a", "")),
    "cs": (("kou", "ka"), ("ovi", ""), ("ou", "a"), ("em", ""), ("ě", "a"), ("y", "a"), ("e", "a"), ("u", "a"),
           ("o", "a"), ("i", "a"), ("a", ""), ("u", "")),
    "fi": (("lle", ""), ("lla", ""), ("llä", ""), ("lta", ""), ("ltä", ""), ("ssa", ""), ("ssä", ""),
           ("sta", ""), ("stä", ""), ("ksi", ""), ("kin", ""), ("ille", ""), ("in", ""), ("n", ""), ("a", ""),
           ("ä", "")),
    "hu": (("nak", ""), ("nek", ""), ("val", ""), ("vel", ""), ("nál", ""), ("nél", ""), ("tól", ""),
           ("től", ""), ("hoz", ""), ("hez", ""), ("ról", ""), ("ről", ""), ("ért", ""), ("ot", ""), ("et", ""),
           ("t", ""), ("ra", ""), ("re", "")),
    # Lithuanian dative, genitive, accusative, vocative: "Rūtai" (Rūta), "Mindaugui" (Mindaugas), "Jono" (Jonas)
    "lt": (("ui", "as"), ("ui", "us"), ("ai", "a"), ("ai", "as"), ("os", "a"), ("ės", "ė"), ("ei", "ė"), ("aus", "us"),
           ("ą", "a"), ("ą", "as"), ("o", "as"), ("e", "as")),
    # Danish, Norwegian and Swedish write the genitive with a bare s: "Asgers far", "Yasmins mor"
    "nordic": (("s", ""),),
}
_VOWEL_LENGTH = str.maketrans("áé", "ae")  # Hungarian lengthens a final vowel before an ending
_CAP_WORD_RE = re.compile(r"(?<![\w@.\-])[A-ZÀ-ÞŁŚŻŹĆŃĘĄŐŰČŘŠŽĎŤŇ][a-zà-ÿąęłńśźżćőűčďěňřšťůžėįųū]{2,24}(?![\w@\-]|\.\w)")


_NORDIC_STREET_AFTER_RE = re.compile(
    r"[ \t]+(?:gate|gata|gatan|gade|vei|veien|vej|vejen|väg|vägen|plass|plads|plats|torg|torv|allé|alle|bro|park)(?![\w])")
_NEXT_CAP_RE = re.compile(r"[ \t]+([A-ZÀ-ÞŁŚŻŹĆŃŐŰČŘŠŽĎŤŇ][a-zà-ÿąęłńśźżćőűčďěňřšťůž\-]{2,24})(?![\w@])")
_SURNAME_CASE_ENDINGS = ("skiej", "ckiej", "dzkiej", "skiego", "ckiego", "skiemu", "ckiemu", "ską", "cką", "ovou", "ové")


@lru_cache(maxsize=32)
def case_languages(text: str) -> frozenset[str]:
    """The inflecting languages ``text`` looks written in (usually none or one). Several detectors
    ask about the same text, so the answer is cached."""
    if text.isascii():
        return frozenset()  # these languages are not written without their letters
    out = set()
    tokens: set[str] | None = None
    for lang, words in _WORDS.items():
        letters = _LETTERS[lang].search(text) is not None
        if letters and lang in _LETTERS_ENOUGH:
            out.add(lang)
            continue
        if lang == "fi" and not letters:
            continue  # Finnish needs ä/ö and its words
        if tokens is None:
            tokens = set(_TOKEN_RE.findall(text.lower()))
        if len(words & tokens) >= (1 if letters else 2):
            out.add(lang)
    return frozenset(out)


def _known(name: str, lang: str) -> bool:
    return (name in FIRST_NAMES or name in DIMINUTIVES[lang]) and name not in AMBIGUOUS_GIVEN_NAMES


def lemmas(word: str, langs: frozenset[str]) -> Iterator[tuple[str, str]]:
    """(given name, language) for each reading of ``word`` as a case form of a known given name."""
    for lang in sorted(langs):
        for ending, nominative in _REVERSE[lang]:
            if not word.endswith(ending) or len(word) - len(ending) < 2:
                continue
            stem = word[: len(word) - len(ending)]
            for cand in {stem + nominative, (stem.translate(_VOWEL_LENGTH) if lang == "hu" else stem) + nominative}:
                if cand != word and len(cand) >= 3 and _known(cand, lang):
                    yield cand, lang


def inflected_forms(name: str, langs: frozenset[str]) -> set[str]:
    """The case forms of given name or surname ``name`` in ``langs`` (the nominative excluded)."""
    out: set[str] = set()
    if len(name) < 3:
        return out
    for lang in langs:
        if lang == "pl":
            if name.endswith(("ska", "cka", "dzka")):  # adjectival surnames: "Wiśniewska" → "Wiśniewskiej"
                out |= {name[:-1] + "iej", name[:-1] + "ą"}
            elif name.endswith(("ski", "cki", "dzki")):
                out |= {name + "ego", name + "emu", name + "m"}
            elif name.endswith("ia"):
                out |= {name[:-1], name[:-1] + "ę", name[:-1] + "ą", name[:-1] + "u"}
            elif name.endswith("ka"):
                out |= {name[:-1] + s for s in ("i", "ę", "ą", "o")} | {name[:-2] + "ce"}
            elif name.endswith("a"):
                out |= {name[:-1] + s for s in ("y", "i", "ie", "ę", "ą", "o")}
            elif name.endswith("ek"):
                out |= {name[:-2] + "k" + s for s in ("a", "owi", "iem", "u")}
            else:
                out |= {name + s for s in ("a", "owi", "em", "iem", "u", "ie")}
        elif lang == "cs":
            if name.endswith("a"):
                out |= {name[:-1] + s for s in ("y", "e", "ě", "u", "ou", "o", "i")}
            elif name.endswith("ek"):
                out |= {name[:-2] + "k" + s for s in ("a", "ovi", "em", "u")}
            else:
                out |= {name + s for s in ("a", "ovi", "em", "e", "u")}
        elif lang == "fi":
            base = name + "i" if name[-1] not in "aeiouyäö" else name
            out |= {base + s for s in ("n", "lle", "lla", "llä", "lta", "ltä", "a", "ä", "ksi", "kin", "sta", "ssa")}
        elif lang == "lt":
            if name.endswith("as"):
                out |= {name[:-2] + s for s in ("ui", "o", "ą", "e", "u", "ai")}
            elif name.endswith("us"):
                out |= {name[:-2] + s for s in ("ui", "aus", "ų", "umi")}
            elif name.endswith("a"):
                out |= {name[:-1] + s for s in ("ai", "os", "ą", "oje")}
            elif name.endswith("ė"):
                out |= {name[:-1] + s for s in ("ei", "ės", "ę")}
        elif lang == "nordic":
            out.add(name + "s")
        elif lang == "hu":
            base = name[:-1] + {"a": "á", "e": "é"}[name[-1]] if name[-1] in "ae" else name
            out |= {base + s for s in ("nak", "nek", "val", "vel", "nál", "nél", "tól", "től", "hoz", "hez",
                                       "ról", "ről", "t", "ot", "et", "ért")}
            if name[-1] not in "aeiouáéíóöőúüű":
                out |= {name + name[-1] + s for s in ("al", "el")}  # "Gábor" → "Gáborral"
    return out


def find_inflected_names(text: str) -> Iterator[Finding]:
    """Capitalised case forms of known given names, in a text of an inflecting language."""
    langs = case_languages(text)
    if not langs:
        return
    lower = {w.lower() for w in re.findall(r"(?<![\w])[a-zà-ÿąęłńśźżćőűčďěňřšťůž]{3,}", text)}
    for m in _CAP_WORD_RE.finditer(text):
        word = m.group(0)
        low = word.lower()
        if word in FIRST_NAMES or word in PLACES or low in lower or low in FUNCTION_WORDS or low in NOT_NAMES:
            continue  # the nominative is found as it is; a word also written in lower case is a word
        lemma = next(lemmas(word, langs), None)
        if lemma is not None:
            if lemma[1] == "nordic" and _NORDIC_STREET_AFTER_RE.match(text, m.end()):
                continue  # "Thorvald Meyers gate", "Kongens Nytorv": a street named in the genitive
            end = m.end()
            nxt = _NEXT_CAP_RE.match(text, end)
            if nxt and (nxt.group(1) in LAST_NAMES or nxt.group(1).endswith(_SURNAME_CASE_ENDINGS)):
                end = nxt.end(1)  # "do Ewy Nowak", "z Agnieszką Wiśniewską": the surname too
            yield Finding("PERSON", m.start(), end, 0.7, DETECTOR)
