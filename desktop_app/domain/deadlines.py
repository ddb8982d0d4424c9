"""Deadlines as plans write them ("trước ngày 15/11/2020", "Quý II/2021", "Hàng năm"…), read into
dated milestones that tracking can use, with everything not understood flagged instead of guessed."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import Enum

from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import format_date, from_roman, nfc

__all__ = [
    "DeadlineRule",
    "Milestone",
    "Timing",
    "TimingKind",
    "find_timing_phrases",
    "parse_timing",
    "timing_to_json",
    "working_days_between",
]


class TimingKind(Enum):
    """What a milestone is; the values are what JSON and the database carry."""

    DATE = "date"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"
    RECURRING = "recurring"
    ONGOING = "ongoing"  # "Thường xuyên": no date can ever be derived from it
    # For callers that store an unread phrase as a row; parse_timing leaves ``milestones`` empty instead.
    UNKNOWN = "unknown"


class DeadlineRule(Enum):
    """How "trước ngày X" is read. DOMAIN §3: X itself is the last acceptable day unless configured."""

    INCLUSIVE = "inclusive"
    EXCLUSIVE = "exclusive"

    @property
    def label(self) -> str:
        """The sentence shown next to every deadline, so that the clerk knows which reading was used."""
        if self is DeadlineRule.INCLUSIVE:
            return _("«Trước ngày X» được hiểu là hạn cuối cùng là hết ngày X (tính cả ngày X).")
        return _("«Trước ngày X» được hiểu là hạn cuối cùng là hết ngày liền trước ngày X (không tính ngày X).")


@dataclass(frozen=True)
class Milestone:
    """One dated (or recurring) point of a timing phrase."""

    kind: TimingKind
    start: date | None
    end: date | None
    recurrence: str | None
    text: str
    span: tuple[int, int]
    label: str
    note: str = ""


@dataclass(frozen=True)
class Timing:
    """Everything read from one timing phrase; ``understood`` is False when nothing could be read."""

    source: str
    milestones: tuple[Milestone, ...]
    conditional: str | None
    understood: bool
    problems: tuple[str, ...]
    rule: DeadlineRule = DeadlineRule.INCLUSIVE

    @property
    def deadline(self) -> date | None:
        """The latest ``end`` of the dated milestones: the date tracking counts against."""
        ends = [m.end for m in self.milestones if m.end is not None]
        return max(ends) if ends else None

    @property
    def summary(self) -> str:
        """One line for the clerk: the milestone labels, then the condition, or the phrase itself."""
        if not self.understood:
            return _("Chưa hiểu: «{text}»").format(text=_clean_phrase(self.source))
        parts: list[str] = []
        for m in self.milestones:
            parts.append(f"{m.label} ({m.note})" if m.note else m.label)
        if self.conditional:
            parts.append(_("hoặc {condition}").format(condition=self.conditional))
        return "; ".join(parts)


# --------------------------------------------------------------------------- folding with a position map

_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _fold_char(ch: str) -> str:
    if ch in _LINE_BREAKS:
        return "\n"
    if ch.isspace():
        return " "
    # Same recipe as vntext's search folding: NFD, casefold, NFD, drop marks, đ/ð -> d.
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFD", ch).casefold())
    stripped = "".join(c for c in folded if not unicodedata.combining(c) and c not in "\u200b\u200c\u200d\ufeff")
    return stripped.replace("đ", "d").replace("ð", "d")


def _fold_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and remember, for every folded character, the index of its original character."""
    pieces: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        piece = _fold_char(ch)
        pieces.append(piece)
        origin.extend([index] * len(piece))
    origin.append(len(text))  # so that an end position at the very end maps too
    return "".join(pieces), origin


