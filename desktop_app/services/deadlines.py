"""Reading timing phrases with the office's named periods (Tháng Công nhân, Tết…) for every screen."""

from __future__ import annotations

import functools
import logging

from desktop_app.domain.deadlines import DeadlineRule, NamedPeriod, Timing, parse_timing
from desktop_app.files.named_periods import load_named_periods

log = logging.getLogger(__name__)


@functools.cache
def named_periods() -> tuple[NamedPeriod, ...]:
    """The shipped named periods, read once; a broken file is logged and its periods stay unknown (flagged)."""
    try:
        return load_named_periods()
    except ValueError as exc:
        log.warning("%s", exc)
        return ()


def read_timing(
    text: str, *, reference_year: int | None = None, rule: DeadlineRule = DeadlineRule.INCLUSIVE
) -> Timing:
    """What ``text`` means as a deadline, the same on every screen, in the CLI and in the demo."""
    return parse_timing(text, rule=rule, reference_year=reference_year, named_periods=named_periods())
