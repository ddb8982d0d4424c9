"""Lists read the list columns only: no statement listing documents, the incoming register or the latest
arrivals touches a document's content or an attachment's bytes, and a register of a year is read in a fixed
number of statements, not one per entry (issue 8; bench/bench_lists.py measures the same on a 6 GB office)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from desktop_app.bootstrap import AppContext
from desktop_app.domain.documents import (
    DOCUMENT_TYPES,
    BasisLine,
    Header,
    OfficialDocument,
    Paragraph,
    Recipients,
    SignerBlock,
    Task,
)
from desktop_app.services.registers import IncomingDraft, IncomingEntry

YEAR = 2026
# A column named content, qualified or not; content_version and the like are other columns.
CONTENT_COLUMN = re.compile(r"(?<![\w.])(?:\w+\.)?content(?!\w)", re.IGNORECASE)
CONTENT_TABLES = re.compile(r"\b(?:incoming_files|documents)\b", re.IGNORECASE)


def plan(summary: str, cited: IncomingEntry) -> OfficialDocument:
    kind = next(t for t in DOCUMENT_TYPES if t.code == "KH")
    return OfficialDocument(
        type=kind,
        number=None,
        header=Header("LĐLĐ TỈNH TÂY NINH", "LĐLĐ HUYỆN DƯƠNG MINH CHÂU", "Huyện Dương Minh Châu"),
        summary=summary,
        basis=(BasisLine(f"Căn cứ văn bản số {cited.their_symbol} của {cited.sender}.", incoming_uuid=cited.uuid),),
        body=(Paragraph("Thực hiện chương trình công tác năm 2026."),
              Task("Báo cáo kết quả", who="Các CĐCS", timing="Thời gian hoàn thành: trước ngày 15/5/2026.")),
        recipients=Recipients(("- Các CĐCS;", "- Lưu: VT.")),
        signer=SignerBlock("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn An"),
    )  # fmt: skip


def fill(context: AppContext, folder: Path, entries: int, year: int = YEAR) -> list[IncomingEntry]:
    """``entries`` arrivals in ``year``, each with an attachment and cited by a plan; every other plan issued."""
    arrivals = []
    for n in range(entries):
        attachment = folder / f"den-{year}-{n}.pdf"
        attachment.write_bytes(b"%PDF-1.4 " + bytes([n % 256]) * 20_000)
        day = date(year, 1, 1) + timedelta(days=n * 6 % 300)
        entry = context.registers.register_incoming(
            IncomingDraft(arrived_on=day, sender="Huyện ủy Dương Minh Châu", summary=f"Về việc số {n}",
                          their_symbol=f"{n + 1}-CV/HU", their_date=day),
            [attachment],
        )  # fmt: skip
        arrivals.append(entry)
        draft = context.documents.create_draft(plan(f"Kế hoạch thực hiện văn bản đến số {n}", entry))
        if n % 2 == 0:
            context.documents.issue(draft.id, issued_on=day)
    return arrivals


@contextmanager
def statements(context: AppContext) -> Iterator[list[str]]:
    """Every SQL statement the database runs inside the block, as sent."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engine = context.database.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def reading_content(seen: list[str]) -> list[str]:
    return [s for s in seen if CONTENT_TABLES.search(s) and CONTENT_COLUMN.search(s)]


@pytest.fixture
def office(context: AppContext, tmp_path: Path) -> AppContext:
    fill(context, tmp_path, 50)
    return context


LISTS: dict[str, Callable[[AppContext], list[Any]]] = {
    "documents": lambda c: c.documents.list_documents(),
    "documents searched": lambda c: c.documents.list_documents(search="ke hoach van ban den so 1"),
    "documents of a year, issued": lambda c: c.documents.list_documents(year=YEAR, status="issued"),
    "incoming register": lambda c: c.registers.incoming(YEAR),
    "recent incoming": lambda c: c.registers.recent_incoming(),
    "outgoing register": lambda c: c.registers.outgoing(YEAR),
}


@pytest.mark.parametrize("name", LISTS)
def test_a_list_reads_no_document_content_and_no_attachment_bytes(office: AppContext, name: str) -> None:
    with statements(office) as seen:
        rows = LISTS[name](office)
    assert rows, f"{name}: the list is empty, nothing was checked"
    assert seen, "no statement was recorded"
    assert reading_content(seen) == []


