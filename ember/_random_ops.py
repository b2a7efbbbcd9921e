"""Random tensors: the in-place samplers (``uniform_``, ``normal_``, ``random_``, ``bernoulli_``,
``exponential_``, ``geometric_``, ``log_normal_``, ``cauchy_``) and ``normal``, ``bernoulli``,
``multinomial``, ``poisson``; every one takes ``generator=`` and draws torch's numbers
(``_distributions.py``).

In-place samplers follow torch's autograd rules for in-place ops (a leaf that requires grad is
refused; on a non-leaf the node, e.g. ``UniformBackward0``, passes a zero gradient) and write the
elements in torch's order. Nodes are classes of ``ops._op.Op`` made on first use: the ops sit above
this module, which ``_random_factories`` and ``nn.init`` use.
"""
from __future__ import annotations

import os
import sys
import warnings

import numpy as np

from . import _distributions as D
from ._dtype import get_default_dtype
from ._factory_args import (FACTORY_KW, _is_index, check_device, dtype_of, int_list_arg, invalid_combination,
                            is_number_arg)
from ._tensor_data import _tp_name
from ._grad_mode import STATE
from ._tensor import Tensor, make
from .random import get_generator

__all__ = ["uniform_", "normal_", "random_", "bernoulli_", "exponential_", "geometric_", "log_normal_", "cauchy_",
           "normal", "bernoulli", "bernoulli_method", "multinomial", "poisson", "sampled", "sampled_into", "fill_new",
           "warner"]

_NODES: dict = {}


def _node(name: str, raises: str | None = None):
    """The Op class named ``name``: forward returns the sampled array, backward a zero gradient."""
    cls = _NODES.get(name)
    if cls is None:
        from .ops._op import Op  # deferred: the ops layer sits above this module

        def forward(ctx, *arrays):
            return arrays[-1]

        def backward(ctx, g, xp):
            if raises:
                raise RuntimeError(f"the derivative for '{raises}' is not implemented.")
            zero = xp.zeros_like(g)
            return (zero,) * (len(ctx.next_functions))

        cls = type(name, (Op,), {"__slots__": (), "forward": staticmethod(forward), "backward": backward,
                                 "__module__": __name__})
        if raises:
            cls.name = lambda self: "torch::autograd::NotImplemented"
        _NODES[name] = cls
    return cls


def _real_layout(a: np.ndarray):
    """(layout, real dtype) of what torch writes into: a complex tensor is filled as its real view."""
    if a.dtype.kind == "c":
        h = a.itemsize // 2
        return D.Layout(a.shape + (2,), a.strides + (h,), a.flags.c_contiguous), np.dtype(f"f{h}")
    return D.Layout.of(a), a.dtype


def _as_complex(v: np.ndarray, dt: np.dtype) -> np.ndarray:
    return np.ascontiguousarray(v).view(dt).reshape(v.shape[:-1]) if dt.kind == "c" else v


def _inplace(self: Tensor, name: str, kernel, generator, *params) -> Tensor:
    """Check torch's in-place rules, draw, and write into ``self`` as an in-place op."""
    from .ops._inplace import _check_overlap, apply_inplace, check_inplace  # deferred: ops sit above this module
    g = get_generator(generator)
    cls = _node(name)
    check_inplace(self)
    a = self._data
    _check_overlap(cls, self, (a,))
    # uniform_ and normal_ fill a complex tensor through its real view; the others refuse it
    lay, rdt = _real_layout(a) if kernel in (D.uniform, D.normal) else (D.Layout.of(a), a.dtype)
    vals = _as_complex(kernel(g, lay, rdt, *params), a.dtype)
    return apply_inplace(cls, self, (self,), (a, vals))


