"""``llm-warden bench``: the numbers behind performance claims, measured on this machine.

Benchmarks live here, never in timed unit tests: a loaded CI machine makes a timing assertion
flaky, while a benchmark reports what it saw and lets a person judge.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .classify.pool import auto_processes
from .settings import BUNDLED_MODEL

PROSE = (
    "Our quarterly planning meeting moved to Thursday afternoon because the product review ran long. "
    "The team agreed to focus on reliability work first, then revisit the onboarding flow once the new "
    "metrics dashboard is in place. Please bring your notes on customer feedback and the open questions "
    "about pricing tiers, and remember that the design review needs at least two reviewers from outside "
    "the immediate group so that we get a fresh perspective on the proposed changes. "
)


def bench_classify(model: str | None, seconds: float = 5.0, processes: int = 0,
                   callers: int = 4) -> dict[str, float]:
    """Tokens/s (whitespace tokens) of the engine on distinct prose texts (no cache hits), fed as
    the gateway feeds it: ``callers`` concurrent requests of 4 segments through ``aclassify_many``,
    with the rules in ``processes`` worker processes (0: on the engine's thread).

    A 1 ms timer on the same event loop measures how late the loop runs meanwhile: work that holds
    the GIL delays every other flow through the proxy by that much.
    """
    return asyncio.run(_bench_classify(model, seconds, processes, callers))


async def _bench_classify(model: str | None, seconds: float, processes: int, callers: int) -> dict[str, float]:
    from .classify.engine import Engine

    engine = Engine(model_dir=model, use_ner=model is not None, processes=processes)
    texts = [f"Entry {i}. " + PROSE for i in range(8192)]
    await engine.aclassify_many(texts[:8])  # load and warm up
    per_request = 4
    lags: list[float] = []
    stop = False
    done = tokens = 0
    nxt = 8

    async def ticker() -> None:
        while not stop:
            t = time.perf_counter()
            await asyncio.sleep(0.001)
            lags.append(time.perf_counter() - t - 0.001)

    async def caller(deadline: float) -> None:
        nonlocal done, tokens, nxt
        while time.perf_counter() < deadline and nxt + per_request <= len(texts):
            batch = texts[nxt : nxt + per_request]
            nxt += per_request
            await engine.aclassify_many(batch)
            done += len(batch)
            tokens += sum(len(t.split()) for t in batch)

    tick = asyncio.create_task(ticker())
    start = time.perf_counter()
    await asyncio.gather(*(caller(start + seconds) for _ in range(callers)))
    elapsed = time.perf_counter() - start
    stop = True
    await tick
    # The same texts again: the per-segment cache makes a resent chat history nearly free.
    start2 = time.perf_counter()
    await engine.aclassify_many(texts[8 : 8 + done])
    cached = time.perf_counter() - start2
    engine.close()
    lags.sort()
    return {"texts": done, "tokens_per_s": tokens / elapsed, "cached_tokens_per_s": tokens / max(cached, 1e-9),
            "lag_p50_ms": lags[len(lags) // 2] * 1e3 if lags else 0.0,
            "lag_p99_ms": lags[int(len(lags) * 0.99)] * 1e3 if lags else 0.0}


def main(ns: argparse.Namespace) -> int:
    console = Console()
    model = None if ns.model == "none" else (ns.model or (str(BUNDLED_MODEL) if BUNDLED_MODEL.is_dir() else None))
    if ns.only in (None, "classify"):
        table = Table(title=f"classifier (prose, {os.cpu_count()} cores, 4 concurrent requests)")
        for col in ("engine", "rules in", "texts", "tokens/s", "cached tokens/s", "loop lag p50/p99"):
            table.add_column(col, justify="right" if col != "engine" else "left")
        configs = [("patterns + secrets", None, 0)]
        if model:
            configs.append((f"full (NER: {Path(model).name})", model, 0))
        if auto_processes():  # what the gateway runs by default (warden_classify_processes=-1)
            configs.append((configs[-1][0], model, auto_processes()))
        for name, m, procs in configs:
            with console.status(f"measuring {name}, rules in {f'{procs} processes' if procs else 'its thread'}..."):
                r = bench_classify(m, processes=procs)
            table.add_row(name, f"{procs} processes" if procs else "its thread", str(int(r["texts"])),
                          f"{r['tokens_per_s']:,.0f}", f"{r['cached_tokens_per_s']:,.0f}",
                          f"{r['lag_p50_ms']:.1f}/{r['lag_p99_ms']:.1f} ms")
        console.print(table)
    if ns.only in (None, "audit"):
        from .audit.bench import bench_audit, print_results
        with tempfile.TemporaryDirectory() as tmp:
            with console.status(f"writing {ns.records:,} durable records with {ns.concurrency} concurrent appenders..."):
                results = bench_audit(ns.records, ns.concurrency, Path(tmp))
        print_results(results, console=console)
    return 0
