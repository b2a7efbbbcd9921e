"""Issue 7's leftover: an argument of the wrong type to ``torch.nn.functional`` is torch's exception, with
torch's words (ember/nn/_functional_args.py, ops/_signatures_nn.py): the C++ entry points' parser errors
(``conv2d() received an invalid combination of arguments``, ``max_pool2d(): argument 'kernel_size'
(position 2) must be tuple of ints, not float``) and, for torch's Python functions, their own steps first
(``return_indices``'s truth, ``_pair``, the unpool output size). Against torch live; valid calls keep their
values; the parser's cache keeps the right-typed calls off the slow path.
"""
from __future__ import annotations


import pytest

torch = pytest.importorskip("torch", reason="compares ember against PyTorch")

import ember  # noqa: E402
from behave import same_source  # noqa: E402


def _env(lib) -> dict:
    f64 = lib.float64
    return {"torch": lib, "F": lib.nn.functional, "v": lib.ones(2, dtype=f64), "m": lib.ones(2, 2, dtype=f64),
            "x3": lib.ones(2, 3, 4, dtype=f64), "x": lib.ones(1, 2, 4, 4, dtype=f64),
            "w": lib.ones(3, 2, 1, 1, dtype=f64), "wt": lib.ones(2, 3, 1, 1, dtype=f64),
            "i": lib.tensor([[0, 1], [1, 0]]), "lw": lib.ones(3, 2, dtype=f64),
            "x5": lib.ones(1, 1, 2, 2, 2, dtype=f64)}


def _same(src: str) -> None:
    same_source(src, _env)


# the C++ entry points themselves (F.conv2d is torch.conv2d): the parser's words, one signature or several
DIRECT = [
    'F.conv2d(x, w, None, 1.5)', 'F.conv2d(x, w, None, 1, 1.5)', 'F.conv2d(x, x, x, x, x)', 'F.conv2d(x, 1.5)',
    'F.conv2d(x, w, stride=(1, 1.5))', 'F.conv2d(x, w, padding="same")', 'F.conv2d(x, w, None, 1, "valid", 1, 1)',
    'F.conv2d(x, w, groups=1.0)', 'F.conv1d(x3, 1)', 'F.conv3d(x5, x5, None, [1, 1, 1], 0, 1, 1, 1)',
    'F.conv_transpose2d(x, 1.5)', 'F.conv_transpose2d(x, wt, None, 1, 0, 0.5)', 'F.conv_transpose1d(x3, x3, v, v)',
    'F.linear(v, 2)', 'F.linear(v, m, 1.5)', 'F.linear(v, lw, bias=2)', 'F.linear(v, lw, v, v)', 'F.linear(v)',
    'F.linear(v, weight=lw)', 'F.linear(input=v, weight=lw)', 'F.bilinear(v, v, 1)',
    'F.avg_pool1d(x3, 1.5)', 'F.avg_pool1d(x3, x3)', 'F.avg_pool1d(x3, True)',
    'F.avg_pool2d(x, 2, None, 0, False, True, 1.5)',
    'F.avg_pool2d(x, (2, 2.0))', 'F.avg_pool3d(x5, 2, ceil_mode=1)', 'F.adaptive_avg_pool1d(v, v)',
    'F.adaptive_avg_pool1d(x3, 0.5)', 'F.pixel_shuffle(x, 1.5)', 'F.pixel_unshuffle(x, "a")',
    'F.channel_shuffle(x, 1.0)',
    'F.softshrink(v, v)', 'F.softshrink(v, "a")', 'F.hardtanh_(m * 1, m)', 'F.elu_(m * 1, m)',
    'F.scaled_dot_product_attention(x, x, x, None, "a")',
    'F.scaled_dot_product_attention(x, x, x, None, 0.0, False, 1.0)',
    'F.scaled_dot_product_attention(x, x, 1)',
]

