"""The demo district and its grassroots units: LĐLĐ huyện Dương Minh Châu (Tây Ninh), for the demo office,
the benchmarks and tests.

This is demo tooling, not a rule of the domain: the district's facts (places, names of people, offices,
companies, trades) are data in resources/demo/district.json; this module only draws units from them. The
output depends on the file, the seed and ``as_of`` alone: one ``random.Random(seed)`` drives every choice,
only integer draws are used (no floating-point library maths that could differ between machines), and the
current date is never read.

``generate_units`` is the same generator at any scale (the demo uses about 120 units, the benchmarks 300
and 5,000); unit names are unique within one list.
"""

from __future__ import annotations

import functools
import json
import random
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from desktop_app import paths
from desktop_app.domain.i18n import _
from desktop_app.domain.units import GRASSROOTS_KIND, UnitDraft
from desktop_app.services.demo_content import (
    DISTRICT_FILE,
    T,
    WrongValue,
    content_error,
    decoded,
    missing_entry,
    read_demo_file,
)

_LATEST_FOUNDED = date(2024, 12, 31)
_EARLIEST_FOUNDED = date(1976, 1, 1)

Range = tuple[int, int]

# The sectors the generator makes units for; district.json weighs each of them.
_SECTORS = ("HCSN", "DNNN", "NNN", "FDI", "HTX", "KHAC")


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


@dataclass(frozen=True)
class _Commune:
    admin: str  # "xã Phan", "thị trấn Dương Minh Châu"
    label: str  # how schools name it: "Phan", "Thị trấn"
    hamlets: tuple[str, ...]


@dataclass(frozen=True)
class _Spec:
    """A unit before the generic fields (code, chair, phone, dates …) are filled in."""

    sector: str
    name: str  # without the "CĐCS " prefix
    short_name: str
    commune: _Commune
    members: Range
    female_percent: Range
    membership_percent: Range
    founded_years: Range
    chair_female_percent: int = 40
    landline_percent: int = 50
    email_percent: int = 60
    email: str = ""  # the address used when the unit has one
    address_prefix: str = ""  # e.g. "Lô B2, Khu công nghiệp Chà Là"


@dataclass(frozen=True)
class _Trade:
    trade: str
    female_percent: Range
    members: Range


@dataclass(frozen=True)
class _Facts:
    """resources/demo/district.json, decoded: what the generator draws from, in the file's order."""

    district: str
    province: str
    education_mail: str
    government_mail: str
    home: UnitDraft
    abbreviation: str
    place_name: str
    parent: UnitDraft
    signer: DemoSigner
    communes: tuple[_Commune, ...]
    family: tuple[str, ...]
    male_middle: tuple[str, ...]
    male_given: tuple[str, ...]
    female_middle: tuple[str, ...]
    female_given: tuple[str, ...]
    core_units: tuple[_Spec, ...]
    upper_secondary: tuple[tuple[str, _Commune], ...]
    district_offices: tuple[tuple[str, str, Range, Range, str], ...]
    namesakes: tuple[str, ...]
    state_enterprises: tuple[tuple[str, str, Range, str], ...]
    state_branches: tuple[tuple[str, str, str], ...]
    trade_names: tuple[str, ...]
    private_trades: tuple[_Trade, ...]
    private_forms: tuple[tuple[str, str, int], ...]
    fdi_brands: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    fdi_trades: tuple[_Trade, ...]
    industrial_parks: tuple[tuple[str, _Commune], ...]
    sector_weights: tuple[tuple[str, int], ...]
    dissolution_notes: Mapping[str, tuple[str, ...]]

    @property
    def town(self) -> _Commune:
        """The district town: the first commune listed."""
        return self.communes[0]

    @property
    def district_tail(self) -> str:
        return f"huyện {self.district}, tỉnh {self.province}"


# --------------------------------------------------------------------------- reading the facts


def _texts(data: Any) -> tuple[str, ...]:
    if not isinstance(data, list) or not data:
        raise WrongValue(_("cần một danh sách không rỗng"))
    return tuple(str(item) for item in data)


