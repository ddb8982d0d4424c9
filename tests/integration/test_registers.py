"""The outgoing and incoming registers on real databases: numbering, cancelling, arrivals, files."""

from __future__ import annotations

import hashlib
import threading
from datetime import date
from pathlib import Path

import pytest

from desktop_app.bootstrap import AppContext, open_context
from desktop_app.domain.registers import NumberRequest
from desktop_app.services.errors import UserError
from desktop_app.services.registers import IncomingDraft
from tests.conftest import HOME_SETUP, TODAY


def plan(day: date = date(2026, 3, 24), number: int | None = None, summary: str = "Kế hoạch sơ kết") -> NumberRequest:
    return NumberRequest(issued_on=day, type_code="KH", summary=summary, number=number)


def test_numbers_follow_each_other_and_restart_each_year(context: AppContext) -> None:
    registers = context.registers
    first = registers.take_number(plan(date(2025, 12, 30)))
    second = registers.take_number(NumberRequest(date(2025, 12, 31), "BC", "Báo cáo năm"))
    new_year = registers.take_number(plan(date(2026, 1, 2)))
    assert (first.number, second.number, new_year.number) == (1, 2, 1)
    assert first.symbol == "01/KH-LĐLĐ"
    assert second.symbol == "02/BC-LĐLĐ"
    letter = registers.take_number(NumberRequest(date(2026, 1, 5), None, "V/v đôn đốc báo cáo", drafting_office="VP"))
    assert letter.symbol == "02/LĐLĐ-VP"
    assert [e.number for e in registers.outgoing(2026)] == [1, 2]


def test_a_cancelled_number_stays_and_is_never_given_again(context: AppContext) -> None:
    registers = context.registers
    entries = [registers.take_number(plan()) for _ in range(3)]
    cancelled = registers.cancel_number(entries[2].id, "Ký nhầm, ban hành lại")
    assert cancelled.cancelled and cancelled.cancelled_on == TODAY
    following = registers.take_number(plan())
    assert following.number == 4
    with pytest.raises(UserError, match="đã có trong sổ văn bản đi"):
        registers.take_number(plan(number=3))
    with pytest.raises(UserError, match="đã hủy"):
        registers.cancel_number(entries[2].id, "lần nữa")
    with pytest.raises(UserError, match="lý do"):
        registers.cancel_number(entries[1].id, "  ")
    statuses = [(e.number, e.status) for e in registers.outgoing(2026)]
    assert statuses == [(1, "issued"), (2, "issued"), (3, "cancelled"), (4, "issued")]


def test_a_typed_number_is_accepted_when_free(context: AppContext) -> None:
    registers = context.registers
    registers.take_number(plan())
    typed = registers.take_number(plan(number=94))
    assert typed.symbol == "94/KH-LĐLĐ"
    assert registers.take_number(plan()).number == 95


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (NumberRequest(date(2026, 3, 1), "KH", "   "), "trích yếu"),
        (NumberRequest(date(2026, 3, 1), None, "V/v đôn đốc"), "đơn vị soạn thảo"),
        (NumberRequest(date(2027, 1, 1), "KH", "Kế hoạch"), "sau ngày hôm nay"),
        (NumberRequest(date(2026, 3, 1), "KH", "Kế hoạch", number=0), "từ 1 trở lên"),
    ],
)
def test_bad_number_requests_are_refused_and_change_nothing(context: AppContext, request_: NumberRequest,
                                                           message: str) -> None:
    with pytest.raises(UserError, match=message):
        context.registers.take_number(request_)
    assert context.registers.outgoing(request_.issued_on.year) == []


