"""Every command of the CLI against bad input: a missing or foreign database, unknown option values.

Each case must be refused with a Vietnamese message, no traceback, and nothing created or changed on disk.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Every command that opens the database, with the arguments it needs (OUT is replaced by an output path).
DATABASE_COMMANDS: list[tuple[str, ...]] = [
    ("units", "list"),
    ("units", "import", "IN.xlsx"),
    ("units", "import", "IN.xlsx", "--dry-run"),
    ("units", "export", "OUT.xlsx"),
    ("documents", "list"),
    ("documents", "render", "1", "-o", "OUT.pdf"),
    ("documents", "render", "1", "-o", "OUT.pdf", "--docx", "OUT.docx"),
    ("registers", "outgoing", "--year", "2021"),
    ("registers", "outgoing", "--year", "2021", "-o", "OUT.pdf"),
    ("registers", "incoming", "--year", "2021"),
]

# Every value-taking option given a value it must refuse (no database is needed to refuse them).
BAD_VALUES: list[tuple[str, ...]] = [
    *[(*cmd, "--format", "xml") for cmd in DATABASE_COMMANDS],
    ("demo", "--format", "yaml"),
    ("documents", "sign", "IN.pdf", "-o", "OUT.pdf", "--p12", "k.p12", "--format", "csv"),
    ("documents", "verify", "IN.pdf", "--format", "html"),
    ("documents", "list", "--type", "XYZ"),
    ("documents", "list", "--type", ""),
    ("documents", "list", "--status", "published"),
    ("documents", "list", "--year", "abc"),
    ("documents", "list", "--year", "99999999999999999999"),
    ("documents", "list", "--year", "-2021"),
    ("registers", "outgoing", "--year", "20x1"),
    ("registers", "outgoing", "--year", "0"),
    ("registers", "incoming", "--year", "１２３"),
    ("documents", "render", "0", "-o", "OUT.pdf"),
    ("documents", "render", "-5", "-o", "OUT.pdf"),
    ("documents", "render", "99999999999999999999", "-o", "OUT.pdf"),
    ("documents", "render", "1e3", "-o", "OUT.pdf"),
    ("documents", "render", "٣", "-o", "OUT.pdf"),
    ("documents", "sign", "IN.pdf", "-o", "OUT.pdf", "--p12", "k.p12", "--position", "middle"),
    ("documents", "sign", "IN.pdf", "-o", "OUT.pdf", "--p12", "k.p12", "--page", "0"),
    ("documents", "sign", "IN.pdf", "-o", "OUT.pdf", "--p12", "k.p12", "--page", "x"),
    ("documents", "sign", "IN.pdf", "-o", "OUT.pdf", "--p12", "k.p12", "--box", "1,2,3"),
    ("documents", "sign", "IN.pdf", "-o", "OUT.pdf", "--p12", "k.p12", "--box", "100,100,50,200"),
    ("documents", "sign", "IN.pdf", "-o", "OUT.pdf", "--p12", "k.p12", "--secret-env", "1BAD-NAME"),
    ("documents", "sign", "IN.pdf", "-o", "OUT.pdf", "--p12", "k.p12", "--pkcs11-lib", "x.so"),
    ("units", "lisst"),
    ("khong-co-lenh",),
]


def cli(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONGDOAN_DATA_DIR": str(env_dir / "data"), "CONGDOAN_CONFIG_DIR": str(env_dir / "cfg"),
           "PYTHONIOENCODING": "utf-8"}
    env.pop("CONGDOAN_SIGNING_SECRET", None)
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120, stdin=subprocess.DEVNULL, cwd=env_dir)


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "data" not in p.relative_to(folder).parts}


def _assert_refused(result: subprocess.CompletedProcess[str], status: int) -> None:
    assert result.returncode == status, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr
    assert result.stderr.strip(), "the refusal says why"
    assert result.stdout == ""


def _with_paths(args: tuple[str, ...], folder: Path) -> list[str]:
    names = {"IN.xlsx", "IN.pdf", "OUT.xlsx", "OUT.pdf", "OUT.docx", "k.p12", "x.so"}
    return [str(folder / a) if a in names else a for a in args]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    (tmp_path / "IN.xlsx").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "IN.pdf").write_bytes(b"%PDF-1.7\n")
    (tmp_path / "k.p12").write_bytes(b"\x30\x82")
    return tmp_path


@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=" ".join)
def test_a_missing_database_is_refused_and_not_created(work: Path, command: tuple[str, ...]) -> None:
    before = _snapshot(work)
    missing = work / "go-nham" / "congdoan.sqlite"
    for how in (["--db", str(missing)], ["--db-url", f"sqlite:///{missing}"]):
        result = cli(*how, *_with_paths(command, work), env_dir=work)
        _assert_refused(result, 2)
        assert "Không tìm thấy tệp cơ sở dữ liệu" in result.stderr and str(missing) in result.stderr
        assert not missing.parent.exists()
    # After the sub-command too, and with no --db at all (the default file in an empty data folder).
    result = cli(*_with_paths(command, work), "--db", str(missing), env_dir=work)
    _assert_refused(result, 2)
    result = cli(*_with_paths(command, work), env_dir=work)
    _assert_refused(result, 2)
    assert not (work / "data" / "congdoan.sqlite").exists()
    assert _snapshot(work) == before


NOT_DATABASES = [b"", b"ghi chu, khong phai co so du lieu\n" * 50, b"SQLite format 2\x00" + b"\0" * 84]


@pytest.mark.parametrize("content", NOT_DATABASES, ids=["empty", "text", "other-header"])
@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=" ".join)
def test_a_file_that_is_not_a_database_is_refused_and_left_unchanged(
        work: Path, command: tuple[str, ...], content: bytes) -> None:
    bogus = work / "ghi-chu.sqlite"
    bogus.write_bytes(content)
    before = _snapshot(work)
    result = cli("--db", str(bogus), *_with_paths(command, work), env_dir=work)
    _assert_refused(result, 2)
    assert "không phải là cơ sở dữ liệu" in result.stderr and "ghi-chu.sqlite" in result.stderr
    assert _snapshot(work) == before
    assert not (work / "ghi-chu.sqlite-wal").exists() and not (work / "ghi-chu.sqlite-shm").exists()


@pytest.mark.parametrize("command", BAD_VALUES, ids=" ".join)
def test_unknown_option_values_are_refused_in_vietnamese(work: Path, command: tuple[str, ...]) -> None:
    before = _snapshot(work)
    result = cli(*_with_paths(command, work), env_dir=work)
    _assert_refused(result, 64)
    assert "lỗi:" in result.stderr and "Cách dùng:" in result.stderr
    assert "error:" not in result.stderr and "usage:" not in result.stderr and "invalid" not in result.stderr
    assert _snapshot(work) == before


@pytest.mark.parametrize("extra", [("units", "export", "ra.xlsx", "-o", "x"), ("deadline", "parse", "Quý II", "--la")])
def test_an_unknown_option_is_named_in_vietnamese(work: Path, extra: tuple[str, ...]) -> None:
    result = cli(*extra, env_dir=work)
    _assert_refused(result, 64)
    assert "không hiểu các tham số:" in result.stderr and "unrecognized" not in result.stderr


@pytest.mark.parametrize("url", ["foo://x", "garbage", "postgresql+psycopg://u:mat-khau@127.0.0.1:1/x", "sqlite://"])
def test_a_database_address_that_cannot_be_opened_is_one_line_without_the_password(work: Path, url: str) -> None:
    result = cli("--db-url", url, "units", "list", env_dir=work)
    _assert_refused(result, 2)
    assert len(result.stderr.strip().splitlines()) == 1 and "mat-khau" not in result.stderr
    assert "Lỗi không lường trước" not in result.stderr


@pytest.mark.parametrize("content", NOT_DATABASES[1:], ids=["text", "other-header"])
def test_demo_refuses_a_file_that_is_not_a_database(work: Path, content: bytes) -> None:
    """demo may create a database, never turn someone's file into one."""
    bogus = work / "ghi-chu.sqlite"
    bogus.write_bytes(content)
    before = _snapshot(work)
    for args in (["--db", str(bogus), "demo"], ["demo", "--db", str(bogus), "--format", "json"]):
        result = cli(*args, env_dir=work)
        _assert_refused(result, 2)
    assert _snapshot(work) == before
