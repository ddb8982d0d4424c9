"""Indicator forms (mẫu biểu) and target sets (chỉ tiêu) as data: their model, built from a file's plain data,
and the checks across rows that a schema cannot make. The file format is docs/formats/form-definition.md."""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, TypeAlias, cast

from desktop_app.domain.formulas import (
    Formula,
    FormulaError,
    Kind,
    Value,
    compile_formula,
    evaluate_rows,
    evaluation_order,
    is_row_id,
)
from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import format_number

__all__ = [
    "AGGREGATIONS",
    "DIRECTIONS",
    "LEVELS",
    "PERIOD_TYPES",
    "UNIT_COUNT",
    "VALUE_TYPES",
    "ExpressionRule",
    "FormDefinition",
    "FormDefinitionError",
    "Problem",
    "Row",
    "RowMapping",
    "Section",
    "Target",
    "TargetSet",
    "UpperFormMapping",
    "Validation",
    "check_mapping",
    "check_targets",
    "check_values",
    "form_from_data",
    "target_set_from_data",
]

Level: TypeAlias = Literal["cdcs", "upper"]
ValueType: TypeAlias = Literal["integer", "decimal", "money", "percent", "yes_no", "category", "text"]
Aggregation: TypeAlias = Literal[
    "sum", "weighted_mean", "recompute", "count_yes", "count_per_category", "none"]
PeriodType: TypeAlias = Literal["year", "half_year", "quarter", "month", "term"]
Direction: TypeAlias = Literal["at_least", "at_most", "exactly"]

LEVELS: tuple[Level, ...] = ("cdcs", "upper")
VALUE_TYPES: tuple[ValueType, ...] = ("integer", "decimal", "money", "percent", "yes_no", "category", "text")
AGGREGATIONS: tuple[Aggregation, ...] = (
    "sum", "weighted_mean", "recompute", "count_yes", "count_per_category", "none")
PERIOD_TYPES: tuple[PeriodType, ...] = ("year", "half_year", "quarter", "month", "term")
DIRECTIONS: tuple[Direction, ...] = ("at_least", "at_most", "exactly")

#: Value types whose figures add up: a sum of percentages or of averages means nothing.
ADDITIVE: frozenset[str] = frozenset({"integer", "decimal", "money"})
NUMERIC: frozenset[str] = frozenset({"integer", "decimal", "money", "percent"})

#: The count of reporting CĐCS, a source of the mapping to the upper-level form that is no row of form 1.
UNIT_COUNT = "count_units"

_VALUE_TYPE_NAMES = {
    "integer": _("số nguyên"), "decimal": _("số thập phân"), "money": _("tiền (đồng)"), "percent": _("tỷ lệ %"),
    "yes_no": _("có/không"), "category": _("chọn từ danh sách"), "text": _("chữ"),
}


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition: the row it is about (None for the form as a whole) and what."""

    row_id: str | None
    message: str
    #: Where in the definition (a mapping entry, a target) when it is not a row: "mapping.3", "targets.2".
    place: str | None = None


class FormDefinitionError(ValueError):
    """A definition whose rows do not hold together; every problem names its row."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.message for p in self.problems))

    @property
    def row_ids(self) -> tuple[str, ...]:
        return tuple(p.row_id for p in self.problems if p.row_id is not None)


# --------------------------------------------------------------------------- the model


def _row_label(tt: str, row_id: str) -> str:
    """How messages name a row: its TT and id ("1.2 (lao_dong_nu)"), or the id alone when the TT is a bare
    "-" or "+" that would not find it."""
    return f"{tt} ({row_id})" if tt and tt not in ("-", "+", "*") else row_id


@dataclass(frozen=True)
class ExpressionRule:
    """A check written as a formula that must hold (blank means it cannot be judged yet, not a failure)."""

    expression: Formula
    message: str


@dataclass(frozen=True)
class Validation:
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    required: bool = False
    #: A "trong đó" sub-row may not exceed its parent.
    not_above_parent: bool = False
    rules: tuple[ExpressionRule, ...] = ()


