"""Running the service under uvicorn with limits on slow and idle clients (`kg serve`).

uvicorn times out an idle keep-alive connection, but not a client that sends its request
slowly: a connection that trickles one header byte every few seconds (or never finishes
its body) would hold its socket and buffers for ever. Here every request must arrive whole
within `request_seconds` of the connection opening or of the previous response, or the
connection is closed.

Nor does uvicorn time out a client that stops reading its answer: the answer's bytes wait in
the connection's buffer (a /sparql answer of up to KG_QUERY_ANSWER_BYTES), and a streamed one
(/export) holds its request's place in the budget (api.budget) for as long as the client
waits. Here a connection whose client takes none of its answer for `send_seconds` while the
buffer is full is dropped.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass

import h11
import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol


@dataclass(frozen=True)
class ServerLimits:
    """How long a client may take to send a request, keep an idle connection, how big the
    request head may be, and how many connections may be open at once (past it: 503)."""

    request_seconds: float = 15.0
    send_seconds: float = 30.0  # a client may read none of a waiting answer for this long
    keep_alive_seconds: int = 5
    max_head_bytes: int = 64 * 1024
    max_connections: int = 1000


SERVER_LIMITS = ServerLimits()
SWITCH_INTERVAL_SECONDS = 0.0005


class SlowClientProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request does not arrive in time, or
    whose answer the client stops taking."""

    request_seconds = SERVER_LIMITS.request_seconds
    send_seconds = SERVER_LIMITS.send_seconds

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm("_request_timer", self.request_seconds, self._request_late)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm("_request_timer", self.request_seconds, self._request_late)

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel("_request_timer")
        self._cancel("_send_timer")
        super().connection_lost(exc)

    def pause_writing(self) -> None:
        """The answer's buffer is full: the client must take some of it within send_seconds."""
        super().pause_writing()
        self._arm("_send_timer", self.send_seconds, self._send_late)

    def resume_writing(self) -> None:
        self._cancel("_send_timer")
        super().resume_writing()

    def _arm(self, timer: str, seconds: float, late: Callable[[], None]) -> None:
        self._cancel(timer)
        setattr(self, timer, asyncio.get_running_loop().call_later(seconds, late))

    def _cancel(self, timer: str) -> None:
        handle = getattr(self, timer, None)
        if handle is not None:
            handle.cancel()
            setattr(self, timer, None)

    def _request_late(self) -> None:
        self._request_timer = None
        # IDLE: the request line or headers are incomplete; SEND_BODY: the body is.
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and not self.transport.is_closing():
            self.transport.close()

    def _send_late(self) -> None:
        self._send_timer = None
        # abort, not close: close waits for the buffer to be sent, which the client never takes
        self.transport.abort()


def serve(app: FastAPI, *, host: str, port: int, limits: ServerLimits = SERVER_LIMITS) -> None:
    """Serve `app` until interrupted."""
    # The event loop answers /healthz and every cheap request, but needs the GIL to do it: with
    # the default 5 ms switch interval, a few threads running lookups make it wait tens of ms
    # at each step of a request (exports, pages and user SPARQL run in worker processes,
    # kg.jobs). A shorter interval hands the GIL round faster.
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    protocol = type(
        "Protocol",
        (SlowClientProtocol,),
        {"request_seconds": limits.request_seconds, "send_seconds": limits.send_seconds},
    )
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        http=protocol,
        timeout_keep_alive=limits.keep_alive_seconds,
        h11_max_incomplete_event_size=limits.max_head_bytes,
        limit_concurrency=limits.max_connections,
    )
    uvicorn.Server(config).run()
