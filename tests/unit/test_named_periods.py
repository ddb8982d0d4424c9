"""The named periods shipped as data (forms/periods/named_periods.json) and how a broken file is reported."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from desktop_app.domain.deadlines import named_periods_from_data, parse_timing
from desktop_app.files.named_periods import load_named_periods, named_periods_path

D = datetime.date


def test_shipped_periods_read_the_union_year() -> None:
    periods = load_named_periods()
    cong_nhan = parse_timing("dịp Tháng Công nhân năm 2022", named_periods=periods)
    assert cong_nhan.understood, cong_nhan.problems
    assert (cong_nhan.milestones[0].start, cong_nhan.deadline) == (D(2022, 5, 1), D(2022, 5, 31))
    atvsld = parse_timing("Tháng hành động về ATVSLĐ năm 2023", named_periods=periods)
    assert atvsld.understood and atvsld.deadline == D(2023, 5, 31)
    tet = parse_timing("dịp Tết Nguyên đán 2022", named_periods=periods)
    assert tet.understood and tet.milestones[0].start == D(2022, 2, 1)
    # «Tết» alone is the lunar new year, but not «Tết Trung thu», which the data does not list.
    assert not parse_timing("Tết Trung thu 2022", named_periods=periods).understood


def test_every_lunar_new_year_listed_is_a_real_date() -> None:
    data = json.loads(named_periods_path().read_text(encoding="utf-8"))
    (tet,) = [p for p in data["periods"] if p["name"] == "Tết Nguyên đán"]
    for year, (first, _last) in tet["years"].items():
        assert first.endswith(year)
        assert first[3:5] in ("01", "02")  # the lunar new year falls between 21 January and 20 February


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "sai cú pháp JSON ở dòng 1"),
        ('{"periods": [{"aliases": ["x"]}]}', "mục 1: thiếu «name»"),
        ('{"periods": [{"name": "A", "from": "31/02", "to": "01/03"}]}', "«31/02» không phải ngày/tháng"),
        ('{"periods": [{"name": "A"}]}', "cần «from» và «to»"),
        ('{"periods": [{"name": "A", "years": {"2022": ["03/02/2022", "01/02/2022"]}}]}', "kết thúc trước"),
        ('{"periods": [{"name": "A", "aliases": "A", "from": "01/05", "to": "31/05"}]}', "aliases"),
        ("[]", "danh sách «periods»"),
    ],
)
def test_a_broken_file_says_where_and_what(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "named_periods.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=expected) as caught:
        load_named_periods(path)
    assert str(path) in str(caught.value)


def test_a_missing_file_is_a_message(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Không đọc được tệp các dịp"):
        load_named_periods(tmp_path / "none.json")


def test_a_period_crossing_the_new_year() -> None:
    (winter,) = named_periods_from_data({"periods": [{"name": "Đợt cao điểm", "from": "15/12", "to": "15/01"}]}, "test")
    timing = parse_timing("trong Đợt cao điểm 2021", named_periods=(winter,))
    assert (timing.milestones[0].start, timing.deadline) == (D(2021, 12, 15), D(2022, 1, 15))
