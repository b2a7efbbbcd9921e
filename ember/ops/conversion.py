"""Conversions: clone, contiguous, ``to`` (dtype, device and memory format), ``float()``/``double()``/...,
``type``, ``cpu``/``cuda``, with torch's argument parsing and the errors of a torch built without CUDA."""
from __future__ import annotations

import operator
from typing import Callable, NoReturn

import numpy as np

from .. import _dtype
from .._factory_args import check_device, dtype_arg
from .._layout import empty_preserving
from .._memory_format import (channels_last, channels_last_3d, contiguous_format, is_contiguous_as, torch_strides,
                              memory_format as _MemoryFormat, preserve_format, suggest_memory_format)
from .._quiet import restore, silence
from .._tensor import Tensor, device as _device, make
from .._tensor_data import _tp_name
from ._op import Op
from ._record import apply

__all__ = ["clone", "contiguous", "to", "type_", "cpu", "cuda", "is_pinned", "pin_memory", "float_", "double", "half",
           "long", "int_", "short", "char", "byte", "bool_"]


class CloneBackward0(Op):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, fmt=preserve_format):
        if fmt is True:                 # the older spelling of a contiguous clone (shape_compose's)
            fmt = contiguous_format
        return _copy(a, a.dtype, fmt)

    def backward(ctx, g, xp):
        return (g,)


class ToCopyBackward0(Op):
    __slots__ = ()

    @staticmethod
    def forward(ctx, a, np_dtype, fmt=preserve_format):
        return _copy(a, np_dtype, fmt)

    def backward(ctx, g, xp):
        return (g,)  # the engine casts it back to the input's dtype


# ----------------------------------------------------------------------------------------------
# memory formats: the layout of a copy, and torch's checks of a memory_format argument
def _empty_as(a: np.ndarray, np_dtype, fmt: _MemoryFormat) -> np.ndarray:
    """An uninitialised array shaped as ``a`` laid out in ``fmt`` (``preserve_format``: ``a``'s own
    layout when it is dense, as torch's ``empty_like``)."""
    if fmt is preserve_format:
        return empty_preserving(a, np_dtype)
    if fmt is contiguous_format:
        return np.empty(a.shape, dtype=np_dtype)
    nd = 4 if fmt is channels_last else 5
    if a.ndim != nd:
        raise RuntimeError(f"required rank {nd} tensor to use {fmt._name} format")
    perm = (0,) + tuple(range(2, nd)) + (1,)          # NCHW -> NHWC, channels innermost
    back = (0, nd - 1) + tuple(range(1, nd - 1))
    return np.empty(tuple(a.shape[k] for k in perm), dtype=np_dtype).transpose(back)


def _copy(a: np.ndarray, np_dtype, fmt: _MemoryFormat) -> np.ndarray:
    """``a`` converted to ``np_dtype`` in ``fmt``'s layout (NumPy's astype lays out a non-dense
    array, such as an expanded one, in its own order, not torch's)."""
    token = silence()               # NaN to an integer, 1e39 to float16: torch converts silently
    try:
        if fmt is not channels_last and fmt is not channels_last_3d and (
                a.flags.c_contiguous or fmt is contiguous_format):
            return np.array(a, dtype=np_dtype, order="C", copy=True)
        out = _empty_as(a, np_dtype, fmt)
        np.copyto(out, a, casting="unsafe")
        return out
    finally:
        restore(token)


def cast(a: np.ndarray, np_dtype) -> np.ndarray:
    """``a`` converted to ``np_dtype`` in torch's ``preserve_format`` layout."""
    return _copy(a, np_dtype, preserve_format)


def _format_arg(fname: str, fmt) -> _MemoryFormat:
    # a memory_format keyword of a one-signature method (clone, float, cpu...): None is the default
    if fmt is None:
        return preserve_format
    if type(fmt) is not _MemoryFormat:
        raise TypeError(f"{fname}(): argument 'memory_format' must be torch.memory_format, not {_tp_name(fmt)}")
    return fmt


def _suggested(a: np.ndarray) -> _MemoryFormat:
    return suggest_memory_format(a.shape, torch_strides(a)) if a.ndim >= 4 else contiguous_format


