"""Entry point: ``python -m desktop_app`` / ``congdoan-desk`` (GUI by default, sub-commands for the CLI)."""

from __future__ import annotations

import sys


def main() -> int:
    from desktop_app.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
