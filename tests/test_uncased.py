"""Addresses and named places in scripts without capital letters: found by their kind words and
their fixed order, and ordinary text in those scripts stays clean."""

from __future__ import annotations

import pytest

from llm_warden.classify.uncased import find_uncased_entities


def spans(text: str) -> list[str]:
    return [text[f.start:f.end] for f in find_uncased_entities(text) if f.type == "LOCATION"]


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


def found(text: str, typ: str) -> list[str]:
    return [text[f.start:f.end] for f in find_uncased_entities(text) if f.type == typ]


@pytest.mark.parametrize(("text", "person"), [
    ("房东：陈建国先生，电话 138 1723 4590", "陈建国"),  # a family name before an honorific
    ("中介：安居房地产经纪有限公司 刘经理", "刘"),
    ("山田美咲様宛て、不在時は隣の佐藤様に預けてOK", "山田美咲"),
    ("株式会社ミドリ精工の高橋部長宛ての荷物", "高橋"),
    ("配送センター 03-5432-7781（担当 木村）", "木村"),
    ("아빠 친구 박상철 아저씨가 동래에 사셔서", "박상철"),
    ("숙소 호스트: 김민준 님, 010-4821-3367", "김민준"),
    ("يرافقنا الدكتور كريم منصور من المستشفى", "كريم منصور"),
    ("रसीद श्रीमती सुनीता अग्रवाल देंगी।", "सुनीता अग्रवाल"),  # the verb after the name is not part of it
    ("Геннадий Петрович: Добрый день.", "Геннадий Петрович"),  # a given name and patronymic
    ("Ключи передадите Зинаиде Павловне из 14-й.", "Зинаиде Павловне"),
])
def test_people_by_honorifics_titles_and_patronymics(text: str, person: str) -> None:
    assert person in found(text, "PERSON")


@pytest.mark.parametrize(("text", "org"), [
    ("中介：上海安居房地产经纪有限公司 刘经理", "上海安居房地产经纪有限公司"),
    ("前租客是在华山医院上班的护士", "华山医院"),  # the words before it are not the name
    ("・株式会社ミドリ精工の高橋部長", "株式会社ミドリ精工"),
    ("렌터카: 한빛렌터카 부산역점, 예약자 이서연", "한빛렌터카 부산역점"),
    ("بدعم من محافظة القاهرة.", "محافظة القاهرة"),
    ("העבודות של עיריית תל אביב-יפו ברחוב וולפסון", "עיריית תל אביב-יפו"),
    ("रविवार को जयपुर नगर निगम की टीम आएगी", "जयपुर नगर निगम"),
])
def test_organisations_by_their_kind_word(text: str, org: str) -> None:
    assert org in found(text, "ORGANIZATION")


@pytest.mark.parametrize("text", [
    "我们公司的医院系统很好。李白是唐朝诗人。",  # a kind word with no name before it; a poet without an honorific
    "この関数は株式の価格を返します。",
    "이 함수는 리스트를 반환합니다. 김치를 좋아해요.",
    "هذا الكود يعيد قائمة من الأرقام في المدرسة",
    "यह कोड एक सूची लौटाता है और बैंक का नाम नहीं बताता",
    "Улица Ленина, дом 5: код работает.",
])
def test_ordinary_text_in_these_scripts_has_no_people_or_organisations(text: str) -> None:
    assert found(text, "PERSON") == [] and found(text, "ORGANIZATION") == []


@pytest.mark.parametrize("text", [
    "기사님 말로는 물류센터에서 이미 파손된 것 같다고 하셨어요.",  # the driver, no name
    "고객님, 주문하신 상품이 발송되었습니다.",  # the customer
])
def test_korean_honorifics_after_common_nouns_name_no_one(text: str) -> None:
    assert found(text, "PERSON") == []


def test_korean_name_before_a_job_title() -> None:
    text = "상담원 박준호 대리님이 회신 준다고 했는데"
    assert "박준호" in found(text, "PERSON")


