"""Reading definition files: line numbers in every message, the schema in Vietnamese, hostile files refused."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from desktop_app.domain.forms import FormDefinition, TargetSet
from desktop_app.files.forms import (
    MAX_FILE_BYTES,
    FormFileError,
    load_definition,
    load_definitions,
    schema_path,
)

FORM = """\
kind: form
id: mau-thu
version: 1
title: Báo cáo thử
level: cdcs
period_type: year
snapshot_dates:
  - {month: 5, day: 31}
sections:
  - tt: I
    title: Lao động
    rows:
      - id: tong_ld
        tt: "1"
        text: Tổng số lao động
        unit: người
        type: integer
      - id: ld_nu
        tt: "-"
        text: "Trong đó: nữ"
        unit: người
        type: integer
        parent: tong_ld
      - id: ty_le_nu
        tt: "2"
        text: Tỷ lệ lao động nữ
        unit: "%"
        type: percent
        formula: if(tong_ld = 0, 0, ld_nu / tong_ld * 100)
        validation:
          min: 0
          max: 100.5
"""

UPPER = """\
kind: form
id: mau-tren
version: 1
title: Tổng hợp
level: upper
period_type: year
sections:
  - title: Tất cả
    rows:
      - {id: so_cdcs, text: Số CĐCS, unit: đơn vị, type: integer}
      - {id: tong_ld, text: Tổng số lao động, unit: người, type: integer}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    with pytest.raises(FormFileError) as caught:
        load_definition(path)
    return str(caught.value)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(json.loads(schema_path().read_text(encoding="utf-8")))


def test_the_schema_allows_what_the_domain_knows() -> None:
    from desktop_app.domain.forms import AGGREGATIONS, DIRECTIONS, LEVELS, PERIOD_TYPES, VALUE_TYPES

    defs = json.loads(schema_path().read_text(encoding="utf-8"))["$defs"]
    form = defs["form"]["properties"]
    row = defs["row"]["properties"]
    assert tuple(form["level"]["enum"]) == LEVELS
    assert tuple(form["period_type"]["enum"]) == PERIOD_TYPES
    assert tuple(row["type"]["enum"]) == VALUE_TYPES
    assert tuple(row["aggregate"]["enum"]) == AGGREGATIONS
    assert tuple(defs["target"]["properties"]["direction"]["enum"]) == DIRECTIONS
    assert set(defs["row_mapping"]["properties"]["rule"]["enum"]) == (set(AGGREGATIONS) - {"none", "recompute"}
                                                                      | {"count_units"})


def test_a_good_file_loads(tmp_path: Path) -> None:
    form = load_definition(write(tmp_path, "mau-thu.yaml", FORM))
    assert isinstance(form, FormDefinition)
    assert form.row("ty_le_nu").validation.maximum == Decimal("100.5")  # exact, not a float
    assert form.row("ld_nu").text == "Trong đó: nữ"


def test_schema_errors_name_file_and_line(tmp_path: Path) -> None:
    text = FORM.replace("        type: percent\n", "        type: phan_tram\n").replace(
        "        unit: người\n        type: integer\n        parent", "        unit: người\n        kieu: integer\n"
        "        parent")
    message = refusal(write(tmp_path, "mau-thu.yaml", text))
    lines = message.splitlines()
    assert any(line.startswith("mau-thu.yaml, dòng 22: ") and "«kieu»" in line for line in lines), message
    assert any(line.startswith("mau-thu.yaml, dòng 18: ") and "thiếu trường bắt buộc «type»" in line
               for line in lines), message
    assert any(line.startswith("mau-thu.yaml, dòng 28: ") and "«phan_tram» không được phép" in line
               for line in lines), message


@pytest.mark.parametrize(("old", "new", "line", "words"), [
    ("version: 1", "version: một", 3, "cần một số nguyên"),
    ("level: cdcs", "level: huyen", 5, "chọn một trong: cdcs, upper"),
    ("      - id: ld_nu", "      - id: ld-nu", 18, "sai dạng"),
    ("title: Báo cáo thử\n", "", 1, "thiếu trường bắt buộc «title»"),
    ("  - {month: 5, day: 31}", "  - {month: 13, day: 31}", 8, "lớn nhất là 12"),
])
def test_schema_messages(tmp_path: Path, old: str, new: str, line: int, words: str) -> None:
    assert old in FORM
    message = refusal(write(tmp_path, "mau-thu.yaml", FORM.replace(old, new, 1)))
    assert message.startswith(f"mau-thu.yaml, dòng {line}: "), message
    assert words in message


def test_domain_errors_name_the_line_of_the_row(tmp_path: Path) -> None:
    text = FORM.replace("ld_nu / tong_ld * 100", "ld_nu / (tong_ld * 100")
    message = refusal(write(tmp_path, "mau-thu.yaml", text))
    assert message.startswith('mau-thu.yaml, dòng 29: Công thức của dòng 2 (ty_le_nu): thiếu dấu ")"'), message
    text = FORM.replace("parent: tong_ld", "parent: tong")
    assert refusal(write(tmp_path, "mau-thu.yaml", text)).startswith(
        "mau-thu.yaml, dòng 18: Dòng ld_nu: dòng cha «tong» không có trong mẫu")


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    assert "dòng 2: mã «mau-thu» phải trùng tên tệp «mau-khac»" in refusal(write(tmp_path, "mau-khac.yaml", FORM))


