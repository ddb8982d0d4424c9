"""What the Documents screen and the document editor both do with a document: print it to PDF or Word, preview
it (stored or not yet saved), sign it and check a signed file, saying on a status line what came of it."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from desktop_app.domain.documents import OfficialDocument
from desktop_app.services.documents import DocumentListing, DocumentService, PageImage, pdf_page_images
from desktop_app.services.errors import UserError
from desktop_app.services.signatures import SignatureInfo, SignatureReport, SignerSource, verify_signed_pdf
from desktop_app.ui.errors import show_error
from desktop_app.ui.tasks import run_in_background
from desktop_app.ui.widgets.files import ask_save_path
from desktop_app.ui.widgets.forms import WARNING_STYLE

if TYPE_CHECKING:
    # reportlab loads with it; the screens are built at start-up and print only on demand.
    from desktop_app.files.pdf.official import RenderResult

# Sharp enough on screen at 125% zoom; print again at the printer's resolution.
PREVIEW_DPI = 120

Render = Callable[[Path, "str | None"], "RenderResult"]


def _no_folder() -> str:
    return ""


def _forget_folder(_folder: str) -> None:
    return None


def _no_text() -> str:
    return ""


def _forget_token(_library: str, _label: str) -> None:
    return None


@dataclass(frozen=True)
class DocumentSettings:
    """The clerk's settings a document screen reads (and the two it keeps), as getters: they are read when used,
    so a change in the settings dialog holds from the next action on."""

    last_folder: Callable[[], str] = _no_folder
    remember_folder: Callable[[str], None] = _forget_folder
    print_font: Callable[[], str] = _no_text
    signing_library: Callable[[], str] = _no_text
    signing_token_label: Callable[[], str] = _no_text
    remember_token: Callable[[str, str], None] = _forget_token
    trust_roots: Callable[[], str] = _no_text


class DocumentActions(QObject):
    """Dialogs open over ``parent``; ``status_label`` says what happened (the screen places it)."""

    def __init__(self, documents: DocumentService, settings: DocumentSettings, parent: QWidget) -> None:
        super().__init__(parent)
        self.documents = documents
        self.settings = settings
        self._parent = parent
        self._preview_dir: tempfile.TemporaryDirectory[str] | None = None
        self._previews = 0
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def tell(self, text: str, path: Path | None = None) -> None:
        """Say on the status line what was done (and, in its tooltip, to which file)."""
        self.status_label.setStyleSheet("")
        self.status_label.setText(text)
        if path is not None:
            self.status_label.setToolTip(str(path))

    # -- files -------------------------------------------------------------------------------
    def save_pdf(self, document: DocumentListing) -> None:
        path = ask_save_path(
            self._parent, self.tr("Lưu văn bản ra PDF"), self.settings.last_folder(), f"{file_stem(document)}.pdf",
            self.tr("Tệp PDF (*.pdf)"),
        )
        if path is None:
            return
        self.settings.remember_folder(str(path.parent))
        self._render(path, self._stored(document), lambda result: self._tell_rendered(
            self.tr("Đã lưu «{name}»").format(name=path.name), path, result))

    def save_docx(self, document: DocumentListing) -> None:
        """The document as a Word file in the same layout (offices finish documents in Word)."""
        path = ask_save_path(
            self._parent, self.tr("Lưu văn bản ra Word"), self.settings.last_folder(),
            f"{file_stem(document)}.docx", self.tr("Tệp Word (*.docx)"),
        )
        if path is None:
            return
        self.settings.remember_folder(str(path.parent))
        run_in_background(
            self._parent,
            self.tr("Đang xuất văn bản ra Word…"),
            lambda _token: self.documents.export_docx(document.id, path),
            lambda _path: self.tell(self.tr("Đã lưu «{name}».").format(name=path.name), path),
            self._failed,
            cancellable=False,
        )

    def open_pdf(self, document: DocumentListing) -> None:
        path = self._preview_path(file_stem(document))

        def opened(result: RenderResult) -> None:
            self._tell_rendered(self.tr("Đã mở «{name}»").format(name=path.name), path, result)
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                show_error(
                    self._parent,
                    self.tr(
                        "Không mở được tệp PDF «{path}». Hãy cài một phần mềm đọc PDF, hoặc dùng «Lưu PDF…»."
                    ).format(path=path),
                )

        self._render(path, self._stored(document), opened)

    # -- print preview -----------------------------------------------------------------------
    def preview_stored(self, document: DocumentListing) -> None:
        """Print to a temporary PDF, then show its pages in the print preview (which prints on paper)."""
        title = f"{document.symbol} — {document.summary}" if document.symbol else document.summary
        self._show_preview(self._preview_path(file_stem(document)), title, self._stored(document), self._parent)

    def preview_document(self, doc: OfficialDocument, parent: QWidget) -> None:
        """The editor's preview: what it holds, saved or not, over the editor."""
        title = (doc.subject_line if doc.type.is_letter else doc.summary) or self.tr("Dự thảo")
        self._show_preview(
            self._preview_path("du-thao"), title,
            lambda path, font: self.documents.render_document_pdf(doc, path, font), parent,
        )

    def _show_preview(self, path: Path, title: str, render: Render, parent: QWidget) -> None:
        from desktop_app.ui.dialogs.print_preview import PrintPreviewDialog

        def show(pages: list[PageImage]) -> None:
            dialog = PrintPreviewDialog(pages, title, parent, lambda dpi, n: pdf_page_images(path, dpi, n, n)[0])
            dialog.exec()
            dialog.deleteLater()  # its page images are tens of megabytes

        def rendered(result: RenderResult) -> None:
            # Only shown: "printed" is said by the preview when the clerk prints on paper.
            self._tell_rendered(self.tr("Bản xem trước"), path, result)
            run_in_background(
                parent,
                self.tr("Đang dựng trang xem trước…"),
                lambda _token: pdf_page_images(path, PREVIEW_DPI),
                show,
                self._failed,
                cancellable=False,
            )

        self._render(path, render, rendered, parent)

    def _preview_path(self, stem: str) -> Path:
        if self._preview_dir is None:
            # Removed when the app closes; a viewer still holding a file on Windows is not an error.
            self._preview_dir = tempfile.TemporaryDirectory(prefix="congdoan-pdf-", ignore_cleanup_errors=True)
        self._previews += 1
        return Path(self._preview_dir.name) / f"{stem}-{self._previews}.pdf"

    def _render(
        self, path: Path, render: Render, done: Callable[[RenderResult], None], parent: QWidget | None = None
    ) -> None:
        """Print to ``path`` in the background with the chosen font; ``render`` is the service call."""
        font = self.settings.print_font() or None
        self.status_label.clear()
        run_in_background(
            parent or self._parent,
            self.tr("Đang in văn bản ra PDF…"),
            lambda _token: render(path, font),
            done,
            self._failed,
            # reportlab writes the file in one go; there is no point at which it could stop cleanly.
            cancellable=False,
        )

    def _stored(self, document: DocumentListing) -> Render:
        return lambda path, font: self.documents.render_pdf(document.id, path, font)

    def _tell_rendered(self, done: str, path: Path, result: RenderResult) -> None:
        """``done`` says what happened to the file (saved, opened, previewed), never "printed" for a file."""
        text = self.tr("{done}: {pages} trang, phông chữ {font}.").format(
            done=done, pages=result.pages, font=result.font_family
        )
        if result.warnings:
            text += "\n" + "\n".join(f"⚠ {warning}" for warning in result.warnings)
        self.status_label.setStyleSheet(WARNING_STYLE if result.warnings else "")
        self.status_label.setText(text)
        self.status_label.setToolTip(str(path))

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        show_error(self._parent, str(exc))

    # -- digital signatures ------------------------------------------------------------------
    def sign(self, document: DocumentListing) -> None:
        """Sign an issued document's PDF through the signing dialog; a chosen token is remembered."""
        from desktop_app.services.signatures import format_signing_time
        from desktop_app.ui.dialogs.sign_dialog import SignDialog

        font = self.settings.print_font() or None
        folder = Path(self.settings.last_folder() or Path.home())

        def sign(signer: SignerSource, path: Path, image: Path | None, organisation_seal: bool) -> SignatureInfo:
            return self.documents.sign_pdf(document.id, path, signer, image, font, organisation_seal=organisation_seal)

        dialog = SignDialog(
            document,
            sign,
            folder / f"{file_stem(document)}-ky-so.pdf",
            self.settings.signing_library(),
            self.settings.signing_token_label(),
            self._parent,
        )
        if not dialog.exec() or dialog.signed is None:
            return
        info = dialog.signed
        self.settings.remember_folder(str(info.path.parent))
        if dialog.token_radio.isChecked():
            self.settings.remember_token(dialog.library_edit.text().strip(), dialog.token_label_edit.text().strip())
        self.tell(
            self.tr("Đã ký số «{name}»: {signer}, {time}.").format(
                name=info.path.name, signer=info.signer_name, time=format_signing_time(info.signing_time)
            ),
            info.path,
        )

    def verify_signed_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self._parent, self.tr("Chọn tệp PDF cần kiểm tra chữ ký số"), self.settings.last_folder(),
            self.tr("Tệp PDF (*.pdf)"),
        )
        if not chosen:
            return
        from desktop_app.ui.dialogs.verify_dialog import VerifyDialog

        path = Path(chosen)
        roots = [Path(line.strip()) for line in self.settings.trust_roots().splitlines() if line.strip()]

        def show(reports: list[SignatureReport] | str) -> None:
            VerifyDialog(path.name, reports, self._parent).exec()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, UserError):
                raise exc
            show(str(exc))

        run_in_background(
            self._parent,
            self.tr("Đang kiểm tra chữ ký số…"),
            lambda _token: verify_signed_pdf(path, roots),
            show,
            failed,
            cancellable=False,
        )


def file_stem(document: DocumentListing) -> str:
    """ "94-KH-LĐLĐ" for an issued document, "du-thao-12" for a draft: no characters file systems refuse."""
    if not document.symbol:
        return f"du-thao-{document.id}"
    return re.sub(r'[\\/:*?"<>|\s]+', "-", document.symbol).strip("-")
