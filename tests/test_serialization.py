"""ember.save / ember.load against live torch: files go both ways, and loading runs no code."""
from __future__ import annotations

import io
import os
import pathlib
import pickle
import random
import struct
import zipfile
from collections import OrderedDict

import numpy as np
import pytest
import torch

import ember

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64",
          "complex64", "complex128"]


def sample(lib, name: str):
    """The same tensors in torch or ember: 0-d, empty, contiguous, transposed, strided slices."""
    dt = getattr(lib, name)
    base = lib.tensor(np.arange(24).reshape(4, 6) % 5).to(dt)
    return OrderedDict([
        ("base", base),
        ("t", base.t()),
        ("slice", base[1:, ::2]),
        ("row", base[2]),
        ("scalar", lib.tensor(3).to(dt)),
        ("empty", lib.zeros(0, 3, dtype=dt)),
        ("alone", lib.ones(2, 2, dtype=dt)),
    ])


def np_of(t) -> np.ndarray:
    return np.array(t.numpy() if isinstance(t, torch.Tensor) else t._data)


def check_same(a, b):
    assert list(a.shape) == list(b.shape)
    assert str(a.dtype) == str(b.dtype)
    if a.numel():
        assert tuple(a.stride()) == tuple(b.stride())
    np.testing.assert_array_equal(np_of(a), np_of(b))


@pytest.mark.parametrize("name", DTYPES)
def test_ember_file_loads_in_torch(tmp_path, name):
    sd = sample(ember, name)
    ember.save(sd, tmp_path / "m.pt")
    got = torch.load(tmp_path / "m.pt", weights_only=True)
    assert type(got) is OrderedDict and list(got) == list(sd)
    for k in sd:
        check_same(sd[k], got[k])
    # views share one storage in torch too
    assert got["t"].untyped_storage().data_ptr() == got["base"].untyped_storage().data_ptr()
    assert got["slice"].storage_offset() == 6
    assert got["alone"].untyped_storage().data_ptr() != got["base"].untyped_storage().data_ptr()


@pytest.mark.parametrize("name", DTYPES)
def test_torch_file_loads_in_ember(tmp_path, name):
    sd = sample(torch, name)
    torch.save(sd, tmp_path / "m.pt")
    got = ember.load(tmp_path / "m.pt")
    assert type(got) is OrderedDict and list(got) == list(sd)
    for k in sd:
        check_same(sd[k], got[k])
        assert isinstance(got[k], ember.Tensor)


def test_sharing_survives_both_ways(tmp_path):
    a = torch.arange(12.).reshape(3, 4)
    torch.save({"a": a, "v": a[1:, 1:].t(), "a2": a}, tmp_path / "t.pt")
    e = ember.load(tmp_path / "t.pt")
    assert e["a2"] is e["a"]                       # the same object twice: memoized
    e["a"][2, 1] = 100.0
    assert e["v"][0, 1].item() == 100.0            # the view sees the write
    ember.save(e, tmp_path / "e.pt")
    t = torch.load(tmp_path / "e.pt", weights_only=True)
    t["a"][1, 3] = -1.0
    assert t["v"][2, 0].item() == -1.0
    assert t["a2"] is t["a"]


def test_parameter_both_ways(tmp_path):
    p = ember.nn.Parameter(ember.randn(3))
    frozen = ember.nn.Parameter(ember.randn(2), requires_grad=False)
    ember.save({"p": p, "f": frozen}, tmp_path / "p.pt")
    t = torch.load(tmp_path / "p.pt", weights_only=True)
    assert isinstance(t["p"], torch.nn.Parameter) and t["p"].requires_grad
    assert isinstance(t["f"], torch.nn.Parameter) and not t["f"].requires_grad
    np.testing.assert_array_equal(t["p"].detach().numpy(), p._data)
    torch.save(t, tmp_path / "q.pt")
    e = ember.load(tmp_path / "q.pt")
    assert isinstance(e["p"], ember.nn.Parameter) and e["p"].requires_grad and e["p"].is_leaf
    assert isinstance(e["f"], ember.nn.Parameter) and not e["f"].requires_grad
    np.testing.assert_array_equal(e["p"]._data, p._data)


