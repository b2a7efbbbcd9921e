"""Names whose module loads on first use, so that ``import ember`` pays only for the families a
program touches (benchmarks/run.py, the import workload: the op families of issue 9 and linear
algebra loaded eagerly cost a third of ember's own import).

Two tables use it. ``ember/__init__.py`` lists its lazily loaded functions (``ember.tan``,
``ember.linalg``) and resolves them in the module's ``__getattr__`` (PEP 562). Tensor's method
table (``_tensor_methods.py``) names a lazily loaded family through :func:`family`; ``bind`` puts a
:class:`DeferredMethod` on ``Tensor``, which imports the family on the first ``x.tan()`` and replaces
itself with the function, so later calls pay nothing. Nothing here imports ember.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

__all__ = ["Deferred", "family", "DeferredMethod"]


class Deferred:
    """``module.name``, not imported yet."""
    __slots__ = ("module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def resolve(self) -> Any:
        return getattr(importlib.import_module(self.module), self.name)

    @property
    def key(self) -> tuple:
        return self.module, self.name

    def __repr__(self) -> str:
        return f"<deferred {self.module}.{self.name}>"


class family:    # noqa: N801  (reads as a module in the method table: ``trig.tan``)
    """A stand-in for an op module in a table: ``family("ember.ops.trig").tan`` is ``Deferred(...)``."""

    def __init__(self, module: str) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Deferred:
        if name.startswith("__"):
            raise AttributeError(name)
        return Deferred(self._module, name)


class DeferredMethod:
    """A Tensor attribute whose family loads on first access; ``install(name, value)`` then puts the
    real function (or property) on the class in its place, so this runs once per name."""
    __slots__ = ("attr", "deferred", "install")

    def __init__(self, attr: str, deferred: Deferred, install: Callable[[str, Any], Any]) -> None:
        self.attr, self.deferred, self.install = attr, deferred, install

    def __get__(self, obj: Any, cls: Any = None) -> Any:
        value = self.install(self.attr, self.deferred.resolve())
        get = getattr(type(value), "__get__", None)
        return value if get is None else get(value, obj, cls)

    def __set__(self, obj: Any, value: Any) -> None:
        """``x.real = v`` before anything read ``Tensor.real``: install it, then assign through it (a property's
        setter), or into the instance as Python would for a plain function."""
        real = self.install(self.attr, self.deferred.resolve())
        setter = getattr(type(real), "__set__", None)
        if setter is not None:
            setter(real, obj, value)
        else:
            obj.__dict__[self.attr] = value
