"""``tracking list|status|receive`` as a script uses them: the figures as integers and fractions, the missing CĐCS
by code and name, an arrival logged once however often it is sent, and bad input refused with nothing changed."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop_app.bootstrap import open_context
from desktop_app.cli.common import EXIT_USAGE, EXIT_USER_ERROR
from desktop_app.domain.tracking import LISTED, Audience
from desktop_app.persistence.database import sqlite_url
from desktop_app.services.tracking import Receipt, RequestDraft
from tests.integration.test_cli import cli

TODAY = date.today()  # the command line logs on the real calendar
ISSUED = TODAY - timedelta(days=30)
DUE = TODAY - timedelta(days=5)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, list[tuple[str, str]]]:
    """The demo office with one request to four of its CĐCS, one of which has already sent it."""
    folder = tmp_path_factory.mktemp("tracking-cli")
    path = folder / "demo.sqlite"
    result = cli("--db", str(path), "demo", env_dir=folder)
    assert result.returncode == 0, result.stderr
    context = open_context(sqlite_url(path))
    try:
        spans = [u for u in context.tracking.grassroots() if u.exists_on(DUE)][:4]
        units = [(u.code, u.name) for u in spans]
        request = context.tracking.create_request(RequestDraft(
            title="Báo cáo kết quả Tháng Công nhân (thử dòng lệnh)", issued_on=ISSUED, due=DUE,
            audience=Audience(LISTED, units=tuple(u.uuid for u in spans)),
        ))  # fmt: skip
        context.tracking.receive(request.id, Receipt(units[0][0], DUE - timedelta(days=1), backdate_note="vào sổ"))
        return path, request.id, units
    finally:
        context.close()


def tracking(db: Path, env_dir: Path, *args: str) -> Any:
    result = cli("--db", str(db), "tracking", *args, "--format", "json", env_dir=env_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_status_gives_integers_fractions_and_the_missing_units(
        office: tuple[Path, int, list[tuple[str, str]]], tmp_path: Path) -> None:
    db, request_id, units = office
    status = tracking(db, tmp_path, "status", "--request", str(request_id))
    assert (status["expected"], status["received"], status["on_time"], status["late"]) == (4, 1, 1, 0)
    assert status["completeness"] == 0.25 and status["timeliness"] == 0.25
    assert sorted((m["code"], m["name"]) for m in status["missing"]) == sorted(units[1:])

    listed = {r["id"]: r for r in tracking(db, tmp_path, "list", "--year", str(DUE.year))}
    mine = listed[request_id]
    assert (mine["expected"], mine["received"], mine["missing"], mine["overdue"]) == (4, 1, 3, True)
    assert mine["due"] == DUE.isoformat()


def test_receive_logs_once_however_often_it_is_sent(
        office: tuple[Path, int, list[tuple[str, str]]], tmp_path: Path) -> None:
    db, request_id, units = office
    code = units[1][0]
    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(b"%PDF-1.4 bao cao thang cong nhan\n")
    line = tracking(db, tmp_path, "receive", "--request", str(request_id), "--unit", code,
                    "--date", TODAY.isoformat(), "--channel", "email", "--file", str(report))
    assert (line["code"], line["status"], line["received_on"], line["channel"]) == (code, "received",
                                                                                   TODAY.isoformat(), "email")
    assert line["files"] == ["bao-cao.pdf"]
    again = cli("--db", str(db), "tracking", "receive", "--request", str(request_id), "--unit", code,
                "--date", TODAY.isoformat(), env_dir=tmp_path)
    assert again.returncode == 0, again.stderr
    assert code in again.stdout and "Nộp muộn" in again.stdout

    status = tracking(db, tmp_path, "status", "--request", str(request_id))
    assert (status["received"], status["on_time"], status["late"]) == (2, 1, 1)
    assert code not in [m["code"] for m in status["missing"]]


@pytest.mark.parametrize(("args", "status", "words"), [
    (("--date", (TODAY + timedelta(days=1)).isoformat()), EXIT_USER_ERROR, "sau ngày hôm nay"),
    (("--date", (ISSUED - timedelta(days=1)).isoformat(), "--note", "sổ cũ"), EXIT_USER_ERROR,
     "trước ngày gửi yêu cầu"),
    (("--date", (TODAY - timedelta(days=2)).isoformat()), EXIT_USER_ERROR, "--note"),
    (("--date", "24/11/2026"), EXIT_USAGE, "NĂM-THÁNG-NGÀY"),
    (("--date", TODAY.isoformat(), "--channel", "fax"), EXIT_USAGE, "cách gửi «fax» không có"),
    (("--date", TODAY.isoformat(), "--file", "/khong/co/tep.pdf"), EXIT_USER_ERROR, "tep.pdf"),
])  # fmt: skip
def test_a_bad_receipt_is_refused_and_changes_nothing(
        office: tuple[Path, int, list[tuple[str, str]]], tmp_path: Path, args: tuple[str, ...], status: int,
        words: str) -> None:
    db, request_id, units = office
    code = units[3][0]
    result = cli("--db", str(db), "tracking", "receive", "--request", str(request_id), "--unit", code, *args,
                 env_dir=tmp_path)
    assert result.returncode == status, result.stdout + result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    missing = tracking(db, tmp_path, "status", "--request", str(request_id))["missing"]
    assert code in [m["code"] for m in missing]


def test_an_unknown_request_or_unit_is_named_in_the_refusal(
        office: tuple[Path, int, list[tuple[str, str]]], tmp_path: Path) -> None:
    db, request_id, _ = office
    result = cli("--db", str(db), "tracking", "status", "--request", "99999", env_dir=tmp_path)
    assert result.returncode == EXIT_USER_ERROR and "99999" in result.stderr
    result = cli("--db", str(db), "tracking", "receive", "--request", str(request_id), "--unit", "KHONG_CO",
                 "--date", TODAY.isoformat(), env_dir=tmp_path)
    assert result.returncode == EXIT_USER_ERROR and "KHONG_CO" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def _free_plan_task(db: Path) -> tuple[int, int, str, str]:
    """A plan of the demo with a task for the CĐCS that has no request yet: (plan id, task's place, uuid, due)."""
    context = open_context(sqlite_url(db))
    try:
        for plan in context.documents.list_documents(type_code="KH"):
            tasks = context.tracking.candidate_tasks(plan.id)
            for place, (uuid, _text, due, made) in enumerate(tasks, start=1):
                if made is None and due is not None and len(tasks) > 1:
                    return plan.id, place, uuid, due.isoformat()
        raise AssertionError("the demo has no plan with a free task for the CĐCS")
    finally:
        context.close()


def test_create_makes_a_request_from_a_plan_task_once(
        office: tuple[Path, int, list[tuple[str, str]]], tmp_path: Path) -> None:
    db, _request_id, _units = office
    plan, place, task_uuid, due = _free_plan_task(db)
    # Several tasks and none chosen: the refusal lists them, numbered, so the clerk can pick one.
    result = cli("--db", str(db), "tracking", "create", "--plan", str(plan), env_dir=tmp_path)
    assert result.returncode == EXIT_USER_ERROR and "--task" in result.stderr and f"  {place}. " in result.stderr

    made = tracking(db, tmp_path, "create", "--plan", str(plan), "--task", str(place))
    assert (made["task_uuid"], made["due"]) == (task_uuid, due)
    assert made["id"] in [r["id"] for r in tracking(db, tmp_path, "list")]

    again = cli("--db", str(db), "tracking", "create", "--plan", str(plan), "--task", str(place), env_dir=tmp_path)
    assert again.returncode == EXIT_USER_ERROR and f"đã có yêu cầu báo cáo số {made['id']}" in again.stderr


def test_create_a_standalone_request_asks_every_active_cdcs(
        office: tuple[Path, int, list[tuple[str, str]]], tmp_path: Path) -> None:
    db, _request_id, _units = office
    due = (TODAY + timedelta(days=10)).isoformat()
    made = tracking(db, tmp_path, "create", "--title", "Báo cáo nhanh số đoàn viên nữ", "--due", due)
    context = open_context(sqlite_url(db))
    try:
        active = [u for u in context.tracking.grassroots() if u.exists_on(date.fromisoformat(due))]
    finally:
        context.close()
    assert (made["title"], made["due"], made["expected"], made["received"]) == (
        "Báo cáo nhanh số đoàn viên nữ", due, len(active), 0)
    missing_due = cli("--db", str(db), "tracking", "create", "--title", "Báo cáo thiếu hạn", env_dir=tmp_path)
    assert missing_due.returncode == EXIT_USER_ERROR and "--due" in missing_due.stderr
