"""Products built from matmul and the shape ops, recorded as torch records them: einsum (torch's
permute / diagonal / bmm decomposition, so its gradient is the composite's), tensordot, inner, outer,
kron, multi_dot, matrix_power; and the ops with a node of their own: trace, cross.
"""
from __future__ import annotations

import warnings

import numpy as np

from .._tensor import Tensor, make
from ._op import Op
from ._promotion import broadcast_error
from ._record import apply
from ._parser import alias, torch_args, type_name
from .linalg import _cname, _matmul as matmul, bmm, mm
from .shape import UnsafeViewBackward0, permute, reshape, unsqueeze, view
from .shape_extra import diagonal, movedim

__all__ = ["einsum", "tensordot", "inner", "outer", "ger", "kron", "trace", "cross", "linalg_cross", "multi_dot",
           "chain_matmul", "matrix_power"]


# ----------------------------------------------------------------------------------------------
# the ops
class TraceBackward0(Op):
    __slots__ = ("shape",)

    @staticmethod
    def forward(ctx, a):
        ctx.shape = a.shape
        r = np.trace(a)
        return np.asarray(r, dtype=np.int64 if a.dtype.kind in "biu" else a.dtype)

    def backward(ctx, g, xp):
        m, n = ctx.shape
        eye = xp.constant(np.eye(m, n, dtype=g._data.dtype if xp.tensor_mode else np.asarray(g).dtype))
        return (g * eye,)


class LinalgCrossBackward0(Op):
    __slots__ = ("dim",)
    _saved_names = ("self", "other")
    _param_names = ("dim",)

    @staticmethod
    def forward(ctx, a, b, dim):
        ctx.dim = dim
        ctx.save(a, b)
        shape = np.broadcast_shapes(a.shape, b.shape)
        return np.ascontiguousarray(np.cross(np.broadcast_to(a, shape), np.broadcast_to(b, shape), axis=dim))

    def backward(ctx, g, xp):
        a, b = xp.saved(ctx)
        if xp.tensor_mode:
            return linalg_cross(b, g, dim=ctx.dim), linalg_cross(g, a, dim=ctx.dim)
        sa, sb = np.broadcast_shapes(b.shape, g.shape), np.broadcast_shapes(a.shape, g.shape)
        return (np.cross(np.broadcast_to(b, sa), np.broadcast_to(g, sa), axis=ctx.dim),
                np.cross(np.broadcast_to(g, sb), np.broadcast_to(a, sb), axis=ctx.dim))


# ----------------------------------------------------------------------------------------------
# einsum
_ELL = -1


def _parse_term(eq: str, start: int, stop: int) -> list:
    labels, i = [], start
    while i < stop:
        c = eq[i]
        if c == " ":
            i += 1
        elif c == ".":
            if eq[i:i + 3] != "..." or _ELL in labels:
                raise RuntimeError("einsum(): found '.' for operand that is not part of any ellipsis" if eq[i:i + 3]
                                   != "..." else "einsum(): found more than one ellipsis for operand")
            labels.append(_ELL)
            i += 3
        elif c.isascii() and c.isalpha():
            labels.append(ord(c))
            i += 1
        else:
            raise RuntimeError(f"einsum(): invalid subscript given at index {i} in the equation string, subscripts "
                               "must be in [a-zA-Z]")
    return labels


