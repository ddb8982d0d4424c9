"""House rules from ARCHITECTURE.md, checked on the source: layers, lint, types."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "desktop_app"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_under(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def test_only_ui_imports_qt() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and any(name.split(".")[0] == "PySide6" for name in imported_modules(path))
    ]
    assert offenders == []


def test_ui_never_touches_the_database_directly() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in modules_under("ui")
        if any(name.split(".")[0] == "sqlalchemy" or name.startswith("desktop_app.persistence.models")
               or name.startswith("desktop_app.persistence.repositories") for name in imported_modules(path))
    ]
    assert offenders == []


@pytest.mark.parametrize("forbidden", ["sqlalchemy", "PySide6", "openpyxl", "reportlab", "alembic"])
def test_domain_is_pure_python(forbidden: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in modules_under("domain")
        if any(name.split(".")[0] == forbidden for name in imported_modules(path))
        or any(name.startswith("desktop_app.") and not name.startswith("desktop_app.domain")
               for name in imported_modules(path))
    ]
    assert offenders == []


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean_for_domain_and_services() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ui_reaches_the_database_only_through_services() -> None:
    offenders = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in modules_under("ui")
        for name in imported_modules(path)
        if name == "desktop_app.persistence" or name.startswith("desktop_app.persistence.")
    )
    assert offenders == []