def _original_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a folded span back; the end also takes the combining marks of its last letter (NFD input)."""
    o_start = origin[start]
    o_end = origin[end - 1] + 1 if end > start else o_start
    while o_end < len(text) and (unicodedata.combining(text[o_end]) or text[o_end] in "\u200b\u200c\u200d"):
        o_end += 1
    return o_start, o_end


def _clean_phrase(text: str) -> str:
    """The phrase as shown in messages: NFC, one space between words, no trailing full stop."""
    return " ".join(nfc(text).split()).rstrip(" .;,")


# --------------------------------------------------------------------------- the phrase grammar (on folded text)

_YEAR = r"[0-9]{4}(?![0-9])"
_WEEKDAY = r"thu\s*(?:hai|ba|tu|nam|sau|bay|[2-7])(?![a-z0-9])|chu\s*nhat(?![a-z])|cn(?![a-z])"
_PERIOD_YEAR_SEP = r"\s*(?:[/.\-]|,?\s*nam)\s*"

# One alternation, tried left to right at each position: dates first, so that "ngày 24 tháng 3 năm 2021"
# is never read as a month and a year. The prefix words change the meaning and belong to the milestone.
_ITEM_RE = re.compile(
    rf"""
    (?<![\w/])
    (?:(?P<pre>
        (?P<p_tunay>tu\s*(?:nay|bay\s*gio)\s*(?:den|toi)(?:\s*het)?)
      | (?P<p_cham>cham\s*nhat(?:\s*la)?(?:\s*(?:trong|vao))?)
      | (?P<p_truoc>truoc)
      | (?P<p_den>(?:den|toi)(?:\s*het)?)
      | (?P<p_tu>tu|ke\s*tu)
      | (?P<p_sau>sau)
      | (?P<p_trong>trong|vao)
    )(?![a-z])\s*)?
    (?:
        (?P<date>
            (?:(?P<hh>[0-9]{{1,2}})\s*(?:h|gio)\s*(?P<mi>[0-9]{{2}})?(?:\s*phut)?\s*,?\s*)?
            (?P<ngay1>ngay\s*)?
            (?:(?P<wd>{_WEEKDAY})\s*,?\s*(?P<ngay2>ngay\s*)?)?
            (?:
                (?P<d1>[0-9]{{1,2}})\s*(?P<s1>[/.\-])\s*(?P<m1>[0-9]{{1,2}})(?:\s*(?P=s1)\s*(?P<y1>{_YEAR}))?(?![0-9/])
              | (?P<d2>[0-9]{{1,2}})\s*thang\s*(?P<m2>[0-9]{{1,2}})(?:\s*,?\s*nam\s*(?P<y2>{_YEAR}))?(?![0-9])
            )
        )
      | (?P<half>(?:6|sau)\s*thang\s*(?P<hpart>dau|cuoi)\s*nam\s*(?P<hy>{_YEAR}))
      | (?P<month>thang\s*(?P<mm>[0-9]{{1,2}})(?![0-9])(?:{_PERIOD_YEAR_SEP}(?P<my>{_YEAR}))?)
      | (?P<quarter>quy\s*(?P<q>[ivxlcdm]+|[0-9]{{1,2}})(?![\w])(?:{_PERIOD_YEAR_SEP}(?P<qy>{_YEAR}))?)
      | (?P<year>nam\s*(?P<y>{_YEAR})(?:\s*[-–—]\s*(?P<ylast>{_YEAR}))?)
      | (?P<rec>(?:dinh\s*ky\s*)?(?:hang|moi)\s*(?P<per>nam|quy|thang|tuan)(?![a-z]))
      | (?P<ongoing>thuong\s*xuyen(?![a-z]))
    )
    """,
    re.VERBOSE,
)

_CONDITION_RE = re.compile(
    r"(?:(?<![a-z])hoac\s*(?:la\s*)?(?:ngay\s*)?|^[\s,.;:\-]*(?:ngay\s*)?)(?P<cond>khi(?![a-z])[^.;\n]*)"
)
# What a milestone is for, when the phrase says so ("năm 2023 sơ kết", "tiến hành tổng kết").
_PURPOSE_RE = re.compile(
    r"(?<![a-z])(?:so|tong)\s*ket(?![a-z])(?:\s+(?:giua\s+nhiem\s+ky|nhiem\s+ky|[0-9]{1,2}\s*nam)(?![a-z0-9]))?"
)
_SEPARATOR_RE = re.compile(r"[,;]|(?<![a-z])va(?![a-z])")
# Leftovers that mean a timing word was not understood; other words ("tiến hành", "thực hiện") are context.
_SUSPICIOUS_RE = re.compile(r"[0-9]+|(?<![a-z])(?:ngay|thang|quy|nam|tuan)(?![a-z])")
_VAGUE_BEFORE_RE = re.compile(r"(?<![a-z])(?:dau|giua)\s*$")
_RANGE_GAP_RE = re.compile(r"\s*(?:[-–—]\s*)?")
_RANGE_DASH_RE = re.compile(r"\s*[-–—]\s*")

_WEEKDAYS = ("thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật")
_WEEKDAY_BY_KEY = {
    "thuhai": 0, "thu2": 0, "thuba": 1, "thu3": 1, "thutu": 2, "thu4": 2, "thunam": 3, "thu5": 3,
    "thusau": 4, "thu6": 4, "thubay": 5, "thu7": 5, "chunhat": 6, "cn": 6,
}  # fmt: skip
_RECURRENCE = {"nam": "yearly", "quy": "quarterly", "thang": "monthly", "tuan": "weekly"}
_RECURRENCE_LABEL = {"yearly": "hàng năm", "quarterly": "hàng quý", "monthly": "hàng tháng", "weekly": "hàng tuần"}
_DEADLINE_PREFIXES = ("tunay", "cham", "truoc", "den")


@dataclass
class _Item:
    """A phrase item before years are completed: folded span, prefix and the numbers as written."""

    kind: TimingKind
    start: int
    end: int
    pre: str
    day: int | None = None
    month: int | None = None
    quarter: int | None = None
    year: int | None = None
    last_year: int | None = None
    weekday: int | None = None
    time: str = ""
    recurrence: str | None = None
    problem: str | None = None
    # The RANGE partner, when two items were joined ("từ tháng 3 đến tháng 5/2021").
    until: _Item | None = field(default=None, repr=False)


def _prefix_key(match: re.Match[str]) -> str:
    for key in ("tunay", "cham", "truoc", "den", "tu", "sau", "trong"):
        if match.group("p_" + key) is not None:
            return key
    return ""


def _item_from(match: re.Match[str], shown: str) -> _Item | None:
    """Turn one regex match into an item; ``None`` for a bare "15/11" that may be anything but a date."""
    pre = _prefix_key(match)
    start, end = match.span()
    if match.group("date") is not None:
        if match.group("d1") is not None:
            day, month, year_text = int(match.group("d1")), int(match.group("m1")), match.group("y1")
        else:
            day, month, year_text = int(match.group("d2")), int(match.group("m2")), match.group("y2")
        has_day_word = match.group("ngay1") is not None or match.group("ngay2") is not None
        if year_text is None and not has_day_word and not pre:
            # "15/11" alone could be a fraction or a file number; only "ngày 15/11" is a date.
            return None
        weekday = None
        if match.group("wd") is not None:
            weekday = _WEEKDAY_BY_KEY["".join(match.group("wd").split())]
        time = ""
        if match.group("hh") is not None:
            time = f"{int(match.group('hh'))}h{match.group('mi') or '00'}"
        return _Item(
            TimingKind.DATE, start, end, pre, day=day, month=month,
            year=int(year_text) if year_text else None, weekday=weekday, time=time,
        )  # fmt: skip
    if match.group("half") is not None:
        # "6 tháng đầu năm 2021" is how half-year reports are named; kept as the range it is.
        first_month = 1 if match.group("hpart") == "dau" else 7
        return _Item(TimingKind.RANGE, start, end, pre, month=first_month, year=int(match.group("hy")))
    if match.group("month") is not None:
        item = _Item(TimingKind.MONTH, start, end, pre, month=int(match.group("mm")))
        item.year = int(match.group("my")) if match.group("my") else None
        if not 1 <= item.month <= 12:  # type: ignore[operator]
            item.problem = _("Không có tháng {month} («{text}»).").format(month=item.month, text=shown)
        return item
    if match.group("quarter") is not None:
        item = _Item(TimingKind.QUARTER, start, end, pre)
        item.year = int(match.group("qy")) if match.group("qy") else None
        written = match.group("q")
        try:
            number = int(written) if written.isdigit() else from_roman(written)
        except ValueError:
            number = 0
        if 1 <= number <= 4:
            item.quarter = number
        else:
            item.problem = _("Không có quý «{quarter}» («{text}»): một năm chỉ có quý I đến quý IV.").format(
                quarter=written.upper(), text=shown
            )
        return item
    if match.group("year") is not None:
        item = _Item(TimingKind.YEAR, start, end, pre, year=int(match.group("y")))
        if match.group("ylast") is not None:
            item.last_year = int(match.group("ylast"))
        return item
    if match.group("rec") is not None:
        return _Item(TimingKind.RECURRING, start, end, pre, recurrence=_RECURRENCE[match.group("per")])
    return _Item(TimingKind.ONGOING, start, end, pre)


# --------------------------------------------------------------------------- calendar helpers


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _bounds(item: _Item) -> tuple[date, date]:
    """First and last day an item covers; only called on items whose numbers were validated."""
    assert item.year is not None
    if item.kind is TimingKind.DATE:
        assert item.day is not None and item.month is not None
        day = date(item.year, item.month, item.day)
        return day, day
    if item.kind is TimingKind.MONTH:
        assert item.month is not None
        return _month_bounds(item.year, item.month)
    if item.kind is TimingKind.QUARTER:
        assert item.quarter is not None
        first = _month_bounds(item.year, 3 * item.quarter - 2)[0]
        return first, _month_bounds(item.year, 3 * item.quarter)[1]
    if item.kind is TimingKind.RANGE:
        assert item.month is not None
        return _month_bounds(item.year, item.month)[0], _month_bounds(item.year, item.month + 5)[1]
    return date(item.year, 1, 1), date(item.last_year or item.year, 12, 31)


def _order_key(item: _Item) -> tuple[int, int]:
    """Position inside a year, to give "từ tháng 11 đến tháng 2/2021" the year before."""
    if item.kind is TimingKind.DATE:
        return (item.month or 0, item.day or 0)
    if item.kind is TimingKind.MONTH:
        return (item.month or 0, 0)
    if item.kind is TimingKind.QUARTER:
        return (3 * (item.quarter or 0) - 2, 0)
    return (0, 0)


def _name(item: _Item) -> str:
    """How the item is named inside a label: "ngày 15/11/2020", "tháng 12/2020", "quý II/2021"."""
    assert item.year is not None
    if item.kind is TimingKind.DATE:
        return _("ngày {date}").format(date=format_date(_bounds(item)[0]))
    if item.kind is TimingKind.MONTH:
        return _("tháng {month}/{year}").format(month=item.month, year=item.year)
    if item.kind is TimingKind.QUARTER:
        return _("quý {quarter}/{year}").format(
            quarter=("I", "II", "III", "IV")[(item.quarter or 1) - 1], year=item.year
        )
    if item.kind is TimingKind.RANGE:
        if item.month == 1:
            return _("6 tháng đầu năm {year}").format(year=item.year)
        return _("6 tháng cuối năm {year}").format(year=item.year)
    if item.last_year is not None:
        return _("năm {first}–{last}").format(first=item.year, last=item.last_year)
    return _("năm {year}").format(year=item.year)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _validate_date(item: _Item, shown: str) -> str | None:
    assert item.day is not None and item.month is not None and item.year is not None
    if item.year < 1 or not 1 <= item.month <= 12:
        return _("Ngày không hợp lệ: «{text}» (không có tháng {month}).").format(text=shown, month=item.month)
    if not 1 <= item.day <= calendar.monthrange(item.year, item.month)[1]:
        return _("Ngày không hợp lệ: «{text}» (tháng {month} năm {year} không có ngày {day}).").format(
            text=shown, month=item.month, year=item.year, day=item.day
        )
    return None


# --------------------------------------------------------------------------- building milestones


def _single_milestone(item: _Item, rule: DeadlineRule, text: str, span: tuple[int, int]) -> Milestone:
    first, last = _bounds(item)
    name = _name(item)
    if item.kind is TimingKind.DATE:
        if item.weekday is not None:
            name = _("{name} ({weekday})").format(name=name, weekday=_(_WEEKDAYS[item.weekday]))
        if item.time:
            # "trước 17h00 ngày 15/11": the hour is on that day itself, so the rule does not shift it.
            return Milestone(
                item.kind, None, last, None, text, span, _("trước {time} {name}").format(time=item.time, name=name)
            )
        if item.pre == "truoc" and rule is DeadlineRule.EXCLUSIVE:
            end = last - timedelta(days=1)
            label = _("đến hết ngày {end} (không tính ngày {date})").format(
                end=format_date(end), date=format_date(last)
            )
            return Milestone(item.kind, None, end, None, text, span, label)
        if item.pre in _DEADLINE_PREFIXES:
            return Milestone(item.kind, None, last, None, text, span, _("đến hết {name}").format(name=name))
        if item.pre == "tu":
            return Milestone(item.kind, first, None, None, text, span, _("từ {name}").format(name=name))
        if item.pre == "sau":
            after = last + timedelta(days=1)
            return Milestone(item.kind, after, None, None, text, span, _("sau {name}").format(name=name))
        return Milestone(item.kind, first, last, None, text, span, name)
    if item.pre == "truoc" and rule is DeadlineRule.EXCLUSIVE:
        end = first - timedelta(days=1)
        label = _("trước {name} (hạn cuối: hết ngày {end})").format(name=name, end=format_date(end))
        return Milestone(item.kind, None, end, None, text, span, label)
    if item.pre in _DEADLINE_PREFIXES:
        label = _("đến hết {name} (hạn cuối: hết ngày {end})").format(name=name, end=format_date(last))
        return Milestone(item.kind, None, last, None, text, span, label)
    if item.pre == "tu":
        label = _("từ {name} (từ ngày {start})").format(name=name, start=format_date(first))
        return Milestone(item.kind, first, None, None, text, span, label)
    if item.pre == "sau":
        after = last + timedelta(days=1)
        label = _("sau {name} (từ ngày {start})").format(name=name, start=format_date(after))
        return Milestone(item.kind, after, None, None, text, span, label)
    kind = TimingKind.RANGE if item.last_year is not None else item.kind
    label = f"{_capitalised(name)} ({format_date(first)}–{format_date(last)})"
    return Milestone(kind, first, last, None, text, span, label)


def _range_milestone(first: _Item, last: _Item, text: str, span: tuple[int, int]) -> Milestone:
    start, end = _bounds(first)[0], _bounds(last)[1]
    if first.kind is TimingKind.DATE and last.kind is TimingKind.DATE:
        label = _("từ {first} đến hết {last}").format(first=_name(first), last=_name(last))
    else:
        label = _("từ {first} đến hết {last} ({start}–{end})").format(
            first=_name(first), last=_name(last), start=format_date(start), end=format_date(end)
        )
    return Milestone(TimingKind.RANGE, start, end, None, text, span, label)


def _joins_as_range(first: _Item, second: _Item, gap: str) -> bool:
    dated = (TimingKind.DATE, TimingKind.MONTH, TimingKind.QUARTER, TimingKind.YEAR, TimingKind.RANGE)
    if first.kind not in dated or second.kind not in dated or first.last_year is not None:
        return False
    if first.pre == "tu" and second.pre == "den" and _RANGE_GAP_RE.fullmatch(gap):
        return True
    return first.pre in ("", "tu") and second.pre == "" and _RANGE_DASH_RE.fullmatch(gap) is not None


def _scan(folded: str, original: str, origin: list[int]) -> list[_Item]:
    """Items in order, consecutive "từ A đến B" pairs joined into one (A carries B in ``until``)."""
    items: list[_Item] = []
    for match in _ITEM_RE.finditer(folded):
        o_start, o_end = _original_span(original, origin, *match.span())
        item = _item_from(match, nfc(original[o_start:o_end]))
        if item is not None:
            items.append(item)
    joined: list[_Item] = []
    index = 0
    while index < len(items):
        item = items[index]
        if index + 1 < len(items) and _joins_as_range(
            item, items[index + 1], folded[item.end : items[index + 1].start]
        ):
            item.until = items[index + 1]
            index += 1
        joined.append(item)
        index += 1
    return joined


def _complete_year(item: _Item, reference_year: int | None, shown: str) -> None:
    if item.year is None and item.kind in (TimingKind.DATE, TimingKind.MONTH, TimingKind.QUARTER):
        if reference_year is None:
            item.problem = item.problem or _("Không rõ năm của «{text}»: hãy ghi đủ năm (ví dụ «{example}»).").format(
                text=shown, example=_("tháng 12/2021") if item.kind is TimingKind.MONTH else "15/11/2021"
            )
        else:
            item.year = reference_year


def _check_item(item: _Item, shown: str) -> list[str]:
    """Validate numbers and weekday; sets ``item.problem`` when the item cannot become a milestone."""
    warnings: list[str] = []
    if item.problem is not None:
        return warnings
    if item.kind is TimingKind.DATE:
        item.problem = _validate_date(item, shown)
        if item.problem is None and item.weekday is not None:
            actual = _bounds(item)[0].weekday()
            if actual != item.weekday:
                # The date is the more reliable part (find_dates makes the same choice): keep it, but say so.
                warnings.append(
                    _("«{text}»: ngày {date} là {actual}, không phải {named}; đã lấy theo ngày {date}.").format(
                        text=shown,
                        date=format_date(_bounds(item)[0]),
                        actual=_(_WEEKDAYS[actual]),
                        named=_(_WEEKDAYS[item.weekday]),
                    )
                )
                item.weekday = None
    elif item.year == 0 or item.last_year == 0:
        item.problem = _("Năm không hợp lệ: «{text}».").format(text=shown)
    elif item.last_year is not None and item.year is not None and item.last_year < item.year:
        item.problem = _("Khoảng năm «{text}» có năm bắt đầu sau năm kết thúc.").format(text=shown)
    return warnings


def _clauses(folded: str, mask: list[bool], positions: Iterator[int]) -> list[tuple[int, int]]:
    """Expand each position to its clause (between , ; . : ( ) or understood parts) for messages."""
    result: list[tuple[int, int]] = []
    for pos in positions:
        if any(a <= pos < b for a, b in result):
            continue
        start = pos
        while start > 0 and not mask[start - 1] and folded[start - 1] not in ",;.:()\n":
            start -= 1
        end = pos
        while (
            end < len(folded)
            and not mask[end]
            and folded[end] not in ",;:()\n"
            and not (folded[end] == "." and (end + 1 == len(folded) or not folded[end + 1].isdigit()))
        ):
            end += 1
        while start < end and folded[start].isspace():
            start += 1
        while end > start and folded[end - 1].isspace():
            end -= 1
        result.append((start, end))
    return result


def parse_timing(text: str, rule: DeadlineRule = DeadlineRule.INCLUSIVE, reference_year: int | None = None) -> Timing:
    """Read a timing phrase such as "Quý II/2021", "trước ngày 15/11/2020" or
    "Hàng năm, năm 2023 sơ kết và tổng kết năm 2025".

    ``reference_year`` completes dates, months and quarters written without a year (usually the
    year of the document). Nothing is guessed: what cannot be read goes to ``problems``.
    """
    source = nfc(text)
    folded, origin = _fold_map(text)
    phrase = _clean_phrase(text)
    problems: list[str] = []

    def original(start: int, end: int) -> tuple[str, tuple[int, int]]:
        span = _original_span(text, origin, start, end)
        return text[span[0] : span[1]], span

    def shown(start: int, end: int) -> str:
        return _clean_phrase(original(start, end)[0])

    # The condition is cut off first, so that words inside it are never read as dates of the task.
    conditional: str | None = None
    scanned = folded
    mask = [False] * len(folded)
    cond = _CONDITION_RE.search(folded)
    if cond is not None:
        c_start, c_end = cond.span("cond")
        while c_end > c_start and folded[c_end - 1] in " ,":
            c_end -= 1
        conditional = shown(c_start, c_end)
        for pos in range(cond.start(), c_end):
            mask[pos] = True
        scanned = folded[: cond.start()] + " " * (c_end - cond.start()) + folded[c_end:]

    items = _scan(scanned, text, origin)
    milestones: list[tuple[int, int, Milestone]] = []  # folded start, folded end, milestone
    for item in items:
        last = item.until or item
        for part in (item, last) if item.until else (item,):
            part_shown = shown(part.start, part.end)
            if item.until is not None and part is item:
                _complete_year_from(item, item.until)
            _complete_year(part, reference_year, part_shown)
            problems.extend(_check_item(part, part_shown))
        for pos in range(item.start, last.end):
            mask[pos] = True
        bad = [part.problem for part in (item, last) if part.problem is not None]
        if bad:
            problems.extend(dict.fromkeys(bad))
            continue
        milestone_text, span = original(item.start, last.end)
        try:
            milestone = _milestone(item, last, rule, milestone_text, span)
        except (OverflowError, ValueError):
            # Only reachable at the edges of the calendar (year 1 or 9999, a reference year of 0).
            milestone = _("Không tính được ngày cho «{text}».").format(text=_clean_phrase(milestone_text))
        if isinstance(milestone, str):
            problems.append(milestone)
            continue
        if item.until is None and item.kind not in (TimingKind.RECURRING, TimingKind.ONGOING):
            vague = _VAGUE_BEFORE_RE.search(scanned, 0, item.start)
            if vague is not None:
                problems.append(
                    _("«{text}»: chỉ hiểu được là trong {name}, chưa rõ thời điểm chính xác.").format(
                        text=shown(vague.start(), last.end), name=_name(item)
                    )
                )
                for pos in range(vague.start(), item.start):
                    mask[pos] = True
        milestones.append((item.start, last.end, milestone))

    notes = _assign_notes(scanned, mask, [(a, b) for a, b, _m in milestones], shown)
    final = tuple(replace(m, note=", ".join(notes[i])) if notes[i] else m for i, (_a, _b, m) in enumerate(milestones))

    # Anything timing-like that is still unread is reported, never dropped silently.
    leftovers = (m.start() for m in _SUSPICIOUS_RE.finditer(folded) if not mask[m.start()])
    for start, end in _clauses(folded, mask, leftovers):
        problems.append(_("Chưa hiểu «{part}» trong thời hạn «{text}».").format(part=shown(start, end), text=phrase))

    understood = bool(final) or conditional is not None
    if not understood:
        if phrase:
            problems.append(
                _("Không hiểu thời hạn «{text}»: đã giữ nguyên văn bản, cần người dùng xem lại.").format(text=phrase)
            )
        else:
            problems.append(_("Chưa ghi thời hạn."))
    return Timing(source, final, conditional, understood, tuple(dict.fromkeys(problems)), rule)


def _milestone(item: _Item, last: _Item, rule: DeadlineRule, text: str, span: tuple[int, int]) -> Milestone | str:
    """The milestone of a validated item (``last`` is its RANGE partner or itself), or a problem."""
    if item.until is not None:
        if _bounds(item)[0] > _bounds(last)[1]:
            return _("Khoảng thời gian «{text}» có ngày bắt đầu sau ngày kết thúc.").format(text=_clean_phrase(text))
        return _range_milestone(item, last, text, span)
    if item.kind is TimingKind.RECURRING:
        assert item.recurrence is not None
        return Milestone(item.kind, None, None, item.recurrence, text, span, _(_RECURRENCE_LABEL[item.recurrence]))
    if item.kind is TimingKind.ONGOING:
        return Milestone(item.kind, None, None, None, text, span, _("thường xuyên"))
    return _single_milestone(item, rule, text, span)


def _complete_year_from(first: _Item, last: _Item) -> None:
    """For "từ tháng 3 đến tháng 5/2021" the start takes the end's year (the year before if it comes later)."""
    if first.year is not None or last.year is None:
        return
    same_kind = first.kind is last.kind
    first.year = last.year - 1 if same_kind and _order_key(first) > _order_key(last) else last.year


