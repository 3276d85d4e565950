"""The policy file format: YAML with line marks, a JSON Schema, and the checks a schema can't express.

Every problem is reported as ``file:line: reason`` (:class:`PolicyError`). The YAML is composed into
nodes first (``yaml.compose`` keeps each node's start mark), converted to plain Python while a
path → line table is kept, validated with a real JSON Schema validator (``jsonschema``, Draft 2020-12),
and each validator error's path is mapped back to the line it came from. Semantic checks that a
schema cannot express (duplicate rule names, references to undeclared classes or endpoints, regular
expressions that do not compile, CIDR networks, reason templates) report lines the same way.

The documented schema lives in ``policies/README.md``; :data:`POLICY_SCHEMA` is its machine form.
"""

from __future__ import annotations

import ipaddress
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import jsonschema
import yaml

from ..types import ENTITY_TYPES

Path = tuple[str | int, ...]

ACTIONS = ("permit", "redact", "deny")
STRATEGIES = ("placeholder", "mask", "hash", "drop")
AUTH_METHODS = ("proxyauth", "jwt", "ipmap", "none")
LIMIT_KEYS = ("requests_per_minute", "tokens_per_day")

#: fields a ``reason`` template may use (``"contains a secret ({kinds})"``)
REASON_FIELDS = frozenset(
    {
        "rule",  # the matched rule's name
        "policy",  # the policy id
        "version",  # the policy version
        "classes",  # data classes present, comma separated ("none" when none)
        "types",  # entity types found that count for a class, comma separated
        "kinds",  # SECRET kinds found, humanised ("aws access key id"), or "secret"
        "redacted",  # entity types redacted by this decision
        "user",  # identity.user or "anonymous"
        "groups",  # identity groups, comma separated
        "client_ip",
        "agent",
        "auth",
        "model",  # target.model or "unknown"
        "provider",
        "host",
        "api",
        "covered_endpoints",  # endpoints that cover the restricted classes present
    }
)

NAME_RE = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"
CLASS_RE = r"^[A-Z][A-Z0-9_]*$"


class PolicyError(ValueError):
    """An invalid policy (or decision-table) file. ``str()`` is one ``file:line: reason`` per problem."""

    def __init__(self, path: str, issues: list[tuple[int | None, str]]):
        self.path = str(path)
        self.issues = sorted(issues, key=lambda i: (i[0] or 0))
        self.line = self.issues[0][0] if self.issues else None
        self.reason = self.issues[0][1] if self.issues else "invalid policy"
        super().__init__(str(self))

    def __str__(self) -> str:
        out = []
        for line, reason in self.issues or [(None, "invalid policy")]:
            out.append(f"{self.path}:{line}: {reason}" if line else f"{self.path}: {reason}")
        return "\n".join(out)


# -- YAML with marks -----------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: ``version: 2025-01-15`` stays a string."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Marks:
    """Path → 1-based line of the value, and of the mapping key that introduced it."""

    values: dict[Path, int] = field(default_factory=dict)
    keys: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Iterable[str | int], *, key: bool = False) -> int | None:
        p = tuple(path)
        while True:
            if key and p in self.keys:
                return self.keys[p]
            if p in self.values:
                return self.values[p]
            if not p:
                return None
            p = p[:-1]
            key = False


def parse_yaml(text: str, path: str = "<policy>") -> tuple[Any, Marks]:
    """Parse one YAML document into plain Python, keeping a line for every path.

    Mapping keys are always strings (their source text: ``on:`` stays ``"on"``); a duplicate key is an
    error (PyYAML would silently keep the last one).
    """
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            problem = exc.problem or str(exc)
            if exc.context:
                problem = f"{exc.context}: {problem}"
            raise PolicyError(path, [(line, f"YAML syntax error: {problem}")]) from None
        except yaml.YAMLError as exc:
            raise PolicyError(path, [(None, f"YAML error: {exc}")]) from None
        if node is None:
            raise PolicyError(path, [(1, "empty document")])
        marks = Marks()
        issues: list[tuple[int | None, str]] = []
        data = _convert(loader, node, (), marks, issues, 0)
        if issues:
            raise PolicyError(path, issues)
        return data, marks
    finally:
        loader.dispose()


