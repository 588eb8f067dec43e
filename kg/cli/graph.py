"""`kg graph neighbours|path|rank|pairs|timeline` and `kg view`: the graph readers and the
graph page on the command line (kg.read.graph, kg.read.graph_queries, kg.view.page)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from kg.cli.common import StoreOption, _open, app, written
from kg.cli.help import examples as _examples

if TYPE_CHECKING:  # imported lazily, to keep `kg --help` quick
    from kg.read.graph import Snapshot
    from kg.read.graph_records import ActorLink


graph_app = typer.Typer(
    no_args_is_help=True, help="Walk the actor graph: neighbours, paths, rankings, pairs, timelines."
)
app.add_typer(graph_app, name="graph")
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
ActorArgument = Annotated[str, typer.Argument(help="Actor id, name or alias (any case).")]
Answer = TypeVar("Answer")


def _ask_graph(store: str | None, question: Callable[[Snapshot], Answer]) -> Answer:
    """Return question(snapshot of the store); a GraphError becomes a message and exit code 1."""
    from kg.read.graph import GraphError, load_snapshot

    with _open(store, snapshot_if_held=True) as db:
        snapshot = load_snapshot(db)
    try:
        return question(snapshot)
    except GraphError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def _echo_json(value: object) -> None:
    from dataclasses import asdict

    plain = [asdict(v) for v in value] if isinstance(value, list) else asdict(value)
    typer.echo(json.dumps(plain, ensure_ascii=False, indent=1))


def _echo_evidence(links: Iterable[ActorLink]) -> None:
    for link in links:
        for ev in link.evidence:
            how = ev.status if ev.relation == "co_party" else "spoke about"
            typer.echo(f"    {link.source} -{how}-> {link.target}: {ev.text!r}")
            typer.echo(f"      in {ev.title!r} ({ev.date or 'undated'}): {ev.sentence or ''}".rstrip())


@graph_app.command("neighbours", epilog=_examples("kg graph neighbours Ushakov --depth 2"))
def graph_neighbours(
    actor: ActorArgument,
    depth: Annotated[int, typer.Option(help="Links away from the actor.", min=0)] = 1,
    as_json: JsonFlag = False,
    store: StoreOption = None,
) -> None:
    """List the actors within DEPTH links of an actor (shared agreements, one speaking about another)."""
    from kg.read.graph_queries import neighbourhood

    found = _ask_graph(store, lambda s: neighbourhood(s, actor, depth))
    if as_json:
        return _echo_json(found)
    for n in found.actors:
        typer.echo(f"{n.distance}  {n.actor.label} ({n.actor.id}, {n.actor.type})")
    for link in found.links:
        n = len(link.evidence)
        typer.echo(f"   {link.source} -{link.relation}-> {link.target}: {n} fact{'' if n == 1 else 's'}")


@graph_app.command("path", epilog=_examples('kg graph path Lavrov "Marco Rubio"'))
def graph_path(
    source: ActorArgument, target: ActorArgument, as_json: JsonFlag = False, store: StoreOption = None
) -> None:
    """Show a shortest chain of actors between two actors, with the evidence for each step."""
    from kg.read.graph_queries import shortest_path

    path = _ask_graph(store, lambda s: shortest_path(s, source, target))
    if as_json:
        return _echo_json(path)
    typer.echo(" -> ".join(a.label for a in path.actors))
    for step in path.steps:
        typer.echo(f"  {step.source.label} / {step.target.label}")
        _echo_evidence(step.links)


@graph_app.command("rank", epilog=_examples("kg graph rank --by betweenness --top 5"))
def graph_rank(
    by: Annotated[
        str,
        typer.Option(help="claims (most cited speakers), agreements (most agreeing), degree, betweenness."),
    ] = "claims",
    top: Annotated[int, typer.Option(help="How many actors.", min=1)] = 10,
    as_json: JsonFlag = False,
    store: StoreOption = None,
) -> None:
    """Rank actors by claims made, agreements joined, or centrality in the actor graph."""
    from kg.read.graph_queries import rank

    ranked = _ask_graph(store, lambda s: rank(s, by, top))
    if as_json:
        return _echo_json(ranked)
    typer.echo(f"{'#':>3}  {'score':>8}  claims  agreed  articles  actor")
    for i, r in enumerate(ranked, 1):
        counts = f"{r.score:>8g}  {r.claims:>6}  {r.agreements:>6}  {r.articles:>8}"
        typer.echo(f"{i:>3}  {counts}  {r.actor.label} ({r.actor.id})")


@graph_app.command("pairs", epilog=_examples("kg graph pairs --status agreed --status proposed"))
def graph_pairs(
    status: Annotated[
        list[str] | None,
        typer.Option(help="Statuses to count: agreed (default), proposed, intends, rejected."),
    ] = None,
    as_json: JsonFlag = False,
    store: StoreOption = None,
) -> None:
    """List who agrees with whom: pairs of parties to the same agreements, how often, on what."""
    from kg.read.graph_queries import co_agreements

    pairs = _ask_graph(store, lambda s: co_agreements(s, statuses=tuple(status or ("agreed",))))
    if as_json:
        return _echo_json(pairs)
    for p in pairs:
        typer.echo(f"{p.count:>4}  {p.a.label} + {p.b.label}: {'; '.join(p.outcomes)}")


@graph_app.command("timeline", epilog=_examples("kg graph timeline Russia --json"))
def graph_timeline(actor: ActorArgument, as_json: JsonFlag = False, store: StoreOption = None) -> None:
    """Show an actor's claims and agreements by article date (undated articles last)."""
    from kg.read.graph_queries import timeline

    entries = _ask_graph(store, lambda s: timeline(s, actor))
    if as_json:
        return _echo_json(entries)
    for e in entries:
        typer.echo(f"{e.date or 'undated':<10}  {e.kind:<9}  {e.relation:<12}  {e.text}  [{e.title}]")