@pytest.mark.parametrize(("text", "person"), [
    ("参会：王志强（总经理）、李娜（财务）、陈晓明（研发）", "李娜"),  # a name before its role in brackets
    ("对方联系人刘芳（138 2745 9016）要求降价", "刘芳"),
    ("株式会社サクラ精工\n営業部 田中 健一 様", "田中 健一"),  # family and given name with a space
    ("お世話になっております。ミドリ物流株式会社の佐藤です。", "佐藤"),  # "I am Sato of …"
    ("よろしくお願いします。\n\n佐藤 美咲", "佐藤 美咲"),  # a signature line
    ("보낸 사람: 김민지 <minji.kim92@naver.com>", "김민지"),
    ("المالك: خالد عبد الله المنصوري، يقيم في الرياض", "خالد عبد الله المنصوري"),
    ("प्रिय राहुल शर्मा जी,\n\nआपको सूचित किया जाता है।", "राहुल शर्मा"),
    ("भवदीय,\nसुरेश चंद्र गुप्ता\nगाज़ियाबाद", "सुरेश चंद्र गुप्ता"),  # the signature under "yours faithfully"
    ("Πελάτες: Γιώργος Παπαδόπουλος και Κατερίνα Παπαδοπούλου", "Κατερίνα Παπαδοπούλου"),  # a surname's ending
    ("Координатор: Андрій Гнатюк, a.hnatiuk@example.org", "Андрій Гнатюк"),
])
def test_more_people_in_these_scripts(text: str, person: str) -> None:
    assert person in found(text, "PERSON")


@pytest.mark.parametrize("text", [
    "Москва Сити и Новая Москва: проект завершён.",  # no listed given name before the word
    "Η Αθήνα και η Θεσσαλονίκη είναι πόλεις.",
    "会议记录（草稿）：本周完成测试。",  # brackets after words that open with no family name
])
def test_shapes_of_names_without_a_name(text: str) -> None:
    assert found(text, "PERSON") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("新郎：陈浩然\u3000新娘：林晓雯\n- 伴郎阿杰负责红包", ["陈浩然", "林晓雯", "阿杰"]),
    ("担当：防災部長 佐々木一郎（090-4128-3376）", ["佐々木一郎"]),
    ("ご不明な点は会長の田村まで", ["田村"]),
    ("중개: 한강부동산 김태호 실장 010-4821-7736", ["김태호"]),
    ("이전 세입자 지훈 씨 말로는 결로가 있음", ["지훈"]),
    ("فهو سيسافر مع عمي سعود. أخي العزيز", ["سعود"]),  # "my dear brother" names nobody
    ("मेरे भाई राहुल ने कहा था। मेरे भाई ने भी कहा।", ["राहुल"]),
])
def test_people_by_role_kin_word_and_honorific(text: str, expected: list[str]) -> None:
    assert [text[f.start:f.end] for f in find_uncased_entities(text) if f.type == "PERSON"] == expected


def test_japanese_booking_and_companion_fields_name_people() -> None:
    text = "予約者：佐藤 健一 様\n同行者：佐藤 美智子、佐藤 陽菜"
    assert "佐藤 美智子" in [text[f.start:f.end] for f in find_uncased_entities(text) if f.type == "PERSON"]


@pytest.mark.parametrize(("text", "expected"), [
    ("경력: (주)한빛물산 해외영업팀 대리, 네오플랜코리아 마케팅팀 과장", ["(주)한빛물산", "네오플랜코리아"]),
    ("السادة/ مصرف الراجحي المحترمين، لدى البنك الأهلي السعودي، وذلك", ["مصرف الراجحي", "البنك الأهلي السعودي"]),
    ("Фонд «Теплий дім», Вінниця. Оксана працює в пекарні «Хлібний край».", ["Теплий дім", "Хлібний край"]),
])
def test_organisations_by_legal_prefix_bank_word_and_quoted_name(text: str, expected: list[str]) -> None:
    assert [text[f.start:f.end] for f in find_uncased_entities(text) if f.type == "ORGANIZATION"] == expected
