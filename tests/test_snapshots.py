"""Snapshots: the checkpoints job workers read while the serving process writes (kg.store.snapshots).

Real embedded stores on disk; the writes are real article ingests, with RocksDB compacting
under them (every change flushes its memtables, so many small files get merged away).
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from kg.article import from_text
from kg.ingest import ingest_article
from kg.store import Store, open_copy
from kg.store.snapshots import PREFIX

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _count(folder: str) -> int:
    reader = ox.Store.read_only(folder)
    try:
        return int(next(iter(reader.query(COUNT)))["n"].value)
    finally:
        del reader


def _write(store: Store, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        text = f"Mayor Ada Lindqvist{i} said on Monday that the city would open {i} new libraries."
        ingest_article(from_text(text, title=f"Libraries {i}", source=f"lib-{i}.txt"), store)


def _snapshot_folders(store_folder: Path) -> list[Path]:
    return [p for root in store_folder.parent.glob(f"{PREFIX}*") for p in root.iterdir()]


def test_a_leased_snapshot_keeps_the_store_as_it_was_while_the_store_is_rewritten(tmp_path: Path):
    store = Store(str(tmp_path / "store"))
    try:
        _write(store, 3)
        with store.snapshot() as folder:
            before = _count(folder)
            _write(store, 15, start=3)
            store._backend._ox.optimize()  # compact now: the live store's old files are deleted
            assert _count(folder) == before  # read after the compaction: every file still there
        with store.snapshot() as newer:
            assert newer != folder
            assert _count(newer) > before
    finally:
        store.close()


def test_one_snapshot_per_generation_removed_once_superseded_and_released(tmp_path: Path):
    store = Store(str(tmp_path / "store"))
    try:
        _write(store, 1)
        with store.snapshot() as first, store.snapshot() as again:
            assert first == again  # nothing changed between: the same checkpoint serves both
            _write(store, 1, start=1)
            with store.snapshot() as second:
                assert second != first
                assert Path(first).exists()  # superseded, but still leased
            assert Path(second).exists()  # current: kept for the next reader
        assert not Path(first).exists()
        assert [str(p) for p in _snapshot_folders(tmp_path / "store")] == [second]
    finally:
        store.close()
    assert _snapshot_folders(tmp_path / "store") == []


def test_snapshot_folders_of_a_process_that_died_are_removed(tmp_path: Path):
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)
    orphan = tmp_path / f"{PREFIX}{dead}-x" / "1"
    orphan.mkdir(parents=True)
    mine = tmp_path / f"{PREFIX}{os.getpid()}-y"
    mine.mkdir()
    store = Store(str(tmp_path / "store"))
    try:
        _write(store, 1)
        with store.snapshot():
            assert not orphan.parent.exists()
            assert mine.exists()  # a running process's folder is left alone
    finally:
        store.close()


def test_a_command_reads_a_held_store_from_a_private_copy_that_goes_when_it_closes(tmp_path: Path):
    """`kg query` while `kg serve` writes: the copy keeps every file the writer then compacts away."""
    store = Store(str(tmp_path / "store"))
    try:
        _write(store, 3)
        copy = open_copy(str(tmp_path / "store"))  # the writer holds the lock: Store() would fail
        try:
            before = len(copy.article_ids())
            _write(store, 15, start=3)
            store._backend._ox.optimize()  # the live store's old files are deleted
            assert len(copy.article_ids()) == before == 3
            assert _count(copy.location) > 0
        finally:
            copy.close()
        assert _snapshot_folders(tmp_path / "store") == []
    finally:
        store.close()
