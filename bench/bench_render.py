"""Rendering benchmark: the official layout engine against plain reportlab, and a batch of letters.

1. A 5-page plan (the first sections of plan 94/KH-LĐLĐ): render time with ``render_official_pdf`` and its
   ratio to reportlab rendering the same paragraphs with no layout engine (one SimpleDocTemplate, one
   justified style, same embedded font), both measured in this run (goal ≤ 1.5×).
2. 300 one-page letters (công văn) rendered one file each, in one batch (goal: under 30 s here).

Run from the repository root: ``.venv/bin/python bench/bench_render.py [--runs 7]``. Prints, exits 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from desktop_app.domain.documents import (  # noqa: E402
    LETTER,
    DocumentNumber,
    ListItem,
    OfficialDocument,
    Paragraph,
    Recipients,
    Section,
    outline,
)
from desktop_app.files.pdf.fonts import FontChoice, choose_fonts  # noqa: E402
from desktop_app.files.pdf.official import render_official_pdf  # noqa: E402
from desktop_app.services.demo_content import demo_documents  # noqa: E402

PLAN_94 = demo_documents().plan_94


def five_page_plan() -> OfficialDocument:
    """Plan 94 (7 pages) with its longest section cut until the whole plan prints on 5 pages."""
    longest = max(range(len(PLAN_94.body)), key=lambda i: len(getattr(PLAN_94.body[i], "children", ())))
    section = PLAN_94.body[longest]
    assert isinstance(section, Section)
    with tempfile.TemporaryDirectory() as folder:
        for keep in range(len(section.children), 0, -1):
            body = list(PLAN_94.body)
            body[longest] = replace(section, children=section.children[:keep])
            candidate = replace(PLAN_94, body=tuple(body))
            if render_official_pdf(candidate, Path(folder) / "p.pdf").pages <= 5:
                return candidate
    return PLAN_94


def plain_texts(doc: OfficialDocument) -> list[str]:
    """The document's paragraphs in reading order, with the same bold and italic as printed (so the
    baseline embeds the same font styles), but none of the layout: no header, numbering or signer block."""
    texts = [f"<b>{doc.summary}</b>", *(f"<i>{b.text}</i>" for b in doc.basis)]
    for entry in outline(doc.body):
        node = entry.node
        texts.append(f"<b>{entry.label} {node.heading}</b>" if isinstance(node, Section) else node.text)
    texts += [p.text for p in doc.closing]
    texts += [f"<b><i>Nơi nhận:</i></b> {' '.join(doc.recipients.lines)}"]
    return texts


def render_plain(texts: list[str], path: Path, fonts: FontChoice) -> None:
    """The same paragraphs through reportlab alone: no header table, no numbering, no keep-together."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import SimpleDocTemplate

    style = ParagraphStyle(
        "body",
        fontName=fonts.regular,
        fontSize=14,
        leading=16.8,
        alignment=TA_JUSTIFY,
        firstLineIndent=36,
        spaceAfter=6,
    )
    template = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=35 * mm,
        rightMargin=20 * mm,
        topMargin=25 * mm,
        bottomMargin=20 * mm,
        initialFontName=fonts.regular,
    )
    template.build([RLParagraph(text, style) for text in texts])


def letter(number: int) -> OfficialDocument:
    return OfficialDocument(
        type=LETTER,
        number=DocumentNumber(number, 2026, None, "LĐLĐ", "VP"),
        header=replace(PLAN_94.header, issue_date=date(2026, 11, 20)),
        subject="đôn đốc gửi báo cáo sơ kết giữa nhiệm kỳ",
        addressees=(f"Ban Chấp hành CĐCS số {number}",),
        body=(
            Paragraph(
                "Thực hiện Kế hoạch số 94/KH-LĐLĐ ngày 24/3/2021 của Ban Thường vụ Liên đoàn Lao động huyện, "
                "đến nay đơn vị chưa gửi báo cáo sơ kết giữa nhiệm kỳ."
            ),
            ListItem("Đề nghị gửi báo cáo về Văn phòng Liên đoàn Lao động huyện trước ngày 25/11/2026.", "-"),
        ),
        recipients=Recipients(("- Như trên;", "- Lưu: VP.")),
        signer=PLAN_94.signer,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--letters", type=int, default=300)
    args = parser.parse_args(argv)
    fonts = choose_fonts()
    doc = five_page_plan()
    texts = plain_texts(doc)
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        folder = Path(tmp)
        pages = render_official_pdf(doc, folder / "warm.pdf", fonts=fonts).pages
        render_plain(texts, folder / "warm-plain.pdf", fonts)
        engine: list[float] = []
        plain: list[float] = []
        for run in range(args.runs):
            order = [("engine", engine), ("plain", plain)]
            if run % 2:
                order.reverse()
            for name, sink in order:
                started = time.perf_counter()
                if name == "engine":
                    render_official_pdf(doc, folder / f"e{run}.pdf", fonts=fonts)
                else:
                    render_plain(texts, folder / f"p{run}.pdf", fonts)
                sink.append(time.perf_counter() - started)
        ratio = statistics.median(engine) / statistics.median(plain)
        print(f"Rendering benchmark, font {fonts.family}, {args.runs} runs each, alternating")
        print(f"5-page plan ({pages} pages, {len(texts)} paragraphs):")
        print(f"  official layout engine  median {statistics.median(engine) * 1000:7.0f} ms")
        print(f"  plain reportlab         median {statistics.median(plain) * 1000:7.0f} ms")
        print(f"  ratio {ratio:.2f}x (goal <= 1.50x) -> {'PASS' if ratio <= 1.5 else 'FAIL'}")
        started = time.perf_counter()
        for number in range(1, args.letters + 1):
            render_official_pdf(letter(number), folder / f"letter-{number:03d}.pdf", fonts=fonts)
        batch = time.perf_counter() - started
        print(
            f"{args.letters} one-page letters in one batch: {batch:.1f} s (goal < 30 s) -> "
            f"{'PASS' if batch < 30 else 'FAIL'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
