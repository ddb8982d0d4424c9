"""Vietnamese working days for deadlines and slack: Mon–Fri minus public holidays (the ``holidays`` package,
Tết by the lunar calendar), with the government's yearly swaps and an office's own days as data on top."""

from __future__ import annotations

import bisect
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import format_date

__all__ = [
    "OVERRIDES_FORMAT",
    "DayOverride",
    "LibraryYear",
    "WorkCalendar",
    "WorkdaysDataError",
    "library_year",
    "load_overrides",
    "merge_overrides",
    "overrides_from_data",
]

# The "format" number of a days-off file; a file of another number is refused rather than half-read.
OVERRIDES_FORMAT = 1

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ENTRY_KEYS = frozenset({"date", "working", "note"})
_FILE_KEYS = frozenset({"format", "days", "notes"})


class WorkdaysDataError(ValueError):
    """A days-off data file that cannot be used; the message says which file, which entry and what is wrong."""


@dataclass(frozen=True)
class DayOverride:
    """One day decided on top of the holiday law: a weekend day made a working day (ngày làm bù) or an extra
    day off (nghỉ bù, a day swapped for a Saturday, an office's own day off)."""

    day: date
    working: bool
    note: str = ""


@dataclass(frozen=True)
class _Year:
    """Everything one calendar year contributes, built once: counting a span then needs two bisections."""

    names: Mapping[date, str]  # every day off of the year with its name, weekends included
    off_weekdays: tuple[date, ...]  # Mon–Fri days that are not worked, sorted
    working_weekends: tuple[date, ...]  # Sat–Sun days that are worked, sorted
    working_names: Mapping[date, str]


def _weekdays_after(start: date, end: date) -> int:
    """Mon–Fri days d with start < d <= end (end >= start), without walking the span."""
    full_weeks, extra = divmod((end - start).days, 7)
    weekday = start.weekday()
    return full_weeks * 5 + sum(1 for step in range(1, extra + 1) if (weekday + step) % 7 < 5)


def _count_in(days: tuple[date, ...], start: date, end: date) -> int:
    """How many of the sorted ``days`` fall in (start, end]."""
    return bisect.bisect_right(days, end) - bisect.bisect_right(days, start)


