"""``python -m ember``: the tour, in the seed article's order.

1. the article's interpreter session, replayed with ember used as torch (what PyTorch 2.13 prints);
2. the graph of ``z = w*x + b``: its nodes, then drawn as a text tree and written to ``ember-graph.svg``;
3. ``backward()`` and the leaves' grads, and the graph with the path the gradient took;
4. a small model (``ember.nn``, ``ember.optim``, ``DataLoader``) trained for a few seconds on
   generated data, with a progress bar and a loss plot (``ember-loss.svg``);
5. where to go next.

Transcript lines start with ``>>> `` and each transcript ends at a blank line; everything else is
narration (tests/test_seed.py replays the transcripts on torch and compares them line by line).
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import time
import warnings

import ember as torch

STEPS = 5


class Tour:
    """Prints the tour; ``quiet`` keeps only the step headings and the files written."""

    def __init__(self, out_dir: str, quiet: bool) -> None:
        self.out_dir = out_dir
        self.quiet = quiet

    def heading(self, n: int, title: str) -> None:
        print(("\n" if n > 1 else "") + f"== {n}/{STEPS}  {title} ==")

    def say(self, text: str = "") -> None:
        if not self.quiet:
            print(text)

    def show(self, prompt: str, value=None) -> None:
        """One interpreter line: the prompt and, as the REPL does, the repr of a non-None value."""
        if self.quiet:
            return
        print(">>> " + prompt)
        if value is not None:
            print(repr(value))

    def wrote(self, path: str, what: str) -> None:
        print(f"wrote {what}: {path}")

    def path(self, name: str) -> str:
        return os.path.abspath(os.path.join(self.out_dir, name))


def _warning_line(message, category, filename, lineno, file=None, line=None) -> None:
    # the REPL shows warnings as '<stdin>:1: UserWarning: ...'
    print(f"<stdin>:1: {category.__name__}: {message}")


def seed_session(tour: Tour) -> None:
    """Step 1: the session from the seed article, run on ember."""
    tour.heading(1, "ember, used as torch: the article's session, replayed")
    tour.show("import ember as torch")
    x = torch.ones(2)
    tour.show("x = torch.ones(2)")
    tour.show("x", x)
    tour.show("x.requires_grad", x.requires_grad)
    x.requires_grad = True
    tour.show("x.requires_grad = True")
    tour.show("x", x)
    z = 4 * x
    tour.show("z = 4*x")
    tour.show("z", z)
    tour.show("z.requires_grad", z.requires_grad)
    y = z.norm
    tour.show("y = z.norm")
    tour.show("y", y)
    y = z.norm()
    tour.show("y = z.norm()")
    tour.show("y", y)
    y.backward()
    tour.show("y.backward()")
    tour.show("x.grad", x.grad)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore" if tour.quiet else "always")
        old = warnings.showwarning
        warnings.showwarning = _warning_line
        try:
            if not tour.quiet:
                print(">>> z.grad")
            g = z.grad
            if g is not None and not tour.quiet:
                print(repr(g))
        finally:
            warnings.showwarning = old
    tour.show("z.retain_grad", z.retain_grad)


def graph_example(tour: Tour) -> dict:
    """Step 2: the classic z = w*x + b: its nodes, then the picture."""
    from ember import viz  # deferred: `import ember` does not load viz; the tour does, here
    tour.heading(2, "the graph of z = w*x + b: leaves, an intermediate, the output")
    x = torch.tensor([1., 2., 3.])
    tour.show("x = torch.tensor([1., 2., 3.])")
    w = torch.tensor([0.5, -1., 2.], requires_grad=True)
    tour.show("w = torch.tensor([0.5, -1., 2.], requires_grad=True)")
    b = torch.tensor(0.1, requires_grad=True)
    tour.show("b = torch.tensor(0.1, requires_grad=True)")
    z = w * x + b
    tour.show("z = w * x + b")
    tour.show("z", z)
    tour.show("z.grad_fn", z.grad_fn)
    tour.show("z.grad_fn.next_functions", z.grad_fn.next_functions)
    tour.show("z.grad_fn.next_functions[0][0].next_functions", z.grad_fn.next_functions[0][0].next_functions)
    tour.show("z.grad_fn.next_functions[0][0].next_functions[0][0].variable is w",
              z.grad_fn.next_functions[0][0].next_functions[0][0].variable is w)
    tour.show("z.grad_fn.next_functions[1][0].variable", z.grad_fn.next_functions[1][0].variable)
    tour.show("z.is_leaf, w.is_leaf, b.is_leaf, x.is_leaf", (z.is_leaf, w.is_leaf, b.is_leaf, x.is_leaf))
    tour.show("z.requires_grad, x.requires_grad", (z.requires_grad, x.requires_grad))
    names = {"x": x, "w": w, "b": b, "z": z}
    picture = viz.graph(z, params=names, show_saved=True)
    tour.say()
    tour.say("The same graph drawn, ember.viz.graph(z, params=..., show_saved=True): read from the output z")
    tour.say("down to the leaves w, b and x (x needs no grad: MulBackward0 only saved it).")
    tour.say(picture.to_text().rstrip("\n"))
    tour.wrote(picture.save(tour.path("ember-graph.svg")), "the picture (open it in a browser)")
    return {"x": x, "w": w, "b": b, "z": z}


def backward_step(tour: Tour, names: dict) -> None:
    """Step 3: backward() fills the leaves' .grad."""
    from ember import viz  # deferred: `import ember` does not load viz; the tour does, here
    tour.heading(3, "backward(): the chain rule, from the output back to the leaves' .grad")
    z, w, b, x = names["z"], names["w"], names["b"], names["x"]
    loss = z.sum()
    tour.show("loss = z.sum()")
    tour.show("loss", loss)
    loss.backward()
    tour.show("loss.backward()")
    tour.show("w.grad", w.grad)
    tour.show("b.grad", b.grad)
    tour.show("x.grad", x.grad)
    tour.say()
    tour.say("The graph after backward(): ✓ marks the nodes the gradient flowed through.")
    picture = viz.graph(loss, params=dict(names, loss=loss))
    tour.say(picture.to_text().rstrip("\n"))
    tour.wrote(picture.save(tour.path("ember-graph-backward.svg")), "the picture after backward()")


