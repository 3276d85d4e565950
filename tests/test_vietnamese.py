"""People and places in Vietnamese text (``classify.vietnamese``)."""

from __future__ import annotations

import re

from llm_warden.classify.vietnamese import find_vietnamese_people, find_vietnamese_places, names_a_language

_FORM = ("HỒ SƠ NHÂN VIÊN\nHọ và tên: Trần Thị Mỹ Linh\nNơi sinh: Hà Nội\n"
         "Địa chỉ: số 12 đường Lê Lợi, quận Hoàn Kiếm\nNgười liên hệ: chồng – anh Phúc, 0912 604 883\n"
         "Em là nhân viên tại chi nhánh Đồng Nai. Dịch sang tiếng Anh giúp mình.")


def _spans(found: object, text: str) -> list[str]:
    return [text[f.start : f.end] for f in found]  # type: ignore[attr-defined]


def test_family_name_first_and_names_after_a_kin_word() -> None:
    assert _spans(find_vietnamese_people(_FORM), _FORM) == ["Trần Thị Mỹ Linh", "Phúc"]


def test_places_after_their_kind_word_and_no_street_or_city_as_a_person() -> None:
    assert _spans(find_vietnamese_places(_FORM), _FORM) == ["Lê Lợi", "Hoàn Kiếm", "Đồng Nai"]
    assert "Hà Nội" not in _spans(find_vietnamese_people(_FORM), _FORM)  # a city that starts with a family name
    assert "Lê Lợi" not in _spans(find_vietnamese_people(_FORM), _FORM)  # a street named after a king


def test_a_language_is_no_person_and_other_texts_are_left_alone() -> None:
    capitalised = [m for m in re.finditer(r"(?<![\w])[A-ZĐÀ-Ỹ]\w+", _FORM)]
    assert [m.group(0) for m in capitalised if names_a_language(_FORM, m.start())] == ["Anh"]
    english = "Please ask Tran Linh and anh Phuc about the Le Loi branch."
    assert list(find_vietnamese_people(english)) == [] and list(find_vietnamese_places(english)) == []


def test_airports_markets_lakes_and_streets_by_their_kind_word() -> None:
    text = "Đón khách ở sân bay Tân Sơn Nhất, trưa đi chợ Bến Thành, tối dạo quanh hồ Xuân Hương rồi về phố Hàng Bạc."
    assert _spans(find_vietnamese_places(text), text) == ["Tân Sơn Nhất", "Bến Thành", "Xuân Hương", "Hàng Bạc"]
