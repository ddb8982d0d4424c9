"""Adding up the CĐCS's filled forms for the home unit: each row by its rule, "n of N" CĐCS, who is missing, what
each CĐCS contributed, and the upper-level form filled from the CĐCS forms by the mapping in their definition.

The rules (``Row.aggregate``):

- ``sum``: the sum of the CĐCS that filled the row (blank when none did);
- ``weighted_mean``: Σ(value × weight) ÷ Σ weight over the CĐCS that filled both the row and its ``by`` row with a
  weight above zero — a wage averaged over the people it was computed for, never a plain mean of averages;
- ``recompute``: the row's formula over the totals (a percentage of two summed counts, not a mean of percentages);
- ``count_yes``: how many CĐCS answered yes; ``count_per_category``: how many chose each category;
- ``none``: not added up (text).

"n of N" is how many of the expected CĐCS gave a figure for the row; a recomputed row counts the fewest of the
rows its formula reads. Division rounds half-up to 12 places, like the formulas; sums are exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.domain.form_values import CellValue, computed_values, formula_values
from desktop_app.domain.forms import UNIT_COUNT, FormDefinition, Problem, Row
from desktop_app.domain.formulas import DIVISION_PLACES, Formula, Value, evaluate_rows, evaluation_order
from desktop_app.domain.i18n import _

_QUANTUM = Decimal(1).scaleb(-DIVISION_PLACES)


@dataclass(frozen=True)
class UnitReport:
    """One CĐCS's filled form: its code, its sector (for subsets such as non-state enterprises) and its values
    (inputs; computed rows are worked out again here, whatever the report says of them)."""

    unit_code: str
    values: Mapping[str, CellValue]
    sector: str | None = None


@dataclass(frozen=True)
class RowTotal:
    row_id: str
    value: CellValue
    #: How many CĐCS gave a figure that went into ``value``.
    reporting: int
    #: For a count per category: (category, how many CĐCS chose it), in the row's order.
    counts: tuple[tuple[str, int], ...] = ()
    #: For a weighted mean: the sum of the weights (số người được tính) behind it.
    weight: Decimal | None = None


@dataclass(frozen=True)
class Aggregate:
    """The district's figures for one form and period."""

    form_id: str
    expected: tuple[str, ...]
    reported: tuple[str, ...]
    rows: Mapping[str, RowTotal]
    #: Totals a formula could not work out (a percentage of a count that adds up to zero).
    problems: tuple[Problem, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        """The expected CĐCS with no report, in the expected order."""
        reported = set(self.reported)
        return tuple(code for code in self.expected if code not in reported)

    def value(self, row_id: str) -> CellValue:
        return self.rows[row_id].value

    def values(self) -> dict[str, CellValue]:
        return {row_id: total.value for row_id, total in self.rows.items()}


@dataclass(frozen=True)
class Contribution:
    """What one CĐCS put into a row's total (drill-down)."""

    unit_code: str
    value: CellValue
    weight: Decimal | None = None


@dataclass(frozen=True)
class UpperFigures:
    """The upper-level form's rows filled from the CĐCS forms: values, and how many CĐCS are behind each."""

    form_id: str
    values: Mapping[str, CellValue]
    reporting: Mapping[str, int]
    source: Aggregate
    problems: tuple[Problem, ...] = field(default=())


class AggregationError(ValueError):
    """Reports that cannot be added up together (two reports of one CĐCS)."""


def _chosen(reports: Iterable[UnitReport], expected: Sequence[str] | None) -> tuple[list[UnitReport], tuple[str, ...]]:
    seen: set[str] = set()
    kept: list[UnitReport] = []
    wanted = None if expected is None else set(expected)
    for report in reports:
        if report.unit_code in seen:
            raise AggregationError(_("CĐCS {code} có hai báo cáo trong cùng một kỳ.").format(code=report.unit_code))
        seen.add(report.unit_code)
        if wanted is None or report.unit_code in wanted:
            kept.append(report)
    return kept, tuple(r.unit_code for r in kept) if expected is None else tuple(expected)


def aggregate(form: FormDefinition, reports: Iterable[UnitReport], expected: Sequence[str] | None = None
              ) -> Aggregate:
    """Every row of ``form`` added up over ``reports`` of the ``expected`` CĐCS (default: every report); a report
    of a CĐCS not expected (dissolved before the snapshot date) is left out."""
    kept, expected_codes = _chosen(reports, expected)
    rows = form.rows
    # Computed rows aggregated by a rule of their own (a per-CĐCS flag counted, a per-CĐCS rate weighted) need
    # each CĐCS's value worked out first; the usual «recompute» does not.
    per_unit = _per_unit_formulas(form)
    unit_values = [_with_per_unit(r.values, per_unit) for r in kept] if per_unit else [r.values for r in kept]
    totals: dict[str, RowTotal] = {}
    for row in rows:
        if row.computed and row.aggregate == "recompute":
            continue
        totals[row.id] = _total(row, unit_values)
    problems = _recompute(form, totals)
    return Aggregate(form.id, expected_codes, tuple(r.unit_code for r in kept), totals, tuple(problems))


def _per_unit_formulas(form: FormDefinition) -> list[tuple[str, Formula]]:
    """The computed rows each CĐCS's value of which is needed (their own rule is not «recompute»), with the
    computed rows they read, in evaluation order."""
    formulas = form.formulas()
    wanted = {row.id for row in form.rows if row.computed and row.aggregate not in ("recompute", "none")}
    stack = list(wanted)
    while stack:
        for ref in formulas[stack.pop()].references:
            if ref in formulas and ref not in wanted:
                wanted.add(ref)
                stack.append(ref)
    return [(row_id, formulas[row_id]) for row_id in evaluation_order(formulas) if row_id in wanted]


def _with_per_unit(values: Mapping[str, CellValue], per_unit: Sequence[tuple[str, Formula]]) -> dict[str, CellValue]:
    """``values`` with those computed rows worked out; one that cannot be (a division by zero) is blank — the
    CĐCS's own form shows why."""
    formulas = dict(per_unit)
    reading: dict[str, Value] = {}
    for _row_id, formula in per_unit:
        for ref in formula.references:
            value = values.get(ref)
            reading[ref] = value if isinstance(value, Decimal | bool) else None
    worked, _errors = evaluate_rows(formulas, reading, [row_id for row_id, _f in per_unit])
    result = dict(values)
    result.update({row_id: worked[row_id] for row_id in formulas})
    return result


def _total(row: Row, unit_values: Sequence[Mapping[str, CellValue]]) -> RowTotal:
    row_id, rule = row.id, row.aggregate
    if rule == "sum":
        numbers = [v for v in (values.get(row_id) for values in unit_values) if isinstance(v, Decimal)]
        return RowTotal(row_id, sum(numbers, Decimal(0)) if numbers else None, len(numbers))
    if rule == "weighted_mean":
        assert row.weight_row is not None  # the definition's checks make sure of it
        weighted = Decimal(0)
        weights = Decimal(0)
        count = 0
        for values in unit_values:
            value, weight = values.get(row_id), values.get(row.weight_row)
            if isinstance(value, Decimal) and isinstance(weight, Decimal) and weight > 0:
                weighted += value * weight
                weights += weight
                count += 1
        mean = (weighted / weights).quantize(_QUANTUM, rounding=ROUND_HALF_UP) if count else None
        return RowTotal(row_id, _plain(mean), count, weight=weights if count else None)
    if rule == "count_yes":
        answers = [v for v in (values.get(row_id) for values in unit_values) if isinstance(v, bool)]
        return RowTotal(row_id, Decimal(sum(answers)) if answers else None, len(answers))
    if rule == "count_per_category":
        counts = dict.fromkeys(row.categories, 0)
        for values in unit_values:
            value = values.get(row_id)
            if isinstance(value, str) and value in counts:
                counts[value] += 1
        reporting = sum(counts.values())
        return RowTotal(row_id, Decimal(reporting) if reporting else None, reporting, counts=tuple(counts.items()))
    # none: nothing to add up, but "n of N" still says how many filled it.
    return RowTotal(row_id, None, sum(1 for values in unit_values if values.get(row_id) is not None))


def _recompute(form: FormDefinition, totals: dict[str, RowTotal]) -> list[Problem]:
    formulas = {row.id: row.formula for row in form.rows if row.formula is not None and row.aggregate == "recompute"}
    reading = formula_values(form, {row_id: total.value for row_id, total in totals.items()})
    order = evaluation_order(formulas)
    worked, errors = evaluate_rows(formulas, reading, order)
    everyone = max((t.reporting for t in totals.values()), default=0)
    # In evaluation order: a rate read from another recomputed row counts that row's CĐCS.
    for row_id in order:
        formula, value = formulas[row_id], worked[row_id]
        counts = [totals[ref].reporting for ref in formula.references if ref in totals]
        totals[row_id] = RowTotal(row_id, _plain(value) if isinstance(value, Decimal) else value,
                                  min(counts) if counts else everyone)
    # Back in the form's order (computed rows were added last).
    ordered = {row.id: totals[row.id] for row in form.rows if row.id in totals}
    totals.clear()
    totals.update(ordered)
    return [Problem(exc.row_id, str(exc)) for exc in errors]


def _plain(value: Decimal | None) -> Decimal | None:
    """A quotient without its trailing zeros (12.500000000000 → 12.5)."""
    if value is None:
        return None
    return value.normalize() if value != 0 else Decimal(0)


def contributions(form: FormDefinition, reports: Iterable[UnitReport], row_id: str,
                  expected: Sequence[str] | None = None) -> list[Contribution]:
    """Each reporting CĐCS's own figure for ``row_id`` (a computed row worked out from its own inputs), with its
    weight for a weighted mean, in the reports' order."""
    row = form.row(row_id)
    kept, _expected = _chosen(reports, expected)
    result = []
    for report in kept:
        values = computed_values(form, report.values)[0] if row.computed else report.values
        weight = values.get(row.weight_row) if row.weight_row else None
        result.append(Contribution(report.unit_code, values.get(row_id),
                                   weight if isinstance(weight, Decimal) else None))
    return result


def fill_upper(form: FormDefinition, upper: FormDefinition, reports: Iterable[UnitReport],
               expected: Sequence[str] | None = None) -> UpperFigures:
    """``upper``'s rows filled from the CĐCS forms by ``form``'s mapping, then ``upper``'s own computed rows
    worked out from them. Rows the mapping does not fill stay blank (the home unit types them)."""
    if form.mapping is None or form.mapping.form != upper.id:
        raise AggregationError(_("Mẫu «{form}» không tổng hợp lên mẫu «{upper}».").format(form=form.id, upper=upper.id))
    source = aggregate(form, reports, expected)
    values: dict[str, CellValue] = {}
    reporting: dict[str, int] = {}
    for entry in form.mapping.rows:
        if entry.source == UNIT_COUNT:
            assert entry.target is not None
            values[entry.target] = Decimal(len(source.reported))
            reporting[entry.target] = len(source.reported)
            continue
        total = source.rows[entry.source]
        if entry.rule == "count_per_category":
            counts = dict(total.counts)
            for category, target in entry.targets:
                values[target] = Decimal(counts.get(category, 0))
                reporting[target] = total.reporting
        else:
            assert entry.target is not None
            values[entry.target] = total.value
            reporting[entry.target] = total.reporting
    full, problems = computed_values(upper, values)
    for row in upper.rows:
        if row.formula is not None:
            refs = [reporting[r] for r in row.formula.references if r in reporting]
            reporting[row.id] = min(refs) if refs else 0
    return UpperFigures(upper.id, full, reporting, source, tuple(problems))


def subset(reports: Iterable[UnitReport], sectors: Iterable[str]) -> list[UnitReport]:
    """The reports of the CĐCS in ``sectors`` (a ratio over non-state enterprises only)."""
    wanted = set(sectors)
    return [report for report in reports if report.sector in wanted]


__all__ = [
    "Aggregate",
    "AggregationError",
    "Contribution",
    "RowTotal",
    "UnitReport",
    "UpperFigures",
    "aggregate",
    "contributions",
    "fill_upper",
    "subset",
]
