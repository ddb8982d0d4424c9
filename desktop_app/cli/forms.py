"""``forms list|validate|aggregate|workbooks|import|export``: the indicator forms and target sets shipped in
forms/indicators/, the check of a definition file before it is shipped or sent (no database opened for
either), the district's figures of a form for one period (``cli.form_figures``), and the offline entry
workbooks out and back and the aggregated table exported (``cli.form_workbooks``)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from desktop_app.cli import form_figures, form_targets, form_workbooks
from desktop_app.cli.common import EXIT_USER_ERROR, CommandContext, DatabaseUse, format_option, print_json
from desktop_app.domain.i18n import _

NAME = "forms"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
               ) -> None:
    forms = sub.add_parser(NAME, help=_("mẫu biểu số liệu và bộ chỉ tiêu"))
    forms_sub = forms.add_subparsers(dest="forms_command", metavar=_("LỆNH"))
    forms_sub.required = True
    listing = forms_sub.add_parser("list", help=_("các mẫu biểu và bộ chỉ tiêu có sẵn"))
    format_option(listing)
    validate = forms_sub.add_parser("validate", help=_("kiểm tra một tệp định nghĩa mẫu biểu (.yaml)"))
    validate.add_argument("file", type=Path, metavar=_("TỆP.yaml"))
    format_option(validate)
    form_figures.add_parser(forms_sub, parents)
    form_targets.add_parser(forms_sub, parents)
    form_workbooks.add_parsers(forms_sub, parents)


def database_use(args: argparse.Namespace) -> DatabaseUse:
    if (args.forms_command in (form_figures.COMMAND, form_targets.COMMAND)
            or args.forms_command in form_workbooks.COMMANDS):
        return DatabaseUse.EXISTING
    return DatabaseUse.NONE


def _record(info: Any) -> dict[str, Any]:
    record: dict[str, Any] = asdict(info)
    record["file"] = str(info.file)
    record["snapshot_dates"] = list(info.snapshot_dates)
    record["term"] = list(info.term) if info.term is not None else None
    return record


def _line(info: Any) -> str:
    if info.kind == "target_set":
        term = f"{info.term[0]}–{info.term[1]}" if info.term else ""
        detail = _("bộ chỉ tiêu {term}, {n} chỉ tiêu, đọc mẫu {form}").format(term=term, n=info.targets,
                                                                             form=info.form)
    else:
        level = _("công đoàn cơ sở") if info.level == "cdcs" else _("cấp trên")
        detail = _("{code}, {level}, {n} dòng").format(code=info.code or info.id, level=level, n=info.rows)
    return f"{info.id}\t{info.title}\t{detail}"


def _problem_json(problem: Any) -> dict[str, Any]:
    return {"line": problem.line, "message": problem.message}


def run(args: argparse.Namespace, context: CommandContext | None) -> int:
    from desktop_app.services.indicator_forms import check_definition, list_definitions

    if args.forms_command == form_figures.COMMAND:
        return form_figures.run(args, context)
    if args.forms_command == form_targets.COMMAND:
        return form_targets.run(args, context)
    if args.forms_command in form_workbooks.COMMANDS:
        return form_workbooks.run(args, context)
    if args.forms_command == "list":
        good, broken = list_definitions()
        if args.format == "json":
            print_json([_record(info) for info in good])
        else:
            for info in good:
                print(_line(info))
        for check in broken:
            for message in check.messages:
                print(message, file=sys.stderr)
        return EXIT_USER_ERROR if broken else 0

    check = check_definition(args.file)
    if args.format == "json":
        print_json({"file": str(args.file), "valid": check.valid,
                    "definition": _record(check.info) if check.info is not None else None,
                    "problems": [_problem_json(p) for p in check.problems]})
    elif check.info is not None:
        print(_("«{file}» hợp lệ: {line}").format(file=args.file, line=_line(check.info).replace("\t", " — ")))
    if not check.valid:
        if args.format != "json":
            for message in check.messages:
                print(message, file=sys.stderr)
        return EXIT_USER_ERROR
    return 0
