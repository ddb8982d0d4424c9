"""Start-up benchmark: a 300-CĐCS office to the main window shown and to its start page filled, against a
bare PySide6 window.

    .venv/bin/python bench/bench_startup.py [--runs 7] [--units 300 | --db OFFICE.sqlite] [--limit 1.5]
        [--listed-limit 3]

Each measurement is a fresh Python process (imports count). Both programs run with the same
method: the parent reads a monotonic clock just before starting the child; the child, once its
window is shown and exposed (events processed), prints its own monotonic reading. "Start to shown"
is the difference, with whether SQLAlchemy was loaded at that first paint (it must not be: the start page
says the data is being opened). The app then goes on until the office is attached ("start to office
attached": the pages have their services, their actions are enabled) and the start page's tracking notice
has been painted with the figures ("start to start page filled": what the clerk waits for each morning).
On Linux ``time.monotonic()`` is CLOCK_MONOTONIC, shared by
all processes, so the two readings are comparable. Whole process lifetimes (exit included) are
printed too. Runs alternate baseline/app so that machine noise hits both alike; medians are
compared. The script reports, it never gates: it always exits 0.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench.scale_data import make_office_db  # noqa: E402

# Shared by both children: process events until the window is exposed, then once more so the
# first paint is done, print the clock, exit.
_WAIT_SHOWN = """
deadline = time.monotonic() + 20
while _painted is None:
    app.processEvents()
    time.sleep(0.0005)
    if time.monotonic() > deadline:
        raise SystemExit("window never painted")
mark("shown")
print("SHOWN", _painted, flush=True)
"""

# Both children take "shown" as the moment the top-level window receives its first paint event
# (the same event filter, installed on that window only: an application-wide filter would tax
# every event of the richer window), so neither is credited for work done after it.
_PRELUDE = """
import time
_t0 = time.monotonic()
def mark(name):
    print("PHASE", name, time.monotonic(), flush=True)
mark("python started")
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow as _QMainWindow
_painted = None
class _PaintClock(QObject):
    def eventFilter(self, watched, event):
        global _painted
        if event.type() == QEvent.Type.Paint and _painted is None and isinstance(watched, _QMainWindow):
            _painted = time.monotonic()
        return False
_paint_clock = _PaintClock()
"""

BASELINE = (
    _PRELUDE
    + """
from PySide6.QtWidgets import QApplication, QMainWindow
mark("imports")
app = QApplication([])
mark("QApplication")
window = QMainWindow()
window.installEventFilter(_paint_clock)
window.show()
mark("window built + show()")
"""
    + _WAIT_SHOWN
)

# What `congdoan-desk --db FILE` does (desktop_app.__main__ -> cli.main -> ui.app.run_gui): the
# window is shown first (the start page, Tổng quan, saying the data is being opened), then the database is
# opened on the next pass of the event loop. "shown" is the window on screen; "start page filled" is the
# start page's tracking notice painted once the office is attached (the Units page is listed behind it meanwhile).
APP = (
    _PRELUDE
    + """
import sys
from desktop_app.cli import build_parser
from desktop_app.ui.app import launch
mark("imports")
args = build_parser().parse_args(sys.argv[1:])
app, window = launch(args.db, args.db_url)
# launch() only posts the show: no paint can have happened before the clock is installed.
window.installEventFilter(_paint_clock)
_sqlalchemy_at_shown = None
class _LightClock(QObject):
    def eventFilter(self, watched, event):
        global _sqlalchemy_at_shown
        if event.type() == QEvent.Type.Paint and _sqlalchemy_at_shown is None:
            _sqlalchemy_at_shown = "sqlalchemy" in sys.modules
        return False
_light_clock = _LightClock()
window.installEventFilter(_light_clock)
# "Filled" is the first paint of the start page's notice once it holds the figures: on screen, not merely read. The
# page filled from the quick read is watched from the moment the window makes it.
_listed = None
_sqlalchemy_at_filled = None
class _NoticePaintClock(QObject):
    def eventFilter(self, watched, event):
        global _listed, _sqlalchemy_at_filled
        if event.type() == QEvent.Type.Paint and _listed is None:
            _listed = time.monotonic()
            _sqlalchemy_at_filled = "sqlalchemy" in sys.modules
        return False
_notice_clock = _NoticePaintClock()
_show_start_page = window.show_start_page
def _watched_start_page(dashboard):
    page = _show_start_page(dashboard)
    page.notice_label.installEventFilter(_notice_clock)
    return page
window.show_start_page = _watched_start_page
mark("window built + show()")
"""
    + _WAIT_SHOWN
    + """
print("SQLALCHEMY_AT_LISTED", _sqlalchemy_at_shown, flush=True)
deadline = time.monotonic() + 30
def _wait(condition, what):
    while not condition():
        app.processEvents()
        time.sleep(0.0005)
        if time.monotonic() > deadline:
            raise SystemExit(what)
