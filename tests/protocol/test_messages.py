"""Client frames: what `parse` accepts, and which close code each broken frame earns."""

import msgpack
import pytest

from protocol.codes import CloseCode
from protocol.errors import ProtocolError
from protocol.limits import MAX_ARRAY_LEN, MAX_DEPTH, MAX_FRAME_BYTES, MAX_MAP_LEN, MAX_STR_BYTES
from protocol.messages import Command, Hello, InvalidCommand, Ping, Resync, parse


def pack(value) -> bytes:
    return msgpack.packb(value, use_bin_type=True)


def _closes(frame, code: CloseCode) -> ProtocolError:
    with pytest.raises(ProtocolError) as closed:
        parse(frame)
    assert closed.value.code is code, closed.value.reason
    return closed.value


# --- what parses ---------------------------------------------------------------------


def test_a_hello_with_version_and_token():
    assert parse(pack({"t": "hello", "v": 1, "token": "r1.secret"})) == Hello(1, "r1.secret", None, None)


def test_a_hello_that_resumes_names_its_epoch_and_seq():
    frame = pack({"t": "hello", "v": 1, "token": "r1.secret", "epoch": "e9", "seq": 41})
    assert parse(frame) == Hello(1, "r1.secret", "e9", 41)


def test_a_command_with_its_op_name_and_cleaned_args():
    frame = pack({"t": "cmd", "op": "op-1", "name": "AddItem", "args": {"kind": "note", "text": "  Idea  "}})
    assert parse(frame) == Command("op-1", "AddItem", {"kind": "note", "text": "Idea"})


def test_a_command_without_args_has_empty_args():
    assert parse(pack({"t": "cmd", "op": "op-2", "name": "RaiseHand"})) == Command("op-2", "RaiseHand", {})


@pytest.mark.parametrize(("ts", "expected"), [(12.5, 12.5), (7, 7.0)], ids=["float", "int"])
def test_a_ping_with_the_clients_time(ts, expected):
    ping = parse(pack({"t": "ping", "ts": ts}))
    assert ping == Ping(expected) and isinstance(ping.ts, float)


def test_a_ping_without_a_time_counts_as_zero():
    assert parse(pack({"t": "ping"})) == Ping(0.0)


def test_a_resync():
    assert parse(pack({"t": "resync"})) == Resync()


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_any_binary_buffer_is_a_frame(kind):
    assert parse(kind(pack({"t": "resync"}))) == Resync()


def test_unknown_envelope_keys_are_ignored():
    assert parse(pack({"t": "ping", "ts": 1, "extra": [1, 2]})) == Ping(1.0)


def _frame_of_exactly(size: int) -> bytes:
    value = {"t": "ping", "ts": 1, **{key: "x" * (MAX_STR_BYTES - 1000) for key in "abcd"}, "e": "x" * 1000}
    value["e"] = "x" * (1000 + size - len(pack(value)))  # stays a str16: the header size is fixed
    frame = pack(value)
    assert len(frame) == size
    return frame


def test_a_frame_of_exactly_the_size_limit_is_read():
    assert parse(_frame_of_exactly(MAX_FRAME_BYTES)) == Ping(1.0)


# --- frames that close the connection ------------------------------------------------

_DEEP_OK = pack({"t": "ping", "x": [[[[[[[0]]]]]]]})  # 8 containers, the limit


def test_nesting_up_to_the_limit_is_read():
    assert MAX_DEPTH == 8
    assert parse(_DEEP_OK) == Ping(0.0)


