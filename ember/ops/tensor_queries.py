"""Tensor queries and the complex-number API as torch gives it to real tensors (loaded on first use).

``is_cpu``, ``nbytes``, ``itemsize``, ``is_signed``, ``is_nonzero``, ``is_same_size``; the conjugate and
negative bits (``is_conj``, ``is_neg``, ``resolve_conj``, ``resolve_neg``: ember never sets them, so the
resolving functions return their input, as torch does for a tensor without the bit); ``conj``,
``conj_physical``, ``real``, ``imag``, ``H``, ``mH``, ``adjoint``; ``empty_strided`` and
``Tensor.new_empty_strided``.

On real tensors these are torch's: ``conj``, ``conj_physical``, ``resolve_conj`` and ``real`` return the
tensor itself, ``imag`` raises, ``H``/``mH``/``adjoint`` are transposes (``TransposeBackward0``). On complex
tensors ember computes values (``conj`` copies, where torch sets a lazy conjugate bit; ``real``/``imag``
share the tensor's memory) but has no complex autograd: on an input requiring grad (in grad mode) they
raise rather than return a result cut off from the graph.
"""
from __future__ import annotations

import warnings

import numpy as np

from .._factory_args import _np_dtype, int_list_arg
from .._grad_mode import STATE
from .._tensor import Tensor, make
from .._tensor_data import _finish, _tp_name, check_device
from ._inplace import apply_inplace
from ._op import Op
from .shape import mT as _mT, transpose

__all__ = ["is_cpu", "nbytes", "itemsize", "is_xpu", "is_mps", "is_mkldnn", "is_nested", "is_shared", "share_memory_",
           "is_signed", "is_nonzero", "is_same_size", "is_complex", "is_conj",
           "is_neg", "resolve_conj", "resolve_neg", "conj", "conj_physical", "conj_physical_", "real", "imag",
           "H", "mH", "adjoint", "empty_strided", "new_empty_strided", "is_inference"]

class ConjPhysicalBackward1(Op):
    """``x.conj_physical_()``: torch runs it in place even on a real tensor (the version moves, the node is
    recorded), where it changes nothing; its gradient is ``g.conj()``, ``g`` itself as ember's graphs are real."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, a):
        return np.conj(a) if a.dtype.kind == "c" else a.copy()     # (NumPy's conj of bools gives int8)

    def backward(ctx, g, xp):
        return (g,)


_UNSIGNED = "bu"    # NumPy kinds torch calls unsigned: bool and the uintN


def _tensor_arg(fname: str, pname: str, pos: int, value) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"{fname}(): argument '{pname}' (position {pos}) must be Tensor, not {_tp_name(value)}")


def _complex_no_grad(input: Tensor, name: str, node: str) -> None:  # noqa: A002
    if input._requires_grad and STATE.enabled:
        raise RuntimeError(f"{name}: ember has no complex autograd, so its gradient (torch's {node}) is not "
                           "available; call it on x.detach() or under ember.no_grad().")


def _wrap(data: np.ndarray) -> Tensor:
    out = make(data)
    if STATE.inference:
        out._inference = True
    return out


# ------------------------------------------------------------------------------------------ queries
def _is_cpu(self: Tensor) -> bool:
    """Always True: ember tensors live in host memory."""
    return True


def _nbytes(self: Tensor) -> int:
    """``numel() * element_size()``: the bytes the elements take (an expanded tensor counts every element)."""
    return int(self._data.size) * self._data.itemsize


def _itemsize(self: Tensor) -> int:
    """The size of one element in bytes (``element_size()``)."""
    return self._data.itemsize


def _false(self: Tensor) -> bool:
    """False: ember tensors live in host memory, strided and dense."""
    return False


is_cpu, nbytes, itemsize = property(_is_cpu), property(_nbytes), property(_itemsize)
is_xpu = is_mps = is_mkldnn = is_nested = property(_false)


def is_shared(self: Tensor) -> bool:
    """False: ember keeps no tensor in memory shared between processes."""
    return False


def share_memory_(self: Tensor) -> Tensor:
    """``self``: ember's tensors live in one process, so there is nothing to move (torch moves the storage to
    shared memory for ``torch.multiprocessing``)."""
    return self


def is_signed(input: Tensor) -> bool:  # noqa: A002
    """True if ``input``'s dtype is a signed type (the signed integers, floating and complex types)."""
    _tensor_arg("is_signed", "input", 1, input)
    return input._data.dtype.kind not in _UNSIGNED


def is_complex(input: Tensor) -> bool:  # noqa: A002
    """True if ``input``'s dtype is a complex type."""
    _tensor_arg("is_complex", "input", 1, input)
    return input._data.dtype.kind == "c"


