"""Reads indicator-form and target-set definitions (forms/indicators/*.yaml): a safe YAML reader that keeps line
numbers and refuses hostile files, the JSON Schema check, then the domain's checks across rows, every problem
reported as «tệp, dòng N: …»."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from desktop_app.domain.forms import (
    FormDefinition,
    FormDefinitionError,
    TargetSet,
    check_mapping,
    check_targets,
    form_from_data,
    target_set_from_data,
)
from desktop_app.domain.i18n import _
from desktop_app.paths import forms_dir

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "Definition",
    "FileProblem",
    "FormFileError",
    "indicators_dir",
    "load_definition",
    "load_definitions",
    "schema_path",
    "shipped_forms",
]

#: A definition of a few hundred rows is some 100 KB; anything near this is not a form.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: How deeply mappings and lists may nest; a form needs six levels.
MAX_NESTING = 30
#: Schema problems reported for one file; the first few are what the author fixes first anyway.
MAX_REPORTED = 25

Definition = FormDefinition | TargetSet


@dataclass(frozen=True)
class FileProblem:
    line: int | None  # 1-based
    message: str


class FormFileError(ValueError):
    """A definition file that cannot be used; each problem says the file and the line."""

    def __init__(self, path: Path, problems: Sequence[FileProblem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        super().__init__("\n".join(_located(path, p) for p in self.problems))


def _located(path: Path, problem: FileProblem) -> str:
    if problem.line is None:
        return f"{path.name}: {problem.message}"
    return _("{file}, dòng {line}: {text}").format(file=path.name, line=problem.line, text=problem.message)


def indicators_dir() -> Path:
    return forms_dir() / "indicators"


def schema_path() -> Path:
    return forms_dir() / "schema" / "form-definition.schema.json"


def shipped_forms() -> list[Path]:
    """The definition files shipped in forms/indicators/, in name order."""
    return sorted(indicators_dir().glob("*.yaml"))


# --------------------------------------------------------------------------- YAML with line numbers


class _Refused(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@cache
def _loader_class() -> type[Any]:
    import yaml

    class LineKeepingLoader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML ships no type hints
        """PyYAML's safe loader, composing nodes only: aliases (the "billion laughs" bomb) and deep nesting are
        refused before anything is built."""

        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise _Refused(event.start_mark.line + 1,
                               _("không dùng bí danh YAML («*{name}»); hãy viết đủ nội dung").format(name=event.anchor))
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise _Refused(self.peek_event().start_mark.line + 1,
                               _("lồng nhau quá sâu (quá {n} mức)").format(n=MAX_NESTING))
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return LineKeepingLoader


Path_ = tuple[str | int, ...]


class _Builder:
    """Plain data (dict, list, str, int, Decimal, bool, None) from composed nodes, with the line of every path."""

    def __init__(self) -> None:
        import yaml

        self.yaml = yaml
        self.lines: dict[Path_, int] = {}
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: Any, path: Path_ = ()) -> Any:
        yaml = self.yaml
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in (
                "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            raise _Refused(node.start_mark.line + 1,
                           _("kiểu YAML «{tag}» không dùng được trong tệp mẫu biểu").format(tag=node.tag))
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Refused(key_node.start_mark.line + 1, _("khóa phải là một chữ, không phải danh sách"))
                key = str(key_node.value)
                if key == "<<":
                    raise _Refused(key_node.start_mark.line + 1, _("không dùng khóa gộp YAML «<<»"))
                if key in result:
                    raise _Refused(key_node.start_mark.line + 1,
                                   _("khóa «{key}» viết hai lần trong cùng một mục").format(key=key))
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: Any) -> Any:
        tag = node.tag
        line = node.start_mark.line + 1
        if tag == "tag:yaml.org,2002:float":
            # Exact, like the formulas: 0.1 stays 0.1, not a binary float.
            try:
                number = Decimal(str(node.value).replace("_", ""))
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite():
                raise _Refused(line, _("«{text}» không phải một số dùng được").format(text=node.value))
            return number
        if tag == "tag:yaml.org,2002:int":
            # YAML 1.1 also reads 0x1F, 0o17 and 1:30 as numbers; a form has no use for them.
            digits = str(node.value).replace("_", "")
            if not re.fullmatch(r"[-+]?[0-9]+", digits):
                raise _Refused(line, _("«{text}» không phải một số nguyên viết theo hệ thập phân")
                               .format(text=node.value))
            return int(digits, 10)
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"):
            return self.constructor.construct_object(node)
        if tag == "tag:yaml.org,2002:timestamp":
            raise _Refused(line, _("«{text}» được đọc thành ngày tháng; hãy đặt trong dấu nháy nếu là chữ")
                           .format(text=node.value))
        raise _Refused(line, _("kiểu YAML «{tag}» không dùng được trong tệp mẫu biểu").format(tag=tag))


def _read_yaml(path: Path) -> tuple[Any, dict[Path_, int]]:
    import yaml

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FormFileError(path, [FileProblem(None, _("tệp quá lớn ({size} KB, tối đa {cap} KB)").format(
                size=size // 1024, cap=MAX_FILE_BYTES // 1024))])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FormFileError(path, [FileProblem(None, _("không tìm thấy tệp «{path}»").format(path=path))]) from None
    except IsADirectoryError:
        raise FormFileError(path, [FileProblem(None, _("«{path}» là một thư mục, không phải tệp").format(
            path=path))]) from None
    except OSError as exc:
        raise FormFileError(path, [FileProblem(None, _("không đọc được tệp: {reason}").format(
            reason=exc.strerror or exc))]) from None
    if len(raw) > MAX_FILE_BYTES:  # grew between the two looks
        raise FormFileError(path, [FileProblem(None, _("tệp quá lớn"))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise FormFileError(path, [FileProblem(line, _("tệp không phải văn bản UTF-8 (byte lạ ở vị trí {pos}); hãy "
                                                       "lưu lại với bảng mã UTF-8").format(pos=exc.start))]) from None
    if "\x00" in text:
        raise FormFileError(path, [FileProblem(None, _("tệp chứa ký tự NUL: không phải văn bản"))])
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _Refused(None, _("tệp trống"))
        builder = _Builder()
        data = builder.build(node)
    except _Refused as exc:
        raise FormFileError(path, [FileProblem(exc.line, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _("sai cú pháp YAML ({problem})").format(problem=exc.problem or exc.context)
        raise FormFileError(path, [FileProblem(mark.line + 1 if mark is not None else None, message)]) from None
    except yaml.YAMLError as exc:
        raise FormFileError(path, [FileProblem(None, _("sai cú pháp YAML ({problem})").format(problem=exc))]) from None
    finally:
        loader.dispose()
    return data, builder.lines


# --------------------------------------------------------------------------- the schema


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _where(path: Sequence[str | int]) -> str:
    """A JSON path as the author reads it: sections[1].rows[4].validation."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _schema_message(error: Any) -> str:
    from jsonschema.exceptions import best_match

    if error.validator in ("anyOf", "oneOf") and error.context:
        error = best_match(error.context)
    validator, value, instance = error.validator, error.validator_value, error.instance
    field = _where(error.absolute_path)
    prefix = f"«{field}»: " if field else ""
    if validator == "required":
        missing = [name for name in value if isinstance(instance, dict) and name not in instance]
        return prefix + _("thiếu trường bắt buộc «{name}»").format(name=", ".join(missing))
    if validator == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in known] if isinstance(instance, dict) else []
        return prefix + _("trường «{name}» không có trong định dạng (viết sai tên?)").format(name=", ".join(extra))
    if validator == "type":
        names = {"string": _("một chữ"), "integer": _("một số nguyên"), "number": _("một số"),
                 "boolean": _("true hoặc false"), "object": _("một mục có các trường"), "array": _("một danh sách")}
        wanted = value if isinstance(value, list) else [value]
        return prefix + _("cần {wanted}").format(wanted=_(" hoặc ").join(names.get(str(w), str(w)) for w in wanted))
    if validator in ("enum", "const"):
        allowed = value if validator == "enum" else [value]
        return prefix + _("«{value}» không được phép; chọn một trong: {allowed}").format(
            value=instance, allowed=", ".join(str(a) for a in allowed))
    if validator == "pattern":
        return prefix + _("«{value}» sai dạng: mã chỉ gồm chữ cái không dấu, chữ số và «_» (hoặc «-» với mã tệp)"
                          ).format(value=instance)
    if validator == "propertyNames":
        return prefix + _("khóa «{value}» sai dạng (cần một năm, ví dụ 2024)").format(value=instance)
    if validator in ("minimum", "maximum"):
        key = _("nhỏ nhất là {n}") if validator == "minimum" else _("lớn nhất là {n}")
        return prefix + _("{value} không được: {limit}").format(value=instance, limit=key.format(n=value))
    if validator in ("minItems", "minProperties"):
        return prefix + _("cần ít nhất {n} mục").format(n=value)
    if validator in ("maxItems", "maxProperties"):
        return prefix + _("nhiều nhất {n} mục").format(n=value)
    if validator == "minLength":
        return prefix + _("không được để trống")
    if validator == "maxLength":
        return prefix + _("quá dài (tối đa {n} ký tự)").format(n=value)
    return prefix + _("không đúng định dạng ({kind})").format(kind=validator)


