"""NER plumbing against a tiny model built here: loading, label mapping, windows, offsets, batching.

The model is randomly initialised, so these tests check the machinery, not accuracy. Where a
test needs predictable labels it replaces the forward pass with a rule keyed on token ids, which
still exercises the real tokenizer, windowing, offset mapping and BIO aggregation.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import torch

from llm_warden.classify.engine import Engine
from llm_warden.classify.ner import NerModel, map_label, parse_tag

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC",
          "B-DATE_OF_BIRTH", "I-DATE_OF_BIRTH"]
CORPUS = [
    "John Smith lives in Berlin and works at Acme Corporation.",
    "Maria Garcia visited Paris with Jürgen Müller from Globex.",
    "the quick brown fox jumps over the lazy dog while filler words repeat",
    "born on 12 March 1985 in Hamburg, 😀 emoji and more text here",
]


def build_tiny_model(path: Path, labels: list[str] = LABELS, max_len: int = 64) -> Path:
    """A randomly initialised BertForTokenClassification and a WordPiece tokenizer, saved with
    ``save_pretrained`` exactly as a real model directory would be."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertForTokenClassification, PreTrainedTokenizerFast

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok.train_from_iterator(CORPUS * 10, trainers.WordPieceTrainer(vocab_size=300, special_tokens=specials))
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))],
    )
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", cls_token="[CLS]",
                                   sep_token="[SEP]", pad_token="[PAD]", mask_token="[MASK]",
                                   model_max_length=max_len)
    fast.save_pretrained(path)
    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=tok.get_vocab_size(), hidden_size=16, num_hidden_layers=1,
                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=max_len,
                     num_labels=len(labels), id2label=dict(enumerate(labels)),
                     label2id={lab: i for i, lab in enumerate(labels)})
    BertForTokenClassification(cfg).save_pretrained(path)
    return path


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-ner"))


def rule_forward(model: NerModel, rules: dict[str, str], *, blind_edges: bool = True):
    """A stand-in forward pass: each token's label comes from ``rules`` (token text → label).

    With ``blind_edges`` the first and last content token of every window is predicted ``O``,
    as a real model with no context there might: only the overlap logic can then recover them.
    """
    vocab = model.tokenizer.get_vocab()
    label_id = {lab: i for i, lab in model.model.config.id2label.items()}
    id_label = {vocab[t]: label_id[lab] for t, lab in rules.items() if t in vocab}
    special = {model.tokenizer.cls_token_id, model.tokenizer.sep_token_id, model.tokenizer.pad_token_id}

    def probs(input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        n, width = input_ids.shape
        out = torch.full((n, width, len(label_id)), 0.01)
        out[:, :, label_id["O"]] = 0.9
        for w in range(n):
            content = [j for j in range(width) if int(input_ids[w, j]) not in special]
            for j in content:
                lab = id_label.get(int(input_ids[w, j]))
                if lab is None or (blind_edges and j in (content[0], content[-1])):
                    continue
                out[w, j, :] = 0.01
                out[w, j, lab] = 0.95
        return out

    return probs


# --- labels -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label,expected",
    [
        ("B-PER", ("B", "PER")), ("I-PER", ("I", "PER")), ("PER", ("I", "PER")), ("O", ("O", "")),
        ("S-LOC", ("B", "LOC")), ("E-ORG", ("I", "ORG")), ("U-PER", ("B", "PER")),
        ("L-GPE", ("I", "GPE")), ("B_ADDRESS", ("B", "ADDRESS")), ("B-DATE_OF_BIRTH", ("B", "DATE_OF_BIRTH")),
    ],
)
def test_parse_tag(label: str, expected: tuple[str, str]) -> None:
    assert parse_tag(label) == expected


