"""Records: canonical JSON equals RFC 8785, signatures cover exactly the line minus ``sig``."""

from __future__ import annotations

import base64
import json
import random

import pytest
import rfc8785
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from llm_warden.audit import record as record_mod
from llm_warden.audit.keys import Signer
from llm_warden.audit.record import (DOMAIN_RECORD, RecordError, canonical, check_body, leaf_hash,
                                     parse_ts, seal_line, signed_bytes, strip_member,
                                     transition_signed_bytes, utc_now)

json_scalars = (st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1)
                | st.floats(allow_nan=False, allow_infinity=False)
                | st.text(alphabet=st.characters(exclude_categories=("Cs",))))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=6),
                      inner, max_size=4),
    max_leaves=20)


FAST_PATHS = [record_mod._stdlib_dumps] + ([record_mod._orjson_dumps]
                                            if hasattr(record_mod, "_orjson_dumps") else [])


@pytest.fixture(params=FAST_PATHS, ids=lambda f: f.__name__)
def fast_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(record_mod, "_fast_dumps", request.param)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(json_values)
def test_canonical_is_rfc8785(fast_path: None, value: object) -> None:
    assert canonical(value) == rfc8785.dumps(value)


def test_canonical_floats_match_rfc8785_across_magnitudes(fast_path: None) -> None:
    rng = random.Random(6962)
    for _ in range(20000):
        x = rng.uniform(1, 10) * 10 ** rng.randint(-9, 22) * rng.choice((1, -1))
        x = round(x, rng.randint(0, 17))
        assert canonical({"x": x}) == rfc8785.dumps({"x": x}), x


@pytest.mark.parametrize("value", [
    {"a": 1.0}, {"a": 1e21}, {"a": 1e-7}, {"a": 123456789012345680.0}, {"a": -0.0},
    {"\U0001f600": 1, "\ufb33": 2}, {"a": [1, 2.5, "x\u2028y", "\x00\x1f\"\\"]},
    {"z": True, "a": None, "m": (1, 2)},
])
def test_canonical_edge_cases_match_reference(fast_path: None, value: object) -> None:
    assert canonical(value) == rfc8785.dumps(value)


@pytest.mark.parametrize("bad", [{"a": float("nan")}, {"a": 2**60}, {"a": "\ud800"}, {"a": object()}])
def test_non_canonicalisable_values_are_rejected(bad: object) -> None:
    with pytest.raises(RecordError):
        canonical(bad)


def record_for(signer: Signer, **extra: object) -> dict[str, object]:
    return {"type": "decision", "decision": "permit", "seq": 7, "id": "x", "ts": utc_now(),
            "prev": "00" * 32, "key_id": signer.key_id, "findings": [{"type": "EMAIL_ADDRESS"}],
            **extra}


def test_sealed_line_is_canonical_and_signature_covers_it_without_sig() -> None:
    signer = Signer.generate()
    rec = record_for(signer, status=200, zeta="last", alpha="first")
    line, sig = seal_line(dict(rec), signer.sign)
    full = dict(rec, sig=sig)
    assert line == rfc8785.dumps(full)  # stored line is the canonical record, sig included
    signed = signed_bytes(line, json.loads(line))
    assert signed == DOMAIN_RECORD + rfc8785.dumps(rec)
    VerifyKey(signer.public_key).verify(signed, base64.b64decode(sig))


def test_signature_is_domain_separated() -> None:
    """A record signature must not verify over the bare canonical bytes (or a note text)."""
    signer = Signer.generate()
    rec = record_for(signer)
    line, sig = seal_line(dict(rec), signer.sign)
    raw_sig = base64.b64decode(sig)
    with pytest.raises(BadSignatureError):
        VerifyKey(signer.public_key).verify(rfc8785.dumps(rec), raw_sig)


def test_any_change_to_the_line_changes_the_signed_bytes() -> None:
    signer = Signer.generate()
    line, _ = seal_line(record_for(signer), signer.sign)
    rec = json.loads(line)
    tampered = line.replace(b'"permit"', b'"deny"')
    assert signed_bytes(tampered, json.loads(tampered)) != signed_bytes(line, rec)
    reformatted = json.dumps(rec, indent=1).encode()  # same content, not canonical
    assert signed_bytes(reformatted, rec) != signed_bytes(line, rec)


def test_string_member_fast_path_matches_the_encoder() -> None:
    from llm_warden.audit.record import _string_member, member_bytes
    for key, value in [("sig", "ab+/=="), ("new_sig", "x" * 88), ("k", 'q"uote'), ("k", "é"),
                       ("k", "back\\slash"), ("k", "")]:
        assert _string_member(key, value) == member_bytes(key, value)


def test_strip_member_refuses_ambiguous_or_missing_members() -> None:
    line = b'{"a":{"sig":"X"},"sig":"X"}'
    assert strip_member(line, "sig", "X") is None  # a nested copy makes it ambiguous
    assert strip_member(b'{"a":1}', "sig", "X") is None
    assert strip_member(b'{"a":1,"sig":"X","t":2}', "sig", "X") == b'{"a":1,"t":2}'
    assert strip_member(b'{"a":1,"sig":"X"}', "sig", "X") == b'{"a":1}'
    assert strip_member(b'{"sig":"X"}', "sig", "X") == b"{}"
    # a quote inside a string value is escaped, so text cannot imitate a member
    assert strip_member(b'{"a":"\\"sig\\":\\"X\\"","sig":"X"}', "sig", "X") == b'{"a":"\\"sig\\":\\"X\\""}'


def test_transition_bytes_strip_both_signatures() -> None:
    old, new = Signer.generate(), Signer.generate()
    rec = record_for(old, type="key_transition")
    proof = new.sign(b"llm-warden/audit/v1/key-transition\n" + rfc8785.dumps(rec))
    rec["new_sig"] = base64.b64encode(proof).decode()
    line, _ = seal_line(dict(rec), old.sign)
    msg = transition_signed_bytes(line, json.loads(line))
    assert msg is not None
    VerifyKey(new.public_key).verify(msg, proof)


def test_check_body_rejects_log_fields_and_missing_type() -> None:
    with pytest.raises(RecordError, match="log-owned"):
        check_body({"type": "decision", "seq": 3})
    with pytest.raises(RecordError, match="type"):
        check_body({"decision": "permit"})
    body = {"type": "decision"}
    out = check_body(body)
    out["x"] = 1
    assert "x" not in body  # the caller's dict is not modified


def test_timestamps_and_leaf_hash() -> None:
    ts = utc_now()
    assert ts.endswith("Z") and len(ts) == 27
    assert parse_ts(ts).utcoffset().total_seconds() == 0
    assert leaf_hash(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
