"""Engine: merging, caching, batching and the async path, without a model."""

from __future__ import annotations

import asyncio
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_warden.classify import engine as engine_mod
from llm_warden.classify.engine import Engine, merge_findings
from llm_warden.types import Finding

SAMPLE = (
    "Hi, I'm writing about my account. Email jane.doe@example.org, phone +1 (415) 555-2671, "
    "card 4111 1111 1111 1111, SSN 123-45-6789. Our DB is postgres://app:Sup3rS3cret@10.2.3.4/db."
)


def F(t: str, s: int, e: int, score: float = 0.9, det: str = "pattern", kind: str | None = None) -> Finding:
    return Finding(t, s, e, score, det, kind)


# --- merge --------------------------------------------------------------------------------------


def test_merge_secret_beats_structured_beats_ner() -> None:
    out = merge_findings([
        F("PERSON", 12, 18, 0.99, "ner"),
        F("EMAIL_ADDRESS", 0, 20, 0.9),
        F("SECRET", 15, 30, 0.7, "secret", "password"),
    ])
    # The secret wins its span; the e-mail overlaps it and goes; the name keeps what is left.
    assert [(f.type, f.start, f.end) for f in out] == [("PERSON", 12, 15), ("SECRET", 15, 30)]


def test_a_trimmed_soft_finding_does_not_end_on_a_particle() -> None:
    text = "visitas com o João da Casa Bairro Imobiliária amanhã"
    person = F("PERSON", text.index("João"), text.index(" Bairro"), 0.7, "ner")  # the model's "João da Casa"
    org = F("ORGANIZATION", text.index("Casa"), text.index(" amanhã"), 0.75)
    out = merge_findings([person, org], text)
    assert [(f.type, text[f.start : f.end]) for f in out] == [
        ("PERSON", "João"), ("ORGANIZATION", "Casa Bairro Imobiliária")]


def test_a_rule_vouches_for_its_union_with_a_model_span() -> None:
    text = "Tamika Rollins\n4417 Magnolia Ave, Unit 2, Long Beach, CA 90807\n"
    rule = F("LOCATION", 15, 62, 0.8)
    model = F("LOCATION", text.index("Unit"), 62, 0.95, "ner")
    (out,) = merge_findings([rule, model], text)
    assert (text[out.start : out.end], out.detector, out.score) == (text[15:62], "pattern", 0.95)
    # and through the engine, whose model judge runs again on model findings after the merge
    with Engine() as engine:
        assert text[15:62] in [text[f.start : f.end] for f in engine.classify(text) if f.type == "LOCATION"]


def test_soft_finding_is_trimmed_around_validated_ones() -> None:
    text = "John Smith <john.smith@x.io> called"
    person = F("PERSON", 0, 28, 0.9, "ner")  # a model that swallowed the address
    email = F("EMAIL_ADDRESS", 12, 27, 0.95)
    out = merge_findings([person, email], text)
    assert [(f.type, text[f.start : f.end]) for f in out] == [("PERSON", "John Smith"), ("EMAIL_ADDRESS", "john.smith@x.io")]


def test_merge_keeps_disjoint_and_sorts() -> None:
    a, b, c = F("PERSON", 20, 25, det="ner"), F("EMAIL_ADDRESS", 0, 10), F("IP_ADDRESS", 11, 19)
    assert merge_findings([a, b, c]) == [b, c, a]


def test_merge_ties_by_score_then_length() -> None:
    low, high = F("PHONE_NUMBER", 0, 12, 0.8), F("CREDIT_CARD", 0, 16, 0.95)
    assert merge_findings([low, high]) == [high]
    short, long_ = F("PHONE_NUMBER", 0, 8, 0.9), F("PHONE_NUMBER", 0, 12, 0.9)
    assert merge_findings([short, long_]) == [long_]


def test_merge_dedups_and_drops_empty() -> None:
    f = F("IP_ADDRESS", 3, 9)
    assert merge_findings([f, f, F("IP_ADDRESS", 5, 5)]) == [f]


_types = st.sampled_from(list(engine_mod.TYPE_PRIORITY))


@st.composite
def _findings(draw: st.DrawFn) -> Finding:
    s = draw(st.integers(0, 100))
    e = draw(st.integers(s + 1, 120))
    return F(draw(_types), s, e, draw(st.floats(0.1, 1.0)))