def _convert(loader, node, p: Path, marks: Marks, issues, depth: int) -> Any:
    marks.values.setdefault(p, node.start_mark.line + 1)
    if depth > 64:
        issues.append((node.start_mark.line + 1, "document nested too deeply (recursive alias?)"))
        return None
    if isinstance(node, yaml.MappingNode):
        try:
            loader.flatten_mapping(node)  # YAML merge keys (<<)
        except yaml.MarkedYAMLError as exc:
            issues.append((node.start_mark.line + 1, f"YAML error: {exc.problem}"))
            return {}
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kline = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                issues.append((kline, "mapping keys must be plain scalars"))
                continue
            key = key_node.value
            if key in out:
                first = marks.keys.get(p + (key,))
                issues.append((kline, f"duplicate key {key!r}" + (f" (first at line {first})" if first else "")))
                continue
            marks.keys[p + (key,)] = kline
            out[key] = _convert(loader, value_node, p + (key,), marks, issues, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, v, p + (i,), marks, issues, depth + 1) for i, v in enumerate(node.value)]
    # scalar
    if p in (("id",), ("version",)):
        return node.value  # the source text: version 1.10 stays "1.10"
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        issues.append((node.start_mark.line + 1, f"cannot read value: {exc}"))
        return None
    if not isinstance(value, (str, int, float, bool, type(None))):
        issues.append((node.start_mark.line + 1, f"unsupported YAML value of type {type(value).__name__}"))
        return None
    return value


# -- JSON Schema ---------------------------------------------------------------------------------


def _str_or_list(item: dict[str, Any] | None = None) -> dict[str, Any]:
    item = item or {"type": "string", "minLength": 1}
    return {"anyOf": [item, {"type": "array", "items": item}]}


_CLASS_NAME = {"type": "string", "pattern": CLASS_RE}

_MATCH = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "identity": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "users": _str_or_list(),
                "groups": _str_or_list(),
                "verified": {"type": "boolean"},
                "networks": _str_or_list(),
                "agents": _str_or_list(),
                "auth": _str_or_list({"type": "string", "enum": list(AUTH_METHODS)}),
            },
        },
        "target": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "providers": _str_or_list(),
                "hosts": _str_or_list(),
                "apis": _str_or_list(),
                "models": _str_or_list(),
                "endpoints": _str_or_list(),
                "covered": {"type": "boolean"},
            },
        },
        "classes": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "any": _str_or_list(_CLASS_NAME),
                "all": _str_or_list(_CLASS_NAME),
                "none": _str_or_list(_CLASS_NAME),
            },
        },
    },
}

#: a condition, or a list of conditions of which any may hold
_MATCHES = {"anyOf": [_MATCH, {"type": "array", "minItems": 1, "items": _MATCH}]}

