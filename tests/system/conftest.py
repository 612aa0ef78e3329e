"""Shared fixtures of the system-function tests."""
from __future__ import annotations

import pytest

from klong.interpreter import KlongInterpreter


@pytest.fixture
def k(tmp_path, monkeypatch):
    """A fresh interpreter working in a temporary directory (files the tests write land there)."""
    monkeypatch.chdir(tmp_path)
    return KlongInterpreter()
