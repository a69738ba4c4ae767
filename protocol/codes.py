"""Named WebSocket close codes and command error codes.

Close codes end a connection; error codes answer one command and keep it open.
Both are part of the contract documented in SPEC.md (a test keeps them in step).
"""

from enum import IntEnum, StrEnum


class CloseCode(IntEnum):
    NORMAL = 1000
    GOING_AWAY = 1001
    UNSUPPORTED_DATA = 1003  # a text frame: the protocol is binary msgpack only
    INVALID_PAYLOAD = 1007  # bytes that are not one well-formed msgpack value
    POLICY = 1008  # a well-formed frame that breaks the protocol (e.g. a command before hello)
    TOO_BIG = 1009  # a frame over MAX_FRAME_BYTES (sent by uvicorn itself)
    SERVER_ERROR = 1011
    SERVICE_RESTART = 1012  # the server process is shutting down: reconnect elsewhere
    TRY_AGAIN_LATER = 1013  # the store is unreachable right now
    VERSION = 4001  # the client's protocol version is not spoken here: do not reconnect
    FORBIDDEN = 4003  # unknown or revoked token: do not reconnect
    UNKNOWN_ROOM = 4004  # the meeting no longer exists: do not reconnect
    AUTH_TIMEOUT = 4005  # no hello within AUTH_DEADLINE_S
    TOO_SLOW = 4008  # the outbox overflowed: reconnect and resume
    RATE_LIMITED = 4029  # commands kept coming faster than the rate limit allows


#: Close codes after which a client must not reconnect with the same token.
FINAL_CLOSE_CODES = frozenset({CloseCode.VERSION, CloseCode.FORBIDDEN, CloseCode.UNKNOWN_ROOM})


class ErrorCode(StrEnum):
    """Why one command was refused. Stable: clients map them to words."""

    INVALID_COMMAND = "invalid_command"  # unknown command name or malformed arguments
    FORBIDDEN = "forbidden"  # the sender's role may not do this
    NOT_FOUND = "not_found"  # the item or person named does not exist
    NOT_AUTHOR = "not_author"  # only the author (or a facilitator) may change this item
    WRONG_STATE = "wrong_state"  # not possible now (e.g. pause a timer that is not running)
    NOT_NOW = "not_now"  # the current round's rules do not allow it (e.g. a hand in a silent round)
    LIMIT_REACHED = "limit_reached"  # the room holds as many items or people as it may
    QUEUE_EMPTY = "queue_empty"  # give the floor to the next hand, but no hand is up
    RATE_LIMITED = "rate_limited"  # slow down: this command was not applied
    UNAVAILABLE = "unavailable"  # the store did not answer; retry with the same op id
