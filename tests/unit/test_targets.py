"""Congress targets: a year's figure against its goal, the term's figure against the term's goal, and the linear
projection to the end of the term, against hand-computed cases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop_app.domain.forms import target_set_from_data
from desktop_app.domain.targets import progress

D = Decimal


def _set(**target: Any) -> Any:
    base = {"id": "t1", "tt": "1", "text": "Chỉ tiêu", "value": "so_moi", "unit": "đơn vị"}
    return target_set_from_data({"id": "chi-tieu", "version": 1, "title": "Chỉ tiêu", "form": "mau-2",
                                 "term": {"from": 2023, "to": 2028}, "targets": [base | target]})


def test_a_sum_over_the_term_met_early_counts_as_met() -> None:
    targets = _set(term_target=10, over_term="sum")
    result = progress(targets, {2023: {"so_moi": D(4)}, 2024: {"so_moi": D(7)}})[0]
    assert result.achieved == 11 and result.goal == 10
    assert result.status == "met"


def test_a_sum_is_projected_at_its_mean_pace() -> None:
    targets = _set(term_target=20, over_term="sum")
    result = progress(targets, {2023: {"so_moi": D(2)}, 2024: {"so_moi": D(4)}})[0]
    # 6 in two years: 3 a year for the four years left → 6 + 12 = 18 < 20.
    assert result.achieved == 6
    assert result.projection == 18
    assert result.status == "behind"
    on_track = progress(_set(term_target=18, over_term="sum"), {2023: {"so_moi": D(2)}, 2024: {"so_moi": D(4)}})[0]
    assert on_track.status == "on_track"


def test_a_rate_is_projected_by_the_least_squares_line() -> None:
    targets = _set(value="co_tu * 100 / so_cdcs", unit="%", term_target=80)
    figures = {2023: {"co_tu": D(60), "so_cdcs": D(100)}, 2024: {"co_tu": D(65), "so_cdcs": D(100)},
               2025: {"co_tu": D(70), "so_cdcs": D(100)}}
    result = progress(targets, figures)[0]
    # 60, 65, 70: +5 a year → 85 in 2028.
    assert result.achieved == 70
    assert result.projection == 85
    assert result.status == "on_track"
    flat = progress(_set(value="co_tu * 100 / so_cdcs", term_target=80),
                    {2023: {"co_tu": D(70), "so_cdcs": D(100)}, 2025: {"co_tu": D(68), "so_cdcs": D(100)}})[0]
    assert flat.projection == 65  # -1 a year from 2025's 68
    assert flat.status == "behind"


def test_at_most_and_annual_goals_only() -> None:
    strikes = _set(value="dinh_cong", direction="at_most", annual={2023: 2, 2024: 1})
    result = progress(strikes, {2023: {"dinh_cong": D(1)}, 2024: {"dinh_cong": D(3)}})[0]
    assert [y.met(result.target) for y in result.years[:2]] == [True, False]
    assert result.goal == 1 and result.status == "behind"


def test_no_figures_and_a_division_by_zero() -> None:
    assert progress(_set(term_target=5), {})[0].status == "no_data"
    broken = progress(_set(value="co_tu * 100 / so_cdcs", term_target=80), {2023: {"co_tu": D(0), "so_cdcs": D(0)}})[0]
    assert broken.status == "no_data"
    assert broken.problems and broken.problems[0][0] == 2023
