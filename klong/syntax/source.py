"""Reading Klong text from files: UTF-8, and Latin-1 where a file is not valid UTF-8.

kg reads bytes, so a library written for it may hold a Latin-1 byte (the reference
statistics library has a `×` in a comment). Every reader of source or text files goes
through here (`.l`, `klong FILE`, input channels, the language server's imports), so none
of them ever meets a Python decoding error.
"""
from __future__ import annotations

import codecs
import io
import os
import stat
from typing import IO, List, Optional

__all__ = ["LATIN1_FALLBACK", "decode_source", "read_source", "open_text",
           "DEFAULT_SEARCH_PATH", "search_path", "search_dirs", "source_candidates",
           "find_source"]

# Codec error handler for streams, where the whole text cannot be seen first: bytes that
# are not valid UTF-8 are read one char per byte, as Latin-1.
LATIN1_FALLBACK = "klong.latin1"


def _latin1_bytes(exc: UnicodeError) -> tuple:
    if isinstance(exc, UnicodeDecodeError):
        return exc.object[exc.start:exc.end].decode("latin-1"), exc.end
    raise exc


codecs.register_error(LATIN1_FALLBACK, _latin1_bytes)


def decode_source(data: bytes) -> str:
    """The text of a file's bytes: UTF-8 if they are valid UTF-8, else Latin-1; `\\r\\n`
    and a lone `\\r` become `\\n` (as Python's text files read them)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_source(path: str) -> str:
    """The text of a Klong source file (see decode_source). OSError (a directory included)
    or ValueError (a NUL in the path) where it cannot be read."""
    with open(path, "rb") as f:
        return decode_source(f.read())


def _is_utf8(f: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while True:
            chunk = f.read(1 << 16)
            decoder.decode(chunk, final=not chunk)
            if not chunk:
                return True
    except UnicodeDecodeError:
        return False


def open_text(path: str) -> IO[str]:
    """A file opened to be read as text line by line, its line ends kept. A regular file is
    read as a whole as UTF-8 or, if it is not valid UTF-8, as Latin-1 (one pass over it
    decides); a pipe or device, which cannot be read ahead, byte by byte where needed
    (LATIN1_FALLBACK). OSError or ValueError where it cannot be opened."""
    raw = open(path, "rb")
    try:
        encoding = "utf-8"
        if stat.S_ISREG(os.fstat(raw.fileno()).st_mode):
            if not _is_utf8(raw):
                encoding = "latin-1"
            raw.seek(0)
        # the fallback also covers a regular file changed after the pass above
        return io.TextIOWrapper(raw, encoding=encoding, errors=LATIN1_FALLBACK, newline="\n")
    except BaseException:
        raw.close()
        raise


# ---- where .l finds a file (the interpreter's .l and the language server's targets) ----

DEFAULT_SEARCH_PATH = ".:lib"


def search_path() -> str:
    """The folders .l searches for a plain name: KLONGPATH, else .:lib."""
    return os.environ.get("KLONGPATH", DEFAULT_SEARCH_PATH)


def search_dirs(path: str) -> List[str]:
    """The folders of a search path (`:`-separated; an empty entry is the current folder)."""
    return [d or "." for d in path.split(":")]


def source_candidates(name: str, path: str, base: Optional[str] = None) -> List[str]:
    """The files .l tries for `name`, in order: a name starting with / or . as is, any
    other in each folder of the search path `path`; each also with .kg appended. `base`:
    the folder that relative paths start from (default: the current one)."""
    if name.startswith("/") or name.startswith("."):
        paths = [name]
    else:
        paths = [os.path.join(d, name) for d in search_dirs(path)]
    if base is not None:
        paths = [os.path.join(base, p) for p in paths]
    return [c for p in paths for c in (p, p + ".kg")]


def find_source(name: str, path: str, base: Optional[str] = None) -> Optional[str]:
    """The file .l loads for `name` along the search path `path`, or None."""
    for c in source_candidates(name, path, base):
        if os.path.isfile(c):
            return c
    return None
