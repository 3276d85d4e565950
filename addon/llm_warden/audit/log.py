"""The durable, signed, hash-chained audit log with group commit.

Contract the gateway relies on: when ``await log.append(body)`` returns, the signed record is on
disk (written and ``fdatasync``'d); when it raises :class:`AuditWriteError`, the request must not
be forwarded. That makes the log's latency part of every request, hence group commit:

* ``append`` only queues the body (a cheap check, no serialisation) in the *open batch*.
* One writer thread takes the whole open batch and, for each body in order, assigns ``seq``,
  ``id``, ``ts``, ``prev`` and ``key_id``, canonicalises and signs it; it writes the batch with
  one ``write``, makes it durable with one ``fdatasync``, and then wakes every appender with its
  record. While it works, the next batch fills. Doing the ~90 µs of canonicalisation and
  signing on the writer keeps it off the proxy's event loop, and the chain state has a single
  owner, so no lock is held while signing.
* ``append`` (async) does not wake the writer itself; it schedules one wake-up at the end of the
  current event-loop iteration, so all appends started in the same iteration share a sync even
  when the writer is idle. ``append_sync`` wakes it at once.

Failure handling: if a write or sync fails, the writer truncates the segment back to the last
durable offset, syncs, resets the chain state to the last durable record and fails every
append of the batch. Nothing later was built on the failed records (the next batch is built
after the reset), so the log simply continues once the disk accepts writes again. If even the
rollback fails, the log is *broken*: every later append fails until the process reopens it, and
the reopen's torn-tail recovery cuts and records whatever half record was left. Either way the
log never continues after a half record. A body that cannot be serialised fails only its own
append (:class:`~.record.RecordError`) and takes no sequence number.

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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uuid6

from . import segments
from .checkpoint import Checkpoint, parse_checkpoint_unverified, sign_checkpoint
from .keys import Signer, load_secret_file
from .merkle import CompactRange
from .record import (DOMAIN_TRANSITION, FORMAT, GENESIS_PREV, RecordError, b64, canonical,
                     check_body, leaf_hash, parse_ts, seal_line, utc_now)

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


def _copy_error(error: BaseException) -> BaseException:
    """A fresh exception per waiter, so tracebacks of concurrent waiters do not pile up."""
    if isinstance(error, AuditWriteError):
        copy = AuditWriteError(*error.args)
        copy.errno = error.errno
        copy.__cause__ = error.__cause__
        return copy
    return error


class _Entry:
    """One queued append: the body, and (after the writer ran) its record or error."""

    __slots__ = ("body", "transition_to", "record", "error", "future")

    def __init__(self, body: dict[str, Any], transition_to: Signer | None = None,
                 future: asyncio.Future[dict[str, Any]] | None = None) -> None:
        self.body = body
        self.transition_to = transition_to
        self.record: dict[str, Any] | None = None
        self.error: BaseException | None = None
        self.future = future


def _settle(entries: list[_Entry]) -> None:
    """Resolve the futures of one event loop's entries (runs on that loop)."""
    for e in entries:
        fut = e.future
        if fut is None or fut.done():  # cancelled while waiting: its record is written anyway
            continue
        if e.error is not None:
            fut.set_exception(_copy_error(e.error))
        else:
            fut.set_result(e.record)  # type: ignore[arg-type]


@dataclass
class _Pending:
    """A batch written to the segment whose fdatasync is running."""

    batch: _Batch
    built: list[_Entry]
    future: Future[None]
    end_offset: int
    after: _State