def clone(input: Tensor, *, memory_format=None) -> Tensor:  # noqa: A002
    """Return a copy of ``input``.

    Unlike ``detach()``, the copy stays in the graph: the gradient flows back to ``input`` unchanged. By default
    the copy keeps ``input``'s memory layout, as torch's ``preserve_format`` does: the same strides when
    ``input`` is dense (a transposed tensor's copy is transposed too), else dense strides in the same order of
    dimensions.

    Args:
        input (Tensor): the input tensor.

    Keyword args:
        memory_format (ember.memory_format, optional): the layout of the copy: ``ember.preserve_format``
            (the default), ``ember.contiguous_format``, ``ember.channels_last`` (4-D) or
            ``ember.channels_last_3d`` (5-D).
    """
    fmt = preserve_format if memory_format is None else _format_arg("clone", memory_format)
    return apply(CloneBackward0, (input,), (input._data,), fmt)


def contiguous(input: Tensor, memory_format=contiguous_format) -> Tensor:  # noqa: A002
    """Return a tensor with the same data as ``input``, dense in ``memory_format``'s layout.

    ``input`` itself is returned if it already is, else a copy that stays in the graph.

    Args:
        input (Tensor): the input tensor.
        memory_format (ember.memory_format): the desired layout: ``ember.contiguous_format`` (the default),
            ``ember.channels_last`` or ``ember.channels_last_3d``.
    """
    d = input._data
    if memory_format is contiguous_format:
        if d.flags.c_contiguous:
            return input
    else:
        if type(memory_format) is not _MemoryFormat:
            raise TypeError("contiguous(): argument 'memory_format' must be torch.memory_format, not "
                            f"{_tp_name(memory_format)}")
        if is_contiguous_as(d.shape, torch_strides(d), memory_format):
            return input
        if memory_format is preserve_format:
            raise RuntimeError("preserve memory format is unsupported by the contiguous operator")
    return apply(CloneBackward0, (input,), (d,), memory_format)


# ----------------------------------------------------------------------------------------------
# to(): torch's three signatures, tried in order as its argument parser tries them
_FMT_KW = "*, torch.memory_format memory_format = None"
_TO_SIGNATURES = (
    f"torch.device device = None, torch.dtype dtype = None, bool non_blocking = False, bool copy = False, {_FMT_KW}",
    f"torch.dtype dtype, bool non_blocking = False, bool copy = False, {_FMT_KW}",
    f"Tensor tensor, bool non_blocking = False, bool copy = False, {_FMT_KW}",
)
# each signature's positional parameters: (name, kind, required)
_TO_PARAMS = (
    (("device", "device", False), ("dtype", "dtype", False), ("non_blocking", "bool", False),
     ("copy", "bool", False)),
    (("dtype", "dtype", True), ("non_blocking", "bool", False), ("copy", "bool", False)),
    (("tensor", "tensor", True), ("non_blocking", "bool", False), ("copy", "bool", False)),
)
_PY_TYPES = (float, int, bool, complex)


def _is_int(v) -> bool:
    return (type(v) is int or isinstance(v, np.integer)) and not isinstance(v, (bool, np.bool_))


def _accepts(kind: str, v, required: bool) -> bool:
    """Whether torch's parser takes ``v`` for a parameter of ``kind`` (None for an optional one)."""
    if v is None:
        return not required and kind in ("device", "dtype", "format")
    if kind == "bool":
        return type(v) is bool
    if kind == "dtype":
        return isinstance(v, _dtype.dtype) or (type(v) is type and v in _PY_TYPES)
    if kind == "device":
        return isinstance(v, (_device, str)) or _is_int(v)
    if kind == "tensor":       # a Python or NumPy number is taken as a 0-d tensor of it
        return isinstance(v, (Tensor, int, float, complex, np.number, np.bool_))
    return type(v) is _MemoryFormat


def _match(params: tuple, args: tuple, kwargs: dict) -> dict | None:
    if len(args) > len(params):
        return None
    got = {}
    for (name, kind, required), v in zip(params, args):
        if not _accepts(kind, v, required):
            return None
        got[name] = v
    if kwargs:
        names = {p[0]: p for p in params}
        for k, v in kwargs.items():
            if k == "memory_format":
                if not _accepts("format", v, False):
                    return None
            elif k not in names or k in got or not _accepts(names[k][1], v, names[k][2]):
                return None
            got[k] = v
    for name, _kind, required in params:
        if required and name not in got:
            return None
    return got


