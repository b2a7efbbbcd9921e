"""Module hooks: forward pre-hooks and hooks, backward hooks (full and legacy), and the global ones.

``Module.__call__`` runs ``forward`` directly when no hook is registered; otherwise :func:`call_with_hooks`
runs them as torch's ``_call_impl`` does. Full backward hooks work as torch's ``BackwardHook``: the
module's tensor inputs and outputs pass through an identity :class:`BackwardHookFunction`, whose
node's pre-hook (on the outputs' side) captures ``grad_output`` and runs the backward pre-hooks, and
whose post-hook (on the inputs' side) calls ``hook(module, grad_input, grad_output)``; each may
return replacements. The legacy ``register_backward_hook`` puts the hook on the output's
``grad_fn`` and warns where torch warns that its gradients are incomplete.
"""
from __future__ import annotations

import warnings
from collections import OrderedDict
from typing import Any, Callable

from ... import Tensor, is_grad_enabled
from ...autograd import Function
from ...utils.hooks import RemovableHandle

__all__ = ["register_module_forward_pre_hook", "register_module_forward_hook", "register_module_full_backward_hook",
           "register_module_full_backward_pre_hook", "register_module_backward_hook", "BackwardHook"]

# the global hooks, run for every module (before the module's own)
_global_forward_pre_hooks: OrderedDict = OrderedDict()
_global_forward_hooks: OrderedDict = OrderedDict()
_global_forward_hooks_always_called: OrderedDict = OrderedDict()
_global_backward_pre_hooks: OrderedDict = OrderedDict()
_global_backward_hooks: OrderedDict = OrderedDict()
_global_is_full_backward_hook: list = [None]        # a list: one mutable cell


class Handle(RemovableHandle):
    """A hook handle that also forgets the hook's flags (``with_kwargs``, ``always_call``)."""

    def __init__(self, hooks: dict, *flags: dict) -> None:
        super().__init__(hooks)
        self._flags = flags

    def remove(self) -> None:
        super().remove()
        for d in self._flags:
            d.pop(self.id, None)


def register_module_forward_pre_hook(hook: Callable) -> RemovableHandle:
    """Register ``hook(module, args)`` run before every module's ``forward`` (before its own pre-hooks)."""
    handle = RemovableHandle(_global_forward_pre_hooks)
    _global_forward_pre_hooks[handle.id] = hook
    return handle


def register_module_forward_hook(hook: Callable, *, always_call: bool = False) -> RemovableHandle:
    """Register ``hook(module, args, output)`` run after every module's ``forward``."""
    handle = Handle(_global_forward_hooks, _global_forward_hooks_always_called)
    _global_forward_hooks[handle.id] = hook
    if always_call:
        _global_forward_hooks_always_called[handle.id] = True
    return handle


def register_module_full_backward_pre_hook(hook: Callable) -> RemovableHandle:
    """Register ``hook(module, grad_output)`` for every module (see ``Module.register_full_backward_pre_hook``)."""
    handle = RemovableHandle(_global_backward_pre_hooks)
    _global_backward_pre_hooks[handle.id] = hook
    return handle


def register_module_full_backward_hook(hook: Callable) -> RemovableHandle:
    """Register ``hook(module, grad_input, grad_output)`` for every module (see
    ``Module.register_full_backward_hook``)."""
    if _global_is_full_backward_hook[0] is False:
        raise RuntimeError("Cannot use both regular backward hooks and full backward hooks as a global Module hook. "
                           "Please use only one of them.")
    _global_is_full_backward_hook[0] = True
    handle = RemovableHandle(_global_backward_hooks)
    _global_backward_hooks[handle.id] = hook
    return handle


def register_module_backward_hook(hook: Callable) -> RemovableHandle:
    """The deprecated global backward hook (see ``Module.register_backward_hook``)."""
    if _global_is_full_backward_hook[0] is True:
        raise RuntimeError("Cannot use both regular backward hooks and full backward hooks as a global Module hook. "
                           "Please use only one of them.")
    _global_is_full_backward_hook[0] = False
    handle = RemovableHandle(_global_backward_hooks)
    _global_backward_hooks[handle.id] = hook
    return handle


class BackwardHookFunction(Function):
    """The identity, as one node (``BackwardHookFunctionBackward``) that backward hooks attach to."""

    @staticmethod
    def forward(ctx, *args):
        ctx.mark_non_differentiable(*[arg for arg in args if not arg.requires_grad])
        return args

    @staticmethod
    def backward(ctx, *args):
        return args


