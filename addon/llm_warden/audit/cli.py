"""``llm-warden audit ...`` and ``llm-warden keys ...``.

The main CLI calls :func:`register` with its subparsers; every leaf command sets ``func`` to a
handler that takes the parsed arguments and returns the process exit code. ``python -m
llm_warden.audit.cli`` runs the same commands standalone (:func:`main`).

Exit codes: 0 success; 1 the log failed verification / a proof does not hold / evidence cannot
be opened; 2 usage or environment errors (missing directory, unusable key).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

DEFAULT_SIGNING_KEY_ENV = "LLM_WARDEN_SIGNING_KEY"


def _default_signing_key() -> str:
    return os.environ.get(DEFAULT_SIGNING_KEY_ENV, "keyring")


def _err(msg: str) -> None:
    print(f"llm-warden: {msg}", file=sys.stderr)


# --- audit verify --------------------------------------------------------------------------

def cmd_verify(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from .verify import verify_dir

    directory = Path(args.dir)
    if not directory.is_dir():
        _err(f"{directory} is not a directory")
        return 2
    console = Console(stderr=True)
    show_bar = not args.json and not args.quiet and console.is_terminal
    try:
        with Progress(TextColumn("verifying"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                      TimeRemainingColumn(), console=console, transient=True,
                      disable=not show_bar) as bar:
            task = bar.add_task("verify", total=None)
            result = verify_dir(directory, public_key=args.public_key, checkpoint=args.checkpoint,
                                progress=lambda done, total: bar.update(task, completed=done, total=total),
                                workers=args.workers, fast=args.fast)
    except ValueError as e:
        _err(str(e))
        return 2
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    elif not args.quiet:
        if result.ok:
            print(f"OK: {result.records} records intact, tree size {result.tree_size}, "
                  f"root {result.root}")
            print(f"keys: {' -> '.join(result.key_ids)}"
                  f"{' (pinned)' if result.pinned else ' (not pinned)'}; "
                  f"checkpoints verified: {result.checkpoints}; record signatures checked: "
                  f"{result.signatures_checked}")
        else:
            print(f"FAIL: {result.error}")
            print(f"{result.records} record(s) verified before the failure")
        for w in result.warnings:
            print(f"warning: {w}", file=sys.stderr)
    return 0 if result.ok else 1


# --- audit prove ---------------------------------------------------------------------------

def _keys_arg(value: str | None) -> list[bytes] | None:
    if value is None:
        return None
    from .keys import load_public_key
    return [load_public_key(value)]


def cmd_prove_inclusion(args: argparse.Namespace) -> int:
    from .prove import ProveError, inclusion
    try:
        proof = inclusion(args.dir, args.seq, size=args.size, checkpoint=args.checkpoint,
                          public_keys=_keys_arg(args.public_key))
    except (ProveError, ValueError) as e:
        _err(str(e))
        return 1
    if not args.with_record:
        proof.pop("record", None)
    print(json.dumps(proof, indent=2))
    return 0


def cmd_prove_consistency(args: argparse.Namespace) -> int:
    from .prove import ProveError, consistency
    try:
        proof = consistency(args.dir, args.old, args.new, public_keys=_keys_arg(args.public_key))
    except (ProveError, ValueError) as e:
        _err(str(e))
        return 1
    print(json.dumps(proof, indent=2))
    return 0


# --- audit show ----------------------------------------------------------------------------

def cmd_show(args: argparse.Namespace) -> int:
    from .show import Filters, parse_time, render, select

    if not Path(args.dir).is_dir():
        _err(f"{args.dir} is not a directory")
        return 2
    try:
        filters = Filters(user=args.user, decision=args.decision,
                          since=parse_time(args.since) if args.since else None,
                          until=parse_time(args.until) if args.until else None,
                          finding_type=args.type, record_type=args.record_type, seq=args.seq)
    except ValueError as e:
        _err(str(e))
        return 2
    records = select(args.dir, filters, args.limit)
    if args.json:
        for rec in records:
            print(json.dumps(rec, ensure_ascii=False, sort_keys=True))
        return 0
    n = render(records, Console(width=max(Console().width, 120)))
    if n == 0:
        print("no matching records", file=sys.stderr)
    return 0


# --- audit open ----------------------------------------------------------------------------

def cmd_open(args: argparse.Namespace) -> int:
    from . import segments
    from .keys import SigningKeyError
    from .sealed import SEALED_FIELDS, SealedError, load_auditor_key, open_sealed

    try:
        key = load_auditor_key(Path(args.auditor_key).expanduser())
    except (SigningKeyError, OSError) as e:
        _err(str(e))
        return 2
    found = failed = 0
    out = sys.stdout.buffer
    for _seg, _lineno, _line, rec in segments.iter_records(Path(args.dir)):
        if args.seq is not None and rec.get("seq") != args.seq:
            continue
        for fld in SEALED_FIELDS:
            if fld not in rec:
                continue
            found += 1
            try:
                body = open_sealed(rec[fld], key)
            except SealedError as e:
                failed += 1
                _err(f"seq {rec.get('seq')}: {e}")
                continue
            if args.seq is not None:
                out.write(body)
            else:
                out.write(f"--- seq {rec.get('seq')} {rec.get('ts')} ({len(body)} bytes)\n".encode())
                out.write(body + b"\n")
    out.flush()
    if found == 0:
        _err("no sealed evidence" + (f" in record {args.seq}" if args.seq is not None else ""))
        return 1
    return 1 if failed else 0


# --- keys ----------------------------------------------------------------------------------

def cmd_keys_init(args: argparse.Namespace) -> int:
    from .keys import SigningKeyError, load_signer
    try:
        try:
            signer = load_signer(args.signing_key)
            print(f"signing key already exists: {signer.source}")
        except SigningKeyError as e:
            if "no signing key" not in str(e):
                raise
            signer = load_signer(args.signing_key, create=True)
            print(f"created signing key: {signer.source}")
    except SigningKeyError as e:
        _err(str(e))
        return 2
    print(f"key id: {signer.key_id}")
    print(signer.verify_key_b64)
    return 0


def cmd_keys_public(args: argparse.Namespace) -> int:
    from .keys import SigningKeyError, load_signer
    try:
        signer = load_signer(args.signing_key)
    except SigningKeyError as e:
        _err(str(e))
        return 2
    print(f"key id: {signer.key_id} ({signer.source})")
    print(f"checkpoint verifier key: {signer.note_verifier_key(args.origin)}")
    print(signer.verify_key_b64)  # last line: what --public-key takes
    return 0


def _log_origin_and_key(directory: Path) -> tuple[str, str | None]:
    """The origin from the genesis record and the key id in force after the last record."""
    from . import segments
    origin, current = "llm-warden", None
    for _seg, _lineno, _line, rec in segments.iter_records(directory):
        if rec.get("type") == "genesis" and isinstance(rec.get("origin"), str):
            origin = rec["origin"]
        current = rec.get("new_key_id") if rec.get("type") == "key_transition" else rec.get("key_id")
    return origin, current


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    from . import keys
    from .log import AuditLog, AuditLogError

    directory = Path(args.audit_dir).expanduser()
    if not directory.is_dir() or not any(directory.glob("seg-*.jsonl")):
        _err(f"no audit log in {directory}: rotation writes its transition record there")
        return 2
    try:
        old = keys.load_signer(args.signing_key)
        origin, current = _log_origin_and_key(directory)
        staged = keys.load_staged(args.signing_key)
        if staged is not None and current == staged.key_id:
            new = keys.commit_staged(args.signing_key)  # an earlier rotation stopped half-way
            print(f"completed an interrupted rotation: {old.key_id} -> {new.key_id}")
            print(new.verify_key_b64)
            return 0
        if current != old.key_id:
            _err(f"the log's current key is {current}, not {old.key_id} ({old.source})")
            return 2
        new = keys.Signer.generate()
        # open first: the directory lock refuses while the proxy is writing, before any key moves
        with AuditLog(directory, old, origin=origin, fingerprint_key=os.urandom(32)) as log:
            keys.stage_signer(args.signing_key, new)  # a crash from here on is resumable
            rec = log.rotate_key(new, reason=args.reason)
        committed = keys.commit_staged(args.signing_key)
    except (keys.SigningKeyError, AuditLogError, OSError) as e:
        _err(str(e))
        return 2
    print(f"rotated {old.key_id} -> {committed.key_id}; transition record seq {rec['seq']}")
    print(committed.verify_key_b64)
    return 0


def cmd_keys_auditor_init(args: argparse.Namespace) -> int:
    from .sealed import generate_auditor_key
    path = Path(args.file).expanduser()
    if path.exists():
        _err(f"{path} exists; refusing to overwrite an auditor key")
        return 2
    public = generate_auditor_key(path)
    print(f"auditor private key: {path} (keep it away from the gateway)")
    print(public)
    return 0


# --- wiring --------------------------------------------------------------------------------

def _help(parser: argparse.ArgumentParser) -> Any:
    def show(_args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2
    return show


def register(subparsers: Any) -> None:
    """Add ``audit`` and ``keys`` to a parser's subcommands."""
    audit = subparsers.add_parser("audit", help="verify, prove, show and open the audit log")
    audit.set_defaults(func=_help(audit))
    asub = audit.add_subparsers(dest="audit_command", metavar="COMMAND")

    p = asub.add_parser("verify", help="check every record, signature and checkpoint")
    p.add_argument("dir", help="audit directory (holds seg-*.jsonl)")
    p.add_argument("--public-key", help="the log's first public key (base64, C2SP verifier key, "
                                        "or a file whose last line is one): pins the log")
    p.add_argument("--checkpoint", help="a signed checkpoint kept elsewhere that the log must extend")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--quiet", "-q", action="store_true", help="exit code only")
    p.add_argument("--workers", type=int, default=None, help="processes for signature checks")
    p.add_argument("--fast", action="store_true",
                   help="check each record's signature only where no signed checkpoint that "
                        "matches the log already vouches for it (same integrity, much faster)")
    p.set_defaults(func=cmd_verify)

    prove = asub.add_parser("prove", help="inclusion and consistency proofs")
    prove.set_defaults(func=_help(prove))
    psub = prove.add_subparsers(dest="prove_command", metavar="KIND")
    p = psub.add_parser("inclusion", help="prove one record is in the log")
    p.add_argument("dir")
    p.add_argument("--seq", type=int, required=True)
    p.add_argument("--size", type=int, help="tree size to prove against (default: whole log)")
    p.add_argument("--checkpoint", help="prove against this signed checkpoint")
    p.add_argument("--public-key", help="key for checkpoint signatures (default: the log's keys)")
    p.add_argument("--with-record", action="store_true", help="include the record line")
    p.set_defaults(func=cmd_prove_inclusion)
    p = psub.add_parser("consistency", help="prove a later tree extends an earlier one")
    p.add_argument("dir")
    p.add_argument("--old", required=True, help="tree size or checkpoint file")
    p.add_argument("--new", required=True, help="tree size or checkpoint file")
    p.add_argument("--public-key", help="key for checkpoint signatures (default: the log's keys)")
    p.set_defaults(func=cmd_prove_consistency)

    p = asub.add_parser("show", help="list records, with filters")
    p.add_argument("dir")
    p.add_argument("--user", help="identity.user")
    p.add_argument("--decision", choices=["permit", "redact", "deny"])
    p.add_argument("--since", help="from this time (2025-01-31, RFC 3339, or relative: 2h, 7d)")
    p.add_argument("--until", help="up to this time")
    p.add_argument("--type", help="records with a finding of this entity type (EMAIL_ADDRESS, SECRET...)")
    p.add_argument("--record-type", help="record type (decision, outcome, policy_event, ...)")
    p.add_argument("--seq", type=int, help="one record")
    p.add_argument("--limit", type=int)
    p.add_argument("--json", action="store_true", help="JSON Lines instead of a table")
    p.set_defaults(func=cmd_show)

    p = asub.add_parser("open", help="decrypt sealed evidence with the auditor's key")
    p.add_argument("dir")
    p.add_argument("--auditor-key", required=True, help="auditor private key file")
    p.add_argument("--seq", type=int, help="only this record (writes the raw body to stdout)")
    p.set_defaults(func=cmd_open)

    keys = subparsers.add_parser("keys", help="signing keys: init, public, rotate")
    keys.set_defaults(func=_help(keys))
    ksub = keys.add_subparsers(dest="keys_command", metavar="COMMAND")
    spec_help = f"keyring or file:PATH (default: ${DEFAULT_SIGNING_KEY_ENV} or keyring)"
    p = ksub.add_parser("init", help="create the signing key if there is none")
    p.add_argument("--signing-key", default=_default_signing_key(), help=spec_help)
    p.set_defaults(func=cmd_keys_init)
    p = ksub.add_parser("public", help="print the verify key (last line)")
    p.add_argument("--signing-key", default=_default_signing_key(), help=spec_help)
    p.add_argument("--origin", default="llm-warden", help="checkpoint origin (for the C2SP key)")
    p.set_defaults(func=cmd_keys_public)
    p = ksub.add_parser("rotate", help="new key, with a transition record signed by both")
    p.add_argument("--signing-key", default=_default_signing_key(), help=spec_help)
    p.add_argument("--audit-dir", required=True, help="the audit directory (stop the proxy first)")
    p.add_argument("--reason", default="rotation")
    p.set_defaults(func=cmd_keys_rotate)
    p = ksub.add_parser("auditor-init", help="create an auditor key pair for sealed evidence")
    p.add_argument("file", help="where to write the auditor's private key (0600)")
    p.set_defaults(func=cmd_keys_auditor_init)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="llm-warden", description="llm-warden audit and keys")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    register(sub)
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help(sys.stderr)
        return 2
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
