"""Network-namespace plumbing for the transparent-gateway test: a client, a gateway and a provider.

The test needs a real router in the path, with real REDIRECT rules, because that is what a team
gateway is: clients with no proxy settings whose connections the kernel hands to mitmproxy. Three
namespaces joined by two veth pairs give exactly that without touching the host's network:

    client (10.99.1.2, .3, fd00:99:1::2) ── gateway (lan0 | wan0) ── provider (10.99.2.2, fd00:99:2::2)

The addresses only exist inside the namespaces, so they cannot collide with the host's networks
(or with a concurrent run: every run gets its own namespace names, which carry the pid of the
process that made them so a later run can sweep what a crashed one left behind).

Servers and test sockets are opened *inside* a namespace from a short-lived thread that joins it
with ``setns(2)`` (a network namespace is per thread, and a socket stays in the namespace it was
created in). That keeps the stand-in provider in this process, so the test reads what it received
directly, instead of through a subprocess.
"""

from __future__ import annotations

import datetime
import errno
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import standin as standin_mod

T = TypeVar("T")

PREFIX = "lwt"  # every namespace this module creates is named lwt-<pid>-<token>-<role>
NETNS_DIR = Path("/run/netns")

CLIENT_V4, CLIENT2_V4, GW_LAN_V4 = "10.99.1.2", "10.99.1.3", "10.99.1.1"
GW_WAN_V4, PROVIDER_V4 = "10.99.2.1", "10.99.2.2"
CLIENT_V6, GW_LAN_V6 = "fd00:99:1::2", "fd00:99:1::1"
GW_WAN_V6, PROVIDER_V6 = "fd00:99:2::1", "fd00:99:2::2"


def unavailable_reason() -> str | None:
    """Why namespaces cannot be used here, or None when they can (checked by making one)."""
    if os.geteuid() != 0:
        return "network namespaces need root (run as root, e.g. in the CI container)"
    for tool in ("ip", "curl"):
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed (apt-get install -y iproute2 curl)"
    if not hasattr(os, "setns"):
        return "os.setns is unavailable (needs Python >= 3.12 on Linux)"
    name = f"{PREFIX}-{os.getpid()}-probe{secrets.token_hex(2)}"
    r = subprocess.run(["ip", "netns", "add", name], capture_output=True, text=True)
    if r.returncode != 0:
        return f"cannot create a network namespace: {r.stderr.strip() or r.returncode}"
    subprocess.run(["ip", "netns", "del", name], capture_output=True)
    return None


def sh(*cmd: str, check: bool = True, timeout: float = 30, **kw: Any) -> subprocess.CompletedProcess[str]:
    """Run a command, failing with its output (not just the exit code) when it fails."""
    r = subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout, **kw)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr}")
    return r


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as e:
        return e.errno == errno.EPERM
    return True


def sweep_stale() -> list[str]:
    """Delete namespaces left by runs whose process is gone (a crash, a SIGKILL'd pytest).

    Processes still inside such a namespace (a proxy or stand-in of that run) are ended by pid
    first; they are only ever processes a run of this module started there.
    """
    removed = []
    if not NETNS_DIR.is_dir():
        return removed
    for entry in NETNS_DIR.iterdir():
        parts = entry.name.split("-")
        if len(parts) < 3 or parts[0] != PREFIX or not parts[1].isdigit():
            continue
        if _pid_alive(int(parts[1])):
            continue
        pids = sh("ip", "netns", "pids", entry.name, check=False).stdout.split()
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (OSError, ValueError):
                pass
        sh("ip", "netns", "del", entry.name, check=False)
        removed.append(entry.name)
    return removed


