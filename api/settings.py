"""Settings of the web service, read once from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from kg.jobs import MAX_SECONDS  # a day: past it a time limit is none (inf and nan are none at all)

MAX_QUERY_WORKERS = 64
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    """What the service allows: writes, updates, and how much one request may cost.

    `api_token` (KG_API_TOKEN): the Bearer token that writes need; without one, writes are off.
    `query_timeout` (KG_QUERY_TIMEOUT, seconds), `row_limit` (KG_QUERY_ROW_LIMIT) and
    `answer_bytes` (KG_QUERY_ANSWER_BYTES, the answer as written) bound every /sparql query;
    `max_body_bytes` (KG_MAX_BODY_BYTES) bounds every request body;
    `allow_updates` (KG_ALLOW_UPDATES) lets SPARQL Update through /sparql, with the token;
    `query_workers` (KG_QUERY_WORKERS) is how many /sparql queries may run at once, each in a
    worker process of at most `query_memory_mb` (KG_QUERY_MEMORY_MB) of address space;
    `answer_cache_bytes` (KG_ANSWER_CACHE_BYTES, 0 for none) keeps recent /sparql answers
    until the store changes; `request_timeout` (KG_REQUEST_TIMEOUT, seconds) is how long
    `kg serve` waits for a client to send a whole request, `send_timeout` (KG_SEND_TIMEOUT,
    seconds) how long for a client to take any of an answer waiting for it.
    """

    api_token: str | None = None
    query_timeout: float = 10.0
    row_limit: int = 10_000
    answer_bytes: int = 100_000_000
    max_body_bytes: int = 5_000_000
    allow_updates: bool = False
    query_workers: int = 4
    query_memory_mb: int = 2048
    answer_cache_bytes: int = 64_000_000
    request_timeout: float = 15.0
    send_timeout: float = 30.0

    @property
    def writes_enabled(self) -> bool:
        return bool(self.api_token)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Return the settings given by KG_* variables (then `overrides`); raise SettingsError if bad."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for field in fields(cls):
            name = _ENV[field.name]
            raw = env.get(name)
            if raw is None:
                continue
            values[field.name] = _parse(name, raw, field.default)
        return replace(cls(**values), **overrides)  # type: ignore[arg-type]

    def __post_init__(self) -> None:
        for name in ("query_timeout", "request_timeout", "send_timeout"):
            if not 0 < getattr(self, name) <= MAX_SECONDS:  # nan and inf too: no limit at all
                raise SettingsError(
                    f"{_ENV[name]} must be a positive number of seconds, at most {MAX_SECONDS:g}"
                )
        for name in ("row_limit", "answer_bytes", "max_body_bytes", "query_workers"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{_ENV[name]} must be a positive integer")
        if self.query_workers > MAX_QUERY_WORKERS:  # each a process, all started with the service
            raise SettingsError(f"KG_QUERY_WORKERS must be at most {MAX_QUERY_WORKERS}")
        # A worker's libraries, the open store and the parser's thread stack take ~1 GB of
        # address space (mostly not memory) before any query.
        if self.query_memory_mb < 1024:
            raise SettingsError("KG_QUERY_MEMORY_MB must be at least 1024")
        if self.answer_cache_bytes < 0:
            raise SettingsError("KG_ANSWER_CACHE_BYTES must be 0 (no cache) or a positive integer")


_ENV = {
    "api_token": "KG_API_TOKEN",
    "query_timeout": "KG_QUERY_TIMEOUT",
    "row_limit": "KG_QUERY_ROW_LIMIT",
    "answer_bytes": "KG_QUERY_ANSWER_BYTES",
    "max_body_bytes": "KG_MAX_BODY_BYTES",
    "allow_updates": "KG_ALLOW_UPDATES",
    "query_workers": "KG_QUERY_WORKERS",
    "query_memory_mb": "KG_QUERY_MEMORY_MB",
    "answer_cache_bytes": "KG_ANSWER_CACHE_BYTES",
    "request_timeout": "KG_REQUEST_TIMEOUT",
    "send_timeout": "KG_SEND_TIMEOUT",
}


def _parse(name: str, raw: str, default: object) -> object:
    """Return an environment value as the type of the setting's default."""
    text = raw.strip()
    if isinstance(default, bool):
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise SettingsError(f"{name}={raw!r}: use 1/0, true/false, yes/no or on/off")
    if isinstance(default, int | float):
        try:
            return type(default)(text)
        except ValueError:
            raise SettingsError(f"{name}={raw!r}: not a {type(default).__name__}") from None
    return text or None
