"""Every wire command from every kind of sender, over real sockets: only the allowed
ones get past the role check, a display changes nothing, and a revoked link or another
room's token reaches nothing in this room."""


from protocol.commands import COMMANDS
from tests.realtime.test_revocation import revoke
from tests.support.client import Client, create_room, join, token_of

#: Valid arguments for each command, aimed at things that exist in the test room.
SAMPLE_ARGS = {
    "Rename": {"name": "New name"}, "AddGuest": {"name": "Guest"},
    "SetDuty": {"person": "p2", "duty": "scribe", "on": True},
    "NextRound": {}, "PreviousRound": {}, "JumpToRound": {"round": "r2"}, "SkipRound": {"round": "r3"},
    "ExtendRound": {"minutes": 1}, "AddRound": {"kind": "gossip"}, "RemoveRound": {"round": "r7"},
    "MoveRound": {"round": "r6", "position": 0}, "SetTimeBox": {"round": "r4", "minutes": 12},
    "MarkDone": {}, "AddItem": {"kind": "note", "text": "x"}, "EditItem": {"item": "i1", "text": "edited"},
    "DeleteItem": {"item": "i1"}, "RevealItems": {}, "RaiseHand": {}, "LowerHand": {"person": "p1"},
    "LowerAllHands": {}, "SetProgressive": {"on": True}, "GiveFloor": {"person": "p1"}, "EndFloor": {},
    "StartTurns": {}, "PassTurn": {}, "SkipTurn": {}, "StartTimer": {"seconds": 60}, "PauseTimer": {},
    "ResumeTimer": {}, "ExtendTimer": {"seconds": 30}, "ResetTimer": {},
    "UpdateBrief": {"problem": "Why?"}, "PlanRole": {"name": "Ann", "duty": "case_owner", "on": True},
    "AddOutcome": {"kind": "lesson", "text": "x"}, "EditOutcome": {"outcome": "o1", "text": "y"},
    "RemoveOutcome": {"outcome": "o1"}, "ConfirmOutcomes": {},
    "CloseMeeting": {}, "ReopenMeeting": {},  # last: a closed room refuses everything else
}
#: What a peer (a plain participant) may not do, whatever the state of the room.
PEER_FORBIDDEN = {
    "AddGuest", "SetDuty", "NextRound", "PreviousRound", "JumpToRound", "SkipRound", "ExtendRound",
    "AddRound", "RemoveRound", "MoveRound", "SetTimeBox", "RevealItems", "LowerAllHands", "SetProgressive",
    "GiveFloor", "StartTurns", "SkipTurn", "StartTimer", "PauseTimer", "ResumeTimer", "ExtendTimer",
    "ResetTimer", "LowerHand",  # LowerHand here names the facilitator's hand, not the peer's own
    "UpdateBrief", "PlanRole", "AddOutcome", "EditOutcome", "RemoveOutcome", "ConfirmOutcomes", "CloseMeeting",
    "ReopenMeeting",
}


def test_the_matrix_covers_every_wire_command() -> None:
    assert set(SAMPLE_ARGS) == set(COMMANDS)


async def test_each_command_from_each_sender(server) -> None:
    room, other = await create_room(server.base), await create_room(server.base)
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    peer = await Client.connect(server.ws_url, await join(server.base, token_of(room["links"]["participant"]), "Pat"))
    display = await Client.connect(server.ws_url, token_of(room["links"]["display"]))
    stranger = await Client.connect(server.ws_url, token_of(other["links"]["facilitator"]))
    await fac.ok("AddItem", kind="note", text="the facilitator's item")  # i1, not the peer's

    for name, args in SAMPLE_ARGS.items():
        reply = await display.command(name, **args)
        assert reply.get("code") == "forbidden", f"display {name}"
    for name, args in SAMPLE_ARGS.items():
        reply = await peer.command(name, **args)
        refused = reply["t"] == "error" and reply["code"] in ("forbidden", "not_author")
        assert refused == (name in PEER_FORBIDDEN | {"EditItem", "DeleteItem"}), f"peer {name}: {reply}"
    before = fac.seq
    for name, args in SAMPLE_ARGS.items():
        await stranger.command(name, **args)  # acts on its own room, never on this one
    assert await fac.ok("AddItem", kind="note", text="marker") == before + 1  # nothing came in between
    assert stranger.of_type("ItemAdded") and not [e for e in stranger.events if e.get("text") == "marker"]
    for name, args in SAMPLE_ARGS.items():
        reply = await fac.command(name, **args)
        assert reply.get("code") != "forbidden", f"facilitator {name}: {reply}"


async def test_a_revoked_participant_cannot_act_at_all(server) -> None:
    room = await create_room(server.base)
    token = await join(server.base, token_of(room["links"]["participant"]), "Pat")
    pat = await Client.connect(server.ws_url, token)
    await revoke(server.base, room, {"person": pat.welcome["you"]["person"]})
    await pat.wait_closed()
    again = await Client.connect(server.ws_url, token)
    assert again.close_code is not None and not again.welcome
