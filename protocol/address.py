"""Where a meeting's socket lives: one path, and the room it is for named in its URL.

The token in `hello` is what grants access; the room in the URL grants nothing. It is
there for whatever stands in front of the servers: a balancer that routes by it keeps
each room's sockets on one process (nginx `hash $arg_room consistent`, HAProxy
`balance url_param room`), and one process then does a room's fan-out alone.
"""

from urllib.parse import parse_qsl

SOCKET_PATH = "/ws"
ROOM_PARAM = "room"


def room_named(query_string: bytes) -> str | None:
    """The room a socket's URL names (`/ws?room=<id>`), or None if it names none."""
    if not query_string:
        return None  # the common case of a client that names none: no parsing
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if key == ROOM_PARAM:
            return value
    return None
