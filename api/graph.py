"""GET /graph/...: questions about the actor graph (kg.read.graph_queries), as JSON.

Actors may be named by id, label or alias, any case ("ushakov", "U.S.", "russia").
An unknown actor is a 404, an ambiguous name or a bad parameter a 400 that says what to give.
Each answer is worked out in a job worker (api.jobs), which keeps the facts it read from the
store until the store changes: never on the server's threads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response

from api.jobs import graph_jobs_of
from kg.read.graph import GraphError, NotFound
from kg.read.graph_records import CoAgreement, Neighbourhood, Path, Ranked, TimelineEntry

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


async def answer(request: Request, question: str, **args: object) -> Response:
    """The answer to a question of kg.jobs.handlers.QUESTIONS, as the JSON of its response_model."""
    with graph_errors():
        reply = await graph_jobs_of(request).run("graph", {"question": question, "args": args})
    return Response(reply.body, media_type="application/json")


@router.get("/neighbourhood", response_model=Neighbourhood, responses=NO_ACTOR)
async def get_neighbourhood(
    request: Request,
    actor: Actor,
    depth: Annotated[int, Query(ge=0, le=6, description="Links away from the actor.")] = 1,
) -> Response:
    """Actors within `depth` links (shared agreements, speaking about) of an actor, with the evidence."""
    return await answer(request, "neighbourhood", actor=actor, depth=depth)


@router.get("/path", response_model=Path, responses={404: {"description": "No such actor, or no path"}})
async def get_path(request: Request, source: Actor, target: Actor) -> Response:
    """A shortest chain of actors between two actors, with the claims and agreements behind each step."""
    return await answer(request, "path", source=source, target=target)


@router.get("/centrality", response_model=list[Ranked])
async def get_centrality(
    request: Request,
    by: Annotated[
        Literal["claims", "agreements", "degree", "betweenness"],
        Query(description="claims: most cited speakers; agreements: most agreeing parties; or a centrality."),
    ] = "claims",
    top: Annotated[int, Query(ge=1, le=500)] = 10,
) -> Response:
    """The actors ranked by claims made, agreements joined, or degree / betweenness centrality."""
    return await answer(request, "centrality", by=by, top=top)


@router.get("/co-agreements", response_model=list[CoAgreement])
async def get_co_agreements(
    request: Request,
    status: Annotated[list[Status], Query(description="Agreement statuses to count (default agreed).")] = [],  # noqa: B006
) -> Response:
    """Pairs of actors who are parties to the same agreements, most frequent first."""
    return await answer(request, "co-agreements", statuses=list(status) or ["agreed"])


@router.get("/timeline", response_model=list[TimelineEntry], responses=NO_ACTOR)
async def get_timeline(request: Request, actor: Actor) -> Response:
    """An actor's claims and agreements in the order of their articles' dates (undated last)."""
    return await answer(request, "timeline", actor=actor)
