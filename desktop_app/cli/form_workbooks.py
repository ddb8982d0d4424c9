"""``forms workbooks|import|export``: offline entry workbooks out to the CĐCS, the returned ones back in (all or
nothing per workbook), and the district's aggregated table as .xlsx. Part of the ``forms`` group (cli/forms.py
hands these sub-commands here); they open the database."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import (
    EXIT_USER_ERROR,
    CommandContext,
    format_option,
    opened,
    output_checked,
    print_json,
)
from desktop_app.domain.i18n import _

if TYPE_CHECKING:
    from desktop_app.services.indicator_workbooks import ImportResult, IndicatorWorkbookService, RowChange

COMMANDS = ("workbooks", "import", "export")


def _period(text: str) -> date:
    """--period: the snapshot date, YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("«{text}» không phải là ngày hợp lệ: kỳ báo cáo ghi bằng ngày chốt số liệu, dạng NĂM-THÁNG-NGÀY, ví dụ "
              "2026-11-30.").format(text=text)) from None


def add_parsers(forms_sub: argparse._SubParsersAction[argparse.ArgumentParser],
                parents: list[argparse.ArgumentParser]) -> None:
    workbooks = forms_sub.add_parser(
        "workbooks", parents=parents,
        help=_("ghi mỗi CĐCS một tệp Excel để điền số liệu (điền sẵn số liệu đã có)"))
    workbooks.add_argument("--form", required=True, metavar=_("MÃ_MẪU"))
    workbooks.add_argument("--period", type=_period, required=True, metavar=_("NGÀY"))
    workbooks.add_argument("--unit", action="append", dest="units", metavar=_("MÃ_CĐCS"),
                           help=_("chỉ ghi tệp cho CĐCS này (lặp lại được)"))
    workbooks.add_argument("-o", "--output", type=Path, required=True, metavar=_("THƯ_MỤC"))
    format_option(workbooks)
    imported = forms_sub.add_parser(
        "import", parents=parents, help=_("nhập các tệp Excel CĐCS gửi lại trong một thư mục"))
    imported.add_argument("folder", type=Path, metavar=_("THƯ_MỤC"))
    imported.add_argument("--dry-run", action="store_true", help=_("chỉ kiểm tra và cho xem thay đổi, không lưu"))
    imported.add_argument("--form", metavar=_("MÃ_MẪU"), help=_("chỉ nhận tệp của mẫu này"))
    imported.add_argument("--period", type=_period, metavar=_("NGÀY"), help=_("chỉ nhận tệp của kỳ này"))
    imported.add_argument("--received-on", type=_period, metavar=_("NGÀY"),
                          help=_("ngày nhận tệp (mặc định hôm nay)"))
    format_option(imported)
    export = forms_sub.add_parser(
        "export", parents=parents, help=_("xuất bảng tổng hợp theo mẫu của cấp trên (.xlsx)"))
    export.add_argument("--form", required=True, metavar=_("MÃ_MẪU"))
    export.add_argument("--period", type=_period, required=True, metavar=_("NGÀY"))
    export.add_argument("-o", "--output", type=Path, required=True, metavar=_("TỆP.xlsx"))
    format_option(export)


def service(context: CommandContext) -> IndicatorWorkbookService:
    return context.services.indicator_workbooks


def _change_json(change: RowChange) -> dict[str, Any]:
    def plain(value: object) -> object:
        return value if value is None or isinstance(value, bool | str) else format(value, "f")

    return {"row": change.row_id, "tt": change.tt, "text": change.text, "cell": change.cell,
            "old": plain(change.old), "new": plain(change.new), "old_text": change.old_text,
            "new_text": change.new_text}


def _result_json(result: ImportResult) -> dict[str, Any]:
    report = result.report
    return {"id": getattr(report, "id", None), "file": str(result.path), "status": result.status,
            "form": result.form_id, "period": result.period, "unit_code": result.unit_code,
            "problems": list(result.problems), "changes": [_change_json(c) for c in result.changes]}


_STATUS = {"imported": _("đã nhập"), "unchanged": _("không đổi"), "refused": _("không nhập"),
           "would_import": _("sẽ nhập")}


def run(args: argparse.Namespace, context: CommandContext | None) -> int:
    ctx = opened(context)
    workbooks = service(ctx)
    if args.forms_command == "workbooks":
        paths = workbooks.write_workbooks(args.form, args.period, args.output, unit_codes=args.units)
        if args.format == "json":
            print_json([{"id": p.stem, "file": str(p)} for p in paths])
        else:
            for path in paths:
                print(path)
            print(_("Đã ghi {n} tệp vào «{folder}».").format(n=len(paths), folder=args.output), file=sys.stderr)
        return 0
    if args.forms_command == "import":
        results = workbooks.import_folder(args.folder, dry_run=args.dry_run, received_on=args.received_on,
                                          form_id=args.form, period=args.period)
        if args.format == "json":
            print_json([_result_json(r) for r in results])
        else:
            for result in results:
                print(f"{result.path.name}\t{_STATUS[result.status]}\t{result.unit_code or ''}\t"
                      f"{len(result.changes)}")
                for problem in result.problems:
                    print("  " + problem, file=sys.stderr)
        refused = sum(r.status == "refused" for r in results)
        if args.format != "json":
            print(_("{n} tệp: {ok} nhập được, {bad} không nhập.").format(
                n=len(results), ok=len(results) - refused, bad=refused), file=sys.stderr)
        return EXIT_USER_ERROR if refused else 0
    output = output_checked(args.output, ctx.database_path)
    path = workbooks.export_aggregate(args.form, args.period, output)
    if args.format == "json":
        print_json({"id": f"{args.form}_{args.period.isoformat()}", "file": str(path)})
    else:
        print(_("Đã ghi bảng tổng hợp vào «{path}».").format(path=path))
    return 0
