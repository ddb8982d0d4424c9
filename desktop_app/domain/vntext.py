"""Vietnamese text helpers: normalisation, search keys, dictionary collation, dates,
numbers and Roman numerals, as clerks type and read them."""

from __future__ import annotations

import calendar
import datetime
import decimal
import re
import unicodedata

from desktop_app.domain.i18n import _

__all__ = [
    "TONE_ORDER",
    "CollationKey",
    "clean",
    "collation_key",
    "compare",
    "find_dates",
    "format_date",
    "format_date_words",
    "format_number",
    "format_place_date",
    "from_roman",
    "matches",
    "nfc",
    "parse_date",
    "parse_number",
    "search_key",
    "search_tokens",
    "shortened",
    "to_roman",
]

# --------------------------------------------------------------------------- normalisation

# NBSP and its narrow/figure cousins arrive from Word and Excel exports; they must behave as spaces.
_SPACE_LIKE = "\u00a0\u202f\u2007"


class _InvisibleTable(dict[int, str | None]):
    """``str.translate`` table: spaces for the space-like, nothing for every format character (Cf).

    Format characters (soft hyphen, zero-width joiners, bidi overrides, BOM, tags) are invisible but
    change what text means to a matcher: a soft hyphen inside «trước» hides the word from the deadline
    parser, one inside a unit name defeats the duplicate check. The category is looked up lazily and
    cached, so start-up does not scan all of Unicode.
    """

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        kept = None if unicodedata.category(char) == "Cf" else char
        self[code] = kept
        return kept


_NFC_TABLE = _InvisibleTable({ord(ch): " " for ch in _SPACE_LIKE})


def nfc(text: str) -> str:
    """NFC-normalise ``text``, drop format characters (Cf) and turn non-breaking spaces into spaces."""
    # Format characters go first: one between a letter and its tone mark would block composition.
    return unicodedata.normalize("NFC", text.translate(_NFC_TABLE))


def clean(text: str | None) -> str:
    """``nfc`` plus whitespace runs collapsed to one space and stripped; ``None`` gives ``""``."""
    if text is None:
        return ""
    return " ".join(nfc(text).split())


def _fold(text: str) -> str:
    """Accent- and case-fold without touching whitespace (shared by search keys and date parsing)."""
    # casefold sits between two NFDs: it can create marks ("İ" -> "i̇") and turn marks into letters
    # (U+0345 -> "ι"), so only this order makes the result idempotent and NFC/NFD invariant.
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).casefold())
    stripped = "".join(ch for ch in folded if not unicodedata.combining(ch))
    # "Ð" (U+00D0, Icelandic eth) is visually identical to "Đ" and turns up from mistyped input.
    return stripped.replace("đ", "d").replace("ð", "d")


def shortened(text: str | None, width: int = 80) -> str:
    """``text`` on one line, cut to ``width`` characters with "…" (how lists and logs quote a long summary)."""
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def search_key(text: str | None) -> str:
    """Accent- and case-insensitive key: "DƯƠNG  Minh Châu" -> "duong minh chau"."""
    if text is None:
        return ""
    return " ".join(_fold(nfc(text)).split())


def search_tokens(query: str | None) -> tuple[str, ...]:
    """The tokens ``matches`` looks for; precompute once when filtering many rows."""
    return tuple(search_key(query).split())


def matches(query: str, text: str) -> bool:
    """True when every token of ``query`` occurs in ``text``, ignoring accents and case."""
    haystack = search_key(text)
    return all(token in haystack for token in search_tokens(query))


# --------------------------------------------------------------------------- collation

_ALPHABET = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)  # fmt: skip
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_LETTER_MARKS = (_BREVE, _CIRCUMFLEX, _HORN)

#: Tone order used by ``collation_key``: no tone < huyền < hỏi < ngã < sắc < nặng
#: (the order of Vietnamese dictionaries such as Hoàng Phê's Từ điển tiếng Việt).
TONE_ORDER: tuple[str, ...] = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_TONE_WEIGHT = {mark: weight for weight, mark in enumerate(TONE_ORDER) if mark}


def _build_letter_table() -> dict[tuple[str, str], int]:
    table: dict[tuple[str, str], int] = {}
    for index, letter in enumerate(_ALPHABET):
        decomposed = unicodedata.normalize("NFD", letter)
        table[(decomposed[0], decomposed[1:])] = index
    table[("ð", "")] = _ALPHABET.index("đ")
    return table


_LETTERS = _build_letter_table()

