"""torch's Python argument parser: which calls it takes, and the TypeError it raises for the others.

torch checks every call of a native function against the function's signatures (its
``python_signatures``, e.g. ``sum(Tensor input, IntArrayRef[1]? dim, bool keepdim=False, *,
ScalarType? dtype=None, Tensor out=None)``) before any kernel runs, so ``x.sum(1.5)``,
``x.argmax(x)`` or ``x.mm(0)`` are TypeErrors with the parser's words, whatever the values.
:func:`torch_args` gives an ember function the same front door: the signatures are read from
``_signatures.SIGNATURES`` by the function's name, the method form (``x.sum(...)``: positions count
from the argument after ``self``, the method's own signatures) is bound by ``_tensor_methods.bind``
from the wrapper's ``_ember_method``. What the parser accepts passes through unchanged, except that
a 0-d integer tensor given for an int (``x.sum(torch.tensor(1))``) arrives as a Python int and
NumPy's keyword spellings (``axis=``, ``keepdims=``, ``a=``) under torch's names.

The rules follow torch's ``FunctionSignature::parse`` and ``format_invalid_args``: one signature
raises its own precise error (too many positional arguments, a missing one, the first argument of a
wrong type); several try each in turn and, when none takes the call, the only one whose argument count
fits raises its precise error, otherwise the call gets "received an invalid combination of arguments"
with every signature and, for those whose count fits, which arguments did not match.
"""
from __future__ import annotations

import functools
import operator
import os
import sys
import warnings
from typing import Callable, TypeVar

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ._signatures import SIGNATURES

__all__ = ["torch_args", "alias", "type_name", "Parser"]

F = TypeVar("F", bound=Callable)
_int, _float, _bool, _str, _tuple, _list = int, float, bool, str, tuple, list

# torch's names of ember's own classes, as ``Py_TYPE(obj)->tp_name`` prints torch's
_TP_NAMES = {"ember._dtype.dtype": "torch.dtype", "ember._tensor.Size": "torch.Size",
             "ember._tensor.device": "torch.device", "ember._memory_format.memory_format": "torch.memory_format",
             "ember.random.Generator": "torch.Generator", "numpy.bool_": "numpy.bool"}


def type_name(v) -> str:
    """A value's type as torch's argument parser names it: ``list``, ``NoneType``, ``numpy.ndarray``."""
    if isinstance(v, Tensor):
        return "Tensor"
    t = type(v)
    name = t.__qualname__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"
    return _TP_NAMES.get(name, name)


# ----------------------------------------------------------------------------------------------
# the parameter types of torch's signatures: what each accepts, and how an error names it
_PRINTED = {"Tensor": "Tensor", "Scalar": "Number", "int64_t": "int", "SymInt": "int", "double": "float",
            "bool": "bool", "IntArrayRef": "tuple of ints", "SymIntArrayRef": "tuple of ints",
            "ScalarType": "torch.dtype", "TensorList": "tuple of Tensors", "c10::string_view": "str",
            "MemoryFormat": "torch.memory_format", "Generator": "torch.Generator", "Layout": "torch.layout",
            "Device": "torch.device", "ArrayRef<double>": "tuple of floats", "Dimname": "name",
            "DimnameList": "tuple of names", "PyObject*": "object", "ScalarList": "tuple of Scalars",
            "Storage": "Storage", "Stream": "Stream", "complex": "complex"}
_NUMPY_NAMES = {"dim": ("axis",), "keepdim": ("keepdims",), "input": ("x", "a", "x1"), "other": ("x2",)}
_INT_KINDS = ("int64_t", "SymInt")


def _is_long(v) -> bool:
    # THPUtils_checkLong: an int that is not a bool, or a NumPy integer
    return (type(v) is _int) or (isinstance(v, (_int, np.integer)) and not isinstance(v, (_bool, np.bool_)))


