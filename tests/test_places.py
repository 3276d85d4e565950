"""Place finders of ``classify.places``: streets named by their type word or ending."""

from __future__ import annotations

import pytest

from llm_warden.classify.places import (find_bare_places, find_framed_places, find_inflected_places, find_natural_places,
                                        find_places, find_site_places, find_street_names, find_venues)


def streets(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_street_names(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("<xLgr>Rua Teodoro Sampaio</xLgr><nro>1180</nro>", ["Rua Teodoro Sampaio"]),
        ("nos vemos en la calle Zamora y luego", ["calle Zamora"]),
        ("en casa, calle Urbieta 14, 3º izq\n[18:07] papá", ["calle Urbieta 14, 3º izq"]),
        ("<xLgr>Avenida Brigadeiro Faria Lima</xLgr>", ["Avenida Brigadeiro Faria Lima"]),
        ("on habite rue de la Roquette depuis mai", ["rue de la Roquette"]),
        ("stopped at the light on N Clark St & W Belmont Ave in Chicago", ["N Clark St", "W Belmont Ave"]),
        ("uusi lista tulee Kalevankatu 12:n ilmoitustaululle", ["Kalevankatu"]),
    ],
)
def test_streets_without_a_full_address(text: str, expected: list[str]) -> None:
    assert streets(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "we ship via DHL to the Place de la Concorde hotel",  # "via" and "place" are words first
        "St Helens won on Saturday",
        "the necktie 5 in the catalogue",
        "Boulevard Nights is a 1979 film",
    ],
)
def test_words_that_are_not_streets(text: str) -> None:
    assert streets(text) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Jukka: Tampereella asuva veljeni sanoo että sama", ["Tampereella"]),
        ("Oulusta tuli kiitos myös Espooseen", ["Oulusta", "Espooseen"]),
        ("Translate to Italian pls, it's for nonna's birthday", []),  # no Finnish, and a demonym
        ("Helena sanoo että kiitos", []),  # a name, not "Hele" + "na"
    ],
)
def test_finnish_case_endings_on_known_places(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_inflected_places(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("koupil jsem ji v Jihlavě (Masarykovo náměstí 12)", ["Jihlavě"]),
        ("rozlučka se svobodou v Brně, přijedeš?", ["Brně"]),
        ("Agnieszka z Gdańska (zdalnie)", ["Gdańska"]),
    ],
)
def test_czech_and_polish_forms_after_a_preposition(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_places(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Riet moet om 22:00 terug naar Zandvoort, taxi regelen", ["Zandvoort"]),
        ("Zimmer in der Pension Seeblick in Lindau. Sauber", ["Lindau"]),
        ("nie będzie go na wycieczce do Wieliczki, bo ma wizytę", ["Wieliczki"]),
        ("rendez-vous devant la mairie d’Arras à 8h30", ["Arras"]),
        ("We met in March and went to Deal with it", []),  # a month, a word: towns only as no word
        ("lunch with Florence in Lincoln's old office", []),  # towns that are given names
    ],
)
def test_smaller_towns_after_a_place_preposition(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_places(text)] == expected


def test_smaller_towns_alone_are_not_places() -> None:
    from llm_warden.classify.places import find_bare_places

    text = "Zandvoort was lovely, Lustenau too."
    assert [text[f.start : f.end] for f in find_bare_places(text)] == []


def test_a_saints_name_is_no_street() -> None:
    assert streets("please email John St. Clair about it") == []


