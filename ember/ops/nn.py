"""Neural-network ops: softmax, log_softmax, nll_loss, mse_loss (each one node, as torch)."""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._creation import empty_strided, iter_layout
from .._tensor import Tensor, wrap_dim
from ._op import Op
from ._promotion import broadcast_error, promote
from ._record import apply


class SoftmaxBackward0(Op):
    __slots__ = ("dim",)
    _saved_names = ("result",)
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        if a.size == 0:
            r = np.empty(a.shape, dtype=a.dtype)
        else:
            x = _acc(a) if a.ndim == 0 or a.dtype == np.float16 else a
            with np.errstate(over="ignore", invalid="ignore"):   # inf/nan rows: torch is silent
                e = np.exp(x - np.max(x, axis=dim, keepdims=True))
                r = e / np.sum(e, axis=dim, keepdims=True)
            if x is not a or not r.flags.c_contiguous:
                r = np.asarray(r.reshape(a.shape), dtype=a.dtype, order="C")    # contiguous, as torch's
        ctx.save(r)
        return r

    def backward(ctx, g, xp):
        r, = xp.saved(ctx)
        return (r * (g - xp.sum(g * r, ctx.dim, True)),)


class LogSoftmaxBackward0(Op):
    __slots__ = ("dim",)
    _saved_names = ("result",)
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        if a.size == 0:
            r = np.empty(a.shape, dtype=a.dtype)
        else:
            x = _acc(a) if a.ndim == 0 or a.dtype == np.float16 else a
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):   # inf/nan rows: torch is silent
                shifted = x - np.max(x, axis=dim, keepdims=True)
                r = shifted - np.log(np.sum(np.exp(shifted), axis=dim, keepdims=True))
            if x is not a or not r.flags.c_contiguous:
                r = np.asarray(r.reshape(a.shape), dtype=a.dtype, order="C")
        ctx.save(r)
        return r

    def backward(ctx, g, xp):
        r, = xp.saved(ctx)
        return (g - xp.exp(r) * xp.sum(g, ctx.dim, True),)


def _acc(a: np.ndarray) -> np.ndarray:
    """What torch's softmax kernels compute in: float for half, and a 0-d input as one element."""
    if a.dtype == np.float16:
        a = a.astype(np.float32)
    return a.reshape(1) if a.ndim == 0 else a


def _softmax_dim(x: Tensor, dim, name: str) -> int:
    if dim is None:  # torch's legacy implicit choice, with its warning
        import warnings
        warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X "
                      "as an argument.", UserWarning, stacklevel=3)
        dim = 0 if x.ndim in (0, 1, 3) else 1
    dim = wrap_dim(dim, x.ndim)
    k = x._data.dtype.kind
    if k not in "f" and x._data.size:    # torch's kernels take floating inputs only
        kernel = "lastdim_kernel_impl" if dim == max(x.ndim, 1) - 1 else "kernel_impl"
        raise NotImplementedError(f'"{name}_{kernel}" not implemented for \'{x.dtype._legacy[:-6]}\'')
    return dim


def softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:  # noqa: A002
    """Apply the softmax function ``exp(x_i) / sum_j exp(x_j)`` along ``dim``.

    The slices along ``dim`` sum to 1. It is computed stably (the maximum is subtracted first). Integer and bool
    inputs are refused, as torch's kernels refuse them (pass ``dtype`` to compute in a floating dtype); the result
    is contiguous, as torch's.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension along which it is computed. Default: ``None``, which picks
            torch's legacy implicit dimension (0 for 0-D, 1-D and 3-D inputs, else 1).
        dtype (ember.dtype, optional): if given, ``input`` is cast to it before the operation. Default: ``None``.
    """
    if dtype is not None:
        input = input.to(dtype)  # noqa: A001
    dim = _softmax_dim(input, dim, "softmax")
    return apply(SoftmaxBackward0, (input,), (input._data, dim))


