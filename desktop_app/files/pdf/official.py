"""Print an ``OfficialDocument`` as a PDF in the layout of Decree 30/2020, Appendix I.

Every document kind (plan, report, letter, …) goes through this one engine; the boxes' sizes and
places are those of the decree's Word templates (shared/domain/ND30_LAYOUT.md). Appendices follow the
document on pages of their own, each numbering its pages from its own page 1.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.doctemplate import LayoutError

from desktop_app.domain.documents import (
    BodyNode,
    ListItem,
    OfficialDocument,
    Paragraph,
    Section,
    appendix_heading,
    appendix_note,
    print_outline,
)
from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import nfc
from desktop_app.files.pdf.fonts import FontChoice, choose_fonts

__all__ = ["DECREE_MIN_LEFT_MM", "DECREE_MIN_RIGHT_MM", "DECREE_MIN_TOP_MM", "AfterNode", "OfficialPdfError",
           "PageSetup", "RenderResult", "image_transparency_problem", "render_official_pdf"]

#: The decree's smallest margins: the header may reach this far out, nothing else may.
DECREE_MIN_LEFT_MM = 30.0
DECREE_MIN_RIGHT_MM = 15.0
#: The decree's grid draws box 11 (circulation) above box 1, in the top margin: it may rise this far up.
DECREE_MIN_TOP_MM = 20.0


class OfficialPdfError(Exception):
    """The document cannot be printed as asked (an image file is missing …); the message is for the user."""


@dataclass(frozen=True)
class PageSetup:
    """Margins and sizes; the defaults are the values of the decree's official templates."""

    top_mm: float = 25.0
    bottom_mm: float = 20.0
    left_mm: float = 35.0
    right_mm: float = 20.0
    body_pt: float = 14.0  # body, basis, document type, summary, signer block (13–14)
    header_pt: float = 13.0  # parent and issuing body, "Số:", slogan, place and date (13)
    motto_pt: float = 12.0  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (12–13)
    page_number_pt: float = 13.0
    line_spacing: float = 1.2  # times the font size: "single" in Word for a Times-metric font
    paragraph_space_pt: float = 6.0
    first_line_indent_cm: float = 1.27
    signature_space_mm: float = 25.0  # room for the hand signature and the seal

    @property
    def stamp_pt(self) -> float:
        """Boxes 10b and 11 (urgency, circulation): 13–14 pt, the header's size when it is in that range."""
        return min(max(self.header_pt, 13.0), 14.0)

    def __post_init__(self) -> None:
        # Narrower margins than the decree's minimums would let the header run off the printable area.
        if self.left_mm < DECREE_MIN_LEFT_MM or self.right_mm < DECREE_MIN_RIGHT_MM:
            raise ValueError(_("Lề trái ít nhất 30 mm và lề phải ít nhất 15 mm (Nghị định 30/2020)."))


@dataclass(frozen=True)
class RenderResult:
    pages: int
    font_family: str
    warnings: tuple[str, ...] = field(default=())


#: What to print after a body node, given the text width: the tables and charts a report's text cannot hold.
AfterNode = Callable[[BodyNode, float], Sequence[Flowable]]

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"

#: Box 10b is printed in red (Decree 30/2020, Appendix I); everything else stays black.
URGENCY_COLOUR = colors.Color(0.9, 0.0, 0.0)
#: Box 13 takes at most this share of page 1's text height: more is not an address line any longer.
CONTACT_MAX_SHARE = 0.25
CONTACT_PT = 11.0  # box 13: 11–12 pt
_CONTACT_RULE_GAP = 3.0  # between the full-width rule and the contact text
_CONTACT_BODY_GAP = 6.0  # between the body's last line and the rule


# --------------------------------------------------------------------------- small flowables


