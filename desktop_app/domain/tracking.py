"""Report tracking (DOMAIN §4): who is asked for a report, who has sent it, who is late.

Pure rules over plain values; the tracking service reads the rows and hands them here, so the figures the
dashboard, the CLI, the matrix, the PDF summary and the benchmark's SQL check show are one computation.

The rules, in the words a clerk would use (docs/huong-dan/theo-doi-bao-cao.md repeats them):

- **Expected** (phải nộp): the CĐCS the request asks (all, some sectors, a list, all but some) that exist on the
  due date — founded on or before it, not dissolved on or before it — minus those exempted (Miễn). So a rate
  never exceeds 100 %.
- **Received** (đã nộp): an expected CĐCS whose report is in and not sent back for correction. A report
  returned for correction (Trả lại để sửa) counts as not received until the corrected copy arrives; then it
  counts once, like any other.
- **On time** (đúng hạn): received, and the day that counts is on or before the due date. The day that counts
  is the day the report arrived; for a corrected report it is the day the first copy arrived when the corrected
  copy came by the correction deadline set when it was returned, otherwise the day the corrected copy came.
- completeness = received ÷ expected, timeliness = on time ÷ expected (DHIS2's reporting rates).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import format_date, search_key

# -- what a submission can be ---------------------------------------------------------------------------
PENDING = "pending"
RECEIVED = "received"
RETURNED = "returned"
EXEMPT = "exempt"
STATUSES = (PENDING, RECEIVED, RETURNED, EXEMPT)

STATUS_LABELS: dict[str, str] = {
    PENDING: _("Chưa nộp"),
    RECEIVED: _("Đã nộp"),
    RETURNED: _("Trả lại để sửa"),
    EXEMPT: _("Miễn"),
}
LATE_LABEL = _("Nộp muộn")

CHANNELS: dict[str, str] = {
    "paper": _("Bản giấy"),
    "email": _("Thư điện tử"),
    "usb": _("USB"),
    "bundle": _("Gói dữ liệu"),
    "zalo": _("Zalo"),
    "other": _("Khác"),
}
DEFAULT_CHANNEL = "paper"

# -- what a request asks for --------------------------------------------------------------------------------
NARRATIVE = "narrative"
FORM = "form"
BOTH = "both"
WHAT_LABELS: dict[str, str] = {
    NARRATIVE: _("Báo cáo bằng văn bản"),
    FORM: _("Biểu mẫu số liệu"),
    BOTH: _("Báo cáo và biểu mẫu"),
}

# -- whom it asks -------------------------------------------------------------------------------------------
ALL = "all"
SECTORS = "sectors"
LISTED = "listed"
ALL_BUT = "all_but"
AUDIENCE_LABELS: dict[str, str] = {
    ALL: _("Tất cả CĐCS"),
    SECTORS: _("Theo khối, ngành"),
    LISTED: _("Danh sách chọn"),
    ALL_BUT: _("Tất cả, trừ một số CĐCS"),
}

# A report sent back for correction is expected back within this many working days (or by the due date, if later).
CORRECTION_WORKING_DAYS = 5
# "Due this week": the dashboard's look-ahead.
DUE_SOON_DAYS = 7
# The start page chases what fell due in the last twelve months: an older request still short of a few reports
# belongs to a closed year (the tracking page keeps it, by year), not to this morning's list.
CHASED_DAYS = 365


@dataclass(frozen=True)
class Audience:
    """Which CĐCS a request asks: all, the units of some sectors, a hand-picked list, or all but some.

    Units are named by uuid (the same in another office's database), sectors by code."""

    kind: str = ALL
    sectors: tuple[str, ...] = ()
    units: tuple[str, ...] = ()

    def asks(self, unit: UnitSpan) -> bool:
        if self.kind == SECTORS:
            return unit.sector in self.sectors
        if self.kind == LISTED:
            return unit.uuid in self.units
        if self.kind == ALL_BUT:
            return unit.uuid not in self.units
        return True

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "sectors": list(self.sectors), "units": list(self.units)}

    @classmethod
    def from_json(cls, data: object) -> Audience:
        if not isinstance(data, dict) or data.get("kind") not in AUDIENCE_LABELS:
            return cls()
        return cls(
            kind=str(data["kind"]),
            sectors=tuple(str(s) for s in data.get("sectors") or ()),
            units=tuple(str(u) for u in data.get("units") or ()),
        )

    def describe(self, sector_names: Mapping[str, str] | None = None) -> str:
        if self.kind == SECTORS:
            names = [(sector_names or {}).get(code, code) for code in self.sectors]
            return _("Khối, ngành: {names}").format(names=", ".join(names))
        if self.kind == LISTED:
            return _("{count} CĐCS được chọn").format(count=len(self.units))
        if self.kind == ALL_BUT:
            return _("Tất cả, trừ {count} CĐCS").format(count=len(self.units))
        return AUDIENCE_LABELS[ALL]


