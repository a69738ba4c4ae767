"""Client messages parsed from frames, and the server frames built for clients.

Every client frame is a msgpack map with a string `t`. `parse` returns one typed
message or raises: ProtocolError (the connection closes) for a broken envelope,
InvalidCommand (one `error` reply, the connection stays) for a command whose name
or arguments are wrong but whose `op` is known.
"""

from dataclasses import dataclass
from typing import Any

from protocol.codec import decode, encode
from protocol.codes import CloseCode, ErrorCode
from protocol.commands import clean_args
from protocol.errors import ProtocolError
from protocol.limits import MAX_OP_ID_LEN, MAX_TOKEN_LEN


@dataclass(frozen=True, slots=True)
class Hello:
    version: int
    token: str
    epoch: str | None = None
    seq: int | None = None


@dataclass(frozen=True, slots=True)
class Command:
    op: str
    name: str
    args: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Ping:
    ts: float


@dataclass(frozen=True, slots=True)
class Resync:
    """The client saw a gap or is unsure of its state: send a fresh snapshot."""


ClientMessage = Hello | Command | Ping | Resync


class InvalidCommand(Exception):
    def __init__(self, op: str, reason: str) -> None:
        super().__init__(reason)
        self.op = op
        self.reason = reason


def _policy(reason: str) -> ProtocolError:
    return ProtocolError(CloseCode.POLICY, reason)


def _str(frame: dict, key: str, max_len: int, required: bool = True) -> str | None:
    value = frame.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= max_len:
        raise _policy(f"{key}: must be a string of 1 to {max_len} characters")
    return value


def _int(frame: dict, key: str) -> int | None:
    value = frame.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**53:
        raise _policy(f"{key}: must be a non-negative integer")
    return value


def parse(frame: bytes) -> ClientMessage:
    value = decode(frame)
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise _policy("a frame is a map with string keys")
    kind = value.get("t")
    if kind == "hello":
        version = value.get("v")
        if isinstance(version, bool) or not isinstance(version, int):
            raise _policy("v: must be an integer")
        token = _str(value, "token", MAX_TOKEN_LEN)
        return Hello(version, token, _str(value, "epoch", 64, required=False), _int(value, "seq"))
    if kind == "cmd":
        op = _str(value, "op", MAX_OP_ID_LEN)
        name = value.get("name")
        if not isinstance(name, str):
            raise InvalidCommand(op, "name: must be a string")
        try:
            args = clean_args(name, value.get("args", {}))
        except ValueError as exc:
            raise InvalidCommand(op, str(exc)) from None
        return Command(op, name, args)
    if kind == "ping":
        ts = value.get("ts", 0)
        if isinstance(ts, bool) or not isinstance(ts, (int, float)):
            raise _policy("ts: must be a number")
        return Ping(float(ts))
    if kind == "resync":
        return Resync()
    raise _policy("unknown message type")


# --- server frames ------------------------------------------------------------------


def welcome(
    *, you: dict, now: float, epoch: str, seq: int, state: dict | None, events: list[dict] | None
) -> bytes:
    """Answer to hello: a snapshot (`state` at `seq`) or the `events` missed since the client's seq."""
    frame: dict[str, Any] = {"t": "welcome", "you": you, "now": now, "epoch": epoch, "seq": seq}
    if state is not None:
        frame["state"] = state
    else:
        frame["events"] = events or []
    return encode(frame)


def events(batch: list[dict]) -> bytes:
    """Committed events in seq order; each dict carries its own `seq`."""
    return encode({"t": "events", "events": batch})


def ack(op: str, seq: int | None, now: float) -> bytes:
    """`now` (server epoch seconds, taken while the command was in hand) makes every ack a
    clock sample too, as a `pong` is: a client that acts needs no clock `ping`."""
    return encode({"t": "ack", "op": op, "seq": seq, "now": now})


def error(op: str | None, code: ErrorCode, message: str) -> bytes:
    return encode({"t": "error", "op": op, "code": str(code), "message": message})


def pong(ts: float, now: float) -> bytes:
    return encode({"t": "pong", "ts": ts, "now": now})
