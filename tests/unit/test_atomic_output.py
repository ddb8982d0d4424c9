"""Whole-or-nothing output files and the refusal to write over the open database or an input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.files.atomic import (
    OutputPathError,
    atomic_output,
    check_output_folder,
    check_output_path,
    write_bytes_atomically,
)


def test_a_failing_writer_leaves_neither_a_partial_file_nor_a_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "ke_hoach.pdf"
    with pytest.raises(OSError, match="disk full"), atomic_output(target) as partial:
        partial.write_bytes(b"%PDF-1.7 half")
        raise OSError(28, "disk full")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_only_when_the_new_one_is_complete(tmp_path: Path) -> None:
    target = tmp_path / "so.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(target) as partial:
        partial.write_bytes(b"new, half")
        raise RuntimeError("writer failed")
    assert target.read_bytes() == b"old"
    write_bytes_atomically(target, b"new")
    assert target.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["so.pdf"]
    # Readable by colleagues: the umask's mode, not mkstemp's 0600.
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_the_temporary_file_keeps_the_suffix_writers_look_at(tmp_path: Path) -> None:
    with atomic_output(tmp_path / "ds.xlsx") as partial:
        assert partial.parent == tmp_path and partial.suffix == ".xlsx" and partial.name.startswith(".")
        partial.write_bytes(b"x")


@pytest.mark.parametrize("side", ["", "-wal", "-shm", "-journal"])
def test_the_open_database_and_its_side_files_are_refused(tmp_path: Path, side: str) -> None:
    db = tmp_path / "d.sqlite"
    db.write_bytes(b"SQLite format 3\x00")
    with pytest.raises(OutputPathError, match="cơ sở dữ liệu đang mở"):
        check_output_path(tmp_path / "sub" / ".." / f"d.sqlite{side}", database=db)


def test_a_link_to_the_database_and_an_input_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite"
    db.write_bytes(b"SQLite format 3\x00")
    link = tmp_path / "other-name.pdf"
    os.link(db, link)
    with pytest.raises(OutputPathError, match="cơ sở dữ liệu đang mở"):
        check_output_path(link, database=db)
    source = tmp_path / "in.pdf"
    source.write_bytes(b"%PDF")
    with pytest.raises(OutputPathError, match="tệp đầu vào"):
        check_output_path(source, inputs=[source])
    with pytest.raises(OutputPathError, match="đó là một thư mục"):
        check_output_path(tmp_path)
    with pytest.raises(OutputPathError, match=r"không có thư mục «.*go-nham»"):
        check_output_folder(tmp_path / "go-nham" / "x.pdf")
    check_output_path(tmp_path / "new.pdf", database=db, inputs=[source])


def test_a_folder_no_file_can_be_made_in_is_refused_with_its_name(tmp_path: Path) -> None:
    from desktop_app.files.atomic import OutputPathError, check_folder_writable

    check_folder_writable(tmp_path)  # a writable folder passes and keeps nothing
    assert list(tmp_path.iterdir()) == []
    # /sys takes no new file, whoever asks (permission bits would not say so to root).
    with pytest.raises(OutputPathError, match="Không ghi được vào thư mục «/sys»"):
        check_folder_writable(Path("/sys"))
