"""Outgoing documents: drafts, issuing (numbered from the outgoing register), versions, printing."""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.documents import (
    DocumentFormatTooNew,
    DocumentNumber,
    OfficialDocument,
    document_from_dict,
    document_to_dict,
    validate_for_issue,
)
from desktop_app.domain.i18n import _
from desktop_app.domain.registers import NumberRequest
from desktop_app.domain.vntext import search_tokens
from desktop_app.files.atomic import OutputPathError, atomic_output

# Cheap (PDFium loads on the first render); the print preview shows these pages.
from desktop_app.files.pdf.pages import PageImage as PageImage
from desktop_app.persistence.models import DocumentCitationRow, DocumentRow, DocumentTaskRow, utcnow
from desktop_app.persistence.unit_of_work import UnitOfWork, UnitOfWorkFactory
from desktop_app.services.document_index import index_document, listed_summary
from desktop_app.services.errors import Conflict, NotFound, UserError
from desktop_app.services.registers import allocate_number
from desktop_app.services.signatures import SignatureAppearance, SignatureInfo, SignerSource, sign_pdf_file

if TYPE_CHECKING:
    from desktop_app.files.pdf.official import RenderResult

#: The number a document is laid out with before it is issued: wider than any number a year gives, so a document
#: that lays out with it lays out with its real number too.
PROVISIONAL_NUMBER = 9999

DRAFT = "draft"
ISSUED = "issued"
STATUS_LABELS = {DRAFT: _("Dự thảo"), ISSUED: _("Đã ban hành")}


@dataclass(frozen=True)
class UnsavedCopy:
    """What the editor held when it last kept a copy: survives a crash or a power cut."""

    document: OfficialDocument
    kept_at: datetime
    revision: int  # the stored revision the copy was edited from


@dataclass(frozen=True)
class DocumentTask:
    """A task of a stored document, by its own uuid (kept across edits)."""

    uuid: str
    position: int
    text: str
    who: str
    timing: str
    due: date | None


@dataclass(frozen=True)
class DocumentListing:
    """A document as lists show it: read from its columns, its content not parsed."""

    id: int
    uuid: str
    type_code: str | None
    status: str
    summary: str
    symbol: str
    issue_date: date | None
    revision: int
    updated_at: datetime
    version_of_id: int | None
    number: int | None = None
    year: int | None = None
    signer_name: str = ""
    version_of_uuid: str | None = None

    @property
    def issued(self) -> bool:
        return self.status == ISSUED


#: The document columns a listing is read from, one per field.
LISTING_COLUMNS = tuple(f.name for f in fields(DocumentListing))


@dataclass(frozen=True)
class DocumentRecord(DocumentListing):
    """A document opened: its listing and the document itself."""

    document: OfficialDocument = field(kw_only=True)


@dataclass(frozen=True)
class DeletedDraft:
    """A deleted draft as it was stored, so undo brings back the same document (same uuid, same content)."""

    uuid: str
    type_code: str | None
    summary: str
    content: str
    version_of_id: int | None
    owner_code: str
    revision: int
    created_at: datetime
    updated_at: datetime


def _listing_fields(row: DocumentRow) -> dict[str, object]:
    return {name: getattr(row, name) for name in LISTING_COLUMNS}


def _record(row: DocumentRow, doc: OfficialDocument | None = None) -> DocumentRecord:
    return DocumentRecord(**_listing_fields(row), document=doc or read_content(row))  # type: ignore[arg-type]


