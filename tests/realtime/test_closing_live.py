"""The close makes the airtime everyone's, which no event carries to those who do not
facilitate: the server follows MeetingClosed (and MeetingReopened) with a fresh snapshot
for them, and answers a resuming hello that missed the close with a snapshot too."""

from tests.support.client import Client, create_room, join, token_of


def welcomes(client: Client) -> list[dict]:
    return [frame for frame in client.frames if frame["t"] == "welcome"]


async def test_the_close_brings_a_fresh_snapshot_with_the_airtime_to_those_who_do_not_facilitate(server) -> None:
    room = await create_room(server.base)
    fac = await Client.connect(server.ws_url, token_of(room["links"]["facilitator"]))
    pat = await Client.connect(server.ws_url, await join(server.base, token_of(room["links"]["participant"]), "Pat"))
    away_token = await join(server.base, token_of(room["links"]["participant"]), "Quin")
    away = await Client.connect(server.ws_url, away_token)
    pat_id = pat.welcome["you"]["person"]
    await fac.ok("NextRound")
    await fac.ok("GiveFloor", person=pat_id)
    await fac.ok("EndFloor")
    epoch, seq = away.epoch, away.seq
    await away.close()
    assert all(e.get("seconds") is None for e in pat.of_type("FloorEnded"))  # airtime is not theirs yet

    closed = await fac.ok("CloseMeeting")
    await pat.wait(lambda: len(welcomes(pat)) == 2)
    # Quin going offline may commit in the same batch as the close: the snapshot follows both.
    assert pat.welcome["seq"] >= closed
    assert pat.welcome["state"]["airtime"][pat_id]["seconds"] is not None
    assert len(welcomes(fac)) == 1  # the facilitator saw the seconds all along: no snapshot

    back = await Client.connect(server.ws_url, away_token, epoch=epoch, seq=seq)  # missed the close
    assert "state" in back.welcome and back.welcome["state"]["airtime"][pat_id]["seconds"] is not None

    await fac.ok("ReopenMeeting")
    await pat.wait(lambda: len(welcomes(pat)) == 3)
    assert pat.welcome["state"]["airtime"][pat_id]["seconds"] is None  # the facilitator's again
    assert len(welcomes(fac)) == 1
