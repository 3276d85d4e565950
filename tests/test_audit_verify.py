"""Every way of tampering with a log is caught, and the first bad record is named."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from llm_warden.audit import segments
from llm_warden.audit.checkpoint import Checkpoint, sign_checkpoint
from llm_warden.audit.keys import Signer
from llm_warden.audit.log import AuditLog
from llm_warden.audit.merkle import MerkleTree
from llm_warden.audit.record import leaf_hash, seal_line
from llm_warden.audit.verify import verify_dir

FP_KEY = b"v" * 32


def body(i: int) -> dict[str, Any]:
    return {"type": "decision", "decision": "deny" if i % 4 == 0 else "permit",
            "reason": f"rule {i % 3}", "identity": {"user": f"u{i % 5}", "verified": True},
            "findings": [{"type": "EMAIL_ADDRESS", "span": [1, 9], "fingerprint": f"hmac-sha256:{i:032x}"}],
            "request": {"sha256": f"{i:064x}"}}


def make_log(directory: Path, signer: Signer, n: int = 30, **kw: Any) -> None:
    kw.setdefault("checkpoint_every", 10)
    with AuditLog(directory, signer, fingerprint_key=FP_KEY, **kw) as log:
        for i in range(1, n + 1):
            log.append_sync(body(i))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Signer]:
    signer = Signer.generate()
    d = tmp_path_factory.mktemp("pristine") / "audit"
    make_log(d, signer)
    return d, signer


@pytest.fixture
def log_copy(pristine: tuple[Path, Signer], tmp_path: Path) -> tuple[Path, Signer]:
    src, signer = pristine
    dst = tmp_path / "audit"
    shutil.copytree(src, dst)
    return dst, signer


def seg0(d: Path) -> Path:
    return d / segments.segment_name(0)


def rewrite(d: Path, edit: Any) -> None:
    seg = seg0(d)
    lines = seg.read_bytes().splitlines()
    seg.write_bytes(b"".join(x + b"\n" for x in edit(lines)))


def check(d: Path, signer: Signer, kind: str, seq: int | None, **kw: Any) -> str:
    result = verify_dir(d, public_key=signer.public_key, **kw)
    assert not result.ok
    assert result.error_kind == kind, result.error
    assert result.error_seq == seq, result.error
    if seq is not None:
        assert f"seq {seq} ({segments.segment_name(0)}:{seq + 1})" in (result.error or "")
    return result.error or ""


def test_pristine_log_verifies(pristine: tuple[Path, Signer]) -> None:
    d, signer = pristine
    result = verify_dir(d, public_key=signer.public_key)
    assert result.ok, result.error
    assert result.records == 31 and result.pinned and result.checkpoints >= 3
    assert result.root == MerkleTree(leaf_hash(x) for x in seg0(d).read_bytes().splitlines()).root().hex()


def test_modified_record(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    rewrite(d, lambda ls: ls[:12] + [ls[12].replace(b'"deny"', b'"permit"')] + ls[13:])
    assert "modified" in check(d, signer, "modified", 12)


def test_modified_record_that_is_no_longer_json(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    rewrite(d, lambda ls: ls[:7] + [ls[7][:-3]] + ls[8:])
    check(d, signer, "modified", 7)


def test_reformatted_record_is_not_the_signed_bytes(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    rewrite(d, lambda ls: ls[:9] + [json.dumps(json.loads(ls[9])).encode()] + ls[10:])
    check(d, signer, "modified", 9)


def test_deleted_record(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    rewrite(d, lambda ls: ls[:15] + ls[16:])
    assert "missing (deleted)" in check(d, signer, "deleted", 15)


def test_duplicated_record(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    rewrite(d, lambda ls: ls[:16] + [ls[15]] + ls[16:])
    assert "duplicate" in check(d, signer, "duplicated", 16)


def test_reordered_records(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    rewrite(d, lambda ls: ls[:20] + [ls[21], ls[20]] + ls[22:])
    assert "reordered" in check(d, signer, "reordered", 20)


def test_inserted_record_signed_by_another_key(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    attacker = Signer.generate()

    def insert(ls: list[bytes]) -> list[bytes]:
        prev = json.loads(ls[10])
        forged = dict(body(999), seq=11, id="x", ts=prev["ts"], prev=leaf_hash(ls[10]).hex(),
                      key_id=attacker.key_id)
        line, _ = seal_line(forged, attacker.sign)
        return ls[:11] + [line] + ls[11:]

    rewrite(d, insert)
    assert "wrong key" in check(d, signer, "wrong-key", 11)


def test_inserted_record_claiming_the_right_key_id(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    attacker = Signer.generate()

    def insert(ls: list[bytes]) -> list[bytes]:
        prev = json.loads(ls[10])
        forged = dict(body(999), seq=11, id="x", ts=prev["ts"], prev=leaf_hash(ls[10]).hex(),
                      key_id=signer.key_id)
        line, _ = seal_line(forged, attacker.sign)
        return ls[:11] + [line] + ls[11:]

    rewrite(d, insert)
    check(d, signer, "modified", 11)


def test_wrong_pinned_key(log_copy: tuple[Path, Signer]) -> None:
    d, _ = log_copy
    result = verify_dir(d, public_key=Signer.generate().public_key)
    assert not result.ok and result.error_kind == "wrong-key" and result.error_seq == 0


def test_whole_log_replaced_by_one_with_another_key(tmp_path: Path, pristine: tuple[Path, Signer]) -> None:
    _, signer = pristine
    d = tmp_path / "fake"
    make_log(d, Signer.generate())
    assert verify_dir(d).ok  # unpinned, it is self-consistent...
    assert verify_dir(d, public_key=signer.public_key).error_kind == "wrong-key"  # ...pinned, not


def test_truncated_relative_to_a_checkpoint(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    rewrite(d, lambda ls: ls[:25])
    result = verify_dir(d, public_key=signer.public_key)
    assert not result.ok and result.error_kind == "truncated"
    assert "31 records but the log has 25" in (result.error or "")
    assert "checkpoints/000000000031.checkpoint" in (result.error or "")


def test_truncated_relative_to_a_checkpoint_kept_elsewhere(log_copy: tuple[Path, Signer], tmp_path: Path) -> None:
    d, signer = log_copy
    kept = tmp_path / "witness.checkpoint"
    shutil.copy(d / "latest.checkpoint", kept)
    rewrite(d, lambda ls: ls[:25])
    for f in list((d / "checkpoints").glob("*")) + [d / "latest.checkpoint"]:
        f.unlink()  # the attacker also removed the checkpoints they could see
    assert verify_dir(d, public_key=signer.public_key).ok  # nothing left in the directory to say so
    result = verify_dir(d, public_key=signer.public_key, checkpoint=kept)
    assert not result.ok and result.error_kind == "truncated"


def test_deleted_middle_segment(tmp_path: Path) -> None:
    signer = Signer.generate()
    d = tmp_path / "audit"
    make_log(d, signer, n=40, segment_max_bytes=1500)
    segs = segments.list_segments(d)
    assert len(segs) >= 4
    segs[2].unlink()
    result = verify_dir(d, public_key=signer.public_key)
    assert not result.ok and result.error_kind == "deleted"
    assert segs[3].name in (result.error or "")


def test_renamed_or_foreign_segment(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    (d / "extra.jsonl").write_text(seg0(d).read_text().splitlines()[3] + "\n")
    result = verify_dir(d, public_key=signer.public_key)
    assert not result.ok and result.error_kind == "inserted" and "extra.jsonl" in (result.error or "")


def test_torn_last_line_is_not_intact(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    with open(seg0(d), "ab") as f:
        f.write(b'{"seq":31,"typ')
    result = verify_dir(d, public_key=signer.public_key)
    assert not result.ok and result.error_kind == "torn" and result.error_seq == 31


def test_bad_signature_on_a_checkpoint(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    note = (d / "latest.checkpoint").read_text()
    head, sigline = note.rsplit("\n\n", 1)
    name, blob = sigline.rsplit(" ", 1)
    raw = bytearray(base64.b64decode(blob))
    raw[10] ^= 1
    (d / "latest.checkpoint").write_text(f"{head}\n\n{name} {base64.b64encode(bytes(raw)).decode()}\n")
    result = verify_dir(d, public_key=signer.public_key)
    assert not result.ok and result.error_kind == "checkpoint-signature"
    assert "latest.checkpoint" in (result.error or "")


def test_checkpoint_signed_by_another_key(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    other = Signer.generate()
    tree = MerkleTree(leaf_hash(x) for x in seg0(d).read_bytes().splitlines())
    note = sign_checkpoint(Checkpoint("llm-warden", 31, tree.root()), other.public_key, other.sign)
    (d / "checkpoints" / f"{31:012d}.checkpoint").write_text(note)
    assert verify_dir(d, public_key=signer.public_key).error_kind == "checkpoint-signature"


def test_equivocation_two_roots_for_one_size(log_copy: tuple[Path, Signer]) -> None:
    """The log's key signed two different trees of the same size: a forked history."""
    d, signer = log_copy
    forked = sign_checkpoint(Checkpoint("llm-warden", 20, bytes(32)), signer.public_key, signer.sign)
    (d / "checkpoints" / "fork.checkpoint").write_text(forked)
    result = verify_dir(d, public_key=signer.public_key)
    assert not result.ok and result.error_kind == "equivocation"
    assert "size 20" in (result.error or "")


