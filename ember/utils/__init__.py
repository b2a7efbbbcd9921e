"""ember.utils: helpers that torch keeps under ``torch.utils``.

``ember.utils.data`` and ``ember.utils.safetensors`` load on first use (PEP 562), so ``import ember``
stays light and does not need the optional ``safetensors`` package.
"""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import data, safetensors  # noqa: F401

_LAZY = ("data", "safetensors")


def __getattr__(name: str):
    if name in _LAZY:
        import importlib  # deferred: only on the first use of ember.utils.data / .safetensors
        module = importlib.import_module(f"ember.utils.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'ember.utils' has no attribute '{name}'")
