"""Tests for desktop_app.domain.deadlines: timing phrases of real plans read into milestones."""

from __future__ import annotations

import datetime
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from desktop_app.domain.deadlines import (
    DeadlineRule,
    Milestone,
    Timing,
    TimingKind,
    find_timing_phrases,
    parse_timing,
    timing_to_json,
    working_days_between,
)

D = datetime.date
SAMPLES = Path(__file__).parents[1] / "fixtures" / "samples"
SAMPLE_FILES = (
    "de_cuong_bao_cao_dai_hoi_nghe_an.txt",
    "plan_94_KH_LDLD_duong_minh_chau.txt",
    "plan_so_ket_giua_nhiem_ky_huyen.txt",
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def only(timing: Timing) -> Milestone:
    assert timing.understood, timing.problems
    assert len(timing.milestones) == 1, timing.milestones
    return timing.milestones[0]


def assert_spans_slice(source: str, timing: Timing) -> None:
    for milestone in timing.milestones:
        assert source[milestone.span[0] : milestone.span[1]] == milestone.text


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("phrase", "end", "text"),
    [
        ("trước ngày 15/11/2020", D(2020, 11, 15), "trước ngày 15/11/2020"),
        ("Trước ngày 30/11/2020.", D(2020, 11, 30), "Trước ngày 30/11/2020"),
        ("gửi về LĐLĐ huyện trước ngày 30/10/2015", D(2015, 10, 30), "trước ngày 30/10/2015"),
        ("chậm nhất ngày 31/10/2021", D(2021, 10, 31), "chậm nhất ngày 31/10/2021"),
        ("chậm nhất là ngày 31/10/2021", D(2021, 10, 31), "chậm nhất là ngày 31/10/2021"),
        ("từ nay đến hết ngày 20/11/2015", D(2015, 11, 20), "từ nay đến hết ngày 20/11/2015"),
        ("từ nay đến hết ngày thứ ba 24/11/2015", D(2015, 11, 24), "từ nay đến hết ngày thứ ba 24/11/2015"),
        ("trước ngày15/11/2020", D(2020, 11, 15), "trước ngày15/11/2020"),
        ("truoc ngay 15/11/2020", D(2020, 11, 15), "truoc ngay 15/11/2020"),
        ("TRƯỚC NGÀY 15/11/2020", D(2020, 11, 15), "TRƯỚC NGÀY 15/11/2020"),
        ("trước 17h00 ngày 15/11/2020", D(2020, 11, 15), "trước 17h00 ngày 15/11/2020"),
    ],
)
def test_deadline_dates(phrase: str, end: datetime.date, text: str) -> None:
    timing = parse_timing(phrase)
    milestone = only(timing)
    assert milestone.kind is TimingKind.DATE
    assert milestone.start is None
    assert milestone.end == end
    assert milestone.text == text
    assert phrase[milestone.span[0] : milestone.span[1]] == text
    assert timing.deadline == end
    assert timing.problems == ()
    assert timing.conditional is None


def test_inclusive_label_and_span() -> None:
    milestone = only(parse_timing("trước ngày 15/11/2020"))
    assert milestone.label == "đến hết ngày 15/11/2020"
    assert milestone.span == (0, 21)
    assert milestone.recurrence is None
    assert milestone.note == ""


def test_exclusive_rule_moves_the_last_day_and_says_so() -> None:
    timing = parse_timing("trước ngày 15/11/2020", rule=DeadlineRule.EXCLUSIVE)
    milestone = only(timing)
    assert milestone.end == D(2020, 11, 14)
    assert milestone.label == "đến hết ngày 14/11/2020 (không tính ngày 15/11/2020)"
    assert timing.rule is DeadlineRule.EXCLUSIVE
    assert "không tính" in timing.rule.label
    assert "tính cả" in DeadlineRule.INCLUSIVE.label