def _line_of(lines: Mapping[Path_, int], path: Sequence[str | int]) -> int | None:
    """The line of ``path``, or of the nearest enclosing entry that has one."""
    parts = tuple(path)
    while parts not in lines and parts:
        parts = parts[:-1]
    return lines.get(parts)


def _pointed_at(error: Any) -> list[str | int]:
    """The path whose line shows the error: an unknown key's own line rather than its entry's."""
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        extra = [key for key in error.instance if key not in known]
        if extra:
            path.append(extra[0])
    return path


def _schema_problems(data: Any, lines: Mapping[Path_, int]) -> list[FileProblem]:
    errors = sorted(_validator().iter_errors(data), key=lambda e: (_line_of(lines, _pointed_at(e)) or 0,
                                                                    list(map(str, e.absolute_path))))
    problems = [FileProblem(_line_of(lines, _pointed_at(e)), _schema_message(e)) for e in errors[:MAX_REPORTED]]
    if len(errors) > MAX_REPORTED:
        problems.append(FileProblem(None, _("… và {n} lỗi khác").format(n=len(errors) - MAX_REPORTED)))
    return problems


# --------------------------------------------------------------------------- domain objects


def _row_lines(data: Mapping[str, Any], lines: Mapping[Path_, int]) -> dict[str, int]:
    found: dict[str, int] = {}
    for s, section in enumerate(data.get("sections", ())):
        for r, row in enumerate(section.get("rows", ())):
            found.setdefault(row["id"], lines[("sections", s, "rows", r)])
    for t, target in enumerate(data.get("targets", ())):
        found.setdefault(target["id"], lines[("targets", t)])
    return found


