"""The addon's hooks in mitmproxy's own test harness (real hooks, real flows, no proxy server):
fail-closed behaviour that is hard to provoke from outside a running proxy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons, tflow

from llm_warden.mitm import Warden

REPO = Path(__file__).resolve().parents[1]


def llm_flow(body: dict | bytes, host: str = "api.openai.com", path: str = "/v1/chat/completions"):  # type: ignore[no-untyped-def]
    f = tflow.tflow()
    f.request.host, f.request.port, f.request.scheme = host, 443, "https"
    f.request.path, f.request.method = path, "POST"
    f.request.headers["host"] = host
    f.request.headers["content-type"] = "application/json"
    f.request.content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return f


def configure(tctx, warden: Warden, tmp_path: Path, **extra) -> None:  # type: ignore[no-untyped-def]
    opts = dict(warden_state_dir=str(tmp_path / "state"), warden_audit_dir=str(tmp_path / "audit"),
                warden_policy=str(REPO / "policies/default.yaml"), warden_model="none")
    tctx.configure(warden, **{**opts, **extra})
    if warden.gateway is None:
        warden.running()  # the gateway is built once the proxy runs


def audit_lines(tmp_path: Path) -> list[dict]:
    return [json.loads(line) for seg in sorted((tmp_path / "audit").glob("*.jsonl"))
            for line in seg.read_text().splitlines() if line.strip()]


async def run_request(warden: Warden, flow) -> None:  # type: ignore[no-untyped-def]
    warden.requestheaders(flow)
    await warden.request(flow)


async def test_an_exception_anywhere_denies_the_request(tmp_path):
    warden = Warden()
    with taddons.context(warden) as tctx:
        configure(tctx, warden, tmp_path)

        class Boom:
            async def aclassify_many(self, texts):  # type: ignore[no-untyped-def]
                raise RuntimeError("classifier exploded")

            def close(self) -> None:
                pass

        warden.gateway.engine = Boom()  # type: ignore[union-attr]
        f = llm_flow({"model": "gpt-4o", "messages": [{"role": "user", "content": "hello"}]})
        await run_request(warden, f)
        assert f.response is not None and f.response.status_code == 403
        assert "RuntimeError" in f.response.json()["error"]["message"]
        denies = [r for r in audit_lines(tmp_path) if r.get("decision") == "deny"]
        assert denies and "not forwarded" in denies[-1]["reason"]


async def test_audit_write_failure_is_503_and_not_forwarded(tmp_path):
    warden = Warden()
    with taddons.context(warden) as tctx:
        configure(tctx, warden, tmp_path)
        from llm_warden.audit.log import AuditWriteError

        async def failing_append(body):  # type: ignore[no-untyped-def]
            raise AuditWriteError("No space left on device")

        warden.gateway.audit.append = failing_append  # type: ignore[union-attr]
        f = llm_flow({"model": "gpt-4o", "messages": [{"role": "user", "content": "hello"}]})
        await run_request(warden, f)
        assert f.response is not None and f.response.status_code == 503
        assert "audit" in f.response.json()["error"]["message"]


async def test_unconfigured_warden_refuses_llm_hosts_but_not_others():
    warden = Warden()
    with taddons.context(warden):
        f = llm_flow({"messages": []})
        await run_request(warden, f)
        assert f.response is not None and f.response.status_code == 503
        other = llm_flow({"messages": []}, host="example.com", path="/api")
        await run_request(warden, other)
        assert other.response is None


async def test_llm_bodies_are_never_streamed_whatever_stream_large_bodies_says(tmp_path):
    warden = Warden()
    with taddons.context(warden) as tctx:
        tctx.options.add_option("stream_large_bodies", Optional[str], None, "mitmproxy's own option")
        configure(tctx, warden, tmp_path)
        tctx.configure(warden, stream_large_bodies="1k")
        # the warden took the option over: mitmproxy itself no longer streams anything early
        assert tctx.options.stream_large_bodies is None and warden.stream_threshold == 1024
        f = llm_flow({"messages": [{"role": "user", "content": "x" * 5000}]})
        f.request.stream = True  # as mitmproxy's early check would have set it
        warden.requestheaders(f)
        assert f.request.stream is False
        other = llm_flow(b"y" * 5000, host="downloads.example.com", path="/upload")
        warden.requestheaders(other)
        assert other.request.stream is True  # non-LLM traffic still honours the user's setting


async def test_host_header_or_sni_naming_an_llm_host_is_enough(tmp_path):
    """A client cannot dodge inspection by connecting to one name and sending another Host."""
    warden = Warden()
    with taddons.context(warden) as tctx:
        configure(tctx, warden, tmp_path)
        f = llm_flow({"messages": [{"role": "user", "content": "key AKIAIOSFODNN7EXAMPLE"}]},
                     host="127.0.0.1", path="/v1/chat/completions")
        f.request.headers["host"] = "api.openai.com"
        await run_request(warden, f)
        assert f.response is not None and f.response.status_code == 403


async def test_identity_header_is_stripped_before_forwarding(tmp_path):
    warden = Warden()
    with taddons.context(warden) as tctx:
        configure(tctx, warden, tmp_path)
        f = llm_flow({"model": "m", "messages": [{"role": "user", "content": "hello"}]})
        f.request.headers["X-Warden-Identity"] = "eyJ.fake.token"
        await run_request(warden, f)
        assert f.response is None and "X-Warden-Identity" not in f.request.headers


def test_bad_settings_are_refused_with_a_clear_error(tmp_path):
    warden = Warden()
    with taddons.context(warden) as tctx:
        with pytest.raises(exceptions.OptionsError, match="warden_signing_key"):
            configure(tctx, warden, tmp_path, warden_signing_key="vault:xyz")
        with pytest.raises(exceptions.OptionsError, match="not a directory"):
            configure(tctx, warden, tmp_path, warden_model=str(tmp_path / "missing-model"))


async def test_quic_to_an_llm_host_is_refused_at_the_handshake(tmp_path):
    from mitmproxy.proxy.layers.quic import QuicTlsData, QuicTlsSettings
    from mitmproxy.test import tflow as tf

    warden = Warden()
    with taddons.context(warden) as tctx:
        configure(tctx, warden, tmp_path)
        client = tf.tclient_conn()
        for sni, refused in (("api.openai.com", True), ("www.example.org", False)):
            client.sni = sni
            data = QuicTlsData(client, _context(client))
            data.settings = QuicTlsSettings()
            warden.quic_start_client(data)
            assert (data.settings is None) is refused


def _context(client):  # type: ignore[no-untyped-def]
    from mitmproxy.proxy import context
    from mitmproxy import options
    return context.Context(client, options.Options())


def test_ignore_hosts_that_would_expose_an_llm_host_is_refused(tmp_path):
    from mitmproxy.addons import next_layer  # declares ignore_hosts / allow_hosts

    warden = Warden()
    with taddons.context(warden, next_layer.NextLayer()) as tctx:
        configure(tctx, warden, tmp_path)
        tctx.configure(warden, ignore_hosts=[r"^example\.com"])  # unrelated: fine
        with pytest.raises(exceptions.OptionsError, match="api.openai.com"):
            tctx.configure(warden, ignore_hosts=[r"openai\.com"])
        with pytest.raises(exceptions.OptionsError, match="allow_hosts"):
            tctx.configure(warden, ignore_hosts=[], allow_hosts=[r"^intranet\."])


async def test_an_error_in_requestheaders_still_denies(tmp_path, monkeypatch):
    warden = Warden()
    with taddons.context(warden) as tctx:
        configure(tctx, warden, tmp_path)
        monkeypatch.setattr(warden, "_route", lambda flow: 1 / 0)
        f = llm_flow({"messages": [{"role": "user", "content": "hi"}]})
        await run_request(warden, f)
        assert f.response is not None and f.response.status_code == 403


def test_proxyauth_in_transparent_mode_is_refused(tmp_path):
    from mitmproxy.addons import proxyauth, proxyserver

    warden = Warden()
    with taddons.context(warden, proxyauth.ProxyAuth(), proxyserver.Proxyserver()) as tctx:
        configure(tctx, warden, tmp_path)
        with pytest.raises(exceptions.OptionsError, match="transparent mode"):
            tctx.configure(warden, mode=["transparent"], proxyauth="alice:pw")


async def test_frames_of_an_llm_websocket_without_a_session_are_dropped(tmp_path):
    warden = Warden()
    with taddons.context(warden) as tctx:
        configure(tctx, warden, tmp_path)
        f = tflow.twebsocketflow()
        f.request.host, f.request.path = "api.openai.com", "/v1/realtime?model=gpt-realtime"
        f.request.headers["host"] = "api.openai.com"
        await warden.websocket_message(f)  # the handshake's response hook never opened a session
        assert f.websocket.messages[-1].dropped
        other = tflow.twebsocketflow()
        await warden.websocket_message(other)  # not an LLM host: untouched
        assert not other.websocket.messages[-1].dropped


def test_a_server_name_that_cannot_be_classified_is_intercepted(tmp_path, monkeypatch):
    from mitmproxy.tls import ClientHelloData
    from mitmproxy.test import tflow as tf

    warden = Warden()
    with taddons.context(warden) as tctx:
        configure(tctx, warden, tmp_path)
        monkeypatch.setattr(warden.registry, "is_llm_host", lambda host: 1 / 0)

        class Hello:
            sni = "api.openai.com"

        data = ClientHelloData(_context(tf.tclient_conn()), Hello())  # type: ignore[arg-type]
        data.ignore_connection = True
        warden.tls_clienthello(data)
        assert data.ignore_connection is False
