"""ember.optim.lr_scheduler against torch 2.13: the same sequence of learning rates (and momenta),
float for float, over many steps; state_dict/load_state_dict resuming; torch's warnings and errors."""
from __future__ import annotations

import copy
import warnings

import pytest
import torch

import ember

LIBS = {"ember": ember, "torch": torch}


def opt_for(lib, kind="SGD", groups=2):
    ps = [lib.nn.Parameter(lib.ones(2)) for _ in range(groups)]
    if kind == "SGD":
        return lib.optim.SGD([{"params": [p], "lr": 0.1 * (i + 1)} for i, p in enumerate(ps)], lr=0.1, momentum=0.9)
    return lib.optim.Adam([{"params": [p], "lr": 0.01 * (i + 1)} for i, p in enumerate(ps)])


def lam(e):
    return 0.95 ** e


def mult(e):
    return 0.99 if e % 3 else 0.9


BUILD = {
    "LambdaLR": lambda m, o: m.optim.lr_scheduler.LambdaLR(o, lam),
    "LambdaLR-list": lambda m, o: m.optim.lr_scheduler.LambdaLR(o, [lam, lambda e: 1 / (e + 1)]),
    "MultiplicativeLR": lambda m, o: m.optim.lr_scheduler.MultiplicativeLR(o, mult),
    "StepLR": lambda m, o: m.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5),
    "MultiStepLR": lambda m, o: m.optim.lr_scheduler.MultiStepLR(o, milestones=[5, 20, 20, 60], gamma=0.3),
    "ConstantLR": lambda m, o: m.optim.lr_scheduler.ConstantLR(o, factor=0.25, total_iters=13),
    "LinearLR": lambda m, o: m.optim.lr_scheduler.LinearLR(o, start_factor=0.1, end_factor=0.9, total_iters=37),
    "ExponentialLR": lambda m, o: m.optim.lr_scheduler.ExponentialLR(o, gamma=0.97),
    "PolynomialLR": lambda m, o: m.optim.lr_scheduler.PolynomialLR(o, total_iters=60, power=2.0),
    "CosineAnnealingLR": lambda m, o: m.optim.lr_scheduler.CosineAnnealingLR(o, T_max=17, eta_min=0.001),
    "CosineAnnealingWarmRestarts": lambda m, o: m.optim.lr_scheduler.CosineAnnealingWarmRestarts(
        o, T_0=5, T_mult=2, eta_min=0.01),
    "CosineAnnealingWarmRestarts-1": lambda m, o: m.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=9),
    "CyclicLR": lambda m, o: m.optim.lr_scheduler.CyclicLR(o, base_lr=0.01, max_lr=[0.1, 0.2], step_size_up=7),
    "CyclicLR-tri2": lambda m, o: m.optim.lr_scheduler.CyclicLR(o, 0.01, 0.1, step_size_up=5, step_size_down=9,
                                                                mode="triangular2"),
    "CyclicLR-exp": lambda m, o: m.optim.lr_scheduler.CyclicLR(o, 0.01, 0.1, step_size_up=6, mode="exp_range",
                                                               gamma=0.98),
    "OneCycleLR": lambda m, o: m.optim.lr_scheduler.OneCycleLR(o, max_lr=[0.5, 1.0], total_steps=150),
    "OneCycleLR-3": lambda m, o: m.optim.lr_scheduler.OneCycleLR(o, max_lr=0.3, epochs=10, steps_per_epoch=15,
                                                                 anneal_strategy="linear", three_phase=True),
    "SequentialLR": lambda m, o: m.optim.lr_scheduler.SequentialLR(
        o, [m.optim.lr_scheduler.LinearLR(o, start_factor=0.1, total_iters=10),
            m.optim.lr_scheduler.CosineAnnealingLR(o, T_max=40),
            m.optim.lr_scheduler.ExponentialLR(o, gamma=0.9)], milestones=[10, 60]),
    "ChainedScheduler": lambda m, o: m.optim.lr_scheduler.ChainedScheduler(
        [m.optim.lr_scheduler.ConstantLR(o, factor=0.1, total_iters=4),
         m.optim.lr_scheduler.ExponentialLR(o, gamma=0.95)]),
}


