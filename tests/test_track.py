"""Tracking: one node for the same claim or outcome reported by several articles."""

from __future__ import annotations

import gc
import itertools

import pytest

from kg.article import from_text
from kg.ingest import delete_article, ingest, ingest_article
from kg.read.tracked import tracked
from kg.store import Store
from kg.tracking import reports, track
from kg.tracking.groups import Group, contradictions
from kg.tracking.similarity import Comparer

LAGOS = (
    "date 2024-03-02 Ghana, Togo agree border deal\n\nGhana and Togo agreed to reopen the Aflao border "
    "crossing to trucks, the two governments said on Saturday."
)
ACCRA = (
    "date 2024-03-04 Border to reopen\n\nGhana and Togo have agreed to reopen the Aflao crossing for "
    "freight trucks, officials said.\n\nThe two countries also agreed to build a joint customs post."
)
LOME = (
    "date 2024-03-06 Togo rejects reopening\n\nTogo rejected a plan to reopen the Aflao border crossing to "
    "trucks, a spokesman said."
)


def groups(store: Store, kind: str = "all") -> set[frozenset[str]]:
    return {frozenset(r.text for r in g.reports) for g in tracked(store, kind=kind, limit=1000)}


def test_seed_reports_of_the_same_outcome_are_one_tracked_outcome(seeded_store):
    found = {g.label: g for g in tracked(seeded_store, kind="outcome", min_articles=2)}
    teams = [g for g in found.values() if "high-level teams" in g.label]
    assert len(teams) == 1
    assert teams[0].articles == 2
    assert {r.text for r in teams[0].reports} == {
        "establish high-level teams to begin work on resolving the Ukraine conflict",
        "form high-level teams to explore a path to resolving the Ukraine conflict",
    }


@pytest.mark.xfail(
    strict=True,
    reason="embeddings 0.58-0.64, below the 0.68 cut (the seeds' false merges scored 0.645-0.669); "
    "outcomes are compared by the cuts (the pair model, fitted on claims, gives it 0.29 anyway)",
)
def test_embassy_staffing_and_diplomatic_missions_are_one_outcome(seeded_store):
    for g in tracked(seeded_store, kind="outcome"):
        texts = {r.text for r in g.reports}
        if "restore their previous embassy staffing levels in Washington and Moscow" in texts:
            assert "restore the normal functioning of diplomatic missions" in texts
            return
    raise AssertionError("no tracked outcome holds the embassy staffing report")


def test_a_link_the_pair_model_decided_keeps_its_probability(seeded_store):
    from kg.tracking.embed import available
    from kg.tracking.pair_model import load_pair_model

    if not available() or load_pair_model() is None:
        pytest.skip("the pair model, and the sentence embeddings it weighs, are needed")
    rows = seeded_store.query("""PREFIX cg: <https://w3id.org/claimgraph#>
        SELECT ?p ?m WHERE { ?link a cg:SimilarityLink ; cg:sameProbability ?p ; cg:method ?m }""")
    probabilities = [float(r.p) for r in rows]
    assert probabilities and {str(r.m) for r in rows} == {"lemma-dice+minilm+pair-model"}
    assert all(load_pair_model().settings.threshold <= p <= 1 for p in probabilities)
    # Outcomes are compared by the cuts: the model was fitted on claim contents.
    outcome_links = seeded_store.query("""PREFIX cg: <https://w3id.org/claimgraph#>
        SELECT ?m (COUNT(?p) AS ?probabilities) WHERE {
          ?link a cg:SimilarityLink ; cg:between ?o ; cg:method ?m . ?o a cg:Outcome
          OPTIONAL { ?link cg:sameProbability ?p } } GROUP BY ?m""")
    assert [(str(r.m), int(r.probabilities)) for r in outcome_links] == [("lemma-dice+minilm", 0)]


def test_unrelated_outcomes_stay_apart(seeded_store):
    for g in tracked(seeded_store, kind="outcome"):
        texts = " ".join(r.text for r in g.reports)
        assert not ("Arctic" in texts and "peace plan" in texts)
        assert not ("peace plan" in texts and "high-level teams" in texts)