def test_requires_grad_tensor_both_ways(tmp_path):
    x = ember.ones(2, requires_grad=True)
    ember.save([x], tmp_path / "x.pt")
    t = torch.load(tmp_path / "x.pt", weights_only=True)
    assert t[0].requires_grad and t[0].is_leaf
    torch.save(t, tmp_path / "y.pt")
    assert ember.load(tmp_path / "y.pt")[0].requires_grad


def test_module_state_dict_round_trip(tmp_path):
    ember.manual_seed(0)
    lin = ember.nn.Linear(4, 3)
    ember.save(lin.state_dict(), tmp_path / "lin.pt")
    tl = torch.nn.Linear(4, 3)
    tl.load_state_dict(torch.load(tmp_path / "lin.pt", weights_only=True))
    x = np.random.default_rng(0).standard_normal((2, 4)).astype(np.float32)
    np.testing.assert_allclose(tl(torch.from_numpy(x)).detach().numpy(), lin(ember.from_numpy(x)).detach().numpy(),
                               rtol=1e-6)
    torch.save(tl.state_dict(), tmp_path / "tl.pt")
    lin2 = ember.nn.Linear(4, 3)
    lin2.load_state_dict(ember.load(tmp_path / "tl.pt"))
    np.testing.assert_array_equal(lin2.weight.detach().numpy(), tl.weight.detach().numpy())


def test_optimizer_like_state_both_ways(tmp_path):
    state = {"state": {0: {"step": ember.tensor(3.0), "exp_avg": ember.zeros(2, 2)}, 1: {"momentum_buffer": None}},
             "param_groups": [{"lr": 0.1, "betas": (0.9, 0.999), "amsgrad": False, "params": [0, 1],
                               "name": "g", "eps": 1e-8, "c": 1 + 2j, "raw": b"\x00\xff"}]}
    ember.save(state, tmp_path / "o.pt")
    t = torch.load(tmp_path / "o.pt", weights_only=True)
    assert t["param_groups"] == state["param_groups"]
    assert t["state"][0]["step"].item() == 3.0 and t["state"][1] == {"momentum_buffer": None}
    torch.save(t, tmp_path / "o2.pt")
    e = ember.load(tmp_path / "o2.pt")
    assert e["param_groups"] == state["param_groups"]
    check_same(e["state"][0]["exp_avg"], t["state"][0]["exp_avg"])


def test_dtype_device_size_values(tmp_path):
    ember.save({"d": ember.float16, "dev": ember.device("cpu"), "s": ember.Size([2, 3])}, tmp_path / "v.pt")
    t = torch.load(tmp_path / "v.pt", weights_only=True)
    assert t == {"d": torch.float16, "dev": torch.device("cpu"), "s": torch.Size([2, 3])}
    torch.save(t, tmp_path / "w.pt")
    e = ember.load(tmp_path / "w.pt")
    assert e["d"] is ember.float16 and e["dev"] == ember.device("cpu") and e["s"] == ember.Size([2, 3])
    assert isinstance(e["s"], ember.Size)


def test_file_objects_and_pathlike(tmp_path):
    buf = io.BytesIO()
    ember.save({"x": ember.arange(3)}, buf)
    buf.seek(0)
    assert torch.load(buf, weights_only=True)["x"].tolist() == [0, 1, 2]
    buf.seek(0)
    assert ember.load(buf)["x"].tolist() == [0, 1, 2]
    tb = io.BytesIO()
    torch.save({"y": torch.ones(2)}, tb)
    tb.seek(0)
    assert ember.load(tb)["y"].tolist() == [1.0, 1.0]
    p = pathlib.Path(tmp_path) / "p.pt"
    ember.save([1], p)
    assert ember.load(str(p)) == [1]


def test_mmap_and_map_location(tmp_path):
    torch.save({"w": torch.arange(10.)}, tmp_path / "m.pt")
    for loc in (None, "cpu", ember.device("cpu")):
        assert ember.load(tmp_path / "m.pt", map_location=loc)["w"].tolist() == list(map(float, range(10)))
    m = ember.load(tmp_path / "m.pt", mmap=True)["w"]
    assert m.tolist() == list(map(float, range(10)))
    m[0] = 5.0                                     # copy-on-write: the file is untouched
    assert torch.load(tmp_path / "m.pt", weights_only=True)["w"][0].item() == 0.0
    with pytest.raises(RuntimeError, match="map_location"):
        ember.load(tmp_path / "m.pt", map_location="cuda")
    with pytest.raises(ValueError, match="file path"):
        ember.load(open(tmp_path / "m.pt", "rb"), mmap=True)


def test_weights_only_false_is_refused(tmp_path):
    ember.save({"x": ember.ones(1)}, tmp_path / "x.pt")
    with pytest.raises(pickle.UnpicklingError, match="weights_only=False"):
        ember.load(tmp_path / "x.pt", weights_only=False)


def test_atomic_write(tmp_path):
    path = tmp_path / "c.pt"
    ember.save({"v": 1}, path)

    class Evil:
        pass
    with pytest.raises(pickle.PicklingError, match="Evil"):
        ember.save({"v": 2, "bad": Evil()}, path)
    assert ember.load(path) == {"v": 1}            # the old file is intact
    assert os.listdir(tmp_path) == ["c.pt"]         # and no temporary file is left behind
    ember.save({"v": 3}, path)
    assert ember.load(path) == {"v": 3} and os.listdir(tmp_path) == ["c.pt"]


def test_alignment_matches_torch(tmp_path):
    ember.save({"a": ember.ones(3), "b": ember.zeros(5, dtype=ember.int64)}, tmp_path / "a.pt")
    names = zipfile.ZipFile(tmp_path / "a.pt").namelist()
    assert names[0] == "archive/data.pkl" and "archive/version" in names and "archive/byteorder" in names
    with open(tmp_path / "a.pt", "rb") as fh:
        raw = fh.read()
    for info in zipfile.ZipFile(tmp_path / "a.pt").infolist():
        n, e = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
        assert (info.header_offset + 30 + n + e) % 64 == 0


