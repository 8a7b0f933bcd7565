"""The one GC-pause helper: restores the collector as it was, and is the only one."""

from __future__ import annotations

import gc
from pathlib import Path

from okrkit.gcpause import gc_paused

SRC = Path(__file__).resolve().parents[1] / "src" / "okrkit"


def test_restores_an_enabled_collector_even_on_error() -> None:
    assert gc.isenabled()
    try:
        with gc_paused():
            assert not gc.isenabled()
            raise ValueError
    except ValueError:
        pass
    assert gc.isenabled()


def test_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_freeze_moves_live_objects_to_the_permanent_generation() -> None:
    before = gc.get_freeze_count()
    keep = [[i] for i in range(100)]
    try:
        with gc_paused(freeze=True):
            pass
        assert gc.get_freeze_count() >= before + len(keep)
    finally:
        gc.unfreeze()


def test_no_other_module_toggles_the_collector() -> None:
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if p.name != "gcpause.py" and "gc.disable()" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
