#!/usr/bin/env python3
"""Evaluate a token-classification model directory on eval JSONL files (span-level P/R/F1 per entity type).

Each JSONL line: {"id", "text", "entities": [{"type", "start", "end"}], ...} with code-point offsets. Only the
entity types the model can emit are scored (others in the gold data are ignored). "exact" needs identical
(type, start, end); "overlap" counts a prediction as correct when it overlaps a gold span of the same type.

  .venv/bin/python scripts/eval_ner_model.py models/warden-ner eval/synthetic_heldout.jsonl eval/realistic.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def load_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def decode_spans(offsets, label_ids, id2label, word_ids=None) -> list[tuple[str, int, int]]:
    """BIO sub-token labels -> character spans. A span starts on B-X, or on I-X after O / another type.

    With `word_ids` (from the fast tokenizer) the prediction of a word's first sub-token decides the whole word,
    as the runtime loader does (word-level aggregation)."""
    spans: list[list] = []
    cur = None
    prev_word, word_lab = None, None
    for k, ((s, e), lid) in enumerate(zip(offsets, label_ids)):
        if s == e:  # special token / padding
            continue
        lab = id2label[int(lid)]
        if word_ids is not None:
            w = word_ids[k]
            if w is not None and w == prev_word:
                lab = "O" if word_lab == "O" else "I-" + word_lab.split("-", 1)[1]
            else:
                word_lab = lab
            prev_word = w
        if lab == "O":
            cur = None
            continue
        tag, typ = lab.split("-", 1)
        if tag == "B" or cur is None or cur[0] != typ:
            # a B inside a word that already belongs to an open span of the same type continues it
            if tag == "B" and cur is not None and cur[0] == typ and s == cur[2]:
                cur[2] = e
                continue
            cur = [typ, s, e]
            spans.append(cur)
        else:
            cur[2] = e
    return [tuple(x) for x in spans]


class Predictor:
    word_level = True

    def __init__(self, model_dir: str | Path, threads: int = 2, max_length: int = 512,
                 word_level: bool = True) -> None:
        import torch
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        torch.set_num_threads(threads)
        self.torch = torch
        self.tok = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        self.model = AutoModelForTokenClassification.from_pretrained(str(model_dir), local_files_only=True).eval()
        self.id2label = {int(k): v for k, v in self.model.config.id2label.items()}
        self.max_length = max_length
        self.n_tokens = 0
        self.word_level = word_level

    def predict(self, texts: list[str], batch_size: int = 16) -> list[list[tuple[str, int, int]]]:
        torch = self.torch
        out: list[set] = [set() for _ in texts]
        enc = self.tok(texts, return_offsets_mapping=True, truncation=True, max_length=self.max_length,
                       return_overflowing_tokens=True, stride=32)
        mapping = enc["overflow_to_sample_mapping"]
        order = sorted(range(len(enc["input_ids"])), key=lambda i: len(enc["input_ids"][i]))
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            L = max(len(enc["input_ids"][i]) for i in idx)
            ids = torch.zeros((len(idx), L), dtype=torch.long)
            att = torch.zeros((len(idx), L), dtype=torch.long)
            for r, i in enumerate(idx):
                x = enc["input_ids"][i]
                ids[r, :len(x)] = torch.tensor(x)
                att[r, :len(x)] = 1
            self.n_tokens += int(att.sum())
            with torch.inference_mode():
                logits = self.model(input_ids=ids, attention_mask=att).logits
            pred = logits.argmax(-1).tolist()
            for r, i in enumerate(idx):
                n = len(enc["input_ids"][i])
                wids = enc.word_ids(i) if self.word_level else None
                for sp in decode_spans(enc["offset_mapping"][i][:n], pred[r][:n], self.id2label, wids):
                    out[mapping[i]].add(sp)
        return [sorted(s, key=lambda x: (x[1], x[2])) for s in out]


def score(gold: list[list[tuple]], pred: list[list[tuple]], types: list[str]) -> dict:
    res = {}
    for t in types + ["ALL"]:
        tp = fp = fn = otp_p = otp_g = 0
        for g, p in zip(gold, pred):
            g = {x for x in g if t == "ALL" or x[0] == t}
            p = {x for x in p if t == "ALL" or x[0] == t}
            tp += len(g & p)
            fp += len(p - g)
            fn += len(g - p)
            otp_p += sum(any(q[0] == y[0] and q[1] < y[2] and y[1] < q[2] for y in g) for q in p)
            otp_g += sum(any(q[0] == y[0] and q[1] < y[2] and y[1] < q[2] for q in p) for y in g)
        ng, np_ = tp + fn, tp + fp
        P = tp / np_ if np_ else 0.0
        R = tp / ng if ng else 0.0
        oP = otp_p / np_ if np_ else 0.0
        oR = otp_g / ng if ng else 0.0
        res[t] = {"support": ng, "pred": np_, "p": P, "r": R, "f1": 2 * P * R / (P + R) if P + R else 0.0,
                  "overlap_p": oP, "overlap_r": oR, "overlap_f1": 2 * oP * oR / (oP + oR) if oP + oR else 0.0}
    return res


def evaluate(predictor: Predictor, rows: list[dict]) -> tuple[dict, list[list[tuple]]]:
    types = sorted({lab.split("-", 1)[1] for lab in predictor.id2label.values() if lab != "O"})
    gold = [[(e["type"], e["start"], e["end"]) for e in r["entities"] if e["type"] in types] for r in rows]
    pred = predictor.predict([r["text"] for r in rows])
    return score(gold, pred, types), pred


def format_table(res: dict) -> str:
    lines = [f"{'type':<15}{'supp':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}{'ovP':>7}{'ovR':>7}{'ovF1':>7}"]
    for t, m in res.items():
        lines.append(f"{t:<15}{m['support']:>6}{m['pred']:>6}{m['p']:>7.3f}{m['r']:>7.3f}{m['f1']:>7.3f}"
                     f"{m['overlap_p']:>7.3f}{m['overlap_r']:>7.3f}{m['overlap_f1']:>7.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model_dir")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--errors", type=int, default=0, help="print up to N documents with errors")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="print metrics as JSON")
    ap.add_argument("--subtoken", action="store_true", help="decode sub-token labels as they are (no word-level vote)")
    args = ap.parse_args(argv)
    pr = Predictor(args.model_dir, threads=args.threads, word_level=not args.subtoken)
    allres = {}
    for f in args.files:
        rows = load_jsonl(f)
        t0 = time.perf_counter()
        pr.n_tokens = 0
        res, pred = evaluate(pr, rows)
        dt = time.perf_counter() - t0
        allres[f] = res
        if not args.json:
            print(f"== {f}: {len(rows)} docs, {pr.n_tokens} tokens, {pr.n_tokens / dt:,.0f} tokens/s")
            print(format_table(res))
        shown = 0
        for r, p in zip(rows, pred):
            if shown >= args.errors:
                break
            types = {x[0] for x in p} | {"PERSON", "LOCATION", "ORGANIZATION"}
            g = {(e["type"], e["start"], e["end"]) for e in r["entities"] if e["type"] in types}
            if g != set(p):
                shown += 1
                t = r["text"]
                print(f"-- {r.get('id')}")
                print("   missed:", [(x[0][:3], t[x[1]:x[2]]) for x in sorted(g - set(p), key=lambda x: x[1])])
                print("   extra: ", [(x[0][:3], t[x[1]:x[2]]) for x in sorted(set(p) - g, key=lambda x: x[1])])
    if args.json:
        json.dump(allres, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