def call_in_netns(ns: str, fn: Callable[[], T]) -> T:
    """Run ``fn`` in a fresh thread that has joined namespace ``ns``; return or raise its result.

    The thread ends afterwards, so no thread of this process is left in the namespace; sockets
    created by ``fn`` keep belonging to it.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            fd = os.open(NETNS_DIR / ns, os.O_RDONLY)
            try:
                os.setns(fd, os.CLONE_NEWNET)
            finally:
                os.close(fd)
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            box["error"] = e

    t = threading.Thread(target=target, name=f"netns-{ns}")
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


@dataclass
class Topology:
    """Three namespaces: ``client`` -> ``gateway`` (routes, and runs the proxy) -> ``provider``."""

    client: str
    gateway: str
    provider: str
    created: list[str] = field(default_factory=list)

    @classmethod
    def create(cls) -> "Topology":
        base = f"{PREFIX}-{os.getpid()}-{secrets.token_hex(3)}"
        topo = cls(f"{base}-cli", f"{base}-gw", f"{base}-prv")
        try:
            topo._build()
        except BaseException:
            topo.destroy()
            raise
        return topo

    def _build(self) -> None:
        for ns in (self.client, self.gateway, self.provider):
            sh("ip", "netns", "add", ns)
            self.created.append(ns)
            self.ip(ns, "link", "set", "lo", "up")
        # veth ends are created directly inside their namespaces, so their names never meet the
        # host's interfaces (or another run's).
        sh("ip", "link", "add", "lan0", "netns", self.gateway, "type", "veth",
           "peer", "name", "eth0", "netns", self.client)
        sh("ip", "link", "add", "wan0", "netns", self.gateway, "type", "veth",
           "peer", "name", "eth0", "netns", self.provider)
        # IPv6 addresses skip duplicate address detection ("nodad"): it would hold them
        # "tentative" (unusable) for a second or two on a link where nothing else can clash.
        for ns, dev, addrs in (
            (self.client, "eth0", [f"{CLIENT_V4}/24", f"{CLIENT2_V4}/24", f"{CLIENT_V6}/64"]),
            (self.gateway, "lan0", [f"{GW_LAN_V4}/24", f"{GW_LAN_V6}/64"]),
            (self.gateway, "wan0", [f"{GW_WAN_V4}/24", f"{GW_WAN_V6}/64"]),
            (self.provider, "eth0", [f"{PROVIDER_V4}/24", f"{PROVIDER_V6}/64"]),
        ):
            for a in addrs:
                self.ip(ns, "addr", "add", a, "dev", dev, *(["nodad"] if ":" in a else []))
            self.ip(ns, "link", "set", dev, "up")
        self.ip(self.client, "route", "add", "default", "via", GW_LAN_V4)
        self.ip(self.client, "-6", "route", "add", "default", "via", GW_LAN_V6)
        self.ip(self.provider, "route", "add", "default", "via", GW_WAN_V4)
        self.ip(self.provider, "-6", "route", "add", "default", "via", GW_WAN_V6)

    def ip(self, ns: str, *args: str) -> None:
        sh("ip", "-n", ns, *args)

    def exec_argv(self, ns: str, *cmd: str) -> list[str]:
        return ["ip", "netns", "exec", ns, *cmd]

    def run(self, ns: str, *cmd: str, check: bool = True, timeout: float = 30,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return sh(*self.exec_argv(ns, *cmd), check=check, timeout=timeout, env=env)

    def destroy(self) -> None:
        """End whatever still runs in the namespaces (by pid), then delete them."""
        for ns in reversed(self.created):
            for pid in sh("ip", "netns", "pids", ns, check=False).stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (OSError, ValueError):
                    pass
            sh("ip", "netns", "del", ns, check=False)
        self.created.clear()


# -- certificates -------------------------------------------------------------------------------


@dataclass
class ProviderPKI:
    ca_pem: Path
    cert_pem: Path
    key_pem: Path


def make_pki(directory: Path, names: list[str]) -> ProviderPKI:
    """A throwaway CA and a server certificate for ``names``, as a provider would present them.

    mitmproxy verifies the upstream certificate against the name the client asked for, so the
    stand-in provider has to hold a certificate for api.openai.com from a CA the proxy trusts
    (``ssl_verify_upstream_trusted_ca``): the test's own CA, never a real one.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "llm-warden test provider CA")])
    ca = (x509.CertificateBuilder()
          .subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pki = ProviderPKI(directory / "provider-ca.pem", directory / "provider-cert.pem", directory / "provider-key.pem")
    pki.ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.cert_pem.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    pki.key_pem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))
    return pki


