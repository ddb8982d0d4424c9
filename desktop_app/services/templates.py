"""Document templates: list the templates shipped in forms/templates/ and create a draft from one."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.domain.documents import (
    DocumentNumber,
    DocumentType,
    Header,
    OfficialDocument,
    Recipients,
    SignerBlock,
    document_type,
)
from desktop_app.domain.i18n import _
from desktop_app.domain.templates import (
    STANDARD_PLACEHOLDERS,
    DocumentTemplate,
    TemplateField,
    fill_template,
    missing_fields,
    parse_template,
    preview_template,
)
from desktop_app.domain.vntext import clean, collation_key
from desktop_app.persistence.unit_of_work import UnitOfWorkFactory
from desktop_app.services.documents import DocumentRecord, DocumentService
from desktop_app.services.errors import NotFound, UserError
from desktop_app.services.office import OfficeService


@dataclass(frozen=True)
class TemplateInfo:
    id: str
    title: str
    type_code: str | None
    path: Path

    @property
    def type_name(self) -> str:
        """ "Kế hoạch", "Công văn": how the type reads in a list."""
        name = document_type(self.type_code).name
        return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class TemplateProblem:
    """A template file that could not be used, and why (the app keeps working with the others)."""

    file_name: str
    message: str

    def __str__(self) -> str:
        return self.message  # the message names the file already


@dataclass(frozen=True)
class TemplateDetails:
    """What a chooser shows for one template: the preview with the office's values and what to type."""

    template: DocumentTemplate
    summary: str
    headings: tuple[str, ...]
    fields: tuple[TemplateField, ...]


def default_folder() -> Path:
    from desktop_app.paths import forms_dir

    return forms_dir() / "templates"


