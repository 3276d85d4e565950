"""Provider adapters on realistic payloads: every piece of prompt text is found, with a pointer
that writes back to the same place."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, strategies as st

from llm_warden.providers import Registry
from llm_warden.providers import pointer as jp

REG = Registry()


def segs(host: str, path: str, doc: object) -> dict[str, tuple[str, str]]:
    route = REG.match(host, path)
    assert route is not None
    return {s.pointer: (s.text, s.role) for s in route.adapter.segments(route.api, doc)}


def check_pointers(doc: object, found: dict[str, tuple[str, str]]) -> None:
    """Every pointer resolves to its text, and writing through it changes exactly that text."""
    for ptr, (text, _) in found.items():
        assert jp.get(doc, ptr) == text
        copy = json.loads(json.dumps(doc))
        jp.set(copy, ptr, "X")
        assert jp.get(copy, ptr) == "X"


def test_openai_chat_every_role_part_name_and_tool_call():
    doc = {"model": "gpt-4o", "messages": [
        {"role": "system", "content": "sys prompt"},
        {"role": "developer", "content": "dev prompt"},
        {"role": "user", "name": "alice_w", "content": [
            {"type": "text", "text": "part one"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
            {"type": "text", "text": "part two"}]},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "f", "arguments": '{"q": "args text", "n": [1, "deep"]}'}},
            {"id": "c2", "type": "function", "function": {"name": "g", "arguments": "not json at all"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "tool output"},
        {"role": "assistant", "content": "", "function_call": {"name": "h", "arguments": '"a string"'}},
    ]}
    found = segs("api.openai.com", "/v1/chat/completions", doc)
    assert found == {
        "/messages/0/content": ("sys prompt", "system"),
        "/messages/1/content": ("dev prompt", "developer"),
        "/messages/2/content/0/text": ("part one", "user"),
        "/messages/2/content/2/text": ("part two", "user"),
        "/messages/2/name": ("alice_w", "user"),
        "/messages/3/tool_calls/0/function/arguments#/q": ("args text", "tool_args"),
        "/messages/3/tool_calls/0/function/arguments#/n/1": ("deep", "tool_args"),
        "/messages/3/tool_calls/1/function/arguments": ("not json at all", "tool_args"),
        "/messages/4/content": ("tool output", "tool"),
        "/messages/5/function_call/arguments#": ("a string", "tool_args"),
    }
    check_pointers(doc, found)


def test_writing_into_tool_arguments_keeps_them_valid_json():
    doc = {"messages": [{"role": "assistant", "tool_calls": [
        {"function": {"name": "f", "arguments": '{"who": "Jane \\"JD\\" Doe"}'}}]}]}
    ptr = "/messages/0/tool_calls/0/function/arguments#/who"
    assert jp.get(doc, ptr) == 'Jane "JD" Doe'
    jp.set(doc, ptr, 'O"Brien')
    assert json.loads(doc["messages"][0]["tool_calls"][0]["function"]["arguments"]) == {"who": 'O"Brien'}


def test_openai_responses_items():
    doc = {"model": "gpt-4.1", "instructions": "be brief", "input": [
        {"role": "user", "content": [{"type": "input_text", "text": "hello"}]},
        {"role": "assistant", "content": "earlier answer"},
        {"type": "function_call", "call_id": "x", "name": "f", "arguments": '{"city": "Paris"}'},
        {"type": "function_call_output", "call_id": "x", "output": '{"temp": "hot"}'},
        {"type": "function_call_output", "call_id": "y", "output": "plain result"},
    ]}
    found = segs("api.openai.com", "/v1/responses", doc)
    assert found["/instructions"] == ("be brief", "system")
    assert found["/input/0/content/0/text"] == ("hello", "user")
    assert found["/input/1/content"] == ("earlier answer", "assistant")
    assert found["/input/2/arguments#/city"] == ("Paris", "tool_args")
    assert found["/input/3/output#/temp"] == ("hot", "tool_result")
    assert found["/input/4/output"] == ("plain result", "tool_result")
    check_pointers(doc, found)
    assert segs("api.openai.com", "/v1/responses", {"input": "just text"}) == {"/input": ("just text", "user")}


def test_completions_and_embeddings_skip_token_arrays():
    assert segs("api.openai.com", "/v1/completions", {"prompt": ["a", [1, 2, 3], "b"], "suffix": "s"}) == {
        "/prompt/0": ("a", "user"), "/prompt/2": ("b", "user"), "/suffix": ("s", "user")}
    assert segs("api.openai.com", "/v1/embeddings", {"input": [[1, 2], "text"]}) == {"/input/1": ("text", "input")}


def test_azure_deployment_is_the_model():
    route = REG.match("myres.openai.azure.com", "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21")
    assert route and route.adapter.name == "azure_openai" and route.api == "chat.completions"
    assert route.adapter.model(route, {"messages": []}) == "gpt4o-prod"


def test_anthropic_system_blocks_tool_use_tool_result_documents():
    doc = {"model": "claude-sonnet-4", "system": [{"type": "text", "text": "sys"}], "messages": [
        {"role": "user", "content": "plain"},
        {"role": "assistant", "content": [{"type": "text", "text": "thinking aloud"},
                                          {"type": "tool_use", "id": "t", "name": "n", "input": {"a": {"b": "nested"}}}]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "t", "content": [{"type": "text", "text": "result"}]},
            {"type": "tool_result", "tool_use_id": "u", "content": "string result"},
            {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "doc body"},
             "title": "Doc"},
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBOR"}}]},
    ]}
    found = segs("api.anthropic.com", "/v1/messages", doc)
    assert found == {
        "/system/0/text": ("sys", "system"),
        "/messages/0/content": ("plain", "user"),
        "/messages/1/content/0/text": ("thinking aloud", "assistant"),
        "/messages/1/content/1/input/a/b": ("nested", "tool_args"),
        "/messages/2/content/0/content/0/text": ("result", "tool_result"),
        "/messages/2/content/1/content": ("string result", "tool_result"),
        "/messages/2/content/2/source/data": ("doc body", "user"),
        "/messages/2/content/2/title": ("Doc", "user"),
    }
    check_pointers(doc, found)
    assert segs("api.anthropic.com", "/v1/messages", {"system": "s", "messages": []}) == {"/system": ("s", "system")}


def test_gemini_generate_content_with_functions():
    doc = {"systemInstruction": {"parts": [{"text": "sys"}]}, "contents": [
        {"role": "user", "parts": [{"text": "hi"}, {"inlineData": {"mimeType": "image/png", "data": "AAAA"}}]},
        {"role": "model", "parts": [{"functionCall": {"name": "f", "args": {"city": "Rome"}}}]},
        {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {"out": "sunny"}}}]}]}
    path = "/v1beta/models/gemini-2.0-flash:streamGenerateContent"
    found = segs("generativelanguage.googleapis.com", path, doc)
    assert found == {
        "/systemInstruction/parts/0/text": ("sys", "system"),
        "/contents/0/parts/0/text": ("hi", "user"),
        "/contents/1/parts/0/functionCall/args/city": ("Rome", "tool_args"),
        "/contents/2/parts/0/functionResponse/response/out": ("sunny", "tool_result"),
    }
    route = REG.match("generativelanguage.googleapis.com", path + "?alt=sse")
    assert route and route.path_model == "gemini-2.0-flash" and route.api == "streamGenerateContent"
    check_pointers(doc, found)


def test_bedrock_converse_and_invoke():
    doc = {"system": [{"text": "sys"}], "messages": [
        {"role": "user", "content": [{"text": "hello"}]},
        {"role": "assistant", "content": [{"toolUse": {"toolUseId": "1", "name": "f", "input": {"q": "query"}}}]},
        {"role": "user", "content": [{"toolResult": {"toolUseId": "1", "content": [{"text": "res"}, {"json": {"k": "v"}}]}}]}]}
    path = "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse"
    route = REG.match("bedrock-runtime.eu-west-1.amazonaws.com", path)
    assert route and route.path_model == "anthropic.claude-3-5-sonnet-20240620-v1:0"
    found = segs("bedrock-runtime.eu-west-1.amazonaws.com", path, doc)
    assert set(found) == {"/system/0/text", "/messages/0/content/0/text", "/messages/1/content/0/toolUse/input/q",
                          "/messages/2/content/0/toolResult/content/0/text",
                          "/messages/2/content/0/toolResult/content/1/json/k"}
    titan = segs("bedrock-runtime.us-east-1.amazonaws.com", "/model/amazon.titan-text-express-v1/invoke",
                 {"inputText": "titan prompt", "textGenerationConfig": {"maxTokenCount": 10}})
    assert titan == {"/inputText": ("titan prompt", "user")}
    body, headers = route.adapter.error_body(403, "no")
    assert headers["x-amzn-ErrorType"] == "AccessDeniedException"


def test_ollama_chat_and_generate():
    found = segs("gpu-box.lan", "/api/chat", {"model": "llama3", "messages": [{"role": "user", "content": "hi"}]}) \
        if REG.match("gpu-box.lan", "/api/chat") else None
    assert found is None  # not an LLM host unless configured or on Ollama's port
    route = REG.match("gpu-box.lan", "/api/generate", port=11434)
    assert route and route.adapter.name == "ollama"
    assert {s.pointer for s in route.adapter.segments("generate", {"system": "s", "prompt": "p"})} == {"/system", "/prompt"}


@pytest.mark.parametrize("host,provider", [
    ("api.mistral.ai", "mistral"), ("api.groq.com", "groq"), ("openrouter.ai", "openrouter"),
    ("api.deepseek.com", "deepseek"), ("api.together.xyz", "together"), ("api.x.ai", "xai"),
])
def test_openai_compatible_hosts(host, provider):
    route = REG.match(host, "/openai/v1/chat/completions" if provider == "groq" else "/v1/chat/completions")
    assert route and route.adapter.name == provider and route.api == "chat.completions"


def test_unknown_path_on_llm_host_scans_every_string_leaf():
    route = REG.match("api.openai.com", "/v1/some/new/endpoint")
    assert route and route.api == "unknown"
    found = {s.pointer for s in route.adapter.segments(route.api, {"a": {"b": ["x", 1, "y"]}, "c": "z"})}
    assert found == {"/a/b/0", "/a/b/2", "/c"}


def test_registry_file_adds_hosts_and_rejects_bad_families(tmp_path):
    f = tmp_path / "providers.yaml"
    f.write_text("hosts:\n  llm.internal.example: {family: openai, provider: vllm}\n")
    reg = Registry.from_file(f)
    route = reg.match("LLM.internal.example", "/v1/chat/completions")
    assert route and route.adapter.name == "vllm"
    f.write_text("hosts:\n  x.example: {family: nope}\n")
    with pytest.raises(ValueError, match="unknown family"):
        Registry.from_file(f)


def test_error_bodies_are_each_providers_own_format():
    openai_body, _ = REG.match("api.openai.com", "/v1/chat/completions").adapter.error_body(403, "why")
    assert openai_body["error"]["message"] == "why"
    anth, _ = REG.match("api.anthropic.com", "/v1/messages").adapter.error_body(403, "why")
    assert anth == {"type": "error", "error": {"type": "permission_error", "message": "why"}}
    gem, _ = REG.match("generativelanguage.googleapis.com", "/v1beta/models/m:generateContent").adapter.error_body(429, "w")
    assert gem["error"]["status"] == "RESOURCE_EXHAUSTED"


tokens = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6)


@given(st.lists(tokens, min_size=1, max_size=4))
def test_pointer_escaping_round_trips(keys):
    doc: dict = {}
    node = doc
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    node[keys[-1]] = "leaf"
    ptr = jp.join("", *keys)
    assert jp.get(doc, ptr) == "leaf"
    jp.set(doc, ptr, "new")
    assert jp.get(doc, ptr) == "new"


def test_realtime_events_known_and_unknown():
    from llm_warden.providers.realtime import event_segments

    item = {"type": "conversation.item.create", "item": {"type": "message", "role": "user",
                                                          "content": [{"type": "input_text", "text": "hi there"}]}}
    assert {s.pointer: s.text for s in event_segments(item)} == {"/item/content/0/text": "hi there"}
    assert event_segments({"type": "input_audio_buffer.append", "audio": "AAAA"}) == []
    gemini_live = {"clientContent": {"turns": [{"role": "user", "parts": [{"text": "call Ann"},
                                                                            {"inlineData": {"data": "QUJD"}}]}]}}
    assert [s.text for s in event_segments(gemini_live)] == ["user", "call Ann"]
    assert [s.text for s in event_segments({"type": "brand.new.event", "note": "secret here"})] == ["brand.new.event", "secret here"]
