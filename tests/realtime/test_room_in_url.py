"""The room a socket's URL names: read from its query string, or none."""

from protocol.address import ROOM_PARAM
from server.realtime.session import room_named


def test_a_url_without_a_query_names_no_room():
    assert room_named(b"") is None


def test_the_room_parameter_is_read_whatever_else_the_query_holds():
    assert room_named(f"{ROOM_PARAM}=abc123".encode()) == "abc123"
    assert room_named(b"v=1&room=abc123&x") == "abc123"


def test_other_parameters_name_no_room():
    assert room_named(b"rooms=abc123&roomy=1") is None


def test_an_empty_room_is_named_as_empty_so_it_cannot_match_a_token():
    assert room_named(b"room=") == ""


def test_escaped_characters_are_decoded_before_comparing():
    assert room_named(b"room=ab%63") == "abc"
