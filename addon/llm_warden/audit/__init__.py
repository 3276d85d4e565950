"""The audit record: durable, signed, hash-chained, Merkle-checkpointed decision log.

Modules: :mod:`.record` (canonical bytes, signatures), :mod:`.merkle` (RFC 6962),
:mod:`.checkpoint` (C2SP signed notes), :mod:`.keys` (signing keys), :mod:`.segments` (files),
:mod:`.log` (the writer), :mod:`.verify` (the checker), :mod:`.sealed` (evidence for auditors),
:mod:`.cli` (``llm-warden audit`` / ``llm-warden keys``), :mod:`.bench`.

Nothing is imported here eagerly: the gateway imports :mod:`.log` and :mod:`.keys` directly and
the CLI should not pay for the writer when it only verifies.
"""
