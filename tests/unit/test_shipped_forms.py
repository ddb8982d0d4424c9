"""The definitions shipped in forms/indicators/: they load, check against each other, and hang together the way
the national forms do (form 1 feeds form 2, the targets read form 2)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain.forms import UNIT_COUNT, FormDefinition, TargetSet
from desktop_app.domain.formulas import evaluate_all
from desktop_app.files.forms import load_definitions, shipped_forms

D = Decimal


@pytest.fixture(scope="module")
def shipped() -> dict[str, FormDefinition | TargetSet]:
    return {d.id: d for d in load_definitions(shipped_forms()).values()}


def form(shipped: dict[str, FormDefinition | TargetSet], form_id: str) -> FormDefinition:
    definition = shipped[form_id]
    assert isinstance(definition, FormDefinition)
    return definition


def test_the_shipped_files() -> None:
    assert [p.name for p in shipped_forms()] == [
        "chi-tieu-dai-hoi-2023-2028.yaml", "mau-1-hdcd.yaml", "mau-2-hdcd.yaml"]
    assert all(isinstance(p, Path) and p.parent.name == "indicators" for p in shipped_forms())


def test_form_1_is_a_cdcs_form_on_the_annual_snapshot_dates(shipped: dict[str, FormDefinition | TargetSet]
                                                              ) -> None:
    first = form(shipped, "mau-1-hdcd")
    assert (first.level, first.code, first.period_type) == ("cdcs", "Mẫu số 1-HĐCĐ", "year")
    assert first.snapshot_dates == ((5, 31), (11, 30))
    assert 40 <= len(first.rows) <= 60
    assert len(first.sections) >= 7
    types = {row.value_type for row in first.rows}
    assert {"integer", "money", "percent", "yes_no", "category", "text"} <= types
    grading = first.row("xep_loai_cdcs")
    assert grading.categories == ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ",
                                  "Không hoàn thành nhiệm vụ")
    wage = first.row("luong_binh_quan")
    assert (wage.aggregate, wage.weight_row, wage.unit) == ("weighted_mean", "so_nguoi_tinh_luong", "đồng")
    assert first.row("so_nguoi_tinh_luong").text == "Số người được tính"
    assert first.row("lao_dong_nu").parent == "tong_lao_dong"
    assert first.row("lao_dong_nu").validation.not_above_parent


def test_form_2_is_the_upper_level_form(shipped: dict[str, FormDefinition | TargetSet]) -> None:
    second = form(shipped, "mau-2-hdcd")
    assert (second.level, second.code) == ("upper", "Mẫu số 2-HĐCĐ")
    assert second.mapping is None
    assert second.row("luong_binh_quan").weight_row == "so_nguoi_tinh_luong"


def test_every_figure_of_form_1_reaches_form_2_once(shipped: dict[str, FormDefinition | TargetSet]) -> None:
    first, second = form(shipped, "mau-1-hdcd"), form(shipped, "mau-2-hdcd")
    assert first.mapping is not None and first.mapping.form == second.id
    sources = [m.source for m in first.mapping.rows]
    carried = [row.id for row in first.rows if row.aggregate not in ("none", "recompute")]
    assert sorted(s for s in sources if s != UNIT_COUNT) == sorted(carried)
    assert sources.count(UNIT_COUNT) == 1
    rules = {m.rule for m in first.mapping.rows}
    assert rules == {"count_units", "sum", "weighted_mean", "count_yes", "count_per_category"}
    # Every input row of form 2 outside its own section (VIII: the upper level's own work) is fed by form 1 once.
    targets = [t for m in first.mapping.rows for t in m.target_rows]
    assert len(targets) == len(set(targets))
    own = {row.id for row in second.sections[-1].rows}
    inputs = {row.id for row in second.rows if not row.computed} - own
    assert set(targets) == inputs


def test_form_1_percentages_are_recomputed_by_form_2(shipped: dict[str, FormDefinition | TargetSet]) -> None:
    first, second = form(shipped, "mau-1-hdcd"), form(shipped, "mau-2-hdcd")
    recomputed = [row for row in first.rows if row.aggregate == "recompute"]
    assert recomputed
    for row in recomputed:
        assert second.row(row.id).computed, row.id
        assert second.row(row.id).value_type == row.value_type


def _filled(definition: FormDefinition, value: Decimal) -> dict[str, Decimal | bool | None]:
    values: dict[str, Decimal | bool | None] = {}
    for row in definition.rows:
        if row.value_type == "yes_no":
            values[row.id] = True
        elif row.value_type in ("integer", "decimal", "money", "percent"):
            values[row.id] = value
        else:
            values[row.id] = None
    return values


@pytest.mark.parametrize("form_id", ["mau-1-hdcd", "mau-2-hdcd"])
@pytest.mark.parametrize("value", [D(0), D(100)])
def test_formulas_evaluate_on_empty_and_filled_forms(shipped: dict[str, FormDefinition | TargetSet], form_id: str,
                                                     value: Decimal) -> None:
    definition = form(shipped, form_id)
    values = evaluate_all(definition.formulas(), _filled(definition, value))
    for row in definition.rows:
        if row.computed and row.value_type == "percent":
            # Every rate is guarded against an empty denominator; with all counts equal it is 100 % (200 % for
            # the rate of money collected, whose numerator adds two amounts).
            expected = 0 if not value else 200 if row.id == "ty_le_thu_dat" else 100
            if row.id == "ty_le_hoan_thanh_tot_tro_len":
                expected = 2 * expected
            assert values[row.id] == expected, row.id
        for rule in row.validation.rules:
            assert isinstance(rule.expression.evaluate(values), bool)


def test_form_1_figures_come_out_right(shipped: dict[str, FormDefinition | TargetSet]) -> None:
    first = form(shipped, "mau-1-hdcd")
    values = _filled(first, D(0))
    values.update(tong_lao_dong=D(240), lao_dong_nu=D(90), ky_hop_dong=D(228), tong_doan_vien=D(200),
                  thu_kinh_phi=D("123456789"), thu_doan_phi=D("24691358"), thu_khac=D("1000000"),
                  phai_thu=D("150000000"), khu_vuc_ngoai_nha_nuoc=True, ban_nu_cong=False)
    result = evaluate_all(first.formulas(), values)
    assert result["ty_le_lao_dong_nu"] == D("37.5")
    assert result["ty_le_ky_hop_dong"] == D(95)
    assert result["tong_thu"] == D("149148147")
    # 148148147 / 150000000 = 0.98765431333…, rounded to 12 places before the × 100.
    assert result["ty_le_thu_dat"] == D("98.7654313333")
    assert result["ban_nu_cong_ngoai_nha_nuoc"] is False
    assert result["co_thoa_uoc_ngoai_nha_nuoc"] is True


def test_the_target_set_reads_form_2(shipped: dict[str, FormDefinition | TargetSet]) -> None:
    target_set = shipped["chi-tieu-dai-hoi-2023-2028"]
    assert isinstance(target_set, TargetSet)
    assert (target_set.form, target_set.first_year, target_set.last_year) == ("mau-2-hdcd", 2023, 2028)
    term = [t for t in target_set.targets if t.term_target is not None]
    annual = [t for t in target_set.targets if t.annual_targets]
    assert len(term) >= 6 and len(annual) >= 10
    assert any(t.over_term == "sum" for t in term)
    second = form(shipped, "mau-2-hdcd")
    values = evaluate_all(second.formulas(), _filled(second, D(10)))
    for target in target_set.targets:
        assert isinstance(target.value.evaluate(values), Decimal), target.id
    party = next(t for t in target_set.targets if t.id == "gioi_thieu_dang")
    assert party.value.evaluate({**values, "gioi_thieu_dang_binh_quan": D("1.2")}) == D("1.2")
    assert party.met(D("1.2"), dict(party.annual_targets)[2025])


def test_texts_are_vietnamese_in_nfc(shipped: dict[str, FormDefinition | TargetSet]) -> None:
    texts: list[str] = []
    for definition in shipped.values():
        texts.append(definition.title)
        if isinstance(definition, FormDefinition):
            texts += [s.title for s in definition.sections]
            texts += [r.text for r in definition.rows] + [c for r in definition.rows for c in r.categories]
        else:
            texts += [t.text for t in definition.targets]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert sum(any(ord(ch) > 127 for ch in t) for t in texts) > 0.9 * len(texts)


def test_a_wage_weighted_by_the_wrong_row_in_form_2_is_caught(tmp_path: Path) -> None:
    from desktop_app.files.forms import FormFileError

    for path in shipped_forms():
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    upper = tmp_path / "mau-2-hdcd.yaml"
    text = upper.read_text(encoding="utf-8")
    assert text.count("by: so_nguoi_tinh_luong") == 1
    upper.write_text(text.replace("by: so_nguoi_tinh_luong", "by: so_nguoi_tinh_thuong"), encoding="utf-8")
    with pytest.raises(FormFileError) as caught:
        load_definitions(sorted(tmp_path.glob("*.yaml")))
    message = str(caught.value)
    assert message.startswith("mau-1-hdcd.yaml, dòng "), message
    assert "«so_nguoi_tinh_luong»" in message and "«so_nguoi_tinh_thuong»" in message


def test_the_examples_in_the_format_documentation_are_valid(tmp_path: Path) -> None:
    import re

    doc = (Path(__file__).resolve().parents[2] / "docs" / "formats" / "form-definition.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, flags=re.DOTALL)
    assert len(blocks) == 2
    # The examples are excerpts of the shipped files, under their ids; checked beside the shipped ones.
    paths = []
    for block in blocks:
        example_id = re.search(r"^id: (\S+)", block, flags=re.MULTILINE)
        assert example_id is not None
        folder = tmp_path / str(len(paths))
        folder.mkdir()
        path = folder / f"{example_id.group(1)}.yaml"
        path.write_text(block, encoding="utf-8")
        paths.append(path)
    for path in paths:
        load_definitions([path], others=shipped_forms())


def test_a_filled_form_1_is_checked_by_its_own_rules(shipped: dict[str, FormDefinition | TargetSet]) -> None:
    from desktop_app.domain.forms import check_values

    first = form(shipped, "mau-1-hdcd")
    values: dict[str, Decimal | bool | str | None] = dict(_filled(first, D(0)))
    values.update(tong_lao_dong=D(240), lao_dong_nu=D(90), tong_doan_vien=D(200), doan_vien_nu=D(80),
                  luong_binh_quan=D("7800000"), so_nguoi_tinh_luong=D(230), xep_loai_cdcs="Hoàn thành tốt nhiệm vụ",
                  ghi_chu="Đề nghị hỗ trợ kinh phí tổ chức Tết Sum vầy.")
    assert check_values(first, values) == []
    values.update(doan_vien_nu=D(95), so_nguoi_tinh_luong=D(0), xep_loai_cdcs="Tốt", tong_doan_vien=D(250))
    messages = [p.message for p in check_values(first, values)]
    assert messages == [
        "Dòng so_nguoi_tinh_luong: Có tiền lương bình quân thì phải ghi số người được tính.",
        "Dòng 1 (tong_doan_vien): 250 lớn hơn dòng cha «Tổng số lao động» (240): số «trong đó» không được vượt số "
        "của dòng cha",
        "Dòng doan_vien_nu: Số đoàn viên nữ không được vượt số lao động nữ.",
        "Dòng 6 (xep_loai_cdcs): «Tốt» không có trong danh sách: Hoàn thành xuất sắc nhiệm vụ; Hoàn thành tốt nhiệm "
        "vụ; Hoàn thành nhiệm vụ; Không hoàn thành nhiệm vụ",
    ]
