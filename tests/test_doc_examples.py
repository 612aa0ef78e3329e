"""The examples of the specification documents, run through the interpreter.

The examples live in tests/data/doc_examples.tsv (its header explains the format): every
`expr` → `result` of shared/docs/klong-language.md and of part A (§2) of
shared/docs/klong-system-and-extensions.md, plus results the documents state in prose or
tables ("derived").  Each example runs in a fresh interpreter with a temporary directory
as the current directory; the value's written form (what the REPL echoes) is compared
with the document's text, errors by kind (and kg's message where the document gives it),
and what `.p`/`.d`/`.w` write to stdout where the document says what it is.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

import pytest

DATA = Path(__file__).resolve().parent / "data" / "doc_examples.tsv"
_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = next((d for d in (_ROOT / "shared" / "docs", _ROOT.parent / "shared" / "docs")
                 if d.is_dir()), _ROOT.parent / "shared" / "docs")

NEWLINE = "\u2424"       # ␤ in the data file stands for a newline
NOTHING = "\u2205"       # ∅ in the stdout column: nothing may be written
ORIGINS = ("doc", "derived", "skip")


@dataclass(frozen=True)
class Example:
    doc: str                 # "L" (language document) or "S" (system document, part A)
    section: str             # e.g. "5.3 #"
    origin: str              # doc | derived | skip
    raw: str                 # the expr as written in the data file
    expect: str
    stdout: Optional[str]    # None = not checked
    note: str
    line: int                # line in the data file
    ident: str               # pytest id

    @property
    def source(self) -> str:
        return self.raw.replace(NEWLINE, "\n")

    @property
    def where(self) -> str:
        name = "klong-language.md" if self.doc == "L" else "klong-system-and-extensions.md"
        return f"{name} §{self.section} (doc_examples.tsv line {self.line})"

    @property
    def error(self):
        """(kind, message or None) for an expected error, else None."""
        if not self.expect.startswith("error:"):
            return None
        body = self.expect[len("error:"):].strip()
        kind, sep, message = body.partition(" | ")
        return kind.strip(), (message if sep else None)

    @property
    def exit_status(self) -> Optional[int]:
        if not self.expect.startswith("exit:"):
            return None
        return int(self.expect[len("exit:"):].strip())


def load(path: Path = DATA, skipped: bool = False) -> List[Example]:
    """The examples of the data file (those marked skip only when `skipped`)."""
    out: List[Example] = []
    counts: dict = {}
    with open(path, encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) < 5 or len(fields) > 7:
                raise ValueError(f"{path}:{no}: expected 5-7 tab-separated fields, "
                                 f"got {len(fields)}")
            fields += [""] * (7 - len(fields))
            doc, section, origin, raw, expect, stdout, note = fields
            key = f"{doc}{section.replace(' ', '_')}"
            counts[key] = counts.get(key, 0) + 1   # numbered with the skipped ones
            if (origin == "skip") != skipped:
                continue
            out.append(Example(
                doc=doc, section=section, origin=origin, raw=raw, expect=expect,
                stdout=None if stdout == "" else ("" if stdout == NOTHING
                                                  else stdout.replace(NEWLINE, "\n")),
                note=note, line=no, ident=f"{key}-{counts[key]}"))
    return out


EXAMPLES = load()
SKIPPED = load(skipped=True)


def _interpreter():
    from klong.interpreter import KlongInterpreter
    return KlongInterpreter()


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e.ident for e in EXAMPLES])
def test_doc_example(ex: Example, capsys, monkeypatch, tmp_path):
    from klong.errors import KlongError
    from klong.printer import written

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KLONGPATH", raising=False)
    k = _interpreter()
    label = f"{ex.where}: {ex.raw!r}"
    err = ex.error
    status = ex.exit_status
    if err is not None:
        kind, message = err
        with pytest.raises(KlongError) as info:
            k(ex.source)
        assert info.value.kind == kind, f"{label}: error kind"
        if message is not None:
            assert info.value.message == message, f"{label}: error message"
    elif status is not None:
        with pytest.raises(SystemExit) as info:
            k(ex.source)
        code = info.value.code
        assert (0 if code is None else code) == status, f"{label}: exit status"
    else:
        value = k(ex.source)
        assert written(value) == ex.expect, label
    if ex.stdout is not None:
        out = capsys.readouterr().out
        assert out == ex.stdout, f"{label}: stdout"


# --- the data file itself -------------------------------------------------------------

def test_data_file_is_well_formed():
    from klong.errors import KINDS

    seen = set()
    for ex in EXAMPLES + SKIPPED:
        assert ex.doc in ("L", "S"), ex.line
        assert ex.origin in ORIGINS, ex.line
        assert ex.section, ex.line
        assert ex.raw and ex.expect, ex.line
        assert ex.ident not in seen, ex.ident
        seen.add(ex.ident)
        if ex.error is not None:
            assert ex.error[0] in KINDS, f"line {ex.line}: unknown error kind {ex.error[0]!r}"
        if ex.origin == "skip":
            assert ex.note, f"line {ex.line}: a skipped example needs a reason"


@pytest.mark.skipif(not DOCS_DIR.is_dir(), reason="shared/docs not present")
def test_every_document_example_is_in_the_data_file():
    """Each `expr` → ... the extractor finds in the documents occurs in the data file,
    and where the document gives a written value, the data file expects that value."""
    tools = Path(__file__).resolve().parent.parent / "tools"
    sys.path.insert(0, str(tools))
    try:
        import extract_doc_examples as extractor
    finally:
        sys.path.remove(str(tools))
    problems = extractor.missing(str(DOCS_DIR), str(DATA))
    problems += extractor.mismatches(str(DOCS_DIR), str(DATA))
    assert not problems, ("documents and tests/data/doc_examples.tsv disagree:\n"
                          + "\n".join(problems))


if __name__ == "__main__":  # pragma: no cover - the counts, by document and origin
    for name, rows in (("tests", EXAMPLES), ("skipped", SKIPPED)):
        by: dict = {}
        for ex in rows:
            by[(ex.doc, ex.origin)] = by.get((ex.doc, ex.origin), 0) + 1
        print(name, len(rows), dict(sorted(by.items())))