def log_softmax(input: Tensor, dim: int | None = None, dtype=None) -> Tensor:  # noqa: A002
    """Apply a softmax followed by a logarithm along ``dim``.

    Mathematically ``log(softmax(x))``, but computed stably in one step; use it with :func:`nll_loss`.

    Args:
        input (Tensor): the input tensor.
        dim (int, optional): the dimension along which it is computed. Default: ``None``, which picks
            torch's legacy implicit dimension (0 for 0-D, 1-D and 3-D inputs, else 1).
        dtype (ember.dtype, optional): if given, ``input`` is cast to it before the operation. Default: ``None``.
    """
    if dtype is not None:
        input = input.to(dtype)  # noqa: A001
    dim = _softmax_dim(input, dim, "log_softmax")
    return apply(LogSoftmaxBackward0, (input,), (input._data, dim))




class NllLossBackward0(Op):
    """Negative log-likelihood of class indices; its gradient is linear in the incoming grad."""
    __slots__ = ("coef",)
    _param_names = ("reduction", "ignore_index")

    @staticmethod
    def forward(ctx, logp, target, weight, reduction, ignore_index):
        # logp: (N, C) or (N, C, d...) or (C,); target: class indices
        if logp.ndim == 1:
            logp2, tgt = logp[None], np.asarray(target).reshape(1)
        else:
            logp2, tgt = logp, target
        c = logp2.shape[1]
        valid = tgt != ignore_index
        safe = np.where(valid, tgt, 0)
        if ((safe < 0) | (safe >= c)).any():
            bad = safe[(safe < 0) | (safe >= c)].flat[0]
            raise IndexError(f"Target {bad} is out of bounds.")
        w = np.ones(c, dtype=logp.dtype) if weight is None else weight.astype(logp.dtype)
        wt = w[safe] * valid                     # per-sample weights, 0 for ignored
        picked = np.take_along_axis(logp2, np.expand_dims(safe, 1), axis=1).squeeze(1)
        losses = -wt * picked
        nwt = -wt
        if not valid.all():      # an ignored sample's loss and gradient are 0.0, as torch's (never -0.0)
            losses[~valid] = 0
            nwt[~valid] = 0
        onehot = np.zeros(logp2.shape, dtype=logp.dtype)
        np.put_along_axis(onehot, np.expand_dims(safe, 1), np.expand_dims(nwt, 1), axis=1)
        if reduction == "none":
            out = losses if logp.ndim > 1 else losses[0]
            ctx.coef = onehot if logp.ndim > 1 else onehot[0]
        else:
            total = losses.sum(dtype=logp.dtype)
            if reduction == "mean":
                denom = wt.sum(dtype=logp.dtype)
                with np.errstate(invalid="ignore", divide="ignore"):    # every target ignored: NaN, unwarned
                    out = total / denom
                    onehot = onehot / denom
            else:
                out = total
            ctx.coef = onehot if logp.ndim > 1 else onehot[0]
        return np.asarray(out, dtype=logp.dtype)

    def backward(ctx, g, xp):
        coef = ctx.coef
        if coef.ndim > 1 and len(g.shape) > 0:      # reduction='none': one grad per sample
            g = xp.unsqueeze(g, 1)
        return (xp.constant(coef) * g,)


