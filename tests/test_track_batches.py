"""An ingest in several batches stores the groups and counts that one batch stores.

One ingest keeps, from batch to batch, the latest reports of each speaker and party set and the
heads (counts, dates, label) of the groups it grows (kg.tracking.track.Memory) instead of
reading them again: what it stores must be what reading them again stores, and stay right when
an article is deleted or ingested again in between."""

from __future__ import annotations

from pathlib import Path

from kg.article import from_text
from kg.ingest import delete_article, ingest, ingest_articles
from kg.store import Store
from tests.test_track_stability import content, snapshot  # one definition of what a group holds

# Two claims repeated by one speaker (one denied), one outcome of two parties reported alike by
# three parties, a report that bridges two groups, and unrelated ones; with and without date and
# publisher, and two articles of one publisher.
TEXTS = (
    "date 2024-05-02\npublisher Harbour News\n\nPort\n\nTransport Minister Ama Owusu said the port "
    "of Tema would reopen in June.",
    "date 2024-05-03\npublisher Coast Daily\n\nBorder\n\nGhana and Togo agreed to reopen the Aflao "
    "border crossing to trucks, the two governments said.",
    "Port again\n\nTransport Minister Ama Owusu said on Monday that the port of Tema would reopen in June.",
    "date 2024-05-01\npublisher Coast Daily\n\nBorder deal\n\nGhana and Togo have agreed to reopen the "
    "Aflao crossing for freight trucks, officials said.",
    "date 2024-05-05\npublisher Lake Post\n\nRail\n\nKenya and Uganda agreed to build a rail link "
    "between Kampala and Nairobi, the two governments said.",
    "date 2024-05-06\npublisher Harbour News\n\nRunway\n\nTransport Minister Ama Owusu said the "
    "government would hire 300 customs officers at Kotoka airport.",
    "date 2024-05-04\n\nNo reopening\n\nTransport Minister Ama Owusu said the port of Tema would not "
    "reopen in June.",
    "date 2024-05-07\npublisher Lome Times\n\nThree nations\n\nGhana, Togo and Benin agreed to reopen "
    "the Aflao border crossing to trucks, officials said.",
    "date 2024-05-08\npublisher Lake Post\n\nRail deal\n\nUganda and Kenya have agreed to build a "
    "railway from Nairobi to Kampala, officials said.",
    "date 2024-05-09\npublisher Airport Weekly\n\nAirport\n\nTransport Minister Ama Owusu said the "
    "government would build a new runway at Kotoka airport.",
    "date 2024-05-10\npublisher Airport Weekly\n\nAirport plan\n\nTransport Minister Ama Owusu said "
    "the government would build a new runway at Kotoka airport with 300 customs officers.",
    "date 2024-05-02\n\nRice\n\nAgriculture Minister Kofi Mensah said rice output rose 8 percent this year.",
)


def corpus(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = []
    for i, text in enumerate(TEXTS):
        paths.append(folder / f"a{i:02d}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    return paths


def test_an_ingest_in_batches_stores_what_the_same_batches_read_anew_and_what_one_batch_stores(tmp_path):
    paths = corpus(tmp_path / "texts")
    with Store(str(tmp_path / "batches")) as store:
        assert ingest(paths, store, batch_size=3).ok
        batched = snapshot(store)
    with Store(str(tmp_path / "anew")) as store:  # each batch on its own: nothing kept between them
        articles = [from_text(p.read_text(encoding="utf-8"), source=str(p)) for p in paths]
        for i in range(0, len(articles), 3):
            ingest_articles(articles[i : i + 3], store)
        assert snapshot(store) == batched
    with Store(str(tmp_path / "one")) as store:
        ingest_articles(articles, store)
        single = snapshot(store)
    assert content(batched) == content(single)
    grown = [g for g in single if g[3] > 1]
    assert {g[1] for g in grown} == {"claim", "outcome"}  # the corpus makes groups of both kinds
    assert any(g[4] < g[3] for g in grown)  # and one that counts a publisher once for two articles


def test_counts_stay_right_when_an_ingest_meets_deleted_and_stored_articles(tmp_path):
    paths = corpus(tmp_path / "texts")
    with Store(str(tmp_path / "one")) as store:
        ingest_articles([from_text(p.read_text(encoding="utf-8"), source=str(p)) for p in paths], store)
        expected = content(snapshot(store))
    with Store(str(tmp_path / "mixed")) as store:
        assert ingest(paths[:6], store, batch_size=2).ok
        assert delete_article(from_text(TEXTS[3]).id, store)
        # Stored articles ingested again (their groups rebuilt), the deleted one back, new ones
        # joining the groups the rebuilt ones hold, all in one ingest of batches of two.
        assert ingest(paths, store, batch_size=2, force=True).ok
        assert content(snapshot(store)) == expected
        assert delete_article(from_text(TEXTS[7]).id, store)
        assert ingest(paths[6:], store, batch_size=2).ok
        assert content(snapshot(store)) == expected


def test_an_article_stored_again_with_other_metadata_changes_the_counts_of_its_group(tmp_path):
    # One text, so one article id: stored again (force) with another date and publisher, its
    # group is rebuilt in the middle of the ingest, and later batches count from the rebuilt one.
    redated = TEXTS[1].replace("2024-05-03\npublisher Coast Daily", "2024-04-20\npublisher Volta Wire")
    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in (("a0", TEXTS[3]), ("a1", redated), ("a2", TEXTS[7]), ("a3", TEXTS[0])):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    with Store(str(tmp_path / "one")) as store:
        ingest_articles([from_text(t) for t in (TEXTS[3], redated, TEXTS[7], TEXTS[0])], store)
        expected = content(snapshot(store))
    border = next(g for g in expected if g[0] == "outcome" and g[2] == 3)
    assert (border[3], border[4], border[5]) == (3, "2024-04-20", "2024-05-07")
    with Store(str(tmp_path / "again")) as store:
        ingest_articles([from_text(TEXTS[1])], store)
        assert ingest(sorted(folder.iterdir()), store, batch_size=1, force=True).ok
        assert content(snapshot(store)) == expected