def test_the_towns_tier_holds_small_towns_and_districts_but_not_common_words() -> None:
    from llm_warden.classify._places import TOWNS

    assert {"Hexham", "Hackney", "Didsbury", "Aberporth", "Bellagio", "Bapaume", "Szczyrk"} <= TOWNS
    assert not {"Hope", "Street", "Progress", "Home", "Support", "Welcome", "Paradise"} & TOWNS


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Deliveries to Aberporth on Tuesdays", ["Aberporth"]),
        ("ho soggiornato da voi a Bellagio dal 3 al 7 luglio", ["Bellagio"]),
        ("complaint from Mrs Oduya in Headingley re damaged sofa", ["Headingley"]),
        ("Deliveries to Support on Tuesdays", []),
    ],
)
def test_small_towns_after_a_place_preposition(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_places(text) if f.type == "LOCATION"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("signage for 3 clinics: Winchester, Alresford, Romsey ..... £3,850", ["Winchester", "Alresford", "Romsey"]),
        ("depots in Leeds, Hexham and Immingham", ["Leeds", "Hexham", "Immingham"]),
        ("We need Python, Java and Go", []),
        ("Thanks to Dana, Priya and Tom", []),
    ],
)
def test_lists_of_places(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_place_lists

    assert [text[f.start : f.end] for f in find_place_lists(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("A Dob utca 27. alatti lakásban a bojler", ["Dob utca 27"]),
        ("Nagy Eszter\nBudapest, VII. kerület", ["VII. kerület"]),
        ("az Andrássy út 12 alatt és a Kossuth Lajos tér", ["Andrássy út 12", "Kossuth Lajos tér"]),
    ],
)
def test_hungarian_streets_and_districts(text: str, expected: list[str]) -> None:
    assert streets(text) == expected


def test_case_forms_of_places_in_inflecting_languages() -> None:
    from llm_warden.classify.places import find_bare_places

    text = "Tóth Eszter: én nem leszek, Budapesten vagyok csütörtökig, köszi"
    assert [text[f.start : f.end] for f in find_bare_places(text)] == ["Budapesten"]
    text = "The opera Budapesten is new"  # English: no case forms
    assert [text[f.start : f.end] for f in find_bare_places(text)] == []
    text = "hej, to jak z tym weekendem w Zakopanem? Tomek już zarezerwował"
    assert [text[f.start : f.end] for f in find_places(text)] == ["Zakopanem"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Brightwater Logistics Ltd, Immingham depot\nEmployee: Craig", ["Immingham"]),
        ("10/04 – demo at their Braunstone warehouse, Ravi + their CFO", ["Braunstone"]),
        ("We met at the Main office, Support team", []),
        ("arkadaşlar düğün 15 haziranda Kuşadası'nda, otelde", ["Kuşadası"]),
    ],
)
def test_towns_before_a_site_word_and_with_turkish_endings(text: str, expected: list[str]) -> None:
    found = [*find_places(text), *find_inflected_places(text)]
    assert [text[f.start : f.end] for f in found if f.type == "LOCATION"] == expected