class BackwardHook:
    """torch's ``BackwardHook``: links the gradients captured at a module's outputs with those at its
    inputs and calls the user's hooks once both are known (non-tensor arguments show as None)."""

    def __init__(self, module, user_hooks: list, user_pre_hooks: list) -> None:
        self.user_hooks, self.user_pre_hooks, self.module = user_hooks, user_pre_hooks, module
        self.grad_outputs = None
        self.n_outputs, self.output_tensors_index = -1, None
        self.n_inputs, self.input_tensors_index = -1, None

    @staticmethod
    def _pack_with_none(indices, values, size) -> tuple:
        res = [None] * size
        for idx, val in zip(indices, values):
            res[idx] = val
        return tuple(res)

    def _set_user_hook(self, grad_fn) -> None:
        def hook(grad_input, _):
            if self.grad_outputs is None:   # the gradient reached the inputs without passing the outputs
                return None
            res = self._pack_with_none(self.input_tensors_index, grad_input, self.n_inputs)
            for user_hook in self.user_hooks:
                out = user_hook(self.module, res, self.grad_outputs)
                if out is None:
                    continue
                if len(out) != len(res):
                    raise RuntimeError("Backward hook returned an invalid number of grad_input, "
                                       f"got {len(out)}, but expected {len(res)}")
                res = out
            self.grad_outputs = None
            return tuple(res[i] for i in self.input_tensors_index)
        grad_fn.register_hook(hook)

    def _apply_on_tensors(self, fn, args: tuple):
        tensors_idx = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        tensors = [args[i] for i in tensors_idx]
        if not (any(t.requires_grad for t in tensors) and is_grad_enabled()):
            return args, None
        new_tensors = BackwardHookFunction.apply(*tensors)
        if isinstance(new_tensors, Tensor):
            new_tensors = (new_tensors,)
        grad_fns = [t.grad_fn for t in new_tensors
                    if t.grad_fn is not None and t.grad_fn.name() == "BackwardHookFunctionBackward"]
        fn(grad_fns[0])
        arg_list = list(args)
        for idx, val in zip(tensors_idx, new_tensors):
            arg_list[idx] = val
        return (tuple(arg_list) if type(args) is tuple else type(args)(*arg_list)), tensors_idx

    def setup_input_hook(self, args: tuple) -> tuple:
        res, self.input_tensors_index = self._apply_on_tensors(self._set_user_hook, args)
        self.n_inputs = len(args)
        return res

    def setup_output_hook(self, args: Any) -> Any:
        def fn(grad_fn) -> None:
            def hook(grad_output):
                self.grad_outputs = self._pack_with_none(self.output_tensors_index, grad_output, self.n_outputs)
                for user_pre_hook in self.user_pre_hooks:
                    replaced = user_pre_hook(self.module, self.grad_outputs)
                    if replaced is None:
                        continue
                    if len(replaced) != len(self.grad_outputs):
                        raise RuntimeError("Backward pre hook returned an invalid number of grad_output, "
                                           f"got {len(replaced)}, but expected {len(self.grad_outputs)}")
                    self.grad_outputs = replaced
                local_grad_outputs = self.grad_outputs
                if self.input_tensors_index is None:   # no input requires grad: call the hooks now
                    warnings.warn("Full backward hook is firing when gradients are computed with respect to module "
                                  "outputs since no inputs require gradients. See "
                                  "https://docs.pytorch.org/docs/main/generated/torch.nn.Module.html"
                                  "#torch.nn.Module.register_full_backward_hook for more details.", stacklevel=5)
                    grad_inputs = self._pack_with_none([], [], self.n_inputs)
                    for user_hook in self.user_hooks:
                        res = user_hook(self.module, grad_inputs, self.grad_outputs)
                        if res is not None and not (isinstance(res, tuple) and all(el is None for el in res)):
                            raise RuntimeError("Backward hook for Modules where no input requires gradient should "
                                               "always return None or None for all gradients.")
                    self.grad_outputs = None
                if local_grad_outputs is not None:
                    return tuple(local_grad_outputs[i] for i in self.output_tensors_index)
                return None
            grad_fn.register_prehook(hook)

        is_tuple = isinstance(args, tuple)
        if not is_tuple:
            args = (args,)
        res, self.output_tensors_index = self._apply_on_tensors(fn, args)
        self.n_outputs = len(args)
        return res if is_tuple else res[0]


class _WrappedHook:
    """A legacy backward hook on a node: ``hook(module, grad_input, grad_output)``."""

    def __init__(self, hook: Callable, module) -> None:
        self.hook, self.module = hook, module

    def __call__(self, *args: Any) -> Any:
        return self.hook(self.module, *args)