def test_groups_do_not_depend_on_the_order_articles_arrive(tmp_path):
    texts = [LAGOS, ACCRA, LOME]
    results = []
    for order in ([0, 1, 2], [2, 1, 0], [1, 2, 0]):
        with Store(str(tmp_path / "-".join(map(str, order)))) as store:
            for i in order:
                ingest_article(from_text(texts[i]), store)
            results.append(groups(store, kind="outcome"))
    assert results[0] == results[1] == results[2]
    border = [g for g in results[0] if any("Aflao" in t for t in g)]
    assert len(border) == 1 and len(next(iter(border))) == 3


def test_a_group_counts_articles_dates_and_explains_its_links(store):
    for text in (LAGOS, ACCRA):
        ingest_article(from_text(text), store)
    (group,) = [g for g in tracked(store, kind="outcome") if g.articles == 2]
    assert (group.first, group.last) == ("2024-03-02", "2024-03-04")
    assert [r.date for r in group.reports] == ["2024-03-02", "2024-03-04"]  # who reported it first
    rows = list(
        store.query("""PREFIX cg: <https://w3id.org/claimgraph#>
        SELECT ?score ?terms WHERE { ?t cg:link ?l . ?l cg:similarity ?score ; cg:sharedTerms ?terms }""")
    )
    assert rows and all(float(r.score) > 0.5 for r in rows)
    assert any("aflao" in str(r.terms) and "reopen" in str(r.terms) for r in rows)


def test_agreed_and_rejected_reports_of_one_outcome_contradict(store):
    for text in (LAGOS, LOME):
        ingest_article(from_text(text), store)
    (group,) = [g for g in tracked(store, kind="outcome") if g.articles == 2]
    assert len(group.contradictions) == 1


def test_a_claim_and_its_negation_by_the_same_speaker_contradict(store):
    ingest_article(
        from_text("Budget\n\nFinance Minister Ama Owusu said the budget would raise fuel taxes."), store
    )
    ingest_article(
        from_text("Taxes\n\nFinance Minister Ama Owusu said the budget would not raise fuel taxes."), store
    )
    (group,) = [g for g in tracked(store, kind="claim") if g.articles == 2]
    assert len(group.contradictions) == 1


def test_deleting_an_article_removes_its_reports_and_emptied_groups(store):
    ids = [ingest_article(from_text(t), store).article_id for t in (LAGOS, ACCRA)]
    before = len(tracked(store, limit=1000))
    assert delete_article(ids[1], store)
    after = tracked(store, limit=1000)
    assert all(r.article_id == ids[0] for g in after for r in g.reports)
    assert len(after) < before
    assert delete_article(ids[0], store)
    assert tracked(store, limit=1000) == []
    assert store.stats().triples == 0


def test_a_new_article_adds_to_the_groups_it_touches_which_keep_their_ids(store):
    ingest_article(from_text(LAGOS), store)
    ingest_article(
        from_text("Rice\n\nThe agriculture minister, Kofi Mensah, said rice output rose 8 percent."), store
    )
    before = {g.id: g for g in tracked(store, limit=100)}
    ingest_article(from_text(ACCRA), store)
    after = {g.id: g for g in tracked(store, limit=100)}
    assert set(before) <= set(after)  # a group's address stays as reports join it
    grown = [gid for gid in before if after[gid] != before[gid]]
    assert len(grown) == 1 and after[grown[0]].articles == 2  # the border outcome's group, grown
    assert "Aflao" in after[grown[0]].label


def test_reingesting_changes_nothing(seeded_store, seed_files):
    before = seeded_store.stats()
    tracked_before = groups(seeded_store)
    ingest(seed_files, seeded_store)
    assert seeded_store.stats() == before
    assert groups(seeded_store) == tracked_before


def test_the_api_lists_tracked_groups_and_shows_one_with_its_reports(seeded_store):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    client = TestClient(create_app(seeded_store, settings=Settings()))
    listed = client.get("/tracked", params={"kind": "outcome", "min_articles": 2, "q": "teams"})
    assert listed.status_code == 200
    (group,) = listed.json()["items"]
    assert listed.json()["total"] == 1 and listed.json()["offset"] == 0
    detail = client.get(f"/tracked/{group['id']}").json()
    assert detail["articles"] == 2 and len(detail["reports"]) == 2
    assert all(r["quote"] and r["article_title"] for r in detail["reports"])
    assert client.get("/tracked/0000000000000000").status_code == 404
    assert client.get("/tracked/not-an-id").status_code == 404


