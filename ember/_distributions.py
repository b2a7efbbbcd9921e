"""torch's CPU sampling kernels on NumPy arrays: each distribution drawn as torch draws it.

Every kernel takes a :class:`~ember.random.Generator` and a :class:`Layout` (the shape, strides and
contiguity of the tensor torch would write into) and returns the values as a NumPy array of the
logical shape. The layout matters because torch writes elements in memory order (TensorIterator
sorts dimensions by stride) and because ``normal_`` takes a different algorithm for contiguous
tensors of 16 or more elements. ``docs/random.md`` describes each algorithm and its word count.
"""
from __future__ import annotations

import math

import numpy as np

from . import _dtype
from ._normal_fill import fill16_f32, fill16_f64, scale_shift

__all__ = ["Layout", "uniform", "normal", "random_ints", "bernoulli_scalar", "bernoulli_tensor", "exponential",
           "geometric", "log_normal", "cauchy", "randperm", "multinomial", "poisson", "fmt"]

_f16, _f32, _f64, _U64 = np.float16, np.float32, np.float64, np.uint64
_DIGITS = {"float16": 11, "float32": 24, "float64": 53}
_FMAX = {"e": 65504.0, "f": 3.4028234663852886e38, "d": 1.7976931348623157e308}    # each dtype's max


def fmt(x) -> str:
    """A double as C++'s ``ostream`` prints it (torch's error messages)."""
    x = float(x)
    if math.isfinite(x) and x == int(x) and abs(x) < 1e16:
        return str(int(x))
    return "%g" % x


class Layout:
    """Where torch would write: the shape, the strides (any unit) and whether it is contiguous."""

    __slots__ = ("shape", "strides", "contiguous", "numel")

    def __init__(self, shape: tuple, strides: tuple | None = None, contiguous: bool = True) -> None:
        self.shape = tuple(shape)
        self.strides = strides
        self.contiguous = contiguous
        self.numel = math.prod(self.shape)

    @classmethod
    def of(cls, a: np.ndarray) -> "Layout":
        """The layout of array ``a`` itself."""
        return cls(a.shape, a.strides, a.flags.c_contiguous)

    @classmethod
    def like(cls, a: np.ndarray) -> "Layout":
        """The layout of ``empty_like(a)`` (preserve format): a's strides when a is dense, else contiguous."""
        if a.flags.c_contiguous:
            return cls(a.shape)
        dims = sorted((d for d in range(a.ndim) if a.shape[d] > 1), key=lambda d: -abs(a.strides[d]))
        step = a.itemsize
        for d in reversed(dims):
            if abs(a.strides[d]) != step:
                return cls(a.shape)
            step *= a.shape[d]
        return cls.of(a)

    def order(self) -> list | None:
        """Axes from outermost to innermost in torch's iteration order (None: the logical order)."""
        if self.contiguous or self.strides is None or len(self.shape) <= 1:
            return None
        perm = sorted(range(len(self.shape)), key=lambda d: -abs(self.strides[d]) if self.shape[d] > 1 else 0)
        return None if perm == list(range(len(self.shape))) else perm

    def place(self, flat: np.ndarray) -> np.ndarray:
        """Values drawn in iteration order, as an array of the logical shape."""
        perm = self.order()
        if perm is None:
            return flat.reshape(self.shape)
        out = np.empty(self.shape, flat.dtype)
        out.transpose(perm)[...] = flat.reshape([self.shape[d] for d in perm])
        return out

    def gather(self, a: np.ndarray) -> np.ndarray:
        """The elements of ``a`` (logical shape) in iteration order, flat."""
        perm = self.order()
        return (a if perm is None else a.transpose(perm)).reshape(-1)


def _to(v64: np.ndarray, dt: np.dtype) -> np.ndarray:
    """A double cast to the output dtype as C++ does (to half through float)."""
    if dt == _f16:
        return v64.astype(_f32).astype(_f16)
    return v64.astype(dt, copy=False)


