"""How a long ingest gives memory back to the system (glibc's malloc, on Linux; elsewhere nothing).

The ingesting process allocates from several threads at once: its own, the writer's
(kg.ingest), Oxigraph's and the tokenizer's. glibc gives a thread whose arena another thread
holds an arena of its own, up to 8 per core, and each keeps the space its freed blocks leave;
and its mmap threshold rises to the largest block freed so far (up to 32 MB), so that the big
short-lived buffers (the embedding model's activations, a batch's SPARQL update) come from the
arenas too, and leave room there that smaller blocks then pin. Measured on PolNeAR train + dev
(924 articles, `kg ingest --workers 2`), the ingesting process grew to 6 arenas of 64 MB and
held 150-210 MB of free memory in them (mallinfo2), a quarter of its resident peak.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache

# mallopt parameters (malloc.h)
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
# Two arenas: the main thread's and the writer's, so the two overlap without waiting on a lock.
ARENA_MAX = 2
# Blocks of 4 MiB or more are mapped on their own and unmapped when freed: a fixed threshold, so
# it no longer rises. The embedding's attention scores (25 MB) and its feed-forward layer's
# activations (13 MB) are of this size; its other arrays, and most of Python's, stay below.
MMAP_THRESHOLD = 4 * 1024 * 1024


@lru_cache(maxsize=1)
def _glibc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        libc.mallopt, libc.malloc_trim  # noqa: B018 (glibc has both; musl and macOS do not)
    except (OSError, AttributeError):
        return None
    return libc


def for_a_long_ingest() -> None:
    """Set malloc for a long ingest: few arenas, big blocks mapped apart. For the whole process,
    for its lifetime; harmless to a short one."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, ARENA_MAX)
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def give_back() -> None:
    """Return the free pages of malloc's arenas to the system (after each batch written)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
