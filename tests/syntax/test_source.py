"""Reading Klong text from files (klong.syntax.source): UTF-8, else Latin-1, never a
decoding error."""
from __future__ import annotations

import os

import pytest

from klong.syntax.source import LATIN1_FALLBACK, decode_source, open_text, read_source


def test_decode_source_is_utf8_when_valid():
    assert decode_source("é×∇".encode("utf-8")) == "é×∇"
    assert decode_source(b"") == ""


def test_decode_source_reads_a_text_that_is_not_utf8_as_latin1_throughout():
    assert decode_source(b'a\xd7b') == "a×b"
    # one invalid byte decides for the whole text: the valid UTF-8 pair is two chars too
    assert decode_source(b"\xc3\xa9 \xd7") == "Ã© ×"


def test_decode_source_line_ends():
    assert decode_source(b"a\r\nb\rc\n") == "a\nb\nc\n"
    assert decode_source(b"\xd7\r\n") == "×\n"


def test_read_source(tmp_path):
    path = tmp_path / "lat.kg"
    path.write_bytes(b':"\xd7"\r\n1\n')
    assert read_source(str(path)) == ':"×"\n1\n'
    with pytest.raises(IsADirectoryError):
        read_source(str(tmp_path))
    with pytest.raises(FileNotFoundError):
        read_source(str(tmp_path / "missing.kg"))


def test_open_text_decides_a_regular_file_as_a_whole(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"\xc3\xa9\n" + b"x" * 70000 + b"\xd7\r\n")
    with open_text(str(path)) as f:
        assert f.readline() == "Ã©\n"
        assert f.readline() == "x" * 70000 + "×\r\n"     # line ends are kept
        assert f.readline() == ""
    path.write_bytes("é\n×\n".encode("utf-8"))
    with open_text(str(path)) as f:
        assert f.read() == "é\n×\n"


def test_open_text_reads_a_pipe_byte_by_byte_where_needed():
    r, w = os.pipe()
    try:
        os.write(w, b"\xc3\xa9\xd7\n")
        os.close(w)
        with open_text(f"/dev/fd/{r}") as f:
            assert f.read() == "é×\n"
    finally:
        os.close(r)


def test_open_text_errors_are_os_errors(tmp_path):
    with pytest.raises(IsADirectoryError):
        open_text(str(tmp_path))
    with pytest.raises(FileNotFoundError):
        open_text(str(tmp_path / "missing"))


def test_fallback_handler_is_for_decoding_only():
    assert b"a\xd7".decode("utf-8", LATIN1_FALLBACK) == "a×"
    with pytest.raises(UnicodeEncodeError):
        "é".encode("ascii", LATIN1_FALLBACK)
