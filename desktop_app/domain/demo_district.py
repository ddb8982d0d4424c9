"""A realistic, deterministic demo district: LĐLĐ huyện Dương Minh Châu (Tây Ninh) and its CĐCS.

Everything here is invented (names of people, companies, phone numbers, e-mail addresses); only
the place names are real. The output depends on the seed and ``as_of`` alone: one
``random.Random(seed)`` drives every choice, only integer draws are used (no floating-point
library maths that could differ between machines), and the current date is never read.

``generate_units`` is the same generator at any scale (the demo uses about 120 units, the
benchmarks 300 and 5,000); unit names are unique within one list.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from desktop_app.domain.units import GRASSROOTS_KIND, UnitDraft

DISTRICT = "Dương Minh Châu"
PROVINCE = "Tây Ninh"
_DISTRICT_TAIL = f"huyện {DISTRICT}, tỉnh {PROVINCE}"
_LATEST_FOUNDED = date(2024, 12, 31)
_EARLIEST_FOUNDED = date(1976, 1, 1)


@dataclass(frozen=True)
class DemoSigner:
    """Who signs the demo office's documents."""

    authority: str  # "TM. BAN THƯỜNG VỤ"
    title: str  # "CHỦ TỊCH"
    name: str


@dataclass(frozen=True)
class DemoDistrict:
    """The demo office (home unit), its parent, its signer and its grassroots units."""

    home: UnitDraft
    abbreviation: str  # as in document symbols: 94/KH-LĐLĐ
    place_name: str  # as in date lines: "Huyện Dương Minh Châu, ngày ..."
    parent: UnitDraft
    signer: DemoSigner
    units: list[UnitDraft]


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class _Commune:
    admin: str  # "xã Phan", "thị trấn Dương Minh Châu"
    label: str  # how schools name it: "Phan", "Thị trấn"
    hamlets: tuple[str, ...]

    @property
    def title(self) -> str:
        """The commune name with a capital first letter, as it opens a unit name part."""
        return self.admin[0].upper() + self.admin[1:]


_TOWN = _Commune(
    f"thị trấn {DISTRICT}",
    "Thị trấn",
    ("khu phố 1", "khu phố 2", "khu phố 3", "khu phố 4"),
)

_COMMUNES: tuple[_Commune, ...] = (
    _TOWN,
    _Commune("xã Suối Đá", "Suối Đá", ("ấp Khedol", "ấp Phước Bình 1", "ấp Phước Bình 2", "ấp Phước Hội")),
    _Commune("xã Phan", "Phan", ("ấp Phước Tân", "ấp Phước Lợi", "ấp Phước Hòa", "ấp Tân Định")),
    _Commune("xã Phước Ninh", "Phước Ninh", ("ấp Phước Lễ", "ấp Phước Long", "ấp Phước Hiệp", "ấp Phước An")),
    _Commune("xã Phước Minh", "Phước Minh", ("ấp Phước Hòa", "ấp Phước Tân", "ấp Phước Lợi", "ấp Phước Bình")),
    _Commune("xã Bàu Năng", "Bàu Năng", ("ấp Ninh Hiệp", "ấp Ninh Hòa", "ấp Ninh Lợi", "ấp Ninh Thọ", "ấp Ninh An")),
    _Commune("xã Chà Là", "Chà Là", ("ấp Thuận Bình", "ấp Thuận Tân", "ấp Thuận An", "ấp Thuận Hòa")),
    _Commune("xã Cầu Khởi", "Cầu Khởi", ("ấp Khởi Trung", "ấp Khởi An", "ấp Khởi Nghĩa", "ấp Khởi Hà")),
    _Commune("xã Bến Củi", "Bến Củi", ("ấp Bến Củi", "ấp Bàu Tép", "ấp Láng", "ấp Phước Trung")),
    _Commune("xã Lộc Ninh", "Lộc Ninh", ("ấp Ninh Trung", "ấp Ninh Điền", "ấp Ninh Phú", "ấp Ninh Thạnh")),
    _Commune("xã Truông Mít", "Truông Mít", ("ấp Thuận Phú", "ấp Thuận Tân", "ấp Thuận Hòa", "ấp Thuận Lợi")),
)