def test_a_report_joins_its_group_through_the_latest_reports_only(store, monkeypatch):
    # Compared with only the 2 latest reports of the speaker, the fifth report still joins
    # the one group: it links to a recent member, and a group is a connected component.
    monkeypatch.setattr(reports, "MAX_CANDIDATES", 2)
    for day in range(1, 6):
        ingest_article(
            from_text(
                f"date 2024-05-0{day} Outlet {day} on the dam\n\nThe dam will be finished by June, "
                f"Energy Minister Kwame Mensah said on day {day}.",
                source=f"outlet{day}",
            ),
            store,
        )
    (group,) = [g for g in tracked(store, kind="claim") if "dam" in g.label]
    assert group.articles == 5
    fifth = [a for a in store.article_ids() if _day(store, a) == 5]
    fresh = track.reports_in(store, [str(track.article_iri(a)) for a in fifth])
    compared = track.candidates_for(store, fresh, [str(track.article_iri(a)) for a in fifth])
    assert sorted(_day(store, r.article.rsplit("/", 1)[-1]) for r in compared) == [3, 4]


def test_a_group_of_n_reports_keeps_n_minus_1_links_and_survives_losing_its_bridge(store):
    articles = []
    for day in range(1, 6):
        article = from_text(
            f"date 2024-05-0{day} Outlet {day} on the port\n\nThe port will reopen in June, "
            f"Transport Minister Ama Owusu said on day {day}.",
            source=f"outlet{day}",
        )
        ingest_article(article, store)
        articles.append(article.id)
    (group,) = [g for g in tracked(store, kind="claim") if "port" in g.label]
    assert group.articles == 5
    links = store.query(f"SELECT (COUNT(?l) AS ?n) WHERE {{ <{track.ID}tracked/{group.id}> cg:link ?l }}")
    assert int(next(iter(links))[0]) == 4  # a spanning tree, not all 10 pairs
    for article_id in articles[1:4]:  # whichever reports bridged the others, the rest stay one group
        delete_article(article_id, store)
    (group,) = [g for g in tracked(store, kind="claim") if "port" in g.label]
    assert group.articles == 2


def _day(store: Store, article_id: str) -> int:
    rows = store.query(f"SELECT ?d WHERE {{ <{track.article_iri(article_id)}> schema:datePublished ?d }}")
    return int(str(next(iter(rows))[0])[-2:])


def test_each_report_contradicts_the_first_earlier_report_saying_the_opposite():
    agreed, rejected = str(track.CG.Agreed), str(track.CG.Rejected)
    reports = tuple(
        track.Report(
            f"r{day}",
            "outcome",
            "reopen the crossing",
            frozenset({"x"}),
            f"a{day}",
            f"2024-05-0{day}",
            None,
            f"e{day}",
            status,
        )
        for day, status in ((1, agreed), (2, rejected), (3, agreed), (4, rejected))
    )
    pairs = contradictions(Group("g", "outcome", reports, ()))
    # Every agreed/rejected pair would be 4; each report keeps only its first opposite.
    assert [(a.iri, b.iri) for a, b in pairs] == [("r1", "r2"), ("r2", "r3"), ("r1", "r4")]


# --- false merges found on the seeds (issue 15) --------------------------------------------


def _group_of(store: Store, text: str) -> set[str]:
    for g in tracked(store, limit=1000):
        texts = {r.text for r in g.reports}
        if text in texts:
            return texts
    raise AssertionError(f"no group holds {text!r}")


def test_economic_opportunities_and_ukraine_peace_are_two_outcomes(seeded_store):
    economy = 'explore "economic and investment opportunities" that will arise after the end of hostilities'
    assert "seek Ukraine peace" not in _group_of(seeded_store, economy + " in Ukraine")


def test_different_diplomatic_outcomes_are_not_one_group(seeded_store):
    missions = _group_of(seeded_store, "restore the normal functioning of diplomatic missions")
    for other in ("create a consultation mechanism", "move forward on several key issues", "work to remove"):
        assert not any(t.startswith((other, f'"{other}')) for t in missions), other


