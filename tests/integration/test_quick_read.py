"""The start-up read of the Units page (sqlite3, no SQLAlchemy) gives exactly what UnitService gives, and stands
aside, without writing anything, whenever the normal opening has something to decide or refuse."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench.scale_data import make_office_db
from desktop_app.bootstrap import AppContext, database_url, open_context
from desktop_app.domain.units import UnitDraft
from desktop_app.persistence import migrate
from desktop_app.persistence.database import open_database, sqlite_url
from desktop_app.persistence.errors import DatabaseUnreadable
from desktop_app.persistence.quick_read import QUICK_READ_SCHEMA, read_units_quickly
from desktop_app.persistence.unit_of_work import UnitOfWork
from desktop_app.services.tracking import TrackingService
from desktop_app.services.unit_records import UnitListing, quick_list_units
from tests.conftest import TODAY

FIXTURE_V1 = Path(__file__).parents[1] / "fixtures" / "schema_0001.sqlite"


def _service_listing(context: AppContext) -> UnitListing:
    return UnitListing(context.units.list_units(), context.units.sectors())


def _folder_state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_the_quick_read_knows_the_current_schema() -> None:
    # A new migration may change the tables this read's SQL names: it must be looked at again before it is trusted.
    assert QUICK_READ_SCHEMA == migrate.SCHEMA_HEAD


def test_the_demo_office_reads_the_same_as_the_service(demo_context: AppContext) -> None:
    expected = _service_listing(demo_context)
    assert demo_context.database.path is not None
    listing = quick_list_units(demo_context.database.path)
    assert listing == expected
    assert len(listing.units) >= 110


def test_the_start_page_figures_of_the_demo_read_the_same_as_the_service(demo_context: AppContext) -> None:
    """Overdue and due-this-week requests with their figures (on time, late, returned, exempt, missing, CĐCS founded
    and dissolved), their last days on time and upstream deadlines: the quick read is the service's dashboard."""
    from desktop_app.services.quick_start import quick_start

    assert demo_context.database.path is not None
    expected = demo_context.tracking.dashboard()
    assert expected.overdue and expected.due_soon  # the demo has both, so the comparison has something to compare
    for day in (TODAY, TODAY + timedelta(days=3), date(2026, 2, 16), date(2025, 9, 1)):  # Tết and 2/9 among them
        quick = quick_start(demo_context.database.path, day)
        assert quick is not None
        service = TrackingService(lambda: UnitOfWork(demo_context.database.session_factory), lambda d=day: d)
        assert quick.dashboard == service.dashboard(), day
        assert quick.listing == _service_listing(demo_context)


def test_the_start_page_read_leaves_the_file_untouched_and_follows_the_office_calendar(
        context: AppContext, db_path: Path) -> None:
    from desktop_app.services.quick_start import quick_start
    from desktop_app.services.tracking import RequestDraft

    context.units.create_many([UnitDraft(code=f"CD{n}", name=f"Công đoàn {n}") for n in range(3)])
    # Due on Friday 27/11/2026, made a day off by the office: the last day on time moves to Monday 30/11.
    request = context.tracking.create_request(
        RequestDraft(title="Báo cáo tháng 11", issued_on=date(2026, 11, 2), due=date(2026, 11, 27)))
    context.tracking.set_office_day(date(2026, 11, 27), False, "Nghỉ theo quyết định của Ban Thường vụ")
    context.close()
    before = _folder_state(db_path.parent)
    quick = quick_start(db_path, date(2026, 11, 28))
    assert _folder_state(db_path.parent) == before
    assert quick is not None
    assert quick.dashboard.overdue == ()
    [soon] = quick.dashboard.due_soon
    assert (soon.id, soon.last_day, len(soon.figures.missing)) == (request.id, date(2026, 11, 30), 3)
    assert quick_start(db_path, date(2026, 12, 1)).dashboard.overdue[0].id == request.id  # type: ignore[union-attr]


def test_a_scale_data_office_of_300_units_reads_the_same_as_the_service(tmp_path: Path) -> None:
    path = make_office_db(tmp_path / "data" / "office-300.sqlite", 300)
    context = open_context(database_url(path))
    try:
        expected = _service_listing(context)
    finally:
        context.close()
    listing = quick_list_units(path)
    assert listing is not None
    assert len(listing.units) == 300
    assert listing == expected