POLICY_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "llm-warden policy",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "version", "rules"],
    "properties": {
        "id": {"type": "string", "pattern": NAME_RE},
        "version": {"type": "string", "minLength": 1},
        "description": {"type": "string"},
        "default": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"reason": {"type": "string", "minLength": 1}},
        },
        "shadow_ai": {
            "type": "object",
            "additionalProperties": False,
            "required": ["hosts"],
            "properties": {"hosts": _str_or_list(), "reason": {"type": "string", "minLength": 1}},
        },
        "classes": {
            "type": "object",
            "propertyNames": {"pattern": CLASS_RE},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "description": {"type": "string"},
                    "min_score": {"type": "number", "minimum": 0, "maximum": 1},
                    "entities": {
                        "type": "array",
                        "items": {
                            "anyOf": [
                                {"type": "string", "minLength": 1},
                                {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "required": ["type"],
                                    "properties": {
                                        "type": {"type": "string", "minLength": 1},
                                        "min_score": {"type": "number", "minimum": 0, "maximum": 1},
                                    },
                                },
                            ]
                        },
                    },
                    "keywords": {"type": "array", "items": {"type": "string", "minLength": 1}},
                    "patterns": {"type": "array", "items": {"type": "string", "minLength": 1}},
                    "roles": _str_or_list(),
                    "requires_coverage": {"type": "boolean"},
                },
            },
        },
        "endpoints": {
            "type": "object",
            "propertyNames": {"pattern": NAME_RE},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["url", "provider"],
                "properties": {
                    "url": {"type": "string", "pattern": r"^https?://[^/\s]+"},
                    "provider": {"type": "string", "minLength": 1},
                    "hosts": _str_or_list(),
                    "model": {"type": "string", "minLength": 1},
                    "covers": {"type": "array", "items": _CLASS_NAME},
                    "description": {"type": "string"},
                    "api_key_env": {"type": "string", "minLength": 1},
                    "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
        },
        "rules": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "action"],
                "properties": {
                    "name": {"type": "string", "pattern": NAME_RE},
                    "description": {"type": "string"},
                    "when": _MATCHES,
                    "unless": _MATCHES,
                    "action": {"type": "string", "enum": list(ACTIONS)},
                    "reason": {"type": "string", "minLength": 1},
                    "status": {"type": "integer", "minimum": 400, "maximum": 599},
                    "redact": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "strategy": {"type": "string", "enum": list(STRATEGIES)},
                            "classes": _str_or_list(_CLASS_NAME),
                            "types": {
                                "type": "object",
                                "additionalProperties": {"type": "string", "enum": list(STRATEGIES)},
                            },
                        },
                    },
                    "limits": {
                        "type": "object",
                        "additionalProperties": False,
                        "minProperties": 1,
                        "properties": {k: {"type": "integer", "minimum": 1} for k in LIMIT_KEYS},
                    },
                    "fallbacks": _str_or_list(),
                    "sealed_evidence": {"type": "boolean"},
                },
                "allOf": [
                    {
                        "if": {"properties": {"action": {"const": "deny"}}, "required": ["action"]},
                        "then": {"required": ["reason"]},
                    },
                    {
                        "if": {"properties": {"action": {"const": "redact"}}, "required": ["action"]},
                        "then": {"required": ["redact"]},
                    },
                ],
            },
        },
    },
}

_VALIDATOR = jsonschema.Draft202012Validator(POLICY_SCHEMA)
jsonschema.Draft202012Validator.check_schema(POLICY_SCHEMA)


