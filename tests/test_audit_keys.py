"""Signing keys: file keys (0600, refusal of readable files), the keyring, staged rotation."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from llm_warden.audit import keys
from llm_warden.audit.keys import (Signer, SigningKeyError, commit_staged, load_public_key,
                                   load_signer, load_staged, parse_public_key, stage_signer)


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_file_key_is_created_0600_with_parents(tmp_path: Path) -> None:
    path = tmp_path / "state" / "deeper" / "signing.key"
    signer = load_signer(f"file:{path}", create=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert len(path.read_bytes()) == 32
    again = load_signer(f"file:{path}")
    assert again.key_id == signer.key_id and again.public_key == signer.public_key


def test_key_id_is_derived_from_the_public_key(tmp_path: Path) -> None:
    signer = Signer(bytes(range(32)))
    assert signer.key_id == hashlib.sha256(signer.public_key).digest()[:8].hex()
    assert len(signer.key_id) == 16
    assert parse_public_key(signer.verify_key_b64) == signer.public_key
    assert parse_public_key(signer.note_verifier_key("llm-warden")) == signer.public_key
    assert parse_public_key(signer.public_key.hex()) == signer.public_key
    f = tmp_path / "pub.txt"
    f.write_text(f"key id: {signer.key_id}\n{signer.verify_key_b64}\n")
    assert load_public_key(str(f)) == signer.public_key


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_group_or_world_readable_key_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "signing.key"
    load_signer(f"file:{path}", create=True)
    path.chmod(mode)
    with pytest.raises(SigningKeyError, match="chmod 600"):
        load_signer(f"file:{path}")


def test_missing_file_key_without_create_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(SigningKeyError, match="keys init --signing-key file:") as e:
        load_signer(f"file:{tmp_path}/nope.key")
    assert isinstance(e.value, KeyError)
    assert not str(e.value).startswith("'")  # readable, not KeyError's quoted repr


def test_garbage_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k"
    path.write_bytes(b"not a key")
    path.chmod(0o600)
    with pytest.raises(SigningKeyError, match="32-byte"):
        load_signer(f"file:{path}")


def test_base64_seed_file_is_accepted(tmp_path: Path) -> None:
    seed = os.urandom(32)
    path = tmp_path / "k"
    path.write_text(base64.b64encode(seed).decode() + "\n")
    path.chmod(0o600)
    assert load_signer(f"file:{path}").public_key == Signer(seed).public_key


def test_unknown_spec_is_an_error() -> None:
    with pytest.raises(SigningKeyError, match="keyring' or 'file:PATH"):
        load_signer("vault:thing")


def test_no_keyring_backend_points_to_a_file_key(no_keyring: None) -> None:
    with pytest.raises(SigningKeyError) as e:
        load_signer("keyring", create=True)
    assert isinstance(e.value, KeyError)
    assert "--set warden_signing_key=file:PATH" in str(e.value)


def test_keyring_key_is_created_and_reloaded(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(SigningKeyError, match="keys init --signing-key keyring"):
        load_signer("keyring")
    created = load_signer("keyring", create=True)
    assert (keys.KEYRING_SERVICE, keys.KEYRING_USER) in memory_keyring.store
    assert load_signer("keyring").key_id == created.key_id


@pytest.mark.parametrize("spec_kind", ["file", "keyring"])
def test_staged_rotation_keeps_the_old_key_until_commit(tmp_path: Path, memory_keyring: MemoryKeyring,
                                                        spec_kind: str) -> None:
    spec = f"file:{tmp_path}/signing.key" if spec_kind == "file" else "keyring"
    old = load_signer(spec, create=True)
    new = Signer.generate()
    stage_signer(spec, new)
    assert load_signer(spec).key_id == old.key_id  # nothing replaced yet
    assert load_staged(spec).key_id == new.key_id
    committed = commit_staged(spec)
    assert committed.key_id == new.key_id == load_signer(spec).key_id
    assert load_staged(spec) is None


def test_signatures_verify(tmp_path: Path) -> None:
    from nacl.signing import VerifyKey
    signer = load_signer(f"file:{tmp_path}/k", create=True)
    VerifyKey(signer.public_key).verify(b"msg", signer.sign(b"msg"))
    assert len(signer.sign(b"msg")) == 64
