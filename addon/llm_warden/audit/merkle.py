"""RFC 6962 / RFC 9162 Merkle tree: hashes, roots, inclusion and consistency proofs.

The audit log is a Merkle tree over its record lines so that a signed checkpoint (tree size +
root) commits to every record before it, an auditor can check one record is in the log with
``ceil(log2 n)`` hashes, and two checkpoints can be shown to describe one append-only history
with ``ceil(log2 n) + 1`` hashes. The hashing is exactly RFC 6962 (SHA-256, 0x00 leaf prefix,
0x01 node prefix), so standard tooling (transparency-dev, certificate-transparency-go) agrees.

:class:`CompactRange` keeps only the O(log n) roots of the perfect subtrees, which is all a writer
needs for checkpoints; :class:`MerkleTree` keeps every leaf hash and a cache of perfect-subtree
hashes for proofs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

HASH_SIZE = 32
#: Root of the empty tree: SHA-256 of the empty string.
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof that does not verify (or a request for one that cannot exist)."""


def hash_leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """Largest power of two strictly smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


class CompactRange:
    """Roots of the perfect subtrees covering leaves ``[0, size)``, smallest last.

    Appending is amortised O(1); the root is O(log n). Cheap to copy, which is how the writer
    rolls back to the last durable state after a failed write.
    """

    __slots__ = ("size", "_stack")

    def __init__(self, size: int = 0, stack: Sequence[bytes] = ()) -> None:
        self.size = size
        self._stack = list(stack)

    def append(self, leaf_hash: bytes) -> None:
        h = leaf_hash
        n = self.size
        while n & 1:  # merge while the rightmost subtree has the same height as the new one
            h = hash_children(self._stack.pop(), h)
            n >>= 1
        self._stack.append(h)
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        h = self._stack[-1]
        for left in reversed(self._stack[:-1]):
            h = hash_children(left, h)
        return h

    def copy(self) -> CompactRange:
        return CompactRange(self.size, self._stack)

    @property
    def hashes(self) -> list[bytes]:
        return list(self._stack)


def root_of(leaf_hashes: Sequence[bytes]) -> bytes:
    """Merkle tree hash (MTH) of a list of leaf hashes."""
    cr = CompactRange()
    for h in leaf_hashes:
        cr.append(h)
    return cr.root()


class MerkleTree:
    """All leaf hashes of a log, with proofs per RFC 6962 section 2.1.

    Perfect, aligned subtree hashes are cached per level, so any MTH(D[a:b]) the proof recursion
    asks for costs O(log n) lookups once the levels exist.
    """

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[list[bytes]] = [list(leaf_hashes)]
        self._built = 0  # leaves covered by the cached upper levels

    @property
    def size(self) -> int:
        return len(self._levels[0])

    def append(self, leaf_hash: bytes) -> None:
        self._levels[0].append(leaf_hash)

    def _build(self) -> None:
        if self._built == self.size:
            return
        level = 0
        while len(self._levels[level]) >= 2:
            below = self._levels[level]
            if len(self._levels) == level + 1:
                self._levels.append([])
            above = self._levels[level + 1]
            for i in range(len(above) * 2, len(below) - 1, 2):
                above.append(hash_children(below[i], below[i + 1]))
            level += 1
        self._built = self.size

    def _mth(self, start: int, end: int) -> bytes:
        n = end - start
        if n == 0:
            return EMPTY_ROOT
        if n & (n - 1) == 0 and start % n == 0:
            return self._levels[n.bit_length() - 1][start // n]
        k = _split(n)
        return hash_children(self._mth(start, start + k), self._mth(start + k, end))

    def root(self, size: int | None = None) -> bytes:
        size = self.size if size is None else size
        if not 0 <= size <= self.size:
            raise ProofError(f"tree has {self.size} leaves, not {size}")
        self._build()
        return self._mth(0, size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """PATH(index, D[size]): the audit path for one leaf."""
        size = self.size if size is None else size
        if not 0 <= index < size <= self.size:
            raise ProofError(f"no leaf {index} in a tree of size {size}")
        self._build()
        proof: list[bytes] = []
        start, end = 0, size
        while end - start > 1:
            k = _split(end - start)
            if index < start + k:
                proof.append(self._mth(start + k, end))
                end = start + k
            else:
                proof.append(self._mth(start, start + k))
                start += k
        proof.reverse()  # the recursion appends the sibling nearest the root last
        return proof

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """PROOF(size1, D[size2]) per RFC 6962 section 2.1.2."""
        size2 = self.size if size2 is None else size2
        if not 0 <= size1 <= size2 <= self.size:
            raise ProofError(f"no consistency proof from {size1} to {size2} (tree size {self.size})")
        if size1 == 0 or size1 == size2:
            return []
        self._build()
        proof: list[bytes] = []
        start, end, m, complete = 0, size2, size1, True
        while True:
            n = end - start
            if m == n:
                if not complete:
                    proof.append(self._mth(start, end))
                break
            k = _split(n)
            if m <= k:
                proof.append(self._mth(start + k, end))
                end = start + k
            else:
                proof.append(self._mth(start, start + k))
                start += k
                m -= k
                complete = False
        proof.reverse()
        return proof


def verify_inclusion(leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes],
                     root: bytes) -> None:
    """Check an inclusion proof (RFC 9162 section 2.1.3.2); raises :class:`ProofError`."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    if any(len(p) != HASH_SIZE for p in proof) or len(leaf_hash) != HASH_SIZE:
        raise ProofError("proof hashes must be 32 bytes")
    fn, sn = index, size - 1
    r = leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = hash_children(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = hash_children(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is too short")
    if r != root:
        raise ProofError("inclusion proof does not lead to the root")


def verify_consistency(size1: int, size2: int, root1: bytes, root2: bytes,
                       proof: Sequence[bytes]) -> None:
    """Check a consistency proof (RFC 9162 section 2.1.4.2); raises :class:`ProofError`."""
    if size1 > size2:
        raise ProofError(f"tree shrank from {size1} to {size2}")
    if any(len(p) != HASH_SIZE for p in proof):
        raise ProofError("proof hashes must be 32 bytes")
    if size1 == size2:
        if proof:
            raise ProofError("equal sizes need an empty proof")
        if root1 != root2:
            raise ProofError(f"two different roots for tree size {size1}")
        return
    if size1 == 0:
        if proof:
            raise ProofError("a proof from the empty tree must be empty")
        return
    if not proof:
        raise ProofError("empty consistency proof")
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = hash_children(c, fr)
            sr = hash_children(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = hash_children(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is too short")
    if fr != root1:
        raise ProofError(f"proof does not reproduce the root of the tree of size {size1}")
    if sr != root2:
        raise ProofError(f"proof does not reproduce the root of the tree of size {size2}")
