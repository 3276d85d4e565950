"""The audit record: durable, signed, hash-chained, Merkle-checkpointed decision log.

Modules: :mod:`.record` (canonical bytes, signatures), :mod:`.merkle` (RFC 6962 tree and proofs),
:mod:`.checkpoint` (C2SP signed notes and checkpoints), :mod:`.keys` (signing keys),
:mod:`.segments` (files, recovery), :mod:`.log` (the writer), :mod:`.verify` (the checker),
:mod:`.prove` (inclusion/consistency proofs), :mod:`.show` (reading), :mod:`.sealed` (evidence
only an auditor can open), :mod:`.cli` (``llm-warden audit`` / ``llm-warden keys``),
:mod:`.bench`. ``FORMAT.md`` beside this file describes the format for auditors.

Nothing is imported here eagerly: the gateway imports :mod:`.log` and :mod:`.keys` directly and
the CLI should not pay for the writer when it only verifies.
"""
