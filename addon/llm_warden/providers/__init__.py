"""Provider adapters: one module per API family, and the host registry that picks one."""

from .base import Adapter, Route
from .registry import Registry

__all__ = ["Adapter", "Registry", "Route"]