def _float_name(dt: np.dtype) -> str:
    return _dtype._BY_CHAR[dt.char]._cname


def _not_implemented(kernel: str, dt: np.dtype) -> NotImplementedError:
    name = {"b": "Bool", "u1": "Byte", "i1": "Char", "i2": "Short", "i4": "Int", "i8": "Long", "f2": "Half",
            "f4": "Float", "f8": "Double", "c8": "ComplexFloat", "c16": "ComplexDouble"}.get(
        dt.kind if dt.kind == "b" else dt.kind + str(dt.itemsize), str(dt))
    return NotImplementedError(f'"{kernel}" not implemented for \'{name}\'')


def _need_float(kernel: str, dt: np.dtype) -> None:
    if dt.kind != "f":
        raise _not_implemented(kernel, dt)


# ---------------------------------------------------------------------------------------------- uniform
def uniform(g, lay: Layout, dt: np.dtype, lo: float = 0.0, hi: float = 1.0) -> np.ndarray:
    """``uniform_(lo, hi)``: 1 word per value (float32, float16), 2 (float64); ``u * (hi - lo) + lo`` fused."""
    big = _FMAX.get(dt.char)
    if big is None:
        raise _not_implemented("check_uniform_bounds", dt)
    if not (-big <= lo <= big and -big <= hi <= big and lo <= hi and hi - lo <= big):
        name = _float_name(dt)
        if not (-big <= lo <= big):
            raise RuntimeError(f"from is out of bounds for {name}")
        if not (-big <= hi <= big):
            raise RuntimeError(f"to is out of bounds for {name}")
        if lo > hi:
            raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={fmt(lo)} > "
                               f"to={fmt(hi)}")
        raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<{name}>::max(), but found to={fmt(hi)} "
                           f"and from={fmt(lo)} which result in to-from to exceed the limit")
    n = lay.numel
    if dt == _f64:
        u = g.uniform53(n)
        rng = hi - lo
        v = u if (lo == 0.0 and rng == 1.0) else scale_shift(u, rng, lo)
    else:
        u = g.uniform24(n)
        flo, fhi = _f32(lo), _f32(hi)
        rng = fhi - flo
        v = u if (flo == 0 and rng == 1) else scale_shift(u, float(rng), float(flo), True)
        if dt == _f16:
            v = v.astype(_f16)
    top = dt.type(hi)
    if (v == top).any():             # a value rounded up to `to` becomes `from`, as torch does
        v[v == top] = dt.type(lo)
    return lay.place(v)


# ---------------------------------------------------------------------------------------------- normal
def normal_doubles(g, n: int) -> np.ndarray:
    """``n`` standard normals from torch's scalar sampler: Box-Muller on two double uniforms (4 words),
    returning ``r cos`` and caching ``r sin`` (unscaled) for the next call."""
    out = np.empty(n)
    i = 0
    if n and g.next_double is not None:
        out[0] = g.next_double
        g.next_double = None
        i = 1
    m = n - i
    if m:
        pairs = (m + 1) // 2
        u = g.uniform53(2 * pairs).reshape(pairs, 2)
        r = np.log1p(-u[:, 1])
        r *= -2.0
        np.sqrt(r, out=r)
        theta = (2.0 * math.pi) * u[:, 0]
        both = np.empty((pairs, 2))
        both[:, 0] = np.cos(theta)
        both[:, 1] = np.sin(theta)
        both *= r[:, None]
        flat = both.reshape(-1)
        out[i:] = flat[:m]
        if m % 2:
            g.next_double = float(flat[-1])
    return out


def _check_std(std: float) -> None:
    if not std >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {fmt(std)}")


