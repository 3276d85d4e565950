"""Benchmark of the audit log: durable records/s under concurrency, added latency, verify speed.

Every request waits for its record to be durable, so what matters is (a) how many durable
records per second group commit sustains when many requests arrive together, (b) how long one
request waits for its record (p50/p99), and (c) how fast an auditor can verify a large log
(goal: 1 M records in <= 60 s, measured here on a smaller log and reported as a rate), both
checking every record signature and with ``fast`` (records vouched for by a signed checkpoint
are authenticated through its Merkle root). Small logs verify in one process; above
``verify.PARALLEL_MIN_BYTES`` signatures are checked by worker processes too.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from .keys import Signer
from .log import AuditLog
from .verify import verify_dir


def _decision_body(i: int, log: AuditLog) -> dict[str, Any]:
    """A record shaped like the gateway's decision records (two findings, identity, target)."""
    return {
        "type": "decision", "decision": "redact" if i % 3 == 0 else "permit",
        "reason": "rule team-default matched", "status": 200,
        "identity": {"user": f"user{i % 50}", "groups": ["eng"], "agent": "openai-python/1.54.0",
                     "client_ip": "10.0.0.7", "auth": "proxyauth", "verified": True,
                     "key_fingerprint": log.fingerprint(f"sk-{i % 50}")},
        "target": {"host": "api.openai.com", "provider": "openai", "api": "chat",
                   "model": "gpt-4o-mini", "path": "/v1/chat/completions"},
        "policy": {"id": "team-egress", "version": "7", "sha256": "9f" * 32, "rule": "team-default"},
        "classes": ["EMAIL_ADDRESS"],
        "findings": [{"type": "EMAIL_ADDRESS", "pointer": "/messages/1/content", "role": "user",
                      "span": [12, 31], "score": 0.99, "detector": "pattern",
                      "fingerprint": log.fingerprint(f"person{i}@example.com")},
                     {"type": "PERSON", "pointer": "/messages/1/content", "role": "user",
                      "span": [0, 9], "score": 0.91, "detector": "ner",
                      "fingerprint": log.fingerprint(f"Person {i}")}],
        "request": {"sha256": "ab" * 32, "forwarded_sha256": "cd" * 32, "bytes": 1834,
                    "method": "POST", "segments": 3},
        "latency_ms": 3.27, "flow": f"flow-{i}",
    }


def _pct(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


async def _drive(log: AuditLog, records: int, concurrency: int) -> list[float]:
    latencies: list[float] = []
    counter = iter(range(records))

    async def worker() -> None:
        for i in counter:
            body = _decision_body(i, log)
            t0 = time.perf_counter()
            await log.append(body)
            latencies.append(time.perf_counter() - t0)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def bench_audit(records: int = 20_000, concurrency: int = 64,
                directory: str | Path | None = None, *, verify: bool = True) -> dict[str, Any]:
    """Append ``records`` records from ``concurrency`` concurrent tasks, then verify the log.

    ``directory`` is where the log is written (a fresh temporary directory under it); it must
    be on the file system whose fsync you want to measure.
    """
    base = Path(tempfile.mkdtemp(prefix="llm-warden-bench-", dir=directory))
    try:
        log = AuditLog(base / "audit", Signer.generate(), fingerprint_key=os.urandom(32))
        before = log.stats.fsyncs
        t0 = time.perf_counter()
        latencies = asyncio.run(_drive(log, records, concurrency))
        elapsed = time.perf_counter() - t0
        fsyncs = log.stats.fsyncs - before
        log.close()
        latencies.sort()
        result: dict[str, Any] = {
            "records": records, "concurrency": concurrency, "seconds": round(elapsed, 3),
            "records_per_s": round(records / elapsed, 1) if elapsed else 0.0,
            "fsyncs": fsyncs, "records_per_fsync": round(records / max(1, fsyncs), 1),
            "p50_ms": round(_pct(latencies, 0.50) * 1000, 3),
            "p99_ms": round(_pct(latencies, 0.99) * 1000, 3),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 3) if latencies else 0.0,
            "bytes": sum(p.stat().st_size for p in (base / "audit").glob("*.jsonl")),
        }
        if verify:
            v = verify_dir(base / "audit")
            rate = v.records / v.seconds if v.seconds else 0.0
            result.update({"verify_ok": v.ok, "verify_records": v.records,
                           "verify_seconds": v.seconds, "verify_records_per_s": round(rate, 1),
                           "verify_1m_estimate_s": round(1_000_000 / rate, 1) if rate else None})
            f = verify_dir(base / "audit", fast=True)
            frate = f.records / f.seconds if f.seconds else 0.0
            result.update({"verify_fast_ok": f.ok, "verify_fast_seconds": f.seconds,
                           "verify_fast_records_per_s": round(frate, 1),
                           "verify_fast_1m_estimate_s": round(1_000_000 / frate, 1) if frate else None})
        return result
    finally:
        shutil.rmtree(base, ignore_errors=True)


def bench_table(result: dict[str, Any]) -> Table:
    """The result of :func:`bench_audit` as a rich table (goals from the design)."""
    t = Table(title="audit log benchmark")
    t.add_column("measure")
    t.add_column("value", justify="right")
    t.add_column("goal", justify="right")
    t.add_row("records / concurrency", f"{result['records']} / {result['concurrency']}", "")
    t.add_row("durable records/s", f"{result['records_per_s']:,.0f}", ">= 5,000")
    t.add_row("fsyncs (records per fsync)", f"{result['fsyncs']} ({result['records_per_fsync']})", "")
    t.add_row("append latency p50", f"{result['p50_ms']:.2f} ms", "")
    t.add_row("append latency p99", f"{result['p99_ms']:.2f} ms", "<= 2 ms")
    if "verify_seconds" in result:
        t.add_row("verify", f"{result['verify_records']:,} records in {result['verify_seconds']:.2f} s"
                  f" ({'ok' if result['verify_ok'] else 'FAILED'})", "")
        t.add_row("verify rate (every signature)", f"{result['verify_records_per_s']:,.0f} records/s",
                  ">= 16,667")
        t.add_row("verify 1 M records (estimate)", f"{result['verify_1m_estimate_s']} s", "<= 60 s")
    if "verify_fast_seconds" in result:
        t.add_row("verify --fast rate (checkpoints)",
                  f"{result['verify_fast_records_per_s']:,.0f} records/s"
                  f" ({'ok' if result['verify_fast_ok'] else 'FAILED'})", ">= 16,667")
        t.add_row("verify --fast 1 M records (estimate)", f"{result['verify_fast_1m_estimate_s']} s",
                  "<= 60 s")
    return t


def print_bench(result: dict[str, Any], console: Console | None = None) -> None:
    (console or Console()).print(bench_table(result))


#: The name the main CLI's ``bench`` imports.
print_results = print_bench


def run_bench(records: int = 20_000, concurrency: int = 64, directory: str | Path | None = None,
              console: Console | None = None) -> dict[str, Any]:
    """What ``llm-warden bench`` calls: run, print the table, return the numbers."""
    result = bench_audit(records, concurrency, directory)
    print_bench(result, console)
    return result
