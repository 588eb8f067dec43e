"""Lookup latency of the web service on a store of >= 100,000 triples, beside rdflib in memory.

Builds a store by ingesting the seeds once and replicating their article graphs under fresh
ids (and dates) until it holds the triples asked for; then times, through FastAPI's
TestClient, `GET /agreements?party=USA` and a `GET /sparql` SELECT, and the same named query
and the same SPARQL (answered and serialised alike, without HTTP) on rdflib's in-memory
Graph holding the same triples. Prints p50 and p99 of each and the ratio; asserts nothing.

    .venv/bin/python bench/api_latency.py [--triples 100000] [--requests 200]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.query import Result

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.app import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402
from bench.timing import percentiles, timed  # noqa: E402
from kg.ingest import ingest  # noqa: E402
from kg.read import lookups  # noqa: E402
from kg.sparql import answer  # noqa: E402
from kg.sparql.results import render  # noqa: E402
from kg.store import Store  # noqa: E402
from kg.vocab import PREFIXES, graph_iri  # noqa: E402


def timed_runs(run: Callable[[], object], *, requests: int, budget: float) -> list[float]:
    return timed(run, requests=requests, budget=budget)[1]


# The two questions of the query page, as SPARQL: who agreed to what (every agreement, with
# its article), and what one speaker said (found by an alias, in any case).
SELECTS = {
    "who agreed to what": """SELECT ?party ?outcome ?article WHERE {
  ?p cg:agreedTo ?o . ?p rdfs:label ?party . ?o rdfs:label ?outcome .
  ?agreement cg:outcome ?o ; cg:reportedIn ?a . ?a dcterms:title ?article .
}""",
    "what did Ushakov say": """SELECT ?speaker ?cue ?text ?article WHERE {
  ?s rdfs:label|skos:altLabel ?name . FILTER(LCASE(STR(?name)) = "ushakov")
  ?s rdfs:label ?speaker ; cg:said ?claim .
  ?claim cg:cue ?cue ; cg:text ?text ; cg:reportedIn ?a . ?a dcterms:title ?article .
}""",
    "the claims of one article": """SELECT ?speaker ?cue ?text WHERE {
  ?a dcterms:identifier "ARTICLE" . ?claim cg:reportedIn ?a ; cg:speaker/rdfs:label ?speaker ;
  cg:cue ?cue ; cg:text ?text .
}""",
}
PARTY = "USA"  # not in the articles: found through the gazetteer, as users type it


class MemoryStore:
    """rdflib's default in-memory Graph, answering `query` like kg.store.Store does."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def query(self, sparql: str) -> Result:
        return self.graph.query(sparql)