def normal(g, lay: Layout, dt: np.dtype, mean: float = 0.0, std: float = 1.0) -> np.ndarray:
    """``normal_(mean, std)``: 16+ contiguous values take the block Box-Muller of ``_normal_fill``
    (n words, plus 16 more when n is not a multiple of 16, twice as many for float64); anything else
    takes the scalar sampler, one double normal per element, in memory order."""
    _need_float("normal_kernel_cpu", dt)
    _check_std(std)
    n = lay.numel
    if n >= 16 and lay.contiguous:
        k = n - n % 16
        if dt == _f16:             # computed in float32, 16 at a time
            out = np.empty(n, _f16)
            out[:k] = fill16_f32(g.uniform24(k), mean, std)
            if n % 16:
                out[n - 16:] = fill16_f32(g.uniform24(16), mean, std)
            return out.reshape(lay.shape)
        draw, fill = (g.uniform53, fill16_f64) if dt == _f64 else (g.uniform24, fill16_f32)
        out = draw(n)
        fill(out[:k], mean, std)
        if n % 16:
            out[n - 16:] = fill(draw(16), mean, std)
        return out.reshape(lay.shape)
    v = scale_shift(normal_doubles(g, n), std, mean)
    return lay.place(_to(v, dt))


def log_normal(g, lay: Layout, dt: np.dtype, mean: float = 1.0, std: float = 2.0) -> np.ndarray:
    """``log_normal_``: ``exp`` of the scalar normal sampler (which shares torch's cached value)."""
    _need_float("log_normal_cpu", dt)
    if not std > 0.0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={fmt(std)}")
    v = np.exp(scale_shift(normal_doubles(g, lay.numel), std, mean))
    return lay.place(_to(v, dt))


# ---------------------------------------------------------------------------------------------- integers
def _int_limits(dt: np.dtype) -> tuple:
    if dt.kind == "b":
        return 0, 1
    if dt.kind == "f":
        m = float(np.finfo(dt).max)
        return -m, m
    ii = np.iinfo(dt)
    return int(ii.min), int(ii.max)


def _update_from(frm: int, dt: np.dtype) -> int:
    f1 = int(dt.type(frm + 1)) if math.isfinite(dt.type(frm + 1)) else frm + 1
    if f1 < frm:
        n = (abs(frm + 1)).bit_length() - 1
        frm = f1 + (1 << (n - _DIGITS[dt.name] + 1))
    return frm


def _update_to(to: int, dt: np.dtype) -> int:
    t1 = int(dt.type(to - 1)) if math.isfinite(dt.type(to - 1)) else to - 1
    if t1 >= to:
        n = (abs(to - 1)).bit_length() - 1
        to = t1 - (1 << (n - _DIGITS[dt.name] + 1))
    return to


def _check_range(frm: int, to_inc: int, dt: np.dtype, warn) -> None:
    lo, hi = _int_limits(dt)
    name = _dtype._BY_CHAR[dt.char]._cname
    if not lo <= frm <= hi:
        raise RuntimeError(f"from is out of bounds for {name}")
    if not lo <= to_inc <= hi:
        raise RuntimeError(f"to - 1 is out of bounds for {name}")
    if dt.kind == "f":
        d = _DIGITS[dt.name]
        for v, what in ((frm, "from"), (to_inc, "to - 1")):
            if v < -(1 << d) or v > (1 << d):
                warn(f"{what} is out of bounds [-(2^{d}), 2^{d}]. Due to precision limitations {name} can support "
                     "discrete uniform distribution only within this range. This warning will become an error in "
                     "version 1.7 release, please fix the code in advance")


def _from_to(g, n: int, rng: int, base: int, dt: np.dtype) -> np.ndarray:
    """``(word % range) + base``: a 32-bit word each, a 64-bit one (two words) when range >= 2**28."""
    if rng >= (1 << 28):
        w = g.words64(n)
        w %= _U64(rng)
    else:
        w = g.words(n)
        w %= _U64(rng)
    w += _U64(base & 0xFFFFFFFFFFFFFFFF)      # uint64 arithmetic wraps as torch's does
    v = w.view(np.int64)
    return v.astype(dt)


