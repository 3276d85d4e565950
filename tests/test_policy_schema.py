"""Policy schema: every problem reported as file:line: reason, with the right line."""

from __future__ import annotations

import textwrap

import pytest

from llm_warden.policy.loader import load_policy, load_policy_text
from llm_warden.policy.schema import POLICY_SCHEMA, PolicyError

GOOD = """\
id: t
version: "1"
classes:
  PII:
    entities: [PERSON, {type: EMAIL_ADDRESS, min_score: 0.7}]
rules:
  - name: r1
    action: permit
"""


def _err(text: str) -> PolicyError:
    with pytest.raises(PolicyError) as info:
        load_policy_text(textwrap.dedent(text), "p.yaml")
    return info.value


def _line_of(text: str, needle: str, nth: int = 1) -> int:
    seen = 0
    for i, line in enumerate(textwrap.dedent(text).splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == nth:
                return i
    raise AssertionError(needle)


def test_good_policy_loads():
    p = load_policy_text(GOOD, "p.yaml")
    assert (p.id, p.version) == ("t", "1")
    assert len(p.sha256) == 64
    assert p.ref.rule is None


def test_schema_is_a_valid_json_schema():
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(POLICY_SCHEMA)


def test_bad_action_line():
    text = GOOD.replace("action: permit", "action: allow")
    e = _err(text)
    assert e.line == _line_of(text, "action: allow")
    assert str(e).startswith(f"p.yaml:{e.line}: ")
    assert "'allow' is not one of permit, redact, deny" in str(e)
    assert e.path == "p.yaml"


def test_unknown_key_points_at_the_key():
    text = GOOD + "    colour: blue\n"
    e = _err(text)
    assert e.line == _line_of(text, "colour")
    assert "unknown key 'colour'" in e.reason


def test_unknown_top_level_key():
    text = "idd: x\n" + GOOD
    e = _err(text)
    assert (1, ) == (e.line,)
    assert "unknown key 'idd'" in str(e)


def test_wrong_type_line():
    text = GOOD + "    when:\n      identity: {verified: maybe}\n"
    e = _err(text)
    assert e.line == _line_of(text, "verified: maybe")
    assert "expected true or false" in e.reason


def test_wrong_type_for_list_or_string():
    text = GOOD + "    when:\n      identity:\n        groups: {a: 1}\n"
    e = _err(text)
    assert e.line == _line_of(text, "groups:")
    assert "expected a string or a list" in e.reason


def test_duplicate_rule_names():
    text = GOOD + "  - name: r1\n    action: permit\n"
    e = _err(text)
    assert e.line == _line_of(text, "name: r1", 2)
    assert "duplicate rule name 'r1'" in e.reason
    assert f"first at line {_line_of(text, 'name: r1')}" in e.reason


def test_duplicate_mapping_key():
    text = GOOD.replace('version: "1"', 'version: "1"\nversion: "2"')
    e = _err(text)
    assert e.line == 3
    assert "duplicate key 'version'" in e.reason


def test_yaml_syntax_error_has_line():
    text = GOOD + "  - name: [unclosed\n"
    e = _err(text)
    assert e.line is not None and e.line >= _line_of(text, "unclosed")
    assert "YAML syntax error" in e.reason


def test_missing_required_keys():
    e = _err("id: x\nrules:\n  - action: permit\n")
    reasons = " | ".join(r for _, r in e.issues)
    assert "missing required key 'version'" in reasons
    assert "missing required key 'name'" in reasons
    assert any(line == 3 for line, _ in e.issues)


def test_deny_needs_a_reason():
    text = GOOD.replace("action: permit", "action: deny")
    e = _err(text)
    assert "missing required key 'reason'" in e.reason
    assert e.line == _line_of(text, "- name: r1")


def test_redact_needs_what_to_redact():
    e = _err(GOOD.replace("action: permit", "action: redact"))
    assert "missing required key 'redact'" in e.reason
    e = _err(GOOD.replace("action: permit", "action: redact\n    redact: {strategy: mask}"))
    assert "name what to redact" in e.reason


def test_bad_strategy():
    text = GOOD.replace("action: permit", "action: redact\n    redact:\n      types: {PERSON: scramble}")
    e = _err(text)
    assert e.line == _line_of(text, "scramble")
    assert "'scramble' is not one of placeholder, mask, hash, drop" in e.reason


def test_redact_block_on_permit_rule():
    text = GOOD.replace("action: permit", "action: permit\n    redact: {classes: [PII]}")
    e = _err(text)
    assert e.line == _line_of(text, "redact:")
    assert "only allowed with action redact" in e.reason


def test_unknown_entity_type_and_undeclared_class():
    text = GOOD.replace("PERSON,", "PERSONS,") + "    when:\n      classes: {any: [HEALTH]}\n"
    e = _err(text)
    assert [ln for ln, _ in e.issues] == [_line_of(text, "PERSONS"), _line_of(text, "HEALTH")]
    assert "unknown entity type 'PERSONS'" in e.issues[0][1]
    assert "undeclared class 'HEALTH'" in e.issues[1][1]


def test_class_name_must_be_upper_snake():
    text = GOOD.replace("  PII:", "  pii:")
    e = _err(text)
    assert e.line == _line_of(text, "pii:")
    assert "invalid name 'pii'" in e.reason


def test_invalid_regex_and_network_lines():
    text = """\
    id: t
    version: "1"
    classes:
      HEALTH:
        patterns: ['(unclosed']
    rules:
      - name: r
        when:
          identity: {networks: [10.0.0.0/8, 300.1.1.0/24]}
        action: permit
    """
    e = _err(text)
    assert [ln for ln, _ in e.issues] == [5, 9]
    assert "invalid regular expression" in e.issues[0][1]
    assert "invalid network" in e.issues[1][1]


def test_class_needs_a_definition():
    e = _err(GOOD.replace("    entities: [PERSON, {type: EMAIL_ADDRESS, min_score: 0.7}]\n", "    description: x\n"))
    assert e.line == 4
    assert "at least one of entities, keywords, patterns" in e.reason


def test_min_score_out_of_range():
    text = GOOD.replace("min_score: 0.7", "min_score: 7")
    e = _err(text)
    assert e.line == 5
    assert "out of range" in e.reason


def test_unknown_reason_field():
    text = GOOD.replace("action: permit", "action: deny\n    reason: 'no {colour}'")
    e = _err(text)
    assert e.line == _line_of(text, "reason:")
    assert "unknown field {colour}" in e.reason


def test_undeclared_endpoint_references():
    text = GOOD + "    fallbacks: [nowhere]\n"
    e = _err(text)
    assert e.line == _line_of(text, "fallbacks")
    assert "undeclared endpoint 'nowhere'" in e.reason


def test_endpoint_covers_undeclared_class():
    text = GOOD.replace("rules:", "endpoints:\n  e1:\n    url: https://x.example\n    provider: openai\n"
                        "    covers: [HEALTH]\nrules:")
    e = _err(text)
    assert e.line == _line_of(text, "covers")
    assert "undeclared class 'HEALTH'" in e.reason


def test_errors_inside_a_list_of_conditions():
    text = GOOD + "    unless:\n      - identity: {users: [a]}\n      - target: {modles: [x]}\n"
    e = _err(text)
    assert e.line == _line_of(text, "modles")
    assert "unknown key 'modles'" in e.reason


def test_several_problems_reported_in_line_order():
    text = GOOD.replace("action: permit", "action: allow") + "  - name: r2\n    action: permit\n    extra: 1\n"
    e = _err(text)
    assert len(e.issues) == 2
    assert [ln for ln, _ in e.issues] == sorted(ln for ln, _ in e.issues)
    assert str(e).count("p.yaml:") == 2


def test_version_keeps_its_source_text():
    p = load_policy_text(GOOD.replace('version: "1"', "version: 1.10"), "p.yaml")
    assert p.version == "1.10"
    p = load_policy_text(GOOD.replace('version: "1"', "version: 2025-01-15"), "p.yaml")
    assert p.version == "2025-01-15"


def test_yaml_booleans_as_keys_stay_strings():
    # `on:` would be the boolean True under YAML 1.1; keys are taken as written
    e = _err(GOOD + "    on: yes\n")
    assert "unknown key 'on'" in e.reason


def test_empty_and_non_mapping_documents():
    assert "empty document" in _err("").reason
    assert "expected a mapping" in _err("- a\n- b\n").reason


def test_unreadable_file(tmp_path):
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "missing.yaml")
    assert "cannot read policy" in str(info.value)
    assert str(tmp_path / "missing.yaml") in str(info.value)
