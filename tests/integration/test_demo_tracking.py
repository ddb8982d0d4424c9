"""The demo office's report tracking: two years of requests made from its plans' tasks, answered the way a real
district answers (mostly on time, some late, some missing, a few sent back or excused)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop_app import paths
from desktop_app.bootstrap import AppContext, open_context
from desktop_app.domain.tracking import EXEMPT, RECEIVED, punctuality
from desktop_app.persistence.database import sqlite_url
from desktop_app.services.demo import load_demo
from desktop_app.services.demo_content import DemoContentError
from tests.conftest import TODAY


def test_requests_cover_both_years_and_those_from_plans_keep_their_task(demo_context: AppContext) -> None:
    tracking = demo_context.tracking
    assert {2025, 2026} <= set(tracking.years())
    requests = tracking.requests()
    from_plans = [r for r in requests if r.task_uuid is not None]
    assert {r.due.year for r in from_plans} == {2025, 2026}
    assert len(requests) - len(from_plans) >= 3  # a few asked on their own, not from a plan
    plans = {d.symbol: d for d in demo_context.documents.list_documents() if d.symbol}
    for request in from_plans:
        plan = next(p for p in plans.values() if request.document_symbol == p.symbol)
        tasks = {t.uuid: t for t in demo_context.documents.tasks(plan.id)}
        # The request points at the very task it was made from, and asks what and by when that task says.
        task = tasks[request.task_uuid or ""]
        assert task.due == request.due
        assert request.title == task.text
        assert "CĐCS" in task.who or "công đoàn cơ sở" in task.who


def test_the_figures_look_like_a_real_district(demo_context: AppContext) -> None:
    expected = received = on_time = missing = exempt = 0
    for request in demo_context.tracking.requests():
        if request.last_day >= TODAY:
            continue  # still open: not yet a fair count
        f = request.figures
        assert f.expected > 0
        expected, received, on_time = expected + f.expected, received + f.received, on_time + f.on_time
        missing, exempt = missing + len(f.missing), exempt + f.exempt
    assert 0.10 <= missing / expected <= 0.15
    assert 0.70 <= on_time / expected <= 0.90
    assert received - on_time > 0.05 * expected  # late ones, not a handful
    assert exempt > 0


def test_returned_reports_came_back_and_arrivals_were_backdated_with_a_note(demo_context: AppContext) -> None:
    tracking = demo_context.tracking
    statuses: set[str] = set()
    resubmitted = 0
    channels: set[str] = set()
    for request in tracking.requests():
        for line in tracking.status(request.id).lines:
            if line.state is None:
                continue
            statuses.add(line.status)
            if line.status == EXEMPT:
                assert line.exempt_reason
            if line.status == RECEIVED:
                channels.add(line.channel)
                assert line.received_on is not None and line.received_on <= TODAY
                assert line.received_on >= request.issued_on
                if line.received_on < TODAY:
                    assert line.backdate_note
                if line.state.returned_on is not None:
                    resubmitted += 1
    assert {RECEIVED, EXEMPT} <= statuses
    assert resubmitted >= 3
    assert len(channels) >= 4


def test_the_demo_day_has_overdue_and_due_this_week_requests(demo_context: AppContext) -> None:
    board = demo_context.tracking.dashboard()
    assert board.today == TODAY
    assert board.overdue and board.due_soon
    assert all(r.due <= date(2026, 11, 28) for r in board.due_soon)
    assert "quá hạn" in board.notice and "đến hạn trong tuần" in board.notice


def test_some_cdcs_are_chronically_late(demo_context: AppContext) -> None:
    units, _requests, facts = demo_context.tracking.facts([2025, 2026])
    chronic = []
    for unit in units:
        years = {p.year: p for p in punctuality(unit, facts, TODAY)}
        if all(year in years and years[year].expected >= 5 and years[year].late >= years[year].expected // 2
               for year in (2025, 2026)):
            chronic.append(unit.code)
    assert 1 <= len(chronic) <= 12


def test_the_demo_is_the_same_on_every_build(demo_context: AppContext, tmp_path: Path) -> None:
    """A second build on the same day (a fresh database) logs the same arrivals, day by day."""

    def arrivals(context: AppContext) -> list[tuple[str, str, str, date | None]]:
        return [
            (request.title, line.unit.code, line.status, line.received_on)
            for request in context.tracking.requests()
            for line in context.tracking.status(request.id).lines
            if line.state is not None
        ]

    other = open_context(sqlite_url(tmp_path / "again.sqlite"), clock=lambda: TODAY)
    try:
        load_demo(other)
        assert arrivals(other) == arrivals(demo_context)
    finally:
        other.close()


@pytest.mark.parametrize("day", [date(2024, 12, 2), date(2025, 6, 1), date(2027, 3, 15)])
def test_built_on_another_day_it_holds_only_what_has_happened_and_something_is_due(
    tmp_path: Path, day: date
) -> None:
    """The demo is built on the computer's today: nothing dated after it, and a request due this week."""
    context = open_context(sqlite_url(tmp_path / "demo.sqlite"), clock=lambda: day)
    try:
        load_demo(context)
        requests = context.tracking.requests()
        assert all(r.issued_on <= day for r in requests)
        assert context.tracking.dashboard().due_soon
        for request in requests:
            assert all(line.received_on is None or line.received_on <= day
                       for line in context.tracking.status(request.id).lines)
    finally:
        context.close()


@pytest.fixture
def demo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of resources/demo/ that the demo is read from, for a test to damage."""
    folder = tmp_path / "demo-content"
    shutil.copytree(Path(__file__).resolve().parents[2] / "resources" / "demo", folder)
    monkeypatch.setattr(paths, "demo_dir", lambda: folder)
    return folder


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda path: path.unlink(), "Thiếu tệp dữ liệu mẫu"),
        (lambda path: _edit(path, lambda d: d["plans"][0]["requests"].append({"task": 1})), "nhiệm vụ số 1"),
        (lambda path: _edit(path, lambda d: d["channels"].update(fax=0.1)), "«fax»"),
        (lambda path: _edit(path, lambda d: d.pop("seed")), "thiếu mục «seed»"),
    ],
)
def test_a_damaged_tracking_file_is_refused_before_anything_is_written(
    demo_folder: Path, empty_context: AppContext, damage: Callable[[Path], object], expected: str
) -> None:
    damage(demo_folder / "tracking.json")
    with pytest.raises(DemoContentError) as caught:
        load_demo(empty_context)
    assert expected in str(caught.value) and "tracking.json" in str(caught.value)
    assert not empty_context.office.is_set_up()
    assert empty_context.units.list_units() == []


def _edit(path: Path, change: Callable[[dict[str, Any]], object]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