def _assign_notes(
    folded: str, mask: list[bool], spans: list[tuple[int, int]], shown: Callable[[int, int], str]
) -> list[list[str]]:
    """Purpose words in the gaps between milestones go to the milestone on their side of a separator."""
    notes: list[list[str]] = [[] for _span in spans]
    bounds = [0, *[pos for span in spans for pos in span], len(folded)]
    for gap_index in range(len(spans) + 1):
        gap_start, gap_end = bounds[2 * gap_index], bounds[2 * gap_index + 1]
        previous = gap_index - 1 if gap_index > 0 else None
        following = gap_index if gap_index < len(spans) else None
        for match in _PURPOSE_RE.finditer(folded, gap_start, gap_end):
            if any(mask[match.start() : match.end()]):
                continue
            separated_before = _SEPARATOR_RE.search(folded, gap_start, match.start()) is not None
            separated_after = _SEPARATOR_RE.search(folded, match.end(), gap_end) is not None
            if previous is None or (following is not None and separated_before and not separated_after):
                target = following
            else:
                target = previous
            if target is None:
                continue
            notes[target].append(shown(match.start(), match.end()))
            for pos in range(match.start(), match.end()):
                mask[pos] = True
    return notes


# --------------------------------------------------------------------------- phrases inside a paragraph

