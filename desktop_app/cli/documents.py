"""``documents list|render`` (outgoing documents in the database) and, through :mod:`desktop_app.cli.signing`,
``documents sign|verify`` (PDF files)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.cli import signing
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

NAME = "documents"

#: SQLite's largest integer: a record id beyond it cannot exist and would overflow the driver.
MAX_RECORD_ID = 2**63 - 1


def _record_id(text: str) -> int:
    """A record id: a whole number from 1 to SQLite's largest integer."""
    value = text.strip()
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_RECORD_ID:
        raise argparse.ArgumentTypeError(
            _("«{text}» không phải là mã số hợp lệ: cần một số nguyên dương (xem cột đầu của «documents list»).")
            .format(text=text))
    return int(value)


def _type_code(text: str) -> str:
    from desktop_app.domain.documents import DOCUMENT_TYPES
    from desktop_app.domain.vntext import nfc

    codes = [k.code for k in DOCUMENT_TYPES if k.code]
    wanted = nfc(text.strip())
    if wanted not in codes:
        raise argparse.ArgumentTypeError(
            _("không có loại văn bản mã «{code}»; các mã: {codes}.").format(code=text, codes=", ".join(codes)))
    return wanted


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
               ) -> None:
    documents = sub.add_parser(NAME, help=_("văn bản đi"))
    documents_sub = documents.add_subparsers(dest="documents_command", metavar=_("LỆNH"))
    documents_sub.required = True
    doc_list = documents_sub.add_parser("list", parents=parents, help=_("liệt kê văn bản"))
    doc_list.add_argument("--type", dest="type_code", type=_type_code, help=_("mã loại văn bản, ví dụ KH"))
    doc_list.add_argument("--year", type=year_argument)
    doc_list.add_argument("--status", choices=("draft", "issued"),
                          help=_("draft: dự thảo; issued: đã ban hành"))
    doc_list.add_argument("--search", default="")
    format_option(doc_list)
    render = documents_sub.add_parser("render", parents=parents, help=_("in văn bản ra PDF theo thể thức"))
    render.add_argument("id", type=_record_id, metavar=_("MÃ_SỐ"),
                        help=_("mã số văn bản (cột đầu của «documents list»)"))
    render.add_argument("-o", "--output", type=Path, required=True, metavar=_("TỆP.pdf"))
    render.add_argument("--font", help=_("phông chữ in (mặc định Times New Roman nếu có)"))
    render.add_argument("--docx", type=Path, help=_("xuất thêm tệp Word (.docx) cùng thể thức"))
    format_option(render)
    signing.add_parsers(documents_sub)


def database_use(args: argparse.Namespace) -> DatabaseUse:
    return DatabaseUse.NONE if args.documents_command in signing.COMMANDS else DatabaseUse.EXISTING


def run(args: argparse.Namespace, context: CommandContext | None) -> int:
    if args.documents_command in signing.COMMANDS:
        return signing.run(args)
    context = opened(context)
    if args.documents_command == "list":
        records = context.services.documents.list_documents(args.type_code, args.year, args.status, args.search)
        print_listing(args.format, records, _document_json, _document_line)
        return 0
    if args.documents_command == "render":
        return _render(args, context)
    raise AssertionError(args.documents_command)


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
    return f"{record.id}\t{record.symbol or _('(dự thảo)')}\t{day_text(record.issue_date)}\t{status}\t{record.summary}"


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
        raise Refused(str(exc), EXIT_USER_ERROR) from exc
    if choice.family.casefold() != " ".join(wanted.split()).casefold():
        warn(_("máy này không có phông «{wanted}»; đã in bằng phông «{used}» thay thế. {reason}").format(
            wanted=wanted, used=choice.family, reason=choice.reason))
    return choice.family


def _render(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.files.atomic import atomic_output
    from desktop_app.services.errors import UserError

    documents = context.services.documents
    database = context.database_path
    output = output_checked(args.output, database)
    word = output_checked(args.docx, database, inputs=[output]) if args.docx is not None else None
    font = _font_for(args.font)
    # One command, one result: the PDF is moved into place only once the Word file is written too, so a
    # failed --docx leaves the old PDF (or none) rather than a stray half of the pair.
    with atomic_output(output) as partial:
        try:
            result = documents.render_pdf(args.id, partial, font=font)
        except UserError as exc:
            raise UserError(str(exc).replace(str(partial), str(output))) from exc
        if word is not None:
            documents.export_docx(args.id, word)
    for warning in result.warnings:
        warn(warning)
    if args.format == "json":
        print_json(
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