def _reduction(size_average, reduce, reduction: str) -> str:
    if size_average is not None or reduce is not None:
        if reduce is False:
            return "none"
        return "mean" if size_average is None or size_average else "sum"
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,  # noqa: A002
             ignore_index: int = -100, reduce=None, reduction: str = "mean") -> Tensor:
    """Compute the negative log likelihood loss of log-probabilities ``input`` and class indices ``target``.

    The loss of a sample with target class ``c`` is ``-weight[c] * input[n, c]``. With ``reduction='mean'`` the
    sum is divided by the total weight of the targets not ignored. The gradient is linear in the incoming
    gradient, as in torch.

    Args:
        input (Tensor): log-probabilities of shape ``(N, C)``, ``(C)`` or ``(N, C, d1, d2, ...)``.
        target (Tensor): integer class indices in ``[0, C)``, of shape ``(N)``, ``()`` or
            ``(N, d1, d2, ...)``.
        weight (Tensor, optional): a manual rescaling weight for each class, of size ``C``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        ignore_index (int, optional): a target value that is ignored and does not contribute to the loss or
            the gradient. Default: ``-100``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` (one loss per element), ``'mean'`` (the weighted mean) or
            ``'sum'``. Default: ``'mean'``.
    """
    _nll_checks(input, target, weight)
    data = input._data
    if data.ndim > 2:  # (N, C, d1, ...) -> (N*d..., C)
        red = _reduction(size_average, reduce, reduction)
        perm = (0,) + tuple(range(2, data.ndim)) + (1,)
        flat = input.permute(*perm).reshape(-1, data.shape[1])
        out = nll_loss(flat, target.reshape(-1), weight, ignore_index=ignore_index, reduction=red)
        return out.reshape(target.shape) if red == "none" else out
    return apply(NllLossBackward0, (input,), (data,), target._data, None if weight is None else weight._data,
                 _reduction(size_average, reduce, reduction), ignore_index)


def _nll_checks(input: Tensor, target: Tensor, weight) -> None:  # noqa: A002
    """torch's checks of nll_loss's arguments (nll_loss_nd, then nll_loss or nll_loss2d), in its order."""
    si, st = input._data.shape, target._data.shape
    if (len(si) == 2 and len(st) == 1 and st[0] == si[0] and weight is None and target._data.dtype == np.int64
            and input._data.dtype.kind == "f"):
        return      # the common case: a batch of class indices
    ni, nt = input.ndim, target.ndim
    si, st = list(input.shape), list(target.shape)
    if ni < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {ni})")
    if ni == 1 and nt == 1 and st[0] != 1:
        raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {st[0]}")
    if ni > 1 and st[:1] != si[:1]:
        raise ValueError(f"Expected input batch_size ({si[0]}) to match target batch_size ({st[0] if st else 1}).")
    if ni == 3 or ni > 4:
        if st[1:] != si[2:]:
            raise RuntimeError(f"Expected target size {si[:1] + si[2:]}, got {st}")
    elif ni == 4:
        if nt != 3:
            raise RuntimeError(f"only batches of spatial targets supported (3D tensors) but got targets of dimension: "
                               f"{nt}")
        if st != si[:1] + si[2:]:
            raise RuntimeError(f"size mismatch (got input: {si} , target: {st}")
    elif nt > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if weight is not None and (weight.ndim != 1 or weight.numel() != (si[1] if ni > 1 else si[0])):
        if ni > 2:
            raise RuntimeError("weight tensor should be defined either for all or no classes")
        raise RuntimeError(f"weight tensor should be defined either for all {si[-1]} classes or no classes but got "
                           f"weight tensor of shape: {list(weight.shape)}")
    if target.dtype not in (_dtype.int64, _dtype.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {target.dtype._legacy[:-6]}")
    if input._data.dtype.kind != "f":
        kernel = "nll_loss2d_forward_out_frame" if ni > 2 else "nll_loss_out_frame"
        raise NotImplementedError(f'"{kernel}" not implemented for \'{input.dtype._legacy[:-6]}\'')
    if weight is not None and weight.dtype is not input.dtype:
        raise RuntimeError(f"expected scalar type {input.dtype._legacy[:-6]} but found {weight.dtype._legacy[:-6]}")


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average=None,  # noqa: A002
                  ignore_index: int = -100, reduce=None, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Tensor:
    """Compute the cross entropy loss between input logits and target.

    ``target`` holds either class indices (an integer tensor, computed as
    ``nll_loss(log_softmax(input, 1), target)``) or class probabilities (a floating point tensor of the same
    shape as ``input``). ember does not support ``weight`` with class probabilities, nor ``label_smoothing``
    yet: both raise ``NotImplementedError`` rather than being ignored.

    Args:
        input (Tensor): unnormalized logits of shape ``(N, C)``, ``(C)`` or ``(N, C, d1, d2, ...)``.
        target (Tensor): class indices of shape ``(N)``, ``()`` or ``(N, d1, ...)``, or class probabilities
            of the same shape as ``input``.
        weight (Tensor, optional): a manual rescaling weight for each class, of size ``C``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        ignore_index (int, optional): a target value that is ignored and does not contribute to the loss or
            the gradient. Default: ``-100``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` (one loss per element), ``'mean'`` (the weighted mean) or
            ``'sum'``. Default: ``'mean'``.
        label_smoothing (float, optional): must be ``0.0`` (not supported yet). Default: ``0.0``.

    Example::

        >>> logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 1.5, 0.3]], requires_grad=True)
        >>> target = torch.tensor([0, 1])
        >>> loss = torch.nn.functional.cross_entropy(logits, target)
        >>> loss
        tensor(0.3391, grad_fn=<NllLossBackward0>)
        >>> loss.backward()
        >>> logits.grad
        tensor([[-0.1072,  0.0876,  0.0196],
                [ 0.0797, -0.1770,  0.0973]])
    """
    if label_smoothing:
        raise NotImplementedError("label_smoothing is not supported by ember yet")
    if target.dtype.is_floating_point and weight is not None:
        raise NotImplementedError("cross_entropy with class-probability targets and weight is not supported by "
                                  "ember yet")
    red = _reduction(size_average, reduce, reduction)
    logp = log_softmax(input, 1 if input.ndim > 1 else 0)
    if target.dtype.is_floating_point:  # class probabilities
        per = -(target * logp).sum(1 if input.ndim > 1 else 0)
        return per if red == "none" else (per.sum() if red == "sum" else per.mean())
    return nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=red)


