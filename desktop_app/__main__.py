"""Entry point: ``python -m desktop_app`` / ``congdoan-desk`` (GUI by default, sub-commands for the CLI)."""

from __future__ import annotations

import os
import sys


def main() -> int:
    # A windowed (PyInstaller --noconsole) build starts without stdout/stderr: printing a message would raise and
    # turn a refusal into a crash, so give them somewhere to go.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
    from desktop_app.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
