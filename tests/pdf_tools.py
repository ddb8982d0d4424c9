"""Reading printed documents back in tests: poppler's tools, the project's ND30 layout checks (tests/layout_check.py),
LibreOffice's printing of Word files, and comparing text in reading order. One copy for every test file that needs
them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests import layout_check

#: The layout checks as a script (``python CHECKER FILE.pdf [--letter] [--json]``), for tests that run it apart.
CHECKER = Path(layout_check.__file__).resolve()
MM = 72 / 25.4  # PDF points per millimetre


def tool(name: str, package: str = "poppler-utils") -> str:
    """The path of a command-line tool; a clear failure (never a skip) naming the Debian package if missing."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"'{name}' is needed for these tests: install {package} (apt-get install {package}).")
    return found


def layout_failures(pdf: Path, *, letter: bool = False, landscape_ok: bool = False) -> dict[str, str]:
    """The Decree 30 layout rules ``pdf`` breaks, each with the reason; empty when it is laid out right."""
    tool("pdffonts")
    return layout_check.failures(pdf, letter=letter, landscape_ok=landscape_ok)


def pdftotext(pdf: Path, mode: str = "-layout", page: int | None = None) -> str:
    """The text poppler reads from ``pdf`` (one ``page`` or all), in UTF-8."""
    args = [tool("pdftotext"), mode, "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    return " ".join(text.split())


def in_order(text: str, parts: list[str]) -> None:
    """Every part occurs in ``text`` after the previous one (whitespace squeezed on both sides)."""
    flat, at = squeeze(text), 0
    for part in parts:
        found = flat.find(squeeze(part), at)
        assert found >= 0, f"«{part}» missing or out of order after position {at}: …{flat[at:at + 300]}…"
        at = found + len(squeeze(part))


def libreoffice_pdfs(files: dict[str, Path], folder: Path) -> dict[str, Path]:
    """Print .docx files to PDF with LibreOffice Writer, as an office that opens them in Word-like software would."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is needed to check how the .docx prints: install libreoffice-writer-nogui "
                    "(apt-get install libreoffice-writer-nogui) so that 'soffice' is on PATH.")
    pdf_dir = folder / "pdf"
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", "pdf",
         "--outdir", str(pdf_dir), *(str(p) for p in files.values())],
        capture_output=True, text=True, timeout=240,
    )
    out: dict[str, Path] = {}
    for name, path in files.items():
        pdf = pdf_dir / f"{path.stem}.pdf"
        if not pdf.is_file():
            pytest.fail(f"LibreOffice did not convert {path.name} (is Writer installed? apt-get install "
                        f"libreoffice-writer-nogui): {result.stdout} {result.stderr}")
        out[name] = pdf
    return out