def _floats(fname: str, **params) -> list:
    """Each parameter as a float, with torch's TypeError for one that is not a real number."""
    out = []
    for pos, (pname, v) in enumerate(params.items(), 1):
        if not is_number_arg(v) or isinstance(v, complex) or (isinstance(v, Tensor) and v._data.dtype.kind == "c"):
            raise TypeError(f"{fname}(): argument '{pname}' (position {pos}) must be float, not {_tp_name(v)}")
        out.append(float(v))
    return out


def uniform_(self: Tensor, from_: float = 0.0, to: float = 1.0, *, generator=None, **kw) -> Tensor:
    """Fill with numbers drawn uniformly from ``[from, to)``, in place (as torch's CPU kernel)."""
    from_ = kw.pop("from", from_)
    bounds = _floats("uniform_", **{"from": from_, "to": to})
    return _inplace(self, "UniformBackward0", D.uniform, generator, *bounds)


def normal_(self: Tensor, mean: float = 0.0, std: float = 1.0, *, generator=None) -> Tensor:
    """Fill with normal numbers of mean ``mean`` and standard deviation ``std``, in place."""
    mean, std = _floats("normal_", mean=mean, std=std)
    if self._data.dtype.kind == "c":
        std = std / np.sqrt(2.0)
    return _inplace(self, "NormalBackward0", D.normal, generator, mean, std)


_RANDOM = ("*, torch.Generator generator = None", "int from, int to, *, torch.Generator generator = None",
           "int to, *, torch.Generator generator = None")


def random_(self: Tensor, *args, generator=None, **kw) -> Tensor:
    """``random_()``: integers over the dtype's range; ``random_(to)``: ``[0, to)``;
    ``random_(from, to)``: ``[from, to)`` (``to=None``: up to the dtype's maximum)."""
    if not args and set(kw) == {"to"} and not _is_index(kw["to"]):
        raise invalid_combination("random_", (), _RANDOM, to=kw["to"])
    if "from" in kw:
        args = (kw.pop("from"),) + args
    if "to" in kw:
        args = args + (kw.pop("to"),) if args else (0, kw.pop("to"))
    if kw:
        raise TypeError(f"random_() got an unexpected keyword argument '{next(iter(kw))}'")
    if len(args) > 2:
        raise TypeError(f"random_() takes 2 positional arguments but {len(args)} were given")
    if not all(_is_index(a) for a in args) and not (len(args) == 2 and _is_index(args[0]) and args[1] is None):
        err = invalid_combination("random_", args, _RANDOM)
        if len(args) == 2:       # torch's parser explains the first signature's mismatch
            lines = str(err).split("\n")
            lines.insert(2, "      didn't match because some of the arguments have invalid types: "
                            f"({', '.join(f'!{_tp_name(a)}!' for a in args)})")
            err = TypeError("\n".join(lines))
        raise err
    if not args:
        name, frm, to = "RandomBackward2", None, None
    elif len(args) == 1:
        name, frm, to = "RandomBackward1", 0, args[0]
    else:
        name, (frm, to) = "RandomBackward0", args
    warn = warner()
    return _inplace(self, name, lambda g, lay, dt: D.random_ints(g, lay, dt, frm, to, warn), generator)


def warner():
    """A function that warns as torch does, at the user's line (the first frame outside ember)."""
    def warn(msg: str) -> None:
        level, f = 1, sys._getframe(1)
        while f is not None and f.f_code.co_filename.startswith(_PKG):
            level, f = level + 1, f.f_back
        warnings.warn(msg, UserWarning, stacklevel=level + 1)
    return warn


_PKG = os.path.dirname(os.path.abspath(__file__))


def bernoulli_(self: Tensor, p=0.5, *, generator=None) -> Tensor:
    """Fill with 0/1 draws, 1 with probability ``p`` (a number, or a tensor broadcast to self)."""
    if isinstance(p, Tensor):
        pd = p._data
        try:
            np.broadcast_to(pd, self._data.shape)
        except ValueError:
            raise RuntimeError(_expand_error(pd.shape, self._data.shape)) from None
        return _inplace(self, "BernoulliBackward1", D.bernoulli_tensor, generator, pd)
    return _inplace(self, "BernoulliBackward2", D.bernoulli_scalar, generator, float(p))


