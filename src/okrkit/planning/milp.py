"""The one place okrkit talks to a MILP solver: HiGHS, through its C API.

:func:`solve_binary` maximises a linear objective over 0/1 variables subject to sparse
linear rows. It is the only function that knows which solver library is used, so
swapping the solver touches this module alone.

The solver is HiGHS (MIT licence), the open-source MILP solver scipy wraps. It comes from
the ``highsbox`` package, a wheel of HiGHS's own shared library with no Python
dependencies (about 24 MB installed), called here with :mod:`ctypes`. The official
``highspy`` bindings were measured too: they need numpy, which with highspy adds about
80 MB to an install (numpy alone is 73 MB), against the 135 MB budget for all of okrkit.
The C functions used are part of HiGHS's stable C API (``highs_c_api.h``, 1.x).
"""

from __future__ import annotations

import ctypes
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

_MAXIMIZE = -1  # kHighsObjSenseMaximize
_ROWWISE = 2  # kHighsMatrixFormatRowwise
_INTEGER = 1  # kHighsVarTypeInteger
_STATUS_ERROR = -1  # kHighsStatusError
_MODEL_OPTIMAL = 7  # kHighsModelStatusOptimal
_SOLUTION_FEASIBLE = 2  # kHighsSolutionStatusFeasible


@dataclass(frozen=True)
class Row:
    """One linear constraint ``lower <= sum(coef * x[col]) <= upper``."""

    cols: tuple[int, ...]
    coefs: tuple[float, ...]
    lower: float = -math.inf
    upper: float = math.inf


@dataclass(frozen=True)
class Solution:
    """What the solver returned: ``x`` is None when it found no feasible point."""

    x: tuple[float, ...] | None
    objective: float | None
    optimal: bool
    """True when the solver proved ``x`` optimal (within :data:`rel_gap`)."""
    bound: float | None
    """An upper bound on the objective (the solver's dual bound), when known."""


class SolverUnavailable(RuntimeError):
    """The HiGHS library could not be loaded."""


@cache
def _library() -> tuple[Any, Any]:
    """The loaded HiGHS library and its integer type (``HighsInt``)."""
    try:
        import highsbox
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise SolverUnavailable("the HiGHS solver (package highsbox) is not installed") from e
    lib_dir = highsbox.highs_lib_dir()
    names = {"nt": "highs.dll", "posix": "libhighs.so"}
    candidates = [os.path.join(lib_dir, names.get(os.name, "libhighs.so"))]
    candidates.append(os.path.join(lib_dir, "libhighs.dylib"))
    candidates.append(os.path.join(highsbox.highs_dist_dir(), "bin", "highs.dll"))
    for path in candidates:
        if os.path.exists(path):
            lib = ctypes.CDLL(path)
            break
    else:  # pragma: no cover - depends on the platform's wheel
        raise SolverUnavailable(f"no HiGHS library found in {lib_dir}")
    lib.Highs_getSizeofHighsInt.restype = ctypes.c_int
    lib.Highs_getSizeofHighsInt.argtypes = [ctypes.c_void_p]
    lib.Highs_create.restype = ctypes.c_void_p
    lib.Highs_create.argtypes = []
    h = lib.Highs_create()
    try:
        size = lib.Highs_getSizeofHighsInt(ctypes.c_void_p(h))
    finally:
        lib.Highs_destroy.argtypes = [ctypes.c_void_p]
        lib.Highs_destroy.restype = None
        lib.Highs_destroy(ctypes.c_void_p(h))
    hint: Any = ctypes.c_int64 if size == 8 else ctypes.c_int32
    dbl = ctypes.POINTER(ctypes.c_double)
    ints = ctypes.POINTER(hint)
    vp = ctypes.c_void_p
    sigs: dict[str, tuple[Any, list[Any]]] = {
        "Highs_run": (hint, [vp]),
        "Highs_passMip": (
            hint,
            [vp, hint, hint, hint, hint, hint, ctypes.c_double]
            + [dbl] * 5
            + [ints, ints, dbl, ints],
        ),
        "Highs_setBoolOptionValue": (hint, [vp, ctypes.c_char_p, hint]),
        "Highs_setDoubleOptionValue": (hint, [vp, ctypes.c_char_p, ctypes.c_double]),
        "Highs_setIntOptionValue": (hint, [vp, ctypes.c_char_p, hint]),
        "Highs_getSolution": (hint, [vp, dbl, dbl, dbl, dbl]),
        "Highs_getModelStatus": (hint, [vp]),
        "Highs_getIntInfoValue": (hint, [vp, ctypes.c_char_p, ints]),
        "Highs_getDoubleInfoValue": (hint, [vp, ctypes.c_char_p, dbl]),
        "Highs_getObjectiveValue": (ctypes.c_double, [vp]),
    }
    for name, (res, args) in sigs.items():
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args
    return lib, hint


