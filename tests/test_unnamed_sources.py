"""Unnamed sources: "officials said" is a claim by a source its article describes but does not
name (cg:UnnamedSource), one node per article, found by who-said-what, never listed as an actor."""

from __future__ import annotations

import io

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.article import from_text
from kg.cli import app
from kg.ingest import delete_article, ingest_articles
from kg.read import lookups
from kg.read.graph import NotFound, actor_graph, claim_graph, load_snapshot
from kg.read.tracked import tracked
from kg.sparql import run_query
from kg.store import Store
from kg.view.page import page_data, select
from tests.conftest import ROOT

CG = "https://w3id.org/claimgraph#"
# Two articles, each with "Officials said" the same thing, and a named company speaking in each.
FERRY = (
    "date 2024-05-02 Ferry crossing to reopen\n\nOfficials said the ferry crossing at Tarsk would reopen "
    "on Monday. The Velmora Shipping Company said it would resume sailings to Tarsk next week."
)
PORT = (
    "date 2024-05-03 Tarsk port\n\nOfficials said the ferry crossing at Tarsk would reopen on Monday. "
    "The Velmora Shipping Company said it would resume sailings to Tarsk next week."
)


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """The two articles ingested once (the tests only read)."""
    store = Store(str(tmp_path_factory.mktemp("unnamed") / "store"))
    ingest_articles([from_text(FERRY, source="ferry.txt"), from_text(PORT, source="port.txt")], store)
    yield store
    store.close()


def test_officials_in_two_articles_are_two_unnamed_sources_not_one_actor(stored):
    rows = run_query(
        stored,
        "SELECT ?s ?label ?article WHERE "
        "{ ?s a cg:UnnamedSource ; rdfs:label ?label ; cg:describedIn ?article }",
    )
    assert {str(r.label) for r in rows} == {"Officials"}
    assert len({str(r.s) for r in rows}) == 2 and len({str(r.article) for r in rows}) == 2
    typed = run_query(
        stored, "SELECT ?s WHERE { ?s a ?t ; rdfs:label 'Officials' . FILTER(?t != cg:UnnamedSource) }"
    )
    assert not list(typed)  # no actor named "Officials", of any class
    company = run_query(stored, "SELECT ?t WHERE { ?s rdfs:label 'Velmora Shipping Company' ; a ?t }")
    assert {str(r.t) for r in company} == {CG + "Organization"}  # a named organisation stays one


def test_who_said_what_finds_the_claim_with_its_described_speaker(stored):
    found = lookups.who_said(stored, "ferry crossing")
    assert found.claims.total == 2
    assert {(c.speaker.name, c.speaker.unnamed) for c in found.claims.items} == {("Officials", True)}
    assert [(s.actor.shown, s.count) for s in found.speakers] == [("Officials (unnamed)", 1)] * 2
    sparql = run_query(
        stored,
        "SELECT ?who WHERE { ?c cg:text ?t ; cg:speaker/rdfs:label ?who FILTER(CONTAINS(?t, 'ferry')) }",
    )
    assert {str(r.who) for r in sparql} == {"Officials"}


def test_actor_lists_leave_unnamed_sources_out_and_count_them_apart(stored):
    assert {a.name for a in lookups.actors(stored).items} >= {"Velmora Shipping Company"}
    assert "Officials" not in {a.name for a in lookups.actors(stored, limit=None).items}
    assert lookups.find_actors(stored, "officials") == ()
    unnamed = lookups.unnamed_sources(stored)
    assert unnamed.total == 2 and {u.description for u in unnamed.items} == {"Officials"}
    assert all(u.claims == 1 for u in unnamed.items)
    stats = stored.stats()
    assert stats.unnamed == 2 and stats.actors >= 1


def test_the_graph_draws_them_with_their_claims_but_never_as_actors(stored):
    snapshot = load_snapshot(stored)
    assert "Officials" not in {a.label for a in snapshot.actors.values()}
    assert {u.label for u in snapshot.unnamed.values()} == {"Officials"}
    drawn = claim_graph(snapshot)
    assert sum(1 for _, d in drawn.nodes(data=True) if d["type"] == "unnamed") == 2
    assert not set(snapshot.unnamed) & set(actor_graph(snapshot))
    with pytest.raises(NotFound):
        snapshot.find_actor("Officials")
    details = page_data(select(snapshot))["details"].values()
    assert [d["label"] for d in details if d["kind"] == "unnamed"] == ["Officials"] * 2
    said = {d["speaker"] for d in details if d["kind"] == "claim" and "ferry" in d["text"]}
    assert said == {"Officials (unnamed)"}


