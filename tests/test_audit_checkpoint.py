"""C2SP signed notes and tlog checkpoints, against the reference vectors.

The PeterNeumann key and note are the documented example of golang.org/x/mod/sumdb/note (the
reference implementation of c2sp.org/signed-note); Ed25519 is deterministic, so signing the same
text with the same key must reproduce the published note byte for byte.
"""

from __future__ import annotations

import base64

import pytest

from llm_warden.audit.checkpoint import (EM_DASH, Checkpoint, NoteError, note_key_hash,
                                         open_checkpoint, open_note, parse_verifier_key,
                                         sign_checkpoint, sign_note, signer_key_seed, split_note,
                                         verifier_key)
from llm_warden.audit.keys import Signer

GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = ("If you think cryptography is the answer to your problem,\n"
           "then you don't know what your problem is.\n")
GO_SIG = ("— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdn"
          "gotpRZb6KE6RyyBwJnAM=\n")


def go_signer() -> tuple[str, Signer]:
    name, seed = signer_key_seed(GO_SKEY)
    return name, Signer(seed)


def test_reference_key_ids_and_encodings() -> None:
    name, signer = go_signer()
    assert name == "PeterNeumann"
    assert note_key_hash(name, signer.public_key).hex() == "c74f20a3"
    assert verifier_key(name, signer.public_key) == GO_VKEY
    assert parse_verifier_key(GO_VKEY) == (name, signer.public_key)


def test_signing_reproduces_the_reference_note() -> None:
    name, signer = go_signer()
    note = sign_note(GO_TEXT, name, signer.public_key, signer.sign)
    assert note == GO_TEXT + "\n" + GO_SIG
    text, signed_by = open_note(note, {name: [signer.public_key]})
    assert text == GO_TEXT and signed_by == [signer.public_key]


def test_c2sp_spec_example_verifies() -> None:
    vkey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    note = ("This is an example message.\n\n"
            f"{EM_DASH} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZ"
            "XsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n")
    name, pk = parse_verifier_key(vkey)
    text, _ = open_note(note, {name: [pk]})
    assert text == "This is an example message.\n"


def test_tampered_or_unknown_signatures_are_rejected() -> None:
    name, signer = go_signer()
    note = GO_TEXT + "\n" + GO_SIG
    with pytest.raises(NoteError):
        open_note(note.replace("answer", "Answer"), {name: [signer.public_key]})
    with pytest.raises(NoteError, match="not signed by any trusted key"):
        open_note(note, {name: [Signer.generate().public_key]})
    with pytest.raises(NoteError):
        split_note(GO_TEXT)  # no signatures
    with pytest.raises(NoteError):
        parse_verifier_key("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
    with pytest.raises(NoteError):
        parse_verifier_key("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")


def test_unknown_extra_signatures_are_ignored() -> None:
    name, signer = go_signer()
    other = Signer.generate()
    note = sign_note(GO_TEXT, name, signer.public_key, signer.sign)
    extra = sign_note(GO_TEXT, "witness.example", other.public_key, other.sign).split("\n\n")[1]
    both = note + extra
    text, by = open_note(both, {name: [signer.public_key]})
    assert by == [signer.public_key]


def test_checkpoint_round_trip_and_format() -> None:
    signer = Signer.generate()
    root = bytes(range(32))
    cp = Checkpoint("llm-warden", 1000, root)
    note = sign_checkpoint(cp, signer.public_key, signer.sign)
    lines = note.split("\n")
    assert lines[:3] == ["llm-warden", "1000", base64.b64encode(root).decode()]
    assert lines[3] == "" and lines[4].startswith(f"{EM_DASH} llm-warden ")
    parsed, by = open_checkpoint(note, [signer.public_key])
    assert parsed == cp and by == signer.public_key
    sig_blob = base64.b64decode(lines[4].split(" ")[2])
    assert sig_blob[:4] == note_key_hash("llm-warden", signer.public_key) and len(sig_blob) == 68


@pytest.mark.parametrize("body", [
    "llm-warden\n01\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",  # leading zero
    "llm-warden\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
    "llm-warden\n5\nAAAA\n",                                           # not 32 bytes
    "\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
    "llm-warden\n5\n",
])
def test_malformed_checkpoints_are_rejected(body: str) -> None:
    with pytest.raises(NoteError):
        Checkpoint.parse(body)
