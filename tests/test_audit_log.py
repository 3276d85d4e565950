"""The writer: durability on return, group commit, failure handling, recovery, rotation, keys."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import rfc8785

from llm_warden.audit import segments
from llm_warden.audit.checkpoint import open_checkpoint
from llm_warden.audit.keys import Signer
from llm_warden.audit.log import AuditLog, AuditOpenError, AuditWriteError
from llm_warden.audit.merkle import MerkleTree
from llm_warden.audit.record import RecordError, leaf_hash, parse_ts
from llm_warden.audit.verify import verify_dir

FP_KEY = b"f" * 32


@pytest.fixture
def signer() -> Signer:
    return Signer.generate()


@pytest.fixture
def audit_dir(tmp_path: Path) -> Path:
    return tmp_path / "audit"


def open_log(directory: Path, signer: Signer, **kw: Any) -> AuditLog:
    kw.setdefault("fingerprint_key", FP_KEY)
    return AuditLog(directory, signer, **kw)


def all_lines(directory: Path) -> list[bytes]:
    out: list[bytes] = []
    for seg in segments.list_segments(directory):
        data = seg.read_bytes()
        assert data == b"" or data.endswith(b"\n"), f"{seg.name} has a partial line"
        out += data.splitlines()
    return out


def decision(i: int = 0, **extra: Any) -> dict[str, Any]:
    return {"type": "decision", "decision": "permit", "reason": "rule r1", "n": i,
            "identity": {"user": "alice", "verified": True}, **extra}


def assert_intact(directory: Path, signer: Signer | None = None) -> None:
    result = verify_dir(directory, public_key=signer.public_key if signer else None)
    assert result.ok, result.error


class SyncCounter:
    """Wraps the writer's fdatasync: counts calls on the segment fd, can delay or fail them."""

    def __init__(self, log_ref: list[AuditLog], delay: float = 0.0) -> None:
        self.real = segments._os_fdatasync
        self.log_ref = log_ref
        self.delay = delay
        self.calls = 0
        self.fail_next: int | None = None

    def __call__(self, fd: int) -> None:
        log = self.log_ref[0] if self.log_ref else None
        if log is not None and fd == log._fd:
            self.calls += 1
            if self.delay:
                time.sleep(self.delay)
            if self.fail_next is not None:
                code, self.fail_next = self.fail_next, None
                raise OSError(code, os.strerror(code))
        self.real(fd)


# --- the basic contract --------------------------------------------------------------------

def test_append_returns_the_signed_record_and_it_is_on_disk(audit_dir: Path, signer: Signer) -> None:
    log = open_log(audit_dir, signer)
    try:
        rec = asyncio.run(log.append(decision(1)))
        assert rec["seq"] == 1 and rec["key_id"] == signer.key_id
        assert uuid.UUID(rec["id"]).version == 7
        assert parse_ts(rec["ts"]).utcoffset().total_seconds() == 0 and rec["ts"].endswith("Z")
        lines = all_lines(audit_dir)  # read while the log is open: durable means written now
        assert lines[-1] == rfc8785.dumps(rec)
        assert rec["prev"] == leaf_hash(lines[0]).hex()
        genesis = json.loads(lines[0])
        assert genesis["type"] == "genesis" and genesis["public_key"] == signer.verify_key_b64
    finally:
        log.close()
    assert_intact(audit_dir, signer)


def test_bad_body_raises_and_does_not_consume_a_sequence_number(audit_dir: Path, signer: Signer) -> None:
    with open_log(audit_dir, signer) as log:
        with pytest.raises(RecordError):
            log.append_sync(decision(score=float("nan")))
        with pytest.raises(RecordError):
            log.append_sync({"type": "decision", "sig": "forged"})
        assert log.append_sync(decision())["seq"] == 1
    assert_intact(audit_dir, signer)


def test_closed_log_refuses_appends(audit_dir: Path, signer: Signer) -> None:
    log = open_log(audit_dir, signer)
    log.close()
    log.close()  # idempotent
    with pytest.raises(AuditWriteError, match="closed"):
        log.append_sync(decision())


# --- group commit --------------------------------------------------------------------------

