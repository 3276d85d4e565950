"""People, organisations, addresses and places in scripts without capital letters: Chinese,
Japanese, Korean, Hebrew, Arabic and Devanagari.

Why a module of its own: these scripts have no capital letters, so the capitalised-run rules of
``names``, ``organizations`` and ``places`` never see their entities, and Chinese and Japanese
have no spaces to bound a word. What they do have is fixed words around an entity:
- a person's honorific or title after the name (陈建国先生, 山田美咲様, 김민준 님, 高橋部長) or before
  it (श्री राजेश कुमार शर्मा, الدكتور كريم منصور), and a family name from a short list of common ones;
- an organisation's kind word (株式会社ミドリ精工, 上海安居房地产经纪有限公司, 한빛렌터카, جمعية …,
  עיריית …, … नगर निगम);
- an address's fixed order: province, city, district, road, number (上海市静安区康定路1128弄6号), 〒
  and a postcode, a Korean city, district (구) and road (로/길) with its number;
- a street, square or bridge named after its kind word (רחוב, ميدان, कॉलोनी).
Each rule keys on those words, so ordinary text in these scripts, which has them rarely and never
in this order, stays clean. Greek and Cyrillic are cased, but their patronymics and surnames (given by
their endings: "Петрович", "Гнатюк", "Παπαδόπουλος") are too many for the name lists; they are here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..types import Finding
from .native_places import find_native_places
from ._names import FIRST_NAMES

__all__ = ["find_uncased_entities"]

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
_AR_NOT_NAMES = frozenset("في من إلى الى على عن مع و أو ثم حتى عند بعد قبل هذا هذه الذي التي كل المحترمين المحترم المحترمة"
                          .split())  # ("المحترمين": "the respected", after a letter's addressee)
_AR_PLACE_RE = re.compile(
    rf"(?<![{_AR}])(?:ب|و|ل)?(?:شارع|ميدان|كوبري|جسر|برج|حي|كورنيش|منطقة|مدينة|قرية|مسجد|سوق)[ \t]+"
    rf"(?P<name>{_AR_WORD}(?:[ \t]+{_AR_WORD})?|[0-9]{{1,2}}[ \t]+{_AR_WORD})"
)
# Devanagari places by their kind word after the name: "मालवीय नगर", "जवाहर सर्किल", "आमेर किले".
_DEV = "\u0900-\u0963\u0966-\u097f"  # without the danda, which ends a sentence
_DEV_WORD = rf"[{_DEV}]+"
_DEV_TAILS = r"नगर|सर्किल|चौक|मार्ग|किला|किले|महल|टॉवर|बाज़ार|बाजार|विहार|कॉलोनी|पार्क|गेट|सेक्टर|घाट|मंडी|पुरम|गंज|बाग"
_DEV_NOT_NAMES = frozenset("की का के को से में पर और या यह वह एक कि है हैं था थी तक भी ही नहीं टीम बस वाले वाली वाला जी".split())
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


def find_uncased_entities(text: str) -> Iterator[Finding]:
    """People, organisations, addresses and places in scripts without capital letters (see the
    module's docstring)."""
    if text.isascii() or not _ANY_SCRIPT_RE.search(text):
        return  # one scan for the common case: Latin text has none of these entities' shapes
    scripts = frozenset(name for name, rx in _SCRIPT_RES.items() if rx.search(text))  # once, for all three
    yield from _people(text, scripts)
    orgs = list(_organizations(text, scripts))
    yield from orgs
    for f in _places(text, scripts):
        if not any(o.start <= f.start and f.end <= o.end for o in orgs):
            yield f  # not "دبي" of "بنك الإمارات دبي الوطني": a city in a bank's name is the bank's


_ANY_SCRIPT_RE = re.compile("[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u097f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
# Which scripts a text holds; each rule below runs only where its script is.
_SCRIPT_RES = {
    "cjk": re.compile(f"[{_HAN}{_KANA}]"),
    "hangul": re.compile("[가-힣]"),
    "hebrew": re.compile(f"[{_HE}]"),
    "arabic": re.compile(f"[{_AR}]"),
    "devanagari": re.compile(f"[{_DEV}]"),
    "cyrillic": re.compile("[А-Яа-яІіЇїЄє]"),
    "greek": re.compile("[Α-Ωα-ω]"),
}


def _places(text: str, scripts: frozenset[str]) -> Iterator[Finding]:
    yield from find_native_places(text, scripts)
    if "cjk" in scripts:
        for rx in (_CN_ADDRESS_RE, _JP_POSTCODE_ADDRESS_RE, _JP_ADDRESS_RE):
            for m in rx.finditer(text):
                start = m.start() + _lead_in(m.group(0))
                yield Finding("LOCATION", start, m.start() + len(m.group(0).rstrip(" \u3000")), 0.85, DETECTOR)
    if "hangul" in scripts:
        for m in _KO_ADDRESS_RE.finditer(text):
            yield Finding("LOCATION", m.start(), m.end(), 0.85, DETECTOR)
    if "hebrew" in scripts:
        for m in _HE_STREET_RE.finditer(text):
            words = m.group("name").split()
            while words and words[-1] in _HE_NOT_NAMES:
                words.pop()
            if not words:
                continue
            end = m.end("rest") if m.group("rest") else m.start("name") + len(" ".join(words))
            yield Finding("LOCATION", m.start("name") if not m.group("rest") else m.start(), end, 0.8, DETECTOR)
    if "arabic" in scripts:
        for m in _AR_PLACE_RE.finditer(text):
            words = m.group("name").split()
            cut = next((i for i, w in enumerate(words) if w in _AR_NOT_NAMES), len(words))
            if cut == 0:
                continue
            yield Finding("LOCATION", m.start(), m.start("name") + len(" ".join(words[:cut])), 0.8, DETECTOR)
    if "devanagari" in scripts:
        for m in _DEV_PLACE_RE.finditer(text):
            words = m.group("body").split()
            while words and words[0] in _DEV_NOT_NAMES:
                words.pop(0)
            if not words or any(w in _DEV_NOT_NAMES for w in words):
                continue
            start = m.end("body") - len(" ".join(words)) - 1
            yield Finding("LOCATION", start, m.end(), 0.8, DETECTOR)


# --- people -----------------------------------------------------------------------------------

_CN_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# A Chinese name (family name and one or two given characters) before an honorific or a job title.
_CN_PERSON_RE = re.compile(
    rf"(?P<name>[{_CN_SURNAMES}][{_HAN}]{{0,2}}?)(?:先生|女士|小姐|经理|老师|医生|主任|律师|教授|阿姨|叔叔|师傅|总监|同学)"
)
_CN_ROLE_PERSON_RE = re.compile(
    rf"(?:(?:房东|负责人|姓名|收件人|租客|业主|申请人|患者|参会|发件人)[：:]|联系人[：:]?)[ \u3000]*"
    rf"(?P<name>[{_CN_SURNAMES}][{_HAN}]{{1,2}}?)(?=[（(，,、。\s]|$|[{_HAN}]?(?:说|汇报|表示|同意|负责))"
    # a name before its role in brackets, as minutes list who came: "王志强（总经理）、李娜（财务）"
    rf"|(?<![{_HAN}])(?P<name2>[{_CN_SURNAMES}][{_HAN}]{{1,2}})[（(][{_HAN}]{{2,6}}[）)]"
    # the people of a wedding, a class or a trip by their role, also by a nickname: "新郎：陈浩然", "伴郎阿杰负责红包"
    rf"|(?:新郎|新娘|伴郎|伴娘|主持人|司仪|证婚人|介绍人|司机|导游|领队|队长|班主任|家长|会计|出纳)[：:]?[ \u3000]*"
    rf"(?P<name3>[{_CN_SURNAMES}][{_HAN}]{{1,2}}?|[阿小老][{_HAN}])(?=[（(，,、。\s]|$|[{_HAN}]?(?:说|汇报|表示|同意|负责))"
)
_JP_SURNAMES = (
    "佐藤|鈴木|高橋|田中|伊藤|渡辺|山本|中村|小林|加藤|吉田|山田|佐々木|山口|松本|井上|木村|林|斎藤|清水|山崎|森|池田|橋本"
    "|阿部|石川|山下|中島|石井|小川|前田|岡田|長谷川|藤田|後藤|近藤|村上|遠藤|青木|坂本|斉藤|福田|太田|西村|藤井|金子|岡本"
    "|藤原|中野|三浦|原田|中川|松田|竹内|小野|田村|中山|和田|石田|森田|上田|原|内田|柴田|酒井|宮崎|横山|高木|安藤|宮本"
    "|大野|小島|谷口|今井|工藤|高田|増田|丸山|杉山|村田|大塚|新井|小山|平野|藤本|河野|上野|野口|武田|松井|千葉|岩崎|菅原"
    "|木下|久保|佐野|野村|松尾|市川|菊地|杉本|古川|大西|島田|水野|桜井|高野|渡部|吉川|山内|西田|飯田|菊池|西川|小松|北村"
    "|安田|五十嵐|川口|平田|中田|久保田|服部|岩田|土屋|川崎|福島|本田|樋口|秋山|田口|永井|山中|中西|吉村|川上|石原|大橋"
)
_JP_HONORIFIC = r"様|さん|さま|氏|部長|課長|社長|係長|先生|くん|ちゃん|主任|店長"
_JP_PERSON_RE = re.compile(
    rf"(?<![{_HAN}])(?P<name>(?:{_JP_SURNAMES})(?:[ \u3000]?[{_HAN}]{{1,3}}?)?)[ \u3000]?(?:{_JP_HONORIFIC})"
    rf"|(?:担当|担当者|氏名|名前|予約者|同行者|参加者|申込者|代表者|宛名|受取人|依頼者|保護者|連絡先)[ \u3000：:]*(?P<name2>(?:{_JP_SURNAMES})(?:[ \u3000]?[{_HAN}]{{1,3}})?)(?![{_HAN}])"
    # "ミドリ物流株式会社の佐藤です": I am Sato of …; a signature line "佐藤 美咲"
    rf"|の(?P<name3>(?:{_JP_SURNAMES})(?:[ \u3000]?[{_HAN}]{{1,3}})?)です"
    rf"|(?m:^)[ \u3000]*(?P<name4>(?:{_JP_SURNAMES})[ \u3000][{_HAN}]{{1,3}})[ \u3000]*$"
    # a role before the name: "防災部長 佐々木一郎", "会長の田村まで"
    rf"|(?:会長|社長|部長|課長|店長|委員長|理事長|代表|担任|監督|幹事)(?:の|[ \u3000])"
    rf"(?P<name5>(?:{_JP_SURNAMES})(?:[{_HAN}]{{1,3}}?)?)(?=まで|に|が|は|へ|から|です|[ \u3000（(、。\n]|$)"
)
_KO_SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석"
    "선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
)
_KO_PERSON_RE = re.compile(
    rf"(?<![가-힣])(?P<name>[{_KO_SURNAMES}][가-힣]{{2}})(?=[ \t]?(?:님|씨|선생님|아저씨|아주머니|사장님|과장님?|부장님?"
    rf"|대리님?|팀장님?|교수님|원장님|기사님|실장님?|소장님?|이사님?|대표님?|차장님?|주임님?))"
    # a given name alone before a spaced "씨": "지훈 씨 말로는"
    rf"|(?<![가-힣])(?P<name3>[가-힣]{{2}})[ \t]씨(?![가-힣])"
    rf"|(?:예약자|담당자|담당|이름|성명|호스트|보호자|신청자|대표|보낸 사람|받는 사람|작성자|발신인|수신인)[ \t]*[:：]?[ \t]*(?P<name2>[{_KO_SURNAMES}][가-힣]{{2}})(?![가-힣])"
)
# Words of three syllables that take an honorific and open with a family name's syllable: "고객님"
# is two, but "상담원님", "기사님" and their like are no people's names.
_KO_NOT_NAMES = frozenset("고객님 기사님 회원님 선생님 사장님 부장님 과장님 원장님 교수님 손님들 보호자 관리자 운영자 작성자 담당자".split())
_AR_TITLE_RE = re.compile(
    rf"(?<![{_AR}])(?:الدكتور|الدكتورة|د\.|السيد|السيدة|الأستاذ|الأستاذة|المهندس|المهندسة|الشيخ|المنسق|المنسقة|الحاج|الحاجة"
    rf"|المالك|المالكة|الوسيط|الوسيطة|المستأجر|المستأجرة|المؤجر|العميل|العميلة|المريض|المريضة)"
    rf"[ \t]*:?[ \t]+(?P<name>{_AR_WORD}(?:[ \t]+{_AR_WORD}){{0,3}})"
)
# A relative or a friend by name: "عمي سعود" (my uncle Saud), "صديقتي مريم".
_AR_KIN_RE = re.compile(
    rf"(?<![{_AR}])(?:عمي|خالي|أخي|اخي|أختي|اختي|عمتي|خالتي|جدي|جدتي|ابني|ابنتي|زوجي|زوجتي|صديقي|صديقتي|جاري|جارتي)"
    rf"[ \t]+(?P<name>(?!ال){_AR_WORD})"
)
# "मेरे भाई राहुल" (my brother Rahul), "मेरी बहन प्रिया", "हमारे दोस्त अमित".
_DEV_KIN_RE = re.compile(
    rf"(?:मेरे|मेरी|हमारे|हमारी)[ \t]+(?:भाई|बहन|चाचा|चाची|मामा|मामी|दोस्त|पति|पत्नी|बेटा|बेटी|बेटे|भतीजा|भतीजी|भांजा|भांजी"
    rf"|पड़ोसी|सहेली)[ \t]+(?P<name>{_DEV_WORD})"
)
_DEV_TITLE_RE = re.compile(
    rf"(?<![{_DEV}])(?:श्रीमती|श्री|सुश्री|डॉ\.|डॉक्टर|कुमारी|प्रिय)[ \t]+(?P<name>{_DEV_WORD}(?:[ \t]+{_DEV_WORD}){{0,2}})"
    # the signature under "yours faithfully": "भवदीय,\nसुरेश चंद्र गुप्ता"
    rf"|(?:भवदीय|भवदीया|आपका|आपकी|सादर)[ \t]*,?[ \t]*\n[ \t]*(?P<sig>{_DEV_WORD}(?:[ \t]+{_DEV_WORD}){{1,2}})[ \t]*(?=\n|$)"
)
# Endings of Hindi verbs and postpositions that end a name: "सुनीता अग्रवाल देंगी".
_DEV_VERB_ENDINGS = ("गी", "गा", "गे", "ेंगी", "ेगा", "है", "हैं", "था", "थी")  # not "ता": "गुप्ता" ends so
# A Russian or Ukrainian given name and patronymic, in any case: "Геннадий Петрович", "Зинаиде Павловне".
_PATRONYMIC_RE = re.compile(
    r"(?<![\w])(?P<given>[А-ЯЁІЇЄҐ][а-яёіїєґ']{2,15})[ \t]+(?P<patronymic>[А-ЯЁІЇЄҐ][а-яёіїєґ]{2,15}"
    r"(?:(?:ович|евич|ьич)(?:а|у|ем|ом|е)?|(?:овн|евн|ичн|івн|ївн)(?:а|ы|е|у|ой|ою|і)))(?![\w])"
)


# A listed given name before a surname of the shape Greek, Russian and Ukrainian surnames take, though
# no list has it: "Γιώργος Παπαδόπουλος", "Κατερίνα Παπαδοπούλου", "Андрій Гнатюк", "Олена Ковальчук".
# (Greek and Cyrillic are cased, but their surnames are too many for the name lists.)
_SURNAMED_RE = re.compile(
    r"(?<![\w])(?P<given>[Α-ΩΆ-Ώ][α-ωά-ώϊϋΐΰ]{2,15}|[А-ЯЁІЇЄҐ][а-яёіїєґ']{2,15})[ \t]+"
    r"(?P<surname>[Α-ΩΆ-Ώ][α-ωά-ώϊϋΐΰ]{2,20}(?:όπουλος|οπούλου|ίδης|ίδου|άκης|άκη|άδης|ιάδης|άτος|ίου|έας|ίτης|ούλης|όγλου"
    r"|άκος|ογιάννης|ογιάννη|όγιαννης|όγιαννη)|[А-ЯЁІЇЄҐ][а-яёіїєґ']{1,20}(?:енко|ук|юк|чук|чак|ський|ська|цький|цька|ович|евич|ов|ова"
    r"|ев|ева|ёв|ёва|ин|ина|ский|ская|цкий|цкая|як|ишин|ишина))(?![\w])"
)


def _people(text: str, scripts: frozenset[str]) -> Iterator[Finding]:
    if "cjk" in scripts:
        for rx in (_CN_PERSON_RE, _CN_ROLE_PERSON_RE, _JP_PERSON_RE):
            for m in rx.finditer(text):
                g = next(g for g in ("name", "name2", "name3", "name4", "name5") if g in rx.groupindex and m.group(g))
                yield Finding("PERSON", m.start(g), m.end(g), 0.75, DETECTOR)
    if "hangul" in scripts:
        for m in _KO_PERSON_RE.finditer(text):
            g = next(g for g in ("name", "name2", "name3") if m.group(g))
            if m.group(g) not in _KO_NOT_NAMES:
                yield Finding("PERSON", m.start(g), m.end(g), 0.75, DETECTOR)
    if "arabic" in scripts:
        for m in _AR_TITLE_RE.finditer(text):
            words = m.group("name").split()
            cut = next((i for i, w in enumerate(words) if w in _AR_NOT_NAMES), len(words))
            if cut:
                yield Finding("PERSON", m.start("name"), m.start("name") + len(" ".join(words[:cut])), 0.8, DETECTOR)
        for m in _AR_KIN_RE.finditer(text):
            if m.group("name") not in _AR_NOT_NAMES:
                yield Finding("PERSON", m.start("name"), m.end("name"), 0.75, DETECTOR)
    if "devanagari" in scripts:
        for m in _DEV_KIN_RE.finditer(text):
            if m.group("name") not in _DEV_NOT_NAMES and m.group("name") not in ("ने", "जी"):
                yield Finding("PERSON", m.start("name"), m.end("name"), 0.75, DETECTOR)
        for m in _DEV_TITLE_RE.finditer(text):
            g = "name" if m.group("name") else "sig"
            words = m.group(g).split()
            cut = next((i for i, w in enumerate(words) if w in _DEV_NOT_NAMES or w == "जी"
                        or (i and w.endswith(_DEV_VERB_ENDINGS))), len(words))
            if cut:
                yield Finding("PERSON", m.start(g), m.start(g) + len(" ".join(words[:cut])), 0.8, DETECTOR)
    if "cyrillic" in scripts:
        for m in _PATRONYMIC_RE.finditer(text):
            yield Finding("PERSON", m.start(), m.end(), 0.8, DETECTOR)
    if "cyrillic" in scripts or "greek" in scripts:
        for m in _SURNAMED_RE.finditer(text):
            if m.group("given") in FIRST_NAMES and m.group("surname") not in FIRST_NAMES:
                yield Finding("PERSON", m.start(), m.end(), 0.8, DETECTOR)


# --- organisations ----------------------------------------------------------------------------

_CN_ORG_LEAD_IN_RE = re.compile(r"[在于到至往从的是和与给对向]")


def _org_lead_in(match: str) -> int:
    """Characters before an organisation's name: "在华山医院" starts at "华山", "公司的医院" at "医院"."""
    cues = [m.end() for m in _CN_ORG_LEAD_IN_RE.finditer(match, 0, max(0, len(match) - 2))]
    return max(_lead_in(match), cues[-1] if cues else 0)


_CN_ORG_RE = re.compile(
    rf"{_CN_START}[{_HAN}]{{2,20}}?(?:股份有限公司|有限责任公司|有限公司|集团|银行|医院|大学|学院|中学|小学|研究所|事务所)"
)
_JP_ORG_RE = re.compile(
    rf"(?:株式会社|有限会社|合同会社)[{_HAN}ァ-ヶー・A-Za-z]{{1,16}}"
    rf"|(?<![{_HAN}ァ-ヶー])[{_HAN}ァ-ヶA-Za-z][{_HAN}ァ-ヶー・A-Za-z]{{0,15}}?(?:株式会社|有限会社)"
)
_KO_ORG_RE = re.compile(
    r"(?<![가-힣])\(주\)[ \t]?[가-힣A-Za-z]{2,12}(?![가-힣])"  # "(주)한빛물산": Co., Ltd. before the name
    r"|(?<![가-힣])(?:\(주\)[ \t]?)?[가-힣A-Za-z]{1,12}(?:병원|은행|대학교|렌터카|주식회사|공사|협회|재단|보험|증권|물산|상사"
    r"|전자|건설|코리아)"
    r"(?:[ \t]+[가-힣]{1,8}(?:점|지점|지사))?(?![가-힣])"
)
_AR_ORG_RE = re.compile(
    rf"(?<![{_AR}])(?:ب|و|ل)?(?P<org>(?:جمعية|مستشفى|محافظة|شركة|جامعة|بنك|البنك|مصرف|وزارة|مؤسسة|مدرسة|نادي|هيئة|بلدية)"
    rf"[ \t]+{_AR_WORD}(?:[ \t]+{_AR_WORD}){{0,2}})"
)
_HE_ORG_RE = re.compile(
    rf"(?<![{_HE}])(?:ב|ל|מ|ה|ו)?(?P<org>(?:עיריית|חברת|בנק|אוניברסיטת|בית החולים|מועצה אזורית|משרד)[ \t]+"
    rf"{_HE_WORD}(?:[ \t]+{_HE_WORD})?)"
)
_DEV_ORG_RE = re.compile(
    rf"(?P<org>(?:{_DEV_WORD}[ \t]+){{1,4}}(?:नगर निगम|नगर पालिका|समिति|ट्रस्ट|लिमिटेड|विश्वविद्यालय|अस्पताल|बैंक|विद्यालय))(?![{_DEV}])"
)


# A firm or a charity named in «quotes» after its kind: "Фонд «Теплий дім»", "в пекарні «Хлібний край»".
_CYR_QUOTED_ORG_RE = re.compile(
    r"(?<![\w])(?:[Фф]онд[а-яіїєу]*|[Пп]екарн[а-яіїє]*|[Кк]омпані[а-яіїє]*|[Кк]омпани[а-яё]*|[Мм]агазин[а-яіїєу]*"
    r"|[Бб]анк[а-яіїєу]*|[Кк]лініка|[Кк]лінік[а-яіїє]*|[Кк]линик[а-яё]*|[Сс]алон[а-яіїєу]*|[Аа]птек[а-яіїє]*"
    r"|[Гг]ромадськ[а-яіїє]* організаці[а-яіїє]*|[Бб]лагодійн[а-яіїє]* фонд[а-яіїєу]*|[Фф]ирм[а-яё]*|[Фф]ірм[а-яіїє]*"
    r"|[Зз]авод[а-яіїєу]*|[Кк]афе|[Рр]есторан[а-яіїєу]*|[Сс]тудія|[Сс]тудии|[Сс]тудії|[Аа]гентств[а-яіїєо]*)"
    r"[ \t]+«(?P<org>[^»\n]{2,40})»"
)


def _organizations(text: str, scripts: frozenset[str]) -> Iterator[Finding]:
    if "cjk" in scripts:
        for rx in (_CN_ORG_RE, _JP_ORG_RE):
            for m in rx.finditer(text):
                start = m.start() + _org_lead_in(m.group(0))
                if m.end() - start >= 4:  # a name before the kind word ("华山医院"), not "的医院"
                    yield Finding("ORGANIZATION", start, m.end(), 0.8, DETECTOR)
    if "hangul" in scripts:
        for m in _KO_ORG_RE.finditer(text):
            yield Finding("ORGANIZATION", m.start(), m.end(), 0.8, DETECTOR)
    if "arabic" in scripts:
        for m in _AR_ORG_RE.finditer(text):
            words = m.group("org").split()
            cut = next((i for i, w in enumerate(words) if i and w in _AR_NOT_NAMES), len(words))
            if cut > 1:
                yield Finding("ORGANIZATION", m.start("org"), m.start("org") + len(" ".join(words[:cut])), 0.8, DETECTOR)
    if "cyrillic" in scripts and "«" in text:
        for m in _CYR_QUOTED_ORG_RE.finditer(text):
            yield Finding("ORGANIZATION", m.start("org"), m.end("org"), 0.8, DETECTOR)
    if "hebrew" in scripts:
        for m in _HE_ORG_RE.finditer(text):
            words = m.group("org").split()
            while words and words[-1] in _HE_NOT_NAMES:
                words.pop()
            if len(words) > 1:
                yield Finding("ORGANIZATION", m.start("org"), m.start("org") + len(" ".join(words)), 0.8, DETECTOR)
    if "devanagari" in scripts:
        for m in _DEV_ORG_RE.finditer(text):
            words = m.group("org").split()
            last = max((i for i, w in enumerate(words) if w in _DEV_NOT_NAMES), default=-1)
            words = words[last + 1 :]  # "रविवार को जयपुर नगर निगम": the name starts after "को"
            if len(words) > 1 and words[0] not in ("नगर", "समिति"):
                start = m.end("org") - len(" ".join(words))
                yield Finding("ORGANIZATION", start, m.end("org"), 0.8, DETECTOR)
