"""The decision engine: a validated policy document compiled into matchers, and a pure ``decide()``.

``Policy.decide(identity, target, segments, findings)``:

1. computes the data classes present: a finding counts for a class when its entity type is listed
   there and its score reaches the class's ``min_score`` (and, when the class names ``roles``, its
   segment has one of them); a class may also be defined by keywords / regular expressions over the
   segment text (normalised: NFKC, zero-width and bidi controls removed, case-insensitive keywords);
2. walks the rules in order; the first whose ``when`` matches and whose ``unless`` (if any) does not
   match decides;
3. no match → deny (403) with a reason saying that no rule matched.

No I/O; the only state is a bounded cache of keyword-scan results per segment text (a chat resends
its whole history every turn). Safe to call from several threads.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re
import string
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from ..types import Decision, Identity, LocatedFinding, PolicyRef, Segment, Target
from .schema import as_list

_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_TEXT_CACHE_MAX = 4096

DEFAULT_REASON = ("No rule of policy '{policy}' (version {version}) matched this request, "
                  "so it is denied by default.")


def normalize_text(text: str) -> str:
    """What keyword and pattern classes are matched against."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def _glob_re(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(p.casefold())})" for p in patterns))


def _host_only(host: str) -> str:
    host = host.strip().casefold()
    if host.startswith("["):  # [v6]:port
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


