"""Find the `expr` → `result` examples in the Klong specification documents.

Usage:
    python tools/extract_doc_examples.py [--check tests/data/doc_examples.tsv] [DOCS_DIR]

Without options it prints every candidate example it finds, one per line, as
``section<TAB>expr<TAB>result`` (result is the text after the arrow: a code span's
content, or plain prose such as ``error: syntax``).  ``--check`` compares the
candidates with the hand-reviewed test data (tests/data/doc_examples.tsv): it lists
candidates whose expr occurs nowhere in it, so that an example added to the documents
does not go untested, and `expr` → `value` candidates whose row expects another value
(exit status 1 if there are any; tests/test_doc_examples.py runs the same check).
The extractor is deliberately simple: its output is a draft to be reviewed by hand,
never the test data itself.

Only the core-language document and part A (§2) of the system document are read;
part B (§3 on) is KlongPy-specific and has no tests here.
"""
from __future__ import annotations

import os
import re
import sys
from typing import Iterator, List, NamedTuple, Optional, Tuple

ARROW = "\u2192"
DOCS = ("klong-language.md", "klong-system-and-extensions.md")
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DOCS_DIR = next(
    (d for d in (os.path.join(_ROOT, "shared", "docs"),
                 os.path.join(os.path.dirname(_ROOT), "shared", "docs")) if os.path.isdir(d)),
    os.path.join(os.path.dirname(_ROOT), "shared", "docs"))


class Candidate(NamedTuple):
    doc: str          # "L" (language) or "S" (system, part A)
    section: str      # e.g. "5.3 @"
    line: int         # 1-based line of the paragraph's start
    exprs: Tuple[str, ...]
    result: str       # code-span content, or the prose after the arrow
    code: bool        # result is a code span (a written value), not prose


def _unescape(span: str) -> str:
    """Markdown tables escape | as \\| inside code spans."""
    return span.replace("\\|", "|")


def _paragraphs(lines: List[str]) -> Iterator[Tuple[int, str, bool]]:
    """(first line number, joined text, is_fenced) for every paragraph / list item.

    Lines of a paragraph are joined with one blank (markdown's rule, which also fixes
    code spans broken over two lines).  A list item ("- ...") or table row starts a new
    paragraph.  Fenced blocks come back as one item with their newlines kept."""
    buf: List[str] = []
    start = 0
    fenced = False
    fence: List[str] = []
    fence_start = 0
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        stripped = line.strip()
        if stripped.startswith("```"):
            if fenced:
                yield fence_start, "\n".join(fence), True
                fenced = False
            else:
                if buf:
                    yield start, " ".join(buf), False
                    buf = []
                fenced, fence, fence_start = True, [], no + 1
            continue
        if fenced:
            fence.append(line)
            continue
        new_item = (not stripped or stripped.startswith(("- ", "|", "#", "**`"))
                    or re.match(r"\d+\. ", stripped))
        if new_item and buf:
            yield start, " ".join(buf), False
            buf = []
        if stripped:
            if not buf:
                start = no
            buf.append(stripped)
    if buf:
        yield start, " ".join(buf), False


_HEADING = re.compile(r"^(#{2,4})\s+(.*)$")


def _section_name(level: int, title: str, parents: List[str]) -> str:
    """"5.3" for "### 5.3 Verb reference", "5.3 #" for "#### `#` Size · Take"."""
    if level == 4 and parents:
        sym = re.match(r"`([^`]+)`", title)
        return f"{parents[-1]} {_unescape(sym.group(1)) if sym else title}"
    m = re.match(r"(?:Part A: )?(\d+(?:\.\d+)*)\.?\s", title)
    return m.group(1) if m else title


_CODE = re.compile(r"`([^`]*)`")


def _candidates_in(text: str) -> Iterator[Tuple[Tuple[str, ...], str, bool]]:
    """Pairs (exprs, result) around each arrow of one paragraph."""
    for m in re.finditer(ARROW, text):
        left = text[:m.start()].rstrip()
        right = text[m.end():].lstrip()
        # exprs: the code spans immediately before the arrow, possibly a comma list
        exprs: List[str] = []
        rest = left
        while True:
            cm = re.search(r"`([^`]*)`\s*$", rest)
            if not cm:
                break
            before = rest[:cm.start()].rstrip()
            if exprs and before.endswith(ARROW):
                break  # `a` → `b`, `c` → ...: `b` is a result, not one more expr
            exprs.insert(0, _unescape(cm.group(1)))
            rest = before
            if rest.endswith(","):
                rest = rest[:-1].rstrip()
                continue
            break
        if not exprs:
            continue
        rm = re.match(r"`([^`]*)`", right)
        if rm:
            yield tuple(exprs), _unescape(rm.group(1)), True
        else:
            yield tuple(exprs), re.split(r"[.;)](\s|$)", right, maxsplit=1)[0].strip(), False