# "Thời gian thực hiện:", "Thời gian hoàn thành:", "Thời gian:", and the looser "Thời gian và lộ trình
# sắp xếp, …" seen in real plans; a comma only counts when a timing item follows it.
_LABEL_RE = re.compile(r"[ \t]*(?:[-+*•–][ \t]*)?thoi[ \t]*gian(?P<words>(?:[ \t]+[a-z]+){0,6}?)[ \t]*(?P<sep>[:,])")
_SEND_RE = re.compile(r"(?<![a-z])gui(?![a-z])")
_SEND_GAP_RE = re.compile(r"[^.;:()!?\n]{0,160}")
_VE_RE = re.compile(r"(?<![a-z])ve(?![a-z])")
_TRAILING = " \t.;,"
_INLINE_CONDITION_RE = re.compile(r"\s*,?\s*hoac\s*(?:la\s*)?(?:ngay\s*)?khi(?![a-z])[^.;\n]*")
_FILLER_RE = re.compile(r"(?:[\s,.;:\-–—]|(?<![a-z])(?:va|hoac)(?![a-z]))*")


def _trim(folded: str, start: int, end: int) -> tuple[int, int]:
    while start < end and folded[start] in _TRAILING:
        start += 1
    while end > start and folded[end - 1] in _TRAILING:
        end -= 1
    return start, end