def _is_int_tensor(v) -> bool:
    # a 0-d integer tensor outside the graph passes for an int
    return isinstance(v, Tensor) and v._data.ndim == 0 and v._data.dtype.kind in "iu" and not v._requires_grad


def _is_index(v) -> bool:
    # THPUtils_checkIndex: not a bool; an int, or anything whose __index__ works (a one-element integer tensor)
    if isinstance(v, (_bool, np.bool_)):
        return False
    if _is_long(v):
        return True
    if isinstance(v, Tensor):
        return v._data.size == 1 and v._data.dtype.kind in "iub"     # (a bool tensor's __index__ works)
    try:
        operator.index(v)
    except TypeError:
        return False
    return True


def _is_double(v) -> bool:
    if type(v) in (_float, _int, _bool) or isinstance(v, (np.floating, np.integer, np.bool_)):
        return True
    return isinstance(v, Tensor) and v._data.ndim == 0 and not v._requires_grad


def _check(kind: str, size: int, v) -> tuple:
    """(accepted, failed element index or -1) of ``v`` for a parameter of type ``kind``."""
    if kind == "Tensor":
        return isinstance(v, Tensor), -1
    if kind in _INT_KINDS:
        return _is_long(v) or _is_int_tensor(v), -1
    if kind == "bool":
        return type(v) is _bool, -1
    if kind in ("IntArrayRef", "SymIntArrayRef"):
        if type(v) in (_tuple, _list) or isinstance(v, (_tuple, _list)):
            if not v or _is_index(v[0]) or (kind == "SymIntArrayRef" and _is_int_tensor(v[0])):
                return True, -1
            return False, 0
        return size > 0 and (_is_long(v) or isinstance(v, Tensor) and v._data.size == 1 and
                             v._data.dtype.kind in "iub"), -1
    if kind == "Scalar":
        return (type(v) in (_float, _int, _bool, complex) or isinstance(v, np.generic) or
                isinstance(v, Tensor) and v._data.ndim == 0 and not v._requires_grad), -1
    if kind == "double":
        return _is_double(v), -1
    if kind == "ScalarType":
        return isinstance(v, _dtype.dtype) or any(v is t for t in (_float, _int, _bool, complex)), -1
    if kind == "TensorList":
        return type(v) in (_tuple, _list), -1
    if kind == "c10::string_view":
        return type(v) is _str, -1
    if kind == "ArrayRef<double>":
        return (type(v) in (_tuple, _list) and all(_is_double(x) for x in v)) or (size > 0 and _is_double(v)), -1
    if kind == "complex":
        return type(v) in (_float, _int, _bool, complex), -1
    return True, -1        # generators, layouts, devices, memory formats: left to the function


class _Param:
    __slots__ = ("kind", "size", "name", "optional", "allow_none", "keyword_only", "printed", "aliases")

    def __init__(self, text: str, keyword_only: bool) -> None:
        kind, _, rest = text.rpartition(" ")
        name, eq, default = rest.partition("=")
        self.allow_none = kind.endswith("?") or default == "None"
        kind = kind.rstrip("?")
        self.size = 0
        if kind.endswith("]"):
            kind, _, n = kind[:-1].partition("[")
            self.size = int(n)
        self.kind, self.name, self.optional, self.keyword_only = kind, name, bool(eq), keyword_only
        self.aliases = _NUMPY_NAMES.get(name, ())
        self.printed = f"{_PRINTED.get(kind, kind)} {name}" + (f" = {default}" if eq else "")


