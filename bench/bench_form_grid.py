"""Entry grid benchmark (issue 10, «under 50 ms per keystroke»): the entry panel of «Mẫu số 1-HĐCĐ» opened on one
CĐCS's filled figures, then driven with QTest in offscreen mode like a clerk, against a plain QTableWidget of the
same size driven with the same keys in the same run.

    .venv/bin/python bench/bench_form_grid.py [--moves 200] [--edits 50] [--rounds 3]

- Open: building the EntryPanel (model, grid, status line) and showing it, until the first paint is done.
- Moves: ``--moves`` keystrokes alternating Down and Tab (back to the top, untimed, at the end of the form).
- Edits: ``--edits`` figures typed into input cells, three digits ("type") then Enter ("commit": the value is
  parsed, the computed rows and the form's checks are worked out again, the undo step pushed, the cursor moved down).
Each keystroke is timed from before the key event until ``processEvents()`` returns, so the model's work, the
relayout and the repaint count. ``--rounds`` times over; medians, 95th percentiles and maxima per kind, for the
grid and the baseline. The script reports, it never gates: it always exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before PySide6 is imported

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem, QWidget  # noqa: E402

from desktop_app.domain.form_values import CellValue, format_cell, parse_cell  # noqa: E402
from desktop_app.domain.forms import FormDefinition  # noqa: E402
from desktop_app.files.forms import load_definitions, shipped_forms  # noqa: E402

GOAL_MS = 50.0
SIZE = (1366, 728)  # a maximised window on a 1366×768 laptop, taskbar left out


def _form() -> FormDefinition:
    shipped = load_definitions(shipped_forms())
    return next(d for d in shipped.values() if isinstance(d, FormDefinition) and d.id == "mau-1-hdcd")


def _figures(form: FormDefinition) -> dict[str, CellValue]:
    """A plausible filled form: every input row given a value of its kind (sub-rows below their parents)."""
    typed = {"integer": "40", "decimal": "12,5", "money": "8.500.000", "percent": "75", "yes_no": "có",
             "text": "Không có kiến nghị"}
    values: dict[str, CellValue] = {}
    for row in form.rows:
        if row.computed:
            continue
        text = row.categories[0] if row.value_type == "category" else typed[row.value_type]
        if row.parent is None and row.value_type == "integer":
            text = "1.200"
        values[row.id] = parse_cell(row, text)
    return values


def _settle(app: QApplication) -> None:
    app.processEvents()
    app.processEvents()


def _timed_key(app: QApplication, key: Qt.Key, text: str = "") -> float:
    start = time.perf_counter()
    target = app.focusWidget()
    assert target is not None, "no widget has the keyboard focus"
    if text:
        QTest.keyClick(target, text)
    else:
        QTest.keyClick(target, key)
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def _activate(app: QApplication, window: QWidget, focus: QWidget) -> None:
    window.resize(*SIZE)
    window.show()
    window.activateWindow()
    deadline = time.monotonic() + 5
    while not window.isActiveWindow() and time.monotonic() < deadline:
        app.processEvents()
    focus.setFocus()
    _settle(app)


def _drive(app: QApplication, moves: int, edits: int, at_end: Callable[[], bool], to_top: Callable[[], None],
           to_input: Callable[[int], None], inputs: int) -> dict[str, list[float]]:
    """The same keys on whichever table has the focus: moves (Down, Tab alternating) then edits (3 digits, Enter)."""
    move_times: list[float] = []
    for n in range(moves):
        if at_end():
            to_top()
            _settle(app)
        move_times.append(_timed_key(app, Qt.Key.Key_Down if n % 2 == 0 else Qt.Key.Key_Tab))
    type_times: list[float] = []
    commit_times: list[float] = []
    for n in range(edits):
        to_input(n % inputs)
        _settle(app)
        for digit in f"{100 + n:03d}":
            type_times.append(_timed_key(app, Qt.Key.Key_unknown, digit))
        commit_times.append(_timed_key(app, Qt.Key.Key_Return))
    return {"move": move_times, "type": type_times, "commit": commit_times}


def run_grid(app: QApplication, form: FormDefinition, moves: int, edits: int) -> dict[str, list[float]]:
    from desktop_app.ui.models.form_entry_model import VALUE_COLUMN
    from desktop_app.ui.pages.indicators.entry_panel import EntryPanel

    values = _figures(form)
    start = time.perf_counter()
    panel = EntryPanel(form, "CD0001", "Công đoàn Công ty May Hoàng Mai", date(2025, 11, 30), values,
                       lambda _values: None)
    _activate(app, panel, panel.grid)
    opened = (time.perf_counter() - start) * 1000
    grid, model = panel.grid, panel.model
    lines = model.input_lines()

    def at_end() -> bool:
        return grid.currentIndex().row() >= model.rowCount() - 2 or model.next_input_line(
            grid.currentIndex().row()) is None

    def to_top() -> None:
        grid.setCurrentIndex(model.index(lines[0], VALUE_COLUMN))

    def to_input(n: int) -> None:
        numeric = [line for line in lines if (r := model.row_at(line)) is not None and r.value_type == "integer"]
        grid.setCurrentIndex(model.index(numeric[n % len(numeric)], VALUE_COLUMN))

    times = _drive(app, moves, edits, at_end, to_top, to_input, len(lines))
    # Every edit went through (parsed, stored, one undo step each): the keys did what they are timed for.
    assert panel.undo_stack.count() == edits, (panel.undo_stack.count(), edits)
    panel.undo_stack.setClean()  # closing asks nothing
    panel.close()
    panel.deleteLater()
    _settle(app)
    return {"open": [opened], **times}


def run_baseline(app: QApplication, form: FormDefinition, moves: int, edits: int) -> dict[str, list[float]]:
    """A QTableWidget of the same lines and columns, the same texts, Qt's own keys and editor."""
    values = _figures(form)
    texts: list[list[str]] = []
    for section in form.sections:
        texts.append([section.tt, section.title, "", "", ""])
        for row in section.rows:
            texts.append([row.tt, row.text, row.unit, format_cell(row, values.get(row.id)), row.note])
    start = time.perf_counter()
    table = QTableWidget(len(texts), 5)
    table.setHorizontalHeaderLabels(["TT", "Nội dung", "Đơn vị tính", "Số lượng", "Ghi chú / trạng thái"])
    for r, line in enumerate(texts):
        for c, text in enumerate(line):
            table.setItem(r, c, QTableWidgetItem(text))
    _activate(app, table, table)
    opened = (time.perf_counter() - start) * 1000
    table.setCurrentCell(1, 3)

    def at_end() -> bool:
        return table.currentRow() >= table.rowCount() - 2

    def to_top() -> None:
        table.setCurrentCell(1, 3)

    def to_input(n: int) -> None:
        table.setCurrentCell(1 + n % (table.rowCount() - 1), 3)

    times = _drive(app, moves, edits, at_end, to_top, to_input, table.rowCount() - 1)
    typed = {table.item(r, 3).text() for r in range(table.rowCount())}
    assert f"{100 + edits - 1:03d}" in typed, "the baseline's last edit did not land"
    table.close()
    table.deleteLater()
    _settle(app)
    return {"open": [opened], **times}


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 3),
        "max_ms": round(ordered[-1], 3),
        "n": len(ordered),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    form = _form()
    # One unmeasured warm-up of each: the first editor, the first paint of each font and colour.
    run_grid(app, form, 10, 2)
    run_baseline(app, form, 10, 2)
    kinds = ("open", "move", "type", "commit")
    grid: dict[str, list[float]] = {kind: [] for kind in kinds}
    base: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _round in range(args.rounds):
        for kind, times in run_grid(app, form, args.moves, args.edits).items():
            grid[kind].extend(times)
        for kind, times in run_baseline(app, form, args.moves, args.edits).items():
            base[kind].extend(times)
    every_key = grid["move"] + grid["type"] + grid["commit"]
    report = {
        "form": form.id,
        "lines": sum(1 + len(s.rows) for s in form.sections),
        "rounds": args.rounds,
        "grid": {kind: _summary(times) for kind, times in grid.items()},
        "baseline_qtablewidget": {kind: _summary(times) for kind, times in base.items()},
        "grid_every_keystroke": _summary(every_key),
        "goal_ms_per_keystroke": GOAL_MS,
        "within_goal": statistics.median(every_key) < GOAL_MS,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
