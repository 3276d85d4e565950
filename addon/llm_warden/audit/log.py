"""The durable, signed, hash-chained audit log with group commit.

Contract the gateway relies on: when ``await log.append(body)`` returns, the signed record is on
disk (written and ``fdatasync``'d); when it raises :class:`AuditWriteError`, the request must not
be forwarded. That makes the log's latency part of every request, hence group commit:

* Records are built, chained and signed under a lock, in sequence order, and added to the *open
  batch*. Building is cheap (~50 µs); only the sync is slow.
* One writer thread takes the whole open batch, writes it with one ``write`` and makes it durable
  with one ``fdatasync``, then wakes every appender in it. While it syncs, the next batch fills.
* ``append`` (async) does not wake the writer itself; it schedules one wake-up at the end of the
  current event-loop iteration, so all appends started in the same iteration share a sync even
  when the writer is idle. ``append_sync`` wakes it at once.

Failure handling: if a write or sync fails, the writer truncates the segment back to the last
durable offset, syncs, resets the chain state to the last durable record and fails the batch and
every record chained after it (they reference records that are not on disk). The log then accepts
new appends again (disk space may come back). If even the rollback fails, the log is *broken*:
every later append fails until the process reopens it, and the reopen's torn-tail recovery cuts
and records whatever half record was left. Either way the log never continues after a half record.

Files: ``seg-*.jsonl`` segments (rotated by size/time, directory fsync'd), ``checkpoints/`` and
``latest.checkpoint`` (signed C2SP checkpoints every ``checkpoint_every`` records and every
``checkpoint_seconds``, and on close), ``torn/`` (recovered crash leftovers), ``.lock`` (one
writer per directory). The fingerprint secret is *not* in the audit directory, so handing the
directory to an auditor does not let them brute-force fingerprints of short values (phone
numbers, card numbers): by default it is ``<directory>/../fingerprint.key`` (32 random bytes,
0600, created on first use), or pass ``fingerprint_key``.
"""

from __future__ import annotations

import asyncio
import errno as errno_mod
import fcntl
import hashlib
import hmac
import json
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uuid6

from . import segments
from .checkpoint import Checkpoint, parse_checkpoint_unverified, sign_checkpoint
from .keys import Signer, load_secret_file
from .merkle import CompactRange
from .record import (DOMAIN_TRANSITION, FORMAT, GENESIS_PREV, b64, canonical, check_body,
                     leaf_hash, parse_ts, seal_line, utc_now)

MiB = 1024 * 1024
FINGERPRINT_PREFIX = "hmac-sha256:"
FINGERPRINT_HEX = 32  # 128 bits: enough to correlate, useless to recover the value


class AuditLogError(Exception):
    """Base class of audit log errors."""


class AuditWriteError(AuditLogError, OSError):
    """A record could not be made durable: the request it describes must not be forwarded."""


class AuditOpenError(AuditLogError):
    """The audit directory cannot be opened for writing (in use, inconsistent, wrong key)."""


@dataclass
class _State:
    """Chain state after some record: next seq, its hash, the tree, the key signing next."""

    size: int
    prev: bytes
    tree: CompactRange
    signer: Signer

    def copy(self) -> _State:
        return _State(self.size, self.prev, self.tree.copy(), self.signer)


def _settle(futures: list[asyncio.Future[None]], error: BaseException | None) -> None:
    for fut in futures:
        if fut.done():  # the awaiting task was cancelled; its record is written regardless
            continue
        if error is None:
            fut.set_result(None)
        else:
            fut.set_exception(_copy_error(error))


def _copy_error(error: BaseException) -> BaseException:
    """A fresh exception per waiter, so tracebacks of concurrent waiters do not pile up."""
    if isinstance(error, AuditWriteError):
        copy = AuditWriteError(*error.args)
        copy.errno = error.errno
        copy.__cause__ = error.__cause__
        return copy
    return error


class _Batch:
    """Records that will be written and synced together, and who waits for them."""

    __slots__ = ("lines", "count", "done", "error", "waiters")

    def __init__(self) -> None:
        self.lines: list[bytes] = []
        self.count = 0
        self.done = threading.Event()
        self.error: BaseException | None = None
        self.waiters: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}

    def finish(self, error: BaseException | None) -> None:
        self.error = error
        self.done.set()
        for loop, futures in self.waiters.items():
            try:
                loop.call_soon_threadsafe(_settle, futures, error)
            except RuntimeError:  # that loop is closed; nobody is waiting any more
                pass

    def wait(self) -> None:
        self.done.wait()
        if self.error is not None:
            raise _copy_error(self.error)


