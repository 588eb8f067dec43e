"""Shared fixtures: the seed articles, and real Oxigraph stores in temporary folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.ingest import ingest
from kg.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "eval" / "gold"


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def store(tmp_path: Path):
    db = Store(str(tmp_path / "store"))
    yield db
    db.close()


@pytest.fixture(scope="session")
def seeded_location(tmp_path_factory, seed_files) -> Path:
    """A store folder holding the two seed articles, built once per session (copy it to modify)."""
    location = tmp_path_factory.mktemp("seeded") / "store"
    db = Store(str(location))
    report = ingest(seed_files, db)
    assert report.ok and len(report.ingested) == 2
    db.close()
    return location


@pytest.fixture
def seeded_store(seeded_location: Path, tmp_path: Path):
    """A private copy of the seeded store that a test may change."""
    location = tmp_path / "seeded"
    shutil.copytree(seeded_location, location)
    db = Store(str(location))
    yield db
    db.close()
