"""User-style code that mypy must type without errors (tests/test_typing.py runs mypy on it).

Each ``assert_type`` fails type checking if ember's annotations or its method table stop giving
the type a torch user expects; nothing here is run by pytest.
"""
from typing import assert_type

import ember
import ember.nn.functional as F
from ember import Tensor

x = ember.ones(2, requires_grad=True)
w = ember.randn(2, 3)

assert_type(ember.ones(2) * 2, Tensor)
assert_type(2 * ember.ones(2), Tensor)
assert_type(x.exp().sum(), Tensor)
x.exp().sum().backward()
assert_type(F.relu(x), Tensor)
assert_type(ember.nn.functional.relu(x), Tensor)
assert_type(-x + x ** 2 / 3 - 1, Tensor)
assert_type(x @ w, Tensor)
assert_type(x[0], Tensor)
assert_type(x == 1, Tensor)
assert_type(x.float().double(), Tensor)
assert_type(x.grad, Tensor | None)
assert_type(x.shape, ember.Size)
assert_type(x.requires_grad, bool)
assert_type(x.view(1, 2).reshape(2).unsqueeze(0).t(), Tensor)
assert_type(ember.tensor([1.0, 2.0]).clamp(min=0.0).mean(), Tensor)

loss = F.mse_loss(x, ember.zeros(2))
loss.backward()
with ember.no_grad():
    x -= 0.1 * x.grad if x.grad is not None else 0.0
n: float = loss.item()