# ----------------------------------------------------------------------------------------------
def two_moons(n: int, generator) -> tuple:
    """Two interleaved half circles with noise: (points (n, 2), labels (n,)), made by ember."""
    half = n // 2
    t = torch.rand(n, generator=generator) * math.pi
    label = (torch.arange(n) >= half).long()
    flip = label.float()
    px = torch.cos(t) * (1 - 2 * flip) + flip                 # the lower moon is shifted and flipped
    py = torch.sin(t) * (1 - 2 * flip) + 0.5 * flip
    points = torch.stack([px, py], 1) + 0.1 * torch.randn(n, 2, generator=generator)
    return points, label


class Bar:
    """A progress bar: tqdm when installed, else a plain one (redrawn in place on a terminal)."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled, self.text, self.shown = total, 0, enabled, "", 0
        self.tty = sys.stdout.isatty()
        self.tqdm = None
        if enabled:
            try:
                from tqdm import tqdm  # deferred: optional, only for the bar's looks
                self.tqdm = tqdm(total=total, file=sys.stdout, ncols=72)
            except ImportError:
                pass

    def update(self, text: str) -> None:
        self.done += 1
        self.text = text
        if not self.enabled:
            return
        if self.tqdm is not None:
            self.tqdm.set_postfix_str(text)
            self.tqdm.update(1)
            return
        step = max(self.total // 4, 1)
        if self.tty or self.done % step == 0 or self.done == self.total:
            self._draw()

    def _draw(self) -> None:
        filled = 30 * self.done // self.total
        line = f"[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} {self.text}"
        print("\r" + line if self.tty else line, end="" if self.tty else "\n", flush=True)
        self.shown = self.done

    def close(self) -> None:
        if self.tqdm is not None:
            self.tqdm.close()
        elif self.enabled and self.tty:
            print()
        elif self.enabled and self.shown != self.done:     # stopped early (the time limit): the last state
            self._draw()


def train_step(tour: Tour, epochs: int = 40, seconds: float = 4.0) -> dict:
    """Step 4: a small classifier on two moons, trained with nn, optim and a DataLoader."""
    from ember import nn, optim, viz  # deferred: `import ember` loads neither; the tour does, here
    from ember.utils.data import DataLoader, TensorDataset  # deferred: step 4 only
    tour.heading(4, "a small model trained: nn.Sequential, optim.Adam, a DataLoader, two moons")
    gen = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    points, labels = two_moons(512, gen)
    loader = DataLoader(TensorDataset(points, labels), batch_size=64, shuffle=True, generator=gen)
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 2))
    opt = optim.Adam(model.parameters(), lr=0.02)
    loss_fn = nn.CrossEntropyLoss()
    tour.say(f"{model}")
    tour.say(f"{len(points)} points, {sum(p.numel() for p in model.parameters())} parameters, "
             f"up to {epochs} epochs or {seconds:g} s")
    losses = []
    bar = Bar(epochs, enabled=not tour.quiet)
    start = time.perf_counter()
    for _ in range(epochs):
        total = 0.0
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(xb)
        losses.append(total / len(points))
        bar.update(f"loss {losses[-1]:.4f}")
        if time.perf_counter() - start > seconds:
            break
    bar.close()
    with torch.no_grad():
        accuracy = (model(points).argmax(1) == labels).float().mean().item()
    tour.say(f"{len(losses)} epochs in {time.perf_counter() - start:.1f} s: loss {losses[0]:.4f} -> "
             f"{losses[-1]:.4f}, accuracy {accuracy:.1%}")
    plot = viz.line_plot(losses, title="two moons: training loss", xlabel="epoch", ylabel="cross-entropy")
    with open(tour.path("ember-loss.svg"), "w") as f:
        f.write(plot)
    tour.wrote(tour.path("ember-loss.svg"), "the loss plot")
    opt.zero_grad(set_to_none=True)            # so the picture's grads (and ✓ path) are this backward's
    sample = loss_fn(model(points[:4]), labels[:4])
    sample.backward()
    tour.wrote(viz.draw(sample, tour.path("ember-model-graph.svg"), params=model), "the model's graph")
    return {"losses": losses, "accuracy": accuracy}


def next_steps(tour: Tour) -> None:
    tour.heading(5, "where next")
    tour.say("docs/getting-started.md   install, a first graph, backward()")
    tour.say("docs/graphs.md            ember.viz: drawing graphs (text, SVG, DOT, PNG)")
    tour.say("docs/for-pytorch-users.md what matches torch, what differs")
    tour.say("examples/                 runnable scripts: the seed, a regression, a classifier, 2nd order")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ember",
        description="A guided tour of ember: the seed article's session, the graph of z = w*x + b drawn, "
                    "backward(), and a small model trained.")
    parser.add_argument("--out", metavar="DIR", default=".",
                        help="folder for the pictures (ember-graph.svg, ember-loss.svg...; default: here)")
    parser.add_argument("--no-train", action="store_true", help="skip step 4, the training")
    parser.add_argument("--quiet", action="store_true", help="print only the step headings and the files written")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    tour = Tour(args.out, args.quiet)
    seed_session(tour)
    names = graph_example(tour)
    backward_step(tour, names)
    if args.no_train:
        tour.heading(4, "a small model trained (skipped: --no-train)")
    else:
        train_step(tour)
    next_steps(tour)
    return 0


if __name__ == "__main__":
    sys.exit(main())
