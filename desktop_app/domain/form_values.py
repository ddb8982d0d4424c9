"""The figures of one filled form: reading what a clerk typed (or a workbook held) into a row's value, writing a
value back as a Vietnamese clerk reads it, the computed rows, and the checks that decide whether a form is
complete.

A value is a ``Decimal`` (integer, decimal, money, percent rows), a ``bool`` (yes/no rows), a ``str`` (category
and text rows) or None (blank). Computed rows are never typed: ``computed_values`` works them out from the inputs.
A form is complete when every required row holds a value and no cell has a problem (``is_complete``) — worked
out from the figures each time, never a flag someone has to remember to set.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TypeAlias

from desktop_app.domain.forms import NUMERIC, FormDefinition, Problem, Row, check_values
from desktop_app.domain.formulas import Value, evaluate_rows
from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import clean, format_number, parse_number, search_key

#: What a cell holds: a number, a yes/no, a category or a text, or None for blank.
CellValue: TypeAlias = Decimal | bool | str | None
Values: TypeAlias = Mapping[str, CellValue]

#: Longest text a text cell keeps (a note, not a report).
MAX_TEXT = 2000
#: Digits a number may have, before and after the comma: more is a typing accident, not a figure.
MAX_DIGITS = 18

_YES = frozenset({"co", "x", "1", "yes", "y", "c", "dung", "true"})
_NO = frozenset({"khong", "0", "no", "n", "k", "sai", "false"})


class CellError(ValueError):
    """A typed value that a row cannot take; the message says why, in the clerk's words."""


# -- reading and writing one cell ---------------------------------------------------------------------------


def parse_cell(row: Row, text: object) -> CellValue:
    """The value ``text`` means for ``row``. ``text`` is what was typed or what a workbook's cell held: a str
    (Vietnamese separators: "1.234" is 1234, "12,5" is 12.5), an int, a float, a Decimal or a bool. Blank text
    is None. Anything else raises CellError with the reason."""
    if text is None:
        return None
    if row.value_type == "text":
        value = clean(str(text))
        if len(value) > MAX_TEXT:
            raise CellError(_("Nội dung dài quá {n} ký tự.").format(n=MAX_TEXT))
        return value or None
    if isinstance(text, str):
        text = clean(text)
        if not text:
            return None
    if row.value_type == "yes_no":
        return _yes_no(text)
    if row.value_type == "category":
        return _category(row, text)
    return _number(row, text)


def _yes_no(text: object) -> bool:
    if isinstance(text, bool):
        return text
    if isinstance(text, int | Decimal) and text in (0, 1):
        return bool(text)
    key = search_key(str(text)).replace(" ", "")
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(_("«{text}» không phải có/không: hãy nhập «có» hoặc «không».").format(text=text))


def _category(row: Row, text: object) -> str:
    typed = str(text)
    key = search_key(typed)
    for category in row.categories:
        if search_key(category) == key:
            return category
    # A number picks the category by its place in the list (1 for the first), as on a paper form's legend.
    if typed.isdigit() and 1 <= int(typed) <= len(row.categories):
        return row.categories[int(typed) - 1]
    raise CellError(_("«{text}» không có trong danh sách: {choices}.").format(
        text=typed, choices="; ".join(row.categories)))


def _number(row: Row, text: object) -> Decimal:
    if isinstance(text, bool):
        raise CellError(_("Dòng này cần một số, không phải có/không."))
    if isinstance(text, int):
        number = Decimal(text)
    elif isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise CellError(_("Giá trị không phải là số."))
        number = Decimal(repr(text))  # the shortest text of the float: 12.5, not 12.4999…
    elif isinstance(text, Decimal):
        number = text
    else:
        typed = str(text)
        if row.value_type == "percent":
            typed = typed.rstrip().removesuffix("%").rstrip()
        try:
            number = Decimal(parse_number(typed))
        except (ValueError, InvalidOperation) as exc:
            raise CellError(str(exc)) from None
    if not number.is_finite():
        raise CellError(_("Giá trị không phải là số."))
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    if number.adjusted() >= MAX_DIGITS or (exponent < 0 and -exponent > MAX_DIGITS):
        raise CellError(_("Số «{text}» dài quá {n} chữ số.").format(text=text, n=MAX_DIGITS))
    if row.value_type in ("integer", "money") and number != number.to_integral_value():
        what = _("số tiền tính bằng đồng") if row.value_type == "money" else _("số nguyên")
        raise CellError(_("Dòng này cần {what}, không có phần lẻ: «{text}».").format(
            what=what, text=format_number(number)))
    if row.value_type in ("integer", "money"):
        number = number.quantize(Decimal(1))
    return number.normalize() if number != 0 else Decimal(0)


def format_cell(row: Row, value: CellValue) -> str:
    """``value`` as a clerk reads it: 1.234.567 (integers and đồng), 12,5 (decimals and percents), Có / Không."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, str):
        return value
    if row.value_type in ("integer", "money"):
        return format_number(value, 0)
    # Shown to two places for a percent, three for other decimals (a quotient has twelve); kept exact.
    places = 2 if row.value_type == "percent" else 3
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format_number(value)


def stored(value: CellValue) -> str | bool | None:
    """``value`` as the database and the exchange files keep it: numbers as their exact text ("1234.5")."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def from_stored(row: Row, value: object) -> CellValue:
    """The value ``stored`` kept (refused, like a typed value, if it no longer fits the row)."""
    if value is None:
        return None
    if row.value_type in NUMERIC and isinstance(value, str):
        try:
            value = Decimal(value)
        except InvalidOperation:
            raise CellError(_("Giá trị đã lưu «{text}» không phải là số.").format(text=value)) from None
    return parse_cell(row, value)


# -- computed rows and checks ------------------------------------------------------------------------------


def formula_values(form: FormDefinition, values: Values) -> dict[str, Value]:
    """What formulas read from ``values``: every number and yes/no row (blank where not filled)."""
    kinds = form.kinds()
    result: dict[str, Value] = {}
    for row_id in kinds:
        value = values.get(row_id)
        result[row_id] = value if isinstance(value, Decimal | bool) else None
    return result


def computed_values(form: FormDefinition, values: Values) -> tuple[dict[str, CellValue], list[Problem]]:
    """``values`` with every computed row worked out (in the order formulas depend on each other); a formula
    that cannot be worked out (a division by zero) leaves its row blank with a problem saying why."""
    formulas = form.formulas()
    worked, errors = evaluate_rows(formulas, formula_values(form, values))
    result: dict[str, CellValue] = dict(values)
    result.update({row_id: worked[row_id] for row_id in formulas})
    return result, [Problem(exc.row_id, str(exc)) for exc in errors]


def is_complete(form: FormDefinition, values: Values) -> bool:
    """Every required row filled and no problem anywhere (``forms.check_values``): the form counts as received
    in full."""
    return not check_values(form, values)


def required_missing(form: FormDefinition, values: Values) -> list[Row]:
    """The required input rows still blank (what «chưa đủ» points at)."""
    return [row for row in form.rows
            if row.validation.required and not row.computed and values.get(row.id) is None]


__all__ = [
    "MAX_DIGITS",
    "MAX_TEXT",
    "CellError",
    "CellValue",
    "Values",
    "computed_values",
    "format_cell",
    "formula_values",
    "from_stored",
    "is_complete",
    "parse_cell",
    "required_missing",
    "stored",
]
