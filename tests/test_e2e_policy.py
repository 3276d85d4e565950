"""End to end: identity-bound policy through a real mitmdump — groups, proxy auth, rate limits
shared through a real Redis, data-class-aware failover and hot reload."""

from __future__ import annotations

import json
import shutil
import ssl
import time

import bcrypt
import httpx
import openai
import pytest

import standin as standin_mod
from redis_server import redis_server, redis_url  # noqa: F401  (fixtures)
from proxy import REPO, start_proxy

pytestmark = pytest.mark.e2e

EMAIL = "maria.gonzalez@example.com"
PROMPT = f"Draft a reply to {EMAIL} about her refund."


def client(proxy, user: str | None = None, password: str = "pw", **kw) -> openai.OpenAI:  # type: ignore[no-untyped-def]
    url = proxy.url if user is None else proxy.url.replace("http://", f"http://{user}:{password}@")
    http_client = openai.DefaultHttpxClient(proxy=url, verify=ssl.create_default_context(cafile=str(proxy.ca)),
                                            timeout=30)
    return openai.OpenAI(api_key="sk-test", http_client=http_client, max_retries=0, **kw)


def decisions(proxy) -> list[dict]:  # type: ignore[no-untyped-def]
    out = []
    for seg in sorted(proxy.audit_dir.glob("*.jsonl")):
        out += [json.loads(l) for l in seg.read_text().splitlines() if l.strip()]
    return [r for r in out if r.get("type") == "decision"]


@pytest.fixture(scope="module")
def team(tmp_path_factory, standin):  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("team")
    htpasswd = home / "htpasswd"
    lines = [f"{u}:{bcrypt.hashpw(b'pw', bcrypt.gensalt(rounds=4)).decode()}" for u in ("alice", "carol", "dana")]
    htpasswd.write_text("\n".join(lines) + "\n")
    groups = home / "groups.yaml"
    groups.write_text("engineering: [alice]\ncontractors: [carol]\nprivacy-cleared: [dana]\n")
    p = start_proxy(home, standin.url, policy="policies/team-egress.yaml",
                    extra=["--set", f"proxyauth=@{htpasswd}", "--set", f"warden_groups={groups}"])
    yield p
    p.stop()


def test_no_credentials_gets_407(team, standin):
    standin.clear()
    with pytest.raises(openai.APIConnectionError):
        # httpx refuses to tunnel after a 407 to CONNECT: the SDK reports a connection error
        client(team).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    r = httpx.post("http://api.openai.com/v1/chat/completions", json={}, proxy=team.url)
    assert r.status_code == 407
    assert standin.received == []


def test_wrong_password_gets_407_and_is_never_recorded(team, standin):
    r = httpx.post("http://api.openai.com/v1/chat/completions", json={},
                   proxy=team.url.replace("http://", "http://alice:hunter2-wrong@"))
    assert r.status_code == 407
    assert b"hunter2-wrong" not in b"".join(p.read_bytes() for p in team.audit_dir.rglob("*") if p.is_file())


def test_same_prompt_permitted_redacted_or_denied_by_group(team, standin):
    msgs = [{"role": "user", "content": PROMPT}]
    standin.clear()
    r = client(team, "dana").chat.completions.create(model="gpt-4o-mini", messages=msgs)
    assert EMAIL in standin.received[-1].body.decode()  # privacy-cleared: permitted as is
    assert r.choices[0].message.content == "echo: " + PROMPT
    standin.clear()
    r = client(team, "alice").chat.completions.create(model="gpt-4o", messages=msgs)
    assert EMAIL not in standin.received[-1].body.decode()  # engineering: redacted
    assert r.choices[0].message.content == "echo: " + PROMPT  # and restored
    standin.clear()
    with pytest.raises(openai.PermissionDeniedError, match="not available to contractors"):
        client(team, "carol").chat.completions.create(model="gpt-4o", messages=msgs)
    assert standin.received == []
    by_user = {d["identity"]["user"]: d for d in decisions(team)[-3:]}
    assert by_user["dana"]["decision"] == "permit" and by_user["dana"]["identity"]["verified"] is True
    assert by_user["alice"]["decision"] == "redact" and by_user["alice"]["identity"]["groups"] == ["engineering"]
    assert by_user["carol"]["decision"] == "deny" and by_user["carol"]["policy"]["rule"] == "contractors-model-allowlist"
    assert all(d["identity"]["auth"] == "proxyauth" for d in by_user.values())


