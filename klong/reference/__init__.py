"""The reference table of every primitive, read from `primitives.json` (data, not code).

The REPL's `]h`, `klong help`, the language server's hover and completion and the VS Code
extension all read the same table. Each entry is a dict:

    name      glyph or system name ("+", "\\~", ".p", "it", "∇")
    kind      "verb" | "adverb" | "system-function" | "system-variable" | "extension" | "syntax"
    title     short name ("Transpose · Plus")
    monad     {"name", "usage", "meaning"} or None   (verbs, adverbs, operator extensions)
    dyad      {"name", "usage", "meaning"} or None
    usage     call form (".p(x)") or None             (system names, extensions, syntax)
    arities   (optional) every argument count a system function accepts, where the usage
              shows only one of them (".fl()" also takes a channel: [0, 1])
    meaning   one-line meaning or None
    examples  [{"expr", "result", "prints"?, "verify"?}]: `result` is the REPL echo; `prints`
              the output the call writes; `verify: false` marks examples that depend on the
              environment (channels, torch, Python modules) and are not checked mechanically
    section   where the language documents describe it
"""
from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any, TextIO

from . import unicode_input

__all__ = [
    "KINDS",
    "entries",
    "format_entry",
    "format_index",
    "lookup",
    "names",
    "search",
    "unicode_input",
    "write_help",
]

KINDS = ("verb", "adverb", "system-function", "system-variable", "extension", "syntax")

Entry = dict[str, Any]

_GROUP_TITLES = {"verb": "verbs", "adverb": "adverbs", "system-function": "system functions",
                 "system-variable": "system variables", "extension": "extensions",
                 "syntax": "syntax"}


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[Entry, ...], dict[str, Entry]]:
    text = resources.files(__name__).joinpath("primitives.json").read_text(encoding="utf-8")
    table = tuple(json.loads(text)["entries"])
    return table, {e["name"]: e for e in table}


def entries(kind: str | None = None) -> tuple[Entry, ...]:
    """All entries in table order, optionally only those of one kind (do not mutate them)."""
    table = _load()[0]
    return table if kind is None else tuple(e for e in table if e["kind"] == kind)


def names() -> list[str]:
    """Every glyph and system name in the table."""
    return [e["name"] for e in _load()[0]]


def _aliases(entry: Entry) -> Iterable[str]:
    """Lower-case verbal names of an entry: its title parts and form names."""
    for part in entry["title"].replace("·", "/").split("/"):
        yield part.strip().lower()
    for valence in ("monad", "dyad"):
        form = entry.get(valence)
        if form:
            yield form["name"].lower()
            for part in form["name"].split("/"):
                yield part.strip().lower()


def lookup(name: str) -> Entry | None:
    """The entry for a glyph or system name, else for a verbal name ("plus", "each-2"),
    else for a Unicode input sequence ("\\nabla"); None if nothing matches."""
    by_name = _load()[1]
    name = name.strip()
    if name in by_name:
        return by_name[name]
    glyph = unicode_input.lookup(name)
    if glyph is not None and glyph in by_name:
        return by_name[glyph]
    low = name.lower()
    for entry in _load()[0]:
        if low in _aliases(entry):
            return entry
    return None


def search(word: str) -> list[Entry]:
    """Entries whose names, titles or meanings mention `word` (case-insensitive)."""
    low = word.strip().lower()
    found = []
    for entry in _load()[0]:
        texts = [entry["name"], entry["title"], entry.get("meaning") or ""]
        for valence in ("monad", "dyad"):
            form = entry.get(valence)
            if form:
                texts += [form["name"], form["meaning"]]
        if any(low in t.lower() for t in texts):
            found.append(entry)
    return found


def _wrap(text: str, indent: str, width: int) -> str:
    return textwrap.fill(text, width=width, initial_indent=indent,
                         subsequent_indent=indent + "    ")


def format_entry(entry: Entry, width: int = 88) -> str:
    """A plain-text help page for one entry (no trailing newline)."""
    lines = [f"{entry['name']}  {entry['title']}  ({entry['kind']})"]
    forms = [entry.get("monad"), entry.get("dyad")]
    if any(forms):
        pad = max(len(f["usage"]) for f in forms if f)
        for form in forms:
            if form:
                text = f"{form['usage']:<{pad}}  {form['name']}: {form['meaning']}"
                lines.append(_wrap(text, "  ", width))
    else:
        lines.append(_wrap(f"{entry['usage']}  {entry['meaning']}", "  ", width))
    lines.append("examples:")
    for example in entry["examples"]:
        expr_lines = example["expr"].split("\n")
        for line in expr_lines[:-1]:
            lines.append("  " + line)
        tail = f"  {expr_lines[-1]}"
        if "prints" in example:
            shown = example["prints"].rstrip("\n")
            tail += f"   prints: {shown}"
        lines.append(f"{tail}   → {example['result']}")
    lines.append(f"see: {entry['section']}")
    return "\n".join(lines)


def format_index(width: int = 88) -> str:
    """A compact index of every entry, grouped by kind (no trailing newline)."""
    out = []
    for kind in KINDS:
        group = entries(kind)
        if not group:
            continue
        out.append(_GROUP_TITLES[kind] + ":")
        out.append(textwrap.fill("  ".join(e["name"] for e in group), width=width,
                                 initial_indent="  ", subsequent_indent="  "))
    return "\n".join(out)


def write_help(topic: str | None, out: TextIO, err: TextIO) -> int:
    """`klong help [NAME]` and the REPL's `]h NAME`: the index (no topic) or the entry of
    `topic` on `out` and 0; for an unknown topic, a message and related names on `err` and 1."""
    if topic is None:
        out.write("Reference entries (klong help NAME for one of them):\n")
        out.write(format_index() + "\n")
        return 0
    entry = lookup(topic)
    if entry is not None:
        out.write(format_entry(entry) + "\n")
        return 0
    err.write(f"klong: no help for {topic!r}\n")
    related = search(topic)
    if related:
        err.write("related: " + "  ".join(e["name"] for e in related[:12]) + "\n")
    return 1
