"""A classifier on generated data: two interleaved spirals, an MLP (nn.Sequential), Adam, and a
DataLoader over a TensorDataset; prints the loss per epoch and the final accuracy.

Run: python examples/classifier.py
"""
import math

import ember as torch
from ember import nn, optim
from ember.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
n = 200                                  # points per class
t = torch.linspace(0.25, 1, n) * 2 * math.pi
spiral = torch.stack([t * torch.cos(t), t * torch.sin(t)], 1) / (2 * math.pi)
points = torch.cat([spiral, -spiral]) + 0.03 * torch.randn(2 * n, 2)
labels = torch.cat([torch.zeros(n), torch.ones(n)]).long()

loader = DataLoader(TensorDataset(points, labels), batch_size=40, shuffle=True)
model = nn.Sequential(nn.Linear(2, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 2))
opt = optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(20):
    total = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item() * len(xb)
    if epoch % 5 == 4:
        print(f"epoch {epoch + 1:2d}  loss {total / len(points):.3f}")

model.eval()
with torch.no_grad():
    accuracy = (model(points).argmax(1) == labels).float().mean().item()
print(f"accuracy {accuracy:.2f}")
