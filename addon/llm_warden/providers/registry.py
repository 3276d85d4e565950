"""Which hosts are LLM APIs, and which adapter speaks for each.

The built-in table covers the public providers; a deployment adds its own (an internal vLLM,
a team Ollama server, an Azure resource under a custom domain) with a YAML file given as
``warden_providers``::

    hosts:
      llm.internal.example.com: {family: openai, provider: vllm}
      "ollama.lab.example.com:11434": {family: ollama}

Host patterns are shell globs, matched case-insensitively against ``host`` and ``host:port``.
Entries from the file come first, so they can override the built-ins.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

import yaml

from .anthropic import AnthropicAdapter
from .base import Adapter, Route
from .bedrock import BedrockAdapter
from .gemini import GeminiAdapter
from .ollama import OllamaAdapter
from .openai import AzureOpenAIAdapter, OpenAIAdapter, OpenAICompatibleAdapter

FAMILIES = ("openai", "azure_openai", "anthropic", "gemini", "bedrock", "ollama")

#: (host glob, family, provider name)
BUILTIN_HOSTS: tuple[tuple[str, str, str], ...] = (
    ("api.openai.com", "openai", "openai"),
    ("*.openai.azure.com", "azure_openai", "azure_openai"),
    ("*.cognitiveservices.azure.com", "azure_openai", "azure_openai"),
    ("*.services.ai.azure.com", "azure_openai", "azure_openai"),
    ("api.anthropic.com", "anthropic", "anthropic"),
    ("generativelanguage.googleapis.com", "gemini", "gemini"),
    ("*aiplatform.googleapis.com", "gemini", "vertex_ai"),
    ("bedrock-runtime.*.amazonaws.com", "bedrock", "bedrock"),
    ("bedrock-runtime-fips.*.amazonaws.com", "bedrock", "bedrock"),
    ("api.mistral.ai", "openai", "mistral"),
    ("codestral.mistral.ai", "openai", "mistral"),
    ("api.groq.com", "openai", "groq"),
    ("openrouter.ai", "openai", "openrouter"),
    ("api.deepseek.com", "openai", "deepseek"),
    ("api.together.xyz", "openai", "together"),
    ("api.together.ai", "openai", "together"),
    ("api.fireworks.ai", "openai", "fireworks"),
    ("api.perplexity.ai", "openai", "perplexity"),
    ("api.x.ai", "openai", "xai"),
    ("api.cerebras.ai", "openai", "cerebras"),
    ("api.cohere.com", "openai", "cohere"),
    ("api.cohere.ai", "openai", "cohere"),
    ("api.deepinfra.com", "openai", "deepinfra"),
    ("integrate.api.nvidia.com", "openai", "nvidia"),
    ("api-inference.huggingface.co", "openai", "huggingface"),
    ("router.huggingface.co", "openai", "huggingface"),
    ("api.moonshot.ai", "openai", "moonshot"),
    ("dashscope*.aliyuncs.com", "openai", "qwen"),
    ("*:11434", "ollama", "ollama"),
    ("*:1234", "openai", "lmstudio"),
)


@dataclass(frozen=True, slots=True)
class HostEntry:
    pattern: str
    family: str
    provider: str


class ProviderConfigError(ValueError):
    """A providers file that cannot be used: says which entry and why."""


def _adapter(family: str, provider: str) -> Adapter:
    if family == "openai":
        return OpenAIAdapter() if provider == "openai" else OpenAICompatibleAdapter(provider)
    return {
        "azure_openai": AzureOpenAIAdapter,
        "anthropic": AnthropicAdapter,
        "gemini": GeminiAdapter,
        "bedrock": BedrockAdapter,
        "ollama": OllamaAdapter,
    }[family]()


class Registry:
    """Host + path → adapter and API. Unknown paths on a known host get the catch-all route."""

    def __init__(self, entries: list[HostEntry] | None = None) -> None:
        self.entries = entries if entries is not None else [HostEntry(*e) for e in BUILTIN_HOSTS]
        self._adapters = {(e.family, e.provider): _adapter(e.family, e.provider) for e in self.entries}

    @classmethod
    def from_file(cls, path: str | Path | None) -> "Registry":
        builtin = [HostEntry(*e) for e in BUILTIN_HOSTS]
        if not path:
            return cls(builtin)
        try:
            data = yaml.safe_load(Path(path).read_text()) or {}
        except (OSError, yaml.YAMLError) as e:
            raise ProviderConfigError(f"{path}: cannot read providers file: {e}") from e
        hosts = data.get("hosts") if isinstance(data, dict) else None
        if not isinstance(hosts, dict):
            raise ProviderConfigError(f"{path}: expected a mapping under 'hosts:'")
        extra: list[HostEntry] = []
        for pattern, spec in hosts.items():
            spec = spec or {}
            family = spec.get("family", "openai") if isinstance(spec, dict) else spec
            if family not in FAMILIES:
                raise ProviderConfigError(
                    f"{path}: host {pattern!r}: unknown family {family!r} (one of: {', '.join(FAMILIES)})")
            provider = spec.get("provider", family) if isinstance(spec, dict) else family
            extra.append(HostEntry(str(pattern).lower(), family, str(provider)))
        return cls(extra + builtin)

    def entry_for(self, host: str, port: int | None = None) -> HostEntry | None:
        host = host.lower().rstrip(".")
        hostport = f"{host}:{port}" if port else host
        for e in self.entries:
            if ":" in e.pattern:
                if fnmatch.fnmatchcase(hostport, e.pattern):
                    return e
            elif fnmatch.fnmatchcase(host, e.pattern):
                return e
        return None

    def sample_hosts(self) -> list[str]:
        """A concrete host name for every entry (globs filled in), for configuration checks."""
        out = []
        for e in self.entries:
            pattern = e.pattern.split(":", 1)[0] if not e.pattern.startswith("*:") else ""
            if pattern:
                out.append(pattern.replace("*", "example"))
        return out

    def is_llm_host(self, host: str, port: int | None = None) -> bool:
        return self.entry_for(host, port) is not None

    def match(self, host: str, path: str, method: str = "POST", port: int | None = None) -> Route | None:
        """The route for a request, or ``None`` when the host is not an LLM API."""
        entry = self.entry_for(host, port)
        if entry is None:
            return None
        adapter = self._adapters[(entry.family, entry.provider)]
        return adapter.route(method, path) or Route(adapter, "unknown")
