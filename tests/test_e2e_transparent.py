"""The team egress gateway, for real: transparent interception between network namespaces.

A client namespace with no proxy settings at all sends HTTPS to ``api.openai.com`` (resolved to
the provider namespace's address, as DNS would). Its default route is the gateway namespace,
where ``scripts/gateway/iptables.sh`` or ``nftables.sh`` (the shipped scripts, not rules written
here) redirect TCP 443 to ``llm-warden run --mode transparent``, started the way
``scripts/gateway/llm-warden.service`` starts it, with ``scripts/gateway/llm-warden.conf.yaml``
as its config file and without any capability. The proxy decrypts (the client trusts its CA),
decides, records, and connects to the original destination: a stand-in provider speaking HTTPS
with a certificate for api.openai.com from a test CA the proxy is told to trust.

What must hold on a gateway, each checked with both rule backends (iptables and nftables):
interception happens without client configuration, over IPv4 and IPv6; personal data is
replaced before the provider sees it and restored in the answer; a secret is refused and never
reaches the provider; the record names the client by its address and, through the trusted
address map, by user; QUIC (UDP 443) does not get through, on either family; a client that
refuses the gateway's certificate gets nothing through and is recorded; teardown really removes
the redirect; replicas behind the rule share Redis and each keep a log that verifies.

Skips (with the reason) only where network namespaces cannot be created.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import netns
import standin as standin_mod
from netns import (
    CLIENT2_V4,
    CLIENT_V4,
    CLIENT_V6,
    PROVIDER_V4,
    PROVIDER_V6,
    Topology,
)

REPO = Path(__file__).resolve().parents[1]
GATEWAY = REPO / "scripts" / "gateway"
VENV_BIN = Path(sys.executable).parent
PROXY_PORT = 8080
HOST = "api.openai.com"
PROVIDER_NAMES = [HOST, "api.anthropic.com"]

EMAIL = "jane.doe@example.com"
SECRET = "AKIAIOSFODNN7EXAMPLE"  # AWS's documented example access key id

NETNS_REASON = netns.unavailable_reason()
needs_netns = pytest.mark.skipif(NETNS_REASON is not None, reason=f"no network namespaces: {NETNS_REASON}")


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def topo() -> Iterator[Topology]:
    netns.sweep_stale()
    t = Topology.create()
    try:
        yield t
    finally:
        t.destroy()


@dataclass
class Provider:
    https: standin_mod.StandIn
    udp: netns.UdpSink
    pki: netns.ProviderPKI


@pytest.fixture(scope="module")
def provider(topo: Topology, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    pki = netns.make_pki(tmp_path_factory.mktemp("pki"), PROVIDER_NAMES)
    https = netns.start_tls_standin(topo.provider, pki, 443)
    udp = netns.UdpSink(topo.provider, [443, 4443])
    try:
        yield Provider(https, udp, pki)
    finally:
        udp.close()
        https.close()


@dataclass
class Warden:
    proc: subprocess.Popen[bytes]
    home: Path
    log_path: Path

    @property
    def ca(self) -> Path:
        return self.home / "state" / "mitmproxy" / "mitmproxy-ca-cert.pem"

    @property
    def audit_dir(self) -> Path:
        return self.home / "state" / "audit"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def records(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for seg in sorted(self.audit_dir.glob("*.jsonl")):
            out += [json.loads(line) for line in seg.read_text().splitlines() if line.strip()]
        return out

    def decision_for(self, body: bytes, timeout: float = 5) -> dict[str, Any]:
        """The decision record of the request whose original body was ``body``."""
        digest = hashlib.sha256(body).hexdigest()
        deadline = time.monotonic() + timeout
        while True:
            found = [r for r in self.records()
                     if r.get("type") == "decision" and (r.get("request") or {}).get("sha256") == digest]
            if found or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert len(found) == 1, f"expected one decision for the request, got {found}\n{self.log()}"
        return found[0]


def relocate(text: str, home: Path) -> str:
    """Move the deployment's fixed paths (venv, /etc, /var/lib) into the test's directory."""
    return (text.replace("/opt/llm-warden/.venv/bin", str(VENV_BIN))
            .replace("/etc/llm-warden/", f"{home}/etc/")
            .replace("/var/lib/llm-warden", f"{home}/state"))


def render_config(home: Path) -> str:
    """scripts/gateway/llm-warden.conf.yaml with its paths moved under ``home``."""
    text = relocate((GATEWAY / "llm-warden.conf.yaml").read_text(), home)
    live = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert not [line for line in live if "llm-warden/" in line and str(home) not in line], \
        "the example config has a path the test does not relocate"
    return text


def unit_commands(home: Path) -> tuple[list[list[str]], list[str]]:
    """The ExecStartPre= commands and the ExecStart= command of llm-warden.service, relocated:
    the test starts the proxy exactly the way the unit does."""
    text = (GATEWAY / "llm-warden.service").read_text().replace("\\\n", " ")
    pre, start = [], []
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key in ("ExecStartPre", "ExecStart"):
            argv = [relocate(a, home) for a in shlex.split(value.lstrip("-+!@:"))]
            if key == "ExecStart":
                start = argv
            else:
                pre.append(argv)
    assert start, "llm-warden.service has no ExecStart="
    return pre, start


def install_deployment(home: Path) -> None:
    """What an operator installs: /etc/llm-warden (policy, address map, config), /var/lib."""
    (home / "etc").mkdir(parents=True)
    (home / "state").mkdir()  # systemd's StateDirectory=; the proxy makes what goes inside
    shutil.copy(REPO / "policies" / "team-egress.yaml", home / "etc" / "policy.yaml")
    (home / "etc" / "ipmap.yaml").write_text(
        f"{CLIENT_V4}: {{user: alice, groups: [engineering]}}\n"
        f'"{CLIENT_V6}": {{user: alice, groups: [engineering]}}\n'
        f"# {CLIENT2_V4} is deliberately not in the map\n")
    (home / "etc" / "config.yaml").write_text(render_config(home))


def launch_warden(topo: Topology, provider: Provider, home: Path, *, port: int = PROXY_PORT,
                  extra: tuple[str, ...] = ()) -> Warden:
    """Start the unit's commands (relocated) inside the gateway namespace; do not wait."""
    pre, start = unit_commands(home)
    for argv in pre:  # the policy check
        netns.sh(*argv, cwd=home, env=clean_env())
    assert start[1] == "run" and start[start.index("--mode") + 1] == "transparent", start
    i = start.index("--listen-port") + 1
    assert start[i] == str(PROXY_PORT), start
    start[i] = str(port)  # a further replica on this host listens on a port of its own
    argv = topo.exec_argv(
        topo.gateway,
        # No capabilities at all, and none to be gained: what the unit grants.
        "setpriv", "--no-new-privs", "--bounding-set=-all", "--inh-caps=-all",
        *start,
        # Test-only: patterns instead of the NER model (speed), and trust in the stand-in's CA.
        "--set", "warden_model=none",
        "--set", f"ssl_verify_upstream_trusted_ca={provider.pki.ca_pem}",
        *extra,
    )
    log_path = home / "warden.log"
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen(argv, stdout=log_file, stderr=subprocess.STDOUT, cwd=home,
                                env={**clean_env(), "HF_HUB_OFFLINE": "1"}, start_new_session=True)
    return Warden(proc, home, log_path)