class _Signature:
    __slots__ = ("params", "hidden", "min_args", "max_args", "max_pos", "varargs", "text")

    def __init__(self, text: str) -> None:
        text, _, flag = text.partition("|")
        self.hidden = flag or False     # "deprecated" (tried, never printed) or "noargs"
        body = text[text.index("(") + 1:-1] if text else ""
        params, keyword_only = [], False
        for part in body.split(", ") if body else ():
            if part == "*":
                keyword_only = True
                continue
            params.append(_Param(part, keyword_only))
        self.params = params
        self.min_args = sum(not p.optional for p in params)
        self.max_args = len(params)
        self.max_pos = sum(not p.keyword_only for p in params)
        # a single positional int list takes var-args: x.permute(1, 0) is x.permute((1, 0))
        self.varargs = self.max_pos == 1 and params[0].kind in ("IntArrayRef", "SymIntArrayRef")
        printed, star = [], False
        for p in params:
            if p.keyword_only and not star:
                printed.append("*")
                star = True
            printed.append(p.printed)
        self.text = "(" + ", ".join(printed) + ")"


def _parse(name: str, sig: _Signature, args: tuple, kwargs: dict, raise_exception: bool):
    """torch's FunctionSignature::parse: the values matched to ``sig``'s parameters (a list, None where
    absent; ``args`` replaced by a var-args tuple), or None; with ``raise_exception`` the TypeError."""
    nargs = len(args)
    if nargs > sig.max_pos and not sig.varargs:
        if raise_exception:
            raise _extra_args(name, sig, nargs)
        return None
    out, pos, remaining = [], 0, len(kwargs)
    for i, p in enumerate(sig.params):
        is_kwd = False
        if pos < nargs:
            if p.keyword_only:
                if raise_exception:
                    raise _extra_args(name, sig, nargs)
                return None
            v = args[pos]
            found = True
        else:
            is_kwd = True
            found = p.name in kwargs
            v = kwargs.get(p.name)
            for alias in p.aliases:
                if found:
                    break
                found = alias in kwargs
                v = kwargs.get(alias)
        if (not found and p.optional) or (found and v is None and p.allow_none):
            out.append(None)
        elif not found:
            if raise_exception:
                missing = [f'"{q.name}"' for q in sig.params[i:] if not q.optional]
                raise TypeError(f"{name}() missing {len(missing)} required positional argument"
                                f"{'s' if len(missing) == 1 else ''}: {', '.join(missing)}")
            return None
        else:
            ok, failed = _check(p.kind, p.size, v)
            if ok:
                out.append(v)
            elif sig.varargs and pos == 0 and not is_kwd and _is_index(args[0]):
                out.append(args)
                pos = nargs
                continue
            elif raise_exception:
                if sig.varargs and pos == 0 and nargs > 1:
                    raise _extra_args(name, sig, nargs)
                if is_kwd:
                    raise TypeError(f"{name}(): argument '{p.name}' must be {_PRINTED.get(p.kind, p.kind)}, "
                                    f"not {type_name(v)}")
                if failed >= 0:
                    raise TypeError(f"{name}(): argument '{p.name}' (position {pos + 1}) must be "
                                    f"{_PRINTED.get(p.kind, p.kind)}, but found element of type "
                                    f"{type_name(v[failed])} at pos {failed}")
                raise TypeError(f"{name}(): argument '{p.name}' (position {pos + 1}) must be "
                                f"{_PRINTED.get(p.kind, p.kind)}, not {type_name(v)}")
            else:
                return None
        if not is_kwd:
            pos += 1
        elif found:
            remaining -= 1
    if remaining > 0:
        if raise_exception:
            names = [q.name for q in sig.params]
            for k in kwargs:
                idx = next((j for j, q in enumerate(sig.params) if k == q.name or k in q.aliases), -1)
                # a NumPy spelling (axis=) of a parameter given otherwise too is, to torch, unexpected
                if idx < 0 or (k != names[idx] and (names[idx] in kwargs or idx < nargs)):
                    raise TypeError(f"{name}() got an unexpected keyword argument '{k}'")
                if idx < nargs:
                    raise TypeError(f"{name}() got multiple values for argument '{names[idx]}'")
            raise TypeError("invalid keyword arguments")
        return None
    return out


