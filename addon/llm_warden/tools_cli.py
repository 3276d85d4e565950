"""Operator commands: ``env`` (point your tools at the proxy) and ``bench`` (measure)."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    env = sub.add_parser(
        "env", help="print shell exports that send common developer tools through the proxy",
        description="Print the environment variables that make curl, Python (requests, httpx, the "
                    "openai and anthropic SDKs), Node.js, git and the AWS/Google SDKs use the proxy "
                    "and trust its CA.  Use:  eval \"$(llm-warden env)\"")
    env.add_argument("--proxy", default="http://127.0.0.1:8080", help="proxy URL (default: %(default)s)")
    env.add_argument("--confdir", default="~/.llm-warden/mitmproxy",
                     help="mitmproxy confdir holding the CA (default: %(default)s, what `make run` uses)")
    env.add_argument("--shell", choices=("sh", "fish", "powershell"), default="sh")
    env.set_defaults(func=cmd_env)

    status = sub.add_parser(
        "status", help="recent decisions from the audit log, and totals by outcome",
        description="Show what the warden decided lately: totals by outcome and type found, and the "
                    "last decisions. Reads the log only; works whether or not the proxy is running.")
    status.add_argument("--audit-dir", default="~/.llm-warden/audit",
                        help="audit directory (default: %(default)s, what `make run` uses)")
    status.add_argument("-n", "--last", type=int, default=15, help="how many recent decisions (default: %(default)s)")
    status.set_defaults(func=cmd_status)

    bench = sub.add_parser("bench", help="measure classifier throughput and audit-log durability rates",
                           description="Benchmarks (never timed unit tests): classifier tokens/s on prose, "
                                       "durable audit records/s with group commit, p99 append latency, "
                                       "and verification rate.")
    bench.add_argument("--records", type=int, default=20000, help="audit records to write (default: %(default)s)")
    bench.add_argument("--concurrency", type=int, default=64, help="concurrent appenders (default: %(default)s)")
    bench.add_argument("--model", default=None, help="NER model dir (default: bundled; 'none' for patterns only)")
    bench.add_argument("--only", choices=("classify", "audit"), default=None)
    bench.set_defaults(func=cmd_bench)


def exports(proxy: str, ca: Path) -> dict[str, str]:
    return {
        "HTTPS_PROXY": proxy, "https_proxy": proxy, "HTTP_PROXY": proxy, "http_proxy": proxy,
        "NO_PROXY": "localhost,127.0.0.1,::1", "no_proxy": "localhost,127.0.0.1,::1",
        "SSL_CERT_FILE": str(ca), "REQUESTS_CA_BUNDLE": str(ca), "CURL_CA_BUNDLE": str(ca),
        "NODE_EXTRA_CA_CERTS": str(ca), "NODE_USE_ENV_PROXY": "1", "GIT_SSL_CAINFO": str(ca),
        "AWS_CA_BUNDLE": str(ca), "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH": str(ca),
        "CLOUDSDK_CORE_CUSTOM_CA_CERTS_FILE": str(ca),
    }


def cmd_env(ns: argparse.Namespace) -> int:
    ca = Path(ns.confdir).expanduser() / "mitmproxy-ca-cert.pem"
    if not ca.exists():
        import sys
        print(f"# note: {ca} does not exist yet; it is created when the proxy first starts (make run)",
              file=sys.stderr)
    for k, v in exports(ns.proxy, ca).items():
        if ns.shell == "fish":
            print(f"set -gx {k} {shlex.quote(v)}")
        elif ns.shell == "powershell":
            print(f'$env:{k} = "{v}"')
        else:
            print(f"export {k}={shlex.quote(v)}")
    return 0


def cmd_status(ns: argparse.Namespace) -> int:
    import sys
    from collections import Counter, deque

    from rich.console import Console
    from rich.table import Table

    from .audit.show import Filters, render, select

    directory = Path(ns.audit_dir).expanduser()
    if not any(directory.glob("*.jsonl")):
        print(f"no audit log in {directory} yet: start the proxy (make run) and send a request, or "
              "point --audit-dir at the log", file=sys.stderr)
        return 1
    recent: deque[dict] = deque(maxlen=max(ns.last, 1))
    outcomes: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for rec in select(directory, Filters(record_type="decision")):
        recent.append(rec)
        outcomes[str(rec.get("decision"))] += 1
        for f in rec.get("findings") or []:
            types[str(f.get("type"))] += 1
    console = Console()
    totals = Table(title=f"llm-warden decisions in {directory}")
    totals.add_column("outcome")
    totals.add_column("count", justify="right")
    for name in ("permit", "redact", "deny"):
        totals.add_row(name, str(outcomes.get(name, 0)))
    console.print(totals)
    if types:
        found = Table(title="data found")
        found.add_column("type")
        found.add_column("count", justify="right")
        for name, n in types.most_common():
            found.add_row(name, str(n))
        console.print(found)
    render(list(recent), console=console)
    return 0


def cmd_bench(ns: argparse.Namespace) -> int:
    from . import bench
    return bench.main(ns)
