"""People cued by their context (``classify.context``): relations, kin and titles in more languages."""

from __future__ import annotations

import pytest

from llm_warden.classify.context import find_context_entities
from llm_warden.classify.engine import merge_findings


def people(text: str) -> list[str]:
    found = merge_findings(find_context_entities(text), text)
    return sorted({text[f.start : f.end] for f in found if f.type == "PERSON"})


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Tel. contacto (hija, Rocío): 678 41 22 97", ["Rocío"]),
        ("- oma Riet moet om 22:00 terug", ["Riet"]),
        ("ninguém vem pro aniversário do tio Zé???", ["Zé"]),
        ("Eşim Zeynep ile konuştuk", ["Zeynep"]),
        ("volunteers Kelly Doyle and Amrit (Zara’s dad). Please pay", ["Amrit", "Kelly Doyle", "Zara"]),
        ("isännöitsijä Lehtonen lähetti viestin", ["Lehtonen"]),
        ("ziek gemeld via teamleider Ruud\nGesprek", ["Ruud"]),
        ("- fotograaf Merel van Dijk 06-48271935", ["Merel van Dijk"]),
        ("vecinul de sus, dl. Sorin Crăciun. Au fost", ["Sorin Crăciun"]),
        ("Administratorul blocului, dna Vasilescu, poate confirma", ["Vasilescu"]),
        ("los del 2ºA (familia Ortiz), Sr. Ballester", ["Ballester", "Ortiz"]),
        ("kupiłem rower dla syna (Kuba) i z karty", ["Kuba"]),
    ],
)
def test_kin_roles_and_titles_cue_a_name(text: str, expected: list[str]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mum's friend came round. Apple's CEO spoke.",
        "see p. 45 and p. Introduction",
        "the client, Monday at the latest",
        "Customer, Support and Sales",
        "hej alla! vem tar fikat till avslutningen, mormor till barnen kommer",  # Swedish "till" is no name
    ],
)
def test_no_name_without_a_name(text: str) -> None:
    assert people(text) == []


def places(text: str) -> list[str]:
    found = merge_findings(find_context_entities(text), text)
    return [text[f.start : f.end] for f in found if f.type == "LOCATION"]


def test_place_fields_of_xml_and_json_records() -> None:
    xml = ("<enderDest><xLgr>Avenida Brigadeiro Faria Lima</xLgr><nro>2232</nro><xBairro>Jardim Paulistano"
           "</xBairro><xMun>São Paulo</xMun><UF>SP</UF></enderDest>")
    assert places(xml) == ["Avenida Brigadeiro Faria Lima", "Jardim Paulistano", "São Paulo"]
    js = '{"calle": "Insurgentes Sur 1602", "colonia": "Crédito Constructor", "ciudad": "Ciudad de México"}'
    assert places(js) == ["Insurgentes Sur 1602", "Crédito Constructor", "Ciudad de México"]
    assert places('{"via": "Slack", "channel": "General"}') == []


