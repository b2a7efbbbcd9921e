"""ember.utils: helpers that torch keeps under ``torch.utils``.

``ember.utils.data`` loads on first use (PEP 562), so ``import ember`` stays light.
"""
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import data  # noqa: F401


def __getattr__(name: str):
    if name == "data":
        import importlib  # deferred: only on the first use of ember.utils.data
        module = importlib.import_module("ember.utils.data")
        globals()["data"] = module
        return module
    raise AttributeError(f"module 'ember.utils' has no attribute '{name}'")
