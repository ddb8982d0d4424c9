"""``registers outgoing|incoming``: the outgoing and incoming registers of one year, listed or printed."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from desktop_app.cli.common import (
    CommandContext,
    DatabaseUse,
    day_text,
    format_option,
    opened,
    output_checked,
    print_json,
    print_listing,
    year_argument,
)
from desktop_app.domain.i18n import _

NAME = "registers"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
               ) -> None:
    registers = sub.add_parser(NAME, help=_("sổ văn bản đi, sổ văn bản đến"))
    registers_sub = registers.add_subparsers(dest="registers_command", metavar=_("LỆNH"))
    registers_sub.required = True
    outgoing = registers_sub.add_parser("outgoing", parents=parents, help=_("sổ văn bản đi của một năm"))
    outgoing.add_argument("--year", type=year_argument, required=True)
    outgoing.add_argument("-o", "--output", type=Path, help=_("in sổ ra tệp PDF"))
    format_option(outgoing)
    incoming = registers_sub.add_parser("incoming", parents=parents, help=_("sổ văn bản đến của một năm"))
    incoming.add_argument("--year", type=year_argument, required=True)
    format_option(incoming)


def database_use(args: argparse.Namespace) -> DatabaseUse:
    return DatabaseUse.EXISTING


def _outgoing_status(entry: Any) -> str:
    if entry.cancelled:
        return _("Đã hủy {day}: {reason}").format(day=day_text(entry.cancelled_on), reason=entry.cancel_reason)
    return _("Đã cấp số")


def run(args: argparse.Namespace, context: CommandContext | None) -> int:
    context = opened(context)
    registers = context.services.registers
    if args.registers_command == "outgoing":
        if args.output is not None:
            output = output_checked(args.output, context.database_path)
            pages = registers.print_outgoing_book(args.year, output)
            if args.format == "json":
                print_json({"file": str(output), "year": args.year, "pages": pages})
            else:
                print(
                    _("Đã in sổ văn bản đi năm {year} ra «{path}» ({pages} trang).").format(
                        year=args.year, path=output, pages=pages
                    )
                )
            return 0
        print_listing(
            args.format,
            registers.outgoing(args.year),
            asdict,
            lambda e: f"{e.symbol}\t{day_text(e.issued_on)}\t{_outgoing_status(e)}\t{e.summary}",
        )
        return 0
    if args.registers_command == "incoming":
        print_listing(
            args.format,
            registers.incoming(args.year),
            asdict,
            lambda e: f"{e.arrival_number}\t{day_text(e.arrived_on)}\t{e.sender}\t{e.their_symbol}\t{e.summary}",
        )
        return 0
    raise AssertionError(args.registers_command)
