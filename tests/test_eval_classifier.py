"""The evaluation's scoring maths, its data validation, and the markup compiler.

Expectations are computed by hand in the comments. A tiny fake classifier stands in for the
engine so the tests stay fast and independent of it.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look the module up while the class body runs
    spec.loader.exec_module(mod)
    return mod


ev = _load("eval_classifier")
be = _load("build_eval")
S = ev.Span


# --------------------------------------------------------------------------- matching rule


def test_overlap_is_half_open():
    assert S("PERSON", 0, 5).overlaps(S("PERSON", 4, 9))
    assert not S("PERSON", 0, 5).overlaps(S("PERSON", 5, 9))  # touching is not overlapping


def test_overlap_match_needs_same_type():
    gold = [S("PERSON", 10, 18)]
    found, correct = ev.match_spans(gold, [S("ORGANIZATION", 10, 18)])
    assert found == [False] and correct == [False]


def test_partial_overlap_counts_but_not_as_exact():
    # "Dr. Jane Doe": gold is "Jane Doe" (4..12), the prediction includes the title (0..12).
    c = ev.score_record([S("PERSON", 4, 12)], [S("PERSON", 0, 12)])["PERSON"]
    assert (c.pred_ok, c.pred_bad, c.gold_found, c.gold_missed, c.exact) == (1, 0, 1, 0, 0)
    assert c.precision == 1.0 and c.recall == 1.0 and c.f1 == 1.0
    assert c.exact_precision == 0.0 and c.exact_recall == 0.0 and c.exact_f1 == 0.0


def test_split_prediction_is_one_found_gold_and_two_correct_predictions():
    c = ev.score_record([S("PERSON", 0, 8)], [S("PERSON", 0, 4), S("PERSON", 5, 8)])["PERSON"]
    assert (c.pred_ok, c.pred_bad, c.gold_found, c.gold_missed) == (2, 0, 1, 0)


def test_counts_by_hand():
    # gold: PERSON a, PERSON b, EMAIL e.  pred: PERSON overlapping a, PERSON elsewhere (FP),
    # EMAIL exactly e, PHONE on nothing (FP).
    gold = [S("PERSON", 0, 5), S("PERSON", 10, 15), S("EMAIL_ADDRESS", 20, 40)]
    pred = [S("PERSON", 1, 5), S("PERSON", 50, 55), S("EMAIL_ADDRESS", 20, 40), S("PHONE_NUMBER", 60, 70)]
    out = ev.score_record(gold, pred)
    p = out["PERSON"]
    # PERSON: predictions 2 (1 ok, 1 bad) -> P = 1/2; gold 2 (1 found) -> R = 1/2; F1 = 1/2.
    assert (p.precision, p.recall, p.f1) == (0.5, 0.5, 0.5)
    assert p.exact == 0
    e = out["EMAIL_ADDRESS"]
    assert (e.precision, e.recall, e.exact_precision, e.exact_recall) == (1.0, 1.0, 1.0, 1.0)
    ph = out["PHONE_NUMBER"]
    assert ph.precision == 0.0 and ph.recall is None and ph.f1 is None
    # Pooled over every type: predictions 4 (2 ok) -> P = 0.5; gold 3 (2 found) -> R = 2/3;
    # F1 = 2 * 0.5 * 2/3 / (0.5 + 2/3) = 4/7.
    allc = ev.pool(out, ev.ENTITY_TYPES)
    assert allc.precision == 0.5
    assert allc.recall == pytest.approx(2 / 3)
    assert allc.f1 == pytest.approx(4 / 7)


def test_f1_edge_cases():
    assert ev.f1(None, 1.0) is None
    assert ev.f1(0.0, 0.0) == 0.0
    assert ev.f1(1.0, 0.5) == pytest.approx(2 / 3)


def test_no_predictions_means_undefined_precision_and_zero_recall():
    c = ev.score_record([S("IBAN_CODE", 0, 22)], [])["IBAN_CODE"]
    assert c.precision is None and c.recall == 0.0 and c.f1 is None


# --------------------------------------------------------------------------- evaluate() end to end


def _rec(id, text, ents, category="realistic", genre="g", lang="en", of=None):
    return ev.Record(id, text, [ev.GoldSpan(*e) for e in ents], category, genre, lang, of, id)


def fake_classify(text: str) -> list:
    """A toy detector: e-mails by regex, and 'Jane' as a PERSON. Nothing else."""
    out = [S("EMAIL_ADDRESS", m.start(), m.end()) for m in re.finditer(r"[\w.]+@[\w.]+\w", text)]
    out += [S("PERSON", m.start(), m.end()) for m in re.finditer(r"Jane", text)]
    return out


def _run(records, categories=ev.CATEGORIES):
    preds = ev.run_predictions(records, lambda ts: [fake_classify(t) for t in ts], batch_size=2)
    return ev.evaluate(records, preds, [c for c in categories if any(r.category == c for r in records)])


def test_ordinary_flagged_share():
    recs = [_rec(f"o{i}", t, [], "ordinary") for i, t in enumerate(
        ["explain photosynthesis", "ask Jane", "sha256 9f86d0", "lorem ipsum"])]
    rep = _run(recs)
    # One of four ordinary prompts has a finding ("Jane"): 25 %.
    assert rep.ordinary["flagged"] == 1 and rep.ordinary["share"] == 0.25
    assert rep.per_category["ordinary"]["PERSON"].pred_bad == 1


def test_evasion_loss_by_hand():
    text = "mail jane@acme.io or bob@x.org"
    orig = _rec("r1", text, [("EMAIL_ADDRESS", 5, 17), ("EMAIL_ADDRESS", 21, 30)])
    # Variant 1: the first e-mail spelled out (the toy detector misses it), second left as is.
    t1 = "mail jane at acme dot io or bob@x.org"
    v1 = ev.Record("e1", t1, [ev.GoldSpan("EMAIL_ADDRESS", 5, 24, 0), ev.GoldSpan("EMAIL_ADDRESS", 28, 37)],
                   "evasion", "spelled", "en", "r1", "e1")
    # Variant 2: a zero-width space after the second "@": \w does not match U+200B, so the toy
    # regex finds nothing there.
    t2 = "mail jane@acme.io or bob@\u200bx.org"
    v2 = ev.Record("e2", t2, [ev.GoldSpan("EMAIL_ADDRESS", 5, 17), ev.GoldSpan("EMAIL_ADDRESS", 21, 31, 1)],
                   "evasion", "zw", "en", "r1", "e2")
    rep = _run([orig, v1, v2])
    e = rep.evasion
    # Two evaded entities; both originals found (R_orig = 1.0); neither variant found (R_ev = 0):
    # loss = 100 points.
    assert e["pairs"] == 2
    assert e["recall_original"] == 1.0 and e["recall_evaded"] == 0.0 and e["loss_points"] == 100.0
    assert e["by_technique"]["zw"]["pairs"] == 1
    # The non-evaded entities still count in the evasion category's own P/R table.
    assert rep.per_category["evasion"]["EMAIL_ADDRESS"].support == 4


def test_evasion_loss_partial():
    pairs = [ev.EvasionPair("a", "zw", "EMAIL_ADDRESS", True, True),
             ev.EvasionPair("b", "zw", "EMAIL_ADDRESS", True, False),
             ev.EvasionPair("c", "b64", "SECRET", False, False),
             ev.EvasionPair("d", "b64", "SECRET", True, True)]
    s = ev.evasion_summary(pairs)
    # R_orig = 3/4, R_ev = 2/4: loss 25 points.
    assert s["recall_original"] == 0.75 and s["recall_evaded"] == 0.5 and s["loss_points"] == 25.0
    assert s["by_type"]["SECRET"]["loss_points"] == 0.0  # 1/2 vs 1/2
    assert s["by_type"]["EMAIL_ADDRESS"]["loss_points"] == 50.0  # 2/2 vs 1/2
    assert s["by_technique"]["b64"]["loss_points"] == 0.0


def test_goals_pass_and_fail():
    recs = [_rec("r1", "Jane wrote from jane@acme.io", [("PERSON", 0, 4), ("EMAIL_ADDRESS", 16, 28)]),
            _rec("r2", "Paris is nice", [("LOCATION", 0, 5)]),
            _rec("o1", "nothing here", [], "ordinary")]
    rep = _run(recs)
    g = {x["goal"]: x for x in ev.goals(rep)}
    assert g["EMAIL_ADDRESS precision"]["ok"] and g["EMAIL_ADDRESS recall"]["ok"]
    assert g["PERSON F1"]["ok"] is True
    assert g["LOCATION F1"]["ok"] is False and g["LOCATION F1"]["value"] == 0.0
    assert g["ordinary prompts flagged"]["ok"] is True


def test_synthetic_scores_only_the_types_it_labels():
    recs = [_rec("s1", "Jane: jane@acme.io", [("PERSON", 0, 4)], "synthetic")]
    rep = _run(recs)
    assert "EMAIL_ADDRESS" not in rep.per_category["synthetic"]
    assert rep.unscored["synthetic"] == {"EMAIL_ADDRESS": 1}


def test_speed_counts_whitespace_tokens():
    speed = ev.Speed()
    recs = [_rec("r1", "one two  three\nfour", [])]
    ev.run_predictions(recs, lambda ts: [[] for _ in ts], speed=speed)
    assert speed.tokens == 4 and speed.texts == 1 and speed.chars == 19


def test_report_renders(capsys):
    recs = [_rec("r1", "Jane wrote from jane@acme.io", [("PERSON", 0, 4), ("EMAIL_ADDRESS", 16, 28)]),
            _rec("o1", "nothing here", [], "ordinary")]
    rep = _run(recs)
    md = ev.report_markdown(rep, {"engine": "fake"})
    assert "| PERSON | 1 | 1 | 1.000 | 1.000 | 1.000 |" in md
    js = ev.report_json(rep, {"engine": "fake"})
    assert js["categories"]["realistic"]["per_type"]["EMAIL_ADDRESS"]["recall"] == 1.0
    json.dumps(js)


# --------------------------------------------------------------------------- data validation


def _write(tmp_path, lines):
    p = tmp_path / "x.jsonl"
    p.write_text("\n".join(json.dumps(x) if not isinstance(x, str) else x for x in lines) + "\n")
    return p


GOOD = {"id": "a", "text": "Hi Jane", "entities": [{"type": "PERSON", "start": 3, "end": 7}],
        "category": "realistic", "genre": "chat", "lang": "en"}


def test_load_good(tmp_path):
    recs = ev.load_eval([_write(tmp_path, [GOOD])])
    assert recs[0].entities == [ev.GoldSpan("PERSON", 3, 7)]


@pytest.mark.parametrize("bad, msg", [
    ("{not json", "invalid JSON"),
    ({**GOOD, "entities": [{"type": "NAME", "start": 3, "end": 7}]}, "unknown type"),
    ({**GOOD, "entities": [{"type": "PERSON", "start": 3, "end": 70}]}, "outside the text"),
    ({**GOOD, "entities": [{"type": "PERSON", "start": 2, "end": 7}]}, "whitespace"),
    ({**GOOD, "entities": [{"type": "PERSON", "start": 3, "end": 7}, {"type": "PERSON", "start": 5, "end": 7}]},
     "overlapping"),
    ({**GOOD, "category": "ordinary"}, "no entities"),
    ({**GOOD, "category": "evasion"}, "needs 'of'"),
    ({k: v for k, v in GOOD.items() if k != "text"}, "missing field 'text'"),
])
def test_load_rejects_malformed_with_file_and_line(tmp_path, bad, msg):
    p = _write(tmp_path, [{**GOOD, "id": "first"}, bad])
    with pytest.raises(ev.EvalDataError, match=re.escape(msg)) as exc:
        ev.load_eval([p])
    assert str(exc.value).startswith(f"{p}:2:")


def test_main_exits_2_on_malformed_data(tmp_path, capsys):
    p = _write(tmp_path, ["{oops"])
    assert ev.main(["--data", str(p), "--stats"]) == 2
    assert "x.jsonl:1" in capsys.readouterr().err


def test_committed_eval_set_is_valid():
    recs = ev.load_eval(ev.default_paths())
    cats = {c: sum(r.category == c for r in recs) for c in ev.CATEGORIES}
    assert cats["realistic"] >= 170 and cats["ordinary"] >= 70 and cats["evasion"] >= 60


# --------------------------------------------------------------------------- markup compiler


def _src(tmp_path, name, body):
    d = tmp_path / "src"
    d.mkdir(exist_ok=True)
    (d / name).write_text(body, encoding="utf-8")
    return d


def test_build_computes_offsets_and_check_digits(tmp_path):
    d = _src(tmp_path, "realistic_t.txt",
             "@@@ id=r1 genre=chat lang=en\n"
             "Hi [[Jane Doe|PERSON]], card [[4111 1111 1111 111?|CREDIT_CARD]], "
             "IBAN [[DE?? 3704 0044 0532 0130 00|IBAN_CODE]], bash \\[[ -f x ]]\n")
    rec = be.build(d)["realistic"][0]
    spans = {s.type: rec.text[s.start:s.end] for s in rec.entities}
    assert spans == {"PERSON": "Jane Doe", "CREDIT_CARD": "4111 1111 1111 1111",
                     "IBAN_CODE": "DE89 3704 0044 0532 0130 00"}
    assert rec.text.endswith("bash [[ -f x ]]")


@pytest.mark.parametrize("markup, reason", [
    ("[[4111 1111 1111 1112|CREDIT_CARD]]", "Luhn"),
    ("[[DE88 3704 0044 0532 0130 00|IBAN_CODE]]", "IBAN"),
    ("[[666-12-3456|US_SSN]]", "SSA"),
    ("[[123-00-4567|US_SSN]]", "SSA"),
    ("[[jane.doe(at)acme.io|EMAIL_ADDRESS]]", "not an email"),
    ("[[10.0.0.256|IP_ADDRESS]]", "IPv4"),
    ("[[+1 555 0100|PHONE_NUMBER]]", "phonenumbers"),
    ("[[AKIA123|SECRET]]", "key format"),
    ("[[Jane|NAME]]", "unknown entity type"),
    ("[[ Jane|PERSON]]", "whitespace"),
    ("[[Jane [[Doe|PERSON]]|PERSON]]", "nested"),
    ("[[Jane Doe]]", "without |TYPE"),
])
def test_build_rejects_bad_labels(tmp_path, markup, reason):
    d = _src(tmp_path, "realistic_t.txt", f"@@@ id=r1 genre=chat lang=en\nSee {markup} now\n")
    with pytest.raises(be.EvalSourceError, match=reason) as exc:
        be.build(d)
    assert "realistic_t.txt:1" in str(exc.value)


def test_build_evasion_transform_keeps_other_labels(tmp_path):
    d = _src(tmp_path, "realistic_t.txt",
             "@@@ id=r1 genre=chat lang=en\nMail [[Jane|PERSON]] at [[jane@acme.io|EMAIL_ADDRESS]] today\n")
    _src(tmp_path, "evasion.txt", "@@@ id=e1 of=r1 transform=spelled target=EMAIL_ADDRESS\n"
                                  "@@@ id=e2 of=r1 transform=zw target=#1\n")
    built = be.build(d)
    e1, e2 = built["evasion"]
    assert e1.text == "Mail Jane at jane at acme dot io today"
    assert [(s.type, e1.text[s.start:s.end], s.evaded_from) for s in e1.entities] == [
        ("PERSON", "Jane", None), ("EMAIL_ADDRESS", "jane at acme dot io", 1)]
    value = e2.text[e2.entities[1].start:e2.entities[1].end]
    assert value != "jane@acme.io" and re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", value) == "jane@acme.io"
    assert e1.genre == "spelled" and e1.of == "r1"


def test_compiled_jsonl_matches_sources():
    # eval/*.jsonl must be what eval/src compiles to (nobody edits offsets by hand).
    built = be.build()
    for category, recs in built.items():
        fname, _ = be.OUTPUTS[category]
        assert (ROOT / "eval" / fname).read_text(encoding="utf-8") == be.render(recs), fname


def test_only_restricts_scoring_but_keeps_originals_for_evasion():
    orig = _rec("r1", "mail jane@acme.io", [("EMAIL_ADDRESS", 5, 17)])
    other = _rec("r2", "Jane", [("PERSON", 0, 4)])
    var = ev.Record("e1", "mail jane at acme dot io", [ev.GoldSpan("EMAIL_ADDRESS", 5, 24, 0)],
                    "evasion", "spelled", "en", "r1", "e1")
    preds = ev.run_predictions([orig, other, var], lambda ts: [fake_classify(t) for t in ts])
    rep = ev.evaluate([orig, other, var], preds, ["realistic", "evasion"], only={"r2", "e1"})
    assert rep.records_per_category == {"realistic": 1, "evasion": 1}
    assert "EMAIL_ADDRESS" not in rep.per_category["realistic"]  # r1 is not scored ...
    assert rep.evasion["recall_original"] == 1.0  # ... but still pairs with its variant


@pytest.mark.parametrize("lang, number, ok", [
    ("en", "0123 4567", False),  # valid only in Somalia, Myanmar...: not a number of an English-speaking country
    ("en", "+44 7911 123456", True),  # international: valid where it says
    ("da", "33 14 52 78", True),
    ("da", "07911 458203", False),
    ("xx", "0123 4567", True),  # a language without regions here: valid somewhere will do
])
def test_national_numbers_must_be_valid_for_the_records_language(tmp_path, lang, number, ok):
    d = _src(tmp_path, "realistic_t.txt", f"@@@ id=r1 genre=chat lang={lang}\nCall [[{number}|PHONE_NUMBER]] now\n")
    if ok:
        assert be.build(d)["realistic"][0].entities
    else:
        with pytest.raises(be.EvalSourceError, match="phonenumbers"):
            be.build(d)


def test_build_writes_into_a_directory_it_makes(tmp_path):
    d = _src(tmp_path, "realistic_t.txt", "@@@ id=r1 genre=chat lang=en\nHi [[Jane Doe|PERSON]]\n")
    out = tmp_path / "new" / "dir"
    assert be.main(["--src", str(d), "--out", str(out)]) == 0
    assert (out / "realistic.jsonl").read_text(encoding="utf-8").count("\n") == 1
