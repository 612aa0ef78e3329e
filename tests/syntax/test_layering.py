"""The syntax layer depends on nothing above it: parsing loads no runtime, printer, values
module or numpy."""
from __future__ import annotations

import subprocess
import sys

_CHILD = """
import sys
from klong.syntax import parse
parse("f::{x+1};[1 2 3]")
above = sorted(m for m in sys.modules
               if m == "numpy" or m.startswith(("numpy.", "klong.runtime", "klong.printer",
                                                "klong.values", "klong.backends",
                                                "klong.system", "klong.interpreter")))
print(" ".join(above))
"""


def test_parse_loads_nothing_above_the_syntax_layer():
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == []
