"""Random numbers: torch's CPU generator, bit for bit.

torch's CPU ``Generator`` is a 32-bit Mersenne Twister seeded as the reference ``init_genrand(seed)``
(the low 32 bits of the seed; the whole 64-bit seed is kept for ``initial_seed()``). NumPy's
``MT19937`` with legacy seeding runs the very same stream, so ember draws its 32-bit words from
one, in bulk. Each distribution (``_distributions.py``) consumes words exactly as torch's kernel
does: 1 word per float32/float16 uniform, 2 per float64 uniform or 64-bit integer, and so on,
including the second Box-Muller value torch caches for its next scalar normal. The same seed and
the same sequence of calls therefore give the same numbers as torch (``docs/random.md``).

``get_state``/``set_state`` use torch's own 5056-byte layout (``CPUGeneratorImplState``), so a
state saved by ember restores in ember exactly, and the bytes equal torch's for the same history.
"""
from __future__ import annotations

import os
import struct
from contextlib import contextmanager

import numpy as np

from ._tensor import Tensor, make
from ._tensor import device as _device

__all__ = ["Generator", "default_generator", "manual_seed", "seed", "initial_seed", "get_rng_state",
           "set_rng_state", "fork_rng"]

_N = 624                      # words of Mersenne Twister state
_STATE_SIZE = 5056            # sizeof(CPUGeneratorImplState)
_LEGACY = struct.Struct("<QiiQ")           # the_initial_seed, left, seeded, next
_NORMAL = struct.Struct("<dddi4x")         # normal_x, normal_y, normal_rho, normal_is_valid (+ padding)
_FLOAT = struct.Struct("<f?3x")            # next_float_normal_sample, is_valid (+ padding)
_DEFAULT_SEED = 67280421310721             # torch's seed for a new Generator()
_U64 = np.uint64
_BULK = 16384                 # from this many words on, Generator.integers (more set-up, faster per word)


def _init_genrand(seed: int) -> np.ndarray:
    """The reference MT19937 ``init_genrand`` state for the low 32 bits of ``seed``."""
    return np.random.RandomState(seed & 0xFFFFFFFF).get_state(legacy=True)[1]


def _unpack_seed(seed) -> int:
    """torch's reading of a seed: any int in [-2**63, 2**64); negatives wrap to uint64."""
    s = int(seed)
    if s < -(1 << 63) or s >= (1 << 64):
        raise ValueError("Overflow when unpacking long long")
    return s + (1 << 64) if s < 0 else s


