"""torch's Python signatures of the op surface's second round (``ops/surface_*.py``), in the form of
``_signatures`` (name -> (the function's signatures, the method's)); read by
``_parser.torch_args(..., table=SURFACE_SIGNATURES)``. Written from torch's schemas. Data only."""

_OUT = ", *, Tensor out=None)"

SURFACE_SIGNATURES = {
    'rsub': (('rsub(Tensor input, Tensor other, *, Scalar alpha=1)',
              'rsub(Tensor input, Scalar other, Scalar alpha=1)'), ()),
    'diff': (('diff(Tensor input, int64_t n=1, int64_t dim=-1, Tensor? prepend=None, Tensor? append=None' + _OUT,),
             ('diff(int64_t n=1, int64_t dim=-1, Tensor? prepend=None, Tensor? append=None)',)),
    'heaviside': (('heaviside(Tensor input, Tensor values' + _OUT,), ('heaviside(Tensor values)',)),
    'heaviside_': ((), ('heaviside_(Tensor values)',)),
    'gcd': (('gcd(Tensor input, Tensor other' + _OUT,), ('gcd(Tensor other)',)),
    'gcd_': (('gcd_(Tensor input, Tensor other)',), ('gcd_(Tensor other)',)),
    'lcm': (('lcm(Tensor input, Tensor other' + _OUT,), ('lcm(Tensor other)',)),
    'lcm_': (('lcm_(Tensor input, Tensor other)',), ('lcm_(Tensor other)',)),
    'ldexp': (('ldexp(Tensor input, Tensor other' + _OUT,), ('ldexp(Tensor other)',)),
    'ldexp_': (('ldexp_(Tensor input, Tensor other)',), ('ldexp_(Tensor other)',)),
    'nextafter': (('nextafter(Tensor input, Tensor other' + _OUT,), ('nextafter(Tensor other)',)),
    'nextafter_': ((), ('nextafter_(Tensor other)',)),
    'dist': (('dist(Tensor input, Tensor other, Scalar p=2)',), ('dist(Tensor other, Scalar p=2)',)),
    'renorm': (('renorm(Tensor input, Scalar p, int64_t dim, Scalar maxnorm' + _OUT,),
               ('renorm(Scalar p, int64_t dim, Scalar maxnorm)',)),
    'renorm_': ((), ('renorm_(Scalar p, int64_t dim, Scalar maxnorm)',)),
    'addr': (('addr(Tensor input, Tensor vec1, Tensor vec2, *, Scalar beta=1, Scalar alpha=1, Tensor out=None)',),
             ('addr(Tensor vec1, Tensor vec2, *, Scalar beta=1, Scalar alpha=1)',)),
    'addr_': ((), ('addr_(Tensor vec1, Tensor vec2, *, Scalar beta=1, Scalar alpha=1)',)),
    'cov': (('cov(Tensor input, *, int64_t correction=1, Tensor? fweights=None, Tensor? aweights=None)',),
            ('cov(*, int64_t correction=1, Tensor? fweights=None, Tensor? aweights=None)',)),
    'vander': (('vander(Tensor x, int64_t? N=None, bool increasing=False)',), ()),
    'combinations': (('combinations(Tensor input, int64_t r=2, bool with_replacement=False)',), ()),
    'select_scatter': (('select_scatter(Tensor input, Tensor src, int64_t dim, SymInt index)',),
                       ('select_scatter(Tensor src, int64_t dim, SymInt index)',)),
    'slice_scatter': (('slice_scatter(Tensor input, Tensor src, int64_t dim=0, SymInt? start=None, SymInt? end=None, '
                       'SymInt step=1)',),
                      ('slice_scatter(Tensor src, int64_t dim=0, SymInt? start=None, SymInt? end=None, '
                       'SymInt step=1)',)),
    'diagonal_scatter': (('diagonal_scatter(Tensor input, Tensor src, int64_t offset=0, int64_t dim1=0, '
                          'int64_t dim2=1)',),
                         ('diagonal_scatter(Tensor src, int64_t offset=0, int64_t dim1=0, int64_t dim2=1)',)),
    'matrix_exp': (('matrix_exp(Tensor input)',), ("|noargs",)),     # (a method of no arguments: Python's words)
    'narrow_copy': (('narrow_copy(Tensor input, int64_t dim, SymInt start, SymInt length' + _OUT,),
                    ('narrow_copy(int64_t dim, SymInt start, SymInt length)',)),
}
