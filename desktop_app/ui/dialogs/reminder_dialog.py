"""Reminder letters (công văn đôn đốc) for a request: which missing CĐCS, one letter or one per CĐCS, the new
deadline and the folder; the letters are numbered and printed on the worker, then the folder can be opened."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.vntext import format_date
from desktop_app.services.errors import clerk_message
from desktop_app.services.reminders import ReminderBatch, ReminderOrder, ReminderService
from desktop_app.services.tracking import ReportRequest, SubmissionLine
from desktop_app.ui.dialogs.request_dialog import date_edit, edit_date
from desktop_app.ui.errors import show_error
from desktop_app.ui.tasks import CancelToken, run_in_background
from desktop_app.ui.widgets.forms import WARNING_STYLE, ErrorLabel, dialog_buttons, labelled_rows, resize_within_screen
from desktop_app.ui.widgets.messages import ask


class ReminderDialog(QDialog):
    """``batch`` holds what was printed once the dialog is accepted."""

    def __init__(
        self,
        reminders: ReminderService,
        request: ReportRequest,
        missing: Sequence[SubmissionLine],
        deadline: date,
        notice: str = "",
        last_folder: Callable[[], str] = lambda: "",
        remember_folder: Callable[[str], None] = lambda _folder: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._reminders = reminders
        self._request = request
        self._remember_folder = remember_folder
        self.batch: ReminderBatch | None = None
        self._printing: CancelToken | None = None  # while the letters are being printed
        self.setWindowTitle(self.tr("Công văn đôn đốc"))

        intro = QLabel(self.tr("Đôn đốc các CĐCS chưa nộp «{title}» (hạn nộp {due}). Mỗi công văn được cấp số "
                               "trong sổ văn bản đi và in theo thể thức văn bản hành chính.").format(
            title=request.title, due=format_date(request.last_day)))
        intro.setWordWrap(True)
        self.notice_label = QLabel(notice)
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet(WARNING_STYLE)
        self.notice_label.setVisible(bool(notice))

        self.units_list = QListWidget()
        for line in missing:
            item = QListWidgetItem(f"{line.unit.name} ({line.unit.code}) — {line.label}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, line.unit.code)
            self.units_list.addItem(item)
        if self.units_list.count():
            self.units_list.setCurrentRow(0)
        self.units_list.itemChanged.connect(lambda _item: self._update_summary())
        self.all_button = QPushButton(self.tr("Chọn &hết"))
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button = QPushButton(self.tr("&Bỏ chọn hết"))
        self.none_button.clicked.connect(lambda: self._check_all(False))

        self.one_letter = QRadioButton(self.tr("&Một công văn cho tất cả CĐCS được chọn"))
        self.per_unit = QRadioButton(self.tr("Mỗi CĐCS một công &văn"))
        self.one_letter.setChecked(True)
        self._kinds = QButtonGroup(self)
        self._kinds.addButton(self.one_letter)
        self._kinds.addButton(self.per_unit)
        self.one_letter.toggled.connect(lambda _on: self._update_summary())

        self.deadline_edit = date_edit(deadline)
        self.folder_edit = QLineEdit(last_folder() or str(Path.home()))
        self.folder_button = QPushButton(self.tr("Chọn &thư mục…"))
        self.folder_button.clicked.connect(self._choose_folder)
        self.summary_label = QLabel()
        self.error_label = ErrorLabel()
        self.buttons = dialog_buttons(self, self.tr("&In công văn"))
        self.print_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._layout(intro)
        self._update_summary()
        resize_within_screen(self, 640, 560)
        self.units_list.setFocus()

    def _layout(self, intro: QLabel) -> None:
        choose = QHBoxLayout()
        choose.addWidget(self.all_button)
        choose.addWidget(self.none_button)
        choose.addStretch(1)
        folder = QHBoxLayout()
        folder.addWidget(self.folder_edit, 1)
        folder.addWidget(self.folder_button)
        folder_row = QWidget()
        folder_row.setLayout(folder)
        folder.setContentsMargins(0, 0, 0, 0)
        units_label = QLabel(self.tr("CĐCS chưa &nộp (bỏ chọn đơn vị không cần đôn đốc):"))
        units_label.setBuddy(self.units_list)
        form = QFormLayout()
        labelled_rows(form, [(self.tr("Hạn &gửi mới:"), self.deadline_edit),
                             (self.tr("&Lưu vào thư mục:"), folder_row)])
        # The label's mnemonic goes to the folder's text box, not to the row around it.
        label = form.labelForField(folder_row)
        if isinstance(label, QLabel):
            label.setBuddy(self.folder_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.notice_label)
        layout.addWidget(units_label)
        layout.addWidget(self.units_list, 1)
        layout.addLayout(choose)
        layout.addWidget(self.one_letter)
        layout.addWidget(self.per_unit)
        layout.addLayout(form)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    # -- what the clerk chose ----------------------------------------------------------------
    def chosen_codes(self) -> tuple[str, ...]:
        items = (self.units_list.item(row) for row in range(self.units_list.count()))
        return tuple(str(item.data(Qt.ItemDataRole.UserRole)) for item in items
                     if item.checkState() == Qt.CheckState.Checked)

    def order(self) -> ReminderOrder:
        return ReminderOrder(
            request_id=self._request.id,
            folder=Path(self.folder_edit.text().strip()).expanduser(),
            per_unit=self.per_unit.isChecked(),
            deadline=edit_date(self.deadline_edit),
            unit_codes=self.chosen_codes(),
        )

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.units_list.count()):
            self.units_list.item(row).setCheckState(state)

    def _update_summary(self) -> None:
        count = len(self.chosen_codes())
        letters = count if self.per_unit.isChecked() else min(count, 1)
        self.summary_label.setText(
            self.tr("Sẽ cấp số và in {letters} công văn cho {units} CĐCS.").format(letters=letters, units=count)
            if count else self.tr("Chưa chọn CĐCS nào."))
        self.print_button.setEnabled(bool(count))

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục lưu công văn"), self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    # -- printing ----------------------------------------------------------------------------
    def accept(self) -> None:
        order = self.order()
        # Formatted on the worker, translated here: the work never calls into a widget.
        checking = self.tr("Đang dàn trang công văn {done}/{total} (chưa cấp số)…")
        printing = self.tr("Đang in công văn {done}/{total}…")

        def work(token: CancelToken) -> ReminderBatch:
            def step(text: str) -> Callable[[int, int], bool]:
                def told(done: int, total: int) -> bool:
                    token.report(done, total, text.format(done=done + 1, total=total))
                    return not token.cancelled

                return told

            return self._reminders.write(order, progress=step(printing), checking=step(checking))

        self.error_label.show_message("")
        self.print_button.setEnabled(False)  # once: the progress window appears only after a moment
        self._printing = run_in_background(
            self, self.tr("Đang cấp số và in công văn đôn đốc…"), work,
            lambda batch: self._printed(order, batch), self._failed, result_when_cancelled=True)

    def reject(self) -> None:
        if self._printing is not None:
            return  # letters are being numbered: Cancel in the progress window stops them, saying which went out
        super().reject()

    def _failed(self, exc: BaseException) -> None:
        self._printing = None
        self._update_summary()
        # A refusal, or a database that cannot take the write now (read-only, full disk): said in the dialog,
        # the clerk's choices kept; anything else is a bug for the application's handler.
        message = clerk_message(exc)
        if message is None:
            raise exc
        self.error_label.show_message(message)

    def _printed(self, order: ReminderOrder, batch: ReminderBatch) -> None:
        self._printing = None
        self._update_summary()
        if not batch.letters:
            # Stopped before the first number was taken: nothing happened, the clerk may choose again.
            self.error_label.show_message(self.tr("Đã hủy: chưa cấp số, chưa in công văn nào."))
            return
        self.batch = batch
        self._remember_folder(str(order.folder))
        symbols = ", ".join(letter.symbol for letter in batch.letters)
        if batch.stopped:
            reminded = ", ".join(unit.code for letter in batch.letters for unit in letter.units)
            text = self.tr("Đã dừng theo yêu cầu: đã cấp số và in {n}/{total} công văn đôn đốc (số {symbols}, gửi "
                           "{units}) vào thư mục «{folder}». Các CĐCS còn lại chưa được đôn đốc.").format(
                n=len(batch.letters), total=batch.planned, symbols=symbols, units=reminded, folder=order.folder)
        else:
            text = self.tr("Đã in {n} công văn đôn đốc (số {symbols}) vào thư mục «{folder}».").format(
                n=len(batch.letters), symbols=symbols, folder=order.folder)
        answer = ask(self, self.tr("Đã in công văn đôn đốc"), text, [self.tr("&Mở thư mục"), self.tr("Đóng")])
        if answer == 0 and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(order.folder))):
            show_error(self, self.tr("Không mở được thư mục «{folder}».").format(folder=order.folder))
        super().accept()
