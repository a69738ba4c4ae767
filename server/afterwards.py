"""After the meeting, over HTTP: the summary, the exports, the read-only summary link and
the follow-up meeting (protocol/SPEC.md, "After the meeting").

Who may read what, by the grant of the bearer token:

    summary   facilitator any time (a preview); participant and reader after the close
    exports   facilitator any time; participant after the close
    link      facilitator: create (replacing the previous one) or revoke the reader link
    follow-up facilitator, once the meeting is closed

A token that does not resolve to this room counts as a failed attempt, like a wrong join
code; a valid token of the wrong kind is refused without counting.
"""

import re
import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from redis.exceptions import RedisError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server.api import created
from server.domain import Actor, Role, Room
from server.domain.closing import follow_up as follow_up_command
from server.domain.rules import steers
from server.domain.summary import summary as summary_of
from server.domain.views import Viewer, snapshot
from server.exports import document, markdown, tables
from server.exports.catalog import Words, language
from server.meetings import create_meeting
from server.store.tokens import Grant, new_token
from server.web import Refused, base_url, caller, problem, room_state

READER = Grant("reader")
ANY_TIME = frozenset({"facilitator"})
SUMMARY_READERS = frozenset({"facilitator", "participant", "reader"})
EXPORTERS = frozenset({"facilitator", "participant"})
MAX_FILENAME_STEM = 48
EXPORTS = {  # extension -> media type
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}


def _viewer(state: Room, grant: Grant) -> Viewer:
    if grant.role == READER.role:
        return Viewer(None, False)  # sees what every participant sees, and nobody's private card
    actor = Actor(Role(grant.role), grant.person)  # a facilitator's or a participant's link: the role's own name
    return Viewer(grant.person, steers(state, actor))


async def _readable(request: Request, roles: frozenset[str]) -> tuple[str, Room, Viewer]:
    room, grant = await caller(request, roles)
    state = await room_state(request, room)
    if grant.role not in ANY_TIME and not state.closed:
        raise Refused(problem(409, "not_closed", "The summary is ready once the meeting is closed."))
    return room, state, _viewer(state, grant)


async def summary(request: Request) -> Response:
    try:
        room, state, viewer = await _readable(request, SUMMARY_READERS)
    except Refused as refused:
        return refused.response
    return JSONResponse(summary_of(state, room, viewer, now=time.time()))


async def export(request: Request) -> Response:
    kind = request.path_params["format"]
    if kind not in EXPORTS:
        return problem(404, "not_found", "Exports: export.md, export.json, export.csv.")
    try:
        zone = ZoneInfo(request.query_params.get("tz") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return problem(400, "invalid", "tz: an IANA time zone name, e.g. Europe/Amsterdam.")
    try:
        room, state, viewer = await _readable(request, EXPORTERS)
    except Refused as refused:
        return refused.response
    now = time.time()
    words = Words(language(request.query_params.get("lang"), request.headers.get("accept-language")))
    data = summary_of(state, room, viewer, now=now)
    if kind == "md":
        body = markdown.render(data, words, zone)
    elif kind == "csv":
        body = tables.render(data, words)
    else:
        body = document.render(data, snapshot(state, viewer), now)
    disposition = f'attachment; filename="{_filename(data)}.{kind}"'
    return Response(body, media_type=EXPORTS[kind], headers={"content-disposition": disposition})


def _filename(data: dict[str, Any]) -> str:
    """`peercircle-<title as ascii words>-<date>`: safe in a header on every system."""
    stem = re.sub(r"[^a-z0-9]+", "-", data["title"].lower()).strip("-")[:MAX_FILENAME_STEM].strip("-")
    day = time.strftime("%Y-%m-%d", time.gmtime(data["closed_at"] or data["created_at"]))
    return f"peercircle-{stem or 'meeting'}-{day}"


async def create_summary_link(request: Request) -> Response:
    """A new read-only summary link; the previous one, if any, stops working."""
    try:
        room, _ = await caller(request, ANY_TIME)
    except Refused as refused:
        return refused.response
    token, field = new_token(room)
    try:
        if await request.app.state.store.revoke(room, READER, field) is None:
            return problem(404, "not_found", "This meeting no longer exists.")
    except RedisError:
        return problem(503, "unavailable", "The store is unavailable; try again.")
    return JSONResponse({"url": f"{base_url(request)}/summary#{token}"}, status_code=201)


async def revoke_summary_link(request: Request) -> Response:
    try:
        room, _ = await caller(request, ANY_TIME)
        await request.app.state.store.revoke(room, READER)
    except Refused as refused:
        return refused.response
    except RedisError:
        return problem(503, "unavailable", "The store is unavailable; try again.")
    return Response(status_code=204)


async def follow_up(request: Request) -> Response:
    """A new meeting following this closed one: the same title, method and brief, its
    lessons and open actions carried forward, opening with an accountability round."""
    try:
        room, grant = await caller(request, ANY_TIME)
        state = await room_state(request, room)
    except Refused as refused:
        return refused.response
    if not state.closed:
        return problem(409, "not_closed", "Close the meeting before planning its follow-up.")
    host = state.people.get(grant.person or "")
    command = follow_up_command(state, room, host.name if host else "Facilitator")
    store, settings = request.app.state.store, request.app.state.settings
    try:
        meeting = await create_meeting(store, command=command)
        await store.keep(meeting.room, settings.retention_s)
    except RedisError:
        return problem(503, "unavailable", "The store is unavailable; try again.")
    return created(request, meeting)