HOSTILE = {
    # not binary at all
    "text-frame": ('{"t":"ping"}', CloseCode.UNSUPPORTED_DATA),
    # over the size limit, whatever the content
    "one-byte-over": (b"\x00" * (MAX_FRAME_BYTES + 1), CloseCode.TOO_BIG),
    "16-mib": (b"\x90" * (16 * 1024 * 1024), CloseCode.TOO_BIG),
    # not one well-formed msgpack value
    "empty": (b"", CloseCode.INVALID_PAYLOAD),
    "never-used-byte": (b"\xc1", CloseCode.INVALID_PAYLOAD),
    "truncated": (pack({"t": "ping"})[:-1], CloseCode.INVALID_PAYLOAD),
    "trailing-bytes": (pack({"t": "ping"}) + b"\x00", CloseCode.INVALID_PAYLOAD),
    "two-values": (pack({"t": "ping"}) * 2, CloseCode.INVALID_PAYLOAD),
    "invalid-utf8": (b"\x81\xa1t\xa2\xff\xfe", CloseCode.INVALID_PAYLOAD),
    "invalid-utf8-key": (b"\x81\xa2\xc3\x28\xa4ping", CloseCode.INVALID_PAYLOAD),
    "ext-type": (pack({"t": "ping", "x": msgpack.ExtType(5, b"ab")}), CloseCode.INVALID_PAYLOAD),
    "ext-timestamp": (pack({"t": "ping", "ts": msgpack.Timestamp(1, 0)}), CloseCode.INVALID_PAYLOAD),
    "ext-timestamp-alone": (pack(msgpack.Timestamp(1, 0)), CloseCode.INVALID_PAYLOAD),
    "ext-bad-timestamp": (b"\xd6\xff\x00", CloseCode.INVALID_PAYLOAD),
    "depth-9": (pack({"t": "ping", "x": [[[[[[[[0]]]]]]]]}), CloseCode.INVALID_PAYLOAD),
    "depth-bomb": (b"\x91" * 60_000 + b"\x00", CloseCode.INVALID_PAYLOAD),
    "map-depth-bomb": (b"\x81\xa1a" * 20_000 + b"\x00", CloseCode.INVALID_PAYLOAD),
    "declared-4g-array": (b"\xdd\xff\xff\xff\xff", CloseCode.INVALID_PAYLOAD),
    "declared-4g-map": (b"\xdf\xff\xff\xff\xff", CloseCode.INVALID_PAYLOAD),
    "declared-4g-string": (b"\xdb\xff\xff\xff\xff", CloseCode.INVALID_PAYLOAD),
    "declared-4g-bin": (b"\xc6\xff\xff\xff\xff", CloseCode.INVALID_PAYLOAD),
    "declared-4g-ext": (b"\xc9\xff\xff\xff\xff\x05", CloseCode.INVALID_PAYLOAD),
    "array-over-limit": (pack({"t": "ping", "x": [0] * (MAX_ARRAY_LEN + 1)}), CloseCode.INVALID_PAYLOAD),
    "map-over-limit": (pack({"t": "ping", **{f"k{i}": 0 for i in range(MAX_MAP_LEN)}}), CloseCode.INVALID_PAYLOAD),
    "string-over-limit": (pack({"t": "ping", "x": "x" * (MAX_STR_BYTES + 1)}), CloseCode.INVALID_PAYLOAD),
    "bin-over-limit": (pack({"t": "ping", "x": b"x" * (MAX_STR_BYTES + 1)}), CloseCode.INVALID_PAYLOAD),
    "int-key": (pack({1: "ping"}), CloseCode.INVALID_PAYLOAD),
    "nil-key": (b"\x81\xc0\xa4ping", CloseCode.INVALID_PAYLOAD),
    "array-key": (b"\x81\x90\xa4ping", CloseCode.INVALID_PAYLOAD),
    "nested-int-key": (pack({"t": "cmd", "op": "o", "name": "RaiseHand", "args": {1: 2}}), CloseCode.INVALID_PAYLOAD),
    # well-formed msgpack that breaks the protocol
    "bytes-key": (pack({b"t": "ping"}), CloseCode.POLICY),
    "not-a-map": (pack(["t", "ping"]), CloseCode.POLICY),
    "a-bare-string": (pack("ping"), CloseCode.POLICY),
    "nil": (pack(None), CloseCode.POLICY),
    "no-t": (pack({"op": "o1"}), CloseCode.POLICY),
    "unknown-t": (pack({"t": "subscribe"}), CloseCode.POLICY),
    "t-not-a-string": (pack({"t": 1}), CloseCode.POLICY),
    "t-bytes": (pack({"t": b"ping"}), CloseCode.POLICY),
    "t-wrong-case": (pack({"t": "Hello", "v": 1, "token": "x"}), CloseCode.POLICY),
    "hello-without-token": (pack({"t": "hello", "v": 1}), CloseCode.POLICY),
    "hello-empty-token": (pack({"t": "hello", "v": 1, "token": ""}), CloseCode.POLICY),
    "hello-token-too-long": (pack({"t": "hello", "v": 1, "token": "x" * 129}), CloseCode.POLICY),
    "hello-token-not-text": (pack({"t": "hello", "v": 1, "token": b"secret"}), CloseCode.POLICY),
    "hello-without-version": (pack({"t": "hello", "token": "x"}), CloseCode.POLICY),
    "hello-version-bool": (pack({"t": "hello", "v": True, "token": "x"}), CloseCode.POLICY),
    "hello-version-float": (pack({"t": "hello", "v": 1.0, "token": "x"}), CloseCode.POLICY),
    "hello-version-text": (pack({"t": "hello", "v": "1", "token": "x"}), CloseCode.POLICY),
    "hello-epoch-not-text": (pack({"t": "hello", "v": 1, "token": "x", "epoch": 5}), CloseCode.POLICY),
    "hello-epoch-empty": (pack({"t": "hello", "v": 1, "token": "x", "epoch": ""}), CloseCode.POLICY),
    "hello-epoch-too-long": (pack({"t": "hello", "v": 1, "token": "x", "epoch": "e" * 65}), CloseCode.POLICY),
    "hello-seq-negative": (pack({"t": "hello", "v": 1, "token": "x", "seq": -1}), CloseCode.POLICY),
    "hello-seq-bool": (pack({"t": "hello", "v": 1, "token": "x", "seq": True}), CloseCode.POLICY),
    "hello-seq-float": (pack({"t": "hello", "v": 1, "token": "x", "seq": 3.0}), CloseCode.POLICY),
    "hello-seq-2^53": (pack({"t": "hello", "v": 1, "token": "x", "seq": 2**53}), CloseCode.POLICY),
    "cmd-without-op": (pack({"t": "cmd", "name": "RaiseHand", "args": {}}), CloseCode.POLICY),
    "cmd-empty-op": (pack({"t": "cmd", "op": "", "name": "RaiseHand"}), CloseCode.POLICY),
    "cmd-op-too-long": (pack({"t": "cmd", "op": "o" * 65, "name": "RaiseHand"}), CloseCode.POLICY),
    "cmd-op-not-text": (pack({"t": "cmd", "op": 7, "name": "RaiseHand"}), CloseCode.POLICY),
    "ping-ts-text": (pack({"t": "ping", "ts": "now"}), CloseCode.POLICY),
    "ping-ts-bool": (pack({"t": "ping", "ts": False}), CloseCode.POLICY),
    "ping-ts-nil-is-not-zero": (pack({"t": "ping", "ts": None}), CloseCode.POLICY),
}