def _sumproduct_pair(left: Tensor, right: Tensor, sum_dims: list) -> Tensor:
    """torch's sumproduct_pair with keepdim: ``(left * right).sum(sum_dims)`` as one bmm."""
    lro, lo, ro = [], [], []
    lro_size = lo_size = ro_size = sum_size = 1
    for i in range(left.ndim):
        sl, sr = left.shape[i] != 1, right.shape[i] != 1
        if i in sum_dims:
            if sl and sr:
                sum_size *= left.shape[i]
            elif sl:
                left = left.sum(i, keepdim=True)
            elif sr:
                right = right.sum(i, keepdim=True)
        elif sl and sr:
            lro.append(i)
            lro_size *= left.shape[i]
        elif sl:
            lo.append(i)
            lo_size *= left.shape[i]
        else:
            ro.append(i)
            ro_size *= right.shape[i]
    out_size = [left.shape[d] for d in lro + lo] + [1] * len(sum_dims) + [right.shape[d] for d in ro]
    order = lro + lo + sum_dims + ro
    lt = reshape(permute(left, order), (lro_size, lo_size, sum_size))
    rt = reshape(permute(right, lro + sum_dims + ro + lo), (lro_size, sum_size, ro_size))
    out = view(bmm(lt, rt), tuple(out_size))
    return permute(out, [int(k) for k in np.argsort(order)])


def _subscript(n) -> str:
    """torch's parse_subscript: 0-25 are ``A``-``Z``, 26-51 ``a``-``z`` (the implicit output sorts them so)."""
    if n is Ellipsis:
        return "..."
    if n >= 0 and n < 26:
        return chr(ord("A") + n)
    if n >= 26 and n < 52:
        return chr(ord("a") + n - 26)
    raise ValueError("einsum(): subscript in subscript list is not within the valid range [0, 52)")


def _sublist_equation(args) -> tuple:
    """einsum(op1, sublist1, op2, sublist2, ..., [sublist_out]) as an equation and its operands."""
    equation = ",".join("".join(_subscript(s) for s in sub) for sub in args[1::2])
    if len(args) % 2 == 1:
        return equation + "->" + "".join(_subscript(s) for s in args[-1]), list(args[:-1:2])
    return equation, list(args[::2])


_EINSUM_ARGS = ("einsum(): must specify the equation string and at least one operand, or at least one operand and "
                "its subscripts list")


