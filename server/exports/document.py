"""The JSON export: the summary and the whole meeting as the reader may see it, under a
versioned format name (protocol/SPEC.md, "After the meeting"). A consumer checks
`format` first; a change that breaks readers gets a new version number."""

import json
from typing import Any

FORMAT = "peercircle.export/1"


def document(summary: dict[str, Any], meeting: dict[str, Any], exported_at: float) -> dict[str, Any]:
    return {"format": FORMAT, "exported_at": exported_at, "summary": summary, "meeting": meeting}


def render(summary: dict[str, Any], meeting: dict[str, Any], exported_at: float) -> str:
    return json.dumps(document(summary, meeting, exported_at), ensure_ascii=False, indent=1) + "\n"
