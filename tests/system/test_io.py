"""Channels and the I/O system functions (system document part A §2.1, §2.2)."""
from __future__ import annotations

import io
import os
import sys

import pytest

from klong.errors import KlongError
from klong.interpreter import KlongInterpreter
from klong.printer import displayed, written
from klong.system.io import Channel, read_datum, reset_channels
from klong.values import EOF, UNDEFINED, Symbol


def w(k, src):
    """Written form of the value of src."""
    return written(k(src))


def err(k, src):
    with pytest.raises(KlongError) as e:
        k(src)
    return e.value.kind, e.value.message


def write_file(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def read_file(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


# ---- channel values --------------------------------------------------------------------

def test_std_channels_print(k):
    assert w(k, ".cin") == ":inchan.0"
    assert w(k, ".cout") == ":outchan.1"
    assert w(k, ".cerr") == ":outchan.2"
    assert displayed(k(".cout")) == ":outchan.1"
    assert w(k, ".cin,.cout") == "[:inchan.0 :outchan.1]"


def test_opened_channels_print_their_fd(k):
    k('o::.oc("t.txt")')
    o = k("o")
    assert isinstance(o, Channel)
    assert o.klong_name == f":outchan.{o.fd}" and o.fd >= 3
    assert w(k, "o") == o.klong_name
    k(".cc(o)")
    assert w(k, "o") == o.klong_name          # still printable once closed
    i = k('.ic("t.txt")')
    assert w(k, '.ic("t.txt")').startswith(":inchan.")
    assert i.fd >= 3


def test_channels_hash_and_compare_by_identity(k):
    a = k('.oc("a.txt")')
    b = k('.oc("a.txt")')
    assert a == a and a != b
    assert len({a, b, a}) == 2
    assert k(".cin") is k(".cin")
    assert KlongInterpreter()(".cout") is not k(".cout")


def test_io_state_is_per_interpreter(k):
    st = k.context.io
    assert k.context.io is st and KlongInterpreter().context.io is not st
    assert st.from_chan is st.cin and st.to_chan is st.cout
    assert k(".cin") is st.cin and k(".cerr") is st.cerr


# ---- the document's examples -------------------------------------------------------------

def test_round_trip_write_print_readline(k):
    src = 'o::.oc("t.txt");.tc(o);.w([1 "a"]);.p(2);.tc(0);.cc(o);.fc(.ic("t.txt"));.rl()'
    assert w(k, src) == '"[1 ""a""]2"'
    assert read_file("t.txt") == '[1 "a"]2\n'


def test_read_data_objects_then_eof(k):
    src = ('o::.oc("t.txt");.tc(o);.w([1 2 3]);.p("");.w(:{[1 2]});.p("");.tc(0);.cc(o);'
           '.fc(.ic("t.txt"));a::.r();b::.r();c::.r();a,b,c')
    assert w(k, src) == "[1 2 3 :{[1 2]} :eof]"
    assert k("c") is EOF
    assert w(k, ".mi(0)") == "0"


def test_more_input(k):
    src = 'o::.oc("t.txt");.tc(o);.p("one");.tc(0);.cc(o);.fc(.ic("t.txt"));.rl();.rl();.mi(0)'
    assert w(k, src) == "0"
    k('.fc(.ic("t.txt"))')
    assert w(k, ".rl()") == '"one"'
    assert w(k, ".mi(0)") == "1"              # after the last line: still 1
    assert w(k, ".rl()") == '""'
    assert w(k, ".mi(0)") == "0"              # the failed read makes it 0
    assert w(k, ".mi(0)") == "0"


def test_cat_with_more_input_as_while_predicate(k, capsys):
    write_file("in.txt", "a\nb b\n")
    k('.fc(.ic("in.txt"));cat::{.mi{.p(x);.rl()}:~.rl()};cat()')
    assert capsys.readouterr().out == "a\nb b\n"


def test_read_string_examples(k):
    assert w(k, '.rs("[1 2 [3 4]]")') == "[1 2 [3 4]]"
    assert w(k, '.rs(":{[1 ""a""]}")') == ':{[1 "a"]}'
    assert w(k, '.rs("1 2")') == ":undefined"
    assert w(k, '.rs("foo")~:foo') == "1"
    assert k('.rs("foo")') is Symbol("foo")
    assert w(k, '.rs("1+2")') == ":undefined"
    assert w(k, '.rs("-5")') == "-5"
    assert w(k, '.rs("")') == ":undefined"


def test_read_string_more(k):
    assert k('.rs("  42  ")') == 42
    assert w(k, '.rs(" -2.5")') == "-2.5"
    assert w(k, '.rs("0cx")') == "0cx"
    assert w(k, '.rs(""":sym""")') == '":sym"'
    assert w(k, '.rs(":sym")') == ":sym"
    assert w(k, '.rs("[1 2")') == ":undefined"
    assert w(k, '.rs("   ")') == ":undefined"
    assert w(k, '.rs("1.2.3")') == ":undefined"
    assert w(k, '.rs(":"" c "" 7")') == "7"           # a comment counts as blank
    assert k('.rs("[1 2]")').tolist() == [1, 2]
    assert w(k, '.rs(":{[1 ""a""] [:b [2 3]]}")') == ':{[1 "a"] [:b [2 3]]}'
    assert w(k, '.rs("[a b]")') == "[:a :b]"
    assert err(k, ".rs(1)") == ("type", ".rs: type error: [1]")


def test_to_channel_writes_log(k):
    k('old::.tc(.oc("log.txt"));.p("hi");.tc(old)')
    assert read_file("log.txt") == "hi\n"
    assert w(k, "old") == ":outchan.1"


def test_fc_tc_false_restore_std_and_return_previous(k):
    assert w(k, ".fc(0)") == ":inchan.0"
    assert w(k, ".tc(0)") == ":outchan.1"
    k('o::.oc("x.txt");i::.ic("x.txt")')
    assert k(".tc(o)") is k(".cout")
    assert k('.tc("")') is k("o")
    assert k(".fc(i)") is k(".cin")
    assert k(".fc([])") is k("i")
    assert k.context.io.from_chan is k(".cin")


def test_wrong_direction_is_type_error(k):
    assert err(k, ".fc(.cout)") == ("type", ".fc: type error: [:outchan.1]")
    assert err(k, ".tc(.cin)") == ("type", ".tc: type error: [:inchan.0]")
    assert err(k, ".fc(1)") == ("type", ".fc: type error: [1]")
    assert err(k, '.tc("x")') == ("type", '.tc: type error: ["x"]')


def test_open_failures(k):
    assert err(k, '.ic("data.txt")') == ("io", '.ic: failed to open input file: "data.txt"')
    assert err(k, '.oc("no/such/x")') == ("io", '.oc: failed to open output file: "no/such/x"')
    assert err(k, '.ac("no/such/x")') == ("io", '.ac: failed to open output file: "no/such/x"')
    assert err(k, '.ic("a""b")') == ("io", '.ic: failed to open input file: "a""b"')
    os.mkdir("dir")
    assert err(k, '.ic("dir")') == ("io", '.ic: failed to open input file: "dir"')
    assert err(k, '.oc("dir")') == ("io", '.oc: failed to open output file: "dir"')


def test_open_type_errors(k):
    assert err(k, ".ic(1)") == ("type", ".ic: type error: [1]")
    assert err(k, ".oc(:x)") == ("type", ".oc: type error: [:x]")
    assert err(k, ".ac([1 2])") == ("type", ".ac: type error: [[1 2]]")
    assert err(k, ".cc(1)") == ("type", ".cc: type error: [1]")
    assert err(k, ".df(1)") == ("type", ".df: type error: [1]")


def test_oc_truncates_ac_appends(k):
    write_file("t.txt", "old text\n")
    k('o::.oc("t.txt");.tc(o);.p("new");.tc(0);.cc(o)')
    assert read_file("t.txt") == "new\n"
    k('o::.ac("t.txt");.tc(o);.d("more");.tc(0);.cc(o)')
    assert read_file("t.txt") == "new\nmore"
    k('o::.ac("fresh.txt");.tc(o);.w("s");.tc(0);.cc(o)')
    assert read_file("fresh.txt") == '"s"'


def test_close_channel(k):
    assert w(k, ".cc(.cout)") == "[]"
    assert w(k, ".cc(.cin)") == "[]"
    assert w(k, ".cc(.cerr)") == "[]"
    assert w(k, 'o::.oc("t.txt");.cc(o)') == "[]"
    assert w(k, ".cc(o)") == "[]"                     # twice is harmless
    k(".tc(0)")


def test_closed_channel_stays_current(k):
    k('o::.oc("t.txt");.tc(o);.cc(o)')
    n = k("o").klong_name
    assert err(k, ".p(1)") == ("io", f".p: writing to closed channel: {n}")
    assert err(k, ".d(1)") == ("io", f".d: writing to closed channel: {n}")
    assert err(k, ".w(1)") == ("io", f".w: writing to closed channel: {n}")
    assert k(".tc(0)") is k("o")
    k('i::.ic("t.txt");.fc(i);.cc(i)')
    n = k("i").klong_name
    assert err(k, ".rl()") == ("io", f".rl: reading from closed channel: {n}")
    assert err(k, ".r()") == ("io", f".r: reading from closed channel: {n}")
    assert err(k, ".rls()") == ("io", f".rls: reading from closed channel: {n}")
    k(".fc(0)")


_FRESH = """
from klong.interpreter import KlongInterpreter
from klong.errors import KlongError
k = KlongInterpreter()
for src in ('.ic("t.txt")', 'o::.oc("t.txt");.tc(o);.cc(o);.p(1)',
            '.tc(0);i::.ic("t.txt");.fc(i);.cc(i);.rl()'):
    try:
        print(k(src))
    except KlongError as e:
        print(e.kind, e.message)
"""


def test_fresh_process_fd_3_and_closed_channel_messages(tmp_path):
    """In a fresh process the first opened file is fd 3: the document's exact wording."""
    import os
    import subprocess
    (tmp_path / "t.txt").write_text("x\n")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=root)
    out = subprocess.run([sys.executable, "-c", _FRESH], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [
        ":inchan.3",
        "io .p: writing to closed channel: :outchan.3",
        "io .rl: reading from closed channel: :inchan.3",
    ]


def test_delete_file(k):
    assert w(k, 'o::.oc("t.txt");.cc(o);.df("t.txt")') == '"t.txt"'
    assert err(k, '.df("t.txt")') == ("io", 'could not delete: "t.txt"')


def test_flush(k):
    assert w(k, ".fl()") == "[]"
    assert w(k, ".fl(.cout)") == "[]"
    k('o::.oc("t.txt");.tc(o);.d("abc")')
    assert w(k, ".fl()") == "[]"
    assert read_file("t.txt") == "abc"
    k('.d("def")')
    assert w(k, ".fl(o)") == "[]"
    assert read_file("t.txt") == "abcdef"
    k(".tc(0);.cc(o)")
    assert err(k, ".fl(.cin)") == ("type", ".fl: type error: [:inchan.0]")
    assert err(k, ".fl(1)") == ("type", ".fl: type error: [1]")
    assert err(k, ".fl(1;2)")[0] == "arity"


def test_arity_errors(k):
    assert err(k, ".mi()") == ("arity", "wrong arity: :monad")
    assert err(k, ".p()") == ("arity", "wrong arity: :monad")
    assert err(k, ".rl(1)")[0] == "arity"


# ---- display, write, print ------------------------------------------------------------------

def test_display_write_print_to_stdout(k, capsys):
    assert w(k, ".d(0cx)") == "0cx"
    assert capsys.readouterr().out == "x"
    assert w(k, ".w(0cx)") == "0cx"
    assert capsys.readouterr().out == "0cx"
    k('.d("say ""hi""")')
    assert capsys.readouterr().out == 'say "hi"'
    k('.w("say ""hi""")')
    assert capsys.readouterr().out == '"say ""hi"""'
    k('.d([1 "a" :s])')
    assert capsys.readouterr().out == "[1 a :s]"
    k('.w([1 "a" :s])')
    assert capsys.readouterr().out == '[1 "a" :s]'
    assert w(k, '.p([1 "a" 0cx :b])') == '[1 "a" 0cx :b]'
    assert capsys.readouterr().out == "[1 a x :b]\n"
    k('.p("")')
    assert capsys.readouterr().out == "\n"
    k(".p(.cout);.w({x});.d(:{[1 2]});.p(1%0)")
    assert capsys.readouterr().out == ":outchan.1\n:monad:{[1 2]}:undefined\n"


def test_print_returns_argument(k, capsys):
    assert w(k, '.p("hi")') == '"hi"'
    assert w(k, ".p(1)") == "1"
    assert w(k, ".d(2.5)") == "2.5"
    assert capsys.readouterr().out == "hi\n1\n2.5"


def test_cerr_writes_stderr(k, capsys):
    k('.tc(.cerr);.p("oops");.d(1);.tc(0);.p("ok")')
    out = capsys.readouterr()
    assert out.err == "oops\n1"
    assert out.out == "ok\n"


def test_stdout_looked_up_at_write_time(k, monkeypatch):
    buf = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buf)
    k('.p("to buffer")')
    assert buf.getvalue() == "to buffer\n"


def test_reset_channels(k):
    k('o::.oc("t.txt");.tc(o);.d("x");.fc(.ic("t.txt"))')
    st = k.context.io
    assert st.to_chan is k("o") and st.from_chan is not st.cin
    reset_channels(k.context)
    assert st.to_chan is st.cout and st.from_chan is st.cin
    assert read_file("t.txt") == "x"              # the old To channel was flushed
    assert w(k, '.tc(0)') == ":outchan.1"
    assert not k("o").closed                         # other channels stay open
    k(".cc(o)")


# ---- reading from channels ---------------------------------------------------------------

def test_read_line_first_line_and_crlf(k):
    with open("crlf.txt", "wb") as f:
        f.write("first\r\nsécond\r\n\r\nlast".encode("utf-8"))
    k('.fc(.ic("crlf.txt"))')
    assert k(".rl()") == "first"
    assert k(".rl()") == "sécond"
    assert k(".rl()") == ""
    assert w(k, ".mi(0)") == "1"
    assert k(".rl()") == "last"
    assert w(k, ".mi(0)") == "1"
    assert k(".rl()") == ""
    assert w(k, ".mi(0)") == "0"


def test_read_a_file_that_is_not_utf8_as_latin1(k):
    with open("lat.txt", "wb") as f:
        f.write(b'a\xd7b\r\n"\xe9t\xe9"\n[1 2]\n')
    k('.fc(.ic("lat.txt"))')
    assert k(".rl()") == "a×b"
    assert k(".r()") == "été"
    assert w(k, ".r()") == "[1 2]"
    assert w(k, ".r()") == ":eof"


def test_read_skips_blank_lines_and_rest_of_line(k):
    write_file("d.txt", "\n\n   [1 2\n  3] junk here\nnext line\n  -7 :s\n\r\n\"a\"\"b\"\r\n")
    k('.fc(.ic("d.txt"))')
    assert w(k, ".r()") == "[1 2 3]"
    assert w(k, ".rl()") == '"next line"'
    assert w(k, ".r()") == "-7"
    assert w(k, ".r()") == '"a""b"'
    assert w(k, ".mi(0)") == "1"
    assert k(".r()") is EOF
    assert w(k, ".mi(0)") == "0"
    assert k(".r()") is EOF


def test_read_long_multiline_datum_hands_back_extra_lines(k):
    write_file("m.txt", "[1\n2\n3\n4\n5\n6\n7] x\nA\nB\nC\n")
    k('.fc(.ic("m.txt"))')
    assert w(k, ".r()") == "[1 2 3 4 5 6 7]"
    assert w(k, ".rl()") == '"A"'
    assert w(k, ".rls()") == '["B" "C"]'
    assert w(k, ".rls()") == "[]"
    assert w(k, ".mi(0)") == "0"


def test_read_multiline_string_dict_and_comment(k):
    write_file("s.txt", ':" a\ncomment " "two\nlines" 9\n:{[1\n2]}\nsym rest\n0c\n\n5\n')
    k('.fc(.ic("s.txt"))')
    assert w(k, ".r()") == '"two\nlines"'
    assert w(k, ".r()") == ":{[1 2]}"
    assert w(k, ".r()") == ":sym"
    assert w(k, ".r()") == "0c\n"                 # a newline char ends its own line
    assert w(k, ".r()") == "5"
    assert k(".r()") is EOF


def test_read_unfinished_datum_at_eof_is_syntax_error(k):
    write_file("bad.txt", "[1 2\n3\n")
    k('.fc(.ic("bad.txt"))')
    kind, msg = err(k, ".r()")
    assert kind == "syntax" and msg.startswith("missing ]")
    write_file("bad2.txt", ':" open comment\n')
    k('.fc(.ic("bad2.txt"))')
    kind, msg = err(k, ".r()")
    assert kind == "syntax" and msg == "missing end of comment"


def test_read_from_stdin_at_read_time(k, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("[1 2] ignored\nline two\n:x\n"))
    assert w(k, ".r()") == "[1 2]"
    assert w(k, ".rl()") == '"line two"'
    assert w(k, ".rls()") == '[":x"]'
    assert w(k, ".mi(0)") == "0"


def test_read_datum_direct(k):
    write_file("p.txt", "1 2\n3\n")
    ch = k('.ic("p.txt")')
    assert read_datum(k.backend, ch) == 1
    assert read_datum(k.backend, ch) == 3
    assert read_datum(k.backend, ch) is EOF
    assert ch.eof_tried


def test_read_lines(k):
    write_file("l.txt", "a\r\nb\n\nc")
    k('.fc(.ic("l.txt"))')
    assert w(k, ".rls()") == '["a" "b" "" "c"]'
    assert w(k, ".mi(0)") == "0"


def test_write_read_round_trip(k):
    k('o::.oc("rt.txt");.tc(o)')
    k('.w(:{[1 "one"] [:b [1.5 0cx]]});.p("");.w("q""uote");.p("");.w(-3);.p("")')
    k(".tc(0);.cc(o)")
    k('.fc(.ic("rt.txt"))')
    assert w(k, ".r()") == ':{[1 "one"] [:b [1.5 0cx]]}'
    assert w(k, ".r()") == '"q""uote"'
    assert w(k, ".r()") == "-3"
    assert k(".r()") is EOF
    assert k('.rs("")') is UNDEFINED


def test_flush_writes_what_open_file_channels_hold(k, tmp_path):
    path, other = tmp_path / "o.txt", tmp_path / "a.txt"
    k(f'c::.oc("{path}");d::.ac("{other}");.tc(c);.p("one")')
    assert read_file(str(path)) == ""          # buffered: nothing closed or flushed it yet
    k.flush()
    assert read_file(str(path)) == "one\n"
    k('.tc(d);.p("two")')                        # switching To flushes the old channel
    assert read_file(str(other)) == ""
    k.flush()
    assert read_file(str(other)) == "two\n"
    k('.cc(c);.cc(d)')
    k.flush()                                    # closed channels are left alone
    assert read_file(str(path)) == "one\n"
