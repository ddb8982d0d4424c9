"""Official documents as data (Decree 30/2020, Appendix I): what a plan, report or letter says and
who signs it, independent of how it is printed, with the numbering and checks the decree asks for."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import clean, format_place_date, nfc, to_roman

__all__ = [
    "DOCUMENT_TYPES",
    "LETTER",
    "MARKERS",
    "BasisLine",
    "BodyNode",
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
    "document_from_dict",
    "document_to_dict",
    "document_type",
    "outline",
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

    def place_date(self) -> str:
        """"Huyện Dương Minh Châu, ngày 24 tháng 3 năm 2021"; blanks to fill by hand on an undated draft."""
        if self.issue_date is None:
            return f"{self.place}, " + _("ngày      tháng      năm      ")
        return format_place_date(self.place, self.issue_date)


@dataclass(frozen=True)
class BasisLine:
    """One "Căn cứ …;" line, printed as given (the office writes the ";" and the final ".")."""

    text: str

    def __post_init__(self) -> None:
        _normalise(self)


@dataclass(frozen=True)
class Paragraph:
    """Running text: justified with a first-line indent."""

    text: str

    def __post_init__(self) -> None:
        _normalise(self)


Marker: TypeAlias = Literal["I.", "1.", "1.1.", "a)", "-", "+", "*"]
#: Numbered markers are templates: the actual number comes from the item's position.
MARKERS: tuple[Marker, ...] = ("I.", "1.", "1.1.", "a)", "-", "+", "*")


@dataclass(frozen=True)
class ListItem:
    """A list item in regular type: "1. …", "a) …", "- …", "+ …", with optional nested items or paragraphs."""

    text: str
    marker: Marker = "-"
    children: tuple[BodyNode, ...] = ()

    def __post_init__(self) -> None:
        _normalise(self)
        if self.marker not in MARKERS:
            raise ValueError(_("Ký hiệu đầu dòng «{m}» không dùng được.").format(m=self.marker))


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


BodyNode: TypeAlias = Section | Paragraph | ListItem


@dataclass(frozen=True)
class OutlineEntry:
    """One node of the body in reading order, with its printed label ("II.", "3.", "2.1.", "-", "")."""

    node: BodyNode
    label: str
    depth: int


def _letter(n: int) -> str:
    # Vietnamese lists skip no letters before z; beyond 26 items nobody uses letters.
    return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]


def outline(body: tuple[BodyNode, ...]) -> Iterator[OutlineEntry]:
    """Walk the body in reading order, numbering sections and numbered items by their position."""

    def walk(nodes: tuple[BodyNode, ...], depth: int, parent_number: str) -> Iterator[OutlineEntry]:
        counters: dict[str, int] = {}
        for node in nodes:
            if isinstance(node, Paragraph):
                yield OutlineEntry(node, "", depth)
                continue
            if isinstance(node, Section):
                if not node.numbered:
                    yield OutlineEntry(node, "", depth)
                    yield from walk(node.children, depth + 1, parent_number)
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
            yield OutlineEntry(node, label, depth)
            yield from walk(node.children, depth + 1, number or parent_number)

    yield from walk(body, 0, "")


# --------------------------------------------------------------------------- the closing parts


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

    def __post_init__(self) -> None:
        _normalise(self)
        for name in ("basis", "body", "closing"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        subject = self.subject
        if subject[:3].casefold() == "v/v":
            subject = subject[3:].lstrip(" :")
        object.__setattr__(self, "subject", subject)

    @property
    def subject_line(self) -> str:
        return f"V/v {self.subject}" if self.subject else ""


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
    return problems


# --------------------------------------------------------------------------- plain-data form

# A draft is stored or exchanged as JSON: plain dicts, lists and ISO dates, node kinds tagged.


def _node_to_dict(node: BodyNode) -> dict[str, Any]:
    if isinstance(node, Paragraph):
        return {"kind": "paragraph", "text": node.text}
    if isinstance(node, ListItem):
        return {"kind": "item", "text": node.text, "marker": node.marker,
                "children": [_node_to_dict(c) for c in node.children]}
    return {"kind": "section", "heading": node.heading, "level": node.level, "numbered": node.numbered,
            "children": [_node_to_dict(c) for c in node.children]}


def _node_from_dict(data: Mapping[str, Any]) -> BodyNode:
    kind = data.get("kind")
    if kind == "paragraph":
        return Paragraph(str(data["text"]))
    children = tuple(_node_from_dict(c) for c in data.get("children", ()))
    if kind == "item":
        marker = str(data.get("marker", "-"))
        if marker not in MARKERS:
            raise ValueError(_("Ký hiệu đầu dòng «{m}» không dùng được.").format(m=marker))
        return ListItem(str(data["text"]), marker, children)
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
        "type": doc.type.code,
        "number": number,
        "header": {"parent_body": doc.header.parent_body, "issuing_body": doc.header.issuing_body,
                   "place": doc.header.place,
                   "issue_date": doc.header.issue_date.isoformat() if doc.header.issue_date else None},
        "summary": doc.summary,
        "subject": doc.subject,
        "addressees": list(doc.addressees),
        "basis": [b.text for b in doc.basis],
        "body": [_node_to_dict(n) for n in doc.body],
        "closing": [p.text for p in doc.closing],
        "recipients": list(doc.recipients.lines),
        "signer": None if doc.signer is None else {"authority": doc.signer.authority, "title": doc.signer.title,
                                                     "name": doc.signer.name},
        "landscape": doc.landscape,
    }


def document_from_dict(data: Mapping[str, Any]) -> OfficialDocument:
    """The inverse of ``document_to_dict``."""
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
        basis=tuple(BasisLine(str(b)) for b in data.get("basis", ())),
        body=tuple(_node_from_dict(n) for n in data.get("body", ())),
        closing=tuple(Paragraph(str(p)) for p in data.get("closing", ())),
        recipients=Recipients(tuple(str(r) for r in data.get("recipients", ()))),
        signer=None if signer is None else SignerBlock(str(signer["authority"]), str(signer["title"]),
                                                       str(signer["name"])),
        landscape=bool(data.get("landscape", False)),
    )