def _arg_type(v) -> str:
    # a value's type as torch's parser names it (its own classes as torch.*)
    t = type(v)
    if t is _dtype.dtype or t is _device or t is _MemoryFormat:
        return "torch." + ("memory_format" if t is _MemoryFormat else t.__name__)
    return _tp_name(v)


def _no_signature(args: tuple, kwargs: dict) -> TypeError:
    """torch's "invalid combination of arguments" error of ``to()``: the keywords given are listed last
    first, as its parser lists them."""
    got = [_arg_type(a) for a in args] + [f"{k}={_arg_type(v)}" for k, v in reversed(list(kwargs.items()))]
    spelled = ", ".join(got) + (", " if kwargs and not args else "")
    lines = [f"to() received an invalid combination of arguments - got ({spelled}), but expected one of:"]
    lines += [f" * ({sig})" for sig in _TO_SIGNATURES]
    return TypeError("\n".join(lines) + "\n")


def _number_dtype(v) -> _dtype.dtype:
    # the dtype of the 0-d tensor torch's parser makes of a number passed as to()'s tensor
    if isinstance(v, (bool, np.bool_)):
        return _dtype.bool if type(v) is bool else _dtype.float64
    if isinstance(v, (int, np.integer)):
        return _dtype.int64
    if isinstance(v, (complex, np.complexfloating)):
        return _dtype.complex128
    return _dtype.float64


def _parse_to(args: tuple, kwargs: dict) -> tuple:
    """(device, dtype, copy, memory_format) of a ``to()`` call, with torch's errors for a call that no
    signature takes."""
    for params in _TO_PARAMS:
        got = _match(params, args, kwargs)
        if got is not None:
            break
    else:
        if len(args) == 5:
            raise TypeError("to() takes from 0 to 4 positional arguments but 5 were given")
        raise _no_signature(args, kwargs)
    target = got.get("tensor")
    if target is not None:
        dtype = target.dtype if isinstance(target, Tensor) else _number_dtype(target)
    else:
        dtype = dtype_arg(got.get("dtype"), "to")
    fmt = got.get("memory_format")
    return got.get("device"), dtype, got.get("copy", False), preserve_format if fmt is None else fmt


def _to_device(dev) -> _device:
    """``dev`` as a device, or torch's errors for one this CPU-only build cannot put a tensor on (an
    index: the current accelerator's device, of which there is none)."""
    if _is_int(dev):
        _device(operator.index(dev))
    check_device(dev)
    return dev if isinstance(dev, _device) else _device(dev)


def to(input: Tensor, *args, **kwargs) -> Tensor:  # noqa: A002
    """Perform a dtype, device or memory-format conversion of ``input``.

    Forms, as torch's: ``to(device=None, dtype=None, non_blocking=False, copy=False)``, ``to(dtype,
    non_blocking=False, copy=False)`` and ``to(other, non_blocking=False, copy=False)`` (take ``other``'s dtype),
    each with the keyword ``memory_format``. A dtype may be an ember dtype or one of the Python types ``float``,
    ``int``, ``bool``, ``complex``. Only the CPU is accepted as device: another gets the error of a torch built
    without it. If nothing changes (same dtype; layout already that of ``memory_format``), ``input`` itself is
    returned (a copy with ``copy=True``). The gradient is cast back to ``input``'s dtype; converting a tensor
    that requires grad to a non-floating dtype gives a result without autograd history.

    Args:
        input (Tensor): the input tensor.
        args: a dtype, a tensor, or a device (str, int or ``ember.device``) followed by a dtype; then
            ``non_blocking`` and ``copy``.
        kwargs: ``device``, ``dtype``, ``non_blocking`` (accepted and ignored), ``copy`` (default ``False``),
            ``memory_format`` (default ``ember.preserve_format``).
    """
    if not kwargs and len(args) == 1 and type(args[0]) is _dtype.dtype:     # the common x.to(dtype)
        target, copy, fmt = args[0], False, preserve_format
    else:
        dev, target, copy, fmt = _parse_to(args, kwargs)
        if dev is not None and _to_device(dev).index is not None:
            copy = True                 # "cpu:0" is not the tensor's "cpu": torch copies
    return _convert(input, target, copy, fmt)