@settings(max_examples=300)
@given(st.lists(_findings(), max_size=25))
def test_merge_properties(fs: list[Finding]) -> None:
    out = merge_findings(fs)
    # Sorted and pairwise disjoint.
    assert all(a.end <= b.start for a, b in zip(out, out[1:]))
    for k in out:
        if k in fs:
            continue
        # A new finding is a union of overlapping soft inputs of its type, or the part of one left
        # over around a validated finding: it lies inside the inputs of its type that it touches.
        assert k.type in engine_mod.SOFT_TYPES
        same = [f for f in fs if f.type == k.type and f.start < k.end and k.start < f.end]
        assert same and min(f.start for f in same) <= k.start and k.end <= max(f.end for f in same)
    # Every input is covered: kept, absorbed into a union, trimmed, or blocked by a finding that
    # overlaps it.
    for f in fs:
        assert any(k.start < f.end and f.start < k.end for k in out)
    # Soft findings never overlap a validated one; they keep what is left.
    for k in out:
        if k.type in engine_mod.SOFT_TYPES:
            assert not any(o is not k and o.start < k.end and k.start < o.end for o in out)
        if f.type not in engine_mod.SOFT_TYPES and f not in out:
            blockers = [k for k in out if k.start < f.end and f.start < k.end]
            assert any(engine_mod._rank(k) <= engine_mod._rank(f) or k.type in engine_mod.SOFT_TYPES
                       and engine_mod.TYPE_PRIORITY[k.type] >= engine_mod.TYPE_PRIORITY[f.type]
                       for k in blockers)


# --- classify -----------------------------------------------------------------------------------


def test_classify_finds_every_type_with_exact_offsets() -> None:
    eng = Engine(use_ner=False)
    got = {(f.type, SAMPLE[f.start : f.end]) for f in eng.classify(SAMPLE)}
    assert got == {
        ("EMAIL_ADDRESS", "jane.doe@example.org"),
        ("PHONE_NUMBER", "+1 (415) 555-2671"),
        ("CREDIT_CARD", "4111 1111 1111 1111"),
        ("US_SSN", "123-45-6789"),
        ("SECRET", "Sup3rS3cret"),
        ("IP_ADDRESS", "10.2.3.4"),
    }
    secret = next(f for f in eng.classify(SAMPLE) if f.type == "SECRET")
    assert secret.kind == "url_password" and secret.detector == "secret"


def test_offsets_are_code_points() -> None:
    eng = Engine(use_ner=False)
    text = "😀😀 ünïcödé → mail: zoë@example.com"
    (f,) = eng.classify(text)
    assert text[f.start : f.end] == "zoë@example.com"


def test_classify_many_matches_classify_and_keeps_order() -> None:
    eng = Engine(use_ner=False)
    texts = [SAMPLE, "nothing here", SAMPLE, "ip 8.8.4.4", ""]
    many = eng.classify_many(texts)
    assert many == [Engine(use_ner=False).classify(t) for t in texts]
    assert many[1] == [] and many[4] == []


def test_cache_hits_skip_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    eng = Engine(use_ner=False, cache_size=2)
    calls: list[str] = []
    real = engine_mod._rule_findings

    def spy(text: str) -> list[Finding]:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(engine_mod, "_rule_findings", spy)
    eng.classify_many(["a 8.8.8.8", "b 8.8.8.8", "a 8.8.8.8"])
    assert calls == ["a 8.8.8.8", "b 8.8.8.8"]  # duplicate within a batch runs once
    eng.classify("a 8.8.8.8")
    assert len(calls) == 2
    eng.classify("c")  # evicts the least recently used ("b")
    eng.classify("b 8.8.8.8")
    assert calls[-1] == "b 8.8.8.8" and len(calls) == 4


def test_cache_size_zero_disables_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    eng = Engine(use_ner=False, cache_size=0)
    n = 0
    real = engine_mod._rule_findings

    def spy(text: str) -> list[Finding]:
        nonlocal n
        n += 1
        return real(text)

    monkeypatch.setattr(engine_mod, "_rule_findings", spy)
    eng.classify("x")
    eng.classify("x")
    assert n == 2


def test_explicit_missing_model_dir_is_an_error(tmp_path: object) -> None:
    with pytest.raises(FileNotFoundError):
        Engine(str(tmp_path))
    assert Engine(str(tmp_path), use_ner=False).ner_enabled is False


