"""The JSON endpoints: create a meeting, join one, and the health check."""

import io
import logging

import segno

from redis.exceptions import RedisError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from protocol.fields import Text
from protocol.limits import MAX_NAME_LEN, MAX_TITLE_LEN
from server.domain import DomainError
from server.domain.methods import DEFAULT_METHOD, METHODS
from server.domain.views import round_types
from server.meetings import CreatedMeeting, create_meeting, join_meeting
from server.realtime.hub import RoomGone
from server.realtime.hubs import Hubs
from server.store.tokens import JOIN_CODE_LEN, Grant, new_token
from server.web import address, base_url, bearer, json_body, problem, refused_for_guessing

HEALTH_TIMEOUT_S = 1.0
log = logging.getLogger("peercircle.api")


async def create_room(request: Request) -> Response:
    try:
        body = await json_body(request)
        title = Text(MAX_TITLE_LEN).clean(body.get("title"))
    except ValueError as exc:
        return problem(400, "invalid", f"title: {exc}")
    method = body.get("method", DEFAULT_METHOD)
    if method not in METHODS:
        return problem(400, "invalid", "method: must be one of " + ", ".join(METHODS))
    try:
        meeting = await create_meeting(request.app.state.store, title, method)
        await request.app.state.store.keep(meeting.room, request.app.state.settings.retention_s)
    except RedisError:
        return problem(503, "unavailable", "The store is unavailable; try again.")
    return created(request, meeting)


def created(request: Request, meeting: CreatedMeeting) -> JSONResponse:
    """The answer to creating a meeting (also a follow-up): its room, code and links."""
    base = base_url(request)
    return JSONResponse(
        {
            "room": meeting.room,
            "code": meeting.code,
            "links": {
                "facilitator": f"{base}/facilitator#{meeting.facilitator}",
                "participant": f"{base}/participant#{meeting.participant}",
                "display": f"{base}/display#{meeting.display}",
            },
        },
        status_code=201,
    )


async def join(request: Request) -> Response:
    """Trade the shared invite (or the join code) and a name for a personal token."""
    hubs = request.app.state.hubs
    try:
        data = await json_body(request)
        name = Text(MAX_NAME_LEN).clean(data.get("name"))
    except ValueError as exc:
        return problem(400, "invalid", f"name: {exc}")
    if refused := refused_for_guessing(request):
        return refused
    room = await _invited_room(request, data)
    if room is None:
        request.app.state.guard.failed(address(request))
        return problem(403, "forbidden", "This invitation is not valid.")
    hub = await hubs.acquire(room)
    if hub is None:
        return problem(404, "not_found", "This meeting no longer exists.")
    try:
        token, person = await join_meeting(hub, name)
    except DomainError as exc:
        return problem(409, str(exc.code), exc.message)
    except RoomGone:
        return problem(404, "not_found", "This meeting no longer exists.")
    except RedisError:
        return problem(503, "unavailable", "The store is unavailable; try again.")
    finally:
        await hubs.release(room)
    return JSONResponse({"token": token, "person": person, "room": room}, status_code=201)


async def _invited_room(request: Request, data: dict) -> str | None:
    if request.headers.get("authorization"):
        caller = await bearer(request)
        return caller[0] if caller and caller[1].role == "invite" else None
    code = data.get("code")
    if isinstance(code, str) and len(code.strip()) == JOIN_CODE_LEN:
        return await request.app.state.store.room_of_code(code.strip())
    return None


LINK_GRANTS = {"participant": "invite", "display": "display"}


async def _facilitator_of(request: Request):
    """The caller's (room, grant) when its bearer token is this room's facilitator link."""
    caller = await bearer(request)
    room = request.path_params["room"]
    return caller if caller and caller[0] == room and caller[1].role == "facilitator" else None


async def delete_room(request: Request) -> Response:
    """Delete the meeting: every Redis key of it, and its sockets on every process."""
    if await _facilitator_of(request) is None:
        return problem(403, "forbidden", "Only the facilitator link may delete the meeting.")
    await request.app.state.store.delete(request.path_params["room"])
    return Response(status_code=204)


async def revoke(request: Request) -> Response:
    """Revoke a link (and get its replacement) or one person's token; their sockets close
    on every server process. A new participant link comes with a new join code, so a
    removed person cannot walk back in. Only the facilitator link may do this."""
    store, room = request.app.state.store, request.path_params["room"]
    caller = await _facilitator_of(request)
    if caller is None:
        return problem(403, "forbidden", "Only the facilitator link may revoke links.")
    try:
        body = await json_body(request)
    except ValueError as exc:
        return problem(400, "invalid", str(exc))
    link, person = body.get("link"), body.get("person")
    if link in LINK_GRANTS or link == "facilitator":
        grant = caller[1] if link == "facilitator" else Grant(LINK_GRANTS[link])
        token, field = new_token(room)
        await store.revoke(room, grant, field)
        answer = {"link": link, "url": f"{base_url(request)}/{link}#{token}"}
        if link == "participant":  # the code is the other way in: it goes with the invite
            answer["code"] = await store.new_code(room)
        return JSONResponse(answer)
    if isinstance(person, str) and person != caller[1].person:
        removed = await store.revoke(room, Grant("participant", person))
        return JSONResponse({"person": person, "revoked": len(removed or [])})
    return problem(400, "invalid", "Name a link (participant, display, facilitator) or a person.")


async def methods(request: Request) -> Response:
    """The meeting methods and the rules of every round, for clients and integrators."""
    kinds = round_types()
    return JSONResponse({
        "methods": [
            {
                "id": m.key, "name": m.name, "summary": m.summary, "peers": list(m.peers),
                "rounds": [{**kinds[kind], "minutes": minutes} for kind, minutes in m.rounds],
            }
            for m in METHODS.values()
        ],
        "round_types": list(kinds.values()),
    })


QR_ROLES = frozenset({"display", "facilitator"})


async def qr(request: Request) -> Response:
    """The room's join page as a QR code (SVG): `{base}/join#{CODE}`, for the display link or
    the facilitator link as bearer. Failed tokens count like failed join codes."""
    if refused := refused_for_guessing(request):
        return refused
    try:
        caller = await bearer(request)
        in_role = caller and caller[1].role in QR_ROLES
        code = await request.app.state.store.meta_field(caller[0], "code") if in_role else None
    except RedisError:
        return problem(503, "unavailable", "The store is unavailable; try again.")
    if not code:
        request.app.state.guard.failed(address(request))
        return problem(403, "forbidden", "Only the display or facilitator link may fetch the QR code.")
    url = f"{base_url(request)}/join#{code}"
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", border=2, dark="#000", light="#fff", xmldecl=False, omitsize=True)
    return Response(out.getvalue(), media_type="image/svg+xml", headers={"x-join-url": url})


async def healthy(hubs: Hubs) -> bool:
    """True only if a message published to Redis comes back through our subscription."""
    return await hubs.subscriber.probe(HEALTH_TIMEOUT_S)


async def healthz(request: Request) -> Response:
    """200 when `healthy`, else 503 (also served on the health port: server/health.py)."""
    ok = await healthy(request.app.state.hubs)
    return JSONResponse({"ok": ok}, status_code=200 if ok else 503)