def _extra_args(name: str, sig: _Signature, nargs: int) -> TypeError:
    if sig.min_args != sig.max_pos:
        return TypeError(f"{name}() takes from {sig.min_args} to {sig.max_pos} positional arguments but "
                         f"{nargs} were given")
    return TypeError(f"{name}() takes {sig.max_pos} positional argument{'' if sig.max_pos == 1 else 's'} but "
                     f"{nargs} {'was' if nargs == 1 else 'were'} given")


# ----------------------------------------------------------------------------------------------
# "received an invalid combination of arguments": torch's format_invalid_args, which re-reads each
# printed signature by splitting it at ", " (so "*" and "type name = default" count as arguments)
def _matches(type_text: str, v) -> bool:
    nullable = type_text.startswith("[")
    if nullable:
        type_text = type_text[1:]
        if v is None:
            return True
    tn = type_name(v)
    if type_text == "float":
        return tn in ("float", "int")
    return tn == type_text


def _option(text: str) -> list:
    args = []
    for arg in text[1:-1].split(", "):
        arg = arg.lstrip("#")
        if arg.startswith("["):
            arg = arg[:-len(" or None]")]
        cut = arg.rfind(" ")
        args.append((arg[:cut], arg[cut + 1:]) if cut >= 0 else (arg, arg))
    return args


def _desc(v) -> str:
    if type(v) in (_tuple, _list):
        inner = ", ".join(type_name(x) for x in v)
        if type(v) is _tuple:
            return f"tuple of ({inner}{',' if len(v) == 1 else ''})"
        return f"list of [{inner}]"
    return type_name(v)


def _unmatched(option: list, kwargs: dict) -> list:
    """torch's _tryMatchKwargs: the keywords not among the option's last ``len(kwargs)`` arguments."""
    names = [a[1] for a in option[max(len(option) - len(kwargs), 0):]]
    return [k for k in kwargs if k not in names]


def _marked(option: list, args: tuple, kwargs: dict) -> str:
    """torch's _formattedArgDesc: each argument's type, ``!marked!`` where the option does not take it."""
    marks = []
    for i in range(len(args) + len(kwargs)):
        is_kwarg = i >= len(args)
        v = kwargs.get(option[i][1]) if is_kwarg else args[i]
        desc = (option[i][1] + "=" if is_kwarg else "") + _desc(v)
        marks.append(desc if _matches(option[i][0], v) else f"!{desc}!")
    marked = "".join(m + ", " for m in marks)
    return "(" + (marked[:-2] if args else marked) + ")"    # (torch's trailing ", " when all are keywords)


def _combination(name: str, options: list, args: tuple, kwargs: dict) -> str:
    """torch's format_invalid_args (torch/csrc/utils/invalid_arguments.cpp)."""
    kwargs = dict(reversed(kwargs.items()))     # torch lists the keywords last given first (found by running it)
    got = [type_name(a) + ", " for a in args] + [f"{k}={type_name(v)}, " for k, v in kwargs.items()]
    got_text = "".join(got)
    if args:
        got_text = got_text[:-2]
    head = f"{name}() received an invalid combination of arguments - "
    n = len(args) + len(kwargs)
    if len(options) == 1:       # one signature shown (deprecated ones aside): no list
        option = _option(options[0])
        unmatched = _unmatched(option, kwargs) if kwargs else []
        if unmatched:
            return head + "got unrecognized keyword arguments: " + ", ".join(unmatched)
        got_text = _marked(option, args, kwargs) if len(option) == n else f"({got_text})"
        return f"{head}got {got_text}, but expected {options[0]}"
    lines = [f"{head}got ({got_text}), but expected one of:\n"]
    for text in options:
        lines.append(f" * {text}\n")
        option = _option(text)
        if len(option) != n:
            continue
        unmatched = _unmatched(option, kwargs)
        if unmatched:
            lines.append(f"      didn't match because some of the keywords were incorrect: {', '.join(unmatched)}\n")
            continue
        lines.append(f"      didn't match because some of the arguments have invalid types: "
                     f"{_marked(option, args, kwargs)}\n")
    return "".join(lines)


