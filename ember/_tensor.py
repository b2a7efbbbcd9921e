"""Tensor: a NumPy array plus autograd metadata.

This module holds the data model: flags, ``grad``, ``grad_fn``, the version counter shared with
views, hooks, conversions and printing. The operations (``x.exp()``, ``x * 2``, ``x[0]``,
``x.backward()``) are defined in the layers above and bound to the class in one table,
``ember/_tensor_methods.py``, which type checkers also read.
"""
from __future__ import annotations

import re
import warnings
import weakref
from typing import TYPE_CHECKING, Any, Callable, Iterator

import numpy as np

from . import _dtype
from ._dtype import dtype as _dtype_cls
from ._grad_mode import STATE as _GRAD_STATE
from ._memory_format import (contiguous_format, is_contiguous_as, memory_format as _memory_format, preserve_format,
                             torch_strides)
from ._printing import tensor_repr
from .utils.hooks import RemovableHandle

if TYPE_CHECKING:   # the bound methods, for type checkers (at run time they are set on Tensor)
    from ._tensor_methods import TensorMethods as _Methods
else:
    _Methods = object

__all__ = ["Tensor", "Size", "device"]

_BY_CHAR = _dtype._BY_CHAR

NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be "
    "populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf "
    "Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure "
    "you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information.")


class Size(tuple):
    """A tensor's shape: a tuple that prints as ``torch.Size([2, 3])``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def numel(self) -> int:
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, key):
        r = tuple.__getitem__(self, key)
        return Size(r) if isinstance(key, slice) else r


_type_of = type     # device.__init__'s parameter is named ``type``, as torch's

# the device types torch's parser knows, in its message's order
_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga", "maia", "xla",
                 "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")


_DEVICE_STRING = re.compile(r"([a-zA-Z_]+)(?::([1-9][0-9]*|0))?")


class device:
    """Where a tensor lives. ember computes on the CPU (``device(type='cpu')``); other devices can be named
    (``device("cuda", 0)``), as in a torch built without them, but no tensor can be put there."""

    __slots__ = ("type", "index")

    def __init__(self, type: "str | device | int" = "cpu", index: int | None = None) -> None:  # noqa: A002
        if isinstance(type, device):
            type, index = type.type, type.index  # noqa: A001
        elif _type_of(type) is int:     # device(0): the current accelerator's device 0
            if type < 0:
                raise RuntimeError("Device index must not be negative")
            raise RuntimeError("Cannot access accelerator device when none is available.")
        elif not isinstance(type, str):
            raise TypeError(f"device() received an invalid combination of arguments - got "
                            f"({_type_of(type).__name__}), but expected one of:\n * (torch.device device)\n"
                            f"      didn't match because some of the arguments have invalid types: "
                            f"(!{_type_of(type).__name__}!)\n * (str type, int index = -1)\n")
        if index is not None and (_type_of(index) is not int):
            raise TypeError(f"device(): argument 'index' (position 2) must be int, not {_type_of(index).__name__}")
        if not type:
            raise RuntimeError("Device string must not be empty")
        parsed = _DEVICE_STRING.fullmatch(type)
        if parsed is None:      # torch's parser: a name of letters and '_', then an optional ':index'
            raise RuntimeError(f"Invalid device string: '{type}'")
        if parsed.group(2) is not None:
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index was passed explicitly: "
                                   f"{type}")
            type, index = parsed.group(1), int(parsed.group(2))  # noqa: A001
        if type not in _DEVICE_TYPES:
            raise RuntimeError(f"Expected one of {', '.join(_DEVICE_TYPES)} device type at start of device string: "
                               f"{type}")
        if index is not None and index < 0:
            raise RuntimeError("Device index must not be negative")
        self.type, self.index = type, index

    def __repr__(self) -> str:
        return f"device(type='{self.type}')" if self.index is None else \
            f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other) -> bool:
        if not isinstance(other, device):
            return NotImplemented       # torch: device("cpu") == "cpu" is False
        return (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))


CPU = device("cpu")


def check_device(dev) -> None:
    """ember computes on the CPU; any other device is refused with torch's words."""
    if dev is None:
        return
    d = device(dev) if not isinstance(dev, device) else dev
    if d.type != "cpu":
        raise RuntimeError(f"ember has no '{d.type}' backend yet: only device='cpu' is supported")


