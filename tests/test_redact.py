"""Redaction strategies, the restore map, and streamed restoration with split placeholders."""

from __future__ import annotations

import asyncio
import json

from hypothesis import given, settings, strategies as st

from llm_warden.redact import StreamRestorer, mask, redact, restore_json, restore_text
from llm_warden.types import Finding, LocatedFinding, Segment


class DictVault:
    """The vault's contract, in memory, for unit tests of the redactor alone."""

    def __init__(self) -> None:
        self.by_value: dict[tuple[str, str, str], str] = {}
        self.counts: dict[tuple[str, str], int] = {}

    async def assign(self, scope: str, entity_type: str, value: str) -> str:
        key = (scope, entity_type, value)
        if key not in self.by_value:
            n = self.counts[(scope, entity_type)] = self.counts.get((scope, entity_type), 0) + 1
            self.by_value[key] = f"[{entity_type}_{n}]"
        return self.by_value[key]


def F(t: str, s: int, e: int) -> Finding:
    return Finding(t, s, e, 0.99, "pattern")


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_placeholders_are_stable_and_restorable():
    text = "mail a@x.io and b@y.io, again a@x.io"
    doc = {"messages": [{"role": "user", "content": text}]}
    seg = Segment("/messages/0/content", text, "user")
    found = [LocatedFinding(seg.pointer, F("EMAIL_ADDRESS", 5, 11)), LocatedFinding(seg.pointer, F("EMAIL_ADDRESS", 16, 22)),
             LocatedFinding(seg.pointer, F("EMAIL_ADDRESS", 30, 36))]
    r = run(redact(doc, [seg], found, {"EMAIL_ADDRESS": "placeholder"}, vault=DictVault(), scope="u", hash_key=b"k"))
    assert r.doc["messages"][0]["content"] == "mail [EMAIL_ADDRESS_1] and [EMAIL_ADDRESS_2], again [EMAIL_ADDRESS_1]"
    assert restore_text(r.doc["messages"][0]["content"], r.restore) == text


def test_strategies_mask_hash_drop_and_types_not_named_stay():
    text = "card 4111111111111111 name Bob ip 10.0.0.1"
    seg = Segment("/p", text)
    found = [LocatedFinding("/p", F("CREDIT_CARD", 5, 21)), LocatedFinding("/p", F("PERSON", 27, 30)),
             LocatedFinding("/p", F("IP_ADDRESS", 34, 42))]
    r = run(redact({"p": text}, [seg], found, {"CREDIT_CARD": "mask", "PERSON": "hash"}, vault=DictVault(),
                   scope="u", hash_key=b"k"))
    out = r.doc["p"]
    assert out.startswith("card ************1111 name [PERSON:") and out.endswith("ip 10.0.0.1")
    r2 = run(redact({"p": text}, [seg], found, {"PERSON": "drop"}, vault=DictVault(), scope="u", hash_key=b"k"))
    assert r2.doc["p"] == "card 4111111111111111 name  ip 10.0.0.1"
    assert r.restore == {} and mask("PERSON", "Bob") == "***"


