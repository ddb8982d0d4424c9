"""The command line: the same services as the GUI, with JSON output for scripts.

Errors go to stderr in Vietnamese with a non-zero exit status; data goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app import __version__
from desktop_app.domain.i18n import _

EXIT_USER_ERROR = 1
EXIT_DATABASE_ERROR = 2
EXIT_USAGE = 64

UNIT_JSON_FIELDS = (
    "id", "uuid", "code", "name", "short_name", "kind", "parent_code", "sector", "members",
    "female_members", "workers", "chair", "phone", "email", "address", "founded", "dissolved",
    "merged_into_code", "notes", "revision", "updated_at",
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="congdoan-desk",
        description=_("CongDoan Desk — phần mềm văn phòng Liên đoàn Lao động. Không có lệnh con: mở giao diện."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", type=Path, help=_("tệp cơ sở dữ liệu SQLite (mặc định trong thư mục dữ liệu)"))
    parser.add_argument("--db-url", help=_("địa chỉ cơ sở dữ liệu SQLAlchemy, ví dụ postgresql+psycopg://…"))
    sub = parser.add_subparsers(dest="command", metavar=_("LỆNH"))

    demo = sub.add_parser("demo", help=_("tạo cơ sở dữ liệu mẫu (huyện Dương Minh Châu)"))
    demo.add_argument("--start", action="store_true", help=_("mở giao diện sau khi tạo"))
    demo.add_argument("--format", choices=("text", "json"), default="text")

    units = sub.add_parser("units", help=_("danh sách đơn vị"))
    units_sub = units.add_subparsers(dest="units_command", metavar=_("LỆNH"))
    units_sub.required = True
    listing = units_sub.add_parser("list", help=_("liệt kê đơn vị"))
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.add_argument("--active", action="store_true", help=_("chỉ các đơn vị đang hoạt động"))
    listing.add_argument("--search", default="", help=_("lọc theo tên hoặc mã (không cần dấu)"))
    imp = units_sub.add_parser("import", help=_("nhập danh sách CĐCS từ tệp .xlsx"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--exclude-rows", default="", help=_("các dòng bỏ qua, theo số dòng trong Excel, ví dụ 7,12"))
    imp.add_argument("--dry-run", action="store_true", help=_("chỉ kiểm tra, không nhập"))
    imp.add_argument("--format", choices=("text", "json"), default="text")
    exp = units_sub.add_parser("export", help=_("xuất danh sách đơn vị ra tệp .xlsx"))
    exp.add_argument("file", type=Path)
    exp.add_argument("--active", action="store_true", help=_("chỉ các đơn vị đang hoạt động"))
    exp.add_argument("--format", choices=("text", "json"), default="text")
    deadline = sub.add_parser("deadline", help=_("thời hạn viết bằng lời"))
    deadline_sub = deadline.add_subparsers(dest="deadline_command", metavar=_("LỆNH"))
    deadline_sub.required = True
    parse = deadline_sub.add_parser("parse", help=_("đọc một cụm thời hạn, ví dụ «trước ngày 15/11/2020»"))
    parse.add_argument("text")
    parse.add_argument("--exclusive", action="store_true", help=_("«trước ngày X» là hết ngày X-1"))
    parse.add_argument("--year", type=_deadline_year, help=_("năm dùng khi cụm không ghi năm"))
    parse.add_argument("--after", type=_deadline_after, help=_("tính hạn kế tiếp sau ngày này, ví dụ 20/3/2021"))
    parse.add_argument("--format", choices=("text", "json"), default="text")

    documents = sub.add_parser("documents", help=_("văn bản đi"))
    documents_sub = documents.add_subparsers(dest="documents_command", metavar=_("LỆNH"))
    documents_sub.required = True
    doc_list = documents_sub.add_parser("list", help=_("liệt kê văn bản"))
    doc_list.add_argument("--type", dest="type_code", help=_("mã loại văn bản, ví dụ KH"))
    doc_list.add_argument("--year", type=int)
    doc_list.add_argument("--status", choices=("draft", "issued"))
    doc_list.add_argument("--search", default="")
    doc_list.add_argument("--format", choices=("text", "json"), default="text")
    render = documents_sub.add_parser("render", help=_("in văn bản ra PDF theo thể thức"))
    render.add_argument("id", type=int)
    render.add_argument("-o", "--output", type=Path, required=True)
    render.add_argument("--font", help=_("phông chữ in (mặc định Times New Roman nếu có)"))
    render.add_argument("--docx", type=Path, help=_("xuất thêm tệp Word (.docx) cùng thể thức"))
    render.add_argument("--format", choices=("text", "json"), default="text")
    sign = documents_sub.add_parser("sign", help=_("ký số một tệp PDF"))
    sign.add_argument("input", type=Path)
    sign.add_argument("-o", "--output", type=Path, required=True)
    source = sign.add_mutually_exclusive_group(required=True)
    source.add_argument("--p12", type=Path, help=_("tệp chứng thư số .p12/.pfx"))
    source.add_argument("--pkcs11-lib", type=Path, help=_("thư viện PKCS#11 của USB token"))
    sign.add_argument("--token-label", help=_("nhãn của token"))
    sign.add_argument("--key-label", help=_("nhãn khóa trên token (khi token có nhiều khóa)"))
    sign.add_argument(
        "--secret-env",
        default="CONGDOAN_SIGNING_SECRET",
        help=_("biến môi trường chứa mật khẩu .p12 hoặc mã PIN (không có thì hỏi)"),
    )
    sign.add_argument("--signer-name", help=_("họ tên in ở khối chữ ký (mặc định: tên trong chứng thư)"))
    sign.add_argument("--attachment-symbol", help=_("ký phụ lục: số, ký hiệu in ở góc trên bên phải trang 1"))
    sign.add_argument("--reason", default="")
    sign.add_argument("--location", default="")
    sign.add_argument("--format", choices=("text", "json"), default="text")
    verify = documents_sub.add_parser("verify", help=_("kiểm tra chữ ký số của một tệp PDF"))
    verify.add_argument("file", type=Path)
    verify.add_argument("--trust", type=Path, action="append", default=[], help=_("chứng thư gốc tin cậy (.pem/.cer)"))
    verify.add_argument("--format", choices=("text", "json"), default="text")

    registers = sub.add_parser("registers", help=_("sổ văn bản đi, sổ văn bản đến"))
    registers_sub = registers.add_subparsers(dest="registers_command", metavar=_("LỆNH"))
    registers_sub.required = True
    outgoing = registers_sub.add_parser("outgoing", help=_("sổ văn bản đi của một năm"))
    outgoing.add_argument("--year", type=int, required=True)
    outgoing.add_argument("-o", "--output", type=Path, help=_("in sổ ra tệp PDF"))
    outgoing.add_argument("--format", choices=("text", "json"), default="text")
    incoming = registers_sub.add_parser("incoming", help=_("sổ văn bản đến của một năm"))
    incoming.add_argument("--year", type=int, required=True)
    incoming.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _json_default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value).__name__)


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write("\n")


def _print_listing(
    fmt: str, records: Sequence[Any], as_json: Callable[[Any], Any], as_line: Callable[[Any], str]
) -> None:
    """A listing command's output: JSON records, or one tab-separated line per record."""
    if fmt == "json":
        _print_json([as_json(r) for r in records])
    else:
        for record in records:
            print(as_line(record))