@pytest.mark.parametrize(
    "phrase", ["chậm nhất ngày 31/10/2021", "từ nay đến hết ngày 31/10/2021", "31/10/2021", "trước 17h ngày 31/10/2021"]
)
def test_exclusive_rule_only_touches_truoc_ngay(phrase: str) -> None:
    # "chậm nhất", "đến hết" and a bare date name the last day outright; only "trước" is ambiguous.
    assert parse_timing(phrase, rule=DeadlineRule.EXCLUSIVE).deadline == D(2021, 10, 31)


def test_gui_ve_phrase_keeps_only_the_date_as_milestone() -> None:
    phrase = "gửi báo cáo về Liên đoàn Lao động huyện trước ngày 15/11/2020"
    timing = parse_timing(phrase)
    milestone = only(timing)
    assert milestone.text == "trước ngày 15/11/2020"
    assert milestone.span == (phrase.index("trước"), len(phrase))
    assert timing.problems == ()


def test_weekday_is_checked() -> None:
    right = parse_timing("từ nay đến hết ngày thứ ba 24/11/2015")
    assert right.problems == ()
    assert only(right).label == "đến hết ngày 24/11/2015 (thứ ba)"
    assert D(2015, 11, 24).weekday() == 1  # Tuesday: "thứ ba" is right

    wrong = parse_timing("từ nay đến hết ngày thứ hai 24/11/2015")
    assert wrong.understood
    assert only(wrong).end == D(2015, 11, 24)
    assert len(wrong.problems) == 1
    assert "là thứ ba, không phải thứ hai" in wrong.problems[0]

    before = parse_timing("thứ tư, ngày 24/3/2021")
    assert only(before).end == D(2021, 3, 24)
    assert before.problems == ()


@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("ngày 24 tháng 3 năm 2021", D(2021, 3, 24)),
        ("5/3/2021", D(2021, 3, 5)),
        ("05/03/2021", D(2021, 3, 5)),
        ("24-3-2021", D(2021, 3, 24)),
        ("Chủ nhật 5/12/2021", D(2021, 12, 5)),
    ],
)
def test_bare_dates(phrase: str, day: datetime.date) -> None:
    milestone = only(parse_timing(phrase))
    assert milestone.kind is TimingKind.DATE
    assert (milestone.start, milestone.end) == (day, day)
    assert milestone.text == phrase
    assert milestone.label.startswith(f"ngày {day:%d/%m/%Y}")


def test_impossible_date_is_a_problem_not_a_milestone() -> None:
    timing = parse_timing("trước ngày 31/2/2021")
    assert not timing.understood
    assert timing.milestones == ()
    assert timing.deadline is None
    assert any("không có ngày 31" in problem for problem in timing.problems)
    assert any("trước ngày 31/2/2021" in problem for problem in timing.problems)


def test_year_is_never_guessed() -> None:
    timing = parse_timing("trước ngày 15/11")
    assert not timing.understood
    assert any("Không rõ năm" in problem for problem in timing.problems)
    with_year = parse_timing("trước ngày 15/11", reference_year=2020)
    assert with_year.deadline == D(2020, 11, 15)
    assert with_year.problems == ()


# --------------------------------------------------------------------------- months, quarters, years


