"""The Unicode input table shared by the REPL, the language server and the editor."""
from klong import reference
from klong.reference import unicode_input


def test_required_sequences():
    assert unicode_input.lookup("\\nabla") == "∇"
    assert unicode_input.lookup("\\partial") == "∂"
    assert unicode_input.lookup("\\dot") == "˙"
    assert unicode_input.lookup("nabla") is None
    assert unicode_input.lookup("\\nothing") is None


def test_entries_are_well_formed_and_documented():
    seen = set()
    for entry in unicode_input.sequences():
        assert entry["sequence"].startswith("\\")
        assert len(entry["char"]) == 1
        assert entry["name"].strip()
        assert entry["sequence"] not in seen
        seen.add(entry["sequence"])
        assert reference.lookup(entry["char"]) is not None, entry


def test_complete():
    assert unicode_input.complete("\\na") == ["\\nabla"]
    assert "\\partial" in unicode_input.complete("\\")
    assert unicode_input.complete("\\zz") == []


def test_expand_suffix():
    assert unicode_input.expand_suffix("3\\nabla") == ("∇", 6)
    assert unicode_input.expand_suffix("x\\partial") == ("∂", 8)
    assert unicode_input.expand_suffix("+\\") is None
    assert unicode_input.expand_suffix("1+2") is None
