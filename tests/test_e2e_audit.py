"""End to end: the audit log made by real proxied traffic — tampering is caught by
`llm-warden audit verify`, a kill -9 is recovered with a record, a full disk denies the request
and forwards nothing, and no raw secret, personal value or password ever reaches the disk."""

from __future__ import annotations

import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import bcrypt
import openai
import pytest

from proxy import Proxy, start_proxy

pytestmark = pytest.mark.e2e

BIN = str(Path(sys.executable).parent / "llm-warden")
EMAIL = "olivia.hart@example.net"
SSN = "536-22-8741"
AWS_KEY = "AKIAJ7Q3EXAMPLEZ4PLT"
PROXY_PASSWORD = "correct-horse-battery-staple-91"
API_KEY = "sk-proj-Zq8tYw3v5Lm0Np2Rs4Tu6Vw8Xy0Za2Bc4De6Fg8Hi0Jk"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120)


def client(proxy: Proxy, user: str | None = None) -> openai.OpenAI:
    url = proxy.url if user is None else proxy.url.replace("http://", f"http://{user}:{PROXY_PASSWORD}@")
    http_client = openai.DefaultHttpxClient(proxy=url, verify=ssl.create_default_context(cafile=str(proxy.ca)),
                                            timeout=30)
    return openai.OpenAI(api_key=API_KEY, http_client=http_client, max_retries=0)


def public_key(proxy: Proxy) -> str:
    out = cli("keys", "public", "--signing-key", f"file:{proxy.state_dir / 'signing.key'}")
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def traffic(proxy: Proxy, user: str | None = None, n: int = 3) -> None:
    c = client(proxy, user)
    for i in range(n):
        c.chat.completions.create(model="gpt-4o-mini",
                                  messages=[{"role": "user", "content": f"Email {EMAIL} about case {i}, SSN {SSN}"}])
        with pytest.raises(openai.PermissionDeniedError):
            c.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": f"key {AWS_KEY}"}])


@pytest.fixture(scope="module")
def log_dir(tmp_path_factory, standin):  # type: ignore[no-untyped-def]
    """A log written by real traffic, the proxy stopped (final checkpoint written)."""
    home = tmp_path_factory.mktemp("auditlog")
    p = start_proxy(home, standin.url)
    traffic(p)
    key = public_key(p)
    assert p.stop() == 0
    return p.audit_dir, key


def segment(d: Path) -> Path:
    segs = sorted(d.glob("*.jsonl"))
    assert len(segs) == 1
    return segs[0]


