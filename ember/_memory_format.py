"""``ember.memory_format`` and its four values (``ember.contiguous_format``, ``preserve_format``,
``channels_last``, ``channels_last_3d``), as torch names them, and the stride tests torch makes with
them: which layout a tensor's strides suggest, and whether they are a format's dense layout. Strides
here count elements, as torch's do."""
from __future__ import annotations

__all__ = ["memory_format", "contiguous_format", "preserve_format", "channels_last", "channels_last_3d",
           "suggest_memory_format", "is_contiguous_as", "torch_strides"]


class memory_format:  # noqa: N801  (torch's name)
    """The memory layout a tensor is (or is to be) allocated in; only the four values exist."""

    __slots__ = ("_name",)

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'torch.memory_format' instances")

    def __repr__(self) -> str:
        return f"torch.{self._name}"

    __str__ = __repr__

    def __reduce__(self) -> str:
        return self._name          # pickled by name: the module attribute of that name


def _make(name: str) -> memory_format:
    m = object.__new__(memory_format)
    m._name = name
    return m


contiguous_format = _make("contiguous_format")
preserve_format = _make("preserve_format")
channels_last = _make("channels_last")
channels_last_3d = _make("channels_last_3d")

# the order torch walks the dims in, innermost first, for the channels-last layouts (NHWC, NDHWC)
_ORDER = {4: (1, 3, 2, 0), 5: (1, 4, 3, 2, 0)}


def _strides_like_channels_last(shape: tuple, strides: tuple) -> bool:
    # torch's is_channels_last_strides_2d/3d: strides that increase along _ORDER (ambiguous cases,
    # such as a size-1 C or an N111 tensor, count as NCHW)
    order = _ORDER.get(len(shape))
    if order is None or strides[1] == 0:
        return False
    lo = 0
    for d in order:
        if shape[d] == 0 or strides[d] < lo:
            return False
        if d == 0 and lo == strides[1]:
            return False
        lo = strides[d] * shape[d] if shape[d] > 1 else strides[d]
    return True


def suggest_memory_format(shape: tuple, strides: tuple) -> memory_format:
    """torch's ``suggest_memory_format``: the channels-last layout a 4-D or 5-D tensor's strides follow,
    else ``contiguous_format``."""
    if _strides_like_channels_last(shape, strides):
        return channels_last if len(shape) == 4 else channels_last_3d
    return contiguous_format


def is_contiguous_as(shape: tuple, strides: tuple, fmt: memory_format) -> bool:
    """Whether ``strides`` are ``fmt``'s dense layout of ``shape`` (size-1 dims may have any stride)."""
    nd = len(shape)
    if fmt is channels_last or fmt is channels_last_3d:
        if nd != (4 if fmt is channels_last else 5):
            return False
        order = _ORDER[nd]
    elif 0 in shape:
        return True         # torch's is_contiguous of an empty tensor (not so its channels-last tests)
    else:
        order = tuple(range(nd - 1, -1, -1))
    expected = 1
    for d in order:
        if shape[d] != 1:
            if strides[d] != expected:
                return False
            expected *= shape[d]
    return True


def torch_strides(a) -> tuple:
    """An array's strides in elements as torch reports them (``Tensor.stride()``), where NumPy's differ:

    an empty array: NumPy zeroes its strides, torch keeps contiguous ones (sizes 0 read as 1). (A
    size-1 dim's stride is the array's own: ``x[None]`` makes torch's unsqueeze stride, ops/indexing.py,
    and a slice of an expanded tensor keeps its 0, as torch's does.)
    """
    shape = a.shape
    if a.size == 0 and not any(a.strides):
        out, step = [], 1
        for n in reversed(shape):
            out.append(step)
            step *= max(n, 1)
        return tuple(reversed(out))
    item = a.itemsize or 1
    return tuple(s // item for s in a.strides)
