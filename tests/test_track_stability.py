"""Tracked groups hold: an article that names none of a group's speakers or parties never
changes that group, whatever the order articles arrive in, and deleting it restores the groups."""

from __future__ import annotations

import json
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.article import from_text
from kg.ingest import delete_article, ingest, ingest_article, ingest_articles
from kg.read.tracked import tracked
from kg.store import Store
from kg.tracking import groups, track

# Reports that group: one outcome of two parties (agreed twice, rejected once), one claim of
# one speaker (said twice, denied once), with and without publisher and date.
RELATED = (
    "date 2024-03-02\npublisher Coast Daily\n\nGhana, Togo agree border deal\n\nGhana and Togo agreed "
    "to reopen the Aflao border crossing to trucks, the two governments said on Saturday.",
    "date 2024-03-04\n\nBorder to reopen\n\nGhana and Togo have agreed to reopen the Aflao crossing for "
    "freight trucks, officials said.",
    "publisher Lome Times\n\nTogo and Ghana fall out\n\nGhana and Togo rejected a plan to reopen the "
    "Aflao border crossing to trucks, the two governments said.",
    "date 2024-04-01\npublisher Coast Daily\n\nFuel taxes\n\nFinance Minister Ama Owusu said the budget "
    "would raise fuel taxes.",
    "Budget day\n\nFinance Minister Ama Owusu said on Monday that the budget would raise fuel taxes.",
    "date 2024-04-03\n\nNo new taxes\n\nFinance Minister Ama Owusu said the budget would not raise "
    "fuel taxes.",
)
# Articles naming none of those speakers or parties, some of them alike among themselves.
UNRELATED = (
    "Vote\n\nThe United States rejected the accord and did not take part in the vote, a State "
    "Department spokesperson said.",
    "date 2024-03-03\n\nRail link\n\nKenya and Uganda agreed to build a rail link between Kampala and "
    "Nairobi, the two governments said.",
    "date 2024-03-05\npublisher Lake Post\n\nRail deal\n\nUganda and Kenya have agreed to build a "
    "railway from Nairobi to Kampala, officials said.",
    "Clinics\n\nHealth Minister Pedro Alves said the new clinic in Beira would open in May.",
    "date 2024-03-02\n\nRice\n\nAgriculture Minister Kofi Mensah said rice output rose 8 percent this year.",
)


def snapshot(store: Store) -> set[tuple]:
    """The tracked groups as comparable values (reports of one article come in any order)."""
    return {
        (
            g.id,
            g.kind,
            g.label,
            g.articles,
            g.publishers,
            g.first,
            g.last,
            frozenset(g.reports),
            frozenset(g.contradictions),
        )
        for g in tracked(store, limit=10_000)
    }


def content(groups: set[tuple]) -> set[tuple]:
    """What groups hold, whatever order built them: a group keeps the id it was made with, and
    a new report contradicts the first published of those it was compared with."""
    return {(*g[1:8], bool(g[8])) for g in groups}


_baseline: dict[str, set[tuple]] = {}


def baseline() -> set[tuple]:
    """The groups of the related articles alone, ingested in their given order."""
    if "related" not in _baseline:
        with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
            for text in RELATED:
                ingest_article(from_text(text), store)
            _baseline["related"] = snapshot(store)
    return _baseline["related"]


def test_the_related_articles_make_one_outcome_and_one_claim_group_with_their_counts():
    groups = sorted((g for g in baseline() if g[3] > 1), key=lambda g: g[3])
    # "the two governments said" is also a claim of Ghana and one of Togo (joint speakers, GUIDELINES.md):
    # the claim group of three articles is the budget one
    outcome = next(g for g in groups if g[1] == "outcome")
    claim = [g for g in groups if g[1] == "claim"][-1]
    assert outcome[3:7] == (3, 2, "2024-03-02", "2024-03-04")  # 3 articles, 2 named publishers
    assert claim[3:7] == (3, 1, "2024-04-01", "2024-04-03")
    assert len(outcome[8]) == 1 and len(claim[8]) == 1  # agreed vs rejected; said vs denied


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_unrelated_articles_in_any_order_never_change_a_group_and_deleting_them_restores_it(data):
    extra = data.draw(st.lists(st.sampled_from(range(len(UNRELATED))), min_size=1, max_size=3, unique=True))
    texts = [*RELATED, *(UNRELATED[i] for i in extra)]
    order = data.draw(st.permutations(range(len(texts))))
    sizes = data.draw(st.lists(st.integers(1, 3), min_size=len(texts), max_size=len(texts)))
    with tempfile.TemporaryDirectory() as tmp, Store(tmp) as store:
        queue = [from_text(texts[i]) for i in order]
        for size in sizes:  # batches of 1 to 3 articles, each one transaction
            if queue:
                ingest_articles(queue[:size], store)
                queue = queue[size:]
        related_ids = {from_text(t).id for t in RELATED}
        kept = {g for g in snapshot(store) if {r.article_id for r in g[7]} <= related_ids}
        assert content(kept) == content(baseline())
        for i in extra:
            assert delete_article(from_text(UNRELATED[i]).id, store)
        assert snapshot(store) == kept


