"""What every command of the command line shares: the Vietnamese parser, exit codes, refusals, JSON and text output,
the checks made before a file is written or a database opened, and the log file."""

from __future__ import annotations

import argparse
import contextlib
import enum
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from desktop_app.domain.i18n import _

if TYPE_CHECKING:
    from desktop_app.bootstrap import AppContext

EXIT_USER_ERROR = 1
EXIT_DATABASE_ERROR = 2
EXIT_INTERNAL_ERROR = 70  # sysexits EX_SOFTWARE: a bug of ours, not the clerk's input
EXIT_USAGE = 64
EXIT_INTERRUPTED = 130

YEARS = range(1900, 2101)

# --------------------------------------------------------------------------- argparse in Vietnamese


def _argparse_messages() -> dict[str, str]:
    """argparse's own messages (Python 3.11 wording) in Vietnamese; built per call so ``_`` can translate them."""
    return {
        "usage: ": _("Cách dùng: "),
        "positional arguments": _("tham số"),
        "options": _("tùy chọn"),
        "show this help message and exit": _("in hướng dẫn này rồi thoát"),
        "%(prog)s: error: %(message)s\n": _("%(prog)s: lỗi: %(message)s\n"),
        "argument %(argument_name)s: %(message)s": _("tham số %(argument_name)s: %(message)s"),
        "unknown parser %(parser_name)r (choices: %(choices)s)":
            _("không có lệnh %(parser_name)r (các lệnh: %(choices)s)"),
        "unrecognized arguments: %s": _("không hiểu các tham số: %s"),
        "not allowed with argument %s": _("không dùng cùng với %s"),
        "ignored explicit argument %r": _("tùy chọn này không nhận giá trị %r"),
        "the following arguments are required: %s": _("còn thiếu tham số bắt buộc: %s"),
        "one of the arguments %s is required": _("cần một trong các tham số %s"),
        "expected one argument": _("cần một giá trị"),
        "expected at most one argument": _("cần nhiều nhất một giá trị"),
        "expected at least one argument": _("cần ít nhất một giá trị"),
        "expected %s argument": _("cần %s giá trị"),
        "expected %s arguments": _("cần %s giá trị"),
        "ambiguous option: %(option)s could match %(matches)s":
            _("tùy chọn %(option)s không rõ: có thể là %(matches)s"),
        "unexpected option string: %s": _("tùy chọn không đúng chỗ: %s"),
        "invalid %(type)s value: %(value)r": _("giá trị %(value)r không hợp lệ"),
        "invalid choice: %(value)r (choose from %(choices)s)":
            _("giá trị %(value)r không hợp lệ (chọn một trong: %(choices)s)"),
    }


@contextlib.contextmanager
def _argparse_in_vietnamese() -> Iterator[None]:
    """argparse looks its messages up through its module-level ``_`` and ``ngettext`` at the moment it needs them;
    point those at the Vietnamese ones while our parser works, and put them back after (pytest parses with
    argparse in the same process)."""
    messages = _argparse_messages()
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def translate(message: str) -> str:
        return messages.get(message, message)

    def translate_plural(singular: str, plural: str, n: int) -> str:
        return translate(singular if n == 1 else plural)

    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class VietnameseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage, help headings and error messages are Vietnamese; errors exit with 64."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _argparse_in_vietnamese():
            super().__init__(*args, **kwargs)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        with _argparse_in_vietnamese():
            return super().parse_known_args(args, namespace)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:  # type: ignore[override]
        # The "unrecognized arguments" refusal is worded here, after parse_known_args has returned.
        with _argparse_in_vietnamese():
            return super().parse_args(args, namespace)

    def format_usage(self) -> str:
        with _argparse_in_vietnamese():
            return super().format_usage()

    def format_help(self) -> str:
        with _argparse_in_vietnamese():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with _argparse_in_vietnamese():
            self.print_usage(sys.stderr)
            self.exit(EXIT_USAGE, _("%(prog)s: lỗi: %(message)s\n") % {"prog": self.prog, "message": message})


def format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help=_("dạng kết quả: text (để đọc) hoặc json (cho chương trình khác)"))


def year_argument(text: str) -> int:
    """--year of a register or a listing: a calendar year, refused with a Vietnamese message otherwise."""
    value = text.strip()
    if not value.isascii() or not value.isdigit() or int(value) not in YEARS:
        raise argparse.ArgumentTypeError(
            _("«{text}» không phải là năm hợp lệ: cần một năm từ {first} đến {last}.")
            .format(text=text, first=YEARS.start, last=YEARS.stop - 1))
    return int(value)


# --------------------------------------------------------------------------- what a command runs against


class DatabaseUse(enum.Enum):
    """What a command needs of the database before it runs."""

    NONE = "none"  # works on files only: no database is opened
    EXISTING = "existing"  # an existing database; a missing or foreign file is refused before anything opens it
    MAY_CREATE = "may_create"  # creates the database when it is not there yet (only ``demo``)


@dataclass(frozen=True)
class CommandContext:
    """The services on the open database, and where that database is."""

    services: AppContext
    url: str
    database_existed: bool

    @property
    def database_path(self) -> Path | None:
        """The SQLite file, which no output may overwrite (None for a database server)."""
        path: Path | None = self.services.database.path
        return path


def opened(context: CommandContext | None) -> CommandContext:
    """The context of a command whose group said it needs the database (the runner opened it)."""
    if context is None:
        raise AssertionError("a command that uses the database ran without one")
    return context


class Refused(Exception):
    """A request the CLI turns down before doing anything; the message is for the clerk."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def output_checked(path: Path, database: Path | None, inputs: Sequence[Path] = ()) -> Path:
    """``path`` if writing there cannot destroy the open database or one of the command's inputs."""
    from desktop_app.files.atomic import OutputPathError, check_output_folder, check_output_path

    try:
        check_output_path(path, database=database, inputs=inputs)
        check_output_folder(path)
    except OutputPathError as exc:
        raise Refused(str(exc), EXIT_USER_ERROR) from exc
    return path


# --------------------------------------------------------------------------- output


def _json_default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value).__name__)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write("\n")


def print_listing(
    fmt: str, records: Sequence[Any], as_json: Callable[[Any], Any], as_line: Callable[[Any], str]
) -> None:
    """A listing command's output: JSON records, or one tab-separated line per record."""
    if fmt == "json":
        print_json([as_json(r) for r in records])
    else:
        for record in records:
            print(as_line(record))


def day_text(value: date | None) -> str:
    """A date as the clerk reads it in text output (24/03/2021); JSON keeps ISO 8601."""
    from desktop_app.domain.vntext import format_date

    return format_date(value) if value is not None else ""


def warn(message: str) -> None:
    print(_("Lưu ý: {text}").format(text=message), file=sys.stderr)


def one_line(exc: object) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:199] + "…"


# --------------------------------------------------------------------------- the log file


def configure_logging() -> Path | None:
    """The log file in the data folder (None if it cannot be written: the CLI still works without it)."""
    from desktop_app.logs import configure_logging as configure_log_file
    from desktop_app.paths import user_data_dir

    try:
        return configure_log_file(user_data_dir() / "logs")
    except OSError:
        # Without a handler Python's last resort would print warnings (pyHanko's tracebacks) on stderr.
        logging.getLogger().addHandler(logging.NullHandler())
        from desktop_app.logs import NOISY_LIBRARIES

        for noisy in NOISY_LIBRARIES:
            logging.getLogger(noisy).setLevel(logging.CRITICAL)
        return None