@pytest.mark.parametrize(("text", "words"), [
    ("kind: form\nid: [unclosed\n", "sai cú pháp YAML"),
    ("", "tệp trống"),
    ("kind: form\n---\nkind: form\n", "sai cú pháp YAML"),
    ("a: &x [1, 2]\nb: *x\n", "bí danh"),
    ("a: &x {k: 1}\nb:\n  <<: {k: 2}\n", "«<<»"),
    ("kind: form\nkind: target_set\n", "viết hai lần"),
    ("kind: !!python/object:os.system {}\n", "không dùng được"),
    ("version: 2024-01-01\n", "ngày tháng"),
    ("version: .inf\n", "không phải một số"),
    ("version: 0x1F\n", "hệ thập phân"),
    ("x: " + "[" * 100 + "]" * 100 + "\n", "lồng nhau quá sâu"),
    ("? [a, b]\n: 1\n", "khóa phải là một chữ"),
    ("- 1\n- 2\n", "cần một mục có các trường"),
])
def test_hostile_or_broken_yaml_is_refused(tmp_path: Path, text: str, words: str) -> None:
    message = refusal(write(tmp_path, "mau-thu.yaml", text))
    assert message.startswith("mau-thu.yaml"), message
    assert words in message


def test_billion_laughs_is_refused_before_it_grows(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 10)]
    message = refusal(write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n"))
    assert "bomb.yaml, dòng 2: không dùng bí danh YAML («*a0»)" in message


def test_too_large_and_not_utf8_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "mau-thu.yaml"
    big.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    assert "tệp quá lớn" in refusal(big)
    latin = tmp_path / "mau-latin.yaml"
    latin.write_bytes("kind: form\ntitle: Báo cáo\n".encode("cp1258"))
    message = refusal(latin)
    assert message.startswith("mau-latin.yaml, dòng 2: tệp không phải văn bản UTF-8"), message
    nul = tmp_path / "mau-nul.yaml"
    nul.write_bytes(b"kind: form\x00\n")
    assert "NUL" in refusal(nul)
    assert "không tìm thấy tệp" in refusal(tmp_path / "khong-co.yaml")
    assert "là một thư mục" in refusal(tmp_path)


def test_a_mapping_is_checked_against_the_upper_form_beside_it(tmp_path: Path) -> None:
    mapping = "upper_form:\n  form: mau-tren\n  rows:\n    - {to: so_cdcs}\n    - {from: tong_ld, to: tong_ld}\n"
    lower = write(tmp_path, "mau-thu.yaml", FORM + mapping)
    upper = write(tmp_path, "mau-tren.yaml", UPPER)
    loaded = load_definitions([lower], others=[upper])
    assert set(loaded) == {lower}
    broken = write(tmp_path, "mau-thu.yaml", FORM + mapping.replace("to: tong_ld}", "to: tong_lao_dong}"))
    with pytest.raises(FormFileError) as caught:
        load_definitions([broken], others=[upper])
    assert str(caught.value).startswith("mau-thu.yaml, dòng 37: Dòng «tong_lao_dong» không có trong mẫu cấp trên")
    with pytest.raises(FormFileError, match="không tìm thấy mẫu «mau-tren»"):
        load_definitions([lower])


def test_a_target_set_loads_and_is_checked_against_its_form(tmp_path: Path) -> None:
    upper = write(tmp_path, "mau-tren.yaml", UPPER)
    targets = write(tmp_path, "chi-tieu.yaml", """\
kind: target_set
id: chi-tieu
version: 1
title: Chỉ tiêu thử
form: mau-tren
term: {from: 2023, to: 2028}
targets:
  - id: cdcs_moi
    text: Thành lập mới công đoàn cơ sở
    value: so_cdcs
    unit: đơn vị
    term_target: 10
    annual: {2024: 2, 2025: 2}
    over_term: sum
  - id: bq_ld
    text: Bình quân lao động mỗi CĐCS
    value: tong_ld / so_cdcs
    direction: at_most
    annual: {2026: 500}
""")
    loaded = load_definitions([targets], others=[upper])
    target_set = loaded[targets]
    assert isinstance(target_set, TargetSet)
    assert target_set.targets[0].annual_targets == ((2024, Decimal(2)), (2025, Decimal(2)))
    broken = write(tmp_path, "chi-tieu.yaml", targets.read_text(encoding="utf-8").replace(
        "tong_ld / so_cdcs", "tong_ld / so_cd"))
    with pytest.raises(FormFileError) as caught:
        load_definitions([broken], others=[upper])
    assert str(caught.value).startswith("chi-tieu.yaml, dòng 17: Dòng bq_ld: chỉ tiêu đọc dòng không có"), \
        str(caught.value)
