"""Document templates as data: every shipped template parses and fills completely; broken ones are refused
with a Vietnamese message naming the file and the place in it."""

from __future__ import annotations

import copy
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.documents import ListItem, Paragraph, Section, SignerBlock, Task, document_to_dict, outline
from desktop_app.domain.templates import (
    STANDARD_PLACEHOLDERS,
    fill_template,
    missing_fields,
    parse_template,
    preview_template,
)

FOLDER = Path(__file__).resolve().parents[2] / "forms" / "templates"
FILES = sorted(FOLDER.glob("*.json"))
SIGNER = SignerBlock("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn An")
STANDARD = {
    "home_name": "Liên đoàn Lao động huyện Dương Minh Châu",
    "home_short_name": "LĐLĐ huyện Dương Minh Châu",
    "parent_name": "Liên đoàn Lao động tỉnh Tây Ninh",
    "place": "Huyện Dương Minh Châu",
    "year": "2026",
    "abbreviation": "LĐLĐ",
}


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FOLDER / name).read_text(encoding="utf-8"))
    return data


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def minimal(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "thu",
        "title": "Thông báo thử",
        "version": 1,
        "type": "TB",
        "fields": [{"name": "term", "label": "Nhiệm kỳ"}],
        "summary": "Lịch làm việc {term}",
        "body": [{"kind": "section", "heading": "Lịch", "children": [{"kind": "item", "text": "Họp {year}."}]}],
        "recipients": ["- Lưu: VP."],
    }
    data.update(changes)
    return data


def test_the_four_templates_the_office_needs_are_shipped() -> None:
    names = {path.name for path in FILES}
    assert {
        "ke-hoach-so-ket-giua-nhiem-ky.json",
        "ke-hoach-thuc-hien-chuong-trinh-nghi-quyet.json",
        "bao-cao-ket-qua.json",
        "cong-van-don-doc.json",
    } <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_template_parses_and_fills_without_leftover_braces(path: Path) -> None:
    template = parse_template(json.loads(path.read_text(encoding="utf-8")), path.name)
    assert template.id == path.stem and template.title and template.version >= 1
    values = {**STANDARD, **{f.name: f.example for f in template.fields}}
    assert all(f.example for f in template.fields), "every field shows an example in the dialog"
    assert missing_fields(template, values) == []

    doc = fill_template(template, values, STANDARD["place"], STANDARD["parent_name"], STANDARD["home_name"], SIGNER)
    assert doc.number is None and doc.header.issue_date is None  # a draft
    assert doc.header.issuing_body == STANDARD["home_name"] and doc.header.place == STANDARD["place"]
    assert doc.signer == SIGNER
    texts = strings(document_to_dict(doc))
    leftovers = [t for t in texts if "{" in t or "}" in t]
    assert leftovers == []
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert doc.summary or doc.subject
    assert doc.recipients.lines[-1].startswith("- Lưu")
    assert doc.closing and doc.closing[-1].text.endswith("./.")
    top = [e.label + " " + e.node.heading.upper() for e in outline(doc.body) if isinstance(e.node, Section)
           and e.node.level == 1]  # fmt: skip
    assert top[0].startswith("I. ") and len(top) >= 2


def test_the_mid_term_plan_has_the_samples_sections_and_fills_its_placeholders() -> None:
    template = parse_template(load("ke-hoach-so-ket-giua-nhiem-ky.json"), "ke-hoach-so-ket-giua-nhiem-ky.json")
    preview = preview_template(template, STANDARD)
    assert preview.headings == (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG",
        "III. HÌNH THỨC VÀ THỜI GIAN THỰC HIỆN",
        "IV. TỔ CHỨC THỰC HIỆN",
    )
    assert preview.summary == "Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết [Đại hội được sơ kết], [Nhiệm kỳ]"
    values = {
        **STANDARD,
        "congress": "Đại hội Công đoàn huyện lần thứ IX",
        "term": "nhiệm kỳ 2023-2028",
        "upstream_plan": "Kế hoạch số 166/KH-LĐLĐ ngày 10/9/2025",
        "cdcs_deadline": "ngày 5 tháng 11 năm 2026",
    }
    doc = fill_template(template, values, "Huyện Dương Minh Châu", "Tỉnh", "Huyện", None)
    assert doc.type.code == "KH"
    assert (
        doc.summary
        == "Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Công đoàn huyện lần thứ IX, nhiệm kỳ 2023-2028"
    )
    assert doc.basis[0].text == "Căn cứ Kế hoạch số 166/KH-LĐLĐ ngày 10/9/2025;"
    text = json.dumps(document_to_dict(doc), ensure_ascii=False)
    assert "trước ngày 05/11/2026" in text  # a date field prints dd/mm/yyyy whatever was typed
    assert "tháng 12/2026" in text


