"""The reference table: complete against the language documents, well-formed, searchable."""
from __future__ import annotations

import io
import json
import os
import re
from importlib import resources
from pathlib import Path

import pytest

from klong import reference

VERBS = ("@ :@ := :- :: ! # :# $ :$ % :% & * + :+ , - < > = ~ ? ^ :^ _ :_ |").split()
ADVERBS = ("' :' / \\ :\\ :/ :~ :* \\~ \\*").split()
SYSTEM = (".p .d .w .r .rl .rs .E .l .ic .oc .ac .cc .fc .tc .fl .mi .df .sys .x .rn .pc "
          ".module .comment .a .cin .cout .cerr .e .h .f .cols .edit .fastpow .helpdb it").split()
EXTENSIONS = ("∇ ∂ :> ˙ .py .pyf .pyc .pya .bkf .jacobian .gradcheck .compile .compilex "
              ".export .cmodes .rls .strict .unsafe").split()


def _docs_dir() -> Path | None:
    """The shared language documents: $KLONG_DOCS, else ../shared/docs beside the repo."""
    env = os.environ.get("KLONG_DOCS")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[2].parent / "shared" / "docs")
    for path in candidates:
        if (path / "klong-language.md").is_file():
            return path
    return None


DOCS = _docs_dir()
needs_docs = pytest.mark.skipif(DOCS is None, reason="shared language documents not found")


def _section(text: str, start: str, end: str) -> str:
    begin = text.index(start)
    return text[begin:text.index(end, begin + len(start))]


def _backticked(text: str) -> list[str]:
    return [t.replace("\\|", "|") for t in re.findall(r"`([^`]+)`", text)]


def _doc_verbs() -> set[str]:
    text = (DOCS / "klong-language.md").read_text(encoding="utf-8")
    table = _section(text, "### 5.2 Summary", "Klong has no")
    glyphs = set()
    for line in table.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)]
        for cell in (cells[1], cells[5]):
            glyphs.update(_backticked(cell))
    return glyphs


def _doc_adverbs() -> set[str]:
    text = (DOCS / "klong-language.md").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("adverb "))
    return set(re.findall(r'"([^"]+)"', line))


def _strip_call(name: str) -> str:
    return name.split("(")[0]


def _doc_system_names() -> set[str]:
    text = (DOCS / "klong-language.md").read_text(encoding="utf-8")
    table = _section(text, "## 11. System functions", "## 12.")
    found = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            found.update(_strip_call(t) for t in _backticked(first))
    system = (DOCS / "klong-system-and-extensions.md").read_text(encoding="utf-8")
    para = _section(system, "nmh has exactly these built-in functions", "Their arities")
    for token in _backticked(para):
        found.update(token.split())
    return found


def _doc_extensions() -> set[str]:
    text = (DOCS / "klong-language.md").read_text(encoding="utf-8")
    para = _section(text, "- **Autograd**", "see design.md")
    return {_strip_call(t) for t in _backticked(para)}


def test_every_listed_name_is_in_the_table():
    names = set(reference.names())
    for name in VERBS + ADVERBS + SYSTEM + EXTENSIONS:
        assert name in names, name


@needs_docs
@pytest.mark.parametrize("source", [_doc_verbs, _doc_adverbs, _doc_system_names,
                                    _doc_extensions], ids=lambda f: f.__name__)
def test_every_name_of_the_documents_is_in_the_table(source):
    found = source()
    assert len(found) >= 5, f"could not read names from the documents: {found}"
    missing = found - set(reference.names())
    assert not missing, missing


@needs_docs
def test_the_documents_list_what_we_list():
    assert set(VERBS) == _doc_verbs()
    assert set(ADVERBS) == _doc_adverbs()


def test_kinds_of_known_names():
    for name in VERBS:
        assert reference.lookup(name)["kind"] == "verb", name
    for name in ADVERBS:
        assert reference.lookup(name)["kind"] == "adverb", name
    for name in EXTENSIONS:
        assert reference.lookup(name)["kind"] == "extension", name
    assert reference.lookup(".p")["kind"] == "system-function"
    assert reference.lookup(".a")["kind"] == "system-variable"
    assert reference.lookup("it")["kind"] == "system-variable"


