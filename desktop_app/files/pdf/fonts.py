"""The printing font: find a Times-metric family with every Vietnamese letter and register it with reportlab.

Chain: the configured family → Times New Roman from the system → Tinos → Liberation Serif 2.x →
DejaVu Serif. Times New Roman may not be shipped, so the others are the free stand-ins; Liberation
Serif 1.x has the same name as 2.x but lacks ơ, ư and most toned letters, so coverage is checked on
the font files themselves, never trusted from a name or version.
"""

from __future__ import annotations

import functools
import os
import re
import struct
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.i18n import _

__all__ = [
    "FALLBACK_CHAIN",
    "VIETNAMESE_LETTERS",
    "FontChoice",
    "FontError",
    "choose_fonts",
    "font_dirs",
    "missing_vietnamese",
]

#: The free families tried after the configured one and Times New Roman, in order of preference.
FALLBACK_CHAIN: tuple[str, ...] = ("Times New Roman", "Tinos", "Liberation Serif", "DejaVu Serif")
STYLES: tuple[str, ...] = ("regular", "bold", "italic", "bold_italic")


def _vietnamese_letters() -> str:
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
    lower = [unicodedata.normalize("NFC", v + t) for v in vowels for t in tones] + ["đ"]
    return "".join(lower) + "".join(ch.upper() for ch in lower)


#: Every letter of Vietnamese as one precomposed (NFC) character, lower and upper case (146 in all).
VIETNAMESE_LETTERS = _vietnamese_letters()


class FontError(Exception):
    """No usable font, or the configured one cannot print Vietnamese; the message is for the user."""


@dataclass(frozen=True)
class FontChoice:
    """The family the PDF uses, its registered reportlab names, and why it was chosen (shown in the app)."""

    family: str  # as the user knows it: "Times New Roman", "Tinos"
    regular: str  # reportlab names; ``regular`` is also the family name for <b>/<i> markup
    bold: str
    italic: str
    bold_italic: str
    files: tuple[Path, Path, Path, Path]  # regular, bold, italic, bold italic
    reason: str
    notes: tuple[str, ...] = ()  # families passed over, and why


def font_dirs() -> list[Path]:
    """The folders where this computer keeps fonts, per-user ones included."""
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs = [windir / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs = [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts"),
                Path("/System/Library/Fonts/Supplemental")]
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        dirs = [Path(xdg) / "fonts"] if xdg else []
        dirs += [home / ".local" / "share" / "fonts", home / ".fonts", Path("/usr/local/share/fonts"),
                 Path("/usr/share/fonts")]
    return [d for d in dirs if d.is_dir()]


# --------------------------------------------------------------------------- reading the name table


def _names(path: Path) -> tuple[str, str] | None:
    """(family, subfamily) from a TrueType file's name table, or None if it is not one we can use.

    Reads only the table directory and the name table, so scanning a Windows font folder stays quick;
    reportlab's own parser reads every table of every file.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
            if len(head) < 12 or head[:4] not in (b"\x00\x01\x00\x00", b"true"):
                return None  # CFF-based OpenType and collections: reportlab cannot embed them
            (count,) = struct.unpack(">H", head[4:6])
            directory = fh.read(16 * count)
            name_at = None
            for i in range(count):
                tag, _checksum, offset, length = struct.unpack(">4sIII", directory[16 * i:16 * i + 16])
                if tag == b"name":
                    name_at = (offset, length)
            if name_at is None:
                return None
            fh.seek(name_at[0])
            table = fh.read(name_at[1])
    except OSError:
        return None
    try:
        _format, records, strings = struct.unpack(">HHH", table[:6])
        found: dict[int, str] = {}
        for i in range(records):
            platform, encoding, language, name_id, length, offset = struct.unpack(
                ">HHHHHH", table[6 + 12 * i:18 + 12 * i])
            if name_id not in (1, 2) or name_id in found:
                continue
            raw = table[strings + offset:strings + offset + length]
            if platform == 3 and encoding in (0, 1, 10) and language in (0x409, 0):
                found[name_id] = raw.decode("utf-16-be", "replace")
            elif platform == 1 and encoding == 0 and language == 0 and name_id not in found:
                found[name_id] = raw.decode("mac_roman", "replace")
    except struct.error:
        return None
    if 1 not in found:
        return None
    return found[1].strip(), found.get(2, "Regular").strip()


def _style(subfamily: str) -> str | None:
    words = set(subfamily.casefold().replace("-", " ").split())
    bold = "bold" in words
    italic = bool(words & {"italic", "oblique"})
    if words - {"bold", "italic", "oblique", "regular", "book", "normal", "roman"}:
        return None  # condensed, light, black …: not a member of the four-style family
    return {(False, False): "regular", (True, False): "bold", (False, True): "italic",
            (True, True): "bold_italic"}[(bold, italic)]


def _family_key(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name).casefold()


@functools.lru_cache(maxsize=8)
def _index(dirs: tuple[Path, ...]) -> dict[str, dict[str, list[Path]]]:
    """family key → {style: files} for every TrueType font under ``dirs``, in the order of ``dirs``.

    Several files may claim one family and style (Liberation Serif 1.x and 2.x side by side).
    """
    index: dict[str, dict[str, list[Path]]] = {}
    for folder in dirs:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() != ".ttf" or not path.is_file():
                continue
            names = _names(path)
            if names is None:
                continue
            style = _style(names[1])
            if style is not None:
                index.setdefault(_family_key(names[0]), {}).setdefault(style, []).append(path)
    return index


# --------------------------------------------------------------------------- coverage and registration


@functools.lru_cache(maxsize=64)
def missing_vietnamese(path: Path) -> str:
    """The Vietnamese letters the TrueType file at ``path`` has no glyph for ("" when it has them all)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    face = TTFontFile(str(path), validate=0)
    mapped = face.charToGlyph
    return "".join(ch for ch in VIETNAMESE_LETTERS if mapped.get(ord(ch), 0) == 0)


_registered: dict[tuple[Path, ...], tuple[str, str, str, str]] = {}


def _register(family: str, files: tuple[Path, Path, Path, Path]) -> tuple[str, str, str, str]:
    """Register the four styles once per set of files; reportlab's registry is process-wide."""
    if files in _registered:
        return _registered[files]
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    base = re.sub(r"[^A-Za-z0-9]+", "", family) or "Font"
    # Two different files with the same family name (a test font, a second copy) must not collide.
    taken = set(pdfmetrics.getRegisteredFontNames())
    stem, n = base, 1
    while stem in taken:
        n += 1
        stem = f"{base}{n}"
    # "Bold" / "Italic" in the names: PDF readers (and the layout checker) read the style from them.
    names = (stem, f"{stem}-Bold", f"{stem}-Italic", f"{stem}-BoldItalic")
    for name, path in zip(names, files, strict=True):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(stem, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3])
    for bold, italic, name in ((0, 0, names[0]), (1, 0, names[1]), (0, 1, names[2]), (1, 1, names[3])):
        addMapping(stem, bold, italic, name)
    _registered[files] = names
    return names


