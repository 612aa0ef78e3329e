""".sys .x .rn .pc and the system variables (system document part A §2.3, §2.4)."""
from __future__ import annotations

import pytest

from klong.errors import KlongError
from klong.interpreter import KlongInterpreter
from klong.printer import written
from klong.system.io import Channel
from klong.values import Symbol


def w(k, src):
    return written(k(src))


def err(k, src):
    with pytest.raises(KlongError) as e:
        k(src)
    return e.value.kind, e.value.message


# ---- .sys ----------------------------------------------------------------------------

def test_sys_wait_status(k):
    assert w(k, '.sys("exit 3")') == "768"
    assert w(k, '.sys("true")') == "0"
    assert w(k, '.sys("false")') == "256"


def test_sys_runs_through_the_shell(k, tmp_path):
    assert w(k, '.sys("echo hi > out.txt && test -s out.txt")') == "0"
    assert (tmp_path / "out.txt").read_text() == "hi\n"


def test_sys_type_error(k):
    assert err(k, ".sys(1)") == ("type", ".sys: type error: [1]")
    assert err(k, ".sys(:ls)") == ("type", ".sys: type error: [:ls]")


# ---- .x --------------------------------------------------------------------------------

@pytest.mark.parametrize("arg, status", [("0", 0), ("[]", 0), ('""', 0), ("5", 1),
                                         ("1", 1), ('"a"', 1), (":x", 1)])
def test_exit(k, arg, status):
    with pytest.raises(SystemExit) as e:
        k(f".x({arg})")
    assert e.value.code == status


def test_exit_flushes_to_channel(k, tmp_path):
    with pytest.raises(SystemExit):
        k('o::.oc("t.txt");.tc(o);.d("bye");.x(0)')
    assert (tmp_path / "t.txt").read_text() == "bye"


# ---- .rn .pc ------------------------------------------------------------------------------

def test_random(k):
    assert w(k, "@.rn()") == "1"
    assert w(k, ".rn()<1") == "1"
    assert w(k, ".rn()>-1") == "1"
    values = [k(".rn()") for _ in range(50)]
    assert all(isinstance(v, float) and 0.0 <= v < 1.0 for v in values)
    assert len(set(values)) > 1


def test_process_clock(k):
    t0 = k(".pc()")
    assert isinstance(t0, float) and t0 >= 0
    assert w(k, "{[t0];t0::.pc();x@[];.pc()-t0}({+/!1000})>-1") == "1"
    assert k(".pc()") >= t0


def test_nilads_are_called_with_parens(k):
    assert w(k, ".rn") == ":nilad"
    assert w(k, ".pc") == ":nilad"
    assert w(k, ".sys") == ":monad"
    assert w(k, ".x") == ":monad"
    assert err(k, ".rn(1)")[0] == "arity"


# ---- variables ------------------------------------------------------------------------------

def test_variables(k):
    assert w(k, ".a") == "[]"
    assert w(k, ".cols") == "80"
    assert w(k, ".edit") == "0"
    assert w(k, ".fastpow") == "0"
    assert w(k, ".helpdb") == "[]"
    assert w(k, "it") == "[]"
    assert w(k, ".h") == ":unix"
    assert k(".h") is Symbol("unix")
    assert w(k, ".e") == "0.000000000000000001"
    assert k(".e") == 1e-18
    assert w(k, "(1+.e)=1") == "1"


def test_std_channel_variables(k):
    st = k.context.io
    assert k(".cin") is st.cin and k(".cout") is st.cout and k(".cerr") is st.cerr
    assert isinstance(k(".cin"), Channel)
    assert w(k, ".cin") == ":inchan.0"
    assert w(k, ".cout") == ":outchan.1"
    assert w(k, ".cerr") == ":outchan.2"


def test_args_set_by_interpreter(k):
    k.set_args(["a", "b"])
    assert w(k, ".a") == '["a" "b"]'


def test_variables_are_assignable(k):
    assert w(k, ".fastpow::1;.fastpow") == "1"
    assert w(k, ".edit::0;.edit") == "0"


def test_anonymous_recursion_unaffected(k):
    assert w(k, "{:[x>0;x*.f(x-1);1]}(5)") == "120"


def test_variables_are_per_interpreter():
    a, b = KlongInterpreter(), KlongInterpreter()
    a(".cols::100")
    assert b(".cols") == 80
    assert a(".cout") is not b(".cout")
