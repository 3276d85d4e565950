"""Cities in scripts without Latin letters (``classify.native_places``)."""

from __future__ import annotations

import pytest

from llm_warden.classify._native_places import NATIVE_PLACES
from llm_warden.classify.native_places import find_native_places
from llm_warden.classify.uncased import find_uncased_entities


def _spans(text: str, script: str) -> list[str]:
    return [text[f.start : f.end] for f in find_native_places(text, frozenset([script]))]


@pytest.mark.parametrize(("text", "script", "expected"), [
    ("فهو سيسافر من الرياض ثم بالقاهرة", "arabic", ["الرياض", "القاهرة"]),  # "ب" glued to the city
    ("מי שצריך לצאת לכיוון יפו, דרך תל אביב. גרתי בחיפה.", "hebrew", ["יפו", "תל אביב", "חיפה"]),
    ("नोएडा वाले फ्लैट के लिए दिल्ली में", "devanagari", ["नोएडा", "दिल्ली"]),
    ("부산 거주, 대구에서 출발", "hangul", ["부산", "대구"]),  # a particle glued to the end
    ("Το πλοίο φεύγει από τον Πειραιά. Μένουμε στη Θεσσαλονίκη.", "greek", ["Πειραιά", "Θεσσαλονίκη"]),
    ("Я живу в Казани, а брат в Москве. Ростов-на-Дону", "cyrillic", ["Казани", "Москве", "Ростов-на-Дону"]),
    ("接亲车队从杭州市出发。大阪に行きます。", "cjk", ["杭州市", "大阪"]),
])
def test_cities_in_their_own_script_and_case(text: str, script: str, expected: list[str]) -> None:
    assert _spans(text, script) == expected


@pytest.mark.parametrize(("text", "script"), [
    ("Сума за плащане: 1 728,00 лв.", "cyrillic"),  # a sentence's first word is a city only undeclined
    ("Александр Пушкин писал стихи.", "cyrillic"),  # a town named like a person, after a given name
    ("구성이 좋다", "hangul"),  # a frequent word that is also a small town's name
    ("前租客是在华山医院上班的护士", "cjk"),  # two characters of a small town inside other words
    ("松本さんに連絡しました", "cjk"),  # a surname that is a city needs 市 or 駅 after it
    ("世田谷消防署の協力で", "cjk"),  # a city at the head of an institution's name
])
def test_words_people_and_institutions_are_no_cities(text: str, script: str) -> None:
    assert _spans(text, script) == []


def test_a_city_in_a_found_organisation_is_the_organisations() -> None:
    text = "تحويل إلى بنك الإمارات دبي الوطني"
    assert [f.type for f in find_uncased_entities(text)] == ["ORGANIZATION"]


def test_the_gazetteer_holds_each_script_and_no_latin() -> None:
    assert set(NATIVE_PLACES) == {"arabic", "hebrew", "devanagari", "hangul", "greek", "cyrillic", "cjk"}
    assert all(not any("a" <= c.lower() <= "z" for c in n) for names in NATIVE_PLACES.values() for n in names)


def test_the_generator_reads_one_script_per_name() -> None:
    from llm_warden.classify._gen_native_places import script_of

    assert [script_of(n) for n in ("الرياض", "תל אביב", "부산", "Ростов-на-Дону", "大阪市", "ピレウス")] == [
        "arabic", "hebrew", "hangul", "cyrillic", "cjk", "cjk"]
    assert script_of("Busan") is None and script_of("Тель-Aviv") is None  # Latin, or a mix of scripts


@pytest.mark.parametrize(("text", "script", "expected"), [
    ("저는 베트남 호치민 법인과 협업했습니다", "hangul", ["베트남", "호치민"]),
    ("来月タイに行きます。ベトナムとドイツも。", "cjk", ["タイ", "ベトナム", "ドイツ"]),
    ("Мы едем в Германию летом.", "cyrillic", ["Германию"]),
    ("سافر إلى ألمانيا الشهر الماضي", "arabic", ["ألمانيا"]),
])
def test_countries_in_their_languages(text: str, script: str, expected: list[str]) -> None:
    assert _spans(text, script) == expected


@pytest.mark.parametrize(("text", "script"), [
    ("設定ファイルのタイムアウトを変更", "cjk"),  # "タイ" (Thailand) inside "タイムアウト"
    ("日本語を勉強しています", "cjk"),  # a language, not the country
    ("인도 위를 걷다", "hangul"),  # a pavement, though India is written the same
])
def test_a_country_inside_a_word_a_language_or_a_homograph_is_none(text: str, script: str) -> None:
    assert _spans(text, script) == []