class MseLossBackward0(Op):
    __slots__ = ("reduction", "n")
    _saved_names = ("self", "target")
    _param_names = ("reduction",)

    @staticmethod
    def forward(ctx, a, b, reduction):
        ctx.reduction, ctx.n = reduction, np.broadcast_shapes(a.shape, b.shape)
        ctx.save(a, b)
        if reduction == "none":
            layout = iter_layout(ctx.n, (a, b))     # torch's elementwise result layout (None: contiguous)
            if layout is not None:
                out = empty_strided(ctx.n, layout, np.result_type(a, b))
                np.subtract(a, b, out=out)
                return np.multiply(out, out, out=out)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):    # inf and NaN as torch, unwarned
            d = a - b
            sq = d * d
            if reduction == "none":
                return sq
            total = np.sum(sq, dtype=sq.dtype)
            return total if reduction == "sum" else total / sq.dtype.type(sq.size)   # NaN for an empty input

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        scale = 2.0
        if ctx.reduction == "mean":
            n = 1
            for s in ctx.n:
                n *= s
            scale = 2.0 / max(n, 1)
        d = (a - b) * scale * g
        return d, -d


def mse_loss(input: Tensor, target: Tensor, size_average=None, reduce=None,  # noqa: A002
             reduction: str = "mean", weight=None) -> Tensor:
    """Compute the element-wise mean squared error ``(input - target) ** 2``, reduced by ``reduction``.

    A ``UserWarning`` is issued when the shapes differ, as the two are then broadcast.

    Args:
        input (Tensor): the input tensor.
        target (Tensor): the target tensor, normally of the same shape.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'``, ``'mean'`` or ``'sum'``. Default: ``'mean'``.
        weight (Tensor, optional): not supported yet: must be ``None``. Default: ``None``.
    """
    if weight is not None:
        raise NotImplementedError("mse_loss(weight=...) is not supported by ember yet")
    import warnings
    if target.size() != input.size():
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the "
                      "same size.", UserWarning, stacklevel=2)
    red = _reduction(size_average, reduce, reduction)
    tb, ad, bd = promote(input, target)
    if ad.dtype.kind != "f":
        raise NotImplementedError(f'"mse_cpu" not implemented for \'{_dtype._BY_CHAR[ad.dtype.char]._legacy[:-6]}\'')
    try:
        return apply(MseLossBackward0, (input, target), (ad, bd), red)
    except ValueError:
        raise broadcast_error(ad.shape, bd.shape) from None
