"""What every request may need: the app's store, settings and guards (FastAPI dependencies).

`create_app` puts them on `app.state`; routers reach them through these dependencies, so any
router (ours or api/view.py, api/graph.py) works on whichever app includes it.
"""

from __future__ import annotations

import secrets
import threading
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from api.settings import Settings
from kg.store import Store


def store_of(request: Request) -> Store:
    """Return the store of the app serving the request."""
    return request.app.state.store


def settings_of(request: Request) -> Settings:
    """Return the settings of the app serving the request."""
    return request.app.state.settings


def write_lock_of(request: Request) -> threading.Lock:
    """Return the lock that keeps writes (ingest, delete, update) one at a time."""
    return request.app.state.write_lock


MAX_OFFSET = 1_000_000  # past it, an offset is a mistake (or a probe), not a page


StoreDep = Annotated[Store, Depends(store_of)]
SettingsDep = Annotated[Settings, Depends(settings_of)]
WriteLockDep = Annotated[threading.Lock, Depends(write_lock_of)]


def check_token(request: Request, settings: Settings) -> None:
    """Raise 403 if writes are off, 401 unless the request carries the API token."""
    if not settings.api_token:
        raise HTTPException(403, "writes are off: start the service with KG_API_TOKEN set to enable them")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            401, "this needs `Authorization: Bearer <token>`", headers={"WWW-Authenticate": "Bearer"}
        )
    # compare_digest: the time taken does not tell how much of the token was right.
    if not secrets.compare_digest(token.strip().encode(), settings.api_token.encode()):
        raise HTTPException(401, "wrong API token", headers={"WWW-Authenticate": "Bearer"})


def require_token(request: Request, settings: SettingsDep) -> None:
    """Dependency form of `check_token`, for endpoints that always write."""
    check_token(request, settings)


async def read_body(request: Request, limit: int) -> bytes:
    """Return the request body; raise 413 as soon as it is known to pass `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, _too_large(int(declared), limit))
    body = bytearray()
    async for chunk in request.stream():  # a chunked body has no length to check up front
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, _too_large(None, limit))
    return bytes(body)


def _too_large(size: int | None, limit: int) -> str:
    got = f"{size:,} bytes" if size is not None else "more than that"
    return f"request body too large: {got}; the limit is {limit:,} bytes (KG_MAX_BODY_BYTES)"
