"""The command line: the same services as the GUI, with JSON output for scripts.

Errors go to stderr in Vietnamese with a non-zero exit status; data goes to stdout. No traceback reaches the
terminal: an unforeseen error is one line on stderr and the full traceback in the log file.

Each command group is a module with ``NAME``, ``add_parser(sub, parents)``, ``database_use(args)`` and
``run(args, context)``; listing it in ``GROUPS`` is all it takes to add one.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from desktop_app import __version__
from desktop_app.cli import deadline, demo, documents, forms, history, registers, tracking, units
from desktop_app.cli.common import (
    EXIT_DATABASE_ERROR,
    EXIT_INTERNAL_ERROR,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    EXIT_USER_ERROR,
    CommandContext,
    DatabaseUse,
    Refused,
    VietnameseArgumentParser,
    configure_logging,
    one_line,
)
from desktop_app.domain.i18n import _

__all__ = [
    "EXIT_DATABASE_ERROR", "EXIT_INTERNAL_ERROR", "EXIT_INTERRUPTED", "EXIT_USAGE", "EXIT_USER_ERROR",
    "GROUPS", "build_parser", "main", "run",
]  # fmt: skip

log = logging.getLogger(__name__)


class CommandGroup(Protocol):
    """A module of this package that owns one sub-command and those below it."""

    NAME: str

    def add_parser(
        self, sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
    ) -> None: ...

    def database_use(self, args: argparse.Namespace) -> DatabaseUse: ...

    def run(self, args: argparse.Namespace, context: CommandContext | None) -> int: ...


#: In the order ``--help`` lists them.
GROUPS: tuple[CommandGroup, ...] = (demo, units, deadline, documents, registers, history, tracking, forms)


def _group(name: str) -> CommandGroup:
    return next(g for g in GROUPS if name == g.NAME)


# --------------------------------------------------------------------------- the parser


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseArgumentParser(
        prog="congdoan-desk",
        description=_("CongDoan Desk — phần mềm văn phòng Liên đoàn Lao động. Không có lệnh con: mở giao diện."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=_("in số phiên bản rồi thoát"))
    parser.add_argument("--db", type=Path, metavar=_("TỆP"),
                        help=_("tệp cơ sở dữ liệu SQLite (mặc định trong thư mục dữ liệu)"))
    parser.add_argument("--db-url", metavar=_("ĐỊA_CHỈ"),
                        help=_("địa chỉ cơ sở dữ liệu SQLAlchemy, ví dụ postgresql+psycopg://…"))
    # The same options after the sub-command ("demo --db X"); SUPPRESS keeps a value given before it.
    common = VietnameseArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, metavar=_("TỆP"),
                        help=_("tệp cơ sở dữ liệu SQLite (mặc định trong thư mục dữ liệu)"))
    common.add_argument("--db-url", default=argparse.SUPPRESS, metavar=_("ĐỊA_CHỈ"),
                        help=_("địa chỉ cơ sở dữ liệu SQLAlchemy, ví dụ postgresql+psycopg://…"))
    sub = parser.add_subparsers(dest="command", metavar=_("LỆNH"))
    for group in GROUPS:
        group.add_parser(sub, [common])
    return parser


# --------------------------------------------------------------------------- the database


SQLITE_HEADER = b"SQLite format 3\x00"


def _sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise Refused(_("Địa chỉ cơ sở dữ liệu «{url}» không hợp lệ.").format(url=url), EXIT_DATABASE_ERROR) from exc
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None  # a server, or an in-memory database open_database refuses
    return Path(parsed.database)


def _shown_url(url: str) -> str:
    """The address without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # only words a message about an address already known to be bad
        return "«…»"


def _existing_database(path: Path) -> None:
    """Refuse a path that is not an existing SQLite file before anything opens it (opening creates the file and
    its -wal/-shm beside it). Only ``demo`` and the set-up wizard create a database."""
    if not path.exists():
        raise Refused(
            _("Không tìm thấy tệp cơ sở dữ liệu «{path}». Hãy kiểm tra đường dẫn --db. Chỉ lệnh «demo» và bước thiết "
              "lập ban đầu (mở giao diện) mới tạo cơ sở dữ liệu mới.").format(path=path), EXIT_DATABASE_ERROR)
    if path.is_dir():
        raise Refused(_("«{path}» là một thư mục, không phải tệp cơ sở dữ liệu.").format(path=path),
                      EXIT_DATABASE_ERROR)
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise Refused(_("Không đọc được tệp cơ sở dữ liệu «{path}»: {reason}.")
                      .format(path=path, reason=exc.strerror or exc), EXIT_DATABASE_ERROR) from exc
    if header != SQLITE_HEADER:
        raise Refused(_("Tệp «{path}» không phải là cơ sở dữ liệu của CongDoan Desk (không phải tệp SQLite). "
                        "Hãy kiểm tra đường dẫn --db.").format(path=path), EXIT_DATABASE_ERROR)


# --------------------------------------------------------------------------- running a command


def run(args: argparse.Namespace) -> int:
    """Run one sub-command; returns the exit status."""
    from sqlalchemy.exc import SQLAlchemyError

    from desktop_app.bootstrap import database_url, open_context
    from desktop_app.persistence.errors import DatabaseError
    from desktop_app.services.errors import UserError

    group = _group(args.command)
    try:
        use = group.database_use(args)
        if use is DatabaseUse.NONE:
            return group.run(args, None)
        url = database_url(args.db, args.db_url)
        path = _sqlite_path(url)
        existed = path is not None and path.exists()
        if path is not None and use is DatabaseUse.EXISTING:
            _existing_database(path)
        try:
            services = open_context(url)
        except DatabaseError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_DATABASE_ERROR
        except SQLAlchemyError as exc:
            # An unknown kind of database in --db-url, or a server that does not answer.
            raise Refused(_("Không mở được cơ sở dữ liệu {url}: {reason}. Hãy kiểm tra địa chỉ --db-url và máy chủ.")
                          .format(url=_shown_url(url), reason=one_line(exc.args[0] if exc.args else exc)),
                          EXIT_DATABASE_ERROR) from exc
        try:
            return group.run(args, CommandContext(services, url, existed))
        finally:
            services.close()
    except Refused as exc:
        print(str(exc), file=sys.stderr)
        return exc.status
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


# --------------------------------------------------------------------------- the top level


def main(argv: Sequence[str] | None = None) -> int:
    log_file = configure_logging()
    try:
        return _main(argv)
    except BrokenPipeError:
        # Output piped into a program that stopped reading (`| head`): not an error of ours.
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(_("Đã dừng theo yêu cầu (Ctrl+C); tệp đang ghi dở không được giữ lại."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last line of defence: a bug must not show the clerk a traceback
        log.exception("unexpected error in the command line (%s)", " ".join(argv or sys.argv[1:]))
        where = str(log_file) if log_file is not None else _("(không ghi được tệp nhật ký)")
        print(_("Lỗi không lường trước ({kind}: {error}); lệnh chưa làm xong. Chi tiết đã ghi vào {log}. Hãy gửi "
                "tệp này cho người hỗ trợ.").format(kind=type(exc).__name__, error=one_line(exc), log=where),
              file=sys.stderr)
        return EXIT_INTERNAL_ERROR


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
