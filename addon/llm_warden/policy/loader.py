"""Loading policies: validation, the content hash, and hot reload.

The sha256 recorded with every decision is computed over the policy's *canonical content*: the parsed
YAML serialised as canonical JSON (sorted keys, no insignificant whitespace, UTF-8, integral floats
written as integers). Comments, key order, quoting and flow/block style do not change it; any change
of meaning does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from .engine import Policy
from .schema import PolicyError, parse_yaml, validate

log = logging.getLogger("llm_warden.policy")

#: policy files larger than this are refused (a policy is a few KB)
MAX_POLICY_BYTES = 4 * 1024 * 1024


def _canon(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("non-finite number")
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canon(v) for v in value]
    raise TypeError(f"not JSON data: {type(value).__name__}")


def canonical_json(data: Any) -> bytes:
    """Canonical JSON bytes of parsed policy data (what the sha256 is computed over)."""
    return json.dumps(_canon(data), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def content_sha256(data: Any) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def load_policy_text(text: str, path: str = "<policy>") -> Policy:
    """Parse, validate and compile policy YAML; raises :class:`PolicyError` (``file:line: reason``)."""
    data, marks = parse_yaml(text, path)
    validate(data, marks, path)
    try:
        sha = content_sha256(data)
    except (TypeError, ValueError) as exc:
        raise PolicyError(path, [(None, f"cannot hash policy content: {exc}")]) from None
    return Policy(data, sha256=sha, path=path)


def read_policy_text(path: str | os.PathLike[str]) -> str:
    p = str(path)
    try:
        with open(p, "rb") as fh:
            raw = fh.read(MAX_POLICY_BYTES + 1)
    except OSError as exc:
        raise PolicyError(p, [(None, f"cannot read policy: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_POLICY_BYTES:
        raise PolicyError(p, [(None, f"policy file larger than {MAX_POLICY_BYTES} bytes")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PolicyError(p, [(line, "not valid UTF-8")]) from None


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """Load and validate the policy at ``path``; raises :class:`PolicyError` with ``file:line: reason``."""
    return load_policy_text(read_policy_text(path), str(path))


def _signature(path: str) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


class PolicyStore:
    """The policy in force, reloaded when its file changes.

    ``current()`` is a plain attribute read (the swap is atomic). ``maybe_reload()`` costs one
    ``stat()`` when nothing changed; when the file changed it is validated and swapped in, or — when
    invalid — the previous policy stays in force, the reason is logged and ``on_event`` receives a
    ``reload_rejected`` policy event (once per version of the broken file).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        on_event: Callable[[dict[str, Any]], None] | None = None,
        *,
        min_interval: float = 0.0,
    ):
        self.path = str(path)
        self.on_event = on_event
        self.min_interval = min_interval
        self._lock = threading.Lock()
        sig = _signature(self.path)
        self._policy = load_policy(self.path)  # a broken policy at start-up is fatal: raise
        self._sig = sig
        self._last_check = 0.0
        self.last_error: str | None = None

    def current(self) -> Policy:
        return self._policy

    @property
    def policy(self) -> Policy:
        return self._policy

    def maybe_reload(self) -> bool:
        """Reload if the file changed. True when a new policy was swapped in."""
        if self.min_interval:
            now = time.monotonic()
            if now - self._last_check < self.min_interval:
                return False
            self._last_check = now
        if _signature(self.path) == self._sig:
            return False
        return self.reload()

    def reload(self, *, force: bool = False) -> bool:
        """Validate the file now and swap it in if valid (and different). True when swapped."""
        with self._lock:
            sig = _signature(self.path)
            if sig == self._sig and not force:
                return False
            old = self._policy
            try:
                new = load_policy(self.path)
            except PolicyError as exc:
                self._sig = sig  # report this version of the file once
                error = str(exc)
                self.last_error = error
                log.warning("policy reload rejected, keeping %s %s (sha256 %s): %s",
                            old.id, old.version, old.sha256, error)
                self._emit({"type": "policy_event", "event": "reload_rejected", "path": self.path,
                            "error": error, "kept": old.ref_json()})
                return False
            except Exception as exc:  # never let a reload take the gateway down
                self._sig = sig
                error = f"{self.path}: unexpected error while loading: {exc!r}"
                self.last_error = error
                log.exception("policy reload failed, keeping %s", old.sha256)
                self._emit({"type": "policy_event", "event": "reload_rejected", "path": self.path,
                            "error": error, "kept": old.ref_json()})
                return False
            self._sig = sig
            self.last_error = None
            if new.sha256 == old.sha256:
                return False  # touched or reformatted: same content, same policy
            self._policy = new
        log.info("policy reloaded: %s %s sha256 %s (was %s)", new.id, new.version, new.sha256, old.sha256)
        self._emit({"type": "policy_event", "event": "reloaded", "path": self.path,
                    "policy": new.ref_json(), "previous": old.ref_json()})
        return True

    def _emit(self, event: dict[str, Any]) -> None:
        if self.on_event is None:
            return
        try:
            self.on_event(event)
        except Exception:  # the event sink must not break reloads
            log.exception("policy on_event callback failed")


__all__ = [
    "PolicyError",
    "Policy",
    "PolicyStore",
    "canonical_json",
    "content_sha256",
    "load_policy",
    "load_policy_text",
    "read_policy_text",
]