def einsum(*args) -> Tensor:
    """Sum the product of the elements of the operands along the dimensions the Einstein summation
    ``equation`` names.

    Any equation torch accepts: implicit output (the subscripts that appear once, in alphabetical order,
    after the ellipsis dims) or explicit (``->``), ``...`` for broadcast dims, a subscript repeated within an
    operand for its diagonal, and the sublist form ``einsum(op1, [0, 1], op2, [1, 2], [0, 2])``. It is
    computed as torch computes it (diagonals, permutes, then ``bmm`` per pair of operands), so its graph,
    ``grad_fn`` names and gradients are torch's.

    Args:
        equation (str): the subscripts for the Einstein summation.
        operands (Tensor...): the tensors (or one list of them).

    Example::

        >>> a, b = torch.ones(2, 3), torch.ones(3, 4)
        >>> torch.einsum("ij,jk->ik", a, b).shape
        torch.Size([2, 4])
        >>> torch.einsum("ii", torch.eye(3))
        tensor(3.)
    """
    if len(args) < 2:       # torch's Python einsum, then its parser's checks of (equation, operands)
        raise ValueError(_EINSUM_ARGS)
    if isinstance(args[0], Tensor):
        equation, operands = _sublist_equation(args)
    else:
        equation, operands = args[0], list(args[1:])
        while len(operands) == 1 and isinstance(operands[0], (list, tuple)):    # (torch recurses: [[x]] too)
            if not operands[0]:
                raise ValueError(_EINSUM_ARGS)
            operands = list(operands[0])
    if not isinstance(equation, str):
        raise TypeError(f"einsum(): argument 'equation' (position 1) must be str, not {type_name(equation)}")
    for j, op in enumerate(operands):
        if not isinstance(op, Tensor):
            raise TypeError(f"expected Tensor as element {j} in argument 1, but got {type_name(op)}")
    arrow = equation.find("->")
    lhs_end = arrow if arrow >= 0 else len(equation)
    op_labels, start = [], 0
    for i in range(lhs_end + 1):
        if i == lhs_end or equation[i] == ",":
            op_labels.append(_parse_term(equation, start, i))
            start = i + 1
    if len(op_labels) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(op_labels) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    counts: dict = {}
    ell_dims = 0
    for i, (labels, op) in enumerate(zip(op_labels, operands)):
        n = len([k for k in labels if k != _ELL])
        if _ELL in labels:
            if n > op.ndim:
                raise RuntimeError(f"einsum(): the number of subscripts in the equation ({n}) is more than the number "
                                   f"of dimensions ({op.ndim}) for operand {i}")
            ell_dims = max(ell_dims, op.ndim - n)
        elif n != op.ndim:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({n}) does not match the number "
                               f"of dimensions ({op.ndim}) for operand {i} and no ellipsis was given")
        for k in labels:
            if k != _ELL:
                counts[k] = counts.get(k, 0) + 1
    perm_index: dict = {}
    idx = 0
    ell_index, ell_out = None, False
    if arrow < 0:
        if ell_dims or any(_ELL in labels for labels in op_labels):
            ell_index, ell_out = 0, True
            idx += ell_dims
        for k in sorted(counts):
            if counts[k] == 1:
                perm_index[k] = idx
                idx += 1
    else:
        for k in _parse_term(equation, arrow + 2, len(equation)):
            if k == _ELL:
                ell_index, ell_out = idx, True
                idx += ell_dims
                continue
            if k not in counts:
                raise RuntimeError(f"einsum(): output subscript {chr(k)} does not appear in the equation for any input "
                                   "operand")
            if k in perm_index:
                raise RuntimeError(f"einsum(): output subscript {chr(k)} appears more than once in the output")
            perm_index[k] = idx
            idx += 1
    out_size = idx
    if not ell_out:
        ell_index = idx
        idx += ell_dims
    for k in sorted(counts):
        if k not in perm_index:
            perm_index[k] = idx
            idx += 1
    total = idx
    # each operand: diagonals of repeated subscripts, size-1 dims for the missing ones, then permuted into
    # the common order (output subscripts first)
    permuted, sizes = [], {}
    for i, (labels, op) in enumerate(zip(op_labels, operands)):
        perm = [-1] * total
        label_dim: dict = {}
        j = 0
        for k in labels:
            if k == _ELL:
                n = len([q for q in labels if q != _ELL])
                for _ in range(ell_dims - (operands[i].ndim - n)):
                    op = unsqueeze(op, j)
                for e in range(ell_dims):
                    perm[ell_index + e] = j
                    j += 1
            elif k in label_dim:
                d = label_dim[k]
                if op.shape[j] != op.shape[d]:
                    raise RuntimeError(f"einsum(): subscript {chr(k)} is repeated for operand {i} but the sizes don't "
                                       f"match, {op.shape[j]} != {op.shape[d]}")
                op = movedim(diagonal(op, 0, d, j), -1, d)
            else:
                label_dim[k] = j
                perm[perm_index[k]] = j
                j += 1
                seen = sizes.get(k)
                s = op.shape[j - 1]
                if seen is not None and seen != s and seen != 1 and s != 1:
                    raise RuntimeError(f"einsum(): subscript {chr(k)} has size {s} for operand {i} which does not "
                                       f"broadcast with previously seen size {seen}")
                if seen is None or seen == 1:
                    sizes[k] = s
        for q in range(total):
            if perm[q] == -1:
                op = unsqueeze(op, -1)
                perm[q] = j
                j += 1
        permuted.append(permute(op, perm))
    last_op = [0] * total
    for d in range(total):
        size = permuted[0].shape[d]
        for i in range(1, len(permuted)):
            s = permuted[i].shape[d]
            if size != s and size != 1 and s != 1:
                shapes = " ".join(f"{list(o.shape)}->{list(p.shape)}" for o, p in zip(operands, permuted))
                raise RuntimeError(f"einsum(): operands do not broadcast with remapped shapes (original->remapped): "
                                   f"{shapes}")
            if s != 1:
                size = s
                last_op[d] = i
    result = permuted[0]
    if len(permuted) == 1:
        if total > out_size:
            result = result.sum(tuple(range(out_size, total)))
        return result
    first = [d for d in range(out_size, total) if last_op[d] == 0 and result.shape[d] != 1]
    if first:
        result = result.sum(tuple(first), keepdim=True)
    for i in range(1, len(permuted)):
        # torch's pairing: a contraction dim this operand is the last to have is summed by bmm only where both
        # sides have it; where one side has size 1 the other sums it alone, and with none left it is a mul
        # (which promotes mixed dtypes, where bmm refuses them)
        b, sum_dims = permuted[i], []
        for d in range(out_size, total):
            if last_op[d] != i:
                continue
            if result.shape[d] != 1 and b.shape[d] != 1:
                sum_dims.append(d)
            elif result.shape[d] != 1:
                result = result.sum(d, keepdim=True)
            elif b.shape[d] != 1:
                b = b.sum(d, keepdim=True)
        result = result * b if not sum_dims else _sumproduct_pair(result, b, sum_dims)
    if total > out_size:
        result = view(result, tuple(result.shape[:out_size]))
    return result


