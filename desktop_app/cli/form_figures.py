"""``forms aggregate``: the district's figures of an indicator form for one snapshot date — each row added up by
its rule with how many CĐCS are behind it, the CĐCS still missing, and the upper-level form filled by the
mapping (IndicatorService)."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import CommandContext, day_text, format_option, opened, print_json
from desktop_app.domain.i18n import _

if TYPE_CHECKING:
    from desktop_app.domain.aggregation import Aggregate, UpperFigures
    from desktop_app.domain.form_values import CellValue
    from desktop_app.domain.forms import FormDefinition

COMMAND = "aggregate"


def period_argument(text: str) -> date:
    """--period: a snapshot date written YYYY-MM-DD, refused in Vietnamese otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("«{text}» không phải là ngày chốt số liệu hợp lệ: cần dạng NĂM-THÁNG-NGÀY, ví dụ 2026-05-31.")
            .format(text=text)) from None


def add_parser(forms_sub: argparse._SubParsersAction[argparse.ArgumentParser],
               parents: list[argparse.ArgumentParser]) -> None:
    command = forms_sub.add_parser(COMMAND, parents=parents,
                                   help=_("tổng hợp số liệu một mẫu biểu của các CĐCS cho một kỳ"))
    command.add_argument("--form", required=True, metavar=_("MÃ_MẪU"), help=_("mã mẫu biểu, ví dụ mau-1-hdcd"))
    command.add_argument("--period", required=True, type=period_argument, metavar=_("NGÀY_CHỐT"),
                         help=_("ngày chốt số liệu của kỳ (NĂM-THÁNG-NGÀY), ví dụ 2026-05-31"))
    command.add_argument("--sector", action="append", default=None, metavar=_("MÃ_KHỐI"),
                         help=_("chỉ các CĐCS thuộc khối, ngành này (có thể ghi nhiều lần)"))
    format_option(command)


def _value(value: CellValue) -> Any:
    """Numbers as their exact text (JSON numbers would be floats to most readers)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _rows_json(form: FormDefinition, totals: Aggregate) -> list[dict[str, Any]]:
    rows = []
    for row in form.rows:
        total = totals.rows.get(row.id)
        if total is None:
            continue
        record: dict[str, Any] = {"id": row.id, "tt": row.tt, "text": row.text, "unit": row.unit,
                                  "type": row.value_type, "rule": row.aggregate, "value": _value(total.value),
                                  "reporting": total.reporting}
        if total.counts:
            record["counts"] = [{"category": category, "count": count} for category, count in total.counts]
        if total.weight is not None:
            record["weight"] = _value(total.weight)
        rows.append(record)
    return rows


def _upper_json(upper_form: FormDefinition, upper: UpperFigures) -> dict[str, Any]:
    return {
        "form": upper_form.id, "code": upper_form.code,
        "rows": [{"id": row.id, "tt": row.tt, "text": row.text, "unit": row.unit,
                  "value": _value(upper.values.get(row.id)), "reporting": upper.reporting.get(row.id, 0)}
                 for row in upper_form.rows],
        "problems": [{"row": p.row_id, "message": p.message} for p in upper.problems],
    }


def run(args: argparse.Namespace, context: CommandContext | None) -> int:
    from desktop_app.domain.form_values import format_cell

    indicators = opened(context).services.indicators
    form = indicators.form(args.form)
    totals = indicators.aggregate(form.id, args.period, args.sector)
    names = {unit.code: unit.name for unit in indicators.expected_units(form.id, args.period)}
    upper = upper_form = None
    if form.mapping is not None and not args.sector:
        upper = indicators.upper(form.id, args.period)
        upper_form = indicators.form(form.mapping.form)
    if args.format == "json":
        result: dict[str, Any] = {
            "form": form.id, "form_version": form.version, "code": form.code, "period": args.period,
            "sectors": args.sector, "expected": len(totals.expected), "reported": len(totals.reported),
            "missing": [{"code": code, "name": names.get(code, "")} for code in totals.missing],
            "rows": _rows_json(form, totals),
            "problems": [{"row": p.row_id, "message": p.message} for p in totals.problems],
        }
        if upper is not None and upper_form is not None:
            result["upper"] = _upper_json(upper_form, upper)
        print_json(result)
        return 0
    expected = len(totals.expected)
    print(_("{code} — số liệu đến ngày {day}: {n}/{total} CĐCS đã báo cáo").format(
        code=form.code or form.id, day=day_text(args.period), n=len(totals.reported), total=expected))
    for row in form.rows:
        total = totals.rows.get(row.id)
        if total is None:
            continue
        shown = format_cell(row, total.value)
        if total.counts:
            shown = "; ".join(f"{category}: {count}" for category, count in total.counts)
        print(f"{row.tt}\t{row.text}\t{shown}\t{row.unit}\t{total.reporting}/{expected}")
    for problem in totals.problems:
        print(problem.message)
    if totals.missing:
        print(_("Chưa báo cáo ({n}):").format(n=len(totals.missing)))
        for code in totals.missing:
            print(f"{code}\t{names.get(code, '')}")
    return 0
