"""Signed checkpoints: the C2SP tlog-checkpoint body inside a C2SP signed note.

A checkpoint commits the log to ``(tree size, root hash)``. Written in the standard format, it can
be handed to a witness or checked by any tool that speaks c2sp.org/signed-note and
c2sp.org/tlog-checkpoint::

    llm-warden                      <- origin (also the key name)
    1000                            <- tree size
    q9Wm...base64 root...=          <- RFC 6962 root hash
                                    <- blank line
    — llm-warden AbCd...            <- em dash, key name, base64(key hash[4] || Ed25519 signature)

The key hash is ``SHA-256(name || 0x0A || 0x01 || public key)[:4]`` as the spec recommends for
Ed25519; the signature covers the note text (the body, final newline included).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

EM_DASH = "\u2014"
ALG_ED25519 = 0x01
MAX_SIGNATURES = 100


class NoteError(ValueError):
    """A note or checkpoint that is malformed or whose signature does not verify."""


def note_key_hash(name: str, public_key: bytes) -> bytes:
    """The 4-byte C2SP key ID of an Ed25519 key under ``name``."""
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([ALG_ED25519]) + public_key).digest()[:4]


def _check_name(name: str) -> None:
    if not name or any(c.isspace() for c in name) or "+" in name:
        raise NoteError(f"invalid key name {name!r}: must be non-empty, without spaces or '+'")


def verifier_key(name: str, public_key: bytes) -> str:
    """The C2SP verifier key string ``name+hexhash+base64(0x01 || public key)``."""
    _check_name(name)
    return (f"{name}+{note_key_hash(name, public_key).hex()}+"
            f"{base64.b64encode(bytes([ALG_ED25519]) + public_key).decode()}")


def parse_verifier_key(text: str) -> tuple[str, bytes]:
    """Parse a C2SP verifier key; returns ``(name, public_key)`` after checking its key hash."""
    parts = text.strip().split("+", 2)  # names cannot contain '+', base64 can
    if len(parts) != 3:
        raise NoteError("verifier key must be name+hash+key")
    name, hexhash, keyb64 = parts
    _check_name(name)
    try:
        raw = base64.b64decode(keyb64, validate=True)
        want = bytes.fromhex(hexhash)
    except (binascii.Error, ValueError) as e:
        raise NoteError(f"verifier key is not valid base64/hex: {e}") from e
    if len(raw) != 33 or raw[0] != ALG_ED25519 or len(hexhash) != 8:
        raise NoteError("verifier key is not an Ed25519 key")
    if note_key_hash(name, raw[1:]) != want:
        raise NoteError("verifier key hash does not match the key")
    return name, raw[1:]


def signer_key_seed(text: str) -> tuple[str, bytes]:
    """Parse a C2SP private key ``PRIVATE+KEY+name+hash+base64(0x01 || seed)`` (tests, import)."""
    parts = text.strip().split("+", 4)
    if len(parts) != 5 or parts[0] != "PRIVATE" or parts[1] != "KEY":
        raise NoteError("signer key must be PRIVATE+KEY+name+hash+key")
    raw = base64.b64decode(parts[4], validate=True)
    if len(raw) != 33 or raw[0] != ALG_ED25519:
        raise NoteError("signer key is not an Ed25519 key")
    return parts[2], raw[1:]


def sign_note(text: str, name: str, public_key: bytes, sign: Callable[[bytes], bytes]) -> str:
    """Sign ``text`` (which must end in a newline) and return the whole note."""
    _check_name(name)
    if not text.endswith("\n") or "\n\n" in text:
        raise NoteError("note text must end with a newline and contain no blank line")
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise NoteError("note text must not contain control characters")
    sig = sign(text.encode("utf-8"))
    blob = base64.b64encode(note_key_hash(name, public_key) + sig).decode()
    return f"{text}\n{EM_DASH} {name} {blob}\n"


@dataclass(frozen=True)
class NoteSignature:
    name: str
    key_hash: bytes
    signature: bytes


def split_note(note: str) -> tuple[str, list[NoteSignature]]:
    """Split a note into its text and signature lines without verifying anything."""
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise NoteError("note contains control characters")
    at = note.rfind("\n\n")
    if at < 0:
        raise NoteError("note has no blank line before its signatures")
    text, sigs_text = note[:at + 1], note[at + 2:]
    if not sigs_text.endswith("\n"):
        raise NoteError("note must end with a newline")
    sigs: list[NoteSignature] = []
    for line in sigs_text[:-1].split("\n"):
        if not line.startswith(EM_DASH + " "):
            raise NoteError(f"malformed signature line {line!r}")
        parts = line[2:].split(" ")
        if len(parts) != 2:
            raise NoteError(f"malformed signature line {line!r}")
        name, blob = parts
        _check_name(name)
        try:
            raw = base64.b64decode(blob, validate=True)
        except binascii.Error as e:
            raise NoteError(f"signature is not base64: {e}") from e
        if len(raw) < 5:
            raise NoteError("signature too short")
        sigs.append(NoteSignature(name, raw[:4], raw[4:]))
    if not sigs:
        raise NoteError("note has no signatures")
    if len(sigs) > MAX_SIGNATURES:
        raise NoteError("note has too many signatures")
    return text, sigs


def open_note(note: str, verifiers: Mapping[str, Iterable[bytes]]) -> tuple[str, list[bytes]]:
    """Verify a note against trusted keys (key name -> Ed25519 public keys).

    Returns ``(text, [public keys that signed it])``. Signatures by unknown keys are ignored, as
    the spec says; a bad signature by a known key rejects the note; at least one known key must
    have signed.
    """
    text, sigs = split_note(note)
    known: dict[tuple[str, bytes], bytes] = {}
    for name, keys in verifiers.items():
        for pk in keys:
            known[(name, note_key_hash(name, pk))] = pk
    signed_by: list[bytes] = []
    for s in sigs:
        signer = known.get((s.name, s.key_hash))
        if signer is None:
            continue
        try:
            VerifyKey(signer).verify(text.encode("utf-8"), s.signature)
        except BadSignatureError as e:
            raise NoteError(f"signature by {s.name} ({s.key_hash.hex()}) does not verify") from e
        signed_by.append(signer)
    if not signed_by:
        raise NoteError("note is not signed by any trusted key")
    return text, signed_by


@dataclass(frozen=True)
class Checkpoint:
    """A tlog-checkpoint body: origin, tree size, root hash, optional extension lines."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = field(default=())

    def text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode(), *self.extensions]
        return "\n".join(lines) + "\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "":
            raise NoteError("checkpoint needs origin, size and root lines")
        origin, size_s, root_s, *ext = lines[:-1]
        if not origin:
            raise NoteError("checkpoint origin is empty")
        if not size_s.isdigit() or (size_s != "0" and size_s.startswith("0")):
            raise NoteError(f"checkpoint tree size {size_s!r} is not a decimal number")
        try:
            root = base64.b64decode(root_s, validate=True)
        except binascii.Error as e:
            raise NoteError(f"checkpoint root is not base64: {e}") from e
        if len(root) != 32:
            raise NoteError("checkpoint root is not a SHA-256 hash")
        if any(not e for e in ext):
            raise NoteError("checkpoint has an empty extension line")
        return cls(origin, int(size_s), root, tuple(ext))


def sign_checkpoint(cp: Checkpoint, public_key: bytes, sign: Callable[[bytes], bytes]) -> str:
    """A signed checkpoint note; the key name is the checkpoint's origin."""
    return sign_note(cp.text(), cp.origin, public_key, sign)


def open_checkpoint(note: str, public_keys: Iterable[bytes]) -> tuple[Checkpoint, bytes]:
    """Verify a checkpoint note with the origin as key name; returns it and the key that signed."""
    text, _ = split_note(note)
    cp = Checkpoint.parse(text)
    _, signed_by = open_note(note, {cp.origin: list(public_keys)})
    return cp, signed_by[0]


def parse_checkpoint_unverified(note: str) -> Checkpoint:
    """The checkpoint inside a note, signature not checked (for listing and error messages)."""
    text, _ = split_note(note)
    return Checkpoint.parse(text)