def test_equivocation_inconsistent_checkpoints(log_copy: tuple[Path, Signer]) -> None:
    """A checkpoint for size 15 that the size-30 checkpoint cannot extend."""
    d, signer = log_copy
    other = MerkleTree(leaf_hash(b"other history %d" % i) for i in range(15))
    forked = sign_checkpoint(Checkpoint("llm-warden", 15, other.root()), signer.public_key, signer.sign)
    (d / "checkpoints" / f"{15:012d}.checkpoint").write_text(forked)
    result = verify_dir(d, public_key=signer.public_key)
    assert not result.ok and result.error_kind == "equivocation"
    assert "not consistent" in (result.error or "")


def test_history_rewritten_by_the_key_holder_is_caught_by_a_kept_checkpoint(
        tmp_path: Path) -> None:
    """Someone with the key regenerates the whole log: only an outside checkpoint can tell."""
    signer = Signer.generate()
    d = tmp_path / "audit"
    make_log(d, signer, n=20)
    kept = tmp_path / "kept.checkpoint"
    shutil.copy(d / "latest.checkpoint", kept)
    shutil.rmtree(d)
    with AuditLog(d, signer, fingerprint_key=FP_KEY) as log:  # same key, different records
        for i in range(1, 25):
            log.append_sync(dict(body(i), reason="rewritten"))
    assert verify_dir(d, public_key=signer.public_key).ok
    result = verify_dir(d, public_key=signer.public_key, checkpoint=kept)
    assert not result.ok and result.error_kind == "equivocation"
    assert "trusted checkpoint" in (result.error or "")