@dataclass(frozen=True)
class Row:
    id: str
    tt: str  # the TT column as printed: "1", "1.1", "-", "+", "a"
    text: str
    unit: str  # Đơn vị tính: người, đồng, %, đơn vị, cuộc, vụ; "" for a yes/no or a text row
    value_type: ValueType
    aggregate: Aggregation
    categories: tuple[str, ...] = ()
    parent: str | None = None
    formula: Formula | None = None
    #: The row a weighted mean is weighted by (the "số người được tính" of a wage row).
    weight_row: str | None = None
    validation: Validation = field(default_factory=Validation)
    note: str = ""

    @property
    def computed(self) -> bool:
        return self.formula is not None

    @property
    def label(self) -> str:
        return _row_label(self.tt, self.id)


@dataclass(frozen=True)
class Section:
    tt: str  # "I", "II", …
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class RowMapping:
    """How one figure of the upper-level form is made from the CĐCS's forms: ``source`` (a row of form 1, or
    UNIT_COUNT for the number of CĐCS) aggregated by ``rule`` into ``target``, or, for a count per category,
    into one target row per category."""

    source: str
    rule: Aggregation | Literal["count_units"]
    target: str | None = None
    targets: tuple[tuple[str, str], ...] = ()  # (category, target row) for count_per_category

    @property
    def target_rows(self) -> tuple[str, ...]:
        return (self.target,) if self.target is not None else tuple(t for _c, t in self.targets)


@dataclass(frozen=True)
class UpperFormMapping:
    """The upper-level form this CĐCS form feeds, and how."""

    form: str
    rows: tuple[RowMapping, ...]


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: int
    code: str  # the number printed on the form: "Mẫu số 1-HĐCĐ"
    title: str
    level: Level
    period_type: PeriodType
    snapshot_dates: tuple[tuple[int, int], ...]  # (month, day): figures as of 31/5, 30/11
    sections: tuple[Section, ...]
    mapping: UpperFormMapping | None = None
    description: str = ""

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for section in self.sections for row in section.rows)

    def row(self, row_id: str) -> Row:
        for row in self.rows:
            if row.id == row_id:
                return row
        raise KeyError(row_id)

    def children(self, row_id: str) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.parent == row_id)

    def formulas(self) -> dict[str, Formula]:
        """The computed rows' formulas, for evaluation_order and evaluate_all."""
        return {row.id: row.formula for row in self.rows if row.formula is not None}

    def kinds(self) -> dict[str, Kind]:
        """What each row gives a formula: numbers and yes/no (category and text rows give nothing)."""
        return _kinds(self.rows)


@dataclass(frozen=True)
class Target:
    """One chỉ tiêu: a value computed from a form's rows compared with a number for the term and for years."""

    id: str
    tt: str
    text: str
    value: Formula  # a row reference or a formula over the rows of the target set's form
    unit: str
    direction: Direction
    term_target: Decimal | None
    annual_targets: tuple[tuple[int, Decimal], ...]
    #: How the term's figure comes from the years': their sum (new CĐCS over the term) or the latest year's
    #: (a rate at the end of the term).
    over_term: Literal["sum", "latest"] = "latest"
    note: str = ""

    def met(self, figure: Decimal, goal: Decimal) -> bool:
        if self.direction == "at_least":
            return figure >= goal
        if self.direction == "at_most":
            return figure <= goal
        return figure == goal


@dataclass(frozen=True)
class TargetSet:
    id: str
    version: int
    title: str
    form: str  # the form whose rows the targets read (the upper-level form)
    first_year: int
    last_year: int
    targets: tuple[Target, ...]
    description: str = ""


# --------------------------------------------------------------------------- building from a file's data


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    return Decimal(str(value))


