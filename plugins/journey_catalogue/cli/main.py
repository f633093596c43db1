"""`journeys` command: argument parsing and dispatch. Each command lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import sys

# Command name -> its module, imported only when needed: `journeys validate` in a pre-commit hook should
# not pay for pyecharts, Jinja and the exporters (they were half of its start-up).
COMMANDS = {
    "init": "init_command",
    "validate": "validate_command",
    "new": "new_command",
    "list": "list_command",
    "show": "show_command",
    "insights": "insights_command",
    "export": "export_command",
    "diff": "diff_command",
    "review": "review_command",
    "import": "import_command",
    "fetch-echarts": "fetch_echarts_command",
    "generate": "generate_command",
    "build": "build_command",
    "serve": "serve_command",
}


def command_module(name: str):
    return importlib.import_module(f"{__package__}.{COMMANDS[name]}")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's default exit code for usage errors is 2, as we want
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or with `only` the arguments of that one command (the others are named, so
    the parse is the same, but their modules are not imported)."""
    parser = _Parser(prog="journeys", description="Validate and work with customer journey maps.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        if only is None or name == only:
            module = command_module(name)
            module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))
        else:
            sub.add_parser(name)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    try:
        return command_module(args.command).run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
