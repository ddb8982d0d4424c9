"""The print preview: opened from the Documents screen, zoomed, paged with the keyboard, printed to a PDF printer."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.files.pdf.pages import PageImage
from desktop_app.ui.dialogs.print_preview import PrintPreviewDialog
from desktop_app.ui.pages.documents.page import DocumentsPage
from tests.gui.helpers import when_modal
from tests.gui.test_documents_page import demo_page, select_symbol

__all__ = ["demo_page"]  # the fixture, shared with the Documents screen's tests


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    return printer


def dark_share_of_first_page(pdf: Path) -> float:
    """The share of dark pixels on page 1 as poppler rasterises it (grey, 30 dpi)."""
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "30", "-gray", str(pdf), str(prefix)], check=True)
    (pgm,) = pdf.parent.glob(f"{prefix.name}-*1.pgm")
    data = pgm.read_bytes()
    magic, width, height, _maximum, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    assert len(pixels) == int(width) * int(height)
    return sum(1 for value in pixels if value < 128) / len(pixels)


def sizes(dialog: PrintPreviewDialog) -> list[QSize]:
    return [label.size() for label in dialog.page_labels]


def test_preview_of_plan_94_pages_zooms_and_prints(qtbot: QtBot, demo_page: DocumentsPage, tmp_path: Path) -> None:
    assert demo_page.documents_tab.preview_action.shortcut().toString() == "Ctrl+Shift+P"
    assert not demo_page.documents_tab.preview_action.isEnabled()  # nothing selected yet
    plan = select_symbol(demo_page, "94/KH-LĐLĐ")
    assert demo_page.documents_tab.preview_action.isEnabled()
    seen: dict[str, Any] = {}
    printed = tmp_path / "in-thu.pdf"

    def look(widget: QWidget) -> None:
        assert isinstance(widget, PrintPreviewDialog)
        dialog = widget
        try:
            seen["title"] = dialog.windowTitle()
            seen["counter"] = dialog.page_label.text()
            seen["pages"] = len(dialog.page_labels)
            dialog.grab().save(str(tmp_path / "print-preview.png"))

            at_100 = sizes(dialog)
            dialog.zoom_combo.setCurrentIndex(dialog.zoom_combo.findText("50%"))
            at_50 = sizes(dialog)
            dialog.zoom_combo.setCurrentIndex(dialog.zoom_combo.findText("150%"))
            at_150 = sizes(dialog)
            dialog.zoom_combo.setCurrentIndex(dialog.zoom_combo.findText("Vừa chiều rộng"))
            seen["fit"] = (dialog.page_labels[0].width(), dialog.scroll.viewport().width())
            seen["zoom"] = (at_100[0], at_50[0], at_150[0])
            dialog.zoom_combo.setCurrentIndex(dialog.zoom_combo.findText("100%"))

            dialog.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
            qtbot.keyClick(dialog.scroll, Qt.Key.Key_PageDown)
            qtbot.keyClick(dialog.zoom_combo, Qt.Key.Key_PageDown)  # pages, even from the combo
            seen["after_page_down"] = dialog.page_label.text()
            seen["zoom_after_page_down"] = dialog.zoom_combo.currentText()
            qtbot.keyClick(dialog.scroll, Qt.Key.Key_PageUp)
            seen["after_page_up"] = dialog.page_label.text()
            dialog.scroll.verticalScrollBar().setValue(dialog.scroll.verticalScrollBar().maximum())
            seen["at_end"] = dialog.page_label.text()

            seen["printed"] = dialog.print_to(pdf_printer(printed))
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            seen["closed_by_escape"] = not dialog.isVisible()
        finally:
            dialog.reject()

    when_modal(look, PrintPreviewDialog, attempts=1500)
    demo_page.documents_tab.preview_action.trigger()
    qtbot.waitUntil(lambda: "title" in seen and not _modal_open(), timeout=30_000)

    assert seen["title"] == "Xem trước khi in — 94/KH-LĐLĐ — " + plan.summary
    assert (seen["counter"], seen["pages"]) == ("Trang 1/7", 7)
    at_100, at_50, at_150 = seen["zoom"]
    assert at_50.width() < at_100.width() < at_150.width()
    assert abs(at_50.width() * 2 - at_100.width()) <= 6 and abs(at_150.width() * 2 - at_100.width() * 3) <= 6
    page_width, room = seen["fit"]
    assert room - 60 < page_width <= room
    assert (seen["after_page_down"], seen["zoom_after_page_down"]) == ("Trang 3/7", "100%")
    assert seen["after_page_up"] == "Trang 2/7"
    assert seen["at_end"] == "Trang 7/7"
    assert seen["closed_by_escape"] is True
    assert "trang" in demo_page.documents_tab.status_label.text()  # the temporary PDF was reported like any other print

    assert seen["printed"] == 7
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           7" in info
    assert "(A4)" in info
    assert 0.005 < dark_share_of_first_page(printed) < 0.5
    # Printed from pages rendered again at 300 dpi, not from the screen images blown up.
    images = subprocess.run(["pdfimages", "-list", str(printed)], capture_output=True, text=True, check=True).stdout
    widths = {int(line.split()[3]) for line in images.splitlines()[2:]}
    assert widths == {2481}


def _modal_open() -> bool:
    return isinstance(QApplication.activeModalWidget(), PrintPreviewDialog)


def blank_pages(count: int) -> list[PageImage]:
    """White A4 pages at 24 dpi, small enough to build in a test."""
    width, height = 198, 281
    return [PageImage(n, width, height, b"\xff" * (width * height * 4), 210.0, 297.0) for n in range(1, count + 1)]


def test_print_to_honours_the_chosen_page_range(qtbot: QtBot, tmp_path: Path) -> None:
    rendered: list[tuple[int, int]] = []

    def render_at(dpi: int, number: int) -> PageImage:
        rendered.append((dpi, number))
        return blank_pages(number)[-1]

    dialog = PrintPreviewDialog(blank_pages(5), "Thử", render_at=render_at)
    qtbot.addWidget(dialog)
    printer = pdf_printer(tmp_path / "trang-2-3.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert dialog.print_to(printer) == 2
    assert rendered == [(300, 2), (300, 3)]  # 1200 dpi PDF output, capped
    info = subprocess.run(["pdfinfo", str(tmp_path / "trang-2-3.pdf")], capture_output=True, text=True, check=True)
    assert "Pages:           2" in info.stdout


def test_without_a_renderer_the_screen_images_are_printed(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = PrintPreviewDialog(blank_pages(3), "Thử")
    qtbot.addWidget(dialog)
    assert dialog.print_to(pdf_printer(tmp_path / "ba-trang.pdf")) == 3


def test_printed_is_said_only_once_pages_went_to_the_printer(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui.dialogs import print_preview

    target = tmp_path / "may-in.pdf"
    answers = [QDialog.DialogCode.Rejected, QDialog.DialogCode.Accepted]

    class ChosenPrinter:
        """Qt's print dialog as the clerk leaves it: cancelled first, then a (PDF) printer chosen."""

        def __init__(self, printer: QPrinter, _parent: QWidget) -> None:
            self.printer = printer

        def setWindowTitle(self, _title: str) -> None:
            pass

        def setMinMax(self, _low: int, _high: int) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(target))
            return answers.pop(0)

    monkeypatch.setattr(print_preview, "QPrintDialog", ChosenPrinter)
    dialog = PrintPreviewDialog(blank_pages(2), "Thử")
    qtbot.addWidget(dialog)
    assert dialog.printed_label.text() == ""
    dialog.print_document()  # cancelled: nothing printed, nothing said
    assert dialog.printed_label.text() == "" and not target.exists()
    dialog.print_document()
    assert dialog.printed_label.text() == "Đã in 2 trang ra «may-in.pdf»."
    assert target.exists()