def is_nonzero(input: Tensor) -> bool:  # noqa: A002
    """Whether the single element of a one-element tensor is not zero (NaN is not zero).

    Raises:
        RuntimeError: for a tensor with no element or more than one, as ``bool(input)`` does.
    """
    _tensor_arg("is_nonzero", "input", 1, input)
    n = input._data.size
    if n == 0:
        raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
    if n > 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(input._data.reshape(()) != 0)


def is_same_size(input: Tensor, other: Tensor) -> bool:  # noqa: A002
    """True if ``input`` and ``other`` have the same shape."""
    _tensor_arg("is_same_size", "input", 1, input)
    _tensor_arg("is_same_size", "other", 2, other)
    return input._data.shape == other._data.shape


def is_conj(input: Tensor) -> bool:  # noqa: A002
    """Whether ``input``'s conjugate bit is set: never in ember (``conj`` conjugates eagerly)."""
    _tensor_arg("is_conj", "input", 1, input)
    return False


def is_neg(input: Tensor) -> bool:  # noqa: A002
    """Whether ``input``'s negative bit is set: never in ember."""
    _tensor_arg("is_neg", "input", 1, input)
    return False


def is_inference(input: Tensor) -> bool:  # noqa: A002
    """True if ``input`` was made under :class:`ember.inference_mode` (an inference tensor)."""
    _tensor_arg("is_inference", "input", 1, input)
    return input.is_inference()


def resolve_conj(input: Tensor) -> Tensor:  # noqa: A002
    """``input`` with its conjugate bit materialised: ``input`` itself, as ember never sets the bit."""
    _tensor_arg("resolve_conj", "input", 1, input)
    return input


def resolve_neg(input: Tensor) -> Tensor:  # noqa: A002
    """``input`` with its negative bit materialised: ``input`` itself, as ember never sets the bit."""
    _tensor_arg("resolve_neg", "input", 1, input)
    return input


# ------------------------------------------------------------------------------------ conjugation
def _conjugated(input: Tensor, name: str, node: str) -> Tensor:  # noqa: A002
    _complex_no_grad(input, name, node)
    return _wrap(np.conj(input._data))


def conj(input: Tensor) -> Tensor:  # noqa: A002
    """The complex conjugate of ``input``: ``input`` itself for a non-complex tensor (as torch).

    For a complex tensor torch returns a lazily conjugated view (``is_conj()`` True); ember returns the
    conjugated values as a new tensor, not differentiable (ember has no complex autograd).
    """
    _tensor_arg("conj", "input", 1, input)
    return _conjugated(input, "conj", "ConjBackward0") if input._data.dtype.kind == "c" else input


def conj_physical(input: Tensor) -> Tensor:  # noqa: A002
    """The complex conjugate of ``input``, computed: ``input`` itself for a non-complex tensor (as torch)."""
    _tensor_arg("conj_physical", "input", 1, input)
    if input._data.dtype.kind == "c":
        return _conjugated(input, "conj_physical", "ConjPhysicalBackward0")
    return input


def conj_physical_(input: Tensor) -> Tensor:  # noqa: A002
    """In-place :func:`conj_physical`. On a real tensor the values stay, but as in torch it is an in-place
    op: the version counter moves, a leaf requiring grad is refused, and ``ConjPhysicalBackward1`` recorded."""
    _tensor_arg("conj_physical_", "input", 1, input)
    if input._data.dtype.kind == "c":
        _complex_no_grad(input, "conj_physical_", "ConjPhysicalBackward1")
    return apply_inplace(ConjPhysicalBackward1, input, (input,), (input._data,))


def _real(self: Tensor) -> Tensor:
    """The real part: ``self`` itself for a real tensor; a complex tensor's real part shares its memory."""
    if self._data.dtype.kind != "c":
        return self
    _complex_no_grad(self, "real", "SelectBackward0")
    return _wrap(self._data.real)


def _imag(self: Tensor) -> Tensor:
    """The imaginary part of a complex tensor (sharing its memory); torch's error for a real one."""
    if self._data.dtype.kind != "c":
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    _complex_no_grad(self, "imag", "SelectBackward0")
    return _wrap(self._data.imag)


def _set_real(self: Tensor, value) -> None:
    _real(self).copy_(value)        # ``x.real = v``: an in-place copy, with copy_'s rules (a leaf is refused)


def _set_imag(self: Tensor, value) -> None:
    _imag(self).copy_(value)


real, imag = property(_real, _set_real), property(_imag, _set_imag)


