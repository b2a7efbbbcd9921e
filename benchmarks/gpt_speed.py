"""A small GPT training step (nanoGPT shape: 4 layers, 4 heads, 128 wide, block 64, batch 16, vocab 65).

One step is forward, cross-entropy, backward and ``AdamW.step()``; ember vs torch at one thread, in CPU
time (``time.process_time``). Each round times ``--steps`` steps of each library, the order alternating
between rounds (ABBA) so drift hits both alike; the ratio is taken within each round, and the median
ratio and its spread are printed. Both start from the same weights (ember loads torch's state dict).
Run: ``python benchmarks/gpt_speed.py``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")        # before NumPy/torch load their thread pools
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import torch  # noqa: E402

import ember  # noqa: E402
from benchmarks._rounds import interleaved, ratios as round_ratios  # noqa: E402

VOCAB, BLOCK, WIDTH, HEADS, LAYERS, BATCH = 65, 64, 128, 4, 4, 16


def gpt(m):
    """nanoGPT's model, written once against a module ``m`` (ember or torch)."""
    nn, F = m.nn, m.nn.functional

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln_1, self.ln_2 = nn.LayerNorm(WIDTH), nn.LayerNorm(WIDTH)
            self.c_attn, self.c_proj = nn.Linear(WIDTH, 3 * WIDTH), nn.Linear(WIDTH, WIDTH)
            self.c_fc, self.mlp_proj = nn.Linear(WIDTH, 4 * WIDTH), nn.Linear(4 * WIDTH, WIDTH)

        def forward(self, x):
            b, t, c = x.shape
            q, k, v = self.c_attn(self.ln_1(x)).split(WIDTH, dim=2)
            q, k, v = (z.view(b, t, HEADS, c // HEADS).transpose(1, 2) for z in (q, k, v))
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            x = x + self.c_proj(y.transpose(1, 2).contiguous().view(b, t, c))
            return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x))))

    class GPT(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte, self.wpe = nn.Embedding(VOCAB, WIDTH), nn.Embedding(BLOCK, WIDTH)
            self.h = nn.ModuleList([Block() for _ in range(LAYERS)])
            self.ln_f = nn.LayerNorm(WIDTH)
            self.lm_head = nn.Linear(WIDTH, VOCAB, bias=False)

        def forward(self, idx, targets):
            x = self.wte(idx) + self.wpe(m.arange(idx.shape[1]))
            for block in self.h:
                x = block(x)
            logits = self.lm_head(self.ln_f(x))
            return F.cross_entropy(logits.view(-1, VOCAB), targets.view(-1))

    return GPT()


def make(m, state=None):
    model = gpt(m)
    if state is not None:
        model.load_state_dict({k: m.from_numpy(v.copy()) for k, v in state.items()})
    opt = m.optim.AdamW(model.parameters(), lr=1e-3)
    rng = np.random.default_rng(0)
    x = m.from_numpy(rng.integers(0, VOCAB, (BATCH, BLOCK)))
    y = m.from_numpy(rng.integers(0, VOCAB, (BATCH, BLOCK)))

    def step() -> float:
        opt.zero_grad()
        loss = model(x, y)
        loss.backward()
        opt.step()
        return loss.item()
    return step


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=6)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    state = {k: v.detach().numpy().copy() for k, v in gpt(torch).state_dict().items()}
    e_step, t_step = make(ember, state), make(torch, state)
    losses = [(e_step(), t_step()) for _ in range(2)]     # warm up; also a parity check of the first steps
    times = interleaved({"ember": e_step, "torch": t_step}, args.steps, args.rounds)
    ratios = round_ratios(times, "ember", "torch")
    e_ms, t_ms = [t * 1e3 for t in times["ember"]], [t * 1e3 for t in times["torch"]]
    n = sum(p.numel() for p in gpt(torch).parameters())
    print(f"GPT training step ({LAYERS} layers, {HEADS} heads, width {WIDTH}, block {BLOCK}, batch {BATCH}; "
          f"{n:,} parameters; AdamW); CPU ms per step, {args.rounds} rounds x {args.steps} steps; "
          f"torch {torch.__version__} at 1 thread")
    print(f"ember {statistics.median(e_ms):9.1f}  torch@1 {statistics.median(t_ms):9.1f}  ratio "
          f"{statistics.median(ratios):.2f}x (min {min(ratios):.2f}, max {max(ratios):.2f})")
    print("first losses (ember, torch):", ", ".join(f"({a:.5f}, {b:.5f})" for a, b in losses))


if __name__ == "__main__":
    main()