def test_the_reminder_letter_repeats_a_line_per_unit_and_closes_the_list_with_a_full_stop() -> None:
    template = parse_template(load("cong-van-don-doc.json"), "cong-van-don-doc.json")
    assert template.type.is_letter
    values = {
        **STANDARD,
        "report_name": "báo cáo sơ kết",
        "request": "Kế hoạch số 95/KH-LĐLĐ",
        "units": "Công đoàn Trường A\n\n  Công đoàn Trạm Y tế B  \nCông đoàn Công ty C",
        "deadline": "28/11/2026",
    }
    doc = fill_template(template, values, "Huyện Dương Minh Châu", "Tỉnh", "Huyện", SIGNER)
    assert doc.subject_line == "V/v đôn đốc gửi báo cáo sơ kết"
    assert doc.addressees == ("Công đoàn Trường A;", "Công đoàn Trạm Y tế B;", "Công đoàn Công ty C.")
    listed = [e.node.text for e in outline(doc.body) if e.label == "-"]
    assert listed == ["Công đoàn Trường A;", "Công đoàn Trạm Y tế B;", "Công đoàn Công ty C."]
    assert "trước ngày 28/11/2026" in json.dumps(document_to_dict(doc), ensure_ascii=False)


def test_values_are_nfc_and_a_literal_brace_survives() -> None:
    template = parse_template(minimal(summary="Lịch {{nội bộ}} {term}"), "thu.json")
    decomposed = unicodedata.normalize("NFD", "nhiệm kỳ 2023-2028")
    doc = fill_template(template, {**STANDARD, "term": decomposed}, "Huyện", "Tỉnh", "Huyện", None)
    assert doc.summary == "Lịch {nội bộ} nhiệm kỳ 2023-2028"
    assert unicodedata.is_normalized("NFC", doc.summary)


def test_a_missing_or_bad_value_is_refused_with_the_fields_label() -> None:
    template = parse_template(load("cong-van-don-doc.json"), "cong-van-don-doc.json")
    values = {**STANDARD, "report_name": "báo cáo", "request": "KH 95", "units": "CĐ A", "deadline": "31/2/2026"}
    with pytest.raises(ValueError, match="Hạn gửi: Ngày không hợp lệ"):
        fill_template(template, values, "Huyện", "Tỉnh", "Huyện", None)
    del values["units"]
    assert [f.name for f in missing_fields(template, values)] == ["units"]
    with pytest.raises(ValueError, match="Chưa có giá trị cho «CĐCS chưa gửi"):
        fill_template(template, values, "Huyện", "Tỉnh", "Huyện", None)
    with pytest.raises(ValueError, match="Chưa có giá trị cho «Tên đơn vị cấp trên"):
        fill_template(template, {**values, "units": "CĐ A", "deadline": "1/12/2026", "parent_name": ""},
                      "Huyện", "", "Huyện", None)  # fmt: skip


