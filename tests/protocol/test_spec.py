"""SPEC.md, protocol/ and the domain agree: every code and command is documented, and
every wire command is a domain command with the same fields."""

import dataclasses
import re
from pathlib import Path

import pytest

from protocol.codes import CloseCode, ErrorCode
from protocol.commands import COMMANDS, SERVER_FILLED
from server.domain.commands import WIRE_COMMANDS
from server.domain.events import EVENT_TYPES

SPEC = (Path(__file__).resolve().parents[2] / "protocol" / "SPEC.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = SPEC.index(f"### {title}")
    end = SPEC.find("\n### ", start + 1)
    return SPEC[start : end if end != -1 else None]


@pytest.mark.parametrize("code", list(ErrorCode), ids=lambda c: c.value)
def test_every_error_code_is_documented(code):
    assert re.search(rf"^\| `{re.escape(code.value)}` \|", _section("Error codes"), re.MULTILINE)


@pytest.mark.parametrize("code", list(CloseCode), ids=lambda c: c.name)
def test_every_close_code_is_documented_with_its_number_and_name(code):
    assert re.search(rf"^\| {code.value} \| {code.name} \|", _section("Close codes"), re.MULTILINE)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_wire_command_is_documented(name):
    assert re.search(rf"`{name}`", _section("Commands"))


@pytest.mark.parametrize("name", list(EVENT_TYPES))
def test_every_event_type_is_documented(name):
    assert re.search(rf"`{name}`", _section("Events"))


def test_the_wire_commands_are_exactly_the_domains_wire_commands():
    assert set(COMMANDS) == set(WIRE_COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_wire_command_maps_to_the_domain_class_of_the_same_name_and_fields(name):
    """The client's fields plus those the server fills in are exactly the domain's fields."""
    cls = WIRE_COMMANDS[name]
    assert cls.__name__ == name
    assert {f.name for f in dataclasses.fields(cls)} == set(COMMANDS[name]) | SERVER_FILLED.get(name, frozenset())


def test_server_filled_fields_are_never_wire_fields():
    assert set(SERVER_FILLED) <= set(COMMANDS)
    assert all(not (fields & set(COMMANDS[name])) for name, fields in SERVER_FILLED.items())


def test_the_shuffle_seed_is_filled_by_the_server():
    assert SERVER_FILLED == {"StartTurns": frozenset({"seed"})}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_optional_wire_arguments_and_server_filled_ones_have_defaults_in_the_domain(name):
    """The server builds `cls(**args)`: an argument the client may leave out needs a default,
    and so does one the server fills in only sometimes (the seed, when shuffling)."""
    defaults = {
        f.name for f in dataclasses.fields(WIRE_COMMANDS[name]) if f.default is not dataclasses.MISSING
    }
    optional = {arg for arg, field in COMMANDS[name].items() if not field.required}
    assert optional | SERVER_FILLED.get(name, frozenset()) == defaults


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_wire_argument_is_named_in_the_spec_row(name):
    row = re.search(rf"^\| `{name}`[^\n]*$", _section("Commands"), re.MULTILINE)
    row = row or re.search(rf"^\|[^\n]*`{name}`[^\n]*$", _section("Commands"), re.MULTILINE)
    assert row, name
    for arg in COMMANDS[name]:
        assert f"`{arg}`" in row.group(0), f"{name}: {arg} is not in the SPEC's row"


def test_the_spec_lists_the_item_kinds_and_duties_the_wire_accepts():
    from protocol.commands import DUTIES, ITEM_KINDS

    section = _section("Events")
    kinds = re.search(r"Item kinds: ([^.]*)\.\s+Duties: ([^.]*)\.", section)
    assert set(re.findall(r"`(\w+)`", kinds.group(1))) == ITEM_KINDS
    assert set(re.findall(r"`(\w+)`", kinds.group(2))) == DUTIES
