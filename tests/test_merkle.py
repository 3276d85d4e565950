"""RFC 6962 Merkle tree: known-answer values, proofs, proof sizes, and rejection of bad proofs.

Known answers are the reference vectors used by certificate-transparency-go and
transparency-dev/merkle (the RFC 6962 test inputs): roots of trees of 0..8 leaves, the leaf and
node hashes of the hasher tests, and the published inclusion and consistency proofs.
"""

from __future__ import annotations

import hashlib
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_warden.audit.merkle import (EMPTY_ROOT, CompactRange, MerkleTree, ProofError,
                                     hash_children, hash_leaf, root_of, verify_consistency,
                                     verify_inclusion)

LEAVES = [bytes.fromhex(h) for h in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f")]

ROOTS = [bytes.fromhex(h) for h in (
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",  # empty tree
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
)]


def dh(h: str) -> bytes:
    return bytes.fromhex(h)


# (leaf index, tree size, proof) — the reference vectors (their leaf numbers are 1-based).
INCLUSION = [
    (0, 1, []),
    (0, 8, [dh("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            dh("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]),
    (5, 8, [dh("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            dh("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]),
    (2, 3, [dh("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
    (1, 5, [dh("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            dh("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]),
]

# (size1, size2, proof)
CONSISTENCY = [
    (1, 1, []),
    (1, 8, [dh("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            dh("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]),
    (6, 8, [dh("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            dh("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]),
    (2, 5, [dh("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            dh("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]),
    (6, 7, [dh("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            dh("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            dh("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]),
]

SOME_HASH = dh("abacaba000000000000000000000000000000000000000000060061e00123456")


def rfc_tree(n: int) -> MerkleTree:
    return MerkleTree(hash_leaf(x) for x in LEAVES[:n])


def test_empty_tree_is_sha256_of_nothing() -> None:
    assert EMPTY_ROOT == hashlib.sha256(b"").digest() == ROOTS[0]
    assert MerkleTree().root() == ROOTS[0]
    assert CompactRange().root() == ROOTS[0]


def test_hasher_known_answers() -> None:
    # transparency-dev/merkle rfc6962 hasher tests
    assert hash_leaf(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    assert hash_leaf(b"L123456").hex() == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    assert hash_children(b"N123", b"N456").hex() == \
        "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"


@pytest.mark.parametrize("n", range(0, 9))
def test_roots_match_rfc6962_reference(n: int) -> None:
    assert rfc_tree(n).root() == ROOTS[n]
    assert root_of([hash_leaf(x) for x in LEAVES[:n]]) == ROOTS[n]
    tree = rfc_tree(8)
    assert tree.root(n) == ROOTS[n]  # historical roots from the full tree


@pytest.mark.parametrize("index,size,proof", INCLUSION)
def test_inclusion_proofs_match_reference(index: int, size: int, proof: list[bytes]) -> None:
    tree = rfc_tree(8)
    assert tree.inclusion_proof(index, size) == proof
    verify_inclusion(hash_leaf(LEAVES[index]), index, size, proof, ROOTS[size])


@pytest.mark.parametrize("size1,size2,proof", CONSISTENCY)
def test_consistency_proofs_match_reference(size1: int, size2: int, proof: list[bytes]) -> None:
    tree = rfc_tree(8)
    assert tree.consistency_proof(size1, size2) == proof
    verify_consistency(size1, size2, ROOTS[size1], ROOTS[size2], proof)


def _corrupt_inclusion(index: int, size: int, proof: list[bytes], root: bytes, leaf: bytes):
    """The probes transparency-dev generates: every one must be rejected."""
    yield index - 1, size, root, leaf, proof
    yield index + 1, size, root, leaf, proof
    yield index ^ 2, size, root, leaf, proof
    yield index, size * 2, root, leaf, proof
    yield index, size // 2, root, leaf, proof
    yield index, size, root, hash_leaf(b"WrongLeaf"), proof
    yield index, size, EMPTY_ROOT, leaf, proof
    yield index, size, SOME_HASH, leaf, proof
    yield index, size, root, leaf, proof + [root]
    yield index, size, root, leaf, [root] + proof
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 8]) + bad[i][1:]
        yield index, size, root, leaf, bad
    if proof:
        yield index, size, root, leaf, proof[:-1]
    if len(proof) > 1:
        yield index, size, root, leaf, [proof[0], SOME_HASH] + proof[1:]


@pytest.mark.parametrize("index,size,proof", [v for v in INCLUSION if v[2]])
def test_corrupted_inclusion_proofs_are_rejected(index: int, size: int, proof: list[bytes]) -> None:
    leaf = hash_leaf(LEAVES[index])
    for i, s, r, lf, p in _corrupt_inclusion(index, size, proof, ROOTS[size], leaf):
        with pytest.raises(ProofError):
            verify_inclusion(lf, i, s, p, r)


@pytest.mark.parametrize("size1,size2,proof", [v for v in CONSISTENCY if v[2]])
def test_corrupted_consistency_proofs_are_rejected(size1: int, size2: int, proof: list[bytes]) -> None:
    r1, r2 = ROOTS[size1], ROOTS[size2]
    probes = [
        (size1 - 1, size2, r1, r2, proof), (size1 + 1, size2, r1, r2, proof),
        (size1 ^ 2, size2, r1, r2, proof), (size1, size2 * 2, r1, r2, proof),
        (size1, size2 // 2, r1, r2, proof), (size1, size2, SOME_HASH, r2, proof),
        (size1, size2, r1, SOME_HASH, proof), (size1, size2, r2, r1, proof),
        (size1, size2, r1, r2, []), (size1, size2, r1, r2, proof + [r1]),
        (size1, size2, r1, r2, proof + [r2]), (size1, size2, r1, r2, [r1] + proof),
        (size1, size2, r1, r2, [r2] + proof), (size1, size2, r1, r2, [proof[0]] + proof),
        (size1, size2, r1, r2, proof[:-1]),
    ]
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 16]) + bad[i][1:]
        probes.append((size1, size2, r1, r2, bad))
    for s1, s2, a, b, p in probes:
        if (s1, s2, a, b, p) == (size1, size2, r1, r2, proof):
            continue
        with pytest.raises(ProofError):
            verify_consistency(s1, s2, a, b, p)


def test_consistency_edge_cases() -> None:
    verify_consistency(0, 0, SOME_HASH, SOME_HASH, [])
    verify_consistency(3, 3, ROOTS[3], ROOTS[3], [])
    with pytest.raises(ProofError):
        verify_consistency(3, 3, ROOTS[3], ROOTS[4], [])  # same size, two roots: equivocation
    with pytest.raises(ProofError):
        verify_consistency(2, 1, ROOTS[2], ROOTS[1], [])
    with pytest.raises(ProofError):
        verify_consistency(1, 1, ROOTS[1], ROOTS[1], [EMPTY_ROOT])
    with pytest.raises(ProofError):
        verify_inclusion(hash_leaf(b""), 0, 0, [], EMPTY_ROOT)
    with pytest.raises(ProofError):
        MerkleTree().inclusion_proof(0)


def test_every_proof_verifies_and_respects_the_size_bounds() -> None:
    """Exhaustive up to 70 leaves: the sizes around powers of two are where bugs live."""
    leaves = [hash_leaf(i.to_bytes(4, "big")) for i in range(70)]
    tree = MerkleTree(leaves)
    for n in range(1, 71):
        root = tree.root(n)
        assert root == root_of(leaves[:n])
        bound = math.ceil(math.log2(n)) if n > 1 else 0
        for m in range(n):
            proof = tree.inclusion_proof(m, n)
            assert len(proof) <= bound
            verify_inclusion(leaves[m], m, n, proof, root)
        for m in range(1, n + 1):
            proof = tree.consistency_proof(m, n)
            assert len(proof) <= bound + 1
            verify_consistency(m, n, tree.root(m), root, proof)


def test_consistency_detects_a_rewritten_prefix() -> None:
    honest = MerkleTree(hash_leaf(bytes([i])) for i in range(20))
    forked = MerkleTree([hash_leaf(bytes([i])) for i in range(9)] + [hash_leaf(b"evil")]
                        + [hash_leaf(bytes([i])) for i in range(10, 20)])
    proof = forked.consistency_proof(12, 20)
    with pytest.raises(ProofError):
        verify_consistency(12, 20, honest.root(12), forked.root(20), proof)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=8), min_size=1, max_size=40), st.data())
def test_compact_range_and_tree_agree(data: list[bytes], choice: st.DataObject) -> None:
    leaves = [hash_leaf(d) for d in data]
    cr = CompactRange()
    tree = MerkleTree()
    for i, h in enumerate(leaves, 1):
        cr.append(h)
        tree.append(h)
        assert cr.root() == tree.root() == tree.root(i)
    snapshot = cr.copy()
    cr.append(hash_leaf(b"more"))
    assert snapshot.root() == tree.root()  # copies are independent (writer rollback relies on it)
    m = choice.draw(st.integers(0, len(leaves) - 1))
    verify_inclusion(leaves[m], m, len(leaves), tree.inclusion_proof(m), tree.root())
