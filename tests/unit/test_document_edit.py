"""Editing a document body as a tree: the operations the editor's buttons and Tab/Shift+Tab make."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    BasisLine,
    BodyNode,
    ListItem,
    Paragraph,
    Section,
    Task,
    document_from_dict,
    document_to_dict,
    outline,
    print_outline,
)
from desktop_app.services.demo_content import demo_documents

PLAN_94 = demo_documents().plan_94

BODY: tuple[BodyNode, ...] = (
    Section("Mục đích", 1, (ListItem("a", "1."), ListItem("b", "1."))),
    Section("Nội dung", 1, (Paragraph("p"), Task("làm việc x", "CĐCS", "Thời gian hoàn thành: Quý II/2021"))),
)


def _texts(body: tuple[BodyNode, ...]) -> Counter[str]:
    out: Counter[str] = Counter()
    for entry in outline(body):
        node = entry.node
        out[node.heading if isinstance(node, Section) else node.text] += 1
    return out


def _label(node: BodyNode) -> str:
    return node.heading if isinstance(node, Section) else node.text


def test_node_at_and_replace_keep_the_rest_untouched() -> None:
    assert _label(node_at(BODY, (1, 1))) == "làm việc x"
    edited = replace_node(BODY, (0, 1), ListItem("b sửa", "1."))
    assert _label(node_at(edited, (0, 1))) == "b sửa"
    assert edited[1] is BODY[1]  # untouched branches are shared, not copied
    assert _label(node_at(BODY, (0, 1))) == "b"  # the old body is unchanged: undo keeps it


def test_insert_remove_and_bad_paths() -> None:
    body = insert_node(BODY, (0,), 1, ListItem("mới", "1."))
    assert [_label(n) for n in body[0].children] == ["a", "mới", "b"]
    assert remove_node(body, (0, 1)) == BODY
    with pytest.raises(EditError, match="Không thêm được mục con vào một đoạn văn"):
        insert_node(BODY, (1, 0), 0, ListItem("x"))
    with pytest.raises(EditError, match="vị trí 3"):
        node_at(BODY, (2,))
    with pytest.raises(EditError, match="Chưa chọn"):
        remove_node(BODY, ())


def test_move_indent_outdent_return_where_the_node_went() -> None:
    body, path = move_node(BODY, (0, 1), -1)
    assert path == (0, 0) and _label(node_at(body, path)) == "b"
    with pytest.raises(EditError, match="đã ở đầu"):
        move_node(body, path, -1)
    body, path = indent(BODY, (0, 1))
    assert path == (0, 0, 0) and _label(node_at(body, path)) == "b"
    body, path = outdent(body, path)
    assert path == (0, 1) and body == BODY
    with pytest.raises(EditError, match="Mục đầu tiên"):
        indent(BODY, (0, 0))
    with pytest.raises(EditError, match="đoạn văn"):
        indent(BODY, (1, 1))  # the paragraph above cannot hold the task
    with pytest.raises(EditError, match="ngoài cùng"):
        outdent(BODY, (1,))


_OPS = st.lists(st.tuples(st.sampled_from(["up", "down", "indent", "outdent"]), st.integers(0, 200)), max_size=25)


@settings(max_examples=150, deadline=None)
@given(_OPS)
def test_moves_never_lose_or_duplicate_text(ops: list[tuple[str, int]]) -> None:
    """Whatever the clerk presses, moving things around keeps every piece of text exactly once."""
    body = PLAN_94.body
    expected = _texts(body)
    for op, pick in ops:
        paths = _paths(body)
        path = paths[pick % len(paths)]
        before = node_at(body, path)
        try:
            if op == "up":
                body, path = move_node(body, path, -1)
            elif op == "down":
                body, path = move_node(body, path, 1)
            elif op == "indent":
                body, path = indent(body, path)
            else:
                body, path = outdent(body, path)
        except EditError:
            continue
        assert _label(node_at(body, path)) == _label(before)  # a heading may change level, not words
    assert _texts(body) == expected


def _paths(body: tuple[BodyNode, ...], prefix: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    out: list[tuple[int, ...]] = []
    for i, node in enumerate(body):
        out.append((*prefix, i))
        if not isinstance(node, Paragraph):
            out += _paths(node.children, (*prefix, i))
    return out


def test_tasks_print_their_who_and_timing_lines_and_survive_json() -> None:
    task = Task("Gửi báo cáo sơ kết", "Các CĐCS", "Thời gian hoàn thành: trước ngày 15/11/2020",
                due=datetime.date(2020, 11, 14))
    printed = [(e.label, getattr(e.node, "text", "")) for e in print_outline((Section("Tổ chức", 1, (task,)),))]
    assert printed[1:] == [("-", "Gửi báo cáo sơ kết"), ("", "Đơn vị thực hiện: Các CĐCS."),
                           ("", "Thời gian hoàn thành: trước ngày 15/11/2020.")]
    doc = PLAN_94.__class__(**{**PLAN_94.__dict__, "body": (task,),
                               "basis": (BasisLine("Thực hiện Kế hoạch số 213/KH-LĐLĐ;", "uuid-1"),)})
    again = document_from_dict(document_to_dict(doc))
    assert again.body == (task,)
    assert again.basis[0].incoming_uuid == "uuid-1"


def test_plan_94_tasks_keep_the_samples_timing_lines() -> None:
    tasks = [e.node for e in outline(PLAN_94.body) if isinstance(e.node, Task)]
    assert len(tasks) == 15  # the sample has 15 "Thời gian …" lines
    assert tasks[0].timing == "Thời gian thực hiện: Thường xuyên."