def test_concurrent_appends_in_one_loop_iteration_share_one_fdatasync(
        audit_dir: Path, signer: Signer, monkeypatch: pytest.MonkeyPatch) -> None:
    ref: list[AuditLog] = []
    counter = SyncCounter(ref)
    monkeypatch.setattr(segments, "_os_fdatasync", counter)
    log = open_log(audit_dir, signer, checkpoint_every=10**9, checkpoint_seconds=1e9)
    ref.append(log)
    counter.calls = 0

    async def burst() -> list[dict[str, Any]]:
        return await asyncio.gather(*(log.append(decision(i)) for i in range(200)))

    try:
        records = asyncio.run(burst())
        assert counter.calls == 1, f"{counter.calls} syncs for 200 concurrent appends"
        assert [r["seq"] for r in records] == list(range(1, 201))
        assert len(all_lines(audit_dir)) == 201
    finally:
        log.close()
    assert_intact(audit_dir, signer)


def test_appends_arriving_during_a_sync_are_batched_into_the_next(
        audit_dir: Path, signer: Signer, monkeypatch: pytest.MonkeyPatch) -> None:
    ref: list[AuditLog] = []
    counter = SyncCounter(ref, delay=0.02)  # a slow disk
    monkeypatch.setattr(segments, "_os_fdatasync", counter)
    log = open_log(audit_dir, signer, checkpoint_every=10**9, checkpoint_seconds=1e9)
    ref.append(log)
    counter.calls = 0

    async def trickle() -> None:
        async def one(i: int) -> None:
            await asyncio.sleep(i * 0.0005)  # 300 requests spread over ~150 ms
            await log.append(decision(i))
        await asyncio.gather(*(one(i) for i in range(300)))

    try:
        asyncio.run(trickle())
        assert counter.calls < 30, f"{counter.calls} syncs for 300 appends"
        assert log.stats.largest_batch > 5
        assert len(all_lines(audit_dir)) == 301
    finally:
        log.close()
    assert_intact(audit_dir, signer)


def test_an_append_whose_loop_never_runs_its_wake_up_is_still_written(
        audit_dir: Path, signer: Signer) -> None:
    log = open_log(audit_dir, signer)
    loop = asyncio.new_event_loop()
    try:
        task = loop.create_task(log.append(decision(1)))
        loop.call_soon(loop.stop)
        loop.run_forever()  # one iteration: the append queues its record and schedules a wake-up
        loop.call_soon(loop.stop)  # ...which a stalled loop would never run; simulate: drop it
        log._kicked = False
        wait_for(lambda: log.size == 2, timeout=2)  # the writer took it on its own
        task.cancel()
    finally:
        loop.close()
        log.close()
    assert_intact(audit_dir, signer)


def test_append_sync_from_many_threads(audit_dir: Path, signer: Signer) -> None:
    log = open_log(audit_dir, signer)
    seqs: list[int] = []
    lock = threading.Lock()

    def work(t: int) -> None:
        for i in range(40):
            rec = log.append_sync(decision(t * 100 + i))
            with lock:
                seqs.append(rec["seq"])

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log.close()
    assert sorted(seqs) == list(range(1, 321))
    assert log.stats.fsyncs < 320
    assert_intact(audit_dir, signer)


def test_a_cancelled_append_is_still_recorded(audit_dir: Path, signer: Signer) -> None:
    log = open_log(audit_dir, signer)

    async def cancel_one() -> None:
        task = asyncio.ensure_future(log.append(decision(7)))
        await asyncio.sleep(0)  # the record is built and queued
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await log.append(decision(8))

    asyncio.run(cancel_one())
    log.close()
    assert [json.loads(x)["n"] for x in all_lines(audit_dir)[1:]] == [7, 8]
    assert_intact(audit_dir, signer)


# --- write failures ------------------------------------------------------------------------