class TemplateService:
    """Templates are read from disk on each call: a province can drop a new file in without a restart,
    and a handful of small JSON files costs nothing next to the dialog that shows them."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Callable[[], date] = date.today, folder: Path | None = None
    ) -> None:
        self._clock = clock
        self._folder = folder
        self._office = OfficeService(uow_factory, clock)
        self._documents = DocumentService(uow_factory, clock)

    @property
    def folder(self) -> Path:
        return self._folder if self._folder is not None else default_folder()

    # -- reading -------------------------------------------------------------------------------
    def list_templates(self) -> list[TemplateInfo]:
        """The usable templates in Vietnamese order of their titles (broken files: see ``problems``)."""
        templates, _problems = self._load()
        infos = [TemplateInfo(t.id, t.title, t.type.code, self.folder / t.source) for t in templates]
        return sorted(infos, key=lambda info: collation_key(info.title))

    def problems(self) -> list[TemplateProblem]:
        """Template files that are broken, each with its file name and the reason in Vietnamese."""
        return self._load()[1]

    def get(self, template_id: str) -> DocumentTemplate:
        for template in self._load()[0]:
            if template.id == template_id:
                return template
        raise NotFound(
            _("Không có mẫu văn bản «{id}» trong thư mục {folder}.").format(id=template_id, folder=self.folder)
        )

    def details(self, template_id: str) -> TemplateDetails:
        """The template's summary and top headings with the office's own names already filled in."""
        template = self.get(template_id)
        preview = preview_template(template, self._standard_values())
        return TemplateDetails(template, preview.summary, preview.headings, template.fields)

    # -- writing -------------------------------------------------------------------------------
    def create_from_template(self, template_id: str, extra_values: Mapping[str, str] | None = None) -> DocumentRecord:
        """A new draft from the template (see ``document_from_template``), stored."""
        return self._documents.create_draft(self.document_from_template(template_id, extra_values))

    def document_from_template(
        self, template_id: str, extra_values: Mapping[str, str] | None = None
    ) -> OfficialDocument:
        """The template filled with the office's names, place, signer and the current year, plus the values
        the clerk typed for the template's own fields; not stored (the editor stores it when the clerk saves)."""
        template = self.get(template_id)
        extras = {name: value for name, value in (extra_values or {}).items() if clean(value)}
        unknown = sorted(name for name in extras if template.field(name) is None)
        if unknown:
            raise UserError(
                _("Mẫu «{title}» không có trường: {names}.").format(title=template.title, names=", ".join(unknown))
            )
        missing = missing_fields(template, extras)
        if missing:
            raise UserError(_("Chưa nhập: {labels}.").format(labels=", ".join(f"«{f.label}»" for f in missing)))
        profile = self._office.profile()
        signer = profile.signer
        try:
            return fill_template(
                template,
                {**self._standard_values(), **extras},
                issue_place=profile.place_name,
                parent_body=profile.parent.name if profile.parent else "",
                issuing_body=profile.home.name,
                signer=SignerBlock(signer.authority, signer.title, signer.name) if signer else None,
                number=self._draft_number(template.type, profile.abbreviation),
            )
        except ValueError as exc:
            raise UserError(str(exc)) from exc

    def create_blank(self, type_code: str | None) -> DocumentRecord:
        """A new empty draft (see ``blank_document``), stored."""
        return self._documents.create_draft(self.blank_document(type_code))

    def blank_document(self, type_code: str | None) -> OfficialDocument:
        """An empty document of a type ("KH", None for a letter) with the office's header and signer, for
        a document no template fits; not stored."""
        try:
            kind = document_type(type_code)
        except ValueError as exc:
            raise UserError(str(exc)) from exc
        profile = self._office.profile()
        signer = profile.signer
        return OfficialDocument(
            type=kind,
            number=self._draft_number(kind, profile.abbreviation),
            header=Header(profile.parent.name if profile.parent else "", profile.home.name, profile.place_name),
            recipients=Recipients((_("- Lưu: VT."),)),
            signer=SignerBlock(signer.authority, signer.title, signer.name) if signer else None,
        )

    # -- helpers -------------------------------------------------------------------------------
    def _draft_number(self, kind: DocumentType, abbreviation: str) -> DocumentNumber:
        """The symbol a draft prints before it is numbered ("Số: ⎵/KH-LĐLĐ"); a letter's names the office
        that usually drafts it, which the issue dialog proposes too."""
        return DocumentNumber(None, self._clock().year, kind.code, abbreviation, "VP" if kind.is_letter else "")

    def _standard_values(self) -> dict[str, str]:
        profile = self._office.profile()
        values = {
            "home_name": profile.home.name,
            # An office without a short name reads its full name where the short one would go.
            "home_short_name": profile.home.short_name or profile.home.name,
            "parent_name": profile.parent.name if profile.parent else "",
            "place": profile.place_name,
            "year": str(self._clock().year),
            "abbreviation": profile.abbreviation,
        }
        assert set(values) == set(STANDARD_PLACEHOLDERS)  # the domain's list and this one move together
        return values

    def _load(self) -> tuple[list[DocumentTemplate], list[TemplateProblem]]:
        folder = self.folder
        if not folder.is_dir():
            return [], [TemplateProblem(folder.name, _("Không thấy thư mục mẫu văn bản «{path}».").format(path=folder))]
        templates: list[DocumentTemplate] = []
        problems: list[TemplateProblem] = []
        for path in sorted(folder.glob("*.json")):
            try:
                templates.append(_read(path))
            except ValueError as exc:
                problems.append(TemplateProblem(path.name, str(exc)))
        return templates, problems


def _read(path: Path) -> DocumentTemplate:
    """One template file, or ValueError with a message that names the file."""
    where = _("Mẫu văn bản «{file}»").format(file=path.name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(where + ": " + _("tệp không phải văn bản UTF-8.")) from exc
    except json.JSONDecodeError as exc:
        reason = _("không đọc được JSON ở dòng {line}, cột {column} ({reason}).")
        raise ValueError(where + ": " + reason.format(line=exc.lineno, column=exc.colno, reason=exc.msg)) from exc
    except OSError as exc:
        reason = _("không mở được tệp ({reason}).").format(reason=exc.strerror or exc)
        raise ValueError(where + ": " + reason) from exc
    template = parse_template(data, path.name)
    if template.id != path.stem:
        # The id names the template in the app; tying it to the file name keeps two files from claiming one id.
        reason = _("mã mẫu «{id}» phải trùng tên tệp «{stem}».").format(id=template.id, stem=path.stem)
        raise ValueError(where + ": " + reason)
    return template
