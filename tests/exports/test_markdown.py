"""The Markdown export holds everything in the summary, and the meeting's own text can
never become Markdown or HTML structure: rendered by a CommonMark parser, every hostile
string reads back exactly as typed, and the only tags are the document's own."""

from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from markdown_it import MarkdownIt

from server.domain import commands as c
from server.domain.summary import summary
from server.domain.views import Viewer
from server.exports import markdown
from server.exports.catalog import Words
from tests.domain.rooms import BOB, T0, at_round, do, meeting, start
from tests.exports.held import SECRET, held
from tests.support.xss import payloads

FAY = Viewer("p1", True)
OWN_TAGS = {"h1", "h2", "h3", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "strong", "em", "code", "br"}


class Page(HTMLParser):
    """The tags, attributes and text of rendered HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple] = []
        self.chunks: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += attrs

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def rendered(md: str) -> Page:
    return Page(MarkdownIt("commonmark").enable("table").render(md))


def test_every_part_of_the_summary_is_in_the_markdown():
    md = markdown.render(summary(held(), "room1", FAY), Words("en"))
    assert md.startswith("# Peer Assist\n")
    for text in ("Onboarding takes too long", "Halve it", "See the wiki", "Before we start", "Welcome",
                 "Who owns it?", "Pair new people up", "Ask early", "Write the buddy guide", "Measure onboarding",
                 "Fay", "Ann", "Bob", "Cat", "Case owner", "Opening", "Lessons and actions", "Confirmed by Ann"):
        assert markdown.escape(text) in md, text
    assert "2026\\-12\\-01" in md and "Owner: Ann" in md and "Status: open" in md
    assert "Cards never revealed, left out: 1" in md and SECRET not in md
    assert "| Bob | 0:30 | 1 |" in md and "| Cat | 0:10 | 1 |" in md
    assert "| 1 | Opening | 5 min | 1:30 |" in md


def test_the_markdown_speaks_dutch_with_the_clients_round_names():
    md = markdown.render(summary(held(), "room1", FAY), Words("nl"))
    for text in ("## Geleerde lessen", "## Acties", "Doorvragen", "Lessen en acties", "Inbrenger", "Eigenaar: Ann",
                 "Status: open", "Bevestigd door Ann", "## Spreektijd", "Nooit getoonde kaartjes, weggelaten: 1"):
        assert text in md, text
    assert "Lessons" not in md and "Owner" not in md


def test_times_are_shown_in_the_zone_asked_for():
    s = summary(held(), "room1", FAY)
    assert markdown.moment(s["closed_at"]) == "1970-01-01 00:23 UTC"
    assert markdown.moment(s["closed_at"], ZoneInfo("Europe/Amsterdam")) == "1970-01-01 01:23 CET"


def test_hostile_text_reads_back_exactly_and_adds_no_structure():
    hostile = payloads()
    state = start(meeting(), now=T0)
    state = at_round(state, "ask")
    for text in hostile:
        state = do(state, c.AddItem("note", text), BOB)
    state = at_round(state, "lessons")
    for text in hostile[:40]:
        state = do(state, c.AddOutcome("action", text, owner=text[:120]))
    state = do(state, c.UpdateBrief(title=hostile[5][:200], problem=hostile[30], context="\n".join(hostile[:20])))
    md = markdown.render(summary(state, "room1", FAY), Words("en"))
    page = rendered(md)
    assert page.tags <= OWN_TAGS and page.attributes == []
    for text in hostile:
        assert text in page.text, text
    assert "\n".join(hostile[:20]) in page.text.replace("\n\n", "\n")


@pytest.mark.parametrize("text", [
    "# not a heading", "- not a list", "1. not a list", "> not a quote", "x\n    not code", "```\nnot a fence\n```",
    "line one\n===", "---", "| a | b |", "[link](javascript:alert(1))", "![img](x)", "*not em*", "__not strong__",
    "<b>not bold</b>", "&amp; stays", "back\\slash", "trailing\\", "tab\tbed\n    indent", "a\n\nb", "http://example.org",
])
def test_markdown_syntax_in_a_card_is_text(text):
    page = rendered(f"- {markdown.escape(text, '  ')}\n")
    assert page.tags <= {"ul", "li", "br", "p"} and page.attributes == []
    assert page.text.replace("\n", "").replace(markdown.NBSP, " ") == text.replace("\n", "")
