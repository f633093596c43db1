"""`journeys` command: argument parsing and dispatch. Each command lives in its own module."""

from __future__ import annotations

import argparse
import sys

from . import (
    diff_command,
    export_command,
    fetch_echarts_command,
    import_command,
    init_command,
    insights_command,
    list_command,
    new_command,
    show_command,
    validate_command,
)

COMMANDS = {
    "init": init_command,
    "validate": validate_command,
    "new": new_command,
    "list": list_command,
    "show": show_command,
    "insights": insights_command,
    "export": export_command,
    "diff": diff_command,
    "import": import_command,
    "fetch-echarts": fetch_echarts_command,
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's default exit code for usage errors is 2, as we want
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="journeys", description="Validate and work with customer journey maps.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module in COMMANDS.items():
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        return COMMANDS[args.command].run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