class _Rule(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A solid horizontal line of a given length, centred in the space it is given."""

    def __init__(self, length: float, gap_before: float = 1.0, gap_after: float = 0.0, thickness: float = 0.6):
        super().__init__()
        self.length, self.gap_before, self.gap_after, self.thickness = length, gap_before, gap_after, thickness
        self._width = length

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        return avail_width, self.gap_before + self.gap_after + self.thickness

    def draw(self) -> None:
        y = self.gap_after + self.thickness / 2
        x0 = (self._width - self.length) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x0, y, x0 + self.length, y)


class _Outdent(Flowable):  # type: ignore[misc]
    """Lets the header reach into the margins, as the decree's templates do, but no further than allowed."""

    def __init__(self, inner: Flowable, left: float, right: float):
        super().__init__()
        self.inner, self.left, self.right = inner, left, right

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        _w, h = self.inner.wrap(avail_width + self.left + self.right, avail_height)
        self.height = h
        return avail_width, h

    def draw(self) -> None:
        self.inner.drawOn(self.canv, -self.left, 0)


class _Stamp(Flowable):  # type: ignore[misc]
    """A word in a drawn rectangle (boxes 10b and 11), centred on ``centre`` in the width it is given.

    ``reach_up`` lets the rectangle rise above the flowable's own top, into the top margin: the decree's
    grid draws box 11 above box 1, outside the text area.
    """

    pad_x, pad_y = 4.0, 2.0

    def __init__(self, text: str, font: str, size: float, colour: colors.Color, centre: float | None = None,
                 reach_up: float = 0.0, gap_after: float = 0.0):
        super().__init__()
        self.text, self.font, self.size, self.colour = nfc(text), font, size, colour
        self.centre, self.gap_after = centre, gap_after
        self.box_width = _width(self.text, font, size) + 2 * self.pad_x
        # Capitals with two marks ("Ẩ", "Ỏ") rise to about the font size; 0.22 em below is the descent.
        self.box_height = size * 1.22 + 2 * self.pad_y
        self.reach_up = min(max(reach_up, 0.0), self.box_height)
        self._width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        return avail_width, self.box_height - self.reach_up + self.gap_after

    def draw(self) -> None:
        centre = self._width / 2 if self.centre is None else self.centre
        bottom = self.gap_after
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.colour)
        canvas.setFillColor(self.colour)
        canvas.setLineWidth(0.8)
        canvas.rect(centre - self.box_width / 2, bottom, self.box_width, self.box_height, stroke=1, fill=0)
        canvas.setFont(self.font, self.size)
        canvas.drawCentredString(centre, bottom + self.pad_y + 0.22 * self.size, self.text)
        canvas.restoreState()


class _SignatureArea(Flowable):  # type: ignore[misc]
    """The room between the title and the name: signature image, and the seal over its left third."""

    def __init__(self, height: float, signature: Path | None, seal: Path | None,
                 signature_width: float = 40 * mm, seal_diameter: float = 34 * mm):
        super().__init__()
        self.area_height, self.signature, self.seal = height, signature, seal
        self.signature_width, self.seal_diameter = signature_width, seal_diameter
        self._width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        return avail_width, self.area_height

    def draw(self) -> None:
        from reportlab.lib.utils import ImageReader

        centre_x, centre_y = self._width / 2, self.area_height / 2
        sig_w = self.signature_width
        sig_x0 = centre_x - sig_w / 2
        if self.signature is not None:
            reader = ImageReader(str(self.signature))
            iw, ih = reader.getSize()
            h = min(sig_w * ih / iw, self.area_height)
            sig_w = h * iw / ih
            sig_x0 = centre_x - sig_w / 2
            self.canv.drawImage(reader, sig_x0, centre_y - h / 2, sig_w, h, mask="auto")
        if self.seal is not None:
            # The red seal is stamped last, over the signature, covering about its left third.
            d = self.seal_diameter
            right_edge = sig_x0 + sig_w / 3
            self.canv.drawImage(str(self.seal), right_edge - d, centre_y - d / 2, d, d, mask="auto",
                                preserveAspectRatio=True)


# --------------------------------------------------------------------------- text helpers


def grid_table_style(fonts: FontChoice, *extra: tuple[Any, ...]) -> Any:
    """The style of a table printed in a document's frame (the tracking summary's, the indicator report's): the
    document's font, a black grid, grey headings, narrow padding, and ``extra`` commands after them."""
    from reportlab.platypus import TableStyle

    return TableStyle([
        # Without FONTNAME a table falls back to an unembedded Helvetica (ARCHITECTURE.md, facts learned).
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7e7e7")),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        *extra,
    ])


