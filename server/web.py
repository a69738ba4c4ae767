"""What every HTTP endpoint shares: the JSON problem answer, a bounded JSON body, the
bearer token and the room it opens, the guessing guard, the base URL of links, and a
room's state caught up with the log.

A token that does not resolve to the room in the path counts as a failed attempt, like a
wrong join code (the FailureGuard); a valid token of the wrong kind is refused without
counting.
"""

import json

from redis.exceptions import RedisError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server.domain import Room
from server.realtime.hub import RoomGone
from server.store.tokens import Grant

MAX_BODY_BYTES = 4096


def problem(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


async def json_body(request: Request) -> dict:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise ValueError("body too large")
    data = json.loads(body or b"{}")
    if not isinstance(data, dict):
        raise ValueError("body must be a JSON object")
    return data


async def bearer(request: Request) -> tuple[str, Grant] | None:
    """(room, grant) of the live token in `Authorization: Bearer`, if any."""
    auth = request.headers.get("authorization", "")
    if not auth.lower().startswith("bearer "):
        return None
    return await request.app.state.store.resolve(auth[7:].strip())


def address(request: Request) -> str:
    return request.client.host if request.client else ""


def refused_for_guessing(request: Request) -> Response | None:
    if request.app.state.guard.blocked(address(request)):
        return problem(429, "rate_limited", "Too many failed attempts; wait a minute.")
    return None


def base_url(request: Request) -> str:
    configured = request.app.state.settings.public_url
    return configured or f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"


class Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


async def caller(request: Request, roles: frozenset[str]) -> tuple[str, Grant]:
    """(room, grant) of a bearer token of this room in one of `roles`, else Refused."""
    if refused := refused_for_guessing(request):
        raise Refused(refused)
    try:
        caller = await bearer(request)
    except RedisError:
        raise Refused(problem(503, "unavailable", "The store is unavailable; try again.")) from None
    if caller is None or caller[0] != request.path_params["room"]:
        request.app.state.guard.failed(address(request))
        raise Refused(problem(403, "forbidden", "This link is not valid for this meeting."))
    if caller[1].role not in roles:
        raise Refused(problem(403, "forbidden", "This link may not do that."))
    return caller


async def room_state(request: Request, room: str) -> Room:
    """The room's state, caught up with the log (another process may have just committed)."""
    hubs = request.app.state.hubs
    try:
        hub = await hubs.acquire(room)
    except RedisError:
        raise Refused(problem(503, "unavailable", "The store is unavailable; try again.")) from None
    if hub is None:
        raise Refused(problem(404, "not_found", "This meeting no longer exists."))
    try:
        await hub.catch_up()
        return hub.state
    except RoomGone:
        raise Refused(problem(404, "not_found", "This meeting no longer exists.")) from None
    except RedisError:
        raise Refused(problem(503, "unavailable", "The store is unavailable; try again.")) from None
    finally:
        await hubs.release(room)