def test_a_claim_that_restates_a_need_does_not_contradict_it(seeded_store):
    group = _group_of(seeded_store, "the need for a permanent end to the war")
    for g in tracked(seeded_store, limit=1000):
        if {r.text for r in g.reports} == group:
            assert g.contradictions == ()


def test_may_the_verb_is_not_a_date_and_opposite_verbs_contradict_in_one_check():
    from kg.tracking.similarity import Comparer

    comparer = Comparer()
    assert comparer.compare("may hire 500 teachers", "will hire 500 teachers").same
    assert not comparer.compare("open the bridge in May", "open the bridge in June").same
    lifted = comparer.compare("lift sanctions on the port", "impose sanctions on the port")
    assert lifted.opposed and not lifted.same
    agreed = str(track.CG.Agreed)
    reports = tuple(
        track.Report(
            f"r{i}", "outcome", text, frozenset({"x"}), f"a{i}", f"2024-05-0{i}", None, f"e{i}", agreed
        )
        for i, text in ((1, "lift sanctions on the port"), (2, "impose sanctions on the port"))
    )
    pairs = contradictions(Group("g", "outcome", reports, ()), comparer)
    assert [(a.iri, b.iri) for a, b in pairs] == [("r1", "r2")]


def test_a_list_of_positions_is_not_each_of_them_but_a_fuller_quote_is_the_same_claim():
    from kg.tracking.similarity import Comparer

    comparer = Comparer()
    one = "the city would close the old bus depot on Main Street"
    listed = one + " and sell the land to a housing cooperative next year"
    assert comparer.compare(one, listed).veto == "one adds a second statement"
    fuller = "the city would close the old bus depot on Main Street, which has been losing money"
    assert comparer.compare(one, fuller).same


def test_what_a_report_asks_or_only_names_is_not_what_another_states_or_denies():
    from kg.tracking.similarity import Comparer

    comparer = Comparer()
    stated = "the council would extend the night bus service to the harbour"
    asked = comparer.compare("whether the council would extend the night bus service to the harbour", stated)
    assert asked.veto == "one asks what the other states" and not asked.same
    which = comparer.compare(
        "which bus routes the council would extend", "the council would extend bus routes"
    )
    assert not which.same
    # A topic is not denied by a statement: only two statements contradict.
    topic = comparer.compare(
        "reports that mention the closed harbour road", "I did not close the harbour road. The road is open."
    )
    assert not topic.opposed
    denied = comparer.compare("the harbour road is closed", "the harbour road is not closed")
    assert denied.opposed


def test_a_fuller_quote_and_going_to_link_but_one_shared_word_does_not():
    from kg.tracking.similarity import Comparer

    comparer = Comparer(use_embeddings=False)  # what the words alone decide
    short = "cut the tram fares for pensioners in the spring"
    fuller = (
        "We talked for hours about the budget. My plan is simple: cut the tram fares for pensioners "
        "in the spring. Everybody in this room knows it works."
    )
    assert comparer.compare(short, fuller).fuller_quote and comparer.compare(short, fuller).same
    assert comparer.compare("to build a new library downtown", "We are going to build a new library").same
    assert not comparer.compare("when you win, it is wonderful", "We are going to win the county").same


def test_denying_having_said_something_contradicts_saying_it_and_derived_words_match():
    from kg.tracking.similarity import Comparer

    comparer = Comparer()
    said = comparer.compare(
        "the mayor would close the ferry terminal at night",
        "I never said the mayor would close the ferry terminal at night",
    )
    assert said.opposed, said
    # "qualified" and "qualifications" are one word restated in another class.
    derived = comparer.compare(
        "the new director is not qualified to run the museum",
        "the new director has the qualifications to run the museum",
    )
    assert derived.opposed and "qualified" in derived.shared, derived


