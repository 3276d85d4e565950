"""Strict body decoding: what is refused, with which status, and that bombs stop at the bound."""

from __future__ import annotations

import gzip
import json
import zlib

import brotli
import pytest
import zstandard
from hypothesis import given, strategies as st

from llm_warden.body import BodyError, check_content_type, decode_content, dump_json, parse_json

DOC = b'{"messages":[{"role":"user","content":"hi"}]}'
LIMIT = 1024 * 1024


@pytest.mark.parametrize("coding,data", [
    ("gzip", gzip.compress(DOC)),
    ("x-gzip", gzip.compress(DOC)),
    ("deflate", zlib.compress(DOC)),
    ("deflate", zlib.compress(DOC)[2:-4]),  # raw deflate, as some clients send it
    ("br", brotli.compress(DOC)),
    ("zstd", zstandard.ZstdCompressor().compress(DOC)),
    ("identity", DOC),
    (None, DOC),
])
def test_supported_encodings_round_trip(coding, data):
    assert decode_content(data, coding, LIMIT) == DOC


@pytest.mark.parametrize("coding,compress", [
    ("gzip", gzip.compress),
    ("deflate", zlib.compress),
    ("br", brotli.compress),
    ("zstd", zstandard.ZstdCompressor().compress),
])
def test_compression_bombs_stop_at_the_bound(coding, compress):
    bomb = compress(b"\0" * (20 * LIMIT))
    assert len(bomb) < LIMIT // 10
    with pytest.raises(BodyError) as e:
        decode_content(bomb, coding, LIMIT)
    assert e.value.status == 413


def test_plain_body_over_the_bound_is_413():
    with pytest.raises(BodyError) as e:
        decode_content(b"x" * (LIMIT + 1), None, LIMIT)
    assert e.value.status == 413


@pytest.mark.parametrize("header", ["gzip, br", "gzip,gzip", "compress", "exi", "aes128gcm"])
def test_stacked_and_unknown_encodings_are_refused(header):
    with pytest.raises(BodyError) as e:
        decode_content(gzip.compress(DOC), header, LIMIT)
    assert e.value.status == 415


def test_corrupt_and_truncated_streams_are_400():
    for coding, data in [("gzip", gzip.compress(DOC)[:-6]), ("gzip", b"not gzip"), ("br", b"\xff\xff\xff"),
                         ("gzip", gzip.compress(DOC) + gzip.compress(DOC))]:
        with pytest.raises(BodyError) as e:
            decode_content(data, coding, LIMIT)
        assert e.value.status == 400, coding


@pytest.mark.parametrize("raw,needle", [
    (b'{"a": 1, "a": 2}', "duplicate key"),
    (b'{"a": {"b": 1, "b": 1}}', "duplicate key"),
    (b'{"a": NaN}', "NaN"),
    (b'{"a": Infinity}', "Infinity"),
    (b'{"a": "\xff"}', "UTF-8"),
    (b'\xef\xbb\xbf{"a": 1}', "byte-order mark"),
    (b'{"a": ', "not valid JSON"),
    (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
])
def test_ambiguous_json_is_refused(raw, needle):
    with pytest.raises(BodyError) as e:
        parse_json(raw)
    assert e.value.status == 400
    assert needle in e.value.message


@pytest.mark.parametrize("ctype,ok", [
    (None, True), ("application/json", True), ("application/json; charset=utf-8", True),
    ("application/vnd.api+json", True), ("application/json; charset=latin-1", False),
    ("multipart/form-data; boundary=x", False), ("application/x-www-form-urlencoded", False),
])
def test_content_types(ctype, ok):
    if ok:
        check_content_type(ctype)
    else:
        with pytest.raises(BodyError) as e:
            check_content_type(ctype)
        assert e.value.status == 415


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)


@given(json_values)
def test_dump_then_parse_is_identity(doc):
    assert parse_json(dump_json(doc)) == doc
    assert json.loads(dump_json(doc)) == doc
