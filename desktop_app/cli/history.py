"""``history``: the change log («Lịch sử thay đổi») after a number, for scripts that follow what changed."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from desktop_app.cli.common import CommandContext, DatabaseUse, format_option, opened, print_listing
from desktop_app.domain.changes import KIND_LABELS
from desktop_app.domain.i18n import _

if TYPE_CHECKING:
    from desktop_app.services.history import ChangeEntry

NAME = "history"


def _since(text: str) -> int:
    """--since: a change-log number already seen (0 or more)."""
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        raise argparse.ArgumentTypeError(
            _("«{text}» không phải là số thứ tự thay đổi: cần một số nguyên từ 0 trở lên, ví dụ --since 120.")
            .format(text=text))
    return int(value)


def _kind(text: str) -> str:
    """--kind: one of the change log's kinds of record, refused with the list of valid ones."""
    value = text.strip()
    if value not in KIND_LABELS:
        valid = ", ".join(f"{kind} ({label})" for kind, label in KIND_LABELS.items())
        raise argparse.ArgumentTypeError(
            _("loại bản ghi «{text}» không có; các loại hợp lệ: {valid}.").format(text=text, valid=valid))
    return value


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
               ) -> None:
    history = sub.add_parser(NAME, parents=parents, help=_("lịch sử thay đổi (ai sửa gì, lúc nào)"))
    history.add_argument("--since", type=_since, default=None, metavar=_("SỐ"),
                         help=_("chỉ các thay đổi có số thứ tự lớn hơn SỐ (số cuối cùng đã xem)"))
    history.add_argument("--kind", type=_kind, default=None, metavar=_("LOẠI"),
                         help=_("chỉ một loại bản ghi: {kinds}").format(kinds=", ".join(KIND_LABELS)))
    format_option(history)


def database_use(args: argparse.Namespace) -> DatabaseUse:
    return DatabaseUse.EXISTING


def _utc(at: datetime) -> datetime:
    # The log keeps UTC without a zone (the same on SQLite and PostgreSQL); say so in what leaves the program.
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _change_json(entry: ChangeEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": _utc(entry.at).isoformat(timespec="seconds"),
        "actor": entry.actor,
        "kind": entry.kind,
        "uuid": entry.uuid,
        "operation": entry.operation,
        "summary": entry.summary,
    }


def _change_line(entry: ChangeEntry) -> str:
    # The clerk reads the time on his own clock.
    when = _utc(entry.at).astimezone().strftime("%d/%m/%Y %H:%M")
    return "\t".join((str(entry.seq), when, entry.actor, entry.kind_label, entry.operation_label, entry.summary))


def run(args: argparse.Namespace, context: CommandContext | None) -> int:
    context = opened(context)
    changes = context.services.history.changes(since=args.since, kind=args.kind)
    print_listing(args.format, changes, _change_json, _change_line)
    return 0