def _take_concurrently(url: str, count: int) -> list[int]:
    taken: list[int] = []
    errors: list[BaseException] = []

    def clerk() -> None:
        context = open_context(url, clock=lambda: TODAY)
        try:
            for _ in range(count):
                taken.append(context.registers.take_number(plan()).number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            context.close()

    threads = [threading.Thread(target=clerk) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return taken


def test_two_clerks_never_get_the_same_number_on_sqlite(context: AppContext, db_path: Path) -> None:
    from desktop_app.persistence.database import sqlite_url

    taken = _take_concurrently(sqlite_url(db_path), 10)
    assert sorted(taken) == list(range(1, 31))


@pytest.mark.postgres
def test_clerks_never_get_the_same_number_on_postgres(pg_url: str) -> None:
    context = open_context(pg_url, clock=lambda: TODAY)
    context.office.set_up(HOME_SETUP)
    context.close()
    taken = _take_concurrently(pg_url, 10)
    assert sorted(taken) == list(range(1, 31))


def test_incoming_register_numbers_arrivals_and_keeps_file_copies(context: AppContext, tmp_path: Path) -> None:
    attachment = tmp_path / "KH 213 LĐLĐ tỉnh.pdf"
    attachment.write_bytes(b"%PDF-1.4 a province plan")
    entry = context.registers.register_incoming(
        IncomingDraft(
            arrived_on=date(2026, 3, 23),
            sender="Ban Thường vụ Liên đoàn Lao động tỉnh Tây Ninh",
            summary="Kế hoạch thực hiện Chương trình hành động số 13-CTr/TU",
            their_symbol="213/KH - LĐLĐ",
            their_date=date(2026, 3, 22),
            deadline_text="báo cáo trước ngày 10/12/2026",
            deadline=date(2026, 12, 10),
        ),
        [attachment],
    )
    second = context.registers.register_incoming(IncomingDraft(date(2026, 3, 25), "Huyện ủy", "Thông báo"))
    assert (entry.arrival_number, second.arrival_number) == (1, 2)
    assert entry.their_symbol == "213/KH-LĐLĐ"
    assert entry.files[0].file_name == "KH 213 LĐLĐ tỉnh.pdf"
    stored = context.registers.incoming_file_content(entry.files[0].id)
    assert stored == attachment.read_bytes()
    assert entry.files[0].sha256 == hashlib.sha256(stored).hexdigest()
    assert [e.arrival_number for e in context.registers.incoming(2026)] == [1, 2]


def test_bad_arrivals_are_refused_and_change_nothing(context: AppContext, tmp_path: Path) -> None:
    with pytest.raises(UserError) as failure:
        context.registers.register_incoming(
            IncomingDraft(arrived_on=date(2026, 3, 1), sender=" ", summary="", their_date=date(2026, 3, 5))
        )
    text = str(failure.value)
    assert "nơi gửi" in text and "trích yếu" in text and "ở sau ngày văn bản đến" in text
    with pytest.raises(UserError, match="Không đọc được tệp"):
        context.registers.register_incoming(IncomingDraft(date(2026, 3, 1), "Huyện ủy", "Thông báo"),
                                            [tmp_path / "không có.pdf"])
    assert context.registers.incoming(2026) == []


def test_the_number_of_an_issued_document_cannot_be_cancelled(demo_context: AppContext) -> None:
    """The printed plan carries 94/KH-LĐLĐ: the register must not say that number was never used."""
    (line,) = [e for e in demo_context.registers.outgoing(2021) if e.symbol == "94/KH-LĐLĐ"]
    with pytest.raises(UserError, match="94/KH-LĐLĐ là số của một văn bản đã ban hành nên không hủy được"):
        demo_context.registers.cancel_number(line.id, "Nhầm")
    (again,) = [e for e in demo_context.registers.outgoing(2021) if e.symbol == "94/KH-LĐLĐ"]
    assert not again.cancelled and again.cancel_reason in ("", None)


def test_the_registers_name_the_years_that_have_entries_newest_first(context: AppContext) -> None:
    registers = context.registers
    assert registers.outgoing_years() == [] and registers.incoming_years() == []
    registers.take_number(plan(date(2024, 5, 2)))
    registers.take_number(plan(date(2025, 1, 3)))
    registers.take_number(plan(date(2024, 6, 2)))
    registers.register_incoming(IncomingDraft(date(2023, 4, 1), "LĐLĐ tỉnh", "Công văn đôn đốc"))
    assert registers.outgoing_years() == [2025, 2024]
    assert registers.incoming_years() == [2023]