def test_enospc_mid_write_raises_and_leaves_no_half_record(
        audit_dir: Path, signer: Signer, monkeypatch: pytest.MonkeyPatch) -> None:
    log = open_log(audit_dir, signer)
    log.append_sync(decision(1))
    real_write = segments._os_write
    state = {"armed": True}

    def half_then_enospc(fd: int, data: Any) -> int:
        if state["armed"] and fd == log._fd:
            state["armed"] = False
            real_write(fd, bytes(data[: len(data) // 2]))  # the disk took half the record
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(segments, "_os_write", half_then_enospc)
    with pytest.raises(AuditWriteError) as e:
        asyncio.run(log.append(decision(2)))
    assert e.value.errno == errno.ENOSPC and isinstance(e.value, OSError)
    lines = all_lines(audit_dir)  # asserts the file ends on a record boundary
    assert len(lines) == 2
    rec = log.append_sync(decision(3))  # space came back: the log continues, chain intact
    assert rec["seq"] == 2 and rec["prev"] == leaf_hash(lines[-1]).hex()
    log.close()
    assert [json.loads(x)["n"] for x in all_lines(audit_dir)[1:]] == [1, 3]
    assert_intact(audit_dir, signer)


def test_eio_on_fdatasync_fails_the_batch_and_the_log_goes_on_without_it(
        audit_dir: Path, signer: Signer, monkeypatch: pytest.MonkeyPatch) -> None:
    ref: list[AuditLog] = []
    counter = SyncCounter(ref, delay=0.05)
    monkeypatch.setattr(segments, "_os_fdatasync", counter)
    log = open_log(audit_dir, signer, checkpoint_every=10**9, checkpoint_seconds=1e9)
    ref.append(log)
    counter.fail_next = errno.EIO

    async def scenario() -> tuple[list[Any], list[Any]]:
        first = [asyncio.ensure_future(log.append(decision(i))) for i in range(5)]
        await asyncio.sleep(0.02)  # the first batch is being synced (and will fail)
        second = [asyncio.ensure_future(log.append(decision(10 + i))) for i in range(5)]
        a = await asyncio.gather(*first, return_exceptions=True)
        b = await asyncio.gather(*second, return_exceptions=True)
        return a, b

    a, b = asyncio.run(scenario())
    assert all(isinstance(x, AuditWriteError) and x.errno == errno.EIO for x in a)
    # the second batch was built after the rollback, on the last durable record
    assert [r["seq"] for r in b] == [1, 2, 3, 4, 5]
    lines = all_lines(audit_dir)
    assert [json.loads(x).get("n") for x in lines] == [None, 10, 11, 12, 13, 14]
    assert b[0]["prev"] == leaf_hash(lines[0]).hex()
    log.close()
    assert log.stats.failures == 1
    assert_intact(audit_dir, signer)


def test_a_batch_built_on_a_failing_sync_fails_with_it(
        audit_dir: Path, signer: Signer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pipelining builds batch N+1 while batch N syncs; if N's sync fails, N+1 (chained on
    N's records) must fail too, and the log continues from the last durable record."""
    ref: list[AuditLog] = []
    counter = SyncCounter(ref, delay=0.05)  # still syncing when the second batch is built
    monkeypatch.setattr(segments, "_os_fdatasync", counter)
    real_write = segments._os_write
    slow = {"on": False}

    def slow_write(fd: int, data: Any) -> int:
        if slow["on"] and fd == ref[0]._fd:
            slow["on"] = False
            time.sleep(0.05)  # the second batch queues up meanwhile
        return real_write(fd, data)

    monkeypatch.setattr(segments, "_os_write", slow_write)
    log = open_log(audit_dir, signer, checkpoint_every=10**9, checkpoint_seconds=1e9)
    ref.append(log)
    slow["on"] = True
    counter.fail_next = errno.EIO

    async def scenario() -> tuple[list[Any], list[Any]]:
        first = [asyncio.ensure_future(log.append(decision(i))) for i in range(3)]
        await asyncio.sleep(0.02)
        second = [asyncio.ensure_future(log.append(decision(10 + i))) for i in range(3)]
        return (await asyncio.gather(*first, return_exceptions=True),
                await asyncio.gather(*second, return_exceptions=True))

    a, b = asyncio.run(scenario())
    assert all(isinstance(x, AuditWriteError) for x in a + b), (a, b)
    assert len(all_lines(audit_dir)) == 1
    assert log.append_sync(decision(99))["seq"] == 1
    log.close()
    assert_intact(audit_dir, signer)


def test_failed_rollback_disables_the_log_until_reopen_recovers_it(
        audit_dir: Path, signer: Signer, monkeypatch: pytest.MonkeyPatch) -> None:
    log = open_log(audit_dir, signer)
    log.append_sync(decision(1))
    real_write = segments._os_write

    def half_then_eio(fd: int, data: Any) -> int:
        if fd == log._fd:
            real_write(fd, bytes(data[:25]))
            raise OSError(errno.EIO, "Input/output error")
        return real_write(fd, data)

    def no_truncate(fd: int, size: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(segments, "_os_write", half_then_eio)
    monkeypatch.setattr(segments, "_os_ftruncate", no_truncate)
    with pytest.raises(AuditWriteError):
        log.append_sync(decision(2))
    monkeypatch.undo()
    with pytest.raises(AuditWriteError, match="disabled"):  # never continue after a half record
        log.append_sync(decision(3))
    log.close()
    seg = segments.list_segments(audit_dir)[0]
    assert not seg.read_bytes().endswith(b"\n")  # the half record is still there...

    with open_log(audit_dir, signer) as log2:  # ...until the reopen cuts and records it
        rec = log2.append_sync(decision(4))
    lines = all_lines(audit_dir)
    recovery = json.loads(lines[2])
    assert recovery["type"] == "recovery" and recovery["torn"]["bytes"] == 25
    saved = (audit_dir / recovery["torn"]["saved_as"]).read_bytes()
    assert len(saved) == 25 and saved.startswith(b'{"')  # the half record, kept as evidence
    assert rec["seq"] == 3
    assert_intact(audit_dir, signer)


def test_a_crashed_writer_fails_appends_instead_of_hanging(
        audit_dir: Path, signer: Signer, monkeypatch: pytest.MonkeyPatch) -> None:
    log = open_log(audit_dir, signer)

    def boom(*a: Any, **kw: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(log, "_start_write", boom)
    monkeypatch.setattr(threading, "excepthook", lambda args: None)  # expected thread death
    with pytest.raises(AuditWriteError, match="writer stopped"):
        log.append_sync(decision(1))
    with pytest.raises(AuditWriteError, match="writer stopped"):
        asyncio.run(log.append(decision(2)))
    log.close()


# --- crash recovery ------------------------------------------------------------------------

@pytest.mark.parametrize("garbage", [
    b'{"seq":3,"type":"decis',             # a partial line
    b"\x00" * 300,                          # zero-filled block, no newline
    b'{"seq":3,"ty' + b"\x00" * 64 + b"\n",  # a hole in a block, then a later block's newline
])
def test_torn_tail_is_cut_saved_and_recorded(audit_dir: Path, signer: Signer, garbage: bytes) -> None:
    with open_log(audit_dir, signer) as log:
        log.append_sync(decision(1))
        log.append_sync(decision(2))
    seg = segments.list_segments(audit_dir)[-1]
    clean = seg.read_bytes()
    with open(seg, "ab") as f:
        f.write(garbage)
    with open_log(audit_dir, signer) as log:
        assert log.size == 4  # genesis, 2 records, the recovery record
    lines = all_lines(audit_dir)
    assert b"".join(x + b"\n" for x in lines[:3]) == clean
    recovery = json.loads(lines[3])
    assert recovery["type"] == "recovery" and recovery["seq"] == 3
    torn_copy = audit_dir / recovery["torn"]["saved_as"]
    cut = clean + garbage
    assert torn_copy.read_bytes() == cut[recovery["torn"]["offset"]:]
    assert not torn_copy.name.endswith(".jsonl")
    result = verify_dir(audit_dir, public_key=signer.public_key)
    assert result.ok, result.error
    assert any("recovery" in w for w in result.warnings)


def test_crash_before_the_first_record_is_recovered(audit_dir: Path, signer: Signer) -> None:
    audit_dir.mkdir()
    (audit_dir / segments.segment_name(0)).write_bytes(b'{"fingerprint_key_id":"ab')
    with open_log(audit_dir, signer):
        pass
    lines = [json.loads(x) for x in all_lines(audit_dir)]
    assert [r["type"] for r in lines] == ["genesis", "recovery"]
    assert_intact(audit_dir, signer)


WRITER = r"""
import asyncio, sys
from llm_warden.audit.keys import load_signer
from llm_warden.audit.log import AuditLog

async def main() -> None:
    log = AuditLog(sys.argv[1], load_signer("file:" + sys.argv[2]), fingerprint_key=b"k" * 32,
                   checkpoint_every=50)
    n = 0
    async def worker() -> None:
        nonlocal n
        while True:
            n += 1
            rec = await log.append({"type": "decision", "decision": "permit", "pad": "x" * 400,
                                    "n": n})
            print(rec["seq"], rec["id"], flush=True)
    await asyncio.gather(*(worker() for _ in range(16)))

asyncio.run(main())
"""


def test_kill_9_while_writing_loses_no_acknowledged_record(tmp_path: Path, signer: Signer) -> None:
    from llm_warden.audit.keys import load_signer
    key = tmp_path / "signing.key"
    signer = load_signer(f"file:{key}", create=True)
    audit_dir = tmp_path / "audit"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(audit_dir), str(key)],
                            stdout=subprocess.PIPE, text=True)
    acked: dict[int, str] = {}
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        while len(acked) < 400 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seq, rid = line.split()
            acked[int(seq)] = rid
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # mid-stream: appends are in flight right now
        proc.wait()
    assert len(acked) >= 400, "writer did not get going"
    with open_log(audit_dir, signer):  # recovery, if the kill tore a line
        pass
    on_disk = {r["seq"]: r["id"] for r in map(json.loads, all_lines(audit_dir))}
    missing = {s for s, rid in acked.items() if on_disk.get(s) != rid}
    assert not missing, f"acknowledged records lost: {sorted(missing)[:5]}"
    assert_intact(audit_dir, signer)


# --- reopen, keys, lock --------------------------------------------------------------------

def test_reopen_continues_the_chain(audit_dir: Path, signer: Signer) -> None:
    with open_log(audit_dir, signer) as log:
        log.append_sync(decision(1))
    with open_log(audit_dir, signer) as log:
        rec = log.append_sync(decision(2))
        assert rec["seq"] == 2
    assert_intact(audit_dir, signer)


def test_reopen_resumes_from_the_last_checkpoint_instead_of_rehashing(audit_dir: Path, signer: Signer) -> None:
    with open_log(audit_dir, signer, segment_max_bytes=3000) as log:
        for i in range(30):
            log.append_sync(decision(i))
    with open_log(audit_dir, signer) as log:
        assert log.stats.extra["resumed_records"] == 31  # the close() checkpoint
        log.append_sync(decision(30))
    assert_intact(audit_dir, signer)
    resume = audit_dir / segments.RESUME_FILE
    state = json.loads(resume.read_text())
    state["prev"] = "00" * 32  # a stale or damaged cache is not trusted
    resume.write_text(json.dumps(state))
    with open_log(audit_dir, signer) as log:
        assert log.stats.extra["resumed_records"] == 0
        log.append_sync(decision(31))
    assert_intact(audit_dir, signer)


def test_resume_after_records_beyond_the_last_checkpoint(audit_dir: Path, signer: Signer) -> None:
    log = open_log(audit_dir, signer, checkpoint_every=5, checkpoint_seconds=1e9)
    for i in range(12):
        log.append_sync(decision(i))
    wait_for(lambda: 10 in checkpoint_sizes(audit_dir))
    log._stop_writer()  # a crash: no final checkpoint
    log._release()
    with open_log(audit_dir, signer) as log:
        assert log.stats.extra["resumed_records"] == 10
        assert log.append_sync(decision(12))["seq"] == 13
    assert_intact(audit_dir, signer)


def test_reopen_with_another_key_is_refused(audit_dir: Path, signer: Signer) -> None:
    with open_log(audit_dir, signer) as log:
        log.append_sync(decision(1))
    with pytest.raises(AuditOpenError, match="keys rotate"):
        open_log(audit_dir, Signer.generate())
    with open_log(audit_dir, signer):  # the refusal left the directory usable
        pass


def test_one_writer_per_directory(audit_dir: Path, signer: Signer) -> None:
    log = open_log(audit_dir, signer)
    try:
        with pytest.raises(AuditOpenError, match="in use"):
            open_log(audit_dir, signer)
    finally:
        log.close()
    open_log(audit_dir, signer).close()


def test_key_rotation_record_and_switch(audit_dir: Path, signer: Signer) -> None:
    new = Signer.generate()
    with open_log(audit_dir, signer) as log:
        log.append_sync(decision(1))
        transition = log.rotate_key(new)
        after = log.append_sync(decision(2))
    assert transition["key_id"] == signer.key_id and transition["new_key_id"] == new.key_id
    assert "new_sig" in transition and after["key_id"] == new.key_id
    assert_intact(audit_dir, signer)  # pinned to the first key, follows the transition
    with pytest.raises(AuditOpenError):
        open_log(audit_dir, signer)
    with open_log(audit_dir, new) as log:
        log.append_sync(decision(3))
    assert_intact(audit_dir, signer)


# --- segments and checkpoints --------------------------------------------------------------

def test_segments_rotate_by_size_with_directory_fsync(
        audit_dir: Path, signer: Signer, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []
    real = segments.fsync_dir
    monkeypatch.setattr(segments, "fsync_dir", lambda p: (synced.append(Path(p)), real(p)))
    with open_log(audit_dir, signer, segment_max_bytes=2000) as log:
        for i in range(40):
            log.append_sync(decision(i, pad="y" * 200))
        rotations = log.stats.rotations
    segs = segments.list_segments(audit_dir)
    assert len(segs) > 3 and rotations == len(segs) - 1
    assert synced.count(audit_dir) >= len(segs)  # every new segment's entry was synced
    for seg in segs:  # each named after its first record
        first = json.loads(seg.read_bytes().splitlines()[0])
        assert seg.name == segments.segment_name(first["seq"])
    assert_intact(audit_dir, signer)


def test_finished_segments_keep_only_their_boundary_checkpoint(audit_dir: Path, signer: Signer) -> None:
    with open_log(audit_dir, signer, segment_max_bytes=2500, checkpoint_every=2) as log:
        for i in range(60):
            log.append_sync(decision(i, pad="z" * 100))
    firsts = [segments.segment_first_seq(p) for p in segments.list_segments(audit_dir)]
    assert len(firsts) > 4
    sizes = checkpoint_sizes(audit_dir)
    assert {f for f in firsts if f} <= set(sizes)  # every boundary is sealed by a checkpoint
    inside_finished = [s for s in sizes if s < firsts[-1] and s not in firsts]
    assert inside_finished == []
    assert sizes[-1] == 61
    result = verify_dir(audit_dir, public_key=signer.public_key)
    assert result.ok and result.checkpoints == len(sizes) + 1  # + latest.checkpoint


def test_segments_rotate_by_time(audit_dir: Path, signer: Signer) -> None:
    with open_log(audit_dir, signer, segment_max_seconds=0.05) as log:
        log.append_sync(decision(1))
        time.sleep(0.1)
        log.append_sync(decision(2))
    assert len(segments.list_segments(audit_dir)) == 2
    assert_intact(audit_dir, signer)


def wait_for(cond: Any, timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError("condition not reached")
        time.sleep(0.01)


def checkpoint_sizes(directory: Path) -> list[int]:
    return sorted(int(p.stem) for p in (directory / "checkpoints").glob("*.checkpoint"))


def test_checkpoints_every_n_records_every_t_seconds_and_on_close(audit_dir: Path, signer: Signer) -> None:
    log = open_log(audit_dir, signer, checkpoint_every=10, checkpoint_seconds=0.2)
    for i in range(24):
        log.append_sync(decision(i))
    wait_for(lambda: 20 in checkpoint_sizes(audit_dir))
    assert 10 in checkpoint_sizes(audit_dir)
    wait_for(lambda: 25 in checkpoint_sizes(audit_dir), timeout=3)  # the time-based one
    log.append_sync(decision(99))
    log.close()  # the final one
    assert checkpoint_sizes(audit_dir)[-1] == 26
    tree = MerkleTree(leaf_hash(x) for x in all_lines(audit_dir))
    for size in checkpoint_sizes(audit_dir):
        note = (audit_dir / "checkpoints" / f"{size:012d}.checkpoint").read_text()
        cp, _ = open_checkpoint(note, [signer.public_key])
        assert cp.origin == "llm-warden" and cp.root == tree.root(size)
    assert (audit_dir / "latest.checkpoint").read_text() == \
        (audit_dir / "checkpoints" / f"{26:012d}.checkpoint").read_text()


# --- fingerprints and what never reaches the disk ------------------------------------------

def test_fingerprint_is_keyed_and_its_secret_lives_outside_the_directory(tmp_path: Path, signer: Signer) -> None:
    log = AuditLog(tmp_path / "audit", signer)
    try:
        fp = log.fingerprint("alice@example.com")
        assert fp.startswith("hmac-sha256:") and len(fp) == len("hmac-sha256:") + 32
        assert fp == log.fingerprint("alice@example.com") != log.fingerprint("bob@example.com")
    finally:
        log.close()
    secret = tmp_path / "fingerprint.key"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and len(secret.read_bytes()) == 32
    with open_log(tmp_path / "other", signer) as other:  # another secret, another fingerprint
        assert other.fingerprint("alice@example.com") != fp
    genesis = json.loads(all_lines(tmp_path / "audit")[0])
    assert genesis["fingerprint_key_id"] and secret.read_bytes().hex() not in json.dumps(genesis)


RAW_VALUES = [
    "alice.smith@example.com", "+1 415 555 0132", "4111 1111 1111 1111", "DE89370400440532013000",
    "123-45-6789", "sk-proj-Abc123SecretKeyValue987654321", "AKIAIOSFODNN7EXAMPLE",
    "hunter2-proxy-password", "-----BEGIN PRIVATE KEY-----MIIEvQ",
]


def test_no_raw_value_passed_to_fingerprint_reaches_the_directory(tmp_path: Path, signer: Signer) -> None:
    from llm_warden.audit.sealed import seal
    from nacl.public import PrivateKey
    auditor = PrivateKey.generate()
    audit_dir = tmp_path / "audit"
    with AuditLog(audit_dir, signer, checkpoint_every=3) as log:
        for i, value in enumerate(RAW_VALUES):
            body = json.dumps({"messages": [{"role": "user", "content": f"my value is {value}"}]})
            log.append_sync({
                "type": "decision", "decision": "redact", "reason": "PII found",
                "identity": {"user": "alice", "key_fingerprint": log.fingerprint(RAW_VALUES[5])},
                "findings": [{"type": "SECRET", "pointer": "/messages/0/content",
                              "span": [12, 12 + len(value)], "fingerprint": log.fingerprint(value)}],
                "sealed_request": seal(body.encode(), bytes(auditor.public_key)),
            })
    blobs = [p.read_bytes() for p in audit_dir.rglob("*") if p.is_file()]
    assert len(blobs) > 5
    for value in RAW_VALUES:
        for form in {value, value.replace(" ", ""), json.dumps(value)[1:-1]}:
            assert not any(form.encode() in b for b in blobs), f"{value!r} leaked"


# --- a random life of a log ----------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

OPS = st.lists(st.sampled_from(["append", "burst", "enospc", "eio", "reopen", "torn", "rotate_key",
                                "rotate_segment"]), min_size=3, max_size=12)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_of_appends_failures_crashes_and_rotations_verifies(
        tmp_path_factory: pytest.TempPathFactory, ops: list[str]) -> None:
    d = tmp_path_factory.mktemp("life") / "audit"
    first = signer = Signer.generate()
    log = open_log(d, signer, checkpoint_every=3, segment_max_bytes=4000)
    acked: list[str] = []
    real_write, real_sync = segments._os_write, segments._os_fdatasync
    try:
        for op in ops:
            if op == "append":
                acked.append(log.append_sync(decision(len(acked)))["id"])
            elif op == "burst":
                async def burst() -> list[dict[str, Any]]:
                    return await asyncio.gather(*(log.append(decision(i)) for i in range(7)))
                acked += [r["id"] for r in asyncio.run(burst())]
            elif op in ("enospc", "eio"):
                calls = {"n": 0}
                current = log

                def failing_write(fd: int, data: Any) -> int:
                    if fd != current._fd:  # checkpoint files
                        return real_write(fd, data)
                    real_write(fd, bytes(data[:7]))
                    raise OSError(errno.ENOSPC, "full")

                def failing_sync(fd: int) -> None:  # the record's sync fails, the rollback's not
                    if fd == current._fd:
                        calls["n"] += 1
                        if calls["n"] == 1:
                            raise OSError(errno.EIO, "io")
                    real_sync(fd)

                if op == "enospc":
                    segments._os_write = failing_write
                else:
                    segments._os_fdatasync = failing_sync
                try:
                    with pytest.raises(AuditWriteError):
                        log.append_sync(decision(-1))
                finally:
                    segments._os_write, segments._os_fdatasync = real_write, real_sync
            elif op == "reopen":
                log.close()
                log = open_log(d, signer, checkpoint_every=3, segment_max_bytes=4000)
            elif op == "torn":
                log._stop_writer()
                log._release()
                with open(segments.list_segments(d)[-1], "ab") as f:
                    f.write(b'{"seq": 99, "half')
                log = open_log(d, signer, checkpoint_every=3, segment_max_bytes=4000)
            elif op == "rotate_key":
                new = Signer.generate()
                log.rotate_key(new)
                signer = new
            elif op == "rotate_segment":
                log.append_sync(decision(0, pad="p" * 4000))
    finally:
        log.close()
    result = verify_dir(d, public_key=first.public_key)
    assert result.ok, (ops, result.error)
    on_disk = {json.loads(x)["id"] for x in all_lines(d)}
    assert set(acked) <= on_disk
