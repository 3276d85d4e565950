"""A real ``redis-server`` for tests: started on a free loopback port in a temp dir, then stopped.

Import the fixtures into a test module (``from redis_server import redis_server, redis_url``)
or call :func:`start_redis` directly. Tests skip, saying why, only when ``redis-server`` is not
installed; a server that is installed but fails to start is an error, not a skip.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["RedisServer", "redis_server", "redis_url", "require_redis_server", "start_redis"]


def require_redis_server() -> str:
    """Path of ``redis-server``, or skip the calling test with the reason."""
    path = shutil.which("redis-server")
    if path is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    return path


@dataclass
class RedisServer:
    """A running server; ``url`` is what the code under test connects to."""

    process: subprocess.Popen[bytes]
    port: int
    directory: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def flush(self) -> None:
        """Empty every database, so tests sharing one server start clean."""
        _command(self.port, b"FLUSHALL")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _command(port: int, command: bytes, timeout: float = 2.0) -> bytes:
    """Send one inline command and return the first reply line (no client library needed)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(command + b"\r\n")
        return s.recv(256)


def start_redis(directory: Path, *, startup_timeout: float = 15.0) -> RedisServer:
    """Start ``redis-server`` bound to 127.0.0.1 only, without persistence, and wait for PING.

    The port is picked free just before the start; if another process grabs it in between, the
    start is retried on a new port.
    """
    binary = require_redis_server()
    directory.mkdir(parents=True, exist_ok=True)
    last_error = ""
    for _attempt in range(5):
        port = _free_port()
        log = directory / f"redis-{port}.log"
        proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--protected-mode",
                "yes",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(directory),
                "--logfile",
                str(log),
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + startup_timeout
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if _command(port, b"PING", timeout=0.5).startswith(b"+PONG"):
                    return RedisServer(proc, port, directory)
            except OSError:
                pass
            time.sleep(0.05)
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        last_error = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
    raise RuntimeError(f"redis-server did not start:\n{last_error}")


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One server per test module (starting one takes a fraction of a second)."""
    server = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The module's server, emptied before each test."""
    redis_server.flush()
    return redis_server.url
