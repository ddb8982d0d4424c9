"""What tracking keeps between reads never hides a change: another clerk's receipt, a reset, a CĐCS dissolved,
a day off added to the calendar all show in the next figures, dashboard and matrix."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from desktop_app.bootstrap import AppContext, open_context
from desktop_app.persistence.database import sqlite_url
from desktop_app.services.tracking import Receipt
from tests.conftest import TODAY


@pytest.fixture
def other_clerk(demo_context: AppContext) -> Iterator[AppContext]:
    """A second window on the same database file (its own services, its own kept reads)."""
    assert demo_context.database.path is not None
    context = open_context(sqlite_url(demo_context.database.path), clock=lambda: TODAY)
    yield context
    context.close()


def _due_soon(context: AppContext) -> int:
    return next(r.id for r in context.tracking.dashboard().due_soon)


def test_another_clerks_receipt_and_reset_show_in_the_next_read(
    demo_context: AppContext, other_clerk: AppContext
) -> None:
    request_id = _due_soon(demo_context)
    before = demo_context.tracking.request(request_id).figures
    other_clerk.tracking.dashboard()  # its reads are kept now
    unit = before.missing[0]
    demo_context.tracking.receive(request_id, Receipt(unit.code, TODAY, "email"))
    after = other_clerk.tracking.request(request_id).figures
    assert after.received == before.received + 1 and unit not in after.missing
    cells = other_clerk.tracking.matrix(TODAY.year)
    request = next(r for r in cells.requests if r.id == request_id)
    assert cells.cell(unit, request).code == "on_time"
    demo_context.tracking.reset(request_id, [unit.code], "ghi nhầm đơn vị")
    again = other_clerk.tracking.request(request_id).figures
    assert again.received == before.received and unit in again.missing


def test_a_dissolved_cdcs_and_a_day_off_change_the_figures(demo_context: AppContext, other_clerk: AppContext) -> None:
    request_id = _due_soon(demo_context)
    request = other_clerk.tracking.request(request_id)
    unit = request.figures.missing[0]
    record = next(u for u in demo_context.units.list_units() if u.code == unit.code)
    demo_context.units.dissolve(record.id, date(2026, 11, 1), "Doanh nghiệp giải thể")
    assert other_clerk.tracking.request(request_id).figures.expected == request.figures.expected - 1
    demo_context.tracking.set_office_day(request.due, working=False, note="Nghỉ theo thông báo của huyện")
    assert other_clerk.tracking.request(request_id).last_day > request.due
