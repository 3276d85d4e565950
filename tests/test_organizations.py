"""Organisations of ``classify.organizations``: named by a trade or kind word, not a model."""

from __future__ import annotations

import pytest

from llm_warden.classify.organizations import find_organizations


def orgs(text: str) -> list[str]:
    return [text[f.start : f.end] for f in find_organizations(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("il vostro corriere (Trasporti Emiliani Express) l'ha lasciata", ["Trasporti Emiliani Express"]),
        ("torta da Pasticceria Giraudo a Cuneo", ["Pasticceria Giraudo"]),
        ("i colleghi della Cartiera Valle Stura\n", ["Cartiera Valle Stura"]),
        ("FACTURE\nAtelier Menuiserie Roussel – EURL au capital", ["Atelier Menuiserie Roussel"]),
        ("A plumber from Plomberie Oberkampf came", ["Plomberie Oberkampf"]),
        ("fysiotherapie bij Fysio Woensel, verwacht herstel", ["Fysio Woensel"]),
        ("Aan: Woonstichting Het Grachtenhuis\nBetreft: opzegging", ["Woonstichting Het Grachtenhuis"]),
        ("el viernes la Ikastola Amara Berri abre solo", ["Ikastola Amara Berri"]),
        ("The coach from Malvern Coaches leaves school at 8:45", ["Malvern Coaches"]),
        ("vem tar fikat till avslutningen på Ekbackens förskola på fredag?", ["Ekbackens förskola"]),
        ("(requested by Steuerkanzlei Brandt)", ["Steuerkanzlei Brandt"]),
        ("Bakkerij Van Dam in Zwolle", ["Bakkerij Van Dam"]),
    ],
)
def test_trade_and_kind_words_name_an_organisation(text: str, expected: list[str]) -> None:
    assert orgs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the cafeteria was closed and the atelier empty",
        "Vi gick till skolan i morse",
        "Criteria for the pasticceria menu are listed below",
    ],
)
def test_kind_words_in_ordinary_sentences(text: str) -> None:
    assert orgs(text) == []


def _typed(text: str) -> list[tuple[str, str]]:
    return [(f.type, text[f.start : f.end]) for f in find_organizations(text)]


@pytest.mark.parametrize(
    "text,seat",
    [
        ("2019–heute  Projektleiterin, Alpenländische Maschinenbau AG, Lustenau\n2016", "Lustenau"),
        ("Martin Haugen\nHaugen Maling AS, Bærum", "Bærum"),
        ("CM2 – École du Moulin-Vert, Quimperlé\n- Noah", "Quimperlé"),
    ],
)
def test_the_town_after_a_company_on_its_line(text: str, seat: str) -> None:
    assert ("LOCATION", seat) in _typed(text)


@pytest.mark.parametrize(
    "text",
    ["Copyright Acme Ltd, All Rights\n", "Acme GmbH, Marketing\nfoo", "Acme GmbH, Senior Developer\n",
     "we met Acme Ltd, Paris was lovely"],
)
def test_a_department_or_a_sentence_after_a_company_is_no_town(text: str) -> None:
    assert [t for t, _ in _typed(text) if t == "LOCATION"] == []
