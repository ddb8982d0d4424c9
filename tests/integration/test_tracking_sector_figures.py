"""TrackingService.sector_figures and grassroots: what the tracking page's figures panel and request dialog read."""

from __future__ import annotations

from datetime import date

from desktop_app.bootstrap import AppContext
from desktop_app.domain.tracking import ALL_BUT, Audience
from desktop_app.domain.units import UnitDraft
from desktop_app.services.tracking import Receipt, RequestDraft
from tests.conftest import TODAY  # Saturday 21/11/2026


def test_figures_per_sector_count_each_sector_alone_and_leave_out_units_not_asked(context: AppContext) -> None:
    for code, name, sector, founded in [
        ("CD01", "Công đoàn Trường Tiểu học Phước Minh A", "HCSN", None),
        ("CD02", "Công đoàn Trạm Y tế xã Suối Đá", "HCSN", None),
        ("CD03", "Công đoàn Công ty TNHH Giày Đông Phương", "NNN", None),
        ("CD04", "Công đoàn Trường THCS Chà Là", "HCSN", date(2026, 11, 15)),  # founded after the due date
        ("CD05", "Công đoàn Công ty Cao su Tây Ninh", "NNN", None),
    ]:
        context.units.create(UnitDraft(code=code, name=name, sector=sector, founded=founded))
    spans = {u.code: u for u in context.tracking.grassroots()}
    assert set(spans) == {"CD01", "CD02", "CD03", "CD04", "CD05"} and spans["CD04"].founded == date(2026, 11, 15)
    request = context.tracking.create_request(RequestDraft(
        title="Báo cáo sơ kết", issued_on=date(2026, 11, 2), due=date(2026, 11, 13),
        audience=Audience(ALL_BUT, units=(spans["CD05"].uuid,))))
    context.tracking.receive(request.id, Receipt("CD01"))
    context.tracking.receive(request.id, Receipt("CD03", date(2026, 11, 10), backdate_note="bản giấy hôm đó"))
    context.tracking.exempt(request.id, ["CD02"], "đang sáp nhập")

    rows = context.tracking.sector_figures(request.id)
    by_code = {code: (name, f) for code, name, f in rows}
    assert [code for code, _name, _f in rows] == ["HCSN", "NNN"]  # the sectors' own order
    hcsn, nnn = by_code["HCSN"][1], by_code["NNN"][1]
    assert (hcsn.expected, hcsn.received, hcsn.on_time, hcsn.exempt, len(hcsn.missing)) == (1, 1, 0, 1, 0)
    assert (nnn.expected, nnn.received, nnn.on_time, nnn.completeness) == (1, 1, 1, 1.0)  # CD05 not asked
    assert sum(f.expected for _c, _n, f in rows) == context.tracking.request(request.id).figures.expected == 2
    assert request.due < TODAY  # CD01, received today, is late
