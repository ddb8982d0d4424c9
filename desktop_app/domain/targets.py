"""How far each congress target (chỉ tiêu) is met: the year's figure against the year's goal, the term's figure
against the term's goal, and a linear projection to the end of the term — what a mid-term review asks ("will
it be met by the end of the term?").

The figures of a year are the upper-level form's values for that year (``aggregation.fill_upper``); a target's
value is its formula over them. The term's figure is the sum of the years' (new CĐCS over the term) or the latest
year's (a rate at the end of the term), as the target says (``Target.over_term``).

The projection is linear and says so: for a sum, the years so far continued at their mean pace to the last year;
for a latest-year figure, the least-squares line through the years' figures, read at the last year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, TypeAlias

from desktop_app.domain.forms import Target, TargetSet
from desktop_app.domain.formulas import DIVISION_PLACES, FormulaError, Value
from desktop_app.domain.i18n import _

Status: TypeAlias = Literal["met", "on_track", "behind", "no_data"]
_QUANTUM = Decimal(1).scaleb(-DIVISION_PLACES)

#: The words the app shows for each status; the colour goes with them (green, amber, red, grey).
STATUS_NAMES: dict[str, str] = {
    "met": _("Đạt"), "on_track": _("Có khả năng đạt"), "behind": _("Khó đạt"), "no_data": _("Chưa có số liệu")}
STATUS_COLOURS: dict[str, str] = {"met": "#2e7d32", "on_track": "#b26a00", "behind": "#c62828", "no_data": "#757575"}
PROJECTION_LABEL = _("Dự báo tuyến tính")


@dataclass(frozen=True)
class TargetYear:
    year: int
    figure: Decimal | None
    goal: Decimal | None

    def met(self, target: Target) -> bool | None:
        if self.figure is None or self.goal is None:
            return None
        return target.met(self.figure, self.goal)


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    years: tuple[TargetYear, ...]
    #: The term's figure so far (sum of the years, or the latest year's).
    achieved: Decimal | None
    #: What the goal is measured against: the term's goal, or the latest year's goal when the target has none.
    goal: Decimal | None
    projection: Decimal | None
    status: Status
    #: Why a year's figure could not be worked out (a division by zero), by year.
    problems: tuple[tuple[int, str], ...] = ()


def progress(target_set: TargetSet, figures: Mapping[int, Mapping[str, Value]]) -> list[TargetProgress]:
    """Each target of ``target_set`` over the years of ``figures`` (year → the upper form's values of that year;
    a year without figures is left out)."""
    return [_progress(target_set, target, figures) for target in target_set.targets]


def _progress(target_set: TargetSet, target: Target, figures: Mapping[int, Mapping[str, Value]]) -> TargetProgress:
    goals = dict(target.annual_targets)
    years: list[TargetYear] = []
    problems: list[tuple[int, str]] = []
    for year in range(target_set.first_year, target_set.last_year + 1):
        figure: Decimal | None = None
        if year in figures:
            values = {ref: figures[year].get(ref) for ref in target.value.references}
            try:
                result = target.value.evaluate(values)
            except FormulaError as exc:
                problems.append((year, str(exc)))
            else:
                figure = result if isinstance(result, Decimal) else None
        years.append(TargetYear(year, figure, goals.get(year)))
    known = [y for y in years if y.figure is not None]
    if not known:
        return TargetProgress(target, tuple(years), None, target.term_target, None, "no_data", tuple(problems))
    if target.over_term == "sum":
        achieved: Decimal | None = sum((y.figure for y in known if y.figure is not None), Decimal(0))
    else:
        achieved = known[-1].figure
    projection = _projection(target, known, target_set.last_year)
    goal = target.term_target
    if goal is None:
        # Annual goals only: judged on the latest year with figures, against that year's goal.
        latest = known[-1]
        goal = latest.goal
        if goal is None:
            return TargetProgress(target, tuple(years), achieved, None, projection, "no_data", tuple(problems))
        status: Status = "met" if latest.met(target) else "behind"
        return TargetProgress(target, tuple(years), achieved, goal, projection, status, tuple(problems))
    assert achieved is not None
    if _reached(target, achieved, goal, known[-1].year, target_set.last_year):
        status = "met"
    elif projection is not None and target.met(projection, goal):
        status = "on_track"
    else:
        status = "behind"
    return TargetProgress(target, tuple(years), achieved, goal, projection, status, tuple(problems))


def _reached(target: Target, achieved: Decimal, goal: Decimal, last_known: int, last_year: int) -> bool:
    """Met now: a sum at least its goal counts as met for good; an "at most" sum only once the term is over
    (more years can still add to it); a latest-year figure is judged as it stands."""
    if target.over_term == "sum" and target.direction != "at_least":
        return last_known >= last_year and target.met(achieved, goal)
    return target.met(achieved, goal)


def _projection(target: Target, known: list[TargetYear], last_year: int) -> Decimal | None:
    points = [(Decimal(y.year), y.figure) for y in known if y.figure is not None]
    if target.over_term == "sum":
        done = sum((f for _y, f in points), Decimal(0))
        first = min(y.year for y in known)
        pace = (done / (known[-1].year - first + 1)).quantize(_QUANTUM, rounding=ROUND_HALF_UP)
        return done + pace * (last_year - known[-1].year)
    if len(points) == 1:
        return points[0][1]
    n = Decimal(len(points))
    mean_x = sum((x for x, _f in points), Decimal(0)) / n
    mean_y = sum((f for _x, f in points), Decimal(0)) / n
    spread = sum(((x - mean_x) ** 2 for x, _f in points), Decimal(0))
    slope = sum(((x - mean_x) * (f - mean_y) for x, f in points), Decimal(0)) / spread
    value = mean_y + slope * (Decimal(last_year) - mean_x)
    return value.quantize(_QUANTUM, rounding=ROUND_HALF_UP).normalize()


__all__ = ["PROJECTION_LABEL", "STATUS_COLOURS", "STATUS_NAMES", "Status", "TargetProgress", "TargetYear",
           "progress"]
