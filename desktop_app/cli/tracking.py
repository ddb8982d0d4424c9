"""``tracking list|create|status|receive|remind|export``: report tracking («Theo dõi báo cáo») for scripts and for a
clerk at a terminal — the requests with their figures, one request's missing CĐCS, logging an arrival, the reminder
letters to the CĐCS still missing, and the year's matrix (.xlsx) or summary (.pdf)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import (
    EXIT_USER_ERROR,
    CommandContext,
    DatabaseUse,
    Refused,
    day_text,
    format_option,
    opened,
    output_checked,
    print_json,
    print_listing,
    warn,
    year_argument,
)
from desktop_app.domain.i18n import _
from desktop_app.domain.tracking import CHANNELS, DEFAULT_CHANNEL, FORM, NARRATIVE, percent

if TYPE_CHECKING:
    from desktop_app.domain.tracking import Figures
    from desktop_app.services.tracking import ReportRequest, SubmissionLine

NAME = "tracking"


def _day(text: str) -> date:
    """--date: an ISO day (2026-11-24), refused in Vietnamese otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("«{text}» không phải là ngày hợp lệ: cần dạng NĂM-THÁNG-NGÀY, ví dụ 2026-11-24.").format(text=text)
        ) from None


def _channel(text: str) -> str:
    value = text.strip().lower()
    if value not in CHANNELS:
        valid = ", ".join(f"{code} ({label})" for code, label in CHANNELS.items())
        raise argparse.ArgumentTypeError(
            _("cách gửi «{text}» không có; các cách hợp lệ: {valid}.").format(text=text, valid=valid))
    return value


