#!/usr/bin/env python3
"""Train the bundled llm-warden NER model from scratch on the synthetic corpus (CPU, fixed seeds).

1. trains a cased WordPiece tokenizer (BertNormalizer without lower-casing or accent stripping, BertPreTokenizer)
   on the training corpus and saves it as a fast tokenizer (tokenizer.json + tokenizer_config.json);
2. packs training samples into sequences of 1..512 tokens (so every position embedding the runtime uses is trained),
   labels ALL sub-tokens with BIO tags (B- on the first sub-token of an entity, I- on the rest);
3. trains a small BertForTokenClassification with AdamW + linear warm-up/decay, with a wall-clock guard;
4. evaluates on the held-out-template set and saves config.json, model.safetensors, tokenizer files, metrics.json.

  .venv/bin/python scripts/gen_ner_data.py --out /tmp/warden-ner/train.jsonl --n 300000 --seed 13
  .venv/bin/python scripts/train_ner.py --train /tmp/warden-ner/train.jsonl --heldout eval/synthetic_heldout.jsonl \\
      --out models/warden-ner --layers 4 --hidden 128 --epochs 1 --max-minutes 50 --seed 13
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

LABELS = ["O", "B-PERSON", "I-PERSON", "B-LOCATION", "I-LOCATION", "B-ORGANIZATION", "I-ORGANIZATION",
          "B-DATE_OF_BIRTH", "I-DATE_OF_BIRTH"]
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(x) for x in f if x.strip()]


def train_tokenizer(texts: list[str], out_dir: Path, vocab_size: int, lowercase: bool):
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                                strip_accents=False, lowercase=lowercase)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(vocab_size=vocab_size, min_frequency=3, special_tokens=SPECIALS,
                                        show_progress=True, limit_alphabet=1000)
    tok.train_from_iterator(texts, trainer=trainer)
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
                                                       special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    tok.decoder = decoders.WordPiece(prefix="##")
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]", model_max_length=512,
                                   do_lower_case=lowercase)
    fast.save_pretrained(str(out_dir))
    return fast


def finalize_tokenizer_files(out_dir: Path) -> None:
    """Portable tokenizer files: transformers 5 writes tokenizer_class "TokenizersBackend", which 4.x does not
    know; "PreTrainedTokenizerFast" loads as a fast tokenizer in both. Also write special_tokens_map.json."""
    p = Path(out_dir) / "tokenizer_config.json"
    cfg = json.loads(p.read_text(encoding="utf-8"))
    cfg["tokenizer_class"] = "PreTrainedTokenizerFast"
    p.write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")
    special = {k: cfg[k] for k in ("unk_token", "pad_token", "cls_token", "sep_token", "mask_token") if k in cfg}
    (Path(out_dir) / "special_tokens_map.json").write_text(json.dumps(special, indent=2) + "\n", encoding="utf-8")


def pack(samples: list[dict], rng: random.Random, max_chars: int, pack_single: float = 0.85) -> list[tuple[str, list]]:
    """Concatenate samples into longer documents (a `pack_single` share stays single) with shifted offsets."""
    out = []
    i, n = 0, len(samples)
    while i < n:
        r = rng.random()
        target = 0 if r < pack_single else (rng.randint(200, 700) if r < 0.5 + pack_single / 2 else rng.randint(700, max_chars))
        text, ents = samples[i]["text"], [(e["type"], e["start"], e["end"]) for e in samples[i]["entities"]]
        i += 1
        while i < n and len(text) < target:
            sep = rng.choice(["\n\n", "\n", " ", "\n\n---\n\n"])
            off = len(text) + len(sep)
            if off + len(samples[i]["text"]) > max_chars:
                break
            text += sep + samples[i]["text"]
            ents += [(e["type"], e["start"] + off, e["end"] + off) for e in samples[i]["entities"]]
            i += 1
        out.append((text, ents))
    return out


def encode(docs, tok, label2id, max_len: int, chunk: int = 20_000):
    """(token ids, labels) per document as compact numpy arrays, tokenized a chunk at a time: holding the
    tokenizer's output for a million documents at once takes more memory than the machine has."""
    import numpy as np

    feats = []
    for i in range(0, len(docs), chunk):
        feats += [(np.asarray(ids, dtype=np.int32), np.asarray(labels, dtype=np.int16))
                  for ids, labels in _encode_chunk(docs[i : i + chunk], tok, label2id, max_len)]
    return feats


