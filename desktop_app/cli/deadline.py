"""``deadline parse``: read a deadline written in words, as the screens do; no database is opened."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from desktop_app.cli.common import EXIT_USER_ERROR, CommandContext, DatabaseUse, print_json
from desktop_app.domain.i18n import _

NAME = "deadline"


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


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
               ) -> None:
    deadline = sub.add_parser(NAME, help=_("thời hạn viết bằng lời"))
    deadline_sub = deadline.add_subparsers(dest="deadline_command", metavar=_("LỆNH"))
    deadline_sub.required = True
    parse = deadline_sub.add_parser("parse", help=_("đọc một cụm thời hạn, ví dụ «trước ngày 15/11/2020»"))
    parse.add_argument("text")
    parse.add_argument("--exclusive", action="store_true", help=_("«trước ngày X» là hết ngày X-1"))
    parse.add_argument("--year", type=_deadline_year, help=_("năm dùng khi cụm không ghi năm"))
    parse.add_argument("--after", type=_deadline_after, help=_("tính hạn kế tiếp sau ngày này, ví dụ 20/3/2021"))
    parse.add_argument("--format", choices=("text", "json"), default="text")


def database_use(args: argparse.Namespace) -> DatabaseUse:
    return DatabaseUse.NONE


def run(args: argparse.Namespace, context: CommandContext | None) -> int:
    """Exits non-zero when any timing part of the phrase was not understood; the JSON is printed anyway."""
    from desktop_app.domain.deadlines import DeadlineRule, timing_to_json
    from desktop_app.domain.vntext import format_date
    from desktop_app.services.deadlines import named_periods, read_timing

    try:
        named_periods()  # the command line says when the periods file is broken; screens flag the phrase instead
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USER_ERROR
    rule = DeadlineRule.EXCLUSIVE if args.exclusive else DeadlineRule.INCLUSIVE
    timing = read_timing(args.text, rule=rule, reference_year=args.year)
    if args.format == "json":
        print_json(timing_to_json(timing, after=args.after))
    else:
        print(timing.summary)
        if args.after is not None:
            upcoming = timing.next_deadline(args.after)
            if upcoming is not None:
                print(_("Hạn kế tiếp: {day}").format(day=format_date(upcoming)))
        for problem in timing.problems:
            print(problem, file=sys.stderr)
    return 0 if timing.understood else EXIT_USER_ERROR