def test_a_negative_prefix_denies_its_stem_and_a_participle_is_an_adjective():
    from kg.tracking.similarity import Comparer

    comparer = Comparer(use_embeddings=False)
    # "unfit" is "not fit": the same claim in other words, and the opposite of "fit".
    restated = comparer.compare("the old pier is not fit for ferries", "the old pier as unfit for ferries")
    assert restated.same and "fit" in restated.shared, restated
    assert comparer.compare("the old pier is fit for ferries", "the old pier is unfit for ferries").opposed
    # "not unfit" is "fit"; and a word that only begins like a prefix keeps it ("important").
    assert comparer.compare("the pier is not unfit for ferries", "the pier is fit for ferries").same
    assert comparer.compare("an important bridge", "a portant bridge").shared == ("bridge",)
    # "were not sealed" denies what "sealed ballots" names, though one is a verb's participle.
    sealed = comparer.compare("the ballots were not sealed", "the ballots were sealed by the clerk")
    assert sealed.opposed, sealed
    # "whether or not" asks; it denies nothing.
    asked = comparer.compare(
        "a lot depends on whether or not the council wants the ferry deal", "the council wants the ferry deal"
    )
    assert not asked.denied, asked


def test_a_topic_inside_another_statement_is_no_fuller_quote_and_or_joins_a_list():
    from kg.tracking.embed import available
    from kg.tracking.similarity import Comparer

    if not available():
        pytest.skip("the fuller quote's meaning check needs the sentence-embedding model")
    comparer = Comparer()
    short = "a new runway at the city airport"
    quoted = comparer.compare(
        short, "We will build a new runway at the city airport, and it will open next year"
    )
    assert quoted.fuller_quote and quoted.same, quoted
    inside = comparer.compare(
        short,
        "the senator said she could never again trust the prime minister or his family after he "
        "called her a stupid and dishonest liar on national television for proposing a new runway "
        "at the city airport",
    )
    assert not inside.fuller_quote and not inside.same, inside
    # Three content words make a fuller quote when the meanings agree.
    three = comparer.compare("to cut the tram fares", "We will cut the tram fares. Everybody knows it works.")
    assert three.fuller_quote and three.same, three
    assert (
        not Comparer(use_embeddings=False)
        .compare("to cut the tram fares", "We will cut the tram fares.")
        .fuller_quote
    )
    listed = comparer.compare(
        "the council's plan for the harbour or its sale of the old market hall",
        "the council's plan for the harbour",
    )
    assert listed.veto == "one adds a second statement"
    asked = "whether or not the council wants to sell the hall"
    assert comparer.compare(asked, asked + ". Or not, we will see, the mayor added").same


def test_the_server_keeps_one_comparer_whose_cache_is_bounded(store):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    from kg.tracking.similarity import Comparer

    # Query results earlier tests left for the garbage collector must not be finalized on the
    # server's thread in the middle of FastAPI's first schema build: pyoxigraph refuses to drop
    # them there, and CPython 3.11.7 then fails the build ("AST constructor recursion depth").
    gc.collect()
    auth = {"Authorization": "Bearer t0ken-for-tracking", "Content-Type": "text/plain"}
    with TestClient(create_app(store, settings=Settings(api_token="t0ken-for-tracking"))) as client:
        assert client.post("/articles", content=LAGOS, headers=auth).status_code == 201
        comparer = client.app.state.comparer
        cached = comparer.cached()
        assert cached > 0  # the first upload's reports were analysed once...
        assert client.post("/articles", content=ACCRA, headers=auth).status_code == 201
        assert client.app.state.comparer is comparer  # ...and the next upload reuses them
        assert comparer.cached() > cached
    bounded = Comparer(use_embeddings=False, cached=3)
    texts = [f"the port will hire {n} more dockers in the spring" for n in range(10, 20)]
    for a, b in itertools.pairwise(texts):
        assert not bounded.compare(a, b).same  # different numbers; each pair still compared
    assert bounded.cached() == 3


def test_meaning_is_weighed_only_where_the_words_leave_the_decision_open():
    from kg.tracking.embed import available
    from kg.tracking.similarity import Comparer

    if not available():
        pytest.skip("the sentence-embedding model is not installed")
    comparer = Comparer()
    # No content word in common: the embeddings cannot link them, and neither text is embedded.
    apart = comparer.compare("the ferry timetable changes in spring", "voters distrust the senator")
    assert apart.semantic is None and not apart.same
    # Different numbers veto whatever the meaning: nothing to weigh.
    priced = comparer.compare("raise the toll to $4 on the bridge", "raise the toll to $6 on the bridge")
    assert priced.semantic is None and priced.veto == "different numbers or dates"
    assert comparer._vectors.keys().isdisjoint(
        {"the ferry timetable changes in spring", "raise the toll to $4 on the bridge"}
    )
    # A paraphrase sharing a word is weighed: its meaning decides (the cuts link it at cosine
    # 0.69; the pair model gives it 0.22, under its 0.58, and misses it: a cost of its precision).
    swap = (
        "exchange prisoners held since the border clashes",
        "a swap of detainees captured in the border fighting",
    )
    comparer.analyse(list(swap))
    assert comparer.needs_meaning(*swap)
    weighed = comparer.compare(*swap)
    assert weighed.semantic is not None and weighed.features is not None
    assert Comparer(use_pair_model=False).compare(*swap).same
    # A denial is weighed too: opposed needs the same proposition.
    assert comparer.needs_meaning("the mayor will close the depot", "the mayor will not close the depot")


