"""Digital signatures on official PDFs: sign with a visible stamp (PKCS#12 file or PKCS#11 token), and verify.

pyHanko does the cryptography; this module chooses where the stamp goes (the signer block of a Decree 30
document, or the top right of an attachment's first page) and turns every failure into a Vietnamese message.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import unicodedata
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.i18n import _
from desktop_app.files.atomic import OutputPathError, check_output_path, write_bytes_atomically
from desktop_app.files.pdf.fonts import FontError, choose_fonts

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.writer import BasePdfFileWriter
    from pyhanko.sign.signers import Signer
    from pyhanko.stamp import TextStamp

__all__ = [
    "Pkcs11Signer",
    "Pkcs12Signer",
    "SignatureAppearance",
    "SignatureError",
    "SignatureInfo",
    "SignatureReport",
    "SignerSource",
    "format_signing_time",
    "sign_pdf",
    "verify_pdf",
]

MM = 72 / 25.4
#: Text size of the stamp in the signer block; small enough for the body's name on one line of the column.
BLOCK_STAMP_PT = 9
#: Decree 30 (Appendix I, signing): an attachment signed separately shows its number, symbol and time in 10 pt.
ATTACHMENT_STAMP_PT = 10
#: Where the signer block's column is assumed to end when the page does not say: the templates' right margin.
TEMPLATE_RIGHT_MARGIN_MM = 20.0
#: pyHanko lays out glyph widths in thousandths of an em; other grids come out too widely spaced.
PDF_GLYPH_UNITS = 1000
# pyHanko formats the signing time with strftime, which on Python 3.11 cannot write "+07:00"; the stamp style
# reads this form back and rewrites it as ISO 8601 (extended format, as the decree asks).
_STRFTIME_TS = "%Y-%m-%dT%H:%M:%S%z"
#: Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset needs no time-zone database on Windows.
VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")
#: Decree 30, Appendix I: the organisation's signature covers about a third of the signer's, on its left.
SEAL_OVERLAP = 1 / 3
#: What finding the signer block may inflate from the page's content streams (and the forms they draw); a
#: 2 MB file can inflate to gigabytes, while a real document page is a few hundred kilobytes.
MAX_INFLATED_PAGE_BYTES = 64 * 1024 * 1024
_GAP = 2 * MM  # between two signatures placed side by side


def format_signing_time(when: datetime) -> str:
    """The signing time as a Vietnamese reader expects it, in Vietnam's time: "21:33 ngày 01/12/2026"."""
    local = when.astimezone(VIETNAM_TIME) if when.tzinfo is not None else when
    return _("{hour:02d}:{minute:02d} ngày {day:02d}/{month:02d}/{year}").format(
        hour=local.hour, minute=local.minute, day=local.day, month=local.month, year=local.year)


def _format_day(day: datetime) -> str:
    local = day.astimezone(VIETNAM_TIME)
    return f"{local.day:02d}/{local.month:02d}/{local.year}"


class SignatureError(Exception):
    """Signing or checking a signature failed; the message says what and what to do, in Vietnamese.

    ``unsigned`` is set when a file was checked and carries no signature at all (as opposed to unreadable).
    """

    def __init__(self, message: str, *, unsigned: bool = False) -> None:
        super().__init__(message)
        self.unsigned = unsigned


# --------------------------------------------------------------------------- what the caller gives


@dataclass(frozen=True)
class Pkcs12Signer:
    """A certificate and its private key in a .p12/.pfx file."""

    path: Path
    passphrase: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Pkcs11Signer:
    """A key on a token or smart card (USB token of a Vietnamese CA), reached through its PKCS#11 library.

    Without labels the token must hold exactly one signing key, and its certificate carries the same ID.
    """

    library: Path
    token_label: str
    pin: str = field(repr=False)
    key_label: str | None = None
    cert_label: str | None = None


SignerSource = Pkcs12Signer | Pkcs11Signer


@dataclass(frozen=True)
class SignatureAppearance:
    """Where and how the signature shows on the page.

    By default the stamp fills the signer block of the last page: the space between the title line
    ("TM. BAN THƯỜNG VỤ" / "CHỦ TỊCH") and the printed name, found by searching the page for ``signer_name``
    (default: the certificate's common name, and when the page does not print it, the last line of the signer
    column). ``box`` overrides the search. ``attachment_symbol`` ("15/BC-LĐLĐ") switches to the attachment form:
    no image, number/symbol and signing time at the top right of page 1. ``organisation_seal`` signs with the
    organisation's certificate where the seal goes (Decree 30): over the left third of the signer's signature.
    A stamp never lands on an earlier signature: it moves beside it.
    """

    signer_name: str | None = None
    box: tuple[float, float, float, float] | None = None  # x1, y1, x2, y2 in points, origin at the bottom left
    page: int | None = None  # 0-based; default: the last page, or page 1 for an attachment
    signature_image: Path | None = None  # transparent PNG of the handwritten signature
    attachment_symbol: str | None = None
    font_family: str | None = None  # the configured printing font; None follows the fallback chain
    organisation_seal: bool = False


