"""Neural-network ops: softmax, log_softmax, nll_loss, mse_loss (each one node, as torch)."""
from __future__ import annotations

import numpy as np

from .. import _dtype
from .._creation import empty_strided, iter_layout
from .._graph import NO_RECORD
from .._tensor import Tensor, wrap_dim
from .._tensor_data import dtype_arg
from ._both import np_dtype
from ._op import Op
from ._promotion import broadcast_error, parse_args, promote
from ._record import apply
from .shape_compose import broadcast_tensors as _broadcast_tensors


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
    """Speed (``benchmarks/ce_speed.py``): forward keeps ``exp(x - max)`` and its sum (``softmax``) for the
    first plain backward, which then needs no second ``exp``; over a large contiguous last dim it runs in
    blocks of rows that stay in cache. When the incoming gradient is, untouched, the one-hot gradient of the
    ``nll_loss`` this feeds (``sparse``, left by its backward), the row sums are its nonzeros and the result is
    one in-place pass over the kept ``exp``. A ``create_graph`` or repeated backward computes
    ``exp(result)``, as torch."""
    __slots__ = ("dim", "softmax", "sparse")
    _saved_names = ("result",)
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        ctx.softmax = ctx.sparse = None
        if a.size == 0:
            r = np.empty(a.shape, dtype=a.dtype)
        else:
            x = _acc(a) if a.ndim == 0 or a.dtype == np.float16 else a
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):   # inf/nan rows: torch is silent
                if x is a and dim == a.ndim - 1 and a.size >= _BLOCK and a.flags.c_contiguous:
                    r, e, total = _log_softmax_rows(a, ctx is not NO_RECORD)
                    if e is not None:
                        ctx.softmax = (e, total)
                    ctx.save(r)
                    return r
                r = x - np.max(x, axis=dim, keepdims=True)
                e = np.exp(r)
                total = np.sum(e, axis=dim, keepdims=True)
                r -= np.log(total)
            if x is not a or not r.flags.c_contiguous:
                r = np.asarray(r.reshape(a.shape), dtype=a.dtype, order="C")
            elif ctx is not NO_RECORD:
                ctx.softmax = (e, total)
        ctx.save(r)
        return r

    def backward(ctx, g, xp):
        r, = xp.saved(ctx)
        cache, ctx.softmax = ctx.softmax, None
        sparse, ctx.sparse = ctx.sparse, None
        if cache is not None and not xp.tensor_mode:
            e, total = cache        # e is this node's own, and the cache is dropped: overwrite it
            with np.errstate(invalid="ignore", divide="ignore"):
                if sparse is not None and sparse[0] is g and e.dtype == g.dtype:
                    # g - softmax * rowsum(g), g zero but at (row, cols[row]) = vals[row]; 0 - s keeps +0.0
                    _, cols, vals = sparse
                    np.multiply(e, np.subtract(0, vals.reshape(-1, 1) / total, dtype=e.dtype), out=e)
                    e[np.arange(e.shape[0]), cols] += vals
                    return (e,)
                out = np.multiply(e, np.sum(g, ctx.dim, keepdims=True) / total, out=e if e.dtype == g.dtype else None)
            return (np.subtract(g, out, out=out),)
        return (g - xp.exp(r) * xp.sum(g, ctx.dim, True),)


_BLOCK = 1 << 18      # elements per block of rows (1 MB of float32): log_softmax's passes stay in cache