def build_store(location: Path, triples: int, *, articles: int = 0) -> Store:
    """Return a store holding the seeds and copies of them: `triples` triples or more, and
    `articles` articles or more."""
    store = Store(str(location))
    report = ingest(sorted((ROOT / "seeds").glob("*.txt")), store)
    if not report.ok:
        raise SystemExit(f"could not ingest the seeds: {report.failed}")
    originals = []
    for article_id in store.article_ids():
        name = graph_iri(article_id)
        nt = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").graph
        originals.append((article_id, nt.serialize(format="nt")))
    copy = 0
    while (triples and store.stats().triples < triples) or store.article_count() < articles:
        for article_id, nt in originals:
            copy += 1
            new_id = hashlib.sha256(f"{article_id}-{copy}".encode()).hexdigest()[:16]
            day = f"2024-{copy % 12 + 1:02d}-{copy % 28 + 1:02d}"
            text = nt.replace(article_id, new_id).replace('"2025-02-18"', f'"{day}"')
            store.replace_article(new_id, Graph().parse(data=text, format="nt"))
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=100_000, help="At least this many triples.")
    parser.add_argument("--requests", type=int, default=200, help="Timed requests per measurement.")
    parser.add_argument(
        "--budget", type=float, default=30.0, help="Seconds at most per baseline measurement."
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        store = build_store(Path(folder) / "store", args.triples)
        stats = store.stats()
        print(
            f"store: {stats.triples:,} triples, {stats.articles} articles, {stats.claims:,} claims, "
            f"{stats.agreements:,} agreements (built in {time.perf_counter() - started:.1f} s)"
        )
        started = time.perf_counter()
        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        graph.parse(data=_union_turtle(store), format="turtle")
        memory = MemoryStore(graph)
        loaded = time.perf_counter() - started
        print(f"rdflib in-memory Graph: {len(graph):,} triples (loaded in {loaded:.1f} s)")

        client = TestClient(create_app(store, settings=Settings()))
        agreements_url = f"/agreements?party={PARTY}"
        expected = client.get(agreements_url).json()["total"]
        in_memory = lookups.agreements(memory, party=PARTY).total  # type: ignore[arg-type]
        if expected != in_memory:
            raise SystemExit(f"the two stores disagree: {expected} vs {in_memory} agreements")

        def in_memory(query: str) -> Callable[[], bytes]:
            def run() -> bytes:
                return memory.query(query).serialize(format="json")

            return run

        def served(url: str, **params: str) -> Callable[[], object]:
            return lambda: client.get(url, params=params).raise_for_status()

        def served_fresh(query: str) -> Callable[[], object]:
            """Each request a new query text (a numbered comment): never a kept answer."""
            numbers = itertools.count()
            return lambda: client.get(
                "/sparql", params={"query": f"{query}\n# {next(numbers)}"}
            ).raise_for_status()

        measured = [
            (
                agreements_url,
                timed_runs(served(agreements_url), requests=args.requests, budget=60),
                timed_runs(
                    lambda: lookups.agreements(memory, party=PARTY),  # type: ignore[arg-type]
                    requests=args.requests,
                    budget=args.budget,
                ),
            )
        ]

        def in_process(query: str) -> Callable[[], bytes]:
            """The same query answered in this process, as /sparql did before its workers (#14)."""
            numbers = itertools.count()
            return lambda: render(answer(store, f"{query}\n# {next(numbers)}"), "json")

        one_article = store.article_ids()[0]
        in_process_p50 = {}
        for title, query in SELECTS.items():
            query = query.replace("ARTICLE", one_article)
            baseline = timed_runs(in_memory(query), requests=args.requests, budget=args.budget)
            fresh = timed_runs(served_fresh(query), requests=args.requests, budget=60)
            local = timed_runs(in_process(query), requests=args.requests, budget=60)
            kept = timed_runs(served("/sparql", query=query), requests=args.requests, budget=60)
            in_process_p50[title] = (percentiles(fresh)[0], percentiles(local)[0], percentiles(kept)[0])
            measured.append((f"/sparql: {title}", fresh, baseline))
            measured.append(("   ... asked again (kept answer)", kept, baseline))
        header = f"{'GET':<40} {'service p50':>11} {'p99':>9} {'rdflib p50':>11} {'p99':>9} {'ratio':>7}"
        print(f"\n{header}")
        for name, service, baseline in measured:
            s50, s99 = percentiles(service)
            b50, b99 = percentiles(baseline)
            print(f"{name:<40} {s50:>9.1f}ms {s99:>7.1f}ms {b50:>9.1f}ms {b99:>7.1f}ms {b50 / s50:>6.0f}x")
            print(f"{'':<40} {f'n={len(service)}':>11} {'':>9} {f'n={len(baseline)}':>11}")
        print("\nfresh /sparql p50 through a worker / as answered in the server before #14 (estimated as")
        print("the kept answer's HTTP round trip + the same query answered and written in process):")
        for title, (worker, local, http) in in_process_p50.items():
            before = http + local
            print(f"  {title:<34} {worker:>7.1f} ms / ({http:.1f} + {local:.1f}) ms = {worker / before:.2f}x")
        print("\nservice: TestClient -> FastAPI -> kg.read.lookups / kg.sparql -> Oxigraph on disk; rdflib:")
        print("the same kg.read.lookups code, or the same SPARQL answered and written as SPARQL JSON, on")
        print("rdflib's in-memory Graph, without HTTP. A /sparql query is timed twice: each request a")
        print("new text (evaluated every time), and the same text again (the service keeps answers")
        print("until the store changes). Ratio: p50 of rdflib / p50 of the service (target: 10x).")
        store.close()


def _union_turtle(store: Store) -> bytes:
    """Return the union graph (what queries read) as Turtle."""
    out = io.BytesIO()
    store.export("turtle", out)
    return out.getvalue()


if __name__ == "__main__":
    main()