def test_entries_are_well_formed():
    entries = reference.entries()
    assert len({e["name"] for e in entries}) == len(entries), "duplicate names"
    for entry in entries:
        name = entry["name"]
        assert entry["kind"] in reference.KINDS, name
        assert entry["title"].strip(), name
        assert entry["section"].strip(), name
        forms = [entry["monad"], entry["dyad"]]
        if entry["kind"] in ("verb", "adverb"):
            assert any(forms), name
        if any(forms):
            for form in forms:
                if form:
                    assert set(form) == {"name", "usage", "meaning"}, name
                    assert all(form[k].strip() for k in form), name
        else:
            assert entry["usage"] and entry["meaning"], name
        assert entry["examples"], name
        for example in entry["examples"]:
            assert example["expr"].strip() and example["result"].strip(), name
            assert set(example) <= {"expr", "result", "prints", "verify"}, name


def test_verb_valences_follow_the_summary():
    monad_only_missing = [":@", ":=", ":-", "::", ":$", ":%", ":+", ":^"]
    for name in monad_only_missing:
        entry = reference.lookup(name)
        assert entry["monad"] is None and entry["dyad"], name
    for name in ("+", "-", "#", "@", "?", "^", "|", "&"):
        entry = reference.lookup(name)
        assert entry["monad"] and entry["dyad"], name
    assert reference.lookup("+")["monad"]["name"] == "Transpose"
    assert reference.lookup("+")["dyad"]["name"] == "Plus"
    assert reference.lookup("'")["dyad"]["name"] == "Each-2"


def test_examples_use_the_entry():
    for entry in reference.entries():
        if entry["kind"] == "syntax":
            continue
        name = entry["name"]
        assert any(name in ex["expr"] for ex in entry["examples"]), name


def test_lookup_by_verbal_name_and_input_sequence():
    assert reference.lookup("plus")["name"] == "+"
    assert reference.lookup("Transpose")["name"] == "+"
    assert reference.lookup("each-2")["name"] == "'"
    assert reference.lookup("scan-converge")["name"] == "\\~"
    assert reference.lookup("\\nabla")["name"] == "∇"
    assert reference.lookup(" .p ")["name"] == ".p"
    assert reference.lookup("no-such-thing") is None


def test_search():
    found = [e["name"] for e in reference.search("reverse")]
    assert "|" in found
    assert reference.search("zzzz-nothing") == []


def test_format_entry():
    text = reference.format_entry(reference.lookup("+"))
    assert text.startswith("+  Transpose · Plus")
    assert "a+b" in text and "Plus:" in text
    assert "→ [[1 4] [2 5] [3 6]]" in text
    printed = reference.format_entry(reference.lookup(".p"))
    assert "prints: hi" in printed
    for entry in reference.entries():
        assert entry["name"] in reference.format_entry(entry)


def test_format_index_mentions_everything():
    index = reference.format_index()
    for name in reference.names():
        assert name in index, name


def test_table_is_package_data():
    files = resources.files("klong.reference")
    data = json.loads(files.joinpath("primitives.json").read_text(encoding="utf-8"))
    assert len(data["entries"]) == len(reference.entries())


def test_write_help_writes_the_index_an_entry_or_related_names():
    out, err = io.StringIO(), io.StringIO()
    assert reference.write_help(None, out, err) == 0 and err.getvalue() == ""
    assert out.getvalue() == ("Reference entries (klong help NAME for one of them):\n"
                              + reference.format_index() + "\n")
    out = io.StringIO()
    assert reference.write_help("+", out, err) == 0
    assert out.getvalue() == reference.format_entry(reference.lookup("+")) + "\n"
    out = io.StringIO()
    assert reference.write_help("nonesuch", out, err) == 1 and out.getvalue() == ""
    assert err.getvalue() == "klong: no help for 'nonesuch'\n"