# ----------------------------------------------------------------------------------------------
# after the match: what torch's unpacking of an int list or a tensor list refuses
def _unpack_check(name: str, sig: _Signature, values: list) -> None:
    for i, (p, v) in enumerate(zip(sig.params, values)):
        if v is None:
            continue
        if p.kind in ("IntArrayRef", "SymIntArrayRef") and type(v) in (_tuple, _list):
            for j, x in enumerate(v):      # (the first was checked by the match; a bool passes here)
                if not (isinstance(x, (_int, np.integer)) or _is_index(x)):   # __index__: a 1-element int tensor
                    raise TypeError(f"{name}(): argument '{p.name}' failed to unpack the object at pos {j + 1} "
                                    f"with error \"type must be tuple of ints,but got {type_name(x)}\"")
        elif p.kind == "TensorList":
            for j, x in enumerate(v):
                if not isinstance(x, Tensor):
                    raise TypeError(f"expected Tensor as element {j} in argument {i}, but got {type_name(x)}")


class Parser:
    """One function's signatures (function and method form) and the check of a call against them."""

    __slots__ = ("name", "_texts", "_parsed")

    def __init__(self, name: str, function: tuple, method: tuple) -> None:
        self.name = name
        self._texts = (function, method)
        self._parsed = None     # the signatures, read on the first check (not at import: ~230 parsers)

    @property
    def function(self) -> list:
        return self._signatures()[0]

    @property
    def method(self) -> list:
        return self._signatures()[1]

    def _signatures(self) -> tuple:
        parsed = self._parsed
        if parsed is None:
            function, method = self._texts
            parsed = self._parsed = ([_Signature(s) for s in function], [_Signature(s) for s in method])
        return parsed

    def tensors_by_type(self, sig: _Signature, types: tuple, kwargs: dict, method: bool) -> bool:
        """Whether the Tensor arguments of a call (``types``: the given positional arguments' types) that
        matched ``sig`` are matched by their type alone: each signature tried up to ``sig`` takes a Tensor
        (or nothing) at their positions and keywords, so any call of the same types matches ``sig`` too."""
        sigs = self._signatures()[1 if method else 0]
        for s in sigs[:sigs.index(sig) + 1]:
            if s.varargs:
                return False
            positional = [p for p in s.params if not p.keyword_only]
            for pos, t in enumerate(types):
                if pos < len(positional) and issubclass(t, Tensor) and positional[pos].kind not in _BY_TYPE:
                    return False
            for k, v in kwargs.items():
                if isinstance(v, Tensor):
                    for p in s.params:
                        if (p.name == k or k in p.aliases) and p.kind not in _BY_TYPE:
                            return False
        return True

    def check(self, args: tuple, kwargs: dict, method: bool):
        """The matched signature's values, or torch's TypeError for a call it refuses."""
        sigs = self._signatures()[1 if method else 0]
        name = self.name
        if method and sigs[0].hidden == "noargs":
            if kwargs:
                raise TypeError(f"TensorBase.{name}() takes no keyword arguments")
            if args:
                raise TypeError(f"TensorBase.{name}() takes no arguments ({len(args)} given)")
            return sigs[0], []
        if len(sigs) == 1:
            values = _parse(name, sigs[0], args, kwargs, True)
            _unpack_check(name, sigs[0], values)
            return sigs[0], values
        if not args and not kwargs:       # x.sum(), x.max(): the commonest call, no parsing
            for sig in sigs:
                if sig.min_args == 0:
                    return sig, [None] * sig.max_args
        for sig in sigs:
            values = _parse(name, sig, args, kwargs, False)
            if values is not None:
                _unpack_check(name, sig, values)
                return sig, values
        n = len(args) + len(kwargs)
        plausible = [s for s in sigs if s.min_args <= n <= s.max_args and not s.hidden]
        if len(plausible) == 1:
            _parse(name, plausible[0], args, kwargs, True)
        raise TypeError(_combination(name, [s.text for s in sigs if not s.hidden], args, kwargs))