@dataclass
class Stats:
    """Counters for tests, benchmarks and health checks."""

    records: int = 0
    batches: int = 0
    fsyncs: int = 0
    failures: int = 0
    checkpoints: int = 0
    checkpoint_failures: int = 0
    rotations: int = 0
    largest_batch: int = 0
    last_error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class AuditLog:
    """Append-only, signed, hash-chained, Merkle-checkpointed record log in ``directory``."""

    def __init__(self, directory: str | Path, signer: Signer, *,
                 fingerprint_key: bytes | None = None, origin: str = "llm-warden",
                 segment_max_bytes: int = 64 * MiB, segment_max_seconds: float = 86400.0,
                 checkpoint_every: int = 1000, checkpoint_seconds: float = 60.0) -> None:
        if not origin or any(c.isspace() for c in origin) or "+" in origin:
            raise ValueError(f"origin {origin!r} must be non-empty, without spaces or '+'")
        self.directory = Path(directory).expanduser()
        self.origin = origin
        self.segment_max_bytes = segment_max_bytes
        self.segment_max_seconds = segment_max_seconds
        self.checkpoint_every = max(1, checkpoint_every)
        self.checkpoint_seconds = checkpoint_seconds
        self.stats = Stats()

        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._batch = _Batch()
        self._kicked = False
        self._kick_loops: set[asyncio.AbstractEventLoop] = set()
        self._closing = False
        self._closed = False
        self._broken: AuditWriteError | None = None
        self._fd: int | None = None
        self._lock_fd: int | None = None
        self._thread: threading.Thread | None = None
        self._inflight: _Batch | None = None
        self._batch_since = 0.0
        self._ckpt_lock = threading.Lock()
        self._ckpt_retry_at = 0.0

        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._acquire_dir_lock()
        try:
            self._fingerprint_key = self._load_fingerprint_key(fingerprint_key)
            self._open(signer)
        except BaseException:
            self._stop_writer()
            self._release()
            raise

    # --- opening ---------------------------------------------------------------------------

    def _acquire_dir_lock(self) -> None:
        fd = os.open(self.directory / segments.LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AuditOpenError(f"audit directory {self.directory} is in use by another "
                                 "llm-warden process (only one writer per directory)") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._lock_fd = fd

    def _load_fingerprint_key(self, key: bytes | None) -> bytes:
        if key is not None:
            if len(key) < 16:
                raise ValueError("fingerprint_key must be at least 16 bytes")
            return key
        path = self.directory.absolute().parent / "fingerprint.key"
        return load_secret_file(path, create=True, what="fingerprint key")

    def _open(self, signer: Signer) -> None:
        for tmp in self.directory.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        (self.directory / segments.CHECKPOINT_DIR).mkdir(exist_ok=True)
        for tmp in (self.directory / segments.CHECKPOINT_DIR).glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        found = segments.scan(self.directory)
        prev = bytes(32)
        if found.last_line is not None:
            prev = leaf_hash(found.last_line)
            self._check_continuation(found.last_line, found.count, signer)
        self._state = _State(found.count, prev, found.tree, signer)
        self._durable = self._state.copy()

        if found.last_segment is None:
            self._open_segment(self.directory / segments.segment_name(0))
        else:
            self._open_segment(found.last_segment)
            self._seg_started = self._segment_start_time(found.first_line_of_last_segment)
        self._ckpt_size, self._ckpt_time = self._latest_checkpoint_size(), time.monotonic()

        self._thread = threading.Thread(target=self._run, name="llm-warden-audit-writer",
                                        daemon=True)
        self._thread.start()
        if found.count == 0:
            self.append_sync({
                "type": "genesis", "format": FORMAT, "origin": self.origin,
                "public_key": signer.verify_key_b64,
                "note_verifier_key": signer.note_verifier_key(self.origin),
                "fingerprint_key_id": self._fingerprint_key_id(),
            })
        if found.torn is not None:
            self.append_sync({"type": "recovery",
                              "reason": "torn tail of the last segment cut after a crash",
                              "torn": found.torn.to_json()})

    def _check_continuation(self, last_line: bytes, count: int, signer: Signer) -> None:
        """Cheap checks that appending to this log makes sense (full checks: ``audit verify``)."""
        try:
            last = json.loads(last_line)
        except ValueError:
            last = None
        if not isinstance(last, dict) or last.get("seq") != count - 1:
            raise AuditOpenError(
                f"audit log in {self.directory} is inconsistent: {count} records on disk but the "
                f"last one says seq {last.get('seq') if isinstance(last, dict) else '?'}. Run "
                "`llm-warden audit verify` and move the directory aside before writing to it.")
        current = last.get("new_key_id") if last.get("type") == "key_transition" else last.get("key_id")
        if current != signer.key_id:
            raise AuditOpenError(
                f"audit log in {self.directory} is signed with key {current}, but the configured "
                f"signing key is {signer.key_id}. Use the key this log was written with, rotate "
                "with `llm-warden keys rotate`, or start a new audit directory.")

    def _segment_start_time(self, first_line: bytes | None) -> float:
        if first_line:
            try:
                return parse_ts(json.loads(first_line)["ts"]).timestamp()
            except (ValueError, KeyError, TypeError):
                pass
        return time.time()

    def _latest_checkpoint_size(self) -> int:
        try:
            note = (self.directory / segments.LATEST_CHECKPOINT).read_text()
            return parse_checkpoint_unverified(note).size
        except (OSError, ValueError):
            return 0

    def _open_segment(self, path: Path) -> None:
        """Open (creating if needed) the segment to append to; its directory entry is synced."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.fsync(fd)
            segments.fsync_dir(self.directory)
        except OSError:
            os.close(fd)
            raise
        if self._fd is not None:
            os.close(self._fd)
        self._fd = fd
        self._segment = path
        self._offset = os.fstat(fd).st_size
        self._seg_started = time.time()

    def _fingerprint_key_id(self) -> str:
        return hashlib.sha256(b"llm-warden/fingerprint-key-id\n" + self._fingerprint_key).hexdigest()[:16]

    # --- public API ------------------------------------------------------------------------

    def fingerprint(self, value: str | bytes) -> str:
        """Keyed fingerprint of a sensitive value: correlates occurrences, never reveals it."""
        data = value.encode("utf-8") if isinstance(value, str) else value
        mac = hmac.new(self._fingerprint_key, data, hashlib.sha256).hexdigest()
        return FINGERPRINT_PREFIX + mac[:FINGERPRINT_HEX]

    async def append(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Sign, chain and durably write one record; returns the full record.

        Returns only after the record is fdatasync'd. Raises :class:`AuditWriteError` when it
        could not be. If the awaiting task is cancelled the record is still written.
        """
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        record = self._enqueue(body, waiter=(loop, fut))
        with self._lock:
            if loop not in self._kick_loops:
                self._kick_loops.add(loop)
                loop.call_soon(self._kick, loop)
        await fut
        return record

    def append_sync(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Blocking :meth:`append` for callers without an event loop."""
        batch, record = self._enqueue_sync(body)
        batch.wait()
        return record

    def rotate_key(self, new_signer: Signer, *, reason: str = "rotation") -> dict[str, Any]:
        """Write a key-transition record signed by the current and the new key, then switch.

        A verifier pinned to the first key follows the chain: the old key vouches for the new
        one, and the new key's own signature proves it was held by whoever wrote the record.
        """
        with self._lock:
            old = self._state.signer
        if new_signer.key_id == old.key_id:
            raise ValueError("the new key is the current key")
        body = {"type": "key_transition", "reason": reason,
                "old_key_id": old.key_id, "old_public_key": old.verify_key_b64,
                "new_key_id": new_signer.key_id, "new_public_key": new_signer.verify_key_b64,
                "note_verifier_key": new_signer.note_verifier_key(self.origin)}
        batch, record = self._enqueue_sync(body, transition_to=new_signer)
        batch.wait()
        return record

    @property
    def size(self) -> int:
        """Number of durable records."""
        with self._lock:
            return self._durable.size

    @property
    def key_id(self) -> str:
        with self._lock:
            return self._state.signer.key_id

    def root(self) -> bytes:
        """Merkle root over the durable records."""
        with self._lock:
            return self._durable.tree.root()

    def checkpoint(self) -> str:
        """Write a signed checkpoint of the durable records now; returns the note."""
        self.flush()
        return self._write_checkpoint()

    def flush(self) -> None:
        """Wait until every record appended so far is durable (errors are the appenders')."""
        with self._lock:
            waits = [b for b in (self._inflight, self._batch) if b is not None and b.count]
            self._kicked = True
            self._cond.notify()
        for b in waits:
            b.done.wait()

    def close(self) -> None:
        """Flush, write a final checkpoint, release the directory. Idempotent."""
        with self._lock:
            if self._closed:
                return
        self._stop_writer()
        try:
            if self._broken is None and self._durable.size > 0:
                try:
                    self._write_checkpoint()
                except OSError as e:
                    raise AuditWriteError(f"could not write the final checkpoint: {e}") from e
        finally:
            self._release()

    def _stop_writer(self) -> None:
        with self._lock:
            self._closed = self._closing = True
            self._cond.notify()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    async def aclose(self) -> None:
        await asyncio.to_thread(self.close)

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- building records ------------------------------------------------------------------

    def _enqueue_sync(self, body: Mapping[str, Any], *,
                      transition_to: Signer | None = None) -> tuple[_Batch, dict[str, Any]]:
        with self._lock:
            batch, record = self._build(body, transition_to)
            self._kicked = True
            self._cond.notify()
        return batch, record

    def _enqueue(self, body: Mapping[str, Any], *,
                 waiter: tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]) -> dict[str, Any]:
        with self._lock:
            batch, record = self._build(body, None)
            loop, fut = waiter
            batch.waiters.setdefault(loop, []).append(fut)
        return record

    def _build(self, body: Mapping[str, Any], transition_to: Signer | None) -> tuple[_Batch, dict[str, Any]]:
        """Turn a body into the next record and put it in the open batch (lock held)."""
        if self._broken is not None:
            raise _copy_error(self._broken)
        if self._closed:
            raise AuditWriteError("audit log is closed")
        record = check_body(body)
        st = self._state
        record["seq"] = st.size
        record["id"] = str(uuid6.uuid7())
        record["ts"] = utc_now()
        record["prev"] = st.prev.hex() if st.size else GENESIS_PREV  # == zeros, spelled out
        record["key_id"] = st.signer.key_id
        if transition_to is not None:
            proof = transition_to.sign(DOMAIN_TRANSITION + canonical(record))
            record["new_sig"] = b64(proof)
        line, sig = seal_line(record, st.signer.sign)  # raises before any state changes
        record["sig"] = sig
        h = leaf_hash(line)
        st.size += 1
        st.prev = h
        st.tree.append(h)
        if transition_to is not None:
            st.signer = transition_to
        batch = self._batch
        if not batch.lines:
            self._batch_since = time.monotonic()
        batch.lines.append(line + b"\n")
        batch.count += 1
        return batch, record

    def _kick(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            self._kick_loops.discard(loop)
            self._kicked = True
            self._cond.notify()

    # --- the writer thread -----------------------------------------------------------------

    #: An async append's wake-up normally arrives at the end of its loop iteration; if that loop
    #: stalls or closes first, the writer takes the batch anyway after this long.
    UNKICKED_BATCH_SECONDS = 0.02

    def _batch_ready(self) -> bool:
        if not self._batch.lines:
            return False
        return (self._kicked or self._closing
                or time.monotonic() - self._batch_since >= self.UNKICKED_BATCH_SECONDS)

    def _wait_timeout(self) -> float | None:
        timeout = self._checkpoint_wait()
        if self._batch.lines:
            left = self._batch_since + self.UNKICKED_BATCH_SECONDS - time.monotonic()
            timeout = left if timeout is None else min(timeout, left)
        return None if timeout is None else max(0.0, timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not (self._batch_ready() or self._closing or self._checkpoint_due()):
                    self._cond.wait(self._wait_timeout())
                batch: _Batch | None = None
                after: _State | None = None
                if self._batch_ready():
                    batch, after = self._batch, self._state.copy()
                    self._batch = _Batch()
                    self._kicked = False
                    self._inflight = batch
                stop = self._closing and batch is None and not self._batch.lines
            if batch is not None and after is not None:
                self._commit(batch, after)
                with self._lock:
                    self._inflight = None
            if self._broken is None and self._checkpoint_due():
                try:
                    self._write_checkpoint()
                except OSError as e:  # the records stay durable; retry a little later
                    self.stats.checkpoint_failures += 1
                    self.stats.last_error = f"checkpoint: {e}"
                    self._ckpt_retry_at = time.monotonic() + min(self.checkpoint_seconds, 5.0)
            if stop:
                return

    def _commit(self, batch: _Batch, after: _State) -> None:
        data = b"".join(batch.lines)
        try:
            if self._fd is None:
                raise OSError(errno_mod.EBADF, "no open segment")
            if self._should_rotate():
                self._rotate(after.size - batch.count)
            segments.write_all(self._fd, data)
            segments._os_fdatasync(self._fd)
        except OSError as e:
            self._fail(batch, e)
            return
        self._offset += len(data)
        with self._lock:
            self._durable = after
        s = self.stats
        s.records += batch.count
        s.batches += 1
        s.fsyncs += 1
        s.largest_batch = max(s.largest_batch, batch.count)
        batch.finish(None)

    def _should_rotate(self) -> bool:
        if self._offset == 0:
            return False
        return (self._offset >= self.segment_max_bytes
                or time.time() - self._seg_started >= self.segment_max_seconds)

    def _rotate(self, first_seq: int) -> None:
        self._open_segment(self.directory / segments.segment_name(first_seq))
        self.stats.rotations += 1

    def _fail(self, batch: _Batch, cause: OSError) -> None:
        name = errno_mod.errorcode.get(cause.errno or 0, "error")
        err = AuditWriteError(f"audit log write failed ({name}): {cause.strerror or cause}")
        err.errno = cause.errno
        err.__cause__ = cause
        with self._lock:
            chained = self._batch  # built on top of the failed records: cannot be kept either
            self._batch = _Batch()
            self._state = self._durable.copy()
            self.stats.failures += 1
            self.stats.last_error = str(err)
            try:
                if self._fd is None:
                    raise OSError(errno_mod.EBADF, "no open segment")
                segments._os_ftruncate(self._fd, self._offset)
                segments._os_fdatasync(self._fd)
            except OSError as e:
                broken = AuditWriteError(
                    f"audit log disabled: a write failed ({name}) and rolling back failed too "
                    f"({e.strerror or e}); restart to recover the log")
                broken.errno = cause.errno
                broken.__cause__ = e
                self._broken = broken
        batch.finish(err)
        if chained.lines:
            chained.finish(err)

    # --- checkpoints -----------------------------------------------------------------------

    def _checkpoint_due(self) -> bool:
        grown = self._durable.size - self._ckpt_size
        if grown <= 0 or time.monotonic() < self._ckpt_retry_at:
            return False
        return (grown >= self.checkpoint_every
                or time.monotonic() - self._ckpt_time >= self.checkpoint_seconds)

    def _checkpoint_wait(self) -> float | None:
        if self._durable.size <= self._ckpt_size:
            return None
        due = max(self._ckpt_time + self.checkpoint_seconds, self._ckpt_retry_at)
        if self._durable.size - self._ckpt_size >= self.checkpoint_every:
            due = self._ckpt_retry_at
        return max(0.0, due - time.monotonic())

    def _write_checkpoint(self) -> str:
        with self._ckpt_lock:
            return self._write_checkpoint_locked()

    def _write_checkpoint_locked(self) -> str:
        with self._lock:
            st = self._durable.copy()
        note = sign_checkpoint(Checkpoint(self.origin, st.size, st.tree.root()),
                               st.signer.public_key, st.signer.sign)
        data = note.encode("utf-8")
        ckdir = self.directory / segments.CHECKPOINT_DIR
        segments.atomic_write(ckdir / f"{st.size:012d}.checkpoint", data)
        segments.atomic_write(self.directory / segments.LATEST_CHECKPOINT, data)
        self._ckpt_size, self._ckpt_time = st.size, time.monotonic()
        self.stats.checkpoints += 1
        return note

    # --- teardown --------------------------------------------------------------------------

    def _release(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            finally:
                self._fd = None
        if self._lock_fd is not None:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                os.close(self._lock_fd)
            finally:
                self._lock_fd = None
