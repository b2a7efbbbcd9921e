"""``out=`` on the reductions of the lazily loaded families (all, any, logsumexp, nansum, nanmean, quantile,
nanquantile: ember/ops/_out_reductions.py) and on norm, against torch: every dtype rule, resizing (with
its warning), and the autograd refusal, for the out tensors a user passes."""
import warnings

import pytest
import torch

import ember

CASES = {
    "all": lambda T, x, out: T.all(x > 2, 1, out=out),
    "all_nodim": lambda T, x, out: T.all(x > 2, out=out),
    "any": lambda T, x, out: T.any(x > 2, 1, out=out),
    "any_float_input": lambda T, x, out: T.any(x, 1, out=out),
    "logsumexp": lambda T, x, out: T.logsumexp(x, 1, out=out),
    "logsumexp_keepdim": lambda T, x, out: T.logsumexp(x, (0, 1), keepdim=True, out=out),
    "nansum": lambda T, x, out: T.nansum(x, 1, out=out),
    "nansum_nodim": lambda T, x, out: T.nansum(x, out=out),
    "nanmean": lambda T, x, out: T.nanmean(x, 1, out=out),
    "quantile": lambda T, x, out: T.quantile(x, 0.5, 1, out=out),
    "nanquantile": lambda T, x, out: T.nanquantile(x, 0.25, 1, out=out),
    "norm": lambda T, x, out: T.norm(x, 2, 1, out=out),
}
OUTS = {
    "float32": lambda T: T.empty(2),
    "float64": lambda T: T.empty(2, dtype=T.float64),
    "int64": lambda T: T.empty(2, dtype=T.int64),
    "bool": lambda T: T.empty(2, dtype=T.bool),
    "wrong_shape": lambda T: T.empty(5),
    "empty": lambda T: T.empty(0),
    "requires_grad": lambda T: T.empty(2, requires_grad=True),
}


def _run(T, case, out_kind):
    x = T.tensor([[1.0, float("nan"), 3.0], [4.0, 5.0, 6.0]]) if "nan" in case else \
        T.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    out = OUTS[out_kind](T)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            r = CASES[case](T, x, out)
        except Exception as err:  # noqa: BLE001  (compared with torch's)
            return ("raises", type(err).__name__, str(err)), None
    values = r.reshape(-1).tolist()
    return ("ok", str(r.dtype), tuple(r.shape), values, r is out, out._version if T is ember else None), \
        [str(w.message)[:80] for w in caught]


@pytest.mark.parametrize("out_kind", sorted(OUTS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_out_as_torch(case, out_kind):
    want, want_warnings = _run(torch, case, out_kind)
    got, got_warnings = _run(ember, case, out_kind)
    if want[0] == "ok" and got[0] == "ok":
        assert got[1:3] == want[1:3] and got[4] == want[4], (got, want)
        assert got[3] == pytest.approx(want[3], rel=1e-6, nan_ok=True)
        assert got_warnings == want_warnings
        assert got[5] == 1          # out was written once, as an in-place op: its version moved
    else:
        # (the only difference left: torch warns about resizing a 0-d out before nansum's kernel refuses its dtype)
        assert got == want
