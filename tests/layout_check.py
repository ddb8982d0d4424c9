"""The measurable rules of Decree 30/2020 Appendix I (docs: ND30_LAYOUT.md) checked on a finished PDF, as the
project's own test tool: page size, embedded fonts, NFC text, margins, the header grid, motto and slogan with its
rule, the rule under the issuing body, number and date lines, page numbers (each appendix numbering its own
pages), document type, section headings, body size, and "Nơi nhận" beside the signer.

In tests: ``failures(pdf)`` (rule → reason) or ``check_layout(pdf)``. By hand:
``python tests/layout_check.py FILE.pdf [--letter] [--landscape-ok] [--json]`` (exit status 1 when a rule fails).
What cannot be measured (wording, whether a rule is "1/3 to 1/2 of the line") is left to the page images.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import shutil
import statistics
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber

MM = 72 / 25.4
A4_SHORT, A4_LONG = 595.28, 841.89
SLACK = 1.5  # points a measurement may be off (rounding in the PDF, glyph side bearings)
# The decree's minimum margins: the layout may reach into the recommended margins no further than these.
MIN_LEFT, MIN_RIGHT, MIN_TOP, MIN_BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM
PAGE_NUMBER_AREA = 25 * MM  # the page number sits above this line, in the top margin

MOTTO = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
SLOGAN = re.compile(r"Độc lập - Tự do - Hạnh phúc")
NUMBER_LINE = re.compile(r"^Số:?\s*\S*\d*\s*/\s*\S+")
DATE = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")
APPENDIX_LABEL = re.compile(r"(PHỤ LỤC|ĐỀ CƯƠNG)( [IVXLC]+| \d+)?")
SECTION_HEADING = re.compile(r"^[IVXL]+\.\s+\S")
SIGNER_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.? ?[A-ZĐ]|CHỦ TỊCH")
RECIPIENTS = re.compile(r"^Nơi nhận:?")


@dataclass(frozen=True)
class RuleResult:
    rule: str
    ok: bool
    why: str = ""


@dataclass(frozen=True)
class Line:
    """Characters that share a baseline and no wide gap: one visual line of one column."""

    chars: tuple[dict[str, Any], ...]
    text: str
    #: For each character of ``text``, the PDF character it came from (None for an inferred space).
    sources: tuple[dict[str, Any] | None, ...]

    @property
    def top(self) -> float:
        return min(c["top"] for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c["bottom"] for c in self.chars)

    @property
    def x0(self) -> float:
        return min(c["x0"] for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars)

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def size(self) -> float:
        return float(statistics.median(c["size"] for c in self.chars))

    def part(self, pattern: re.Pattern[str]) -> Line | None:
        """The characters matching ``pattern`` on this line, as a line of their own."""
        found = pattern.search(self.text)
        if found is None:
            return None
        picked: list[dict[str, Any]] = []
        for char in self.sources[found.start():found.end()]:
            if char is not None and not any(char is seen for seen in picked):
                picked.append(char)
        return Line(tuple(picked), found.group(0), self.sources[found.start():found.end()]) if picked else None


def _style_share(chars: Iterable[dict[str, Any]], words: Sequence[str]) -> float:
    names = [c["fontname"].casefold() for c in chars]
    return sum(any(w in n for w in words) for n in names) / len(names) if names else 0.0


def is_bold(line: Line) -> bool:
    return _style_share(line.chars, ("bold",)) > 0.5


def is_italic(line: Line) -> bool:
    return _style_share(line.chars, ("italic", "oblique")) > 0.5


def page_lines(page: Any) -> list[Line]:
    """The page's visual lines, top to bottom; a gap wider than the font size splits columns on one baseline."""
    rows: list[list[dict[str, Any]]] = []
    for char in sorted((c for c in page.chars if not c["text"].isspace()), key=lambda c: (c["bottom"], c["x0"])):
        row = next((r for r in rows if abs(r[0]["bottom"] - char["bottom"]) < 2.5
                    and abs(r[0]["size"] - char["size"]) < 3), None)
        if row is None:
            rows.append([char])
        else:
            row.append(char)
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        column: list[dict[str, Any]] = [row[0]]
        for before, char in itertools.pairwise(row):
            if char["x0"] - before["x1"] > max(char["size"], before["size"]):
                lines.append(_line(column))
                column = []
            column.append(char)
        lines.append(_line(column))
    return sorted(lines, key=lambda line: (line.top, line.x0))


def _line(chars: list[dict[str, Any]]) -> Line:
    text, sources = "", []
    for i, char in enumerate(chars):
        if i and char["x0"] - chars[i - 1]["x1"] > char["size"] * 0.2:
            text += " "
            sources.append(None)
        text += char["text"]
        sources.extend([char] * len(char["text"]))
    return Line(tuple(chars), text, tuple(sources))


def first_match(lines: Iterable[Line], pattern: re.Pattern[str]) -> Line | None:
    return next((hit for line in lines if (hit := line.part(pattern)) is not None), None)


