"""The GUI start shows the start page, then lists and fills in the pages, without loading the libraries that only make
or read files (or draw charts).

Each check runs a fresh Python process: an import made by an earlier test in this one would hide a
regression. Start-up cost and the reasons are in docs/decisions/0010-start-up.md."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app.bootstrap import database_url, open_context
from desktop_app.services.demo_district import generate_units
from tests.conftest import HOME_SETUP

ROOT = Path(__file__).resolve().parents[2]
# Needed only where a file is made, read or signed, or a database upgraded.
NOT_AT_START = ("openpyxl", "reportlab", "pyhanko", "alembic", "docx", "pdfplumber", "pypdfium2", "PIL", "lxml",
                "pyqtgraph")

# What `congdoan-desk --db FILE` does, until the start page (Tổng quan) has been painted filled in by the open office
# and the checks queued after it (the defusedxml check) have run; then the loaded top-level packages. The window's
# first paint is noted too: the start page shown, saying the data is being opened, before SQLAlchemy is imported.
_START = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from desktop_app.cli import build_parser
from desktop_app.ui.app import launch
args = build_parser().parse_args(sys.argv[1:])
app, window = launch(args.db, args.db_url)
first_paint = {}
class WindowPainted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not first_paint:
            first_paint.update(sqlalchemy="sqlalchemy" in sys.modules, page=window.current_page_name(),
                               text=window.current_page().text())
        return False
window_clock = WindowPainted()
window.installEventFilter(window_clock)
filled = {}
# The start page's notice painted with figures, whenever that is (before the office is attached, from the quick read).
class NoticeFilled(QObject):
    def eventFilter(self, watched, event):
        page = window.page("overview")
        if (event.type() == QEvent.Type.Paint and not filled and getattr(page, "dashboard", None) is not None
                and watched is page.notice_label):
            filled.update(sqlalchemy="sqlalchemy" in sys.modules, ready=page.ready, text=page.notice_label.text(),
                          page=page)
        return False
filled_clock = NoticeFilled()
app.installEventFilter(filled_clock)
deadline = time.monotonic() + 60
while not hasattr(window, "overview_page"):
    app.processEvents()
    time.sleep(0.001)
    if time.monotonic() > deadline:
        raise SystemExit("start page never built")
painted = []
class NoticePainted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            painted.append(True)
        return False
clock = NoticePainted()
window.overview_page.notice_label.installEventFilter(clock)
window.overview_page.notice_label.update()
while not painted:
    app.processEvents()
    time.sleep(0.001)
    if time.monotonic() > deadline:
        raise SystemExit("start page never painted")
settle = time.monotonic() + 0.5
while time.monotonic() < settle:
    app.processEvents()
    time.sleep(0.005)
print("FIRST_PAINT", first_paint["sqlalchemy"], first_paint["page"], first_paint["text"])
print("FILLED", filled["sqlalchemy"], filled["ready"], filled["page"] is window.overview_page, filled["text"])
print("READY", window.overview_page.ready, window.overview_page.receive_action.isEnabled())
app.removeEventFilter(filled_clock)  # an application-wide filter must not outlive the widgets it looks at
filled.clear()
print("SHOWN", window.current_page_name(), window.overview_page.notice_label.text())
print("MODULES", " ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def _child(code: str, tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    environment.update(
        QT_QPA_PLATFORM="offscreen",
        CONGDOAN_DATA_DIR=str(tmp_path / "data"),
        CONGDOAN_CONFIG_DIR=str(tmp_path / "config"),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=environment, capture_output=True, text=True,
        timeout=120, check=False,
    )


def test_the_start_page_is_shown_first_and_filled_in_without_file_libraries(tmp_path: Path) -> None:
    from desktop_app.services.tracking import Receipt, RequestDraft

    path = tmp_path / "data" / "office.sqlite"
    today = date.today()  # the child's clock
    context = open_context(database_url(path))
    try:
        context.office.set_up(HOME_SETUP)
        units = context.units.create_many(generate_units(40))
        late = context.tracking.create_request(RequestDraft(
            title="Báo cáo sơ kết quý", issued_on=today - timedelta(days=40), due=today - timedelta(days=20)))
        context.tracking.receive_many(late.id, [Receipt(u.code, today - timedelta(days=25), backdate_note="sổ giấy")
                                                for u in units[:30]])
    finally:
        context.close()
    result = _child(_START, tmp_path, "--db", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines()
                 if line.startswith(("FIRST_PAINT", "FILLED", "READY", "SHOWN", "MODULES")))
    assert lines["FIRST_PAINT"] == "False overview Đang mở dữ liệu…"
    # Filled from the quick read before SQLAlchemy is imported, its actions waiting; then the same page attached.
    assert lines["FILLED"] == "False False True 1 báo cáo quá hạn"
    assert lines["READY"] == "True True"
    assert lines["SHOWN"] == "overview 1 báo cáo quá hạn"
    loaded = set(lines["MODULES"].split())
    assert "sqlalchemy" in loaded  # the check sees the office really opened
    assert sorted(loaded.intersection(NOT_AT_START)) == []


# The same start with the clerk on the Units page at once, looked at the moment its table is first painted with rows
# (before the office is open), then once the office is attached: the same page, now able to edit a unit.
_FIRST_PAGE = """
import sys, time
from dataclasses import replace
from PySide6.QtCore import QEvent, QObject
from desktop_app.cli import build_parser
from desktop_app.ui.app import launch
args = build_parser().parse_args(sys.argv[1:])
app, window = launch(args.db, args.db_url)
window.show_page("units")  # launch() only posted the show: nothing was painted or listed yet
deadline = time.monotonic() + 60
def wait(condition, what):
    while not condition():
        app.processEvents()
        time.sleep(0.001)
        if time.monotonic() > deadline:
            raise SystemExit(what)
