"""Budgets of the expensive endpoints: a concurrency limit and a time limit each, 503 past either.

The middleware is tried on a small ASGI app whose endpoint waits until the test lets it go
(so "still running" is certain, not a matter of timing), then on the service itself.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient

from api.app import create_app
from api.budget import BUDGETS, Budget, BudgetMiddleware
from api.settings import Settings


@contextmanager
def blocking_app(budget: Budget) -> Iterator[tuple[TestClient, threading.Event, BudgetMiddleware]]:
    release = threading.Event()
    app = FastAPI()

    @app.get("/slow")
    def slow() -> dict:
        release.wait(30)
        return {"done": True}

    @app.get("/other")
    def other() -> dict:
        return {"ok": True}

    app.add_middleware(BudgetMiddleware, budgets=(budget,))
    with TestClient(app) as client:  # one event loop for all requests, as under uvicorn
        middleware = app.middleware_stack.app
        while not isinstance(middleware, BudgetMiddleware):
            middleware = middleware.app
        try:
            yield client, release, middleware
        finally:
            release.set()


def wait_idle(middleware: BudgetMiddleware, name: str) -> None:
    deadline = time.monotonic() + 30
    while middleware.running[name] and time.monotonic() < deadline:
        time.sleep(0.01)
    assert middleware.running[name] == 0


def test_past_the_time_limit_the_client_gets_503_and_the_place_stays_taken_until_the_work_ends():
    budget = Budget("slow", ("/slow",), concurrent=1, seconds=0.3, wait_seconds=0)
    with blocking_app(budget) as (client, release, middleware):
        check_time_limit(client, release, middleware)


def check_time_limit(client: TestClient, release: threading.Event, middleware: BudgetMiddleware) -> None:
    started = time.monotonic()
    response = client.get("/slow")
    assert response.status_code == 503 and "time limit of 0.3 s" in response.json()["detail"]
    assert time.monotonic() - started < 5 and response.headers["retry-after"]
    busy = client.get("/slow")  # the first request's work still runs: refused at once
    assert busy.status_code == 503 and "running already" in busy.json()["detail"]
    assert client.get("/other").status_code == 200  # other paths are not held
    release.set()
    wait_idle(middleware, "slow")
    assert client.get("/slow").json() == {"done": True}


def test_requests_past_the_concurrency_limit_wait_for_a_place_then_are_refused():
    budget = Budget("slow", ("/slow",), concurrent=2, seconds=30, wait_seconds=0.5)
    with blocking_app(budget) as (client, release, middleware):
        check_concurrency(client, release, middleware)


def check_concurrency(client: TestClient, release: threading.Event, middleware: BudgetMiddleware) -> None:
    answers: list[int] = []

    def ask() -> None:
        answers.append(client.get("/slow").status_code)

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 10
    while middleware.running["slow"] < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    refused = client.get("/slow")
    assert refused.status_code == 503 and "running already" in refused.json()["detail"]
    assert 0.4 < time.monotonic() - started < 3  # after its wait, not at once nor for ever
    waiting = threading.Thread(target=ask)
    waiting.start()  # waits for a place ...
    time.sleep(0.1)
    release.set()  # ... which the first two give up as they finish
    for thread in [*threads, waiting]:
        thread.join(30)
    assert answers == [200, 200, 200]


def test_a_group_with_streams_gives_its_work_place_back_while_its_answers_stream():
    """/export's place was held for as long as its client read: a slow reader kept every other
    export waiting. With `streams`, the answers stream on their own places."""
    budget = Budget("stream", ("/stream",), concurrent=1, seconds=30, wait_seconds=0, streams=2)
    reading = threading.Event()  # what a slow reader takes: nothing until it is set
    app = FastAPI()

    @app.get("/stream")
    def stream() -> StreamingResponse:
        def body() -> Iterator[bytes]:
            yield b"first part"
            reading.wait(30)
            yield b"the rest"

        return StreamingResponse(body())

    app.add_middleware(BudgetMiddleware, budgets=(budget,))
    with TestClient(app) as client:
        middleware = app.middleware_stack.app
        while not isinstance(middleware, BudgetMiddleware):
            middleware = middleware.app
        answers: list[int] = []
        read = lambda: answers.append(client.get("/stream").status_code)  # noqa: E731
        readers = [threading.Thread(target=read) for _ in range(2)]
        for number, reader in enumerate(readers, start=1):
            reader.start()  # its work done, its answer streams: the work place is free again
            deadline = time.monotonic() + 30
            while middleware.streaming["stream"] < number and time.monotonic() < deadline:
                time.sleep(0.01)
            assert middleware.streaming["stream"] == number and middleware.running["stream"] == 0
        refused = client.get("/stream")  # both streaming places taken
        assert refused.status_code == 503, refused.text
        reading.set()
        for reader in readers:
            reader.join(30)
        assert answers == [200, 200] and middleware.streaming["stream"] == 0
        assert client.get("/stream").content == b"first partthe rest"


def test_the_service_budgets_export_and_keeps_healthz_and_other_groups_answering(seeded_store):
    budgets = tuple(dataclasses.replace(b, seconds=1e-6) if b.name == "export" else b for b in BUDGETS)
    with TestClient(create_app(seeded_store, settings=Settings(), budgets=budgets)) as client:
        response = client.get("/export")
        assert response.status_code == 503 and "export" in response.json()["detail"]
        assert client.get("/healthz").json() == {"status": "ok", "articles": 2}
        assert client.get("/actors").status_code == 200


def test_the_home_page_is_budgeted_with_the_lookups_and_no_other_path_is(seeded_store):
    # "/" counts the whole store on a server thread (Store.stats) and was under no budget: 40
    # clients looping on it slowed /healthz from 80 ms to 350 ms and the lookups to seconds.
    budgets = tuple(dataclasses.replace(b, seconds=1e-6) if b.name == "lookups" else b for b in BUDGETS)
    with TestClient(create_app(seeded_store, settings=Settings(), budgets=budgets)) as client:
        home = client.get("/", headers={"Accept": "application/json"})
        assert home.status_code == 503 and "lookups" in home.json()["detail"]
        assert client.get("/healthz").status_code == 200
        assert client.get("/ontology").status_code == 200
        assert client.get("/context.jsonld").status_code == 200
