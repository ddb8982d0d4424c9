"""Deadlines as plans write them ("trước ngày 15/11/2020", "Quý II/2021", "Hàng năm"…), read into
dated milestones that tracking can use, with everything not understood flagged instead of guessed."""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import Enum

from desktop_app.domain.i18n import _
from desktop_app.domain.vntext import format_date, from_roman, nfc

__all__ = [
    "MAX_PHRASE_LENGTH",
    "DeadlineRule",
    "Milestone",
    "NamedPeriod",
    "Schedule",
    "Timing",
    "TimingKind",
    "find_timing_phrases",
    "named_periods_from_data",
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


# A timing phrase is one sentence; anything longer is not a phrase and is refused before it is scanned.
MAX_PHRASE_LENGTH = 500


@dataclass(frozen=True)
class Schedule:
    """When a recurring milestone falls due: (month, day) pairs repeated every year, ``None`` for the
    last day of that month (and the 31st of a 30-day month is its last day); or every Sunday (weekly)."""

    dates: tuple[tuple[int, int | None], ...]
    weekly: bool = False
    weekday: int = 6  # of a weekly schedule: Monday is 0; a plain «hàng tuần» ends on Sunday
    # "trước ngày 20 hằng tháng" under the EXCLUSIVE rule: the last day is the 19th.
    exclusive: bool = False

    def next_after(self, after: date) -> date | None:
        """The first due day strictly after ``after``; ``None`` only past the end of the calendar."""
        if after > date.max - timedelta(days=8):
            return None
        if self.weekly:
            due = after + timedelta(days=(self.weekday - after.weekday()) % 7 or 7)
            return due - timedelta(days=1) if self.exclusive else due
        best: date | None = None
        for year in (after.year, after.year + 1):
            if year > date.max.year:
                continue
            for month, day in self.dates:
                last = calendar.monthrange(year, month)[1]
                due = date(year, month, last if day is None else min(day, last))
                if self.exclusive:
                    due -= timedelta(days=1)
                if due > after and (best is None or due < best):
                    best = due
        return best


@dataclass(frozen=True)
class NamedPeriod:
    """A period known by name ("Tháng Công nhân", "Tết Nguyên đán"): the same (month, day) bounds every
    year, or bounds listed year by year (lunar holidays). Data, loaded from forms/periods/."""

    name: str
    aliases: tuple[str, ...]
    start: tuple[int, int] | None = None
    end: tuple[int, int] | None = None
    by_year: tuple[tuple[int, date, date], ...] = ()
    # Words that, right after an alias, name another occasion: «Tết» but not «Tết Trung thu».
    not_followed_by: tuple[str, ...] = ()

    def bounds(self, year: int) -> tuple[date, date] | None:
        """First and last day in ``year``; ``None`` when the data has no dates for that year."""
        if self.start is not None and self.end is not None:
            first = date(year, *self.start)
            last = date(year + 1 if self.end < self.start else year, *self.end)
            return first, last
        for listed, first, last in self.by_year:
            if listed == year:
                return first, last
        return None


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
    schedule: Schedule | None = None


@dataclass(frozen=True)
class Timing:
    """Everything read from one timing phrase; ``understood`` is True only when every part of the phrase
    that carries timing was read (``problems`` may then hold warnings only, such as a wrong weekday)."""

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

    def next_deadline(self, after: date) -> date | None:
        """The first due day strictly after ``after``: the next occurrence of a recurrence, or a dated end."""
        due = [d for m in self.milestones if m.schedule is not None and (d := m.schedule.next_after(after))]
        due += [m.end for m in self.milestones if m.schedule is None and m.end is not None and m.end > after]
        return min(due) if due else None

    @property
    def summary(self) -> str:
        """One line for the clerk: the milestone labels, then the condition, or the phrase itself."""
        if not self.understood:
            shown = _("Chưa hiểu: «{text}»").format(text=_clean_phrase(self.source))
            if self.milestones or self.conditional:
                # Partly read: say which part was not, so that the clerk knows what to reword.
                shown += " — " + " ".join(self.problems)
            return shown
        parts: list[str] = []
        for m in self.milestones:
            parts.append(f"{m.label} ({m.note})" if m.note else m.label)
        if self.conditional:
            parts.append(_("hoặc {condition}").format(condition=self.conditional))
        return "; ".join(parts)


def _day_month(value: object, where: str) -> tuple[int, int]:
    if isinstance(value, str):
        match = re.fullmatch(r"\s*([0-9]{1,2})\s*/\s*([0-9]{1,2})\s*", value)
        if match is not None:
            day, month = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]:
                return month, day
    raise ValueError(_("{where}: «{value}» không phải ngày/tháng (ví dụ «01/05»).").format(where=where, value=value))


def _full_date(value: object, where: str) -> date:
    if isinstance(value, str):
        match = re.fullmatch(r"\s*([0-9]{1,2})\s*/\s*([0-9]{1,2})\s*/\s*([0-9]{4})\s*", value)
        if match is not None:
            try:
                return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            except ValueError:
                pass
    raise ValueError(
        _("{where}: «{value}» không phải ngày/tháng/năm (ví dụ «01/02/2022»).").format(where=where, value=value)
    )