def _unit_line(u: Any) -> str:
    state = _(" (giải thể)") if u.dissolved else ""
    members = "" if u.members is None else str(u.members)
    return f"{u.code}\t{u.name}{state}\t{u.sector_name}\t{members}"


def _unit_json(record: Any) -> dict[str, Any]:
    data = asdict(record)
    return {name: data[name] for name in UNIT_JSON_FIELDS}


def _parse_rows(text: str) -> set[int]:
    rows: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        if not part.isdigit():
            raise ValueError(_("Số dòng «{part}» không hợp lệ trong --exclude-rows.").format(part=part))
        rows.add(int(part))
    return rows


def run(args: argparse.Namespace) -> int:
    """Run one sub-command; returns the exit status."""
    from desktop_app.bootstrap import database_url, open_context
    from desktop_app.persistence.errors import DatabaseError
    from desktop_app.services.errors import UserError

    if args.command == "deadline":
        return _run_deadline(args)
    if args.command == "documents" and args.documents_command in ("sign", "verify"):
        return _run_signing(args)
    url = database_url(args.db, args.db_url)
    try:
        context = open_context(url)
    except DatabaseError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_DATABASE_ERROR
    try:
        if args.command == "demo":
            from desktop_app.services.demo import load_demo

            summary = load_demo(context)
            if args.format == "json":
                _print_json(asdict(summary))
            else:
                print(
                    _("Đã tạo dữ liệu mẫu: {home}, {count} CĐCS, tại {url}").format(
                        home=summary.home_name, count=summary.units, url=url
                    )
                )
            return 0
        if args.command == "units":
            return _run_units(args, context)
        if args.command == "documents":
            return _run_documents(args, context)
        if args.command == "registers":
            return _run_registers(args, context)
        raise AssertionError(args.command)
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USER_ERROR
    except DatabaseError as exc:
        # A write refused by a read-only file, a full disk or another program's lock.
        print(str(exc), file=sys.stderr)
        return EXIT_DATABASE_ERROR
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    finally:
        context.close()