def _convert(input: Tensor, target, copy: bool, fmt) -> Tensor:  # noqa: A002
    d = input._data
    np_dtype = d.dtype if target is None else target.np
    if not copy and np_dtype == d.dtype and (fmt is preserve_format or _suggested(d) is fmt):
        return input                    # torch's to_will_alias
    if input._requires_grad and np_dtype.kind not in "fc":
        return make(_copy(d, np_dtype, fmt))
    return apply(ToCopyBackward0, (input,), (d,), np_dtype, fmt)


def _converter(d, name: str) -> Callable[..., Tensor]:
    def conv(self: Tensor, memory_format=None) -> Tensor:
        return _convert(self, d, False, _format_arg(name, memory_format))
    conv.__name__ = conv.__qualname__ = name
    conv.__doc__ = f"""Return ``self`` converted to ``ember.{d}``: ``self.{name}()`` is ``self.to(ember.{d})``.

        ``self`` itself is returned if it already has that dtype.

        Args:
            memory_format (ember.memory_format, optional): the layout of the result. Default:
                ``ember.preserve_format``.
        """
    return _keyword_only(conv, name)


def _keyword_only(fn: Callable, name: str) -> Callable:
    """``fn`` taking only the keyword ``memory_format``, with torch's errors for anything else."""
    def method(self: Tensor, *args, **kwargs):
        if args:
            raise TypeError(f"{name}() takes 0 positional arguments but {len(args)} "
                            f"{'was' if len(args) == 1 else 'were'} given")
        for k in kwargs:
            if k != "memory_format":
                raise TypeError(f"{name}() got an unexpected keyword argument '{k}'")
        return fn(self, **kwargs)
    method.__name__ = method.__qualname__ = name
    method.__doc__ = fn.__doc__
    return method


# ----------------------------------------------------------------------------------------------
# type(): the legacy type strings
_LEGACY = {"torch." + d._legacy: d for d in _dtype.ALL}
_CUDA_LIBRARY = ("Cannot initialize CUDA without ATen_cuda library. PyTorch splits its backend into two shared "
                 "libraries: a CPU library and a CUDA library; this error has occurred because you are trying to "
                 "use some CUDA functionality, but the CUDA library has not been loaded by the dynamic linker for "
                 "some reason.  The CUDA library MUST be loaded, EVEN IF you don't directly use any symbols from "
                 "the CUDA library! One common culprit is a lack of -Wl,--no-as-needed in your link arguments; many "
                 "dynamic linkers will delete dynamic library dependencies if you don't depend on any of their "
                 "symbols.  You can check if this has occurred by using ldd on your binary to see if there is a "
                 "dependency on *_cuda.so library.")


def _type_args(args: tuple, kwargs: dict) -> tuple:
    # type(dtype=None, non_blocking=False), read as torch reads it
    if len(args) > 2:
        raise TypeError(f"type() takes from 0 to 2 positional arguments but {len(args)} were given")
    got = dict(zip(("dtype", "non_blocking"), args))
    for k, v in kwargs.items():
        if k not in ("dtype", "non_blocking"):
            raise TypeError(f"type() got an unexpected keyword argument '{k}'")
        if k in got:
            raise TypeError(f"type() got multiple values for argument '{k}'")
        got[k] = v
    non_blocking = got.get("non_blocking", False)
    if type(non_blocking) is not bool:
        where = "" if "non_blocking" in kwargs else " (position 2)"
        raise TypeError(f"type(): argument 'non_blocking'{where} must be bool, not {_tp_name(non_blocking)}")
    return got.get("dtype"), non_blocking


