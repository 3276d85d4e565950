"""Structured detectors: each validator accepts what it should and nothing that merely looks alike."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.iso7064 import mod_97_10

from llm_warden.classify import patterns
from llm_warden.classify.patterns import (
    card_brand,
    find_patterns,
    find_phones,
    is_valid_ssn,
)


def spans(text: str, typ: str | None = None) -> list[str]:
    return [text[f.start : f.end] for f in find_patterns(text) if typ is None or f.type == typ]


# --- email -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("mail john.smith@example.com now", ["john.smith@example.com"]),
        ("<jane+tag@sub.mail.example.co.uk>", ["jane+tag@sub.mail.example.co.uk"]),
        ("Grüße an jürgen.müller@beispiel.de.", ["jürgen.müller@beispiel.de"]),
        ("icon@2x.png and logo@3x.svg", []),
        ("git@github.com:org/repo.git", []),
        ("user@localhost", []),
        ("python@3.12 and @decorator", []),
    ],
)
def test_email(text: str, expected: list[str]) -> None:
    assert spans(text, "EMAIL_ADDRESS") == expected


# --- phone -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("call +1 (415) 555-2671 today", ["+1 (415) 555-2671"]),
        ("London office: +44 20 7946 0958.", ["+44 20 7946 0958"]),
        ("Büro 030 12345678", ["030 12345678"]),
        ("(415) 555-2671", ["(415) 555-2671"]),
        ("Tel:+49 30 901820", ["+49 30 901820"]),
        ("0049 30 901820", ["0049 30 901820"]),
        ("phone: 4155552671", ["4155552671"]),
        ("order 4155552671 shipped", []),  # bare digits need a phone word
        ("on 2024-01-15 at 10:30", []),
        ("version 10.12.13.14", []),
        ("unix time 1700000000", []),
        ("call 555-0000", []),  # too short to be valid anywhere
    ],
)
def test_phone(text: str, expected: list[str]) -> None:
    assert spans(text, "PHONE_NUMBER") == expected


# --- credit card -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("card 4111 1111 1111 1111 exp 12/26", ["4111 1111 1111 1111"]),
        ("4111-1111-1111-1111", ["4111-1111-1111-1111"]),
        ("5555555555554444", ["5555555555554444"]),
        ("amex 3782 822463 10005", ["3782 822463 10005"]),
        ("4111 1111 1111 1112", []),  # Luhn fails
        ("4111 1111-1111 1111", []),  # mixed separators
        ("9111111111111111", []),  # no such IIN (Luhn-valid though)
        ("0000000000000000", []),
    ],
)
def test_card(text: str, expected: list[str]) -> None:
    assert spans(text, "CREDIT_CARD") == expected


@st.composite
def _cards(draw: st.DrawFn) -> str:
    prefix, length = draw(st.sampled_from([("4", 16), ("51", 16), ("2720", 16), ("37", 15),
                                           ("6011", 16), ("3530", 16), ("62", 19)]))
    body = prefix + "".join(draw(st.lists(st.sampled_from("0123456789"),
                                          min_size=length - len(prefix) - 1,
                                          max_size=length - len(prefix) - 1)))
    return body + luhn.calc_check_digit(body)


@given(_cards(), st.sampled_from(["", " ", "-"]))
def test_card_property_luhn_and_iin(number: str, sep: str) -> None:
    grouped = sep.join(number[i : i + 4] for i in range(0, len(number), 4))
    text = f"pay with {grouped} please"
    assert card_brand(number) is not None
    if len(set(number)) > 1:
        assert spans(text, "CREDIT_CARD") == [grouped]
    # Any single-digit change of the check digit breaks Luhn, and the card must disappear.
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert spans(f"pay with {wrong} please", "CREDIT_CARD") == []


# --- IBAN --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX", ["DE89 3704 0044 0532 0130 00"]),
        ("GB82WEST12345698765432", ["GB82WEST12345698765432"]),
        ("FR14 2004 1010 0505 0001 3M02 606", ["FR14 2004 1010 0505 0001 3M02 606"]),
        ("DE89 3704 0044 0532 0130 01", []),  # mod-97 fails
        ("XX89370400440532013000", []),
    ],
)
def test_iban(text: str, expected: list[str]) -> None:
    assert spans(text, "IBAN_CODE") == expected


@given(st.text(alphabet="0123456789", min_size=18, max_size=18), st.booleans())
def test_iban_property(bban: str, spaced: bool) -> None:
    iban = "DE" + mod_97_10.calc_check_digits(bban + "DE") + bban
    shown = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if spaced else iban
    assert spans(f"Konto: {shown}.", "IBAN_CODE") == [shown]


# --- SSN ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("SSN 123-45-6789", ["123-45-6789"]),
        ("id 123-45-6789", ["123-45-6789"]),
        ("social security number 123456789", ["123456789"]),
        ("ref 123456789", []),  # bare nine digits without context
        ("SSN 000-12-3456", []),
        ("SSN 666-12-3456", []),
        ("SSN 912-12-3456", []),
        ("SSN 123-00-4567", []),
        ("SSN 123-45-0000", []),
        ("SSN 078-05-1120", []),
    ],
)
def test_ssn(text: str, expected: list[str]) -> None:
    assert spans(text, "US_SSN") == expected


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_ssn_property_matches_rules(digits: str) -> None:
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    expected = not (area in ("000", "666") or area.startswith("9") or group == "00"
                    or serial == "0000" or digits in ("078051120", "219099999", "457555462")
                    or len(set(digits)) == 1)
    assert is_valid_ssn(digits) is expected
    dashed = f"{area}-{group}-{serial}"
    assert bool(spans(f"SSN: {dashed}", "US_SSN")) is expected


def test_ssn_context_raises_score() -> None:
    plain = [f for f in find_patterns("ref 123-45-6789") if f.type == "US_SSN"][0]
    ctx = [f for f in find_patterns("SSN: 123-45-6789") if f.type == "US_SSN"][0]
    assert ctx.score > plain.score


# --- IP ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("host 192.168.1.20 down", ["192.168.1.20"]),
        ("from 8.8.8.8:53", ["8.8.8.8"]),
        ("host=10.0.0.1 ssh admin@10.2.3.4", ["10.0.0.1", "10.2.3.4"]),
        ("v6 2001:db8::ff00:42:8329 ok", ["2001:db8::ff00:42:8329"]),
        ("link fe80::1%eth0", ["fe80::1%eth0"]),
        ("mapped ::ffff:192.0.2.128", ["::ffff:192.0.2.128"]),
        ("999.1.1.1 and 1.2.3", []),
        ("version 4.0.0.1 or v1.2.3.4", []),
        ("it reports its version as 2.10.4.1; build number: 7.1.0.3", []),
        ("the server version moved to host 10.1.2.3", ["10.1.2.3"]),
        ('labels:\n  app.kubernetes.io/version: "2.10.4.1"', []),
        ("INFO Loaded plugin ImageResizer 2.10.4.1 (sha256:3f8c)", []),  # a product's version
        ("Host bastion\n  HostName 52.29.114.8\n  User ec2-user", ["52.29.114.8"]),
        ("localhost 127.0.0.1 and 0.0.0.0 and ::1", []),
        ("slice a[1::2] std::vector Foo::Bar", []),
        ("at 12:30:45 mac 00:1A:2B:3C:4D:5E", []),
    ],
)
def test_ip(text: str, expected: list[str]) -> None:
    assert spans(text, "IP_ADDRESS") == expected


@given(st.ip_addresses())
def test_ip_property(ip: object) -> None:
    import ipaddress

    addr = ipaddress.ip_address(str(ip))
    text = f"peer {addr} connected"
    found = spans(text, "IP_ADDRESS")
    if addr.is_loopback or addr.is_unspecified:
        assert found == []
    elif addr.version == 4 or str(addr).count(":") >= 2 and len([g for g in str(addr).split(":") if g]) >= 3:
        assert found == [str(addr)]


# --- date of birth -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("DOB: 03/14/1985", ["03/14/1985"]),
        ("date of birth 1985-03-14", ["1985-03-14"]),
        ("He was born on March 14, 1985 in Ohio", ["March 14, 1985"]),
        ("born on the 14th of March 1985", ["14th of March 1985"]),
        ("geb. 14.03.1985", ["14.03.1985"]),
        ("geboren am 14. März 1985", ["14. März 1985"]),
        ("née le 14 mars 1985", ["14 mars 1985"]),
        ("Meeting on 03/14/1985", []),  # a date, not a birth date
        ("DOB: 02/30/1985", []),  # no such day
        ("DOB: 01/01/2999", []),  # future
    ],
)
def test_dob(text: str, expected: list[str]) -> None:
    assert spans(text, "DATE_OF_BIRTH") == expected


# --- precision on ordinary technical text ------------------------------------------------------

ORDINARY = [
    "uuid 550e8400-e29b-41d4-a716-446655440000",
    "commit 3f786850e387550fdab836ed7e6dc881de23001b",
    "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "upgrade numpy to 1.26.4 and torch 2.4.0; python 3.12.1",
    "at 2024-01-15T10:30:00.123Z the job took 1234567 ms",
    "total: 12,345,678.90 USD over 365 days",
    "def get_user_by_id(user_id: int) -> User: return db.query(User).get(user_id)",
    "ports 8080, 443, 5432; pid 4021; exit code 137",
    "ISBN 978-3-16-148410-0",
    "lat 52.520008 lon 13.404954",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_clean(text: str) -> None:
    assert find_patterns(text) == []


# --- robustness --------------------------------------------------------------------------------

ADVERSARIAL = [
    "a" * 50_000 + "@",
    "a." * 30_000 + "@b",
    "1 " * 40_000,
    "1-" * 40_000,
    "+" + "(" * 20_000,
    "DE89 " * 20_000,
    "DOB " * 20_000,
    ":" * 50_000 + "1",
    "1." * 40_000,
    "f:" * 40_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:8]))
def test_linear_time_on_adversarial_input(text: str) -> None:
    t0 = time.perf_counter()
    find_patterns(text)
    assert time.perf_counter() - t0 < 5.0


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_spans_are_in_bounds_and_typed(text: str) -> None:
    for f in find_patterns(text):
        assert 0 <= f.start < f.end <= len(text)
        assert f.detector == "pattern"
        assert 0.0 < f.score <= 1.0


def test_default_regions_are_real() -> None:
    import phonenumbers

    for region in patterns.DEFAULT_PHONE_REGIONS:
        assert region in phonenumbers.SUPPORTED_REGIONS


def test_a_pin_or_one_time_code_is_no_phone() -> None:
    text = " * Restarting with stat\n * Debugger PIN: 412-067-309\nYour verification code: 412 067 309\n"
    assert spans(text, "PHONE_NUMBER") == []
    assert spans("Call me on 412-067-3090 please", "PHONE_NUMBER") == ["412-067-3090"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Cualquier cosa me llamas al 612 34 56 78", ["612 34 56 78"]),
        ("può chiamarmi al 347 123 4567", ["347 123 4567"]),
        ("die nummer ist 0152 28817734", ["0152 28817734"]),
        ("Bestellnummer 77-30418", []),
        ("tell me which is the odd one out: 1718092800, 1718179200", []),  # "tell" is no phone word
        ("Ring meg på 482 71 935 hvis dere trenger", ["482 71 935"]),  # Nordic: eight digits in pairs
        ("Protocolo 2024-118830\nCliente: Fernanda", []),
        ("Aktenzeichen: 53.6.1-2024-118833", []),
        ("CEP 01310-200, São Paulo, telefone (11) 98765-4321", ["(11) 98765-4321"]),
        ("NHS no 943 476 5919", []),
        ("employee,ssn,phone\nE1,321-54-9876,x", []),  # SSN layout is never a phone
        ("hosts: 51 66.249.66.1", []),
        ("Boston, MA 02110-1301, USA", []),  # ZIP+4
        (">>> validate('91-1144442')", []),  # US EIN
        ("gelu = 0.5 * x * (1.0 + tanh(0.7978845608 * x))", []),
        ("[0.75  0.1909  0.6563]", []),
        ("a capacity of more than 256 000 000 bytes", []),
        ("id,name,phone\n1,Ana,601 234 567\n", ["601 234 567"]),
        ("name,email,mobile,dob\nAaliyah,a@b.io,07412558093,2001-05-17\n", ["07412558093"]),  # a phone column
        ("name,account_no,dob\nAaliyah,07412558093,2001-05-17\n", []),  # a bare digit run elsewhere
        ("Phone on account: +1 (312) 555-0187", ["+1 (312) 555-0187"]),  # "+" is dialled, not an account
        ("Account: 0312 555 0187", []),
        ("Ο ιδιοκτήτης μένει εκεί. Το τηλέφωνό του είναι 694 512 3387.", ["694 512 3387"]),
        ("an older edition with 0-306-40615-2. How is the check digit calculated", []),  # an ISBN
        ("vás objednala myčku (obj. č. 2025-118834). Kurýr z PPL", []),  # an order number
        ("o per delega 14 condòmini su 22 (682/1000 millesimi)", []),
    ],
)
def test_phone_context_and_layouts(text: str, expected: list[str]) -> None:
    assert spans(text, "PHONE_NUMBER") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # A national mobile grouped in threes, in the language of its country, with no phone word.
        ("Proszę o fakturę do piątku. W razie pytań: 601 998 877.", ["601 998 877"]),
        ("A saída é às 8h30. Dúvidas: 912 384 670.", ["912 384 670"]),
        ("The build took 601 998 877 ns", []),  # English: thousands
        ("Populacja miasta: 601 000 000 osób, nie więcej", []),  # a round number is a count
        ("Zamówienie nr 601 998 877 dla klienta", []),  # an order number
        ("Police rpt: TPD 24-0518-3317, call 813 555 0142", ["813 555 0142"]),  # a report number
    ],
)
def test_national_numbers_in_the_texts_language(text: str, expected: list[str]) -> None:
    assert spans(text, "PHONE_NUMBER") == expected


def test_a_like_pattern_is_not_an_email() -> None:
    assert spans("WHERE u.email LIKE '%@example-bank.com' AND x", "EMAIL_ADDRESS") == []


def test_email_in_url_credentials_is_not_an_email() -> None:
    assert spans("postgres://app:pa55@db.example.com/x", "EMAIL_ADDRESS") == []
    assert spans("https://x.io/contact?to=jo@example.com", "EMAIL_ADDRESS") == ["jo@example.com"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("name,dob,city\nAnna,1985-06-30,Cork\nLuis,14/01/1972,Madrid\n", ["1985-06-30", "14/01/1972"]),
        ("id;Geburtsdatum;Ort\n1;03.04.1961;Berlin\n", ["03.04.1961"]),
        ("name,created\nAnna,1985-06-30\n", []),  # a date column that is not a birth date
        ("INSERT INTO p (id, first, dob, ssn) VALUES\n(1, 'Grace', '1985-06-30', 'x'),\n"
         "(2, 'Luis', '1972-01-14', 'y');", ["1985-06-30", "1972-01-14"]),
        ('{"dateOfBirth": "1988-02-29"}', ["1988-02-29"]),
        ("nació el 12 de abril de 1936", ["12 de abril de 1936"]),
        ("Data de nascimento: 07/03/1999", ["07/03/1999"]),
        ("DNI 14.882.193   F. Nac.: 21/07/1954\nDomicilio: Bv. San Juan 420", ["21/07/1954"]),
        ("Kari-Anne Mjøs Thorsen\nFødt: 14.02.1990\nAdresse: Møllergata 23B", ["14.02.1990"]),
    ],
)
def test_dob_in_records_and_languages(text: str, expected: list[str]) -> None:
    assert spans(text, "DATE_OF_BIRTH") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("und ist am 05.05.1938 geboren.", ["05.05.1938"]),
        ("ist am 19th of March 1982 geboren", ["19th of March 1982"]),
        ("I was born on 16-Mar-1944.", ["16-Mar-1944"]),
        ("Der Vertrag wurde am 05.05.1998 unterschrieben.", []),
    ],
)
def test_dob_keyword_after_date_and_dashed_months(text: str, expected: list[str]) -> None:
    assert spans(text, "DATE_OF_BIRTH") == expected


def test_phone_words_must_start_a_word() -> None:
    # "definitely" contains "tel": not a reason to read a 16-digit run as a phone number.
    assert spans("card 4929 8211 4570 6320. i definitely typed it", "PHONE_NUMBER") == []
    assert spans("ssn 3 2 1 5 4 9 8 7 6, phone column", "PHONE_NUMBER") == []


def test_tabular_ssn() -> None:
    text = "emp,name,ssn,hired\nE1,Jamal,321 54 9876,2019-04-01\nE2,Sofia,455231190,2020\nE3,X,000 12 3456,2021\n"
    assert sorted(set(spans(text, "US_SSN"))) == ["321 54 9876", "455231190"]


# --- names and addresses from context cues (classify.context) ---------------------------------

from llm_warden.classify.context import find_context_entities  # noqa: E402
from llm_warden.classify.engine import merge_findings  # noqa: E402


def ctx(text: str, typ: str) -> list[str]:
    # Merged as the engine merges: overlapping cues for one name are one span.
    return sorted({text[f.start : f.end] for f in merge_findings(find_context_entities(text), text) if f.type == typ})


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Dear Ms Okafor,\nthanks for", ["Okafor"]),
        ("Sehr geehrter Herr Bauer,\nleider", ["Bauer"]),
        ("Gentile Sig.ra Bianchi,\nle ricordo", ["Bianchi"]),
        ("Best regards,\nJonas Weber", ["Jonas Weber"]),
        ("Un saludo,\nJavier Herrera Ruiz", ["Javier Herrera Ruiz"]),
        ("Hi, my name is Priya Raman and I was", ["Priya Raman"]),
        ('{"full_name": "Lerato Dlamini", "email": "x"}', ["Lerato Dlamini"]),
        ("customer_name: Leila Haddad\naccount: 4471", ["Leila Haddad"]),
        ("From: Greg Pohl, Summit R", ["Greg Pohl"]),
        ("Family: son Michael on the phone", ["Michael"]),
        ("my neighbour Mrs Patel tripped", ["Patel"]),
        ("Signed, Dr. Amelia van der Berg.", ["Amelia van der Berg"]),
        ("Bel me als er iets is.\nGroetjes, Joost", ["Joost"]),
        ("Quedo a la espera.\nAtentamente, Núria Puig", ["Núria Puig"]),
    ],
)
def test_people_from_cues(text: str, expected: list[str]) -> None:
    assert ctx(text, "PERSON") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hello World!",
        "Hi all, hi team,",
        "Thanks, everyone!",
        "Regards, Support Team",
        "Thanks, that works for me",
        "class Hello WorldHandler: pass",
        "Rewrite using the new client API",
        "Add a Customer Success section",
        "name = 'Roboconf Graph'",
        '{"name": "react-app", "version": "1.0.0"}',
        "To: Atelier Rousseau",
        "Dear Sir or Madam,",
        "Thanks,\nThe Support Team",
        "A client D-Bus router",
        "Best,\nACME",
    ],
)
def test_no_person_without_a_real_cue(text: str) -> None:
    assert ctx(text, "PERSON") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Flat 4, 27 Kingsley Road, Leeds LS6 2AB", ["Flat 4, 27 Kingsley Road, Leeds LS6 2AB"]),
        ("send it to 600 Congress Ave, Austin, TX 78701 please", ["600 Congress Ave, Austin, TX 78701"]),
        ("wohnt in der Goethestraße 9, 04109 Leipzig.", ["Goethestraße 9, 04109 Leipzig"]),
        ("Rheinische Straße 36, 44137 Dortmund", ["Rheinische Straße 36, 44137 Dortmund"]),
        ("Via Garibaldi 17, 40124 Bologna", ["Via Garibaldi 17, 40124 Bologna"]),
        # The sentence goes on after the city; small words may join a city's name.
        ("naar de Vechtstraat 112-2, 1079 JG Amsterdam is mijn internet weg",
         ["Vechtstraat 112-2, 1079 JG Amsterdam"]),
        ("in der Bahnhofstraße 3a, 79098 Freiburg im Breisgau seit März", ["Bahnhofstraße 3a, 79098 Freiburg im Breisgau"]),
        ("de Carrer de Mallorca 401, 08013 Barcelona se devolverá", ["Carrer de Mallorca 401, 08013 Barcelona"]),
        ("at ul. Długa 14/6 in Gdańsk", ["Gdańsk", "ul. Długa 14/6"]),  # two places, not one
        ("Adresim: Atatürk Cad. No: 45 D: 3, 35210 Konak/İzmir. Tel", ["Atatürk Cad. No: 45 D: 3, 35210 Konak/İzmir"]),
        ("Moda Mah. Şair Nefi Sok. No:12/3 Kadıköy", ["Moda Mah. Şair Nefi Sok. No:12/3"]),
        ("na adrese Na Příkopě 1034/18, 110 00 Praha 1. Platbu", ["Na Příkopě 1034/18, 110 00 Praha 1"]),
        ("bor på Storgatan 12, 114 55 Stockholm nu", ["Storgatan 12, 114 55 Stockholm"]),
        ("Calle de Alcalá 128, 28009 Madrid", ["Calle de Alcalá 128, 28009 Madrid"]),
        ("at 14 Beech Avenue.", ["14 Beech Avenue"]),
        ("Adresse de livraison : 14 rue des Lilas, 69003 Lyon\nProblème", ["14 rue des Lilas, 69003 Lyon"]),
        ("Le logement au 4520 rue Saint-Denis, Montréal, QC H2J 2L3 sera", ["4520 rue Saint-Denis, Montréal, QC H2J 2L3"]),
        ("livré au 16 rue des Lilas et personne ne répond", ["16 rue des Lilas"]),
        ("Envoyez à 5 bis, boulevard Haussmann, 75009 Paris.", ["5 bis, boulevard Haussmann, 75009 Paris"]),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert ctx(text, "LOCATION") == expected


@pytest.mark.parametrize(
    "text",
    [
        "see Version 2, 10115 Berlin and Chapter 3, 80331 München",  # a postcode after a numbered thing
        "The partnership will bring 300 jobs to Saxony",  # "bring" is not a German "…ring" street
        "viajará a Belgium el 18th of February 2016 para reunirse con Dr. Ruiz",
        "to Boston for a conference 10-14 June. Signed by Dr",
        "We shipped 3 items via 2 carriers",
        "chapter 12 Road Map",
        "il y a 3 rue de plus à traverser",  # a street type without a street name
    ],
)
def test_no_address_without_street_shape(text: str) -> None:
    from llm_warden.classify.context import find_addresses

    assert list(find_addresses(text)) == []


@pytest.mark.parametrize(
    "text,typ,expected",
    [
        ("> Karl Heinz Vogel (10:15): shipped\n> Beatriz Souza (10:21): ok", "PERSON",
         ["Beatriz Souza", "Karl Heinz Vogel"]),
        ("Medico refertante: Dott. Alessandro Conti, Ospedale", "PERSON", ["Alessandro Conti"]),
        ("Chair: Peter Nowak\n- complaint", "PERSON", ["Peter Nowak"]),
        ("S pozdravem\nPetra Horáková", "PERSON", ["Petra Horáková"]),
        ("Member,Email,Paid\nThabo Mokoena,thabo@x.io,yes\nSarah-Jane Whitmore,sj@x.io,no\n", "PERSON",
         ["Sarah-Jane Whitmore", "Thabo Mokoena"]),
        ("| Name | Role | Office |\n|---|---|---|\n| akosua mensah | nurse | Jordan |\n", "PERSON",
         ["akosua mensah"]),
        ("| Name | Role | Office |\n|---|---|---|\n| akosua mensah | nurse | Jordan |\n", "LOCATION", ["Jordan"]),
        ('{"name": "Anja Lehmann", "stadt": "Köln", "city": "Brno"}', "LOCATION", ["Brno", "Köln"]),
        ("id,name,phone,city\n101,Anna,601 234 567,Krakow\n", "LOCATION", ["Krakow"]),
    ],
)
def test_records_and_more_cues(text: str, typ: str, expected: list[str]) -> None:
    assert ctx(text, typ) == expected


@pytest.mark.parametrize(
    "text",
    [
        "    Keyword,     Name,     Number,\n    Operator,     String,     Token,\n",
        "setup_keywords = ('distclass', 'script_name',\n    'options', 'name', 'version')",
        'location = "template"',
        "name,value\nmax_tokens,1024\ntemperature,0.2\n",
    ],
)
def test_code_is_not_a_record(text: str) -> None:
    assert ctx(text, "PERSON") == [] and ctx(text, "LOCATION") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Grüße aus dem Sekretariat der Grundschule am Rosenhügel", ["Grundschule am Rosenhügel"]),
        ("entregué las llaves a la Inmobiliaria Sol y Tejado. Mi cuenta", ["Inmobiliaria Sol y Tejado"]),
        ("his insurer is Calder Mutual and mine is Northgate Direct Insurance.",
         ["Calder Mutual", "Northgate Direct Insurance"]),
        ("Johan Ekström\nEkström & Dahl Advokatbyrå", ["Ekström & Dahl Advokatbyrå"]),
        ("The Insurance and the Mutual funds", []),  # an institution word alone names nothing
        ("se l'udienza al Tribunale di Salerno è confermata", ["Tribunale di Salerno"]),
        ("Empresa: Papelería La Estrella", ["Papelería La Estrella"]),  # a field that names an organisation
        ("Employer: Desert Bloom Grocers (store manager, 6 yrs)", ["Desert Bloom Grocers"]),
        ("Nåværende leverandør: Fjordlys Kraft AS\nMelding: hei", ["Fjordlys Kraft AS"]),
        ("the reminder from Octavia Energy came again; a driver from Northgate Haulage",
         ["Northgate Haulage", "Octavia Energy"]),
        ("company: 12345\nBank: see above\nit works AS expected", []),
        ("invoice from Wolff & Söhne Metallbau GmbH today", ["Wolff & Söhne Metallbau GmbH"]),
        ("Van Dijk Bouw BV en Ostrowski Budownictwo Sp. z o.o.", ["Ostrowski Budownictwo Sp. z o.o.", "Van Dijk Bouw BV"]),
        ("# Copyright 2026 Google LLC", ["Google LLC"]),
        ("Copyright 2025 Google Inc. HuggingFace Inc.", ["Google Inc.", "HuggingFace Inc."]),
        ("referred to Riverside Medical Centre on Monday", ["Riverside Medical Centre"]),
        ("ricoverato all'Ospedale San Giovanni Bosco di Torino", ["Ospedale San Giovanni Bosco"]),
        ("She studied at the University of Wisconsin-Madison.", ["University of Wisconsin-Madison"]),
        ("The bank sent a letter; our council meets at the university.", []),
        ("We need a limited company or an LLC for this.", []),
        ("union rep Carol Haines from Unite the Union. Next", ["Unite the Union"]),
        ("del despacho Prats & Vidal Advocats, interpone", ["Prats & Vidal Advocats"]),
        ("z pracowni Atelier Dąbrowski i Wspólnicy, dośle", ["Atelier Dąbrowski i Wspólnicy"]),
        ("Account name is Marcus Obi Photography, registered", ["Marcus Obi Photography"]),
        ("she is at Hollis School of Design. Which", ["Hollis School of Design"]),
        ("in Summer School; High School Musical; the school of thought", []),
        ("yo encargo la tarta en Pastelería Ochoa hoy", ["Pastelería Ochoa"]),  # a shop by its trade
        ("maar Bezorgdienst Vlot zegt; aannemer Bouwbedrijf Noorderlicht", ["Bezorgdienst Vlot", "Bouwbedrijf Noorderlicht"]),
        ("rysunki do Urzędu Miasta Krakowa; leczenie w Szpitalu im. Kopernika. Kontakt",
         ["Szpitalu im. Kopernika", "Urzędu Miasta Krakowa"]),
        ("Régie Foncière du Rhône ne répond pas", ["Régie Foncière du Rhône"]),
        ("Firma: Ege Tekstil San. ve Tic. A.Ş. – Atatürk OSB", ["Ege Tekstil San. ve Tic. A.Ş."]),  # Turkish forms
        ("taken by officer Ruiz of Cobb County Police.", ["Cobb County Police"]),  # the person stays out
        ("podáme žalobu k Okresnímu soudu v Olomouci.", ["Okresnímu soudu v Olomouci"]),  # a court in its case
        ("Advokátní kancelář Šimková & Partneři, Horní", ["Advokátní kancelář Šimková & Partneři"]),
        ("Dr. med. Henrike Vogt, Praxis am Schlossberg\nReha", ["Praxis am Schlossberg"]),
        ("Nächste Kontrolle in der Praxis Dr. Özdemir, Sonnenallee", []),  # named after the doctor
        ("Priyanka Chaudhary trading as Chai & Crumb (the Tenant)", ["Chai & Crumb"]),
        ("Mottagare: Vinga Marin Service AB\nIBAN", ["Vinga Marin Service AB"]),  # a noun inside the name
        ("van lease w/ Northgate Vehicle Hire ends; my 1099 from Crestline Brokerage",
         ["Crestline Brokerage", "Northgate Vehicle Hire"]),
    ],
)
def test_organizations(text: str, expected: list[str]) -> None:
    assert ctx(text, "ORGANIZATION") == expected


def test_a_company_signing_off_is_no_person() -> None:
    text = "It's a 5 minutes walk.\nKind regards,\nCornish Coastal Lets"
    assert ctx(text, "PERSON") == []
    assert ctx(text, "ORGANIZATION") == ["Cornish Coastal Lets"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Affects ~40 users in their Lagos office.", ["Lagos"]),
        ("what do I say? I'm in Ohio.", ["Ohio"]),
        ("soy Andrés Felipe Gómez de Medellín. Me llegó", ["Medellín"]),
        ("Le client Nicolas Favre de Lausanne signale", ["Lausanne"]),
        ("moving from Porto, Portugal next month", ["Porto, Portugal"]),
        ("get a second valuation from Harrow Partners", []),  # part of a company name
        ("Best Practices in Mobile Development", []),  # ambiguous gazetteer word
        ("In Paris we trust", []),  # capitalised preposition: a title or sentence start
        ("She moved to Vienna", ["Vienna"]),
        ("nata a Vienna nel 1980", ["Vienna"]),  # the cue is the word "a", not the end of "nata"
    ],
)
def test_known_places(text: str, expected: list[str]) -> None:
    assert ctx(text, "LOCATION") == expected


def test_every_name_column_of_a_table_counts() -> None:
    csv = "id,first_name,last_name,email,city\n101,Anna,Kowalski,a@b.pl,Kraków\n102,John,O'Brien,j@e.net,Cork"
    assert ctx(csv, "PERSON") == ["Anna", "John", "Kowalski", "O'Brien"]
    sql = ("INSERT INTO people (id, first_name, last_name) VALUES\n(1001, 'Grace', 'Thompson'),\n"
           "(1002, 'Mary', 'Ellis');")
    assert ctx(sql, "PERSON") == ["Ellis", "Grace", "Mary", "Thompson"]


def test_country_columns_and_certificate_subjects() -> None:
    csv = "name;email;country\nAna Lopes;ana@example.pt;Portugal\nJo Kim;jo@example.kr;KR\n"
    assert ctx(csv, "LOCATION") == ["Portugal"]  # "KR" is a code, not a written place
    subj = 'openssl req -new -subj "/C=DE/ST=Bayern/L=München/O=Alpenglühen GmbH/CN=api.example.de"'
    assert ctx(subj, "LOCATION") == ["Bayern", "München"]
    assert ctx("CN=api, O=Acme, L=Lyon, C=FR", "LOCATION") == ["Lyon"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ik werk thuis voor de gemeente Utrecht en", ["gemeente Utrecht"]),
        ("Bußgeldstelle der Stadt Dortmund", ["Stadt Dortmund"]),
        ("a letter from the City of Leeds council", ["City of Leeds"]),
        ("Johan kontaktar Sundsvalls kommun om bygglovet", ["Sundsvalls kommun"]),
        ("la gemeente", []),
    ],
)
def test_municipalities_are_organisations(text: str, expected: list[str]) -> None:
    assert ctx(text, "ORGANIZATION") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("is visiting me in toronto and", ["toronto"]),  # a known place written in lower case
        ("paczka w paczkomacie w Poznaniu. Prosi", ["Poznaniu"]),  # Polish locative of Poznań
        ("jedzie do Krakowa jutro", ["Krakowa"]),  # genitive of Kraków
        ("pracuje dla firmy z Wrocławia i prosi", ["Wrocławia"]),
        ("sinds de verhuizing naar Zwolle-Zuid. Moeder", ["Zwolle-Zuid"]),  # a district of a known place
        ("Hei, jeg flytter til Bergen i august", ["Bergen"]),
        ("Oskar sitter på kontoret i Umeå", ["Umeå"]),
        ("in reading the docs, split in mobile view", []),  # words that are also towns
        ("my sister is flying in from thessaloniki on the 14th", ["thessaloniki"]),  # no accent, no capital
        ("We moved from Malaga to Bogota", ["Bogota", "Malaga"]),  # written without accents
        ("o ponto não registra a saída desde ontem", []),  # a lower-case word after a weak cue
        ("she works at uppsala public library", []),  # part of an organisation
        ("income from Palma & Asociados S.L.", []),
    ],
)
def test_known_places_in_other_forms(text: str, expected: list[str]) -> None:
    assert ctx(text, "LOCATION") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("teacher is ms kowalczyk at maple grove elementary", ["kowalczyk"]),
        ("his name is gary and hes kind of old school", ["gary"]),
        ("our manager keith wants something funny", ["keith"]),
        ("a card for my colleague fatma? she's leaving", ["fatma"]),
        ("a text to aunt bev saying we cant make it to grandpa joe's 80th", ["bev", "joe"]),  # kinship words
        ("my manager will call, ms excel is broken, my friend from school", []),  # not listed names
        ("my aunt will come and grandpa says hi", []),
        ("hi derek, the boiler is broken; hi dr. moreau, it's me", ["derek", "moreau"]),  # lower-case greetings
    ],
)
def test_lower_case_names_after_strong_cues(text: str, expected: list[str]) -> None:
    assert ctx(text, "PERSON") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Technik, pan Zdzisław, był w środę", ["Zdzisław"]),  # lower-case titles of their languages
        ("dove affiancherà l'ing. Dal Molin nella linea", ["Dal Molin"]),
        ("we praten met wethouder De Boer over de vergunning", ["De Boer"]),
        ("the sig Error and a dr Who", []),  # short lower-case titles need their dot
        ("Our driver Kwame arrived; appelle mon mari Karim", ["Karim", "Kwame"]),  # relations
        ("Mon compagnon Thibault sera présent; mi novia Lucía también", ["Lucía", "Thibault"]),
        ("Pracownik: Paweł Grzegorczyk-Nowak, magazyn", ["Paweł Grzegorczyk-Nowak"]),  # employee fields
        ("Figlia di riferimento: Rosaria, cell. 339 482 7716", ["Rosaria"]),  # contact-person fields
        ("Sjåfør: Tor-Arne (Bring Cargo)\nCandidat: Andrei Constantinescu, x", ["Andrei Constantinescu", "Tor-Arne"]),
        ("+46 70 482 19 36\nHälsningar Elin", ["Elin"]),  # sign-off and name on one line
        ("asistanı Derya Hanım ile görüşecek", ["Derya"]),  # Turkish titles follow the name
        ("Bună ziua, domnule Popescu,\nVă scriu", ["Popescu"]),
        ("police report taken by officer Ruiz of the county", ["Ruiz"]),
        ("# klant Familie Jansen klaagt; det var broren min Håkon som", ["Håkon", "Jansen"]),
        ("Fdo.: Marta Iturriaga Olazábal, abogada", ["Marta Iturriaga Olazábal"]),  # a signature field
        ("Sehr geehrte Bewohnerinnen und Bewohner,\nam Dienstag", []),  # a group, not a person
        ("Beste Sanne en Joris,\n\nGoed nieuws", ["Joris", "Sanne"]),  # two names in one greeting
        ("Dear Mr and Mrs Nakamura-Brooks,\nYour booking", ["Nakamura-Brooks"]),
        ("a table at 8pm under the name Ferraro. My aunt", ["Ferraro"]),
        ("Da: Chiara Santoro\nA: Giulia Caputo\nOggetto: R: pratica", ["Chiara Santoro", "Giulia Caputo"]),
        ("Q: what changed?\nA: Nothing much", []),  # "A:" is an answer without a subject line
        ("[14/03/2024, 19:03] Tolu 🇳🇬: ask him\n[14/03/2024, 19:05] Femi: ok", ["Femi", "Tolu"]),  # WhatsApp
        ("mevr. Yıldız-Bakker; do pana Zbigniewa; Dobrý den pane Dvořáku,", ["Dvořáku", "Yıldız-Bakker", "Zbigniewa"]),
        ("vi har kundemøde med Vestby-Lund Energi torsdag", []),  # Danish "med" is "with", not "Dr. med."
        ('const carrito = [{ nombre: "Teclado", precio: 49.99 }]', []),  # a product under a name key
        ("Sehr geehrte Frau Kollegin Dr. Wachtel-Brenner,\nwir berichten", ["Wachtel-Brenner"]),
        ("Mit kollegialen Grüßen\nProf. Dr. med. Helmut Grabowski\nChefarzt", ["Helmut Grabowski"]),
        ("Ich bringe den Schlüssel vorbei. Liebe Grüße!", []),
    ],
)
def test_title_chains_and_greeting_words(text: str, expected: list[str]) -> None:
    assert ctx(text, "PERSON") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Draft a reply citing Massachusetts law.", ["Massachusetts"]),
        ("Construtora Ipê Amarelo Ltda., Campinas (2018–2021)", ["Campinas"]),
        ("We flew New York to São Paulo", ["New York", "São Paulo"]),
        ("TZ=Europe/Berlin and Berlin.java", []),  # glued to code
        ("Boston Dynamics robots, Bank of Ireland", []),  # part of a longer name
        ("a note from Sydney; Como funciona?; Pause Young (Normal)", []),  # also a name or a word
        ("CASH WDL LAGOS NG", []),  # shouted: left to the model
        ("12 Oct: Arrive Lisbon, transfer to the hotel", ["Lisbon"]),  # a verb starts the clause
        ("We stayed at the Hotel Bucharest near the station", []),  # the end of a longer name
        ("x\nFILIALE=Karlsruhe-Durlach", ["Karlsruhe-Durlach"]),  # a district of a known place
    ],
)
def test_well_known_places_without_a_cue(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_bare_places

    assert sorted(text[f.start : f.end] for f in find_bare_places(text)) == sorted(expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Giuseppe Lo Bianco, nato il 11/03/1961 a Partinico\nResidenza", ["Partinico"]),  # not in the gazetteer
        ("née le 2 mai 1990 à Saint-Flour, elle", ["Saint-Flour"]),
        ("He was born in Kinsale and moved", ["Kinsale"]),
        ("geb. 22.08.1956, wohnhaft in Bad Tölz\nAufnahme", ["Bad Tölz"]),
        ("born in the spring; geboren in einer Kleinstadt", []),  # lower case: no name
    ],
)
def test_places_of_birth_and_residence(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_home_places

    assert [text[f.start : f.end] for f in find_home_places(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Steigers staan vanaf maandag aan de Herestraat kant", ["Herestraat"]),
        ("Vi ses på Storgatan; treffpunkt Goethestraße", ["Storgatan", "Goethestraße"]),
        ("Die Landstraße ist gesperrt, eine Sackgasse; HAUPTSTRAAT", []),  # nouns, and shouting
        ("leaving from Coombe Lane by the post box; kl. 16 i Fælledparken", ["Coombe Lane", "Fælledparken"]),
        ("sraz v 18:00 u Kapucínského náměstí, pak", ["Kapucínského náměstí"]),
        ("Memory Lane was a hit. The Road to Hackney Road County Court", []),
        ("see src/Kerkstraat.py and kerkstraat@example.com", []),
    ],
)
def test_streets_named_in_one_word(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_street_names

    assert sorted(text[f.start : f.end] for f in find_street_names(text)) == sorted(expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("rakip teklif Bursa'dan gelmiş; haziranda Almanya'da fuarda", ["Bursa", "Almanya"]),  # Turkish cases
        ("Ayşe'de kaldım", []),  # a person with a case ending
        ("entrepôt de Saint-Quentin-Fallavier\nAdresse", ["Saint-Quentin-Fallavier"]),
        ("Clinique Saint-Roch-des-Arceaux", []),  # the end of an institution's name
    ],
)
def test_inflected_and_saint_places(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_inflected_places

    assert [text[f.start : f.end] for f in find_inflected_places(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Pracownik: Jan Kos, magazyn w Łodzi\nData", ["Łodzi"]),  # irregular Polish forms
        ("mieszkam w Polsce od roku, wcześniej w Bydgoszczy", ["Bydgoszczy", "Polsce"]),
    ],
)
def test_polish_place_forms(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_places

    assert sorted(text[f.start : f.end] for f in find_places(text)) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Dirección fiscal: Polígono Industrial El Prado, nave 14, 44100 Albarracín",
         ["Polígono Industrial El Prado, nave 14, 44100 Albarracín"]),
        ("Calle Mayor s/n, 28013 Madrid", ["Calle Mayor s/n, 28013 Madrid"]),
        ("Carretera de Toledo km 12, 28905 Getafe", ["Carretera de Toledo km 12, 28905 Getafe"]),
    ],
)
def test_spanish_address_forms(text: str, expected: list[str]) -> None:
    assert ctx(text, "LOCATION") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("the offsite at The Brackenridge Hotel in Harrogate", ["The Brackenridge Hotel"]),
        ("Nästa möte på Hotell Kronan i Härnösand, 4 sept.", ["Hotell Kronan"]),
        ("Reserva confirmada – Hotel Miradouro da Graça, Rua da Senhora do Monte 12", ["Hotel Miradouro da Graça"]),
        ("Volgende keer overleggen in Café De Drie Uiltjes", ["Café De Drie Uiltjes"]),
        ("drinks at the Red Lion Pub, then Ryokan Asanoya", ["Red Lion Pub", "Ryokan Asanoya"]),
        ("the after-school club at Brook Farm Community Centre", ["Brook Farm Community Centre"]),
        ("but only as far as Raynes Park station; The station; Heathrow airport", ["Heathrow", "Raynes Park"]),
        ("she's moving to Oslo to join Restaurant Havbrise", []),  # an employer
        ("the Hotel Booking API draws a Bar Chart; hotel rooms in town", []),
    ],
)
def test_venues_named_by_their_kind(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_venues

    assert sorted(text[f.start : f.end] for f in find_venues(text)) == sorted(expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Porto, 2 de maio de 2024", ["Porto"]),
        ("Assinatura\nLyon, le 3 mars 2024", ["Lyon"]),
        ("Hello, 2 things first", []),
        ("Sincerely, 12 May", []),
    ],
)
def test_the_place_of_a_letters_date_line(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_dateline_places

    assert [text[f.start : f.end] for f in find_dateline_places(text)] == expected


def test_a_bare_name_column_needs_columns_about_people() -> None:
    products = "sku,name,qty,price\nHNG-BLK-02,Black Wall Hook,1200,0.45\nLMP-09,Desk Lamp,58,19.99\n"
    assert ctx(products, "PERSON") == []
    staff = "id,name,email\n1,Adaeze Okoro,a.okoro@example.org\n2,Per Lind,p.lind@example.org\n"
    assert ctx(staff, "PERSON") == ["Adaeze Okoro", "Per Lind"]
    sql = "INSERT INTO staff (id, name, phone) VALUES (1, 'Adaeze Okoro', '555-0100');"
    assert ctx(sql, "PERSON") == ["Adaeze Okoro"]


def test_quoted_cells_with_the_delimiter_inside() -> None:
    # "Surname, Given" in a quoted CSV cell must not shift the columns after it.
    csv = ('id,name,dept,ssn,dob\n7,"Okoro, Adaeze",Finance,401-73-2258,1986-04-11\n'
           '8,"Lind, Per",IT,618402957,1995-07-02\n')
    assert spans(csv, "DATE_OF_BIRTH") == ["1986-04-11", "1995-07-02"]
    assert sorted(set(spans(csv, "US_SSN"))) == ["401-73-2258", "618402957"]
    assert ctx(csv, "PERSON") == ["Lind, Per", "Okoro, Adaeze"]


def test_psql_table_with_rule_line() -> None:
    text = (" id  |     full_name      |    dob     \n-----+--------------------+------------\n"
            " 101 | Zsófia Kovács      | 1994-04-02 \n 102 | Thomas Beaulieu    | 1969-12-17 \n")
    assert spans(text, "DATE_OF_BIRTH") == ["1994-04-02", "1969-12-17"]
    assert ctx(text, "PERSON") == ["Thomas Beaulieu", "Zsófia Kovács"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Mihaela Popescu, născută la 12.05.1987, domiciliată în Cluj", ["12.05.1987"]),
        ("Adóazonosító: 8412950376\nSzületési dátum: 1979. 08. 23.\n", ["1979. 08. 23."]),
        ("Potilas: Aino Lehtonen, s. 03.11.1987\n", ["03.11.1987"]),
        ('{"nombre": "Lucía", "fecha_nacimiento": "1990-01-28"}', ["1990-01-28"]),
        ('{"patientDateOfBirth": "1985-07-09"}', ["1985-07-09"]),
        ("AGENT: can I take the date of birth Mr Egbuna?\nCALLER: ninth of March 1968\n", ["ninth of March 1968"]),
        ("[00:14] Agent: your date of birth?\n[00:16] Caller: fourteenth of August 1979.", ["fourteenth of August 1979"]),
        ("10:02:11 Agent: date of birth please?\n10:02:15 Customer: 3 May 1990", ["3 May 1990"]),
        ("- Children: Mary Ellen b. 04/05/1896; James b. 22nd Nov 1898", ["04/05/1896", "22nd Nov 1898"]),
        ("Kovács Péter vagyok (születési dátum: 1985. április 17.), lakcím:", ["1985. április 17."]),
        ("Matej Horváth\nDátum narodenia: 3. 8. 2014\nBydlisko:", ["3. 8. 2014"]),
        ("Họ tên: Nguyễn Thị Thu Hà\nNgày sinh: 12/09/1994\n", ["12/09/1994"]),
        ("doğrulama için doğum tarihimi istedi: 14.11.1992. Ayrıca", ["14.11.1992"]),
        ("DOB unknown; next appointment: 12/03/2024", []),
        ("Nurse: and Alfie's date of birth?\nCaller: 2nd of November 2019\n", ["2nd of November 2019"]),
        ("born on the twenty-third of May 1990", ["twenty-third of May 1990"]),
        ('{"updated_at": "1990-01-28", "adobe_build": "2019-01-01"}', []),
        ("Any questions about the date of birth field?\nBot: release 2.1 ships 2024-05-01", []),
    ],
)
def test_dob_more_languages_keys_and_spoken_answers(text: str, expected: list[str]) -> None:
    assert spans(text, "DATE_OF_BIRTH") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Tel. 0664 418 2297\n\nBerufserfahrung\n2016–2019   Junior Controllerin", ["0664 418 2297"]),
        ("SIRET 812 447 905 00018\nTél. 02 47 61 33 08", ["02 47 61 33 08"]),
        ("Nota fiscal, não sei: <CEP>05406150</CEP><fone>1130842297</fone>", ["1130842297"]),
        ("haced bizum al 612 384 907, 15€ cada uno", ["612 384 907"]),
    ],
)
def test_phone_beside_years_registers_and_post_codes(text: str, expected: list[str]) -> None:
    assert spans(text, "PHONE_NUMBER") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Our client library 2.10.4.1 gets a 422 from the API", []),
        ("login from client 10.2.3.4 failed three times", ["10.2.3.4"]),
    ],
)
def test_software_versions_are_not_ips(text: str, expected: list[str]) -> None:
    assert spans(text, "IP_ADDRESS") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("data nașterii 23 aprilie 1993, telefon 0744 512 883", ["23 aprilie 1993"]),
        ("urodzona 3 maja 1985 r. w Gdańsku", ["3 maja 1985"]),
        ("<FamilyName>Reyes</FamilyName>\n<BirthDate>1976-12-02</BirthDate>", ["1976-12-02"]),
        ("geboren op 12 maart 1979 in Utrecht", ["12 maart 1979"]),
    ],
)
def test_dob_month_names_of_more_languages_and_xml(text: str, expected: list[str]) -> None:
    assert spans(text, "DATE_OF_BIRTH") == expected


def test_versions_in_a_firmware_column_and_after_library_is_are_not_ips() -> None:
    csv = "device_id,serial,firmware,ts\na3f9c1e2,SN-4471,3.2.1.7,2024-06-01\nc11d8e90,SN-1239,3.1.9.2,2024-06-01\n"
    assert spans(csv, "IP_ADDRESS") == []
    assert spans("host,ip,version\nweb1,10.0.3.7,1.2.3.4\n", "IP_ADDRESS") == ["10.0.3.7"]
    assert spans("the client library is 2.10.4.1. Is binding to it safe?", "IP_ADDRESS") == []


def test_dashed_codes_in_a_text_about_part_numbers_are_not_phones() -> None:
    text = "Is there a regex for our part numbers? They look like 0412-883-156 or 7700-900-418."
    assert spans(text, "PHONE_NUMBER") == []
    order = "Bestellnummer 77-30418. Ich bin unter 069 27401234 erreichbar."  # spaced: still a phone
    assert spans(order, "PHONE_NUMBER") == ["069 27401234"]


def test_sql_tuples_with_parentheses_in_their_values() -> None:
    text = ("INSERT INTO customers (id, first_name, ssn, dob, phone) VALUES\n"
            "(1001, 'Latoya', '412-68-3390', '1984-05-30', '(901) 555-0137'),\n"
            "(1003, 'Oluwaseun', '231 80 4417', '1990-02-17', '(713) 555-0108');")
    assert sorted(set(spans(text, "DATE_OF_BIRTH"))) == ["1984-05-30", "1990-02-17"]
    assert sorted(set(spans(text, "US_SSN"))) == ["231 80 4417", "412-68-3390"]  # detectors may repeat a value


def test_troy_cards_and_versions_that_look_like_addresses() -> None:
    assert spans("kargo ücreti olarak kartımdan (9792 0304 1877 2133) 89 TL çekildi", "CREDIT_CARD") == [
        "9792 0304 1877 2133"]
    text = "We're on 2.10.4.1 of our internal build tool; what about four-part versions like 2.10.4.1?"
    assert spans(text, "IP_ADDRESS") == []
    assert spans("The server 203.0.113.7 of our office is down", "IP_ADDRESS") == ["203.0.113.7"]


# --- session 7: more languages' birth words and numbers ------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Darbuotoja: Aistė Petrauskienė, gim. 1979-02-14\nPareigos", ["1979-02-14"]),
        ("- Nejc Kranjc, roj. 5. 6. 2012, starš: Urša", ["5. 6. 2012"]),
        ("Einar Sigurðsson, f. 4. apríl 1911 á Ísafirði", ["4. apríl 1911"]),
        ("Ásdís Hauksdóttir, fædd 9. nóvember 1920 í Reykjavík", ["9. nóvember 1920"]),
        ("Hy is gebore op 3 Maart 1941 op Calvinia", ["3 Maart 1941"]),
        ("- Ασφαλισμένος: ημ. γέννησης 02/11/1968", ["02/11/1968"]),
        ("Дата народження: 7 листопада 1990 р.", ["7 листопада 1990"]),
        ("Pacjent ur. w 1980, numer", []),  # no birth word of ours, no date
        ("Lars (b. 1899), Ingrid (b. 1902, Bergen)", ["1899", "1902"]),
        ("- Sigrún Jónsdóttir, f. 1931, bjó í Keflavík", ["1931"]),
        ("see f. 12 of the report; shipped 12. mars 2024", []),
        ("build b. 2024.1 is out", []),
    ],
)
def test_birth_dates_in_more_languages_and_birth_years(text: str, expected: list[str]) -> None:
    assert spans(text, "DATE_OF_BIRTH") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Spørgsmål? Ring til kontoret på 33 14 52 78.", ["33 14 52 78"]),  # "kontoret" is no account
        ("Ar cieņu,\nLīga Ozola\ntel. 2914 0387", ["2914 0387"]),
        ("Guðrún, sími 862 4418, ef þú vilt", ["862 4418"]),
        ("Ħalli messaġġ. Ċemplu fuq 9947 2318 wara s-6.", ["9947 2318"]),
        ("Sendung 4471-88 / 3 Paletten, Telefon siehe unten", []),  # seven digits need a phone word beside them
        ("Aisyah (No. K/P: 900312-10-5566) ingin membuat aduan", []),  # a MyKad number
        ("pasūtījums 2024-0311, Ar cieņu, tel. 2914 0387", ["2914 0387"]),  # a year-numbered order
        ("Kontonummer 2914 0387", []),
    ],
)
def test_national_numbers_of_more_countries(text: str, expected: list[str]) -> None:
    assert spans(text, "PHONE_NUMBER") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ENV PIP_NO_CACHE_DIR=1 APP_VERSION=2.10.4.1\nWORKDIR /app", []),
        ("image: registry.local/thumbnailer:1.22.0.4\n", []),
        ("image: acme/api:2.1.0.3 on host 10.0.0.4:8080", ["10.0.0.4"]),
        ("redis://10.0.0.3:6379 and src:10.2.3.4", ["10.0.0.3", "10.2.3.4"]),
    ],
)
def test_versions_in_keys_and_image_tags_are_no_addresses(text: str, expected: list[str]) -> None:
    assert spans(text, "IP_ADDRESS") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("after upgrading the agent from 2.10.4.1 to 3.0.0.12 it only listens on 127.0.0.1", []),
        ("The changelog for 3.0.0.0 says the bind address changed", []),
        ("scrape_interval: 15s\nversion_check: 1.4.0.2\n", []),
        ("after the upgrade the router at 192.168.1.1 reboots", ["192.168.1.1"]),  # private ranges stay addresses
        ("server 8.8.4.4 is up", ["8.8.4.4"]),
        ("version strings like these:\n\n1.0.0\n2.10.4.1\n10.0.0-rc.2\n", []),  # one per line
        ("Servers:\n10.1.2.3\n81.2.69.142\n", ["10.1.2.3", "81.2.69.142"]),
    ],
)
def test_versions_on_a_line_about_upgrades(text: str, expected: list[str]) -> None:
    assert spans(text, "IP_ADDRESS") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Dotyczy: Krzysztof Wójcik, ur. 03.07.1990 r. w Poznaniu", ["03.07.1990"]),
        ('        assert_eq!(m.dob.to_string(), "1988-04-27");', ["1988-04-27"]),
        ("expect(user.dateOfBirth).toBe('1990-02-14')", ["1990-02-14"]),
        ('created_at: "2024-01-01", dob_checked: true', []),
    ],
)
def test_polish_ur_and_birth_dates_in_code(text: str, expected: list[str]) -> None:
    assert spans(text, "DATE_OF_BIRTH") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Mrs Price's date of birth on the death certificate is 4 March 1939 but the hospital letter says "
         "14 March 1939 — please confirm.", ["4 March 1939", "14 March 1939"]),
        ("DOB 02/03/1990 (or 03/02/1990?)", ["02/03/1990", "03/02/1990"]),
        ("DOB 02/03/1990, admitted 14/03/2020 to ward 3", ["02/03/1990"]),
        ("Laura Mancuso, nata a Palermo il 22/11/1982, proprietaria", ["22/11/1982"]),
        ("née à Lyon le 3 mars 1980", ["3 mars 1980"]),
        ("the office in Palermo il 22/11/2023", []),
        ("the date of birth field is required, created 12/03/2020", []),
    ],
)
def test_second_readings_and_birth_places_before_the_date(text: str, expected: list[str]) -> None:
    assert spans(text, "DATE_OF_BIRTH") == expected


def test_a_changelog_numbers_its_releases_in_four_parts() -> None:
    text = ("## 4.12.0.3 (2024-09-17)\n- Changed: minimum supported runtime is now 3.10.12.0\n"
            "## 4.12.0.2 (2024-09-02)\n- Fixed: crash on startup, removal planned for 5.0.0.0")
    assert spans(text, "IP_ADDRESS") == []
    assert spans("## Incident 12\nblocked 45.33.32.156 at the edge", "IP_ADDRESS") == ["45.33.32.156"]


def test_compact_birth_dates_under_a_dob_column() -> None:
    text = "id,first,last,dob,ssn\n10231,Grace,Hunter,19840312,287-64-1093\n10232,Jordan,Chase,19991332,301-52-7740"
    assert spans(text, "DATE_OF_BIRTH") == ["19840312"]  # the second is no date


# --- tables without a column list, references by year, account numbers --------------------------


def test_a_bare_insert_takes_its_columns_from_create_table() -> None:
    text = ("CREATE TABLE customers (id serial PRIMARY KEY, full_name text, price numeric(10,2), ssn text, dob date);\n"
            "INSERT INTO customers VALUES\n(1, 'Ann Lee', 4.50, '623491187', '1984-09-17'),\n"
            "(2, 'Bo Quist', 1.00, '537 22 9046', '1999-12-30');")
    assert spans(text, "US_SSN") == ["623491187", "537 22 9046"]
    assert spans(text, "DATE_OF_BIRTH") == ["1984-09-17", "1999-12-30"]
    # The same rows under another table's name say nothing about their columns.
    other = text.replace("INSERT INTO customers", "INSERT INTO orders")
    assert spans(other, "DATE_OF_BIRTH") == []


def test_a_reference_numbered_by_year_is_no_phone() -> None:
    assert spans("Zamówienie 2024/05/11873 nie dotarło. Tel. 601 234 567", "PHONE_NUMBER") == ["601 234 567"]
    assert spans("Faktura nr 2023/4471", "PHONE_NUMBER") == []
    assert spans("Ruf an: 030/12345678", "PHONE_NUMBER") == ["030/12345678"]


def test_a_luhn_valid_account_number_is_no_card() -> None:
    assert spans("Deccan Cooperative Bank, A/c 50200031887412, IFSC DCCB0000412", "CREDIT_CARD") == []
    # A card's own length keeps its card reading, whatever the label.
    assert spans("Account number: 4111111111111111", "CREDIT_CARD") == ["4111111111111111"]
    assert spans("card 50200031887412", "CREDIT_CARD") == ["50200031887412"]


def test_an_address_named_as_one_on_a_firmware_line() -> None:
    text = "Modem firmware 7.1.1.30. Gateway page shows WAN IP 24.48.117.203 and more."
    assert spans(text, "IP_ADDRESS") == ["24.48.117.203"]
    assert spans("Upgraded the firmware from 4.12.0.3 to 4.12.1.8 last night.", "IP_ADDRESS") == []


@pytest.mark.parametrize(
    "text,date",
    [
        ("Maria Ferreira, 75 anos, nascida a 3 de julho de 1948", "3 de julho de 1948"),
        ("Pojistník: Tomáš Dvořák, nar. 22. 9. 1976", "22. 9. 1976"),
        ("Jana Nováková, nar. 3.2.1981, Brno", "3.2.1981"),
    ],
)
def test_birth_dates_after_portuguese_and_czech_words(text: str, date: str) -> None:
    assert spans(text, "DATE_OF_BIRTH") == [date]


def test_a_tab_parts_cells_not_digits() -> None:
    """A date and a phone number in adjacent cells of a TSV export are two values, not one number."""
    from llm_warden.classify.engine import Engine

    text = "name\tdob\tphone\nRosemary Baptiste\t30/09/1949\t0117 963 2271\t\tBS6 5AU\n"
    assert spans(text, "PHONE_NUMBER") == ["0117 963 2271"]
    with Engine(use_ner=False) as engine:  # the normaliser's views too: no digits joined across the tab
        found = engine.classify(text)
    assert [(f.type, text[f.start : f.end]) for f in found if f.type in ("PHONE_NUMBER", "CREDIT_CARD")] == [
        ("PHONE_NUMBER", "0117 963 2271")]


def test_a_turkish_mobile_after_cep_and_a_brazilian_cep() -> None:
    assert spans("Kadıköy/İstanbul\nCep: 0532 418 22 67", "PHONE_NUMBER") == ["0532 418 22 67"]
    assert spans("Rua Augusta 1500, São Paulo\nCEP 01304-001\nTel (11) 3345-6789", "PHONE_NUMBER") == [
        "(11) 3345-6789"]


def test_a_finnish_birth_date_after_synt() -> None:
    assert spans("Potilas: Aila Mäkelä-Heikkinen, synt. 3.12.1938", "DATE_OF_BIRTH") == ["3.12.1938"]


@pytest.mark.parametrize(
    "text,typ,value",
    [
        ("TOBI ADEYEMI-HART (child, DOB 14MAR2016)", "DATE_OF_BIRTH", "14MAR2016"),  # run together, as tickets print it
        ("Видана Коваленко Софії, 17.02.2014 р.н., яка проживає", "DATE_OF_BIRTH", "17.02.2014"),
        ("Received: from laptop-07 (unknown [IPv6:2001:db8:85a3::8a2e:370:7334])", "IP_ADDRESS",
         "2001:db8:85a3::8a2e:370:7334"),
        ("Sneha K: gpay u 1800 each na? 99001 27834 right", "PHONE_NUMBER", "99001 27834"),  # an Indian mobile
        ("INSERT INTO c (id, name, dob, created_at) VALUES\n  (1, 'Ann Lee', '1983-05-22', now()),\n"
         "  (2, 'Bo Quist', '1990-11-03', now());", "DATE_OF_BIRTH", "1983-05-22"),  # now() inside a row
    ],
)
def test_structured_forms_of_batch_sixteen(text: str, typ: str, value: str) -> None:
    assert value in spans(text, typ)


def test_a_message_id_is_no_email_address() -> None:
    text = "Message-ID: <20240915161358.3a9f.0c71@mail.hr-portal-secure.co>\nFrom: Jo <jo@example.org>"
    assert spans(text, "EMAIL_ADDRESS") == ["jo@example.org"]


@pytest.mark.parametrize(
    "text,typ,value",
    [
        ("Bartłomiej Szczepański, ur. 7 września 1996 r. w Tarnowie", "DATE_OF_BIRTH", "7 września 1996"),
        ("született Kiss Erzsébet (sz. 1931. május 8., Kiskunhalas)", "DATE_OF_BIRTH", "1931. május 8."),
        ("nimi;sünniaeg;e-post\nKadri Tamm;12.03.1985;kadri.tamm@mail.ee\n", "DATE_OF_BIRTH", "12.03.1985"),
    ],
)
def test_birth_dates_of_batch_seventeen(text: str, typ: str, value: str) -> None:
    assert value in spans(text, typ)


def test_an_ean_barcode_is_no_card() -> None:
    text = "SKU,Name,Colour,Price,Stock,EAN\nTEE-OLV-L,COTTON TEE - LARGE,Olive,19.95,,5012345678924\n"
    assert spans(text, "CREDIT_CARD") == []


@pytest.mark.parametrize(
    "text",
    ["Plačal sem 12. 8. 2024 prek NLB.", "Contractul individual de muncă nr. 312/15.03.2021",
     "06.05  TAURON SPRZEDAZ FAKTURA 8841/05          -213,55 PLN"],
)
def test_dates_and_two_values_are_no_phone(text: str) -> None:
    assert spans(text, "PHONE_NUMBER") == []


def test_a_schema_bound_is_no_birth_date_and_an_italian_dob_column_is() -> None:
    assert spans("    dob DATE CHECK (dob > DATE '1900-01-01'),", "DATE_OF_BIRTH") == []
    text = "id;nome;cognome;data_nascita;comune\n118;Giuseppe;Lo Russo;04/09/1958;Bagheria\n"
    assert spans(text, "DATE_OF_BIRTH") == ["04/09/1958"]


def test_a_word_cut_by_the_context_window_is_no_phone_word() -> None:
    """"tell" 24 characters after a number is not "tel": epoch seconds stay numbers."""
    text = "Convert epoch 1731402211 and 1731488611 to ISO 8601 in UTC, tell me the difference."
    assert spans(text, "PHONE_NUMBER") == []
    assert spans("Call 0612345678 or tel 0612345679 tomorrow", "PHONE_NUMBER") != []


def test_icelandic_phones_after_sima_and_numbers_that_are_no_phones() -> None:
    assert spans("Nánari upplýsingar gefur Halla í síma 862 4017.", "PHONE_NUMBER") == ["862 4017"]
    assert spans("Herr Kaltenbrunner, geb. 17.02.1948, SVNR 4127 170248\n", "PHONE_NUMBER") == []
    assert spans("w sprawie zamówienia nr 4471/06/2024 złożonego w sklepie, tel. 601 234 567", "PHONE_NUMBER") == ["601 234 567"]


def test_a_four_part_number_in_a_list_of_versions_is_no_ip() -> None:
    assert spans("Test strings: 1.2.3, 2.10.4.1, 10.0.0-rc.1, 0.0.0.0", "IP_ADDRESS") == []
    assert spans("servers: 10.2.3.4, 52.14.200.7; app 1.2.3", "IP_ADDRESS") == ["52.14.200.7"] or \
        spans("servers: 10.2.3.4, 52.14.200.7; app 1.2.3", "IP_ADDRESS") == ["10.2.3.4", "52.14.200.7"]
    assert spans("upgraded to 1.2.3, then the host 52.14.200.7 rebooted", "IP_ADDRESS") == ["52.14.200.7"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Született: Szeged, 1951. március 5.\nAnyja neve: Szabó Ilona", ["1951. március 5."]),
    ("Bérlő: Tóth Bence (szül. Debrecen, 1999. 11. 03.)", ["1999. 11. 03."]),
    ("m. 1907 Bridget Ní Shé (b. abt 1887, Dingle?)", ["1887"]),
    ("Meeting: Leeds, 12 May 2024 at the office", []),  # a place and a date without a birth word
])
def test_birth_dates_after_the_birthplace_and_approximate_birth_years(text: str, expected: list[str]) -> None:
    assert spans(text, "DATE_OF_BIRTH") == expected


@pytest.mark.parametrize(("text", "number"), [
    ("Visitas con Rubén de la inmobiliaria, 612 48 39 05 o por correo. Calle del Ave María 27.", "612 48 39 05"),
    ("Administração: Gestão Predial Tejo, Lda., 218 864 302, geral@gptejo.pt.", "218 864 302"),  # a landline in threes
    ("房东：陈建国先生，电话 138 1723 4590，微信同号。", "138 1723 4590"),  # the script says the country
    ("숙소 호스트: 김민준 님, 010-4821-3367", "010-4821-3367"),
])
def test_national_numbers_of_the_texts_country(text: str, number: str) -> None:
    assert number in [text[f.start:f.end] for f in find_phones(text)]


@pytest.mark.parametrize("text", [
    "O orçamento foi de 218 864 300 euros e o ficheiro tem 256 000 000 bytes. Não sei porquê.",  # amounts
    "この関数は 138 1723 4590 個の要素を返します。",  # Japanese text: not read as a Chinese mobile
])
def test_digit_groups_that_are_no_phone_of_the_texts_country(text: str) -> None:
    assert [text[f.start:f.end] for f in find_phones(text)] == []


def test_a_four_part_number_is_a_version_where_the_same_tool_has_a_three_part_one() -> None:
    text = ("- 2024-05-28 09:05 UTC  cli 2.10.4.1 - adds --dry-run to `deploy`\n"
            "- 2024-06-05 08:00 UTC  cli 2.11.0 - Windows support")
    assert [f for f in find_patterns(text) if f.type == "IP_ADDRESS"] == []
    text = "server 2.10.4.1 refused the connection; server 2.11.0.1 too"
    assert [text[f.start:f.end] for f in find_patterns(text) if f.type == "IP_ADDRESS"] == ["2.10.4.1", "2.11.0.1"]


@pytest.mark.parametrize("text", [
    "[12:04:11] resolving toolchain 2.10.4.1 (channel: stable)",
    "Test strings: 1.2.3, 1.2.3.4, v1.2.3, 1.2.3-, 2.10.4.1",
])
def test_four_part_versions_after_a_toolchain_or_among_versions_are_no_addresses(text: str) -> None:
    from llm_warden.classify.patterns import find_ips

    assert [text[f.start : f.end] for f in find_ips(text) if text[f.start : f.end] == "2.10.4.1"] == []
    plain = "Connect to 10.1.2.3 and 52.14.7.9"
    assert [plain[f.start : f.end] for f in find_ips(plain)] == ["10.1.2.3", "52.14.7.9"]


def test_a_build_number_is_no_phone_number() -> None:
    from llm_warden.classify.patterns import find_phones

    text = "Excel-Version 2408, Build 16.0.17928.20114. Windows version 10.0.19045.4291"
    assert list(find_phones(text, ("DE", "US", "GB"))) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("이력서\n성명: 김서연\n생년월일: 1994년 3월 8일\n주소: 서울", "1994년 3월 8일"),
    ("生年月日：1988年5月17日", "1988年5月17日"),
    ("Rafael Augusto Moreira, nasc. 17/05/1988\nEndereço: Rua", "17/05/1988"),
    ("atualizar no cadastro: nascimento 15/08/1995, celular", "15/08/1995"),
])
def test_birth_dates_in_portuguese_korean_japanese_and_chinese(text: str, expected: str) -> None:
    from llm_warden.classify.patterns import find_dates_of_birth

    assert [text[f.start : f.end] for f in find_dates_of_birth(text)] == [expected]
    assert list(find_dates_of_birth("会议时间：2024年3月18日")) == []  # a meeting's date