def _expand_error(src: tuple, target: tuple) -> str:
    for i in range(1, len(src) + 1):
        if src[-i] != 1 and (i > len(target) or src[-i] != target[-i]):
            dim = len(target) - i
            break
    else:
        dim = 0
    size = target[dim] if 0 <= dim < len(target) else 1
    return (f"The expanded size of the tensor ({size}) must match the existing size ({src[-i]}) at non-singleton "
            f"dimension {dim}.  Target sizes: {list(target)}.  Tensor sizes: {list(src)}")


def exponential_(self: Tensor, lambd: float = 1.0, *, generator=None) -> Tensor:
    """Fill with exponential numbers of rate ``lambd``, in place."""
    return _inplace(self, "ExponentialBackward0", D.exponential, generator, *_floats("exponential_", lambd=lambd))


def geometric_(self: Tensor, p: "float | None" = None, *, generator=None) -> Tensor:
    """Fill with geometric numbers (trials until the first success, success probability ``p``), in place."""
    if p is None:
        raise TypeError('geometric_() missing 1 required positional arguments: "p"')
    return _inplace(self, "GeometricBackward0", D.geometric, generator, *_floats("geometric_", p=p))


def log_normal_(self: Tensor, mean: float = 1.0, std: float = 2.0, *, generator=None) -> Tensor:
    """Fill with ``exp(N(mean, std))`` numbers, in place."""
    return _inplace(self, "LogNormalBackward0", D.log_normal, generator, *_floats("log_normal_", mean=mean, std=std))


def cauchy_(self: Tensor, median: float = 0.0, sigma: float = 1.0, *, generator=None) -> Tensor:
    """Fill with Cauchy numbers of location ``median`` and scale ``sigma``, in place."""
    return _inplace(self, "CauchyBackward0", D.cauchy, generator, *_floats("cauchy_", median=median, sigma=sigma))


# -------------------------------------------------------------------------------------------------- new tensors
def _finish(data: np.ndarray, requires_grad: bool) -> Tensor:
    t = make(data)
    if STATE.inference:
        t._inference = True
    if requires_grad:
        if data.dtype.kind not in "fc":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._requires_grad = True
    return t


def sampled(kernel, generator, lay: D.Layout, npdt: np.dtype, *params, requires_grad: bool = False) -> Tensor:
    """A new tensor of layout ``lay`` filled by ``kernel`` (the factories: ``rand``, ``randn``, ...)."""
    g = get_generator(generator)
    if npdt.kind == "c" and kernel in (D.uniform, D.normal):     # drawn into the real view, as torch
        h = npdt.itemsize // 2
        rl = D.Layout(lay.shape + (2,), None if lay.strides is None else lay.strides + (h,), lay.contiguous)
        if kernel is D.normal:       # real and imaginary parts each get half the variance
            params = (params[0], params[1] / np.sqrt(2.0)) if params else (0.0, 1.0 / np.sqrt(2.0))
        data = _as_complex(kernel(g, rl, np.dtype(f"f{h}"), *params), npdt)
    else:
        data = kernel(g, lay, npdt, *params)
    perm = lay.order()
    if perm is not None:             # keep the strides torch's empty_like gives a dense input
        out = np.empty([lay.shape[d] for d in perm], npdt).transpose(np.argsort(perm))
        out[...] = data
        data = out
    return _finish(np.asarray(data), requires_grad)


def sampled_into(out: Tensor, name: str, kernel, generator, shape: tuple, *params) -> Tensor:
    """``rand(..., out=t)`` and friends: fill ``out`` in place, in its own layout, as torch's ``*_out``."""
    if not isinstance(out, Tensor):
        raise TypeError(f"argument 'out' must be Tensor, not {type(out).__name__}")
    if tuple(out.shape) != tuple(shape):
        raise RuntimeError(f"ember: out= must already have the requested shape {list(shape)}, got "
                           f"{list(out.shape)} (resizing out is not supported)")
    return _inplace(out, name, kernel, generator, *params)


