"""The same database code on a real PostgreSQL server (offices with several clerks)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import create_engine

from desktop_app.bootstrap import open_context
from desktop_app.persistence.errors import DatabaseTooNew
from desktop_app.persistence.migrate import head_revision
from desktop_app.services.demo import load_demo
from desktop_app.services.errors import Conflict
from tests.conftest import TODAY

pytestmark = pytest.mark.postgres


def test_migrations_demo_and_unit_actions_on_postgres(pg_url: str) -> None:
    context = open_context(pg_url, clock=lambda: TODAY)
    try:
        summary = load_demo(context)
        units = context.units.list_units()
        assert len(units) == summary.units
        active = [u for u in units if u.dissolved is None]
        source, target = active[0], active[1]
        merged = context.units.merge(source.id, target.id, date(2026, 11, 1), "thử trên PostgreSQL")
        assert merged.members == (source.members or 0) + (target.members or 0)
        assert any(e.kind == "merged_into" and e.unit_code == source.code for e in context.units.history(target.id))
        with context.database.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
    finally:
        context.close()
    # A second clerk opening the same server database sees the same data and migrates nothing.
    again = open_context(pg_url, clock=lambda: TODAY)
    try:
        assert len(again.units.list_units()) == summary.units
        assert again.database.backup_path is None
    finally:
        again.close()


def test_concurrent_edit_is_detected_across_connections(pg_url: str) -> None:
    first = open_context(pg_url, clock=lambda: TODAY)
    second = open_context(pg_url, clock=lambda: TODAY)
    try:
        load_demo(first)
        unit = first.units.list_units()[0]
        first.units.update(unit.id, replace(unit.draft(), chair="Người A"), expected_revision=unit.revision)
        with pytest.raises(Conflict):
            second.units.update(unit.id, unit.draft(), expected_revision=unit.revision)
        assert second.units.get(unit.id).chair == "Người A"
    finally:
        first.close()
        second.close()


def test_newer_schema_on_postgres_is_refused(pg_url: str) -> None:
    open_context(pg_url).close()
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    engine.dispose()
    with pytest.raises(DatabaseTooNew):
        open_context(pg_url)


def test_reads_do_not_wait_for_a_writer_and_huge_counts_are_refused_before_the_server(pg_url: str) -> None:
    import time

    from desktop_app.domain.units import UnitDraft
    from desktop_app.services.errors import ValidationFailed

    context = open_context(pg_url, clock=lambda: TODAY)
    writer = create_engine(pg_url)
    try:
        load_demo(context)
        unit = context.units.list_units()[0]
        with writer.begin() as conn:
            conn.exec_driver_sql(f"UPDATE units SET notes = 'đang sửa' WHERE id = {unit.id}")
            started = time.monotonic()
            assert context.units.get(unit.id).notes == unit.notes
            assert len(context.units.list_units()) > 1
            assert time.monotonic() - started < 5
            conn.rollback()
        with pytest.raises(ValidationFailed, match="lớn quá"):
            context.units.create(UnitDraft(code="CDCS999", name="CĐCS lớn", workers=2**63))
    finally:
        writer.dispose()
        context.close()


def test_change_numbers_follow_commit_order_with_two_writers(pg_url: str) -> None:
    """Two clerks writing at once: every change line gets its own number, in the order the writes committed."""
    import threading

    from desktop_app.domain.units import UnitDraft
    from tests.conftest import HOME_SETUP

    first = open_context(pg_url, clock=lambda: TODAY)
    second = open_context(pg_url, clock=lambda: TODAY)
    try:
        first.office.set_up(HOME_SETUP)
        start = first.history.last_seq()
        errors: list[BaseException] = []

        def write(context: object, prefix: str) -> None:
            try:
                for i in range(15):
                    context.units.create(  # type: ignore[attr-defined]
                        UnitDraft(code=f"{prefix}{i:03d}", name=f"CĐCS {prefix} số {i}", sector="HCSN"))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(c, p)) for c, p in ((first, "A"), (second, "B"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        lines = first.history.changes(since=start)
        assert [e.seq for e in lines] == list(range(start + 1, start + 61))  # 30 units, 30 history lines
        assert [e.at for e in lines] == sorted(e.at for e in lines)  # numbered in commit order
        # Each commit's two lines (the unit and its history line) sit side by side: no writer slipped between.
        for unit_line, event_line in zip(lines[::2], lines[1::2], strict=True):
            assert {unit_line.kind, event_line.kind} == {"unit", "unit_event"}
        assert second.history.last_seq() == start + 60
    finally:
        first.close()
        second.close()


def test_two_clerks_saving_one_document_the_second_is_told_and_the_log_is_right(pg_url: str) -> None:
    from tests.integration.test_change_log import plan

    first = open_context(pg_url, clock=lambda: TODAY)
    second = open_context(pg_url, clock=lambda: TODAY)
    try:
        from tests.conftest import HOME_SETUP

        first.office.set_up(HOME_SETUP)
        draft = first.documents.create_draft(plan())
        theirs = second.documents.get(draft.id)
        start = first.history.last_seq()
        first.documents.update_draft(draft.id, replace(draft.document, summary="Bản của người thứ nhất"),
                                     expected_revision=draft.revision)
        with pytest.raises(Conflict, match="vừa được sửa ở nơi khác"):
            second.documents.update_draft(theirs.id, replace(theirs.document, summary="Bản của người thứ hai"),
                                          expected_revision=theirs.revision)
        lines = second.history.changes(since=start)
        assert [(e.kind, e.uuid, e.operation, e.revision) for e in lines] == [
            ("document", draft.uuid, "update", draft.revision + 1)]
        assert second.documents.get(draft.id).summary == "Bản của người thứ nhất"
    finally:
        first.close()
        second.close()


def test_a_save_over_a_record_changed_meanwhile_is_refused_not_lost(pg_url: str) -> None:
    """Two transactions read the same unit; the first saves. The second's save must not overwrite it silently."""
    from desktop_app.domain.units import UnitDraft
    from desktop_app.persistence.errors import RecordChangedElsewhere
    from desktop_app.persistence.unit_of_work import UnitOfWork
    from tests.conftest import HOME_SETUP

    first = open_context(pg_url, clock=lambda: TODAY)
    second = open_context(pg_url, clock=lambda: TODAY)
    try:
        first.office.set_up(HOME_SETUP)
        unit = first.units.create(UnitDraft(code="CDCS001", name="CĐCS Trường Tiểu học Phước Minh A", sector="HCSN"))
        start = first.history.last_seq()
        with UnitOfWork(first.database.session_factory) as one, UnitOfWork(second.database.session_factory) as two:
            mine, theirs = one.units.get(unit.id), two.units.get(unit.id)
            assert mine is not None and theirs is not None
            mine.chair = "Người A"
            one.commit()
            theirs.chair = "Người B"
            with pytest.raises(RecordChangedElsewhere, match="vừa được sửa ở nơi khác"):
                two.commit()
        assert second.units.get(unit.id).chair == "Người A"
        assert [(e.uuid, e.operation, e.revision) for e in first.history.changes(since=start)] == [
            (unit.uuid, "update", unit.revision + 1)]
    finally:
        first.close()
        second.close()


