"""Operations: Prometheus metrics, a health endpoint, JSON logs and desktop notifications.

The metrics server runs on its own thread with its own registry, so scraping never waits on
mitmproxy's event loop and a test can run several proxies in one process without collisions.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

log = logging.getLogger("llm_warden")

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """The warden's metrics, in a registry of their own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.decisions = Counter("llm_warden_decisions", "Decisions by outcome and provider",
                                 ["decision", "provider"], registry=r)
        self.findings = Counter("llm_warden_findings", "Findings by entity type", ["type"], registry=r)
        self.decision_latency = Histogram("llm_warden_decision_seconds",
                                          "Time from a buffered request to its durable decision",
                                          buckets=_LATENCY_BUCKETS, registry=r)
        self.audit_latency = Histogram("llm_warden_audit_append_seconds",
                                       "Time for a record to be written and fdatasync'd (group commit)",
                                       buckets=_LATENCY_BUCKETS, registry=r)
        self.errors = Counter("llm_warden_errors", "Requests refused because of an internal error", ["kind"],
                              registry=r)
        self.cache_hit_rate = Gauge("llm_warden_classifier_cache_hit_ratio",
                                    "Share of segments answered from the classifier cache", registry=r)
        self.audit_records = Gauge("llm_warden_audit_records", "Records in the audit log", registry=r)

    def observe_decision(self, record: dict[str, Any], seconds: float) -> None:
        target = record.get("target") or {}
        self.decisions.labels(record.get("decision", "?"), target.get("provider") or "?").inc()
        for f in record.get("findings") or []:
            self.findings.labels(f.get("type", "?")).inc()
        self.decision_latency.observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class OpsServer:
    """``/metrics`` (Prometheus text format) and ``/healthz`` (JSON) on a side port."""

    def __init__(self, host: str, port: int, metrics: Metrics, health: Callable[[], dict[str, Any]]) -> None:
        metrics_, health_ = metrics, health

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                if path == "/metrics":
                    body, ctype, status = metrics_.render(), CONTENT_TYPE_LATEST, 200
                elif path in ("/healthz", "/readyz"):
                    doc = health_()
                    status = 200 if doc.get("status") == "ok" else 503
                    body, ctype = json.dumps(doc).encode(), "application/json"
                else:
                    body, ctype, status = b"not found: try /metrics or /healthz\n", "text/plain", 404
                self.send_response(status)
                self.send_header("content-type", ctype)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="llm-warden-ops", daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        return self.server.server_address[:2]  # type: ignore[return-value]

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def parse_listen(spec: str) -> tuple[str, int]:
    host, sep, port = spec.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"warden_metrics_listen must be HOST:PORT, not {spec!r}")
    return host or "127.0.0.1", int(port)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        extra = getattr(record, "warden", None)
        if isinstance(extra, dict):
            doc.update(extra)
        if record.exc_info:
            doc["exception"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False)


def notify(summary: str, body: str) -> None:
    """A desktop notification, when ``notify-send`` exists; never blocks, never fails the request."""
    exe = shutil.which("notify-send")
    if not exe:
        return
    try:
        subprocess.Popen([exe, "--app-name=llm-warden", summary, body], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as e:
        log.debug("notify-send failed: %s", e)
