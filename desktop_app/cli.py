"""The command line: the same services as the GUI, with JSON output for scripts.

Errors go to stderr in Vietnamese with a non-zero exit status; data goes to stdout. No traceback reaches the
terminal: an unforeseen error is one line on stderr and the full traceback in the log file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

from desktop_app import __version__
from desktop_app.domain.i18n import _

EXIT_USER_ERROR = 1
EXIT_DATABASE_ERROR = 2
EXIT_INTERNAL_ERROR = 70  # sysexits EX_SOFTWARE: a bug of ours, not the clerk's input
EXIT_USAGE = 64
EXIT_INTERRUPTED = 130

#: SQLite's largest integer: a record id beyond it cannot exist and would overflow the driver.
MAX_RECORD_ID = 2**63 - 1
YEARS = range(1900, 2101)

UNIT_JSON_FIELDS = (
    "id", "uuid", "code", "name", "short_name", "kind", "parent_code", "sector", "members",
    "female_members", "workers", "chair", "phone", "email", "address", "founded", "dissolved",
    "merged_into_code", "notes", "revision", "updated_at",
)  # fmt: skip

log = logging.getLogger(__name__)


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


# --------------------------------------------------------------------------- argument types


def _record_id(text: str) -> int:
    """A record id: a whole number from 1 to SQLite's largest integer."""
    value = text.strip()
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_RECORD_ID:
        raise argparse.ArgumentTypeError(
            _("«{text}» không phải là mã số hợp lệ: cần một số nguyên dương (xem cột đầu của «documents list»).")
            .format(text=text))
    return int(value)


def _year(text: str) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit() or int(value) not in YEARS:
        raise argparse.ArgumentTypeError(
            _("«{text}» không phải là năm hợp lệ: cần một năm từ {first} đến {last}.")
            .format(text=text, first=YEARS.start, last=YEARS.stop - 1))
    return int(value)


def _page_number(text: str) -> int:
    value = text.strip()
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 100_000:
        raise argparse.ArgumentTypeError(_("«{text}» không phải là số trang hợp lệ (1, 2, …).").format(text=text))
    return int(value)