def _warn_non_full(inputs: tuple, result: Any, grad_fn) -> None:
    """torch's ``_maybe_warn_non_full_backward_hook``: where the legacy hook sees incomplete gradients."""
    def warn(msg: str) -> None:
        warnings.warn(msg, FutureWarning, stacklevel=4)
    if not isinstance(result, Tensor):
        if not (isinstance(result, tuple) and all(isinstance(r, Tensor) for r in result)):
            return warn("Using non-full backward hooks on a Module that does not return a single Tensor or a tuple of "
                        "Tensors is deprecated and will be removed in future versions. This hook will be missing some "
                        "of the grad_output. Please use register_full_backward_hook to get the documented behavior.")
    else:
        result = (result,)
    if not (isinstance(inputs, tuple) and all(isinstance(i, Tensor) for i in inputs)):
        return warn("Using non-full backward hooks on a Module that does not take as input a single Tensor or a tuple "
                    "of Tensors is deprecated and will be removed in future versions. This hook will be missing some "
                    "of the grad_input. Please use register_full_backward_hook to get the documented behavior.")
    out_grad_fn = {r.grad_fn for r in result if r.grad_fn is not None}
    if len(out_grad_fn) == 0 or (len(out_grad_fn) == 1 and grad_fn not in out_grad_fn):
        warn("Using a non-full backward hook when outputs are nested in python data structure is deprecated and will "
             "be removed in future versions. This hook will be missing some grad_output.")
    elif len(out_grad_fn) > 1:
        warn("Using a non-full backward hook when outputs are generated by different autograd Nodes is deprecated and "
             "will be removed in future versions. This hook will be missing some grad_output. Please use "
             "register_full_backward_hook to get the documented behavior.")
    elif {i.grad_fn for i in inputs if i.grad_fn is not None} != {n[0] for n in grad_fn.next_functions}:
        warn("Using a non-full backward hook when the forward contains multiple autograd Nodes is deprecated and will "
             "be removed in future versions. This hook will be missing some grad_input. Please use "
             "register_full_backward_hook to get the documented behavior.")


def _backward_hooks(module) -> tuple[list, list]:
    """(full, legacy) backward hooks of ``module``, the global ones first."""
    full, legacy = [], []
    if _global_is_full_backward_hook[0] is True:
        full += _global_backward_hooks.values()
    elif _global_is_full_backward_hook[0] is False:
        legacy += _global_backward_hooks.values()
    if module._is_full_backward_hook is True:
        full += module._backward_hooks.values()
    elif module._is_full_backward_hook is False:
        legacy += module._backward_hooks.values()
    return full, legacy


def _run_forward_hook(module, hook_id, hook, args, kwargs, result):
    if hook_id in module._forward_hooks_with_kwargs:
        return hook(module, args, kwargs, result)
    return hook(module, args, result)


def call_with_hooks(module, args: tuple, kwargs: dict) -> Any:
    """``module(*args, **kwargs)`` with every hook, in torch's order (``Module._call_impl``)."""
    full_hooks, legacy_hooks = _backward_hooks(module) if module._backward_hooks or _global_backward_hooks else ([], [])
    pre_hooks = [*_global_backward_pre_hooks.values(), *module._backward_pre_hooks.values()]
    result = None
    called = set()
    try:
        for hook in tuple(_global_forward_pre_hooks.values()):
            out = hook(module, args)
            if out is not None:
                args = out if isinstance(out, tuple) else (out,)
        for hook_id, hook in tuple(module._forward_pre_hooks.items()):
            if hook_id in module._forward_pre_hooks_with_kwargs:
                out = hook(module, args, kwargs)
                if out is not None:
                    if not (isinstance(out, tuple) and len(out) == 2):
                        raise RuntimeError("forward pre-hook must return None or a tuple of (new_args, new_kwargs), "
                                           f"but got {out}.")
                    args, kwargs = out
            else:
                out = hook(module, args)
                if out is not None:
                    args = out if isinstance(out, tuple) else (out,)
        bw_hook = None
        if full_hooks or pre_hooks:
            bw_hook = BackwardHook(module, full_hooks, pre_hooks)
            args = bw_hook.setup_input_hook(args)
        result = module.forward(*args, **kwargs)
        for hook_id, hook in tuple(_global_forward_hooks.items()):
            if hook_id in _global_forward_hooks_always_called:
                called.add(("global", hook_id))
            out = hook(module, args, result)
            if out is not None:
                result = out
        for hook_id, hook in tuple(module._forward_hooks.items()):
            if hook_id in module._forward_hooks_always_called:
                called.add(hook_id)
            out = _run_forward_hook(module, hook_id, hook, args, kwargs, result)
            if out is not None:
                result = out
        if bw_hook is not None:
            if not isinstance(result, (Tensor, tuple)):
                warnings.warn("For backward hooks to be called, module output should be a Tensor or a tuple of Tensors "
                              f"but received {type(result)}", stacklevel=3)
            result = bw_hook.setup_output_hook(result)
        if legacy_hooks:
            var = result
            while not isinstance(var, Tensor):
                var = next(v for v in var.values() if isinstance(v, Tensor)) if isinstance(var, dict) else var[0]
            grad_fn = var.grad_fn
            if grad_fn is not None:
                for hook in legacy_hooks:
                    grad_fn.register_hook(_WrappedHook(hook, module))
                _warn_non_full(args, result, grad_fn)
        return result
    except Exception:
        _run_always_called(module, args, kwargs, result, called)
        raise