def _check_family(
    family: str, styles: dict[str, list[Path]]
) -> tuple[tuple[Path, Path, Path, Path] | None, str]:
    """The family's four files if usable, else None and the reason in Vietnamese."""
    absent = [s for s in STYLES if s not in styles]
    if absent:
        labels = {"regular": _("thường"), "bold": _("đậm"), "italic": _("nghiêng"), "bold_italic": _("đậm nghiêng")}
        return None, _("Phông «{family}» thiếu kiểu chữ {styles}.").format(
            family=family, styles=", ".join(labels[s] for s in absent))
    chosen: list[Path] = []
    for style in STYLES:
        usable = next((p for p in styles[style] if not missing_vietnamese(p)), None)
        if usable is None:
            first = styles[style][0]
            missing = missing_vietnamese(first)
            message = _("Phông «{family}» ({file}) không có đủ chữ tiếng Việt: thiếu {count} chữ như «{some}».")
            # The letters a reader recognises as Vietnamese first, so the message explains itself.
            telling = sorted(missing, key=lambda ch: (ch not in "ơưđăâêôƠƯĐĂÂÊÔ", VIETNAMESE_LETTERS.index(ch)))
            return None, message.format(family=family, file=first.name, count=len(missing), some=" ".join(telling[:8]))
        chosen.append(usable)
    return (chosen[0], chosen[1], chosen[2], chosen[3]), ""


def _why(family: str, configured: str | None, notes: Iterable[str]) -> str:
    if configured and _family_key(family) == _family_key(configured):
        return _("Dùng phông «{family}» theo cài đặt.").format(family=family)
    head = _("Dùng phông «{family}»").format(family=family)
    if _family_key(family) != _family_key("Times New Roman"):
        head += _(" (cùng kích thước chữ với Times New Roman, đủ chữ tiếng Việt)")
    passed = " ".join(notes)
    return f"{head}. {passed}".strip()


def choose_fonts(configured: str | None = None, *, search_dirs: Sequence[Path] | None = None) -> FontChoice:
    """Pick, check and register the printing font; ``configured`` is a family name from the settings.

    A configured family that is installed but cannot print Vietnamese is refused with ``FontError``
    (printing it would drop letters); one that is not installed falls back along the chain, and the
    returned ``reason`` says so.
    """
    dirs = tuple(search_dirs) if search_dirs is not None else tuple(font_dirs())
    index = _index(dirs)
    notes: list[str] = []
    wanted = _clean_family(configured)
    if wanted:
        styles = index.get(_family_key(wanted))
        if styles is None:
            notes.append(_("Máy này không có phông «{family}» đã chọn trong cài đặt.").format(family=wanted))
        else:
            files, problem = _check_family(wanted, styles)
            if files is None:
                raise FontError(problem + " " + _("Hãy chọn phông khác trong phần Cài đặt, ví dụ Times New Roman."))
            return _choice(wanted, files, _why(wanted, wanted, ()), ())
    for family in FALLBACK_CHAIN:
        if wanted and _family_key(family) == _family_key(wanted):
            continue
        styles = index.get(_family_key(family))
        if styles is None:
            notes.append(_("Không có phông «{family}».").format(family=family))
            continue
        files, problem = _check_family(family, styles)
        if files is None:
            notes.append(problem)
            continue
        return _choice(family, files, _why(family, wanted, notes), tuple(notes))
    raise FontError(_("Không tìm thấy phông chữ nào in được tiếng Việt. Hãy cài Times New Roman hoặc Tinos. ")
                    + " ".join(notes))


def _clean_family(name: str | None) -> str:
    return " ".join((name or "").split())


def _choice(family: str, files: tuple[Path, Path, Path, Path], reason: str, notes: tuple[str, ...]) -> FontChoice:
    names = _register(family, files)
    return FontChoice(family, *names, files=files, reason=reason, notes=notes)