seen = {}
# Watched from the start, on the whole application: the page may be built and painted within one pass of the loop.
class RowsPainted(QObject):
    def eventFilter(self, watched, event):
        first = window.page("units")
        if (event.type() == QEvent.Type.Paint and not seen and hasattr(first, "model")
                and watched is first.table.viewport() and first.model.rowCount() > 0):
            seen.update(
                sqlalchemy="sqlalchemy" in sys.modules, rows=first.model.total(), ready=first.ready,
                actions=any(a.isEnabled() for a in (first.add_action, first.edit_action, first.import_action,
                                                    first.export_action, first.open_action)),
                status=window.db_label.text(),
            )
        return False
clock = RowsPainted()
app.installEventFilter(clock)
wait(lambda: seen, "units never listed")
app.removeEventFilter(clock)  # an application-wide filter must not outlive the widgets it looks at
first = window.page("units")
print("AT_PAINT", seen["sqlalchemy"], seen["rows"], seen["ready"], seen["actions"], seen["status"])
wait(lambda: hasattr(window, "units_page"), "the office was never attached")
page = window.units_page
page.table.selectRow(0)
unit = page.selected_unit()
edited = page.apply(lambda units: units.update(unit.id, replace(unit.draft(), chair="Chủ tịch mới")))
print("ATTACHED", page is first, page.ready, page.add_action.isEnabled(), page.edit_action.isEnabled(),
      "sqlalchemy" in sys.modules)
print("EDITED", edited is not None and window.context.units.get(unit.id).chair == "Chủ tịch mới")
"""


def test_the_first_page_is_painted_before_sqlalchemy_is_imported_then_the_office_attaches(tmp_path: Path) -> None:
    path = tmp_path / "data" / "office.sqlite"
    context = open_context(database_url(path))
    try:
        context.office.set_up(HOME_SETUP)
        context.units.create_many(generate_units(40))
    finally:
        context.close()
    result = _child(_FIRST_PAGE, tmp_path, "--db", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if line[:1].isupper() and " " in line)
    # sqlalchemy not loaded, 40 rows, page not ready, no action enabled, and the status bar says why.
    assert lines["AT_PAINT"] == "False 40 False False Đang mở dữ liệu…"
    assert lines["ATTACHED"] == "True True True True True"
    assert lines["EDITED"] == "True"


_CHECK = """
import sys
if "--no-defusedxml" in sys.argv:
    sys.modules["defusedxml"] = None  # as if it were not installed
from desktop_app.ui.app import check_environment
problem = check_environment()
print("LOADED", "openpyxl" in sys.modules)
print("PROBLEM", problem or "")
"""


@pytest.mark.parametrize(
    ("args", "env", "guarded"),
    [((), {}, True), ((), {"OPENPYXL_DEFUSEDXML": "False"}, False), (("--no-defusedxml",), {}, False)],
)
def test_the_defusedxml_check_agrees_with_openpyxl_and_loads_it_only_to_refuse(
    tmp_path: Path, args: tuple[str, ...], env: dict[str, str], guarded: bool
) -> None:
    result = _child(_CHECK, tmp_path, *args, **env)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) if " " in line else (line, "") for line in result.stdout.splitlines())
    if guarded:
        assert lines["PROBLEM"] == ""
        assert lines["LOADED"] == "False"
    else:
        assert "defusedxml" in lines["PROBLEM"]
    # openpyxl's own verdict in the same situation.
    verdict = _child(
        "import sys\nif '--no-defusedxml' in sys.argv: sys.modules['defusedxml'] = None\n"
        "import openpyxl.xml\nprint(openpyxl.xml.DEFUSEDXML)",
        tmp_path, *args, **env,
    )
    assert verdict.stdout.strip() == str(guarded)