def test_pages_of_tracked_groups_tile_the_list_and_a_page_past_the_end_reads_none(seeded_store):
    # /tracked read every group up to offset + limit (three queries each) and dropped the first
    # `offset`: a page far out read the whole list. A page is now read alone.
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    everything = [g.id for g in tracked(seeded_store, limit=1000)]
    assert len(everything) > 10
    assert [g.id for g in tracked(seeded_store, limit=4, offset=3)] == everything[3:7]
    assert tracked(seeded_store, limit=4, offset=10**9) == []
    client = TestClient(create_app(seeded_store, settings=Settings()))
    pages = [client.get("/tracked", params={"limit": 5, "offset": o}).json() for o in range(0, 60, 5)]
    assert [item["id"] for page in pages for item in page["items"]] == everything
    assert {page["total"] for page in pages} == {len(everything)}


def test_within_one_batch_a_report_meets_at_most_max_candidates_of_its_speakers_reports(monkeypatch):
    # Every pair of one speaker's new reports was compared: 2,000 claims in one upload spent
    # 20 s here, 1 MB of them a quarter of an hour under the service's write lock. Across
    # batches a report meets only the latest MAX_CANDIDATES; now within a batch too.
    monkeypatch.setattr(reports, "MAX_CANDIDATES", 3)
    fresh = [
        reports.Report(
            iri=f"urn:x:claim{i}",
            kind="claim",
            text="The dam will be finished by June",
            actors=frozenset({"urn:x:mensah"}),
            article=f"urn:x:article{i}",
            date=None,
            publisher=None,
            event=f"urn:x:event{i}",
            status=None,
        )
        for i in range(10)
    ]
    links = track._new_links(fresh, [], Comparer())
    assert len(links) <= 10 * 3, f"{len(links)} links: every pair of the batch was compared"
    joined = {fresh[0].iri}
    for link in sorted(links, key=lambda link: (link.a, link.b)) * len(fresh):  # still one group
        if link.a in joined or link.b in joined:
            joined |= {link.a, link.b}
    assert joined == {r.iri for r in fresh}


class _CountingComparer(Comparer):
    """A Comparer that counts the pairs it compares."""

    pairs = 0

    def compare(self, a, b, **kwargs):
        type(self).pairs += 1
        return super().compare(a, b, **kwargs)


def _alike_outcomes(n: int) -> list[reports.Report]:
    return [
        reports.Report(
            iri=f"urn:x:outcome{i:03d}",
            kind="outcome",
            text=f"build bridge number {i} over the river",
            actors=frozenset({"urn:x:russia", "urn:x:ukraine"}),
            article=f"urn:x:article{i}",
            date=f"2024-01-{i + 1:02d}",
            publisher=None,
            event=f"urn:x:agreement{i}",
            status=None,
        )
        for i in range(n)
    ]


def test_a_report_is_checked_for_contradiction_against_at_most_max_candidates_before_it(monkeypatch):
    # Each report was checked against every report published before it: a group of 4,000 alike
    # outcomes (one upload) cost 8 million comparisons, in a group rebuilt or grown in one batch.
    monkeypatch.setattr(reports, "MAX_CANDIDATES", 3)
    alike = _alike_outcomes(12)
    group = Group("g", "outcome", tuple(alike), ())
    _CountingComparer.pairs = 0
    assert contradictions(group, _CountingComparer()) == []
    assert _CountingComparer.pairs <= 12 * 3, f"{_CountingComparer.pairs} comparisons for 12 reports"
