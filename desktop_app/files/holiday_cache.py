"""What the ``holidays`` package says of each year, kept in a small file in the data folder.

Importing the package and filling the first Vietnamese year costs about 0.12 s, paid on every start-up before the
start page can say which reports are overdue (a due date on a holiday moves to the next working day). The days it
gives for a year never change for one version of the package, so they are written to
``<data folder>/cache/ngay-le-<package version>.json`` the first time a year is asked, and read from there after.
A new version of the package is a new file. The file is a cache, never a source: one that cannot be read, or holds
anything unexpected, is ignored (and written again), and one that cannot be written is not an error.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import threading
from datetime import date
from pathlib import Path

from desktop_app.domain.workdays import LibraryYear, library_year

CACHE_FORMAT = 1
# A year's days off and worked weekend days are a few dozen; a cache file much larger was not written by us.
_MAX_BYTES = 512 * 1024
_DIST_INFO = re.compile(r"holidays-([0-9][0-9A-Za-z.+_-]*)\.dist-info")


def holidays_version() -> str | None:
    """The installed ``holidays`` package's version, read from its dist-info folder's name without importing it
    (``importlib.metadata`` alone costs ~30 ms); None when it cannot be told (a frozen build): then no cache."""
    try:
        spec = importlib.util.find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    site = Path(next(iter(spec.submodule_search_locations))).parent
    try:
        found = sorted(m.group(1) for name in os.listdir(site) if (m := _DIST_INFO.fullmatch(name)))
    except OSError:
        return None
    return found[-1] if len(found) == 1 else None


class HolidayCache:
    """``library_year`` through the cache file in ``folder`` (a ``WorkCalendar``'s ``library``). Thread-safe."""

    def __init__(self, folder: Path, version: str | None = None) -> None:
        self._version = version if version is not None else holidays_version()
        self.path = folder / f"ngay-le-{self._version}.json" if self._version else None
        self._years: dict[int, LibraryYear] | None = None
        self._lock = threading.Lock()

    def __call__(self, number: int) -> LibraryYear:
        with self._lock:
            if self._years is None:
                self._years = self._read()
            known = self._years.get(number)
            if known is not None:
                return known
            made = library_year(number)
            self._years[number] = made
            self._write()
            return made

    def _read(self) -> dict[int, LibraryYear]:
        if self.path is None:
            return {}
        try:
            if self.path.stat().st_size > _MAX_BYTES:
                return {}
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return _years_from(data, self._version)
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return {}

    def _write(self) -> None:
        if self.path is None or self._years is None:
            return
        data = {
            "format": CACHE_FORMAT,
            "holidays": self._version,
            "years": {
                str(number): {
                    "off": {d.isoformat(): name for d, name in sorted(year.names.items())},
                    "worked": {d.isoformat(): name for d, name in sorted(year.working_names.items())},
                }
                for number, year in sorted(self._years.items())
            },
        }
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            # A read-only or full data folder: the calendar is still right, only the next start-up is slower.
            with contextlib.suppress(OSError):
                temporary.unlink()


def _days(entries: object, number: int) -> dict[date, str]:
    if not isinstance(entries, dict):
        raise ValueError("not a mapping of days")
    days = {}
    for key, name in entries.items():
        day = date.fromisoformat(key)
        if day.year != number or not isinstance(name, str) or not name:
            raise ValueError(f"a wrong entry for {number}: {key}")
        days[day] = name
    return days


def _years_from(data: object, version: str | None) -> dict[int, LibraryYear]:
    """The cached years; ValueError for anything but what ``_write`` writes for this version."""
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or data.get("holidays") != version:
        raise ValueError("not this version's cache")
    years = data["years"]
    if not isinstance(years, dict):
        raise ValueError("no years")
    result = {}
    for key, year in years.items():
        number = int(key)
        if str(number) != key or not 1 <= number <= 9999 or not isinstance(year, dict):
            raise ValueError(f"a wrong year: {key}")
        result[number] = LibraryYear(_days(year["off"], number), _days(year["worked"], number))
    return result


_SHARED: dict[Path, HolidayCache] = {}
_SHARED_LOCK = threading.Lock()


def shared_cache() -> HolidayCache:
    """The cache of the data folder in use (``paths.user_data_dir()``), one per folder for the whole process."""
    from desktop_app.paths import user_data_dir

    folder = user_data_dir() / "cache"
    with _SHARED_LOCK:
        cache = _SHARED.get(folder)
        if cache is None:
            cache = _SHARED[folder] = HolidayCache(folder)
        return cache
