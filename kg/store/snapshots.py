"""Read-only copies of an embedded store for other processes to read while this one writes.

A process that opens the live store read-only (Store.read_only) sees the files RocksDB
listed at that moment, but opens them lazily; a compaction of the writing process may delete
one first, and Oxigraph was seen to fill the reader's memory with RocksDB's error messages
when that happened. A checkpoint (hard links, milliseconds) is a store of its own whose files
nothing deletes: readers open that instead, one checkpoint per store generation, removed once
it is superseded and no reader holds a lease on it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PREFIX = ".kg-snapshots-"


@dataclass
class _Copy:
    generation: int
    folder: str
    leases: int = 0


class Snapshots:
    """Checkpoints of the store at `location`, written by `checkpoint(folder)`, read by leases."""

    def __init__(
        self, location: str, checkpoint: Callable[[str], None], generation: Callable[[], int]
    ) -> None:
        self._checkpoint = checkpoint
        self._generation = generation
        self._lock = threading.Lock()
        self._current: _Copy | None = None
        self._retired: list[_Copy] = []
        self._made = 0
        self._location = location
        self._root: str | None = None  # made on the first lease

    @contextmanager
    def lease(self) -> Iterator[str]:
        """Yield the folder of a checkpoint no older than the store is now, kept while leased."""
        with self._lock:
            copy = self._fresh()
            copy.leases += 1
        try:
            yield copy.folder
        finally:
            with self._lock:
                copy.leases -= 1
                self._sweep()

    def close(self) -> None:
        """Remove every checkpoint (the readers' open files stay readable until they close them)."""
        with self._lock:
            self._current, self._retired = None, []
            if self._root is not None:
                shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    def _fresh(self) -> _Copy:
        generation = self._generation()  # read first: the copy may be newer, never older
        if self._current is None or self._current.generation != generation:
            if self._root is None:
                self._root = scratch_root(self._location)
            self._made += 1
            folder = str(Path(self._root) / str(self._made))
            self._checkpoint(folder)
            if self._current is not None:
                self._retired.append(self._current)
            self._current = _Copy(generation, folder)
            self._sweep()
        return self._current

    def _sweep(self) -> None:
        for copy in [c for c in self._retired if c.leases == 0]:
            shutil.rmtree(copy.folder, ignore_errors=True)
            self._retired.remove(copy)


def scratch_root(location: str) -> str:
    """Make a folder of this process's for copies of the store at `location`; first remove those
    of processes that no longer run (a kill leaves them)."""
    parent = scratch_folder(location)
    _remove_orphans(parent)
    return tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=parent)


def scratch_folder(location: str) -> str | None:
    """Where copies of the store at `location` go: beside it (hard links need the same file
    system), else the temporary folder (None)."""
    parent = Path(location).resolve().parent
    return str(parent) if os.access(parent, os.W_OK) else None


def _remove_orphans(parent: str | None) -> None:
    """Remove snapshot folders left by processes that no longer run (a kill leaves them)."""
    for folder in Path(parent or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        pid = folder.name.removeprefix(PREFIX).partition("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