def wait_ready(w: Warden, timeout: float = 45) -> None:
    # Readiness from the log: a test connection straight to the port would not be a redirected
    # one, and the proxy rightly refuses it ("Transparent mode failure").
    deadline = time.monotonic() + timeout
    while "llm-warden is guarding" not in w.log() or not w.ca.exists():
        if w.proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"llm-warden did not start (exit {w.proc.poll()}):\n{w.log()}")
        time.sleep(0.1)
    assert "Transparent Proxy listening" in w.log(), w.log()


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def forwarding(topo: Topology) -> None:
    gateway_script(topo, "enable-forwarding.sh", "-i", "lan0")
    gateway_script(topo, "enable-forwarding.sh", "-i", "lan0")  # idempotent


@pytest.fixture(scope="module")
def warden(topo: Topology, provider: Provider, forwarding: None,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warden]:
    home = tmp_path_factory.mktemp("gateway")
    install_deployment(home)
    w = launch_warden(topo, provider, home)
    try:
        wait_ready(w)
        yield w
    finally:
        stop(w.proc)


REPLICA_PORTS = (8081, 8082)
REDIS_PORT = 6379


@pytest.fixture(scope="module")
def replicas(topo: Topology, provider: Provider, forwarding: None,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Warden]]:
    """Two replicas on this gateway sharing one Redis (rate limits, redaction vault), each with
    its own state and its own signed log, as docs/deploy-gateway.md describes scale-out."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server)")
    shared = tmp_path_factory.mktemp("replicas-shared")
    redis = subprocess.Popen(
        topo.exec_argv(topo.gateway, "redis-server", "--bind", "127.0.0.1", "--port", str(REDIS_PORT),
                       "--save", "", "--appendonly", "no", "--dir", str(shared)),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    started: list[Warden] = []
    try:
        netns.wait_redis(topo.gateway, REDIS_PORT, 15, alive=lambda: redis.poll() is None)
        # What replicas must share besides Redis: the vault key (placeholders written by one are
        # readable by the other) and the fingerprint key (one API key, one fingerprint).
        # And the interception CA, or a client would meet a different CA on each replica.
        (shared / "vault.key").write_bytes(os.urandom(32))
        fingerprint = os.urandom(32)
        from mitmproxy.certs import CertStore
        CertStore.create_store(shared / "ca", "mitmproxy", 2048)
        extra = ("--set", f"warden_redis=redis://127.0.0.1:{REDIS_PORT}/0",
                 "--set", f"warden_vault_key=file:{shared / 'vault.key'}")
        for port in REPLICA_PORTS:
            home = tmp_path_factory.mktemp(f"replica-{port}")
            install_deployment(home)
            (home / "state" / "fingerprint.key").write_bytes(fingerprint)
            (home / "state" / "mitmproxy").mkdir()
            for name in ("mitmproxy-ca.pem", "mitmproxy-ca-cert.pem"):
                shutil.copy(shared / "ca" / name, home / "state" / "mitmproxy" / name)
            started.append(launch_warden(topo, provider, home, port=port, extra=extra))
        for w in started:
            wait_ready(w)
        yield started
    finally:
        for w in started:
            stop(w.proc)
        stop(redis)


@pytest.fixture(params=["iptables", "nftables"])
def rules(request: pytest.FixtureRequest, topo: Topology, warden: Warden, provider: Provider) -> Iterator[str]:
    """The gateway's packet rules, applied by the shipped script (twice: it must be idempotent)."""
    backend = request.param
    if shutil.which("iptables-restore" if backend == "iptables" else "nft") is None:
        pytest.skip(f"{backend} is not installed (apt-get install -y {backend})")
    apply_rules(topo, backend)
    apply_rules(topo, backend)
    provider.https.clear()
    try:
        yield backend
    finally:
        gateway_script(topo, "teardown.sh")
        assert_no_rules(topo)


