"""Benchmark: server time to build the graph page (GET /view) for about 200 and 2,000 nodes.

Run: .venv/bin/python bench/view_build.py [--repeat N]

The store is synthetic but written by kg.rdf.article_graph, the same code as `kg ingest`
(only spaCy is skipped): articles of quoted claims and two-party agreements among a pool of
actors, some claims naming other actors. Prints, per size, the median time of
load_snapshot + select + render_page, and of a whole GET /view through the app.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rdflib import Graph

from kg.article import from_text
from kg.extract.model import Agreement, Claim, Extraction, Mention, Span
from kg.rdf import article_graph
from kg.resolve import Actor, Resolution
from kg.store import Store

CLAIMS_PER_ARTICLE = 12
AGREEMENTS_PER_ARTICLE = 4
WORDS = (
    "ceasefire talks sanctions embassy staff grain corridor prisoners exchange energy prices "
    "security guarantees peace plan elections reconstruction aid trade routes"
).split()
KINDS = ("person", "person", "person", "organization", "country")
VERBS = {"agreed": "agreed", "proposed": "proposed", "intends": "intend", "rejected": "rejected"}
FACT_NODES = 1 + CLAIMS_PER_ARTICLE + AGREEMENTS_PER_ARTICLE  # an article, its claims and outcomes


def synthetic_store(location: str | Path, nodes: int, *, seed: int = 1) -> Store:
    """Return a new store at `location` whose full graph page has about `nodes` nodes.

    Each article adds itself, 12 claims and 4 outcomes (17 nodes); a pool of nodes/10 actors
    speaks and agrees; every tenth article is undated.
    """
    n_articles = max(1, round(nodes * 0.9 / FACT_NODES))
    n_actors = max(2, nodes - n_articles * FACT_NODES)
    return corpus_store(
        location,
        n_articles,
        actors=n_actors,
        claims=CLAIMS_PER_ARTICLE,
        agreements=AGREEMENTS_PER_ARTICLE,
        seed=seed,
    )


def corpus_store(
    location: str | Path,
    articles: int,
    *,
    actors: int = 150,
    claims: int = 3,
    agreements: int = 1,
    seed: int = 1,
) -> Store:
    """Return a new store of `articles` synthetic articles (same graphs as kg.rdf writes) among
    `actors` actors."""
    rng = random.Random(seed)
    pool = [
        Actor(
            id=f"actor-{i:04d}",
            name=f"Actor {i:04d}",
            kind=KINDS[i % len(KINDS)],
            aliases=frozenset({f"A{i}"}),
        )
        for i in range(actors)
    ]
    graphs = []
    for k in range(articles):
        text, extraction, resolution = _article(k, pool, rng, claims=claims, agreements=agreements)
        date = None if k % 10 == 9 else f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}"
        article = from_text(text, source=f"synthetic-{k}.txt", title=f"Synthetic article {k}", date=date)
        graphs.append((article.id, article_graph(article, extraction, resolution)))
    return _bulk_store(location, graphs)


def _bulk_store(location: str | Path, graphs: list[tuple[str, Graph]]) -> Store:
    """Return a new store holding each article's graph, as `kg ingest` stores it (the article's
    named graph, and the union), written in one bulk load: seconds where ingesting article by
    article flushes the store once per article."""
    import pyoxigraph as ox

    from kg.vocab import graph_iri

    lines = []
    for article_id, graph in graphs:
        triples = graph.serialize(format="nt", encoding="utf-8").decode().splitlines()
        name = f" <{graph_iri(article_id)}> .\n"
        lines += [t[: -len(" .")] + name for t in triples if t]  # its graph
        lines += [t + "\n" for t in triples if t]  # and the union (the default graph)
    bulk = ox.Store(str(location))
    bulk.bulk_load("".join(lines), format=ox.RdfFormat.N_QUADS)
    bulk.flush()
    del bulk  # releases the folder's lock for Store
    return Store(str(location))


def _article(
    k: int,
    actors: list[Actor],
    rng: random.Random,
    *,
    claims: int = CLAIMS_PER_ARTICLE,
    agreements: int = AGREEMENTS_PER_ARTICLE,
) -> tuple[str, Extraction, Resolution]:
    """Return one article's text with the claims and agreements it states, at their offsets."""
    n_claims, n_agreements = claims, agreements
    text = f"Synthetic article {k}\n\n"
    claims, speakers, agreements, parties = [], [], [], []

    def span(piece: str) -> Span:  # where `piece` is in the sentence being written
        start = len(text) + sentence.index(piece)
        return Span(start, start + len(piece), piece)

    for _ in range(n_claims):
        speaker, other = rng.sample(actors, 2)
        content = " ".join(rng.sample(WORDS, 5)) + (f" with {other.name}" if rng.random() < 0.3 else "")
        sentence = f'"{content}," {speaker.name} said.'
        who = Mention(span(speaker.name), speaker.name, speaker.kind)
        claims.append(Claim(who, span("said"), span(content), True, span(sentence)))
        text += sentence + "\n\n"
        speakers.append(speaker)
    for _ in range(n_agreements):
        a, b = rng.sample(actors, 2)
        outcome = "to " + " ".join(rng.sample(WORDS, 4))
        status = rng.choice(("agreed", "agreed", "proposed", "intends", "rejected"))
        verb = VERBS[status]
        sentence = f"{a.name} and {b.name} {verb} {outcome}."
        mentions = (Mention(span(a.name), a.name, a.kind), Mention(span(b.name), b.name, b.kind))
        agreements.append(Agreement(mentions, span(outcome), status, span(verb), span(sentence)))
        text += sentence + "\n\n"
        parties.append((a, b))
    involved = {x.id: x for x in [*speakers, *(p for pair in parties for p in pair)]}
    # Only claims and agreements reach the graph; the extractor's other findings stay empty.
    empty = {f.name: () for f in dataclasses.fields(Extraction)}
    extraction = Extraction(**(empty | {"claims": tuple(claims), "agreements": tuple(agreements)}))
    resolution = Resolution(
        actors=involved, speakers=tuple(speakers), parties=tuple(parties), attributed=(None,) * len(parties)
    )
    return text, extraction, resolution


def main() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from api.view import router
    from kg.read.graph import load_snapshot
    from kg.view.page import ViewFilter, render_page, select

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per size (the median is printed)")
    args = parser.parse_args()
    print(f"{'nodes':>6} {'edges':>6} {'page KB':>8} {'build ms':>9} {'GET /view ms':>13}")
    for size in (200, 2000):
        with tempfile.TemporaryDirectory() as tmp:
            store = synthetic_store(Path(tmp) / "store", size)
            filters = ViewFilter(limit=5000)
            builds = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                selection = select(load_snapshot(store), filters)
                page = render_page(selection, asset_base="/view/assets/", actor_base="/actors/")
                builds.append(time.perf_counter() - start)
            app = FastAPI()
            app.state.store = store
            app.include_router(router)
            client = TestClient(app)
            gets = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                response = client.get("/view", params={"limit": 5000})
                gets.append(time.perf_counter() - start)
                assert response.status_code == 200, response.text
            store.close()
        print(
            f"{selection.graph.number_of_nodes():>6} {selection.graph.number_of_edges():>6} "
            f"{len(page.encode()) / 1024:>8.0f} {statistics.median(builds) * 1000:>9.0f} "
            f"{statistics.median(gets) * 1000:>13.0f}"
        )


if __name__ == "__main__":
    main()
