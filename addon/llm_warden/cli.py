"""``llm-warden``: run the gateway, and the tools around it.

Subcommands live with the package they belong to (``classify.cli``, ``policy.cli``,
``audit.cli``); this module only assembles them, and runs mitmdump for ``run``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

RUN_HELP = """\
usage: llm-warden run [mitmdump options] [--set warden_OPTION=VALUE ...]

Runs mitmdump with the llm-warden addon loaded programmatically (a failed script reload can
never silently drop it). Every mitmdump option works unchanged; llm-warden adds:

  --set connection_strategy=lazy   (the default here: a denied request never opens a
                                    connection to the provider)
  --set warden_policy=FILE         policy YAML (default: policies/default.yaml)
  --set warden_audit_dir=DIR       signed audit log (default: ~/.llm-warden/audit)
  --set warden_signing_key=SPEC    'keyring' or 'file:PATH' (default: file:~/.llm-warden/signing.key)
  --set warden_model=DIR           NER model directory, or 'none' (default: the bundled model)
  --config FILE                    a deployment in one file: YAML of option: value (mitmproxy and
                                   warden_* options; lists for repeatable ones). --set wins over it.

All warden options: llm-warden run --options | grep -B3 '^warden_'

examples:
  llm-warden run --listen-host 127.0.0.1 --listen-port 8080
  llm-warden run --mode transparent --showhost --set warden_policy=policies/team-egress.yaml
"""

EPILOG = """\
quick start:
  llm-warden run                       start the proxy on 127.0.0.1:8080
  llm-warden env                       shell exports that send your tools through it
  echo 'mail jane@acme.io' | llm-warden classify
  llm-warden policy check policies/default.yaml
  llm-warden audit verify ~/.llm-warden/audit --public-key "$(llm-warden keys public | tail -1)"
"""


def run(argv: Sequence[str]) -> int:
    """mitmdump with the warden added, and the warden's defaults applied before the user's."""
    if any(a in ("-h", "--help") for a in argv):
        print(RUN_HELP)
        from mitmproxy.tools import cmdline
        from mitmproxy import options
        cmdline.mitmdump(options.Options()).print_help()
        return 0
    from .runner import run_mitmdump
    return run_mitmdump(list(argv))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="llm-warden",
        description="An AI egress gateway: inspects, decides on and records every LLM API request.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="run the proxy (mitmdump + llm-warden); all mitmdump options work",
                   add_help=False)
    from .classify import cli as classify_cli
    from .policy import cli as policy_cli
    from .audit import cli as audit_cli
    from . import tools_cli
    classify_cli.register(sub)
    policy_cli.register(sub)
    audit_cli.register(sub)
    tools_cli.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "run":
        return run(args[1:])
    parser = build_parser()
    ns = parser.parse_args(args)
    if not getattr(ns, "func", None):
        parser.print_help()
        return 2
    result = ns.func(ns)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