def verify(d: Path, key: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return cli("audit", "verify", str(d), "--public-key", key, *extra)


def test_intact_log_verifies(log_dir):
    d, key = log_dir
    out = verify(d, key)
    assert out.returncode == 0, out.stdout + out.stderr
    records = [json.loads(l) for l in segment(d).read_text().splitlines()]
    decisions = [r for r in records if r.get("type") == "decision"]
    assert [r["decision"] for r in decisions] == ["redact", "deny"] * 3
    for r in decisions:
        assert {"seq", "id", "ts", "decision", "reason", "identity", "target", "policy", "findings",
                "request", "prev", "key_id", "sig"} <= set(r)
        assert {"user", "groups", "agent", "client_ip", "auth", "verified"} <= set(r["identity"])
        assert {"host", "provider", "api", "model"} <= set(r["target"])
        assert {"id", "version", "sha256", "rule"} <= set(r["policy"])
        assert r["request"]["sha256"] and ("forwarded_sha256" in r["request"])
        for f in r["findings"]:
            assert {"type", "pointer", "span", "score", "fingerprint"} <= set(f)


def tampered(log_dir, tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    src, _ = log_dir
    d = tmp_path / "copy"
    shutil.copytree(src, d)
    seg = segment(d)
    lines = seg.read_text().splitlines(keepends=True)
    seg.write_text("".join(edit(lines)))
    return d


def _modify(lines: list[str]) -> list[str]:
    rec = json.loads(lines[2])
    rec["decision"] = "permit" if rec.get("decision") != "permit" else "deny"
    return lines[:2] + [json.dumps(rec) + "\n"] + lines[3:]


def _insert(lines: list[str]) -> list[str]:
    forged = json.loads(lines[2])
    forged["reason"] = "forged"
    return lines[:3] + [json.dumps(forged) + "\n"] + lines[3:]


@pytest.mark.parametrize("name,edit", [
    ("modified", _modify),
    ("deleted", lambda ls: ls[:2] + ls[3:]),
    ("inserted", _insert),
    ("duplicated", lambda ls: ls[:3] + [ls[2]] + ls[3:]),
    ("reordered", lambda ls: ls[:2] + [ls[3], ls[2]] + ls[4:]),
])
def test_tampering_is_caught_and_the_first_bad_record_named(log_dir, tmp_path, name, edit):
    d = tampered(log_dir, tmp_path, edit)
    out = verify(d, log_dir[1])
    assert out.returncode != 0, f"{name} not detected: {out.stdout}"
    text = out.stdout + out.stderr
    assert "seq" in text or "line" in text, text


def test_wrong_key_is_caught(log_dir, tmp_path):
    other = cli("keys", "init", "--signing-key", f"file:{tmp_path / 'other.key'}")
    assert other.returncode == 0, other.stderr
    wrong = cli("keys", "public", "--signing-key", f"file:{tmp_path / 'other.key'}").stdout.strip().splitlines()[-1]
    out = verify(log_dir[0], wrong)
    assert out.returncode != 0


def test_truncation_relative_to_a_checkpoint_is_caught(log_dir, tmp_path):
    kept = tmp_path / "kept.checkpoint"
    shutil.copy(log_dir[0] / "latest.checkpoint", kept)
    d = tampered(log_dir, tmp_path, lambda ls: ls[:-2])
    for cp in (d / "checkpoints").glob("*"):
        cp.unlink()  # an attacker also removes the checkpoints kept beside the log
    (d / "latest.checkpoint").unlink()
    out = verify(d, log_dir[1], "--checkpoint", str(kept))
    assert out.returncode != 0
    assert "checkpoint" in (out.stdout + out.stderr).lower()


def test_equivocation_between_two_checkpoints_is_caught(log_dir, tmp_path, standin):
    """A fork: the same key continues a copy of the log differently. A checkpoint of the fork
    and the original log cannot both be true."""
    src, key = log_dir
    fork_home = tmp_path / "fork"
    (fork_home / "state").mkdir(parents=True)
    shutil.copytree(src, fork_home / "audit")
    seg = segment(fork_home / "audit")
    seg.write_text("".join(seg.read_text().splitlines(keepends=True)[:5]))
    for cp in (fork_home / "audit" / "checkpoints").glob("*"):
        cp.unlink()
    (fork_home / "audit" / "latest.checkpoint").unlink()
    signing = src.parent / "state" / "signing.key"
    shutil.copy(signing, fork_home / "state" / "signing.key")
    os.chmod(fork_home / "state" / "signing.key", 0o600)
    p = start_proxy(fork_home, standin.url)
    traffic(p, n=2)
    assert p.stop() == 0
    out = verify(src, key, "--checkpoint", str(fork_home / "audit" / "latest.checkpoint"))
    assert out.returncode != 0
    assert "consisten" in (out.stdout + out.stderr).lower() or "equivoc" in (out.stdout + out.stderr).lower()


def test_kill_9_during_writes_then_recovery_and_verify(tmp_path, standin):
    p = start_proxy(tmp_path, standin.url)
    key = public_key(p)
    stop = threading.Event()

    def hammer() -> None:
        c = client(p)
        while not stop.is_set():
            try:
                c.chat.completions.create(model="m", messages=[{"role": "user", "content": f"mail {EMAIL}"}])
            except Exception:
                return

    threads = [threading.Thread(target=hammer) for _ in range(6)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while sum(1 for _ in segment(p.audit_dir).open()) < 40:
        assert time.monotonic() < deadline, "the proxy wrote fewer than 40 records in 60 s"
        assert any(t.is_alive() for t in threads), "every client stopped before the kill"
        time.sleep(0.01)
    p.proc.send_signal(signal.SIGKILL)
    p.proc.wait()
    stop.set()
    for t in threads:
        t.join()
    # Restart on the same log: a torn tail is cut and said so in a record; the chain goes on.
    p2 = start_proxy(tmp_path, standin.url, port=None)
    client(p2).chat.completions.create(model="m", messages=[{"role": "user", "content": "after the crash"}])
    assert p2.stop() == 0
    out = verify(p2.audit_dir, key)
    assert out.returncode == 0, out.stdout + out.stderr
    records = [json.loads(l) for s in sorted(p2.audit_dir.glob("*.jsonl")) for l in s.read_text().splitlines()]
    torn = list(p2.audit_dir.rglob("*.torn"))
    if torn:  # the kill landed mid-line: recovery must say so
        assert any(r.get("type") == "recovery" for r in records)


def test_full_disk_denies_with_503_and_forwards_nothing(tmp_path, standin):
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root): {r.stderr.decode().strip()}")
    p = None
    try:
        p = start_proxy(tmp_path / "home", standin.url, extra=["--set", f"warden_audit_dir={mnt / 'audit'}"])
        c = client(p)
        c.chat.completions.create(model="m", messages=[{"role": "user", "content": "hello"}])
        try:  # take every byte that is left
            with open(mnt / "filler", "wb") as f:
                while True:
                    f.write(b"\0" * 4096)
                    f.flush()
        except OSError:
            pass
        # The page already allocated to the segment may still take a record or two; the first
        # request whose record cannot be written must be refused and must not reach the provider.
        refused = None
        for i in range(200):
            before = len(standin.received)
            try:
                c.chat.completions.create(model="m", messages=[{"role": "user", "content": f"request {i}"}])
            except openai.APIStatusError as e:
                refused = e
                assert len(standin.received) == before
                break
        assert refused is not None and refused.status_code == 503
        assert "audit" in str(refused)
    finally:
        if p is not None:
            p.stop()
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_no_raw_value_secret_api_key_or_password_at_rest(tmp_path, standin):
    home = tmp_path / "home"
    home.mkdir()
    htpasswd = home / "htpasswd"
    htpasswd.write_text(f"erin:{bcrypt.hashpw(PROXY_PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()}\n")
    p = start_proxy(home, standin.url, extra=["--set", f"proxyauth=@{htpasswd}"])
    traffic(p, user="erin", n=2)
    p.stop()
    # everything the warden wrote, its console log included
    blobs = b"".join(f.read_bytes() for f in home.rglob("*") if f.is_file() and f.name != "htpasswd")
    for raw in (EMAIL, SSN, AWS_KEY, PROXY_PASSWORD, API_KEY):
        assert raw.encode() not in blobs, raw
    decisions = [json.loads(l) for s in sorted(p.audit_dir.glob("*.jsonl")) for l in s.read_text().splitlines()]
    assert any(r.get("identity", {}).get("user") == "erin" for r in decisions)
    assert any(r.get("identity", {}).get("key_fingerprint") for r in decisions)


SEALED_POLICY = """
id: sealed
version: "1"
classes:
  PII: {entities: [EMAIL_ADDRESS]}
rules:
  - name: keep-evidence
    when: {classes: {any: [PII]}}
    action: redact
    redact: {classes: [PII]}
    sealed_evidence: true
  - name: rest
    action: permit
"""


def test_sealed_evidence_only_the_auditor_can_open(tmp_path, standin):
    auditor = tmp_path / "auditor.key"
    out = cli("keys", "auditor-init", str(auditor))
    assert out.returncode == 0, out.stderr
    public = out.stdout.strip().splitlines()[-1]
    policy = tmp_path / "sealed.yaml"
    policy.write_text(SEALED_POLICY)
    p = start_proxy(tmp_path / "home", standin.url, policy=str(policy),
                    extra=["--set", f"warden_auditor_key={public}"])
    try:
        client(p).chat.completions.create(model="m", messages=[{"role": "user", "content": f"mail {EMAIL}"}])
    finally:
        p.stop()
    raw = b"".join(f.read_bytes() for f in p.audit_dir.rglob("*.jsonl"))
    assert EMAIL.encode() not in raw and b"sealed_request" in raw
    seq = next(json.loads(l)["seq"] for l in raw.decode().splitlines() if "sealed_request" in l)
    opened = cli("audit", "open", str(p.audit_dir), "--auditor-key", str(auditor), "--seq", str(seq))
    assert opened.returncode == 0, opened.stderr
    assert json.loads(opened.stdout)["messages"][0]["content"] == f"mail {EMAIL}"
    cli("keys", "auditor-init", str(tmp_path / "other.key"))
    wrong = cli("audit", "open", str(p.audit_dir), "--auditor-key", str(tmp_path / "other.key"), "--seq", str(seq))
    assert wrong.returncode != 0
