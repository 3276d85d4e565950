"""Cities named in a script without Latin letters: "من الرياض", "부산에서", "στον Πειραιά", "в Казани", "杭州市".

The gazetteer of ``_places.py`` holds Latin spellings. ``_native_places.py`` (generated from GeoNames by
``_gen_native_places.py``) holds the names a city has in Arabic, Hebrew, Devanagari, Hangul, Greek,
Cyrillic, Chinese and Japanese. Each script writes a name into its sentence its own way, so each is
read its own way:

* **Arabic and Hebrew** glue one or two particles to the front of a word ("بالرياض", "ביפו"): the word
  is tried with them taken off.
* **Korean** glues particles to its end ("부산에서", "대구로"): the word is tried without each of them.
* **Greek and Cyrillic** decline names ("Πειραιάς" → "στον Πειραιά", "Казань" → "в Казани"): words are
  compared by their stems, and only capitalised ones, so "мир" (peace) is not the town of Mir. A city
  named like a person ("Королёв", "Пушкин") is no place right after a given name.
* **Chinese and Japanese** have no spaces: names are looked for inside runs of characters, longest first.
  A city whose name is a common Japanese surname (松本, 福島) needs its 市, 県 or 駅 after it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..types import Finding
from ._native_places import NATIVE_PLACES
from .words import SENTENCE_START_RE

__all__ = ["find_native_places"]

DETECTOR = "pattern"

_WORD = {
    "arabic": "[\u0621-\u064a\u064b-\u065f\u0670-\u06d3]+",
    "hebrew": "[\u05d0-\u05ea\u05b0-\u05c7]+",
    "devanagari": "[\u0900-\u0963\u0966-\u097f]+",
    "hangul": "[가-힣]+",
    "greek": "[\u0370-\u03ff\u1f00-\u1fff]+",
    "cyrillic": "[\u0400-\u04ff]+",
}
# A word of the script, hyphenated parts joined ("Ростов-на-Дону", "תל-אביב").
_TOKEN_RE = {s: re.compile(rf"{w}(?:[-־]{w})*") for s, w in _WORD.items()}
_AR_PREFIXES = ("وب", "ول", "فب", "فل", "وك", "فك", "و", "ب", "ل", "ف", "ك")
_HE_ONE = "בלמוהשכ"
_HE_FIRST = "ושכ"
# Korean particles and endings a place name takes, longest first.
_KO_PARTICLES = tuple(sorted(
    """에서는 에서도 에서 으로는 으로 로는 로 에는 에도 에 의 은 는 이 가 을 를 까지 부터 도 와 과 하고 이랑 랑 시 역 행 발
    시청 시내 쪽 에서의""".split(), key=len, reverse=True))
_CASE_ENDINGS = {
    "cyrillic": tuple(sorted("""ами ями ого его ому ему ой ей ою ею ом ем ах ях ам ям ую юю ая яя ий ый ие ые а я у ю е і и ы
                             ь й о""".split(), key=len, reverse=True)),
    "greek": tuple(sorted("ου ος ας ης ες ων α η ο ι ς".split(), key=len, reverse=True)),
}
_STEM_MIN = 3
_CJK_RUN_RE = re.compile("[\u4e00-\u9fff\u3005\u30a0-\u30ff]+")
_JP_SURNAME_CITIES = frozenset(
    "松本 福島 小山 太田 上田 大野 岡山 長野 福井 藤沢 吉川 浅野 前橋 石川 宮崎 長崎 熊本 福田 横山 西尾 北見 高田 中津 三木 今井"
    .split())
_JP_PLACE_SUFFIX = "市県駅町区村府都"
_CJK_NOT_PLACE_AFTER = "語语人製制产產式風风菜"
_KATAKANA_RE = re.compile("[\u30a0-\u30ff]+")
# A city at the head of an institution's name is the institution's: "世田谷消防署", "北京大学", "大阪銀行".
_CJK_ORG_AFTER_RE = re.compile(
    "(?:消防署|警察署|警察局|大学|銀行|银行|病院|医院|公司|会社|学校|小学校|中学|高校|役所|政府|法院|电力|電力|航空|新聞|日报|电视台)")


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


def _stem(word: str, script: str) -> str:
    """The word without its case ending (and, in Greek, its accents): "Πειραιάς", "Πειραιά" → "πειραι"."""
    w = _plain(word) if script == "greek" else word.lower()
    for ending in _CASE_ENDINGS[script]:
        if w.endswith(ending) and len(w) - len(ending) >= _STEM_MIN:
            return w[: -len(ending)]
    return w


def _key(word: str, script: str) -> str:
    return _stem(word, script) if script in _CASE_ENDINGS else word


def _index() -> dict[str, dict[str, list[tuple[str, ...]]]]:
    """Per script, a name's first word (its key) → the keys of its other words, longest name first."""
    out: dict[str, dict[str, list[tuple[str, ...]]]] = {}
    for script, names in NATIVE_PLACES.items():
        if script == "cjk":
            continue
        table: dict[str, list[tuple[str, ...]]] = {}
        for name in names:
            words = [m.group(0) for m in _TOKEN_RE[script].finditer(name)]
            if not words or len(" ".join(words)) != len(name.replace("  ", " ")):
                continue  # a name with other characters in it ("آبا، ابیا")
            keys = tuple(_key(w, script) for w in words)
            table.setdefault(keys[0], []).append(keys[1:])
        for rest in table.values():
            rest.sort(key=len, reverse=True)
        out[script] = table
    return out


