"""bench/scale_data.py makes an office database every CLI command works on: N units, N documents (tasks, a
basis line citing an incoming entry by uuid, most issued over 2017–2026) and N incoming entries with attachments."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "scale_data.py"
MB = 1024 * 1024
DECADE = range(2017, 2027)


def _scale_data() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scale_data_under_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _env(folder: Path) -> dict[str, str]:
    return {**os.environ, "CONGDOAN_DATA_DIR": str(folder / "data"), "CONGDOAN_CONFIG_DIR": str(folder / "cfg"),
            "PYTHONIOENCODING": "utf-8"}


def _cli_json(db: Path, folder: Path, *args: str) -> Any:
    result = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(db), *args, "--format", "json"],
                            capture_output=True, text=True, encoding="utf-8", env=_env(folder), timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def scale_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("scale")
    db = folder / "van-phong.sqlite"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--units", "5", "--documents", "12", "--incoming", "4", "--attachment-mb", "2",
         str(db)],
        capture_output=True, text=True, encoding="utf-8", env=_env(folder), timeout=300, cwd=folder)
    assert result.returncode == 0, result.stderr
    return db, folder, result.stderr


@pytest.fixture(scope="module")
def incoming_by_year(scale_db: tuple[Path, Path, str]) -> dict[int, list[Any]]:
    db, folder, _err = scale_db
    return {year: _cli_json(db, folder, "registers", "incoming", "--year", str(year)) for year in DECADE}


def _in_process_json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> Any:
    from desktop_app import cli

    capsys.readouterr()
    assert cli.main(["--db", str(db), *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_script_reports_progress_on_stderr(scale_db: tuple[Path, Path, str]) -> None:
    _db, _folder, err = scale_db
    assert "units: 5/5" in err and "incoming: 4/4" in err and "documents: 12/12" in err


def test_units_list_shows_the_generated_units(scale_db: tuple[Path, Path, str]) -> None:
    db, folder, _err = scale_db
    units = _cli_json(db, folder, "units", "list")
    assert sorted(u["code"] for u in units) == [f"CDCS{n:03d}" for n in range(1, 6)]


def test_documents_have_tasks_cite_incoming_entries_and_are_mostly_issued(
        scale_db: tuple[Path, Path, str], incoming_by_year: dict[int, list[Any]]) -> None:
    db, folder, _err = scale_db
    documents = _cli_json(db, folder, "documents", "list")
    incoming = [e for listed in incoming_by_year.values() for e in listed]
    assert len(documents) == 12 and len(incoming) == 4
    uuids = {e["uuid"] for e in incoming}
    assert len({d["type_code"] for d in documents}) >= 4  # several kinds, letters (None) among them
    issued = [d for d in documents if d["status"] == "issued"]
    assert len(issued) >= len(documents) // 2
    years = {int(d["issue_date"][:4]) for d in issued}
    assert years <= set(DECADE) and len(years) >= 3
    from desktop_app.bootstrap import database_url, open_context
    from desktop_app.domain.documents import Task, document_tasks

    context = open_context(database_url(db))
    try:
        for document in documents:
            opened = context.documents.get(document["id"])
            [line] = opened.document.basis
            assert line.incoming_uuid in uuids
            tasks = [p.task for p in document_tasks(opened.document)]
            assert len(tasks) >= 2 and all(isinstance(t, Task) and t.who and t.timing for t in tasks)
            assert [t.uuid for t in context.documents.tasks(document["id"])] == [t.uuid for t in tasks]
    finally:
        context.close()
    assert any(e["cited_by"] for e in incoming)


def test_each_incoming_entry_has_one_attachment_of_one_to_m_megabytes(
        incoming_by_year: dict[int, list[Any]]) -> None:
    by_year = incoming_by_year
    entries = [e for listed in by_year.values() for e in listed]
    assert len(entries) == 4
    for year, listed in by_year.items():
        assert [e["arrival_number"] for e in listed] == list(range(1, len(listed) + 1))
        assert all(e["year"] == year for e in listed)
    for entry in entries:
        [attachment] = entry["files"]
        assert MB <= attachment["size"] <= 2 * MB


def test_the_same_seed_makes_the_same_office(tmp_path: Path) -> None:
    scale_data = _scale_data()
    first = scale_data.make_scale_db(tmp_path / "a.sqlite", 3, 4, 3, attachment_mb=2, seed=11)
    again = scale_data.make_scale_db(tmp_path / "b.sqlite", 3, 4, 3, attachment_mb=2, seed=11)
    other = scale_data.make_scale_db(tmp_path / "c.sqlite", 3, 4, 3, attachment_mb=2, seed=12)
    assert (first.incoming_by_year, first.attachment_bytes, first.issued) == (
        again.incoming_by_year, again.attachment_bytes, again.issued)
    assert first.attachment_bytes != other.attachment_bytes


def test_make_office_db_still_makes_a_units_only_office(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _scale_data().make_office_db(tmp_path / "don-vi.sqlite", 7)
    assert len(_in_process_json(capsys, path, "units", "list")) == 7
    assert _in_process_json(capsys, path, "documents", "list") == []


def test_no_attachments_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summary = _scale_data().make_scale_db(tmp_path / "khong-tep.sqlite", 1, 1, 2)
    assert summary.attachment_bytes == 0
    entries = [e for year in summary.incoming_by_year
               for e in _in_process_json(capsys, summary.path, "registers", "incoming", "--year", str(year))]
    assert len(entries) == 2 and all(e["files"] == [] for e in entries)