@pytest.mark.parametrize(
    ("phrase", "kind", "start", "end", "label"),
    [
        ("Tháng 12/2020", TimingKind.MONTH, D(2020, 12, 1), D(2020, 12, 31), "Tháng 12/2020 (01/12/2020–31/12/2020)"),
        (
            "tháng 11 năm 2022",
            TimingKind.MONTH,
            D(2022, 11, 1),
            D(2022, 11, 30),
            "Tháng 11/2022 (01/11/2022–30/11/2022)",
        ),
        (
            "trong tháng 12/2020",
            TimingKind.MONTH,
            D(2020, 12, 1),
            D(2020, 12, 31),
            "Tháng 12/2020 (01/12/2020–31/12/2020)",
        ),
        ("tháng 2/2024", TimingKind.MONTH, D(2024, 2, 1), D(2024, 2, 29), "Tháng 2/2024 (01/02/2024–29/02/2024)"),
        ("Quý II/2021", TimingKind.QUARTER, D(2021, 4, 1), D(2021, 6, 30), "Quý II/2021 (01/04/2021–30/06/2021)"),
        ("trong Quý II/2021", TimingKind.QUARTER, D(2021, 4, 1), D(2021, 6, 30), "Quý II/2021 (01/04/2021–30/06/2021)"),
        ("Quý IV năm 2021", TimingKind.QUARTER, D(2021, 10, 1), D(2021, 12, 31), "Quý IV/2021 (01/10/2021–31/12/2021)"),
        ("Quý 2/2021", TimingKind.QUARTER, D(2021, 4, 1), D(2021, 6, 30), "Quý II/2021 (01/04/2021–30/06/2021)"),
        ("Quý II / 2021", TimingKind.QUARTER, D(2021, 4, 1), D(2021, 6, 30), "Quý II/2021 (01/04/2021–30/06/2021)"),
        ("QUÝ II/2021", TimingKind.QUARTER, D(2021, 4, 1), D(2021, 6, 30), "Quý II/2021 (01/04/2021–30/06/2021)"),
        ("quy II/2021", TimingKind.QUARTER, D(2021, 4, 1), D(2021, 6, 30), "Quý II/2021 (01/04/2021–30/06/2021)"),
        ("quý i/2022", TimingKind.QUARTER, D(2022, 1, 1), D(2022, 3, 31), "Quý I/2022 (01/01/2022–31/03/2022)"),
        ("trong năm 2021", TimingKind.YEAR, D(2021, 1, 1), D(2021, 12, 31), "Năm 2021 (01/01/2021–31/12/2021)"),
        ("Năm 2021", TimingKind.YEAR, D(2021, 1, 1), D(2021, 12, 31), "Năm 2021 (01/01/2021–31/12/2021)"),
    ],
)
def test_periods(phrase: str, kind: TimingKind, start: datetime.date, end: datetime.date, label: str) -> None:
    timing = parse_timing(phrase)
    milestone = only(timing)
    assert milestone.kind is kind
    assert (milestone.start, milestone.end) == (start, end)
    assert milestone.label == label
    assert milestone.text == phrase
    assert milestone.span == (0, len(phrase))
    assert timing.deadline == end
    assert timing.problems == ()


def test_impossible_quarter_and_month_are_problems() -> None:
    for phrase in ("Quý V/2021", "tháng 13/2021", "Quý 5/2021"):
        timing = parse_timing(phrase)
        assert not timing.understood, phrase
        assert timing.milestones == ()
        assert len(timing.problems) == 2, timing.problems  # what is wrong, then that nothing was understood


def test_truoc_a_period_follows_the_rule() -> None:
    inclusive = only(parse_timing("trước tháng 12/2020"))
    assert inclusive.end == D(2020, 12, 31)
    exclusive = only(parse_timing("trước tháng 12/2020", rule=DeadlineRule.EXCLUSIVE))
    assert exclusive.end == D(2020, 11, 30)
    assert "30/11/2020" in exclusive.label


def test_half_year() -> None:
    milestone = only(parse_timing("6 tháng đầu năm 2021"))
    assert milestone.kind is TimingKind.RANGE
    assert (milestone.start, milestone.end) == (D(2021, 1, 1), D(2021, 6, 30))


# --------------------------------------------------------------------------- several milestones, notes


def test_two_years_with_their_purpose() -> None:
    phrase = "năm 2023 sơ kết và tổng kết năm 2025"
    timing = parse_timing(phrase)
    assert timing.understood and timing.problems == ()
    first, second = timing.milestones
    assert (first.kind, first.start, first.end, first.note) == (
        TimingKind.YEAR, D(2023, 1, 1), D(2023, 12, 31), "sơ kết"
    )  # fmt: skip
    assert (second.kind, second.start, second.end, second.note) == (
        TimingKind.YEAR, D(2025, 1, 1), D(2025, 12, 31), "tổng kết"
    )  # fmt: skip
    assert first.span == (0, 8) and second.span == (28, 36)
    assert timing.deadline == D(2025, 12, 31)