def _run_units(args: argparse.Namespace, context: Any) -> int:
    from desktop_app.domain.vntext import collation_key, matches

    if args.units_command == "list":
        units = [
            u
            for u in context.units.list_units(include_dissolved=not args.active)
            if matches(args.search, f"{u.code} {u.name} {u.short_name}")
        ]
        units.sort(key=lambda u: collation_key(u.name))
        _print_listing(args.format, units, _unit_json, _unit_line)
        return 0
    if args.units_command == "import":
        excluded = _parse_rows(args.exclude_rows)
        session = context.workbooks.open_workbook(args.file)
        problems = session.preview.problems(excluded)
        warnings = session.preview.warnings(excluded)
        for warning in warnings:
            print(_("Lưu ý: {text}").format(text=warning.describe()), file=sys.stderr)
        if args.dry_run or problems:
            for problem in problems:
                print(problem.describe(), file=sys.stderr)
            kept = len(session.preview.drafts(excluded))
            if args.format == "json":
                _print_json(
                    {
                        "rows": len(session.preview.rows),
                        "valid_rows": kept,
                        "problems": [asdict(p) for p in problems],
                        "warnings": [asdict(p) for p in warnings],
                    }
                )
            if problems:
                print(
                    _("Chưa nhập: {count} lỗi. Sửa tệp hoặc bỏ các dòng lỗi bằng --exclude-rows.").format(
                        count=len(problems)
                    ),
                    file=sys.stderr,
                )
                return EXIT_USER_ERROR
            if args.format != "json":
                print(_("Kiểm tra xong: {count} dòng hợp lệ, chưa nhập (--dry-run).").format(count=kept))
            return 0
        records = context.workbooks.import_units(session, excluded)
        if args.format == "json":
            _print_json([_unit_json(u) for u in records])
        else:
            print(_("Đã nhập {count} đơn vị từ «{name}».").format(count=len(records), name=args.file.name))
        return 0
    if args.units_command == "export":
        count = context.workbooks.export(args.file, include_dissolved=not args.active)
        if args.format == "json":
            _print_json({"file": str(args.file), "units": count})
        else:
            print(_("Đã xuất {count} đơn vị ra «{path}».").format(count=count, path=args.file))
        return 0
    raise AssertionError(args.units_command)


def _deadline_year(text: str) -> int:
    """--year: a calendar year as documents write it, refused with a Vietnamese message otherwise."""
    if not text.strip().isdigit() or not 1900 <= int(text) <= 2200:
        raise argparse.ArgumentTypeError(_("năm «{text}» không hợp lệ (ví dụ 2021).").format(text=text))
    return int(text)


def _deadline_after(text: str) -> date:
    from desktop_app.domain.vntext import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _run_deadline(args: argparse.Namespace) -> int:
    """Exits non-zero when any timing part of the phrase was not understood; the JSON is printed anyway."""
    from desktop_app.domain.deadlines import DeadlineRule, parse_timing, timing_to_json
    from desktop_app.domain.vntext import format_date
    from desktop_app.files.named_periods import load_named_periods

    try:
        periods = load_named_periods()
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USER_ERROR
    rule = DeadlineRule.EXCLUSIVE if args.exclusive else DeadlineRule.INCLUSIVE
    timing = parse_timing(args.text, rule=rule, reference_year=args.year, named_periods=periods)
    if args.format == "json":
        _print_json(timing_to_json(timing, after=args.after))
    else:
        print(timing.summary)
        if args.after is not None:
            upcoming = timing.next_deadline(args.after)
            if upcoming is not None:
                print(_("Hạn kế tiếp: {day}").format(day=format_date(upcoming)))
        for problem in timing.problems:
            print(problem, file=sys.stderr)
    return 0 if timing.understood else EXIT_USER_ERROR


def _secret(args: argparse.Namespace, what: str) -> str:
    value = os.environ.get(args.secret_env)
    if value is not None:
        return value
    import getpass

    return getpass.getpass(what)


