"""Binary frames <-> Python values, with the limits applied while decoding.

msgpack's own bounds stop huge declared lengths before any allocation; a depth
check after decoding stops nesting bombs that fit within those bounds. msgpack decodes
extension type -1 (timestamp) itself, without calling `ext_hook`, so the same walk
refuses the Timestamp values it yields.
"""

from typing import Any

import msgpack

from protocol.codes import CloseCode
from protocol.errors import ProtocolError
from protocol.limits import MAX_ARRAY_LEN, MAX_DEPTH, MAX_FRAME_BYTES, MAX_MAP_LEN, MAX_STR_BYTES


def _refuse_ext(code: int, data: bytes) -> Any:
    raise ProtocolError(CloseCode.INVALID_PAYLOAD, "msgpack extension types are not allowed")


def encode(value: Any) -> bytes:
    """Encode one server frame. Strings as str, bytes as bin."""
    return msgpack.packb(value, use_bin_type=True)


def decode(frame: bytes) -> Any:
    """Decode one client frame or raise ProtocolError; never any other exception."""
    if not isinstance(frame, (bytes, bytearray, memoryview)):
        raise ProtocolError(CloseCode.UNSUPPORTED_DATA, "frames are binary msgpack")
    if len(frame) > MAX_FRAME_BYTES:
        raise ProtocolError(CloseCode.TOO_BIG, "frame too large")
    try:
        value = msgpack.unpackb(
            frame,
            raw=False,
            strict_map_key=True,
            use_list=True,
            max_str_len=MAX_STR_BYTES,
            max_bin_len=MAX_STR_BYTES,
            max_array_len=MAX_ARRAY_LEN,
            max_map_len=MAX_MAP_LEN,
            max_ext_len=MAX_STR_BYTES,
            ext_hook=_refuse_ext,
        )
    except ProtocolError:
        raise
    except RecursionError as exc:
        raise ProtocolError(CloseCode.INVALID_PAYLOAD, "frame nests too deeply") from exc
    except (ValueError, msgpack.UnpackException) as exc:  # ExtraData, StackError, FormatError, limits
        raise ProtocolError(CloseCode.INVALID_PAYLOAD, "not one well-formed msgpack value") from exc
    _check_depth(value)
    return value


def _check_depth(value: Any, depth: int = 1) -> None:
    # Every command passes here, so the walk stays cheap: it only steps into containers
    # (msgpack yields plain dicts and lists, never subclasses) and recurses at most
    # MAX_DEPTH levels before it refuses.
    kind = type(value)
    if kind is msgpack.Timestamp:
        raise ProtocolError(CloseCode.INVALID_PAYLOAD, "msgpack extension types are not allowed")
    if kind is not dict and kind is not list:
        return
    if depth > MAX_DEPTH:
        raise ProtocolError(CloseCode.INVALID_PAYLOAD, "frame nests too deeply")
    for child in value.values() if kind is dict else value:
        if type(child) in _NESTED:
            _check_depth(child, depth + 1)


_NESTED = frozenset((dict, list, msgpack.Timestamp))