def test_default_model_dir_is_repo_models() -> None:
    p = engine_mod.default_model_dir()
    assert p.parts[-2:] == ("models", "warden-ner")
    assert (p.parent.parent / "addon" / "llm_warden").is_dir()


# --- async --------------------------------------------------------------------------------------


def test_aclassify_many_equals_sync() -> None:
    eng = Engine(use_ner=False)

    async def main() -> list[list[Finding]]:
        return await eng.aclassify_many([SAMPLE, "clean"])

    try:
        assert asyncio.run(main()) == eng.classify_many([SAMPLE, "clean"])
    finally:
        eng.close()


def test_aclassify_runs_off_loop_and_batches_concurrent_callers(monkeypatch: pytest.MonkeyPatch) -> None:
    eng = Engine(use_ner=False, cache_size=0)
    batches: list[int] = []
    threads: set[str] = set()
    gate = threading.Event()
    real = Engine._classify_uncached

    def slow(self: Engine, texts: list[str]) -> list[tuple[Finding, ...]]:
        threads.add(threading.current_thread().name)
        batches.append(len(texts))
        gate.wait(5)  # hold the first batch so the others queue up behind it
        return real(self, texts)

    monkeypatch.setattr(Engine, "_classify_uncached", slow)

    async def main() -> list[list[list[Finding]]]:
        first = asyncio.create_task(eng.aclassify_many(["first 1.1.1.1"]))
        await asyncio.sleep(0.1)
        # The loop stays responsive while the worker is busy.
        ticks = 0
        for _ in range(5):
            await asyncio.sleep(0.01)
            ticks += 1
        rest = [asyncio.create_task(eng.aclassify_many([f"t{i} 8.8.8.{i}"])) for i in range(1, 6)]
        await asyncio.sleep(0.1)
        gate.set()
        assert ticks == 5
        return await asyncio.gather(first, *rest)

    try:
        results = asyncio.run(main())
    finally:
        eng.close()
    assert threads == {"warden-classify"}
    assert batches == [1, 5]  # the five waiting callers shared one batch
    for res in results[1:]:
        assert [f.type for f in res[0]] == ["IP_ADDRESS"]
        assert res[0][0].start == 3


def test_aclassify_propagates_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    eng = Engine(use_ner=False)

    def boom(self: Engine, texts: list[str]) -> list[tuple[Finding, ...]]:
        raise ValueError("boom")

    monkeypatch.setattr(Engine, "_classify_uncached", boom)

    async def main() -> None:
        with pytest.raises(ValueError):
            await eng.aclassify_many(["x"])

    try:
        asyncio.run(main())
    finally:
        eng.close()


def test_close_is_idempotent_and_refuses_new_work() -> None:
    eng = Engine(use_ner=False)
    asyncio.run(eng.aclassify_many(["a"]))
    eng.close()
    eng.close()
    with pytest.raises(RuntimeError):
        asyncio.run(eng.aclassify_many(["a"]))


def test_card_beats_phone_on_the_same_digits() -> None:
    card, phone = F("CREDIT_CARD", 5, 24, 0.9), F("PHONE_NUMBER", 5, 24, 0.95)
    assert merge_findings([phone, card]) == [card]
    ssn, phone2 = F("US_SSN", 0, 11, 0.8), F("PHONE_NUMBER", 0, 11, 0.95)
    assert merge_findings([phone2, ssn]) == [ssn]


def test_concurrent_sync_and_async_callers_agree() -> None:
    """Threads calling classify_many while the async worker runs: same answers, no cache races."""
    from concurrent.futures import ThreadPoolExecutor

    eng = Engine(use_ner=False, cache_size=16)
    texts = [f"{SAMPLE} #{i % 40}" for i in range(400)]
    expected = [Engine(use_ner=False, cache_size=0).classify(t) for t in texts[:40]]

    async def async_side() -> list[list[Finding]]:
        parts = await asyncio.gather(*(eng.aclassify_many(texts[i : i + 10]) for i in range(0, 400, 10)))
        return [r for p in parts for r in p]

    try:
        with ThreadPoolExecutor(4) as pool:
            futs = [pool.submit(eng.classify_many, texts[i : i + 50]) for i in range(0, 400, 50)]
            got_async = asyncio.run(async_side())
            got_sync = [r for f in futs for r in f.result()]
    finally:
        eng.close()
    for got in (got_sync, got_async):
        assert [g for g in got] == [expected[i % 40] for i in range(400)]