def test_transcript_roles_and_interjections_are_no_names() -> None:
    text = "[00:04] Caller: Yeah it's Ifeanyi Obi, O-B-I.\n[00:07] Agent: Thanks Mr Obi.\n[00:10] Caller: Yep."
    assert "Caller" not in people(text) and "Agent" not in people(text) and "Yeah" not in people(text)
    assert "Obi" in people(text)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("/**\n * @author Ewa Nowicka\n */\n@Component", ["Ewa Nowicka"]),
        ("# Maintainer: Piotr Zielinski <pz@example.pl>", ["Piotr Zielinski"]),
        ("Make this CV fit one page.\n\nAMARA OKONKWO-BELL\nFlat 12, Harcourt House · amara@example.com", ["AMARA OKONKWO-BELL"]),
        ("<employee id=\"E1\">\n  <name>Nguyen Van Thanh</name>\n  <dateOfBirth>1985-03-02</dateOfBirth>\n</employee>",
         ["Nguyen Van Thanh"]),
        ("<Holder>\n<GivenName>Adaeze</GivenName>\n<FamilyName>Okafor</FamilyName>\n</Holder>", ["Adaeze", "Okafor"]),
        ("Caller: Maria Lopez\nReason: billing", ["Maria Lopez"]),
        ("Leidinggevende: Ruud Verhoeven\nHR: Ilse\n- Sanne komt vaak te laat", ["Ilse", "Ruud Verhoeven"]),
        ("Manager: Kenji Morales. Buddy: Lark from AR.", ["Kenji Morales", "Lark"]),
        ("Esihenkilö: Ville Korhonen\n", ["Ville Korhonen"]),
        ("oye Nerea, lo de Construcciones Aldabe", ["Nerea"]),
        ("[18:10] Cida: obrigada Gabriel. aproveitando: reunião", ["Cida", "Gabriel"]),
        ("thanks Yusuf. error rate back under 1%", ["Yusuf"]),
        ("Bonjour, je m'appelle Camille Dubois et j'habite à Lyon", ["Camille Dubois"]),
        ("Ich heiße Jonas Weber und wohne in der Bahnhofstraße 12", ["Jonas Weber"]),
        ("hi my name is camille dubois and i live in lyon", ["camille dubois"]),
        ("apartman yöneticimiz hakan bey taşındı, ayşe hanım da", ["ayşe", "hakan"]),
    ],
)
def test_people_credited_by_layout(text: str, expected: list[str]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Dear Parents and Carers,\nOur Year 6 residential trip is in June.",
        "CALLER: No, that got cancelled, I have a new one\nAGENT: ok\nCALLER: That's it, thanks.",
        "ACME SUPPLIES LTD\n+44 20 7946 0958 | sales@example.com",
        "WORK EXPERIENCE\nData Analyst | 2019 - 2023",
        "<project><name>Build Tools</name><version>1.2</version></project>",
        "Model: Claude\nStatus: Open\nLead: Design\nManager: Kubernetes",
        "Thanks Team! and thanks Monday. Cheers All.",
    ],
)
def test_groups_roles_headings_and_project_names_are_no_people(text: str) -> None:
    assert people(text) == []


def test_a_header_naming_a_firm_is_an_organisation() -> None:
    text = "INVOICE #INV-0392\nFrom: Kestrel Design Studio (Hannah Osei, sole trader)"
    found = merge_findings(find_context_entities(text), text)
    assert ("ORGANIZATION", "Kestrel Design Studio") in [(f.type, text[f.start : f.end]) for f in found]


def test_a_cue_before_an_unlisted_word_does_not_stall() -> None:
    import time

    text = "the abi exam, hakan bey, ayşe hanım, foo bey, bar abi " * 2000  # 96 kB of cues, half unlisted
    start = time.perf_counter()
    find_context_entities(text)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Καλησπέρα σας, κυρία Αντωνίου, ο κ. Γρηγόρης Βλάχος θα έρθει.", ["Αντωνίου", "Γρηγόρης Βλάχος"]),
        ("Με εκτίμηση,\nΣταύρος Κωνσταντίνου\n", ["Σταύρος Κωνσταντίνου"]),
        ("Уважаемая г-жа Коваленко, пан Тарас Шевчук передал документы.", ["Коваленко", "Тарас Шевчук"]),
        ("З повагою,\nОлена Бондаренко", ["Олена Бондаренко"]),
        ("Здравейте, г-н Шмид,\nблагодаря", ["Шмид"]),
        ("Përshëndetje Arben,\nfaleminderit", ["Arben"]),
        ("Me respekt,\nArben Kola", ["Arben Kola"]),
        ("Ystävällisin terveisin,\nAino Virtanen", ["Aino Virtanen"]),
        ("Ar cieņu,\nIlze Bērziņa", ["Ilze Bērziņa"]),
    ],
)
def test_titles_greetings_and_sign_offs_of_more_languages_and_scripts(text: str, expected: list[str]) -> None:
    assert people(text) == sorted(expected)


