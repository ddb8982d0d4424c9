"""Report tracking benchmark (issue 9): the dashboard and the matrix of a district with 300 CĐCS, 40 requests a year
over 5 years (2022–2026), against one hand-written SQL aggregate that counts the same thing.

    .venv/bin/python bench/bench_tracking.py [--runs 15] [--db FILE]

The database is made once (about a minute) and kept under /tmp/congdoan-bench/ (or at --db): the office and its
units by ``bench/scale_data.make_office_db``; the requests by ``TrackingService.create_request`` (all CĐCS, or the
enterprise sectors, due every nine days or so); the answers drawn as the demo draws them
(``services.demo_tracking.answer_request``: on time, late, missing, returned then resubmitted, exempt), each
request's arrivals logged with one ``receive_many``. "Today" is 21/11/2026, as in the tests.

Measured in this process, median of --runs after a warm-up, alternating:
- ``TrackingService.dashboard()`` (target < 100 ms) against the SQL of every request due in the twelve months
  before today and up to today + 7 days:
  expected, received and on-time counts per request (GROUP BY over requests × the CĐCS asked that exist on the due
  date, left-joined to their submissions);
- ``TrackingService.matrix(2026)`` (target < 300 ms) against the SQL counting the year's cells per request and kind
  (on time, late, overdue, pending, returned, exempt).
Each ratio service / SQL has the goal ≤ 2×. The SQL's counts are checked against the service's. The SQL takes the
due date as the last day on time (the service moves a due date on a day off to the next working day, which SQL
cannot know), so requests due on a day off are left out of that check. The script reports, it never gates: exit 0.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

CACHE = Path("/tmp/congdoan-bench")
UNITS = 300
REQUESTS_A_YEAR = 40
YEARS = (2022, 2023, 2024, 2025, 2026)
TODAY = date(2026, 11, 21)
SEED = 9
ENTERPRISES = ("DNNN", "NNN", "FDI")
TOPICS = (
    "sơ kết công tác công đoàn", "kết quả Tháng Công nhân", "tình hình đoàn viên, CĐCS", "chăm lo Tết cho đoàn viên",
    "thực hiện quy chế dân chủ ở cơ sở", "tình hình tiền lương, thưởng", "kết quả Hội nghị người lao động",
    "phong trào thi đua lao động giỏi",
)  # fmt: skip

# The CĐCS a request asks that exist on its due date, with their submission: one row per (request, unit).
ASKED = """
FROM report_requests r
JOIN units u ON (u.founded IS NULL OR u.founded <= r.due) AND (u.dissolved IS NULL OR u.dissolved > r.due)
    AND u.is_home = 0
JOIN unit_kinds k ON k.id = u.kind_id AND k.grassroots = 1
LEFT JOIN sectors sc ON sc.id = u.sector_id
LEFT JOIN submissions s ON s.request_id = r.id AND s.unit_id = u.id
WHERE r.due BETWEEN :first AND :last AND (
    json_extract(r.audience, '$.kind') = 'all'
    OR (json_extract(r.audience, '$.kind') = 'sectors'
        AND sc.code IN (SELECT value FROM json_each(r.audience, '$.sectors')))
    OR (json_extract(r.audience, '$.kind') = 'listed'
        AND u.uuid IN (SELECT value FROM json_each(r.audience, '$.units')))
    OR (json_extract(r.audience, '$.kind') = 'all_but'
        AND u.uuid NOT IN (SELECT value FROM json_each(r.audience, '$.units'))))
