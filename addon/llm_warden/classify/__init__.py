"""Classification: what sensitive data a prompt segment contains, with code-point spans.

``Engine`` is the entry point; the detector modules (``patterns``, ``secrets``, ``normalize``,
``ner``) are importable on their own for tests and tools.
"""

from .engine import Engine, merge_findings

__all__ = ["Engine", "merge_findings"]