SEED_GROUPS_TEXT = (
    "The United States rejected the accord and did not take part in the vote, a State Department "
    "spokesperson said."
)


def test_one_unrelated_article_or_two_wire_stories_leave_the_seed_groups_standing(seeded_store, tmp_path):
    before = {g for g in snapshot(seeded_store) if g[3] > 1}
    assert len(before) >= 2  # the high-level teams, the peace agreement
    article = from_text(SEED_GROUPS_TEXT)
    ingest_article(article, seeded_store)
    assert {g for g in snapshot(seeded_store) if g[3] > 1} == before
    wire = tmp_path / "wire.jsonl"
    stories = [
        {"title": "Port strike", "text": "Dock workers in Durban said the strike would end on Friday."},
        {"title": "Dam", "text": "Zambia and Zimbabwe agreed to raise the Kariba dam wall, officials said."},
    ]
    wire.write_text("".join(json.dumps(s) + "\n" for s in stories))
    assert ingest([wire], seeded_store).ok
    assert {g for g in snapshot(seeded_store) if g[3] > 1} == before
    assert delete_article(article.id, seeded_store)
    assert {g for g in snapshot(seeded_store) if g[3] > 1} == before


def test_articles_with_no_publisher_count_no_publisher(seeded_store):
    # The seeds name no publisher: two articles of unknown publishers may be one outlet's.
    assert all(g.publishers == 0 for g in tracked(seeded_store, limit=1000))


RUNWAY = "the government would build a new runway at Kotoka airport"
BOTH = "the government would build a new runway at Kotoka airport with 300 customs officers"
OFFICERS = "the government would hire 300 customs officers at Kotoka airport"


def _said(day: int, what: str) -> str:
    return (
        f"date 2024-06-0{day}\npublisher Outlet {day}\n\nAirport, day {day}\n\nTransport Minister Ama Owusu "
        f"said {what}."
    )


def test_a_report_that_links_two_groups_merges_them_into_the_larger_as_a_batch_would(tmp_path):
    texts = [_said(1, RUNWAY), _said(2, RUNWAY), _said(3, OFFICERS), _said(4, BOTH)]
    with Store(str(tmp_path / "one-by-one")) as store:
        for text in texts[:3]:
            ingest_article(from_text(text), store)
        before = {g.id: g for g in tracked(store, kind="claim")}
        assert sorted(g.articles for g in before.values()) == [1, 2]
        larger = next(gid for gid, g in before.items() if g.articles == 2)
        ingest_article(from_text(texts[3]), store)
        (merged,) = tracked(store, kind="claim")
        assert merged.id == larger  # the larger group's address stays; the smaller one's is gone
        assert (merged.articles, merged.publishers, merged.first, merged.last) == (
            4,
            4,
            "2024-06-01",
            "2024-06-04",
        )
        assert store.graph_names(groups.GROUP_GRAPH) == [larger]
        links = store.query(f"SELECT (COUNT(?l) AS ?n) WHERE {{ <{track.ID}tracked/{larger}> cg:link ?l }}")
        assert int(next(iter(links))[0]) == 3  # still a spanning tree
        stepwise = snapshot(store)
    with Store(str(tmp_path / "batch")) as store:
        ingest_articles([from_text(t) for t in texts], store)
        assert content(snapshot(store)) == content(stepwise)