# ----------------------------------------------------------------------------------------------
# tensordot, inner, outer, kron
def tensordot(a: Tensor, b: Tensor, dims=2, out=None) -> Tensor:
    """Contract ``a`` and ``b`` over ``dims``: an int (the last ``dims`` of ``a`` with the first of ``b``) or
    a pair of lists of dims. Computed as torch does: both permuted and reshaped to matrices, one ``mm``.

    Args:
        a (Tensor): left tensor to contract.
        b (Tensor): right tensor to contract.
        dims (int or tuple of two lists of ints): the dimensions to contract. Default: 2.
    """
    if isinstance(dims, Tensor):
        dims = dims.tolist() if dims.ndim else int(dims.item())
    if isinstance(dims, (int, np.integer)):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > a.ndim or dims > b.ndim:
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        d1, d2 = list(range(-dims, 0)), list(range(dims))
    else:
        d1, d2 = list(dims[0]), list(dims[1])
        d1 = [d1] if isinstance(d1, int) else d1
        d2 = [d2] if isinstance(d2, int) else d2
    if len(d1) != len(d2):
        raise RuntimeError("both dimension lists should have same length")
    if a.dtype != b.dtype:
        raise RuntimeError("both inputs should have same dtype")
    c1, c2, csize = [], [], 1
    t1, t2 = a, b
    for x, y in zip(d1, d2):
        x1, y1 = x % a.ndim if a.ndim else 0, y % b.ndim if b.ndim else 0
        s1, s2 = a.shape[x1], b.shape[y1]
        if s2 == 1:           # a dim broadcast against size 1 is summed right away, as torch does
            t1 = t1.sum(x1, keepdim=True)
        elif s1 == 1:
            t2 = t2.sum(y1, keepdim=True)
        elif s1 != s2:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {s1} in dim {x} and "
                               f"second has size {s2} in dim {y}")
        else:
            csize *= s1
        c1.append(x1)
        c2.append(y1)
    f1 = [k for k in range(a.ndim) if k not in c1]
    f2 = [k for k in range(b.ndim) if k not in c2]
    rsizes = tuple(a.shape[k] for k in f1) + tuple(b.shape[k] for k in f2)
    if a.ndim == 1 and b.ndim == 1 and c1 and a.shape[0] == b.shape[0] != 1:   # torch: a dot of the permuted vectors
        return view(matmul(permute(a, [0]), permute(b, [0])), ())
    n1 = int(np.prod([a.shape[k] for k in f1], dtype=np.int64))
    n2 = int(np.prod([b.shape[k] for k in f2], dtype=np.int64))
    t1 = reshape(permute(t1, f1 + c1), (n1, csize))
    t2 = reshape(permute(t2, c2 + f2), (csize, n2))
    return reshape(mm(t1, t2), rsizes)


