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