# torch's Python functions: their own steps, then the entry point's check
PYTHON = [
    'F.max_pool2d(x, 1.5)', 'F.max_pool2d(x, x)', 'F.max_pool2d(x, 2, 1.5)', 'F.max_pool2d(x, 2, None, 0.5)',
    'F.max_pool2d(x, 2, return_indices=m)', 'F.max_pool2d(x, 2.0, return_indices=True)',
    'F.max_pool1d(x3, 2, ceil_mode=m)',
    'F.max_pool1d(x3, 1.5, 1, 0, 1, False, True)', 'F.max_pool3d(x5, [1.5])', 'F.adaptive_max_pool1d(x3, 1.5)',
    'F.adaptive_max_pool1d(x3, m, m)', 'F.adaptive_max_pool2d(x, m, m)', 'F.adaptive_max_pool1d(x3, 2, True)',
    'F.lp_pool1d(x3, 2.0, 1.5)', 'F.lp_pool2d(x, 2.0, 1.5)', 'F.lp_pool2d(x, 2.0, (2, 2), 1.5)',
    'F.layer_norm(x, 2.5)', 'F.layer_norm(x, [4], 1.5)', 'F.layer_norm(x, (4,), eps="a")', 'F.group_norm(x, 1.5)',
    'F.group_norm(x, m)', 'F.group_norm(v, 1)', 'F.batch_norm(x, None, None, 1.5)',
    'F.batch_norm(x, v, v, training=1.5)',
    'F.batch_norm(x, v, v, momentum="a")', 'F.embedding(i, 1.5)', 'F.embedding(i, m, padding_idx=0.5)',
    'F.embedding(1.5, m)', 'F.embedding(i, m, sparse=1)', 'F.fold(x3, 2.0, 2)', 'F.fold(x3, (2, 2), x3)',
    'F.unfold(x, 1.5)', 'F.unfold(x, 2, "a")', 'F.unfold(x, m)', 'F.glu(m, 1.5)', 'F.glu(torch.ones(()), 0)',
    'F.hardtanh(m, m)', 'F.hardtanh(m, "a", "b")', 'F.hardtanh(m, 2.0, 1.0)', 'F.hardtanh(m, torch.tensor(-0.5))',
    'F.pad(x, 1.0)', 'F.pad(x, (1, 1.5))', 'F.pad(x, (1, 1), 2)', 'F.pad(x, (1, 1), value="a")',
    'F.nll_loss(m, i[0], reduction=1)', 'F.nll_loss(m, i[0], ignore_index=1.5)', 'F.nll_loss(m, i[0], "a")',
    'F.max_unpool2d(x, 0.5, 2)', 'F.max_unpool2d(x, i, 2, output_size=(1.5, 2.5))', 'F.max_unpool1d(x3, 0.5, 2)',
    'F.max_unpool1d(x3, 0.5, float("nan"))', 'F.max_unpool3d(x5, 1, m)', 'F.grid_sample(x, 1.5)',
    'F.grid_sample(x, x, align_corners=1)',
]

# dropout, rms_norm and the losses that take torch's reduction enum (their legacy flags' truth first)
LOSSES = [
    'F.dropout(m, 0.5, 0.5)', 'F.dropout(m, 0.5, True, inplace=m)', 'F.dropout(m, float("nan"), False)',
    'F.dropout(m, 2.0)', 'F.dropout1d(m, 0.5, 0)', 'F.dropout1d(v, 0.5, 0)', 'F.dropout2d(x, 0.5, "a")',
    'F.dropout2d(v, 0)', 'F.dropout2d(v, 1)', 'F.dropout3d(x5, 0.5, None)', 'F.alpha_dropout(m, 0.5, 1)',
    'F.alpha_dropout(m, float("nan"))', 'F.alpha_dropout(i)', 'F.feature_alpha_dropout(m, 0.5, 0.5)',
    'F.feature_alpha_dropout(v, 0.5)', 'F.dropout(m, 0.0)', 'F.dropout(m, 0.5, False)', 'F.rms_norm(m, 2)',
    'F.rms_norm(m, m)', 'F.rms_norm(m, [2], eps="a")', 'F.rms_norm(m, [2])', 'F.cosine_similarity(m, 0.5)',
    'F.cosine_similarity(m, m, 1.5)', 'F.cosine_similarity(m, m, 1)', 'F.pairwise_distance(m, 1)',
    'F.pairwise_distance(m, m, "a")', 'F.pairwise_distance(m, m, keepdim=1)', 'F.pairwise_distance(m, m)',
    'F.binary_cross_entropy_with_logits(m, m, 0.5)', 'F.binary_cross_entropy_with_logits(m, v)',
    'F.binary_cross_entropy_with_logits(m, m, pos_weight=1)', 'F.binary_cross_entropy_with_logits(m, m, None, m)',
    'F.binary_cross_entropy_with_logits(m, m, reduction="x")', 'F.binary_cross_entropy_with_logits(m, m)',
    'F.cosine_embedding_loss(m, 0.5, v)', 'F.cosine_embedding_loss(m, m, v, "a")', 'F.cosine_embedding_loss(m, m, v)',
    'F.hinge_embedding_loss(m, m, True)', 'F.hinge_embedding_loss(m, m, m > 0)', 'F.hinge_embedding_loss(m, m, v)',
    'F.hinge_embedding_loss(m, m)', 'F.poisson_nll_loss(m, 0.5)', 'F.poisson_nll_loss(m, m, 1)',
    'F.poisson_nll_loss(m, m, reduction=1)', 'F.poisson_nll_loss(m, m, reduction="x")', 'F.poisson_nll_loss(m, m)',
    'F.soft_margin_loss(m, 1, m)', 'F.soft_margin_loss(m, 1)', 'F.soft_margin_loss(m, m, reduce=False)',
    'F.soft_margin_loss(m, m)', 'F.triplet_margin_loss(m, 0.5, 0.5)', 'F.triplet_margin_loss(m, m, m, -1.0)',
    'F.triplet_margin_loss(m, m, m, 1.0, "a")', 'F.triplet_margin_loss(m, m, m, swap=1)',
    'F.triplet_margin_loss(m, m, m)', 'F.triplet_margin_loss(m, m, m, True)', 'F.cosine_embedding_loss(m, m, v, True)',
    'F.bilinear(m, m > 0, m)', 'F.bilinear(m, m, m)', 'F.bilinear(torch.ones(()), torch.ones(()), torch.ones(3, 2, 2))',
    'F.bilinear(m, m, torch.ones(3, 2, 2), v.float())', 'F.bilinear(m, m, torch.ones(1, 3, 2, 2))',
    'F.bilinear(m, m, torch.ones(3, 2, 2, dtype=torch.float64))',
]