def test_regions_are_places_after_a_preposition() -> None:
    from llm_warden.classify._places import PLACES, TOWNS

    assert {"Cumbria", "Mazowieckie", "Skåne", "Gelderland"} <= TOWNS | PLACES
    assert not {"Centre", "Nord", "Lot", "Pool"} & (TOWNS | PLACES)
    text = "The residential at Hollowmere Outdoor Centre in Cumbria runs from 10–12 June."
    assert [text[f.start : f.end] for f in find_places(text)] == ["Cumbria"]
    text = "Error: timeout\n    at Pool.acquire (node_modules/generic-pool/index.js:12)"
    assert [text[f.start : f.end] for f in find_places(text)] == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The Year 8 trip to the Science Museum in London is on 21 March", ["Science Museum"]),
        ("12 Jul day trip Sintra, Pena Palace tickets booked 09:30", ["Pena Palace"]),
        ("Douro Valley, stay at Quinta da Pacheca\n", ["Quinta da Pacheca"]),
        ("13:00 lunch bij Landgoed Elswout, Elswoutslaan 12", ["Landgoed Elswout"]),
        ("U11s away at Hollybank Rec sat, KO 10am", ["Hollybank Rec"]),
        ("Gentile Hotel Villa Ortensia,\nsono Klaus", ["Hotel Villa Ortensia"]),
        ("em frente à Escola Básica Quinta das Flores, em Coimbra", []),  # a school's name
    ],
)
def test_venues_estates_and_landmarks(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_venues

    assert [text[f.start : f.end] for f in find_venues(text)] == expected


def test_english_words_ending_in_ring_are_no_streets() -> None:
    from llm_warden.classify.context import find_addresses

    text = "PN-9012-3456-78,Bearing 6204-2RS,mechanical,42\nWir wohnen am Kaiserring 12 in Mannheim"
    assert [text[f.start : f.end] for f in find_addresses(text)] == ["Kaiserring 12"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Dirbo filialuose Vilniuje ir Kaune. Išeina į Šiaulius.", ["Vilniuje", "Kaune", "Šiaulius"]),
        ("Es tajā dienā biju darbā Jelgavā, paka stāv Olaines centrā.", ["Jelgavā", "Olaines"]),
        ("Auto je servisiran u Novom Sadu, a ja živim u Beogradu.", ["Novom Sadu", "Beogradu"]),
        ("Посилку повернули на склад у Броварах, філія у Львові.", ["Броварах", "Львові"]),
        ("Hún fæddist í Vestmannaeyjum og bjó á Akureyri með manni sínum.", ["Vestmannaeyjum", "Akureyri"]),
        ("Jonas Petraitis ir Ona dirba su Mindaugu.", []),  # names, not places
    ],
)
def test_case_forms_of_places_in_baltic_slavic_and_icelandic_text(text: str, expected: list[str]) -> None:
    from llm_warden.classify.context import find_context_entities
    from llm_warden.classify.engine import merge_findings

    found = merge_findings(find_context_entities(text), text)
    assert [text[f.start : f.end] for f in sorted(found, key=lambda f: f.start) if f.type == "LOCATION"] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Valley Distribution Inc. (Las Cruces DC)\nManager", ["Las Cruces"]),
        ("On Friday Marek (night shift, Rotterdam DC) had", ["Rotterdam"]),
        ("our Leeds HQ is moving", ["Leeds"]),
        ("Boston PD said nothing", []),  # an acronym that makes the name an organisation's
        ("Boston Dynamics robots", []),
    ],
)
def test_a_place_before_an_acronym(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_bare_places(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("driving my car on I-10 near the exit", ["I-10"]),
        ("a gas station near Route 9 in Freehold", ["Route 9", "Freehold"]),
        ("since the incident on the A702 last winter; stuck on the M25", ["A702", "M25"]),
        ("print on A4 paper; take B12 daily; fill the I-9 form; python on M1 and M2 macs", []),
        ("Our hosting provider in the Netherlands sent this", ["Netherlands"]),
        ("born 9 May 1905 in Rosthern, Saskatchewan), Mennonite", ["Rosthern, Saskatchewan"]),
    ],
)
def test_roads_by_number_countries_with_their_article_and_a_province_after_a_town(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_places(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("there is no number 19 on Clarendon Mews. Post goes to", ["Clarendon Mews"]),
        ("we moved to Hazel Grove last year", ["Hazel Grove"]),
    ],
)
def test_mews_and_groves_without_a_number(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_street_names(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("do sklepu przy ulicy Kościuszki. Została", ["ulicy Kościuszki"]),
        ("bydlím kousek od náměstí Míru. Pracuju", ["náměstí Míru"]),
        ("vocês não atendem o bairro Glória lá", ["bairro Glória"]),
        ("com o João da Casa Bairro Imobiliária (912 604 371)", []),  # inside a company's name
        ("mail the check to 1183 W Calle del Norte, Chandler", ["Calle del Norte"]),
    ],
)
def test_streets_and_districts_named_after_their_type_word(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_street_names(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Finals at Motueka Rec Centre, 27 July", ["Motueka Rec Centre"]),
        ("Games at Saxton Courts unless noted", ["Saxton Courts"]),
        ("Missed collection - Castlegate Trading Estate (3rd time)", ["Castlegate Trading Estate"]),
        ("Margaret Doolan, 82, of Dunmore, passed away peacefully", ["Dunmore"]),
        ("the cost, 12, of Widgets, was high", []),  # a name must stand before the age
    ],
)
def test_venues_by_more_kind_words_and_the_home_town_of_an_obituary(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_venues(text)] == expected


def test_a_bar_of_a_screen_or_a_shelf_is_no_venue() -> None:
    found = [text for text in ("Click the Status Bar, then the Navigation Bar.", "a Protein Bar after the gym")
             if list(find_venues(text))]
    assert found == []
    text = "Drinks at the Crooked Billet Bar, then dinner."
    assert [text[f.start : f.end] for f in find_venues(text)] == ["Crooked Billet Bar"]


def test_a_venue_with_a_legal_form_is_the_company_that_runs_it() -> None:
    assert list(find_venues("réunion avec Brasserie Van Hove SA à Namur")) == []
    text = "dîner à la Brasserie Van Hove, Namur"
    assert [text[f.start : f.end] for f in find_venues(text)] == ["Brasserie Van Hove"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Board mtg - Ballincollig Community Hall - 12 March", ["Ballincollig Community Hall"]),
        ("during Sunday mass at St Mary's Church; then tea", ["St Mary's Church"]),
        ("Bewonersavond op 14 mei in Buurthuis De Pijl. Graag komen", ["Buurthuis De Pijl"]),
    ],
)
def test_halls_churches_and_community_centres_are_venues(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_venues(text)] == expected