def _default_aggregate(value_type: str, computed: bool) -> Aggregation:
    if computed:
        return "recompute"
    return cast(Aggregation, {"yes_no": "count_yes", "category": "count_per_category"}.get(
        value_type, "sum" if value_type in ADDITIVE else "none"))


def _kinds(rows: Sequence[Row]) -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for row in rows:
        if row.value_type in NUMERIC:
            kinds[row.id] = "number"
        elif row.value_type == "yes_no":
            kinds[row.id] = "bool"
    return kinds


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        #: Rows with a formula that could not be read: the checks that need it are skipped, not failed twice.
        self.unreadable: set[str] = set()

    def add(self, row: Row | str | None, message: str, place: str | None = None) -> None:
        if isinstance(row, Row):
            self.problems.append(Problem(row.id, _("Dòng {row}: {text}").format(row=row.label, text=message), place))
        elif row is not None:
            self.problems.append(Problem(row, _("Dòng {row}: {text}").format(row=row, text=message), place))
        else:
            self.problems.append(Problem(None, message, place))

    def formula(self, row: Row | str | None, exc: FormulaError, place: str | None = None) -> None:
        row_id = row.id if isinstance(row, Row) else row
        self.problems.append(Problem(row_id, str(exc), place))

    def raise_if_any(self) -> None:
        if self.problems:
            raise FormDefinitionError(self.problems)


def _compile(text: str, row_id: str, label: str, known: set[str], problems: _Collector, place: str
             ) -> Formula | None:
    try:
        return compile_formula(text, row_id, row_label=label, known_rows=known)
    except FormulaError as exc:
        problems.formula(row_id, exc, place)
        problems.unreadable.add(row_id)
        return None


def form_from_data(data: Mapping[str, Any]) -> FormDefinition:
    """The form a definition file describes; ``data`` has the shape the JSON Schema allows (the files layer
    checks it first). Every row-level problem is collected and raised at once as FormDefinitionError."""
    problems = _Collector()
    raw_rows = [(s_index, r) for s_index, s in enumerate(data["sections"]) for r in s["rows"]]
    known: set[str] = set()
    for _s, raw in raw_rows:
        row_id = raw["id"]
        if not is_row_id(row_id):
            problems.add(row_id, _("mã dòng «{id}» không hợp lệ: chỉ gồm chữ cái không dấu, chữ số và «_», không "
                                   "bắt đầu bằng chữ số, không trùng từ khóa của công thức").format(id=row_id))
        elif row_id in known:
            problems.add(row_id, _("mã dòng «{id}» bị trùng; mỗi dòng cần một mã riêng").format(id=row_id))
        known.add(row_id)
    problems.raise_if_any()  # the checks below look rows up by id

    rows_by_section: list[list[Row]] = [[] for _s in data["sections"]]
    for s_index, raw in raw_rows:
        place = f"sections.{s_index}.rows.{len(rows_by_section[s_index])}"
        rows_by_section[s_index].append(_row(raw, known, problems, place))
    sections = tuple(Section(s.get("tt", ""), s["title"], tuple(rows_by_section[i]))
                     for i, s in enumerate(data["sections"]))
    snapshot = tuple((int(d["month"]), int(d["day"])) for d in data.get("snapshot_dates", ()))
    mapping = None
    if "upper_form" in data:
        raw_mapping = data["upper_form"]
        by_id = {row.id: row for rows in rows_by_section for row in rows}
        mapping = UpperFormMapping(raw_mapping["form"], tuple(_row_mapping(m, by_id) for m in raw_mapping["rows"]))
    form = FormDefinition(
        id=data["id"], version=int(data["version"]), code=data.get("code", ""), title=data["title"],
        level=data["level"], period_type=data["period_type"], snapshot_dates=snapshot, sections=sections,
        mapping=mapping, description=data.get("description", ""))
    _check_form(form, problems)
    problems.raise_if_any()
    return form


