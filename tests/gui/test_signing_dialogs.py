"""Signing plan 94 from the Documents screen and checking signed files, with real keys (a .p12 file and a
SoftHSM2 token) driven through the real dialogs."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.files.pdf.signing import verify_pdf
from desktop_app.services.errors import UserError
from desktop_app.services.signatures import Pkcs12Signer
from desktop_app.settings import UserSettings
from desktop_app.ui.dialogs.sign_dialog import SignDialog
from desktop_app.ui.dialogs.verify_dialog import VerifyDialog
from desktop_app.ui.document_actions import DocumentSettings
from desktop_app.ui.pages.documents.page import DocumentsPage, DocumentsPageDeps
from tests.conftest import TODAY
from tests.gui.helpers import type_text, when_modal
from tests.gui.test_documents_page import select_symbol
from tests.signing_keys import (
    ORGANISATION,
    PASSPHRASE,
    SIGNER_NAME,
    CertificateAuthority,
    SoftHsmToken,
)

PLAN_94 = "94/KH-LĐLĐ"
# Signing prints the document and loads pyHanko on a worker thread; the first time in a process is the slowest.
SIGNING_TIMEOUT_MS = 60_000


# --------------------------------------------------------------------------- the page


@pytest.fixture
def settings(tmp_path: Path) -> UserSettings:
    return UserSettings(last_folder=str(tmp_path / "van-ban"))


@pytest.fixture
def page(qtbot: QtBot, demo_context: AppContext, settings: UserSettings) -> DocumentsPage:
    """The Documents screen wired to a settings object the way the main window wires it."""

    def remember_folder(folder: str) -> None:
        settings.last_folder = folder

    def remember_token(library: str, label: str) -> None:
        settings.signing_library, settings.signing_token_label = library, label

    page = DocumentsPage(
        DocumentsPageDeps(demo_context.documents, demo_context.registers, clock=lambda: TODAY),
        DocumentSettings(
            last_folder=lambda: settings.last_folder,
            remember_folder=remember_folder,
            signing_library=lambda: settings.signing_library,
            signing_token_label=lambda: settings.signing_token_label,
            remember_token=remember_token,
            trust_roots=lambda: settings.trust_roots,
        ),
    )
    qtbot.addWidget(page)
    page.resize(1100, 560)
    page.show()
    qtbot.waitExposed(page)
    return page


def sign_through_dialog(qtbot: QtBot, page: DocumentsPage, fill: Callable[[SignDialog], None]) -> dict[str, str]:
    """Open the sign dialog on plan 94, let ``fill`` set its fields, press Enter; what the dialog showed."""
    seen: dict[str, str] = {}

    def act(widget: QWidget) -> None:
        assert isinstance(widget, SignDialog)
        seen["suggested"] = widget.output_edit.text()
        fill(widget)

    select_symbol(page, PLAN_94)
    assert page.documents_tab.sign_action.isEnabled()
    when_modal(act, SignDialog)
    page.documents_tab.sign_action.trigger()  # returns when the dialog closes
    return seen


# --------------------------------------------------------------------------- signing


def test_signs_plan_94_with_a_p12_file(
    qtbot: QtBot, page: DocumentsPage, settings: UserSettings, p12: Path, ca: CertificateAuthority, tmp_path: Path
) -> None:
    target = tmp_path / "ky-so" / "ke-hoach-94.pdf"

    def fill(dialog: SignDialog) -> None:
        assert dialog.p12_radio.isChecked(), "no token set up: the certificate file is the default"
        assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password
        assert not dialog.token_box.isEnabled()
        dialog.p12_edit.setText(str(p12))
        type_text(dialog.password_edit, PASSPHRASE.decode())
        dialog.output_edit.setText(str(target))
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)

    seen = sign_through_dialog(qtbot, page, fill)
    assert seen["suggested"] == str(tmp_path / "van-ban" / "94-KH-LĐLĐ-ky-so.pdf")
    assert target.is_file()
    [report] = verify_pdf(target, [ca.pem_path])
    assert report.ok and report.signer_name == SIGNER_NAME
    status = page.documents_tab.status_label.text()
    assert status.startswith("Đã ký số «ke-hoach-94.pdf»: Nguyễn Văn Hùng, ") and status.count("/") == 2, status
    assert settings.last_folder == str(target.parent)


def test_the_offices_certificate_signs_where_the_seal_goes(
    qtbot: QtBot, page: DocumentsPage, demo_context: AppContext, ca: CertificateAuthority, tmp_path: Path
) -> None:
    # An organisation's certificate names the office, not the printed signer: it is never refused for that, and
    # the clerk can put its signature where the decree puts the seal (over the left third of the signer's).
    from tests.signing_keys import make_pkcs12

    office = make_pkcs12(ca, tmp_path / "co_quan.p12", common_name=ORGANISATION)
    target = tmp_path / "dau.pdf"
    shown: list[SignDialog] = []

    def fill(dialog: SignDialog) -> None:
        assert dialog.signer_radio.isChecked(), "the signer's own signature is the usual case"
        shown.append(dialog)
        dialog.organisation_radio.setChecked(True)
        dialog.p12_edit.setText(str(office))
        type_text(dialog.password_edit, PASSPHRASE.decode())
        dialog.output_edit.setText(str(target))
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)

    sign_through_dialog(qtbot, page, fill)
    seal = shown[0].signed
    assert seal is not None and seal.signer_name == ORGANISATION
    [report] = verify_pdf(target, [ca.pem_path])
    assert report.ok
    plan = next(d for d in demo_context.documents.list_documents() if d.symbol == PLAN_94)
    block = demo_context.documents.sign_pdf(plan.id, tmp_path / "khoi.pdf", Pkcs12Signer(office, PASSPHRASE))
    width = block.box[2] - block.box[0]
    assert seal.box[0] < block.box[0] and abs((seal.box[2] - block.box[0]) - width / 3) <= 2


def test_a_wrong_password_is_refused_inline_and_writes_nothing(
    qtbot: QtBot, page: DocumentsPage, p12: Path, tmp_path: Path
) -> None:
    target = tmp_path / "khong-ky.pdf"
    before = page.documents_tab.status_label.text()

    def fill(dialog: SignDialog) -> None:
        dialog.p12_edit.setText(str(p12))
        type_text(dialog.password_edit, "sai-mat-khau")
        dialog.output_edit.setText(str(target))
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # Enter signs
        qtbot.waitUntil(dialog.error_label.isVisible, timeout=SIGNING_TIMEOUT_MS)
        seen["error"] = dialog.error_label.text()
        seen["password"] = dialog.password_edit.text()
        seen["kept"] = dialog.p12_edit.text() + "|" + dialog.output_edit.text()
        seen["focus"] = str(dialog.focusWidget() is dialog.password_edit)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels

    seen: dict[str, str] = {}
    sign_through_dialog(qtbot, page, fill)
    assert "Mật khẩu của tệp chữ ký số «nguyen_van_hung.p12» không đúng" in seen["error"]
    assert seen["password"] == "" and seen["focus"] == "True"
    assert seen["kept"] == f"{p12}|{target}"
    assert not target.exists() and list(tmp_path.glob("*.pdf*")) == []
    assert page.documents_tab.status_label.text() == before


def test_missing_choices_are_refused_before_anything_runs(qtbot: QtBot, page: DocumentsPage) -> None:
    seen: dict[str, str] = {}

    def fill(dialog: SignDialog) -> None:
        dialog.accept()
        seen["p12"] = dialog.error_label.text()
        dialog.token_radio.setChecked(True)
        assert dialog.token_box.isEnabled() and not dialog.p12_box.isEnabled()
        assert dialog.pin_edit.echoMode() == QLineEdit.EchoMode.Password
        dialog.accept()
        seen["library"] = dialog.error_label.text()
        dialog.reject()

    sign_through_dialog(qtbot, page, fill)
    assert seen == {
        "p12": "Hãy chọn tệp chứng thư số (.p12, .pfx).",
        "library": "Hãy chọn thư viện PKCS#11 của token (cài cùng phần mềm của nhà cung cấp chữ ký số).",
    }


def test_a_draft_cannot_be_signed(page: DocumentsPage, demo_context: AppContext, p12: Path, tmp_path: Path) -> None:
    draft = next(r for r in demo_context.documents.list_documents() if not r.issued)
    assert page.documents_tab.select_document(draft.id)
    assert not page.documents_tab.sign_action.isEnabled()
    page.documents_tab.sign_selected()  # a stray call (a shortcut added later) does nothing either
    with pytest.raises(UserError, match="chưa ban hành nên chưa ký số được"):
        demo_context.documents.sign_pdf(draft.id, tmp_path / "du-thao.pdf", Pkcs12Signer(p12, PASSPHRASE))
    assert not (tmp_path / "du-thao.pdf").exists()


def test_signs_with_the_usb_token(
    qtbot: QtBot,
    page: DocumentsPage,
    settings: UserSettings,
    token: SoftHsmToken,
    ca: CertificateAuthority,
    tmp_path: Path,
) -> None:
    settings.signing_library = str(token.library)
    settings.signing_token_label = token.label
    target = tmp_path / "ky-token.pdf"

    def fill(dialog: SignDialog) -> None:
        # The office's token is set up: the dialog starts on it, filled in.
        assert dialog.token_radio.isChecked()
        assert (dialog.library_edit.text(), dialog.token_label_edit.text()) == (str(token.library), token.label)
        type_text(dialog.pin_edit, token.pin)
        dialog.output_edit.setText(str(target))
        qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Enter)

    sign_through_dialog(qtbot, page, fill)
    [report] = verify_pdf(target, [ca.pem_path])
    assert report.ok and report.signer_name == SIGNER_NAME
    assert "Đã ký số «ky-token.pdf»: Nguyễn Văn Hùng" in page.documents_tab.status_label.text()
    assert (settings.signing_library, settings.signing_token_label) == (str(token.library), token.label)


# --------------------------------------------------------------------------- checking signed files


@pytest.fixture
def signed_plan(demo_context: AppContext, p12: Path, tmp_path: Path) -> Path:
    record = next(r for r in demo_context.documents.list_documents() if r.symbol == PLAN_94)
    path = tmp_path / "da-ky.pdf"
    demo_context.documents.sign_pdf(record.id, path, Pkcs12Signer(p12, PASSPHRASE))
    return path


def verify_through_dialog(qtbot: QtBot, page: DocumentsPage, path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Pick ``path`` in the verify action's file chooser; the text of the dialog that comes up."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    seen: dict[str, str] = {}

    def read(widget: QWidget) -> None:
        assert isinstance(widget, VerifyDialog)
        seen["text"] = widget.text()
        widget.reject()

    when_modal(read, VerifyDialog, attempts=SIGNING_TIMEOUT_MS // 20)
    page.documents_tab.verify_action.trigger()
    qtbot.waitUntil(lambda: "text" in seen, timeout=SIGNING_TIMEOUT_MS)
    return seen["text"]


def test_checks_a_signed_file_against_the_trusted_roots(
    qtbot: QtBot,
    page: DocumentsPage,
    settings: UserSettings,
    signed_plan: Path,
    ca: CertificateAuthority,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.trust_roots = f"\n{ca.pem_path}\n"
    text = verify_through_dialog(qtbot, page, signed_plan, monkeypatch)
    assert "Tệp «da-ky.pdf»" in text
    assert f"Người ký: {SIGNER_NAME}" in text and "Đơn vị: Liên đoàn Lao động huyện Dương Minh Châu" in text
    assert "✓ Nội dung còn nguyên vẹn" in text
    assert "✓ Chứng thư được tin cậy" in text and "✓ Ký toàn bộ văn bản" in text
    assert "✗" not in text
    # The time is Vietnam's, written as the stamp writes it, whatever this computer's time zone.
    assert re.search(r"\b\d{2}:\d{2} ngày \d{2}/\d{2}/\d{4}\b", text), text

    settings.trust_roots = ""
    untrusted = verify_through_dialog(qtbot, page, signed_plan, monkeypatch)
    assert "✓ Nội dung còn nguyên vẹn" in untrusted and "✗ Chứng thư được tin cậy" in untrusted
    assert "chưa có chứng thư gốc (root CA)" in untrusted


def test_an_unsigned_file_says_so(
    qtbot: QtBot, page: DocumentsPage, demo_context: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    record = next(r for r in demo_context.documents.list_documents() if r.symbol == PLAN_94)
    unsigned = tmp_path / "chua-ky.pdf"
    demo_context.documents.render_pdf(record.id, unsigned)
    text = verify_through_dialog(qtbot, page, unsigned, monkeypatch)
    assert "Tệp «chua-ky.pdf» không có chữ ký số." in text


def test_a_byte_changed_after_signing_fails_integrity(
    qtbot: QtBot,
    page: DocumentsPage,
    settings: UserSettings,
    signed_plan: Path,
    ca: CertificateAuthority,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    data = bytearray(signed_plan.read_bytes())
    # One letter of the document's metadata, inside the signed bytes: the file still opens everywhere.
    at = data.index(b"ReportLab") + 6
    data[at : at + 1] = b"a" if data[at : at + 1] != b"a" else b"o"
    tampered = tmp_path / "da-sua.pdf"
    tampered.write_bytes(bytes(data))
    settings.trust_roots = str(ca.pem_path)
    text = verify_through_dialog(qtbot, page, tampered, monkeypatch)
    assert "✗ Nội dung còn nguyên vẹn" in text
    assert "Nội dung tệp đã bị sửa đổi sau khi ký" in text


def test_an_opaque_signature_image_is_warned_and_choosing_another_signs_nothing(
    qtbot: QtBot, page: DocumentsPage, p12: Path, tmp_path: Path
) -> None:
    from PIL import Image
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.services.signatures import signature_image_problem

    opaque = tmp_path / "chu-ky.png"
    Image.new("RGB", (120, 60), "white").save(opaque)
    transparent = tmp_path / "chu-ky-trong.png"
    Image.new("RGBA", (120, 60), (0, 0, 255, 0)).save(transparent)
    photo = tmp_path / "chu-ky.jpg"
    Image.new("RGB", (120, 60), "white").save(photo)
    assert signature_image_problem(transparent) == ""
    assert "không có nền trong suốt" in signature_image_problem(opaque)
    assert "là ảnh JPEG, không phải PNG" in signature_image_problem(photo)
    assert signature_image_problem(tmp_path / "khong-co.png").startswith("Không tìm thấy ảnh chữ ký")
    (tmp_path / "gia.png").write_text("không phải ảnh", encoding="utf-8")
    assert signature_image_problem(tmp_path / "gia.png") == "Tệp «gia.png» không phải là ảnh đọc được."

    target = tmp_path / "ky.pdf"
    asked: dict[str, str] = {}

    def choose_another(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox)
        asked["text"] = widget.text()
        next(b for b in widget.buttons() if b.text() == "Chọn ảnh khác").click()

    def fill(dialog: SignDialog) -> None:
        dialog.p12_edit.setText(str(p12))
        type_text(dialog.password_edit, PASSPHRASE.decode())
        dialog.output_edit.setText(str(target))
        dialog.image_edit.setText(str(opaque))
        when_modal(choose_another, QMessageBox)
        dialog.accept()
        asked["still open"] = str(dialog.isVisible())
        dialog.reject()

    sign_through_dialog(qtbot, page, fill)
    assert "không có nền trong suốt" in asked["text"] and asked["text"].endswith("Vẫn ký với ảnh này?")
    assert asked["still open"] == "True"
    assert not target.exists()