_Element = tuple[int, int]  # (kind, value): kind 0 = number, 1 = Vietnamese letter, 2 = other character
_Word = tuple[tuple[_Element, ...], int]  # (base letters, syllable tone)
CollationKey = tuple[
    tuple[_Word, ...],  # level 1+2: per word, base letters then tone
    tuple[int, ...],  # level 3: tone of every character (where the tone mark sits)
    tuple[tuple[int, ...], ...],  # level 4: non-Vietnamese marks (ç, ñ, ...)
    tuple[int, ...],  # level 5: case, lower before upper
    str,  # level 6: the cleaned text itself, so that only identical texts tie
]


def _graphemes(text: str) -> list[tuple[str, str]]:
    """Split into (base character, combining marks) pairs of the NFD form."""
    result: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and result:
            base, marks = result[-1]
            result[-1] = (base, marks + ch)
        else:
            result.append((ch, ""))
    return result


def collation_key(text: str | None) -> CollationKey:
    """Sort key for Vietnamese dictionary order, for ``sorted(names, key=collation_key)``.

    Words are compared one by one (so "An Bình" < "Anh"); inside a word the base letters
    decide first, with ă â đ ê ô ơ ư as letters of their own, then the syllable's tone in
    ``TONE_ORDER``, then case (lower first). Digit runs compare by value, before letters.
    """
    cleaned = clean(text)
    words: list[_Word] = []
    tones: list[int] = []
    others: list[tuple[int, ...]] = []
    cases: list[int] = []
    elements: list[_Element] = []
    word_tone = 0
    number: int | None = None

    def end_number() -> None:
        nonlocal number
        if number is not None:
            elements.append((0, number))
            number = None

    def end_word() -> None:
        nonlocal word_tone
        end_number()
        if elements:
            words.append((tuple(elements), word_tone))
        elements.clear()
        word_tone = 0

    for base, marks in _graphemes(cleaned):
        if not base.isalnum():
            # Spaces and punctuation only separate words; level 6 still tells "A-B" from "A B".
            end_word()
            continue
        tone = 0
        letter_mark = ""
        other: list[int] = []
        lower = base.casefold()
        for mark in marks:
            if mark in _TONE_WEIGHT and not tone:
                tone = _TONE_WEIGHT[mark]
            elif mark in _LETTER_MARKS and not letter_mark and (lower, mark) in _LETTERS:
                letter_mark = mark
            else:
                other.append(ord(mark))
        digit = unicodedata.decimal(base, -1)
        if digit >= 0:
            number = (number or 0) * 10 + digit
        else:
            end_number()
            if (lower, letter_mark) in _LETTERS:
                elements.append((1, _LETTERS[(lower, letter_mark)]))
            else:
                if letter_mark:
                    other.insert(0, ord(letter_mark))
                elements.extend((2, ord(ch)) for ch in lower)
        if tone and not word_tone:
            word_tone = tone
        tones.append(tone)
        others.append(tuple(other))
        cases.append(0 if lower == base else 1)
    end_word()
    return (tuple(words), tuple(tones), tuple(others), tuple(cases), cleaned)


def compare(a: str | None, b: str | None) -> int:
    """-1, 0 or 1 as ``a`` sorts before, with or after ``b`` in Vietnamese dictionary order."""
    key_a, key_b = collation_key(a), collation_key(b)
    return (key_a > key_b) - (key_a < key_b)


# --------------------------------------------------------------------------- dates

_WEEKDAY_NAMES = ("thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật")
_WEEKDAY_BY_FOLDED = {
    "thuhai": 0, "thu2": 0, "thuba": 1, "thu3": 1, "thutu": 2, "thu4": 2, "thunam": 3, "thu5": 3,
    "thusau": 4, "thu6": 4, "thubay": 5, "thu7": 5, "chunhat": 6, "cn": 6,
}  # fmt: skip

# Matched against the folded text (no accents, lower case), so "THỨ BẢY" and "thu bay" both work.
_DATE_RE = re.compile(
    r"""
    (?<![\w/.])
    (?:(?P<wday>thu\s*(?:hai|bay|ba|tu|nam|sau|[2-7])|chu\s*nhat|cn)\s*,?\s*)?
    (?P<date>
        (?:ngay\s*)?(?P<iy>[0-9]{4})(?P<isep>[-/.])(?P<im>[0-9]{1,2})(?P=isep)(?P<id>[0-9]{1,2})
      | (?:ngay\s*)?(?P<nd>[0-9]{1,2})(?P<nsep>[-/.])(?P<nm>[0-9]{1,2})(?P=nsep)(?P<ny>[0-9]{4})
      | ngay\s*(?P<wd>[0-9]{1,2})\s*thang\s*(?P<wm>[0-9]{1,2})\s*,?\s*nam\s*(?P<wy>[0-9]{4})
    )
    (?![0-9])
    """,
    re.VERBOSE,
)


