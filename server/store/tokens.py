"""Capability tokens: `<room id>.<secret>`, the secret 192 random bits.

Redis keeps only the secret's SHA-256, as the meta field `tok:<hex>`, whose value is
the grant: `facilitator:<person>`, `participant:<person>`, `invite`, `display` or
`reader` (the read-only summary link, for people who did not attend).
"""

import hashlib
import re
import secrets
from dataclasses import dataclass

SECRET_BYTES = 24  # 192 bits, over the 128 the threat model asks for
ROOM_ID_BYTES = 9
EPOCH_BYTES = 8
_ROOM_ID = re.compile(r"[a-z0-9]{8,32}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{32,64}")
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed
JOIN_CODE_LEN = 6


@dataclass(frozen=True, slots=True)
class Grant:
    role: str  # facilitator | participant | invite | display | reader
    person: str | None = None

    def encode(self) -> str:
        return f"{self.role}:{self.person}" if self.person else self.role

    @classmethod
    def decode(cls, raw: str) -> "Grant":
        role, _, person = raw.partition(":")
        return cls(role, person or None)


def new_room_id() -> str:
    return secrets.token_hex(ROOM_ID_BYTES)


def new_epoch() -> str:
    """Names one life of a room's log; a new one tells clients to stop trusting old seqs."""
    return secrets.token_hex(EPOCH_BYTES)


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LEN))


def new_token(room: str) -> tuple[str, str]:
    """A fresh token for `room` and the meta field that will hold its grant."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    return f"{room}.{secret}", token_field(secret)


def token_field(secret: str) -> str:
    return "tok:" + hashlib.sha256(secret.encode()).hexdigest()


def split_token(token: str) -> tuple[str, str] | None:
    """(room, secret) for a well-formed token, else None. Says nothing of validity."""
    room, dot, secret = token.partition(".")
    if not dot or not _ROOM_ID.fullmatch(room) or not _SECRET.fullmatch(secret):
        return None
    return room, secret