def _range(data: Any) -> Range:
    if not isinstance(data, list) or len(data) != 2:
        raise WrongValue(_("cần hai số [từ, đến], gặp {value}").format(value=json.dumps(data, ensure_ascii=False)))
    return int(data[0]), int(data[1])


def _office_unit(data: Mapping[str, Any]) -> UnitDraft:
    return UnitDraft(
        code=str(data["code"]),
        name=str(data["name"]),
        short_name=str(data["short_name"]),
        kind=str(data["kind"]),
        phone=str(data["phone"]),
        email=str(data["email"]),
        address=str(data["address"]),
    )


def _trades(data: Any) -> tuple[_Trade, ...]:
    return tuple(_Trade(str(t["trade"]), _range(t["female_percent"]), _range(t["members"])) for t in data)


def _decode(data: Mapping[str, Any]) -> _Facts:
    def get(entry: str, decode: Callable[[Any], T]) -> T:
        return decoded(DISTRICT_FILE, data, entry, decode)

    communes = get(
        "communes", lambda items: tuple(_Commune(str(c["admin"]), str(c["label"]), _texts(c["hamlets"])) for c in items)
    )
    if not communes:
        raise content_error(DISTRICT_FILE, missing_entry(WrongValue(_("cần một danh sách không rỗng")), "communes"))
    by_admin = {commune.admin: commune for commune in communes}

    def commune(name: Any) -> _Commune:
        if name not in by_admin:
            raise WrongValue(_("không có xã, thị trấn «{name}» trong mục «communes»").format(name=name))
        return by_admin[name]

    def spec(s: Mapping[str, Any]) -> _Spec:
        return _Spec(
            str(s["sector"]), str(s["name"]), str(s["short_name"]), commune(s["commune"]), _range(s["members"]),
            _range(s["female_percent"]), _range(s["membership_percent"]), _range(s["founded_years"]),
            chair_female_percent=int(s["chair_female_percent"]), landline_percent=int(s["landline_percent"]),
            email_percent=int(s["email_percent"]), email=str(s["email"]),
        )

    def signer(s: Mapping[str, Any]) -> DemoSigner:
        return DemoSigner(str(s["authority"]), str(s["title"]), str(s["name"]))

    def names(key: str) -> tuple[str, ...]:
        return get("people", lambda people: _texts(people[key]))

    facts = _Facts(
        district=get("district", str),
        province=get("province", str),
        education_mail=get("mail_domains", lambda mail: str(mail["education"])),
        government_mail=get("mail_domains", lambda mail: str(mail["government"])),
        home=get("home", _office_unit),
        abbreviation=get("abbreviation", str),
        place_name=get("place_name", str),
        parent=get("parent", _office_unit),
        signer=get("signer", signer),
        communes=communes,
        family=names("family"),
        male_middle=names("male_middle"),
        male_given=names("male_given"),
        female_middle=names("female_middle"),
        female_given=names("female_given"),
        core_units=get("core_units", lambda items: tuple(spec(s) for s in items)),
        upper_secondary=get(
            "upper_secondary_schools",
            lambda items: tuple((str(s["named_after"]), commune(s["commune"])) for s in items),
        ),
        district_offices=get(
            "district_offices",
            lambda items: tuple(
                (str(o["name"]), str(o["short_name"]), _range(o["members"]), _range(o["founded_years"]),
                 str(o["email"]))
                for o in items
            ),
        ),
        namesakes=get("namesakes", _texts),
        state_enterprises=get(
            "state_enterprises",
            lambda items: tuple((str(e["name"]), str(e["short_name"]), _range(e["members"]), str(e["email"]))
                                for e in items),
        ),
        state_branches=get(
            "state_branches",
            lambda items: tuple((str(b["name"]), str(b["short_name"]), str(b["email_domain"])) for b in items),
        ),
        trade_names=get("trade_names", _texts),
        private_trades=get("private_trades", _trades),
        private_forms=get(
            "private_forms",
            lambda items: tuple((str(f["form"]), str(f["short_form"]), int(f["weight"])) for f in items),
        ),
        fdi_brands=get("fdi_brands", lambda items: tuple((_texts(b["first"]), _texts(b["second"])) for b in items)),
        fdi_trades=get("fdi_trades", _trades),
        industrial_parks=get(
            "industrial_parks", lambda items: tuple((str(p["name"]), commune(p["commune"])) for p in items)
        ),
        sector_weights=get(
            "sector_weights", lambda items: tuple((str(w["sector"]), int(w["weight"])) for w in items)
        ),
        dissolution_notes=get("dissolution_notes", lambda notes: {str(k): _texts(v) for k, v in notes.items()}),
    )
    _check_sizes(facts)
    return facts