def random_ints(g, lay: Layout, dt: np.dtype, frm=None, to=None, warn=None) -> np.ndarray:
    """``random_()`` (``frm`` None), ``random_(from, to)`` and ``random_(from, None)`` (up to the dtype's max)."""
    if dt.kind == "c":
        if frm is None:
            raise _not_implemented("random_kernel_cpu", dt)
        what = "check_random_bounds" if to is not None else "random_from_to_impl"
        raise RuntimeError(f"{what} handles only integral, floating-point and boolean types")
    n = lay.numel
    if frm is None:                           # random_(): [0, 2**mantissa] or [0, max]
        if dt.kind == "b":
            return lay.place((g.words(n) & _U64(1)).astype(np.bool_))
        if dt == np.int64:
            return lay.place((g.words64(n) & _U64((1 << 63) - 1)).view(np.int64))
        if dt.kind == "f":
            d = _DIGITS[dt.name]
            w = g.words64(n) if dt == _f64 else g.words(n)
            w %= _U64((1 << d) + 1)
            return lay.place(w.astype(dt))
        w = g.words(n)
        w %= _U64(int(np.iinfo(dt).max) + 1)
        return lay.place(w.astype(dt))
    frm = int(frm)
    if to is not None:
        to = int(to)
        if frm >= to:
            raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={frm} >= to={to}")
        if dt.kind == "f":
            frm, to = _update_from(frm, dt), _update_to(to, dt)
            if frm >= to:
                raise RuntimeError(f"random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but "
                                   f"got from={frm} >= to={to}")
        _check_range(frm, to - 1, dt, warn)
        rng = to - frm
    elif frm != -(1 << 63):
        if dt.kind == "f":
            to_inc = 1 << _DIGITS[dt.name]
            frm = _update_from(frm, dt)
            if frm >= to_inc:
                raise RuntimeError("random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' "
                                   f"casted to dtype, but got from={frm} > to_inc={to_inc}")
        else:
            to_inc = _int_limits(dt)[1]
        _check_range(frm, to_inc, dt, warn)
        rng = to_inc - frm + 1
    else:                                     # the full 64-bit range
        if dt.kind not in "f" and dt != np.int64:
            raise RuntimeError("random_full_64_bits_range_kernel_cpu handles only int64, double, float and bfloat16")
        return lay.place(g.words64(n).view(np.int64).astype(dt))
    return lay.place(_from_to(g, n, rng, frm, dt))


def randperm(g, n: int, dt: np.dtype) -> np.ndarray:
    """``randperm(n)``: Fisher-Yates from the front, ``random() % (n - i)`` (n - 1 words); for
    n >= 2**32 / 20 the inside-out variant with ``random64() % (i + 1)``."""
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    if dt.kind in "bc":
        raise _not_implemented("randperm", dt)
    if dt.kind == "f" and n > (1 << _DIGITS[dt.name]) + 1:
        name = {"float16": "Half", "float32": "Float", "float64": "Double"}[dt.name]
        raise RuntimeError(f"n cannot be greater than {(1 << _DIGITS[dt.name]) + 1} for {name} type.")
    if n < (1 << 32) // 20:
        z = g.words(n - 1)
        z %= np.arange(n, 1, -1, dtype=_U64)
        z += np.arange(n - 1, dtype=_U64)
        perm = list(range(n))
        for i, j in enumerate(z.tolist()):
            perm[i], perm[j] = perm[j], perm[i]
    else:
        z = g.words64(n)
        z %= np.arange(1, n + 1, dtype=_U64)
        perm = [0] * n
        for i, j in enumerate(z.tolist()):
            perm[i] = perm[j]
            perm[j] = i
    return np.array(perm, dtype=np.int64).astype(dt)


