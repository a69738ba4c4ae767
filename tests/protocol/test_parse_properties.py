"""Whatever arrives, `parse` answers with a message, ProtocolError or InvalidCommand: never anything else."""

import msgpack
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocol.codes import CloseCode
from protocol.commands import COMMANDS
from protocol.errors import ProtocolError
from protocol.messages import Command, Hello, InvalidCommand, Ping, Resync, parse

CODEC_CODES = {CloseCode.UNSUPPORTED_DATA, CloseCode.INVALID_PAYLOAD, CloseCode.POLICY, CloseCode.TOO_BIG}

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.binary(max_size=40)
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=6),
    max_leaves=30,
)
arg_values = scalars | st.sampled_from(["note", "i1", "p2", "Ann", " ", "\n", "x" * 2001]) | values

envelopes = st.one_of(
    st.fixed_dictionaries(
        {"t": st.just("cmd"), "op": st.text(min_size=1, max_size=8)},
        optional={
            "name": st.sampled_from(sorted(COMMANDS)) | values,
            "args": st.dictionaries(
                st.sampled_from(["name", "kind", "text", "item", "person", "seconds", "x"]), arg_values, max_size=4
            )
            | values,
        },
    ),
    st.fixed_dictionaries(
        {"t": st.just("hello")},
        optional={"v": values, "token": values, "epoch": values, "seq": values},
    ),
    st.fixed_dictionaries({"t": st.sampled_from(["ping", "resync", "pong", ""])}, optional={"ts": values}),
    st.dictionaries(st.text(max_size=4), values, max_size=4),
)


def _answer(frame) -> None:
    try:
        message = parse(frame)
    except ProtocolError as error:
        assert error.code in CODEC_CODES
    except InvalidCommand as error:
        assert isinstance(error.op, str) and error.op
    else:
        assert isinstance(message, (Hello, Command, Ping, Resync))


@settings(max_examples=1500, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise_anything_unexpected(frame):
    _answer(frame)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_arbitrary_msgpack_values_never_raise_anything_unexpected(value):
    _answer(msgpack.packb(value, use_bin_type=True))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(envelopes)
def test_arbitrary_envelopes_never_raise_anything_unexpected(value):
    _answer(msgpack.packb(value, use_bin_type=True))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=50))
def test_a_text_frame_always_closes_as_unsupported_data(frame):
    try:
        parse(frame)
    except ProtocolError as error:
        assert error.code is CloseCode.UNSUPPORTED_DATA
    else:
        raise AssertionError("a text frame was parsed")
