"""Recent /sparql answers, kept until the store changes.

Users and dashboards ask the same queries again and again (the query page's examples, a
chart refreshing), while the graph changes only when an article is ingested or deleted. An
answer is kept under (store generation, query, format): any write changes the generation,
so a stale answer is never served. Stores on a SPARQL server have no generation (other
clients may write to them), and their answers are never kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

Key = tuple[int, str, str]


class AnswerCache:
    """Least recently used answers, at most `max_bytes` in all and `max_bytes / 8` each."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[Key, tuple[str, bytes]] = OrderedDict()
        self._size = 0
        self._generation = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, generation: int | None, query: str, fmt: str) -> tuple[str, bytes] | None:
        """Return (media type, body) of the answer kept for this query, if any."""
        if generation is None:
            return None
        with self._lock:
            found = self._answers.get((generation, query, fmt))
            if found is not None:
                self._answers.move_to_end((generation, query, fmt))
            return found

    def put(self, generation: int | None, query: str, fmt: str, media_type: str, body: bytes) -> None:
        """Keep an answer computed from the store at `generation` (read before the query ran)."""
        if generation is None or len(body) > self.max_bytes // 8:
            return
        with self._lock:
            if generation < self._generation:  # the store changed while the query ran
                return
            if generation > self._generation:  # answers of older generations are never asked again
                self._answers.clear()
                self._size, self._generation = 0, generation
            key = (generation, query, fmt)
            if key in self._answers:
                return
            self._answers[key] = (media_type, body)
            self._size += len(body)
            while self._size > self.max_bytes:
                _, (_, dropped) = self._answers.popitem(last=False)
                self._size -= len(dropped)
