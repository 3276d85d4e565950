"""People's names from the given-name and surname lists (``classify/names.py``)."""

from __future__ import annotations

import unicodedata

import pytest

from llm_warden.classify._names import FIRST_NAMES, LAST_NAMES
from llm_warden.classify._places import PLACES
from llm_warden.classify.names import AMBIGUOUS_GIVEN_NAMES, find_listed_names, retype, unsure_capitalised_word
from llm_warden.types import Finding


def _found(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_listed_names(text)]


def test_lists_are_large_and_keep_names_that_are_also_places() -> None:
    assert len(FIRST_NAMES) > 10_000 and len(LAST_NAMES) > 10_000
    assert {"Sydney", "Regina"} <= FIRST_NAMES & PLACES  # the code decides, not the lists
    assert {"Sharon", "Björn", "Héctor", "Emre"} <= FIRST_NAMES and {"Walsh", "Demir", "Rossi"} <= LAST_NAMES


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Sign it from Gareth Evans.", ["Gareth Evans"]),
        ("Merhaba, ben Emre Demir. Siparişim", ["Emre Demir"]),
        ("Escalated to Derek in logistics.", ["Derek"]),
        ("I'll ping Hamish and the team", ["Hamish"]),
        ("Anders will pick you up at the airport", ["Anders"]),
        ("Youssef says Marek pushed him", ["Youssef", "Marek"]),
        ("confirmad con Maite antes del miércoles", ["Maite"]),
        ("Thanks Nick", ["Nick"]),
        ("hey so dario said you'd sort the gas bill", ["dario"]),  # lower case, before a verb of speech
        ("Já falei com o Rodrigo do atendimento", ["Rodrigo"]),  # the article before a given name
        ("# TODO ask Raj why it fails; ping Oluwaseun and Ciarán", ["Raj", "Oluwaseun", "Ciarán"]),
        ("o Porto ganhou e o Brasil perdeu", []),  # the article before places
        ("Thu: Fatou and Oluwaseun join us", ["Fatou", "Oluwaseun"]),  # two given names joined
        ("Georgia and Oregon; Jordan and Paris", []),  # places, also given names
        ("ok je préviens Karim à l'entrepôt", ["Karim"]),
        ("# reviewed by Ines; Interviu cu Mihai și Ioana", ["Ines", "Mihai", "Ioana"]),
        ("Note interne (Karim) : IP WAN; see (Paris) and (Config)", ["Karim"]),  # an attribution in brackets
        ("Please fix asap, the deadline is coming.\nReggie", ["Reggie"]),  # a closing signature
        ("happy birthday Bea!! love from Hollis", ["Bea", "Hollis"]),
        ("// staging MySQL, Hamza set it up; 22/04 Nacho le mandó la propuesta", ["Hamza", "Nacho"]),
        ("witness was a lady called Denise", ["Denise"]),  # "lady" is no name
        ("On Friday Marek (night shift) hit the dock; y el gerente, Héctor, me dijo", ["Marek", "Héctor"]),  # alone
        ("My German isn't good; since 17 Jan; für meine Oma; Coeur d'Alene; Škoda Octavia", []),
        ("unique=True)\nwhile True:\n    x = Server()", []),  # words, and code
        ("he said so and everyone said yes", []),
        ("Walsh-Evans", []),
    ],
)
def test_listed_names_in_strong_shapes(text: str, expected: list[str]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Annual Report Of Brian Walsh Holdings For The Year",  # a Title Case heading
        "ask Claude to write it, then Ruby will run it",  # products and languages
        "Will you call Grace Church tomorrow?",  # ambiguous given names, a place word
        "Florence Nightingale Hospital",  # a known place, not a given name on the list
        "Brian Walsh Ltd sent the invoice",  # a company
        "email derek@example.com or see /home/Derek/x and user_Derek",  # glued to an address or path
        "intersection of Oracle Rd & Ina Rd",  # a street, not a person after "&"
        "Derek",  # a bare name with no cue
    ],
)
def test_listed_names_need_more_than_the_list(text: str) -> None:
    assert _found(text) == []


