"""Whatever screen asks for a file (a save dialog's PDF, Word, register book or unit list), an output over the
open database or its -wal/-shm is refused with a message and the database is left byte-identical."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.bootstrap import AppContext
from desktop_app.services.errors import UserError


def _plan(context: AppContext) -> int:
    return next(d.id for d in context.documents.list_documents() if d.symbol == "94/KH-LĐLĐ")


WRITERS: dict[str, Callable[[AppContext, Path], object]] = {
    "pdf": lambda c, p: c.documents.render_pdf(_plan(c), p),
    "docx": lambda c, p: c.documents.export_docx(_plan(c), p),
    "register book": lambda c, p: c.registers.print_outgoing_book(2021, p),
    "units workbook": lambda c, p: c.workbooks.export(p),
    "tracking matrix": lambda c, p: c.tracking_exports.matrix_xlsx(2026, p),
    "tracking summary": lambda c, p: c.tracking_exports.summary_pdf(2026, p),
}


@pytest.mark.parametrize("side", ["", "-wal", "-shm"])
@pytest.mark.parametrize("writer", list(WRITERS), ids=list(WRITERS))
def test_no_output_replaces_the_open_database(demo_context: AppContext, writer: str, side: str) -> None:
    database = demo_context.database.path
    assert database is not None
    target = database.with_name(database.name + side)
    target.touch()  # SQLite may not keep the side file at this moment; the refusal must not depend on it
    before = {p.name: p.read_bytes() for p in database.parent.iterdir() if p.is_file()}
    with pytest.raises(UserError, match="cơ sở dữ liệu đang mở"):
        WRITERS[writer](demo_context, target)
    after = {p.name: p.read_bytes() for p in database.parent.iterdir() if p.is_file()}
    assert after.keys() == before.keys(), "no temporary file left beside the database"
    assert after[database.name] == before[database.name]
    assert demo_context.units.list_units(), "the database still opens and reads"


def test_a_closed_database_is_an_ordinary_file_again(empty_context: AppContext, tmp_path: Path) -> None:
    from desktop_app.files.atomic import check_output_path

    database = empty_context.database.path
    assert database is not None
    empty_context.close()
    check_output_path(database)  # no longer refused once nothing has it open