def type_(self: Tensor, *args, **kwargs) -> "str | Tensor":
    """Return the type string (e.g. ``'torch.FloatTensor'``) if ``dtype`` is not given, else cast to ``dtype``.

    Args:
        dtype (ember.dtype or str, optional): the desired type, as a dtype or a legacy type string such as
            ``'torch.DoubleTensor'`` (``ember.Tensor`` is the default dtype's). Python types such as ``float``
            are refused, as by torch. Default: ``None``.
        non_blocking (bool): accepted for compatibility and ignored. Default: ``False``.
    """
    dtype, non_blocking = _type_args(args, kwargs)
    if dtype is None:
        return "torch." + self.dtype._legacy
    if isinstance(dtype, str):
        if dtype.startswith("torch.cuda.") and dtype[len("torch.cuda."):] in {d._legacy for d in _dtype.ALL}:
            raise RuntimeError(_CUDA_LIBRARY)
        target = _LEGACY.get(dtype)
        if target is None:
            raise ValueError(f"invalid type: '{dtype}'")
    elif isinstance(dtype, _dtype.dtype):
        target = dtype
    elif dtype is Tensor:
        target = _dtype.get_default_dtype()
    elif isinstance(dtype, type):
        # the type's C name: a class defined in Python is named alone
        heap = dtype.__flags__ & (1 << 9)
        name = dtype.__name__ if heap or dtype.__module__ == "builtins" else f"{dtype.__module__}.{dtype.__name__}"
        raise ValueError(f"invalid type: '{name}'")
    else:
        raise TypeError("dtype must be a type, str, or dtype object")
    return _convert(self, target, False, preserve_format)


def cuda(self: Tensor, device=None, non_blocking: bool = False, *args, **kwargs) -> NoReturn:
    """Always raise, as torch built without CUDA does: ember runs on the CPU only (``AssertionError``
    for a CUDA device, torch's errors for an index, which names an accelerator that is not there, and
    for a device that is not CUDA)."""
    if args:
        raise TypeError(f"cuda() takes from 0 to 2 positional arguments but {len(args) + 2} were given")
    for k in kwargs:
        if k != "memory_format":
            raise TypeError(f"cuda() got an unexpected keyword argument '{k}'")
    if device is not None:
        if not _accepts("device", device, False):
            raise TypeError(f"cuda(): argument 'device' (position 1) must be torch.device, not {_tp_name(device)}")
        d = _device(operator.index(device)) if _is_int(device) else _device(device)
        if d.type != "cuda":
            raise RuntimeError("Invalid device, must be cuda device")
    raise AssertionError("Torch not compiled with CUDA enabled")


def _pinned_device(device, *names: str):
    """The device read (an index names the missing accelerator: torch's error), then torch's deprecation
    warning for each function it passes through (pin_memory asks is_pinned)."""
    if device is None:
        return None
    d = _device(operator.index(device)) if _is_int(device) else _device(device)
    import warnings  # deferred: only a caller passing the deprecated argument needs it
    for name in names:
        warnings.warn(f"The argument 'device' of Tensor.{name}() is deprecated. Please do not pass this argument.",
                      DeprecationWarning, stacklevel=3)
    return d


def is_pinned(self: Tensor, device=None) -> bool:
    """Whether ``self`` is in pinned (page-locked) memory: never, on a CPU-only build (as torch's)."""
    _pinned_device(device, "is_pinned")
    return False


def pin_memory(self: Tensor, device=None) -> NoReturn:
    """Copy ``self`` to pinned memory: torch built without an accelerator raises, and so does ember
    (``RuntimeError``, torch's words for no accelerator, for the CPU and for CUDA)."""
    d = _pinned_device(device, "pin_memory", "is_pinned")
    if d is None:
        raise RuntimeError("Cannot access accelerator device when none is available.")
    if d.type == "cpu":
        raise RuntimeError("CPU device type not an accelerator.")
    if d.type == "cuda":
        raise RuntimeError(_CUDA_LIBRARY)
    raise RuntimeError(f"{d.type.upper()} device type not an accelerator.")


def _cpu(self: Tensor, memory_format=None) -> Tensor:
    """``self`` (ember's tensors already live on the CPU), or a copy in ``memory_format``'s layout."""
    return _convert(self, None, False, _format_arg("cpu", memory_format))


cpu = _keyword_only(_cpu, "cpu")
float_ = _converter(_dtype.float32, "float")
double = _converter(_dtype.float64, "double")
half = _converter(_dtype.float16, "half")
long = _converter(_dtype.int64, "long")
int_ = _converter(_dtype.int32, "int")
short = _converter(_dtype.int16, "short")
char = _converter(_dtype.int8, "char")
byte = _converter(_dtype.uint8, "byte")
bool_ = _converter(_dtype.bool, "bool")
