"""Real news at volume: a sample of PolNeAR (political news nobody here wrote) ingests with no
failure. The whole of train + dev (924 articles) is bench/ingest_real.py's; this is 40 of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.ingest import ingest
from kg.store import Store
from kg.tracking import track

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
SAMPLE = 40


@pytest.fixture(scope="module")
def polnear_sample(tmp_path_factory) -> list[Path]:
    if not (EVAL / "polnear.py").exists():
        pytest.skip(f"{EVAL} is absent: PolNeAR lives in ../shared/eval")
    folder = tmp_path_factory.mktemp("polnear") / "dev"
    subprocess.run(
        [sys.executable, str(EVAL / "polnear.py"), "export", "dev", str(folder)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # Every other article of the split (spread over it, not its first files); among them are
    # three that once made actor resolution recurse without end.
    return sorted(folder.glob("*.txt"))[1::2][:SAMPLE]


def test_a_sample_of_real_political_news_ingests_with_no_failure(polnear_sample, tmp_path):
    assert len(polnear_sample) == SAMPLE
    with Store(str(tmp_path / "db")) as db:
        report = ingest(polnear_sample, db)
        assert [str(e) for e in report.failed] == [] and report.stopped is None
        assert len(report.ingested) == SAMPLE and len(db.article_ids()) == SAMPLE
        assert sum(i.claims for i in report.ingested) > 5 * SAMPLE  # real news: claims in every story
        assert track.ungrouped(db, db.article_ids()) == []
