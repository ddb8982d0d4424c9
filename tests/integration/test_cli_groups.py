"""A command group is one module listed in ``desktop_app.cli.GROUPS``: its parser shows in the help and its run
gets the database it asked for (or none)."""

from __future__ import annotations

import argparse
import types
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.cli.common import CommandContext, DatabaseUse


def _group(name: str, use: DatabaseUse, seen: list[CommandContext | None]) -> types.ModuleType:
    module = types.ModuleType(f"desktop_app.cli.{name}")

    def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], parents: list[argparse.ArgumentParser]
                   ) -> None:
        sub.add_parser(name, parents=parents, help="nhóm lệnh thử")

    def run(args: argparse.Namespace, context: CommandContext | None) -> int:
        seen.append(context)
        if context is not None:
            print(len(context.services.units.list_units()))
        return 0

    module.NAME = name  # type: ignore[attr-defined]
    module.add_parser = add_parser  # type: ignore[attr-defined]
    module.database_use = lambda args: use  # type: ignore[attr-defined]
    module.run = run  # type: ignore[attr-defined]
    return module


def test_every_group_follows_the_protocol() -> None:
    names = [g.NAME for g in cli.GROUPS]
    assert names == ["demo", "units", "deadline", "documents", "registers", "history", "tracking", "forms"]
    for group in cli.GROUPS:
        assert callable(group.add_parser) and callable(group.database_use) and callable(group.run)


def test_a_new_group_is_listed_and_runs_on_the_database(
        demo_db_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[CommandContext | None] = []
    monkeypatch.setattr(cli, "GROUPS", (*cli.GROUPS, _group("thu", DatabaseUse.EXISTING, seen)))
    assert "thu" in cli.build_parser().format_help()
    assert cli.main(["thu", "--db", str(demo_db_file)]) == 0
    [context] = seen
    assert context is not None and context.database_path == demo_db_file and context.database_existed
    assert int(capsys.readouterr().out) > 0


def test_a_group_on_files_only_opens_no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[CommandContext | None] = []
    monkeypatch.setattr(cli, "GROUPS", (*cli.GROUPS, _group("tep", DatabaseUse.NONE, seen)))
    missing = tmp_path / "chua-co.sqlite"
    assert cli.main(["tep", "--db", str(missing)]) == 0
    assert seen == [None] and not missing.exists()


def test_a_group_on_an_existing_database_refuses_a_missing_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[CommandContext | None] = []
    monkeypatch.setattr(cli, "GROUPS", (*cli.GROUPS, _group("thu", DatabaseUse.EXISTING, seen)))
    missing = tmp_path / "chua-co.sqlite"
    assert cli.main(["thu", "--db", str(missing)]) == cli.EXIT_DATABASE_ERROR
    assert seen == [] and not missing.exists() and "Không tìm thấy tệp cơ sở dữ liệu" in capsys.readouterr().err


@pytest.fixture
def demo_db_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "mau.sqlite"
    assert cli.main(["--db", str(path), "demo"]) == 0
    capsys.readouterr()
    return path
