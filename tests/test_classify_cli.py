"""``llm-warden classify``: JSON Lines contract, error handling, the table, and module entry point."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from llm_warden.classify import cli

REPO = Path(__file__).resolve().parents[1]


def invoke(argv: list[str], stdin: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="llm-warden")
    sub = parser.add_subparsers(dest="command")
    cli.register(sub)
    ns = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    code = ns.func(ns, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_register_adds_classify_with_options() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    cli.register(sub)
    ns = parser.parse_args(["classify", "--jsonl", "--model", "/m", "--no-ner"])
    assert ns.command == "classify" and ns.jsonl and ns.model == "/m" and ns.no_ner
    assert ns.func is cli.run


def test_jsonl_findings_in_order_with_code_point_offsets() -> None:
    texts = ["😀😀 mail zoë@example.com", "nothing here", "ip 8.8.8.8 and SSN 123-45-6789"]
    code, out, err = invoke(["classify", "--jsonl", "--no-ner"], "".join(json.dumps({"text": t}) + "\n" for t in texts))
    assert code == 0 and err == ""
    lines = [json.loads(x) for x in out.splitlines()]
    assert len(lines) == 3
    (email,) = lines[0]["findings"]
    assert texts[0][email["start"] : email["end"]] == "zoë@example.com"
    assert set(email) == {"type", "start", "end", "score", "detector"}
    assert email["type"] == "EMAIL_ADDRESS" and email["detector"] == "pattern"
    assert lines[1] == {"findings": []}
    assert [f["type"] for f in lines[2]["findings"]] == ["IP_ADDRESS", "US_SSN"]


def test_secret_has_kind() -> None:
    code, out, _ = invoke(["classify", "--jsonl", "--no-ner"], json.dumps({"text": "DB_PASSWORD=hunter2"}) + "\n")
    (f,) = json.loads(out)["findings"]
    assert f["type"] == "SECRET" and f["kind"] == "password" and f["detector"] == "secret"
    assert (f["start"], f["end"]) == (12, 19)


@pytest.mark.parametrize(
    "bad,reason",
    [
        ("{not json", "invalid JSON"),
        ('["text"]', "expected a JSON object"),
        ('{"txt": "x"}', 'missing "text"'),
        ('{"text": 42}', '"text" must be a string'),
    ],
)
def test_bad_line_reported_with_number_and_others_still_output(bad: str, reason: str) -> None:
    stdin = json.dumps({"text": "a@b.io"}) + "\n" + bad + "\n\n" + json.dumps({"text": "8.8.8.8"}) + "\n"
    code, out, err = invoke(["classify", "--jsonl", "--no-ner"], stdin)
    assert code != 0
    assert "line 2" in err and reason in err
    lines = [json.loads(x) for x in out.splitlines()]
    assert [[f["type"] for f in x["findings"]] for x in lines] == [["EMAIL_ADDRESS"], ["IP_ADDRESS"]]


def test_many_lines_cross_batches_in_order() -> None:
    texts = [f"host {i % 250 + 1}.0.0.1" if i % 3 else "plain" for i in range(cli.BATCH * 2 + 7)]
    code, out, _ = invoke(["classify", "--jsonl", "--no-ner"], "\n".join(json.dumps({"text": t}) for t in texts))
    assert code == 0
    lines = [json.loads(x) for x in out.splitlines()]
    assert len(lines) == len(texts)
    for t, line in zip(texts, lines):
        assert bool(line["findings"]) == (t != "plain")


def test_table_mode_reads_all_stdin_as_one_text() -> None:
    code, out, _ = invoke(["classify", "--no-ner"], "write to john[at]example[dot]com\nor call +44 20 7946 0958\n")
    assert code == 0
    assert "EMAIL_ADDRESS" in out and "PHONE_NUMBER" in out
    assert "john[at]example[dot]com" in out  # shown literally, not eaten as rich markup
    code, out, _ = invoke(["classify", "--no-ner"], "nothing to see")
    assert code == 0 and "no findings" in out


def test_missing_model_dir_exits_nonzero(tmp_path: Path) -> None:
    code, out, err = invoke(["classify", "--jsonl", "--model", str(tmp_path / "missing")], "")
    assert code == 2 and out == "" and "cannot load model" in err


def test_module_entry_point_bytes_in_bytes_out() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}  # a hostile locale
    stdin = (json.dumps({"text": "é mail ü@example.de"}, ensure_ascii=False) + "\n" + "\xff\xfe\n").encode("utf-8", "surrogateescape")
    stdin = stdin.replace(b"\xc3\xbf\xc3\xbe", b"\xff\xfe")  # a line that is not UTF-8
    proc = subprocess.run([sys.executable, "-m", "llm_warden.classify.cli", "--jsonl", "--no-ner"],
                          input=stdin, capture_output=True, cwd=REPO, env=env, timeout=120)
    assert proc.returncode == 1
    assert b"line 2" in proc.stderr and b"UTF-8" in proc.stderr
    (line,) = proc.stdout.decode("utf-8").splitlines()
    (f,) = json.loads(line)["findings"]
    assert "é mail ü@example.de"[f["start"] : f["end"]] == "ü@example.de"