def test_unverified_identity_is_denied(tmp_path, standin):
    """Without proxy auth configured nobody is verified: team-egress refuses them all."""
    p = start_proxy(tmp_path, standin.url, policy="policies/team-egress.yaml")
    try:
        with pytest.raises(openai.PermissionDeniedError, match="Authentication required"):
            client(p).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        assert decisions(p)[-1]["identity"]["verified"] is False
    finally:
        p.stop()


RATE_POLICY = """
id: rate-test
version: "1"
rules:
  - name: limited
    action: permit
    reason: within limits
    limits: {requests_per_minute: 3}
"""


def test_rate_limit_shared_across_two_proxies_through_redis(tmp_path, standin, redis_url):
    policy = tmp_path / "rate.yaml"
    policy.write_text(RATE_POLICY)
    extra = ["--set", f"warden_redis={redis_url}", "--set", f"warden_vault_key=file:{tmp_path / 'vault.key'}"]
    a = start_proxy(tmp_path / "a", standin.url, policy=str(policy), extra=extra)
    b = start_proxy(tmp_path / "b", standin.url, policy=str(policy), extra=extra)
    try:
        msgs = [{"role": "user", "content": "hello"}]
        ok = 0
        for proxy in (a, b, a, b):
            try:
                client(proxy).chat.completions.create(model="m", messages=msgs)
                ok += 1
            except openai.RateLimitError as e:
                assert "rate limit" in str(e)
                assert e.response.headers.get("retry-after")
        assert ok == 3  # the fourth request, on either replica, is over the shared limit
    finally:
        a.stop()
        b.stop()


def test_placeholders_are_shared_by_replicas_through_redis(tmp_path, standin, redis_url):
    """A conversation that moves between replicas keeps its placeholders: the vault is in Redis
    (sealed with the replicas' shared key), and the replicas share the fingerprint key too."""
    extra = ["--set", f"warden_redis={redis_url}", "--set", f"warden_vault_key=file:{tmp_path / 'vault.key'}"]
    a = start_proxy(tmp_path / "a", standin.url, extra=extra)
    (tmp_path / "b" / "state").mkdir(parents=True)
    shutil.copy(a.state_dir / "fingerprint.key", tmp_path / "b" / "state" / "fingerprint.key")
    b = start_proxy(tmp_path / "b", standin.url, extra=extra)
    try:
        other = "sam.okafor@example.org"
        standin.clear()
        client(a).chat.completions.create(model="m", messages=[{"role": "user", "content": f"mail {EMAIL}"}])
        first = standin.received[-1].json()["messages"][0]["content"]
        history = [{"role": "user", "content": f"mail {EMAIL}"}, {"role": "assistant", "content": "ok"},
                   {"role": "user", "content": f"and cc {other}"}]
        r = client(b).chat.completions.create(model="m", messages=history)
        sent = standin.received[-1].json()["messages"]
        assert first == "mail [EMAIL_ADDRESS_1]" and sent[0]["content"] == first
        assert sent[2]["content"] == "and cc [EMAIL_ADDRESS_2]"
        assert r.choices[0].message.content == f"echo: and cc {other}"
    finally:
        a.stop()
        b.stop()


FAILOVER_POLICY = """
id: failover-test
version: "1"
classes:
  HEALTH:
    requires_coverage: true
    keywords: [diagnosis]
endpoints:
  covered-backup:
    url: {covered}/v1
    provider: openai
    covers: [HEALTH]
  public-backup:
    url: {public}/v1
    provider: openai
    covers: []
rules:
  - name: with-failover
    action: permit
    reason: permitted
    fallbacks: [public-backup, covered-backup]
"""