def test_restore_json_handles_tool_arguments_with_quotes():
    mapping = {"[PERSON_1]": 'Conan "The" O\'Brien'}
    doc = {"choices": [{"message": {"content": "hi [PERSON_1]", "tool_calls": [
        {"function": {"arguments": json.dumps({"name": "[PERSON_1]"})}}]}}]}
    out = restore_json(doc, mapping)
    assert out["choices"][0]["message"]["content"] == 'hi Conan "The" O\'Brien'
    args = json.loads(out["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    assert args == {"name": 'Conan "The" O\'Brien'}


def test_restore_never_injects_unknown_placeholders():
    assert restore_text("[PERSON_9] and [PERSON_1]", {"[PERSON_1]": "Ann"}) == "[PERSON_9] and Ann"


def sse(events: list[dict | str], names: list[str | None] | None = None) -> bytes:
    out = b""
    for i, e in enumerate(events):
        name = names[i] if names else None
        out += (f"event: {name}\n".encode() if name else b"") + b"data: " + \
            (e.encode() if isinstance(e, str) else json.dumps(e).encode()) + b"\n\n"
    return out


def feed(restorer: StreamRestorer, raw: bytes, size: int) -> bytes:
    out = b""
    for i in range(0, len(raw), size):
        out += restorer(raw[i:i + size])
    return out + restorer(b"")


def openai_text(raw: bytes) -> str:
    text = ""
    for line in raw.split(b"\n"):
        if line.startswith(b"data: {"):
            for c in json.loads(line[6:])["choices"]:
                text += c.get("delta", {}).get("content") or ""
    return text


MAPPING = {"[PERSON_1]": "Zoë Ångström", "[EMAIL_ADDRESS_1]": "z@a.se"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Hi ", "[PERSON_1]", "[EMAIL_ADDRESS_1]", " [", "PERSON", "_1", "]", "x", "[y]"]),
                max_size=12), st.integers(1, 4), st.integers(1, 40))
def test_openai_stream_restores_whatever_the_split(parts, piece, chunk):
    text = "".join(parts)
    pieces = [text[i:i + piece] for i in range(0, len(text), piece)]
    events = [{"choices": [{"index": 0, "delta": {"content": p}}]} for p in pieces]
    events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    raw = sse(events + ["[DONE]"])
    out = feed(StreamRestorer("openai", MAPPING), raw, chunk)
    assert openai_text(out) == restore_text(text, MAPPING)
    assert out.rstrip().endswith(b"data: [DONE]")


def test_anthropic_stream_flushes_a_held_tail_before_block_stop():
    deltas = ["Dear [PERSON_", "1], bye [PER"]
    events = [{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": d}} for d in deltas]
    events += [{"type": "content_block_stop", "index": 0}, {"type": "message_stop"}]
    out = feed(StreamRestorer("anthropic", MAPPING), sse(events, ["content_block_delta"] * 2 + ["content_block_stop", "message_stop"]), 5)
    text, stop_seen_after_text = "", False
    for line in out.split(b"\n"):
        if line.startswith(b"data: "):
            ev = json.loads(line[6:])
            if ev["type"] == "content_block_delta":
                assert not stop_seen_after_text
                text += ev["delta"]["text"]
            if ev["type"] == "content_block_stop":
                stop_seen_after_text = True
    assert text == "Dear Zoë Ångström, bye [PER"


def test_tool_argument_fragments_are_json_escaped():
    mapping = {"[PERSON_1]": 'A "quoted" name'}
    events = [{"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": frag}}]}}]}
              for frag in ['{"who": "[PERS', 'ON_1]"}']]
    events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]})
    out = feed(StreamRestorer("openai", mapping), sse(events), 1000)
    args = ""
    for line in out.split(b"\n"):
        if line.startswith(b"data: {"):
            for c in json.loads(line[6:])["choices"]:
                for call in c["delta"].get("tool_calls") or []:
                    args += call["function"]["arguments"]
    assert json.loads(args) == {"who": 'A "quoted" name'}


def test_ndjson_and_gemini_streams():
    lines = b"".join(json.dumps({"message": {"role": "assistant", "content": c}, "done": False}).encode() + b"\n"
                     for c in ["to [PERSON", "_1] ok"]) + json.dumps({"done": True}).encode() + b"\n"
    out = feed(StreamRestorer("ndjson", MAPPING, ndjson=True), lines, 3)
    text = "".join(json.loads(l).get("message", {}).get("content", "") for l in out.splitlines() if l.strip())
    assert text == "to Zoë Ångström ok"
    gem = sse([{"candidates": [{"index": 0, "content": {"parts": [{"text": t}]}}]} for t in ["a [EMAIL_ADDR", "ESS_1]"]])
    out = feed(StreamRestorer("gemini", MAPPING), gem, 7)
    text = "".join(json.loads(l[6:])["candidates"][0]["content"]["parts"][0]["text"]
                   for l in out.split(b"\n") if l.startswith(b"data: "))
    assert text == "a z@a.se"


def test_unknown_events_pass_through_byte_for_byte():
    raw = b": keep-alive comment\n\nevent: ping\ndata: {\"type\": \"ping\"}\n\n"
    assert feed(StreamRestorer("anthropic", MAPPING), raw, 4) == raw
