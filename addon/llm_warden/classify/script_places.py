"""Addresses and named places in Chinese, Japanese, Korean, Hebrew, Arabic and Devanagari script.

Why a module of its own: these scripts have no capital letters, so the capitalised-run rules of
``places`` never see their places, and Chinese and Japanese have no spaces to bound a word.
What they do have is a fixed order and fixed kind words: a Chinese address runs province, city,
district, road, number (上海市静安区康定路1128弄6号), a Japanese one starts with 〒 and a postcode
or runs prefecture, ward, chōme, a Korean one names a city, a district (구) and a road (로/길) with
its number, and a street, square or bridge in Hebrew, Arabic or Hindi is named after its kind
word (רחוב, ميدان, कॉलोनी). Each rule below keys on those words, so ordinary text in these
scripts, which has them rarely and never in this order, stays clean.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..types import Finding

__all__ = ["find_script_places"]

DETECTOR = "pattern"

_HAN = "\u4e00-\u9fff"
_KANA = "\u3040-\u309f\u30a0-\u30ff"
_DIGIT = "0-9０-９"
# Characters before which a Chinese address may begin: not inside a run of Han characters, or
# right after a word that introduces it ("住在", "位于", "地址").
_CN_START = rf"(?:(?<![{_HAN}])|(?<=[在于到至往住址]))"
_CN_ADDRESS_RE = re.compile(
    rf"{_CN_START}(?:[{_HAN}]{{2,6}}?(?:省|自治区))?(?:[{_HAN}]{{1,6}}?市)?(?:[{_HAN}]{{1,6}}?(?:区|县|镇|乡))?"
    rf"[{_HAN}]{{1,10}}?(?:路|街|大道|道|巷|胡同|里)[{_DIGIT}]{{1,5}}(?:弄[{_DIGIT}]{{1,4}})?号"
    rf"(?:楼)?(?:[{_DIGIT}]{{1,5}}(?:室|号|单元))?"
)
# 〒155-0031 東京都世田谷区北沢3-21-7 グリーンハイツ 203号: the postcode and the rest of the line.
_JP_POSTCODE_ADDRESS_RE = re.compile(
    rf"〒[ \u3000]?[{_DIGIT}]{{3}}[-－‐][{_DIGIT}]{{4}}[ \u3000]*[^\n（）()、。,，]{{2,60}}"
)
_JP_PREFECTURE = r"(?:東京都|北海道|京都府|大阪府|[" + _HAN + r"]{2,3}県)"
_JP_ADDRESS_RE = re.compile(
    rf"(?<![{_HAN}{_KANA}]){_JP_PREFECTURE}?[{_HAN}]{{1,5}}?[市区町村郡][{_HAN}{_KANA}]{{0,8}}?"
    rf"(?:[{_DIGIT}一二三四五六七八九十]{{1,3}}丁目(?:[{_DIGIT}]{{1,4}}(?:[-－][{_DIGIT}]{{1,4}})?)?"
    rf"|[{_DIGIT}]{{1,4}}(?:[-－][{_DIGIT}]{{1,4}}){{1,2}})"
)
# 부산광역시 해운대구 마린시티2로 38, 1203호 / 서울 마포구 월드컵북로 12길 5
_KO_ADDRESS_RE = re.compile(
    r"(?<![가-힣])(?:[가-힣]{2,4}(?:특별시|광역시|특별자치시|특별자치도|도|시)?[ \t]+)?"
    r"(?:[가-힣]{1,6}(?:시|군|구)[ \t]+)(?:[가-힣]{1,6}(?:동|읍|면)[ \t]+)?"
    r"[가-힣0-9]{1,12}(?:로|길|대로)(?:[ \t]*[0-9]{1,3}(?:번)?길)?[ \t]*[0-9]{1,4}(?:-[0-9]{1,4})?"
    r"(?:,?[ \t]*[0-9]{1,5}(?:호|층))?(?:[ \t]*\([가-힣0-9,\s]{1,20}\))?"
)
# Hebrew streets, boulevards and squares by their kind word, with a house number and a town when
# written: "רחוב וולפסון 23, תל אביב-יפו 6813702", "ברחוב וולפסון", "שדרות ירושלים".
_HE = "\u05d0-\u05ea"
_HE_WORD = rf"[{_HE}][{_HE}\"'׳״\-]*"
_HE_NOT_NAMES = frozenset("של את על עם אל עד כל זה זו הוא היא יש אין גם רק לא כי אם או".split())
_HE_STREET_RE = re.compile(
    rf"(?<![{_HE}])(?:ב|ל|מ|ה)?(?:רחוב|רח'|שדרות|שד'|כיכר|סמטת|שכונת)[ \t]+(?P<name>{_HE_WORD}(?:[ \t]+{_HE_WORD}(?=[ \t]+[0-9]))?)"
    rf"(?P<rest>[ \t]+[0-9]{{1,4}}(?:,[ \t]*{_HE_WORD}(?:[ \t\-]+{_HE_WORD}){{0,2}})?(?:[ \t]+[0-9]{{5,7}})?)?"
)
# Arabic streets, squares, bridges, towers and districts by their kind word: "ميدان التحرير",
# "كوبري قصر النيل", "شارع الهرم".
_AR = "\u0621-\u064a"
_AR_WORD = rf"[{_AR}][{_AR}\u064b-\u065f]*"
_AR_NOT_NAMES = frozenset("في من إلى الى على عن مع و أو ثم حتى عند بعد قبل هذا هذه الذي التي كل".split())
_AR_PLACE_RE = re.compile(
    rf"(?<![{_AR}])(?:ب|و|ل)?(?:شارع|ميدان|كوبري|جسر|برج|حي|كورنيش|منطقة|مدينة|قرية|مسجد|سوق)[ \t]+"
    rf"(?P<name>{_AR_WORD}(?:[ \t]+{_AR_WORD})?|[0-9]{{1,2}}[ \t]+{_AR_WORD})"
)
# Devanagari places by their kind word after the name: "मालवीय नगर", "जवाहर सर्किल", "आमेर किले".
_DEV = "\u0900-\u097f"
_DEV_WORD = rf"[{_DEV}]+"
_DEV_TAILS = r"नगर|सर्किल|चौक|मार्ग|किला|किले|महल|टॉवर|बाज़ार|बाजार|विहार|कॉलोनी|पार्क|गेट|सेक्टर|घाट|मंडी|पुरम|गंज|बाग"
_DEV_NOT_NAMES = frozenset("की का के को से में पर और या यह वह एक कि है हैं था थी तक भी ही नहीं टीम बस वाले वाली वाला".split())
# "जयपुर नगर निगम" is the city's corporation, an organisation.
_DEV_PLACE_RE = re.compile(
    rf"(?<![{_DEV}])(?P<body>{_DEV_WORD}[ \t]+)(?:{_DEV_TAILS})(?![{_DEV}])(?![ \t]+(?:निगम|पालिका|परिषद|प्राधिकरण|सहकारी|समिति|संस्था|ट्रस्ट|लिमिटेड))")


_CN_LEAD_IN_RE = re.compile(r"[在于到至往住址]")
_CN_FIRST_UNIT_RE = re.compile(r"省|自治区|市|区|县|镇|乡|路|街|道|巷|胡同|都|府|県")


def _lead_in(match: str) -> int:
    """Characters before the address proper: "我住在北京市…" starts at "北京"."""
    unit = _CN_FIRST_UNIT_RE.search(match)
    head = match[: unit.start()] if unit else ""
    cues = [m.end() for m in _CN_LEAD_IN_RE.finditer(head)]
    return cues[-1] if cues and cues[-1] < len(head) - 1 else 0


def find_script_places(text: str) -> Iterator[Finding]:
    """Addresses and named places in scripts without capital letters (see the module's docstring)."""
    if re.search(rf"[{_HAN}{_KANA}]", text):
        for rx in (_CN_ADDRESS_RE, _JP_POSTCODE_ADDRESS_RE, _JP_ADDRESS_RE):
            for m in rx.finditer(text):
                start = m.start() + _lead_in(m.group(0))
                yield Finding("LOCATION", start, m.start() + len(m.group(0).rstrip(" \u3000")), 0.85, DETECTOR)
    if re.search("[가-힣]", text):
        for m in _KO_ADDRESS_RE.finditer(text):
            yield Finding("LOCATION", m.start(), m.end(), 0.85, DETECTOR)
    if re.search(f"[{_HE}]", text):
        for m in _HE_STREET_RE.finditer(text):
            words = m.group("name").split()
            while words and words[-1] in _HE_NOT_NAMES:
                words.pop()
            if not words:
                continue
            end = m.end("rest") if m.group("rest") else m.start("name") + len(" ".join(words))
            yield Finding("LOCATION", m.start("name") if not m.group("rest") else m.start(), end, 0.8, DETECTOR)
    if re.search(f"[{_AR}]", text):
        for m in _AR_PLACE_RE.finditer(text):
            words = m.group("name").split()
            cut = next((i for i, w in enumerate(words) if w in _AR_NOT_NAMES), len(words))
            if cut == 0:
                continue
            yield Finding("LOCATION", m.start(), m.start("name") + len(" ".join(words[:cut])), 0.8, DETECTOR)
    if re.search(f"[{_DEV}]", text):
        for m in _DEV_PLACE_RE.finditer(text):
            words = m.group("body").split()
            while words and words[0] in _DEV_NOT_NAMES:
                words.pop(0)
            if not words or any(w in _DEV_NOT_NAMES for w in words):
                continue
            start = m.end("body") - len(" ".join(words)) - 1
            yield Finding("LOCATION", start, m.end(), 0.8, DETECTOR)