def _box(text: str) -> tuple[float, float, float, float]:
    """x1,y1,x2,y2 in points from the bottom left of the page."""
    parts = text.replace(";", ",").split(",")
    try:
        x1, y1, x2, y2 = (float(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("«{text}» không phải là vị trí hợp lệ: cần bốn số x1,y1,x2,y2 (đơn vị điểm, gốc ở góc dưới bên trái).")
            .format(text=text)) from None
    if not (0 <= x1 < x2 <= 10_000 and 0 <= y1 < y2 <= 10_000):
        raise argparse.ArgumentTypeError(
            _("Vị trí «{text}» không hợp lệ: cần x1 < x2 và y1 < y2, không âm.").format(text=text))
    return x1, y1, x2, y2


def _type_code(text: str) -> str:
    from desktop_app.domain.documents import DOCUMENT_TYPES
    from desktop_app.domain.vntext import nfc

    codes = [k.code for k in DOCUMENT_TYPES if k.code]
    wanted = nfc(text.strip())
    if wanted not in codes:
        raise argparse.ArgumentTypeError(
            _("không có loại văn bản mã «{code}»; các mã: {codes}.").format(code=text, codes=", ".join(codes)))
    return wanted


def _env_name(text: str) -> str:
    if not text or not all(ch.isalnum() or ch == "_" for ch in text) or text[0].isdigit() or not text.isascii():
        raise argparse.ArgumentTypeError(
            _("«{text}» không phải là tên biến môi trường (chữ không dấu, số và _).").format(text=text))
    return text


# --------------------------------------------------------------------------- the parser


def _format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help=_("dạng kết quả: text (để đọc) hoặc json (cho chương trình khác)"))


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
    on_db = [common]
    sub = parser.add_subparsers(dest="command", metavar=_("LỆNH"))

    demo = sub.add_parser("demo", parents=on_db, help=_("tạo cơ sở dữ liệu mẫu (huyện Dương Minh Châu)"))
    demo.add_argument("--start", action="store_true", help=_("mở giao diện sau khi tạo"))
    _format_option(demo)

    units = sub.add_parser("units", help=_("danh sách đơn vị"))
    units_sub = units.add_subparsers(dest="units_command", metavar=_("LỆNH"))
    units_sub.required = True
    listing = units_sub.add_parser("list", parents=on_db, help=_("liệt kê đơn vị"))
    _format_option(listing)
    listing.add_argument("--active", action="store_true", help=_("chỉ các đơn vị đang hoạt động"))
    listing.add_argument("--search", default="", help=_("lọc theo tên hoặc mã (không cần dấu)"))
    imp = units_sub.add_parser("import", parents=on_db, help=_("nhập danh sách CĐCS từ tệp .xlsx"))
    imp.add_argument("file", type=Path)
    imp.add_argument("--exclude-rows", default="", help=_("các dòng bỏ qua, theo số dòng trong Excel, ví dụ 7,12"))
    imp.add_argument("--dry-run", action="store_true", help=_("chỉ kiểm tra, không nhập"))
    _format_option(imp)
    exp = units_sub.add_parser("export", parents=on_db, help=_("xuất danh sách đơn vị ra tệp .xlsx"))
    exp.add_argument("file", type=Path)
    exp.add_argument("--active", action="store_true", help=_("chỉ các đơn vị đang hoạt động"))
    _format_option(exp)
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
    doc_list = documents_sub.add_parser("list", parents=on_db, help=_("liệt kê văn bản"))
    doc_list.add_argument("--type", dest="type_code", type=_type_code, help=_("mã loại văn bản, ví dụ KH"))
    doc_list.add_argument("--year", type=_year)
    doc_list.add_argument("--status", choices=("draft", "issued"),
                          help=_("draft: dự thảo; issued: đã ban hành"))
    doc_list.add_argument("--search", default="")
    _format_option(doc_list)
    render = documents_sub.add_parser("render", parents=on_db, help=_("in văn bản ra PDF theo thể thức"))
    render.add_argument("id", type=_record_id, metavar=_("MÃ_SỐ"),
                        help=_("mã số văn bản (cột đầu của «documents list»)"))
    render.add_argument("-o", "--output", type=Path, required=True, metavar=_("TỆP.pdf"))
    render.add_argument("--font", help=_("phông chữ in (mặc định Times New Roman nếu có)"))
    render.add_argument("--docx", type=Path, help=_("xuất thêm tệp Word (.docx) cùng thể thức"))
    _format_option(render)
    sign = documents_sub.add_parser("sign", help=_("ký số một tệp PDF"))
    sign.add_argument("input", type=Path, metavar=_("VÀO.pdf"))
    sign.add_argument("-o", "--output", type=Path, required=True, metavar=_("TỆP.pdf"))
    source = sign.add_mutually_exclusive_group(required=True)
    source.add_argument("--p12", type=Path, metavar=_("TỆP"), help=_("tệp chứng thư số .p12/.pfx"))
    source.add_argument("--pkcs11-lib", type=Path, metavar=_("THƯ_VIỆN"), help=_("thư viện PKCS#11 của USB token"))
    sign.add_argument("--token-label", help=_("nhãn của token"))
    sign.add_argument("--key-label", help=_("nhãn khóa trên token (khi token có nhiều khóa)"))
    sign.add_argument(
        "--secret-env",
        type=_env_name,
        default="CONGDOAN_SIGNING_SECRET",
        help=_("biến môi trường chứa mật khẩu .p12 hoặc mã PIN (mặc định CONGDOAN_SIGNING_SECRET; không có thì "
               "hỏi, nếu đang chạy ở cửa sổ lệnh)"),
    )
    sign.add_argument(
        "--position", choices=("signer", "organisation"), default="signer",
        help=_("signer: chữ ký của người ký, ở khối chữ ký; organisation: chữ ký số của cơ quan, tổ chức, ở vị trí "
               "con dấu, trùm lên 1/3 chữ ký của người ký về bên trái"))
    sign.add_argument("--signer-name",
                      help=_("họ tên in ở khối chữ ký, để tìm chỗ đặt chữ ký (mặc định: tên trong chứng thư, hoặc "
                             "dòng cuối của khối chữ ký)"))
    sign.add_argument("--page", type=_page_number, help=_("trang đặt chữ ký (mặc định trang cuối)"))
    sign.add_argument("--box", type=_box, help=_("tự chọn vị trí chữ ký: x1,y1,x2,y2 (điểm, gốc góc dưới trái)"))
    sign.add_argument("--attachment-symbol", help=_("ký phụ lục: số, ký hiệu in ở góc trên bên phải trang 1"))
    sign.add_argument("--reason", default="")
    sign.add_argument("--location", default="")
    _format_option(sign)
    verify = documents_sub.add_parser("verify", help=_("kiểm tra chữ ký số của một tệp PDF"))
    verify.add_argument("file", type=Path, metavar=_("TỆP.pdf"))
    verify.add_argument("--trust", type=Path, action="append", default=[], help=_("chứng thư gốc tin cậy (.pem/.cer)"))
    _format_option(verify)

    registers = sub.add_parser("registers", help=_("sổ văn bản đi, sổ văn bản đến"))
    registers_sub = registers.add_subparsers(dest="registers_command", metavar=_("LỆNH"))
    registers_sub.required = True
    outgoing = registers_sub.add_parser("outgoing", parents=on_db, help=_("sổ văn bản đi của một năm"))
    outgoing.add_argument("--year", type=_year, required=True)
    outgoing.add_argument("-o", "--output", type=Path, help=_("in sổ ra tệp PDF"))
    _format_option(outgoing)
    incoming = registers_sub.add_parser("incoming", parents=on_db, help=_("sổ văn bản đến của một năm"))
    incoming.add_argument("--year", type=_year, required=True)
    _format_option(incoming)
    return parser


