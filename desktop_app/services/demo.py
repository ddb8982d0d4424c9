"""The demo office: LĐLĐ huyện Dương Minh Châu with about 120 CĐCS, for trying the app and for tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from desktop_app.domain.demo_district import demo_district
from desktop_app.domain.i18n import _
from desktop_app.services.errors import UserError
from desktop_app.services.office import HomeSetup, OfficeService, SignerInfo
from desktop_app.services.units import UnitService


class HasServices(Protocol):
    office: OfficeService
    units: UnitService


@dataclass(frozen=True)
class DemoSummary:
    home_code: str
    home_name: str
    units: int
    created: bool


def demo_home_setup() -> HomeSetup:
    """The set-up answers of the demo office (also used to build benchmark offices)."""
    district = demo_district()
    return HomeSetup(
        code=district.home.code,
        name=district.home.name,
        short_name=district.home.short_name,
        kind=district.home.kind,
        abbreviation=district.abbreviation,
        place_name=district.place_name,
        parent_name=district.parent.name,
        parent_kind=district.parent.kind,
        signer=SignerInfo(district.signer.authority, district.signer.title, district.signer.name),
    )


def load_demo(context: HasServices) -> DemoSummary:
    """Fill an empty database with the demo district; a database that already holds it is left as is."""
    district = demo_district()
    office, units = context.office, context.units
    if office.is_set_up():
        profile = office.profile()
        if profile.home.code != district.home.code:
            raise UserError(
                _(
                    "Cơ sở dữ liệu này đã có dữ liệu của «{name}»; không tạo dữ liệu mẫu đè lên. "
                    "Hãy chọn một tệp khác bằng --db."
                ).format(name=profile.home.name)
            )
        return DemoSummary(profile.home.code, profile.home.name, len(units.list_units()), created=False)
    profile = office.set_up(demo_home_setup())
    created = units.create_many(district.units)
    return DemoSummary(profile.home.code, profile.home.name, len(created), created=True)
