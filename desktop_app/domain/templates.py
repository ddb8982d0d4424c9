"""Document templates (mẫu văn bản) as data: read a template file's dict, check it, and fill it into a draft
plan, report or letter for the office. The file format is described in forms/README.md."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.documents import (
    MARKERS,
    BasisLine,
    BodyNode,
    DocumentNumber,
    DocumentType,
    Header,
    ListItem,
    OfficialDocument,
    Paragraph,
    Recipients,
    Section,
    SignerBlock,
    Task,
    document_type,
    format_text_date,
    outline,
)
from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import clean, nfc, parse_date

__all__ = [
    "FIELD_KINDS",
    "STANDARD_PLACEHOLDERS",
    "DocumentTemplate",
    "TemplateField",
    "TemplatePreview",
    "fill_template",
    "missing_fields",
    "parse_template",
    "preview_template",
]

#: Placeholders every template may use; the service fills them from the office profile and the clock.
STANDARD_PLACEHOLDERS: dict[str, str] = {
    "home_name": _("Tên đơn vị (Liên đoàn Lao động huyện …)"),
    "home_short_name": _("Tên viết tắt của đơn vị (LĐLĐ huyện …)"),
    "parent_name": _("Tên đơn vị cấp trên (Liên đoàn Lao động tỉnh …)"),
    "place": _("Địa danh (Huyện …)"),
    "year": _("Năm hiện tại"),
    "abbreviation": _("Chữ viết tắt trong ký hiệu văn bản (LĐLĐ)"),
}

#: text: one line as typed; date: read like the clerk types it, printed dd/mm/yyyy;
#: list: one entry a line (a line of the template holding it is repeated once per entry).
FIELD_KINDS = ("text", "date", "list")

_TEMPLATE_KEYS = {
    "id", "title", "version", "type", "description", "fields",
    "summary", "subject", "addressees", "basis", "body", "closing", "recipients", "landscape",
}  # fmt: skip
_FIELD_KEYS = {"name", "label", "kind", "example", "default"}
_NODE_KEYS = {
    "paragraph": {"kind", "text", "instruction"},
    "item": {"kind", "text", "marker", "children", "instruction"},
    "task": {"kind", "text", "who", "timing", "marker", "children"},
    "section": {"kind", "heading", "level", "numbered", "children"},
}
_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NAME_RE = re.compile(r"[a-z][a-z0-9_]*")
# "{{" and "}}" are literal braces (as in str.format); any other lone brace is a mistake in the file.
_TOKEN_RE = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


@dataclass(frozen=True)
class TemplateField:
    """A value the clerk types when creating a draft from the template (beyond the standard placeholders)."""

    name: str
    label: str
    kind: str = "text"
    example: str = ""
    default: str = ""


@dataclass(frozen=True)
class DocumentTemplate:
    """A checked template. ``content`` keeps the document part of the file (placeholders unfilled)."""

    id: str
    title: str
    version: int
    type: DocumentType
    description: str
    fields: tuple[TemplateField, ...]
    content: Mapping[str, Any] = field(repr=False, compare=False)
    source: str = ""

    def field(self, name: str) -> TemplateField | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class TemplatePreview:
    """What a chooser shows: the summary (or "V/v …") and the numbered headings, placeholders the clerk
    has not typed yet shown as "[label]"."""

    summary: str
    headings: tuple[str, ...]


class _Broken(ValueError):
    """A template problem found at ``where`` (a path into the file such as ``body[1].children[0].text``)."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        self.message = message
        super().__init__(message)


def _fail(source: str, exc: _Broken) -> ValueError:
    return ValueError(
        _("Mẫu văn bản «{source}», mục «{where}»: {message}").format(
            source=source or "?", where=exc.where, message=exc.message
        )
    )


# --------------------------------------------------------------------------- placeholders


