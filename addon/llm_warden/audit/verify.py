"""Verify an audit directory without trusting the process that wrote it.

What is checked, record by record, in file order:

* each line is a JSON object and its ``seq`` is the next number (a gap means deleted records, a
  repeat means a duplicated or reordered record);
* ``prev`` is the RFC 6962 leaf hash of the previous line (the chain: any change to a line breaks
  the next record's ``prev``);
* ``key_id`` is the key in force, and the Ed25519 signature over the record verifies (a modified
  or inserted record fails here); the first record is the genesis record that names the key, and
  ``key_transition`` records hand over to a new key only with signatures by both keys, so a
  verifier pinned to the first public key follows every rotation;
* the segment files are named after their first record and end with a newline.

Then every checkpoint (``checkpoints/*``, ``latest.checkpoint`` and an optional trusted one kept
elsewhere) must be signed by the key in force at its tree size and match the Merkle root of the
log at that size: a checkpoint larger than the log means the log was truncated; two checkpoints
that cannot both be prefixes of one log are equivocation.

Signature checks dominate the cost (~60 µs each); for large logs they run in worker processes
while the main process does the sequential chain checks, and the first failure of either kind
(lowest record number) is the one reported.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nacl.bindings import crypto_sign_open
from nacl.exceptions import BadSignatureError, CryptoError

from . import segments
from .checkpoint import Checkpoint, NoteError, open_checkpoint, parse_checkpoint_unverified
from .keys import key_id_of, load_public_key
from .merkle import CompactRange
from .record import GENESIS_PREV, leaf_hash, signed_bytes, transition_signed_bytes

#: Logs above this many bytes verify signatures in worker processes (when workers > 1).
PARALLEL_MIN_BYTES = 32 * 1024 * 1024
CHUNK = 2048

Progress = Callable[[int, int], None]


@dataclass
class VerifyResult:
    """Outcome of :func:`verify_dir`. ``error`` names the first bad record and what is wrong."""

    ok: bool
    records: int
    error: str | None = None
    error_seq: int | None = None
    error_location: str | None = None
    error_kind: str | None = None
    tree_size: int = 0
    root: str = ""
    key_ids: list[str] = field(default_factory=list)
    pinned: bool = False
    checkpoints: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: Record signatures checked one by one (all of them unless ``fast``).
    signatures_checked: int = 0

    def __bool__(self) -> bool:
        return self.ok

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in (
            "ok", "records", "error", "error_seq", "error_location", "error_kind", "tree_size",
            "root", "key_ids", "pinned", "checkpoints", "warnings", "seconds",
            "signatures_checked")}


class _Failure(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def _sig_ok(msg: bytes, sig: bytes, pk: bytes) -> bool:
    try:
        crypto_sign_open(sig + msg, pk)
    except (BadSignatureError, CryptoError, ValueError, TypeError):
        return False
    return True


def _verify_chunk(items: list[tuple[int, bytes, bytes, bytes]]) -> int | None:
    """First index whose signature fails, or None. Runs in worker processes."""
    for idx, msg, sig, pk in items:
        if not _sig_ok(msg, sig, pk):
            return idx
    return None


def _unb64(text: Any, size: int | None = None) -> bytes | None:
    if not isinstance(text, str):
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if size is None or len(raw) == size else None


def _spawn_safe() -> bool:
    """Whether spawned workers can re-import ``__main__`` (not so for ``python - < script``)."""
    main = sys.modules.get("__main__")
    if getattr(main, "__spec__", None) is not None:
        return True
    path = getattr(main, "__file__", None)
    return path is None or os.path.exists(path)


class _Signatures:
    """Signature checks, inline or in a process pool; remembers the first failure.

    Worker processes are an optimisation only: if the pool cannot start or dies (a host that
    cannot spawn, a main module that cannot be re-imported), the pending chunks and everything
    after them are checked inline, with the same result.
    """

    def __init__(self, workers: int, *, skip: bool = False) -> None:
        self.first_bad: int | None = None
        self._skip = skip
        self._items: list[tuple[int, bytes, bytes, bytes]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[tuple[Future[int | None], list[tuple[int, bytes, bytes, bytes]]]] = []
        self._workers = workers
        self.fell_back = False
        if workers > 1 and not skip and _spawn_safe():
            try:
                self._pool = ProcessPoolExecutor(max_workers=workers,
                                                 mp_context=multiprocessing.get_context("spawn"))
            except (OSError, ValueError):
                self.fell_back = True

    def bad(self, idx: int | None) -> None:
        if idx is not None and (self.first_bad is None or idx < self.first_bad):
            self.first_bad = idx

    def add(self, idx: int, msg: bytes, sig: bytes, pk: bytes) -> None:
        if self._skip:
            return
        if self._pool is None:
            if not _sig_ok(msg, sig, pk):
                self.bad(idx)
            return
        self._items.append((idx, msg, sig, pk))
        if len(self._items) >= CHUNK:
            self._dispatch()

    def _collect(self, future: Future[int | None], items: list[tuple[int, bytes, bytes, bytes]]) -> None:
        try:
            self.bad(future.result())
        except Exception:  # BrokenProcessPool and friends: check this chunk here instead
            self._give_up_pool()
            self.bad(_verify_chunk(items))

    def _give_up_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
            self.fell_back = True

    def _dispatch(self) -> None:
        items, self._items = self._items, []
        if not items:
            pass
        elif self._pool is None:
            self.bad(_verify_chunk(items))
        else:
            try:
                self._futures.append((self._pool.submit(_verify_chunk, items), items))
            except Exception:
                self._give_up_pool()
                self.bad(_verify_chunk(items))
        while len(self._futures) > 2 * self._workers:  # bound memory: wait for the oldest
            self._collect(*self._futures.pop(0))

    def finish(self) -> int | None:
        if self._pool is not None or self._futures or self._items:
            self._dispatch()
            while self._futures:
                self._collect(*self._futures.pop(0))
            if self._pool is not None:
                self._pool.shutdown()
                self._pool = None
        return self.first_bad


class _Verifier:
    def __init__(self, directory: Path, public_key: bytes | None, trusted: Path | None,
                 progress: Progress | None, workers: int | None, fast: bool = False) -> None:
        self.dir = directory
        self.fast = fast
        self.seg_starts: list[tuple[int, Path]] = []
        self.signatures_checked: int | None = None
        self.pinned = public_key
        self.trusted = trusted
        self.progress = progress
        self.workers = workers
        self.warnings: list[str] = []
        self.tree = CompactRange()
        self.leaves = bytearray()
        self.key: bytes | None = public_key
        self.key_changes: list[tuple[int, bytes]] = []  # (first tree size signed by it, key)
        self.origin: str | None = None
        self.count = 0
        self.roots: dict[int, bytes] = {}
        self.recoveries: list[tuple[int, dict[str, Any]]] = []

    # --- records -----------------------------------------------------------------------------

    def run(self) -> VerifyResult:
        started = time.perf_counter()
        if not self.dir.is_dir():
            return self._result(False, "missing", f"{self.dir} is not a directory", None, None, started)
        notes = self._load_checkpoints()
        if isinstance(notes, VerifyResult):
            return notes
        self.want_sizes = {cp.size for _, _, cp in notes}
        segs = segments.list_segments(self.dir)
        total = sum(s.stat().st_size for s in segs)
        workers = self.workers if self.workers is not None else min(os.cpu_count() or 1, 4)
        if self.workers is None and total < PARALLEL_MIN_BYTES:
            workers = 1
        sigs = _Signatures(1 if self.fast else workers, skip=self.fast)
        try:
            failure = self._scan(segs, total, sigs)
        finally:
            bad_sig = sigs.finish()
        if self.fast:  # signatures only where no verified checkpoint vouches for the records
            start = self._authenticated_size(notes)
            with_sigs = _Signatures(workers)
            try:
                for idx, line in self._lines(start, self.count):
                    self._queue_signature(idx, line, with_sigs)
            finally:
                bad_sig = with_sigs.finish()
            self.signatures_checked = self.count - start
        if bad_sig is not None and (failure is None or bad_sig < failure[0]):
            failure = (bad_sig, self._location(bad_sig), "modified",
                       "signature does not verify: the record was modified (or forged)")
        if failure:
            idx, loc, kind, msg = failure
            return self._result(False, kind, msg, idx, loc, started)
        if self.count == 0:
            return self._result(False, "empty", "no records: the log is empty or was deleted",
                                None, None, started)
        cp_failure = self._check_checkpoints(notes)
        if cp_failure:
            kind, msg = cp_failure
            return self._result(False, kind, msg, None, None, started)
        self._check_recoveries()
        covered = max((cp.size for _, _, cp in notes), default=0)
        if covered < self.count:
            self.warnings.append(f"{self.count - covered} record(s) after the newest checkpoint "
                                 "are covered by no signed checkpoint (yet)")
        if self.pinned is None:
            self.warnings.append("no public key given: trusted the key named in the genesis "
                                 "record; pin it with --public-key to detect a replaced log")
        return self._result(True, None, None, None, None, started)

    def _scan(self, segs: list[Path], total: int, sigs: _Signatures) -> tuple[int, str, str, str] | None:
        """The sequential pass; returns the first failure as (index, location, kind, message)."""
        done_bytes = 0
        for seg in segs:
            self.seg_starts.append((self.count, seg))
            first = segments.segment_first_seq(seg)
            lines, tail = segments.read_lines(seg)
            if first is None and (lines or tail):
                return (self.count, f"{seg.name}:1", "inserted",
                        f"{seg.name} is not a segment name this log writes (inserted file?)")
            for lineno, line in enumerate(lines, 1):
                try:
                    self._record(line, first if lineno == 1 else None, sigs)
                except _Failure as f:
                    if f.kind == "deleted":
                        f = self._reorder_or_gap(f, lines, lineno)
                    return (self.count, f"{seg.name}:{lineno}", f.kind, f.message)
            if tail:
                return (self.count, f"{seg.name}:{len(lines) + 1}", "torn",
                        "unterminated last line (a torn write: opening the log with llm-warden "
                        "cuts it and records a recovery)")
            done_bytes += seg.stat().st_size
            if self.progress:
                self.progress(done_bytes, total)
        return None

    def _lines(self, start: int, end: int) -> Iterator[tuple[int, bytes]]:
        """Re-read records ``[start, end)`` (already checked sequentially) from their segments."""
        for i, (first, seg) in enumerate(self.seg_starts):
            nxt = self.seg_starts[i + 1][0] if i + 1 < len(self.seg_starts) else self.count
            if nxt <= start or first >= end:
                continue
            lines, _ = segments.read_lines(seg)
            for idx in range(max(start, first), min(end, nxt)):
                yield idx, lines[idx - first]

    def _queue_signature(self, idx: int, line: bytes, sigs: _Signatures) -> None:
        rec = json.loads(line)
        if idx == 0 or rec.get("type") == "key_transition":
            return  # checked inline during the scan: the key chain depends on them
        msg = signed_bytes(line, rec)
        sig = _unb64(rec.get("sig"), 64)
        if msg is None or sig is None:  # pragma: no cover - the scan rejected these already
            sigs.bad(idx)
            return
        sigs.add(idx, msg, sig, self._key_for_size(idx))

    def _authenticated_size(self, notes: list[tuple[str, str, Checkpoint]]) -> int:
        """Largest tree size committed by a correctly signed checkpoint that matches the log.

        Every record below it is authenticated by that signature through the Merkle root (a
        changed record changes the root), so its own signature need not be checked again.
        """
        best = 0
        for _label, note, cp in notes:
            if cp.size > self.count or cp.size <= best or self.roots.get(cp.size) != cp.root:
                continue
            try:
                open_checkpoint(note, [self._key_for_size(cp.size)])
            except NoteError:
                continue
            best = cp.size
        return best

    def _reorder_or_gap(self, f: _Failure, lines: list[bytes], lineno: int) -> _Failure:
        """A seq gap is a reorder if the missing record shows up a little later in the file."""
        for later, line in enumerate(lines[lineno:lineno + 1000], lineno + 1):
            try:
                seq = json.loads(line).get("seq")
            except (ValueError, AttributeError):
                continue
            if seq == self.count:
                return _Failure("reordered", f"expected seq {self.count} here, but it comes later "
                                             f"(line {later}): records reordered")
        return f

    def _location(self, idx: int) -> str:
        start, name = 0, "?"
        for s, seg in self.seg_starts:
            if s <= idx:
                start, name = s, seg.name
        return f"{name}:{idx - start + 1}"

    def _record(self, line: bytes, segment_first: int | None, sigs: _Signatures) -> None:
        idx = self.count
        try:
            rec = json.loads(line)
        except ValueError:
            raise _Failure("modified", "line is not valid JSON (modified or corrupted)") from None
        if not isinstance(rec, dict):
            raise _Failure("modified", "line is not a JSON object")
        seq = rec.get("seq")
        if type(seq) is not int:
            raise _Failure("modified", "record has no integer seq")
        h = leaf_hash(line)
        if seq != idx:
            if seq > idx:
                raise _Failure("deleted", f"expected seq {idx}, found seq {seq}: {seq - idx} "
                                          "record(s) missing (deleted), or records reordered")
            if 0 <= seq and self.leaves[seq * 32:seq * 32 + 32] == h:
                raise _Failure("duplicated", f"expected seq {idx}, found a second copy of record "
                                             f"{seq} (duplicated record)")
            raise _Failure("reordered", f"seq {seq} appears after seq {idx - 1}: records "
                                        "reordered, or an inserted record reuses a number")
        if segment_first is not None and segment_first != idx:
            raise _Failure("renamed", f"segment is named for seq {segment_first} but starts with "
                                      f"seq {idx} (segment renamed or inserted)")
        want_prev = GENESIS_PREV if idx == 0 else self.leaves[-32:].hex()
        if rec.get("prev") != want_prev:
            raise _Failure("chain", "prev does not match the hash of the previous record: a "
                                    "record before it was modified, inserted or removed")
        sig = _unb64(rec.get("sig"), 64)
        msg = signed_bytes(line, rec)
        if sig is None or msg is None:
            raise _Failure("modified", "record has no well-formed signature")
        kind = rec.get("type")
        if idx == 0:
            self._genesis(rec, msg, sig)
        elif kind == "genesis":
            raise _Failure("inserted", "a second genesis record (a log spliced into this one)")
        assert self.key is not None
        if rec.get("key_id") != key_id_of(self.key):
            raise _Failure("wrong-key", f"signed with key {rec.get('key_id')}, but the key in "
                                        f"force is {key_id_of(self.key)} (wrong key)")
        if kind == "key_transition":
            self._transition(line, rec, msg, sig)
        else:
            sigs.add(idx, msg, sig, self.key)
        if kind == "recovery":
            self.recoveries.append((idx, rec))
        self.tree.append(h)
        self.leaves += h
        self.count += 1
        if self.count in self.want_sizes:
            self.roots[self.count] = self.tree.root()

    def _genesis(self, rec: dict[str, Any], msg: bytes, sig: bytes) -> None:
        if rec.get("type") != "genesis":
            raise _Failure("deleted", "the first record is not a genesis record (the start of "
                                      "the log was removed)")
        pk = _unb64(rec.get("public_key"), 32)
        if pk is None:
            raise _Failure("modified", "genesis record has no public key")
        if self.pinned is not None and pk != self.pinned:
            raise _Failure("wrong-key", f"the log was started with key {key_id_of(pk)}, not the "
                                        f"pinned key {key_id_of(self.pinned)} (wrong key)")
        if not _sig_ok(msg, sig, pk):
            raise _Failure("modified", "signature does not verify: the record was modified (or forged)")
        origin = rec.get("origin")
        self.origin = origin if isinstance(origin, str) else None
        self.key = pk
        self.key_changes = [(0, pk)]

    def _transition(self, line: bytes, rec: dict[str, Any], msg: bytes, sig: bytes) -> None:
        assert self.key is not None
        if not _sig_ok(msg, sig, self.key):
            raise _Failure("modified", "key transition not signed by the key in force (modified or forged)")
        new = _unb64(rec.get("new_public_key"), 32)
        proof = _unb64(rec.get("new_sig"), 64)
        proof_msg = transition_signed_bytes(line, rec)
        if new is None or proof is None or proof_msg is None:
            raise _Failure("modified", "key transition lacks the new key or its signature")
        if rec.get("new_key_id") != key_id_of(new):
            raise _Failure("modified", "key transition: new_key_id does not match new_public_key")
        if not _sig_ok(proof_msg, proof, new):
            raise _Failure("modified", "key transition: the new key's signature does not verify")
        self.key = new
        self.key_changes.append((self.count + 1, new))

    # --- checkpoints -------------------------------------------------------------------------

    def _load_checkpoints(self) -> list[tuple[str, str, Checkpoint]] | VerifyResult:
        files = sorted((self.dir / segments.CHECKPOINT_DIR).glob("*.checkpoint"))
        latest = self.dir / segments.LATEST_CHECKPOINT
        if latest.is_file():
            files.append(latest)
        out: list[tuple[str, str, Checkpoint]] = []
        items = [(str(f.relative_to(self.dir)), f) for f in files]
        if self.trusted is not None:
            items.append((f"trusted checkpoint {self.trusted}", self.trusted))
        for label, path in items:
            try:
                note = path.read_text(encoding="utf-8")
                out.append((label, note, parse_checkpoint_unverified(note)))
            except (OSError, UnicodeDecodeError, NoteError) as e:
                return self._result(False, "checkpoint", f"{label} is unreadable or malformed: {e}",
                                    None, None, time.perf_counter())
        return out

    def _key_for_size(self, size: int) -> bytes:
        key = self.key_changes[0][1]
        for first, k in self.key_changes:
            if first <= size:
                key = k
        return key

    def _check_checkpoints(self, notes: list[tuple[str, str, Checkpoint]]) -> tuple[str, str] | None:
        valid: list[tuple[str, Checkpoint]] = []
        beyond: list[tuple[str, Checkpoint, bool]] = []
        for label, note, cp in notes:
            if cp.size > self.count:  # signed by the key in force then, which may be unknown now
                keys = [k for _, k in self.key_changes]
                try:
                    open_checkpoint(note, keys)
                    beyond.append((label, cp, True))
                except NoteError:
                    beyond.append((label, cp, False))
                continue
            try:
                open_checkpoint(note, [self._key_for_size(cp.size)])
            except NoteError as e:
                return "checkpoint-signature", (f"{label}: signature does not verify with the key "
                                                f"in force at size {cp.size} ({e})")
            if self.origin is not None and cp.origin != self.origin:
                return "checkpoint", f"{label} is for origin {cp.origin!r}, not {self.origin!r}"
            valid.append((label, cp))
        for label, cp, signed in sorted(beyond, key=lambda b: (not b[2], -b[1].size)):
            how = "" if signed else (" (its signer is not in the remaining records: a key "
                                     "transition may be among the missing ones)")
            return "truncated", (f"log truncated, or not consistent with {label}: it commits to "
                                 f"{cp.size} records but the log has {self.count} (either "
                                 f"{cp.size - self.count} are missing at the end, or the checkpoint "
                                 f"signs a different history){how}")
        matching = {(lbl, cp.size) for lbl, cp in valid if self.roots.get(cp.size) == cp.root}
        for label, cp in valid:
            if (label, cp.size) in matching:
                continue
            for other, ocp in valid:
                if ocp.size == cp.size and ocp.root != cp.root:
                    return "equivocation", (f"equivocation: {label} and {other} are both signed "
                                            f"for size {cp.size} with different roots")
            for other, ocp in valid:
                if ocp.size >= cp.size and (other, ocp.size) in matching:
                    return "equivocation", (f"equivocation: {label} (size {cp.size}) is not "
                                            f"consistent with {other} (size {ocp.size}): two "
                                            "different histories were signed")
            return "checkpoint-mismatch", (f"the log does not match {label}: the first {cp.size} "
                                           "records differ from what was checkpointed (rewritten)")
        self.checkpoints = len(valid)
        return None

    def _check_recoveries(self) -> None:
        for seq, rec in self.recoveries:
            value = rec.get("torn")
            torn: dict[str, Any] = value if isinstance(value, dict) else {}
            self.warnings.append(f"seq {seq}: crash recovery cut {torn.get('bytes')} byte(s) "
                                 f"from {torn.get('segment')} (copy: {torn.get('saved_as')})")
            saved = torn.get("saved_as")
            if isinstance(saved, str):
                path = self.dir / saved
                if not path.is_file():
                    self.warnings.append(f"seq {seq}: the torn copy {saved} is missing")
                elif hashlib.sha256(path.read_bytes()).hexdigest() != torn.get("sha256"):
                    self.warnings.append(f"seq {seq}: the torn copy {saved} does not match its hash")

    def _result(self, ok: bool, kind: str | None, msg: str | None, seq: int | None,
                loc: str | None, started: float) -> VerifyResult:
        error = None
        if msg is not None:
            where = f"seq {seq} ({loc}): " if seq is not None else ""
            error = where + msg
        return VerifyResult(
            ok=ok, records=self.count, error=error, error_seq=seq, error_location=loc,
            error_kind=kind, tree_size=self.tree.size, root=self.tree.root().hex(),
            key_ids=[key_id_of(k) for _, k in self.key_changes], pinned=self.pinned is not None,
            checkpoints=getattr(self, "checkpoints", 0), warnings=self.warnings,
            seconds=round(time.perf_counter() - started, 3),
            signatures_checked=self.count if self.signatures_checked is None else self.signatures_checked)


def verify_dir(directory: str | Path, public_key: bytes | str | None = None,
               checkpoint: str | Path | None = None, *, progress: Progress | None = None,
               workers: int | None = None, fast: bool = False) -> VerifyResult:
    """Verify every record and checkpoint in ``directory``.

    ``public_key``: the first signing key (raw 32 bytes, base64/hex/C2SP text, or a file whose
    last line is one); without it the genesis record's key is trusted, and the result says so.
    ``checkpoint``: a signed checkpoint kept outside the directory (e.g. by a witness) that the
    log must extend. ``workers``: processes for signature checks (default: automatic).

    ``fast``: check record signatures only where no correctly signed, matching checkpoint
    already vouches for the records (the tail after the newest checkpoint, or from the last
    good checkpoint when something does not match). Integrity is the same (the signed Merkle
    root commits to every byte of every record before it); it is ~4x faster on large logs.
    """
    pk = load_public_key(public_key) if isinstance(public_key, str) else public_key
    if pk is not None and len(pk) != 32:
        raise ValueError("public key must be 32 bytes")
    trusted = Path(checkpoint) if checkpoint is not None else None
    return _Verifier(Path(directory), pk, trusted, progress, workers, fast).run()