@dataclass(frozen=True)
class UnitSpan:
    """A CĐCS as tracking sees it: who it is and when it existed."""

    uuid: str
    code: str
    name: str
    sector: str | None = None
    founded: date | None = None
    dissolved: date | None = None

    def exists_on(self, day: date) -> bool:
        """Founded on or before ``day`` and not dissolved (or merged away) on or before it."""
        return (self.founded is None or self.founded <= day) and (self.dissolved is None or self.dissolved > day)


class Submission(NamedTuple):
    """Where one CĐCS stands with one request (no record at all means not yet).

    A named tuple rather than a frozen dataclass: a five-year district's figures are made from 45,000 of these, and
    a frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field) took as long as reading the rows."""

    unit_uuid: str
    status: str = PENDING
    received_on: date | None = None  # the copy that counts now (the corrected one after a return)
    first_received_on: date | None = None  # the first copy, kept across a return for correction
    returned_on: date | None = None
    correction_due: date | None = None

    def counted_on(self) -> date | None:
        """The arrival day timeliness looks at (None: not received)."""
        if self.status != RECEIVED or self.received_on is None:
            return None
        if (
            self.returned_on is not None
            and self.first_received_on is not None
            and self.correction_due is not None
            and self.received_on <= self.correction_due
        ):
            return self.first_received_on
        return self.received_on


def correction_deadline(returned_on: date, due: date, add_working_days: Callable[[date, int], date]) -> date:
    """The day a returned report is expected back: ``CORRECTION_WORKING_DAYS`` working days after the return, or
    the due date when that is later (``add_working_days`` is the office's calendar)."""
    return max(add_working_days(returned_on, CORRECTION_WORKING_DAYS), due)


@dataclass(frozen=True)
class Figures:
    """One request's (or one group's) reporting rates."""

    expected: int = 0
    received: int = 0
    on_time: int = 0
    exempt: int = 0
    returned: int = 0
    missing: tuple[UnitSpan, ...] = ()

    @property
    def late(self) -> int:
        return self.received - self.on_time

    @property
    def completeness(self) -> float | None:
        """received ÷ expected (None when nobody is expected)."""
        return self.received / self.expected if self.expected else None

    @property
    def timeliness(self) -> float | None:
        return self.on_time / self.expected if self.expected else None

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.expected + other.expected,
            self.received + other.received,
            self.on_time + other.on_time,
            self.exempt + other.exempt,
            self.returned + other.returned,
            self.missing + other.missing,
        )


def is_asked(audience: Audience, unit: UnitSpan, due: date) -> bool:
    """The request asks this CĐCS and it exists on the due date (exempt or not)."""
    return audience.asks(unit) and unit.exists_on(due)


def asked_units(audience: Audience, units: Iterable[UnitSpan], due: date) -> list[UnitSpan]:
    """The CĐCS the request asks that exist on the due date (exempt ones included)."""
    return [u for u in units if is_asked(audience, u, due)]


def figures(
    due: date, audience: Audience, units: Iterable[UnitSpan], submissions: Mapping[str, Submission],
    last_day: date | None = None,
) -> Figures:
    """The rates of one request: ``submissions`` by unit uuid (a unit absent from it has sent nothing).

    ``last_day`` is the last day that counts as on time: the due date, or the next working day when the due date
    is a weekend or a holiday (``WorkCalendar.next_working_day``; Bộ luật Dân sự 2015, Điều 148)."""
    last_day = last_day or due
    expected = received = on_time = exempt = returned = 0
    missing: list[UnitSpan] = []
    # is_asked inlined, and the audience skipped when it asks everyone: this loop runs once per (request, CĐCS),
    # 12,000 times for a year of a 300-CĐCS district, on every cold read of the dashboard.
    asks = None if audience.kind == ALL else audience.asks
    state_of = submissions.get
    for unit in units:
        if (unit.founded is not None and unit.founded > due) or (unit.dissolved is not None and unit.dissolved <= due):
            continue
        if asks is not None and not asks(unit):
            continue
        state = state_of(unit.uuid)
        if state is None:
            expected += 1
            missing.append(unit)
            continue
        status = state.status
        if status == EXEMPT:
            exempt += 1
            continue
        expected += 1
        counted = state.counted_on()
        if counted is None:
            missing.append(unit)
            if status == RETURNED:
                returned += 1
            continue
        received += 1
        if counted <= last_day:
            on_time += 1
    return Figures(expected, received, on_time, exempt, returned, tuple(missing))


def by_sector(
    due: date, audience: Audience, units: Sequence[UnitSpan], submissions: Mapping[str, Submission],
    last_day: date | None = None,
) -> dict[str | None, Figures]:
    """The same rates, one per sector (None: units without a sector)."""
    groups: dict[str | None, list[UnitSpan]] = defaultdict(list)
    for unit in units:
        groups[unit.sector].append(unit)
    return {sector: figures(due, audience, members, submissions, last_day) for sector, members in groups.items()}


