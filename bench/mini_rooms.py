"""A tiny in-memory room for the reference servers (floor, socketio): it answers the
load generator's commands with events of the same types, fields and sizes as
PeerCircle's (ItemAdded, ItemEdited, HandRaised, HandLowered), and nothing more."""

import time

COMMANDS = ("AddItem", "EditItem", "RaiseHand", "LowerHand")


class MiniRoom:
    __slots__ = ("seq", "items", "last_item", "queue", "last_hand", "members")

    def __init__(self) -> None:
        self.seq = 0
        self.items: dict[str, str] = {}
        self.last_item = 0
        self.queue: list[str] = []
        self.last_hand = 0
        self.members: set = set()

    def apply(self, person: str, name: str, args: dict) -> list[dict] | str:
        """The events a command produces ([] when it changes nothing), or an error code."""
        now = time.time()
        if name == "AddItem":
            self.last_item += 1
            item = f"i{self.last_item}"
            self.items[item] = person
            event = {"type": "ItemAdded", "item": item, "kind": args.get("kind", "note"), "text": args.get("text", ""),
                     "author": person, "round": None, "hidden": False, "at": now}
        elif name == "EditItem":
            item = args.get("item")
            if item not in self.items:
                return "not_found"
            event = {"type": "ItemEdited", "item": item, "kind": args.get("kind") or "note", "text": args.get("text", ""),
                     "author": self.items[item], "hidden": False, "at": now}
        elif name == "RaiseHand":
            if person in self.queue:
                return []
            self.last_hand += 1
            self.queue.append(person)
            event = {"type": "HandRaised", "person": person, "n": self.last_hand, "direct": False, "at": now,
                     "queue": list(self.queue)}
        elif name == "LowerHand":
            if person not in self.queue:
                return []
            self.queue.remove(person)
            event = {"type": "HandLowered", "person": person}
        else:
            return "invalid_command"
        self.seq += 1
        return [{"seq": self.seq, **event}]


def parse_token(token: str) -> tuple[str, str, str]:
    """Reference servers take tokens "room.person" (a person id starting with d is a display)."""
    room, _, person = token.partition(".")
    return room, person, "display" if person.startswith("d") else "participant"