def test_greek_prepositions_and_platforms_named_like_towns() -> None:
    text = "για το συνέδριο στη Θεσσαλονίκη (12–13 Οκτωβρίου)"
    assert [text[f.start : f.end] for f in find_places(text)] == ["Θεσσαλονίκη"]
    assert list(find_places("dbt models in Snowflake, then the dashboards")) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("la festa di fine anno il 1 giugno al Parco dei Cedri, serve permesso.", ["Parco dei Cedri"]),
        ("Otel: Sultan Mağara Otel, Aydınlı Mah.", ["Sultan Mağara Otel"]),
        ("comida en el Asador Urkiola Berri, ya he reservado", ["Asador Urkiola Berri"]),
        ("Yeşilvadi Camii Derneği\nDUYURU", []),  # the association that runs the mosque
    ],
)
def test_venues_of_more_languages_and_the_bodies_named_after_them(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_venues(text)] == expected


def test_a_german_noun_that_is_also_a_town_needs_more_than_a_preposition() -> None:
    assert list(find_places("Kommissionierung und Verpackung von Waren, Warenannahme und Kontrolle")) == []


def test_a_shopping_centre_named_centrum_is_a_venue() -> None:
    text = "bilen vandaliserades utanför Täby Centrum igår"
    assert [text[f.start : f.end] for f in find_venues(text)] == ["Täby Centrum"]


def test_place_fields_of_a_form_hold_known_places_only() -> None:
    from llm_warden.classify.places import find_place_fields

    text = "Employee: Aroha Tane\nLocation: Paihia      Manager: Hamish\nCity: Leeds\nLocation: Remote\nBranch: Main\n"
    assert [text[f.start : f.end] for f in find_place_fields(text)] == ["Paihia", "Leeds"]


@pytest.mark.parametrize(("text", "expected"), [
    ("My Hamburg landlord kept the deposit.", ["Hamburg"]),
    ("Our Leeds office closes early.", ["Leeds"]),
    ("Under the Chicago RLTO I believe I can withhold rent.", ["Chicago"]),
    ("My Friend sent this.", []),
])
def test_a_place_used_as_an_adjective_after_a_possessive(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_bare_places(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a CV line's employer, then its town (one also a word or a name), then the years
    ("- Data Analyst — Severn Water, Reading (2018–2021)", ["Reading"]),
    ("Jefa de Ventas — Grupo Andino, Lima (2021–actualidad)", ["Lima"]),
    # both ends of a journey
    ("flight LH1234 Munich→Lisbon at 07h15", ["Munich", "Lisbon"]),
    ("Hamburg 07:35 -> Copenhagen 12:10", ["Hamburg", "Copenhagen"]),
    # a pipeline or a refactoring note is no journey, a heading with a date no CV line
    ("Run Input -> Parser -> Output, then Reading -> Writing.", []),
    ("Refactor, Clean (2019-05) and more", []),
])
def test_places_in_a_cv_line_or_around_a_journeys_arrow(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_framed_places(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("happy to be in the Kelvinside office three days a week", ["Kelvinside"]),
    ("Bank: Union Bank, Ikeja branch, A/c No. 0123", ["Ikeja"]),
    ("Site: Drumhollow distribution centre", ["Drumhollow"]),
    ("Bank: KCB, A/C 01702938, Branch: Kilimani", ["Kilimani"]),
    ("hon sitter på Frölunda-kontoret", ["Frölunda"]),
    # departments, people, web sites and acronyms are not places
    ("Please forward to the Marketing office and the Head office.", []),
    ("see the Confluence site and the Jira site", []),
    ("I left it at the Smith office; the IT office is closed.", []),
])
def test_a_site_named_by_a_place_the_gazetteer_does_not_know(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_site_places(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("- Shuttle to Willow Creek Barn leaves 1:15", ["Willow Creek Barn"]),
    ("first look at the Carlton Gardens 1:30pm", ["Carlton Gardens"]),
    ("stop at Reinebach Falls on the way", ["Reinebach Falls"]),
    ("oppmøte Kvernmo stadion kl 09.15", ["Kvernmo stadion"]),
])
def test_venues_by_barn_gardens_falls_and_stadion(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_venues(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Kupiłam pralkę w Wieliczce i oddałam w Gdańsku.", ["Wieliczce", "Gdańsku"]),
    ("Delam za podjetje v Celju.", ["Celju"]),
    ("Bili smo u Sarajevu prošle godine.", ["Sarajevu"]),
])
def test_polish_and_south_slavic_locatives_of_known_towns(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_places(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("OUTBOUND 02 JUL  Manchester T2 06:15 → Split 09:55", ["Manchester", "Split"]),
    ("dashboards for a Pune-based NBFC client", ["Pune"]),
    ("burial at Kathiani, Machakos County, on Friday", ["Machakos County"]),
    ("Orange County Council approved it", []),
    ("a Cloud-based tool", []),
])
def test_journeys_to_a_town_that_is_a_word_based_in_and_counties(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_framed_places(text)] == expected


