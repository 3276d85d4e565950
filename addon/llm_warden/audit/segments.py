"""Segment files on disk: naming, listing, reading, low-level durable I/O, torn-tail recovery.

Records live in ``seg-<first seq, 12 digits>.jsonl`` files in the audit directory, one canonical
JSON record per line. Naming a segment by its first sequence number lets a verifier notice a
missing or renamed segment without trusting the file system's order.

The raw ``os`` calls the writer uses are module attributes (``_os_write``, ``_os_fdatasync``,
``_os_ftruncate``) so tests can inject ENOSPC/EIO exactly where the writer would meet them.

Crash recovery (:func:`recover_tail`): a crash can leave the last segment with a partial line, or
with zero-filled blocks (delayed allocation) ending in a stray newline. Such trailing bytes are
copied to ``torn/<segment>.<offset>.torn`` (outside the ``*.jsonl`` set a verifier reads), synced,
and only then cut from the segment. The log then appends a signed ``recovery`` record naming the
cut, so nothing disappears silently. Only trailing lines that are not JSON objects are cut; a
parseable record is never removed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .merkle import CompactRange
from .record import leaf_hash

_os_write = os.write
_os_fdatasync = getattr(os, "fdatasync", os.fsync)  # macOS has no fdatasync
_os_ftruncate = os.ftruncate

SEGMENT_RE = re.compile(r"^seg-(\d{12,})\.jsonl$")
CHECKPOINT_DIR = "checkpoints"
LATEST_CHECKPOINT = "latest.checkpoint"
TORN_DIR = "torn"
LOCK_FILE = ".lock"
RESUME_FILE = "resume.json"


def segment_name(first_seq: int) -> str:
    return f"seg-{first_seq:012d}.jsonl"


def segment_first_seq(path: Path) -> int | None:
    m = SEGMENT_RE.match(path.name)
    return int(m.group(1)) if m else None


def list_segments(directory: Path) -> list[Path]:
    """Every ``*.jsonl`` file in the directory, well-named segments in sequence order first."""
    files = [p for p in Path(directory).glob("*.jsonl") if p.is_file()]

    def order(p: Path) -> tuple[int, int, str]:
        first = segment_first_seq(p)
        return (0, first, p.name) if first is not None else (1, 0, p.name)

    return sorted(files, key=order)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """``write(2)`` until everything is written (regular files may take partial writes)."""
    view = memoryview(data)
    while view:
        n = _os_write(fd, view)
        if n <= 0:
            raise OSError("write returned 0 bytes")
        view = view[n:]


def make_dir(path: Path, mode: int = 0o700) -> None:
    """``mkdir -p`` whose new entries are durable (each new directory's parent is fsync'd)."""
    missing = []
    p = path
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=mode)
        except FileExistsError:
            continue
        fsync_dir(d.parent)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` durably: temp file, fsync, rename, fsync the directory."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        write_all(fd, data)
        _os_fdatasync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def read_lines(path: Path) -> tuple[list[bytes], bytes]:
    """Complete lines of a segment (without newlines) and any unterminated tail."""
    data = path.read_bytes()
    if not data:
        return [], b""
    lines = data.split(b"\n")
    tail = lines.pop()  # b"" when the file ends with a newline
    return lines, tail


def iter_records(directory: Path) -> Iterator[tuple[Path, int, bytes, dict[str, Any]]]:
    """``(segment, 1-based line number, line bytes, parsed record)`` for every parseable line.

    For reading (show, open, prove); :mod:`.verify` is the place that judges integrity.
    """
    for seg in list_segments(directory):
        lines, _ = read_lines(seg)
        for i, line in enumerate(lines, 1):
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if isinstance(rec, dict):
                yield seg, i, line, rec


@dataclass
class Torn:
    """What :func:`recover_tail` cut from the last segment."""

    segment: str
    offset: int
    size: int
    sha256: str
    saved_as: str

    def to_json(self) -> dict[str, Any]:
        return {"segment": self.segment, "offset": self.offset, "bytes": self.size,
                "sha256": self.sha256, "saved_as": self.saved_as}


def _is_record(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def recover_tail(directory: Path, segment: Path) -> Torn | None:
    """Cut a torn tail from ``segment`` after saving a copy; None when the segment is whole."""
    data = segment.read_bytes()
    end = len(data)
    cut = end
    if data and not data.endswith(b"\n"):
        cut = data.rfind(b"\n") + 1  # 0 when there is no complete line at all
    while cut > 0:  # trailing complete lines that are not records (zero-filled blocks etc.)
        start = data.rfind(b"\n", 0, cut - 1) + 1
        if _is_record(data[start:cut - 1]):
            break
        cut = start
    if cut == end:
        return None
    torn = data[cut:]
    torn_dir = directory / TORN_DIR
    make_dir(torn_dir)
    saved = torn_dir / f"{segment.name}.{cut}.torn"
    fd = os.open(saved, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        write_all(fd, torn)
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(torn_dir)
    fd = os.open(segment, os.O_WRONLY)
    try:
        _os_ftruncate(fd, cut)
        os.fsync(fd)
    finally:
        os.close(fd)
    return Torn(segment.name, cut, len(torn), hashlib.sha256(torn).hexdigest(),
                f"{TORN_DIR}/{saved.name}")


@dataclass
class Resume:
    """Where the writer stood at its last checkpoint, so a restart need not rehash everything.

    A cache, not evidence: ``verify`` never reads it. On open it is used only if the record it
    names is still at the recorded offset (same leaf hash); otherwise the log is scanned in full.
    Continuing from the cached tree also means an earlier record edited while the writer was
    down shows up as a checkpoint mismatch instead of being absorbed into the next checkpoint.
    """

    size: int
    segment: str
    offset: int
    tree: list[bytes]
    prev: bytes

    def to_json(self) -> bytes:
        return json.dumps({"size": self.size, "segment": self.segment, "offset": self.offset,
                           "tree": [base64.b64encode(h).decode() for h in self.tree],
                           "prev": self.prev.hex()}).encode()

    @classmethod
    def load(cls, directory: Path) -> Resume | None:
        try:
            d = json.loads((directory / RESUME_FILE).read_bytes())
            r = cls(int(d["size"]), str(d["segment"]), int(d["offset"]),
                    [base64.b64decode(h, validate=True) for h in d["tree"]], bytes.fromhex(d["prev"]))
        except (OSError, ValueError, KeyError, TypeError, binascii.Error):
            return None
        if r.size <= 0 or len(r.tree) != bin(r.size).count("1") or any(len(h) != 32 for h in r.tree):
            return None
        return r


def _resume_point(directory: Path, segs: list[Path]) -> tuple[int, Resume, bytes] | None:
    """The usable resume state: (index of its segment, state, the last line it covers)."""
    r = Resume.load(directory)
    if r is None:
        return None
    names = [s.name for s in segs]
    if r.segment not in names:
        return None
    i = names.index(r.segment)
    first = segment_first_seq(segs[i])
    if first is None or first >= r.size or r.offset <= 0:
        return None
    with open(segs[i], "rb") as f:
        start = max(0, r.offset - 1024 * 1024)
        f.seek(start)
        chunk = f.read(r.offset - start)
    if len(chunk) != r.offset - start or not chunk.endswith(b"\n"):
        return None
    line = chunk[chunk.rfind(b"\n", 0, len(chunk) - 1) + 1:-1]
    if leaf_hash(line) != r.prev:
        return None
    return i, r, line


@dataclass
class Scan:
    """What the writer needs to continue a log: count, tree, last line, last segment."""

    count: int
    tree: CompactRange
    last_line: bytes | None
    last_segment: Path | None
    first_line_of_last_segment: bytes | None
    torn: Torn | None
    resumed_at: int = 0  # records taken from the resume state instead of rehashed


def _first_line(path: Path) -> bytes | None:
    with open(path, "rb") as f:
        line = f.readline()
    return line[:-1] if line.endswith(b"\n") else None


def scan(directory: Path) -> Scan:
    """Recover the last segment's tail, then rebuild the tree state (from the resume point on)."""
    segs = [s for s in list_segments(directory) if segment_first_seq(s) is not None]
    torn = recover_tail(directory, segs[-1]) if segs else None
    tree = CompactRange()
    last: bytes | None = None
    start_seg, skip = 0, 0
    resumed = _resume_point(directory, segs) if segs else None
    if resumed is not None:
        start_seg, r, last = resumed
        tree = CompactRange(r.size, r.tree)
        skip = r.offset
    for seg in segs[start_seg:]:
        if skip:
            with open(seg, "rb") as f:
                f.seek(skip)
                data = f.read()
            skip = 0
            lines = data.split(b"\n")[:-1] if data else []
        else:
            lines, _tail = read_lines(seg)
        for line in lines:
            tree.append(leaf_hash(line))
        if lines:
            last = lines[-1]
    first_of_last = _first_line(segs[-1]) if segs else None
    return Scan(tree.size, tree, last, segs[-1] if segs else None, first_of_last, torn,
                resumed[1].size if resumed else 0)