def test_overlapping_soft_entities_are_united() -> None:
    a = F("PERSON", 5, 11, 0.95, "ner")  # "Garcia"
    b = F("PERSON", 0, 11, 0.8)  # "Maria Garcia"
    c = F("LOCATION", 20, 26, 0.9, "ner")
    d = F("LOCATION", 24, 40, 0.7)
    out = merge_findings([a, b, c, d])
    assert [(f.type, f.start, f.end) for f in out] == [("PERSON", 0, 11), ("LOCATION", 20, 40)]
    # the best score, and the rule's detector: a rule found part of it, so it is no model guess
    assert out[0].score == 0.95 and out[0].detector == "pattern"
    assert merge_findings([a, F("PERSON", 3, 8, 0.9, "ner")])[0].detector == "ner"  # only model spans
    # Validated types are never stretched: a card and a phone on the same digits stay exclusive.
    assert merge_findings([F("CREDIT_CARD", 0, 16), F("CREDIT_CARD", 4, 20, 0.8)]) == [F("CREDIT_CARD", 0, 16)]


def test_cache_hit_rate_counts_resent_history():
    from llm_warden.classify.engine import Engine

    with Engine(use_ner=False) as eng:
        eng.classify_many(["first turn", "second turn"])
        eng.classify_many(["first turn", "second turn", "third turn"])
        assert eng.cache_hit_rate == 2 / 5


def test_a_long_line_of_model_findings_is_judged_in_linear_time() -> None:
    """One 100 kB line with a thousand model findings: the judge reads the line once, not once per
    finding (this took 30 s before)."""
    import time

    with Engine() as engine:
        engine.classify("warm up: Anna Smith lives in Leeds")
        text = "Agnieszką, Kasi, Tomkowi, się nie " * 3000
        start = time.perf_counter()
        engine.classify(text)
        assert time.perf_counter() - start < 10


def test_names_the_text_uses_as_words_are_no_model_people() -> None:
    """"Will the Ivy smother the Rose": the text itself says Rose and Ivy are plants, so a model span made
    of them is dropped; a span with another name in it, or in a text without such a use, stands."""
    plants = "Rose, Holly and Ivy are in one bed. Will the Ivy smother the Rose?"
    judge = engine_mod._ModelJudge(plants)
    span = "Rose, Holly and Ivy"
    assert not judge.keep(Finding("PERSON", 0, len(span), 0.7, "ner"))
    people = "Rose, Holly and Ivy are coming to the party on Saturday."
    assert engine_mod._ModelJudge(people).keep(Finding("PERSON", 0, len(span), 0.7, "ner"))
    mixed = "Rose Okafor brought the Rose."
    assert engine_mod._ModelJudge(mixed).keep(Finding("PERSON", 0, 11, 0.9, "ner"))


def test_cells_under_a_column_of_things_are_no_model_people() -> None:
    text = ("Item,Category,Colour,Stock\nHeather (winter flowering),Shrub,Rose pink,42\n"
            "Ivy (variegated),Climber,Green,18\nJasmine (star),Climber,White,22\n")
    judge = engine_mod._ModelJudge(text)
    i = text.index("Jasmine")
    assert not judge.keep(Finding("PERSON", i, i + len("Jasmine"), 0.7, "ner"))
    people = "Name,Role,Phone\nJasmine Okafor,Nurse,07700 900123\nIvy Chen,Porter,07700 900456\n"
    j = people.index("Jasmine")
    assert engine_mod._ModelJudge(people).keep(Finding("PERSON", j, j + len("Jasmine Okafor"), 0.7, "ner"))


def test_a_common_english_word_is_no_model_person() -> None:
    """"Brand refresh", "after the 8am Mass": one common word the name lists do not know is no person,
    however sure the model is; a listed name that is also a word ("Rose", "Becky") stands."""
    text = "Brand refresh for Rose and Becky after the 8am Mass."
    judge = engine_mod._ModelJudge(text)

    def person(word: str) -> Finding:
        i = text.index(word)
        return Finding("PERSON", i, i + len(word), 0.99, "ner")

    assert not judge.keep(person("Brand")) and not judge.keep(person("Mass"))
    assert judge.keep(person("Rose")) and judge.keep(person("Becky"))
    # One English word no gazetteer knows is no place either ("after the 8am Mass"); venues of such words stay.
    assert not judge.keep(Finding("LOCATION", text.index("Mass"), text.index("Mass") + 4, 0.99, "ner"))
    venue = "Bus leaves Crown Towers at 2:50"
    assert engine_mod._ModelJudge(venue).keep(Finding("LOCATION", 11, 23, 0.9, "ner"))


