"""``llm-warden policy check FILE...`` and ``llm-warden policy test FILE CASES.yaml``.

``check`` validates policies (exit 0, prints id / version / sha256; otherwise exit 1 with one
``file:line: reason`` per problem). ``test`` runs a decision table against a policy, in the spirit of
``opa test``: every case gives an identity, a target, and either explicit ``findings`` or ``text`` to
classify (with the pattern and secret detectors, no NER model), plus the expected decision; a table of
pass/fail is printed and the exit status is non-zero on any failure.

The main CLI calls :func:`register`; every leaf parser sets ``func(args) -> int`` (the exit status).
``python -m llm_warden.policy.cli check FILE`` works too (:func:`main`).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import Any

import jsonschema

from ..types import Finding, Identity, LocatedFinding, Segment, Target
from .engine import Policy
from .loader import load_policy, read_policy_text
from .schema import PolicyError, as_list, parse_yaml, schema_issues

DEFAULT_POINTER = "/messages/0/content"
DEFAULT_TARGET = {
    "host": "api.openai.com",
    "provider": "openai",
    "api": "chat.completions",
    "model": "gpt-4o-mini",
    "path": "/v1/chat/completions",
}

_STR_LIST = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
_IDENTITY = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "user": {"type": ["string", "null"]},
        "groups": _STR_LIST,
        "verified": {"type": "boolean"},
        "auth": {"type": "string"},
        "client_ip": {"type": ["string", "null"]},
        "agent": {"type": ["string", "null"]},
        "key_fingerprint": {"type": ["string", "null"]},
    },
}
_TARGET = {
    "type": "object",
    "additionalProperties": False,
    "properties": {k: {"type": ["string", "null"]} for k in ("host", "provider", "api", "model", "path")},
}
_FINDING = {
    "type": "object",
    "additionalProperties": False,
    "required": ["type"],
    "properties": {
        "type": {"type": "string"},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
        "kind": {"type": "string"},
        "pointer": {"type": "string"},
        "start": {"type": "integer", "minimum": 0},
        "end": {"type": "integer", "minimum": 0},
        "detector": {"type": "string"},
    },
}
_SEGMENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["text"],
    "properties": {"text": {"type": "string"}, "role": {"type": "string"}, "pointer": {"type": "string"}},
}
_CASE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "decision"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string"},
        "identity": _IDENTITY,
        "target": _TARGET,
        "text": {"type": "string"},
        "role": {"type": "string"},
        "segments": {"type": "array", "items": _SEGMENT},
        "findings": {"type": "array", "items": _FINDING},
        "decision": {"type": "string", "enum": ["permit", "redact", "deny"]},
        "reason_contains": _STR_LIST,
        "rule": {"type": ["string", "null"]},
        "status": {"type": "integer"},
        "classes": {"type": "array", "items": {"type": "string"}},
        "redact": {"type": "object", "additionalProperties": {"type": "string"}},
        "fallbacks": {"type": "array", "items": {"type": "string"}},
        "limits": {"type": ["object", "null"]},
        "sealed_evidence": {"type": "boolean"},
    },
}
CASES_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["cases"],
    "properties": {
        "policy": {"type": "string"},  # the id of the policy these cases are for (checked)
        "description": {"type": "string"},
        "defaults": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"identity": _IDENTITY, "target": _TARGET},
        },
        "cases": {"type": "array", "minItems": 1, "items": _CASE},
    },
}
_CASES_VALIDATOR = jsonschema.Draft202012Validator(CASES_SCHEMA)


# -- decision tables -----------------------------------------------------------------------------


@dataclass
class CaseResult:
    index: int
    name: str
    line: int | None
    expected: str
    got: str
    rule: str | None
    reason: str
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class Case:
    index: int
    name: str
    line: int | None
    identity: Identity
    target: Target
    segments: list[Segment]
    findings: list[LocatedFinding] | None  # None: classify the text
    expect: dict[str, Any]


def load_cases(path: str) -> tuple[dict[str, Any], list[Case]]:
    """Parse and validate a decision-table file; raises :class:`PolicyError` with lines."""
    data, marks = parse_yaml(read_policy_text(path), path)
    if isinstance(data, list):  # a bare list of cases
        data = {"cases": data}
        marks.values = {("cases",) + k: v for k, v in marks.values.items()}
        marks.keys = {("cases",) + k: v for k, v in marks.keys.items()}
    issues = schema_issues(_CASES_VALIDATOR, data, marks)
    if issues:
        raise PolicyError(path, issues)
    defaults = data.get("defaults") or {}
    cases: list[Case] = []
    names: dict[str, int | None] = {}
    issues = []
    for i, raw in enumerate(data["cases"]):
        line = marks.line(("cases", i))
        if raw["name"] in names:
            issues.append((marks.line(("cases", i, "name")), f"duplicate case name {raw['name']!r}"))
        names[raw["name"]] = line
        if "text" in raw and "segments" in raw:
            issues.append((line, f"case {raw['name']!r}: give either text or segments, not both"))
        ident = {**(defaults.get("identity") or {}), **(raw.get("identity") or {})}
        tgt = {**DEFAULT_TARGET, **(defaults.get("target") or {}), **(raw.get("target") or {})}
        identity = Identity(
            user=ident.get("user"),
            groups=tuple(as_list(ident.get("groups"))),
            agent=ident.get("agent"),
            client_ip=ident.get("client_ip"),
            auth=ident.get("auth") or "none",
            verified=bool(ident.get("verified", False)),
            key_fingerprint=ident.get("key_fingerprint"),
        )
        target = Target(host=tgt.get("host") or "", provider=tgt.get("provider") or "", api=tgt.get("api") or "",
                        model=tgt.get("model"), path=tgt.get("path") or "/")
        if "segments" in raw:
            segments = [
                Segment(s.get("pointer") or f"/messages/{j}/content", s["text"], s.get("role") or "user")
                for j, s in enumerate(raw["segments"])
            ]
        else:
            segments = [Segment(DEFAULT_POINTER, raw.get("text", ""), raw.get("role") or "user")]
        findings: list[LocatedFinding] | None = None
        if "findings" in raw:
            findings = []
            for f in raw["findings"]:
                ptr = f.get("pointer") or segments[0].pointer
                start = int(f.get("start", 0))
                end = int(f.get("end", max(start, len(segments[0].text))))
                findings.append(LocatedFinding(ptr, Finding(
                    type=f["type"], start=start, end=end, score=float(f.get("score", 1.0)),
                    detector=f.get("detector", "test"), kind=f.get("kind"))))
        elif "text" not in raw and "segments" not in raw:
            findings = []  # no text, no findings: an empty prompt
        expect = {k: raw[k] for k in ("decision", "reason_contains", "rule", "status", "classes", "redact",
                                      "fallbacks", "limits", "sealed_evidence") if k in raw}
        cases.append(Case(i, raw["name"], line, identity, target, segments, findings, expect))
    if issues:
        raise PolicyError(path, issues)
    return data, cases


class _Classifier:
    """The colleague-owned classifier, imported only when a case needs it."""

    def __init__(self) -> None:
        self._engine: Any = None
        self.error: str | None = None

    def findings(self, segments: list[Segment]) -> list[LocatedFinding]:
        if self._engine is None and self.error is None:
            try:
                from ..classify.engine import Engine  # lazy: heavy, and optional for findings-only tables

                self._engine = Engine(use_ner=False)
            except Exception as exc:  # noqa: BLE001 - reported per case
                self.error = f"classifier unavailable ({exc.__class__.__name__}: {exc})"
        if self._engine is None:
            raise RuntimeError(self.error)
        texts = [s.text for s in segments]
        if hasattr(self._engine, "classify_many"):
            results = self._engine.classify_many(texts)
        else:
            results = [self._engine.classify(t) for t in texts]
        return [LocatedFinding(seg.pointer, f) for seg, fs in zip(segments, results) for f in fs]

    def close(self) -> None:
        if self._engine is not None and hasattr(self._engine, "close"):
            try:
                self._engine.close()
            except Exception:  # noqa: BLE001
                pass


def run_case(policy: Policy, case: Case, classifier: _Classifier) -> CaseResult:
    exp = case.expect
    result = CaseResult(case.index, case.name, case.line, exp["decision"], "-", None, "")
    try:
        findings = case.findings if case.findings is not None else classifier.findings(case.segments)
        decision = policy.decide(case.identity, case.target, case.segments, findings)
    except Exception as exc:  # noqa: BLE001 - a case error is a failure, not a crash
        result.got = "error"
        result.failures.append(str(exc))
        return result
    result.got, result.rule, result.reason = decision.action, decision.policy.rule, decision.reason
    f = result.failures
    if decision.action != exp["decision"]:
        f.append(f"decision: expected {exp['decision']}, got {decision.action}")
    if "rule" in exp and decision.policy.rule != exp["rule"]:
        f.append(f"rule: expected {exp['rule'] or '(default deny)'}, got {decision.policy.rule or '(default deny)'}")
    for needle in as_list(exp.get("reason_contains")):
        if needle.casefold() not in decision.reason.casefold():
            f.append(f"reason does not contain {needle!r}")
    if "status" in exp and decision.status != exp["status"]:
        f.append(f"status: expected {exp['status']}, got {decision.status}")
    if "classes" in exp and sorted(decision.classes) != sorted(exp["classes"]):
        f.append(f"classes: expected {sorted(exp['classes'])}, got {sorted(decision.classes)}")
    if "redact" in exp and decision.redact != exp["redact"]:
        f.append(f"redact: expected {exp['redact']}, got {decision.redact}")
    if "fallbacks" in exp:
        names = [e.get("name") for e in decision.fallbacks]
        if names != exp["fallbacks"]:
            f.append(f"fallbacks: expected {exp['fallbacks']}, got {names}")
    if "limits" in exp:
        want = exp["limits"]
        if want is None:
            if decision.limits is not None:
                f.append(f"limits: expected none, got {decision.limits}")
        elif decision.limits is None or any(decision.limits.get(k) != v for k, v in want.items()):
            f.append(f"limits: expected {want}, got {decision.limits}")
    if "sealed_evidence" in exp and decision.sealed_evidence != exp["sealed_evidence"]:
        f.append(f"sealed_evidence: expected {exp['sealed_evidence']}, got {decision.sealed_evidence}")
    return result


def run_table(policy: Policy, cases: list[Case]) -> list[CaseResult]:
    classifier = _Classifier()
    try:
        return [run_case(policy, c, classifier) for c in cases]
    finally:
        classifier.close()


# -- commands ------------------------------------------------------------------------------------


def _console(stream=None):
    from rich.console import Console

    stream = stream or sys.stdout
    tty = hasattr(stream, "isatty") and stream.isatty()
    return Console(file=stream, width=None if tty else 140, highlight=False, soft_wrap=False)


def cmd_check(args: argparse.Namespace) -> int:
    status = 0
    out = []
    for path in args.files:
        try:
            policy = load_policy(path)
        except PolicyError as exc:
            status = 1
            if args.json:
                out.append({"file": path, "valid": False,
                            "errors": [{"line": ln, "reason": r} for ln, r in exc.issues]})
            else:
                print(str(exc), file=sys.stderr)
            continue
        if args.json:
            out.append({"file": path, "valid": True, **policy.ref_json(), "rules": len(policy.rules)})
        else:
            print(f"{path}: OK  id={policy.id}  version={policy.version}  sha256={policy.sha256}  "
                  f"rules={len(policy.rules)}")
    if args.json:
        print(json.dumps(out if len(out) != 1 else out[0], indent=2))
    return status


def cmd_test(args: argparse.Namespace) -> int:
    try:
        policy = load_policy(args.policy)
    except PolicyError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        meta, cases = load_cases(args.cases)
    except PolicyError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if meta.get("policy") and meta["policy"] != policy.id:
        print(f"{args.cases}: these cases are for policy {meta['policy']!r}, not {policy.id!r}", file=sys.stderr)
        return 2
    if args.filter:
        cases = [c for c in cases if args.filter.casefold() in c.name.casefold()]
    results = run_table(policy, cases)
    failed = [r for r in results if not r.ok]
    if args.json:
        print(json.dumps({
            "policy": policy.ref_json(), "cases": args.cases, "passed": len(results) - len(failed),
            "failed": len(failed),
            "results": [{"name": r.name, "line": r.line, "ok": r.ok, "expected": r.expected, "got": r.got,
                         "rule": r.rule, "reason": r.reason, "failures": r.failures} for r in results],
        }, indent=2))
        return 1 if failed else 0
    from rich.markup import escape
    from rich.table import Table

    console = _console()
    table = Table(title=f"{policy.id} {policy.version} (sha256 {policy.sha256[:16]}…) — {args.cases}",
                  title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("case")
    table.add_column("expected")
    table.add_column("got")
    table.add_column("rule")
    table.add_column("result")
    if args.verbose:
        table.add_column("reason", overflow="fold")
    for r in results:
        row = [str(r.index + 1), escape(r.name), r.expected, r.got, escape("-" if r.got == "error" else r.rule or "(default deny)"),
               "[green]PASS[/green]" if r.ok else "[bold red]FAIL[/bold red]"]
        if args.verbose:
            row.append(escape(r.reason))
        table.add_row(*row)
    console.print(table)
    for r in failed:
        console.print(f"[bold red]FAIL[/bold red] {escape(args.cases)}:{r.line}: {escape(r.name)}", soft_wrap=True)
        for msg in r.failures:
            console.print(f"    {escape(msg)}", soft_wrap=True)
        if r.reason:
            console.print(f"    reason: {escape(r.reason)}", soft_wrap=True)
    console.print(f"{len(results) - len(failed)} passed, {len(failed)} failed", soft_wrap=True)
    return 1 if failed else 0


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``policy check`` and ``policy test`` to the main CLI's subparsers."""
    parser = subparsers.add_parser("policy", help="validate policies and run decision tables",
                                   description="Validate policies and run decision tables.")
    sub = parser.add_subparsers(dest="policy_command", metavar="{check,test}")

    check = sub.add_parser("check", help="validate policy files",
                           description="Validate policy files: exit 0 and print id, version and sha256, "
                                       "or exit 1 with file:line: reason.")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.set_defaults(func=cmd_check)

    test = sub.add_parser("test", help="run a decision table against a policy",
                          description="Run decision-table tests (identity + target + text/findings → "
                                      "expected decision) against a policy.")
    test.add_argument("policy", metavar="FILE")
    test.add_argument("cases", metavar="CASES.yaml")
    test.add_argument("-k", "--filter", help="only cases whose name contains this")
    test.add_argument("-v", "--verbose", action="store_true", help="show every decision's reason")
    test.add_argument("--json", action="store_true", help="machine-readable output")
    test.set_defaults(func=cmd_test)

    def _help(_args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    """``python -m llm_warden.policy.cli [policy] check|test ...``"""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("check", "test"):
        argv.insert(0, "policy")
    parser = argparse.ArgumentParser(prog="llm-warden")
    subparsers = parser.add_subparsers(dest="command", required=True)
    register(subparsers)
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