def _loc(text: str, span: str) -> Finding:
    i = text.index(span)
    return Finding("LOCATION", i, i + len(span), 0.8, "ner")


@pytest.mark.parametrize(
    "text,span,typ",
    [
        ("Previous landlord: Sharon Reyes, 816-555-0172", "Sharon Reyes", "PERSON"),
        ("a boy called Rhys keeps taking his lunch", "Rhys", "PERSON"),
        ("flying in from Venice on Monday", "Venice", "LOCATION"),  # a lone name after a place cue
        ("il box auto in via Roma 45", "Roma", "LOCATION"),
        ("she moved to North Desiree", "North Desiree", "LOCATION"),  # a place word
        ("the Meunier branch", "Meunier", "LOCATION"),  # a lone surname is left alone
        ("near Berlin", "Berlin", "LOCATION"),
    ],
)
def test_retype_model_places_made_of_names(text: str, span: str, typ: str) -> None:
    assert retype(text, _loc(text, span)).type == typ


@pytest.mark.parametrize(
    "text,span,whole",
    [
        ("Verification: Ciarán Mac Giolla Phádraig, head chef", "Mac Giolla Phádraig", "Ciarán Mac Giolla Phádraig"),
        ("Hóspede: João Pedro Carvalho Antunes\nCheck-in", "Antunes", "João Pedro Carvalho Antunes"),
        ("we met Brian in Kinsale", "Kinsale", None),  # a cue word between
        ("Sarah Connor Leeds office", "Leeds", None),  # a known place
    ],
)
def test_retype_the_rest_of_a_name_after_listed_names(text: str, span: str, whole: str | None) -> None:
    f = retype(text, _loc(text, span))
    assert (text[f.start : f.end] if f.type == "PERSON" else None) == whole


@pytest.mark.parametrize(
    "text,span,typ",
    [
        ("bittet um Versetzung ins Lager Krefeld, da", "Krefeld", "LOCATION"),  # a place, no name
        ("Trevor Blackwood, picker, Swindon fulfilment centre", "Swindon", "LOCATION"),
        ("a note from Sydney about the invoice", "Sydney", "PERSON"),  # also a given name: left alone
        ("Account name is Marcus Obi Photography, registered", "Marcus Obi Photography", "ORGANIZATION"),
        ("insured with Peachtree Mutual\nWhat happened", "Mutual", "ORGANIZATION"),
        ("old elastic IP, kept for the Mildura SCADA allow-list", "Mildura", "LOCATION"),  # a smaller town
        ('w tytule: "Turniej Zakopane – Jakub"', "Zakopane", "LOCATION"),
        ("6–8 Nov: drive to Dharamshala, Pine Crest Residency", "Dharamshala", "LOCATION"),  # only places follow
        ("Vi bor i en andelsforening på Østerbro (Classensgade)", "Østerbro", "LOCATION"),
        ("I'll drive to Marek's tomorrow", "Marek", "PERSON"),  # a given name stays a person
    ],
)
def test_retype_model_people_that_are_only_places(text: str, span: str, typ: str) -> None:
    i = text.index(span)
    assert retype(text, Finding("PERSON", i, i + len(span), 0.7, "ner")).type == typ


def test_retype_keeps_other_types_and_offsets() -> None:
    text = "Sharon Reyes"
    f = Finding("ORGANIZATION", 0, 12, 0.7, "ner")
    assert retype(text, f) is f
    g = retype(text, _loc(text, text))
    assert (g.start, g.end, g.score, g.detector) == (0, 12, 0.8, "ner")


def test_the_gazetteer_knows_native_and_foreign_names_of_places() -> None:
    assert {"Wien", "Warszawa", "Mailand", "Londres", "Deutschland", "Niemcy", "England", "Tromsø"} <= PLACES
    assert not {"Man", "San", "Van", "Ann"} & PLACES  # three-letter GeoNames names that are words


def test_wordlike_given_names_are_words_of_the_filler() -> None:
    from llm_warden.classify._names import WORDLIKE_GIVEN_NAMES

    assert {"True", "Server", "Unknown"} <= WORDLIKE_GIVEN_NAMES <= FIRST_NAMES
    assert "Marek" not in WORDLIKE_GIVEN_NAMES