def _positive(text: str) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(_("«{text}» không phải là số từ 1 trở lên.").format(text=text))
    return int(value)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
               ) -> None:
    tracking = sub.add_parser(NAME, help=_("theo dõi báo cáo: yêu cầu báo cáo, CĐCS đã nộp, chưa nộp"))
    tracking_sub = tracking.add_subparsers(dest="tracking_command", metavar=_("LỆNH"))
    tracking_sub.required = True

    listing = tracking_sub.add_parser("list", parents=parents, help=_("các yêu cầu báo cáo và số liệu nộp"))
    listing.add_argument("--year", type=year_argument, default=None,
                         help=_("chỉ các yêu cầu có hạn nộp trong năm này"))
    format_option(listing)

    status = tracking_sub.add_parser("status", parents=parents,
                                     help=_("một yêu cầu báo cáo: số phải nộp, đã nộp, đúng hạn, CĐCS chưa nộp"))
    status.add_argument("--request", required=True, metavar=_("SỐ"), help=_("số hoặc uuid của yêu cầu báo cáo"))
    format_option(status)

    receive = tracking_sub.add_parser("receive", parents=parents, help=_("ghi nhận một CĐCS đã nộp báo cáo"))
    receive.add_argument("--request", required=True, metavar=_("SỐ"), help=_("số hoặc uuid của yêu cầu báo cáo"))
    receive.add_argument("--unit", required=True, metavar=_("MÃ"), help=_("mã CĐCS"))
    receive.add_argument("--date", type=_day, required=True, metavar=_("NGÀY"),
                         help=_("ngày báo cáo đến (NĂM-THÁNG-NGÀY); ngày đã qua cần --note"))
    receive.add_argument("--channel", type=_channel, default=DEFAULT_CHANNEL, metavar=_("CÁCH"),
                         help=_("cách gửi: {channels} (mặc định {default})")
                         .format(channels=", ".join(CHANNELS), default=DEFAULT_CHANNEL))
    receive.add_argument("--file", type=Path, action="append", default=[], metavar=_("TỆP"),
                         help=_("tệp báo cáo kèm theo (có thể ghi nhiều lần)"))
    receive.add_argument("--note", default="", metavar=_("GHI_CHÚ"),
                         help=_("ghi chú; bắt buộc khi ghi ngày đã qua (vì sao ghi lùi ngày)"))
    format_option(receive)

    create = tracking_sub.add_parser(
        "create", parents=parents,
        help=_("tạo yêu cầu báo cáo: từ một nhiệm vụ giao CĐCS trong kế hoạch (--plan), hoặc riêng (--title)"))
    source = create.add_mutually_exclusive_group(required=True)
    source.add_argument("--plan", type=_positive, metavar=_("MÃ_SỐ"),
                        help=_("mã số của kế hoạch (như «documents list» in ra)"))
    source.add_argument("--title", metavar=_("TÊN"), help=_("tên báo cáo, cho yêu cầu không gắn kế hoạch"))
    create.add_argument("--task", type=_positive, metavar=_("STT"),
                        help=_("nhiệm vụ thứ mấy trong các nhiệm vụ giao CĐCS của kế hoạch (bỏ trống khi chỉ có một)"))
    create.add_argument("--due", type=_day, metavar=_("NGÀY"),
                        help=_("hạn nộp (NĂM-THÁNG-NGÀY); với --plan mặc định là thời hạn của nhiệm vụ"))
    create.add_argument("--issued", type=_day, metavar=_("NGÀY"), help=_("ngày gửi yêu cầu (mặc định hôm nay)"))
    create.add_argument("--period", default="", metavar=_("KỲ"), help=_("kỳ báo cáo, ví dụ «6 tháng đầu năm 2026»"))
    create.add_argument("--form", metavar=_("MÃ_MẪU"),
                        help=_("yêu cầu gửi biểu mẫu số liệu này (ví dụ mau-1-hdcd); cần --form-period"))
    create.add_argument("--form-period", type=_day, metavar=_("NGÀY_CHỐT"),
                        help=_("ngày chốt số liệu của biểu mẫu (NĂM-THÁNG-NGÀY), ví dụ 2026-05-31"))
    format_option(create)

    export = tracking_sub.add_parser(
        "export", parents=parents,
        help=_("xuất bảng theo dõi CĐCS × yêu cầu báo cáo (.xlsx) hoặc in bản tổng hợp (.pdf) của một năm"))
    export.add_argument("--year", type=year_argument, required=True)
    export.add_argument("-o", "--output", type=Path, required=True, metavar=_("TỆP"),
                        help=_("tệp .xlsx: bảng theo dõi; tệp .pdf: bản tổng hợp trong khung văn bản chính thức"))
    format_option(export)
    remind = tracking_sub.add_parser("remind", parents=parents,
                                     help=_("in công văn đôn đốc các CĐCS chưa nộp (PDF, lấy số sổ văn bản đi)"))
    remind.add_argument("--request", required=True, metavar=_("SỐ"), help=_("số hoặc uuid của yêu cầu báo cáo"))
    remind.add_argument("-o", "--output", type=Path, required=True, metavar=_("THƯ_MỤC"),
                        help=_("thư mục (đã có) để ghi các tệp PDF"))
    remind.add_argument("--per-unit", action="store_true",
                        help=_("mỗi CĐCS một công văn (mặc định: một công văn cho mọi CĐCS chưa nộp)"))
    remind.add_argument("--deadline", type=_day, default=None, metavar=_("NGÀY"),
                        help=_("hạn gửi mới (NĂM-THÁNG-NGÀY); mặc định 3 ngày làm việc sau hôm nay"))
    remind.add_argument("--unit", action="append", default=[], metavar=_("MÃ"),
                        help=_("chỉ đôn đốc CĐCS này (có thể ghi nhiều lần); mặc định mọi CĐCS chưa nộp"))
    format_option(remind)


def database_use(args: argparse.Namespace) -> DatabaseUse:
    return DatabaseUse.EXISTING


