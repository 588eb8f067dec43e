"""Store size and query latency at 1 million triples: embedded Oxigraph against rdflib in memory.

Issue requirement (c): at 1M triples, embedded Oxigraph answers typical queries >= 10x faster
than rdflib's in-memory store. All figures are measured in this run; nothing is asserted.

1. Builds, in a temporary folder, an embedded store in the product's layout (one named graph
   per article, the default graph their union): ingests the seeds, then copies their article
   graphs under fresh ids and dates until the union holds --triples triples.
2. Opens that store in a fresh process and times each query through `kg.sparql.answer` (the
   fast path behind /sparql and `kg query`), with the process's resident-memory growth.
3. Parses the same union triples (the store's Turtle export) into rdflib's `Graph()` and times
   the same queries through `graph.query`, every row taken, with its resident-memory growth.

Prints build and load times, size on disk and in memory, p50/p99 per query and the ratio
rdflib p50 / Oxigraph p50. Stops with an error if the two stores count different rows.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python -m bench.store_scale [--triples 1000000]
        [--requests 200] [--budget 30]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph

from bench.timing import percentiles, timed
from kg.ingest import ingest
from kg.sparql import answer
from kg.store import Store
from kg.vocab import PREFIXES, graph_iri

ROOT = Path(__file__).resolve().parent.parent
SPEAKER = "https://w3id.org/claimgraph/id/actor/yuri-ushakov"
SEED_DATE = '"2025-02-18"'  # the one seed date: copies get other days
PAIRS_PER_UPDATE = 25  # seed pairs copied per SPARQL Update: 50 articles, ~80,000 quads

# Questions users ask, written as a user would on /sparql (project prefixes predefined).
QUERIES = {
    "who agreed to what": """SELECT ?party ?outcome ?article WHERE {
  ?p cg:agreedTo ?o . ?p rdfs:label ?party . ?o rdfs:label ?outcome .
  ?agreement cg:outcome ?o ; cg:reportedIn ?a . ?a dcterms:title ?article .
}""",
    "what Ushakov said": f"""SELECT ?cue ?text ?article WHERE {{
  <{SPEAKER}> cg:said ?claim .
  ?claim cg:cue ?cue ; cg:text ?text ; cg:reportedIn ?a . ?a dcterms:title ?article .
}}""",
    "claims of one article": """SELECT ?speaker ?cue ?text WHERE {
  ?a dcterms:identifier "ARTICLE" . ?claim cg:reportedIn ?a ; cg:speaker/rdfs:label ?speaker ;
  cg:cue ?cue ; cg:text ?text .
}""",
    "claims per speaker, top 10": """SELECT ?speaker (COUNT(?claim) AS ?claims) WHERE {
  ?s cg:said ?claim ; rdfs:label ?speaker .
} GROUP BY ?speaker ORDER BY DESC(?claims) ?speaker LIMIT 10""",
    "alias lookup, exact": """SELECT ?actor ?label WHERE {
  ?actor rdfs:label|skos:altLabel "Ushakov" ; rdfs:label ?label .
}""",
    # How kg.read.lookups.find_actors matches a typed name: any case, so no index helps.
    "alias lookup, any case": """SELECT ?actor (MIN(?label) AS ?name) WHERE {
  ?actor rdfs:label ?label ; rdfs:label|skos:altLabel ?n . FILTER(LCASE(STR(?n)) = "ushakov")
} GROUP BY ?actor""",
}


# --- building ------------------------------------------------------------------------------


def build_store(location: Path, triples: int) -> tuple[Store, str]:
    """Return a store holding the seeds and copies of them, `triples` union triples or more,
    and the id of a seed article."""
    store = Store(str(location))
    report = ingest(sorted((ROOT / "seeds").glob("*.txt")), store)
    if not report.ok:
        raise SystemExit(f"could not ingest the seeds: {report.failed}")
    seeds = store.article_ids()
    originals = []
    for article_id in seeds:
        name = graph_iri(article_id)
        graph = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").graph
        originals.append((article_id, graph.serialize(format="nt")))
    copy = 0
    count = union_size(store)
    per_pair = None  # union triples one copy of the seeds adds: known after the first update
    while count < triples:
        pairs = PAIRS_PER_UPDATE
        if per_pair:  # the last update copies only what is still missing
            pairs = min(pairs, math.ceil((triples - count) / per_pair))
        inserts = []
        for _ in range(pairs):
            for article_id, nt in originals:
                copy += 1
                new_id = hashlib.sha256(f"{article_id}-{copy}".encode()).hexdigest()[:16]
                day = f'"2024-{copy % 12 + 1:02d}-{copy % 28 + 1:02d}"'
                text = nt.replace(article_id, new_id).replace(SEED_DATE, day)
                inserts.append(f"{text}\nGRAPH <{graph_iri(new_id)}> {{\n{text}\n}}")
        # The INSERT DATA that Store.replace_graphs sends for new graphs (each article's graph,
        # and its triples into the default graph, the union), written from the N-Triples text
        # directly: a round trip through rdflib Graphs would triple the build time.
        store.update("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
        before, count = count, union_size(store)
        per_pair = per_pair or (count - before) / pairs
    return store, seeds[0]


def union_size(store: Store) -> int:
    (row,) = list(store.query_oxigraph("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    return int(row[0].value)


def named_size(store: Store) -> int:
    (row,) = list(store.query_oxigraph("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    return int(row[0].value)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def rss_mb() -> float:
    """Return the current resident set size in MB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 1e6


# --- timing --------------------------------------------------------------------------------