# -- the stand-in provider, with TLS, inside a namespace ------------------------------------------


class _DualStackTLSServer(ThreadingHTTPServer):
    """tests/standin.py's handler behind TLS on [::]:port, accepting IPv4 and IPv6 alike."""

    address_family = socket.AF_INET6
    daemon_threads = True
    tls: ssl.SSLContext

    def server_bind(self) -> None:
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, addr = self.socket.accept()
        # The handshake runs on the first read, in the handler's own thread, so a client that
        # stalls mid-handshake cannot hold up the accept loop.
        return self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr


def start_tls_standin(ns: str, pki: ProviderPKI, port: int = 443) -> standin_mod.StandIn:
    """The stand-in provider of tests/standin.py, speaking HTTPS on [::]:port inside ``ns``."""
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(pki.cert_pem, pki.key_pem)
    tls.set_alpn_protocols(["http/1.1"])
    holder: dict[str, standin_mod.StandIn] = {}

    def make() -> _DualStackTLSServer:
        server = _DualStackTLSServer(("::", port), lambda *a: standin_mod._handler(holder["s"])(*a))
        server.tls = tls
        return server

    server = call_in_netns(ns, make)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name=f"standin-{ns}")
    state = standin_mod.StandIn(server, thread)
    holder["s"] = state
    thread.start()
    return state


class UdpSink:
    """UDP sockets on [::]:port inside a namespace, recording what arrives (for the QUIC check)."""

    def __init__(self, ns: str, ports: list[int]) -> None:
        self.received: dict[int, list[bytes]] = {p: [] for p in ports}
        self._socks: list[socket.socket] = []
        self._stop = threading.Event()

        def make(port: int) -> socket.socket:
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            s.bind(("::", port))
            s.settimeout(0.2)
            return s

        for port in ports:
            sock = call_in_netns(ns, lambda port=port: make(port))  # type: ignore[misc]
            self._socks.append(sock)
            threading.Thread(target=self._loop, args=(sock, port), daemon=True).start()

    def _loop(self, sock: socket.socket, port: int) -> None:
        while not self._stop.is_set():
            try:
                data, _ = sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            self.received[port].append(data)

    def close(self) -> None:
        self._stop.set()
        for s in self._socks:
            s.close()


def send_udp(ns: str, host: str, port: int, payload: bytes, count: int = 3) -> None:
    """Send a few datagrams from inside ``ns`` (a few, as a QUIC client would retry)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET

    def send() -> None:
        with socket.socket(family, socket.SOCK_DGRAM) as s:
            for _ in range(count):
                s.sendto(payload, (host, port))

    call_in_netns(ns, send)


def _redis_command(port: int, command: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
        s.sendall(command + b"\r\n")
        return s.recv(256)


def wait_redis(ns: str, port: int, timeout: float, alive: Callable[[], bool] = lambda: True) -> None:
    """Wait until the redis-server started inside ``ns`` answers PING on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout

    def ping() -> bool:
        try:
            return _redis_command(port, b"PING").startswith(b"+PONG")
        except OSError:
            return False

    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"redis-server in {ns} exited")
        if call_in_netns(ns, ping):
            return
        time.sleep(0.1)
    raise TimeoutError(f"redis-server in {ns} did not answer within {timeout}s")


def redis_dbsize(ns: str, port: int) -> int:
    """How many keys the redis-server inside ``ns`` holds (proof that something used it)."""
    reply = call_in_netns(ns, lambda: _redis_command(port, b"DBSIZE"))
    return int(reply.strip().lstrip(b":"))