def _run_always_called(module, args, kwargs, result, called: set) -> None:
    """After forward raised: the ``always_call`` forward hooks that have not run yet (their errors warned)."""
    hooks = [(("global", i), h, False) for i, h in _global_forward_hooks.items()
             if i in _global_forward_hooks_always_called]
    hooks += [(i, h, True) for i, h in module._forward_hooks.items() if i in module._forward_hooks_always_called]
    for key, hook, own in hooks:
        if key in called:
            continue
        try:
            out = _run_forward_hook(module, key, hook, args, kwargs, result) if own else hook(module, args, result)
            if out is not None:
                result = out
        except Exception as e:  # noqa: BLE001
            warnings.warn("module forward hook with ``always_call=True`` raised an exception that was silenced as "
                          f"another error was raised in forward: {e}", stacklevel=3)


class HookRegistration:
    """The hook-registering methods of ``Module`` (a base class of it)."""

    def register_forward_pre_hook(self, hook: Callable, *, prepend: bool = False,
                                  with_kwargs: bool = False) -> RemovableHandle:
        """Register ``hook(module, args)`` (or ``hook(module, args, kwargs)`` with ``with_kwargs``), run
        before :meth:`forward`; a returned value replaces the arguments (a tuple ``(args, kwargs)`` with
        ``with_kwargs``). ``prepend`` runs it before the hooks already registered. Returns a handle
        whose ``remove()`` unregisters it."""
        handle = Handle(self._forward_pre_hooks, self._forward_pre_hooks_with_kwargs)
        self._forward_pre_hooks[handle.id] = hook
        if with_kwargs:
            self._forward_pre_hooks_with_kwargs[handle.id] = True
        if prepend:
            self._forward_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_forward_hook(self, hook: Callable, *, prepend: bool = False, with_kwargs: bool = False,
                              always_call: bool = False) -> RemovableHandle:
        """Register ``hook(module, args, output)`` (``hook(module, args, kwargs, output)`` with
        ``with_kwargs``), run after :meth:`forward`; a returned value replaces the output. With
        ``always_call`` it also runs when forward raises. Returns a removable handle."""
        handle = Handle(self._forward_hooks, self._forward_hooks_with_kwargs, self._forward_hooks_always_called)
        self._forward_hooks[handle.id] = hook
        if with_kwargs:
            self._forward_hooks_with_kwargs[handle.id] = True
        if always_call:
            self._forward_hooks_always_called[handle.id] = True
        if prepend:
            self._forward_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_full_backward_pre_hook(self, hook: Callable, prepend: bool = False) -> RemovableHandle:
        """Register ``hook(module, grad_output)``, called when the gradients of the module's outputs are
        known; a returned tuple replaces ``grad_output``. Returns a removable handle."""
        handle = RemovableHandle(self._backward_pre_hooks)
        self._backward_pre_hooks[handle.id] = hook
        if prepend:
            self._backward_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_full_backward_hook(self, hook: Callable, prepend: bool = False) -> RemovableHandle:
        """Register ``hook(module, grad_input, grad_output)``, called when the gradients of the module's
        inputs are known (``None`` for non-tensor inputs and those that need none); a returned tuple
        replaces ``grad_input``. Returns a removable handle."""
        if self._is_full_backward_hook is False:
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks on a single Module. "
                               "Please use only one of them.")
        self._is_full_backward_hook = True
        handle = RemovableHandle(self._backward_hooks)
        self._backward_hooks[handle.id] = hook
        if prepend:
            self._backward_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_backward_hook(self, hook: Callable) -> RemovableHandle:
        """Deprecated: the hook sees the gradients of the output's ``grad_fn`` only, which may not be the
        module's (a warning says when); use :meth:`register_full_backward_hook`."""
        if self._is_full_backward_hook is True:
            raise RuntimeError("Cannot use both regular backward hooks and full backward hooks on a single Module. "
                               "Please use only one of them.")
        self._is_full_backward_hook = False
        handle = RemovableHandle(self._backward_hooks)
        self._backward_hooks[handle.id] = hook
        return handle
