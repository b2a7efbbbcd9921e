"""Linear regression two ways: by hand with autograd (requires_grad, backward, no_grad updates),
then with nn.Linear, nn.MSELoss and optim.SGD. Both recover y = 3x + 2 from noisy samples.

Run: python examples/regression.py
"""
import ember as torch
from ember import nn, optim

torch.manual_seed(0)
x = torch.linspace(-1, 1, 64).unsqueeze(1)
y = 3 * x + 2 + 0.1 * torch.randn(64, 1)

# 1. by hand: the parameters are leaves that require grad
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for step in range(200):
    loss = ((x * w + b - y) ** 2).mean()
    loss.backward()                     # fills w.grad and b.grad
    with torch.no_grad():               # the update itself is not part of the graph
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
    w.grad.zero_()
    b.grad.zero_()
    if step % 50 == 0:
        print(f"step {step:3d}  loss {loss.item():.4f}")
print(f"by hand:   w = {w.item():.3f}, b = {b.item():.3f}")

# 2. the same with a module, a loss and an optimizer
model = nn.Linear(1, 1)
opt = optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.MSELoss()
for step in range(200):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
print(f"nn.Linear: w = {model.weight.item():.3f}, b = {model.bias.item():.3f}, loss {loss.item():.4f}")
