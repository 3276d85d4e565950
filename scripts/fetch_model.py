#!/usr/bin/env python3
"""Bring your own NER model: fetch a Hugging Face token-classification model into models/<name>/ and write a
label_map.json that maps the model's labels onto llm-warden's entity types.

  # needs internet and `pip install huggingface_hub`
  .venv/bin/python scripts/fetch_model.py dslim/bert-base-NER
  .venv/bin/python scripts/fetch_model.py ai4privacy/llama-ai4privacy-english-anonymiser-openpii --name pii
  # offline / air-gapped: install from a directory you copied over (same validation and label map)
  .venv/bin/python scripts/fetch_model.py --from-dir /mnt/usb/bert-base-NER --name bert-base-ner
  # override or add mappings (model label without B-/I- prefix = warden type, or "ignore")
  .venv/bin/python scripts/fetch_model.py dslim/bert-base-NER --map MISC=ignore --map ORG=ORGANIZATION

Then run the proxy with `--set warden_model=models/<name>`.

The model directory must hold config.json with id2label, weights (model.safetensors, sharded safetensors, or
pytorch_model.bin) and a tokenizer that loads as a *fast* tokenizer (offset mappings are needed to map
predictions back to character spans). label_map.json looks like:

  {"source": "dslim/bert-base-NER", "scheme": "BIO",
   "labels": {"O": null, "B-PER": "PERSON", "I-PER": "PERSON", "B-MISC": null, ...},
   "types": {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION", "MISC": null}}

`labels` maps every raw label (id2label value) to a warden type or null (= ignore); `types` is the same per entity
type without the B-/I-/E-/S-/L-/U- prefix.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
WARDEN_TYPES = ("PERSON", "LOCATION", "ORGANIZATION", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE",
                "US_SSN", "IP_ADDRESS", "DATE_OF_BIRTH", "SECRET")

# model entity type (upper-cased, prefix stripped) -> warden type; None = ignore
DEFAULT_TYPE_MAP: dict[str, str | None] = {
    # CoNLL / OntoNotes / WikiNER style
    "PER": "PERSON", "PERSON": "PERSON", "PERS": "PERSON", "NAME": "PERSON", "FULLNAME": "PERSON",
    "LOC": "LOCATION", "LOCATION": "LOCATION", "GPE": "LOCATION", "FAC": "LOCATION", "ADDRESS": "LOCATION",
    "ORG": "ORGANIZATION", "ORGANIZATION": "ORGANIZATION", "ORGANISATION": "ORGANIZATION", "COMPANY": "ORGANIZATION",
    "NORP": None, "MISC": None, "DATE": None, "TIME": None, "MONEY": None, "PERCENT": None, "CARDINAL": None,
    "ORDINAL": None, "QUANTITY": None, "EVENT": None, "WORK_OF_ART": None, "LAW": None, "LANGUAGE": None,
    "PRODUCT": None,
    # ai4privacy / PII-masking style
    "FIRSTNAME": "PERSON", "LASTNAME": "PERSON", "MIDDLENAME": "PERSON", "GIVENNAME": "PERSON",
    "GIVENNAME1": "PERSON", "GIVENNAME2": "PERSON", "SURNAME": "PERSON", "LASTNAME1": "PERSON", "LASTNAME2": "PERSON",
    "PREFIX": None, "TITLE": None, "USERNAME": None, "DISPLAYNAME": "PERSON",
    "STREET": "LOCATION", "STREETADDRESS": "LOCATION", "BUILDINGNUMBER": "LOCATION", "BUILDINGNUM": "LOCATION",
    "SECONDARYADDRESS": "LOCATION", "CITY": "LOCATION", "STATE": "LOCATION", "COUNTY": "LOCATION",
    "COUNTRY": "LOCATION", "ZIPCODE": "LOCATION", "ZIP": "LOCATION", "POSTCODE": "LOCATION",
    "NEARBYGPSCOORDINATE": "LOCATION", "GPS": "LOCATION",
    "COMPANYNAME": "ORGANIZATION", "COMPANY_NAME": "ORGANIZATION",
    "EMAIL": "EMAIL_ADDRESS", "EMAIL_ADDRESS": "EMAIL_ADDRESS", "EMAILADDRESS": "EMAIL_ADDRESS",
    "PHONE": "PHONE_NUMBER", "PHONENUMBER": "PHONE_NUMBER", "PHONE_NUMBER": "PHONE_NUMBER",
    "TELEPHONENUM": "PHONE_NUMBER", "TEL": "PHONE_NUMBER",
    "CREDITCARDNUMBER": "CREDIT_CARD", "CREDITCARD": "CREDIT_CARD", "CREDIT_CARD": "CREDIT_CARD",
    "CREDIT_CARD_NUMBER": "CREDIT_CARD", "CREDITCARDCVV": "CREDIT_CARD",
    "IBAN": "IBAN_CODE", "IBAN_CODE": "IBAN_CODE",
    "SSN": "US_SSN", "SOCIALNUM": "US_SSN", "US_SSN": "US_SSN",
    "IP": "IP_ADDRESS", "IPV4": "IP_ADDRESS", "IPV6": "IP_ADDRESS", "IP_ADDRESS": "IP_ADDRESS",
    "DOB": "DATE_OF_BIRTH", "DATEOFBIRTH": "DATE_OF_BIRTH", "DATE_OF_BIRTH": "DATE_OF_BIRTH",
    "BIRTHDATE": "DATE_OF_BIRTH",
    "PASSWORD": "SECRET", "PIN": "SECRET", "APIKEY": "SECRET", "API_KEY": "SECRET", "SECRET": "SECRET",
}
PREFIX_RE = re.compile(r"^(?:[BIESLU])[-_](.+)$")
COPY_PATTERNS = ("config.json", "*.safetensors", "*.safetensors.index.json", "pytorch_model.bin",
                 "pytorch_model.bin.index.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                 "vocab.txt", "vocab.json", "merges.txt", "*.model", "added_tokens.json", "README.md", "MODEL_CARD.md",
                 "LICENSE*")


class FetchError(RuntimeError):
    pass


def split_label(label: str) -> tuple[str, str]:
    """'B-PER' -> ('B', 'PER'); 'O' -> ('O', ''); 'PER' (IO scheme) -> ('', 'PER')."""
    if label.upper() in ("O", "OUTSIDE"):
        return "O", ""
    m = PREFIX_RE.match(label)
    if m:
        return label[0].upper(), m.group(1)
    return "", label


def normalise_type(t: str) -> str:
    return re.sub(r"[\s-]+", "_", t.strip()).upper()


def parse_overrides(items: list[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for it in items:
        if "=" not in it:
            raise FetchError(f"--map expects MODEL_TYPE=WARDEN_TYPE, got {it!r}")
        k, v = it.split("=", 1)
        v = v.strip()
        if v.lower() in ("", "ignore", "none", "null", "o"):
            out[normalise_type(k)] = None
        else:
            v = v.upper()
            if v not in WARDEN_TYPES:
                raise FetchError(f"--map {it!r}: {v} is not a warden type ({', '.join(WARDEN_TYPES)})")
            out[normalise_type(k)] = v
    return out


def build_label_map(id2label: dict, overrides: dict[str, str | None] | None = None, source: str = "") -> dict:
    overrides = overrides or {}
    labels: dict[str, str | None] = {}
    types: dict[str, str | None] = {}
    prefixes = set()
    for raw in (id2label[k] for k in sorted(id2label, key=lambda x: int(x))):
        prefix, typ = split_label(str(raw))
        if prefix == "O":
            labels[raw] = None
            continue
        prefixes.add(prefix)
        key = normalise_type(typ)
        if key in overrides:
            mapped = overrides[key]
        else:
            mapped = DEFAULT_TYPE_MAP.get(key, DEFAULT_TYPE_MAP.get(key.replace("_", "")))
        types[typ] = mapped
        labels[raw] = mapped
    if prefixes <= {""}:
        scheme = "IO"
    elif prefixes & {"E", "S", "L", "U"}:
        scheme = "BIOES"
    else:
        scheme = "BIO"
    return {"source": source, "scheme": scheme, "labels": labels, "types": types}


def validate_model_dir(path: Path, load_tokenizer: bool = True) -> dict:
    """Check what the runtime loader needs; return config.json. Raises FetchError with the reason."""
    cfg_path = path / "config.json"
    if not cfg_path.is_file():
        raise FetchError(f"{path}: no config.json")
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    id2label = cfg.get("id2label")
    if not isinstance(id2label, dict) or not id2label:
        raise FetchError(f"{path}: config.json has no id2label; not a token-classification model")
    if all(re.fullmatch(r"LABEL_\d+", str(v)) for v in id2label.values()):
        raise FetchError(f"{path}: id2label only has generic LABEL_n names; pass a model with named labels")
    archs = cfg.get("architectures") or []
    if archs and not any("TokenClassification" in a for a in archs):
        raise FetchError(f"{path}: architectures {archs} has no *ForTokenClassification head")
    weights = [p for p in ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
                           "pytorch_model.bin.index.json") if (path / p).is_file()]
    if not weights:
        raise FetchError(f"{path}: no weights (model.safetensors or pytorch_model.bin)")
    tok_files = [p for p in ("tokenizer.json", "vocab.txt", "vocab.json", "spiece.model", "sentencepiece.bpe.model",
                             "tokenizer.model") if (path / p).is_file()]
    if not tok_files:
        raise FetchError(f"{path}: no tokenizer files (tokenizer.json, vocab.txt, ...)")
    if load_tokenizer:
        try:
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        except Exception as e:  # noqa: BLE001 - report any loader failure as a validation error
            raise FetchError(f"{path}: tokenizer does not load: {e}") from e
        if not getattr(tok, "is_fast", False):
            raise FetchError(f"{path}: tokenizer is not a fast tokenizer (no offset mapping); need tokenizer.json")
    return cfg


def download(repo_id: str, dest: Path, revision: str | None, token: str | None) -> None:
    try:
        from huggingface_hub import snapshot_download
    except ImportError as e:
        raise FetchError("downloading needs huggingface_hub: `.venv/bin/pip install huggingface_hub` "
                         "(or copy the model over and use --from-dir)") from e
    snapshot_download(repo_id=repo_id, revision=revision, local_dir=str(dest), token=token,
                      allow_patterns=list(COPY_PATTERNS))


def copy_dir(src: Path, dest: Path) -> None:
    if not src.is_dir():
        raise FetchError(f"--from-dir {src}: not a directory")
    dest.mkdir(parents=True, exist_ok=True)
    n = 0
    for pat in COPY_PATTERNS:
        for f in src.glob(pat):
            if f.is_file():
                shutil.copy2(f, dest / f.name)
                n += 1
    if not n:
        raise FetchError(f"--from-dir {src}: no model files found")


def fetch(model: str | None = None, *, from_dir: str | Path | None = None, name: str | None = None,
          models_dir: str | Path = REPO_ROOT / "models", overrides: dict[str, str | None] | None = None,
          revision: str | None = None, token: str | None = None, force: bool = False) -> Path:
    if bool(model) == bool(from_dir):
        raise FetchError("give exactly one of a model id or --from-dir")
    source = model or str(from_dir)
    name = name or re.sub(r"[^A-Za-z0-9._-]+", "-", Path(source.rstrip("/")).name).strip("-").lower()
    if not name or name in (".", ".."):
        raise FetchError(f"cannot derive a directory name from {source!r}; pass --name")
    dest = Path(models_dir) / name
    if dest.exists() and any(dest.iterdir()):
        if not force:
            raise FetchError(f"{dest} exists; pass --force to replace it")
        shutil.rmtree(dest)
    tmp = dest.with_name(dest.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    try:
        if model:
            download(model, tmp, revision, token)
        else:
            copy_dir(Path(from_dir), tmp)
        cfg = validate_model_dir(tmp)
        lm = build_label_map(cfg["id2label"], overrides, source=source)
        if not any(v for v in lm["labels"].values()):
            raise FetchError(f"{source}: none of the labels {sorted(lm['types'])} maps to a warden type; use --map")
        (tmp / "label_map.json").write_text(json.dumps(lm, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if dest.exists():
            dest.rmdir()
        tmp.rename(dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", nargs="?", help="Hugging Face model id, e.g. dslim/bert-base-NER")
    ap.add_argument("--from-dir", help="install from a local model directory instead of downloading")
    ap.add_argument("--name", help="directory name under --models-dir (default: last part of the id)")
    ap.add_argument("--models-dir", default=str(REPO_ROOT / "models"))
    ap.add_argument("--map", action="append", default=[], metavar="MODEL_TYPE=WARDEN_TYPE",
                    help="override a label mapping (WARDEN_TYPE may be 'ignore'); repeatable")
    ap.add_argument("--revision")
    ap.add_argument("--token", help="Hugging Face token for gated models (default: the hub's own login)")
    ap.add_argument("--force", action="store_true", help="replace an existing directory")
    args = ap.parse_args(argv)
    try:
        dest = fetch(args.model, from_dir=args.from_dir, name=args.name, models_dir=args.models_dir,
                     overrides=parse_overrides(args.map), revision=args.revision, token=args.token, force=args.force)
    except FetchError as e:
        print(f"fetch_model: {e}", file=sys.stderr)
        return 2
    lm = json.loads((dest / "label_map.json").read_text(encoding="utf-8"))
    print(f"installed {dest}")
    for t, v in sorted(lm["types"].items()):
        print(f"  {t:<24} -> {v or '(ignored)'}")
    print(f"use it with: --set warden_model={dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
