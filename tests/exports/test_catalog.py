"""Every word an export prints exists in English and Dutch, and the names of rounds,
methods, duties and item kinds are the ones the browser client shows."""

import json
import re
from pathlib import Path

import pytest

from server.domain.methods import METHODS, ROUND_TYPES
from server.domain.state import ActionStatus, Duty
from server.exports.catalog import CATALOGS, EN, NL, Words, language

CLIENT_I18N = Path(__file__).resolve().parents[2] / "client" / "i18n"
_ENTRY = re.compile(r'^\s*"([^"]+)":\s*"((?:[^"\\]|\\.)*)",?\s*$', re.MULTILINE)


def client_strings(lang: str) -> dict[str, str]:
    """The client's catalog, read from its ES module: one `"key": "value",` a line."""
    source = (CLIENT_I18N / f"{lang}.js").read_text(encoding="utf-8")
    return {key: json.loads(f'"{value}"') for key, value in _ENTRY.findall(source)}


def test_both_languages_have_every_key():
    assert set(EN) - set(NL) == set() and set(NL) - set(EN) == set()
    assert all(text.strip() for catalog in CATALOGS.values() for text in catalog.values())


def test_every_round_method_duty_kind_and_status_has_a_name_in_both_languages():
    needed = {f"round.{key}.name" for key in ROUND_TYPES} | {f"method.{key}.name" for key in METHODS}
    needed |= {f"duty.{d.value}" for d in Duty} | {f"kind.{k}" for k in ("note", "question", "option", "lesson", "action")}
    needed |= {f"outcome_status.{s.value}" for s in ActionStatus}
    for catalog in CATALOGS.values():
        assert needed - set(catalog) == set()


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_names_shared_with_the_client_say_what_the_screens_say(lang):
    client = client_strings(lang)
    shared = [key for key in CATALOGS[lang] if key.split(".", 1)[0] in ("round", "method", "duty", "kind")]
    assert len(shared) == len(ROUND_TYPES) + len(METHODS) + len(Duty) + 5
    assert {key: CATALOGS[lang][key] for key in shared} == {key: client.get(key) for key in shared}


def test_placeholders_match_between_languages():
    fields = re.compile(r"\{(\w+)\}")
    assert {k: sorted(fields.findall(v)) for k, v in EN.items()} == {k: sorted(fields.findall(v)) for k, v in NL.items()}


@pytest.mark.parametrize("query, header, expected", [
    ("nl", None, "nl"), ("en", "nl-NL,nl;q=0.9", "en"), (None, "nl-NL,nl;q=0.9,en;q=0.8", "nl"),
    (None, "en-GB,nl;q=0.9", "en"), (None, "de-DE,nl;q=0.5,en;q=0.4", "nl"), (None, "fr, de", "en"),
    (None, None, "en"), ("xx", "nl", "nl"), (None, "nl;q=0, en", "en"), (None, "en;q=0.2, NL;q=0.9", "nl"),
    (None, "nl;q=oops", "en"),
])
def test_the_language_comes_from_the_query_then_accept_language_then_english(query, header, expected):
    assert language(query, header) == expected


def test_words_fill_in_values_and_name_unknown_kinds_by_their_key():
    words = Words("nl")
    assert words("export.minutes", n=5) == "5 min" and words.round("accountability") == "Terugblik"
    assert words.round("séance") == "séance" and words.status("done") == "klaar" and words.duty("case_owner") == "Inbrenger"
    assert Words("klingon").lang == "en"