@dataclass(frozen=True)
class SignatureInfo:
    """What was signed: shown to the clerk and kept with the document's record."""

    path: Path
    field_name: str
    signer_name: str
    organisation: str
    signing_time: datetime
    page: int  # 1-based, as a person counts
    box: tuple[float, float, float, float]
    warnings: tuple[str, ...] = ()  # signed, but the clerk should know (an unissued draft, a moved stamp)


@dataclass(frozen=True)
class SignatureReport:
    """One signature of a PDF as a clerk needs to judge it; ``summary`` and ``problems`` are Vietnamese."""

    field_name: str
    signer_name: str
    organisation: str
    signing_time: datetime | None
    intact: bool  # the signed bytes are unchanged and the signature value is correct
    trusted: bool  # the certificate chains to one of the given trust roots and is usable for signing
    covers_whole_document: bool  # nothing was appended after this signature
    modified_after_signing: bool
    problems: tuple[str, ...]
    summary: str

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted and not self.modified_after_signing


# --------------------------------------------------------------------------- reading files


def _read_pdf(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SignatureError(_("Không tìm thấy tệp «{path}».").format(path=path)) from None
    except OSError as exc:
        raise SignatureError(_("Không đọc được tệp «{path}»: {error}.").format(path=path, error=exc)) from exc
    # Readers accept the header anywhere in the first kilobyte (a byte-order mark, mail headers before it).
    if b"%PDF-" not in data[:1024]:
        raise SignatureError(_("Tệp «{name}» không phải là tệp PDF, nên không ký số hoặc kiểm tra chữ ký được.")
                             .format(name=path.name))
    return data


def _damaged(path: Path, exc: BaseException) -> SignatureError:
    return SignatureError(_("Tệp PDF «{name}» bị hỏng, không đọc được ({error}). Hãy lấy lại tệp gốc.")
                          .format(name=path.name, error=exc))


def _subject(cert: asn1_x509.Certificate) -> tuple[str, str]:
    """(common name, organisation) of a certificate, NFC so they compare with what the PDF prints."""
    native = cert.subject.native

    def one(key: str) -> str:
        value = native.get(key, "")
        if isinstance(value, list):  # a name may repeat an attribute
            value = ", ".join(str(v) for v in value)
        return unicodedata.normalize("NFC", str(value))

    return one("common_name"), one("organization_name")


# --------------------------------------------------------------------------- opening the signer


@contextlib.contextmanager
def _open_signer(source: SignerSource) -> Iterator[Signer]:
    if isinstance(source, Pkcs12Signer):
        yield _pkcs12_signer(source)
    else:
        with _pkcs11_signer(source) as signer:
            yield signer


def _pkcs12_signer(source: Pkcs12Signer) -> Signer:
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers import SimpleSigner

    try:
        data = source.path.read_bytes()
    except OSError as exc:
        raise SignatureError(_("Không đọc được tệp chữ ký số «{path}»: {error}.").format(path=source.path, error=exc)
                             ) from exc
    try:
        key, cert, _extra = pkcs12.load_key_and_certificates(data, source.passphrase)
    except ValueError as exc:
        # cryptography does not tell a wrong passphrase from a file that is not PKCS#12; name the likely one first.
        raise SignatureError(_("Mật khẩu của tệp chữ ký số «{name}» không đúng (hoặc tệp không phải tệp .p12/.pfx). "
                               "Hãy nhập lại mật khẩu.").format(name=source.path.name)) from exc
    if key is None or cert is None:
        raise SignatureError(_("Tệp «{name}» không chứa khóa bí mật và chứng thư số để ký.")
                             .format(name=source.path.name))
    try:
        signer: Signer = SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=source.passphrase)
        return signer
    except ValueError as exc:
        raise SignatureError(_("Không dùng được khóa trong tệp «{name}»: {error}.")
                             .format(name=source.path.name, error=exc)) from exc


