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


def run_mitmdump(argv: list[str]) -> int:
    from mitmproxy.tools import cmdline
    from mitmproxy.tools import main as mitm_main
    from mitmproxy.tools.dump import DumpMaster

    from .mitm import Warden

    class WardenMaster(DumpMaster):
        def __init__(self, options, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(options, **kwargs)
            self.addons.add(Warden())

    args: list[str] = []
    for d in DEFAULTS:
        args += ["--set", d]
    args += argv

    def extra(ns):  # type: ignore[no-untyped-def]
        if ns.filter_args:
            v = " ".join(ns.filter_args)
            return dict(save_stream_filter=v, readfile_filter=v, dumper_filter=v)
        return {}

    mitm_main.run(WardenMaster, cmdline.mitmdump, args, extra)
    return 0


if __name__ == "__main__":
    sys.exit(run_mitmdump(sys.argv[1:]))