class Generator:
    """A source of random numbers: torch's CPU Mersenne Twister, with its state layout.

    ``Generator().manual_seed(s)`` draws torch's numbers for seed ``s``; pass it as ``generator=`` to
    any random function to keep a stream separate from the global one.
    """

    def __init__(self, device="cpu") -> None:
        dev = device if isinstance(device, _device) else _device(device)
        if dev.type != "cpu":
            raise RuntimeError(f"ember has no '{dev.type}' backend yet: only device='cpu' is supported")
        self.device = dev
        self._reseed(_DEFAULT_SEED)

    def __getattr__(self, name: str):
        # the Mersenne Twister is built on first use, seeded from the last seed: numpy.random is
        # ~25 ms of `import ember` otherwise (the default generator exists from import on)
        if name not in ("_mt", "_bits"):
            raise AttributeError(f"'Generator' object has no attribute '{name}'")
        mt = np.random.MT19937(0)
        mt.state = {"bit_generator": "MT19937", "state": {"key": _init_genrand(self._seed), "pos": _N}}
        self._mt = mt
        # Generator.integers over the full range returns the raw words (next_uint32 / next_uint64)
        self._bits = np.random.Generator(mt).integers
        return self.__dict__[name]

    def __repr__(self) -> str:
        return f"<torch._C.Generator object at {hex(id(self))}>"

    # ------------------------------------------------------------------ seeding
    def _reseed(self, seed: int) -> None:
        self._seed = seed
        if "_mt" in self.__dict__:        # else __getattr__ seeds it when first used
            self._mt.state = {"bit_generator": "MT19937", "state": {"key": _init_genrand(seed), "pos": _N}}
        self._fresh = True           # torch's engine: left = 1, next = 0 (nothing drawn since seeding)
        self.next_double = None      # torch's cached second Box-Muller value (double normals)
        self.next_float = None       # the float one (kept for the state layout)

    def manual_seed(self, seed) -> "Generator":
        """Seed the generator (any int in [-2**63, 2**64)) and return it."""
        if type(seed) is bool or not isinstance(seed, int):
            if isinstance(seed, np.integer):
                raise TypeError("an integer is required")
            raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}")
        self._reseed(_unpack_seed(seed))
        return self

    def seed(self) -> int:
        """Seed from the OS's entropy; return the 64-bit seed used."""
        s = int.from_bytes(os.urandom(8), "little")
        self._reseed(s)
        return s

    def initial_seed(self) -> int:
        """The seed given to the last ``manual_seed`` (or ``seed``)."""
        return self._seed

    # ------------------------------------------------------------------ state in torch's layout
    def get_state(self) -> Tensor:
        """The state as a uint8 tensor of 5056 bytes, laid out as torch's ``CPUGeneratorImplState``."""
        st = self._mt.state["state"]
        pos = int(st["pos"])
        nxt = 0 if (pos == _N and self._fresh) else pos
        buf = bytearray(_STATE_SIZE)
        _LEGACY.pack_into(buf, 0, self._seed, _N + 1 - pos, 1, nxt)
        buf[24:24 + 8 * _N] = np.asarray(st["key"], dtype=np.uint64).tobytes()
        off = 24 + 8 * _N
        nd = self.next_double
        _NORMAL.pack_into(buf, off, 0.0, 0.0 if nd is None else nd, 0.0, nd is not None)
        nf = self.next_float
        _FLOAT.pack_into(buf, off + _NORMAL.size, 0.0 if nf is None else nf, nf is not None)
        return make(np.frombuffer(bytes(buf), dtype=np.uint8).copy())

    def set_state(self, new_state) -> "Generator":
        """Restore a state from :meth:`get_state` (torch's layout)."""
        if not isinstance(new_state, Tensor) or new_state._data.dtype != np.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        raw = np.ascontiguousarray(new_state._data).reshape(-1).tobytes()
        if len(raw) != _STATE_SIZE:
            raise RuntimeError(f"Expected a CPUGeneratorImplState of size {_STATE_SIZE} but found the input RNG "
                               f"state size to be {len(raw)}")
        seed, left, seeded, nxt = _LEGACY.unpack_from(raw, 0)
        if not (seeded and 0 < left <= _N and nxt <= _N):
            raise RuntimeError("Invalid mt19937 state")
        key = np.frombuffer(raw, dtype=np.uint64, count=_N, offset=24).astype(np.uint32)
        off = 24 + 8 * _N
        _, normal_y, _, normal_valid = _NORMAL.unpack_from(raw, off)
        nf, nf_valid = _FLOAT.unpack_from(raw, off + _NORMAL.size)
        self._seed = seed
        # torch draws state[next] after --left; left == 1 means the next draw regenerates the state
        pos = _N if left == 1 else nxt
        self._mt.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": pos}}
        self._fresh = left == 1 and nxt == 0
        self.next_double = normal_y if normal_valid else None
        self.next_float = nf if nf_valid else None
        return self

    def clone_state(self) -> "Generator":
        """A new generator in this one's state."""
        g = Generator()
        g.set_state(self.get_state())
        return g

    def get_offset(self) -> int:
        raise RuntimeError("CPU Generator does not use offset")

    def set_offset(self, offset: int) -> "Generator":
        raise RuntimeError("CPU Generator does not use offset")

    # ------------------------------------------------------------------ the raw stream
    def words(self, n: int) -> np.ndarray:
        """The next ``n`` 32-bit words (torch's ``random()``), as uint64."""
        if n <= 0:
            return np.empty(0, dtype=_U64)
        self._fresh = False
        return self._mt.random_raw(n)

    def words32(self, n: int) -> np.ndarray:
        """The next ``n`` 32-bit words, as uint32."""
        if n <= 0:
            return np.empty(0, dtype=np.uint32)
        self._fresh = False
        if n < _BULK:
            return self._mt.random_raw(n).astype(np.uint32)
        return self._bits(0, 1 << 32, size=n, dtype=np.uint32)

    def words64(self, n: int) -> np.ndarray:
        """The next ``n`` 64-bit words (torch's ``random64()``: two draws, the first the high half)."""
        if n <= 0:
            return np.empty(0, dtype=_U64)
        self._fresh = False
        if n < _BULK:
            w = self._mt.random_raw(2 * n)
            hi = w[0::2]
            hi <<= _U64(32)
            hi |= w[1::2]
            return hi
        return self._bits(0, 1 << 64, size=n, dtype=_U64)

    def uniform24(self, n: int) -> np.ndarray:
        """``n`` float32 uniforms in [0, 1): ``(random() & (2**24 - 1)) * 2**-24``."""
        w = self.words32(n)
        w &= np.uint32(0xFFFFFF)
        out = w.view(np.int32).astype(np.float32)
        out *= np.float32(2.0 ** -24)
        return out

    def uniform53(self, n: int) -> np.ndarray:
        """``n`` float64 uniforms in [0, 1): ``(random64() & (2**53 - 1)) * 2**-53``."""
        w = self.words64(n)
        w &= _U64((1 << 53) - 1)
        out = w.astype(np.float64)
        out *= 2.0 ** -53
        return out

    def tell(self):
        """A bookmark of the stream position (:meth:`rewind` returns to it)."""
        return self._mt.state, self._fresh

    def rewind(self, mark, consumed: int) -> None:
        """Go back to ``mark`` and move on ``consumed`` words (for samplers that over-draw)."""
        self._mt.state, self._fresh = mark
        if consumed:
            self.words(consumed)


def _random_seed() -> int:
    return int.from_bytes(os.urandom(8), "little")


default_generator = Generator()
default_generator._reseed(_random_seed())    # as torch: a fresh process starts from a random seed


def get_generator(generator) -> Generator:
    """``generator`` or the default one; torch's TypeError for anything else."""
    if generator is None:
        return default_generator
    if not isinstance(generator, Generator):
        raise TypeError(f"expected a torch.Generator, but got {type(generator).__name__}")
    return generator


def manual_seed(seed) -> Generator:
    """Seed the global generator: afterwards the same calls give the same numbers as torch."""
    return default_generator.manual_seed(int(seed))


def seed() -> int:
    """Seed the global generator from the OS's entropy; return the seed."""
    return default_generator.seed()


def initial_seed() -> int:
    """The global generator's seed."""
    return default_generator.initial_seed()


def get_rng_state() -> Tensor:
    """The global generator's state (uint8 tensor, torch's layout)."""
    return default_generator.get_state()


def set_rng_state(new_state) -> None:
    """Restore the global generator's state."""
    default_generator.set_state(new_state)


@contextmanager
def fork_rng(devices=None, enabled: bool = True, _caller: str = "fork_rng", _devices_kw: str = "devices",
             device_type: str = "cuda"):
    """Restore the global generator's state on exit (``torch.random.fork_rng``)."""
    if not enabled:
        yield
        return
    state = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(state)
