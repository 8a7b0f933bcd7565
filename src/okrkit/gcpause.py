"""The one helper that pauses Python's cyclic garbage collector around bulk work.

Loading, analysing, checking and planning a large plan build many small objects and
free none of them in reference cycles: the cyclic collector would walk the whole plan
again at every generation threshold and find nothing (seconds on 10,000 initiatives).
Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Run the block with the cyclic GC off, then restore it as it was.

    ``freeze``: afterwards move every object alive to the permanent generation
    (``gc.freeze``). The loader uses it: a loaded plan lives as long as the run, and
    every later collection would otherwise walk it again (on 100,000 initiatives, a
    quarter of the analysis time).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
