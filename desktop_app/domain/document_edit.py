"""Editing the body of a document as a tree: every edit returns a new body, the old one stays as it was.

Nodes are addressed by their path of child indexes from the top (``(1, 0, 2)`` is the third child of
the first child of the second top-level node). Immutable bodies make undo a matter of keeping the old
body, and the editor never holds a half-edited tree.
"""

from __future__ import annotations

from dataclasses import replace

from desktop_app.domain.documents import BodyNode, ListItem, Paragraph, Section, Task
from desktop_app.domain.i18n import _

__all__ = [
    "Body",
    "EditError",
    "NodePath",
    "can_have_children",
    "children_of",
    "indent",
    "insert_node",
    "move_node",
    "node_at",
    "outdent",
    "remove_node",
    "replace_node",
    "with_children",
]

NodePath = tuple[int, ...]
Body = tuple[BodyNode, ...]


class EditError(ValueError):
    """An edit that cannot be made here; the message says why, in Vietnamese."""


def can_have_children(node: BodyNode) -> bool:
    return not isinstance(node, Paragraph)


def children_of(node: BodyNode) -> Body:
    return () if isinstance(node, Paragraph) else node.children


def with_children(node: BodyNode, children: Body) -> BodyNode:
    if isinstance(node, Paragraph):
        if children:
            raise EditError(_("Một đoạn văn không chứa được mục con."))
        return node
    if isinstance(node, (Section, ListItem, Task)):
        return replace(node, children=tuple(children))
    raise EditError(_("Không hiểu phần nội dung này."))


def _check(body: Body, path: NodePath) -> None:
    if not path:
        raise EditError(_("Chưa chọn phần nội dung nào."))
    nodes = body
    for depth, index in enumerate(path):
        if not 0 <= index < len(nodes):
            raise EditError(_("Không có phần nội dung ở vị trí {path}.").format(
                path=".".join(str(i + 1) for i in path[: depth + 1])))
        nodes = children_of(nodes[index])


def node_at(body: Body, path: NodePath) -> BodyNode:
    _check(body, path)
    nodes, node = body, body[path[0]]
    for index in path:
        node = nodes[index]
        nodes = children_of(node)
    return node


def _siblings(body: Body, parent: NodePath) -> Body:
    return body if not parent else children_of(node_at(body, parent))


def _set_siblings(body: Body, parent: NodePath, siblings: Body) -> Body:
    if not parent:
        return tuple(siblings)
    return replace_node(body, parent, with_children(node_at(body, parent), siblings))


def replace_node(body: Body, path: NodePath, node: BodyNode) -> Body:
    """``body`` with the node at ``path`` replaced (its children are whatever ``node`` carries)."""
    _check(body, path)
    head, rest = path[0], path[1:]
    if rest:
        inner = replace_node(children_of(body[head]), rest, node)
        node = with_children(body[head], inner)
    return (*body[:head], node, *body[head + 1:])


def insert_node(body: Body, parent: NodePath, index: int, node: BodyNode) -> Body:
    """Insert ``node`` as child number ``index`` of ``parent`` (``()`` is the top level)."""
    if parent and not can_have_children(node_at(body, parent)):
        raise EditError(_("Không thêm được mục con vào một đoạn văn; hãy thêm vào mục chứa nó."))
    siblings = _siblings(body, parent)
    index = max(0, min(index, len(siblings)))
    return _set_siblings(body, parent, (*siblings[:index], node, *siblings[index:]))


def remove_node(body: Body, path: NodePath) -> Body:
    """Remove the node at ``path`` with everything under it."""
    _check(body, path)
    siblings = _siblings(body, path[:-1])
    i = path[-1]
    return _set_siblings(body, path[:-1], (*siblings[:i], *siblings[i + 1:]))


def move_node(body: Body, path: NodePath, delta: int) -> tuple[Body, NodePath]:
    """Move a node up (``delta`` < 0) or down among its siblings; returns the new body and its new path."""
    _check(body, path)
    siblings = list(_siblings(body, path[:-1]))
    i = path[-1]
    j = i + delta
    if not 0 <= j < len(siblings):
        raise EditError(_("Mục này đã ở đầu.") if delta < 0 else _("Mục này đã ở cuối."))
    siblings.insert(j, siblings.pop(i))
    return _set_siblings(body, path[:-1], tuple(siblings)), (*path[:-1], j)


def indent(body: Body, path: NodePath) -> tuple[Body, NodePath]:
    """Make the node the last child of the sibling before it (Tab in the editor)."""
    _check(body, path)
    i = path[-1]
    if i == 0:
        raise EditError(_("Mục đầu tiên không lùi vào được: chưa có mục nào phía trên cùng cấp để chứa nó."))
    previous_path = (*path[:-1], i - 1)
    previous = node_at(body, previous_path)
    if not can_have_children(previous):
        raise EditError(_("Mục phía trên là một đoạn văn nên không chứa được mục này."))
    node = node_at(body, path)
    if isinstance(node, Section) and isinstance(previous, Section):
        # A heading moved under another heading becomes its sub-heading ("II." → "1."), as far as level 3.
        node = replace(node, level=min(previous.level + 1, 3))
    body = remove_node(body, path)
    new_index = len(children_of(previous))
    return insert_node(body, previous_path, new_index, node), (*previous_path, new_index)


def outdent(body: Body, path: NodePath) -> tuple[Body, NodePath]:
    """Move the node out of its parent, just after it (Shift+Tab in the editor)."""
    _check(body, path)
    if len(path) < 2:
        raise EditError(_("Mục này đã ở cấp ngoài cùng."))
    node = node_at(body, path)
    parent = path[:-1]
    former = node_at(body, parent)
    if isinstance(node, Section) and isinstance(former, Section):
        node = replace(node, level=former.level)  # back to the level of the heading it leaves
    body = remove_node(body, path)
    target = (*parent[:-1], parent[-1] + 1)
    return insert_node(body, parent[:-1], target[-1], node), target