def test_a_list_of_towns_with_a_note_after_each() -> None:
    from llm_warden.classify.places import find_place_lists

    text = "Uitwedstrijden: Lokeren (14/9), Eeklo (28/9), Destelbergen (5/10)\nVerzamelen om 8u"
    assert [text[f.start : f.end] for f in find_place_lists(text)] == ["Lokeren", "Eeklo", "Destelbergen"]
    agenda = "Agenda: Budget (15 min), Hiring (10 min), Roadmap (20 min)"
    assert list(find_place_lists(agenda)) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Accommodation: Harbour Lights B&B, Portree", ["Portree"]),
    ("Referrer: Swan River Physiotherapy, Subiaco – practice manager Liam", ["Subiaco"]),
    ("Brought in from Oakridge Care Home, Bramley, with confusion", ["Bramley"]),
    ("Thanks, Truro", []),  # one word before the comma: a greeting, not a name
    ("Harbour Lights B&B, Portree Road 4", []),  # the clause goes on: a street, not the town
    ("Estagiária na Vasconcelos & Filhos, Lda., Maia", []),  # also a given name
])
def test_a_town_after_a_name_and_a_comma(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_comma_towns

    assert [text[f.start : f.end] for f in find_comma_towns(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Sat 6/15 - drive to Estes Park, timed entry Rocky Mountain National Park",
     ["Estes Park", "Rocky Mountain National Park"]),
    ("practice is at Coffman Park; he hangs round Hailey Park most evenings", ["Coffman Park", "Hailey Park"]),
    ("Call Jimin Park or Grace Park tomorrow.", []),  # a given name before the Korean surname
    ("Leave it in the Car Park by the Theme Park.", []),  # kinds of park, not names
])
def test_parks_by_name_and_park_the_surname(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_venues(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("it's for our US partners; I'm applying for UK graduate schemes and moved to the UAE", ["US", "UK", "UAE"]),
    ('UK English please. Price in US dollars. "country": "US", locale en-US, US-ASCII, US$ 40', []),
    ("CONTACT US TODAY", []),
])
def test_a_country_by_its_abbreviation_in_prose(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_country_abbreviations

    assert [text[f.start : f.end] for f in find_country_abbreviations(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Meeting at the clubhouse, near Abraham Adesanya Roundabout.", ["Abraham Adesanya Roundabout"]),
    ("di rumah bu Wulan ya, Jl. Cempaka Putih Tengah XI No. 8, Jakarta Pusat", ["Jl. Cempaka Putih Tengah XI"]),
    ("kita jalan-jalan ke Bandung, jalan kaki saja", []),
])
def test_roundabouts_named_after_people_and_indonesian_streets(text: str, expected: list[str]) -> None:
    assert streets(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("it raised £612 for the Hexham foodbank", ["Hexham"]),
    ("# infra for the Parramatta clinic booking app", ["Parramatta"]),
    ("the Reading list is long", []),  # a word first
    ("the Paris is", []),  # a function word after it: no attribute
])
def test_a_known_town_used_as_an_adjective(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_attributive_places

    assert [text[f.start : f.end] for f in find_attributive_places(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Day 1 (Sun): land Haneda 06:40, then visiting Nara", ["Haneda", "Nara"]),
    ("1,200 pallets/month via Felixstowe, down from 1,400", ["Felixstowe"]),
    ("sent via Git and via Slack", []),
    ("not to compete with the Company anywhere in Scandinavia", ["Scandinavia"]),
])
def test_travel_verbs_via_and_world_regions(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_places(text)] == expected


def test_a_town_in_lower_case_after_a_firm_cue() -> None:
    text = "ok so the airbnb in coogee was $1,260. homestay is near madikeri, owner is mr. poonacha"
    assert [text[f.start : f.end] for f in find_places(text)] == ["coogee", "madikeri"]
    assert list(find_places("Annwyl rieni, we met in person at lunch, in order to")) == []


def test_a_move_from_one_town_to_another() -> None:
    text = "De klant is op 1 maart verhuisd van Haren naar Groningen, de meterstand"
    assert [text[f.start : f.end] for f in find_framed_places(text)] == ["Haren", "Groningen"]
    assert list(find_framed_places("from Monday to Friday, from John to Mary")) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Experience: before that Sahyadri Infotech Mysuru campus", ["Mysuru"]),
    ('"Resume las ventas de la sucursal Guadalajara"', ["Guadalajara"]),
    ("The Marketing office and the Main branch, the Reading site", []),  # words, not places
])
def test_a_known_place_naming_a_site(text: str, expected: list[str]) -> None:
    from llm_warden.classify.places import find_site_known_places

    assert [text[f.start : f.end] for f in find_site_known_places(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Изпращам го на нашия партньор в Германия.", ["Германия"]),  # countries in other languages and scripts
    ("Napisz to dla partnera z Irlandii, a Kuba mówi, że działa.", ["Irlandii"]),  # Kuba: Cuba, and a Jakub
    ("Η αποζημίωση στον Πειραιά", ["Πειραιά"]),  # a Greek accusative drops its final sigma
])
def test_country_names_in_other_languages_and_greek_case_forms(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_places(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Day 6 (Fri): fly home from Kansai International Airport 11:05", ["Kansai International Airport"]),
    ("Treffpunkt ist um 7:45 Uhr beim Bahnhof Hallein, Rückkehr gegen 13 Uhr.", ["Bahnhof Hallein"]),
    ("bij de kantine op Sportpark De Eendracht. Rijders", ["Sportpark De Eendracht"]),
    ("The Airport Express is late.", []),  # no name before the kind word
    ("heading to the Perth Mint and Kings Park as part of our history unit", ["Kings Park"]),
])
def test_airports_stations_and_sports_grounds(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_venues(text)] == expected