# -- helpers ------------------------------------------------------------------------------------


def clean_env() -> dict[str, str]:
    """An environment with no proxy settings whatsoever: the client is not configured."""
    return {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}


def gateway_script(topo: Topology, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return topo.run(topo.gateway, str(GATEWAY / script), *args)


def apply_rules(topo: Topology, backend: str, ports: tuple[int, ...] = (PROXY_PORT,)) -> None:
    script = "iptables.sh" if backend == "iptables" else "nftables.sh"
    gateway_script(topo, script, "-i", "lan0", *[a for p in ports for a in ("--port", str(p))])


def assert_no_rules(topo: Topology) -> None:
    for tool in ("iptables", "ip6tables"):
        if shutil.which(tool):
            for table in ("nat", "filter"):
                dump = topo.run(topo.gateway, tool, "-t", table, "-S").stdout
                assert "LLM_WARDEN" not in dump, dump
    if shutil.which("nft"):
        assert "llm_warden" not in topo.run(topo.gateway, "nft", "list", "tables").stdout


@dataclass
class Answer:
    status: int
    body: str
    rc: int
    stderr: str

    def json(self) -> Any:
        return json.loads(self.body)


def curl(topo: Topology, body: bytes, *, cacert: Path, v6: bool = False, source: str | None = None,
         path: str = "/v1/chat/completions") -> Answer:
    """POST ``body`` to https://api.openai.com from the client namespace, with no proxy settings.

    ``--resolve`` plays DNS: the name resolves to the provider namespace's address, and nothing
    in the client mentions the gateway.
    """
    addr = f"[{PROVIDER_V6}]" if v6 else PROVIDER_V4
    argv = ["curl", "-q", "-sS", "--max-time", "20",
            "--resolve", f"{HOST}:443:{addr}", "--cacert", str(cacert),
            "-H", "content-type: application/json", "-H", "authorization: Bearer sk-test-not-a-real-key",
            "--data-binary", "@-", "-w", "\n%{http_code}", f"https://{HOST}{path}"]
    if source:
        argv[1:1] = ["--interface", source]
    r = subprocess.run(topo.exec_argv(topo.client, *argv), input=body, capture_output=True, timeout=30,
                       env=clean_env())
    out = r.stdout.decode(errors="replace")
    text, _, code = out.rpartition("\n")
    return Answer(int(code) if code.isdigit() else 0, text, r.returncode, r.stderr.decode(errors="replace"))


def chat(text: str) -> bytes:
    return json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]}).encode()