def read_content(row: DocumentRow) -> OfficialDocument:
    """The stored document; an older format is read as today's (written back on the next save), a newer one
    or a damaged one is refused with the reason, and the row is left as it is."""
    try:
        return document_from_dict(json.loads(row.content))
    except DocumentFormatTooNew as exc:
        raise UserError(str(exc)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise UserError(
            _("Không đọc được nội dung văn bản «{summary}»: {reason}").format(
                summary=row.summary or row.symbol, reason=exc)
        ) from exc


def write_content(row: DocumentRow, doc: OfficialDocument) -> None:
    """Store ``doc`` in ``row`` with everything a list reads beside it: columns, tasks and citations."""
    created = row.created_at or utcnow()
    year = row.issue_date.year if row.issue_date is not None else created.year
    index = index_document(doc, year)
    row.type_code = index.type_code
    row.summary = index.summary
    row.signer_name = index.signer_name
    row.number = doc.number.number if doc.number is not None else None
    row.year = year
    row.search_key = index.search_key(row.symbol or "")
    row.content = json.dumps(document_to_dict(doc), ensure_ascii=False)
    row.tasks = [
        DocumentTaskRow(uuid=t.uuid, position=t.position, text=t.text, who=t.who, timing=t.timing, due=t.due)
        for t in index.tasks
    ]
    row.citations = [DocumentCitationRow(incoming_uuid=uuid, position=i) for i, uuid in enumerate(index.citations)]


class DocumentService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Callable[[], date] = date.today,
        unsaved_folder: Path | None = None,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        # Copies of drafts being edited; without a folder (tests, the CLI) nothing is kept.
        self._unsaved_folder = unsaved_folder

    # -- reading -------------------------------------------------------------------------------
    def get(self, document_id: int) -> DocumentRecord:
        with self._uow().reading() as uow:
            return _record(self._row(uow, document_id))

    def list_documents(
        self, type_code: str | None = None, year: int | None = None, status: str | None = None, search: str = ""
    ) -> list[DocumentListing]:
        """Newest first; ``search`` ignores accents and case and looks at the symbol and the summary.
        Reads the list columns only: no document is parsed, whatever the office has stored."""
        with self._uow().reading() as uow:
            rows = uow.documents.listed(type_code, year, status, search_tokens(search), LISTING_COLUMNS)
            # The columns come in the order of the fields (LISTING_COLUMNS); by position 5,000 listings take 7 ms,
            # through each row's mapping 22 ms.
            listings = [DocumentListing(*row) for row in rows]  # type: ignore[call-arg]
        return sorted(listings, key=lambda r: (r.issue_date or r.updated_at.date(), r.id), reverse=True)

    def years(self) -> list[int]:
        """The years documents are filed under, newest first."""
        with self._uow().reading() as uow:
            return sorted(uow.documents.years(), reverse=True)

    def tasks(self, document_id: int) -> list[DocumentTask]:
        """The document's tasks as stored beside it (what report requests point at), in reading order."""
        with self._uow().reading() as uow:
            row = self._row(uow, document_id)
            return [DocumentTask(t.uuid, t.position, t.text, t.who, t.timing, t.due) for t in row.tasks]

    # -- writing -------------------------------------------------------------------------------
    def create_draft(self, doc: OfficialDocument) -> DocumentRecord:
        with self._uow() as uow:
            home = uow.units.home()
            if home is None:
                raise UserError(_("Chưa khai báo đơn vị của văn phòng. Hãy hoàn tất bước thiết lập ban đầu."))
            row = DocumentRow(status=DRAFT, symbol="", issue_date=None, owner_code=home.code)
            write_content(row, doc)
            uow.documents.add(row)
            uow.commit()
            return _record(row, doc)

    def update_draft(
        self, document_id: int, doc: OfficialDocument, expected_revision: int | None = None
    ) -> DocumentRecord:
        with self._uow() as uow:
            row = self._draft_row(uow, document_id)
            if expected_revision is not None and row.revision != expected_revision:
                raise Conflict(_("Văn bản vừa được sửa ở nơi khác. Hãy mở lại để xem bản mới nhất."))
            write_content(row, doc)
            uow.commit()
            return _record(row, doc)

    def delete_draft(self, document_id: int) -> DeletedDraft:
        """Delete a draft (one never issued). Issued documents are in the register and are never deleted;
        the returned copy lets the clerk take the deletion back."""
        with self._uow() as uow:
            row = self._row(uow, document_id)
            if row.status != DRAFT:
                raise UserError(
                    _("Văn bản {symbol} đã ban hành (đã vào sổ văn bản đi) nên không xóa được.").format(
                        symbol=row.symbol
                    )
                )
            deleted = DeletedDraft(
                uuid=row.uuid,
                type_code=row.type_code,
                summary=row.summary,
                content=row.content,
                version_of_id=row.version_of_id,
                owner_code=row.owner_code,
                revision=row.revision,
                created_at=row.created_at,
                updated_at=row.updated_at,
            )
            uow.documents.delete(row)
            uow.commit()
        # The copy an editor kept of it would be offered again if the draft came back; it is gone with it.
        path = self._unsaved_path(deleted.uuid)
        if path is not None:
            path.unlink(missing_ok=True)
        return deleted

    def restore_draft(self, deleted: DeletedDraft) -> DocumentRecord:
        """Put a deleted draft back as it was (its uuid too, so anything that named it finds it again)."""
        with self._uow() as uow:
            if uow.documents.by_uuids([deleted.uuid]):
                raise UserError(_("Dự thảo «{summary}» đã có lại trong danh sách.").format(
                    summary=deleted.summary or _("(chưa có trích yếu)")))
            row = DocumentRow(
                uuid=deleted.uuid,
                status=DRAFT,
                symbol="",
                issue_date=None,
                version_of_id=deleted.version_of_id,
                owner_code=deleted.owner_code,
                revision=deleted.revision,
                created_at=deleted.created_at,
            )
            row.content = deleted.content
            doc = read_content(row)
            write_content(row, doc)
            uow.documents.add(row)
            uow.commit()
            return _record(row, doc)

    def issue(
        self, document_id: int, issued_on: date | None = None, number: int | None = None, drafting_office: str = ""
    ) -> DocumentRecord:
        """Take the next number (or the typed one) and issue: one transaction, so a document that cannot be
        issued takes no number. Issued documents are read-only."""
        day = issued_on or self._clock()
        with self._uow() as uow:
            row = self._draft_row(uow, document_id)
            draft = read_content(row)
            office = drafting_office or (draft.number.drafting_office if draft.number else "")
            entry = allocate_number(
                uow,
                NumberRequest(day, draft.type.code, listed_summary(draft), office or None, number),
                row.uuid,
                self._clock(),
            )
            issued = replace(
                draft,
                number=DocumentNumber(entry.number, entry.year, draft.type.code, self._issuer(uow), office),
                header=replace(draft.header, issue_date=day),
            )
            problems = validate_for_issue(issued)
            if problems:
                raise UserError(_("Chưa ban hành được:") + "\n" + "\n".join(f"• {p}" for p in problems))
            row.status = ISSUED
            row.symbol = entry.symbol
            row.issue_date = day
            row.register_entry_id = entry.id
            write_content(row, issued)
            uow.commit()
            return _record(row, issued)

    def new_version(self, document_id: int) -> DocumentRecord:
        """A correction of an issued document starts as a new draft that remembers what it corrects."""
        with self._uow() as uow:
            original = self._row(uow, document_id)
            doc = read_content(original)
            draft = replace(doc, number=None, header=replace(doc.header, issue_date=None))
            row = DocumentRow(
                status=DRAFT, symbol="", issue_date=None, version_of_id=original.id, owner_code=original.owner_code
            )
            write_content(row, draft)
            uow.documents.add(row)
            uow.commit()
            return _record(row, draft)

    def render_pdf(self, document_id: int, path: Path, font: str | None = None) -> RenderResult:
        """Print the document in the official layout to ``path`` (drafts print with blanks to fill)."""
        return self.render_document_pdf(self.get(document_id).document, path, font)

    def render_document_pdf(self, doc: OfficialDocument, path: Path, font: str | None = None) -> RenderResult:
        """Print a document that may not be saved yet (the editor's preview) in the official layout."""
        from desktop_app.files.pdf.fonts import FontError, choose_fonts
        from desktop_app.files.pdf.official import OfficialPdfError, render_official_pdf

        try:
            with atomic_output(path) as partial:
                return render_official_pdf(doc, partial, fonts=choose_fonts(font))
        except OutputPathError as exc:
            raise UserError(str(exc)) from None
        except (OfficialPdfError, FontError, OSError) as exc:
            raise UserError(_("Không in được văn bản ra «{path}»: {reason}").format(path=path, reason=exc)) from exc

    def check_printable(self, doc: OfficialDocument, issued_on: date | None = None) -> RenderResult:
        """Lay ``doc`` out as it will print once issued on ``issued_on``, before any number is taken: what could
        not be issued or printed is refused here. The trial PDF is made in memory, so nothing is left on disk."""
        from desktop_app.files.pdf.fonts import FontError, choose_fonts
        from desktop_app.files.pdf.official import OfficialPdfError, render_official_pdf

        day = issued_on or self._clock()
        with self._uow().reading() as uow:
            home = uow.units.home()
            issuer = home.abbreviation if home is not None else ""
        office = doc.number.drafting_office if doc.number else ""
        issued = replace(
            doc,
            number=DocumentNumber(PROVISIONAL_NUMBER, day.year, doc.type.code, issuer, office),
            header=replace(doc.header, issue_date=day),
        )
        problems = validate_for_issue(issued)
        if problems:
            raise UserError(_("Chưa ban hành được:") + "\n" + "\n".join(f"• {p}" for p in problems))
        try:
            return render_official_pdf(issued, io.BytesIO(), fonts=choose_fonts())
        except (OfficialPdfError, FontError) as exc:
            raise UserError(_("Không dàn trang được văn bản «{title}»: {reason}").format(
                title=issued.subject_line if issued.type.is_letter else issued.summary, reason=exc)) from exc

    # -- copies kept while editing -------------------------------------------------------------
    def keep_unsaved(self, record: DocumentRecord, doc: OfficialDocument) -> None:
        """Keep what the editor holds, so a crash loses nothing typed. Written to a temporary name and
        renamed, so a power cut mid-write leaves the previous copy whole."""
        path = self._unsaved_path(record.uuid)
        if path is None:
            return
        data = {"revision": record.revision, "kept_at": utcnow().isoformat(), "document": document_to_dict(doc)}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".tmp")
            partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            partial.replace(path)
        except OSError as exc:
            raise UserError(
                _("Không ghi được bản lưu tạm của văn bản vào «{folder}»: {reason}").format(
                    folder=path.parent, reason=exc.strerror or exc)
            ) from exc

    def unsaved_copy(self, record: DocumentRecord) -> UnsavedCopy | None:
        """The copy left by an editor that did not close normally, if it differs from what is stored."""
        path = self._unsaved_path(record.uuid)
        if path is None or not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            copy = UnsavedCopy(document_from_dict(data["document"]), datetime.fromisoformat(data["kept_at"]),
                               int(data["revision"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # an unreadable copy cannot be offered; the stored draft is intact
        if document_to_dict(copy.document) == document_to_dict(record.document):
            return None
        return copy

    def discard_unsaved(self, record: DocumentRecord) -> None:
        path = self._unsaved_path(record.uuid)
        if path is not None:
            path.unlink(missing_ok=True)

    def _unsaved_path(self, uuid: str) -> Path | None:
        return None if self._unsaved_folder is None else self._unsaved_folder / f"{uuid}.json"

    def export_docx(self, document_id: int, path: Path) -> Path:
        """The document as a Word file in the same layout, for offices that finish documents in Word.

        The file always asks for Times New Roman, which Word on the office's computers has, whatever font this
        machine prints PDFs with or falls back to (Tinos, Liberation Serif): so no font is asked for here."""
        from desktop_app.files.docx.official import export_official_docx
        from desktop_app.files.pdf.fonts import FontError

        record = self.get(document_id)
        try:
            with atomic_output(path) as partial:
                export_official_docx(record.document, partial, font_family="Times New Roman")
            return path
        except OutputPathError as exc:
            raise UserError(str(exc)) from None
        except (FontError, OSError) as exc:
            raise UserError(_("Không xuất được văn bản ra «{path}»: {reason}").format(path=path, reason=exc)) from exc

    def sign_pdf(
        self,
        document_id: int,
        path: Path,
        signer: SignerSource,
        signature_image: Path | None = None,
        font: str | None = None,
        *,
        organisation_seal: bool = False,
    ) -> SignatureInfo:
        """Print the issued document and sign it into ``path``, the stamp in its signer block.

        Only issued documents are signed: a draft has no number yet and may still change. The certificate may be
        the signer's or the organisation's (its name is the office's, not the printed signer's): the block is found
        by the printed name either way; ``organisation_seal`` puts the stamp where the seal goes.
        """
        record = self.get(document_id)
        if not record.issued:
            raise UserError(
                _("Văn bản chưa ban hành nên chưa ký số được: hãy ban hành (lấy số) trước, rồi ký số bản đã ban hành.")
            )
        doc = record.document
        appearance = SignatureAppearance(
            # The printed name, not the certificate's: CAs often write the name in capitals.
            signer_name=doc.signer.name if doc.signer else None,
            signature_image=signature_image,
            font_family=font,
            organisation_seal=organisation_seal,
        )
        with tempfile.TemporaryDirectory(prefix="congdoan-ky-so-") as folder:
            printed = Path(folder) / "van-ban.pdf"
            self.render_pdf(document_id, printed, font)
            return sign_pdf_file(
                printed,
                path,
                signer,
                reason=_("Ban hành văn bản {symbol}").format(symbol=record.symbol),
                location=doc.header.place,
                appearance=appearance,
            )

    # -- helpers -------------------------------------------------------------------------------
    def _row(self, uow: UnitOfWork, document_id: int) -> DocumentRow:
        row = uow.documents.get(document_id)
        if row is None:
            raise NotFound(_("Không tìm thấy văn bản (mã số nội bộ {id}).").format(id=document_id))
        return row

    def _draft_row(self, uow: UnitOfWork, document_id: int) -> DocumentRow:
        row = self._row(uow, document_id)
        if row.status != DRAFT:
            raise UserError(
                _("Văn bản {symbol} đã ban hành nên không sửa được; hãy tạo bản sửa đổi (văn bản mới).").format(
                    symbol=row.symbol
                )
            )
        return row

    def _issuer(self, uow: UnitOfWork) -> str:
        home = uow.units.home()
        assert home is not None  # allocate_number already refused an office that is not set up
        return home.abbreviation


def pdf_page_images(path: Path, dpi: int, first: int = 1, last: int | None = None) -> list[PageImage]:
    """Pages ``first``..``last`` of a PDF as pixels at ``dpi``, for the print preview and printing on paper."""
    from desktop_app.files.pdf.pages import PdfPagesError, render_pages

    try:
        return render_pages(path, dpi, first, last)
    except PdfPagesError as exc:
        raise UserError(str(exc)) from exc
