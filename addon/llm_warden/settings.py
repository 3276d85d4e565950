"""The warden's mitmproxy options (``warden_*``) and their validated, typed form.

Options are declared here once so ``mitm.py`` stays a list of hooks, and ``Settings`` is what
every component is built from: a plain value, easy to test without a running proxy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .classify.pool import auto_processes

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_POLICY = REPO_ROOT / "policies" / "default.yaml"
BUNDLED_MODEL = REPO_ROOT / "models" / "warden-ner"
DEFAULT_STATE = Path("~/.llm-warden")

#: (name, type, default, help) — the help text is what `llm-warden run --options` shows.
OPTIONS: tuple[tuple[str, type, Any, str], ...] = (
    ("warden_policy", str, str(BUNDLED_POLICY),
     "Policy YAML file. Validated on load; a changed file is hot-reloaded, an invalid edit keeps the old policy."),
    ("warden_state_dir", str, str(DEFAULT_STATE),
     "Directory for the warden's own secrets (fingerprint key, vault key) and defaults."),
    ("warden_audit_dir", str, "",
     "Directory of the signed audit log (JSON Lines segments). Default: <warden_state_dir>/audit."),
    ("warden_signing_key", str, "",
     "Audit signing key: 'keyring' (OS keychain) or 'file:PATH'. Default: file:<warden_state_dir>/signing.key."),
    ("warden_model", str, "",
     "Hugging Face token-classification model directory for names, places and organisations. "
     "Default: the bundled model; 'none' runs the pattern and secret detectors only."),
    ("warden_classify_processes", int, -1,
     "Worker processes for the classifier's rule detectors, so they use every core and never hold up the proxy. "
     "-1: one per CPU core (at most 8; none on a single core); 0: run them in the proxy process."),
    ("warden_max_body_bytes", int, 8 * 1024 * 1024,
     "Largest LLM request body inspected (after decompression); larger bodies are refused with 413."),
    ("warden_providers", str, "",
     "YAML file adding LLM API hosts (an internal vLLM, a team Ollama, a custom Azure domain)."),
    ("warden_identity_header", str, "X-Warden-Identity",
     "Request header carrying a signed identity token (JWT); removed before forwarding."),
    ("warden_jwt_keys", str, "",
     "Public keys (PEM/JWK file paths or key text, comma separated) that may sign identity tokens."),
    ("warden_jwt_issuer", str, "", "Required 'iss' of identity tokens (empty: not checked)."),
    ("warden_jwt_audience", str, "", "Required 'aud' of identity tokens (empty: not checked)."),
    ("warden_ipmap", str, "", "YAML file mapping client networks (CIDR) to users and groups."),
    ("warden_ipmap_trusted", bool, False,
     "Treat the client-address map as verified identity (only on a segment where addresses cannot be spoofed)."),
    ("warden_groups", str, "", "YAML file mapping group names to user lists."),
    ("warden_redis", str, "",
     "Redis URL shared by replicas for rate limits and the redaction vault (empty: in memory)."),
    ("warden_vault_key", str, "",
     "file:PATH of the 32-byte key encrypting vault values in Redis. Default: <warden_state_dir>/vault.key."),
    ("warden_checkpoint_every", int, 1000, "Write a signed Merkle checkpoint every N records."),
    ("warden_checkpoint_seconds", int, 60, "Write a signed Merkle checkpoint at least every T seconds."),
    ("warden_auditor_key", str, "",
     "Auditor public key (base64 X25519) for sealed evidence, when a policy rule asks for it."),
    ("warden_notify", bool, False, "Desktop notification (notify-send) when a request is denied or redacted."),
    ("warden_metrics_listen", str, "",
     "HOST:PORT serving Prometheus /metrics and /healthz (empty: off), e.g. 127.0.0.1:9464."),
    ("warden_log_json", bool, False, "Write the warden's log lines as JSON objects (for log shippers)."),
)


def declare_options(loader: Any) -> None:
    for name, typ, default, help_text in OPTIONS:
        loader.add_option(name=name, typespec=typ, default=default, help=help_text)


@dataclass(frozen=True, slots=True)
class Settings:
    policy: Path
    state_dir: Path
    audit_dir: Path
    signing_key: str
    model: str | None
    classify_processes: int
    max_body_bytes: int
    providers: str | None
    identity_header: str
    jwt_keys: str | None
    jwt_issuer: str | None
    jwt_audience: str | None
    ipmap: str | None
    ipmap_trusted: bool
    groups: str | None
    redis: str | None
    vault_key: str
    checkpoint_every: int
    checkpoint_seconds: int
    auditor_key: str | None
    notify: bool
    metrics_listen: str | None
    log_json: bool

    @classmethod
    def from_options(cls, o: Any) -> "Settings":
        state = Path(o.warden_state_dir).expanduser()
        audit_dir = Path(o.warden_audit_dir).expanduser() if o.warden_audit_dir else state / "audit"
        if o.warden_max_body_bytes <= 0:
            raise ValueError("warden_max_body_bytes must be positive")
        if o.warden_checkpoint_every <= 0 or o.warden_checkpoint_seconds <= 0:
            raise ValueError("warden_checkpoint_every and warden_checkpoint_seconds must be positive")
        model: str | None = o.warden_model or (str(BUNDLED_MODEL) if BUNDLED_MODEL.is_dir() else None)
        if model and model.lower() == "none":
            model = None
        if model and not Path(model).expanduser().is_dir():
            raise ValueError(f"warden_model {model!r} is not a directory (a Hugging Face "
                             "token-classification model: config.json, model.safetensors, tokenizer.json)")
        processes = o.warden_classify_processes
        if not -1 <= processes <= 64:
            raise ValueError(f"warden_classify_processes must be -1 (one per core), 0 (in the proxy process) "
                             f"or a count up to 64, not {processes}")
        signing = o.warden_signing_key or f"file:{state / 'signing.key'}"
        if signing != "keyring" and not signing.startswith("file:"):
            raise ValueError(f"warden_signing_key must be 'keyring' or 'file:PATH', not {signing!r}")
        return cls(
            policy=Path(o.warden_policy).expanduser(),
            state_dir=state,
            audit_dir=audit_dir,
            signing_key=signing,
            model=str(Path(model).expanduser()) if model else None,
            classify_processes=auto_processes() if processes == -1 else processes,
            max_body_bytes=o.warden_max_body_bytes,
            providers=o.warden_providers or None,
            identity_header=o.warden_identity_header,
            jwt_keys=o.warden_jwt_keys or None,
            jwt_issuer=o.warden_jwt_issuer or None,
            jwt_audience=o.warden_jwt_audience or None,
            ipmap=o.warden_ipmap or None,
            ipmap_trusted=o.warden_ipmap_trusted,
            groups=o.warden_groups or None,
            redis=o.warden_redis or None,
            vault_key=o.warden_vault_key or f"file:{state / 'vault.key'}",
            checkpoint_every=o.warden_checkpoint_every,
            checkpoint_seconds=o.warden_checkpoint_seconds,
            auditor_key=o.warden_auditor_key or None,
            notify=o.warden_notify,
            metrics_listen=o.warden_metrics_listen or None,
            log_json=o.warden_log_json,
        )
