"""Indicator forms and target sets as data: list the definitions shipped in forms/indicators/ and check a
definition file (the command line's ``forms list`` and ``forms validate``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.forms import FormDefinition, TargetSet
from desktop_app.domain.i18n import _
from desktop_app.files.forms import FileProblem, FormFileError, load_definitions, shipped_forms

__all__ = ["DefinitionCheck", "DefinitionInfo", "check_definition", "list_definitions"]


@dataclass(frozen=True)
class DefinitionInfo:
    """What a listing shows of one definition."""

    id: str
    kind: str  # "form" or "target_set"
    title: str
    version: int
    file: Path
    code: str = ""
    level: str | None = None
    period_type: str | None = None
    snapshot_dates: tuple[str, ...] = ()  # "31/5"
    sections: int = 0
    rows: int = 0
    upper_form: str | None = None
    form: str | None = None  # the form a target set reads
    term: tuple[int, int] | None = None
    targets: int = 0


@dataclass(frozen=True)
class DefinitionCheck:
    """The outcome of checking one file: the definition when it is usable, the problems (file, line, what)
    otherwise."""

    file: Path
    info: DefinitionInfo | None
    problems: tuple[FileProblem, ...]
    messages: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return not self.problems


def _info(definition: FormDefinition | TargetSet, path: Path) -> DefinitionInfo:
    if isinstance(definition, TargetSet):
        return DefinitionInfo(
            id=definition.id, kind="target_set", title=definition.title, version=definition.version, file=path,
            form=definition.form, term=(definition.first_year, definition.last_year),
            targets=len(definition.targets))
    return DefinitionInfo(
        id=definition.id, kind="form", title=definition.title, version=definition.version, file=path,
        code=definition.code, level=definition.level, period_type=definition.period_type,
        snapshot_dates=tuple(f"{day}/{month}" for month, day in definition.snapshot_dates),
        sections=len(definition.sections), rows=len(definition.rows),
        upper_form=definition.mapping.form if definition.mapping is not None else None)


def check_definition(path: Path) -> DefinitionCheck:
    """Check ``path`` on its own and against the definitions it names (an upper form, the form of a target set),
    looked up beside it first, then among the shipped ones."""
    beside = sorted(p for p in path.parent.glob("*.yaml") if p != path) if path.parent.is_dir() else []
    try:
        definition = load_definitions([path], others=[*beside, *shipped_forms()])[path]
    except FormFileError as exc:
        return DefinitionCheck(path, None, exc.problems, tuple(str(exc).splitlines()))
    return DefinitionCheck(path, _info(definition, path), (), ())


def list_definitions() -> tuple[list[DefinitionInfo], list[DefinitionCheck]]:
    """The usable shipped definitions in file order, and the checks of those that are not."""
    good: list[DefinitionInfo] = []
    broken: list[DefinitionCheck] = []
    paths = shipped_forms()
    if not paths:
        missing = FileProblem(None, _("không có tệp .yaml nào trong thư mục mẫu biểu"))
        return [], [DefinitionCheck(Path("forms/indicators"), None, (missing,), (missing.message,))]
    for path in paths:
        check = check_definition(path)
        if check.info is not None:
            good.append(check.info)
        else:
            broken.append(check)
    return good, broken