def test_a_greek_or_cyrillic_word_after_a_title_must_still_be_capitalised() -> None:
    assert people("ο κ. δήμαρχος είπε ότι") == []
    assert people("пан директор сказав") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Përshëndetje zonja Hoxha, agjenti juaj, z. Gentian Basha, erdhi.", ["Gentian Basha", "Hoxha"]),
        ("Saya bercakap dengan Encik Hafiz, dan Puan Rosnah juga.", ["Hafiz", "Rosnah"]),
        ("oorder ako kay Mang Boy. Si Aling Nena naman.", ["Boy", "Nena"]),
        ("ka kira Hajiya Amina a office. Alhaji Musa Garba ya zo.", ["Amina", "Musa Garba"]),
        ("ouderling Pieter du Plessis lei die erediens. Mnr. Botha en Ds. Venter.", ["Botha", "Pieter du Plessis", "Venter"]),
        ("Poštovani, gospodin Marković je došao.", ["Marković"]),
        ("An: Fliesen Brunner, z. Hd. Herrn Markus Brunner", ["Markus Brunner"]),  # "z. Hd." is "for the attention of"
        ("I need the pak file and the tuan data tonight.", []),
        ("Mr Smith and Mrs Jones came.", ["Jones", "Smith"]),  # one title's name ends before the next title
        ("cu domnul Mihai Stanciu de la Banca Someș, care", ["Mihai Stanciu"]),
        ("Dr. Jan van der Berg kam", ["Jan van der Berg"]),
    ],
)
def test_titles_of_more_languages(text: str, expected: list[str]) -> None:
    assert people(text) == sorted(expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ms Máiréad Fitzgerald (née Ó Súilleabháin), executrix", ["Máiréad Fitzgerald", "Ó Súilleabháin"]),
        ("Dear Mr Ó Súilleabháin and Ms Ní Bhriain,", ["Ní Bhriain", "Ó Súilleabháin"]),
        ("Anna Weber geb. Krause kam", ["Anna Weber", "Krause"]),
        ("Maria Kowalska z domu Nowak", ["Maria Kowalska", "Nowak"]),
        ("geb. 03.07.1991 in Köln", []),  # a birth date, not a maiden name
    ],
)
def test_maiden_names_and_irish_particles(text: str, expected: list[str]) -> None:
    assert people(text) == sorted(expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("police attended, Sen Const Maddox from Surry Hills", ["Maddox"]),
        ("+ Deacon Frank\nSat 9th: the Nguyễn family", ["Frank", "Nguyễn"]),
        ("Client : M. et Mme Chevallier\nLa Grange", ["Chevallier"]),  # joined titles
        ("Herr und Frau Weber kommen", ["Weber"]),
        ("the Whole family came, the Extended family too", []),
    ],
)
def test_ranks_joined_titles_and_families(text: str, expected: list[str]) -> None:
    assert people(text) == sorted(expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ('"Support": {"EscalationContact": "Grace Achterberg", "EscalationPhone": "011 555 0199"}', ["Grace Achterberg"]),
        ('INFO login ok user_id=55120 display_name="Hunter Blackwood" ip=198.51.100.23', ["Hunter Blackwood"]),
        ('    Owner   = "Hamid Farouqi"\n', ["Hamid Farouqi"]),
        ("ATTENDEE;CN=Lucy Brannigan;ROLE=REQ-PARTICIPANT:mailto:lucy@example.org", ["Lucy Brannigan"]),
        ('owner: "Platform Team"\n"contact": "Sales Department"\nauthor = "Acme Holdings Ltd"', []),
        ('display_name="admin"\nATTENDEE;CN=ops-team@example.com:mailto:ops@example.com', []),
    ],
)
def test_full_names_under_keys_that_say_whose(text: str, expected: list[str]) -> None:
    from llm_warden.classify.context import find_record_entities

    assert [text[f.start : f.end] for f in find_record_entities(text) if f.type == "PERSON"] == expected


def test_address_lines_of_a_json_record_with_or_without_a_house_number() -> None:
    from llm_warden.classify.context import find_record_entities

    text = '"address": {"line1": "Arch 14, Mayfield Yard", "line2": "22 Wyndham Arcade", "city": "Manchester"}'
    assert [text[f.start : f.end] for f in find_record_entities(text)] == [
        "Arch 14, Mayfield Yard", "22 Wyndham Arcade", "Manchester"]


def test_pak_choi_is_a_vegetable_and_pak_budi_a_man() -> None:
    assert people("Stir-fry the Pak Choi with garlic and Bok Choy") == []
    assert people("Pak Budi datang besok") == ["Budi"]  # the title alone opens the gate


def test_name_columns_of_other_languages() -> None:
    text = ("név;cég;város;telefon;email\nKovács Bence;Duna Kertészet Kft.;Szeged;+36 30 412 2275;kb@dunakert.hu\n"
            "Nagy Réka;Alföldi Pékség Bt.;Kecskemét;06 76 412 338;\n")
    assert people(text) == ["Kovács Bence", "Nagy Réka"]
    assert set(places(text)) >= {"Szeged", "Kecskemét"}