def test_ambiguous_given_names_are_on_the_list_they_guard() -> None:
    # The guard list only matters for names the lists hold; most of it must be on them.
    assert len(AMBIGUOUS_GIVEN_NAMES & FIRST_NAMES) > 100


def _ner(text: str, span: str, typ: str = "LOCATION", score: float = 0.7) -> Finding:
    i = text.index(span)
    return Finding(typ, i, i + len(span), score, "ner")


@pytest.mark.parametrize(
    "text,span,typ,score,unsure",
    [
        ("Verwezen naar de polikliniek cardiologie.", "Verwezen", "LOCATION", 0.65, True),  # sentence start
        ('"Merhaba, ben Emre.', "Merhaba", "PERSON", 0.67, True),
        ("Nächste Kontrolle in der Praxis Dr. Özdemir, die Werte sind gut und stabil.", "Praxis", "LOCATION",
         0.63, True),  # German capitalises every noun
        ("Dann gebe Brühe, Essig, Senf, Zwiebeln und Öl dazu und lasse es ziehen.", "Senf, Zwiebeln und Öl",
         "LOCATION", 0.6, True),
        ("Kwame to check the contract.", "Kwame", "PERSON", 0.6, False),  # a listed name
        ("Teamleitung (Sabine Krüger) unterstützt den Antrag und die Planung.", "Sabine Krüger", "PERSON",
         0.7, False),
        ("Nächste Kontrolle in der Praxis, die Werte sind gut und stabil.", "Praxis", "LOCATION", 0.9, True),
        # in German a sure score is not enough for one unlisted word ("Brühe, Essig, Senf"); a very sure one is
        ("Nächste Kontrolle in der Praxis, die Werte sind gut und stabil.", "Praxis", "LOCATION", 0.97, False),
        ("Roast with Crispy Potatoes\n- 4 Chicken Thighs (bone-in)\n", "Thighs", "PERSON", 0.8, True),  # Title Case
        ("We met at the Dunmore site.", "Dunmore", "LOCATION", 0.6, False),  # mid-sentence, not German
        ("I TOOK A DAY OFF FROM WORK FOR THIS. CALL ME BACK ON THE NUMBER YOU HAVE.", "BACK", "PERSON", 0.84,
         True),  # shouting
        ("YOUR TECHNICIAN KEVIN NEVER SHOWED UP AT THE HOUSE TODAY", "KEVIN", "PERSON", 0.6, False),  # listed
        ("Die Wohnung in der Sonnenallee 88, Berlin ist frei und die Miete ist", "Sonnenallee 88", "LOCATION",
         0.6, False),  # an address has digits
        # a sentence that capitalises its nouns: unlisted words and names that are words are nouns there
        ("I have Sweet Potatoes, a tin of Coconut Milk, Red Lentils, Fresh Ginger, Garlic, Spring Onions and "
         "a bunch of Coriander. Any ideas?", "Coriander", "LOCATION", 0.61, True),
        ("I have Sweet Potatoes, a tin of Coconut Milk, Red Lentils, Fresh Ginger, Garlic, Spring Onions and "
         "a bunch of Coriander. Any ideas?", "Ginger, Garlic", "LOCATION", 0.78, True),
        ("MUG-0142,Midnight Oak Mug,Kitchen,8.50\nPLT-2204,Sage Green Side Plate,Kitchen,6.25", "Green",
         "PERSON", 0.74, True),  # a Title Case product line
        ("Yesterday I met Grace Okafor, Tomasz Nowak, Priya Raman and Omar Haddad at the Leeds office with "
         "Hope.", "Hope", "PERSON", 0.7, False),  # many capitals, but the sentence's names are names
        ("Can you scale this recipe?\n\nLemon Drizzle Loaf\nServes 8", "Lemon Drizzle", "PERSON", 0.6, True),
        ("My garden.\n\nRosemary has gone woody at the base.", "Rosemary", "PERSON", 0.5, True),  # opens a sentence
        ("**Reporter:** Chase Okonkwo-Reyes (@cokonkwo)", "Chase Okonkwo-Reyes", "PERSON", 0.6, False),
    ],
)
def test_unsure_capitalised_words(text: str, span: str, typ: str, score: float, unsure: bool) -> None:
    assert unsure_capitalised_word(text, _ner(text, span, typ, score)) is unsure


