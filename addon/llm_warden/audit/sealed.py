"""Sealed evidence: the original request, readable only by an auditor.

Some policies want the exact request kept as evidence, but the audit log is read by operators who
must not see prompts. A NaCl SealedBox (X25519 + XSalsa20-Poly1305 with an ephemeral sender key)
encrypts the body to the auditor's public key: the gateway can write it and nobody holding only
the log can read it, including the gateway itself later. The ciphertext goes into the record
(``sealed_request``), so it is covered by the record's signature and the Merkle tree.

``llm-warden keys auditor-init FILE`` makes the auditor's key pair; ``llm-warden audit open`` uses
the private key to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from pathlib import Path
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from .keys import read_secret_file, write_private_file

ALG = "nacl-sealedbox-x25519-xsalsa20poly1305"
#: Record fields that may carry sealed evidence.
SEALED_FIELDS = ("sealed_request", "sealed_evidence")


class SealedError(ValueError):
    """Evidence that cannot be sealed or opened (bad key, wrong key, damaged ciphertext)."""


def _public(key: bytes | str | PublicKey) -> PublicKey:
    if isinstance(key, PublicKey):
        return key
    raw = key
    if isinstance(key, str):
        text = key.strip()
        path = Path(text).expanduser()
        if len(text) < 4096 and path.is_file():
            text = path.read_text().strip().splitlines()[-1].strip()
        try:
            raw = base64.b64decode(text, validate=True)
        except binascii.Error as e:
            raise SealedError(f"auditor public key is not base64: {e}") from e
    if not isinstance(raw, bytes) or len(raw) != 32:
        raise SealedError("auditor public key must be 32 bytes (X25519)")
    return PublicKey(raw)


def auditor_key_id(public_key: bytes | str | PublicKey) -> str:
    return hashlib.sha256(bytes(_public(public_key))).digest()[:8].hex()


def seal(original_body: bytes, auditor_public_key: bytes | str | PublicKey) -> str:
    """Encrypt ``original_body`` to the auditor; returns base64 ciphertext."""
    box = SealedBox(_public(auditor_public_key))
    return base64.b64encode(box.encrypt(bytes(original_body))).decode("ascii")


def sealed_evidence(original_body: bytes, auditor_public_key: bytes | str | PublicKey) -> dict[str, Any]:
    """A self-describing evidence object (algorithm, which auditor key, ciphertext)."""
    pk = _public(auditor_public_key)
    return {"alg": ALG, "auditor_key_id": auditor_key_id(pk), "ciphertext": seal(original_body, pk)}


def open_sealed(ciphertext: str | dict[str, Any], private_key: bytes | PrivateKey) -> bytes:
    """Decrypt what :func:`seal` (or :func:`sealed_evidence`) produced."""
    if isinstance(ciphertext, dict):
        ciphertext = ciphertext.get("ciphertext", "")
    sk = private_key if isinstance(private_key, PrivateKey) else PrivateKey(private_key)
    try:
        raw = base64.b64decode(str(ciphertext), validate=True)
        return SealedBox(sk).decrypt(raw)
    except (binascii.Error, CryptoError, ValueError) as e:
        raise SealedError("cannot open sealed evidence: wrong auditor key or damaged ciphertext") from e


def generate_auditor_key(path: Path) -> str:
    """Create the auditor's private key file (0600); returns the public key, base64."""
    sk = PrivateKey.generate()
    write_private_file(path, bytes(sk))
    return base64.b64encode(bytes(sk.public_key)).decode()


def load_auditor_key(path: Path) -> PrivateKey:
    return PrivateKey(read_secret_file(path, what="auditor key"))