def test_unnamed_sources_never_track_a_claim_across_articles(stored):
    by_articles = {frozenset(r.article_id for r in g.reports): g for g in tracked(stored, kind="claim")}
    texts = {r.text for g in by_articles.values() if len(g.reports) > 1 for r in g.reports}
    assert any("resume sailings" in t for t in texts)  # the named company's claim is tracked
    assert not any("ferry crossing" in t for t in texts)  # the two "Officials" are two sources


def test_the_store_with_unnamed_sources_validates_and_an_actor_typed_one_does_not(stored):
    from pyshacl import validate

    buffer = io.BytesIO()
    stored.export("turtle", buffer)
    data = Graph().parse(data=buffer.getvalue(), format="turtle")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    ontology = Graph().parse(ROOT / "ontology" / "claims.ttl")
    conforms, _, report = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    assert conforms, report
    source = next(data.subjects(RDF.type, URIRef(CG + "UnnamedSource")))
    # what the shape allows an unnamed source ("Solvarian officials": a role, whom it speaks for)
    # must not make it an actor by the ontology's domains under RDFS inference
    company = next(data.subjects(RDFS.label, Literal("Velmora Shipping Company")))
    data.add((source, URIRef(CG + "role"), Literal("trade negotiators")))
    data.add((source, URIRef(CG + "represents"), company))
    conforms, _, report = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    assert conforms, report
    data.add((source, RDF.type, URIRef(CG + "Organization")))
    assert not validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")[0]


def test_cli_lists_show_them_marked_and_apart(stored):
    location = str(stored.location)
    runner = CliRunner()
    actors = runner.invoke(app, ["actors", "--store", location])
    assert actors.exit_code == 0 and "Officials" not in actors.stdout
    assert "2 unnamed sources" in actors.stderr
    listed = runner.invoke(app, ["actors", "--unnamed", "--store", location])
    assert listed.stdout.count("Officials") == 2
    claims = runner.invoke(app, ["claims", "--store", location])
    assert "Officials (unnamed)" in claims.stdout
    stats = runner.invoke(app, ["stats", "--store", location])
    assert "unnamed    2" in stats.stdout


def test_the_service_marks_them_and_lists_them_apart(stored):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(stored, settings=Settings())) as client:
        said = client.get("/who-said", params={"about": "ferry crossing"}).json()
        assert {(c["speaker"]["name"], c["speaker"]["unnamed"]) for c in said["claims"]["items"]} == {
            ("Officials", True)
        }
        actors = client.get("/actors", params={"limit": 500}).json()
        assert "Officials" not in {a["name"] for a in actors["items"]}
        unnamed = client.get("/unnamed-sources").json()
        assert unnamed["total"] == 2 and {u["description"] for u in unnamed["items"]} == {"Officials"}
        article, source = unnamed["items"][0]["article"], unnamed["items"][0]["id"]
        profile = client.get(f"/actors/{source}")  # the id a speaker carries: not an actor, said so
        assert profile.status_code == 404 and "unnamed source" in profile.json()["detail"]
        assert f"/articles/{article}" in profile.json()["detail"]
        page = client.get(f"/articles/{article}", headers={"Accept": "text/html"}).text
        assert "Officials <span" in page and "focus=" + unnamed["items"][0]["id"] not in page


def test_a_speaker_asked_by_description_finds_the_unnamed_sources_marked(stored):
    found = lookups.claims(stored, speaker="officials")
    assert found.total == 2 and {c.speaker.shown for c in found.items} == {"Officials (unnamed)"}
    assert len({c.article.id for c in found.items}) == 2  # one source per article
    named = lookups.claims(stored, speaker="Velmora Shipping Company")
    assert named.total == 2 and not any(c.speaker.unnamed for c in named.items)  # a name wins
    assert lookups.claims(stored, speaker="officers").total == 0  # neither a name nor a description
    runner = CliRunner()
    shown = runner.invoke(app, ["claims", "--speaker", "OFFICIALS", "--store", str(stored.location)])
    assert shown.exit_code == 0 and shown.stdout.count("Officials (unnamed)") == 2