def _fraction(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _figures_json(figures: Figures) -> dict[str, Any]:
    return {
        "expected": figures.expected,
        "received": figures.received,
        "on_time": figures.on_time,
        "late": figures.late,
        "exempt": figures.exempt,
        "returned": figures.returned,
        "completeness": _fraction(figures.completeness),
        "timeliness": _fraction(figures.timeliness),
    }


def _request_json(request: ReportRequest, today: date) -> dict[str, Any]:
    return {
        "id": request.id,
        "uuid": request.uuid,
        "title": request.title,
        "what": request.what,
        "form_id": request.form_id,
        "form_period": request.form_period,
        "period": request.period,
        "issued_on": request.issued_on,
        "due": request.due,
        "last_day": request.last_day,
        "document": request.document_symbol or None,
        "task_uuid": request.task_uuid,
        "upstream_deadline": request.upstream_deadline,
        "slack_working_days": request.slack,
        **_figures_json(request.figures),
        "missing": len(request.figures.missing),
        "overdue": request.overdue(today),
    }


def _request_line(request: ReportRequest) -> str:
    f = request.figures
    return "\t".join((
        str(request.id), day_text(request.due), request.title,
        _("đã nộp {received}/{expected}").format(received=f.received, expected=f.expected),
        _("đúng hạn {on_time}").format(on_time=f.on_time),
        _("nộp đủ {rate}").format(rate=percent(f.completeness)),
    ))  # fmt: skip


def _missing(request: ReportRequest) -> list[dict[str, str]]:
    return [{"code": u.code, "name": u.name} for u in request.figures.missing]


def _line_json(line: SubmissionLine) -> dict[str, Any]:
    return {
        "code": line.unit.code, "name": line.unit.name, "status": line.status, "label": line.label,
        "received_on": line.received_on, "channel": line.channel or None,
    }  # fmt: skip


def _list(context: CommandContext, args: argparse.Namespace) -> int:
    tracking = context.services.tracking
    today = date.today()
    requests = tracking.requests(args.year)
    print_listing(args.format, requests, lambda r: _request_json(r, today), _request_line)
    return 0


def _status(context: CommandContext, args: argparse.Namespace) -> int:
    tracking = context.services.tracking
    request = tracking.find_request(args.request)
    f = request.figures
    if args.format == "json":
        print_json({
            "request": {"id": request.id, "uuid": request.uuid, "title": request.title, "due": request.due,
                        "last_day": request.last_day},
            **_figures_json(f),
            "missing": _missing(request),
        })  # fmt: skip
        return 0
    print(_("{title} — hạn nộp {due}").format(title=request.title, due=day_text(request.due)))
    print(_("Phải nộp {expected}, đã nộp {received} (đúng hạn {on_time}, muộn {late}), miễn {exempt}.")
          .format(expected=f.expected, received=f.received, on_time=f.on_time, late=f.late, exempt=f.exempt))
    print(_("Tỷ lệ nộp đủ {completeness}, tỷ lệ đúng hạn {timeliness}.")
          .format(completeness=percent(f.completeness), timeliness=percent(f.timeliness)))
    if f.missing:
        print(_("Chưa nộp ({n}):").format(n=len(f.missing)))
        for unit in f.missing:
            print(f"{unit.code}\t{unit.name}")
    return 0


def _receive(context: CommandContext, args: argparse.Namespace) -> int:
    from desktop_app.services.tracking import Receipt

    tracking = context.services.tracking
    request = tracking.find_request(args.request)
    for path in args.file:
        if context.database_path is not None and path.resolve() == context.database_path.resolve():
            raise Refused(_("«{path}» là tệp cơ sở dữ liệu đang mở, không phải báo cáo.").format(path=path),
                          EXIT_USER_ERROR)
    backdated = args.date < date.today()
    if backdated and not args.note.strip():
        raise Refused(
            _("Ngày nhận {day} là ngày đã qua: hãy ghi vì sao ghi lùi ngày bằng --note «…» (ví dụ «nhận bản giấy "
              "hôm đó, nay mới vào sổ»).").format(day=day_text(args.date)), EXIT_USER_ERROR)
    receipt = Receipt(
        unit_code=args.unit.strip(), received_on=args.date, channel=args.channel, files=tuple(args.file),
        note="" if backdated else args.note.strip(), backdate_note=args.note.strip() if backdated else "",
    )  # fmt: skip
    line = tracking.receive(request.id, receipt)
    if args.format == "json":
        print_json({"request": request.id, **_line_json(line), "files": [f.file_name for f in line.files]})
    else:
        print(_("Đã ghi nhận {name} ({code}) nộp «{title}» ngày {day}: {label}.").format(
            name=line.unit.name, code=line.unit.code, title=request.title, day=day_text(line.received_on),
            label=line.label))
    return 0


def _export(context: CommandContext, args: argparse.Namespace) -> int:
    output = output_checked(args.output, context.database_path)
    exports = context.services.tracking_exports
    kind = output.suffix.lower()
    if kind == ".xlsx":
        result = exports.matrix_xlsx(args.year, output)
        if args.format == "json":
            print_json({"file": str(output), "year": args.year, "kind": "matrix", "units": result.units,
                        "requests": result.requests})
        else:
            print(_("Đã xuất bảng theo dõi năm {year} ra «{path}»: {units} CĐCS × {requests} yêu cầu báo cáo.")
                  .format(year=args.year, path=output, units=result.units, requests=result.requests))
        return 0
    if kind == ".pdf":
        pages = exports.summary_pdf(args.year, output)
        if args.format == "json":
            print_json({"file": str(output), "year": args.year, "kind": "summary", "pages": pages})
        else:
            print(_("Đã in bản tổng hợp năm {year} ra «{path}» ({pages} trang).").format(
                year=args.year, path=output, pages=pages))
        return 0
    raise Refused(_("Không xuất ra «{path}»: chỉ xuất được tệp .xlsx (bảng theo dõi) hoặc .pdf (bản tổng hợp).")
                  .format(path=output), EXIT_USER_ERROR)
def _remind(context: CommandContext, args: argparse.Namespace) -> int:
    from desktop_app.services.reminders import ReminderOrder

    request = context.services.tracking.find_request(args.request)
    order = ReminderOrder(
        request_id=request.id, folder=args.output, per_unit=args.per_unit, deadline=args.deadline,
        unit_codes=tuple(code.strip() for code in args.unit) or None,
    )  # fmt: skip
    batch = context.services.reminders.write(order)
    if args.format == "json":
        print_json({
            "request": request.id,
            "deadline": batch.deadline,
            "notice": batch.notice or None,
            "letters": [
                {"file": letter.path, "symbol": letter.symbol, "document_id": letter.document_id,
                 "pages": letter.pages, "units": [{"code": u.code, "name": u.name} for u in letter.units]}
                for letter in batch.letters
            ],
        })  # fmt: skip
    else:
        # One line per letter, the path first: what a script or the clerk opens next.
        for letter in batch.letters:
            print(f"{letter.path}\t{letter.symbol}\t{', '.join(u.code for u in letter.units)}")
    if batch.notice:
        warn(batch.notice)
    return 0


def _create(context: CommandContext, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from desktop_app.services.tracking import RequestDraft

    tracking = context.services.tracking
    today = date.today()
    if args.plan is not None:
        tasks = tracking.candidate_tasks(args.plan)
        if not tasks:
            raise Refused(_("Kế hoạch mã số {id} không có nhiệm vụ nào giao cho các CĐCS.").format(id=args.plan),
                          EXIT_USER_ERROR)
        if (args.task is None and len(tasks) > 1) or (args.task is not None and args.task > len(tasks)):
            listed = "\n".join(
                f"  {n}. {text} — {day_text(due) or _('chưa rõ hạn')}"
                + (_(" (đã có yêu cầu số {id})").format(id=made) if made else "")
                for n, (_uuid, text, due, made) in enumerate(tasks, start=1))
            raise Refused(_("Hãy chọn nhiệm vụ bằng --task STT; kế hoạch có {n} nhiệm vụ giao CĐCS:\n{tasks}")
                          .format(n=len(tasks), tasks=listed), EXIT_USER_ERROR)
        task_uuid, text, _due, made = tasks[(args.task or 1) - 1]
        if made:
            raise Refused(_("Nhiệm vụ «{task}» đã có yêu cầu báo cáo số {id}.").format(task=text, id=made),
                          EXIT_USER_ERROR)
        draft = tracking.draft_from_task(args.plan, task_uuid)
        changes: dict[str, Any] = {"period": args.period or draft.period}
        if args.due is not None:
            changes["due"] = args.due
        if args.issued is not None:
            changes["issued_on"] = args.issued
        draft = replace(draft, **changes)
    else:
        if args.due is None:
            raise Refused(_("Yêu cầu báo cáo riêng cần hạn nộp: --due NĂM-THÁNG-NGÀY."), EXIT_USER_ERROR)
        draft = RequestDraft(title=args.title.strip(), issued_on=args.issued or today, due=args.due,
                             period=args.period.strip())
    if args.form is not None or args.form_period is not None:
        if args.form is None or args.form_period is None:
            raise Refused(_("Yêu cầu gửi biểu mẫu số liệu cần cả --form MÃ_MẪU và --form-period NĂM-THÁNG-NGÀY."),
                          EXIT_USER_ERROR)
        form = context.services.indicators.check_period(args.form, args.form_period)
        draft = replace(draft, form_id=form.id, form_period=args.form_period,
                        what=FORM if draft.what == NARRATIVE else draft.what)
    request = tracking.create_request(draft)
    if args.format == "json":
        print_json(_request_json(request, today))
    else:
        print(_("Đã tạo yêu cầu báo cáo số {id}: «{title}», hạn nộp {due}, {n} CĐCS phải nộp.").format(
            id=request.id, title=request.title, due=day_text(request.due), n=request.figures.expected))
    return 0


_COMMANDS = {
    "create": _create,
    "list": _list,
    "status": _status,
    "receive": _receive,
    "export": _export,
    "remind": _remind,
}


def run(args: argparse.Namespace, context: CommandContext | None) -> int:
    return _COMMANDS[args.tracking_command](opened(context), args)
