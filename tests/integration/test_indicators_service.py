"""Indicator forms over a real SQLite file: saving a CĐCS's figures, completeness, refusals, the tracking link,
the district's totals and the targets."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop_app.bootstrap import AppContext
from desktop_app.domain.aggregation import UnitReport, aggregate, fill_upper
from desktop_app.domain.tracking import FORM, RECEIVED, SECTORS, Audience
from desktop_app.domain.units import UnitDraft
from desktop_app.persistence.errors import RecordChangedElsewhere
from desktop_app.persistence.models import ChangeRow, SubmissionRow
from desktop_app.services.demo_indicators import UnitSize, plausible_values
from desktop_app.services.errors import UserError
from desktop_app.services.history import HistoryFilter
from desktop_app.services.indicators import WORKBOOK, ReportInput
from desktop_app.services.tracking import RequestDraft
from tests.conftest import TODAY  # Saturday 21/11/2026

FORM_ID = "mau-1-hdcd"
PERIOD = date(2026, 5, 31)
D = Decimal

UNITS = [
    UnitDraft(code="CD01", name="Công đoàn Trường Tiểu học Phước Minh A", sector="HCSN", workers=40, members=38,
              female_members=30),
    UnitDraft(code="CD02", name="Công đoàn Trạm Y tế xã Suối Đá", sector="HCSN", workers=12, members=12,
              female_members=9),
    UnitDraft(code="CD03", name="Công đoàn Công ty TNHH Giày Đông Phương", sector="NNN", workers=900, members=700,
              female_members=500),
    UnitDraft(code="CD04", name="Công đoàn Trường THCS Chà Là", sector="HCSN", founded=date(2026, 6, 15)),
    UnitDraft(code="CD05", name="Công đoàn Công ty Cao su Tây Ninh", sector="FDI", workers=300, members=260,
              female_members=120),
    UnitDraft(code="CD06", name="Công đoàn Công ty May Hòa Thành", sector="NNN", dissolved=date(2026, 3, 1)),
]


@pytest.fixture
def office(context: AppContext) -> AppContext:
    for draft in UNITS:
        context.units.create(draft)
    return context


def figures(code: str, seed: int = 1, period: date = PERIOD) -> dict[str, object]:
    draft = next(u for u in UNITS if u.code == code)
    members = draft.members or 10
    size = UnitSize(code, draft.sector, draft.workers or members, members, (draft.female_members or 0),
                    draft.female_members or 0)
    form = _form()
    return plausible_values(form, size, period, random.Random(seed))  # type: ignore[return-value]


def _form():  # type: ignore[no-untyped-def]
    from desktop_app.services.indicators import _shipped_definitions

    return _shipped_definitions()[0][FORM_ID]


def test_saved_figures_come_back_exactly(office: AppContext) -> None:
    values = figures("CD01")
    values.update(luong_binh_quan=D("7812345"), ghi_chu="Đề nghị hỗ trợ kinh phí Tết Sum vầy.",
                  ty_le_lao_dong_nu=D("99"))  # a computed row: ignored
    saved = office.indicators.save_report(FORM_ID, PERIOD, "CD01", values)  # type: ignore[arg-type]
    assert saved.complete and saved.problems == () and saved.revision == 1 and saved.source == "entry"
    assert saved.received_on == TODAY  # completed today
    again = office.indicators.report(FORM_ID, PERIOD, "cd01")
    assert again is not None
    assert again.values["luong_binh_quan"] == D("7812345")
    assert again.values["ghi_chu"] == "Đề nghị hỗ trợ kinh phí Tết Sum vầy."
    assert "ty_le_lao_dong_nu" not in again.values
    assert dict(again.values) == {k: v for k, v in values.items() if k != "ty_le_lao_dong_nu" and v is not None}
    assert (again.unit_code, again.unit_name, again.complete, again.id) == ("CD01", UNITS[0].name, True, saved.id)
    assert office.indicators.report(FORM_ID, PERIOD, "CD02") is None


def test_incomplete_then_complete_with_the_revision_checked(office: AppContext) -> None:
    values = figures("CD02")
    del values["tong_doan_vien"]  # required
    values["lao_dong_nu"] = D(13)  # above its parent (12 workers): kept, reported
    first = office.indicators.save_report(FORM_ID, PERIOD, "CD02", values)  # type: ignore[arg-type]
    assert not first.complete and first.received_on is None
    messages = [p.message for p in first.problems]
    assert any("chưa nhập (bắt buộc)" in m and "tong_doan_vien" in m for m in messages)
    assert any("lớn hơn dòng cha" in m for m in messages)
    assert office.indicators.report(FORM_ID, PERIOD, "CD02").complete is False  # type: ignore[union-attr]
    fixed = figures("CD02")
    second = office.indicators.save_report(FORM_ID, PERIOD, "CD02", fixed,  # type: ignore[arg-type]
                                           expected_revision=first.revision)
    assert second.complete and second.revision == first.revision + 1
    with pytest.raises(RecordChangedElsewhere):
        office.indicators.save_report(FORM_ID, PERIOD, "CD02", fixed,  # type: ignore[arg-type]
                                      expected_revision=first.revision)
    assert office.indicators.report(FORM_ID, PERIOD, "CD02").revision == second.revision  # type: ignore[union-attr]


def test_refusals_name_the_row_and_leave_nothing(office: AppContext) -> None:
    indicators = office.indicators
    values = figures("CD01")
    with pytest.raises(UserError, match=r"Dòng «khong_co»"):
        indicators.save_report(FORM_ID, PERIOD, "CD01", {**values, "khong_co": D(1)})  # type: ignore[dict-item]
    with pytest.raises(UserError) as caught:
        indicators.save_report(FORM_ID, PERIOD, "CD01", {**values, "tong_lao_dong": "nhiều",  # type: ignore[dict-item]
                                                         "co_thoa_uoc": D(1), "xep_loai_cdcs": "Tốt"})
    lines = str(caught.value).splitlines()
    assert len(lines) == 3 and all(line.startswith("Dòng ") for line in lines)
    assert "tong_lao_dong" in lines[0] and "Tốt" in str(caught.value)
    with pytest.raises(UserError, match="số nguyên"):
        indicators.save_report(FORM_ID, PERIOD, "CD01", {**values, "tong_lao_dong": D("40.5")})  # type: ignore[dict-item]
    with pytest.raises(UserError, match="không phải ngày chốt số liệu"):
        indicators.save_report(FORM_ID, date(2026, 6, 30), "CD01", values)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="Không có CĐCS mã «CD99»"):
        indicators.save_report(FORM_ID, PERIOD, "CD99", values)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="đã giải thể ngày 01/03/2026"):
        indicators.save_report(FORM_ID, PERIOD, "CD06", values)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="thành lập ngày 15/06/2026"):
        indicators.save_report(FORM_ID, PERIOD, "CD04", values)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="mẫu của cấp trên"):
        indicators.save_report("mau-2-hdcd", PERIOD, "CD01", {})
    with pytest.raises(UserError, match="sau ngày hôm nay"):
        indicators.save_report(FORM_ID, PERIOD, "CD01", values,  # type: ignore[arg-type]
                               received_on=date(2026, 11, 22))
    with pytest.raises(UserError, match="Không có mẫu biểu"):
        indicators.save_report("mau-9", PERIOD, "CD01", values)  # type: ignore[arg-type]
    # A batch with one bad CĐCS saves none of them.
    with pytest.raises(UserError, match="đã giải thể"):
        indicators.save_reports(FORM_ID, PERIOD, [ReportInput("CD01", values), ReportInput("CD06", values)])  # type: ignore[arg-type]
    assert indicators.reports(FORM_ID, PERIOD) == []


def test_a_complete_form_is_the_submission_of_the_request_asking_for_it_once(office: AppContext) -> None:
    tracking, indicators = office.tracking, office.indicators
    asking = tracking.create_request(RequestDraft(
        title="Số liệu 6 tháng đầu năm 2026", issued_on=date(2026, 5, 20), due=date(2026, 6, 10), what=FORM,
        form_id=FORM_ID, form_period=PERIOD))
    assert asking.form_period == PERIOD
    other_period = tracking.create_request(RequestDraft(
        title="Số liệu năm 2025", issued_on=date(2025, 11, 20), due=date(2025, 12, 10), what=FORM,
        form_id=FORM_ID, form_period=date(2025, 11, 30)))
    only_enterprises = tracking.create_request(RequestDraft(
        title="Số liệu khối doanh nghiệp", issued_on=date(2026, 5, 20), due=date(2026, 6, 10), what=FORM,
        form_id=FORM_ID, form_period=PERIOD, audience=Audience(SECTORS, sectors=("NNN",))))

    incomplete = {k: v for k, v in figures("CD01").items() if k != "tong_lao_dong"}
    indicators.save_report(FORM_ID, PERIOD, "CD01", incomplete, received_on=date(2026, 6, 3))  # type: ignore[arg-type]
    assert submissions(office) == 0  # not complete: no arrival
    indicators.save_report(FORM_ID, PERIOD, "CD01", figures("CD01"), source=WORKBOOK,  # type: ignore[arg-type]
                           received_on=date(2026, 6, 5))
    line = next(line for line in tracking.status(asking.id).lines if line.unit.code == "CD01")
    assert (line.status, line.received_on, line.channel) == (RECEIVED, date(2026, 6, 5), "bundle")
    assert line.backdate_note  # logged on a day before today, with the reason
    # Saving again (a correction, a later day) does not log a second arrival nor move the first.
    indicators.save_report(FORM_ID, PERIOD, "CD01", figures("CD01", seed=2),  # type: ignore[arg-type]
                           received_on=date(2026, 6, 20))
    line = next(line for line in tracking.status(asking.id).lines if line.unit.code == "CD01")
    assert line.received_on == date(2026, 6, 5)
    # Incomplete again: the arrival stays (the figures did come).
    indicators.save_report(FORM_ID, PERIOD, "CD01", incomplete)  # type: ignore[arg-type]
    assert tracking.status(asking.id).request.figures.received == 1
    # Typed in the app, on the day: channel «other», the day it was completed.
    indicators.save_report(FORM_ID, PERIOD, "CD03", figures("CD03"))  # type: ignore[arg-type]
    line = next(line for line in tracking.status(asking.id).lines if line.unit.code == "CD03")
    assert (line.status, line.received_on, line.channel) == (RECEIVED, TODAY, "other")
    assert submissions(office) == 3  # CD01 and CD03 for the request, CD03 for the enterprises' request
    assert tracking.status(other_period.id).request.figures.received == 0
    assert {line.unit.code for line in tracking.status(only_enterprises.id).lines if line.status == RECEIVED} == {
        "CD03"}
    # The change log tells the story by unit.
    entries = office.history.recent(HistoryFilter(unit_code="CD01"))
    summaries = [e.summary for e in entries]
    assert any("số liệu biểu mau-1-hdcd kỳ 31/05/2026 (chưa đủ" in s for s in summaries)
    assert any("(đủ)" in s for s in summaries)
    assert any("đã nộp" in s for s in summaries)


def submissions(context: AppContext) -> int:
    with context.database.session_factory() as session:
        return int(session.scalar(select(func.count()).select_from(SubmissionRow)) or 0)


def test_one_transaction_for_the_figures_and_the_arrival(office: AppContext, monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    office.tracking.create_request(RequestDraft(
        title="Số liệu 6 tháng", issued_on=date(2026, 5, 20), due=date(2026, 6, 10), what=FORM, form_id=FORM_ID,
        form_period=PERIOD))

    def broken(*_args: object, **_kwargs: object) -> None:
        raise UserError("hỏng giữa chừng")

    monkeypatch.setattr(office.tracking, "receive_forms", broken)
    with pytest.raises(UserError, match="hỏng giữa chừng"):
        office.indicators.save_report(FORM_ID, PERIOD, "CD01", figures("CD01"))  # type: ignore[arg-type]
    assert office.indicators.report(FORM_ID, PERIOD, "CD01") is None
    with office.database.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(ChangeRow).where(ChangeRow.kind == "form_report")) == 0


def test_the_district_table_is_the_domain_aggregate_of_what_was_saved(office: AppContext) -> None:
    indicators = office.indicators
    saved = {code: figures(code, seed=i) for i, code in enumerate(("CD01", "CD03", "CD05"))}
    indicators.save_reports(FORM_ID, PERIOD, [ReportInput(code, values)  # type: ignore[arg-type]
                                              for code, values in saved.items()])
    expected = [u.code for u in indicators.expected_units(FORM_ID, PERIOD)]
    assert expected == ["CD01", "CD02", "CD03", "CD05"]  # CD04 founded later, CD06 dissolved before
    total = indicators.aggregate(FORM_ID, PERIOD)
    form = indicators.form(FORM_ID)
    sectors = {"CD01": "HCSN", "CD03": "NNN", "CD05": "FDI"}
    reports = [UnitReport(code, values, sectors[code]) for code, values in saved.items()]  # type: ignore[arg-type]
    assert total == aggregate(form, reports, expected)
    assert total.missing == ("CD02",)
    assert total.rows["tong_lao_dong"].value == sum((v["tong_lao_dong"] for v in saved.values()), D(0))  # type: ignore[misc]
    assert total.rows["tong_lao_dong"].reporting == 3
    # A subset: the non-state enterprises only.
    enterprises = indicators.aggregate(FORM_ID, PERIOD, sectors=["NNN", "FDI"])
    assert enterprises.expected == ("CD03", "CD05") and enterprises.missing == ()
    assert enterprises.rows["tong_lao_dong"].value == D(900 + 300)
    # The upper form by the mapping, and the drill-down.
    upper = indicators.upper(FORM_ID, PERIOD)
    assert upper == fill_upper(form, indicators.form("mau-2-hdcd"), reports, expected)
    drill = indicators.contributions(FORM_ID, PERIOD, "luong_binh_quan")
    assert [(span.code, c.value, c.weight) for span, c in drill] == [
        (code, v["luong_binh_quan"], v["so_nguoi_tinh_luong"]) for code, v in saved.items()]
    with pytest.raises(UserError, match="Không có dòng"):
        indicators.contributions(FORM_ID, PERIOD, "khong_co")


def test_periods_and_comparisons(office: AppContext) -> None:
    indicators = office.indicators
    assert indicators.periods(FORM_ID) == [date(2025, 5, 31), date(2025, 11, 30), date(2026, 5, 31),
                                           date(2026, 11, 30)]
    indicators.save_report(FORM_ID, date(2024, 11, 30), "CD01", figures("CD01"))  # type: ignore[arg-type]
    assert indicators.periods(FORM_ID)[0] == date(2024, 5, 31)
    assert indicators.same_period_last_year(FORM_ID, PERIOD) == date(2025, 5, 31)
    assert indicators.previous_period(FORM_ID, date(2025, 5, 31)) == date(2024, 11, 30)
    assert indicators.previous_period(FORM_ID, PERIOD) is None  # nobody reported for 30/11/2025
    # The upper form compares with the periods its CĐCS form has figures for.
    assert indicators.previous_period("mau-2-hdcd", date(2025, 5, 31)) == date(2024, 11, 30)


def test_target_progress_reads_each_years_upper_form(office: AppContext) -> None:
    indicators = office.indicators
    target_set = indicators.target_sets()[0]
    for year in (2024, 2025):
        indicators.save_reports(FORM_ID, date(year, 11, 30), [
            ReportInput(code, figures(code, seed=year, period=date(year, 11, 30)))  # type: ignore[arg-type]
            for code in ("CD01", "CD03")])
    result = indicators.target_progress(target_set.id)
    assert len(result) == len(target_set.targets)
    reported = {y.year for p in result for y in p.years if y.figure is not None}
    assert reported <= {2024, 2025} and reported
    # The first target's figure for 2025 is its formula over that year's upper form.
    first = result[0]
    upper = indicators.upper(FORM_ID, date(2025, 11, 30)).values
    figure = first.target.value.evaluate({k: v for k, v in upper.items() if isinstance(v, Decimal | bool)})
    assert next(y.figure for y in first.years if y.year == 2025) == figure


@pytest.mark.postgres
def test_reports_saved_and_added_up_on_postgres(pg_url: str) -> None:
    from desktop_app.bootstrap import open_context
    from desktop_app.services.demo import demo_home_setup

    context = open_context(pg_url, clock=lambda: TODAY)
    try:
        context.office.set_up(demo_home_setup())
        for draft in UNITS:
            context.units.create(draft)
        context.tracking.create_request(RequestDraft(
            title="Số liệu 6 tháng", issued_on=date(2026, 5, 20), due=date(2026, 6, 10), what=FORM,
            form_id=FORM_ID, form_period=PERIOD))
        saved = {code: figures(code, seed=i) for i, code in enumerate(("CD01", "CD03"))}
        context.indicators.save_reports(FORM_ID, PERIOD, [ReportInput(c, v, received_on=date(2026, 6, 2))  # type: ignore[arg-type]
                                                          for c, v in saved.items()])
        total = context.indicators.aggregate(FORM_ID, PERIOD)
        assert total.reported == ("CD01", "CD03") and total.missing == ("CD02", "CD05")
        assert total.rows["tong_lao_dong"].value == D(40 + 900)
        reports = context.indicators.reports(FORM_ID, PERIOD)
        assert [(r.unit_code, r.complete, r.received_on) for r in reports] == [
            ("CD01", True, date(2026, 6, 2)), ("CD03", True, date(2026, 6, 2))]
        assert context.tracking.requests()[0].figures.received == 2
    finally:
        context.close()


def test_the_office_types_the_upper_form_rows_no_mapping_fills(office: AppContext) -> None:
    indicators = office.indicators
    home = office.office.profile().home.code
    upper_id = "mau-2-hdcd"
    indicators.save_report(FORM_ID, PERIOD, "CD01", figures("CD01"))  # type: ignore[arg-type]
    typed_row = "thiet_che_cong_doan"
    with pytest.raises(UserError, match="không nhập cho «CD01»"):
        indicators.save_report(upper_id, PERIOD, "CD01", {typed_row: D(2)})
    with pytest.raises(UserError, match="được tổng hợp từ số liệu của các CĐCS"):
        indicators.save_report(upper_id, PERIOD, home, {"tong_lao_dong": D(5)})
    saved = indicators.save_report(upper_id, PERIOD, home, {typed_row: D(2)})
    assert saved.unit_code == home and saved.values == {typed_row: D(2)}
    assert indicators.report(upper_id, PERIOD, home).values == {typed_row: D(2)}  # type: ignore[union-attr]
    upper = indicators.upper(FORM_ID, PERIOD)
    assert upper.values[typed_row] == D(2)
    # The mapped rows are still the CĐCS's totals; no arrival is logged for the office's own form.
    assert upper.values["tong_lao_dong"] == figures("CD01")["tong_lao_dong"]
    assert upper.reporting[typed_row] == 1