@torch_args
def inner(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """Dot product over the last dimension of ``input`` and ``other`` (a product if one is 0-d).

    Args:
        input (Tensor): first input tensor.
        other (Tensor): second input tensor.
    """
    if input.ndim == 0 or other.ndim == 0:
        return input * other
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got shapes "
                           f"{list(input.shape)} and {list(other.shape)}")
    return tensordot(input, other, ([-1], [-1]))


@torch_args
def outer(input: Tensor, vec2: Tensor) -> Tensor:  # noqa: A002
    """The outer product of two vectors: ``input[i] * vec2[j]``.

    Args:
        input (Tensor): 1-D input vector.
        vec2 (Tensor): 1-D input vector.
    """
    for nm, t in (("self", input), ("vec2", vec2)):
        if t.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {nm}, but got {t.ndim}-D")
    return reshape(input, (input.shape[0], 1)) * vec2


ger = alias(outer, "ger")


def kron(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """The Kronecker product of ``input`` and ``other`` (of any number of dims, padded with leading ones).

    Args:
        input (Tensor): the first tensor.
        other (Tensor): the second tensor.
    """
    nd = max(input.ndim, other.ndim)
    sa = (1,) * (nd - input.ndim) + tuple(input.shape)
    sb = (1,) * (nd - other.ndim) + tuple(other.shape)
    ra = tuple(k for s in sa for k in (s, 1))
    rb = tuple(k for s in sb for k in (1, s))
    va = apply(UnsafeViewBackward0, (input,), (input._data,), ra)
    vb = apply(UnsafeViewBackward0, (other,), (other._data,), rb)
    prod = va * vb
    return apply(UnsafeViewBackward0, (prod,), (prod._data,), tuple(x * y for x, y in zip(sa, sb)))


def trace(input: Tensor) -> Tensor:  # noqa: A002
    """The sum of the main diagonal of a 2-D ``input`` (integers sum to int64, as torch).

    Args:
        input (Tensor): a matrix.
    """
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    return apply(TraceBackward0, (input,), (input._data,))


# ----------------------------------------------------------------------------------------------
# cross
def linalg_cross(input: Tensor, other: Tensor, *, dim: int = -1) -> Tensor:  # noqa: A002
    """The cross product of 3-vectors along ``dim`` of ``input`` and ``other`` (batch dims broadcast).

    Args:
        input (Tensor): the first input tensor.
        other (Tensor): the second input tensor.
        dim (int): the dimension of size 3 to take the product along. Default: -1.
    """
    if input.ndim != other.ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    try:
        shape = np.broadcast_shapes(input._data.shape, other._data.shape)
    except ValueError:
        raise broadcast_error(input._data.shape, other._data.shape) from None
    nd = len(shape)
    if not -nd <= dim < nd:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {dim})")
    d = dim % nd
    if input.shape[d] != 3 or other.shape[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {input.shape[d]} and "
                           f"{other.shape[d]}")
    a, b = input._data, other._data
    if a.dtype != b.dtype:
        raise RuntimeError(f"expected scalar type {input.dtype._legacy[:-6]} but found {other.dtype._legacy[:-6]}")
    return apply(LinalgCrossBackward0, (input, other), (a, b), d)