# ------------------------------------------------------------------------------------------------
# hostile files
def archive(pkl: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("archive/data.pkl", pkl)
        z.writestr("archive/version", b"3\n")
        for k, v in (extra or {}).items():
            z.writestr("archive/" + k, v)
    return buf.getvalue()


def marker_pickles(marker: str) -> dict[str, bytes]:
    cmd = f"touch {marker}"

    class Reduce:
        def __reduce__(self):
            return (os.system, (cmd,))

    class ReduceEx:
        def __reduce_ex__(self, proto):
            return (eval, (f"open({marker!r}, 'w').close()",))

    import subprocess
    return {
        "os.system": pickle.dumps(Reduce(), protocol=2),
        "builtins.eval": pickle.dumps(ReduceEx(), protocol=2),
        "nested": pickle.dumps({"a": [1, (2, Reduce())]}, protocol=2),
        "popen": b"\x80\x02csubprocess\nPopen\n(X\x05\x00\x00\x00touch" + b"X" + struct.pack("<I", len(marker))
                 + marker.encode() + b"\x86\x85R.",
        "getattr": (b"\x80\x02cbuiltins\ngetattr\ncbuiltins\n__import__\nX\x02\x00\x00\x00os\x85R"
                    b"X\x06\x00\x00\x00system\x86R(X" + struct.pack("<I", len(cmd)) + cmd.encode() + b"tR."),
        "posix.system proto0": f"cposix\nsystem\n(V{cmd}\ntR.".encode(),
        "inst": f"(S'{cmd}'\nios\nsystem\n.".encode(),
        "subprocess attr": pickle.dumps(subprocess.Popen, protocol=4),
        "ember class": pickle.dumps(ember.ones(1), protocol=2),
        "copyreg newobj": pickle.dumps(Exception("x"), protocol=2),
        "ext": b"\x80\x02\x82\x01)R.",
        "reduce on allowed fn with os": b"\x80\x02ctorch._utils\n_rebuild_tensor_v2\ncos\nsystem\n\x85R.",
    }


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
@pytest.mark.parametrize("case", list(marker_pickles("M")))
def test_malicious_pickles_run_nothing(tmp_path, case):
    marker = str(tmp_path / "ran")
    data = archive(marker_pickles(marker)[case])
    with pytest.raises(pickle.UnpicklingError, match="Weights only load failed") as info:
        ember.load(io.BytesIO(data))
    assert not os.path.exists(marker)
    msg = str(info.value)
    named = {"os.system": "system", "builtins.eval": "eval", "nested": "system", "popen": "subprocess.Popen",
             "getattr": "getattr", "posix.system proto0": "posix.system", "subprocess attr": "subprocess.Popen",
             "ember class": "ember._tensor", "reduce on allowed fn with os": "system"}
    if case in named:
        assert named[case] in msg
    with pytest.raises(pickle.UnpicklingError):    # torch agrees these are not weights
        torch.load(io.BytesIO(data), weights_only=True)
    assert not os.path.exists(marker)


def test_build_and_setitems_on_tensors_refused():
    t = (b"\x80\x02ctorch._utils\n_rebuild_tensor_v2\n((X\x07\x00\x00\x00storagectorch\nFloatStorage\n"
         b"X\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x01tQK\x00K\x01\x85K\x01\x85\x89ccollections\nOrderedDict\n)Rt")
    store = {"data/0": b"\x00\x00\x80?"}
    assert ember.load(io.BytesIO(archive(t + b"R.", store))).tolist() == [1.0]
    for tail in (b"R}X\x01\x00\x00\x00aK\x01sb.", b"RK\x00K\x01s.", b"R(K\x00K\x01u.", b"R]\x94a."):
        with pytest.raises(pickle.UnpicklingError, match="Weights only"):
            ember.load(io.BytesIO(archive(t + tail, store)))


def test_bad_storages_refused():
    def tensor_pkl(numel: int, size: int, offset: int = 0) -> bytes:
        return (b"\x80\x02ctorch._utils\n_rebuild_tensor_v2\n((X\x07\x00\x00\x00storagectorch\nFloatStorage\n"
                b"X\x01\x00\x00\x000X\x03\x00\x00\x00cpuJ" + struct.pack("<i", numel) + b"tQJ"
                + struct.pack("<i", offset) + b"J" + struct.pack("<i", size) + b"\x85K\x01\x85\x89)tR.")
    good = {"data/0": b"\x00" * 16}
    assert ember.load(io.BytesIO(archive(tensor_pkl(4, 4), good))).tolist() == [0.0] * 4
    with pytest.raises(RuntimeError, match="bytes"):          # declared numel beyond the record
        ember.load(io.BytesIO(archive(tensor_pkl(1 << 30, 4), good)))
    with pytest.raises(RuntimeError, match="storage"):        # view past the end of its storage
        ember.load(io.BytesIO(archive(tensor_pkl(4, 5), good)))
    with pytest.raises(RuntimeError, match="storage"):
        ember.load(io.BytesIO(archive(tensor_pkl(4, 2, offset=3), good)))
    with pytest.raises(pickle.UnpicklingError, match="negative"):
        ember.load(io.BytesIO(archive(tensor_pkl(4, -1), good)))
    with pytest.raises(RuntimeError, match="no record"):
        ember.load(io.BytesIO(archive(tensor_pkl(4, 4))))


def test_not_a_checkpoint():
    for raw in (b"", b"\x80\x02}.", b"PK\x05\x06" + b"\x00" * 18, b"hello world" * 10):
        with pytest.raises(RuntimeError, match="zip"):
            ember.load(io.BytesIO(raw))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("archive/other", b"x")
    with pytest.raises(RuntimeError, match="data.pkl"):
        ember.load(io.BytesIO(buf.getvalue()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("archive/data.pkl", pickle.dumps({}, protocol=2))
    with pytest.raises(RuntimeError, match="compressed"):
        ember.load(io.BytesIO(buf.getvalue()))


def test_oversized_declared_sizes(tmp_path):
    ember.save({"x": ember.arange(100.)}, tmp_path / "x.pt")
    raw = bytearray((tmp_path / "x.pt").read_bytes())
    info = [i for i in zipfile.ZipFile(tmp_path / "x.pt").infolist() if i.filename == "archive/data/0"][0]
    # patch the central directory's sizes of data/0 to 2**31
    pos = raw.find(b"PK\x01\x02")
    while pos != -1:
        n = struct.unpack("<H", raw[pos + 28:pos + 30])[0]
        if raw[pos + 46:pos + 46 + n] == info.filename.encode():
            raw[pos + 20:pos + 28] = struct.pack("<II", 1 << 31, 1 << 31)
        pos = raw.find(b"PK\x01\x02", pos + 4)
    with pytest.raises(RuntimeError, match="truncated or corrupt"):
        ember.load(io.BytesIO(bytes(raw)))


def test_truncated_and_corrupted_files(tmp_path):
    sd = OrderedDict(w=ember.randn(8, 8), b=ember.arange(5), m={"k": [1, 2.0, "s"]})
    ember.save(sd, tmp_path / "g.pt")
    raw = (tmp_path / "g.pt").read_bytes()
    marker = tmp_path / "ran"
    rng = random.Random(0)
    outcomes = set()
    cases = [raw[:n] for n in range(0, len(raw), max(1, len(raw) // 60))]
    for _ in range(300):
        b = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        cases.append(bytes(b))
    for data in cases:
        try:
            got = ember.load(io.BytesIO(data))
        except (RuntimeError, pickle.UnpicklingError) as e:
            outcomes.add(type(e).__name__)
            assert str(e)
        else:
            outcomes.add("loaded")
            assert isinstance(got, OrderedDict)
    assert "RuntimeError" in outcomes
    assert not marker.exists()


def test_protocol_4_and_legacy_torch_files():
    b = io.BytesIO()
    torch.save({"a": torch.arange(3), "p": torch.nn.Parameter(torch.ones(1))}, b, pickle_protocol=4)
    b.seek(0)
    got = ember.load(b)
    assert got["a"].tolist() == [0, 1, 2] and isinstance(got["p"], ember.nn.Parameter)
    b = io.BytesIO()
    torch.save({"a": torch.arange(3)}, b, _use_new_zipfile_serialization=False)
    b.seek(0)
    with pytest.raises(RuntimeError, match="legacy"):
        ember.load(b)


def test_deeply_nested_pickle_does_not_recurse():
    deep = b"\x80\x02" + b"]" * 100000 + b"a" * 99999 + b"."
    got = ember.load(io.BytesIO(archive(deep)))
    depth = 0
    while got:
        got, depth = got[0], depth + 1
    assert depth == 99999


def test_missing_file_and_bad_argument(tmp_path):
    with pytest.raises(FileNotFoundError):
        ember.load(tmp_path / "nope.pt")
    with pytest.raises(AttributeError):
        ember.load(12)
    with pytest.raises(AttributeError):
        ember.save({}, 12)


def test_fortran_ordered_memory(tmp_path):
    f = ember.from_numpy(np.asfortranarray(np.arange(6.).reshape(2, 3)))
    ember.save([f, f[:, 1:]], tmp_path / "f.pt")
    t = torch.load(tmp_path / "f.pt", weights_only=True)
    check_same(f, t[0])
    check_same(f[:, 1:], t[1])
    t[0][1, 2] = 50.0
    assert t[1][1, 1].item() == 50.0


def test_adam_checkpoint_resumes_in_torch(tmp_path):
    ember.manual_seed(0)
    lin = ember.nn.Linear(3, 2)
    opt = ember.optim.Adam(lin.parameters(), lr=0.1)
    x = np.random.default_rng(1).standard_normal((4, 3)).astype(np.float32)
    lin(ember.from_numpy(x)).pow(2).sum().backward()
    opt.step()
    ember.save({"model": lin.state_dict(), "opt": opt.state_dict()}, tmp_path / "ck.pt")
    ck = torch.load(tmp_path / "ck.pt", weights_only=True)
    tl = torch.nn.Linear(3, 2)
    tl.load_state_dict(ck["model"])
    to = torch.optim.Adam(tl.parameters(), lr=0.1)
    to.load_state_dict(ck["opt"])
    for step in range(2):                       # both continue training from the checkpoint alike
        opt.zero_grad()
        to.zero_grad()
        lin(ember.from_numpy(x)).pow(2).sum().backward()
        tl(torch.from_numpy(x)).pow(2).sum().backward()
        opt.step()
        to.step()
    np.testing.assert_allclose(lin.weight.detach().numpy(), tl.weight.detach().numpy(), rtol=1e-5, atol=1e-6)
    torch.save(to.state_dict(), tmp_path / "t.pt")
    opt.load_state_dict(ember.load(tmp_path / "t.pt"))
    assert opt.state_dict()["state"][0]["step"].item() == 3.0


def test_save_into_a_missing_directory_raises_torchs_error(tmp_path):
    target = tmp_path / "no" / "such" / "dir" / "x.pt"
    errs = []
    for save in (ember.save, torch.save):
        try:
            save({"a": 1}, target)
        except Exception as exc:  # noqa: BLE001
            errs.append((type(exc).__name__, str(exc)))
    assert errs[0] == errs[1] and errs[0][0] == "RuntimeError"
    assert not (tmp_path / "no").exists()
