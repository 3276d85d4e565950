"""llm-warden: an AI egress gateway built as a mitmproxy addon."""
__version__ = "0.1.0"