# --------------------------------------------------------------------------- output


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


def _day(value: date | None) -> str:
    """A date as the clerk reads it in text output (24/03/2021); JSON keeps ISO 8601."""
    from desktop_app.domain.vntext import format_date

    return format_date(value) if value is not None else ""


def _warn(message: str) -> None:
    print(_("Lưu ý: {text}").format(text=message), file=sys.stderr)


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


class _Refused(Exception):
    """A request the CLI turns down before doing anything; the message is for the clerk."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _output_checked(path: Path, database: Path | None, inputs: Sequence[Path] = ()) -> Path:
    """``path`` if writing there cannot destroy the open database or one of the command's inputs."""
    from desktop_app.files.atomic import OutputPathError, check_output_folder, check_output_path

    try:
        check_output_path(path, database=database, inputs=inputs)
        check_output_folder(path)
    except OutputPathError as exc:
        raise _Refused(str(exc), EXIT_USER_ERROR) from exc
    return path


# --------------------------------------------------------------------------- the database


def _sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise _Refused(_("Địa chỉ cơ sở dữ liệu «{url}» không hợp lệ.").format(url=url), EXIT_DATABASE_ERROR) from exc
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None  # a server, or an in-memory database open_database refuses
    return Path(parsed.database)


SQLITE_HEADER = b"SQLite format 3\x00"


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
        raise _Refused(
            _("Không tìm thấy tệp cơ sở dữ liệu «{path}». Hãy kiểm tra đường dẫn --db. Chỉ lệnh «demo» và bước thiết "
              "lập ban đầu (mở giao diện) mới tạo cơ sở dữ liệu mới.").format(path=path), EXIT_DATABASE_ERROR)
    if path.is_dir():
        raise _Refused(_("«{path}» là một thư mục, không phải tệp cơ sở dữ liệu.").format(path=path),
                       EXIT_DATABASE_ERROR)
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise _Refused(_("Không đọc được tệp cơ sở dữ liệu «{path}»: {reason}.")
                       .format(path=path, reason=exc.strerror or exc), EXIT_DATABASE_ERROR) from exc
    if header != SQLITE_HEADER:
        raise _Refused(_("Tệp «{path}» không phải là cơ sở dữ liệu của CongDoan Desk (không phải tệp SQLite). "
                         "Hãy kiểm tra đường dẫn --db.").format(path=path), EXIT_DATABASE_ERROR)