class _Batch:
    """Appends that will be built, written and synced together."""

    __slots__ = ("entries", "done", "loops")

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.done = threading.Event()
        self.loops: dict[asyncio.AbstractEventLoop, list[_Entry]] = {}

    def finish(self) -> None:
        self.done.set()
        for loop, entries in self.loops.items():
            try:
                loop.call_soon_threadsafe(_settle, entries)
            except RuntimeError:  # that loop is closed; nobody is waiting any more
                pass


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
        self._inflight: list[_Batch] = []  # taken by the writer, not yet finished
        self._syncer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llm-warden-audit-sync")
        self._batch_since = 0.0
        self._ckpt_lock = threading.Lock()
        self._ckpt_retry_at = 0.0

        segments.make_dir(self.directory)
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
        segments.make_dir(self.directory / segments.CHECKPOINT_DIR, 0o755)
        for tmp in (self.directory / segments.CHECKPOINT_DIR).glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        found = segments.scan(self.directory)
        prev = bytes(32)
        if found.last_line is not None:
            prev = leaf_hash(found.last_line)
            self._check_continuation(found.last_line, found.count, signer)
        self._chain = _State(found.count, prev, found.tree, signer)  # the writer thread's
        self._durable = self._chain.copy()

        if found.last_segment is None:
            self._open_segment(self.directory / segments.segment_name(0))
        else:
            self._open_segment(found.last_segment)
            self._seg_started = self._segment_start_time(found.first_line_of_last_segment)
        self._durable_pos = (self._segment, self._offset)
        self._ckpt_size, self._ckpt_time = self._latest_checkpoint_size(), time.monotonic()
        self.stats.extra["resumed_records"] = found.resumed_at

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
        could not be, :class:`~.record.RecordError` when the body is not a valid record. If the
        awaiting task is cancelled the record is still written. Do not mutate the body until
        this returns.
        """
        loop = asyncio.get_running_loop()
        entry = _Entry(check_body(body), future=loop.create_future())
        with self._lock:
            self._queue(entry, loop)
            if loop not in self._kick_loops:
                self._kick_loops.add(loop)
                loop.call_soon(self._kick, loop)
        assert entry.future is not None
        return await entry.future

    def append_sync(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Blocking :meth:`append` for callers without an event loop."""
        return self._append_blocking(_Entry(check_body(body)))

    def rotate_key(self, new_signer: Signer, *, reason: str = "rotation") -> dict[str, Any]:
        """Write a key-transition record signed by the current and the new key, then switch.

        A verifier pinned to the first key follows the chain: the old key vouches for the new
        one, and the new key's own signature proves it was held by whoever wrote the record.
        """
        body = {"type": "key_transition", "reason": reason, "new_key_id": new_signer.key_id,
                "new_public_key": new_signer.verify_key_b64,
                "note_verifier_key": new_signer.note_verifier_key(self.origin)}
        return self._append_blocking(_Entry(body, transition_to=new_signer))

    def _append_blocking(self, entry: _Entry) -> dict[str, Any]:
        with self._lock:
            batch = self._queue(entry, None)
            self._kicked = True
            self._cond.notify()
        batch.done.wait()
        if entry.error is not None:
            raise _copy_error(entry.error)
        assert entry.record is not None
        return entry.record

    def _queue(self, entry: _Entry, loop: asyncio.AbstractEventLoop | None) -> _Batch:
        """Add an entry to the open batch (lock held)."""
        if self._broken is not None:
            raise _copy_error(self._broken)
        if self._closed:
            raise AuditWriteError("audit log is closed")
        batch = self._batch
        if not batch.entries:
            self._batch_since = time.monotonic()
            self._cond.notify()  # an idle writer re-arms its UNKICKED_BATCH_SECONDS timer
        batch.entries.append(entry)
        if loop is not None:
            batch.loops.setdefault(loop, []).append(entry)
        return batch

    @property
    def size(self) -> int:
        """Number of durable records."""
        with self._lock:
            return self._durable.size

    @property
    def key_id(self) -> str:
        """Id of the key that signs the next record."""
        with self._lock:
            return self._durable.signer.key_id

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
            waits = [b for b in [*self._inflight, self._batch] if b.entries]
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
        self._syncer.shutdown(wait=True)

    async def aclose(self) -> None:
        await asyncio.to_thread(self.close)

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- building records (writer thread) ---------------------------------------------------

    def _build(self, st: _State, entry: _Entry) -> bytes:
        """Turn a queued body into the next record on ``st``; returns its line."""
        record = entry.body
        new = entry.transition_to
        if new is not None:
            if new.key_id == st.signer.key_id:
                raise RecordError("the new key is the current key")
            record["old_key_id"] = st.signer.key_id
            record["old_public_key"] = st.signer.verify_key_b64
        record["seq"] = st.size
        record["id"] = str(uuid6.uuid7())
        record["ts"] = utc_now()
        record["prev"] = st.prev.hex() if st.size else GENESIS_PREV  # == zeros, spelled out
        record["key_id"] = st.signer.key_id
        if new is not None:
            record["new_sig"] = b64(new.sign(DOMAIN_TRANSITION + canonical(record)))
        line, sig = seal_line(record, st.signer.sign)  # raises before any state changes
        record["sig"] = sig
        h = leaf_hash(line)
        st.size += 1
        st.prev = h
        st.tree.append(h)
        if new is not None:
            st.signer = new
        entry.record = record
        return line + b"\n"

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
        if not self._batch.entries:
            return False
        return (self._kicked or self._closing
                or time.monotonic() - self._batch_since >= self.UNKICKED_BATCH_SECONDS)

    def _wait_timeout(self) -> float | None:
        timeout = self._checkpoint_wait()
        if self._batch.entries:
            left = self._batch_since + self.UNKICKED_BATCH_SECONDS - time.monotonic()
            timeout = left if timeout is None else min(timeout, left)
        return None if timeout is None else max(0.0, timeout)

    def _run(self) -> None:
        """The writer thread. If it ever dies of a bug, the log fails closed, loudly."""
        try:
            self._run_loop()
        except BaseException as e:
            crashed = AuditWriteError(f"audit log writer stopped unexpectedly: {e!r}")
            crashed.__cause__ = e
            with self._lock:
                self._broken = crashed
                stranded = [*self._inflight, self._batch]
                self._inflight = []
                self._batch = _Batch()
            for batch in stranded:  # nothing in an unfinished batch is known to be durable
                for entry in batch.entries:
                    if not isinstance(entry.error, RecordError):
                        entry.record, entry.error = None, crashed
                batch.finish()
            raise

    def _run_loop(self) -> None:
        """Pipeline: build batch N+1 while batch N's fdatasync runs on the sync thread."""
        pending: _Pending | None = None
        while True:
            with self._cond:
                if pending is None:
                    while not (self._batch_ready() or self._closing or self._checkpoint_due()):
                        self._cond.wait(self._wait_timeout())
                batch: _Batch | None = None
                if self._batch_ready():
                    batch = self._batch
                    self._batch = _Batch()
                    self._kicked = False
                    self._inflight.append(batch)
                stop = self._closing and batch is None and not self._batch.entries
            built, data = self._build_batch(batch) if batch is not None else ([], b"")
            if pending is not None:
                error = self._finish_sync(pending)
                pending = None
                if error is not None:  # what was just built chains on records that are not on disk
                    for e in built:
                        e.record, e.error = None, error
                    built, data = [], b""
            if batch is not None:
                handed_over = False
                if built:
                    pending = self._start_write(batch, built, data)
                    if pending is not None:
                        handed_over = True
                        if pending.future.done():  # synced inline: settle before building more
                            self._finish_sync(pending)
                            pending = None
                if not handed_over:
                    self._done(batch)
            if pending is None and self._broken is None and self._checkpoint_due():
                try:
                    self._write_checkpoint()
                except Exception as e:  # the records stay durable; retry a little later
                    self.stats.checkpoint_failures += 1
                    self.stats.last_error = f"checkpoint: {e}"
                    self._ckpt_retry_at = time.monotonic() + min(self.checkpoint_seconds, 5.0)
            if stop and pending is None:
                return

    def _build_batch(self, batch: _Batch) -> tuple[list[_Entry], bytes]:
        """Build every entry on the chain; returns the built entries and their lines."""
        if self._broken is not None:
            for e in batch.entries:
                e.error = self._broken
            return [], b""
        st = self._chain
        lines: list[bytes] = []
        built: list[_Entry] = []
        for e in batch.entries:
            try:
                lines.append(self._build(st, e))
                built.append(e)
            except RecordError as err:
                e.error = err
            except Exception as err:  # a bug must not leave the appender waiting forever
                e.error = AuditWriteError(f"could not build the record: {err!r}")
        return built, b"".join(lines)

    def _start_write(self, batch: _Batch, built: list[_Entry], data: bytes) -> _Pending | None:
        """Write a built batch and start its fdatasync; None (entries failed) if the write fails."""
        try:
            if self._fd is None:
                raise OSError(errno_mod.EBADF, "no open segment")
            if self._should_rotate():
                self._rotate(self._durable.size)
            segments.write_all(self._fd, data)
        except OSError as e:
            self._fail(built, e)
            return None
        if self._batch.entries:  # more is queued: build it while this batch syncs
            future = self._syncer.submit(segments._os_fdatasync, self._fd)
        else:  # nothing to overlap with: sync here and save two thread hops of latency
            future = Future()
            try:
                segments._os_fdatasync(self._fd)
                future.set_result(None)
            except OSError as e:
                future.set_exception(e)
        return _Pending(batch, built, future, self._offset + len(data), self._chain.copy())

    def _finish_sync(self, p: _Pending) -> AuditWriteError | None:
        """Wait for a batch's fdatasync; make it durable, or fail and roll it back."""
        try:
            p.future.result()
        except OSError as e:
            error = self._fail(p.built, e)
            self._done(p.batch)
            return error
        self._offset = p.end_offset
        with self._lock:
            self._durable = p.after
            self._durable_pos = (self._segment, p.end_offset)
        s = self.stats
        s.records += len(p.built)
        s.batches += 1
        s.fsyncs += 1
        s.largest_batch = max(s.largest_batch, len(p.built))
        self._done(p.batch)
        return None

    def _done(self, batch: _Batch) -> None:
        with self._lock:
            if batch in self._inflight:
                self._inflight.remove(batch)
        batch.finish()

    def _should_rotate(self) -> bool:
        if self._offset == 0:
            return False
        return (self._offset >= self.segment_max_bytes
                or time.time() - self._seg_started >= self.segment_max_seconds)

    def _rotate(self, first_seq: int) -> None:
        """Start a new segment; seal the finished one with a checkpoint at its last record.

        Checkpoints inside finished segments are then pruned (the one at each segment boundary
        stays), so ``checkpoints/`` holds about one file per segment plus those of the current
        segment instead of growing by one file per ``checkpoint_every`` records forever.
        """
        sealed = False
        if self._durable.size > self._ckpt_size:
            try:
                self._write_checkpoint()
                sealed = True
            except Exception as e:  # the records are durable; only the pruning waits
                self.stats.checkpoint_failures += 1
                self.stats.last_error = f"checkpoint: {e}"
        else:
            sealed = self._ckpt_size == self._durable.size
        self._open_segment(self.directory / segments.segment_name(first_seq))
        self.stats.rotations += 1
        if sealed:
            try:
                self._prune_checkpoints(first_seq)
            except OSError as e:
                self.stats.last_error = f"checkpoint pruning: {e}"

    def _prune_checkpoints(self, current_first: int) -> None:
        boundaries = {segments.segment_first_seq(p) for p in segments.list_segments(self.directory)}
        ckdir = self.directory / segments.CHECKPOINT_DIR
        removed = False
        for f in ckdir.glob("*.checkpoint"):
            try:
                size = int(f.stem)
            except ValueError:
                continue
            if size < current_first and size not in boundaries:
                f.unlink(missing_ok=True)
                removed = True
        if removed:
            segments.fsync_dir(ckdir)

    def _fail(self, built: list[_Entry], cause: OSError) -> AuditWriteError:
        """Fail ``built``, reset the chain to the last durable record, cut the file back to it."""
        name = errno_mod.errorcode.get(cause.errno or 0, "error")
        err = AuditWriteError(f"audit log write failed ({name}): {cause.strerror or cause}")
        err.errno = cause.errno
        err.__cause__ = cause
        for e in built:
            e.record, e.error = None, err
        self._chain = self._durable.copy()
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
            with self._lock:
                self._broken = broken
        return err

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
            segment, offset = self._durable_pos
        note = sign_checkpoint(Checkpoint(self.origin, st.size, st.tree.root()),
                               st.signer.public_key, st.signer.sign)
        data = note.encode("utf-8")
        ckdir = self.directory / segments.CHECKPOINT_DIR
        segments.atomic_write(ckdir / f"{st.size:012d}.checkpoint", data)
        segments.atomic_write(self.directory / segments.LATEST_CHECKPOINT, data)
        resume = segments.Resume(st.size, segment.name, offset, st.tree.hashes, st.prev)
        segments.atomic_write(self.directory / segments.RESUME_FILE, resume.to_json())
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