def _log_softmax_rows(a: np.ndarray, keep: bool) -> tuple:
    """log_softmax over the last dim of the C-contiguous ``a`` in blocks of rows, each block's five passes
    (max, subtract, exp, sum, subtract the log) in cache (-17% on 4096x1000 float32). Returns the result and,
    if ``keep``, ``exp(a - max)`` and its sums (else None, None; the exp then reuses one block's buffer). The
    arrays returned own their data (not views), so the backward's in-place result can become ``.grad`` as is."""
    cols = a.shape[-1]
    x = a.reshape(-1, cols)
    rows, step = x.shape[0], max(1, _BLOCK // max(cols, 1))
    r_out, total_out = np.empty_like(a), np.empty(a.shape[:-1] + (1,), dtype=a.dtype)
    r, total = r_out.reshape(rows, cols), total_out.reshape(rows, 1)
    e_out = np.empty_like(a) if keep else None
    e = e_out.reshape(rows, cols) if keep else np.empty((min(step, rows), cols), dtype=a.dtype)
    for i in range(0, rows, step):
        xs, rs, ts = x[i:i + step], r[i:i + step], total[i:i + step]
        es = e[i:i + step] if keep else e[:len(xs)]
        np.subtract(xs, np.max(xs, axis=1, keepdims=True), out=rs)
        np.exp(rs, out=es)
        np.sum(es, axis=1, keepdims=True, out=ts)
        rs -= np.log(ts)
    return (r_out, e_out, total_out) if keep else (r_out, None, None)


class DivBackward1(Op):
    """``tensor / Scalar`` as torch's C++ composites record it (``div(Tensor, Scalar)``: the mean of
    cross_entropy with class probabilities divides by the batch size so); Python's ``t / 2`` is
    ``DivBackward0``."""
    __slots__ = ("other",)
    _param_names = ("other",)

    @staticmethod
    def forward(ctx, a, other):
        ctx.other = other
        return a / other

    def backward(ctx, g, xp):
        return (g / ctx.other,)


def div_scalar(t: Tensor, other: int | float) -> Tensor:
    """``t / other`` recorded as torch's ``DivBackward1`` (t floating point)."""
    return apply(DivBackward1, (t,), (t._data,), other)


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


def _dtype_param(fn: str, dim, dtype):
    """softmax's ``dim`` and ``dtype`` read as torch's parser reads them (in that order): ``dim`` an int,
    ``dtype`` an ember dtype or a Python type standing for one; the dtype returned."""
    parse_args(fn, ("dim", 1, dim, "int", True))
    if dtype is None or isinstance(dtype, _dtype.dtype):
        return dtype
    try:
        return dtype_arg(dtype, fn)
    except TypeError:
        parse_args(fn, ("dtype", 2, dtype, "torch.dtype"))    # the positional form's words
        raise


_NO_DIM = object()      # torch.softmax / Tensor.softmax without a dim: torch's TypeError (F's default is None)


def softmax(input: Tensor, dim: int | None = _NO_DIM, dtype=None) -> Tensor:  # noqa: A002
    """Apply the softmax function ``exp(x_i) / sum_j exp(x_j)`` along ``dim``.

    The slices along ``dim`` sum to 1. It is computed stably (the maximum is subtracted first). Integer and bool
    inputs are refused, as torch's kernels refuse them (pass ``dtype`` to compute in a floating dtype); the result
    is contiguous, as torch's.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which it is computed (required, as torch's; ``None`` picks torch's
            legacy implicit dimension: 0 for 0-D, 1-D and 3-D inputs, else 1).
        dtype (ember.dtype, optional): if given, ``input`` is cast to it before the operation. Default: ``None``.
    """
    if dim is _NO_DIM:
        raise TypeError('softmax() missing 1 required positional arguments: "dim"')
    if type(dim) is not int or dtype is not None:
        dtype = _dtype_param("softmax", dim, dtype)
    if dtype is not None:
        input = input.to(dtype)  # noqa: A001
    dim = _softmax_dim(input, dim, "softmax")
    return apply(SoftmaxBackward0, (input,), (input._data, dim))


def log_softmax(input: Tensor, dim: int | None = _NO_DIM, dtype=None) -> Tensor:  # noqa: A002
    """Apply a softmax followed by a logarithm along ``dim``.

    Mathematically ``log(softmax(x))``, but computed stably in one step; use it with :func:`nll_loss`.

    Args:
        input (Tensor): the input tensor.
        dim (int): the dimension along which it is computed (required, as torch's; ``None`` picks torch's
            legacy implicit dimension: 0 for 0-D, 1-D and 3-D inputs, else 1).
        dtype (ember.dtype, optional): if given, ``input`` is cast to it before the operation. Default: ``None``.
    """
    if dim is _NO_DIM:
        raise TypeError('log_softmax() missing 1 required positional arguments: "dim"')
    if type(dim) is not int or dtype is not None:
        dtype = _dtype_param("log_softmax", dim, dtype)
    if dtype is not None:
        input = input.to(dtype)  # noqa: A001
    dim = _softmax_dim(input, dim, "log_softmax")
    return apply(LogSoftmaxBackward0, (input,), (input._data, dim))




class NllLossBackward0(Op):
    """Negative log-likelihood of class indices; its gradient is linear in the incoming grad: ``coef * g``,
    where ``coef`` is zero but at each row's target (``pick``: the target columns and their coefficients).
    Speed: the zeros are made only in backward, and the plain backward scales the nonzeros, not a dense
    matrix (``benchmarks/ce_speed.py``); it tells the ``log_softmax`` it feeds (``feeds``) where they are."""
    __slots__ = ("pick", "shape", "feeds")
    _param_names = ("reduction", "ignore_index")

    @staticmethod
    def forward(ctx, logp, target, weight, reduction, ignore_index, feeds=None):
        # logp: (N, C) or (C,); target: class indices
        one = logp.ndim == 1
        out, ctx.pick = _nll(logp[None] if one else logp, np.asarray(target).reshape(1) if one else target, weight,
                             reduction, ignore_index)
        ctx.shape = logp.shape
        if ctx is not NO_RECORD:
            ctx.feeds = feeds
        return out[0] if one and reduction == "none" else out

    def backward(ctx, g, xp):
        cols, vals = ctx.pick
        shape = ctx.shape
        if xp.tensor_mode:
            coef = _onehot(shape if len(shape) > 1 else (1,) + shape, cols, vals).reshape(shape)
            if len(shape) > 1 and len(g.shape) > 0:      # reduction='none': one grad per sample
                g = xp.unsqueeze(g, 1)
            return (xp.constant(coef) * g,)
        scaled = (vals * g if len(g.shape) > 0 else vals * g[()]).astype(vals.dtype, copy=False)
        out = _onehot(shape if len(shape) > 1 else (1,) + shape, cols, scaled).reshape(shape)
        if ctx.feeds is not None:
            ctx.feeds.sparse = (out, cols, scaled)
        return (out,)


class NllLoss2DBackward0(Op):
    """nll_loss of an ``(N, C, H, W)`` input (torch's spatial kernel): the classes moved last, then as above,
    with a dense ``coef``."""
    __slots__ = ("coef",)
    _param_names = ("reduction", "ignore_index")

    @staticmethod
    def forward(ctx, logp, target, weight, reduction, ignore_index):
        n, c, h, w = logp.shape
        out, (cols, vals) = _nll(np.moveaxis(logp, 1, -1).reshape(-1, c), target.reshape(-1), weight, reduction,
                                 ignore_index)
        ctx.coef = np.ascontiguousarray(np.moveaxis(_onehot((n * h * w, c), cols, vals).reshape(n, h, w, c), -1, 1))
        return out.reshape(n, h, w) if reduction == "none" else out

    def backward(ctx, g, xp):
        coef = ctx.coef
        if len(g.shape) > 0:      # reduction='none': one grad per sample
            g = xp.unsqueeze(g, 1)
        return (xp.constant(coef) * g,)


def _nll(logp2: np.ndarray, tgt: np.ndarray, weight, reduction: str, ignore_index: int) -> tuple:
    """nll_loss of ``(M, C)`` log-probabilities: the result, and the gradient's coefficients as each row's target
    column and its coefficient (zero elsewhere)."""
    c = logp2.shape[1]
    valid = tgt != ignore_index
    safe = np.where(valid, tgt, 0)
    if ((safe < 0) | (safe >= c)).any():
        bad = safe[(safe < 0) | (safe >= c)].flat[0]
        raise IndexError(f"Target {bad} is out of bounds.")
    w = np.ones(c, dtype=logp2.dtype) if weight is None else weight.astype(logp2.dtype)
    wt = w[safe] * valid                     # per-sample weights, 0 for ignored
    picked = np.take_along_axis(logp2, np.expand_dims(safe, 1), axis=1).squeeze(1)
    losses = -wt * picked
    nwt = -wt
    if not valid.all():      # an ignored sample's loss and gradient are 0.0, as torch's (never -0.0)
        losses[~valid] = 0
        nwt[~valid] = 0
    if reduction == "none":
        return losses, (safe, nwt)
    total = losses.sum(dtype=logp2.dtype)
    if reduction == "mean":
        denom = wt.sum(dtype=logp2.dtype)
        with np.errstate(invalid="ignore", divide="ignore"):    # every target ignored: NaN, unwarned
            coef = nwt / denom
            if not valid.all():
                coef[~valid] = 0        # an ignored sample's gradient stays 0, as torch's (even when all are)
            return np.asarray(total / denom, dtype=logp2.dtype), (safe, coef.astype(logp2.dtype, copy=False))
    return np.asarray(total, dtype=logp2.dtype), (safe, nwt)


def _onehot(shape: tuple, cols: np.ndarray, vals: np.ndarray) -> np.ndarray:
    """Zeros of ``shape`` (rows, classes) with ``vals[i]`` at row ``i``, column ``cols[i]``."""
    out = np.zeros(shape, dtype=vals.dtype)
    out[np.arange(shape[0]), cols] = vals
    return out


def _reduction(size_average, reduce, reduction: str) -> str:
    """torch's ``_Reduction``: the legacy ``size_average``/``reduce`` pair (with its warning) or ``reduction``."""
    import warnings
    if size_average is not None or reduce is not None:
        red = "none" if reduce is False else "mean" if size_average is None or size_average else "sum"
        warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{red}' instead.",
                      UserWarning, stacklevel=3)
        return red
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.", UserWarning,
                      stacklevel=3)
        return "mean"
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
    if not (isinstance(input, Tensor) and isinstance(target, Tensor) and weight is None and type(ignore_index) is int):
        parse_args("nll_loss_nd", ("input", 1, input, "Tensor"), ("target", 2, target, "Tensor"),
                   ("weight", 3, weight, "Tensor", True), ("ignore_index", 5, ignore_index, "int"))
        ignore_index = int(ignore_index)
    _nll_checks(input, target, weight)
    data = input._data
    red = _reduction(size_average, reduce, reduction)
    w = None if weight is None else weight._data
    if data.ndim == 4:
        return apply(NllLoss2DBackward0, (input,), (data,), target._data, w, red, ignore_index)
    if data.ndim > 2:  # (N, C, d1, ...) viewed as (N, C, 1, d1*...), as torch's nll_loss_nd
        n, c = data.shape[:2]
        flat = input.contiguous().view(n, c, 1, -1)
        out = apply(NllLoss2DBackward0, (flat,), (flat._data,), target._data.reshape(n, 1, -1), w, red, ignore_index)
        return out.view(*target.shape) if red == "none" else out
    fn = input._grad_fn        # nll_loss(log_softmax(x, 1)): its backward can skip the dense one-hot
    feeds = fn if type(fn) is LogSoftmaxBackward0 and fn.dim == 1 and data.ndim == 2 and input._view is None else None
    return apply(NllLossBackward0, (input,), (data,), target._data, w, red, ignore_index, feeds)


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

    ``target`` holds either class indices (computed as ``nll_loss(log_softmax(input, 1), target)``, one
    ``NllLossBackward0`` node) or, when it has ``input``'s shape, class probabilities. With ``label_smoothing``
    ``s`` the target is mixed with the uniform distribution: ``(1 - s) * nll + s / C * smooth``, composed as
    torch composes it.

    Args:
        input (Tensor): unnormalized logits of shape ``(N, C)``, ``(C)`` or ``(N, C, d1, d2, ...)``.
        target (Tensor): class indices of shape ``(N)``, ``()`` or ``(N, d1, ...)``, or class probabilities
            of the same shape as ``input``.
        weight (Tensor, optional): a manual rescaling weight for each class, of size ``C``. Default: ``None``.
        size_average (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        ignore_index (int, optional): a target value that is ignored and does not contribute to the loss or
            the gradient (class-index targets only). Default: ``-100``.
        reduce (bool, optional): deprecated (see ``reduction``). Default: ``None``.
        reduction (str, optional): ``'none'`` (one loss per element), ``'mean'`` (the weighted mean) or
            ``'sum'``. Default: ``'mean'``.
        label_smoothing (float, optional): the amount of smoothing, in ``[0, 1]``. Default: ``0.0``.

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
    if not (isinstance(input, Tensor) and isinstance(target, Tensor) and weight is None and type(ignore_index) is int
            and type(label_smoothing) is float):
        parse_args("cross_entropy_loss", ("input", 1, input, "Tensor"), ("target", 2, target, "Tensor"),
                   ("weight", 3, weight, "Tensor", True), ("ignore_index", 5, ignore_index, "int"),
                   ("label_smoothing", 6, label_smoothing, "float"))
        ignore_index, label_smoothing = int(ignore_index), float(label_smoothing)   # (0-d tensors pass too)
    red = _reduction(size_average, reduce, reduction)
    class_dim = 0 if input.ndim == 1 else 1      # 1 for a 0-d input too: torch's IndexError, below
    if input.shape == target.shape:     # class probabilities (torch decides by shape)
        if input.ndim == 0 and target.dtype.is_floating_point:
            raise IndexError("Dimension specified as 1 but tensor has no dimensions")
        if not target.dtype.is_floating_point:
            raise RuntimeError("Expected floating point type for target with class probabilities, got "
                               f"{target.dtype._legacy[:-6]}")
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        return _cross_entropy_probs(input, target, weight, red, label_smoothing, class_dim)
    logp = log_softmax(input, class_dim)
    if label_smoothing > 0.0:
        _check_smoothing(label_smoothing)
        return _cross_entropy_smoothed(logp, target, weight, red, ignore_index, label_smoothing, class_dim)
    return nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=red)


