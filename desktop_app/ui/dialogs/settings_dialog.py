"""Settings: the data folder, the default signer and the printing font."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import paths
from desktop_app.domain.units import UnitKind
from desktop_app.services.errors import UserError
from desktop_app.services.office import OfficeService, SignerInfo
from desktop_app.services.storage import StorageService
from desktop_app.settings import DEFAULT_PRINT_FONT, UserSettings
from desktop_app.ui.tasks import run_on_worker
from desktop_app.ui.widgets.forms import ErrorLabel, WrappedLabel, dialog_buttons, labelled_rows
from desktop_app.ui.widgets.messages import ask

# A font must draw these to print Vietnamese correctly.
VIETNAMESE_SAMPLE = "ăâđêôơưẠạẢảẤấỆệỮữỹĐ"


class SettingsDialog(QDialog):
    def __init__(
        self,
        office: OfficeService,
        settings: UserSettings,
        parent: QWidget | None = None,
        storage: StorageService | None = None,
        kinds: list[UnitKind] | None = None,
    ) -> None:
        super().__init__(parent)
        self.office = office
        self.storage = storage
        self.settings = settings
        self.setWindowTitle(self.tr("Cài đặt"))
        self.setMinimumWidth(960)

        self.folder_edit = QLineEdit(settings.data_folder or str(paths.user_data_dir()))
        browse = QPushButton(self.tr("&Chọn…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        data_box = QGroupBox(self.tr("Thư mục dữ liệu"))
        data_layout = QVBoxLayout(data_box)
        data_layout.addLayout(folder_row)
        note = QLabel(self.tr("Cơ sở dữ liệu, bản sao lưu và nhật ký nằm ở đây. Thay đổi có hiệu lực khi mở lại."))
        note.setWordWrap(True)
        data_layout.addWidget(note)

        profile = office.profile()
        self.home_name_edit = QLineEdit(profile.home.name)
        self.home_short_edit = QLineEdit(profile.home.short_name)
        self.abbreviation_edit = QLineEdit(profile.abbreviation)
        self.place_edit = QLineEdit(profile.place_name)
        parent = profile.parent
        self.parent_edit = QLineEdit(parent.name if parent else "")
        self.parent_edit.setPlaceholderText("Liên đoàn Lao động tỉnh Tây Ninh")
        self.parent_kind_combo = QComboBox()
        for kind in kinds or []:
            if not kind.grassroots:
                self.parent_kind_combo.addItem(kind.name, kind.code)
        if parent is not None and self.parent_kind_combo.findData(parent.kind) < 0:
            self.parent_kind_combo.addItem(parent.kind_name or parent.kind, parent.kind)
        wanted = parent.kind if parent is not None else "LDLD_TINH"
        self.parent_kind_combo.setCurrentIndex(max(0, self.parent_kind_combo.findData(wanted)))
        office_box = QGroupBox(self.tr("Đơn vị của văn phòng"))
        office_form = QFormLayout(office_box)
        labelled_rows(
            office_form,
            [
                (self.tr("Tê&n đơn vị:"), self.home_name_edit),
                (self.tr("Tên n&gắn:"), self.home_short_edit),
                (self.tr("Viết tắt trong &ký hiệu văn bản:"), self.abbreviation_edit),
                (self.tr("Đị&a danh (dòng ngày tháng):"), self.place_edit),
                (self.tr("Đơn vị cấp t&rên:"), self.parent_edit),
                (self.tr("Cấp của đơn vị cấp trên (&V):"), self.parent_kind_combo),
            ],
        )

        signer = profile.signer or SignerInfo("", "", "")
        self.authority_edit = QLineEdit(signer.authority)
        self.authority_edit.setPlaceholderText("TM. BAN THƯỜNG VỤ")
        self.title_edit = QLineEdit(signer.title)
        self.title_edit.setPlaceholderText("CHỦ TỊCH")
        self.name_edit = QLineEdit(signer.name)
        signer_box = QGroupBox(self.tr("Người ký mặc định"))
        signer_form = QFormLayout(signer_box)
        labelled_rows(
            signer_form,
            [
                (self.tr("&Thẩm quyền ký:"), self.authority_edit),
                (self.tr("Chức &danh:"), self.title_edit),
                (self.tr("&Họ và tên:"), self.name_edit),
            ],
        )

        self.font_combo = QComboBox()
        self.font_combo.setEditable(True)
        families = QFontDatabase.families()
        self.font_combo.addItems(sorted(set(families) | {DEFAULT_PRINT_FONT}))
        self.font_combo.setCurrentText(settings.print_font or DEFAULT_PRINT_FONT)
        print_box = QGroupBox(self.tr("In ấn"))
        print_form = QFormLayout(print_box)
        labelled_rows(print_form, [(self.tr("&Phông chữ in:"), self.font_combo)])
        print_form.addRow(
            WrappedLabel(self.tr("Nếu máy không có phông này, phần mềm dùng Tinos hoặc Liberation Serif."))
        )

        # Digital signatures: the office's USB token and the root certificates its received PDFs are checked
        # against (nothing is fetched from the network).
        self.library_edit = QLineEdit(settings.signing_library)
        self.library_edit.setPlaceholderText(
            self.tr("thư viện PKCS#11 của USB token, ví dụ C:\\Windows\\System32\\…dll")
        )
        self.token_label_edit = QLineEdit(settings.signing_token_label)
        self.trust_edit = QPlainTextEdit(settings.trust_roots)
        self.trust_edit.setPlaceholderText(
            self.tr("mỗi dòng một tệp chứng thư gốc (.pem, .cer) của nhà cung cấp chữ ký số")
        )
        self.trust_edit.setFixedHeight(60)
        self.trust_edit.setTabChangesFocus(True)
        signing_box = QGroupBox(self.tr("Ký số"))
        signing_form = QFormLayout(signing_box)
        labelled_rows(
            signing_form,
            [
                (self.tr("Thư viện &USB token:"), self.library_edit),
                (self.tr("Nhãn t&oken:"), self.token_label_edit),
                (self.tr("Chứng thư gốc tin &cậy:"), self.trust_edit),
            ],
        )

        self.error_label = ErrorLabel()
        buttons = dialog_buttons(self, self.tr("&Lưu"), save=True)

        # Two columns: one above the other the groups are taller than a 1366×768 screen leaves (about 728 px).
        left = QVBoxLayout()
        left.addWidget(office_box)
        left.addWidget(data_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(signer_box)
        right.addWidget(print_box)
        right.addWidget(signing_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _move_data(self, folder: Path) -> bool:
        """When the office's own database moves folder, offer to take a copy of it along."""
        current = self.storage.database_path if self.storage else None
        if current is None or current != self.settings.database_path() or folder.resolve() == current.parent.resolve():
            return True
        answer = ask(
            self,
            self.tr("Đổi thư mục dữ liệu"),
            self.tr(
                "Chép dữ liệu đang dùng sang «{folder}»? Từ lần mở sau, phần mềm dùng bản ở thư mục mới; "
                "bản cũ vẫn được giữ nguyên tại chỗ."
            ).format(folder=folder),
            [self.tr("Chép sang"), self.tr("Không chép"), self.tr("Hủy")],
        )
        if answer is None or answer == 2:
            return False
        if answer == 0 and self.storage is not None:
            try:
                self.storage.copy_to_folder(folder)
            except UserError as exc:
                self._show_error(str(exc))
                return False
        return True

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục dữ liệu"), self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def _show_error(self, message: str) -> None:
        self.error_label.show_message(message)

    def accept(self) -> None:
        # Checked first: nothing is saved when any part of the form is refused.
        missing = [
            line
            for line in self.trust_edit.toPlainText().splitlines()
            if line.strip() and not Path(line.strip()).is_file()
        ]
        if missing:
            self._show_error(self.tr("Không có tệp chứng thư gốc: {files}").format(files=", ".join(missing)))
            return
        folder = Path(self.folder_edit.text().strip()).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._show_error(self.tr("Không tạo được thư mục «{folder}»: {reason}").format(folder=folder, reason=exc))
            return
        font = self.font_combo.currentText().strip()
        if font in QFontDatabase.families() and not _draws_vietnamese(font):
            self._show_error(
                self.tr("Phông «{font}» không có đủ chữ tiếng Việt; hãy chọn phông khác.").format(font=font)
            )
            return
        try:
            office, fields = self.office, (
                self.home_name_edit.text(),
                self.home_short_edit.text(),
                self.abbreviation_edit.text(),
                self.place_edit.text(),
                SignerInfo(self.authority_edit.text(), self.title_edit.text(), self.name_edit.text()),
            )
            parent_name, parent_kind = self.parent_edit.text(), str(self.parent_kind_combo.currentData() or "")
            run_on_worker(
                lambda: office.update_office(*fields, parent_name=parent_name, parent_kind=parent_kind), self
            )
        except UserError as exc:
            self._show_error(str(exc))
            return
        if not self._move_data(folder):
            return
        default_folder = paths.user_data_dir()
        self.settings.data_folder = "" if folder == default_folder else str(folder)
        self.settings.print_font = font or DEFAULT_PRINT_FONT
        self.settings.signing_library = self.library_edit.text().strip()
        self.settings.signing_token_label = self.token_label_edit.text().strip()
        self.settings.trust_roots = "\n".join(
            line.strip() for line in self.trust_edit.toPlainText().splitlines() if line.strip()
        )
        super().accept()


def _draws_vietnamese(family: str) -> bool:
    from PySide6.QtGui import QFont, QFontMetrics

    metrics = QFontMetrics(QFont(family))
    return all(metrics.inFontUcs4(ord(ch)) for ch in VIETNAMESE_SAMPLE)