def _row(raw: Mapping[str, Any], known: set[str], problems: _Collector, place: str) -> Row:
    """``place`` is where the row sits in the file's data ("sections.0.rows.3"), for messages about a part of it."""
    row_id = raw["id"]
    tt = raw.get("tt", "")
    label = _row_label(tt, row_id)
    formula = (_compile(raw["formula"], row_id, label, known, problems, f"{place}.formula")
               if "formula" in raw else None)
    value_type = raw["type"]
    checks = raw.get("validation", {})
    rules = []
    for index, rule in enumerate(checks.get("rules", ())):
        expression = _compile(rule["expression"], row_id, label, known, problems,
                              f"{place}.validation.rules.{index}.expression")
        if expression is not None:
            rules.append(ExpressionRule(expression, rule["message"]))
    has_parent = raw.get("parent") is not None
    validation = Validation(
        minimum=_decimal(checks.get("min")), maximum=_decimal(checks.get("max")),
        required=bool(checks.get("required", False)),
        # A numeric "trong đó" row is checked against its parent unless the file says otherwise.
        not_above_parent=bool(checks.get("not_above_parent", has_parent and value_type in ADDITIVE)),
        rules=tuple(rules))
    return Row(
        id=row_id, tt=tt, text=raw["text"], unit=raw.get("unit", ""), value_type=value_type,
        aggregate=raw.get("aggregate", _default_aggregate(value_type, "formula" in raw)),
        categories=tuple(raw.get("categories", ())), parent=raw.get("parent"), formula=formula,
        weight_row=raw.get("by"), validation=validation, note=raw.get("note", ""))


def _row_mapping(raw: Mapping[str, Any], rows: Mapping[str, Row]) -> RowMapping:
    """An entry of ``upper_form.rows``; its rule, when the file leaves it out, is the source row's own."""
    source = raw.get("from", UNIT_COUNT)
    target = raw["to"]
    own: str = UNIT_COUNT if source == UNIT_COUNT else rows[source].aggregate if source in rows else "none"
    rule = raw.get("rule", own)
    if isinstance(target, Mapping):
        return RowMapping(source, rule, targets=tuple((str(c), str(t)) for c, t in target.items()))
    return RowMapping(source, rule, target=target)


def _check_form(form: FormDefinition, problems: _Collector) -> None:
    rows = {row.id: row for row in form.rows}
    position = {row.id: i for i, row in enumerate(form.rows)}
    kinds = form.kinds()
    for month, day in form.snapshot_dates:
        if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]):
            problems.add(None, _("Ngày chốt số liệu {day}/{month} không có trong lịch.").format(day=day, month=month))
    for row in form.rows:
        _check_row(row, rows, position, kinds, problems)
        if row.id not in problems.unreadable:
            _check_aggregate(row, rows, problems)
    try:
        evaluation_order(form.formulas())
    except FormulaError as exc:
        problems.formula(exc.row_id, exc)
    if form.mapping is not None:
        if form.level != "cdcs":
            problems.add(None, _("Chỉ mẫu của công đoàn cơ sở (level: cdcs) mới có phần tổng hợp lên mẫu cấp "
                                 "trên (upper_form)."), "upper_form")
        for index, entry in enumerate(form.mapping.rows):
            _check_mapping_source(entry, rows, problems, f"upper_form.rows.{index}")


