"""Value types shared by every stage of the request path.

They live in one small module so that providers, the classifier, the policy engine, the redactor
and the audit log can exchange facts without importing each other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Entity types the classifier reports (Presidio's names where one exists).
ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "LOCATION",
    "ORGANIZATION",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_SSN",
    "IP_ADDRESS",
    "DATE_OF_BIRTH",
    "SECRET",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected entity in one text, as code-point offsets into the text as given."""

    type: str
    start: int
    end: int
    score: float
    detector: str  # "pattern" | "secret" | "ner" | ...
    kind: str | None = None  # SECRET sub-kind ("aws_access_key_id", "pem_private_key", ...)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "detector": self.detector,
        }
        if self.kind:
            out["kind"] = self.kind
        return out


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of prompt text and the RFC 6901 JSON pointer it came from.

    ``role`` says what the text is (``system``, ``user``, ``assistant``, ``tool``, ``tool_args``,
    ``tool_result``, ``input``, ...) so policies and records can tell a system prompt from a tool
    result. ``encoded`` is set when the text is itself a JSON document stored in a string (OpenAI
    tool-call arguments): redaction then rewrites the decoded value and re-serialises it.
    """

    pointer: str
    text: str
    role: str = "content"


@dataclass(frozen=True, slots=True)
class LocatedFinding:
    """A finding together with the segment it was found in."""

    pointer: str
    finding: Finding


@dataclass(frozen=True, slots=True)
class Identity:
    """Who is calling, and how sure we are.

    ``auth`` names how the identity was established: ``proxyauth``, ``jwt``, ``ipmap``, or
    ``none``. ``verified`` is true only for a checked credential (proxy password, signed token)
    or a configured address map on a segment the gateway controls.
    """

    user: str | None = None
    groups: tuple[str, ...] = ()
    agent: str | None = None
    client_ip: str | None = None
    auth: str = "none"
    verified: bool = False
    key_fingerprint: str | None = None  # keyed fingerprint of the provider API key, never the key

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["groups"] = list(self.groups)
        return d


@dataclass(frozen=True, slots=True)
class Target:
    """Where the request is going: the host the client asked for and what API it speaks."""

    host: str
    provider: str
    api: str
    model: str | None = None
    path: str = "/"

    def to_json(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "provider": self.provider,
            "api": self.api,
            "model": self.model,
            "path": self.path,
        }


@dataclass(slots=True)
class PolicyRef:
    """Which policy made a decision: recorded with every decision."""

    id: str
    version: str
    sha256: str
    rule: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "sha256": self.sha256, "rule": self.rule}


@dataclass(slots=True)
class Decision:
    """The policy engine's answer for one request.

    ``action`` is ``permit``, ``redact`` or ``deny``. ``status`` is the HTTP status a deny is
    answered with (403 by default, 429 for a rate limit). ``redact`` maps entity type → strategy
    (``placeholder``, ``mask``, ``hash``, ``drop``) for the findings that must be redacted; types
    not in it are forwarded as they are. ``fallbacks`` are endpoint names the rule permits for the
    data classes found, in order. ``limits`` is the rate limit the matched rule imposes on this
    identity; the addon enforces it with a limiter (memory or Redis) and answers 429 past it.
    """

    action: str
    reason: str
    policy: PolicyRef
    status: int = 200
    classes: list[str] = field(default_factory=list)
    redact: dict[str, str] = field(default_factory=dict)
    fallbacks: list[dict[str, Any]] = field(default_factory=list)  # [{"name", "url", ...}]
    limits: dict[str, Any] | None = None  # {"key": ..., "requests_per_minute": n, "tokens_per_day": n}
    retry_after: float | None = None
    sealed_evidence: bool = False
