"""/healthz on a port of its own (PEERCIRCLE_HEALTH_PORT): the same answer as the main port's,
from a socket whose accept queue a reconnect storm cannot fill; anything but a probe is
refused or dropped, and the server goes on."""

import asyncio

import httpx2 as httpx

from server.config import Settings
from tests.support.processes import RedisServer, free_port


async def raw_exchange(port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 10)  # until the server closes
    writer.close()
    return answer


async def test_the_health_port_answers_like_the_main_one_and_says_503_without_redis(start_server, tmp_path) -> None:
    redis, port = RedisServer(tmp_path / "redis").start(), free_port()
    try:
        server = start_server(redis.url, PEERCIRCLE_HEALTH_PORT=str(port))
        async with httpx.AsyncClient() as http:
            answer = await http.get(f"http://127.0.0.1:{port}/healthz")
            assert answer.status_code == 200 and answer.json() == {"ok": True}
            assert answer.headers["connection"] == "close" and answer.headers["cache-control"] == "no-store"
            assert (await http.get(server.base + "/healthz")).json() == {"ok": True}
            redis.kill()
            answer = await http.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        assert answer.status_code == 503 and answer.json() == {"ok": False}
    finally:
        redis.kill()


async def test_only_the_probe_is_served_there(start_server) -> None:
    port = free_port()
    server = start_server(PEERCIRCLE_HEALTH_PORT=str(port))
    async with httpx.AsyncClient() as http:
        assert (await http.get(f"http://127.0.0.1:{port}/")).status_code == 404
        assert (await http.get(f"http://127.0.0.1:{port}/api/methods")).status_code == 404
        head = await http.head(f"http://127.0.0.1:{port}/healthz")
        assert head.status_code == 200 and head.content == b""
    assert await raw_exchange(port, b"\x16\x03\x01\x02\x00\r\n\r\n") == b""  # not a request line: dropped
    assert (await raw_exchange(port, b"\x16\x03 not http\r\n\r\n")).startswith(b"HTTP/1.1 404 ")
    assert await raw_exchange(port, b"GET /healthz HTTP/1.1\r\nX-Pad: " + b"a" * 20000 + b"\r\n\r\n") == b""
    answer = await raw_exchange(port, b"GET /healthz?probe=1 HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and answer.endswith(b'{"ok": true}')
    async with httpx.AsyncClient() as http:  # the server itself never noticed
        assert (await http.get(server.base + "/healthz")).status_code == 200


def test_the_health_port_is_off_unless_set_and_listens_where_the_server_does(monkeypatch) -> None:
    for name in ("PEERCIRCLE_HEALTH_PORT", "PEERCIRCLE_HEALTH_HOST", "HOST"):
        monkeypatch.delenv(name, raising=False)
    assert Settings().health_port == 0 and Settings().health_host == "127.0.0.1"
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PEERCIRCLE_HEALTH_PORT", "8081")
    assert Settings().health_port == 8081 and Settings().health_host == "0.0.0.0"
    monkeypatch.setenv("PEERCIRCLE_HEALTH_HOST", "10.0.0.5")
    assert Settings().health_host == "10.0.0.5"