def _is_all_timing(folded: str) -> bool:
    """True when ``folded`` is nothing but timing items ("Tháng 12/2020", "Trước ngày 30/11/2020")."""
    items = [m for m in _ITEM_RE.finditer(folded) if _item_from(m, "") is not None]
    if not items:
        return False
    rest = folded
    for m in reversed(items):
        rest = rest[: m.start()] + " " + rest[m.end() :]
    return _FILLER_RE.fullmatch(rest) is not None


def find_timing_phrases(text: str) -> list[tuple[int, int]]:
    """Spans (in the original ``text``) of the timing phrases of a paragraph, in order.

    Found: the value of a "Thời gian thực hiện:" / "Thời gian hoàn thành:" / "Thời gian:" line; inline
    deadlines ("trước ngày …", "chậm nhất (là) ngày …", "từ nay đến (hết) ngày …", from "gửi … về"
    when the sentence names what is sent), "định kỳ hàng năm"; and a "- Ai: <thời hạn>" item whose
    whole value is a timing phrase. Each span can be handed to ``parse_timing``.
    """
    folded, origin = _fold_map(text)
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", folded):
        l_start, l_end = line.span()
        label = _LABEL_RE.match(folded, l_start, l_end)
        if label is not None:
            start, end = _trim(folded, label.end(), l_end)
            if start < end and (label.group("sep") == ":" or _ITEM_RE.search(folded, start, end)):
                spans.append((start, end))
                continue
        found: list[tuple[int, int]] = []
        colon = folded.find(":", l_start, l_end)
        if colon >= 0:
            start, end = _trim(folded, colon + 1, l_end)
            if start < end and _is_all_timing(folded[start:end]):
                found.append((start, end))
        for match in _ITEM_RE.finditer(folded, l_start, l_end):
            pre = _prefix_key(match)
            inline = pre in ("truoc", "cham", "tunay") and match.group("rec") is None and match.group("ongoing") is None
            periodic = match.group("rec") is not None and folded.startswith("dinh", match.start("rec"))
            if not (inline or periodic):
                continue
            if _item_from(match, "") is None:
                continue
            start, end = match.span()
            if pre == "truoc":
                start = _send_start(folded, l_start, start)
            cond = _INLINE_CONDITION_RE.match(folded, end, l_end)
            if cond is not None:
                end = _trim(folded, start, cond.end())[1]
            found.append((start, end))
        for span in sorted(found):
            if not any(a <= span[0] and span[1] <= b for a, b in found if (a, b) != span):
                spans.append(span)
    result: list[tuple[int, int]] = []
    for start, end in sorted(dict.fromkeys(spans)):
        result.append(_original_span(text, origin, start, end))
    return result


