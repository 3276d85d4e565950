"""End to end: the official openai and anthropic SDKs through a real mitmdump with llm-warden.

The stand-in provider echoes the last user text, so each test sees both sides: what left the
gateway (the stand-in's record) and what the client got back (restored values).
"""

from __future__ import annotations

import gzip
import json
import time

import anthropic
import httpx
import openai
import pytest

from conftest import http_client
from proxy import Proxy

pytestmark = pytest.mark.e2e

EMAIL = "jane.doe@example.org"
PHONE = "+1 415-555-0132"
CARD = "4111 1111 1111 1111"
AWS_KEY = "AKIAIOSFODNN7EXAMPLE"
GH_TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"


def records(proxy: Proxy) -> list[dict]:
    out = []
    for seg in sorted(proxy.audit_dir.glob("*.jsonl")):
        out += [json.loads(line) for line in seg.read_text().splitlines() if line.strip()]
    return out


def decisions(proxy: Proxy) -> list[dict]:
    return [r for r in records(proxy) if r.get("type") == "decision"]


def test_chat_pii_redacted_upstream_and_restored_for_client(openai_client, standin, proxy):
    text = f"Write to {EMAIL} or call {PHONE} about the order."
    reply = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": f"Support desk. Escalations go to {EMAIL}."},
                  {"role": "user", "content": text}])
    sent = standin.received[-1]
    assert EMAIL.encode() not in standin.all_bytes()
    assert b"+1 415-555-0132" not in standin.all_bytes()
    body = sent.json()
    assert "[EMAIL_ADDRESS_1]" in body["messages"][0]["content"]
    assert "[EMAIL_ADDRESS_1]" in body["messages"][1]["content"]  # same value, same placeholder
    assert "[PHONE_NUMBER_" in body["messages"][1]["content"]
    assert reply.choices[0].message.content == "echo: " + text  # restored for the client
    d = decisions(proxy)[-1]
    assert d["decision"] == "redact" and d["target"]["provider"] == "openai"
    assert {f["type"] for f in d["findings"]} >= {"EMAIL_ADDRESS", "PHONE_NUMBER"}
    assert any(f["pointer"] == "/messages/0/content" for f in d["findings"])


def test_streamed_chat_restores_placeholders_split_across_events(openai_client, standin):
    text = f"Please remind {EMAIL} and {EMAIL} again."
    stream = openai_client.chat.completions.create(
        model="gpt-4o-mini", stream=True, messages=[{"role": "user", "content": text}])
    pieces = [c.choices[0].delta.content or "" for c in stream if c.choices]
    assert "".join(pieces) == "echo: " + text
    assert EMAIL.encode() not in standin.all_bytes()
    assert b"[EMAIL_ADDRESS_1]" in standin.received[-1].body


def test_secret_is_refused_with_permission_denied_and_never_leaves(openai_client, standin, proxy):
    with pytest.raises(openai.PermissionDeniedError) as exc:
        openai_client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": f"why does boto fail with key {AWS_KEY}?"}])
    assert "secret" in str(exc.value).lower()
    assert standin.received == []
    d = decisions(proxy)[-1]
    assert d["decision"] == "deny" and d["status"] == 403
    assert AWS_KEY not in json.dumps(records(proxy))


def test_tool_call_arguments_and_results_are_inspected(openai_client, standin):
    openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "user", "content": "Look up the customer."},
            {"role": "assistant", "content": None, "tool_calls": [{
                "id": "call_1", "type": "function",
                "function": {"name": "lookup", "arguments": json.dumps({"email": EMAIL, "n": 3})}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": f"Customer phone: {PHONE}"},
        ])
    body = standin.received[-1].json()
    args = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert args == {"email": "[EMAIL_ADDRESS_1]", "n": 3}  # still valid JSON, only the value changed
    assert PHONE not in body["messages"][2]["content"]


def test_tool_call_argument_with_secret_is_denied(openai_client, standin):
    with pytest.raises(openai.PermissionDeniedError):
        openai_client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "assistant", "content": None, "tool_calls": [{
                "id": "c", "type": "function",
                "function": {"name": "deploy", "arguments": json.dumps({"token": GH_TOKEN})}}]},
                {"role": "user", "content": "go on"}])
    assert standin.received == []


def test_embeddings_permitted_untouched(openai_client, standin):
    res = openai_client.embeddings.create(model="text-embedding-3-small", input=["hello world", "second"])
    assert len(res.data) == 2
    assert standin.received[-1].json()["input"] == ["hello world", "second"]


def test_responses_api_instructions_and_input(openai_client, standin):
    r = openai_client.responses.create(model="gpt-4o-mini", instructions=f"Reply to {EMAIL}",
                                       input=f"Ask {EMAIL} for the invoice")
    sent = standin.received[-1].json()
    assert EMAIL not in json.dumps(sent)
    assert r.output_text == f"echo: Ask {EMAIL} for the invoice"


