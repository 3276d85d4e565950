"""Signing keys: where the Ed25519 key lives, and how it is loaded, created and rotated.

``warden_signing_key`` is either ``keyring`` (the OS keychain through the ``keyring`` package) or
``file:PATH`` (a 32-byte seed, mode 0600). A key file anyone else can read would let them forge
records, so such a file is refused rather than used. A machine without a keychain (headless
servers, containers) gets an error that says how to use a file key instead of a silent fallback to
somewhere less safe.

Rotation never overwrites the only copy of a key before the log knows about the new one: the new
key is *staged* (``PATH.next`` or a second keychain entry), the transition record is written and
synced, and only then is the staged key moved into place (:func:`commit_staged`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
import string
from types import ModuleType
from pathlib import Path

from nacl.signing import SigningKey

from . import checkpoint

KEYRING_SERVICE = "llm-warden"
KEYRING_USER = "audit-signing-key"
KEYRING_STAGED_USER = "audit-signing-key.next"
SEED_SIZE = 32


class SigningKeyError(KeyError):
    """The signing key cannot be loaded, created or stored (message says what to do)."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0]) if self.args else "signing key error"


def key_id_of(public_key: bytes) -> str:
    """Short key id recorded in every record: first 8 bytes of SHA-256(public key), hex."""
    return hashlib.sha256(public_key).digest()[:8].hex()


class Signer:
    """An Ed25519 signing key with the ids the log and checkpoints refer to it by."""

    def __init__(self, seed: bytes, *, source: str = "memory") -> None:
        if len(seed) != SEED_SIZE:
            raise SigningKeyError(f"an Ed25519 seed is {SEED_SIZE} bytes, not {len(seed)}")
        self._key = SigningKey(seed)
        self.public_key: bytes = bytes(self._key.verify_key)
        self.key_id: str = key_id_of(self.public_key)
        self.verify_key_b64: str = base64.b64encode(self.public_key).decode()
        self.source = source

    @classmethod
    def generate(cls, *, source: str = "memory") -> Signer:
        return cls(os.urandom(SEED_SIZE), source=source)

    def sign(self, msg: bytes) -> bytes:
        """Detached 64-byte Ed25519 signature."""
        return self._key.sign(msg).signature

    def note_verifier_key(self, origin: str) -> str:
        """C2SP verifier key for checkpoints signed under ``origin``."""
        return checkpoint.verifier_key(origin, self.public_key)

    @property
    def public_key_text(self) -> str:
        return self.verify_key_b64

    def _seed(self) -> bytes:
        return bytes(self._key)

    def __repr__(self) -> str:
        return f"Signer(key_id={self.key_id!r}, source={self.source!r})"


def parse_public_key(text: str) -> bytes:
    """A 32-byte Ed25519 public key from base64, hex, or a C2SP verifier key string."""
    text = text.strip()
    parts = text.split("+", 2)
    if len(parts) == 3 and len(parts[1]) == 8 and all(c in string.hexdigits for c in parts[1]):
        return checkpoint.parse_verifier_key(text)[1]
    for decode in (lambda t: base64.b64decode(t, validate=True), bytes.fromhex):
        try:
            raw = decode(text)
        except (binascii.Error, ValueError):
            continue
        if len(raw) == 32:
            return raw
    raise ValueError("not an Ed25519 public key (expected base64, hex or a C2SP verifier key)")


def load_public_key(spec: str) -> bytes:
    """``--public-key`` value: the key itself, or a file whose last non-empty line is the key."""
    path = Path(spec).expanduser()
    if len(spec) < 4096 and path.is_file():
        lines = [ln for ln in path.read_text().splitlines() if ln.strip()]
        if not lines:
            raise ValueError(f"{path} is empty")
        return parse_public_key(lines[-1])
    return parse_public_key(spec)


# --- files ---------------------------------------------------------------------------------

def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_private_file(path: Path, what: str = "signing key") -> None:
    """Refuse a secret file that group or others can access (or that is not a regular file)."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):
        raise SigningKeyError(f"{what} {path} is not a regular file")
    if st.st_mode & 0o077:
        raise SigningKeyError(
            f"{what} {path} is accessible by group/others (mode {stat.S_IMODE(st.st_mode):04o}); "
            f"anyone who can read it can forge audit records. Run: chmod 600 {path}")


def write_private_file(path: Path, data: bytes, *, exclusive: bool = True) -> None:
    """Create a 0600 file (parents 0700) durably: data fsync'd, then the directory entry."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    _fsync_dir(path.parent)


def read_secret_file(path: Path, size: int = SEED_SIZE, what: str = "signing key") -> bytes:
    """Read a raw ``size``-byte secret (or its base64 text) from a checked 0600 file."""
    check_private_file(path, what)
    raw = path.read_bytes()
    if len(raw) == size:
        return raw
    try:
        decoded = base64.b64decode(raw.strip(), validate=True)
    except binascii.Error:
        decoded = b""
    if len(decoded) == size:
        return decoded
    raise SigningKeyError(f"{what} {path} does not hold a {size}-byte key ({len(raw)} bytes found)")


def load_secret_file(path: Path, *, create: bool, what: str) -> bytes:
    """Load a secret file, creating it with random bytes when asked to and it does not exist."""
    if not path.exists():
        if not create:
            raise FileNotFoundError(path)
        try:
            write_private_file(path, os.urandom(SEED_SIZE))
        except FileExistsError:
            pass  # another process created it first: use theirs
        except OSError as e:
            raise SigningKeyError(f"cannot create {what} {path}: {e.strerror or e}") from e
    return read_secret_file(path, what=what)