def test_only_model_findings_are_judged() -> None:
    text = "Verwezen naar de polikliniek."
    f = Finding("LOCATION", 0, 8, 0.6, "pattern")
    assert unsure_capitalised_word(text, f) is False


@pytest.mark.parametrize(
    "span,expected",
    [
        ("jean-luc picard", True),
        ("maria garcia", True),
        ("the manager", False),  # function words and ordinary words
        ("will smith", False),  # an ambiguous given name
        ("Maria Garcia", False),  # not lower case: the ordinary rules apply
        ("kowalczyk", False),  # a surname alone is no given name
    ],
)
def test_lower_case_listed_names(span: str, expected: bool) -> None:
    from llm_warden.classify.names import lower_case_listed_name

    assert lower_case_listed_name(span) is expected


@pytest.mark.parametrize(
    "text,span,expected",
    [
        ("bruiloft Floor & Joris – za 14 juni", "Floor & Joris", ("PERSON", "Floor")),  # a couple, not a firm
        ("we ordered from Johnson & Johnson", "Johnson & Johnson", ("ORGANIZATION", "Johnson & Johnson")),
        ("lunch at Marks & Spencer", "Marks & Spencer", ("ORGANIZATION", "Marks & Spencer")),
        ("a mug from Ben & Jerry's", "Ben & Jerry's", ("ORGANIZATION", "Ben & Jerry's")),
    ],
)
def test_retype_model_companies_made_of_two_given_names(text: str, span: str, expected: tuple[str, str]) -> None:
    i = text.index(span)
    f = retype(text, Finding("ORGANIZATION", i, i + len(span), 0.8, "ner"))
    assert (f.type, text[f.start : f.end]) == expected


@pytest.mark.parametrize("text", ["Floor & " * 20_000, "On Friday Marek came " * 8_000],
                         ids=["joined-names", "lone-names"])
def test_one_long_line_of_names_takes_linear_time(text: str) -> None:
    # Each line is judged once: a 160 kB line of names once took 50-90 s (the line re-read per name).
    import time

    t0 = time.perf_counter()
    find_listed_names(text)
    assert time.perf_counter() - t0 < 5.0


def test_a_name_inside_an_institution_is_no_person() -> None:
    from llm_warden.classify.names import find_listed_names
    text = "drove straight to Royal Albert Edward Infirmary and then to Florence Nightingale Hospital"
    assert find_listed_names(text) == []


def test_the_lists_hold_greek_and_cyrillic_names_and_places() -> None:
    assert {"Σταύρος", "Тарас", "Олена"} <= FIRST_NAMES and {"Βλάχος", "Смирнов"} <= LAST_NAMES
    assert {"Θεσσαλονίκη", "Харків", "Пловдив"} <= PLACES
    assert "Шевченко" not in PLACES  # an old name of Aktau, and a surname first
    assert not any(any("GREEK" in unicodedata.name(c, "") for c in n) and
                   any(c.isascii() and c.isalpha() for c in n) for n in FIRST_NAMES)  # one script per name


def test_a_listed_given_name_and_surname_in_cyrillic() -> None:
    text = "Добрый день! Передайте Андрей Смирнов документы."
    assert [text[f.start : f.end] for f in find_listed_names(text)] == ["Андрей Смирнов"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("I hope you're well. Callum came home very excited.", ["Callum"]),
        ("the install; Femke already flagged that in March", ["Femke"]),
        ("4/22: Dan arrived 2h late. Dan said his mother is ill.", ["Dan", "Dan"]),  # "dan" is Dutch "then"
        ("Dan zei dat het goed was", []),  # and in Dutch it is
        ("Summer came early this year", []),  # a given name that is a word needs more than a verb
    ],
)
def test_given_names_before_verbs_of_what_people_do(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_listed_names(text)] == expected