def _fonts_not_embedded(pdf: Path) -> list[str]:
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        raise RuntimeError("pdffonts is needed (apt-get install poppler-utils)")
    listing = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True).stdout
    # Columns: name type encoding emb sub uni object ID; the name may be absent, the type has spaces.
    return [row.split()[0] for row in listing.splitlines()[2:]
            if not re.search(r"\syes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row)]


def _is_a4(page: Any, landscape_ok: bool) -> bool:
    portrait = abs(page.width - A4_SHORT) < 2 and abs(page.height - A4_LONG) < 2
    landscape = abs(page.width - A4_LONG) < 2 and abs(page.height - A4_SHORT) < 2
    return portrait or (landscape_ok and landscape)


def _text_middle(page: Any) -> float:
    return float((MIN_LEFT + page.width - MIN_RIGHT) / 2)


def _page_number(lines: list[Line]) -> Line | None:
    return next((line for line in lines if line.bottom < PAGE_NUMBER_AREA and line.text.isdigit()), None)


def opens_appendix(lines: list[Line]) -> bool:
    """The page's first line under the top margin is an appendix label (PHỤ LỤC II, ĐỀ CƯƠNG)."""
    body = [line for line in lines if line.bottom >= PAGE_NUMBER_AREA]
    return bool(body) and APPENDIX_LABEL.fullmatch(body[0].text) is not None


def _horizontal_rules(page: Any) -> list[dict[str, Any]]:
    return [r for r in [*page.lines, *page.rects] if abs(r["top"] - r["bottom"]) < 2 and r["x1"] - r["x0"] > 5]


def check_layout(pdf: Path, *, letter: bool = False, landscape_ok: bool = False) -> list[RuleResult]:
    """Every rule with whether it holds and, when not, why (pages and texts named)."""
    results: list[RuleResult] = []

    def rule(name: str, ok: object, why: str | Callable[[], str] = "") -> None:
        results.append(RuleResult(name, bool(ok), "" if ok else (why() if callable(why) else why)))

    missing = _fonts_not_embedded(pdf)
    rule("fonts embedded", not missing, f"not embedded: {', '.join(missing)}")
    with pdfplumber.open(pdf) as document:
        pages = document.pages
        lines = [page_lines(page) for page in pages]
        appendix_starts = [i for i, page in enumerate(lines) if i and opens_appendix(page)]
        first_appendix = appendix_starts[0] if appendix_starts else len(pages)

        wrong_size = [f"p{i} {p.width:.0f} x {p.height:.0f} pt" for i, p in enumerate(pages, 1)
                      if not _is_a4(p, landscape_ok or i - 1 >= first_appendix)]
        rule("A4 page", not wrong_size, "; ".join(wrong_size))

        text = "".join(c["text"] for page in pages for c in page.chars)
        rule("text is NFC", unicodedata.is_normalized("NFC", text) and not any(map(unicodedata.combining, text)),
             "decomposed characters found")

        outside = []
        for n, (page, page_text) in enumerate(zip(pages, lines, strict=True), 1):
            number = _page_number(page_text) if n > 1 else None
            for line in page_text:
                if line is number:
                    continue
                if (line.x0 < MIN_LEFT - SLACK or line.x1 > page.width - MIN_RIGHT + SLACK
                        or line.top < MIN_TOP - SLACK or line.bottom > page.height - MIN_BOTTOM + SLACK):
                    outside.append(f"p{n} «{line.text[:30]}»")
        rule("margins (left >= 30, right/top/bottom >= 15/20/20 mm)", not outside, "; ".join(outside[:5]))

        rule("no page number on page 1", _page_number(lines[0]) is None, "a number in the top margin of page 1")
        wrong_numbers = []
        expected = 1
        for n, (page, page_text) in enumerate(zip(pages, lines, strict=True), 1):
            number = _page_number(page_text)
            if n == 1 or n - 1 in appendix_starts:  # each appendix opens, like page 1, without a number
                expected = 1
                if n > 1 and number is not None:
                    wrong_numbers.append(f"{n} (an appendix's first page shows «{number.text}»)")
                continue
            expected += 1
            if number is None:
                wrong_numbers.append(f"{n} (no number)")
            elif number.text != str(expected):
                wrong_numbers.append(f"{n} (shows «{number.text}», should be «{expected}»)")
            elif abs(number.centre - _text_middle(page)) > 15 or is_italic(number) or not 12.5 <= number.size <= 14.5:
                wrong_numbers.append(f"{n} (not centred, upright, 13-14 pt)")
        rule("page numbers from page 2, centred in the top area", not wrong_numbers,
             f"pages {', '.join(wrong_numbers)}")

        first, page = lines[0], pages[0]
        middle = _text_middle(page)
        motto = first_match(first, MOTTO)
        rule("motto line present", motto is not None, "no 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' on page 1")
        if motto is not None:
            rule("motto: right column, bold, 12-13 pt", motto.centre > middle and is_bold(motto)
                 and 11.5 <= motto.size <= 13.5,
                 f"centre {motto.centre:.0f} (text-area middle {middle:.0f}), size {motto.size:.1f}")
        slogan = first_match(first, SLOGAN)
        rule("slogan 'Độc lập - Tự do - Hạnh phúc', bold, 13-14 pt", slogan is not None and is_bold(slogan)
             and 12.5 <= slogan.size <= 14.5, "missing or wrong style/size")
        rules = _horizontal_rules(page)
        if slogan is not None:
            width = slogan.x1 - slogan.x0
            under = [r for r in rules if 0 <= r["top"] - slogan.bottom <= 8
                     and 0.85 * width <= r["x1"] - r["x0"] <= 1.15 * width
                     and abs((r["x0"] + r["x1"]) / 2 - slogan.centre) < 10]
            rule("solid rule under the slogan, as long as the text", under,
                 f"no rule of about {width:.0f} pt just under the slogan")
            left = [r for r in rules if (r["x0"] + r["x1"]) / 2 < middle and r["top"] < slogan.bottom + 60]
            rule("rule under the issuing body (left column)", left, "no horizontal rule in the left header column")

        headings = [line for page_text in lines for line in page_text
                    if SECTION_HEADING.match(line.text) and line.text.upper() == line.text]
        plain = [line.text[:30] for line in headings if not is_bold(line)]
        rule("section headings (I., II., …) bold", headings and not plain,
             f"not bold: {'; '.join(plain[:3])}" if headings else "no 'I. …' headings found")

        header = [line for line in first if motto is not None and line.top <= motto.top + 80]
        overlaps = [f"«{a.text[:20]}» / «{b.text[:20]}»" for i, a in enumerate(header) for b in header[i + 1:]
                    if a.top < b.bottom - 1 and b.top < a.bottom - 1 and a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1]
        rule("header columns do not overlap", not overlaps, "; ".join(overlaps[:3]))

        rule("number line 'Số: …/…' on page 1", first_match(first, NUMBER_LINE) is not None, "not found")
        date = first_match(first, DATE)
        if date is None:
            rule("date line on one line, italic", False, "no 'ngày … tháng … năm …' on one line of page 1")
        else:
            found = DATE.search(date.text)
            assert found is not None
            day, month = found.group(1), found.group(2)
            # Only days 1-9 and months 1-2 take a leading zero.
            padded_right = (len(day) == 2 or int(day) >= 10) and month == (f"{int(month):02d}" if int(month) < 3
                                                                           else str(int(month)))
            rule("date line on one line, italic", is_italic(date), "not italic")
            rule("date padding (days 1-9, months 1-2 only)", padded_right, f"«{found.group(0)}»")

        if not letter:
            kind = next((line for line in first if motto is not None and line.top > motto.top + 30
                         and line.text.isupper() and len(line.text) < 40 and is_bold(line)
                         and abs(line.centre - middle) < 15), None)
            rule("document type centred, bold, upper case", kind is not None, "not found under the header")

        sizes = [round(c["size"]) for page_text in lines for line in page_text for c in line.chars]
        body = statistics.mode(sizes) if sizes else 0
        rule("body text 13-14 pt", 13 <= body <= 14, f"most common size {body}")

        main_lines = lines[:first_appendix]
        recipients_page = next((i for i, ls in enumerate(main_lines) if first_match(ls, RECIPIENTS)), None)
        signer_page = next((i for i, ls in enumerate(main_lines) if first_match(ls, SIGNER_AUTHORITY)), None)
        rule("'Nơi nhận' and signer block on the same page", recipients_page is not None
             and recipients_page == signer_page,
             f"Nơi nhận p{'-' if recipients_page is None else recipients_page + 1}, "
             f"signer p{'-' if signer_page is None else signer_page + 1}")
        if recipients_page is not None:
            label = first_match(main_lines[recipients_page], RECIPIENTS)
            assert label is not None
            rule("'Nơi nhận:' bold italic 12 pt", is_bold(label) and is_italic(label) and 11.5 <= label.size <= 12.5,
                 f"size {label.size:.1f}, font {label.chars[0]['fontname']}")
    return results


def failures(pdf: Path, *, letter: bool = False, landscape_ok: bool = False) -> dict[str, str]:
    """The rules that fail on ``pdf``, each with its reason; empty when the layout holds."""
    return {r.rule: r.why for r in check_layout(pdf, letter=letter, landscape_ok=landscape_ok) if not r.ok}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--letter", action="store_true", help="a công văn: a V/v line instead of a type and summary")
    parser.add_argument("--landscape-ok", action="store_true", help="landscape A4 pages are allowed")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = check_layout(args.pdf, letter=args.letter, landscape_ok=args.landscape_ok)
    if args.json:
        print(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=1))
    else:
        for r in results:
            print(("PASS " if r.ok else "FAIL ") + r.rule + (f" — {r.why}" if r.why else ""))
        print(f"{sum(r.ok for r in results)}/{len(results)} rules hold")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