# -- the gateway path ---------------------------------------------------------------------------


@needs_netns
@pytest.mark.parametrize("v6", [False, True], ids=["ipv4", "ipv6"])
def test_intercepts_redacts_and_restores(rules: str, topo: Topology, warden: Warden, provider: Provider,
                                         v6: bool) -> None:
    body = chat(f"Please write to {EMAIL} about the invoice ({rules}, {'v6' if v6 else 'v4'}).")
    answer = curl(topo, body, cacert=warden.ca, v6=v6)

    assert answer.status == 200, (answer, warden.log())
    # The client got its own value back: the placeholder was restored on the way in.
    assert EMAIL in answer.json()["choices"][0]["message"]["content"]
    # The provider saw the placeholder, never the address.
    assert len(provider.https.received) == 1, provider.https.received
    seen = provider.https.received[0]
    assert EMAIL.encode() not in seen.body
    assert "[EMAIL_ADDRESS_1]" in seen.json()["messages"][0]["content"]
    assert seen.headers.get("host") == HOST

    record = warden.decision_for(body)
    assert record["decision"] == "redact"
    assert record["target"]["host"] == HOST
    identity = record["identity"]
    assert identity["client_ip"] == (CLIENT_V6 if v6 else CLIENT_V4)
    assert identity["user"] == "alice"
    assert identity["auth"] == "ipmap"
    assert identity["verified"] is True
    assert "engineering" in identity["groups"]
    assert any(f["type"] == "EMAIL_ADDRESS" for f in record["findings"])


@needs_netns
def test_secret_is_refused_and_never_reaches_the_provider(rules: str, topo: Topology, warden: Warden,
                                                          provider: Provider) -> None:
    body = chat(f"why does boto reject my key {SECRET}? ({rules})")
    answer = curl(topo, body, cacert=warden.ca)

    assert answer.status == 403, (answer, warden.log())
    assert "secret" in answer.json()["error"]["message"].lower()
    assert provider.https.received == []
    assert SECRET.encode() not in provider.https.all_bytes()
    record = warden.decision_for(body)
    assert record["decision"] == "deny"
    assert record["identity"]["client_ip"] == CLIENT_V4
    assert SECRET not in json.dumps(record)


@needs_netns
def test_unmapped_address_is_unverified_and_denied_by_team_policy(rules: str, topo: Topology, warden: Warden,
                                                                 provider: Provider) -> None:
    body = chat(f"hello from an address nobody registered ({rules})")
    answer = curl(topo, body, cacert=warden.ca, source=CLIENT2_V4)

    assert answer.status == 403, (answer, warden.log())
    assert "Authentication required" in answer.json()["error"]["message"]
    assert provider.https.received == []
    identity = warden.decision_for(body)["identity"]
    assert identity["client_ip"] == CLIENT2_V4
    assert identity["verified"] is False
    assert identity["user"] in (None, "")


@needs_netns
def test_quic_to_the_provider_is_dropped(rules: str, topo: Topology, provider: Provider) -> None:
    for port in provider.udp.received:
        provider.udp.received[port].clear()
    for addr in (PROVIDER_V4, PROVIDER_V6):
        # UDP 443 is QUIC/HTTP3: it must not get through, or clients would skip the proxy.
        netns.send_udp(topo.client, addr, 443, f"quic {addr} {rules}".encode())
        # Another UDP port proves the path itself works: the drop is the rules' doing.
        netns.send_udp(topo.client, addr, 4443, f"control {addr} {rules}".encode())
    deadline = time.monotonic() + 3
    while len(provider.udp.received[4443]) < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # any 443 datagram sent before the controls would have landed by now
    assert len(provider.udp.received[4443]) == 6, provider.udp.received
    assert provider.udp.received[443] == []