def test_key_rotation_is_followed_from_the_pinned_key(tmp_path: Path) -> None:
    first, second, third = Signer.generate(), Signer.generate(), Signer.generate()
    d = tmp_path / "audit"
    with AuditLog(d, first, fingerprint_key=FP_KEY, checkpoint_every=4) as log:
        for i in range(5):
            log.append_sync(body(i))
        log.rotate_key(second)
        for i in range(5):
            log.append_sync(body(i))
        log.rotate_key(third)
        log.append_sync(body(0))
    result = verify_dir(d, public_key=first.public_key)
    assert result.ok, result.error
    assert result.key_ids == [first.key_id, second.key_id, third.key_id]
    assert verify_dir(d, public_key=second.public_key).error_kind == "wrong-key"


def test_forged_key_transition_is_rejected(tmp_path: Path) -> None:
    """A transition signed only by the old key (no proof from the new one) is not followed."""
    signer, attacker = Signer.generate(), Signer.generate()
    d = tmp_path / "audit"
    make_log(d, signer, n=3)

    def forge(ls: list[bytes]) -> list[bytes]:
        prev = json.loads(ls[-1])
        t = {"type": "key_transition", "old_key_id": signer.key_id,
             "new_key_id": attacker.key_id, "new_public_key": attacker.verify_key_b64,
             "new_sig": base64.b64encode(bytes(64)).decode(), "seq": prev["seq"] + 1, "id": "x",
             "ts": prev["ts"], "prev": leaf_hash(ls[-1]).hex(), "key_id": signer.key_id}
        line, _ = seal_line(t, signer.sign)  # even with the old key's signature
        return ls + [line]

    rewrite(d, forge)
    for f in (d / "checkpoints").glob("*"):
        f.unlink()
    (d / "latest.checkpoint").unlink()
    result = verify_dir(d, public_key=signer.public_key)
    assert not result.ok and result.error_seq == 4 and "new key's signature" in (result.error or "")


