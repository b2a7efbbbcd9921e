"""Random tensors: ``rand``, ``randn``, ``randint``, their ``*_like`` forms, ``randperm``; torch's
numbers for the same seed (``_distributions``, ``docs/random.md``)."""
from __future__ import annotations

from . import _distributions as _dist, _dtype, _random_ops as _rops
from ._tensor import Tensor
from ._factory_args import (FACTORY_KW, _check_dims, _is_index, check_device, dtype_of, int_list_arg,
                            invalid_combination, size_kw, tensor_arg)
from ._tensor_data import _finish, _tp_name

__all__ = ["rand", "randn", "randint", "rand_like", "randn_like", "randint_like", "randperm"]


def _with_generator(head: str, kw: str = f"Tensor out = None, {FACTORY_KW}") -> tuple:
    # torch declares each random factory twice: with a generator and without
    return f"{head}, *, torch.Generator generator, {kw}", f"{head}, *, {kw}"


_SIZE = _with_generator("tuple of ints size")
_RANDINT = _with_generator("int high, tuple of ints size") + _with_generator("int low, int high, tuple of ints size")
_RANDPERM = _with_generator("int n")
_LIKE_KW = f"torch.memory_format memory_format = None, {FACTORY_KW}"
_LIKE = _with_generator("Tensor input", _LIKE_KW)
_RANDINT_LIKE = (_with_generator("Tensor input, int low, int high", _LIKE_KW)
                 + _with_generator("Tensor input, Tensor high", _LIKE_KW)
                 + _with_generator("Tensor input, int high", _LIKE_KW))


