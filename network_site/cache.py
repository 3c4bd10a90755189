"""A Redis cache that degrades to "no cache" instead of failing the request.

Redis holds only what can be rebuilt: cached pages, cached sessions (the
database keeps the real ones), rate-limit counters. So when Redis cannot be
reached, every read is a miss and every write is dropped, and the site goes on
rendering pages, signing people in and answering ``/healthz`` with
"degraded". After a failure the backend does not try Redis again for
``RETRY_SECONDS`` (a short circuit breaker), so an outage costs one connection
attempt per process every few seconds, not one per cache call.

A write dropped during an outage must not leave an older value behind in a Redis
that comes back with its data (a network partition rather than a restart): a
signed-out session or an unpublished page would reappear. So the key of every
dropped write is remembered, and the first call that reaches Redis again deletes
those keys before anything else. The page cache's generation counter is the one
caller that needs to know a write failed; ``incr`` raises ``CacheUnavailable``
for it, and keys listed as ``local_fallback_prefixes`` (rate limits) fall back
to the process's own memory.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_SECONDS = 5.0
# Keys of dropped writes kept for deletion on recovery; beyond this the oldest
# are forgotten (and the page cache entries they point at expire on their own).
MAX_DROPPED_KEYS = 10_000
# Without timeouts a Redis that stopped answering (rather than refusing) would
# hold every request for the kernel's TCP timeout.
DEFAULT_SOCKET_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}

T = TypeVar("T")


class CacheUnavailable(Exception):
    """Redis could not be reached; the operation did not happen."""


@dataclass
class _Circuit:
    """Shared by every thread of a process that talks to one Redis location."""

    retry_seconds: float
    open_until: float = 0.0
    dropped_keys: dict[Any, None] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, error: BaseException) -> None:
        with self.lock:
            first = self.open_until == 0.0
            self.open_until = time.monotonic() + self.retry_seconds
        if first:
            logger.error("Cache unavailable, serving without it: %s", error)

    def drop(self, keys: Iterable[Any]) -> None:
        with self.lock:
            for key in keys:
                self.dropped_keys[key] = None
            while len(self.dropped_keys) > MAX_DROPPED_KEYS:
                del self.dropped_keys[next(iter(self.dropped_keys))]

    def take_dropped(self) -> list[Any]:
        with self.lock:
            keys, self.dropped_keys = list(self.dropped_keys), {}
        return keys

    def close(self, stale_keys: int) -> None:
        with self.lock:
            self.open_until = 0.0
        logger.warning(
            "Cache reachable again; deleted %d keys written during the outage", stale_keys
        )


_circuits: dict[tuple[str, ...], _Circuit] = {}
_circuits_lock = threading.Lock()


def _circuit_for(servers: list[str], retry_seconds: float) -> _Circuit:
    with _circuits_lock:
        return _circuits.setdefault(tuple(servers), _Circuit(retry_seconds))


class FailSoftRedisCacheClient(RedisCacheClient):
    """Django's Redis client behind a circuit breaker: every call either reaches
    Redis or raises ``CacheUnavailable``, remembering the keys it failed to write."""

    def __init__(self, servers: list[str], retry_seconds: float = RETRY_SECONDS, **options: Any):
        super().__init__(servers, **{**DEFAULT_SOCKET_OPTIONS, **options})
        self.circuit = _circuit_for(servers, retry_seconds)

    def _guard(self, call: Callable[[], T], written: Iterable[Any] = ()) -> T:
        if self.circuit.is_open():
            self.circuit.drop(written)
            raise CacheUnavailable()
        half_open = self.circuit.open_until != 0.0
        stale = self.circuit.take_dropped() if half_open else []
        try:
            if stale:
                RedisCacheClient.delete_many(self, stale)
            result = call()
        except UNREACHABLE as error:
            self.circuit.trip(error)
            self.circuit.drop([*stale, *written])
            raise CacheUnavailable() from error
        if half_open:
            self.circuit.close(len(stale))
        return result

    def ping(self) -> bool:
        """A real round trip whatever the circuit says (for /healthz); it also
        closes the circuit when Redis answers."""
        try:
            answered = bool(self.get_client(write=True).ping())
        except UNREACHABLE as error:
            self.circuit.trip(error)
            return False
        if self.circuit.open_until:
            try:
                self._guard(lambda: None)
            except CacheUnavailable:
                return False
        return answered

    def get(self, key: Any, default: Any) -> Any:
        return self._guard(partial(RedisCacheClient.get, self, key, default))

    def get_many(self, keys: Iterable[Any]) -> dict[Any, Any]:
        return self._guard(partial(RedisCacheClient.get_many, self, list(keys)))

    def has_key(self, key: Any) -> bool:
        return self._guard(partial(RedisCacheClient.has_key, self, key))

    def add(self, key: Any, value: Any, timeout: Any) -> bool:
        # A failed add leaves nothing older behind: it never overwrites.
        return self._guard(partial(RedisCacheClient.add, self, key, value, timeout))

    def set(self, key: Any, value: Any, timeout: Any) -> None:
        self._guard(partial(RedisCacheClient.set, self, key, value, timeout), [key])

    def touch(self, key: Any, timeout: Any) -> bool:
        return self._guard(partial(RedisCacheClient.touch, self, key, timeout), [key])

    def delete(self, key: Any) -> bool:
        return self._guard(partial(RedisCacheClient.delete, self, key), [key])

    def set_many(self, data: Mapping[Any, Any], timeout: Any) -> None:
        self._guard(partial(RedisCacheClient.set_many, self, data, timeout), list(data))

    def delete_many(self, keys: Iterable[Any]) -> None:
        keys = list(keys)
        self._guard(partial(RedisCacheClient.delete_many, self, keys), keys)

    def incr(self, key: Any, delta: int) -> int:
        return self._guard(partial(RedisCacheClient.incr, self, key, delta), [key])

    def clear(self) -> bool:
        return self._guard(partial(RedisCacheClient.clear, self))


class FailSoftRedisCache(RedisCache):
    """Django's Redis cache that answers "miss" and drops writes while Redis
    cannot be reached (``incr`` raises ``CacheUnavailable`` instead).

    OPTIONS may set ``retry_seconds`` (the circuit breaker), redis-py's socket
    timeouts, and ``local_fallback_prefixes``: keys that fall back to this
    process's memory during an outage instead of to nothing. Rate-limit counters
    belong there: allauth takes a lock with ``add`` before every sign-in, so with
    no cache at all it would refuse everyone, and with a memory of its own each
    app server still holds an attacker to its limit. Never list sessions or
    cached pages: another app server would not see them change.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        self._local_prefixes = tuple(options.pop("local_fallback_prefixes", ()))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = FailSoftRedisCacheClient
        self._local = LocMemCache(f"fail-soft-fallback:{server}", {"TIMEOUT": self.default_timeout})

    @property
    def client(self) -> FailSoftRedisCacheClient:
        return self._cache  # type: ignore[attr-defined]

    def ping(self) -> bool:
        return self.client.ping()

    def _falls_back(self, key: Any) -> bool:
        return bool(self._local_prefixes) and str(key).startswith(self._local_prefixes)

    def _soft(self, method: str, key: Any, default: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(super(), method)(key, *args, **kwargs)
        except CacheUnavailable:
            if self._falls_back(key):
                return getattr(self._local, method)(key, *args, **kwargs)
            return default

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._soft("get", key, default, default, version=version)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._soft("add", key, False, value, timeout, version=version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._soft("set", key, None, value, timeout, version=version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._soft("touch", key, False, timeout, version=version)

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._soft("delete", key, False, version=version)

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._soft("has_key", key, False, version=version)

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        keys = list(keys)
        try:
            return super().get_many(keys, version=version)
        except CacheUnavailable:
            return self._local.get_many([key for key in keys if self._falls_back(key)], version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        try:
            return super().set_many(data, timeout, version=version)
        except CacheUnavailable:
            return list(data)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        with suppress(CacheUnavailable):
            super().delete_many(keys, version=version)

    def clear(self) -> None:
        with suppress(CacheUnavailable):
            super().clear()


def cache_answers(cache: Any) -> bool:
    """Whether the cache answers a round trip now, for any backend."""
    if isinstance(cache, FailSoftRedisCache):
        return cache.ping()
    probe = f"healthz:{time.time_ns()}"
    cache.set(probe, "ok", 10)
    answered = cache.get(probe) == "ok"
    cache.delete(probe)
    return answered