# ---------------------------------------------------------------------------------------------- bernoulli
def bernoulli_scalar(g, lay: Layout, dt: np.dtype, p: float) -> np.ndarray:
    """``bernoulli_(p)`` with a number: a double uniform (2 words) per element, ``u < p``."""
    if dt.kind == "c":
        raise _not_implemented("bernoulli_scalar_cpu_", dt)
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={fmt(p)}")
    return lay.place((g.uniform53(lay.numel) < p).astype(dt))


def bernoulli_tensor(g, lay: Layout, dt: np.dtype, p: np.ndarray) -> np.ndarray:
    """``bernoulli_(p)`` with a tensor (broadcast to self): a float uniform (1 word) and ``u < float(p)``,
    or a double one (2 words) when p is float64."""
    if dt.kind == "c":
        raise _not_implemented("bernoulli_tensor_cpu_self_", dt)
    if p.dtype.kind != "f":
        raise _not_implemented("bernoulli_tensor_cpu_p_", p.dtype)
    pf = lay.gather(np.broadcast_to(p, lay.shape))
    bad = ~((pf >= 0) & (pf <= 1))
    if bad.any():
        g.words(int(np.argmax(bad)) * (2 if p.dtype == _f64 else 1))
        raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be "
                           "improved?  If so, please report an enhancement request to PyTorch.)")
    if p.dtype == _f64:
        hit = g.uniform53(lay.numel) < pf
    else:
        hit = g.uniform24(lay.numel) < pf.astype(_f32)
    return lay.place(hit.astype(dt))


# ---------------------------------------------------------------------------------------------- from a double uniform
def exponential(g, lay: Layout, dt: np.dtype, lambd: float = 1.0) -> np.ndarray:
    """``exponential_``: ``-1 / lambd * log1p(-u)`` on a double uniform (2 words)."""
    if dt.kind != "f":
        raise RuntimeError("Exponential distribution is a continuous probability distribution. dtype must be a "
                           f"floating point but you specified {_dtype._BY_CHAR[dt.char]._legacy[:-6]}")
    if not lambd > 0.0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={fmt(lambd)}")
    v = np.log1p(-g.uniform53(lay.numel))
    v *= -1.0 / lambd
    return lay.place(_to(v, dt))


def geometric(g, lay: Layout, dt: np.dtype, p: float) -> np.ndarray:
    """``geometric_``: ``ceil(log(u) / log(1 - p))`` on a double uniform (2 words)."""
    if dt.kind in "bc":
        raise _not_implemented("geometric_cpu", dt)
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={fmt(p)}")
    with np.errstate(divide="ignore"):
        v = np.ceil(np.log(g.uniform53(lay.numel)) / math.log(1.0 - p))
    return lay.place(_to(v, dt) if dt.kind == "f" else v.astype(dt))


