"""The compiled Vietnamese texts for Qt's own buttons are exactly what their source file says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "resources" / "translations" / "qt_vi.ts"
COMPILED = SOURCE.with_suffix(".qm")


def test_the_compiled_file_is_made_from_the_source(tmp_path: Path) -> None:
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    made = tmp_path / "qt_vi.qm"
    subprocess.run([str(lrelease), str(SOURCE), "-qm", str(made)], check=True, capture_output=True)
    assert made.read_bytes() == COMPILED.read_bytes(), "run pyside6-lrelease on qt_vi.ts and commit qt_vi.qm"


def test_every_text_is_translated() -> None:
    messages = ElementTree.parse(SOURCE).getroot().iter("message")
    for message in messages:
        translation = message.find("translation")
        assert translation is not None and (translation.text or "").strip(), message.findtext("source")
        assert translation.get("type") != "unfinished", message.findtext("source")