def _texts(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(_("{where}: cần một danh sách chữ.").format(where=where))
    return tuple(nfc(v) for v in value)


def named_periods_from_data(data: object, source: str) -> tuple[NamedPeriod, ...]:
    """The named periods of a parsed JSON document (forms/periods/named_periods.json, see
    docs/deadlines.md); ``ValueError`` with the file, the entry and what is wrong otherwise."""
    if not isinstance(data, dict) or not isinstance(data.get("periods"), list):
        raise ValueError(_("{source}: cần một đối tượng có danh sách «periods».").format(source=source))
    periods: list[NamedPeriod] = []
    for number, entry in enumerate(data["periods"], start=1):
        where = _("{source}, mục {number}").format(source=source, number=number)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ValueError(_("{where}: thiếu «name».").format(where=where))
        where = f"{where} («{entry['name']}»)"
        aliases = _texts(entry.get("aliases", [entry["name"]]), f"{where}, aliases")
        unless = _texts(entry.get("not_followed_by", []), f"{where}, not_followed_by")
        if "years" in entry:
            years = entry["years"]
            if not isinstance(years, dict) or not years:
                raise ValueError(
                    _('{where}: «years» cần dạng {{"2022": ["01/02/2022", "03/02/2022"]}}.').format(where=where)
                )
            listed: list[tuple[int, date, date]] = []
            for year_text, bounds in years.items():
                at = f"{where}, years «{year_text}»"
                if not year_text.isdigit() or not isinstance(bounds, list) or len(bounds) != 2:
                    raise ValueError(_("{where}: cần năm và hai ngày [từ, đến].").format(where=at))
                first, last = _full_date(bounds[0], at), _full_date(bounds[1], at)
                if last < first:
                    raise ValueError(_("{where}: ngày kết thúc trước ngày bắt đầu.").format(where=at))
                listed.append((int(year_text), first, last))
            periods.append(NamedPeriod(nfc(entry["name"]), aliases, by_year=tuple(listed), not_followed_by=unless))
        elif "from" in entry and "to" in entry:
            start, end = _day_month(entry["from"], f"{where}, from"), _day_month(entry["to"], f"{where}, to")
            periods.append(NamedPeriod(nfc(entry["name"]), aliases, start=start, end=end, not_followed_by=unless))
        else:
            raise ValueError(_("{where}: cần «from» và «to» (ngày/tháng) hoặc «years».").format(where=where))
    return tuple(periods)


# --------------------------------------------------------------------------- folding with a position map

_LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _fold_char(ch: str) -> str:
    if ch in _LINE_BREAKS:
        return "\n"
    # vntext.nfc is the one normalisation of the app: it drops format characters (soft hyphen, joiners,
    # bidi controls), which would otherwise split «trước» from «ngày» and lose the EXCLUSIVE rule.
    # It is applied per character so that every folded position still maps to the original text.
    ch = nfc(ch)
    if not ch:
        return ""
    if ch.isspace():
        return " "
    # Same recipe as vntext's search folding: NFD, casefold, NFD, drop marks, đ/ð -> d.
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFD", ch).casefold())
    stripped = "".join(c for c in folded if not unicodedata.combining(c))
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
    while o_end < len(text) and (unicodedata.combining(text[o_end]) or not nfc(text[o_end])):
        o_end += 1
    return o_start, o_end


def _clean_phrase(text: str) -> str:
    """The phrase as shown in messages: NFC, one space between words, no trailing full stop."""
    return " ".join(nfc(text).split()).rstrip(" .;,")


# --------------------------------------------------------------------------- the phrase grammar (on folded text)

_YEAR = r"[0-9]{4}(?![0-9])"
_WEEKDAY = r"thu\s*(?:hai|ba|tu|nam|sau|bay|[2-7])(?![a-z0-9])|chu\s*nhat(?![a-z])|cn(?![a-z])"
_PERIOD_YEAR_SEP = r"\s*(?:[/.\-]|,?\s*nam)\s*"

# The words before an item that change its meaning; shared by the grammar and the named periods.
# "trướcngày" is accepted like "ngày15/11": a format character dropped between the words leaves no space.
_PREFIX = r"""
    (?P<pre>
        (?P<p_tunay>tu\s*(?:nay|bay\s*gio)\s*(?:den|toi)(?:\s*het)?)
      | (?P<p_cham>cham\s*nhat(?:\s*la)?(?:\s*(?:trong|vao))?)
      | (?P<p_truoc>truoc)
      | (?P<p_den>(?:den|toi)(?:\s*het)?)
      | (?P<p_tu>tu|ke\s*tu)
      | (?P<p_sau>sau)
      | (?P<p_trong>(?:trong|vao)\s*dip|dip|trong|vao)
    )(?:(?![a-z])|(?=ngay))\s*
"""
_COUNT_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
_COUNT = r"[0-9]{1,2}(?![0-9])|(?:" + "|".join(_COUNT_WORDS) + r")(?![a-z])"

# One alternation, tried left to right at each position: dates first, so that "ngày 24 tháng 3 năm 2021"
# is never read as a month and a year. The prefix words change the meaning and belong to the milestone.
_ITEM_RE = re.compile(
    rf"""
    (?<![\w/])
    (?:{_PREFIX})?
    (?:(?P<qual>dau|giua|cuoi)\s*(?=(?:thang|quy|nam)(?![a-z])))?
    (?:
        (?P<date>
            (?:(?P<hh>[0-9]{{1,2}})\s*(?:h|gio)\s*(?P<mi>[0-9]{{2}})?(?:\s*phut)?\s*,?\s*)?
            (?:(?P<count>[0-9]{{1,2}})\s*ngay\s*|(?P<ngay1>ngay\s*))?
            (?:(?P<wd>{_WEEKDAY})\s*,?\s*(?P<ngay2>ngay\s*)?)?
            (?P<dlist>(?:[0-9]{{1,2}}\s*(?:,|va(?![a-z]))\s*){{1,31}})?
            (?:
                (?P<d1>[0-9]{{1,2}})\s*(?P<s1>[/.\-])\s*(?P<m1>[0-9]{{1,2}})
                (?:\s*(?:(?P=s1)|,?\s*nam)\s*(?P<y1>{_YEAR}))?(?![0-9/])
              | (?P<d2>[0-9]{{1,2}})\s*thang\s*(?P<m2>[0-9]{{1,2}})(?:\s*,?\s*nam\s*(?P<y2>{_YEAR}))?(?![0-9])
            )
        )
      | (?P<dayonly>ngay\s*(?P<dd>[0-9]{{1,2}})(?![0-9])(?!\s*(?:[/.\-,]\s*[0-9]|(?:va|thang)\s*[0-9]))
            (?:\s*(?:cua\s*)?thang\s*(?P<dpos>dau|giua|cuoi)\s*(?:cua\s*)?(?:moi\s*)?quy(?![a-z]))?)
      | (?P<wdonly>thu\s*(?:hai|ba|tu|nam|sau|bay|[2-7])(?![a-z0-9])|chu\s*nhat(?![a-z]))
      | (?P<rec>
            dinh\s*ky\s*(?P<half_rec>6|sau)\s*thang(?:\s*(?:mot|1)\s*lan)?(?![a-z0-9])
          | (?:dinh\s*ky\s*)?(?:hang|moi)\s*(?P<per>nam|quy|thang|tuan)(?![a-z])
        )
      | (?P<half>(?P<hn>{_COUNT})\s*thang\s*(?P<hpart>dau|cuoi)\s*nam(?![a-z])(?:\s*(?P<hy>{_YEAR}))?)
      | (?P<month>thang\s*(?P<mm>[0-9]{{1,2}})(?![0-9])(?:{_PERIOD_YEAR_SEP}(?P<my>{_YEAR}))?)
      | (?P<quarter>quy\s*(?P<q>[ivxlcdm]+|[0-9]{{1,2}})(?![\w])(?:{_PERIOD_YEAR_SEP}(?P<qy>{_YEAR}))?)
      | (?P<year>nam\s*(?P<y>{_YEAR})(?:\s*[-–—]\s*(?P<ylast>{_YEAR}))?)
      | (?(qual)(?P<bareyear>nam(?![a-z])(?!\s*[0-9]))|(?!))
      | (?P<ongoing>thuong\s*xuyen(?![a-z]))
    )
    """,
    re.VERBOSE,
)

_CONDITION_RE = re.compile(
    r"(?:(?<![a-z])hoac\s*(?:la\s*)?(?:ngay\s*)?|,\s*|^[\s,.;:\-]*(?:ngay\s*)?)(?P<cond>khi(?![a-z])[^.;\n]*)"
)
# What a milestone is for, when the phrase says so ("năm 2023 sơ kết", "tiến hành tổng kết").
_PURPOSE_RE = re.compile(
    r"(?<![a-z])(?:so|tong)\s*ket(?![a-z])(?:\s+(?:giua\s+nhiem\s+ky|nhiem\s+ky|[0-9]{1,2}\s*nam)(?![a-z0-9]))?"
)
_SEPARATOR_RE = re.compile(r"[,;]|(?<![a-z])va(?![a-z])")
# Leftovers that mean a timing word was not understood; other words ("tiến hành", "thực hiện") are context.
_SUSPICIOUS_RE = re.compile(
    r"[0-9]+|(?<![a-z])(?:ngay|thang|quy|nam|tuan|tet|dip|khi|truoc|cham\s*nhat|den\s*het|tu\s*nay|dinh\s*ky)(?![a-z])"
    r"|(?<![a-z])(?:dau|giua|cuoi)\s*(?=(?:tuan|thang|quy|nam|ky)(?![a-z]))"
)
# A condition is understood when it names an event ("khi có yêu cầu", "khi cần thiết", "khi phát sinh");
# "khi nào rảnh", "khi có thể", "khi có thời gian" name none and are flagged.
_KNOWN_CONDITION_RE = re.compile(
    r"khi\s*(?:co(?!\s*(?:the|thoi\s*gian|dieu\s*kien|dip)(?![a-z]))|can(?:\s*thiet)?|duoc|phat\s*sinh|xay\s*ra)"
    r"(?![a-z])"
)
_LIST_GAP_RE = re.compile(r"\s*(?:,|(?<![a-z])va(?![a-z]))\s*")
_GROUP_GAP_RE = re.compile(r"[\s,]*(?:(?<![a-z])va(?![a-z]))?[\s,]*")
_RANGE_GAP_RE = re.compile(r"\s*(?:[-–—]\s*)?")
_RANGE_DASH_RE = re.compile(r"\s*[-–—]\s*")

_WEEKDAYS = ("thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật")
_WEEKDAY_BY_KEY = {
    "thuhai": 0, "thu2": 0, "thuba": 1, "thu3": 1, "thutu": 2, "thu4": 2, "thunam": 3, "thu5": 3,
    "thusau": 4, "thu6": 4, "thubay": 5, "thu7": 5, "chunhat": 6, "cn": 6,
}  # fmt: skip
_RECURRENCE = {"nam": "yearly", "quy": "quarterly", "thang": "monthly", "tuan": "weekly"}
_RECURRENCE_LABEL = {
    "yearly": "hàng năm", "half-yearly": "6 tháng một lần", "quarterly": "hàng quý", "monthly": "hàng tháng",
    "weekly": "hàng tuần",
}  # fmt: skip
# When a plain recurrence falls due: at the end of its period, as "Quý II/2021" does.
_PERIOD_ENDS: dict[str, tuple[int, ...]] = {
    "yearly": (12,), "half-yearly": (6, 12), "quarterly": (3, 6, 9, 12), "monthly": tuple(range(1, 13)),
}  # fmt: skip
_QUARTER_MONTHS = {"dau": (1, 4, 7, 10), "giua": (2, 5, 8, 11), "cuoi": (3, 6, 9, 12)}
_QUALIFIER = {"dau": "đầu", "giua": "giữa", "cuoi": "cuối"}
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
    last_month: int | None = None  # "9 tháng đầu năm": the RANGE runs from ``month`` to ``last_month``
    qual: str = ""  # "dau", "giua", "cuoi" before a month, quarter or year
    # "ngày 20" or "thứ sáu" of a recurrence (``position``: which month of the quarter for "tháng cuối quý")
    day_only: bool = False
    position: str = ""
    bare: bool = False  # "15/12" without "ngày" or a year: a date only as the next item of a list
    named: NamedPeriod | None = None
    # The RANGE partner, when two items were joined ("từ tháng 3 đến tháng 5/2021").
    until: _Item | None = field(default=None, repr=False)


def _prefix_key(match: re.Match[str]) -> str:
    for key in ("tunay", "cham", "truoc", "den", "tu", "sau", "trong"):
        if match.group("p_" + key) is not None:
            return key
    return ""


def _is_bare(match: re.Match[str]) -> bool:
    """ "15/11" alone could be a fraction or a file number; only "ngày 15/11" (or a year) makes it a date."""
    if match.group("date") is None or match.group("y1") is not None or match.group("y2") is not None:
        return False
    day_word = (match.group(name) is not None for name in ("ngay1", "ngay2", "count", "dlist"))
    return not any(day_word) and not _prefix_key(match)


def _count(written: str) -> int:
    return int(written) if written.isdigit() else _COUNT_WORDS[written]


def _items_from(match: re.Match[str], shown: str) -> list[_Item]:
    """Turn one regex match into its items: one, or one per day of "ngày 15, 16 và 17/11/2021"."""
    pre = _prefix_key(match)
    start, end = match.span()
    if match.group("date") is not None:
        if match.group("d1") is not None:
            day, month, year_text = int(match.group("d1")), int(match.group("m1")), match.group("y1")
        else:
            day, month, year_text = int(match.group("d2")), int(match.group("m2")), match.group("y2")
        weekday = None
        if match.group("wd") is not None:
            weekday = _WEEKDAY_BY_KEY["".join(match.group("wd").split())]
        time = ""
        if match.group("hh") is not None:
            time = f"{int(match.group('hh'))}h{match.group('mi') or '00'}"
        year = int(year_text) if year_text else None
        last_day_at = match.start("d1") if match.group("d1") is not None else match.start("d2")
        items: list[_Item] = []
        if match.group("dlist") is not None:
            # Each listed day is its own milestone; they share the month and year written last.
            for index, listed in enumerate(re.finditer(r"[0-9]{1,2}", match.group("dlist"))):
                at = match.start("dlist") + listed.start()
                items.append(_Item(TimingKind.DATE, start if index == 0 else at, at + len(listed.group()), pre,
                                   day=int(listed.group()), month=month, year=year))  # fmt: skip
        items.append(_Item(TimingKind.DATE, last_day_at if items else start, end, pre, day=day, month=month,
                           year=year, weekday=weekday, time=time, bare=_is_bare(match)))  # fmt: skip
        count = match.group("count")
        if count is not None and int(count) != len(items):
            items[0].problem = _("«{text}» nói {count} ngày nhưng liệt kê {listed} ngày.").format(
                text=shown, count=int(count), listed=len(items)
            )
        return items
    if match.group("dayonly") is not None:
        return [_Item(TimingKind.DATE, start, end, pre, day=int(match.group("dd")), day_only=True,
                      position=match.group("dpos") or "")]  # fmt: skip
    if match.group("wdonly") is not None:
        weekday = _WEEKDAY_BY_KEY["".join(match.group("wdonly").split())]
        return [_Item(TimingKind.DATE, start, end, pre, weekday=weekday, day_only=True)]
    if match.group("rec") is not None:
        recurrence = "half-yearly" if match.group("half_rec") is not None else _RECURRENCE[match.group("per")]
        return [_Item(TimingKind.RECURRING, start, end, pre, recurrence=recurrence)]
    if match.group("ongoing") is not None:
        return [_Item(TimingKind.ONGOING, start, end, pre)]
    item = _period_item(match, shown, pre)
    item.qual = match.group("qual") or ""
    return [item]


def _period_item(match: re.Match[str], shown: str, pre: str) -> _Item:
    """A month, quarter, year or run of months (no day)."""
    start, end = match.span()
    if match.group("half") is not None:
        # "6 tháng đầu năm 2021", "9 tháng đầu năm 2022": how reports for part of a year are named.
        count = _count(match.group("hn"))
        hy = match.group("hy")
        item = _Item(TimingKind.RANGE, start, end, pre, year=int(hy) if hy else None)
        if not 1 <= count <= 12:
            item.problem = _("Một năm chỉ có 12 tháng («{text}»).").format(text=shown)
        elif match.group("hpart") == "dau":
            item.month, item.last_month = 1, count
        else:
            item.month, item.last_month = 13 - count, 12
        return item
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
    return _Item(TimingKind.YEAR, start, end, pre)  # "cuối năm": the year comes from the document


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
    if item.named is not None:
        named = item.named.bounds(item.year)
        assert named is not None
        return named
    if item.kind is TimingKind.RANGE:
        assert item.month is not None and item.last_month is not None
        return _month_bounds(item.year, item.month)[0], _month_bounds(item.year, item.last_month)[1]
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
    if item.named is not None:
        return _("{name} {year}").format(name=item.named.name, year=item.year)
    if item.kind is TimingKind.RANGE:
        assert item.month is not None and item.last_month is not None
        if item.month == 1:
            return _("{count} tháng đầu năm {year}").format(count=item.last_month, year=item.year)
        return _("{count} tháng cuối năm {year}").format(count=13 - item.month, year=item.year)
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
    if item.qual == "cuoi":
        # "cuối năm 2021": as a deadline it is the last day of the period; the label says that is the reading.
        label = _("cuối {name} (hạn cuối: hết ngày {end})").format(name=name, end=format_date(last))
        return Milestone(item.kind, None, last, None, text, span, label)
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
    if first.day_only or second.day_only or first.qual or second.qual:
        return False
    if first.pre == "tu" and second.pre == "den" and _RANGE_GAP_RE.fullmatch(gap):
        return True
    return first.pre in ("", "tu") and second.pre == "" and _RANGE_DASH_RE.fullmatch(gap) is not None


def _joins_as_list(folded: str, first: _Item, second: _Item) -> bool:
    return _LIST_GAP_RE.fullmatch(folded, first.end, second.start) is not None


def _folded_words(text: str) -> str:
    return r"[\s,]*".join(map(re.escape, re.findall(r"[a-z0-9]+", _fold_map(text)[0])))


@functools.lru_cache(maxsize=8)
def _named_re(periods: tuple[NamedPeriod, ...]) -> re.Pattern[str] | None:
    """One pattern for every alias of ``periods``, longest first (group ``n<period>_<alias>`` tells which),
    with the prefix words before and the year after."""
    alternatives: list[tuple[int, str]] = []
    for index, period in enumerate(periods):
        unless = "".join(rf"(?!\s*{_folded_words(word)}(?![a-z]))" for word in period.not_followed_by if word.strip())
        for number, alias in enumerate(period.aliases):
            spelled = _folded_words(alias)
            if spelled:
                alternatives.append((len(spelled), f"(?P<n{index}_{number}>{spelled}){unless}"))
    if not alternatives:
        return None
    names = "|".join(pattern for _length, pattern in sorted(alternatives, key=lambda a: -a[0]))
    return re.compile(
        rf"(?<![\w/])(?:{_PREFIX})?(?:{names})(?![a-z0-9])(?:\s*,?\s*(?:nam\s*)?(?P<ny>{_YEAR}))?",
        re.VERBOSE,
    )


def _scan(folded: str, original: str, origin: list[int], periods: tuple[NamedPeriod, ...] = ()) -> list[_Item]:
    """Items in order: named periods first (their words are blanked for the grammar), "ngày 15/6 và 15/12"
    lists completed, and consecutive "từ A đến B" pairs joined into one (A carries B in ``until``)."""

    def shown(start: int, end: int) -> str:
        o_start, o_end = _original_span(original, origin, start, end)
        return nfc(original[o_start:o_end])

    found: list[_Item] = []
    pattern = _named_re(periods)
    if pattern is not None:
        blanked = list(folded)
        for match in pattern.finditer(folded):
            index = next(
                int(name[1:].split("_")[0])
                for name, value in match.groupdict().items()
                if value is not None and re.fullmatch(r"n[0-9]+_[0-9]+", name)
            )
            year = match.group("ny")
            found.append(_Item(TimingKind.RANGE, *match.span(), _prefix_key(match), year=int(year) if year else None,
                               named=periods[index]))  # fmt: skip
            blanked[match.start() : match.end()] = " " * (match.end() - match.start())
        folded_for_grammar = "".join(blanked)
    else:
        folded_for_grammar = folded
    for match in _ITEM_RE.finditer(folded_for_grammar):
        found.extend(_items_from(match, shown(*match.span())))
    found.sort(key=lambda item: item.start)

    items: list[_Item] = []
    for item in found:
        if item.bare:
            # "15/12" is a date only as the next of a list: "trước ngày 15/6 và 15/12".
            previous = items[-1] if items else None
            if previous is None or previous.kind is not TimingKind.DATE or previous.day_only:
                continue
            if not _joins_as_list(folded, previous, item):
                continue
            item.pre = item.pre or previous.pre
        items.append(item)

    # A list shares what its last item says: "Quý I và Quý II năm 2022", "ngày 15/6 và 15/12/2021".
    for index in range(len(items) - 2, -1, -1):
        item, following = items[index], items[index + 1]
        shares = item.year is None and not item.day_only and following.year is not None
        if shares and following.kind is item.kind is not TimingKind.YEAR and _joins_as_list(folded, item, following):
            item.year = following.year
    for index in range(1, len(items)):
        item, previous = items[index], items[index - 1]
        inherits = not item.pre and previous.pre in _DEADLINE_PREFIXES and item.kind is previous.kind
        if inherits and _joins_as_list(folded, previous, item):
            item.pre = previous.pre

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
    if item.year is None and item.kind not in (TimingKind.RECURRING, TimingKind.ONGOING) and not item.day_only:
        if reference_year is None:
            example = {TimingKind.MONTH: _("tháng 12/2021"), TimingKind.DATE: "15/11/2021"}.get(item.kind, "2021")
            item.problem = item.problem or _("Không rõ năm của «{text}»: hãy ghi đủ năm (ví dụ «{example}»).").format(
                text=shown, example=example
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
    elif item.named is not None and item.year is not None:
        if item.year < 1 or item.year > 9998 or item.named.bounds(item.year) is None:
            item.problem = _(
                "Chưa có ngày của «{name}» năm {year} trong dữ liệu các dịp (forms/periods/named_periods.json): "
                "hãy bổ sung dữ liệu hoặc ghi rõ ngày."
            ).format(name=item.named.name, year=item.year)
    elif item.year == 0 or item.last_year == 0:
        item.problem = _("Năm không hợp lệ: «{text}».").format(text=shown)
    elif item.last_year is not None and item.year is not None and item.last_year < item.year:
        item.problem = _("Khoảng năm «{text}» có năm bắt đầu sau năm kết thúc.").format(text=shown)
    return warnings


def _clauses(folded: str, mask: list[bool], positions: Iterator[int]) -> list[tuple[int, int]]:
    """Expand each position to its clause (between , ; . : ( ) or understood parts) for messages."""
    result: list[tuple[int, int]] = []
    covered = -1  # positions come in order, so one bound replaces a search through ``result``
    for pos in positions:
        if pos < covered:
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
        covered = max(covered, end)
        result.append((start, end))
    return result


def parse_timing(
    text: str,
    rule: DeadlineRule = DeadlineRule.INCLUSIVE,
    reference_year: int | None = None,
    named_periods: tuple[NamedPeriod, ...] = (),
) -> Timing:
    """Read a timing phrase such as "Quý II/2021", "trước ngày 15/11/2020" or
    "Hàng năm, năm 2023 sơ kết và tổng kết năm 2025".

    ``reference_year`` completes dates, months and quarters written without a year (usually the
    year of the document); ``named_periods`` are the periods known by name ("Tháng Công nhân").
    Nothing is guessed: what cannot be read goes to ``problems``, and then ``understood`` is False.
    """
    source = nfc(text)
    phrase = _clean_phrase(text)
    if len(source) > MAX_PHRASE_LENGTH:
        # A timing phrase is one sentence: a longer text is a paste gone wrong and is not scanned at all.
        problem = _(
            "Thời hạn dài {length} ký tự, quá {limit} ký tự cho phép: một thời hạn là một câu "
            "(ví dụ «trước ngày 15/11/2020»). Hãy chỉ ghi câu nói về thời gian."
        ).format(length=len(source), limit=MAX_PHRASE_LENGTH)
        return Timing(source, (), None, False, (problem,), rule)
    folded, origin = _fold_map(text)
    problems: list[str] = []  # parts not understood: any of them makes the phrase not understood
    warnings: list[str] = []  # read, but worth a look (a weekday that contradicts its date)

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
        timing_inside = _SUSPICIOUS_RE.search(folded, c_start + len("khi"), c_end)
        if timing_inside is not None:
            # "khi có yêu cầu trước ngày 15/11" hides a date inside the condition, where it is not read.
            problems.append(
                _("Chưa hiểu «{part}» trong điều kiện «{condition}»: hãy ghi thời hạn riêng khỏi điều kiện.").format(
                    part=shown(*_clauses(folded, [False] * len(folded), iter([timing_inside.start()]))[0]),
                    condition=conditional,
                )
            )
        elif _KNOWN_CONDITION_RE.match(folded, c_start) is None:
            problems.append(
                _("Chưa hiểu điều kiện «{condition}»: hãy ghi việc gì xảy ra thì làm (ví dụ «khi có yêu cầu»).").format(
                    condition=conditional
                )
            )
        for pos in range(cond.start(), c_end):
            mask[pos] = True
        scanned = folded[: cond.start()] + " " * (c_end - cond.start()) + folded[c_end:]

    entries = _group_recurrences(scanned, _scan(scanned, text, origin, named_periods))
    milestones: list[tuple[int, int, Milestone]] = []  # folded start, folded end, milestone
    for entry in entries:
        if isinstance(entry, _RecurrenceGroup):
            for pos in range(entry.start, entry.end):
                mask[pos] = True
            milestone_text, span = original(entry.start, entry.end)
            result = _recurring_milestone(entry, rule, milestone_text, span, shown)
            if isinstance(result, str):
                problems.append(result)
            else:
                milestones.append((entry.start, entry.end, result))
            continue
        item = entry
        last = item.until or item
        for part in (item, last) if item.until else (item,):
            part_shown = shown(part.start, part.end)
            if item.until is not None and part is item:
                _complete_year_from(item, item.until)
            if part.day_only and part.weekday is not None:
                part.problem = part.problem or _("«{text}»: không rõ {weekday} của tuần nào.").format(
                    text=part_shown, weekday=_(_WEEKDAYS[part.weekday])
                )
            elif part.day_only:
                part.problem = part.problem or _(
                    "«{text}»: không rõ ngày {day} của tháng nào "
                    "(ví dụ «ngày {day} hằng tháng» hoặc «ngày {day}/11/2021»)."
                ).format(text=part_shown, day=part.day)
            _complete_year(part, reference_year, part_shown)
            warnings.extend(_check_item(part, part_shown))
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
        if item.until is None and item.qual in ("dau", "giua"):
            # "đầu năm 2021" names no day: the period is kept so that the clerk sees what was read.
            problems.append(
                _("«{text}»: chỉ hiểu được là trong {name}, chưa rõ thời điểm chính xác.").format(
                    text=shown(item.start, last.end), name=_name(item)
                )
            )
        milestones.append((item.start, last.end, milestone))

    notes = _assign_notes(scanned, mask, [(a, b) for a, b, _m in milestones], shown)
    final = tuple(replace(m, note=", ".join(notes[i])) if notes[i] else m for i, (_a, _b, m) in enumerate(milestones))

    # Anything timing-like that is still unread is reported, never dropped silently.
    leftovers = (m.start() for m in _SUSPICIOUS_RE.finditer(folded) if not mask[m.start()])
    for start, end in _clauses(folded, mask, leftovers):
        problems.append(_("Chưa hiểu «{part}» trong thời hạn «{text}».").format(part=shown(start, end), text=phrase))

    read_something = bool(final) or conditional is not None
    understood = read_something and not problems
    if not read_something:
        if phrase:
            problems.append(
                _("Không hiểu thời hạn «{text}»: đã giữ nguyên văn bản, cần người dùng xem lại.").format(text=phrase)
            )
        else:
            problems.append(_("Chưa ghi thời hạn."))
    return Timing(source, final, conditional, understood, tuple(dict.fromkeys(problems + warnings)), rule)


@dataclass
class _RecurrenceGroup:
    """A recurrence with the days and months it falls due on: "trước ngày 15/6 và 15/12 hằng năm"."""

    recurrences: list[_Item]
    parts: list[_Item]
    start: int
    end: int


def _attachable(item: _Item) -> bool:
    """Days and months without a year can belong to a recurrence ("tháng 6 và tháng 12 hằng năm")."""
    if item.until is not None or item.qual or item.named is not None or item.problem is not None:
        return False
    if item.day_only:
        return True
    return item.year is None and item.kind in (TimingKind.DATE, TimingKind.MONTH) and not item.time


def _group_recurrences(folded: str, items: list[_Item]) -> list[_Item | _RecurrenceGroup]:
    """Runs of recurrences and yearless days/months, joined only by commas, "và" and spaces, become one
    group; a recurrence alone stays an item, so that "Thường xuyên hàng năm" keeps its two milestones."""
    result: list[_Item | _RecurrenceGroup] = []
    index = 0
    while index < len(items):
        item = items[index]
        if item.kind is not TimingKind.RECURRING and not _attachable(item):
            result.append(item)
            index += 1
            continue
        run = [item]
        while index + len(run) < len(items):
            following = items[index + len(run)]
            if following.kind is not TimingKind.RECURRING and not _attachable(following):
                break
            if _GROUP_GAP_RE.fullmatch(folded, run[-1].end, following.start) is None:
                break
            run.append(following)
        recurrences = [part for part in run if part.kind is TimingKind.RECURRING]
        parts = [part for part in run if part.kind is not TimingKind.RECURRING]
        if not recurrences or not parts:
            result.extend(run)
        else:
            result.append(_RecurrenceGroup(recurrences, parts, run[0].start, run[-1].end))
        index += len(run)
    return result


def _recurring_milestone(
    group: _RecurrenceGroup, rule: DeadlineRule, text: str, span: tuple[int, int], shown: Callable[[int, int], str]
) -> Milestone | str:
    """The one milestone of a recurrence group, with its schedule; or what does not fit together."""
    written = _clean_phrase(text)
    kinds = {part.recurrence for part in group.recurrences}
    days = [part for part in group.parts if part.day_only]
    dated = [part for part in group.parts if not part.day_only]
    if kinds <= {"yearly", "half-yearly"}:
        recurrence = "half-yearly" if "half-yearly" in kinds else "yearly"
    elif len(kinds) == 1:
        recurrence = next(iter(kinds))  # type: ignore[assignment]
    else:
        return _("«{text}»: các chu kỳ không khớp nhau.").format(text=written)
    dates: list[tuple[int, int | None]] = []
    weekdays = [part for part in days if part.weekday is not None]
    if weekdays or recurrence == "weekly":
        if recurrence != "weekly" or len(weekdays) != 1 or len(group.parts) != 1:
            return _("«{text}»: không rõ hạn rơi vào ngày nào.").format(text=written)
        weekday = weekdays[0].weekday
        assert weekday is not None
        prefix = weekdays[0].pre
        exclusive = prefix == "truoc" and rule is DeadlineRule.EXCLUSIVE
        schedule = Schedule((), weekly=True, weekday=weekday, exclusive=exclusive)
        what = _(_WEEKDAYS[weekday])
        if exclusive:
            what = _("trước {what} (không tính ngày đó)").format(what=what)
        elif prefix in _DEADLINE_PREFIXES:
            what = _("đến hết {what}").format(what=what)
        label = _(_RECURRENCE_LABEL[recurrence]) + ", " + what
        return Milestone(TimingKind.RECURRING, None, None, recurrence, text, span, label, schedule=schedule)
    if days:
        if dated or len(days) > 1:
            return _("«{text}»: không rõ hạn rơi vào ngày nào.").format(text=written)
        day = days[0]
        assert day.day is not None
        if not 1 <= day.day <= 31:
            return _("«{text}»: không có ngày {day}.").format(text=written, day=day.day)
        if recurrence == "monthly" and not day.position:
            dates = [(month, day.day) for month in range(1, 13)]
        elif recurrence == "quarterly" and day.position:
            dates = [(month, day.day) for month in _QUARTER_MONTHS[day.position]]
        elif recurrence == "quarterly":
            return _(
                "«{text}»: không rõ ngày {day} của tháng nào trong quý (ví dụ «ngày {day} của tháng cuối quý»)."
            ).format(text=written, day=day.day)
        else:
            return _("«{text}»: không rõ ngày {day} của tháng nào.").format(text=written, day=day.day)
    else:
        if recurrence not in ("yearly", "half-yearly"):
            return _("«{text}»: ngày tháng cụ thể không hợp với chu kỳ {period}.").format(
                text=written, period=_(_RECURRENCE_LABEL[recurrence])
            )
        for part in dated:
            assert part.month is not None
            if not 1 <= part.month <= 12:
                part_text = shown(part.start, part.end)
                return _("Không có tháng {month} («{text}»).").format(month=part.month, text=part_text)
            if part.day is not None and not 1 <= part.day <= calendar.monthrange(2000, part.month)[1]:
                return _("Ngày không hợp lệ: «{text}» (tháng {month} không có ngày {day}).").format(
                    text=shown(part.start, part.end), month=part.month, day=part.day
                )
            dates.append((part.month, part.day))
    prefix = next((part.pre for part in group.parts if part.pre), "")
    exclusive = prefix == "truoc" and rule is DeadlineRule.EXCLUSIVE
    schedule = Schedule(tuple(sorted(dict.fromkeys(dates), key=lambda d: (d[0], d[1] or 32))), exclusive=exclusive)
    label = _(_RECURRENCE_LABEL[recurrence]) + ", " + _schedule_words(days, dated, prefix, exclusive)
    return Milestone(TimingKind.RECURRING, None, None, recurrence, text, span, label, schedule=schedule)


def _schedule_words(days: list[_Item], dated: list[_Item], prefix: str, exclusive: bool) -> str:
    """ "đến hết ngày 20", "trước ngày 25 của tháng cuối quý (không tính ngày đó)", "tháng 6 và tháng 12"."""
    if days:
        what = _("ngày {day}").format(day=days[0].day)
        if days[0].position:
            what = _("{what} của tháng {position} quý").format(what=what, position=_(_QUALIFIER[days[0].position]))
    else:
        names = [
            _("tháng {month}").format(month=part.month) if part.day is None
            else _("ngày {day:02d}/{month:02d}").format(day=part.day, month=part.month)
            for part in dated
        ]  # fmt: skip
        what = " và ".join(names)
    if exclusive:
        return _("trước {what} (không tính ngày đó)").format(what=what)
    if prefix in _DEADLINE_PREFIXES:
        return _("đến hết {what}").format(what=what)
    return what


def _milestone(item: _Item, last: _Item, rule: DeadlineRule, text: str, span: tuple[int, int]) -> Milestone | str:
    """The milestone of a validated item (``last`` is its RANGE partner or itself), or a problem."""
    if item.until is not None:
        if _bounds(item)[0] > _bounds(last)[1]:
            return _("Khoảng thời gian «{text}» có ngày bắt đầu sau ngày kết thúc.").format(text=_clean_phrase(text))
        return _range_milestone(item, last, text, span)
    if item.kind is TimingKind.RECURRING:
        assert item.recurrence is not None
        if item.recurrence == "weekly":
            schedule = Schedule((), weekly=True)
        else:
            schedule = Schedule(tuple((month, None) for month in _PERIOD_ENDS[item.recurrence]))
        label = _(_RECURRENCE_LABEL[item.recurrence])
        return Milestone(item.kind, None, None, item.recurrence, text, span, label, schedule=schedule)
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
    items = [m for m in _ITEM_RE.finditer(folded) if not _is_bare(m)]
    if not items:
        return False
    pieces: list[str] = []
    cut = 0
    for m in items:
        pieces.append(folded[cut : m.start()])
        cut = m.end()
    pieces.append(folded[cut:])
    return _FILLER_RE.fullmatch(" ".join(pieces)) is not None


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
        matches = list(_ITEM_RE.finditer(folded, l_start, l_end))
        taken = -1  # the last match already inside a phrase: its own span would be inside that one
        for index, match in enumerate(matches):
            if index <= taken:
                continue
            pre = _prefix_key(match)
            inline = pre in ("truoc", "cham", "tunay") and match.group("rec") is None and match.group("ongoing") is None
            periodic = match.group("rec") is not None and folded.startswith("dinh", match.start("rec"))
            if not (inline or periodic):
                continue
            if _is_bare(match):
                continue
            start, end = match.span()
            # The rest of a list or recurrence belongs to the phrase: "trước ngày 15/6 và 15/12 hằng năm".
            for taken in range(index + 1, len(matches)):
                following = matches[taken]
                joined = following.group("rec") is not None and _GROUP_GAP_RE.fullmatch(folded, end, following.start())
                listed = following.group("rec") is None and _LIST_GAP_RE.fullmatch(folded, end, following.start())
                if not (joined or (listed and (following.group("date") or following.group("dayonly")))):
                    taken -= 1
                    break
                end = following.end()
            if pre == "truoc":
                start = _send_start(folded, l_start, start)
            cond = _INLINE_CONDITION_RE.match(folded, end, l_end)
            if cond is not None:
                end = _trim(folded, start, cond.end())[1]
            found.append((start, end))
        # Keep the spans not inside another: sorted by start, then the longest first.
        reach = -1
        for span in sorted(dict.fromkeys(found), key=lambda f: (f[0], -f[1])):
            if span[1] > reach:
                spans.append(span)
                reach = span[1]
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


def _schedule_json(schedule: Schedule | None) -> list[dict[str, int | None]] | None:
    if schedule is None:
        return None
    if schedule.weekly:
        return [{"weekday": schedule.weekday}]
    return [{"month": month, "day": day} for month, day in schedule.dates]


def timing_to_json(t: Timing, after: date | None = None) -> dict[str, object]:
    """A JSON-ready dict: dates as ISO strings, kinds and rule as lower-case strings; ``next_deadline`` is
    the first due day after ``after`` (null without it)."""
    return {
        "source": t.source,
        "understood": t.understood,
        "deadline": _iso(t.deadline),
        "next_deadline": _iso(t.next_deadline(after)) if after is not None else None,
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
                "schedule": _schedule_json(m.schedule),
            }
            for m in t.milestones
        ],
        "problems": list(t.problems),
    }
