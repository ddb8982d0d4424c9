"""What the editor shows of a task's timing: what the deadline parser understood, or a warning."""

from __future__ import annotations

from desktop_app.domain.deadlines import Timing
from desktop_app.domain.documents import Task
from desktop_app.domain.vntext import format_date
from desktop_app.services.deadlines import read_timing as read_deadline


def read_timing(task: Task, year: int) -> tuple[str, bool]:
    """What the editor shows beside a task, and whether it is a warning (unread phrase or no timing)."""
    if task.due is not None:
        return f"Hạn do văn thư đặt: {format_date(task.due)}", False
    if not task.timing:
        return "Chưa có thời hạn", True
    timing: Timing = read_deadline(task.timing, reference_year=year)
    if not timing.understood:
        return f"⚠ {timing.summary} — hãy sửa câu chữ hoặc đặt hạn bằng tay", True
    text = timing.summary
    if timing.deadline is not None:
        text += f" → hạn cuối {format_date(timing.deadline)}"
    return text, bool(timing.problems)