def format_date(d: datetime.date) -> str:
    """dd/mm/yyyy, always zero-padded, for tables and lists: "05/01/2020"."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_date_words(d: datetime.date) -> str:
    """Decree 30 form: "ngày 05 tháng 01 năm 2020", "ngày 24 tháng 3 năm 2021"."""
    # Decree 30/2020 pads days below 10 and months 1-2 only, so that nobody can add a digit later.
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return _("ngày {day} tháng {month} năm {year}").format(day=day, month=month, year=d.year)


def format_place_date(place: str, d: datetime.date) -> str:
    """The place-and-date line of a document: "Huyện Dương Minh Châu, ngày 24 tháng 3 năm 2021"."""
    place = clean(place).rstrip(",").rstrip()
    words = format_date_words(d)
    if not place:
        return words[:1].upper() + words[1:]
    return f"{place}, {words}"


def _fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` character by character, remembering where each folded character came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        piece = " " if ch.isspace() or ch in _SPACE_LIKE else _fold(ch.translate(_NFC_TABLE))
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


def _date_parts(match: re.Match[str]) -> tuple[int, int, int]:
    for day, month, year in (("id", "im", "iy"), ("nd", "nm", "ny"), ("wd", "wm", "wy")):
        if match.group(year) is not None:
            return int(match.group(day)), int(match.group(month)), int(match.group(year))
    raise AssertionError("date pattern matched without a date")  # pragma: no cover


def _invalid_reason(day: int, month: int, year: int) -> str | None:
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        return _("năm {year} nằm ngoài phạm vi cho phép").format(year=year)
    if not 1 <= month <= 12:
        return _("không có tháng {month}").format(month=month)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return _("tháng {month} năm {year} không có ngày {day}").format(month=month, year=year, day=day)
    return None


def _weekday_of(match: re.Match[str]) -> int | None:
    named = match.group("wday")
    return None if named is None else _WEEKDAY_BY_FOLDED["".join(named.split())]


def parse_date(text: str) -> datetime.date:
    """Read a date as clerks type it: "24/3/2021", "24-03-2021", "2021-03-24",
    "ngày 24 tháng 3 năm 2021", optionally after a weekday ("thứ Ba, ngày 24/11/2015")."""
    shown = clean(text)
    if not shown:
        raise ValueError(_("Chưa nhập ngày. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 24/3/2021."))
    folded = " ".join(_fold(shown).split())
    match = _DATE_RE.fullmatch(folded)
    if match is None:
        raise ValueError(
            _("Không hiểu ngày «{text}». Hãy nhập theo dạng ngày/tháng/năm, ví dụ 24/3/2021.").format(text=shown)
        )
    day, month, year = _date_parts(match)
    reason = _invalid_reason(day, month, year)
    if reason is not None:
        raise ValueError(_("Ngày không hợp lệ: «{text}» ({reason}).").format(text=shown, reason=reason))
    result = datetime.date(year, month, day)
    named = _weekday_of(match)
    if named is not None and named != result.weekday():
        reason = _("ngày {date} là {actual}, không phải {named}").format(
            date=format_date(result),
            actual=_(_WEEKDAY_NAMES[result.weekday()]),
            named=_(_WEEKDAY_NAMES[named]),
        )
        raise ValueError(_("Ngày không hợp lệ: «{text}» ({reason}).").format(text=shown, reason=reason))
    return result


def find_dates(text: str) -> list[tuple[datetime.date, int, int]]:
    """Every valid date in free text as (date, start, end), the span indexing the original ``text``.

    Impossible dates (31/2/2021) are skipped; a weekday that contradicts its date is left out
    of the span rather than discarding the date, which is the more reliable part.
    """
    folded, origin = _fold_with_map(text)
    found: list[tuple[datetime.date, int, int]] = []
    for match in _DATE_RE.finditer(folded):
        day, month, year = _date_parts(match)
        if _invalid_reason(day, month, year) is not None:
            continue
        value = datetime.date(year, month, day)
        named = _weekday_of(match)
        start = match.start() if named in (None, value.weekday()) else match.start("date")
        found.append((value, origin[start], origin[match.end() - 1] + 1))
    return found


# --------------------------------------------------------------------------- numbers

_NUMBER_RE = re.compile(
    r"(?P<sign>[+-]?) ?"
    r"(?P<int>[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,2}(?: [0-9]{3})+)?"
    r"(?:,(?P<frac>[0-9]+))?"
)
_DOTTED_RE = re.compile(r"[+-]? ?[0-9][0-9., ]*")


def _to_decimal(value: int | float | decimal.Decimal) -> decimal.Decimal:
    if isinstance(value, decimal.Decimal):
        result = value
    elif isinstance(value, int):
        result = decimal.Decimal(value)
    elif isinstance(value, float):
        # str() gives the shortest repr, so 0.1 stays 0.1 instead of 0.1000000000000000055...
        result = decimal.Decimal(str(value))
    else:
        raise TypeError(f"format_number() needs int, float or Decimal, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(_("Không thể hiển thị giá trị «{value}» dưới dạng số.").format(value=value))
    return result


def format_number(value: int | float | decimal.Decimal, decimals: int | None = None) -> str:
    """Vietnamese separators: 1234567.5 -> "1.234.567,5"; ``decimals`` fixes the fraction digits."""
    number = _to_decimal(value)
    if decimals is not None:
        if decimals < 0:
            raise ValueError(f"decimals must be >= 0, not {decimals}")
        with decimal.localcontext() as ctx:
            # The default 28-digit precision would make quantize() fail on large amounts.
            ctx.prec = max(28, number.adjusted() + decimals + 2)
            number = number.quantize(decimal.Decimal(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP)
    digits = format(number, "f")
    negative = digits.startswith("-")
    digits = digits.lstrip("-")
    integer, _sep, fraction = digits.partition(".")
    if decimals is None:
        fraction = fraction.rstrip("0")
    grouped = f"{int(integer):,}".replace(",", ".")
    text = f"{grouped},{fraction}" if fraction else grouped
    if negative and number != 0:
        text = "-" + text
    return text


def parse_number(text: str) -> int | decimal.Decimal:
    """Read a number typed Vietnamese-style: "1.234.567" -> 1234567, "1.234,5" -> Decimal("1234.5")."""
    shown = clean(text)
    candidate = shown.replace("\u2212", "-")  # the typographic minus sign Word likes to insert
    if not candidate:
        raise ValueError(_("Chưa nhập số."))
    match = _NUMBER_RE.fullmatch(candidate)
    if match is None or (match.group("int") is None and match.group("frac") is None):
        if "." in candidate and _DOTTED_RE.fullmatch(candidate):
            raise ValueError(
                _(
                    "Số «{text}» không rõ nghĩa: dấu chấm chỉ dùng để ngăn cách hàng nghìn "
                    "(theo nhóm 3 chữ số). Hãy dùng dấu phẩy cho phần thập phân, ví dụ 1,5."
                ).format(text=shown)
            )
        raise ValueError(
            _("«{text}» không phải là số. Hãy nhập số theo dạng 1.234.567 hoặc 1.234,5.").format(text=shown)
        )
    sign = match.group("sign")
    integer = (match.group("int") or "0").replace(".", "").replace(" ", "")
    fraction = (match.group("frac") or "").rstrip("0")
    if not fraction:
        return int(sign + integer)
    return decimal.Decimal(f"{sign}{integer}.{fraction}")


# --------------------------------------------------------------------------- Roman numerals

_ROMAN_VALUES = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
# Only the canonical spelling is accepted, so "IIII" and "VX" are rejected rather than guessed at.
_ROMAN_RE = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


def to_roman(n: int) -> str:
    """1..3999 as Roman numerals (section numbers of documents): 14 -> "XIV"."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 3999:
        raise ValueError(_("Chỉ viết được số La Mã cho các số từ 1 đến 3999, không phải «{n}».").format(n=n))
    parts: list[str] = []
    for value, numeral in _ROMAN_VALUES:
        count, n = divmod(n, value)
        parts.append(numeral * count)
    return "".join(parts)


def from_roman(s: str) -> int:
    """Read a canonical Roman numeral, in any case: "xiv" -> 14."""
    candidate = clean(s).upper()
    if not candidate or _ROMAN_RE.fullmatch(candidate) is None:
        raise ValueError(_("«{text}» không phải là số La Mã hợp lệ.").format(text=clean(s)))
    total = 0
    position = 0
    for value, numeral in _ROMAN_VALUES:
        while candidate.startswith(numeral, position):
            total += value
            position += len(numeral)
    return total