@app.command(
    epilog=_examples(
        "kg view -o graph.html --focus Ushakov --depth 2",
        "kg view -o june.html --since 2025-06-01 --until 2025-06-30",
        "kg view -o actors.html --mode overview",
    )
)
def view(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("graph.html"),
    focus: Annotated[str | None, typer.Option(help="Actor id, name or alias to centre on.")] = None,
    depth: Annotated[
        int, typer.Option(help="Hops from the focus (actor -> claim -> article is 2).", min=0)
    ] = 2,
    article: Annotated[list[str] | None, typer.Option(help="Only this article id (repeatable).")] = None,
    relation: Annotated[
        list[str] | None, typer.Option(help="Only this relation: said, agreed, proposed, intends, rejected.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only articles published on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only articles published on or before (YYYY-MM-DD).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option(help="At most this many nodes (500; overview: 100 actors).", min=1)
    ] = None,
    mode: Annotated[
        str, typer.Option(metavar="facts|overview", help="facts, or overview: actors and counted links.")
    ] = "facts",
    store: StoreOption = None,
) -> None:
    """Write the interactive graph page (the same as GET /view) as one file that works offline."""
    from kg.view.overview import OVERVIEW_LIMIT
    from kg.view.page import DEFAULT_LIMIT, ViewFilter, render_page, select

    filters = ViewFilter(
        focus=focus,
        depth=depth,
        articles=tuple(article or ()),
        relations=tuple(relation or ()),
        since=since,
        until=until,
        limit=limit or (OVERVIEW_LIMIT if mode == "overview" else DEFAULT_LIMIT),
        mode=mode,
    )
    selection = _ask_graph(store, lambda s: select(s, filters))
    with written(output) as out:  # never leaves a half-written page behind
        out.write(render_page(selection).encode("utf-8"))
    shown = f"{selection.graph.number_of_nodes()} nodes, {selection.graph.number_of_edges()} edges"
    typer.echo(f"wrote {output} ({selection.message or shown})", err=True)
