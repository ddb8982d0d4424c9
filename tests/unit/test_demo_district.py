"""The demo district generator: deterministic, realistic and always valid."""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from dataclasses import astuple
from datetime import date

import pytest

from desktop_app.domain.units import DEFAULT_SECTORS, GRASSROOTS_KIND, UnitDraft, validate_unit
from desktop_app.services.demo_district import DemoDistrict, DemoSigner, demo_district, generate_units

AS_OF = date(2026, 1, 1)
SECTORS = {s.code for s in DEFAULT_SECTORS}
TEXT_FIELDS = ("code", "name", "short_name", "kind", "chair", "phone", "email", "address", "notes")

# Recorded from the generator as written; a deliberate change to the generator updates these.
DEMO_SHA256 = "8fca5c663d1fd2d2987954b2ca61108ebbb5b01c776d1823115c4c9b376981cc"
UNITS_300_SHA256 = "0ef2a26a42905038c9d00496cdf9810d53bd8cb8e4a5f5449cd931d7f7abc245"


def _stable_repr(unit: UnitDraft) -> str:
    """The generated fields only, so adding a field to UnitDraft does not change the hash."""
    values = (
        unit.code,
        unit.name,
        unit.short_name,
        unit.kind,
        unit.sector,
        unit.members,
        unit.female_members,
        unit.workers,
        unit.chair,
        unit.phone,
        unit.email,
        unit.address,
        unit.founded.isoformat() if unit.founded else None,
        unit.dissolved.isoformat() if unit.dissolved else None,
        unit.notes,
    )
    return repr(values)


def _digest(units: list[UnitDraft]) -> str:
    return hashlib.sha256("\n".join(_stable_repr(u) for u in units).encode("utf-8")).hexdigest()


def _district_digest(district: DemoDistrict) -> str:
    head = [district.home, district.parent]
    extra = repr((district.abbreviation, district.place_name, astuple(district.signer)))
    return hashlib.sha256((_digest(head + district.units) + extra).encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def demo() -> DemoDistrict:
    return demo_district()


def test_same_output_on_every_call(demo: DemoDistrict) -> None:
    assert demo_district() == demo
    assert generate_units(300) == generate_units(300)
    assert generate_units(50, seed=1) != generate_units(50, seed=2)


def test_output_matches_the_recorded_hash(demo: DemoDistrict) -> None:
    assert _district_digest(demo) == DEMO_SHA256
    assert _digest(generate_units(300)) == UNITS_300_SHA256


def test_home_parent_and_signer(demo: DemoDistrict) -> None:
    assert demo.home.code == "LDLD_DMC"
    assert demo.home.name == "Liên đoàn Lao động huyện Dương Minh Châu"
    assert demo.home.short_name == "LĐLĐ huyện Dương Minh Châu"
    assert demo.home.kind == "LDLD_HUYEN"
    assert demo.parent.code == "LDLD_TN"
    assert demo.parent.name == "Liên đoàn Lao động tỉnh Tây Ninh"
    assert demo.parent.kind == "LDLD_TINH"
    assert demo.abbreviation == "LĐLĐ"
    assert demo.place_name == "Huyện Dương Minh Châu"
    assert demo.signer == DemoSigner("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", demo.signer.name)
    assert len(demo.signer.name.split()) >= 3
    for unit in (demo.home, demo.parent):
        assert validate_unit(unit, AS_OF, SECTORS) == []


def test_about_120_grassroots_units_with_unique_codes_and_names(demo: DemoDistrict) -> None:
    assert 110 <= len(demo.units) <= 130
    assert all(u.kind == GRASSROOTS_KIND for u in demo.units)
    assert len({u.code for u in demo.units}) == len(demo.units)
    assert len({u.name for u in demo.units}) == len(demo.units)
    assert demo.units[0].code == "CDCS001"
    assert all(u.name.startswith("CĐCS ") for u in demo.units)


def test_every_unit_is_valid(demo: DemoDistrict) -> None:
    for unit in demo.units:
        assert validate_unit(unit, AS_OF, SECTORS) == [], unit
        assert unit.members is not None and unit.female_members is not None and unit.workers is not None
        assert 0 < unit.members <= unit.workers
        assert 0 <= unit.female_members <= unit.members
        assert unit.founded is not None and date(1976, 1, 1) <= unit.founded < AS_OF
        assert unit.address.endswith("huyện Dương Minh Châu, tỉnh Tây Ninh")
        assert unit.chair and unit.phone
        assert unit.email == "" or unit.email.isascii()


def test_sector_mix(demo: DemoDistrict) -> None:
    counts = Counter(u.sector for u in demo.units)
    assert {"HCSN", "DNNN", "NNN", "FDI"} <= set(counts)
    assert set(counts) <= SECTORS
    total = len(demo.units)
    assert 0.40 <= counts["HCSN"] / total <= 0.50
    assert 0.25 <= counts["NNN"] / total <= 0.35
    assert 0.10 <= counts["FDI"] / total <= 0.20
    assert counts["HTX"] + counts["KHAC"] >= 1


def test_realistic_names(demo: DemoDistrict) -> None:
    names = {u.name for u in demo.units}
    assert "CĐCS Trường THPT Dương Minh Châu" in names
    assert "CĐCS Trung tâm Y tế huyện Dương Minh Châu" in names
    assert any(n.startswith("CĐCS Trường Mầm non ") for n in names)
    assert any(n.startswith("CĐCS Trường Tiểu học ") for n in names)
    assert any(n.startswith("CĐCS Trạm Y tế xã ") for n in names)
    assert any(n.startswith("CĐCS cơ quan Ủy ban nhân dân ") for n in names)
    fdi = [u for u in demo.units if u.sector == "FDI"]
    assert all(u.name.startswith("CĐCS Công ty TNHH ") for u in fdi)
    assert sum(1 for u in demo.units if u.email) / len(demo.units) >= 0.45


def test_some_units_are_dissolved(demo: DemoDistrict) -> None:
    dissolved = [u for u in demo.units if u.dissolved is not None]
    assert 2 <= len(dissolved) <= 5
    for unit in dissolved:
        assert unit.founded is not None and unit.dissolved is not None
        assert unit.founded <= unit.dissolved < AS_OF
        assert unit.notes.startswith("Giải thể")


def test_text_is_nfc(demo: DemoDistrict) -> None:
    for unit in [demo.home, demo.parent, *demo.units]:
        for name in TEXT_FIELDS:
            value = getattr(unit, name)
            assert unicodedata.normalize("NFC", value) == value, (unit.code, name)
            assert value == value.strip() and "  " not in value


@pytest.mark.parametrize("count", [0, 1, 7, 300])
def test_any_scale_is_valid(count: int) -> None:
    units = generate_units(count)
    assert len(units) == count
    assert len({u.name for u in units}) == count
    assert len({u.code for u in units}) == count
    assert all(validate_unit(u, AS_OF, SECTORS) == [] for u in units)


def test_5000_units_have_unique_names_and_are_valid() -> None:
    units = generate_units(5000, code_prefix="BM")
    assert len({u.name for u in units}) == 5000
    assert len({u.code for u in units}) == 5000
    assert units[0].code == "BM0001"
    assert all(validate_unit(u, AS_OF, SECTORS) == [] for u in units)
    assert all(unicodedata.is_normalized("NFC", u.name) for u in units)


def test_dates_stay_before_an_early_as_of() -> None:
    as_of = date(1990, 6, 1)
    units = generate_units(200, as_of=as_of)
    assert all(validate_unit(u, as_of, SECTORS) == [] for u in units)
    assert all(u.founded is not None and u.founded < as_of for u in units)