# --------------------------------------------------------------------------- running a command


def run(args: argparse.Namespace) -> int:
    """Run one sub-command; returns the exit status."""
    from sqlalchemy.exc import SQLAlchemyError

    from desktop_app.bootstrap import database_url, open_context
    from desktop_app.persistence.errors import DatabaseError
    from desktop_app.services.errors import UserError

    try:
        if args.command == "deadline":
            return _run_deadline(args)
        if args.command == "documents" and args.documents_command in ("sign", "verify"):
            return _run_signing(args)
        url = database_url(args.db, args.db_url)
        path = _sqlite_path(url)
        existed = path is not None and path.exists()
        if path is not None and args.command != "demo":
            _existing_database(path)
        try:
            context = open_context(url)
        except DatabaseError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_DATABASE_ERROR
        except SQLAlchemyError as exc:
            # An unknown kind of database in --db-url, or a server that does not answer.
            raise _Refused(_("Không mở được cơ sở dữ liệu {url}: {reason}. Hãy kiểm tra địa chỉ --db-url và máy chủ.")
                           .format(url=_shown_url(url), reason=_one_line(exc.args[0] if exc.args else exc)),
                           EXIT_DATABASE_ERROR) from exc
        try:
            if args.command == "demo":
                return _run_demo(args, context, url, existed)
            if args.command == "units":
                return _run_units(args, context)
            if args.command == "documents":
                return _run_documents(args, context)
            if args.command == "registers":
                return _run_registers(args, context)
            raise AssertionError(args.command)
        finally:
            context.close()
    except _Refused as exc:
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


def _run_demo(args: argparse.Namespace, context: Any, url: str, existed: bool) -> int:
    from desktop_app.services.demo import load_demo

    summary = load_demo(context)
    if args.format == "json":
        _print_json(asdict(summary) | {"database": url, "database_existed": existed})
    elif summary.created:
        print(_("Đã tạo dữ liệu mẫu: {home}, {count} CĐCS, tại {url}").format(
            home=summary.home_name, count=summary.units, url=url))
    else:
        print(_("Cơ sở dữ liệu {url} đã có dữ liệu của {home} ({count} đơn vị): không tạo lại, không thay đổi gì. "
                "Muốn có dữ liệu mẫu mới, hãy chọn một tệp --db chưa có.").format(
            url=url, home=summary.home_name, count=summary.units))
    return 0


def _database_path(context: Any) -> Path | None:
    path: Path | None = context.database.path
    return path


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
            _warn(warning.describe())
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
        target = _output_checked(args.file, _database_path(context))
        count = context.workbooks.export(target, include_dissolved=not args.active)
        if args.format == "json":
            _print_json({"file": str(target), "units": count})
        else:
            print(_("Đã xuất {count} đơn vị ra «{path}».").format(count=count, path=target))
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
    refusal = _("Chưa có mật khẩu tệp chứng thư hoặc mã PIN. Lệnh không chạy trong cửa sổ lệnh nên không hỏi được: "
                "hãy đặt nó vào biến môi trường {name} (hoặc chọn biến khác bằng --secret-env TÊN_BIẾN).").format(
        name=args.secret_env)
    if sys.stdin is None or not sys.stdin.isatty():
        # A script or a scheduled task: getpass would read an empty stdin and fail with EOFError.
        raise _Refused(refusal, EXIT_USER_ERROR)
    import getpass

    try:
        return getpass.getpass(what)
    except EOFError:
        raise _Refused(refusal, EXIT_USER_ERROR) from None


VERIFY_STATUS_VALID = "valid"


def _verify_status(reports: Sequence[Any]) -> str:
    if all(r.ok for r in reports):
        return VERIFY_STATUS_VALID
    if any(r.modified_after_signing or not r.intact for r in reports):
        return "invalid"
    return "untrusted"


