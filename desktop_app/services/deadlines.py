"""Reading timing phrases with the office's named periods (Tháng Công nhân, Tết…) for every screen."""

from __future__ import annotations

import functools
import logging

from desktop_app.domain.deadlines import DeadlineRule, NamedPeriod, Timing, parse_timing
from desktop_app.files.named_periods import load_named_periods

log = logging.getLogger(__name__)


@functools.cache
def named_periods() -> tuple[NamedPeriod, ...]:
    """The shipped named periods, read once; ``ValueError`` saying which file and entry when it is broken."""
    return load_named_periods()


def read_timing(
    text: str, *, reference_year: int | None = None, rule: DeadlineRule = DeadlineRule.INCLUSIVE
) -> Timing:
    """What ``text`` means as a deadline, the same on every screen, in the CLI and in the demo.

    A broken periods file is logged and its periods stay unknown, so a phrase naming one is flagged, not guessed.
    """
    try:
        periods = named_periods()
    except ValueError as exc:
        log.warning("%s", exc)
        periods = ()
    return parse_timing(text, rule=rule, reference_year=reference_year, named_periods=periods)
