"""Random tensors: ``rand``, ``randn``, ``randint``, their ``*_like`` forms, ``randperm``; torch's
numbers for the same seed (``_distributions``, ``docs/random.md``)."""
from __future__ import annotations

from . import _distributions as _dist, _dtype, _random_ops as _rops
from ._tensor import Tensor, check_device
from ._factory_args import _check_dims, _np_dtype, _size, int_list_arg, tensor_arg
from ._tensor_data import _finish

__all__ = ["rand", "randn", "randint", "rand_like", "randn_like", "randint_like", "randperm"]


def rand(*size, generator=None, dtype=None, device=None, requires_grad: bool = False, out=None, layout=None,
         pin_memory: bool = False) -> Tensor:
    """Return a tensor of random numbers drawn uniformly from the interval ``[0, 1)``: torch's numbers for
    the same seed (``docs/random.md``).

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size``.

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
    if out is not None:
        return _rops.sampled_into(out, "UniformBackward0", _dist.uniform, generator, _size(size), 0.0, 1.0)
    return _rops.sampled(_dist.uniform, generator, _dist.Layout(_size(size)), _np_dtype(dtype),
                         requires_grad=requires_grad)


def randn(*size, generator=None, dtype=None, device=None, requires_grad: bool = False, out=None, layout=None,
          pin_memory: bool = False) -> Tensor:
    """Return a tensor of random numbers from the standard normal distribution (mean 0, variance 1): torch's
    numbers for the same seed (``docs/random.md``).

    Args:
        size (int...): a sequence of integers defining the shape of the output tensor, or a single list,
            tuple or ``ember.Size``.

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
    if out is not None:
        return _rops.sampled_into(out, "NormalBackward0", _dist.normal, generator, _size(size), 0.0, 1.0)
    return _rops.sampled(_dist.normal, generator, _dist.Layout(_size(size)), _np_dtype(dtype),
                         requires_grad=requires_grad)


def randint(low=0, high=None, size=None, *, generator=None, dtype=None, device=None,
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
    if size is None:                 # randint(high, size)
        low, high, size = 0, low, high
    elif high is None:               # randint(high, size=...)
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing required argument 'size'")
    shape = int_list_arg("randint", "size", size, 2)     # the position torch names: randint(high, size)
    _check_dims(shape, "randint")
    if out is not None:
        warn = _rops.warner()
        return _rops.sampled_into(out, "RandomBackward0", lambda g, lay, dt: _dist.random_ints(
            g, lay, dt, int(low), int(high), warn), generator, shape)
    return _rops.sampled(_dist.random_ints, generator, _dist.Layout(shape), _np_dtype(dtype, _dtype.int64),
                         int(low), int(high), _rops.warner(), requires_grad=requires_grad)


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
    return _rops.sampled(_dist.uniform, generator, _rops.fill_new(input), (dtype or input.dtype).np,
                         requires_grad=requires_grad)


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
    return _rops.sampled(_dist.normal, generator, _rops.fill_new(input), (dtype or input.dtype).np,
                         requires_grad=requires_grad)


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
    check_device(device)
    if high is None:
        low, high = 0, low
    return _rops.sampled(_dist.random_ints, generator, _rops.fill_new(input), (dtype or input.dtype).np,
                         int(low), int(high), _rops.warner(), requires_grad=requires_grad)


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
    return _finish(_dist.randperm(g, int(n), _np_dtype(dtype, _dtype.int64)), requires_grad)
