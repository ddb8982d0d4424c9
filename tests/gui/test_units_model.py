"""The unit table model: filtering (incremental while typing) and sorting agree with a plain recomputation."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain.vntext import collation_key, matches
from desktop_app.services.demo_district import generate_units
from desktop_app.services.units import UnitRecord
from desktop_app.ui.models.units_model import RECORD_ROLE, UnitsTableModel

SECTOR_NAMES = {"HCSN": "Hành chính sự nghiệp", "DNNN": "Doanh nghiệp nhà nước", "NNN": "Doanh nghiệp ngoài nhà nước",
                "FDI": "Doanh nghiệp có vốn đầu tư nước ngoài", "HTX": "Hợp tác xã", "KHAC": "Khác"}


def records(count: int = 150) -> list[UnitRecord]:
    out = []
    for number, draft in enumerate(generate_units(count, seed=3), start=1):
        out.append(UnitRecord(
            id=number, uuid=f"u{number}", code=draft.code, name=draft.name, short_name=draft.short_name,
            kind="CDCS", kind_name="Công đoàn cơ sở", parent_code="HOME", sector=draft.sector,
            sector_name=SECTOR_NAMES[draft.sector or "KHAC"], members=draft.members,
            female_members=draft.female_members, workers=draft.workers, chair=draft.chair, phone=draft.phone,
            email=draft.email, address=draft.address, founded=draft.founded, dissolved=draft.dissolved,
            merged_into_code=None, notes=draft.notes, is_home=False, revision=1, updated_at=date(2026, 1, 1),  # type: ignore[arg-type]
        ))
    return out


UNITS = records()


def expected(text: str, sector: str | None, show_dissolved: bool) -> list[str]:
    chosen = [u for u in UNITS if (show_dissolved or u.dissolved is None) and (sector is None or u.sector == sector)
              and matches(text, f"{u.code} {u.name} {u.short_name} {u.chair}")]
    return [u.code for u in sorted(chosen, key=lambda u: collation_key(u.name))]


def shown(model: UnitsTableModel) -> list[str]:
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


steps = st.lists(
    st.one_of(
        st.tuples(st.just("type"), st.sampled_from("truong tieu hoc phuoc minh cty ")),
        st.tuples(st.just("backspace"), st.none()),
        st.tuples(st.just("sector"), st.sampled_from([None, "HCSN", "NNN", "FDI"])),
        st.tuples(st.just("dissolved"), st.booleans()),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(steps)
def test_filter_after_any_typing_matches_a_full_recomputation(qapp: object, operations: list) -> None:  # type: ignore[type-arg]
    model = UnitsTableModel()
    model.set_units(UNITS)
    text, sector, show_dissolved = "", None, False
    for action, value in operations:
        if action == "type":
            text += value
            model.set_filter(text=text)
        elif action == "backspace":
            text = text[:-1]
            model.set_filter(text=text)
        elif action == "sector":
            sector = value
            model.set_filter(sector=value)
        else:
            show_dissolved = value
            model.set_filter(show_dissolved=value)
        assert shown(model) == expected(text, sector, show_dissolved)


def test_sorting_by_members_keeps_the_selected_unit(qtbot: QtBot) -> None:
    model = UnitsTableModel()
    model.set_units(UNITS)
    members_column = next(i for i, c in enumerate(model.columns) if c.key == "members")
    target = model.unit_at(5)
    persistent = QPersistentModelIndex(model.index(5, 1))
    model.sort(members_column, Qt.SortOrder.DescendingOrder)
    counts = [model.unit_at(r).members or -1 for r in range(model.rowCount())]
    assert counts == sorted(counts, reverse=True)
    assert persistent.isValid()
    assert model.data(model.index(persistent.row(), 0), RECORD_ROLE) == target
    assert model.index(persistent.row(), 0).data(RECORD_ROLE) == target
    model.sort(1)
    names = [model.unit_at(r).name for r in range(model.rowCount())]
    assert names == sorted(names, key=collation_key)
    assert model.data(QModelIndex()) is None
