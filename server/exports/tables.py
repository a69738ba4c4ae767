"""The actions as CSV, for a spreadsheet or an issue tracker.

A spreadsheet runs a cell starting with `=`, `+`, `-` or `@` (and, in some, a tab or a
carriage return) as a formula, so such a cell gets a leading apostrophe: the text reads
the same and nothing runs (OWASP, "CSV injection").
"""

import csv
import io
from typing import Any

from server.exports.catalog import Words

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # tells Excel the file is UTF-8; csv readers take it off with utf-8-sig
COLUMNS = ("export.id", "export.what", "export.owner", "export.due", "export.status", "export.note",
           "export.carried", "export.source_item")


def defused(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def render(summary: dict[str, Any], words: Words) -> str:
    """One row per action of the summary (the confirmed version when there is one).
    `source item` is the text of the flipchart card it was drawn from, when the reader
    may see that card."""
    items = {i["id"]: i for group in summary["board"] for i in group["items"]}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([words(column) for column in COLUMNS])
    for action in summary["outcomes"]["actions"]:
        source = items.get(action["item"] or "")
        writer.writerow([defused(cell) for cell in (
            action["id"], action["text"], action["owner"], action["due"], words.status(action["status"]),
            action["note"], words("export.yes" if action["carried"] else "export.no"), source["text"] if source else "",
        )])
    return BOM + out.getvalue()