def test_an_organisation_before_its_address_is_no_part_of_the_place() -> None:
    text = "Kingsmead Medical Practice, 14 Orchard Lane, Stowmarket IP14 1AB"
    found = merge_findings(find_context_entities(text), text)
    assert [(f.type, text[f.start : f.end]) for f in found] == [
        ("ORGANIZATION", "Kingsmead Medical Practice"), ("LOCATION", "14 Orchard Lane, Stowmarket IP14 1AB")]
    # A building's name stays in the address.
    assert places("Apartment 6, Hanover Quay House, 14 Grand Canal Street, Dublin 2") != []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("dinner with Aunt Marcia in Half Way Tree", ["Marcia"]),  # kin words are titles in many countries
        ("received 2 Sept from Deaconess Abena, balance on the day.", ["Abena"]),
        ("Dobrý deň pán Hofer,\n\nďakujem za stretnutie.", ["Hofer"]),
        ("arisan bulan Juli di rumah Bu Wulan ya", ["Wulan"]),
        ("Juf Lien en meester Bram Van Hecke gaan mee.", ["Bram Van Hecke", "Lien"]),
    ],
)
def test_more_titles_before_a_name(text: str, expected: list[str]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ON BEHALF OF OUR CLIENT, MRS. FOLASADE ADEBAYO-JOHNSON", ["FOLASADE ADEBAYO-JOHNSON"]),
        ("DEAR MR JAMES OKORO,\nWE WRITE TO YOU", ["JAMES OKORO"]),
        ("DR. ENGINEERING DEPARTMENT MEMO", []),  # capitals after a title must hold a listed name
        ("driven by one Mr. Sunday Eze collided with her vehicle", ["Sunday Eze"]),  # days are given names too
        ("Yours faithfully,\nBarr. Chinonso Okonkwo", ["Chinonso Okonkwo"]),
    ],
)
def test_titles_in_capitals_and_day_names(text: str, expected: list[str]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Dear Colleague,\n\nI'd be grateful if you would see her.", "Szanowny Panie,\ninformuję, że wszystko gra.",
     "Don Allah ka taimaka min ka rubuta wannan."],
)
def test_forms_of_address_that_are_no_names(text: str) -> None:
    assert people(text) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Foreldrevakter er Eirik (faren til Sindre) og Gunn-Marit.", ["Eirik", "Gunn-Marit", "Sindre"]),
        ("Boa tarde a todos,\nSou a mãe do Tomás (4.º B). Como sabem", ["Tomás"]),
        ("samen met de mama van Noor en de juf.", ["Noor"]),
        ("The father of Sweden is a myth; the mother of Parliaments too.", []),  # no listed given name
        ("Fiador: Rui Carvalho, pai da Arrendatária, telemóvel 913 408 271", ["Rui Carvalho"]),
        ("Trenere: Ole-Martin og Sigrid Nygård.", ["Ole-Martin", "Sigrid Nygård"]),  # double given names
    ],
)
def test_children_named_by_a_parent_and_double_given_names(text: str, expected: list[str]) -> None:
    assert people(text) == expected


def test_a_particle_alone_is_no_name() -> None:
    assert people("Kun je de regels uitleggen voor mijn zoon van acht? Graag kort.") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Bon dia, Montse,\nsóc la mare de l'Arnau Puigdomènech. L'Arnau no podrà anar.", ["Arnau", "Arnau Puigdomènech", "Montse"]),
        ("La Montse Vilaró portarà la farmaciola i farà les fotos amb en Jordi.", ["Jordi", "Montse Vilaró"]),
        ("A moradora do 302, dona Cida, reclamou de novo.", ["Cida"]),
        ("Hola, Pedro: te escribo por lo del piso.", ["Pedro"]),
        ("I was in Coeur d'Alene visiting my daughter.", []),  # a place's name, not Alene
        ("Los colores de la Paz y el Salvador de la bandera.", []),  # articles before names: Catalan only
    ],
)
def test_catalan_articles_greetings_with_a_comma_and_dona(text: str, expected: list[str]) -> None:
    assert people(text) == sorted(expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("[21:17] Tunde: whats his name again, mr Hadley?", ["Hadley", "Tunde"]),
        ('{"id": 7, "name": {"first": "Ngozi", "last": "Eze-Obi"}, "email": "n@x.io"}', ["Eze-Obi", "Ngozi"]),
        ("ECG: sinus rhythm, QTc 468 ms. Holter arranged privately", []),  # milliseconds, not Ms
    ],
)
def test_lower_case_titles_in_chat_and_the_parts_of_a_json_name(text: str, expected: list[str]) -> None:
    assert people(text) == sorted(expected)


