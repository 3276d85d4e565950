"""Shared fixtures: a stand-in provider on loopback and a real llm-warden proxy in front of it."""

from __future__ import annotations

import ssl
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import standin as standin_mod  # noqa: E402
from proxy import Proxy, start_proxy  # noqa: E402


@pytest.fixture(scope="module")
def standin() -> Iterator[standin_mod.StandIn]:
    s = standin_mod.start()
    yield s
    s.close()


@pytest.fixture(scope="module")
def proxy(standin: standin_mod.StandIn, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    p = start_proxy(tmp_path_factory.mktemp("warden"), standin.url)
    yield p
    p.stop()


def http_client(proxy: Proxy, **kw: object) -> httpx.Client:
    return httpx.Client(proxy=proxy.url, verify=ssl.create_default_context(cafile=str(proxy.ca)),
                        timeout=30, **kw)  # type: ignore[arg-type]


def sdk_http_client(sdk, proxy: Proxy):  # type: ignore[no-untyped-def]
    """The SDK's own HTTP client class (each SDK pins its own httpx flavour), via the proxy."""
    return sdk.DefaultHttpxClient(proxy=proxy.url, verify=ssl.create_default_context(cafile=str(proxy.ca)),
                                  timeout=30)


@pytest.fixture
def openai_client(proxy: Proxy, standin: standin_mod.StandIn):  # type: ignore[no-untyped-def]
    import openai
    standin.clear()
    return openai.OpenAI(api_key="sk-test-key-not-real", http_client=sdk_http_client(openai, proxy),
                         max_retries=0)


@pytest.fixture
def anthropic_client(proxy: Proxy, standin: standin_mod.StandIn):  # type: ignore[no-untyped-def]
    import anthropic
    standin.clear()
    return anthropic.Anthropic(api_key="sk-ant-test-not-real", http_client=sdk_http_client(anthropic, proxy),
                               max_retries=0)
