"""The reporting-rate rules against cases counted by hand (domain.tracking)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.tracking import (
    ALL,
    ALL_BUT,
    EXEMPT,
    LISTED,
    RECEIVED,
    RETURNED,
    SECTORS,
    Audience,
    RequestFacts,
    Submission,
    UnitSpan,
    arrival_offsets,
    asks_grassroots,
    by_sector,
    figures,
    line_label,
    percent,
    punctuality,
    receipt_problems,
)

DUE = date(2026, 11, 20)  # a Friday


def unit(n: int, sector: str | None = "DN", founded: date | None = None, dissolved: date | None = None) -> UnitSpan:
    return UnitSpan(f"u{n}", f"CD{n:03}", f"Công đoàn {n}", sector, founded, dissolved)


def received(n: int, on: date) -> Submission:
    return Submission(f"u{n}", RECEIVED, on, on)


def test_founding_and_dissolution_inside_the_period_leave_the_expected_set() -> None:
    units = [
        unit(1),
        unit(2, founded=date(2026, 11, 21)),  # founded the day after the due date: not expected
        unit(3, founded=DUE),  # founded on the due date: expected
        unit(4, dissolved=date(2026, 11, 10)),  # dissolved before: not expected
        unit(5, dissolved=DUE),  # dissolved on the due date: gone that day, not expected
        unit(6, dissolved=date(2026, 11, 21)),  # dissolved after: expected
    ]
    subs = {
        "u1": received(1, date(2026, 11, 18)),
        "u4": received(4, date(2026, 11, 5)),  # sent before dissolving: shown, but not counted (rates ≤ 100 %)
        "u6": received(6, date(2026, 11, 25)),
    }
    f = figures(DUE, Audience(), units, subs)
    assert (f.expected, f.received, f.on_time, f.late) == (3, 2, 1, 1)
    assert [u.code for u in f.missing] == ["CD003"]
    assert f.completeness == 2 / 3
    assert f.timeliness == 1 / 3


def test_exempt_units_leave_the_expected_count() -> None:
    units = [unit(n) for n in range(1, 5)]
    subs = {
        "u1": received(1, DUE),
        "u2": Submission("u2", EXEMPT),
    }
    f = figures(DUE, Audience(), units, subs)
    assert (f.expected, f.received, f.on_time, f.exempt) == (3, 1, 1, 1)
    assert [u.code for u in f.missing] == ["CD003", "CD004"]


def test_returned_then_resubmitted_counts_once_and_keeps_the_first_day_when_back_in_time() -> None:
    units = [unit(1), unit(2), unit(3)]
    subs = {
        # returned, not back yet: not received, listed as missing and as returned
        "u1": Submission("u1", RETURNED, date(2026, 11, 18), date(2026, 11, 18), date(2026, 11, 19), DUE),
        # back by the correction deadline (26/11) although after the due date: on time (its first copy was)
        "u2": Submission("u2", RECEIVED, date(2026, 11, 25), date(2026, 11, 17), date(2026, 11, 19),
                         date(2026, 11, 26)),
        # back after the correction deadline: counts on the day the corrected copy came, late
        "u3": Submission("u3", RECEIVED, date(2026, 11, 30), date(2026, 11, 16), date(2026, 11, 18),
                         date(2026, 11, 25)),
    }
    f = figures(DUE, Audience(), units, subs)
    assert (f.expected, f.received, f.on_time, f.late, f.returned) == (3, 2, 1, 1, 1)
    assert [u.code for u in f.missing] == ["CD001"]


def test_a_due_date_on_a_day_off_counts_the_next_working_day_as_on_time() -> None:
    sunday = date(2026, 11, 22)
    units = [unit(1), unit(2)]
    subs = {"u1": received(1, date(2026, 11, 23)), "u2": received(2, date(2026, 11, 24))}
    f = figures(sunday, Audience(), units, subs, last_day=date(2026, 11, 23))
    assert (f.on_time, f.late) == (1, 1)
    assert line_label(subs["u1"], date(2026, 11, 23), date(2026, 11, 30)) == "Đã nộp"
    assert line_label(subs["u2"], date(2026, 11, 23), date(2026, 11, 30)) == "Nộp muộn 1 ngày"


def test_audiences() -> None:
    units = [unit(1, "DN"), unit(2, "HCSN"), unit(3, "HCSN"), unit(4, None)]
    assert figures(DUE, Audience(SECTORS, sectors=("HCSN",)), units, {}).expected == 2
    assert figures(DUE, Audience(LISTED, units=("u1", "u4")), units, {}).expected == 2
    assert figures(DUE, Audience(ALL_BUT, units=("u1",)), units, {}).expected == 3
    assert figures(DUE, Audience(ALL), units, {}).expected == 4
    sectors = by_sector(DUE, Audience(), units, {"u2": received(2, DUE)})
    assert sectors["HCSN"].completeness == 0.5
    assert sectors["DN"].completeness == 0.0
    assert sectors[None].expected == 1
    assert Audience.from_json(Audience(LISTED, units=("u1",)).to_json()) == Audience(LISTED, units=("u1",))
    assert Audience.from_json({"kind": "nonsense"}) == Audience()


def test_nobody_expected_gives_no_rate_rather_than_a_division_by_zero() -> None:
    f = figures(DUE, Audience(LISTED, units=()), [unit(1)], {})
    assert f.completeness is None and f.timeliness is None
    assert percent(None) == "—"
    assert percent(0.875) == "87,5 %"
    assert percent(1.0) == "100 %"


def test_line_labels_say_how_late() -> None:
    today = date(2026, 11, 25)
    assert line_label(None, DUE, date(2026, 11, 19)) == "Chưa nộp"
    assert line_label(None, DUE, today) == "Quá hạn 5 ngày"
    assert line_label(received(1, date(2026, 11, 22)), DUE, today) == "Nộp muộn 2 ngày"
    assert line_label(Submission("u1", EXEMPT), DUE, today) == "Miễn"
    returned = Submission("u1", RETURNED, date(2026, 11, 18), date(2026, 11, 18), date(2026, 11, 19), DUE)
    assert line_label(returned, DUE, today) == "Trả lại để sửa, quá hạn 5 ngày"


def test_received_dates_that_cannot_be_true_are_refused_with_the_reason() -> None:
    today = date(2026, 11, 25)
    issued = date(2026, 11, 1)
    assert receipt_problems(today, issued, today, "") == []
    assert "sau ngày hôm nay" in receipt_problems(date(2026, 11, 26), issued, today, "")[0]
    assert "trước ngày gửi yêu cầu" in receipt_problems(date(2026, 10, 31), issued, today, "x")[0]
    assert "ghi lùi ngày" in receipt_problems(date(2026, 11, 24), issued, today, "")[0]
    assert receipt_problems(date(2026, 11, 24), issued, today, "nhận bản giấy hôm qua") == []


def test_tasks_that_ask_the_grassroots() -> None:
    assert asks_grassroots("Các CĐCS")
    assert asks_grassroots("BCH công đoàn cơ sở trực thuộc")
    assert asks_grassroots("Ban Chấp hành CÔNG ĐOÀN CƠ SỞ")
    assert not asks_grassroots("Văn phòng LĐLĐ huyện")
    assert not asks_grassroots("")


def test_punctuality_over_the_years() -> None:
    u = unit(1)
    requests = [
        RequestFacts("r1", date(2025, 6, 10), Audience(), {"u1": received(1, date(2025, 6, 9))}),
        RequestFacts("r2", date(2025, 11, 20), Audience(), {"u1": received(1, date(2025, 11, 24))}),
        RequestFacts("r3", date(2025, 12, 10), Audience(), {}),
        RequestFacts("r4", date(2026, 6, 10), Audience(), {"u1": Submission("u1", EXEMPT)}),
        RequestFacts("r5", date(2026, 12, 30), Audience(), {}),  # not due yet: not missing
        RequestFacts("r6", date(2026, 6, 10), Audience(LISTED, units=("u9",)), {}),  # not asked
    ]
    years = punctuality(u, requests, today=date(2026, 12, 1))
    assert [(p.year, p.expected, p.on_time, p.late, p.missing, p.exempt, p.total_days_late) for p in years] == [
        (2025, 3, 1, 1, 1, 0, 4),
        (2026, 0, 0, 0, 0, 1, 0),
    ]
    assert years[0].timeliness == 1 / 3
    assert years[1].timeliness is None


def test_arrival_offsets_count_days_before_and_after_the_due_date() -> None:
    subs = [received(1, date(2026, 11, 18)), received(2, date(2026, 11, 18)), received(3, date(2026, 11, 23)),
            Submission("u4", EXEMPT)]
    assert arrival_offsets(DUE, subs) == {-2: 2, 3: 1}


statuses = st.sampled_from(["none", "received", "returned", "exempt"])


@given(st.lists(st.tuples(statuses, st.integers(-10, 10), st.integers(-400, 400), st.integers(-400, 400)),
                max_size=40))
def test_rates_never_exceed_one_and_add_up(cases: list[tuple[str, int, int, int]]) -> None:
    units, subs = [], {}
    for n, (status, offset, founded, dissolved) in enumerate(cases):
        units.append(unit(n, founded=date.fromordinal(DUE.toordinal() + founded) if founded > 0 else None,
                          dissolved=date.fromordinal(DUE.toordinal() + dissolved) if dissolved > 0 else None))
        day = date.fromordinal(DUE.toordinal() + offset)
        if status == "received":
            subs[f"u{n}"] = received(n, day)
        elif status == "returned":
            subs[f"u{n}"] = Submission(f"u{n}", RETURNED, day, day, day, DUE)
        elif status == "exempt":
            subs[f"u{n}"] = Submission(f"u{n}", EXEMPT)
    f = figures(DUE, Audience(), units, subs)
    assert 0 <= f.on_time <= f.received <= f.expected
    assert f.received + len(f.missing) == f.expected
    if f.expected:
        assert 0 <= f.timeliness <= f.completeness <= 1  # type: ignore[operator]
    parts = by_sector(DUE, Audience(), units, subs)
    total = sum(parts.values(), start=type(f)())
    assert (total.expected, total.received, total.on_time) == (f.expected, f.received, f.on_time)