def test_an_irish_county_is_a_place_not_a_company() -> None:
    from llm_warden.classify.organizations import find_organizations
    from llm_warden.classify.places import find_framed_places

    text = "b. 14 Mar 1882 in Ballyvourney, Co. Cork; emigrated 1903. Acme Trading Co. Ltd was his firm."
    assert [text[f.start : f.end] for f in find_framed_places(text)] == ["Co. Cork", "Ballyvourney"]
    assert all("Ballyvourney" not in text[f.start : f.end] for f in find_organizations(text))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The officer who came was PC Rhian Morgan. DS Okafor called later.", ["Okafor", "Rhian Morgan"]),
        ("Spørsmål til diakon Kari Mjelde, tlf. 55 30 81 17.", ["Kari Mjelde"]),
    ],
)
def test_police_ranks_and_church_offices_as_titles(text: str, expected: list[str]) -> None:
    assert people(text) == sorted(expected)


def test_a_place_column_read_by_its_name_in_more_languages() -> None:
    from llm_warden.classify.context import find_record_entities

    text = ("nimi;e-post;linn;klubi\nKadri Tamm;kadri@mail.ee;Tartu;Sõudeklubi\n"
            "Rein Saar;rein@neti.ee;Pärnu;Sõudeklubi\n")
    assert [text[f.start : f.end] for f in find_record_entities(text) if f.type == "LOCATION"] == ["Tartu", "Pärnu"]


def test_a_column_of_known_places_is_a_place_column_whatever_its_name() -> None:
    from llm_warden.classify.context import find_record_entities

    text = ("emp_id\tname\tstore\tdept\n3108\tKayla Runningwater\tDuluth\tFront of house\n"
            "3109\tDemetrius Carter\tSuperior\tKitchen\n3110\tAnn Lee\tMinneapolis\tKitchen\n")
    assert [text[f.start : f.end] for f in find_record_entities(text) if f.type == "LOCATION"] == [
        "Duluth", "Superior", "Minneapolis"]
    # One town among product names does not make a column of places.
    stock = "sku,product,qty\nA1,Reading Lamp,4\nA2,Duluth Trading Jacket,1\nA3,Desk,2\n"
    assert [f for f in find_record_entities(stock) if f.type == "LOCATION"] == []


def test_weekdays_list_markers_and_order_numbers_are_no_parties() -> None:
    assert people("Ο Σύλλογος Γονέων διοργανώνει την Κυριακή 19 Μαΐου, 10:00–14:00, παζάρι") == []  # Sunday
    assert people("a) ¿Es divisible entre 3?\nb) Halla el mínimo común múltiplo de 84 y 210.") == []  # an imperative
    text = "[09:41] Agent: care este numărul comenzii?\n[09:42] Client: ES-2024-118734, livrare în Str. Observatorul 12"
    assert not any(f.type == "ORGANIZATION" for f in find_context_entities(text))


def test_a_preposition_after_a_kinship_word_is_no_lower_case_name() -> None:
    text = "Il trucco della nonna per una carbonara perfetta"
    assert [f for f in find_context_entities(text) if f.type == "PERSON"] == []
    text = "la ricetta di nonna maria per la pasta"
    assert "maria" in [text[f.start:f.end] for f in find_context_entities(text) if f.type == "PERSON"]


@pytest.mark.parametrize(("text", "person"), [
    ("Return boat: pickup from the jetty 12:00, operator Biju 94470 31826", "Biju"),  # a role before a name
    ("Reception at the estate; venue coordinator Bec 0438 620 115", "Bec"),
    ("MC: Hamish (Liam's cousin)\nSpeeches: father of the bride", "Hamish"),
    ("Coordinator: Sue Barraclough, sue.barraclough@example.org", "Sue Barraclough"),
])
def test_people_after_a_role_word(text: str, person: str) -> None:
    assert person in [text[f.start:f.end] for f in find_context_entities(text) if f.type == "PERSON"]


