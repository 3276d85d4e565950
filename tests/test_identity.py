"""Identity resolution: real keys, real signed tokens, and the ways a token must fail."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_warden.identity import (
    IdentityConfig,
    IdentityConfigError,
    IdentityResolver,
    VerifyKey,
    extract_api_key,
    load_groups,
    load_ipmap,
    load_public_keys,
    normalize_agent,
    normalize_ip,
)
from llm_warden.types import Identity

# -- keys and token helpers ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def keys() -> dict[str, Any]:
    return {
        "ed": ed25519.Ed25519PrivateKey.generate(),
        "ed2": ed25519.Ed25519PrivateKey.generate(),
        "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ec": ec.generate_private_key(ec.SECP256R1()),
        "ec384": ec.generate_private_key(ec.SECP384R1()),
    }


def pub_pem(priv: Any) -> str:
    return priv.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


def claims(**over: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {"sub": "alice", "groups": ["eng", "ml"], "iat": now, "exp": now + 300}
    base.update(over)
    return {k: v for k, v in base.items() if v is not None}


def token(priv: Any, alg: str, payload: dict[str, Any] | None = None, headers: dict[str, Any] | None = None) -> str:
    return jwt.encode(payload if payload is not None else claims(), priv, algorithm=alg, headers=headers)


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def resolver(keys: dict[str, Any], *names: str, **cfg: Any) -> IdentityResolver:
    vks = tuple(VerifyKey(keys[n].public_key()) for n in (names or ("ed", "rsa", "ec")))
    cfg.setdefault("fingerprint_key", b"k" * 32)
    return IdentityResolver(IdentityConfig(jwt_keys=vks, **cfg))


def resolve(r: IdentityResolver, tok: str | None = None, **kw: Any):
    headers = dict(kw.pop("headers", {}))
    if tok is not None:
        headers["X-Warden-Identity"] = tok
    args: dict[str, Any] = {"client_ip": None, "proxy_user": None, "api_key": None, "user_agent": None}
    args.update(kw)
    return r.resolve_detailed(headers=headers, **args)


# -- verified tokens -------------------------------------------------------------------------------


@pytest.mark.parametrize("name,alg", [("ed", "EdDSA"), ("rsa", "RS256"), ("ec", "ES256")])
def test_valid_token_is_verified(keys, name, alg):
    res = resolve(resolver(keys), token(keys[name], alg))
    assert res.rejection is None and res.notes == ()
    assert res.identity.user == "alice"
    assert res.identity.auth == "jwt"
    assert res.identity.verified is True
    assert res.identity.groups == ("eng", "ml")


def test_resolve_sets_last_rejection(keys):
    r = resolver(keys)
    ident = r.resolve(
        headers={"X-Warden-Identity": token(keys["ed"], "EdDSA", claims(exp=int(time.time()) - 3600))},
        client_ip=None,
        proxy_user=None,
        api_key=None,
        user_agent=None,
    )
    assert isinstance(ident, Identity) and ident.verified is False
    assert r.last_rejection == "expired"
    r.resolve(headers={}, client_ip=None, proxy_user=None, api_key=None, user_agent=None)
    assert r.last_rejection is None


def test_header_name_case_and_bearer_prefix(keys):
    r = resolver(keys)
    res = r.resolve_detailed(
        headers={"x-warden-identity": "Bearer " + token(keys["ed"], "EdDSA")},
        client_ip=None,
        proxy_user=None,
        api_key=None,
        user_agent=None,
    )
    assert res.identity.verified and res.identity.user == "alice"


def test_custom_header(keys):
    r = resolver(keys, jwt_header="X-Identity")
    assert resolve(r, headers={"X-Identity": token(keys["ed"], "EdDSA")}).identity.auth == "jwt"
    # the default header is no longer read
    assert resolve(r, token(keys["ed"], "EdDSA")).identity.auth == "none"


def test_user_claim_preferred_over_sub_and_groups_as_string(keys):
    res = resolve(resolver(keys), token(keys["ed"], "EdDSA", claims(sub="u-123", user="bob", groups="a, b c")))
    assert res.identity.user == "bob"
    assert res.identity.groups == ("a", "b", "c")


# -- tokens that must not be trusted ----------------------------------------------------------------


def assert_untrusted(res, code: str) -> None:
    assert res.rejection == code, res.notes
    assert res.identity.auth == "none"
    assert res.identity.verified is False
    assert res.identity.user is None
    assert res.identity.groups == ()
    assert res.notes and code in res.notes[0]


def test_expired(keys):
    past = int(time.time()) - 3600
    assert_untrusted(resolve(resolver(keys), token(keys["ed"], "EdDSA", claims(iat=past - 60, exp=past))), "expired")


def test_expiry_leeway(keys):
    just = int(time.time()) - 5
    assert resolve(resolver(keys), token(keys["ed"], "EdDSA", claims(exp=just))).identity.verified
    assert_untrusted(
        resolve(resolver(keys, jwt_leeway_seconds=0), token(keys["ed"], "EdDSA", claims(exp=just))), "expired"
    )


def test_not_yet_valid(keys):
    fut = int(time.time()) + 3600
    assert_untrusted(
        resolve(resolver(keys), token(keys["ed"], "EdDSA", claims(nbf=fut, exp=fut + 60))), "not_yet_valid"
    )


def test_exp_required_by_default(keys):
    tok = token(keys["ed"], "EdDSA", claims(exp=None))
    assert_untrusted(resolve(resolver(keys), tok), "missing_claim")
    assert resolve(resolver(keys, jwt_require_exp=False), tok).identity.verified


def test_tampered_payload(keys):
    tok = token(keys["ed"], "EdDSA")
    h, p, s = tok.split(".")
    body = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
    body["sub"] = "mallory"
    body["groups"] = ["admin"]
    forged = ".".join([h, b64u(json.dumps(body).encode()), s])
    assert_untrusted(resolve(resolver(keys), forged), "bad_signature")


@pytest.mark.parametrize("name,alg", [("ed", "EdDSA"), ("rsa", "RS256"), ("ec", "ES256")])
def test_tampered_signature(keys, name, alg):
    h, p, s = token(keys[name], alg).split(".")
    sig = bytearray(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))
    sig[len(sig) // 2] ^= 0x01
    assert_untrusted(resolve(resolver(keys), ".".join([h, p, b64u(bytes(sig))])), "bad_signature")


def test_signed_by_unknown_key(keys):
    other = ed25519.Ed25519PrivateKey.generate()
    assert_untrusted(resolve(resolver(keys), token(other, "EdDSA")), "bad_signature")


def test_second_configured_key_verifies(keys):
    r = resolver(keys, "ed2", "ed")
    assert resolve(r, token(keys["ed"], "EdDSA")).identity.verified


def test_unsigned_alg_none(keys):
    tok = jwt.encode(claims(), None, algorithm="none")
    assert_untrusted(resolve(resolver(keys), tok), "unsigned")
    # the same with a signature segment left on, and with odd casing of "none"
    h = b64u(json.dumps({"alg": "NoNe", "typ": "JWT"}).encode())
    p = b64u(json.dumps(claims()).encode())
    assert_untrusted(resolve(resolver(keys), f"{h}.{p}.AAAA"), "unsigned")


def test_hs256_with_public_key_as_secret_is_refused(keys):
    """Algorithm confusion: an attacker signs HS256 with the (public) RSA PEM as the HMAC secret."""
    pem = pub_pem(keys["rsa"]).encode()
    h = b64u(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    p = b64u(json.dumps(claims(sub="mallory")).encode())
    sig = hmac.new(pem, f"{h}.{p}".encode(), hashlib.sha256).digest()
    assert_untrusted(resolve(resolver(keys), f"{h}.{p}.{b64u(sig)}"), "alg_not_allowed")


def test_alg_header_swapped_to_other_family(keys):
    """An RSA signature relabelled ES256/EdDSA must not verify against any key."""
    _, p, s = token(keys["rsa"], "RS256").split(".")
    for alg, code in (("ES256", "bad_signature"), ("EdDSA", "bad_signature")):
        nh = b64u(json.dumps({"alg": alg, "typ": "JWT"}).encode())
        assert_untrusted(resolve(resolver(keys), f"{nh}.{p}.{s}"), code)


def test_no_key_of_matching_type(keys):
    # only an RSA key configured: an EdDSA token (even validly signed) has nothing to verify with
    assert_untrusted(resolve(resolver(keys, "rsa"), token(keys["ed"], "EdDSA")), "no_key")
    # ES256 must use a P-256 key: a P-384 key does not qualify
    assert_untrusted(resolve(resolver(keys, "ec384"), token(keys["ec"], "ES256")), "no_key")


def test_alg_not_in_allowed_list(keys):
    r = resolver(keys, jwt_algorithms=("EdDSA",))
    assert_untrusted(resolve(r, token(keys["rsa"], "RS256")), "alg_not_allowed")
    assert resolve(r, token(keys["ed"], "EdDSA")).identity.verified


@pytest.mark.parametrize("bad", [("none",), ("HS256",), ("EdDSA", "HS512"), ("nonsense",)])
def test_config_refuses_unsafe_algorithms(bad):
    with pytest.raises(IdentityConfigError):
        IdentityConfig(jwt_algorithms=bad)


def test_no_keys_configured(keys):
    r = IdentityResolver(IdentityConfig())
    assert_untrusted(resolve(r, token(keys["ed"], "EdDSA")), "no_keys_configured")


def test_issuer_and_audience(keys):
    r = resolver(keys, jwt_issuer="https://idp.example", jwt_audience="llm-warden")
    ok = claims(iss="https://idp.example", aud="llm-warden")
    assert resolve(r, token(keys["ed"], "EdDSA", ok)).identity.verified
    assert_untrusted(resolve(r, token(keys["ed"], "EdDSA", {**ok, "iss": "https://evil"})), "bad_issuer")
    assert_untrusted(resolve(r, token(keys["ed"], "EdDSA", {**ok, "aud": "other"})), "bad_audience")
    assert_untrusted(resolve(r, token(keys["ed"], "EdDSA", claims(iss="https://idp.example"))), "missing_claim")


def test_missing_or_bad_user_claim(keys):
    assert_untrusted(resolve(resolver(keys), token(keys["ed"], "EdDSA", claims(sub=None))), "missing_claim")
    assert_untrusted(resolve(resolver(keys), token(keys["ed"], "EdDSA", claims(user="  "))), "bad_claims")
    assert_untrusted(resolve(resolver(keys), token(keys["ed"], "EdDSA", claims(groups=[1, 2]))), "bad_claims")


def test_malformed_and_oversized(keys):
    assert_untrusted(resolve(resolver(keys), "not-a-token"), "malformed")
    assert_untrusted(resolve(resolver(keys), "a." * 20000), "malformed")


def test_kid_selects_key_from_jwks(keys, tmp_path: Path):
    jwks = {
        "keys": [
            {"kty": "OKP", "crv": "Ed25519", "kid": "k1", "x": b64u(raw_pub(keys["ed"]))},
            {"kty": "OKP", "crv": "Ed25519", "kid": "k2", "x": b64u(raw_pub(keys["ed2"]))},
        ]
    }
    f = tmp_path / "jwks.json"
    f.write_text(json.dumps(jwks))
    r = IdentityResolver(IdentityConfig.from_options(jwt_keys=str(f)))
    assert resolve(r, token(keys["ed2"], "EdDSA", headers={"kid": "k2"})).identity.verified
    # right signer, wrong kid: the named key does not verify it
    assert_untrusted(resolve(r, token(keys["ed2"], "EdDSA", headers={"kid": "k1"})), "bad_signature")
    # an unknown kid falls back to keys without a kid: there are none here
    assert_untrusted(resolve(r, token(keys["ed"], "EdDSA", headers={"kid": "zz"})), "no_key")


_FUZZ_KEY = ed25519.Ed25519PrivateKey.generate()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_header_text_never_verifies_or_raises(text):
    r = IdentityResolver(IdentityConfig(jwt_keys=(VerifyKey(_FUZZ_KEY.public_key()),)))
    res = r.resolve_detailed(
        headers={"X-Warden-Identity": text}, client_ip=None, proxy_user=None, api_key=None, user_agent=None
    )
    assert res.identity.verified is False and res.identity.auth == "none"


# -- precedence and groups -------------------------------------------------------------------------


def test_proxyauth_beats_token_of_another_user(keys):
    r = resolver(keys)
    res = resolve(r, token(keys["ed"], "EdDSA", claims(sub="bob", groups=["admin"])), proxy_user="alice")
    assert res.identity.user == "alice" and res.identity.auth == "proxyauth" and res.identity.verified
    assert "admin" not in res.identity.groups
    assert any("different user" in n for n in res.notes)


def test_proxyauth_same_user_unions_token_groups(keys, tmp_path: Path):
    gf = tmp_path / "groups.yaml"
    gf.write_text("ops: [alice]\nfinance: [carol]\n")
    r = resolver(keys, groups=load_groups(gf))
    res = resolve(r, token(keys["ed"], "EdDSA"), proxy_user="alice")
    assert res.identity.auth == "proxyauth"
    assert res.identity.groups == ("eng", "ml", "ops")


def test_proxyauth_with_rejected_token_still_reports(keys):
    past = int(time.time()) - 3600
    res = resolve(resolver(keys), token(keys["ed"], "EdDSA", claims(exp=past)), proxy_user="alice")
    assert res.identity.auth == "proxyauth" and res.identity.user == "alice"
    assert res.rejection == "expired"


def test_blank_proxy_user_is_ignored(keys):
    res = resolve(resolver(keys), token(keys["ed"], "EdDSA"), proxy_user="  ")
    assert res.identity.auth == "jwt"


IPMAP_YAML = """
10.0.0.0/8: {groups: [corp]}
10.1.2.0/24: {user: carol, groups: [lab]}
10.1.2.7: dave
"""


@pytest.mark.parametrize("trusted", [True, False])
def test_ipmap_longest_prefix_and_trust(tmp_path: Path, trusted: bool):
    f = tmp_path / "ipmap.yaml"
    f.write_text(IPMAP_YAML)
    r = IdentityResolver(IdentityConfig.from_options(ipmap=str(f), ipmap_trusted=trusted))
    carol = resolve(r, client_ip="10.1.2.9").identity
    assert (carol.user, carol.auth, carol.verified) == ("carol", "ipmap", trusted)
    assert carol.groups == ("lab",)  # the /8 entry has no user but is less specific: not applied
    dave = resolve(r, client_ip="::ffff:10.1.2.7").identity  # dual-stack listener form
    assert (dave.user, dave.client_ip, dave.verified) == ("dave", "10.1.2.7", trusted)
    anon = resolve(r, client_ip="10.9.9.9").identity
    assert (anon.user, anon.auth, anon.verified, anon.groups) == (None, "none", False, ("corp",))
    outside = resolve(r, client_ip="192.168.0.1").identity
    assert (outside.user, outside.groups) == (None, ())


def test_ipmap_below_token_and_groups_merge(keys):
    r = resolver(
        keys,
        ipmap=tuple(
            load_ipmap([{"cidr": "10.0.0.0/24", "groups": ["office"]}, {"cidr": "10.0.1.0/24", "user": "zed"}])
        ),
        ipmap_trusted=True,
    )
    res = resolve(r, token(keys["ed"], "EdDSA"), client_ip="10.0.0.5").identity
    assert (res.user, res.auth) == ("alice", "jwt")
    assert res.groups == ("eng", "ml", "office")  # a user-less network entry adds its groups
    res = resolve(r, token(keys["ed"], "EdDSA"), client_ip="10.0.1.5").identity
    assert (res.user, res.auth) == ("alice", "jwt")
    assert res.groups == ("eng", "ml")  # zed's entry belongs to someone else


def test_none_identity():
    r = IdentityResolver(IdentityConfig())
    ident = resolve(r, client_ip="127.0.0.1", user_agent="curl/8.5.0").identity
    assert ident == Identity(
        user=None, groups=(), agent="curl/8.5.0", client_ip="127.0.0.1", auth="none", verified=False
    )


def test_ipmap_and_groups_file_errors(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [unclosed\n")
    with pytest.raises(IdentityConfigError, match="line"):
        load_groups(bad)
    with pytest.raises(IdentityConfigError, match="not a network"):
        load_ipmap({"10.0.0.0/33": {"user": "x"}})
    with pytest.raises(IdentityConfigError, match="expected keys"):
        load_ipmap({"10.0.0.0/24": {"usr": "x"}})
    with pytest.raises(IdentityConfigError, match="list of non-empty strings"):
        load_ipmap({"10.0.0.0/24": {"groups": [3]}})
    with pytest.raises(IdentityConfigError, match="cannot read"):
        load_groups(tmp_path / "missing.yaml")


# -- key loading -----------------------------------------------------------------------------------


def raw_pub(priv: Any) -> bytes:
    return priv.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def test_load_keys_every_format(keys, tmp_path: Path):
    raw = raw_pub(keys["ed"])
    pemfile = tmp_path / "keys.pem"
    pemfile.write_text(pub_pem(keys["rsa"]) + "\n" + pub_pem(keys["ec"]))
    rawfile = tmp_path / "raw.txt"
    rawfile.write_text(f"# comment\n{base64.b64encode(raw_pub(keys['ed2'])).decode()}\n")
    der_b64 = base64.b64encode(
        keys["ed"].public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    ).decode()
    specs = [
        base64.b64encode(raw).decode(),
        b64u(raw),
        raw.hex(),
        der_b64,
        json.dumps({"kty": "OKP", "crv": "Ed25519", "x": b64u(raw)}),
        str(pemfile),
        str(rawfile),
    ]
    loaded = load_public_keys(specs)
    assert len(loaded) == 8
    ed_raws = {
        vk.key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        for vk in loaded
        if isinstance(vk.key, ed25519.Ed25519PublicKey)
    }
    assert ed_raws == {raw, raw_pub(keys["ed2"])}
    r = IdentityResolver(IdentityConfig(jwt_keys=tuple(loaded)))
    for name, alg in (("ed", "EdDSA"), ("ed2", "EdDSA"), ("rsa", "RS256"), ("ec", "ES256")):
        assert resolve(r, token(keys[name], alg)).identity.verified, name


def test_load_keys_comma_separated_string(keys, tmp_path: Path):
    a, b = tmp_path / "a.pem", tmp_path / "b key.pem"
    a.write_text(pub_pem(keys["ed"]))
    b.write_text(pub_pem(keys["ec"]))
    r = IdentityResolver(IdentityConfig.from_options(jwt_keys=f"{a}, {b}"))
    assert resolve(r, token(keys["ed"], "EdDSA")).identity.verified
    assert resolve(r, token(keys["ec"], "ES256")).identity.verified
    with pytest.raises(IdentityConfigError, match="neither key material"):
        load_public_keys(f"{a},{tmp_path / 'missing.pem'}")
    with pytest.raises(IdentityConfigError, match="no keys found"):
        load_public_keys(" , ")


def test_load_key_from_certificate(keys):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(keys["ec"].public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(keys["ec"], hashes.SHA256())
    )
    (vk,) = load_public_keys(cert.public_bytes(Encoding.PEM).decode())
    r = IdentityResolver(IdentityConfig(jwt_keys=(vk,)))
    assert resolve(r, token(keys["ec"], "ES256")).identity.verified


def test_load_keys_refuses_private_symmetric_and_weak(keys, tmp_path: Path):
    priv_pem = keys["ed"].private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    with pytest.raises(IdentityConfigError, match="private"):
        load_public_keys(priv_pem)
    with pytest.raises(IdentityConfigError, match="oct"):
        load_public_keys(json.dumps({"kty": "oct", "k": b64u(b"secret")}))
    priv_jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(keys["ed"]))
    with pytest.raises(IdentityConfigError, match="private"):
        load_public_keys(json.dumps(priv_jwk))
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    with pytest.raises(IdentityConfigError, match="too small"):
        load_public_keys(pub_pem(weak))
    with pytest.raises(IdentityConfigError, match="neither key material nor a readable file"):
        load_public_keys(str(tmp_path / "nope.pem"))


def test_from_options_parses_strings(keys, tmp_path: Path):
    cfg = IdentityConfig.from_options(
        jwt_header="",
        jwt_keys=[pub_pem(keys["ed"])],
        jwt_issuer="",
        jwt_audience="",
        jwt_algorithms="EdDSA, ES256",
        fingerprint_key="hex:" + "ab" * 16,
    )
    assert cfg.jwt_header == "X-Warden-Identity"
    assert cfg.jwt_algorithms == ("EdDSA", "ES256")
    assert cfg.jwt_issuer is None and cfg.jwt_audience is None
    assert cfg.fingerprint_key == bytes.fromhex("ab" * 16)
    with pytest.raises(IdentityConfigError):
        IdentityConfig.from_options(jwt_algorithms="EdDSA,none")
    with pytest.raises(IdentityConfigError, match="16 bytes"):
        IdentityConfig.from_options(fingerprint_key=b"short")


# -- agent and API key ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ua,expected",
    [
        ("OpenAI/Python 1.54.0", "openai-python/1.54.0"),
        ("Anthropic/Python 0.34.2", "anthropic-python/0.34.2"),
        ("OpenAI/JS 4.67.1", "openai-js/4.67.1"),
        ("curl/8.5.0", "curl/8.5.0"),
        ("python-httpx/0.27.0", "python-httpx/0.27.0"),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", "mozilla/5.0"),
        ("my-tool", "my-tool"),
        ("", None),
        (None, None),
        ("   (weird)", None),
    ],
)
def test_normalize_agent(ua, expected):
    assert normalize_agent(ua) == expected


def test_normalize_ip():
    assert normalize_ip("::ffff:192.0.2.1") == "192.0.2.1"
    assert normalize_ip("[2001:db8::1]") == "2001:db8::1"
    assert normalize_ip("fe80::1%eth0") == "fe80::1"
    assert normalize_ip(None) is None
    assert normalize_ip("not-an-ip") == "not-an-ip"


def test_key_fingerprint_is_keyed_and_never_the_key(keys):
    api_key = "sk-proj-" + "A" * 40
    r1 = resolver(keys, fingerprint_key=b"1" * 32)
    r2 = resolver(keys, fingerprint_key=b"2" * 32)
    f1 = resolve(r1, api_key=api_key).identity.key_fingerprint
    assert f1 == resolve(r1, api_key=api_key).identity.key_fingerprint
    assert f1 == hmac.new(b"1" * 32, api_key.encode(), hashlib.sha256).hexdigest()[:32]
    assert f1 != resolve(r2, api_key=api_key).identity.key_fingerprint
    assert f1 != resolve(r1, api_key=api_key + "x").identity.key_fingerprint
    tok = token(keys["ed"], "EdDSA")
    dumped = json.dumps(resolve(r1, tok, api_key=api_key, proxy_user="alice").identity.to_json())
    assert api_key not in dumped and tok not in dumped and "AAAAAAAA" not in dumped
    assert resolve(r1).identity.key_fingerprint is None


@pytest.mark.parametrize(
    "headers,query,expected",
    [
        ({"Authorization": "Bearer sk-abc"}, None, "sk-abc"),
        ({"authorization": "bearer  sk-abc "}, None, "sk-abc"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, None, None),
        ({"x-api-key": "sk-ant-1"}, None, "sk-ant-1"),
        ({"X-Api-Key": "sk-ant-1", "Authorization": "Bearer other"}, None, "sk-ant-1"),
        ({"api-key": "azure-1"}, None, "azure-1"),
        ({"x-goog-api-key": "AIza1"}, None, "AIza1"),
        ({}, "/v1beta/models/gemini:generateContent?alt=sse&key=AIza2", "AIza2"),
        ({}, "https://generativelanguage.googleapis.com/v1/x?key=AIza3", "AIza3"),
        ({}, "alt=sse&key=AIza4", "AIza4"),
        ({}, {"key": "AIza5"}, "AIza5"),
        ({"Proxy-Authorization": "Bearer proxy-secret"}, None, None),
        ({}, "/v1/x?monkey=1", None),
        ({}, None, None),
    ],
)
def test_extract_api_key(headers, query, expected):
    assert extract_api_key(headers, query) == expected


def test_works_with_mitmproxy_headers(keys):
    http = pytest.importorskip("mitmproxy.http")
    h = http.Headers([(b"x-warden-identity", token(keys["ed"], "EdDSA").encode()), (b"x-api-key", b"sk-1")])
    assert extract_api_key(h) == "sk-1"
    ident = resolver(keys).resolve(
        headers=h, client_ip=None, proxy_user=None, api_key=extract_api_key(h), user_agent=None
    )
    assert ident.verified and ident.key_fingerprint
