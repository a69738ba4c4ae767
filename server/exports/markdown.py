"""The summary as a Markdown document: everything in it, readable as plain text and
rendered by any CommonMark viewer.

Every piece of the meeting's own text (titles, names, items, outcomes) goes through
`escape`: every ASCII punctuation character gets a backslash (CommonMark's escape, which
also covers `<`, `>` and `&`: no HTML and no entity can start), so a card saying
`# Heading` or `<img onerror=...>` reads as exactly that and never becomes structure. Line breaks inside a text stay inside its list
item (a hard break and the item's indent).
"""

import re
from datetime import datetime, timezone, tzinfo
from typing import Any

from server.exports.catalog import Words

# Every ASCII punctuation character, each of which CommonMark lets a backslash escape:
# escaping all of them is always safe and leaves nothing to interpret.
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_LEADING_SPACE = re.compile(r"^[ \t]+", re.MULTILINE)
NBSP = "\u00a0"  # indentation of a user's line, kept visible without making a code block


def escape(text: str, indent: str = "") -> str:
    """`text` as Markdown inline content that renders as exactly `text`."""
    text = _PUNCTUATION.sub(r"\\\1", text)
    text = _LEADING_SPACE.sub(lambda m: NBSP * len(m.group(0).expandtabs(4)), text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return ("\\\n" + indent).join(lines)  # a backslash before the newline: a hard break


def moment(at: float | None, zone: tzinfo = timezone.utc) -> str:
    if at is None:
        return ""
    stamp = datetime.fromtimestamp(at, zone)
    return stamp.strftime("%Y-%m-%d %H:%M ") + (stamp.tzname() or "")


def _duration(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def render(summary: dict[str, Any], words: Words, zone: tzinfo = timezone.utc) -> str:
    out: list[str] = [f"# {escape(summary['title'])}", ""]
    out += _facts(summary, words, zone)
    out += _brief(summary["brief"], words)
    out += _people(summary["people"], words)
    out += _agenda(summary["agenda"], words)
    out += _board(summary, words)
    out += _outcomes(summary["outcomes"], summary, words, zone)
    out += _airtime(summary["airtime"], words)
    return "\n".join(out).rstrip("\n") + "\n"


def _facts(s: dict[str, Any], words: Words, zone: tzinfo) -> list[str]:
    rows = [
        (words("export.method"), escape(words.method(s["method"]))),
        (words("export.created"), moment(s["created_at"], zone)),
        (words("export.started"), moment(s["started_at"], zone) or words("export.not_yet")),
        (words("export.closed"), moment(s["closed_at"], zone) or words("export.not_yet")),
    ]
    if s["brief"]["starts_at"] is not None:
        rows.insert(1, (words("export.planned_start"), moment(s["brief"]["starts_at"], zone)))
    if s["follows"]:
        rows.append((words("export.follows"), f"`{s['follows']}`"))
    return [f"- **{label}:** {value}" for label, value in rows] + [""]


def _brief(brief: dict[str, Any], words: Words) -> list[str]:
    parts = [(key, brief[key]) for key in ("problem", "objectives", "context") if brief[key]]
    if not parts:
        return []
    out = [f"## {words('export.brief')}", ""]
    for key, text in parts:
        out += [f"### {words('export.' + key)}", "", escape(text), ""]
    return out


def _people(people: list[dict[str, Any]], words: Words) -> list[str]:
    out = [f"## {words('export.people')}", "", f"| {words('export.name')} | {words('export.duties')} |", "|---|---|"]
    for p in people:
        duties = ", ".join(words.duty(d) for d in p["duties"])
        guest = f" ({words('export.guest')})" if p["guest"] else ""
        out.append(f"| {escape(p['name'])}{guest} | {duties} |")
    return out + [""]


def _agenda(agenda: list[dict[str, Any]], words: Words) -> list[str]:
    out = [
        f"## {words('export.agenda')}", "",
        f"| # | {words('export.round')} | {words('export.planned')} | {words('export.actual')} |", "|---|---|---|---|",
    ]
    for n, row in enumerate(agenda, 1):
        skipped = f" ({words('export.skipped')})" if row["skipped"] else ""
        planned = words("export.minutes", n=f"{row['planned_minutes']:g}")
        out.append(f"| {n} | {escape(words.round(row['kind']))}{skipped} | {planned} | {_duration(row['actual_seconds'])} |")
    return out + [""]


def _board(s: dict[str, Any], words: Words) -> list[str]:
    out = [f"## {words('export.board')}", ""]
    for group in s["board"]:
        if group["round"] is None:
            title = words("export.before_start")
        else:
            title = escape(words.round(group["kind"])) if group["kind"] else words("export.removed_round")
        out += [f"### {title}", ""]
        for item in group["items"]:
            marks = [words.kind(item["kind"]), escape(item["author_name"])]
            if item["edited_at"] is not None:
                marks.append(words("export.edited"))
            if item["hidden"]:
                marks.append(words("export.hidden"))
            out.append(f"- {escape(item['text'], '  ')} *({', '.join(marks)})*")
        out.append("")
    if not s["board"]:
        out += [words("export.none"), ""]
    if s["unrevealed"]:
        out += [words("export.unrevealed", n=s["unrevealed"]), ""]
    return out


def _outcomes(o: dict[str, Any], s: dict[str, Any], words: Words, zone: tzinfo) -> list[str]:
    if o["confirmed_by"] is None:
        status = words("export.unconfirmed")
    else:
        key = "export.changed" if o["changed_since_confirmation"] else "export.confirmed"
        status = words(key, name=escape(o["confirmed_by"]), at=moment(o["confirmed_at"], zone))
    items = {i["id"]: i for group in s["board"] for i in group["items"]}
    out = [f"## {words('export.lessons')}", "", status, ""]
    out += [_outcome_line(lesson, items, words) for lesson in o["lessons"]] or [words("export.none")]
    out += ["", f"## {words('export.actions')}", ""]
    for action in o["actions"]:
        out.append(_outcome_line(action, items, words))
        details = [
            (words("export.owner"), escape(action["owner"])), (words("export.due"), escape(action["due"])),
            (words("export.status"), words.status(action["status"])), (words("export.note"), escape(action["note"], "    ")),
        ]
        out += [f"  - {label}: {value}" for label, value in details if value]
    if not o["actions"]:
        out.append(words("export.none"))
    return out + [""]


def _outcome_line(outcome: dict[str, Any], items: dict[str, dict], words: Words) -> str:
    line = f"- {escape(outcome['text'], '  ')}"
    if outcome["carried"]:
        line += f" *({words('export.carried')})*"
    source = items.get(outcome["item"] or "")
    if source:
        line += f"\\\n  {words('export.source')}: {escape(source['text'], '  ')}"
    return line


def _airtime(airtime: list[dict[str, Any]] | None, words: Words) -> list[str]:
    out = [f"## {words('export.airtime')}", ""]
    if airtime is None:
        return out + [words("export.no_airtime"), ""]
    out += [f"| {words('export.name')} | {words('export.actual')} | {words('export.turns')} |", "|---|---|---|"]
    out += [f"| {escape(row['name'])} | {_duration(row['seconds'])} | {row['turns']} |" for row in airtime]
    return out + [""]
