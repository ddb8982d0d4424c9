"""Documents as rows: the list columns and the task and citation rows always say what the JSON says, task uuids
survive every edit, old formats open and newer ones are refused untouched, and references resolve by uuid in a
copy of the database whose integer ids were renumbered."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from desktop_app.bootstrap import AppContext
from desktop_app.domain.document_edit import (
    EditError,
    indent,
    insert_node,
    move_node,
    node_at,
    outdent,
    remove_node,
    replace_node,
)
from desktop_app.domain.documents import (
    DOCUMENT_TYPES,
    BasisLine,
    BodyNode,
    Header,
    OfficialDocument,
    Paragraph,
    Recipients,
    Section,
    SignerBlock,
    Task,
    document_tasks,
)
from desktop_app.domain.vntext import search_key
from desktop_app.services.document_index import index_document
from desktop_app.services.errors import UserError


def rows_of(context: AppContext, document_id: int) -> dict[str, object]:
    """What is stored beside the JSON, read back through the service and the database."""
    listing = next(r for r in context.documents.list_documents() if r.id == document_id)
    with context.database.engine.connect() as conn:
        citations = [r[0] for r in conn.execute(text(
            "SELECT incoming_uuid FROM document_citations WHERE document_id = :id ORDER BY position"),
            {"id": document_id})]
        key = conn.execute(text("SELECT search_key FROM documents WHERE id = :id"), {"id": document_id}).scalar()
    return {
        "type": listing.type_code, "summary": listing.summary, "signer": listing.signer_name,
        "number": listing.number, "year": listing.year, "key": key,
        "tasks": [(t.uuid, t.position, t.text, t.who, t.timing, t.due) for t in context.documents.tasks(document_id)],
        "citations": citations,
    }


def parsed(context: AppContext, document_id: int) -> dict[str, object]:
    """The same, worked out from the document's JSON alone."""
    record = context.documents.get(document_id)
    doc = record.document
    year = record.issue_date.year if record.issue_date else record.year
    assert year is not None
    index = index_document(doc, year)
    return {
        "type": doc.type.code, "summary": index.summary, "signer": doc.signer.name if doc.signer else "",
        "number": doc.number.number if doc.number else None, "year": year,
        "key": search_key(f"{record.symbol} {index.summary}"),
        "tasks": [(t.uuid, t.position, t.text, t.who, t.timing, t.due) for t in index.tasks],
        "citations": [b.incoming_uuid for b in doc.basis if b.incoming_uuid],
    }


def test_every_demo_document_is_stored_as_its_json_says(demo_context: AppContext) -> None:
    listed = demo_context.documents.list_documents()
    assert len(listed) >= 3
    for listing in listed:
        assert rows_of(demo_context, listing.id) == parsed(demo_context, listing.id), listing.symbol
    plan_94 = next(r for r in listed if r.symbol == "94/KH-LĐLĐ")
    assert rows_of(demo_context, plan_94.id)["citations"]  # it cites the province's plan by uuid
    assert any(t.due is not None for t in demo_context.documents.tasks(plan_94.id))


def plan(body: tuple[BodyNode, ...]) -> OfficialDocument:
    kind = next(t for t in DOCUMENT_TYPES if t.code == "KH")
    return OfficialDocument(
        type=kind, number=None,
        header=Header("LĐLĐ TỈNH TÂY NINH", "LĐLĐ HUYỆN DƯƠNG MINH CHÂU", "Huyện Dương Minh Châu"),
        summary="Kế hoạch thử", body=body,
        recipients=Recipients(("- Các CĐCS;", "- Lưu: VT.")),
        signer=SignerBlock("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn An"),
    )


