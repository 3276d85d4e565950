"""Policy loader: content hash stable under reformatting, hot reload that never loses the policy."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llm_warden.policy.loader import PolicyStore, canonical_json, load_policy, load_policy_text
from llm_warden.policy.schema import PolicyError

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "policies" / "default.yaml"

POLICY_V1 = """\
# a comment
id: store-test
version: "1"
classes:
  SECRET: {entities: [SECRET]}
rules:
  - name: deny-secrets
    when: {classes: {any: [SECRET]}}
    action: deny
    reason: secret found
  - name: permit-all
    action: permit
"""

POLICY_V2 = POLICY_V1.replace('version: "1"', 'version: "2"')
BROKEN = POLICY_V1.replace("action: permit", "action: allow")


def _write(path: Path, text: str, bump: int) -> None:
    """Write and give the file a distinct mtime (filesystems with coarse timestamps)."""
    path.write_text(text)
    st_ = path.stat()
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns + bump * 1_000_000_000))


# -- content hash --------------------------------------------------------------------------------


def test_hash_ignores_comments_style_and_key_order():
    a = load_policy_text(POLICY_V1)
    reformatted = """\
rules:
- action: deny
  reason: 'secret found'
  name: deny-secrets
  when:
    classes:
      any:
      - SECRET
