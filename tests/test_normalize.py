"""The normaliser: each evasion is undone, and every span maps back into the original text."""

from __future__ import annotations

import base64
import time

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from llm_warden.classify.engine import Engine
from llm_warden.classify.normalize import decode_text, fold_char, normalize, views


def view_text(text: str) -> str:
    v = normalize(text)
    return v.text if v is not None else text


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(use_ner=False)


def found(engine: Engine, text: str) -> list[tuple[str, str]]:
    return [(f.type, text[f.start : f.end]) for f in engine.classify(text)]


# --- folding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "c,expected",
    [
        ("\u200b", ""), ("\u200d", ""), ("\u2060", ""), ("\ufeff", ""), ("\u00ad", ""),
        ("\u202e", ""), ("\u2066", ""), ("\U000e0041", ""),  # zero-width, bidi, soft hyphen, tag
        ("\u00a0", " "), ("\u2003", " "),
        ("ａ", "a"), ("Ｚ", "Z"), ("５", "5"), ("𝟓", "5"), ("٣", "3"), ("۷", "7"), ("१", "1"),
        ("а", "a"), ("е", "e"), ("о", "o"), ("р", "p"), ("ѕ", "s"), ("ı", "i"),  # Cyrillic, Turkish
        ("é", "e"), ("ﬁ", "fi"), ("＠", "@"), ("．", "."),
    ],
)
def test_fold_char(c: str, expected: str) -> None:
    assert fold_char(c) == expected


def test_ascii_text_without_tricks_has_no_view() -> None:
    assert views("Plain prose with a number 42, an email a@b.com and code x = f(y).") == []


# --- evasions end to end -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,typ,span",
    [
        ("mail j\u200bohn@ex\u0430mple.com now", "EMAIL_ADDRESS", "j\u200bohn@ex\u0430mple.com"),
        ("ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", "EMAIL_ADDRESS", "ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
        ("card ４１１１ １１１１ １１１１ １１１１", "CREDIT_CARD", "４１１１ １１１１ １１１１ １１１１"),
        ("card 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 ok", "CREDIT_CARD", "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1"),
        ("card 4111-1111 1111.1111 ok", "CREDIT_CARD", "4111-1111 1111.1111"),
        ("SSN 1 2 3 - 4 5 - 6 7 8 9", "US_SSN", "1 2 3 - 4 5 - 6 7 8 9"),
        ("write to john dot smith at example dot com", "EMAIL_ADDRESS", "john dot smith at example dot com"),
        ("john[at]example[dot]com", "EMAIL_ADDRESS", "john[at]example[dot]com"),
        ("john (at) example (dot) co (dot) uk", "EMAIL_ADDRESS", "john (at) example (dot) co (dot) uk"),
        ("url john%40example.com", "EMAIL_ADDRESS", "john%40example.com"),
        ("html john&#64;example&#46;com", "EMAIL_ADDRESS", "john&#64;example&#46;com"),
        ("IBAN D\u200bE89 3704 0044 0532 0130 00", "IBAN_CODE", "D\u200bE89 3704 0044 0532 0130 00"),
        ("ip 1\u200b92.168.1.20", "IP_ADDRESS", "1\u200b92.168.1.20"),
        ("key s\u200bk-ant-api03-" + "aB3dE5fG7h" * 9 + "xyAA", "SECRET",
         "s\u200bk-ant-api03-" + "aB3dE5fG7h" * 9 + "xyAA"),
        ("tel \u202e+44 20 7946 0958", "PHONE_NUMBER", "+44 20 7946 0958"),
    ],
)
def test_evasion_is_undone(engine: Engine, text: str, typ: str, span: str) -> None:
    assert (typ, span) in found(engine, text)


def test_base64_run_maps_to_the_encoded_span(engine: Engine) -> None:
    enc = base64.b64encode(b"please email jane.doe@example.org today").decode()
    text = f"payload={enc};"
    assert ("EMAIL_ADDRESS", enc) in found(engine, text)


def test_base64_url_and_hex_and_escaped_hex(engine: Engine) -> None:
    url = base64.urlsafe_b64encode(b"card 4111111111111111 ??>>").decode()
    hexed = b"john@example.com".hex()
    esc = "".join(f"\\x{b:02x}" for b in b"ssn 123-45-6789")
    spaced = " ".join(f"{b:02x}" for b in b"mail a.b@example.net")
    for enc, typ in ((url, "CREDIT_CARD"), (hexed, "EMAIL_ADDRESS"), (esc, "US_SSN"),
                     (spaced, "EMAIL_ADDRESS")):
        text = f"data: {enc} end"
        assert (typ, enc) in found(engine, text), enc


