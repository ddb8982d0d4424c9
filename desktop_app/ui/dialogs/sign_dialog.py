"""Sign an issued document: the signing means (a .p12/.pfx file or a USB token), an optional signature image
and where the signed PDF goes.

The dialog only chooses; ``sign(signer, path, image)`` (the service call, given by the page) prints and signs,
off the UI thread. A refusal is shown inline with everything typed kept, except the password or PIN.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.documents import DocumentListing
from desktop_app.services.errors import UserError
from desktop_app.services.signatures import (
    Pkcs11Signer,
    Pkcs12Signer,
    SignatureInfo,
    SignerSource,
    signature_image_problem,
)
from desktop_app.ui.tasks import run_in_background
from desktop_app.ui.widgets.forms import ErrorLabel, dialog_buttons, labelled_rows
from desktop_app.ui.widgets.messages import ask

# (signer, output, signature image, organisation_seal): the last is True when the certificate is the office's
# and its signature goes where the seal goes (Decree 30), over the left third of the signer's.
SignCall = Callable[[SignerSource, Path, Path | None, bool], SignatureInfo]


class SignDialog(QDialog):
    """``signed`` holds what was signed once the dialog is accepted."""

    def __init__(
        self,
        record: DocumentListing,
        sign: SignCall,
        suggested_path: Path,
        library: str = "",
        token_label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sign = sign
        self.record = record
        self.signed: SignatureInfo | None = None
        self.setWindowTitle(self.tr("Ký số văn bản"))
        self.setMinimumWidth(600)

        intro = QLabel(self.tr("Ký số {symbol}: {summary}").format(symbol=record.symbol, summary=record.summary))
        intro.setWordWrap(True)

        self.p12_radio = QRadioButton(self.tr("&Tệp chứng thư số (.p12, .pfx)"))
        self.token_radio = QRadioButton(self.tr("&USB token"))
        self._means = QButtonGroup(self)
        self._means.addButton(self.p12_radio)
        self._means.addButton(self.token_radio)

        self.p12_edit = QLineEdit()
        self.p12_edit.setPlaceholderText(self.tr("tệp .p12 hoặc .pfx nhà cung cấp chữ ký số cấp"))
        self.password_edit = _secret_edit()
        p12_form = QFormLayout()
        labelled_rows(
            p12_form,
            [
                (self.tr("Tệ&p chứng thư:"), self._with_chooser(self.p12_edit, self._choose_p12)),
                (self.tr("&Mật khẩu:"), self.password_edit),
            ],
        )
        self.p12_box = QWidget()
        self.p12_box.setLayout(p12_form)

        self.library_edit = QLineEdit(library)
        self.library_edit.setPlaceholderText(
            self.tr("thư viện PKCS#11 đi kèm token, ví dụ C:\\Windows\\System32\\…dll")
        )
        self.token_label_edit = QLineEdit(token_label)
        self.pin_edit = _secret_edit()
        token_form = QFormLayout()
        labelled_rows(
            token_form,
            [
                (self.tr("Thư &viện PKCS#11:"), self._with_chooser(self.library_edit, self._choose_library)),
                (self.tr("&Nhãn token:"), self.token_label_edit),
                (self.tr("Mã P&IN:"), self.pin_edit),
            ],
        )
        self.token_box = QWidget()
        self.token_box.setLayout(token_form)

        means = QGroupBox(self.tr("Ký bằng"))
        means_layout = QVBoxLayout(means)
        means_layout.addWidget(self.p12_radio)
        means_layout.addWidget(self.p12_box)
        means_layout.addWidget(self.token_radio)
        means_layout.addWidget(self.token_box)

        # An office often signs with its own certificate (chứng thư số của cơ quan, tổ chức), whose name is the
        # office's, not the chair's: the decree puts that signature where the seal goes.
        self.signer_radio = QRadioButton(self.tr("Người ký văn &bản: chữ ký ở khối chữ ký"))
        self.organisation_radio = QRadioButton(
            self.tr("&Cơ quan, tổ chức: chữ ký đóng như con dấu, đè lên 1/3 bên trái chữ ký")
        )
        self._whose = QButtonGroup(self)
        self._whose.addButton(self.signer_radio)
        self._whose.addButton(self.organisation_radio)
        self.signer_radio.setChecked(True)
        whose = QGroupBox(self.tr("Chữ ký số của"))
        whose_layout = QVBoxLayout(whose)
        whose_layout.addWidget(self.signer_radio)
        whose_layout.addWidget(self.organisation_radio)

        self.image_edit = QLineEdit()
        self.image_edit.setPlaceholderText(self.tr("không bắt buộc: ảnh chữ ký PNG nền trong suốt"))
        self.output_edit = QLineEdit(str(suggested_path))
        output_form = QFormLayout()
        labelled_rows(
            output_form,
            [
                (self.tr("Ản&h chữ ký:"), self._with_chooser(self.image_edit, self._choose_image)),
                (self.tr("&Lưu tệp đã ký:"), self._with_chooser(self.output_edit, self._choose_output)),
            ],
        )
        # A path picked in the save dialog was already confirmed there if it existed.
        self._confirmed_output = ""

        self.error_label = ErrorLabel()
        self.buttons = dialog_buttons(self, self.tr("&Ký số"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(means)
        layout.addWidget(whose)
        layout.addLayout(output_form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.p12_radio.toggled.connect(lambda _checked: self._show_means())
        # The office that set up a token signs with it; otherwise a certificate file is the usual start.
        (self.token_radio if library else self.p12_radio).setChecked(True)
        self._show_means()

    # -- building --------------------------------------------------------------------------
    def _with_chooser(self, edit: QLineEdit, choose: Callable[[], None]) -> QWidget:
        button = QPushButton(self.tr("Chọn…"))
        button.setAutoDefault(False)  # Enter signs, it never opens a file chooser
        button.clicked.connect(choose)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit, 1)
        layout.addWidget(button)
        return row

    def _show_means(self) -> None:
        self.p12_box.setEnabled(self.p12_radio.isChecked())
        self.token_box.setEnabled(self.token_radio.isChecked())

    @property
    def sign_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    # -- choosing files --------------------------------------------------------------------
    def _open_into(self, edit: QLineEdit, title: str, filter_text: str) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(self, title, edit.text() or self._folder(), filter_text)
        if chosen:
            edit.setText(chosen)

    def _folder(self) -> str:
        return str(Path(self.output_edit.text()).parent) if self.output_edit.text() else ""

    def _choose_p12(self) -> None:
        self._open_into(
            self.p12_edit, self.tr("Chọn tệp chứng thư số"), self.tr("Tệp chứng thư số (*.p12 *.pfx);;Mọi tệp (*)")
        )

    def _choose_library(self) -> None:
        self._open_into(
            self.library_edit,
            self.tr("Chọn thư viện PKCS#11 của token"),
            self.tr("Thư viện PKCS#11 (*.dll *.so *.dylib);;Mọi tệp (*)"),
        )

    def _choose_image(self) -> None:
        self._open_into(self.image_edit, self.tr("Chọn ảnh chữ ký"), self.tr("Ảnh PNG (*.png)"))

    def _choose_output(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Lưu tệp đã ký"), self.output_edit.text(), self.tr("Tệp PDF (*.pdf)")
        )
        if chosen:
            path = _pdf_path(chosen)
            self.output_edit.setText(str(path))
            self._confirmed_output = str(path)

    # -- signing ---------------------------------------------------------------------------
    def accept(self) -> None:
        signer = self._signer()
        if signer is None:
            return
        output = self.output_edit.text().strip()
        if not output:
            self._refuse(self.tr("Hãy chọn nơi lưu tệp đã ký."), self.output_edit)
            return
        path = _pdf_path(output)
        if path.exists() and str(path) != self._confirmed_output and not self._may_replace(path):
            return
        image_text = self.image_edit.text().strip()
        image = Path(image_text) if image_text else None
        if image is not None:
            problem = signature_image_problem(image)
            if problem and ask(self, self.tr("Ảnh chữ ký"), problem + "\n\n" + self.tr("Vẫn ký với ảnh này?"),
                               [self.tr("Vẫn ký"), self.tr("Chọn ảnh khác")], default=1) != 0:
                self.image_edit.setFocus()
                return
        organisation_seal = self.organisation_radio.isChecked()
        self.error_label.show_message("")
        self._busy(True)
        run_in_background(
            self,
            self.tr("Đang ký số văn bản…"),
            lambda _token: self._sign(signer, path, image, organisation_seal),
            self._done,
            self._failed,
            # A token may be half-way through signing; stopping would leave nothing useful.
            cancellable=False,
        )

    def _signer(self) -> SignerSource | None:
        if self.p12_radio.isChecked():
            p12 = self.p12_edit.text().strip()
            if not p12:
                self._refuse(self.tr("Hãy chọn tệp chứng thư số (.p12, .pfx)."), self.p12_edit)
                return None
            return Pkcs12Signer(Path(p12), self.password_edit.text().encode("utf-8") or None)
        library = self.library_edit.text().strip()
        if not library:
            self._refuse(
                self.tr("Hãy chọn thư viện PKCS#11 của token (cài cùng phần mềm của nhà cung cấp chữ ký số)."),
                self.library_edit,
            )
            return None
        label = self.token_label_edit.text().strip()
        if not label:
            self._refuse(self.tr("Hãy nhập nhãn của token (ghi trong phần mềm quản lý token)."), self.token_label_edit)
            return None
        if not self.pin_edit.text():
            self._refuse(self.tr("Hãy nhập mã PIN của token."), self.pin_edit)
            return None
        return Pkcs11Signer(Path(library), label, self.pin_edit.text())

    def _may_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Ghi đè tệp?"),
            self.tr("Tệp «{name}» đã có. Ghi đè bằng tệp đã ký mới?").format(name=path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        if self.isEnabled():  # while signing, the result must still find its dialog
            super().reject()

    def _busy(self, busy: bool) -> None:
        # One signing at a time: a token must not be asked twice for its PIN.
        self.setEnabled(not busy)

    def _done(self, info: SignatureInfo) -> None:
        self._busy(False)
        self.signed = info
        self.password_edit.clear()
        self.pin_edit.clear()
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        if not isinstance(exc, UserError):
            raise exc
        # A secret is never kept after a refusal: the clerk types it again, knowingly.
        self.password_edit.clear()
        self.pin_edit.clear()
        self._refuse(str(exc), self.password_edit if self.p12_radio.isChecked() else self.pin_edit)

    def _refuse(self, message: str, field: QLineEdit) -> None:
        self.error_label.show_message(message)
        field.setFocus()
        field.selectAll()


def _secret_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _pdf_path(text: str) -> Path:
    path = Path(text.strip())
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
