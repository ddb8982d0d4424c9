"""Official documents as data (Decree 30/2020, Appendix I): what a plan, report or letter says and
who signs it, independent of how it is printed, with the numbering and checks the decree asks for."""

from __future__ import annotations

import dataclasses
import datetime
import uuid as uuid_module
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import clean, format_place_date, nfc, search_key, to_roman

__all__ = [
    "CIRCULATIONS",
    "DOCUMENT_TYPES",
    "FORMAT_VERSION",
    "LETTER",
    "MARKERS",
    "TIMING_LABELS",
    "URGENCIES",
    "Appendix",
    "BasisLine",
    "BodyNode",
    "DocumentFormatTooNew",
    "DocumentNumber",
    "DocumentType",
    "Header",
    "ListItem",
    "Marker",
    "OfficialDocument",
    "OutlineEntry",
    "Paragraph",
    "Recipients",
    "Section",
    "SignerBlock",
    "Task",
    "TaskPlace",
    "appendix_heading",
    "appendix_note",
    "basis_text",
    "document_from_dict",
    "document_tasks",
    "document_to_dict",
    "document_type",
    "format_text_date",
    "instructions",
    "outline",
    "print_outline",
    "reads_as_heading",
    "validate_for_issue",
]


def _text(value: str) -> str:
    """NFC, single spaces, stripped; explicit line breaks survive (a long body name wraps where the office wants)."""
    lines = [clean(line) for line in nfc(value).split("\n")]
    return "\n".join(line for line in lines if line)


def _normalise(obj: Any) -> None:
    """NFC-normalise every str and tuple-of-str field of a frozen dataclass, in place."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, str):
            object.__setattr__(obj, f.name, _text(value))
        elif isinstance(value, tuple) and all(isinstance(item, str) for item in value):
            object.__setattr__(obj, f.name, tuple(t for t in (_text(item) for item in value) if t))
        elif isinstance(value, list):
            # Frozen dataclasses must stay hashable and immutable: callers may pass lists.
            object.__setattr__(obj, f.name, tuple(_text(v) if isinstance(v, str) else v for v in value))


# --------------------------------------------------------------------------- types and numbers


@dataclass(frozen=True)
class DocumentType:
    """A kind of document. ``code`` is the decree's abbreviation in the symbol; a letter has none."""

    code: str | None
    name: str

    def __post_init__(self) -> None:
        _normalise(self)
        if self.code is not None:
            object.__setattr__(self, "code", clean(self.code) or None)

    @property
    def is_letter(self) -> bool:
        return self.code is None

    @property
    def title(self) -> str:
        """The printed heading (box 5a): "KẾ HOẠCH"; a letter prints none."""
        return "" if self.is_letter else self.name.upper()


LETTER = DocumentType(None, "công văn")

#: Decree 30/2020, Appendix III: the type codes of administrative documents.
DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType("NQ", "nghị quyết"),
    DocumentType("QĐ", "quyết định"),
    DocumentType("CT", "chỉ thị"),
    DocumentType("QC", "quy chế"),
    DocumentType("QyĐ", "quy định"),
    DocumentType("TC", "thông cáo"),
    DocumentType("TB", "thông báo"),
    DocumentType("HD", "hướng dẫn"),
    DocumentType("CTr", "chương trình"),
    DocumentType("KH", "kế hoạch"),
    DocumentType("PA", "phương án"),
    DocumentType("ĐA", "đề án"),
    DocumentType("DA", "dự án"),
    DocumentType("BC", "báo cáo"),
    DocumentType("BB", "biên bản"),
    DocumentType("TTr", "tờ trình"),
    DocumentType("HĐ", "hợp đồng"),
    DocumentType("CĐ", "công điện"),
    DocumentType("BGN", "bản ghi nhớ"),
    DocumentType("BTT", "bản thỏa thuận"),
    DocumentType("GUQ", "giấy ủy quyền"),
    DocumentType("GM", "giấy mời"),
    DocumentType("GGT", "giấy giới thiệu"),
    DocumentType("GNP", "giấy nghỉ phép"),
    DocumentType("PG", "phiếu gửi"),
    DocumentType("PC", "phiếu chuyển"),
    DocumentType("PB", "phiếu báo"),
    LETTER,
)


def document_type(code: str | None) -> DocumentType:
    """The type for a code ("KH"); ``None`` or "" is a letter. Codes are case-sensitive ("QĐ" ≠ "QyĐ")."""
    wanted = clean(code) if code else None
    for kind in DOCUMENT_TYPES:
        if kind.code == (wanted or None):
            return kind
    raise ValueError(_("Không có loại văn bản có mã «{code}».").format(code=wanted))