@needs_netns
def test_client_refusing_the_gateway_certificate_gets_nothing_through(rules: str, topo: Topology, warden: Warden,
                                                                       provider: Provider) -> None:
    """A pinned client (here: one that trusts only the provider's real CA) fails closed, recorded."""
    before = len([r for r in warden.records() if r.get("type") == "tls_refused"])
    answer = curl(topo, chat(f"pinned {rules}"), cacert=provider.pki.ca_pem)

    assert answer.rc == 60, answer  # curl: peer certificate cannot be authenticated
    assert provider.https.received == []
    deadline = time.monotonic() + 5
    refused: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        refused = [r for r in warden.records() if r.get("type") == "tls_refused"][before:]
        if refused:
            break
        time.sleep(0.1)
    assert refused, f"no tls_refused record\n{warden.log()}"
    assert refused[-1]["host"] == HOST
    assert refused[-1]["client_ip"] == CLIENT_V4


@needs_netns
def test_direct_connection_to_the_proxy_port_is_refused(rules: str, topo: Topology, warden: Warden) -> None:
    """Only redirected connections reach the proxy: a direct one would make it connect to itself."""
    before = len(warden.records())
    argv = ["curl", "-q", "-sS", "--max-time", "10", "--resolve", f"{HOST}:{PROXY_PORT}:{netns.GW_LAN_V4}",
            "--cacert", str(warden.ca), "-H", "content-type: application/json", "--data-binary", "@-",
            f"https://{HOST}:{PROXY_PORT}/v1/chat/completions"]
    r = subprocess.run(topo.exec_argv(topo.client, *argv), input=chat("direct to the proxy port"),
                       capture_output=True, timeout=30, env=clean_env())
    assert r.returncode == 7, r  # curl: failed to connect (the guard's TCP reset)
    time.sleep(0.2)
    assert len(warden.records()) == before, warden.records()[before:]


@needs_netns
def test_teardown_removes_the_redirect(rules: str, topo: Topology, provider: Provider) -> None:
    """After teardown.sh the client reaches the provider itself (its own certificate answers)."""
    gateway_script(topo, "teardown.sh")
    gateway_script(topo, "teardown.sh")  # idempotent
    assert_no_rules(topo)
    answer = curl(topo, chat("direct"), cacert=provider.pki.ca_pem)
    assert answer.status == 200, answer
    assert len(provider.https.received) == 1


@needs_netns
def test_replicas_share_the_segment_and_each_log_verifies(rules: str, topo: Topology, replicas: list[Warden],
                                                         provider: Provider) -> None:
    """Scale-out on one gateway: the redirect rule is the L4 balancer over several replicas."""
    apply_rules(topo, rules, REPLICA_PORTS)  # replaces the single-port rules of the fixture
    bodies = [chat(f"Reply to {EMAIL} please, turn {i} ({rules})") for i in range(4)]
    for body in bodies:
        answer = curl(topo, body, cacert=replicas[0].ca)
        assert answer.status == 200, (answer, [w.log() for w in replicas])
        assert EMAIL in answer.json()["choices"][0]["message"]["content"]
    assert len(provider.https.received) == 4
    assert all(EMAIL.encode() not in r.body for r in provider.https.received)

    digests = {hashlib.sha256(b).hexdigest() for b in bodies}
    per_replica = [[r for r in w.records() if r.get("type") == "decision"
                    and (r.get("request") or {}).get("sha256") in digests] for w in replicas]
    assert [len(x) for x in per_replica] == [2, 2], "new connections should alternate between replicas"
    records = [r for x in per_replica for r in x]
    assert {r["identity"]["user"] for r in records} == {"alice"}
    # The shared fingerprint key: the same API key has the same fingerprint on every replica.
    assert len({r["identity"]["key_fingerprint"] for r in records}) == 1
    assert netns.redis_dbsize(topo.gateway, REDIS_PORT) > 0, "the replicas did not use Redis"
    for w in replicas:  # one signed log per replica, each verified against its own key
        verify_log(w)


# -- the process and its log --------------------------------------------------------------------


@needs_netns
def test_proxy_runs_without_any_capability(warden: Warden) -> None:
    status = Path(f"/proc/{warden.proc.pid}/status").read_text()
    caps = {line.split(":")[0]: int(line.split()[1], 16) for line in status.splitlines()
            if line.startswith(("CapEff", "CapPrm", "CapBnd"))}
    assert caps == {"CapEff": 0, "CapPrm": 0, "CapBnd": 0}, caps
    assert warden.proc.poll() is None, warden.log()