def test_edits_dissolutions_merges_nulls_sectors_and_kinds_read_the_same(context: AppContext, db_path: Path) -> None:
    units = context.units
    bare = units.create(UnitDraft(code="CDCS_BARE", name="CĐCS Không khu vực"))  # NULL sector, counts, dates
    full = units.create(
        UnitDraft(
            code="ND_01", name="Nghiệp đoàn Xe ôm Chợ mới", short_name="NĐ Xe ôm", kind="NDCS", sector="KHAC",
            members=31, female_members=0, workers=40, chair="Lê Văn Tư", phone="0276 3000 111",
            email="xeom@example.vn", address="ấp 3, xã Truông Mít", founded=date(2019, 5, 1), notes="ghi chú\ndòng 2",
        )
    )
    source = units.create(UnitDraft(code="CDCS_A", name="CĐCS Trường Tiểu học A", sector="HCSN", members=20))
    target = units.create(UnitDraft(code="CDCS_B", name="CĐCS Trường Tiểu học B", sector="HCSN", members=25))
    gone = units.create(UnitDraft(code="CDCS_C", name="CĐCS Công ty C", sector="NNN", members=12))
    units.update(full.id, UnitDraft(**{**full.draft().__dict__, "chair": "Trần Thị Năm", "members": None}))
    units.dissolve(gone.id, date(2025, 12, 31), "Công ty giải thể")
    units.merge(source.id, target.id, date(2026, 3, 1), "Sáp nhập hai trường")
    # A retired sector is not offered in the filter: the quick read leaves it out too.
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE sectors SET retired = 1 WHERE code = 'HTX'")
    conn.commit()
    conn.close()

    expected = _service_listing(context)
    listing = quick_list_units(db_path)
    assert listing == expected
    by_code = {u.code: u for u in listing.units}
    assert by_code["CDCS_BARE"].sector is None and by_code["CDCS_BARE"].members is None
    assert by_code["CDCS_BARE"].founded is None and by_code["CDCS_BARE"].sector_name == ""
    assert by_code["ND_01"].kind == "NDCS" and by_code["ND_01"].revision == 2
    assert by_code["CDCS_A"].merged_into_code == "CDCS_B" and by_code["CDCS_A"].dissolved == date(2026, 3, 1)
    assert by_code["CDCS_C"].dissolved == date(2025, 12, 31)
    assert "HTX" not in {s.code for s in listing.sectors}
    assert bare.id in {u.id for u in listing.units}


def test_the_quick_read_writes_nothing_and_creates_nothing_beside_the_file(demo_context: AppContext) -> None:
    path = demo_context.database.path
    assert path is not None
    demo_context.close()
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    before = _folder_state(path.parent)
    assert read_units_quickly(path) is not None
    assert _folder_state(path.parent) == before


def test_an_office_not_set_up_goes_the_normal_way(empty_context: AppContext, db_path: Path) -> None:
    # The first-run wizard has to come first.
    assert quick_list_units(db_path) is None


def test_an_older_schema_goes_the_normal_way(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURE_V1, path)
    before = _folder_state(tmp_path)
    assert quick_list_units(path) is None
    assert _folder_state(tmp_path) == before


def test_a_stored_revision_other_than_the_head_goes_the_normal_way(demo_context: AppContext, db_path: Path) -> None:
    demo_context.close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    assert quick_list_units(db_path) is None


def test_a_damaged_database_goes_the_normal_way_which_refuses_it(demo_context: AppContext, db_path: Path) -> None:
    demo_context.close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = DELETE")  # everything in the main file, so the damage is where SQLite reads
    conn.close()
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 300] = b"\xff" * 300
    db_path.write_bytes(bytes(data))
    assert quick_list_units(db_path) is None
    with pytest.raises(DatabaseUnreadable):
        open_database(sqlite_url(db_path))


@pytest.mark.parametrize("content", [b"", b"not a database at all, just text" * 40])
def test_a_file_that_is_not_a_database_goes_the_normal_way(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "office.sqlite"
    path.write_bytes(content)
    assert quick_list_units(path) is None
    assert path.read_bytes() == content


def test_a_missing_file_or_a_folder_goes_the_normal_way(tmp_path: Path) -> None:
    assert quick_list_units(tmp_path / "none.sqlite") is None
    assert not (tmp_path / "none.sqlite").exists()
    assert quick_list_units(tmp_path) is None


def test_a_file_locked_by_another_program_goes_the_normal_way(demo_context: AppContext, db_path: Path) -> None:
    demo_context.close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("BEGIN EXCLUSIVE")
    try:
        assert quick_list_units(db_path) is None
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    assert quick_list_units(db_path) is not None


def test_a_file_the_normal_opening_would_open_read_only_goes_the_normal_way(
    demo_context: AppContext, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    demo_context.close()
    real_access = os.access

    def no_writing(path: object, mode: int, **kwargs: object) -> bool:
        # As a read-only file or folder looks (tests may run as root, for whom permission bits do not count).
        return False if mode & os.W_OK else real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", no_writing)
    assert quick_list_units(db_path) is None
    database = open_database(sqlite_url(db_path))
    try:
        assert database.read_only
    finally:
        database.dispose()
