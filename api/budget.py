"""What each expensive endpoint may cost: how many of its requests run at once, and for how long.

/export writes the whole graph, /view and /graph/* build a snapshot of it, the lookups run
the product's own queries: each holds a thread (and the GIL, for the Python parts) while it
works. Left unbounded, a few clients looping on them starve every other request, /healthz
included. So each group of endpoints has a budget: past `concurrent` requests running, more
wait (up to `wait_seconds`) for a place, then are answered 503 (with Retry-After); a request
that has not started its answer after `seconds` is answered 503 then. Its work cannot be stopped (it runs on a
thread), so its place stays taken until that work ends: a slow group slows only itself.

/export writes the whole file before it answers, then streams it: a client reading it slowly
held the only export place for as long as it read (a 90 MB export at 2 kB/s: half a day). A
group with `streams` gives the place back when its answer starts, and takes one of `streams`
places for the streaming: slow readers take those, and the work goes on.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Budget:
    """Requests whose path starts with one of `paths` (not `except_paths`) or is one of
    `exact_paths`: at most `concurrent` at once, each answered (or at least begun) within
    `seconds`; one that finds them all taken waits up to `wait_seconds` for a place."""

    name: str
    paths: tuple[str, ...]
    concurrent: int
    seconds: float
    except_paths: tuple[str, ...] = ()
    wait_seconds: float = 5.0
    exact_paths: tuple[str, ...] = ()  # "/" as a prefix would be every path
    # answers streamed at once, each off its work place (its work done); None: the work place
    # is held until the answer ends
    streams: int | None = None

    def covers(self, path: str) -> bool:
        if path in self.exact_paths:
            return True
        return path.startswith(self.paths) and not (self.except_paths and path.startswith(self.except_paths))


LOOKUPS = ("/actors", "/claims", "/agreements", "/articles", "/who-agreed", "/who-said", "/tracked")
LOOKUPS += ("/search", "/unnamed-sources")
BUDGETS = (
    # An export streamed holds an open file the size of the graph: 4 at once.
    Budget("export", ("/export",), concurrent=1, seconds=60.0, streams=4),
    Budget("view", ("/view",), concurrent=1, seconds=30.0, except_paths=("/view/assets/",)),
    Budget("graph", ("/graph/",), concurrent=4, seconds=30.0),
    # The home page counts the whole store (Store.stats: seven queries, one over every triple).
    Budget("lookups", LOOKUPS, concurrent=8, seconds=15.0, exact_paths=("/",)),
)
RETRY_AFTER_SECONDS = 2
WAIT_POLL_SECONDS = 0.05


class BudgetMiddleware:
    """ASGI middleware holding GET requests to the budgets they fall under."""

    def __init__(self, app: ASGIApp, budgets: tuple[Budget, ...] = BUDGETS) -> None:
        self.app = app
        self.budgets = budgets
        self.running = {budget.name: 0 for budget in budgets}
        self.streaming = {budget.name: 0 for budget in budgets}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        budget = self._budget_for(scope)
        if budget is None:
            await self.app(scope, receive, send)
            return
        if not await self._place_for(budget):
            await _unavailable(
                send,
                f"{budget.concurrent} {budget.name} requests are running already; try again in a moment",
            )
            return
        self.running[budget.name] += 1
        started = given_up = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if given_up:  # the client was answered 503 already: drop what comes late
                return
            if message["type"] == "http.response.start" and not started:
                started = True
                if budget.streams is not None:  # the work is done: a streaming place now
                    self.running[budget.name] -= 1
                    self.streaming[budget.name] += 1
            await send(message)

        def release(task: asyncio.Future) -> None:
            streamed = started and budget.streams is not None
            (self.streaming if streamed else self.running)[budget.name] -= 1
            if not task.cancelled():
                task.exception()  # retrieved: a request given up on may fail unheard

        task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        task.add_done_callback(release)
        finished, _ = await asyncio.wait({task}, timeout=budget.seconds)
        if finished or started:  # done, or streaming its answer: let it finish
            await task
            return
        given_up = True
        await _unavailable(
            send, f"the {budget.name} request took longer than its time limit of {budget.seconds:g} s"
        )

    async def _place_for(self, budget: Budget) -> bool:
        """Wait until fewer than `concurrent` requests of the budget run; False past its wait.

        Waiting (a sleeping coroutine) costs the server nothing, and keeps a client that
        loops on an endpoint from flooding the event loop with instant refusals. Polled, not
        an asyncio primitive: those belong to one event loop, and test clients use several.
        """
        deadline = time.monotonic() + budget.wait_seconds
        while self._full(budget):
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(WAIT_POLL_SECONDS)
        return True

    def _full(self, budget: Budget) -> bool:
        """Whether a new request must wait: all work places taken, or all streaming places (its
        answer would need one)."""
        if self.running[budget.name] >= budget.concurrent:
            return True
        return budget.streams is not None and self.streaming[budget.name] >= budget.streams

    def _budget_for(self, scope: Scope) -> Budget | None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return None
        path = scope["path"]
        return next((budget for budget in self.budgets if budget.covers(path)), None)


async def _unavailable(send: Send, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})
