"""Start a real ``llm-warden run`` (mitmdump + the addon) in a subprocess for end-to-end tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent / "llm-warden"
PROVIDER_HOSTS = ("api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com",
                  "example-resource.openai.azure.com")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Proxy:
    proc: subprocess.Popen[bytes]
    port: int
    home: Path
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ca(self) -> Path:
        return self.home / "confdir" / "mitmproxy-ca-cert.pem"

    @property
    def audit_dir(self) -> Path:
        return self.home / "audit"

    @property
    def state_dir(self) -> Path:
        return self.home / "state"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def map_remote_args(upstream: str) -> list[str]:
    args = []
    for host in PROVIDER_HOSTS:
        args += ["--set", f"map_remote=|https://{host.replace('.', '[.]')}|{upstream}"]
    return args


def start_proxy(home: Path, upstream: str, *, policy: str = "policies/default.yaml",
                model: str = "none", extra: list[str] | None = None, port: int | None = None,
                env: dict[str, str] | None = None, wait: bool = True) -> Proxy:
    home.mkdir(parents=True, exist_ok=True)
    fixed_port = port is not None
    port = port or free_port()
    policy_path = policy if os.path.isabs(policy) else str(REPO / policy)
    base = {"confdir": str(home / "confdir"), "warden_state_dir": str(home / "state"),
            "warden_audit_dir": str(home / "audit"), "warden_policy": policy_path, "warden_model": model}
    rest: list[str] = []
    extra = list(extra or [])
    while extra:  # a --set in extra overrides the same base option (mitmdump refuses duplicates)
        arg = extra.pop(0)
        if arg == "--set" and extra and extra[0].split("=", 1)[0] in base:
            name, _, value = extra.pop(0).partition("=")
            base[name] = value
        else:
            rest.append(arg)
    for attempt in range(3):
        args = [str(BIN), "run", "--listen-host", "127.0.0.1", "--listen-port", str(port)]
        for name, value in base.items():
            args += ["--set", f"{name}={value}"]
        args += [*map_remote_args(upstream), *rest]
        log_path = home / f"proxy-{port}.log"
        log_file = open(log_path, "wb")
        proc = subprocess.Popen(args, stdout=log_file, stderr=subprocess.STDOUT, cwd=REPO,
                                env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})})
        proxy = Proxy(proc, port, home, log_path)
        if not wait:
            return proxy
        try:
            wait_ready(proxy)
            return proxy
        except RuntimeError:
            # free_port() cannot reserve the port: another process may take it first. Only
            # that is retried, on a new port; any other start-up failure is the test's result.
            if fixed_port or attempt == 2 or "address already in use" not in proxy.log().lower():
                raise
            port = free_port()
    raise AssertionError("unreachable")


def wait_ready(proxy: Proxy, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proxy.proc.poll() is not None:
            raise RuntimeError(f"llm-warden exited with {proxy.proc.returncode}:\n{proxy.log()}")
        if "llm-warden is guarding" in proxy.log() and proxy.ca.exists():
            try:
                with socket.create_connection(("127.0.0.1", proxy.port), timeout=1):
                    return
            except OSError:
                pass
        time.sleep(0.2)
    proxy.stop()
    raise RuntimeError(f"llm-warden did not start within {timeout}s:\n{proxy.log()}")
