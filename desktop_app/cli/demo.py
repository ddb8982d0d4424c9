"""``demo``: create the sample database (Dương Minh Châu district), or say that it is already there."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import TYPE_CHECKING

from desktop_app.cli.common import CommandContext, DatabaseUse, format_option, opened, print_json
from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import format_number

if TYPE_CHECKING:
    from desktop_app.services.demo import DemoSummary

NAME = "demo"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
               ) -> None:
    demo = sub.add_parser(NAME, parents=parents, help=_("tạo cơ sở dữ liệu mẫu (huyện Dương Minh Châu)"))
    demo.add_argument("--start", action="store_true", help=_("mở giao diện sau khi tạo"))
    format_option(demo)


def database_use(args: argparse.Namespace) -> DatabaseUse:
    return DatabaseUse.MAY_CREATE


def run(args: argparse.Namespace, context: CommandContext | None) -> int:
    from desktop_app.services.demo import load_demo

    context = opened(context)
    url = context.url
    summary = load_demo(context.services)
    if args.format == "json":
        print_json(asdict(summary) | {"database": url, "database_existed": context.database_existed})
    elif summary.created:
        print(_("Đã tạo dữ liệu mẫu: {home}, {count} CĐCS, {requests} yêu cầu báo cáo, {submissions} lượt nộp, "
                "tại {url}").format(home=summary.home_name, url=url, **_counts(summary)))
    else:
        print(_("Cơ sở dữ liệu {url} đã có dữ liệu của {home} ({count} đơn vị, {requests} yêu cầu báo cáo, "
                "{submissions} lượt nộp): không tạo lại, không thay đổi gì. Muốn có dữ liệu mẫu mới, hãy chọn một "
                "tệp --db chưa có.").format(url=url, home=summary.home_name, **_counts(summary)))
    return 0


def _counts(summary: DemoSummary) -> dict[str, str]:
    """The counts as a clerk reads them: «1.685», Vietnamese thousands separators."""
    return {"count": format_number(summary.units), "requests": format_number(summary.requests),
            "submissions": format_number(summary.submissions)}