@pytest.mark.parametrize(("frame", "code"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_broken_frame_closes_with_its_code(frame, code):
    error = _closes(frame, code)
    assert error.reason and len(error.reason) <= 123  # fits a WebSocket close frame


def test_the_catalogue_uses_only_the_codes_the_codec_may_close_with():
    assert {code for _, code in HOSTILE.values()} == {
        CloseCode.UNSUPPORTED_DATA, CloseCode.TOO_BIG, CloseCode.INVALID_PAYLOAD, CloseCode.POLICY,
    }


def test_token_epoch_seq_and_op_at_exactly_their_limits_are_read():
    frame = pack({"t": "hello", "v": 1, "token": "x" * 128, "epoch": "e" * 64, "seq": 2**53 - 1})
    assert parse(frame) == Hello(1, "x" * 128, "e" * 64, 2**53 - 1)
    assert parse(pack({"t": "cmd", "op": "o" * 64, "name": "RaiseHand"})).op == "o" * 64


# --- command refusals keep the connection and name the op ----------------------------


@pytest.mark.parametrize(
    "frame",
    [
        {"t": "cmd", "op": "op-9", "name": 3},
        {"t": "cmd", "op": "op-9"},
        {"t": "cmd", "op": "op-9", "name": "Explode"},
        {"t": "cmd", "op": "op-9", "name": "raisehand"},
        {"t": "cmd", "op": "op-9", "name": "RaiseHand", "args": []},
        {"t": "cmd", "op": "op-9", "name": "RaiseHand", "args": None},
        {"t": "cmd", "op": "op-9", "name": "RaiseHand", "args": "none"},
    ],
    ids=["name-not-text", "no-name", "unknown-name", "wrong-case-name", "args-list", "args-nil", "args-text"],
)
def test_a_bad_command_is_refused_with_its_op_and_keeps_the_connection(frame):
    with pytest.raises(InvalidCommand) as refused:
        parse(pack(frame))
    assert refused.value.op == "op-9"
    assert refused.value.reason


def test_the_reason_for_an_unknown_command_is_short_even_for_a_long_name():
    with pytest.raises(InvalidCommand) as refused:
        parse(pack({"t": "cmd", "op": "o", "name": "X" * 5000}))
    assert len(refused.value.reason) <= 80