def _encode_chunk(docs, tok, label2id, max_len: int):
    texts = [d[0] for d in docs]
    enc = tok(texts, return_offsets_mapping=True, truncation=True, max_length=max_len)
    feats = []
    for k, (text, ents) in enumerate(docs):
        owner = [-1] * len(text)
        for j, (_, a, b) in enumerate(ents):
            for c in range(a, b):
                owner[c] = j
        labels = []
        for (s, e) in enc["offset_mapping"][k]:
            if s == e:
                labels.append(-100)
                continue
            j = owner[s] if s < len(owner) else -1
            if j < 0:  # token starting outside an entity but overlapping one (rare): take the entity it overlaps
                j = next((owner[c] for c in range(s, e) if owner[c] >= 0), -1)
            if j < 0:
                labels.append(label2id["O"])
            else:
                typ, a, _ = ents[j]
                labels.append(label2id[("B-" if s <= a else "I-") + typ])
        feats.append((enc["input_ids"][k], labels))
    return feats


def batches(feats, tokens_per_batch: int, rng: random.Random):
    idx = sorted(range(len(feats)), key=lambda i: (len(feats[i][0]), rng.random()))
    out, cur, cur_max = [], [], 0
    for i in idx:
        L = len(feats[i][0])
        if cur and max(cur_max, L) * (len(cur) + 1) > tokens_per_batch:
            out.append(cur)
            cur, cur_max = [], 0
        cur.append(i)
        cur_max = max(cur_max, L)
    if cur:
        out.append(cur)
    rng.shuffle(out)
    return out