@dataclass(frozen=True)
class DocumentNumber:
    """Number and symbol (box 3). ``number`` is None on a draft that is numbered when it is issued."""

    number: int | None
    year: int
    type_code: str | None
    issuer: str  # the issuing body's abbreviation in symbols: "LĐLĐ"
    drafting_office: str = ""  # letters: the office that drafted it ("VP")

    def __post_init__(self) -> None:
        _normalise(self)
        if self.type_code is not None:
            object.__setattr__(self, "type_code", clean(self.type_code) or None)
        if self.number is not None and self.number < 1:
            raise ValueError(_("Số văn bản phải từ 1 trở lên, không phải {n}.").format(n=self.number))

    def symbol(self) -> str:
        """"94/KH-LĐLĐ", "05/KH-LĐLĐ", letters "12/LĐLĐ-VP"; a draft without a number gives "/KH-LĐLĐ"."""
        # Decree 30: numbers below 10 take a leading zero; no spaces around "/" and "-".
        number = "" if self.number is None else f"{self.number:02d}"
        issuer = self.issuer.replace(" ", "")
        if self.type_code:
            tail = f"{self.type_code}-{issuer}"
        else:
            office = self.drafting_office.replace(" ", "")
            tail = f"{issuer}-{office}" if office else issuer
        return f"{number}/{tail}"


# --------------------------------------------------------------------------- header, basis, body


@dataclass(frozen=True)
class Header:
    """Boxes 2 and 4: the body above the issuer, the issuer, the place name and the issue date."""

    parent_body: str
    issuing_body: str
    place: str
    issue_date: datetime.date | None = None

    def __post_init__(self) -> None:
        _normalise(self)

    def place_date(self, year: int | None = None) -> str:
        """"Huyện Dương Minh Châu, ngày 24 tháng 3 năm 2021". An undated draft leaves room to write the day and
        month by hand, and prints ``year`` (the year it is numbered in) when known: "…, ngày ⎵ tháng ⎵ năm 2026"."""
        if self.issue_date is not None:
            return format_place_date(self.place, self.issue_date)
        # No-break spaces, with the words around them: a PDF paragraph collapses runs of ordinary spaces and
        # drops a "word" made of spaces only, and the blank must survive.
        words = _("ngày {day} tháng {month} năm {year}").format(
            day=HAND_BLANK, month=HAND_BLANK, year=HAND_BLANK if year is None else year)
        # As wide as " 28 " and " 12 ": the line then fits where the widest dated line does.
        words = words.replace(f" {HAND_BLANK} ", HAND_BLANK).replace(f" {HAND_BLANK}", HAND_BLANK)
        place = clean(self.place).rstrip(",").rstrip()
        return f"{place}, {words}" if place else words[:1].upper() + words[1:]


#: Room left on a draft to write a number, a day or a month by hand (no-break spaces, kept by every printer).
HAND_BLANK = "\u00a0" * 6


def format_text_date(d: datetime.date) -> str:
    """A date inside the text, as Decree 30 pads the date line: "24/3/2021", "05/01/2020", "15/11/2026"."""
    # Only days 1-9 and months 1-2 take a leading zero (ND30_LAYOUT.md, date line).
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


@dataclass(frozen=True)
class BasisLine:
    """One "Căn cứ …;" line, printed as given (the office writes the ";" and the final ".").

    ``incoming_uuid`` links the line to the incoming register entry it cites (DOMAIN §2: the basis is a
    chain TLĐ plan → province plan → district plan, kept as links, not just text)."""

    text: str
    incoming_uuid: str | None = None

    def __post_init__(self) -> None:
        _normalise(self)


def _holds(text: str, instruction: str) -> bool:
    return bool(instruction) and " ".join(instruction.split()) in " ".join(text.split())


@dataclass(frozen=True)
class Paragraph:
    """Running text: justified with a first-line indent.

    ``instruction`` is a template's instruction to the drafter ("Nêu những thuận lợi …") that this node was
    created with; while the text still holds it the document is not ready to issue. Kept as the text rather
    than a flag, so that editing the text (which the editor does by replacing ``text`` only) clears it."""

    text: str
    instruction: str = ""

    def __post_init__(self) -> None:
        _normalise(self)

    @property
    def is_instruction(self) -> bool:
        return _holds(self.text, self.instruction)