def _converted(sig: _Signature, values: list, args: tuple, kwargs: dict):
    """``args``/``kwargs`` with what torch's unpacking changes: 0-d int tensors given for ints as ints,
    NumPy's keyword spellings as torch's names; the same objects when nothing changes (the common case)."""
    new_args, new_kwargs = None, None
    for alias in kwargs:
        for p in sig.params:
            if alias in p.aliases:
                new_kwargs = dict(kwargs) if new_kwargs is None else new_kwargs
                new_kwargs[p.name] = new_kwargs.pop(alias)
    if new_kwargs is not None:
        kwargs = new_kwargs
    if values and values[0] is args:     # x.permute(1, 0): one int list, as torch reads it
        values = [tuple(args)] + values[1:]
        args = (values[0],)
    pos = 0
    for p, v in zip(sig.params, values):
        in_args = pos < len(args) and not p.keyword_only
        if isinstance(v, Tensor) and p.kind not in ("Tensor", "TensorList"):   # a 0-d tensor for a number
            number = v._data.item()
            if p.kind in ("IntArrayRef", "SymIntArrayRef"):
                number = _index(p.kind, v)
            if in_args:
                new_args = list(args) if new_args is None else new_args
                new_args[pos] = number
            else:
                kwargs = dict(kwargs)
                kwargs[p.name] = number
        elif p.kind in ("IntArrayRef", "SymIntArrayRef") and type(v) in (_tuple, _list) and \
                any(isinstance(x, Tensor) for x in v):
            fixed = tuple(_index(p.kind, x) if isinstance(x, Tensor) else x for x in v)
            if in_args:
                new_args = list(args) if new_args is None else new_args
                new_args[pos] = fixed
            else:
                kwargs = dict(kwargs)
                kwargs[p.name] = fixed
        if in_args:
            pos += 1
    return (args if new_args is None else tuple(new_args)), kwargs


def _index(kind: str, t: Tensor) -> int:
    """A one-element tensor given in an int list, as the int torch reads (``__index__``; a SymInt list
    refuses a bool, with torch's internal assert)."""
    if kind == "SymIntArrayRef" and t._data.dtype.kind == "b":
        raise RuntimeError("Expected scalar.isIntegral( false) to be true, but got false.  (Could this error message "
                           "be improved?  If so, please report an enhancement request to PyTorch.)")
    return int(t._data.item())


def _needs_conversion(values: list, args: tuple, kwargs: dict) -> bool:
    if values and values[0] is args and args:     # var-args taken as one int list
        return True
    if kwargs and any(k in ("axis", "keepdims", "x", "a", "x1", "x2") for k in kwargs):
        return True
    for v in values:
        if isinstance(v, Tensor) or (type(v) in (_tuple, _list) and v and isinstance(v[0], Tensor)):
            return True
    return False


# ``t.view(*shape)`` with shape (): torch refuses ``view()``, ember's own formulas and losses write it for a
# 0-d tensor (ops/nn.py, nn/_functional_loss.py), so a 0-d tensor's empty call passes, as ``view(())``
_EMPTY_SHAPE_OK = frozenset(("view", "expand", "reshape"))

def _tensor_lists(args: tuple) -> bool:
    """The first argument is a list or tuple of Tensors only (cat's, stack's)."""
    first = args[0]
    if type(first) not in (_tuple, _list) or not first:
        return False
    for t in first:
        if not isinstance(t, Tensor):
            return False
    return True


# argument types the parser decides by type alone (see torch_args)
_SIMPLE = frozenset((int, bool, float, str, type(None), _dtype.dtype))
_BY_TYPE = ("Tensor", "TensorList")     # parameter kinds that take any Tensor, whatever its value


def _simple(types: tuple) -> bool:
    """Every type is a _SIMPLE one, an int-sequence marker or a Tensor (class)."""
    for t in types:
        if t not in _SIMPLE and t not in _INT_SEQS and not issubclass(t, Tensor):
            return False
    return True


