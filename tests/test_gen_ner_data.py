"""The synthetic NER data generator (scripts/gen_ner_data.py) and its held-out eval file."""
from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

gen = pytest.importorskip("gen_ner_data")


@pytest.fixture(scope="module")
def templates():
    return gen.load_templates()


@pytest.fixture(scope="module")
def pools():
    pytest.importorskip("faker")
    return gen.build_pools(7, per_locale=40)


def test_enough_templates_genres_and_locales(templates):
    assert len(templates) >= 300
    genres = Counter(t.genre for t in templates)
    for g in ("chat", "email", "support", "meeting", "hr_medical", "legal", "code", "data", "multilingual",
              "negatives"):
        assert genres[g] >= 10, g
    assert len(gen.LOCALES) >= 10
    assert {"en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "pl_PL", "sv_SE"} <= set(gen.LOCALES)


def test_split_is_by_template_and_stable(templates):
    held = [t for t in templates if t.heldout]
    train = [t for t in templates if not t.heldout]
    assert 0.08 < len(held) / len(templates) < 0.25
    assert not {t.text for t in held} & {t.text for t in train}
    # the split depends on the template text only, so it survives reordering and additions
    again = {t.tid: t.heldout for t in gen.load_templates()}
    assert all(again[t.tid] == t.heldout for t in templates)


def test_every_template_renders_with_valid_spans(templates, pools):
    g = gen.Generator(pools, random.Random(3))
    for t in templates:
        for _ in range(3):
            s = g.render(t)
            gen.check(s)
            assert "{" + "PERSON" not in s["text"]
            for e in s["entities"]:
                span = s["text"][e["start"]:e["end"]]
                assert span and span == span.strip()


def test_generation_is_deterministic(templates, pools):
    a = gen.generate(templates, pools, 200, seed=5)
    b = gen.generate(templates, pools, 200, seed=5)
    assert a == b


def test_corpus_has_all_types_hard_negatives_and_variation(templates, pools):
    rows = gen.generate([t for t in templates if not t.heldout], pools, 4000, seed=11)
    types = Counter(e["type"] for r in rows for e in r["entities"])
    for t in ("PERSON", "LOCATION", "ORGANIZATION", "DATE_OF_BIRTH"):
        assert types[t] > 50, types
    assert sum(1 for r in rows if not r["entities"]) > 100  # entity-free hard negatives
    persons = [r["text"][e["start"]:e["end"]] for r in rows for e in r["entities"] if e["type"] == "PERSON"]
    assert any(p == p.lower() and p.isalpha() for p in persons)  # lower-case names
    assert any("-" in p for p in persons)  # hyphenated
    assert any(any(ord(c) > 127 for c in p) for p in persons)  # diacritics
    texts = " ".join(r["text"] for r in rows)
    # product and library names as hard negatives (counted over the list: any single one is a rare draw)
    assert sum(neg in texts for neg in gen.W.split(gen.W.TECH_NEG)) >= 20


def test_machine_lines_are_entity_free_noise(pools):
    g = gen.Generator(pools, random.Random(2))
    lines = [g.machine_line() for _ in range(300)]
    assert all(line and "\n" not in line for line in lines)
    assert any(len(w) >= 20 for line in lines for w in line.split())  # key- and blob-like runs
    assert len(set(lines)) > 250


def test_titles_are_not_part_of_person_spans(templates, pools):
    g = gen.Generator(pools, random.Random(1))
    t = gen.Template("x", "Please call {TPERSON} today.", "en", "x-1", False)
    for _ in range(50):
        s = g.render(t)
        (e,) = s["entities"]
        name = s["text"][e["start"]:e["end"]]
        titles = {x for v in gen.W.TITLES.values() for x in v if len(x) > 2}  # not "M." (also an initial)
        assert name.split()[0] not in titles, name
        before = s["text"][:e["start"]].rstrip().split()[-1].lower()
        assert before in {x.lower() for v in gen.W.TITLES.values() for x in v}


def test_heldout_file_format():
    path = ROOT / "eval" / "synthetic_heldout.jsonl"
    if not path.exists():
        pytest.skip("no held-out file generated yet")
    held_ids = {t.tid for t in gen.load_templates() if t.heldout}
    n = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        assert {"id", "text", "entities", "category", "genre"} <= set(r)
        assert r["category"] == "synthetic"
        assert r["template"] in held_ids or r["template"] == "filler"
        for e in r["entities"]:
            assert 0 <= e["start"] < e["end"] <= len(r["text"])
            assert e["type"] in gen.ENTITY_TYPES
        n += 1
    assert n >= 1000


def test_context_swap_varies_wording_but_keeps_labels_and_cue_words(templates, pools):
    t = gen.Template("x", "Our new colleague {PERSON} was born on {DOB} and moved from {CITY} to join the team.",
                     "en", "x-2", False)
    g = gen.Generator(pools, random.Random(4))
    g.set_vocabulary([x.text for x in templates if not x.heldout])
    g.perturb_share = 1.0
    contexts = set()
    for _ in range(200):
        s = g.render(t)
        gen.check(s)
        assert [e["type"] for e in s["entities"]] == ["PERSON", "DATE_OF_BIRTH", "LOCATION"]
        assert " born on " in s["text"]  # the word that makes a date a birth date is never swapped
        a, b = s["entities"][0]["end"], s["entities"][1]["start"]
        contexts.add(s["text"][:s["entities"][0]["start"]] + s["text"][a:b])
    assert len(contexts) > 50  # the wording around the entities changes from sample to sample


def test_context_swap_is_off_for_the_heldout_set_and_draws_no_heldout_words(templates, pools):
    train = [t for t in templates if not t.heldout]
    plain = gen.generate(train[:20], pools, 300, seed=2)
    swapped = gen.generate(train[:20], pools, 300, seed=2, perturb_share=1.0)
    assert plain != swapped
    g = gen.Generator(pools, random.Random(0))
    g.set_vocabulary([t.text for t in train])
    only_heldout = {w.lower() for t in templates if t.heldout for w in gen.WORD_RE.findall(t.text)} - {
        w.lower() for t in train for w in gen.WORD_RE.findall(t.text)} - {
        w.lower() for line in g.filler for w in gen.WORD_RE.findall(line)}
    assert only_heldout and not only_heldout & set(g.vocab)


def test_the_script_reproduces_its_corpus_across_processes(tmp_path):
    """One seed, one corpus: Faker's set-built locale lists must not make two runs differ."""
    import subprocess

    outs = []
    for i in range(2):
        out = tmp_path / f"t{i}.jsonl"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_ner_data.py"), "--out", str(out), "--n", "3000",
                        "--heldout-out", str(tmp_path / f"h{i}.jsonl"), "--n-heldout", "50", "--seed", "3"],
                       check=True, capture_output=True, env={**__import__("os").environ, "PYTHONHASHSEED": str(i + 1)})
        outs.append(out.read_bytes() + (tmp_path / f"h{i}.jsonl").read_bytes())
    assert outs[0] == outs[1]


def test_candidate_options_are_off_by_default_and_keep_the_bundled_recipe(templates, pools):
    # the bundled model's recipe has no machine lines and 22 locales; the options only add
    assert len(gen.LOCALES) == 22 and not set(gen.MORE_LOCALES) & set(gen.LOCALES)
    rows = gen.generate([t for t in templates if not t.heldout], pools, 600, seed=4)
    noisy = gen.generate([t for t in templates if not t.heldout], pools, 600, seed=4, machine_share=0.5)
    assert rows != noisy
    assert not any("API_KEY=" in r["text"] or "checksum" in r["text"] for r in rows if r["template"] == "filler")
