"""Fixtures the printing tests share."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from desktop_app.files.pdf.fonts import FontChoice, choose_fonts
from desktop_app.files.pdf.official import RenderResult, render_official_pdf


@pytest.fixture(scope="session")
def fonts() -> FontChoice:
    """The font chain's choice on this machine (read once: indexing the font folders takes a moment)."""
    return choose_fonts()


@pytest.fixture(scope="session")
def boxed(tmp_path_factory: pytest.TempPathFactory, fonts: FontChoice) -> tuple[Path, RenderResult, int]:
    """The plan with boxes 10b, 11, 13 and two appendices, and how many pages the plan itself takes."""
    from tests.integration.test_official_boxes import BOXED_PLAN

    folder = tmp_path_factory.mktemp("boxes")
    pdf = folder / "boxed.pdf"
    result = render_official_pdf(BOXED_PLAN, pdf, fonts)
    alone = render_official_pdf(dataclasses.replace(BOXED_PLAN, appendices=()), folder / "alone.pdf", fonts)
    return pdf, result, alone.pages