def test_sample_plan_recurring_and_two_months() -> None:
    phrase = (
        "thực hiện hàng năm, tháng 11 năm 2022 tiến hành sơ kết 03 năm, tháng 11 năm 2025 tiến hành tổng kết, đánh giá."
    )
    timing = parse_timing(phrase)
    assert timing.understood and timing.problems == ()
    yearly, review, final = timing.milestones
    assert (yearly.kind, yearly.recurrence, yearly.label, yearly.start, yearly.end) == (
        TimingKind.RECURRING, "yearly", "hàng năm", None, None
    )  # fmt: skip
    assert (review.kind, review.start, review.end, review.note) == (
        TimingKind.MONTH, D(2022, 11, 1), D(2022, 11, 30), "sơ kết 03 năm"
    )  # fmt: skip
    assert (final.kind, final.start, final.end, final.note) == (
        TimingKind.MONTH, D(2025, 11, 1), D(2025, 11, 30), "tổng kết"
    )  # fmt: skip
    assert_spans_slice(phrase, timing)
    assert timing.deadline == D(2025, 11, 30)


def test_recurring_then_two_years() -> None:
    timing = parse_timing("Hàng năm, năm 2023 sơ kết và tổng kết năm 2025.")
    kinds = [m.kind for m in timing.milestones]
    assert kinds == [TimingKind.RECURRING, TimingKind.YEAR, TimingKind.YEAR]
    assert [m.note for m in timing.milestones] == ["", "sơ kết", "tổng kết"]


@pytest.mark.parametrize(
    ("phrase", "kinds", "labels"),
    [
        ("Hàng năm", [TimingKind.RECURRING], ["hàng năm"]),
        ("Hàng năm.", [TimingKind.RECURRING], ["hàng năm"]),
        ("hằng năm", [TimingKind.RECURRING], ["hàng năm"]),
        ("định kỳ hàng năm", [TimingKind.RECURRING], ["hàng năm"]),
        ("Thường xuyên", [TimingKind.ONGOING], ["thường xuyên"]),
        ("Thường xuyên.", [TimingKind.ONGOING], ["thường xuyên"]),
        ("THUONG XUYEN", [TimingKind.ONGOING], ["thường xuyên"]),
        ("Thường xuyên hàng năm.", [TimingKind.ONGOING, TimingKind.RECURRING], ["thường xuyên", "hàng năm"]),
        ("hàng quý", [TimingKind.RECURRING], ["hàng quý"]),
    ],
)
def test_recurring_and_ongoing(phrase: str, kinds: list[TimingKind], labels: list[str]) -> None:
    timing = parse_timing(phrase)
    assert timing.understood and timing.problems == ()
    assert [m.kind for m in timing.milestones] == kinds
    assert [m.label for m in timing.milestones] == labels
    assert timing.deadline is None
    assert_spans_slice(phrase, timing)


def test_recurrence_values() -> None:
    assert only(parse_timing("định kỳ hàng năm")).recurrence == "yearly"
    assert only(parse_timing("định kỳ hàng năm")).text == "định kỳ hàng năm"
    assert only(parse_timing("hàng tháng")).recurrence == "monthly"
    assert only(parse_timing("Thường xuyên")).recurrence is None


def test_conditional() -> None:
    phrase = "Thực hiện việc chuyển giao, tiếp nhận chậm nhất ngày 31/10/2021 hoặc khi có phát sinh."
    timing = parse_timing(phrase)
    milestone = only(timing)
    assert milestone.end == D(2021, 10, 31)
    assert milestone.text == "chậm nhất ngày 31/10/2021"
    assert timing.conditional == "khi có phát sinh"
    assert timing.problems == ()
    assert timing.summary == "đến hết ngày 31/10/2021; hoặc khi có phát sinh"


def test_condition_alone_is_understood_without_a_deadline() -> None:
    timing = parse_timing("Khi có yêu cầu")
    assert timing.understood
    assert timing.milestones == ()
    assert timing.deadline is None
    assert timing.conditional == "Khi có yêu cầu"


# --------------------------------------------------------------------------- ranges


