"""The op table: one declarative entry per op, as PyTorch's OpInfo.

An entry's ``fn(m, *inputs)`` is written once against a module ``m`` (``ember`` or ``torch``), so
the same code runs on both and the generic tests in test_ops.py compare them. Inputs are made by
:func:`make_inputs` from the entry's samples: a shape tuple is a floating input (differentiable,
values drawn from the entry's domain); :class:`Long` and :class:`Bool` are non-differentiable
integer / boolean inputs.

Domains keep finite differences valid: ``positive`` for log/sqrt/pow bases, ``away`` (|x| >= 0.3)
for abs/relu/prod, ``distinct`` (values pairwise >= 0.1 apart) for max/min, ``away_half`` for
clamp(-0.5, 0.5), per-input ``offset_grid`` for maximum/minimum so the inputs never tie, and
``mod_grid`` for remainder/fmod/rounded division (quotients away from integers).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np


# ----------------------------------------------------------------------------------------------
# input specs
@dataclass(frozen=True)
class Long:
    """A non-differentiable int64 input with values in [0, high)."""
    shape: tuple
    high: int


@dataclass(frozen=True)
class Bool:
    """A non-differentiable bool input."""
    shape: tuple


# ----------------------------------------------------------------------------------------------
# value domains: (rng, shape, input index) -> float64 array
def real(rng, shape, i):
    return rng.uniform(-2.0, 2.0, size=shape)


def positive(rng, shape, i):
    return rng.uniform(0.5, 2.0, size=shape)


def away(rng, shape, i):
    """|x| in [0.3, 2]: away from the kink of abs/relu and from 0 (prod, division)."""
    return rng.uniform(0.3, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def away_half(rng, shape, i):
    """Away from +-0.5, the bounds the clamp entries use, on both sides of each bound."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.choice([0.1, 0.3, 0.7, 1.2], size=shape) \
        + rng.uniform(-0.05, 0.05, size=shape)


def distinct(rng, shape, i):
    """Pairwise distinct values, at least 0.1 apart, so max/min have a unique argmax."""
    n = int(np.prod(shape, dtype=np.int64))
    vals = (rng.permutation(n) - n / 2) * 0.25 + rng.uniform(-0.05, 0.05)
    return vals.reshape(shape)


def offset_grid(rng, shape, i):
    """Input 0 on the grid 0.2k + 0.05, input 1 on 0.2k - 0.05: maximum/minimum never tie."""
    return rng.integers(-10, 11, size=shape) * 0.2 + (0.05 if i == 0 else -0.05)


def mod_grid(rng, shape, i):
    """Dividends k + 0.5 (+-0.1), divisors +-1 or +-2 (+-0.02): a / b stays away from integers, where
    remainder, fmod and rounded division jump."""
    if i == 0:
        return rng.integers(-3, 3, size=shape) + 0.5 + rng.uniform(-0.1, 0.1, size=shape)
    return rng.choice([-2.0, -1.0, 1.0, 2.0], size=shape) + rng.uniform(-0.02, 0.02, size=shape)


def clamp_bounds(rng, shape, i):
    """Input on the grid 0.2k + 0.05; a lower bound below 0 and an upper bound above 0 on the grid
    0.2k - 0.05: no ties, and min < max everywhere."""
    if i == 0:
        return rng.integers(-10, 11, size=shape) * 0.2 + 0.05
    if i == 1:
        return rng.integers(-10, 0, size=shape) * 0.2 - 0.05
    return rng.integers(1, 11, size=shape) * 0.2 - 0.05


def avoiding(*kinks, gap=0.15):
    """Uniform in [-2, 2], at least ``gap`` from each of ``kinks`` (the corners of an activation)."""
    def domain(rng, shape, i):
        n = int(np.prod(shape, dtype=np.int64))
        vals = rng.uniform(-2.0, 2.0, size=4 * n + 8)
        vals = vals[np.all(np.abs(vals[:, None] - np.array(kinks)[None]) >= gap, axis=1)]
        return vals[:n].reshape(shape)
    return domain


