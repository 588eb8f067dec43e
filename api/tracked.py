"""Tracked claims and outcomes: the same statement reported by several articles (kg.read.tracked)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query

from api.context import StoreDep
from api.lookups import CSV, ListFormat, csv_response
from kg.read.records import Page, TrackedGroup
from kg.read.tracked import count_tracked, tracked, tracked_group

router = APIRouter(tags=["tracking"])


@router.get("/tracked", response_model=Page[TrackedGroup], responses=CSV)
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
    offset: Annotated[int, Query(ge=0, le=10**9, description="How many matching groups to skip.")] = 0,
    format: ListFormat = "json",
):
    """Tracked claims and outcomes, most reported first, each with its reports in order of publication
    (as CSV: one row per report, with its group's id, kind and label)."""
    groups = tracked(store, q=q, kind=kind, min_articles=min_articles, limit=limit, offset=offset)
    if format == "csv":
        reports = [
            {"group_id": g.id, "group_kind": g.kind, "group_label": g.label, **vars(r)} | {"reader": r.reader}
            for g in groups
            for r in g.reports
        ]
        return csv_response(reports, "tracked")
    total = count_tracked(store, q=q, kind=kind, min_articles=min_articles)
    return {"total": total, "limit": limit, "offset": offset, "items": groups}


@router.get(
    "/tracked/{group_id}",
    response_model=TrackedGroup,
    responses={404: {"description": "No such group"}},
)
def get_tracked(
    store: StoreDep,
    group_id: Annotated[str, Path(description="The group id (16 hex digits) from /tracked.")],
):
    """One tracked group: its reports in order (who reported it first), quotes, sources, contradictions."""
    group = tracked_group(store, group_id)
    if group is None:
        raise HTTPException(404, f"no tracked claim or outcome {group_id!r}")
    return group
