"""Loading source files with .l (klong.system.evaluation): encodings and failures."""
from __future__ import annotations

import pytest

import klong.interpreter
import klong.system.io
from klong.errors import KlongError


def err(k, src):
    with pytest.raises(KlongError) as e:
        k(src)
    return e.value.kind, e.value.message


def test_load_reads_a_latin1_file(k, tmp_path):
    # kg's statistics library has a Latin-1 byte in a comment; strings keep one char a byte
    (tmp_path / "lat.kg").write_bytes(b':"a \xd7 b"\ns::"a\xd7b"\r\n#s\n')
    assert k('.l("lat")') == 3
    assert k("#s@1") == 215
    assert k('s~"a",(:#215),"b"') == 1


def test_load_reads_utf8(k, tmp_path):
    (tmp_path / "u.kg").write_bytes('s::"a×b"\n#s\n'.encode("utf-8"))
    assert k('.l("./u.kg")') == 3


def test_load_failures_are_io_errors(k, tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d.kg").mkdir()
    assert err(k, '.l("./d")') == ("io", '.l: cannot open file: "./d"')
    assert err(k, '.l("missing")') == ("io", '.l: cannot open file: "missing"')
    assert err(k, ".l(1)") == ("type", ".l: type error: [1]")


def test_load_file_api_failures_are_io_errors(k, tmp_path):
    for path in (str(tmp_path), str(tmp_path / "missing.kg"), "a\0b"):
        with pytest.raises(KlongError) as e:
            k.load_file(path)
        assert (e.value.kind, e.value.message) == ("io", f'.l: cannot open file: "{path}"')


def test_syntax_error_in_a_latin1_file_names_the_file(k, tmp_path):
    path = tmp_path / "bad.kg"
    path.write_bytes(b':"\xd7"\n1+\n')
    with pytest.raises(KlongError) as e:
        k('.l("./bad.kg")')
    assert (e.value.kind, e.value.filename, e.value.line) == ("syntax", "./bad.kg", 2)


def test_unreadable_file_is_an_io_error(k, tmp_path, monkeypatch):
    # the tests may run as root, who reads every file: the refusal is simulated
    def refuse(path):
        raise PermissionError(13, "Permission denied", path)

    (tmp_path / "secret.kg").write_text("1\n", encoding="utf-8")
    monkeypatch.setattr(klong.interpreter, "read_source", refuse)
    monkeypatch.setattr(klong.system.io, "open_text", refuse)
    assert err(k, '.l("./secret.kg")') == ("io", '.l: cannot open file: "./secret.kg"')
    assert err(k, '.ic("secret.kg")') == ("io", '.ic: failed to open input file: "secret.kg"')