def test_a_legal_form_after_a_trade_word_is_no_person() -> None:
    text = "Summer,Nguyen,Gold Coast Physio Co,summer@gcphysio.com.au"
    assert "Co" not in [text[f.start:f.end] for f in find_context_entities(text) if f.type == "PERSON"]


@pytest.mark.parametrize(("text", "person"), [
    ("Bitte wenden Sie sich an unseren Hausbesorger, Herrn Novak (0664 3812275).", "Novak"),  # the dative of Herr
    ("Rheinblick GmbH, z. Hd. Herrn Brauckmann, Aachener Straße 410", "Brauckmann"),
])
def test_a_surname_after_herrn(text: str, person: str) -> None:
    assert person in [text[f.start:f.end] for f in find_context_entities(text) if f.type == "PERSON"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("player,dob,parent,parent_mobile\nTom Bake,2014-03-11,Rita Bake,0412 847 305\n", ["Tom Bake", "Rita Bake"]),
        ("tenant_name;unit;landlord\nMarek Nowak;4B;Zofia Wrona\n", ["Marek Nowak", "Zofia Wrona"]),
        ("Spieler,Jahrgang,Erziehungsberechtigter\nJonas Weber,2013,Anke Weber\n", ["Jonas Weber", "Anke Weber"]),
        ("service,owner,tier\napi-gateway,platform-team,1\n", []),  # an owner column holds teams
    ],
)
def test_columns_of_club_school_and_tenancy_people(text: str, expected: list[str]) -> None:
    from llm_warden.classify.context import find_record_entities

    assert [text[f.start : f.end] for f in find_record_entities(text) if f.type == "PERSON"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("- Mormor Grethe kommer onsdag med flyet", ["Grethe"]),
        ("- Părintele Ioan Crișan anunță tabăra de copii", ["Ioan Crișan"]),
        ("Teacher in charge: Whaea Mere Parata", ["Mere Parata"]),
        ("[10:11] Tita Cora from Cebu arriving Sat", ["Cora"]),
        ("Helyettem Szabó Eszter megy, a főnökömnek küldöm.", ["Szabó Eszter"]),  # Hungarian: family name first
        ("Kedves Gábor! A főnökömnek megy.", ["Gábor"]),  # a greeting, and no family name before it
    ],
)
def test_kin_words_of_more_languages_and_hungarian_name_order(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_context_entities(text) if f.type == "PERSON"] == expected


def test_german_abbreviations_after_z_are_no_titles() -> None:
    text = "bei etwa der Hälfte der Zeilen, z. B. bei Artikelnummer 00471128, z. T. leer"
    assert [f for f in find_context_entities(text) if f.type == "PERSON"] == []


def test_name_parts_of_a_record_in_any_case_but_not_a_things_name() -> None:
    record = '{"surname": "TAN", "given": "Wei Ming", "dob": "1956-07-02"}'
    assert [record[f.start : f.end] for f in find_context_entities(record) if f.type == "PERSON"] == ["TAN", "Wei Ming"]
    cart = 'const carrito = [{ nombre: "Teclado", precio: 49.99 }]'
    assert [f for f in find_context_entities(cart) if f.type == "PERSON"] == []


def test_parks_after_a_place_word_even_named_with_a_common_word() -> None:
    text = "round to the lane by Bellahouston Park. Practice is at Avery Park field 4, not the Car Park."
    found = [text[f.start : f.end] for f in find_context_entities(text) if f.type == "LOCATION"]
    assert "Bellahouston Park" in found and "Avery Park" in found and "Car Park" not in found


def test_first_and_last_keys_of_one_record_and_full_name_labels_of_more_languages() -> None:
    record = '{"first": "Rhodri", "last": "Bevan", "company": "Taff Valley"}'
    assert [record[f.start : f.end] for f in find_context_entities(record) if f.type == "PERSON"] == ["Rhodri", "Bevan"]
    alone = '{"first": "Monday", "step": 2}'  # "first" without "last" is no name part
    assert [f for f in find_context_entities(alone) if f.type == "PERSON"] == []
    form = "Nom i cognoms: Martí Puigdomènech\nNombre y apellidos del tutor: Jordi Serra\n"
    assert {form[f.start : f.end] for f in find_context_entities(form) if f.type == "PERSON"} == {
        "Martí Puigdomènech", "Jordi Serra"}