def _check_row(row: Row, rows: Mapping[str, Row], position: Mapping[str, int], kinds: Mapping[str, Kind],
               problems: _Collector) -> None:
    type_name = _VALUE_TYPE_NAMES[row.value_type]
    if row.value_type == "category":
        if not row.categories:
            problems.add(row, _("dòng chọn từ danh sách cần danh sách «categories»"))
        elif len(set(row.categories)) != len(row.categories):
            problems.add(row, _("danh sách «categories» có mục trùng nhau"))
    elif row.categories:
        problems.add(row, _("chỉ dòng kiểu «category» mới có «categories» (dòng này kiểu {type})")
                     .format(type=type_name))

    if row.parent is not None:
        parent = rows.get(row.parent)
        if parent is None:
            problems.add(row, _("dòng cha «{parent}» không có trong mẫu").format(parent=row.parent))
        elif row.parent == row.id:
            problems.add(row, _("một dòng không thể là dòng cha của chính nó"))
        elif position[row.parent] > position[row.id]:
            problems.add(row, _("dòng cha «{parent}» phải đứng trước dòng «trong đó» của nó")
                         .format(parent=parent.label))
        elif row.validation.not_above_parent:
            if row.value_type not in NUMERIC or parent.value_type not in NUMERIC:
                problems.add(row, _("«không vượt dòng cha» chỉ dùng cho dòng số có dòng cha là dòng số"))
            elif row.unit != parent.unit:
                problems.add(row, _("«không vượt dòng cha» cần cùng đơn vị tính với dòng cha «{parent}» ({a} và {b})")
                             .format(parent=parent.label, a=row.unit or "—", b=parent.unit or "—"))
    elif row.validation.not_above_parent:
        problems.add(row, _("«không vượt dòng cha» cần một dòng cha («parent»)"))

    if row.formula is not None:
        if row.value_type in ("category", "text"):
            problems.add(row, _("dòng kiểu {type} không tính bằng công thức được").format(type=type_name))
        else:
            wanted: Kind = "bool" if row.value_type == "yes_no" else "number"
            try:
                got = row.formula.kind(kinds)
            except FormulaError as exc:
                problems.formula(row, exc)
            else:
                if got != wanted:
                    problems.add(row, _("công thức cho ra {got} nhưng dòng kiểu {type}").format(
                        got=_("giá trị có/không") if got == "bool" else _("một số"), type=type_name))
    for rule in row.validation.rules:
        try:
            if rule.expression.kind(kinds) != "bool":
                problems.add(row, _("điều kiện kiểm tra «{text}» phải cho ra đúng/sai (ví dụ a <= b)")
                             .format(text=rule.expression.source))
        except FormulaError as exc:
            problems.formula(row, exc)

    minimum, maximum = row.validation.minimum, row.validation.maximum
    if (minimum is not None or maximum is not None) and row.value_type not in NUMERIC:
        problems.add(row, _("giới hạn min/max chỉ dùng cho dòng số (dòng này kiểu {type})").format(type=type_name))
    if minimum is not None and maximum is not None and minimum > maximum:
        problems.add(row, _("min ({min}) lớn hơn max ({max})").format(min=minimum, max=maximum))


def _check_aggregate(row: Row, rows: Mapping[str, Row], problems: _Collector) -> None:
    rule, type_name = row.aggregate, _VALUE_TYPE_NAMES[row.value_type]
    if row.weight_row is not None and rule != "weighted_mean":
        problems.add(row, _("«by» chỉ dùng với cách tổng hợp weighted_mean (bình quân gia quyền)"))
    if rule == "sum" and row.value_type not in ADDITIVE:
        problems.add(row, _("dòng kiểu {type} không cộng dồn được (sum); tỷ lệ và bình quân cần «recompute» hoặc "
                            "«weighted_mean»").format(type=type_name))
    elif rule == "sum" and row.computed:
        problems.add(row, _("dòng tính bằng công thức được tổng hợp bằng cách tính lại (recompute), không cộng dồn"))
    elif rule == "recompute" and not row.computed:
        problems.add(row, _("«recompute» chỉ dùng cho dòng có công thức"))
    elif rule == "count_yes" and row.value_type != "yes_no":
        problems.add(row, _("«count_yes» chỉ dùng cho dòng có/không"))
    elif rule == "count_per_category" and row.value_type != "category":
        problems.add(row, _("«count_per_category» chỉ dùng cho dòng chọn từ danh sách"))
    elif rule == "weighted_mean":
        if row.value_type not in ("decimal", "money", "percent"):
            problems.add(row, _("bình quân gia quyền chỉ dùng cho dòng số thập phân, tiền hoặc tỷ lệ"))
        if row.weight_row is None:
            problems.add(row, _("bình quân gia quyền cần «by»: dòng số người (đơn vị) được tính"))
        else:
            weight = rows.get(row.weight_row)
            if weight is None:
                problems.add(row, _("dòng trọng số «{by}» không có trong mẫu").format(by=row.weight_row))
            elif weight.id == row.id:
                problems.add(row, _("dòng trọng số không thể là chính dòng này"))
            elif weight.value_type not in ("integer", "decimal"):
                problems.add(row, _("dòng trọng số «{by}» phải là dòng số nguyên hoặc thập phân (đang là {type})")
                             .format(by=weight.label, type=_VALUE_TYPE_NAMES[weight.value_type]))