# --------------------------------------------------------------------------- people


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FAMILY = _words(
    "Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Huỳnh Hoàng Phan Võ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương "
    "Đinh Mai Lâm Tô Châu"
)
_MALE_MIDDLE = _words("Văn Văn Văn Minh Hữu Thanh Quốc Đức Công Hoàng Tấn Phước")
_MALE_GIVEN = _words(
    "Hùng Dũng Tuấn Phúc Lộc Tài Thắng Hải Long Nam Sơn Bình Tâm Trung Hiếu Khoa Vinh Nghĩa Phong Thành "
    "Thạnh Toàn Cường Đạt"
)
_FEMALE_MIDDLE = _words("Thị Thị Thị Ngọc Thanh Kim Thùy Mỹ Bích Hồng Thu Phương")
_FEMALE_GIVEN = _words(
    "Lan Hoa Hương Mai Hạnh Thảo Trang Linh Hằng Nhung Yến Phượng Thủy Loan Diễm Trinh Oanh Nga Tuyết "
    "Hân Vân Dung Liên Nhi"
)


def _person(rng: random.Random, female_percent: int) -> str:
    """A plausible full name: family + middle + given, female with the given chance."""
    family = rng.choice(_FAMILY)
    if rng.randrange(100) < female_percent:
        return f"{family} {rng.choice(_FEMALE_MIDDLE)} {rng.choice(_FEMALE_GIVEN)}"
    return f"{family} {rng.choice(_MALE_MIDDLE)} {rng.choice(_MALE_GIVEN)}"


def _phone(rng: random.Random, landline_percent: int) -> str:
    if rng.randrange(100) < landline_percent:
        return f"0276 3{rng.randrange(1000):03d} {rng.randrange(1000):03d}"
    return f"09{rng.randrange(100):02d} {rng.randrange(1000):03d} {rng.randrange(1000):03d}"


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits only: "Phước Minh A" -> "phuocminha"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return "".join(c for c in stripped.lower() if c.isascii() and c.isalnum())


# --------------------------------------------------------------------------- unit templates


@dataclass(frozen=True)
class _Spec:
    """A unit before the generic fields (code, chair, phone, dates …) are filled in."""

    sector: str
    name: str  # without the "CĐCS " prefix
    short_name: str
    commune: _Commune
    members: tuple[int, int]
    female_percent: tuple[int, int]
    membership_percent: tuple[int, int]
    founded_years: tuple[int, int]
    chair_female_percent: int = 40
    landline_percent: int = 50
    email_percent: int = 60
    email: str = ""  # the address used when the unit has one
    address_prefix: str = ""  # e.g. "Lô B2, Khu công nghiệp Chà Là"


_HCSN_MEMBERSHIP = (96, 100)


def _school(kind: str, commune: _Commune, suffix: str = "") -> _Spec:
    label = f"{commune.label} {suffix}".strip()
    full, short, mail, members, female, years = {
        "MN": ("Trường Mầm non", "MN", "mn", (10, 40), (88, 100), (1980, 2015)),
        "TH": ("Trường Tiểu học", "TH", "th", (18, 60), (70, 85), (1976, 2010)),
        "THCS": ("Trường THCS", "THCS", "thcs", (22, 70), (70, 85), (1978, 2010)),
    }[kind]
    return _Spec(
        "HCSN",
        f"{full} {label}",
        f"{short} {label}",
        commune,
        members,
        female,
        _HCSN_MEMBERSHIP,
        years,
        chair_female_percent=75,
        landline_percent=70,
        email_percent=85,
        email=f"{mail}{_ascii(label)}@tayninh.edu.vn",
    )


def _commune_specs(commune: _Commune) -> list[_Spec]:
    slug = _ascii(commune.label if commune is not _TOWN else "thitran")
    offices = [
        _Spec(
            "HCSN",
            f"cơ quan Ủy ban nhân dân {commune.admin}",
            f"UBND {commune.admin}",
            commune,
            (15, 40),
            (30, 50),
            _HCSN_MEMBERSHIP,
            (1976, 1995),
            landline_percent=80,
            email_percent=70,
            email=f"ubnd{slug}@tayninh.gov.vn",
        ),
        _Spec(
            "HCSN",
            f"cơ quan Đảng ủy {commune.admin}",
            f"Đảng ủy {commune.admin}",
            commune,
            (15, 30),
            (30, 50),
            _HCSN_MEMBERSHIP,
            (1976, 1995),
            landline_percent=80,
            email_percent=50,
            email=f"danguy{slug}@tayninh.gov.vn",
        ),
        _Spec(
            "HCSN",
            f"Trạm Y tế {commune.admin}",
            f"TYT {commune.admin}",
            commune,
            (6, 14),
            (55, 75),
            _HCSN_MEMBERSHIP,
            (1978, 2000),
            chair_female_percent=60,
            landline_percent=70,
            email_percent=40,
            email=f"tyt{slug}@gmail.com",
        ),
    ]
    schools = [_school("MN", commune), _school("TH", commune, "A"), _school("TH", commune, "B")]
    schools.append(_school("THCS", commune))
    return offices + schools


