"""Given names in the case forms of Polish, Czech, Finnish and Hungarian (``classify.inflection``)."""

from __future__ import annotations

import pytest

from llm_warden.classify.engine import Engine
from llm_warden.classify.inflection import case_languages, find_inflected_names, inflected_forms


def names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_inflected_names(text)]


@pytest.mark.parametrize(
    "text,langs",
    [
        ("Pomóż mi odpisać tak, żeby się nie obraziła", {"pl"}),
        ("Bydlím s dcerou na adrese, děkuji", {"cs"}),
        ("Sovittiin, että puhelinvuorot vähenevät", {"fi"}),
        ("igen, köszi! az előleget utalod?", {"hu"}),
        ("Ich habe nie gesagt, dass sie kommt. Schöne Grüße", set()),  # "nie" alone is German too
        ("Hej, tack för mötet i går. Vi ses på måndag", set()),  # ä/ö without Finnish words
        ("The meeting is on Monday.", set()),
    ],
)
def test_case_languages(text: str, langs: set[str]) -> None:
    assert case_languages(text) == langs


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Pomóż mi odpisać Kasi tak, żeby się nie obraziła", ["Kasi"]),
        ("Rozmawiałem też z jego córką, Agnieszką, która przejmuje zakupy", ["Agnieszką"]),
        ("ok dzięki Kasiu ❤️ trzymajcie kciuki", ["Kasiu"]),
        ("Bydlím s dcerou Terezkou na adrese Bubeníčkova 38, děkuji", ["Terezkou"]),
        ("Johanna hoitaa asiat. Villen mukaan työkuorma on suuri. Sovittiin, että Johannan vuorot vähenevät",
         ["Villen", "Johannan"]),
        ("igen Laci, köszi! Lacinak is szólok, hogy jöjjön", ["Lacinak"]),
        ("oferta do piątku, kopia do Ewy Nowak z działu handlowego", ["Ewy Nowak"]),  # a short name, its surname
        # places, words also written in lower case, and texts in other languages are left alone
        ("Spotkanie w Gliwicach, dostawa z Opola. Marka i marka się nie zgadzają", []),
        ("Wir treffen Annas Team nie wieder, sagte Tomka", []),
    ],
)
def test_case_forms_of_known_given_names(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_inflected_forms() -> None:
    assert inflected_forms("Kasia", frozenset({"pl"})) == {"Kasi", "Kasię", "Kasią", "Kasiu"}
    assert {"Tomka", "Tomkowi", "Tomkiem"} <= inflected_forms("Tomek", frozenset({"pl"}))
    assert {"Terezy", "Terezou"} <= inflected_forms("Tereza", frozenset({"cs"}))
    assert {"Johannan", "Johannalle"} <= inflected_forms("Johanna", frozenset({"fi"}))
    assert {"Mikaelin", "Mikaelille"} <= inflected_forms("Mikael", frozenset({"fi"}))
    assert {"Eszternek", "Gáborral"} <= inflected_forms("Eszter", frozenset({"hu"})) | inflected_forms(
        "Gábor", frozenset({"hu"}))
    assert {"Wiśniewskiej", "Wiśniewską"} <= inflected_forms("Wiśniewska", frozenset({"pl"}))
    assert {"Nowickiego", "Nowickiemu"} <= inflected_forms("Nowicki", frozenset({"pl"}))
    assert inflected_forms("Kasia", frozenset()) == set()


def test_a_name_found_once_spreads_to_its_case_forms() -> None:
    text = ("Pani Małgorzata Wiśniewska dzwoniła, pan Tomek Nowicki też. Przekaż Wiśniewskiej, że Tomkowi "
            "i Nowickiemu odpowiemy jutro.")
    with Engine(use_ner=False) as engine:
        found = [text[f.start : f.end] for f in engine.classify(text) if f.type == "PERSON"]
    assert {"Wiśniewskiej", "Tomkowi", "Nowickiemu"} <= set(found)


def test_the_nominative_spreads_from_a_case_form() -> None:
    text = "Rozmawiałem też z jego córką, Agnieszką, która przejmuje zakupy. Agnieszka chce rabatu 4%."
    with Engine(use_ner=False) as engine:
        found = [text[f.start : f.end] for f in engine.classify(text) if f.type == "PERSON"]
    assert found == ["Agnieszką", "Agnieszka"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Pastabos: Rūtai buvo patikėtas darbas. Mindaugui nusiųsti kopiją, ačiū.", ["Rūtai", "Mindaugui"]),
        ("Nye kontaktforældre er Søren (Asgers far) og Nadia (Yasmins mor).", ["Asgers", "Yasmins"]),
        ("Jag och Karins syster åkte. Det är inte Eriks fel.", ["Karins", "Eriks"]),
        ("leietaker i Thorvald Meyers gate 58, 0552 Oslo, og jeg har betalt", []),  # a street in the genitive
    ],
)
def test_lithuanian_cases_and_the_nordic_genitive(text: str, expected: list[str]) -> None:
    assert [text[f.start : f.end] for f in find_inflected_names(text)] == expected