def _check_mapping_source(entry: RowMapping, rows: Mapping[str, Row], problems: _Collector, place: str) -> None:
    if entry.source == UNIT_COUNT:
        if entry.rule != "count_units":
            problems.add(None, _("Số công đoàn cơ sở («from» bỏ trống) chỉ tổng hợp bằng «count_units»."), place)
        return
    source = rows.get(entry.source)
    if source is None:
        problems.add(None, _("Phần tổng hợp lên mẫu cấp trên nhắc tới dòng «{row}» không có trong mẫu.")
                     .format(row=entry.source), place)
        return
    if entry.rule == "count_units":
        problems.add(source, _("«count_units» đếm số công đoàn cơ sở, không đi với một dòng («from»)"), place)
    elif entry.rule in ("none", "recompute"):
        problems.add(source, _("dòng tổng hợp bằng «{rule}» không chuyển lên mẫu cấp trên được; mẫu cấp trên tự "
                               "tính dòng tương ứng").format(rule=entry.rule), place)
    elif entry.rule != source.aggregate:
        problems.add(source, _("phần tổng hợp dùng «{rule}» nhưng dòng này tổng hợp bằng «{own}»")
                     .format(rule=entry.rule, own=source.aggregate), place)
    if (entry.rule == "count_per_category") != bool(entry.targets):
        problems.add(source, _("«count_per_category» chuyển mỗi mục của danh sách vào một dòng: «to» cần dạng "
                               "«mục: mã dòng», các cách khác cần một mã dòng"), place)
    if entry.rule == "count_per_category":
        unknown = [c for c, _t in entry.targets if c not in source.categories]
        if unknown:
            problems.add(source, _("phần tổng hợp nhắc tới mục không có trong danh sách của dòng: {items}")
                         .format(items=", ".join(f"«{c}»" for c in unknown)), place)


def check_mapping(form: FormDefinition, upper: FormDefinition) -> None:
    """Whether ``form``'s mapping fits ``upper``: every target row exists, takes a figure (a number, not a
    computed row), and a weighted mean lands on a row weighted by where its weight lands."""
    problems = _Collector()
    if form.mapping is None:
        return
    if upper.level != "upper":
        problems.add(None, _("Mẫu «{form}» không phải mẫu cấp trên (level: upper).").format(form=upper.id),
                     "upper_form")
    upper_rows = {row.id: row for row in upper.rows}
    landed: dict[str, str] = {}
    for entry in form.mapping.rows:
        if entry.target is not None:
            landed.setdefault(entry.source, entry.target)
    fed: set[str] = set()
    for index, entry in enumerate(form.mapping.rows):
        place = f"upper_form.rows.{index}"
        for target_id in entry.target_rows:
            if target_id in fed:
                problems.add(None, _("Dòng «{target}» của mẫu cấp trên đã nhận một số khác ở phần tổng hợp; mỗi dòng "
                                     "chỉ nhận từ một nguồn.").format(target=target_id), place)
                continue
            fed.add(target_id)
            target = upper_rows.get(target_id)
            if target is None:
                problems.add(None, _("Dòng «{target}» không có trong mẫu cấp trên «{form}».")
                             .format(target=target_id, form=upper.id), place)
                continue
            if target.computed:
                problems.add(target, _("dòng của mẫu cấp trên có công thức, không nhận số tổng hợp từ «{source}»")
                             .format(source=entry.source), place)
            elif target.value_type not in NUMERIC:
                problems.add(target, _("dòng của mẫu cấp trên không phải dòng số"), place)
            elif entry.rule in ("count_yes", "count_per_category", "count_units") and target.value_type != "integer":
                problems.add(target, _("một số đếm cần dòng số nguyên ở mẫu cấp trên"), place)
            if entry.rule == "weighted_mean" and target.aggregate == "weighted_mean":
                source_by = form.row(entry.source).weight_row
                if source_by is not None and landed.get(source_by) != target.weight_row:
                    problems.add(target, _("bình quân gia quyền của «{source}» cần dòng trọng số «{by}» của nó chuyển "
                                           "vào «{target_by}»").format(source=entry.source, by=source_by,
                                                                      target_by=target.weight_row), place)
            elif entry.rule == "weighted_mean":
                problems.add(target, _("dòng nhận bình quân gia quyền cũng phải tổng hợp bằng weighted_mean"), place)
    problems.raise_if_any()