def days_late(counted_on: date | None, due: date, today: date) -> int:
    """Calendar days past the due date: of the arrival, or of today for a report still missing (0 if not late)."""
    return max(0, ((counted_on or today) - due).days)


def line_label(state: Submission | None, due: date, today: date) -> str:
    """What the tracking table says for one CĐCS: «Đã nộp», «Nộp muộn 3 ngày», «Quá hạn 5 ngày»…"""
    status = state.status if state is not None else PENDING
    if status == RECEIVED and state is not None:
        late = days_late(state.counted_on(), due, today)
        return _("Nộp muộn {days} ngày").format(days=late) if late else STATUS_LABELS[RECEIVED]
    if status in (PENDING, RETURNED) and today > due:
        late = days_late(None, due, today)
        if status == RETURNED:
            return _("Trả lại để sửa, quá hạn {days} ngày").format(days=late)
        return _("Quá hạn {days} ngày").format(days=late)
    return STATUS_LABELS[status]


# -- the plan's tasks that ask the CĐCS ------------------------------------------------------------------------

_GRASSROOTS_WORDS = ("cdcs", "cong doan co so", "cac cong doan co so")


def asks_grassroots(who: str) -> bool:
    """A task whose "who" names the CĐCS («Các CĐCS», «BCH công đoàn cơ sở») is a report request candidate."""
    folded = search_key(who)
    return any(word in folded for word in _GRASSROOTS_WORDS)


# -- receiving ------------------------------------------------------------------------------------------------


def receipt_problems(received_on: date, issued_on: date, today: date, backdate_note: str) -> list[str]:
    """Why a received date cannot be recorded (empty: it can). The day a report arrived is a fact: it cannot be
    in the future nor before the request went out, and writing an earlier day than today needs a word why."""
    problems = []
    if received_on > today:
        problems.append(
            _("Ngày nhận {day} ở sau ngày hôm nay ({today}).").format(
                day=format_date(received_on), today=format_date(today))
        )
    if received_on < issued_on:
        problems.append(
            _("Ngày nhận {day} ở trước ngày gửi yêu cầu báo cáo ({issued}).").format(
                day=format_date(received_on), issued=format_date(issued_on))
        )
    if not problems and received_on < today and not backdate_note.strip():
        problems.append(
            _("Ngày nhận {day} là ngày đã qua: hãy ghi chú vì sao ghi lùi ngày (ví dụ «nhận bản giấy hôm đó, nay "
              "mới vào sổ»).").format(day=format_date(received_on))
        )
    return problems


# -- a CĐCS's punctuality over the years ----------------------------------------------------------------------


@dataclass
class Punctuality:
    """How one CĐCS answered the requests it was expected to answer, in one year."""

    year: int
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    exempt: int = 0
    total_days_late: int = 0

    @property
    def timeliness(self) -> float | None:
        return self.on_time / self.expected if self.expected else None


@dataclass(frozen=True)
class RequestFacts:
    """What punctuality and the overview need of one request."""

    uuid: str
    due: date
    audience: Audience
    submissions: Mapping[str, Submission] = field(default_factory=dict)
    last_day: date | None = None  # the last day on time (the due date, or the next working day)

    @property
    def deadline(self) -> date:
        return self.last_day or self.due


def punctuality(
    unit: UnitSpan, requests: Iterable[RequestFacts], today: date
) -> list[Punctuality]:
    """Per year (of the due date), how the unit answered; only requests already due count as missing."""
    years: dict[int, Punctuality] = {}
    for request in requests:
        if not is_asked(request.audience, unit, request.due):
            continue
        year = years.setdefault(request.due.year, Punctuality(request.due.year))
        state = request.submissions.get(unit.uuid)
        if state is not None and state.status == EXEMPT:
            year.exempt += 1
            continue
        counted = state.counted_on() if state is not None else None
        if counted is None:
            if request.deadline < today:
                year.expected += 1
                year.missing += 1
            continue
        year.expected += 1
        if counted <= request.deadline:
            year.on_time += 1
        else:
            year.late += 1
            year.total_days_late += (counted - request.deadline).days
    return [years[y] for y in sorted(years)]


def arrival_offsets(due: date, submissions: Iterable[Submission]) -> Counter[int]:
    """For the chart of arrivals against the deadline: how many reports came n days before (negative) or after
    (positive) the due date."""
    offsets: Counter[int] = Counter()
    for state in submissions:
        counted = state.counted_on()
        if counted is not None:
            offsets[(counted - due).days] += 1
    return offsets


def percent(value: float | None) -> str:
    """«87,5 %» (Vietnamese decimal comma); «—» when nothing is expected."""
    if value is None:
        return "—"
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"
