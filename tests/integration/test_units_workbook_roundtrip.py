"""Our unit-list export re-imports to the same drafts, and LibreOffice reads it as text, dates and numbers."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.unit_import import build_preview, find_header_row, guess_mapping
from desktop_app.domain.units import DEFAULT_SECTORS, FIELD_LABELS, UnitDraft
from desktop_app.files.xlsx.units_workbook import WorkbookError, read_first_sheet, write_units_workbook

TODAY = date(2025, 6, 1)
SECTOR_NAMES = {sector.code: sector.name for sector in DEFAULT_SECTORS}

DRAFTS = [
    UnitDraft(
        code="CDCS001",
        name="Trường Mầm non Hoa Sen",
        short_name="MN Hoa Sen",
        sector="HCSN",
        members=1234,
        female_members=1000,
        workers=1300,
        chair="Nguyễn Thị Ánh Tuyết",
        phone="0912 345 678",
        email="hoasen@example.vn",
        address="Ấp Phước Hội, xã Phước Ninh, huyện Dương Minh Châu",
        founded=date(2001, 9, 5),
        notes="Thành lập lại\nnăm 2010",
    ),
    UnitDraft(
        code="CDCS002",
        name='=HYPERLINK("http://example.com","Công ty Cổ phần Đầu tư")',
        sector="NNN",
        members=0,
        female_members=0,
        chair="-Trần Văn Bình",
        phone="+84 276 3 812 345",
        notes="@ghi chú: =1+1",
        founded=date(2019, 12, 31),
        dissolved=date(2024, 1, 2),
    ),
    UnitDraft(code="CDCS003", name="Công ty TNHH Giày da Đức Thành", sector="FDI"),
]


def export_row(draft: UnitDraft) -> list[object]:
    """A draft as the export writes it: one value per FIELD_LABELS column, sectors by name."""
    row: list[object] = []
    for name in FIELD_LABELS:
        value = getattr(draft, name)
        row.append(SECTOR_NAMES[value] if name == "sector" and value else value)
    return row


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    path = tmp_path / "Danh sách CĐCS.xlsx"
    write_units_workbook(path, list(FIELD_LABELS.values()), [export_row(d) for d in DRAFTS])
    return path


def test_export_reimports_to_equal_drafts(exported: Path) -> None:
    raw = read_first_sheet(exported)
    assert raw.sheet_name == "Danh sách CĐCS"
    header_row = find_header_row(raw.rows)
    assert header_row == 0
    mapping = guess_mapping(raw.rows[header_row])
    assert mapping == dict(enumerate(FIELD_LABELS))
    preview = build_preview(raw.rows, header_row, mapping, list(DEFAULT_SECTORS), set(), set(), TODAY)
    assert [p.describe() for p in preview.problems()] == []
    assert preview.generated_codes is False
    drafts = preview.drafts()
    assert drafts == DRAFTS
    assert all(draft.extra == {} for draft in drafts)


def test_formula_like_text_is_stored_as_text(exported: Path) -> None:
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook.active
    assert sheet is not None
    cell = sheet["B3"]
    assert cell.data_type == "s"
    assert cell.value == DRAFTS[1].name
    assert cell.quotePrefix
    assert sheet["I3"].value == "-Trần Văn Bình"
    assert sheet["I3"].data_type == "s"
    # Nothing in the file is a formula.
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_layout_bold_frozen_dates_and_widths(exported: Path) -> None:
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook.active
    assert sheet is not None
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    founded = sheet["M2"]
    assert founded.is_date
    assert founded.number_format == "DD/MM/YYYY"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["F"].width
    assert sheet.column_dimensions["L"].width <= 60


def soffice() -> str:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.fail("LibreOffice is needed for this test: install it (apt-get install libreoffice-calc-nogui).")
    return binary


def test_libreoffice_reads_text_dates_and_numbers(exported: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "csv"
    completed = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            # Comma, double quote, UTF-8 (76); no shell here, so no quotes around the filter name.
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(outdir),
            str(exported),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    csv_path = outdir / (exported.stem + ".csv")
    assert csv_path.exists(), f"soffice failed ({completed.returncode}): {completed.stdout}\n{completed.stderr}"
    text = csv_path.read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines(keepends=True)))
    assert rows[0] == list(FIELD_LABELS.values())
    first, second, third = rows[1], rows[2], rows[3]
    assert first[:3] == ["CDCS001", "Trường Mầm non Hoa Sen", "MN Hoa Sen"]
    assert first[4] == "Hành chính sự nghiệp"
    assert first[5:8] == ["1234", "1000", "1300"]
    assert first[8] == "Nguyễn Thị Ánh Tuyết"
    assert first[12] == "05/09/2001"
    assert first[14] == "Thành lập lại\nnăm 2010"
    # The formula-looking name stays text: LibreOffice shows it verbatim instead of a link.
    assert second[1] == DRAFTS[1].name
    assert second[8] == "-Trần Văn Bình"
    assert second[9] == "+84 276 3 812 345"
    assert second[12:15] == ["31/12/2019", "02/01/2024", "@ghi chú: =1+1"]
    assert third[1] == "Công ty TNHH Giày da Đức Thành"
    assert third[5] == ""


def test_failed_save_keeps_the_previous_file(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = exported.read_bytes()

    def broken_save(self: openpyxl.Workbook, filename: str | os.PathLike[str]) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(WorkbookError) as caught:
        write_units_workbook(exported, ["Tên đơn vị"], [["Trường mới"]])
    assert str(caught.value).startswith(f"Tệp «{exported.name}»: không ghi được tệp (No space left on device).")
    assert exported.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [exported.name]


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match="không ghi được vào thư mục"):
        write_units_workbook(tmp_path / "khong_co" / "ds.xlsx", ["Tên đơn vị"], [])


def test_control_characters_from_word_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    write_units_workbook(path, ["Tên đơn vị", "Ghi chú"], [["Trường\x0bA", "dòng 1\x0c"]])
    assert read_first_sheet(path).rows[1] == ["TrườngA", "dòng 1"]