def _send_start(folded: str, line_start: int, trigger: int) -> int:
    """Start "gửi báo cáo về LĐLĐ huyện trước ngày …" at "gửi" when the same clause names it."""
    best = trigger
    for send in _SEND_RE.finditer(folded, max(line_start, trigger - 160), trigger):
        between = folded[send.end() : trigger]
        if _SEND_GAP_RE.fullmatch(between) and _VE_RE.search(between):
            best = send.start()
            break
    return best


# --------------------------------------------------------------------------- working days and JSON


def _weekdays_after(start: date, end: date) -> int:
    """Mon–Fri days d with start < d <= end (end >= start)."""
    days = (end - start).days
    full_weeks, extra = divmod(days, 7)
    count = full_weeks * 5
    weekday = start.weekday()
    for step in range(1, extra + 1):
        if (weekday + step) % 7 < 5:
            count += 1
    return count


def working_days_between(start: date, end: date, holidays: frozenset[date] = frozenset()) -> int:
    """Working days (Mon–Fri, not in ``holidays``) strictly after ``start`` up to and including ``end``;
    negative when ``end`` is before ``start``. DOMAIN §3: the slack between a CĐCS and an upstream deadline."""
    if end < start:
        return -working_days_between(end, start, holidays)
    count = _weekdays_after(start, end)
    count -= sum(1 for day in holidays if start < day <= end and day.weekday() < 5)
    return count


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def timing_to_json(t: Timing) -> dict[str, object]:
    """A JSON-ready dict: dates as ISO strings, kinds and rule as lower-case strings."""
    return {
        "source": t.source,
        "understood": t.understood,
        "deadline": _iso(t.deadline),
        "rule": t.rule.value,
        "rule_label": t.rule.label,
        "conditional": t.conditional,
        "summary": t.summary,
        "milestones": [
            {
                "kind": m.kind.value,
                "start": _iso(m.start),
                "end": _iso(m.end),
                "recurrence": m.recurrence,
                "text": m.text,
                "span": [m.span[0], m.span[1]],
                "label": m.label,
                "note": m.note,
            }
            for m in t.milestones
        ],
        "problems": list(t.problems),
    }
