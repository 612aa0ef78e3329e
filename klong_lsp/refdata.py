"""What the server shows about primitives and system names, read from klong.reference.

The reference table (klong/reference/primitives.json) and the Unicode input table are the
only sources; this module only selects from them and renders Markdown. The autograd snippets
live in klong/reference/snippets.json (VS Code's snippet format), shared with the extension.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from klong import reference

Entry = Dict[str, Any]

# Adverbs by the valence in which they use the verb on their left (language document §6):
# Each follows the derived verb; Over, Scan, Each-Pair/-Left/-Right use the dyad; Converge,
# While, Iterate and their scans use the monad.
_ADVERB_VERB_VALENCE = {"'": None, ":'": "dyad", "/": "dyad", "\\": "dyad", ":\\": "dyad",
                        ":/": "dyad", ":~": "monad", ":*": "monad", "\\~": "monad",
                        "\\*": "monad"}

# Names every interpreter binds besides the table's: `klong` is the running interpreter.
_PREDEFINED = frozenset({"klong"})


@lru_cache(maxsize=1)
def _by_name() -> Dict[str, Entry]:
    return {e["name"]: e for e in reference.entries()}


def entry(name: str) -> Optional[Entry]:
    """The entry whose glyph or system name is exactly `name`."""
    return _by_name().get(name)


@lru_cache(maxsize=1)
def system_names() -> FrozenSet[str]:
    """Every predefined name: system functions and variables, extensions, `it`, `klong`."""
    names = {e["name"] for e in reference.entries()
             if e["kind"] in ("system-function", "system-variable", "extension")
             and (e["name"].startswith(".") or e["name"].isalpha())}
    return frozenset(names | _PREDEFINED)


def is_function_entry(e: Entry) -> bool:
    usage = e.get("usage") or ""
    return e["name"].startswith(".") and usage.startswith(e["name"] + "(")


@lru_cache(maxsize=None)
def system_arities(name: str) -> Optional[Tuple[int, ...]]:
    """The argument counts a system function accepts, or None (not a known function)."""
    e = entry(name)
    if e is None or not is_function_entry(e):
        return None
    if "arities" in e:
        return tuple(e["arities"])
    inside = e["usage"][len(name) + 1:].rstrip(")")
    return (0,) if not inside.strip() else (inside.count(";") + 1,)


def adverb_verb_valence(adverb: str, derived: str) -> str:
    """How an adverb uses the verb on its left, given the derived verb's valence."""
    v = _ADVERB_VERB_VALENCE.get(adverb)
    return derived if v is None else v


# ---- Markdown -------------------------------------------------------------------------

def _code(text: str) -> str:
    tick = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{tick}{pad}{text}{pad}{tick}"


def _examples(e: Entry, limit: int = 3) -> List[str]:
    lines = []
    for ex in e.get("examples", [])[:limit]:
        lines.append(f"    {ex['expr']}   →  {ex['result']}")
    return lines


def _form_line(form: Dict[str, str]) -> str:
    return f"{_code(form['usage'])} **{form['name']}**: {form['meaning']}"


def operator_markdown(name: str, valence: Optional[str] = None,
                      adverbs: Tuple[str, ...] = ()) -> Optional[str]:
    """Hover text for a verb or adverb glyph. `valence` ("monad"/"dyad") picks the meaning
    that applies where it stands (None: show both); `adverbs` the adverbs applied to it."""
    e = entry(name)
    if e is None:
        return None
    kind = e["kind"]
    out = [f"**{_code(name)}** {e['title']} — *{kind}*", ""]
    forms = [(v, e.get(v)) for v in ("monad", "dyad") if e.get(v)]
    if adverbs and kind != "adverb":
        # a verb carrying adverbs: the adverb decides which of its meanings is used
        first = adverbs[0]
        verb_valence = adverb_verb_valence(first, valence or "monad")
        adv = entry(first)
        shown = name + "".join(adverbs)
        if adv is not None:
            adv_form = adv.get(valence or "monad") or adv.get("dyad") or adv.get("monad")
            out[0] = f"**{_code(shown)}** — {_code(name)} with the adverb {_code(first)} " \
                     f"({adv_form['name'] if adv_form else adv['title']})"
            out.append(f"{_code(first)} " + (_form_line(adv_form) if adv_form else ""))
            out.append("")
        form = e.get(verb_valence)
        if form:
            out.append(f"{_code(name)} is used as a {verb_valence}: " + _form_line(form))
        else:
            out.append(f"{_code(name)} has no {verb_valence} form: this is an error")
    elif valence and any(v == valence for v, _ in forms):
        form = e[valence]
        out.append(f"{valence.capitalize()} — " + _form_line(form))
        other = "dyad" if valence == "monad" else "monad"
        if e.get(other):
            out.append("")
            out.append(f"*{other}:* {_code(e[other]['usage'])} {e[other]['name']}")
    elif forms:
        for v, form in forms:
            out.append(f"{v.capitalize()} — " + _form_line(form))
            out.append("")
    else:
        out.append(f"{_code(e.get('usage') or name)} {e.get('meaning') or ''}")
    examples = _examples(e)
    if examples:
        out += ["", "Examples:", ""] + examples
    out += ["", f"*{e['section']}*"]
    return "\n".join(out).replace("\n\n\n", "\n\n")


def system_markdown(name: str) -> Optional[str]:
    """Hover text for a system function, system variable or named extension."""
    e = entry(name)
    if e is None or e["kind"] in ("verb", "adverb"):
        return None
    usage = e.get("usage") or name
    meaning = e.get("meaning") or ""
    if not meaning:
        forms = [e.get("monad"), e.get("dyad")]
        meaning = " ".join(f["meaning"] for f in forms if f)
    head = f"```klong\n{usage}\n```"
    out = [head, f"**{e['title']}** — *{e['kind']}*", "", meaning]
    examples = _examples(e)
    if examples:
        out += ["", "Examples:", ""] + examples
    out += ["", f"*{e['section']}*"]
    return "\n".join(out)


def signature(name: str) -> str:
    """A one-line signature for completion details: `.p(x)`, `.a`, `+ Transpose · Plus`."""
    e = entry(name)
    if e is None:
        return name
    return e.get("usage") or e["title"]


def short_meaning(name: str) -> str:
    e = entry(name)
    if e is None:
        return ""
    if e.get("meaning"):
        return e["meaning"]
    forms = [f for f in (e.get("monad"), e.get("dyad")) if f]
    return " · ".join(f"{f['usage']} {f['name']}" for f in forms)


# ---- snippets -------------------------------------------------------------------------

@lru_cache(maxsize=1)
def snippets() -> Tuple[Dict[str, str], ...]:
    """The autograd snippets: [{"name", "prefix", "body", "description"}] in file order."""
    text = resources.files("klong.reference").joinpath("snippets.json").read_text(
        encoding="utf-8")
    data = json.loads(text)
    out = []
    for name, s in data.items():
        body = s["body"] if isinstance(s["body"], str) else "\n".join(s["body"])
        prefixes = s["prefix"] if isinstance(s["prefix"], list) else [s["prefix"]]
        for prefix in prefixes:
            out.append({"name": name, "prefix": prefix, "body": body,
                        "description": s.get("description", "")})
    return tuple(out)


_PLACEHOLDER = re.compile(r"\$\{(\d+):([^}]*)\}|\$\{(\d+)\}|\$(\d+)")


def snippet_plain_text(body: str) -> str:
    """A snippet body with each placeholder replaced by its default text."""
    text = _PLACEHOLDER.sub(lambda m: m.group(2) or "", body)
    return text.replace("\\$", "$").replace("\\}", "}")
