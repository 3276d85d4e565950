"""``llm-warden audit`` / ``llm-warden keys``: exit codes, output contracts, end-to-end flows."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from llm_warden.audit import segments
from llm_warden.audit.cli import main
from llm_warden.audit.keys import load_signer
from llm_warden.audit.log import AuditLog
from llm_warden.audit.merkle import verify_consistency, verify_inclusion
from llm_warden.audit.sealed import sealed_evidence, seal

BODY = b'{"model":"gpt-4o","messages":[{"role":"user","content":"contract for Jane Roe"}]}'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def deployment(tmp_path: Path) -> dict[str, Any]:
    """A key made with ``keys init``, an auditor key, and a log with varied records."""
    from llm_warden.audit.sealed import load_auditor_key
    key = tmp_path / "state" / "signing.key"
    assert main(["keys", "init", "--signing-key", f"file:{key}"]) == 0
    auditor = tmp_path / "auditor.key"
    assert main(["keys", "auditor-init", str(auditor)]) == 0
    auditor_pub = bytes(load_auditor_key(auditor).public_key)
    audit = tmp_path / "state" / "audit"
    signer = load_signer(f"file:{key}")
    with AuditLog(audit, signer, checkpoint_every=5) as log:
        for i in range(12):
            rec: dict[str, Any] = {
                "type": "decision", "decision": ["permit", "redact", "deny"][i % 3],
                "reason": f"rule r{i % 3}", "identity": {"user": "alice" if i % 2 else "bob",
                                                        "verified": True},
                "target": {"provider": "openai", "model": "gpt-4o"},
                "policy": {"id": "p", "version": "1", "sha256": "00", "rule": f"r{i % 3}"},
                "findings": [{"type": "EMAIL_ADDRESS" if i % 4 == 0 else "PERSON",
                              "fingerprint": log.fingerprint(f"v{i}")}],
            }
            if i == 4:
                rec["sealed_request"] = seal(BODY, auditor_pub)
            if i == 7:
                rec["sealed_evidence"] = sealed_evidence(BODY + b" #2", auditor_pub)
            log.append_sync(rec)
        log.append_sync({"type": "outcome", "status": 200, "decision_seq": 1})
    return {"key": key, "audit": audit, "public": signer.verify_key_b64, "signer": signer,
            "auditor": auditor}


def test_keys_public_prints_the_verify_key_last(deployment: dict[str, Any],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "keys", "public", "--signing-key", f"file:{deployment['key']}")
    lines = out.strip().splitlines()
    assert code == 0 and lines[-1] == deployment["signer"].verify_key_b64
    assert any(deployment["signer"].note_verifier_key("llm-warden") in ln for ln in lines)
    code, out, _ = run(capsys, "keys", "init", "--signing-key", f"file:{deployment['key']}")
    assert code == 0 and "already exists" in out  # init never replaces a key


def test_keys_without_keyring_backend_explain_the_file_option(capsys: pytest.CaptureFixture[str]) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        code, _, err = run(capsys, "keys", "init", "--signing-key", "keyring")
    finally:
        keyring.set_keyring(previous)
    assert code == 2 and "warden_signing_key=file:PATH" in err


def test_verify_exit_codes_and_messages(deployment: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    audit, key = deployment["audit"], deployment["public"]
    code, out, _ = run(capsys, "audit", "verify", str(audit), "--public-key", key)
    assert code == 0 and out.startswith("OK: 14 records")
    code, out, _ = run(capsys, "audit", "verify", str(audit), "--public-key", key, "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    seg = audit / segments.segment_name(0)
    lines = seg.read_bytes().splitlines(keepends=True)
    lines[6] = lines[6].replace(b'"alice"', b'"mallory"')
    seg.write_bytes(b"".join(lines))
    code, out, _ = run(capsys, "audit", "verify", str(audit), "--public-key", key)
    assert code == 1
    assert "FAIL: seq 6 (seg-000000000000.jsonl:7)" in out and "modified" in out
    code, _, err = run(capsys, "audit", "verify", str(audit / "nope"))
    assert code == 2


def test_verify_in_a_real_process(deployment: dict[str, Any], tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "llm_warden.audit.cli", "audit", "verify", str(deployment["audit"])]
    ok = subprocess.run(cmd + ["--public-key", deployment["public"]], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    pub_file = tmp_path / "pub.txt"
    pub_file.write_text(f"key id: x\n{deployment['public']}\n")
    ok = subprocess.run(cmd + ["--public-key", str(pub_file)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    other = tmp_path / "other.key"
    wrong = load_signer(f"file:{other}", create=True).verify_key_b64
    bad = subprocess.run(cmd + ["--public-key", wrong], capture_output=True, text=True)
    assert bad.returncode == 1 and "wrong key" in bad.stdout


def test_show_filters(deployment: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    audit = str(deployment["audit"])

    def rows(*args: str) -> list[dict[str, Any]]:
        code, out, _ = run(capsys, "audit", "show", audit, "--json", *args)
        assert code == 0
        return [json.loads(x) for x in out.splitlines()]

    assert len(rows()) == 14
    assert {r["identity"]["user"] for r in rows("--user", "alice")} == {"alice"}
    assert {r["decision"] for r in rows("--decision", "deny")} == {"deny"}
    assert all(any(f["type"] == "EMAIL_ADDRESS" for f in r["findings"])
               for r in rows("--type", "email_address"))
    assert len(rows("--type", "EMAIL_ADDRESS")) == 3
    assert [r["type"] for r in rows("--record-type", "outcome")] == ["outcome"]
    assert rows("--since", "2999-01-01") == [] and len(rows("--since", "1h")) == 14
    assert len(rows("--until", "2000-01-01")) == 0
    assert len(rows("--limit", "2")) == 2
    code, out, _ = run(capsys, "audit", "show", audit, "--user", "alice")
    assert code == 0 and "alice" in out and "bob" not in out and "seq" in out
    code, _, err = run(capsys, "audit", "show", audit, "--since", "yesterday-ish")
    assert code == 2 and "not a time" in err


def test_prove_inclusion_and_consistency(deployment: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    audit = deployment["audit"]
    cps = sorted((audit / "checkpoints").glob("*.checkpoint"))
    assert len(cps) >= 2
    code, out, _ = run(capsys, "audit", "prove", "inclusion", str(audit), "--seq", "3",
                       "--checkpoint", str(audit / "latest.checkpoint"))
    assert code == 0
    p = json.loads(out)
    assert p["tree_size"] == 14 and len(p["proof"]) <= math.ceil(math.log2(14))
    verify_inclusion(bytes.fromhex(p["leaf_hash"]), 3, 14, [bytes.fromhex(h) for h in p["proof"]],
                     bytes.fromhex(p["root"]))
    code, out, _ = run(capsys, "audit", "prove", "consistency", str(audit), "--old", str(cps[0]),
                       "--new", str(cps[-1]))
    assert code == 0
    c = json.loads(out)
    assert len(c["proof"]) <= math.ceil(math.log2(c["new_size"])) + 1
    verify_consistency(c["old_size"], c["new_size"], bytes.fromhex(c["old_root"]),
                       bytes.fromhex(c["new_root"]), [bytes.fromhex(h) for h in c["proof"]])
    code, _, err = run(capsys, "audit", "prove", "inclusion", str(audit), "--seq", "99")
    assert code == 1 and "no record 99" in err


def test_prove_consistency_rejects_a_forked_checkpoint(deployment: dict[str, Any], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from llm_warden.audit.checkpoint import Checkpoint, sign_checkpoint
    signer = deployment["signer"]
    fork = tmp_path / "fork.checkpoint"
    fork.write_text(sign_checkpoint(Checkpoint("llm-warden", 5, bytes(32)), signer.public_key, signer.sign))
    code, _, err = run(capsys, "audit", "prove", "consistency", str(deployment["audit"]),
                       "--old", str(fork), "--new", "14")
    assert code == 1 and "not consistent" in err


def test_open_sealed_evidence(deployment: dict[str, Any], tmp_path: Path,
                              capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    audit, auditor = str(deployment["audit"]), str(deployment["auditor"])
    assert main(["audit", "open", audit, "--auditor-key", auditor, "--seq", "5"]) == 0
    assert capfdbinary.readouterr().out == BODY
    assert main(["audit", "open", audit, "--auditor-key", auditor]) == 0
    out = capfdbinary.readouterr().out
    assert BODY in out and BODY + b" #2" in out and b"--- seq 8" in out
    assert BODY not in b"".join(p.read_bytes() for p in Path(audit).rglob("*") if p.is_file())
    assert main(["keys", "auditor-init", str(tmp_path / "other.key")]) == 0
    capfdbinary.readouterr()
    assert main(["audit", "open", audit, "--auditor-key", str(tmp_path / "other.key")]) == 1
    assert b"wrong auditor key" in capfdbinary.readouterr().err
    assert main(["audit", "open", audit, "--auditor-key", auditor, "--seq", "2"]) == 1


def test_keys_rotate_then_verify_pinned_to_the_first_key(deployment: dict[str, Any],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    key, audit, first = deployment["key"], deployment["audit"], deployment["public"]
    code, out, err = run(capsys, "keys", "rotate", "--signing-key", f"file:{key}", "--audit-dir", str(audit))
    assert code == 0, err
    new_public = out.strip().splitlines()[-1]
    assert new_public != first and load_signer(f"file:{key}").verify_key_b64 == new_public
    assert not Path(f"{key}.next").exists()
    with AuditLog(audit, load_signer(f"file:{key}")) as log:  # the gateway restarts on the new key
        log.append_sync({"type": "decision", "decision": "permit"})
    code, out, _ = run(capsys, "audit", "verify", str(audit), "--public-key", first)
    assert code == 0 and "->" in out, out
    code, _, _ = run(capsys, "audit", "verify", str(audit), "--public-key", new_public)
    assert code == 1  # pinning must be to the first key


def test_rotation_is_refused_while_the_log_is_open_elsewhere(deployment: dict[str, Any],
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    spec = f"file:{deployment['key']}"
    with AuditLog(deployment["audit"], deployment["signer"]):  # the running proxy
        code, _, err = run(capsys, "keys", "rotate", "--signing-key", spec,
                           "--audit-dir", str(deployment["audit"]))
    assert code == 2 and "in use" in err
    assert load_signer(spec).key_id == deployment["signer"].key_id
    assert not Path(f"{deployment['key']}.next").exists()


def test_interrupted_rotation_is_completed(deployment: dict[str, Any],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from llm_warden.audit import keys
    spec = f"file:{deployment['key']}"
    new = keys.Signer.generate()
    keys.stage_signer(spec, new)
    with AuditLog(deployment["audit"], deployment["signer"]) as log:
        log.rotate_key(new)  # ...and the process died before moving the key into place
    code, out, _ = run(capsys, "keys", "rotate", "--signing-key", spec, "--audit-dir", str(deployment["audit"]))
    assert code == 0 and "interrupted" in out
    assert load_signer(spec).key_id == new.key_id


def test_help_without_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit"]) == 2
    assert main(["keys"]) == 2
    assert main([]) == 2