Marker: TypeAlias = Literal["I.", "1.", "1.1.", "a)", "-", "+", "*"]
#: Numbered markers are templates: the actual number comes from the item's position.
MARKERS: tuple[Marker, ...] = ("I.", "1.", "1.1.", "a)", "-", "+", "*")


@dataclass(frozen=True)
class ListItem:
    """A list item in regular type: "1. …", "a) …", "- …", "+ …", with optional nested items or paragraphs."""

    text: str
    marker: Marker = "-"
    children: tuple[BodyNode, ...] = ()
    instruction: str = ""  # as in Paragraph

    def __post_init__(self) -> None:
        _normalise(self)
        if self.marker not in MARKERS:
            raise ValueError(_("Ký hiệu đầu dòng «{m}» không dùng được.").format(m=self.marker))

    @property
    def is_instruction(self) -> bool:
        return _holds(self.text, self.instruction)


@dataclass(frozen=True)
class Section:
    """A heading in bold with what belongs under it. Level 1 prints "I. HEADING" (upper case), level 2
    "1. Heading", level 3 "1.1. Heading"; the number comes from the section's position."""

    heading: str
    level: int = 1
    children: tuple[BodyNode, ...] = ()
    numbered: bool = True

    def __post_init__(self) -> None:
        _normalise(self)
        if not 1 <= self.level <= 3:
            raise ValueError(_("Mục chỉ có 3 cấp (I., 1., 1.1.), không phải cấp {n}.").format(n=self.level))


def new_task_uuid() -> str:
    return str(uuid_module.uuid4())


#: How the samples introduce a task's timing line; the clerk may type any other.
TIMING_LABELS: tuple[str, ...] = ("Thời gian hoàn thành", "Thời gian thực hiện", "Thời gian")


@dataclass(frozen=True)
class Task:
    """Something the plan asks someone to do (DOMAIN §2.5): printed as a list item, then its
    "Đơn vị thực hiện: …" and "Thời gian hoàn thành: …" lines as the samples print them.

    ``timing`` is the timing line as printed ("Thời gian hoàn thành: Quý II/2021."); what it means is
    read by the deadline parser and shown to the clerk, who may correct it with ``due`` (the last day
    that counts), so that a phrase the parser cannot read is never guessed silently.

    ``uuid`` is the task's own identity: edits (``dataclasses.replace``), moves and indents keep it, so a
    report request can point at the task it comes from. It takes no part in equality: two documents that
    say the same are the same document."""

    text: str
    who: str = ""
    timing: str = ""
    marker: Marker = "-"
    children: tuple[BodyNode, ...] = ()
    due: datetime.date | None = None
    uuid: str = field(default_factory=new_task_uuid, compare=False)

    def __post_init__(self) -> None:
        _normalise(self)
        if self.marker not in MARKERS:
            raise ValueError(_("Ký hiệu đầu dòng «{m}» không dùng được.").format(m=self.marker))

    def printed_lines(self) -> tuple[str, ...]:
        """The lines printed under the task, each ending with a full stop as the samples do."""
        lines = []
        if self.who:
            lines.append(_("Đơn vị thực hiện: {who}").format(who=self.who))
        if self.timing:
            lines.append(self.timing)
        return tuple(line if line.endswith((".", ":", ";", "!", "?")) else line + "." for line in lines)


BodyNode: TypeAlias = Section | Paragraph | ListItem | Task


@dataclass(frozen=True)
class OutlineEntry:
    """One node of the body in reading order, with its printed label ("II.", "3.", "2.1.", "-", "") and its
    ``path`` of child indexes from the top (the address tree edits use; ``()`` for lines a printer adds)."""

    node: BodyNode
    label: str
    depth: int
    path: tuple[int, ...] = ()


def _letter(n: int) -> str:
    # Vietnamese lists skip no letters before z; beyond 26 items nobody uses letters.
    return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]


def outline(body: tuple[BodyNode, ...]) -> Iterator[OutlineEntry]:
    """Walk the body in reading order, numbering sections and numbered items by their position."""

    def walk(nodes: tuple[BodyNode, ...], prefix: tuple[int, ...], parent_number: str) -> Iterator[OutlineEntry]:
        counters: dict[str, int] = {}
        depth = len(prefix)
        for index, node in enumerate(nodes):
            path = (*prefix, index)
            if isinstance(node, Paragraph):
                yield OutlineEntry(node, "", depth, path)
                continue
            if isinstance(node, Section):
                if not node.numbered:
                    yield OutlineEntry(node, "", depth, path)
                    yield from walk(node.children, path, parent_number)
                    continue
                key = f"section{node.level}"
                template: str = {1: "I.", 2: "1.", 3: "1.1."}[node.level]
            else:
                key = node.marker
                template = node.marker
            counters[key] = counters.get(key, 0) + 1
            n = counters[key]
            if template == "I.":
                label, number = f"{to_roman(n)}.", ""
            elif template == "1.":
                label, number = f"{n}.", str(n)
            elif template == "1.1.":
                number = f"{parent_number}.{n}" if parent_number else str(n)
                label = f"{number}."
            elif template == "a)":
                label, number = f"{_letter(n)})", parent_number
            else:
                label, number = template, parent_number
            yield OutlineEntry(node, label, depth, path)
            yield from walk(node.children, path, number or parent_number)

    yield from walk(body, (), "")


