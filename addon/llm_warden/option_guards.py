"""Checks on mitmproxy's own options that would make the warden unsafe or useless.

Kept apart from the hooks: each takes the options (and the host registry) and raises
``OptionsError`` with what to do instead, so a bad combination stops the proxy at start-up or
refuses a runtime ``--set`` rather than quietly letting LLM traffic pass uninspected.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from mitmproxy import exceptions

log = logging.getLogger("llm_warden")


def _mode_kinds(options: Any) -> list[str]:
    return [spec.split("@")[0].split(":")[0] for spec in getattr(options, "mode", []) or []]


def refuse_passthrough_of_llm_hosts(options: Any, registry: Any) -> None:
    """LLM hosts must never be passed through undecrypted: an ignore_hosts (or allow_hosts)
    pattern that would do so is refused when it is set, with the host it would expose."""
    ignore = [re.compile(p, re.IGNORECASE) for p in getattr(options, "ignore_hosts", []) or []]
    allow = [re.compile(p, re.IGNORECASE) for p in getattr(options, "allow_hosts", []) or []]
    for host in registry.sample_hosts():
        for port in (443, 80):
            addr = f"{host}:{port}"
            if any(p.search(addr) for p in ignore):
                raise exceptions.OptionsError(
                    f"llm-warden: ignore_hosts would pass the LLM API host {host} through uninspected; "
                    "narrow the pattern (LLM hosts are always decrypted and inspected)")
            if allow and not any(p.search(addr) for p in allow):
                raise exceptions.OptionsError(
                    f"llm-warden: allow_hosts does not include the LLM API host {host}, so it would pass "
                    "through uninspected; add a pattern for it")


def refuse_proxyauth_without_a_proxy_protocol(options: Any) -> None:
    """In transparent (and other non-proxy) modes mitmproxy asks for proxy credentials in the
    Authorization header, which collides with the provider's API key: every LLM call would
    fail. Refuse the combination with what to use instead."""
    if not getattr(options, "proxyauth", None):
        return
    for kind in _mode_kinds(options):
        if kind not in ("regular", "upstream"):
            raise exceptions.OptionsError(
                f"llm-warden: proxyauth cannot identify callers in {kind} mode (it would take the "
                "Authorization header that carries the provider API key). Use warden_ipmap, a signed "
                "identity token (warden_jwt_keys), or a separate regular-mode listener with proxyauth.")


def announce(options: Any) -> None:
    """Tell the user where the CA certificate is and how to point a client at the proxy."""
    ca = Path(getattr(options, "confdir", "~/.mitmproxy")).expanduser() / "mitmproxy-ca-cert.pem"
    host = getattr(options, "listen_host", "") or "0.0.0.0"
    port = getattr(options, "listen_port", None) or 8080
    modes = list(getattr(options, "mode", ["regular"]))
    log.info("llm-warden is guarding LLM API traffic on %s:%s (mode %s)", host, port, ",".join(modes))
    log.info("  CA certificate: %s (clients must trust it)", ca)
    if any(kind in ("regular", "upstream") for kind in _mode_kinds(options)):
        shown = host if host not in ("0.0.0.0", "::") else "<this host>"
        log.info("  point a client at it:  export HTTPS_PROXY=http://%s:%s SSL_CERT_FILE=%s", shown, port, ca)
        log.info("  (or run `llm-warden env` for every common tool's variables)")
    else:
        log.info("  clients need no proxy settings in this mode; see docs/deploy-gateway.md")