def _run_verify(args: argparse.Namespace) -> int:
    """Always one JSON object (or the summaries) on stdout and, when something is wrong, one line on stderr."""
    from desktop_app.files.pdf.signing import SignatureError, verify_pdf

    try:
        reports = verify_pdf(args.file, trust_roots=args.trust)
    except SignatureError as exc:
        if args.format == "json":
            status = "unsigned" if getattr(exc, "unsigned", False) else "unreadable"
            _print_json({"file": str(args.file), "status": status, "signatures": [], "problems": [str(exc)]})
        print(str(exc), file=sys.stderr)
        return EXIT_USER_ERROR
    status = _verify_status(reports)
    if args.format == "json":
        _print_json({
            "file": str(args.file),
            "status": status,
            "signatures": [asdict(r) | {"ok": r.ok} for r in reports],
            "problems": [p for r in reports for p in r.problems if not r.ok],
        })
    else:
        for report in reports:
            print(report.summary)
    if status == VERIFY_STATUS_VALID:
        return 0
    bad = sum(1 for r in reports if not r.ok)
    print(_("Tệp «{name}»: {bad}/{count} chữ ký không hợp lệ hoặc chưa được tin cậy.").format(
        name=args.file.name, bad=bad, count=len(reports)), file=sys.stderr)
    return EXIT_USER_ERROR


def _run_signing(args: argparse.Namespace) -> int:
    """Signing and verifying work on files only: no database is opened."""
    from desktop_app.files.pdf.signing import (
        Pkcs11Signer,
        Pkcs12Signer,
        SignatureAppearance,
        SignatureError,
        format_signing_time,
        sign_pdf,
    )

    if args.documents_command == "verify":
        return _run_verify(args)
    key_file = args.p12 if args.p12 is not None else args.pkcs11_lib
    _output_checked(args.output, None, inputs=[args.input, key_file])
    try:
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
        appearance = SignatureAppearance(
            signer_name=args.signer_name,
            attachment_symbol=args.attachment_symbol,
            page=args.page - 1 if args.page is not None else None,
            box=args.box,
            organisation_seal=args.position == "organisation",
        )
        info = sign_pdf(
            args.input, args.output, signer, reason=args.reason, location=args.location, appearance=appearance
        )
    except SignatureError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USER_ERROR
    for warning in info.warnings:
        _warn(warning)
    if args.format == "json":
        _print_json(asdict(info))
    else:
        print(
            _("Đã ký «{path}»: {name}, {time}.").format(
                path=info.path, name=info.signer_name, time=format_signing_time(info.signing_time)
            )
        )
    return 0


def _document_json(record: Any) -> dict[str, Any]:
    """A document as listed: its list columns (the content is read only when one document is printed)."""
    return {
        "id": record.id,
        "uuid": record.uuid,
        "type_code": record.type_code,
        "status": record.status,
        "number": record.number,
        "year": record.year,
        "symbol": record.symbol,
        "summary": record.summary,
        "issue_date": record.issue_date,
        "signer": record.signer_name,
        "revision": record.revision,
        "version_of_id": record.version_of_id,
        "version_of_uuid": record.version_of_uuid,
    }


def _document_line(record: Any) -> str:
    from desktop_app.services.documents import STATUS_LABELS

    status = STATUS_LABELS.get(record.status, record.status)
    return f"{record.id}\t{record.symbol or _('(dự thảo)')}\t{_day(record.issue_date)}\t{status}\t{record.summary}"


def _font_for(wanted: str | None) -> str | None:
    """The family to print with; says on stderr when the asked one is not installed and which replaced it.

    A fallback keeps exit 0: the stand-ins print every Vietnamese letter with the same metrics, so the document is
    still correct, and the JSON output's "font" names what was used for a script to check.
    """
    from desktop_app.files.pdf.fonts import FontError, choose_fonts

    if not wanted:
        return None
    try:
        choice = choose_fonts(wanted)
    except FontError as exc:
        raise _Refused(str(exc), EXIT_USER_ERROR) from exc
    if choice.family.casefold() != " ".join(wanted.split()).casefold():
        _warn(_("máy này không có phông «{wanted}»; đã in bằng phông «{used}» thay thế. {reason}").format(
            wanted=wanted, used=choice.family, reason=choice.reason))
    return choice.family


