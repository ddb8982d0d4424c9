"""Rules of the office's registers: the outgoing register's numbering and the incoming register's.

One outgoing register per office: every outgoing document takes the next number of the calendar year,
numbers restart at 1 on 1 January, a number is never given twice and a cancelled number stays in the
register, marked (Decree 30/2020, ND30_LAYOUT.md "Numbers and symbols"). The incoming register counts
arrivals the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.i18n import _

# Statuses of an outgoing register line.
ISSUED = "issued"
CANCELLED = "cancelled"


def next_number(taken: Iterable[int]) -> int:
    """The next number of a year: one above the highest ever taken (cancelled ones included)."""
    return max(taken, default=0) + 1


@dataclass(frozen=True)
class NumberRequest:
    """What the clerk asks the outgoing register for."""

    issued_on: date
    type_code: str | None
    summary: str
    drafting_office: str | None = None
    number: int | None = None  # a number typed by hand (a paper document issued earlier); None: the next one


def number_problems(request: NumberRequest, taken_this_year: set[int], today: date) -> list[str]:
    """Why a number request cannot be granted (Vietnamese), or an empty list."""
    problems: list[str] = []
    if not request.summary.strip():
        problems.append(_("Chưa có trích yếu (tóm tắt nội dung) của văn bản."))
    if not request.type_code and not (request.drafting_office or "").strip():
        problems.append(_("Công văn cần ghi đơn vị soạn thảo trong ký hiệu (ví dụ VP trong 12/LĐLĐ-VP)."))
    if request.issued_on > today:
        problems.append(_("Ngày ban hành ở sau ngày hôm nay."))
    if request.number is not None:
        if request.number < 1:
            problems.append(_("Số văn bản phải từ 1 trở lên."))
        elif request.number in taken_this_year:
            problems.append(
                _("Số {number:02d} năm {year} đã có trong sổ văn bản đi; mỗi số chỉ dùng một lần.").format(
                    number=request.number, year=request.issued_on.year
                )
            )
    return problems
