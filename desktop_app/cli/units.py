"""``units list|import|export``: the unit (CĐCS) list, and the Excel workbook it is read from and written to."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    EXIT_USER_ERROR,
    CommandContext,
    DatabaseUse,
    format_option,
    opened,
    output_checked,
    print_json,
    print_listing,
    warn,
)
from desktop_app.domain.i18n import _

NAME = "units"

UNIT_JSON_FIELDS = (
    "id", "uuid", "code", "name", "short_name", "kind", "parent_code", "sector", "members",
    "female_members", "workers", "chair", "phone", "email", "address", "founded", "dissolved",
    "merged_into_code", "notes", "revision", "updated_at",
)  # fmt: skip


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
               ) -> None:
    units = sub.add_parser(NAME, help=_("danh sách đơn vị"))
    units_sub = units.add_subparsers(dest="units_command", metavar=_("LỆNH"))
    units_sub.required = True
    listing = units_sub.add_parser("list", parents=parents, help=_("liệt kê đơn vị"))
    format_option(listing)
    listing.add_argument("--active", action="store_true", help=_("chỉ các đơn vị đang hoạt động"))
    listing.add_argument("--search", default="", help=_("lọc theo tên hoặc mã (không cần dấu)"))
    imp = units_sub.add_parser("import", parents=parents, help=_("nhập danh sách CĐCS từ tệp .xlsx"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--exclude-rows", default="", help=_("các dòng bỏ qua, theo số dòng trong Excel, ví dụ 7,12"))
    imp.add_argument("--dry-run", action="store_true", help=_("chỉ kiểm tra, không nhập"))
    format_option(imp)
    exp = units_sub.add_parser("export", parents=parents, help=_("xuất danh sách đơn vị ra tệp .xlsx"))
    exp.add_argument("file", type=Path)
    exp.add_argument("--active", action="store_true", help=_("chỉ các đơn vị đang hoạt động"))
    format_option(exp)


def database_use(args: argparse.Namespace) -> DatabaseUse:
    return DatabaseUse.EXISTING


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
        if not part.isascii() or not part.isdigit() or not 1 <= int(part) <= 1_048_576:
            raise ValueError(_("Số dòng «{part}» không hợp lệ trong --exclude-rows.").format(part=part))
        rows.add(int(part))
    return rows


def run(args: argparse.Namespace, context: CommandContext | None) -> int:
    context = opened(context)
    if args.units_command == "list":
        return _list(args, context)
    if args.units_command == "import":
        return _import(args, context)
    if args.units_command == "export":
        return _export(args, context)
    raise AssertionError(args.units_command)


def _list(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.vntext import collation_key, matches

    units = [
        u
        for u in context.services.units.list_units(include_dissolved=not args.active)
        if matches(args.search, f"{u.code} {u.name} {u.short_name}")
    ]
    units.sort(key=lambda u: collation_key(u.name))
    print_listing(args.format, units, _unit_json, _unit_line)
    return 0


def _import(args: argparse.Namespace, context: CommandContext) -> int:
    excluded = _parse_rows(args.exclude_rows)
    workbooks = context.services.workbooks
    session = workbooks.open_workbook(args.file)
    problems = session.preview.problems(excluded)
    warnings = session.preview.warnings(excluded)
    for warning in warnings:
        warn(warning.describe())
    if args.dry_run or problems:
        for problem in problems:
            print(problem.describe(), file=sys.stderr)
        kept = len(session.preview.drafts(excluded))
        if args.format == "json":
            print_json(
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
    records = workbooks.import_units(session, excluded)
    if args.format == "json":
        print_json([_unit_json(u) for u in records])
    else:
        print(_("Đã nhập {count} đơn vị từ «{name}».").format(count=len(records), name=args.file.name))
    return 0


def _export(args: argparse.Namespace, context: CommandContext) -> int:
    target = output_checked(args.file, context.database_path)
    count = context.services.workbooks.export(target, include_dissolved=not args.active)
    if args.format == "json":
        print_json({"file": str(target), "units": count})
    else:
        print(_("Đã xuất {count} đơn vị ra «{path}».").format(count=count, path=target))
    return 0
