"""Which of several tied elements torch's CPU kernels pick: topk, kthvalue, mode, nanmedian.

Without ties any correct selection gives the same answer, and ember uses NumPy's (``rows_with_ties``
says which rows need more). With ties (or NaNs, which torch's comparators leave unordered among
themselves) the index returned depends on the algorithm, so these functions replay torch's on one row:
its quickselect for ``kthvalue`` (``quick_select_template``), and libstdc++'s ``std::nth_element``,
``std::sort`` and ``std::partial_sort`` (GCC's introselect, introsort and heap select, step for step) on
``(value, index)`` pairs for ``topk`` and ``mode``. They are plain Python loops: only tied rows take them.
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ["rows_with_ties", "kth_index", "topk_indices", "sort_indices", "mode_index", "nth_index", "within_budget",
           "REPLAY_LIMIT", "REPLAY_BUDGET"]

# a Python replay costs ~30us an element: rows longer than REPLAY_LIMIT, and the rows of one call past
# REPLAY_BUDGET elements, keep NumPy's stable order among ties
REPLAY_LIMIT = 1024
REPLAY_BUDGET = 16384


def rows_with_ties(rows: np.ndarray) -> np.ndarray:
    """For ``rows`` (the last dim is a row), whether each row holds two equal values or a NaN."""
    if rows.shape[-1] < 2 or rows.shape[-1] > REPLAY_LIMIT:
        return np.zeros(rows.shape[:-1], dtype=bool)
    s = np.sort(rows, axis=-1)
    tied = np.any(s[..., 1:] == s[..., :-1], axis=-1)
    if rows.dtype.kind in "fc":
        tied |= np.any(np.isnan(rows), axis=-1)
    return within_budget(tied, rows.shape[-1])


def within_budget(which: np.ndarray, row_length: int) -> np.ndarray:
    """``which`` (rows to replay) cut to the first REPLAY_BUDGET elements' worth of rows."""
    if row_length > REPLAY_LIMIT:
        return np.zeros_like(which)
    keep = max(REPLAY_BUDGET // max(row_length, 1), 1)
    flat = which.reshape(-1)
    if int(flat.sum()) > keep:
        flat = flat & (np.cumsum(flat) <= keep)
    return flat.reshape(which.shape)


def _isnan(v) -> bool:
    return v != v


# ----------------------------------------------------------------------------------------------
# torch's quick_select_template (aten/src/ATen/native/SortingUtils.h), as kthvalue calls it
def kth_index(row, k: int) -> int:
    """The index of the element that torch's kthvalue returns as the (k+1)-th smallest of ``row``."""
    vals = [v for v in row.tolist()]
    idx = list(range(len(vals)))

    def gt(x, y):       # NaN counts as the largest
        return (_isnan(x) and not _isnan(y)) or x > y

    def swap(i, j):
        vals[i], vals[j] = vals[j], vals[i]
        idx[i], idx[j] = idx[j], idx[i]

    lo, hi = 0, len(vals) - 1
    while True:
        if hi <= lo:
            return idx[k]
        if hi == lo + 1:
            if gt(vals[lo], vals[hi]):
                swap(lo, hi)
            return idx[k]
        p = lo + (hi - lo) // 2           # median of three as the pivot
        swap(p, lo + 1)
        if gt(vals[lo + 1], vals[hi]):
            swap(lo + 1, hi)
        if gt(vals[lo], vals[hi]):
            swap(lo, hi)
        if gt(vals[lo + 1], vals[lo]):
            swap(lo + 1, lo)
        i, j, piv = lo + 1, hi, vals[lo]
        while True:
            i += 1
            while gt(piv, vals[i]):
                i += 1
            j -= 1
            while gt(vals[j], piv):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(lo, j)
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1


# ----------------------------------------------------------------------------------------------
# libstdc++ (GCC's bits/stl_algo.h, bits/stl_heap.h) on a list ``a`` with a less-than ``comp``
def _insertion_sort(a, first, last, comp):
    for i in range(first + 1, last):
        v = a[i]
        if comp(v, a[first]):
            a[first + 1:i + 1] = a[first:i]
            a[first] = v
        else:
            _unguarded_linear_insert(a, i, comp)


def _unguarded_linear_insert(a, last, comp):
    v = a[last]
    nxt = last - 1
    while comp(v, a[nxt]):
        a[last] = a[nxt]
        last = nxt
        nxt -= 1
    a[last] = v


def _final_insertion_sort(a, first, last, comp):
    if last - first > 16:
        _insertion_sort(a, first, first + 16, comp)
        for i in range(first + 16, last):
            _unguarded_linear_insert(a, i, comp)
    else:
        _insertion_sort(a, first, last, comp)


def _move_median_to_first(a, result, x, y, z, comp):
    if comp(a[x], a[y]):
        if comp(a[y], a[z]):
            m = y
        elif comp(a[x], a[z]):
            m = z
        else:
            m = x
    elif comp(a[x], a[z]):
        m = x
    elif comp(a[y], a[z]):
        m = z
    else:
        m = y
    a[result], a[m] = a[m], a[result]


def _unguarded_partition(a, first, last, pivot, comp):
    while True:
        while comp(a[first], a[pivot]):
            first += 1
        last -= 1
        while comp(a[pivot], a[last]):
            last -= 1
        if not first < last:
            return first
        a[first], a[last] = a[last], a[first]
        first += 1


def _partition_pivot(a, first, last, comp):
    mid = first + (last - first) // 2
    _move_median_to_first(a, first, first + 1, mid, last - 1, comp)
    return _unguarded_partition(a, first + 1, last, first, comp)


def _push_heap(a, first, hole, top, value, comp):
    parent = (hole - 1) // 2
    while hole > top and comp(a[first + parent], value):
        a[first + hole] = a[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    a[first + hole] = value


def _adjust_heap(a, first, hole, length, value, comp):
    top = hole
    child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if comp(a[first + child], a[first + child - 1]):
            child -= 1
        a[first + hole] = a[first + child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:
        child = 2 * (child + 1)
        a[first + hole] = a[first + child - 1]
        hole = child - 1
    _push_heap(a, first, hole, top, value, comp)


def _make_heap(a, first, last, comp):
    length = last - first
    if length < 2:
        return
    parent = (length - 2) // 2
    while True:
        _adjust_heap(a, first, parent, length, a[first + parent], comp)
        if parent == 0:
            return
        parent -= 1


def _pop_heap(a, first, last, result, comp):
    value = a[result]
    a[result] = a[first]
    _adjust_heap(a, first, 0, last - first, value, comp)


def _heap_select(a, first, middle, last, comp):
    _make_heap(a, first, middle, comp)
    for i in range(middle, last):
        if comp(a[i], a[first]):
            _pop_heap(a, first, middle, i, comp)


def _partial_sort(a, first, middle, last, comp):
    _heap_select(a, first, middle, last, comp)
    while middle - first > 1:
        middle -= 1
        _pop_heap(a, first, middle, middle, comp)


def _introsort_loop(a, first, last, depth, comp):
    while last - first > 16:
        if depth == 0:
            _partial_sort(a, first, last, last, comp)
            return
        depth -= 1
        cut = _partition_pivot(a, first, last, comp)
        _introsort_loop(a, cut, last, depth, comp)
        last = cut


def _sort(a, first, last, comp):
    if last - first > 1:
        _introsort_loop(a, first, last, 2 * int(math.log2(last - first)), comp)
        _final_insertion_sort(a, first, last, comp)


def _nth_element(a, first, nth, last, comp):
    if first == last or nth == last:
        return
    depth = 2 * int(math.log2(last - first))
    while last - first > 3:
        if depth == 0:
            _heap_select(a, first, nth + 1, last, comp)
            a[first], a[nth] = a[nth], a[first]
            return
        depth -= 1
        cut = _partition_pivot(a, first, last, comp)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(a, first, last, comp)


# ----------------------------------------------------------------------------------------------
def _greater(x, y):     # topk(largest): NaN on top
    return (_isnan(x[0]) and not _isnan(y[0])) or x[0] > y[0]


def _less(x, y):        # topk(largest=False): NaN last
    return (not _isnan(x[0]) and _isnan(y[0])) or x[0] < y[0]


def topk_indices(row, k: int, largest: bool, sorted_: bool = True) -> list:
    """The indices torch's CPU topk returns for ``row``, in its order (topk_impl_loop: a partial sort
    when k is small beside the row, else nth_element and a sort of the first k - 1)."""
    a = list(zip(row.tolist(), range(len(row))))
    comp = _greater if largest else _less
    n = len(a)
    if k == 0:
        return []
    if k * 64 <= n:
        _partial_sort(a, 0, k, n, comp)
    else:
        _nth_element(a, 0, k - 1, n, comp)
        if sorted_:
            _sort(a, 0, k - 1, comp)
    return [i for _, i in a[:k]]


def sort_indices(row, descending: bool) -> list:
    """The order torch's CPU sort without ``stable=True`` gives ``row``: std::sort of (value, index) pairs
    (NaN largest), an introsort, so ties in rows longer than 16 come out of order."""
    a = list(zip(row.tolist(), range(len(row))))
    _sort(a, 0, len(a), _greater if descending else _less)
    return [i for _, i in a]


def mode_index(row) -> int:
    """The index torch's CPU mode returns for ``row``: std::sort of (value, index) by value, then the
    last pair of the first longest run of equal values."""
    a = list(zip(row.tolist(), range(len(row))))
    _sort(a, 0, len(a), lambda x, y: x[0] < y[0])
    best, best_at, run = 0, 0, 0
    for i in range(len(a)):
        run += 1
        if i == len(a) - 1 or a[i][0] != a[i + 1][0]:
            if run > best:
                best, best_at = run, a[i][1]
            run = 0
    return best_at


def nth_index(row, nth: int) -> int:
    """The index at ``nth`` after torch's nanmedian nth_element over indices (value, then index; NaN last)."""
    vals = row.tolist()

    def comp(i, j):
        x, y = vals[i], vals[j]
        return x < y or (x == y and i < j) or (_isnan(y) and not _isnan(x))
    a = list(range(len(vals)))
    _nth_element(a, 0, nth, len(a), comp)
    return a[nth]
