"""The seed article's example, as a script: requires_grad spreads, grad_fn records the graph,
backward() fills the leaves' .grad; then the graph of z = w*x + b drawn (text and SVG).

Run: python examples/seed.py [--out DIR]
"""
import argparse
import os
import warnings

import ember as torch

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--out", default=".", help="where to write seed-graph.svg (default: here)")
args = parser.parse_args()

# the article's session: x is a leaf; z = 4*x inherits requires_grad; y = |z|
x = torch.ones(2)
print(x, x.requires_grad)               # tensor([1., 1.]) False
x.requires_grad = True
z = 4 * x
print(z, z.requires_grad)               # grad_fn=<MulBackward0> True
y = z.norm()
print(y)                                # grad_fn=<LinalgVectorNormBackward0>
y.backward()
print(x.grad)                           # dy/dx = 4 * 4x / |4x| = [2.8284, 2.8284]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(z.grad)                       # None: z is not a leaf (and torch warns)
print(caught[0].category.__name__, str(caught[0].message)[:45])

# the article's graph: leaves x, w, b; the intermediate w*x; the output z
x = torch.tensor([1., 2., 3.])
w = torch.tensor([0.5, -1., 2.], requires_grad=True)
b = torch.tensor(0.1, requires_grad=True)
z = w * x + b
print(z.grad_fn, z.grad_fn.next_functions[1][0].variable is b)
z.sum().backward()
print(w.grad, b.grad, x.grad)

print("-- the graph, drawn by ember.viz --")
from ember import viz  # noqa: E402  (torch has no built-in picture; ember does)

# after backward(): the leaves show their .grad, ✓ marks the path the gradient took. x needs no
# grad, so it is no node of the graph (before backward, show_saved=True shows it, as MulBackward0's
# saved `other`).
names = {"x": x, "w": w, "b": b, "z": z}
print(viz.to_text(z, params=names), end="")
path = viz.draw(z, os.path.join(args.out, "seed-graph.svg"), params=names)
print("wrote", path)
