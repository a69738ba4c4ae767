"""The lobby over HTTP: the brief of a meeting for anyone holding one of its live links,
read before joining (protocol/SPEC.md, "Links and tokens").

The invite link is shared with everyone who may come, so the brief is what it shows
before a name is given; the read-only summary link is for people who did not attend and
reads the summary only, so it is refused here.
"""

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server.web import Refused, caller, room_state

LINK_HOLDERS = frozenset({"invite", "participant", "facilitator", "display"})


async def brief(request: Request) -> Response:
    """`{title, method, problem, objectives, context, starts_at, started, closed}`."""
    try:
        room, _ = await caller(request, LINK_HOLDERS)
        state = await room_state(request, room)
    except Refused as refused:
        return refused.response
    return JSONResponse({
        "title": state.title,
        "method": state.method,
        "problem": state.brief.problem,
        "objectives": state.brief.objectives,
        "context": state.brief.context,
        "starts_at": state.brief.starts_at,
        "started": bool(state.history),  # a round has run: the lobby is over
        "closed": state.closed,
    })