def cross(input: Tensor, other: Tensor, dim=None) -> Tensor:  # noqa: A002
    """The cross product along ``dim``; without ``dim``, the first dimension of size 3 (torch warns that this
    default will change to -1, as :func:`ember.linalg.cross` has).

    Args:
        input (Tensor): the first input tensor.
        other (Tensor): the second input tensor.
        dim (int, optional): the dimension to take the cross product in.
    """
    if dim is None:
        warnings.warn("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
                      "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree "
                      "with that of linalg.cross in a future release.", UserWarning, stacklevel=2)
        dim = next((k for k, s in enumerate(input.shape) if s == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    return linalg_cross(input, other, dim=dim)


# ----------------------------------------------------------------------------------------------
# chains of products
def _chain_order(shapes: list) -> list:
    """The matrix-chain order of least cost (torch's multi_dot): ``split[i][j]`` for each sub-chain."""
    n = len(shapes)
    p = [shapes[0][0]] + [s[1] for s in shapes]
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1]
                if cost[i][j] is None or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def multi_dot(tensors) -> Tensor:
    """The product of two or more matrices, in the order of least cost; the first may be a row vector and the
    last a column vector (1-D), as torch's ``linalg.multi_dot``.

    Args:
        tensors (sequence of Tensors): two or more tensors; the first and last 1-D or 2-D, the others 2-D.
    """
    ts = list(tensors)
    n = len(ts)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    for i, t in enumerate(ts):
        if i in (0, n - 1):
            if t.ndim not in (1, 2):
                which = "first" if i == 0 else "last"
                raise RuntimeError(f"multi_dot(): the {which} tensor must be 1D or 2D but got {t.ndim}D")
        elif t.ndim != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {t.ndim}D")
    for i, t in enumerate(ts[1:], 1):
        if t.dtype != ts[0].dtype:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                               f"{_cname(ts[0]._data.dtype)} and tensor {i} {_cname(t._data.dtype)}")
    out_shape = ((ts[0].shape[0],) if ts[0].ndim == 2 else ()) + ((ts[-1].shape[1],) if ts[-1].ndim == 2 else ())
    if ts[0].ndim == 1:
        ts[0] = unsqueeze(ts[0], 0)
    if ts[-1].ndim == 1:
        ts[-1] = unsqueeze(ts[-1], -1)
    for i in range(n - 1):
        if ts[i].shape[1] != ts[i + 1].shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i} and {i + 1} with shapes {list(ts[i].shape)} and "
                               f"{list(ts[i + 1].shape)} cannot be multiplied")
    split = _chain_order([tuple(t.shape) for t in ts])

    def chain(i: int, j: int) -> Tensor:
        if i == j:
            return ts[i]
        k = split[i][j]
        return mm(chain(i, k), chain(k + 1, j))

    return view(chain(0, n - 1), out_shape)


def chain_matmul(*matrices) -> Tensor:
    """The product of the 2-D ``matrices`` (deprecated in torch for :func:`ember.linalg.multi_dot`).

    Args:
        matrices (Tensors...): a sequence of two or more 2-D tensors.
    """
    warnings.warn("torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
                  "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than multiple "
                  "parameters.", UserWarning, stacklevel=2)
    if len(matrices) == 1 and isinstance(matrices[0], (list, tuple)):
        matrices = tuple(matrices[0])
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    for t in matrices:
        if t.ndim != 2:
            raise RuntimeError(f"Tensor dimension is {t.ndim}, expected 2 instead.")
    if len(matrices) == 1:
        return matrices[0].clone()
    return multi_dot(matrices)


def matrix_power(A: Tensor, n: int) -> Tensor:  # noqa: N803
    """``A`` to the integer power ``n`` (a batch of square matrices); ``n < 0`` inverts first, ``n = 0`` is the
    identity.

    Args:
        A (Tensor): ``(*, m, m)``.
        n (int): the exponent.
    """
    from .linalg_decomp import _check_float, inv   # deferred: linalg_decomp is a sibling family module
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
        raise TypeError(f"linalg_matrix_power(): argument 'n' (position 2) must be int, not {type(n).__name__}")
    if A.ndim < 2:
        raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but they are {A.shape[-2]} "
                           f"by {A.shape[-1]} matrices")
    if n == 0:
        eye = np.broadcast_to(np.eye(A.shape[-1], dtype=A._data.dtype), A._data.shape)
        return A.clone().copy_(make(eye.copy()))
    if n == 1:
        return A.clone()
    if n < 0:
        _check_float("linalg.inv", A)
        A, n = inv(A), -n  # noqa: N806
    if n == 2:
        return matmul(A, A)
    if n == 3:
        return matmul(matmul(A, A), A)
    z = result = None
    while n > 0:
        bit, n = n % 2, n // 2
        z = A if z is None else matmul(z, z)
        if bit:
            result = z if result is None else matmul(result, z)
    return result
