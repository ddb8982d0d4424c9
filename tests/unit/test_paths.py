"""Where the app finds db/, forms/ and resources/: the checkout, a wheel's share folder, a frozen bundle."""

from __future__ import annotations

import fnmatch
import sys
import tomllib
from pathlib import Path

import pytest

from desktop_app import paths

ROOT = Path(__file__).resolve().parents[2]
# Sources that are not read at run time: translations are compiled to .qm, caches are Python's.
NOT_SHIPPED = ("*.ts", "*.pyc")


def test_from_the_checkout_the_folders_are_beside_the_package() -> None:
    assert paths.install_root() == ROOT
    assert (paths.demo_dir() / "district.json").is_file()


def test_an_installed_wheel_looks_in_its_share_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "lib" / "site-packages"
    (site / "desktop_app").mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(site / "desktop_app" / "paths.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    assert paths.install_root() == tmp_path / "share" / "congdoan-desk"
    assert paths.demo_dir() == tmp_path / "share" / "congdoan-desk" / "resources" / "demo"


def test_a_frozen_build_looks_in_its_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "IS_FROZEN", True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.demo_dir() == tmp_path / "resources" / "demo"


def test_the_wheel_ships_every_file_the_app_reads_where_paths_looks() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = pyproject["tool"]["setuptools"]["data-files"]
    shipped = {
        (Path(target), source)
        for target, patterns in data_files.items()
        for pattern in patterns
        for source in ROOT.glob(pattern)
    }
    missing = []
    for top in ("db", "forms", "resources"):
        for source in sorted((ROOT / top).rglob("*")):
            relative = source.relative_to(ROOT)
            if source.is_dir() or "__pycache__" in relative.parts:
                continue
            if any(fnmatch.fnmatch(source.name, pattern) for pattern in NOT_SHIPPED):
                continue
            if (paths.INSTALLED_SHARE / relative.parent, source) not in shipped:
                missing.append(str(relative))
    assert missing == []