def _domain_problems(error: FormDefinitionError, data: Mapping[str, Any], lines: Mapping[Path_, int]
                     ) -> list[FileProblem]:
    rows = _row_lines(data, lines)
    problems = []
    for problem in error.problems:
        if problem.place is not None:
            parts = tuple(int(p) if p.isdigit() else p for p in problem.place.split("."))
            line = _line_of(lines, parts)
        elif problem.row_id is not None:
            line = rows.get(problem.row_id)
        else:
            line = None
        problems.append(FileProblem(line, problem.message))
    return problems


def load_definition(path: Path) -> Definition:
    """The form or target set of ``path``, checked on its own (FormFileError otherwise); checks against other
    definitions (the upper form of a mapping, the form of a target set) are load_definitions'."""
    data, lines = _read_yaml(path)
    problems = _schema_problems(data, lines)
    if problems:
        raise FormFileError(path, problems)
    if data["id"] != path.stem:
        raise FormFileError(path, [FileProblem(lines.get(("id",)), _(
            "mã «{id}» phải trùng tên tệp «{stem}» (không kể .yaml)").format(id=data["id"], stem=path.stem))])
    try:
        return target_set_from_data(data) if data["kind"] == "target_set" else form_from_data(data)
    except FormDefinitionError as exc:
        raise FormFileError(path, _domain_problems(exc, data, lines)) from None


def _related(definition: Definition) -> str | None:
    if isinstance(definition, TargetSet):
        return definition.form
    return definition.mapping.form if definition.mapping is not None else None


def load_definitions(paths: Sequence[Path], others: Sequence[Path] = ()) -> dict[Path, Definition]:
    """Every file of ``paths`` read and checked, with the checks across files: a form's mapping against its upper
    form, a target set against its form, looked up among ``paths`` and then ``others`` by id. Raises
    FormFileError for the first file with problems."""
    loaded = {path: load_definition(path) for path in paths}
    by_id: dict[str, Definition] = {}
    for path in [*paths, *others]:
        if path.stem in by_id:
            continue
        definition = loaded.get(path)
        if definition is None and path.stem in {_related(d) for d in loaded.values()}:
            definition = load_definition(path)
        if definition is not None:
            by_id[definition.id] = definition
    for path, definition in loaded.items():
        wanted = _related(definition)
        if wanted is None:
            continue
        other = by_id.get(wanted)
        line_key = ("form",) if isinstance(definition, TargetSet) else ("upper_form", "form")
        data, lines = _read_yaml(path)
        if not isinstance(other, FormDefinition):
            raise FormFileError(path, [FileProblem(_line_of(lines, line_key), _(
                "không tìm thấy mẫu «{id}» (tệp {id}.yaml cùng thư mục hoặc trong các mẫu có sẵn)").format(id=wanted))])
        try:
            if isinstance(definition, TargetSet):
                check_targets(definition, other)
            else:
                check_mapping(definition, other)
        except FormDefinitionError as exc:
            problems = _domain_problems(exc, data, lines)
            raise FormFileError(path, problems) from None
    return loaded
