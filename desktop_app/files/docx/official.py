"""Write an ``OfficialDocument`` as a Word file in the layout of Decree 30/2020, Appendix I.

Offices finish and edit documents in Word, so the .docx repeats the PDF engine's decisions
(files/pdf/official.py: header grid, where names break, rules, numbering, the closing block, boxes 10b,
11 and 13, appendices in sections of their own) as far as Word allows; the differences are listed in
``WORD_LIMITS``.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import uuid
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section as DocxSection
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

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
from desktop_app.files.pdf.fonts import FontChoice, FontError, choose_fonts

# The PDF engine's line-breaking helpers: reusing them makes Word break names and summaries where the PDF does.
from desktop_app.files.pdf.official import (
    CONTACT_PT,
    DECREE_MIN_LEFT_MM,
    DECREE_MIN_RIGHT_MM,
    MOTTO,
    SLOGAN,
    PageSetup,
    _balanced,
    _title_lines,
    _width,
)

__all__ = ["STYLE_NAMES", "WORD_LIMITS", "export_official_docx"]

MM = 72 / 25.4  # points per millimetre
NBSP = "\u00a0"
URGENCY_RED = "E60000"  # box 10b, the PDF's red

#: Paragraph styles the document defines (style id → name shown in Word), so an office re-styles all
#: body text or all headings at once instead of paragraph by paragraph.
STYLE_NAMES = {
    "ND30Body": "Nội dung văn bản",
    "ND30Basis": "Căn cứ ban hành",
    "ND30Heading": "Đề mục",
    "ND30Heading3": "Đề mục cấp 3",
}

#: What the .docx cannot do as the PDF does, for the user guide and the export dialog.
WORD_LIMITS = (
    _("Word tự ngắt dòng và ngắt trang theo phông trên máy mở tệp: nếu máy không có Times New Roman, "
      "số trang có thể khác bản PDF."),
    _("Các đường kẻ dưới tên cơ quan, quốc hiệu và trích yếu là đường viền đoạn văn, không phải hình vẽ: "
      "sửa chữ thì độ dài đường kẻ không tự đổi theo."),
    _("Số thứ tự các mục là chữ gõ sẵn, không phải đánh số tự động: thêm hoặc bớt mục thì phải sửa số bằng tay."),
    _("Chữ ký và con dấu không đưa vào tệp Word: văn bản ký số dùng bản PDF."),
    _("Chỉ dẫn phạm vi lưu hành (ô 11) đứng trong vùng văn bản, ngay trên quốc hiệu: Word không cho nội dung lấn "
      "lên lề trên như bản PDF."),
)

# Schema order of the property elements we touch: Word refuses a file whose children are out of order.
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
    "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)
_RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath",
)
_SECTPR_ORDER = (
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
    "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection",
    "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
)
_TBLPR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
    "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
    "tblDescription", "tblPrChange",
)


# --------------------------------------------------------------------------- XML helpers


def _el(tag: str, **attrs: str) -> BaseOxmlElement:
    element: BaseOxmlElement = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _put(parent: BaseOxmlElement, child: BaseOxmlElement, order: Sequence[str]) -> BaseOxmlElement:
    """Replace ``parent``'s child of the same tag with ``child``, at its place in the schema ``order``."""
    tag = child.tag.split("}")[1]
    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)
    rank = order.index(tag)
    for i, sibling in enumerate(parent):
        sibling_tag = str(sibling.tag).split("}")[-1]
        if sibling_tag in order and order.index(sibling_tag) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _twips(points: float) -> str:
    return str(round(points * 20))


def _set_fonts(rpr: BaseOxmlElement, family: str) -> None:
    """All four script slots, theme references removed: a theme font (asciiTheme …) wins over a named one,
    and an empty eastAsia/cs slot lets Word pick another font for some characters."""
    fonts = _el("rFonts", ascii=family, hAnsi=family, eastAsia=family, cs=family)
    _put(rpr, fonts, _RPR_ORDER)


def _set_size(rpr: BaseOxmlElement, points: float) -> None:
    half_points = str(round(points * 2))
    _put(rpr, _el("sz", val=half_points), _RPR_ORDER)
    _put(rpr, _el("szCs", val=half_points), _RPR_ORDER)