#: The section level a numbered list item stands for when it is a sub-heading typed as an item.
_HEADING_LEVEL_OF_MARKER: dict[str, int] = {"1.": 2, "1.1.": 3}


def reads_as_heading(node: BodyNode) -> bool:
    """A numbered item over content of its own whose text is a title, not a sentence ("2. Tồn tại, hạn chế"
    over its paragraph): a sub-heading typed as a list item, which prints as the section heading of its level."""
    return (type(node) is ListItem and node.marker in _HEADING_LEVEL_OF_MARKER and bool(node.children)
            and not node.text.rstrip().endswith((".", ":", ";", ",", "!", "?")))


def print_outline(body: tuple[BodyNode, ...]) -> Iterator[OutlineEntry]:
    """``outline`` as a printer needs it: each task becomes its list item followed by its printed lines, and a
    sub-heading typed as a numbered item becomes the heading it is, so that one outline level prints alike in
    every document (bold "2. Tồn tại, hạn chế" whether it was entered as a section or as an item)."""
    for entry in outline(body):
        node = entry.node
        if isinstance(node, ListItem) and reads_as_heading(node):
            level = _HEADING_LEVEL_OF_MARKER[node.marker]
            yield OutlineEntry(Section(node.text, level), entry.label, entry.depth, entry.path)
        elif isinstance(node, Task):
            yield OutlineEntry(ListItem(node.text, node.marker), entry.label, entry.depth)
            for line in node.printed_lines():
                yield OutlineEntry(Paragraph(line), "", entry.depth + 1)
        else:
            yield entry


# --------------------------------------------------------------------------- the closing parts


@dataclass(frozen=True)
class TaskPlace:
    """A task where it stands: ``part`` 0 is the document's body, 1… its appendices; ``position`` counts the
    document's tasks in reading order."""

    task: Task
    part: int
    position: int


def document_tasks(doc: OfficialDocument) -> list[TaskPlace]:
    """Every task of the document, the body's then each appendix's, in reading order (nested ones too)."""
    found: list[TaskPlace] = []

    def walk(nodes: tuple[BodyNode, ...], part: int) -> None:
        for node in nodes:
            if isinstance(node, Task):
                found.append(TaskPlace(node, part, len(found)))
            if not isinstance(node, Paragraph):
                walk(node.children, part)

    walk(doc.body, 0)
    for index, appendix in enumerate(doc.appendices, start=1):
        walk(appendix.body, index)
    return found


@dataclass(frozen=True)
class Recipients:
    """Box 9b: "- TT LĐLĐ tỉnh;" lines, the last usually "- Lưu: VT, …."."""

    lines: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _normalise(self)


@dataclass(frozen=True)
class SignerBlock:
    """Boxes 7a/7b: "TM. BAN THƯỜNG VỤ" / "CHỦ TỊCH" / the signer's name (no academic titles)."""

    authority: str
    title: str
    name: str

    def __post_init__(self) -> None:
        _normalise(self)


#: Box 10b, the urgency marks of the decree, least urgent first.
URGENCIES: tuple[str, ...] = ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")
#: Box 11, the circulation instructions.
CIRCULATIONS: tuple[str, ...] = ("LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI")


@dataclass(frozen=True)
class Appendix:
    """A phụ lục (or đề cương) printed after the document on pages of its own, numbered from its own
    page 1: "PHỤ LỤC I" (``label``), its title in bold, then "(Kèm theo …)" naming the document."""

    title: str
    label: str = "Phụ lục"
    body: tuple[BodyNode, ...] = ()
    landscape: bool = False

    def __post_init__(self) -> None:
        _normalise(self)
        object.__setattr__(self, "body", tuple(self.body))