def test_two_clerks_logging_the_same_report_at_once_make_one_record(pg_url: str) -> None:
    """Receiving twice for the same (request, CĐCS) updates the record, also when two clerks do it at once."""
    import threading

    from sqlalchemy import func, select

    from desktop_app.domain.units import UnitDraft
    from desktop_app.persistence.models import SubmissionRow
    from desktop_app.services.tracking import Receipt, RequestDraft
    from tests.conftest import HOME_SETUP

    first = open_context(pg_url, clock=lambda: TODAY)
    second = open_context(pg_url, clock=lambda: TODAY)
    try:
        first.office.set_up(HOME_SETUP)
        codes = [f"CD{i:02d}" for i in range(12)]
        first.units.create_many([UnitDraft(code=c, name=f"Công đoàn số {c}", sector="HCSN") for c in codes])
        request = first.tracking.create_request(
            RequestDraft(title="Báo cáo quý IV", issued_on=date(2026, 11, 2), due=date(2026, 11, 30)))
        barrier = threading.Barrier(2, timeout=30)  # one clerk failing must not leave the other waiting
        errors: list[BaseException] = []

        def log(context: object, channel: str) -> None:
            try:
                for code in codes:
                    barrier.wait()
                    context.tracking.receive(request.id, Receipt(code, channel=channel))  # type: ignore[attr-defined]
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=log, args=(c, ch)) for c, ch in ((first, "paper"), (second, "email"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        with first.database.session_factory() as session:
            assert session.scalar(select(func.count()).select_from(SubmissionRow)) == len(codes)
        figures = second.tracking.request(request.id).figures
        assert (figures.expected, figures.received, figures.on_time) == (12, 12, 12)
    finally:
        first.close()
        second.close()
