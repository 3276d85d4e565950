"""Policy: who may send which data, classified, to which model.

- :mod:`.schema`  — the documented YAML schema, line-numbered validation (:class:`PolicyError`)
- :mod:`.loader`  — :func:`load_policy` (content hash) and :class:`PolicyStore` (hot reload)
- :mod:`.engine`  — :class:`Policy` and its pure ``decide()``
- :mod:`.cli`     — ``llm-warden policy check`` / ``policy test``

Imports are kept lazy here so that ``import llm_warden.policy.ratelimit`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Policy
    from .loader import PolicyStore, load_policy, load_policy_text
    from .schema import PolicyError

__all__ = ["Policy", "PolicyError", "PolicyStore", "load_policy", "load_policy_text"]


def __getattr__(name: str) -> Any:
    if name == "Policy":
        from .engine import Policy

        return Policy
    if name == "PolicyError":
        from .schema import PolicyError

        return PolicyError
    if name in ("PolicyStore", "load_policy", "load_policy_text"):
        from . import loader

        return getattr(loader, name)
    raise AttributeError(name)