def test_parallel_signature_checks_find_the_first_bad_record(tmp_path: Path) -> None:
    signer = Signer.generate()
    d = tmp_path / "audit"
    make_log(d, signer, n=300)
    assert verify_dir(d, public_key=signer.public_key, workers=2).ok

    def tamper(ls: list[bytes]) -> list[bytes]:
        for i in (250, 120):
            ls[i] = ls[i].replace(b'"rule ', b'"RULE ')
        return ls

    rewrite(d, tamper)
    result = verify_dir(d, public_key=signer.public_key, workers=2)
    assert not result.ok and result.error_seq == 120 and result.error_kind == "modified"


def test_empty_or_missing_directory(tmp_path: Path) -> None:
    assert verify_dir(tmp_path / "nope").error_kind == "missing"
    (tmp_path / "empty").mkdir()
    assert verify_dir(tmp_path / "empty").error_kind == "empty"


def test_fast_mode_relies_on_checkpoints_and_still_names_the_bad_record(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    result = verify_dir(d, public_key=signer.public_key, fast=True)
    assert result.ok and result.signatures_checked == 0  # the final checkpoint covers all 31
    rewrite(d, lambda ls: ls[:12] + [ls[12].replace(b'"deny"', b'"permit"')] + ls[13:])
    result = verify_dir(d, public_key=signer.public_key, fast=True)
    assert not result.ok and result.error_seq == 12 and result.error_kind == "modified"


def test_fast_mode_checks_signatures_after_the_newest_checkpoint(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    for f in [*(d / "checkpoints").glob("*"), d / "latest.checkpoint"]:
        if "000000000030" not in f.name:
            f.unlink()
    result = verify_dir(d, public_key=signer.public_key, fast=True)
    assert result.ok and result.signatures_checked == 1
    attacker = Signer.generate()

    def forge_last(ls: list[bytes]) -> list[bytes]:  # re-signed by someone else, claims the key
        rec = json.loads(ls[-1])
        rec.pop("sig")
        rec["reason"] = "forged"
        line, _ = seal_line(rec, attacker.sign)
        return ls[:-1] + [line]

    rewrite(d, forge_last)
    result = verify_dir(d, public_key=signer.public_key, fast=True)
    assert not result.ok and result.error_seq == 30 and result.error_kind == "modified"


def test_fast_mode_on_a_log_without_checkpoints_checks_everything(log_copy: tuple[Path, Signer]) -> None:
    d, signer = log_copy
    for f in [*(d / "checkpoints").glob("*"), d / "latest.checkpoint"]:
        f.unlink()
    rewrite(d, lambda ls: ls[:3] + [ls[3].replace(b'"rule ', b'"RULE ')] + ls[4:])
    result = verify_dir(d, public_key=signer.public_key, fast=True)
    assert not result.ok and result.error_seq == 3


def test_a_broken_worker_pool_falls_back_to_checking_inline(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from llm_warden.audit import verify as verify_mod

    class DeadPool:
        def __init__(self, *a: Any, **kw: Any) -> None:
            pass

        def submit(self, *a: Any, **kw: Any) -> Future[Any]:
            f: Future[Any] = Future()
            f.set_exception(BrokenProcessPool("a child process terminated abruptly"))
            return f

        def shutdown(self, *a: Any, **kw: Any) -> None:
            pass

    monkeypatch.setattr(verify_mod, "ProcessPoolExecutor", DeadPool)
    monkeypatch.setattr(verify_mod, "CHUNK", 16)
    signer = Signer.generate()
    d = tmp_path / "audit"
    make_log(d, signer, n=100)
    assert verify_dir(d, public_key=signer.public_key, workers=2).ok
    rewrite(d, lambda ls: ls[:70] + [ls[70].replace(b'"rule ', b'"RULE ')] + ls[71:])
    result = verify_dir(d, public_key=signer.public_key, workers=2)
    assert not result.ok and result.error_seq == 70
