"""Reading the log: filters over records and a readable table.

``show`` is for people answering "what did alice send to which model yesterday, and what was
found?". It reads records without judging them (that is ``verify``'s job) and never prints more
than the record holds: findings are types, places and fingerprints, never values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from . import segments
from .record import parse_ts

_RELATIVE = re.compile(r"^(\d+)([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_time(text: str, *, now: datetime | None = None) -> datetime:
    """RFC 3339 / ISO date (``2025-01-31``, ``2025-01-31T12:00Z``) or relative (``90m``, ``2d``)."""
    m = _RELATIVE.match(text.strip())
    if m:
        return (now or datetime.now(UTC)) - timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
    try:
        return parse_ts(text.strip())
    except ValueError as e:
        raise ValueError(f"not a time: {text!r} (use 2025-01-31, 2025-01-31T12:00:00Z or 2h)") from e


@dataclass
class Filters:
    user: str | None = None
    decision: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    finding_type: str | None = None
    record_type: str | None = None
    seq: int | None = None

    def match(self, rec: dict[str, Any]) -> bool:
        if self.seq is not None and rec.get("seq") != self.seq:
            return False
        if self.record_type and rec.get("type") != self.record_type:
            return False
        if self.decision and rec.get("decision") != self.decision:
            return False
        if self.user:
            if _obj(rec, "identity").get("user") != self.user:
                return False
        if self.finding_type:
            types = {f.get("type") for f in _findings(rec)}
            if self.finding_type.upper() not in types:
                return False
        if self.since or self.until:
            try:
                ts = parse_ts(str(rec.get("ts")))
            except ValueError:
                return False
            if self.since and ts < self.since:
                return False
            if self.until and ts > self.until:
                return False
        return True


def _obj(rec: dict[str, Any], key: str) -> dict[str, Any]:
    value = rec.get(key)
    return value if isinstance(value, dict) else {}


def _findings(rec: dict[str, Any]) -> list[dict[str, Any]]:
    found = rec.get("findings")
    return [f for f in found if isinstance(f, dict)] if isinstance(found, list) else []


def select(directory: str | Path, filters: Filters, limit: int | None = None) -> Iterator[dict[str, Any]]:
    n = 0
    for _seg, _lineno, _line, rec in segments.iter_records(Path(directory)):
        if filters.match(rec):
            yield rec
            n += 1
            if limit is not None and n >= limit:
                return


def _summary(rec: dict[str, Any]) -> tuple[str, str, str, str, str]:
    ident, target, policy = _obj(rec, "identity"), _obj(rec, "target"), _obj(rec, "policy")
    who = str(ident.get("user") or ident.get("client_ip") or "")
    if ident and not ident.get("verified"):
        who += " (unverified)" if who else "unverified"
    where = "/".join(str(x) for x in (target.get("provider"), target.get("model")) if x)
    counts: dict[str, int] = {}
    for f in _findings(rec):
        counts[str(f.get("type"))] = counts.get(str(f.get("type")), 0) + 1
    found = ", ".join(f"{t}×{n}" if n > 1 else t for t, n in sorted(counts.items()))
    what = str(rec.get("decision") or rec.get("type") or "")
    if rec.get("type") == "outcome":
        what = f"outcome {rec.get('status', '')}".strip()
    rule = str(policy.get("rule") or "")
    return who, where, str(what), found, rule


def render(records: Iterable[dict[str, Any]], console: Console | None = None) -> int:
    """Print records as a table; returns how many were shown."""
    table = Table(title="llm-warden audit records", show_lines=False)
    for col, style in (("seq", "dim"), ("time (UTC)", ""), ("type", "cyan"), ("decision", "bold"),
                       ("who", ""), ("target", ""), ("rule", "dim"), ("found", "magenta"),
                       ("reason", "")):
        table.add_column(col, style=style or None, overflow="fold")
    n = 0
    for rec in records:
        who, where, what, found, rule = _summary(rec)
        row_style = {"deny": "red", "redact": "yellow", "permit": "green"}.get(str(rec.get("decision")))
        ts = str(rec.get("ts", ""))[:19].replace("T", " ")
        table.add_row(str(rec.get("seq")), ts, str(rec.get("type")), what, who, where, rule, found,
                      str(rec.get("reason") or ""), style=row_style)
        n += 1
    (console or Console()).print(table)
    return n