def test_a_default_fills_an_empty_field() -> None:
    template = parse_template(minimal(fields=[{"name": "term", "label": "Nhiệm kỳ", "default": "2023-2028"}]))
    assert missing_fields(template, STANDARD) == []
    assert fill_template(template, STANDARD, "H", "T", "H", None).summary == "Lịch làm việc 2023-2028"


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("no title", minimal(title="  "), "mục «title»: không được để trống"),
    ("unknown type", minimal(type="XX"), "mục «type»: Không có loại văn bản có mã «XX»"),
    ("unknown placeholder", minimal(summary="Lịch {nhiem_ky}"),
     "mục «summary»: chỗ điền «{nhiem_ky}» không có sẵn và không được khai báo"),
    ("lone brace", minimal(summary="Lịch {term"), "mục «summary»: dấu ngoặc nhọn «{» lẻ"),
    ("bad node kind", minimal(body=[{"kind": "table", "text": "x"}]), "mục «body[0].kind»: loại phần nội dung «table»"),
    ("bad nested node", minimal(body=[{"kind": "section", "heading": "A", "children": [{"kind": "item"}]}]),
     "mục «body[0].children[0].text»: không được để trống"),
    ("bad marker", minimal(body=[{"kind": "item", "text": "A {term}", "marker": "#"}]),
     "mục «body[0].marker»: ký hiệu đầu dòng «#»"),
    ("bad level", minimal(body=[{"kind": "section", "heading": "A {term}", "level": 4}]),
     "mục «body[0]»: Mục chỉ có 3 cấp"),
    ("empty body", minimal(body=[]), "mục «body»: văn bản cần có nội dung"),
    ("typo key", minimal(recipent=["- Lưu: VP."]), "khóa không dùng được: recipent"),
    ("unused field", minimal(fields=[{"name": "term", "label": "Nhiệm kỳ"}, {"name": "x", "label": "X"}]),
     "trường khai báo nhưng không dùng ở đâu: x"),
    ("field without label", minimal(fields=[{"name": "term"}]), "mục «fields[0].label»: không được để trống"),
    ("field shadows a standard one", minimal(fields=[{"name": "year", "label": "Năm"}], summary="A"),
     "«year» là chỗ điền có sẵn"),
    ("letter without subject", minimal(type=None), "mục «subject»: không được để trống"),
    ("no recipients", minimal(recipients=[]), "mục «recipients»: cần có nơi nhận"),
    ("instruction not a flag", minimal(body=[{"kind": "paragraph", "text": "Nêu {term}.", "instruction": "có"}]),
     "mục «body[0].instruction»: phải là true hoặc false"),
    ("instruction on a heading", minimal(body=[{"kind": "section", "heading": "A {term}", "instruction": True}]),
     "khóa không dùng được cho «section»: instruction"),
    ("task without timing", minimal(body=[{"kind": "task", "text": "Họp {term}.", "who": "CĐCS"}]),
     "mục «body[0].timing»: không được để trống"),
]  # fmt: skip


def test_instructions_and_tasks_are_filled_like_any_text() -> None:
    template = parse_template(minimal(
        fields=[{"name": "term", "label": "Nhiệm kỳ"}, {"name": "due", "label": "Hạn", "kind": "date"}],
        body=[{"kind": "section", "heading": "Lịch", "children": [
            {"kind": "paragraph", "text": "Nêu kết quả {term}.", "instruction": True},
            {"kind": "item", "text": "Nêu khó khăn.", "instruction": True, "marker": "-"},
            {"kind": "paragraph", "text": "Họp {year}."},
            {"kind": "task", "text": "Gửi báo cáo {term}.", "who": "Các CĐCS", "timing": "Thời gian hoàn thành: {due}"},
        ]}],
    ), "thu.json")
    doc = fill_template(template, {**STANDARD, "term": "2023-2028", "due": "5/3/2027"}, "H", "T", "H", None)
    section = doc.body[0]
    assert isinstance(section, Section)
    first, second, plain, task = section.children
    assert isinstance(first, Paragraph) and first.text == first.instruction == "Nêu kết quả 2023-2028."
    assert isinstance(second, ListItem) and second.is_instruction
    assert isinstance(plain, Paragraph) and not plain.is_instruction and plain.instruction == ""
    # A date field prints as Decree 30 pads dates: days 1-9 and months 1-2 only.
    assert task == Task("Gửi báo cáo 2023-2028.", "Các CĐCS", "Thời gian hoàn thành: 05/3/2027")


@pytest.mark.parametrize(("data", "message"), [(d, m) for _n, d, m in BROKEN], ids=[n for n, _d, _m in BROKEN])
def test_a_broken_template_is_refused_in_vietnamese_naming_file_and_place(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_template(copy.deepcopy(data), "mau-hong.json")
    assert str(raised.value).startswith("Mẫu văn bản «mau-hong.json», mục «")
    assert message in str(raised.value)


def test_a_file_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ValueError) as raised:
        parse_template([1, 2], "x.json")
    assert str(raised.value).startswith("Mẫu văn bản «x.json», mục «/»: tệp mẫu phải là một đối tượng JSON")


def test_standard_placeholders_are_documented_in_the_readme() -> None:
    readme = (FOLDER.parent / "README.md").read_text(encoding="utf-8")
    assert all(f"`{{{name}}}`" in readme for name in STANDARD_PLACEHOLDERS)
    assert all(f"`{path.name}`" in readme for path in FILES)