def test_anthropic_messages_system_and_tool_use(anthropic_client, standin, proxy):
    msg = anthropic_client.messages.create(
        model="claude-3-5-sonnet-latest", max_tokens=100,
        system=[{"type": "text", "text": f"The user is {EMAIL}."}],
        messages=[
            {"role": "user", "content": "find my card"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "pay",
                                               "input": {"card": CARD}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1",
                                          "content": f"charged {CARD}"}]},
        ])
    raw = standin.all_bytes()
    assert EMAIL.encode() not in raw and b"4111 1111 1111 1111" not in raw
    sent = standin.received[-1].json()
    assert sent["messages"][1]["content"][0]["input"]["card"] == "[CREDIT_CARD_1]"
    assert msg.content[0].text == f"echo: charged {CARD}"
    assert decisions(proxy)[-1]["target"]["provider"] == "anthropic"


def test_anthropic_streaming_restored(anthropic_client, standin):
    text = f"Tell {EMAIL} the parcel is late"
    with anthropic_client.messages.stream(model="claude-3-5-sonnet-latest", max_tokens=100,
                                          messages=[{"role": "user", "content": text}]) as stream:
        got = "".join(stream.text_stream)
    assert got == "echo: " + text
    assert EMAIL.encode() not in standin.all_bytes()


def test_anthropic_secret_gives_permission_error_in_anthropic_format(anthropic_client, standin):
    with pytest.raises(anthropic.PermissionDeniedError) as exc:
        anthropic_client.messages.create(model="claude-3-5-sonnet-latest", max_tokens=10,
                                         messages=[{"role": "user", "content": f"token {GH_TOKEN}"}])
    assert exc.value.body["type"] == "error"  # type: ignore[index]
    assert exc.value.body["error"]["type"] == "permission_error"  # type: ignore[index]
    assert standin.received == []


def test_gzip_encoded_body_is_decoded_and_inspected(proxy, standin):
    standin.clear()
    doc = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"mail {EMAIL}"}]}
    with http_client(proxy) as c:
        r = c.post("https://api.openai.com/v1/chat/completions", content=gzip.compress(json.dumps(doc).encode()),
                   headers={"content-encoding": "gzip", "content-type": "application/json",
                            "authorization": "Bearer sk-test"})
    assert r.status_code == 200, r.text
    assert r.json()["choices"][0]["message"]["content"] == f"echo: mail {EMAIL}"
    assert EMAIL.encode() not in standin.all_bytes()


@pytest.mark.parametrize("body,headers,status,needle", [
    (b'{"model": "x", "messages": [', {}, 400, "not valid JSON"),
    (b'{"model": "x", "model": "y", "messages": []}', {}, 400, "duplicate key"),
    (b'{"model": "x", "messages": []}', {"content-encoding": "compress"}, 415, "unsupported content encoding"),
    (gzip.compress(gzip.compress(b'{"messages": []}')), {"content-encoding": "gzip, gzip"}, 415, "stacked"),
    (b'{"messages": [{"role": "user", "content": "caf\xe9"}]}', {}, 400, "UTF-8"),
    (gzip.compress(b" " * (9 * 1024 * 1024)), {"content-encoding": "gzip"}, 413, "warden_max_body_bytes"),
])
def test_bad_bodies_are_refused_with_a_clear_error(proxy, standin, body, headers, status, needle):
    standin.clear()
    with http_client(proxy) as c:
        r = c.post("https://api.openai.com/v1/chat/completions", content=body,
                   headers={"content-type": "application/json", "authorization": "Bearer sk-test", **headers})
    assert r.status_code == status
    assert needle in r.json()["error"]["message"]
    assert standin.received == []


