"""Names coordinated with a found name (``classify.coordination``)."""

from __future__ import annotations

import pytest

from llm_warden.classify.coordination import find_coordinated_names
from llm_warden.classify.engine import Engine
from llm_warden.types import Finding


def _person(text: str, word: str, nth: int = 0) -> Finding:
    i = -1
    for _ in range(nth + 1):
        i = text.index(word, i + 1)
    return Finding("PERSON", i, i + len(word), 0.8, "ner")


def names(text: str, *seeds: str) -> list[str]:
    found = [_person(text, s) for s in seeds]
    return [text[f.start : f.end] for f in find_coordinated_names(text, found)]


@pytest.mark.parametrize(
    "text,seeds,expected",
    [
        ("mon am - Grace + Rowan, pm - Dev", ["Rowan"], ["Grace"]),  # a name that is also a word
        ("ceremoniemeesters: Bas en Lotte", ["Bas"], ["Lotte"]),
        ("Jeg kan kjøre 3 stk: Ola, Sindre og Emil", ["Sindre"], ["Ola", "Emil"]),
        ("Fri 2–4: Alun, Sian, Rev. Jeffreys", ["Sian"], ["Jeffreys"]),  # after a title
        ("Signed by Dr. Katrin Vogt, HR Director.", ["Katrin Vogt"], []),  # "HR" is no title here
        ("Thanks Maria, Monday works and Paris too", ["Maria"], []),  # a weekday and a place
        ("we need Salt, Pepper and Oil", [], []),  # no person to start from
    ],
)
def test_names_beside_a_name(text: str, seeds: list[str], expected: list[str]) -> None:
    assert names(text, *seeds) == expected


def test_the_engine_follows_a_rota_along_its_chains() -> None:
    text = "mon am - Grace + Rowan, pm - Dev\ntue am - Amber, pm - Grace + Faith\nwed am - Dev + Hunter"
    with Engine() as engine:
        found = {text[f.start : f.end] for f in engine.classify(text) if f.type == "PERSON"}
    assert {"Grace", "Rowan", "Faith", "Hunter"} <= found