def test_decoding_goes_two_levels_deep_and_no_further(engine: Engine) -> None:
    inner = b"ssn 123-45-6789"
    two = base64.b64encode(base64.b64encode(inner)).decode()
    assert ("US_SSN", two) in found(engine, f"x {two} y")
    three = base64.b64encode(base64.b64encode(base64.b64encode(inner))).decode()
    assert found(engine, f"x {three} y") == []
    assert "123-45-6789" in decode_text(two)


@pytest.mark.parametrize(
    "text",
    [
        "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b",
        "InternationalizationConfiguration and getUserProfileSettingsForAccount",
        "I work at acme.com and look at this dot com bubble",
        "versions 1.2.3 4.5.6 7.8.9 and 1.2.3.4.5.6.7",
        "timestamp 2024 01 15 10 30 00",
        "Привет, как дела? Всё хорошо.",
        "naïve café résumé — “quotes” … ½",
        "ports 80 443 8080 and 5 4 3 2 1",
    ],
)
def test_no_false_findings_from_normalisation(engine: Engine, text: str) -> None:
    assert found(engine, text) == []


# --- offset map properties -----------------------------------------------------------------------

_tricky = st.sampled_from(["\u200b", "\u200d", "\u202e", "\u00ad", "ａ", "５", "а", "é", "ﬁ", "\u00a0",
                           "%40", "&#64;", " dot ", "[at]", "1 2 3 4 5 6 7 8", "@", ".", "x", " "])
_texts = st.lists(st.one_of(st.text(max_size=8), _tricky), max_size=30).map("".join)


@settings(max_examples=400)
@given(_texts, st.data())
def test_every_view_span_maps_into_bounds(text: str, data: st.DataObject) -> None:
    v = normalize(text)
    assume(v is not None and len(v.text) > 0)
    s = data.draw(st.integers(0, len(v.text) - 1))
    e = data.draw(st.integers(s + 1, len(v.text)))
    a, b = v.map_span(s, e)
    assert 0 <= a < b <= len(text)
    # Monotone: a later or longer view span never maps to an earlier start or end.
    if e < len(v.text):
        a2, b2 = v.map_span(s, e + 1)
        assert a2 == a and b2 >= b
    if s + 1 < e:
        a3, _ = v.map_span(s + 1, e)
        assert a3 >= a


_words = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10), max_size=20)


@settings(max_examples=300)
@given(_words)
def test_plain_words_have_no_view(words: list[str]) -> None:
    """Identity: honest ASCII prose is its own normal form (no view, no second detector pass)."""
    assert normalize(" ".join(words)) is None


_FORMAT = ["\u200b", "\u200c", "\u2060", "\ufeff", "\u00ad", "\u202e"]


@settings(max_examples=300)
@given(_words, st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(_FORMAT)), min_size=1, max_size=12),
       st.data())
def test_format_chars_round_trip(words: list[str], junk: list[tuple[int, str]], data: st.DataObject) -> None:
    """Removing invisible characters gives back the clean text, and every span of the view maps
    to a span of the dirty text that reads the same once the invisible characters are dropped."""
    clean = " ".join(words)
    chars = list(clean)
    for pos, j in junk:
        chars.insert(pos % (len(chars) + 1), j)
    dirty = "".join(chars)
    v = normalize(dirty)
    assert v is not None and v.text == clean
    if not clean:
        return
    s = data.draw(st.integers(0, len(clean) - 1))
    e = data.draw(st.integers(s + 1, len(clean)))
    a, b = v.map_span(s, e)
    assert "".join(c for c in dirty[a:b] if c not in _FORMAT) == clean[s:e]


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_engine_findings_always_in_bounds(text: str) -> None:
    for f in Engine(use_ner=False, cache_size=0).classify(text):
        assert 0 <= f.start < f.end <= len(text)