_object_new = object.__new__


class Tensor(_Methods):
    r"""A multi-dimensional array that can record the operations applied to it.

    Tensors whose ``requires_grad`` is True (and those computed from them while grad mode is
    enabled) build a computational graph; ``backward()`` walks it with the chain rule and fills
    the ``.grad`` of the leaves.
    """

    # _output_nr: which output of grad_fn this is, when grad_fn has several. A slot, not a class
    # default: recording reads it for every input, and a slot read is cheaper (-160 instructions
    # per recorded op of the deep chain, benchmarks/run.py workload 3)
    __slots__ = ("_data", "_requires_grad", "_grad_fn", "_vc", "_output_nr", "__dict__", "__weakref__")

    # rarely-set attributes: defaults here, set per instance in __dict__ (creating a tensor sets
    # only the four slots above: that is the hot path)
    _grad = None
    _view = None                 # _ViewInfo for views
    _accum_ref = None            # weakref to this leaf's AccumulateGrad node
    _retains_grad = False
    _leaf_hooks = None           # dict id -> fn(grad) for leaves
    _post_acc_hooks = None
    _is_param = False
    _inference = False           # made inside inference_mode: no autograd use outside it

    __array_ufunc__ = None       # NumPy operators defer to ours: ndarray * Tensor -> Tensor.__rmul__
    __array_priority__ = 1000

    def __new__(cls, *args: Any, **kwargs: Any) -> "Tensor":
        # make() and the recording fast paths set the slots themselves; this covers Tensor(...) and
        # subclasses' Tensor.__new__(cls) (nn.Parameter), which set the other four
        t = _object_new(cls)
        t._output_nr = 0
        return t

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # torch.Tensor(data) / torch.Tensor(2, 3): a float32 tensor (legacy constructor)
        if len(args) == 1 and not isinstance(args[0], int):
            src = args[0]
            data = src._data.astype(np.float32) if isinstance(src, Tensor) else np.asarray(src, dtype=np.float32)
        else:
            shape = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else args
            data = np.zeros(tuple(shape), dtype=np.float32)
        self._data = data
        self._requires_grad = False
        self._grad_fn = None
        self._vc = [0, None]
        self._output_nr = 0

    # ------------------------------------------------------------------------------------------
    # basic attributes
    @property
    def shape(self) -> Size:
        return Size(self._data.shape)

    def size(self, dim: int | None = None) -> Any:
        """The shape as a ``Size``, or the size of dimension ``dim``."""
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[size_dim(dim, self._data.ndim)]

    @property
    def dtype(self) -> _dtype_cls:
        return _BY_CHAR[self._data.dtype.char]

    @property
    def device(self) -> device:
        return CPU

    is_cuda = False
    is_sparse = False
    is_quantized = False
    is_meta = False
    layout = "torch.strided"

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def dim(self) -> int:
        return self._data.ndim

    ndimension = dim

    def numel(self) -> int:
        return self._data.size

    nelement = numel

    def element_size(self) -> int:
        return self._data.itemsize

    def stride(self, dim: int | None = None) -> Any:
        d = self._data
        st = torch_strides(d)
        return st if dim is None else st[size_dim(dim, d.ndim)]

    def is_contiguous(self, *, memory_format=contiguous_format) -> bool:
        if memory_format is contiguous_format or memory_format is preserve_format:
            return self._data.flags.c_contiguous
        if not isinstance(memory_format, _memory_format):
            raise TypeError(f"is_contiguous(): argument 'memory_format' must be torch.memory_format, not "
                            f"{type(memory_format).__name__}")
        d = self._data
        return is_contiguous_as(d.shape, torch_strides(d), memory_format)

    def is_floating_point(self) -> bool:
        return self.dtype.is_floating_point

    def is_complex(self) -> bool:
        return self.dtype.is_complex

    def data_ptr(self) -> int:
        return self._data.__array_interface__["data"][0]

    def get_device(self) -> int:
        return -1

    # ------------------------------------------------------------------------------------------
    # autograd flags
    @property
    def requires_grad(self) -> bool:
        view = self._view
        if view is not None and view.version != self._vc[0]:
            from .ops._view_graph import refresh_view_grad_fn  # deferred: the ops layer sits above tensors
            refresh_view_grad_fn(self, strict=False)
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag: bool) -> None:
        if self._grad_fn is not None:
            if flag:
                raise RuntimeError("you can only change requires_grad flags of leaf variables.")
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed variable "
                "in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
        if flag and not (self.dtype.is_floating_point or self.dtype.is_complex):
            raise RuntimeError("only Tensors of floating point and complex dtype can require gradients")
        if flag:
            self._check_not_inference()
        self._requires_grad = bool(flag)

    def _check_not_inference(self) -> None:
        if self._inference and not _GRAD_STATE.inference:
            raise RuntimeError("Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.")

    def is_inference(self) -> bool:
        """True for tensors made inside ``inference_mode``."""
        return self._inference

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        """Set ``requires_grad`` in place (leaves only) and return ``self``."""
        if self._grad_fn is not None:
            if requires_grad:
                return self                     # already requires grad: torch allows this
            self.requires_grad = requires_grad  # raises torch's non-leaf error
        if requires_grad and not (self.dtype.is_floating_point or self.dtype.is_complex):
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        if requires_grad:
            self._check_not_inference()
        self._requires_grad = bool(requires_grad)
        return self

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None      # as torch: a stale view is re-read (or refused) first

    @property
    def grad_fn(self) -> Any:
        view = self._view
        if view is not None and view.version != self._vc[0]:
            from .ops._view_graph import refresh_view_grad_fn  # deferred: the ops layer sits above tensors
            refresh_view_grad_fn(self)
        return self._grad_fn

    @property
    def grad(self) -> "Tensor | None":
        grad = self._grad
        if grad is None and self._grad_fn is not None and not self._retains_grad:   # (torch: only while undefined)
            warnings.warn(NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return grad

    @grad.setter
    def grad(self, value: "Tensor | None") -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type "
                                f"{type(value).__name__}")
            if value._data.shape != self._data.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value.shape)}' to a tensor of size "
                    f"'{list(self.shape)}'. Please ensure that the gradient and the tensor are the same size")
            if value._data.dtype != self._data.dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{value.dtype._cname}' to a tensor with grad_dtype "
                    f"'{self.dtype._legacy[:-6]}'. The gradient must match the tensor's grad_dtype (defaults to the "
                    "tensor's dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to "
                    "allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient "
                    "may break downstream systems that assume they match.")
        self._grad = value

    @grad.deleter
    def grad(self) -> None:
        self._grad = None

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad

    def retain_grad(self) -> None:
        """Make this non-leaf tensor keep its ``.grad`` during backward (no-op on leaves).

        (Its bound method prints as a built-in method, as torch's C-implemented one does.)
        """
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._grad_fn is None or self._retains_grad:
            return
        self._retains_grad = True
        node = self.grad_fn
        if node._retained is None:
            node._retained = {}
        node._retained[self.output_nr] = weakref.ref(self)
        node._general = True

    @property
    def _version(self) -> int:
        return self._vc[0]

    @property
    def _base(self) -> "Tensor | None":
        return None if self._view is None else self._view.base

    def _is_view(self) -> bool:
        return self._view is not None

    @property
    def output_nr(self) -> int:
        """Which output of ``grad_fn`` this tensor is (0 for leaves and one-output nodes)."""
        nr = self._output_nr
        if nr:
            fn = self.grad_fn
            if fn is None or fn._out_meta is None:  # regrafted onto a one-output node since
                return 0
        return nr

    def register_hook(self, hook: Callable) -> RemovableHandle:
        """Register ``hook(grad) -> Tensor | None``, called with this tensor's gradient; a returned
        tensor replaces the gradient. Returns a handle whose ``remove()`` unregisters it."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._grad_fn is None:
            if self._leaf_hooks is None:
                self._leaf_hooks = {}
            hooks = self._leaf_hooks
        else:
            node = self.grad_fn
            if node._tensor_hooks is None:
                node._tensor_hooks = {}
                node._general = True
            # one dict per output, in the order their first hooks came (torch's order across outputs)
            hooks = node._tensor_hooks.setdefault(self.output_nr, {})
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        return handle

    def register_post_accumulate_grad_hook(self, hook: Callable) -> RemovableHandle:
        """Register ``hook(tensor)``, run after ``.grad`` of this leaf has been updated."""
        if self._grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
        if self._post_acc_hooks is None:
            self._post_acc_hooks = {}
        handle = RemovableHandle(self._post_acc_hooks)
        self._post_acc_hooks[handle.id] = hook
        return handle

    # ------------------------------------------------------------------------------------------
    # detaching and data
    def detach(self) -> "Tensor":
        """A new tensor sharing data and version counter, cut from the graph."""
        t = _object_new(Tensor)
        t._data = self._data
        t._requires_grad = False
        t._grad_fn = None
        t._vc = self._vc
        t._output_nr = 0
        return t

    def detach_(self) -> "Tensor":
        """Detach this tensor from the graph in place."""
        if self._view is not None:
            raise RuntimeError(
                "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel "
                "(DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP "
                "buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer "
                "to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")
        self._grad_fn = None
        self._requires_grad = False
        return self

    @property
    def data(self) -> "Tensor":
        t = make(self._data)
        return t

    @data.setter
    def data(self, value: "Tensor") -> None:
        self._data = value._data

    # ------------------------------------------------------------------------------------------
    # conversions
    def item(self) -> Any:
        """The value of a one-element tensor as a Python number."""
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.reshape(()).item()

    def tolist(self) -> Any:
        return self._data.tolist()

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The data as a NumPy array sharing memory (torch's error if it requires grad)."""
        if self.requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return self._data

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self) -> Iterator["Tensor"]:
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def __bool__(self) -> bool:
        if self._data.size == 0:
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._data.reshape(()))

    def __float__(self) -> float:
        if self._data.size != 1:
            raise ValueError(_ONE_ELEMENT)
        if self.requires_grad:
            _warn_scalar_of_requires_grad()
        return float(self.item())

    def __int__(self) -> int:
        if self._data.size != 1:
            raise ValueError(_ONE_ELEMENT)
        return int(self.item())

    def __index__(self) -> int:
        if self.dtype.is_floating_point or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __complex__(self) -> complex:
        if self._data.size != 1:
            raise ValueError(_ONE_ELEMENT)
        if self.requires_grad:
            _warn_scalar_of_requires_grad()
        return complex(self.item())

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        try:
            fn = self.grad_fn
            name = None if fn is None else type(fn).__name__
        except RuntimeError:        # a view whose grad_fn can't be had any more: torch prints it so
            name = "Invalid"
        return tensor_repr(self._data, self.dtype.name, name, self._requires_grad)

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        # torch's: a 0-d plain Tensor formats its number; anything else is object's (a spec is refused)
        if self._data.ndim == 0 and type(self) is Tensor:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    def __reduce_ex__(self, proto):
        return (_rebuild, (self._data, self._requires_grad))

    def __deepcopy__(self, memo):
        if self._grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                               "protocol at the moment.  If you were attempting to deepcopy a module, this may be "
                               "because of a torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        t = type(self).__new__(type(self))
        Tensor.__init__(t, 0)
        t._data = _deepcopy_array(self._data, memo)
        t._requires_grad = self._requires_grad
        if self._grad is not None:
            t._grad = self._grad.__deepcopy__(memo)
        memo[id(self)] = t
        return t