def _check_smoothing(label_smoothing: float) -> None:
    if label_smoothing > 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing:g}")


def _class_view(weight: Tensor, ndim: int, class_dim: int) -> Tensor:
    """``weight`` viewed to broadcast along the class dim of an ``ndim``-dim input."""
    return weight.view(*[weight.shape[0] if d == class_dim else 1 for d in range(ndim)])


def _cross_entropy_probs(input: Tensor, target: Tensor, weight, red: str, label_smoothing: float,  # noqa: A002
                         class_dim: int) -> Tensor:
    """torch's ``cross_entropy_loss_prob_target``, op for op."""
    n_classes = input.shape[class_dim]
    if weight is not None and (weight.ndim != 1 or weight.numel() != n_classes):
        raise RuntimeError(f"cross_entropy: weight tensor should be defined either for all {n_classes} classes or no "
                           f"classes but got weight tensor of shape: {list(weight.shape)}")
    logp = log_softmax(input, class_dim)
    if label_smoothing > 0.0:
        _check_smoothing(label_smoothing)
        target = target * (1 - label_smoothing) + label_smoothing / n_classes
    prod = logp * target if weight is None else logp * target * _class_view(weight, input.ndim, class_dim)
    if red == "none":
        return -prod.sum(class_dim)
    if red == "sum":
        return -prod.sum()
    n = input.numel() // n_classes if n_classes else 0
    if not n:
        return -prod.sum().fill_(float("nan"))     # torch's order: the NaN filled in, then negated
    return div_scalar(-prod.sum(), n)


