"""Employers and parties named by their business role (``classify.parties``)."""

from __future__ import annotations

import pytest

from llm_warden.classify.parties import find_parties


def parties(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_parties(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("building payment systems at Payoneer and Riskified. Passionate", ["Payoneer", "Riskified"]),
        ("I work for Halvorsen Marine since 2019", ["Halvorsen Marine"]),
        ("ich arbeite bei Klarwerk in der Logistik", ["Klarwerk"]),
        ("elle travaille chez Bongard depuis mars", ["Bongard"]),
        ("hij werkt bij Klaverblad Techniek sinds mei", ["Klaverblad Techniek"]),
        ("roved up to £240k. competitor Medivise quoted 8% lower.", ["Medivise"]),
        ("Claire : le client Maison Dufresne a encore changé l'adresse", ["Maison Dufresne"]),
        ("A transportadora Rápido Sul diz que o endereço não existe", ["Rápido Sul"]),
        ("Competidor: Dentaliq lanzó una oferta", ["Dentaliq"]),
    ],
)
def test_a_cue_word_names_the_party_after_it(text: str, expected: list[str]) -> None:
    assert parties(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I work from home on Fridays",  # a function word
        "dîner chez Mme Caron samedi",  # at someone's (a title)
        "on mange chez Dupont ce soir",  # a lone surname after "chez" is a home
        "I work for Maria, she pays weekly",  # a person
        "he worked at Lagos for a year",  # a place
        "the supplier Monday delivery slipped",  # a weekday
        "work for UK clients",  # a short code in capitals
        "the client said it was fine",  # nothing capitalised follows
    ],
)
def test_a_cue_before_a_person_place_or_plain_word_names_no_party(text: str) -> None:
    assert parties(text) == []


def test_each_span_once_although_two_cues_reach_it() -> None:
    text = "our client Nordhavn Logistik; I work for Nordhavn Logistik"
    found = [(f.start, f.end) for f in find_parties(text)]
    assert len(found) == len(set(found)) == 2


def test_cues_written_with_their_article() -> None:
    assert parties("Je facture l'entreprise Batiloire pour ce chantier") == ["Batiloire"]
    assert parties("un devis de la société Ravoire Frères hier") == ["Ravoire Frères"]
    assert parties("Société Générale a refusé") == []  # no cue without its article


def test_the_employers_of_a_cvs_experience_lines() -> None:
    text = ("EXPERIENCE\nSenior Credit Analyst — Ubuntu Capital Partners, Sandton (2021–present)\n"
            "- Data Engineer at Quillstack (2019–2022)\nHead of Data — Brightmoor | Jan 2020 – now\n"
            "Software Engineer - Python, Django (2019)\nDeveloper - Remote (2020-2022)\nNurse, Ward 7 (2018)\n")
    assert parties(text) == ["Ubuntu Capital Partners", "Quillstack", "Brightmoor"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("To: Customer Care (shared inbox)", []),  # a Title Case team, not "the customer Care"
        ("Always lead with the Customer Impact.", []),
        ("Customer: Medivise Labs", ["Medivise Labs"]),
        ("Competitor Medivise launched a cheaper plan.", ["Medivise"]),  # a sentence's first word
        ("Die Arbeiten werden von der Firma Bauwerk Nord ausgeführt.", ["Bauwerk Nord"]),  # German nouns are capitalised
    ],
)
def test_capitalised_role_words_inside_a_title_case_phrase(text: str, expected: list[str]) -> None:
    assert parties(text) == expected


@pytest.mark.parametrize(
    "text",
    ["notes from call w/ Precious (Customer Success, Atlanta office)", "Dallas R. | Customer Happiness Team | Q",
     "requests.exceptions.HTTPError: 401 Client Error: Unauthorized",
     "Slide titles:\n1. What We Shipped In Q3\n2. Customer Churn: The Good, The Bad And The Fixable\n"
     "3. Where We Go From Here In Q4 And Beyond"],  # Title Case throughout
)
def test_english_role_words_inside_title_case_phrases_name_no_party(text: str) -> None:
    assert parties(text) == []
