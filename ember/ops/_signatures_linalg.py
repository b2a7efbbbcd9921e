"""torch's Python signatures of the linalg products, ``torch.linalg`` and the scatter / index family (see
``_signatures``, which merges them into ``SIGNATURES``). Data only."""

LINALG_SIGNATURES = {
    # issue 7's linalg / scatter families (the deprecated forms torch keeps for addmm & co: beta and alpha first)
    'addmm': ((
        'addmm(Tensor input, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1, Tensor out=None)',
        'addmm(Tensor input, Tensor mat1, Tensor mat2, ScalarType out_dtype, *, Scalar beta=1, Scalar alpha=1, '
        'Tensor out=None)',
        'addmm(Scalar beta, Tensor input, Scalar alpha, Tensor mat1, Tensor mat2, *, Tensor out=None)|deprecated',
        'addmm(Scalar beta, Tensor input, Tensor mat1, Tensor mat2, *, Tensor out=None)|deprecated',),
        (
        'addmm(Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1)',
        'addmm(Scalar beta, Scalar alpha, Tensor mat1, Tensor mat2)|deprecated',
        'addmm(Scalar beta, Tensor mat1, Tensor mat2)|deprecated',)),
    'addmv': ((
        'addmv(Tensor input, Tensor mat, Tensor vec, *, Scalar beta=1, Scalar alpha=1, Tensor out=None)',
        'addmv(Scalar beta, Tensor input, Scalar alpha, Tensor mat, Tensor vec, *, Tensor out=None)|deprecated',
        'addmv(Scalar beta, Tensor input, Tensor mat, Tensor vec, *, Tensor out=None)|deprecated',),
        (
        'addmv(Tensor mat, Tensor vec, *, Scalar beta=1, Scalar alpha=1)',
        'addmv(Scalar beta, Scalar alpha, Tensor mat, Tensor vec)|deprecated',
        'addmv(Scalar beta, Tensor mat, Tensor vec)|deprecated',)),
    'addbmm': ((
        'addbmm(Tensor input, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1, Tensor out=None)',
        'addbmm(Scalar beta, Tensor input, Scalar alpha, Tensor batch1, Tensor batch2, *, Tensor out=None)'
        '|deprecated',
        'addbmm(Scalar beta, Tensor input, Tensor batch1, Tensor batch2, *, Tensor out=None)|deprecated',),
        (
        'addbmm(Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1)',
        'addbmm(Scalar beta, Scalar alpha, Tensor batch1, Tensor batch2)|deprecated',
        'addbmm(Scalar beta, Tensor batch1, Tensor batch2)|deprecated',)),
    'baddbmm': ((
        'baddbmm(Tensor input, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1, Tensor out=None)',
        'baddbmm(Tensor input, Tensor batch1, Tensor batch2, ScalarType out_dtype, *, Scalar beta=1, '
        'Scalar alpha=1, Tensor out=None)',
        'baddbmm(Scalar beta, Tensor input, Scalar alpha, Tensor batch1, Tensor batch2, *, Tensor out=None)'
        '|deprecated',
        'baddbmm(Scalar beta, Tensor input, Tensor batch1, Tensor batch2, *, Tensor out=None)|deprecated',),
        (
        'baddbmm(Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1)',
        'baddbmm(Scalar beta, Scalar alpha, Tensor batch1, Tensor batch2)|deprecated',
        'baddbmm(Scalar beta, Tensor batch1, Tensor batch2)|deprecated',)),
    'addmm_': ((), (
        'addmm_(Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1)',
        'addmm_(Scalar beta, Scalar alpha, Tensor mat1, Tensor mat2)|deprecated',
        'addmm_(Scalar beta, Tensor mat1, Tensor mat2)|deprecated',)),
    'addmv_': ((), (
        'addmv_(Tensor mat, Tensor vec, *, Scalar beta=1, Scalar alpha=1)',
        'addmv_(Scalar beta, Scalar alpha, Tensor mat, Tensor vec)|deprecated',
        'addmv_(Scalar beta, Tensor mat, Tensor vec)|deprecated',)),
    'addbmm_': ((), (
        'addbmm_(Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1)',
        'addbmm_(Scalar beta, Scalar alpha, Tensor batch1, Tensor batch2)|deprecated',
        'addbmm_(Scalar beta, Tensor batch1, Tensor batch2)|deprecated',)),
    'baddbmm_': ((), (
        'baddbmm_(Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1)',
        'baddbmm_(Scalar beta, Scalar alpha, Tensor batch1, Tensor batch2)|deprecated',
        'baddbmm_(Scalar beta, Tensor batch1, Tensor batch2)|deprecated',)),
    'scatter': ((
        'scatter(Tensor input, int64_t dim, Tensor index, Tensor src, *, Tensor out=None)',
        'scatter(Tensor input, int64_t dim, Tensor index, Tensor src, *, c10::string_view reduce, Tensor out=None)',
        'scatter(Tensor input, int64_t dim, Tensor index, Scalar value, *, Tensor out=None)',
        'scatter(Tensor input, int64_t dim, Tensor index, Scalar value, *, c10::string_view reduce, '
        'Tensor out=None)',),
        (
        'scatter(int64_t dim, Tensor index, Tensor src)',
        'scatter(int64_t dim, Tensor index, Tensor src, *, c10::string_view reduce)',
        'scatter(int64_t dim, Tensor index, Scalar value)',
        'scatter(int64_t dim, Tensor index, Scalar value, *, c10::string_view reduce)',)),
    'scatter_': ((), (
        'scatter_(int64_t dim, Tensor index, Tensor src)',
        'scatter_(int64_t dim, Tensor index, Tensor src, *, c10::string_view reduce)',
        'scatter_(int64_t dim, Tensor index, Scalar value)',
        'scatter_(int64_t dim, Tensor index, Scalar value, *, c10::string_view reduce)',)),
    'scatter_add': ((
        'scatter_add(Tensor input, int64_t dim, Tensor index, Tensor src, *, Tensor out=None)',),
        (
        'scatter_add(int64_t dim, Tensor index, Tensor src)',)),
    'scatter_add_': ((), (
        'scatter_add_(int64_t dim, Tensor index, Tensor src)',)),
    'scatter_reduce': ((
        'scatter_reduce(Tensor input, int64_t dim, Tensor index, Tensor src, c10::string_view reduce, *, '
        'bool include_self=True, Tensor out=None)',),
        (
        'scatter_reduce(int64_t dim, Tensor index, Tensor src, c10::string_view reduce, *, bool include_self=True)',)),
    'scatter_reduce_': ((), (
        'scatter_reduce_(int64_t dim, Tensor index, Tensor src, c10::string_view reduce, *, '
        'bool include_self=True)',)),
    'index_add': ((
        'index_add(Tensor input, int64_t dim, Tensor index, Tensor source, *, Scalar alpha=1, Tensor out=None)',),
        (
        'index_add(int64_t dim, Tensor index, Tensor source, *, Scalar alpha=1)',)),
    'index_add_': ((), (
        'index_add_(int64_t dim, Tensor index, Tensor source, *, Scalar alpha=1)',)),
    'ger': ((
        'ger(Tensor input, Tensor vec2, *, Tensor out=None)',),
        (
        'ger(Tensor vec2)',)),
    'take': ((
        'take(Tensor input, Tensor index, *, Tensor out=None)',),
        (
        'take(Tensor index)',)),
    # torch.linalg: functions only, named linalg_* in the parser's words
    'linalg_inv': (('linalg_inv(Tensor A, *, Tensor out=None)',), ()),
    'linalg_inv_ex': (('linalg_inv_ex(Tensor A, *, bool check_errors=False, TensorList[2] out=None)',), ()),
    'linalg_det': (('linalg_det(Tensor A, *, Tensor out=None)',), ()),
    'linalg_slogdet': (('linalg_slogdet(Tensor A, *, TensorList[2] out=None)',), ()),
    'linalg_solve': (('linalg_solve(Tensor A, Tensor B, *, bool left=True, Tensor out=None)',), ()),
    'linalg_norm': ((
        'linalg_norm(Tensor input, Scalar? ord=None, IntArrayRef[1]? dim=None, bool keepdim=False, *, '
        'ScalarType? dtype=None, Tensor out=None)',
        'linalg_norm(Tensor input, c10::string_view ord, IntArrayRef[1]? dim=None, bool keepdim=False, *, '
        'ScalarType? dtype=None, Tensor out=None)',), ()),
    'linalg_vector_norm': ((
        'linalg_vector_norm(Tensor input, Scalar ord=2, IntArrayRef[1]? dim=None, bool keepdim=False, *, '
        'ScalarType? dtype=None, Tensor out=None)',), ()),
    'linalg_matrix_norm': ((
        'linalg_matrix_norm(Tensor input, Scalar ord, IntArrayRef dim={-2,-1}, bool keepdim=False, *, '
        'ScalarType? dtype=None, Tensor out=None)',
        'linalg_matrix_norm(Tensor input, c10::string_view ord="fro", IntArrayRef dim={-2,-1}, bool keepdim=False, '
        '*, ScalarType? dtype=None, Tensor out=None)',), ()),
    'linalg_cholesky': (('linalg_cholesky(Tensor input, *, bool upper=False, Tensor out=None)',), ()),
    'linalg_cholesky_ex': ((
        'linalg_cholesky_ex(Tensor input, *, bool upper=False, bool check_errors=False, TensorList[2] out=None)',),
        ()),
    'linalg_qr': (('linalg_qr(Tensor A, c10::string_view mode="reduced", *, TensorList[2] out=None)',), ()),
    'linalg_svd': ((
        'linalg_svd(Tensor A, bool full_matrices=True, *, c10::string_view? driver=None, TensorList[3] out=None)',),
        ()),
    'linalg_svdvals': (('linalg_svdvals(Tensor A, *, c10::string_view? driver=None, Tensor out=None)',), ()),
    # the deprecated factorizations torch keeps at top level (ops/linalg_lu.py's *_legacy)
    'qr': (('qr(Tensor input, bool some=True, *, TensorList[2] out=None)',), ('qr(bool some=True)',)),
    'svd': (('svd(Tensor input, bool some=True, bool compute_uv=True, *, TensorList[3] out=None)',),
            ('svd(bool some=True, bool compute_uv=True)',)),
    'cholesky': (('cholesky(Tensor input, bool upper=False, *, Tensor out=None)',), ('cholesky(bool upper=False)',)),
    'lu_solve': (('lu_solve(Tensor input, Tensor LU_data, Tensor LU_pivots, *, Tensor out=None)',),
                 ('lu_solve(Tensor LU_data, Tensor LU_pivots)',)),
    'linalg_cond': (('linalg_cond(Tensor input, Scalar? p=None, *, Tensor out=None)',
                     'linalg_cond(Tensor input, c10::string_view p, *, Tensor out=None)'), ()),
    'linalg_matrix_exp': (('linalg_matrix_exp(Tensor input)',), ()),
    'linalg_eigh': (('linalg_eigh(Tensor input, c10::string_view UPLO="L", *, TensorList[2] out=None)',), ()),
    'linalg_eigvalsh': (('linalg_eigvalsh(Tensor input, c10::string_view UPLO="L", *, Tensor out=None)',), ()),
    'linalg_eig': (('linalg_eig(Tensor input, *, TensorList[2] out=None)',), ()),
    'linalg_eigvals': (('linalg_eigvals(Tensor input, *, Tensor out=None)',), ()),
    'linalg_pinv': ((
        'linalg_pinv(Tensor input, *, Tensor? atol=None, Tensor? rtol=None, bool hermitian=False, Tensor out=None)',
        'linalg_pinv(Tensor input, *, double? atol=None, double? rtol=None, bool hermitian=False, Tensor out=None)',
        'linalg_pinv(Tensor input, Tensor rcond, bool hermitian=False, *, Tensor out=None)',
        'linalg_pinv(Tensor input, double rcond, bool hermitian=False, *, Tensor out=None)',), ()),
    'linalg_matrix_rank': ((
        'linalg_matrix_rank(Tensor input, *, Tensor? atol=None, Tensor? rtol=None, bool hermitian=False, '
        'Tensor out=None)',
        'linalg_matrix_rank(Tensor input, *, double? atol=None, double? rtol=None, bool hermitian=False, '
        'Tensor out=None)',
        'linalg_matrix_rank(Tensor input, Tensor tol, bool hermitian=False, *, Tensor out=None)',
        'linalg_matrix_rank(Tensor input, double tol, bool hermitian=False, *, Tensor out=None)',), ()),
    'linalg_matrix_power': (('linalg_matrix_power(Tensor input, int64_t n, *, Tensor out=None)',), ()),
    'linalg_lstsq': ((
        'linalg_lstsq(Tensor input, Tensor b, double? rcond=None, *, c10::string_view? driver=None, '
        'TensorList[4] out=None)',), ()),
    'linalg_cross': (('linalg_cross(Tensor input, Tensor other, *, int64_t dim=-1, Tensor out=None)',), ()),
    'linalg_multi_dot': (('linalg_multi_dot(TensorList tensors, *, Tensor out=None)',), ()),
    'linalg_matmul': (('linalg_matmul(Tensor input, Tensor other, *, Tensor out=None)',), ()),
    'linalg_lu': (('linalg_lu(Tensor A, *, bool pivot=True, TensorList[3] out=None)',), ()),
    'linalg_lu_factor': (('linalg_lu_factor(Tensor A, *, bool pivot=True, TensorList[2] out=None)',), ()),
    'linalg_lu_factor_ex': ((
        'linalg_lu_factor_ex(Tensor A, *, bool pivot=True, bool check_errors=False, TensorList[3] out=None)',), ()),
    'linalg_lu_solve': ((
        'linalg_lu_solve(Tensor LU, Tensor pivots, Tensor B, *, bool left=True, bool adjoint=False, '
        'Tensor out=None)',), ()),
}