"""
# The day timeliness looks at (domain.tracking.Submission.counted_on).
COUNTED = """CASE WHEN s.status <> 'received' THEN NULL
    WHEN s.returned_on IS NOT NULL AND s.first_received_on IS NOT NULL AND s.correction_due IS NOT NULL
         AND s.received_on <= s.correction_due THEN s.first_received_on
    ELSE s.received_on END"""
DASHBOARD_SQL = f"""
SELECT r.id, SUM(s.status IS NULL OR s.status <> 'exempt') AS expected,
       SUM(s.status = 'received') AS received,
       SUM(({COUNTED}) <= r.due) AS on_time
{ASKED}
GROUP BY r.id
"""
MATRIX_SQL = f"""
SELECT r.id, CASE
        WHEN s.status IS NULL OR s.status = 'pending' THEN CASE WHEN :today > r.due THEN 'overdue' ELSE 'pending' END
        WHEN s.status = 'exempt' THEN 'exempt'
        WHEN s.status = 'returned' THEN 'returned'
        WHEN ({COUNTED}) <= r.due THEN 'on_time'
        ELSE 'late' END AS cell,
    COUNT(*)
{ASKED}
GROUP BY r.id, cell
"""


def _set_up_environment(folder: Path) -> None:
    os.environ["CONGDOAN_DATA_DIR"] = str(folder / "data")
    os.environ["CONGDOAN_CONFIG_DIR"] = str(folder / "config")


def make_tracking_db(path: Path, seed: int = SEED) -> Path:
    """The district at ``path``: 300 CĐCS, 40 requests a year over YEARS, answered as the demo answers."""
    from bench.scale_data import make_office_db
    from desktop_app.bootstrap import database_url, open_context
    from desktop_app.domain.tracking import SECTORS, Audience
    from desktop_app.services.demo_tracking import answer_request, assign_habits, demo_tracking
    from desktop_app.services.tracking import RequestDraft

    make_office_db(path, UNITS, seed=seed)
    context = open_context(database_url(path), clock=lambda: TODAY)
    try:
        tracking, content = context.tracking, demo_tracking()
        rng = random.Random(seed)
        units = tracking.grassroots()
        habits = assign_habits(rng, units, content.habits)
        started = time.perf_counter()
        for year in YEARS:
            for n in range(REQUESTS_A_YEAR):
                due = date(year, 1, 10) + timedelta(days=n * 9 + rng.randint(0, 3))
                topic = TOPICS[n % len(TOPICS)]
                audience = Audience(SECTORS, ENTERPRISES) if n % 5 == 1 else Audience()
                request = tracking.create_request(RequestDraft(
                    title=f"Báo cáo {topic} (đợt {n + 1}/{year})", issued_on=due - timedelta(days=14), due=due,
                    period=str(year), audience=audience, what="form" if n % 4 == 3 else "narrative",
                ))  # fmt: skip
                answer_request(tracking, request, units, habits, content, rng, TODAY)
            print(f"  {year}: {REQUESTS_A_YEAR} requests answered ({time.perf_counter() - started:.0f} s)",
                  file=sys.stderr, flush=True)
    finally:
        context.close()
    return path


def cached_database() -> Path:
    path = CACHE / f"tracking-u{UNITS}-r{REQUESTS_A_YEAR}-y{len(YEARS)}-s{SEED}.sqlite"
    if path.exists():
        print(f"database: {path} (cached)")
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = CACHE / f"{path.stem}.partial.sqlite"
    started = time.perf_counter()
    print(f"database: making {path}; about a minute", flush=True)
    make_tracking_db(partial)
    for suffix in ("-wal", "-shm"):
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)
    partial.rename(path)
    print(f"database: made in {time.perf_counter() - started:.0f} s")
    return path


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return (time.perf_counter() - started) * 1000, result


def measure(pairs: dict[str, Callable[[], Any]], runs: int) -> dict[str, list[float]]:
    """Each callable once unmeasured, then ``runs`` rounds, the order alternating between rounds."""
    for work in pairs.values():
        work()
    timings: dict[str, list[float]] = {name: [] for name in pairs}
    names = list(pairs)
    for round_ in range(runs):
        for name in names if round_ % 2 == 0 else reversed(names):
            timings[name].append(timed(pairs[name])[0])
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each (default 15)")
    parser.add_argument("--db", type=Path, help="build (once) or reuse the tracking database at this path")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-tracking-") as tmp:
        _set_up_environment(Path(tmp))
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from desktop_app.bootstrap import database_url, open_context

    if args.db is not None:
        db = args.db.expanduser().resolve()
        if not db.exists():
            print(f"database: making {db}; about a minute", flush=True)
            make_tracking_db(db)
    else:
        db = cached_database()
    from desktop_app.domain.tracking import CHASED_DAYS
    from desktop_app.persistence.unit_of_work import UnitOfWork
    from desktop_app.services.tracking import Receipt, TrackingService

    # Receipts are logged on a copy: the cached database stays as it was made.
    work = Path(os.environ["CONGDOAN_DATA_DIR"]) / "tracking.sqlite"
    work.parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(db), sqlite3.connect(work)
    source.backup(target)
    source.close()
    target.close()
    db = work
    context = open_context(database_url(db), clock=lambda: TODAY)
    raw = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        tracking = context.tracking

        def fresh() -> TrackingService:
            return TrackingService(lambda: UnitOfWork(context.database.session_factory), lambda: TODAY)

        # An open request and a CĐCS that has not sent it: logged, then reset, in turn.
        board = tracking.dashboard()
        open_request = (board.due_soon or board.overdue)[-1]
        missing = open_request.figures.missing[0].code
        toggle = [False]

        def after_a_receipt() -> Any:
            # Not timed: the write. Timed: the dashboard that follows it.
            if toggle[0]:
                tracking.reset(open_request.id, [missing], "bench")
            else:
                tracking.receive(open_request.id, Receipt(missing, TODAY, "email"))
            toggle[0] = not toggle[0]
            return timed(tracking.dashboard)[0]
        counts = raw.execute("SELECT (SELECT count(*) FROM report_requests), (SELECT count(*) FROM submissions)")
        requests, submissions = counts.fetchone()
        print(f"{len(tracking.grassroots())} CĐCS, {requests} requests, {submissions} submissions; today {TODAY}")
        horizon = {"first": str(TODAY - timedelta(days=CHASED_DAYS)), "last": str(TODAY + timedelta(days=7)),
                   "today": str(TODAY)}
        year = {"first": "2026-01-01", "last": "2026-12-31", "today": str(TODAY)}

        def dashboard_sql() -> list[Any]:
            return raw.execute(DASHBOARD_SQL, horizon).fetchall()

        def matrix_sql() -> list[Any]:
            return raw.execute(MATRIX_SQL, year).fetchall()

        timings = measure({
            "dashboard()": tracking.dashboard, "dashboard SQL": dashboard_sql,
            "matrix(2026)": lambda: tracking.matrix(2026), "matrix SQL": matrix_sql,
            "dashboard() cold": lambda: fresh().dashboard(), "matrix(2026) cold": lambda: fresh().matrix(2026),
        }, args.runs)  # fmt: skip
        timings["dashboard() after a receipt"] = [after_a_receipt() for _ in range(args.runs)]
        _check(tracking, dashboard_sql(), matrix_sql())
    finally:
        raw.close()
        context.close()
    medians = {name: statistics.median(values) for name, values in timings.items()}
    print(f"\n{'measured':28}{'median':>10}{'min':>10}{'max':>10}   ({args.runs} runs after a warm-up)")
    for name, values in timings.items():
        print(f"{name:28}{medians[name]:8.1f}ms{min(values):8.1f}ms{max(values):8.1f}ms")
    print()
    for service, sql, target in (
        ("dashboard()", "dashboard SQL", 100.0), ("dashboard() after a receipt", "dashboard SQL", 100.0),
        ("dashboard() cold", "dashboard SQL", 100.0), ("matrix(2026)", "matrix SQL", 300.0),
        ("matrix(2026) cold", "matrix SQL", 300.0),
    ):
        ratio = medians[service] / medians[sql]
        print(f"{service:28} {medians[service]:7.1f} ms (target < {target:.0f} ms) -> "
              f"{'PASS' if medians[service] < target else 'FAIL'}; "
              f"ratio to SQL {ratio:.2f}x (goal <= 2x) -> {'PASS' if ratio <= 2 else 'FAIL'}")  # fmt: skip
    return 0


def _check(tracking: Any, dashboard_rows: list[Any], matrix_rows: list[Any]) -> None:
    """The SQL counts what the service counts (requests whose due date is a working day)."""
    by_id = {r.id: r for r in tracking.requests()}
    same = [r for r in dashboard_rows if by_id[r[0]].last_day == by_id[r[0]].due]
    wrong = [r for r in same if (r[1], r[2], r[3]) != (by_id[r[0]].figures.expected, by_id[r[0]].figures.received,
                                                     by_id[r[0]].figures.on_time)]
    print(f"SQL check, dashboard: {len(same) - len(wrong)}/{len(same)} requests counted alike"
          + (f" -> FAIL (first: {wrong[0]})" if wrong else ""))
    matrix = tracking.matrix(2026)
    cells = Counter((r.id, matrix.cell(u, r).code) for r in matrix.requests for u in matrix.units)
    alike = [r for r in matrix.requests if r.last_day == r.due]
    sql = Counter({(row[0], row[1]): row[2] for row in matrix_rows})
    bad = [r.id for r in alike
           if {k: v for k, v in cells.items() if k[0] == r.id and k[1] != "not_asked"}
           != {k: v for k, v in sql.items() if k[0] == r.id}]
    print(f"SQL check, matrix: {len(alike) - len(bad)}/{len(alike)} requests' cells counted alike"
          + (f" -> FAIL (requests {bad[:5]})" if bad else ""))


if __name__ == "__main__":
    sys.exit(main())