_warned_scalar: list = []


def _warn_scalar_of_requires_grad() -> None:
    """torch's warning for ``float(t)``/``complex(t)`` of a tensor that requires grad: only in grad
    mode (not under no_grad), and once per process (TORCH_WARN_ONCE)."""
    if _GRAD_STATE.enabled and not _warned_scalar:
        _warned_scalar.append(True)
        warnings.warn("Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
                      "Consider using tensor.detach() first.", UserWarning, stacklevel=3)


class _BuiltinMethod:
    """Descriptor: a method whose bound form prints like a C method of torch
    (``<built-in method retain_grad of Tensor object at 0x...>``)."""

    def __init__(self, fn: Callable) -> None:
        self.fn = fn
        self.__doc__ = fn.__doc__

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self.fn
        return _BoundBuiltin(self.fn, obj)


class _BoundBuiltin:
    __slots__ = ("fn", "obj")

    def __init__(self, fn: Callable, obj: Any) -> None:
        self.fn, self.obj = fn, obj

    def __call__(self, *args, **kwargs):
        return self.fn(self.obj, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<built-in method {self.fn.__name__} of Tensor object at {hex(id(self.obj))}>"


Tensor.retain_grad = _BuiltinMethod(Tensor.retain_grad)


_ONE_ELEMENT = "only one element tensors can be converted to Python scalars"


def _storage(a: np.ndarray) -> np.ndarray:
    """The array that owns ``a``'s memory: the end of its chain of bases (through the wrapper
    NumPy's ``as_strided`` puts in between)."""
    while True:
        b = a.base
        if not isinstance(b, np.ndarray):
            b = getattr(b, "base", None)
            if not isinstance(b, np.ndarray):
                return a
        a = b


def _deepcopy_array(a: np.ndarray, memo: dict) -> np.ndarray:
    """A copy of ``a`` with its strides, sharing memory with the copies of the arrays it shares memory
    with in the same deepcopy: torch copies each storage once per deepcopy and rebuilds every tensor
    on it with its offset and strides, so a base and its view still share memory (the copies are
    plain tensors, not views in autograd's sense, as in torch)."""
    root = _storage(a)
    if not (root.flags.c_contiguous or root.flags.f_contiguous):
        return np.array(a, copy=True, order="K")
    key = ("ember.storage", id(root))
    new_root = memo.get(key)
    if new_root is None:
        new_root = memo[key] = root.copy(order="K")
        memo.setdefault(id(memo), []).append(root)      # keep it alive: its id is the key (copy's convention)
    offset = a.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    flat = new_root.reshape(-1, order="A").view(np.uint8)
    return np.ndarray(a.shape, a.dtype, buffer=flat, offset=offset, strides=a.strides)


def _rebuild(data, requires_grad):
    t = make(data)
    t._requires_grad = requires_grad
    return t


def make(data: np.ndarray, requires_grad: bool = False, grad_fn=None) -> Tensor:
    """Wrap an array as a Tensor without copying (the hot-path constructor)."""
    t = _object_new(Tensor)
    t._data = data
    t._requires_grad = requires_grad
    t._grad_fn = grad_fn
    t._vc = [0, None]
    t._output_nr = 0
    return t


def wrap_dim(dim: int, ndim: int) -> int:
    """Normalise a possibly negative dim, with torch's IndexError when out of range."""
    lo, hi = (-1, 0) if ndim == 0 else (-ndim, ndim - 1)
    if not lo <= dim <= hi:
        raise IndexError(f"Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})")
    return dim + max(ndim, 1) if dim < 0 else dim


def size_dim(dim: int, ndim: int) -> int:
    """``wrap_dim`` for ``size(dim)``/``stride(dim)``: a 0-d tensor has no dimension to name (torch's IndexError)."""
    if ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return wrap_dim(dim, ndim)
