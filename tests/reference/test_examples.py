"""Every checkable example of the reference table gives, in our interpreter, the result the
table (and the language documents) print."""
from __future__ import annotations

import pytest

from klong import reference

interpreter = pytest.importorskip("klong.interpreter", reason="interpreter not available")

CHECKED = [
    pytest.param(entry["name"], example, id=f"{entry['name']} {example['expr']!r}")
    for entry in reference.entries()
    if entry["kind"] != "extension"
    for example in entry["examples"]
    if example.get("verify", True)
]


@pytest.mark.parametrize(("name", "example"), CHECKED)
def test_example(name, example, tmp_path, monkeypatch, capfd):
    from klong.printer import written

    monkeypatch.chdir(tmp_path)
    k = interpreter.KlongInterpreter()
    value = k(example["expr"])
    out = capfd.readouterr().out
    assert written(value) == example["result"]
    if "prints" in example:
        assert out == example["prints"]