def test_an_airport_by_its_short_name_and_a_site_after_standort() -> None:
    from llm_warden.classify.places import find_site_known_places

    text = "Thu 10 Jul – arrive Norman Manley International 14:25\nMüller Logistik GmbH, Standort Nürnberg-Hafen"
    assert [text[f.start : f.end] for f in find_site_known_places(text)] == ["Nürnberg-Hafen", "Norman Manley International"]
    assert list(find_site_known_places("We donate to Amnesty International every year.")) == []


@pytest.mark.parametrize(("text", "place"), [
    ("homes flooded as the River Severn came over the barriers", "River Severn"),
    ("The bike path along Merri Creek gets you to Fitzroy", "Merri Creek"),
    ("stop at Urquhart Castle on Loch Ness, night in Fort William", "Loch Ness"),
    ("Police have closed Bewdley Bridge until further notice.", "Bewdley Bridge"),
    ("close to Barkly Square and the tram", "Barkly Square"),
    ("We hiked Mount Rainier in June.", "Mount Rainier"),
    ("pique-nique près du lac Daumesnil et visite", "lac Daumesnil"),
    ("a day trip to the Douro Valley with the guide", "Douro Valley"),
])
def test_natural_places_by_their_kind_word(text: str, place: str) -> None:
    assert place in {text[f.start:f.end] for f in find_natural_places(text)}


@pytest.mark.parametrize("text", [
    "Damon Hill won the title; Rebecca Wood called back.",  # a given name before a surname-like kind word
    "Configure the Data Bridge, then compute the Chi Square.",  # things of an office or a lesson
    "a letter of support from Wyre Forest District Council",  # part of a longer name
    "GP: Dr Imran Chaudhry, Cuttle Brook Surgery",
    "Mount Sinai Hospital called about the referral.",  # the hospital, an organisation
    "SC-4050  Wood Screws 4.0 x 50 mm, box of 20",  # a product code
])
def test_natural_place_words_that_name_no_place(text: str) -> None:
    assert [text[f.start:f.end] for f in find_natural_places(text)] == []


@pytest.mark.parametrize("text", [
    "Greek yoghurt with honey, Brussels sprouts roasted in oil",
    "Turkish delight, Swiss roll and Danish pastry for the table",
])
def test_a_thing_named_after_a_place_is_no_place(text: str) -> None:
    assert [text[f.start:f.end] for f in find_bare_places(text)] == []


def test_a_bare_place_before_an_ordinary_word_is_still_a_place() -> None:
    text = "citing Brussels rules on data transfers"
    assert "Brussels" in [text[f.start:f.end] for f in find_bare_places(text)]


