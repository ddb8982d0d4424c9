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


def _imports_of_signing(path: Path) -> bool:
    """Whether ``path`` imports desktop_app.files.pdf.signing in any spelling (the module, a name from it, or it
    as a name from its package)."""
    signing = "desktop_app.files.pdf.signing"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name == signing or a.name.startswith(signing + ".")
                                                for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == signing or node.module.startswith(signing + "."):
                return True
            if node.module == "desktop_app.files.pdf" and any(a.name == "signing" for a in node.names):
                return True
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            return True  # relative imports would hide what is imported from this check; the package uses none
    return False


@pytest.mark.parametrize("folder", ["cli", "ui"])
def test_signing_goes_through_services_signatures(folder: str) -> None:
    """The command line and the screens sign and verify through services/signatures, never files/pdf/signing."""
    offenders = [str(path.relative_to(ROOT)) for path in modules_under(folder) if _imports_of_signing(path)]
    assert offenders == []


def test_the_signing_check_sees_every_spelling_of_the_import(tmp_path: Path) -> None:
    spellings = [
        "import desktop_app.files.pdf.signing\n",
        "from desktop_app.files.pdf.signing import sign_pdf\n",
        "from desktop_app.files.pdf import signing\n",
        "def f() -> None:\n    from desktop_app.files.pdf.signing import verify_pdf\n",
        "from .signing import sign_pdf\n",
    ]
    for number, text in enumerate(spellings):
        module = tmp_path / f"m{number}.py"
        module.write_text(text, encoding="utf-8")
        assert _imports_of_signing(module), text
    clean = tmp_path / "clean.py"
    clean.write_text("from desktop_app.services.signatures import sign_pdf_file\n", encoding="utf-8")
    assert not _imports_of_signing(clean)


def test_ui_reaches_the_database_only_through_services() -> None:
    offenders = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in modules_under("ui")
        for name in imported_modules(path)
        if name == "desktop_app.persistence" or name.startswith("desktop_app.persistence.")
    )
    assert offenders == []


def test_ui_never_reaches_the_open_database_object() -> None:
    """Screens ask services (storage, history…) about the database; they never hold the engine or the file."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in modules_under("ui")
        if ".database." in path.read_text(encoding="utf-8") or "context.database" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
