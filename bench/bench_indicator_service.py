"""Indicator service benchmark (issue 10): a district of 3,000 CĐCS, each with a filled Mẫu số 1-HĐCĐ for one
period, in a real SQLite file; measured through IndicatorService as the GUI and the CLI call it:

- ``aggregate``: the district table (read 3,000 reports' JSON, decode, add up by each row's rule; target < 1 s);
- ``upper``: the same reports filled into Mẫu số 2-HĐCĐ by the mapping;
- ``reports``: every report with its problems (what a list of who sent what shows);
- saving the 3,000 reports in one ``save_reports`` (the offline workbooks of a district imported at once).

    .venv/bin/python bench/bench_indicator_service.py [--units 3000] [--runs 5]

Median of --runs after a warm-up. The script reports, it never gates: exit 0.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from desktop_app.bootstrap import open_context  # noqa: E402
from desktop_app.persistence.database import sqlite_url  # noqa: E402
from desktop_app.services.demo import demo_home_setup  # noqa: E402
from desktop_app.services.demo_district import generate_units  # noqa: E402
from desktop_app.services.demo_indicators import FORM_ID, plausible_values, unit_sizes  # noqa: E402
from desktop_app.services.indicators import ReportInput  # noqa: E402

PERIOD = date(2025, 11, 30)
TODAY = date(2026, 1, 15)


def median(runs: int, work: Callable[[], Any]) -> float:
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        context = open_context(sqlite_url(Path(folder) / "bench.sqlite"), clock=lambda: TODAY)
        try:
            context.office.set_up(demo_home_setup())
            context.units.create_many(generate_units(args.units, as_of=date(2025, 1, 1)))
            indicators = context.indicators
            form = indicators.form(FORM_ID)
            rng = random.Random(3)
            inputs = [ReportInput(size.code, plausible_values(form, size, PERIOD, rng))
                      for size in unit_sizes(context.units.list_units()) if size.exists_on(PERIOD)]
            start = time.perf_counter()
            indicators.save_reports(FORM_ID, PERIOD, inputs)
            saving = time.perf_counter() - start
            rows = sum(1 for row in form.rows)
            print(f"{len(inputs)} CĐCS × {rows} rows of {FORM_ID}, period {PERIOD.isoformat()}")
            print(f"  save_reports (one transaction):  {saving:7.3f} s")
            print(f"  aggregate:                       {median(args.runs, lambda: indicators.aggregate(FORM_ID, PERIOD)):7.3f} s")  # noqa: E501
            print(f"  upper (Mẫu số 2 by the mapping): {median(args.runs, lambda: indicators.upper(FORM_ID, PERIOD)):7.3f} s")  # noqa: E501
            print(f"  reports (with their problems):   {median(args.runs, lambda: indicators.reports(FORM_ID, PERIOD)):7.3f} s")  # noqa: E501
        finally:
            context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
