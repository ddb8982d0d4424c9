"""The demo office built from the data files in resources/demo/ is the one the code built before."""

from __future__ import annotations

import json
from pathlib import Path

from tests.demo_snapshot import build_demo, snapshot

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo_snapshot.json"


def test_demo_database_holds_the_snapshot_content(tmp_path: Path) -> None:
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    database = tmp_path / "demo.sqlite"
    build_demo(database)
    built = snapshot(database, columns=expected["columns"])
    for table, rows in expected["rows"].items():
        assert len(built["rows"][table]) == len(rows), table
        for want, got in zip(rows, built["rows"][table], strict=True):
            assert got == want, (table, want.get("id"))