# A tuple or list of plain ints in a call is keyed as its kind and length, not its values: torch's parser
# decides an int list by its elements' types (an IntArrayRef[2] by its length too), so x.reshape((2, 3)),
# x.sum((0, 1)), x.permute((1, 0)) are decided once per call shape like x.reshape(2, 3) (the create_graph
# formulas pass their dims this way: benchmarks/run.py's HVP ran the full check on every such call).
_INT_SEQS: dict = {}    # marker class -> None (a set the call keys can hold); markers by (kind, length) below
_INT_SEQ_MARKERS: dict = {}


def _int_seq_marker(v) -> type | None:
    for x in v:
        if type(x) is not _int:
            return None
    kind = (type(v), len(v))
    marker = _INT_SEQ_MARKERS.get(kind)
    if marker is None:
        marker = _INT_SEQ_MARKERS[kind] = type(f"{kind[0].__name__}_of_{kind[1]}_ints", (), {})
        _INT_SEQS[marker] = None
    return marker


def _seq_key(method: bool, args: tuple, kwargs: dict):
    """The call key with each all-int tuple or list as its marker; None when a sequence holds anything else."""
    types = []
    for a in args:
        t = type(a)
        if t is _tuple or t is _list:
            t = _int_seq_marker(a)
            if t is None:
                return None
        types.append(t)
    if not kwargs:
        return (method, tuple(types))
    ktypes = []
    for v in kwargs.values():
        t = type(v)
        if t is _tuple or t is _list:
            t = _int_seq_marker(v)
            if t is None:
                return None
        ktypes.append(t)
    return (method, tuple(types), tuple(kwargs), tuple(ktypes))


def _simple_only(types: tuple) -> bool:
    """Every type is a _SIMPLE one or an int-sequence marker (no Tensor)."""
    for t in types:
        if t not in _SIMPLE and t not in _INT_SEQS:
            return False
    return True


def _has_seq(key: tuple) -> bool:
    types = key[1] if len(key) == 2 else key[1] + key[3]
    return _tuple in types or _list in types


_EMBER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_DEPRECATED_WARNED = [False]     # torch warns of a deprecated signature once per process (TORCH_WARN_ONCE)


def _warn_deprecated(name: str, sig: _Signature, sigs: list) -> None:
    if _DEPRECATED_WARNED[0]:
        return
    _DEPRECATED_WARNED[0] = True
    others = "\n".join(f"\t{name}{s.text}" for s in sigs if not s.hidden)
    level, frame = 2, sys._getframe(1)      # the warning names the user's line: the first frame outside ember
    while frame is not None and frame.f_code.co_filename.startswith(_EMBER_DIR):
        frame, level = frame.f_back, level + 1
    warnings.warn(f"This overload of {name} is deprecated:\n\t{name}{sig.text}\nConsider using one of the following "
                  f"signatures instead:\n{others}", UserWarning, stacklevel=level)


def _by_name(sig: _Signature, values: list) -> dict:
    """A deprecated signature's matched values by parameter name (0-d tensors given for numbers as numbers)."""
    named = {}
    for p, v in zip(sig.params, values):
        if v is not None:
            named[p.name] = v._data.item() if isinstance(v, Tensor) and p.kind not in _BY_TYPE else v
    return named