def _cross_entropy_smoothed(logp: Tensor, target: Tensor, weight, red: str, ignore_index: int,
                            label_smoothing: float, class_dim: int) -> Tensor:
    """torch's ``cross_entropy_loss_label_smoothing``, op for op."""
    n_classes = logp.shape[class_dim]
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=red)
    ignored = target == ignore_index
    if weight is not None:
        smooth = -(logp * _class_view(weight, logp.ndim, class_dim)).sum(class_dim)
    else:
        smooth = -logp.sum(class_dim)
    smooth = smooth.masked_fill(ignored, 0.0)
    if red == "mean":
        if weight is not None:
            kept = target[~ignored].reshape(-1)
            ret = smooth.sum() / weight[kept].sum()
        else:
            ret = smooth.sum() / (~ignored).sum()
    elif red == "sum":
        ret = smooth.sum()
    else:
        ret = smooth
    return (1 - label_smoothing) * nll + ret * (label_smoothing / n_classes)


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
        if xp.tensor_mode and np_dtype(b) != np_dtype(a):
            b = xp.cast(b, np_dtype(a))     # torch's backward kernel reads a bool/int target as the input's dtype
        d = (a - b) * scale * g
        return d, -d


def warn_target_size(input: Tensor, target: Tensor) -> None:  # noqa: A002
    """torch's warning for a target that will be broadcast against the input."""
    if target.size() != input.size():
        import warnings
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the "
                      "same size.", UserWarning, stacklevel=3)