# ----------------------------------------------------------------------------------------------
@dataclass
class OpEntry:
    name: str
    fn: Callable
    samples: Sequence[tuple]          # each sample: a tuple of input specs (shape tuples, Long, Bool)
    domain: Callable = real
    supports_gradgrad: bool = True    # torch can differentiate this op twice
    grad_fn: str | None = None        # expected grad_fn name (documentation; tests ask torch live)
    rtol: float | None = None
    atol: float | None = None
    xfail: dict = field(default_factory=dict)  # test name -> reason (known ember bug; strict)

    def __repr__(self) -> str:
        return f"OpEntry({self.name})"


def make_inputs(entry: OpEntry, sample: tuple, dtype: str, seed: int = 0):
    """NumPy arrays for ``sample`` and, per input, whether it is differentiable."""
    rng = np.random.default_rng(seed)
    arrays, diff = [], []
    for i, spec in enumerate(sample):
        if isinstance(spec, Long):
            arrays.append(rng.integers(0, spec.high, size=spec.shape).astype(np.int64))
            diff.append(False)
        elif isinstance(spec, Bool):
            arrays.append(rng.random(spec.shape) < 0.5)
            diff.append(False)
        else:
            arrays.append(np.asarray(entry.domain(rng, tuple(spec), i), dtype=np.float64).astype(dtype))
            diff.append(True)
    return arrays, diff


E = OpEntry
U = (2, 3)           # the usual unary input
U0 = [(U,), ((),)]   # and a 0-d one
BCAST = [((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2, 3)), ((3,), ())]

