"""``nn.Parameter`` and ``nn.Buffer``: the tensors a Module registers when they are assigned to it."""
from __future__ import annotations

from typing import Any

from .. import Tensor, empty

__all__ = ["Parameter", "Buffer"]


class Parameter(Tensor):
    r"""A kind of Tensor that is to be considered a module parameter.

    Assigned as a :class:`Module` attribute, a Parameter is added to the module's parameters (and
    appears in :meth:`~Module.parameters`); a plain Tensor is not. ``Parameter(t)`` shares ``t``'s
    data and version counter, as torch's does, and is a leaf; operations on it give plain Tensors.

    Args:
        data (Tensor): the parameter tensor. Default: an empty tensor.
        requires_grad (bool, optional): whether the parameter requires gradient, also inside
            ``no_grad``. Default: ``True``.
    """

    __slots__ = ()

    def __new__(cls, data: Tensor | None = None, requires_grad: bool = True) -> "Parameter":
        if data is None:
            data = empty(0)
        if requires_grad and not (data.dtype.is_floating_point or data.dtype.is_complex):
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        p = Tensor.__new__(cls)
        p._data = data._data
        p._requires_grad = bool(requires_grad)
        p._grad_fn = None
        p._vc = data._vc
        return p

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True) -> None:
        pass   # made in __new__ (Tensor.__init__ is the legacy constructor)

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __deepcopy__(self, memo: dict) -> "Parameter":
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.data.clone(), self.requires_grad)
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, proto: Any) -> tuple:
        return (_rebuild_parameter, (self.data, self.requires_grad))


def _rebuild_parameter(data: Tensor, requires_grad: bool) -> Parameter:
    return Parameter(data, requires_grad)


class _BufferMeta(type):
    """``isinstance(t, Buffer)`` is True for the tensors ``Buffer(...)`` returns (they are plain Tensors)."""

    def __instancecheck__(cls, instance: Any) -> bool:
        if cls is Buffer and isinstance(instance, Tensor) and getattr(instance, "_is_buffer", False):
            return True
        return super().__instancecheck__(instance)


class Buffer(Tensor, metaclass=_BufferMeta):
    r"""A kind of Tensor that should not be considered a model parameter, but is part of its state.

    Assigned as a :class:`Module` attribute it is registered as a buffer (see
    :meth:`~Module.register_buffer`). ``Buffer(t)`` returns ``t.detach()`` marked as a buffer.

    Args:
        data (Tensor): the buffer tensor. Default: an empty tensor.
        persistent (bool, optional): whether the buffer is part of the module's :attr:`state_dict`.
            Default: ``True``.
    """

    __slots__ = ()

    def __new__(cls, data: Tensor | None = None, *, persistent: bool = True) -> Any:
        if data is None:
            data = empty(0)
        t = data.detach().requires_grad_(data.requires_grad)
        t.persistent = persistent
        t._is_buffer = True
        return t
