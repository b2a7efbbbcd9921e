"""Higher-order gradients: create_graph=True records the backward pass itself, so it can be
differentiated again. Derivatives of f(x) = x**3 * sin(x), a Hessian, and a Hessian-vector product.

Run: python examples/higher_order.py
"""
import ember as torch
from ember.autograd.functional import hessian, hvp

x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
f = x ** 3 * torch.sin(x)
(d1,) = torch.autograd.grad(f, x, create_graph=True)     # d1 has a grad_fn: it is differentiable
(d2,) = torch.autograd.grad(d1, x, create_graph=True)
(d3,) = torch.autograd.grad(d2, x)
print(f"f'(x)   = {d1.item():.6f}   (3x²sin x + x³cos x)")
print(f"f''(x)  = {d2.item():.6f}")
print(f"f'''(x) = {d3.item():.6f}")
print("d1.grad_fn:", d1.grad_fn.name())

# the same formula, checked by hand
s, c = torch.sin(x.detach()), torch.cos(x.detach())
xd = x.detach()
print(f"by hand f''(x) = {(6 * xd * s + 6 * xd ** 2 * c - xd ** 3 * s).item():.6f}")


def energy(p):
    return (p[0] ** 2 * p[1] + p[1] ** 3).sum()


p = torch.tensor([1.0, 2.0], dtype=torch.float64)
print("hessian:", hessian(energy, p))
print("hvp:", hvp(energy, p, torch.tensor([1.0, 0.0], dtype=torch.float64))[1])