def _check_sizes(facts: _Facts) -> None:
    """What the generator relies on beyond each entry's own shape."""
    wanted = (
        ("sector_weights", {sector for sector, _ in facts.sector_weights} == set(_SECTORS),
         _("cần đúng các khu vực {sectors}").format(sectors=", ".join(_SECTORS))),
        ("state_enterprises", len(facts.state_enterprises) >= 3, _("cần ít nhất 3 doanh nghiệp")),
        ("industrial_parks", bool(facts.industrial_parks), _("cần một danh sách không rỗng")),
        ("private_forms", bool(facts.private_forms) and all(w > 0 for *_, w in facts.private_forms),
         _("cần một danh sách không rỗng, trọng số dương")),
        ("fdi_brands", bool(facts.fdi_brands), _("cần một danh sách không rỗng")),
        ("private_trades", bool(facts.private_trades), _("cần một danh sách không rỗng")),
        ("fdi_trades", bool(facts.fdi_trades), _("cần một danh sách không rỗng")),
        ("state_branches", bool(facts.state_branches), _("cần một danh sách không rỗng")),
    )
    for entry, holds, what in wanted:
        if not holds:
            raise content_error(DISTRICT_FILE, missing_entry(WrongValue(what), entry))


@functools.cache
def _facts_in(folder: Path) -> _Facts:
    return _decode(read_demo_file(DISTRICT_FILE, folder))


def _facts() -> _Facts:
    return _facts_in(paths.demo_dir())


# --------------------------------------------------------------------------- people


def _person(facts: _Facts, rng: random.Random, female_percent: int) -> str:
    """A plausible full name: family + middle + given, female with the given chance."""
    family = rng.choice(facts.family)
    if rng.randrange(100) < female_percent:
        return f"{family} {rng.choice(facts.female_middle)} {rng.choice(facts.female_given)}"
    return f"{family} {rng.choice(facts.male_middle)} {rng.choice(facts.male_given)}"


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

# Every public-service union counts (nearly) all staff as members.
_HCSN_MEMBERSHIP = (96, 100)


def _school(facts: _Facts, kind: str, commune: _Commune, suffix: str = "") -> _Spec:
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
        email=f"{mail}{_ascii(label)}@{facts.education_mail}",
    )


def _commune_specs(facts: _Facts, commune: _Commune) -> list[_Spec]:
    slug = _ascii(commune.label if commune is not facts.town else "thitran")
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
            email=f"ubnd{slug}@{facts.government_mail}",
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
            email=f"danguy{slug}@{facts.government_mail}",
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
    schools = [_school(facts, "MN", commune), _school(facts, "TH", commune, "A"), _school(facts, "TH", commune, "B")]
    schools.append(_school(facts, "THCS", commune))
    return offices + schools


def _core_hcsn(facts: _Facts) -> list[_Spec]:
    """District-level units every demo district has, in the order they are listed."""
    return [
        *facts.core_units,
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
                email=f"thpt{_ascii(who)}@{facts.education_mail}",
            )
            for who, commune in facts.upper_secondary
        ],
    ]