_DISTRICT_OFFICES: tuple[tuple[str, str, tuple[int, int], tuple[int, int], str], ...] = (
    # name after "CĐCS ", short name, members, founding years, e-mail local part
    (f"cơ quan Huyện ủy {DISTRICT}", "Huyện ủy", (20, 40), (1976, 1990), "huyenuy"),
    (f"Văn phòng HĐND và UBND huyện {DISTRICT}", "VP HĐND-UBND huyện", (20, 45), (1976, 1995), "vpubnd"),
    (f"Phòng Tài chính - Kế hoạch huyện {DISTRICT}", "Phòng TC-KH huyện", (8, 20), (1976, 2008), "phongtckh"),
    (
        f"Phòng Nông nghiệp và Phát triển nông thôn huyện {DISTRICT}",
        "Phòng NN&PTNT huyện",
        (8, 20),
        (1976, 2008),
        "phongnn",
    ),
    (
        f"Phòng Lao động - Thương binh và Xã hội huyện {DISTRICT}",
        "Phòng LĐ-TB&XH huyện",
        (8, 18),
        (1976, 2008),
        "phongldtbxh",
    ),
    (f"Phòng Tài nguyên và Môi trường huyện {DISTRICT}", "Phòng TN&MT huyện", (8, 20), (1994, 2008), "phongtnmt"),
    (f"Phòng Văn hóa và Thông tin huyện {DISTRICT}", "Phòng VH&TT huyện", (6, 12), (1976, 2008), "phongvhtt"),
    (
        f"Trung tâm Văn hóa, Thể thao và Truyền thanh huyện {DISTRICT}",
        "TT VH-TT&TT huyện",
        (15, 35),
        (1985, 2018),
        "ttvhtt",
    ),
    (
        f"Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện {DISTRICT}",
        "TT GDNN-GDTX huyện",
        (15, 35),
        (1985, 2018),
        "ttgdnngdtx",
    ),
    (f"Ban Quản lý dự án đầu tư xây dựng huyện {DISTRICT}", "BQLDA huyện", (10, 25), (2000, 2017), "bqlda"),
    (f"Tòa án nhân dân huyện {DISTRICT}", "TAND huyện", (10, 20), (1976, 1995), "toaan"),
    (f"Viện kiểm sát nhân dân huyện {DISTRICT}", "VKSND huyện", (10, 20), (1976, 1995), "vienkiemsat"),
    (f"Chi cục Thi hành án dân sự huyện {DISTRICT}", "CCTHADS huyện", (8, 18), (1993, 2010), "thads"),
    (f"Kho bạc Nhà nước {DISTRICT}", "KBNN huyện", (8, 16), (1990, 2000), "khobac"),
    (f"Bảo hiểm xã hội huyện {DISTRICT}", "BHXH huyện", (10, 22), (1995, 2000), "bhxh"),
    (f"Khối Mặt trận và các đoàn thể huyện {DISTRICT}", "Khối MT-ĐT huyện", (15, 35), (1976, 1995), "mttq"),
)

_THPT: tuple[tuple[str, _Commune], ...] = (
    (DISTRICT, _TOWN),
    ("Nguyễn Thái Bình", _COMMUNES[4]),
    ("Nguyễn Đình Chiểu", _COMMUNES[5]),
)


def _core_hcsn() -> list[_Spec]:
    """District-level units every demo district has, in the order they are listed."""
    return [
        _Spec(
            "HCSN",
            f"Trung tâm Y tế huyện {DISTRICT}",
            "TTYT huyện",
            _TOWN,
            (150, 260),
            (60, 72),
            _HCSN_MEMBERSHIP,
            (1976, 1990),
            chair_female_percent=50,
            landline_percent=90,
            email_percent=100,
            email="ttytduongminhchau@tayninh.gov.vn",
        ),
        _Spec(
            "HCSN",
            f"Phòng Giáo dục và Đào tạo huyện {DISTRICT}",
            "Phòng GD&ĐT huyện",
            _TOWN,
            (12, 25),
            (45, 65),
            _HCSN_MEMBERSHIP,
            (1976, 1990),
            chair_female_percent=50,
            landline_percent=90,
            email_percent=100,
            email="pgddtduongminhchau@tayninh.edu.vn",
        ),
        *[
            _Spec(
                "HCSN",
                f"Trường THPT {who}",
                f"THPT {who}",
                commune,
                (50, 80),
                (55, 72),
                _HCSN_MEMBERSHIP,
                (1976, 2008),
                chair_female_percent=55,
                landline_percent=80,
                email_percent=90,
                email=f"thpt{_ascii(who)}@tayninh.edu.vn",
            )
            for who, commune in _THPT
        ],
    ]


