"""The unit registry on a real SQLite file: add, edit, dissolve, merge, history, set-up."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from desktop_app.bootstrap import AppContext
from desktop_app.domain.units import UnitDraft
from desktop_app.services.errors import Conflict, UserError, ValidationFailed
from desktop_app.services.office import HomeSetup, SignerInfo
from tests.conftest import HOME_SETUP, TODAY


def school(code: str = "CDCS001", name: str = "CĐCS Trường Tiểu học Phước Minh A", **changes: object) -> UnitDraft:
    values: dict[str, object] = dict(code=code, name=name, sector="HCSN", members=30, female_members=22, workers=32)
    values.update(changes)
    return UnitDraft(**values)  # type: ignore[arg-type]


def test_set_up_creates_home_parent_and_signer(context: AppContext) -> None:
    profile = context.office.profile()
    assert profile.home.code == "LDLD_DMC"
    assert profile.home.is_home
    assert profile.abbreviation == "LĐLĐ"
    assert profile.place_name == "Huyện Dương Minh Châu"
    assert profile.parent is not None and profile.parent.name == "Liên đoàn Lao động tỉnh Tây Ninh"
    assert profile.signer == SignerInfo("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn An")
    # The home unit and its parent are not CĐCS: the unit list shows only the subtree.
    assert context.units.list_units() == []


def test_set_up_twice_is_refused(context: AppContext) -> None:
    with pytest.raises(UserError, match="đã được thiết lập"):
        context.office.set_up(HOME_SETUP)


def test_set_up_names_every_missing_field(empty_context: AppContext) -> None:
    bad = HomeSetup(name=" ", kind="LDLD_HUYEN", abbreviation="", place_name="", parent_name="", parent_kind="",
                    signer=SignerInfo("", "", ""))
    with pytest.raises(ValidationFailed) as failure:
        empty_context.office.set_up(bad)
    fields = {p.field for p in failure.value.problems}
    assert fields == {"name", "abbreviation", "place_name", "signer"}
    assert not empty_context.office.is_set_up()


def test_create_normalises_text_to_nfc(context: AppContext) -> None:
    nfd = unicodedata.normalize("NFD", "CĐCS  Trường Mầm non  Suối Đá")
    record = context.units.create(school(code="cdcs010", name=nfd, chair=unicodedata.normalize("NFD", "Lê Thị Hoà")))
    assert record.code == "CDCS010"
    assert record.name == "CĐCS Trường Mầm non Suối Đá"
    assert unicodedata.is_normalized("NFC", record.chair)
    assert record.parent_code == "LDLD_DMC"
    assert record.revision == 1 and len(record.uuid) == 36


def test_create_refuses_invalid_units_and_stores_nothing(context: AppContext) -> None:
    with pytest.raises(ValidationFailed) as failure:
        context.units.create(school(members=10, female_members=12, founded=date(2030, 1, 1)))
    messages = " ".join(p.message for p in failure.value.problems)
    assert "Số đoàn viên nữ (12) lớn hơn tổng số đoàn viên (10)" in messages
    assert "Ngày thành lập 01/01/2030 ở sau ngày hôm nay (21/11/2026)" in messages
    assert context.units.list_units() == []


def test_duplicate_code_is_refused(context: AppContext) -> None:
    context.units.create(school())
    with pytest.raises(ValidationFailed, match="đã dùng cho đơn vị"):
        context.units.create(school(name="Một đơn vị khác"))
    assert len(context.units.list_units()) == 1


def test_create_many_is_all_or_nothing(context: AppContext) -> None:
    with pytest.raises(ValidationFailed):
        context.units.create_many([school("A1", "Đơn vị A"), school("A2", "Đơn vị B", members=-1)])
    assert context.units.list_units() == []


def test_update_bumps_revision_records_history_and_detects_conflicts(context: AppContext) -> None:
    unit = context.units.create(school())
    updated = context.units.update(unit.id, school(members=35, chair="Trần Văn Bình"), expected_revision=1)
    assert updated.members == 35 and updated.revision == 2
    history = context.units.history(unit.id)
    assert [e.kind for e in history] == ["created", "edited"]
    assert "Số đoàn viên" in history[1].detail and "Chủ tịch CĐCS" in history[1].detail
    with pytest.raises(Conflict, match="vừa được sửa ở nơi khác"):
        context.units.update(unit.id, school(members=36), expected_revision=1)
    assert context.units.get(unit.id).members == 35


def test_dissolve_keeps_the_unit_and_can_be_undone(context: AppContext) -> None:
    unit = context.units.create(school(founded=date(2001, 9, 5)))
    with pytest.raises(UserError, match="ở trước ngày thành lập"):
        context.units.dissolve(unit.id, date(1999, 1, 1))
    with pytest.raises(UserError, match="ở sau ngày hôm nay"):
        context.units.dissolve(unit.id, date(2027, 1, 1))
    dissolved = context.units.dissolve(unit.id, date(2026, 6, 30), "Sáp xếp lại trường")
    assert dissolved.dissolved == date(2026, 6, 30)
    assert context.units.list_units(include_dissolved=False) == []
    assert [u.code for u in context.units.list_units()] == ["CDCS001"]
    with pytest.raises(UserError, match="đã giải thể ngày 30/06/2026"):
        context.units.dissolve(unit.id, date(2026, 7, 1))
    reinstated = context.units.reinstate(unit.id)
    assert reinstated.dissolved is None
    # In the order recorded, each dated the day it took effect: the dissolution (30/06) was recorded
    # after the unit was added to the list today.
    history = context.units.history(unit.id)
    assert [(e.kind, e.on_date) for e in history] == [
        ("created", TODAY), ("dissolved", date(2026, 6, 30)), ("reinstated", TODAY)
    ]


def test_merge_moves_members_and_history_to_the_target(context: AppContext) -> None:
    source = context.units.create(school("CDCS001", "CĐCS Trường Tiểu học Phước Minh A", members=30,
                                         female_members=20, workers=31))
    target = context.units.create(school("CDCS002", "CĐCS Trường Tiểu học Phước Minh B", members=25,
                                         female_members=18, workers=27))
    context.units.update(source.id, school("CDCS001", "CĐCS Trường Tiểu học Phước Minh A", members=31,
                                           female_members=20, workers=31))
    merged = context.units.merge(source.id, target.id, TODAY, "Hợp nhất hai trường")
    assert merged.members == 56 and merged.female_members == 38 and merged.workers == 58
    closed = context.units.get(source.id)
    assert closed.dissolved == TODAY and closed.merged_into_code == "CDCS002"
    history = context.units.history(target.id)
    # The merged unit's own history (created, edited, merged) is visible from the target.
    assert {(e.unit_code, e.kind) for e in history} >= {
        ("CDCS001", "created"), ("CDCS001", "edited"), ("CDCS001", "merged_into"), ("CDCS002", "absorbed"),
    }
    absorbed = next(e for e in history if e.kind == "absorbed")
    assert absorbed.other_unit_name == "CĐCS Trường Tiểu học Phước Minh A"
    assert "Hợp nhất hai trường" in absorbed.detail
    with pytest.raises(UserError, match="đã sáp nhập"):
        context.units.update(source.id, school())
    with pytest.raises(UserError, match="đã giải thể hoặc sáp nhập"):
        context.units.merge(source.id, target.id, TODAY)
    with pytest.raises(UserError, match="vào chính nó"):
        context.units.merge(target.id, target.id, TODAY)


def test_demo_district_loads_once(empty_context: AppContext) -> None:
    from desktop_app.services.demo import load_demo

    first = load_demo(empty_context)
    second = load_demo(empty_context)
    assert first.created and not second.created
    units = empty_context.units.list_units()
    assert len(units) == first.units == second.units
    assert 110 <= len(units) <= 130
    assert {u.sector for u in units} >= {"HCSN", "DNNN", "NNN", "FDI"}
    assert any(u.dissolved for u in units)


def test_demo_refuses_a_database_of_another_office(empty_context: AppContext) -> None:
    from dataclasses import replace

    from desktop_app.services.demo import load_demo

    empty_context.office.set_up(replace(HOME_SETUP, code="LDLD_GDH", name="Liên đoàn Lao động huyện Gò Dầu"))
    empty_context.units.create(school())
    with pytest.raises(UserError, match="đã có dữ liệu của «Liên đoàn Lao động huyện Gò Dầu»"):
        load_demo(empty_context)
    assert [u.code for u in empty_context.units.list_units()] == ["CDCS001"]


def test_update_office_corrects_names_and_signer_together(context: AppContext) -> None:
    profile = context.office.update_office(
        "Liên đoàn Lao động huyện Dương Minh Châu", "LĐLĐ Dương Minh Châu", "LĐLĐ", "Huyện Dương Minh Châu",
        SignerInfo("kt. chủ tịch", "phó chủ tịch", "Lê Văn Bình"),
    )
    assert profile.home.short_name == "LĐLĐ Dương Minh Châu"
    assert profile.signer == SignerInfo("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Bình")
    history = context.units.history(profile.home.id)
    assert history[-1].kind == "edited" and "Tên viết tắt" in history[-1].detail
    with pytest.raises(ValidationFailed) as failure:
        context.office.update_office("", "x", "LĐ LĐ", "", SignerInfo("", "", ""))
    assert {p.field for p in failure.value.problems} == {"name", "abbreviation", "place_name", "signer"}
    # Nothing was half-written: the signer kept its corrected value.
    assert context.office.profile().signer == SignerInfo("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Bình")


# -- issue 7: ranges, soft hyphens, history date, every problem at once ------------------------------
@pytest.mark.parametrize("field", ["members", "female_members", "workers"])
@pytest.mark.parametrize("value", [2**63, 2**64 + 5, 10_000_001])
def test_counts_past_the_sane_range_are_refused_not_overflowing(context: AppContext, field: str, value: int) -> None:
    with pytest.raises(ValidationFailed) as failure:
        context.units.create(school(**{"members": value if field == "female_members" else 30, field: value}))
    assert field in {p.field for p in failure.value.problems}
    assert "lớn quá" in str(failure.value)
    assert context.units.list_units() == []


def test_soft_hyphens_and_other_format_characters_never_reach_stored_names(context: AppContext) -> None:
    typed = "CĐCS Trường Tiểu\u00ad học Phước\u200b Minh\u2060 A"
    record = context.units.create(school(name=typed, chair="Lê\u00ad Thị Hòa"))
    assert record.name == "CĐCS Trường Tiểu học Phước Minh A" and record.chair == "Lê Thị Hòa"
    edited = context.units.update(record.id, school(name="CĐCS Trường Tiểu học Phước Minh\u00ad B"))
    assert edited.name == "CĐCS Trường Tiểu học Phước Minh B"


def test_an_imported_name_with_soft_hyphens_is_seen_as_the_existing_unit(context: AppContext, tmp_path: object) -> None:
    import openpyxl

    context.units.create(school(name="CĐCS Trường Tiểu học Phước Minh A"))
    path = tmp_path / "ds.xlsx"  # type: ignore[operator]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Số đoàn viên"])
    sheet.append(["CDCS002", "CĐCS Trường Tiểu\u00adhọc Phước Minh A".replace("\u00adhọc", " h\u00adọc"), 10])
    workbook.save(path)
    session = context.workbooks.open_workbook(path)
    warnings = session.preview.warnings()
    assert [w.row_number for w in warnings] == [2] and "đã có trong danh sách" in warnings[0].message
    [imported] = context.workbooks.import_units(session)
    assert imported.name == "CĐCS Trường Tiểu học Phước Minh A"


def test_history_of_an_added_unit_is_dated_the_day_it_was_added(context: AppContext) -> None:
    record = context.units.create(school(founded=date(2001, 9, 5)))
    [created] = context.units.history(record.id)
    assert created.kind == "created" and created.label == "Thêm vào danh sách"
    assert created.on_date == TODAY
    assert record.founded == date(2001, 9, 5)


def test_the_unit_form_reports_every_problem_in_one_round(context: AppContext) -> None:
    from desktop_app.domain.units import UnitForm

    context.units.create(school())
    form = UnitForm(
        code="CDCS001", name="", members="ba mươi", female_members="12,5", workers="99999999999",
        email="khong-phai-thu", founded="31/2/2020", sector="HCSN",
    )  # fmt: skip
    expected = {"code", "name", "members", "female_members", "workers", "email", "founded"}
    assert {p.field for p in context.units.check_form(form)} == expected
    with pytest.raises(ValidationFailed) as failure:
        context.units.create_form(form)
    fields = [p.field for p in failure.value.problems]
    assert set(fields) == expected
    assert fields == sorted(fields, key=["code", "name", "members", "female_members", "workers", "email",
                                          "founded"].index)
    assert len(context.units.list_units()) == 1


def test_the_unit_form_edits_with_the_same_rules(context: AppContext) -> None:
    from desktop_app.domain.units import UnitForm

    record = context.units.create(school())
    other = context.units.create(school(code="CDCS002", name="CĐCS B"))
    assert context.units.check_form(UnitForm(code="CDCS001", name="CĐCS A", members="1.234"), record.id) == []
    with pytest.raises(ValidationFailed) as failure:
        context.units.update_form(other.id, UnitForm(code="CDCS001", name="CĐCS B", members="x", founded="mai"))
    assert {p.field for p in failure.value.problems} == {"code", "members", "founded"}
    saved = context.units.update_form(record.id, UnitForm(code="CDCS001", name="CĐCS A", members="1.234",
                                                          founded="24/3/2021"), expected_revision=record.revision)
    assert (saved.members, saved.founded) == (1234, date(2021, 3, 24))


def test_a_huge_count_in_a_workbook_is_refused_alike_by_the_dry_run_and_the_import(
    context: AppContext, tmp_path: object
) -> None:
    import openpyxl

    path = tmp_path / "so_lon.xlsx"  # type: ignore[operator]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Số đoàn viên", "Số lao động"])
    sheet.append(["CDCS001", "CĐCS A", 12, 2**63])
    workbook.save(path)
    session = context.workbooks.open_workbook(path)
    [problem] = session.preview.problems()
    assert problem.describe().startswith("Dòng 2, cột D (Số lao động): Số lao động lớn quá")
    with pytest.raises(UserError, match="Dòng 2, cột D"):
        context.workbooks.import_units(session)
    assert context.units.list_units() == []
