"""The demo office's indicator figures: Mẫu số 1-HĐCĐ as of 30/11/2025 and 31/5/2026 for most of its CĐCS, drawn
from each unit's own size (workers, members, women) with a fixed seed, so every build holds the same figures.

Some CĐCS have not sent theirs (the district table lists them as missing), a few sent an incomplete form (a
required row blank, or more women members than women workers), and one report request asks for the 30/11/2025
form, so a complete form shows up as that CĐCS's submission on the tracking page. Figures dated after the day
the demo is built have not arrived yet and are left out.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from desktop_app.domain.form_values import CellValue
from desktop_app.domain.forms import FormDefinition
from desktop_app.domain.i18n import _
from desktop_app.domain.tracking import FORM
from desktop_app.domain.units import GRASSROOTS_KIND
from desktop_app.services.indicators import WORKBOOK, IndicatorService, ReportInput
from desktop_app.services.tracking import RequestDraft, TrackingService
from desktop_app.services.unit_records import UnitRecord

FORM_ID = "mau-1-hdcd"
SEED = 1010
# (snapshot date, share of CĐCS missing, share incomplete, days after the snapshot the forms arrive)
PERIODS: tuple[tuple[date, float, float, tuple[int, int]], ...] = (
    (date(2025, 11, 30), 0.08, 0.04, (3, 20)),
    (date(2026, 5, 31), 0.15, 0.05, (2, 25)),
)
# Sectors of enterprises outside the state sector (the form's first row).
NON_STATE = frozenset({"NNN", "FDI"})
ENTERPRISES = frozenset({"DNNN", "NNN", "FDI", "HTX"})
GRADES = (("Hoàn thành xuất sắc nhiệm vụ", 25), ("Hoàn thành tốt nhiệm vụ", 50), ("Hoàn thành nhiệm vụ", 20),
          ("Không hoàn thành nhiệm vụ", 5))
AGREEMENT_GRADES = (("Loại A", 30), ("Loại B", 45), ("Loại C", 15), ("Chưa xếp loại", 10))


@dataclass(frozen=True)
class UnitSize:
    """What the figures of one CĐCS are drawn from."""

    code: str
    sector: str | None
    workers: int
    members: int
    female: int  # women workers
    female_members: int
    founded: date | None = None
    dissolved: date | None = None

    def exists_on(self, day: date) -> bool:
        return (self.founded is None or self.founded <= day) and (self.dissolved is None or self.dissolved > day)


def unit_sizes(units: Sequence[UnitRecord]) -> list[UnitSize]:
    """The CĐCS of the unit list as the figures are drawn from them; women workers are the women members'
    share of the workforce (the list knows members, women members and workers)."""
    sizes = []
    for unit in units:
        if unit.is_home or unit.kind != GRASSROOTS_KIND:
            continue
        members = unit.members or 0
        workers = max(unit.workers or members, members)
        female_members = min(unit.female_members or 0, members)
        women = female_members * workers // members if members else 0
        sizes.append(UnitSize(unit.code, unit.sector, workers, members, women, female_members, unit.founded,
                              unit.dissolved))
    return sizes


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    pick = rng.randrange(sum(w for _c, w in choices))
    for choice, weight in choices:
        if pick < weight:
            return choice
        pick -= weight
    return choices[-1][0]


def _share(rng: random.Random, whole: int, low: int, high: int) -> int:
    """An integer share of ``whole`` between low% and high% (integer draws only: the same on every machine)."""
    return whole * rng.randint(low, high) // 100


def plausible_values(form: FormDefinition, unit: UnitSize, period: date, rng: random.Random
                     ) -> dict[str, CellValue]:
    """A complete, valid form 1 for ``unit`` as of ``period`` (half a year's money on 31/5, a year's on 30/11)."""
    d = Decimal
    workers = max(unit.workers, unit.members, 3)
    members = min(max(unit.members, 1), workers)
    women = min(max(unit.female, 0), workers)
    women_members = min(women, members, unit.female_members)
    enterprise = unit.sector in ENTERPRISES
    months = 6 if period.month <= 6 else 12
    wage = rng.randint(650, 1250 if enterprise else 950) * 10_000
    paid = workers - _share(rng, workers, 0, 5)
    agreement = rng.randrange(100) < (80 if enterprise else 40)
    strike = enterprise and workers >= 200 and rng.randrange(100) < 5
    advice = rng.randint(0, 4)
    board = min(members, rng.randint(3, 15))
    introduced = min(members, rng.randint(0, 3))
    dues = members * wage // 100 * months // 1000 * 1000
    fund = paid * wage * 2 // 100 * months // 1000 * 1000
    other = rng.randint(0, 20) * 100_000
    due_total = (fund + dues) + rng.randint(0, 10) * 100_000
    values: dict[str, CellValue] = {
        "khu_vuc_ngoai_nha_nuoc": unit.sector in NON_STATE,
        "thanh_lap_trong_ky": unit.founded is not None and unit.founded.year == period.year,
        "tong_lao_dong": d(workers),
        "lao_dong_nu": d(women),
        "thieu_viec_lam": d(_share(rng, workers, 0, 3) if enterprise else 0),
        "mat_viec_lam": d(_share(rng, workers, 0, 4) if enterprise else 0),
        "luong_binh_quan": d(wage),
        "so_nguoi_tinh_luong": d(paid),
        # The Tết bonus is known at the year's end only.
        "thuong_tet_binh_quan": d(wage * rng.randint(5, 20) // 10 // 10_000 * 10_000) if months == 12 else None,
        "so_nguoi_tinh_thuong": d(paid - _share(rng, paid, 0, 3)) if months == 12 else None,
        "thue_nha_tro": d(_share(rng, workers, 10, 45) if enterprise else 0),
        "ky_hop_dong": d(workers - _share(rng, workers, 0, 6)),
        "tham_gia_bhxh": d(workers - _share(rng, workers, 0, 10)),
        "tranh_chap_tap_the": d(1 if strike else 0),
        "ngung_viec_dinh_cong": d(1 if strike else 0),
        "nguoi_tham_gia_dinh_cong": d(_share(rng, workers, 5, 30) if strike else 0),
        "cong_doan_giai_quyet": d(1 if strike else 0),
        "vu_viec_can_tu_van": d(advice),
        "vu_viec_cong_doan_ho_tro": d(advice - rng.randint(0, min(advice, 1))),
        "tong_doan_vien": d(members),
        "doan_vien_nu": d(women_members),
        "ket_nap_moi": d(min(members, _share(rng, members, 0, 8))),
        "uy_vien_bch": d(board),
        "bch_duoc_tap_huan": d(board - rng.randint(0, min(board, 2))),
        "gioi_thieu_dang": d(introduced),
        "duoc_ket_nap_dang": d(introduced - rng.randint(0, introduced)),
        "xep_loai_cdcs": _weighted(rng, GRADES),
        "co_thoa_uoc": agreement,
        "xep_loai_thoa_uoc": _weighted(rng, AGREEMENT_GRADES) if agreement else None,
        "huong_loi_thoa_uoc": d(workers if agreement else 0),
        "hoi_nghi_nld": rng.randrange(100) < 90,
        "doi_thoai_dinh_ky": d(rng.randint(1, 4) if enterprise else rng.randint(0, 2)),
        "doi_thoai_dot_xuat": d(rng.randint(0, 2) if enterprise else 0),
        "quy_che_dan_chu": rng.randrange(100) < 85,
        "ban_nu_cong": women >= 10,
        "gioi_viec_nuoc": d(_share(rng, women_members, 0, 10)),
        "thu_kinh_phi": d(fund),
        "thu_doan_phi": d(dues),
        "thu_khac": d(other),
        "phai_thu": d(due_total),
        "tong_chi": d((fund + dues + other) * rng.randint(60, 95) // 100 // 1000 * 1000),
        "duoc_kiem_tra_tai_chinh": rng.randrange(100) < 60,
    }
    return {row_id: value for row_id, value in values.items() if row_id in {r.id for r in form.rows}}


def spoiled(values: Mapping[str, CellValue], rng: random.Random) -> dict[str, CellValue]:
    """``values`` made incomplete the ways a hurried clerk makes them: a required row left blank, or more women
    members than women workers."""
    result = dict(values)
    if rng.randrange(2) == 0:
        result.pop("tong_doan_vien", None)
    else:
        women = result.get("lao_dong_nu")
        if isinstance(women, Decimal):
            result["doan_vien_nu"] = women + 1
    return result


def load_indicators(indicators: IndicatorService, tracking: TrackingService, sizes: list[UnitSize],
                    today: date) -> int:
    """The demo's form 1 figures (and the request asking for the first period's); returns how many reports."""
    form = indicators.form(FORM_ID)
    rng = random.Random(SEED)
    first = PERIODS[0][0]
    issued, due = first - timedelta(days=20), first + timedelta(days=15)
    if issued <= today:
        tracking.create_request(RequestDraft(
            title=_("Báo cáo số liệu hoạt động công đoàn cơ sở năm 2025 (Mẫu số 1-HĐCĐ)"), issued_on=issued,
            due=due, what=FORM, form_id=FORM_ID, form_period=first, period=_("Năm 2025 (số liệu đến 30/11/2025)")))
    saved = 0
    for period, missing, incomplete, (soonest, latest) in PERIODS:
        inputs = []
        for unit in sizes:
            if not unit.exists_on(period):
                continue
            draw = rng.randrange(1000)
            values = plausible_values(form, unit, period, rng)
            arrived = period + timedelta(days=rng.randint(soonest, latest))
            if draw < missing * 1000 or arrived > today:
                continue
            if draw < (missing + incomplete) * 1000:
                values = spoiled(values, rng)
            inputs.append(ReportInput(unit.code, values, source=WORKBOOK if draw % 3 == 0 else "entry",
                                      received_on=arrived))
        if inputs:
            saved += len(indicators.save_reports(FORM_ID, period, inputs))
    return saved
