"""Where a meeting's socket lives: one path, and the room it is for named in its URL
(`server/realtime/session.py` reads it).

The token in `hello` is what grants access; the room in the URL grants nothing. It is
there for whatever stands in front of the servers: a balancer that routes by it keeps
each room's sockets on one process (nginx `hash $arg_room consistent`, HAProxy
`balance url_param room`), and one process then does a room's fan-out alone.
"""

SOCKET_PATH = "/ws"
ROOM_PARAM = "room"
