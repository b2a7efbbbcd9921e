"""Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode (thread-local)."""
from __future__ import annotations

import functools
import inspect
import threading
from typing import Any, Callable

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
           "is_inference_mode_enabled"]


class _State(threading.local):
    # class attributes are the defaults every new thread starts with
    enabled = True
    inference = False


STATE = _State()


def is_grad_enabled() -> bool:
    """True if gradient recording is enabled in this thread."""
    return STATE.enabled


def is_inference_mode_enabled() -> bool:
    """True inside ``inference_mode()`` in this thread."""
    return STATE.inference


class _GradModeContext:
    """Base for the grad-mode context managers; each instance also works as a decorator."""

    def _enter_mode(self):  # returns what __exit__ needs to restore
        raise NotImplementedError

    def __enter__(self) -> None:
        self._prev = (STATE.enabled, STATE.inference)
        self._enter_mode()

    def __exit__(self, *exc: Any) -> None:
        STATE.enabled, STATE.inference = self._prev

    def clone(self):
        return self.__class__()

    def __call__(self, func: Callable) -> Callable:
        if inspect.isclass(func):
            raise TypeError("grad-mode decorators apply to functions, not classes")
        if inspect.isgeneratorfunction(func):
            @functools.wraps(func)
            def gen_wrapper(*args, **kwargs):
                gen = func(*args, **kwargs)
                with self.clone():
                    response = gen.send(None)
                while True:
                    try:
                        request = yield response
                    except GeneratorExit:
                        with self.clone():
                            gen.close()
                        raise
                    except BaseException as e:  # forward throw() into the generator
                        with self.clone():
                            response = gen.throw(e)
                    else:
                        try:
                            with self.clone():
                                response = gen.send(request)
                        except StopIteration as e:
                            return e.value
            return gen_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)
        return wrapper


class _DecoratorWithoutParens(type):
    # lets ``@ember.no_grad`` (no parentheses) work as in torch
    def __call__(cls, *args, **kwargs):
        if len(args) == 1 and not kwargs and callable(args[0]) and cls in (no_grad, enable_grad):
            return super().__call__()(args[0])
        return super().__call__(*args, **kwargs)


class no_grad(_GradModeContext, metaclass=_DecoratorWithoutParens):
    r"""Context manager (and decorator) that disables gradient recording.

    Results computed inside have ``requires_grad=False`` even if inputs require grad.
    In-place updates of leaves that require grad are allowed here (the optimizer pattern).

    Example::

        >>> x = ember.tensor([1.], requires_grad=True)
        >>> with ember.no_grad():
        ...     y = x * 2
        >>> y.requires_grad
        False
    """

    def _enter_mode(self):
        STATE.enabled = False


class enable_grad(_GradModeContext, metaclass=_DecoratorWithoutParens):
    r"""Context manager (and decorator) that enables gradient recording inside ``no_grad``."""

    def _enter_mode(self):
        STATE.enabled = True


class set_grad_enabled(_GradModeContext):
    r"""Sets gradient recording on or off: immediately as a call, restored on exit as a context
    manager or decorator.

    Args:
        mode (bool): whether to enable gradient recording.
    """

    def __init__(self, mode: bool) -> None:
        self._prev = (STATE.enabled, STATE.inference)
        self.mode = bool(mode)
        STATE.enabled = self.mode

    def _enter_mode(self):
        STATE.enabled = self.mode

    def __enter__(self) -> None:  # the previous mode was captured at construction
        self._enter_mode()

    def clone(self):
        return self.__class__(self.mode)

    def __call__(self, func: Callable) -> Callable:
        # as a decorator, construction must not leave the mode switched (torch does the same)
        STATE.enabled = self._prev[0]
        return super().__call__(func)

    def __repr__(self) -> str:
        return f"torch.autograd.grad_mode.set_grad_enabled(mode={self.mode})"


class inference_mode(_GradModeContext):
    r"""Context manager (and decorator) for inference: like ``no_grad``, and
    ``is_inference_mode_enabled()`` reports True inside.

    Args:
        mode (bool): enable (default) or disable inference mode.
    """

    def __init__(self, mode: bool = True) -> None:
        self.mode = mode

    def _enter_mode(self):
        if self.mode:
            STATE.enabled = False
            STATE.inference = True
        else:
            STATE.inference = False

    def clone(self):
        return self.__class__(self.mode)

    def __call__(self, func):
        if isinstance(func, bool):  # torch allows inference_mode(False) written as a call
            return self.__class__(func)
        return super().__call__(func)