def torch_args(fn: F, name: str | None = None, table: dict | None = None) -> F:
    """Check every call of ``fn`` with torch's argument parser (the signatures of ``fn.__name__``, or of
    ``name`` for an alias, in ``_signatures.SIGNATURES``, or in ``table``: nn.functional's entry points,
    ``_signatures_nn``); the method form, with its own words, is ``fn._ember_method``. A form torch does not
    have (``torch.view``, ``Tensor.cat``) is left unchecked."""
    name = name or fn.__name__
    function, method = (SIGNATURES if table is None else table)[name]
    parser = Parser(name, function, method)

    # what the parser decided for a call whose arguments after the tensor are plain numbers, bools,
    # None, strings or dtypes, keyed by the arguments' types: torch's parser decides such a call by
    # types alone, so it runs once per call shape (x.view(-1), x.sum(1), x.transpose(0, 1): the full
    # check costs more than the op itself); tensors too, where no signature reads their values
    # (torch.mm(a, b), x.gather(0, i); Parser.tensors_by_type). 0: call as given; 1: the var-args as one
    # int list.
    decided: dict = {}

    def call(args, kwargs, method):
        if kwargs:
            key = (method, tuple(map(type, args)), tuple(kwargs), tuple(map(type, kwargs.values())))
        else:
            key = (method, tuple(map(type, args)))
        how = decided.get(key)
        if how is None and _has_seq(key):
            seq_key = _seq_key(method, args, kwargs)
            if seq_key is not None:
                key = seq_key
                how = decided.get(key)
        if how is not None and (how != 2 or _tensor_lists(args)):
            return fn(*args, **kwargs) if how != 1 else fn(args[0], args[1:], **kwargs)
        given = args[1:] if method else args
        if not given and method and name in _EMPTY_SHAPE_OK and not kwargs and args[0]._data.ndim == 0:
            return fn(*args)
        sig, values = parser.check(given, kwargs, method)
        if sig.hidden == "deprecated":      # torch's old orders (addmm(beta, input, alpha, mat1, mat2)): by name
            _warn_deprecated(name, sig, parser.method if method else parser.function)
            return fn(*args[:1] if method else (), **_by_name(sig, values))
        lists = bool(args) and type(args[0]) in (_tuple, _list) and _tensor_lists(args)   # cat([x, y], 1)
        cacheable = (bool(args) and (lists or isinstance(args[0], Tensor)) and _simple(key[1][1:])
                     and (not kwargs or _simple(key[3])))
        if cacheable and not (_simple_only(key[1][1:]) and (not kwargs or _simple_only(key[3]))):
            # a Tensor among the arguments: decided by its type alone when no signature tried up to the match
            # reads its value there (a 0-d int tensor passes for an int, a 0-d tensor for a Scalar)
            cacheable = parser.tensors_by_type(sig, key[1][1:] if method else key[1], kwargs, method)
        if _needs_conversion(values, given, kwargs):
            new_given, new_kwargs = _converted(sig, values, given, kwargs)
            if cacheable and new_kwargs is kwargs:
                if new_given is given:                  # nothing changed after all (a list of tensors)
                    decided[key] = 2 if lists else 0
                elif method and not lists and new_given == (tuple(given),):
                    decided[key] = 1
            given, kwargs = new_given, new_kwargs
            args = args[:1] + given if method else given
        elif cacheable:
            decided[key] = 2 if lists else 0
        return fn(*args, **kwargs)

    @functools.wraps(fn)
    def checked(*args, **kwargs):
        return call(args, kwargs, False)

    @functools.wraps(fn)
    def checked_method(*args, **kwargs):
        return call(args, kwargs, True)

    if name != fn.__name__:     # an alias (torch.concat): its own name in errors and reprs
        checked.__name__ = checked_method.__name__ = name
        checked.__qualname__ = checked_method.__qualname__ = name
    checked._ember_parser = checked_method._ember_parser = parser  # type: ignore[attr-defined]
    out = checked if function else fn
    if method:
        out._ember_method = checked_method  # type: ignore[attr-defined]
    elif function:      # torch's method is Python (Tensor.unflatten): ember's own words, unchecked
        out._ember_method = fn  # type: ignore[attr-defined]
    return out  # type: ignore[return-value]


def alias(fn, name: str):
    """``fn`` (a :func:`torch_args` function) under torch's other name for it (``concat`` for ``cat``),
    checked and named as torch names that one (``concat(): argument 'dim' ...``)."""
    return torch_args(getattr(fn, "__wrapped__", fn), name)