def test_cue_words_in_a_title_case_recipe_name_nobody() -> None:
    text = "1. Preheat Oven To 180°C (160°C Fan) And Line The Tin.\n2. Beat The Butter And Sugar Until Pale."
    assert find_listed_names(text) == []
    assert [text[f.start : f.end] for f in find_listed_names("Signed for Kestrel by Dr. Anneliese Vanterpool, "
                                                                 "and for the consultant by Hemi Whaanga.")] != []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("New hire: Destiny Alvarado\nStart date: Aug 5", ["Destiny Alvarado"]),
        ("Summer Okafor joined", ["Summer Okafor"]),
        ("Hope Street is closed", []),
        ("I will Power through it", []),
        ("Grace Kelly Bridge was shut", []),  # a place or institution word after the pair
    ],
)
def test_a_given_name_that_is_a_word_before_a_listed_surname(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_listed_names(text)] == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Kurs kaydı için Zeynep Emre hanıma ulaşın.", ["Zeynep Emre"]),  # a given name as the surname
        ("Reporter: Olumide Adebayo (tenant)", ["Olumide Adebayo"]),
        ("Hotel rooms at the Grand Canal Dock site", []),  # the tail of a longer capitalised name
        ("zarezerwował pokoje w Willi Orla", []),  # after a place cue
        ("mieszkanie przy Str. Avram Iancu nr. 14", []),  # a street named after a person
        ("she works at Diana Princess of Wales Hospital", []),
        ("Deploy notes: Summer Grace release", []),  # given names that are words never pair up
    ],
)
def test_two_given_names_name_a_person(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_listed_names(text)] == expected


def test_a_signature_after_a_dash() -> None:
    assert [f for f in find_listed_names("Let me know if the site needs more.\n- Jen")] != []
    text = "Thanks!\n— Marek"
    assert [text[f.start : f.end] for f in find_listed_names(text)] == ["Marek"]


def test_surname_first_in_hungarian_text() -> None:
    def names(text: str) -> list[str]:
        return [text[f.start : f.end] for f in find_listed_names(text)]

    assert names("A szerelő, Kovács Gábor a Fűtéstechnika Kft.-től azt mondta, hogy jön.") == ["Kovács Gábor"]
    # Elsewhere a surname before a given name is a firm and its trade, or a car and its model.
    assert names("two client deadlines for Halvorsen Marine. He said so.") == []


def test_retype_a_model_company_named_before_its_site() -> None:
    text = "the nightly export to the Tampines warehouse failed again"
    i = text.index("Tampines")
    assert retype(text, Finding("ORGANIZATION", i, i + 8, 0.6, "ner")).type == "LOCATION"
    text2 = "Ping the Acme Logistics warehouse team"  # two words: a firm's own site
    j = text2.index("Acme Logistics")
    assert retype(text2, Finding("ORGANIZATION", j, j + 14, 0.6, "ner")).type == "ORGANIZATION"


def test_a_given_name_after_a_determiner_is_a_thing() -> None:
    assert find_listed_names("Harbour Master: +1 Grain when you build the Dock, then trade.") == []
    text = "Si queréis hacer algo, escribidle a Javi (655 210 387)."
    assert [text[f.start : f.end] for f in find_listed_names(text)] == ["Javi"]  # Spanish "a" is "to"


def test_virtues_that_are_names_need_a_cue() -> None:
    poem = "Kindness gives more than it will take,\nAnd Mercy waits beside the open gate."
    assert find_listed_names(poem) == []
    assert find_listed_names("Harbour rules: block one Raid this round.") == []


def test_the_name_lists_know_common_names_faker_lacks_and_no_everyday_words() -> None:
    """The lists add the most common names of names-dataset's countries to Faker's short lists, less
    everyday words, titles and brands its users wrote as names."""
    assert {"Małgorzata", "Kees", "Montse", "Cida", "Chidera"} <= FIRST_NAMES
    assert {"Krejčí", "Mulholland"} <= LAST_NAMES
    assert not {"Brand", "Mass", "Encik", "Amex", "Aan", "Cel", "Marketing"} & (FIRST_NAMES | LAST_NAMES)
    assert "Okafor" not in FIRST_NAMES  # a surname Faker knows stays only a surname


