"""Print preview: the pages of a printed document one under another, zoomable, and printed on paper from there."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.documents import PageImage
from desktop_app.services.errors import UserError
from desktop_app.ui.errors import show_error

FIT_WIDTH = 0.0  # the zoom combo's data for "Vừa chiều rộng"
ZOOMS = (0.5, 0.75, 1.0, 1.5)
MM_PER_INCH = 25.4
# Text is sharp at 300 dpi; a 1200 dpi raster of one A4 page would take 140 MB for no visible gain.
MAX_PRINT_DPI = 300
PAGE_GAP = 16
# Darker right and bottom edges stand in for a drop shadow (a graphics effect per page slows scrolling).
PAGE_STYLE = (
    "background: white; border: 1px solid #5a5a5a; border-right: 3px solid #3c3c3c; border-bottom: 3px solid #3c3c3c;"
)
PAGE_BORDER = (1, 1, 3, 3)  # left, top, right, bottom, as in PAGE_STYLE

# Renders page ``number`` (1-based) of the previewed file again at ``dpi``, for printing on paper.
PageRenderer = Callable[[int, int], PageImage]


def page_qimage(page: PageImage) -> QImage:
    # copy(): the QImage must own its pixels, not borrow the bytes object.
    return QImage(page.rgba, page.width, page.height, page.width * 4, QImage.Format.Format_RGBA8888).copy()


class PrintPreviewDialog(QDialog):
    """Shows ``pages`` of ``title``; ``render_at(dpi, number)`` renders a page again for the printer."""

    def __init__(
        self,
        pages: Sequence[PageImage],
        title: str,
        parent: QWidget | None = None,
        render_at: PageRenderer | None = None,
    ) -> None:
        super().__init__(parent)
        if not pages:
            raise ValueError("a print preview needs at least one page")
        self.setWindowTitle(self.tr("Xem trước khi in — {title}").format(title=title))
        self._title = title
        self._render_at = render_at
        self._images = [page_qimage(page) for page in pages]
        self._sizes_mm = [(page.width_mm, page.height_mm) for page in pages]

        self.page_labels: list[QLabel] = []
        self._page_tops: list[int] = []
        sheet = QWidget()
        column = QVBoxLayout(sheet)
        column.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        column.setSpacing(PAGE_GAP)
        for page in pages:
            label = QLabel()
            label.setStyleSheet(PAGE_STYLE)
            label.setAccessibleName(self.tr("Trang {number}").format(number=page.number))
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        self.scroll = QScrollArea()
        self.scroll.setWidget(sheet)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        palette = self.scroll.palette()
        palette.setColor(QPalette.ColorRole.Dark, QColor("#7d7d7d"))
        self.scroll.setPalette(palette)
        self.scroll.setBackgroundRole(QPalette.ColorRole.Dark)
        # Always shown: a scroll bar that comes and goes would change the width that "Vừa chiều rộng" fits.
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll.verticalScrollBar().valueChanged.connect(lambda _v: self._update_page_label())

        self.zoom_combo = QComboBox()
        for zoom in ZOOMS:
            self.zoom_combo.addItem(f"{round(zoom * 100)}%", zoom)
        self.zoom_combo.addItem(self.tr("Vừa chiều rộng"), FIT_WIDTH)
        self.zoom_combo.setCurrentIndex(ZOOMS.index(1.0))
        self.zoom_combo.currentIndexChanged.connect(lambda _i: self._apply_zoom())
        zoom_label = QLabel(self.tr("Thu &phóng:"))
        zoom_label.setBuddy(self.zoom_combo)
        self.page_label = QLabel()
        # Said only once pages went to the printer: a preview alone prints nothing.
        self.printed_label = QLabel()
        self.print_button = QPushButton(self.tr("&In…"))
        self.print_button.setToolTip(self.tr("In ra máy in (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_document)
        self.close_button = QPushButton(self.tr("&Đóng"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)

        bar = QHBoxLayout()
        bar.addWidget(zoom_label)
        bar.addWidget(self.zoom_combo)
        bar.addSpacing(16)
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        bar.addWidget(self.printed_label)
        bar.addWidget(self.print_button)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)

        # Shortcuts come before the focused widget's own keys, so PgUp/PgDn move by page even from the combo.
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, lambda: self.go_to_page(self.current_page() + 1))
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, lambda: self.go_to_page(self.current_page() - 1))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_document)

        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        self.resize(
            min(980, available.width() - 40) if available else 980,
            min(1000, available.height() - 80) if available else 1000,
        )
        self._apply_zoom()

    # -- showing -----------------------------------------------------------------------------
    def zoom(self) -> float:
        """The scale of the shown pages, 1.0 being the paper's size on screen."""
        chosen = float(self.zoom_combo.currentData())
        if chosen != FIT_WIDTH:
            return chosen
        widest = max(self._natural_width(i) for i in range(len(self._images)))
        room = self.scroll.viewport().width() - 2 * PAGE_GAP - PAGE_BORDER[0] - PAGE_BORDER[2]
        return max(0.1, room / widest)

    def _natural_width(self, index: int) -> float:
        return self._sizes_mm[index][0] / MM_PER_INCH * self.logicalDpiX()

    def _apply_zoom(self) -> None:
        top = self.current_page() if self._page_tops else 1
        zoom = self.zoom()
        self._page_tops = []
        y = PAGE_GAP
        ratio = self.devicePixelRatioF()
        for index, (label, image) in enumerate(zip(self.page_labels, self._images, strict=True)):
            width = round(self._natural_width(index) * zoom)
            height = round(self._sizes_mm[index][1] / MM_PER_INCH * self.logicalDpiY() * zoom)
            pixmap = QPixmap.fromImage(
                image.scaled(
                    round(width * ratio),
                    round(height * ratio),
                    Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedSize(width + PAGE_BORDER[0] + PAGE_BORDER[2], height + PAGE_BORDER[1] + PAGE_BORDER[3])
            # Worked out here rather than read from the labels: the layout places them only when it next runs.
            self._page_tops.append(y)
            y += label.height() + PAGE_GAP
        self.scroll.widget().adjustSize()
        self.go_to_page(top)

    def current_page(self) -> int:
        """The page at the top third of the view (1-based): the one being read."""
        line = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 3
        return max(1, sum(1 for top in self._page_tops if top <= line))

    def go_to_page(self, number: int) -> None:
        number = max(1, min(number, len(self.page_labels)))
        self.scroll.verticalScrollBar().setValue(self._page_tops[number - 1] - PAGE_GAP // 2)
        self._update_page_label()

    def _update_page_label(self) -> None:
        self.page_label.setText(
            self.tr("Trang {number}/{count}").format(number=self.current_page(), count=len(self.page_labels))
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.zoom_combo.currentData() == FIT_WIDTH:
            self._apply_zoom()

    # -- printing ----------------------------------------------------------------------------
    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._title)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        width_mm, height_mm = self._sizes_mm[0]
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if width_mm > height_mm else QPageLayout.Orientation.Portrait
        )
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("In văn bản"))
        dialog.setMinMax(1, len(self._images))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = self.print_to(printer)
        except UserError as exc:
            QGuiApplication.restoreOverrideCursor()
            show_error(self, str(exc))
        else:
            QGuiApplication.restoreOverrideCursor()
            # The printer's name, or the file's when printed to a file: a whole path would widen the window.
            where = printer.printerName() or Path(printer.outputFileName()).name
            self.printed_label.setText(
                self.tr("Đã in {pages} trang ra «{printer}».").format(pages=pages, printer=where)
            )
            self.printed_label.setToolTip(printer.outputFileName())

    def print_to(self, printer: QPrinter) -> int:
        """Paint the pages (or the range chosen in the print dialog) on ``printer``; returns pages printed.

        Each page fills the whole sheet: the PDF already has its margins.
        """
        count = len(self._images)
        numbers = range(1, count + 1)
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            numbers = range(printer.fromPage(), min(printer.toPage() or count, count) + 1)
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            raise UserError(
                self.tr("Không bắt đầu in được trên «{printer}». Hãy kiểm tra máy in rồi thử lại.").format(
                    printer=printer.outputFileName() or printer.printerName()
                )
            )
        printed = 0
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            for number in numbers:
                # Rendered again at the printer's resolution rather than the screen image blown up.
                image = page_qimage(self._render_at(dpi, number)) if self._render_at else self._images[number - 1]
                if printed:
                    printer.newPage()
                sheet = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
                painter.drawImage(_fitted(sheet, image.width(), image.height()), image)
                printed += 1
        finally:
            painter.end()
        return printed


def _fitted(area: QRectF, width: int, height: int) -> QRectF:
    """The largest rectangle of ``width``:``height`` centred in ``area``."""
    scale = min(area.width() / width, area.height() / height)
    fitted = QRectF(0, 0, width * scale, height * scale)
    fitted.moveCenter(area.center())
    return fitted
