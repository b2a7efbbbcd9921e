"""ember.utils.safetensors against safetensors.torch: the same bytes, files both ways, the same errors."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections import OrderedDict

import numpy as np
import pytest
import safetensors.torch as st_torch
import torch
from safetensors import safe_open

import ember
from ember.utils import safetensors as st_ember

# every dtype both ember and the format have (the format has no complex128)
DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "complex64"]
LIBS = {"ember": ember, "torch": torch}
SAVE = {"ember": st_ember, "torch": st_torch}


def sample(lib, name):
    """Contiguous tensors of one dtype: 2-d, a row and a block at an offset of a storage, 0-d, empty."""
    dt = getattr(lib, name)
    base = lib.tensor(np.arange(24).reshape(4, 6) % 5 - 1).to(dt)
    other = lib.tensor(np.arange(30).reshape(5, 6) * 0.5 - 3).to(dt)
    return OrderedDict([("base", base), ("row", other[2]), ("tail", other[3:]), ("scalar", lib.tensor(3).to(dt)),
                        ("empty", lib.zeros(0, 3, dtype=dt)), ("z_last", lib.ones(2, 1, 3, dtype=dt))])


def as_np(t):
    return np.array(t.numpy() if isinstance(t, torch.Tensor) else t.detach().numpy())


def same(a, b):
    """Two name->tensor dicts hold the same tensors, in the same order."""
    assert list(a) == list(b)
    for k in a:
        assert str(a[k].dtype) == str(b[k].dtype), k
        assert tuple(a[k].shape) == tuple(b[k].shape), k
        np.testing.assert_array_equal(as_np(a[k]), as_np(b[k]), err_msg=k)


@pytest.mark.parametrize("dtype", DTYPES)
def test_same_bytes_as_safetensors_torch(dtype):
    meta = {"format": "pt"}      # one key: safetensors writes a metadata dict in hash order
    assert st_ember.save(sample(ember, dtype)) == st_torch.save(sample(torch, dtype))
    assert st_ember.save(sample(ember, dtype), metadata=meta) == st_torch.save(sample(torch, dtype), metadata=meta)


@pytest.mark.parametrize("dtype", DTYPES)
def test_files_go_both_ways(dtype, tmp_path):
    for src, dst in (("ember", "torch"), ("torch", "ember"), ("ember", "ember")):
        path = tmp_path / f"{src}-{dst}.safetensors"
        SAVE[src].save_file(sample(LIBS[src], dtype), path, metadata={"by": src})
        from_file = SAVE[dst].load_file(path)
        from_bytes = SAVE[dst].load(path.read_bytes())
        # the reference: what safetensors.torch reads from the same file, in its order (from bytes,
        # safetensors.torch's order is a hash map's; ember's is load_file's)
        same(from_file, st_torch.load_file(path))
        same(dict(sorted(from_bytes.items())), dict(sorted(st_torch.load(path.read_bytes()).items())))
        if dst == "ember":
            assert list(from_bytes) == list(from_file)
        with safe_open(path, "np") as f:
            assert f.metadata() == {"by": src}
    loaded = st_ember.load_file(tmp_path / "torch-ember.safetensors")
    assert all(type(t) is ember.Tensor and not t.requires_grad for t in loaded.values())


def test_state_dict_round_trip_with_torch(tmp_path):
    torch.manual_seed(0)
    tm = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    em = ember.nn.Sequential(ember.nn.Linear(4, 3), ember.nn.ReLU(), ember.nn.Linear(3, 2))
    st_torch.save_file(tm.state_dict(), tmp_path / "t.safetensors")
    em.load_state_dict(st_ember.load_file(tmp_path / "t.safetensors"))
    x = np.linspace(-1, 1, 8, dtype=np.float32).reshape(2, 4)
    np.testing.assert_array_equal(em(ember.tensor(x)).detach().numpy(), tm(torch.tensor(x)).detach().numpy())
    # and back: ember's state_dict (Parameters) saved by ember, loaded by torch into a fresh model
    st_ember.save_file(em.state_dict(), tmp_path / "e.safetensors")
    tm2 = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    tm2.load_state_dict(st_torch.load_file(tmp_path / "e.safetensors"))
    np.testing.assert_array_equal(tm2(torch.tensor(x)).detach().numpy(), tm(torch.tensor(x)).detach().numpy())


def test_loaded_tensors_are_writable_and_independent(tmp_path):
    path = tmp_path / "a.safetensors"
    st_ember.save_file({"a": ember.arange(4.0)}, path)
    for loaded in (st_ember.load_file(path), st_ember.load(path.read_bytes())):
        loaded["a"].add_(1)
        np.testing.assert_array_equal(loaded["a"].numpy(), [1, 2, 3, 4])
    np.testing.assert_array_equal(st_torch.load_file(path)["a"].numpy(), [0, 1, 2, 3])


def errors(fn):
    try:
        fn()
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__, str(exc)
    return None


def shared_groups(message):
    """The groups a 'share memory' message lists, as frozensets (set reprs print in hash order)."""
    head, _, rest = message.partition(": [")
    return head, {frozenset(s) for s in ast.literal_eval("[" + rest.split("].", 1)[0] + "]")}, rest.split("].", 1)[1]


BAD = {
    "not a dict": lambda m: [m.ones(2)],
    "not a tensor": lambda m: {"a": m.ones(2), "b": 1.0},
    "int key": lambda m: {1: m.ones(2)},
    "transposed": lambda m: {"a": m.ones(2, 3).t()},
    "strided": lambda m: {"a": m.ones(6)[::2]},
    "expanded": lambda m: {"a": m.ones(3).expand(2, 3)},
    "complex128": lambda m: {"a": m.zeros(2, dtype=m.complex128)},
    "same tensor twice": lambda m: (lambda x: {"a": x, "b": x})(m.ones(2, 3)),
    "a view and its base": lambda m: (lambda x: {"a": x, "b": x[1], "c": m.ones(2)})(m.ones(3, 4)),
    "detached alias": lambda m: (lambda x: {"a": x, "b": x.detach()})(m.ones(3, requires_grad=True)),
    "two overlapping slices": lambda m: (lambda x: {"a": x[:3], "b": x[2:], "c": x[5:]})(m.arange(6.0)),
    "disjoint halves (allowed)": lambda m: (lambda x: {"a": x[0], "b": x[1]})(m.ones(2, 3)),
    "empty views of one base (allowed)": lambda m: (lambda x: {"a": x[:0], "b": x[:0]})(m.ones(3)),
    "size-1 dim stride (allowed)": lambda m: {"a": m.ones(3, 1).t()},
}


@pytest.mark.parametrize("case", list(BAD))
@pytest.mark.parametrize("how", ["save", "save_file"])
def test_save_errors_match_safetensors_torch(case, how, tmp_path):
    def attempt(key):
        args = (BAD[case](LIBS[key]),) + ((tmp_path / f"{key}.safetensors",) if how == "save_file" else ())
        return errors(lambda: getattr(SAVE[key], how)(*args))
    e, t = attempt("ember"), attempt("torch")
    if t is not None and "share memory" in t[1]:
        assert e is not None and e[0] == t[0] and shared_groups(e[1]) == shared_groups(t[1])
    else:
        assert e == t
    if how == "save_file":
        assert os.path.exists(tmp_path / "ember.safetensors") == (t is None)
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ember-save-")] == []


def test_metadata_must_be_text():
    for meta in ({"k": 1}, {2: "v"}):
        assert errors(lambda: st_ember.save({"a": ember.ones(2)}, metadata=meta)) == \
            errors(lambda: st_torch.save({"a": torch.ones(2)}, metadata=meta)) is not None


def test_corrupt_input_is_refused_as_safetensors_does(tmp_path):
    good = st_torch.save({"a": torch.arange(6.0), "b": torch.ones(2, dtype=torch.int64)})
    blobs = [b"", b"abc", b"\x10" + b"\x00" * 7 + b"{}", good[:-3], good[:20], b"\xff" * 8 + good[8:],
             good[:8] + b"[" + good[9:]]
    for i, blob in enumerate(blobs):
        e = errors(lambda: st_ember.load(blob))
        assert e is not None and e == errors(lambda: st_torch.load(blob)), blob[:30]
        path = tmp_path / f"bad{i}.safetensors"
        path.write_bytes(blob)
        e = errors(lambda: st_ember.load_file(path))
        assert e is not None and e == errors(lambda: st_torch.load_file(path)), blob[:30]
    assert errors(lambda: st_ember.load_file(tmp_path / "missing.safetensors")) == \
        errors(lambda: st_torch.load_file(tmp_path / "missing.safetensors"))


def test_dtypes_ember_lacks_are_named(tmp_path):
    path = tmp_path / "bf16.safetensors"
    st_torch.save_file({"ok": torch.ones(2), "half_b": torch.ones(2, dtype=torch.bfloat16)}, path)
    for load in (lambda: st_ember.load_file(path), lambda: st_ember.load(path.read_bytes())):
        with pytest.raises(TypeError, match="`half_b` has dtype BF16"):
            load()


def test_load_file_device(tmp_path):
    path = tmp_path / "a.safetensors"
    st_ember.save_file({"a": ember.ones(2)}, path)
    for dev in ("cpu", ember.device("cpu")):
        assert st_ember.load_file(path, device=dev)["a"].device == ember.device("cpu")
    for dev in ("cuda", "cuda:0", 0):                 # an int is a CUDA index, as in torch
        with pytest.raises(RuntimeError, match="only device='cpu'"):
            st_ember.load_file(path, device=dev)


def test_failed_save_file_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "a.safetensors"
    st_ember.save_file({"a": ember.ones(2)}, path)
    before = path.read_bytes()

    def crash(arrays, filename, metadata=None):
        with open(filename, "wb") as f:
            f.write(b"half a file")
        raise OSError("disk full")
    monkeypatch.setattr(st_ember._st_numpy, "save_file", crash)
    with pytest.raises(OSError, match="disk full"):
        st_ember.save_file({"a": ember.zeros(3)}, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.safetensors"]


def run_python(code):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))     # ember imports from there
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=root)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_import_ember_does_not_import_safetensors():
    out = run_python("import sys, ember, ember.utils; print('safetensors' in sys.modules, "
                     "'ember.utils.safetensors' in sys.modules); ember.utils.safetensors; "
                     "print('safetensors' in sys.modules)")
    assert out.split() == ["False", "False", "True"]


def test_missing_package_names_the_extra():
    out = run_python("import sys; sys.modules['safetensors'] = None; import ember\n"
                     "try:\n    ember.utils.safetensors\n"
                     "except ModuleNotFoundError as e:\n    print(e.name, '|', e)\n")
    name, message = out.split(" | ")
    assert name == "safetensors"
    assert "pip install 'ember[safetensors]'" in message

