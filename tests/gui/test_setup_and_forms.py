"""The set-up wizard, the unit form, the settings and the history dialog: what the clerk sees and keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from desktop_app.bootstrap import AppContext
from desktop_app.ui.dialogs.setup_wizard import SetupWizard
from desktop_app.ui.dialogs.unit_dialog import UnitDialog
from tests.conftest import TODAY
from tests.gui.helpers import type_text


def test_enter_on_the_first_step_goes_on_and_does_not_start_the_demo(qtbot: QtBot, empty_context: AppContext) -> None:
    wizard = SetupWizard(empty_context)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.start_page.demo_button.setFocus()
    qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_Return)
    assert not wizard.used_demo
    assert wizard.isVisible() and wizard.currentPage() is wizard.home_page


def test_the_missing_line_goes_away_once_the_fields_are_filled(qtbot: QtBot, empty_context: AppContext) -> None:
    wizard = SetupWizard(empty_context)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    home = wizard.home_page
    wizard.next()
    assert home.error_label.isVisible() and "tên đơn vị" in home.error_label.text()
    type_text(home.name_edit, "Liên đoàn Lao động huyện Tân Châu")
    assert "tên đơn vị" not in home.error_label.text() and "địa danh" in home.error_label.text()
    type_text(home.abbreviation_edit, "LĐLĐ")
    type_text(home.place_edit, "Huyện Tân Châu")
    assert not home.error_label.isVisible()
    wizard.next()
    signer = wizard.signer_page
    wizard.next()
    assert signer.error_label.isVisible()
    type_text(signer.name_edit, "Trần Thị Mai")
    assert not signer.error_label.isVisible()
    assert wizard.button(QWizard.WizardButton.CancelButton).text() == "Hủy"


def test_the_unit_form_shows_every_problem_in_one_round(qtbot: QtBot, context: AppContext) -> None:
    units = context.units
    dialog = UnitDialog(units.create, units.sectors(), units.kinds(), today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.members_edit.setText("mười")
    dialog.founded_edit.setText("31/02/2020")
    dialog.email_edit.setText("khong-phai-thu")
    dialog.accept()
    text = dialog.error_label.text()
    # Unreadable fields and broken rules together, in the form's order.
    for label in ("Mã đơn vị", "Tên đơn vị", "Số đoàn viên", "Thư điện tử (e-mail)", "Ngày thành lập"):
        assert f"• {label}:" in text, (label, text)
    lines = [line.split(":")[0] for line in text.splitlines()]
    assert lines == ["• Mã đơn vị", "• Tên đơn vị", "• Số đoàn viên", "• Thư điện tử (e-mail)", "• Ngày thành lập"]
    assert dialog.isVisible() and dialog.saved is None
    assert units.list_units() == []


def test_settings_change_the_parent_body_and_its_level(qtbot: QtBot, context: AppContext) -> None:
    from desktop_app.settings import UserSettings
    from desktop_app.ui.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(context.office, UserSettings(), kinds=context.units.kinds())
    qtbot.addWidget(dialog)
    assert dialog.parent_edit.text() == "Liên đoàn Lao động tỉnh Tây Ninh"
    assert dialog.parent_kind_combo.currentData() == "LDLD_TINH"
    codes = [dialog.parent_kind_combo.itemData(i) for i in range(dialog.parent_kind_combo.count())]
    other = next(code for code in codes if code != "LDLD_TINH")
    dialog.parent_edit.setText("Công đoàn ngành Giáo dục tỉnh Tây Ninh")
    dialog.parent_kind_combo.setCurrentIndex(codes.index(other))
    dialog.accept()
    assert dialog.error_label.isHidden(), dialog.error_label.text()
    parent = context.office.profile().parent
    assert parent is not None
    assert (parent.name, parent.kind) == ("Công đoàn ngành Giáo dục tỉnh Tây Ninh", other)
    again = SettingsDialog(context.office, UserSettings(), kinds=context.units.kinds())
    qtbot.addWidget(again)
    assert again.parent_edit.text() == "Công đoàn ngành Giáo dục tỉnh Tây Ninh"
    assert again.parent_kind_combo.currentData() == other


def test_a_wrapped_form_label_is_as_tall_as_its_lines(qtbot: QtBot) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit

    from desktop_app.ui.widgets.forms import WrappedLabel, labelled_rows

    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    text = "Văn bản cấp trên làm căn cứ Ấn định Ổn thỏa Ễ Ộ Ữ:"
    labelled_rows(form, [(text, QLineEdit()), ("Tên đơn vị:", QLineEdit())])
    dialog.resize(330, 10)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    label = form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget()
    assert isinstance(label, WrappedLabel)
    metrics = label.fontMetrics()
    wrapped = metrics.boundingRect(QRect(0, 0, label.width(), 10_000), int(Qt.TextFlag.TextWordWrap), text)
    assert wrapped.height() >= 2 * metrics.lineSpacing()  # it did wrap
    # Every wrapped line fits, with room above the first line for the stacked accents.
    assert label.height() >= wrapped.height() + 3


def test_qts_own_file_dialog_speaks_vietnamese(qtbot: QtBot) -> None:
    """Where no native dialog is used (Linux desktops), «Lưu PDF» opens Qt's own file dialog: no English in it."""
    from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

    from desktop_app.ui.translations import install_translations

    install_translations(QApplication.instance())  # as the app's start does
    dialog = QFileDialog(None, "Lưu văn bản ra PDF", "", "Tệp PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    texts = {label.text().replace("&", "") for label in dialog.findChildren(QLabel)}
    buttons = {button.text().replace("&", "") for button in dialog.findChildren(QPushButton)}
    assert {"Tìm trong:", "Tên tệp:", "Loại tệp:"} <= texts and {"Lưu", "Hủy"} <= buttons
    assert not {"Look in:", "File name:", "Files of type:", "Save"} & (texts | buttons)
