"""scripts/fetch_model.py (bring your own model) and the shipped models/warden-ner directory."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

fm = pytest.importorskip("fetch_model")
BUNDLED = ROOT / "models" / "warden-ner"


def make_model_dir(path: Path, labels: list[str], *, named: bool = True) -> Path:
    """A tiny but real token-classification model + fast tokenizer, as a hub snapshot would contain."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertForTokenClassification, PreTrainedTokenizerFast

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "anna", "berlin", "Anna", "Berlin", "in", "lives",
             "##s", ",", "."]
    tok = Tokenizer(models.WordPiece({w: i for i, w in enumerate(vocab)}, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]")
    path.mkdir(parents=True, exist_ok=True)
    fast.save_pretrained(str(path))
    id2label = {i: (lab if named else f"LABEL_{i}") for i, lab in enumerate(labels)}
    cfg = BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                     intermediate_size=32, num_labels=len(labels), id2label=id2label,
                     label2id={v: k for k, v in id2label.items()})
    BertForTokenClassification(cfg).save_pretrained(str(path))
    return path


CONLL = ["O", "B-MISC", "I-MISC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]


def test_from_dir_installs_and_writes_label_map(tmp_path):
    src = make_model_dir(tmp_path / "src" / "bert-base-NER", CONLL)
    dest = fm.fetch(from_dir=src, models_dir=tmp_path / "models")
    assert dest == tmp_path / "models" / "bert-base-ner"
    for f in ("config.json", "model.safetensors", "tokenizer.json", "label_map.json"):
        assert (dest / f).is_file(), f
    lm = json.loads((dest / "label_map.json").read_text())
    assert lm["scheme"] == "BIO"
    assert lm["labels"] == {"O": None, "B-MISC": None, "I-MISC": None, "B-PER": "PERSON", "I-PER": "PERSON",
                            "B-ORG": "ORGANIZATION", "I-ORG": "ORGANIZATION", "B-LOC": "LOCATION",
                            "I-LOC": "LOCATION"}
    assert lm["types"]["PER"] == "PERSON" and lm["types"]["MISC"] is None
    assert not (tmp_path / "models" / "bert-base-ner.partial").exists()
    # what the runtime does with it: a fast tokenizer with offsets and a model that loads
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(dest), local_files_only=True)
    assert tok.is_fast
    enc = tok("Anna lives in Berlin", return_offsets_mapping=True)
    assert enc["offset_mapping"][1] == (0, 4)
    model = AutoModelForTokenClassification.from_pretrained(str(dest), local_files_only=True)
    assert model.config.id2label[3] == "B-PER"


def test_ai4privacy_style_labels_and_overrides(tmp_path):
    labels = ["O", "B-FIRSTNAME", "I-FIRSTNAME", "B-LASTNAME", "B-EMAIL", "B-PHONENUMBER", "B-STREET", "B-CITY",
              "B-COMPANYNAME", "B-IBAN", "B-CREDITCARDNUMBER", "B-SSN", "B-IPV4", "B-DOB", "B-PASSWORD", "B-JOBTITLE",
              "I-JOBTITLE"]
    lm = fm.build_label_map(dict(enumerate(labels)))
    assert lm["types"]["FIRSTNAME"] == "PERSON" and lm["types"]["LASTNAME"] == "PERSON"
    assert lm["types"]["EMAIL"] == "EMAIL_ADDRESS" and lm["types"]["PHONENUMBER"] == "PHONE_NUMBER"
    assert lm["types"]["STREET"] == "LOCATION" and lm["types"]["CITY"] == "LOCATION"
    assert lm["types"]["COMPANYNAME"] == "ORGANIZATION" and lm["types"]["IBAN"] == "IBAN_CODE"
    assert lm["types"]["CREDITCARDNUMBER"] == "CREDIT_CARD" and lm["types"]["SSN"] == "US_SSN"
    assert lm["types"]["IPV4"] == "IP_ADDRESS" and lm["types"]["DOB"] == "DATE_OF_BIRTH"
    assert lm["types"]["PASSWORD"] == "SECRET"
    assert lm["types"]["JOBTITLE"] is None  # unknown types are ignored, not guessed
    over = fm.parse_overrides(["jobtitle=ignore", "CITY=ORGANIZATION"])
    lm = fm.build_label_map(dict(enumerate(labels)), over)
    assert lm["types"]["CITY"] == "ORGANIZATION" and lm["labels"]["I-JOBTITLE"] is None
    with pytest.raises(fm.FetchError):
        fm.parse_overrides(["CITY=TOWN"])
    assert fm.build_label_map({0: "O", 1: "PER", 2: "LOC"})["scheme"] == "IO"
    assert fm.build_label_map({0: "O", 1: "S-PER", 2: "E-PER"})["scheme"] == "BIOES"


def test_cli_with_map_and_force(tmp_path, capsys):
    src = make_model_dir(tmp_path / "src", CONLL)
    args = ["--from-dir", str(src), "--name", "mine", "--models-dir", str(tmp_path / "m"), "--map", "MISC=ORGANIZATION"]
    assert fm.main(args) == 0
    assert "warden_model=" in capsys.readouterr().out
    lm = json.loads((tmp_path / "m" / "mine" / "label_map.json").read_text())
    assert lm["labels"]["B-MISC"] == "ORGANIZATION"
    assert fm.main(args) == 2  # exists
    assert "--force" in capsys.readouterr().err
    assert fm.main(args + ["--force"]) == 0


