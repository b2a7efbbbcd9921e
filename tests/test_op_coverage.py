"""Every op is its declaration plus its row: each op class in ember/ops is reached by the op table.

Running every op-table entry (forward, and its gradient with ``create_graph=True``) and walking
the graphs it records must meet every node class that ``docs/derivatives.md`` lists, so an op added
without a row in tests/op_table.py fails here. The few nodes that only in-place ops, conversions
or second-order formulas make are listed below with the tests that cover them.
"""
from __future__ import annotations

import sys
from pathlib import Path

from oracle import torch  # noqa: F401  (the table's samples need nothing more)
from op_table import OPS, make_inputs

import ember

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from gen_derivatives import op_classes  # noqa: E402

COVERED_ELSEWHERE = {
    # in-place writes: tests/test_inplace_views.py (against torch, gradients included)
    "CopyBackwards", "FillBackward2", "FillBackward3", "ZeroBackward0", "AsStridedBackward0",
    # dtype conversion: tests/test_tensor.py (a float64 gradcheck through float32 cannot hold its tolerance)
    "ToCopyBackward0",
    # zeta(tensor, number): torch has no derivative in either (backward raises): tests/test_linalg2.py
    "SpecialZetaBackward2",
    # asinh_/acosh_/atanh_: torch has no derivative for them (backward raises): tests/test_ops_math.py
    "AsinhBackward1", "AcoshBackward1", "AtanhBackward1",
    # unique / unique_consecutive: outputs require grad but torch's backward raises, so no gradient row can
    # reach them: tests/test_ops_reductions.py (test_nodes_without_a_derivative)
    "Unique2Backward0", "UniqueDimBackward0", "UniqueConsecutiveBackward0",
    # torch's fused LSTM layer takes float32 only, so no (float64) row reaches it: tests/test_rnn_fused.py
    "MkldnnRnnLayerBackward0",
    # upsample's gradient node records only when the incoming gradient requires grad (the gradient is linear in
    # it, not in the input), which a row's sum() never does: tests/test_resample.py (test_double_backward_...)
    "UpsampleNearest1DBackwardBackward0", "UpsampleNearest2DBackwardBackward0", "UpsampleNearest3DBackwardBackward0",
    "UpsampleNearestExact1DBackwardBackward0", "UpsampleNearestExact2DBackwardBackward0",
    "UpsampleNearestExact3DBackwardBackward0", "UpsampleLinear1DBackwardBackward0",
    "UpsampleBilinear2DBackwardBackward0", "UpsampleTrilinear3DBackwardBackward0",
    "UpsampleBicubic2DBackwardBackward0", "UpsampleBilinear2DAaBackwardBackward0",
    "UpsampleBicubic2DAaBackwardBackward0",
}


def reached_node_classes() -> set:
    reached: set = set()

    def walk(t) -> None:
        stack = [t.grad_fn]
        seen = set()
        while stack:
            node = stack.pop()
            if node is None or id(node) in seen:
                continue
            seen.add(id(node))
            reached.add(type(node))
            stack += [n for n, _ in node.next_functions]

    for entry in OPS:
        for sample in entry.samples:
            arrays, diff = make_inputs(entry, sample, "float64")
            inputs = [ember.from_numpy(a.copy()).requires_grad_(d) for a, d in zip(arrays, diff)]
            out = entry.fn(ember, *inputs)
            outs = out if isinstance(out, (tuple, list)) else (out,)
            for o in outs:
                if isinstance(o, ember.Tensor) and o.grad_fn is not None:
                    walk(o)
            first = outs[0]
            if first.grad_fn is not None and first.dtype.is_floating_point:
                xs = [t for t, d in zip(inputs, diff) if d]
                for g in ember.autograd.grad(first.sum(), xs, create_graph=True, allow_unused=True):
                    if g is not None and g.grad_fn is not None:
                        walk(g)
    return reached


def test_every_op_class_has_a_row():
    reached = reached_node_classes()
    missing = sorted(cls.__name__ for _, cls in op_classes()
                     if cls not in reached and cls.__name__ not in COVERED_ELSEWHERE)
    assert not missing, f"op classes no op-table row reaches (add a row to tests/op_table.py): {missing}"


def test_the_exemptions_are_still_needed():
    """An exemption whose node the table now reaches, or that no longer exists, is removed."""
    reached = {cls.__name__ for cls in reached_node_classes()}
    names = {cls.__name__ for _, cls in op_classes()}
    assert COVERED_ELSEWHERE <= names, COVERED_ELSEWHERE - names
    assert not (COVERED_ELSEWHERE & reached), COVERED_ELSEWHERE & reached