def test_oversized_body_by_content_length_is_413(proxy, standin):
    standin.clear()
    big = json.dumps({"model": "x", "messages": [{"role": "user", "content": "a" * (9 * 1024 * 1024)}]})
    with http_client(proxy) as c:
        r = c.post("https://api.openai.com/v1/chat/completions", content=big.encode(),
                   headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert standin.received == []


def test_non_llm_traffic_passes_untouched(proxy, standin):
    standin.clear()
    with httpx.Client(proxy=proxy.url, timeout=10) as c:
        r = c.post(f"http://127.0.0.1:{standin.port}/v1/chat/completions",
                   json={"messages": [{"role": "user", "content": f"{AWS_KEY}"}]})
    assert r.status_code == 200
    assert AWS_KEY.encode() in standin.received[-1].body


def test_stream_starts_before_upstream_finishes(openai_client, standin):
    """Streamed answers are passed through as they arrive, not buffered whole."""
    standin.delay = 0.4
    try:
        stream = openai_client.chat.completions.create(
            model="gpt-4o-mini", stream=True, messages=[{"role": "user", "content": "a b c d e f g h i"}])
        done_before = standin.streams_done
        first = next(iter(stream))
        # The first chunk reached the client while the stand-in was still sleeping between events.
        assert first.choices and standin.streams_done == done_before
        rest = list(stream)
        assert rest and rest[-1].choices[0].finish_reason == "stop"
    finally:
        standin.delay = 0.0


def test_a_client_refusing_the_gateway_certificate_fails_closed_and_is_recorded(proxy, standin):
    """A pinned client (or one without the CA) cannot be inspected: it gets no connection to the
    provider through the gateway, and the refusal is in the log."""
    standin.clear()
    with httpx.Client(proxy=proxy.url, timeout=10) as c:  # trusts only the system CAs
        with pytest.raises(httpx.ConnectError):
            c.post("https://api.openai.com/v1/chat/completions", json={"messages": []})
    assert standin.received == []
    for _ in range(50):
        refused = [r for r in records(proxy) if r.get("type") == "tls_refused"]
        if refused:
            break
        time.sleep(0.1)
    assert refused and refused[-1]["host"] == "api.openai.com"


def test_gemini_stream_restored_and_errors_in_gemini_format(proxy, standin):
    standin.clear()
    url = "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse&key=AIzaSyD-test-not-a-real-key-000000000000"
    doc = {"systemInstruction": {"parts": [{"text": "be brief"}]},
           "contents": [{"role": "user", "parts": [{"text": f"Email {EMAIL} now"}]}]}
    with http_client(proxy) as c:
        with c.stream("POST", url, json=doc) as r:
            assert r.status_code == 200
            text = ""
            for line in r.iter_lines():
                if line.startswith("data: "):
                    text += json.loads(line[6:])["candidates"][0]["content"]["parts"][0]["text"]
        assert text == f"echo: Email {EMAIL} now"
        assert EMAIL.encode() not in standin.all_bytes()
        denied = c.post(url.replace("streamGenerateContent", "generateContent"),
                        json={"contents": [{"parts": [{"text": f"key {AWS_KEY}"}]}]})
    assert denied.status_code == 403
    assert denied.json()["error"]["status"] == "PERMISSION_DENIED"
    d = decisions(proxy)[-1]
    assert d["target"]["provider"] == "gemini" and d["target"]["model"] == "gemini-2.0-flash"
    assert "AIzaSy" not in json.dumps(records(proxy))  # the API key in the query is never recorded


def test_bundled_model_redacts_a_name_no_pattern_could_find(tmp_path, standin):
    """The default configuration (the bundled NER model) through the real proxy."""
    from proxy import REPO, start_proxy

    if not (REPO / "models" / "warden-ner" / "config.json").exists():
        pytest.skip("the bundled model is not in this checkout")
    p = start_proxy(tmp_path, standin.url, model=str(REPO / "models" / "warden-ner"))
    try:
        import openai as _openai
        from conftest import sdk_http_client

        c = _openai.OpenAI(api_key="sk-test", http_client=sdk_http_client(_openai, p), max_retries=0)
        text = "Please write a short thank-you note to Tobechukwu Nkemdirim for hosting us last week."
        standin.clear()
        r = c.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert b"Tobechukwu Nkemdirim" not in standin.all_bytes()
        assert "[PERSON_1]" in standin.received[-1].json()["messages"][0]["content"]
        assert r.choices[0].message.content == "echo: " + text
        d = decisions(p)[-1]
        assert any(f["type"] == "PERSON" and f["detector"] in ("ner", "context") for f in d["findings"])
    finally:
        p.stop()


def test_http2_clients_are_inspected_too(proxy, standin):
    import shutil
    import subprocess

    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    standin.clear()

    def curl(text: str) -> subprocess.CompletedProcess[str]:
        body = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
        return subprocess.run(["curl", "-sv", "--http2", "-x", proxy.url, "--cacert", str(proxy.ca),
                               "https://api.openai.com/v1/chat/completions", "-H", "content-type: application/json",
                               "-d", body], capture_output=True, text=True, timeout=60)

    ok = curl(f"mail {EMAIL}")
    assert "using HTTP/2" in ok.stderr
    assert json.loads(ok.stdout)["choices"][0]["message"]["content"] == f"echo: mail {EMAIL}"
    denied = curl(f"key {AWS_KEY}")
    assert "< HTTP/2 403" in denied.stderr
    assert EMAIL.encode() not in standin.all_bytes() and AWS_KEY.encode() not in standin.all_bytes()