def test_date_range() -> None:
    phrase = "từ ngày 01/3/2021 đến ngày 31/3/2021"
    milestone = only(parse_timing(phrase))
    assert milestone.kind is TimingKind.RANGE
    assert (milestone.start, milestone.end) == (D(2021, 3, 1), D(2021, 3, 31))
    assert milestone.text == phrase
    assert milestone.label == "từ ngày 01/03/2021 đến hết ngày 31/03/2021"


def test_month_range_gets_the_end_year() -> None:
    milestone = only(parse_timing("từ tháng 3 đến tháng 5/2021"))
    assert milestone.kind is TimingKind.RANGE
    assert (milestone.start, milestone.end) == (D(2021, 3, 1), D(2021, 5, 31))
    assert milestone.label == "từ tháng 3/2021 đến hết tháng 5/2021 (01/03/2021–31/05/2021)"
    across = only(parse_timing("từ tháng 11 đến tháng 2/2021"))
    assert (across.start, across.end) == (D(2020, 11, 1), D(2021, 2, 28))


def test_other_ranges() -> None:
    assert only(parse_timing("từ Quý I đến Quý III/2021")).end == D(2021, 9, 30)
    dash = only(parse_timing("01/3/2021 - 31/3/2021"))
    assert (dash.kind, dash.start, dash.end) == (TimingKind.RANGE, D(2021, 3, 1), D(2021, 3, 31))
    years = only(parse_timing("năm 2021-2025"))
    assert (years.kind, years.start, years.end) == (TimingKind.RANGE, D(2021, 1, 1), D(2025, 12, 31))


def test_reversed_range_is_a_problem() -> None:
    timing = parse_timing("từ ngày 5/3/2021 đến ngày 1/3/2021")
    assert not timing.understood
    assert any("bắt đầu sau ngày kết thúc" in problem for problem in timing.problems)


# --------------------------------------------------------------------------- text forms


def test_nfd_input_spans_and_text() -> None:
    phrase = nfd("Thời gian hoàn thành: trong Quý II/2021, chậm nhất là ngày 31/10/2021")
    timing = parse_timing(phrase)
    assert timing.source == unicodedata.normalize("NFC", phrase)
    assert [m.kind for m in timing.milestones] == [TimingKind.QUARTER, TimingKind.DATE]
    assert_spans_slice(phrase, timing)
    assert timing.milestones[0].text == nfd("trong Quý II/2021")
    assert timing.milestones[1].text == nfd("chậm nhất là ngày 31/10/2021")
    assert timing.deadline == D(2021, 10, 31)


def test_words_around_are_context_not_problems() -> None:
    timing = parse_timing("Tiếp tục triển khai, trong Quý II/2021")
    assert timing.understood and timing.problems == ()


def test_partly_understood_phrase_lists_the_rest() -> None:
    timing = parse_timing("tuần đầu tháng 12/2020")
    assert timing.understood
    assert only(timing).end == D(2020, 12, 31)
    assert any("tuần" in problem for problem in timing.problems)
    early = parse_timing("đầu năm 2021")
    assert early.understood and len(early.problems) == 1
    assert "đầu năm 2021" in early.problems[0]


@pytest.mark.parametrize("phrase", ["sắp tới", "Khẩn trương", "theo hướng dẫn", "ngày tháng năm"])
def test_not_understood_is_flagged_with_the_phrase(phrase: str) -> None:
    timing = parse_timing(phrase)
    assert not timing.understood
    assert timing.milestones == ()
    assert timing.deadline is None
    assert any(f"«{phrase}»" in problem for problem in timing.problems)
    assert timing.summary == f"Chưa hiểu: «{phrase}»"


def test_empty_phrase() -> None:
    timing = parse_timing("   ")
    assert not timing.understood
    assert timing.problems == ("Chưa ghi thời hạn.",)


# --------------------------------------------------------------------------- property tests


dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))


@given(dates)
@example(D(2020, 11, 15))
@example(D(2024, 2, 29))
def test_truoc_ngay_round_trips(day: datetime.date) -> None:
    phrase = f"trước ngày {day.day}/{day.month}/{day.year}"
    assert parse_timing(phrase).deadline == day
    assert parse_timing(phrase, rule=DeadlineRule.EXCLUSIVE).deadline == day - datetime.timedelta(days=1)


