"""The hyperparameter checks every optimizer constructor runs, with torch's exact messages.

Each optimizer calls these in the order torch's constructor checks, so the first bad argument is
the one named. ``not 0.0 <= x`` (NaN is refused) is torch's test everywhere but in ``SGD``, whose
``x < 0.0`` lets NaN through (``nan_ok=True``).
"""
from __future__ import annotations

from typing import Any

from .. import Tensor

__all__ = ["check_nonnegative", "check_betas", "check_foreach_lr", "check_beta_types", "check_rho", "check_etas",
           "check_fused"]

_WORDS = {"lr": "learning rate", "eps": "epsilon value"}   # the rest read "Invalid <name> value: <x>"


def _shown(value: Any) -> Any:
    """What torch's f-string shows: a 0-d Tensor formats as its number (torch's ``Tensor.__format__``;
    ember's prints the repr for an empty format spec, so the number is taken here)."""
    if type(value) is Tensor and value.dim() == 0:
        return value.detach().item()
    return value


def check_nonnegative(*, nan_ok: bool = False, **values: Any) -> None:
    """Raise torch's ``ValueError("Invalid learning rate: -1")`` (``epsilon value``, ``momentum value``,
    ``weight_decay value`` ...) for the first negative value, in the order given. A Tensor ``lr``
    must have one element ("Tensor lr must be 1-element")."""
    for key, value in values.items():
        if key == "lr" and isinstance(value, Tensor) and value.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        bad = value < 0.0 if nan_ok else not 0.0 <= value
        if bad:
            raise ValueError(f"Invalid {_WORDS.get(key, key + ' value')}: {_shown(value)}")


def check_betas(betas: tuple[Any, Any]) -> None:
    """Each beta in ``[0, 1)``: "Invalid beta parameter at index 0: 1.0"."""
    for i in (0, 1):
        if not 0.0 <= betas[i] < 1.0:
            raise ValueError(f"Invalid beta parameter at index {i}: {betas[i]}")


def check_foreach_lr(lr: Any, foreach: bool | None, capturable: bool) -> None:
    """Adam's first check: no Tensor ``lr`` with ``foreach=True`` unless ``capturable``."""
    if isinstance(lr, Tensor) and foreach and not capturable:
        raise ValueError("lr as a Tensor is not supported for capturable=False and foreach=True")


def check_beta_types(betas: tuple[Any, Any], foreach: bool | None, capturable: bool) -> None:
    """Adam's rules for Tensor betas: both floats or both Tensors, each of one element, and not with
    ``foreach=True`` unless ``capturable``."""
    if not ((isinstance(betas[0], float) and isinstance(betas[1], float))
            or (isinstance(betas[0], Tensor) and isinstance(betas[1], Tensor))):
        raise ValueError("betas must be either both floats or both Tensors")
    for i in (0, 1):
        if isinstance(betas[i], Tensor):
            if not capturable and foreach:
                raise ValueError(f"betas[{i}] as a Tensor is not supported for capturable=False and foreach=True")
            if betas[i].numel() != 1:
                raise ValueError(f"Tensor betas[{i}] must be 1-element")


def check_rho(rho: float) -> None:
    """Adadelta's ``rho`` in ``[0, 1]``."""
    if not 0.0 <= rho <= 1.0:
        raise ValueError(f"Invalid rho value: {rho}")


def check_etas(etas: tuple[float, float]) -> None:
    """Rprop's ``0 < etaminus < 1 < etaplus``."""
    if not 0.0 < etas[0] < 1.0 < etas[1]:
        raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")


def check_fused(fused: bool | None, foreach: bool | None, differentiable: bool) -> None:
    """SGD's, Adam's and Adagrad's checks of ``fused=True``, made after the base constructor as torch's.
    (ember runs the single-tensor update whatever ``foreach``/``fused`` say: torch's fused and foreach
    kernels compute the same formula, to float rounding.)"""
    if fused:
        if differentiable:
            raise RuntimeError("`fused` does not support `differentiable`")
        if foreach:
            raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
