"""ember.utils.data against live torch.utils.data: same batches, same shuffles, same errors."""
from __future__ import annotations

import collections
import os

import numpy as np
import pytest
import torch
import torch.utils.data as td

import ember
import ember.utils.data as ed

Point = collections.namedtuple("Point", ["x", "y"])


def plain(obj):
    """A comparable Python value for a (possibly nested) batch from either library."""
    if isinstance(obj, (torch.Tensor, ember.Tensor)):
        return ("T", str(obj.dtype), tuple(obj.shape), obj.tolist())
    if isinstance(obj, dict):
        return (type(obj).__name__, {k: plain(v) for k, v in obj.items()})
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return ("NT", type(obj).__name__, [plain(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, [plain(v) for v in obj])
    return obj


def both(fn):
    return plain(fn(torch, td)), plain(fn(ember, ed))


SAMPLES = {
    "ints": lambda lib: [1, 2, 3],
    "bools": lambda lib: [True, False],
    "floats": lambda lib: [1.5, 2.0],
    "strings": lambda lib: ["a", "b"],
    "bytes": lambda lib: [b"a", b"b"],
    "tensors": lambda lib: [lib.ones(2, 3), lib.zeros(2, 3)],
    "int tensors": lambda lib: [lib.tensor([1, 2]), lib.tensor([3, 4])],
    "0-d": lambda lib: [lib.tensor(1.0), lib.tensor(2.0)],
    "numpy": lambda lib: [np.ones((2, 2), np.float32), np.zeros((2, 2), np.float32)],
    "numpy int": lambda lib: [np.arange(3), np.arange(3)],
    "numpy scalars": lambda lib: [np.float32(1), np.float32(2)],
    "numpy int scalars": lambda lib: [np.int16(1), np.int16(2)],
    "dicts": lambda lib: [{"a": lib.ones(2), "b": 1, "s": "x"}, {"a": lib.zeros(2), "b": 2, "s": "y"}],
    "tuples": lambda lib: [(lib.ones(1), 2), (lib.zeros(1), 3)],
    "lists": lambda lib: [[1, 2.0], [3, 4.0]],
    "namedtuples": lambda lib: [Point(1, lib.ones(2)), Point(2, lib.zeros(2))],
    "nested": lambda lib: [{"p": [Point(1.0, (2, np.ones(2)))], "o": collections.OrderedDict(k=3)},
                           {"p": [Point(2.0, (4, np.zeros(2)))], "o": collections.OrderedDict(k=4)}],
}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_default_collate_matches_torch(name):
    t, e = both(lambda lib, data: data.default_collate(SAMPLES[name](lib)))
    assert t == e


@pytest.mark.parametrize("name", list(SAMPLES))
def test_default_convert_matches_torch(name):
    t, e = both(lambda lib, data: data.default_convert(SAMPLES[name](lib)))
    assert t == e


@pytest.mark.parametrize("batch", [[object(), object()], [[1, 2], [3]], [np.array(["a", "b"]), np.array(["c", "d"])],
                                   [None, None]])
def test_default_collate_errors_match_torch(batch):
    with pytest.raises(Exception) as te:
        td.default_collate(batch)
    with pytest.raises(type(te.value)) as ee:
        ed.default_collate(batch)
    assert str(ee.value).replace("ember", "torch") == str(te.value)


def test_tensor_dataset_concat_subset():
    def run(lib, data):
        x = lib.arange(12).reshape(6, 2)
        ds = data.TensorDataset(x, lib.arange(6))
        cat = data.ConcatDataset([ds, data.Subset(ds, [5, 0])])
        added = ds + ds
        return [len(ds), ds[2], len(cat), cat[6], cat[-1], cat[7], len(added), added[8],
                data.ConcatDataset.cumsum([ds, ds])]
    t, e = both(run)
    assert t == e
    with pytest.raises(AssertionError, match="Size mismatch"):
        ed.TensorDataset(ember.ones(2), ember.ones(3))
    with pytest.raises(AssertionError, match="empty"):
        ed.ConcatDataset([])


class Counting(ed.IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        info = ed.get_worker_info()
        if info is None:
            return iter(range(self.n))
        return iter(range(info.id, self.n, info.num_workers))

    def __len__(self):
        return self.n


class TCounting(td.IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        info = td.get_worker_info()
        if info is None:
            return iter(range(self.n))
        return iter(range(info.id, self.n, info.num_workers))

    def __len__(self):
        return self.n


def test_chain_dataset():
    e = list(ed.ChainDataset([Counting(3), Counting(2)]))
    t = list(td.ChainDataset([TCounting(3), TCounting(2)]))
    assert e == t and len(ed.ChainDataset([Counting(3), Counting(2)])) == 5


@pytest.mark.parametrize("lengths", [[3, 7], [0.3, 0.7], [0.33, 0.33, 0.34], [0.5, 0.5], [10, 0], [1, 2, 3, 4]])
def test_random_split_matches_torch(lengths):
    for seed in (0, 42):
        t = [list(s) for s in td.random_split(range(10), lengths, generator=torch.Generator().manual_seed(seed))]
        e = [list(s) for s in ed.random_split(range(10), lengths, generator=ember.Generator().manual_seed(seed))]
        assert t == e
    torch.manual_seed(3)
    ember.manual_seed(3)
    assert [list(s) for s in td.random_split(range(9), [4, 5])] == [list(s) for s in ed.random_split(range(9), [4, 5])]
    assert torch.rand(1).item() == ember.rand(1).item()


def test_random_split_errors():
    for bad in ([3, 3], [0.5, 0.6]):
        with pytest.raises(ValueError) as te:
            td.random_split(range(10), bad)
        with pytest.raises(ValueError, match=str(te.value)):
            ed.random_split(range(10), bad)
    with pytest.raises(ValueError, match="Fraction at index 0"):
        ed.random_split(range(10), [-0.5, 1.5])


def sampler_cases(lib, data, g):
    return {
        "sequential": list(data.SequentialSampler(range(5))),
        "random": list(data.RandomSampler(range(10), generator=g)),
        "random more": list(data.RandomSampler(range(4), num_samples=11, generator=g)),
        "random fewer": list(data.RandomSampler(range(10), num_samples=3, generator=g)),
        "replacement": list(data.RandomSampler(range(10), replacement=True, num_samples=70, generator=g)),
        "subset": list(data.SubsetRandomSampler([3, 8, 9, 11], generator=g)),
        "weighted": list(data.WeightedRandomSampler([0.1, 0.9, 0.4, 0.0], 30, generator=g)),
        "weighted norep": list(data.WeightedRandomSampler([0.1, 0.9, 0.4, 0.2], 4, replacement=False, generator=g)),
        "batch": list(data.BatchSampler(range(10), 3, False)),
        "batch drop": list(data.BatchSampler(range(10), 3, True)),
        "lens": [len(data.BatchSampler(range(10), 3, False)), len(data.BatchSampler(range(10), 3, True)),
                 len(data.RandomSampler(range(4), num_samples=11)), len(data.WeightedRandomSampler([1, 2], 5))],
    }


@pytest.mark.parametrize("seed", [0, 1, 123])
def test_samplers_match_torch(seed):
    assert sampler_cases(torch, td, torch.Generator().manual_seed(seed)) == \
        sampler_cases(ember, ed, ember.Generator().manual_seed(seed))
    torch.manual_seed(seed)
    ember.manual_seed(seed)
    assert sampler_cases(torch, td, None) == sampler_cases(ember, ed, None)
    assert torch.rand(3).tolist() == ember.rand(3).tolist()     # the global generator advanced alike


@pytest.mark.parametrize("make", [
    lambda data: data.RandomSampler(range(3), num_samples=0),
    lambda data: data.RandomSampler(range(3), replacement=1),
    lambda data: data.WeightedRandomSampler([1.0], 0),
    lambda data: data.WeightedRandomSampler([[1.0]], 2),
    lambda data: data.WeightedRandomSampler([1.0], 2, replacement=None),
    lambda data: data.BatchSampler(range(3), 0, False),
    lambda data: data.BatchSampler(range(3), True, False),
    lambda data: data.BatchSampler(range(3), 2, None),
])
def test_sampler_errors_match_torch(make):
    with pytest.raises(Exception) as te:
        make(td)
    with pytest.raises(type(te.value)) as ee:
        make(ed)
    assert str(ee.value) == str(te.value)


def loader_cases():
    return [
        dict(batch_size=3),
        dict(batch_size=3, drop_last=True),
        dict(batch_size=4, shuffle=True),
        dict(batch_size=None),
        dict(batch_size=None, shuffle=True),
        dict(batch_size=1),
        dict(batch_size=2, shuffle=True, drop_last=True),
        dict(sampler=[4, 1, 1, 0]),
        dict(batch_sampler=[[0, 1], [5], [2, 3, 4]]),
        dict(batch_size=3, collate_fn=lambda b: b),
        dict(batch_size=2, pin_memory=True),
    ]


@pytest.mark.filterwarnings("ignore:'pin_memory' argument")
@pytest.mark.parametrize("kw", loader_cases())
@pytest.mark.parametrize("seed", [0, 7])
def test_dataloader_matches_torch(kw, seed):
    def run(lib, data):
        lib.manual_seed(seed)
        ds = data.TensorDataset(lib.arange(10), lib.arange(10).float() * 0.5)
        loader = data.DataLoader(ds, **kw)
        return [len(loader), [b for b in loader], [b for b in loader], lib.rand(2)]
    t, e = both(run)
    assert t == e


def test_dataloader_generator_matches_torch():
    def run(lib, data):
        g = lib.Generator().manual_seed(5)
        loader = data.DataLoader(list(range(20)), batch_size=6, shuffle=True, generator=g)
        return [list(loader), list(loader), g.initial_seed()]
    t, e = both(run)
    assert t == e


def test_dataloader_dicts_and_numpy_samples():
    def run(lib, data):
        samples = [{"img": np.full((2,), i, np.float32), "label": i, "name": f"s{i}"} for i in range(5)]
        return list(data.DataLoader(samples, batch_size=2))
    t, e = both(run)
    assert t == e


def test_dataloader_iterable_dataset():
    for kw in (dict(batch_size=3), dict(batch_size=3, drop_last=True), dict(batch_size=None)):
        t = [plain(b) for b in td.DataLoader(TCounting(7), **kw)]
        e = [plain(b) for b in ed.DataLoader(Counting(7), **kw)]
        assert t == e
        assert len(td.DataLoader(TCounting(7), **kw)) == len(ed.DataLoader(Counting(7), **kw))


@pytest.mark.parametrize("kw", [dict(shuffle=True), dict(sampler=[0]), dict(batch_sampler=[[0]])])
def test_dataloader_iterable_errors_match_torch(kw):
    with pytest.raises(ValueError) as te:
        td.DataLoader(TCounting(3), **kw)
    with pytest.raises(ValueError) as ee:
        ed.DataLoader(Counting(3), **kw)
    assert str(ee.value).split("got")[0] == str(te.value).split("got")[0]


@pytest.mark.parametrize("kw", [dict(sampler=[0], shuffle=True), dict(batch_sampler=[[0]], batch_size=2),
                                dict(batch_sampler=[[0]], drop_last=True), dict(batch_size=None, drop_last=True),
                                dict(num_workers=-1), dict(timeout=-1), dict(prefetch_factor=2),
                                dict(persistent_workers=True)])
def test_dataloader_argument_errors_match_torch(kw):
    with pytest.raises(ValueError) as te:
        td.DataLoader(list(range(3)), **kw)
    with pytest.raises(ValueError) as ee:
        ed.DataLoader(list(range(3)), **kw)
    assert str(ee.value) == str(te.value)


# ------------------------------------------------------------------------------------------------
# worker processes
class Square(ed.Dataset):
    def __len__(self):
        return 11

    def __getitem__(self, i):
        info = ed.get_worker_info()
        return ember.tensor([i * i, -1 if info is None else info.id])


class Failing(ed.Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, i):
        if i == 5:
            raise ValueError(f"bad sample {i}")
        return i


def test_workers_give_single_process_batches():
    ember.manual_seed(0)
    single = [b[:, 0].tolist() for b in ed.DataLoader(Square(), batch_size=3, shuffle=True)]
    ember.manual_seed(0)
    multi = list(ed.DataLoader(Square(), batch_size=3, shuffle=True, num_workers=2))
    assert [b[:, 0].tolist() for b in multi] == single
    assert sorted({w for b in multi for w in b[:, 1].tolist()}) == [0, 1]   # both workers worked
    torch.manual_seed(0)
    assert [b.tolist() for b in td.DataLoader(list(range(11)), batch_size=3, shuffle=True)] == \
        [[int(np.sqrt(v)) for v in b] for b in single]


def _init(worker_id):
    info = ed.get_worker_info()
    assert info.id == worker_id
    info.dataset.tag = f"w{worker_id}-{info.num_workers}-{info.seed == ember.initial_seed()}"


class Tagged(ed.Dataset):
    tag = "main"

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return self.tag, os.getpid()


def _seed_of_worker(worker_id):
    info = ed.get_worker_info()
    info.dataset.tag = info.seed


def test_worker_seeds_are_base_plus_id():
    seeds = [t for t, _ in ed.DataLoader(Tagged(), batch_size=None, num_workers=2, worker_init_fn=_seed_of_worker)]
    assert seeds[1] - seeds[0] == 1 and seeds[2] == seeds[0]


def test_worker_init_fn_and_worker_info():
    assert ed.get_worker_info() is None
    out = list(ed.DataLoader(Tagged(), batch_size=None, num_workers=2, worker_init_fn=_init))
    tags = [t for t, _ in out]
    assert tags == ["w0-2-True", "w1-2-True"] * 2      # each worker's ember RNG is seeded with info.seed
    assert all(pid != os.getpid() for _, pid in out)


def test_worker_exception_is_reraised():
    loader = ed.DataLoader(Failing(), batch_size=2, num_workers=2)
    with pytest.raises(ValueError, match=r"(?s)Caught ValueError in DataLoader worker process 0.*bad sample 5"):
        list(loader)
    assert [b.tolist() for b in ed.DataLoader(Failing(), batch_size=2, num_workers=2, sampler=[0, 1, 2])] == [
        [0, 1], [2]]


def test_worker_exception_type_and_partial_results():
    got = []
    with pytest.raises(ValueError, match="bad sample 5"):
        for b in ed.DataLoader(Failing(), batch_size=2, num_workers=3):
            got.append(b.tolist())
    assert got == [[0, 1], [2, 3]]


def test_iterable_dataset_with_workers():
    e = sorted(v for b in ed.DataLoader(Counting(10), batch_size=2, num_workers=2) for v in b.tolist())
    assert e == list(range(10))
    t = [b.tolist() for b in td.DataLoader(TCounting(10), batch_size=2, num_workers=2)]
    assert [b.tolist() for b in ed.DataLoader(Counting(10), batch_size=2, num_workers=2)] == t


def test_workers_shuffle_matches_torch():
    torch.manual_seed(11)
    t = [b.tolist() for b in td.DataLoader(list(range(9)), batch_size=2, shuffle=True, num_workers=2)]
    ember.manual_seed(11)
    e = [b.tolist() for b in ed.DataLoader(list(range(9)), batch_size=2, shuffle=True, num_workers=2)]
    assert e == t


class Dying(ed.Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        if ed.get_worker_info() is not None and i == 2:
            os._exit(3)
        return i


class Slow(ed.Dataset):
    def __len__(self):
        return 2

    def __getitem__(self, i):
        import time  # only the slow test needs it
        time.sleep(4)
        return i


def test_dead_worker_is_reported():
    with pytest.raises(RuntimeError, match=r"DataLoader worker \(pid\(s\) \d+\) exited unexpectedly"):
        list(ed.DataLoader(Dying(), batch_size=1, num_workers=1))


def test_worker_timeout():
    with pytest.raises(RuntimeError, match="DataLoader timed out after 1 seconds"):
        list(ed.DataLoader(Slow(), batch_size=1, num_workers=1, timeout=1))


def test_abandoned_epoch_stops_its_workers():
    it = iter(ed.DataLoader(list(range(100)), batch_size=2, num_workers=2))
    assert next(it).tolist() == [0, 1]
    workers = list(it._workers)
    del it
    for w in workers:
        w.join(timeout=10)
        assert not w.is_alive()