@pytest.mark.parametrize(
    "label,expected",
    [
        ("B-PER", ("B", "PERSON")), ("I-PERSON", ("I", "PERSON")), ("B-LOC", ("B", "LOCATION")),
        ("B-GPE", ("B", "LOCATION")), ("I-ADDRESS", ("I", "LOCATION")), ("B-STREET", ("B", "LOCATION")),
        ("B-CITY", ("B", "LOCATION")), ("B-ORG", ("B", "ORGANIZATION")), ("B-DOB", ("B", "DATE_OF_BIRTH")),
        ("B-DATE_OF_BIRTH", ("B", "DATE_OF_BIRTH")), ("B-EMAIL", ("B", "EMAIL_ADDRESS")),
        ("B-MISC", ("O", None)), ("B-DATE", ("O", None)), ("O", ("O", None)), ("B-first-name", ("B", "PERSON")),
    ],
)
def test_map_label(label: str, expected: tuple[str, str | None]) -> None:
    assert map_label(label) == expected


def test_label_map_overrides() -> None:
    ov = {"MISC": "ORGANIZATION", "PER": None, "B-LOC": "PERSON"}
    assert map_label("B-MISC", ov) == ("B", "ORGANIZATION")
    assert map_label("I-PER", ov) == ("O", None)
    assert map_label("B-LOC", ov) == ("B", "PERSON")
    assert map_label("I-LOC", ov) == ("I", "LOCATION")


def test_label_map_json_in_model_dir(tmp_path: Path) -> None:
    d = build_tiny_model(tmp_path / "m")
    (d / "label_map.json").write_text(json.dumps({"MISC": "ORGANIZATION", "ORG": None}))
    m = NerModel(d)
    assert "ORGANIZATION" in m.entity_types  # via MISC
    assert dict(zip(LABELS, m.tags))["B-ORG"] == ("O", None)
    (d / "label_map.json").write_text(json.dumps({"MISC": "NOT_A_TYPE"}))
    with pytest.raises(ValueError):
        NerModel(d)


