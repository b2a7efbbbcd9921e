"""torch's in-place functions of one tensor (``torch.exp_(x)``, ``torch.tan_(x)``...): each is its Tensor
method (``x.exp_()``, the one implementation, in the method table), with torch's error for an input that
is not a Tensor. Loaded on first use (``ember/__init__.py``'s lazy table)."""
from __future__ import annotations

from typing import Callable

from .._tensor import Tensor
from ._promotion import must_be_tensor

NAMES = ("abs_ acos_ acosh_ arccos_ arccosh_ arcsin_ arcsinh_ arctan_ arctanh_ asin_ asinh_ atan_ atanh_ ceil_ cos_ "
         "cosh_ deg2rad_ erf_ erfc_ exp2_ exp_ expm1_ floor_ frac_ i0_ log10_ log1p_ log2_ log_ logit_ neg_ negative_ "
         "rad2deg_ reciprocal_ round_ rsqrt_ sigmoid_ sin_ sinc_ sinh_ sqrt_ square_ tan_ tanh_ trunc_ zero_").split()

__all__ = list(NAMES)


def _function(name: str) -> Callable[..., Tensor]:
    def fn(input: Tensor, *args, **kwargs) -> Tensor:  # noqa: A002
        if not isinstance(input, Tensor):
            raise must_be_tensor(name, "input", 1, input)
        return getattr(input, name)(*args, **kwargs)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"``input.{name}()``: the in-place ``{name[:-1]}`` of ``input``; returns ``input``."
    return fn


abs_, acos_, acosh_, arccos_, arccosh_, arcsin_, arcsinh_, arctan_, arctanh_, asin_, asinh_, atan_, atanh_, ceil_, \
    cos_, cosh_, deg2rad_, erf_, erfc_, exp2_, exp_, expm1_, floor_, frac_, i0_, log10_, log1p_, log2_, log_, logit_, \
    neg_, negative_, rad2deg_, reciprocal_, round_, rsqrt_, sigmoid_, sin_, sinc_, sinh_, sqrt_, square_, tan_, tanh_, \
    trunc_, zero_ = (_function(n) for n in NAMES)
