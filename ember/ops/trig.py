"""Trigonometric and hyperbolic functions beyond sin/cos/tanh (``ops/unary.py``): tan, the inverse
functions, sinh/cosh and their inverses, deg2rad/rad2deg and sinc, with torch's ``arc*`` aliases.

Each op is a :class:`~ember.ops.unary.Unary` subclass named as torch's node; its derivative is
derivatives.yaml's. A formula that needs a function the ``xp`` helpers lack (``rsqrt``, ``cosh``)
calls a :func:`~ember.ops.unary_extra.via` function: NumPy's in a plain backward, ember's op (recorded)
under ``create_graph``.
"""
from __future__ import annotations

import numpy as np

from .._quiet import quiet
from .unary import Unary, unary_function, unary_inplace
from .unary_extra import rsqrt_xp as _rsqrt, via

__all__ = ["tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "deg2rad", "rad2deg",
           "sinc", "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh",
           "tan_", "asin_", "acos_", "atan_", "sinh_", "cosh_", "asinh_", "acosh_", "atanh_", "deg2rad_",
           "rad2deg_", "sinc_", "arcsin_", "arccos_", "arctan_", "arcsinh_", "arccosh_", "arctanh_"]


def _sinc_array(a):
    if a.dtype.char == "e":     # float16: torch computes in float32 and rounds once
        return _sinc_array(a.astype(np.float32)).astype(np.float16)
    with np.errstate(all="ignore"):
        pa = a * np.pi
        return np.where(a == 0, np.ones((), a.dtype), np.sin(pa) / pa).astype(a.dtype, copy=False)


# ----------------------------------------------------------------------------------------------
# the ops: name, forward, saved value, derivative (derivatives.yaml)
class TanBackward0(Unary):
    compute, saves = np.tan, "result"
    def derivative(g, r, xp): return g * (1 + r * r)                         # noqa: E704


class AsinBackward0(Unary):
    compute, saves = quiet(np.arcsin), "self"
    def derivative(g, x, xp): return g * _rsqrt(xp, -x * x + 1)              # noqa: E704


class AcosBackward0(Unary):
    compute, saves = quiet(np.arccos), "self"
    def derivative(g, x, xp): return g * -_rsqrt(xp, -x * x + 1)             # noqa: E704


class AtanBackward0(Unary):
    compute, saves = np.arctan, "self"
    def derivative(g, x, xp): return g / xp.add_scalar(x * x, 1)             # noqa: E704


class SinhBackward0(Unary):
    compute, saves = np.sinh, "self"
    def derivative(g, x, xp): return g * _cosh(xp, x)                        # noqa: E704


class CoshBackward0(Unary):
    compute, saves = np.cosh, "self"
    def derivative(g, x, xp): return g * _sinh(xp, x)                        # noqa: E704


class AsinhBackward0(Unary):
    compute, saves = np.arcsinh, "self"
    def derivative(g, x, xp): return g * _rsqrt(xp, x * x + 1)               # noqa: E704


class AcoshBackward0(Unary):
    compute, saves = quiet(np.arccosh), "self"
    def derivative(g, x, xp): return g * _rsqrt(xp, x * x - 1)               # noqa: E704


class AtanhBackward0(Unary):
    compute, saves = quiet(np.arctanh), "self"
    def derivative(g, x, xp): return g * 1 / (1 - x * x)                     # noqa: E704


def _no_inplace_derivative(name: str):
    def derivative(g, x, xp):
        raise NotImplementedError(f"the derivative for 'inplace version of {name}' is not implemented.")
    return derivative


# torch records these for asinh_/acosh_/atanh_: it has no derivative for the in-place forms
class AsinhBackward1(Unary):
    compute, derivative = np.arcsinh, _no_inplace_derivative("asinh")


class AcoshBackward1(Unary):
    compute, derivative = quiet(np.arccosh), _no_inplace_derivative("acosh")


