"""`congdoan-desk forms list|validate` as a script uses it: JSON records with their id, a file checked with the
line of each problem on stderr and a non-zero exit, no database opened, no traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import EXIT_USER_ERROR, main
from desktop_app.files.forms import shipped_forms


def forms(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONGDOAN_DATA_DIR": str(env_dir / "data"), "CONGDOAN_CONFIG_DIR": str(env_dir / "cfg"),
           "PYTHONIOENCODING": "utf-8"}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "desktop_app", "forms", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


@pytest.fixture(autouse=True)
def _data_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONGDOAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CONGDOAN_CONFIG_DIR", str(tmp_path / "cfg"))


def test_list_as_json_carries_every_shipped_definition(tmp_path: Path) -> None:
    result = forms("list", "--format", "json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert [r["id"] for r in records] == [p.stem for p in shipped_forms()]
    by_id = {r["id"]: r for r in records}
    assert by_id["mau-1-hdcd"]["kind"] == "form"
    assert by_id["mau-1-hdcd"]["level"] == "cdcs"
    assert by_id["mau-1-hdcd"]["upper_form"] == "mau-2-hdcd"
    assert by_id["mau-1-hdcd"]["snapshot_dates"] == ["31/5", "30/11"]
    assert by_id["mau-2-hdcd"]["code"] == "Mẫu số 2-HĐCĐ"
    assert by_id["chi-tieu-dai-hoi-2023-2028"]["kind"] == "target_set"
    assert by_id["chi-tieu-dai-hoi-2023-2028"]["term"] == [2023, 2028]
    assert not (tmp_path / "data" / "congdoan.sqlite").exists()  # files only: no database was opened


def test_list_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "mau-1-hdcd\tBáo cáo hoạt động công đoàn cơ sở\tMẫu số 1-HĐCĐ, công đoàn cơ sở, 53 dòng" in lines


@pytest.mark.parametrize("path", shipped_forms(), ids=lambda p: p.name)
def test_every_shipped_file_validates(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forms", "validate", str(path), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True and report["problems"] == []
    assert report["definition"]["id"] == path.stem


def test_a_broken_file_names_its_lines_on_stderr(tmp_path: Path) -> None:
    for path in shipped_forms():
        shutil.copy(path, tmp_path / path.name)
    broken = tmp_path / "mau-1-hdcd.yaml"
    text = broken.read_text(encoding="utf-8")
    text = text.replace("if(tong_lao_dong = 0, 0, lao_dong_nu / tong_lao_dong * 100)",
                        "if(tong_lao_dong = 0, 0, lao_dong_nu / tong_lao_dongg * 100)", 1)
    text = text.replace("        by: so_nguoi_tinh_luong\n", "        by: so_nguoi\n", 1)
    broken.write_text(text, encoding="utf-8")
    position = "if(tong_lao_dong = 0, 0, lao_dong_nu / tong_lao_dongg * 100)".index("tong_lao_dongg") + 1
    formula_line = next(i for i, line in enumerate(text.splitlines(), 1) if "tong_lao_dongg" in line)
    by_line = next(i for i, line in enumerate(text.splitlines(), 1) if "by: so_nguoi" in line) - 6  # its row

    result = forms("validate", str(broken), env_dir=tmp_path)
    assert result.returncode == EXIT_USER_ERROR
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    errors = result.stderr.splitlines()
    assert (f"mau-1-hdcd.yaml, dòng {formula_line}: Công thức của dòng ty_le_lao_dong_nu: không có dòng nào mã "
            f"«tong_lao_dongg» ở vị trí {position}") in errors, result.stderr
    assert any(e.startswith(f"mau-1-hdcd.yaml, dòng {by_line}: Dòng 3 (luong_binh_quan): dòng trọng số «so_nguoi»")
               for e in errors), result.stderr

    as_json = forms("validate", str(broken), "--format", "json", env_dir=tmp_path)
    assert as_json.returncode == EXIT_USER_ERROR
    report = json.loads(as_json.stdout)
    assert report["valid"] is False and report["definition"] is None
    assert {"line": formula_line, "message": "Công thức của dòng ty_le_lao_dong_nu: không có dòng nào mã "
            f"«tong_lao_dongg» ở vị trí {position}"} in report["problems"]


def test_a_mapping_is_checked_against_the_upper_form_beside_it(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    for path in shipped_forms():
        shutil.copy(path, tmp_path / path.name)
    upper = tmp_path / "mau-2-hdcd.yaml"
    upper.write_text(upper.read_text(encoding="utf-8").replace("id: thue_nha_tro", "id: nha_tro"), encoding="utf-8")
    assert main(["forms", "validate", str(tmp_path / "mau-1-hdcd.yaml")]) == EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert "mau-1-hdcd.yaml, dòng " in err
    assert "Dòng «thue_nha_tro» không có trong mẫu cấp trên «mau-2-hdcd»" in err


@pytest.mark.parametrize(("content", "words"), [
    (None, "không tìm thấy tệp"),
    (b"\xff\xfe k", "không phải văn bản UTF-8"),
    (b"a: &x [1]\nb: *x\n", "bí danh"),
    (b"kind: form\n", "thiếu trường bắt buộc"),
])
def test_refusals(tmp_path: Path, content: bytes | None, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mau-x.yaml"
    if content is not None:
        path.write_bytes(content)
    assert main(["forms", "validate", str(path)]) == EXIT_USER_ERROR
    captured = capsys.readouterr()
    assert captured.out == ""
    assert words in captured.err
    assert "Traceback" not in captured.err


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["forms", "validate"])
    assert caught.value.code == 64
    assert "còn thiếu tham số bắt buộc" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["forms", "list", "--format", "xml"])
    assert caught.value.code == 64
