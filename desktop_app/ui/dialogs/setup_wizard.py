"""First-run setup: the office's own unit, its parent body, the default signer, and the CĐCS list."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.bootstrap import AppContext
from desktop_app.services.errors import UserError, ValidationFailed
from desktop_app.services.office import HomeSetup, SignerInfo
from desktop_app.ui.tasks import run_on_worker
from desktop_app.ui.widgets.forms import ErrorLabel, labelled_rows

PAGE_START, PAGE_HOME, PAGE_SIGNER, PAGE_IMPORT = range(4)


def _form(rows: list[tuple[str, QWidget]]) -> QFormLayout:
    form = QFormLayout()
    labelled_rows(form, rows)
    return form


class _StartPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Chào mừng đến với CongDoan Desk"))
        self.setSubTitle(self.tr("Phần mềm cần biết văn phòng của bạn là đơn vị nào. Việc này chỉ làm một lần."))
        own = QLabel(
            self.tr(
                "Bấm «Tiếp tục» để khai báo đơn vị của văn phòng, người ký văn bản và (nếu có) danh sách "
                "CĐCS trong tệp Excel."
            )
        )
        own.setWordWrap(True)
        # A separate button, not a choice on this page: the demo skips every other page.
        self.demo_button = QPushButton(self.tr("Dùng thử với &dữ liệu mẫu (LĐLĐ huyện Dương Minh Châu)…"))
        # Enter means «Tiếp tục» (the wizard's default button) even when this button has the focus: trying the
        # demo must be a deliberate click or Alt+D, never the first Enter of a new office.
        self.demo_button.setAutoDefault(False)
        demo_note = QLabel(
            self.tr("Dữ liệu mẫu nằm trong một tệp riêng (demo.sqlite); lần sau mở phần mềm vẫn có thể thiết lập.")
        )
        demo_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(own)
        layout.addSpacing(24)
        layout.addWidget(self.demo_button)
        layout.addWidget(demo_note)
        layout.addStretch(1)


class _HomePage(QWizardPage):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setTitle(self.tr("Đơn vị của văn phòng"))
        self.setSubTitle(self.tr("Tên và địa danh được in trên mọi văn bản của đơn vị."))
        kinds = [k for k in context.units.kinds() if not k.grassroots]
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Liên đoàn Lao động huyện Dương Minh Châu")
        self.short_name_edit = QLineEdit()
        self.short_name_edit.setPlaceholderText("LĐLĐ huyện Dương Minh Châu")
        self.kind_combo = QComboBox()
        for kind in kinds:
            self.kind_combo.addItem(kind.name, kind.code)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData("LDLD_HUYEN")))
        self.abbreviation_edit = QLineEdit()
        self.abbreviation_edit.setPlaceholderText(self.tr("LĐLĐ (như trong ký hiệu 94/KH-LĐLĐ)"))
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText(self.tr("Huyện Dương Minh Châu (như «Huyện Dương Minh Châu, ngày …»)"))
        self.parent_edit = QLineEdit()
        self.parent_edit.setPlaceholderText("Liên đoàn Lao động tỉnh Tây Ninh")
        self.parent_kind_combo = QComboBox()
        for kind in kinds:
            self.parent_kind_combo.addItem(kind.name, kind.code)
        self.parent_kind_combo.setCurrentIndex(max(0, self.parent_kind_combo.findData("LDLD_TINH")))
        layout = QVBoxLayout(self)
        layout.addLayout(
            _form(
                [
                    (self.tr("&Tên đơn vị:"), self.name_edit),
                    (self.tr("Tên &ngắn:"), self.short_name_edit),
                    (self.tr("&Cấp:"), self.kind_combo),
                    (self.tr("Tên viết tắt trong &ký hiệu:"), self.abbreviation_edit),
                    (self.tr("Đị&a danh:"), self.place_edit),
                    (self.tr("Đơn vị cấp t&rên:"), self.parent_edit),
                    (self.tr("Cấp của đơn vị cấp tr&ên:"), self.parent_kind_combo),
                ]
            )
        )
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)
        # Once shown, the «Còn thiếu» line follows the typing and goes away when nothing is missing.
        for edit in (self.name_edit, self.abbreviation_edit, self.place_edit):
            edit.textChanged.connect(lambda _text: self._update_missing())

    def _update_missing(self) -> None:
        if self.error_label.isVisible():
            self.error_label.show_message(self._missing_message())

    def _missing_message(self) -> str:
        missing = []
        if not self.name_edit.text().strip():
            missing.append(self.tr("tên đơn vị"))
        if not self.abbreviation_edit.text().strip():
            missing.append(self.tr("tên viết tắt trong ký hiệu"))
        if not self.place_edit.text().strip():
            missing.append(self.tr("địa danh"))
        return self.tr("Còn thiếu: {fields}.").format(fields=", ".join(missing)) if missing else ""

    def validatePage(self) -> bool:
        message = self._missing_message()
        self.error_label.show_message(message)
        return not message


class _SignerPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Người ký mặc định"))
        self.setSubTitle(self.tr("Người ký ở cuối văn bản; có thể đổi cho từng văn bản."))
        self.authority_edit = QLineEdit("TM. BAN THƯỜNG VỤ")
        self.title_edit = QLineEdit("CHỦ TỊCH")
        self.name_edit = QLineEdit()
        layout = QVBoxLayout(self)
        layout.addLayout(
            _form(
                [
                    (self.tr("&Thẩm quyền ký (TM., KT., Q., TL., TUQ.):"), self.authority_edit),
                    (self.tr("Chức &danh:"), self.title_edit),
                    (self.tr("&Họ và tên:"), self.name_edit),
                ]
            )
        )
        self.error_label = ErrorLabel()
        layout.addWidget(self.error_label)
        for edit in (self.title_edit, self.name_edit):
            edit.textChanged.connect(lambda _text: self._update_missing())

    def _ok(self) -> bool:
        return bool(self.title_edit.text().strip() and self.name_edit.text().strip())

    def _update_missing(self) -> None:
        if self.error_label.isVisible() and self._ok():
            self.error_label.show_message("")

    def validatePage(self) -> bool:
        ok = self._ok()
        self.error_label.show_message("" if ok else self.tr("Cần nhập chức danh và họ tên người ký."))
        return ok


class _ImportPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Danh sách CĐCS"))
        self.setSubTitle(self.tr("Có thể nhập danh sách CĐCS từ tệp Excel ngay, hoặc để sau (menu Đơn vị)."))
        self.import_check = QCheckBox(self.tr("&Nhập danh sách CĐCS từ tệp Excel sau khi thiết lập"))
        self.path_edit = QLineEdit()
        self.path_edit.setEnabled(False)
        browse = QPushButton(self.tr("&Chọn tệp…"))
        browse.setEnabled(False)
        browse.clicked.connect(lambda _checked=False: self._browse())
        self.import_check.toggled.connect(self.path_edit.setEnabled)
        self.import_check.toggled.connect(browse.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.error_label = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.import_check)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp Excel"), "", self.tr("Tệp Excel (*.xlsx)")
        )
        if chosen:
            self.path_edit.setText(chosen)

    def import_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text) if self.import_check.isChecked() and text else None


class SetupWizard(QWizard):
    """Sets up the office, or chooses the demo (``used_demo``); ``import_path`` is the workbook to import next."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.import_path: Path | None = None
        self.used_demo = False
        self.setWindowTitle(self.tr("Thiết lập ban đầu"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(680, 480)
        self.start_page = _StartPage()
        self.home_page = _HomePage(context)
        self.signer_page = _SignerPage()
        self.import_page = _ImportPage()
        self.setPage(PAGE_START, self.start_page)
        self.setPage(PAGE_HOME, self.home_page)
        self.setPage(PAGE_SIGNER, self.signer_page)
        self.setPage(PAGE_IMPORT, self.import_page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Tiếp tục >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Hoàn tất"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Hủy"))
        self.start_page.demo_button.clicked.connect(lambda _checked=False: self.choose_demo())

    def choose_demo(self) -> None:
        # The demo goes into its own file (see app.finish_start), never into the office's database.
        self.used_demo = True
        super().accept()

    def setup(self) -> HomeSetup:
        home = self.home_page
        signer = self.signer_page
        return HomeSetup(
            name=home.name_edit.text(),
            short_name=home.short_name_edit.text(),
            kind=home.kind_combo.currentData(),
            abbreviation=home.abbreviation_edit.text(),
            place_name=home.place_edit.text(),
            parent_name=home.parent_edit.text(),
            parent_kind=home.parent_kind_combo.currentData(),
            signer=SignerInfo(signer.authority_edit.text(), signer.title_edit.text(), signer.name_edit.text()),
        )

    def accept(self) -> None:
        try:
            setup, office = self.setup(), self.context.office
            run_on_worker(lambda: office.set_up(setup), self)
        except (ValidationFailed, UserError) as exc:
            page = self.currentPage()
            label = getattr(page, "error_label", None)
            if isinstance(label, ErrorLabel):
                label.show_message(str(exc))
            else:
                from desktop_app.ui.errors import show_error

                show_error(self, str(exc))
            return
        self.import_path = self.import_page.import_path()
        super().accept()
