"""Finds and reads the shipped days-off data (resources/calendar/vn_days_off.json): the government's swaps and
compensatory days that the ``holidays`` package does not know, laid over it by domain.workdays."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.workdays import DayOverride, load_overrides
from desktop_app.paths import resources_dir


def shipped_overrides_path() -> Path:
    return resources_dir() / "calendar" / "vn_days_off.json"


def shipped_overrides() -> tuple[DayOverride, ...]:
    """The shipped days; ``WorkdaysDataError`` naming the file and the entry when it was edited into a bad state."""
    return load_overrides(shipped_overrides_path())
