"""The command line as a script uses it: real processes, JSON on stdout, Vietnamese errors on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest


def cli(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONGDOAN_DATA_DIR": str(env_dir / "data"), "CONGDOAN_CONFIG_DIR": str(env_dir / "cfg"),
           "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "demo.sqlite"
    result = cli("--db", str(path), "demo", env_dir=folder)
    assert result.returncode == 0, result.stderr
    assert "Đã tạo dữ liệu mẫu" in result.stdout
    return path


def test_units_list_json_has_model_field_names_and_ids(demo_db: Path, tmp_path: Path) -> None:
    result = cli("--db", str(demo_db), "units", "list", "--format", "json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    units = json.loads(result.stdout)
    assert len(units) >= 110
    first = units[0]
    for key in ("id", "code", "name", "short_name", "kind", "parent_code", "sector", "members", "female_members",
                "workers", "chair", "founded", "dissolved"):
        assert key in first
    assert first["parent_code"] == "LDLD_DMC"
    assert all(isinstance(u["id"], int) for u in units)


def test_units_list_search_ignores_accents_and_sorts_in_vietnamese_order(demo_db: Path, tmp_path: Path) -> None:
    result = cli("--db", str(demo_db), "units", "list", "--format", "json", "--search", "truong tieu hoc",
                 env_dir=tmp_path)
    names = [u["name"] for u in json.loads(result.stdout)]
    assert names and all("Trường Tiểu học" in n for n in names)
    from desktop_app.domain.vntext import collation_key

    assert names == sorted(names, key=collation_key)


def test_demo_without_db_goes_to_its_own_file(tmp_path: Path) -> None:
    result = cli("demo", "--format", "json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["created"] is True
    assert (tmp_path / "data" / "demo.sqlite").exists()
    assert not (tmp_path / "data" / "congdoan.sqlite").exists()


def test_export_then_import_into_another_office(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "ds.xlsx"
    result = cli("--db", str(demo_db), "units", "export", str(out), "--active", "--format", "json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["units"] >= 110
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value == "Mã đơn vị" and sheet["B1"].value == "Tên đơn vị"
    fresh = tmp_path / "fresh.sqlite"
    not_set_up = cli("--db", str(fresh), "units", "import", str(out), env_dir=tmp_path)
    assert not_set_up.returncode != 0
    assert "thiết lập" in not_set_up.stderr


def test_import_with_problems_names_row_and_column_and_imports_nothing(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    assert cli("--db", str(db), "demo", env_dir=tmp_path).returncode == 0
    before = json.loads(cli("--db", str(db), "units", "list", "--format", "json", env_dir=tmp_path).stdout)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Tên CĐCS", "Số đoàn viên", "Trong đó nữ"])
    sheet.append([1, "CĐCS Trường Mầm non Hoa Sen", 20, 18])
    sheet.append([2, "CĐCS Công ty TNHH Ánh Dương", -5, 0])
    path = tmp_path / "moi.xlsx"
    book.save(path)
    result = cli("--db", str(db), "units", "import", str(path), env_dir=tmp_path)
    assert result.returncode == 1
    assert "Dòng 3, cột C (Số đoàn viên)" in result.stderr
    after = json.loads(cli("--db", str(db), "units", "list", "--format", "json", env_dir=tmp_path).stdout)
    assert len(after) == len(before)
    ok = cli("--db", str(db), "units", "import", str(path), "--exclude-rows", "3", "--format", "json",
             env_dir=tmp_path)
    assert ok.returncode == 0, ok.stderr
    imported = json.loads(ok.stdout)
    assert [u["name"] for u in imported] == ["CĐCS Trường Mầm non Hoa Sen"]
    assert imported[0]["members"] == 20


def test_bad_database_file_exits_non_zero_with_vietnamese_message(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("ghi chú, không phải cơ sở dữ liệu " * 100, encoding="utf-8")
    result = cli("--db", str(bogus), "units", "list", env_dir=tmp_path)
    assert result.returncode == 2
    assert "không phải là cơ sở dữ liệu" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_arguments_are_reported(demo_db: Path, tmp_path: Path) -> None:
    result = cli("--db", str(demo_db), "units", "import", str(tmp_path / "x.xlsx"), "--exclude-rows", "a",
                 env_dir=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_demo_documents_list_and_render_to_an_official_pdf(demo_db: Path, tmp_path: Path) -> None:
    listed = cli("--db", str(demo_db), "documents", "list", "--format", "json", env_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    documents = json.loads(listed.stdout)
    plan = next(d for d in documents if d["symbol"] == "94/KH-LĐLĐ")
    assert plan["status"] == "issued" and plan["issue_date"] == "2021-03-24"
    assert plan["content"]["header"]["place"] == "Huyện Dương Minh Châu"
    out = tmp_path / "kh94.pdf"
    rendered = cli("--db", str(demo_db), "documents", "render", str(plan["id"]), "-o", str(out), "--format", "json",
                   env_dir=tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    assert json.loads(rendered.stdout)["pages"] >= 5
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Số: 94/KH-LĐLĐ" in text
    assert "Huyện Dương Minh Châu, ngày 24 tháng 3 năm 2021" in text
    missing = cli("--db", str(demo_db), "documents", "render", "999", "-o", str(out), env_dir=tmp_path)
    assert missing.returncode == 1 and "Không tìm thấy văn bản" in missing.stderr


def test_deadline_parse_as_json_and_unparseable_phrases_are_flagged(tmp_path: Path) -> None:
    parsed = cli("deadline", "parse", "CĐCS gửi báo cáo trước ngày 15/11/2020", "--format", "json", env_dir=tmp_path)
    assert parsed.returncode == 0, parsed.stderr
    data = json.loads(parsed.stdout)
    assert data["understood"] is True and data["deadline"] == "2020-11-15"
    assert data["milestones"][0]["kind"] == "date"
    quarter = json.loads(cli("deadline", "parse", "Quý II/2021", "--format", "json", env_dir=tmp_path).stdout)
    assert quarter["deadline"] == "2021-06-30"
    unknown = cli("deadline", "parse", "ngày 31/02/2021", env_dir=tmp_path)
    assert unknown.returncode == 1
    assert unknown.stderr.strip()


def test_registers_as_json_and_the_printed_book(demo_db: Path, tmp_path: Path) -> None:
    outgoing = cli("--db", str(demo_db), "registers", "outgoing", "--year", "2021", "--format", "json",
                   env_dir=tmp_path)
    assert outgoing.returncode == 0, outgoing.stderr
    assert [e["symbol"] for e in json.loads(outgoing.stdout)] == ["94/KH-LĐLĐ"]
    incoming = cli("--db", str(demo_db), "registers", "incoming", "--year", "2021", "--format", "json",
                   env_dir=tmp_path)
    entries = json.loads(incoming.stdout)
    assert entries[0]["their_symbol"] == "213/KH-LĐLĐ" and entries[0]["deadline"] == "2025-12-31"
    book = tmp_path / "so.pdf"
    printed = cli("--db", str(demo_db), "registers", "outgoing", "--year", "2021", "-o", str(book), env_dir=tmp_path)
    assert printed.returncode == 0, printed.stderr
    assert book.exists() and "1 trang" in printed.stdout


def test_render_also_writes_a_word_file(demo_db: Path, tmp_path: Path) -> None:
    import docx

    listed = json.loads(cli("--db", str(demo_db), "documents", "list", "--format", "json", env_dir=tmp_path).stdout)
    plan = next(d for d in listed if d["symbol"] == "94/KH-LĐLĐ")
    out, word = tmp_path / "kh94.pdf", tmp_path / "kh94.docx"
    result = cli("--db", str(demo_db), "documents", "render", str(plan["id"]), "-o", str(out), "--docx", str(word),
                 env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    tables = docx.Document(str(word)).tables
    assert any("Số: 94/KH-LĐLĐ" in cell.text for table in tables for row in table.rows for cell in row.cells)
