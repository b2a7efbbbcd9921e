"""``ember.special``: torch.special's functions. Most are ember's ops under torch.special's names (``expit``
is :func:`ember.sigmoid`, ``gammaln`` is :func:`ember.lgamma`, ``psi`` is :func:`ember.digamma`...), so their
nodes are the ones torch records (``SigmoidBackward0``, ``LgammaBackward0``, ``DigammaBackward0``); those with
no top-level twin live in ``ember/ops/special_extra.py``.
"""
from __future__ import annotations

from typing import Callable

from .._tensor import Tensor
from ..ops import aggregate, binary_math, special as _sp, trig, unary, unary_extra
from ..ops.nn import log_softmax as _log_softmax, softmax as _softmax
from ..ops.special_extra import (entr, erfcx, i0e, i1e, log_ndtr, multigammaln, ndtr, ndtri,  # noqa: F401
                                 xlog1py, zeta)

__all__ = ["entr", "erf", "erfc", "erfcx", "erfinv", "exp2", "expit", "expm1", "digamma", "gammaln", "i0", "i0e",
           "i1", "i1e", "log1p", "log_ndtr", "log_softmax", "logit", "logsumexp", "multigammaln", "ndtr", "ndtri",
           "polygamma", "psi", "round", "sinc", "softmax", "xlog1py", "xlogy", "zeta"]

def _alias(fn: Callable, name: str) -> Callable:
    """``fn`` under torch.special's name: the same op and node, and torch's ``special_<name>()`` in its
    argument errors (torch.special's functions are builtins of their own)."""
    inner = fn.__name__ + "("

    def special(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except TypeError as e:
            text = str(e)
            if not text.startswith(inner):
                raise
            raise TypeError(f"special_{name}(" + text[len(inner):]) from None
    special.__name__ = special.__qualname__ = name
    special.__doc__ = f"``torch.special.{name}``: :func:`ember.{fn.__name__}`.\n\n" + (fn.__doc__ or "")
    return special


expit = _alias(unary.sigmoid, "expit")
gammaln = _alias(_sp.lgamma, "gammaln")
psi = _alias(_sp.digamma, "psi")
digamma = _alias(_sp.digamma, "digamma")
polygamma = _alias(_sp.polygamma, "polygamma")
erf, erfc, erfinv = _alias(_sp.erf, "erf"), _alias(_sp.erfc, "erfc"), _alias(_sp.erfinv, "erfinv")
i0, i1 = _alias(_sp.i0, "i0"), _alias(_sp.i1, "i1")
exp2, expm1, log1p = _alias(unary_extra.exp2, "exp2"), _alias(unary_extra.expm1, "expm1"), _alias(
    unary_extra.log1p, "log1p")
logit = _alias(unary_extra.logit, "logit")
sinc = _alias(trig.sinc, "sinc")
round = _alias(unary.round, "round")  # noqa: A001
xlogy = _alias(binary_math.xlogy, "xlogy")
logsumexp = _alias(aggregate.logsumexp, "logsumexp")


def _needs_dim(name: str, dim) -> None:
    if dim is None:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')


def softmax(input: Tensor, dim: int = None, *, dtype=None) -> Tensor:  # noqa: A002
    """The softmax of ``input`` along ``dim`` (``torch.special.softmax``: ``dim`` is required).

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension softmax is computed along.
        dtype (ember.dtype, optional): the input is cast to it first.
    """
    _needs_dim("special_softmax", dim)
    return _softmax(input, dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int = None, *, dtype=None) -> Tensor:  # noqa: A002
    """The log of the softmax of ``input`` along ``dim`` (``torch.special.log_softmax``: ``dim`` is required).

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension it is computed along.
        dtype (ember.dtype, optional): the input is cast to it first.
    """
    _needs_dim("special_log_softmax", dim)
    return _log_softmax(input, dim, dtype=dtype)
