"""How deep a YAML text nests, found by our own scan before any YAML library reads it.

libyaml's composer recurses on the C stack, and PyYAML releases differ in whether and where they refuse
deep nesting themselves (6.0.4 stops at 1,000 flow levels with its own words, several hundred characters
past the point our limit names). So the refusal is ours alone: this scan never calls the YAML library,
and gives the same line, column and message whatever version is installed.

The scan knows just enough YAML to tell a bracket that opens a collection from one inside a quoted or
plain scalar, a comment or a block scalar (`|`, `>`). Block collections count one level per indentation
they open, as the composer's nodes do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BRACKETS = re.compile(r"[\[\]{}]")
_PAIR = re.compile(r"[\[{][\]}]")
_DEEP_INDENT = re.compile(r"^ {200,}\S", re.M)
_DEEP_INDENT_START = " " * 200
MAX_BLOCK_INDENT_SCAN = 200  # lines indented this far are the only way to nest deep without brackets


def may_nest_deeper_than(text: str, limit: int) -> bool:
    """A cheap upper bound: False means the text certainly nests no deeper than `limit` in flow style
    and is not indented far enough to nest deep in block style."""
    return _flow_may_nest_deeper_than(text, limit) or (
        _DEEP_INDENT_START in text and _DEEP_INDENT.search(text) is not None  # a substring test is 10x faster
    )


def _flow_may_nest_deeper_than(text: str, limit: int) -> bool:
    # Peel innermost bracket pairs off the brackets alone, a level a pass, in C: a text whose brackets
    # all pair up within `limit` passes nests no deeper. Counting them one by one in Python was 5% of
    # validating a catalogue. Brackets left unpaired (a stray one in prose) answer True: the exact scan
    # decides then.
    brackets = "".join(_BRACKETS.findall(text))
    for _ in range(limit):
        if not brackets:
            return False
        brackets, pairs = _PAIR.subn("", brackets)
        if not pairs:
            return True
    return bool(brackets)


@dataclass
class _Scan:
    limit: int
    flow: int = 0  # open [ and { around the current character
    quote: str | None = None  # the open quote character of a quoted scalar
    expect_node: bool = True  # the next non-blank character starts a node
    block_scalar_indent: int | None = None  # lines indented more than this belong to a | or > scalar
    scalar_column: int = 0  # where the current plain scalar began
    blocks: list[int] = field(default_factory=list)  # columns of the open block collections

    def open_block(self, column: int) -> None:
        if not self.blocks or self.blocks[-1] < column:
            self.blocks.append(column)

    def too_deep(self) -> bool:
        return len(self.blocks) + self.flow > self.limit + 1


def deepest_point(text: str, limit: int) -> tuple[int, int] | None:
    """The 0-based (line, column) where `text` first nests more than `limit` levels below its top-level
    collection, or None."""
    scan = _Scan(limit)
    for number, line in enumerate(text.split("\n")):
        line = line.rstrip("\r")
        start = _line_start(scan, line)
        if start is None:
            continue
        column = _scan_line(scan, line, start)
        if column is not None:
            return number, column
    return None


def _line_start(scan: _Scan, line: str) -> int | None:
    """Where scanning of `line` begins, or None for a line with nothing to scan."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if scan.block_scalar_indent is not None:
        if not stripped or indent > scan.block_scalar_indent:
            return None
        scan.block_scalar_indent = None
    if scan.quote is not None or scan.flow:
        return 0
    if not stripped or stripped.startswith("#"):
        return None
    while scan.blocks and scan.blocks[-1] > indent:
        scan.blocks.pop()
    scan.expect_node = True
    return indent


def _scan_line(scan: _Scan, line: str, i: int) -> int | None:
    n = len(line)
    indent = len(line) - len(line.lstrip(" "))
    while i < n:
        ch = line[i]
        if scan.quote is not None:
            i = _skip_quoted(scan, line, i)
            continue
        if ch in " \t":
            i += 1
            continue
        if ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return None  # a comment runs to the end of the line
        if scan.expect_node:
            if ch in "[{":
                scan.flow += 1
                if scan.too_deep():
                    return i
            elif ch in "]}":
                scan.flow = max(scan.flow - 1, 0)
                scan.expect_node = False
            elif ch in "'\"":
                scan.quote = ch
                scan.scalar_column = i
            elif ch in "|>" and not scan.flow:
                scan.block_scalar_indent = indent
                return None
            elif ch == "-" and not scan.flow and (i + 1 == n or line[i + 1] in " \t"):
                scan.open_block(i)
                if scan.too_deep():
                    return i
            elif (ch in "?:" and (i + 1 == n or line[i + 1] in " \t")) or (ch == "," and scan.flow):
                pass  # an indicator: the node is still to come
            elif ch in "&!*":  # an anchor, tag or alias: a token up to the next blank
                while i + 1 < n and line[i + 1] not in " \t,[]{}":
                    i += 1
                scan.expect_node = ch != "*"
            else:
                scan.expect_node = False
                scan.scalar_column = i
            i += 1
            continue
        # inside a plain scalar, or just after a quoted one or a closing bracket
        if scan.flow and ch in ",[]{}":
            if ch == ",":
                scan.expect_node = True
            elif ch in "[{":
                scan.flow += 1
                if scan.too_deep():
                    return i
            else:
                scan.flow -= 1
        elif ch == ":" and (i + 1 == n or line[i + 1] in " \t" or (scan.flow and line[i + 1] in ",[]{}")):
            if not scan.flow:
                scan.open_block(scan.scalar_column)  # the scalar was a key: a mapping starts there
                if scan.too_deep():
                    return scan.scalar_column
            scan.expect_node = True
        i += 1
    return None


def _skip_quoted(scan: _Scan, line: str, i: int) -> int:
    """Past the end of the open quoted scalar on this line, or to the line's end if it goes on."""
    if scan.quote == "'":
        while True:
            end = line.find("'", i)
            if end < 0:
                return len(line)
            if line[end + 1 : end + 2] == "'":  # '' is a quote inside the scalar
                i = end + 2
                continue
            break
    else:
        end = i
        while end < len(line) and line[end] != '"':
            end += 2 if line[end] == "\\" else 1
        if end >= len(line):
            return len(line)
    scan.quote = None
    scan.expect_node = False
    return end + 1
