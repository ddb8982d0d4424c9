"""The structured editor of a draft (Soạn văn bản): header fields, basis lines linked to the incoming
register, the body as a tree of sections, items, paragraphs and tasks, and the closing parts.

The document being edited is one immutable ``OfficialDocument``; every edit replaces it and pushes the
previous one on the undo stack, so undo is exact and the widgets are always a view of one state. While
the clerk works, a copy is kept beside the database (the service writes it), so a crash loses nothing.
Beside each task the editor shows what the deadline parser understood; a phrase it cannot read is
flagged, and the clerk may set the last day by hand — nothing is guessed silently.

``editor`` assembles the dialog; each tab is a module of its own (``general``, ``basis``, ``body`` with
``parts``, ``outline_tree`` and ``node_panels``, ``closing``) that reads the document through a getter and
reports every edit through one callback (``fields.Change``), so a tab can be built and driven on its own.
"""

from __future__ import annotations

from desktop_app.ui.dialogs.document_editor.editor import DocumentEditor
from desktop_app.ui.dialogs.document_editor.incoming_picker import IncomingPicker
from desktop_app.ui.dialogs.document_editor.timing import read_timing

__all__ = ["DocumentEditor", "IncomingPicker", "read_timing"]
