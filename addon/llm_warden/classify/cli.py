"""``llm-warden classify``: run the classification engine on stdin.

``--jsonl``: each input line is ``{"text": ...}``; each output line is
``{"findings": [{"type", "start", "end", "score", "detector"(, "kind")}, ...]}``, in input order,
with code-point offsets into the text as given. A line that is not such an object is reported on
stderr with its line number and produces no output line; the other lines are still classified
and printed, and the exit status is 1. Blank lines are ignored.

Without ``--jsonl`` all of stdin is one text and the findings are printed as a table.

The main ``llm-warden`` CLI calls ``register(subparsers)``; ``python -m llm_warden.classify.cli``
runs the same command on its own.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from ..types import Finding

__all__ = ["register", "run", "main"]

#: Lines classified together: one batched model call each, output flushed per batch.
BATCH = 64

DESCRIPTION = """\
Classify text read from stdin: personal data (names, places, organisations, e-mail, phone, card,
IBAN, US SSN, IP, date of birth) and secrets (API keys, tokens, private keys, passwords).
"""

EPILOG = """\
examples:
  echo 'mail jane@acme.io, call +1 415 555 2671' | llm-warden classify
  printf '%s\\n' '{"text": "my key is sk-ant-..."}' | llm-warden classify --jsonl
  llm-warden classify --jsonl --model models/warden-ner < prompts.jsonl > findings.jsonl
"""


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``classify`` subcommand to an ``argparse`` subparsers object."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "classify", help="classify text from stdin (findings table, or JSON Lines with --jsonl)",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_arguments(p)
    p.set_defaults(func=run)
    return p


def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jsonl", action="store_true",
                   help='one {"text": ...} object per input line, one {"findings": [...]} per output line')
    p.add_argument("--model", metavar="DIR", default=None,
                   help="Hugging Face token-classification directory (default: the bundled model if present)")
    p.add_argument("--no-ner", action="store_true", help="rules only: no transformer model")


def run(ns: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None,
        stderr: TextIO | None = None) -> int:
    """The ``classify`` command. Returns the exit status."""
    stdin = stdin if stdin is not None else _utf8(sys.stdin)
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    from .engine import Engine

    try:
        engine = Engine(ns.model, use_ner=not ns.no_ner)
    except (FileNotFoundError, ValueError, OSError) as exc:
        print(f"llm-warden classify: cannot load model: {exc}", file=stderr)
        return 2
    try:
        if ns.jsonl:
            return _run_jsonl(engine, stdin, stdout, stderr)
        text = stdin.read()
        ner = f"NER model {engine.model_dir}" if engine.ner_enabled else "rules only (no NER model)"
        _print_table(text, engine.classify(text), stdout, ner)
        return 0
    finally:
        engine.close()


def _utf8(stream: TextIO) -> TextIO:
    """stdin as UTF-8 whatever the locale says; undecodable bytes are reported per line."""
    buf = getattr(stream, "buffer", None)
    if buf is None:
        return stream
    return io.TextIOWrapper(buf, encoding="utf-8", errors="surrogateescape", newline="\n")


def _parse_line(line: str) -> str:
    """The ``text`` of one JSONL input line, or ValueError saying what is wrong with it."""
    if any("\udc80" <= c <= "\udcff" for c in line):
        raise ValueError("not valid UTF-8")
    try:
        doc = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(doc, dict):
        raise ValueError(f'expected a JSON object {{"text": ...}}, got {type(doc).__name__}')
    if "text" not in doc:
        raise ValueError('missing "text"')
    text = doc["text"]
    if not isinstance(text, str):
        raise ValueError(f'"text" must be a string, got {type(text).__name__}')
    return text


def _numbered(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    for n, line in enumerate(lines, start=1):
        line = line.rstrip("\n").rstrip("\r")
        if line.strip():
            yield n, line


def _run_jsonl(engine: Any, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    bad = 0
    batch: list[str] = []

    def flush() -> None:
        for findings in engine.classify_many(batch):
            stdout.write(json.dumps({"findings": [f.to_json() for f in findings]}, ensure_ascii=False))
            stdout.write("\n")
        stdout.flush()
        batch.clear()

    for n, line in _numbered(stdin):
        try:
            batch.append(_parse_line(line))
        except ValueError as exc:
            bad += 1
            print(f"llm-warden classify: line {n}: {exc}", file=stderr)
            continue
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    if bad:
        print(f"llm-warden classify: {bad} bad input line(s) skipped", file=stderr)
    return 1 if bad else 0


def _print_table(text: str, findings: Sequence[Finding], stdout: TextIO, ner: str = "") -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stdout, highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console.width = 160  # piped output: do not squeeze the values into 80 columns
    if not findings:
        console.print(f"no findings ({ner})" if ner else "no findings")
        return
    table = Table(title=f"{len(findings)} finding(s)", title_justify="left", caption=ner or None,
                  caption_justify="left")
    for col, just in (("type", "left"), ("kind", "left"), ("start", "right"), ("end", "right"),
                      ("score", "right"), ("detector", "left"), ("text", "left")):
        table.add_column(col, justify=just, no_wrap=col != "text")  # type: ignore[arg-type]
    for f in findings:
        value = text[f.start : f.end].replace("\n", "⏎")
        if len(value) > 60:
            value = value[:57] + "..."
        # Text(), not str: a prompt's "[at]" or "[/b]" must be shown, not parsed as markup.
        table.add_row(f.type, f.kind or "", str(f.start), str(f.end), f"{f.score:.2f}", f.detector,
                      Text(value), style="bold red" if f.type == "SECRET" else None)
    console.print(table)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m llm_warden.classify.cli [--jsonl] [--model DIR] [--no-ner]``."""
    p = argparse.ArgumentParser(prog="llm-warden classify", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    _add_arguments(p)
    return run(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