# The start page filled from the quick read (before the office is open) or, when the file must be opened the normal
# way first, once the office is attached.
_wait(lambda: _listed is not None or hasattr(window, "overview_page"), "start page never filled")
if _listed is None:
    window.overview_page.notice_label.installEventFilter(_notice_clock)
    window.overview_page.notice_label.update()
    _wait(lambda: _listed is not None, "start page never filled")
mark("start page filled")
print("LISTED", _listed, flush=True)
print("SQLALCHEMY_AT_FILLED", _sqlalchemy_at_filled, flush=True)
_wait(lambda: hasattr(window.page("units"), "model"), "units page never built")
mark("units page built")
# Then the office attached (the pages get their services, the start page is read again): the clerk can act.
_wait(lambda: hasattr(window, "overview_page"), "the office was never attached")
mark("office attached")
print("ATTACHED", time.monotonic(), flush=True)
"""
)


@dataclass
class Run:
    to_shown: float  # seconds, parent's clock before spawn -> child's "shown"
    to_listed: float | None  # seconds to the start page filled with the tracking figures (the app only)
    to_attached: float | None  # seconds to the office attached, actions enabled (the app only)
    sqlalchemy_at_listed: bool | None  # whether SQLAlchemy was loaded at the window's first paint
    sqlalchemy_at_filled: bool | None  # whether SQLAlchemy was loaded when the start page was filled
    lifetime: float  # seconds, spawn -> process exit
    phases: dict[str, float] = field(default_factory=dict)  # seconds since spawn at each mark


def run_child(code: str, args: list[str], env: dict[str, str]) -> Run:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )
    ended = time.monotonic()
    if result.returncode != 0:
        raise RuntimeError(f"child failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    shown: float | None = None
    listed: float | None = None
    attached: float | None = None
    sqlalchemy_at_listed: bool | None = None
    sqlalchemy_at_filled: bool | None = None
    phases: dict[str, float] = {}
    for line in result.stdout.splitlines():
        if line.startswith("SHOWN "):
            shown = float(line.split()[1]) - started
        elif line.startswith("LISTED "):
            listed = float(line.split()[1]) - started
        elif line.startswith("ATTACHED "):
            attached = float(line.split()[1]) - started
        elif line.startswith("SQLALCHEMY_AT_LISTED "):
            sqlalchemy_at_listed = line.split()[1] == "True"
        elif line.startswith("SQLALCHEMY_AT_FILLED "):
            sqlalchemy_at_filled = line.split()[1] == "True"
        elif line.startswith("PHASE "):
            name, _sep, value = line[len("PHASE ") :].rpartition(" ")
            phases[name] = float(value) - started
    if shown is None:
        raise RuntimeError(f"child never reported SHOWN:\n{result.stdout}\n{result.stderr}")
    return Run(shown, listed, attached, sqlalchemy_at_listed, sqlalchemy_at_filled, ended - started, phases)


def median_phases(runs: list[Run]) -> list[tuple[str, float]]:
    """Median time spent in each phase (from the previous mark), in seconds."""
    names = list(runs[0].phases)
    out: list[tuple[str, float]] = []
    for position, name in enumerate(names):
        spans = []
        for run in runs:
            previous = run.phases[names[position - 1]] if position else 0.0
            spans.append(run.phases[name] - previous)
        out.append((name, statistics.median(spans)))
    return out


def import_breakdown(code: str, args: list[str], env: dict[str, str]) -> list[tuple[int, int, str]]:
    """Every import under ``python -X importtime``: (cumulative µs, self µs, indented name), slowest first."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    rows: list[tuple[int, int, str]] = []
    pattern = re.compile(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")
    for line in result.stderr.splitlines():
        match = pattern.match(line)
        if match:
            rows.append((int(match.group(2)), int(match.group(1)), match.group(3)[1:] + match.group(4)))
    rows.sort(key=lambda row: row[0], reverse=True)
    return rows


def self_time_by_package(rows: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """Self import time (µs) summed per top-level package (sqlalchemy, PySide6, desktop_app, ...)."""
    totals: dict[str, int] = {}
    for _cumulative, self_time, name in rows:
        package = name.strip().split(".")[0]
        totals[package] = totals.get(package, 0) + self_time
    return sorted(((total, package) for package, total in totals.items()), reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each program (default 7)")
    parser.add_argument("--units", type=int, default=300, help="CĐCS in the office database (default 300)")
    parser.add_argument("--db", type=Path, help="start on this office database (e.g. one bench/scale_data.py made)")
    parser.add_argument("--limit", type=float, default=1.5, help="allowed app/baseline ratio to shown (default 1.5)")
    parser.add_argument(
        "--listed-limit", type=float, default=3.0, help="allowed app/baseline ratio to start page filled (default 3)"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            CONGDOAN_DATA_DIR=str(folder / "data"),
            CONGDOAN_CONFIG_DIR=str(folder / "config"),
            PYTHONDONTWRITEBYTECODE="",
        )
        env.pop("PYTHONDONTWRITEBYTECODE")
        made = folder / "data" / f"office-{args.units}.sqlite"
        db = args.db.resolve() if args.db else make_office_db(made, args.units)
        app_args = ["--db", str(db)]
        what = f"«{db.name}» ({db.stat().st_size / 2**20:,.0f} MB)" if args.db else f"{args.units} CĐCS"
        print(f"Start-up benchmark: {what}, {args.runs} runs each, alternating, fresh processes")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, QT_QPA_PLATFORM=offscreen")

        # One unmeasured run of each: warms the OS file cache and writes .pyc files.
        run_child(BASELINE, [], env)
        run_child(APP, app_args, env)

        baseline: list[Run] = []
        app: list[Run] = []
        for index in range(args.runs):
            pair = [("baseline", BASELINE, [], baseline), ("app", APP, app_args, app)]
            if index % 2:
                pair.reverse()
            for _name, code, child_args, sink in pair:
                sink.append(run_child(code, child_args, env))

        def ms(seconds: float) -> str:
            return f"{seconds * 1000:7.0f} ms"

        print()
        print(f"{'':34}{'median':>10}{'min':>10}{'max':>10}")
        for label, runs in (("baseline QMainWindow, to shown", baseline), ("app, to main window shown", app)):
            values = [r.to_shown for r in runs]
            print(f"{label:34}{ms(statistics.median(values))}{ms(min(values))}{ms(max(values))}")
        listed = [r.to_listed for r in app if r.to_listed is not None]
        label = f"app, to start page filled ({args.units})"
        print(f"{label:34}{ms(statistics.median(listed))}{ms(min(listed))}{ms(max(listed))}")
        attached = [r.to_attached for r in app if r.to_attached is not None]
        label = "app, to office attached"
        print(f"{label:34}{ms(statistics.median(attached))}{ms(min(attached))}{ms(max(attached))}")
        for label, runs in (("baseline, whole process", baseline), ("app, whole process", app)):
            values = [r.lifetime for r in runs]
            print(f"{label:34}{ms(statistics.median(values))}{ms(min(values))}{ms(max(values))}")

        base_median = statistics.median(r.to_shown for r in baseline)
        app_median = statistics.median(r.to_shown for r in app)
        ratio = app_median / base_median
        verdict = "PASS" if ratio <= args.limit else "FAIL"
        print()
        print(
            f"ratio app/baseline (to shown): {ratio:.2f}x  (limit {args.limit:.2f}x)  -> {verdict}"
            f"  [app {app_median * 1000:.0f} ms vs baseline {base_median * 1000:.0f} ms]"
        )
        listed_ratio = statistics.median(listed) / base_median
        listed_verdict = "PASS" if listed_ratio <= args.listed_limit else "FAIL"
        print(
            f"ratio app/baseline (to start page filled): {listed_ratio:.2f}x  (limit {args.listed_limit:.2f}x)"
            f"  -> {listed_verdict}  [app {statistics.median(listed) * 1000:.0f} ms"
            f" vs baseline {base_median * 1000:.0f} ms]"
        )
        quick = sum(1 for r in app if r.sqlalchemy_at_listed is False)
        print(f"window first painted before SQLAlchemy was imported: {quick} of {len(app)} runs")
        filled_quick = sum(1 for r in app if r.sqlalchemy_at_filled is False)
        print(f"start page filled before SQLAlchemy was imported (the quick read): {filled_quick} of {len(app)} runs")
        lifetime_ratio = statistics.median(r.lifetime for r in app) / statistics.median(r.lifetime for r in baseline)
        print(f"ratio app/baseline (whole process, for information): {lifetime_ratio:.2f}x")

        for label, runs in (("baseline", baseline), ("app", app)):
            print()
            print(f"{label} phases (median time since previous mark):")
            for name, seconds in median_phases(runs):
                print(f"  {name:28}{ms(seconds)}")

        print()
        print("app driver, python -X importtime, top 10 by cumulative time (nested names indented):")
        imports = import_breakdown(APP, app_args, env)
        for cumulative, self_time, name in imports[:10]:
            print(f"  {cumulative / 1000:8.1f} ms cumulative {self_time / 1000:7.1f} ms self  {name}")
        print()
        print("app driver, import self time summed per top-level package (top 10):")
        for total, package in self_time_by_package(imports)[:10]:
            print(f"  {total / 1000:8.1f} ms  {package}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