def test_a_recipes_lines_and_a_card_games_cards_are_no_model_entities() -> None:
    recipe = ("Lentil & Squash Stew (Serves 4)\n- 2 Tins Lentils\n- 3 Cloves Garlic\n- 1 Thumb Ginger\n"
              "- 2 Tbsp Miso Paste\n")
    judge = engine_mod._ModelJudge(recipe)
    for word, kind in (("Ginger", "PERSON"), ("Garlic", "LOCATION"), ("Miso Paste", "PERSON"), ("Squash Stew", "PERSON")):
        i = recipe.index(word)
        assert not judge.keep(Finding(kind, i, i + len(word), 0.9, "ner")), word
    guests = "Guests:\n- 2 adults: Ginger Okafor and Tom Reyes\n"  # one line with a number is no recipe
    i = guests.index("Ginger Okafor")
    assert engine_mod._ModelJudge(guests).keep(Finding("PERSON", i, i + len("Ginger Okafor"), 0.9, "ner"))

    cards = "House rules: a Queen reverses direction, a King makes the next player draw 2, an Ace is wild."
    i = cards.index("King")
    assert not engine_mod._ModelJudge(cards).keep(Finding("PERSON", i, i + 4, 0.9, "ner"))
    court = "Stephen King and Ace Frehley met at the Queen's Head."
    assert engine_mod._ModelJudge(court).keep(Finding("PERSON", 0, len("Stephen King"), 0.9, "ner"))


def test_a_model_span_of_a_sign_off_and_its_writer_is_dropped() -> None:
    """"Gracias, Nuria" read as one place: the thanks word is no part of a name (the rules find Nuria)."""
    text = "Móvil 612 48 93 07. Gracias, Nuria"
    i = text.index("Gracias")
    assert not engine_mod._ModelJudge(text).keep(Finding("LOCATION", i, len(text), 0.94, "ner"))


def test_a_known_place_at_the_head_of_a_longer_name_is_no_model_place() -> None:
    """"the Dublin Dynamos U10", "Edinburgh Sheriff Court": the place names a club or a court, not where
    anyone is; "Dublin Airport" and "Dublin City" stay places."""
    for text, keep in (("ok so for the Dublin Dynamos U10 carpool", False),
                       ("an action at Edinburgh Sheriff Court without notice", False),
                       ("landing at Dublin Airport at 9", True), ("she moved to Dublin last year", True)):
        word = "Edinburgh" if "Edinburgh" in text else "Dublin"
        i = text.index(word)
        assert engine_mod._ModelJudge(text).keep(Finding("LOCATION", i, i + len(word), 0.99, "ner")) is keep, text


def test_the_dishes_of_a_menu_are_no_model_parties() -> None:
    menu = "STARTERS\nChilled Pea & Mint Soup — crème fraîche\n\nMAINS\nWild Mushroom Risotto — parmesan\n"
    for span in ("Wild", "Chilled Pea & Mint"):
        i = menu.index(span)
        assert not engine_mod._ModelJudge(menu).keep(Finding("ORGANIZATION", i, i + len(span), 0.7, "ner"))
    text = "Lunch with Procter & Gamble at noon.\nMAINS: whatever they serve"
    j = text.index("Procter & Gamble")
    assert engine_mod._ModelJudge(text).keep(Finding("ORGANIZATION", j, j + len("Procter & Gamble"), 0.8, "ner"))


