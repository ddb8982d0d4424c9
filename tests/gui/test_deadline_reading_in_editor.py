"""What the editor shows beside a task for the deadline families of issue 7: a phrase that is only partly
read is a warning (and counts as not understood before issuing), never green."""

from __future__ import annotations

import pytest

from desktop_app.domain.documents import Task
from desktop_app.ui.dialogs.document_editor import read_timing


@pytest.mark.parametrize(
    "timing",
    [
        "Thời gian: khi nào rảnh thì làm",
        "Thời gian hoàn thành: tuần thứ 2 của tháng 3",
        "Thời gian hoàn thành: đầu năm 2021",
        "Thời gian hoàn thành: trước ngày 25 hằng quý",
    ],
)
def test_partly_read_timing_is_a_warning(timing: str) -> None:
    text, warn = read_timing(Task("Báo cáo", timing=timing), 2021)
    assert warn
    assert text.startswith("⚠ Chưa hiểu")


@pytest.mark.parametrize(
    ("timing", "shown"),
    [
        ("Thời gian hoàn thành: trước ngày 15/11 năm 2021", "hạn cuối 15/11/2021"),
        ("Thời gian hoàn thành: 9 tháng đầu năm 2022", "hạn cuối 30/09/2022"),
        ("Thời gian hoàn thành: cuối năm 2021", "hạn cuối 31/12/2021"),
        ("Thời gian thực hiện: trước ngày 20 hằng tháng", "hàng tháng, đến hết ngày 20"),
    ],
)
def test_read_timing_is_shown_plainly(timing: str, shown: str) -> None:
    text, warn = read_timing(Task("Báo cáo", timing=timing), 2021)
    assert not warn
    assert shown in text


def test_the_editor_knows_the_named_periods_of_the_union_year() -> None:
    # The editor reads with the shipped named periods, as `deadline parse` does: the Tháng Công nhân is May.
    text, warn = read_timing(Task("Phát động", timing="Thời gian: dịp Tháng Công nhân năm 2027"), 2027)
    assert not warn
    assert "hạn cuối 31/05/2027" in text