def all_paths(body: tuple[BodyNode, ...], prefix: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    found = []
    for i, node in enumerate(body):
        path = (*prefix, i)
        found.append(path)
        if not isinstance(node, Paragraph):
            found += all_paths(node.children, path)
    return found


EDITS = st.lists(
    st.tuples(st.sampled_from(["task", "section", "remove", "up", "down", "indent", "outdent", "reword", "due"]),
              st.integers(min_value=0, max_value=50)),
    min_size=1, max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_rows_follow_every_edit_and_task_uuids_survive_it(context: AppContext, edits: list[tuple[str, int]]) -> None:
    body: tuple[BodyNode, ...] = (
        Section("Nhiệm vụ", children=(
            Task("Báo cáo quý", who="Các CĐCS", timing="Thời gian hoàn thành: Quý II/2026."),)),
        Task("Tổng kết năm", timing="Thời gian: trước ngày 15/12/2026."),
    )
    record = context.documents.create_draft(plan(body))
    for number, (edit, pick) in enumerate(edits):
        before = {p.task.uuid: p.task for p in document_tasks(record.document)}
        body = record.document.body
        paths = all_paths(body)
        path = paths[pick % len(paths)] if paths else ()
        removed: set[str] = set()
        try:
            if edit == "task":
                body = insert_node(body, (), pick, Task(f"Việc {number}", who="Ban Tuyên giáo", timing="Tháng 5/2026"))
            elif edit == "section":
                body = insert_node(body, (), pick, Section(f"Mục {number}"))
            elif edit == "remove" and path:
                removed = {p.task.uuid for p in document_tasks(plan((node_at(body, path),)))}
                body = remove_node(body, path)
            elif edit in ("up", "down") and path:
                body, _ = move_node(body, path, -1 if edit == "up" else 1)
            elif edit == "indent" and path:
                body, _ = indent(body, path)
            elif edit == "outdent" and path:
                body, _ = outdent(body, path)
            elif edit in ("reword", "due") and path:
                node = node_at(body, path)
                if isinstance(node, Task):
                    changed = replace(node, text=node.text + " (sửa)") if edit == "reword" else replace(
                        node, due=date(2026, 6, 30))
                    body = replace_node(body, path, changed)
        except EditError:
            continue
        record = context.documents.update_draft(record.id, replace(record.document, body=body))
        after = {p.task.uuid: p.task for p in document_tasks(context.documents.get(record.id).document)}
        assert set(before) - removed <= set(after), edit  # every task still there kept its uuid
        assert rows_of(context, record.id) == parsed(context, record.id), edit


def test_uuids_of_tasks_are_kept_in_the_json_and_a_new_version_keeps_them(context: AppContext) -> None:
    record = context.documents.create_draft(plan((Task("Báo cáo", who="Các CĐCS", timing="Quý II/2026"),)))
    stored = json.loads(_content(context, record.id))
    assert stored["format"] == 2 and stored["body"][0]["uuid"] == record.document.body[0].uuid  # type: ignore[union-attr]
    issued = context.documents.issue(record.id, date(2026, 4, 1))
    version = context.documents.new_version(issued.id)
    assert [t.uuid for t in context.documents.tasks(version.id)] == [t.uuid for t in context.documents.tasks(issued.id)]
    assert version.version_of_uuid == issued.uuid


def _content(context: AppContext, document_id: int) -> str:
    with context.database.engine.connect() as conn:
        return str(conn.execute(text("SELECT content FROM documents WHERE id = :id"), {"id": document_id}).scalar())


def _store_content(context: AppContext, document_id: int, content: str) -> None:
    with context.database.engine.begin() as conn:
        conn.execute(text("UPDATE documents SET content = :c WHERE id = :id"), {"c": content, "id": document_id})


def test_a_format_1_document_opens_and_is_written_back_as_format_2(context: AppContext) -> None:
    record = context.documents.create_draft(plan((Task("Báo cáo", who="Các CĐCS", timing="Quý II/2026"),)))
    old = json.loads(_content(context, record.id))
    del old["format"]
    del old["body"][0]["uuid"]
    old["basis"] = ["Căn cứ Điều lệ Công đoàn Việt Nam;"]  # format 1 stored unlinked basis lines as strings
    _store_content(context, record.id, json.dumps(old, ensure_ascii=False))
    opened = context.documents.get(record.id)
    task = opened.document.body[0]
    assert isinstance(task, Task) and task.uuid
    assert opened.document.basis == (BasisLine("Căn cứ Điều lệ Công đoàn Việt Nam;"),)
    saved = context.documents.update_draft(record.id, opened.document)
    stored = json.loads(_content(context, saved.id))
    assert stored["format"] == 2 and stored["body"][0]["uuid"] == task.uuid
    assert [t.uuid for t in context.documents.tasks(record.id)] == [task.uuid]


def test_a_document_of_a_newer_format_is_refused_and_left_untouched(context: AppContext) -> None:
    record = context.documents.create_draft(plan(()))
    newer = dict(json.loads(_content(context, record.id)), format=99, hologram={"x": 1})
    content = json.dumps(newer, ensure_ascii=False)
    _store_content(context, record.id, content)
    with pytest.raises(UserError, match="mới hơn"):
        context.documents.get(record.id)
    with pytest.raises(UserError, match="mới hơn"):
        context.documents.issue(record.id, date(2026, 4, 1))
    assert _content(context, record.id) == content
    assert [r.id for r in context.documents.list_documents()] == [record.id]  # the list still shows it


def test_references_resolve_by_uuid_in_a_renumbered_copy(demo_context: AppContext, tmp_path: Path) -> None:
    source = demo_context.database.path
    assert source is not None
    demo_context.close()
    copy = tmp_path / "van-phong-khac.sqlite"
    shutil.copy(source, copy)
    with sqlite3.connect(copy) as db:  # another office's database: the same records under other integer ids
        db.execute("PRAGMA foreign_keys = OFF")
        for table in ("units", "documents", "outgoing_register", "incoming_register"):
            db.execute(f"UPDATE {table} SET id = id + 7000")
    original, renumbered = sqlite3.connect(source), sqlite3.connect(copy)
    try:
        for table, uuid_column, target, label in (
            ("units", "parent_uuid", "units", "code"),
            ("units", "merged_into_uuid", "units", "code"),
            ("unit_events", "unit_uuid", "units", "code"),
            ("unit_events", "other_unit_uuid", "units", "code"),
            ("documents", "register_entry_uuid", "outgoing_register", "symbol"),
            ("documents", "version_of_uuid", "documents", "symbol"),
            ("incoming_files", "entry_uuid", "incoming_register", "their_symbol"),
            ("outgoing_register", "document_uuid", "documents", "symbol"),
            ("document_citations", "incoming_uuid", "incoming_register", "their_symbol"),
        ):
            query = (f"SELECT r.{uuid_column}, t.{label} FROM {table} r JOIN {target} t ON t.uuid = r.{uuid_column} "
                     f"ORDER BY 1, 2")
            before, after = original.execute(query).fetchall(), renumbered.execute(query).fetchall()
            assert before == after, (table, uuid_column)
            count = original.execute(f"SELECT count(*) FROM {table} WHERE {uuid_column} IS NOT NULL").fetchone()[0]
            assert len(before) == count, (table, uuid_column)  # every uuid reference finds its record
        # The integer references of the copy no longer mean what they meant: only the uuids travel.
        stale = renumbered.execute("SELECT count(*) FROM units u JOIN units p ON p.id = u.parent_id "
                                   "WHERE p.uuid = u.parent_uuid").fetchone()[0]
        assert stale == 0
    finally:
        original.close()
        renumbered.close()