def test_the_named_cards_of_game_rules_and_a_git_logs_subjects_are_no_model_entities() -> None:
    game = ('Rules for a card game we invented, "Crown & Cutlass". Players: 2–5. Each turn you draw 2 cards; '
            'events: Drought, Market Day. The winner has the most victory points.')
    i = game.index("Market Day")
    assert not engine_mod._ModelJudge(game).keep(Finding("PERSON", i, i + len("Market Day"), 0.55, "ner"))
    j = game.index("Crown & Cutlass")
    assert engine_mod._ModelJudge(game).keep(Finding("ORGANIZATION", j, j + 15, 0.95, "ner"))  # a sure one stays
    log = "a1b2c3d Fix login redirect\ne3b0c44 Kestrel: retry uploads on 503\n"
    k = log.index("Kestrel")
    assert not engine_mod._ModelJudge(log).keep(Finding("LOCATION", k, k + 7, 0.56, "ner"))
    api = ("Setup: rotate the API tokens, round the points to two places, score each call; "
           "Jarrah Whitcombe owns the spaces.")
    m = api.index("Jarrah Whitcombe")
    assert engine_mod._ModelJudge(api).keep(Finding("PERSON", m, m + 16, 0.6, "ner"))  # no game: no players, no turns
    prose = "We met in Kestrel, then\nflew home."
    assert engine_mod._ModelJudge(prose).keep(Finding("LOCATION", 10, 17, 0.56, "ner"))


def test_the_merge_never_depends_on_input_or_hash_order() -> None:
    """A person and a place reading of the same words with the same score: one answer, whatever the
    order the detectors (or a set) handed them over in."""
    a = Finding("LOCATION", 0, 6, 0.7, "pattern")
    b = Finding("PERSON", 0, 6, 0.7, "pattern")
    c = Finding("PERSON", 0, 6, 0.7, "mention")
    results = {tuple(merge_findings(order, "Aldoną")) for order in ([a, b, c], [c, b, a], [b, a, c], [a, c, b])}
    assert len(results) == 1
    (only,) = results
    assert [f.type for f in only] == ["PERSON"]


def test_a_model_person_inside_a_venue_or_address_a_rule_named_is_dropped() -> None:
    text = 'Condominio "Residenza Le Magnolie", Via Carlo Farini 27, 20159 Milano'
    with Engine(use_ner=False) as eng:
        rules = eng.classify(text)
    assert ("LOCATION", "Residenza Le Magnolie") in [(f.type, text[f.start : f.end]) for f in rules]
    with Engine() as eng:
        found = [(f.type, text[f.start : f.end]) for f in eng.classify(text)]
    assert not any(t == "PERSON" for t, _ in found), found


def test_card_names_used_as_cards_are_no_model_people() -> None:
    text = "- Queen reverses direction.\n- King: next player draws two (can be stacked with another King)."
    judge = engine_mod._ModelJudge(text)
    i = text.index("King")
    assert not judge.keep(Finding("PERSON", i, i + 4, 0.69, "ner"))


def test_a_span_across_a_tab_is_no_model_person() -> None:
    text = "SKU\tProduct\tPrice\nCSH-VLV-RST\tVelvet Cushion Rust\t24.00\n"
    i = text.index("CSH")
    j = text.index(" Rust")
    assert not engine_mod._ModelJudge(text).keep(Finding("PERSON", i, j, 0.82, "ner"))


def test_menu_lines_and_capitalised_noun_lists_are_no_model_people() -> None:
    menu = "DRINKS\nFlat White / Latte / Cappuccino ..... 3.40\nBlack Tea / Peppermint / Chamomile .. 2.80\n"
    i = menu.index("Black Tea")
    assert not engine_mod._ModelJudge(menu).keep(Finding("PERSON", i, i + 9, 0.99, "ner"))
    statement = "03/05  TESCO STORES 2241          £4.35\n04/05  GREGGS             £2.10\n"
    j = statement.index("TESCO")
    assert engine_mod._ModelJudge(statement).keep(Finding("ORGANIZATION", j, j + 12, 0.9, "ner"))
    cards = "- 40 Resource cards: Timber, Stone, Wool, Grain (10 each)\n"
    k = cards.index("Stone")
    assert not engine_mod._ModelJudge(cards).keep(Finding("PERSON", k, k + 5, 0.87, "ner"))


def test_a_schema_bound_is_no_model_birth_date() -> None:
    text = "CREATE TABLE p (\n    dob DATE CHECK (dob > DATE '1900-01-01'),\n    name TEXT\n);"
    i = text.index("1900")
    assert not engine_mod._ModelJudge(text).keep(Finding("DATE_OF_BIRTH", i, i + 10, 0.5, "ner"))


