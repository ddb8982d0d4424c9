"""The digital signatures of a PDF file as a clerk judges them: who signed, when, and three checks per signature."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.signatures import SignatureReport, format_signing_time
from desktop_app.ui.widgets.forms import ERROR_STYLE

GOOD_STYLE = "color: #1b7f3b;"


class VerifyDialog(QDialog):
    """``reports`` from checking ``file_name``, or the Vietnamese reason it could not be checked."""

    def __init__(self, file_name: str, reports: list[SignatureReport] | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Kiểm tra chữ ký số"))
        self.setMinimumWidth(560)

        heading = QLabel(self.tr("Tệp «{name}»").format(name=file_name))
        heading.setStyleSheet("font-weight: bold;")
        heading.setWordWrap(True)
        content = QWidget()
        blocks = QVBoxLayout(content)
        if isinstance(reports, str):
            blocks.addWidget(_line(reports, ERROR_STYLE))
        else:
            for number, report in enumerate(reports, start=1):
                blocks.addWidget(self._block(number, len(reports), report))
        blocks.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Đó&ng"))
        close.setDefault(True)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)

    def _block(self, number: int, count: int, report: SignatureReport) -> QGroupBox:
        title = self.tr("Chữ ký số") if count == 1 else self.tr("Chữ ký số thứ {n}").format(n=number)
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        when = format_signing_time(report.signing_time) if report.signing_time else self.tr("không rõ")
        for text in (
            self.tr("Người ký: {name}").format(name=report.signer_name or self.tr("không rõ")),
            self.tr("Đơn vị: {organisation}").format(organisation=report.organisation or self.tr("không rõ")),
            self.tr("Thời gian ký: {when}").format(when=when),
        ):
            layout.addWidget(_line(text))
        for passed, text in (
            (report.intact and not report.modified_after_signing, self.tr("Nội dung còn nguyên vẹn")),
            (report.trusted, self.tr("Chứng thư được tin cậy")),
            (report.covers_whole_document, self.tr("Ký toàn bộ văn bản")),
        ):
            layout.addWidget(_line(f"{'✓' if passed else '✗'} {text}", GOOD_STYLE if passed else ERROR_STYLE))
        for problem in report.problems:
            layout.addWidget(_line(problem, ERROR_STYLE))
        return box

    def text(self) -> str:
        """Everything the dialog says, a line per label (what a screen reader or a test reads)."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))


def _line(text: str, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and file names come from outside
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(style)
    return label
