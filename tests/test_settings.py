"""The warden's options become validated settings; a wrong value is a clear error at start-up."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from llm_warden.classify.pool import auto_processes
from llm_warden.settings import OPTIONS, Settings


def options(**over: object) -> SimpleNamespace:
    values = {name: default for name, _typ, default, _help in OPTIONS}
    values.update(over)
    return SimpleNamespace(**values)


def test_defaults_give_one_rule_process_per_core() -> None:
    s = Settings.from_options(options())
    assert s.classify_processes == auto_processes()
    assert s.max_body_bytes == 8 * 1024 * 1024


@pytest.mark.parametrize("value", [0, 1, 3, 64])
def test_an_explicit_process_count_is_kept(value: int) -> None:
    assert Settings.from_options(options(warden_classify_processes=value)).classify_processes == value


@pytest.mark.parametrize("value", [-2, 65])
def test_an_impossible_process_count_is_refused(value: int) -> None:
    with pytest.raises(ValueError, match="warden_classify_processes"):
        Settings.from_options(options(warden_classify_processes=value))


def test_model_none_means_rules_only() -> None:
    assert Settings.from_options(options(warden_model="none")).model is None


def test_a_missing_model_directory_is_refused(tmp_path) -> None:
    with pytest.raises(ValueError, match="not a directory"):
        Settings.from_options(options(warden_model=str(tmp_path / "absent")))
