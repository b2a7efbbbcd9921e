"""``ember.finfo`` and ``ember.iinfo``: the numerical properties of a floating or integer dtype, as torch
gives them (Python floats and ints; a complex dtype's are those of its real type). Loaded on first use."""
from __future__ import annotations

import numpy as np

from ._dtype import dtype as _dtype_cls, get_default_dtype

__all__ = ["finfo", "iinfo"]


def _check(fname: str, type: object) -> _dtype_cls:  # noqa: A002
    if not isinstance(type, _dtype_cls):
        raise TypeError(f"{fname}(): argument 'type' (position 1) must be torch.dtype, not "
                        f"{type.__class__.__name__}")
    return type


class finfo:  # noqa: N801  (torch's name)
    """The numerical properties of a floating dtype (the default dtype if none): ``bits``, ``eps``, ``max``,
    ``min``, ``tiny`` (= ``smallest_normal``), ``resolution`` and ``dtype`` (its name)."""
    __slots__ = ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype")
    __module__ = "ember"

    def __init__(self, type: _dtype_cls | None = None) -> None:  # noqa: A002
        d = get_default_dtype() if type is None else _check("finfo", type)
        if not (d.is_floating_point or d.is_complex):
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle "
                            "'torch.finfo'")
        d = d.to_real()
        info = np.finfo(d.np)
        self.bits = d.itemsize * 8
        self.eps, self.max, self.min = float(info.eps), float(info.max), float(info.min)
        self.tiny = self.smallest_normal = float(info.smallest_normal)
        self.resolution = 10.0 ** -int(info.precision)
        self.dtype = d.name

    def _key(self) -> tuple:
        return tuple(getattr(self, k) for k in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, finfo) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:  # noqa: N801  (torch's name)
    """The numerical properties of an integer dtype: ``bits``, ``max``, ``min`` and ``dtype`` (its name)."""
    __slots__ = ("bits", "max", "min", "dtype")
    __module__ = "ember"

    def __init__(self, type: _dtype_cls) -> None:  # noqa: A002
        d = _check("iinfo", type)
        if d.name == "bool":
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if d.is_floating_point or d.is_complex:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle "
                            "'torch.iinfo'")
        info = np.iinfo(d.np)
        self.bits, self.max, self.min, self.dtype = d.itemsize * 8, int(info.max), int(info.min), d.name

    def _key(self) -> tuple:
        return tuple(getattr(self, k) for k in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, iinfo) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"iinfo(min={float(self.min):g}, max={float(self.max):g}, dtype={self.dtype})"