def _other_hcsn(facts: _Facts) -> list[_Spec]:
    """Every other administrative or public-service unit of the district, in a fixed order."""
    specs = [
        _Spec(
            "HCSN",
            name,
            short,
            facts.town,
            members,
            (35, 60),
            _HCSN_MEMBERSHIP,
            years,
            landline_percent=85,
            email_percent=70,
            email=email,
        )
        for name, short, members, years, email in facts.district_offices
    ]
    for commune in facts.communes:
        specs.extend(_commune_specs(facts, commune))
    return specs


def _extra_hcsn(facts: _Facts, rng: random.Random) -> _Spec:
    """One more school, named after a hamlet or a historical figure (only needed at benchmark scale)."""
    commune = rng.choice(facts.communes)
    if rng.randrange(2):
        place = rng.choice(facts.namesakes)
    else:
        place = rng.choice(commune.hamlets).removeprefix("ấp ")
        if place.startswith("khu phố "):
            place = "Khu phố " + place.removeprefix("khu phố ")
    kind = rng.choice(("MN", "TH", "THCS"))
    suffix = rng.choice(("", "A", "B")) if kind == "TH" else ""
    spec = _school(facts, kind, replace(commune, label=place), suffix)
    return replace(spec, commune=commune)


def _weighted_form(facts: _Facts, rng: random.Random) -> tuple[str, str]:
    total = sum(weight for _, _, weight in facts.private_forms)
    pick = rng.randrange(total)
    for form, short, weight in facts.private_forms:
        if pick < weight:
            return form, short
        pick -= weight
    raise AssertionError("unreachable")


