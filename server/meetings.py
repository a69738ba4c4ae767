"""Creating a meeting and joining one: the two writes that also hand out tokens.

The grant of a new token is written by the same Lua commit as the event it belongs to,
so a meeting never exists without its links, nor a person without their token.
"""

import time
from dataclasses import dataclass

from server.domain import SYSTEM, Room, decide
from server.domain.commands import CreateRoom, Join
from server.domain.events import Event, PersonJoined
from server.domain.methods import DEFAULT_METHOD
from server.realtime.batches import announcement, log_entries, seal
from server.realtime.hub import RoomHub
from server.store.committer import CommitRequest, Outcome
from server.store.rooms import RoomStore
from server.store.tokens import Grant, new_epoch, new_room_id, new_token



@dataclass(frozen=True, slots=True)
class CreatedMeeting:
    room: str
    code: str
    facilitator: str
    participant: str
    display: str


async def create_meeting(
    store: RoomStore, title: str = "", method: str = DEFAULT_METHOD, command: CreateRoom | None = None
) -> CreatedMeeting:
    """A new meeting with its three links and a join code; `command` (a follow-up's, from
    `closing.follow_up`) takes the place of the plain title and method."""
    command = command or CreateRoom(title, method=method)
    events = decide(Room(), command, SYSTEM, time.time())  # refuses an unknown method
    room = new_room_id()
    code = await store.reserve_code(room)
    host = events[0].facilitator
    tokens = {name: new_token(room) for name in ("facilitator", "participant", "display")}
    grants = {
        "facilitator": Grant("facilitator", host),
        "participant": Grant("invite"),
        "display": Grant("display"),
    }
    meta = tuple((field, grants[name].encode()) for name, (_, field) in tokens.items())
    epoch = new_epoch()
    batch = seal(1, events)
    result = await store.commit(
        CommitRequest.single(
            room=room, epoch=epoch, expected_seq=0, op_key="", entries=log_entries(batch),
            announce=announcement(epoch, batch), meta=meta + (("code", code),),
        )
    )
    if result.outcome is not Outcome.COMMITTED:
        raise RuntimeError(f"could not create room {room}: {result.outcome}")
    return CreatedMeeting(room, code, *(tokens[name][0] for name in ("facilitator", "participant", "display")))


async def join_meeting(hub: RoomHub, name: str) -> tuple[str, str]:
    """Add a participant; their personal token and person id."""
    minted: dict[str, str] = {}

    def grant_for(events: list[Event]) -> tuple[tuple[str, str], ...]:
        joined = next(e for e in events if isinstance(e, PersonJoined))
        token, field = new_token(hub.room)
        minted["token"], minted["person"] = token, joined.person
        return ((field, Grant("participant", joined.person).encode()),)

    await hub.execute(SYSTEM, Join(name), meta_for=grant_for)
    return minted["token"], minted["person"]
