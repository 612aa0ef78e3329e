"""The syntax layer: text -> tokens -> AST. It depends on nothing above it (no runtime,
printer or numpy): `from klong.syntax import parse` is all a tool needs to read Klong."""
from __future__ import annotations

from .parser import parse, parse_tolerant

__all__ = ["parse", "parse_tolerant"]
