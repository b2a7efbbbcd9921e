"""NumPy's floating-point warnings silenced where ember computes: torch returns inf and NaN without
a word (``tensor([inf]) * 0``, ``log(0)``, ``0 / 0``, a float too big for float16), NumPy warns.

NumPy keeps its error state in a context variable; setting it directly (``silence``/``restore``)
costs a fraction of entering an ``np.errstate`` (an object made per use), which matters on the
hot path of every elementwise op. Where that variable is not there (another NumPy), ``np.errstate``.
"""
from __future__ import annotations

import contextvars
from typing import Callable

import numpy as np

__all__ = ["quiet", "quiet_call", "quiet_run", "silence", "restore"]

try:
    from numpy._core._multiarray_umath import _extobj_contextvar, _make_extobj
except ImportError:                           # pragma: no cover - another NumPy
    _extobj_contextvar = None

if _extobj_contextvar is not None:
    _IGNORE = _make_extobj(all="ignore")
    _set = _extobj_contextvar.set
    restore = _extobj_contextvar.reset        # restore(token): NumPy's error state as it was

    def silence():
        """NumPy's floating-point errors ignored until ``restore(token)``; returns the token."""
        return _set(_IGNORE)

    # The hot ops' way: one Context where the errors are ignored, entered per call. Entering a
    # context only swaps the thread's current one (~270 instructions), where setting and resetting
    # the variable copies a mapping each time (~1,650: a third of a small multiply). A Context can
    # be entered by one thread at a time: quiet_run raises RuntimeError when another is inside, and
    # callers then take quiet_call.
    _QUIET_CONTEXT = contextvars.Context()
    _QUIET_CONTEXT.run(_set, _IGNORE)
    quiet_run = _QUIET_CONTEXT.run            # quiet_run(fn, *args): fn(*args), silently
else:                                         # pragma: no cover
    def silence():
        state = np.errstate(all="ignore")
        state.__enter__()
        return state

    def restore(state) -> None:
        state.__exit__(None, None, None)


def quiet_call(fn: Callable, *args):
    """``fn(*args)`` without NumPy's floating-point warnings (any thread, any nesting)."""
    token = silence()
    try:
        return fn(*args)
    finally:
        restore(token)


if _extobj_contextvar is None:                # pragma: no cover
    quiet_run = quiet_call


def quiet(fn: Callable) -> Callable:
    """``fn`` (a NumPy computation) without NumPy's floating-point warnings."""
    def run(*args):
        token = silence()
        try:
            return fn(*args)
        finally:
            restore(token)
    run.__name__ = run.__qualname__ = getattr(fn, "__name__", "quiet")
    run.__doc__ = fn.__doc__
    return run