def cauchy(g, lay: Layout, dt: np.dtype, median: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    """``cauchy_``: ``median + sigma * tan(pi * (u - 0.5))`` (fused) on a double uniform (2 words)."""
    if not sigma > 0.0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={fmt(sigma)}")
    if dt.kind != "f":
        raise RuntimeError("Cauchy distribution is a continuous probability distribution. dtype must be a floating "
                           f"point but you specified {_dtype._BY_CHAR[dt.char]._cname}")
    t = g.uniform53(lay.numel)
    t -= 0.5
    t *= math.pi
    np.tan(t, out=t)
    return lay.place(_to(scale_shift(t, sigma, median), dt))


# ---------------------------------------------------------------------------------------------- multinomial
def multinomial(g, p: np.ndarray, n_sample: int, replacement: bool) -> np.ndarray:
    """``multinomial``. Without replacement (or one sample): ``argmax``/``topk`` of ``p / q`` with
    ``q ~ Exp(1)`` drawn by ``exponential_`` over p's layout. With replacement: per row, the cumulative
    sum (in p's dtype, float for half) normalised, and a binary search for each double uniform."""
    if not 1 <= p.ndim <= 2:
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if p.dtype.kind != "f":
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: "
                           f"{_dtype._BY_CHAR[p.dtype.char]._legacy[:-6]}")
    if n_sample <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    k = p.shape[-1]
    if not replacement and n_sample > k:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if k > (1 << 24):
        raise RuntimeError("number of categories cannot exceed 2^24")
    rows = p.reshape(1, k) if p.ndim == 1 else p
    out_shape = (n_sample,) if p.ndim == 1 else (p.shape[0], n_sample)
    if rows.size == 0 or rows.shape[0] == 0:
        return np.empty(out_shape, np.int64)
    if not replacement or n_sample == 1:
        with np.errstate(invalid="ignore"):
            if not (np.all(p < np.inf) and np.all(p >= 0)):
                raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if np.any(rows.sum(axis=1, dtype=_f64) == 0):
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        q = exponential(g, Layout.like(p), p.dtype, 1.0).reshape(rows.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            q = (rows / q).astype(p.dtype)
        if n_sample == 1:
            idx = np.argmax(q, axis=1)[:, None]
        else:
            idx = np.argsort(-q.astype(_f64), axis=1, kind="stable")[:, :n_sample]
        return idx.reshape(out_shape).astype(np.int64)
    acc = _f32 if p.dtype == _f16 else p.dtype
    out = np.empty((rows.shape[0], n_sample), np.int64)
    for i, row in enumerate(rows):
        r = row.astype(acc)
        if (r < 0).any():
            raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0)")
        if not np.isfinite(r).all():
            raise RuntimeError("invalid multinomial distribution (encountering probability entry = infinity or NaN)")
        cum = np.cumsum(r, dtype=acc)
        total = cum[-1]
        if not total > 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        cum /= total
        cum[-1] = 1
        out[i] = np.searchsorted(cum.astype(_f64), g.uniform53(n_sample), side="left")
    return out.reshape(out_shape)


# ---------------------------------------------------------------------------------------------- poisson
class _Uniforms:
    """Double uniforms one at a time from words drawn in bulk; :meth:`done` returns the unused ones."""

    def __init__(self, g, hint: int) -> None:
        self.g, self.mark, self.used = g, g.tell(), 0
        self.buf, self.i = g.uniform53(max(hint, 64)).tolist(), 0

    def __call__(self) -> float:
        if self.i == len(self.buf):
            self.buf, self.i = self.g.uniform53(2 * len(self.buf)).tolist(), 0
        self.i += 1
        self.used += 1
        return self.buf[self.i - 1]

    def done(self) -> None:
        self.g.rewind(self.mark, 2 * self.used)


def _poisson_one(lam: float, uniform) -> int:
    if lam >= 10:          # transformed rejection (Hoermann 1993), as torch and NumPy
        slam, loglam = math.sqrt(lam), math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = uniform() - 0.5
            v = uniform()
            us = 0.5 - abs(u)
            k = math.floor((2 * a / us + b) * u + lam + 0.43)
            if us >= 0.07 and v <= vr:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            if (math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)) <= (-lam + k * loglam
                                                                                     - math.lgamma(k + 1)):
                return k
    if lam == 0:
        return 0
    enlam = math.exp(-lam)
    x, prod = 0, 1.0
    while True:
        prod *= uniform()
        if prod > enlam:
            x += 1
        else:
            return x


def poisson(g, rates: np.ndarray) -> np.ndarray:
    """``poisson``: torch's sampler per element in order (a variable number of double uniforms)."""
    flat = rates.reshape(-1).astype(_f64).tolist()
    uni = _Uniforms(g, 4 * len(flat))
    out = []
    try:
        for r in flat:
            if not r >= 0:
                raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
            out.append(_poisson_one(r, uni))
    finally:
        uni.done()
    return _to(np.array(out, dtype=_f64), rates.dtype).reshape(rates.shape)

