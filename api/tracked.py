"""Tracked claims and outcomes: the same statement reported by several articles (kg.track)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query

from api.context import StoreDep
from kg import track

router = APIRouter(tags=["tracking"])


@router.get("/tracked", response_model=list[track.TrackedGroup])
def list_tracked(
    store: StoreDep,
    q: Annotated[str | None, Query(description="Keep groups whose text contains this (any case).")] = None,
    kind: Annotated[
        Literal["claim", "outcome", "all"], Query(description="Claims, outcomes or both.")
    ] = "all",
    min_articles: Annotated[
        int, Query(ge=1, description="Keep groups reported by at least this many articles.")
    ] = 1,
    limit: Annotated[int, Query(ge=1, le=500, description="How many groups, most reported first.")] = 50,
):
    """Tracked claims and outcomes, most reported first, each with its reports in order of publication."""
    return track.tracked(store, q=q, kind=kind, min_articles=min_articles, limit=limit)


@router.get(
    "/tracked/{group_id}",
    response_model=track.TrackedGroup,
    responses={404: {"description": "No such group"}},
)
def get_tracked(
    store: StoreDep,
    group_id: Annotated[str, Path(description="The group id (16 hex digits) from /tracked.")],
):
    """One tracked group: its reports in order (who reported it first), quotes, sources, contradictions."""
    group = track.tracked_group(store, group_id)
    if group is None:
        raise HTTPException(404, f"no tracked claim or outcome {group_id!r}")
    return group