def _other_hcsn() -> list[_Spec]:
    """Every other administrative or public-service unit of the district, in a fixed order."""
    specs = [
        _Spec(
            "HCSN",
            name,
            short,
            _TOWN,
            members,
            (35, 60),
            _HCSN_MEMBERSHIP,
            years,
            landline_percent=85,
            email_percent=70,
            email=f"{mail}.duongminhchau@tayninh.gov.vn",
        )
        for name, short, members, years, mail in _DISTRICT_OFFICES
    ]
    for commune in _COMMUNES:
        specs.extend(_commune_specs(commune))
    return specs


# Schools are also named after historical figures (used only at benchmark scale).
_NAMESAKES = (
    "Nguyễn Du",
    "Lê Quý Đôn",
    "Trần Quốc Toản",
    "Nguyễn Trãi",
    "Lý Tự Trọng",
    "Võ Thị Sáu",
    "Kim Đồng",
    "Nguyễn Văn Trỗi",
    "Trần Hưng Đạo",
    "Lê Lợi",
    "Chu Văn An",
    "Nguyễn Bỉnh Khiêm",
    "Trần Phú",
    "Phan Bội Châu",
    "Ngô Quyền",
    "Lê Văn Tám",
    "Hai Bà Trưng",
    "Bà Triệu",
    "Quang Trung",
    "Lê Hồng Phong",
    "Nguyễn Thị Minh Khai",
    "Tôn Đức Thắng",
    "Nguyễn Viết Xuân",
    "Hoàng Hoa Thám",
)


def _extra_hcsn(rng: random.Random) -> _Spec:
    """One more school, named after a hamlet or a historical figure (only needed at benchmark scale)."""
    commune = rng.choice(_COMMUNES)
    if rng.randrange(2):
        place = rng.choice(_NAMESAKES)
    else:
        place = rng.choice(commune.hamlets).removeprefix("ấp ")
        if place.startswith("khu phố "):
            place = "Khu phố " + place.removeprefix("khu phố ")
    kind = rng.choice(("MN", "TH", "THCS"))
    suffix = rng.choice(("", "A", "B")) if kind == "TH" else ""
    spec = _school(kind, replace(commune, label=place), suffix)
    return replace(spec, commune=commune)


_DNNN: tuple[tuple[str, str, tuple[int, int], str], ...] = (
    # name after "CĐCS ", short name, members, e-mail
    (
        "Công ty TNHH MTV Khai thác thủy lợi Tây Ninh - Chi nhánh Dầu Tiếng",
        "Thủy lợi CN Dầu Tiếng",
        (40, 120),
        "cndautieng@thuyloitayninh.vn",
    ),
    (f"Điện lực {DISTRICT}", f"Điện lực {DISTRICT}", (40, 90), "dlduongminhchau@evnspc.vn"),
    (f"Bưu điện huyện {DISTRICT}", "Bưu điện huyện", (20, 45), "bdduongminhchau@vnpost.vn"),
    (
        f"Ngân hàng Nông nghiệp và Phát triển nông thôn - Chi nhánh huyện {DISTRICT}",
        "Agribank CN huyện",
        (25, 60),
        "duongminhchau@agribank.com.vn",
    ),
    (f"Trung tâm Viễn thông {DISTRICT}", "TTVT huyện", (20, 40), "ttvtduongminhchau@vnpt.vn"),
    (f"Chi nhánh Viettel huyện {DISTRICT}", "Viettel huyện", (20, 45), "dmc.tnh@viettel.com.vn"),
    (f"Nông trường Cao su {DISTRICT}", "NT Cao su huyện", (150, 600), "ntcaosudmc@gmail.com"),
    (
        f"Công ty Cổ phần Cấp thoát nước Tây Ninh - Chi nhánh {DISTRICT}",
        "Cấp nước CN huyện",
        (20, 50),
        "cnduongminhchau@capnuoctayninh.vn",
    ),
)

_DNNN_BRANCHES: tuple[tuple[str, str, str], ...] = (
    # pattern for more state units at benchmark scale: name, short name, e-mail domain
    (
        "Phòng giao dịch Ngân hàng Nông nghiệp và Phát triển nông thôn {place}",
        "Agribank PGD {place}",
        "agribank.com.vn",
    ),
    ("Bưu điện văn hóa {place}", "BĐVH {place}", "vnpost.vn"),
    ("Đội Quản lý vận hành lưới điện {place}", "Đội QLVH {place}", "evnspc.vn"),
    ("Cửa hàng Xăng dầu {place}", "CHXD {place}", "petrolimex.com.vn"),
)