rel_gap = 1e-9
"""Relative optimality gap at which HiGHS stops (1e-9: exact up to rounding)."""


def solve_binary(
    objective: Sequence[float],
    rows: Sequence[Row],
    *,
    fixed_one: Sequence[int] = (),
    time_limit: float = 10.0,
) -> Solution:
    """Maximise ``objective · x`` over ``x`` in {0, 1}ⁿ subject to ``rows``.

    ``fixed_one`` lists variables that must be 1. Deterministic for the same input
    (HiGHS runs single-threaded here). Stops at ``time_limit`` seconds with the best
    point found, ``optimal=False`` and the dual bound.
    """
    n = len(objective)
    m = len(rows)
    if n == 0:  # HiGHS reports an empty model as such, with no solution
        feasible = all(r.lower <= 0.0 <= r.upper for r in rows)
        return Solution((), 0.0, True, 0.0) if feasible else Solution(None, None, True, None)
    lib, hint = _library()
    starts: list[int] = []
    index: list[int] = []
    value: list[float] = []
    for r in rows:
        starts.append(len(index))
        index.extend(r.cols)
        value.extend(r.coefs)
    lower = [0.0] * n
    for k in fixed_one:
        lower[k] = 1.0

    def doubles(xs: Sequence[float]) -> Any:
        return (ctypes.c_double * max(len(xs), 1))(*xs)

    def integers(xs: Sequence[int]) -> Any:
        return (hint * max(len(xs), 1))(*xs)

    h = ctypes.c_void_p(lib.Highs_create())
    try:
        lib.Highs_setBoolOptionValue(h, b"output_flag", 0)
        lib.Highs_setIntOptionValue(h, b"threads", 1)
        lib.Highs_setDoubleOptionValue(h, b"mip_rel_gap", rel_gap)
        lib.Highs_setDoubleOptionValue(h, b"time_limit", max(time_limit, 0.01))
        status = lib.Highs_passMip(
            h,
            n,
            m,
            len(index),
            _ROWWISE,
            _MAXIMIZE,
            0.0,
            doubles(objective),
            doubles(lower),
            doubles([1.0] * n),
            doubles([r.lower for r in rows]),
            doubles([r.upper for r in rows]),
            integers(starts),
            integers(index),
            doubles(value),
            integers([_INTEGER] * n),
        )
        if status == _STATUS_ERROR:
            raise SolverUnavailable("HiGHS rejected the model")
        lib.Highs_run(h)
        model_status = lib.Highs_getModelStatus(h)
        sol_status = hint(0)
        lib.Highs_getIntInfoValue(h, b"primal_solution_status", ctypes.byref(sol_status))
        dual = ctypes.c_double(math.nan)
        lib.Highs_getDoubleInfoValue(h, b"mip_dual_bound", ctypes.byref(dual))
        bound = dual.value if math.isfinite(dual.value) else None
        if sol_status.value != _SOLUTION_FEASIBLE:
            return Solution(None, None, False, bound)
        col = (ctypes.c_double * max(n, 1))()
        col_dual = (ctypes.c_double * max(n, 1))()
        row_value = (ctypes.c_double * max(m, 1))()
        row_dual = (ctypes.c_double * max(m, 1))()
        lib.Highs_getSolution(h, col, col_dual, row_value, row_dual)
        obj = float(lib.Highs_getObjectiveValue(h))
        return Solution(tuple(col[:n]), obj, model_status == _MODEL_OPTIMAL, bound)
    finally:
        lib.Highs_destroy(h)