def fill_new(like: Tensor) -> D.Layout:
    """The layout of ``empty_like(like)``: like's strides when it is dense, else contiguous."""
    return D.Layout.like(like._data)


_NORMAL_KW = "*, torch.Generator generator = None, Tensor out = None"
_NORMAL = (f"Tensor mean, Tensor std, {_NORMAL_KW}", f"Tensor mean, float std = 1, {_NORMAL_KW}",
           f"float mean, Tensor std, {_NORMAL_KW}", f"float mean, float std, tuple of ints size, {_NORMAL_KW}, "
           f"{FACTORY_KW}")


def normal(mean, std=1.0, size=None, *, generator=None, out=None, dtype=None, layout=None, device=None,
           pin_memory: bool = False, requires_grad: bool = False) -> Tensor:
    """Return normal random numbers: torch's numbers for the same seed (``docs/random.md``).

    The four overloads: ``normal(mean, std, size)`` with numbers; ``normal(mean_tensor, std=1.0)``,
    ``normal(mean, std_tensor)`` and ``normal(mean_tensor, std_tensor)`` elementwise (broadcast together).
    As torch, a standard normal is drawn first and then scaled: ``z * std + mean``.

    Args:
        mean (float or Tensor): the mean(s).
        std (float or Tensor, optional): the standard deviation(s), non-negative. Default: ``1.0``.
        size (tuple of ints, optional): the shape, with a number mean and std.

    Keyword args:
        generator (ember.Generator, optional): a pseudorandom number generator for sampling.
        out (Tensor, optional): a tensor of the result's shape to fill in place instead (in its own layout
            and dtype, as torch's ``normal_out``). Default: ``None``.
        dtype (ember.dtype, optional): the dtype, with a number mean and std. Default: the default float dtype.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        requires_grad (bool, optional): with a number mean and std, if autograd should record operations on
            the returned tensor. Default: ``False``.
    """
    check_device(device)
    mt, st = isinstance(mean, Tensor), isinstance(std, Tensor)
    if not mt and not st:
        given = (mean, std) if size is None else (mean, std, size)
        if size is None or not isinstance(size, (tuple, list)):
            raise invalid_combination("normal", given, _NORMAL)
        shape = int_list_arg("normal", "size", size, 3)
        if out is not None:
            return sampled_into(out, "NormalBackward0", D.normal, generator, shape, float(mean), float(std))
        npdt = (dtype_of(dtype, "normal", given, _NORMAL) or get_default_dtype()).np
        return sampled(D.normal, generator, D.Layout(shape), npdt, float(mean), float(std),
                       requires_grad=requires_grad)
    g = get_generator(generator)
    if st:
        sd = std._data
        if sd.dtype.kind == "c":
            raise RuntimeError("normal expects standard deviation to be non-complex")
        if sd.size and not (sd.min() >= 0):
            raise RuntimeError("normal expects all elements of std >= 0.0")
    if out is not None:
        return _normal_out(mean, std, out, generator)
    if mt and not st:
        md = mean._data
        std = float(std)
        D._check_std(std)
        z = D.normal(g, D.Layout(md.shape), md.dtype, 0.0, std)
        vals = (z + md).astype(md.dtype, copy=False)
        return _record("NormalBackward1", (mean,), (md, vals))
    if st and not mt:
        z = D.normal(g, D.Layout(sd.shape), sd.dtype, 0.0, 1.0)
        vals = (z * sd).astype(sd.dtype, copy=False)
        vals = (vals + sd.dtype.type(mean)).astype(sd.dtype, copy=False)
        return _record("NormalBackward2", (std,), (sd, vals))
    md = mean._data
    try:
        shape = np.broadcast_shapes(md.shape, sd.shape)
    except ValueError:
        raise RuntimeError(_size_mismatch(md.shape, sd.shape)) from None
    z = D.normal(g, D.Layout(shape), md.dtype, 0.0, 1.0)
    vals = (z * sd).astype(md.dtype, copy=False)
    vals = (vals + md).astype(md.dtype, copy=False)
    return _record("NormalBackward3", (mean, std), (md, sd, vals))


