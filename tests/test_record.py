import json

import pytest

from mmgen_helpers import record


def test_record_returns_value_and_writes_jsonl(tmp_path, monkeypatch):
    target = tmp_path / "results" / "nb.jsonl"
    monkeypatch.setenv("MMGEN_RESULTS", str(target))
    monkeypatch.setenv("MMGEN_NOTEBOOK", "01_test")
    assert record.record("accuracy", 0.93, floor=0.9) == 0.93
    record.record("loss", 0.2, floor=0.5, higher_is_better=False)
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert [e["name"] for e in lines] == ["accuracy", "loss"] and lines[0]["notebook"] == "01_test"
    assert all(record.meets_floor(e) for e in lines)
    assert not record.meets_floor({"value": 0.6, "floor": 0.5, "higher_is_better": False})


def test_record_without_results_file_keeps_it_in_memory(monkeypatch):
    monkeypatch.delenv("MMGEN_RESULTS", raising=False)
    record.record("x", 1)
    assert record.RECORDED[-1]["name"] == "x"


def test_record_rejects_bad_input():
    with pytest.raises(ValueError):
        record.record("", 1.0)
    with pytest.raises(ValueError, match="NaN"):
        record.record("x", float("nan"))