@given(dates)
def test_padded_date_round_trips(day: datetime.date) -> None:
    phrase = f"{day.day:02d}/{day.month:02d}/{day.year}"
    timing = parse_timing(phrase)
    assert timing.deadline == day
    assert only(timing).span == (0, len(phrase))
    assert parse_timing(f"trước ngày {phrase}", rule=DeadlineRule.EXCLUSIVE).deadline == day - datetime.timedelta(
        days=1
    )


@given(dates)
def test_date_in_words_round_trips(day: datetime.date) -> None:
    phrase = f"ngày {day.day} tháng {day.month} năm {day.year}"
    assert parse_timing(phrase).deadline == day
    exclusive = parse_timing(f"trước {phrase}", rule=DeadlineRule.EXCLUSIVE)
    assert exclusive.deadline == day - datetime.timedelta(days=1)


@given(
    dates,
    st.sampled_from(["trước ngày {d}", "chậm nhất là ngày {d}", "từ nay đến hết ngày {d}", "Thời hạn: {d}"]),
    st.sampled_from(["", "Gửi báo cáo về Liên đoàn Lao động huyện ", "  "]),
    st.booleans(),
)
def test_spans_slice_the_original_text(day: datetime.date, template: str, lead: str, decompose: bool) -> None:
    phrase = lead + template.format(d=f"{day.day}/{day.month}/{day.year}") + " ."
    if decompose:
        phrase = nfd(phrase)
    timing = parse_timing(phrase)
    assert timing.deadline == day
    assert_spans_slice(phrase, timing)
    for start, end in find_timing_phrases(phrase):
        assert parse_timing(phrase[start:end]).deadline == day


# --------------------------------------------------------------------------- phrases inside paragraphs


def test_find_label_lines() -> None:
    text = "- Xây dựng Quy chế phối hợp.\nThời gian hoàn thành: Quý II/2021.\nThời gian thực hiện: Thường xuyên."
    spans = find_timing_phrases(text)
    assert [text[a:b] for a, b in spans] == ["Quý II/2021", "Thường xuyên"]
    short = "Thời gian: trước ngày 15/11/2020"
    assert [short[a:b] for a, b in find_timing_phrases(short)] == ["trước ngày 15/11/2020"]


def test_find_unreadable_label_value_so_it_gets_flagged() -> None:
    text = "Thời gian thực hiện: theo hướng dẫn của cấp trên."
    (span,) = find_timing_phrases(text)
    assert text[span[0] : span[1]] == "theo hướng dẫn của cấp trên"
    assert not parse_timing(text[span[0] : span[1]]).understood


def test_find_inline_phrases() -> None:
    text = (
        "Các CĐCS gửi báo cáo về Liên đoàn Lao động huyện trước ngày 15/11/2020 (kèm phụ lục); "
        "bàn giao chậm nhất là ngày 31/10/2021 hoặc khi có phát sinh. Hoàn thành từ nay đến hết ngày thứ ba 24/11/2015."
    )
    found = [text[a:b] for a, b in find_timing_phrases(text)]
    assert found == [
        "gửi báo cáo về Liên đoàn Lao động huyện trước ngày 15/11/2020",
        "chậm nhất là ngày 31/10/2021 hoặc khi có phát sinh",
        "từ nay đến hết ngày thứ ba 24/11/2015",
    ]


def test_find_ignores_dates_that_are_not_deadlines() -> None:
    text = (
        "Thực hiện Kế hoạch số 213/KH-LĐLĐ ngày 22/3/2021 của Ban Thường vụ; thường xuyên rà soát. "
        "Huyện Dương Minh Châu, ngày 24 tháng 3 năm 2021\nIII. HÌNH THỨC VÀ THỜI GIAN THỰC HIỆN\n2. Thời gian thực hiện"
    )
    assert find_timing_phrases(text) == []


