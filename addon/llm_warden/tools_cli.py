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


def cmd_bench(ns: argparse.Namespace) -> int:
    from . import bench
    return bench.main(ns)
