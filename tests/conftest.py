"""Shared fixtures: one private Redis per test session, PeerCircle processes on demand."""

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from server.store.rooms import RoomStore
from tests.support.processes import PeerCircleServer, RedisServer


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
async def redis_client(redis_server: RedisServer) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_server.url)
    yield client
    await client.aclose()


@pytest.fixture
async def store(redis_client: Redis) -> AsyncIterator[RoomStore]:
    """The store in this test's process, its committer running."""
    store = RoomStore(redis_client)
    store.committer.start()
    yield store
    await store.committer.stop()


@pytest.fixture
def start_server(redis_server: RedisServer, tmp_path: Path) -> Iterator[Callable[..., PeerCircleServer]]:
    """Start PeerCircle processes against the session's Redis (or another); all stop after the test."""
    started: list[PeerCircleServer] = []

    def start(redis_url: str | None = None, log_level: str = "warning", **env: str) -> PeerCircleServer:
        log = tmp_path / f"server{len(started)}.log"
        server = PeerCircleServer(redis_url or redis_server.url, log, extra_env=env, log_level=log_level)
        started.append(server.start())
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def server(start_server: Callable[..., PeerCircleServer]) -> PeerCircleServer:
    return start_server()
