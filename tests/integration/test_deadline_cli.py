"""`congdoan-desk deadline parse` as a script uses it: a phrase only partly read exits non-zero with its
JSON still printed, bad option values are refused, named periods come from the shipped data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def deadline(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONGDOAN_DATA_DIR": str(env_dir / "data"), "CONGDOAN_CONFIG_DIR": str(env_dir / "cfg"),
           "PYTHONIOENCODING": "utf-8"}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "deadline", "parse", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("phrase", ["khi nào rảnh thì làm", "tuần thứ 2 của tháng 3/2021", "đầu năm 2021"])
def test_a_partly_read_phrase_exits_non_zero_with_its_json(tmp_path: Path, phrase: str) -> None:
    result = deadline(phrase, "--format", "json", env_dir=tmp_path)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["understood"] is False and data["problems"]


def test_next_occurrence_and_named_period(tmp_path: Path) -> None:
    result = deadline("trước ngày 20 hằng tháng", "--after", "20/3/2021", "--format", "json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["next_deadline"] == "2021-04-20"
    text = deadline("trước ngày 20 hằng tháng", "--after", "20/3/2021", env_dir=tmp_path)
    assert "Hạn kế tiếp: 20/04/2021" in text.stdout
    named = deadline("dịp Tháng Công nhân năm 2022", "--format", "json", env_dir=tmp_path)
    assert named.returncode == 0, named.stderr
    assert json.loads(named.stdout)["deadline"] == "2022-05-31"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--year", "nonsense", "năm «nonsense» không hợp lệ"),
        ("--year", "0", "năm «0» không hợp lệ"),
        ("--year", "-5", "năm «-5» không hợp lệ"),
        ("--after", "31/2/2021", "không có ngày 31"),
        ("--after", "mai", "Không hiểu ngày «mai»"),
        ("--format", "xml", "--format"),
    ],
)
def test_unknown_option_values_are_refused(tmp_path: Path, option: str, value: str, message: str) -> None:
    result = deadline("trước ngày 15/11/2020", f"{option}={value}", env_dir=tmp_path)
    assert result.returncode != 0
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_an_over_long_phrase_is_refused_quickly(tmp_path: Path) -> None:
    result = deadline("15.11.2020 " * 10_000, "--format", "json", env_dir=tmp_path)
    assert result.returncode == 1
    assert "quá 500 ký tự" in json.loads(result.stdout)["problems"][0]


def test_a_broken_periods_file_is_named_on_the_command_line_and_flagged_on_screens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app import cli
    from desktop_app.files import named_periods as periods_file
    from desktop_app.services import deadlines

    broken = tmp_path / "named_periods.json"
    broken.write_text("{ not json", encoding="utf-8")
    monkeypatch.setattr(periods_file, "named_periods_path", lambda: broken)
    deadlines.named_periods.cache_clear()
    try:
        assert cli.main(["deadline", "parse", "dịp Tháng Công nhân năm 2022"]) == 1
        assert str(broken) in capsys.readouterr().err
        # A screen does not stop on it: the phrase naming a period is flagged, never guessed.
        assert not deadlines.read_timing("dịp Tháng Công nhân năm 2022").understood
    finally:
        monkeypatch.undo()
        deadlines.named_periods.cache_clear()
    assert deadlines.read_timing("dịp Tháng Công nhân năm 2022").understood  # the shipped file again