_TRADE_NAMES = (
    "Thành Công",
    "Phúc Thịnh",
    "Hưng Phát",
    "Minh Khang",
    "Tân Phú",
    "Thuận Phát",
    "Hoàng Long",
    "Phước Lộc",
    "An Khang",
    "Đại Phát",
    "Vạn Lợi",
    "Kim Ngân",
    "Tấn Phát",
    "Thịnh Vượng",
    "Hòa Bình",
    "Nam Việt",
    "Bảo Châu",
    "Trường Thịnh",
    "Hiệp Hòa",
    "Toàn Thắng",
    "Quang Minh",
    "Việt Thắng",
    "Đức Thành",
    "Gia Phú",
    "Sơn Hà",
    "Hoàng Gia",
    "Lộc Phát",
    "Phú Cường",
    "Thiên Ân",
    "Tân Thành",
    "Ngọc Hân",
    "Mỹ Hưng",
    "Trung Nghĩa",
    "Thái Sơn",
    "Hồng Phúc",
    "Tây Ninh Xanh",
)
_NNN_TRADES: tuple[tuple[str, tuple[int, int], tuple[int, int]], ...] = (
    # line of business, female %, members
    ("Mía đường", (25, 40), (80, 600)),
    ("Cao su", (30, 45), (40, 400)),
    ("Tinh bột mì", (30, 45), (30, 300)),
    ("May mặc", (75, 90), (60, 1500)),
    ("Gạch ngói", (20, 35), (20, 150)),
    ("Chế biến nông sản", (40, 60), (25, 300)),
    ("Chế biến hạt điều", (65, 80), (40, 500)),
    ("Xây dựng", (10, 25), (20, 200)),
    ("Vận tải", (10, 20), (20, 120)),
    ("Chế biến gỗ", (25, 40), (30, 350)),
    ("Bao bì", (40, 60), (30, 300)),
    ("Thức ăn chăn nuôi", (25, 40), (20, 200)),
    ("Cơ khí", (10, 20), (20, 150)),
    ("Nhựa", (35, 55), (25, 250)),
    ("Sản xuất Thương mại Dịch vụ", (30, 50), (20, 120)),
)
_NNN_FORMS: tuple[tuple[str, str, int], ...] = (
    # legal form, its short form, weight
    ("Công ty TNHH", "Cty TNHH", 5),
    ("Công ty TNHH MTV", "Cty TNHH MTV", 2),
    ("Công ty Cổ phần", "Cty CP", 3),
    ("Doanh nghiệp tư nhân", "DNTN", 2),
)

_FDI_BRANDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    # Korean-, Taiwanese/Chinese- and Japanese-style invented names: first part, second part
    (
        ("Dae", "Han", "Sung", "Woo", "Kwang", "Young", "Seo", "Hyun", "Dong", "Il"),
        ("Shin", "Won", "Jin", "Hwa", "Yang", "Chang", "Heung", "Sung"),
    ),
    (
        ("Hong", "Fu", "Sheng", "Jia", "Xin", "Tai", "Long", "Hua", "Yuan", "Tian"),
        ("Feng", "Hua", "Long", "Xing", "Da", "Mei", "Cheng", "Tai"),
    ),
    (
        ("Takara", "Yamato", "Sakura", "Fuji", "Nishi", "Asahi", "Hoshi", "Midori", "Tachi", "Kawa"),
        ("Seiko", "Kogyo", "Denki", "Sangyo", "Tech", "Precision"),
    ),
)
_FDI_TRADES: tuple[tuple[str, tuple[int, int], tuple[int, int]], ...] = (
    ("May mặc", (78, 92), (300, 3000)),
    ("Giày da", (75, 90), (500, 3000)),
    ("Dệt", (55, 75), (200, 1500)),
    ("Găng tay", (70, 88), (200, 2000)),
    ("Sợi", (45, 65), (150, 1200)),
    ("Bao bì", (40, 60), (100, 600)),
    ("Điện tử", (55, 75), (200, 2500)),
    ("Cao su", (30, 45), (100, 800)),
    ("Nhựa", (35, 55), (100, 700)),
    ("Gỗ", (25, 40), (100, 900)),
)
_INDUSTRIAL_PARKS = ("Khu công nghiệp Chà Là", "Cụm công nghiệp Bến Củi")


def _weighted_form(rng: random.Random) -> tuple[str, str]:
    total = sum(weight for _, _, weight in _NNN_FORMS)
    pick = rng.randrange(total)
    for form, short, weight in _NNN_FORMS:
        if pick < weight:
            return form, short
        pick -= weight
    raise AssertionError("unreachable")


