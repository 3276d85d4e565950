#!/usr/bin/env python3
"""Time to first token through the proxy, with and without the warden.

Starts the loopback stand-in provider (tests/standin.py) with a streamed answer whose first event
comes after --first-delay seconds, then measures, over N streamed chat completions with the official
openai SDK, how long the first content chunk takes: (a) through plain mitmdump, (b) through
`llm-warden run` (patterns only, and with the bundled NER model when it exists). The difference is
what the warden adds before the first token: inspection, the decision and the durable record.

    .venv/bin/python scripts/bench_ttft.py --requests 30
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import openai  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

import standin  # noqa: E402
from proxy import BIN, Proxy, free_port, map_remote_args, start_proxy  # noqa: E402

PROMPT = "Summarise the meeting notes: Alice from accounting will send the report to bob@example.com by Friday."


def plain_mitmdump(home: Path, upstream: str) -> Proxy:
    port = free_port()
    log = home / "mitmdump.log"
    args = [str(BIN.parent / "mitmdump"), "--listen-host", "127.0.0.1", "--listen-port", str(port),
            "--set", f"confdir={home / 'confdir'}", "--set", "connection_strategy=lazy", "--set", "flow_detail=0",
            *map_remote_args(upstream)]
    proc = subprocess.Popen(args, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    p = Proxy(proc, port, home, log)
    deadline = time.monotonic() + 60
    while not p.ca.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    return p


def ttft(proxy: Proxy, n: int) -> list[float]:
    http_client = openai.DefaultHttpxClient(proxy=proxy.url, verify=str(proxy.ca), timeout=60)
    client = openai.OpenAI(api_key="sk-bench", http_client=http_client, max_retries=0)
    out = []
    for i in range(n + 2):
        start = time.perf_counter()
        stream = client.chat.completions.create(model="gpt-4o-mini", stream=True,
                                                messages=[{"role": "user", "content": f"{PROMPT} ({i})"}])
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                if i >= 2:  # the first two warm connections and caches
                    out.append((time.perf_counter() - start) * 1000)
                break
        stream.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--first-delay", type=float, default=0.2, help="seconds the stand-in waits before the first event")
    ns = parser.parse_args()
    s = standin.start()
    s.first_delay = ns.first_delay
    console = Console()
    table = Table(title=f"time to first token, {ns.requests} streamed requests (stand-in first event after "
                        f"{ns.first_delay * 1000:.0f} ms)")
    for col in ("path", "p50 ms", "p95 ms", "added p50 ms"):
        table.add_column(col, justify="right" if col != "path" else "left")
    configs: list[tuple[str, str | None]] = [("mitmdump, no addon", None), ("llm-warden, patterns", "none")]
    if (REPO / "models" / "warden-ner" / "config.json").exists():
        configs.append(("llm-warden, bundled NER", str(REPO / "models" / "warden-ner")))
    base = None
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, model) in enumerate(configs):
            home = Path(tmp) / str(i)
            home.mkdir()
            with console.status(f"measuring {name}..."):
                p = plain_mitmdump(home, s.url) if model is None else start_proxy(home, s.url, model=model)
                try:
                    times = sorted(ttft(p, ns.requests))
                finally:
                    p.stop()
            p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
            base = p50 if base is None else base
            table.add_row(name, f"{p50:.1f}", f"{p95:.1f}", f"{p50 - base:+.1f}")
    console.print(table)
    s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
