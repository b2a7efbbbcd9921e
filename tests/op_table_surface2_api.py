"""Op-table rows for the second round of torch's API surface (tests/test_surface2_api.py): the complex API
on real tensors (``H``, ``mH``, ``adjoint``, ``conj``... are transposes or the tensor itself) and the
``torch.X`` aliases of nn functions (appended to ``op_table.OPS``; see op_table.py for the entry format).
The window functions, ``asarray`` and ``empty_strided`` make leaves: they are compared with torch in
tests/test_surface2_api.py."""
from __future__ import annotations

from op_table import E, U, away, distinct

OPS_SURFACE2_API: list = [
    E("H", lambda m, a: a.H, [(U,)], grad_fn="TransposeBackward0"),
    E("mH", lambda m, a: a.mH, [(U,), ((2, 3, 4),)], grad_fn="TransposeBackward0"),
    E("adjoint", lambda m, a: m.adjoint(a), [((2, 3, 4),)], grad_fn="TransposeBackward0"),
    E("adjoint_method", lambda m, a: (a * 2).adjoint() * a.mT, [(U,)], grad_fn="MulBackward0"),
    E("conj_real", lambda m, a: m.conj(a * 2).conj_physical().resolve_conj().resolve_neg() * a, [(U,)],
      grad_fn="MulBackward0"),
    E("real_of_real", lambda m, a: m.real(a * 3).real * a, [(U,), ((),)], grad_fn="MulBackward0"),
]
OPS_SURFACE2_API.append(E("conj_physical_", lambda m, a: (a * 2).conj_physical_(), [(U,), ((),)],
                          grad_fn="ConjPhysicalBackward1"))
# torch.X forms of nn functions (ember/_nn_aliases.py), under ATen's signatures
OPS_SURFACE2_API += [
    E("torch_conv1d", lambda m, a, w, b: m.conv1d(a, w, b, 1, 1), [((2, 3, 5), (4, 3, 2), (4,))],
      grad_fn="ConvolutionBackward0"),
    E("torch_layer_norm", lambda m, a, w, b: m.layer_norm(a, [3], w, b, 1e-5, True), [((2, 3), (3,), (3,))],
      grad_fn="NativeLayerNormBackward0"),
    E("torch_constant_pad_nd", lambda m, a: m.constant_pad_nd(a, [1, 2], 0.5), [(U,)],
      grad_fn="ConstantPadNdBackward0"),
    E("torch_kl_div", lambda m, a, b: m.kl_div(a, b, 2, log_target=True), [((2, 3), (2, 3))],
      grad_fn="SumBackward0"),
    E("torch_hinge_embedding_loss", lambda m, a: m.hinge_embedding_loss(a, m.tensor([1.0, -1.0, 1.0]).to(a.dtype),
                                                                        0.5, 1), [((3,),)],
      grad_fn="MeanBackward0"),
]
# torch.rrelu in eval mode (training draws fresh slopes per call: tests/test_surface2_api.py, seeded)
OPS_SURFACE2_API += [
    E("rrelu_eval", lambda m, a: m.rrelu(a, 0.1, 0.3), [(U,), ((),)], domain=away, grad_fn="RreluWithNoiseBackward0"),
    E("rrelu_eval_", lambda m, a: m.rrelu_(a * 1, 0.2, 0.4, False), [(U,)], domain=away,
      grad_fn="RreluWithNoiseBackward1"),
]
# torch.pdist: torch cannot differentiate its gradient (PdistBackwardBackward0 raises)
_PD = dict(domain=distinct, supports_gradgrad=False, grad_fn="PdistBackward0")
OPS_SURFACE2_API += [     # (each fn a literal lambda: the fuzzer's wide vocabulary reads them as source)
    E("pdist_p1", lambda m, a: m.pdist(a, 1), [((4, 3),), ((2, 5),)], **_PD),
    E("pdist_p1.5", lambda m, a: m.pdist(a, 1.5), [((4, 3),), ((2, 5),)], **_PD),
    E("pdist_p2", lambda m, a: m.pdist(a, 2), [((4, 3),), ((2, 5),)], **_PD),
    E("pdist_p3", lambda m, a: m.pdist(a, 3), [((4, 3),), ((2, 5),)], **_PD),
    E("pdist_p0.5", lambda m, a: m.pdist(a, 0.5), [((4, 3),), ((2, 5),)], **_PD),
    E("pdist_inf", lambda m, a: m.pdist(a, float("inf")), [((4, 3),)], supports_gradgrad=False,
      grad_fn="PdistBackward0"),
]