def _cjk_index() -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for name in NATIVE_PLACES["cjk"]:
        table.setdefault(name[:2], []).append(name)
    for names in table.values():
        names.sort(key=len, reverse=True)
    return table


_INDEX = _index()
_CJK_INDEX = _cjk_index()
# The names' own first words, undeclined: a capitalised word opening a sentence is a name only as it
# stands ("Казань — …"), not by its stem ("Сума за плащане" is no case of Суми).
_FIRST_WORDS = {s: frozenset(_plain(m.group(0)) for n in NATIVE_PLACES[s] if (m := _TOKEN_RE[s].match(n)))
                for s in _CASE_ENDINGS}


def _readings(word: str, script: str) -> Iterator[tuple[int, int]]:
    """(offset, length) of the parts of ``word`` that may be a name: the word itself, or without the
    particles its script glues to it."""
    yield 0, len(word)
    if script == "arabic":
        for p in _AR_PREFIXES:
            if word.startswith(p) and len(word) - len(p) >= 3:
                yield len(p), len(word) - len(p)
    elif script == "hebrew":
        if word[:1] in _HE_ONE and len(word) >= 4:
            yield 1, len(word) - 1
        if word[:1] in _HE_FIRST and word[1:2] in _HE_ONE and len(word) >= 5:
            yield 2, len(word) - 2
    elif script == "hangul":
        for p in _KO_PARTICLES:
            if word.endswith(p) and len(word) - len(p) >= 2:
                yield 0, len(word) - len(p)


def _spaced(text: str, script: str) -> Iterator[Finding]:
    table = _INDEX[script]
    cased = script in _CASE_ENDINGS
    tokens = list(_TOKEN_RE[script].finditer(text))
    for i, tok in enumerate(tokens):
        word = tok.group(0)
        if cased and not word[:1].isupper():
            continue
        if cased and SENTENCE_START_RE.search(text, max(0, tok.start() - 6), tok.start()) \
                and _plain(word) not in _FIRST_WORDS[script]:
            continue
        for off, length in _readings(word, script):
            part = word[off : off + length]
            key = _key(part, script)
            if script == "arabic" and off == 1 and word.startswith("لل"):
                key = "ا" + part  # "للرياض": ل before الرياض, whose alif falls out
            rests = table.get(key)
            if not rests:
                continue
            end = _match_rest(text, tokens, i, rests, script)
            if end is None:
                continue
            if cased and _after_given_name(text, tokens, i):
                break  # "Александр Пушкин": the poet, not the town
            yield Finding("LOCATION", tok.start() + off, end if end > tok.end() else tok.start() + off + length,
                          0.7, DETECTOR)
            break


def _match_rest(text: str, tokens: list[re.Match[str]], i: int, rests: list[tuple[str, ...]],
                script: str) -> int | None:
    """The end of the longest name whose other words follow token ``i``, or None."""
    for rest in rests:
        if i + len(rest) >= len(tokens):
            continue
        ok, end = True, tokens[i].end()
        for j, want in enumerate(rest, start=1):
            nxt = tokens[i + j]
            if text[end : nxt.start()].strip(" ") or _key(nxt.group(0), script) != want:
                ok = False
                break
            end = nxt.end()
        if ok:
            return end
    return None


def _after_given_name(text: str, tokens: list[re.Match[str]], i: int) -> bool:
    if i == 0:
        return False
    prev = tokens[i - 1]
    return prev.group(0)[:1].isupper() and not text[prev.end() : tokens[i].start()].strip(" ") \
        and not re.search(r"[.!?:\n]", text[prev.end() : tokens[i].start()])


def _cjk(text: str) -> Iterator[Finding]:
    for run in _CJK_RUN_RE.finditer(text):
        s, i = run.group(0), 0
        while i < len(s) - 1:
            for name in _CJK_INDEX.get(s[i : i + 2], ()):
                if s.startswith(name, i):
                    after = s[i + len(name) : i + len(name) + 1]
                    if name in _JP_SURNAME_CITIES and (not after or after not in _JP_PLACE_SUFFIX):
                        continue
                    if after and after in _CJK_NOT_PLACE_AFTER:
                        continue  # "日本語", "中国人": a language, a people
                    if _KATAKANA_RE.fullmatch(name) and (_KATAKANA_RE.fullmatch(after or "a")
                                                         or (i and _KATAKANA_RE.fullmatch(s[i - 1]))):
                        continue  # "タイ" (Thailand) inside "タイムアウト" (time-out): a katakana word goes on
                    if _CJK_ORG_AFTER_RE.match(s, i + len(name)):
                        i += len(name) - 1
                        break
                    yield Finding("LOCATION", run.start() + i, run.start() + i + len(name), 0.7, DETECTOR)
                    i += len(name) - 1
                    break
            i += 1


def find_native_places(text: str, scripts: frozenset[str]) -> Iterator[Finding]:
    """Cities the native gazetteer knows, in the scripts ``text`` holds (``uncased._SCRIPT_RES`` names)."""
    for script in scripts:
        if script == "cjk":
            yield from _cjk(text)
        elif script in _INDEX:
            yield from _spaced(text, script)