def collate(feats, idx, torch):
    L = max(len(feats[i][0]) for i in idx)
    ids = torch.zeros((len(idx), L), dtype=torch.long)
    att = torch.zeros((len(idx), L), dtype=torch.long)
    lab = torch.full((len(idx), L), -100, dtype=torch.long)
    for r, i in enumerate(idx):
        x, y = feats[i]
        ids[r, :len(x)] = torch.as_tensor(x)
        att[r, :len(x)] = 1
        lab[r, :len(y)] = torch.as_tensor(y)
    return ids, att, lab


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", default="/tmp/warden-ner/train.jsonl")
    ap.add_argument("--heldout", default="eval/synthetic_heldout.jsonl")
    ap.add_argument("--extra-eval", nargs="*", default=[], help="more JSONL files to report at the end")
    ap.add_argument("--out", default="models/warden-ner")
    ap.add_argument("--vocab-size", type=int, default=12000)
    ap.add_argument("--lowercase", action="store_true", help="lower-case tokenizer (default: cased)")
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--heads", type=int, default=0, help="default hidden/64")
    ap.add_argument("--max-len", type=int, default=512)
    ap.add_argument("--max-chars", type=int, default=1800)
    ap.add_argument("--single", type=float, default=0.85, help="share of samples kept alone (rest are packed)")
    ap.add_argument("--tokens-per-batch", type=int, default=2048)
    ap.add_argument("--dropout", type=float, default=0.0)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=float, default=0.02)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--max-minutes", type=float, default=50.0, help="stop (and save) after this much training")
    ap.add_argument("--max-steps", type=int, default=0,
                    help="cap the number of steps (the schedule then follows steps; use with a large --max-minutes "
                         "to reproduce a run independent of machine speed)")
    ap.add_argument("--eval-every", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)

    import numpy as np
    import torch
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from transformers import BertConfig, BertForTokenClassification

    import eval_ner_model as ev

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t_start = time.time()

    samples = load_jsonl(args.train)
    print(f"{len(samples)} training samples")
    tok = train_tokenizer([s["text"] for s in samples], out, args.vocab_size, args.lowercase)
    print(f"tokenizer: vocab {tok.vocab_size}, {'lower' if args.lowercase else 'cased'}")
    label2id = {l: i for i, l in enumerate(LABELS)}
    docs = pack(samples, rng, args.max_chars, args.single)
    feats = encode(docs, tok, label2id, args.max_len)
    ntok = sum(len(f[0]) for f in feats)
    print(f"{len(docs)} packed docs, {ntok:,} tokens (mean {ntok / len(docs):.0f}, "
          f"max {max(len(f[0]) for f in feats)})  prep {time.time() - t_start:.0f}s")
    del samples, docs

    heads = args.heads or max(2, args.hidden // 64)
    cfg = BertConfig(vocab_size=tok.vocab_size, hidden_size=args.hidden, num_hidden_layers=args.layers,
                     num_attention_heads=heads, intermediate_size=4 * args.hidden,
                     max_position_embeddings=args.max_len, type_vocab_size=2, hidden_dropout_prob=args.dropout,
                     attention_probs_dropout_prob=args.dropout, num_labels=len(LABELS),
                     id2label={i: l for i, l in enumerate(LABELS)}, label2id=label2id,
                     pad_token_id=tok.pad_token_id)
    model = BertForTokenClassification(cfg)
    nparams = sum(p.numel() for p in model.parameters())
    print(f"model L{args.layers}-H{args.hidden} heads {heads}: {nparams / 1e6:.2f} M params")

    held = ev.load_jsonl(args.heldout) if args.heldout and os.path.exists(args.heldout) else []
    held_small = held[:600]

    plan = []
    for ep in range(math.ceil(args.epochs)):
        b = batches(feats, args.tokens_per_batch, rng)
        if ep + 1 > args.epochs:
            b = b[: int(len(b) * (args.epochs - ep))]
        plan += b
    if args.max_steps:
        plan = plan[: args.max_steps]
    total = len(plan)
    warm = max(1, int(total * args.warmup))
    decay = [p for n, p in model.named_parameters() if not any(k in n for k in ("bias", "LayerNorm"))]
    nodecay = [p for n, p in model.named_parameters() if any(k in n for k in ("bias", "LayerNorm"))]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": nodecay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.98), eps=1e-6)
    budget = args.max_minutes * 60
    t_train = time.time()

    def progress(s: int) -> float:  # the schedule follows whichever runs out first: steps or wall-clock budget
        return max(s / total, (time.time() - t_train) / budget)

    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.02, (1.0 - progress(s)) / (1.0 - args.warmup))))
    seen = 0
    history = []
    model.train()

    def quick_eval(step):
        model.eval()
        pr = ev.Predictor.__new__(ev.Predictor)
        pr.torch, pr.tok, pr.model, pr.max_length, pr.n_tokens = torch, tok, model, args.max_len, 0
        pr.id2label = {i: l for i, l in enumerate(LABELS)}
        res, _ = ev.evaluate(pr, held_small)
        model.train()
        f = {k: round(v["f1"], 4) for k, v in res.items()}
        history.append({"step": step, "minutes": round((time.time() - t_train) / 60, 1), "f1": f})
        return f

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), TimeRemainingColumn(), TextColumn("{task.fields[info]}"),
                  refresh_per_second=1) as prog:
        task = prog.add_task("train", total=total, info="")
        loss_ema = None
        for step, idx in enumerate(plan):
            ids, att, lab = collate(feats, idx, torch)
            loss = model(input_ids=ids, attention_mask=att, labels=lab).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad(set_to_none=True)
            seen += int(att.sum())
            loss_ema = loss.item() if loss_ema is None else 0.98 * loss_ema + 0.02 * loss.item()
            rate = seen / (time.time() - t_train)
            prog.update(task, advance=1, info=f"loss {loss_ema:.4f} {rate:,.0f} tok/s lr {sched.get_last_lr()[0]:.2e}")
            if held_small and (step + 1) % args.eval_every == 0:
                f = quick_eval(step + 1)
                prog.console.print(f"step {step + 1}/{total} loss {loss_ema:.4f} {rate:,.0f} tok/s held-out F1 {f}")
            if progress(step + 1) >= 1.0:
                prog.console.print(f"schedule done (steps or wall-clock budget): stopping at step {step + 1}/{total}")
                break
    train_minutes = (time.time() - t_train) / 60
    model.eval()
    model.save_pretrained(str(out))
    tok.save_pretrained(str(out))
    finalize_tokenizer_files(out)
    metrics = {"steps": step + 1, "planned_steps": total, "train_minutes": round(train_minutes, 1),
               "train_tokens": seen, "params": nparams, "args": vars(args), "history": history}
    save_metrics(out, metrics, [args.heldout] if held else [], args.extra_eval, args.threads, t_start)
    return 0


def save_metrics(out: Path, metrics: dict, heldout: list[str], extra: list[str], threads: int,
                 t_start: float) -> None:
    """Evaluate the saved model on the held-out set and any extra sets, and write metrics.json."""
    import eval_ner_model as ev

    files = [f for f in [*heldout, *extra] if f and os.path.exists(f)]
    if files:
        pr = ev.Predictor(out, threads=threads)
        for f in files:
            res, _ = ev.evaluate(pr, ev.load_jsonl(f))
            metrics["heldout" if f in heldout else f] = res
            print("held-out synthetic (unseen templates):" if f in heldout else f"{f}:")
            print(ev.format_table(res))
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1))
    print(f"saved to {out} in {(time.time() - t_start) / 60:.1f} min total")


if __name__ == "__main__":
    raise SystemExit(main())