def test_a_model_place_that_is_a_surname_after_a_given_name_is_a_person() -> None:
    text = 'Married Catherine "Kate" McGinley 1895. Celebrant: Faith Okoro 0438 119 204.'
    for surname, full in (("McGinley", 'Catherine "Kate" McGinley'), ("Okoro", "Faith Okoro")):
        i = text.index(surname)
        f = retype(text, Finding("LOCATION", i, i + len(surname), 0.7, "ner"))
        assert (f.type, text[f.start : f.end]) == ("PERSON", full)
    place = "We drove on to Okoro."
    i = place.index("Okoro")
    assert retype(place, Finding("LOCATION", i, i + 5, 0.7, "ner")).type == "LOCATION"


@pytest.mark.parametrize("text", [
    "The bike path along Merri Creek gets you to Fitzroy in 15 min.",
    "Day 4: Glencoe village, then over to Skye by the bridge.",
    "Ma a Margit híd felől gyalog vigyétek a csomagokat.",
    "клас їде на екскурсію до Олеська і назад",
])
def test_a_lone_given_name_where_a_place_stands_is_no_person(text: str) -> None:
    assert [text[f.start:f.end] for f in find_listed_names(text)] == []


def test_a_lone_given_name_spoken_to_is_still_a_person() -> None:
    text = "I already spoke to Marek about the rota."
    assert "Marek" in [text[f.start:f.end] for f in find_listed_names(text)]


def test_a_model_place_that_ends_a_full_name_or_is_a_particle_surname_is_the_person() -> None:
    from llm_warden.classify.names import retype
    from llm_warden.types import Finding

    for text, word, expected in [("Sra. Cláudia Ferreira Lima – Gerente de RH", "Lima", "Cláudia Ferreira Lima"),
                                 ("Afgesproken: Fenna de Graaf neemt contact op", "de Graaf", "Fenna de Graaf"),
                                 ("I moved from Porto to Lima last year", "Lima", "Lima"),
                                 ("Anna van Amsterdam", "van Amsterdam", "van Amsterdam")]:
        a = text.index(word)
        f = retype(text, Finding("LOCATION", a, a + len(word), 0.9, "ner"))
        assert text[f.start : f.end] == expected and f.type == ("LOCATION" if expected == word else "PERSON")


def test_a_model_person_before_a_site_word_after_a_county_or_a_gated_preposition_is_a_place() -> None:
    from llm_warden.classify.names import retype
    from llm_warden.types import Finding

    for text, word, expected in [("Constable R. Hetaraka, Manukau station attended", "Manukau", "LOCATION"),
                                 ("monthly meeting, Kondele social hall, Kisumu", "Kondele", "LOCATION"),
                                 ("burial at Kathiani, Machakos County.", "Kathiani", "LOCATION"),
                                 ("odjezd z Prahy ráno, oběd v Kutné Hoře a večer", "Kutné Hoře", "LOCATION"),
                                 ("Hej alla föräldrar i Årsta BK! På lördag åker vi", "Årsta BK", "PERSON"),
                                 ("Anna i Piotr przyjdą jutro na obiad", "Piotr", "PERSON")]:
        a = text.index(word)
        assert retype(text, Finding("PERSON", a, a + len(word), 0.9, "ner")).type == expected, text


def test_a_model_place_of_a_given_name_and_an_unlisted_word_is_a_person_unless_a_place_cue_precedes() -> None:
    from llm_warden.classify.names import retype
    from llm_warden.types import Finding

    for text, word, expected in [("but our CFO Graham Pettigrew needs the invoice", "Graham Pettigrew", "PERSON"),
                                 ("we drove to Graham Pettigrew last week", "Graham Pettigrew", "LOCATION"),
                                 ("the dinner at Florence Harbour was lovely", "Florence Harbour", "LOCATION")]:
        a = text.index(word)
        assert retype(text, Finding("LOCATION", a, a + len(word), 0.8, "ner")).type == expected, text