def _run_documents(args: argparse.Namespace, context: Any) -> int:
    if args.documents_command == "list":
        records = context.documents.list_documents(args.type_code, args.year, args.status, args.search)
        _print_listing(args.format, records, _document_json, _document_line)
        return 0
    if args.documents_command == "render":
        database = _database_path(context)
        output = _output_checked(args.output, database)
        word = _output_checked(args.docx, database, inputs=[output]) if args.docx is not None else None
        font = _font_for(args.font)
        from desktop_app.files.atomic import atomic_output
        from desktop_app.services.errors import UserError

        # One command, one result: the PDF is moved into place only once the Word file is written too, so a
        # failed --docx leaves the old PDF (or none) rather than a stray half of the pair.
        with atomic_output(output) as partial:
            try:
                result = context.documents.render_pdf(args.id, partial, font=font)
            except UserError as exc:
                raise UserError(str(exc).replace(str(partial), str(output))) from exc
            if word is not None:
                context.documents.export_docx(args.id, word)
        for warning in result.warnings:
            _warn(warning)
        if args.format == "json":
            _print_json(
                {
                    "file": str(output),
                    "pages": result.pages,
                    "font": result.font_family,
                    "docx": str(word) if word else None,
                }
            )
        else:
            print(
                _("Đã in ra «{path}»: {pages} trang, phông {font}.").format(
                    path=output, pages=result.pages, font=result.font_family
                )
            )
        return 0
    raise AssertionError(args.documents_command)


def _outgoing_status(entry: Any) -> str:
    if entry.cancelled:
        return _("Đã hủy {day}: {reason}").format(day=_day(entry.cancelled_on), reason=entry.cancel_reason)
    return _("Đã cấp số")


def _run_registers(args: argparse.Namespace, context: Any) -> int:
    if args.registers_command == "outgoing":
        if args.output is not None:
            output = _output_checked(args.output, _database_path(context))
            pages = context.registers.print_outgoing_book(args.year, output)
            if args.format == "json":
                _print_json({"file": str(output), "year": args.year, "pages": pages})
            else:
                print(
                    _("Đã in sổ văn bản đi năm {year} ra «{path}» ({pages} trang).").format(
                        year=args.year, path=output, pages=pages
                    )
                )
            return 0
        _print_listing(
            args.format,
            context.registers.outgoing(args.year),
            asdict,
            lambda e: f"{e.symbol}\t{_day(e.issued_on)}\t{_outgoing_status(e)}\t{e.summary}",
        )
        return 0
    if args.registers_command == "incoming":
        _print_listing(
            args.format,
            context.registers.incoming(args.year),
            asdict,
            lambda e: f"{e.arrival_number}\t{_day(e.arrived_on)}\t{e.sender}\t{e.their_symbol}\t{e.summary}",
        )
        return 0
    raise AssertionError(args.registers_command)


# --------------------------------------------------------------------------- the top level


def _configure_logging() -> Path | None:
    """The log file in the data folder (None if it cannot be written: the CLI still works without it)."""
    from desktop_app.logs import configure_logging
    from desktop_app.paths import user_data_dir

    try:
        return configure_logging(user_data_dir() / "logs")
    except OSError:
        # Without a handler Python's last resort would print warnings (pyHanko's tracebacks) on stderr.
        logging.getLogger().addHandler(logging.NullHandler())
        from desktop_app.logs import NOISY_LIBRARIES

        for noisy in NOISY_LIBRARIES:
            logging.getLogger(noisy).setLevel(logging.CRITICAL)
        return None


def main(argv: Sequence[str] | None = None) -> int:
    log_file = _configure_logging()
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
                "tệp này cho người hỗ trợ.").format(kind=type(exc).__name__, error=_one_line(exc), log=where),
              file=sys.stderr)
        return EXIT_INTERNAL_ERROR


def _one_line(exc: object) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:199] + "…"


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