def _nnn(rng: random.Random) -> _Spec:
    form, short_form = _weighted_form(rng)
    trade, female, members = rng.choice(_NNN_TRADES)
    brand = rng.choice(_TRADE_NAMES)
    body = f"{trade} {brand}"
    if form == "Doanh nghiệp tư nhân" and rng.randrange(2):
        body = brand
        members = (members[0], max(members[0], members[1] // 4))
    domain = _ascii(brand)
    email = rng.choice((f"{domain}@gmail.com", f"info@{domain}.com.vn", f"ketoan.{domain}@gmail.com"))
    return _Spec(
        "NNN",
        f"{form} {body}",
        f"{short_form} {body}",
        rng.choice(_COMMUNES),
        members,
        female,
        (60, 95),
        (1995, 2024),
        chair_female_percent=female[0],
        landline_percent=40,
        email_percent=55,
        email=email,
    )


def _fdi(rng: random.Random) -> _Spec:
    firsts, seconds = rng.choice(_FDI_BRANDS)
    brand = f"{rng.choice(firsts)} {rng.choice(seconds)}"
    trade, female, members = rng.choice(_FDI_TRADES)
    if rng.randrange(3) == 0:
        name, short = f"{brand} Vina", f"{brand} Vina"
    else:
        name, short = f"{trade} {brand} Việt Nam", f"{trade} {brand} VN"
    park = rng.choice(_INDUSTRIAL_PARKS)
    commune = _COMMUNES[6] if park.endswith("Chà Là") else _COMMUNES[8]
    lot = f"Lô {rng.choice('ABCD')}{rng.randint(1, 12)}, {park}"
    return _Spec(
        "FDI",
        f"Công ty TNHH {name}",
        f"Cty TNHH {short}",
        commune,
        members,
        female,
        (70, 98),
        (2003, 2024),
        chair_female_percent=female[0],
        landline_percent=60,
        email_percent=65,
        email=f"hr@{_ascii(brand)}vina.com",
        address_prefix=lot,
    )


def _dnnn_extra(rng: random.Random) -> _Spec:
    name, short, domain = rng.choice(_DNNN_BRANCHES)
    commune = rng.choice(_COMMUNES)
    return _Spec(
        "DNNN",
        name.format(place=commune.admin),
        short.format(place=commune.admin),
        commune,
        (8, 30),
        (25, 50),
        (90, 100),
        (1985, 2015),
        landline_percent=80,
        email_percent=50,
        email=f"{_ascii(commune.label)}@{domain}",
    )


def _htx(rng: random.Random) -> _Spec:
    commune = rng.choice(_COMMUNES)
    kind, short = rng.choice(
        (
            ("Hợp tác xã Nông nghiệp", "HTX NN"),
            ("Hợp tác xã Dịch vụ nông nghiệp", "HTX DVNN"),
            ("Hợp tác xã Mía", "HTX Mía"),
            ("Hợp tác xã Vận tải", "HTX VT"),
        )
    )
    place = rng.choice((commune.label, rng.choice(_TRADE_NAMES)))
    if place == "Thị trấn":
        place = DISTRICT
    return _Spec(
        "HTX",
        f"{kind} {place}",
        f"{short} {place}",
        commune,
        (10, 40),
        (30, 50),
        (70, 100),
        (1997, 2022),
        landline_percent=30,
        email_percent=40,
        email=f"htx{_ascii(place)}@gmail.com",
    )


def _khac(rng: random.Random) -> _Spec:
    commune = rng.choice(_COMMUNES)
    brand = rng.choice(_TRADE_NAMES)
    kind, short, female = rng.choice(
        (
            ("Văn phòng Công chứng", "VPCC", (50, 70)),
            ("Trường Mầm non tư thục", "MNTT", (90, 100)),
            ("Phòng khám đa khoa tư nhân", "PKĐK", (55, 75)),
        )
    )
    return _Spec(
        "KHAC",
        f"{kind} {brand}",
        f"{short} {brand}",
        commune,
        (10, 30),
        female,
        (60, 100),
        (2000, 2023),
        chair_female_percent=60,
        landline_percent=50,
        email_percent=60,
        email=f"{_ascii(brand)}@gmail.com",
    )


# --------------------------------------------------------------------------- generation

# Sector mix as weights (per cent): HCSN, DNNN, NNN, FDI, HTX, KHAC.
_SECTOR_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("HCSN", 45),
    ("DNNN", 5),
    ("NNN", 30),
    ("FDI", 15),
    ("HTX", 3),
    ("KHAC", 2),
)


def _apportion(count: int) -> dict[str, int]:
    """Split ``count`` by _SECTOR_WEIGHTS with the largest-remainder method (exact integers)."""
    total = sum(weight for _, weight in _SECTOR_WEIGHTS)
    shares = {code: count * weight // total for code, weight in _SECTOR_WEIGHTS}
    left = count - sum(shares.values())
    by_remainder = sorted(
        range(len(_SECTOR_WEIGHTS)),
        key=lambda i: (-(count * _SECTOR_WEIGHTS[i][1] % total), i),
    )
    for i in by_remainder[:left]:
        shares[_SECTOR_WEIGHTS[i][0]] += 1
    return shares


def _unique(base: _Spec, used: set[str]) -> _Spec:
    """``base`` itself when its name is new, else the same unit as a numbered site."""
    if base.name not in used:
        return base
    n = 2
    while f"{base.name} - Cơ sở {n}" in used:
        n += 1
    return replace(base, name=f"{base.name} - Cơ sở {n}", short_name=f"{base.short_name} ({n})")


def _draw(make: Callable[[random.Random], _Spec], rng: random.Random, used: set[str]) -> _Spec:
    """A fresh spec from ``make``; after a few name clashes, a numbered site of the last one."""
    spec = make(rng)
    for _ in range(40):
        if spec.name not in used:
            return spec
        spec = make(rng)
    return _unique(spec, used)


def _hcsn_specs(count: int, rng: random.Random, used: set[str]) -> list[_Spec]:
    core = _core_hcsn()
    if count <= len(core):
        return core[:count]
    others = _other_hcsn()
    wanted = count - len(core)
    if wanted <= len(others):
        picked = sorted(rng.sample(range(len(others)), wanted))
        return core + [others[i] for i in picked]
    specs = core + others
    used.update(s.name for s in specs)
    while len(specs) < count:
        spec = _draw(_extra_hcsn, rng, used)
        used.add(spec.name)
        specs.append(spec)
    return specs


def _dnnn_specs(count: int, rng: random.Random, used: set[str]) -> list[_Spec]:
    fixed = [
        _Spec(
            "DNNN",
            name,
            short,
            _TOWN,
            members,
            (20, 40),
            (90, 100),
            (1976, 2010),
            landline_percent=85,
            email_percent=80,
            email=email,
        )
        for name, short, members, email in _DNNN
    ]
    core = 3  # the irrigation company, the power company and the post office are always there
    if count <= core:
        return fixed[:count]
    if count <= len(fixed):
        return fixed[:core] + [fixed[i] for i in sorted(rng.sample(range(core, len(fixed)), count - core))]
    used.update(s.name for s in fixed)
    specs = fixed
    while len(specs) < count:
        spec = _draw(_dnnn_extra, rng, used)
        used.add(spec.name)
        specs.append(spec)
    return specs


def _random_specs(
    count: int, make: Callable[[random.Random], _Spec], rng: random.Random, used: set[str]
) -> list[_Spec]:
    specs: list[_Spec] = []
    for _ in range(count):
        spec = _draw(make, rng, used)
        used.add(spec.name)
        specs.append(spec)
    return specs


def _between(rng: random.Random, low: date, high: date) -> date:
    if high <= low:
        return high
    return date.fromordinal(rng.randint(low.toordinal(), high.toordinal()))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _build(spec: _Spec, code: str, rng: random.Random, as_of: date) -> UnitDraft:
    members = rng.randint(*spec.members)
    female = members * rng.randint(*spec.female_percent) // 100
    rate = rng.randint(*spec.membership_percent)
    workers = -(-members * 100 // rate)  # ceiling: members are a share of the workers
    latest = min(_LATEST_FOUNDED, as_of - timedelta(days=1))
    earliest = min(max(date(spec.founded_years[0], 1, 1), _EARLIEST_FOUNDED), latest)
    founded = _between(rng, earliest, min(date(spec.founded_years[1], 12, 31), latest))
    hamlet = rng.choice(spec.commune.hamlets)
    place = f"{spec.address_prefix}, " if spec.address_prefix else f"{hamlet}, "
    address = f"{place}{spec.commune.admin}, {_DISTRICT_TAIL}"
    email = spec.email if spec.email and rng.randrange(100) < spec.email_percent else ""
    return UnitDraft(
        code=code,
        name=_nfc(f"CĐCS {spec.name}"),
        short_name=_nfc(spec.short_name[:64]),
        kind=GRASSROOTS_KIND,
        sector=spec.sector,
        members=members,
        female_members=female,
        workers=workers,
        chair=_nfc(_person(rng, spec.chair_female_percent)),
        phone=_phone(rng, spec.landline_percent),
        email=email,
        address=_nfc(address),
        founded=founded,
    )


_DISSOLVE_NOTES: dict[str, tuple[str, ...]] = {
    "NNN": (
        "Giải thể do doanh nghiệp ngừng hoạt động",
        "Giải thể do doanh nghiệp phá sản",
        "Giải thể do doanh nghiệp chuyển địa điểm ra ngoài huyện",
    ),
    "FDI": ("Giải thể do doanh nghiệp ngừng hoạt động", "Giải thể do doanh nghiệp chấm dứt dự án đầu tư"),
    "HTX": ("Giải thể do hợp tác xã ngừng hoạt động",),
    "KHAC": ("Giải thể do đơn vị ngừng hoạt động",),
}


def _dissolve_some(units: list[UnitDraft], rng: random.Random, as_of: date) -> list[UnitDraft]:
    """About one unit in forty (non-state sectors only) gets a dissolution date and note."""
    last = as_of - timedelta(days=1)
    eligible = [
        i for i, u in enumerate(units) if u.sector in _DISSOLVE_NOTES and u.founded is not None and u.founded < last
    ]
    wanted = min(len(eligible), (len(units) + 20) // 40)
    result = list(units)
    for i in sorted(rng.sample(eligible, wanted)):
        unit = units[i]
        assert unit.founded is not None and unit.sector is not None
        start = min(unit.founded + timedelta(days=365), last)
        day = _between(rng, start, last)
        result[i] = replace(unit, dissolved=day, notes=_nfc(rng.choice(_DISSOLVE_NOTES[unit.sector])))
    return result


def generate_units(
    count: int, seed: int = 7, as_of: date = date(2026, 1, 1), code_prefix: str = "CDCS"
) -> list[UnitDraft]:
    """``count`` grassroots units of the demo district, the same on every run for the same arguments.

    Sector mix 45 % HCSN, 5 % DNNN, 30 % NNN, 15 % FDI, 3 % HTX, 2 % KHAC; names are unique,
    codes are ``code_prefix`` + a zero-padded number (at least three digits), all founding and
    dissolution dates lie before ``as_of``.
    """
    if count < 0:
        raise ValueError(f"count must not be negative ({count})")
    rng = random.Random(seed)
    shares = _apportion(count)
    used: set[str] = set()
    specs: list[_Spec] = []
    specs += _hcsn_specs(shares["HCSN"], rng, used)
    used.update(s.name for s in specs)
    specs += _dnnn_specs(shares["DNNN"], rng, used)
    used.update(s.name for s in specs)
    makers: Sequence[tuple[str, Callable[[random.Random], _Spec]]] = (
        ("NNN", _nnn),
        ("FDI", _fdi),
        ("HTX", _htx),
        ("KHAC", _khac),
    )
    for sector, make in makers:
        specs += _random_specs(shares[sector], make, rng, used)
    width = max(3, len(str(count)))
    units = [_build(spec, f"{code_prefix}{n:0{width}d}", rng, as_of) for n, spec in enumerate(specs, 1)]
    return _dissolve_some(units, rng, as_of)


def demo_district(seed: int = 2024, as_of: date = date(2026, 1, 1)) -> DemoDistrict:
    """The demo office LĐLĐ huyện Dương Minh Châu with about 120 CĐCS, identical on every run."""
    units = generate_units(120, seed=seed, as_of=as_of)
    active = [u for u in units if u.dissolved is None]
    signer = DemoSigner("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn Hùng")
    home = UnitDraft(
        code="LDLD_DMC",
        name=f"Liên đoàn Lao động huyện {DISTRICT}",
        short_name=f"LĐLĐ huyện {DISTRICT}",
        kind="LDLD_HUYEN",
        members=sum(u.members or 0 for u in active),
        female_members=sum(u.female_members or 0 for u in active),
        workers=sum(u.workers or 0 for u in active),
        chair=signer.name,
        phone="0276 3850 215",
        email="ldld.duongminhchau@tayninh.gov.vn",
        address=f"khu phố 1, {_TOWN.admin}, {_DISTRICT_TAIL}",
    )
    parent = UnitDraft(
        code="LDLD_TN",
        name=f"Liên đoàn Lao động tỉnh {PROVINCE}",
        short_name=f"LĐLĐ tỉnh {PROVINCE}",
        kind="LDLD_TINH",
        phone="0276 3822 140",
        email="ldld@tayninh.gov.vn",
        address=f"thành phố Tây Ninh, tỉnh {PROVINCE}",
    )
    return DemoDistrict(
        home=home,
        abbreviation="LĐLĐ",
        place_name=f"Huyện {DISTRICT}",
        parent=parent,
        signer=signer,
        units=units,
    )
