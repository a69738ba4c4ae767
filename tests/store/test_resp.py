"""Our own connections honour redis-py's settings: numbers are sent as redis-py sends them,
the password and the db of the URL hold for the batcher's wire, and a refused password
reaches the caller as the error Redis gave."""

from pathlib import Path

import pytest
from redis.asyncio import Redis
from redis.exceptions import AuthenticationError, ResponseError

from server.store.batcher import Batcher
from server.store.resp import command
from server.store.tokens import new_room_id
from tests.support.processes import RedisServer


def test_a_command_is_an_array_of_bulk_strings_with_numbers_in_their_repr() -> None:
    assert command("SET", b"k", 7) == b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\n7\r\n"
    assert command("INCRBYFLOAT", "k", 0.5).endswith(b"$3\r\n0.5\r\n")
    assert command("SET", "k", "é").endswith(b"$2\r\n\xc3\xa9\r\n")  # bytes, not characters, are counted
    assert command("SET", "k", 0.1 + 0.2).endswith(b"$19\r\n0.30000000000000004\r\n")  # every digit of the repr
    assert command("SET", "k", 2**70).endswith(b"$22\r\n1180591620717411303424\r\n")
    assert command("SET", "k", memoryview(b"mv")).endswith(b"$2\r\nmv\r\n")


@pytest.mark.parametrize("value", [None, True, object()])
def test_what_redis_py_would_not_send_is_refused_before_anything_is_written(value: object) -> None:
    with pytest.raises(TypeError):
        command("SET", "k", value)


async def test_the_batcher_writes_to_the_db_of_its_url(redis_server: RedisServer) -> None:
    key = f"db:{new_room_id()}"
    in_db3 = Redis.from_url(redis_server.url.removesuffix("/0") + "/3")
    in_db0 = Redis.from_url(redis_server.url)
    try:
        batcher = Batcher(in_db3)
        assert await batcher.call("SET", key, "three") is True
        batcher.close()
        assert await in_db3.get(key) == b"three"
        assert await in_db0.get(key) is None
    finally:
        await in_db3.delete(key)
        await in_db3.aclose()
        await in_db0.aclose()


async def test_the_batcher_authenticates_and_a_wrong_password_is_the_callers_error(tmp_path: Path) -> None:
    server = RedisServer(tmp_path / "redis").start()
    try:
        admin = Redis(port=server.port)
        await admin.config_set("requirepass", "s3cret")
        await admin.aclose()
        good = Redis(port=server.port, password="s3cret")
        batcher = Batcher(good)
        assert await batcher.call("PING") is True
        batcher.close()
        bad = Redis(port=server.port, password="wrong")
        with pytest.raises((AuthenticationError, ResponseError)):
            await Batcher(bad).call("PING")
        await good.aclose()
        await bad.aclose()
    finally:
        server.stop()