def _nnn(facts: _Facts, rng: random.Random) -> _Spec:
    form, short_form = _weighted_form(facts, rng)
    trade = rng.choice(facts.private_trades)
    members = trade.members
    brand = rng.choice(facts.trade_names)
    body = f"{trade.trade} {brand}"
    if form == "Doanh nghiệp tư nhân" and rng.randrange(2):
        body = brand
        members = (members[0], max(members[0], members[1] // 4))
    domain = _ascii(brand)
    email = rng.choice((f"{domain}@gmail.com", f"info@{domain}.com.vn", f"ketoan.{domain}@gmail.com"))
    return _Spec(
        "NNN",
        f"{form} {body}",
        f"{short_form} {body}",
        rng.choice(facts.communes),
        members,
        trade.female_percent,
        (60, 95),
        (1995, 2024),
        chair_female_percent=trade.female_percent[0],
        landline_percent=40,
        email_percent=55,
        email=email,
    )


def _fdi(facts: _Facts, rng: random.Random) -> _Spec:
    firsts, seconds = rng.choice(facts.fdi_brands)
    brand = f"{rng.choice(firsts)} {rng.choice(seconds)}"
    trade = rng.choice(facts.fdi_trades)
    if rng.randrange(3) == 0:
        name, short = f"{brand} Vina", f"{brand} Vina"
    else:
        name, short = f"{trade.trade} {brand} Việt Nam", f"{trade.trade} {brand} VN"
    park, commune = rng.choice(facts.industrial_parks)
    lot = f"Lô {rng.choice('ABCD')}{rng.randint(1, 12)}, {park}"
    return _Spec(
        "FDI",
        f"Công ty TNHH {name}",
        f"Cty TNHH {short}",
        commune,
        trade.members,
        trade.female_percent,
        (70, 98),
        (2003, 2024),
        chair_female_percent=trade.female_percent[0],
        landline_percent=60,
        email_percent=65,
        email=f"hr@{_ascii(brand)}vina.com",
        address_prefix=lot,
    )


def _dnnn_extra(facts: _Facts, rng: random.Random) -> _Spec:
    name, short, domain = rng.choice(facts.state_branches)
    commune = rng.choice(facts.communes)
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


def _htx(facts: _Facts, rng: random.Random) -> _Spec:
    commune = rng.choice(facts.communes)
    kind, short = rng.choice(
        (
            ("Hợp tác xã Nông nghiệp", "HTX NN"),
            ("Hợp tác xã Dịch vụ nông nghiệp", "HTX DVNN"),
            ("Hợp tác xã Mía", "HTX Mía"),
            ("Hợp tác xã Vận tải", "HTX VT"),
        )
    )
    place = rng.choice((commune.label, rng.choice(facts.trade_names)))
    if place == facts.town.label:
        place = facts.district
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


def _khac(facts: _Facts, rng: random.Random) -> _Spec:
    commune = rng.choice(facts.communes)
    brand = rng.choice(facts.trade_names)
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

_Maker = Callable[[_Facts, random.Random], _Spec]


def _apportion(facts: _Facts, count: int) -> dict[str, int]:
    """Split ``count`` by the sector weights with the largest-remainder method (exact integers)."""
    weights = facts.sector_weights
    total = sum(weight for _, weight in weights)
    shares = {code: count * weight // total for code, weight in weights}
    left = count - sum(shares.values())
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(count * weights[i][1] % total), i))
    for i in by_remainder[:left]:
        shares[weights[i][0]] += 1
    return shares


def _unique(base: _Spec, used: set[str]) -> _Spec:
    """``base`` itself when its name is new, else the same unit as a numbered site."""
    if base.name not in used:
        return base
    n = 2
    while f"{base.name} - Cơ sở {n}" in used:
        n += 1
    return replace(base, name=f"{base.name} - Cơ sở {n}", short_name=f"{base.short_name} ({n})")


def _draw(facts: _Facts, make: _Maker, rng: random.Random, used: set[str]) -> _Spec:
    """A fresh spec from ``make``; after a few name clashes, a numbered site of the last one."""
    spec = make(facts, rng)
    for _attempt in range(40):
        if spec.name not in used:
            return spec
        spec = make(facts, rng)
    return _unique(spec, used)


def _hcsn_specs(facts: _Facts, count: int, rng: random.Random, used: set[str]) -> list[_Spec]:
    core = _core_hcsn(facts)
    if count <= len(core):
        return core[:count]
    others = _other_hcsn(facts)
    wanted = count - len(core)
    if wanted <= len(others):
        picked = sorted(rng.sample(range(len(others)), wanted))
        return core + [others[i] for i in picked]
    specs = core + others
    used.update(s.name for s in specs)
    while len(specs) < count:
        spec = _draw(facts, _extra_hcsn, rng, used)
        used.add(spec.name)
        specs.append(spec)
    return specs


def _dnnn_specs(facts: _Facts, count: int, rng: random.Random, used: set[str]) -> list[_Spec]:
    fixed = [
        _Spec(
            "DNNN",
            name,
            short,
            facts.town,
            members,
            (20, 40),
            (90, 100),
            (1976, 2010),
            landline_percent=85,
            email_percent=80,
            email=email,
        )
        for name, short, members, email in facts.state_enterprises
    ]
    core = 3  # the first three (irrigation, power, post office) are always there
    if count <= core:
        return fixed[:count]
    if count <= len(fixed):
        return fixed[:core] + [fixed[i] for i in sorted(rng.sample(range(core, len(fixed)), count - core))]
    used.update(s.name for s in fixed)
    specs = fixed
    while len(specs) < count:
        spec = _draw(facts, _dnnn_extra, rng, used)
        used.add(spec.name)
        specs.append(spec)
    return specs


def _random_specs(facts: _Facts, count: int, make: _Maker, rng: random.Random, used: set[str]) -> list[_Spec]:
    specs: list[_Spec] = []
    for _index in range(count):
        spec = _draw(facts, make, rng, used)
        used.add(spec.name)
        specs.append(spec)
    return specs


def _between(rng: random.Random, low: date, high: date) -> date:
    if high <= low:
        return high
    return date.fromordinal(rng.randint(low.toordinal(), high.toordinal()))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _build(facts: _Facts, spec: _Spec, code: str, rng: random.Random, as_of: date) -> UnitDraft:
    members = rng.randint(*spec.members)
    female = members * rng.randint(*spec.female_percent) // 100
    rate = rng.randint(*spec.membership_percent)
    workers = -(-members * 100 // rate)  # ceiling: members are a share of the workers
    latest = min(_LATEST_FOUNDED, as_of - timedelta(days=1))
    earliest = min(max(date(spec.founded_years[0], 1, 1), _EARLIEST_FOUNDED), latest)
    founded = _between(rng, earliest, min(date(spec.founded_years[1], 12, 31), latest))
    hamlet = rng.choice(spec.commune.hamlets)
    place = f"{spec.address_prefix}, " if spec.address_prefix else f"{hamlet}, "
    address = f"{place}{spec.commune.admin}, {facts.district_tail}"
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
        chair=_nfc(_person(facts, rng, spec.chair_female_percent)),
        phone=_phone(rng, spec.landline_percent),
        email=email,
        address=_nfc(address),
        founded=founded,
    )


def _dissolve_some(facts: _Facts, units: list[UnitDraft], rng: random.Random, as_of: date) -> list[UnitDraft]:
    """About one unit in forty (sectors with dissolution notes only) gets a dissolution date and note."""
    notes = facts.dissolution_notes
    last = as_of - timedelta(days=1)
    eligible = [i for i, u in enumerate(units) if u.sector in notes and u.founded is not None and u.founded < last]
    wanted = min(len(eligible), (len(units) + 20) // 40)
    result = list(units)
    for i in sorted(rng.sample(eligible, wanted)):
        unit = units[i]
        assert unit.founded is not None and unit.sector is not None
        start = min(unit.founded + timedelta(days=365), last)
        day = _between(rng, start, last)
        result[i] = replace(unit, dissolved=day, notes=_nfc(rng.choice(notes[unit.sector])))
    return result


def generate_units(
    count: int, seed: int = 7, as_of: date = date(2026, 1, 1), code_prefix: str = "CDCS"
) -> list[UnitDraft]:
    """``count`` grassroots units of the demo district, the same on every run for the same arguments.

    Sector mix as district.json's weights (45 % HCSN, 5 % DNNN, 30 % NNN, 15 % FDI, 3 % HTX, 2 % KHAC);
    names are unique, codes are ``code_prefix`` + a zero-padded number (at least three digits), all founding
    and dissolution dates lie before ``as_of``.
    """
    if count < 0:
        raise ValueError(f"count must not be negative ({count})")
    facts = _facts()
    rng = random.Random(seed)
    shares = _apportion(facts, count)
    used: set[str] = set()
    specs: list[_Spec] = []
    specs += _hcsn_specs(facts, shares["HCSN"], rng, used)
    used.update(s.name for s in specs)
    specs += _dnnn_specs(facts, shares["DNNN"], rng, used)
    used.update(s.name for s in specs)
    makers: Sequence[tuple[str, _Maker]] = (("NNN", _nnn), ("FDI", _fdi), ("HTX", _htx), ("KHAC", _khac))
    for sector, make in makers:
        specs += _random_specs(facts, shares[sector], make, rng, used)
    width = max(3, len(str(count)))
    units = [_build(facts, spec, f"{code_prefix}{n:0{width}d}", rng, as_of) for n, spec in enumerate(specs, 1)]
    return _dissolve_some(facts, units, rng, as_of)


def demo_district(seed: int = 2024, as_of: date = date(2026, 1, 1)) -> DemoDistrict:
    """The demo office LĐLĐ huyện Dương Minh Châu with about 120 CĐCS, identical on every run."""
    facts = _facts()
    units = generate_units(120, seed=seed, as_of=as_of)
    active = [u for u in units if u.dissolved is None]
    home = replace(
        facts.home,
        members=sum(u.members or 0 for u in active),
        female_members=sum(u.female_members or 0 for u in active),
        workers=sum(u.workers or 0 for u in active),
        chair=facts.signer.name,
    )
    return DemoDistrict(
        home=home,
        abbreviation=facts.abbreviation,
        place_name=facts.place_name,
        parent=facts.parent,
        signer=facts.signer,
        units=units,
    )
