"""``forms targets``: how far each congress target (chỉ tiêu) is met — the goal, what the years' figures achieve,
the linear projection to the end of the term and the status (IndicatorService.target_progress)."""

from __future__ import annotations

import argparse
from decimal import Decimal

from desktop_app.cli.common import CommandContext, format_option, opened, print_json
from desktop_app.domain.i18n import _

COMMAND = "targets"


def add_parser(forms_sub: argparse._SubParsersAction[argparse.ArgumentParser],
               parents: list[argparse.ArgumentParser]) -> None:
    command = forms_sub.add_parser(COMMAND, parents=parents,
                                   help=_("mức đạt các chỉ tiêu Đại hội và dự báo cuối nhiệm kỳ"))
    command.add_argument("--set", dest="target_set", default=None, metavar=_("MÃ_BỘ_CHỈ_TIÊU"),
                         help=_("mã bộ chỉ tiêu (mặc định: bộ đầu tiên, ví dụ chi-tieu-dai-hoi-2023-2028)"))
    format_option(command)


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize() if value else Decimal(0), "f")


def run(args: argparse.Namespace, context: CommandContext | None) -> int:
    from desktop_app.domain.targets import PROJECTION_LABEL, STATUS_NAMES
    from desktop_app.domain.vntext import format_number
    from desktop_app.services.errors import UserError

    indicators = opened(context).services.indicators
    sets = indicators.target_sets()
    if args.target_set is None and not sets:
        raise UserError(_("Chưa có bộ chỉ tiêu nào trong forms/indicators/."))
    target_set = indicators.target_set(args.target_set) if args.target_set else sets[0]
    progress = indicators.target_progress(target_set.id)
    if args.format == "json":
        print_json({
            "id": target_set.id, "title": target_set.title, "form": target_set.form,
            "term": [target_set.first_year, target_set.last_year], "projection": PROJECTION_LABEL,
            "targets": [{
                "id": p.target.id, "tt": p.target.tt, "text": p.target.text, "unit": p.target.unit,
                "direction": p.target.direction, "goal": _number(p.goal), "achieved": _number(p.achieved),
                "projection": _number(p.projection), "status": p.status,
                "years": [{"year": y.year, "figure": _number(y.figure), "goal": _number(y.goal)} for y in p.years],
                "problems": [{"year": year, "message": message} for year, message in p.problems],
            } for p in progress],
        })
        return 0

    def shown(value: Decimal | None) -> str:
        return "" if value is None else format_number(value, 1 if value != value.to_integral_value() else 0)

    term = f"{target_set.first_year}–{target_set.last_year}"
    title = target_set.title if term in target_set.title else f"{target_set.title} ({term})"
    print(_("{title}; dự báo cuối nhiệm kỳ: {label}").format(title=title, label=PROJECTION_LABEL.lower()))
    for p in progress:
        print("\t".join([p.target.tt, p.target.text, shown(p.goal), shown(p.achieved), shown(p.projection),
                         STATUS_NAMES[p.status]]))
    return 0