def test_find_item_whose_value_is_a_timing() -> None:
    text = "- Liên đoàn Lao động huyện: Tháng 12/2020.\n- Các công đoàn cơ sở: Trước ngày 30/11/2020."
    assert [text[a:b] for a, b in find_timing_phrases(text)] == ["Tháng 12/2020", "Trước ngày 30/11/2020"]
    assert find_timing_phrases("- Nơi nhận: Thường trực LĐLĐ tỉnh 2020;") == []


def test_find_in_nfd_text() -> None:
    text = nfd("Thời gian và lộ trình sắp xếp, trong Quý II/2021.")
    (span,) = find_timing_phrases(text)
    assert text[span[0] : span[1]] == nfd("trong Quý II/2021")


def sample_phrases() -> list[tuple[str, str]]:
    phrases: list[tuple[str, str]] = []
    for name in SAMPLE_FILES:
        text = (SAMPLES / name).read_text(encoding="utf-8")
        for paragraph in text.split("\n"):
            phrases.extend((name, paragraph[a:b]) for a, b in find_timing_phrases(paragraph))
    return phrases


@pytest.fixture(autouse=False)
def needs_samples_dir() -> None:
    # The samples are copies kept in tests/fixtures: missing ones are a broken checkout.
    if not SAMPLES.is_dir():
        pytest.fail(f"the sample texts are missing: {SAMPLES}")


needs_samples = pytest.mark.usefixtures("needs_samples_dir")


@needs_samples
def test_every_timing_phrase_of_the_samples_is_understood() -> None:
    phrases = sample_phrases()
    by_file = {name: sum(1 for file, _text in phrases if file == name) for name in SAMPLE_FILES}
    # The plans carry 15 "Thời gian …:" lines, the mid-term plan two per-level deadlines and one
    # "gửi … về … trước ngày"; "định kỳ hàng năm" closes plan 94 and appears in the congress outline.
    assert by_file == {
        "de_cuong_bao_cao_dai_hoi_nghe_an.txt": 1,
        "plan_94_KH_LDLD_duong_minh_chau.txt": 16,
        "plan_so_ket_giua_nhiem_ky_huyen.txt": 3,
    }
    not_understood = [(name, phrase, parse_timing(phrase).problems) for name, phrase in phrases]
    assert [entry for entry in not_understood if entry[2]] == []
    assert all(parse_timing(phrase).understood for _name, phrase in phrases)


@needs_samples
@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_whole_sample_file_gives_the_same_phrases(name: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    whole = [text[a:b] for a, b in find_timing_phrases(text)]
    assert whole == [phrase for file, phrase in sample_phrases() if file == name]


@needs_samples
def test_sample_deadlines() -> None:
    found = {phrase: parse_timing(phrase) for _name, phrase in sample_phrases()}
    assert found["Trước ngày 30/11/2020"].deadline == D(2020, 11, 30)
    assert found["Tháng 12/2020"].deadline == D(2020, 12, 31)
    assert found["trong Quý II/2021"].deadline == D(2021, 6, 30)
    assert found["trong năm 2021"].deadline == D(2021, 12, 31)
    assert found["gửi báo cáo về Liên đoàn Lao động huyện trước ngày 15/11/2020"].deadline == D(2020, 11, 15)
    conditional = found["Thực hiện việc chuyển giao, tiếp nhận chậm nhất ngày 31/10/2021 hoặc khi có phát sinh"]
    assert conditional.conditional == "khi có phát sinh"
    assert found["Hàng năm, năm 2023 sơ kết và tổng kết năm 2025"].deadline == D(2025, 12, 31)


# --------------------------------------------------------------------------- working days


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2020, 11, 13), D(2020, 11, 16), 1),  # Fri -> Mon
        (D(2020, 11, 25), D(2020, 12, 10), 11),  # the clerk's week in DOMAIN §8: 11 working days of slack
        (D(2020, 11, 16), D(2020, 11, 16), 0),
        (D(2020, 11, 16), D(2020, 11, 17), 1),
        (D(2020, 11, 14), D(2020, 11, 15), 0),  # Sat -> Sun
        (D(2020, 11, 16), D(2020, 11, 23), 5),  # Mon -> next Mon
        (D(2020, 12, 10), D(2020, 11, 25), -11),
        (D(2020, 11, 16), D(2020, 11, 13), -1),
    ],
)
def test_working_days_between(start: datetime.date, end: datetime.date, expected: int) -> None:
    assert working_days_between(start, end) == expected


