"""Addresses and named places in scripts without capital letters: found by their kind words and
their fixed order, and ordinary text in those scripts stays clean."""

from __future__ import annotations

import pytest

from llm_warden.classify.script_places import find_script_places


def spans(text: str) -> list[str]:
    return [text[f.start:f.end] for f in find_script_places(text)]


@pytest.mark.parametrize(("text", "place"), [
    ("具体地址：上海市静安区康定路1128弄6号302室", "上海市静安区康定路1128弄6号302室"),
    ("我住在北京市朝阳区建国路88号。", "北京市朝阳区建国路88号"),  # the words before it are not the address
    ("（〒155-0031 東京都世田谷区北沢3-21-7 グリーンハイツ 203号）", "〒155-0031 東京都世田谷区北沢3-21-7 グリーンハイツ 203号"),
    ("午前便：世田谷区北沢2丁目〜代沢エリア。", "世田谷区北沢2丁目"),
    ("체크인 (부산광역시 해운대구 마린시티2로 38, 1203호)", "부산광역시 해운대구 마린시티2로 38, 1203호"),
    ("서울 마포구 월드컵북로 12길 5 으로 오세요", "서울 마포구 월드컵북로 12길 5"),
    ("כתובת מלאה: רחוב וולפסון 23, תל אביב-יפו 6813702", "רחוב וולפסון 23, תל אביב-יפו 6813702"),
    ("העבודות ברחוב וולפסון יימשכו עד יום חמישי", "וולפסון"),
    ("حافلة تنطلق من ميدان التحرير.", "ميدان التحرير"),
    ("نقطة التجمع: أمام برج القاهرة في الزمالك", "برج القاهرة"),
    ("वहाँ से गौरव टॉवर तक की सड़क", "गौरव टॉवर"),
    ("समिति कार्यालय, मालवीय नगर, जयपुर", "मालवीय नगर"),
])
def test_addresses_and_places_are_found(text: str, place: str) -> None:
    assert place in spans(text)


@pytest.mark.parametrize("text", [
    "这个函数返回第3号元素。请在第2章第5节查看。",  # a number and 号 without a road
    "この関数は3-4-5の三角形を返します。",  # numbers with dashes and no ward or town
    "이 함수는 리스트를 반환합니다. 3번 항목을 보세요.",
    "זה השם של הקובץ שאני צריך לשנות",
    "هذا الكود يعيد قائمة من الأرقام",
    "जयपुर नगर निगम की टीम आएगी",  # the city's corporation, an organisation
    "बस सांगानेर वाले गेट से निकलेगी",  # "the one by Sanganer": the gate is not named
])
def test_ordinary_text_in_these_scripts_has_no_places(text: str) -> None:
    assert spans(text) == []