def test_the_check_sees_a_statement_that_reads_content(office: AppContext) -> None:
    # The same listener must catch the reads the lists avoid, or the test above proves nothing.
    entry = office.registers.incoming(YEAR)[0]
    document = office.documents.list_documents()[0]
    with statements(office) as seen:
        assert office.registers.incoming_file_content(entry.files[0].id).startswith(b"%PDF")
        office.documents.get(document.id)
    touched = reading_content(seen)
    assert any("incoming_files" in s for s in touched) and any("documents" in s for s in touched)


def test_the_lists_show_what_the_clerk_needs_without_content(office: AppContext) -> None:
    register = office.registers.incoming(YEAR)
    assert len(register) == 50
    assert all(len(e.files) == 1 and e.files[0].size == 20_009 for e in register)
    assert all(e.cited_by for e in register)
    documents = office.documents.list_documents()
    assert len(documents) == 50 and sum(d.issued for d in documents) == 25


def count_statements(context: AppContext, read: Callable[[AppContext], list[Any]]) -> tuple[int, int]:
    with statements(context) as seen:
        rows = read(context)
    return len(rows), len(seen)


def test_the_incoming_register_of_a_year_takes_a_few_statements_whatever_its_length(
    context: AppContext, tmp_path: Path
) -> None:
    fill(context, tmp_path, 3, year=2025)
    fill(context, tmp_path, 50, year=YEAR)
    few = count_statements(context, lambda c: c.registers.incoming(2025))
    many = count_statements(context, lambda c: c.registers.incoming(YEAR))
    assert few[0] == 3 and many[0] == 50
    assert many[1] <= 5
    assert many[1] == few[1]


@pytest.mark.parametrize("name", ["documents", "recent incoming", "outgoing register"])
def test_other_lists_take_the_same_statements_for_3_rows_as_for_50(
    context: AppContext, tmp_path: Path, name: str
) -> None:
    fill(context, tmp_path, 3, year=2025)
    few = count_statements(context, LISTS[name])
    fill(context, tmp_path, 47, year=YEAR)
    many = count_statements(context, LISTS[name])
    assert many[0] > few[0]
    assert many[1] == few[1] <= 5


def bytes_read() -> int:
    """Bytes this process has read through read()/pread() so far, cached or not (proc(5), rchar)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


@pytest.mark.parametrize("name", ["incoming register", "recent incoming"])
def test_listing_arrivals_leaves_the_attachments_pages_unread(context: AppContext, tmp_path: Path, name: str) -> None:
    # SQLite stores a row's columns in order, a large value on a chain of overflow pages: reading any column
    # stored after the attachment's bytes walks the whole chain even when no statement selects the bytes.
    size = 400_000
    for n in range(20):
        attachment = tmp_path / f"lon-{n}.pdf"
        attachment.write_bytes(bytes([n]) * size)
        context.registers.register_incoming(
            IncomingDraft(arrived_on=date(YEAR, 2, 1 + n), sender="Huyện ủy", summary=f"Về việc {n}"), [attachment]
        )
    before = bytes_read()
    rows = LISTS[name](context)
    read = bytes_read() - before
    assert len(rows) == 20 and all(e.files[0].size == size for e in rows)
    assert read < 20 * size // 10, f"listing read {read} bytes of {20 * size} stored"


def test_a_listing_read_from_the_columns_says_what_the_opened_document_says(office: AppContext) -> None:
    listings = office.documents.list_documents()
    assert listings
    for listing in listings:
        record = office.documents.get(listing.id)
        assert {name: getattr(record, name) for name in vars(listing)} == vars(listing)


@pytest.mark.parametrize("table", ["documents", "incoming_files"])
def test_the_content_is_stored_after_every_column_a_list_reads(db_path: Path, table: str) -> None:
    """SQLite reaches a column by walking those before it: behind the content, a list would read all of it."""
    import sqlite3

    from desktop_app.bootstrap import database_url, open_context

    open_context(database_url(db_path)).close()
    with sqlite3.connect(db_path) as db:
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
    assert columns[-1] == "content"
