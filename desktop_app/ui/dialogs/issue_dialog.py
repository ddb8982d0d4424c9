"""Issue a draft: the issue date, optionally a typed number, and for a letter the drafting office; and cancel a
number of the outgoing register, with its reason.

The number is taken from the outgoing register by the service in the same transaction as the issuing,
so a refusal shown here (missing summary, signer…) has taken no number.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.vntext import clean, format_date, parse_date
from desktop_app.services.documents import DocumentRecord
from desktop_app.services.errors import UserError
from desktop_app.services.registers import OutgoingEntry
from desktop_app.ui.widgets.forms import ErrorLabel, dialog_buttons, labelled_rows

DEFAULT_DRAFTING_OFFICE = "VP"

IssueCall = Callable[[date, int | None, str], DocumentRecord]


class IssueDialog(QDialog):
    """``issue(issued_on, number, drafting_office)`` is the service call; ``issued`` holds its result."""

    def __init__(self, record: DocumentRecord, issue: IssueCall, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._issue = issue
        self.record = record
        self.issued: DocumentRecord | None = None
        self.setWindowTitle(self.tr("Ban hành văn bản"))
        self.setMinimumWidth(520)

        doc = record.document
        kind = doc.type.name[:1].upper() + doc.type.name[1:]
        intro = QLabel(
            self.tr("{kind}: {summary}").format(kind=kind, summary=record.summary or self.tr("(chưa có trích yếu)"))
        )
        intro.setWordWrap(True)
        note = QLabel(
            self.tr(
                "Khi ban hành, văn bản được lấy số trong sổ văn bản đi và không sửa được nữa "
                "(muốn sửa thì tạo bản sửa đổi)."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")

        self.date_edit = QLineEdit(format_date(today))
        self.date_edit.setPlaceholderText(self.tr("ngày/tháng/năm"))
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText(self.tr("để trống: lấy số tiếp theo trong sổ"))
        rows: list[tuple[str, QWidget]] = [
            (self.tr("&Ngày ban hành:"), self.date_edit),
            (self.tr("&Số:"), self.number_edit),
        ]
        self.office_edit: QLineEdit | None = None
        if doc.type.is_letter:
            # A letter's symbol carries the office that drafted it ("12/LĐLĐ-VP").
            office = doc.number.drafting_office if doc.number and doc.number.drafting_office else ""
            self.office_edit = QLineEdit(office or DEFAULT_DRAFTING_OFFICE)
            rows.append((self.tr("Đơn vị &soạn thảo:"), self.office_edit))
        form = QFormLayout()
        labelled_rows(form, rows)

        self.error_label = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(dialog_buttons(self, self.tr("&Ban hành")))

    def accept(self) -> None:
        try:
            issued_on = parse_date(self.date_edit.text())
        except ValueError as exc:
            self._refuse(str(exc), self.date_edit)
            return
        number: int | None = None
        typed = clean(self.number_edit.text())
        if typed:
            if not typed.isdigit() or int(typed) < 1:
                self._refuse(self.tr("Số văn bản phải là số nguyên dương, ví dụ 95 (hoặc để trống)."), self.number_edit)
                return
            number = int(typed)
        office = clean(self.office_edit.text()) if self.office_edit is not None else ""
        try:
            self.issued = self._issue(issued_on, number, office)
        except UserError as exc:
            self.error_label.show_message(str(exc))
            return
        super().accept()

    def _refuse(self, message: str, field: QLineEdit) -> None:
        self.error_label.show_message(message)
        field.setFocus()
        field.selectAll()


class CancelNumberDialog(QDialog):
    """``cancel(reason)`` is the service call; a refusal (no reason) is shown here and the dialog stays open."""

    def __init__(
        self, entry: OutgoingEntry, cancel: Callable[[str], OutgoingEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._cancel = cancel
        self.cancelled: OutgoingEntry | None = None
        self.setWindowTitle(self.tr("Hủy số văn bản"))
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr("Hủy số {symbol}. Số đã hủy vẫn nằm trong sổ và không được cấp lại.").format(symbol=entry.symbol)
        )
        intro.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("VD: lấy nhầm số, văn bản không ban hành nữa"))
        form = QFormLayout()
        labelled_rows(form, [(self.tr("&Lý do hủy:"), self.reason_edit)])
        self.error_label = ErrorLabel()
        buttons = dialog_buttons(self, self.tr("&Hủy số"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("&Không hủy"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.cancelled = self._cancel(self.reason_edit.text())
        except UserError as exc:
            self.error_label.show_message(str(exc))
            self.reason_edit.setFocus()
            return
        super().accept()
