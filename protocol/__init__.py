"""PeerCircle's wire contract: frames, messages, limits and close codes.

Pure: no I/O, no asyncio, no server imports. `SPEC.md` beside this file describes
the same contract for people writing clients.
"""

from protocol.codes import CloseCode, ErrorCode
from protocol.errors import ProtocolError
from protocol.version import PROTOCOL_VERSION

__all__ = ["PROTOCOL_VERSION", "CloseCode", "ErrorCode", "ProtocolError"]
