"""`llm-warden policy check` / `policy test`, and every shipped policy against its decision table."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from llm_warden.policy import cli

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT / "policies"
REQUIRED = ["default", "team-egress", "desktop-guard", "regulated"]
SHIPPED = sorted(p.stem for p in POLICIES.glob("*.yaml"))


def run(argv, capsys):
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_policy_file_has_a_decision_table():
    assert set(REQUIRED) <= set(SHIPPED)
    for name in SHIPPED:
        assert (POLICIES / "tests" / f"{name}.yaml").is_file(), name


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_policy_is_valid(name, capsys):
    code, out, err = run(["policy", "check", POLICIES / f"{name}.yaml"], capsys)
    assert code == 0, err
    assert f"id={name}" in out and "sha256=" in out and "version=" in out


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_policy_passes_its_decision_table(name, capsys):
    code, out, err = run(["policy", "test", POLICIES / f"{name}.yaml", POLICIES / "tests" / f"{name}.yaml"], capsys)
    assert code == 0, out + err
    assert " 0 failed" in out
    assert "FAIL" not in out


def test_check_reports_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text('id: x\nversion: "1"\nrules:\n  - name: a\n    action: allow\n')
    code, out, err = run(["check", bad], capsys)  # `policy` may be omitted with python -m
    assert code == 1
    assert f"{bad}:5: rules[0].action: 'allow' is not one of permit, redact, deny" in err


def test_check_json(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n")
    code, out, _ = run(["policy", "check", "--json", POLICIES / "default.yaml", bad], capsys)
    assert code == 1
    doc = json.loads(out)
    assert doc[0]["valid"] is True and doc[0]["id"] == "default" and len(doc[0]["sha256"]) == 64
    assert doc[1]["valid"] is False and doc[1]["errors"][0]["line"] == 1


CASES_FAILING = """\
policy: default
cases:
  - name: passes
    findings: []
    decision: permit
  - name: wrong expectation
    findings: [{type: SECRET, kind: github_token, score: 1.0}]
    decision: permit
    rule: permit-everything-else
    reason_contains: nope
"""


def test_test_reports_failures(tmp_path, capsys):
    cases = tmp_path / "cases.yaml"
    cases.write_text(CASES_FAILING)
    code, out, _ = run(["policy", "test", POLICIES / "default.yaml", cases], capsys)
    assert code == 1
    assert "PASS" in out and "FAIL" in out
    assert f"{cases}:6: wrong expectation" in out
    assert "decision: expected permit, got deny" in out
    assert "rule: expected permit-everything-else, got deny-secrets" in out
    assert "reason does not contain 'nope'" in out
    assert "1 passed, 1 failed" in out


def test_test_json_and_filter(tmp_path, capsys):
    cases = tmp_path / "cases.yaml"
    cases.write_text(CASES_FAILING)
    code, out, _ = run(["policy", "test", "--json", "-k", "passes", POLICIES / "default.yaml", cases], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["passed"] == 1 and doc["failed"] == 0 and doc["results"][0]["rule"] == "permit-everything-else"


def test_test_rejects_an_invalid_cases_file_with_line(tmp_path, capsys):
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n  - name: a\n    decision: allow\n")
    code, _, err = run(["policy", "test", POLICIES / "default.yaml", cases], capsys)
    assert code == 2
    assert f"{cases}:3:" in err and "'allow'" in err


def test_test_rejects_cases_for_another_policy(tmp_path, capsys):
    cases = tmp_path / "cases.yaml"
    cases.write_text("policy: regulated\ncases:\n  - {name: a, decision: deny}\n")
    code, _, err = run(["policy", "test", POLICIES / "default.yaml", cases], capsys)
    assert code == 2 and "regulated" in err


def test_test_with_an_invalid_policy(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n")
    code, _, err = run(["policy", "test", bad, POLICIES / "tests" / "default.yaml"], capsys)
    assert code == 2 and f"{bad}:1:" in err


def test_default_deny_expectation_and_bare_case_list(tmp_path, capsys):
    pol = tmp_path / "p.yaml"
    pol.write_text('id: p\nversion: "1"\nrules:\n  - name: bob\n    when: {identity: {users: [bob]}}\n'
                   "    action: permit\n")
    cases = tmp_path / "cases.yaml"
    cases.write_text("- name: alice falls through\n  identity: {user: alice}\n  decision: deny\n  rule: null\n"
                     "  reason_contains: no rule\n  status: 403\n"
                     "- name: bob\n  identity: {user: bob}\n  decision: permit\n  rule: bob\n  limits: null\n")
    code, out, _ = run(["policy", "test", pol, cases], capsys)
    assert code == 0, out
    assert "2 passed, 0 failed" in out


def test_register_into_another_parser(capsys):
    parser = argparse.ArgumentParser(prog="llm-warden")
    subs = parser.add_subparsers(dest="command")
    cli.register(subs)
    args = parser.parse_args(["policy", "check", str(POLICIES / "default.yaml")])
    assert args.func(args) == 0
    args = parser.parse_args(["policy"])
    assert args.func(args) == 2


def test_python_dash_m(tmp_path):
    env = dict(os.environ)
    proc = subprocess.run(
        [sys.executable, "-m", "llm_warden.policy.cli", "policy", "check", str(POLICIES / "regulated.yaml")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "id=regulated" in proc.stdout