@pytest.mark.parametrize(("text", "place"), [
    ("- Torsdag: fly Oslo–Bodø, ferge til Moskenes", "Bodø"),  # a leg of a journey with a dash
    ("TP1589 Lisbon–Ponta Delgada 10:05", "Ponta Delgada"),
    ("- Søndag: Svolvær, så Hurtigruten videre", "Svolvær"),  # the day of an itinerary
    ("Day 4 – Glencoe village, then on", "Glencoe"),
    ("The bike path gets you to Fitzroy in 15 min.", "Fitzroy"),  # a town named like a person, travelled to
    ("We have lived in Fitzroy since May.", "Fitzroy"),
])
def test_towns_in_journeys_and_itineraries(text: str, place: str) -> None:
    assert place in {text[f.start:f.end] for f in [*find_places(text), *find_framed_places(text)]}


@pytest.mark.parametrize("text", [
    "Please talk to Fitzroy about the rota.",  # said to a person
    "See the Smith–Jones method on pages 12–15.",  # a dash between names that are no places
    "Monday: Review notes and Anna's draft.",
])
def test_names_in_journey_shapes_that_are_no_places(text: str) -> None:
    assert [text[f.start:f.end] for f in [*find_places(text), *find_framed_places(text)]] == []


@pytest.mark.parametrize(("text", "place"), [
    ("dev is driving down from santa rosa, he can take 4", "santa rosa"),  # a known place of two words
    ("yeah then walk up bernal hill for sunset", "bernal hill"),  # a lower-case name and its kind
    ("meet outside the co-op on wilmslow road in fallowfield", "wilmslow road"),
])
def test_lower_case_places_in_chat(text: str, place: str) -> None:
    assert place in {text[f.start:f.end] for f in [*find_places(text), *find_natural_places(text)]}


@pytest.mark.parametrize("text", [
    "park in the car park on main road near the theme park, then up the hill",
    "teacher is ms kowalczyk at maple grove elementary",  # the school, an organisation
    "Is it bad style to capitalise dataclass fields like Sku?",
])
def test_lower_case_words_before_a_kind_word_that_name_no_place(text: str) -> None:
    assert [text[f.start:f.end] for f in [*find_places(text), *find_natural_places(text)]] == []


@pytest.mark.parametrize(("text", "place"), [
    ("syn Mirosław, który mieszka w Gnieźnie i przyjeżdża raz w tygodniu", "Gnieźnie"),
    ("zbiórka 7:30 pod halą na Czyżynach, wracamy wieczorem", "Czyżynach"),
    ("je mi 34 a bydlím na Vinohradech kousek od náměstí Míru", "Vinohradech"),
    ("Víkendy trávím na kole v Krkonoších nebo na stěně", "Krkonoších"),
])
def test_declined_places_after_west_slavic_prepositions(text: str, place: str) -> None:
    assert place in {text[f.start:f.end] for f in find_inflected_places(text)}


@pytest.mark.parametrize("text", [
    "Czekam na Marka i Annę przed szkołą, potem do Kowalskiego.",  # people in their case forms
    "Jak działa garbage collector w Javie? Napisz na Slacku albo w Excelu.",  # products
    "Oznámení chci podat na Obvodní ředitelství policie. Zavolám k Novákovi.",
    "Zostanie w świetlicy do 17, jsem k zastižení na čísle 737 214 590.",  # lower-case words
])
def test_west_slavic_prepositions_before_no_place(text: str) -> None:
    assert [text[f.start:f.end] for f in find_inflected_places(text)] == []


@pytest.mark.parametrize(("text", "place"), [
    ("Merhaba, ben Elif. Kadıköy'de, Moda'da oturuyorum ve bu hafta taşınıyorum.", "Moda"),  # Turkish locative
    ("Kurye ise Bağdat Caddesi'ndeki eski adresime gitmiş, bu çok kötü.", "Bağdat Caddesi"),
    ("συνάντηση 19:30 στον Λευκό Πύργο, η κομπανία από τη Δράμα.", "Λευκό Πύργο"),  # Greek
    ("Посмотрю варианты в Купчине или у Приморской.", "Купчине"),  # Russian
    ("Збір о 8:00 біля школи на вулиці Личаківській.", "вулиці Личаківській"),  # Ukrainian street
    ("Autobus pôjdeme popri Dunaji, ak bude pršať, ideme do múzea v Starom Meste.", "Starom Meste"),  # Slovak
])
def test_declined_places_in_turkish_greek_east_and_west_slavic(text: str, place: str) -> None:
    assert place in {text[f.start:f.end] for f in find_inflected_places(text)}


