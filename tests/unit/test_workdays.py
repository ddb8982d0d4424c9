"""Vietnamese working days: what the slack of a report request and its due dates are counted with."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.workdays import (
    DayOverride,
    WorkCalendar,
    WorkdaysDataError,
    load_overrides,
    merge_overrides,
)
from desktop_app.files.workdays import shipped_overrides, shipped_overrides_path

LIBRARY = WorkCalendar()


def write(tmp_path: Path, content: object, name: str = "ngay_nghi.json") -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


# --- the library's holidays --------------------------------------------------------------------------------


def test_tet_2026_is_five_weekdays_off_between_two_weekends() -> None:
    for day in range(16, 21):
        assert not LIBRARY.is_working_day(date(2026, 2, day))
        assert LIBRARY.day_off_name(date(2026, 2, day))
    assert LIBRARY.day_off_name(date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert LIBRARY.is_working_day(date(2026, 2, 13))
    assert LIBRARY.is_working_day(date(2026, 2, 23))
    # The Friday before and the Monday after: nothing in between is worked.
    assert LIBRARY.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


def test_national_day_is_off_with_its_adjacent_day() -> None:
    assert LIBRARY.day_off_name(date(2025, 9, 2)) == "Quốc khánh"
    assert not LIBRARY.is_working_day(date(2025, 9, 1))
    assert not LIBRARY.is_working_day(date(2026, 9, 2))
    assert LIBRARY.is_working_day(date(2025, 9, 3))


def test_an_ordinary_weekend_and_an_ordinary_weekday_have_no_day_off_name() -> None:
    assert not LIBRARY.is_working_day(date(2025, 3, 8))
    assert LIBRARY.day_off_name(date(2025, 3, 8)) is None
    assert LIBRARY.day_off_name(date(2025, 3, 10)) is None


def test_the_librarys_swaps_make_a_saturday_worked_and_a_weekday_off() -> None:
    # 2025: Friday 2/5 off, worked on Saturday 26/4 instead.
    assert LIBRARY.is_working_day(date(2025, 4, 26))
    assert not LIBRARY.is_working_day(date(2025, 5, 2))
    assert LIBRARY.swapped_working_days(2024) == [(date(2024, 5, 4), "Ngày làm việc bù cho ngày nghỉ 29/04/2024")]
    assert LIBRARY.day_off_name(date(2025, 4, 26)) is None


def test_days_off_of_a_year_are_sorted_and_name_every_day() -> None:
    listed = LIBRARY.days_off(2026)
    days = [day for day, _ in listed]
    assert days == sorted(days)
    assert all(name for _, name in listed)
    assert {date(2026, 2, day) for day in range(16, 21)} <= set(days)
    assert date(2026, 9, 2) in days and date(2026, 1, 1) in days
    assert all(day.year == 2026 for day in days)


# --- overrides -----------------------------------------------------------------------------------------------


def test_a_saturday_made_working_by_an_override_counts() -> None:
    saturday = date(2025, 3, 8)
    calendar = WorkCalendar([DayOverride(saturday, working=True, note="Làm bù")])
    assert calendar.is_working_day(saturday)
    assert calendar.day_off_name(saturday) is None
    # Friday 7/3 to Monday 10/3: the Saturday and the Monday.
    assert calendar.working_days_between(date(2025, 3, 7), date(2025, 3, 10)) == 2
    assert LIBRARY.working_days_between(date(2025, 3, 7), date(2025, 3, 10)) == 1
    assert calendar.swapped_working_days(2025) == [(saturday, "Làm bù"),
                                                   (date(2025, 4, 26), "Ngày làm việc bù cho ngày nghỉ 02/05/2025")]
    assert calendar.add_working_days(date(2025, 3, 7), 1) == saturday


def test_an_extra_day_off_is_named_by_its_note_and_not_counted() -> None:
    monday = date(2025, 3, 10)
    calendar = WorkCalendar([DayOverride(monday, working=False, note="Nghỉ bù theo quyết định của tỉnh")])
    assert calendar.day_off_name(monday) == "Nghỉ bù theo quyết định của tỉnh"
    assert calendar.working_days_between(date(2025, 3, 7), date(2025, 3, 11)) == 1
    assert (monday, "Nghỉ bù theo quyết định của tỉnh") in calendar.days_off(2025)
    assert WorkCalendar([DayOverride(monday, working=False)]).day_off_name(monday)


def test_an_override_can_make_a_holiday_worked_and_it_leaves_the_days_off_list() -> None:
    calendar = WorkCalendar([DayOverride(date(2026, 2, 20), working=True, note="Trực")])
    assert calendar.is_working_day(date(2026, 2, 20))
    assert date(2026, 2, 20) not in [day for day, _ in calendar.days_off(2026)]
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 2


def test_an_office_override_beats_a_shipped_one_for_the_same_day() -> None:
    shipped = (DayOverride(date(2026, 1, 2), working=False, note="Nghỉ Tết Dương lịch"),
               DayOverride(date(2026, 1, 10), working=True, note="Làm bù"))
    office = (DayOverride(date(2026, 1, 2), working=True, note="Văn phòng vẫn làm việc"),)
    merged = merge_overrides(shipped, office)
    assert merged == (office[0], shipped[1])
    calendar = WorkCalendar(merged)
    assert calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_working_day(date(2026, 1, 10))
    assert not WorkCalendar(merge_overrides(office, shipped)).is_working_day(date(2026, 1, 2))


# --- counting ------------------------------------------------------------------------------------------------


def test_working_days_over_a_year_boundary_against_a_hand_count() -> None:
    # Fri 27/12/2024 → Mon 6/1/2025: 30, 31 Dec, (1 Jan off), 2, 3, 6 Jan.
    assert LIBRARY.working_days_between(date(2024, 12, 27), date(2025, 1, 6)) == 5
    # With the shipped 2026 swap: 31/12/2025 → Fri 9/1/2026 is 5–9 Jan only (1 and 2 Jan off).
    calendar = WorkCalendar(shipped_overrides())
    assert calendar.working_days_between(date(2025, 12, 31), date(2026, 1, 9)) == 5
    assert LIBRARY.working_days_between(date(2025, 12, 31), date(2026, 1, 9)) == 6
    # …and the Saturday 10/1 it is made up on counts.
    assert calendar.working_days_between(date(2025, 12, 31), date(2026, 1, 12)) == 7


def test_working_days_across_tet_against_a_hand_count() -> None:
    # Fri 24/1/2025 → Fri 7/2/2025: 27–31 Jan is Tết, 3–7 Feb are worked.
    assert LIBRARY.working_days_between(date(2025, 1, 24), date(2025, 2, 7)) == 5
    # Tue 10/2/2026 → Fri 27/2/2026: 11, 12, 13 Feb, then 23–27 Feb.
    assert LIBRARY.working_days_between(date(2026, 2, 10), date(2026, 2, 27)) == 8


def test_a_span_backwards_is_negative_and_a_day_to_itself_is_zero() -> None:
    assert LIBRARY.working_days_between(date(2025, 2, 7), date(2025, 1, 24)) == -5
    assert LIBRARY.working_days_between(date(2026, 2, 17), date(2026, 2, 17)) == 0
    assert LIBRARY.working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1
    assert LIBRARY.working_days_between(date(2026, 2, 16), date(2026, 2, 13)) == 0


def test_add_working_days_skips_a_weekend_and_the_national_day() -> None:
    friday = date(2024, 8, 30)  # Sat 31/8, Sun 1/9, then 2 and 3/9 are Quốc khánh
    assert LIBRARY.add_working_days(friday, 0) == friday
    assert LIBRARY.add_working_days(friday, 1) == date(2024, 9, 4)
    assert LIBRARY.add_working_days(friday, 3) == date(2024, 9, 6)
    assert LIBRARY.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert LIBRARY.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)  # the swapped Saturday


def test_add_working_days_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="không âm"):
        LIBRARY.add_working_days(date(2025, 1, 1), -1)


def test_next_working_day() -> None:
    assert LIBRARY.next_working_day(date(2026, 2, 14)) == date(2026, 2, 23)
    assert LIBRARY.next_working_day(date(2026, 2, 23)) == date(2026, 2, 23)
    assert LIBRARY.next_working_day(date(2025, 4, 26)) == date(2025, 4, 26)


def naive_count(calendar: WorkCalendar, start: date, end: date) -> int:
    low, high = min(start, end), max(start, end)
    count = sum(1 for n in range(1, (high - low).days + 1) if calendar.is_working_day(low + timedelta(days=n)))
    return count if end >= start else -count


DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
OVERRIDES = st.lists(st.builds(DayOverride, day=DAYS, working=st.booleans()), max_size=12)


@settings(max_examples=60, deadline=None)
@given(start=DAYS, end=DAYS, overrides=OVERRIDES)
def test_working_days_between_equals_the_per_day_count(start: date, end: date,
                                                       overrides: list[DayOverride]) -> None:
    calendar = WorkCalendar(overrides)
    assert calendar.working_days_between(start, end) == naive_count(calendar, start, end)


@settings(max_examples=60, deadline=None)
@given(start=DAYS, count=st.integers(min_value=1, max_value=400), overrides=OVERRIDES)
def test_add_working_days_lands_on_the_first_day_with_that_many_behind_it(start: date, count: int,
                                                                          overrides: list[DayOverride]) -> None:
    calendar = WorkCalendar(overrides)
    result = calendar.add_working_days(start, count)
    assert calendar.is_working_day(result)
    assert calendar.working_days_between(start, result) == count
    assert calendar.working_days_between(start, result - timedelta(days=1)) == count - 1


# --- the data files -----------------------------------------------------------------------------------------


def test_the_shipped_file_loads_and_only_adds_what_the_library_does_not_say() -> None:
    assert shipped_overrides_path().is_file()
    shipped = shipped_overrides()
    assert shipped
    for override in shipped:
        assert override.note
        assert LIBRARY.is_working_day(override.day) != override.working, override


def test_a_good_file_loads_sorted_with_its_notes(tmp_path: Path) -> None:
    path = write(tmp_path, {"format": 1, "notes": "x", "days": [
        {"date": "2027-02-13", "working": True, "note": " Làm bù Tết "},
        {"date": "2027-02-11", "working": False},
    ]})
    assert load_overrides(path) == (DayOverride(date(2027, 2, 11), False, ""),
                                    DayOverride(date(2027, 2, 13), True, "Làm bù Tết"))


def test_an_empty_list_of_days_is_a_good_file(tmp_path: Path) -> None:
    assert load_overrides(write(tmp_path, {"format": 1, "days": []})) == ()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ({"format": 1, "days": [{"date": "2026-01-02", "working": False},
                                {"date": "2026-02-30", "working": False}]}, ["mục 2", "«date»", "2026-02-30"]),
        ({"format": 1, "days": [{"date": "02/01/2026", "working": False}]}, ["mục 1", "«date»", "02/01/2026"]),
        ({"format": 1, "days": [{"date": "20260102", "working": False}]}, ["mục 1", "«date»"]),
        ({"format": 1, "days": [{"date": "2026-01-02"}]}, ["mục 1", "thiếu «working»"]),
        ({"format": 1, "days": [{"working": True}]}, ["mục 1", "thiếu «date»"]),
        ({"days": []}, ["thiếu «format»"]),
        ({"format": 2, "days": []}, ["«format» là 2", "định dạng 1"]),
        ({"format": "1", "days": []}, ["«format» là \"1\""]),
        ({"format": 1}, ["«days»"]),
        ({"format": 1, "days": [{"date": "2026-01-02", "working": "false"}]}, ["mục 1", "02/01/2026", "«working»"]),
        ({"format": 1, "days": [{"date": "2026-01-02", "working": False, "ghi chu": "x"}]},
         ["mục 1", "«ghi chu»"]),
        ({"format": 1, "days": [{"date": "2026-01-02", "working": False},
                                {"date": "2026-01-02", "working": True}]}, ["mục 2", "02/01/2026", "mục 1"]),
        ({"format": 1, "days": ["2026-01-02"]}, ["mục 1"]),
        ([], ["«format»"]),
    ],
)
def test_a_malformed_file_is_refused_naming_the_file_and_the_entry(tmp_path: Path, content: object,
                                                                   expected: list[str]) -> None:
    path = write(tmp_path, content)
    with pytest.raises(WorkdaysDataError) as refused:
        load_overrides(path)
    message = str(refused.value)
    assert str(path) in message
    for part in expected:
        assert part in message


def test_a_file_that_is_not_json_is_refused_with_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, '{"format": 1,\n "days": [,]}')
    with pytest.raises(WorkdaysDataError, match="JSON ở dòng 2") as refused:
        load_overrides(path)
    assert str(path) in str(refused.value)


def test_a_missing_or_binary_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkdaysDataError, match="Không đọc được tệp ngày nghỉ"):
        load_overrides(tmp_path / "khong_co.json")
    binary = tmp_path / "nhi_phan.json"
    binary.write_bytes(b"\xff\xfe\x00{")
    with pytest.raises(WorkdaysDataError, match="UTF-8"):
        load_overrides(binary)


def test_a_refused_file_is_a_value_error() -> None:
    assert issubclass(WorkdaysDataError, ValueError)
