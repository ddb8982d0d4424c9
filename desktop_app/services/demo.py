"""The demo office: LĐLĐ huyện Dương Minh Châu with about 120 CĐCS, for trying the app and for tests."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from desktop_app.domain.documents import BasisLine
from desktop_app.domain.i18n import _
from desktop_app.services.deadlines import read_timing
from desktop_app.services.demo_content import DemoDocuments, demo_documents
from desktop_app.services.demo_district import DemoDistrict, demo_district
from desktop_app.services.demo_indicators import load_indicators, unit_sizes
from desktop_app.services.demo_tracking import DemoTracking, demo_tracking, load_tracking
from desktop_app.services.documents import DocumentService
from desktop_app.services.errors import UserError
from desktop_app.services.indicators import IndicatorService
from desktop_app.services.office import HomeSetup, OfficeService, SignerInfo
from desktop_app.services.registers import IncomingDraft, IncomingEntry, RegisterService
from desktop_app.services.tracking import TrackingService
from desktop_app.services.units import UnitService


class HasServices(Protocol):
    office: OfficeService
    units: UnitService
    registers: RegisterService
    documents: DocumentService
    tracking: TrackingService
    indicators: IndicatorService


@dataclass(frozen=True)
class DemoSummary:
    home_code: str
    home_name: str
    units: int
    created: bool
    requests: int = 0  # report requests tracked
    submissions: int = 0  # reports received from the CĐCS over all requests (lượt nộp)


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


def read_demo_content() -> tuple[DemoDistrict, DemoDocuments, DemoTracking]:
    """Everything the demo office is built from, read from resources/demo/ (DemoContentError if a file is
    missing or damaged), so a caller can refuse before it writes or opens anything."""
    return demo_district(), demo_documents(), demo_tracking()


def load_demo(context: HasServices) -> DemoSummary:
    """Fill an empty database with the demo district; a database that already holds it is left as is.

    The demo content files are all read before anything is written: a damaged one leaves the database as it was.
    """
    district, documents, tracking = read_demo_content()
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
        return DemoSummary(profile.home.code, profile.home.name, len(units.list_units()), False,
                           *_tracked(context.tracking))
    profile = office.set_up(demo_home_setup())
    created = units.create_many(district.units)
    _load_documents(context, documents)
    load_tracking(context.documents, context.tracking, tracking)
    load_indicators(context.indicators, context.tracking, unit_sizes(units.list_units()), context.tracking.today())
    return DemoSummary(profile.home.code, profile.home.name, len(created), True, *_tracked(context.tracking))


def _tracked(tracking_service: TrackingService) -> tuple[int, int]:
    """How many report requests the database tracks and how many reports the CĐCS sent for them, read back
    (what the clerk will find on «Theo dõi báo cáo», not what the builder meant to make)."""
    requests = tracking_service.requests()
    return len(requests), sum(request.figures.received for request in requests)


def _load_documents(context: HasServices, documents: DemoDocuments) -> None:
    """The two sample plans, issued under their own numbers, with the upstream documents they cite in the
    incoming register (their basis lines linked to them), and a plan being written now as a draft."""
    arrivals: dict[str, IncomingEntry] = {}
    for cited in (*documents.cited_by_plan_94, *documents.cited_by_plan_so_ket):
        arrivals[cited.symbol] = context.registers.register_incoming(
            IncomingDraft(
                arrived_on=cited.arrived,
                sender=cited.sender,
                summary=cited.summary,
                their_symbol=cited.symbol,
                their_date=cited.dated,
                deadline_text=cited.deadline_text,
                deadline=read_timing(cited.deadline_text).deadline if cited.deadline_text else None,
            )
        )
    number, day = documents.plan_so_ket_issued
    plan_94 = documents.plan_94
    assert plan_94.number is not None and plan_94.header.issue_date is not None
    for plan, number_of, issued_on in (
        (documents.plan_so_ket, number.number, day),
        (plan_94, plan_94.number.number, plan_94.header.issue_date),
    ):
        draft = context.documents.create_draft(replace(plan, number=None, basis=_linked(plan.basis, arrivals)))
        context.documents.issue(draft.id, issued_on=issued_on, number=number_of)
    context.documents.create_draft(documents.plan_thang_cong_nhan_draft)


def _linked(basis: tuple[BasisLine, ...], arrivals: dict[str, IncomingEntry]) -> tuple[BasisLine, ...]:
    """Each basis line linked to the registered document it names first (DOMAIN §2: links, not just text):
    "Thực hiện Kế hoạch số 213/KH-LĐLĐ … Chương trình 13-CTr/TU" cites 213/KH-LĐLĐ."""
    def first_cited(text: str) -> str | None:
        found = [(text.find(symbol), entry.uuid) for symbol, entry in arrivals.items() if symbol in text]
        return min(found)[1] if found else None

    return tuple(replace(line, incoming_uuid=first_cited(line.text)) for line in basis)