def test_missing_dir_is_an_error_not_a_download(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        NerModel(tmp_path / "nope")
    import os

    assert os.environ.get("HF_HUB_OFFLINE") == "1"


# --- spans --------------------------------------------------------------------------------------

RULES = {"john": "B-PER", "smith": "I-PER", "maria": "B-PER", "garcia": "I-PER",
         "berlin": "B-LOC", "hamburg": "B-LOC", "acme": "B-ORG", "corporation": "I-ORG",
         "globex": "B-MISC"}


def spans(text: str, findings: list) -> list[tuple[str, str]]:
    return [(f.type, text[f.start : f.end]) for f in findings]


def test_word_level_entities_with_code_point_offsets(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    m = NerModel(model_dir)
    monkeypatch.setattr(m, "_probabilities", rule_forward(m, RULES, blind_edges=False))
    text = "😀 Hi! John Smith lives in Berlin, works at Acme Corporation; ask Globex."
    (found,) = m.predict([text])
    assert spans(text, found) == [("PERSON", "John Smith"), ("LOCATION", "Berlin"),
                                  ("ORGANIZATION", "Acme Corporation")]
    assert all(f.detector == "ner" and 0.5 <= f.score <= 1.0 for f in found)


@pytest.mark.parametrize("n_filler", range(1, 40, 3))
def test_entity_at_any_window_boundary_is_found_whole(model_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                      n_filler: int) -> None:
    m = NerModel(model_dir, max_length=12, stride=4)
    monkeypatch.setattr(m, "_probabilities", rule_forward(m, RULES, blind_edges=True))
    text = "filler " * n_filler + "John Smith met Maria Garcia in Berlin " + "the dog " * 20
    (found,) = m.predict([text])
    assert spans(text, found) == [("PERSON", "John Smith"), ("PERSON", "Maria Garcia"),
                                  ("LOCATION", "Berlin")]


def test_without_overlap_an_edge_entity_is_lost(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Control for the test above: the fake really does blind window edges."""
    m = NerModel(model_dir, max_length=12, stride=0)
    monkeypatch.setattr(m, "_probabilities", rule_forward(m, RULES, blind_edges=True))
    results = []
    for n in range(1, 40, 3):
        text = "filler " * n + "John Smith met Maria Garcia in Berlin " + "the dog " * 20
        results.append(spans(text, m.predict([text])[0]))
    assert any(r != [("PERSON", "John Smith"), ("PERSON", "Maria Garcia"), ("LOCATION", "Berlin")]
               for r in results)


def test_batch_equals_one_by_one(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    m = NerModel(model_dir, max_length=16, stride=4)
    monkeypatch.setattr(m, "_probabilities", rule_forward(m, RULES, blind_edges=True))
    texts = ["John Smith", "", "   ", "the dog " * 30 + "Maria Garcia in Hamburg", "Acme Corporation hired John Smith"]
    assert m.predict(texts) == [m.predict([t])[0] for t in texts]
    assert m.predict(texts)[1:3] == [[], []]


def test_real_forward_pass_batched_and_in_bounds(model_dir: Path) -> None:
    m = NerModel(model_dir, max_length=16, stride=4, min_score=0.0, batch_size=3)
    texts = CORPUS + ["x " * 100, "John"]
    many = m.predict(texts)
    assert len(many) == len(texts)
    for text, found in zip(texts, many):
        for f in found:
            assert 0 <= f.start < f.end <= len(text)
            assert f.type in m.entity_types
            assert text[f.start].isalnum() or text[f.start] in "([+"
    single = [m.predict([t])[0] for t in texts]
    assert [[(f.type, f.start, f.end) for f in a] for a in many] == \
           [[(f.type, f.start, f.end) for f in a] for a in single]


def test_one_model_call_for_many_texts(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    m = NerModel(model_dir, max_length=16, stride=4, batch_size=1000)
    calls: list[int] = []
    real = m.model.forward

    def spy(*a, **kw):
        calls.append(kw["input_ids"].shape[0])
        return real(*a, **kw)

    monkeypatch.setattr(m.model, "forward", spy)
    m.predict(["John Smith " * 20, "Maria", "Berlin " * 10])
    assert len(calls) == 1 and calls[0] >= 3


# --- engine integration -------------------------------------------------------------------------


def test_engine_merges_ner_with_rules_and_batches_async(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eng = Engine(model_dir)
    assert eng.ner_enabled
    ner = eng._get_ner()
    assert ner is not None
    monkeypatch.setattr(ner, "_probabilities", rule_forward(ner, RULES, blind_edges=False))
    predict_calls: list[int] = []
    real_predict = ner.predict

    def spy(texts):  # type: ignore[no-untyped-def]
        predict_calls.append(len(texts))
        return real_predict(texts)

    monkeypatch.setattr(ner, "predict", spy)
    text = "John Smith (john.smith@example.com) lives in Berlin."
    got = spans(text, eng.classify(text))
    assert got == [("PERSON", "John Smith"), ("EMAIL_ADDRESS", "john.smith@example.com"),
                   ("LOCATION", "Berlin")]

    async def main():  # type: ignore[no-untyped-def]
        return await asyncio.gather(*(eng.aclassify_many([f"Maria Garcia {i}", f"in Hamburg {i}"])
                                      for i in range(4)))

    predict_calls.clear()
    try:
        results = asyncio.run(main())
    finally:
        eng.close()
    assert sum(predict_calls) == 8 and len(predict_calls) <= 4
    assert all(r[0][0].type == "PERSON" for r in results)


def _ruled_engine(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """An engine whose model is the stand-in forward pass over ``RULES``."""
    eng = Engine(model_dir)
    ner = eng._get_ner()
    assert ner is not None
    monkeypatch.setattr(ner, "_probabilities", rule_forward(ner, RULES, blind_edges=False))
    return eng


def test_a_cue_types_the_models_same_words(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eng = _ruled_engine(model_dir, monkeypatch)
    # A person named like a place: the relation word says who, the model (score 0.95) says where.
    text = "Falei com o atendente Berlin e ele desligou. Depois fui a Hamburg."
    assert spans(text, eng.classify(text)) == [("PERSON", "Berlin"), ("LOCATION", "Hamburg")]
    eng.close()


def test_a_place_inside_a_named_organisation_is_part_of_it(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eng = _ruled_engine(model_dir, monkeypatch)
    text = "Sie studiert an der Universität Hamburg und wohnt jetzt in Berlin."
    assert spans(text, eng.classify(text)) == [("ORGANIZATION", "Universität Hamburg"), ("LOCATION", "Berlin")]
    eng.close()


def test_engine_use_ner_false_never_loads(model_dir: Path) -> None:
    eng = Engine(model_dir, use_ner=False)
    assert eng.ner_enabled is False and eng._get_ner() is None


def test_engine_ner_sees_through_zero_width_and_homoglyphs(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eng = _ruled_engine(model_dir, monkeypatch)
    text = "Ask J\u200bоhn Sm\u0456th in Ｂｅｒｌｉｎ."  # zero-width, Cyrillic о/і, full-width
    assert spans(text, eng.classify(text)) == [("PERSON", "J\u200bоhn Sm\u0456th"), ("LOCATION", "Ｂｅｒｌｉｎ")]
    eng.close()


def test_windows_sorted_by_length_keep_their_rows(model_dir: Path) -> None:
    m = NerModel(model_dir, max_length=16, stride=4, batch_size=2, min_score=0.0)
    texts = ["John", "the dog " * 40, "Maria Garcia visited Paris", "x"]
    together = m.predict(texts)
    alone = [m.predict([t])[0] for t in texts]
    assert [[(f.type, f.start, f.end) for f in a] for a in together] == \
           [[(f.type, f.start, f.end) for f in a] for a in alone]


def test_engine_preloads_model_on_worker(model_dir: Path) -> None:
    import time

    eng = Engine(model_dir)
    try:
        deadline = time.monotonic() + 60
        while eng._ner is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert eng._ner is not None  # loaded without any classify call
    finally:
        eng.close()


def test_broken_model_fails_closed(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{not json")
    eng = Engine(tmp_path, preload=False)
    with pytest.raises((OSError, ValueError)):
        eng.classify("John Smith")
    with pytest.raises((OSError, ValueError)):
        asyncio.run(eng.aclassify_many(["John Smith"]))
    eng.close()


def test_quantized_model_runs_and_maps_spans(model_dir: Path) -> None:
    m = NerModel(model_dir, quantize=True, min_score=0.0)
    if not m.quantized:
        pytest.skip("no int8 engine on this CPU")
    text = "John Smith lives in Berlin"
    for f in m.predict([text])[0]:
        assert 0 <= f.start < f.end <= len(text) and f.type in m.entity_types


# --- plausibility of model spans ------------------------------------------------------------------

from llm_warden.classify.ner import plausible  # noqa: E402
from llm_warden.types import Finding  # noqa: E402


def _f(text: str, span: str, typ: str = "PERSON") -> Finding:
    i = text.index(span)
    return Finding(typ, i, i + len(span), 0.9, "ner")


@pytest.mark.parametrize(
    "text,span,typ",
    [
        ("we had great seasons", "seasons", "LOCATION"),
        ("key AKIANRGQENQH5XCD4HVX here", "AKIANRGQENQH5XCD4HVX", "LOCATION"),
        ("set DEBUG=false now", "DEBUG=false", "PERSON"),
        ("the ENGINE is", "ENGINE", "PERSON"),
        ("-----BEGIN PUBLIC KEY-----", "BEGIN PUBLIC KEY", "PERSON"),
        ("header: 50 4E 47 0D 0A 1A", "50 4E 47 0D 0A 1A", "LOCATION"),
        ("bitte antworte dem Kunden höflich", "antworte dem Kunden höflich", "PERSON"),
        ("new HttpClientFactory()", "HttpClientFactory", "PERSON"),
        ('tags: ["cotton", "unisex"]', '["cotton", "unisex"]', "PERSON"),
        ("Anna\nSmith", "Anna\nSmith", "PERSON"),
        ("swift code WBKPPLPP", "WBKPPLPP", "ORGANIZATION"),
        ("Signed by Marie rue Haussmann", "Marie rue Haussmann", "PERSON"),  # street words make no name
        ("import os\nfrom openai import OpenAI\n", "OpenAI", "ORGANIZATION"),
        ("import Foundation", "Foundation", "ORGANIZATION"),
        ("Luca,De Santis,luca@example.it", "Luca,De Santis", "LOCATION"),  # record fields run together
        ("bulk ferment 4 hours at 21 °C, then shape", "21 °C", "LOCATION"),  # no word to name anything
        ("the second lot from our unit on 20th. Please", "20th", "LOCATION"),  # an ordinal day
        ("İstanbul\nSaygılarımla,\nElif Şahin", "Saygılarımla", "PERSON"),  # a sign-off
        ("Gece vardiyasında çalışıyorum ve gündüz uyumakta zorlanıyorum. Uyku düzenimi nasıl?", "gündüz",
         "PERSON"),  # one lower-case word that is also a name, in capitalised prose
        ("SIRET 812 447 905 00018\nTél. 02 47 61 33 08", "Tél", "LOCATION"),  # a field label
        ("mailgun keeps giving 401 Forbidden. config below", "401 Forbidden", "LOCATION"),  # a number, no street
        ("200 ml Sahne, 2 EL Butter, Salz", "2 EL Butter", "LOCATION"),
        ("- Yanis : gros progrès depuis la Toussaint.", "Toussaint", "PERSON"),  # a feast
        ("wir fahren über Ostern weg", "Ostern", "LOCATION"),
        ("Słyszałem o wzorze Herona, ale nie wiem", "Herona", "PERSON"),  # a formula's name
        ("explain Bayes' theorem simply", "Bayes", "PERSON"),
        ('aber "Das Bild hängt an der Wand". Gibt es', "der Wand", "LOCATION"),  # an article and a noun
        ("¿Cuándo se usa el subjuntivo?", "Cuándo", "PERSON"),  # a question word
        ('pero "Sé que vienes"?', "Sé", "PERSON"),
        ("le théorème de Pythagore", "Pythagore", "PERSON"),
        ("The GitHub Action fails at the push step", "GitHub", "ORGANIZATION"),  # a platform
        ("I want a full refund to my Mastercard 2221 0012", "Mastercard", "ORGANIZATION"),  # a card brand
        ("Der Empfänger spricht kaum Englisch.", "Englisch", "PERSON"),  # a language
        ('TOKEN = "dapi…"\nr = get(url)', "TOKEN", "ORGANIZATION"),  # a constant
        ('headers={"Authorization": f"Bearer {TOKEN}"}', "TOKEN", "ORGANIZATION"),  # a template slot
        ("const client = new Anthropic({ apiKey })", "Anthropic", "ORGANIZATION"),  # a call
        ("Zálohu za ubytování (2 400 Kč) jsem zaplatil", "Kč", "LOCATION"),  # a currency
        ('"city": "Bolton", "postcode": "BL1 3AA", "country": "GB"', "BL1 3AA", "LOCATION"),  # a post code field
        ("42015 Correggio (RE)\nP.IVA 02841190354 — tel.", "P.IVA 02841190354", "LOCATION"),  # numbers, no address
        ("Diabetes mellitus Typ 2\nVerlauf", "Typ 2", "LOCATION"),
        ("Gewürzgurken, großes Glas\nZwiebeln 6 Stück", "Zwiebeln 6", "LOCATION"),  # "Zwiebeln" ends in no "Ln"
        ('{"amount": 4299, "currency": "GBP"}', "GBP", "ORGANIZATION"),  # money, not a party
        ("- Julio y Agosto: cosechar y vigilar plagas", "Julio", "PERSON"),  # a month beside a month
        ("Die basaar is op 27 Julie in die kerksaal.", "Julie", "PERSON"),  # a day of the month before it
        ("Adresim: Caferağa Mah. Moda Cad. No: 41", "Caferağa Mah", "PERSON"),  # an address's parts
        ("Entkalken: Schalten Sie das Gerät aus und lassen Sie es abkühlen.", "Sie das Gerät", "LOCATION"),
        ("    bin_id UUID NOT NULL,\n    PRIMARY KEY (sku, bin_id)", "PRIMARY KEY (sku", "PERSON"),
        ("label TEXT GENERATED ALWAYS AS (aisle)", "ALWAYS AS", "ORGANIZATION"),  # SQL
        ("1. Ten Small Habits That Will Quietly Change Your Year", "Ten", "ORGANIZATION"),  # a number
        ("Ten Quick Wins For A Tidier Inbox", "A Tidier", "PERSON"),  # an article opens no name (initials do: "A J Mensah")
    ],
)
def test_implausible_model_spans_are_dropped(text: str, span: str, typ: str) -> None:
    assert not plausible(text, _f(text, span, typ))


@pytest.mark.parametrize(
    "text,span,typ,casual",
    [
        ("Dear Ana-Maria Popescu,", "Ana-Maria Popescu", "PERSON", False),
        ("Ludwig van Beethoven wrote", "Ludwig van Beethoven", "PERSON", False),
        ("sent by the NHS today", "NHS", "ORGANIZATION", False),
        ("at 221 Wilmslow Road, Manchester M14 5LW", "221 Wilmslow Road, Manchester M14 5LW", "LOCATION", False),
        ("hello its marcus lee again, still waiting on my refund", "marcus lee", "PERSON", True),
        ("University of Wisconsin", "University of Wisconsin", "ORGANIZATION", False),
        ("livrer au 14 rue des Lilas, 69003 Lyon", "14 rue des Lilas, 69003 Lyon", "LOCATION", False),
        ("Vive en calle Mayor 23, Zaragoza", "calle Mayor 23, Zaragoza", "LOCATION", False),
        ("Umzug nach Freiburg im Breisgau", "Freiburg im Breisgau", "LOCATION", False),
        ("Please add Nurşan and jean-luc picard to the Invite List", "jean-luc picard", "PERSON", False),
        ("NHS no. 485 777 3456\nTy Gwyn, Heol y Plas, Llandeilo SA19 6AB\n", "SA19 6AB", "LOCATION", False),
        ("Ty Gwyn, Heol y Plas, Llandeilo SA19", "Ty Gwyn, Heol y Plas, Llandeilo SA19", "LOCATION", False),
    ],
)
def test_plausible_spans_are_kept(text: str, span: str, typ: str, casual: bool) -> None:
    assert plausible(text, _f(text, span, typ), casual)


def test_casual_text_forgives_lower_case_names_but_not_lower_case_phrases() -> None:
    text = "ok so the loop gives 2 three times en lugar de 0, 1 y 2, no entiendo por que"
    assert not plausible(text, _f(text, "lugar de 0, 1", "LOCATION"), True)
    text = "spoke w/ siobhan today, she's in the belfast claims team"
    assert plausible(text, _f(text, "siobhan", "PERSON"), True)
    assert plausible(text, _f(text, "belfast", "LOCATION"), True)  # a known place
    assert not plausible(text, _f(text, "claims team", "ORGANIZATION"), True)


from llm_warden.classify.ner import candidate_regions, casual_blocks  # noqa: E402


def test_a_lower_case_paragraph_is_casual_under_a_capitalised_request() -> None:
    request = "Please make this sound professional, it's for the disciplinary file:\n\n"
    note = ("so on monday dev and marcus kowalski got into it. dev says marcus called him names. "
            "witness was lena from accounts. both sent home.")
    text = request + note + "\n\nThanks, HR Team"
    assert casual_blocks(text) == [(len(request), len(request) + len(note))]
    # The casual paragraph is read whole; the request is read for its capitalised words.
    regions = candidate_regions(text, casual_blocks(text))
    assert any(a <= len(request) and len(request) + len(note) <= b for a, b in regions)
    assert casual_blocks("Please fix this.\n\nMeeting notes: Anna and Ben agreed. Next Sync Friday.") == []


def test_code_is_never_casual() -> None:
    code = "for i in range(3):\n    funcs.append(lambda: i)\nprint([f() for f in funcs])\nx = {a: b}"
    assert casual_blocks(code) == []


def test_edge_punctuation_trimmed_unless_balanced() -> None:
    text = "GC(413) Pause) and Acme (UK) Ltd"
    assert NerModel._finding(text, ("ORGANIZATION", text.index("Pause"), text.index("Pause") + 6, [0.9])).end == \
        text.index("Pause") + 5
    s = text.index("Acme")
    f = NerModel._finding(text, ("ORGANIZATION", s, s + len("Acme (UK)"), [0.9]))
    assert text[f.start : f.end] == "Acme (UK)"


def test_model_birth_dates_need_a_birth_word(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eng = Engine(model_dir)
    ner = eng._get_ner()
    assert ner is not None
    rules = {"march": "B-DATE_OF_BIRTH", "1985": "I-DATE_OF_BIRTH"}
    vocab = ner.tokenizer.get_vocab()
    assert "march" in vocab and "1985" in vocab  # the fake labels real tokens
    monkeypatch.setattr(ner, "_probabilities", rule_forward(ner, rules, blind_edges=False))
    signed = "Signed by Hamburg Director. Date: March 1985 today"
    assert [f.type for f in eng.classify(signed) if f.type == "DATE_OF_BIRTH"] == []
    born = "She was born in Hamburg, March 1985 today"
    dobs = [born[f.start : f.end] for f in eng.classify(born) if f.type == "DATE_OF_BIRTH"]
    assert dobs == ["March 1985"]
    eng.close()


def test_model_birth_dates_need_a_digit(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eng = Engine(model_dir)
    ner = eng._get_ner()
    assert ner is not None
    monkeypatch.setattr(ner, "_probabilities", rule_forward(ner, {"march": "B-DATE_OF_BIRTH"}, blind_edges=False))
    text = "She was born in Hamburg in early March today"
    assert [f for f in eng.classify(text) if f.type == "DATE_OF_BIRTH"] == []
    eng.close()


def test_a_dropped_model_span_does_not_push_out_a_rule_finding(model_dir: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A model span the engine's filters drop must not first win the merge against a rule's
    finding of the same words: the model's (higher-scored) PERSON "Berlin" is judged unsure here,
    so the rule's place "Berlin" must be what is reported."""
    from llm_warden.classify import engine as engine_mod

    eng = Engine(model_dir)
    ner = eng._get_ner()
    assert ner is not None
    monkeypatch.setattr(ner, "_probabilities", rule_forward(ner, {"berlin": "B-PER"}, blind_edges=False))
    monkeypatch.setattr(engine_mod, "unsure_capitalised_word", lambda text, f, nouns=None: f.type == "PERSON")
    text = "She moved to Berlin last year"
    got = [(f.type, text[f.start : f.end]) for f in eng.classify(text)]
    assert got == [("LOCATION", "Berlin")]
    eng.close()


@pytest.mark.parametrize(
    "text,span",
    [
        ("I live at 221B Baker Street now", "221B Baker Street"),
        ("bij ons op 12 Elswoutslaan thuis", "12 Elswoutslaan"),
        ("she moved to 5 Rue de Rivoli", "5 Rue de Rivoli"),
    ],
)
def test_numbered_streets_stay_plausible(text: str, span: str) -> None:
    assert plausible(text, _f(text, span, "LOCATION"))


def test_casual_text_forgives_listed_names_not_lower_case_words() -> None:
    text = "lista: leche x2, huevos L (docena), tomates pera 1 kg, cebolla morada, arroz bomba, papel de cocina"
    for span in ("huevos L", "cebolla morada", "arroz bomba", "de cocina"):
        assert not plausible(text, _f(text, span, "PERSON"), True)
    text = "she has fibromyalgia, asking for a sit-stand desk. que venga también Iñaki de jurídico"
    assert not plausible(text, _f(text, "fibromyalgia", "PERSON"), True)
    assert plausible(text, _f(text, "Iñaki", "PERSON"), True)
    text = "spoke w/ siobhan today about j. morales"
    assert plausible(text, _f(text, "siobhan", "PERSON"), True)
    assert plausible(text, _f(text, "j. morales", "PERSON"), True)  # a listed surname


def test_model_spans_are_trimmed_to_the_name() -> None:
    from llm_warden.classify.ner import NerModel

    text = ("a burkoló (Szabó Laci) hétfőn kezd; Acme (UK) Ltd; [Número do Pedido]; notes: tom, aisha, raj present. "
            "Dobrý den, paní Dvořáková; 2 cups Baby Potatoes, halved")
    for raw, want in (("(Szabó Laci)", "Szabó Laci"), ("Acme (UK)", "Acme (UK)"),
                      ("[Número do Pedido]", "[Número do Pedido]"), ("tom, aisha, raj present", "tom"),
        ("Dobrý den, paní Dvořáková", "Dobrý den, paní Dvořáková"), ("Baby Potatoes, halved", "Baby Potatoes, halved")):
        i = text.index(raw)
        f = NerModel._finding(text, ("PERSON", i, i + len(raw), [0.9]))
        assert text[f.start : f.end] == want


@pytest.mark.parametrize(
    "text,span,typ,casual,kept",
    [
        ("dlaczego mówimy „widzę kota”, ale „widzę stół”", "widzę kota", "PERSON", True, False),
        ("cebolla morada, ajo, aceite de oliva virgen extra", "aceite de oliva", "PERSON", True, False),
        ("acc 41829376, name natasha evans\n[18:15] Bea: sorry", "natasha evans", "PERSON", True, True),
        ("scribble into normal words:\n\nj. morales 34F seen today", "j. morales", "PERSON", True, True),
        ("[2024-05-01T10:14:09.877+0000][gc] GC(412) Pause Young (Normal)", "Pause Young", "PERSON", False, False),
        ('2024-05-14T03:12:14.882Z INFO auth.login ok user="Jess Whitcombe" ip=10.0.0.1', "Whitcombe", "PERSON", False,
         True),  # a value in a log line is a name
        ("| Regio | Status |\n| West   | Afgerond |", "West", "PERSON", False, False),
    ],
)
def test_lower_case_phrases_log_words_and_directions(text: str, span: str, typ: str, casual: bool, kept: bool) -> None:
    assert plausible(text, _f(text, span, typ), casual) is kept


def test_a_title_case_document_makes_capitals_no_evidence() -> None:
    from llm_warden.classify.names import title_case_document

    recipe = ("Lemon Drizzle Loaf\nServes 8 · Prep 15 Min\n- 225g Softened Butter\n- Zest Of 2 Lemons\n"
              "1. Preheat Oven To 180°C And Line The Tin.\n2. Fold In The Flour, Zest And Milk.")
    assert title_case_document(recipe)
    assert not title_case_document("MY NAME IS DOLORES FITZGERALD-HUANG AND I AM FURIOUS WITH THIS BANK " * 2)
    assert not title_case_document("Sehr geehrte Damen und Herren, die Lieferung der Ware ist leider nicht angekommen, "
                                   "bitte prüfen Sie den Status der Sendung.")


@pytest.mark.parametrize("span", ["NVMe", "TB NVMe", "OLED", "LPDDR5X"])
def test_a_computers_parts_are_no_party(span: str) -> None:
    text = f"32 GB LPDDR5X, 1 {span}, 2.8K OLED 120 Hz"
    start = text.index(span, 3)
    assert not plausible(text, Finding("ORGANIZATION", start, start + len(span), 0.7, "ner"))


def test_a_company_before_its_product_is_the_product() -> None:
    text = "J'ai Microsoft 365, version 2405, et je travaille chez Microsoft depuis 2019."
    first, second = text.index("Microsoft"), text.rindex("Microsoft")
    assert not plausible(text, Finding("ORGANIZATION", first, first + 9, 0.8, "ner"))
    assert plausible(text, Finding("ORGANIZATION", second, second + 9, 0.8, "ner"))