class WorkCalendar:
    """Vietnamese working days: Mon–Fri minus public holidays (holidays.country_holidays('VN', language='vi'),
    Tết by the lunar calendar), with the government's yearly swaps and compensatory days as data on top.

    ``overrides`` win over the library; of two overrides for one day the later wins (``merge_overrides``
    builds the list so that an office's own edits come last)."""

    def __init__(
        self, overrides: Iterable[DayOverride] = (), library: Callable[[int], LibraryYear] | None = None
    ) -> None:
        # ``library``: what the holiday law gives a year (``library_year`` unless a cache of it is given).
        self._library = library or library_year
        self._overrides: dict[date, DayOverride] = {}
        for override in overrides:
            self._overrides[override.day] = override
        self._years: dict[int, _Year] = {}
        # Lists are counted from worker threads too; a year is built once, not once per thread.
        self._lock = threading.Lock()

    def is_working_day(self, day: date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override.working
        year = self._year(day.year)
        if day.weekday() >= 5:
            return day in year.working_names
        return day not in year.names

    def day_off_name(self, day: date) -> str | None:
        """Why ``day`` is not worked: the holiday's Vietnamese name or the override's note; ``None`` for a
        working day and for an ordinary Saturday or Sunday."""
        override = self._overrides.get(day)
        if override is not None:
            return None if override.working else override.note or _("Ngày nghỉ theo quyết định")
        if not self.is_working_day(day):
            return self._year(day.year).names.get(day)
        return None

    def working_days_between(self, start: date, end: date) -> int:
        """Working days strictly after ``start`` up to and including ``end``; negative when ``end`` is before
        ``start`` (same meaning as domain.deadlines.working_days_between)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = _weekdays_after(start, end)
        for number in range(start.year, end.year + 1):
            year = self._year(number)
            count -= _count_in(year.off_weekdays, start, end)
            count += _count_in(year.working_weekends, start, end)
        return count

    def add_working_days(self, start: date, count: int) -> date:
        """The day ``count`` working days after ``start`` (``start`` itself for 0): the first day by which
        ``count`` working days have passed, so the result is always a working day when ``count`` > 0."""
        if count < 0:
            raise ValueError(_("Số ngày làm việc cần cộng phải không âm (nhận được {count}).").format(count=count))
        if count == 0:
            return start
        # Exponential then binary search on the O(years) count: no walk over the span, whatever its length.
        step = count + count // 2 + 14
        high = start + timedelta(days=step)
        while self.working_days_between(start, high) < count:
            step *= 2
            high = start + timedelta(days=step)
        low = start
        while (high - low).days > 1:
            middle = low + timedelta(days=(high - low).days // 2)
            if self.working_days_between(start, middle) >= count:
                high = middle
            else:
                low = middle
        return high

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is worked, otherwise the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def days_off(self, year: int) -> list[tuple[date, str]]:
        """The year's holidays and override days off with their names, sorted; holidays on a weekend are listed
        too (Tết's days are named even on a Sunday), days an override makes working are not."""
        listed = {day: name for day, name in self._year(year).names.items() if not self.is_working_day(day)}
        for override in self._overrides.values():
            if override.day.year == year and not override.working:
                listed[override.day] = override.note or _("Ngày nghỉ theo quyết định")
        return sorted(listed.items())

    def swapped_working_days(self, year: int) -> list[tuple[date, str]]:
        """Saturdays and Sundays of ``year`` that are worked (ngày làm bù), with what they make up for."""
        built = self._year(year)
        listed = {day: name for day, name in built.working_names.items() if day not in self._overrides}
        for override in self._overrides.values():
            if override.day.year == year and override.working and override.day.weekday() >= 5:
                listed[override.day] = override.note or _("Ngày làm việc bù")
        return sorted(listed.items())

    def _year(self, number: int) -> _Year:
        built = self._years.get(number)
        if built is None:
            with self._lock:
                built = self._years.get(number)
                if built is None:
                    built = self._build_year(number)
                    self._years[number] = built
        return built

    def _build_year(self, number: int) -> _Year:
        names, working_names = self._library(number)
        overridden = self._overrides
        off_weekdays = tuple(
            sorted(
                {day for day in names if day.weekday() < 5 and day not in overridden}
                | {o.day for o in overridden.values() if o.day.year == number and not o.working and o.day.weekday() < 5}
            )
        )
        working_weekends = tuple(
            sorted(
                {day for day in working_names if day not in overridden}
                | {o.day for o in overridden.values() if o.day.year == number and o.working and o.day.weekday() >= 5}
            )
        )
        return _Year(names=names, off_weekdays=off_weekdays, working_weekends=working_weekends,
                     working_names=working_names)


class LibraryYear(NamedTuple):
    """What the holiday law says of one year: its days off with their names (weekends included) and the weekend
    days worked instead of a day off, with what they make up for."""

    names: dict[date, str]
    working_names: dict[date, str]


def library_year(number: int) -> LibraryYear:
    """The ``holidays`` package's Vietnamese holidays of year ``number``, in Vietnamese."""
    # Imported here: the package costs ~0.1 s to import, which start-up should not pay before any count.
    import holidays as holiday_library

    # A swap can cross New Year (a Saturday of December made up for 2 January): the library records the
    # worked Saturday when it fills the following year, so both years are filled.
    filled = [number, number + 1] if number < date.max.year else [number]
    library = holiday_library.country_holidays("VN", years=filled, language="vi")
    names = {day: str(name) for day, name in library.items() if day.year == number}
    working_names: dict[date, str] = {}
    for worked in sorted(library.weekend_workdays):
        if worked.year != number:
            continue
        stamp = worked.strftime("%d/%m/%Y")
        instead = sorted(day for day, name in library.items() if stamp in str(name))
        working_names[worked] = (
            _("Ngày làm việc bù cho ngày nghỉ {day}").format(day=format_date(instead[0]))
            if instead
            else _("Ngày làm việc bù")
        )
    return LibraryYear(names, working_names)


def merge_overrides(shipped: Iterable[DayOverride], office: Iterable[DayOverride]) -> tuple[DayOverride, ...]:
    """Shipped decisions with the office's own edits on top: for a day both name, the office's entry wins."""
    merged = {override.day: override for override in shipped}
    merged.update({override.day: override for override in office})
    return tuple(sorted(merged.values(), key=lambda o: o.day))


def overrides_from_data(data: object, source: str) -> tuple[DayOverride, ...]:
    """The days of a parsed days-off file (format 1); ``WorkdaysDataError`` naming ``source`` and the entry."""
    if not isinstance(data, dict):
        raise WorkdaysDataError(
            _("Tệp ngày nghỉ «{source}»: cần một đối tượng JSON có «format» và «days».").format(source=source)
        )
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise WorkdaysDataError(
            _("Tệp ngày nghỉ «{source}»: khóa không dùng được: {keys} (chỉ có «format», «days», «notes»).").format(
                source=source, keys=", ".join(f"«{key}»" for key in unknown)
            )
        )
    if "format" not in data:
        raise WorkdaysDataError(_("Tệp ngày nghỉ «{source}»: thiếu «format».").format(source=source))
    version = data["format"]
    if type(version) is not int or version != OVERRIDES_FORMAT:
        raise WorkdaysDataError(
            _("Tệp ngày nghỉ «{source}»: «format» là {found}, phần mềm này chỉ đọc được định dạng {expected}.").format(
                source=source, found=json.dumps(version, ensure_ascii=False), expected=OVERRIDES_FORMAT
            )
        )
    if "notes" in data and not isinstance(data["notes"], str):
        raise WorkdaysDataError(_("Tệp ngày nghỉ «{source}»: «notes» phải là chuỗi chữ.").format(source=source))
    days = data.get("days")
    if not isinstance(days, list):
        raise WorkdaysDataError(
            _("Tệp ngày nghỉ «{source}»: cần danh sách «days» (có thể rỗng).").format(source=source)
        )
    read: dict[date, int] = {}
    result: list[DayOverride] = []
    for number, entry in enumerate(days, start=1):
        where = _("Tệp ngày nghỉ «{source}», mục {number}").format(source=source, number=number)
        override = _override_from_entry(entry, where)
        if override.day in read:
            raise WorkdaysDataError(
                _("{where}: ngày {day} đã có ở mục {first}; mỗi ngày chỉ ghi một lần.").format(
                    where=where, day=format_date(override.day), first=read[override.day]
                )
            )
        read[override.day] = number
        result.append(override)
    return tuple(sorted(result, key=lambda o: o.day))


def _override_from_entry(entry: object, where: str) -> DayOverride:
    if not isinstance(entry, dict):
        raise WorkdaysDataError(
            _('{where}: cần dạng {{"date": "YYYY-MM-DD", "working": false, "note": "..."}}.').format(where=where)
        )
    unknown = sorted(set(entry) - _ENTRY_KEYS)
    if unknown:
        raise WorkdaysDataError(
            _("{where}: khóa không dùng được: {keys} (chỉ có «date», «working», «note»).").format(
                where=where, keys=", ".join(f"«{key}»" for key in unknown)
            )
        )
    for key in ("date", "working"):
        if key not in entry:
            raise WorkdaysDataError(_("{where}: thiếu «{key}».").format(where=where, key=key))
    text = entry["date"]
    day: date | None = None
    if isinstance(text, str) and _ISO_DATE.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            day = None
    if day is None:
        raise WorkdaysDataError(
            _("{where}: «date» là {found}, không phải một ngày có thật dạng YYYY-MM-DD (ví dụ 2026-02-16).").format(
                where=where, found=json.dumps(text, ensure_ascii=False)
            )
        )
    working = entry["working"]
    if not isinstance(working, bool):
        raise WorkdaysDataError(
            _("{where} ({day}): «working» phải là true (ngày làm bù) hoặc false (ngày nghỉ).").format(
                where=where, day=format_date(day)
            )
        )
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise WorkdaysDataError(
            _("{where} ({day}): «note» phải là chuỗi chữ.").format(where=where, day=format_date(day))
        )
    return DayOverride(day=day, working=working, note=note.strip())


def load_overrides(path: Path) -> tuple[DayOverride, ...]:
    """The days of the days-off file at ``path``; ``WorkdaysDataError`` saying which file, which entry and what
    is wrong when it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise WorkdaysDataError(
            _("Không đọc được tệp ngày nghỉ «{path}»: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from None
    except UnicodeDecodeError:
        raise WorkdaysDataError(_("Tệp ngày nghỉ «{path}» không phải văn bản UTF-8.").format(path=path)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorkdaysDataError(
            _("Tệp ngày nghỉ «{path}» sai cú pháp JSON ở dòng {line}, cột {column}.").format(
                path=path, line=exc.lineno, column=exc.colno
            )
        ) from None
    return overrides_from_data(data, str(path))