def _tokens(text: str, where: str) -> Iterator[tuple[re.Match[str], str | None]]:
    """Each brace token with its placeholder name (None for the literal "{{" / "}}")."""
    for match in _TOKEN_RE.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            yield match, None
        elif match.group(1) is None:
            message = _("dấu ngoặc nhọn «{brace}» lẻ; viết «{{{{» hoặc «}}}}» nếu cần in dấu ngoặc.")
            raise _Broken(where, message.format(brace=token))
        else:
            name = match.group(1).strip()
            if not _NAME_RE.fullmatch(name):
                message = _("«{token}» không phải chỗ điền hợp lệ (chỉ chữ thường không dấu, số, «_»).")
                raise _Broken(where, message.format(token=token))
            yield match, name


def _placeholders(text: str, where: str) -> list[str]:
    return [name for _m, name in _tokens(text, where) if name is not None]


def _substitute(text: str, where: str, value_of: Callable[[str], str]) -> str:
    out: list[str] = []
    last = 0
    for match, name in _tokens(text, where):
        out.append(text[last : match.start()])
        out.append(match.group(0)[0] if name is None else value_of(name))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


# --------------------------------------------------------------------------- reading the file


def _string(data: Mapping[str, Any], key: str, where: str, required: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise _Broken(where, _("phải là một chuỗi chữ."))
    if required and not clean(value):
        raise _Broken(where, _("không được để trống."))
    return nfc(value)


def _strings(data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Broken(key, _("phải là một danh sách các chuỗi chữ."))
    return [nfc(v) for v in value]


def _fields(data: Mapping[str, Any]) -> tuple[TemplateField, ...]:
    raw = data.get("fields", [])
    if not isinstance(raw, list):
        raise _Broken("fields", _("phải là một danh sách."))
    out: list[TemplateField] = []
    for i, item in enumerate(raw):
        where = f"fields[{i}]"
        if not isinstance(item, dict):
            raise _Broken(where, _("mỗi trường phải là một đối tượng {…}."))
        unknown = sorted(set(item) - _FIELD_KEYS)
        if unknown:
            raise _Broken(where, _("khóa không dùng được: {keys}.").format(keys=", ".join(unknown)))
        name = _string(item, "name", f"{where}.name", required=True).strip()
        if not _NAME_RE.fullmatch(name):
            raise _Broken(f"{where}.name", _("tên «{name}» chỉ gồm chữ thường không dấu, số và «_».").format(name=name))
        if name in STANDARD_PLACEHOLDERS:
            raise _Broken(f"{where}.name", _("«{name}» là chỗ điền có sẵn, không khai báo lại.").format(name=name))
        if any(f.name == name for f in out):
            raise _Broken(f"{where}.name", _("trường «{name}» khai báo hai lần.").format(name=name))
        kind = _string(item, "kind", f"{where}.kind") or "text"
        if kind not in FIELD_KINDS:
            raise _Broken(
                f"{where}.kind",
                _("loại «{kind}» không có; dùng một trong: {kinds}.").format(kind=kind, kinds=", ".join(FIELD_KINDS)),
            )
        out.append(
            TemplateField(
                name=name,
                label=clean(_string(item, "label", f"{where}.label", required=True)),
                kind=kind,
                example=_string(item, "example", f"{where}.example").strip(),
                default=_string(item, "default", f"{where}.default").strip(),
            )
        )
    return tuple(out)


def _type(data: Mapping[str, Any]) -> DocumentType:
    code = data.get("type")
    if code is not None and not isinstance(code, str):
        raise _Broken("type", _('mã loại văn bản phải là chuỗi (ví dụ "KH") hoặc null cho công văn.'))
    try:
        return document_type(code)
    except ValueError as exc:
        raise _Broken("type", str(exc)) from exc


def parse_template(data: Any, source: str = "") -> DocumentTemplate:
    """Check a template file's dict (``source`` names the file in messages) and return the template.

    Raises ValueError in Vietnamese naming the file and the place in it: a missing title, an unknown type
    code, a body node that is not a paragraph/item/section, a placeholder that is neither standard nor
    declared in ``fields``, a declared field no text uses."""
    try:
        if not isinstance(data, dict):
            raise _Broken("/", _("tệp mẫu phải là một đối tượng JSON {…}."))
        unknown = sorted(set(data) - _TEMPLATE_KEYS)
        if unknown:
            raise _Broken("/", _("khóa không dùng được: {keys}.").format(keys=", ".join(unknown)))
        template_id = _string(data, "id", "id", required=True).strip()
        if not _ID_RE.fullmatch(template_id):
            raise _Broken("id", _("mã mẫu «{id}» chỉ gồm chữ thường không dấu, số và «-».").format(id=template_id))
        title = clean(_string(data, "title", "title", required=True))
        version = data.get("version", 1)
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise _Broken("version", _("phiên bản phải là số nguyên từ 1 trở lên."))
        kind = _type(data)
        fields = _fields(data)
        content = {
            "summary": _string(data, "summary", "summary", required=not kind.is_letter),
            "subject": _string(data, "subject", "subject", required=kind.is_letter),
            "addressees": _strings(data, "addressees"),
            "basis": _strings(data, "basis"),
            # A copy: the caller may go on changing its dict, the template must not change with it.
            "body": copy.deepcopy(data.get("body")),
            "closing": _strings(data, "closing"),
            "recipients": _strings(data, "recipients"),
            "landscape": data.get("landscape", False),
        }
        if not isinstance(content["landscape"], bool):
            raise _Broken("landscape", _("phải là true hoặc false."))
        if not isinstance(content["body"], list) or not content["body"]:
            raise _Broken("body", _("văn bản cần có nội dung: một danh sách các phần (section, item, paragraph)."))
        if not content["recipients"]:
            raise _Broken("recipients", _('cần có nơi nhận (ví dụ "- Lưu: VP.").'))
        template = DocumentTemplate(
            id=template_id,
            title=title,
            version=version,
            type=kind,
            description=clean(_string(data, "description", "description")),
            fields=fields,
            content=content,
            source=source,
        )
        # Walk the whole document once, as a fill would, to find bad nodes and placeholders now.
        used: set[str] = set()

        def note(name: str, where: str) -> str:
            if name not in STANDARD_PLACEHOLDERS and template.field(name) is None:
                raise _Broken(
                    where,
                    _("chỗ điền «{{{name}}}» không có sẵn và không được khai báo trong «fields».").format(name=name),
                )
            used.add(name)
            return "{" + name + "}"

        _build(template, note)
        unused = [f.name for f in fields if f.name not in used]
        if unused:
            message = _("trường khai báo nhưng không dùng ở đâu: {names}.")
            raise _Broken("fields", message.format(names=", ".join(unused)))
        return template
    except _Broken as exc:
        raise _fail(source or str(data.get("id", "")) if isinstance(data, dict) else source, exc) from None


# --------------------------------------------------------------------------- building the document


class _Texts:
    """Fills one string of the template; ``many`` repeats a line once per entry of a list field in it."""

    def __init__(self, template: DocumentTemplate, value_of: Callable[[str, str], str]) -> None:
        self._template = template
        self._value_of = value_of

    def one(self, text: str, where: str) -> str:
        return _substitute(text, where, lambda name: self._value_of(name, where))

    def many(self, text: str, where: str, last_in_list: bool) -> list[str]:
        lists = [
            name
            for name in dict.fromkeys(_placeholders(text, where))
            if (f := self._template.field(name)) is not None and f.kind == "list"
        ]
        if not lists:
            return [self.one(text, where)]
        if len(lists) > 1:
            raise _Broken(where, _("một dòng chỉ dùng được một trường danh sách."))
        name = lists[0]
        entries = [line for line in (clean(v) for v in self._value_of(name, where).split("\n")) if line]
        out: list[str] = []
        for entry in entries:

            def value(n: str, entry: str = entry) -> str:
                return entry if n == name else self._value_of(n, where)

            out.append(_substitute(text, where, value))
        # "- A;" "- B;" "- C." — the last entry of a list closes with a full stop, as offices write it.
        if out and last_in_list and text.rstrip().endswith(";"):
            out[-1] = out[-1].rstrip()[:-1] + "."
        return out


def _expand(texts: _Texts, lines: list[str], key: str) -> tuple[str, ...]:
    out: list[str] = []
    for i, line in enumerate(lines):
        out += texts.many(line, f"{key}[{i}]", i == len(lines) - 1)
    return tuple(out)


def _nodes(raw: Any, where: str, texts: _Texts) -> tuple[BodyNode, ...]:
    if not isinstance(raw, list):
        raise _Broken(where, _("phải là một danh sách các phần nội dung."))
    out: list[BodyNode] = []
    for i, item in enumerate(raw):
        out += _node(item, f"{where}[{i}]", texts, i == len(raw) - 1)
    return tuple(out)


def _node(raw: Any, where: str, texts: _Texts, last: bool) -> list[BodyNode]:
    if not isinstance(raw, dict):
        raise _Broken(where, _("mỗi phần nội dung phải là một đối tượng {…} có «kind»."))
    kind = raw.get("kind")
    if kind not in _NODE_KEYS:
        raise _Broken(
            f"{where}.kind",
            _("loại phần nội dung «{kind}» không có; dùng section, item hoặc paragraph.").format(kind=kind),
        )
    unknown = sorted(set(raw) - _NODE_KEYS[kind])
    if unknown:
        raise _Broken(where, _("khóa không dùng được cho «{kind}»: {keys}.").format(kind=kind, keys=", ".join(unknown)))
    key = "heading" if kind == "section" else "text"
    text = _string(raw, key, f"{where}.{key}", required=True)
    instruction = raw.get("instruction", False)
    if not isinstance(instruction, bool):
        raise _Broken(f"{where}.instruction", _("phải là true hoặc false."))
    try:
        if kind == "paragraph":
            # An instruction to the drafter keeps its own wording, so that the draft knows it is still there.
            return [Paragraph(t, t if instruction else "") for t in texts.many(text, f"{where}.text", last)]
        children = _nodes(raw.get("children", []), f"{where}.children", texts)
        if kind in ("item", "task"):
            marker = raw.get("marker", "-")
            if marker not in MARKERS:
                message = _("ký hiệu đầu dòng «{m}» không có; dùng một trong: {all}.")
                raise _Broken(f"{where}.marker", message.format(m=marker, all=" ".join(MARKERS)))
            if kind == "task":
                who = texts.one(_string(raw, "who", f"{where}.who"), f"{where}.who")
                timing = texts.one(_string(raw, "timing", f"{where}.timing", required=True), f"{where}.timing")
                return [Task(t, clean(who), clean(timing), marker, children)
                        for t in texts.many(text, f"{where}.text", last)]
            return [ListItem(t, marker, children, t if instruction else "")
                    for t in texts.many(text, f"{where}.text", last)]
        level = raw.get("level", 1)
        numbered = raw.get("numbered", True)
        if isinstance(level, bool) or not isinstance(level, int):
            raise _Broken(f"{where}.level", _("cấp của mục phải là 1, 2 hoặc 3."))
        if not isinstance(numbered, bool):
            raise _Broken(f"{where}.numbered", _("phải là true hoặc false."))
        return [Section(texts.one(text, f"{where}.heading"), level, children, numbered)]
    except _Broken:
        raise
    except ValueError as exc:  # the document classes' own checks (a section level 4, …)
        raise _Broken(where, str(exc)) from exc


@dataclass(frozen=True)
class _Parts:
    summary: str
    subject: str
    addressees: tuple[str, ...]
    basis: tuple[str, ...]
    body: tuple[BodyNode, ...]
    closing: tuple[str, ...]
    recipients: tuple[str, ...]


def _build(template: DocumentTemplate, value_of: Callable[[str, str], str]) -> _Parts:
    texts = _Texts(template, value_of)
    content = template.content
    return _Parts(
        summary=texts.one(content["summary"], "summary"),
        subject=texts.one(content["subject"], "subject"),
        addressees=_expand(texts, content["addressees"], "addressees"),
        basis=_expand(texts, content["basis"], "basis"),
        body=_nodes(content["body"], "body", texts),
        closing=_expand(texts, content["closing"], "closing"),
        recipients=_expand(texts, content["recipients"], "recipients"),
    )


# --------------------------------------------------------------------------- filling


def missing_fields(template: DocumentTemplate, values: Mapping[str, str]) -> list[TemplateField]:
    """The template's fields without a value (typed or default), in the template's order."""
    return [f for f in template.fields if not clean(values.get(f.name, "")) and not f.default]


def _value(template: DocumentTemplate, values: Mapping[str, str], name: str) -> str:
    declared = template.field(name)
    if declared is None and name not in STANDARD_PLACEHOLDERS:
        message = _("Mẫu «{title}» dùng chỗ điền «{{{name}}}» không có.")
        raise ValueError(message.format(title=template.title, name=name))
    raw = nfc(values.get(name, "")).strip() or (declared.default if declared else "")
    label = declared.label if declared else STANDARD_PLACEHOLDERS[name]
    if not raw.strip():
        raise ValueError(_("Chưa có giá trị cho «{label}».").format(label=label))
    if declared is not None and declared.kind == "date":
        try:
            return format_text_date(parse_date(raw))
        except ValueError as exc:
            raise ValueError(f"{label}: {exc}") from exc
    if declared is not None and declared.kind == "list":
        return "\n".join(line for line in (clean(v) for v in raw.split("\n")) if line)
    return clean(raw)


def fill_template(
    template: DocumentTemplate,
    values: Mapping[str, str],
    issue_place: str,
    parent_body: str,
    issuing_body: str,
    signer: SignerBlock | None,
    number: DocumentNumber | None = None,
) -> OfficialDocument:
    """A draft (no number, no date) from the template: header from the home unit, the office's default signer,
    every placeholder replaced by its value in ``values`` (standard ones and the template's fields).
    ``number`` is the draft's symbol without a number yet (year, type, issuer), so that it prints "Số: ⎵/KH-LĐLĐ".

    Raises ValueError (Vietnamese) for a placeholder without a value, a date field that is not a date, or a
    placeholder the template does not know."""
    # Resolve every value first, so that the clerk reads "Hạn gửi: …" rather than a path into the template.
    names: list[str] = []

    def collect(name: str, _where: str) -> str:
        names.append(name)
        return "{" + name + "}"

    try:
        _build(template, collect)
        resolved: dict[str, str] = {}
        problems: list[str] = []
        for name in dict.fromkeys(names):
            try:
                resolved[name] = _value(template, values, name)
            except ValueError as exc:
                problems.append(str(exc))
        if problems:
            raise ValueError("\n".join(problems))
        parts = _build(template, lambda name, _where: resolved[name])
    except _Broken as exc:
        raise _fail(template.source or template.id, exc) from None
    return OfficialDocument(
        type=template.type,
        number=number,
        header=Header(parent_body, issuing_body, issue_place, None),
        summary="" if template.type.is_letter else parts.summary,
        subject=parts.subject if template.type.is_letter else "",
        addressees=parts.addressees,
        basis=tuple(BasisLine(b) for b in parts.basis),
        body=parts.body,
        closing=tuple(Paragraph(p) for p in parts.closing),
        recipients=Recipients(parts.recipients),
        signer=signer,
        landscape=bool(template.content["landscape"]),
    )


def preview_template(template: DocumentTemplate, values: Mapping[str, str]) -> TemplatePreview:
    """Summary and top headings with what is known filled in; a clerk reads it before choosing."""

    def value_of(name: str, _where: str) -> str:
        try:
            return _value(template, values, name).replace("\n", ", ")
        except ValueError:
            declared = template.field(name)
            return f"[{declared.label if declared else STANDARD_PLACEHOLDERS.get(name, name)}]"

    parts = _build(template, value_of)
    summary = f"V/v {parts.subject}" if template.type.is_letter else parts.summary
    headings = tuple(
        f"{entry.label} {entry.node.heading.upper()}"
        for entry in outline(parts.body)
        if isinstance(entry.node, Section) and entry.node.level == 1
    )
    return TemplatePreview(clean(summary), headings)