def test_deleting_an_article_removes_its_unnamed_sources_and_reingesting_gives_the_same_iris(tmp_path):
    store = Store(str(tmp_path / "store"))
    try:
        sources = "SELECT ?s WHERE { ?s a cg:UnnamedSource }"
        (first,) = ingest_articles([from_text(FERRY, source="ferry.txt")], store)
        before = {str(r.s) for r in run_query(store, sources)}
        assert len(before) == 1
        assert delete_article(first.article_id, store)
        (source,) = before
        left = run_query(store, f"SELECT * WHERE {{ {{ <{source}> ?p ?o }} UNION {{ ?s ?p <{source}> }} }}")
        assert not list(left) and store.stats().unnamed == 0  # no orphan node in the union graph
        ingest_articles([from_text(FERRY, source="ferry.txt")], store)
        assert {str(r.s) for r in run_query(store, sources)} == before
    finally:
        store.close()


def test_a_speaker_phrase_with_no_capital_is_described_not_named():
    """Rule "name-without-capital": the tagger may call "the billionaire front-runner" or "the
    secretary of state" an organisation; a phrase with no capital names no one, so each is an
    unnamed source of its article, never an actor every article's "front-runner" would share."""
    from kg.ingest import analyse
    from kg.resolve.names import is_description

    text = (
        "Tariff talks\n\nThe billionaire front-runner told reporters that the tariffs would stay. "
        "Later the secretary of state said the talks had stalled."
    )
    [(article, _, resolution)] = list(analyse([from_text(text, source="tariffs.txt")]))
    assert [(s.name, s.kind) for s in resolution.speakers] == [
        ("front-runner", "unnamed"),
        ("secretary of state", "unnamed"),
    ]
    assert all(s.id.startswith(article.id) for s in resolution.speakers)
    assert is_description("The company") and not is_description("Velmora Shipping Company")
    assert not is_description("harbourwatch.org")  # a web address names its site in lower case


def test_a_body_noun_capitalised_only_by_a_headline_or_a_sentence_start_names_no_one():
    """Rule "capitalised-noun": "Newspaper Says ..." in a title-case headline is a newspaper, not
    an organisation named "Newspaper" that "the newspaper" later resolves to; "Carrier", which
    the body capitalises mid-sentence, stays a company's name."""
    from kg.ingest import analyse

    text = (
        "Newspaper Says Mayor Must Resign\n\nA regional newspaper said on Sunday that Mayor Ilse "
        "Varga should resign over the budget. The newspaper said the city had lost four million "
        "kroner.\n\nCarrier said on Monday that it would close its plant in Tarsk. A Carrier "
        "spokesman said the jobs would move abroad."
    )
    [(_, _, resolution)] = list(analyse([from_text(text, source="mayor.txt")]))
    speakers = [(s.name, s.kind) for s in resolution.speakers]
    assert ("Newspaper", "organization") not in speakers and ("newspaper", "unnamed") in speakers
    assert speakers.count(("Carrier", "organization")) == 2


def test_a_body_noun_that_heads_a_subject_bare_is_a_name():
    """Rule "bare-singular-name": prose gives the common noun an article ("The carrier said");
    "Carrier said ..." at a sentence start, with no article, names a company, even in an article
    that never writes "Carrier" mid-sentence. "Union leaders said" stays the common noun."""
    from kg.ingest import analyse

    text = (
        "Plant to close\n\nCarrier said on Monday that it would close its plant in Tarsk. Carrier "
        "employs 900 people in the town. Union leaders said the closure was a betrayal."
    )
    [(_, _, resolution)] = list(analyse([from_text(text, source="plant.txt")]))
    speakers = [(s.name, s.kind) for s in resolution.speakers]
    assert speakers[0] == ("Carrier", "organization")
    assert all(name != "Union" for name, _ in speakers)
    headline_style = "Rail\n\nNetwork says fares will rise in May.\n\nThe network said the rise was modest."
    [(_, _, resolution)] = list(analyse([from_text(headline_style, source="rail.txt")]))
    assert ("Network", "organization") not in [(s.name, s.kind) for s in resolution.speakers]