def _run_signing(args: argparse.Namespace) -> int:
    """Signing and verifying work on files only: no database is opened."""
    from desktop_app.files.pdf.signing import (
        Pkcs11Signer,
        Pkcs12Signer,
        SignatureAppearance,
        SignatureError,
        sign_pdf,
        verify_pdf,
    )

    try:
        if args.documents_command == "verify":
            reports = verify_pdf(args.file, trust_roots=args.trust)
            if args.format == "json":
                _print_json([asdict(r) | {"ok": r.ok} for r in reports])
            else:
                for report in reports:
                    print(report.summary)
            return 0 if all(r.ok for r in reports) else EXIT_USER_ERROR
        if args.p12 is not None:
            signer: Pkcs12Signer | Pkcs11Signer = Pkcs12Signer(
                args.p12, _secret(args, _("Mật khẩu tệp chứng thư: ")).encode("utf-8") or None
            )
        else:
            if not args.token_label:
                raise SignatureError(_("Cần --token-label khi ký bằng USB token."))
            signer = Pkcs11Signer(
                args.pkcs11_lib, args.token_label, _secret(args, _("Mã PIN của token: ")), key_label=args.key_label
            )
        appearance = SignatureAppearance(signer_name=args.signer_name, attachment_symbol=args.attachment_symbol)
        info = sign_pdf(
            args.input, args.output, signer, reason=args.reason, location=args.location, appearance=appearance
        )
    except SignatureError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USER_ERROR
    if args.format == "json":
        _print_json(asdict(info))
    else:
        print(
            _("Đã ký «{path}»: {name}, {time}.").format(
                path=info.path, name=info.signer_name, time=info.signing_time.isoformat()
            )
        )
    return 0


def _document_json(record: Any) -> dict[str, Any]:
    from desktop_app.domain.documents import document_to_dict

    return {
        "id": record.id,
        "uuid": record.uuid,
        "type_code": record.type_code,
        "status": record.status,
        "symbol": record.symbol,
        "summary": record.summary,
        "issue_date": record.issue_date,
        "revision": record.revision,
        "version_of_id": record.version_of_id,
        "content": document_to_dict(record.document),
    }


def _run_documents(args: argparse.Namespace, context: Any) -> int:
    if args.documents_command == "list":
        records = context.documents.list_documents(args.type_code, args.year, args.status, args.search)
        _print_listing(
            args.format,
            records,
            _document_json,
            lambda r: f"{r.id}\t{r.symbol or _('(dự thảo)')}\t{r.issue_date or ''}\t{r.summary}",
        )
        return 0
    if args.documents_command == "render":
        result = context.documents.render_pdf(args.id, args.output, font=args.font)
        if args.docx is not None:
            context.documents.export_docx(args.id, args.docx, font=args.font)
        if args.format == "json":
            _print_json(
                {
                    "file": str(args.output),
                    "pages": result.pages,
                    "font": result.font_family,
                    "docx": str(args.docx) if args.docx else None,
                }
            )
        else:
            print(
                _("Đã in ra «{path}»: {pages} trang, phông {font}.").format(
                    path=args.output, pages=result.pages, font=result.font_family
                )
            )
        return 0
    raise AssertionError(args.documents_command)


def _run_registers(args: argparse.Namespace, context: Any) -> int:
    if args.registers_command == "outgoing":
        if args.output is not None:
            pages = context.registers.print_outgoing_book(args.year, args.output)
            print(
                _("Đã in sổ văn bản đi năm {year} ra «{path}» ({pages} trang).").format(
                    year=args.year, path=args.output, pages=pages
                )
            )
            return 0
        _print_listing(
            args.format,
            context.registers.outgoing(args.year),
            asdict,
            lambda e: f"{e.symbol}\t{e.issued_on}\t{e.status}\t{e.summary}",
        )
        return 0
    if args.registers_command == "incoming":
        _print_listing(
            args.format,
            context.registers.incoming(args.year),
            asdict,
            lambda e: f"{e.arrival_number}\t{e.arrived_on}\t{e.sender}\t{e.their_symbol}\t{e.summary}",
        )
        return 0
    raise AssertionError(args.registers_command)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # Output piped into a program that stopped reading (`| head`): not an error of ours.
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "demo" and args.db is None and not args.db_url:
        # The demo never lands in the clerk's real database.
        from desktop_app.paths import user_data_dir

        args.db = user_data_dir() / "demo.sqlite"
    if args.command is None or (args.command == "demo" and args.start):
        if args.command == "demo":
            status = run(args)
            if status != 0:
                return status
        from desktop_app.ui.app import run_gui

        return run_gui(args.db, args.db_url)
    return run(args)
