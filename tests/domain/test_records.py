"""records.replace copies a frozen record with changes, exactly as dataclasses.replace would."""

import dataclasses
import inspect

import pytest

from server.domain import state as records_module
from server.domain.records import replace
from server.domain.state import Floor, Item, Person, Role, Room

RECORDS = [cls for _, cls in inspect.getmembers(records_module, inspect.isclass)
           if dataclasses.is_dataclass(cls) and cls.__module__ == records_module.__name__]


def test_every_record_of_the_state_can_be_copied_this_way():
    assert Room in RECORDS and len(RECORDS) > 5
    for cls in RECORDS:
        assert not hasattr(cls, "__post_init__"), cls
        assert hasattr(cls, "__slots__") or cls is Room, cls  # only the Room, copied per event, keeps a dict


def test_a_copy_of_the_room_has_a_dict_of_its_own():
    room = Room(title="Before")
    copy = replace(room, title="After")
    assert vars(copy) is not vars(room) and vars(room)["title"] == "Before"
    assert set(vars(copy)) == {f.name for f in dataclasses.fields(Room)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        copy.title = "Changed"  # type: ignore[misc]


def test_a_copy_equals_what_dataclasses_replace_makes_and_leaves_the_original_alone():
    person = Person("p1", "Ann", Role.PARTICIPANT, 1.0, online=True, duties=frozenset({"scribe"}))
    room = Room(title="Before", people={"p1": person})
    copy = replace(room, title="After", floor=Floor("p1", 2.0))
    assert copy == dataclasses.replace(room, title="After", floor=Floor("p1", 2.0))
    assert room.title == "Before" and room.floor is None
    assert copy.people is room.people  # unchanged fields are shared, as before
    assert replace(person, online=False) == dataclasses.replace(person, online=False)


def test_a_record_with_one_field_and_one_with_none_changed_copy_too():
    item = Item("i1", "note", "text", "p1", None, 1.0)
    assert replace(item) == item and replace(item) is not item


@pytest.mark.parametrize("record", [Room(), Item("i1", "note", "text", "p1", None, 1.0)])
def test_a_field_that_does_not_exist_is_refused(record: object) -> None:
    with pytest.raises(TypeError):
        replace(record, titel="typo")


def test_a_record_that_needs_its_init_is_refused():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        n: int

        def __post_init__(self) -> None:
            assert self.n >= 0

    with pytest.raises(TypeError):
        replace(Checked(1), n=2)
