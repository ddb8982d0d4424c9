"""Aggregation benchmark (issue 10): 3,000 CĐCS × 80 rows added up by each row's rule (target < 1 s), against a
plain Python loop that only sums every numeric cell of the same reports (the least any aggregation must do).

    .venv/bin/python bench/bench_aggregation.py [--runs 7]

The form is made here: 80 rows in four sections — integer counts with "trong đó" sub-rows (sum), money wages with
their "số người được tính" (weighted mean), percentages of two counts (recompute), yes/no rows (count of yes), a
grading (count per category) and a text row. Every CĐCS fills every input row (a few leave some blank). Also
measured: the shipped Mẫu số 1-HĐCĐ for 3,000 CĐCS filled into Mẫu số 2-HĐCĐ by its mapping. Median of --runs
after a warm-up, baseline and aggregation alternating. The script reports, it never gates: exit 0.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from desktop_app.domain.aggregation import UnitReport, aggregate, fill_upper  # noqa: E402
from desktop_app.domain.forms import FormDefinition, form_from_data  # noqa: E402

UNITS = 3000
GRADES = ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
          "Không hoàn thành nhiệm vụ"]


def bench_form() -> FormDefinition:
    """80 rows: 10 groups of (count, sub-count, percentage, wage, people, yes/no, money), then 10 more."""
    rows: list[dict[str, Any]] = []
    for g in range(10):
        rows += [
            {"id": f"tong_{g}", "tt": f"{g + 1}", "text": f"Tổng số {g}", "unit": "người", "type": "integer"},
            {"id": f"nu_{g}", "tt": "-", "text": "Trong đó: nữ", "unit": "người", "type": "integer",
             "parent": f"tong_{g}"},
            {"id": f"ty_le_{g}", "tt": "-", "text": "Tỷ lệ nữ", "unit": "%", "type": "percent",
             "formula": f"if(tong_{g} = 0, 0, nu_{g} * 100 / tong_{g})"},
            {"id": f"luong_{g}", "tt": f"{g + 1}.1", "text": "Lương bình quân", "unit": "đồng", "type": "money",
             "aggregate": "weighted_mean", "by": f"nguoi_{g}"},
            {"id": f"nguoi_{g}", "tt": "+", "text": "Số người được tính", "unit": "người", "type": "integer",
             "parent": f"luong_{g}", "validation": {"not_above_parent": False}},
            {"id": f"co_{g}", "tt": f"{g + 1}.2", "text": "Có thỏa ước", "type": "yes_no"},
            {"id": f"tien_{g}", "tt": f"{g + 1}.3", "text": "Kinh phí", "unit": "đồng", "type": "money"},
        ]
    rows += [{"id": f"so_{i}", "tt": f"{11 + i}", "text": f"Số cuộc {i}", "unit": "cuộc", "type": "integer"}
             for i in range(8)]
    rows += [{"id": "xep_loai", "tt": "19", "text": "Xếp loại", "type": "category", "categories": GRADES},
             {"id": "ghi_chu", "tt": "20", "text": "Ghi chú", "type": "text"}]
    assert len(rows) == 80
    sections = [{"tt": "I", "title": "Số liệu", "rows": rows}]
    return form_from_data({"id": "bench", "version": 1, "title": "Bench", "level": "cdcs", "period_type": "year",
                           "sections": sections})


def reports_for(form: FormDefinition, rng: random.Random) -> list[UnitReport]:
    reports = []
    for n in range(UNITS):
        values: dict[str, Any] = {}
        for row in form.rows:
            if row.computed or rng.random() < 0.03:  # a few blanks
                continue
            if row.value_type == "yes_no":
                values[row.id] = rng.random() < 0.6
            elif row.value_type == "category":
                values[row.id] = rng.choice(row.categories)
            elif row.value_type == "text":
                values[row.id] = "ghi chú"
            elif row.value_type == "money":
                values[row.id] = Decimal(rng.randrange(3_000_000, 20_000_000, 1000))
            else:
                values[row.id] = Decimal(rng.randrange(0, 500))
        reports.append(UnitReport(f"CD{n:04d}", values))
    return reports


def plain_sum(reports: list[UnitReport]) -> Decimal:
    total = Decimal(0)
    for report in reports:
        for value in report.values.values():
            if isinstance(value, Decimal):
                total += value
    return total


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(10)
    form = bench_form()
    reports = reports_for(form, rng)

    from desktop_app.files.forms import load_definitions, shipped_forms

    loaded = {d.id: d for d in load_definitions(shipped_forms()).values()}
    first, second = loaded["mau-1-hdcd"], loaded["mau-2-hdcd"]
    assert isinstance(first, FormDefinition) and isinstance(second, FormDefinition)
    shipped_reports = reports_for(first, rng)

    cases: list[tuple[str, Callable[[], object]]] = [
        ("baseline: sum every numeric cell", lambda: plain_sum(reports)),
        ("aggregate 3,000 × 80 rows", lambda: aggregate(form, reports)),
        (f"Mẫu 1 → Mẫu 2, 3,000 × {len(first.rows)} rows", lambda: fill_upper(first, second, shipped_reports)),
    ]
    for _name, work in cases:
        work()  # warm-up
    times: dict[str, list[float]] = {name: [] for name, _w in cases}
    for _ in range(args.runs):
        for name, work in cases:
            times[name].append(timed(work))
    base = statistics.median(times[cases[0][0]])
    print(f"{UNITS} CĐCS, median of {args.runs} runs")
    for name, _w in cases:
        median = statistics.median(times[name])
        verdict = "" if name.startswith("baseline") else ("  PASS (< 1 s)" if median < 1000 else "  FAIL (≥ 1 s)")
        print(f"  {name:40s} {median:8.1f} ms  ({median / base:5.2f}× baseline){verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
