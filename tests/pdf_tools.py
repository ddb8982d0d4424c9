"""Reading printed documents back in tests: poppler's tools, the shared ND30 layout checker, LibreOffice's
printing of Word files, and comparing text in reading order. One copy for every test file that needs them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKER = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "nd30_pdf_check.py"
MM = 72 / 25.4  # PDF points per millimetre


def tool(name: str, package: str = "poppler-utils") -> str:
    """The path of a command-line tool; a clear failure (never a skip) naming the Debian package if missing."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"'{name}' is needed for these tests: install {package} (apt-get install {package}).")
    return found


def run_checker(pdf: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    if not CHECKER.is_file():
        pytest.fail(f"The layout checker is missing: {CHECKER}")
    tool("pdffonts")
    return subprocess.run([sys.executable, str(CHECKER), str(pdf), *extra], capture_output=True, text=True, timeout=120)


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
