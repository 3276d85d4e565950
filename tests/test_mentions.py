"""Repeated mentions of names already found (``classify/mentions.py``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from llm_warden.classify.engine import Engine
from llm_warden.classify.mentions import MIN_SOURCE_SCORE, find_repeated_mentions
from llm_warden.types import Finding


def _at(text: str, value: str, typ: str = "PERSON", score: float = 0.9, nth: int = 0) -> Finding:
    i = -1
    for _ in range(nth + 1):
        i = text.index(value, i + 1)
    return Finding(typ, i, i + len(value), score, "ner")


def _values(text: str, found: list[Finding]) -> list[tuple[str, str]]:
    return [(f.type, text[f.start : f.end]) for f in find_repeated_mentions(text, found)]


def test_first_and_last_name_of_a_person_spread() -> None:
    text = "Present: Jo-Ann Whitcombe (HR).\n- Jo-Ann asked for SSO\n- Whitcombe's team agreed"
    assert _values(text, [_at(text, "Jo-Ann Whitcombe")]) == [("PERSON", "Jo-Ann"), ("PERSON", "Whitcombe")]


def test_places_and_organisations_spread_whole_only() -> None:
    text = "Fernleaf Dental in Harrogate. Later Fernleaf Dental called; Harrogate is far; Fernleaf is"
    found = [_at(text, "Fernleaf Dental", "ORGANIZATION"), _at(text, "Harrogate", "LOCATION")]
    assert _values(text, found) == [("ORGANIZATION", "Fernleaf Dental"), ("LOCATION", "Harrogate")]


def test_a_contracts_defined_term_is_the_party() -> None:
    text = ('Kestrel Biologics Inc., Cambridge, MA 02142 ("Kestrel") and Ngata Ltd ("the Consultant"). '
            'Signed for Kestrel by Dr. Vanterpool. "Consultant" means ("Board")')
    found = [_at(text, "Kestrel Biologics Inc.", "ORGANIZATION")]
    assert _values(text, found) == [("ORGANIZATION", "Kestrel"), ("ORGANIZATION", "Kestrel")]


def test_particles_titles_and_function_words_do_not_spread() -> None:
    text = "Dr. Anna van der Berg met Mr. May. Van der Berg said van was late and May is fine"
    found = [_at(text, "Anna van der Berg"), _at(text, "May")]
    assert _values(text, found) == [("PERSON", "Berg")]


def test_a_word_used_in_lower_case_elsewhere_does_not_spread() -> None:
    text = "Will Hunt called. Will you call back? I will. Hunt said so."
    assert _values(text, [_at(text, "Will Hunt")]) == [("PERSON", "Hunt")]


def test_case_sensitive_whole_word_and_not_glued_to_code() -> None:
    text = "Marta Ruiz wrote. marta.ruiz@x.io, @Marta, user.Marta, Martavia and MARTA; Marta replied"
    assert _values(text, [_at(text, "Marta Ruiz")]) == [("PERSON", "Marta")]
    assert text.rindex("Marta") == find_repeated_mentions(text, [_at(text, "Marta Ruiz")])[0].start


def test_disagreeing_types_and_unsure_sources_do_not_spread() -> None:
    text = "Jordan Lee flew to Jordan. Jordan again. Lee again"
    found = [_at(text, "Jordan Lee"), _at(text, "Jordan", "LOCATION", nth=1)]
    assert _values(text, found) == [("PERSON", "Lee")]
    weak = [_at(text, "Jordan Lee", score=MIN_SOURCE_SCORE - 0.01)]
    assert _values(text, weak) == []


def test_repeats_never_overlap_existing_findings() -> None:
    text = "Priya Raghunathan <Priya@example.com> and Priya"
    found = [_at(text, "Priya Raghunathan"), Finding("EMAIL_ADDRESS", text.index("Priya@"),
                                                       text.index(">"), 0.95, "pattern")]
    assert _values(text, found) == [("PERSON", "Priya")]


@given(st.text(alphabet="Ab ,.-\n'@_", max_size=60))
def test_repeats_are_disjoint_and_inside_the_text(noise: str) -> None:
    text = f"Ab Bb said {noise} Ab Bb"
    found = [Finding("PERSON", 0, 5, 0.9, "ner")]
    out = find_repeated_mentions(text, found)
    spans = sorted((f.start, f.end) for f in [*found, *out])
    assert all(a < b <= len(text) for a, b in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))
    assert all(text[f.start : f.end] in ("Ab Bb", "Bb") for f in out)  # "Ab" is too short to spread


def test_engine_reports_later_first_name_mentions() -> None:
    eng = Engine(use_ner=False)
    text = "Dear Callum O'Rourke,\nthanks. Callum's shift pattern changed."
    got = [(f.type, text[f.start : f.end], f.detector) for f in eng.classify(text) if f.type == "PERSON"]
    assert got == [("PERSON", "Callum O'Rourke", "pattern"), ("PERSON", "Callum", "mention")]
    eng.close()


def test_a_cue_typed_name_replaces_the_models_other_type_on_its_repeat() -> None:
    text = "Sehr geehrte Frau Nakamura, ... Verwendungszweck: WE-4471 Nakamura."
    cue = Finding("PERSON", text.index("Nakamura"), text.index("Nakamura") + 8, 0.8, "pattern")
    model = _at(text, "Nakamura", "LOCATION", score=0.54, nth=1)
    out = find_repeated_mentions(text, [cue, model])
    assert [(f.type, f.start, f.end) for f in out] == [("PERSON", model.start, model.end)]
    # The model alone does not get to retype another model finding.
    model_person = Finding("PERSON", cue.start, cue.end, 0.9, "ner")
    assert find_repeated_mentions(text, [model_person, model]) == []


def test_engine_takes_the_cue_type_for_every_mention() -> None:
    eng = Engine(use_ner=False)
    text = "Sehr geehrte Frau Nakamura,\nbitte überweisen Sie den Betrag. Verwendungszweck: Nakamura."
    got = [(f.type, text[f.start : f.end]) for f in eng.classify(text) if f.type == "PERSON"]
    assert got == [("PERSON", "Nakamura"), ("PERSON", "Nakamura")]
    eng.close()


def test_a_firm_named_after_people_is_not_their_mention() -> None:
    text = "Med vänliga hälsningar\nJohan Ekström\nEkström & Dahl Advokatbyrå"
    assert _values(text, [_at(text, "Johan Ekström")]) == []


def test_a_given_name_that_is_no_word_spreads_in_lower_case() -> None:
    text = ("Contact: Ravi Chandaria, Head of Procurement\n"
            "03/04 – call w/ ravi, wants 800 units. CFO Janet Osei. janet pushing for 36mo terms")
    found = [_at(text, "Ravi Chandaria"), _at(text, "Janet Osei")]
    assert _values(text, found) == [("PERSON", "ravi"), ("PERSON", "janet")]


def test_a_given_name_that_is_a_word_stays_a_word_in_lower_case() -> None:
    text = "Will Hunt signed. It will rain. Clara Ruiz came; el agua era clara. Luz Peña: la luz"
    found = [_at(text, "Will Hunt"), _at(text, "Clara Ruiz"), _at(text, "Luz Peña")]
    assert _values(text, found) == []


def test_a_polish_name_is_found_again_in_the_vocative() -> None:
    text = "Obecni: Paweł, Agnieszka z Gdańska.\n- Agnieszko, prześlij proszę umowę"
    assert _values(text, [_at(text, "Agnieszka")]) == [("PERSON", "Agnieszko")]
    english = "Present: Paula, Angela.\n- Angelo said hi"  # no vocative outside Polish
    assert _values(english, [_at(english, "Angela")]) == []


def test_an_organisations_acronym_in_brackets_after_it_and_its_other_mentions() -> None:
    from llm_warden.classify.engine import Engine

    text = ("My father retired from the Water and Power Development Authority (WAPDA) in 2019; WAPDA still pays "
            "his pension. The FAQ (FAQ) is elsewhere.")
    with Engine(use_ner=False) as engine:
        found = [(f.type, text[f.start : f.end]) for f in engine.classify(text)]
    assert found.count(("ORGANIZATION", "WAPDA")) == 2 and ("ORGANIZATION", "FAQ") not in found
