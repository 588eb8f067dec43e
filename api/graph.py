"""GET /graph/...: questions about the actor graph (kg.read.graph_queries), as JSON.

Actors may be named by id, label or alias, any case ("ushakov", "U.S.", "russia").
An unknown actor is a 404, an ambiguous name or a bad parameter a 400 that says what to give.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request

from kg.read.graph import GraphError, NotFound, Snapshot, load_snapshot
from kg.read.graph_queries import co_agreements, neighbourhood, rank, shortest_path, timeline
from kg.read.records import CoAgreement, Neighbourhood, Path, Ranked, TimelineEntry

router = APIRouter(prefix="/graph", tags=["graph"])

Actor = Annotated[str, Query(min_length=1, max_length=200, description="Actor id, name or alias.")]
Status = Literal["agreed", "proposed", "intends", "rejected"]
NO_ACTOR: dict[int | str, dict] = {404: {"description": "No such actor"}}


@contextmanager
def graph_errors() -> Iterator[None]:
    """Turn a user mistake in a graph request into 404 (unknown actor or article) or 400."""
    try:
        yield
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except GraphError as exc:
        raise HTTPException(400, str(exc)) from None


def snapshot_of(request: Request) -> Snapshot:
    """Return the facts of the store serving the request, read now."""
    return load_snapshot(request.app.state.store)


@router.get("/neighbourhood", response_model=Neighbourhood, responses=NO_ACTOR)
def get_neighbourhood(
    request: Request,
    actor: Actor,
    depth: Annotated[int, Query(ge=0, le=6, description="Links away from the actor.")] = 1,
) -> Neighbourhood:
    """Actors within `depth` links (shared agreements, speaking about) of an actor, with the evidence."""
    with graph_errors():
        return neighbourhood(snapshot_of(request), actor, depth)


@router.get("/path", response_model=Path, responses={404: {"description": "No such actor, or no path"}})
def get_path(request: Request, source: Actor, target: Actor) -> Path:
    """A shortest chain of actors between two actors, with the claims and agreements behind each step."""
    with graph_errors():
        return shortest_path(snapshot_of(request), source, target)


@router.get("/centrality", response_model=list[Ranked])
def get_centrality(
    request: Request,
    by: Annotated[
        Literal["claims", "agreements", "degree", "betweenness"],
        Query(description="claims: most cited speakers; agreements: most agreeing parties; or a centrality."),
    ] = "claims",
    top: Annotated[int, Query(ge=1, le=500)] = 10,
) -> list[Ranked]:
    """The actors ranked by claims made, agreements joined, or degree / betweenness centrality."""
    with graph_errors():
        return rank(snapshot_of(request), by, top)


@router.get("/co-agreements", response_model=list[CoAgreement])
def get_co_agreements(
    request: Request,
    status: Annotated[list[Status], Query(description="Agreement statuses to count (default agreed).")] = [],  # noqa: B006
) -> list[CoAgreement]:
    """Pairs of actors who are parties to the same agreements, most frequent first."""
    return co_agreements(snapshot_of(request), statuses=tuple(status) or ("agreed",))


@router.get("/timeline", response_model=list[TimelineEntry], responses=NO_ACTOR)
def get_timeline(request: Request, actor: Actor) -> list[TimelineEntry]:
    """An actor's claims and agreements in the order of their articles' dates (undated last)."""
    with graph_errors():
        return timeline(snapshot_of(request), actor)