@pytest.mark.parametrize("problem", ["no_id2label", "generic_labels", "no_weights", "no_tokenizer", "no_known_labels"])
def test_validation_rejects_unusable_models(tmp_path, problem):
    labels = ["O", "B-FOO", "I-FOO"] if problem == "no_known_labels" else CONLL
    src = make_model_dir(tmp_path / "src", labels, named=problem != "generic_labels")
    if problem == "no_id2label":
        cfg = json.loads((src / "config.json").read_text())
        cfg.pop("id2label")
        (src / "config.json").write_text(json.dumps(cfg))
    elif problem == "no_weights":
        (src / "model.safetensors").unlink()
    elif problem == "no_tokenizer":
        for f in src.glob("tokenizer*"):
            f.unlink()
        (src / "special_tokens_map.json").unlink(missing_ok=True)
    with pytest.raises(fm.FetchError):
        fm.fetch(from_dir=src, models_dir=tmp_path / "models", name="x")
    assert not (tmp_path / "models" / "x").exists()
    assert not (tmp_path / "models" / "x.partial").exists()


def test_download_without_huggingface_hub_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "huggingface_hub", None)  # import fails
    with pytest.raises(fm.FetchError, match="huggingface_hub"):
        fm.fetch("someone/some-model", models_dir=tmp_path)
    assert not any(tmp_path.iterdir())


def test_exactly_one_source(tmp_path):
    with pytest.raises(fm.FetchError):
        fm.fetch(models_dir=tmp_path)
    with pytest.raises(fm.FetchError):
        fm.fetch("a/b", from_dir=tmp_path, models_dir=tmp_path)


# ------------------------------------------------------------------ the bundled model

needs_bundled = pytest.mark.skipif(not (BUNDLED / "model.safetensors").is_file(), reason="bundled model not built")


@needs_bundled
def test_bundled_model_is_valid_small_and_fast_tokenized():
    cfg = fm.validate_model_dir(BUNDLED)
    labels = set(cfg["id2label"].values())
    assert {"O", "B-PERSON", "I-PERSON", "B-LOCATION", "I-LOCATION", "B-ORGANIZATION", "I-ORGANIZATION"} <= labels
    size = sum(f.stat().st_size for f in BUNDLED.iterdir() if f.is_file())
    assert size < 60 * 1024 * 1024
    assert (BUNDLED / "MODEL_CARD.md").is_file()


@needs_bundled
def test_bundled_model_finds_names_in_plain_prose():
    """Names no pattern could find, through plain transformers (what any loader does)."""
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    sys.path.insert(0, str(ROOT / "scripts"))
    from eval_ner_model import decode_spans

    tok = AutoTokenizer.from_pretrained(str(BUNDLED), local_files_only=True)
    model = AutoModelForTokenClassification.from_pretrained(str(BUNDLED), local_files_only=True).eval()
    text = "Yesterday I had lunch with Margaret Holloway and her brother Tomasz in Lisbon to talk about the merger."
    enc = tok(text, return_offsets_mapping=True, return_tensors="pt")
    offsets = enc.pop("offset_mapping")[0].tolist()
    with torch.inference_mode():
        pred = model(**enc).logits.argmax(-1)[0].tolist()
    spans = {(t, text[a:b]) for t, a, b in decode_spans(offsets, pred, model.config.id2label)}
    assert ("PERSON", "Margaret Holloway") in spans
    assert ("PERSON", "Tomasz") in spans
    assert ("LOCATION", "Lisbon") in spans
    assert not any(s == "Yesterday" for _, s in spans)


@needs_bundled
def test_bundled_model_through_the_engine():
    """The same code path as the addon (classify engine), when the NER loader is present."""
    pytest.importorskip("llm_warden.classify.ner")
    from llm_warden.classify.engine import Engine

    text = "Please write a short thank-you note to Tobechukwu Nkemdirim for hosting us in Trondheim."
    with Engine(model_dir=BUNDLED) as eng:
        found = eng.classify(text)
    # The given-name list does not hold this name (asserted, as the lists grow): the model found it.
    from llm_warden.classify._names import FIRST_NAMES, LAST_NAMES

    assert "Tobechukwu" not in FIRST_NAMES and "Nkemdirim" not in LAST_NAMES
    persons = [text[f.start:f.end] for f in found if f.type == "PERSON" and f.detector == "ner"]
    assert "Tobechukwu Nkemdirim" in persons


def test_a_fetched_model_with_its_own_labels_loads_through_the_engine(tmp_path):
    """Bring your own model: labels the runtime has never heard of work through the label map
    fetch_model writes, on the same loader path as the bundled model."""
    import shutil

    from llm_warden.classify.engine import Engine

    src = tmp_path / "src" / "patient-ner"
    shutil.copytree(BUNDLED, src)
    cfg = json.loads((src / "config.json").read_text())
    renamed = {k: v.replace("PERSON", "PATIENT").replace("LOCATION", "WARD") for k, v in cfg["id2label"].items()}
    cfg["id2label"], cfg["label2id"] = renamed, {v: int(k) for k, v in renamed.items()}
    (src / "config.json").write_text(json.dumps(cfg))
    dest = fm.fetch(from_dir=src, models_dir=tmp_path / "models",
                    overrides=fm.parse_overrides(["PATIENT=PERSON", "WARD=LOCATION"]))
    text = "Please write a short thank-you note to Tobechukwu Nkemdirim for hosting us in Trondheim."
    with Engine(model_dir=dest) as eng:
        persons = [text[f.start:f.end] for f in eng.classify(text) if f.type == "PERSON" and f.detector == "ner"]
    assert "Tobechukwu Nkemdirim" in persons
