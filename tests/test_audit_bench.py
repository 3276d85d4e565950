"""The audit benchmark runs, measures what it says, and renders (numbers are not asserted)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from llm_warden.audit.bench import bench_audit, print_results


def test_bench_audit_small_run(tmp_path: Path) -> None:
    result = bench_audit(400, 32, tmp_path)
    assert result["records"] == 400 and result["verify_ok"] is True and result["verify_fast_ok"] is True
    assert result["verify_records"] == 401  # + the genesis record
    assert result["fsyncs"] < 400 and result["records_per_fsync"] > 1  # group commit happened
    assert 0 < result["p50_ms"] <= result["p99_ms"]
    assert list(tmp_path.iterdir()) == []  # cleaned up after itself
    console = Console(record=True, width=120)
    print_results(result, console=console)
    text = console.export_text()
    assert "durable records/s" in text and "verify 1 M records" in text and "--fast" in text