def fmt_path(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _type_name(t: Any) -> str:
    names = {"object": "a mapping", "array": "a list", "string": "a string", "integer": "an integer",
             "number": "a number", "boolean": "true or false", "null": "null"}
    if isinstance(t, list):
        return " or ".join(names.get(x, x) for x in t)
    return names.get(t, str(t))


def _leaf_errors(err: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """For anyOf/oneOf, the sub-errors of the branch whose type matched the value, if any."""
    if err.validator in ("anyOf", "oneOf") and err.context:
        # keep only errors of branches whose own (root) type check passed
        failed_type_branches = {e.relative_schema_path[0] for e in err.context if e.validator == "type"
                                and len(e.relative_schema_path) == 2}
        typed = [e for e in err.context if e.relative_schema_path
                 and e.relative_schema_path[0] not in failed_type_branches]
        if typed:
            out = []
            for e in typed:
                out.extend(_leaf_errors(e))
            return out
    return [err]


def _describe(err: jsonschema.ValidationError, marks: Marks) -> tuple[int | None, str]:
    path = tuple(err.absolute_path)
    where = fmt_path(path)
    v = err.validator
    inst = err.instance
    if v == "additionalProperties" and isinstance(inst, dict):
        allowed = set(err.schema.get("properties", {}))
        extra = [k for k in inst if k not in allowed]
        if extra:
            key = extra[0]
            hint = f"; expected one of: {', '.join(sorted(allowed))}" if allowed else ""
            return marks.line(path + (key,), key=True), f"{where}: unknown key {key!r}{hint}"
    if v == "required":
        missing = [k for k in err.validator_value if not isinstance(inst, dict) or k not in inst]
        return marks.line(path), f"{where}: missing required key {missing[0]!r}" + (
            f" (needed when action is {inst.get('action')!r})" if isinstance(inst, dict)
            and missing[0] in ("reason", "redact") and "action" in inst else "")
    if v == "enum":
        return marks.line(path), f"{where}: {inst!r} is not one of {', '.join(map(str, err.validator_value))}"
    if v == "type":
        return marks.line(path), f"{where}: expected {_type_name(err.validator_value)}, got {_show(inst)}"
    if v in ("anyOf", "oneOf"):
        types = []
        for sub in err.validator_value:
            t = sub.get("type")
            if t and _type_name(t) not in types:
                types.append(_type_name(t))
        if types:
            return marks.line(path), f"{where}: expected {' or '.join(types)}, got {_show(inst)}"
    if v == "pattern":
        if "propertyNames" in err.schema_path and isinstance(inst, str):
            kind = "class names are UPPER_SNAKE_CASE" if err.validator_value == CLASS_RE else \
                "use letters, digits, _ . : -"
            return marks.line(path + (inst,), key=True), f"{where}: invalid name {inst!r} ({kind})"
        if err.validator_value == CLASS_RE:
            return marks.line(path), f"{where}: {inst!r} is not a class name (UPPER_SNAKE_CASE)"
        return marks.line(path), f"{where}: {inst!r} is not a valid name (letters, digits, _ . : -)"
    if v == "minItems":
        return marks.line(path), f"{where}: must not be empty"
    if v in ("minimum", "maximum"):
        return marks.line(path), f"{where}: {inst!r} is out of range ({v} {err.validator_value})"
    return marks.line(path), f"{where}: {err.message}"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"string {value!r}"
    return f"{type(value).__name__} {value!r}"


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def schema_issues(validator: Any, data: Any, marks: Marks) -> list[tuple[int | None, str]]:
    """Every JSON Schema violation of ``data`` as ``(line, reason)``, deduplicated."""
    issues: list[tuple[int | None, str]] = []
    seen: set[tuple[int | None, str]] = set()
    for err in validator.iter_errors(data):
        for leaf in _leaf_errors(err):
            issue = _describe(leaf, marks)
            if issue not in seen:
                seen.add(issue)
                issues.append(issue)
    return issues


def validate(data: Any, marks: Marks, path: str) -> None:
    """Raise :class:`PolicyError` listing every problem (schema first, then semantics)."""
    issues = schema_issues(_VALIDATOR, data, marks)
    if issues:
        raise PolicyError(path, issues)
    issues = _semantic_issues(data, marks)
    if issues:
        raise PolicyError(path, issues)


def _semantic_issues(data: dict[str, Any], marks: Marks) -> list[tuple[int | None, str]]:
    issues: list[tuple[int | None, str]] = []
    classes: dict[str, Any] = data.get("classes") or {}
    endpoints: dict[str, Any] = data.get("endpoints") or {}
    known_types = set(ENTITY_TYPES)

    def add(p: Path, msg: str, *, key: bool = False) -> None:
        issues.append((marks.line(p, key=key), f"{fmt_path(p)}: {msg}"))

    # classes
    for cname, cdef in classes.items():
        base: Path = ("classes", cname)
        if not (cdef.get("entities") or cdef.get("keywords") or cdef.get("patterns")):
            add(base, "a class needs at least one of entities, keywords, patterns", key=True)
        seen_types: set[str] = set()
        for i, item in enumerate(cdef.get("entities") or []):
            etype = item if isinstance(item, str) else item["type"]
            ip = base + ("entities", i) + (() if isinstance(item, str) else ("type",))
            if etype not in known_types:
                add(ip, f"unknown entity type {etype!r}; known: {', '.join(ENTITY_TYPES)}")
            if etype in seen_types:
                add(ip, f"entity type {etype!r} listed twice")
            seen_types.add(etype)
        for i, pat in enumerate(cdef.get("patterns") or []):
            try:
                re.compile(pat)
            except re.error as exc:
                add(base + ("patterns", i), f"invalid regular expression: {exc}")

    # endpoints
    for ename, edef in endpoints.items():
        for i, cname in enumerate(edef.get("covers") or []):
            if cname not in classes:
                add(("endpoints", ename, "covers", i), f"undeclared class {cname!r}")

    # rules
    names: dict[str, int | None] = {}
    for r, rule in enumerate(data.get("rules") or []):
        base = ("rules", r)
        name = rule["name"]
        if name in names:
            first = names[name]
            add(base + ("name",), f"duplicate rule name {name!r}" + (f" (first at line {first})" if first else ""))
        else:
            names[name] = marks.line(base + ("name",))
        conditions = [((c,), rule[c]) for c in ("when", "unless") if isinstance(rule.get(c), dict)]
        conditions += [((c, j), m) for c in ("when", "unless") if isinstance(rule.get(c), list)
                       for j, m in enumerate(rule[c])]
        for clause, m in conditions:
            for which in ("any", "all", "none"):
                vals = (m.get("classes") or {}).get(which)
                for i, cname in enumerate(as_list(vals)):
                    p = base + clause + ("classes", which) + ((i,) if isinstance(vals, list) else ())
                    if cname not in classes:
                        add(p, f"undeclared class {cname!r}")
            ident = m.get("identity") or {}
            nets = ident.get("networks")
            for i, net in enumerate(as_list(nets)):
                try:
                    ipaddress.ip_network(net, strict=False)
                except ValueError as exc:
                    add(base + clause + ("identity", "networks") + ((i,) if isinstance(nets, list) else ()),
                        f"invalid network: {exc}")
            tgt = m.get("target") or {}
            eps = tgt.get("endpoints")
            for i, ename in enumerate(as_list(eps)):
                if ename not in endpoints:
                    add(base + clause + ("target", "endpoints") + ((i,) if isinstance(eps, list) else ()),
                        f"undeclared endpoint {ename!r}")
        action = rule["action"]
        red = rule.get("redact")
        if red is not None:
            if action != "redact":
                add(base + ("redact",), f"'redact' is only allowed with action redact (action is {action!r})",
                    key=True)
            else:
                if not (red.get("classes") or red.get("types")):
                    add(base + ("redact",), "name what to redact: classes and/or types", key=True)
                rc = red.get("classes")
                for i, cname in enumerate(as_list(rc)):
                    if cname not in classes:
                        add(base + ("redact", "classes") + ((i,) if isinstance(rc, list) else ()),
                            f"undeclared class {cname!r}")
                    elif not classes[cname].get("entities"):
                        add(base + ("redact", "classes") + ((i,) if isinstance(rc, list) else ()),
                            f"class {cname!r} has no entity types, so nothing of it can be redacted")
                for etype in red.get("types") or {}:
                    if etype not in known_types:
                        add(base + ("redact", "types", etype), f"unknown entity type {etype!r}", key=True)
        if action == "deny":
            for k in ("limits", "fallbacks"):
                if k in rule:
                    add(base + (k,), f"{k!r} has no effect on a deny rule", key=True)
        fb = rule.get("fallbacks")
        for i, ename in enumerate(as_list(fb)):
            if ename not in endpoints:
                add(base + ("fallbacks",) + ((i,) if isinstance(fb, list) else ()), f"undeclared endpoint {ename!r}")
        if "reason" in rule:
            msg = check_template(rule["reason"])
            if msg:
                add(base + ("reason",), msg)
    if "default" in data and "reason" in (data["default"] or {}):
        msg = check_template(data["default"]["reason"])
        if msg:
            add(("default", "reason"), msg)
    return issues


def check_template(template: str) -> str | None:
    """Why ``template`` is not a valid reason template, or None."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"invalid reason template: {exc} (write {{{{ and }}}} for literal braces)"
    for _, field_name, _, _ in parsed:
        if field_name is None:
            continue
        if field_name not in REASON_FIELDS:
            return (f"unknown field {{{field_name}}} in reason; available: "
                    + ", ".join(sorted(REASON_FIELDS)))
    return None
