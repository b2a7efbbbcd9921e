"""torch's Python signatures of the functions ember checks with ``_parser.torch_args``: name ->
(the function's signatures, the method's), each as torch's argument parser holds it (its
``python_signatures``: native types, ``?`` for None allowed, ``[N]`` for a list that takes a single int
too, ``|deprecated`` for a hidden one; ``NOARGS``), in the order torch tries and prints them. Data only."""

NOARGS = ("|noargs",)   # a method of no arguments (Python's METH_NOARGS: Python's words, not the parser's)

SIGNATURES = {
    'sum': ((
        'sum(Tensor input, *, ScalarType? dtype=None)',
        'sum(Tensor input, IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',),
        (
        'sum(*, ScalarType? dtype=None)',
        'sum(IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)',)),
    'mean': ((
        'mean(Tensor input, *, ScalarType? dtype=None, Tensor out=None)',
        'mean(Tensor input, IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',),
        (
        'mean(*, ScalarType? dtype=None)',
        'mean(IntArrayRef[1]? dim, bool keepdim=False, *, ScalarType? dtype=None)',)),
    'max': ((
        'max(Tensor input, *, Tensor out=None)',
        'max(Tensor input, Tensor other, *, Tensor out=None)',
        'max(Tensor input, int64_t dim, bool keepdim=False, *, TensorList[2] out=None)',),
        (
        'max()',
        'max(Tensor other)',
        'max(int64_t dim, bool keepdim=False)',)),
    'min': ((
        'min(Tensor input, *, Tensor out=None)',
        'min(Tensor input, Tensor other, *, Tensor out=None)',
        'min(Tensor input, int64_t dim, bool keepdim=False, *, TensorList[2] out=None)',),
        (
        'min()',
        'min(Tensor other)',
        'min(int64_t dim, bool keepdim=False)',)),
    'amax': ((
        'amax(Tensor input, IntArrayRef[1] dim=None, bool keepdim=False, *, Tensor out=None)',),
        (
        'amax(IntArrayRef[1] dim=None, bool keepdim=False)',)),
    'amin': ((
        'amin(Tensor input, IntArrayRef[1] dim=None, bool keepdim=False, *, Tensor out=None)',),
        (
        'amin(IntArrayRef[1] dim=None, bool keepdim=False)',)),
    'argmax': ((
        'argmax(Tensor input, int64_t? dim=None, bool keepdim=False, *, Tensor out=None)',),
        (
        'argmax(int64_t? dim=None, bool keepdim=False)',)),
    'argmin': ((
        'argmin(Tensor input, int64_t? dim=None, bool keepdim=False, *, Tensor out=None)',),
        (
        'argmin(int64_t? dim=None, bool keepdim=False)',)),
    'prod': ((
        'prod(Tensor input, *, ScalarType? dtype=None)',
        'prod(Tensor input, int64_t dim, bool keepdim=False, *, ScalarType? dtype=None, Tensor out=None)',),
        (
        'prod(*, ScalarType? dtype=None)',
        'prod(int64_t dim, bool keepdim=False, *, ScalarType? dtype=None)',)),
    'all': ((
        'all(Tensor input, *, Tensor out=None)',
        'all(Tensor input, IntArrayRef? dim=None, bool keepdim=False, *, Tensor out=None)',
        'all(Tensor input, int64_t dim, bool keepdim=False, *, Tensor out=None)',),
        (
        'all()',
        'all(IntArrayRef? dim=None, bool keepdim=False)',
        'all(int64_t dim, bool keepdim=False)',)),
    'any': ((
        'any(Tensor input, *, Tensor out=None)',
        'any(Tensor input, IntArrayRef? dim=None, bool keepdim=False, *, Tensor out=None)',
        'any(Tensor input, int64_t dim, bool keepdim=False, *, Tensor out=None)',),
        (
        'any()',
        'any(IntArrayRef? dim=None, bool keepdim=False)',
        'any(int64_t dim, bool keepdim=False)',)),
    'count_nonzero': ((
        'count_nonzero(Tensor input, int64_t? dim=None)',
        'count_nonzero(Tensor input, IntArrayRef dim)',),
        (
        'count_nonzero(int64_t? dim=None)',
        'count_nonzero(IntArrayRef dim)',)),
    'nansum': ((
        'nansum(Tensor input, IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None, '
        'Tensor out=None)',),
        (
        'nansum(IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',)),
    'nanmean': ((
        'nanmean(Tensor input, IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None, '
        'Tensor out=None)',),
        (
        'nanmean(IntArrayRef[1]? dim=None, bool keepdim=False, *, ScalarType? dtype=None)',)),
    'logsumexp': ((
        'logsumexp(Tensor input, IntArrayRef[1] dim, bool keepdim=False, *, Tensor out=None)',),
        (
        'logsumexp(IntArrayRef[1] dim, bool keepdim=False)',)),
    'aminmax': ((
        'aminmax(Tensor input, *, int64_t? dim=None, bool keepdim=False, TensorList[2] out=None)',),
        (
        'aminmax(*, int64_t? dim=None, bool keepdim=False)',)),
    'var': ((
        'var(Tensor input, IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False, *, Tensor out=None)',
        'var(Tensor input, IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False, '
        'Tensor out=None)',
        'var(Tensor input, bool unbiased=True)',),
        (
        'var(IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)',
        'var(IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)',
        'var(bool unbiased=True)',)),
    'std': ((
        'std(Tensor input, IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False, *, Tensor out=None)',
        'std(Tensor input, IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False, '
        'Tensor out=None)',
        'std(Tensor input, bool unbiased=True)',),
        (
        'std(IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)',
        'std(IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)',
        'std(bool unbiased=True)',)),
    'var_mean': ((
        'var_mean(Tensor input, IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)',
        'var_mean(Tensor input, IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)',
        'var_mean(Tensor input, bool unbiased=True)',),
        ()),
    'std_mean': ((
        'std_mean(Tensor input, IntArrayRef[1]? dim, bool unbiased=True, bool keepdim=False)',
        'std_mean(Tensor input, IntArrayRef[1]? dim=None, *, Scalar? correction=None, bool keepdim=False)',
        'std_mean(Tensor input, bool unbiased=True)',),
        ()),
    'sort': ((
        'sort(Tensor input, *, bool? stable, int64_t dim=-1, bool descending=False, TensorList[2] out=None)',
        'sort(Tensor input, int64_t dim=-1, bool descending=False, *, TensorList[2] out=None)',),
        (
        'sort(*, bool? stable, int64_t dim=-1, bool descending=False)',
        'sort(int64_t dim=-1, bool descending=False)',)),
    'argsort': ((
        'argsort(Tensor input, *, bool stable, int64_t dim=-1, bool descending=False, Tensor out=None)',
        'argsort(Tensor input, int64_t dim=-1, bool descending=False)',),
        (
        'argsort(*, bool stable, int64_t dim=-1, bool descending=False)',
        'argsort(int64_t dim=-1, bool descending=False)',)),
    'msort': ((
        'msort(Tensor input, *, Tensor out=None)',),
        NOARGS),
    'topk': ((
        'topk(Tensor input, SymInt k, int64_t dim=-1, bool largest=True, bool sorted=True, *, '
        'TensorList[2] out=None)',),
        (
        'topk(SymInt k, int64_t dim=-1, bool largest=True, bool sorted=True)',)),
    'kthvalue': ((
        'kthvalue(Tensor input, SymInt k, int64_t dim=-1, bool keepdim=False, *, TensorList[2] out=None)',),
        (
        'kthvalue(SymInt k, int64_t dim=-1, bool keepdim=False)',)),
    'median': ((
        'median(Tensor input)',
        'median(Tensor input, int64_t dim, bool keepdim=False, *, TensorList[2] out=None)',),
        (
        'median()',
        'median(int64_t dim, bool keepdim=False)',)),
    'nanmedian': ((
        'nanmedian(Tensor input)',
        'nanmedian(Tensor input, int64_t dim, bool keepdim=False, *, TensorList[2] out=None)',),
        (
        'nanmedian()',
        'nanmedian(int64_t dim, bool keepdim=False)',)),
    'mode': ((
        'mode(Tensor input, int64_t dim=-1, bool keepdim=False, *, TensorList[2] out=None)',),
        (
        'mode(int64_t dim=-1, bool keepdim=False)',)),
    'bucketize': ((
        'bucketize(Tensor input, Tensor boundaries, *, bool out_int32=False, bool right=False, Tensor out=None)',
        'bucketize(Scalar self, Tensor boundaries, *, bool out_int32=False, bool right=False)',),
        ()),
    'searchsorted': ((
        'searchsorted(Tensor sorted_sequence, Tensor input, *, bool out_int32=False, bool right=False, '
        'c10::string_view? side=None, Tensor? sorter=None, Tensor out=None)',
        'searchsorted(Tensor sorted_sequence, Scalar self, *, bool out_int32=False, bool right=False, '
        'c10::string_view? side=None, Tensor? sorter=None, Tensor out=None)',),
        ()),
    'histc': ((
        'histc(Tensor input, int64_t bins=100, Scalar min=0, Scalar max=0, *, Tensor out=None)',),
        (
        'histc(int64_t bins=100, Scalar min=0, Scalar max=0)',)),
    'histogram': ((
        'histogram(Tensor input, Tensor bins, *, Tensor? weight=None, bool density=False, TensorList[2] out=None)',
        'histogram(Tensor input, int64_t bins=100, *, ArrayRef<double>? range=None, Tensor? weight=None, '
        'bool density=False, TensorList[2] out=None)',),
        (
        'histogram(Tensor bins, *, Tensor? weight=None, bool density=False)',
        'histogram(int64_t bins=100, *, ArrayRef<double>? range=None, Tensor? weight=None, bool density=False)',)),
    'bincount': ((
        'bincount(Tensor input, Tensor? weights=None, SymInt minlength=0)',),
        (
        'bincount(Tensor? weights=None, SymInt minlength=0)',)),
    'cumsum': ((
        'cumsum(Tensor input, int64_t dim, *, ScalarType? dtype=None, Tensor out=None)',),
        (
        'cumsum(int64_t dim, *, ScalarType? dtype=None)',)),
    'cumprod': ((
        'cumprod(Tensor input, int64_t dim, *, ScalarType? dtype=None, Tensor out=None)',),
        (
        'cumprod(int64_t dim, *, ScalarType? dtype=None)',)),
    'cumsum_': ((),
        (
        'cumsum_(int64_t dim, *, ScalarType? dtype=None)',)),
    'cumprod_': ((),
        (
        'cumprod_(int64_t dim, *, ScalarType? dtype=None)',)),
    'cummax': ((
        'cummax(Tensor input, int64_t dim, *, TensorList[2] out=None)',),
        (
        'cummax(int64_t dim)',)),
    'cummin': ((
        'cummin(Tensor input, int64_t dim, *, TensorList[2] out=None)',),
        (
        'cummin(int64_t dim)',)),
    'logcumsumexp': ((
        'logcumsumexp(Tensor input, int64_t dim, *, Tensor out=None)',),
        (
        'logcumsumexp(int64_t dim)',)),
    'view': ((),
        (
        'view(ScalarType dtype)',
        'view(SymIntArrayRef size)',)),
    'reshape': ((
        'reshape(Tensor input, SymIntArrayRef shape)',),
        (
        'reshape(SymIntArrayRef shape)',)),
    'view_as': ((),
        (
        'view_as(Tensor other)',)),
    'reshape_as': ((),
        (
        'reshape_as(Tensor other)',)),
    'flatten': ((
        'flatten(Tensor input, int64_t start_dim=0, int64_t end_dim=-1)',),
        (
        'flatten(int64_t start_dim=0, int64_t end_dim=-1)',)),
    'unflatten': ((
        'unflatten(Tensor input, int64_t dim, SymIntArrayRef sizes)',),
        ()),
    'unsqueeze': ((
        'unsqueeze(Tensor input, int64_t dim)',),
        (
        'unsqueeze(int64_t dim)',)),
    'squeeze': ((
        'squeeze(Tensor input)',
        'squeeze(Tensor input, int64_t dim)',
        'squeeze(Tensor input, IntArrayRef dim)',),
        (
        'squeeze()',
        'squeeze(int64_t dim)',
        'squeeze(IntArrayRef dim)',)),
    'permute': ((
        'permute(Tensor input, IntArrayRef dims)',),
        (
        'permute(IntArrayRef dims)',)),
    'transpose': ((
        'transpose(Tensor input, int64_t dim0, int64_t dim1)',),
        (
        'transpose(int64_t dim0, int64_t dim1)',)),
    'swapaxes': ((
        'swapaxes(Tensor input, int64_t axis0, int64_t axis1)',),
        (
        'swapaxes(int64_t axis0, int64_t axis1)',)),
    'swapdims': ((
        'swapdims(Tensor input, int64_t dim0, int64_t dim1)',),
        (
        'swapdims(int64_t dim0, int64_t dim1)',)),
    't': ((
        't(Tensor input)',),
        NOARGS),
    'expand': ((),
        (
        'expand(SymIntArrayRef size, *, bool implicit=False)',)),
    'expand_as': ((),
        (
        'expand_as(Tensor other)',)),
    'broadcast_to': ((
        'broadcast_to(Tensor input, SymIntArrayRef size)',),
        (
        'broadcast_to(SymIntArrayRef size)',)),
    'diagonal': ((
        'diagonal(Tensor input, int64_t offset=0, int64_t dim1=0, int64_t dim2=1)',),
        (
        'diagonal(int64_t offset=0, int64_t dim1=0, int64_t dim2=1)',)),
    'diag_embed': ((
        'diag_embed(Tensor input, int64_t offset=0, int64_t dim1=-2, int64_t dim2=-1)',),
        (
        'diag_embed(int64_t offset=0, int64_t dim1=-2, int64_t dim2=-1)',)),
    'diag': ((
        'diag(Tensor input, int64_t diagonal=0, *, Tensor out=None)',),
        (
        'diag(int64_t diagonal=0)',)),
    'diagflat': ((
        'diagflat(Tensor input, int64_t offset=0)',),
        (
        'diagflat(int64_t offset=0)',)),
    'unfold': ((),
        (
        'unfold(int64_t dimension, int64_t size, int64_t step)',)),
    'narrow': ((
        'narrow(Tensor input, int64_t dim, Tensor start, SymInt length)',
        'narrow(Tensor input, int64_t dim, SymInt start, SymInt length)',),
        (
        'narrow(int64_t dim, Tensor start, SymInt length)',
        'narrow(int64_t dim, SymInt start, SymInt length)',)),
    'movedim': ((
        'movedim(Tensor input, int64_t source, int64_t destination)',
        'movedim(Tensor input, IntArrayRef source, IntArrayRef destination)',),
        (
        'movedim(int64_t source, int64_t destination)',
        'movedim(IntArrayRef source, IntArrayRef destination)',)),
    'moveaxis': ((
        'moveaxis(Tensor input, int64_t source, int64_t destination)',
        'moveaxis(Tensor input, IntArrayRef source, IntArrayRef destination)',),
        (
        'moveaxis(int64_t source, int64_t destination)',
        'moveaxis(IntArrayRef source, IntArrayRef destination)',)),
    'repeat': ((),
        (
        'repeat(SymIntArrayRef repeats)',)),
    'tile': ((
        'tile(Tensor input, SymIntArrayRef dims)',),
        (
        'tile(SymIntArrayRef dims)',)),
    'flip': ((
        'flip(Tensor input, IntArrayRef dims)',),
        (
        'flip(IntArrayRef dims)',)),
    'fliplr': ((
        'fliplr(Tensor input)',),
        NOARGS),
    'flipud': ((
        'flipud(Tensor input)',),
        NOARGS),
    'roll': ((
        'roll(Tensor input, SymIntArrayRef[1] shifts, IntArrayRef[1] dims=None)',),
        (
        'roll(SymIntArrayRef[1] shifts, IntArrayRef[1] dims=None)',)),
    'rot90': ((
        'rot90(Tensor input, int64_t k=1, IntArrayRef dims={0,1})',),
        (
        'rot90(int64_t k=1, IntArrayRef dims={0,1})',)),
    'tril': ((
        'tril(Tensor input, SymInt diagonal=0, *, Tensor out=None)',),
        (
        'tril(SymInt diagonal=0)',)),
    'triu': ((
        'triu(Tensor input, SymInt diagonal=0, *, Tensor out=None)',),
        (
        'triu(SymInt diagonal=0)',)),
    'tril_': ((),
        (
        'tril_(SymInt diagonal=0)',)),
    'triu_': ((),
        (
        'triu_(SymInt diagonal=0)',)),
    'repeat_interleave': ((
        'repeat_interleave(Tensor input, Tensor repeats, int64_t? dim=None, *, SymInt? output_size=None)',
        'repeat_interleave(Tensor repeats, *, SymInt? output_size=None)',
        'repeat_interleave(Tensor input, SymInt repeats, int64_t? dim=None, *, SymInt? output_size=None)',),
        (
        'repeat_interleave(Tensor repeats, int64_t? dim=None, *, SymInt? output_size=None)',
        'repeat_interleave(SymInt repeats, int64_t? dim=None, *, SymInt? output_size=None)',)),
    'ravel': ((
        'ravel(Tensor input)',),
        NOARGS),
    'type_as': ((),
        (
        'type_as(Tensor other)',)),
    'tensor_split': ((
        'tensor_split(Tensor input, SymIntArrayRef indices, int64_t dim=0)',
        'tensor_split(Tensor input, Tensor tensor_indices_or_sections, int64_t dim=0)',
        'tensor_split(Tensor input, SymInt sections, int64_t dim=0)',),
        (
        'tensor_split(SymIntArrayRef indices, int64_t dim=0)',
        'tensor_split(Tensor tensor_indices_or_sections, int64_t dim=0)',
        'tensor_split(SymInt sections, int64_t dim=0)',)),
    'hsplit': ((
        'hsplit(Tensor input, int64_t sections)',
        'hsplit(Tensor input, IntArrayRef indices)',),
        (
        'hsplit(int64_t sections)',
        'hsplit(IntArrayRef indices)',)),
    'vsplit': ((
        'vsplit(Tensor input, int64_t sections)',
        'vsplit(Tensor input, IntArrayRef indices)',),
        (
        'vsplit(int64_t sections)',
        'vsplit(IntArrayRef indices)',)),
    'dsplit': ((
        'dsplit(Tensor input, int64_t sections)',
        'dsplit(Tensor input, IntArrayRef indices)',),
        (
        'dsplit(int64_t sections)',
        'dsplit(IntArrayRef indices)',)),
    'squeeze_': ((),
        (
        'squeeze_()',
        'squeeze_(int64_t dim)',
        'squeeze_(IntArrayRef dim)',)),
    'unsqueeze_': ((),
        (
        'unsqueeze_(int64_t dim)',)),
    't_': ((),
        NOARGS),
    'transpose_': ((),
        (
        'transpose_(int64_t dim0, int64_t dim1)',)),
    'swapaxes_': ((),
        (
        'swapaxes_(int64_t axis0, int64_t axis1)',)),
    'swapdims_': ((),
        (
        'swapdims_(int64_t dim0, int64_t dim1)',)),
    'index_reduce': ((
        'index_reduce(Tensor input, int64_t dim, Tensor index, Tensor source, c10::string_view reduce, *, '
        'bool include_self=True)',),
        (
        'index_reduce(int64_t dim, Tensor index, Tensor source, c10::string_view reduce, *, bool include_self=True)',)),
    'index_reduce_': ((),
        (
        'index_reduce_(int64_t dim, Tensor index, Tensor source, c10::string_view reduce, *, '
        'bool include_self=True)',)),
    'as_strided': ((
        'as_strided(Tensor input, SymIntArrayRef size, SymIntArrayRef stride, SymInt? storage_offset=None)',),
        (
        'as_strided(SymIntArrayRef size, SymIntArrayRef stride, SymInt? storage_offset=None)',)),
    'as_strided_': ((
        'as_strided_(Tensor input, SymIntArrayRef size, SymIntArrayRef stride, SymInt? storage_offset=None)',),
        (
        'as_strided_(SymIntArrayRef size, SymIntArrayRef stride, SymInt? storage_offset=None)',)),
    'cat': ((
        'cat(TensorList tensors, int64_t dim=0, *, Tensor out=None)',),
        ()),
    'stack': ((
        'stack(TensorList tensors, int64_t dim=0, *, Tensor out=None)',),
        ()),
    'hstack': ((
        'hstack(TensorList tensors, *, Tensor out=None)',),
        ()),
    'vstack': ((
        'vstack(TensorList tensors, *, Tensor out=None)',),
        ()),
    'dstack': ((
        'dstack(TensorList tensors, *, Tensor out=None)',),
        ()),
    'column_stack': ((
        'column_stack(TensorList tensors, *, Tensor out=None)',),
        ()),
    'concat': ((
        'concat(TensorList tensors, int64_t dim=0, *, Tensor out=None)',),
        ()),
    'concatenate': ((
        'concatenate(TensorList tensors, int64_t dim=0, *, Tensor out=None)',),
        ()),
}
# for the ops of other families (linalg, indexing, scatter): ready for their ``@torch_args``
SIGNATURES.update({
    'matmul': ((
        'matmul(Tensor input, Tensor other, *, Tensor out=None)',),
        (
        'matmul(Tensor other)',)),
    'mm': ((
        'mm(Tensor input, Tensor mat2, *, Tensor out=None)',
        'mm(Tensor input, Tensor mat2, ScalarType out_dtype, *, Tensor out=None)',),
        (
        'mm(Tensor mat2)',)),
    'bmm': ((
        'bmm(Tensor input, Tensor mat2, *, Tensor out=None)',
        'bmm(Tensor input, Tensor mat2, ScalarType out_dtype, *, Tensor out=None)',),
        (
        'bmm(Tensor mat2)',)),
    'mv': ((
        'mv(Tensor input, Tensor vec, *, Tensor out=None)',),
        (
        'mv(Tensor vec)',)),
    'dot': ((
        'dot(Tensor input, Tensor tensor, *, Tensor out=None)',),
        (
        'dot(Tensor tensor)',)),
    'vdot': ((
        'vdot(Tensor input, Tensor other, *, Tensor out=None)',),
        (
        'vdot(Tensor other)',)),
    'outer': ((
        'outer(Tensor input, Tensor vec2, *, Tensor out=None)',),
        (
        'outer(Tensor vec2)',)),
    'inner': ((
        'inner(Tensor input, Tensor other, *, Tensor out=None)',),
        (
        'inner(Tensor other)',)),
    'index_select': ((
        'index_select(Tensor input, int64_t dim, Tensor index, *, Tensor out=None)',),
        (
        'index_select(int64_t dim, Tensor index)',)),
    'chunk': ((
        'chunk(Tensor input, int64_t chunks, int64_t dim=0)',),
        (
        'chunk(int64_t chunks, int64_t dim=0)',)),
    'unbind': ((
        'unbind(Tensor input, int64_t dim=0)',),
        (
        'unbind(int64_t dim=0)',)),
    'masked_fill': ((
        'masked_fill(Tensor input, Tensor mask, Tensor value)',
        'masked_fill(Tensor input, Tensor mask, Scalar value)',),
        (
        'masked_fill(Tensor mask, Tensor value)',
        'masked_fill(Tensor mask, Scalar value)',)),
    'masked_fill_': ((),
        (
        'masked_fill_(Tensor mask, Tensor value)',
        'masked_fill_(Tensor mask, Scalar value)',)),
    'gather': ((
        'gather(Tensor input, int64_t dim, Tensor index, *, bool sparse_grad=False, Tensor out=None)',),
        (
        'gather(int64_t dim, Tensor index, *, bool sparse_grad=False)',)),
    'take_along_dim': ((
        'take_along_dim(Tensor input, Tensor indices, int64_t? dim=None, *, Tensor out=None)',),
        (
        'take_along_dim(Tensor indices, int64_t? dim=None)',)),
    'select': ((
        'select(Tensor input, int64_t dim, SymInt index)',),
        (
        'select(int64_t dim, SymInt index)',)),
})

# the linalg products, torch.linalg and the scatter / index family
from ._signatures_linalg import LINALG_SIGNATURES  # noqa: E402

SIGNATURES.update(LINALG_SIGNATURES)