@dataclass(frozen=True)
class OfficialDocument:
    """Everything printed on an administrative document, in the decree's boxes."""

    type: DocumentType
    number: DocumentNumber | None
    header: Header
    summary: str = ""  # trích yếu (box 5a); letters use ``subject`` instead
    subject: str = ""  # letters: the "V/v …" line (box 5b), stored without "V/v"
    addressees: tuple[str, ...] = ()  # "Kính gửi" (box 9a)
    basis: tuple[BasisLine, ...] = ()
    body: tuple[BodyNode, ...] = ()
    closing: tuple[Paragraph, ...] = ()
    recipients: Recipients = field(default_factory=Recipients)
    signer: SignerBlock | None = None
    landscape: bool = False
    urgency: str = ""  # box 10b: one of URGENCIES or ""
    circulation: str = ""  # box 11: one of CIRCULATIONS or ""
    contact: str = ""  # box 13: address, phone, e-mail at the foot of page 1
    appendices: tuple[Appendix, ...] = ()

    def __post_init__(self) -> None:
        _normalise(self)
        if self.urgency and self.urgency.upper() not in URGENCIES:
            raise ValueError(_("Độ khẩn «{u}» không có trong Nghị định 30 (KHẨN, THƯỢNG KHẨN, HỎA TỐC).").format(
                u=self.urgency))
        if self.circulation and self.circulation.upper() not in CIRCULATIONS:
            raise ValueError(_("Chỉ dẫn lưu hành «{c}» không dùng được.").format(c=self.circulation))
        object.__setattr__(self, "urgency", self.urgency.upper())
        object.__setattr__(self, "circulation", self.circulation.upper())
        for name in ("basis", "body", "closing", "appendices"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        subject = self.subject
        if subject[:3].casefold() == "v/v":
            subject = subject[3:].lstrip(" :")
        object.__setattr__(self, "subject", subject)

    @property
    def subject_line(self) -> str:
        return f"V/v {self.subject}" if self.subject else ""

    def place_date(self) -> str:
        """The date line as printed: a draft shows the year it is numbered in, when it has one."""
        return self.header.place_date(self.number.year if self.number is not None else None)


def appendix_heading(doc: OfficialDocument, index: int) -> str:
    """The label line of appendix ``index``: "PHỤ LỤC I", "PHỤ LỤC II"; "PHỤ LỤC" or "ĐỀ CƯƠNG" when alone.

    Appendices are numbered among those with the same label, so a plan with an outline and two tables
    prints "ĐỀ CƯƠNG", "PHỤ LỤC I" and "PHỤ LỤC II" (Roman numerals, as the decree numbers appendices).
    """

    def label(index: int) -> str:
        return nfc(doc.appendices[index].label or _("Phụ lục")).upper()

    own = label(index)
    same = [i for i in range(len(doc.appendices)) if label(i) == own]
    return own if len(same) == 1 else f"{own} {to_roman(same.index(index) + 1)}"


def basis_text(their_symbol: str, their_date: datetime.date | None, sender: str, summary: str) -> str:
    """The basis line citing a received document, as the samples write it: "Thực hiện Kế hoạch số
    213/KH-LĐLĐ ngày 22/3/2021 của Ban Thường vụ … về việc …;" (the kind read from the symbol's code)."""
    symbol = clean(their_symbol).replace(" ", "")
    # State documents write "213/KH-LĐLĐ"; Party documents "13-CTr/TU", the code between "-" and "/".
    party = "-" in symbol and "/" in symbol and symbol.index("-") < symbol.index("/")
    if party:
        code = symbol.split("-", 1)[1].split("/", 1)[0]
    else:
        code = symbol.split("/", 1)[1].split("-", 1)[0] if "/" in symbol else ""
    kind = next((k.name for k in DOCUMENT_TYPES if k.code and k.code.casefold() == code.casefold()), "")
    words = [_("Thực hiện"), (kind[:1].upper() + kind[1:]) if kind else _("văn bản")]
    if symbol:
        words.append(_("số {symbol}").format(symbol=symbol))
    if their_date is not None:
        words.append(_("ngày {d}/{m}/{y}").format(d=their_date.day, m=their_date.month, y=their_date.year))
    if sender:
        words.append(_("của {sender}").format(sender=clean(sender)))
    text = " ".join(words)
    about = clean(summary).rstrip(".;")
    if kind and search_key(about).startswith(search_key(kind) + " "):
        about = about[len(kind) + 1:]  # "Kế hoạch thực hiện …" under "Thực hiện Kế hoạch số …"
    if about:
        for lead in ("ve viec ", "v/v ", "ve "):
            if search_key(about).startswith(lead):
                about = about.split(" ", lead.count(" "))[-1]
                break
        text += " " + _("về việc {about}").format(about=about[:1].lower() + about[1:])
    return text + ";"


def appendix_note(doc: OfficialDocument) -> str:
    """"(Kèm theo Kế hoạch số 94/KH-LĐLĐ ngày 24/3/2021 của Liên đoàn Lao động huyện Dương Minh Châu)";
    a draft leaves room to write the number, day and month in ("số ⎵/KH-LĐLĐ ngày ⎵/⎵/2026")."""
    kind = doc.type.name[:1].upper() + doc.type.name[1:]
    number = doc.number
    symbol = number.symbol() if number is not None else "/"
    if number is None or number.number is None:
        symbol = HAND_BLANK + symbol
    day = doc.header.issue_date
    if day is not None:
        when = format_text_date(day)
    else:
        when = f"{HAND_BLANK}/{HAND_BLANK}/{HAND_BLANK if number is None else number.year}"
    issuer = doc.header.issuing_body.replace("\n", " ")
    return _("(Kèm theo {kind} số {symbol} ngày {date} của {issuer})").format(
        kind=kind, symbol=symbol, date=when, issuer=issuer)


def validate_for_issue(doc: OfficialDocument) -> list[str]:
    """What is missing before the document can be issued, as messages for the user (empty when ready)."""
    problems: list[str] = []
    if doc.number is None or doc.number.number is None:
        problems.append(_("Văn bản chưa có số."))
    else:
        if not doc.number.issuer:
            problems.append(_("Ký hiệu văn bản chưa có chữ viết tắt tên cơ quan ban hành."))
        if doc.number.type_code != doc.type.code:
            problems.append(
                _("Ký hiệu «{symbol}» không khớp loại văn bản «{kind}».").format(
                    symbol=doc.number.symbol(), kind=doc.type.name
                )
            )
    if not doc.header.issuing_body:
        problems.append(_("Chưa có tên cơ quan ban hành văn bản."))
    if not doc.header.place:
        problems.append(_("Chưa có địa danh ban hành văn bản."))
    if doc.header.issue_date is None:
        problems.append(_("Văn bản chưa có ngày ban hành."))
    if doc.type.is_letter:
        if not doc.subject:
            problems.append(_("Công văn chưa có trích yếu nội dung «V/v …»."))
    elif not doc.summary:
        problems.append(_("Văn bản chưa có trích yếu nội dung."))
    if not doc.body:
        problems.append(_("Văn bản chưa có nội dung."))
    if doc.signer is None:
        problems.append(_("Văn bản chưa có người ký."))
    else:
        if not doc.signer.title:
            problems.append(_("Chưa có chức vụ của người ký."))
        if not doc.signer.name:
            problems.append(_("Chưa có họ tên người ký."))
    if not doc.recipients.lines:
        problems.append(_("Chưa có nơi nhận."))
    problems += _basis_punctuation(doc.basis)
    left = instructions(doc)
    if len(left) == 1:
        problems.append(_("Còn lời hướng dẫn của mẫu ở {where}: «{text}»; hãy thay bằng nội dung thật.").format(
            where=left[0][0], text=_shortened(left[0][1].text)))
    elif left:
        # One message for all: a report template holds a dozen prompts, and the editor shows the list in a line.
        places = ", ".join(dict.fromkeys(where for where, _node in left))
        problems.append(_("Còn {n} lời hướng dẫn của mẫu chưa thay bằng nội dung thật ({places}), như ở {where}: "
                          "«{text}».").format(n=len(left), places=places, where=left[0][0],
                                              text=_shortened(left[0][1].text)))
    return problems


def _basis_punctuation(basis: tuple[BasisLine, ...]) -> list[str]:
    # Decree 30 (box 6): each basis line ends with ";", the last one with ".".
    problems = []
    for n, line in enumerate(basis, 1):
        last = n == len(basis)
        wanted = "." if last else ";"
        text = line.text.rstrip()
        if not text.endswith(wanted) or text.endswith(("..", ";.", ".;")):
            message = (_("Dòng căn cứ cuối ({n}) phải kết thúc bằng dấu «.»: «{text}».") if last
                       else _("Dòng căn cứ {n} phải kết thúc bằng dấu «;»: «{text}»."))
            problems.append(message.format(n=n, text=_shortened(text, tail=True)))
    return problems


def _appendix_name(doc: OfficialDocument, index: int) -> str:
    """"Phụ lục II", "Đề cương": the appendix's label line in sentence case, for messages."""
    label = nfc(doc.appendices[index].label or _("Phụ lục"))
    heading = appendix_heading(doc, index)
    return label[:1].upper() + label[1:].lower() + heading[len(label):]


def _section_number(open_sections: list[tuple[int, OutlineEntry]]) -> str:
    """"II.1", "II.1.2": the roman part's label, then the innermost numbered heading's (which holds its own
    parents' numbers from level 2 down)."""
    labels = [(e.node.level, e.label.rstrip(".")) for _d, e in open_sections
              if isinstance(e.node, Section) and e.label]
    roman = next((label for level, label in labels if level == 1), "")
    inner = next((label for level, label in reversed(labels) if level > 1), "")
    return ".".join(part for part in (roman, inner) if part)


def _shortened(text: str, tail: bool = False, width: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    return "…" + text[-width:].lstrip() if tail else text[:width].rstrip() + "…"


def instructions(doc: OfficialDocument) -> list[tuple[str, Paragraph | ListItem]]:
    """The template instructions still in the document's body and appendices, each with where it is
    ("mục II.1", "phần mở đầu", "Phụ lục I, mục 2") for the clerk to find it."""
    found: list[tuple[str, Paragraph | ListItem]] = []
    parts = [("", doc.body)] + [(_appendix_name(doc, i), a.body) for i, a in enumerate(doc.appendices)]
    for part, body in parts:
        open_sections: list[tuple[int, OutlineEntry]] = []  # (depth, entry) of the headings above
        for entry in outline(body):
            open_sections = [(d, e) for d, e in open_sections if d < entry.depth]
            node = entry.node
            if isinstance(node, Section):
                open_sections.append((entry.depth, entry))
            elif isinstance(node, Paragraph | ListItem) and node.is_instruction:
                where = _("mục {number}").format(number=_section_number(open_sections)) if any(
                    e.label for _d, e in open_sections) else _("phần mở đầu")
                found.append((f"{part}, {where}" if part else where, node))
    return found


# --------------------------------------------------------------------------- plain-data form

# A draft is stored or exchanged as JSON: plain dicts, lists and ISO dates, node kinds tagged, and the format
# version it was written in. Version 1 (no "format" key) had no task uuids; reading it gives each task a new one,
# and saving writes version 2. A version newer than this program's is refused: guessing could lose what it holds.
FORMAT_VERSION = 2


class DocumentFormatTooNew(ValueError):
    """The document was written by a newer CongDoan Desk; it is left as it is."""


def _node_to_dict(node: BodyNode) -> dict[str, Any]:
    # "instruction" only when set: documents without template instructions keep their JSON byte for byte.
    marked = node.instruction if isinstance(node, Paragraph | ListItem) else ""
    instruction = {"instruction": marked} if marked else {}
    if isinstance(node, Paragraph):
        return {"kind": "paragraph", "text": node.text, **instruction}
    if isinstance(node, Task):
        return {"kind": "task", "uuid": node.uuid, "text": node.text, "who": node.who, "timing": node.timing,
                "marker": node.marker, "due": node.due.isoformat() if node.due else None,
                "children": [_node_to_dict(c) for c in node.children]}
    if isinstance(node, ListItem):
        return {"kind": "item", "text": node.text, "marker": node.marker,
                "children": [_node_to_dict(c) for c in node.children], **instruction}
    return {"kind": "section", "heading": node.heading, "level": node.level, "numbered": node.numbered,
            "children": [_node_to_dict(c) for c in node.children]}


def _node_from_dict(data: Mapping[str, Any]) -> BodyNode:
    kind = data.get("kind")
    # Drafts saved before template instructions were marked have no "instruction": nothing to replace.
    instruction = str(data.get("instruction") or "")
    if kind == "paragraph":
        return Paragraph(str(data["text"]), instruction)
    children = tuple(_node_from_dict(c) for c in data.get("children", ()))
    if kind == "task":
        marker = str(data.get("marker", "-"))
        if marker not in MARKERS:
            raise ValueError(_("Ký hiệu đầu dòng «{m}» không dùng được.").format(m=marker))
        due = data.get("due")
        known = data.get("uuid")
        return Task(str(data["text"]), str(data.get("who", "")), str(data.get("timing", "")), marker, children,
                    datetime.date.fromisoformat(due) if due else None,
                    str(known) if known else new_task_uuid())
    if kind == "item":
        marker = str(data.get("marker", "-"))
        if marker not in MARKERS:
            raise ValueError(_("Ký hiệu đầu dòng «{m}» không dùng được.").format(m=marker))
        return ListItem(str(data["text"]), marker, children, instruction)
    if kind == "section":
        return Section(str(data["heading"]), int(data.get("level", 1)), children, bool(data.get("numbered", True)))
    raise ValueError(_("Không hiểu phần nội dung loại «{kind}».").format(kind=kind))


def document_to_dict(doc: OfficialDocument) -> dict[str, Any]:
    """A JSON-ready dict of the document (no ids: the same draft can move between databases)."""
    number = None
    if doc.number is not None:
        number = {"number": doc.number.number, "year": doc.number.year, "type_code": doc.number.type_code,
                  "issuer": doc.number.issuer, "drafting_office": doc.number.drafting_office}
    return {
        "format": FORMAT_VERSION,
        "type": doc.type.code,
        "number": number,
        "header": {"parent_body": doc.header.parent_body, "issuing_body": doc.header.issuing_body,
                   "place": doc.header.place,
                   "issue_date": doc.header.issue_date.isoformat() if doc.header.issue_date else None},
        "summary": doc.summary,
        "subject": doc.subject,
        "addressees": list(doc.addressees),
        "basis": [b.text if b.incoming_uuid is None else {"text": b.text, "incoming_uuid": b.incoming_uuid}
                  for b in doc.basis],
        "body": [_node_to_dict(n) for n in doc.body],
        "closing": [p.text for p in doc.closing],
        "recipients": list(doc.recipients.lines),
        "signer": None if doc.signer is None else {"authority": doc.signer.authority, "title": doc.signer.title,
                                                     "name": doc.signer.name},
        "landscape": doc.landscape,
        "urgency": doc.urgency,
        "circulation": doc.circulation,
        "contact": doc.contact,
        "appendices": [{"label": a.label, "title": a.title, "landscape": a.landscape,
                        "body": [_node_to_dict(n) for n in a.body]} for a in doc.appendices],
    }


def document_from_dict(data: Mapping[str, Any]) -> OfficialDocument:
    """The inverse of ``document_to_dict``; older format versions are read too (see ``FORMAT_VERSION``)."""
    version = data.get("format", 1)
    if not isinstance(version, int) or version < 1:
        raise ValueError(_("Văn bản ghi phiên bản định dạng «{v}» không hợp lệ.").format(v=version))
    if version > FORMAT_VERSION:
        raise DocumentFormatTooNew(
            _("Văn bản này được lưu bởi phiên bản CongDoan Desk mới hơn (định dạng {v}, phiên bản này đọc đến "
              "định dạng {mine}). Hãy cập nhật chương trình để mở; văn bản được giữ nguyên.").format(
                v=version, mine=FORMAT_VERSION)
        )
    header = data["header"]
    number = data.get("number")
    signer = data.get("signer")
    issue_date = header.get("issue_date")
    return OfficialDocument(
        type=document_type(data.get("type")),
        number=None if number is None else DocumentNumber(
            number["number"], int(number["year"]), number.get("type_code"), str(number["issuer"]),
            str(number.get("drafting_office", "")),
        ),
        header=Header(str(header["parent_body"]), str(header["issuing_body"]), str(header["place"]),
                      datetime.date.fromisoformat(issue_date) if issue_date else None),
        summary=str(data.get("summary", "")),
        subject=str(data.get("subject", "")),
        addressees=tuple(str(a) for a in data.get("addressees", ())),
        basis=tuple(_basis_from(b) for b in data.get("basis", ())),
        body=tuple(_node_from_dict(n) for n in data.get("body", ())),
        closing=tuple(Paragraph(str(p)) for p in data.get("closing", ())),
        recipients=Recipients(tuple(str(r) for r in data.get("recipients", ()))),
        signer=None if signer is None else SignerBlock(str(signer["authority"]), str(signer["title"]),
                                                       str(signer["name"])),
        landscape=bool(data.get("landscape", False)),
        urgency=str(data.get("urgency", "")),
        circulation=str(data.get("circulation", "")),
        contact=str(data.get("contact", "")),
        appendices=tuple(
            Appendix(str(a["title"]), str(a.get("label", "Phụ lục")),
                     tuple(_node_from_dict(n) for n in a.get("body", ())), bool(a.get("landscape", False)))
            for a in data.get("appendices", ())
        ),
    )


def _basis_from(data: Any) -> BasisLine:
    # Older drafts stored plain strings; linked lines are objects.
    if isinstance(data, Mapping):
        uuid = data.get("incoming_uuid")
        return BasisLine(str(data["text"]), str(uuid) if uuid else None)
    return BasisLine(str(data))
