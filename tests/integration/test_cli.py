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
    _demo_stdout.append(result.stdout)
    return path


_demo_stdout: list[str] = []  # what the fixture's ``demo`` printed, read by the test of its closing line


def test_demo_says_what_it_built_tracking_included(demo_db: Path, tmp_path: Path) -> None:
    units = json.loads(cli("--db", str(demo_db), "units", "list", "--format", "json", env_dir=tmp_path).stdout)
    requests = json.loads(cli("--db", str(demo_db), "tracking", "list", "--format", "json", env_dir=tmp_path).stdout)
    received = sum(r["received"] for r in requests)
    assert len(requests) > 10 and received > 1000  # two years of requests, thousands separated below

    def vn(n: int) -> str:  # Vietnamese thousands separator, written out here rather than by the app's formatter
        return f"{n:,}".replace(",", ".")

    grassroots = len([u for u in units if u["parent_code"] is not None])
    [line] = _demo_stdout
    assert line.startswith(f"Đã tạo dữ liệu mẫu: Liên đoàn Lao động huyện Dương Minh Châu, {vn(grassroots)} CĐCS, "
                           f"{vn(len(requests))} yêu cầu báo cáo, {vn(received)} lượt nộp, tại "), line
    again = cli("--db", str(demo_db), "demo", env_dir=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"({vn(grassroots)} đơn vị, {vn(len(requests))} yêu cầu báo cáo, {vn(received)} lượt nộp)" in again.stdout
    as_json = json.loads(cli("--db", str(demo_db), "demo", "--format", "json", env_dir=tmp_path).stdout)
    assert (as_json["requests"], as_json["submissions"], as_json["created"]) == (len(requests), received, False)


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
    missing = cli("--db", str(fresh), "units", "import", str(out), env_dir=tmp_path)
    assert missing.returncode == 2 and "Không tìm thấy tệp cơ sở dữ liệu" in missing.stderr
    assert not fresh.exists(), "only demo and the set-up wizard create a database"
    assert cli("--db", str(fresh), "demo", env_dir=tmp_path).returncode == 0


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
    assert (plan["number"], plan["year"]) == (94, 2021) and plan["signer"]
    assert "content" not in plan  # a list reads columns; the document itself is read when it is printed
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


# --------------------------------------------------------------------------- issue 7: the command line


def _sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_global_options_after_the_sub_command(tmp_path: Path) -> None:
    db = tmp_path / "sau.sqlite"
    made = cli("demo", "--db", str(db), env_dir=tmp_path)
    assert made.returncode == 0, made.stderr
    assert db.exists() and not (tmp_path / "data" / "demo.sqlite").exists()
    listed = cli("units", "list", "--db", str(db), "--format", "json", env_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) >= 110
    # Given before the sub-command, the value is not lost to the sub-command's default.
    before = cli("--db", str(db), "documents", "list", "--format", "json", env_dir=tmp_path)
    assert before.returncode == 0 and json.loads(before.stdout)


def test_demo_on_an_existing_database_says_it_changed_nothing(demo_db: Path, tmp_path: Path) -> None:
    before = _sha(demo_db)
    again = cli("--db", str(demo_db), "demo", env_dir=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Đã tạo" not in again.stdout and "không thay đổi" in again.stdout
    as_json = json.loads(cli("--db", str(demo_db), "demo", "--format", "json", env_dir=tmp_path).stdout)
    assert as_json["created"] is False and as_json["database_existed"] is True
    assert _sha(demo_db) == before


def test_argparse_speaks_vietnamese(tmp_path: Path) -> None:
    helped = cli("documents", "render", "--help", env_dir=tmp_path)
    assert helped.returncode == 0
    assert "Cách dùng:" in helped.stdout and "tùy chọn" in helped.stdout
    for english in ("usage:", "options:", "positional arguments", "show this help message"):
        assert english not in helped.stdout
    wrong = cli("units", "list", "--format", "xml", env_dir=tmp_path)
    assert wrong.returncode == 64
    assert "Cách dùng:" in wrong.stderr and "lỗi:" in wrong.stderr and "không hợp lệ" in wrong.stderr
    for english in ("usage:", "error:", "invalid choice"):
        assert english not in wrong.stderr
    missing = cli("documents", "render", env_dir=tmp_path)
    assert missing.returncode == 64 and "còn thiếu tham số bắt buộc" in missing.stderr
    unknown = cli("units", "lisst", env_dir=tmp_path)
    assert unknown.returncode == 64 and "'lisst' không hợp lệ" in unknown.stderr and "list" in unknown.stderr


def test_text_output_prints_vietnamese_dates_and_statuses_json_keeps_iso(demo_db: Path, tmp_path: Path) -> None:
    documents = cli("--db", str(demo_db), "documents", "list", env_dir=tmp_path)
    assert documents.returncode == 0, documents.stderr
    line = next(x for x in documents.stdout.splitlines() if "94/KH-LĐLĐ" in x)
    assert "24/03/2021" in line and "Đã ban hành" in line and "2021-03-24" not in line
    outgoing = cli("--db", str(demo_db), "registers", "outgoing", "--year", "2021", env_dir=tmp_path)
    assert outgoing.returncode == 0, outgoing.stderr
    assert "24/03/2021" in outgoing.stdout and "Đã cấp số" in outgoing.stdout
    assert "issued" not in outgoing.stdout and "2021-03-24" not in outgoing.stdout
    incoming = cli("--db", str(demo_db), "registers", "incoming", "--year", "2021", env_dir=tmp_path)
    assert incoming.returncode == 0 and not __import__("re").search(r"\d{4}-\d\d-\d\d", incoming.stdout)
    as_json = json.loads(cli("--db", str(demo_db), "registers", "outgoing", "--year", "2021", "--format", "json",
                             env_dir=tmp_path).stdout)
    assert as_json[0]["issued_on"] == "2021-03-24" and as_json[0]["status"] == "issued"


def test_unknown_document_type_is_refused(demo_db: Path, tmp_path: Path) -> None:
    result = cli("--db", str(demo_db), "documents", "list", "--type", "XYZ", env_dir=tmp_path)
    assert result.returncode == 64 and "XYZ" in result.stderr and "KH" in result.stderr
    assert result.stdout == ""
    ok = cli("--db", str(demo_db), "documents", "list", "--type", "KH", "--format", "json", env_dir=tmp_path)
    plans = json.loads(ok.stdout)
    assert ok.returncode == 0 and "94/KH-LĐLĐ" in [d["symbol"] for d in plans]
    assert {d["type_code"] for d in plans} == {"KH"}


def _plan_id(db: Path, env_dir: Path) -> int:
    listed = json.loads(cli("--db", str(db), "documents", "list", "--format", "json", env_dir=env_dir).stdout)
    return int(next(d["id"] for d in listed if d["symbol"] == "94/KH-LĐLĐ"))


def test_outputs_never_overwrite_the_open_database(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite"
    assert cli("--db", str(db), "demo", env_dir=tmp_path).returncode == 0
    plan = str(_plan_id(db, tmp_path))
    before = _sha(db)
    attempts = [
        ("documents", "render", plan, "-o", str(db)),
        ("documents", "render", plan, "-o", str(tmp_path / "ok.pdf"), "--docx", str(db)),
        ("documents", "render", plan, "-o", str(tmp_path / "ok.pdf"), "--docx", str(tmp_path / "ok.pdf")),
        ("documents", "render", plan, "-o", str(tmp_path / "d.sqlite-wal")),
        ("registers", "outgoing", "--year", "2021", "-o", str(db)),
        ("units", "export", str(db)),
        ("units", "export", str(tmp_path / "." / "d.sqlite-shm")),
    ]
    for args in attempts:
        result = cli("--db", str(db), *args, env_dir=tmp_path)
        assert result.returncode == 1, (args, result.stderr)
        assert "Không ghi ra" in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)
        assert _sha(db) == before, args
    assert not (tmp_path / "ok.pdf").exists(), "a refused command writes nothing"
    assert cli("--db", str(db), "units", "list", env_dir=tmp_path).returncode == 0


def test_a_missing_output_folder_is_refused_before_anything_is_written(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "kh.pdf"
    for args in (("documents", "render", str(_plan_id(demo_db, tmp_path)), "-o", str(out),
                  "--docx", str(tmp_path / "khong-co-thu-muc" / "kh.docx")),
                 ("registers", "outgoing", "--year", "2021", "-o", str(tmp_path / "khong-co-thu-muc" / "so.pdf")),
                 ("units", "export", str(tmp_path / "khong-co-thu-muc" / "ds.xlsx"))):
        result = cli("--db", str(demo_db), *args, env_dir=tmp_path)
        assert result.returncode == 1, result.stderr
        assert "không có thư mục" in result.stderr and "Traceback" not in result.stderr
        assert ".tmp" not in result.stderr, "the message names the clerk's file, not a temporary one"
    assert not out.exists() and not (tmp_path / "khong-co-thu-muc").exists()


@pytest.mark.parametrize("failing", ["pdf", "docx"])
def test_a_full_disk_leaves_no_partial_or_stray_file(
        demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        failing: str) -> None:
    """The writer fails half-way (ENOSPC): neither the PDF nor the Word file nor a temporary file is left."""
    import errno

    from desktop_app import cli as cli_module
    from desktop_app.files.docx import official as docx_official
    from desktop_app.files.pdf import official as pdf_official

    def full(module: object, name: str) -> None:
        real = getattr(module, name)

        def half_then_full(doc: object, path: Path, *args: object, **kwargs: object) -> object:
            real(doc, path, *args, **kwargs)
            Path(path).write_bytes(Path(path).read_bytes()[:100])
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(module, name, half_then_full)

    if failing == "pdf":
        full(pdf_official, "render_official_pdf")
    else:
        full(docx_official, "export_official_docx")
    monkeypatch.setenv("CONGDOAN_DATA_DIR", str(tmp_path / "data"))
    out_dir = tmp_path / "ra"
    out_dir.mkdir()
    plan = str(_plan_id(demo_db, tmp_path))
    status = cli_module.main(["--db", str(demo_db), "documents", "render", plan, "-o", str(out_dir / "kh.pdf"),
                              "--docx", str(out_dir / "kh.docx")])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err, err
    assert list(out_dir.iterdir()) == []


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-3", "abc", "9223372036854775808"])
def test_record_ids_out_of_range_are_refused_clearly(demo_db: Path, tmp_path: Path, value: str) -> None:
    result = cli("--db", str(demo_db), "documents", "render", value, "-o", str(tmp_path / "x.pdf"),
                 env_dir=tmp_path)
    assert result.returncode == 64, result.stderr
    assert "mã số hợp lệ" in result.stderr and "Traceback" not in result.stderr
    assert "OverflowError" not in result.stderr and not (tmp_path / "x.pdf").exists()


def test_a_font_that_is_not_installed_says_which_font_was_used(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "kh.pdf"
    result = cli("--db", str(demo_db), "documents", "render", str(_plan_id(demo_db, tmp_path)), "-o", str(out),
                 "--font", "Phông Không Có", "--format", "json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    used = json.loads(result.stdout)["font"]
    assert "Phông Không Có" in result.stderr and f"«{used}»" in result.stderr
    assert out.exists()


def test_an_unexpected_error_is_one_line_and_the_traceback_goes_to_the_log(
        demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app import cli as cli_module
    from desktop_app.cli import units as cli_units

    def broken(args: object, context: object) -> int:
        raise RuntimeError("hỏng ở đâu đó\ntrong mã")

    monkeypatch.setenv("CONGDOAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(cli_units, "run", broken)
    status = cli_module.main(["--db", str(demo_db), "units", "list"])
    err = capsys.readouterr().err
    assert status == cli_module.EXIT_INTERNAL_ERROR
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "RuntimeError" in err
    [log] = (tmp_path / "data" / "logs").glob("*.log")
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "hỏng ở đâu đó" in text


def test_a_windowed_build_without_stdout_or_stderr_still_runs(demo_db: Path, tmp_path: Path) -> None:
    """PyInstaller's windowed build starts with sys.stdout and sys.stderr set to None: JSON output and a refusal
    must not turn into a crash."""
    env = {**os.environ, "CONGDOAN_DATA_DIR": str(tmp_path / "data"), "CONGDOAN_CONFIG_DIR": str(tmp_path / "cfg")}
    for argv, status in ((["--db", str(demo_db), "units", "list", "--format", "json"], 0),
                         (["--db", str(tmp_path / "khong-co.sqlite"), "units", "list"], 2)):
        code = ("import sys; sys.stdout = None; sys.stderr = None; "
                f"sys.argv = ['congdoan-desk', *{argv!r}]; "
                "from desktop_app.__main__ import main; raise SystemExit(main())")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == status, (argv, result.stderr)
        assert "Traceback" not in result.stderr


def test_a_failed_word_file_keeps_the_previous_pdf(
        demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    from desktop_app import cli as cli_module
    from desktop_app.files.docx import official as docx_official

    def full(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(docx_official, "export_official_docx", full)
    monkeypatch.setenv("CONGDOAN_DATA_DIR", str(tmp_path / "data"))
    out_dir = tmp_path / "ra"
    out_dir.mkdir()
    (out_dir / "kh.pdf").write_bytes(b"%PDF-1.7 ban in hom qua")
    status = cli_module.main(["--db", str(demo_db), "documents", "render", str(_plan_id(demo_db, tmp_path)),
                              "-o", str(out_dir / "kh.pdf"), "--docx", str(out_dir / "kh.docx")])
    err = capsys.readouterr().err
    assert status == 1 and "kh.docx" in err and ".tmp" not in err, err
    assert [p.name for p in out_dir.iterdir()] == ["kh.pdf"]
    assert (out_dir / "kh.pdf").read_bytes() == b"%PDF-1.7 ban in hom qua"