def test_a_statement_line_the_rules_read_is_not_retyped_by_the_model() -> None:
    text = ("Transactions I did not make:\n04/18  SQ *HARBORLIGHT COFFEE  SAN JOSE CA   $6.75\n"
            "04/19  BLUEWAVE ELECTRONICS  RENO NV   $1,089.99\n04/19  BLUEWAVE ELECTRONICS  RENO NV   $1,089.99\n")
    with Engine() as engine:
        found = {(f.type, text[f.start : f.end]) for f in engine.classify(text) if f.type in engine_mod.SOFT_TYPES}
    assert ("LOCATION", "RENO") in found
    assert not any("NV" in span for _, span in found)


@pytest.mark.parametrize(("span", "expected"), [
    ("Brand", True), ("Textiles,", True), ("AISLE", True), ("Brand Team", True),
    ("Rose", False), ("becky", False), ("London", False),  # listed names and places, in any case
    ("Okonkwo", False),  # no word of any language
])
def test_spans_of_common_words(span: str, expected: bool) -> None:
    from llm_warden.classify.engine import _only_common_words

    assert _only_common_words(span) is expected


def test_a_model_span_of_frequent_words_of_any_language_is_dropped() -> None:
    from llm_warden.classify.engine import _only_common_words

    assert _only_common_words("Spørsmål") and _only_common_words("Hogyan tudom") and _only_common_words("Μέχρι")
    assert _only_common_words("Brand") and not _only_common_words("Brand", english=False)
    # Names and places the lists know stay, though they are words somewhere too.
    assert not any(_only_common_words(w) for w in ("Rosa", "Frankfurt", "Sevilla", "Paz"))
    assert not _only_common_words("Tamsin Okafor")
    # A place only where the sentence start did not capitalise it: "z Brna" is Brno's case form.
    text = "Hogyan tudom ezt? Vlakem pojedu z Brna v 7:12."
    judge = engine_mod._ModelJudge(text)
    assert not judge.keep(F("LOCATION", 0, len("Hogyan tudom"), 0.6, "ner"))
    assert judge.keep(F("LOCATION", text.index("Brna"), text.index("Brna") + 4, 0.7, "ner"))


def test_a_model_entity_in_a_description_cell_is_dropped() -> None:
    text = ("| Factuurdatum | Omschrijving        | Bedrag   |\n|--------------|---------------------|----------|\n"
            "| 03-01-2024   | Kantoorartikelen    | € 84,50  |\n| 02-02-2024   | Koffiebonen (6 kg)  | € 96,30  |\n")
    judge = engine_mod._ModelJudge(text)
    start = text.index("Koffiebonen")
    assert not judge.keep(F("ORGANIZATION", start, start + len("Koffiebonen"), 0.66, "ner"))


def test_a_place_cue_does_not_retype_a_sure_given_name() -> None:
    with Engine() as engine:
        for text in ("I'll talk to Mary tomorrow about it.", "Please send it to Mary."):
            found = [(f.type, text[f.start : f.end]) for f in engine.classify(text)]
            assert found == [("PERSON", "Mary")], found


def test_a_rules_whole_birth_date_beats_the_models_part_of_it() -> None:
    text = "Patient: Joan Whitney, DOB 03.11.1942"
    i = text.index("03.11.1942")
    model = F("DATE_OF_BIRTH", i, i + 2, 0.97, "ner")  # "03"
    rule = F("DATE_OF_BIRTH", i, i + 10, 0.9)
    assert merge_findings([model, rule], text) == [rule]


def test_the_model_judge_drops_a_month_named_person_only_in_a_list_of_months() -> None:
    months = 'MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"]'
    a = months.index("Jan")
    assert not engine_mod._ModelJudge(months).keep(Finding("PERSON", a, a + 3, 0.9, "ner"))
    letter = "Jan Kowalski called about the March invoice."
    assert engine_mod._ModelJudge(letter).keep(Finding("PERSON", 0, 12, 0.9, "ner"))


