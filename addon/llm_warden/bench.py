"""``llm-warden bench``: the numbers behind performance claims, measured on this machine.

Benchmarks live here, never in timed unit tests: a loaded CI machine makes a timing assertion
flaky, while a benchmark reports what it saw and lets a person judge.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .settings import BUNDLED_MODEL

PROSE = (
    "Our quarterly planning meeting moved to Thursday afternoon because the product review ran long. "
    "The team agreed to focus on reliability work first, then revisit the onboarding flow once the new "
    "metrics dashboard is in place. Please bring your notes on customer feedback and the open questions "
    "about pricing tiers, and remember that the design review needs at least two reviewers from outside "
    "the immediate group so that we get a fresh perspective on the proposed changes. "
)


def bench_classify(model: str | None, seconds: float = 5.0) -> dict[str, float]:
    """Tokens/s (whitespace tokens) of the full engine on distinct prose texts (no cache hits)."""
    from .classify.engine import Engine

    engine = Engine(model_dir=model, use_ner=model is not None)
    texts = [f"Entry {i}. " + PROSE for i in range(4096)]
    engine.classify_many(texts[:8])  # load and warm up
    done = tokens = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds and done < len(texts) - 8:
        batch = texts[8 + done: 8 + done + 16]
        engine.classify_many(batch)
        done += len(batch)
        tokens += sum(len(t.split()) for t in batch)
    elapsed = time.perf_counter() - start
    # The same texts again: the per-segment cache makes a resent chat history nearly free.
    start2 = time.perf_counter()
    engine.classify_many(texts[8:8 + done])
    cached = time.perf_counter() - start2
    engine.close()
    return {"texts": done, "tokens_per_s": tokens / elapsed, "cached_tokens_per_s": tokens / max(cached, 1e-9)}


def main(ns: argparse.Namespace) -> int:
    console = Console()
    model = None if ns.model == "none" else (ns.model or (str(BUNDLED_MODEL) if BUNDLED_MODEL.is_dir() else None))
    if ns.only in (None, "classify"):
        table = Table(title="classifier (prose, 2 cores)")
        for col in ("engine", "texts", "tokens/s", "cached tokens/s"):
            table.add_column(col, justify="right" if col != "engine" else "left")
        configs = [("patterns + secrets", None)] + ([(f"full (NER: {Path(model).name})", model)] if model else [])
        for name, m in configs:
            with console.status(f"measuring {name}..."):
                r = bench_classify(m)
            table.add_row(name, str(int(r["texts"])), f"{r['tokens_per_s']:,.0f}", f"{r['cached_tokens_per_s']:,.0f}")
        console.print(table)
    if ns.only in (None, "audit"):
        from .audit.bench import bench_audit, print_results
        with tempfile.TemporaryDirectory() as tmp:
            with console.status(f"writing {ns.records:,} durable records with {ns.concurrency} concurrent appenders..."):
                results = bench_audit(ns.records, ns.concurrency, Path(tmp))
        print_results(results, console=console)
    return 0
