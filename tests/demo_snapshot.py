"""What the demo database holds, as plain data: units, their events, the signer, both registers and the
documents, the report requests and the CĐCS' submissions, with the values that differ on every build (uuids,
clock readings, who built it) left out or replaced by the row they point at. tests/fixtures/demo_snapshot.json
was first taken with this from the code before the demo content became data files, and taken again when the
demo gained its report tracking and its indicator figures; ``python -m tests.demo_snapshot OUT.json`` writes a
new one."""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

# The day the snapshot was taken: "created" events carry the clock's date.
SNAPSHOT_DAY = date(2026, 11, 21)
TABLES = (
    "units", "unit_events", "signers", "outgoing_register", "incoming_register", "documents", "report_requests",
    "submissions", "form_reports",
)  # fmt: skip
# Written from the clock, random or by whoever builds it: never part of the content.
VOLATILE = {"uuid", "recorded_at", "updated_at", "created_at", "updated_by"}


# Written by the document format, not by the demo: the format version and each task's own (random) uuid.
FORMAT_KEYS = {"format", "uuid"}


def _content(value: Any) -> Any:
    if isinstance(value, list):
        return [_content(item) for item in value]
    if isinstance(value, dict):
        return {key: _content(item) for key, item in value.items() if key not in FORMAT_KEYS}
    return value


def _replace_uuids(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return names.get(value, value)
    if isinstance(value, list):
        return [_replace_uuids(item, names) for item in value]
    if isinstance(value, dict):
        return {key: _replace_uuids(item, names) for key, item in value.items()}
    return value


def snapshot(path: Path, columns: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The content of the demo database at ``path``; ``columns`` limits each table to the columns a stored
    snapshot knows (columns added by later migrations are not demo content)."""
    connection = sqlite3.connect(path)
    try:
        names: dict[str, str] = {}
        for table in TABLES:
            for row_id, uuid in connection.execute(f"SELECT id, uuid FROM {table}"):
                names[uuid] = f"{table}#{row_id}"
        # A task's uuid is random on every build: a request made from it names it by its plan and position.
        for document_id, position, uuid in connection.execute("SELECT document_id, position, uuid FROM document_tasks"):
            names[uuid] = f"documents#{document_id}/task{position}"
        result: dict[str, Any] = {"columns": {}, "rows": {}}
        for table in TABLES:
            present = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            wanted = columns[table] if columns is not None else [name for name in present if name not in VOLATILE]
            rows = []
            quoted = ", ".join(f'"{name}"' for name in wanted)  # form_reports has a column named "values"
            query = f"SELECT {quoted} FROM {table} ORDER BY id"
            for values in connection.execute(query):
                row = dict(zip(wanted, values, strict=True))
                if "content" in row and row["content"] is not None:
                    row["content"] = _content(json.loads(row["content"]))
                rows.append(_replace_uuids(row, names))
            result["columns"][table] = wanted
            result["rows"][table] = rows
        return result
    finally:
        connection.close()


def build_demo(path: Path) -> None:
    """A demo database at ``path``, built as `congdoan-desk demo` builds it, on SNAPSHOT_DAY."""
    from desktop_app.bootstrap import open_context
    from desktop_app.persistence.database import sqlite_url
    from desktop_app.services.demo import load_demo

    context = open_context(sqlite_url(path), clock=lambda: SNAPSHOT_DAY)
    try:
        load_demo(context)
    finally:
        context.close()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "demo.sqlite"
        build_demo(database)
        text = json.dumps(snapshot(database), ensure_ascii=False, indent=1, sort_keys=True)
    Path(sys.argv[1]).write_text(text + "\n", encoding="utf-8")