- {name: permit-all, action: permit}   # trailing comment
version: '1'
classes: {SECRET: {entities: ["SECRET"]}}
id: "store-test"
"""
    b = load_policy_text(reformatted)
    assert a.sha256 == b.sha256
    assert a.ref.sha256 == a.sha256


def test_hash_changes_with_meaning():
    a = load_policy_text(POLICY_V1)
    assert load_policy_text(POLICY_V2).sha256 != a.sha256
    assert load_policy_text(POLICY_V1.replace("secret found", "secret found!")).sha256 != a.sha256


def test_hash_integral_float_equals_int():
    base = POLICY_V1.replace("SECRET: {entities: [SECRET]}", "SECRET: {entities: [SECRET], min_score: 1}")
    other = base.replace("min_score: 1", "min_score: 1.0")
    assert load_policy_text(base).sha256 == load_policy_text(other).sha256


def test_canonical_json_is_sorted_and_compact():
    assert canonical_json({"b": 1, "a": [1.0, "é"]}) == '{"a":[1,"é"],"b":1}'.encode()


def test_shipped_policy_hash_matches_its_canonical_content():
    import hashlib

    p = load_policy(DEFAULT)
    assert p.sha256 == hashlib.sha256(canonical_json(p.data)).hexdigest()


_DEFAULT_DATA = load_policy(DEFAULT).data


def _shuffle(data, rnd):
    if isinstance(data, dict):
        items = list(data.items())
        rnd.shuffle(items)
        return {k: _shuffle(v, rnd) for k, v in items}
    if isinstance(data, list):
        return [_shuffle(v, rnd) for v in data]
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    flow=st.sampled_from([None, True, False]),
    indent=st.integers(2, 6),
    width=st.integers(40, 200),
    comments=st.lists(st.text(alphabet="abc xyz#:-", max_size=20), max_size=5),
    quote=st.sampled_from([None, '"', "'"]),
)
def test_hash_stable_under_random_reformatting(seed, flow, indent, width, comments, quote):
    import random

    rnd = random.Random(seed)
    data = _shuffle(_DEFAULT_DATA, rnd)
    text = yaml.safe_dump(data, default_flow_style=flow, indent=indent, width=width, sort_keys=False,
                          allow_unicode=rnd.random() < 0.5, default_style=quote)
    lines = text.splitlines()
    for c in comments:  # whole-line comments before any top-level line (never inside a scalar)
        starts = [i for i, ln in enumerate(lines) if ln[:1] not in ("", " ", "}", "]")] + [len(lines)]
        lines.insert(rnd.choice(starts), "# " + c)
    reformatted = "\n".join(lines) + "\n"
    p = load_policy_text(reformatted, "fuzz.yaml")
    assert p.sha256 == load_policy(DEFAULT).sha256


# -- PolicyStore ---------------------------------------------------------------------------------


def test_store_swaps_a_valid_change(tmp_path):
    path = tmp_path / "p.yaml"
    _write(path, POLICY_V1, 0)
    events = []
    store = PolicyStore(path, on_event=events.append)
    old = store.current()
    assert old.version == "1"
    assert store.maybe_reload() is False  # nothing changed: no event
    assert events == []

    _write(path, POLICY_V2, 1)
    assert store.maybe_reload() is True
    assert store.current().version == "2"
    assert store.current().sha256 != old.sha256
    assert events == [{
        "type": "policy_event", "event": "reloaded", "path": str(path),
        "policy": {"id": "store-test", "version": "2", "sha256": store.current().sha256},
        "previous": {"id": "store-test", "version": "1", "sha256": old.sha256},
    }]


def test_store_keeps_old_policy_when_new_one_is_invalid(tmp_path, caplog):
    path = tmp_path / "p.yaml"
    _write(path, POLICY_V1, 0)
    events = []
    store = PolicyStore(path, on_event=events.append)
    old = store.current()

    _write(path, BROKEN, 1)
    with caplog.at_level("WARNING", logger="llm_warden.policy"):
        assert store.maybe_reload() is False
    assert store.current() is old
    assert len(events) == 1
    ev = events[0]
    assert ev["type"] == "policy_event" and ev["event"] == "reload_rejected"
    assert ev["path"] == str(path)
    assert f"{path}:12:" in ev["error"] and "'allow'" in ev["error"]
    assert ev["kept"] == {"id": "store-test", "version": "1", "sha256": old.sha256}
    assert "reload rejected" in caplog.text
    assert store.last_error and "allow" in store.last_error

    # reported once per broken version, not on every check
    assert store.maybe_reload() is False
    assert len(events) == 1

    # decisions keep using the old policy
    from llm_warden.types import Identity, Target

    d = store.current().decide(Identity(), Target("h", "openai", "chat.completions"), [], [])
    assert d.action == "permit" and d.policy.sha256 == old.sha256

    # fixing the file swaps the new one in
    _write(path, POLICY_V2, 2)
    assert store.maybe_reload() is True
    assert store.current().version == "2"
    assert events[-1]["event"] == "reloaded"
    assert store.last_error is None


def test_store_ignores_a_touch_and_a_reformat(tmp_path):
    path = tmp_path / "p.yaml"
    _write(path, POLICY_V1, 0)
    events = []
    store = PolicyStore(path, on_event=events.append)
    old = store.current()
    _write(path, "# reformatted\n" + POLICY_V1, 1)
    assert store.maybe_reload() is False
    assert store.current() is old
    assert events == []


def test_store_survives_a_missing_file(tmp_path):
    path = tmp_path / "p.yaml"
    _write(path, POLICY_V1, 0)
    events = []
    store = PolicyStore(path, on_event=events.append)
    old = store.current()
    path.unlink()
    assert store.maybe_reload() is False
    assert store.current() is old
    assert events[-1]["event"] == "reload_rejected" and "cannot read policy" in events[-1]["error"]
    _write(path, POLICY_V2, 3)
    assert store.maybe_reload() is True


def test_store_refuses_an_invalid_policy_at_start(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(BROKEN)
    with pytest.raises(PolicyError) as info:
        PolicyStore(path)
    assert f"{path}:12:" in str(info.value)


def test_event_sink_errors_do_not_break_reload(tmp_path):
    path = tmp_path / "p.yaml"
    _write(path, POLICY_V1, 0)

    def boom(_event):
        raise RuntimeError("sink down")

    store = PolicyStore(path, on_event=boom)
    _write(path, POLICY_V2, 1)
    assert store.maybe_reload() is True
    _write(path, BROKEN, 2)
    assert store.maybe_reload() is False
    assert store.current().version == "2"


def test_store_min_interval_throttles_stat(tmp_path):
    path = tmp_path / "p.yaml"
    _write(path, POLICY_V1, 0)
    store = PolicyStore(path, min_interval=3600)
    assert store.maybe_reload() is False  # first check happens (nothing changed)
    _write(path, POLICY_V2, 1)
    assert store.maybe_reload() is False  # throttled
    assert store.reload() is True  # an explicit reload is not


def test_store_concurrent_readers_always_see_a_whole_policy(tmp_path):
    path = tmp_path / "p.yaml"
    _write(path, POLICY_V1, 0)
    store = PolicyStore(path)
    valid = {load_policy_text(POLICY_V1).sha256, load_policy_text(POLICY_V2).sha256}
    stop = threading.Event()
    seen: set[str] = set()
    errors: list[BaseException] = []

    def reader():
        from llm_warden.types import Identity, Target

        try:
            while not stop.is_set():
                p = store.current()
                d = p.decide(Identity(), Target("h", "openai", "chat.completions"), [], [])
                assert d.policy.sha256 == p.sha256
                seen.add(p.sha256)
                store.maybe_reload()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(1, 30):
        _write(path, (POLICY_V2, BROKEN, POLICY_V1)[i % 3], i)
        store.maybe_reload()
    stop.set()
    for t in threads:
        t.join(10)
    assert not errors
    assert seen <= valid