def test_working_days_skip_holidays_on_weekdays_only() -> None:
    # 2/9/2021 (National Day) was a Thursday, 5/9/2021 a Sunday.
    holidays = frozenset({D(2021, 9, 2), D(2021, 9, 3), D(2021, 9, 5)})
    assert working_days_between(D(2021, 8, 31), D(2021, 9, 7)) == 5
    assert working_days_between(D(2021, 8, 31), D(2021, 9, 7), holidays) == 3
    assert working_days_between(D(2021, 9, 7), D(2021, 8, 31), holidays) == -3


@given(dates, st.integers(min_value=-400, max_value=400))
def test_working_days_match_counting_day_by_day(start: datetime.date, offset: int) -> None:
    end = start + datetime.timedelta(days=offset)
    low, high = sorted((start, end))
    count = sum(1 for n in range(1, (high - low).days + 1) if (low + datetime.timedelta(days=n)).weekday() < 5)
    assert working_days_between(start, end) == (count if end >= start else -count)


# --------------------------------------------------------------------------- JSON


def test_json_shape() -> None:
    timing = parse_timing("Thực hiện chậm nhất ngày 31/10/2021 hoặc khi có phát sinh")
    data = timing_to_json(timing)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["understood"] is True
    assert data["deadline"] == "2021-10-31"
    assert data["rule"] == "inclusive"
    assert data["conditional"] == "khi có phát sinh"
    assert data["problems"] == []
    assert data["milestones"] == [
        {
            "kind": "date",
            "start": None,
            "end": "2021-10-31",
            "recurrence": None,
            "text": "chậm nhất ngày 31/10/2021",
            "span": [10, 35],
            "label": "đến hết ngày 31/10/2021",
            "note": "",
        }
    ]
    assert set(data) == {
        "source", "understood", "deadline", "rule", "rule_label", "conditional", "summary", "milestones", "problems"
    }  # fmt: skip


def test_json_of_a_recurring_and_an_unknown_phrase() -> None:
    recurring = timing_to_json(parse_timing("Thường xuyên hàng năm"))
    assert [m["kind"] for m in recurring["milestones"]] == ["ongoing", "recurring"]  # type: ignore[attr-defined]
    assert recurring["deadline"] is None
    unknown = timing_to_json(parse_timing("sắp tới", rule=DeadlineRule.EXCLUSIVE))
    assert unknown["understood"] is False
    assert unknown["rule"] == "exclusive"
    assert unknown["milestones"] == []
    assert unknown["problems"]


_TOKENS = st.sampled_from(
    [
        "trước", "ngày", "Ngày", "tháng", "Quý", "quý", "năm", "Năm", "hàng", "thường xuyên", "định kỳ", "từ",
        "đến", "hết", "chậm nhất", "là", "hoặc khi", "có phát sinh", "sơ kết", "tổng kết", "và", "thứ ba", "II",
        "IV", "V", "15/11/2020", "31/2/2021", "12/2020", "2021", "03", "/", "-", "–", ",", ".", ":", "\n",
        "Thời gian hoàn thành:", "gửi", "về", "17h", " ", "\u00a0", "\u0301", "đầu",
    ]
)  # fmt: skip


@given(st.lists(_TOKENS, max_size=14).map(" ".join), st.booleans())
def test_any_text_gives_an_honest_answer(text: str, decompose: bool) -> None:
    if decompose:
        text = nfd(text)
    for rule in DeadlineRule:
        timing = parse_timing(text, rule=rule)
        assert timing.understood == (bool(timing.milestones) or timing.conditional is not None)
        assert timing.understood or timing.problems
        assert_spans_slice(text, timing)
        json.dumps(timing_to_json(timing))
    for start, end in find_timing_phrases(text):
        assert 0 <= start < end <= len(text)