def lr_sequence(lib, name, kind="SGD", steps=150):
    opt = opt_for(lib, kind)
    sched = BUILD[name](lib, opt)
    seq = [(sched.get_last_lr(), [g["lr"] for g in opt.param_groups],
            [g.get("momentum", g.get("betas")) for g in opt.param_groups])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(steps):
            opt.step()
            sched.step()
            seq.append((sched.get_last_lr(), [g["lr"] for g in opt.param_groups],
                        [g.get("momentum", g.get("betas")) for g in opt.param_groups]))
    return seq


@pytest.mark.parametrize("kind", ["SGD", "Adam"])
@pytest.mark.parametrize("name", list(BUILD))
def test_lr_sequence_matches_torch(name, kind):
    assert lr_sequence(ember, name, kind) == lr_sequence(torch, name, kind)


@pytest.mark.parametrize("name", ["StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR",
                                  "PolynomialLR", "CosineAnnealingLR", "CosineAnnealingWarmRestarts"])
def test_step_with_epoch_uses_closed_form_as_torch(name):
    out = {}
    for key, lib in LIBS.items():
        opt = opt_for(lib)
        sched = BUILD[name](lib, opt)
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter("always")
            seq = []
            for e in (3, 8, 1, 25, 40, 13):
                opt.step()
                sched.step(e)
                seq.append(sched.get_last_lr())
        out[key] = (seq, [str(w.message) for w in ws])
    assert out["ember"] == out["torch"]


def test_reduce_lr_on_plateau_matches_torch():
    metrics = [1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.8, 0.81, 0.82, 0.83, 0.84, 0.85] * 6
    out = {}
    for key, lib in LIBS.items():
        seqs = []
        for kw in ({"patience": 2}, {"mode": "max", "factor": 0.5, "patience": 1, "cooldown": 2},
                   {"threshold_mode": "abs", "threshold": 0.05, "patience": 0, "min_lr": [0.05, 0.01]}):
            opt = opt_for(lib)
            sched = lib.optim.lr_scheduler.ReduceLROnPlateau(opt, **kw)
            seq = []
            for m in metrics:
                opt.step()
                sched.step(m)
                seq.append((sched.get_last_lr(), sched.num_bad_epochs, sched.best, sched.cooldown_counter))
            seqs.append(seq)
        out[key] = seqs
    assert out["ember"] == out["torch"]


def test_warning_when_scheduler_steps_first():
    out = {}
    for key, lib in LIBS.items():
        opt = opt_for(lib)
        sched = lib.optim.lr_scheduler.StepLR(opt, 3)
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter("always")
            sched.step()
            opt.step()
            sched.step()
        ok = opt_for(lib)
        s2 = lib.optim.lr_scheduler.StepLR(ok, 3)
        with warnings.catch_warnings(record=True) as ws2:
            warnings.simplefilter("always")
            ok.step()
            s2.step()
            s2.get_lr()
        out[key] = ([str(w.message) for w in ws], [str(w.message) for w in ws2])
    assert out["ember"] == out["torch"]
    assert len(out["torch"][0]) == 1 and "before `optimizer.step()`" in out["torch"][0][0]
    assert out["torch"][1] == ["To get the last learning rate computed by the scheduler, please use `get_last_lr()`."]


@pytest.mark.parametrize("name", ["StepLR", "CosineAnnealingLR", "CyclicLR", "OneCycleLR", "SequentialLR",
                                  "LambdaLR", "CosineAnnealingWarmRestarts"])
def test_state_dict_resumes_as_torch(name):
    def run(lib):
        opt = opt_for(lib)
        sched = BUILD[name](lib, opt)
        for _ in range(30):
            opt.step()
            sched.step()
        sd = copy.deepcopy(sched.state_dict())
        osd = copy.deepcopy(opt.state_dict())
        opt2 = opt_for(lib)
        sched2 = BUILD[name](lib, opt2)
        opt2.load_state_dict(osd)
        sched2.load_state_dict(sd)
        seq = []
        for _ in range(40):
            opt2.step()
            sched2.step()
            seq.append(sched2.get_last_lr())
        keys = sorted(k for k in sd if k not in ("_schedulers",))
        return seq, keys
    assert run(ember) == run(torch)


ERRS = {
    "not optimizer": lambda m, o: m.optim.lr_scheduler.StepLR(object(), 3),
    "resume": lambda m, o: m.optim.lr_scheduler.StepLR(o, 3, last_epoch=5),
    "constant factor": lambda m, o: m.optim.lr_scheduler.ConstantLR(o, factor=2.0),
    "linear start": lambda m, o: m.optim.lr_scheduler.LinearLR(o, start_factor=0),
    "linear end": lambda m, o: m.optim.lr_scheduler.LinearLR(o, end_factor=2),
    "lambdas": lambda m, o: m.optim.lr_scheduler.LambdaLR(o, [lam]),
    "mult callable": lambda m, o: m.optim.lr_scheduler.MultiplicativeLR(o, 3),
    "plateau factor": lambda m, o: m.optim.lr_scheduler.ReduceLROnPlateau(o, factor=1.0),
    "plateau mode": lambda m, o: m.optim.lr_scheduler.ReduceLROnPlateau(o, mode="up"),
    "plateau min_lr": lambda m, o: m.optim.lr_scheduler.ReduceLROnPlateau(o, min_lr=[0.1]),
    "warm T_0": lambda m, o: m.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=0),
    "warm T_mult": lambda m, o: m.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=0),
    "cyclic mode": lambda m, o: m.optim.lr_scheduler.CyclicLR(o, 0.1, 1.0, mode="x"),
    "cyclic max_lr": lambda m, o: m.optim.lr_scheduler.CyclicLR(o, 0.1, [1.0]),
    "onecycle steps": lambda m, o: m.optim.lr_scheduler.OneCycleLR(o, 0.1),
    "onecycle total": lambda m, o: m.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=0),
    "onecycle pct": lambda m, o: m.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=10, pct_start=1.5),
    "onecycle anneal": lambda m, o: m.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=10, anneal_strategy="x"),
    "onecycle past end": lambda m, o: (lambda s: [s.step() for _ in range(3)])(
        m.optim.lr_scheduler.OneCycleLR(o, 0.1, total_steps=2)),
    "sequential milestones": lambda m, o: m.optim.lr_scheduler.SequentialLR(
        o, [m.optim.lr_scheduler.StepLR(o, 2)], milestones=[3]),
    "sequential empty": lambda m, o: m.optim.lr_scheduler.SequentialLR(o, [], milestones=[]),
    "chained plateau": lambda m, o: m.optim.lr_scheduler.ChainedScheduler(
        [m.optim.lr_scheduler.ReduceLROnPlateau(o)]),
}


@pytest.mark.parametrize("case", list(ERRS))
def test_errors_match_torch(case):
    out = {}
    for key, lib in LIBS.items():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ERRS[case](lib, opt_for(lib))
            out[key] = None
        except Exception as exc:  # noqa: BLE001
            out[key] = (type(exc).__name__, str(exc))
    assert out["torch"] is not None
    assert out["ember"] == out["torch"]


def test_tensor_lr_is_filled_in_place():
    out = {}
    for key, lib in LIBS.items():
        p = lib.nn.Parameter(lib.ones(2))
        lr = lib.tensor(0.1)
        opt = lib.optim.SGD([p], lr=lr)
        sched = lib.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
        for _ in range(3):
            opt.step()
            sched.step()
        out[key] = (opt.param_groups[0]["lr"] is lr, round(lr.item(), 7), [round(x.item(), 7) for x in
                                                                            sched.get_last_lr()])
    assert out["ember"] == out["torch"]