def _normal_out(mean, std, out: Tensor, generator) -> Tensor:
    """``normal(mean, std, out=t)`` with a tensor mean and/or std: as torch's ``normal_out``, ``out`` is
    filled with standard normals in its own layout and dtype, then scaled by std and shifted by mean."""
    tensors = [t for t in (mean, std) if isinstance(t, Tensor)]
    if STATE.enabled and any(t._requires_grad for t in tensors):
        raise RuntimeError("normal(): functions with out=... arguments don't support automatic differentiation, but "
                           "one of the arguments requires grad.")
    if not isinstance(std, Tensor):
        std = float(std)
        D._check_std(std)
    shapes = [t._data.shape for t in tensors]
    try:
        shape = np.broadcast_shapes(*shapes)
    except ValueError:
        raise RuntimeError(_size_mismatch(*shapes)) from None

    def kernel(g, lay, dt):
        if isinstance(std, Tensor):
            z = D.normal(g, lay, dt, 0.0, 1.0) * std._data.astype(dt, copy=False)
        else:
            z = D.normal(g, lay, dt, 0.0, std)
        m = mean._data.astype(dt, copy=False) if isinstance(mean, Tensor) else dt.type(mean)
        return np.asarray(z + m, dtype=dt)
    return sampled_into(out, "NormalBackward0", kernel, generator, shape)


def _size_mismatch(a: tuple, b: tuple) -> str:
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x != y and x != 1 and y != 1:
            return (f"The size of tensor a ({x}) must match the size of tensor b ({y}) at non-singleton dimension "
                    f"{max(len(a), len(b)) - i}")
    return "shape mismatch"


def _record(name: str, tensors: tuple, arrays: tuple, raises: str | None = None) -> Tensor:
    if STATE.enabled and any(t._requires_grad for t in tensors):
        from .ops._record import apply  # deferred: the ops layer sits above this module
        return apply(_node(name, raises), tensors, arrays[:-1], arrays[-1])
    return _finish(arrays[-1], False)


def bernoulli(input: Tensor, p=None, *, generator=None) -> Tensor:  # noqa: A002
    """0/1 draws: 1 with probability ``input`` (elementwise), or with probability ``p`` (a number)."""
    a = input._data
    g = get_generator(generator)
    lay = D.Layout(a.shape)
    if p is None:
        vals = D.bernoulli_tensor(g, lay, a.dtype, a)
        return _record("BernoulliBackward0", (input,), (a, vals))
    vals = D.bernoulli_scalar(g, lay, a.dtype, float(p))
    return _record("NotImplemented", (input,), (a, vals), raises="bernoulli")


def bernoulli_method(self: Tensor, p=None, *, generator=None) -> Tensor:
    """``Tensor.bernoulli(p=None)``: see :func:`bernoulli`."""
    return bernoulli(self, p, generator=generator)


def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *,  # noqa: A002
                generator=None) -> Tensor:
    """Indices drawn from the rows of ``input`` (non-negative weights, 1-D or 2-D), with or without
    replacement, as int64."""
    return make(D.multinomial(get_generator(generator), input._data, int(num_samples), bool(replacement)))


def poisson(input: Tensor, generator=None) -> Tensor:  # noqa: A002
    """Poisson counts with rates ``input`` (elementwise), in input's dtype."""
    a = input._data
    vals = D.poisson(get_generator(generator), a)
    return _record("PoissonBackward0", (input,), (a, vals))