def test_failover_only_to_an_endpoint_permitted_for_the_data(tmp_path, standin):
    covered, public = standin_mod.start(), standin_mod.start()
    policy = tmp_path / "failover.yaml"
    policy.write_text(FAILOVER_POLICY.replace("{covered}", covered.url).replace("{public}", public.url))
    p = start_proxy(tmp_path / "p", standin.url, policy=str(policy))
    standin.fail_status = 503
    try:
        c = client(p)
        r = c.chat.completions.create(model="m", messages=[{"role": "user", "content": "the diagnosis is flu"}])
        assert r.choices[0].message.content == "echo: the diagnosis is flu"
        assert len(covered.received) == 1 and public.received == []  # HEALTH: public endpoint not allowed
        r = c.chat.completions.create(model="m", messages=[{"role": "user", "content": "weather today?"}])
        assert len(public.received) == 1  # no regulated data: the first fallback is fine
        outcomes = [json.loads(l) for s in sorted(p.audit_dir.glob("*.jsonl")) for l in s.read_text().splitlines()]
        outcomes = [o for o in outcomes if o.get("type") == "outcome"]
        assert outcomes[-2]["failover"]["answered_by"] == "covered-backup"
        assert outcomes[-2]["failover"]["attempts"][0] == {"endpoint": "primary", "url": outcomes[-2]["failover"]["attempts"][0]["url"],
                                                           "status": 503, "error": None}
        assert outcomes[-1]["failover"]["answered_by"] == "public-backup"
    finally:
        standin.fail_status = None
        p.stop()
        covered.close()
        public.close()


def test_broken_policy_edit_leaves_the_old_one_in_force(tmp_path, standin):
    policy = tmp_path / "live.yaml"
    shutil.copy(REPO / "policies/default.yaml", policy)
    p = start_proxy(tmp_path / "p", standin.url, policy=str(policy))
    try:
        c = client(p)
        sha = None
        c.chat.completions.create(model="m", messages=[{"role": "user", "content": "hello"}])
        sha = decisions(p)[-1]["policy"]["sha256"]
        policy.write_text(policy.read_text().replace("action: deny", "action: dney"))
        time.sleep(0.05)
        with pytest.raises(openai.PermissionDeniedError):  # secrets are still denied: old policy in force
            c.chat.completions.create(model="m", messages=[{"role": "user", "content": "AKIAIOSFODNN7EXAMPLE"}])
        assert decisions(p)[-1]["policy"]["sha256"] == sha
        records = [json.loads(l) for s in sorted(p.audit_dir.glob("*.jsonl")) for l in s.read_text().splitlines()]
        events = [r for r in records if r.get("type") == "policy_event"]
        assert events and events[-1]["event"] == "reload_rejected" and "dney" in events[-1]["error"]
        # a valid edit is picked up and named in the next decision
        policy.write_text(policy.read_text().replace("action: dney", "action: deny").replace('version: "1.0"', 'version: "1.1"'))
        c.chat.completions.create(model="m", messages=[{"role": "user", "content": "hello again"}])
        assert decisions(p)[-1]["policy"]["version"] == "1.1" and decisions(p)[-1]["policy"]["sha256"] != sha
    finally:
        p.stop()


def test_shadow_ai_hosts_are_refused_at_connect_and_recorded(team):
    with pytest.raises(httpx.ProxyError):
        httpx.get("https://chatgpt.com/", proxy=team.url.replace("http://", "http://alice:pw@"), timeout=10)
    refused = [d for d in decisions(team) if d["target"]["api"] == "shadow_ai"]
    assert refused and refused[-1]["decision"] == "deny" and refused[-1]["target"]["host"] == "chatgpt.com"
    assert refused[-1]["identity"]["user"] == "alice" and refused[-1]["policy"]["id"] == "team-egress"
    assert "not approved" in refused[-1]["reason"]


def test_signed_identity_token_is_verified_and_never_forwarded(tmp_path, standin):
    import time as _time

    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pub = tmp_path / "idp.pem"
    pub.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo))
    p = start_proxy(tmp_path / "p", standin.url, policy="policies/team-egress.yaml",
                    extra=["--set", f"warden_jwt_keys={pub}"])
    try:
        now = int(_time.time())
        token = jwt.encode({"sub": "erin", "groups": ["engineering"], "iat": now, "exp": now + 300}, key,
                           algorithm="EdDSA")
        standin.clear()
        c = client(p, default_headers={"X-Warden-Identity": token})
        c.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": PROMPT}])
        assert "x-warden-identity" not in standin.received[-1].headers
        d = decisions(p)[-1]
        assert d["identity"] == {**d["identity"], "user": "erin", "groups": ["engineering"], "auth": "jwt",
                                 "verified": True}
        assert d["decision"] == "redact"
        forged = jwt.encode({"sub": "erin", "groups": ["engineering"], "iat": now, "exp": now + 300},
                            Ed25519PrivateKey.generate(), algorithm="EdDSA")
        with pytest.raises(openai.PermissionDeniedError, match="Authentication required"):
            client(p, default_headers={"X-Warden-Identity": forged}).chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
        assert decisions(p)[-1]["identity"]["verified"] is False
    finally:
        p.stop()