def test_map_span_rejects_out_of_range() -> None:
    v = normalize("a\u200bb")
    assert v is not None
    with pytest.raises(ValueError):
        v.map_span(0, 5)
    with pytest.raises(ValueError):
        v.map_span(1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "\u200b" * 100_000,
        "а" * 100_000,
        "A" * 100_000,
        "QUJD" * 50_000,
        "1 " * 50_000,
        "a dot " * 30_000 + "com",
        "x at " * 30_000,
        "%41" * 50_000,
        "\\x41" * 50_000,
        "41 " * 50_000,
    ],
    ids=lambda t: repr(t[:6]),
)
def test_normaliser_is_linear_on_adversarial_input(text: str) -> None:
    t0 = time.perf_counter()
    normalize(text)
    assert time.perf_counter() - t0 < 5.0


# --- the NER view ---------------------------------------------------------------------------------

from llm_warden.classify.normalize import ner_view  # noqa: E402


@pytest.mark.parametrize(
    "text,expected",
    [
        ("J\u043ehn Sm\u0456th lives in Berlin", "John Smith lives in Berlin"),
        ("J\u200bohn", "John"),
        ("Ｊｏｈｎ Ｓｍｉｔｈ", "John Smith"),
        ("Привет, Иван Петров", None),  # an honest Russian text stays as it is
        ("Müller aus München, Ελένη", None),  # diacritics and Greek are kept
        ("plain ascii", None),
    ],
)
def test_ner_view(text: str, expected: str | None) -> None:
    v = ner_view(text)
    assert (v.text if v is not None else None) == expected
    if v is not None:
        assert v.map_span(0, len(v.text)) == (0, len(text))


@pytest.mark.parametrize(
    "text,typ,span",
    [
        ("2) kwame dot mensah at ashanti dash agro dot com dot gh: hi", "EMAIL_ADDRESS",
         "kwame dot mensah at ashanti dash agro dot com dot gh"),
        ("<y [dot] tanaka [at] kitsune dash design [dot] jp>", "EMAIL_ADDRESS",
         "y [dot] tanaka [at] kitsune dash design [dot] jp"),
        ("mail j underscore doe at example dot org", "EMAIL_ADDRESS", "j underscore doe at example dot org"),
        ("Is G B 6 0 B A R C 2 0 0 0 0 0 5 5 7 7 9 9 1 1 right?", "IBAN_CODE",
         "G B 6 0 B A R C 2 0 0 0 0 0 5 5 7 7 9 9 1 1"),
        ('"number":"34323432343234323432343234323432"', "CREDIT_CARD", "34323432343234323432343234323432"),
        ("son on 0 7 8 2 4 5 5 6 0 1 9, wants a call", "PHONE_NUMBER", "0 7 8 2 4 5 5 6 0 1 9"),
        ("id,ssn\nE1,3 2 1 5 4 9 8 7 6\n", "US_SSN", "3 2 1 5 4 9 8 7 6"),
    ],
)
def test_more_evasions(engine: Engine, text: str, typ: str, span: str) -> None:
    assert (typ, span) in found(engine, text)


def test_nested_decoding_keeps_the_first_level() -> None:
    # hex of "4242424242424242": decoding once gives a card; decoding that again as hex gives "BBBB…".
    v = normalize("x 34323432343234323432343234323432 y")
    assert v is not None and "4242424242424242" in v.text


def test_ner_view_blanks_blobs() -> None:
    blob = "QUJD" * 300
    text = f"Ask John about {blob} today"
    v = ner_view(text)
    assert v is not None and blob not in v.text and "John" in v.text
    i = v.text.index("today")
    assert v.map_span(i, i + 5) == (text.index("today"), text.index("today") + 5)


@pytest.mark.parametrize(
    "text,seen",
    [
        ("D.O.B: 11/O3/1972", "11/03/1972"),
        ("call O7911 123456", "07911 123456"),
        ("ticket 2O24-0O17", "2024-0017"),
    ],
)
def test_a_letter_o_among_digits_reads_as_zero(text: str, seen: str) -> None:
    view = normalize(text)
    assert view is not None and seen in view.text
    i = view.text.index(seen)
    a, b = view.map_span(i, i + len(seen))  # offsets point into the text as given
    assert text[a:b].replace("O", "0") == seen


@pytest.mark.parametrize("text", ["Oslo and Ohio", "CO2 + H2O", "photo of Route 66", "OK 200"])
def test_a_letter_o_in_words_stays_a_letter(text: str) -> None:
    view = normalize(text)
    assert view is None or "0" not in view.text.replace("200", "").replace("66", "")
