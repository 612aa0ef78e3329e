"""Whether a statement is still open at the end of a text (the REPL's prompt)."""
from __future__ import annotations


def needs_continuation(text: str, parens: bool = False) -> bool:
    """True when `text` ends inside an open `[`, `{`, `:{`, `:[` or string (REPL prompt);
    with `parens`, inside an open `(` too."""
    opening, closing = ("[{(", "]})") if parens else ("[{", "]}")
    depth = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while True:
                k = text.find('"', j)
                if k < 0:
                    return True
                if k + 1 < n and text[k + 1] == '"':
                    j = k + 2
                    continue
                i = k + 1
                break
            continue
        if c == ":" and i + 1 < n:
            d = text[i + 1]
            if d == '"':
                k = i + 2
                while True:
                    k = text.find('"', k)
                    if k < 0:
                        return True
                    if k + 1 < n and text[k + 1] == '"':
                        k += 2
                        continue
                    break
                i = k + 1
                continue
            if d in "[{":
                depth += 1
                i += 2
                continue
            i += 1
            continue
        if c == "0" and i + 1 < n and text[i + 1] in "cC":
            i += 3
            continue
        if c in opening:
            depth += 1
        elif c in closing:
            depth -= 1
        i += 1
    return depth > 0