@lru_cache(maxsize=4096)
def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address(value.strip().split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


# -- compiled pieces -----------------------------------------------------------------------------


@dataclass(eq=False)
class DataClass:
    name: str
    entities: dict[str, float]  # entity type -> min score
    roles: frozenset[str] | None
    words: frozenset[str]  # single-word keywords, casefolded
    phrases: tuple[tuple[frozenset[str], re.Pattern[str]], ...]  # (words it needs, exact regex)
    pattern_res: tuple[re.Pattern[str], ...]
    requires_coverage: bool
    description: str = ""

    @property
    def has_text_rules(self) -> bool:
        return bool(self.words or self.phrases or self.pattern_res)

    def role_ok(self, role: str | None) -> bool:
        return self.roles is None or role is None or role in self.roles

    def text_matches(self, norm: str, words: set[str]) -> bool:
        """``norm``: normalised text; ``words``: its casefolded ``\\w+`` words."""
        if self.words and not self.words.isdisjoint(words):
            return True
        for needed, rx in self.phrases:
            if needed <= words and rx.search(norm):
                return True
        return any(p.search(norm) for p in self.pattern_res)


_WORD = re.compile(r"\w+")


def _keywords(keywords: list[str]) -> tuple[frozenset[str], tuple[tuple[frozenset[str], re.Pattern[str]], ...]]:
    """Split keywords into single words (a set lookup) and phrases (a word prefilter + a regex).

    Matching is case-insensitive and on whole words: a keyword's own word boundaries coincide with
    the text's, so every word of a matching phrase is a whole word of the text (the prefilter is exact).
    """
    words: set[str] = set()
    phrases = []
    for kw in sorted(set(keywords)):
        if re.fullmatch(r"\w+", kw):
            words.add(kw.casefold())
            continue
        body = r"\s+".join(re.escape(part) for part in kw.split())
        if re.match(r"\w", kw):
            body = r"(?<!\w)" + body
        if re.search(r"\w$", kw):
            body += r"(?!\w)"
        phrases.append((frozenset(_WORD.findall(kw.casefold())), re.compile(body, re.IGNORECASE)))
    return frozenset(words), tuple(phrases)


@dataclass(eq=False)
class Endpoint:
    name: str
    url: str
    provider: str
    covers: frozenset[str]
    host_re: re.Pattern[str] | None  # explicit `hosts` globs, else the url's host
    host: str
    path_prefix: str
    spec: dict[str, Any]

    def matches(self, target: Target) -> bool:
        host = _host_only(target.host or "")
        if self.host_re is not None:
            if not self.host_re.match(host):
                return False
        elif host != self.host:
            return False
        if self.path_prefix:
            path = (target.path or "/").split("?", 1)[0]
            prefix = self.path_prefix
            if not (path == prefix or path.startswith(prefix if prefix.endswith("/") else prefix + "/")):
                return False
        return True

    def allowed_for(self, restricted_present: frozenset[str]) -> bool:
        return restricted_present <= self.covers

    def as_dict(self) -> dict[str, Any]:
        out = {"name": self.name, **self.spec}
        out["covers"] = sorted(self.covers)
        return out


@dataclass
class Scan:
    """The data classes present in one request, and why."""

    present: frozenset[str]
    types: frozenset[str]  # entity types that counted for some class
    kinds: tuple[str, ...]  # SECRET kinds found
    restricted: frozenset[str]  # present classes that require a covered endpoint


@dataclass
class _Ctx:
    policy: "Policy"
    identity: Identity
    target: Target
    scan: Scan
    _target_endpoints: list[Endpoint] | None = None

    def target_endpoints(self) -> list[Endpoint]:
        if self._target_endpoints is None:
            self._target_endpoints = [e for e in self.policy.endpoints.values() if e.matches(self.target)]
        return self._target_endpoints


@dataclass(eq=False)
class Match:
    users: frozenset[str] | None = None
    groups: frozenset[str] | None = None
    verified: bool | None = None
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] | None = None
    agents: re.Pattern[str] | None = None
    auth: frozenset[str] | None = None
    providers: frozenset[str] | None = None
    hosts: re.Pattern[str] | None = None
    apis: re.Pattern[str] | None = None
    models: re.Pattern[str] | None = None
    endpoints: tuple[str, ...] | None = None
    covered: bool | None = None
    any: frozenset[str] | None = None
    all: frozenset[str] | None = None
    none: frozenset[str] | None = None

    @classmethod
    def compile(cls, spec: dict[str, Any] | None) -> "Match":
        spec = spec or {}
        ident = spec.get("identity") or {}
        tgt = spec.get("target") or {}
        cl = spec.get("classes") or {}

        def fs(v: Any, fold: bool = False) -> frozenset[str] | None:
            if v is None:
                return None
            return frozenset(x.casefold() if fold else x for x in as_list(v))

        def globs(v: Any) -> re.Pattern[str] | None:
            return None if v is None else _glob_re(as_list(v)) or re.compile(r"(?!)")

        return cls(
            users=fs(ident.get("users")),
            groups=fs(ident.get("groups")),
            verified=ident.get("verified"),
            networks=None if ident.get("networks") is None else tuple(
                ipaddress.ip_network(n, strict=False) for n in as_list(ident["networks"])),
            agents=globs(ident.get("agents")),
            auth=fs(ident.get("auth")),
            providers=fs(tgt.get("providers"), fold=True),
            hosts=globs(tgt.get("hosts")),
            apis=globs(tgt.get("apis")),
            models=globs(tgt.get("models")),
            endpoints=None if tgt.get("endpoints") is None else tuple(as_list(tgt["endpoints"])),
            covered=tgt.get("covered"),
            any=fs(cl.get("any")),
            all=fs(cl.get("all")),
            none=fs(cl.get("none")),
        )

    def matches(self, ctx: _Ctx) -> bool:
        ident, tgt, present = ctx.identity, ctx.target, ctx.scan.present
        # data classes first: cheapest and most selective
        if self.any is not None and not (self.any & present):
            return False
        if self.all is not None and not (self.all <= present):
            return False
        if self.none is not None and (self.none & present):
            return False
        # identity
        if self.verified is not None and bool(ident.verified) != self.verified:
            return False
        if self.users is not None and (ident.user is None or ident.user not in self.users):
            return False
        if self.groups is not None and not self.groups.intersection(ident.groups or ()):
            return False
        if self.auth is not None and (ident.auth or "none") not in self.auth:
            return False
        if self.networks is not None:
            ip = _parse_ip(ident.client_ip) if ident.client_ip else None
            if ip is None or not any(ip.version == n.version and ip in n for n in self.networks):
                return False
        if self.agents is not None and (not ident.agent or not self.agents.match(ident.agent.casefold())):
            return False
        # target
        if self.providers is not None and (tgt.provider or "").casefold() not in self.providers:
            return False
        if self.hosts is not None and not self.hosts.match(_host_only(tgt.host or "")):
            return False
        if self.apis is not None and not self.apis.match((tgt.api or "").casefold()):
            return False
        if self.models is not None and (not tgt.model or not self.models.match(tgt.model.casefold())):
            return False
        if self.endpoints is not None:
            names = {e.name for e in ctx.target_endpoints()}
            if not names.intersection(self.endpoints):
                return False
        if self.covered is not None:
            covered = any(e.allowed_for(ctx.scan.restricted) for e in ctx.target_endpoints())
            if covered != self.covered:
                return False
        return True