@contextlib.contextmanager
def _pkcs11_signer(source: Pkcs11Signer) -> Iterator[Signer]:
    import pkcs11
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.exceptions import PinIncorrect, PinInvalid, PinLenRange, PinLocked, PKCS11Error
    from pyhanko.sign.pkcs11 import PKCS11Signer

    if not source.library.is_file():
        raise SignatureError(_("Không tìm thấy thư viện PKCS#11 «{path}» của thiết bị ký số. Hãy cài phần mềm đi kèm "
                               "token của nhà cung cấp chữ ký số.").format(path=source.library))
    try:
        lib = pkcs11.lib(str(source.library))
        tokens = [slot.get_token() for slot in lib.get_slots(token_present=True)]
    except PKCS11Error as exc:
        raise SignatureError(_("Không mở được thiết bị ký số qua thư viện «{path}»: {error}.")
                             .format(path=source.library.name, error=type(exc).__name__)) from exc
    token = next((t for t in tokens if t.label.strip() == source.token_label.strip()), None)
    if token is None:
        present = ", ".join(f"«{t.label.strip()}»" for t in tokens if t.label.strip()) or _("không có thiết bị nào")
        raise SignatureError(_("Không tìm thấy thiết bị ký số (token) có nhãn «{label}». Thiết bị đang cắm: {present}. "
                               "Hãy cắm đúng token hoặc sửa nhãn trong phần Cài đặt.")
                             .format(label=source.token_label, present=present))
    try:
        session = token.open(user_pin=source.pin)
    except (PinIncorrect, PinInvalid, PinLenRange) as exc:
        raise SignatureError(_("Mã PIN của thiết bị ký số «{label}» không đúng. Hãy nhập lại; nhập sai nhiều lần "
                               "thiết bị sẽ bị khóa.").format(label=source.token_label)) from exc
    except PinLocked as exc:
        raise SignatureError(_("Thiết bị ký số «{label}» đã bị khóa vì nhập sai mã PIN nhiều lần. Hãy liên hệ nhà "
                               "cung cấp chữ ký số để mở khóa.").format(label=source.token_label)) from exc
    except PKCS11Error as exc:
        raise SignatureError(_("Không mở được thiết bị ký số «{label}»: {error}.")
                             .format(label=source.token_label, error=type(exc).__name__)) from exc
    try:
        key_id: bytes | None = None
        if source.key_label is None and source.cert_label is None:
            keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.SIGN: True}))
            if len(keys) != 1:
                raise SignatureError(
                    _("Thiết bị ký số «{label}» có {count} khóa ký; hãy chọn khóa (nhãn khóa) trong phần Cài đặt.")
                    .format(label=source.token_label, count=len(keys)) if keys else
                    _("Không tìm thấy khóa ký nào trên thiết bị ký số «{label}».").format(label=source.token_label))
            key_id = keys[0][Attribute.ID]
        signer = PKCS11Signer(session, cert_label=source.cert_label, key_label=source.key_label,
                              key_id=key_id, cert_id=key_id)
        try:
            # pyHanko fetches the key and certificate lazily; fetch now so a missing one is reported before any
            # file is written.
            _cert = signer.signing_cert
        except PKCS11Error as exc:
            what = source.key_label or source.cert_label or ""
            raise SignatureError(_("Không tìm thấy khóa ký hoặc chứng thư số «{what}» trên thiết bị ký số «{label}». "
                                   "Hãy kiểm tra nhãn khóa trong phần Cài đặt.")
                                 .format(what=what, label=source.token_label)) from exc
        yield signer
    finally:
        session.close()


# --------------------------------------------------------------------------- the stamp


@functools.lru_cache(maxsize=4)
def _stamp_font_bytes(path: Path) -> bytes:
    """The font file with its glyph grid rescaled to 1000 units per em (Tinos and Times use 2048)."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(path))
    if font["head"].unitsPerEm != PDF_GLYPH_UNITS:
        scale_upem(font, PDF_GLYPH_UNITS)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _font_factory(font_family: str | None, size: int) -> Any:
    from pyhanko.pdf_utils.font.api import FontEngineFactory
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

    try:
        path = choose_fonts(font_family).files[0]
    except FontError as exc:
        raise SignatureError(str(exc)) from exc
    data = _stamp_font_bytes(path)

    class _MemoryFont(FontEngineFactory):
        """Embeds the rescaled font held in memory (pyHanko's own factory only reads a file path)."""

        def create_font_engine(self, writer: BasePdfFileWriter, obj_stream: Any = None) -> GlyphAccumulator:
            if obj_stream is None and writer.stream_xrefs:
                obj_stream = writer.prepare_object_stream()  # type: ignore[no-untyped-call]
            return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(data), font_size=size,
                                    bcp47_lang_code="vi", obj_stream=obj_stream)

    return _MemoryFont()