def test_what_points_back_to_a_described_speaker_is_described_and_the_company_is_a_named_body():
    """Rule "described-antecedent": "A Tarsk union said A. It said B." leaves B to the union,
    described, never to an organisation named "Tarsk union"; "the company" after experts is the
    body last named, never an organisation named "Experts"."""
    from kg.ingest import analyse

    pronoun = "Rota\n\nA Tarsk union said on Monday that the rota was unsafe. It said it broke every rule."
    company = (
        "Freight jobs\n\nHalden Freight cut 40 jobs on Monday. Experts said the cuts were overdue. "
        "The company said demand had fallen."
    )
    found = list(analyse([from_text(pronoun, source="rota.txt"), from_text(company, source="jobs.txt")]))
    assert [(s.name, s.kind) for s in found[0][2].speakers] == [("Tarsk union", "unnamed")] * 2
    assert [(s.name, s.kind) for s in found[1][2].speakers] == [
        ("Experts", "unnamed"),
        ("Halden Freight", "organization"),
    ]


def test_it_is_never_a_speaker_described_in_the_plural():
    """Rule "singular-it": "Analysts said A. It said B." after a named company: "it" cannot be
    the analysts, so B is the company's."""
    from kg.ingest import analyse

    text = (
        "Freight jobs\n\nHalden Freight cut 40 jobs on Monday. Analysts said the cuts were overdue. "
        "It said demand had fallen."
    )
    [(_, _, resolution)] = list(analyse([from_text(text, source="freight.txt")]))
    assert [(s.name, s.kind) for s in resolution.speakers] == [
        ("Analysts", "unnamed"),
        ("Halden Freight", "organization"),
    ]


def test_a_headline_with_an_indefinite_article_describes_and_names_no_one():
    """Rule "headline-description": "Towns Choose A Water Board Chair Who Denied The Leak" (a
    headline, here ending in a full stop as some feeds give them) describes a chair: no actor
    named "Board Chair" from its title-case words."""
    from kg.ingest import analyse

    text = (
        "Towns Choose A Water Board Chair Who Denied The Leak.\n\n"
        "Towns near Halden chose Ilse Varga to chair the Water Board on Tuesday."
    )
    [(_, _, resolution)] = list(analyse([from_text(text, source="judge.txt")]))
    assert resolution.speakers and all(s.kind == "unnamed" for s in resolution.speakers)


def test_a_plural_capitalised_by_a_sentence_start_describes_people():
    """Rule "plural-common-noun": "Commuters said" at a sentence start, which the NER calls an
    organisation, is commuters, a source the article describes. "The Teamsters", a name behind
    its article, stays one, and so does "Sanders", tagged as a plural, after "Mayor Ola Sanders".
    A people tagged as a plural ("Hispanics say") keeps its name, and so does a plural at a sentence
    start that the article capitalises mid-sentence too ("Rangers said ... the Rangers")."""
    from kg.ingest import analyse

    text = (
        "Fares\n\nCommuters said the new fares were too high. The Teamsters said the drivers would "
        "strike on Monday. Mayor Ola Sanders met them on Tuesday.\n\nSanders says he'd keep the old fares."
    )
    [(_, _, resolution)] = list(analyse([from_text(text, source="fares.txt")]))
    speakers = [(s.name, s.kind) for s in resolution.speakers]
    assert speakers == [("commuters", "unnamed"), ("Teamsters", "organization"), ("Ola Sanders", "person")]
    text = (
        "Fares\n\nHispanics say the fares hurt poor families most. Rangers said on Monday their players "
        "would pay too. The fares were set by the city, and the Rangers asked it to think again."
    )
    [(_, _, resolution)] = list(analyse([from_text(text, source="rangers.txt")]))
    assert [s.name for s in resolution.speakers][:2] == ["Hispanics", "Rangers"]  # named, not "hispanics"


def test_a_body_noun_capitalised_by_a_sentence_start_stays_in_its_officials_description():
    """Rule "capitalised-noun", in a spokesperson phrase: "Court officials said" at a sentence
    start is court officials, not an organisation or an unnamed source called "Court"; after the
    article named a court, they speak for it, as "court officials" would."""
    from kg.ingest import analyse

    unnamed = "Hearing delayed\n\nCourt officials said the hearing would resume next week."
    named = (
        "Hearing delayed\n\nThe Halden District Court heard the case in May. Court officials said "
        "the hearing would resume next week."
    )
    results = list(analyse([from_text(unnamed, source="court.txt"), from_text(named, source="halden.txt")]))
    speakers = [[(s.name, s.kind) for s in resolution.speakers] for _, _, resolution in results]
    assert speakers == [[("Court officials", "unnamed")], [("Halden District Court", "organization")]]