def _fenced_candidates(block: str) -> Iterator[Tuple[Tuple[str, ...], str, bool]]:
    """`line → result` inside a fenced block: the line is part of a program."""
    for line in block.split("\n"):
        if ARROW in line:
            expr, _, res = line.partition(ARROW)
            yield (expr.strip(),), res.strip().split("  ")[0], False


def extract(docs_dir: str) -> List[Candidate]:
    out: List[Candidate] = []
    for doc in DOCS:
        tag = "L" if doc.startswith("klong-language") else "S"
        with open(os.path.join(docs_dir, doc), encoding="utf-8") as fh:
            lines = fh.readlines()
        if tag == "S":  # part A only: from "## 2." up to "## 3."
            lo = next(i for i, s in enumerate(lines) if s.startswith("## 2."))
            hi = next(i for i, s in enumerate(lines) if s.startswith("## 3."))
            body = [""] * lo + lines[lo:hi]
        else:
            body = lines
        section: List[str] = []
        for no, text, fenced in _paragraphs(body):
            hm = _HEADING.match(text) if not fenced else None
            if hm:
                level = len(hm.group(1))
                del section[level - 2:]
                section.append(_section_name(level, hm.group(2), section))
                continue
            sec = section[-1] if section else "?"
            if not fenced:
                bold = re.match(r"\*\*`([^`]+)`", text)
                if tag == "S" and bold:
                    sec = f"{section[-1]} {bold.group(1).split('(')[0]}"
            pairs = _fenced_candidates(text) if fenced else _candidates_in(text)
            for exprs, result, code in pairs:
                out.append(Candidate(tag, sec, no, exprs, result, code))
    return out


# Candidates that are not examples: placeholders in prose ("`b` → its elements ...",
# "`d?k` → value or undefined"), the convention line of §1, and Format2's description of
# how a real width is read ("`5.25` → 25").
NOT_EXAMPLES = {"expr", "a", "b", "n", "[]", "d?k", "#d", "{x}'d", "5.25", "5.05"}


def data_exprs(data_path: str) -> List[str]:
    """The expr column (newline marks undone) of every row of the test data."""
    out = []
    with open(data_path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 4:
                out.append(fields[3].replace("\u2424", "\n"))
    return out


def missing(docs_dir: str, data_path: str) -> List[str]:
    """Candidates whose expr occurs in no row of the data file, as report lines."""
    exprs = data_exprs(data_path)
    blob = "\n\x00".join(exprs)
    out = []
    for c in extract(docs_dir):
        for e in c.exprs:
            if e in NOT_EXAMPLES or e in blob:
                continue
            out.append(f"{c.doc}{c.section} (line {c.line}): {e} -> {c.result}")
    return out


def mismatches(docs_dir: str, data_path: str) -> List[str]:
    """`expr` → `value` candidates whose expr is a row of the data file with another
    expected value (a transcription slip, or a document that changed)."""
    expect = {}
    with open(data_path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 5:
                expect.setdefault(fields[3].replace("\u2424", "\n"), set()).add(fields[4])
    out = []
    for c in extract(docs_dir):
        if not c.code:
            continue
        for e in c.exprs:
            if e in expect and c.result not in expect[e]:
                out.append(f"{c.doc}{c.section} (line {c.line}): {e} -> {c.result}; "
                           f"data: {' / '.join(sorted(expect[e]))}")
    return out


def main(argv: Optional[List[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = None
    if "--check" in args:
        i = args.index("--check")
        check = args[i + 1]
        del args[i:i + 2]
    docs_dir = args[0] if args else DEFAULT_DOCS_DIR
    if check is None:
        cands = extract(docs_dir)
        for c in cands:
            for e in c.exprs:
                print(f"{c.doc}{c.section}\t{c.line}\t{e}\t{c.result}")
        print(f"# {sum(len(c.exprs) for c in cands)} candidates", file=sys.stderr)
        return 0
    lines = [f"not in data: {x}" for x in missing(docs_dir, check)]
    lines += [f"other value: {x}" for x in mismatches(docs_dir, check)]
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