# the right types: the values (and the kinds of valid call the cache keys: ints, int tuples, None, tensors)
VALID = [
    'F.conv2d(x, w, None, 1, 0)', 'F.conv2d(x, w, stride=(1, 1), padding=(0, 0))', 'F.conv2d(x, w, padding="same")',
    'F.conv2d(x, w, None, torch.tensor(1))', 'F.linear(v, lw, lw[:, 0])', 'F.linear(v, lw)', 'F.avg_pool2d(x, 2)',
    'F.avg_pool2d(x, [2, 2], None, 0, False, True, 2)', 'F.max_pool2d(x, 2)', 'F.max_pool2d(x, 2, return_indices=True)',
    'F.max_pool1d(x3, 2, 1)', 'F.adaptive_max_pool1d(x3, 2, True)', 'F.lp_pool2d(x, 2.0, 2)', 'F.layer_norm(x, [4])',
    'F.group_norm(x, 1)', 'F.embedding(i, m, padding_idx=-1)', 'F.unfold(x, 2)',
    'F.glu(m, 1)', 'F.hardtanh(m, -0.5, 0.5)', 'F.pad(x, (1, 1))', 'F.nll_loss(m, i[0])', 'F.fold(x3, (3, 4), 1)',
    'F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2)', 'F.pixel_shuffle(torch.ones(1, 4, 1, 1), 2)',
]


@pytest.mark.parametrize("src", DIRECT + PYTHON + LOSSES + VALID)
def test_nn_functional_argument_types(src):
    _same(src)


def test_checked_functions_keep_their_names_and_module():
    """The wrappers keep the functions' names and modules (the fuzzer's vocabulary reads __module__)."""
    F = ember.nn.functional
    for name in ("conv2d", "linear", "max_pool2d", "avg_pool2d", "layer_norm", "max_unpool1d", "pad"):
        f = getattr(F, name)
        assert f.__name__ == name
        assert f.__module__.startswith(("ember.ops", "ember.nn.functional")), (name, f.__module__)
        assert getattr(f, "__wrapped__", None) is not None


def test_right_types_are_decided_once():
    """A call of the right types is decided by the parser once per call shape (its cache), and then runs
    ember's function with the arguments as given."""
    from ember.ops import _parser
    F = ember.nn.functional
    x, w = ember.ones(1, 2, 4, 4), ember.ones(3, 2, 1, 1)
    F.conv2d(x, w, None, (1, 1), 0)
    calls = []
    real = _parser.Parser.check
    try:
        _parser.Parser.check = lambda self, *a, **k: calls.append(a) or real(self, *a, **k)
        for _ in range(3):
            F.conv2d(x, w, None, (1, 1), 0)
            F.conv2d(x, w, None, (2, 2), 1)
    finally:
        _parser.Parser.check = real
    assert calls == []
