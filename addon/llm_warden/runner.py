"""Run mitmdump with the warden added programmatically.

This mirrors ``mitmproxy.tools.main.run`` but adds the addon to the master before options are
parsed, so ``--set warden_*`` is known to the option parser and a configuration error stops the
process with a clear message instead of leaving a proxy that forwards unchecked traffic.
"""

from __future__ import annotations

import sys

#: applied before the user's own --set, so the user can still override them. mitmdump's own flow
#: lines print full URLs (Gemini puts the API key in the query); the warden logs one line per
#: decision instead, with nothing raw in it.
DEFAULTS = ("connection_strategy=lazy", "flow_detail=0")


def config_args(path: str) -> list[str]:
    """A deployment in one file: ``--config FILE`` turns a YAML mapping of option → value
    (mitmproxy options and warden_* options alike; lists for repeatable options) into --set."""
    import yaml

    try:
        data = yaml.safe_load(open(path, encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise SystemExit(f"llm-warden: cannot read --config {path}: {e}")
    if not isinstance(data, dict):
        raise SystemExit(f"llm-warden: --config {path} must be a mapping of option names to values")
    out: list[str] = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            text = ("true" if item else "false") if isinstance(item, bool) else str(item)
            out += ["--set", f"{name}={text}"]
    return out


def _set_names(args: list[str]) -> set[str]:
    return {args[i + 1].split("=", 1)[0] for i, a in enumerate(args[:-1]) if a == "--set"}


def _expand_config(argv: list[str]) -> list[str]:
    """Replace ``--config FILE`` by its options; an option also set on the command line wins."""
    out: list[str] = []
    files: list[str] = []
    it = iter(argv)
    for arg in it:
        if arg == "--config":
            path = next(it, None)
            if path is None:
                raise SystemExit("llm-warden: --config needs a file")
            files.append(path)
        elif arg.startswith("--config="):
            files.append(arg.split("=", 1)[1])
        else:
            out.append(arg)
    given = _set_names(out)
    for path in files:
        pairs = config_args(path)
        for i in range(0, len(pairs), 2):
            if pairs[i + 1].split("=", 1)[0] not in given:
                out += pairs[i:i + 2]
    return out


def run_mitmdump(argv: list[str]) -> int:
    from mitmproxy.tools import cmdline
    from mitmproxy.tools import main as mitm_main
    from mitmproxy.tools.dump import DumpMaster

    from .mitm import Warden

    class WardenMaster(DumpMaster):
        def __init__(self, options, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(options, **kwargs)
            self.addons.add(Warden())

    user_args = _expand_config(argv)
    explicit = _set_names(user_args)
    args = [a for d in DEFAULTS if d.split("=", 1)[0] not in explicit for a in ("--set", d)]
    args += user_args

    def extra(ns):  # type: ignore[no-untyped-def]
        if ns.filter_args:
            v = " ".join(ns.filter_args)
            return dict(save_stream_filter=v, readfile_filter=v, dumper_filter=v)
        return {}

    mitm_main.run(WardenMaster, cmdline.mitmdump, args, extra)
    return 0


if __name__ == "__main__":
    sys.exit(run_mitmdump(sys.argv[1:]))
