"""Add or edit one unit. Problems are shown beside the form; the dialog stays open with what was typed."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.units import GRASSROOTS_KIND, Problem, Sector, UnitDraft, UnitKind, validate_unit
from desktop_app.domain.vntext import format_date, format_number, parse_date, parse_number
from desktop_app.services.errors import UserError, ValidationFailed, label_of
from desktop_app.services.units import UnitRecord
from desktop_app.ui.widgets.forms import ErrorLabel, WrappedLabel, dialog_buttons

FIELD_ERROR_STYLE = "border: 1px solid #b00020;"


class UnitDialog(QDialog):
    """``save`` is the service call (create or update); it returns the stored record."""

    def __init__(
        self,
        save: Callable[[UnitDraft], UnitRecord],
        sectors: list[Sector],
        kinds: list[UnitKind],
        unit: UnitRecord | None = None,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._today = today
        self.unit = unit
        self.saved: UnitRecord | None = None
        self.setWindowTitle(self.tr("Sửa thông tin đơn vị") if unit else self.tr("Thêm công đoàn cơ sở"))
        self.setMinimumWidth(640)

        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(32)
        self.name_edit = QLineEdit()
        self.short_name_edit = QLineEdit()
        self.kind_combo = QComboBox()
        for kind in kinds:
            if kind.grassroots:
                self.kind_combo.addItem(kind.name, kind.code)
        self.sector_combo = QComboBox()
        self.sector_combo.addItem(self.tr("(chưa chọn)"), None)
        for sector in sectors:
            self.sector_combo.addItem(sector.name, sector.code)
        self.members_edit = QLineEdit()
        self.female_edit = QLineEdit()
        self.workers_edit = QLineEdit()
        self.chair_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.founded_edit = QLineEdit()
        self.founded_edit.setPlaceholderText(self.tr("ngày/tháng/năm, ví dụ 15/3/2010"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(70)
        self.notes_edit.setTabChangesFocus(True)

        self.fields: dict[str, QWidget] = {
            "code": self.code_edit,
            "name": self.name_edit,
            "short_name": self.short_name_edit,
            "kind": self.kind_combo,
            "sector": self.sector_combo,
            "members": self.members_edit,
            "female_members": self.female_edit,
            "workers": self.workers_edit,
            "chair": self.chair_edit,
            "phone": self.phone_edit,
            "email": self.email_edit,
            "address": self.address_edit,
            "founded": self.founded_edit,
            "notes": self.notes_edit,
        }
        form = QFormLayout()
        labels = {
            "code": self.tr("&Mã đơn vị:"),
            "name": self.tr("Tê&n đơn vị:"),
            "short_name": self.tr("Tên viết tắ&t (ngắn):"),
            "kind": self.tr("Cấ&p:"),
            "sector": self.tr("&Khu vực:"),
            "members": self.tr("Số đoàn &viên:"),
            "female_members": self.tr("Trong đó nữ (&F):"),
            "workers": self.tr("Số la&o động:"),
            "chair": self.tr("Chủ tịch CĐC&S:"),
            "phone": self.tr("Điện t&hoại:"),
            "email": self.tr("Thư điện tử (&e-mail):"),
            "address": self.tr("Đị&a chỉ:"),
            "founded": self.tr("Ngày thành &lập:"),
            "notes": self.tr("&Ghi chú:"),
        }
        self._labels: dict[str, str] = {}
        for name, widget in self.fields.items():
            label = WrappedLabel(labels[name])
            label.setBuddy(widget)
            form.addRow(label, widget)
            # Problems name the field as this form labels it, without mnemonic or colon.
            self._labels[name] = re.sub(r"\s*\(&\w\)|&", "", labels[name]).rstrip(":")

        self.error_label = ErrorLabel()
        self.buttons = buttons = dialog_buttons(self, self.tr("&Lưu"), save=True)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        if unit is not None:
            self._fill(unit)

    def _fill(self, unit: UnitRecord) -> None:
        self.code_edit.setText(unit.code)
        self.name_edit.setText(unit.name)
        self.short_name_edit.setText(unit.short_name)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(unit.kind)))
        self.sector_combo.setCurrentIndex(max(0, self.sector_combo.findData(unit.sector)))
        for edit, value in (
            (self.members_edit, unit.members),
            (self.female_edit, unit.female_members),
            (self.workers_edit, unit.workers),
        ):
            edit.setText("" if value is None else format_number(value))
        self.chair_edit.setText(unit.chair)
        self.phone_edit.setText(unit.phone)
        self.email_edit.setText(unit.email)
        self.address_edit.setText(unit.address)
        self.founded_edit.setText(format_date(unit.founded) if unit.founded else "")
        self.notes_edit.setPlainText(unit.notes)

    # -- reading the form ------------------------------------------------------------------
    def draft(self) -> tuple[UnitDraft | None, list[Problem]]:
        """The unit as typed, or every problem of the form at once: the fields that cannot even be read (a
        count that is not a number…) together with the rules the readable fields break, so the clerk does
        not correct the form in two rounds."""
        problems: list[Problem] = []
        counts: dict[str, int | None] = {}
        for name, edit in (
            ("members", self.members_edit),
            ("female_members", self.female_edit),
            ("workers", self.workers_edit),
        ):
            text = edit.text().strip()
            counts[name] = None
            if not text:
                continue
            try:
                value = parse_number(text)
            except ValueError as exc:
                problems.append(Problem(name, str(exc)))
                continue
            if not isinstance(value, int):
                problems.append(Problem(name, self.tr("Phải là số nguyên, không có phần thập phân.")))
                continue
            counts[name] = value
        founded: date | None = None
        if self.founded_edit.text().strip():
            try:
                founded = parse_date(self.founded_edit.text())
            except ValueError as exc:
                problems.append(Problem("founded", str(exc)))
        draft = UnitDraft(
            code=self.code_edit.text(),
            name=self.name_edit.text(),
            short_name=self.short_name_edit.text(),
            kind=self.kind_combo.currentData() or GRASSROOTS_KIND,
            sector=self.sector_combo.currentData(),
            members=counts["members"],
            female_members=counts["female_members"],
            workers=counts["workers"],
            chair=self.chair_edit.text(),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            address=self.address_edit.text(),
            founded=founded,
            dissolved=self.unit.dissolved if self.unit else None,
            notes=self.notes_edit.toPlainText(),
        ).normalised()
        if problems:
            unreadable = {problem.field for problem in problems}
            # The unreadable fields are None in the draft; their own problem says what is wrong with them.
            rules = [p for p in validate_unit(draft, self._today()) if p.field not in unreadable]
            order = list(self.fields)
            combined = problems + rules
            combined.sort(key=lambda p: order.index(p.field) if p.field in order else len(order))
            return None, combined
        return draft, []

    def show_problems(self, problems: list[Problem]) -> None:
        for widget in self.fields.values():
            widget.setStyleSheet("")
        lines = []
        for problem in problems:
            widget = self.fields.get(problem.field)
            if widget is not None:
                widget.setStyleSheet(FIELD_ERROR_STYLE)
            lines.append(f"• {self._labels.get(problem.field) or label_of(problem.field)}: {problem.message}")
        self.error_label.show_message("\n".join(lines))
        if problems and problems[0].field in self.fields:
            self.fields[problems[0].field].setFocus()

    def accept(self) -> None:
        draft, problems = self.draft()
        if draft is None:
            self.show_problems(problems)
            return
        try:
            self.saved = self._save(draft)
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            return
        except UserError as exc:
            self.error_label.show_message(str(exc))
            return
        super().accept()