def verify_log(w: Warden) -> None:
    """``llm-warden audit verify`` on the replica's log, pinned to the replica's own key."""
    key_spec = f"file:{w.home / 'state' / 'signing.key'}"
    pub = subprocess.run([str(VENV_BIN / "llm-warden"), "keys", "public", "--signing-key", key_spec],
                         capture_output=True, text=True, timeout=60)
    assert pub.returncode == 0, pub.stderr
    r = subprocess.run([str(VENV_BIN / "llm-warden"), "audit", "verify", str(w.audit_dir),
                        "--public-key", pub.stdout.strip().splitlines()[-1]],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


@needs_netns
def test_gateway_log_verifies(warden: Warden) -> None:
    """Runs after the traffic tests: every record they caused is in a log that verifies."""
    assert [r for r in warden.records() if r.get("type") == "decision"], "no decisions recorded"
    verify_log(warden)


# -- the scripts and the unit, without namespaces -------------------------------------------------


SCRIPTS = ["iptables.sh", "nftables.sh", "enable-forwarding.sh", "teardown.sh"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_help_and_bad_arguments(script: str) -> None:
    r = subprocess.run([str(GATEWAY / script), "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("Usage:"), r
    r = subprocess.run([str(GATEWAY / script), "--no-such-option"], capture_output=True, text=True)
    assert r.returncode == 2 and "unknown argument" in r.stderr, r


def test_dry_runs_print_the_rules_and_change_nothing() -> None:
    r = subprocess.run([str(GATEWAY / "iptables.sh"), "-i", "eth1", "-p", "8081", "--dry-run"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    for family in ("iptables-restore", "ip6tables-restore"):
        assert f"+ {family} --noflush" in r.stdout
    assert "-I PREROUTING 1 -i eth1 -p tcp -j LLM_WARDEN_REDIRECT" in r.stdout
    assert "--dports 443,80 -j REDIRECT --to-ports 8081" in r.stdout
    assert "-A LLM_WARDEN_QUIC -p udp --dport 443 -j DROP" in r.stdout

    r = subprocess.run([str(GATEWAY / "nftables.sh"), "-i", "eth1", "-i", "eth2", "--no-http", "--dry-run"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("+ nft -f -")
    assert 'define LAN_IFS = { "eth1", "eth2" }' in r.stdout
    assert "define REDIRECT_PORTS = { 443 }" in r.stdout

    r = subprocess.run([str(GATEWAY / "iptables.sh"), "-i", "eth1; reboot", "--dry-run"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "invalid interface name" in r.stderr


def test_forwarding_and_teardown_dry_runs_change_nothing() -> None:
    before = Path("/proc/sys/net/ipv4/ip_forward").read_text()
    r = subprocess.run([str(GATEWAY / "enable-forwarding.sh"), "--persist", "--dry-run"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "net.ipv4.ip_forward" in r.stdout and "/etc/sysctl.d/90-llm-warden.conf" in r.stdout
    assert "net.ipv4.conf.all.send_redirects = 0" in r.stdout
    r = subprocess.run([str(GATEWAY / "teardown.sh"), "--disable-forwarding", "--dry-run"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert Path("/proc/sys/net/ipv4/ip_forward").read_text() == before


@needs_netns
def test_a_crashed_run_leaves_nothing_the_next_run_trips_over() -> None:
    """Namespaces named after a pid that no longer exists are swept before a topology is built."""
    done = subprocess.Popen(["true"])
    done.wait()
    stale = f"{netns.PREFIX}-{done.pid}-dead00-gw"
    netns.sh("ip", "netns", "add", stale)
    try:
        assert stale in netns.sweep_stale()
        assert stale not in netns.sh("ip", "netns", "list").stdout
    finally:
        netns.sh("ip", "netns", "del", stale, check=False)


def test_namespaces_skip_reason_without_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    reason = netns.unavailable_reason()
    assert reason is not None and "root" in reason


def test_systemd_unit_verifies(tmp_path: Path) -> None:
    """systemd accepts the unit (pointed at this checkout's venv) and rates its exposure low."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    text = (GATEWAY / "llm-warden.service").read_text()
    assert "User=llm-warden" in text and "--mode transparent" in text
    unit = tmp_path / "llm-warden.service"
    unit.write_text(text.replace("/opt/llm-warden/.venv/bin", str(VENV_BIN)))
    r = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and not r.stderr.strip(), r.stdout + r.stderr
    r = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--threshold=20", str(unit)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr
