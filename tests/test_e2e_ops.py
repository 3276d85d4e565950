"""End to end: the headless and desktop ways of running the warden, as the README gives them —
`mitmdump -s`, a one-file deployment (`--config`), graceful shutdown with a final checkpoint,
metrics and health scraped, `llm-warden env` used by a real curl, and `llm-warden status`."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from proxy import REPO, Proxy, free_port, map_remote_args, start_proxy, wait_ready

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent
EMAIL = "noah.becker@example.de"


def chat(proxy: Proxy, text: str) -> httpx.Response:
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as c:
        return c.post("https://api.openai.com/v1/chat/completions",
                      json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]},
                      headers={"authorization": "Bearer sk-test"})


def records(d: Path) -> list[dict]:
    return [json.loads(l) for s in sorted(d.glob("*.jsonl")) for l in s.read_text().splitlines() if l.strip()]


def test_mitmdump_script_as_documented_and_graceful_shutdown(tmp_path, standin):
    port = free_port()
    args = [str(BIN / "mitmdump"), "-s", "addon/llm_warden/mitm.py", "--listen-host", "127.0.0.1",
            "--listen-port", str(port), "--set", f"confdir={tmp_path / 'confdir'}",
            "--set", "warden_policy=policies/default.yaml", "--set", "warden_model=none",
            "--set", f"warden_state_dir={tmp_path / 'state'}", *map_remote_args(standin.url)]
    log = tmp_path / "mitmdump.log"
    proc = subprocess.Popen(args, cwd=REPO, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    p = Proxy(proc, port, tmp_path, log)
    p.home = tmp_path
    wait_ready(p)
    try:
        assert chat(p, "key AKIAIOSFODNN7EXAMPLE").status_code == 403
        r = chat(p, f"write to {EMAIL}")
        assert r.status_code == 200 and EMAIL in r.text
    finally:
        assert p.stop(signal.SIGTERM) == 0
    audit = tmp_path / "state" / "audit"
    recs = records(audit)
    checkpoint = (audit / "latest.checkpoint").read_text().splitlines()
    assert int(checkpoint[1]) == len(recs)  # the final checkpoint covers every record
    key = subprocess.run([str(BIN / "llm-warden"), "keys", "public", "--signing-key",
                          f"file:{tmp_path / 'state' / 'signing.key'}"], capture_output=True, text=True)
    out = subprocess.run([str(BIN / "llm-warden"), "audit", "verify", str(audit), "--public-key",
                          key.stdout.strip().splitlines()[-1]], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_one_file_deployment_with_metrics_and_health(tmp_path, standin):
    metrics_port = free_port()
    config = tmp_path / "warden.yaml"
    config.write_text(
        f"warden_policy: {REPO / 'policies/default.yaml'}\n"
        f"warden_metrics_listen: 127.0.0.1:{metrics_port}\n"
        "warden_log_json: true\n")
    p = start_proxy(tmp_path, standin.url, extra=["--config", str(config)])
    try:
        assert chat(p, "hello").status_code == 200
        assert chat(p, f"mail {EMAIL}").status_code == 200
        assert chat(p, "token ghp_" + "a" * 36).status_code == 403
        metrics = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics").text
        assert 'llm_warden_decisions_total{decision="deny",provider="openai"} 1.0' in metrics
        assert 'llm_warden_decisions_total{decision="redact",provider="openai"} 1.0' in metrics
        assert 'llm_warden_findings_total{type="EMAIL_ADDRESS"}' in metrics
        assert "llm_warden_decision_seconds_bucket" in metrics and "llm_warden_audit_append_seconds_count" in metrics
        assert chat(p, "hello").status_code == 200  # the same segment again: a cache hit
        metrics = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics").text
        ratio = float(next(l.split()[-1] for l in metrics.splitlines()
                           if l.startswith("llm_warden_classifier_cache_hit_ratio ")))
        assert 0 < ratio < 1
        health = httpx.get(f"http://127.0.0.1:{metrics_port}/healthz").json()
        assert health["status"] == "ok" and health["policy"]["id"] == "default"
        # structured logs: the decision lines are JSON objects
        lines = [json.loads(l) for l in p.log().splitlines() if l.startswith("{")]
        assert any("DENY" in l["message"] for l in lines)
    finally:
        p.stop()


def test_env_exports_make_a_real_curl_go_through_the_proxy(proxy, standin):
    curl = shutil.which("curl")
    if not curl:
        pytest.skip("curl is not installed")
    standin.clear()
    body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"hi {EMAIL}"}]})
    script = (f'eval "$({BIN / "llm-warden"} env --proxy {proxy.url} --confdir {proxy.home / "confdir"})"\n'
              f"curl -sS https://api.openai.com/v1/chat/completions -H 'content-type: application/json' "
              f"-d '{body}'")
    out = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["choices"][0]["message"]["content"] == f"echo: hi {EMAIL}"
    assert EMAIL.encode() not in standin.all_bytes()


def test_status_shows_recent_decisions(proxy):
    out = subprocess.run([str(BIN / "llm-warden"), "status", "--audit-dir", str(proxy.audit_dir), "-n", "5"],
                         capture_output=True, text=True, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert "redact" in out.stdout and "EMAIL_ADDRESS" in out.stdout
    missing = subprocess.run([str(BIN / "llm-warden"), "status", "--audit-dir", "/nonexistent"],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "no audit log" in missing.stderr


def test_desktop_notification_on_refusal_and_redaction(tmp_path, standin):
    """With warden_notify the desktop guard calls notify-send; here a stand-in notify-send on PATH
    records what it was asked to show (this machine has no desktop)."""
    import os

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shown = tmp_path / "shown.txt"
    fake = bin_dir / "notify-send"
    fake.write_text(f"#!/bin/sh\nprintf '%s|' \"$@\" >> {shown}\necho >> {shown}\n")
    fake.chmod(0o755)
    p = start_proxy(tmp_path / "home", standin.url, extra=["--set", "warden_notify=true"],
                    env={"PATH": f"{bin_dir}:{os.environ.get('PATH', '')}"})
    try:
        assert chat(p, "key AKIAIOSFODNN7EXAMPLE").status_code == 403
        assert chat(p, f"mail {EMAIL}").status_code == 200
        assert chat(p, "hello").status_code == 200
        for _ in range(50):
            if shown.exists() and len(shown.read_text().splitlines()) >= 2:
                break
            time.sleep(0.1)
        lines = shown.read_text().splitlines()
        assert len(lines) == 2  # the plain permit is not announced
        assert "refused" in lines[0] and "SECRET" in lines[0]
        assert "redacted" in lines[1] and "EMAIL_ADDRESS" in lines[1]
        assert "AKIA" not in shown.read_text() and EMAIL not in shown.read_text()  # never the values
    finally:
        p.stop()