# --------------------------------------------------------------------------- document set-up


def _setup_page(section: DocxSection, setup: PageSetup, landscape: bool) -> None:
    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin, section.bottom_margin = Mm(setup.top_mm), Mm(setup.bottom_mm)
    section.left_margin, section.right_margin = Mm(setup.left_mm), Mm(setup.right_mm)
    # The page number's line sits in the middle of the top margin, as in the PDF.
    line_mm = setup.page_number_pt * 1.15 / MM
    section.header_distance = Mm(max(setup.top_mm / 2 - line_mm / 2, 5.0))
    section.footer_distance = Mm(min(12.7, setup.bottom_mm / 2))


def _setup_styles(document: DocxDocument, family: str, setup: PageSetup) -> dict[str, ParagraphStyle]:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_fonts(rpr, family)
            _set_size(rpr, setup.body_pt)
            # Vietnamese proofing in Word, and no English spell-check marks over every word.
            _put(rpr, _el("lang", val="vi-VN", eastAsia="vi-VN", bidi="ar-SA"), _RPR_ORDER)
        ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
        if ppr is not None:
            # The template's defaults (10 pt after, 1.15 lines) would add space to every header line.
            _put(ppr, _el("spacing", after="0", line="240", lineRule="auto"), _PPR_ORDER)

    normal = styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.name = family
    normal.font.size = Pt(setup.body_pt)
    _set_fonts(normal.element.get_or_add_rPr(), family)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    def add(style_id: str, base: ParagraphStyle) -> ParagraphStyle:
        style = styles.add_style(STYLE_NAMES[style_id], WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(style, ParagraphStyle)
        style.style_id = style_id  # ASCII ids: some Word versions mangle ids made of Vietnamese letters
        style.base_style = base
        style.quick_style = True
        return style

    body = add("ND30Body", normal)
    pf = body.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Mm(setup.first_line_indent_cm * 10)
    pf.space_after = Pt(setup.paragraph_space_pt)
    pf.widow_control = True
    # The PDF's leading (1.2 × the size) as a minimum: pages break where the PDF's do, and a line with
    # a larger font typed in by the office still grows, which an exact spacing would clip.
    pf.line_spacing = Pt(setup.body_pt * setup.line_spacing)
    pf.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    basis = add("ND30Basis", body)
    basis.font.italic = True
    heading = add("ND30Heading", body)
    heading.font.bold = True
    heading.paragraph_format.keep_with_next = True
    heading3 = add("ND30Heading3", heading)
    heading3.font.italic = True
    return {"body": body, "basis": basis, "heading": heading, "heading3": heading3}


def _modern_layout(document: DocxDocument) -> None:
    """Word 2013+ layout rules (no "Compatibility Mode" banner); python-docx's template says Word 2010."""
    compat = document.settings.element.find(qn("w:compat"))
    if compat is None:
        return
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _page_numbers(section: DocxSection, family: str, setup: PageSetup) -> None:
    """A PAGE field centred in the header, none on page 1 ("different first page")."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an explicit empty header for page 1
    paragraph = section.header.paragraphs[0]
    paragraph.style = "Normal"
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(*children: BaseOxmlElement) -> None:
        r = paragraph.add_run()
        r.font.size = Pt(setup.page_number_pt)
        r.font.name = family
        for child in children:
            r._r.append(child)

    instruction = _el("instrText")
    instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instruction.text = " PAGE "
    cached = _el("t")
    cached.text = "2"  # shown only until Word or LibreOffice updates the field, which they do on opening
    run(_el("fldChar", fldCharType="begin"))
    run(instruction)
    run(_el("fldChar", fldCharType="separate"))
    run(cached)
    run(_el("fldChar", fldCharType="end"))


# --------------------------------------------------------------------------- paragraphs and tables


def _add_lines(paragraph: DocxParagraph, lines: Sequence[str], *, bold: bool | None = None,
               italic: bool | None = None, size: float | None = None) -> None:
    """The lines as one paragraph joined by line breaks (Shift+Enter in Word), each NFC."""
    for i, line in enumerate(lines):
        run = paragraph.add_run()
        if i:
            run.add_break()
        text = nfc(line)
        run.add_text(text)
        if "  " in text:
            # A run of spaces is a blank left on purpose (a draft's room for the day and month). Word keeps it
            # only when told to; no-break spaces would be kept too, but Writer sets them wider than spaces,
            # which pushes the date line onto two lines.
            run._r.findall(qn("w:t"))[-1].set(qn("xml:space"), "preserve")
        run.bold, run.italic = bold, italic
        if size is not None:
            run.font.size = Pt(size)


def _format(paragraph: DocxParagraph, *, align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.CENTER,
            before: float = 0.0, after: float = 0.0, keep_next: bool = False) -> DocxParagraph:
    pf = paragraph.paragraph_format
    if align is not None:
        pf.alignment = align
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if keep_next:
        pf.keep_with_next = True
    return paragraph


def _mark_size(paragraph: DocxParagraph, points: float) -> None:
    """The paragraph mark's own font size: it sets the height of an empty paragraph."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = _put(ppr, _el("rPr"), _PPR_ORDER)
    _set_size(rpr, points)


def _rule(paragraph: DocxParagraph, length: float, available: float, gap_before: float) -> DocxParagraph:
    """Turn an empty paragraph into a centred solid rule ``length`` points long (a bottom border).

    The decree's templates draw these as line shapes; a paragraph border survives editing and conversion
    (shapes drift when the text above them changes), at the price of a length fixed in the indents.
    """
    side = max((available - length) / 2, 0.0)
    pf = paragraph.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf.left_indent, pf.right_indent, pf.first_line_indent = Pt(side), Pt(side), Pt(0)
    pf.space_before, pf.space_after = Pt(gap_before), Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(1)
    pf.keep_with_next = True
    borders = _el("pBdr")
    borders.append(_el("bottom", val="single", sz="5", space="0", color="000000"))
    _put(paragraph._p.get_or_add_pPr(), borders, _PPR_ORDER)
    _mark_size(paragraph, 1)
    return paragraph


def _spacer(document: DocxDocument, height: float) -> DocxParagraph:
    """An empty paragraph exactly ``height`` points high: vertical space where no paragraph can carry it."""
    return _exactly(document.add_paragraph(), height)


def _exactly(paragraph: DocxParagraph, height: float) -> DocxParagraph:
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(height)
    _mark_size(paragraph, 1)
    return paragraph


def _boxed(run: Run, colour: str) -> Run:
    """A border drawn close around the run's letters (Word's character border): boxes 10b and 11."""
    rpr = run._r.get_or_add_rPr()
    _put(rpr, _el("bdr", val="single", sz="6", space="1", color=colour), _RPR_ORDER)
    return run


def _table(document: DocxDocument, widths: Sequence[float], rows: int, *, indent: float = 0.0,
           centred: bool = False) -> Table:
    """A borderless table with fixed column widths (points) and no cell padding, like the PDF's layout tables."""
    blocks = [child for child in document.element.body if child.tag != qn("w:sectPr")]
    if blocks and blocks[-1].tag == qn("w:tbl"):
        # Word and LibreOffice join two tables with nothing between them into one, mixing their grids.
        _spacer(document, 1)
    table: Table = document.add_table(rows=rows, cols=len(widths))
    table.autofit = False  # fixed layout: Word must not re-balance the columns around their content
    tbl_pr = table._tbl.tblPr
    _put(tbl_pr, _el("tblW", w=_twips(sum(widths)), type="dxa"), _TBLPR_ORDER)
    if centred:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if indent:
        _put(tbl_pr, _el("tblInd", w=_twips(indent), type="dxa"), _TBLPR_ORDER)
    borders = _el("tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(side, val="nil"))
    _put(tbl_pr, borders, _TBLPR_ORDER)
    margins = _el("tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(_el(side, w="0", type="dxa"))
    _put(tbl_pr, margins, _TBLPR_ORDER)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Pt(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Pt(width)
    return table


def _merge(row_cells: Sequence[_Cell], first: int, last: int, width: float) -> _Cell:
    cell: _Cell = row_cells[first].merge(row_cells[last])
    cell.width = Pt(width)
    return cell


def _keep_row_on_one_page(table: Table) -> None:
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(_el("cantSplit"))


# --------------------------------------------------------------------------- the builder


class _Builder:
    def __init__(self, doc: OfficialDocument, document: DocxDocument, fonts: FontChoice, setup: PageSetup,
                 styles: dict[str, ParagraphStyle]):
        self.doc, self.document, self.fonts, self.setup, self.styles = doc, document, fonts, setup, styles
        page_width = (297 if doc.landscape else 210) * MM
        self.text_width = page_width - (setup.left_mm + setup.right_mm) * MM
        self.gap_before_next = 0.0  # space the next body paragraph takes on (a table cannot carry space after)
        self.last: DocxParagraph | None = None

    def paragraph(self, style: str) -> DocxParagraph:
        p = self.document.add_paragraph(style=self.styles[style])
        if self.gap_before_next:
            p.paragraph_format.space_before = Pt(self.gap_before_next)
            self.gap_before_next = 0.0
        self.last = p
        return p

    # ----------------------------------------------------------------- header (boxes 1–5b)

    def _grid(self) -> tuple[float, float, float, float]:
        """Reach into the left and right margins, and the two header columns' widths (as the PDF's)."""
        s, f = self.setup, self.fonts
        reach_left = (s.left_mm - DECREE_MIN_LEFT_MM) * MM
        reach_right = (s.right_mm - DECREE_MIN_RIGHT_MM) * MM
        full = self.text_width + reach_left + reach_right
        motto_width = max(_width(MOTTO, f.bold, s.motto_pt), _width(SLOGAN, f.bold, s.header_pt))
        # The PDF's grid: 40 % for the bodies' names, the rest for the motto (about 66 | 99 mm).
        left = min(full * 0.40, full - motto_width - 0.6 * MM)
        return reach_left, reach_right, left, full - left

    def circulation(self) -> None:
        """Box 11 above the motto column: in the text area, since Word keeps body text out of the margins."""
        if not self.doc.circulation:
            return
        reach_left, reach_right, left, _right = self._grid()
        p = _format(self.document.add_paragraph(), after=4)
        p.paragraph_format.left_indent = Pt(left - reach_left)
        p.paragraph_format.right_indent = Pt(-reach_right)
        p.paragraph_format.first_line_indent = Pt(0)
        run = _boxed(p.add_run(nfc(self.doc.circulation)), "000000")
        run.bold = True
        run.font.size = Pt(self.setup.stamp_pt)

    def header(self) -> None:
        s, f, doc = self.setup, self.fonts, self.doc
        reach_left, reach_right, left, right = self._grid()
        full = self.text_width + reach_left + reach_right
        place_date = doc.place_date()
        column = left - 0.4 * MM
        # The date line must stay on one line; Word positions glyphs on a coarser grid than the PDF, hence 1 mm.
        date_right = max(right, _width(place_date, f.italic, s.header_pt) + 1.0 * MM)
        date_left = full - date_right
        letter_subject = doc.type.is_letter and bool(doc.subject)
        rows = 2 + letter_subject + bool(doc.urgency)
        # When the date is wider than the motto column, its row borrows from the left column, as in the PDF:
        # a third grid column lets the two rows split the width differently.
        split = date_right - right > 0.05
        widths = [date_left, left - date_left, right] if split else [left, right]
        table = _table(self.document, widths, rows, indent=-reach_left)
        cells = [row.cells for row in table.rows]
        if split:
            names_left, names_right = _merge(cells[0], 0, 1, left), cells[0][2]
            number_cell, date_cell = cells[1][0], _merge(cells[1], 1, 2, date_right)
        else:
            names_left, names_right = cells[0][0], cells[0][1]
            number_cell, date_cell = cells[1][0], cells[1][1]
        # Rows under the number: the letter's subject (box 5b), then the urgency (box 10b), left column only.
        under_number: list[_Cell] = []
        for row in cells[2:]:
            if split:
                _merge(row, 1, 2, date_right)
            under_number.append(row[0])
        subject_cell = under_number.pop(0) if letter_subject else None
        urgency_cell = under_number.pop(0) if doc.urgency else None

        h = s.header_pt
        parent = _balanced(doc.header.parent_body.upper(), f.regular, h, column)
        issuer = _balanced(doc.header.issuing_body.upper(), f.bold, h, column)
        widest_issuer = max((_width(line, f.bold, h) for line in issuer), default=0.0)
        p = names_left.paragraphs[0]
        if parent:
            _add_lines(_format(p), parent, size=h)
            p = names_left.add_paragraph()
        _add_lines(_format(p), issuer, bold=True, size=h)
        # Gaps 2 pt smaller than the PDF's: Word's line box already reaches about 2 pt below the letters.
        _rule(names_left.add_paragraph(), max(widest_issuer * 0.4, 15 * MM), left, gap_before=3)

        _add_lines(_format(names_right.paragraphs[0]), [MOTTO], bold=True, size=s.motto_pt)
        _add_lines(_format(names_right.add_paragraph()), [SLOGAN], bold=True, size=h)
        _rule(names_right.add_paragraph(), _width(SLOGAN, f.bold, h), right, gap_before=2)

        symbol = nfc(doc.number.symbol()) if doc.number else "/"
        if doc.number is None or doc.number.number is None:
            symbol = NBSP * 6 + symbol  # room to write the number in by hand on a draft
        number = _format(number_cell.paragraphs[0], before=6).add_run("Số: " + symbol)
        number.font.size = Pt(h)
        _add_lines(_format(date_cell.paragraphs[0], before=6), [place_date], italic=True, size=h)
        if subject_cell is not None:
            size = min(h, 13)
            subject = _balanced(doc.subject_line, f.regular, size, date_left - 0.4 * MM)
            _add_lines(_format(subject_cell.paragraphs[0], before=6), subject, size=size)
        if urgency_cell is not None:
            run = _boxed(_format(urgency_cell.paragraphs[0], before=6).add_run(nfc(doc.urgency)), URGENCY_RED)
            run.bold = True
            run.font.size = Pt(s.stamp_pt)
            run.font.color.rgb = RGBColor.from_string(URGENCY_RED)

    def title(self) -> None:
        s, f, doc = self.setup, self.fonts, self.doc
        last: DocxParagraph | None = None
        if not doc.type.is_letter:
            last = _format(self.document.add_paragraph(), before=14, keep_next=True)
            _add_lines(last, [doc.type.title], bold=True, size=s.body_pt)
            if doc.summary:
                lines = _balanced(doc.summary, f.bold, s.body_pt, self.text_width - 10 * MM)
                widest = max(_width(line, f.bold, s.body_pt) for line in lines)
                _add_lines(_format(self.document.add_paragraph(), keep_next=True), lines, bold=True, size=s.body_pt)
                last = _rule(self.document.add_paragraph(), max(min(widest, self.text_width) / 3, 30 * MM),
                             self.text_width, gap_before=2.5)
        if doc.addressees:
            if last is None:
                _spacer(self.document, 12)  # also keeps the addressees' table apart from the header's
            else:
                last.paragraph_format.space_after = Pt(12)
            self._addressees()
            self.gap_before_next = 12
        elif last is not None:
            last.paragraph_format.space_after = Pt(12)
        else:
            self.gap_before_next = 12

    def _addressees(self) -> None:
        s, f = self.setup, self.fonts
        label = _("Kính gửi:")
        names = list(self.doc.addressees)
        # One "- …;" line each when there are several (box 9a).
        lines = names if len(names) == 1 else [n if n.startswith("-") else f"- {n}" for n in names]
        label_w = _width(label + " ", f.regular, s.body_pt)
        text_w = min(max(_width(line, f.regular, s.body_pt) for line in lines) + 1 * MM,
                     self.text_width * 0.8 - label_w)
        table = _table(self.document, [label_w, text_w], 1, centred=True)
        label_cell, names_cell = table.rows[0].cells
        _add_lines(_format(label_cell.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT), [label], size=s.body_pt)
        for i, line in enumerate(lines):
            p = names_cell.paragraphs[0] if i == 0 else names_cell.add_paragraph()
            _add_lines(_format(p, align=WD_ALIGN_PARAGRAPH.LEFT), [line], size=s.body_pt)

    # ----------------------------------------------------------------- body (box 6)

    def basis(self) -> None:
        for line in self.doc.basis:
            _add_lines(self.paragraph("basis"), [line.text])

    def body(self) -> None:
        self.outline(self.doc.body, self.text_width)

    def outline(self, nodes: tuple[BodyNode, ...], width: float, *, centre_parts: bool = False) -> None:
        """The nodes in reading order; ``centre_parts`` centres an outline's unnumbered parts, as the PDF does."""
        s, f = self.setup, self.fonts
        for entry in print_outline(nodes):
            node = entry.node
            if isinstance(node, Section):
                heading = node.heading.upper() if node.level == 1 else node.heading
                p = self.paragraph("heading3" if node.level == 3 else "heading")
                if centre_parts and node.level == 1 and not node.numbered:
                    _add_lines(p, _title_lines(heading, f.bold, s.body_pt, width - 10 * MM))
                    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    p.paragraph_format.first_line_indent = Pt(0)
                    p.paragraph_format.space_before = Pt(s.paragraph_space_pt)
                else:
                    _add_lines(p, [f"{entry.label} {heading}".strip()])
                # Word's navigation pane shows the outline; the labels stay literal text (see WORD_LIMITS).
                _put(p._p.get_or_add_pPr(), _el("outlineLvl", val=str(node.level - 1)), _PPR_ORDER)
            elif isinstance(node, ListItem):
                _add_lines(self.paragraph("body"), [f"{entry.label} {node.text}"])
            elif isinstance(node, Paragraph):
                _add_lines(self.paragraph("body"), [node.text])

    # ----------------------------------------------------------------- closing (boxes 7, 9b)

    def closing(self) -> None:
        """The closing paragraphs and the signature block, kept on one page with each other."""
        for paragraph in self.doc.closing:
            p = self.paragraph("body")
            _add_lines(p, [paragraph.text])
        if self.last is not None:
            # Without closing text the body's last paragraph goes along with the signature instead.
            self.last.paragraph_format.keep_with_next = True
            self.last.paragraph_format.space_after = Pt(self.setup.paragraph_space_pt + 6)
        self._signature_table()

    def _signature_table(self) -> None:
        s = self.setup
        half = self.text_width / 2
        table = _table(self.document, [self.text_width - half, half], 1)
        _keep_row_on_one_page(table)
        left, right = table.rows[0].cells
        _add_lines(_format(left.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT), [_("Nơi nhận:")], bold=True,
                   italic=True, size=12)
        for line in self.doc.recipients.lines:
            _add_lines(_format(left.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT),
                       [line if line.startswith("-") else f"- {line}"], size=11)
        signer = self.doc.signer
        first = right.paragraphs[0]
        if signer is not None:
            upper = [line for line in (signer.authority.upper(), signer.title.upper()) if line]
            _add_lines(_format(first), upper, bold=True, size=s.body_pt)
            space = right.add_paragraph()
        else:
            space = first
        # Room for the hand signature and the seal: an empty paragraph of exactly that height.
        space.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        space.paragraph_format.line_spacing = Mm(s.signature_space_mm)
        if signer is not None and signer.name:
            _add_lines(_format(right.add_paragraph()), [signer.name], bold=True, size=s.body_pt)

    # ----------------------------------------------------------------- box 13 and the appendices

    def contact(self, section: DocxSection) -> None:
        """Box 13 in page 1's own footer, under a full-width rule (the paragraph's top border)."""
        if not self.doc.contact:
            return
        footer = section.first_page_footer
        footer.is_linked_to_previous = False
        p = _format(footer.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT)
        p.style = "Normal"
        _add_lines(p, self.doc.contact.split("\n"), size=CONTACT_PT)
        _mark_size(p, CONTACT_PT)  # the mark's size sets the last line's height
        borders = _el("pBdr")
        borders.append(_el("top", val="single", sz="5", space="4", color="000000"))
        _put(p._p.get_or_add_pPr(), borders, _PPR_ORDER)
        # The footer ends where the text area does, so nothing is printed inside the decree's bottom margin.
        section.footer_distance = Mm(self.setup.bottom_mm)

    def appendices(self) -> None:
        """Each appendix in a section of its own: a new page, its orientation, page numbers from its own 1."""
        for index, appendix in enumerate(self.doc.appendices):
            section = self.document.add_section(WD_SECTION.NEW_PAGE)
            # The paragraph that ends the previous section would otherwise add a full line after its last table.
            _exactly(self.document.paragraphs[-1], 1)
            _setup_page(section, self.setup, appendix.landscape)
            _put(section._sectPr, _el("pgNumType", start="1"), _SECTPR_ORDER)
            section.different_first_page_header_footer = True  # its page 1 has no number either
            if self.doc.contact:
                section.first_page_footer.is_linked_to_previous = False  # box 13 is on the document's page 1 only
            width = (297 if appendix.landscape else 210) * MM - (self.setup.left_mm + self.setup.right_mm) * MM
            self.appendix(index, width)

    def appendix(self, index: int, width: float) -> None:
        """Label, title, "(Kèm theo …)" and a short rule, as the PDF prints them, then the appendix's body."""
        s, f = self.setup, self.fonts
        appendix = self.doc.appendices[index]
        self.gap_before_next = 0.0
        _add_lines(_format(self.document.add_paragraph(), keep_next=True), [appendix_heading(self.doc, index)],
                   bold=True, size=s.body_pt)
        title = _title_lines(appendix.title, f.bold, s.body_pt, width - 10 * MM)
        if title:
            _add_lines(_format(self.document.add_paragraph(), keep_next=True), title, bold=True, size=s.body_pt)
        note = _title_lines(appendix_note(self.doc), f.italic, s.body_pt, width - 10 * MM)
        _add_lines(_format(self.document.add_paragraph(), keep_next=True), note, italic=True, size=s.body_pt)
        widest = (max(_width(line, f.bold, s.body_pt) for line in title) if title
                  else max(_width(line, f.italic, s.body_pt) for line in note))
        rule = _rule(self.document.add_paragraph(), max(min(widest, width) / 3, 30 * MM), width, gap_before=5)
        rule.paragraph_format.space_after = Pt(12)
        self.outline(appendix.body, width, centre_parts=True)

    def end(self) -> None:
        # Word always ends a document with a paragraph; a full-size one after the signature table could
        # spill onto a blank last page, so it is made 1 pt high.
        _spacer(self.document, 1)


def _measuring_fonts(family: str) -> FontChoice:
    """Fonts to measure text with: the widths decide the header grid and where names break.

    The Times-metric stand-ins (Tinos, Liberation Serif) measure exactly as Times New Roman, so a machine
    without it still computes the breaks Word will make on the office's computer.
    """
    try:
        return choose_fonts(family)
    except FontError:
        return choose_fonts()


def _properties(document: DocxDocument, doc: OfficialDocument) -> None:
    props = document.core_properties
    props.title = nfc(doc.subject_line if doc.type.is_letter else f"{doc.type.title} {doc.summary}".strip())
    props.author = props.last_modified_by = nfc(doc.header.issuing_body.replace("\n", " "))
    props.subject = doc.number.symbol() if doc.number else ""
    props.comments = ""  # python-docx's template says "generated by python-docx"
    props.language = "vi-VN"
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    props.created = props.modified = now
    props.revision = 1


def export_official_docx(doc: OfficialDocument, path: Path, font_family: str = "Times New Roman",
                         setup: PageSetup | None = None) -> Path:
    """Write ``doc`` to ``path`` as a Word file in the Decree 30 layout and return ``path``.

    The file appears whole or not at all: it is written beside ``path`` and moved into place.
    """
    setup = setup or PageSetup()
    family = " ".join(font_family.split()) or "Times New Roman"
    fonts = _measuring_fonts(family)
    document = Document()
    _modern_layout(document)
    section = document.sections[0]
    _setup_page(section, setup, doc.landscape)
    styles = _setup_styles(document, family, setup)
    _page_numbers(section, family, setup)
    _properties(document, doc)

    builder = _Builder(doc, document, fonts, setup, styles)
    builder.circulation()
    builder.header()
    builder.title()
    builder.basis()
    builder.body()
    builder.closing()
    builder.contact(section)  # before any appendix: a new section takes over this Section object's XML
    builder.appendices()
    builder.end()

    path = Path(path)
    # Not mkstemp: its 0600 mode would survive os.replace and hide the file from colleagues on a share.
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temp.open("xb") as fh:
            document.save(fh)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return path