@pytest.mark.parametrize("text", [
    "Merhaba, 3 Mayıs'ta verdiğim sipariş gelmedi. Ahmet'e söyledim, Ayşe'den duydum.",  # a month; people
    "Το έδωσα στον Γιώργο και από τον Ιανουάριο για τους Γερμανούς πελάτες στην Τράπεζα Πειραιώς.",
    "Встретимся у Ивана. Лежал в Львовской городской больнице.",  # at a person's; an adjective of a body
    "Die opbrengs gaan vanjaar na Môreson Kinderhuis in die dorp.",  # Afrikaans, not Slovak
])
def test_words_after_those_prepositions_that_are_no_places(text: str) -> None:
    assert [text[f.start:f.end] for f in find_inflected_places(text)] == []


def test_a_kind_word_inside_a_company_name_is_no_lake() -> None:
    text = "Houseboat: Kumarakom Lake Cruises, pickup from the jetty"
    assert [text[f.start:f.end] for f in find_natural_places(text)] == []


def test_a_product_with_a_turkish_locative_is_no_place() -> None:
    text = "Bu tarih ne anlama geliyor? Windows'ta aynı kontrolü PowerShell ile yaptım."
    assert [text[f.start:f.end] for f in find_inflected_places(text)] == []


def test_a_lower_case_hyphenated_place_after_a_cue() -> None:
    text = "danny and priya are flying in from denver, landing in wilkes-barre at 2"
    assert "wilkes-barre" in [text[f.start:f.end] for f in find_places(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Rendez-vous devant la Gare de Perrache à 9 h", ["Gare de Perrache"]),
        ("Kita ketemu di Taman Suropati, lalu ke Stasiun Gambir.", ["Taman Suropati", "Stasiun Gambir"]),
        ("Magkita tayo sa Barangay San Isidro, malapit sa Simbahan ng Quiapo.",
         ["Barangay San Isidro", "Simbahan ng Quiapo"]),
        ("ao sábado vamos ao Mercado do Bolhão de manhã", ["Mercado do Bolhão"]),
        ("Yarın Maçka Parkı'nda, sonra Galata Köprüsü'ne yürürüz", ["Maçka Parkı", "Galata Köprüsü"]),
        ("a csomagokat a Nyugati pályaudvar melletti pontra vigyétek", ["Nyugati pályaudvar"]),
        ("la cuenta de Mercado Pago ya está activa", []),  # the company, not a market
    ],
)
def test_venues_by_their_kind_word_in_more_languages(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_venues(text)] == expected


def test_a_venue_after_an_elided_article_is_part_of_a_longer_name() -> None:
    text = "té visita a l'Hospital Parc Taulí aquell dijous"
    assert list(find_venues(text)) == []


def test_german_streets_named_by_a_place_adjective_and_nordic_definite_place_words() -> None:
    from llm_warden.classify.places import find_street_names

    text = ("Herr Yilmaz in der Venloer Straße; Unser Weg ist lang. På fredag går vi till Slottsskogen, "
            "Luciafirandet i Masthuggskyrkan. J12 fra Fyllingsdalen IL; Fastighets AB Norrbacken.")
    assert [text[f.start : f.end] for f in find_street_names(text)] == ["Venloer Straße", "Slottsskogen",
                                                                        "Masthuggskyrkan"]
    text = "Wohnung in der Bornheimer Landstraße 12, Frankfurt"
    assert "Bornheimer Landstraße" in [text[f.start : f.end] for f in find_street_names(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("lunch at Maxwell Food Centre, then Tiong Bahru Market", ["Maxwell Food Centre", "Tiong Bahru Market"]),
        ("The Stock Market fell; cheese from Stanley's Market", []),  # a kind of market; a shop
        ("walk to the Riverside Cemetery, drive to the Blue Ridge Parkway", ["Riverside Cemetery", "Blue Ridge Parkway"]),
        ("autocarul pleacă din Piața Mihai Viteazul spre Mănăstirea Nicula", ["Piața Mihai Viteazul", "Mănăstirea Nicula"]),
        ("akár a Szent István park melletti kávézóban", ["Szent István park"]),
    ],
)
def test_markets_cemeteries_parkways_and_romanian_and_hungarian_sites(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_venues(text)] == expected


def test_english_towns_joined_by_a_preposition_and_state_highways() -> None:
    from llm_warden.classify.places import find_street_names

    text = "Florist in Stow-on-the-Wold; Upton-upon-Severn floods; a well-to-do family"
    assert [text[f.start : f.end] for f in find_street_names(text)] == ["Stow-on-the-Wold", "Upton-upon-Severn"]
    road = "from Paraparaumu up State Highway 1 and over the Desert Road"
    assert "State Highway 1" in [road[f.start : f.end] for f in find_places(road)]
