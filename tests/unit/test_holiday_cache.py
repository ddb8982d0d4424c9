"""The holiday law's days kept in the data folder: the same calendar as the library, a bad file ignored."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app.domain.workdays import WorkCalendar, library_year
from desktop_app.files.holiday_cache import HolidayCache, holidays_version

YEARS = (2025, 2026, 2027)


def test_the_installed_version_is_read_without_importing_the_package() -> None:
    import holidays

    assert holidays_version() == holidays.__version__


def test_a_cached_year_is_the_library_year_and_is_read_back_from_the_file(tmp_path: Path) -> None:
    cache = HolidayCache(tmp_path)
    for number in YEARS:
        assert cache(number) == library_year(number)
    assert cache.path is not None and cache.path.is_file()
    # A new cache (the next start-up) reads the file: an entry changed in it is what it gives.
    data = json.loads(cache.path.read_text(encoding="utf-8"))
    data["years"]["2026"]["off"]["2026-01-01"] = "Tết Dương lịch (đọc từ tệp)"
    cache.path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = HolidayCache(tmp_path)
    assert again(2026).names[date(2026, 1, 1)] == "Tết Dương lịch (đọc từ tệp)"
    assert again(2027) == library_year(2027)


def test_a_calendar_counts_the_same_with_the_cache(tmp_path: Path) -> None:
    HolidayCache(tmp_path)(2026)  # written by one, read by the next
    cached, plain = WorkCalendar((), HolidayCache(tmp_path)), WorkCalendar()
    day = date(2025, 12, 1)
    while day < date(2027, 3, 1):
        assert cached.next_working_day(day) == plain.next_working_day(day), day
        assert cached.day_off_name(day) == plain.day_off_name(day), day
        day += timedelta(days=1)
    assert cached.working_days_between(date(2026, 1, 5), date(2026, 12, 31)) == plain.working_days_between(
        date(2026, 1, 5), date(2026, 12, 31))


@pytest.mark.parametrize("content", [
    b"not json at all",
    b"\xff\xfe\x00garbage",
    b'{"format": 1, "holidays": "0.0.1", "years": {}}',  # another version's
    b'{"format": 2, "years": {}}',
    b'{"format": 1, "holidays": "@V", "years": {"2026": {"off": {"2025-01-01": "x"}, "worked": {}}}}',
    b'{"format": 1, "holidays": "@V", "years": {"2026": {"off": {"2026-01-01": 5}, "worked": {}}}}',
    b'{"format": 1, "holidays": "@V", "years": {"2026x": {"off": {}, "worked": {}}}}',
    b'{"format": 1, "holidays": "@V", "years": ["2026"]}',
    b"[" * 100_000,  # nested too deep for the parser
])  # fmt: skip
def test_a_damaged_or_foreign_cache_file_is_ignored_and_written_again(tmp_path: Path, content: bytes) -> None:
    version = holidays_version()
    assert version is not None
    cache = HolidayCache(tmp_path)
    assert cache.path is not None
    cache.path.write_bytes(content.replace(b"@V", version.encode()))
    assert cache(2026) == library_year(2026)
    assert HolidayCache(tmp_path)(2026) == library_year(2026)
    assert json.loads(cache.path.read_text(encoding="utf-8"))["holidays"] == version


def test_a_huge_cache_file_is_not_read(tmp_path: Path) -> None:
    cache = HolidayCache(tmp_path)
    assert cache.path is not None
    with cache.path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB that claims to be a cache
    assert cache(2026) == library_year(2026)


def test_a_data_folder_that_cannot_be_written_still_gives_the_right_days(tmp_path: Path) -> None:
    # The folder's place is taken by a file: nothing can be made there, whoever runs this (root included).
    (tmp_path / "data").write_text("a file, not a folder")
    cache = HolidayCache(tmp_path / "data" / "cache")
    assert cache(2026) == library_year(2026)
    assert cache(2026) == library_year(2026)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_without_a_known_version_nothing_is_written(tmp_path: Path) -> None:
    cache = HolidayCache(tmp_path, version="")
    assert cache.path is None
    assert cache(2026) == library_year(2026)
    assert list(tmp_path.iterdir()) == []
