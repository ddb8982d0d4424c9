"""``history``: the change log as a script follows it: what changed after the last number it saw, by kind,
as JSON or as lines for the clerk; bad arguments are usage errors in Vietnamese."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop_app.bootstrap import open_context
from desktop_app.cli.common import EXIT_DATABASE_ERROR, EXIT_USAGE
from desktop_app.domain.changes import KIND_LABELS
from desktop_app.domain.units import UnitDraft
from desktop_app.persistence.database import sqlite_url
from desktop_app.services.registers import IncomingDraft
from tests.integration.test_cli import cli


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("history-cli")
    path = folder / "demo.sqlite"
    result = cli("--db", str(path), "demo", env_dir=folder)
    assert result.returncode == 0, result.stderr
    return path


def history(db: Path, env_dir: Path, *args: str) -> list[dict[str, Any]]:
    result = cli("--db", str(db), "history", *args, "--format", "json", env_dir=env_dir)
    assert result.returncode == 0, result.stderr
    records: list[dict[str, Any]] = json.loads(result.stdout)
    return records


def last_seq(db: Path, env_dir: Path) -> int:
    return max(r["seq"] for r in history(db, env_dir))


def make_changes(db: Path) -> dict[str, str]:
    """A new unit, a change to it and an arrival in the incoming register, through the services."""
    context = open_context(sqlite_url(db))
    try:
        unit = context.units.create(UnitDraft(code="CDCS_LS1", name="CĐCS Trường Mầm non Lịch Sử", sector="HCSN",
                                              members=20, female_members=15, workers=22))
        context.units.update(unit.id, UnitDraft(code="CDCS_LS1", name="CĐCS Trường Mầm non Lịch Sử", sector="HCSN",
                                                members=21, female_members=15, workers=22))
        entry = context.registers.register_incoming(
            IncomingDraft(arrived_on=date(2026, 11, 20), sender="LĐLĐ tỉnh Tây Ninh",
                          summary="Về việc báo cáo số liệu đoàn viên năm 2026"))
        return {"unit": unit.uuid, "incoming": entry.uuid}
    finally:
        context.close()


def make_changes_elsewhere(db: Path) -> str:
    context = open_context(sqlite_url(db))
    try:
        return context.registers.register_incoming(
            IncomingDraft(arrived_on=date(2026, 11, 21), sender="UBND huyện Dương Minh Châu",
                          summary="Về việc tổ chức Tết cho công nhân")).uuid
    finally:
        context.close()


def test_since_returns_exactly_the_changes_made_after_it_oldest_first(demo_db: Path, tmp_path: Path) -> None:
    before = last_seq(demo_db, tmp_path)
    started = datetime.now(UTC).replace(microsecond=0)
    made = make_changes(demo_db)

    records = history(demo_db, tmp_path, "--since", str(before))

    # Creating and changing a unit also write an event in the unit's own history.
    assert [(r["kind"], r["operation"]) for r in records] == [
        ("unit", "insert"), ("unit_event", "insert"), ("unit_event", "insert"), ("unit", "update"),
        ("incoming", "insert"),
    ]
    assert [r["uuid"] for r in records if r["kind"] != "unit_event"] == [made["unit"], made["unit"], made["incoming"]]
    seqs = [r["seq"] for r in records]
    assert seqs == sorted(seqs) and seqs[0] > before
    for record in records:
        assert set(record) == {"seq", "at", "actor", "kind", "uuid", "operation", "summary"}
        # ISO 8601 to the second, in UTC.
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", record["at"])
        assert started <= datetime.fromisoformat(record["at"]) <= datetime.now(UTC)
        assert record["actor"] and record["summary"]
    assert "CĐCS Trường Mầm non Lịch Sử" in records[0]["summary"]
    # Nothing after the newest number.
    assert history(demo_db, tmp_path, "--since", str(seqs[-1])) == []


def test_kind_narrows_to_one_kind_of_record(demo_db: Path, tmp_path: Path) -> None:
    everything = history(demo_db, tmp_path)
    documents = history(demo_db, tmp_path, "--kind", "document")
    assert documents and {r["kind"] for r in documents} == {"document"}
    assert documents == [r for r in everything if r["kind"] == "document"]
    before = last_seq(demo_db, tmp_path)
    made = make_changes_elsewhere(demo_db)
    assert [r["uuid"] for r in history(demo_db, tmp_path, "--since", str(before), "--kind", "incoming")] == [made]
    assert history(demo_db, tmp_path, "--since", str(before), "--kind", "signer") == []


def test_text_lists_one_line_per_change_in_vietnamese(demo_db: Path, tmp_path: Path) -> None:
    records = history(demo_db, tmp_path, "--kind", "unit")
    result = cli("--db", str(demo_db), "history", "--kind", "unit", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(records)
    seq, when, actor, kind, operation, summary = lines[-1].split("\t")
    last = records[-1]
    assert (int(seq), actor, kind, summary) == (last["seq"], last["actor"], "Đơn vị", last["summary"])
    assert operation in ("Thêm", "Sửa", "Giải thể")
    local = datetime.fromisoformat(last["at"]).astimezone()
    assert when == local.strftime("%d/%m/%Y %H:%M") and re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", when)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--kind", "units"], "loại bản ghi «units» không có"),
        (["--kind", ""], "loại bản ghi «» không có"),
        (["--since", "-1"], "«-1» không phải là số thứ tự thay đổi"),
        (["--since", "mười"], "«mười» không phải là số thứ tự thay đổi"),
        (["--since", "3.5"], "«3.5» không phải là số thứ tự thay đổi"),
    ],
)
def test_bad_arguments_are_usage_errors_that_say_what_is_valid(
    demo_db: Path, tmp_path: Path, args: list[str], said: str
) -> None:
    result = cli("--db", str(demo_db), "history", *args, "--format", "json", env_dir=tmp_path)
    assert result.returncode == EXIT_USAGE
    assert result.stdout == "" and said in result.stderr and "Traceback" not in result.stderr
    if args[0] == "--kind":
        for kind, label in KIND_LABELS.items():
            assert f"{kind} ({label})" in result.stderr


def test_a_missing_database_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "chua-co.sqlite"
    result = cli("--db", str(missing), "history", "--format", "json", env_dir=tmp_path)
    assert result.returncode == EXIT_DATABASE_ERROR
    assert "Không tìm thấy tệp cơ sở dữ liệu" in result.stderr and not missing.exists()