OPS: list[OpEntry] = [
    # ---------------- arithmetic
    E("add", lambda m, a, b: a + b, BCAST, grad_fn="AddBackward0"),
    E("sub", lambda m, a, b: a - b, BCAST, grad_fn="SubBackward0"),
    E("mul", lambda m, a, b: a * b, BCAST, grad_fn="MulBackward0"),
    E("div", lambda m, a, b: a / b, BCAST, domain=away, grad_fn="DivBackward0"),
    E("pow_scalar", lambda m, a: a ** 3, [(U,), ((),)], grad_fn="PowBackward0"),
    E("pow_scalar_frac", lambda m, a: a ** 2.5, U0, domain=positive, grad_fn="PowBackward0"),
    E("pow_tensor", lambda m, a, b: a ** b, [((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 1), (1, 3))], domain=positive,
      grad_fn="PowBackward1"),
    E("rpow_scalar", lambda m, a: 2 ** a, [(U,), ((),)], grad_fn="PowBackward2"),
    E("radd", lambda m, a: 2 + a, U0, grad_fn="AddBackward0"),
    E("add_scalar", lambda m, a: a + 2.5, [(U,)], grad_fn="AddBackward0"),
    E("rsub", lambda m, a: 2 - a, U0, grad_fn="RsubBackward1"),
    E("sub_scalar", lambda m, a: a - 2, [(U,)], grad_fn="SubBackward0"),
    E("rmul", lambda m, a: 2 * a, U0, grad_fn="MulBackward0"),
    E("mul_scalar", lambda m, a: a * 0.5, [(U,)], grad_fn="MulBackward0"),
    E("rdiv", lambda m, a: 2 / a, U0, domain=away, grad_fn="MulBackward0"),
    E("div_scalar", lambda m, a: a / 4, [(U,)], grad_fn="DivBackward0"),
    E("div_floor", lambda m, a, b: m.div(a, b, rounding_mode="floor"), [((2, 3), (2, 3)), ((2, 3), (3,))],
      domain=mod_grid, grad_fn="DivBackward2"),
    E("div_trunc_scalar", lambda m, a: a.div(2.0, rounding_mode="trunc"), U0, domain=mod_grid,
      grad_fn="DivBackward2"),
    E("div_mode_none", lambda m, a, b: m.div(a, b, rounding_mode=None), [((2, 3), (3,))], domain=away,
      grad_fn="DivBackward2"),
    E("remainder_scalar", lambda m, a: a % 2.0, U0, domain=mod_grid, grad_fn="RemainderBackward0"),
    E("remainder_tensor", lambda m, a, b: m.remainder(a, b), [((2, 3), (2, 3)), ((2, 1), (1, 3))], domain=mod_grid,
      grad_fn="RemainderBackward1"),
    E("fmod_scalar", lambda m, a: m.fmod(a, -2.0), U0, domain=mod_grid, grad_fn="FmodBackward0"),
    E("fmod_tensor", lambda m, a, b: a.fmod(b), [((2, 3), (2, 3)), ((3,), ())], domain=mod_grid,
      grad_fn="FmodBackward1"),
    E("neg", lambda m, a: -a, U0, grad_fn="NegBackward0"),
    # ---------------- unary math
    E("reciprocal", lambda m, a: a.reciprocal(), U0, domain=positive, grad_fn="ReciprocalBackward0"),
    E("sign", lambda m, a: a.sign() * a, U0, domain=away_half, grad_fn="MulBackward0"),
    E("floor", lambda m, a: a.floor() + a, U0, domain=away_half, grad_fn="AddBackward0"),
    E("ceil", lambda m, a: a.ceil(), U0, domain=away_half, grad_fn="CeilBackward0"),
    E("round", lambda m, a: a.round(), U0, domain=away_half, grad_fn="RoundBackward0"),
    E("round_decimals", lambda m, a: a.round(decimals=2), U0, domain=away_half, grad_fn="RoundBackward1"),
    E("round_decimals_neg", lambda m, a: m.round(a * 100, decimals=-1), U0, domain=away_half,
      grad_fn="RoundBackward1"),
    E("trunc", lambda m, a: a.trunc(), U0, domain=away_half, grad_fn="TruncBackward0"),
    E("abs", lambda m, a: a.abs(), U0, domain=away, grad_fn="AbsBackward0"),
    E("exp", lambda m, a: m.exp(a), U0, grad_fn="ExpBackward0"),
    E("log", lambda m, a: m.log(a), U0, domain=positive, grad_fn="LogBackward0"),
    E("sqrt", lambda m, a: a.sqrt(), U0, domain=positive, grad_fn="SqrtBackward0"),
    E("sin", lambda m, a: m.sin(a), U0, grad_fn="SinBackward0"),
    E("cos", lambda m, a: a.cos(), U0, grad_fn="CosBackward0"),
    E("tanh", lambda m, a: m.tanh(a), U0, grad_fn="TanhBackward0"),
    E("sigmoid", lambda m, a: m.sigmoid(a), U0, grad_fn="SigmoidBackward0"),
    E("relu", lambda m, a: m.relu(a), U0, domain=away, grad_fn="ReluBackward0"),
    E("clamp", lambda m, a: m.clamp(a, -0.5, 0.5), U0, domain=away_half, grad_fn="ClampBackward1"),
    E("clamp_min", lambda m, a: a.clamp(min=-0.5), U0, domain=away_half, grad_fn="ClampBackward1"),
    E("clamp_tensor_bounds", lambda m, a, lo, hi: m.clamp(a, lo, hi), [((2, 3), (3,), ()), ((2, 3), (2, 3), (2, 3))],
      domain=clamp_bounds, grad_fn="ClampBackward0"),
    E("clamp_tensor_min", lambda m, a, lo: a.clamp(min=lo), [((2, 3), (2, 1))], domain=clamp_bounds,
      grad_fn="ClampBackward0"),
    E("maximum", lambda m, a, b: m.maximum(a, b), [((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 1), (1, 3))],
      domain=offset_grid, grad_fn="MaximumBackward0"),
    E("minimum", lambda m, a, b: m.minimum(a, b), [((2, 3), (2, 3)), ((), (2, 3))],
      domain=offset_grid, grad_fn="MinimumBackward0"),
    E("where", lambda m, c, a, b: m.where(c, a, b),
      [(Bool((2, 3)), (2, 3), (2, 3)), (Bool((2, 3)), (2, 1), (3,)), (Bool((3,)), (2, 3), ())],
      grad_fn="WhereBackward0"),
    # ---------------- reductions
    E("sum", lambda m, a: a.sum(), [(U,), ((),)], grad_fn="SumBackward0"),
    E("sum_dim", lambda m, a: a.sum(1), [(U,), ((2, 3, 2),)], grad_fn="SumBackward1"),
    E("sum_dim_keepdim", lambda m, a: m.sum(a, dim=0, keepdim=True), [(U,)], grad_fn="SumBackward1"),
    E("sum_dims", lambda m, a: a.sum((0, 2)), [((2, 3, 2),)], grad_fn="SumBackward1"),
    E("mean", lambda m, a: a.mean(), U0, grad_fn="MeanBackward0"),
    E("mean_dim", lambda m, a: a.mean(dim=-1), [(U,), ((2, 3, 2),)], grad_fn="MeanBackward1"),
    E("amax", lambda m, a: a.amax(1), [((2, 3),)], grad_fn="AmaxBackward0"),
    E("amin_keepdim", lambda m, a: a.amin((0, 1), keepdim=True), [((2, 3),)], grad_fn="AminBackward0"),
    E("max", lambda m, a: a.max(), [(U,)], domain=distinct, grad_fn="MaxBackward1"),
    E("max_dim", lambda m, a: a.max(dim=1).values, [(U,)], domain=distinct, grad_fn="MaxBackward0"),
    E("max_dim_keepdim", lambda m, a: m.max(a, 0, keepdim=True)[0], [(U,)], domain=distinct,
      grad_fn="MaxBackward0"),
    E("min", lambda m, a: m.min(a), [(U,)], domain=distinct, grad_fn="MinBackward1"),
    E("min_dim", lambda m, a: a.min(0).values, [(U,)], domain=distinct, grad_fn="MinBackward0"),
    E("prod", lambda m, a: a.prod(), U0, domain=away, grad_fn="ProdBackward0"),
    E("prod_dim", lambda m, a: m.prod(a, 1), [(U,)], domain=away, grad_fn="ProdBackward1"),
    E("norm", lambda m, a: a.norm(), U0, domain=away, grad_fn="LinalgVectorNormBackward0"),
    E("norm_dim", lambda m, a: a.norm(dim=1), [(U,)], domain=away, grad_fn="LinalgVectorNormBackward0"),
    E("var", lambda m, a: a.var(), [(U,)], grad_fn="VarBackward0"),
    E("var_dim", lambda m, a: a.var(1), [(U,)], grad_fn="VarBackward0"),
    E("var_unbiased_false", lambda m, a: m.var(a, 0, unbiased=False), [(U,)], grad_fn="VarBackward0"),
    E("std", lambda m, a: a.std(), [(U,)], grad_fn="StdBackward0"),
    E("std_dim", lambda m, a: a.std(dim=0, keepdim=True), [(U,)], grad_fn="StdBackward0"),
    # ---------------- linear algebra
    E("matmul_1d_1d", lambda m, a, b: a @ b, [((3,), (3,))], grad_fn="DotBackward0"),
    E("matmul_2d_1d", lambda m, a, b: a @ b, [((2, 3), (3,))], grad_fn="MvBackward0"),
    E("matmul_1d_2d", lambda m, a, b: m.matmul(a, b), [((3,), (3, 2))], grad_fn="SqueezeBackward4"),
    E("matmul_2d_2d", lambda m, a, b: a @ b, [((2, 3), (3, 4))], grad_fn="MmBackward0"),
    E("matmul_3d_3d", lambda m, a, b: a @ b, [((2, 2, 3), (2, 3, 2))], grad_fn="UnsafeViewBackward0"),
    E("matmul_3d_2d", lambda m, a, b: a @ b, [((2, 2, 3), (3, 2))], grad_fn="UnsafeViewBackward0"),
    E("mm", lambda m, a, b: m.mm(a, b), [((2, 3), (3, 2))], grad_fn="MmBackward0"),
    E("bmm", lambda m, a, b: m.bmm(a, b), [((2, 2, 3), (2, 3, 2))], grad_fn="BmmBackward0"),
    E("matmul_2d_3d", lambda m, a, b: a @ b, [((2, 3), (2, 3, 2))], grad_fn="CloneBackward0"),
    # ---------------- shape and views
    E("t", lambda m, a: a.t(), [(U,)], grad_fn="TBackward0"),
    E("transpose", lambda m, a: a.transpose(0, 2), [((2, 3, 2),)], grad_fn="TransposeBackward0"),
    E("permute", lambda m, a: a.permute(2, 0, 1), [((2, 3, 2),)], grad_fn="PermuteBackward0"),
    E("T", lambda m, a: a.T, [(U,)], grad_fn="PermuteBackward0"),
    E("reshape", lambda m, a: a.reshape(3, -1), [(U,)], grad_fn="ViewBackward0"),
    E("reshape_noncontig", lambda m, a: a.t().reshape(6), [(U,)], grad_fn="UnsafeViewBackward0"),
    E("reshape_alias", lambda m, a: a.transpose(0, 1).reshape(3, 2, 4), [((2, 3, 4),)],
      grad_fn="ReshapeAliasBackward0"),
    E("view", lambda m, a: a.view(6, 1), [(U,)], grad_fn="ViewBackward0"),
    E("flatten", lambda m, a: a.flatten(), [((2, 3, 2),)], grad_fn="ViewBackward0"),
    E("squeeze", lambda m, a: a.squeeze(), [((2, 1, 3),)], grad_fn="SqueezeBackward0"),
    E("squeeze_dim", lambda m, a: a.squeeze(1), [((2, 1, 3),)], grad_fn="SqueezeBackward1"),
    E("squeeze_dims", lambda m, a: a.squeeze((0, 2)), [((1, 3, 1),)], grad_fn="SqueezeBackward2"),
    E("unsqueeze", lambda m, a: a.unsqueeze(1), [(U,)], grad_fn="UnsqueezeBackward0"),
    E("expand", lambda m, a: a.expand(2, 3), [((2, 1),), ((3,),)], grad_fn="ExpandBackward0"),
    E("split_pieces", lambda m, a: m.cat([t * (k + 1) for k, t in enumerate(a.split(2, 1))], 1), [((3, 5),)],
      grad_fn="CatBackward0"),
    E("split_sizes", lambda m, a: m.cat([t * (k + 1) for k, t in enumerate(a.split([1, 3], 0))], 0), [((4, 2),)],
      grad_fn="CatBackward0"),
    E("chunk", lambda m, a: m.cat([t.exp() * (k + 1) for k, t in enumerate(a.chunk(3, -1))], -1), [((2, 7),)],
      grad_fn="CatBackward0"),
    E("unbind", lambda m, a: m.stack([t * (k + 1) for k, t in enumerate(a.unbind(1))], 0), [((2, 3),)],
      grad_fn="StackBackward0"),
    E("cat", lambda m, a, b: m.cat([a, b], 0), [((2, 3), (1, 3))], grad_fn="CatBackward0"),
    E("cat_dim1", lambda m, a, b: m.cat((a, b), dim=1), [((2, 3), (2, 2))], grad_fn="CatBackward0"),
    E("stack", lambda m, a, b: m.stack([a, b], 1), [((2, 3), (2, 3))], grad_fn="StackBackward0"),
    E("clone", lambda m, a: a.clone(), U0, grad_fn="CloneBackward0"),
    E("contiguous_after_t", lambda m, a: a.t().contiguous(), [(U,)], grad_fn="CloneBackward0"),
    E("to_float64", lambda m, a: a.to(m.float64), U0, grad_fn="ToCopyBackward0"),
    # ---------------- indexing
    E("index_int", lambda m, a: a[0], [(U,)], grad_fn="SelectBackward0"),
    E("index_slice", lambda m, a: a[:, 1:3], [(U,)], grad_fn="SliceBackward0"),
    E("index_ellipsis", lambda m, a: a[..., 1], [((2, 3, 2),)], grad_fn="SelectBackward0"),
    E("select", lambda m, a: m.select(a, 1, -1), [((2, 3, 2),)], grad_fn="SelectBackward0"),
    E("select_method", lambda m, a: a.select(0, 1), [((2, 3),)], grad_fn="SelectBackward0"),
    E("index_none", lambda m, a: a[None], [(U,)], grad_fn="UnsqueezeBackward0"),
    E("index_all", lambda m, a: a[...], [(U,)], grad_fn="AliasBackward0"),
    E("index_slice_squared", lambda m, a: a[:, 1:3] ** 2, [(U,)], grad_fn="PowBackward0"),  # slicing's 2nd order
    E("index_list_repeated", lambda m, a: a[[0, 0, 1]], [(U,)], grad_fn="IndexBackward0"),
    E("index_tensor_repeated", lambda m, a: a[:, m.tensor([2, 2, 0, 2])], [(U,)], grad_fn="IndexBackward0"),
    E("index_bool_mask", lambda m, a: a[a > 0], [(U,)], domain=away, grad_fn="IndexBackward0"),
    E("index_select", lambda m, a: m.index_select(a, 0, m.tensor([1, 0, 1])), [(U,)],
      grad_fn="IndexSelectBackward0"),
    E("index_select_dim1", lambda m, a, i: a.index_select(1, i), [(U, Long((4,), 3))],
      grad_fn="IndexSelectBackward0"),
    E("masked_fill", lambda m, a, mask: a.masked_fill(mask, 0.5), [(U, Bool(U)), (U, Bool((3,)))],
      grad_fn="MaskedFillBackward0"),
    # ---------------- nn.functional
    E("F.relu", lambda m, a: m.nn.functional.relu(a), U0, domain=away, grad_fn="ReluBackward0"),
    E("F.softmax", lambda m, a: m.nn.functional.softmax(a, 1), [(U,), ((2, 3, 2),)], grad_fn="SoftmaxBackward0"),
    E("F.softmax_dim0", lambda m, a: m.nn.functional.softmax(a, dim=0), [(U,)], grad_fn="SoftmaxBackward0"),
    E("F.log_softmax", lambda m, a: m.nn.functional.log_softmax(a, -1), [(U,)], grad_fn="LogSoftmaxBackward0"),
    E("F.cross_entropy", lambda m, x, t: m.nn.functional.cross_entropy(x, t), [((4, 3), Long((4,), 3))],
      grad_fn="NllLossBackward0"),
    E("F.cross_entropy_sum", lambda m, x, t: m.nn.functional.cross_entropy(x, t, reduction="sum"),
      [((4, 3), Long((4,), 3))], grad_fn="NllLossBackward0"),
    E("F.nll_loss", lambda m, x, t: m.nn.functional.nll_loss(x, t), [((4, 3), Long((4,), 3))],
      grad_fn="NllLossBackward0"),
    E("F.mse_loss", lambda m, a, b: m.nn.functional.mse_loss(a, b), [(U, U)], grad_fn="MseLossBackward0"),
    E("F.nll_loss_4d", lambda m, x, t: m.nn.functional.nll_loss(x, t, reduction="sum"),
      [((2, 3, 2, 2), Long((2, 2, 2), 3))], grad_fn="NllLoss2DBackward0"),
    E("F.smooth_l1_loss", lambda m, a, b: m.nn.functional.smooth_l1_loss(a, b, beta=0.5), [(U, U)],
      domain=offset_grid, grad_fn="SmoothL1LossBackward0"),
    E("F.huber_loss", lambda m, a, b: m.nn.functional.huber_loss(a, b, reduction="none", delta=0.5), [(U, U)],
      domain=offset_grid, grad_fn="HuberLossBackward0"),
    E("F.soft_margin_loss", lambda m, a: m.nn.functional.soft_margin_loss(
        a, m.tensor([[1.0, -1.0, 1.0], [-1.0, -1.0, 1.0]], dtype=a.dtype)), [(U,)], grad_fn="SoftMarginLossBackward0"),
    E("F.binary_cross_entropy", lambda m, a, b: m.nn.functional.binary_cross_entropy(
        a.sigmoid(), b.sigmoid(), m.tensor([0.5, 1.0, 2.0], dtype=a.dtype)), [(U, U)],
      grad_fn="BinaryCrossEntropyBackward0"),
    E("F.binary_cross_entropy_with_logits", lambda m, a, b: m.nn.functional.binary_cross_entropy_with_logits(
        a, b, reduction="sum", pos_weight=m.tensor([0.5, 1.0, 2.0], dtype=a.dtype)), [(U, U)],
      grad_fn="BinaryCrossEntropyWithLogitsBackward0"),
    E("F.linear", lambda m, x, w, b: m.nn.functional.linear(x, w, b), [((2, 3), (4, 3), (4,))],
      grad_fn="AddmmBackward0"),
    E("F.linear_nobias", lambda m, x, w: m.nn.functional.linear(x, w), [((2, 3), (4, 3))], grad_fn="MmBackward0"),
    E("F.linear_3d", lambda m, x, w, b: m.nn.functional.linear(x, w, b), [((2, 2, 3), (4, 3), (4,))],
      grad_fn="ViewBackward0"),
    E("F.linear_1d", lambda m, x, w, b: m.nn.functional.linear(x, w, b), [((3,), (4, 3), (4,))],
      grad_fn="ViewBackward0"),
    E("F.bilinear", lambda m, x1, x2, w, b: m.nn.functional.bilinear(x1, x2, w, b),
      [((2, 3), (2, 4), (5, 3, 4), (5,)), ((2, 2, 3), (2, 2, 4), (2, 3, 4), (2,)), ((3,), (4,), (2, 3, 4), (2,))],
      grad_fn="AddBackward0"),
    E("F.bilinear_nobias", lambda m, x1, x2, w: m.nn.functional.bilinear(x1, x2, w), [((2, 3), (2, 4), (5, 3, 4))],
      grad_fn="ViewBackward0"),
    # ---------------- activations (ops/activation.py; softsign, tanhshrink, softmin composed as torch)
    E("F.elu", lambda m, a: m.nn.functional.elu(a), U0, domain=away, grad_fn="EluBackward0"),
    E("F.elu_alpha", lambda m, a: m.nn.functional.elu(a, 0.7), [(U,)], domain=away, grad_fn="EluBackward0"),
    E("F.elu_inplace", lambda m, a: m.nn.functional.elu(a * 1, 0.7, inplace=True), U0, domain=away,
      grad_fn="EluBackward1"),
    E("selu", lambda m, a: m.selu(a), U0, domain=away, grad_fn="EluBackward0"),
    E("F.selu_inplace", lambda m, a: m.nn.functional.selu(a * 1, inplace=True), [(U,)], domain=away,
      grad_fn="EluBackward1"),
    E("celu", lambda m, a: m.celu(a, 0.7), U0, domain=away, grad_fn="CeluBackward0"),
    E("F.celu_inplace", lambda m, a: m.nn.functional.celu(a * 1, 0.7, inplace=True), [(U,)], domain=away,
      grad_fn="CeluBackward1"),
    E("F.leaky_relu", lambda m, a: m.nn.functional.leaky_relu(a, 0.2), U0, domain=away, grad_fn="LeakyReluBackward0"),
    E("F.leaky_relu_inplace", lambda m, a: m.nn.functional.leaky_relu(a * 1, 0.2, inplace=True), [(U,)], domain=away,
      grad_fn="LeakyReluBackward1"),
    E("F.hardtanh", lambda m, a: m.nn.functional.hardtanh(a), U0, domain=avoiding(-1, 1), grad_fn="HardtanhBackward0"),
    E("F.hardtanh_inplace", lambda m, a: m.nn.functional.hardtanh(a * 1, -0.5, 1.5, inplace=True), [(U,)],
      domain=avoiding(-0.5, 1.5), grad_fn="HardtanhBackward0"),
    E("F.relu6", lambda m, a: m.nn.functional.relu6(a * 4), [(U,)], domain=avoiding(0, 1.5),
      grad_fn="HardtanhBackward0"),
    E("F.gelu", lambda m, a: m.nn.functional.gelu(a), U0, grad_fn="GeluBackward0"),
    E("F.gelu_tanh", lambda m, a: m.nn.functional.gelu(a, approximate="tanh"), U0, grad_fn="GeluBackward0"),
    E("F.silu", lambda m, a: m.nn.functional.silu(a), U0, grad_fn="SiluBackward0"),
    E("F.silu_inplace", lambda m, a: m.nn.functional.silu(a * 1, inplace=True), [(U,)], grad_fn="SiluBackward0"),
    E("F.mish", lambda m, a: m.nn.functional.mish(a), U0, grad_fn="MishBackward0"),
    E("F.softplus", lambda m, a: m.nn.functional.softplus(a), U0, grad_fn="SoftplusBackward0"),
    E("F.softplus_beta_threshold", lambda m, a: m.nn.functional.softplus(a, beta=2, threshold=1), [(U,)],
      domain=avoiding(0.5), grad_fn="SoftplusBackward0"),
    E("F.softshrink", lambda m, a: m.nn.functional.softshrink(a), U0, domain=away_half, grad_fn="SoftshrinkBackward0"),
    E("F.hardshrink", lambda m, a: m.nn.functional.hardshrink(a), U0, domain=away_half,
      grad_fn="HardshrinkBackward0"),
    E("hardshrink_method", lambda m, a: a.hardshrink(0.3), [(U,)], domain=avoiding(-0.3, 0.3),
      grad_fn="HardshrinkBackward0"),
    E("F.hardsigmoid", lambda m, a: m.nn.functional.hardsigmoid(a * 2), [(U,)], domain=avoiding(-1.5, 1.5),
      supports_gradgrad=False, grad_fn="HardsigmoidBackward0"),   # torch: no second derivative
    E("F.hardswish", lambda m, a: m.nn.functional.hardswish(a * 2), [(U,)], domain=avoiding(-1.5, 1.5),
      grad_fn="HardswishBackward0"),
    E("F.logsigmoid", lambda m, a: m.nn.functional.logsigmoid(a), U0, grad_fn="LogSigmoidBackward0"),
    E("threshold", lambda m, a: m.threshold(a, 0.1, 2.0), U0, domain=avoiding(0.1), grad_fn="ThresholdBackward0"),
    E("F.threshold_inplace", lambda m, a: m.nn.functional.threshold(a * 1, 0.1, 2.0, inplace=True), [(U,)],
      domain=avoiding(0.1), grad_fn="ThresholdBackward1"),
    E("F.glu", lambda m, a: m.nn.functional.glu(a), [((2, 4),)], grad_fn="GluBackward0"),
    E("F.glu_dim0", lambda m, a: m.nn.functional.glu(a, 0), [((4, 3),)], grad_fn="GluBackward0"),
    E("F.prelu", lambda m, a, w: m.nn.functional.prelu(a, w), [((2, 3, 4), (3,)), ((2, 3), (1,)), ((3,), (1,))],
      domain=away, grad_fn="PreluKernelBackward0"),
    E("prelu_method", lambda m, a, w: a.prelu(w), [((2, 3), (3,))], domain=away, grad_fn="PreluKernelBackward0"),
    E("F.softsign", lambda m, a: m.nn.functional.softsign(a), U0, domain=away, grad_fn="DivBackward0"),
    E("F.tanhshrink", lambda m, a: m.nn.functional.tanhshrink(a), U0, grad_fn="SubBackward0"),
    E("F.softmin", lambda m, a: m.nn.functional.softmin(a, 1), [(U,)], grad_fn="SoftmaxBackward0"),
]