def oxigraph_worker(location: str, article: str, requests: int, budget: float) -> None:
    """Open the built store and time every query; print rows, timings and memory as JSON.

    Runs in a fresh process, so the memory it grows by is Oxigraph's alone (RocksDB's caches
    and the answers), and no multi-million-object rdflib graph slows its garbage collector.
    """
    before = rss_mb()
    store = Store(location)
    results = {}
    for title, query in QUERIES.items():
        query = query.replace("ARTICLE", article)
        results[title] = timed(lambda q=query: len(answer(store, q).rows), requests=requests, budget=budget)
    after = rss_mb()
    store.close()
    json.dump({"rss_before": before, "rss_after": after, "results": results}, sys.stdout)


# --- the run -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="At least this many triples.")
    parser.add_argument("--requests", type=int, default=200, help="Timed runs per query and store, at most.")
    parser.add_argument(
        "--budget", type=float, default=30.0, help="Seconds per query and store, at most (3 runs at least)."
    )
    parser.add_argument("--worker", nargs=2, metavar=("STORE", "ARTICLE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        oxigraph_worker(*args.worker, args.requests, args.budget)
        return

    with tempfile.TemporaryDirectory() as folder:
        location = Path(folder) / "store"
        started = time.perf_counter()
        store, article = build_store(location, args.triples)
        built = time.perf_counter() - started
        stats = store.stats()
        named = named_size(store)
        print(
            f"Oxigraph store: {stats.triples:,} triples in the union (+ {named:,} in {stats.articles:,} "
            f"article graphs and the seeds' tracking graphs), {stats.claims:,} claims, "
            f"{stats.agreements:,} agreements; built in {built:.1f} s"
        )
        turtle = Path(folder) / "union.ttl"
        started = time.perf_counter()
        with turtle.open("wb") as out:
            store.export("turtle", out)
        exported = time.perf_counter() - started
        store.close()  # release the lock for the worker, and RocksDB's memory in this process
        del store
        written = folder_size(location)

        # Oxigraph first, while this process holds no big graph and leaves the machine alone.
        command = [sys.executable, "-m", "bench.store_scale", "--worker", str(location), article]
        worker = subprocess.run(
            [*command, "--requests", str(args.requests), "--budget", str(args.budget)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if worker.returncode:
            raise SystemExit(f"the Oxigraph worker failed:\n{worker.stderr}")
        oxigraph = json.loads(worker.stdout)
        # Reopening drops the write-ahead log of the build: what is left is the store's size.
        disk = folder_size(location)
        print(
            f"  on disk: {disk / 1e6:.0f} MB once reopened ({written / 1e6:.0f} MB right after the build, "
            f"write-ahead log included); Turtle export of the union: {exported:.1f} s"
        )
        ox_memory = oxigraph["rss_after"] - oxigraph["rss_before"]
        print(
            f"  resident memory of a fresh process: +{ox_memory:.0f} MB after opening the store and "
            "running the queries"
        )

        gc.collect()
        before = rss_mb()
        started = time.perf_counter()
        graph = Graph()
        for prefix, ns in PREFIXES.items():  # the prefixes the product predefines, for graph.query
            graph.bind(prefix, ns)
        graph.parse(turtle, format="turtle")
        loaded = time.perf_counter() - started
        gc.collect()
        rdflib_memory = rss_mb() - before
        print(
            f"rdflib Graph(): {len(graph):,} triples, parsed from the Turtle export in {loaded:.1f} s; "
            f"resident memory +{rdflib_memory:.0f} MB"
        )
        if len(graph) != stats.triples:
            raise SystemExit(f"rdflib holds {len(graph):,} triples, Oxigraph {stats.triples:,}")

        rows_width = 7
        header = (
            f"{'query':<28} {'rows':>{rows_width}} {'Oxigraph p50':>12} {'p99':>9} {'n':>4}"
            f" {'rdflib p50':>11} {'p99':>10} {'n':>4} {'ratio':>7}"
        )
        print(f"\n{header}")
        ratios = {}
        for title, query in QUERIES.items():
            ox_rows, ox_timings = oxigraph["results"][title]
            query = query.replace("ARTICLE", article)
            rows, timings = timed(
                lambda q=query: len(list(graph.query(q))), requests=args.requests, budget=args.budget
            )
            if rows != ox_rows:
                raise SystemExit(f"{title}: Oxigraph answers {ox_rows} rows, rdflib {rows}")
            o50, o99 = percentiles(ox_timings)
            r50, r99 = percentiles(timings)
            ratios[title] = r50 / o50
            print(
                f"{title:<28} {rows:>{rows_width},} {o50:>10.2f}ms {o99:>7.2f}ms {len(ox_timings):>4}"
                f" {r50:>9.1f}ms {r99:>8.1f}ms {len(timings):>4} {ratios[title]:>6.1f}x"
            )
        mean = math.exp(statistics.fmean(math.log(r) for r in ratios.values()))
        lowest = min(ratios, key=ratios.__getitem__)
        print(
            f"\ngeometric-mean ratio {mean:.1f}x (lowest {ratios[lowest]:.1f}x, {lowest}); "
            f"memory: Oxigraph +{ox_memory:.0f} MB resident ({disk / 1e6:.0f} MB on disk), "
            f"rdflib +{rdflib_memory:.0f} MB resident"
        )
        short = [t for t, r in ratios.items() if r < 10]
        verdict = f"met by {len(ratios) - len(short)} of {len(ratios)} queries"
        if short:
            verdict += f"; below it: {'; '.join(short)}"
        print(f"target (c): Oxigraph >= 10x faster than rdflib in memory at p50 -> {verdict}")
        print(
            "Oxigraph: kg.sparql.answer on the embedded store, in a fresh process; rdflib: graph.query, "
            "every row taken. ratio = rdflib p50 / Oxigraph p50; n = timed runs (after one warm-up)."
        )


if __name__ == "__main__":
    main()
