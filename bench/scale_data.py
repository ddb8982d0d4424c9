"""Scale data for the benchmarks: an office database holding N generated CĐCS.

    .venv/bin/python bench/scale_data.py 5000 /tmp/office-5000.sqlite

The office is set up as the demo office (``services.demo.demo_home_setup()``), then
``UnitService.create_many(generate_units(N))`` adds the units in one transaction.
The benchmarks import :func:`make_office_db`; run as a script it prints how long it took.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

# Runnable as `.venv/bin/python bench/scale_data.py` from the repository root without installing.
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from desktop_app.bootstrap import database_url, open_context  # noqa: E402
from desktop_app.services.demo import demo_home_setup  # noqa: E402
from desktop_app.services.demo_district import generate_units  # noqa: E402

TODAY = date(2026, 11, 21)

def make_office_db(path: Path, count: int, seed: int = 7) -> Path:
    """Create (or replace) the SQLite file at ``path``: a set-up office with ``count`` units."""
    path = path.expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    context = open_context(database_url(path), clock=lambda: TODAY)
    try:
        context.office.set_up(demo_home_setup())
        if count:
            context.units.create_many(generate_units(count, seed=seed))
    finally:
        context.close()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Create an office database with N generated CĐCS.")
    parser.add_argument("count", type=int, help="number of units (CĐCS)")
    parser.add_argument("path", type=Path, help="SQLite file to create (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path = make_office_db(args.path, args.count, args.seed)
    print(f"created {path} with {args.count} units in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