# --------------------------------------------------------------------------- a filled-in form

#: What a unit typed into a row: a number, có/không, a category or text, or nothing.
FilledValue: TypeAlias = Decimal | bool | str | None


def _blank(value: FilledValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _typed(row: Row, value: FilledValue, problems: _Collector) -> Value:
    """The value as formulas see it (None for text and category rows, and for a value of the wrong kind,
    which is reported)."""
    if _blank(value):
        return None
    if row.value_type in NUMERIC:
        if isinstance(value, Decimal) and value.is_finite():
            if row.value_type == "integer" and value != value.to_integral_value():
                problems.add(row, _("cần một số nguyên, không phải {value}").format(value=format_number(value)))
                return None
            return value
        problems.add(row, _("cần một số, không phải «{value}»").format(value=value))
        return None
    if row.value_type == "yes_no":
        if isinstance(value, bool):
            return value
        problems.add(row, _("cần «có» hoặc «không», không phải «{value}»").format(value=value))
        return None
    if row.value_type == "category" and value not in row.categories:
        problems.add(row, _("«{value}» không có trong danh sách: {items}").format(
            value=value, items="; ".join(row.categories)))
    elif not isinstance(value, str):
        problems.add(row, _("cần một đoạn chữ"))
    return None


def check_values(form: FormDefinition, values: Mapping[str, FilledValue]) -> list[Problem]:
    """What is wrong with one unit's filled-in form: values of the wrong kind, required rows left blank, values
    outside min/max, sub-rows above their parent, failed rules (with their own message), computed rows that
    cannot be computed. Computed rows are recomputed from the other rows; a value given for one is ignored.
    A check that reads a blank row is not judged."""
    problems = _Collector()
    numbers: dict[str, Value] = {}
    for row in form.rows:
        if row.computed:
            continue
        value = values.get(row.id)
        numbers[row.id] = _typed(row, value, problems)
        if row.validation.required and _blank(value):
            problems.add(row, _("chưa nhập (bắt buộc)"))
    numbers, errors = evaluate_rows(form.formulas(), numbers)
    for exc in errors:
        problems.formula(exc.row_id, exc)
    for row in form.rows:
        value = numbers.get(row.id)
        checks = row.validation
        if isinstance(value, Decimal):
            if checks.minimum is not None and value < checks.minimum:
                problems.add(row, _("{value} nhỏ hơn mức thấp nhất {min}").format(
                    value=format_number(value), min=format_number(checks.minimum)))
            if checks.maximum is not None and value > checks.maximum:
                problems.add(row, _("{value} lớn hơn mức cao nhất {max}").format(
                    value=format_number(value), max=format_number(checks.maximum)))
            parent = numbers.get(row.parent) if row.parent is not None and checks.not_above_parent else None
            if isinstance(parent, Decimal) and value > parent:
                above = form.row(row.parent) if row.parent is not None else row
                problems.add(row, _("{value} lớn hơn dòng cha «{text}» ({parent}): số «trong đó» không được vượt "
                                    "số của dòng cha").format(value=format_number(value), text=above.text,
                                                             parent=format_number(parent)))
        for rule in checks.rules:
            try:
                held = rule.expression.evaluate(numbers)
            except FormulaError as exc:
                problems.formula(row, exc)
                continue
            if held is False:
                problems.add(row, rule.message)
    # In the order of the form, as the clerk reads it down the page.
    order = {row.id: index for index, row in enumerate(form.rows)}
    return sorted(problems.problems, key=lambda p: order.get(p.row_id or "", -1))


# --------------------------------------------------------------------------- target sets


def target_set_from_data(data: Mapping[str, Any]) -> TargetSet:
    """The target set a file describes (schema-checked data); formulas are read but their rows are checked
    against the form by check_targets."""
    problems = _Collector()
    first, last = int(data["term"]["from"]), int(data["term"]["to"])
    if last < first:
        problems.add(None, _("Nhiệm kỳ {a}–{b}: năm cuối trước năm đầu.").format(a=first, b=last), "term")
    targets: list[Target] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["targets"]):
        place = f"targets.{index}"
        target_id = raw["id"]
        if target_id in seen:
            problems.add(target_id, _("mã chỉ tiêu «{id}» bị trùng").format(id=target_id), place)
        seen.add(target_id)
        try:
            value = compile_formula(raw["value"], target_id, row_label=_("chỉ tiêu {id}").format(id=target_id))
        except FormulaError as exc:
            problems.formula(target_id, exc, f"{place}.value")
            continue
        annual = tuple(sorted((int(year), Decimal(str(goal))) for year, goal in raw.get("annual", {}).items()))
        outside = [year for year, _goal in annual if not first <= year <= last]
        if outside:
            problems.add(target_id, _("năm {years} nằm ngoài nhiệm kỳ {a}–{b}")
                         .format(years=", ".join(map(str, outside)), a=first, b=last), place)
        term_goal = _decimal(raw.get("term_target"))
        if term_goal is None and not annual:
            problems.add(target_id, _("chỉ tiêu cần mức cho cả nhiệm kỳ («term_target») hoặc cho từng năm "
                                      "(«annual»)"), place)
        targets.append(Target(
            id=target_id, tt=raw.get("tt", ""), text=raw["text"], value=value, unit=raw.get("unit", ""),
            direction=raw.get("direction", "at_least"), term_target=term_goal, annual_targets=annual,
            over_term=raw.get("over_term", "latest"), note=raw.get("note", "")))
    problems.raise_if_any()
    return TargetSet(id=data["id"], version=int(data["version"]), title=data["title"], form=data["form"],
                     first_year=first, last_year=last, targets=tuple(targets),
                     description=data.get("description", ""))


def check_targets(target_set: TargetSet, form: FormDefinition) -> None:
    """Whether every target reads rows of ``form`` and gives a number."""
    problems = _Collector()
    if target_set.form != form.id:
        problems.add(None, _("Bộ chỉ tiêu đọc mẫu «{wanted}», không phải «{form}».")
                     .format(wanted=target_set.form, form=form.id), "form")
    kinds = form.kinds()
    for index, target in enumerate(target_set.targets):
        place = f"targets.{index}.value"
        missing = [r for r in target.value.references if r not in kinds]
        if missing:
            problems.add(target.id, _("chỉ tiêu đọc dòng không có (hoặc không phải dòng số) trong mẫu «{form}»: "
                                      "{rows}").format(form=form.id, rows=", ".join(missing)), place)
            continue
        try:
            if target.value.kind(kinds) != "number":
                problems.add(target.id, _("giá trị của chỉ tiêu phải là một số"), place)
        except FormulaError as exc:
            problems.formula(target.id, exc, place)
    problems.raise_if_any()