class AtanhBackward1(Unary):
    compute, derivative = quiet(np.arctanh), _no_inplace_derivative("atanh")


class Deg2RadBackward0(Unary):
    compute = staticmethod(lambda a: a * np.asarray(np.pi / 180, a.dtype))
    def derivative(g, _, xp): return g * (np.pi / 180)                       # noqa: E704


class Rad2DegBackward0(Unary):
    compute = staticmethod(lambda a: a * np.asarray(180 / np.pi, a.dtype))
    def derivative(g, _, xp): return g * (180 / np.pi)                       # noqa: E704


class SincBackward0(Unary):
    compute, saves = _sinc_array, "self"
    def derivative(g, x, xp): return _sinc_grad(g, x, xp)                    # noqa: E704


def _sinc_grad(g, x, xp):
    """torch's sinc_backward: ``g * (pi x cos(pi x) - sin(pi x)) / (pi x^2)``, 0 where ``x == 0``."""
    px = x * np.pi
    pxx = x * x * np.pi
    out = g * (px * xp.cos(px) - xp.sin(px)) / pxx
    return xp.where(pxx == 0.0, 0.0, out)


# ----------------------------------------------------------------------------------------------
# the functions
_DOCS = {
    "tan": "Return the tangent of each element (in radians).",
    "asin": "Return the arcsine of each element (``nan`` outside [-1, 1]); the gradient at +-1 is ``inf``.",
    "acos": "Return the arccosine of each element (``nan`` outside [-1, 1]); the gradient at +-1 is ``-inf``.",
    "atan": "Return the arctangent of each element.",
    "sinh": "Return the hyperbolic sine of each element.",
    "cosh": "Return the hyperbolic cosine of each element.",
    "asinh": "Return the inverse hyperbolic sine of each element.",
    "acosh": "Return the inverse hyperbolic cosine of each element (``nan`` below 1).",
    "atanh": "Return the inverse hyperbolic tangent of each element (``+-inf`` at +-1, ``nan`` beyond).",
    "deg2rad": "Convert each element from degrees to radians.",
    "rad2deg": "Convert each element from radians to degrees.",
    "sinc": "Return the normalized sinc ``sin(pi x) / (pi x)`` of each element (1 at 0, where the gradient is 0).",
}
_OPS = {"tan": TanBackward0, "asin": AsinBackward0, "acos": AcosBackward0, "atan": AtanBackward0,
        "sinh": SinhBackward0, "cosh": CoshBackward0, "asinh": AsinhBackward0, "acosh": AcoshBackward0,
        "atanh": AtanhBackward0, "deg2rad": Deg2RadBackward0, "rad2deg": Rad2DegBackward0, "sinc": SincBackward0}


def _doc(name: str) -> str:
    return (_DOCS[name] + " Integer and bool inputs give the default float dtype.\n\n"
            "Args:\n    input (Tensor): the input tensor.\n")


tan, asin, acos, atan, sinh, cosh, asinh, acosh, atanh, deg2rad, rad2deg, sinc = (
    unary_function(op, name, _doc(name)) for name, op in _OPS.items())
_INPLACE_OPS = {**_OPS, "asinh": AsinhBackward1, "acosh": AcoshBackward1, "atanh": AtanhBackward1}
tan_, asin_, acos_, atan_, sinh_, cosh_, asinh_, acosh_, atanh_, deg2rad_, rad2deg_, sinc_ = (
    unary_inplace(op, name) for name, op in _INPLACE_OPS.items())

# torch's NumPy-style aliases: the same functions (and the same nodes)
arcsin, arccos, arctan, arcsinh, arccosh, arctanh = asin, acos, atan, asinh, acosh, atanh
arcsin_, arccos_, arctan_, arcsinh_, arccosh_, arctanh_ = asin_, acos_, atan_, asinh_, acosh_, atanh_


_cosh, _sinh = via(np.cosh, cosh), via(np.sinh, sinh)