def _width(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


def _balanced(text: str, font: str, size: float, width: float) -> list[str]:
    """Split a centred text into as few lines as fit ``width``, each as even as possible.

    Greedy wrapping leaves "LIÊN ĐOÀN LAO ĐỘNG TỈNH TÂY" / "NINH"; the templates break by sense,
    which for names of bodies is nearly always where the two lines come out even.
    """

    def split(words: list[str]) -> list[str] | None:
        by_unit = _split_before_unit(words, font, size, width)
        if by_unit is not None:
            return by_unit
        for count in range(2, len(words) + 1):
            best = _best_split(words, count, font, size)
            if best is not None and max(_width(line, font, size) for line in best) <= width:
                return best
        return None

    return _wrapped(text, font, size, width, split)


def _wrapped(text: str, font: str, size: float, width: float,
             split: Callable[[list[str]], list[str] | None]) -> list[str]:
    """The lines of a centred text: explicit line breaks kept, a part wider than ``width`` broken by ``split``
    (a single over-long word, which nothing can split, is left for the paragraph to wrap)."""
    lines: list[str] = []
    for part in text.split("\n"):
        # Split at ordinary spaces only: no-break spaces hold a draft's blank to its word ("số ⎵/KH-LĐLĐ").
        words = [word for word in part.split(" ") if word]
        if not words:
            continue
        if _width(part, font, size) <= width:
            lines.append(part)
        else:
            lines.extend(split(words) or [part])
    return lines


# Names of bodies break before the administrative unit: "LIÊN ĐOÀN LAO ĐỘNG" / "TỈNH TÂY NINH".
_UNIT_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG", "THỊ TRẤN", "ĐẶC KHU")


def _split_before_unit(words: list[str], font: str, size: float, width: float) -> list[str] | None:
    for i in range(1, len(words)):
        rest = " ".join(words[i:])
        if any(rest.upper().startswith(unit + " ") for unit in _UNIT_WORDS):
            first = " ".join(words[:i])
            if _width(first, font, size) <= width and _width(rest, font, size) <= width:
                return [first, rest]
    return None


# A centred title breaks best between phrases: before a function word, an administrative unit, "khoá",
# "nhiệm kỳ", an opening bracket, or after a comma; not inside a word of two syllables ("Công | đoàn").
_BREAK_BEFORE = frozenset({
    "của", "tại", "về", "và", "với", "cho", "trong", "theo", "đến", "từ", "khoá", "khóa", "ngày", "tỉnh", "huyện",
    "quận", "xã", "phường", "thành phố", "thị xã", "thị trấn", "đặc khu", "nhiệm kỳ", "giai đoạn",
})
# What a break inside a phrase costs against the evenness of the lines (the sum of each line's shortfall
# squared, the shortfall in tenths of the width): a break between phrases wins unless it leaves the lines
# far more uneven.
_BREAK_IN_PHRASE_COST = 4.0


def _title_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines for a centred title (appendix titles, an outline's parts): as few as fit ``width``, as even as
    possible, broken between phrases rather than inside one; explicit line breaks are kept."""
    return _wrapped(text, font, size, width, lambda words: _phrase_split(words, font, size, width))


def _phrase_split(words: list[str], font: str, size: float, width: float) -> list[str] | None:
    """The fewest lines that fit, each line's shortfall squared and summed with the cost of every break
    inside a phrase, the cheapest found by dynamic programming (as TeX breaks paragraphs)."""
    n = len(words)
    space = _width(" ", font, size)
    ends = list(itertools.accumulate(_width(w, font, size) + space for w in words))

    def span(i: int, j: int) -> float:
        return ends[j - 1] - (ends[i - 1] if i else 0.0) - space

    def break_cost(i: int) -> float:
        starts = (words[i].casefold(), " ".join(words[i:i + 2]).casefold())
        between_phrases = (i == 0 or words[i].startswith("(") or not _BREAK_BEFORE.isdisjoint(starts)
                           or words[i - 1].endswith((",", ";", ":")))
        return 0.0 if between_phrases else _BREAK_IN_PHRASE_COST

    inf = float("inf")
    no_starts: tuple[int, ...] = ()
    # best[j]: the cheapest (cost, line starts) that sets the first j words in the current number of lines.
    best = [(0.0, no_starts)] + [(inf, no_starts)] * n
    for _count in range(1, n + 1):
        row = [(inf, no_starts)] * (n + 1)
        for j in range(1, n + 1):
            for i in range(j - 1, -1, -1):
                line = span(i, j)
                if line > width:
                    break  # longer lines only get wider
                if best[i][0] == inf:
                    continue
                shortfall = 10 * (width - line) / width
                cost = best[i][0] + shortfall * shortfall + break_cost(i)
                if cost < row[j][0]:
                    row[j] = (cost, (*best[i][1], i))
        if row[n][0] < inf:
            starts = (*row[n][1], n)
            return [" ".join(words[a:b]) for a, b in itertools.pairwise(starts)]
        if all(cost == inf for cost, _starts in row):
            return None  # a word wider than the line
        best = row
    return None


def _best_split(words: list[str], count: int, font: str, size: float) -> list[str] | None:
    """The split of ``words`` into ``count`` lines with the narrowest widest line (small inputs only)."""
    n = len(words)
    if count > n:
        return None
    space = _width(" ", font, size)
    word_widths = [_width(w, font, size) for w in words]

    def span(i: int, j: int) -> float:
        return sum(word_widths[i:j]) + space * (j - i - 1)

    # best[k][j]: narrowest widest line for the first j words in k lines, with the break positions.
    inf = float("inf")
    best: list[list[tuple[float, list[int]]]] = [[(inf, [])] * (n + 1) for _ in range(count + 1)]
    best[0][0] = (0.0, [])
    for k in range(1, count + 1):
        for j in range(k, n + 1):
            for i in range(k - 1, j):
                prev, breaks = best[k - 1][i]
                if prev == inf:
                    continue
                candidate = max(prev, span(i, j))
                if candidate < best[k][j][0]:
                    best[k][j] = (candidate, [*breaks, j])
    _score, breaks = best[count][n]
    if not breaks:
        return None
    starts = [0, *breaks[:-1]]
    return [" ".join(words[a:b]) for a, b in zip(starts, breaks, strict=True)]


def _markup(text: str) -> str:
    # A run of spaces is a blank left on purpose (a draft's room for the day and month): a paragraph would
    # collapse it to one space, so it prints as no-break spaces. Cleaned text has no such runs.
    return re.sub(" {2,}", lambda run: "&nbsp;" * len(run.group(0)), escape(nfc(text)))


def _lines_markup(lines: Sequence[str]) -> str:
    return "<br/>".join(_markup(line) for line in lines)


def image_transparency_problem(path: Path, what: str) -> str:
    """Why an image would not sit well over printed text ("" for a PNG with transparency).

    Decree 30: signature and seal images are PNGs with a transparent background; an opaque one hides the
    text under it. ``what`` names the image for the message ("chữ ký", "con dấu")."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            kind, mode, transparent = image.format, image.mode, "transparency" in image.info
    except FileNotFoundError:
        return _("Không tìm thấy ảnh {what} «{path}».").format(what=what, path=path)
    except (OSError, UnidentifiedImageError):
        return _("Tệp «{name}» không phải là ảnh đọc được.").format(name=path.name)
    if kind != "PNG":
        message = _("Ảnh {what} «{name}» là ảnh {kind}, không phải PNG nền trong suốt: nền ảnh sẽ che chữ bên dưới.")
        return message.format(what=what, name=path.name, kind=kind or "?")
    # RGBA/LA carry an alpha channel; palette and grey images mark a transparent colour (tRNS) in ``info``.
    if mode not in ("RGBA", "LA", "PA", "RGBa", "La") and not transparent:
        message = _("Ảnh {what} «{name}» không có nền trong suốt (PNG có kênh alpha): nền ảnh sẽ che chữ bên dưới.")
        return message.format(what=what, name=path.name)
    return ""


# --------------------------------------------------------------------------- the engine


class _Styles:
    """Paragraph styles for one document, built from the page setup and the chosen font."""

    def __init__(self, fonts: FontChoice, setup: PageSetup):
        self.fonts, self.setup = fonts, setup
        indent = setup.first_line_indent_cm * cm
        body, lead = setup.body_pt, setup.body_pt * setup.line_spacing
        self.body = ParagraphStyle("body", fontName=fonts.regular, fontSize=body, leading=lead, alignment=TA_JUSTIFY,
                                   firstLineIndent=indent, spaceAfter=setup.paragraph_space_pt)
        self.basis = ParagraphStyle("basis", parent=self.body, fontName=fonts.italic)
        self.heading = ParagraphStyle("heading", parent=self.body, fontName=fonts.bold, keepWithNext=1)
        self.subheading = ParagraphStyle("subheading", parent=self.heading, fontName=fonts.bold_italic)
        self.kind = ParagraphStyle("kind", fontName=fonts.bold, fontSize=body, leading=lead, alignment=TA_CENTER)
        self.summary = ParagraphStyle("summary", parent=self.kind)
        self.addressee = ParagraphStyle("addressee", fontName=fonts.regular, fontSize=body, leading=lead,
                                        alignment=TA_LEFT)
        h = setup.header_pt
        self.parent = ParagraphStyle("parent", fontName=fonts.regular, fontSize=h, leading=h * 1.15,
                                     alignment=TA_CENTER)
        self.issuer = ParagraphStyle("issuer", parent=self.parent, fontName=fonts.bold)
        self.motto = ParagraphStyle("motto", parent=self.issuer, fontSize=setup.motto_pt,
                                    leading=setup.motto_pt * 1.15)
        self.slogan = ParagraphStyle("slogan", parent=self.issuer)
        self.number = ParagraphStyle("number", parent=self.parent)
        self.date = ParagraphStyle("date", parent=self.parent, fontName=fonts.italic)
        self.subject = ParagraphStyle("subject", parent=self.parent, fontSize=min(h, 13), leading=min(h, 13) * 1.15)
        self.recipients_label = ParagraphStyle("recipients_label", fontName=fonts.bold_italic, fontSize=12,
                                               leading=13.8, alignment=TA_LEFT)
        self.recipient = ParagraphStyle("recipient", fontName=fonts.regular, fontSize=11, leading=12.65,
                                        alignment=TA_LEFT)
        self.signer = ParagraphStyle("signer", fontName=fonts.bold, fontSize=body, leading=body * 1.2,
                                     alignment=TA_CENTER)
        # An outline's parts ("PHẦN THỨ NHẤT") stand centred over what they contain.
        self.part = ParagraphStyle("part", parent=self.heading, alignment=TA_CENTER, firstLineIndent=0,
                                   spaceBefore=setup.paragraph_space_pt)
        self.note = ParagraphStyle("note", parent=self.kind, fontName=fonts.italic)
        self.contact = ParagraphStyle("contact", fontName=fonts.regular, fontSize=CONTACT_PT,
                                      leading=CONTACT_PT * 1.15, alignment=TA_LEFT)


class _Grid:
    """The header's two columns, as fractions of the text width widened into the margins (see ``header``)."""

    def __init__(self, setup: PageSetup, fonts: FontChoice, text_width: float):
        self.reach_left: float = (setup.left_mm - DECREE_MIN_LEFT_MM) * mm
        self.reach_right: float = (setup.right_mm - DECREE_MIN_RIGHT_MM) * mm
        self.full: float = text_width + self.reach_left + self.reach_right
        motto_width = max(_width(MOTTO, fonts.bold, setup.motto_pt), _width(SLOGAN, fonts.bold, setup.header_pt))
        # The templates split the header about 67.5 | 100 mm: 40 % for the bodies' names (enough for
        # "HUYỆN DƯƠNG MINH CHÂU" in 13 pt bold on one line), the rest for the motto.
        self.left: float = min(self.full * 0.40, self.full - motto_width - 0.6 * mm)
        self.right: float = self.full - self.left

    @property
    def right_centre(self) -> float:
        """The middle of the motto column, measured from the text area's left edge."""
        return -self.reach_left + self.left + self.right / 2


class _Builder:
    def __init__(self, doc: OfficialDocument, fonts: FontChoice, setup: PageSetup, page_size: tuple[float, float],
                 signature: Path | None, seal: Path | None):
        self.doc, self.fonts, self.setup = doc, fonts, setup
        self.style = _Styles(fonts, setup)
        self.page_width, self.page_height = page_size
        self.text_width = self.page_width - (setup.left_mm + setup.right_mm) * mm
        self.signature, self.seal = signature, seal

    # ----------------------------------------------------------------- header (boxes 1–5b)

    def _table_style(self, *extra: tuple[Any, ...]) -> TableStyle:
        # Without FONTNAME a table falls back to an unembedded Helvetica (ARCHITECTURE.md, facts learned).
        return TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *extra,
        ])

    def circulation(self) -> list[Flowable]:
        """Box 11 over the motto column, rising into the top margin as far as the decree's minimum allows."""
        if not self.doc.circulation:
            return []
        grid = _Grid(self.setup, self.fonts, self.text_width)
        reach_up = (self.setup.top_mm - DECREE_MIN_TOP_MM) * mm
        return [_Stamp(self.doc.circulation, self.fonts.bold, self.setup.stamp_pt, colors.black,
                       centre=grid.right_centre, reach_up=reach_up, gap_after=4)]

    def header(self) -> list[Flowable]:
        s, st, f = self.setup, self.style, self.fonts
        grid = _Grid(s, f, self.text_width)
        reach_left, reach_right, full = grid.reach_left, grid.reach_right, grid.full
        place_date = self.doc.place_date()
        left, right = grid.left, grid.right
        column = left - 0.4 * mm
        # The date line must not wrap, and "ngày 28 tháng 12" is wider than the motto column: its row may
        # take a few millimetres from the left column, which moves the date off centre by half of that.
        date_right = max(right, _width(place_date, f.italic, s.header_pt) + 0.6 * mm)
        date_left = full - date_right

        parent = _balanced(self.doc.header.parent_body.upper(), f.regular, s.header_pt, column)
        issuer = _balanced(self.doc.header.issuing_body.upper(), f.bold, s.header_pt, column)
        widest_issuer = max((_width(line, f.bold, s.header_pt) for line in issuer), default=0.0)
        left_top: list[Flowable] = []
        if parent:
            left_top.append(RLParagraph(_lines_markup(parent), st.parent))
        left_top += [RLParagraph(_lines_markup(issuer), st.issuer),
                     _Rule(max(widest_issuer * 0.4, 15 * mm), gap_before=5)]
        slogan_width = _width(SLOGAN, f.bold, s.header_pt)
        right_top: list[Flowable] = [RLParagraph(_markup(MOTTO), st.motto), RLParagraph(_markup(SLOGAN), st.slogan),
                                     _Rule(slogan_width, gap_before=4)]
        names = Table([[left_top, right_top]], colWidths=[left, right], style=self._table_style())

        number = self.doc.number.symbol() if self.doc.number else "/"
        if self.doc.number is None or self.doc.number.number is None:
            number = "\u00a0" * 6 + number  # room to write the number in by hand on a draft
        rows: list[list[Any]] = [[RLParagraph("Số: " + _markup(number).replace(" ", "&nbsp;"), st.number),
                                  RLParagraph(_markup(place_date), st.date)]]
        extra: list[tuple[Any, ...]] = [("TOPPADDING", (0, 0), (-1, 0), 6)]
        if self.doc.type.is_letter and self.doc.subject:
            subject = _balanced(self.doc.subject_line, f.regular, st.subject.fontSize, date_left - 0.4 * mm)
            rows.append([RLParagraph(_lines_markup(subject), st.subject), ""])
            extra.append(("TOPPADDING", (0, 1), (-1, 1), 6))  # box 5b: 6 pt under the number
        if self.doc.urgency:
            # Box 10b, under the number (and the letter's subject) in the left column, boxed and red.
            row = len(rows)
            rows.append([_Stamp(self.doc.urgency, f.bold, s.stamp_pt, URGENCY_COLOUR), ""])
            extra.append(("TOPPADDING", (0, row), (-1, row), 6))
        number_row = Table(rows, colWidths=[date_left, date_right], style=self._table_style(*extra))
        return [_Outdent(names, reach_left, reach_right), _Outdent(number_row, reach_left, reach_right)]

    def title(self) -> list[Flowable]:
        st, f, s = self.style, self.fonts, self.setup
        out: list[Flowable] = []
        if not self.doc.type.is_letter:
            out += [Spacer(0, 14), RLParagraph(_markup(self.doc.type.title), st.kind)]
            if self.doc.summary:
                lines = _balanced(self.doc.summary, f.bold, s.body_pt, self.text_width - 10 * mm)
                widest = max(_width(line, f.bold, s.body_pt) for line in lines)
                out += [RLParagraph(_lines_markup(lines), st.summary),
                        _Rule(max(min(widest, self.text_width) / 3, 30 * mm), gap_before=4.5)]
        if self.doc.addressees:
            out += [Spacer(0, 12), self._addressees()]
        out.append(Spacer(0, 12))
        return out

    def _addressees(self) -> Flowable:
        st, f, s = self.style, self.fonts, self.setup
        label = _("Kính gửi:")
        names = list(self.doc.addressees)
        # One "- …;" line each when there are several (box 9a).
        lines = names if len(names) == 1 else [n if n.startswith("-") else f"- {n}" for n in names]
        label_w = _width(label + " ", f.regular, s.body_pt)
        text_w = min(max(_width(line, f.regular, s.body_pt) for line in lines) + 2, self.text_width * 0.8 - label_w)
        # One table row per addressee, so a long list goes on to the next page instead of failing the layout.
        table = Table([[RLParagraph(_markup(label), st.addressee) if i == 0 else "", RLParagraph(_markup(line),
                                                                                                 st.addressee)]
                       for i, line in enumerate(lines)],
                      colWidths=[label_w, text_w], style=self._table_style())
        table.hAlign = "CENTER"
        return table

    # ----------------------------------------------------------------- body (box 6)

    def basis(self) -> list[Flowable]:
        return [RLParagraph(_markup(b.text), self.style.basis) for b in self.doc.basis]

    def body(self, after: AfterNode | None = None) -> list[Flowable]:
        return self.outline(self.doc.body, self.text_width, after=after)

    def outline(self, nodes: tuple[BodyNode, ...], text_width: float, *, centre_parts: bool = False,
                after: AfterNode | None = None) -> list[Flowable]:
        """The nodes in reading order; ``centre_parts`` centres unnumbered level-1 headings (an outline's
        "PHẦN THỨ NHẤT"), which a document's own body keeps where it has always printed them; ``after`` gives
        what is printed after a node (a table, a chart)."""
        st, f, s = self.style, self.fonts, self.setup
        out: list[Flowable] = []
        previous: BodyNode | None = None
        for entry in print_outline(nodes):
            if after is not None and previous is not None:
                _keep_with(out, after(previous, text_width))
            node = previous = entry.node
            if isinstance(node, Section):
                heading = node.heading.upper() if node.level == 1 else node.heading
                if centre_parts and node.level == 1 and not node.numbered:
                    lines = _title_lines(heading, f.bold, s.body_pt, text_width - 10 * mm)
                    out.append(RLParagraph(_lines_markup(lines), st.part))
                    continue
                text = f"{entry.label} {heading}".strip()
                out.append(RLParagraph(_markup(text), st.subheading if node.level == 3 else st.heading))
            elif isinstance(node, ListItem):
                out.append(RLParagraph(_markup(f"{entry.label} {node.text}"), st.body))
            elif isinstance(node, Paragraph):
                out.append(RLParagraph(_markup(node.text), st.body))
        if after is not None and previous is not None:
            _keep_with(out, after(previous, text_width))
        return out

    # ----------------------------------------------------------------- closing (boxes 7, 8, 9b)

    def signature_block(self) -> Flowable:
        st, s = self.style, self.setup
        left: list[Flowable] = [RLParagraph(_markup(_("Nơi nhận:")), st.recipients_label)]
        for line in self.doc.recipients.lines:
            left.append(RLParagraph(_markup(line if line.startswith("-") else f"- {line}"), st.recipient))
        right: list[Flowable] = []
        signer = self.doc.signer
        if signer is not None:
            upper = [line for line in (signer.authority.upper(), signer.title.upper()) if line]
            right.append(RLParagraph(_lines_markup(upper), st.signer))
        right.append(_SignatureArea(s.signature_space_mm * mm, self.signature, self.seal))
        if signer is not None and signer.name:
            right.append(RLParagraph(_markup(signer.name), st.signer))
        half = self.text_width / 2
        return Table([[left, right]], colWidths=[self.text_width - half, half], style=self._table_style())

    def closing(self, body: list[Flowable]) -> list[Flowable]:
        """The closing paragraphs and the signature block, kept on one page with each other."""
        closing: list[Flowable] = [RLParagraph(_markup(p.text), self.style.body) for p in self.doc.closing]
        if not closing and body:
            closing = [body.pop()]  # no closing text: the body's last paragraph goes along instead
        return [KeepTogether([*closing, Spacer(0, 6), self.signature_block()])]

    # ----------------------------------------------------------------- box 13 and the appendices

    def contact(self) -> tuple[RLParagraph, float] | None:
        """Box 13 wrapped to the text width, and its height; None when the document has none."""
        if not self.doc.contact:
            return None
        paragraph = RLParagraph(_lines_markup(self.doc.contact.split("\n")), self.style.contact)
        _w, height = paragraph.wrap(self.text_width, self.page_height)
        text_height = self.page_height - (self.setup.top_mm + self.setup.bottom_mm) * mm
        if height > text_height * CONTACT_MAX_SHARE:
            raise OfficialPdfError(_("Địa chỉ liên hệ cuối trang đầu (ô 13) dài {lines} dòng, quá một phần tư trang: "
                                     "chỉ ghi địa chỉ, điện thoại, thư điện tử, trang thông tin điện tử.").format(
                                         lines=len(paragraph.blPara.lines)))
        return paragraph, height

    def appendix(self, index: int, text_width: float) -> list[Flowable]:
        """Label, title, "(Kèm theo …)" and a short rule, then the appendix's own body."""
        st, f, s = self.style, self.fonts, self.setup
        appendix = self.doc.appendices[index]
        width = text_width - 10 * mm
        out: list[Flowable] = [RLParagraph(_markup(appendix_heading(self.doc, index)), st.kind)]
        title = _title_lines(appendix.title, f.bold, s.body_pt, width)
        if title:
            out.append(RLParagraph(_lines_markup(title), st.summary))
        note = _title_lines(appendix_note(self.doc), f.italic, s.body_pt, width)
        out.append(RLParagraph(_lines_markup(note), st.note))
        # The rule under the header block is a third of its widest line, as under the summary (box 5a).
        widest = (max(_width(line, f.bold, s.body_pt) for line in title) if title
                  else max(_width(line, f.italic, s.body_pt) for line in note))
        out += [_Rule(max(min(widest, text_width) / 3, 30 * mm), gap_before=4.5), Spacer(0, 12)]
        return out + self.outline(appendix.body, text_width, centre_parts=True)