def rand(*size, generator=None, dtype=None, device=None, requires_grad: bool = False, out=None, layout=None,
         pin_memory: bool = False, **kw) -> Tensor:
    """Return a tensor of random numbers drawn uniformly from the interval ``[0, 1)``: torch's numbers for
    the same seed (``docs/random.md``).

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size`` (also as the keyword ``size=``).

    Keyword args:
        generator (ember.Generator, optional): a pseudorandom number generator for sampling.
            Default: the global generator (see :func:`ember.manual_seed`).
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        out (Tensor, optional): a tensor of the requested shape to fill in place instead (in its own
            layout, as torch's ``*_out``). Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    check_device(device)
    shape = size_kw(size, kw, "rand", _SIZE)
    dtype = dtype_of(dtype, "rand", size, _SIZE) or _dtype.get_default_dtype()
    if out is not None:
        return _rops.sampled_into(out, "UniformBackward0", _dist.uniform, generator, shape, 0.0, 1.0)
    return _rops.sampled(_dist.uniform, generator, _dist.Layout(shape), dtype.np, requires_grad=requires_grad)


def randn(*size, generator=None, dtype=None, device=None, requires_grad: bool = False, out=None, layout=None,
          pin_memory: bool = False, **kw) -> Tensor:
    """Return a tensor of random numbers from the standard normal distribution (mean 0, variance 1): torch's
    numbers for the same seed (``docs/random.md``).

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size`` (also as the keyword ``size=``).

    Keyword args:
        generator (ember.Generator, optional): a pseudorandom number generator for sampling.
            Default: the global generator (see :func:`ember.manual_seed`).
        dtype (ember.dtype, optional): the desired data type. Default: the default float dtype
                (see :func:`ember.set_default_dtype`).
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        out (Tensor, optional): a tensor of the requested shape to fill in place instead (in its own
            layout, as torch's ``*_out``). Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    check_device(device)
    shape = size_kw(size, kw, "randn", _SIZE)
    dtype = dtype_of(dtype, "randn", size, _SIZE) or _dtype.get_default_dtype()
    if out is not None:
        return _rops.sampled_into(out, "NormalBackward0", _dist.normal, generator, shape, 0.0, 1.0)
    return _rops.sampled(_dist.normal, generator, _dist.Layout(shape), dtype.np, requires_grad=requires_grad)


def randint(low=None, high=None, size=None, *, generator=None, dtype=None, device=None,
            requires_grad: bool = False, out=None, layout=None, pin_memory: bool = False) -> Tensor:
    """Return a tensor of random integers drawn uniformly from ``[low, high)``: torch's numbers for the same
    seed (``docs/random.md``).

    ``randint(high, size)`` draws from ``[0, high)``.

    Args:
        low (int, optional): lowest integer to be drawn. Default: ``0``.
        high (int): one above the highest integer to be drawn.
        size (tuple): the shape of the output tensor.

    Keyword args:
        generator (ember.Generator, optional): a pseudorandom number generator for sampling.
            Default: the global generator.
        dtype (ember.dtype, optional): the desired data type. Default: ``ember.int64``.
        device (str or ember.device, optional): only the CPU is accepted. Default: ``None``.
        out (Tensor, optional): a tensor of the requested shape to fill in place instead (in its own
            layout, as torch's ``*_out``). Default: ``None``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor; needs a
            floating point ``dtype``. Default: ``False``.
    """
    check_device(device)
    given = tuple(a for a in (low, high, size) if a is not None)
    if low is None:                  # randint(high=..., size=...)
        if size is None:
            raise invalid_combination("randint", (), _RANDINT, high=high)
        low = 0
    elif size is None:               # randint(high, size)
        low, high, size = 0, low, high
    elif high is None:               # randint(high, size=...)
        low, high = 0, low
    if size is None:
        raise invalid_combination("randint", given, _RANDINT)
    if len(given) == 3 and not isinstance(size, (tuple, list)):
        raise invalid_combination("randint", given, _RANDINT)
    if not _is_index(high):
        if len(given) == 2:
            raise TypeError(f"randint(): argument 'high' (position 1) must be int, not {_tp_name(high)}")
        raise invalid_combination("randint", given, _RANDINT)
    if not _is_index(low):
        raise invalid_combination("randint", given, _RANDINT)
    shape = int_list_arg("randint", "size", size, 2)     # the position torch names: randint(high, size)
    _check_dims(shape, "randint")
    dtype = dtype_of(dtype, "randint", given, _RANDINT) or _dtype.int64
    if out is not None:
        warn = _rops.warner()
        return _rops.sampled_into(out, "RandomBackward0", lambda g, lay, dt: _dist.random_ints(
            g, lay, dt, int(low), int(high), warn), generator, shape)
    return _rops.sampled(_dist.random_ints, generator, _dist.Layout(shape), dtype.np, int(low), int(high),
                         _rops.warner(), requires_grad=requires_grad)


def rand_like(input: Tensor, *, generator=None, dtype=None, layout=None, device=None,  # noqa: A002
              requires_grad: bool = False, memory_format=None) -> Tensor:
    """Return a tensor of the same size as ``input`` filled with uniform random numbers from ``[0, 1)``
    (with ``input``'s strides when it is dense, as torch's ``empty_like``).

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    tensor_arg("rand_like", input)
    check_device(device)
    dtype = dtype_of(dtype, "rand_like", (input,), _LIKE) or input.dtype
    return _rops.sampled(_dist.uniform, generator, _rops.fill_new(input), dtype.np, requires_grad=requires_grad)


def randn_like(input: Tensor, *, generator=None, dtype=None, layout=None, device=None,  # noqa: A002
               requires_grad: bool = False, memory_format=None) -> Tensor:
    """Return a tensor of the same size as ``input`` filled with standard normal random numbers
    (with ``input``'s strides when it is dense, as torch's ``empty_like``).

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor.
            Default: ``False``.
    """
    tensor_arg("randn_like", input)
    check_device(device)
    dtype = dtype_of(dtype, "randn_like", (input,), _LIKE) or input.dtype
    return _rops.sampled(_dist.normal, generator, _rops.fill_new(input), dtype.np, requires_grad=requires_grad)


def randint_like(input: Tensor, low=0, high=None, *, generator=None, dtype=None, layout=None,  # noqa: A002
                 device=None, requires_grad: bool = False, memory_format=None) -> Tensor:
    """Return a tensor of the same shape as ``input`` filled with random integers from ``[low, high)``.

    ``randint_like(input, high)`` draws from ``[0, high)``.

    Args:
        input (Tensor): the size of ``input`` determines the size of the output tensor.
        low (int, optional): lowest integer to be drawn. Default: ``0``.
        high (int): one above the highest integer to be drawn.

    Keyword args:
        dtype (ember.dtype, optional): the desired data type. Default: ``input.dtype``.
    """
    tensor_arg("randint_like", input)
    check_device(device)
    given = (input, low) if high is None else (input, low, high)
    if high is None:
        low, high = 0, low
    if isinstance(high, Tensor) and not isinstance(low, Tensor) and len(given) == 2:
        high = high.item()           # the (Tensor input, Tensor high) overload: a 0-d tensor bound
    if not (_is_index(low) and _is_index(high)):
        raise invalid_combination("randint_like", given, _RANDINT_LIKE)
    dtype = dtype_of(dtype, "randint_like", given, _RANDINT_LIKE) or input.dtype
    return _rops.sampled(_dist.random_ints, generator, _rops.fill_new(input), dtype.np, int(low), int(high),
                         _rops.warner(), requires_grad=requires_grad)


def randperm(n: int, *, generator=None, dtype=None, layout=None, device=None, pin_memory: bool = False,
             requires_grad: bool = False) -> Tensor:
    """Return a random permutation of the integers from ``0`` to ``n - 1``: torch's permutation for the same
    seed (Fisher-Yates, ``docs/random.md``).

    Args:
        n (int): the upper bound (exclusive).

    Keyword args:
        generator (ember.Generator, optional): a pseudorandom number generator for sampling.
            Default: the global generator.
        dtype (ember.dtype, optional): the desired data type. Default: ``ember.int64``.
        device (optional): accepted for compatibility and ignored.
        requires_grad (bool, optional): if autograd should record operations on the returned tensor; needs a
            floating point ``dtype``. Default: ``False``.
    """
    check_device(device)
    g = _rops.get_generator(generator)
    dtype = dtype_of(dtype, "randperm", (n,), _RANDPERM) or _dtype.int64
    return _finish(_dist.randperm(g, int(n), dtype.np), requires_grad)