@dataclass(eq=False)
class Rule:
    index: int
    name: str
    action: str
    when: tuple[Match, ...]  # any of them
    unless: tuple[Match, ...]  # none of them
    reason: str | None
    status: int
    strategy: str
    redact_classes: tuple[str, ...]
    redact_types: dict[str, str]
    limits: dict[str, int] | None
    fallbacks: tuple[str, ...]
    sealed_evidence: bool
    description: str = ""

    def matches(self, ctx: _Ctx) -> bool:
        return any(m.matches(ctx) for m in self.when) and not any(m.matches(ctx) for m in self.unless)


class _SafeFormat(string.Formatter):
    def get_value(self, key, args, kwargs):  # noqa: D401
        return kwargs.get(key, "") if isinstance(key, str) else ""


_FORMATTER = _SafeFormat()


def _humanize_kind(kind: str) -> str:
    return kind.replace("_", " ").replace("-", " ").strip()


def _join(items) -> str:
    items = list(items)
    return ", ".join(items) if items else "none"


# -- the policy ----------------------------------------------------------------------------------


class Policy:
    """A validated, compiled policy. Immutable; ``decide()`` is pure."""

    def __init__(self, data: dict[str, Any], *, sha256: str, path: str | None = None):
        self.data = data
        self.id: str = str(data["id"])
        self.version: str = str(data["version"])
        self.sha256 = sha256
        self.path = path
        self.description: str = data.get("description", "")
        self.default_reason: str = (data.get("default") or {}).get("reason") or DEFAULT_REASON
        shadow = data.get("shadow_ai") or {}
        self._shadow_re = _glob_re(as_list(shadow.get("hosts")))
        self.shadow_reason: str = shadow.get("reason") or (
            "this AI service is not sanctioned here (shadow AI); use the approved LLM APIs")

        self.classes: dict[str, DataClass] = {}
        for name, spec in (data.get("classes") or {}).items():
            base_min = float(spec.get("min_score", 0.0))
            entities: dict[str, float] = {}
            for item in spec.get("entities") or []:
                if isinstance(item, str):
                    entities[item] = base_min
                else:
                    entities[item["type"]] = float(item.get("min_score", base_min))
            roles = spec.get("roles")
            words, phrases = _keywords(spec.get("keywords") or [])
            self.classes[name] = DataClass(
                name=name,
                entities=entities,
                roles=None if roles is None else frozenset(as_list(roles)),
                words=words,
                phrases=phrases,
                pattern_res=tuple(re.compile(p) for p in spec.get("patterns") or []),
                requires_coverage=bool(spec.get("requires_coverage", False)),
                description=spec.get("description", ""),
            )
        # entity type -> classes it can put into the request
        self._by_type: dict[str, list[tuple[DataClass, float]]] = {}
        for dc in self.classes.values():
            for etype, min_score in dc.entities.items():
                self._by_type.setdefault(etype, []).append((dc, min_score))
        self._text_classes = [dc for dc in self.classes.values() if dc.has_text_rules]
        # segment text -> text classes it matches; a chat resends its whole history every turn
        self._text_cache: dict[tuple[int, int], frozenset[str]] = {}

        self.endpoints: dict[str, Endpoint] = {}
        for name, spec in (data.get("endpoints") or {}).items():
            parts = urlsplit(spec["url"])
            hosts = spec.get("hosts")
            path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
            self.endpoints[name] = Endpoint(
                name=name,
                url=spec["url"],
                provider=spec["provider"],
                covers=frozenset(spec.get("covers") or ()),
                host_re=None if hosts is None else _glob_re(as_list(hosts)),
                host=(parts.hostname or "").casefold(),
                path_prefix=path,
                spec={k: v for k, v in spec.items() if k != "covers"},
            )

        self.rules: list[Rule] = []
        for i, spec in enumerate(data["rules"]):
            red = spec.get("redact") or {}
            self.rules.append(
                Rule(
                    index=i,
                    name=spec["name"],
                    action=spec["action"],
                    when=tuple(Match.compile(m) for m in (as_list(spec.get("when")) or [{}])),
                    unless=tuple(Match.compile(m) for m in as_list(spec.get("unless"))),
                    reason=spec.get("reason"),
                    status=int(spec.get("status", 403)),
                    strategy=red.get("strategy", "placeholder"),
                    redact_classes=tuple(as_list(red.get("classes"))),
                    redact_types=dict(red.get("types") or {}),
                    limits=dict(spec["limits"]) if spec.get("limits") else None,
                    fallbacks=tuple(as_list(spec.get("fallbacks"))),
                    sealed_evidence=bool(spec.get("sealed_evidence", False)),
                    description=spec.get("description", ""),
                )
            )
        self.rules_by_name = {r.name: r for r in self.rules}

    # -- identity ---------------------------------------------------------------------------------

    @property
    def ref(self) -> PolicyRef:
        return PolicyRef(self.id, self.version, self.sha256)

    def shadow_ai(self, host: str) -> str | None:
        """The refusal reason when ``host`` is on the policy's shadow-AI list, else ``None``."""
        if self._shadow_re is None:
            return None
        return self.shadow_reason if self._shadow_re.fullmatch(_host_only(host)) else None

    def ref_json(self) -> dict[str, str]:
        return {"id": self.id, "version": self.version, "sha256": self.sha256}

    def __repr__(self) -> str:
        return f"<Policy {self.id} {self.version} sha256={self.sha256[:12]} rules={len(self.rules)}>"

    # -- classification ---------------------------------------------------------------------------

    def scan(self, segments: list[Segment], findings: list[LocatedFinding]) -> Scan:
        """The data classes present in ``segments`` given ``findings``."""
        present: set[str] = set()
        types: set[str] = set()
        kinds: list[str] = []
        roles = {s.pointer: s.role for s in segments} if segments else {}
        for lf in findings:
            f = lf.finding
            if f.type == "SECRET" and f.kind and f.kind not in kinds:
                kinds.append(f.kind)
            for dc, min_score in self._by_type.get(f.type, ()):
                if f.score >= min_score and dc.role_ok(roles.get(lf.pointer)):
                    present.add(dc.name)
                    types.add(f.type)
        if self._text_classes:
            for seg in segments:
                if all(dc.name in present for dc in self._text_classes):
                    break
                if not seg.text:
                    continue
                for name in self._text_classes_in(seg.text):
                    if name not in present and self.classes[name].role_ok(seg.role):
                        present.add(name)
        frozen = frozenset(present)
        restricted = frozenset(c for c in frozen if self.classes[c].requires_coverage)
        return Scan(present=frozen, types=frozenset(types), kinds=tuple(kinds), restricted=restricted)

    def _text_classes_in(self, text: str) -> frozenset[str]:
        """The keyword/pattern classes ``text`` matches (whatever the role), cached."""
        key = (hash(text), len(text))
        hit = self._text_cache.get(key)
        if hit is not None:
            return hit
        norm = normalize_text(text)
        words = set(_WORD.findall(norm.casefold()))
        found = frozenset(dc.name for dc in self._text_classes if dc.text_matches(norm, words))
        if len(self._text_cache) >= _TEXT_CACHE_MAX:
            self._text_cache.clear()
        self._text_cache[key] = found
        return found

    # -- decision ---------------------------------------------------------------------------------

    def decide(
        self,
        identity: Identity,
        target: Target,
        segments: list[Segment],
        findings: list[LocatedFinding],
    ) -> Decision:
        scan = self.scan(segments, findings)
        ctx = _Ctx(self, identity, target, scan)
        for rule in self.rules:
            if rule.matches(ctx):
                return self._apply(rule, ctx, segments, findings)
        return Decision(
            action="deny",
            reason=self._format(self.default_reason, ctx, None, {}),
            policy=self.ref,
            status=403,
            classes=sorted(scan.present),
        )

    def _apply(self, rule: Rule, ctx: _Ctx, segments: list[Segment], findings: list[LocatedFinding]) -> Decision:
        scan = ctx.scan
        ref = PolicyRef(self.id, self.version, self.sha256, rule.name)
        classes = sorted(scan.present)
        if rule.action == "deny":
            return Decision(
                action="deny",
                reason=self._format(rule.reason or "denied by rule '{rule}'", ctx, rule, {}),
                policy=ref,
                status=rule.status,
                classes=classes,
                sealed_evidence=rule.sealed_evidence,
            )
        action = rule.action
        redact: dict[str, str] = {}
        if action == "redact":
            redact = self._redactions(rule, segments, findings)
            if not redact:
                action = "permit"  # nothing this rule redacts was found
        # failover: only endpoints that cover every restricted class found, never the target itself
        primary = {e.name for e in ctx.target_endpoints()}
        fallbacks = [
            self.endpoints[name].as_dict()
            for name in rule.fallbacks
            if name not in primary and self.endpoints[name].allowed_for(scan.restricted)
        ]
        limits = None
        if rule.limits:
            limits = {"key": limit_key(ctx.identity), **rule.limits}
        if rule.reason:
            template = rule.reason
        elif action == "redact":
            template = "redacted {redacted} under rule '{rule}'"
        elif rule.action == "redact":
            template = "permitted under rule '{rule}': nothing to redact"
        else:
            template = "permitted by rule '{rule}'"
        return Decision(
            action=action,
            reason=self._format(template, ctx, rule, redact),
            policy=ref,
            status=200,
            classes=classes,
            redact=redact,
            fallbacks=fallbacks,
            limits=limits,
            sealed_evidence=rule.sealed_evidence,
        )

    def _redactions(self, rule: Rule, segments: list[Segment], findings: list[LocatedFinding]) -> dict[str, str]:
        out: dict[str, str] = {}
        roles = {s.pointer: s.role for s in segments} if segments else {}
        for lf in findings:
            f = lf.finding
            if f.type in out:
                continue
            if f.type in rule.redact_types:
                out[f.type] = rule.redact_types[f.type]
                continue
            for cname in rule.redact_classes:
                dc = self.classes[cname]
                min_score = dc.entities.get(f.type)
                if min_score is not None and f.score >= min_score and dc.role_ok(roles.get(lf.pointer)):
                    out[f.type] = rule.strategy
                    break
        return dict(sorted(out.items()))

    def covered_endpoints(self, restricted: frozenset[str]) -> list[str]:
        return [e.name for e in self.endpoints.values() if restricted and e.allowed_for(restricted)]

    def _format(self, template: str, ctx: _Ctx, rule: Rule | None, redact: dict[str, str]) -> str:
        ident, tgt, scan = ctx.identity, ctx.target, ctx.scan
        values = {
            "rule": rule.name if rule else "",
            "policy": self.id,
            "version": self.version,
            "classes": _join(sorted(scan.present)),
            "types": _join(sorted(scan.types)),
            "kinds": _join(_humanize_kind(k) for k in scan.kinds) if scan.kinds else "secret",
            "redacted": _join(redact),
            "user": ident.user or "anonymous",
            "groups": _join(ident.groups),
            "client_ip": ident.client_ip or "unknown",
            "agent": ident.agent or "unknown",
            "auth": ident.auth or "none",
            "model": tgt.model or "unknown",
            "provider": tgt.provider or "unknown",
            "host": tgt.host or "unknown",
            "api": tgt.api or "unknown",
            "covered_endpoints": _join(self.covered_endpoints(scan.restricted)),
        }
        try:
            return _FORMATTER.vformat(template, (), values)
        except (ValueError, IndexError, KeyError):  # validated at load; never fail a decision on it
            return template


def limit_key(identity: Identity) -> str:
    """The rate-limit key for an identity: user, else client address, else API-key fingerprint."""
    if identity.user:
        return f"user:{identity.user}"
    if identity.client_ip:
        return f"ip:{identity.client_ip}"
    if identity.key_fingerprint:
        return f"key:{identity.key_fingerprint}"
    return "anonymous"
