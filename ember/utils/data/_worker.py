"""Worker processes for ``DataLoader(num_workers > 0)``: the loop each worker runs, the
:func:`get_worker_info` it sees, and the wrapper that carries a worker's exception home."""
from __future__ import annotations

import queue
import random
import sys
import traceback
from dataclasses import dataclass
from typing import Any, Callable

from ...random import manual_seed

__all__ = ["WorkerInfo", "get_worker_info", "ExceptionWrapper"]

_worker_info: "WorkerInfo | None" = None


@dataclass(frozen=True)
class WorkerInfo:
    """What a worker knows about itself: ``id``, ``num_workers``, ``seed`` and its copy of ``dataset``."""

    id: int
    num_workers: int
    seed: int
    dataset: Any


def get_worker_info() -> WorkerInfo | None:
    r"""The :class:`WorkerInfo` of this DataLoader worker process; ``None`` in the main process."""
    return _worker_info


class ExceptionWrapper:
    """An exception and its formatted traceback, picklable, re-raised in the main process."""

    def __init__(self, exc_info: Any = None, where: str = "in background") -> None:
        if exc_info is None:
            exc_info = sys.exc_info()
        self.exc_type = exc_info[0]
        self.exc_msg = "".join(traceback.format_exception(*exc_info))
        self.where = where

    def reraise(self) -> None:
        msg = f"Caught {self.exc_type.__name__} {self.where}.\nOriginal {self.exc_msg}"
        if self.exc_type is KeyError:
            msg = KeyErrorMessage(msg)
        try:
            exception = self.exc_type(msg)
        except Exception:
            raise RuntimeError(msg) from None
        raise exception


class KeyErrorMessage(str):
    """A KeyError's text printed as is (KeyError would repr its message)."""

    def __repr__(self) -> str:
        return str(self)


class IterableDatasetStopIteration:
    """Sent by a worker whose iterable dataset is exhausted."""

    def __init__(self, worker_id: int) -> None:
        self.worker_id = worker_id


def worker_loop(kind_iterable: bool, dataset: Any, index_queue: Any, data_queue: Any, done_event: Any,
                auto_collation: bool, collate_fn: Callable, drop_last: bool, base_seed: int,
                init_fn: Callable | None, worker_id: int, num_workers: int) -> None:
    """The loop of one worker: take ``(send_idx, index)`` tasks, put ``(send_idx, batch)`` results."""
    global _worker_info
    try:
        seed = base_seed + worker_id
        random.seed(seed)
        manual_seed(seed)
        _worker_info = WorkerInfo(id=worker_id, num_workers=num_workers, seed=seed, dataset=dataset)
        init_exception = None
        try:
            if init_fn is not None:
                init_fn(worker_id)
            it = iter(dataset) if kind_iterable else None
        except Exception:
            init_exception = ExceptionWrapper(where=f"in DataLoader worker process {worker_id}")
        exhausted = False
        while True:
            try:
                task = index_queue.get(timeout=5.0)
            except queue.Empty:
                if done_event.is_set():
                    break
                continue
            if task is None:
                break
            if done_event.is_set() or exhausted:
                continue
            idx, index = task
            if init_exception is not None:
                data: Any = init_exception
                init_exception = None
            else:
                try:
                    data = _fetch(kind_iterable, dataset, it, index, auto_collation, collate_fn, drop_last)
                except StopIteration:
                    data = IterableDatasetStopIteration(worker_id)
                    exhausted = True
                except Exception:
                    data = ExceptionWrapper(where=f"in DataLoader worker process {worker_id}")
            data_queue.put((idx, data))
    except KeyboardInterrupt:
        pass
    if done_event.is_set():
        data_queue.cancel_join_thread()
        data_queue.close()


def _fetch(kind_iterable: bool, dataset: Any, it: Any, index: Any, auto_collation: bool, collate_fn: Callable,
           drop_last: bool) -> Any:
    """One batch (or one sample, without auto-collation), as torch's fetchers make it."""
    if kind_iterable:
        if auto_collation:
            data = []
            for _ in index:
                try:
                    data.append(next(it))
                except StopIteration:
                    break
            if len(data) == 0 or (drop_last and len(data) < len(index)):
                raise StopIteration
        else:
            data = next(it)
        return collate_fn(data)
    if auto_collation:
        if callable(getattr(dataset, "__getitems__", None)):
            data = dataset.__getitems__(index)
        else:
            data = [dataset[idx] for idx in index]
    else:
        data = dataset[index]
    return collate_fn(data)
