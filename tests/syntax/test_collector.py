"""klong.syntax.collector.paused: the cyclic collector off inside the block, as it was after
it (nested blocks, exceptions), and parsing leaves it as it found it."""
from __future__ import annotations

import gc

import pytest

from klong.syntax.collector import paused
from klong.syntax.parser import parse, parse_tolerant


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_off_inside_on_after(collector_on):
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()      # the inner block found it off: it stays off
    assert gc.isenabled()


def test_on_again_after_an_exception(collector_on):
    with pytest.raises(ZeroDivisionError):
        with paused():
            1 / 0
    assert gc.isenabled()


def test_left_off_when_found_off(collector_on):
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()


def test_parsing_leaves_the_collector_as_found(collector_on):
    parse("a::1;b::{x+y}")
    parse_tolerant("a::1;)")
    assert gc.isenabled()
    with pytest.raises(Exception):
        parse("a::)")
    assert gc.isenabled()
    gc.disable()
    parse("a::1")
    assert not gc.isenabled()