def test_the_model_judge_drops_ingredients_products_and_nouns_used_as_words() -> None:
    recipe = ("Hefeteig: 250 g Mehl, 125 ml Milch, 15 g Hefe, 40 g Butter, 1 TL Salz\n"
              "Belag: 750 g Zwiebeln, 100 g Speck, 200 g Schmand, 1 TL Kümmel, Pfeffer, Muskat\n")
    a = recipe.index("Muskat")
    assert not engine_mod._ModelJudge(recipe).keep(Finding("LOCATION", a, a + 6, 0.7, "ner"))
    grammar = 'Man sagt „Ich sitze auf der Bank" und „Ich gehe zur Bank", aber der Plural ist verschieden.'
    a = grammar.index("Bank")
    assert not engine_mod._ModelJudge(grammar).keep(Finding("ORGANIZATION", a, a + 4, 0.7, "ner"))
    letter = "Ich habe mein Konto bei der Sparkasse Köln und arbeite für die Deutsche Bank AG."
    a = letter.index("Sparkasse")
    assert engine_mod._ModelJudge(letter).keep(Finding("ORGANIZATION", a, a + 15, 0.7, "ner"))


def _kept(text: str, word: str, type_: str = "PERSON") -> bool:
    a = text.index(word)
    return engine_mod._ModelJudge(text).keep(Finding(type_, a, a + len(word), 0.9, "ner"))


def test_the_model_judge_drops_words_spoken_of_as_words() -> None:
    assert not _kept("Use the words Frost, Hope, Bloom and Grace in a poem.", "Bloom", "ORGANIZATION")
    assert not _kept('Ist das Beispiel „Erika" als Pflanze, „Rose", „Strauß" oder „Schloss" richtig?', "Rose")
    assert _kept("Tell Frost, Hope and Grace Okafor that the words were kind.", "Grace Okafor")
    assert _kept('Die Gäste „Anna" und „Rose" kommen später.', "Rose")  # two quoted names make no word list


def test_the_model_judge_drops_a_lower_case_item_of_a_list_of_words_but_not_a_name() -> None:
    trees = "Vi planterar:\n- lind\n- rönn\n- ek\n- hassel\n- lönn\n"
    assert not _kept(trees, "hassel")
    guests = "Gäster:\n- lind\n- rönn\n- anna\n- lönn\n"
    assert _kept(guests, "anna")
    assert engine_mod._ModelJudge("Vi planterar:\n- lind\n- hassel\n").lower_items == []  # two make no list


def test_the_model_judge_drops_a_place_that_begins_a_firms_name() -> None:
    assert not _kept("Donations may be made to the Lackawanna Valley Animal Rescue.", "Lackawanna Valley", "LOCATION")
    assert not _kept("He was shift foreman at Ohio Valley Glass Company.", "Glass", "LOCATION")
    assert _kept("We had dinner at Little Saigon Kitchen on Deansgate.", "Little Saigon", "LOCATION")  # a venue
    assert _kept("She moved to Lackawanna Valley last year.", "Lackawanna Valley", "LOCATION")


def test_the_model_judge_drops_a_long_german_noun_but_not_a_name_with_its_ending() -> None:
    note = "Diagnosen: Dekompensierte Herzinsuffizienz (NYHA III), die Abrechnung durch Techem."
    assert not _kept(note, "Herzinsuffizienz")
    assert not _kept(note, "Abrechnung", "ORGANIZATION")
    assert _kept("Der Termin bei Frau Jung ist am Montag, die Rechnung kommt später.", "Jung")


def test_the_model_judge_reads_headlines_lists_of_colours_and_hash_codes_as_no_parties() -> None:
    outline = "1. Growing Up, Not Out: Vertical Gardens In Small Spaces\n2. Why Your Tomato Seedlings Are Leggy\n"
    assert not _kept(outline, "Leggy", "ORGANIZATION")
    assert not _kept("Colours: Amber, Olive, Rose, Slate, Sky\nSizes: XS-XXL", "Rose", "ORGANIZATION")
    assert not _kept("Ergebnis: #NV bei etwa der Hälfte der Zeilen", "NV", "ORGANIZATION")
    prose = "Service: Saturday 23 March, Bethel Baptist Church, Half Way Tree. In lieu of flowers, give."
    assert _kept(prose, "Bethel Baptist Church", "LOCATION")  # two sentences are prose, not a headline


def test_title_case_lines() -> None:
    from llm_warden.classify.names import title_case_line

    assert title_case_line("3. Light, Water And The Nutrient Film Technique")
    assert not title_case_line("To: Mr A. Haworth, 9 Cross Lee Road, Hebden Bridge")
    assert not title_case_line("Meet at Bethel Church. In lieu of flowers, give to Oxfam")