def _stamp_style(text: str, size: int, font_family: str | None, image: Path | None, right_aligned: bool) -> Any:
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    class _VietnamTimeStampStyle(TextStampStyle):
        """The signing time in Vietnam's time: "21:33 ngày 01/12/2026" in the signer block; ISO 8601 with +07:00
        on an attachment, the form Decree 30 prescribes there."""

        def create_stamp(self, writer: BasePdfFileWriter, box: Any, text_params: dict[str, Any]) -> TextStamp:
            params = dict(text_params)
            when = datetime.strptime(params["ts"], _STRFTIME_TS)
            params["ts"] = (when.astimezone(VIETNAM_TIME).isoformat() if right_aligned
                            else format_signing_time(when))
            return super().create_stamp(writer, box, params)

    mid, low, high = layout.AxisAlignment.ALIGN_MID, layout.AxisAlignment.ALIGN_MIN, layout.AxisAlignment.ALIGN_MAX
    background = None
    text_lines = text.count("\n") + 1
    text_height = text_lines * (size + 2) + 2
    if image is not None:
        from PIL import Image
        from pyhanko.pdf_utils.images import PdfImage

        try:
            background = PdfImage(Image.open(image))
        except OSError as exc:
            raise SignatureError(_("Không đọc được ảnh chữ ký «{name}»: {error}.").format(name=image.name, error=exc)
                                 ) from exc
    return _VietnamTimeStampStyle(
        stamp_text=text,
        timestamp_format=_STRFTIME_TS,
        # pyHanko pads text boxes by 10 pt on every side by default, which shrinks 10 pt text to fit the box.
        text_box_style=TextBoxStyle(font=_font_factory(font_family, size), font_size=size, leading=size + 2,
                                    box_layout_rule=layout.SimpleBoxLayoutRule(
                                        x_align=low, y_align=high, margins=layout.Margins(1, 1, 1, 1))),
        border_width=0,
        background=background,
        background_opacity=1.0,
        # The handwritten signature takes the space above the text lines, the text stays readable below it.
        background_layout=layout.SimpleBoxLayoutRule(x_align=mid, y_align=high,
                                                     margins=layout.Margins(bottom=text_height)),
        # The attachment's line is prescribed at 10 pt exactly; in the signer block a long name or body may shrink.
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=high if right_aligned else mid,
            y_align=high if right_aligned else (low if image is not None else mid),
            inner_content_scaling=(layout.InnerScaling.NO_SCALING if right_aligned
                                   else layout.InnerScaling.SHRINK_TO_FIT)),
    )


# --------------------------------------------------------------------------- reading a page, within bounds