def _file_signer(path: Path, create: bool) -> Signer:
    try:
        seed = load_secret_file(path, create=create, what="signing key")
    except FileNotFoundError:
        raise SigningKeyError(
            f"no signing key at {path}; create one with: llm-warden keys init --signing-key file:{path}"
        ) from None
    except PermissionError as e:
        raise SigningKeyError(f"cannot read signing key {path}: {e.strerror}") from e
    return Signer(seed, source=f"file:{path}")


# --- keyring -------------------------------------------------------------------------------

_NO_KEYRING = ("no usable OS keyring backend on this machine ({why}). Keep the signing key in a "
               "file instead: --set warden_signing_key=file:PATH (for the CLI: --signing-key "
               "file:PATH), e.g. file:~/.llm-warden/signing.key")


def _keyring() -> ModuleType:
    """The keyring module, or SigningKeyError when no real backend is available."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError as e:  # pragma: no cover - keyring is a dependency
        raise SigningKeyError(_NO_KEYRING.format(why=f"keyring not installed: {e}")) from e
    backend = keyring.get_keyring()
    unusable = isinstance(backend, fail.Keyring) or (
        isinstance(backend, chainer.ChainerBackend) and not backend.backends)
    if not unusable and type(backend).__module__.endswith("backends.null"):
        unusable = True
    if unusable:
        raise SigningKeyError(_NO_KEYRING.format(why=f"backend is {type(backend).__module__}"))
    return keyring


def _keyring_get(user: str) -> bytes | None:
    kr = _keyring()
    try:
        value = kr.get_password(KEYRING_SERVICE, user)
    except Exception as e:  # keyring backends raise many kinds of errors
        raise SigningKeyError(_NO_KEYRING.format(why=f"{type(e).__name__}: {e}")) from e
    if value is None:
        return None
    try:
        seed = base64.b64decode(value, validate=True)
    except binascii.Error as e:
        raise SigningKeyError(f"keyring entry {KEYRING_SERVICE}/{user} is not base64") from e
    if len(seed) != SEED_SIZE:
        raise SigningKeyError(f"keyring entry {KEYRING_SERVICE}/{user} is not a 32-byte seed")
    return seed


def _keyring_set(user: str, seed: bytes | None) -> None:
    kr = _keyring()
    try:
        if seed is None:
            kr.delete_password(KEYRING_SERVICE, user)
        else:
            kr.set_password(KEYRING_SERVICE, user, base64.b64encode(seed).decode())
    except Exception as e:
        raise SigningKeyError(_NO_KEYRING.format(why=f"{type(e).__name__}: {e}")) from e


def _keyring_signer(create: bool) -> Signer:
    seed = _keyring_get(KEYRING_USER)
    if seed is None:
        if not create:
            raise SigningKeyError(
                f"no signing key in the OS keyring ({KEYRING_SERVICE}/{KEYRING_USER}); create one "
                "with: llm-warden keys init --signing-key keyring")
        seed = os.urandom(SEED_SIZE)
        _keyring_set(KEYRING_USER, seed)
    return Signer(seed, source="keyring")


# --- public API ----------------------------------------------------------------------------

def _parse_spec(spec: str) -> tuple[str, Path | None]:
    spec = spec.strip()
    if spec == "keyring":
        return "keyring", None
    if spec.startswith("file:") and len(spec) > 5:
        return "file", Path(spec[5:]).expanduser()
    raise SigningKeyError(f"unknown signing key {spec!r}: use 'keyring' or 'file:PATH'")


def load_signer(spec: str, *, create: bool = False) -> Signer:
    """Load the signing key named by ``spec`` (``keyring`` or ``file:PATH``).

    With ``create=True`` a missing key is generated and stored (file: 0600, parents 0700).
    Raises :class:`SigningKeyError` with an actionable message on every failure.
    """
    kind, path = _parse_spec(spec)
    if kind == "keyring":
        return _keyring_signer(create)
    assert path is not None
    return _file_signer(path, create)


def staged_path(path: Path) -> Path:
    return path.with_name(path.name + ".next")


def stage_signer(spec: str, signer: Signer) -> None:
    """Store ``signer`` beside the current key without replacing it (first step of a rotation)."""
    kind, path = _parse_spec(spec)
    if kind == "keyring":
        _keyring_set(KEYRING_STAGED_USER, signer._seed())
        return
    assert path is not None
    nxt = staged_path(path)
    nxt.unlink(missing_ok=True)
    write_private_file(nxt, signer._seed())


def load_staged(spec: str) -> Signer | None:
    """The staged key of an interrupted rotation, if any."""
    kind, path = _parse_spec(spec)
    if kind == "keyring":
        seed = _keyring_get(KEYRING_STAGED_USER)
        return None if seed is None else Signer(seed, source="keyring (staged)")
    assert path is not None
    nxt = staged_path(path)
    if not nxt.exists():
        return None
    return Signer(read_secret_file(nxt), source=f"file:{nxt}")


def discard_staged(spec: str) -> None:
    kind, path = _parse_spec(spec)
    if kind == "keyring":
        if _keyring_get(KEYRING_STAGED_USER) is not None:
            _keyring_set(KEYRING_STAGED_USER, None)
        return
    assert path is not None
    staged_path(path).unlink(missing_ok=True)


def commit_staged(spec: str) -> Signer:
    """Make the staged key the current one (after the transition record is durable)."""
    staged = load_staged(spec)
    if staged is None:
        raise SigningKeyError(f"no staged key to commit for {spec}")
    kind, path = _parse_spec(spec)
    if kind == "keyring":
        _keyring_set(KEYRING_USER, staged._seed())
        _keyring_set(KEYRING_STAGED_USER, None)
        return Signer(staged._seed(), source="keyring")
    assert path is not None
    os.replace(staged_path(path), path)
    _fsync_dir(path.parent)
    return Signer(staged._seed(), source=f"file:{path}")