def _weighted(errors: Tensor, input: Tensor, weight: Tensor, red: str) -> Tensor:  # noqa: A002
    """The per-element weighted losses of torch's Python ``mse_loss``/``l1_loss`` (``weight=``)."""
    if weight.size() != input.size():
        raise ValueError("Weights and input must have the same size.")
    w = errors * weight
    if red == "none":
        return w
    if red == "sum":
        return w.sum()
    if red == "mean":
        return w.sum() / weight.sum()
    raise ValueError(f"Invalid reduction mode: {red}. Expected one of 'none', 'mean', 'sum'.")


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
        weight (Tensor, optional): a weight per element, of ``input``'s shape; ``'mean'`` then divides by its
            sum. Default: ``None``.
    """
    warn_target_size(input, target)
    if size_average is not None or reduce is not None:
        reduction = _reduction(size_average, reduce, reduction)
    if weight is not None:
        return _weighted(((input - target) ** 2), input, weight, reduction)
    red = _reduction(None, None, reduction)
    if isinstance(target, Tensor) and input._data.shape != target._data.shape:
        # torch's F.mse_loss broadcasts both first (ExpandBackward0): a 0-d target then promotes as a tensor
        input, target = _broadcast_tensors(input, target)  # noqa: A001
    tb, ad, bd = promote(input, target)
    if ad.dtype.kind != "f":
        raise NotImplementedError(f'"mse_cpu" not implemented for \'{_dtype._BY_CHAR[ad.dtype.char]._legacy[:-6]}\'')
    try:
        return apply(MseLossBackward0, (input, target), (ad, bd), red)
    except ValueError:
        raise broadcast_error(ad.shape, bd.shape) from None
