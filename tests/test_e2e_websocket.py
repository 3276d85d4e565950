"""End to end: a WebSocket LLM API (OpenAI Realtime shape) through the real proxy with a real
websocket client. Client text frames are decisions: redacted, or dropped with an error event."""

from __future__ import annotations

import asyncio
import json
import ssl
import threading

import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import serve

from proxy import start_proxy

pytestmark = pytest.mark.e2e

EMAIL = "li.wei@example.cn"


class RealtimeStandIn:
    """Echoes each user text item back as response.output_text.delta events, 4 characters each."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.port = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self.ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)

        async def handler(ws) -> None:  # type: ignore[no-untyped-def]
            await ws.send(json.dumps({"type": "session.created", "session": {"id": "sess_1"}}))
            async for raw in ws:
                event = json.loads(raw)
                self.received.append(event)
                if event.get("type") != "conversation.item.create":
                    continue
                text = "echo: " + event["item"]["content"][0]["text"]
                for i in range(0, len(text), 4):
                    await ws.send(json.dumps({"type": "response.output_text.delta", "item_id": "item_1",
                                              "output_index": 0, "content_index": 0, "delta": text[i:i + 4]}))
                await ws.send(json.dumps({"type": "response.output_text.done", "item_id": "item_1",
                                          "output_index": 0, "content_index": 0, "text": text}))

        async def main() -> None:
            async with serve(handler, "127.0.0.1", 0) as server:
                self.port = server.sockets[0].getsockname()[1]
                self.ready.set()
                await asyncio.Future()

        self.loop.run_until_complete(main())


@pytest.fixture(scope="module")
def realtime(tmp_path_factory):  # type: ignore[no-untyped-def]
    upstream = RealtimeStandIn()
    p = start_proxy(tmp_path_factory.mktemp("ws"), f"http://127.0.0.1:{upstream.port}")
    yield p, upstream
    p.stop()


async def session(proxy, events: list[dict], expect: int) -> list[dict]:  # type: ignore[no-untyped-def]
    ctx = ssl.create_default_context(cafile=str(proxy.ca))
    out: list[dict] = []
    async with connect("wss://api.openai.com/v1/realtime?model=gpt-realtime", proxy=proxy.url, ssl=ctx,
                       additional_headers={"authorization": "Bearer sk-test"}) as ws:
        for e in events:
            await ws.send(json.dumps(e))
        while len(out) < expect:
            out.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
    return out


def user_item(text: str) -> dict:
    return {"type": "conversation.item.create",
            "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}}


async def test_client_frames_are_redacted_and_answers_restored(realtime):
    proxy, upstream = realtime
    text = f"Please write to {EMAIL} today"
    events = await session(proxy, [user_item(text)], expect=1 + (len("echo: ") + len(text)) // 4 + 2)
    sent = upstream.received[-1]["item"]["content"][0]["text"]
    assert EMAIL not in sent and "[EMAIL_ADDRESS_1]" in sent
    deltas = "".join(e["delta"] for e in events if e["type"] == "response.output_text.delta")
    done = next(e for e in events if e["type"] == "response.output_text.done")
    assert deltas == "echo: " + text
    assert done["text"] == "echo: " + text
    records = [json.loads(l) for s in sorted(proxy.audit_dir.glob("*.jsonl")) for l in s.read_text().splitlines()]
    frames = [r for r in records if r.get("type") == "decision" and r["target"]["api"] == "realtime"]
    assert frames[-1]["decision"] == "redact" and frames[-1]["target"]["model"] == "gpt-realtime"


async def test_a_frame_with_a_secret_is_dropped_with_an_error_event(realtime):
    proxy, upstream = realtime
    before = len(upstream.received)
    events = await session(proxy, [user_item("deploy with ghp_" + "x1Y2z3A4b5C6d7E8f9G0h1I2j3K4l5M6n7O8")], expect=2)
    errors = [e for e in events if e["type"] == "error"]
    assert errors and "secret" in errors[0]["error"]["message"]
    assert len(upstream.received) == before  # the frame never left
