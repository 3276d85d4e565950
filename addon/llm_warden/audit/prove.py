"""Inclusion and consistency proofs from an audit directory.

An auditor who holds a signed checkpoint can be convinced that one record is in the log (an
inclusion proof: at most ceil(log2 n) hashes) or that a later checkpoint extends an earlier one
(a consistency proof: at most ceil(log2 n) + 1 hashes) without receiving the whole log. Each
proof is verified here before it is returned, with the standard RFC 9162 algorithms, so a
proof this module prints is one any RFC 6962 verifier accepts.

Checkpoint signatures are checked against the keys the log itself names (genesis and key
transitions) unless ``public_keys`` are given; the full, pinned check is ``audit verify``.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from . import segments
from .checkpoint import Checkpoint, NoteError, open_checkpoint
from .merkle import MerkleTree, ProofError, verify_consistency, verify_inclusion
from .record import leaf_hash


class ProveError(ValueError):
    """The proof cannot be made (no such record, checkpoint not of this log, ...)."""


def load_tree(directory: Path) -> tuple[MerkleTree, dict[int, bytes], list[bytes]]:
    """Leaf hashes of every line, the lines by seq, and the public keys the log names."""
    tree = MerkleTree()
    lines: dict[int, bytes] = {}
    keys: list[bytes] = []
    for _seg, _lineno, line, rec in segments.iter_records(directory):
        lines[tree.size] = line
        tree.append(leaf_hash(line))
        for field in ("public_key", "new_public_key"):
            value = rec.get(field)
            if isinstance(value, str):
                try:
                    raw = base64.b64decode(value, validate=True)
                except ValueError:
                    continue
                if len(raw) == 32:
                    keys.append(raw)
    return tree, lines, keys


def _checkpoint(spec: str | Path, keys: list[bytes]) -> Checkpoint:
    try:
        note = Path(spec).read_text(encoding="utf-8")
        cp, _ = open_checkpoint(note, keys)
    except (OSError, NoteError) as e:
        raise ProveError(f"checkpoint {spec}: {e}") from e
    return cp


def _h(b: bytes) -> str:
    return b.hex()


def inclusion(directory: str | Path, seq: int, *, size: int | None = None,
              checkpoint: str | Path | None = None,
              public_keys: list[bytes] | None = None) -> dict[str, Any]:
    """Prove record ``seq`` is in the tree of ``size`` (or the checkpoint's size, or all)."""
    tree, lines, log_keys = load_tree(Path(directory))
    keys = public_keys or log_keys
    if checkpoint is not None:
        cp = _checkpoint(checkpoint, keys)
        size = cp.size
        if cp.size > tree.size:
            raise ProveError(f"checkpoint is for {cp.size} records, the log has {tree.size}")
        if tree.root(cp.size) != cp.root:
            raise ProveError("the log does not match the checkpoint (run `audit verify`)")
    size = tree.size if size is None else size
    if not 0 <= seq < size <= tree.size:
        raise ProveError(f"no record {seq} in a tree of size {size} (the log has {tree.size})")
    proof = tree.inclusion_proof(seq, size)
    root = tree.root(size)
    leaf = leaf_hash(lines[seq])
    try:
        verify_inclusion(leaf, seq, size, proof, root)
    except ProofError as e:  # pragma: no cover - would be a bug in merkle.py
        raise ProveError(f"internal error: proof does not verify: {e}") from e
    return {"type": "inclusion", "seq": seq, "tree_size": size, "leaf_hash": _h(leaf),
            "root": _h(root), "root_b64": base64.b64encode(root).decode(),
            "proof": [_h(p) for p in proof], "record": lines[seq].decode("utf-8")}


def _size_or_checkpoint(spec: str, keys: list[bytes], tree: MerkleTree) -> tuple[int, bytes | None]:
    if spec.isdigit():
        return int(spec), None
    cp = _checkpoint(spec, keys)
    return cp.size, cp.root


def consistency(directory: str | Path, old: str, new: str, *,
                public_keys: list[bytes] | None = None) -> dict[str, Any]:
    """Prove the tree at ``old`` is a prefix of the tree at ``new`` (sizes or checkpoint files).

    With checkpoint files, their signed roots are what the proof is checked against, so two
    checkpoints that describe different histories are reported as inconsistent.
    """
    tree, _lines, log_keys = load_tree(Path(directory))
    keys = public_keys or log_keys
    size1, root1 = _size_or_checkpoint(old, keys, tree)
    size2, root2 = _size_or_checkpoint(new, keys, tree)
    if size1 > size2:
        raise ProveError(f"old size {size1} is larger than new size {size2}")
    if size2 > tree.size:
        raise ProveError(f"the log has {tree.size} records, fewer than {size2} (truncated?)")
    proof = tree.consistency_proof(size1, size2)
    r1 = root1 if root1 is not None else tree.root(size1)
    r2 = root2 if root2 is not None else tree.root(size2)
    try:
        verify_consistency(size1, size2, r1, r2, proof)
    except ProofError as e:
        raise ProveError(f"checkpoints are not consistent with this log: {e}") from e
    return {"type": "consistency", "old_size": size1, "new_size": size2, "old_root": _h(r1),
            "new_root": _h(r2), "proof": [_h(p) for p in proof]}