# Room a table's announcing words, heading row and first rows need at the foot of a page.
TABLE_START_ROOM = 70 * mm


def _keep_with(out: list[Flowable], extra: Sequence[Flowable]) -> None:
    """Add ``extra`` after the last flowable, on the same page as it: a chart stays with the words that announce it."""
    if extra:
        kept = [out.pop()]
        # A heading kept with its paragraph stays with the whole group (reportlab does not look into the group).
        while out and _kept_with_next(out[-1]):
            kept.insert(0, out.pop())
        if isinstance(extra[0], Table) and getattr(extra[0], "repeatRows", None):
            # A table that repeats its heading row may run on to the next page: the words that announce it move
            # over only when the first rows would not fit under them (else a page stays two-thirds empty).
            out += [CondPageBreak(TABLE_START_ROOM), *kept, *extra]
            return
        out.append(KeepTogether([*kept, *extra]))


def _kept_with_next(flowable: Flowable) -> bool:
    style: object = getattr(flowable, "style", None)
    return bool(getattr(style, "keepWithNext", False))


def _text_frame(setup: PageSetup, size: tuple[float, float], foot: float = 0.0) -> Frame:
    """The text area of a page of ``size``; ``foot`` keeps room at its bottom (box 13 on page 1)."""
    return Frame(setup.left_mm * mm, setup.bottom_mm * mm + foot, size[0] - (setup.left_mm + setup.right_mm) * mm,
                 size[1] - (setup.top_mm + setup.bottom_mm) * mm - foot,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")


_PageCallback = Callable[[Canvas, BaseDocTemplate], None]


def _plain_page(canvas: Canvas, template: BaseDocTemplate) -> None:
    """Page 1 without box 13: nothing is drawn outside the frame (page 1 carries no number)."""


def _first_page(builder: _Builder, frame: Frame) -> tuple[Frame, _PageCallback]:
    """Page 1's frame and what is drawn under it: box 13 at the foot, under a full-width rule, when given."""
    contact = builder.contact()
    if contact is None:
        return frame, _plain_page
    paragraph, height = contact
    setup = builder.setup
    left, bottom = setup.left_mm * mm, setup.bottom_mm * mm
    # Room for the last line's descenders above the bottom margin, which nothing may cross.
    lift = max(0.0, 0.25 * CONTACT_PT - (paragraph.style.leading - CONTACT_PT))
    rule_y = bottom + lift + height + _CONTACT_RULE_GAP + 0.3
    foot = lift + height + _CONTACT_RULE_GAP + 0.6 + _CONTACT_BODY_GAP

    def draw_contact(canvas: Canvas, template: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setLineWidth(0.6)
        canvas.line(left, rule_y, left + builder.text_width, rule_y)
        paragraph.drawOn(canvas, left, bottom + lift)
        canvas.restoreState()

    return _text_frame(setup, (builder.page_width, builder.page_height), foot=foot), draw_contact


def _remember_start(starts: dict[int, int], index: int) -> _PageCallback:
    def on_page(canvas: Canvas, template: BaseDocTemplate) -> None:
        starts[index] = template.page  # the appendix's page 1: no number printed

    return on_page


def _number_from_start(starts: dict[int, int], index: int, size: tuple[float, float],
                       draw: Callable[[Canvas, int, tuple[float, float]], None]) -> _PageCallback:
    def on_page(canvas: Canvas, template: BaseDocTemplate) -> None:
        draw(canvas, template.page - starts[index] + 1, size)

    return on_page


def _check_image(path: Path | None, what: str) -> str:
    if path is None:
        return ""
    if not path.is_file():
        raise OfficialPdfError(_("Không tìm thấy tệp ảnh {what} «{path}».").format(what=what, path=path))
    return image_transparency_problem(path, what)


def render_official_pdf(
    doc: OfficialDocument,
    path: Path | BinaryIO,
    fonts: FontChoice | None = None,
    setup: PageSetup | None = None,
    *,
    signature_image: Path | None = None,
    seal_image: Path | None = None,
    after_node: AfterNode | None = None,
) -> RenderResult:
    """Write ``doc`` to ``path`` as a Decree 30 PDF; images are transparent PNGs placed between title and name.
    ``path`` may be an open binary file instead (a trial layout kept in memory).

    ``after_node`` adds flowables after a node of the body (the tracking summary's tables and charts), which then
    print in the document's own frame: its header, page numbers and signature block."""
    fonts = fonts or choose_fonts()
    setup = setup or PageSetup()
    warnings = tuple(w for w in (_check_image(signature_image, _("chữ ký")), _check_image(seal_image, _("con dấu")))
                     if w)
    page_size = landscape(A4) if doc.landscape else A4
    builder = _Builder(doc, fonts, setup, page_size, signature_image, seal_image)

    story: list[Flowable] = [*builder.circulation(), *builder.header(), *builder.title(), *builder.basis()]
    body = builder.body(after_node)
    closing = builder.closing(body)
    story += [*body, *closing]

    def draw_number(canvas: Canvas, number: int, size: tuple[float, float]) -> None:
        # Page numbers from page 2, centred over the text area in the middle of the top margin.
        canvas.saveState()
        canvas.setFont(fonts.regular, setup.page_number_pt)
        x = setup.left_mm * mm + (size[0] - (setup.left_mm + setup.right_mm) * mm) / 2
        y = size[1] - setup.top_mm * mm / 2 - setup.page_number_pt / 3
        canvas.drawCentredString(x, y, str(number))
        canvas.restoreState()

    def number_page(canvas: Canvas, template: BaseDocTemplate) -> None:
        draw_number(canvas, template.page, page_size)

    frame = _text_frame(setup, page_size)
    first_frame, on_first_page = _first_page(builder, frame)
    title = doc.subject_line if doc.type.is_letter else f"{doc.type.title} {doc.summary}".strip()
    template = BaseDocTemplate(
        str(path) if isinstance(path, Path) else path, pagesize=page_size,
        leftMargin=setup.left_mm * mm, rightMargin=setup.right_mm * mm,
        topMargin=setup.top_mm * mm, bottomMargin=setup.bottom_mm * mm,
        # Without these every page would reference an unembedded Helvetica (ARCHITECTURE.md, facts learned).
        initialFontName=fonts.regular, initialFontSize=setup.body_pt,
        title=nfc(title), author=nfc(doc.header.issuing_body.replace("\n", " ")),
        subject=doc.number.symbol() if doc.number else "", lang="vi-VN",
    )
    templates = [
        PageTemplate(id="first", frames=[first_frame], onPage=on_first_page, autoNextPageTemplate="later"),
        PageTemplate(id="later", frames=[frame], onPage=number_page),
    ]
    # Each appendix starts a page of its own, portrait or landscape, and numbers its pages from its own
    # page 1 (ND30_LAYOUT.md): the page on which it starts is remembered when that page begins.
    starts: dict[int, int] = {}
    for index, appendix in enumerate(doc.appendices):
        size = landscape(A4) if appendix.landscape else A4
        first_id, later_id = f"appendix-{index}", f"appendix-{index}-later"
        templates += [
            PageTemplate(id=first_id, frames=[_text_frame(setup, size)], pagesize=size,
                         onPage=_remember_start(starts, index), autoNextPageTemplate=later_id),
            PageTemplate(id=later_id, frames=[_text_frame(setup, size)], pagesize=size,
                         onPage=_number_from_start(starts, index, size, draw_number)),
        ]
        story += [NextPageTemplate(first_id), PageBreak(),
                  *builder.appendix(index, size[0] - (setup.left_mm + setup.right_mm) * mm)]
    template.addPageTemplates(templates)
    try:
        template.build(story)
    except LayoutError as exc:
        # A piece that fits on no page (a table cell taller than the frame): say so instead of failing unexplained.
        raise OfficialPdfError(_("Có một phần của văn bản dài hơn một trang giấy, không dàn trang được (thường là một "
                                 "ô bảng hoặc danh sách quá dài): hãy chia nhỏ phần đó.")) from exc
    return RenderResult(pages=template.page, font_family=fonts.family, warnings=warnings)
