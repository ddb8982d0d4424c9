"""Returned-workbook import benchmark (issue 10): reading 300 returned Mẫu số 1-HĐCĐ workbooks with every check
(``read_form_workbook``: size, zip bomb, entity declarations, _meta and checksum, structure, formulas, merges, each
value parsed) against openpyxl alone just loading the same files read-only and iterating their values — the goal
is at most 1.0× that baseline, in the same run.

    .venv/bin/python bench/bench_workbook_import.py [--files 300] [--runs 5] [--folder DIR]

The workbooks are generated here (one per CĐCS, each with its own unit code, filled with plausible figures; a
third of them with figures typed as text with Vietnamese separators, as pasted from a report). Median of --runs
after a warm-up, the two readers alternating. The script reports, it never gates: exit 0.
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

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from desktop_app.domain.forms import FormDefinition  # noqa: E402
from desktop_app.files.form_workbooks import layout_of, read_form_workbook, write_form_workbook  # noqa: E402
from desktop_app.files.forms import load_definitions, shipped_forms  # noqa: E402

PERIOD = date(2026, 11, 30)


def make_workbooks(form: FormDefinition, folder: Path, count: int, rng: random.Random) -> list[Path]:
    import openpyxl

    layout = layout_of(form)
    paths = []
    for n in range(count):
        values: dict[str, object] = {}
        for line in layout.inputs:
            row = line.row
            assert row is not None
            if rng.random() < 0.05:
                continue
            if row.value_type == "yes_no":
                values[row.id] = rng.random() < 0.6
            elif row.value_type == "category":
                values[row.id] = rng.choice(row.categories)
            elif row.value_type == "text":
                values[row.id] = "Đề nghị hỗ trợ"
            elif row.value_type == "money":
                values[row.id] = rng.randrange(3_000_000, 20_000_000, 1000)
            else:
                values[row.id] = rng.randrange(0, 500)
        from decimal import Decimal

        typed = {k: Decimal(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in values.items()}
        path = write_form_workbook(form, unit_code=f"CD{n:04d}", unit_name=f"CĐCS đơn vị số {n}",
                                   office_name="LĐLĐ huyện Nam Đàn", period=PERIOD, values=typed,  # type: ignore[arg-type]
                                   path=folder / f"CD{n:04d}.xlsx")
        if n % 3 == 0:  # a clerk who pasted figures as text («1.234»)
            book = openpyxl.load_workbook(path)
            sheet = book[layout.sheet]
            for row_id in ("tong_lao_dong", "luong_binh_quan", "thu_kinh_phi"):
                value = values.get(row_id)
                if isinstance(value, int):
                    sheet[layout.cell(row_id)] = f"{value:,}".replace(",", ".")
            book.save(path)
        paths.append(path)
    return paths


def openpyxl_only(paths: list[Path]) -> int:
    from openpyxl import load_workbook

    cells = 0
    for path in paths:
        book = load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
        book.close()
    return cells


def ours(paths: list[Path], definitions: dict[str, FormDefinition]) -> int:
    values = 0
    for path in paths:
        values += len(read_form_workbook(path, definitions).values)
    return values


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=Path, help="keep the generated workbooks here")
    args = parser.parse_args()
    definitions = {d.id: d for d in load_definitions(shipped_forms()).values() if isinstance(d, FormDefinition)}
    form = definitions["mau-1-hdcd"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        paths = make_workbooks(form, folder, args.files, random.Random(10))
        print(f"{len(paths)} workbooks generated in {time.perf_counter() - started:.1f} s "
              f"({sum(p.stat().st_size for p in paths) / len(paths) / 1024:.1f} KB each)")
        cases: list[tuple[str, Callable[[], object]]] = [
            ("openpyxl read_only load + iterate", lambda: openpyxl_only(paths)),
            ("read_form_workbook (all checks)", lambda: ours(paths, definitions)),
        ]
        for _name, work in cases:
            work()  # warm-up (imports, file cache)
        times: dict[str, list[float]] = {name: [] for name, _w in cases}
        for _ in range(args.runs):
            for name, work in cases:
                times[name].append(timed(work))
        base = statistics.median(times[cases[0][0]])
        print(f"{len(paths)} returned workbooks, median of {args.runs} runs")
        for name, _w in cases:
            median = statistics.median(times[name])
            ratio = median / base
            verdict = "" if name.startswith("openpyxl") else ("  PASS (≤ 1.0×)" if ratio <= 1.0 else "  FAIL (> 1.0×)")
            print(f"  {name:36s} {median:8.1f} ms  {median / len(paths):6.2f} ms/file  ({ratio:4.2f}×){verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