def _too_big(page_index: int) -> SignatureError:
    return SignatureError(_("Trang {page} của tệp PDF chứa dữ liệu nén quá lớn (giải nén ra hơn {limit} MB) nên không "
                            "tìm được chỗ đặt chữ ký. Hãy in lại văn bản ra PDF, hoặc chọn vị trí chữ ký (--box).")
                          .format(page=page_index + 1, limit=MAX_INFLATED_PAGE_BYTES // (1024 * 1024)))


def _filter_names(stream: Any) -> list[str]:
    filters = stream.get("/Filter")
    if filters is None:
        return []
    items = filters if isinstance(filters, list) else [filters]
    return [str(f).lstrip("/") for f in items]


def _decoded_size(stream: Any, budget: int, page_index: int) -> int:
    """How many bytes ``stream`` inflates to, inflating at most ``budget`` + 1 bytes at each stage."""
    data: bytes = stream.encoded_data
    for name in _filter_names(stream):
        if name in ("FlateDecode", "Fl"):
            inflater = zlib.decompressobj()
            try:
                out = inflater.decompress(data, budget + 1)
            except zlib.error:
                return len(data)  # damaged: pdfminer stops as early; nothing large comes out of it
            if len(out) > budget or inflater.unconsumed_tail:
                raise _too_big(page_index)
            data = out
        elif name in ("ASCIIHexDecode", "AHx", "ASCII85Decode", "A85"):
            continue  # these only shrink; what follows them is bounded by the raw size
        elif name in ("DCTDecode", "DCT", "JPXDecode", "CCITTFaxDecode", "CCF", "JBIG2Decode", "Crypt"):
            return len(data)  # image data, never inflated to find text
        else:
            # RunLength and LZW can multiply the data a hundredfold and more; count them at their worst.
            worst = len(data) * (128 if name in ("RunLengthDecode", "RL") else 4096)
            if worst > budget:
                raise _too_big(page_index)
            return worst
    return len(data)


def _check_page_inflation(data: bytes, page_index: int, limit: int = MAX_INFLATED_PAGE_BYTES) -> None:
    """Refuse a page whose content, forms and fonts inflate beyond ``limit`` before pdfplumber inflates them whole."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    page_ref, resources = reader.find_page_for_modification(page_index)  # type: ignore[no-untyped-call]
    page = page_ref.get_object()
    remaining = limit
    seen: set[int] = set()
    pending: list[Any] = [page.get("/Contents"), resources]
    while pending:
        item = pending.pop()
        if isinstance(item, generic.IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()  # type: ignore[no-untyped-call]
        if isinstance(item, generic.StreamObject):
            if item.get("/Subtype") == "/Image":
                continue  # pdfplumber reads an image's size, never its pixels
            remaining -= _decoded_size(item, remaining, page_index)
            if remaining < 0:
                raise _too_big(page_index)
        if isinstance(item, generic.DictionaryObject):
            pending.extend(value for key, value in item.items() if key != "/Parent")
        elif isinstance(item, generic.ArrayObject):
            pending.extend(item)
        if len(seen) > 100_000:
            raise _too_big(page_index)


@contextlib.contextmanager
def _open_page(data: bytes, page_index: int) -> Iterator[Any]:
    """The page as pdfplumber reads it, once its inflated size is known to be bounded."""
    import pdfplumber
    from pyhanko.pdf_utils.misc import PdfError

    # If pyHanko cannot walk the page, pdfplumber reports the damage its own way, below.
    with contextlib.suppress(PdfError, KeyError, ValueError, TypeError, IndexError):
        _check_page_inflation(data, page_index)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        yield pdf.pages[page_index]


# --------------------------------------------------------------------------- where the stamp goes


def _last_line_of_signer_column(page: Any) -> dict[str, Any] | None:
    """The printed name when the page does not say whose it is: the lowest line that lies wholly in the right half
    (the signer block closes the document; contact lines and the recipients list start at the left margin)."""
    words = [w for w in page.extract_words() if w["x0"] >= float(page.width) * 0.45]
    if not words:
        return None
    left_words = [w for w in page.extract_words() if w["x0"] < float(page.width) * 0.45]
    bottom = max(w["bottom"] for w in words)
    line = [w for w in words if abs(w["bottom"] - bottom) < 2]
    top = min(w["top"] for w in line)
    # A line that also runs into the left half is not the signer's name.
    if any(w["top"] < bottom and w["bottom"] > top and w["x1"] > float(page.width) * 0.45 for w in left_words):
        return None
    line.sort(key=lambda w: w["x0"])
    return {"x0": line[0]["x0"], "x1": line[-1]["x1"], "top": top, "bottom": bottom,
            "text": " ".join(w["text"] for w in line)}


def _signer_block(data: bytes, page_index: int, name: str, *, name_is_a_guess: bool = False
                  ) -> tuple[float, float, float, float]:
    """The empty space between the signer's title and printed name, in PDF points (origin bottom left).

    ``name_is_a_guess`` (the certificate's name, not one the clerk gave): when the page does not print it, as with
    an organisation's certificate, the block closing the signer column is used instead.
    """
    wanted = unicodedata.normalize("NFC", " ".join(name.split()))
    with _open_page(data, page_index) as page:
        hits = [hit for hit in page.search(wanted, regex=False, case=True)
                if unicodedata.normalize("NFC", hit["text"]) == wanted] if wanted else []
        if not hits and name_is_a_guess:
            line = _last_line_of_signer_column(page)
            hits = [line] if line is not None else []
        if not hits:
            raise SignatureError(_("Không tìm thấy tên người ký «{name}» ở trang {page} để đặt chữ ký số. Hãy kiểm tra "
                                   "tên người ký trên văn bản hoặc chọn vị trí chữ ký.")
                                 .format(name=wanted, page=page_index + 1))
        hit = max(hits, key=lambda h: h["top"])  # the signer block is the last thing on the page
        centre = (hit["x0"] + hit["x1"]) / 2
        words = page.extract_words()
        # The column ends at the right margin; on the left it must not reach the "Nơi nhận" column beside it.
        half = page.width - TEMPLATE_RIGHT_MARGIN_MM * MM - centre
        neighbours = [w for w in words if w["bottom"] > hit["top"] - 40 * MM and w["top"] < hit["bottom"]
                      and w["x1"] < hit["x0"]]
        if neighbours:
            half = min(half, centre - max(w["x1"] for w in neighbours) - 2 * MM)
        half = max(half, (hit["x1"] - hit["x0"]) / 2)
        above = [w for w in words if w["bottom"] <= hit["top"] + 0.5 and centre - half < w["x1"]
                 and w["x0"] < centre + half]
        title_bottom = max((w["bottom"] for w in above), default=hit["top"] - 30 * MM)
        # A little air on both sides: the stamp's last line must not read as part of the printed name.
        top, bottom = title_bottom + 3, hit["top"] - 5
        if bottom - top < 12 * MM:
            raise SignatureError(_("Chỗ trống giữa chức vụ và tên người ký ở trang {page} quá hẹp để đặt chữ ký số.")
                                 .format(page=page_index + 1))
        height = float(page.height)
        return centre - half, height - bottom, centre + half, height - top


def _attachment_box(data: bytes, page_index: int) -> tuple[float, float, float, float]:
    """Top right of the page, in the top margin, right-aligned with the text's right edge."""
    with _open_page(data, page_index) as page:
        width, height = float(page.width), float(page.height)
    right = width - TEMPLATE_RIGHT_MARGIN_MM * MM
    return right - 80 * MM, height - 5 * MM - 2 * (ATTACHMENT_STAMP_PT + 2) - 2, right, height - 5 * MM


def _page_count(data: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(data), strict=False).root["/Pages"]["/Count"])


def _free_field_name(data: bytes) -> str:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    taken = {name for name, _value, _ref in enumerate_sig_fields(PdfFileReader(io.BytesIO(data), strict=False))}
    n = 1
    while f"ChuKySo{n}" in taken:
        n += 1
    return f"ChuKySo{n}"


# --------------------------------------------------------------------------- signing


Box = tuple[float, float, float, float]


def _existing_signature_boxes(data: bytes, page_index: int) -> list[Box]:
    """Where earlier signatures of the file show on the page (x1, y1, x2, y2), so a new stamp does not cover them."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    page = reader.find_page_for_modification(page_index)[0].get_object()  # type: ignore[no-untyped-call]
    boxes: list[Box] = []
    for annot_ref in page.get("/Annots") or ():
        annot = annot_ref.get_object()
        if annot.get("/Subtype") != "/Widget":
            continue
        kind = annot.get("/FT")
        if kind is None and "/Parent" in annot:
            kind = annot["/Parent"].get_object().get("/FT")
        if kind != "/Sig":
            continue
        x1, y1, x2, y2 = (float(v) for v in annot["/Rect"])
        if abs(x2 - x1) > 1 and abs(y2 - y1) > 1:  # invisible signatures have an empty box
            boxes.append((min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))
    return boxes


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _seal_box(block: Box, taken: Sequence[Box]) -> Box:
    """The organisation's stamp: as wide as the signer's, over its left third (Decree 30, Appendix I)."""
    signer = next((t for t in taken if _overlaps(t, block)), block)
    width = signer[2] - signer[0]
    return (max(signer[0] - width * (1 - SEAL_OVERLAP), 10 * MM), signer[1],
            signer[0] + width * SEAL_OVERLAP, signer[3])


def _beside(box: Box, taken: Sequence[Box], page_width: float, page: int) -> tuple[Box, bool]:
    """``box``, or the nearest place beside it (left, then right) that covers no earlier signature."""
    if not any(_overlaps(box, t) for t in taken):
        return box, False
    width = box[2] - box[0]
    for direction in (-1, 1):
        candidate = box
        for _attempt in range(len(taken) + 1):
            clash = [t for t in taken if _overlaps(candidate, t)]
            if not clash:
                return candidate, True
            if direction < 0:
                right = min(t[0] for t in clash) - _GAP
                candidate = (right - width, box[1], right, box[3])
            else:
                left = max(t[2] for t in clash) + _GAP
                candidate = (left, box[1], left + width, box[3])
            if candidate[0] < 5 * MM or candidate[2] > page_width - 5 * MM:
                break
    raise SignatureError(_("Trang {page} đã có chữ ký số ở chỗ đặt chữ ký và không còn chỗ trống bên cạnh. Hãy chọn "
                           "vị trí chữ ký (--box) hoặc trang khác (--page).").format(page=page + 1))


_DRAFT_NUMBER = re.compile(r"Số:[\s\u00a0]*/")


def _draft_warning(data: bytes, name: str) -> str | None:
    """A document printed before it was issued has "Số:      /KH-…" with the number left blank."""
    with _open_page(data, 0) as page:
        text = page.extract_text() or ""
    if _DRAFT_NUMBER.search(unicodedata.normalize("NFC", text)):
        return _("«{name}» có vẻ là bản dự thảo chưa ban hành (chưa có số văn bản): chữ ký số gắn với bản chưa có "
                 "số này. Nếu chưa đúng, hãy ban hành văn bản trước rồi ký bản đã ban hành.").format(name=name)
    return None


def _check_validity(cert: asn1_x509.Certificate, now: datetime) -> None:
    """A signature made outside the certificate's validity is worthless; say so before anything is written."""
    name, _organisation = _subject(cert)
    validity = cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    if now < start:
        raise SignatureError(_("Chứng thư số của «{name}» chưa có hiệu lực: hiệu lực từ {start} đến {end}. Hãy kiểm "
                               "tra đồng hồ của máy tính, hoặc chờ đến ngày có hiệu lực.")
                             .format(name=name, start=_format_day(start), end=_format_day(end)))
    if now > end:
        raise SignatureError(_("Chứng thư số của «{name}» đã hết hạn ngày {end} (hiệu lực từ {start}). Hãy gia hạn "
                               "chứng thư số với nhà cung cấp hoặc dùng chứng thư số khác.")
                             .format(name=name, start=_format_day(start), end=_format_day(end)))


def sign_pdf(
    src: Path,
    dst: Path,
    signer: SignerSource,
    *,
    reason: str = "",
    location: str = "",
    appearance: SignatureAppearance | None = None,
) -> SignatureInfo:
    """Sign ``src`` into ``dst`` with a visible stamp; ``src`` is never touched and ``dst`` appears whole or not at all.

    An already signed ``src`` gets one more signature in an incremental update, so earlier signatures stay valid;
    the new stamp goes beside the earlier ones unless ``appearance.box`` says where.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError

    appearance = appearance or SignatureAppearance()
    if src.resolve() == dst.resolve():
        raise SignatureError(_("Tệp đã ký phải là một tệp mới, không ghi đè lên tệp gốc «{name}».")
                             .format(name=src.name))
    try:
        check_output_path(dst, inputs=[src])
    except OutputPathError as exc:
        raise SignatureError(str(exc)) from exc
    data = _read_pdf(src)
    try:
        pages = _page_count(data)
        field_name = _free_field_name(data)
    except (PdfError, KeyError, ValueError, TypeError) as exc:
        raise _damaged(src, exc) from exc

    warnings: list[str] = []
    with _open_signer(signer) as p_signer:
        _check_validity(p_signer.signing_cert, datetime.now(UTC))
        name, organisation = _subject(p_signer.signing_cert)
        attachment = appearance.attachment_symbol is not None
        page_index = appearance.page if appearance.page is not None else (0 if attachment else pages - 1)
        if not 0 <= page_index < pages:
            raise SignatureError(_("Tệp «{name}» không có trang {page}.").format(name=src.name, page=page_index + 1))
        try:
            taken = _existing_signature_boxes(data, page_index)
            draft = _draft_warning(data, src.name)
        except (PdfError, KeyError, ValueError, TypeError) as exc:
            raise _damaged(src, exc) from exc
        if draft is not None:
            warnings.append(draft)
        if appearance.box is not None:
            box = appearance.box  # the clerk's choice, even over another stamp
        else:
            if attachment:
                box = _attachment_box(data, page_index)
            else:
                box = _signer_block(data, page_index, appearance.signer_name or name,
                                    name_is_a_guess=appearance.signer_name is None)
                if appearance.organisation_seal:
                    box = _seal_box(box, taken)
                    taken = [t for t in taken if not _overlaps(t, box)]  # the seal is meant to cover the signer's
            box, moved = _beside(box, taken, _page_width(data, page_index), page_index)
            if moved:
                warnings.append(_("Trang {page} đã có chữ ký số ở chỗ này; chữ ký mới được đặt bên cạnh.")
                                .format(page=page_index + 1))
        if attachment:
            text = "%(symbol)s\n%(ts)s"
            style = _stamp_style(text, ATTACHMENT_STAMP_PT, appearance.font_family, None, right_aligned=True)
        else:
            text = _("Ký bởi: %(signer)s") + "\n%(org)s\n" + _("Thời gian ký: %(ts)s")
            style = _stamp_style(text, BLOCK_STAMP_PT, appearance.font_family, appearance.signature_image,
                                 right_aligned=False)
        meta = signers.PdfSignatureMetadata(
            field_name=field_name, reason=reason or None, location=location or None, name=name,
            md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        )
        # Whole points: pyHanko's field box is typed as integers, and a point is a third of a millimetre.
        box = (round(box[0]), round(box[1]), round(box[2]), round(box[3]))
        spec = fields.SigFieldSpec(field_name, on_page=page_index, box=box)
        out = io.BytesIO()
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
            signers.PdfSigner(meta, signer=p_signer, stamp_style=style, new_field_spec=spec).sign_pdf(
                writer, output=out,
                appearance_text_params={"org": organisation, "symbol": appearance.attachment_symbol or ""})
        except (PdfError, SigningError) as exc:
            raise SignatureError(_("Không ký được tệp «{name}»: {error}.").format(name=src.name, error=exc)) from exc

    signed = out.getvalue()
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)  # the sign dialog may name a new folder
        write_bytes_atomically(dst, signed)
    except OSError as exc:
        raise SignatureError(_("Không ghi được tệp đã ký «{path}»: {error}.").format(path=dst, error=exc)) from exc
    return SignatureInfo(path=dst, field_name=field_name, signer_name=name, organisation=organisation,
                         signing_time=_signing_time(signed, field_name), page=page_index + 1,
                         box=(box[0], box[1], box[2], box[3]), warnings=tuple(warnings))


def _page_width(data: bytes, page_index: int) -> float:
    from pyhanko.pdf_utils.reader import PdfFileReader

    page = PdfFileReader(io.BytesIO(data), strict=False).find_page_for_modification(page_index)[0].get_object()  # type: ignore[no-untyped-call]
    box = page.get("/MediaBox") or (0, 0, 595, 842)  # inherited boxes are rare in what offices sign
    return float(box[2]) - float(box[0])


def _signing_time(data: bytes, field_name: str) -> datetime:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    sig = next(s for s in reader.embedded_regular_signatures if s.field_name == field_name)
    when: datetime | None = sig.self_reported_timestamp
    assert when is not None  # pyHanko always writes the signing time it stamps
    return when


# --------------------------------------------------------------------------- verifying


def _load_root(path: Path) -> asn1_x509.Certificate:
    from asn1crypto import pem, x509

    try:
        data = path.read_bytes()
        if pem.detect(data):
            _type, _headers, data = pem.unarmor(data)
        return x509.Certificate.load(data)
    except (OSError, ValueError) as exc:
        raise SignatureError(_("Không đọc được chứng thư gốc (root CA) «{name}»: {error}.")
                             .format(name=path.name, error=exc)) from exc


def verify_pdf(path: Path, trust_roots: Sequence[Path] = ()) -> list[SignatureReport]:
    """Check every signature of ``path``; only certificates chaining to ``trust_roots`` count as trusted."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    data = _read_pdf(path)
    roots = [_load_root(p) for p in trust_roots]
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except (PdfError, KeyError, ValueError, TypeError) as exc:
        raise _damaged(path, exc) from exc
    if not signatures:
        raise SignatureError(_("Tệp «{name}» không có chữ ký số.").format(name=path.name), unsigned=True)
    return [_report(sig, roots) for sig in signatures]


def _expired_in_path(status: Any) -> str:
    """Why a certificate of the trusted chain (the root included) is outside its validity now ("" if none is)."""
    path = status.validation_path
    if path is None:
        return ""
    now = datetime.now(UTC)
    for cert in path.iter_certs(include_root=True):
        validity = cert["tbs_certificate"]["validity"]
        start, end = validity["not_before"].native, validity["not_after"].native
        if not start <= now <= end:
            name, _organisation = _subject(cert)
            return _("Chứng thư số «{name}» trong chuỗi tin cậy không còn hiệu lực (hiệu lực từ {start} đến {end}), "
                     "nên chữ ký không được tin cậy.").format(name=name, start=_format_day(start),
                                                              end=_format_day(end))
    return ""


def _report(sig: Any, roots: list[asn1_x509.Certificate]) -> SignatureReport:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(sig, context)
    except Exception as exc:  # a tampered file can break pyHanko anywhere; the report says so
        name, organisation = _subject(sig.signer_cert) if sig.signer_cert is not None else ("", "")
        problem = _("Không kiểm tra được chữ ký: tệp đã bị sửa đổi hoặc hỏng ({error}).").format(error=exc)
        return SignatureReport(sig.field_name, name, organisation, None, intact=False, trusted=False,
                               covers_whole_document=False, modified_after_signing=True,
                               problems=(problem,), summary=_("Chữ ký KHÔNG hợp lệ: ") + problem)

    name, organisation = _subject(status.signing_cert)
    problems: list[str] = []
    intact = bool(status.intact and status.valid)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    # Later signatures and form filling are what a second signer does; anything else changed the document.
    later_changes_ok = level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)
    modified = not intact or not later_changes_ok or status.docmdp_ok is False
    if not intact:
        problems.append(_("Nội dung tệp đã bị sửa đổi sau khi ký: dữ liệu không còn khớp với chữ ký."))
    elif modified:
        problems.append(_("Tệp đã bị sửa đổi sau khi ký (có phần được thêm vào sau chữ ký này)."))
    if status.revoked:
        problems.append(_("Chứng thư số của «{name}» đã bị thu hồi.").format(name=name))
    elif not status.trusted and intact:
        if not roots:
            problems.append(_("Chứng thư số của «{name}» không được tin cậy: chưa có chứng thư gốc (root CA) nào để "
                              "đối chiếu. Hãy thêm chứng thư gốc của nhà cung cấp chữ ký số trong phần Cài đặt.")
                            .format(name=name))
        else:
            problems.append(_("Chứng thư số của «{name}» không được tin cậy: không thuộc nhà cung cấp chữ ký số nào "
                              "trong danh sách tin cậy, hoặc đã hết hạn hay không dùng để ký ({why}).")
                            .format(name=name, why=status.trust_problem_indic or _("không rõ nguồn gốc")))
    trusted = bool(status.trusted)
    if trusted:
        # pyhanko_certvalidator takes a trust root as given, expired or not; a root past its end trusts nothing.
        expired = _expired_in_path(status)
        if expired:
            trusted = False
            problems.append(expired)
    if not problems:
        summary = _("Chữ ký hợp lệ: «{name}» ({org}) đã ký; tệp không bị sửa đổi sau khi ký; chứng thư số được tin "
                    "cậy.").format(name=name, org=organisation)
    elif intact and not modified:
        summary = _("Tệp không bị sửa đổi sau khi ký, nhưng chữ ký chưa được tin cậy. ") + " ".join(problems)
    else:
        summary = _("Chữ ký KHÔNG hợp lệ. ") + " ".join(problems)
    if not whole and not modified:
        problems.append(_("Sau chữ ký này tệp có thêm chữ ký hoặc phần điền biểu mẫu (không làm đổi nội dung)."))
    return SignatureReport(
        field_name=sig.field_name, signer_name=name, organisation=organisation,
        signing_time=status.signer_reported_dt, intact=intact, trusted=trusted, covers_whole_document=whole,
        modified_after_signing=modified, problems=tuple(problems), summary=summary,
    )
