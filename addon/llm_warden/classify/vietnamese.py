"""People in Vietnamese text: the family name first, and the kin word that speaks to someone.

A Vietnamese name is written family name, middle name(s), given name: "Nguyễn Văn Thành",
"Lê Thị Hồng". A handful of family names cover most people, so a listed family name followed by
one to three capitalised syllables is a person. Vietnamese also addresses people with a kin or
rank word before the given name ("anh Tuấn", "chị Hương", "bà Lan", "thầy Minh"); in a Vietnamese
text such a word before a capitalised syllable names someone. "tiếng Anh" (English) and "tiếng
Pháp" are languages, whose word "Anh" other lists take for a given name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..types import Finding

__all__ = ["find_vietnamese_people", "find_vietnamese_places", "names_a_language"]

DETECTOR = "pattern"

# The most common family names (together about nine in ten Vietnamese people).
_FAMILY_NAMES = (
    "Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Trương|Đoàn|Lương|Trịnh|Lâm"
    "|Quách|Tạ|Tô|Châu|Thái|Cao|Mai|Hà|Kiều|Lưu|Triệu|Tăng|Từ|Khúc|Chu"
)
# Places that start with a family name, and streets named after people ("đường Lê Lợi").
_PLACES = frozenset(
    "Hà Nội|Hà Giang|Hà Nam|Hà Tĩnh|Hà Đông|Thái Bình|Thái Nguyên|Cao Bằng|Lâm Đồng|Hồ Chí Minh|Phan Thiết"
    "|Phan Rang|Mai Châu|Châu Đốc|Hồ Tây|Hồ Gươm|Hoàng Mai|Cao Lãnh|Đồng Nai".split("|")
)
_STREET_BEFORE_RE = re.compile(r"(?i)(?:đường|phố|số[ \t]+\d+[a-z]?|quận|phường|tp\.?|thành phố|tỉnh|huyện|xã)[ \t]+\Z")
_SYLLABLE = r"(?:[A-ZĐÀ-ỸÂĂÊÔƠƯ][a-zà-ỹđăâêôơư]{0,6})"
_FULL_NAME_RE = re.compile(rf"(?<![\w])(?:{_FAMILY_NAMES})(?:[ \t]+{_SYLLABLE}(?![\w])){{1,3}}")
_KIN_RE = re.compile(
    rf"(?<![\w])(?:anh|chị|em|cô|chú|bác|ông|bà|thầy|cậu|dì|mợ|thím|Anh|Chị|Em|Cô|Chú|Bác|Ông|Bà|Thầy)[ \t]+"
    rf"(?P<name>{_SYLLABLE}(?:[ \t]+{_SYLLABLE}){{0,2}})(?![\w])"
)
_LANGUAGE_WORD_BEFORE_RE = re.compile(r"(?<![\w])tiếng[ \t]+\Z")
# Letters only Vietnamese writes among the gateway's languages.
_VIETNAMESE_RE = re.compile(r"[ơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


def _vietnamese(text: str) -> bool:
    return len(_VIETNAMESE_RE.findall(text, 0, 4000)) >= 5


def find_vietnamese_people(text: str) -> Iterator[Finding]:
    """Family-name-first names and names after a kin word, in a text written in Vietnamese."""
    if not _vietnamese(text):
        return
    for m in _FULL_NAME_RE.finditer(text):
        if names_a_language(text, m.start()) or _STREET_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if any(m.group(0).startswith(p) for p in _PLACES):
            continue
        yield Finding("PERSON", m.start(), m.end(), 0.75, DETECTOR)
    for m in _KIN_RE.finditer(text):
        if not names_a_language(text, m.start("name")):
            yield Finding("PERSON", m.start("name"), m.end("name"), 0.7, DETECTOR)


# A place after the word of its kind or a locative: "chi nhánh Bình Dương" (the Bình Dương branch),
# "tỉnh Đồng Nai", "quận Hoàn Kiếm", "ở Đà Nẵng", "sân bay Nội Bài" (the airport), "chợ Bến Thành" (the market).
_PLACE_CUE_RE = re.compile(
    rf"(?<![\w])(?:chi nhánh|tỉnh|thành phố|TP\.|quận|huyện|phường|thị xã|xã|tại|ở|về|đến|sân bay|chợ|phố|đường"
    rf"|hồ|vịnh|cầu|núi|sông|đảo|bến xe|ga|công viên|chùa|đền|nhà thờ|bãi biển|khách sạn)[ \t]+"
    rf"(?P<place>{_SYLLABLE}(?:[ \t]+{_SYLLABLE}){{0,2}})(?![\w])"
)


def find_vietnamese_places(text: str) -> Iterator[Finding]:
    """Provinces, districts and branches after the word of their kind, in a text written in Vietnamese."""
    if not _vietnamese(text):
        return
    for m in _PLACE_CUE_RE.finditer(text):
        yield Finding("LOCATION", m.start("place"), m.end("place"), 0.85, DETECTOR)


def names_a_language(text: str, start: int) -> bool:
    """Whether the words at ``start`` follow "tiếng", the word that makes them a language."""
    return _LANGUAGE_WORD_BEFORE_RE.search(text, max(0, start - 12), start) is not None
