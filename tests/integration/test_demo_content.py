"""The demo office built from the data files in resources/demo/ is the one the code built before."""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop_app import cli, paths
from desktop_app.bootstrap import AppContext
from desktop_app.services.demo import load_demo
from desktop_app.services.demo_content import DemoContentError, demo_outline
from tests.demo_snapshot import build_demo, snapshot

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo_snapshot.json"


def test_demo_database_holds_the_snapshot_content(tmp_path: Path) -> None:
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    database = tmp_path / "demo.sqlite"
    build_demo(database)
    built = snapshot(database, columns=expected["columns"])
    for table, rows in expected["rows"].items():
        assert len(built["rows"][table]) == len(rows), table
        for want, got in zip(rows, built["rows"][table], strict=True):
            assert got == want, (table, want.get("id"))


# --------------------------------------------------------------------------- damaged or missing content files

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of resources/demo/ that the demo is read from, for a test to damage."""
    folder = tmp_path / "demo-content"
    shutil.copytree(ROOT / "resources" / "demo", folder)
    monkeypatch.setattr(paths, "demo_dir", lambda: folder)
    return folder


def _refused(context: AppContext) -> str:
    with pytest.raises(DemoContentError) as caught:
        load_demo(context)
    # Nothing was written: the office is not set up, no unit, no document.
    assert not context.office.is_set_up()
    assert context.units.list_units() == []
    assert context.documents.list_documents() == []
    return str(caught.value)


@pytest.mark.parametrize("name", ["district.json", "documents.json", "outline.json"])
def test_a_missing_file_is_named(demo_folder: Path, empty_context: AppContext, name: str) -> None:
    (demo_folder / name).unlink()
    if name == "outline.json":
        # The demo office does not use the outline: only what needs it is refused.
        load_demo(empty_context)
        with pytest.raises(DemoContentError, match="Thiếu tệp dữ liệu mẫu") as caught:
            demo_outline()
        assert str(demo_folder / name) in str(caught.value)
        return
    message = _refused(empty_context)
    assert message.startswith("Thiếu tệp dữ liệu mẫu")
    assert str(demo_folder / name) in message


@pytest.mark.parametrize("name", ["district.json", "documents.json"])
def test_a_cut_off_file_says_where(demo_folder: Path, empty_context: AppContext, name: str) -> None:
    path = demo_folder / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:40]), encoding="utf-8")
    message = _refused(empty_context)
    assert f"«{path}» bị hỏng ở dòng" in message
    assert "cài đặt lại" in message


def test_a_file_that_is_not_utf8(demo_folder: Path, empty_context: AppContext) -> None:
    path = demo_folder / "documents.json"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
    assert "không phải văn bản UTF-8" in _refused(empty_context)


def test_decomposed_vietnamese_is_refused(demo_folder: Path, empty_context: AppContext) -> None:
    path = demo_folder / "district.json"
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert "NFC" in _refused(empty_context)


def test_a_missing_entry_is_named(demo_folder: Path, empty_context: AppContext) -> None:
    path = demo_folder / "documents.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["plan_94"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    message = _refused(empty_context)
    assert message.endswith("không đúng định dạng: thiếu mục «plan_94». Hãy cài đặt lại phần mềm.")


def test_a_wrong_document_value_names_the_entry(demo_folder: Path, empty_context: AppContext) -> None:
    path = demo_folder / "documents.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["plan_so_ket_issued"]["issued_on"] = "20/10/2020"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "mục «plan_so_ket_issued»: một giá trị sai kiểu" in _refused(empty_context)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["upper_secondary_schools"][0].update(commune="xã Không Có"), "«xã Không Có»"),
        (lambda d: d["people"].update(family=[]), "danh sách không rỗng"),
        (lambda d: d["communes"][0].pop("hamlets"), "«hamlets»"),
        (lambda d: d["private_trades"][0].update(members=[5]), "mục «private_trades»: cần hai số [từ, đến], gặp [5]"),
        (lambda d: d["home"].pop("phone"), "mục «home»: thiếu mục «phone»"),
        (lambda d: d["private_forms"][0].update(weight="nhiều"), "mục «private_forms»: một giá trị sai kiểu"),
        (lambda d: d.update(sector_weights=d["sector_weights"][:3]), "mục «sector_weights»: cần đúng các khu vực"),
        (lambda d: d.update(state_enterprises=d["state_enterprises"][:2]), "«state_enterprises»"),
    ],
)
def test_a_wrong_district_entry_is_refused(
    demo_folder: Path, empty_context: AppContext, change: Callable[[dict[str, Any]], object], expected: str
) -> None:
    path = demo_folder / "district.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    message = _refused(empty_context)
    assert str(path) in message
    assert expected in message


def test_the_command_line_prints_the_message_without_a_traceback(
    demo_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo_folder / "district.json").write_text("{", encoding="utf-8")
    database = tmp_path / "demo.sqlite"
    status = cli.main(["demo", "--db", str(database)])
    err = capsys.readouterr().err
    assert status == cli.EXIT_USER_ERROR
    assert "district.json" in err and "bị hỏng" in err
    assert "Traceback" not in err
