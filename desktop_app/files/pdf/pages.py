"""PDF pages as pixels: rasterises a PDF with pypdfium2 for the print preview and for printing on paper."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.i18n import _

if TYPE_CHECKING:
    import pypdfium2

MM_PER_POINT = 25.4 / 72
# PDFium is not thread-safe, and previews render on the thread pool: one document at a time.
_PDFIUM_LOCK = threading.Lock()


class PdfPagesError(Exception):
    """A PDF that cannot be read or rendered, in Vietnamese, naming the file."""


@dataclass(frozen=True)
class PageImage:
    """One rendered page: ``rgba`` holds ``height`` rows of ``width`` RGBA pixels (4 bytes each, no padding)."""

    number: int
    width: int
    height: int
    rgba: bytes
    width_mm: float
    height_mm: float


def render_pages(path: Path, dpi: int = 96, first: int = 1, last: int | None = None) -> list[PageImage]:
    """Render pages ``first``..``last`` (1-based, inclusive; ``last=None`` for the final page) at ``dpi``."""
    # Loaded here, not at import: services re-export PageImage and the app should not pay for PDFium at start.
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    if dpi < 1:
        raise ValueError(f"dpi must be positive, not {dpi}")
    try:
        # Bytes rather than a path: PDFium's own file opening trips over non-ASCII paths on Windows.
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise PdfPagesError(_("Không tìm thấy tệp PDF «{path}».").format(path=path)) from exc
    except OSError as exc:
        raise PdfPagesError(
            _("Không đọc được tệp PDF «{path}»: {reason}.").format(path=path, reason=exc.strerror or exc)
        ) from exc

    with _PDFIUM_LOCK:
        try:
            pdf = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            raise PdfPagesError(
                _("Tệp «{path}» không phải PDF hoặc đã bị hỏng, không mở được để xem ({reason}).").format(
                    path=path, reason=exc
                )
            ) from exc
        try:
            count = len(pdf)
            end = count if last is None else last
            if not 1 <= first <= end <= count:
                raise PdfPagesError(
                    _("Tệp «{path}» có {count} trang, không có trang {first}–{last}.").format(
                        path=path, count=count, first=first, last=end
                    )
                )
            return [_render(pdf, number, dpi, pdfium_c.FPDFBitmap_BGRA, path) for number in range(first, end + 1)]
        finally:
            pdf.close()


def _render(pdf: pypdfium2.PdfDocument, number: int, dpi: int, bitmap_format: int, path: Path) -> PageImage:
    import pypdfium2

    try:
        page = pdf[number - 1]
        try:
            width_pt, height_pt = page.get_size()
            # Opaque white under the page: PDF pages are transparent, paper is not.
            bitmap = page.render(
                scale=dpi / 72,
                fill_color=(255, 255, 255, 255),
                force_bitmap_format=bitmap_format,
                rev_byteorder=True,
            )
            try:
                row = bitmap.width * 4
                raw = bytes(bitmap.buffer)
                rgba = (
                    raw
                    if bitmap.stride == row
                    else b"".join(raw[y * bitmap.stride : y * bitmap.stride + row] for y in range(bitmap.height))
                )
                return PageImage(
                    number, bitmap.width, bitmap.height, rgba, width_pt * MM_PER_POINT, height_pt * MM_PER_POINT
                )
            finally:
                bitmap.close()
        finally:
            page.close()
    except pypdfium2.PdfiumError as exc:
        raise PdfPagesError(
            _("Không dựng được trang {number} của tệp «{path}» ({reason}).").format(
                number=number, path=path, reason=exc
            )
        ) from exc