# issue 9's families keep their rows in modules of their own (one list each), so the table stays one list
from op_table_math import OPS_MATH  # noqa: E402
from op_table_reductions import OPS_REDUCTIONS  # noqa: E402
from op_table_shapes import OPS_SHAPES  # noqa: E402
from op_table_linalg import OPS_LINALG  # noqa: E402
from op_table_creation import OPS_CREATION  # noqa: E402
from op_table_selection import OPS_SELECTION  # noqa: E402
from op_table_nn import OPS_NN  # noqa: E402  (issue 14's convolution, padding, pooling)
from op_table_nn2 import OPS_NN2  # noqa: E402
from op_table_nn3 import OPS_NN3  # noqa: E402
from op_table_nn_rnn import OPS_NN_RNN  # noqa: E402  (issue 14's recurrent layers)
from op_table_linalg2 import OPS_LINALG2  # noqa: E402  (torch.special, LU, *_ex, matmul's graph)
from op_table_nn4 import OPS_NN4  # noqa: E402  (issue 14's unpooling, embedding bags, grid sampling)
from op_table_quantile import OPS_QUANTILE  # noqa: E402  (quantile with a 1-D q: torch's in-place tail)
from op_table_issue7_views import OPS_ISSUE7_VIEWS  # noqa: E402  (issue 7's in-place views, index_reduce)
from op_table_issue9_audit import OPS_ISSUE9_AUDIT  # noqa: E402  (issue 9's audit: divide_, pow by products)
from op_table_surface2 import OPS_SURFACE2  # noqa: E402  (the op surface's second round: ops/surface_*.py)
from op_table_surface2_api import OPS_SURFACE2_API  # noqa: E402  (API surface round 2: H, mH, torch.conv2d...)

OPS += OPS_MATH + OPS_REDUCTIONS + OPS_SHAPES + OPS_LINALG + OPS_CREATION + OPS_SELECTION
OPS += OPS_NN2
OPS += OPS_NN3
OPS += OPS_NN4
OPS += OPS_NN
OPS += OPS_NN_RNN
OPS += OPS_LINALG2
OPS += OPS_QUANTILE
OPS += OPS_ISSUE7_VIEWS
OPS += OPS_ISSUE9_AUDIT
OPS += OPS_SURFACE2
OPS += OPS_SURFACE2_API

_names = [e.name for e in OPS]
assert len(_names) == len(set(_names)), "duplicate op names in the op table"
