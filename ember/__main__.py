"""``python -m ember``: the tour. Replays the seed's interpreter session with ember, then the
``z = w*x + b`` graph, printing what PyTorch 2.13 prints."""
from __future__ import annotations

import sys
import warnings

import ember as torch


def _show(prompt: str, value=None, echo: bool = True) -> None:
    print(">>> " + prompt)
    if echo and value is not None:
        print(repr(value))


def _warning_line(message, category, filename, lineno, file=None, line=None) -> None:
    # the REPL shows warnings as '<stdin>:1: UserWarning: ...'
    print(f"<stdin>:1: {category.__name__}: {message}")


def seed_session() -> None:
    """The session from the seed article, run on ember."""
    _show("import torch")
    x = torch.ones(2)
    _show("x = torch.ones(2)")
    _show("x", x)
    _show("x.requires_grad", x.requires_grad)
    x.requires_grad = True
    _show("x.requires_grad = True")
    _show("x", x)
    z = 4 * x
    _show("z = 4*x")
    _show("z", z)
    _show("z.requires_grad", z.requires_grad)
    y = z.norm
    _show("y = z.norm")
    _show("y", y)
    y = z.norm()
    _show("y = z.norm()")
    _show("y", y)
    y.backward()
    _show("y.backward()")
    _show("x.grad", x.grad)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        old = warnings.showwarning
        warnings.showwarning = _warning_line
        try:
            print(">>> z.grad")
            g = z.grad
            if g is not None:
                print(repr(g))
        finally:
            warnings.showwarning = old
    _show("z.retain_grad", z.retain_grad)


def graph_example() -> None:
    """The classic z = w*x + b: the graph, its nodes, and the gradients."""
    print()
    x = torch.tensor([1., 2., 3.])
    _show("x = torch.tensor([1., 2., 3.])")
    w = torch.tensor([0.5, -1., 2.], requires_grad=True)
    _show("w = torch.tensor([0.5, -1., 2.], requires_grad=True)")
    b = torch.tensor(0.1, requires_grad=True)
    _show("b = torch.tensor(0.1, requires_grad=True)")
    z = w * x + b
    _show("z = w * x + b")
    _show("z", z)
    _show("z.grad_fn", z.grad_fn)
    _show("z.grad_fn.next_functions", z.grad_fn.next_functions)
    _show("z.grad_fn.next_functions[0][0].next_functions", z.grad_fn.next_functions[0][0].next_functions)
    _show("z.grad_fn.next_functions[0][0].next_functions[0][0].variable is w",
          z.grad_fn.next_functions[0][0].next_functions[0][0].variable is w)
    _show("z.grad_fn.next_functions[1][0].variable", z.grad_fn.next_functions[1][0].variable)
    _show("z.is_leaf, w.is_leaf, b.is_leaf, x.is_leaf", (z.is_leaf, w.is_leaf, b.is_leaf, x.is_leaf))
    _show("z.requires_grad, x.requires_grad", (z.requires_grad, x.requires_grad))
    loss = z.sum()
    _show("loss = z.sum()")
    _show("loss", loss)
    loss.backward()
    _show("loss.backward()")
    _show("w.grad", w.grad)
    _show("b.grad", b.grad)
    _show("x.grad", x.grad)


def main() -> int:
    seed_session()
    graph_example()
    return 0


if __name__ == "__main__":
    sys.exit(main())