def real_function(input: Tensor) -> Tensor:  # noqa: A002
    """``torch.real``: the real part of ``input`` (``input`` itself when it is not complex)."""
    _tensor_arg("real", "input", 1, input)
    return _real(input)


def imag_function(input: Tensor) -> Tensor:  # noqa: A002
    """``torch.imag``: the imaginary part of a complex ``input``; RuntimeError for a real one."""
    _tensor_arg("imag", "input", 1, input)
    return _imag(input)


# ------------------------------------------------------------------------------ conjugate transposes
def _conj_of(t: Tensor) -> Tensor:
    return _conjugated(t, "conj", "ConjBackward0") if t._data.dtype.kind == "c" else t


def _H(self: Tensor) -> Tensor:  # noqa: N802
    nd = self._data.ndim
    if nd == 0:
        warnings.warn("Tensor.H is deprecated on 0-D tensors. Consider using x.conj().", UserWarning, stacklevel=2)
        return _conj_of(self)
    if nd != 2:
        hint = " For batches of matrices, consider using tensor.mH" if nd > 2 else ""
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {nd}-D tensor.{hint}")
    return _conj_of(transpose(self, 0, 1))


def _matrix_adjoint(self: Tensor, what: str, warn: str) -> Tensor:
    nd = self._data.ndim
    if nd == 0:
        warnings.warn(f"{warn} is deprecated on 0-D tensors. Consider using x.conj().", UserWarning, stacklevel=3)
        return _conj_of(self)
    if nd == 1:
        raise RuntimeError(f"{what} is only supported on matrices or batches of matrices. Got 1-D tensor.")
    return _conj_of(_mT(self))


def _mH(self: Tensor) -> Tensor:  # noqa: N802
    return _matrix_adjoint(self, "tensor.mH", "Tensor.mH")


H, mH = property(_H, doc="The conjugate transpose of a matrix (``Tensor.H``)."), \
    property(_mH, doc="The conjugate transpose of the last two dimensions (``Tensor.mH``).")


def adjoint(input: Tensor) -> Tensor:  # noqa: A002
    """The conjugate transpose of the last two dimensions (a view for real tensors): ``input.mH``.

    Args:
        input (Tensor): a matrix or a batch of matrices (a 0-D tensor is returned, with torch's warning).
    """
    _tensor_arg("adjoint", "input", 1, input)
    return _matrix_adjoint(input, "tensor.adjoint()", "adjoint()")


# ---------------------------------------------------------------------------------- empty_strided
def _strided_zeros(size: tuple, stride: tuple, npd: np.dtype) -> np.ndarray:
    if len(size) != len(stride):
        raise RuntimeError(f"dimensionality of sizes ({len(size)}) must match dimensionality of strides "
                           f"({len(stride)})")
    for k in size:
        if k < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {k}: {list(size)}")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and strides={list(stride)}")
    extent = 0 if 0 in size else 1 + sum((k - 1) * s for k, s in zip(size, stride))
    storage = np.zeros(extent, dtype=npd)       # zeros, as ember's empty: reproducible reads
    return np.lib.stride_tricks.as_strided(storage, size, tuple(s * npd.itemsize for s in stride))


def empty_strided(size, stride, *, dtype=None, layout=None, device=None, requires_grad: bool = False,
                  pin_memory: bool = False) -> Tensor:
    """A tensor of shape ``size`` with element strides ``stride`` over a fresh storage (ember fills it with
    zeros; torch leaves it uninitialised).

    Args:
        size (tuple of int): the shape of the output tensor.
        stride (tuple of int): the stride of each dimension, in elements.

    Keyword args:
        dtype (ember.dtype, optional): Default: the default float dtype.
        device (str or ember.device, optional): only the CPU is accepted.
        requires_grad (bool, optional): if autograd should record operations on it. Default: ``False``.
    """
    check_device(device)
    size = int_list_arg("empty_strided", "size", size, 1)
    stride = int_list_arg("empty_strided", "stride", stride, 2)
    return _finish(_strided_zeros(size, stride, _np_dtype(dtype, fname="empty_strided")), requires_grad)


def new_empty_strided(self: Tensor, size, stride, *, dtype=None, layout=None, device=None,
                      requires_grad: bool = False, pin_memory: bool = False) -> Tensor:
    """:func:`empty_strided` with ``self``'s dtype unless ``dtype`` is given."""
    check_device(device)
    size = int_list_arg("new_empty_strided", "size", size, 1)
    stride = int_list_arg("new_empty_strided", "stride", stride, 2)
    npd = self._data.dtype if dtype is None else _np_dtype(dtype, fname="new_empty_strided")
    return _finish(_strided_zeros(size, stride, npd), requires_grad)
