"""The one write path: every service operation writes exactly its change-log lines, stamps what it changed, and
a rolled-back operation leaves neither the change nor its line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from desktop_app.bootstrap import AppContext
from desktop_app.domain.documents import (
    DOCUMENT_TYPES,
    Header,
    OfficialDocument,
    Paragraph,
    Recipients,
    SignerBlock,
    Task,
)
from desktop_app.domain.registers import NumberRequest
from desktop_app.domain.units import UnitDraft
from desktop_app.services.errors import UserError
from desktop_app.services.history import HistoryFilter, collecting, subscribe
from desktop_app.services.registers import IncomingDraft
from tests.conftest import TODAY


def school(code: str, name: str, members: int = 30) -> UnitDraft:
    return UnitDraft(code=code, name=name, sector="HCSN", members=members, female_members=10, workers=members + 2)


def plan(summary: str = "Kế hoạch tổ chức Tháng Công nhân năm 2026") -> OfficialDocument:
    kind = next(t for t in DOCUMENT_TYPES if t.code == "KH")
    return OfficialDocument(
        type=kind,
        number=None,
        header=Header("LĐLĐ TỈNH TÂY NINH", "LĐLĐ HUYỆN DƯƠNG MINH CHÂU", "Huyện Dương Minh Châu"),
        summary=summary,
        body=(Paragraph("Thực hiện chương trình công tác năm 2026."),
              Task("Báo cáo kết quả", who="Các CĐCS", timing="Thời gian hoàn thành: trước ngày 15/5/2026.")),
        recipients=Recipients(("- Các CĐCS;", "- Lưu: VT.")),
        signer=SignerBlock("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn An"),
    )


def log_lines(context: AppContext, after: int) -> list[tuple[str, str]]:
    return [(e.kind, e.operation) for e in context.history.changes(since=after)]


Step = Callable[[AppContext, dict[str, Any]], object]


def _create(c: AppContext, s: dict[str, Any]) -> object:
    s["unit"] = c.units.create(school("CDCS001", "CĐCS Trường Tiểu học Phước Minh A"))
    return s["unit"]


def _second(c: AppContext, s: dict[str, Any]) -> object:
    s["other"] = c.units.create(school("CDCS002", "CĐCS Trường Mầm non Suối Đá", members=12))
    return s["other"]


def _draft(c: AppContext, s: dict[str, Any]) -> object:
    s["draft"] = c.documents.create_draft(plan())
    return s["draft"]


def _incoming(c: AppContext, s: dict[str, Any]) -> object:
    attachment = s["folder"] / "213-KH.pdf"
    attachment.write_bytes(b"%PDF-1.4 a province plan")
    s["arrival"] = c.registers.register_incoming(
        IncomingDraft(date(2026, 3, 2), "LĐLĐ tỉnh Tây Ninh", "Kế hoạch Tháng Công nhân", "213/KH-LĐLĐ"), [attachment])
    return s["arrival"]


# (operation, what it does, the change-log lines it writes): run in this order on one database.
OPERATIONS: list[tuple[str, Step, Counter[tuple[str, str]]]] = [
    ("units.create", _create, Counter({("unit", "insert"): 1, ("unit_event", "insert"): 1})),
    ("units.create second", _second, Counter({("unit", "insert"): 1, ("unit_event", "insert"): 1})),
    ("units.create_many", lambda c, s: c.units.create_many([school("CDCS003", "CĐCS Công ty May Hà Phong"),
                                                             school("CDCS004", "CĐCS UBND xã Suối Đá")]),
     Counter({("unit", "insert"): 2, ("unit_event", "insert"): 2})),
    ("units.update", lambda c, s: c.units.update(s["unit"].id, replace(s["unit"].draft(), chair="Lê Thị Hòa")),
     Counter({("unit", "update"): 1, ("unit_event", "insert"): 1})),
    ("units.update unchanged", lambda c, s: c.units.update(s["unit"].id, c.units.get(s["unit"].id).draft()),
     Counter()),
    ("units.dissolve", lambda c, s: c.units.dissolve(s["unit"].id, date(2026, 6, 1), "trường giải thể"),
     Counter({("unit", "dissolve"): 1, ("unit_event", "insert"): 1})),
    ("units.reinstate", lambda c, s: c.units.reinstate(s["unit"].id),
     Counter({("unit", "update"): 1, ("unit_event", "insert"): 1})),
    ("units.merge", lambda c, s: c.units.merge(s["other"].id, s["unit"].id, date(2026, 7, 1), "sáp nhập trường"),
     Counter({("unit", "merge"): 1, ("unit", "update"): 1, ("unit_event", "insert"): 2})),
    ("registers.take_number", lambda c, s: s.update(entry=c.registers.take_number(
        NumberRequest(date(2026, 3, 24), "TB", "Thông báo lịch họp", None, None))),
     Counter({("outgoing", "insert"): 1})),
    ("registers.cancel_number", lambda c, s: c.registers.cancel_number(s["entry"].id, "lấy nhầm"),
     Counter({("outgoing", "cancel"): 1})),
    ("registers.register_incoming", _incoming, Counter({("incoming", "insert"): 1, ("incoming_file", "insert"): 1})),
    ("documents.create_draft", _draft, Counter({("document", "insert"): 1})),
    ("documents.update_draft", lambda c, s: s.update(draft=c.documents.update_draft(
        s["draft"].id, replace(s["draft"].document, summary="Kế hoạch Tháng Công nhân năm 2026"))),
     Counter({("document", "update"): 1})),
    ("documents.issue", lambda c, s: s.update(issued=c.documents.issue(s["draft"].id, date(2026, 4, 1))),
     Counter({("document", "issue"): 1, ("outgoing", "insert"): 1})),
    ("documents.new_version", lambda c, s: s.update(version=c.documents.new_version(s["issued"].id)),
     Counter({("document", "insert"): 1})),
    ("documents.delete_draft", lambda c, s: s.update(deleted=c.documents.delete_draft(s["version"].id)),
     Counter({("document", "delete"): 1})),
    ("documents.restore_draft", lambda c, s: c.documents.restore_draft(s["deleted"]),
     Counter({("document", "insert"): 1})),
    ("office.update_office", lambda c, s: c.office.update_office(
        name="Liên đoàn Lao động huyện Dương Minh Châu", short_name="LĐLĐ huyện DMC", abbreviation="LĐLĐ",
        place_name="Huyện Dương Minh Châu", signer=c.office.profile().signer),
     Counter({("unit", "update"): 1, ("unit_event", "insert"): 1})),
    ("office.update_office signer", lambda c, s: c.office.update_office(
        name="Liên đoàn Lao động huyện Dương Minh Châu", short_name="LĐLĐ huyện DMC", abbreviation="LĐLĐ",
        place_name="Huyện Dương Minh Châu", signer=replace(c.office.profile().signer, name="Trần Thị Bình")),
     Counter({("signer", "update"): 1})),
]


def test_every_operation_writes_exactly_its_change_lines(context: AppContext, tmp_path: Path) -> None:
    state: dict[str, Any] = {"folder": tmp_path}
    for name, step, expected in OPERATIONS:
        before = context.history.last_seq()
        step(context, state)
        assert Counter(log_lines(context, before)) == expected, name


def test_set_up_logs_the_office_its_parent_and_signer(empty_context: AppContext) -> None:
    from tests.conftest import HOME_SETUP

    empty_context.office.set_up(HOME_SETUP)
    lines = Counter(log_lines(empty_context, 0))
    assert lines[("unit", "insert")] == 2 and lines[("signer", "insert")] == 1


def test_lines_are_numbered_in_order_and_say_who_what_and_revision(context: AppContext) -> None:
    unit = context.units.create(school("CDCS001", "CĐCS Trường Tiểu học Phước Minh A"))
    edited = context.units.update(unit.id, replace(unit.draft(), chair="Lê Thị Hòa"))
    entries = context.history.changes()
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    mine = [e for e in entries if e.uuid == unit.uuid]
    assert [(e.operation, e.revision) for e in mine] == [("insert", 1), ("update", 2)]
    assert edited.revision == 2  # stamped by the write path, not by the service
    assert mine[-1].summary == "Sửa đơn vị «CĐCS Trường Tiểu học Phước Minh A»" and mine[-1].unit_code == "CDCS001"
    assert all(e.actor for e in mine)


def test_a_failed_operation_leaves_no_change_and_no_line(context: AppContext) -> None:
    draft = context.documents.create_draft(replace(plan(), signer=None))
    before = context.history.last_seq()
    with pytest.raises(UserError):
        context.documents.issue(draft.id, date(2026, 4, 1))  # no signer: refused after the number was taken
    assert context.history.last_seq() == before and log_lines(context, before) == []
    assert context.registers.outgoing(2026) == []  # the number taken inside the transaction went with it
    assert context.documents.get(draft.id).revision == draft.revision


def test_a_crash_half_way_through_a_commit_leaves_neither(context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.persistence import changes

    def broken(*_args: object) -> None:
        raise OSError("disk gone")

    unit = context.units.create(school("CDCS001", "CĐCS Trường Tiểu học Phước Minh A"))
    before = context.history.last_seq()
    monkeypatch.setattr(changes, "_unit_code", broken)  # fails while the log lines are being written
    with pytest.raises(OSError):
        context.units.update(unit.id, replace(unit.draft(), chair="Lê Thị Hòa"))
    monkeypatch.undo()
    assert context.units.get(unit.id).chair == unit.chair and context.history.last_seq() == before


def test_history_filters_by_kind_unit_clerk_and_day(context: AppContext) -> None:
    unit = context.units.create(school("CDCS001", "CĐCS Trường Tiểu học Phước Minh A"))
    context.documents.create_draft(plan())
    units_only = context.history.recent(HistoryFilter(kind="unit"))
    assert units_only and {e.kind for e in units_only} == {"unit"}
    of_unit = context.history.recent(HistoryFilter(unit_code="CDCS001"))
    assert {e.uuid for e in of_unit if e.kind == "unit"} == {unit.uuid}
    actor = units_only[0].actor
    assert context.history.recent(HistoryFilter(actor=actor)) and context.history.actors() == [actor]
    assert context.history.recent(HistoryFilter(actor="người khác")) == []
    today = units_only[0].at.date()
    assert context.history.recent(HistoryFilter(start=today, end=today))
    assert context.history.recent(HistoryFilter(end=date(2000, 1, 1))) == []
    newest = context.history.recent()
    assert [e.seq for e in newest] == sorted((e.seq for e in newest), reverse=True)


def test_listeners_and_collectors_hear_each_commit(context: AppContext) -> None:
    heard = []
    unsubscribe = subscribe(heard.append)
    try:
        with collecting() as found:
            unit = context.units.create(school("CDCS001", "CĐCS Trường Tiểu học Phước Minh A"))
        assert len(found) == 1 and found[0].uuids("unit") == {unit.uuid} and found[0].touches("unit_event")
        context.units.list_units()  # reads commit nothing
        assert len(heard) == 1
    finally:
        unsubscribe()
    changed, last = context.history.changed_since(0)
    assert unit.uuid in changed.uuids("unit") and last == context.history.last_seq()
    nothing, same = context.history.changed_since(last)
    assert not nothing and same == last


def test_a_change_by_another_program_is_seen_by_seq(context: AppContext, db_path: Path) -> None:
    import sqlite3

    seen = context.history.last_seq()
    from desktop_app.bootstrap import database_url, open_context

    other = open_context(database_url(db_path), clock=lambda: TODAY)
    try:
        other.units.create(school("CDCS009", "CĐCS Công ty Cao su"))
    finally:
        other.close()
    changed, last = context.history.changed_since(seen)
    assert changed.touches("unit") and last > seen
    with sqlite3.connect(db_path) as raw:  # the log is in the database file, not in either program
        assert raw.execute("SELECT count(*) FROM change_log WHERE seq > ?", (seen,)).fetchone()[0] == last - seen


def test_references_carry_the_uuid_of_what_they_point_to(demo_context: AppContext) -> None:
    with demo_context.database.engine.connect() as conn:
        for table, id_column, uuid_column, target in (
            ("units", "parent_id", "parent_uuid", "units"),
            ("units", "merged_into_id", "merged_into_uuid", "units"),
            ("unit_events", "unit_id", "unit_uuid", "units"),
            ("unit_events", "other_unit_id", "other_unit_uuid", "units"),
            ("documents", "register_entry_id", "register_entry_uuid", "outgoing_register"),
            ("incoming_files", "entry_id", "entry_uuid", "incoming_register"),
        ):
            rows = conn.execute(text(
                f"SELECT {table}.{uuid_column}, t.uuid FROM {table} LEFT JOIN {target} t ON t.id = {table}.{id_column}"
            )).all()
            assert all(mine == theirs for mine, theirs in rows), (table, uuid_column)
            if table in ("units", "unit_events", "documents") and id_column in ("parent_id", "unit_id",
                                                                                 "register_entry_id"):
                assert any(mine for mine, _ in rows), (table, uuid_column)


def test_the_date_filter_counts_days_on_the_offices_clock(context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """The log keeps UTC; a change at 06:30 in Việt Nam (23:30 UTC the day before) is on the day the clerk saw."""
    import time as clock

    from sqlalchemy import text as sql

    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    clock.tzset()
    try:
        seq = context.history.last_seq() + 1
        with context.database.engine.begin() as conn:
            conn.execute(sql("INSERT INTO change_log (seq, at, actor, kind, uuid, revision, owner_code, operation, "
                             "summary) VALUES (:seq, '2026-05-01 23:30:00.000000', 'vanthu', 'unit', 'u-1', 1, '', "
                             "'update', 'Sửa đơn vị «A»')"), {"seq": seq})
        on_may_2 = context.history.recent(HistoryFilter(start=date(2026, 5, 2), end=date(2026, 5, 2)))
        on_may_1 = context.history.recent(HistoryFilter(start=date(2026, 5, 1), end=date(2026, 5, 1)))
        assert [e.seq for e in on_may_2] == [seq] and on_may_1 == []
    finally:
        monkeypatch.delenv("TZ")
        clock.tzset()
